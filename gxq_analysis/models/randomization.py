"""Randomization (permutation) inference for a DiD with few treated units.

With one or two treated zones among fifteen, cluster-robust t tests over-reject and the wild
cluster bootstrap under-rejects (MacKinnon and Webb 2017, 2018).  Randomization inference asks
instead how unusual the observed statistic is among the statistics of every other assignment of
the treatment to the same number of units (Fisher; for DiD with few treated clusters MacKinnon
and Webb 2020, "Randomization inference for difference-in-differences with few treated
clusters", J. Econometrics 218(2)).  If the zones are exchangeable under the null, the p-value
is exact whatever the error distribution.

Conventions
-----------
* Assignments: every set of ``n_treated`` units when there are at most ``max_assignments`` of
  them (C(15, 2) = 105 here), otherwise the observed set plus ``max_assignments − 1`` distinct
  sets drawn with ``numpy.random.default_rng(seed)``.  The observed assignment is always row 0.
* Statistic: the t of the two-way fixed-effects regression (controls allowed), with
  ``statistic="classical"`` the pooled-residual standard error (default) or ``"clustered"`` the
  CRV1 one.  The classical t is *not* studentized per assignment in any useful sense: on a
  balanced panel without controls the demeaned treatment has the same norm under every
  assignment and ``t² = β̂² D / ((ÿ'ÿ − β̂² D) / n)`` is increasing in ``|β̂|``, so it ranks the
  assignments exactly as the coefficient does (``tests/models/test_randomization.py`` checks
  this).  The clustered t is studentized per assignment (its variance uses that assignment's
  cluster scores).  Both keep their size by construction when the zones are exchangeable;
  which one headlines is decided by their measured size-adjusted power
  (``benchmarks/bench_policy.py``).  MacKinnon and Webb (2020) prefer a t to the raw
  coefficient when treated and control clusters differ in size.  Small-sample factors are the
  same for every assignment and cancel.
* p-value: ``#{a : |t_a| ≥ |t_obs|} / A`` with the observed assignment counted (so ``p ≥ 1/A``);
  ties within a relative 1e-9 count as exceedances.
* Interval: test inversion of the sharp null ``Y(0) = Y − δ·D``: the set of δ whose p-value
  exceeds ``1 − level``; the endpoints are bracketed outward from β̂ and bisected to 1e-8
  standard errors.  It is unbounded when ``1/A ≥ 1 − level``.
* Pre-trend test: the Wald statistic (classical or clustered, as above) that all leads of
  the event study are zero, computed for every assignment; p as above.  Per-coefficient
  event-study p-values likewise.

Written here: linearmodels, statsmodels and pyfixest have no randomization inference for panel
regressions (pyfixest's ``ritest`` permutes the regressor row by row, not the treated set of
units, and uses the coefficient rather than the clustered t).  The whole computation is a few
matrix products because the two-way within transformation is linear: the demeaned outcome is
fixed and only the demeaned treatment columns change between assignments.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations
from typing import Literal

import numpy as np

from .within import group_sums, twoway_demean

__all__ = [
    "STATISTICS",
    "RandomizationTest",
    "Statistic",
    "assignments",
    "did_randomization",
    "event_randomization",
    "rank_conf_int",
    "rank_pvalue",
    "westfall_young",
]

TIE = 1e-9
Statistic = Literal["classical", "clustered"]
STATISTICS = ("classical", "clustered")


@dataclass(frozen=True)
class RandomizationTest:
    """The observed statistic, its randomization p-value and what it was computed from."""

    statistic: float
    pvalue: float
    n_assignments: int
    exhaustive: bool
    seed: int
    draws: np.ndarray  # the statistic under every assignment (row 0: observed)
    conf_int: tuple[float, float] = (float("nan"), float("nan"))
    level: float = float("nan")

    @property
    def min_pvalue(self) -> float:
        """The smallest attainable p-value, ``1 / A``."""
        return 1.0 / self.n_assignments


def assignments(
    n_units: int, treated: np.ndarray, *, max_assignments: int, seed: int
) -> tuple[np.ndarray, bool]:
    """Rows of unit indices of the treated set: the observed set first, then the others.

    Returns ``(sets, exhaustive)``; ``sets`` is ``A × n_treated`` (sorted within rows).
    """
    obs = tuple(sorted(int(i) for i in treated))
    k = len(obs)
    total = math.comb(n_units, k)
    if total <= max_assignments:
        rest = [c for c in combinations(range(n_units), k) if c != obs]
        return np.array([obs, *rest], dtype=np.intp).reshape(-1, k), True
    rng = np.random.default_rng(seed)
    seen = {obs}
    rows = [obs]
    while len(rows) < max_assignments:
        c = tuple(sorted(rng.choice(n_units, size=k, replace=False).tolist()))
        if c not in seen:
            seen.add(c)
            rows.append(c)
    return np.array(rows, dtype=np.intp), False


def _partial_out(
    m: np.ndarray, unit: np.ndarray, n_units: int, time: np.ndarray, n_times: int, xc: np.ndarray
) -> np.ndarray:
    """Residuals of the columns of ``m`` on unit and time effects and the controls ``xc``."""
    out = twoway_demean(m, unit, n_units, time, n_times)
    if xc.shape[1]:
        coef, *_ = np.linalg.lstsq(xc, out, rcond=None)
        out = out - xc @ coef
    return out


def _controls(
    x: np.ndarray | None, unit: np.ndarray, n_units: int, time: np.ndarray, n_times: int
) -> np.ndarray:
    if x is None or x.size == 0:
        return np.empty((len(unit), 0))
    return twoway_demean(np.asarray(x, float).reshape(len(unit), -1), unit, n_units, time, n_times)


#: Floats held at once for the partialled-out treatment columns (bounds memory at ~64 MB).
BLOCK_FLOATS = 8_000_000


def _blocks(n_assignments: int, width: int) -> list[slice]:
    """Slices of assignments small enough that ``width`` floats each fit in a block."""
    size = max(1, BLOCK_FLOATS // max(width, 1))
    return [slice(i, min(i + size, n_assignments)) for i in range(0, n_assignments, size)]


def _members(sets: np.ndarray, n_units: int) -> np.ndarray:
    """``A × n_units`` boolean: unit ``u`` is treated under assignment ``a``."""
    member = np.zeros((len(sets), n_units), dtype=bool)
    member[np.repeat(np.arange(len(sets)), sets.shape[1]), sets.ravel()] = True
    return member


def _pvalue(draws: np.ndarray) -> float:
    a = np.abs(draws)
    return float(np.mean(a >= a[0] * (1 - TIE)))


@dataclass(frozen=True)
class _Setup:
    """What both tests share: codes, the assignments and the partialled-out outcome."""

    unit: np.ndarray
    n_units: int
    time: np.ndarray
    n_times: int
    sets: np.ndarray
    exhaustive: bool
    member: np.ndarray
    xc: np.ndarray
    yd: np.ndarray

    def partial_out(self, m: np.ndarray) -> np.ndarray:
        return _partial_out(m, self.unit, self.n_units, self.time, self.n_times, self.xc)


def _setup(y, unit, time, treated, controls, max_assignments, seed) -> _Setup:
    unit, time = np.asarray(unit), np.asarray(time)
    n_units, n_times = int(unit.max()) + 1, int(time.max()) + 1
    sets, exhaustive = assignments(n_units, treated, max_assignments=max_assignments, seed=seed)
    xc = _controls(controls, unit, n_units, time, n_times)
    yd = _partial_out(np.asarray(y, float), unit, n_units, time, n_times, xc)
    return _Setup(unit, n_units, time, n_times, sets, exhaustive, _members(sets, n_units), xc, yd)


def did_randomization(
    y: np.ndarray,
    unit: np.ndarray,
    time: np.ndarray,
    post: np.ndarray,
    treated: np.ndarray,
    *,
    controls: np.ndarray | None = None,
    statistic: Statistic = "classical",
    level: float = 0.95,
    max_assignments: int = 10_000,
    seed: int = 20160101,
) -> RandomizationTest:
    """Randomization test and interval for the DiD coefficient of ``treated × post``.

    Parameters
    ----------
    y : outcome, one value per row
    unit, time : dense codes ``0 .. n-1`` of each row's unit and period (clusters = units)
    post : per row, the exposure of a treated unit: 1 at or after the start, else 0 (any
        weights work, e.g. ``t − t_ref`` for a linear trend)
    treated : indices (unit codes) of the treated units
    controls : optional ``N × k`` regressors kept in every regression
    """
    st = _setup(y, unit, time, treated, controls, max_assignments, seed)
    unit, n_units, sets, member, yd = st.unit, st.n_units, st.sets, st.member, st.yd
    exhaustive = st.exhaustive
    post = np.asarray(post, float)
    d_obs = st.partial_out(member[0, unit] * post)
    # per-cluster pieces, affine in the null value δ (module notes): G × A each
    p_g, q_g, r_g = (np.empty((n_units, len(sets))) for _ in range(3))
    for block in _blocks(len(sets), len(yd)):
        d = (member[block][:, unit] * post[None, :]).T  # N × block
        dd = st.partial_out(d)
        p_g[:, block] = group_sums(dd * yd[:, None], unit, n_units)  # Σ_g D̈_a ÿ
        q_g[:, block] = group_sums(dd * d_obs[:, None], unit, n_units)  # Σ_g D̈_a D̈_obs
        r_g[:, block] = group_sums(dd * dd, unit, n_units)  # Σ_g D̈_a²
    den = r_g.sum(axis=0)
    if np.any(den <= 0):
        raise ValueError("an assignment leaves no variation in the treatment after the effects")

    yy, yo, oo = float(yd @ yd), float(yd @ d_obs), float(d_obs @ d_obs)

    def tstats(delta: float) -> np.ndarray:
        beta = (p_g.sum(axis=0) - delta * q_g.sum(axis=0)) / den
        if statistic == "clustered":
            s = p_g - delta * q_g - beta * r_g
            se = np.sqrt((s * s).sum(axis=0)) / den
        else:  # residual sum of squares of (ÿ − δ D̈_obs) on D̈_a, pooled variance
            rss = yy - 2 * delta * yo + delta * delta * oo - beta * beta * den
            se = np.sqrt(np.clip(rss, 0, None) / len(yd) / den)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(se > 0, beta / se, 0.0)

    def p_at(delta: float) -> float:
        return _pvalue(tstats(delta))

    t0 = tstats(0.0)
    beta_hat = float(p_g[:, 0].sum() / den[0])
    se_hat = abs(beta_hat / t0[0]) if t0[0] != 0 else float(np.sqrt(yy / len(yd) / den[0]))
    alpha = 1 - level
    ci = _invert(p_at, beta_hat, se_hat, alpha, len(sets))
    return RandomizationTest(
        statistic=float(t0[0]),
        pvalue=_pvalue(t0),
        n_assignments=len(sets),
        exhaustive=exhaustive,
        seed=seed,
        draws=t0,
        conf_int=ci,
        level=level,
    )


def _invert(p_at, est: float, se: float, alpha: float, n: int) -> tuple[float, float]:
    """``{δ : p(δ) > alpha}`` bracketed outward from ``est`` and bisected (module notes)."""
    if 1.0 / n > alpha or not np.isfinite(se) or se <= 0:
        return (-math.inf, math.inf)
    bounds = []
    for sign in (-1.0, 1.0):
        inner, step = est, se
        outer = est + sign * step
        while p_at(outer) > alpha:
            inner, step = outer, step * 2
            outer = est + sign * step
            if step > 1e6 * se:
                return (-math.inf, math.inf)
        while abs(outer - inner) > 1e-8 * se:
            mid = (inner + outer) / 2
            if p_at(mid) > alpha:
                inner = mid
            else:
                outer = mid
        bounds.append((inner + outer) / 2)
    return (bounds[0], bounds[1])


def event_randomization(
    y: np.ndarray,
    unit: np.ndarray,
    time: np.ndarray,
    rel: np.ndarray,
    treated: np.ndarray,
    *,
    leads: np.ndarray,
    controls: np.ndarray | None = None,
    statistic: Statistic = "classical",
    max_assignments: int = 10_000,
    seed: int = 20160101,
) -> tuple[RandomizationTest, np.ndarray]:
    """Randomization tests of the event study: the joint Wald test of the leads and one
    p-value per coefficient.

    Parameters
    ----------
    rel : per row, the index ``0 .. k-1`` of its event-time dummy, or −1 for the reference
        period (no dummy)
    leads : indices of the dummies that are leads (tested jointly)

    Returns
    -------
    The joint test of the leads (``statistic`` = Wald / number of leads) and the per-coefficient
    randomization p-values (``k``).
    """
    st = _setup(y, unit, time, treated, controls, max_assignments, seed)
    unit, n_units, sets, member, yd = st.unit, st.n_units, st.sets, st.member, st.yd
    exhaustive = st.exhaustive
    rel = np.asarray(rel)
    k = int(rel.max()) + 1
    n_a, n = len(sets), len(yd)
    onehot = np.zeros((n, k))
    has = rel >= 0
    onehot[np.flatnonzero(has), rel[has]] = 1.0
    beta, vcov = np.empty((n_a, k)), np.empty((n_a, k, k))
    for block in _blocks(n_a, n * k):
        m = block.stop - block.start
        # N × m × k event dummies of these assignments, partialled out in one call
        x = (member[block][:, unit].T[:, :, None] * onehot[:, None, :]).reshape(n, m * k)
        xd = st.partial_out(x).reshape(n, m, k)
        bread = np.linalg.pinv(np.einsum("nak,naj->akj", xd, xd))
        b = np.einsum("akj,aj->ak", bread, np.einsum("nak,n->ak", xd, yd))
        e = yd[:, None] - np.einsum("nak,ak->na", xd, b)
        scores = group_sums((xd * e[:, :, None]).reshape(n, m * k), unit, n_units)
        scores = scores.reshape(n_units, m, k)
        if statistic == "clustered":
            meat = np.einsum("gak,gaj->akj", scores, scores)
            vcov[block] = bread @ meat @ bread
        else:  # classical: σ̂²(X̃'X̃)⁻¹ with the pooled residual variance
            vcov[block] = bread * ((e * e).sum(axis=0) / n)[:, None, None]
        beta[block] = b
    se = np.sqrt(np.clip(np.einsum("akk->ak", vcov), 0, None))
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(se > 0, beta / se, 0.0)
    per_coef = np.array([_pvalue(t[:, j]) for j in range(k)])
    leads = np.asarray(leads, dtype=np.intp)
    b = beta[:, leads]
    v = vcov[:, leads][:, :, leads]
    wald = np.einsum("ak,akj,aj->a", b, np.linalg.pinv(v), b) / max(len(leads), 1)
    joint = RandomizationTest(
        statistic=float(wald[0]),
        pvalue=_pvalue(wald),
        n_assignments=n_a,
        exhaustive=exhaustive,
        seed=seed,
        draws=wald,
    )
    return joint, per_coef


def rank_pvalue(estimate: float, placebos: np.ndarray) -> float:
    """Rank p-value of ``|estimate|`` among ``|placebos|``, the estimate counted:
    ``(1 + #{|placebo| ≥ |estimate|}) / (1 + P)``, ties within a relative 1e-9 counted."""
    others = np.abs(np.asarray(placebos, float))
    if not len(others):
        return float("nan")
    return float((1 + np.sum(others >= abs(estimate) * (1 - TIE))) / (1 + len(others)))


def rank_conf_int(estimate: float, placebos: np.ndarray, level: float) -> tuple[float, float]:
    """The inverted rank test: every δ whose :func:`rank_pvalue` of ``estimate − δ`` exceeds
    ``1 − level``.

    Valid when the placebo estimates do not involve the treated units (an in-space placebo:
    controls playing the treated, the real treated out of the donor pool) and the estimate
    moves one for one with a constant effect on the treated after the start (SDID, SC and DiD
    do: their weights use no treated post-period value). Then under the sharp null ``δ`` the
    estimate is ``estimate − δ`` and the placebos are unchanged, so the set is
    ``estimate ± a_(k)`` with ``a_(k)`` the k-th largest ``|placebo|`` and
    ``k = floor((1 − level)(1 + P))``; unbounded when ``k = 0`` (too few placebos).
    """
    a = np.sort(np.abs(np.asarray(placebos, float)))[::-1]
    k = math.floor((1 - level) * (1 + len(a)) + 1e-12)
    if k < 1:
        return (-math.inf, math.inf)
    c = float(a[k - 1])
    return (estimate - c, estimate + c)


def westfall_young(draws: np.ndarray) -> np.ndarray:
    """Westfall–Young step-down min-p adjusted p-values over several outcomes.

    ``draws`` is ``A × K``: the statistic of each of K outcomes under each of A assignments
    (the same assignments for every outcome; row 0 the observed one), larger ``|·|`` more
    extreme. Each column is turned into randomization p-values (the rank of every assignment
    within its column), then the observed p-values are adjusted by the step-down min-p
    procedure (Westfall and Young 1993, Algorithm 2.8), with the observed assignment counted:
    the adjusted p controls the family-wise error rate over the K outcomes exactly when the
    assignments are exchangeable, and is never below the unadjusted one.
    """
    d = np.abs(np.asarray(draws, float))
    n_a, k = d.shape
    # p of every assignment within each column: share of assignments at least as extreme
    p_all = np.empty_like(d)
    for j in range(k):
        col = d[:, j]
        srt = np.sort(col)
        # number of values >= col[a] * (1 - TIE)
        p_all[:, j] = (n_a - np.searchsorted(srt, col * (1 - TIE), side="left")) / n_a
    p_obs = p_all[0]
    order = np.argsort(p_obs, kind="mergesort")  # most significant first
    adj = np.empty(k)
    running = 0.0
    for r, j in enumerate(order):
        rest = order[r:]  # outcomes not yet stepped down past
        q = p_all[:, rest].min(axis=1)
        val = float(np.mean(q <= p_obs[j] * (1 + TIE)))
        running = max(running, val)
        adj[j] = running
    return np.minimum(adj, 1.0)
