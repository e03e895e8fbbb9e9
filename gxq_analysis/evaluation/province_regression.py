"""The production-function regression across the 31 provinces, on real data (issue 5, item 8).

:func:`province_production_regression` regresses log patents and log high-tech revenue on log
R&D expenditure (lagged one year by default, as in the zone production function), log
government R&D funds and log R&D personnel across the 31 provinces (全国 excluded), with
two-way fixed effects, clustered and wild cluster bootstrap inference. Years the source lacks
(high-tech revenue has no 2017) and the year lost to the lag are counted in the result's
``sample`` table and notes.

The panel is the province S&T panel of :mod:`gxq_analysis.evaluation.province` (techme by Hu
Huaping, MIT licence, compiled from the China Statistical Yearbook on Science and Technology);
the result says so and carries the citation. It holds codes and numbers only: notes are
:class:`~gxq_analysis.evaluation.province.ProvinceNote` records that the report layer words
(:mod:`gxq_analysis.report.views.province`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..errors import OptionError
from ..ingest.province import PROVINCE_NAMES, load_province_panel
from ..memo import analysis
from ..models.bootstrap import wild_cluster_bootstrap
from ..models.panel import MODEL_COVS, fit_panel
from ..options import check_choice
from .province import ProvinceNote, check_panel, panel_provenance, years_code

__all__ = [
    "PRODUCTION_INPUTS",
    "PRODUCTION_OUTCOMES",
    "ProvinceRegression",
    "province_production_regression",
]


#: Outputs and inputs of the province production function (panel codes); all enter in logs.
PRODUCTION_OUTCOMES: tuple[str, ...] = ("patents_granted", "hitech_revenue")
PRODUCTION_INPUTS: tuple[str, ...] = ("rd_expenditure", "rd_gov_funds", "rd_personnel_fte")


@dataclass(frozen=True)
class ProvinceRegression:
    """Result of :func:`province_production_regression` (real data; ``synthetic`` is False).

    Codes and numbers only: :func:`gxq_analysis.report.views.province.province_notes` words the
    notes in a language.

    Attributes
    ----------
    fits
        Outcome code -> :class:`~gxq_analysis.models.panel.PanelFit` (two-way FE, logs).
    table
        Index ``(outcome, term)`` over the slopes: ``coef``, ``std_err``, ``t``, ``pvalue``,
        ``ci_lower``, ``ci_upper`` (the fit's covariance, ``cov``) and ``p_wcr``,
        ``ci_wcr_lower``, ``ci_wcr_upper`` (wild cluster restricted bootstrap; NaN when not
        run). Coefficients are elasticities.
    sample
        One row per outcome: ``nobs`` (province-years used), ``n_provinces``, ``n_years``,
        ``years`` used, ``years_without_outcome`` (years the source lacks for all provinces;
        both as :func:`~gxq_analysis.evaluation.province.years_code`), ``grid`` (31 provinces
        × years of the panel), ``dropped_lag`` and ``dropped_missing`` (from the fit),
        ``equation``.
    bootstrap
        ``(outcome, term)`` -> :class:`~gxq_analysis.models.bootstrap.BootstrapResult`.
    notes
        Sample, lag and inference notes as
        :class:`~gxq_analysis.evaluation.province.ProvinceNote` records.
    cov, rd_lag, seed
        Covariance of the fits, lag of R&D expenditure and the bootstrap's seed.
    source, sha256, citation, citation_zh
        Provenance of the panel, as in
        :class:`~gxq_analysis.evaluation.province.ProvinceContext`.
    """

    fits: dict[str, Any]
    table: pd.DataFrame
    sample: pd.DataFrame
    bootstrap: dict[tuple[str, str], Any]
    notes: tuple[ProvinceNote, ...]
    cov: str
    rd_lag: int
    seed: int
    source: str
    sha256: str
    citation: str
    citation_zh: str
    real_data: bool = True
    synthetic: bool = False


@analysis
def province_production_regression(
    panel: pd.DataFrame | None = None,
    *,
    cov: str = "cluster",
    bootstrap: bool = True,
    seed: int = 20160101,
    B: int = 9999,
    weights: str = "webb",
    rd_lag: int = 1,
    level: float = 0.95,
) -> ProvinceRegression:
    """The production-function regression across the 31 provinces (全国 excluded).

    ``log Y_it = a_i + d_t + b1 log RD_i,t-L + b2 log GOV_it + b3 log RDP_it + e_it`` for
    Y = patents granted and high-tech (manufacturing) revenue, with RD = R&D expenditure,
    GOV = government-funded R&D and RDP = R&D personnel (FTE); two-way fixed effects by
    :func:`~gxq_analysis.models.panel.fit_panel`, ``cov`` errors and, by default, a wild cluster
    restricted bootstrap for each slope by
    :func:`~gxq_analysis.models.bootstrap.wild_cluster_bootstrap`.

    Parameters
    ----------
    panel
        From :func:`~gxq_analysis.load_province_panel` (default: load it).
    cov : {"cluster", "unadjusted", "robust", "twoway", "driscoll-kraay"}
        Covariance of the fit (default by province).
    bootstrap : bool
        Run the wild cluster bootstrap (clusters = provinces).
    seed, B, weights
        Of the bootstrap (weights ``"webb"`` or ``"rademacher"``).
    rd_lag : int
        Lag of R&D expenditure in years (default 1, as the zone production function; 0 for
        the same year).
    level : float
        Confidence level of the intervals.

    Returns
    -------
    ProvinceRegression
        Codes and numbers; :mod:`gxq_analysis.report.views.province` words the notes.

    Raises
    ------
    OptionError
        An option outside its allowed values (listed in the message).
    DataError
        A panel without the needed columns or index.
    """
    check_choice("cov", cov, MODEL_COVS["twfe"])
    check_choice("bootstrap", bootstrap, (True, False))
    check_choice("weights", weights, ("webb", "rademacher"))
    if isinstance(rd_lag, bool) or not isinstance(rd_lag, int | np.integer) or rd_lag < 0:
        raise OptionError(f"rd_lag={rd_lag!r} is not allowed; give an integer >= 0")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise OptionError(f"seed={seed!r} is not allowed; give an integer")
    panel = load_province_panel() if panel is None else panel
    check_panel(panel, (*PRODUCTION_OUTCOMES, *PRODUCTION_INPUTS))
    provinces = panel.index.get_level_values("province")
    data = panel.loc[provinces.isin(PROVINCE_NAMES), [*PRODUCTION_OUTCOMES, *PRODUCTION_INPUTS]]
    # the index keeps only levels in use, so 全国 cannot reappear as an (empty) entity
    data.index = data.index.remove_unused_levels()
    all_years = sorted(set(data.index.get_level_values("year")))
    n_prov = data.index.get_level_values("province").nunique()
    lags = {"rd_expenditure": int(rd_lag)} if rd_lag else {}

    fits, rows, sample_rows, boots = {}, [], [], {}
    notes: list[ProvinceNote] = []
    if rd_lag:
        notes.append(ProvinceNote.of("lag", lag=int(rd_lag), years=tuple(all_years[:rd_lag])))
    for y in PRODUCTION_OUTCOMES:
        fit = fit_panel(
            data,
            y,
            list(PRODUCTION_INPUTS),
            model="twfe",
            cov=cov,
            log=(y, *PRODUCTION_INPUTS),
            lags=lags,
        )
        fits[y] = fit
        ci = fit.conf_int(level)
        for term in PRODUCTION_INPUTS:
            row = {
                "outcome": y,
                "term": term,
                "coef": fit.params[term],
                "std_err": fit.std_errors[term],
                "t": fit.tstats[term],
                "pvalue": fit.pvalues[term],
                "ci_lower": ci.loc[term, "lower"],
                "ci_upper": ci.loc[term, "upper"],
                "p_wcr": np.nan,
                "ci_wcr_lower": np.nan,
                "ci_wcr_upper": np.nan,
            }
            if bootstrap:
                b = wild_cluster_bootstrap(
                    fit, term, B=B, weights=weights, seed=int(seed), level=level
                )
                boots[(y, term)] = b
                row.update(p_wcr=b.pvalue, ci_wcr_lower=b.conf_int[0], ci_wcr_upper=b.conf_int[1])
            rows.append(row)

        used_years = sorted(set(fit.data.index.get_level_values(1)))
        no_outcome = [int(t) for t, s in data[y].groupby(level="year") if s.isna().all()]
        sample_rows.append(
            {
                "outcome": y,
                "nobs": fit.nobs,
                "n_provinces": fit.n_entities,
                "n_years": len(used_years),
                "years": years_code(used_years),
                "years_without_outcome": years_code(no_outcome),
                "grid": n_prov * len(all_years),
                "dropped_lag": fit.dropped.lags,
                "dropped_missing": fit.dropped.missing,
                "equation": fit.spec.describe(),
            }
        )
        notes.append(
            ProvinceNote.of(
                "sample",
                outcome=y,
                nobs=fit.nobs,
                n_provinces=fit.n_entities,
                years=tuple(int(t) for t in used_years),
            )
        )
        if no_outcome:
            n_rows = int(data.loc[data.index.get_level_values("year").isin(no_outcome)].shape[0])
            notes.append(
                ProvinceNote.of("no_outcome", outcome=y, years=tuple(no_outcome), n_rows=n_rows)
            )
        if fit.dropped.total:
            notes.append(
                ProvinceNote.of(
                    "dropped",
                    outcome=y,
                    dropped=fit.dropped.total,
                    n_provinces=n_prov,
                    n_years=len(all_years),
                    grid=n_prov * len(all_years),
                    lags=fit.dropped.lags,
                    missing=fit.dropped.missing + fit.dropped.nonpositive,
                )
            )
    notes.append(ProvinceNote.of("cov", cov=cov))
    if boots:
        # every slope shares the design (clusters, draws, weights): one note says it
        notes.append(
            ProvinceNote.of("bootstrap", design=next(iter(boots.values())).design, seed=int(seed))
        )
    table = pd.DataFrame(rows).set_index(["outcome", "term"])
    sample = pd.DataFrame(sample_rows).set_index("outcome")
    return ProvinceRegression(
        fits=fits,
        table=table,
        sample=sample,
        bootstrap=boots,
        notes=tuple(notes),
        cov=cov,
        rd_lag=int(rd_lag),
        seed=int(seed),
        **panel_provenance(panel),
    )
