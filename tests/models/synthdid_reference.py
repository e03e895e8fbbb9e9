"""R synthdid's weight solver transcribed line by line, one problem at a time, in numpy.

The reference the package's compiled Frank–Wolfe loop (``models.synthdid._fw_batch``) is
checked against (``test_synthdid_exact.py``): R's ``sc.weight.fw`` and ``fw.step``
(``R/solver.R``) and the two solves of ``synthdid_estimate`` (100 iterations, sparsify, then
up to 10,000), with nothing carried between steps — A x and the gradient recomputed at every
step, as R does. Until 2026-12-07 this was the package's own single-problem solver, checked
against R's printed Proposition 99 estimates (``tests/evaluation/test_synthdid.py``).
"""

from __future__ import annotations

import numpy as np


def fw_step(a: np.ndarray, x: np.ndarray, b: np.ndarray, eta: float) -> np.ndarray:
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


def sc_weight_fw(
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
        x = fw_step(a, x, b, eta)
        err = a @ x - b
        vals.append(zeta**2 * float(x @ x) + float(err @ err) / n)
    return x


def sparsify(v: np.ndarray) -> np.ndarray:
    v = np.where(v <= v.max() / 4, 0.0, v)
    return v / v.sum()


def collapsed(y: np.ndarray, n0: int, t0: int) -> np.ndarray:
    """(N0 + 1) × (T0 + 1): controls and the treated mean; pre-periods and the post mean."""
    top = np.column_stack([y[:n0, :t0], y[:n0, t0:].mean(axis=1)])
    bottom = np.append(y[n0:, :t0].mean(axis=0), y[n0:, t0:].mean())
    return np.vstack([top, bottom])


def solve(
    y: np.ndarray,
    n0: int,
    t0: int,
    *,
    estimator: str,
    zeta_omega: float,
    zeta_lambda: float,
    min_decrease: float,
    omega: np.ndarray | None = None,
    lam: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """ω and λ of one panel as ``synthdid_estimate`` computes them (SDID: both; SC: ω only,
    no intercept, λ = 0)."""
    yc = collapsed(y, n0, t0)
    sdid = estimator == "sdid"
    if sdid:
        fit = sc_weight_fw(yc[:n0, :], zeta_lambda, intercept=True, start=lam,
                           min_decrease=min_decrease, max_iter=100)  # fmt: skip
        lam = sc_weight_fw(yc[:n0, :], zeta_lambda, intercept=True, start=sparsify(fit),
                           min_decrease=min_decrease, max_iter=10_000)  # fmt: skip
    else:
        lam = np.zeros(t0)
    yt = yc[:, :t0].T
    fit = sc_weight_fw(yt, zeta_omega, intercept=sdid, start=omega, min_decrease=min_decrease,
                       max_iter=100)  # fmt: skip
    omega = sc_weight_fw(yt, zeta_omega, intercept=sdid, start=sparsify(fit),
                         min_decrease=min_decrease, max_iter=10_000)  # fmt: skip
    return omega, lam
