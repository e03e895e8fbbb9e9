"""What a panel regression asks for: :class:`PanelSpec` and its option checks.

Holds the option types (:data:`Model`, :data:`Cov`, :data:`Nonpositive`, :data:`SmallSample`,
:data:`Kernel`), the option names :data:`OPTIONS` accepted by
:func:`~gxq_analysis.models.panel.fit_panel`, the covariances each model supports
(:data:`MODEL_COVS`), the normalisation of names and lags (:func:`as_names`, :func:`as_lags`)
and the frozen :class:`PanelSpec` that validates a request before any data is read. The
conventions behind the options are in :mod:`gxq_analysis.models.panel`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from ..errors import OptionError
from ..options import allowed, check_choice
from . import covariance as cv

Model = Literal["pooled", "fe", "twfe", "re", "between", "fd"]
Cov = Literal["unadjusted", "robust", "cluster", "twoway", "driscoll-kraay"]
Nonpositive = Literal["error", "drop", "shift"]
SmallSample = cv.SmallSample
Kernel = Literal["bartlett", "parzen", "quadratic-spectral"]

#: Options accepted by :func:`~gxq_analysis.models.panel.fit_panel` besides ``model`` and ``cov``.
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


def as_names(value: str | Iterable[str], name: str) -> tuple[str, ...]:
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
    """Exactly what was asked of :func:`~gxq_analysis.models.panel.fit_panel`.

    Hashable, comparable, reusable.

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
        object.__setattr__(self, "x", as_names(self.x, "x"))
        object.__setattr__(self, "log", as_names(self.log, "log"))
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
