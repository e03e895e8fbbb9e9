"""Production-function layer: specs drawn from the codebook, fits and elasticities.

The test panel is simulated here (15 zones × 2011–2020, seeded) from a Cobb–Douglas function with
known elasticities, so the estimates can be checked against the truth; the elasticity table is
checked against the fit it comes from.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from gxq_analysis import DataError, OptionError, elasticities, production_specs
from gxq_analysis.models.production import (
    INPUT_BLOCKS,
    ProductionSpec,
    fit_production,
    returns_to_scale,
)
from gxq_analysis.plan.codebook import indicator_codes
from gxq_analysis.plan.zones import zone_ids

# true elasticities of the simulated zones
TRUE = {"rd_expenditure": 0.30, "tech_loans": 0.15, "vc_investment": 0.10, "rd_personnel": 0.40}


@pytest.fixture(scope="module")
def zones() -> pd.DataFrame:
    rng = np.random.default_rng(20160101)
    ids = list(zone_ids())
    years = np.arange(2011, 2021)
    idx = pd.MultiIndex.from_product([ids, years], names=["zone", "year"])
    n = len(idx)
    zone_effect = np.repeat(rng.normal(0, 0.5, len(ids)), len(years))
    year_effect = np.tile(np.linspace(0, 0.4, len(years)), len(ids))
    logs = {
        c: rng.normal(m, 0.6, n) + 0.5 * zone_effect
        for c, m in (
            ("rd_expenditure", 1.0),
            ("tech_loans", 2.0),
            ("vc_investment", 0.5),
            ("rd_personnel", 8.0),
        )
    }
    df = pd.DataFrame({c: np.exp(v) for c, v in logs.items()}, index=idx)
    rd_log = pd.Series(logs["rd_expenditure"], index=idx)
    # the first year's output uses that year's R&D (the unobserved 2010 value), so outputs are
    # observed every year and only the lag of the regressor is missing in 2011
    rd_lag = rd_log.groupby(level=0).shift(1).fillna(rd_log)
    core = (
        TRUE["rd_expenditure"] * rd_lag
        + TRUE["rd_personnel"] * logs["rd_personnel"]
        + zone_effect
        + year_effect
    )
    noise = lambda: rng.normal(0, 0.05, n)  # noqa: E731
    df["gdp"] = np.exp(2 + core + TRUE["tech_loans"] * logs["tech_loans"] + noise())
    df["revenue"] = np.exp(3 + core + TRUE["tech_loans"] * logs["tech_loans"] + noise())
    df["hitech_va"] = np.exp(1 + core + TRUE["tech_loans"] * logs["tech_loans"] + noise())
    df["patents"] = np.exp(4 + core + TRUE["tech_loans"] * logs["tech_loans"] + noise())
    return df


def test_default_specs_come_from_the_codebook_blocks():
    specs = production_specs()
    names = [s.name for s in specs]
    assert names == ["gdp", "revenue", "hitech_va", "patents", "gdp_vc"]
    assert len(set(specs)) == len(specs)  # frozen and hashable
    rd, fin, tal = (indicator_codes(b) for b in INPUT_BLOCKS)
    for s in specs:
        assert s.output in indicator_codes("output")
        assert s.inputs[0] in rd and s.inputs[1] in fin and s.inputs[2] in tal
        assert s.lags == (("rd_expenditure", 1),)
        assert s.label("en") and s.label("zh")
    assert {s.output for s in specs} == {"gdp", "revenue", "hitech_va", "patents"}
    assert {s.inputs[1] for s in specs} == {"tech_loans", "vc_investment"}


@pytest.mark.parametrize("name", ["gdp", "revenue", "hitech_va", "patents"])
def test_fit_production_recovers_true_elasticities(zones, name):
    fit = fit_production(zones, name)
    assert fit.spec.model == "twfe" and fit.spec.cov == "cluster"
    assert fit.nobs == 15 * 9 and fit.dropped.lags == 15  # first year: no lagged R&D
    el = elasticities(fit)
    assert list(el.index) == ["rd_expenditure", "tech_loans", "rd_personnel"]
    for var, row in el.iterrows():
        # noise sd 0.05: estimates are tight; check the 95% CI covers the truth
        assert row["lower"] <= TRUE[var] <= row["upper"], (var, row.to_dict())
    assert el.loc["rd_expenditure", "lag"] == 1 and el.loc["tech_loans", "lag"] == 0


def test_elasticity_table_is_the_fit(zones):
    fit = fit_production(zones, "gdp_vc", model="fe", small_sample="plm")
    el = elasticities(fit, 0.9, variables=["vc_investment"])
    ci = fit.conf_int(0.9)
    assert el.loc["vc_investment", "elasticity"] == fit.params["vc_investment"]
    assert el.loc["vc_investment", "std_err"] == fit.std_errors["vc_investment"]
    assert el.loc["vc_investment", "lower"] == ci.loc["vc_investment", "lower"]
    assert el.loc["vc_investment", "pvalue"] == fit.pvalues["vc_investment"]
    assert el.attrs["level"] == 0.9 and el.attrs["inference"] == fit.inference
    assert not el["shifted"].any()


def test_returns_to_scale_against_manual(zones):
    fit = fit_production(zones, "gdp")
    rts = returns_to_scale(fit)
    names = ["rd_expenditure", "tech_loans", "rd_personnel"]
    w = np.ones(3)
    assert rts["sum"] == pytest.approx(fit.params[names].sum())
    assert rts["std_err"] == pytest.approx(np.sqrt(w @ fit.cov.loc[names, names] @ w))
    assert rts["lower"] <= sum(TRUE[n] for n in names) <= rts["upper"]


def test_elasticities_refuse_non_log_log_fits(zones):
    from gxq_analysis import fit_panel

    level = fit_panel(zones, "gdp", ["rd_expenditure", "tech_loans"], model="twfe")
    with pytest.raises(OptionError, match="dependent variable 'gdp' is not logged"):
        elasticities(level)
    semi = fit_panel(
        zones, "gdp", ["rd_expenditure", "tech_loans"], model="twfe", log=["gdp", "tech_loans"]
    )
    with pytest.raises(OptionError, match=r"not logged.*\['rd_expenditure'\]"):
        elasticities(semi)
    assert list(elasticities(semi, variables=["tech_loans"]).index) == ["tech_loans"]
    with pytest.raises(OptionError, match="not regressors of this fit"):
        elasticities(semi, variables=["patents"])


def test_zero_financing_errors_by_default_and_drop_is_counted(zones):
    df = zones.copy()
    df.loc[("fuxin", 2015), "vc_investment"] = 0.0
    with pytest.raises(DataError, match=r"'fuxin' 2015 vc_investment=0"):
        fit_production(df, "gdp_vc")
    fit = fit_production(df, "gdp_vc", nonpositive="drop")
    # the zero row goes, and so does fuxin 2016 (its lagged R&D row is gone)
    assert fit.dropped.nonpositive == 1 and fit.nobs == 15 * 9 - 2
    spec = dataclasses.replace(production_specs()[-1], nonpositive="shift")
    fit = fit_production(df, spec)
    assert fit.shifted == ("vc_investment",)
    assert elasticities(fit).loc["vc_investment", "shifted"]


def test_spec_validation_errors():
    with pytest.raises(OptionError, match=r"output='rd_expenditure' is not an output indicator"):
        ProductionSpec("x", "rd_expenditure", ("rd_personnel",))
    with pytest.raises(OptionError, match=r"input 'exports' is not in the rd, financing or talent"):
        ProductionSpec("x", "gdp", ("exports",))
    with pytest.raises(OptionError, match="at least one input"):
        ProductionSpec("x", "gdp", ())
    with pytest.raises(OptionError, match="lags: 'tech_loans' is not an input"):
        ProductionSpec("x", "gdp", ("rd_expenditure",), lags=(("tech_loans", 1),))
    with pytest.raises(OptionError, match=r"nonpositive='zero' is not allowed"):
        ProductionSpec("x", "gdp", ("rd_expenditure",), nonpositive="zero")


def test_fit_production_option_errors(zones):
    with pytest.raises(OptionError, match=r"spec='tfp' is not allowed; choose one of: 'gdp'"):
        fit_production(zones, "tfp")
    with pytest.raises(OptionError, match="set by the production spec"):
        fit_production(zones, "gdp", log=["gdp"])
    with pytest.raises(OptionError, match=r"model='ols' is not allowed"):
        fit_production(zones, "gdp", model="ols")
