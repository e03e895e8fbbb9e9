"""The Shenyang–Dalian National Independent Innovation Demonstration Zone (approved 2016):
difference-in-differences and event study.

Design: two-way fixed effects (zone and year) regression of the outcome (in logs by default, so
effects are in log points) on ``treated × post``; an event study with leads and lags relative
to the start year (reference: the year before); a joint Wald test that all leads are zero; and
placebo start years estimated on pre-treatment years only.

Inference, honestly: only two of fifteen zones are treated.  Cluster-robust standard errors
need many treated clusters and over-reject badly with two, and the wild cluster restricted
bootstrap (WCR) under-rejects (MacKinnon and Webb, 2017, J. Applied Econometrics 32(2); 2018,
Econometrics Journal 21(2)).  With few treated zones the headline is therefore randomization
inference (:mod:`gxq_analysis.models.randomization`): the treated set permuted over every
assignment of the same size, for the p-value, a test-inversion interval, the pre-trend test and
the placebos.  The statistic is the t of the two-way FE regression (``ri_statistic``):
``"classical"`` (default), whose denominator is the same for every assignment on a balanced
panel without controls, so that it ranks the assignments exactly as ``|β̂|`` does (it is a test
on the coefficient, not a studentized one), or ``"clustered"``, the CRV t, studentized per
assignment.  The rule (:func:`headline_inference`): randomization when fewer than
:data:`FEW_TREATED` units are treated and there are at least two assignments (with ``A``
assignments the smallest p-value is ``1/A``; with fewer than ``1/(1 − level)`` the test cannot
reject, which the result shows through ``RandomizationTest.min_pvalue``); otherwise the WCR.
The WCR and CRV1 figures are kept as labelled comparisons (``DiDResult.comparisons``).
Their size and power on simulated worlds shaped like the data are measured by
``benchmarks/bench_policy.py``.

A panel with a single year before ``start`` gives the 2×2 DiD (that year against the years
from ``start``) with its randomization test; the event study then has no lead and the
pre-trend test is not defined (``pretrend["pvalue"]`` is NaN, ``pretrend["leads"]`` empty).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import DataError, OptionError
from ..memo import analysis
from ..models.bootstrap import wild_cluster_bootstrap
from ..models.panel import PanelFit, fit_panel
from ..models.randomization import (
    STATISTICS,
    RandomizationTest,
    Statistic,
    did_randomization,
    event_randomization,
)
from ..models.results import result_frame
from ..models.within import level_codes
from ..options import check_choice, check_level, check_year
from ..plan.zones import DEMONSTRATION_START, DEMONSTRATION_ZONES, resolve_zone
from .scopes import check_indicator

TREATED = DEMONSTRATION_ZONES
START = DEMONSTRATION_START

Inference = Literal["auto", "randomization", "wcr"]
INFERENCES = ("auto", "randomization", "wcr")
#: Below this many treated units the headline is randomization inference (MacKinnon and Webb
#: 2017 find CRV1 over-rejecting and the WCR unreliable with fewer treated clusters than this).
FEW_TREATED = 10


def headline_inference(n_treated: int, n_units: int, level: float) -> str:
    """The headline inference by the module's rule: ``"randomization"`` or ``"wcr"``.

    ``level`` is kept for the signature: a randomization test with few assignments is still
    the headline (its smallest p-value, ``1/A``, is reported), since the alternatives are
    unreliable with few treated clusters whatever the number of assignments.
    """
    enough = math.comb(n_units, n_treated) >= 2
    return "randomization" if n_treated < FEW_TREATED and enough else "wcr"


@dataclass(frozen=True)
class DiDResult:
    """Difference-in-differences estimate with event study, pre-trend test and placebos.

    ``pvalue`` and ``conf_int()`` are the headline inference (``method``: ``"randomization"``
    or ``"wcr"``, by :func:`headline_inference` unless asked for); ``comparisons`` holds every
    inference computed (randomization, WCR, CRV1) side by side. It is an
    :class:`~gxq_analysis.models.results.EstimationResults` with one term, ``att``: its
    ``std_errors`` is the cluster-robust standard error of the two-way FE coefficient, its
    ``pvalues`` and ``intervals`` the headline inference's.
    """

    outcome: str
    log: bool
    treated: tuple[str, ...]
    start: int
    att: float
    se_cluster: float
    pvalue: float
    ci: tuple[float, float]
    level: float
    inference: str
    fit: PanelFit = field(repr=False)
    event_study: pd.DataFrame = field(repr=False)
    pretrend: dict = field(repr=False)
    placebo: pd.DataFrame = field(repr=False)
    n_zones: int = 0
    bootstrap: object = field(default=None, repr=False)
    method: str = "wcr"
    randomization: RandomizationTest | None = field(default=None, repr=False)
    comparisons: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)

    def conf_int(self) -> tuple[float, float]:
        """The headline confidence interval of the ATT."""
        return self.ci

    @property
    def att_percent(self) -> float:
        """The ATT as a percentage change (log outcomes only)."""
        return 100 * (np.exp(self.att) - 1) if self.log else float("nan")

    @property
    def n_assignments(self) -> int:
        """Assignments of the randomization inference (0 without it)."""
        return self.randomization.n_assignments if self.randomization is not None else 0

    # -- the results protocol (models.results.EstimationResults) -----------------------------
    @property
    def params(self) -> pd.Series:
        """The estimate by term: ``att``."""
        return pd.Series({"att": self.att}, name="coef")

    @property
    def std_errors(self) -> pd.Series:
        """The cluster-robust (CRV1) standard error of ``att``."""
        return pd.Series({"att": self.se_cluster}, name="std_err")

    @property
    def pvalues(self) -> pd.Series:
        """The headline inference's p-value of ``att``."""
        return pd.Series({"att": self.pvalue}, name="pvalue")

    @property
    def intervals(self) -> pd.DataFrame:
        """The headline inference's interval of ``att`` at :attr:`level`."""
        lo, hi = self.ci
        return pd.DataFrame({"lower": [lo], "upper": [hi]}, index=["att"])

    def to_frame(self) -> pd.DataFrame:
        """The estimate as a coefficient frame, with the pre-trend test and the inference."""
        return result_frame(
            self, pretrend_p=[self.pretrend.get("pvalue", np.nan)], inference=[self.method]
        )

    def summary(self) -> str:
        """What was estimated and how, then :meth:`to_frame`."""
        lines = [
            f"Difference-in-differences (two-way fixed effects), outcome {self.outcome}"
            + (" (log points)" if self.log else ""),
            f"Treated: {', '.join(map(str, self.treated))} from {self.start}; {self.n_zones} units",
            f"Inference: {self.inference}; level {self.level:g}",
        ]
        return "\n".join([*lines, "", self.to_frame().to_string(float_format=lambda v: f"{v:.6g}")])

    def summary_frame(self) -> pd.DataFrame:
        lo, hi = self.ci
        return pd.DataFrame(
            {
                "outcome": [self.outcome],
                "att": [self.att],
                "se_cluster": [self.se_cluster],
                "pvalue": [self.pvalue],
                "ci_lower": [lo],
                "ci_upper": [hi],
                "pretrend_p": [self.pretrend.get("pvalue", np.nan)],
                "inference": [self.inference],
            }
        )

    def _repr_html_(self) -> str:
        return self.summary_frame().to_html(index=False, float_format=lambda v: f"{v:.4f}")


def _prepare(
    panel: pd.DataFrame, outcome: str, treated: tuple[str, ...], controls: tuple[str, ...]
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    check_indicator(panel, outcome)
    for c in controls:
        check_indicator(panel, c)
    if outcome not in panel:
        raise OptionError(f"outcome={outcome!r} is not a column of the panel")
    zones = set(panel.index.get_level_values(0))
    # registry spellings are resolved; ids of other panels (e.g. simulated zones) kept as given
    ids = tuple(sorted({t if t in zones else resolve_zone(t) for t in treated}))
    absent = [t for t in ids if t not in zones]
    if absent:
        raise OptionError(
            f"treated zone(s) {', '.join(absent)} are not in the panel; it has: "
            f"{', '.join(sorted(zones))}"
        )
    df = panel[[outcome, *controls]].dropna()
    if df.empty:
        raise DataError(
            f"the panel has no values of {outcome!r}"
            + (f" with {', '.join(controls)}" if controls else "")
            + ": the demonstration-zone effect on it cannot be estimated",
            file=str(panel.attrs.get("source")) if panel.attrs.get("source") else None,
            column=outcome,
        )
    return df, ids


def _treat_post(df: pd.DataFrame, ids: tuple[str, ...], start: int) -> pd.Series:
    z = df.index.get_level_values(0)
    t = df.index.get_level_values(1)
    return pd.Series(np.isin(z, ids) & (t >= start), index=df.index, dtype=float)


def _fit_did(df, outcome, ids, start, controls, log):
    d = df.assign(treated_post=_treat_post(df, ids, start))
    return fit_panel(
        d,
        outcome,
        ["treated_post", *controls],
        model="twfe",
        cov="cluster",
        log=(outcome,) if log else (),
    )


def _codes(df: pd.DataFrame, ids: tuple[str, ...]):
    """Unit and period codes of ``df``'s rows and the unit codes of the treated."""
    unit, _ = level_codes(df.index, 0)
    time, _ = level_codes(df.index, 1)
    zones = df.index.get_level_values(0)
    treated = np.unique(unit[np.isin(zones, ids)])
    return unit, time, treated


def _randomization(
    df, outcome, ids, start, controls, log, level, max_assignments, seed, statistic
) -> RandomizationTest:
    y = np.log(df[outcome].to_numpy(float)) if log else df[outcome].to_numpy(float)
    unit, time, treated = _codes(df, ids)
    post = df.index.get_level_values(1).to_numpy() >= start
    x = df[list(controls)].to_numpy(float) if controls else None
    return did_randomization(
        y, unit, time, post, treated, controls=x, level=level, statistic=statistic,
        max_assignments=max_assignments, seed=seed,
    )  # fmt: skip


def event_study(
    panel: pd.DataFrame,
    outcome: str,
    *,
    treated=TREATED,
    start: int = START,
    log: bool = True,
    controls: tuple[str, ...] = (),
    level: float = 0.95,
    inference: Inference = "auto",
    ri_statistic: Statistic = "classical",
    max_assignments: int = 10_000,
    seed: int = 20160101,
) -> tuple[pd.DataFrame, dict, PanelFit]:
    """Leads and lags of treatment relative to ``start`` (reference: ``start − 1``).

    Returns
    -------
    es : DataFrame
        ``rel_time, year, coef, se, ci_lower, ci_upper, pvalue_ri`` (a zero row for the
        reference period); intervals from the fit (t(G−1), clustered), ``pvalue_ri`` the
        randomization p-value of each coefficient.
    pretrend : dict
        The joint test that all leads are zero. ``pvalue`` is the headline by the rule of
        :func:`headline_inference` (or ``inference``): by randomization over the treated set
        (the Wald statistic with the ``ri_statistic`` covariance, classical by default, see
        :mod:`gxq_analysis.models.randomization`) with few treated zones, else the clustered
        F(q, G − 1) test, which is always kept as ``pvalue_cluster``; also ``stat``,
        ``df_num``, ``df_den``, ``leads``, ``n_assignments`` (0 without randomization) and
        ``method``.
    fit : PanelFit
    """
    check_year(start, "start")
    check_level(level)
    check_choice("inference", inference, INFERENCES)
    check_choice("ri_statistic", ri_statistic, STATISTICS)
    df, ids = _prepare(panel, outcome, tuple(treated), tuple(controls))
    n_units = df.index.get_level_values(0).nunique()
    method = headline_inference(len(ids), n_units, level) if inference == "auto" else inference
    years = sorted(set(df.index.get_level_values(1)))
    if start - 1 not in years or start > years[-1]:
        raise OptionError(
            f"start={start} needs the reference year {start - 1} and {start} in the data "
            f"(years {years[0]}–{years[-1]})"
        )
    rel = [y - start for y in years if y - start != -1]
    z = np.isin(df.index.get_level_values(0), ids)
    t = df.index.get_level_values(1)
    names = []
    for k in rel:
        name = f"rel_{'m' if k < 0 else 'p'}{abs(k)}"
        df[name] = (z & (t - start == k)).astype(float)
        names.append(name)
    fit = fit_panel(
        df, outcome, [*names, *controls], model="twfe", cov="cluster", log=(outcome,) if log else ()
    )
    ci = fit.conf_int(level)  # the fit's own inference: t(G-1) for clustered errors
    leads = [n for k, n in zip(rel, names, strict=True) if k <= -2]
    # randomization over the treated set: each row's event-time dummy (-1: the reference year)
    position = {k: j for j, k in enumerate(rel)}
    row_rel = np.array([position.get(int(v) - start, -1) for v in t])
    unit, time, tr = _codes(df, ids)
    y = np.log(df[outcome].to_numpy(float)) if log else df[outcome].to_numpy(float)
    x = df[list(controls)].to_numpy(float) if controls else None
    lead_idx = np.array([j for j, k in enumerate(rel) if k <= -2], dtype=np.intp)
    joint, per_coef = None, np.full(len(rel), np.nan)
    if method == "randomization":
        joint, per_coef = event_randomization(
            y, unit, time, row_rel, tr, leads=lead_idx if len(lead_idx) else np.arange(1),
            controls=x, statistic=ri_statistic, max_assignments=max_assignments, seed=seed,
        )  # fmt: skip
    rows = [
        {
            "rel_time": -1,
            "year": start - 1,
            "coef": 0.0,
            "se": 0.0,
            "ci_lower": 0.0,
            "ci_upper": 0.0,
            "pvalue_ri": np.nan if joint is None else 1.0,
        }
    ]
    for j, (k, name) in enumerate(zip(rel, names, strict=True)):
        rows.append(
            {
                "rel_time": k,
                "year": start + k,
                "coef": float(fit.params[name]),
                "se": float(fit.std_errors[name]),
                "ci_lower": float(ci.loc[name, "lower"]),
                "ci_upper": float(ci.loc[name, "upper"]),
                "pvalue_ri": float(per_coef[j]),
            }
        )
    es = pd.DataFrame(rows).sort_values("rel_time").reset_index(drop=True)
    if leads:
        b = fit.params[leads].to_numpy()
        v = fit.cov.loc[leads, leads].to_numpy()
        wald = float(b @ np.linalg.pinv(v) @ b)
        qn = int(np.linalg.matrix_rank(v))  # df = rank: pinv drops what V cannot identify
        g = fit.n_entities
        fstat = wald / qn
        p_cluster = float(stats.f.sf(fstat, qn, g - 1))
        pre = {
            "stat": fstat,
            "df_num": qn,
            "df_den": g - 1,
            "pvalue": p_cluster if joint is None else joint.pvalue,
            "pvalue_cluster": p_cluster,
            "n_assignments": 0 if joint is None else joint.n_assignments,
            "method": method,
            "leads": leads,
            "test": "joint test that all leads are zero: "
            + (
                "clustered Wald statistic, p-value F(q, G-1)"
                if joint is None
                else f"Wald statistic ({ri_statistic} covariance), p-value by randomization "
                "over the treated set"
            )
            + " (pvalue_cluster: clustered Wald, F(q, G-1))",
            "note": "cluster-robust tests over-reject with few treated clusters: with few "
            "treated zones the p-value is the randomization one and pvalue_cluster is kept "
            "for comparison",
        }
    else:
        pre = {
            "stat": np.nan,
            "pvalue": np.nan,
            "pvalue_cluster": np.nan,
            "n_assignments": 0,
            "method": method,
            "df_num": 0,
            "df_den": 0,
            "leads": [],
            "test": "no pre-treatment years besides the reference year",
        }
    return es, pre, fit


@analysis
def did(
    panel: pd.DataFrame,
    outcome: str,
    *,
    treated: tuple[str, ...] = TREATED,
    start: int = START,
    log: bool = True,
    controls: tuple[str, ...] = (),
    inference: Inference = "auto",
    ri_statistic: Statistic = "classical",
    max_assignments: int = 10_000,
    B: int = 9999,
    weights: str = "webb",
    seed: int = 20160101,
    level: float = 0.95,
    placebo_starts: tuple[int, ...] | None = None,
) -> DiDResult:
    """Two-way fixed-effects DiD of the demonstration zone on ``outcome``.

    Parameters
    ----------
    panel : canonical zone panel (or any (zone, year) panel with the outcome column)
    outcome : codebook code; logged unless ``log=False`` (zeros or negatives are an error)
    treated : zones treated from ``start`` on (default Shenyang and Dalian)
    inference : ``"auto"`` (the module's rule, :func:`headline_inference`),
        ``"randomization"`` or ``"wcr"``: which inference is the headline
    ri_statistic : ``"classical"`` (default; on a balanced panel without controls it ranks the
        assignments as ``|β̂|`` does) or ``"clustered"`` (the CRV t, studentized per
        assignment): the statistic the randomization inference permutes
    max_assignments : randomization inference enumerates every treated set of the same size
        up to this many, else samples this many (seeded)
    B, weights : wild cluster restricted bootstrap settings (recorded in the result)
    seed : seed of the bootstrap and of sampled assignments
    placebo_starts : fake start years, estimated on years before ``start`` only; default:
        the two years before ``start − 1`` that leave at least one earlier year

    Returns
    -------
    DiDResult with ``att`` (log points when ``log``), ``pvalue`` and ``conf_int()`` from the
    headline inference, ``comparisons``, ``se_cluster``, ``event_study``, ``pretrend`` and
    ``placebo``.
    """
    check_level(level)
    check_year(start, "start")
    check_choice("inference", inference, INFERENCES)
    check_choice("ri_statistic", ri_statistic, STATISTICS)
    if (
        isinstance(max_assignments, bool)
        or not isinstance(max_assignments, int)
        or (max_assignments < 2)
    ):
        raise OptionError(
            f"max_assignments={max_assignments!r} is not allowed; use an integer >= 2"
        )
    df, ids = _prepare(panel, outcome, tuple(treated), tuple(controls))
    years = sorted(set(df.index.get_level_values(1)))
    if not (years[0] < start <= years[-1]):
        raise OptionError(
            f"start={start} must lie after the first and within the last year of "
            f"the panel ({years[0]}–{years[-1]})"
        )
    n_units = df.index.get_level_values(0).nunique()
    method = headline_inference(len(ids), n_units, level) if inference == "auto" else inference
    fit = _fit_did(df, outcome, ids, start, tuple(controls), log)
    boot = wild_cluster_bootstrap(fit, "treated_post", B=B, weights=weights, seed=seed, level=level)
    ri = None
    rows = []
    if method == "randomization":  # the RI is computed where it is the headline
        ri = _randomization(df, outcome, ids, start, controls, log, level, max_assignments, seed,
                            ri_statistic)  # fmt: skip
        rows.append({"method": "randomization", "pvalue": ri.pvalue,
                     "ci_lower": ri.conf_int[0], "ci_upper": ri.conf_int[1]})  # fmt: skip
    ci_crv1 = fit.conf_int(level).loc["treated_post"]
    comparisons = pd.DataFrame(
        [
            *rows,
            {"method": "wcr", "pvalue": float(boot.pvalue),
             "ci_lower": float(boot.conf_int[0]), "ci_upper": float(boot.conf_int[1])},
            {"method": "crv1", "pvalue": float(fit.pvalues["treated_post"]),
             "ci_lower": float(ci_crv1["lower"]), "ci_upper": float(ci_crv1["upper"])},
        ]
    )  # fmt: skip
    if start - 1 in years:
        es, pre, _ = event_study(
            panel, outcome, treated=ids, start=start, log=log, controls=tuple(controls),
            level=level, inference=method, ri_statistic=ri_statistic,
            max_assignments=max_assignments, seed=seed,
        )  # fmt: skip
    else:  # no reference year: the DiD stands, the event study is not defined
        es = pd.DataFrame(columns=["rel_time", "year", "coef", "se", "ci_lower", "ci_upper",
                                   "pvalue_ri"])  # fmt: skip
        pre = {"stat": np.nan, "pvalue": np.nan, "pvalue_cluster": np.nan, "n_assignments": 0,
               "method": method, "df_num": 0, "df_den": 0, "leads": [],
               "test": f"no reference year {start - 1} in the data"}  # fmt: skip
    if placebo_starts is None:
        placebo_starts = tuple(y for y in (start - 3, start - 2) if y > years[0])
    prow = []
    pre_df = df[df.index.get_level_values(1) < start]
    for s in placebo_starts:
        if not (years[0] < s < start):
            raise OptionError(f"placebo start {s} must lie between {years[0] + 1} and {start - 1}")
        pf = _fit_did(pre_df, outcome, ids, s, tuple(controls), log)
        if method == "randomization":
            pr = _randomization(pre_df, outcome, ids, s, controls, log, level, max_assignments,
                                seed, ri_statistic)  # fmt: skip
            p, (lo, hi) = pr.pvalue, pr.conf_int
        else:
            pb = wild_cluster_bootstrap(
                pf, "treated_post", B=B, weights=weights, seed=seed, level=level
            )
            p, (lo, hi) = pb.pvalue, pb.conf_int
        prow.append(
            {
                "placebo_start": s,
                "att": float(pf.params["treated_post"]),
                "pvalue": float(p),
                "ci_lower": float(lo),
                "ci_upper": float(hi),
            }
        )
    placebo = pd.DataFrame(prow, columns=["placebo_start", "att", "pvalue", "ci_lower", "ci_upper"])
    head = comparisons.set_index("method").loc[method]
    described = {
        "randomization": "randomization inference over "
        + (f"{ri.n_assignments} assignments" if ri else "")
        + ("" if ri is None or ri.exhaustive else f" (sampled, seed={seed})")
        + f" on the {ri_statistic} t statistic",
        "wcr": f"wild cluster restricted bootstrap ({weights}, B={B}, seed={seed})",
    }[method]
    return DiDResult(
        outcome=outcome,
        log=log,
        treated=ids,
        start=start,
        att=float(fit.params["treated_post"]),
        se_cluster=float(fit.std_errors["treated_post"]),
        pvalue=float(head["pvalue"]),
        ci=(float(head["ci_lower"]), float(head["ci_upper"])),
        level=level,
        inference=described,
        fit=fit,
        event_study=es,
        pretrend=pre,
        placebo=placebo,
        n_zones=fit.n_entities,
        bootstrap=boot,
        method=method,
        randomization=ri,
        comparisons=comparisons,
    )
