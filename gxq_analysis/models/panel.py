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
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import DataError, OptionError
from ..options import allowed, check_choice
from . import covariance as cv, within
from ._options import check_known

Model = Literal["pooled", "fe", "twfe", "re", "between", "fd"]
Cov = Literal["unadjusted", "robust", "cluster", "twoway", "driscoll-kraay"]
Nonpositive = Literal["error", "drop", "shift"]
SmallSample = cv.SmallSample
Kernel = Literal["bartlett", "parzen", "quadratic-spectral"]

#: Options accepted by :func:`fit_panel` besides ``model`` and ``cov``.
OPTIONS: tuple[str, ...] = (
    "log",
    "lags",
    "nonpositive",
    "shift",
    "small_sample",
    "kernel",
    "bandwidth",
)

#: Covariance types each model supports (linearmodels: BetweenOLS has no kernel covariance, a
#: between regression has one observation per entity so two-way clustering is meaningless, and
#: first differences cannot be clustered by time).
MODEL_COVS: dict[str, tuple[str, ...]] = {
    "pooled": allowed(Cov),
    "fe": allowed(Cov),
    "twfe": allowed(Cov),
    "re": allowed(Cov),
    "between": ("unadjusted", "robust", "cluster"),
    "fd": ("unadjusted", "robust", "cluster", "driscoll-kraay"),
}

_HAS_CONST = {"pooled": True, "fe": True, "twfe": True, "re": True, "between": True, "fd": False}
_RSQ_KIND = {
    "pooled": "overall",
    "fe": "within",
    "twfe": "two-way within",
    "re": "overall",
    "between": "between",
    "fd": "first-difference",
}
_MODEL_LABEL = {
    "pooled": "Pooled OLS",
    "fe": "Fixed effects (entity)",
    "twfe": "Two-way fixed effects (entity and time)",
    "re": "Random effects (Swamy–Arora GLS)",
    "between": "Between estimator (entity means)",
    "fd": "First differences (no constant)",
}
_LM_KERNEL = {"bartlett": "bartlett", "parzen": "parzen", "quadratic-spectral": "qs"}


def _as_names(value: str | Iterable[str], name: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    try:
        out = tuple(value)
    except TypeError:
        raise OptionError(f"{name} must be a column name or a sequence of names") from None
    if not all(isinstance(v, str) for v in out):
        raise OptionError(f"{name} must contain column names (str), got {out!r}")
    return out


def as_lags(value: Any) -> tuple[tuple[str, int], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    try:
        pairs = tuple((str(v), lag) for v, lag in items)
    except (TypeError, ValueError):
        raise OptionError(
            "lags must be a mapping {variable: lag} or a sequence of (variable, lag) pairs, "
            f"got {value!r}"
        ) from None
    for var, lag in pairs:
        if isinstance(lag, bool) or not isinstance(lag, (int, np.integer)) or lag < 1:
            raise OptionError(f"lags: the lag of {var!r} must be an integer >= 1, got {lag!r}")
    return tuple((v, int(lag)) for v, lag in pairs)


@dataclass(frozen=True)
class PanelSpec:
    """Exactly what was asked of :func:`fit_panel` (hashable, comparable, reusable).

    Parameters
    ----------
    y, x
        Dependent variable and regressors (column names; lagged/logged regressors keep them).
    model, cov
        Estimator and covariance type (see :data:`Model`, :data:`Cov`).
    log
        Variables (``y`` and/or ``x``) entering in natural logs.
    lags
        ``(x variable, lag)`` pairs, lag within entity.
    nonpositive
        Zeros/negatives among the used values of a variable to log: ``"error"`` (default),
        ``"drop"`` the rows using them, or ``"shift"`` the variable by ``shift`` before the log.
    shift
        Constant :math:`c` of ``nonpositive="shift"`` (:math:`\\log(v + c)`).
    small_sample
        Small-sample convention of the covariance (see :mod:`~gxq_analysis.models.covariance`).
    kernel, bandwidth
        Driscoll–Kraay kernel and bandwidth (``None``: :math:`\\lfloor 4(T/100)^{2/9}\\rfloor`).
    """

    y: str
    x: tuple[str, ...]
    model: Model = "fe"
    cov: Cov = "cluster"
    log: tuple[str, ...] = ()
    lags: tuple[tuple[str, int], ...] = ()
    nonpositive: Nonpositive = "error"
    shift: float = 1.0
    small_sample: SmallSample = "stata"
    kernel: Kernel = "bartlett"
    bandwidth: int | None = None

    def __post_init__(self) -> None:
        # normalise containers so that equal requests give equal (hashable) specs
        object.__setattr__(self, "x", _as_names(self.x, "x"))
        object.__setattr__(self, "log", _as_names(self.log, "log"))
        object.__setattr__(self, "lags", as_lags(self.lags))
        if not isinstance(self.y, str):
            raise OptionError(f"y must be a column name (str), got {self.y!r}")
        check_choice("model", self.model, Model)
        check_choice("cov", self.cov, Cov)
        check_choice("nonpositive", self.nonpositive, Nonpositive)
        check_choice("small_sample", self.small_sample, SmallSample)
        check_choice("kernel", self.kernel, Kernel)
        if self.cov not in MODEL_COVS[self.model]:
            raise OptionError(
                f"cov={self.cov!r} is not available for model={self.model!r}; choose one of: "
                + ", ".join(repr(c) for c in MODEL_COVS[self.model])
            )
        if not self.x:
            raise OptionError("x must name at least one regressor")
        if len(set(self.x)) != len(self.x):
            raise OptionError(f"x names a regressor twice: {self.x!r}")
        if self.y in self.x:
            raise OptionError(f"y={self.y!r} is also among the regressors x")
        if "const" in self.x:
            raise OptionError("'const' is reserved for the intercept; rename that regressor")
        for v in self.log:
            if v != self.y and v not in self.x:
                raise OptionError(
                    f"log: {v!r} is neither y nor a regressor; choose among: "
                    + ", ".join(repr(c) for c in (self.y, *self.x))
                )
        lagged = [v for v, _ in self.lags]
        for v in lagged:
            if v not in self.x:
                raise OptionError(
                    f"lags: {v!r} is not a regressor; choose among: "
                    + ", ".join(repr(c) for c in self.x)
                )
        if len(set(lagged)) != len(lagged):
            raise OptionError(f"lags: a variable is lagged twice: {self.lags!r}")
        shift = self.shift
        if isinstance(shift, bool) or not isinstance(shift, (int, float)) or not shift > 0:
            raise OptionError(f"shift must be a positive number, got {shift!r}")
        object.__setattr__(self, "shift", float(shift))
        bw = self.bandwidth
        if bw is not None and (
            isinstance(bw, bool) or not isinstance(bw, (int, np.integer)) or bw < 0
        ):
            raise OptionError(f"bandwidth must be None or an integer >= 0, got {bw!r}")

    @property
    def lag_of(self) -> dict[str, int]:
        """Lag of each regressor (0 when not lagged)."""
        lags = dict(self.lags)
        return {v: lags.get(v, 0) for v in self.x}

    @property
    def has_const(self) -> bool:
        return _HAS_CONST[self.model]

    def describe(self) -> str:
        """One line: the equation as estimated."""

        def term(v: str, lag: int = 0) -> str:
            s = f"L{lag}.{v}" if lag else v
            return f"log({s})" if v in self.log else s

        rhs = " + ".join(term(v, lag) for v, lag in self.lag_of.items())
        return f"{term(self.y)} ~ {rhs}"


@dataclass(frozen=True)
class Dropped:
    """Rows of the input that are not in the estimation sample, by reason.

    Each row is counted once, under its first cause: ``lags`` (the entity has no row at
    :math:`t-L` for a lagged regressor), then ``missing`` (a value the row uses is NaN), then
    ``nonpositive`` (a value the row uses is :math:`\\le 0` before a log, with
    ``nonpositive="drop"``). ``total`` is ``len(data) - nobs``.
    """

    nonpositive: int = 0
    lags: int = 0
    missing: int = 0
    details: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return self.nonpositive + self.lags + self.missing

    def __int__(self) -> int:
        return self.total

    def __str__(self) -> str:
        if not self.total:
            return "no rows dropped"
        parts = [
            f"{n} {what}"
            for n, what in (
                (self.nonpositive, "with a value <= 0 before a log"),
                (self.lags, "without the lagged value"),
                (self.missing, "with missing values"),
            )
            if n
        ]
        return f"{self.total} rows dropped: " + "; ".join(parts)


# ----------------------------------------------------------------------------------------------
# sample preparation


def _check_index(data: pd.DataFrame) -> None:
    if not isinstance(data, pd.DataFrame):
        raise DataError(f"data must be a pandas DataFrame, got {type(data).__name__}")
    idx = data.index
    if not isinstance(idx, pd.MultiIndex) or idx.nlevels != 2:
        raise DataError(
            "data must have a two-level (entity, time) MultiIndex, e.g. "
            "df.set_index(['zone', 'year'])"
        )
    time = idx.levels[1]
    if not (pd.api.types.is_integer_dtype(time) or pd.api.types.is_datetime64_any_dtype(time)):
        raise DataError(
            f"the time level {idx.names[1]!r} must hold integers (years) or dates, "
            f"got dtype {time.dtype}"
        )
    codes = np.asarray(idx.codes)
    if (codes < 0).any():
        raise DataError("the (entity, time) index has missing entries")
    if idx.has_duplicates:
        dup = idx[idx.duplicated()][0]
        raise DataError(f"the (entity, time) index is not unique: {dup!r} occurs more than once")


def _numeric(data: pd.DataFrame, cols: Sequence[str]) -> pd.DataFrame:
    for c in cols:
        if c not in data.columns:
            raise DataError("column not found in data", column=c)
    out = {}
    for c in cols:
        s = data[c]
        if not (pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)):
            raise DataError(f"column is not numeric (dtype {s.dtype})", column=c)
        out[c] = s.astype("float64")
    return pd.DataFrame(out, index=data.index)


def _lag_source(index: pd.MultiIndex, lag: int, periods: pd.Index | None) -> np.ndarray:
    """Row position of the same entity's row at time t-lag, for every row (-1: no such row).

    Integer times lag by value; dates (``periods`` = every period of the panel, sorted) by
    position among the panel's periods, so that a period is never skipped because some rows
    were dropped.
    """
    ent = index.get_level_values(0)
    time = index.get_level_values(1)
    if periods is None:
        valid = None
        src_time = time - lag
    else:
        pos = periods.get_indexer(time) - lag
        valid = pos >= 0
        src_time = periods.take(np.where(valid, pos, 0))
    src = index.get_indexer(pd.MultiIndex.from_arrays([ent, src_time]))
    if valid is not None:
        src[~valid] = -1
    return src


def _scalar(v: Any) -> Any:
    """A NumPy scalar as the Python scalar (readable in messages: 2015, not np.int64(2015))."""
    return v.item() if isinstance(v, np.generic) else v


def _prepare(
    data: pd.DataFrame, spec: PanelSpec
) -> tuple[pd.DataFrame, Dropped, tuple[str, ...], tuple[str, ...]]:
    """Estimation sample (y then x, transformed), what was dropped, notes, shifted variables.

    Order matters: the lags are formed first, on the raw columns, so that every row carries the
    values it uses (``y`` and unlagged ``x`` at ``t``, lagged ``x`` at ``t-L``); only those
    values are then checked for missing values and for values <= 0 before a log, and logged.
    Dropping rows for a value <= 0 before forming the lags would also throw away the rows that
    use that row's *other* values as lags, and would reject values no row uses.
    """
    _check_index(data)
    cols = [spec.y, *spec.x]
    raw = _numeric(data, cols).sort_index()
    index = raw.index
    n = len(raw)
    time = index.get_level_values(1)
    periods = None if pd.api.types.is_integer_dtype(time) else time.unique().sort_values()
    lag_of = {spec.y: 0, **spec.lag_of}
    used: dict[str, np.ndarray] = {}  # the value of each variable that each row uses
    source: dict[str, np.ndarray] = {}  # lagged variables: row position of that value
    no_lag = np.zeros(n, dtype=bool)
    for var in cols:
        values = raw[var].to_numpy(dtype=np.float64)
        if lag_of[var]:
            src = _lag_source(index, lag_of[var], periods)
            absent = src < 0
            no_lag |= absent
            values = np.where(absent, np.nan, values[src])
            source[var] = src
        used[var] = values
    has_nan = np.zeros(n, dtype=bool)
    for values in used.values():
        has_nan |= np.isnan(values)
    # each dropped row is counted once, under its first cause: no lagged period, then a missing
    # value, then a value <= 0 before a log
    n_lags = int(no_lag.sum())
    n_missing = int((has_nan & ~no_lag).sum())
    keep = ~(no_lag | has_nan)
    notes: list[str] = []
    shifted_vars: list[str] = []
    details: list[str] = []
    n_nonpos = 0
    if spec.log:
        bad = {var: keep & (used[var] <= 0) for var in spec.log}
        bad_rows = np.logical_or.reduce(list(bad.values()))
        if bad_rows.any():
            listing = [
                _describe_value(index, i, var, used[var][i], lag_of[var], source.get(var))
                for i in np.flatnonzero(bad_rows)
                for var in spec.log
                if bad[var][i]
            ]
            if spec.nonpositive == "error":
                more = f" (and {len(listing) - 10} more)" if len(listing) > 10 else ""
                raise DataError(
                    f"{len(listing)} value(s) <= 0 cannot be logged: entity, time, variable = "
                    + "; ".join(listing[:10])
                    + more
                    + ". Choose nonpositive='drop' or nonpositive='shift' to treat them."
                )
            if spec.nonpositive == "drop":
                n_nonpos = int(bad_rows.sum())
                details.extend(f"dropped (<= 0 before log): {s}" for s in listing)
                keep &= ~bad_rows
            else:  # shift
                for var in spec.log:
                    if bad[var].any():
                        shifted = used[var] + spec.shift
                        if (shifted[keep] <= 0).any():
                            raise DataError(
                                f"shifting by {spec.shift:g} leaves values <= 0; use a larger "
                                "shift or nonpositive='drop'",
                                column=var,
                            )
                        used[var] = shifted
                        shifted_vars.append(var)
                        notes.append(
                            f"log({var} + {spec.shift:g}): {int(bad[var].sum())} value(s) <= 0"
                        )
    if not keep.any():
        raise DataError("no complete rows remain after logs, lags and missing values")
    complete = bool(keep.all())
    columns = {}
    for var in cols:
        values = used[var] if complete else used[var][keep]
        columns[var] = np.log(values) if var in spec.log else values
    sample = pd.DataFrame(columns, index=index if complete else index[keep], copy=False)
    dropped = Dropped(n_nonpos, n_lags, n_missing, tuple(details))
    return sample, dropped, tuple(notes), tuple(shifted_vars)


def _describe_value(
    index: pd.MultiIndex, row: int, var: str, value: float, lag: int, source: np.ndarray | None
) -> str:
    """``'entity' time var=value`` of the data cell a row uses (and, if lagged, for which row)."""
    if source is None:
        ent, t = index[row]
        return f"{_scalar(ent)!r} {_scalar(t)!r} {var}={value:g}"
    ent, t = index[source[row]]
    used_at = _scalar(index[row][1])
    return f"{_scalar(ent)!r} {_scalar(t)!r} {var}={value:g} (as L{lag}.{var} at {used_at!r})"


# ----------------------------------------------------------------------------------------------
# estimation


def _lm_model(sample: pd.DataFrame, spec: PanelSpec):
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
    """The linearmodels-like result of :func:`fit_panel`'s own estimation path (``PanelFit.raw``).

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
    from scipy import linalg

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


def _estimate(sample: pd.DataFrame, spec: PanelSpec, engine: str = "auto") -> dict[str, Any]:
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


# ----------------------------------------------------------------------------------------------
# results


@dataclass
class PanelFit:
    """Results of :func:`fit_panel`.

    Attributes
    ----------
    params, std_errors, tstats, pvalues : pandas.Series
        Indexed by ``const`` (where the model reports one, first) and the names of ``x``.
    cov : pandas.DataFrame
        Covariance of ``params`` under :attr:`cov_convention`.
    nobs, n_entities, n_periods, df_resid : int
        Observations, entities and periods in the estimation sample; residual degrees of
        freedom :math:`N - k - a` (absorbed effects counted).
    df_inference : int or None
        Degrees of freedom of the t distribution behind ``pvalues`` and :meth:`conf_int`
        (``None``: normal).
    rsquared : float
        With :attr:`rsquared_kind` saying which R² it is.
    spec : PanelSpec
        The request that produced this fit.
    data : pandas.DataFrame
        The estimation sample after logs, lags and drops (``y`` and ``x`` columns, same index).
    dropped : Dropped
        Rows not in the sample and why.
    shifted : tuple of str
        Variables logged as :math:`\\log(v + c)` under ``nonpositive="shift"``.
    raw
        The estimator's own result, with the raw, uncorrected covariance: the linearmodels
        result, or for ``pooled``/``fe``/``twfe`` with ``unadjusted``/``robust``/``cluster``/
        ``twoway`` covariances a :class:`FastPathResults` (``params``, ``cov``, ``resids``,
        ``resid_ss``, ``nobs``, ``rsquared``; other attributes from linearmodels on first use).
    """

    params: pd.Series
    std_errors: pd.Series
    tstats: pd.Series
    pvalues: pd.Series
    cov: pd.DataFrame
    nobs: int
    n_entities: int
    n_periods: int
    df_resid: int
    df_inference: int | None
    rsquared: float
    rsquared_kind: str
    spec: PanelSpec
    data: pd.DataFrame
    entity_effects: bool
    time_effects: bool
    cluster_kind: str
    n_clusters: int | None
    dropped: Dropped
    raw: Any = field(repr=False)
    sample_notes: tuple[str, ...] = ()  # from logs/shifts
    cov_notes: tuple[str, ...] = ()  # from the covariance (kernel, bandwidth, PSD check)
    shifted: tuple[str, ...] = ()  # variables logged as log(v + shift)

    @property
    def notes(self) -> tuple[str, ...]:
        """Everything a reader must know about the sample and the covariance."""
        return self.sample_notes + self.cov_notes

    # -- inference ---------------------------------------------------------------------------
    def _crit(self, level: float) -> float:
        if not 0 < level < 1:
            raise OptionError(f"level must be between 0 and 1, got {level!r}")
        q = 0.5 + level / 2
        if self.df_inference is None:
            return float(stats.norm.ppf(q))
        return float(stats.t.ppf(q, self.df_inference))

    def conf_int(self, level: float = 0.95) -> pd.DataFrame:
        """Confidence intervals (columns ``lower``, ``upper``) at ``level``."""
        c = self._crit(level)
        return pd.DataFrame(
            {"lower": self.params - c * self.std_errors, "upper": self.params + c * self.std_errors}
        )

    @property
    def slopes(self) -> tuple[str, ...]:
        """Names of the slope coefficients (``x``)."""
        return self.spec.x

    @property
    def cov_convention(self) -> str:
        """The covariance and its small-sample correction, in words."""
        return _convention_text(self)

    @property
    def inference(self) -> str:
        return "normal" if self.df_inference is None else f"t({self.df_inference})"

    # -- presentation -------------------------------------------------------------------------
    def to_frame(self, level: float = 0.95) -> pd.DataFrame:
        """Coefficient table: estimate, std. error, t, p-value and CI bounds."""
        ci = self.conf_int(level)
        pct = f"{100 * level:g}"
        return pd.DataFrame(
            {
                "coef": self.params,
                "std_err": self.std_errors,
                "t": self.tstats,
                "pvalue": self.pvalues,
                f"ci_lower_{pct}": ci["lower"],
                f"ci_upper_{pct}": ci["upper"],
            }
        )

    def info(self) -> dict[str, str]:
        """Model information shown by :meth:`summary` and in notebooks."""
        d = {
            "Equation": self.spec.describe(),
            "Model": _MODEL_LABEL[self.spec.model],
            "Observations": str(self.nobs),
            "Entities": str(self.n_entities),
            "Periods": str(self.n_periods),
            "Entity effects": "yes" if self.entity_effects else "no",
            "Time effects": "yes" if self.time_effects else "no",
            f"R² ({self.rsquared_kind})": f"{self.rsquared:.4f}",
            "Covariance": self.cov_convention,
            "Clusters": self.cluster_kind,
            "Inference": self.inference,
            "Dropped": str(self.dropped),
        }
        for i, n in enumerate(self.notes, 1):
            d[f"Note {i}"] = n
        return d

    def summary(self) -> str:
        """Plain-text summary: model information and the coefficient table."""
        info = self.info()
        w = max(len(k) for k in info)
        lines = [f"{k:<{w}}  {v}" for k, v in info.items()]
        table = self.to_frame().to_string(float_format=lambda v: f"{v:.6g}")
        return "\n".join([*lines, "", table])

    def __repr__(self) -> str:
        coefs = ", ".join(f"{k}={v:.4g}" for k, v in self.params.items())
        return (
            f"<PanelFit {self.spec.model} cov={self.spec.cov}/{self.spec.small_sample} "
            f"N={self.nobs} entities={self.n_entities}: {coefs}>"
        )

    def __str__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        info = "".join(
            f"<tr><th style='text-align:left'>{html.escape(k)}</th>"
            f"<td style='text-align:left'>{html.escape(v)}</td></tr>"
            for k, v in self.info().items()
        )
        table = self.to_frame().to_html(float_format=lambda v: f"{v:.4g}", border=0)
        return "<div class='gxq-panelfit'><table>" + info + "</table>" + table + "</div>"

    # -- derived -------------------------------------------------------------------------------
    def with_cov(self, cov: str, **options: Any) -> PanelFit:
        """The same estimation sample and model refitted with another covariance.

        ``options`` may set ``small_sample``, ``kernel`` and ``bandwidth``.
        """
        check_known(options, ("small_sample", "kernel", "bandwidth"))
        spec = replace(self.spec, cov=cov, **options)
        # self.data is already transformed: refit it without logs and lags
        inner = fit_spec(self.data, replace(spec, log=(), lags=(), nonpositive="error"))
        return replace(
            inner,
            spec=spec,
            dropped=self.dropped,
            sample_notes=self.sample_notes,
            shifted=self.shifted,
        )


def _convention_text(fit: PanelFit) -> str:
    s = fit.spec
    conv = {
        "stata": "Stata small-sample correction",
        "plm": "R plm HC1 correction",
        "none": "no small-sample correction",
    }[s.small_sample]
    what = {
        "unadjusted": "conventional (homoskedastic)",
        "robust": "heteroskedasticity-robust (White)",
        "cluster": "clustered by entity",
        "twoway": "two-way clustered (entity and time)",
        "driscoll-kraay": "Driscoll–Kraay",
    }[s.cov]
    details = {
        "stata": {
            "unadjusted": " s² = SSR/(N-k-a)",
            "robust": " HC1 N/(N-k-a)",
            "cluster": " G/(G-1)·(N-1)/(N-K)",
            "twoway": " G_d/(G_d-1)·(N-1)/(N-K) per dimension",
            "driscoll-kraay": " (N-1)/(N-K)",
        },
        "plm": {"unadjusted": " s² = SSR/(N-k-a)"},
    }
    default = " N/(N-k)" if s.small_sample == "plm" else ""
    detail = details.get(s.small_sample, {}).get(s.cov, default)
    return f"{what}, {conv}{detail}"


def _rsquared(res: Any, spec: PanelSpec, sample: pd.DataFrame) -> float:
    model = spec.model
    if model == "fe":
        return float(res.rsquared_within)
    if model in ("pooled", "re"):
        # Stata's overall R²: squared correlation of y and the linear prediction
        xb = sample[list(spec.x)].to_numpy() @ res.params[list(spec.x)].to_numpy()
        return float(np.corrcoef(sample[spec.y].to_numpy(), xb)[0, 1] ** 2)
    if model == "between":
        return float(res.rsquared_between)
    return float(res.rsquared)


def fit_spec(data: pd.DataFrame, spec: PanelSpec, *, _engine: str = "auto") -> PanelFit:
    """Fit a :class:`PanelSpec` to ``data`` (the engine behind :func:`fit_panel`).

    ``_engine="linearmodels"`` (private, for tests and benchmarks) bypasses the own estimation
    path of ``pooled``/``fe``/``twfe`` and fits every model with linearmodels.
    """
    check_choice("_engine", _engine, ("auto", "linearmodels"))
    sample, dropped, prep_notes, shifted = _prepare(data, spec)
    est = _estimate(sample, spec, _engine)
    res = est["res"]
    cov_df: pd.DataFrame = est["cov"]
    names = list(cov_df.index)
    params = res.params.loc[names].astype(float).rename("coef")
    var = np.diag(cov_df.to_numpy())
    with np.errstate(invalid="ignore"):
        se = pd.Series(np.sqrt(var), index=names, name="std_err")
    tstats = (params / se).rename("t")
    df_inf = est["df_inference"]
    if df_inf is None:
        p = 2 * stats.norm.sf(np.abs(tstats.to_numpy()))
    else:
        p = 2 * stats.t.sf(np.abs(tstats.to_numpy()), df_inf)
    pvalues = pd.Series(p, index=names, name="pvalue")
    return PanelFit(
        params=params,
        std_errors=se,
        tstats=tstats,
        pvalues=pvalues,
        cov=cov_df,
        nobs=int(res.nobs),
        n_entities=est["n_entities"],
        n_periods=est["n_periods"],
        df_resid=est["dims"].df_resid,
        df_inference=df_inf,
        rsquared=_rsquared(res, spec, sample),
        rsquared_kind=_RSQ_KIND[spec.model],
        spec=spec,
        data=sample,
        entity_effects=spec.model in ("fe", "twfe"),
        time_effects=spec.model == "twfe",
        cluster_kind=est["cluster_kind"],
        n_clusters=est["n_clusters"],
        dropped=dropped,
        raw=res,
        sample_notes=prep_notes,
        cov_notes=est["notes"],
        shifted=shifted,
    )


def fit_panel(
    data: pd.DataFrame,
    y: str,
    x: Sequence[str] | str,
    *,
    model: Model = "fe",
    cov: Cov = "cluster",
    **options: Any,
) -> PanelFit:
    """Fit a panel regression of ``y`` on ``x``.

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
    **options
        ``log`` (names), ``lags`` ({name: lag} or pairs), ``nonpositive``
        ({"error", "drop", "shift"}), ``shift`` (float, default 1), ``small_sample``
        ({"stata", "plm", "none"}), ``kernel`` ({"bartlett", "parzen", "quadratic-spectral"}),
        ``bandwidth`` (int); see :class:`PanelSpec` and the module notes.

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
    check_known(options, OPTIONS)
    spec = PanelSpec(y=y, x=_as_names(x, "x"), model=model, cov=cov, **options)
    return fit_spec(data, spec)
