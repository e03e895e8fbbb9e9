"""Findings: what the results say, each with its number, source and severity.

A finding holds codes and numbers only (which catalogue sentence, filled with which values);
the report layer words it (:mod:`gxq_analysis.report.views.findings`), so this layer does not depend
on the display language. No figure in a finding is typed: every value comes from a result
table of this package (benchmarks, outlook, radiation, key tasks, DiD, input–output).
Severities:

- ``concern``  — a plan benchmark missed and the gap widened, or a zone off track;
- ``watch``    — below the benchmark but closing the gap or with a gap that did not move
  (less than the tolerance of :func:`~gxq_analysis.evaluation.benchmarks.benchmark_progress`),
  or at risk;
- ``positive`` — benchmark reached or held, or strong growth on a key task;
- ``info``     — context (estimates with their caveats; the data's 2015 value beside a
  different figure printed in the plan).

Findings are drawn only from results the chapters of this review compute with these data
(:func:`gxq_analysis.evaluation.support.data_support`): a section whose chapter cannot give its
main result contributes none, so no finding cites a result that does not exist. Every finding
about the 2015 baseline quotes the data's own value and the plan's printed figure beside it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..memo import analysis
from ..options import BASELINE_YEAR, REVIEWS, check_choice, check_review, review_years
from ..plan.codebook import RATIOS
from ..plan.zones import TIER_NAMES, load_zones, zone_ids
from .benchmarks import ABSENT_STATUSES, benchmark_progress
from .inputoutput import input_output
from .keytasks import key_tasks
from .outlook import outlook
from .policy import POLICY_OUTCOMES, evaluate_policy
from .province_policy import province_policy
from .radiation import radiation
from .support import data_support, supports

SEVERITIES = ("concern", "watch", "positive", "info")
SECTIONS = (
    "benchmarks",
    "outlook",
    "radiation",
    "keytasks",
    "did",
    "inputoutput",
    "province_policy",
)
#: The plan's last year, which the mid-term outlook projects to.
PLAN_END = REVIEWS["final"][1]


@dataclass(frozen=True)
class Finding:
    """One finding: the catalogue sentence ``message`` filled with ``args`` states ``number``
    (in ``unit``) taken from ``source``.

    The finding holds codes and numbers only;
    :func:`gxq_analysis.report.views.findings.finding_text` words it in a language from the
    string catalogue. ``args`` are ``(field, value)`` pairs:
    numbers, years, and codes in the fields the report layer names (``scope``, ``indicator``,
    ``input``, ``zones``, ``estimator``, ``interval``, ``test``).
    """

    key: str
    scope: str
    message: str
    args: tuple[tuple[str, Any], ...]
    number: float
    unit: str
    source: str
    severity: str

    @property
    def fields(self) -> dict[str, Any]:
        """``args`` as a mapping, as the catalogue template takes them."""
        return dict(self.args)

    def as_dict(self) -> dict:
        out = asdict(self)
        out["args"] = self.fields
        return out


def _finding(key, scope, message, number, unit, source, severity, /, **args) -> Finding:
    return Finding(
        key, scope, f"finding.{message}", tuple(args.items()), float(number), unit, source, severity
    )


#: (message, severity) of a benchmark row by its status and the trend of its gap.
_BELOW = {
    "improved": ("benchmark.closing", "watch"),
    "worsened": ("benchmark.widening", "concern"),
    "unchanged": ("benchmark.unchanged", "watch"),
}


def _baseline_args(r) -> dict[str, Any]:
    """The 2015 start of a benchmark sentence: the value used, the plan's figure beside it
    (NaN where the plan gives none) and where the value used comes from (``panel``/``plan``)."""
    plan = float(r["baseline_plan"])
    return {
        "baseline_year": BASELINE_YEAR,
        "baseline": float(r["baseline"]),
        "plan": plan,
        "base_from": "panel" if r["baseline_source"] == "panel" else "plan",
    }


def _benchmark_findings(panel, review, scopes) -> list[Finding]:
    prog = benchmark_progress(panel, review)
    tol = prog.attrs["tolerance"]
    out = []
    for _, r in prog[prog["scope"].isin(scopes)].iterrows():
        if r["status"] in ABSENT_STATUSES or not np.isfinite(r["value"]):
            continue
        args = {
            "scope": r["scope"],
            "indicator": r["indicator"],
            "year": int(r["year"]),
            "value": float(r["value"]),
            "benchmark": float(r["benchmark"]),
            **_baseline_args(r),
        }
        if r["status"] == "below benchmark":
            if r["trend"] not in _BELOW:
                continue
            message, sev = _BELOW[r["trend"]]
            if r["trend"] == "improved":
                args["closed"] = float(r["gap_closed"])
            elif r["trend"] == "unchanged":
                args["tolerance"] = tol
        elif r["status"] == "level with benchmark":
            started_below = r["baseline"] < r["benchmark"]
            message, sev = "benchmark.level", "positive" if started_below else "watch"
            args["tolerance"] = tol / 2
        elif r["status"] == "fell below benchmark":
            message, sev = "benchmark.fell", "concern"
        elif r["status"] in ("benchmark reached", "at or above benchmark"):
            message, sev = "benchmark.reached", "positive"
        else:  # not computable: no sentence rather than a wrong one
            continue
        out.append(
            _finding(
                f"benchmark.{r['indicator']}",
                r["scope"],
                message,
                r["value"],
                "%",
                "benchmark_progress",
                sev,
                **args,
            )
        )
    out += _baseline_differences(prog[prog["scope"].isin(scopes)])
    return out


def _baseline_differences(prog: pd.DataFrame) -> list[Finding]:
    """The data's 2015 value where it differs from the plan's printed figure by more than the
    plan's rounding: which of the two a reader takes changes the story."""
    out = []
    for _, r in prog[prog["baseline_differs"]].iterrows():
        data, plan = float(r["baseline_panel"]), float(r["baseline_plan"])
        out.append(
            _finding(
                f"baseline.{r['indicator']}",
                r["scope"],
                "benchmark.baseline_differs",
                data - plan,
                "percentage points",
                "benchmark_progress",
                "info",
                scope=r["scope"],
                indicator=r["indicator"],
                baseline_year=BASELINE_YEAR,
                data=data,
                plan=plan,
                diff=data - plan,
            )
        )
    return out


#: Severity of a zone's outlook status.
_OUTLOOK_SEVERITY = {"off track": "concern", "at risk": "watch", "on track": "positive"}


def _outlook_findings(panel, review, scopes) -> list[Finding]:
    if review != "midterm":
        return []
    ol = outlook(panel, review)
    _, end = review_years(review)
    years = {"baseline_year": BASELINE_YEAR, "end": end, "target_year": PLAN_END}
    out = []
    zones = [s for s in scopes if s in zone_ids()]
    for ind, g in ol[ol["zone"].isin(zones)].groupby("indicator", sort=False):
        n_off = int((g["status"] == "off track").sum())
        n = int(g["status"].isin(list(_OUTLOOK_SEVERITY)).sum())
        if n == 0:
            continue
        if len(zones) == 1:
            st = g["status"].iloc[0]
            proj = float(g["projection_2020"].iloc[0])
            out.append(
                _finding(
                    f"outlook.{ind}",
                    zones[0],
                    f"outlook.{st.replace(' ', '_')}",
                    proj,
                    "%",
                    "outlook",
                    _OUTLOOK_SEVERITY[st],
                    scope=zones[0],
                    indicator=ind,
                    projection=proj,
                    **years,
                )
            )
            continue
        sev = "concern" if n_off > n / 2 else "watch" if n_off else "positive"
        out.append(
            _finding(
                f"outlook.{ind}",
                "all_zones",
                "outlook.zones",
                n_off,
                "zones",
                "outlook",
                sev,
                indicator=ind,
                n=n,
                n_off=n_off,
                **years,
            )
        )
    return out


def _radiation_findings(panel, review, scopes) -> list[Finding]:
    _, end = review_years(review)
    rad = radiation(panel, zones=tuple(s for s in scopes if s in zone_ids()) or None)
    out = []
    for z, g in rad.groupby("zone", sort=False):
        g = g.set_index("year")
        if end not in g.index or not np.isfinite(g.loc[end, "city_gdp_share"]):
            continue
        v = float(g.loc[end, "city_gdp_share"])
        crossed = bool(g.loc[BASELINE_YEAR + 1 : end, "break_flag"].any())
        message = "radiation.break" if crossed else "radiation.share"
        out.append(
            _finding(
                "radiation.city_gdp_share",
                z,
                message,
                v,
                "%",
                "radiation",
                "info",
                scope=z,
                year=end,
                value=v,
                baseline_year=BASELINE_YEAR,
            )
        )
    return out


def _keytask_findings(panel, review, scopes) -> list[Finding]:
    kt = key_tasks(panel, review, scopes=tuple(scopes))
    out, seen = [], set()
    for _, r in kt.iterrows():
        # an indicator serving two tasks (venture capital) is reported once
        if (
            r["indicator"] in RATIOS
            or not np.isfinite(r["cagr"])
            or (r["scope"], r["indicator"]) in seen
        ):
            continue
        seen.add((r["scope"], r["indicator"]))
        c = float(r["cagr"])
        sev = "positive" if c >= 10 else "concern" if c < 0 else "info"
        out.append(
            _finding(
                f"keytask.{r['task']}.{r['indicator']}",
                r["scope"],
                "keytask.grew" if c >= 0 else "keytask.fell",
                c,
                "% a year",
                "key_tasks",
                sev,
                scope=r["scope"],
                indicator=r["indicator"],
                baseline_year=BASELINE_YEAR,
                year=int(r["year"]),
                rate=abs(c),
            )
        )
    return out


def _did_findings(panel, review, *, B: int, level: float = 0.95) -> list[Finding]:
    _, end = review_years(review)
    sub = panel[panel.index.get_level_values(1) <= end]
    # the policy chapter's own evaluation: its headline test, and the p-value adjusted for the
    # outputs it tests together; no estimate (no revenue, no treated zone) gives no finding
    ev = evaluate_policy(sub, POLICY_OUTCOMES, B=B, level=level, headline_only=True)
    table = ev.headline_table().set_index("indicator")
    if "revenue" not in table.index:
        return []
    row = table.loc["revenue"]
    lo, hi = float(row["ci_lower"]), float(row["ci_upper"])
    if not (np.isfinite(lo) and np.isfinite(hi)):  # a test that cannot reject: no interval
        return []
    # the headline's estimator and interval codes, from the estimator registry
    estimator, interval = ev.headline_estimator, ev.headline_test.interval
    att = float(row["att"])
    return [
        _finding(
            "did.revenue",
            "all_zones",
            "did.rose" if att >= 0 else "did.fell",
            att,
            "log points",
            "did",
            "info",
            zones=tuple(sorted(ev.design.treated)),
            indicator="revenue",
            pct=abs(100 * (np.exp(att) - 1)),
            estimator=estimator,
            att=att,
            level=level,
            interval=interval,
            lower=lo,
            upper=hi,
            p=float(row["pvalue"]),
            p_adj=float(row["pvalue_adj"]),
            k=len(table),
            n_treated=len(ev.design.treated),
        )
    ]


def _inputoutput_findings(panel, review, *, B: int) -> list[Finding]:
    io = input_output(panel, review, B=B, lags=(1,))
    if io.inference.empty:
        return []
    inf = io.inference[io.inference["param"] == "rd_expenditure"]
    out = []
    for _, r in inf.iterrows():
        b = float(r["estimate"])
        wcr = r["headline"] == "WCR"
        p = float(r["p_wcr"]) if wcr else float(r["p_crv1"])
        sev = "positive" if b > 0 and p < 0.05 else "info"
        out.append(
            _finding(
                f"inputoutput.{r['spec']}.rd_expenditure",
                "all_zones",
                "inputoutput.elasticity",
                b,
                "elasticity",
                "input_output",
                sev,
                input="rd_expenditure",
                indicator=r["spec"],
                elasticity=b,
                test="wcr" if wcr else "crv1",
                p=p,
            )
        )
    return out


def _province_policy_findings(review: str) -> list[Finding]:
    """The real result in one sentence: SDID of the demonstration zone on Liaoning's invention
    patents (patent office counts) against the provinces without a zone, real province data."""
    _, end = review_years(review)
    r = province_policy("patents_invention", end=end)
    lo, hi = r.conf_int()
    return [
        _finding(
            "province_policy.patents_invention",
            "liaoning_province",
            "province_policy",
            r.att,
            "log points",
            "province_policy",
            "info",
            scope="liaoning_province",
            indicator="patents_invention",
            att=float(r.att),
            lower=float(lo),
            upper=float(hi),
            p=float(r.placebo_pvalue),
            n_donors=len(r.donors),
        )
    ]


@analysis
def findings(
    panel: pd.DataFrame,
    review: str = "final",
    *,
    zone: str | None = None,
    sections: Iterable[str] = SECTIONS,
    B: int = 9999,
) -> list[Finding]:
    """Findings of a review, for all zones or for one zone's profile, as codes and numbers.

    Parameters
    ----------
    panel : canonical zone panel
    review : ``midterm`` or ``final``
    zone : a zone id: only findings about that zone (and its tier) for its profile
    sections : which analyses to draw on (subset of ``SECTIONS``); ``did``, ``inputoutput``
        and ``province_policy`` (the real province data) are skipped for a zone profile
    B : bootstrap replications for the DiD finding

    Returns
    -------
    list of Finding, ordered by severity (concern, watch, positive, info) then section order.
    Word them with :func:`gxq_analysis.report.views.findings.finding_text` (``zh`` or ``en``).
    """
    check_review(review)
    sections = tuple(sections)
    for s in sections:
        check_choice("sections", s, SECTIONS)
    if zone is not None:
        check_choice("zone", zone, zone_ids())
        tier = load_zones().loc[zone, "tier"]
        scopes = (zone, tier)
    else:
        scopes = (*zone_ids(), *TIER_NAMES, "national_zones", "provincial_zones", "all_zones")
    # only what the chapters can compute with these data: no finding cites a missing result
    gaps = data_support(panel, review)
    if not supports(gaps, "policy"):
        sections = tuple(s for s in sections if s != "did")
    if not supports(gaps, "inputoutput"):
        sections = tuple(s for s in sections if s != "inputoutput")
    out: list[Finding] = []
    if "benchmarks" in sections:
        out += _benchmark_findings(panel, review, scopes)
    if "outlook" in sections:
        out += _outlook_findings(panel, review, scopes)
    if "radiation" in sections:
        out += _radiation_findings(panel, review, scopes)
    if "keytasks" in sections:
        out += _keytask_findings(panel, review, (zone,) if zone else ("all_zones", *TIER_NAMES))
    if "did" in sections and zone is None:
        out += _did_findings(panel, review, B=B)
    if "inputoutput" in sections and zone is None:
        out += _inputoutput_findings(panel, review, B=B)
    if "province_policy" in sections and zone is None:
        out += _province_policy_findings(review)
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(out, key=lambda f: order[f.severity])


def findings_frame(items: list[Finding]) -> pd.DataFrame:
    """Findings as a table of codes and numbers
    (``severity, scope, key, number, unit, source, message``)."""
    cols = ["severity", "scope", "key", "number", "unit", "source", "message"]
    return pd.DataFrame([{c: getattr(f, c) for c in cols} for f in items], columns=cols)
