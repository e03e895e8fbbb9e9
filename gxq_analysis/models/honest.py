"""Sensitivity of an event study to violations of parallel trends: Rambachan and Roth's
relative-magnitudes bounds and breakdown value.

Rambachan, A. and Roth, J. (2023), "A More Credible Approach to Parallel Trends", Review of
Economic Studies 90(5), 2555-2591: the post-period bias δ_post may move from one period to the
next by at most M̄ times the largest such move before treatment (Δ^RM(M̄)).

Written here rather than imported: the Python ports either pull in torch and cvxpy
(``honestdid``) or expose the bounds only through their own estimator results (``diff-diff``).
With δ_pre pinned at the pre-period estimates, as both do, the identified set has a closed form
(below), so the module is a few lines; ``tests/models/test_honest.py`` checks it against
diff-diff's ``HonestDiD(method="relative_magnitude")`` on the same coefficients and covariance.

Notes
-----
Event-study coefficients β = (β_pre, β_post), pre-periods −T_pre … −1, reference period 0
(β_0 = δ_0 = 0), post periods 1 … T_post; θ = lᵀτ_post with τ_post = β_post − δ_post.

* Pre-period moves: ``m = max(|β_{−T+1} − β_{−T}|, …, |β_{−1} − β_{−2}|, |0 − β_{−1}|)``.
* Post moves d_k = δ_k − δ_{k−1}, ``|d_k| ≤ M̄ m``, δ_k = Σ_{j≤k} d_j, so
  lᵀδ_post = Σ_k d_k L_k with L_k = Σ_{t≥k} l_t and the identified set is
  θ ∈ [lᵀβ_post − M̄ m S, lᵀβ_post + M̄ m S], ``S = Σ_k |L_k|``
  (Lemma 2.2 of the paper, the union over the location of the largest pre-period move being
  attained by that largest move once δ_pre is pinned).
* Interval: the identified set widened by z_{1−α/2}·se, se = √(lᵀ Σ_post l) (diff-diff's
  construction for Δ^RM). It does not add the sampling error of m; R's HonestDiD default
  (conditional least-favourable hybrid) does, and is wider.
* Breakdown value: the smallest M̄ at which the interval contains 0,
  ``M̄* = (|lᵀβ_post| − z·se) / (m S)``, and 0 when the estimate is not significant at M̄ = 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

__all__ = ["RMBounds", "rm_bounds", "rm_breakdown"]


@dataclass(frozen=True)
class RMBounds:
    """Relative-magnitudes bounds at one M̄: identified set and interval."""

    mbar: float
    estimate: float
    se: float
    lower: float
    upper: float
    ci_lower: float
    ci_upper: float
    max_pre_move: float


def _prepare(beta_pre, beta_post, sigma_post, l_vec):
    beta_pre = np.asarray(beta_pre, float)
    beta_post = np.asarray(beta_post, float)
    sigma_post = np.atleast_2d(np.asarray(sigma_post, float))
    n_post = len(beta_post)
    if not len(beta_pre) or not n_post:
        raise ValueError("relative-magnitudes bounds need pre- and post-period coefficients")
    if sigma_post.shape != (n_post, n_post):
        raise ValueError(f"sigma_post must be {n_post} x {n_post}, got {sigma_post.shape}")
    l_vec = np.full(n_post, 1 / n_post) if l_vec is None else np.asarray(l_vec, float)
    if l_vec.shape != (n_post,):
        raise ValueError(f"l_vec must have {n_post} entries, got {l_vec.shape}")
    moves = np.abs(np.diff(np.append(beta_pre, 0.0)))
    m = float(moves.max())
    # S = Σ_k |Σ_{t>=k} l_t|: how far the post-period bias can carry lᵀδ per unit of move
    s = float(np.abs(np.cumsum(l_vec[::-1])[::-1]).sum())
    theta = float(l_vec @ beta_post)
    se = float(np.sqrt(l_vec @ sigma_post @ l_vec))
    return theta, se, m, s


def rm_bounds(beta_pre, beta_post, sigma_post, mbar, *, l_vec=None, alpha=0.05) -> RMBounds:
    """Identified set and interval of θ = lᵀτ_post under Δ^RM(M̄) (module Notes)."""
    if not mbar >= 0:
        raise ValueError(f"mbar must be >= 0, got {mbar!r}")
    theta, se, m, s = _prepare(beta_pre, beta_post, sigma_post, l_vec)
    z = float(stats.norm.ppf(1 - alpha / 2))
    half = mbar * m * s
    return RMBounds(float(mbar), theta, se, theta - half, theta + half,
                    theta - half - z * se, theta + half + z * se, m)  # fmt: skip


def rm_breakdown(beta_pre, beta_post, sigma_post, *, l_vec=None, alpha=0.05) -> float:
    """The smallest M̄ at which the interval contains 0 (``inf`` if it never does: no
    pre-period move at all and a significant estimate)."""
    theta, se, m, s = _prepare(beta_pre, beta_post, sigma_post, l_vec)
    z = float(stats.norm.ppf(1 - alpha / 2))
    slack = abs(theta) - z * se
    if slack <= 0:
        return 0.0
    if m * s == 0:
        return float("inf")
    return slack / (m * s)
