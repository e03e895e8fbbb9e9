"""The policy chapter's tables: DiD estimates, inference compared, placebos, the design note,
and (synthetic data) the generator's truth beside the estimates.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ...evaluation.did import TREATED
from ..strings import join_words, label, scope_label, t

__all__ = [
    "DID_OUTCOMES",
    "design_note",
    "did_outcomes",
    "did_table",
    "did_truth_table",
    "inference_table",
    "placebo_table",
]


#: Outputs the policy chapter estimates the demonstration-zone effect on.
DID_OUTCOMES = ("gdp", "revenue", "hitech_va", "patents")


def did_outcomes(
    panel: pd.DataFrame, lang: str = "en", treated: tuple[str, ...] | None = None
) -> tuple[list[str], list[str]]:
    """Outcomes of :data:`DID_OUTCOMES` the DiD can be estimated on, and notes (in ``lang``)
    on the others."""

    treated = TREATED if treated is None else treated
    zones = set(panel.index.get_level_values(0))
    missing_zones = [z for z in treated if z not in zones]
    if missing_zones:
        return [], [
            t(
                "gap.treated_absent",
                lang,
                zones=join_words((scope_label(z, lang) for z in missing_zones), lang),
            )
        ]
    ok = [o for o in DID_OUTCOMES if o in panel and panel[o].notna().any()]
    notes = [
        t("gap.outcome_absent", lang, indicator=label(o, lang, unit=False))
        for o in DID_OUTCOMES
        if o not in ok
    ]
    return ok, notes


def design_note(evaluation, lang: str) -> str | None:
    """The design note of the policy chapter, with the size and power measured on the
    simulator (``data/methods/policy_inference.json``); None without results."""
    results = evaluation.did
    if not results:
        return None
    r = next(iter(results.values()))
    n = {"n_treated": len(r.treated), "n_zones": r.n_zones}
    rec = evaluation.record
    if not rec:
        return t("prose.policy.design_unmeasured", lang, **n)
    tests, pre = rec["tests"], rec["pretrend"]
    head = evaluation.headline
    seeds = rec["design"]["seeds"]
    return t(
        "prose.policy.design",
        lang,
        **n,
        seeds=seeds[1] - seeds[0] + 1,
        headline=t(f"test.{head}", lang),
        size=tests[head]["0.0"]["rejection"],
        power12=tests[head]["0.12"]["rejection"],
        power30=tests[head]["0.3"]["rejection"],
        crv1_size=tests["did_crv1"]["0.0"]["rejection"],
        ri_size=tests["did_ri"]["0.0"]["rejection"],
        ri_power12=tests["did_ri"]["0.12"]["rejection"],
        sc_size=tests["sc_placebo"]["0.0"]["rejection"],
        wcr_size=tests["did_wcr"]["0.0"]["rejection"],
        pre_size=pre["pretrend_ri"]["0.0"]["rejection"],
        pre_power=pre["pretrend_ri"]["0.03"]["rejection"],
        pre_f_size=pre["pretrend_f"]["0.0"]["rejection"],
    )


def inference_table(results: Mapping[str, object]) -> pd.DataFrame:
    """Each DiD estimate under every inference computed (randomization, WCR, CRV1)."""
    frames = []
    for outcome, r in results.items():
        c = r.comparisons.rename(columns={"method": "inference"})
        frames.append(c.assign(indicator=outcome)[["indicator", "inference", "pvalue",
                                                    "ci_lower", "ci_upper"]])  # fmt: skip
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def did_table(results: Mapping[str, object]) -> pd.DataFrame:
    """One row per outcome of :func:`gxq_analysis.did` results."""
    rows = []
    for outcome, r in results.items():
        lo, hi = r.conf_int()
        rows.append(
            {
                "indicator": outcome,
                "att": r.att,
                "att_pct": r.att_percent,
                "ci_lower": lo,
                "ci_upper": hi,
                "pvalue": r.pvalue,
                "se_cluster": r.se_cluster,
                "pretrend_p": r.pretrend["pvalue"],
            }
        )
    return pd.DataFrame(rows)


def did_truth_table(results: Mapping[str, object], panel: pd.DataFrame) -> pd.DataFrame | None:
    """Estimates beside the generator's true effects, for synthetic panels that state them."""
    truth = (panel.attrs.get("true_parameters") or {}).get("did_effect")
    if not panel.attrs.get("synthetic") or not truth:
        return None
    rows = []
    for outcome, r in results.items():
        if outcome in truth:
            lo, hi = r.conf_int()
            rows.append(
                {
                    "indicator": outcome,
                    "truth": float(truth[outcome]),
                    "att": r.att,
                    "covered": bool(lo <= truth[outcome] <= hi),
                }
            )
    return pd.DataFrame(rows)


def placebo_table(results: Mapping[str, object]) -> pd.DataFrame:
    """Placebo start years of every DiD outcome."""
    frames = [r.placebo.assign(indicator=o) for o, r in results.items() if len(r.placebo)]
    if not frames:
        return pd.DataFrame(columns=["indicator", "placebo_start", "att", "pvalue"])
    out = pd.concat(frames, ignore_index=True)
    return out[["indicator", "placebo_start", "att", "pvalue", "ci_lower", "ci_upper"]]
