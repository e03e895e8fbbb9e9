"""Input–output analysis: the zone production functions run on a panel, ready for a chapter.

For each default production spec (:func:`gxq_analysis.models.production.production_specs`):

- the two-way fixed-effects fit (zone-clustered errors, Stata convention) on the years up to
  the review's end year;
- few-cluster inference (:func:`~gxq_analysis.models.bootstrap.few_cluster_inference`): with
  fewer than 30 zones the wild cluster restricted bootstrap is the headline;
- FE against RE with the classic and the cluster-robust (Mundlak) Hausman tests;
- lag sensitivity: the R&D elasticity with R&D entering at lags 0, 1 and 2 (the other inputs
  keep their one-year lag);
- tier heterogeneity: the same spec fitted separately on national and provincial zones (the
  provincial zones are exactly the ``distinctive`` tier; the ``first_class`` tier has two zones,
  too few for a fit of its own), with wild-bootstrap inference for its 7–8 clusters.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from linearmodels.panel.utility import AbsorbingEffectError

from ..errors import OptionError
from ..memo import analysis
from ..models.bootstrap import few_cluster_inference
from ..models.panel import PanelFit
from ..models.production import ProductionSpec, elasticities, fit_production, production_specs
from ..models.spectests import hausman
from ..options import review_years
from ..plan.zones import load_zones
from .support import MIN_YEARS_REGRESSION, MIN_ZONES_REGRESSION

#: What a fit raises when the data cannot identify it: an input absorbed by the fixed effects
#: (linearmodels), inputs without full column rank, or a singular design.
UNIDENTIFIED = (AbsorbingEffectError, np.linalg.LinAlgError, ValueError)


def _identified(exc: Exception) -> None:
    """Re-raise ``exc`` unless it says the data cannot identify the fit (a plain ValueError is
    that only when it is linearmodels' rank check)."""
    own = isinstance(exc, AbsorbingEffectError | np.linalg.LinAlgError)
    if not own and "full column rank" not in str(exc):
        raise exc


@dataclass(frozen=True)
class InputOutputResult:
    """Fits and tables of the input–output chapter."""

    review: str
    end_year: int
    specs: tuple[ProductionSpec, ...]
    fits: dict[str, PanelFit] = field(repr=False)
    inference: pd.DataFrame = field(repr=False)
    hausman: pd.DataFrame = field(repr=False)
    lag_sensitivity: pd.DataFrame = field(repr=False)
    tiers: pd.DataFrame = field(repr=False)
    #: spec -> variables missing in the data, for specs not fitted at all
    skipped: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: spec -> inputs left out because the data lack them
    adjusted: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: (spec, level) -> number of zones, for level fits skipped for want of zones
    levels_skipped: dict[tuple[str, str], int] = field(default_factory=dict)
    #: spec -> its inputs, for specs the data cannot identify: once the zone and year effects
    #: are removed nothing is left of an input's variation (or the inputs are collinear)
    unestimable: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def notes(self) -> list[str]:
        """What the data could not support, in English (chapters use
        :func:`gxq_analysis.report.sections.io_notes` for their language)."""
        return (
            [f"{k}: missing in the data: {', '.join(v)}" for k, v in self.skipped.items()]
            + [
                f"{k}: left out, missing in the data: {', '.join(v)}"
                for k, v in self.adjusted.items()
            ]
            + [
                f"{k} ({lv}): only {n} {lv} zone(s) in the data: no separate fit"
                for (k, lv), n in self.levels_skipped.items()
            ]
            + [
                f"{k}: the fixed effects absorb its inputs in these data: not estimable"
                for k in self.unestimable
            ]
        )


def _sample(panel: pd.DataFrame, end: int) -> pd.DataFrame:
    return panel[panel.index.get_level_values(1) <= end]


def _hausman_rows(panel: pd.DataFrame, spec: ProductionSpec) -> list[dict]:
    # FE (entity effects only) against RE, on the same sample and equation
    fe = fit_production(panel, spec, model="fe", cov="unadjusted")
    re = fit_production(panel, spec, model="re", cov="unadjusted")
    rows = []
    for method in ("classic", "mundlak"):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            h = hausman(fe, re, method=method)
        rows.append(
            {
                "spec": spec.name,
                "method": method,
                "stat": h.stat,
                "df": int(h.df[0]),
                "pvalue": h.pvalue,
                "warning": "; ".join(str(w.message) for w in caught),
            }
        )
    return rows


@analysis
def input_output(
    panel: pd.DataFrame,
    review: str = "final",
    *,
    specs: tuple[ProductionSpec, ...] | None = None,
    B: int = 9999,
    weights: str = "webb",
    seed: int = 20160101,
    lags: tuple[int, ...] = (0, 1, 2),
) -> InputOutputResult:
    """Run the production-function analysis of a review on a zone panel.

    Specs whose variables the panel lacks are skipped and listed in ``skipped`` with the
    reason, so a chapter can say what the data cannot answer.
    """
    _, end = review_years(review)
    if not lags or any(not isinstance(k, int) or k < 0 for k in lags):
        raise OptionError(f"lags={lags!r} must be a non-empty tuple of non-negative integers")
    data = _sample(panel, end)
    specs = specs or production_specs()
    n_zones = data.dropna(how="all").index.get_level_values(0).nunique()
    n_years = data.dropna(how="all").index.get_level_values(1).nunique()
    if n_zones < MIN_ZONES_REGRESSION or n_years < MIN_YEARS_REGRESSION:
        # too small for a panel regression (support.regression_too_small says so): no fits
        empty = pd.DataFrame()
        return InputOutputResult(review, end, (), {}, empty, empty, empty, empty)
    fits, inf, haus, lagrows, tierrows, skipped, adjusted = {}, [], [], [], [], {}, {}
    unestimable: dict[str, tuple[str, ...]] = {}
    levels_skipped: dict[tuple[str, str], int] = {}
    kept: list[ProductionSpec] = []
    levels = load_zones()["level"]
    for spec in specs:
        absent = [v for v in spec.variables if v not in data or data[v].isna().all()]
        if spec.output in absent or all(v in absent for v in spec.inputs):
            skipped[spec.name] = tuple(absent)
            continue
        if absent:
            # fit on the inputs the data have and say which were left out
            spec = replace(
                spec,
                inputs=tuple(v for v in spec.inputs if v not in absent),
                lags=tuple((v, k) for v, k in spec.lags if v not in absent),
            )
            adjusted[spec.name] = tuple(absent)
        try:
            fit = fit_production(data, spec)
            fi = few_cluster_inference(fit, B=B, weights=weights, seed=seed)
            spec_haus = _hausman_rows(data, spec)
        except UNIDENTIFIED as exc:
            _identified(exc)
            # data on which the spec is not identified are data, not a failure: say so
            unestimable[spec.name] = tuple(spec.inputs)
            continue
        kept.append(spec)
        fits[spec.name] = fit
        inf.append(fi.reset_index().assign(spec=spec.name))
        haus += spec_haus
        rd = "rd_expenditure"
        # a lag of k years leaves n_years - k periods; the two-way fit needs two of them
        for k in [k for k in lags if n_years - k >= 2] if rd in spec.inputs else ():
            # only R&D's lag varies: the other inputs keep the lags of the spec
            alt = replace(
                spec, lags=tuple(p for p in spec.lags if p[0] != rd) + (((rd, k),) if k else ())
            )
            try:
                el = elasticities(fit_production(data, alt)).loc[rd]
            except UNIDENTIFIED as exc:
                _identified(exc)
                continue  # this lag leaves R&D absorbed: the row is not shown
            lagrows.append({"spec": spec.name, "variable": rd, "lag": k, **el.to_dict()})
        for level in ("national", "provincial"):
            members = [
                z for z in levels.index[levels == level] if z in data.index.get_level_values(0)
            ]
            if len(members) < MIN_ZONES_REGRESSION:
                levels_skipped[(spec.name, level)] = len(members)
                continue
            try:
                subfit = fit_production(data.loc[members], spec)
                el = elasticities(subfit)
                # 7-8 clusters: the wild cluster bootstrap is the inference to read
                wcr = few_cluster_inference(subfit, B=B, weights=weights, seed=seed)
            except UNIDENTIFIED as exc:
                _identified(exc)
                levels_skipped[(spec.name, level)] = len(members)
                continue
            for var, row in el.iterrows():
                tierrows.append(
                    {
                        "spec": spec.name,
                        "level": level,
                        "variable": var,
                        "n_zones": len(members),
                        **row.to_dict(),
                        "p_wcr": float(wcr.loc[var, "p_wcr"]),
                        "ci_wcr_lower": float(wcr.loc[var, "ci_wcr_lower"]),
                        "ci_wcr_upper": float(wcr.loc[var, "ci_wcr_upper"]),
                    }
                )
    inference = pd.concat(inf, ignore_index=True) if inf else pd.DataFrame()
    return InputOutputResult(
        review=review,
        end_year=end,
        specs=tuple(kept),
        fits=fits,
        inference=inference,
        hausman=pd.DataFrame(haus),
        lag_sensitivity=pd.DataFrame(lagrows),
        tiers=pd.DataFrame(tierrows),
        skipped=skipped,
        adjusted=adjusted,
        levels_skipped=levels_skipped,
        unestimable=unestimable,
    )
