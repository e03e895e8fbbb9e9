"""Tables the chapters show, shaped from the evaluation results.

Chapter notebooks call these so that they hold no computation: each function takes results of
the evaluation layer (or the registry, the plan facts and the panel) and returns a DataFrame or
a dict of numbers ready for :meth:`Chapter.table` and :meth:`Chapter.say`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from ..evaluation.did import TREATED
from ..evaluation.province import MEASURES
from ..evaluation.scopes import scope_series, scope_value
from ..options import review_years
from ..plan.codebook import load_codebook
from ..plan.facts import load_plan_facts
from ..plan.zones import TIER_NAMES, load_zones
from .display import show_table
from .strings import label, scope_label, t


def zone_counts() -> dict[str, int]:
    """Numbers of zones in the registry: all, national and provincial."""
    z = load_zones()
    return {
        "n_zones": len(z),
        "n_national": int((z["level"] == "national").sum()),
        "n_provincial": int((z["level"] == "provincial").sum()),
    }


def zones_table() -> pd.DataFrame:
    """The registry for display: zone, city, level, tier."""
    z = load_zones().reset_index()
    return z[["zone", "city", "level", "tier"]]


def baseline_facts(scope: str | None = None) -> pd.DataFrame:
    """The plan's 2015 figures (scope, indicator, value as printed, unit, plan section)."""
    f = load_plan_facts()
    f = f[(f["year"] == 2015) & (f["indicator"] != "zone_count")]
    if scope is not None:
        f = f[f["scope"] == scope]
    # the plan's own digits (8.0, 2.0), not a float re-rendered
    out = f[["scope", "indicator", "value_printed", "unit", "section"]].reset_index(drop=True)
    return out.rename(columns={"value_printed": "plan_value"})


def coverage(panel: pd.DataFrame) -> dict[str, int]:
    """Zones, first and last year and observations of the panel."""
    years = panel.index.get_level_values(1)
    return {
        "n_zones": int(panel.index.get_level_values(0).nunique()),
        "start": int(years.min()),
        "end": int(years.max()),
        "n_obs": len(panel),
    }


def coverage_table(panel: pd.DataFrame) -> pd.DataFrame:
    """Per indicator: block, unit, observed and missing values."""
    cb = load_codebook()
    rows = [
        {
            "indicator": code,
            "unit": cb.loc[code, "unit"],
            "observed": int(panel[code].notna().sum()),
            "missing": int(panel[code].isna().sum()),
        }
        for code in cb.index
        if code in panel
    ]
    return pd.DataFrame(rows)


def scope_table(
    panel: pd.DataFrame,
    indicators: Iterable[str],
    scopes: Iterable[str],
    years: Iterable[int],
) -> pd.DataFrame:
    """Indicator values by scope for chosen years (group values as in the evaluation layer)."""

    years = list(years)
    rows = []
    for ind in indicators:
        for sc in scopes:
            s = scope_series(panel, ind, sc)
            rows.append(
                {"scope": sc, "indicator": ind, **{str(y): float(s.get(y, np.nan)) for y in years}}
            )
    return pd.DataFrame(rows)


def progress_indicators(progress: pd.DataFrame) -> tuple[str, ...]:
    """The benchmark indicators the progress table has rows for (the data had their inputs)."""
    return tuple(dict.fromkeys(progress["indicator"]))


def did_outcomes(
    panel: pd.DataFrame, lang: str = "en", treated: tuple[str, ...] | None = None
) -> tuple[list[str], list[str]]:
    """Outcomes of :data:`DID_OUTCOMES` the DiD can be estimated on, and notes (in ``lang``)
    on the others."""

    treated = TREATED if treated is None else treated
    zones = set(panel.index.get_level_values(0))
    missing_zones = [z for z in treated if z not in zones]
    if missing_zones:
        names = "、".join if lang == "zh" else ", ".join
        return [], [
            t("gap.treated_absent", lang, zones=names(scope_name(z, lang) for z in missing_zones))
        ]
    ok = [o for o in DID_OUTCOMES if o in panel and panel[o].notna().any()]
    notes = [
        t("gap.outcome_absent", lang, indicator=label(o, lang, unit=False))
        for o in DID_OUTCOMES
        if o not in ok
    ]
    return ok, notes


def io_notes(io, lang: str) -> list[str]:
    """What the input–output analysis could not do with these data, in ``lang``."""

    def names(codes) -> str:
        return ("、" if lang == "zh" else ", ").join(label(c, lang, unit=False) for c in codes)

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
            "gap.level_skipped",
            lang,
            spec=label(k, lang, unit=False),
            level=t(f"level.{lv}", lang),
            n=n,
        )
        for (k, lv), n in io.levels_skipped.items()
    ]
    return out


def scope_name(scope: str, lang: str) -> str:
    """Display name of a zone or group."""

    return scope_label(scope, lang)


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


def progress_view(progress: pd.DataFrame, kind: str | Iterable[str]) -> pd.DataFrame:
    """Rows of :func:`benchmark_progress` for scope kinds, with the columns a chapter shows."""
    kinds = [kind] if isinstance(kind, str) else list(kind)
    cols = [
        "scope",
        "indicator",
        "baseline",
        "value",
        "benchmark",
        "gap",
        "gap_closed",
        "rank",
        "status",
    ]
    view = progress[progress["scope_kind"].isin(kinds)][cols].reset_index(drop=True)
    view["gap_closed"] = view["gap_closed"].where(_share_meaningful(view))
    return view


#: The share of the 2015 gap closed is shown only where that gap was at least this fraction of
#: the benchmark: a share of a tiny gap (1,524.8% of 0.3 points) says nothing.
MIN_BASE_GAP = 0.05


def _share_meaningful(view: pd.DataFrame) -> pd.Series:
    """Rows whose share of the gap closed is worth printing: still below the benchmark or
    target (one reached or surpassed says so in the status column) with a 2015 gap of at least
    :data:`MIN_BASE_GAP` of it."""
    base_gap = (view["benchmark"] - view["baseline"]).abs()
    return (view["value"] < view["benchmark"]) & (
        base_gap >= MIN_BASE_GAP * view["benchmark"].abs()
    )


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


#: Outputs the policy chapter estimates the demonstration-zone effect on.
DID_OUTCOMES = ("gdp", "revenue", "hitech_va", "patents")


def review_sample(panel: pd.DataFrame, review: str) -> pd.DataFrame:
    """The panel's years up to the review's end year (the mid-term review sees no 2019)."""

    end = review_years(review)[1]
    out = panel[panel.index.get_level_values(1) <= end]
    out.attrs = dict(panel.attrs)
    return out


def headline_growth(panel: pd.DataFrame, indicator: str, review: str) -> dict[str, float]:
    """All zones' indicator in the baseline and end year with its annual growth (percent)."""

    base, end = review_years(review)
    b = scope_value(panel, indicator, "all_zones", base)
    v = scope_value(panel, indicator, "all_zones", end)
    cagr = 100 * ((v / b) ** (1 / (end - base)) - 1) if b > 0 else float("nan")
    return {"baseline_year": base, "baseline": b, "year": end, "value": v, "cagr": cagr}


def outlook_view(projection: pd.DataFrame) -> pd.DataFrame:
    """The mid-term outlook for display."""
    if projection.empty:
        return pd.DataFrame()
    cols = [
        "zone",
        "indicator",
        "last_value",
        "slope",
        "projection_2020",
        "lower",
        "upper",
        "benchmark",
        "status",
    ]
    return projection[cols].reset_index(drop=True)


def inference_numbers(io) -> dict[str, int]:
    """Clusters and bootstrap replications of the input–output inference."""
    inf = io.inference
    n = int(inf["n_clusters"].iloc[0]) if len(inf) else 0
    return {"n_clusters": n, "B": int(inf.attrs.get("B", 9999)) if len(inf) else 0}


def placebo_table(results: Mapping[str, object]) -> pd.DataFrame:
    """Placebo start years of every DiD outcome."""
    frames = [r.placebo.assign(indicator=o) for o, r in results.items() if len(r.placebo)]
    if not frames:
        return pd.DataFrame(columns=["indicator", "placebo_start", "att", "pvalue"])
    out = pd.concat(frames, ignore_index=True)
    return out[["indicator", "placebo_start", "att", "pvalue", "ci_lower", "ci_upper"]]


def task_coverage_view(tasks: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Which key tasks the data can measure (from ``key_tasks(...).attrs["coverage"]``)."""
    cov = tasks.attrs["coverage"]
    sep = "、" if lang == "zh" else ", "

    def names(codes: str) -> str:
        return sep.join(label(c, lang, unit=False) for c in codes.split(", ") if c)

    def reason(row: pd.Series) -> str:
        if not row["reason"]:
            return ""
        return t(f"task.reason.{row['reason']}", lang, missing=names(row["missing"]))

    return pd.DataFrame(
        {
            "task": [t(f"task.{k}", lang) for k in cov["task"]],
            "section": cov["section"],
            "measurable": cov["measurable"].astype(bool),
            "indicators": [names(x) for x in cov["indicators"]],
            "reason": [reason(r) for _, r in cov.iterrows()],
        }
    )


def key_tasks_view(tasks: pd.DataFrame) -> pd.DataFrame:
    """Key-task indicators: scope, indicator, 2015 and end values, growth."""
    if tasks.empty:
        return pd.DataFrame()
    cols = ["scope", "indicator", "baseline", "value", "growth_pct", "cagr"]
    # an indicator that serves several tasks is shown once
    return tasks[cols].drop_duplicates(["scope", "indicator"]).reset_index(drop=True)


def radiation_view(rad: pd.DataFrame, review: str) -> pd.DataFrame:
    """City GDP shares up to the review's end year, with the plan's 2015 figure and flags."""
    if rad.empty or rad["city_gdp_share"].isna().all():
        return pd.DataFrame()

    end = review_years(review)[1]
    sub = rad[rad["year"] <= end]
    wide = sub.pivot(index="zone", columns="year", values="city_gdp_share")
    wide = wide.reindex([z for z in dict.fromkeys(sub["zone"])])
    wide.columns = [str(c) for c in wide.columns]
    plan = sub.dropna(subset=["plan_2015"]).set_index("zone")["plan_2015"]
    wide.insert(0, "plan_2015", plan.reindex(wide.index))
    # change since 2015 without the year-on-year jumps that span a statistical break
    after = sub[sub["year"] > 2015]
    wide["change_excl_breaks"] = after.groupby("zone")["change_reported"].sum(min_count=1)
    return wide.reset_index()


def frame_rich(df: pd.DataFrame, lang: str):
    """A table whose headers are already in the chapter language (e.g. province summaries).

    The index holds internal codes (the row labels are a column already), so it is left out.
    """

    return show_table(df.reset_index(drop=True), lang=lang)


def province_measures() -> tuple[str, ...]:
    """Codes of the province measures, in display order."""

    return tuple(MEASURES)


def province_long(context, measure: str) -> pd.DataFrame:
    """One province measure as the province figure takes it (indicator ``prov_<code>``)."""
    out = context.long(measure)
    out["indicator"] = "prov_" + out["indicator"].astype(str)
    return out


def province_inference_view(regression) -> pd.DataFrame:
    """Province regression slopes with cluster and bootstrap inference."""
    t = regression.table.reset_index()
    cols = ["outcome", "term", "coef", "std_err", "pvalue", "p_wcr", "ci_wcr_lower", "ci_wcr_upper"]
    return t[cols]


def zone_facts(zone: str, lang: str) -> dict[str, str]:
    """Name, city, level and tier of a zone in the chapter language."""

    row = load_zones().loc[zone]
    levels = {"national": ("国家级", "national"), "provincial": ("省级", "provincial")}
    i = 0 if lang == "zh" else 1
    return {
        "zone": row["name_zh"] if lang == "zh" else row["name_en"],
        "city": row["city"] if lang == "zh" else row["name_en"].split()[0],
        "level": levels[row["level"]][i],
        "tier": TIER_NAMES[row["tier"]][i],
    }


def zone_progress(progress: pd.DataFrame, zone: str) -> pd.DataFrame:
    """A zone's and its tier's rows of :func:`benchmark_progress` (ranks among all zones)."""
    scopes = (zone, load_zones().loc[zone, "tier"])
    return progress_view(progress[progress["scope"].isin(scopes)], ["zone", "tier"])


def tier_peers(zone: str) -> tuple[str, ...]:
    """The zones of a zone's tier (itself included)."""
    z = load_zones()
    return tuple(z.index[z["tier"] == z.loc[zone, "tier"]])


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
