"""Few-cluster inference: the wild cluster restricted bootstrap (WCR) for one coefficient.

With 15 zones, cluster-robust t tests over-reject; the restricted wild cluster bootstrap-t
(Cameron, Gelbach & Miller 2008; MacKinnon & Webb 2018) keeps close to nominal size. The chapters
report it as the headline inference whenever the number of clusters is below 30
(:func:`few_cluster_inference`).

Conventions
-----------
* Clusters are the entities (first level of the fit's index); bootstrap clusters = clusters.
* Fixed effects: every bootstrap sample is re-estimated with the model's fixed effects, exactly
  as with dummy variables (pyfixest's ``Feols.wildboottest``), but without building them. ``fe``
  works on entity-demeaned data: entity effects are nested in the clusters, so partialling them
  out leaves the bootstrap unchanged. ``twfe`` uses the exact two-way within transformation
  (Frisch-Waugh-Lovell through the smaller dimension, no iteration, balanced or unbalanced) and,
  because time effects are *not* nested in the clusters, also removes them from the bootstrap
  errors of each cluster (the ``A`` matrix of :class:`~gxq_analysis.models.wild_core.WildCore`);
  bootstrapping the two-way demeaned data as if it were raw data would skip that step and is
  not the same test.
* t statistic: CRV1 with Stata's small-sample factor ``G/(G-1) * (N-1)/(N-K)`` and ``K`` counted
  as :func:`~gxq_analysis.fit_panel`'s clustered covariance does (slopes + ``const``, plus the
  ``T-1`` time effects of ``twfe``; nested entity effects not counted), so ``estimate / t_stat``
  equals the fit's clustered standard error. The factor cancels in the bootstrap p-value and
  confidence interval.
* p-value: symmetric two-sided, ``p = #{b : |t*_b| >= |t|} / B``; draws with ``|t*_b|`` equal to
  ``|t|`` up to a relative 1e-9 count as exceedances (the all-equal weight vectors reproduce ``t``
  exactly, so with enumeration ``p >= 2 / 2**G``, the honest lower bound).
* Weights: Rademacher (+-1) or Webb's six points (+-sqrt(1/2), +-1, +-sqrt(3/2)), drawn with
  ``numpy.random.default_rng(seed)`` in the same stream order as the ``wildboottest`` package (so a
  seed gives both the same draws). With Rademacher weights and ``2**G <= B`` all ``2**G`` sign
  vectors are enumerated instead (deterministic; ``B`` becomes ``2**G``).
* Confidence interval: test inversion, ``{r : p(r) >= 1 - level}`` with the same draws for every
  ``r``; each endpoint is bracketed outward from the estimate (where ``p = 1``) by doubling the
  step and then bisected to ``1e-8`` standard errors.

Modules: the numerical core is :mod:`gxq_analysis.models.wild_core` (why it is hand-written and
how it is fast is said there), the result types :mod:`gxq_analysis.models.bootstrap_results`
(re-exported here). This module builds the regression from a fit, checks the options and runs
the bootstrap for one coefficient (:func:`wild_cluster_bootstrap`) or a fit's table
(:func:`few_cluster_inference`).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import DataError, OptionError
from ..options import check_choice
from . import covariance as cv
from ._options import check_bool, check_known
from .bootstrap_results import BootstrapDesign, BootstrapResult, describe
from .wild_core import WildCore, draw_weights
from .within import demean, level_codes, twoway_demean

if TYPE_CHECKING:  # pragma: no cover
    from .panel import PanelFit

__all__ = [
    "MAX_CLUSTERS",
    "SUPPORTED_MODELS",
    "BootstrapDesign",
    "BootstrapResult",
    "Weights",
    "few_cluster_inference",
    "wild_cluster_bootstrap",
]

Weights = Literal["rademacher", "webb"]
SUPPORTED_MODELS = ("pooled", "fe", "twfe")
#: Above this the G x G algorithm stops being cheap; clustered inference needs no bootstrap there.
MAX_CLUSTERS = 2000


def _is_real(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _check_options(
    B: Any, weights: Any, seed: Any, level: Any, null: Any, impose_null: Any
) -> None:
    check_choice("weights", weights, Weights)
    if isinstance(B, bool) or not isinstance(B, int | np.integer) or B < 1:
        raise OptionError(f"B={B!r} is not allowed; give a positive integer such as 9999")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise OptionError(f"seed={seed!r} is not allowed; give a non-negative integer")
    if not _is_real(level) or not 0.0 < float(level) < 1.0:
        raise OptionError(f"level={level!r} is not allowed; give a number between 0 and 1")
    if not _is_real(null) or not math.isfinite(float(null)):
        raise OptionError(f"null={null!r} is not allowed; give a finite number")
    check_bool("impose_null", impose_null)


def _wild_arrays(
    X: np.ndarray,
    y: np.ndarray,
    clusters: np.ndarray,
    j: int,
    *,
    df_k: int | None = None,
    B: int = 9999,
    weights: str = "webb",
    seed: int = 12345,
    level: float = 0.95,
    null: float = 0.0,
    impose_null: bool = True,
    param: str | None = None,
) -> BootstrapResult:
    """The wild cluster bootstrap-t of coefficient ``j`` in OLS of ``y`` on ``X`` (plain arrays).

    ``clusters`` is any array of labels; clusters are numbered in sorted label order (the order in
    which weights are assigned, as in ``wildboottest``). ``df_k`` is the ``K`` of the
    small-sample factor (default: the columns of ``X``; no absorbed effects).
    """
    _check_options(B, weights, seed, level, null, impose_null)
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    _, codes = np.unique(np.asarray(clusters), return_inverse=True)
    codes = codes.astype(np.intp).ravel()
    n_clusters = int(codes.max()) + 1 if codes.size else 0
    _check_n_clusters(n_clusters)
    k = X.shape[1] if df_k is None else df_k
    dims = cv.Dimensions(len(y), k, 0, 0, has_const_reported=True, within=False)
    core = WildCore(X, y, codes, n_clusters, j, dims)
    V, enumerated = draw_weights(weights, n_clusters, int(B), int(seed))
    return _run(
        core,
        f"x{j}" if param is None else param,
        V,
        enumerated,
        weights=weights,
        seed=int(seed),
        level=float(level),
        null=float(null),
        impose_null=bool(impose_null),
    )


def _check_n_clusters(n_clusters: int) -> None:
    if n_clusters < 2:
        raise DataError(f"the wild cluster bootstrap needs at least 2 clusters; found {n_clusters}")
    if n_clusters > MAX_CLUSTERS:
        raise OptionError(
            f"{n_clusters} clusters: the wild cluster bootstrap here is for few clusters "
            f"(at most {MAX_CLUSTERS}); with this many clusters use cluster-robust inference"
        )


# --------------------------------------------------------------------------------------------
# PanelFit adapter


@dataclass(frozen=True)
class _Design:
    """The regression the bootstrap re-estimates, built from a fit's estimation sample."""

    X: np.ndarray  # regressors with the fixed effects partialled out
    y: np.ndarray
    codes: np.ndarray  # entity (cluster) number of each row, in sorted entity order
    n_clusters: int
    columns: tuple[str, ...]
    dims: cv.Dimensions  # sizes of the fit: K of the CRV1 factor as fit_panel counts it
    project: Callable[[np.ndarray], np.ndarray] | None  # M_D of effects not nested in clusters


def _testable(fit: PanelFit) -> tuple[str, ...]:
    names = tuple(str(n) for n in fit.params.index)
    if fit.spec.model in ("fe", "twfe"):
        return tuple(n for n in names if n != "const")
    return names


def _check_fit(fit: PanelFit, param: str | None = None) -> None:
    model = fit.spec.model
    if model not in SUPPORTED_MODELS:
        why = {
            "re": "random effects re-weight by a quasi-demeaning that the bootstrap DGP would "
            "have to re-estimate",
            "between": "the between regression has one observation per cluster",
            "fd": "first differences are not implemented",
        }.get(model, "not implemented")
        raise OptionError(
            f"the wild cluster bootstrap is not available for model={model!r} ({why}); "
            "it supports: " + ", ".join(repr(m) for m in SUPPORTED_MODELS)
        )
    if param is None:
        return
    allowed_params = _testable(fit)
    if param not in allowed_params:
        extra = ""
        if param == "const" and model in ("fe", "twfe"):
            extra = (
                f" (the 'const' of model={model!r} is the average entity effect, which the "
                "within transformation removes)"
            )
        raise OptionError(
            f"param={param!r} is not a coefficient the bootstrap can test{extra}; choose one of: "
            + ", ".join(repr(p) for p in allowed_params)
        )


def _design(fit: PanelFit) -> _Design:
    spec = fit.spec
    data = fit.data
    ent, n_ent = level_codes(data.index, 0)
    tim, n_tim = level_codes(data.index, 1)
    y = data[spec.y].to_numpy(dtype=float)
    X = data[list(spec.x)].to_numpy(dtype=float)
    cols: list[str] = list(spec.x)
    project = None
    if spec.model == "pooled":
        if spec.has_const:
            X = np.column_stack([np.ones(len(y)), X])
            cols.insert(0, "const")
    elif spec.model == "fe":
        X, y = demean(X, ent, n_ent), demean(y, ent, n_ent)
    else:  # twfe

        def project(W: np.ndarray) -> np.ndarray:
            return twoway_demean(W, ent, n_ent, tim, n_tim)

        Xy = project(np.column_stack([X, y]))
        X, y = Xy[:, :-1], Xy[:, -1]
    # k as fit_panel counts it: slopes + const (fe/twfe report one; the time effects of twfe are
    # absorbed_time, which the Stata CRV1 factor counts because they are not nested in entities)
    k = len(spec.x) + int(spec.has_const)
    dims = cv.Dimensions.of_model(spec.model, len(y), k, n_ent, n_tim, spec.has_const)
    return _Design(X, y, ent, n_ent, tuple(cols), dims, project)


def _core(design: _Design, fit: PanelFit, param: str) -> WildCore:
    _check_n_clusters(design.n_clusters)
    j = design.columns.index(param)
    core = WildCore(
        design.X, design.y, design.codes, design.n_clusters, j, design.dims, design.project
    )
    ref = float(fit.params[param])
    # guard: the re-estimated coefficient must be the fit's (same sample, same model)
    if not abs(core.estimate - ref) <= 1e-6 * (abs(ref) + core.se) + 1e-12:
        raise DataError(
            f"internal check failed: the bootstrap design gives {param} = {core.estimate!r} but "
            f"the fit reports {ref!r}"
        )
    return core


def _run(
    core: WildCore,
    param: str,
    V: np.ndarray,
    enumerated: bool,
    *,
    weights: str,
    seed: int,
    level: float,
    null: float,
    impose_null: bool,
    threshold: int = 30,
) -> BootstrapResult:
    core.bootstrap(V, impose_null)
    G = core.n_clusters
    lo, hi = core.conf_int(level)
    design = BootstrapDesign(
        impose_null=bool(impose_null),
        weights=weights,
        B=int(V.shape[1]),
        enumerated=enumerated,
        n_clusters=G,
        threshold=int(threshold),
        unbounded=not (math.isfinite(lo) and math.isfinite(hi)),
    )
    return BootstrapResult(
        param=param,
        estimate=core.estimate,
        null=float(null),
        t_stat=float((core.estimate - null) / core.se) if core.se > 0 else math.nan,
        pvalue=core.pvalue(float(null)),
        conf_int=(float(lo), float(hi)),
        level=float(level),
        B=int(V.shape[1]),
        weights=weights,
        seed=int(seed),
        n_clusters=G,
        nobs=core.nobs,
        enumerated=enumerated,
        impose_null=bool(impose_null),
        note=describe(design),
        threshold=int(threshold),
    )


def wild_cluster_bootstrap(
    fit: PanelFit,
    param: str,
    *,
    B: int = 9999,
    weights: Weights = "webb",
    seed: int = 12345,
    level: float = 0.95,
    null: float = 0.0,
    impose_null: bool = True,
) -> BootstrapResult:
    """Wild cluster bootstrap-t test and confidence interval for one coefficient of a fit.

    Clusters are the fit's entities. By default the null is imposed on the bootstrap DGP (WCR),
    which has the most reliable size with few clusters (MacKinnon & Webb 2018). Conventions
    (p-value, weights, enumeration, interval) are in the module notes.

    Parameters
    ----------
    fit : PanelFit
        A :func:`~gxq_analysis.fit_panel` result with ``model`` ``"pooled"``, ``"fe"`` or
        ``"twfe"`` (its covariance type does not matter: the t statistic here is CRV1).
    param : str
        Coefficient to test: a slope, or ``"const"`` of a pooled model.
    B : int, default 9999
        Bootstrap draws (replaced by ``2**G`` when Rademacher weights are enumerated).
    weights : {"webb", "rademacher"}
        Auxiliary weights; Webb's six-point weights are preferred with fewer than about 12
        clusters, where Rademacher weights allow too few distinct draws.
    seed : int, default 12345
        Seed of ``numpy.random.default_rng``.
    level : float, default 0.95
        Confidence level of the interval obtained by inverting the test.
    null : float, default 0.0
        Value of the coefficient under H0.
    impose_null : bool, default True
        ``True``: WCR (restricted); ``False``: WCU (unrestricted residuals).

    Returns
    -------
    BootstrapResult

    Raises
    ------
    OptionError
        Unsupported model, unknown ``param`` or ``weights``, or an invalid option (the message
        lists what is allowed).
    """
    _check_options(B, weights, seed, level, null, impose_null)
    _check_fit(fit, param)
    design = _design(fit)
    core = _core(design, fit, param)
    V, enumerated = draw_weights(weights, design.n_clusters, int(B), int(seed))
    return _run(
        core,
        param,
        V,
        enumerated,
        weights=weights,
        seed=int(seed),
        level=float(level),
        null=float(null),
        impose_null=bool(impose_null),
    )


def few_cluster_inference(
    fit: PanelFit,
    params: str | Sequence[str] | None = None,
    *,
    threshold: int = 30,
    **kw: Any,
) -> pd.DataFrame:
    """Inference table applying the rule "WCR is the headline when clusters < ``threshold``".

    Parameters
    ----------
    fit : PanelFit
        A ``pooled``, ``fe`` or ``twfe`` fit; clusters are its entities.
    params : str or sequence of str, optional
        Coefficients to report (default: the slopes, ``fit.spec.x``).
    threshold : int, default 30
        Below this number of clusters the wild cluster bootstrap is run and is the headline.
    **kw
        Passed to :func:`wild_cluster_bootstrap` (``B``, ``weights``, ``seed``, ``level``,
        ``null``, ``impose_null``).

    Returns
    -------
    pandas.DataFrame
        One row per parameter (index ``param``): ``estimate``, CRV1 ``se_crv1``, ``t_crv1``,
        ``p_crv1`` (t(G-1), as Stata) and ``ci_crv1_lower``/``ci_crv1_upper``; ``n_clusters``;
        ``p_wcr``, ``ci_wcr_lower``, ``ci_wcr_upper`` (NaN when not run); ``headline``
        (``"WCR"`` or ``"CRV1"``) and ``reason`` (in English, the table's own description).
        ``attrs``: ``note`` (English) and ``design`` (a :class:`BootstrapDesign`, None when the
        bootstrap did not run) describe the bootstrap; ``threshold``, ``level`` and ``null``.
        :func:`gxq_analysis.report.model_notes.inference_reasons` and ``bootstrap_note`` word
        them in a chapter's language.
    """
    check_known(kw, ("B", "weights", "seed", "level", "null", "impose_null"))
    if isinstance(threshold, bool) or not isinstance(threshold, int | np.integer) or threshold < 2:
        raise OptionError(f"threshold={threshold!r} is not allowed; give an integer >= 2")
    opts: dict[str, Any] = {
        "B": 9999,
        "weights": "webb",
        "seed": 12345,
        "level": 0.95,
        "null": 0.0,
        "impose_null": True,
    }
    opts.update(kw)
    _check_options(**opts)
    _check_fit(fit)
    names = (
        list(fit.spec.x)
        if params is None
        else [params]
        if isinstance(params, str)
        else list(params)
    )
    for p in names:
        _check_fit(fit, p)
    design = _design(fit)
    n_clusters = G = design.n_clusters
    level, null = float(opts["level"]), float(opts["null"])
    crit = float(stats.t.ppf(0.5 + level / 2, G - 1))
    run_wcr = n_clusters < threshold
    V, enumerated = (
        draw_weights(opts["weights"], G, int(opts["B"]), int(opts["seed"]))
        if run_wcr
        else (None, False)
    )
    rows = []
    note, described = "", None
    for p in names:
        core = _core(design, fit, p)
        t = (core.estimate - null) / core.se if core.se > 0 else math.nan
        row: dict[str, Any] = {
            "estimate": core.estimate,
            "se_crv1": core.se,
            "t_crv1": t,
            "p_crv1": float(2 * stats.t.sf(abs(t), G - 1)),
            "ci_crv1_lower": core.estimate - crit * core.se,
            "ci_crv1_upper": core.estimate + crit * core.se,
            "n_clusters": G,
            "p_wcr": math.nan,
            "ci_wcr_lower": math.nan,
            "ci_wcr_upper": math.nan,
        }
        if run_wcr:
            assert V is not None
            res = _run(
                core,
                p,
                V,
                enumerated,
                weights=opts["weights"],
                seed=int(opts["seed"]),
                level=level,
                null=null,
                impose_null=bool(opts["impose_null"]),
                threshold=int(threshold),
            )
            row.update(p_wcr=res.pvalue, ci_wcr_lower=res.conf_int[0], ci_wcr_upper=res.conf_int[1])
            note, described = res.note, res.design
            row.update(
                headline=res.method,
                reason=f"{G} clusters < {threshold}: {res.method} bootstrap p-value and CI are "
                "the headline (CRV1 t tests over-reject with few clusters)",
            )
        else:
            row.update(
                headline="CRV1",
                reason=f"{G} clusters >= {threshold}: CRV1 cluster-robust t({G - 1}) inference "
                "is the headline",
            )
        rows.append(row)
    out = pd.DataFrame(rows, index=pd.Index(names, name="param"))
    out.attrs.update(note=note, design=described, threshold=int(threshold), level=level, null=null)
    return out
