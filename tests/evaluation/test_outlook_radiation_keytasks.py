"""Outlook, radiation and key tasks, recomputed independently."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from gxq_analysis.errors import OptionError
from gxq_analysis.evaluation.keytasks import TASKS, key_tasks, task_coverage
from gxq_analysis.evaluation.outlook import classify, outlook
from gxq_analysis.evaluation.radiation import radiation


def test_outlook_projection_matches_statsmodels(toy_panel):
    out = outlook(toy_panel, "midterm").set_index(["zone", "indicator"])
    s = 100 * (toy_panel.loc["benxi", "rd_expenditure"] / toy_panel.loc["benxi", "revenue"])
    s = s.loc[2015:2018]
    res = sm.OLS(s.to_numpy(), sm.add_constant(s.index.to_numpy(float))).fit()
    pred = res.get_prediction(np.array([[1.0, 2020.0]])).summary_frame(alpha=0.10)
    r = out.loc[("benxi", "rd_intensity")]
    assert r["projection_2020"] == pytest.approx(pred["mean"].iloc[0])
    assert r["lower"] == pytest.approx(pred["obs_ci_lower"].iloc[0])
    assert r["upper"] == pytest.approx(pred["obs_ci_upper"].iloc[0])
    assert r["status"] == classify(r["lower"], r["upper"], 2.1)
    assert "prediction interval" in out.attrs["rule"]


def test_classification_rule():
    assert classify(2.2, 3.0, 2.1) == "on track"
    assert classify(1.0, 2.0, 2.1) == "off track"
    assert classify(2.0, 2.5, 2.1) == "at risk"
    assert classify(np.nan, 2.5, 2.1) == "not computable"


def test_outlook_only_for_midterm(toy_panel):
    with pytest.raises(OptionError, match="midterm"):
        outlook(toy_panel, "final")


def test_radiation_flags_the_2016_break(toy_panel):
    out = radiation(toy_panel).set_index(["zone", "year"])
    r = out.loc[("anshan", 2016)]
    assert bool(r["break_flag"]) and np.isnan(r["change_reported"])
    exp16 = (
        100 * toy_panel.loc[("anshan", 2016), "gdp"] / toy_panel.loc[("anshan", 2016), "city_gdp"]
    )
    exp15 = (
        100 * toy_panel.loc[("anshan", 2015), "gdp"] / toy_panel.loc[("anshan", 2015), "city_gdp"]
    )
    assert r["change_pp"] == pytest.approx(exp16 - exp15)
    assert not out.loc[("anshan", 2017), "break_flag"]
    assert out.loc[("anshan", 2017), "change_reported"] == pytest.approx(
        out.loc[("anshan", 2017), "change_pp"]
    )
    assert bool(out.loc[("anshan", 2019), "break_flag"])  # census revision
    assert out.loc[("benxi", 2015), "plan_2015"] == 8.0


def test_key_tasks_growth_and_coverage(toy_panel):
    out = key_tasks(toy_panel, "final").set_index(["task", "indicator", "scope"])
    r = out.loc[("incubation", "incubated_firms", "fuxin")]
    b, v = (
        toy_panel.loc[("fuxin", 2015), "incubated_firms"],
        toy_panel.loc[("fuxin", 2020), "incubated_firms"],
    )
    assert r["growth_pct"] == pytest.approx(100 * (v / b - 1))
    assert r["cagr"] == pytest.approx(100 * ((v / b) ** 0.2 - 1))
    # fiscal figures cross the 2016 correction: flagged, not computed
    r = out.loc[("policy", "fiscal_st", "fuxin")]
    assert r["break_flag"] and np.isnan(r["growth_pct"])
    cov = task_coverage(toy_panel).set_index("task")
    assert not cov.loc["internet_plus", "measurable"]
    assert cov.loc["internet_plus", "reason"] == "no_internet_indicator"  # a code, worded later
    assert len(cov) == len(TASKS)


def test_key_tasks_says_what_is_missing(toy_panel):
    cov = task_coverage(toy_panel.assign(vc_investment=np.nan, tech_loans=np.nan))
    fin = cov.set_index("task").loc["finance"]
    assert not fin["measurable"] and fin["reason"] == "indicators_missing"
    assert fin["missing"] == "tech_loans, vc_investment"
    # the chapter words it from the catalogue, with the indicators' names
    from gxq_analysis.report.views.keytasks import task_coverage_view

    view = task_coverage_view(pd.DataFrame().assign(_=[]).pipe(_with_coverage, cov), "zh")
    row = view[view["task"] == "建立健全金融支撑体系"].iloc[0]
    assert row["reason"] == "数据中缺少以下指标：科技贷款余额、创业投资额"


def _with_coverage(frame, cov):
    frame.attrs["coverage"] = cov
    return frame


def test_outlook_rejects_unknown_indicators_and_notes_missing_ones(toy_panel):
    with pytest.raises(OptionError, match="bogus"):
        outlook(toy_panel, "midterm", indicators=("bogus",))
    with pytest.raises(OptionError, match="level"):
        outlook(toy_panel, "midterm", level="0.9")
    out = outlook(toy_panel.assign(exports=np.nan), "midterm")
    assert any("export_share" in n for n in out.attrs["notes"])


def test_radiation_resolves_zone_names(toy_panel):
    from gxq_analysis.errors import ZoneError

    assert set(radiation(toy_panel, zones=("本溪高新区",))["zone"]) == {"benxi"}
    with pytest.raises(ZoneError):
        radiation(toy_panel, zones=("nowhere",))
