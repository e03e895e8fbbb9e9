"""The policy chapter's tables and sentences: the headline and its family-wise adjusted p, the
DiD and its inference compared, the synthetic comparisons and their checks, placebos, the
design note of *these* data, and (synthetic data) the generator's truth beside the estimates.

Every sentence that names the headline test is generated from
:attr:`~gxq_analysis.evaluation.policy.PolicyEvaluation.headline`, so no section can say
another test is the headline; estimators whose size failed on the simulated worlds show no
p-value or interval; placebo-based normal p-values below the smallest rank p-value the control
zones allow are shown as ``<bound``. Which tests those are, which estimator is biased by
construction and which comparisons the benchmark recorded come from the estimator registry
(:mod:`gxq_analysis.evaluation.estimators`), not from names written here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ...evaluation.did import TREATED
from ...evaluation.estimators import comparison_estimators, find_test, registered_estimators
from ...evaluation.policy import (
    FALLBACK,
    POLICY_OUTCOMES,
    SIZE_TOLERANCE,
    TIME_WEIGHT_FLAG,
    PolicyEvaluation,
    selection_table,
)
from ..strings import join_words, label, scope_label, t

__all__ = [
    "DID_OUTCOMES",
    "by_zone_table",
    "checks_sentences",
    "comparison_view",
    "design_gaps",
    "design_note",
    "did_outcomes",
    "did_section_sentence",
    "did_table",
    "did_truth_table",
    "drop_one_table",
    "fwer_sentence",
    "headline_sentence",
    "headline_view",
    "in_time_table",
    "inference_sentence",
    "inference_table",
    "invalid_sentences",
    "no_warning_sentence",
    "p_floor_sentence",
    "placebo_table",
    "synth_missing",
    "warning_bullets",
]


#: Outputs the policy chapter estimates the demonstration-zone effect on.
DID_OUTCOMES = POLICY_OUTCOMES


def _zones(zones, lang: str) -> str:
    return join_words((scope_label(z, lang) for z in zones), lang)


def _ind(code: str, lang: str) -> str:
    return label(code, lang, unit=False)


def did_outcomes(
    panel: pd.DataFrame, lang: str = "en", treated: tuple[str, ...] | None = None
) -> tuple[list[str], list[str]]:
    """Outcomes of :data:`DID_OUTCOMES` the DiD can be estimated on, and notes (in ``lang``)
    on the others. The policy chapter itself says more, through :func:`design_gaps`."""

    treated = TREATED if treated is None else treated
    zones = set(panel.index.get_level_values(0))
    missing_zones = [z for z in treated if z not in zones]
    if missing_zones:
        return [], [t("gap.treated_absent", lang, zones=_zones(missing_zones, lang))]
    ok = [o for o in DID_OUTCOMES if o in panel and panel[o].notna().any()]
    notes = [t("gap.outcome_absent", lang, indicator=_ind(o, lang))
             for o in DID_OUTCOMES if o not in ok]  # fmt: skip
    return ok, notes


def design_gaps(policy: PolicyEvaluation, lang: str) -> list[str]:
    """What the data could not support, one sentence each (:func:`policy_design`'s codes)."""
    out = []
    for code, f in policy.design.gaps if policy.design else ():
        fields = dict(f)
        for key in ("zones", "present", "missing"):
            if key in fields:
                fields[key] = _zones(fields[key], lang)
        if "indicator" in fields:
            fields["indicator"] = _ind(fields["indicator"], lang)
        out.append(t(f"gap.policy.{code}", lang, **fields))
    return out


def _p_cell(p: float, floor: float) -> object:
    """A p-value, or ``<floor`` (three decimals, the p-values' own format) when it lies below
    what the placebo distribution supports."""
    if np.isfinite(p) and np.isfinite(floor) and p < floor * (1 - 1e-9):
        return f"<{floor:.3f}"
    return p


def _finite(df: pd.DataFrame) -> pd.DataFrame:
    """Interval bounds that are infinite (a test that cannot reject: too few assignments or
    placebo sets; the chapter says why) shown as missing, not as ``inf``."""
    out = df.copy()
    for c in ("ci_lower", "ci_upper"):
        if c in out:
            v = pd.to_numeric(out[c], errors="coerce")
            out[c] = v.where(np.isfinite(v), np.nan)
    return out


def _test_name(test: str, lang: str) -> str:
    return t(f"test.{test}", lang)


def headline_sentence(policy: PolicyEvaluation, lang: str) -> str:
    """Which test the headline uses and why, from :attr:`PolicyEvaluation.choice`."""
    choice = policy.choice
    reason = choice.reason if choice else "no_record"
    fields = {"headline": _test_name(policy.headline, lang), "k": len(policy.did)}
    d = policy.design
    if reason == "unstudied" and d is not None and d.years:
        fields.update(n_zones=d.n_zones, n_treated=d.n_treated, first=d.years[0],
                      last=d.years[1])  # fmt: skip
    if reason == "synth_unavailable" and choice is not None:
        best = list(choice.valid)
        fields["chosen"] = _test_name(best[0], lang) if best else fields["headline"]
    if reason == "unstudied" and "n_zones" not in fields:
        reason = "no_record"
    return t(f"prose.policy.headline.{reason}", lang, **fields)


def headline_view(policy: PolicyEvaluation) -> pd.DataFrame:
    """The headline table for display: a normal p-value from the placebo standard error that
    lies below the smallest rank p-value is shown as ``<bound``."""
    h = policy.headline_table()
    if h.empty:
        return h
    floor = policy.headline_test.floored
    out = h.drop(columns=["estimator", "min_pvalue"]).astype(object)
    if floor:
        out["pvalue"] = [_p_cell(p, m) for p, m in zip(h["pvalue"], h["min_pvalue"], strict=True)]
        out["pvalue_adj"] = [_p_cell(p, m) for p, m in
                             zip(h["pvalue_adj"], h["min_pvalue"], strict=True)]  # fmt: skip
    for c in ("att", "att_pct", "ci_lower", "ci_upper"):
        out[c] = h[c].astype(float)
    return _finite(out)


def p_floor_sentence(policy: PolicyEvaluation, lang: str) -> str | None:
    """The bound below which placebo-based p-values are shown as ``<bound``, when the headline
    or the comparison table carries such p-values."""
    d = policy.design
    if d is None or not policy.synth or not d.n_placebo_sets:
        return None
    m = d.n_placebo_sets + 1
    return t("prose.policy.p_floor", lang, floor=1 / m, m=m, n0=d.n_controls)


def fwer_sentence(policy: PolicyEvaluation, lang: str) -> str | None:
    """How the family-wise adjusted p-values were computed (None with one outcome)."""
    f = policy.fwer
    if f.empty or len(f) < 2:
        return None
    method = str(f["method"].iloc[0])
    if policy.headline_test.interval == "randomization":
        n = policy.design.n_assignments if policy.design else 0
    else:
        n = policy.design.n_placebo_sets if policy.design else 0
    return t(f"prose.policy.fwer.{method}", lang, k=len(f), n=n)


def warning_bullets(policy: PolicyEvaluation, lang: str) -> list[str]:
    """One sentence per outcome whose pre-trend or placebo-start checks reject at 5%."""
    w = policy.design_warnings()
    out = []
    for o in [x for x in policy.did if x in set(w["indicator"])]:
        items = []
        for _, r in w[w["indicator"] == o].iterrows():
            fields = {"p": float(r["pvalue"])}
            if r["check"] != "pretrend":
                fields["year"] = int(r["year"])
            items.append(t(f"policy.warn.{r['check']}", lang, **fields))
        out.append(t("policy.warn.item", lang, indicator=_ind(o, lang),
                     checks=join_words(items, lang)))  # fmt: skip
    return out


def did_section_sentence(policy: PolicyEvaluation, lang: str) -> str:
    """The DiD section's role, from the headline."""
    if policy.headline_source == "twfe":
        return t("prose.policy.did.headline", lang)
    return t("prose.policy.did.comparison", lang, headline=_test_name(policy.headline, lang))


def inference_sentence(policy: PolicyEvaluation, lang: str) -> str:
    """What the inference table compares, with the randomization statistic named."""
    statistic = policy.ri_statistic
    return t("prose.policy.inference", lang, statistic=t(f"ri.statistic.{statistic}", lang),
             headline=_test_name(policy.headline, lang))  # fmt: skip


def invalid_sentences(policy: PolicyEvaluation, lang: str) -> list[str]:
    """Why a test of the comparison table shows no p-value or interval: it over-rejects in a
    simulated world where the headline test does not (:attr:`PolicyEvaluation.withheld`); an
    estimator biased by construction (its ``bias_note``) is said so after its first such
    test."""
    out = []
    in_table: dict[str, str] = {}  # the tests whose p-values the comparison table shows
    for e in comparison_estimators():
        for test in policy.comparison_tests(e.name):
            if test is not None:
                in_table.setdefault(test.code, e.name)
    noted: set[str] = set()
    for test, (world, size, head_size) in policy.withheld.items():
        if not policy.synth or test not in in_table:
            continue
        text = t("prose.policy.invalid", lang, test=_test_name(test, lang),
                 world=t(f"world.{world}", lang), size=size, head_size=head_size,
                 headline=_test_name(policy.headline, lang))  # fmt: skip
        out.append(text[:1].upper() + text[1:])  # a test's name opens the sentence
        estimator = find_test(test)[0]
        if estimator.bias_note and estimator.name not in noted:
            noted.add(estimator.name)
            out.append(t(estimator.bias_note, lang))
    return out


def comparison_view(policy: PolicyEvaluation) -> pd.DataFrame:
    """:meth:`PolicyEvaluation.comparison` for display (placebo-based p-values below the
    smallest rank p shown as ``<bound``)."""
    c = policy.comparison()
    if c.empty or policy.design is None:
        return c
    floor = policy.design.min_rank_pvalue
    out = c.astype(object)
    for col in ("att", "ci_lower", "ci_upper", "pre_rmspe"):
        out[col] = c[col].astype(float)
    # only normal p-values from a placebo standard error can fall below what the placebo
    # sets support (the DiD row's is a randomization one, never below 1/A): left as they are
    floored = {e.name: policy.comparison_tests(e.name)[0].floored for e in comparison_estimators()}
    out["pvalue"] = [_p_cell(p, floor) if floored[e] else p
                     for p, e in zip(c["pvalue"], c["estimator"], strict=True)]  # fmt: skip
    return out


def synth_missing(policy: PolicyEvaluation, lang: str, *, again: bool = False) -> str | None:
    """Why the synthetic sections are empty (None when there are synthetic estimates);
    ``again``: a later section, which only points back to the first one's reason."""
    if policy.synth:
        return None
    d = policy.design
    if d is not None and d.did_outcomes and d.n_pre < 2:
        if again:
            return t("prose.policy.synth_none", lang)
        return t("prose.policy.synth_needs_years", lang, start=d.start, need=2)
    return t("prose.no_data", lang)


def no_warning_sentence(policy: PolicyEvaluation, lang: str) -> str | None:
    """The all-clear of the design checks, when some check was run and none rejects (None
    when no check could be run, e.g. one year before the start, or when one rejects)."""
    if not policy.design_warnings().empty:
        return None
    ran = any(np.isfinite(r.pretrend.get("pvalue", np.nan)) or len(r.placebo)
              for r in policy.did.values())  # fmt: skip
    ran = ran or any(len(c.in_time) for c in policy.checks.values())
    return t("prose.policy.warn.none", lang) if ran else None


def in_time_table(policy: PolicyEvaluation) -> pd.DataFrame:
    """The synthetic DiD's in-time placebos of every outcome."""
    frames = [c.in_time.assign(indicator=o) for o, c in policy.checks.items() if len(c.in_time)]
    if not frames:
        return pd.DataFrame()
    out = pd.concat(frames, ignore_index=True)
    return _finite(out[["indicator", "placebo_start", "att", "pvalue", "ci_lower", "ci_upper"]])


def by_zone_table(policy: PolicyEvaluation) -> pd.DataFrame:
    """Each demonstration zone on its own (synthetic DiD), by outcome."""
    frames = [c.by_zone.assign(indicator=o) for o, c in policy.checks.items() if len(c.by_zone)]
    if not frames:
        return pd.DataFrame()
    out = pd.concat(frames, ignore_index=True)
    return out[["indicator", "zone", "att", "pvalue"]]


def drop_one_table(policy: PolicyEvaluation) -> pd.DataFrame:
    """Leave-one-donor-out: per outcome the estimate, its smallest and largest value without
    one donor, and the donor whose removal moves it most."""
    rows = []
    for o, c in policy.checks.items():
        d = c.drop_one
        if d.empty:
            continue
        top = d.loc[d["change"].abs().idxmax()]
        rows.append({"indicator": o, "att": policy.synth[o]["sdid"].att,
                     "att_min": float(d["att"].min()), "att_max": float(d["att"].max()),
                     "zone": top["zone"], "change": float(top["change"])})  # fmt: skip
    return pd.DataFrame(rows)


def checks_sentences(policy: PolicyEvaluation, lang: str) -> dict[str, list[str]]:
    """Sentences of the checks section: ``time_weights`` (flags or the all-clear) and
    ``by_zone`` (what one treated zone allows)."""
    flags = []
    for o, c in policy.checks.items():
        if c.concentrated:
            flags.append(t("prose.policy.time_weights.flag", lang, indicator=_ind(o, lang),
                           w=c.max_time_weight, year=c.max_time_weight_year))  # fmt: skip
    if not flags and policy.checks:
        flags = [t("prose.policy.time_weights.ok", lang, flag=TIME_WEIGHT_FLAG)]
    zone = []
    d = policy.design
    if d is not None and policy.checks and d.n_treated > 1:
        n0 = d.n_controls
        zone = [t("prose.policy.by_zone", lang, n0=n0, m=n0 + 1, pmin=1 / (n0 + 1),
                  need=math.ceil(1 / (1 - policy.level)) - 1)]  # fmt: skip
    return {"time_weights": flags, "by_zone": zone}


def design_note(evaluation: PolicyEvaluation, lang: str) -> str | None:
    """The design note of *these* data: zones, treated, the assignments and placebo sets and
    the smallest p-values they allow; the recorded size and power only when the study was run
    for this structure (otherwise it says so). None without any estimate."""
    d = evaluation.design
    if d is None or not d.did_outcomes:
        return None
    parts = [
        t("prose.policy.design_data", lang, n_zones=d.n_zones, n_treated=d.n_treated,
          first=d.years[0], last=d.years[1], n_pre=d.n_pre, n_post=d.n_post,
          n_assign=d.n_assignments, pmin=d.min_pvalue)
    ]  # fmt: skip
    if evaluation.synth:
        parts.append(t("prose.policy.design_sets", lang, n_sets=d.n_placebo_sets,
                       pmin_rank=d.min_rank_pvalue))  # fmt: skip
    rec = evaluation.record
    structure = d.structure(rec)
    if not rec:
        parts.append(t("prose.policy.design_unmeasured", lang))
        return " ".join(parts)
    if structure is None:
        studied = next(iter((rec.get("structures") or {}).values()), None)
        if studied:
            parts.append(t("prose.policy.design_unstudied", lang, s_zones=studied["zones"],
                           s_treated=studied["treated"], s_first=studied["years"][0],
                           s_last=studied["years"][1]))  # fmt: skip
        return " ".join(parts)
    srec = rec["structures"][structure]
    sel = selection_table(srec)
    head = evaluation.headline
    worlds = [c.removeprefix("size_") for c in sel.columns if c.startswith("size_")]
    by_world = rec["design"].get("seeds_by_world") or {w: rec["design"]["seeds"] for w in worlds}
    counts = sorted({hi - lo + 1 for lo, hi in by_world.values()})
    seeds = str(counts[0]) if len(counts) == 1 else f"{counts[0]}–{counts[-1]}"
    n_valid = int(sel["valid"].sum())
    fields = {
        "s_zones": srec["zones"],
        "s_treated": srec["treated"],
        "s_first": srec["years"][0],
        "s_last": srec["years"][1],
        "worlds": join_words((t(f"world.{w}", lang) for w in worlds), lang),
        "n_worlds": len(worlds),
        "seeds": seeds,
        "tol": SIZE_TOLERANCE,
        "n_valid": n_valid,
        "n_tests": len(sel),
    }
    parts.append(t("prose.policy.design_study", lang, **fields))
    if evaluation.choice is not None and evaluation.choice.reason == "none_valid":
        # the range of sizes, leaving out estimators biased on such data by construction
        biased = {x.code for e in registered_estimators() if e.bias_note for x in e.tests}
        others = [x for x in sel.index if x not in biased]
        ranges = {w: (min(sel.loc[others, f"size_{w}"]), max(sel.loc[others, f"size_{w}"]))
                  for w in worlds}  # fmt: skip
        worst_w = max(worlds, key=lambda w: ranges[w][1])
        parts.append(t("prose.policy.design_none_valid", lang, world=t(f"world.{worst_w}", lang),
                       lo=ranges[worst_w][0], hi=ranges[worst_w][1],
                       headline=_test_name(head, lang),
                       sizes=join_words((t("prose.policy.size_in", lang,
                                           world=t(f"world.{w}", lang),
                                           size=sel.loc[head, f"size_{w}"]) for w in worlds),
                                        lang)))  # fmt: skip
    elif head in sel.index and bool(sel.loc[head, "valid"]):
        sizes = [sel.loc[head, f"size_{w}"] for w in worlds]
        parts.append(t("prose.policy.design_headline", lang, headline=_test_name(head, lang),
                       size_min=min(sizes), size_max=max(sizes),
                       power=sel.loc[head, "power_adjusted"]))  # fmt: skip
    else:
        parts.append(t("prose.policy.design_fallback", lang, headline=_test_name(head, lang)))
    if FALLBACK in sel.index and head != FALLBACK:  # the exact-under-exchangeability fallback
        parts.append(t("prose.policy.design_ri", lang, size=sel.loc[FALLBACK, "size_generator"],
                       power=sel.loc[FALLBACK, "power_adjusted"]))  # fmt: skip
    # the comparisons the benchmark recorded besides the candidates (registered tests that
    # cannot headline), each with its own sentence
    recorded = [x.code for e in registered_estimators() for x in e.tests if not x.headline]
    for test in recorded:
        cells = (srec["tests"].get(test) or {}).get("generator", {})
        if cells:
            size = float(np.mean([c["size"]["rejection"] for c in cells.values()]))
            parts.append(t(f"prose.policy.design_{test}", lang, size=size))
    pre = (srec.get("pretrend") or {}).get("pretrend_ri", {})
    if pre:
        s0 = [v["0.0"]["rejection"] for v in pre.values()]
        s1 = [v[k]["rejection"] for v in pre.values() for k in v if k != "0.0"]
        parts.append(t("prose.policy.design_pretrend", lang, size_min=min(s0), size_max=max(s0),
                       power_min=min(s1), power_max=max(s1)))  # fmt: skip
    power = sel.loc[head, "power_adjusted"] if head in sel.index else float("nan")
    if np.isfinite(power):
        parts.append(t("prose.policy.design_power", lang, n_treated=d.n_treated, power=power))
    return " ".join(parts)


def inference_table(results: Mapping[str, object]) -> pd.DataFrame:
    """Each DiD estimate under every inference computed (randomization, WCR, CRV1)."""
    frames = []
    for outcome, r in results.items():
        c = r.comparisons.rename(columns={"method": "inference"})
        frames.append(c.assign(indicator=outcome)[["indicator", "inference", "pvalue",
                                                    "ci_lower", "ci_upper"]])  # fmt: skip
    return _finite(pd.concat(frames, ignore_index=True)) if frames else pd.DataFrame()


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
    return _finite(pd.DataFrame(rows))


def did_truth_table(evaluation, panel: pd.DataFrame) -> pd.DataFrame | None:
    """Estimates beside the generator's true effects, for synthetic panels that state them:
    the DiD and, when it is another test, the headline.

    ``evaluation``: a :class:`PolicyEvaluation` (or, as before, the mapping of DiD results).
    """
    truth = (panel.attrs.get("true_parameters") or {}).get("did_effect")
    if not panel.attrs.get("synthetic") or not truth:
        return None
    results = evaluation.did if isinstance(evaluation, PolicyEvaluation) else evaluation
    head = None
    if isinstance(evaluation, PolicyEvaluation) and evaluation.headline_source != "twfe":
        head = evaluation.headline_table().set_index("indicator")
    rows = []
    for outcome, r in results.items():
        if outcome in truth:
            lo, hi = r.conf_int()
            row = {
                "indicator": outcome,
                "truth": float(truth[outcome]),
                "att": r.att,
                "covered": bool(lo <= truth[outcome] <= hi),
            }
            if head is not None and outcome in head.index:
                h = head.loc[outcome]
                row["att_headline"] = float(h["att"])
                row["covered_headline"] = bool(h["ci_lower"] <= truth[outcome] <= h["ci_upper"])
            rows.append(row)
    return pd.DataFrame(rows) if rows else None


def placebo_table(results: Mapping[str, object]) -> pd.DataFrame:
    """Placebo start years of every DiD outcome."""
    frames = [r.placebo.assign(indicator=o) for o, r in results.items() if len(r.placebo)]
    if not frames:
        return pd.DataFrame(columns=["indicator", "placebo_start", "att", "pvalue"])
    out = pd.concat(frames, ignore_index=True)
    return _finite(out[["indicator", "placebo_start", "att", "pvalue", "ci_lower", "ci_upper"]])
