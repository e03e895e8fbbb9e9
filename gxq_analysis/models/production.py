"""The production-function layer for zones: log-log specs of outputs on R&D, financing, talent.

A zone's output :math:`Y_{it}` (codebook block ``output``) is modelled as a Cobb–Douglas
function of last year's inputs: R&D expenditure (block ``rd``), technology loans and venture
capital (block ``financing``) and R&D personnel (block ``talent``)::

    log Y_it = a_i [+ d_t] + b_rd log RD_i,t-1 + b_loan log LOAN_i,t-1 + b_vc log VC_i,t-1
               + b_tal log RDP_i,t-1 + e_it

so each slope is an elasticity. Every input enters with the same one-year lag
(:data:`INPUT_LAG`): inputs take time to become output, and a lagged input is not moved by this
year's output shock. This is also the data-generating process of the synthetic demo panel
(:mod:`gxq_analysis.ingest.demo`), so on it the default specs estimate the generator's true
elasticities. Both financing inputs enter together: they are correlated across zones and years,
and leaving either out would bias the other's elasticity.

:func:`production_specs` is the default list the chapters fit (one spec per output);
:func:`fit_production` fits one of them with :func:`~gxq_analysis.models.panel.fit_panel`
(default two-way fixed effects, entity-clustered errors); :func:`elasticities` turns a log-log
fit into a table of elasticities with confidence intervals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import OptionError
from ..options import check_choice
from ..plan.codebook import indicator_codes
from .panel import Cov, Model, Nonpositive, PanelFit, as_lags, fit_panel

#: Codebook blocks an input of a production spec may come from.
INPUT_BLOCKS: tuple[str, ...] = ("rd", "financing", "talent")
#: Inputs of the default specs, in display order: R&D, the two financing inputs, talent.
DEFAULT_INPUTS: tuple[str, ...] = ("rd_expenditure", "tech_loans", "vc_investment", "rd_personnel")
#: Lag (years) with which every input of the default specs enters.
INPUT_LAG = 1


@dataclass(frozen=True)
class ProductionSpec:
    """One log-log production function of a zone output.

    Parameters
    ----------
    name
        Short identifier (used by :func:`fit_production` and in tables).
    output
        Output code (codebook block ``output``).
    inputs
        Input codes (codebook blocks ``rd``, ``financing``, ``talent``).
    lags
        ``(input, lag)`` pairs or a mapping ``{input: lag}``, lags integers >= 1 (inputs not
        listed enter unlagged); the default specs lag every input by :data:`INPUT_LAG`.
    nonpositive
        Treatment of zeros/negatives before the log (see :class:`~.panel.PanelSpec`).
    """

    name: str
    output: str
    inputs: tuple[str, ...]
    lags: tuple[tuple[str, int], ...] = ()
    nonpositive: str = "error"

    def __post_init__(self) -> None:
        object.__setattr__(self, "inputs", tuple(self.inputs))
        # the same validation as fit_panel's: a mapping or (input, lag) pairs, lags integers >= 1
        # (OptionError naming ``lags``, not a bare ValueError from int())
        object.__setattr__(self, "lags", as_lags(self.lags))
        outputs = indicator_codes("output")
        if self.output not in outputs:
            raise OptionError(
                f"output={self.output!r} is not an output indicator; choose one of: "
                + ", ".join(map(repr, outputs))
            )
        allowed_inputs = tuple(c for b in INPUT_BLOCKS for c in indicator_codes(b))
        for code in self.inputs:
            if code not in allowed_inputs:
                raise OptionError(
                    f"input {code!r} is not in the rd, financing or talent blocks; choose among: "
                    + ", ".join(map(repr, allowed_inputs))
                )
        if not self.inputs:
            raise OptionError("a production spec needs at least one input")
        for v, _ in self.lags:
            if v not in self.inputs:
                raise OptionError(f"lags: {v!r} is not an input of spec {self.name!r}")
        check_choice("nonpositive", self.nonpositive, Nonpositive)

    @property
    def variables(self) -> tuple[str, ...]:
        """Output then inputs: every variable enters in logs."""
        return (self.output, *self.inputs)


def production_specs() -> tuple[ProductionSpec, ...]:
    """The default production functions of the input–output chapters, in display order.

    One spec per output (GDP, operating revenue, high-tech value added, patents), each on
    :data:`DEFAULT_INPUTS` all lagged :data:`INPUT_LAG` year; the spec's ``name`` is the output
    code. A spec's caption is the report layer's
    (:func:`gxq_analysis.report.model_notes.spec_caption`).
    """
    lags = tuple((x, INPUT_LAG) for x in DEFAULT_INPUTS)
    outputs = ("gdp", "revenue", "hitech_va", "patents")
    return tuple(
        ProductionSpec(name=code, output=code, inputs=DEFAULT_INPUTS, lags=lags) for code in outputs
    )


def _resolve(spec: ProductionSpec | str) -> ProductionSpec:
    if isinstance(spec, ProductionSpec):
        return spec
    specs = {s.name: s for s in production_specs()}
    return specs[check_choice("spec", spec, tuple(specs))]


def fit_production(
    panel: pd.DataFrame,
    spec: ProductionSpec | str,
    *,
    model: Model = "twfe",
    cov: Cov = "cluster",
    **options: Any,
) -> PanelFit:
    """Fit a production spec (or the name of a default one) as a log-log panel regression.

    Parameters
    ----------
    panel : pandas.DataFrame
        Zone panel indexed by ``(zone, year)`` with the spec's codes as columns.
    spec : ProductionSpec or str
        A spec or the ``name`` of one of :func:`production_specs`.
    model, cov
        As :func:`~gxq_analysis.models.panel.fit_panel` (default two-way FE, entity clusters).
    **options
        Further ``fit_panel`` options (``small_sample``, ``nonpositive`` overriding the spec's,
        ``shift``, ``kernel``, ``bandwidth``); ``log`` and ``lags`` come from the spec.
    """
    s = _resolve(spec)
    fixed = sorted({"log", "lags"} & set(options))
    if fixed:
        raise OptionError(f"{', '.join(fixed)} are set by the production spec, not by options")
    options.setdefault("nonpositive", s.nonpositive)
    return fit_panel(
        panel,
        s.output,
        list(s.inputs),
        model=model,
        cov=cov,
        log=s.variables,
        lags=s.lags,
        **options,
    )


def elasticities(
    fit: PanelFit, level: float = 0.95, *, variables: Sequence[str] | None = None
) -> pd.DataFrame:
    """Elasticities of a log-log fit with confidence intervals.

    Parameters
    ----------
    fit : PanelFit
        A fit whose dependent variable and requested regressors are in logs.
    level : float
        Confidence level of the intervals (inference as the fit's: ``fit.inference``).
    variables : sequence of str, optional
        Regressors to report (default: all of ``x``); each must be logged.

    Returns
    -------
    pandas.DataFrame
        Indexed by regressor: ``elasticity``, ``std_err``, ``lower``, ``upper``, ``pvalue``,
        ``lag``, ``shifted`` (True where the variable was logged as ``log(v + c)``, making the
        coefficient an approximate elasticity). ``attrs["level"]`` and ``attrs["inference"]``.

    Raises
    ------
    OptionError
        If ``y`` or a requested regressor is not in logs.
    """
    spec = fit.spec
    if spec.y not in spec.log:
        raise OptionError(
            f"elasticities need a log-log fit: the dependent variable {spec.y!r} is not logged"
        )
    names = tuple(spec.x) if variables is None else tuple(variables)
    unknown = [v for v in names if v not in spec.x]
    if unknown:
        raise OptionError(
            f"not regressors of this fit: {unknown!r}; choose among: "
            + ", ".join(map(repr, spec.x))
        )
    unlogged = [v for v in names if v not in spec.log]
    if unlogged:
        logged = [v for v in spec.x if v in spec.log]
        raise OptionError(
            f"not logged, so their coefficients are not elasticities: {unlogged!r}; "
            f"logged regressors: {logged!r}"
        )
    ci = fit.conf_int(level)
    lag = spec.lag_of
    out = pd.DataFrame(
        {
            "elasticity": fit.params[list(names)],
            "std_err": fit.std_errors[list(names)],
            "lower": ci.loc[list(names), "lower"],
            "upper": ci.loc[list(names), "upper"],
            "pvalue": fit.pvalues[list(names)],
            "lag": [lag[v] for v in names],
            "shifted": [v in fit.shifted or spec.y in fit.shifted for v in names],
        }
    )
    out.index.name = "variable"
    out.attrs.update(level=level, inference=fit.inference, model=spec.model, cov=spec.cov)
    return out


def returns_to_scale(fit: PanelFit, level: float = 0.95) -> pd.Series:
    """Sum of the input elasticities with its standard error, CI and the p-value of sum = 1."""
    el = elasticities(fit, level)
    names = list(el.index)
    w = np.ones(len(names))
    total = float(w @ fit.params[names].to_numpy())
    se = float(np.sqrt(w @ fit.cov.loc[names, names].to_numpy() @ w))
    crit = fit._crit(level)
    t = (total - 1.0) / se
    if fit.df_inference is None:
        p = 2 * stats.norm.sf(abs(t))
    else:
        p = 2 * stats.t.sf(abs(t), fit.df_inference)
    return pd.Series(
        {
            "sum": total,
            "std_err": se,
            "lower": total - crit * se,
            "upper": total + crit * se,
            "pvalue_crs": float(p),
        },
        name="returns_to_scale",
    )
