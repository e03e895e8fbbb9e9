"""Tables read by their axes (issue 19): layouts the reader was never shown by name.

Each workbook is written by hand (tests/ingest/handmade.py); expected values are the written
numbers converted by hand to the codebook's units (万元 / 1e4 = 亿元, 万人 × 1e4 = 人).
"""

from __future__ import annotations

import pytest
from handmade import WAN, csv_file, quiet, reading, refused, same, write, xlsx

from gxq_analysis import DataError, load_panel

EXT = pytest.mark.parametrize("ext", ["xlsx", "xls"])


# ------------------------------------------------------------------ zone blocks
@EXT
def test_zone_merged_down_over_indicator_rows(tmp_path, ext):
    rows = [
        ["各高新区主要指标（2015—2020年）"],
        ["园区", "指标", "单位", "2015年", "2016年", "2017年"],
        ["沈阳", "营业收入", "亿元", 1000, 1100, 1200],
        [None, "从业人员", "万人", 20, 21.5, 22],
        [None, "专利授权数", "件", 3000, 3100, None],
        ["大连", "营业收入", "万元", 9000000, 9500000, "—"],
        [None, "从业人员", "人", 250000, 260000, 270000],
    ]
    merges = {"Sheet1": ["A3:A5", "A6:A7"]}
    df, _ = quiet(write(tmp_path, ext, {"Sheet1": rows}, merges))
    same(df, {
        ("shenyang", 2015, "revenue"): 1000,
        ("shenyang", 2016, "employees"): 215000,
        ("shenyang", 2017, "patents"): None,
        ("dalian", 2016, "revenue"): 950,
        ("dalian", 2017, "revenue"): None,
        ("dalian", 2017, "employees"): 270000,
    })  # fmt: skip
    r = reading(df, "Sheet1")
    assert (r["rows"], r["columns"]) == (["zone", "indicator"], ["year"])
    assert r["layout"] == "zone_blocks"


def test_zone_blocks_exported_to_csv_keep_the_zone_printed_once(tmp_path):
    # a CSV export of the merged sheet has the zone in the first row of each block only
    rows = [
        ["园区", "指标", "单位", "2019年", "2020年"],
        ["鞍山高新区", "营业收入", "亿元", 400, 420],
        ["", "出口总额", "亿元", 40, 44],
        ["营口高新区", "营业收入", "亿元", 150, 160],
        ["", "出口总额", "亿元", 15, 16.5],
    ]
    df, _ = quiet(csv_file(tmp_path / "b.csv", rows, encoding="gb18030"))
    same(df, {("anshan", 2020, "exports"): 44, ("yingkou", 2020, "exports"): 16.5})


# ------------------------------------------------------------------ several tables on a sheet
@EXT
def test_two_year_tables_stacked_on_one_sheet(tmp_path, ext):
    rows = [
        ["表1 2016年各高新区主要指标"],
        ["单位：万元"],
        ["高新区", "营业收入", "出口总额"],
        ["沈阳", 10000, 2000],
        ["大连", 30000, 4000],
        ["注：出口为海关口径。"],
        [],
        ["表2 2017年各高新区主要指标"],
        ["单位：亿元"],
        ["高新区", "营业收入", "出口总额"],
        ["沈阳", 1.2, 0.25],
        ["大连", 3.5, 0.5],
        ["资料来源：辽宁省科学技术厅。"],
    ]
    df, _ = quiet(write(tmp_path, ext, {"汇总": rows}))
    same(df, {
        ("shenyang", 2016, "revenue"): 1,
        ("dalian", 2016, "exports"): 0.4,
        ("shenyang", 2017, "revenue"): 1.2,
        ("dalian", 2017, "exports"): 0.5,
    })  # fmt: skip
    t1, t2 = reading(df, "汇总", 1), reading(df, "汇总", 2)
    assert t1["year_from"] == ("title", 2016) and t2["year_from"] == ("title", 2017)
    assert t2["first_row"] == 10


def test_zone_pages_stacked_with_a_bare_zone_title(tmp_path):
    rows = [
        ["沈阳高新区"],
        ["指标", "计量单位", "2019年", "2020年"],
        ["营业收入", "亿元", 1500, 1600],
        ["高新技术企业数", "家", 900, 1000],
        ["大连高新区"],
        ["指标", "计量单位", "2019年", "2020年"],
        ["营业收入", "亿元", 2500, 2600],
    ]
    df, _ = quiet(xlsx(tmp_path / "z.xlsx", {"城市": rows}))
    same(df, {
        ("shenyang", 2020, "hitech_firms"): 1000,
        ("dalian", 2019, "revenue"): 2500,
    })  # fmt: skip
    assert reading(df, "城市", 2)["zone_from"] == ("title", "dalian")


# ------------------------------------------------------------------ transposed, years × indicators
@EXT
def test_indicators_as_rows_zones_as_columns(tmp_path, ext):
    rows = [
        ["2018年辽宁省高新区主要经济指标"],
        ["指标", "单位", "沈阳", "大连", "鞍山", "合计"],
        ["营业收入", "亿元", 100, 200, 30, 330],
        ["从业人员", "万人", 1.5, 2, 0.5, 4],
        ["营业收入比上年增长", "%", 5, 6, 7, None],
    ]
    df, msg = quiet(write(tmp_path, ext, {"Sheet1": rows}))
    same(df, {
        ("shenyang", 2018, "revenue"): 100,
        ("anshan", 2018, "employees"): 5000,
        ("dalian", 2018, "employees"): 20000,
    })  # fmt: skip
    assert "营业收入比上年增长" in msg  # a derived row is reported, never read
    assert len(df) == 3


def test_years_as_rows_for_one_zone(tmp_path):
    rows = [
        ["本溪高新区主要指标"],
        ["年份", "营业收入（亿元）", "企业数（个）"],
        [2016, 80, 300],
        ["2017年", 85, 310],
    ]
    df, _ = quiet(xlsx(tmp_path / "y.xlsx", {"Sheet1": rows}))
    same(df, {("benxi", 2016, "revenue"): 80, ("benxi", 2017, "firms"): 310})
    r = reading(df, "Sheet1")
    assert (r["rows"], r["columns"], r["zone_from"]) == (
        ["year"],
        ["indicator"],
        ("title", "benxi"),
    )


def test_fully_long_table_with_a_value_column(tmp_path):
    rows = [
        ["高新区", "年份", "指标", "单位", "数值"],
        ["锦州", 2016, "营业收入", "万元", 50000],
        ["锦州", 2016, "从业人员", "人", 12000],
        ["阜新", 2016, "营业收入", "亿元", 2.5],
    ]
    df, _ = quiet(xlsx(tmp_path / "l.xlsx", {"Sheet1": rows}))
    same(df, {
        ("jinzhou", 2016, "revenue"): 5,
        ("jinzhou", 2016, "employees"): 12000,
        ("fuxin", 2016, "revenue"): 2.5,
    })  # fmt: skip


# ------------------------------------------------------------------ headers of two rows
@EXT
def test_long_table_with_names_row_and_units_row(tmp_path, ext):
    rows = [
        ["高新区名称", "年份", "营业收入", "出口总额", "R&D经费内部支出", "从业人员", "R&D人员"],
        [None, None, "万元", "万元", "万元", "人", "人"],
        ["沈阳", 2016, 10000, 2000, 500, 180000, 9000],
        ["大连", 2016, 30000, 4000, 800, 230000, 12000],
    ]
    merges = {"Sheet1": ["A1:A2", "B1:B2"]}
    df, msg = quiet(write(tmp_path, ext, {"Sheet1": rows}, merges))
    same(df, {
        ("shenyang", 2016, "revenue"): 1,
        ("shenyang", 2016, "exports"): 0.2,
        ("dalian", 2016, "rd_expenditure"): 0.08,
        ("dalian", 2016, "employees"): 230000,
        ("dalian", 2016, "rd_personnel"): 12000,
    })  # fmt: skip
    assert "do not know" not in msg and not df.attrs["unknown_columns"]


def test_year_merged_over_indicator_columns(tmp_path):
    rows = [
        ["地区", "2019年", None, "2020年", None],
        [None, "营业收入（亿元）", "企业数（个）", "营业收入（亿元）", "企业数（个）"],
        ["辽阳", 60, 200, 66, 210],
        ["铁岭", 30, 100, 33, 105],
    ]
    merges = {"Sheet1": ["A1:A2", "B1:C1", "D1:E1"]}
    df, _ = quiet(xlsx(tmp_path / "w.xlsx", {"Sheet1": rows}, merges))
    same(df, {("liaoyang", 2019, "firms"): 200, ("tieling", 2020, "revenue"): 33})


# ------------------------------------------------------------------ years with qualifiers
def test_year_before_and_after_revision_is_refused_naming_both(tmp_path):
    rows = [
        ["营业收入（亿元）"],
        ["高新区", "2017年", "2018年（调整前）", "2018年（调整后）", "2019年"],
        ["沈阳", 1000, 1100, 1050, 1150],
    ]
    path = xlsx(tmp_path / "q.xlsx", {"营业收入": rows})
    err = refused(path, "营业收入", 2, "2018年（调整后）", "two columns hold the values of 2018")
    assert "2018年（调整前）" in str(err) and "prefer" in str(err)


def test_prefer_chooses_one_revision_and_reports_the_other(tmp_path):
    rows = [
        ["高新区", "2017年", "2018年（调整前）", "2018年（调整后）", "2019年"],
        ["沈阳", 1000, 1100, 1050, 1150],
    ]
    path = xlsx(tmp_path / "q.xlsx", {"营业收入（亿元）": rows})
    layout = tmp_path / "layout.toml"
    layout.write_text('[sheets."营业收入（亿元）"]\nprefer = "调整后"\n', encoding="utf-8")
    df, msg = quiet(path, layout=layout)
    same(df, {("shenyang", 2018, "revenue"): 1050, ("shenyang", 2019, "revenue"): 1150})
    assert "2018年（调整前）" in msg and "调整后" in msg


@pytest.mark.parametrize("label", ["2018年快报", "2018年度", "2018（预计）", "2018年末"])
def test_one_qualified_year_is_read(tmp_path, label):
    rows = [["高新区", "2017年", label], ["丹东", 10, 12]]
    df, _ = quiet(xlsx(tmp_path / "q.xlsx", {"营业收入（亿元）": rows}))
    same(df, {("dandong", 2018, "revenue"): 12})


def test_targets_and_growth_are_reported_not_read(tmp_path):
    rows = [
        ["高新区", "2019年", "2020年", "2020年目标", "2020年比上年增长（%）", "占全省比重（%）"],
        ["盘锦", 50, 55, 80, 10, 3],
    ]
    df, msg = quiet(xlsx(tmp_path / "t.xlsx", {"营业收入（亿元）": rows}))
    same(df, {("panjin", 2020, "revenue"): 55})
    for h in ("2020年目标", "2020年比上年增长（%）", "占全省比重（%）"):
        assert h in msg and h in df.attrs["unknown_columns"]
    assert set(df.columns[df.notna().any()]) == {"revenue"}


# ------------------------------------------------------------------ continued tables
def test_continued_line_inside_the_zone_column(tmp_path):
    rows = [
        ["表3 2016年各高新区主要指标"],
        ["地区", "营业收入（万元）"],
        ["沈阳", 10000],
        ["大连", 20000],
        ["续表3", None],
        ["地区", "营业收入（万元）"],
        ["鞍山", 3000],
    ]
    df, _ = quiet(xlsx(tmp_path / "c.xlsx", {"Sheet1": rows}))
    same(df, {("anshan", 2016, "revenue"): 0.3, ("dalian", 2016, "revenue"): 2})
    assert len(df) == 3


def test_continued_table_with_more_columns_for_the_same_rows(tmp_path):
    rows = [
        ["表4 2017年各高新区主要指标"],
        ["地区", "营业收入（万元）"],
        ["沈阳", 10000],
        ["大连", 20000],
        ["续表4"],
        ["地区", "从业人员（人）", "企业数（个）"],
        ["沈阳", 180000, 1400],
        ["大连", 230000, 2600],
    ]
    df, _ = quiet(xlsx(tmp_path / "c.xlsx", {"Sheet1": rows}))
    same(df, {
        ("shenyang", 2017, "revenue"): 1,
        ("dalian", 2017, "firms"): 2600,
        ("shenyang", 2017, "employees"): 180000,
    })  # fmt: skip
    assert reading(df, "Sheet1", 2)["year_from"] == ("title", 2017)


# ------------------------------------------------------------------ all problems at once
def test_every_problem_of_a_file_is_reported_at_once(tmp_path):
    rows = [
        ["高新区", "年份", "营业收入（亿元）", "从业人员（人）"],
        ["沈阳", 2016, "abc", 100],
        ["长春", 2016, 1, 100],
        ["大连", 2016, 1, -5],
    ]
    with pytest.raises(DataError) as exc:
        load_panel(xlsx(tmp_path / "e.xlsx", {"s": rows}))
    err = exc.value
    assert len(err.errors) == 3
    assert [(e.row, e.column) for e in err.errors] == [
        (2, "营业收入（亿元）"),
        (3, "高新区"),
        (4, "从业人员（人）"),
    ]
    assert (err.row, err.column) == (2, "营业收入（亿元）")  # behaves as the first
    zh = err.text("zh")
    assert "数据中发现3处问题" in zh and "未知的高新区“长春”" in zh and "负值" in zh


def test_no_value_or_year_is_dropped_with_only_a_warning(tmp_path):
    # a column that names a year twice without a layout file is refused, never dropped
    rows = [["高新区", "2018年", "2018年快报"], ["沈阳", 1, 2]]
    with pytest.raises(DataError, match="two columns hold the values of 2018"):
        load_panel(xlsx(tmp_path / "y.xlsx", {"营业收入（亿元）": rows}))


def test_wan_conversion_in_zone_blocks_is_exact(tmp_path):
    # 12345 万元 = 12345 / 10^4 亿元, correctly rounded (an exact ratio, not × 1e-4)
    rows = [["园区", "指标", "2020年"], ["沈阳", "营业收入（万元）", 12345]]
    df, _ = quiet(xlsx(tmp_path / "w.xlsx", {"Sheet1": rows}))
    assert df.loc[("shenyang", 2020), "revenue"] == 12345 / 10_000
    assert abs(df.loc[("shenyang", 2020), "revenue"] - 12345 * WAN) < 1e-15


def test_group_totals_spelled_with_extra_words(tmp_path):
    rows = [
        ["地区", "营业收入（亿元）"],
        ["全省高新区", 10],
        ["其中：国家级高新区", 8],
        ["沈阳", 5],
        ["大连", 3],
        ["省级高新区", 2],
        ["抚顺", 2],
    ]
    df, msg = quiet(xlsx(tmp_path / "g.xlsx", {"2016": rows}))
    same(df, {("shenyang", 2016, "revenue"): 5, ("fushun", 2016, "revenue"): 2})
    assert len(df) == 3 and "全省高新区" in msg


def test_a_total_column_beside_zone_rows_is_reported_not_read(tmp_path):
    rows = [["地区", "2016年", "2017年", "合计"], ["沈阳", 1, 2, 3], ["大连", 3, 4, 7]]
    df, msg = quiet(xlsx(tmp_path / "t.xlsx", {"营业收入（亿元）": rows}))
    same(df, {("dalian", 2017, "revenue"): 4})
    assert "合计" in msg
    assert reading(df, "营业收入（亿元）")["columns_skipped"] == [
        {"header": "合计", "reason": "column_total"}
    ]


def test_corner_cell_with_zones_as_columns(tmp_path):
    rows = [["2017年各市高新区指标"], ["地区/项目", "沈阳", "大连"], ["营业收入（亿元）", 1, 2]]
    df, _ = quiet(xlsx(tmp_path / "c.xlsx", {"S": rows}))
    same(df, {("dalian", 2017, "revenue"): 2})


def test_english_headers_with_units(tmp_path):
    rows = [
        ["Zone", "Year", "Operating revenue (100 million yuan)", "Employees (10k persons)"],
        ["Shenyang", 2016, 5, 1.5],
    ]
    df, _ = quiet(xlsx(tmp_path / "e.xlsx", {"S": rows}))
    same(df, {("shenyang", 2016, "revenue"): 5, ("shenyang", 2016, "employees"): 15000})


@pytest.mark.parametrize("year", ["2016年（万元）", "2016年\n(万元)", "2016 (万元)"])
def test_a_unit_written_with_the_year_applies(tmp_path, year):
    rows = [["高新区", year], ["沈阳", 12345]]
    df, msg = quiet(xlsx(tmp_path / "u.xlsx", {"营业收入": rows}))
    assert df.loc[("shenyang", 2016), "revenue"] == 12345 / 10_000
    assert "without a unit" not in msg


def test_a_year_unit_and_a_title_unit_that_disagree_are_refused(tmp_path):
    rows = [["营业收入（亿元）"], ["高新区", "2016年（万元）"], ["沈阳", 1]]
    with pytest.raises(DataError, match="two units"):
        load_panel(xlsx(tmp_path / "u.xlsx", {"Sheet1": rows}))


def test_official_names_with_the_province(tmp_path):
    rows = [
        ["高新区", "营业收入（亿元）"],
        ["辽宁沈阳高新区", 1],
        ["辽宁省营口高新技术产业开发区", 2],
    ]
    df, _ = quiet(xlsx(tmp_path / "n.xlsx", {"2016": rows}))
    same(df, {("shenyang", 2016, "revenue"): 1, ("yingkou", 2016, "revenue"): 2})


def test_a_column_headed_danwei_holding_zone_names_is_the_zone_column(tmp_path):
    # 单位 means "unit" and also "reporting unit" (an organisation): the cells decide
    rows = [["2017年"], ["单位", "营业收入（亿元）"], ["沈阳高新区", 3], ["大连高新区", 4]]
    df, _ = quiet(xlsx(tmp_path / "d.xlsx", {"Sheet1": rows}))
    same(df, {("shenyang", 2017, "revenue"): 3, ("dalian", 2017, "revenue"): 4})


def test_zone_headings_over_indented_indicator_rows(tmp_path):
    # a zone's name printed as a heading row, its indicators indented under it
    rows = [
        ["各高新区主要指标"],
        ["项目", "2019年", "2020年"],
        ["沈阳高新区", None, None],
        ["　营业收入（亿元）", 1500, 1600],
        ["　从业人员（万人）", 20, 21],
        ["大连高新区", None, None],
        ["　营业收入（亿元）", 2500, 2600],
    ]
    df, msg = quiet(xlsx(tmp_path / "h.xlsx", {"Sheet1": rows}))
    same(df, {
        ("shenyang", 2020, "revenue"): 1600,
        ("shenyang", 2019, "employees"): 200000,
        ("dalian", 2019, "revenue"): 2500,
    })  # fmt: skip
    r = reading(df, "Sheet1")
    assert r["rows"] == ["zone", "indicator"] and not r["zone_from"]
    assert [s["reason"] for s in r["skipped"]].count("zone_heading") == 2
