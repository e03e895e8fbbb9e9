"""The input–output chapter's tables: few-cluster inference, Hausman tests, lags, tiers, the
data gaps it could not bridge, and (synthetic data) the generator's truth beside the estimates.
"""

from __future__ import annotations

import pandas as pd

from ..strings import inline, join_words, label, t

__all__ = [
    "elasticity_truth_table",
    "hausman_view",
    "inference_numbers",
    "inference_view",
    "io_notes",
    "lag_view",
    "tiers_view",
]


def io_notes(io, lang: str) -> list[str]:
    """What the input–output analysis could not do with these data, in ``lang``."""

    def names(codes) -> str:
        return join_words((label(c, lang, unit=False) for c in codes), lang)

    out = [
        t("gap.spec_skipped", lang, spec=label(k, lang, unit=False), missing=names(v))
        for k, v in io.skipped.items()
    ]
    out += [
        t("gap.inputs_left_out", lang, spec=label(k, lang, unit=False), missing=names(v))
        for k, v in io.adjusted.items()
    ]
    out += [
        t(
            "gap.level_skipped" if n else "gap.level_absent",
            lang,
            spec=label(k, lang, unit=False),
            level=inline(t(f"level.{lv}", lang), lang),
            n=n,
        )
        for (k, lv), n in io.levels_skipped.items()
    ]
    out += [
        t("gap.spec_absorbed", lang, spec=label(k, lang, unit=False), inputs=names(v))
        for k, v in io.unestimable.items()
    ]
    return out


def inference_view(inference: pd.DataFrame) -> pd.DataFrame:
    """The few-cluster inference table of the input–output analysis, for display."""
    if inference.empty:
        return pd.DataFrame()
    cols = [
        "spec",
        "param",
        "estimate",
        "se_crv1",
        "p_crv1",
        "p_wcr",
        "ci_wcr_lower",
        "ci_wcr_upper",
        "headline",
    ]
    out = inference[cols].rename(columns={"param": "term"})
    return out.reset_index(drop=True)


def inference_numbers(io) -> dict[str, int]:
    """Clusters and bootstrap replications of the input–output inference."""
    inf = io.inference
    n = int(inf["n_clusters"].iloc[0]) if len(inf) else 0
    return {"n_clusters": n, "B": int(inf.attrs.get("B", 9999)) if len(inf) else 0}


def elasticity_truth_table(io, panel: pd.DataFrame) -> pd.DataFrame | None:
    """Estimated elasticities beside the generator's true ones (synthetic panels only)."""
    truth = (panel.attrs.get("true_parameters") or {}).get("elasticities")
    if not panel.attrs.get("synthetic") or not truth:
        return None
    rows = []
    for name, fit in io.fits.items():
        out = fit.spec.y
        ci = fit.conf_int()
        for var in fit.spec.x:
            if var in truth.get(out, {}):
                rows.append(
                    {
                        "spec": name,
                        "term": var,
                        "truth": float(truth[out][var]),
                        "estimate": float(fit.params[var]),
                        "ci_lower": float(ci.loc[var, "lower"]),
                        "ci_upper": float(ci.loc[var, "upper"]),
                    }
                )
    return pd.DataFrame(rows)


def hausman_view(io) -> pd.DataFrame:
    """Hausman tests of the input–output analysis."""
    h = io.hausman
    return h.drop(columns="warning") if not h.empty else pd.DataFrame()


def lag_view(io) -> pd.DataFrame:
    """R&D elasticity at each lag."""
    t = io.lag_sensitivity
    cols = ["spec", "lag", "elasticity", "std_err", "lower", "upper", "pvalue"]
    return t[cols] if not t.empty else pd.DataFrame()


def tiers_view(io) -> pd.DataFrame:
    """Elasticities fitted separately on national and provincial zones."""
    t = io.tiers
    cols = [
        "spec",
        "level",
        "variable",
        "n_zones",
        "elasticity",
        "p_wcr",
        "ci_wcr_lower",
        "ci_wcr_upper",
    ]
    return t[cols] if not t.empty else pd.DataFrame()
