"""Panel regressions for any ``(entity, time)`` panel: :func:`fit_panel` and :class:`PanelFit`.

The estimators are linearmodels' (``PooledOLS``, ``PanelOLS`` with entity and/or time effects,
``RandomEffects`` (Swamy–Arora), ``BetweenOLS``, ``FirstDifferenceOLS``; the first two also on a
faster path of our own, see "Estimation paths" below); this module adds what
a careful evaluator needs around them: a frozen :class:`PanelSpec` recording what was asked,
explicit logs, within-entity lags and treatment of zeros/negatives before a log, covariance
types with *stated* small-sample corrections (see :mod:`gxq_analysis.models.covariance`), and a
results object that renders itself in a notebook.

Conventions
-----------
* ``const``: ``pooled``, ``re`` and ``between`` have an intercept; ``fe`` and ``twfe`` also
  report ``const`` as Stata's ``xtreg, fe`` does (the average of the entity effects, estimated
  by linearmodels' ``PanelOLS`` with a constant); ``fd`` has no constant.
* ``re`` is Swamy–Arora GLS; in unbalanced panels the variance of the effects is Baltagi and
  Chang's (1994) small-sample estimator, as R plm's ``random.method="swar"`` and Stata's
  ``xtreg, re sa`` (Stata's default ``xtreg, re`` uses :math:`\\hat\\sigma_e^2/\\bar T` with
  the harmonic mean :math:`\\bar T` instead; balanced panels give the same estimates).
* Default clustered errors of ``fe`` equal Stata's ``xtreg, fe vce(cluster id)``:
  :math:`\\frac{G}{G-1}\\frac{N-1}{N-K}`, :math:`K` = slopes + constant, absorbed effects not
  counted; R plm's ``vcovHC(type="HC1", cluster="group")`` is ``small_sample="plm"``.
* ``rsquared``: within R² for ``fe`` (Stata's "R-sq within"), the R² of the two-way demeaned
  regression for ``twfe``, overall R² :math:`\\mathrm{corr}(y, X\\hat\\beta)^2` for ``pooled``
  and ``re`` (Stata's "R-sq overall"; for pooled OLS it equals :math:`1 - SSR/TSS`), the R² of
  the regression of entity means for ``between``, and the R² of the differenced regression for
  ``fd``; ``rsquared_kind`` says which.
* Order: lags are formed first, on the raw columns; each row then holds the values it uses
  (``y`` and unlagged regressors at :math:`t`, lagged regressors at :math:`t-L`), and only
  those values are checked and logged. A value that no row uses (e.g. a regressor's last year
  when it enters lagged) never causes an error or a drop.
* Lags: ``(variable, L)`` replaces that regressor by its value at time :math:`t-L` *of the same
  entity*. Integer times lag by value (2017 → 2016; a missing 2016 gives a missing lag, never the
  2015 value); other times (dates) lag by position in the sorted set of all periods of the
  panel (every row of ``data``, whatever is dropped later). The regressor keeps its name.
* Logs: natural log. A used value :math:`\\le 0` of a variable to log raises
  :class:`DataError` naming entity, time and variable of that value (and, for a lag, the row
  that uses it) unless ``nonpositive="drop"`` (the rows using it are dropped and counted in
  :attr:`PanelFit.dropped`) or ``nonpositive="shift"`` (a variable with any used value
  :math:`\\le 0` is logged as :math:`\\log(v + c)` with ``shift`` :math:`c` = 1 by default;
  recorded in :attr:`PanelFit.notes`).
* Dropped rows are counted once each, under the first cause that applies: no row at
  :math:`t-L` for a lag (``lags``), a missing used value (``missing``), a used value
  :math:`\\le 0` before a log (``nonpositive``); they add up to ``len(data) - nobs``.

Estimation paths
----------------
``pooled``, ``fe`` and ``twfe`` with ``unadjusted``, ``robust``, ``cluster`` or ``twoway``
covariances are estimated by this package's own path: the sample is transformed in place as one
float64 array (grand-mean centring, entity demeaning, or the exact two-way within transformation
of :mod:`~gxq_analysis.models.within`), the slopes solved from the normal equations (Cholesky,
one step of iterative refinement), ``const`` :math:`= \\bar y - \\bar x'\\hat\\beta` (what
linearmodels' ``PanelOLS`` with a constant, and Stata's ``xtreg, fe``, report), and the raw
covariances by :class:`~gxq_analysis.models.covariance.CenteredSandwich`. Same estimator, same
numbers as linearmodels' (tests: equal to 1e-10 relative), a fraction of its time and memory on
large panels. Anything unusual goes to linearmodels so that it behaves exactly as before:
regressors absorbed by the effects or (nearly) collinear, non-finite values, a single entity or
period, a two-way transformation that does not converge. The other models and covariances are
linearmodels'. :attr:`PanelFit.raw` says which path ran.

Modules
-------
This module is the API (:func:`fit_panel`, :func:`fit_spec` and the public names below); the
work is done in :mod:`~gxq_analysis.models.spec` (:class:`PanelSpec` and its option checks),
:mod:`~gxq_analysis.models.sample` (the estimation sample and :class:`Dropped`),
:mod:`~gxq_analysis.models.engines` (linearmodels and the own path, :class:`FastPathResults`)
and :mod:`~gxq_analysis.models.results` (:class:`PanelFit`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from ..options import check_choice
from ._options import check_known
from .engines import FAST_COVS, FAST_MODELS, FastPathResults, dk_bandwidth
from .results import PanelFit, fit_spec
from .sample import Dropped
from .spec import (
    MODEL_COVS,
    OPTIONS,
    Cov,
    Kernel,
    Model,
    Nonpositive,
    PanelSpec,
    SmallSample,
    as_lags,
    as_names,
)

__all__ = [
    "FAST_COVS",
    "FAST_MODELS",
    "MODEL_COVS",
    "OPTIONS",
    "Cov",
    "Dropped",
    "FastPathResults",
    "Kernel",
    "Model",
    "Nonpositive",
    "PanelFit",
    "PanelSpec",
    "SmallSample",
    "as_lags",
    "dk_bandwidth",
    "fit_panel",
    "fit_spec",
]


def fit_panel(
    data: pd.DataFrame,
    y: str,
    x: Sequence[str] | str,
    *,
    model: Model = "fe",
    cov: Cov = "cluster",
    log: str | Iterable[str] = (),
    lags: Mapping[str, int] | Iterable[tuple[str, int]] = (),
    nonpositive: Nonpositive = "error",
    shift: float = 1.0,
    small_sample: SmallSample = "stata",
    kernel: Kernel = "bartlett",
    bandwidth: int | None = None,
    **unknown: Any,
) -> PanelFit:
    """Fit a panel regression of ``y`` on ``x``.

    The options are the fields of :class:`PanelSpec`, with its defaults; the conventions behind
    them are in the module notes.

    Parameters
    ----------
    data : pandas.DataFrame
        Any panel with a two-level ``(entity, time)`` MultiIndex; time integer or datetime.
    y : str
        Dependent variable.
    x : sequence of str
        Regressors; their names are the slope names of the result.
    model : {"pooled", "fe", "twfe", "re", "between", "fd"}
        Estimator (default ``"fe"``: entity fixed effects, reported with Stata's ``const``).
    cov : {"unadjusted", "robust", "cluster", "twoway", "driscoll-kraay"}
        Covariance (default ``"cluster"``: by entity).
    log : str or sequence of str, default ()
        Variables (``y`` and/or ``x``) entering in natural logs.
    lags : mapping {str: int} or sequence of (str, int), default ()
        Regressors replaced by their value at :math:`t-L` of the same entity.
    nonpositive : {"error", "drop", "shift"}, default "error"
        Zeros/negatives among the used values of a variable to log: raise, drop the rows
        using them, or log the variable as :math:`\\log(v + c)`.
    shift : float, default 1.0
        The constant :math:`c` of ``nonpositive="shift"``.
    small_sample : {"stata", "plm", "none"}, default "stata"
        Small-sample convention of the covariance (see :mod:`~gxq_analysis.models.covariance`).
    kernel : {"bartlett", "parzen", "quadratic-spectral"}, default "bartlett"
        Driscoll–Kraay kernel.
    bandwidth : int or None, default None
        Driscoll–Kraay bandwidth (``None``: :math:`\\lfloor 4(T/100)^{2/9}\\rfloor`).
    **unknown
        Not an option: any other keyword raises :class:`OptionError` naming it and listing
        the options above (:data:`OPTIONS`).

    Returns
    -------
    PanelFit

    Raises
    ------
    OptionError
        An unknown model, covariance or option (the message lists the allowed ones).
    DataError
        Malformed data: no (entity, time) index, a missing or non-numeric column, values <= 0
        before a log (naming entity, time and variable).
    """
    check_choice("model", model, Model)
    check_choice("cov", cov, Cov)
    check_known(unknown, OPTIONS)
    spec = PanelSpec(
        y=y,
        x=as_names(x, "x"),
        model=model,
        cov=cov,
        log=log,
        lags=lags,
        nonpositive=nonpositive,
        shift=shift,
        small_sample=small_sample,
        kernel=kernel,
        bandwidth=bandwidth,
    )
    return fit_spec(data, spec)
