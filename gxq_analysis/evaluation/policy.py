"""The demonstration-zone evaluation: DiD with randomization inference beside synthetic control
and synthetic DiD, the headline chosen on several simulated worlds, family-wise adjusted
p-values, checks of the synthetic DiD, and what thin data allow.

:func:`evaluate_policy` first reads what the data allow (:func:`policy_design`: treated zones
present, controls, years before and after the start, balanced outputs; anything missing is a
code with its fields, worded by the report), then runs :func:`~gxq_analysis.did` on every
output it can and :func:`~gxq_analysis.synth_did` (``did``, ``sc``, ``sdid``) where there are
at least two years before the start. Which test is the headline is not a matter of taste:
``benchmarks/bench_policy.py`` measures every candidate's size and power on three simulated
worlds shaped like the data (:mod:`~gxq_analysis.evaluation.policy_worlds`) and writes
``data/methods/policy_inference.json``; :func:`headline_choice` takes, among the candidates whose
size lies within 5% ± 2 Monte Carlo s.e. in every world and output, the one with the best
size-adjusted power averaged over worlds and outputs — for data of the structure the study was
run on; other data get randomization inference, exact when the zones are exchangeable. The
outputs are tested together, so the headline's p-values are adjusted for the family
(Westfall–Young over the same assignments or placebo sets where the test allows, else Holm).
The estimators and their tests are not named here: they are registered once in
:mod:`gxq_analysis.evaluation.estimators` (fit, tests, sample, whether they can headline, their
place in the comparison table), and everything below reads that registry.
Codes and numbers only; the chapter words them.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..config import POLICY_INFERENCE_JSON
from ..errors import DataError
from ..memo import analysis
from ..models import synthdid as engine
from ..models.randomization import westfall_young
from .did import START, TREATED, DiDResult
from .estimators import (
    FitContext,
    PolicyTest,
    Reading,
    comparison_estimators,
    find_test,
    get_estimator,
    headline_candidates,
    registered_estimators,
)
from .synthdid import SynthDiDResult, synth_did

__all__ = [
    "ALPHA",
    "FALLBACK",
    "MIN_CONTROLS",
    "POLICY_OUTCOMES",
    "HeadlineChoice",
    "PolicyDesign",
    "PolicyEvaluation",
    "SynthChecks",
    "choose_headline",
    "evaluate_policy",
    "headline_candidates",
    "headline_choice",
    "holm",
    "inference_record",
    "invalid_estimators",
    "policy_design",
    "selection_table",
    "size_adjusted_power",
    "synth_checks",
    "withheld_tests",
    "worst_size",
]

#: The nominal level of every test, and how many Monte Carlo standard errors (of a rate equal
#: to it) a measured size may stray from it: a test "holds its size" when its rejection rate
#: with no effect lies within ALPHA ± SIZE_TOLERANCE · sqrt(ALPHA (1 − ALPHA) / n) for every
#: world and output of the record.
ALPHA = 0.05
SIZE_TOLERANCE = 2.0
#: What a headline falls back to: exact under exchangeable zones, whatever the errors.
FALLBACK = "did_ri"


def size_adjusted_power(p0: np.ndarray, p1: np.ndarray, alpha: float = ALPHA) -> float:
    """Power of the test that rejects exactly ``alpha`` of the time under the null.

    ``p0``, ``p1``: p-values without and with the effect, on independent or the same seeds.
    The critical value ``c`` is the smallest null p-value with ``P0(p ≤ c) ≥ alpha``; at
    ``c`` itself the test rejects with the probability that brings its null rate to ``alpha``
    (a randomized test, so that discrete rank p-values are compared fairly with continuous
    ones): power = ``P1(p < c) + γ P1(p = c)``, ``γ = (alpha − P0(p < c)) / P0(p = c)``.
    """
    p0, p1 = np.sort(np.asarray(p0, float)), np.asarray(p1, float)
    if not len(p0) or not len(p1):
        return float("nan")
    k = max(math.ceil(alpha * len(p0) - 1e-9) - 1, 0)
    c = p0[k]
    below0, at0 = float(np.mean(p0 < c)), float(np.mean(p0 == c))
    gamma = (alpha - below0) / at0 if at0 > 0 else 0.0
    gamma = min(max(gamma, 0.0), 1.0)
    return float(np.mean(p1 < c) + gamma * np.mean(p1 == c))


def _structure(record: Mapping[str, Any] | None, structure: str) -> Mapping[str, Any] | None:
    if not record:
        return None
    return (record.get("structures") or {}).get(structure)


def selection_table(rec: Mapping[str, Any]) -> pd.DataFrame:
    """Each candidate of one structure's record: the size farthest from :data:`ALPHA` in each
    world (over the outputs), the band it must lie in, whether it holds everywhere, and the
    size-adjusted power averaged over worlds and outputs."""
    worlds = sorted({w for t in rec["tests"].values() for w in t}, key=_world_order)
    rows = []
    for test in headline_candidates():
        by_world = rec["tests"].get(test) or {}
        row: dict[str, Any] = {"test": test}
        ok = bool(by_world) and set(worlds) <= set(by_world)
        powers, ns = [], []
        for w in worlds:
            cells = (by_world.get(w) or {}).values()
            sizes = [(c["size"]["rejection"], c["size"]["n"]) for c in cells]
            if not sizes:
                row[f"size_{w}"] = np.nan
                ok = False
                continue
            worst = max(sizes, key=lambda r: abs(r[0] - ALPHA))
            row[f"size_{w}"] = worst[0]
            for size, n in sizes:
                ns.append(n)
                half = SIZE_TOLERANCE * math.sqrt(ALPHA * (1 - ALPHA) / n)
                ok = ok and abs(size - ALPHA) <= half + 1e-12
            powers += [c["power_adjusted"] for c in cells if "power_adjusted" in c]
        half = SIZE_TOLERANCE * math.sqrt(ALPHA * (1 - ALPHA) / min(ns)) if ns else np.nan
        row.update(band_lower=ALPHA - half, band_upper=ALPHA + half, valid=ok,
                   power_adjusted=float(np.mean(powers)) if powers else np.nan)  # fmt: skip
        rows.append(row)
    return pd.DataFrame(rows).set_index("test")


def _world_order(w: str) -> tuple[int, str]:
    order = ("generator", "exchangeable", "factor")
    return (order.index(w) if w in order else len(order), w)


@dataclass(frozen=True)
class HeadlineChoice:
    """The headline test of one structure and why: ``reason`` is ``"chosen"`` (the most
    powerful candidate whose size holds on every world), ``"none_valid"`` (no candidate's
    does; :data:`FALLBACK`), ``"no_record"`` (no study recorded; :data:`FALLBACK`) or
    ``"unstudied"`` (the study was not run for this structure; :data:`FALLBACK`)."""

    test: str
    reason: str
    valid: tuple[str, ...] = ()
    invalid: tuple[str, ...] = ()


def headline_choice(
    record: Mapping[str, Any] | None, structure: str | None = "final"
) -> HeadlineChoice:
    """The candidate whose size holds on every world with the best size-adjusted power.

    ``structure``: the key of the record's study that matches the data (``"final"``,
    ``"midterm"``), or None when none does.
    """
    if not record:
        return HeadlineChoice(FALLBACK, "no_record")
    rec = _structure(record, structure) if structure else None
    if rec is None:
        return HeadlineChoice(FALLBACK, "unstudied", invalid=invalid_estimators(record))
    sel = selection_table(rec)
    candidates = headline_candidates()
    valid = tuple(t for t in candidates if t in sel.index and sel.loc[t, "valid"])
    invalid = tuple(t for t in candidates if t in sel.index and t not in valid)
    if not valid:
        return HeadlineChoice(FALLBACK, "none_valid", valid, invalid)
    best = max(valid, key=lambda t: (sel.loc[t, "power_adjusted"], -candidates.index(t)))
    return HeadlineChoice(best, "chosen", valid, invalid)


def choose_headline(record: Mapping[str, Any] | None, structure: str | None = "final") -> str:
    """The headline test's code (:func:`headline_choice`)."""
    return headline_choice(record, structure).test


def _upper(n: int) -> float:
    return ALPHA + SIZE_TOLERANCE * math.sqrt(ALPHA * (1 - ALPHA) / n)


def worst_size(rec: Mapping[str, Any], test: str, world: str) -> tuple[float, bool] | None:
    """The largest size of ``test`` over the outputs in ``world`` and whether it exceeds
    5% + 2 Monte Carlo s.e. (over-rejects); None when the test was not run there."""
    cells = ((rec.get("tests") or {}).get(test) or {}).get(world) or {}
    if not cells:
        return None
    sizes = [(c["size"]["rejection"], c["size"]["n"]) for c in cells.values()]
    worst = max(r for r, _ in sizes)
    return worst, any(r > _upper(n) + 1e-12 for r, n in sizes)


def _studied(record: Mapping[str, Any] | None, structure: str | None):
    structures = (record or {}).get("structures") or {}
    if structure in structures:
        return structures[structure]
    return next(iter(structures.values()), None)


def withheld_tests(
    record: Mapping[str, Any] | None, structure: str | None, headline: str
) -> dict[str, tuple[str, float, float]]:
    """Tests whose p-values and intervals the chapter does not show: those that over-reject
    (size above 5% + 2 Monte Carlo s.e. for some output) in a world where the headline test
    does not. Each with the world, its size there and the headline's: ``{test: (world,
    size, headline_size)}``. Without a record nothing is withheld; for data of a structure the
    study was not run on, the study's structure is the evidence.
    """
    rec = _studied(record, structure)
    if rec is None:
        return {}
    worlds = sorted({w for t in rec["tests"].values() for w in t}, key=_world_order)
    fine = []
    for w in worlds:
        h = worst_size(rec, headline, w)
        if h is not None and not h[1]:
            fine.append((w, h[0]))
    out = {}
    for test in headline_candidates():
        if test == headline:
            continue
        for w, head_size in fine:
            r = worst_size(rec, test, w)
            if r is not None and r[1]:
                out[test] = (w, r[0], head_size)
                break
    return out


def invalid_estimators(record: Mapping[str, Any] | None, headline: str = FALLBACK,
                       structure: str | None = "final") -> tuple[str, ...]:  # fmt: skip
    """The estimators of the comparison table (in its order) every one of whose headline
    candidates is withheld (:func:`withheld_tests`): they show no p-value and no interval."""
    return _all_withheld(withheld_tests(record, structure, headline))


def _all_withheld(held: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(
        e.name
        for e in comparison_estimators()
        if e.candidates and all(t.code in held for t in e.candidates)
    )


def inference_record(path: str | Path | None = None) -> dict[str, Any] | None:
    """The measured size and power (``bench_policy.py``'s results), or None without the file."""
    p = Path(path) if path is not None else POLICY_INFERENCE_JSON
    if not p.is_file():
        return None
    try:
        record = json.loads(p.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataError(f"{p}: not valid JSON ({exc.msg}, line {exc.lineno})") from exc
    if not isinstance(record.get("structures"), dict) or not all(
        isinstance(r, dict) and "tests" in r for r in record["structures"].values()
    ):
        raise DataError(
            f"{p}: no 'structures' section with the tests of each structure; rerun "
            "benchmarks/bench_policy.py"
        )
    return record


#: The outputs the demonstration-zone effect is estimated on (tested together: their
#: family-wise adjusted p-values go with every claim).
POLICY_OUTCOMES = ("gdp", "revenue", "hitech_va", "patents")
#: Fewest control zones (besides the treated) for any estimate: with fewer the randomization
#: test has almost no assignments and a synthetic comparison almost no donors.
MIN_CONTROLS = 3
#: Synthetic DiD needs this many years before the start (a pre-period to fit the weights on,
#: and one to check them against); so do the pre-trend test and SC.
MIN_PRE_SYNTH = 2
#: A time weight at least this large puts the synthetic DiD's comparison on a single year.
TIME_WEIGHT_FLAG = 0.9
#: Fake start years of the in-time placebo (estimated on the years before the real start).
IN_TIME_STARTS = (2013, 2014)


@dataclass(frozen=True)
class PolicyDesign:
    """What the data allow: the zones and years of the design and, as codes with their fields,
    what cannot be estimated and why (``gaps``: ``(code, fields)``; the report words them)."""

    treated: tuple[str, ...]
    missing_treated: tuple[str, ...]
    start: int
    did_outcomes: tuple[str, ...]
    synth_outcomes: tuple[str, ...]
    n_zones: int
    n_controls: int
    years: tuple[int, int] | None
    n_pre: int
    n_post: int
    balanced: bool
    gaps: tuple[tuple[str, dict[str, Any]], ...] = ()

    @property
    def n_treated(self) -> int:
        return len(self.treated)

    @property
    def n_assignments(self) -> int:
        """Treated sets the randomization test draws from: C(N, N1)."""
        return math.comb(self.n_zones, self.n_treated) if self.treated else 0

    @property
    def min_pvalue(self) -> float:
        """The smallest randomization p-value, ``1 / C(N, N1)``."""
        return 1 / self.n_assignments if self.n_assignments else float("nan")

    @property
    def n_placebo_sets(self) -> int:
        """Sets of controls playing the treated in the in-space placebo: C(N0, N1)."""
        return math.comb(self.n_controls, self.n_treated) if self.treated else 0

    @property
    def min_rank_pvalue(self) -> float:
        """The smallest in-space rank p-value, ``1 / (1 + C(N0, N1))``."""
        return 1 / (1 + self.n_placebo_sets) if self.n_placebo_sets else float("nan")

    def structure(self, record: Mapping[str, Any] | None) -> str | None:
        """The record's study whose structure these data have (zones, treated, years), if any."""
        if not record or not self.balanced or self.years is None:
            return None
        for key, rec in (record.get("structures") or {}).items():
            if (
                rec.get("zones") == self.n_zones
                and rec.get("treated") == self.n_treated
                and tuple(rec.get("years", ())) == self.years
                and rec.get("start", self.start) == self.start
            ):
                return key
        return None


def policy_design(
    panel: pd.DataFrame,
    outcomes: Sequence[str],
    *,
    treated: tuple[str, ...] = TREATED,
    start: int = START,
) -> PolicyDesign:
    """Which outcomes the DiD and the synthetic methods can be estimated on, and why not."""
    zones = sorted(set(panel.index.get_level_values(0)))
    present = tuple(z for z in treated if z in zones)
    missing = tuple(z for z in treated if z not in zones)
    gaps: list[tuple[str, dict[str, Any]]] = []
    if not present:
        gaps.append(("no_treated", {"zones": tuple(treated), "need": MIN_CONTROLS}))
        return PolicyDesign((), missing, start, (), (), len(zones), 0, None, 0, 0, False,
                            tuple(gaps))  # fmt: skip
    if missing:
        gaps.append(("treated_partly", {"present": present, "missing": missing}))
    did_ok, synth_ok = [], []
    info = {"n_zones": 0, "n_controls": 0, "years": None, "n_pre": 0, "n_post": 0}
    balanced_all = True
    for o in outcomes:
        if o not in panel or panel[o].notna().sum() == 0:
            gaps.append(("outcome_absent", {"indicator": o}))
            continue
        sub = panel[[o]].dropna()
        z_o = sorted(set(sub.index.get_level_values(0)))
        years = sorted(set(sub.index.get_level_values(1)))
        tr = [z for z in present if z in z_o]
        controls = [z for z in z_o if z not in present]
        pre = [y for y in years if y < start]
        post = [y for y in years if y >= start]
        if not tr:
            gaps.append(("outcome_treated_absent", {"indicator": o, "zones": present}))
            continue
        if len(controls) < MIN_CONTROLS:
            gaps.append(("few_controls", {"indicator": o, "n": len(controls),
                                          "need": MIN_CONTROLS}))  # fmt: skip
            continue
        if not pre or not post:
            gaps.append(("no_pre" if not pre else "no_post", {"indicator": o, "start": start}))
            continue
        did_ok.append(o)
        counts = sub.groupby(level=0).size()
        full = [z for z in z_o if counts[z] == len(years)]
        balanced = len(full) == len(z_o)
        balanced_all = balanced_all and balanced
        if not info["years"]:
            info = {"n_zones": len(z_o), "n_controls": len(controls), "years": (years[0],
                    years[-1]), "n_pre": len(pre), "n_post": len(post)}  # fmt: skip
        if len(pre) < MIN_PRE_SYNTH:
            continue  # said once below
        if not set(tr) <= set(full) or len([z for z in full if z not in tr]) < MIN_CONTROLS:
            gaps.append(("synth_unbalanced", {"indicator": o}))
            continue
        if not balanced:
            gaps.append(("synth_dropped", {"indicator": o,
                         "zones": tuple(z for z in z_o if z not in full)}))  # fmt: skip
        synth_ok.append(o)
    if did_ok and info["n_pre"] < MIN_PRE_SYNTH:
        gaps.append(("one_pre_year", {"year": start - 1, "start": start, "need": MIN_PRE_SYNTH}))
    if did_ok and math.comb(info["n_zones"], len(present)) < 1 / ALPHA:
        gaps.append(("few_assignments", {"n_zones": info["n_zones"], "n_treated": len(present),
                     "n": math.comb(info["n_zones"], len(present))}))  # fmt: skip
    return PolicyDesign(
        present, missing, start, tuple(did_ok), tuple(synth_ok), info["n_zones"],
        info["n_controls"], info["years"], info["n_pre"], info["n_post"], balanced_all,
        tuple(gaps),
    )  # fmt: skip


@dataclass(frozen=True)
class SynthChecks:
    """Checks of one outcome's synthetic DiD: in-time placebos (fake start years on the years
    before the real start), how concentrated the time weights are, each treated zone on its
    own, and the estimate without each donor."""

    in_time: pd.DataFrame  # placebo_start, att, pvalue (in-space rank), ci_lower, ci_upper
    time_weights: pd.Series
    by_zone: pd.DataFrame  # zone, att, pvalue (in-space rank), ci_lower, ci_upper, min_pvalue
    drop_one: pd.DataFrame  # zone (the donor left out), weight, att, change

    @property
    def max_time_weight(self) -> float:
        return float(self.time_weights.max()) if len(self.time_weights) else float("nan")

    @property
    def max_time_weight_year(self) -> int | None:
        return int(self.time_weights.idxmax()) if len(self.time_weights) else None

    @property
    def concentrated(self) -> bool:
        """A time weight of at least :data:`TIME_WEIGHT_FLAG` on one year."""
        return bool(self.max_time_weight >= TIME_WEIGHT_FLAG)


def _balanced(panel: pd.DataFrame, outcome: str) -> pd.DataFrame:
    """The zones of ``outcome`` that have every one of its years (synth_did's panel)."""
    sub = panel[[outcome]].dropna()
    years = sub.index.get_level_values(1).unique()
    full = sub.groupby(level=0).size() == len(years)
    return sub[np.isin(sub.index.get_level_values(0), full[full].index)]


def synth_checks(
    panel: pd.DataFrame,
    outcome: str,
    fit: SynthDiDResult,
    *,
    in_time_starts: Sequence[int] = IN_TIME_STARTS,
) -> SynthChecks:
    """:class:`SynthChecks` of ``fit`` (a :func:`synth_did` result on ``panel``)."""
    sub = _balanced(panel, outcome)
    est, level, treated, start = fit.estimator, fit.level, fit.treated, int(fit.start)
    kw = dict(estimator=est, level=level, log=fit.log)
    rows = []
    pre = sub[sub.index.get_level_values(1) < start]
    pre_years = sorted(set(pre.index.get_level_values(1)))
    for s in in_time_starts:
        if sum(1 for y in pre_years if y < s) < MIN_PRE_SYNTH or s not in pre_years:
            continue
        r = synth_did(pre, outcome, treated=treated, start=s, **kw)
        lo, hi = r.rank_conf_int()
        rows.append({"placebo_start": s, "att": r.att, "pvalue": r.placebo_pvalue,
                     "ci_lower": lo, "ci_upper": hi})  # fmt: skip
    in_time = pd.DataFrame(rows, columns=["placebo_start", "att", "pvalue", "ci_lower",
                                          "ci_upper"])  # fmt: skip
    by_zone = []
    if len(treated) > 1:
        for z in treated:
            others = [u for u in treated if u != z]
            alone = sub.drop(others, level=0)
            r = synth_did(alone, outcome, treated=(z,), start=start, **kw)
            lo, hi = r.rank_conf_int()
            by_zone.append({"zone": z, "att": r.att, "pvalue": r.placebo_pvalue,
                            "ci_lower": lo, "ci_upper": hi,
                            "min_pvalue": r.min_rank_pvalue})  # fmt: skip
    by_zone_df = pd.DataFrame(by_zone, columns=["zone", "att", "pvalue", "ci_lower", "ci_upper",
                                                "min_pvalue"])  # fmt: skip
    # the estimate without each donor that carries weight, all re-fitted in one stack
    w = fit.unit_weights
    donors = [z for z in w.index if w[z] > 0]
    drop_rows = []
    if donors and len(w) - 1 >= MIN_CONTROLS:
        wide = np.log(sub[outcome].unstack(level=1)) if fit.log else sub[outcome].unstack(level=1)
        wide = wide.sort_index(axis=1)
        controls = list(w.index)
        t0 = int(np.sum(wide.columns < start))
        ys = np.array([wide.loc[[c for c in controls if c != d] + list(treated)].to_numpy(float)
                       for d in donors])  # fmt: skip
        fits = engine.estimate_batch(ys, len(controls) - 1, t0, est)
        for d, f in zip(donors, fits, strict=True):
            drop_rows.append({"zone": d, "weight": float(w[d]), "att": f.tau,
                              "change": f.tau - fit.att})  # fmt: skip
    drop_one = pd.DataFrame(drop_rows, columns=["zone", "weight", "att", "change"])
    drop_one = drop_one.sort_values("weight", ascending=False, kind="mergesort")
    return SynthChecks(in_time, fit.time_weights, by_zone_df, drop_one.reset_index(drop=True))


def holm(pvalues: Sequence[float]) -> np.ndarray:
    """Holm's step-down adjusted p-values (family-wise error rate, any dependence)."""
    p = np.asarray(pvalues, float)
    k = len(p)
    order = np.argsort(p, kind="mergesort")
    adj = np.empty(k)
    running = 0.0
    for r, j in enumerate(order):
        running = max(running, (k - r) * p[j])
        adj[j] = min(running, 1.0)
    return adj


@dataclass(frozen=True)
class PolicyEvaluation:
    """Every estimate of the policy chapter, by outcome, with the headline and its checks.

    ``fits``: each registered estimator's results by outcome (``{name: {outcome: result}}``,
    :mod:`~gxq_analysis.evaluation.estimators`); ``options``: the fit options each was run with.
    ``headline``: the test whose p-values and intervals the chapter and the findings state;
    ``choice``: why (:class:`HeadlineChoice`; ``reason`` ``"synth_unavailable"`` when the
    chosen test's estimator cannot be fitted on every outcome of these data).
    """

    fits: dict[str, dict[str, Any]]
    headline: str
    record: dict[str, Any] | None = field(default=None, repr=False)
    choice: HeadlineChoice | None = None
    design: PolicyDesign | None = None
    checks: dict[str, SynthChecks] = field(default_factory=dict, repr=False)
    fwer: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    level: float = 0.95
    options: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)

    # -- the fits, as the chapter reads them ---------------------------------------------------
    @property
    def did(self) -> dict[str, DiDResult]:
        """The two-way FE DiD (``twfe``) by outcome: the design checks' estimates."""
        return self.fits.get("twfe", {})

    @property
    def synth(self) -> dict[str, dict[str, Any]]:
        """``{outcome: {estimator: result}}`` of the estimators fitted on the balanced sample
        (``sdid``, ``did``, ``sc`` and any registered with ``sample="balanced"``)."""
        out: dict[str, dict[str, Any]] = {}
        for e in registered_estimators():
            if e.sample == "balanced":
                for outcome, result in self.fits.get(e.name, {}).items():
                    out.setdefault(outcome, {})[e.name] = result
        return out

    @property
    def headline_test(self) -> PolicyTest:
        """The headline's :class:`~gxq_analysis.evaluation.estimators.PolicyTest`."""
        return find_test(self.headline)[1]

    @property
    def headline_source(self) -> str:
        """The registered estimator whose fit carries the headline (``twfe``, ``sdid``, ...)."""
        return find_test(self.headline)[0].name

    @property
    def headline_estimator(self) -> str:
        """The headline's estimator in words (``did``, ``sdid``, ``sc``)."""
        return find_test(self.headline)[0].label

    @property
    def ri_statistic(self) -> str:
        """The randomization statistic of the DiD (``classical`` or ``clustered``)."""
        return str(self.options.get("twfe", {}).get("ri_statistic", "classical"))

    @property
    def withheld(self) -> dict[str, tuple[str, float, float]]:
        """Tests whose p-values are not shown: they over-reject in a simulated world where the
        headline does not (:func:`withheld_tests`)."""
        structure = self.design.structure(self.record) if self.design else None
        return withheld_tests(self.record, structure, self.headline)

    @property
    def invalid(self) -> tuple[str, ...]:
        """Estimators of the comparison table none of whose tests is shown (no p-value, no
        interval)."""
        return _all_withheld(self.withheld)

    def comparison_tests(self, estimator: str) -> tuple[PolicyTest, PolicyTest | None]:
        """The tests behind an estimator's row of :meth:`comparison`: the one giving its
        interval and p-value (of its own fit, or of ``interval_from``'s: the test that fit
        was run for) and its rank test (the ``placebo_p`` column), if any."""
        e = get_estimator(estimator)
        source = get_estimator(e.interval_from) if e.interval_from else e
        return source.fitted_test(self.options.get(source.name, {})), e.rank_test

    def _headline_reading(self, outcome: str) -> Reading:
        return self.headline_test.read(self.fits[self.headline_source][outcome])

    def headline_table(self) -> pd.DataFrame:
        """The headline test's estimates, one row per outcome: ``indicator, estimator, att,
        att_pct, ci_lower, ci_upper, pvalue, pvalue_adj, min_pvalue`` (``att`` in log points,
        ``att_pct`` in %, ``pvalue_adj`` family-wise adjusted over the outcomes
        (:attr:`fwer`), ``min_pvalue`` the smallest p-value a rank test on these zones can
        give)."""
        rows = []
        adj = self.fwer.set_index("indicator")["pvalue_adj"] if len(self.fwer) else {}
        fitted = self.fits.get(self.headline_source, {})
        for outcome in self.did:
            if outcome not in fitted:
                continue
            r = self._headline_reading(outcome)
            rows.append(
                {
                    "indicator": outcome,
                    "estimator": self.headline_estimator,
                    "att": r.estimate,
                    "att_pct": 100 * (np.exp(r.estimate) - 1),
                    "ci_lower": r.ci[0],
                    "ci_upper": r.ci[1],
                    "pvalue": r.pvalue,
                    "pvalue_adj": float(adj[outcome]) if outcome in adj else np.nan,
                    "min_pvalue": r.min_pvalue,
                }
            )
        return pd.DataFrame(rows, columns=["indicator", "estimator", "att", "att_pct",
                                           "ci_lower", "ci_upper", "pvalue", "pvalue_adj",
                                           "min_pvalue"])  # fmt: skip

    def design_warnings(self, alpha: float = ALPHA) -> pd.DataFrame:
        """Checks that reject at ``alpha`` for an outcome: ``indicator, check, year, pvalue``
        with ``check`` one of ``pretrend`` (the event study's joint test of the leads),
        ``did_placebo`` (a fake start year of the DiD) and ``sdid_in_time`` (of the synthetic
        DiD)."""
        rows = []
        for o, r in self.did.items():
            p = r.pretrend.get("pvalue", np.nan)
            if np.isfinite(p) and p <= alpha:
                rows.append({"indicator": o, "check": "pretrend", "year": None, "pvalue": p})
            for _, pl in r.placebo.iterrows():
                if pl["pvalue"] <= alpha:
                    year = int(pl["placebo_start"])
                    rows.append(
                        dict(indicator=o, check="did_placebo", year=year, pvalue=pl["pvalue"])
                    )
            c = self.checks.get(o)
            if c is not None:
                for _, pl in c.in_time.iterrows():
                    if pl["pvalue"] <= alpha:
                        year = int(pl["placebo_start"])
                        rows.append(dict(indicator=o, check="sdid_in_time", year=year,
                                         pvalue=pl["pvalue"]))  # fmt: skip
        return pd.DataFrame(rows, columns=["indicator", "check", "year", "pvalue"])

    def comparison(self) -> pd.DataFrame:
        """The estimators of the comparison table side by side: one row per outcome (of the
        balanced sample) and estimator, in the registry's table order (DiD, SC, SDID, then any
        other registered).

        Columns ``indicator, estimator, att, ci_lower, ci_upper, pvalue, placebo_p, pre_rmspe``;
        the interval and p-value are those of the row's conventional test
        (:meth:`comparison_tests`: the DiD row carries :func:`did`'s randomization interval and
        p-value, the SC and SDID rows the exact placebo-standard-error ones); ``placebo_p`` is
        the in-space placebo rank p-value of ``|att|`` and ``pre_rmspe`` the pre-period fit
        (log points), where the estimator has them. Tests in :attr:`withheld` show no p-value
        or interval (NaN).
        """
        rows = []
        held = self.withheld
        for outcome in self.synth:
            for e in comparison_estimators():
                result = self.fits.get(e.name, {}).get(outcome)
                if result is None:
                    continue
                main, rank = self.comparison_tests(e.name)
                source = get_estimator(e.interval_from) if e.interval_from else e
                carrier = self.fits.get(source.name, {}).get(outcome)
                if carrier is None:  # no fit of the source on this outcome: its own test
                    main, carrier = e.fitted_test(self.options.get(e.name, {})), result
                own = e.readable[0].read(result)
                reading = main.read(carrier)
                (lo, hi), p = reading.ci, reading.pvalue
                pp = rank.read(result).pvalue if rank is not None else np.nan
                if main.code in held:
                    lo = hi = p = np.nan
                if rank is not None and rank.code in held:
                    pp = np.nan
                rows.append(
                    {
                        "indicator": outcome,
                        "estimator": e.name,
                        "att": own.estimate,
                        "ci_lower": lo,
                        "ci_upper": hi,
                        "pvalue": p,
                        "placebo_p": pp,
                        "pre_rmspe": float(getattr(result, "pre_rmspe", np.nan)),
                    }
                )
        cols = ["indicator", "estimator", "att", "ci_lower", "ci_upper", "pvalue", "placebo_p",
                "pre_rmspe"]  # fmt: skip
        return pd.DataFrame(rows, columns=cols)

    def weights(self, estimator: str = "sdid", threshold: float = 0.005) -> pd.DataFrame:
        """Unit weights of the synthetic treated zones: zones × outcomes, zones with a weight of
        at least ``threshold`` in some outcome, sorted by their mean weight."""
        cols = {o: r.unit_weights for o, r in self.fits.get(estimator, {}).items()}
        if not cols:
            return pd.DataFrame()
        w = pd.DataFrame(cols).fillna(0.0)
        w = w[(w >= threshold).any(axis=1)]
        order = w.mean(axis=1).sort_values(ascending=False, kind="mergesort").index
        w = w.loc[order]
        w.index.name = "zone"
        return w


def _fwer(
    headline: str, fits: Mapping[str, Mapping[str, Any]], outcomes: Sequence[str]
) -> pd.DataFrame:
    """Family-wise adjusted p-values of the headline test over the outcomes.

    Westfall–Young step-down min-p over the same assignments when the test enumerates them
    (a randomization or rank test, :attr:`PolicyTest.draws`) and every outcome has the same
    zones (so the same assignments, or the same placebo sets): the adjustment uses the joint
    distribution of the outcomes' statistics. Otherwise Holm, valid under any dependence.
    ``outcomes``: the outcomes of the DiD, in order; those the headline was fitted on count.
    """
    estimator, test = find_test(headline)
    fitted = fits.get(estimator.name, {})
    outs = [o for o in outcomes if o in fitted]
    if not outs:
        return pd.DataFrame(columns=["indicator", "pvalue", "pvalue_adj", "method"])
    assert test.read is not None  # a headline is read off its fit
    p = np.array([test.read(fitted[o]).pvalue for o in outs])
    joint = [test.draws(fitted[o]) if test.draws is not None else None for o in outs]
    same = all(j is not None for j in joint) and len({j[0] for j in joint}) == 1  # type: ignore[index]
    if same and len(outs) > 1:
        adj = westfall_young(np.column_stack([j[1] for j in joint]))  # type: ignore[index]
        method = "westfall_young"
    else:
        adj, method = holm(p), "holm"
    if len(outs) == 1:
        adj, method = p.copy(), "none"
    return pd.DataFrame({"indicator": outs, "pvalue": p, "pvalue_adj": adj, "method": method})


@analysis
def evaluate_policy(
    panel: pd.DataFrame,
    outcomes: Sequence[str],
    *,
    treated: tuple[str, ...] = TREATED,
    start: int = START,
    B: int = 9999,
    reps: int = 200,
    seed: int = 20160101,
    record: Mapping[str, Any] | None = None,
    level: float = 0.95,
    checks: bool = True,
    headline_only: bool = False,
) -> PolicyEvaluation:
    """Every registered estimator (:mod:`~gxq_analysis.evaluation.estimators`: the two-way FE
    DiD with randomization inference, synthetic DiD, synthdid's DiD, synthetic control, and any
    other registered) on each outcome the data allow it (:func:`policy_design`), the headline
    test, its family-wise adjusted p-values and the checks of the synthetic DiD.

    ``record``: the measured size and power (default :func:`inference_record`), from which
    :func:`headline_choice` picks the headline for the study whose structure the data have;
    data of another structure get :data:`FALLBACK` (the study does not speak for them).
    ``reps`` and ``seed`` matter only where placebo sets are drawn (more than
    :data:`~gxq_analysis.models.synthdid.EXACT_PLACEBO_MAX`) and for the bootstrap: on the
    demonstration-zone panel every p-value and interval is exact. ``headline_only``: fit only
    what the headline and its adjusted p-values need (the estimators fitted always, and the
    headline's; no checks): the findings use it.
    """
    rec = dict(record) if record is not None else inference_record()
    design = policy_design(panel, outcomes, treated=treated, start=start)
    choice = headline_choice(rec, design.structure(rec))
    head = choice.test
    samples = {"did": design.did_outcomes, "balanced": design.synth_outcomes}
    source, test = find_test(head)
    if set(design.did_outcomes) - set(samples[source.sample]):
        choice = HeadlineChoice(FALLBACK, "synth_unavailable", choice.valid, choice.invalid)
        head = FALLBACK
        source, test = find_test(head)
    chosen = [e for e in registered_estimators() if e.always or e.name == source.name]
    todo = chosen if headline_only else list(registered_estimators())
    fits: dict[str, dict[str, Any]] = {}
    options: dict[str, dict[str, Any]] = {}
    for e in todo:
        # the fit serves the headline when the headline is one of its tests, else its first
        opts = dict(test.options) if e.name == source.name else dict(e.readable[0].options)
        options[e.name] = opts
        context = FitContext(design.treated, start, level, seed, reps, B, opts)
        fits[e.name] = {
            o: e.fit(_balanced(panel, o) if e.sample == "balanced" else panel, o, context)
            for o in samples[e.sample]
        }
    found: dict[str, SynthChecks] = {}
    if checks and not headline_only:
        for o, fit in fits.get("sdid", {}).items():
            found[o] = synth_checks(panel, o, fit)
    return PolicyEvaluation(
        fits=fits,
        headline=head,
        record=rec,
        choice=choice,
        design=design,
        checks=found,
        fwer=_fwer(head, fits, design.did_outcomes),
        level=level,
        options=options,
    )
