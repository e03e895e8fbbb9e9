"""Demonstration-zone DiD: recovers known effects, detects built-in pre-trends, fails clearly.

Truth comes from the data generator (gxq_analysis.ingest.demo), whose ``did_effect`` is in log
points, the unit of ``did(..., log=True)``.
"""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.formula.api as smf

from gxq_analysis.errors import OptionError
from gxq_analysis.evaluation.did import did, event_study
from gxq_analysis.ingest.demo import simulate_zone_panel
from gxq_analysis.ingest.sources import load_panel

B = 999  # enough for the tests' purposes; the chapters use 9,999


@pytest.fixture(scope="module")
def demo():
    return load_panel()


@pytest.fixture(scope="module")
def demo_did(demo):
    return did(demo, "revenue", B=B)


def test_demo_interval_covers_the_generators_truth(demo, demo_did):
    truth = demo.attrs["true_parameters"]["did_effect"]["revenue"]
    lo, hi = demo_did.conf_int()
    assert lo <= truth <= hi
    assert lo < demo_did.att < hi
    assert demo_did.treated == ("dalian", "shenyang")
    # two treated zones: randomization inference is the headline, over all C(15, 2) sets
    assert demo_did.method == "randomization" and demo_did.n_assignments == 105
    assert "randomization" in demo_did.inference
    assert demo_did.pvalue >= 1 / 105
    # the WCR and CRV1 stay as labelled comparisons
    comp = demo_did.comparisons.set_index("method")
    assert list(comp.index) == ["randomization", "wcr", "crv1"]
    assert comp.loc["randomization", "pvalue"] == demo_did.pvalue
    assert comp.loc["wcr", "pvalue"] == demo_did.bootstrap.pvalue
    assert demo_did.bootstrap.B == B


def test_headline_rule_and_explicit_choice(demo):
    from gxq_analysis.evaluation.did import FEW_TREATED, headline_inference

    assert headline_inference(2, 15, 0.95) == "randomization"
    # few assignments still give the randomization headline: its smallest p (1/A) is reported
    assert headline_inference(1, 15, 0.95) == "randomization"
    assert headline_inference(1, 2, 0.95) == "randomization"
    assert headline_inference(1, 1, 0.95) == "wcr"  # one assignment: nothing to compare
    assert headline_inference(FEW_TREATED, 300, 0.95) == "wcr"
    r = did(demo, "revenue", B=B, inference="wcr", placebo_starts=())
    assert r.method == "wcr" and r.pvalue == r.bootstrap.pvalue
    assert r.conf_int() == tuple(r.bootstrap.conf_int)
    with pytest.raises(OptionError, match="randomization"):
        did(demo, "revenue", B=B, inference="permutation")


def test_att_equals_twfe_regression_with_dummies(demo, demo_did):
    # independent reference: OLS of log revenue on treated_post with zone and year dummies
    df = demo[["revenue"]].reset_index()
    df["ly"] = np.log(df["revenue"])
    df["d"] = (df["zone"].isin(["shenyang", "dalian"]) & (df["year"] >= 2016)).astype(float)
    ols = smf.ols("ly ~ d + C(zone) + C(year)", data=df).fit()
    assert demo_did.att == pytest.approx(ols.params["d"], rel=1e-8)


def test_large_simulated_panel_estimate_is_close_to_truth():
    sim = simulate_zone_panel(600, (2011, 2020), seed=11)
    truth = sim.attrs["true_parameters"]["did_twfe_expected"]["revenue"]
    r = did(sim, "revenue", treated=tuple(sim.index.levels[0][:80]), B=199, placebo_starts=())
    assert abs(r.att - truth) < 0.03
    lo, hi = r.conf_int()
    assert lo <= truth <= hi


def test_pretrend_test_rejects_with_a_built_in_pretrend():
    kw = dict(seed=5)
    flat = simulate_zone_panel(300, (2011, 2020), **kw)
    trend = simulate_zone_panel(300, (2011, 2020), pretrend=0.05, **kw)
    treated = tuple(flat.index.levels[0][:40])
    _, pre_flat, _ = event_study(flat, "revenue", treated=treated)
    _, pre_trend, _ = event_study(trend, "revenue", treated=treated)
    assert pre_trend["pvalue"] < 0.01
    assert pre_flat["pvalue"] > 0.01
    assert pre_trend["df_num"] == 4  # leads 2011-2014 (2015 is the reference)


def test_event_study_reference_row_and_years(demo_did):
    es = demo_did.event_study
    assert list(es["year"]) == list(range(2011, 2021))
    ref = es.set_index("rel_time").loc[-1]
    assert ref["coef"] == 0 and ref["se"] == 0


def test_placebo_uses_pre_treatment_years_only(demo_did):
    assert list(demo_did.placebo["placebo_start"]) == [2013, 2014]
    assert demo_did.placebo["att"].abs().max() < 0.2


def test_errors(demo):
    with pytest.raises(OptionError, match="start"):
        did(demo, "revenue", start=2030, B=B)
    with pytest.raises(ValueError, match="unknown zone"):
        did(demo, "revenue", treated=("金州",), B=B)
    with pytest.raises(OptionError, match="indicator"):
        did(demo, "gdp_growth", B=B)
    with pytest.raises(OptionError, match="level"):
        did(demo, "revenue", level=95, B=B)


def test_event_study_intervals_use_the_fits_t_distribution(demo_did):
    es = demo_did.event_study.set_index("rel_time")
    # reference the fit behind the event study: same inference as fit_panel's conf_int
    from gxq_analysis.evaluation.did import event_study

    _, _, fit = event_study(load_panel(), "revenue")
    ci = fit.conf_int(0.95)
    assert es.loc[1, "ci_lower"] == pytest.approx(ci.loc["rel_p1", "lower"])
    assert es.loc[1, "ci_upper"] == pytest.approx(ci.loc["rel_p1", "upper"])
    assert "over-reject" in demo_did.pretrend["note"]
    assert demo_did.pretrend["n_assignments"] == 105
    assert 0 < demo_did.pretrend["pvalue_cluster"] < 1
    assert es["pvalue_ri"].between(1 / 105, 1).all()


def test_event_study_checks_its_start(demo):
    with pytest.raises(OptionError, match="reference year"):
        event_study(demo, "revenue", start=2011)
    with pytest.raises(OptionError, match="integer year"):
        did(demo, "revenue", start="2016", B=B)
