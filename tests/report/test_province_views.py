"""The province chapter in words: the report layer renders the language-free results of
``evaluation.province`` in Chinese and English from the one catalogue (``report.strings``)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from gxq_analysis.errors import OptionError
from gxq_analysis.evaluation.province import MEASURES, province_context
from gxq_analysis.evaluation.province_regression import province_production_regression
from gxq_analysis.ingest.province import load_province_panel
from gxq_analysis.report.strings import t
from gxq_analysis.report.views.province import (
    measure_label,
    measure_unit,
    province_cross_section,
    province_data_statement,
    province_definitions,
    province_notes,
    province_summary,
    province_table,
    province_tables,
    years_text,
)

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
LANGS = ("zh", "en")


@pytest.fixture(scope="module")
def panel():
    return load_province_panel()


@pytest.fixture(scope="module")
def ctx(panel):
    return province_context(panel)


@pytest.fixture(scope="module")
def reg(panel):
    return province_production_regression(panel, B=99, seed=7)


def test_data_statement_says_real_data_and_cites(ctx, reg):
    zh, en = (province_data_statement(ctx, lang) for lang in LANGS)
    assert "真实数据" in zh and "techme" in zh and zh.startswith("本章使用真实数据：")
    assert zh.endswith(ctx.citation_zh)
    assert "real data" in en and "Hu Huaping" in en and en.endswith(ctx.citation)
    assert province_data_statement(reg, "en") == en


def test_context_notes_in_both_languages(ctx):
    zh, en = province_notes(ctx, "zh"), province_notes(ctx, "en")
    assert len(zh) == len(en) == len(ctx.notes)
    assert zh == [
        "R&D经费投入强度（%）：辽宁缺2010年数据。",
        "R&D经费投入强度（%）：全国缺2010年数据。",
        "R&D经费投入强度（%）：面板中没有GDP，无法计算31省合计。",
        "R&D经费中政府资金占比（%）：“31省合计”与全国数据在两者皆有的年份相差不足0.0001个百分点。",
        "财政科技支出占一般公共预算支出比重（%）：全国缺2010–2018年数据。",
        "财政科技支出占一般公共预算支出比重（%）：“31省合计”与全国数据在两者皆有的年份相差不足"
        "0.0001个百分点。",
        "每亿元R&D经费专利授权数（件/亿元）：“31省合计”与全国数据在两者皆有的年份相差最多"
        "3.003件/亿元。",
        "排名为在有数据的省份中由高到低的位次（1为最高）。",
    ]
    assert any("2010–2018" in n for n in en)
    assert en[0] == "R&D intensity (% of GDP): no value for Liaoning in 2010."
    assert en[6].endswith("by at most 3.003 patents per 100 million yuan in the years both exist.")
    assert not any(CJK.search(n) for n in en)


def test_regression_notes_in_both_languages(reg):
    zh, en = province_notes(reg, "zh"), province_notes(reg, "en")
    assert len(zh) == len(en) == len(reg.notes) == 8
    assert zh[0] == "R&D经费滞后1年进入（与高新区生产函数一致），因此2010年不在样本中。"
    assert zh[3] == (
        "高技术制造业主营业务收入：372个省份-年份观测（31个省份，2011–2016、2018–2023年）；"
        "全国不在样本中。"
    )
    assert any("2017" in n for n in zh) and any("2017" in n for n in en)
    assert zh[6] == "标准误：按省份聚类（Stata小样本校正）。"
    assert zh[7] == (
        "野聚类限制性自助法（WCR；Webb 六点权重，B=99 次抽样，31 个聚类）：聚类数不少于 30，"
        "聚类稳健推断通常已足够，此处作为校验；随机种子7。"
    )
    assert en[3] == (
        "High-tech manufacturing revenue: 372 province-years (31 provinces, 2011–2016, "
        "2018–2023); the national row is excluded."
    )
    assert en[5] == (
        "High-tech manufacturing revenue: 62 of the 434 province-years (31 provinces × 14 years) "
        "are not in the sample (31 without the lagged value, 31 with a missing value)."
    )
    assert en[6] == "Standard errors: clustered by province (Stata small-sample correction)."
    assert en[7].startswith("Wild cluster restricted bootstrap (WCR; Webb weights, B=99, 31 ")
    assert en[7].endswith("; seed 7.")
    assert not any(CJK.search(n) for n in en)


def test_regression_notes_other_options(panel):
    r = province_production_regression(panel, cov="driscoll-kraay", rd_lag=0, bootstrap=False)
    zh, en = province_notes(r, "zh"), province_notes(r, "en")
    assert not any("滞后" in n and "年进入" in n for n in zh)  # no lag, no lag note
    assert zh[-1].startswith("标准误：Driscoll–Kraay") and "Driscoll–Kraay" in en[-1]
    assert not any("自助法" in n for n in zh)


def test_summary_table_headers_in_both_languages(ctx):
    zh = province_summary(ctx, "zh")
    assert list(zh.columns) == [
        "指标", "起始年份", "辽宁（起始年）", "排名（起始年）", "最近年份", "辽宁（最近年）",
        "全国（最近年）", "排名（最近年）",
    ]  # fmt: skip
    assert list(zh.index) == list(MEASURES)
    assert zh.loc["rd_intensity", "指标"] == "R&D经费投入强度（%）"
    assert zh.loc["rd_intensity", "起始年份"] == 2011
    assert zh["排名（最近年）"].dtype == "Int64"
    assert zh.loc["rd_intensity", "辽宁（最近年）"] == pytest.approx(
        ctx.comparison.loc[("rd_intensity", 2023), "value"]
    )
    en = province_summary(ctx, "en")
    assert list(en.columns)[:3] == ["Measure", "First year", "Liaoning (first year)"]
    assert "National (latest year)" in en.columns
    assert en.loc["rd_intensity", "Measure"] == "R&D intensity (% of GDP)"
    pd.testing.assert_frame_equal(
        en.drop(columns="Measure").set_axis(list(ctx.summary.columns), axis=1), ctx.summary
    )


def test_comparison_tables_cross_section_definitions(panel, ctx):
    gd = province_context(panel, province="Guangdong")
    en = province_table(gd, "rd_gov_share", "en")
    assert "Rank of Guangdong" in en.columns and "Guangdong" in en.columns
    assert en.index.name == "Year"
    zh = province_tables(ctx, "zh")
    assert set(zh) == set(MEASURES)
    assert zh["rd_intensity"].index.name == "年份"
    assert {"辽宁", "全国", "辽宁排名", "31省合计", "参与排名省份数"} <= set(
        zh["rd_intensity"].columns
    )

    cs = province_cross_section(ctx, "en")
    assert cs.index.name == "Province" and "Liaoning" in cs.index and "China (national)" in cs.index
    assert cs.attrs["year"] == 2023 and len(cs) == 32
    assert cs.loc["Liaoning", "R&D intensity (% of GDP)"] == pytest.approx(
        ctx.comparison.loc[("rd_intensity", 2023), "value"]
    )
    assert province_cross_section(ctx, "zh").index.name == "省份"

    d_zh, d_en = province_definitions(ctx, "zh"), province_definitions(ctx, "en")
    assert list(d_zh.columns) == ["指标", "单位", "计算方法", "来源表"]
    assert list(d_en.columns) == ["Measure", "Unit", "Definition", "Source tables"]
    assert d_zh.loc["patents_per_rd", "单位"] == "件/亿元"
    assert d_en.loc["rd_intensity", "Unit"] == "% of GDP"
    assert d_en.loc["rd_intensity", "Definition"] == "rd_intensity = rd_intensity (as published)"
    assert d_zh.loc["rd_intensity", "计算方法"] == "rd_intensity = rd_intensity（按公布值）"
    assert d_en.loc["patents_per_rd", "Source tables"].startswith("RDPatentAuthority/")


@pytest.mark.parametrize("lang", LANGS)
def test_english_has_no_chinese_and_chinese_has_no_english_words(ctx, lang):
    texts = [
        *province_notes(ctx, lang),
        *province_summary(ctx, lang).columns,
        *province_summary(ctx, lang).iloc[:, 0],
        *province_table(ctx, "rd_intensity", lang).columns,
        *province_cross_section(ctx, lang).columns,
    ]
    if lang == "en":
        assert not [x for x in texts if CJK.search(x)]
    else:
        # names (R&D, GDP) and digits only: no English words in a Chinese table or note
        words = {w for x in texts for w in re.findall(r"[A-Za-z]{2,}", x)}
        assert words <= {"GDP"}, words


def test_measure_labels_and_units():
    assert measure_label("patents_per_rd", "zh") == "每亿元R&D经费专利授权数（件/亿元）"
    assert measure_label("rd_gov_share", "en", unit=False) == "Government share of R&D funding"
    assert [measure_unit(c, "zh") for c in MEASURES] == ["%", "%", "%", "件/亿元"]
    assert measure_unit("rd_intensity", "en") == "% of GDP"
    with pytest.raises(OptionError, match="measure="):
        measure_label("gdp", "zh")


def test_years_text():
    assert years_text([2010, 2011, 2012, 2017], "zh") == "2010–2012、2017"
    assert years_text([2010, 2011, 2012, 2017], "en") == "2010–2012, 2017"
    assert years_text([2017], "en") == "2017"


def test_bad_inputs(ctx):
    with pytest.raises(OptionError, match="lang='fr'"):
        province_notes(ctx, "fr")
    with pytest.raises(OptionError, match="lang='fr'"):
        province_summary(ctx, "fr")
    with pytest.raises(TypeError, match="province_context"):
        province_notes(object(), "zh")


def test_every_note_key_has_a_string(ctx, reg):
    for note in (*ctx.notes, *reg.notes):
        assert t(f"province.note.{note.key}", "zh", **_dummy(note)) is not None


def _dummy(note) -> dict[str, str]:
    # every field of the key's template (the report layer adds unit/province/bootstrap)
    names = {*note.values(), "unit", "province", "bootstrap"}
    return dict.fromkeys(names, "x")
