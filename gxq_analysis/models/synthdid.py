"""Synthetic difference-in-differences, synthetic control and DiD on an outcome matrix.

A transcription of the R package synthdid (Arkhangelsky, Athey, Hirshberg, Imbens and Wager,
2021, "Synthetic Difference-in-Differences", AER 111(12); github synth-inference/synthdid,
``R/synthdid.R``, ``R/solver.R``, ``R/vcov.R``): unit weights ω and time weights λ from
regularised least squares on the simplex, solved by Frank–Wolfe with exact line search, then
re-solved from a sparsified start; the estimate is the ω/λ-weighted double difference.

Written here rather than imported: no Python package on PyPI that we could verify reproduces
synthdid's regularisation, sparsification and placebo variance together (``tests/models`` and
``tests/evaluation/test_synthdid.py`` check this module against R's printed estimates on the
Proposition 99 data to 1e-3), and the algorithm is short.

Notes
-----
``Y`` is N × T with the N0 control rows first and the T0 pre-treatment columns first. With
σ the standard deviation of the controls' first differences before treatment,

* unit weights: ζ_ω = ((N − N0)(T − T0))^{1/4} σ, intercept, minimise
  ‖ω0 + Y_{co,pre}ᵀω − ȳ_{tr,pre}‖² / T0 + ζ_ω² ‖ω‖² over the simplex;
* time weights: ζ_λ = 10⁻⁶ σ, intercept, minimise
  ‖λ0 + Y_{co,pre}λ − ȳ_{co,post}‖² / N0 + ζ_λ² ‖λ‖²;
* τ̂ = (ȳ_{tr,post} − λᵀȳ_{tr,pre}) − (ωᵀȳ_{co,post} − ωᵀY_{co,pre}λ).

Synthetic control is the same with λ = 0, no unit intercept and ζ_ω = 10⁻⁶ σ; DiD uses uniform
ω and λ. The placebo variance re-assigns N1 controls as treated in each replication and
re-estimates with the original regularisation (synthdid's ``placebo_se``).

Placebo standard error, convention. R synthdid returns ``sqrt((r − 1) / r) * sd(draws)`` over
r replications, each a uniformly random set of N1 controls (``sample(1:N0)``): ``sd`` divides
by r − 1, the factor turns it into the population standard deviation of the r draws. A placebo
estimate depends only on which set plays the treated, so as r grows this tends to the
population standard deviation over the C(N0, N1) sets, each counted once. That is what
:func:`placebo_distribution` computes whenever C(N0, N1) ≤ :data:`EXACT_PLACEBO_MAX` (exact, no
seed); above it, ``reps`` sets are drawn as R does and the Monte Carlo error of the standard
error is reported (:attr:`PlaceboDistribution.mc_se`). :func:`placebo_se` keeps R's sampled
version (used to compare with published figures).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations
from typing import Literal

import numpy as np

__all__ = [
    "EXACT_PLACEBO_MAX",
    "Estimator",
    "Fit",
    "PlaceboDistribution",
    "bootstrap_se",
    "estimate",
    "estimate_batch",
    "jackknife_se",
    "placebo_distribution",
    "placebo_fits",
    "placebo_fits_batch",
    "placebo_se",
    "placebo_sets",
    "set_orders",
]

Estimator = Literal["sdid", "sc", "did"]


@dataclass(frozen=True)
class Fit:
    """One estimate: τ̂, the weights, and the options re-used by the variance estimators."""

    tau: float
    omega: np.ndarray  # over the N0 controls
    lam: np.ndarray  # over the T0 pre-periods
    estimator: str
    zeta_omega: float
    zeta_lambda: float
    min_decrease: float


def _collapsed(y: np.ndarray, n0: int, t0: int) -> np.ndarray:
    """(N0 + 1) × (T0 + 1): controls and the treated mean; pre-periods and the post mean."""
    top = np.column_stack([y[:n0, :t0], y[:n0, t0:].mean(axis=1)])
    bottom = np.append(y[n0:, :t0].mean(axis=0), y[n0:, t0:].mean())
    return np.vstack([top, bottom])


def noise_level(y: np.ndarray, n0: int, t0: int) -> float:
    """Standard deviation of the controls' first differences before treatment (R's ``sd``)."""
    return float(np.std(np.diff(y[:n0, :t0], axis=1), ddof=1))


def _solve(
    y: np.ndarray,
    n0: int,
    t0: int,
    *,
    estimator: str,
    zeta_omega: float,
    zeta_lambda: float,
    min_decrease: float,
    omega: np.ndarray | None,
    lam: np.ndarray | None,
) -> tuple[np.ndarray, np.ndarray]:
    """Unit and time weights of one panel: :func:`_weights_batch` on a stack of one (R's
    ``synthdid_estimate`` with ``update.omega``, and ``update.lambda`` for SDID)."""
    one = lambda v: np.array([v], float)  # noqa: E731
    omegas, lams = _weights_batch(
        _collapsed(y, n0, t0)[None], n0, t0, estimator=estimator,
        zeta_omega=one(zeta_omega), zeta_lambda=one(zeta_lambda),
        min_decrease=one(min_decrease), omega0=None if omega is None else omega[None],
        lam0=None if lam is None else lam[None],
    )  # fmt: skip
    return omegas[0], lams[0]


def _tau(y: np.ndarray, n0: int, t0: int, omega: np.ndarray, lam: np.ndarray) -> float:
    n1, t1 = y.shape[0] - n0, y.shape[1] - t0
    w_unit = np.concatenate([-omega, np.full(n1, 1 / n1)])
    w_time = np.concatenate([-lam, np.full(t1, 1 / t1)])
    return float(w_unit @ y @ w_time)


def estimate(y: np.ndarray, n0: int, t0: int, estimator: Estimator = "sdid") -> Fit:
    """SDID, SC or DiD estimate on ``y`` (controls first, pre-periods first)."""
    y = np.asarray(y, float)
    sigma = noise_level(y, n0, t0)
    n1, t1 = y.shape[0] - n0, y.shape[1] - t0
    min_decrease = 1e-5 * sigma
    if estimator == "did":
        omega, lam = np.full(n0, 1 / n0), np.full(t0, 1 / t0)
        zo = zl = 0.0
    else:
        eta_omega = (n1 * t1) ** 0.25 if estimator == "sdid" else 1e-6
        zo, zl = eta_omega * sigma, 1e-6 * sigma
        omega, lam = _solve(
            y, n0, t0, estimator=estimator, zeta_omega=zo, zeta_lambda=zl,
            min_decrease=min_decrease, omega=None, lam=None,
        )  # fmt: skip
    return Fit(_tau(y, n0, t0, omega, lam), omega, lam, estimator, zo, zl, min_decrease)


def _refit(y: np.ndarray, n0: int, t0: int, fit: Fit, omega0: np.ndarray) -> float:
    """Re-estimate on a re-arranged panel with the original options (synthdid's ``opts``)."""
    if fit.estimator == "did":
        return _tau(y, n0, t0, np.full(n0, 1 / n0), np.full(t0, 1 / t0))
    omega, lam = _solve(
        y, n0, t0, estimator=fit.estimator, zeta_omega=fit.zeta_omega,
        zeta_lambda=fit.zeta_lambda, min_decrease=fit.min_decrease, omega=omega0,
        lam=fit.lam if fit.estimator == "sdid" else None,
    )  # fmt: skip
    return _tau(y, n0, t0, omega, lam)


def _normalize(v: np.ndarray) -> np.ndarray:
    s = v.sum()
    return v / s if s > 0 else np.full(len(v), 1 / len(v))


def _fw_batch(
    y: np.ndarray,
    zeta: np.ndarray | float,
    *,
    intercept: bool,
    start: np.ndarray,
    min_decrease: np.ndarray | float,
    max_iter: int,
) -> np.ndarray:
    """synthdid's ``sc.weight.fw`` for each problem of a stack ``y`` (B × n × (t0 + 1)):
    simplex weights on the first t0 columns fitting the last, from ``start`` (B × t0).

    ``zeta`` and ``min_decrease`` are one number or one per problem (problems of several
    panels, each with its own regularisation, are solved in one stack). Each problem stops by
    R's rule, so the weights are those of a line-by-line transcription of R's loop up to
    floating-point summation order (``tests/models/synthdid_reference.py`` holds that
    transcription; ``tests/models/test_synthdid_exact.py`` checks the equality).
    """
    bsz, n, t1 = y.shape
    t0 = t1 - 1
    if intercept:
        y = y - y.mean(axis=1, keepdims=True)
    zeta = np.broadcast_to(np.asarray(zeta, float), (bsz,))
    min_dec2 = np.broadcast_to(np.asarray(min_decrease, float), (bsz,)) ** 2
    a = np.ascontiguousarray(y[:, :, :t0], dtype=float)
    b = np.ascontiguousarray(y[:, :, t0], dtype=float)
    x = np.array(start, float, copy=True, order="C")
    z2 = np.ascontiguousarray(zeta**2)
    return _fw_kernel()(a, b, x, n * z2, z2, np.ascontiguousarray(min_dec2), int(max_iter))


@functools.cache
def _fw_kernel():
    """The compiled Frank–Wolfe loop (numba), built on first use.

    Why compiled: the placebo and simulation stacks are many small problems (n ≤ 15 units,
    t0 ≤ 13 periods) of which some take the full 10,000 iterations; a numpy loop over the stack
    pays its per-call overhead on every iteration (≈ 1 s per stack), the compiled loop only
    each problem's own arithmetic. ``cache=True`` keeps the machine code beside this module,
    so later processes load it instead of compiling; importing numba here, not at the top,
    keeps it out of commands that never fit a synthetic control.
    """
    import numba  # lazy: 0.3 s of import, for synthetic-control fits only (see above)

    @numba.njit(cache=True, error_model="numpy", nogil=True)
    def fw(a, b, x, eta, z2, md2, max_iter):
        # per problem: A x and the gradient's A'A x are carried from step to step (a step
        # moves x towards a vertex e_i, so they move towards column i of A and of A'A); the
        # objective is computed from the residual A x − b itself; stop once two values exist
        # and the decrease is at most min_decrease² (synthdid's rule)
        bsz, n, t0 = a.shape
        ax, gx, atb, gram = np.empty(n), np.empty(t0), np.empty(t0), np.empty((t0, t0))
        for p in range(bsz):
            for s in range(t0):
                acc = 0.0
                for r in range(n):
                    acc += a[p, r, s] * b[p, r]
                atb[s] = acc
                for u in range(t0):
                    acc = 0.0
                    for r in range(n):
                        acc += a[p, r, s] * a[p, r, u]
                    gram[s, u] = acc
            for r in range(n):
                acc = 0.0
                for s in range(t0):
                    acc += a[p, r, s] * x[p, s]
                ax[r] = acc
            for s in range(t0):
                acc = 0.0
                for u in range(t0):
                    acc += gram[s, u] * x[p, u]
                gx[s] = acc
            e = eta[p]
            prev1 = np.inf
            for it in range(max_iter):
                i = 0
                best = gx[0] - atb[0] + e * x[p, 0]
                for s in range(1, t0):
                    g = gx[s] - atb[s] + e * x[p, s]
                    if g < best:
                        best, i = g, s
                xi = x[p, i]
                xx = 0.0
                for s in range(t0):
                    xx += x[p, s] * x[p, s]
                rd, dd2 = 0.0, 0.0
                for r in range(n):
                    d = a[p, r, i] - ax[r]
                    rd += (ax[r] - b[p, r]) * d
                    dd2 += d * d
                num = -(rd + e * (xi - xx))
                dd = 1.0 - 2.0 * xi + xx
                step = 0.0
                if dd > 0:
                    step = num / (dd2 + e * dd)
                    if step < 0.0:
                        step = 0.0
                    elif step > 1.0:
                        step = 1.0
                keep = 1.0 - step
                for s in range(t0):
                    x[p, s] *= keep
                    gx[s] = gx[s] * keep + step * gram[s, i]
                x[p, i] += step
                vv = 0.0
                for s in range(t0):
                    vv += x[p, s] * x[p, s]
                ee = 0.0
                for r in range(n):
                    ax[r] = ax[r] * keep + step * a[p, r, i]
                    d = ax[r] - b[p, r]
                    ee += d * d
                val = z2[p] * vv + ee / n
                if it >= 1 and prev1 - val <= md2[p]:
                    break
                prev1 = val
        return x

    return fw


# the compiled loop depends on no chapter: a warm kernel keeps it between chapters
# (gxq_analysis.publish._kernel.KEEP_ATTRIBUTE) instead of loading it again for each
_fw_kernel.gxq_keep_between_chapters = True  # type: ignore[attr-defined]


def _sparsify_rows(v: np.ndarray) -> np.ndarray:
    v = np.where(v <= v.max(axis=1, keepdims=True) / 4, 0.0, v)
    return v / v.sum(axis=1, keepdims=True)


def _weights_batch(
    yc: np.ndarray,
    n0: int,
    t0: int,
    *,
    estimator: str,
    zeta_omega: np.ndarray,
    zeta_lambda: np.ndarray,
    min_decrease: np.ndarray,
    omega0: np.ndarray | None,
    lam0: np.ndarray | None,
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_solve` for a stack of collapsed matrices ``yc`` (B × (n0 + 1) × (t0 + 1))."""
    bsz = len(yc)
    sdid = estimator == "sdid"
    kw = dict(min_decrease=min_decrease)
    if sdid:
        start = np.full((bsz, t0), 1 / t0) if lam0 is None else lam0
        lam = _fw_batch(yc[:, :n0, :], zeta_lambda, intercept=True, start=start, max_iter=100,
                        **kw)  # fmt: skip
        lam = _fw_batch(yc[:, :n0, :], zeta_lambda, intercept=True, start=_sparsify_rows(lam),
                        max_iter=10_000, **kw)  # fmt: skip
    else:
        lam = np.zeros((bsz, t0))
    start = np.full((bsz, n0), 1 / n0) if omega0 is None else omega0
    yt = np.swapaxes(yc[:, :, :t0], 1, 2)  # B × t0 × (n0 + 1)
    omega = _fw_batch(yt, zeta_omega, intercept=sdid, start=start, max_iter=100, **kw)
    omega = _fw_batch(yt, zeta_omega, intercept=sdid, start=_sparsify_rows(omega),
                      max_iter=10_000, **kw)  # fmt: skip
    return omega, lam


def _collapsed_batch(ys: np.ndarray, n0: int, t0: int) -> np.ndarray:
    """:func:`_collapsed` of each matrix of a stack ``ys`` (B × N × T)."""
    top = np.concatenate([ys[:, :n0, :t0], ys[:, :n0, t0:].mean(axis=2, keepdims=True)], axis=2)
    bottom = np.concatenate(
        [ys[:, n0:, :t0].mean(axis=1), ys[:, n0:, t0:].mean(axis=(1, 2))[:, None]], axis=1
    )
    return np.concatenate([top, bottom[:, None, :]], axis=1)


def _tau_batch(ys: np.ndarray, n0: int, t0: int, omega: np.ndarray, lam: np.ndarray):
    t1 = ys.shape[2] - t0
    w_time = np.concatenate([-lam, np.full((len(ys), t1), 1 / t1)], axis=1)  # B × T
    ctrl = np.einsum("bn,bnt->bt", omega, ys[:, :n0, :])
    trt = ys[:, n0:, :].mean(axis=1)
    return np.einsum("bt,bt->b", trt - ctrl, w_time)


def estimate_batch(ys: np.ndarray, n0: int, t0: int, estimator: Estimator = "sdid") -> list[Fit]:
    """:func:`estimate` for a stack of panels ``ys`` (P × N × T, each with the N0 controls and
    the T0 pre-periods first), solved together: one Frank–Wolfe loop for all of them.

    Each fit equals :func:`estimate` on its panel up to floating-point summation order
    (tested); the simulation study fits thousands of panels this way.
    """
    ys = np.asarray(ys, float)
    if ys.ndim != 3:
        raise ValueError("ys must be a stack of outcome matrices, P x N x T")
    p = len(ys)
    n1, t1 = ys.shape[1] - n0, ys.shape[2] - t0
    sigma = np.array([noise_level(y, n0, t0) for y in ys])
    min_decrease = 1e-5 * sigma
    if estimator == "did":
        omega, lam = np.full((p, n0), 1 / n0), np.full((p, t0), 1 / t0)
        zo = zl = np.zeros(p)
    else:
        eta_omega = (n1 * t1) ** 0.25 if estimator == "sdid" else 1e-6
        zo, zl = eta_omega * sigma, 1e-6 * sigma
        omega, lam = _weights_batch(
            _collapsed_batch(ys, n0, t0), n0, t0, estimator=estimator, zeta_omega=zo,
            zeta_lambda=zl, min_decrease=min_decrease, omega0=None,
            lam0=None if estimator == "sdid" else np.zeros((p, t0)),
        )  # fmt: skip
    tau = _tau_batch(ys, n0, t0, omega, lam)
    fields = zip(tau, omega, lam, zo, zl, min_decrease, strict=True)
    return [
        Fit(float(t), w, v, estimator, float(a), float(b), float(m)) for t, w, v, a, b, m in fields
    ]


def placebo_fits_batch(
    ys: np.ndarray, n0: int, t0: int, fits: list[Fit], orders: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`placebo_fits` for a stack of panels ``ys`` (P × N × T) with their ``fits``,
    the same ``orders`` (B × N0) for every panel, all problems in one loop.

    Returns ``(tau, omega, lam)``: P × B, P × B × (N0 − N1), P × B × T0.
    """
    ys = np.asarray(ys, float)
    p, n = ys.shape[0], ys.shape[1]
    n1 = n - n0
    pn0 = n0 - n1
    orders = np.asarray(orders, dtype=np.intp)
    bsz = len(orders)
    est = fits[0].estimator
    if any(f.estimator != est for f in fits):
        raise ValueError("placebo_fits_batch needs fits of one estimator")
    # P·B problems: panel k's placebo b is row k·B + b
    stack = ys[:, :n0][:, orders].reshape(p * bsz, n0, ys.shape[2])
    if est == "did":
        omega = np.full((p * bsz, pn0), 1 / pn0)
        lam = np.full((p * bsz, t0), 1 / t0)
    else:
        rep = lambda v: np.repeat(np.asarray(v, float), bsz, axis=0)  # noqa: E731
        omega0 = np.concatenate([f.omega[orders[:, :pn0]] for f in fits])
        sums = omega0.sum(axis=1, keepdims=True)
        omega0 = np.where(sums > 0, omega0 / np.where(sums > 0, sums, 1), 1 / pn0)
        omega, lam = _weights_batch(
            _collapsed_batch(stack, pn0, t0), pn0, t0, estimator=est,
            zeta_omega=rep([f.zeta_omega for f in fits]),
            zeta_lambda=rep([f.zeta_lambda for f in fits]),
            min_decrease=rep([f.min_decrease for f in fits]), omega0=omega0,
            lam0=rep([f.lam for f in fits]) if est == "sdid" else np.zeros((p * bsz, t0)),
        )  # fmt: skip
    tau = _tau_batch(stack, pn0, t0, omega, lam)
    return (tau.reshape(p, bsz), omega.reshape(p, bsz, pn0), lam.reshape(p, bsz, t0))


def placebo_fits(
    y: np.ndarray, n0: int, t0: int, fit: Fit, orders: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Placebo estimates with the original options, one per row of ``orders``.

    Each row of ``orders`` is a permutation of the N0 controls; its last N1 entries play the
    treated (synthdid's ``placebo_se`` step). Returns ``(tau, omega, lam)``: B, B × (N0 − N1),
    B × T0; ``omega`` over the controls in the order of each row.
    """
    tau, omega, lam = placebo_fits_batch(np.asarray(y, float)[None], n0, t0, [fit], orders)
    return tau[0], omega[0], lam[0]


#: Placebo sets are enumerated, not sampled, up to this many (C(N0, N1)); above it they are
#: drawn. C(13, 2) = 78 on the demonstration-zone panel, 12 with one treated among 12 donors;
#: a few thousand stacked fits take seconds.
EXACT_PLACEBO_MAX = 3000


@dataclass(frozen=True)
class PlaceboDistribution:
    """The placebo estimates behind the placebo standard error and the in-space rank test.

    ``sets`` (S × N1, sorted rows): the controls that play the treated; every set once when
    ``exhaustive``, else S sets drawn uniformly and independently (with replacement, as R
    synthdid's ``sample``) with ``seed``. ``tau``: the placebo estimate of each set.
    """

    tau: np.ndarray
    sets: np.ndarray
    exhaustive: bool
    seed: int | None

    @property
    def se(self) -> float:
        """Population standard deviation of the placebo estimates (module notes)."""
        return float(np.std(self.tau, ddof=0))

    @property
    def mc_se(self) -> float:
        """Monte Carlo standard error of :attr:`se`: 0 when every set is used, else the delta
        method's ``sqrt((m4 − s⁴) / S) / (2 s)`` with ``m4`` the fourth central moment."""
        if self.exhaustive or len(self.tau) < 2:
            return 0.0
        d = self.tau - self.tau.mean()
        s2, m4 = float(np.mean(d**2)), float(np.mean(d**4))
        return float(np.sqrt(max(m4 - s2 * s2, 0.0) / len(d)) / (2 * np.sqrt(s2))) if s2 else 0.0


def placebo_sets(
    n0: int, n1: int, *, max_sets: int = EXACT_PLACEBO_MAX, reps: int = 200, seed: int = 0
) -> tuple[np.ndarray, bool]:
    """The sets of ``n1`` of the ``n0`` controls that play the treated in the placebos.

    Every set, in lexicographic order, when there are at most ``max_sets``; otherwise ``reps``
    sets drawn uniformly with ``numpy.random.default_rng(seed)``. Returns ``(sets,
    exhaustive)``.
    """
    if n0 <= n1:
        raise ValueError("the placebo needs more controls than treated units")
    if math.comb(n0, n1) <= max_sets:
        return np.array(list(combinations(range(n0), n1)), dtype=np.intp).reshape(-1, n1), True
    rng = np.random.default_rng(seed)
    sets = np.sort(np.array([rng.choice(n0, size=n1, replace=False) for _ in range(reps)]),
                   axis=1)  # fmt: skip
    return sets.astype(np.intp), False


def set_orders(n0: int, sets: np.ndarray) -> np.ndarray:
    """Permutations of the controls with each set's members last (the placebo treated)."""
    out = []
    for c in np.asarray(sets):
        members = set(c.tolist())
        out.append([i for i in range(n0) if i not in members] + list(c))
    return np.array(out, dtype=np.intp).reshape(len(out), n0)


def placebo_distribution(
    y: np.ndarray,
    n0: int,
    t0: int,
    fit: Fit,
    *,
    max_sets: int = EXACT_PLACEBO_MAX,
    reps: int = 200,
    seed: int = 0,
) -> PlaceboDistribution:
    """Placebo estimates over every set of N1 controls (or ``reps`` drawn sets above
    ``max_sets``), with the original regularisation: synthdid's ``placebo_se`` replications,
    enumerated."""
    n1 = np.asarray(y).shape[0] - n0
    sets, exhaustive = placebo_sets(n0, n1, max_sets=max_sets, reps=reps, seed=seed)
    tau = placebo_fits(y, n0, t0, fit, set_orders(n0, sets))[0]
    return PlaceboDistribution(tau, sets, exhaustive, None if exhaustive else seed)


def placebo_draws(
    y: np.ndarray,
    n0: int,
    t0: int,
    fit: Fit,
    *,
    reps: int,
    seed: int,
    known: Mapping[tuple[int, ...], float] | None = None,
) -> np.ndarray:
    """The ``reps`` placebo estimates: N1 random controls re-assigned as treated each time.

    ``known``: placebo estimates already computed, by the sorted tuple of the control indices
    that play the treated (e.g. an in-space placebo over the same sets), used instead of a fit.
    """
    y = np.asarray(y, float)
    n1 = y.shape[0] - n0
    if n0 <= n1:
        raise ValueError("the placebo standard error needs more controls than treated units")
    rng = np.random.default_rng(seed)
    # A placebo estimate depends only on which controls play the treated (the problem is the
    # same up to the order of the rows), so each set is solved once, all sets together: with
    # one treated unit at most N0 fits instead of ``reps``.
    pn0 = n0 - n1
    known = known or {}
    first: dict[tuple[int, ...], int] = {}
    orders, keys = [], []
    for _ in range(reps):
        ind = rng.permutation(n0)
        key = tuple(sorted(ind[pn0:].tolist()))
        if key not in first and key not in known:
            first[key] = len(orders)
            orders.append(ind)
        keys.append(key)
    tau = placebo_fits(y, n0, t0, fit, np.array(orders))[0] if orders else np.empty(0)
    solved = {k: float(tau[i]) for k, i in first.items()}
    return np.array([known[k] if k in known else solved[k] for k in keys])


def placebo_se(
    y: np.ndarray,
    n0: int,
    t0: int,
    fit: Fit,
    *,
    reps: int,
    seed: int,
    known: Mapping[tuple[int, ...], float] | None = None,
) -> float:
    """synthdid's placebo standard error: N1 controls re-assigned as treated per replication."""
    draws = placebo_draws(y, n0, t0, fit, reps=reps, seed=seed, known=known)
    return float(np.sqrt((reps - 1) / reps) * np.std(draws, ddof=1))


def jackknife_se(y: np.ndarray, n0: int, t0: int, fit: Fit) -> float:
    """Leave-one-unit-out jackknife with the weights held fixed (synthdid's ``jackknife_se``
    with ``weights``): defined only with at least two treated units."""
    y = np.asarray(y, float)
    n = y.shape[0]
    if n - n0 < 2:
        raise ValueError("the jackknife standard error needs at least two treated units")
    taus = []
    for i in range(n):
        keep = np.delete(np.arange(n), i)
        k0 = n0 - (i < n0)
        omega = _normalize(np.delete(fit.omega, i)) if i < n0 else fit.omega
        taus.append(_tau(y[keep], k0, t0, omega, fit.lam))
    taus_a = np.asarray(taus)
    return float(np.sqrt((n - 1) / n * np.sum((taus_a - taus_a.mean()) ** 2)))


def bootstrap_se(y: np.ndarray, n0: int, t0: int, fit: Fit, *, reps: int, seed: int) -> float:
    """Unit bootstrap re-estimating the weights (synthdid's ``bootstrap_se``); draws without
    a treated or a control unit are redrawn. Needs at least two treated units."""
    y = np.asarray(y, float)
    n = y.shape[0]
    if n - n0 < 2:
        raise ValueError("the bootstrap standard error needs at least two treated units")
    rng = np.random.default_rng(seed)
    draws: list[float] = []
    while len(draws) < reps:
        ind = np.sort(rng.integers(0, n, n))
        b0 = int((ind < n0).sum())
        if b0 == 0 or b0 == n:
            continue
        omega0 = _normalize(fit.omega[ind[:b0]])
        draws.append(_refit(y[ind], b0, t0, fit, omega0))
    return float(np.sqrt((reps - 1) / reps) * np.std(draws, ddof=1))
