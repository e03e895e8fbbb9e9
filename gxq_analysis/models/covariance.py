"""Covariance conventions of :func:`~gxq_analysis.models.panel.fit_panel`: small-sample factors.

linearmodels computes every covariance *without* small-sample corrections here (``debiased=False``,
``count_effects=False``, ``group_debias=False``), so that the raw sandwich :math:`V_0` is the same
for every convention; this module then multiplies :math:`V_0` by one explicitly stated factor.
That keeps each convention a formula we can read and test instead of a combination of library
flags whose meaning changed between linearmodels versions.

Notation: :math:`N` observations in the estimating equation (differences for ``fd``, entities
for ``between``), :math:`k` estimated coefficients (slopes plus ``const`` where reported),
:math:`a` absorbed effects (``fe``: :math:`n-1` entity effects beyond the constant; ``twfe``:
:math:`(n-1)+(T-1)`), :math:`G` clusters, :math:`T` periods.
``df_resid`` :math:`= N - k - a`.

``small_sample="stata"`` (the default)
    * ``unadjusted``: :math:`s^2 = SSR/(N-k-a)`, i.e. factor :math:`N/(N-k-a)`: ``regress``,
      ``xtreg, fe`` (F(2, 188) on Grunfeld), ``xtreg, be``; for ``re`` the factor
      :math:`N/(N-k)` reproduces ``xtreg, re`` (Swamy–Arora) standard errors.
    * ``robust``: HC1, :math:`N/(N-k-a)` (absorbed effects counted, as ``areg``/``reghdfe``
      ``vce(robust)``). White errors with fixed effects are inconsistent for fixed :math:`T`
      (Stock and Watson 2008); they are offered for comparison only, prefer ``cluster``.
    * ``cluster``: :math:`\\frac{G}{G-1}\\frac{N-1}{N-K}` with :math:`K = k` plus the absorbed
      effects that are *not* nested in the clusters (entity effects are nested in entity
      clusters; time effects of ``twfe`` are not, so :math:`K = k + T - 1`). For ``fe`` this is
      exactly ``xtreg, fe vce(cluster id)`` (:math:`K` = slopes + constant) and for ``pooled``
      ``regress, vce(cluster id)``; for ``re`` the same factor is applied by analogy (not
      checked against Stata's ``xtreg, re vce(cluster id)``). Inference uses
      :math:`t(G-1)` as Stata does.
    * ``twoway``: Cameron–Gelbach–Miller :math:`V = c_E V_E + c_T V_T - c_{ET} V_{ET}`, each
      component with its own factor :math:`\\frac{G_d}{G_d-1}\\frac{N-1}{N-K_d}` (:math:`K_d`
      counts the absorbed effects not nested in that dimension's clusters; the intersection of
      entity and time has one observation per cluster, :math:`G_{ET}=N`), as in
      Cameron, Gelbach and Miller (2011) and R sandwich's ``vcovCL(type="HC1")``; it reproduces
      Petersen's published two-way standard errors. Inference :math:`t(\\min(G_E, G_T)-1)`. If
      :math:`V` is not positive semi-definite it is kept as is and a note says so
      (:attr:`PanelFit.notes`).
    * ``driscoll-kraay``: Driscoll–Kraay with the stated kernel (default Bartlett) and bandwidth
      (default :math:`\\lfloor 4 (T/100)^{2/9} \\rfloor`, the Newey–West rule that Stata's
      ``xtscc`` documents), factor :math:`(N-1)/(N-K)` (:math:`K` as for ``cluster``; the
      ``regress`` factor – ``xtscc``'s own factor could not be checked here, there is no Stata),
      inference :math:`t(T-1)` with :math:`T` the periods of the estimating equation.
    * ``re`` reports :math:`z` statistics (normal inference) with any covariance, as Stata's
      ``xtreg, re``.
``small_sample="plm"``
    R plm's ``vcovHC(type="HC1")``/``vcovDC(type="HC1")``/``vcovSCC(type="HC1")``: factor
    :math:`N/(N-k_{plm})` for every type, where :math:`k_{plm}` counts the coefficients plm
    estimates (within models report no intercept, so :math:`k_{plm} = k - 1` for ``fe``/``twfe``)
    and no :math:`G/(G-1)`; ``unadjusted`` is plm's ``vcov`` (:math:`N/(N-k-a)`). Inference
    :math:`t(N-k-a)` as ``lmtest::coeftest``. Verified on Grunfeld with R plm 2.6:
    ``vcovHC(fe, type="HC1", cluster="group")`` gives se(value) = 0.0144144.
``small_sample="none"``
    Factor 1 (the raw sandwich, HC0 / CR0) and normal inference.

Raw sandwiches on arrays
------------------------
:class:`CenteredSandwich` computes the raw :math:`V_0` of ``pooled``, ``fe`` and ``twfe`` on
:func:`~gxq_analysis.models.panel.fit_panel`'s own estimation path, without linearmodels: the
same quantities as linearmodels' ``debiased=False`` covariances of the regression of
:math:`\\tilde y + \\bar y` on :math:`[1, \\tilde X + \\bar x]` (:math:`\\tilde{\\ }` = within
transformed, bars = grand means; what ``PanelOLS``/``PooledOLS`` fit), i.e.
:math:`\\frac{SSR}{N}(Z'Z)^{-1}`, HC0 and CR0 :math:`(Z'Z)^{-1} (\\sum_g u_g u_g') (Z'Z)^{-1}`
with :math:`u_g` the cluster sums of the scores :math:`z_i e_i`. They are computed in the
centred parametrisation :math:`[1, \\tilde X]` (whose normal matrix is block diagonal, as
:math:`\\tilde X` has mean zero) and mapped back to
``const`` :math:`= \\bar y - \\bar x'\\hat\\beta` by the linear map
:math:`A^{-1} = [[1, -\\bar x'], [0, I]]`: :math:`V_0 = A^{-1} V_c A^{-1\\prime}`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from ..options import check_choice

SmallSample = Literal["stata", "plm", "none"]
ClusterDim = Literal["entity", "time"]


@dataclass(frozen=True)
class Dimensions:
    """Sizes that the small-sample factors need."""

    nobs: int
    k: int  # estimated coefficients incl. const
    absorbed_entity: int  # entity effects beyond the constant (fe, twfe)
    absorbed_time: int  # time effects beyond the constant (twfe)
    has_const_reported: bool
    within: bool  # fe/twfe: plm reports no intercept

    @classmethod
    def of_model(
        cls, model: str, nobs: int, k: int, n_entities: int, n_periods: int, has_const: bool
    ) -> Dimensions:
        """Sizes of a ``model`` fit (``fe``/``twfe`` absorb entity, ``twfe`` also time effects).

        ``k`` counts the estimated coefficients including ``const`` where reported; ``nobs``,
        ``n_entities`` and ``n_periods`` are those of the estimation sample.
        """
        return cls(
            nobs=nobs,
            k=k,
            absorbed_entity=n_entities - 1 if model in ("fe", "twfe") else 0,
            absorbed_time=n_periods - 1 if model == "twfe" else 0,
            has_const_reported=has_const,
            within=model in ("fe", "twfe"),
        )

    @property
    def df_resid(self) -> int:
        return self.nobs - self.k - self.absorbed_entity - self.absorbed_time

    @property
    def k_plm(self) -> int:
        return self.k - 1 if (self.within and self.has_const_reported) else self.k


def cluster_factor(
    dims: Dimensions,
    n_clusters: int,
    convention: str,
    *,
    clusters: ClusterDim = "entity",
) -> float:
    """Factor for a one-way clustered sandwich with ``n_clusters`` clusters along ``clusters``.

    Under ``stata``, :math:`K` counts the absorbed effects that are *not* nested in the clusters:
    with entity clusters the time effects (``absorbed_time``), with time clusters (the time
    component of two-way clustering) the entity effects (``absorbed_entity``).
    """
    check_choice("clusters", clusters, ClusterDim)
    n = dims.nobs
    if convention == "stata":
        not_nested = dims.absorbed_time if clusters == "entity" else dims.absorbed_entity
        big_k = dims.k + not_nested
        g = n_clusters
        return (g / (g - 1)) * (n - 1) / (n - big_k)
    if convention == "plm":
        return n / (n - dims.k_plm)
    return 1.0


def hetero_factor(dims: Dimensions, convention: str) -> float:
    """Factor for the heteroskedasticity-robust (HC) sandwich.

    Under ``stata`` it is HC1 with every absorbed effect counted, :math:`N/(N-k-a)`. This is also
    the CGM factor of the intersection component of two-way clustering: :math:`G = N` singleton
    clusters, in which no effect is nested, give
    :math:`\\frac{N}{N-1}\\frac{N-1}{N-k-a} = \\frac{N}{N-k-a}`.
    """
    n = dims.nobs
    if convention == "stata":
        return n / dims.df_resid
    if convention == "plm":
        return n / (n - dims.k_plm)
    return 1.0


def unadjusted_factor(dims: Dimensions, convention: str) -> float:
    """Factor turning linearmodels' :math:`SSR/N` into the convention's :math:`s^2`."""
    if convention == "none":
        return 1.0
    return dims.nobs / dims.df_resid


def kernel_factor(dims: Dimensions, convention: str) -> float:
    """Factor for the Driscoll–Kraay sandwich."""
    n = dims.nobs
    if convention == "stata":
        return (n - 1) / (n - dims.k - dims.absorbed_time)
    if convention == "plm":
        return n / (n - dims.k_plm)
    return 1.0


class CenteredSandwich:
    """Raw (uncorrected) covariances of ``(const, slopes)`` from OLS on centred regressors.

    Parameters
    ----------
    X : numpy.ndarray
        ``N`` × ``k`` within-transformed (or centred) regressors, each column of mean zero.
    e : numpy.ndarray
        ``N`` residuals.
    gram_inv : numpy.ndarray
        :math:`(\\tilde X'\\tilde X)^{-1}`.
    xbar : numpy.ndarray
        Grand means of the untransformed regressors (they map the intercept of the centred
        regression to the reported ``const``).

    Every method returns the ``(k+1)`` × ``(k+1)`` covariance, ``const`` first.
    """

    def __init__(
        self, X: np.ndarray, e: np.ndarray, gram_inv: np.ndarray, xbar: np.ndarray
    ) -> None:
        self._X = X
        self._e = e
        self._n = e.shape[0]
        k = X.shape[1]
        self._bread = np.zeros((k + 1, k + 1))
        self._bread[0, 0] = 1.0 / self._n
        self._bread[1:, 1:] = gram_inv
        self._back = np.eye(k + 1)
        self._back[0, 1:] = -np.asarray(xbar, dtype=float)

    def _finish(self, meat: np.ndarray) -> np.ndarray:
        v = self._bread @ meat @ self._bread
        v = self._back @ v @ self._back.T
        return (v + v.T) / 2

    def unadjusted(self) -> np.ndarray:
        """:math:`\\frac{SSR}{N}(Z'Z)^{-1}` (linearmodels ``"unadjusted"``)."""
        s2 = float(self._e @ self._e) / self._n
        v = self._back @ (s2 * self._bread) @ self._back.T
        return (v + v.T) / 2

    def hetero(self) -> np.ndarray:
        """HC0 (linearmodels ``"robust"``)."""
        e = self._e
        k = self._X.shape[1]
        meat = np.empty((k + 1, k + 1))
        xe = self._X * e[:, None]
        meat[0, 0] = e @ e
        meat[1:, 0] = meat[0, 1:] = xe.T @ e
        meat[1:, 1:] = xe.T @ xe
        return self._finish(meat)

    def cluster(self, codes: np.ndarray, n_groups: int) -> np.ndarray:
        """CR0 with clusters ``codes`` (``0 .. n_groups-1``; linearmodels ``"clustered"``)."""
        e = self._e
        k = self._X.shape[1]
        sums = np.empty((n_groups, k + 1))
        sums[:, 0] = np.bincount(codes, weights=e, minlength=n_groups)
        for j in range(k):
            sums[:, j + 1] = np.bincount(codes, weights=self._X[:, j] * e, minlength=n_groups)
        return self._finish(sums.T @ sums)
