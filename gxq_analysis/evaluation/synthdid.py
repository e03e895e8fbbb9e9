"""Synthetic DiD, synthetic control and DiD for any ``(entity, time)`` panel.

:func:`synth_did` takes a panel with a two-level MultiIndex, an outcome column, the treated
units and the adoption year, builds the outcome matrix (controls first, pre-periods first) and
calls :mod:`gxq_analysis.models.synthdid`, the transcription of R synthdid. Inference: the
placebo standard error (synthdid's Algorithm 4; the only one defined with one treated unit),
the jackknife and the unit bootstrap (both need at least two treated units), with a normal
interval and p-value as users of ``synthdid``'s ``vcov`` compute them; and the in-space placebo
rank test with its inverted interval (:meth:`SynthDiDResult.rank_conf_int`).

Exact where it can be: the placebo standard error is the population standard deviation over
every set of N1 controls playing the treated whenever there are at most ``max_sets`` of them
(:data:`~gxq_analysis.models.synthdid.EXACT_PLACEBO_MAX`, C(13, 2) = 78 here), so neither it nor
the p-value and interval depend on ``seed``; only above that are ``reps`` sets drawn, and the
result says so (``placebo_exhaustive``, ``n_placebo``, ``se_mc``). The in-space placebo uses the
same sets, so the standard error costs no fit beyond them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import DataError, OptionError
from ..memo import analysis
from ..models import synthdid as engine
from ..models.randomization import rank_conf_int, rank_pvalue
from ..models.results import result_frame
from ..options import check_choice, check_level

__all__ = ["SynthDiDResult", "synth_did"]

Estimator = Literal["sdid", "sc", "did"]
SE = Literal["placebo", "jackknife", "bootstrap"]
ESTIMATORS = ("sdid", "sc", "did")
SES = ("placebo", "jackknife", "bootstrap")


@dataclass(frozen=True)
class SynthDiDResult:
    """A synthetic DiD / SC / DiD estimate with its weights, path and inference.

    An :class:`~gxq_analysis.models.results.EstimationResults` with one term, ``att``: standard
    error ``se`` (``se_method``), normal p-value and interval (:attr:`pvalue`,
    :meth:`conf_int`); the in-space placebo's rank test is beside them
    (:attr:`placebo_pvalue`, :meth:`rank_conf_int`).
    """

    outcome: str
    estimator: str
    se_method: str
    att: float
    se: float
    level: float
    treated: tuple[str, ...]
    start: object
    log: bool
    reps: int
    seed: int
    unit_weights: pd.Series = field(repr=False)
    time_weights: pd.Series = field(repr=False)
    trajectory: pd.DataFrame = field(repr=False)
    pre_rmspe: float = float("nan")
    placebos: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    placebo_gaps: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    n_placebo: int = 0
    placebo_exhaustive: bool = False
    se_mc: float = 0.0
    placebo_taus: np.ndarray = field(default_factory=lambda: np.empty(0), repr=False)

    @property
    def post_rmspe(self) -> float:
        """Root mean squared gap between treated and synthetic after the start."""
        gap = self.trajectory["treated"] - self.trajectory["synthetic"]
        post = self.trajectory["time_weight"].isna()
        return float(np.sqrt(np.mean(gap[post] ** 2)))

    @property
    def rmspe_ratio(self) -> float:
        """Post- to pre-treatment RMSPE (Abadie, Diamond and Hainmueller 2010)."""
        return self.post_rmspe / self.pre_rmspe if self.pre_rmspe > 0 else float("inf")

    def _rank_p(self, column: str, observed: float) -> float:
        if self.placebos.empty:
            return float("nan")
        return rank_pvalue(observed, self.placebos[column].to_numpy())

    @property
    def min_rank_pvalue(self) -> float:
        """The smallest in-space rank p-value, ``1 / (1 + P)`` with P placebo sets."""
        return 1 / (1 + len(self.placebos)) if len(self.placebos) else float("nan")

    def rank_conf_int(self) -> tuple[float, float]:
        """The in-space rank test inverted at ``level``: ``att ± a_(k)``
        (:func:`~gxq_analysis.models.randomization.rank_conf_int`); (nan, nan) without the
        in-space placebo."""
        if self.placebos.empty:
            return (float("nan"), float("nan"))
        return rank_conf_int(self.att, self.placebos["att"].to_numpy(), self.level)

    @property
    def placebo_pvalue(self) -> float:
        """In-space placebo p-value of ``|att|``: its rank among the placebo estimates
        (the observed counted), ``nan`` without in-space placebos."""
        return self._rank_p("att", self.att)

    @property
    def rmspe_pvalue(self) -> float:
        """In-space placebo p-value of the post/pre RMSPE ratio (the SC studies' test)."""
        return self._rank_p("ratio", self.rmspe_ratio)

    @property
    def pvalue(self) -> float:
        """Two-sided normal p-value of ``att / se``."""
        if not np.isfinite(self.se) or self.se <= 0:
            return float("nan")
        return float(2 * stats.norm.sf(abs(self.att / self.se)))

    def conf_int(self) -> tuple[float, float]:
        """Normal interval ``att ± z·se`` at ``level``."""
        z = stats.norm.ppf(0.5 + self.level / 2)
        return (self.att - z * self.se, self.att + z * self.se)

    # -- the results protocol (models.results.EstimationResults) -----------------------------
    @property
    def params(self) -> pd.Series:
        """The estimate by term: ``att``."""
        return pd.Series({"att": self.att}, name="coef")

    @property
    def std_errors(self) -> pd.Series:
        """The standard error of ``att`` (``se_method``)."""
        return pd.Series({"att": self.se}, name="std_err")

    @property
    def pvalues(self) -> pd.Series:
        """The normal p-value of ``att`` (:attr:`pvalue`)."""
        return pd.Series({"att": self.pvalue}, name="pvalue")

    @property
    def intervals(self) -> pd.DataFrame:
        """The normal interval of ``att`` at :attr:`level` (:meth:`conf_int`)."""
        lo, hi = self.conf_int()
        return pd.DataFrame({"lower": [lo], "upper": [hi]}, index=["att"])

    def to_frame(self) -> pd.DataFrame:
        """The estimate as a coefficient frame, with the in-space placebo's rank p-value and
        the pre-period fit."""
        return result_frame(
            self,
            placebo_pvalue=[self.placebo_pvalue],
            pre_rmspe=[self.pre_rmspe],
            inference=[self.se_method],
        )

    def summary(self) -> str:
        """What was estimated and how, then :meth:`to_frame`."""
        names = {"sdid": "Synthetic difference-in-differences", "sc": "Synthetic control",
                 "did": "Difference-in-differences (synthdid)"}  # fmt: skip
        lines = [
            f"{names[self.estimator]}, outcome {self.outcome}"
            + (" (log points)" if self.log else ""),
            f"Treated: {', '.join(map(str, self.treated))} from {self.start}; "
            f"{len(self.unit_weights)} controls",
            f"Standard error: {self.se_method}"
            + (f" over {self.n_placebo} placebo sets" if self.se_method == "placebo" else "")
            + ("" if self.placebo_exhaustive or self.se_method != "placebo" else " (drawn)")
            + f"; level {self.level:g}",
        ]
        return "\n".join([*lines, "", self.to_frame().to_string(float_format=lambda v: f"{v:.6g}")])

    def summary_frame(self) -> pd.DataFrame:
        lo, hi = self.conf_int()
        return pd.DataFrame(
            {
                "estimator": [self.estimator],
                "att": [self.att],
                "se": [self.se],
                "lower": [lo],
                "upper": [hi],
                "pvalue": [self.pvalue],
                "pre_rmspe": [self.pre_rmspe],
                "placebo_pvalue": [self.placebo_pvalue],
                "rmspe_pvalue": [self.rmspe_pvalue],
                "inference": [self.se_method],
            }
        )

    def _repr_html_(self) -> str:
        return self.summary_frame().to_html(index=False)


def _matrix(
    panel: pd.DataFrame, outcome: str, treated: Sequence[object], start: object, log: bool
) -> tuple[pd.DataFrame, int, int]:
    if not isinstance(panel.index, pd.MultiIndex) or panel.index.nlevels != 2:
        raise DataError("synth_did needs a panel indexed by (entity, time)")
    if outcome not in panel.columns:
        raise OptionError(
            f"outcome={outcome!r} is not a column of the panel; choose one of: "
            + ", ".join(map(str, panel.columns))
        )
    wide = panel[outcome].unstack(level=1).sort_index(axis=1)
    units = list(wide.index)
    missing = [u for u in treated if u not in units]
    if missing:
        raise OptionError(f"treated={missing!r} not in the panel; units: {units}")
    if not treated:
        raise OptionError("treated must name at least one unit")
    times = list(wide.columns)
    if start not in times:
        raise OptionError(f"start={start!r} is not a period of the panel; periods: {times}")
    t0 = times.index(start)
    if t0 < 2:
        raise OptionError(f"start={start!r} leaves fewer than two pre-treatment periods")
    controls = [u for u in units if u not in treated]
    if len(controls) < 2:
        raise OptionError("synth_did needs at least two control units")
    wide = wide.loc[[*controls, *treated]]
    if wide.isna().any().any():
        holes = wide.isna().stack()
        first = holes[holes].index[0]
        raise DataError(
            f"{outcome} is missing for {first[0]} in {first[1]}: synth_did needs a balanced "
            "panel of the outcome"
        )
    if log:
        if (wide <= 0).any().any():
            raise DataError(f"log=True but {outcome} has values <= 0")
        wide = np.log(wide)
    return wide.astype(float), len(controls), t0


def _in_space(y, n0, t0, fit, controls, times, sets: np.ndarray):
    """Each row of ``sets`` (controls playing the treated) as an in-space placebo: estimates,
    RMSPE before and after, and the gap paths (placebo treated mean minus its synthetic path)."""
    n1 = y.shape[0] - n0
    orders = engine.set_orders(n0, sets)
    tau, omega, lam = engine.placebo_fits(y, n0, t0, fit, orders)
    pn0 = n0 - n1
    ys = y[:n0][orders]
    treated_mean = ys[:, pn0:, :].mean(axis=1)
    synthetic = np.einsum("bn,bnt->bt", omega, ys[:, :pn0, :])
    if fit.estimator != "sc":
        synthetic += np.einsum("bt,bt->b", treated_mean[:, :t0] - synthetic[:, :t0], lam)[:, None]
    gap = treated_mean - synthetic
    pre = np.sqrt(np.mean(gap[:, :t0] ** 2, axis=1))
    post = np.sqrt(np.mean(gap[:, t0:] ** 2, axis=1))
    names = [" + ".join(str(controls[i]) for i in c) for c in sets]
    with np.errstate(divide="ignore"):
        ratio = np.where(pre > 0, post / pre, np.inf)
    placebos = pd.DataFrame(
        {"units": names, "att": tau, "pre_rmspe": pre, "post_rmspe": post, "ratio": ratio}
    )
    # drawn sets may repeat (sampling as R does): the gap paths are kept once per set
    gaps = pd.DataFrame(gap.T, index=pd.Index(times, name="time"), columns=names)
    gaps = gaps.loc[:, ~gaps.columns.duplicated()]
    return placebos, gaps, tau


@analysis
def synth_did(
    panel: pd.DataFrame,
    outcome: str,
    *,
    treated: Sequence[object],
    start: object,
    estimator: Estimator = "sdid",
    log: bool = True,
    se: SE = "placebo",
    reps: int = 200,
    seed: int = 20160101,
    level: float = 0.95,
    in_space: bool = True,
    max_sets: int = engine.EXACT_PLACEBO_MAX,
) -> SynthDiDResult:
    """Synthetic difference-in-differences (or SC, or DiD) for units adopting at ``start``.

    Parameters
    ----------
    panel : DataFrame indexed by (entity, time); any outcome column
    treated : the treated units (one or more), all adopting in period ``start``
    estimator : ``"sdid"``, ``"sc"`` or ``"did"`` as in R synthdid
    log : estimate on the log of the outcome (effects in log points)
    se : ``"placebo"`` (needs more controls than treated units), ``"jackknife"`` or
        ``"bootstrap"`` (need at least two treated units)
    reps, seed : replications and seed of the bootstrap, and of the placebo sets when they are
        drawn (more than ``max_sets``); unused by an exact placebo
    level : confidence level of :meth:`SynthDiDResult.conf_int` and
        :meth:`SynthDiDResult.rank_conf_int`
    in_space : keep the in-space placebo: every set of N1 controls treated in turn (the real
        treated left out of the donor pool), with the original regularisation; gives
        ``placebos``, ``placebo_gaps``, ``placebo_pvalue``, ``rmspe_pvalue`` and
        ``rank_conf_int``
    max_sets : enumerate the placebo sets when there are at most this many (C(N0, N1)): the
        placebo standard error is then the population standard deviation over all of them
        (exact, no seed); above it ``reps`` sets are drawn with ``seed``

    Notes
    -----
    Verified against R synthdid on the Proposition 99 data (``tests/evaluation``): the point
    estimates agree to 1e-6.
    """
    check_choice("estimator", estimator, ESTIMATORS)
    check_choice("se", se, SES)
    check_level(level)
    if isinstance(reps, bool) or not isinstance(reps, int) or reps < 2:
        raise OptionError(f"reps={reps!r} is not allowed; use a whole number >= 2")
    treated = tuple(treated) if not isinstance(treated, str) else (treated,)
    wide, n0, t0 = _matrix(panel, outcome, treated, start, log)
    y = wide.to_numpy()
    n1 = len(treated)
    if se == "placebo" and n0 <= n1:
        raise OptionError("se='placebo' needs more control units than treated units")
    if se in ("jackknife", "bootstrap") and n1 < 2:
        raise OptionError(
            f"se={se!r} is not defined with one treated unit; use se='placebo' (allowed: "
            + ", ".join(SES)
            + ")"
        )
    if isinstance(max_sets, bool) or not isinstance(max_sets, int) or max_sets < 1:
        raise OptionError(f"max_sets={max_sets!r} is not allowed; use an integer >= 1")
    if in_space and n0 <= n1:
        raise OptionError("in_space=True needs more control units than treated units")
    fit = engine.estimate(y, n0, t0, estimator)
    controls, times = list(wide.index[:n0]), list(wide.columns)
    placebos, gaps, taus = pd.DataFrame(), pd.DataFrame(), np.empty(0)
    dist = None
    if in_space or se == "placebo":
        # one set of placebo fits serves the in-space placebo and the placebo standard error
        sets, exhaustive = engine.placebo_sets(n0, n1, max_sets=max_sets, reps=reps, seed=seed)
        p_tab, p_gaps, taus = _in_space(y, n0, t0, fit, controls, times, sets)
        dist = engine.PlaceboDistribution(taus, sets, exhaustive, None if exhaustive else seed)
        if in_space:
            placebos, gaps = p_tab, p_gaps
    se_mc = 0.0
    if se == "placebo":
        assert dist is not None
        s, se_mc = dist.se, dist.mc_se
    elif se == "jackknife":
        s = engine.jackknife_se(y, n0, t0, fit)
    else:
        s = engine.bootstrap_se(y, n0, t0, fit, reps=reps, seed=seed)
    treated_mean = y[n0:].mean(axis=0)
    synthetic = fit.omega @ y[:n0]
    # SDID's synthetic path is the weighted controls shifted by the pre-period level gap
    # (its unit intercept); the time weights say which pre-periods set that gap.
    shift = (treated_mean[:t0] - synthetic[:t0]) @ fit.lam if estimator != "sc" else 0.0
    trajectory = pd.DataFrame(
        {
            "treated": treated_mean,
            "synthetic": synthetic + shift,
            "time_weight": np.append(fit.lam, np.full(len(times) - t0, np.nan)),
        },
        index=pd.Index(times, name=panel.index.names[1] or "time"),
    )
    gap = trajectory["treated"] - trajectory["synthetic"]
    pre_rmspe = float(np.sqrt(np.mean(gap.iloc[:t0] ** 2)))
    return SynthDiDResult(
        outcome=outcome,
        estimator=estimator,
        se_method=se,
        att=fit.tau,
        se=s,
        level=level,
        treated=treated,
        start=start,
        log=log,
        reps=reps,
        seed=seed,
        unit_weights=pd.Series(fit.omega, index=pd.Index(controls, name="unit"), name="weight"),
        time_weights=pd.Series(fit.lam, index=pd.Index(times[:t0], name="time"), name="weight"),
        trajectory=trajectory,
        pre_rmspe=pre_rmspe,
        placebos=placebos,
        placebo_gaps=gaps,
        n_placebo=0 if dist is None else len(dist.tau),
        placebo_exhaustive=bool(dist is not None and dist.exhaustive),
        se_mc=se_mc,
        placebo_taus=taus,
    )
