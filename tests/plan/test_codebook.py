"""Codebook and derived ratios."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gxq_analysis.plan.codebook import (
    BLOCKS,
    RATIOS,
    add_ratios,
    header_table,
    indicator_codes,
    indicator_label,
    load_codebook,
    normalize_header,
)

# issue 2: the indicators the codebook must hold, with name and unit
REQUIRED = {
    "gdp": ("地区生产总值", "亿元", "output"),
    "revenue": ("营业收入", "亿元", "output"),
    "hitech_va": ("高新技术产品增加值", "亿元", "output"),
    "exports": ("出口总额", "亿元", "output"),
    "service_revenue": ("技术服务收入", "亿元", "output"),
    "patents": ("专利授权数", "件", "output"),
    "firms": ("企业数", "个", "output"),
    "hitech_firms": ("高新技术企业数", "个", "output"),
    "rd_expenditure": ("R&D经费内部支出", "亿元", "rd"),
    "fiscal_st": ("财政科技支出", "亿元", "rd"),
    "fiscal_total": ("财政支出", "亿元", "rd"),
    "vc_investment": ("创业投资额", "亿元", "financing"),
    "tech_loans": ("科技贷款余额", "亿元", "financing"),
    "rd_personnel": ("R&D人员", "人", "talent"),
    "employees": ("从业人员", "人", "talent"),
    "incubator_area": ("孵化面积", "万平方米", "platform"),
    "incubated_firms": ("在孵企业数", "个", "platform"),
    "rd_institutions": ("省级以上研发机构数", "个", "platform"),
    "city_gdp": ("所在市地区生产总值", "亿元", "context"),
}


def test_required_indicators_present():
    cb = load_codebook()
    for code, (name, unit, block) in REQUIRED.items():
        assert (cb.loc[code, "name_zh"], cb.loc[code, "unit"], cb.loc[code, "block"]) == (
            name,
            unit,
            block,
        )


def test_columns_and_blocks():
    cb = load_codebook()
    assert list(cb.columns) == [
        "name_zh",
        "name_en",
        "unit",
        "block",
        "nonnegative",
        "definition",
        "aliases",
    ]
    assert set(cb["block"]) <= set(BLOCKS)
    assert cb.index.is_unique
    assert all(cb["definition"].str.len() > 10)
    assert indicator_codes("financing") == ("vc_investment", "tech_loans")


def test_header_aliases_unique_and_complete():
    table = header_table()
    for code, row in load_codebook().iterrows():
        for alias in row["aliases"]:
            assert table[normalize_header(alias)[0]] == code


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("R&D经费内部支出（万元）", ("r&d经费内部支出", "万元")),
        ("营业收入(亿元)", ("营业收入", "亿元")),
        ("Operating revenue [CNY 100m]", ("operatingrevenue", "CNY 100m")),
        ("专利授权数", ("专利授权数", None)),
    ],
)
def test_normalize_header(header, expected):
    assert normalize_header(header) == expected


def test_ratios_defined_once_with_formulas():
    assert set(RATIOS) == {
        "hitech_firm_share",
        "export_share",
        "service_share",
        "rd_intensity",
        "city_gdp_share",
        "fiscal_st_share",
    }
    assert RATIOS["rd_intensity"].formula == "rd_intensity = 100 × rd_expenditure / revenue"
    cb = load_codebook()
    for r in RATIOS.values():
        assert r.numerator in cb.index and r.denominator in cb.index


def test_add_ratios_computes_and_guards_zero_denominators():
    idx = pd.MultiIndex.from_tuples([("shenyang", 2015), ("dalian", 2015)], names=["zone", "year"])
    panel = pd.DataFrame({"rd_expenditure": [2.0, 1.0], "revenue": [100.0, 0.0]}, index=idx)
    out = add_ratios(panel)
    assert out.loc[("shenyang", 2015), "rd_intensity"] == pytest.approx(2.0)
    assert np.isnan(out.loc[("dalian", 2015), "rd_intensity"])
    assert "export_share" not in out  # inputs absent: not invented
    assert "rd_intensity" not in panel  # input untouched


def test_labels():
    assert indicator_label("gdp", "zh") == "地区生产总值（亿元）"
    assert indicator_label("gdp", "en") == "GDP of the zone (亿元)"
    assert indicator_label("rd_intensity", "en", unit=False) == "R&D spending as share of revenue"


def test_names_ending_in_their_own_brackets_are_found_whole():
    table = header_table()
    key = "r&dinstitutions(provinciallevelandabove)"
    assert table[key] == "rd_institutions"
