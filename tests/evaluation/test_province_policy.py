"""The demonstration-zone effect on the real province panel (evaluation.province_policy).

Checks: the dates table (every sourced quote holds its date; unsourced rows are never used),
the donor rule, and the estimates against an outside re-implementation of R synthdid
(synthdid-py, a separate port of synth-inference/synthdid) on the same panel and donors: the
SDID, SC and DiD estimates and the leave-one-out estimates agree to 1e-6. The DiD event study
is checked against an OLS regression with unit and year effects.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest

from gxq_analysis import province_policy, synth_did
from gxq_analysis.errors import DataError, OptionError
from gxq_analysis.evaluation.province_policy import (
    PROVINCE_POLICY_OUTCOMES,
    default_donors,
    event_study_placebo,
    first_approval,
    load_demonstration_zones,
    load_statistics_correction,
    province_fragility,
)
from gxq_analysis.ingest.province import load_province_panel

NEVER_BY_2020 = ("河北", "山西", "内蒙古", "吉林", "黑龙江", "广西", "海南", "贵州", "云南",
                 "西藏", "青海", "宁夏")  # fmt: skip
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
TRAD = str.maketrans({"國": "国", "號": "号", "﹝": "〔", "﹞": "〕"})


@pytest.fixture(scope="module")
def zones():
    return load_demonstration_zones()


@pytest.fixture(scope="module")
def panel():
    return load_province_panel()


def _renderings(date: str) -> list[str]:
    """How a source may write the date: 2016年4月5日, 2016年04月05日, 2016-04-05, 2016-4-5,
    April 5, 2016 (month and year only for YYYY-MM; 2016年 for YYYY)."""
    parts = [int(x) for x in date.split("-")]
    y = parts[0]
    if len(parts) == 1:
        return [f"{y}年"]
    m = parts[1]
    if len(parts) == 2:
        return [f"{y}年{m}月", f"{y}年{m:02d}月", f"{MONTHS[m - 1]} {y}"]
    d = parts[2]
    return [f"{y}年{m}月{d}日", f"{y}年{m:02d}月{d:02d}日", f"{y}-{m:02d}-{d:02d}",
            f"{y}-{m}-{d}", f"{MONTHS[m - 1]} {d}, {y}"]  # fmt: skip


def _holds_date(quote: str, date: str) -> bool:
    """The quote holds the date in full, or (a dateline and a sentence joined by ' … ') holds
    the year and the day as the sentence writes it (今年6月8日, 2月11日)."""
    if any(r in quote for r in _renderings(date)):
        return True
    parts = [int(x) for x in date.split("-")]
    if len(parts) < 3 or " … " not in quote:
        return False
    y, m, d = parts
    dateline = quote.split(" … ")[0]
    return bool(re.search(rf"\b{y}\b|{y}", dateline)) and f"{m}月{d}日" in quote


def test_every_sourced_quote_holds_its_date_and_document(zones):
    sourced = zones[zones["status"] == "sourced"]
    assert len(sourced) >= 20
    for _, r in sourced.iterrows():
        assert r["source_url"].startswith("http"), r["zone"]
        assert _holds_date(r["quote"], r["date"]), (r["zone"], r["date"], r["quote"])
        if r["document"]:
            assert r["document"].translate(TRAD) in r["quote"].translate(TRAD), r["zone"]


def test_the_shenyang_dalian_row_is_the_state_councils_own(zones):
    row = zones.set_index("zone").loc["shenda"]
    assert (row["date"], row["document"], row["provinces"]) == ("2016-04-05", "国函〔2016〕65号",
                                                                "辽宁")  # fmt: skip
    assert "www.gov.cn/zhengce/content/2016-04/11/content_5062973.htm" in row["source_url"]


def test_unsourced_rows_are_never_used(zones):
    first = first_approval(zones)
    unsourced = zones[zones["status"] == "unsourced"]
    assert set(unsourced["zone"]) == {"changzhutan", "pearl_river_delta", "wuchangshi"}
    assert "湖南" not in first.index and "新疆" not in first.index
    assert first["广东"] == 2014  # from the sourced Shenzhen row, not the unsourced PRD one


def test_donor_rule(panel, zones):
    donors, excluded = default_donors(panel, "patents_invention", zones=zones)
    assert donors == NEVER_BY_2020
    assert excluded["辽宁"] == "treated"
    assert excluded["湖南"] == excluded["新疆"] == "unsourced"
    assert excluded["江西"] == "zone" and "全国" not in donors
    d2018, _ = default_donors(panel, "patents_invention", end=2018, zones=zones)
    assert set(d2018) == {*NEVER_BY_2020, "江西"}  # Poyang Lake came in 2019
    d2022, ex = default_donors(panel, "patents_invention", end=2022, zones=zones)
    assert "吉林" not in d2022 and ex["黑龙江"] == "zone"


def test_a_donor_with_a_hole_is_left_out(panel, zones):
    holed = panel.copy()
    holed.loc[("海南", 2012), "fiscal_st"] = np.nan
    donors, excluded = default_donors(holed, "fiscal_st", zones=zones)
    assert "海南" not in donors and excluded["海南"] == "incomplete"


def test_bad_options_are_refused(panel):
    with pytest.raises(OptionError, match="outcome="):
        province_policy("nope", panel=panel)
    with pytest.raises(OptionError, match="treated="):
        province_policy("patents_granted", treated="台湾", panel=panel)
    with pytest.raises(OptionError, match="end="):
        province_policy("patents_granted", end=2030, panel=panel)
    with pytest.raises(OptionError, match="estimator="):
        province_policy("patents_granted", estimator="ols", panel=panel)
    with pytest.raises(OptionError, match="cannot be donors"):
        province_policy("patents_granted", donors=["全国", "河北"], panel=panel)
    with pytest.raises(DataError, match="lack positive values"):
        province_policy("fiscal_st", donors=["河北", "山西"], panel=panel.assign(
            fiscal_st=panel["fiscal_st"].where(panel.index != ("山西", 2011))))  # fmt: skip


def test_statistics_correction_sources_are_quoted():
    src = load_statistics_correction()
    assert {"fiscal_fraud_admitted", "correction_2015_2016", "patents_from_office"} <= set(
        src["claim"])  # fmt: skip
    row = src.set_index("claim").loc["fiscal_fraud_admitted"]
    assert "2011 to 2014" in row["quote"] and row["source_url"].startswith("http")


def test_event_study_is_the_two_way_regression(panel):
    donors = list(NEVER_BY_2020)
    years = panel.index.get_level_values(1)
    wide = np.log(panel.loc[(years >= 2010) & (years <= 2020), "patents_granted"].unstack())
    y = wide.loc[[*donors, "辽宁"]].to_numpy()
    beta, sigma = event_study_placebo(y, len(donors), 6)
    # OLS of log y on unit and year dummies and treated×year dummies (2015 left out)
    n, t = y.shape
    rows, xs = [], []
    for i in range(n):
        for s in range(t):
            x = np.zeros(n + t - 1 + t - 1)
            x[i] = 1
            if s > 0:
                x[n + s - 1] = 1
            if i == n - 1 and s != 5:
                x[n + t - 1 + (s if s < 5 else s - 1)] = 1
            xs.append(x)
            rows.append(y[i, s])
    coef = np.linalg.lstsq(np.array(xs), np.array(rows), rcond=None)[0]
    assert np.allclose(beta, coef[n + t - 1 :], atol=1e-10)
    assert sigma.shape == (t - 1, t - 1) and np.all(np.linalg.eigvalsh(sigma) > -1e-12)


@pytest.mark.slow
@pytest.mark.parametrize("outcome", PROVINCE_POLICY_OUTCOMES)
def test_estimates_agree_with_synthdid_py(panel, outcome):
    synthdid = pytest.importorskip("synthdid")
    years = panel.index.get_level_values(1)
    wide = np.log(panel.loc[(years >= 2010) & (years <= 2020), outcome].unstack())
    y = wide.loc[[*NEVER_BY_2020, "辽宁"]].to_numpy()
    outside = {"sdid": synthdid.synthdid_estimate, "sc": synthdid.sc_estimate,
               "did": synthdid.did_estimate}  # fmt: skip
    for est, fn in outside.items():
        r = province_policy(outcome, estimator=est, panel=panel, in_space=est == "sdid")
        assert r.donors == NEVER_BY_2020
        assert r.att == pytest.approx(float(fn(y, 12, 6)), abs=1e-6), est
    # leave-one-out estimates against synthdid-py on the reduced matrix
    r = province_policy(outcome, panel=panel)
    frag = province_fragility(r, panel=panel)
    for _, row in frag["loo"].iterrows():
        keep = [d for d in NEVER_BY_2020 if d != row["donor"]]
        yk = wide.loc[[*keep, "辽宁"]].to_numpy()
        assert row["att"] == pytest.approx(float(synthdid.synthdid_estimate(yk, 11, 6)), abs=1e-6)
    it = frag["in_time"]
    assert it.years == (2010, 2015) and it.start == 2013 and it.donors == NEVER_BY_2020
    assert math.isfinite(frag["honest"]["breakdown"])
    assert 0 < frag["conformal"]["pvalue"] <= 1 and frag["conformal"]["permutations"] == 462


@pytest.mark.slow
def test_the_result_is_synth_did_with_its_donors(panel):
    r = province_policy("patents_granted", panel=panel, end=2018)
    names = panel.index.get_level_values(0)
    years = panel.index.get_level_values(1)
    sub = panel.loc[names.isin([*r.donors, "辽宁"]) & (years >= 2010) & (years <= 2018),
                    ["patents_granted"]]  # fmt: skip
    ref = synth_did(sub, "patents_granted", treated=["辽宁"], start=2016)
    assert (r.att, r.se, r.placebo_pvalue) == (ref.att, ref.se, ref.placebo_pvalue)
    assert set(r.unit_weights.index) == set(r.donors) and "江西" in r.donors
    assert isinstance(r.excluded, dict) and r.years == (2010, 2018)
    assert pd.Series(r.unit_weights).sum() == pytest.approx(1.0)
