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
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np

__all__ = [
    "Estimator",
    "Fit",
    "bootstrap_se",
    "estimate",
    "jackknife_se",
    "placebo_fits",
    "placebo_se",
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


def _fw_step(a: np.ndarray, x: np.ndarray, b: np.ndarray, eta: float) -> np.ndarray:
    """One Frank–Wolfe step with exact line search for ‖Ax − b‖² + η‖x‖² on the simplex."""
    ax = a @ x
    half_grad = (ax - b) @ a + eta * x
    i = int(np.argmin(half_grad))
    d_x = -x.copy()
    d_x[i] = 1 - x[i]
    if not np.any(d_x):
        return x
    d_err = a[:, i] - ax
    step = -((ax - b) @ d_err + eta * (x @ d_x)) / (d_err @ d_err + eta * (d_x @ d_x))
    return x + min(1.0, max(0.0, step)) * d_x


def _sc_weight_fw(
    y: np.ndarray,
    zeta: float,
    *,
    intercept: bool,
    start: np.ndarray | None,
    min_decrease: float,
    max_iter: int,
) -> np.ndarray:
    """synthdid's ``sc.weight.fw``: weights on the first columns of ``y`` fitting its last."""
    n, t0 = y.shape[0], y.shape[1] - 1
    x = np.full(t0, 1 / t0) if start is None else np.asarray(start, float).copy()
    if intercept:
        y = y - y.mean(axis=0)
    a, b = y[:, :t0], y[:, t0]
    eta = n * zeta**2
    vals: list[float] = []
    while len(vals) < max_iter and (len(vals) < 2 or vals[-2] - vals[-1] > min_decrease**2):
        x = _fw_step(a, x, b, eta)
        err = a @ x - b
        vals.append(zeta**2 * float(x @ x) + float(err @ err) / n)
    return x


def _sparsify(v: np.ndarray) -> np.ndarray:
    v = np.where(v <= v.max() / 4, 0.0, v)
    return v / v.sum()


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
    zeta_omega: float,
    zeta_lambda: float,
    omega_intercept: bool,
    min_decrease: float,
    omega: np.ndarray | None,
    lam: np.ndarray | None,
    update_omega: bool,
    update_lambda: bool,
    max_iter: int = 10_000,
    max_iter_pre_sparsify: int = 100,
) -> tuple[np.ndarray, np.ndarray]:
    yc = _collapsed(y, n0, t0)
    if update_lambda:
        fit = _sc_weight_fw(yc[:n0, :], zeta_lambda, intercept=True, start=lam,
                            min_decrease=min_decrease, max_iter=max_iter_pre_sparsify)  # fmt: skip
        lam = _sc_weight_fw(yc[:n0, :], zeta_lambda, intercept=True, start=_sparsify(fit),
                            min_decrease=min_decrease, max_iter=max_iter)  # fmt: skip
    if update_omega:
        yt = yc[:, :t0].T
        fit = _sc_weight_fw(yt, zeta_omega, intercept=omega_intercept, start=omega,
                            min_decrease=min_decrease, max_iter=max_iter_pre_sparsify)  # fmt: skip
        omega = _sc_weight_fw(yt, zeta_omega, intercept=omega_intercept, start=_sparsify(fit),
                              min_decrease=min_decrease, max_iter=max_iter)  # fmt: skip
    assert omega is not None and lam is not None
    return omega, lam


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
            y, n0, t0, zeta_omega=zo, zeta_lambda=zl, omega_intercept=estimator == "sdid",
            min_decrease=min_decrease, omega=None,
            lam=None if estimator == "sdid" else np.zeros(t0),
            update_omega=True, update_lambda=estimator == "sdid",
        )  # fmt: skip
    return Fit(_tau(y, n0, t0, omega, lam), omega, lam, estimator, zo, zl, min_decrease)


def _refit(y: np.ndarray, n0: int, t0: int, fit: Fit, omega0: np.ndarray) -> float:
    """Re-estimate on a re-arranged panel with the original options (synthdid's ``opts``)."""
    if fit.estimator == "did":
        return _tau(y, n0, t0, np.full(n0, 1 / n0), np.full(t0, 1 / t0))
    sdid = fit.estimator == "sdid"
    omega, lam = _solve(
        y, n0, t0, zeta_omega=fit.zeta_omega, zeta_lambda=fit.zeta_lambda,
        omega_intercept=sdid, min_decrease=fit.min_decrease, omega=omega0,
        lam=fit.lam if sdid else np.zeros(t0), update_omega=True, update_lambda=sdid,
    )  # fmt: skip
    return _tau(y, n0, t0, omega, lam)


def _normalize(v: np.ndarray) -> np.ndarray:
    s = v.sum()
    return v / s if s > 0 else np.full(len(v), 1 / len(v))


def _fw_batch(
    y: np.ndarray, zeta: float, *, intercept: bool, start: np.ndarray, min_decrease: float,
    max_iter: int,
) -> np.ndarray:  # fmt: skip
    """:func:`_sc_weight_fw` for a stack of problems ``y`` (B × n × (t0 + 1)) at once.

    Each problem stops by its own rule (the same as the single solver), so the weights are the
    ones the single solver returns, up to floating-point summation order; stacking makes the
    placebo and in-space loops one numpy loop instead of one per problem.
    """
    bsz, n, t1 = y.shape
    t0 = t1 - 1
    x = np.array(start, float, copy=True)
    if intercept:
        y = y - y.mean(axis=1, keepdims=True)
    a, b = y[:, :, :t0], y[:, :, t0]
    eta = n * zeta**2
    prev2 = np.full(bsz, np.inf)
    prev1 = np.full(bsz, np.inf)
    idx = np.arange(bsz)  # the problems still running
    kept = idx  # their rows in the current stack ``a``, ``b``
    for it in range(max_iter):
        if not idx.size:
            break
        if idx.size < a.shape[0]:  # drop the finished problems from the stack
            a, b = a[kept], b[kept]
        pos = np.arange(idx.size)
        xa = x[idx]
        ax = np.einsum("bnt,bt->bn", a, xa)
        res = ax - b
        half_grad = np.einsum("bn,bnt->bt", res, a) + eta * xa
        i = np.argmin(half_grad, axis=1)
        d_x = -xa
        d_x[pos, i] += 1
        d_err = a[pos, :, i] - ax
        num = -(np.einsum("bn,bn->b", res, d_err) + eta * np.einsum("bt,bt->b", xa, d_x))
        den = np.einsum("bn,bn->b", d_err, d_err) + eta * np.einsum("bt,bt->b", d_x, d_x)
        moving = np.any(d_x != 0, axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            step = np.where(moving, np.clip(num / den, 0.0, 1.0), 0.0)
        xa = xa + step[:, None] * d_x
        x[idx] = xa
        err = np.einsum("bnt,bt->bn", a, xa) - b
        val = zeta**2 * np.einsum("bt,bt->b", xa, xa) + np.einsum("bn,bn->b", err, err) / n
        prev2[idx], prev1[idx] = prev1[idx], val
        # the single solver's rule: stop once two values exist and the decrease is small
        done = (it >= 1) & (prev2[idx] - prev1[idx] <= min_decrease**2)
        kept = np.flatnonzero(~done)
        idx = idx[kept]
    return x


def _sparsify_rows(v: np.ndarray) -> np.ndarray:
    v = np.where(v <= v.max(axis=1, keepdims=True) / 4, 0.0, v)
    return v / v.sum(axis=1, keepdims=True)


def placebo_fits(
    y: np.ndarray, n0: int, t0: int, fit: Fit, orders: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Placebo estimates with the original options, one per row of ``orders``.

    Each row of ``orders`` is a permutation of the N0 controls; its last N1 entries play the
    treated (synthdid's ``placebo_se`` step). Returns ``(tau, omega, lam)``: B, B × (N0 − N1),
    B × T0; ``omega`` over the controls in the order of each row.
    """
    y = np.asarray(y, float)
    n1 = y.shape[0] - n0
    pn0 = n0 - n1
    orders = np.asarray(orders, dtype=np.intp)
    bsz = len(orders)
    ys = y[orders]  # B × N0 × T: placebo controls first, placebo treated last
    if fit.estimator == "did":
        omega = np.full((bsz, pn0), 1 / pn0)
        lam = np.full((bsz, t0), 1 / t0)
    else:
        sdid = fit.estimator == "sdid"
        # collapsed (pn0 + 1) × (t0 + 1) matrices, as _collapsed for each problem
        top = np.concatenate(
            [ys[:, :pn0, :t0], ys[:, :pn0, t0:].mean(axis=2, keepdims=True)], axis=2
        )
        bottom = np.concatenate(
            [ys[:, pn0:, :t0].mean(axis=1), ys[:, pn0:, t0:].mean(axis=(1, 2))[:, None]], axis=1
        )
        yc = np.concatenate([top, bottom[:, None, :]], axis=1)
        kw = dict(min_decrease=fit.min_decrease)
        if sdid:
            lam0 = np.broadcast_to(fit.lam, (bsz, t0))
            lam = _fw_batch(yc[:, :pn0, :], fit.zeta_lambda, intercept=True, start=lam0,
                            max_iter=100, **kw)  # fmt: skip
            lam = _fw_batch(yc[:, :pn0, :], fit.zeta_lambda, intercept=True,
                            start=_sparsify_rows(lam), max_iter=10_000, **kw)  # fmt: skip
        else:
            lam = np.zeros((bsz, t0))
        omega0 = fit.omega[orders[:, :pn0]]
        sums = omega0.sum(axis=1, keepdims=True)
        omega0 = np.where(sums > 0, omega0 / np.where(sums > 0, sums, 1), 1 / pn0)
        yt = np.swapaxes(yc[:, :, :t0], 1, 2)  # B × (t0) × (pn0 + 1)
        omega = _fw_batch(yt, fit.zeta_omega, intercept=sdid, start=omega0, max_iter=100, **kw)
        omega = _fw_batch(yt, fit.zeta_omega, intercept=sdid, start=_sparsify_rows(omega),
                          max_iter=10_000, **kw)  # fmt: skip
    t1 = y.shape[1] - t0
    w_time = np.concatenate([-lam, np.full((bsz, t1), 1 / t1)], axis=1)  # B × T
    ctrl = np.einsum("bn,bnt->bt", omega, ys[:, :pn0, :])
    trt = ys[:, pn0:, :].mean(axis=1)
    tau = np.einsum("bt,bt->b", trt - ctrl, w_time)
    return tau, omega, lam


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
