"""The numerical core of the wild cluster bootstrap-t, on plain arrays.

:class:`WildCore` holds the cluster-level pieces of the bootstrap of one coefficient of an OLS
fit whose fixed effects are partialled out; :func:`draw_weights` draws (or enumerates) the
auxiliary weights. :mod:`gxq_analysis.models.bootstrap` builds the regression from a fit, checks
the options and returns the results; its module notes state the conventions (t statistic,
p-value, weights, interval) implemented here.

Algorithm (why it is hand-written): neither linearmodels nor statsmodels has a wild cluster
bootstrap, and ``wildboottest``/pyfixest loop in Python/numba over draws (pyfixest also builds
the fixed effects as dummies). Following Roodman et al. (2019, "Fast and wild"), everything is
reduced once to cluster-level pieces so that the whole bootstrap is one ``(2G+2) x G`` by
``G x B`` product; the restricted residuals are affine in the null value ``r``, so ``t*_b(r)`` has
a closed form in ``r`` and each p-value of the test inversion costs ``O(B)``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from scipy import stats

from ..errors import DataError
from . import covariance as cv
from .within import group_sums

__all__ = ["WildCore", "draw_weights"]

_POINTS: dict[str, np.ndarray] = {
    # same order as wildboottest.weights so that one seed gives the same draws
    "rademacher": np.array([-1.0, 1.0]),
    "webb": np.array([-math.sqrt(1.5), -1.0, -math.sqrt(0.5), math.sqrt(0.5), 1.0, math.sqrt(1.5)]),
}
_TIE_RTOL = 1e-9
_CI_XTOL = 1e-8  # in standard errors


def draw_weights(weights: str, n_clusters: int, B: int, seed: int) -> tuple[np.ndarray, bool]:
    """G x B matrix of weights and whether it is the full Rademacher enumeration."""
    if weights == "rademacher" and n_clusters < 63 and 2**n_clusters <= B:
        b = np.arange(2**n_clusters, dtype=np.int64)
        bits = (b[None, :] >> np.arange(n_clusters, dtype=np.int64)[:, None]) & 1
        return 1.0 - 2.0 * bits, True
    points = _POINTS[weights]
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, points.size, size=n_clusters * B)
    return points[idx].reshape(n_clusters, B), False


def _cross_terms(
    project: Callable[[np.ndarray], np.ndarray],
    f: np.ndarray,
    uhat: np.ndarray,
    d: np.ndarray,
    codes: np.ndarray,
    n_clusters: int,
) -> tuple[np.ndarray, np.ndarray]:
    """``A[h, g] = (M_D (f * 1_h))' (u * 1_g)`` for ``u = uhat`` and ``u = d`` (M_D symmetric)."""
    n = f.size
    A0 = np.empty((n_clusters, n_clusters))
    A1 = np.empty((n_clusters, n_clusters))
    chunk = max(1, int(4_000_000 // max(n, 1)))  # bound the N x chunk work arrays (~32 MB)
    rows = np.arange(n)
    for start in range(0, n_clusters, chunk):
        stop = min(start + chunk, n_clusters)
        sel = (codes >= start) & (codes < stop)
        W = np.zeros((n, stop - start))
        W[rows[sel], codes[sel] - start] = f[sel]
        Phi = project(W)  # column h: M_D (f * 1_h)
        A0[start:stop] = group_sums(Phi * uhat[:, None], codes, n_clusters).T
        A1[start:stop] = group_sums(Phi * d[:, None], codes, n_clusters).T
    return A0, A1


def _small_matmul(A: np.ndarray, V: np.ndarray) -> np.ndarray:
    """``A @ V`` for a short inner dimension (clusters) and many columns (draws).

    With few clusters the product is tiny (15 x 15 x 9999); multithreaded BLAS then spends more
    time starting and synchronising threads than computing, and on a busy machine 100 times
    more (measured: 24 ms instead of 0.2 ms on 2 loaded cores), so einsum's single-threaded loop
    is used; BLAS takes over when the clusters make the product large.
    """
    if A.shape[1] <= 64:
        return np.einsum("hg,gb->hb", A, V)
    return A @ V


class WildCore:
    """Cluster-level pieces of the wild cluster bootstrap-t for coefficient ``j`` of ``y ~ X``.

    ``X`` and ``y`` have the fixed effects partialled out. Notation: ``e = (X'X)^-1[:, j]``,
    ``q = e_j``, ``f = X e``; the restricted residuals for the null ``beta_j = r`` are
    ``u(r) = uhat + delta * d`` with ``delta = bhat_j - r`` and ``d = f / q``. For weights ``v``
    (G-vector) the bootstrap numerator is ``a(delta)'v``, ``a_g = f_g' u_g``, and the CRV1 scores
    of the re-estimated bootstrap sample give ``(A - H)(delta) v`` with
    ``H = F (X'X)^-1 S``, ``F_h = f_h' X_h``, ``S_g = X_g' u_g``; all affine in ``delta``.

    ``A[h, g] = f_h' [M_D (u * 1_g)]_h`` where ``M_D`` removes the fixed effects from the
    bootstrap errors. Effects nested in the clusters leave ``u * 1_g`` unchanged, so
    ``A = diag(a)``; effects that are not nested (time effects) need ``project`` (``M_D``) and give
    a full ``A``. This is what re-estimating every bootstrap sample with the effects as dummies
    gives, without the dummies.
    """

    def __init__(
        self,
        X: np.ndarray,
        y: np.ndarray,
        codes: np.ndarray,
        n_clusters: int,
        j: int,
        dims: cv.Dimensions,
        project: Callable[[np.ndarray], np.ndarray] | None = None,
    ) -> None:
        n, k = X.shape
        self.nobs, self.n_clusters = n, n_clusters
        xtx = X.T @ X
        if np.linalg.matrix_rank(xtx) < k:
            raise DataError(
                "the regressors are collinear in the estimation sample (after partialling out "
                "the fixed effects); the bootstrap needs a full-rank design"
            )
        xtx_inv = np.linalg.inv(xtx)
        beta = xtx_inv @ (X.T @ y)
        uhat = y - X @ beta
        e = xtx_inv[:, j]
        f = X @ e
        q = e[j]
        G = n_clusters
        s_u = group_sums(X * uhat[:, None], codes, G).T  # k x G: X_g' uhat_g
        s_d = group_sums(X * (f / q)[:, None], codes, G).T  # k x G: X_g' d_g
        F = group_sums(X * f[:, None], codes, G)  # G x k: e' X_g' X_g
        self.a0, self.a1 = e @ s_u, e @ s_d
        if project is None:  # effects nested in the clusters (or none): A is diagonal
            A0, A1 = np.diag(self.a0), np.diag(self.a1)
        else:
            A0, A1 = _cross_terms(project, f, uhat, f / q, codes, G)
        FX = F @ xtx_inv
        self.M0 = A0 - FX @ s_u
        self.M1 = A1 - FX @ s_d
        self.estimate = float(beta[j])
        self.beta = beta
        # Stata CRV1 small-sample factor, as fit_panel's clustered covariance (K counts the
        # absorbed effects not nested in the clusters); cancels in bootstrap p-values and CIs
        self.ssc = cv.cluster_factor(dims, G, "stata")
        self.sum_a0_sq = float(self.a0 @ self.a0)
        self.se = math.sqrt(self.ssc * self.sum_a0_sq)

    def bootstrap(self, V: np.ndarray, impose_null: bool) -> None:
        """Store the B-vectors from which ``t*_b(r)`` is a closed form."""
        G = self.n_clusters
        if impose_null:
            stacked = np.vstack([self.a0, self.a1, self.M0, self.M1])
        else:  # WCU: the bootstrap DGP does not depend on the null
            stacked = np.vstack([self.a0, self.M0])
        out = _small_matmul(stacked, V)
        self.P0, Z0 = out[0], out[2 : G + 2] if impose_null else out[1:]
        self.Q00 = np.einsum("gb,gb->b", Z0, Z0)
        if impose_null:
            Z1 = out[G + 2 :]
            self.P1 = out[1]
            self.Q01 = np.einsum("gb,gb->b", Z0, Z1)
            self.Q11 = np.einsum("gb,gb->b", Z1, Z1)
        else:
            self.P1 = np.zeros_like(self.P0)
            self.Q01 = self.Q11 = np.zeros_like(self.Q00)

    def tstar(self, r: float) -> np.ndarray:
        """Bootstrap t statistics for the null ``beta_j = r`` (CRV1, same factor as ``t``)."""
        delta = self.estimate - r
        num = self.P0 + delta * self.P1
        den = self.ssc * (self.Q00 + 2.0 * delta * self.Q01 + delta * delta * self.Q11)
        with np.errstate(divide="ignore", invalid="ignore"):
            return num / np.sqrt(den)

    def pvalue(self, r: float) -> float:
        """Symmetric two-sided bootstrap p-value of ``beta_j = r``."""
        delta = self.estimate - r
        num = self.P0 + delta * self.P1
        den = self.Q00 + 2.0 * delta * self.Q01 + delta * delta * self.Q11
        # |t*| >= |t|  <=>  num^2 * sum(a0^2) >= delta^2 * den  (the factor ssc cancels)
        lhs = num * num * self.sum_a0_sq
        rhs = delta * delta * den
        return float(np.mean(lhs >= rhs * (1.0 - _TIE_RTOL)))

    def _endpoint(self, direction: float, alpha: float, step: float) -> float:
        est, tol = self.estimate, _CI_XTOL * self.se
        lo, hi = 0.0, step
        for _ in range(64):  # bracket: p(est) = 1 >= alpha, expand until p < alpha
            if self.pvalue(est + direction * hi) < alpha:
                break
            lo, hi = hi, 2.0 * hi
        else:
            return direction * math.inf
        while hi - lo > tol:
            mid = 0.5 * (lo + hi)
            if self.pvalue(est + direction * mid) >= alpha:
                lo = mid
            else:
                hi = mid
        return est + direction * 0.5 * (lo + hi)

    def conf_int(self, level: float) -> tuple[float, float]:
        if self.se == 0.0:
            return (self.estimate, self.estimate)
        step = self.se * float(stats.t.ppf(0.5 + level / 2, self.n_clusters - 1))
        alpha = 1.0 - level
        return (self._endpoint(-1.0, alpha, step), self._endpoint(1.0, alpha, step))
