"""The estimation engines of a panel regression: linearmodels and this package's fast path.

Holds :func:`estimate`, which fits the estimation sample of a
:class:`~gxq_analysis.models.spec.PanelSpec` and applies the stated small-sample correction of
:mod:`~gxq_analysis.models.covariance` to the raw covariance; the linearmodels path (every model
and covariance); the own path for ``pooled``/``fe``/``twfe`` with ``unadjusted``, ``robust``,
``cluster`` or ``twoway`` covariances and its result :class:`FastPathResults`; and
:func:`dk_bandwidth`, the Driscoll–Kraay bandwidth. When each path runs is described under
"Estimation paths" in :mod:`gxq_analysis.models.panel`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from scipy import linalg

from ..errors import DataError, OptionError
from . import covariance as cv, within
from .spec import PanelSpec

_LM_KERNEL = {"bartlett": "bartlett", "parzen": "parzen", "quadratic-spectral": "qs"}


def _lm_model(sample: pd.DataFrame, spec: PanelSpec):
    # lazy: linearmodels adds 0.1-0.17 s to importing the models layer (measured after
    # models.panel), paid only by fits that leave the own path
    from linearmodels import BetweenOLS, FirstDifferenceOLS, PanelOLS, PooledOLS, RandomEffects

    y = sample[spec.y]
    exog = sample[list(spec.x)]
    if spec.has_const:
        exog = pd.concat([pd.Series(1.0, index=sample.index, name="const"), exog], axis=1)
    m = spec.model
    if m == "pooled":
        return PooledOLS(y, exog)
    if m == "fe":
        return PanelOLS(y, exog, entity_effects=True)
    if m == "twfe":
        return PanelOLS(y, exog, entity_effects=True, time_effects=True)
    if m == "re":
        return RandomEffects(y, exog)
    if m == "between":
        return BetweenOLS(y, exog)
    return FirstDifferenceOLS(y, exog)


def _raw_fit(model, spec: PanelSpec, cov_type: str, **cfg):
    """linearmodels fit with every small-sample correction switched off."""
    kwargs: dict[str, Any] = {"cov_type": cov_type, "debiased": False, **cfg}
    if spec.model in ("fe", "twfe"):
        kwargs.update(auto_df=False, count_effects=False)
    if spec.model == "re":
        # Swamy–Arora in its small-sample form (Baltagi and Chang 1994 for unbalanced panels):
        # R plm's random.method="swar" and Stata's xtreg, re sa. One RE estimator whatever the
        # covariance convention; balanced panels are unaffected.
        kwargs["small_sample"] = True
    return model.fit(**kwargs)


def dk_bandwidth(spec: PanelSpec, n_periods: int) -> int:
    if spec.bandwidth is not None:
        return int(spec.bandwidth)
    return math.floor(4 * (n_periods / 100) ** (2 / 9))


class FastPathResults:
    """The linearmodels-like result of the own estimation path (``PanelFit.raw``).

    The own path of :func:`~gxq_analysis.models.panel.fit_panel`, see :func:`estimate`.

    It holds what that path computes: ``params`` (``const`` first), ``cov`` (the raw,
    uncorrected covariance of the requested type, as linearmodels' ``cov`` with
    ``debiased=False``), ``nobs``, ``resids`` (linearmodels' ``resids``: the residuals of the
    within-transformed regression for ``fe``/``twfe``, :math:`y - X\\hat\\beta` for ``pooled``),
    ``resid_ss``, ``rsquared`` (linearmodels' ``rsquared``) and, for ``fe``, ``rsquared_within``.
    Any other attribute is read from the equivalent linearmodels result, which is fitted on first
    use (so code written for linearmodels' results keeps working, at linearmodels' cost).
    """

    def __init__(
        self,
        spec: PanelSpec,
        sample: pd.DataFrame,
        params: pd.Series,
        cov: pd.DataFrame,
        resids: np.ndarray,
        rsquared: float,
    ) -> None:
        self._spec = spec
        self._sample = sample
        self._resids = resids
        self._lm_result: Any = None
        self.params = params
        self.cov = cov
        self.nobs = int(resids.shape[0])
        self.resid_ss = float(resids @ resids)
        self.rsquared = rsquared
        if spec.model == "fe":
            self.rsquared_within = rsquared

    @property
    def resids(self) -> pd.Series:
        return pd.Series(self._resids, index=self._sample.index, name="residual", copy=False)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # never for private names (copy, pickle probe these)
            raise AttributeError(name)
        if self._lm_result is None:
            cov_type, cfg = _LM_COV[self._spec.cov]
            model = _lm_model(self._sample, self._spec)
            self._lm_result = _raw_fit(model, self._spec, cov_type, **cfg)
        return getattr(self._lm_result, name)

    def __repr__(self) -> str:
        return f"<FastPathResults {self._spec.model} N={self.nobs}>"


#: linearmodels covariance type and options of each ``cov`` (the one-way part for ``twoway``).
_LM_COV: dict[str, tuple[str, dict[str, Any]]] = {
    "unadjusted": ("unadjusted", {}),
    "robust": ("robust", {}),
    "cluster": ("clustered", {"cluster_entity": True}),
    "twoway": ("clustered", {"cluster_entity": True}),
}
#: Models and covariances of the own estimation path; the others use linearmodels.
FAST_MODELS = ("pooled", "fe", "twfe")
FAST_COVS = ("unadjusted", "robust", "cluster", "twoway")
# A column with less than this share of its norm left after the effects and the columns before
# it is close to linearmodels' absorbed-variable limit (1e-5): such fits go to linearmodels so
# that it decides (and raises its AbsorbingEffectError) exactly as before.
_ABSORBED_MARGIN = 1e-4
_EPS = float(np.finfo(np.float64).eps)


def _fast_fit(
    sample: pd.DataFrame,
    spec: PanelSpec,
    ent: np.ndarray,
    n_ent: int,
    tim: np.ndarray,
    n_per: int,
) -> tuple[FastPathResults, dict[str, np.ndarray]] | None:
    """OLS on the within-transformed sample and its raw covariances, or None (use linearmodels).

    Why by hand: linearmodels' ``PanelOLS`` spends most of a large two-way fit in pandas
    (``groupby`` means, dummy matrices, index alignment); on plain float64 arrays with
    :mod:`~gxq_analysis.models.within` the same estimates take a fraction of the time and memory.
    Returns the light result and the raw covariances needed by ``spec.cov``
    (``"main"``, and for ``twoway`` also ``"time"`` and ``"hetero"``).
    """
    model = spec.model
    if n_ent < 2 or n_per < 2:  # degenerate panels: linearmodels' handling, as before
        return None
    k = len(spec.x)
    n = len(sample)
    # one Fortran-order block (x columns, then y) transformed in place: a single copy of the data
    Z = np.empty((n, k + 1), order="F")
    for j, col in enumerate((*spec.x, spec.y)):
        Z[:, j] = sample[col].to_numpy(dtype=np.float64)
    if not np.isfinite(Z).all():
        return None
    means = Z.mean(axis=0)
    sq_norms = np.einsum("ij,ij->j", Z, Z)
    if model == "pooled":
        Z -= means
    elif model == "fe":
        within.demean(Z, ent, n_ent, inplace=True)
    else:
        try:
            within.twoway_demean(Z, ent, n_ent, tim, n_per, inplace=True)
        except within.WithinConvergenceError:
            return None
    X, y = Z[:, :k], Z[:, k]
    gram = X.T @ X
    try:
        chol = linalg.cho_factor(gram, lower=True, check_finite=False)
    except linalg.LinAlgError:
        return None
    # diag of the Cholesky factor = norm of what is left of each column after the previous ones
    if (np.diag(chol[0]) < _ABSORBED_MARGIN * np.sqrt(sq_norms[:k])).any():
        return None
    beta = linalg.cho_solve(chol, X.T @ y, check_finite=False)
    e = y - X @ beta
    # one step of iterative refinement: the normal equations then match a QR/SVD least-squares
    # solution (linearmodels' lstsq) to rounding, even for moderately collinear regressors
    beta += linalg.cho_solve(chol, X.T @ e, check_finite=False)
    e = y - X @ beta
    tss = float(y @ y)
    y_ss = float(sq_norms[k])
    # linearmodels' r_squared: NaN when the total sum of squares is rounding error
    ssr = float(e @ e)
    r2 = float("nan") if tss <= (max(n, 100) * _EPS) ** 2 * y_ss else 1.0 - ssr / tss
    const = means[k] - means[:k] @ beta
    names = ["const", *spec.x]
    sandwich = cv.CenteredSandwich(
        X, e, linalg.cho_solve(chol, np.eye(k), check_finite=False), means[:k]
    )
    raw: dict[str, np.ndarray] = {}
    if spec.cov == "unadjusted":
        raw["main"] = sandwich.unadjusted()
    elif spec.cov == "robust":
        raw["main"] = sandwich.hetero()
    else:
        raw["main"] = sandwich.cluster(ent, n_ent)
        if spec.cov == "twoway":
            raw["time"] = sandwich.cluster(tim, n_per)
            raw["hetero"] = sandwich.hetero()
    del Z, X, y, sandwich
    params = pd.Series(np.r_[const, beta], index=names, name="parameter")
    cov_df = pd.DataFrame(raw["main"], index=names, columns=names)
    return FastPathResults(spec, sample, params, cov_df, e, r2), raw


def estimate(sample: pd.DataFrame, spec: PanelSpec, engine: str = "auto") -> dict[str, Any]:
    ent, n_ent = within.level_codes(sample.index, 0)
    tim, n_per = within.level_codes(sample.index, 1)
    # periods of the estimating equation (first differences lose the first period)
    n_per_eq = n_per - 1 if spec.model == "fd" else n_per
    conv = spec.small_sample
    notes: list[str] = []
    cov = spec.cov
    fast = None
    if engine == "auto" and spec.model in FAST_MODELS and cov in FAST_COVS:
        fast = _fast_fit(sample, spec, ent, n_ent, tim, n_per)
    if fast is not None:
        res, fast_raw = fast
        names = list(res.params.index)

        def other_raw(kind: str) -> np.ndarray:
            return fast_raw[kind]

    else:
        model = _lm_model(sample, spec)
        if cov == "unadjusted":
            res = _raw_fit(model, spec, "unadjusted")
        elif cov == "robust":
            res = _raw_fit(model, spec, "robust")
        elif cov in ("cluster", "twoway"):
            if spec.model == "between":  # one row per entity: clustering by entity is HC
                res = _raw_fit(model, spec, "robust")
            else:
                res = _raw_fit(model, spec, "clustered", cluster_entity=True)
        else:
            bw = dk_bandwidth(spec, n_per_eq)
            if bw >= n_per_eq:
                raise OptionError(
                    f"bandwidth={bw} must be below the number of periods ({n_per_eq})"
                )
            res = _raw_fit(model, spec, "kernel", kernel=_LM_KERNEL[spec.kernel], bandwidth=bw)
            notes.append(f"Driscoll–Kraay: {spec.kernel} kernel, bandwidth {bw}")
        names = list(res.params.index)

        def other_raw(kind: str) -> np.ndarray:
            if kind == "time":
                other = _raw_fit(model, spec, "clustered", cluster_time=True)
            else:
                other = _raw_fit(model, spec, "robust")
            return other.cov.loc[names, names].to_numpy()

    nobs = int(res.nobs)
    dims = cv.Dimensions.of_model(spec.model, nobs, len(names), n_ent, n_per, spec.has_const)
    if dims.df_resid <= 0:
        raise DataError(
            f"no residual degrees of freedom: {nobs} observations for {dims.k} coefficients "
            f"and {dims.absorbed_entity + dims.absorbed_time} absorbed effects"
        )
    raw = res.cov.loc[names, names].to_numpy()
    if cov == "unadjusted":
        v = raw * cv.unadjusted_factor(dims, conv)
        df_inf: float | None = dims.df_resid
        cluster_kind = "none (homoskedastic)"
        n_clusters = None
    elif cov == "robust":
        v = raw * cv.hetero_factor(dims, conv)
        df_inf = dims.df_resid
        hc = "HC0" if conv == "none" else "HC1"
        cluster_kind = f"none (heteroskedasticity-robust, {hc})"
        n_clusters = None
    elif cov == "cluster":
        # clusters that enter the estimating equation (fd: entities with a difference)
        g = int(res.resids.index.get_level_values(0).nunique()) if spec.model == "fd" else n_ent
        if g < 2:
            raise DataError("clustering by entity needs at least 2 entities")
        v = raw * cv.cluster_factor(dims, g, conv)
        df_inf = g - 1
        cluster_kind = f"entity ({g} clusters)"
        n_clusters = g
    elif cov == "twoway":
        g_e, g_t = n_ent, n_per
        if min(g_e, g_t) < 2:
            raise DataError("two-way clustering needs at least 2 entities and 2 periods")
        v = (
            raw * cv.cluster_factor(dims, g_e, conv)
            + other_raw("time") * cv.cluster_factor(dims, g_t, conv, clusters="time")
            - other_raw("hetero") * cv.hetero_factor(dims, conv)
        )
        df_inf = min(g_e, g_t) - 1
        cluster_kind = f"entity ({g_e}) and time ({g_t}), Cameron–Gelbach–Miller"
        n_clusters = min(g_e, g_t)
        eig = np.linalg.eigvalsh((v + v.T) / 2)
        if (eig < 0).any():
            notes.append(
                "two-way covariance is not positive semi-definite (smallest eigenvalue "
                f"{eig.min():.3g}); standard errors of affected coefficients may be NaN"
            )
    else:
        v = raw * cv.kernel_factor(dims, conv)
        df_inf = n_per_eq - 1
        cluster_kind = f"time (Driscoll–Kraay, {n_per_eq} periods)"
        n_clusters = n_per_eq
    if conv == "none" or (conv == "stata" and spec.model == "re"):
        df_inf = None  # asymptotic; Stata's xtreg, re reports z statistics whatever the vce
    elif conv == "plm":
        df_inf = dims.df_resid  # lmtest::coeftest uses the model's residual df
    v = (v + v.T) / 2
    cov_df = pd.DataFrame(v, index=names, columns=names)
    return {
        "res": res,
        "cov": cov_df,
        "dims": dims,
        "df_inference": df_inf,
        "cluster_kind": cluster_kind,
        "n_clusters": n_clusters,
        "n_entities": n_ent,
        "n_periods": n_per,
        "notes": tuple(notes),
    }
