"""The zh/en string table, labels and deterministic number formatting."""

from __future__ import annotations

import re
import string
from decimal import ROUND_HALF_EVEN, Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, strategies as st

from gxq_analysis.errors import OptionError
from gxq_analysis.plan.codebook import RATIOS, indicator_label, load_codebook
from gxq_analysis.plan.zones import TIER_NAMES, TIERS, load_zones, zone_ids
from gxq_analysis.report import strings
from gxq_analysis.report.strings import (
    NA_TEXT,
    PROVINCE_EN,
    STRINGS,
    fmt_int,
    fmt_num,
    fmt_pct,
    format_value,
    label,
    province_label,
    render,
    scope_label,
    t,
    term_label,
    tier_label,
)

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


# ------------------------------------------------------------------------------------------
# lookups (the table itself: tests/catalogue/test_catalogue.py)


def test_t_fills_fields_and_formats_numbers():
    review = t("review.midterm", "zh")
    zh = t("review.period", "zh", review=review, start=2016, end=2018, baseline=2015)
    assert zh == "中期评估：评估期2016–2018年，基期2015年"  # years: no thousands separator
    en = t("fig.trend_title", "en", indicator="GDP", start=2011, end=2020)
    assert en == "GDP, 2011–2020"


def test_t_rejects_bad_language_listing_allowed():
    with pytest.raises(OptionError, match=r"lang='fr'.*'zh'.*'en'"):
        t("chapter.overview", "fr")


def test_t_unknown_key_lists_close_keys():
    with pytest.raises(KeyError) as err:
        t("chapter.overveiw", "zh")
    msg = str(err.value)
    assert "unknown string key 'chapter.overveiw'" in msg
    assert "chapter.overview" in msg


def test_t_missing_field_names_it():
    with pytest.raises(KeyError, match=r"needs the field 'indicator'"):
        t("fig.trend_title", "en", start=2011, end=2020)


# ------------------------------------------------------------------------------------------
# numbers


def _reference_num(x: float, digits: int) -> str:
    """Independent reference: exact decimal value of the float, round half to even."""
    q = Decimal(x).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_EVEN)
    if q == 0:
        q = abs(q)
    return f"{q:,.{digits}f}"


@given(
    x=st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
    digits=st.integers(min_value=0, max_value=4),
)
def test_fmt_num_matches_decimal_reference(x, digits):
    assert fmt_num(x, digits) == _reference_num(x, digits)


def test_fmt_num_examples_and_edge_cases():
    assert fmt_num(1234567.891, 2) == "1,234,567.89"
    assert fmt_num(0.125, 2) == "0.12"  # 0.125 is exact in binary: half to even
    assert fmt_num(-0.0001, 2) == "0.00"  # no negative zero
    assert fmt_num(2.5, 0) == "2"
    assert fmt_num(np.float32(1.5), 1) == "1.5"
    assert fmt_num(np.int64(12345), 0) == "12,345"
    assert fmt_num(0.5, 1, sign=True) == "+0.5"
    assert fmt_num(0.0, 1, sign=True) == "0.0"
    assert fmt_num(float("inf")) == "∞"
    assert fmt_int(1234.6) == "1,235"


@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, pd.NA, np.float64("nan")])
def test_missing_numbers_by_language(missing):
    assert fmt_num(missing, 2, lang="zh") == "—"
    assert fmt_num(missing, 2, lang="en") == "n/a"
    assert fmt_pct(missing, lang="zh") == NA_TEXT["zh"]


def test_fmt_pct_fraction_and_percent_values():
    assert fmt_pct(0.2534) == "25.3%"
    assert fmt_pct(25.34, fraction=False) == "25.3%"
    assert fmt_pct(-0.012, 2, sign=True) == "-1.20%"
    assert fmt_pct(0.012, 2, sign=True) == "+1.20%"


def test_number_formatting_rejects_bad_input():
    with pytest.raises(OptionError, match="digits"):
        fmt_num(1.0, -1)
    with pytest.raises(OptionError, match="digits"):
        fmt_num(1.0, 1.5)
    with pytest.raises(TypeError, match="expected a number"):
        fmt_num("1.0")
    with pytest.raises(OptionError, match="lang"):
        fmt_num(1.0, lang="de")


def test_format_value_mini_language():
    assert format_value(0.253, "pct1", "en") == "25.3%"
    assert format_value(25.3, "per1", "en") == "25.3%"
    assert format_value(1234.5, "num0", "en") == "1,234"  # half to even
    assert format_value(-3.21, "+num1", "en") == "-3.2"
    assert format_value(3.21, "+per1", "en") == "+3.2%"
    assert format_value(12345, "int", "en") == "12,345"
    assert format_value(2016, "", "en") == "2016"
    assert format_value(1.23456, "", "en", digits=3) == "1.235"
    assert format_value(float("nan"), "num2", "zh") == "—"
    assert format_value("已格式化", "num2", "zh") == "已格式化"  # strings pass through
    assert format_value(3.14159, ".3f", "en") == "3.142"  # Python's own specs still work


def test_render_uses_digits_for_plain_floats(monkeypatch):
    monkeypatch.setitem(
        STRINGS,
        "say.change",
        (
            "{subject}的{indicator}由{baseline_year}年的{baseline}变为{year}年的{value}。",
            "{subject}: {indicator} went from {baseline} in {baseline_year} to {value} in {year}.",
        ),
    )
    fields = {
        "subject": "Shenyang",
        "indicator": "R&D",
        "baseline_year": 2015,
        "year": 2018,
        "baseline": 1.25,
        "value": 2.0,
    }
    assert render("say.change", "en", fields, digits=1) == (
        "Shenyang: R&D went from 1.2 in 2015 to 2.0 in 2018."
    )


# ------------------------------------------------------------------------------------------
# labels


@pytest.mark.parametrize("tier", TIERS)
def test_tier_label_reuses_the_registry(tier):
    zh, en = TIER_NAMES[tier]
    assert tier_label(tier, "zh") == zh
    assert tier_label(tier, "en").lower() == en.lower()
    assert tier_label(tier, "en")[0].isupper()


def test_tier_label_rejects_unknown_tier():
    with pytest.raises(OptionError, match=r"tier='top'.*first_class"):
        tier_label("top", "zh")


def test_scope_label_zones_tiers_groups_and_unknown():
    zones = load_zones()
    for z in zone_ids():
        assert scope_label(z, "zh") == zones.loc[z, "name_zh"]
        assert scope_label(z, "en") == zones.loc[z, "name_en"]
    assert scope_label("first_class", "zh") == TIER_NAMES["first_class"][0]
    assert scope_label("all_zones", "zh") == "全省高新区"
    assert scope_label("national_average", "en") == "National zone average"
    assert scope_label("my_custom_scope", "en") == "my_custom_scope"


def test_label_chinese_equals_codebook_label():
    for code in (*load_codebook().index, *RATIOS):
        assert label(code, "zh") == indicator_label(code, "zh")
        assert label(code, "zh", unit=False) == indicator_label(code, "zh", unit=False)


def test_english_labels_have_no_chinese_glyphs():
    # every codebook unit has an English name, so English figures never need a CJK font
    for code in (*load_codebook().index, *RATIOS):
        text = label(code, "en")
        assert not CJK.search(text), f"{code}: {text!r}"
        assert text.startswith(indicator_label(code, "en", unit=False))


def test_label_of_plan_fact_codes_and_unknown_codes():
    assert label("zone_count", "zh") == "高新区数量（个）"
    assert label("zone_count", "zh", unit=False) == "高新区数量"
    assert label("no_such_code", "en") == "no_such_code"


def test_province_names():
    assert len(PROVINCE_EN) == 32  # 31 provinces and the national total
    assert len(set(PROVINCE_EN.values())) == 32
    assert all(v.isascii() for v in PROVINCE_EN.values())
    assert province_label("辽宁", "en") == "Liaoning"
    assert province_label("辽宁", "zh") == "辽宁"
    assert province_label("未知", "en") == "未知"


@pytest.mark.parametrize(
    ("term", "lang", "expected"),
    [
        ("const", "en", "Constant"),
        ("rd_expenditure", "zh", "R&D经费内部支出"),
        ("log_gdp", "en", "ln GDP of the zone"),
        ("ln(gdp)", "en", "ln GDP of the zone"),
        ("L1.rd_personnel", "en", "R&D personnel (lag 1)"),
        ("rd_personnel_lag2", "zh", "R&D人员（滞后2期）"),
        ("L1.log_vc_investment", "zh", "ln 创业投资额（滞后1期）"),
        ("treated_post", "en", "treated_post"),
    ],
)
def test_term_label(term, lang, expected):
    assert term_label(term, lang) == expected


def test_public_names_exist():
    for name in strings.__all__:
        assert hasattr(strings, name), name


def test_join_words():
    from gxq_analysis.report.strings import join_words

    assert join_words(["a", "b", "c"], "zh") == "a、b、c"
    assert join_words(["a", "b", "c"], "en") == "a, b and c"
    assert join_words(["a"], "en") == "a" and join_words([], "zh") == ""
