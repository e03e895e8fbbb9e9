"""Input–output analysis on the demo panel: tables agree with the fits they come from."""

from __future__ import annotations

import pytest

from gxq_analysis.errors import OptionError
from gxq_analysis.evaluation.inputoutput import input_output
from gxq_analysis.models.production import fit_production, production_specs


@pytest.fixture(scope="module")
def demo():
    from gxq_analysis import load_panel

    return load_panel()


@pytest.fixture(scope="module")
def io(demo):
    return input_output(demo, "midterm", B=199)


def test_fits_use_the_review_years_and_every_spec(io, demo):
    assert set(io.fits) == {s.name for s in production_specs()}
    for fit in io.fits.values():
        years = fit.data.index.get_level_values(1)
        assert years.max() == 2018
        ref = fit_production(demo[demo.index.get_level_values(1) <= 2018], fit.spec.y)
        assert fit.params.equals(ref.params)


def test_wcr_is_the_headline_with_15_clusters(io):
    assert set(io.inference["headline"]) == {"WCR"}
    assert set(io.inference["n_clusters"]) == {15}


def test_hausman_both_methods(io):
    assert set(io.hausman["method"]) == {"classic", "mundlak"}
    assert (io.hausman["pvalue"].between(0, 1)).all()


def test_lag_sensitivity_refits(io, demo):
    row = io.lag_sensitivity.set_index(["spec", "lag"]).loc[("gdp", 1)]
    fit = io.fits["gdp"]
    rd = fit.spec.x[0]
    assert row["elasticity"] == pytest.approx(fit.params[rd])
    assert set(io.lag_sensitivity["lag"]) == {0, 1, 2}


def test_tiers_fit_national_and_provincial_separately(io):
    n = io.tiers.groupby("level")["n_zones"].first().to_dict()
    assert n == {"national": 8, "provincial": 7}


def test_missing_variable_is_reported(demo):
    io = input_output(demo.assign(patents=float("nan")), "final", B=99, lags=(1,))
    assert io.skipped == {"patents": ("patents",)}
    assert io.notes() == ["patents: missing in the data: patents"]


def test_bad_lags(demo):
    with pytest.raises(OptionError, match="lags"):
        input_output(demo, "final", lags=())


def test_missing_input_is_left_out_and_said(demo):
    io = input_output(demo.assign(vc_investment=float("nan")), "final", B=99, lags=(1,))
    assert set(io.fits) == {"gdp", "revenue", "hitech_va", "patents"}
    for fit in io.fits.values():
        assert "vc_investment" not in fit.spec.x and "rd_expenditure" in fit.spec.x
    assert all(missing == ("vc_investment",) for missing in io.adjusted.values())
    assert any("vc_investment" in n for n in io.notes())


def test_too_few_zones_of_a_level_skip_the_separate_fit(demo):
    sub = demo.loc[["shenyang", "dalian", "anshan", "benxi", "fushun", "dandong"]]
    io = input_output(sub, "final", B=99, lags=(1,))
    assert set(io.tiers["level"]) == {"national"}
    assert io.levels_skipped == {(s, "provincial"): 2 for s in io.fits}


def test_inputs_absorbed_by_the_fixed_effects_are_said_not_failed():
    # every variable a zone effect plus a common trend: the two-way fit cannot identify the
    # elasticities; the analysis says so (unestimable) instead of raising
    import numpy as np
    import pandas as pd

    from gxq_analysis.evaluation.inputoutput import input_output
    from gxq_analysis.ingest.schema import canonical_frame
    from gxq_analysis.plan.codebook import load_codebook

    zones = ["shenyang", "dalian", "anshan", "fushun", "benxi"]
    years = range(2012, 2021)
    idx = pd.MultiIndex.from_product([zones, years], names=["zone", "year"])
    df = pd.DataFrame(np.nan, index=idx, columns=list(load_codebook().index))
    for k, z in enumerate(zones):
        for y in years:
            g = 1.07 ** (y - 2012) * (1 - 0.1 * k)
            for code, base in (
                ("revenue", 800),
                ("rd_expenditure", 20),
                ("rd_personnel", 9e3),
                ("employees", 1.5e5),
                ("tech_loans", 50),
                ("vc_investment", 5),
            ):
                df.loc[(z, y), code] = base * g
    io = input_output(canonical_frame(df), "final", B=99)
    assert io.unestimable and not io.fits
    assert any("absorb" in n for n in io.notes())
