"""Conformal inference for synthetic control with one treated unit (Chernozhukov, Wüthrich and
Zhu 2021, "An Exact and Robust Conformal Inference Method for Counterfactual and Synthetic
Controls", JASA 116(536), 1849-1864).

Written here rather than imported: diff-diff (the PyPI implementation we test against, in
``tests/models/test_conformal.py``) draws its i.i.d. permutations at random, and the project's
rule is that a p-value never depends on a seed where the permutations can be enumerated. With
T periods of which T1 are treated, the statistic depends only on which residuals fall in the
T1 treated slots, so the i.i.d. permutation p-value is an average over the C(T, T1) subsets,
enumerated here (462 for 2010-2020 with 2016-2020 treated).

Notes
-----
Under the sharp null H0: θ_t = θ0_t (t > T0), the treated outcome without treatment is
y1_t − θ0_t after T0. A synthetic control proxy is fitted on *all* T periods under the null
(simplex weights, no intercept, constrained least squares — CWZ eq. 4), residuals
û_t = y1_t − θ0_t·1{t > T0} − Y0_t w. The statistic is
``S(û) = (T1^{−1/2} Σ_{t>T0} |û_t|^q)^{1/q}``; the p-value is the share of permutations π with
S(û_π) ≥ S(û): all C(T, T1) placements of the treated slots ("iid", exchangeable errors) or
the T cyclic shifts ("moving_block", serially dependent errors). A confidence set for a
constant effect inverts the test over θ0; its ends are located by bisection to 1e-9.

The simplex least squares is solved exactly by one non-negative least squares: on the simplex
y − Xw = −(X − y1ᵀ)w =: −Zw, and for u ≥ 0 the problem min ‖[Z/s; 1ᵀ]u − [0; 1]‖ is solved
by u = κv with v the simplex minimiser of ‖Zv‖ (its value a/(1 + a), a = ‖Zv‖²/s², increases
with a), so w = u / Σu.
"""

from __future__ import annotations

import math
from itertools import combinations

import numpy as np
from scipy.optimize import nnls

__all__ = ["conformal_interval", "conformal_pvalue", "simplex_ls"]

SCHEMES = ("iid", "moving_block")


def simplex_ls(y: np.ndarray, x: np.ndarray) -> np.ndarray:
    """argmin ‖y − Xw‖ over w ≥ 0, Σw = 1 (exact; module Notes)."""
    y = np.asarray(y, float)
    x = np.asarray(x, float)
    z = x - y[:, None]
    norms = np.sqrt((z**2).sum(axis=0))
    if np.any(norms == 0):  # a donor equal to the target fits it exactly
        w = np.zeros(x.shape[1])
        w[int(np.argmax(norms == 0))] = 1.0
        return w
    s = float(np.sqrt(np.mean(z**2)))
    a = np.vstack([z / s, np.ones((1, x.shape[1]))])
    b = np.append(np.zeros(len(y)), 1.0)
    u, _ = nnls(a, b, maxiter=50 * x.shape[1])
    return u / u.sum()


def _slots(t: int, t0: int, scheme: str) -> np.ndarray:
    """Boolean matrix (permutations × T): which periods fill the treated slots."""
    t1 = t - t0
    if scheme == "iid":
        rows = [list(c) for c in combinations(range(t), t1)]
    elif scheme == "moving_block":
        rows = [[(t0 + j + k) % t for k in range(t1)] for j in range(t)]
    else:
        raise ValueError(f"scheme={scheme!r}; choose one of {SCHEMES}")
    out = np.zeros((len(rows), t), bool)
    for i, r in enumerate(rows):
        out[i, r] = True
    return out


def _stat(absu: np.ndarray, slots: np.ndarray, t1: int, q: float) -> np.ndarray:
    if math.isinf(q):
        return np.where(slots, absu, -np.inf).max(axis=1)
    return ((slots * absu**q).sum(axis=1) / math.sqrt(t1)) ** (1 / q)


def conformal_pvalue(
    y1: np.ndarray,
    y0: np.ndarray,
    t0: int,
    theta0: float | np.ndarray = 0.0,
    *,
    q: float = 1.0,
    scheme: str = "iid",
    _slots_cache: np.ndarray | None = None,
) -> float:
    """Permutation p-value of H0: θ_t = θ0 (t > T0) for treated ``y1`` (T) and donors
    ``y0`` (T × J), pre-periods first (module Notes)."""
    y1 = np.asarray(y1, float)
    y0 = np.asarray(y0, float)
    t = len(y1)
    t1 = t - t0
    y = y1.copy()
    y[t0:] = y[t0:] - np.broadcast_to(np.asarray(theta0, float), (t1,))
    u = np.abs(y - y0 @ simplex_ls(y, y0))
    slots = _slots(t, t0, scheme) if _slots_cache is None else _slots_cache
    stats_ = _stat(u, slots, t1, q)
    observed = _stat(u, (np.arange(t) >= t0)[None, :], t1, q)[0]
    # ties count as at least as extreme; a relative tolerance keeps float noise from deciding
    return float(np.mean(stats_ >= observed * (1 - 1e-12)))


def conformal_interval(
    y1: np.ndarray,
    y0: np.ndarray,
    t0: int,
    *,
    alpha: float = 0.05,
    q: float = 1.0,
    scheme: str = "iid",
    reach: float = 20.0,
    grid: int = 201,
) -> tuple[float, float]:
    """Confidence set {θ0 : p(θ0) > α} for a constant post-period effect, as (lower, upper).

    The search runs over θ̂ ± ``reach``·scale (θ̂ the synthetic-control estimate fitted on the
    pre-periods, scale the larger of its pre-period RMSE and the absolute estimate) on ``grid``
    points; the ends are then refined by bisection. An end at the edge of the range is reported
    as ±inf.
    """
    y1 = np.asarray(y1, float)
    y0 = np.asarray(y0, float)
    t = len(y1)
    slots = _slots(t, t0, scheme)
    if 1 / len(slots) > alpha:
        return (-math.inf, math.inf)  # no permutation p-value can fall below alpha
    w = simplex_ls(y1[:t0], y0[:t0])
    gap = y1 - y0 @ w
    est = float(gap[t0:].mean())
    scale = max(float(np.sqrt(np.mean(gap[:t0] ** 2))), abs(est), 1e-6)
    thetas = est + np.linspace(-reach * scale, reach * scale, grid)

    def accept(th: float) -> bool:
        return conformal_pvalue(y1, y0, t0, th, q=q, scheme=scheme, _slots_cache=slots) > alpha

    ok = np.array([accept(th) for th in thetas])
    if not ok.any():
        return (math.nan, math.nan)
    first, last = int(np.argmax(ok)), len(ok) - 1 - int(np.argmax(ok[::-1]))

    def refine(inside: float, outside: float) -> float:
        for _ in range(200):
            if abs(outside - inside) < 1e-9:
                break
            mid = (inside + outside) / 2
            inside, outside = (mid, outside) if accept(mid) else (inside, mid)
        return inside

    lo = -math.inf if first == 0 else refine(thetas[first], thetas[first - 1])
    hi = math.inf if last == len(ok) - 1 else refine(thetas[last], thetas[last + 1])
    return (float(lo), float(hi))
