"""Which chapters and sections a panel can support, and what data each of them lacks.

Every chapter builds on any panel that validates (DESIGN §3: partial data are normal); what it
cannot compute it says in one sentence. This module decides, from the panel alone and before
anything is fitted, what each chapter of a review can and cannot give: ``gxq validate`` prints
it before a build, the chapters say it where the result would have stood, the findings draw
only on what is supported, and a review document names it for a chapter that could not be
built.

Each :class:`Gap` holds codes and numbers only (the chapter it concerns, a reason code and its
fields); the report layer words it from the catalogue (``support.<code>``: what is missing and
what data would make it possible). No rule here fits a model: they are the preconditions of the
analyses, stated where the analyses are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..memo import analysis
from ..models.production import production_specs
from ..options import BASELINE_YEAR, check_review, review_years
from ..plan.codebook import RATIOS
from ..plan.zones import DEMONSTRATION_START, DEMONSTRATION_ZONES, load_zones, zone_ids
from .benchmarks import BENCHMARK_INDICATORS
from .keytasks import TASKS
from .policy import MIN_CONTROLS
from .scopes import available, inputs_of

__all__ = [
    "POLICY_OUTCOMES",
    "Gap",
    "absent_zones",
    "chapter_gaps",
    "data_support",
    "policy_pre_years",
    "supports",
    "zones_with_data",
]

#: The outputs the policy chapter estimates the demonstration-zone effect on (the chapter's
#: ``DID_OUTCOMES``; the findings use the first the data hold, revenue).
POLICY_OUTCOMES = ("gdp", "revenue", "hitech_va", "patents")
#: Pre-treatment years the synthetic control, synthetic DiD and the pre-trend test need.
MIN_PRE_YEARS_SYNTH = 2
#: Zones a panel regression needs at the least (clusters), and years with the one-year lag.
MIN_ZONES_REGRESSION = 3
MIN_YEARS_REGRESSION = 3
#: The R&D lags of the input–output chapter's sensitivity table.
SENSITIVITY_LAGS = (0, 1, 2)
#: Points of the mid-term outlook's trend line at the least (2015–2018 has four).
MIN_OUTLOOK_YEARS = 3


@dataclass(frozen=True)
class Gap:
    """What one chapter cannot give with these data.

    ``chapter`` is a chapter id (``overview``, ``benchmarks``, ``inputoutput``, ``policy``,
    ``keytasks``, ``findings``, ``zone``); ``code`` the reason (catalogue ``support.<code>``);
    ``args`` its fields as ``(name, value)`` pairs: numbers, years, and tuples of zone ids or
    indicator codes; ``blocking`` is True when the chapter cannot give its main result at all.
    """

    chapter: str
    code: str
    args: tuple[tuple[str, Any], ...] = ()
    blocking: bool = False

    @property
    def fields(self) -> dict[str, Any]:
        return dict(self.args)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: tuples as lists."""
        return {
            "chapter": self.chapter,
            "code": self.code,
            "args": {k: list(v) if isinstance(v, tuple) else v for k, v in self.args},
            "blocking": self.blocking,
        }


def _gap(chapter: str, code: str, /, *, blocking: bool = False, **args: Any) -> Gap:
    return Gap(chapter, code, tuple(args.items()), blocking)


def zones_with_data(panel: pd.DataFrame) -> tuple[str, ...]:
    """Registered zones with at least one value in the panel, in registry order."""
    if panel.empty:
        return ()
    has = panel.notna().any(axis=1).groupby(level=0).any()
    return tuple(z for z in zone_ids() if bool(has.get(z, False)))


def absent_zones(panel: pd.DataFrame) -> tuple[str, ...]:
    """Registered zones without any value in the panel, in registry order."""
    present = set(zones_with_data(panel))
    return tuple(z for z in zone_ids() if z not in present)


def _years(panel: pd.DataFrame) -> list[int]:
    return sorted(int(y) for y in set(panel.index.get_level_values(1)))


def policy_pre_years(panel: pd.DataFrame, outcome: str = "revenue") -> tuple[int, ...]:
    """Years before the demonstration zone (2016) in which every zone of the panel with the
    outcome has a value of it, treated zones included."""
    if outcome not in panel or panel.empty:
        return ()
    wide = panel[outcome].unstack(level=1)
    wide = wide[wide.notna().any(axis=1)]
    if not set(DEMONSTRATION_ZONES) <= set(wide.index):
        return ()
    full = wide.notna().all(axis=0)
    return tuple(int(y) for y in wide.columns if int(y) < DEMONSTRATION_START and full[y])


def _missing_years(panel: pd.DataFrame, end: int) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """(zone, years) for zones of the panel without a row (or any value) in some year
    2015..end that other zones have."""
    years = [y for y in _years(panel) if BASELINE_YEAR <= y <= end]
    out = []
    rows = panel.notna().any(axis=1)
    for z in zones_with_data(panel):
        have = {int(y) for (zz, y), ok in rows.loc[[z]].items() if ok}
        lack = tuple(y for y in years if y not in have)
        if lack:
            out.append((z, lack))
    return tuple(out)


def _overview(panel: pd.DataFrame, end: int) -> list[Gap]:
    out = []
    absent = absent_zones(panel)
    if absent:
        out.append(_gap("overview", "zones_absent", zones=absent, n=len(absent)))
    for zone, years in _missing_years(panel, end):
        out.append(_gap("overview", "zone_years_missing", zone=zone, years=years))
    return out


def _benchmarks(panel: pd.DataFrame, review: str) -> list[Gap]:
    base, end = review_years(review)
    years = set(_years(panel))
    out = []
    for ind in BENCHMARK_INDICATORS:
        if not available(panel, ind):
            missing = tuple(c for c in inputs_of(ind) if not available(panel, c))
            out.append(_gap("benchmarks", "indicator_missing", indicator=ind, missing=missing))
    if not any(available(panel, i) for i in BENCHMARK_INDICATORS):
        missing = tuple(
            dict.fromkeys(
                c for i in BENCHMARK_INDICATORS for c in inputs_of(i) if not available(panel, c)
            )
        )
        return [_gap("benchmarks", "no_benchmark_indicator", blocking=True, missing=missing)]
    if base not in years:
        out.append(_gap("benchmarks", "baseline_missing", year=base))
    if end not in years:
        out.append(_gap("benchmarks", "end_missing", year=end))
    if review == "midterm":
        n = len([y for y in years if base <= y <= end])
        if n < MIN_OUTLOOK_YEARS:
            out.append(
                _gap(
                    "benchmarks", "outlook_years", n=n, need=MIN_OUTLOOK_YEARS, start=base, end=end
                )
            )
    return out


def _inputoutput(panel: pd.DataFrame, end: int) -> list[Gap]:
    data = panel[panel.index.get_level_values(1) <= end]
    out = []
    n_zones = len(zones_with_data(data))
    n_years = len(_years(data))
    if n_zones < MIN_ZONES_REGRESSION or n_years < MIN_YEARS_REGRESSION:
        return [
            _gap(
                "inputoutput",
                "regression_too_small",
                blocking=True,
                n_zones=n_zones,
                n_years=n_years,
                need_zones=MIN_ZONES_REGRESSION,
                need_years=MIN_YEARS_REGRESSION,
            )
        ]
    fitted = 0
    for spec in production_specs():
        absent = tuple(v for v in spec.variables if not available(data, v))
        if spec.output in absent or all(v in absent for v in spec.inputs):
            out.append(_gap("inputoutput", "spec_skipped", indicator=spec.output, missing=absent))
            continue
        fitted += 1
        if absent:
            out.append(
                _gap("inputoutput", "inputs_left_out", indicator=spec.output, missing=absent)
            )
    if not fitted:
        out.append(_gap("inputoutput", "no_spec", blocking=True))
    # a lag of k years leaves n_years - k periods; the two-way fit needs two of them
    long = tuple(k for k in SENSITIVITY_LAGS if n_years - k < 2)
    if fitted and long:
        out.append(_gap("inputoutput", "lags_too_long", lags=long, n=n_years, need=max(long) + 2))
    levels = load_zones()["level"]
    present = set(zones_with_data(data))
    for level in ("national", "provincial"):
        n = sum(1 for z in levels.index[levels == level] if z in present)
        if n < MIN_ZONES_REGRESSION:
            code = "level_absent" if n == 0 else "level_too_few"
            out.append(_gap("inputoutput", code, level=level, n=n, need=MIN_ZONES_REGRESSION))
    return out


def _policy(panel: pd.DataFrame, end: int) -> list[Gap]:
    data = panel[panel.index.get_level_values(1) <= end]
    present = set(zones_with_data(data))
    missing = tuple(z for z in DEMONSTRATION_ZONES if z not in present)
    if missing:
        return [_gap("policy", "treated_absent", blocking=True, zones=missing)]
    outcomes = tuple(o for o in POLICY_OUTCOMES if available(data, o))
    out = []
    lacking = tuple(o for o in POLICY_OUTCOMES if o not in outcomes)
    if not outcomes:
        return [_gap("policy", "no_outcome", blocking=True, missing=lacking)]
    if lacking:
        out.append(_gap("policy", "outcomes_missing", missing=lacking))
    controls = len(present) - len(DEMONSTRATION_ZONES)
    if controls < MIN_CONTROLS:  # the policy chapter's own minimum, so both say the same
        return [
            *out,
            _gap("policy", "too_few_controls", blocking=True, n=controls, need=MIN_CONTROLS),
        ]
    pre = max((policy_pre_years(data, o) for o in outcomes), key=len)
    post = [y for y in _years(data) if DEMONSTRATION_START <= y <= end]
    if not pre or not post:
        out.append(
            _gap(
                "policy",
                "no_pre_year" if not pre else "no_post_year",
                blocking=True,
                start=DEMONSTRATION_START,
            )
        )
    elif len(pre) < MIN_PRE_YEARS_SYNTH:
        out.append(
            _gap(
                "policy",
                "one_pre_year",
                years=pre,
                n=len(pre),
                need=MIN_PRE_YEARS_SYNTH,
                start=DEMONSTRATION_START,
                before=DEMONSTRATION_START - MIN_PRE_YEARS_SYNTH,
            )
        )
    return out


def _keytasks(panel: pd.DataFrame, review: str) -> list[Gap]:
    out = []
    unmeasured = tuple(
        t.key for t in TASKS if t.indicators and not any(available(panel, i) for i in t.indicators)
    )
    if unmeasured:
        missing = tuple(
            dict.fromkeys(
                i
                for t in TASKS
                if t.key in unmeasured
                for i in t.indicators
                if i not in RATIOS and not available(panel, i)
            )
        )
        out.append(_gap("keytasks", "tasks_unmeasured", tasks=unmeasured, missing=missing))
    if not available(panel, "city_gdp_share"):
        missing = tuple(c for c in inputs_of("city_gdp_share") if not available(panel, c))
        out.append(_gap("keytasks", "radiation_missing", missing=missing))
    if BASELINE_YEAR not in set(_years(panel)):
        out.append(_gap("keytasks", "baseline_missing", year=BASELINE_YEAR))
    return out


@analysis
def data_support(panel: pd.DataFrame, review: str) -> list[Gap]:
    """Everything the chapters of ``review`` cannot give with ``panel``, chapter by chapter.

    Parameters
    ----------
    panel : canonical zone panel (any coverage)
    review : ``"midterm"`` or ``"final"``; only years up to its end year count

    Returns
    -------
    list of Gap, in chapter order (overview, benchmarks, inputoutput, policy, keytasks,
    findings, zone); empty when the panel supports every chapter fully.
    """
    check_review(review)
    _, end = review_years(review)
    data = panel[panel.index.get_level_values(1) <= end] if not panel.empty else panel
    gaps = [
        *_overview(data, end),
        *_benchmarks(data, review),
        *_inputoutput(data, end),
        *_policy(data, end),
        *_keytasks(data, review),
    ]
    # the findings draw on the other chapters: a section whose chapter cannot give its main
    # result contributes nothing
    for chapter in ("benchmarks", "inputoutput", "policy"):
        if any(g.chapter == chapter and g.blocking for g in gaps):
            gaps.append(_gap("findings", "section_missing", chapter=chapter))
    absent = absent_zones(data)
    if absent:
        gaps.append(_gap("zone", "no_profile", zones=absent, n=len(absent)))
    return gaps


def chapter_gaps(gaps: Iterable[Gap], chapter: str) -> list[Gap]:
    """The gaps of one chapter."""
    return [g for g in gaps if g.chapter == chapter]


def supports(gaps: Iterable[Gap], chapter: str) -> bool:
    """Whether the chapter can give its main result (no blocking gap)."""
    return not any(g.chapter == chapter and g.blocking for g in gaps)
