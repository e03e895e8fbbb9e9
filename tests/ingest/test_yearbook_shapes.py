"""Yearbook tables in shapes nobody here generated (issue 10, outside checks).

Every workbook is written literally, cell by cell, in this file (openpyxl for .xlsx, xlwt for
legacy .xls, encoded text for CSV); nothing comes from ``yearbook_fixtures``. Expected values
are the written numbers converted by hand to the codebook's units: 亿元 for money (万元 / 1e4,
千元 / 1e5, 元 / 1e8), 人 for persons (万人 × 1e4), 个 and 件 for counts.
"""

from __future__ import annotations

import math
import warnings

import openpyxl
import pytest
import xlwt

from gxq_analysis import DataError, load_panel

WAN = 1e-4  # 万元 -> 亿元
QIAN = 1e-5  # 千元 -> 亿元


# ------------------------------------------------------------------ writers (by hand)
def xlsx(path, sheets, merges=None, formats=None, hidden=()):
    """``sheets``: name -> rows (lists; None = empty cell); ``merges``: name -> ["A1:E1"];
    ``formats``: name -> {"B3": "0.0%"}."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for i, row in enumerate(rows, 1):
            for j, v in enumerate(row, 1):
                if v is not None:
                    ws.cell(row=i, column=j, value=v)
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
        for ref, fmt in (formats or {}).get(name, {}).items():
            ws[ref].number_format = fmt
        if name in hidden:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def _a1(ref):
    col = "".join(ch for ch in ref if ch.isalpha())
    row = int(ref[len(col) :])
    n = 0
    for ch in col:
        n = n * 26 + ord(ch) - 64
    return row - 1, n - 1


def xls(path, sheets, merges=None):
    """The same as :func:`xlsx` in a legacy BIFF8 workbook; merges in A1 notation."""
    wb = xlwt.Workbook(encoding="utf-8")
    for name, rows in sheets.items():
        ws = wb.add_sheet(name)
        covered = set()
        for rng in (merges or {}).get(name, []):
            (r1, c1), (r2, c2) = (_a1(x) for x in rng.split(":"))
            ws.write_merge(r1, r2, c1, c2, rows[r1][c1] if c1 < len(rows[r1]) else None)
            covered |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                if v is not None and (i, j) not in covered:
                    ws.write(i, j, v)
    wb.save(str(path))
    return path


def write(tmp_path, ext, sheets, merges=None, name="t"):
    path = tmp_path / f"{name}.{ext}"
    return (xlsx if ext == "xlsx" else xls)(path, sheets, merges)


def quiet(path, **kw):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = load_panel(path, **kw)
    return df, " | ".join(str(w.message) for w in caught)


def same(df, expect):
    """Each (zone, year, code) equals the expected value; NaN expects missing."""
    for (zone, year, code), want in expect.items():
        got = df.loc[(zone, year), code]
        if want is None or (isinstance(want, float) and math.isnan(want)):
            assert math.isnan(got), (zone, year, code, got)
        else:
            assert math.isclose(got, want, rel_tol=1e-12), (zone, year, code, got, want)


def refused(path, sheet, row, column, reason, **kw):
    with pytest.raises(DataError) as exc:
        load_panel(path, **kw)
    err = exc.value
    assert (err.sheet, err.row, err.column) == (sheet, row, column), str(err)
    assert reason in str(err), str(err)
    assert str(path) in str(err)
    return err


def reading(df, sheet):
    return next(r for r in df.attrs["readings"] if r["sheet"] == sheet)


EXT = pytest.mark.parametrize("ext", ["xlsx", "xls"])


# ------------------------------------------------------------------ titles and unit lines
@EXT
def test_unit_line_in_last_column_of_title_row(tmp_path, ext):
    rows = [
        ["表3-5 2016年辽宁省高新区主要经济指标", None, None, "单位：万元"],
        ["高新区名称", "营业收入", "出口总额", "企业数（个）"],
        ["沈阳高新区", 12345.6, 2345, 1200],
        ["大连高新区", 23456.7, 3456, 2100],
    ]
    df, _ = quiet(write(tmp_path, ext, {"3-5": rows}))
    same(df, {
        ("shenyang", 2016, "revenue"): 12345.6 * WAN,
        ("shenyang", 2016, "exports"): 2345 * WAN,
        ("dalian", 2016, "revenue"): 23456.7 * WAN,
        ("dalian", 2016, "firms"): 2100,
    })  # fmt: skip
    r = reading(df, "3-5")
    assert r["year_from"] == ("title", 2016)
    assert {"source": "unit_line", "row": 1, "unit": "万元"} in r["units"]


@EXT
def test_title_merged_across_all_columns(tmp_path, ext):
    rows = [
        ["2017年辽宁省高新技术产业开发区主要指标", None, None, None],
        [None, None, None, "单位：千元"],
        ["地区", "营业收入", "技术服务收入", "从业人员（人）"],
        ["鞍山", 500000, 12000, 35000],
        ["本溪", 300000, 8000, 21000],
    ]
    merges = {"表1": ["A1:D1"]}
    df, _ = quiet(write(tmp_path, ext, {"表1": rows}, merges))
    same(df, {
        ("anshan", 2017, "revenue"): 500000 * QIAN,
        ("anshan", 2017, "service_revenue"): 12000 * QIAN,
        ("benxi", 2017, "employees"): 21000,
    })  # fmt: skip
    assert len(df) == 2


@pytest.mark.parametrize("zone_header", ["地区", "高新区名称", "园区", "园区名称", "开发区名称",
                                         "地　区", "指标\n地区", "项目/地区"])  # fmt: skip
def test_zone_column_headers(tmp_path, zone_header):
    rows = [
        ["2018年高新区主要指标"],
        [zone_header, "营业收入（亿元）"],
        ["营口", 81.5],
        ["阜新", 20.25],
    ]
    df, _ = quiet(xlsx(tmp_path / "z.xlsx", {"Sheet1": rows}))
    same(df, {("yingkou", 2018, "revenue"): 81.5, ("fuxin", 2018, "revenue"): 20.25})


# ------------------------------------------------------------------ years as written
@EXT
def test_per_indicator_years_spelled_variously(tmp_path, ext):
    rows = [
        ["表4-1 各高新区营业收入", None, None, None, None],
        ["单位：亿元", None, None, None, None],
        ["高新区", "2016年度", "2017 年", 2018.0, 2019],
        ["沈阳", 1000.5, 1100.25, 1200, 1300],
        ["锦州", 100, 110, 120, 130],
    ]
    df, _ = quiet(write(tmp_path, ext, {"营业收入": rows}))
    same(df, {
        ("shenyang", 2016, "revenue"): 1000.5,
        ("shenyang", 2017, "revenue"): 1100.25,
        ("shenyang", 2018, "revenue"): 1200,
        ("jinzhou", 2019, "revenue"): 130,
    })  # fmt: skip
    assert df.attrs["layout"] == "sheet_per_indicator"


@EXT
def test_long_table_year_cells_as_text_and_float(tmp_path, ext):
    rows = [
        ["高新区", "年份", "营业收入（万元）", "专利授权数（件）"],
        ["沈阳", "2016年", 10000, 300],
        ["沈阳", 2017.0, 20000, 310],
        ["大连", "2016", 30000, 400],
        ["大连", " 2017 ", 40000, 410],
    ]
    df, _ = quiet(write(tmp_path, ext, {"Sheet1": rows}))
    same(df, {
        ("shenyang", 2016, "revenue"): 1.0,
        ("shenyang", 2017, "revenue"): 2.0,
        ("dalian", 2016, "patents"): 400,
        ("dalian", 2017, "revenue"): 4.0,
    })  # fmt: skip


# ------------------------------------------------------------------ cells
def test_missing_markers_and_number_text(tmp_path):
    rows = [
        ["2016年主要指标"],
        ["单位：万元"],
        ["地区", "营业收入", "出口总额", "技术服务收入", "高新技术产品增加值"],
        ["沈阳", "１２３４", "—", "-", "…"],
        ["大连", "1，234.5", "－", "——", "56.5 "],
        ["鞍山", "12,345", "/", None, "\u00a07.25\u00a0"],
        ["本溪", " 3 456 ", "……", "n.a.", "0"],
    ]
    df, _ = quiet(xlsx(tmp_path / "m.xlsx", {"2016": rows}))
    same(df, {
        ("shenyang", 2016, "revenue"): 1234 * WAN,
        ("shenyang", 2016, "exports"): None,
        ("shenyang", 2016, "service_revenue"): None,
        ("shenyang", 2016, "hitech_va"): None,
        ("dalian", 2016, "revenue"): 1234.5 * WAN,
        ("dalian", 2016, "exports"): None,
        ("dalian", 2016, "service_revenue"): None,
        ("dalian", 2016, "hitech_va"): 56.5 * WAN,
        ("anshan", 2016, "revenue"): 12345 * WAN,
        ("anshan", 2016, "exports"): None,
        ("anshan", 2016, "hitech_va"): 7.25 * WAN,
        ("benxi", 2016, "revenue"): 3456 * WAN,
        ("benxi", 2016, "hitech_va"): 0.0,
    })  # fmt: skip


@pytest.mark.parametrize("text", ["1,23", "约100", "1.234.5", "12万", "x"])
def test_unreadable_number_is_refused_at_its_cell(tmp_path, text):
    rows = [["2016年"], ["地区", "营业收入（亿元）"], ["沈阳", 1.5], ["大连", text]]
    path = xlsx(tmp_path / "n.xlsx", {"表2": rows})
    refused(path, "表2", 4, "营业收入（亿元）", "expected a number")


def test_percent_growth_column_is_reported_not_loaded(tmp_path):
    rows = [
        ["2016年"],
        ["地区", "营业收入（亿元）", "比上年增长（%）", "增长率"],
        ["沈阳", 100, 12.5, 0.125],
        ["大连", 200, "-3.5", 0.1],
    ]
    path = xlsx(tmp_path / "p.xlsx", {"2016": rows}, formats={"2016": {"D3": "0.0%"}})
    df, messages = quiet(path)
    same(df, {("shenyang", 2016, "revenue"): 100, ("dalian", 2016, "revenue"): 200})
    assert "比上年增长（%）" in df.attrs["unknown_columns"]
    assert "比上年增长" in messages


# ------------------------------------------------------------------ extra columns
@EXT
def test_row_number_column_blank_first_column_and_notes_column(tmp_path, ext):
    rows = [
        [None, "2019年辽宁省高新区主要经济指标"],
        [None, None, None, None, None, "单位：万元"],
        [None, "序号", "高新区", "营业收入", "出口总额", "备注"],
        [None, 1, "辽阳高新区", 5000, 700, None],
        [None, 2, "抚顺高新区", 6000, 800, "快报数"],
        [None, 3, "丹东高新区", 7000, "/", "出口未统计"],
    ]
    df, _ = quiet(write(tmp_path, ext, {"Sheet1": rows}))
    same(df, {
        ("liaoyang", 2019, "revenue"): 5000 * WAN,
        ("fushun", 2019, "exports"): 800 * WAN,
        ("dandong", 2019, "revenue"): 7000 * WAN,
        ("dandong", 2019, "exports"): None,
    })  # fmt: skip
    assert len(df) == 3
    assert "备注" in df.attrs["unknown_columns"] and "序号" in df.attrs["unknown_columns"]


@EXT
def test_per_indicator_with_row_numbers_total_first_and_remarks(tmp_path, ext):
    rows = [
        ["表5 辽宁省高新区从业人员"],
        ["单位：万人"],
        ["序号", "地区", "2018年", "2019年", "备注"],
        [None, "全　　省", 3.5, 4.0, None],
        [1, "沈　　阳", 2.0, 2.5, None],
        [2, "大　　连", 1.5, 1.5, "含代管园区"],
    ]
    df, messages = quiet(write(tmp_path, ext, {"从业人员": rows}))
    same(df, {
        ("shenyang", 2018, "employees"): 20000,
        ("dalian", 2019, "employees"): 15000,
    })  # fmt: skip
    assert "total rows were not loaded" in messages
    assert len(df) == 4


# ------------------------------------------------------------------ headers over several rows
@EXT
def test_header_over_three_rows_with_merged_cells(tmp_path, ext):
    rows = [
        ["2020年辽宁省高新区主要指标", None, None, None],
        ["地区", "经济指标", None, "从业人员"],
        [None, "营业收入", "出口总额", None],
        [None, "万元", "万元", "人"],
        ["沈阳", 10000, 2000, 50000],
        ["铁岭", 3000, 100, 9000],
    ]
    merges = {"2020": ["A1:D1", "A2:A4", "B2:C2", "D2:D3"]}
    df, _ = quiet(write(tmp_path, ext, {"2020": rows}, merges))
    same(df, {
        ("shenyang", 2020, "revenue"): 1.0,
        ("shenyang", 2020, "exports"): 0.2,
        ("tieling", 2020, "employees"): 9000,
    })  # fmt: skip
    assert len(df) == 2


@EXT
def test_two_row_header_with_merged_zone_cell_and_units(tmp_path, ext):
    rows = [
        ["表3-12 2016年辽宁省高新区主要经济指标"],
        ["地区", "营业收入", "R&D人员", "孵化面积"],
        [None, "千元", "万人", "平方米"],
        ["盘锦", 150000, 0.12, 25000],
        ["朝阳", 50000, 0.03, None],
    ]
    merges = {"3-12": ["A2:A3"]}
    df, _ = quiet(write(tmp_path, ext, {"3-12": rows}, merges))
    same(df, {
        ("panjin", 2016, "revenue"): 1.5,
        ("panjin", 2016, "rd_personnel"): 1200,
        ("panjin", 2016, "incubator_area"): 2.5,
        ("chaoyang", 2016, "incubator_area"): None,
    })  # fmt: skip


# ------------------------------------------------------------------ sheets around the data
@EXT
def test_cover_sheet_and_empty_sheet_beside_data(tmp_path, ext):
    sheets = {
        "说明": [
            ["辽宁省高新区统计资料"],
            ["一、本资料所列数据来源于火炬统计调查。"],
            ["指标名称", "计量单位", "解释"],
            ["营业收入", "万元", "指企业从事生产经营活动取得的收入。"],
        ],
        "空白": [],
        "2016": [["单位：万元"], ["地区", "营业收入"], ["沈阳", 10000], ["葫芦岛", 2000]],
        "2017": [["单位：万元"], ["地区", "营业收入"], ["沈阳", 12000], ["绥中", 500]],
    }
    df, messages = quiet(write(tmp_path, ext, sheets))
    same(df, {
        ("shenyang", 2016, "revenue"): 1.0,
        ("huludao", 2016, "revenue"): 0.2,
        ("shenyang", 2017, "revenue"): 1.2,
        ("suizhong", 2017, "revenue"): 0.05,
    })  # fmt: skip
    assert df.attrs["sheets"] == ["2016", "2017"]
    assert "说明" in messages


# ------------------------------------------------------------------ totals
@EXT
def test_total_first_checked_against_members(tmp_path, ext):
    rows = [
        ["2016年国家级高新区主要指标"],
        ["单位：亿元"],
        ["地区", "营业收入", "出口总额"],
        ["国家级高新区合计", 30.5, 3],
        ["沈阳", 10, 1],
        ["大连", 10, 1],
        ["鞍山", 5, 0.5],
        ["本溪", 1, 0.1],
        ["锦州", 1.5, 0.1],
        ["营口", 1, 0.1],
        ["阜新", 1, 0.1],
        ["辽阳", 1, 0.1],
    ]
    df, messages = quiet(write(tmp_path, ext, {"2016": rows}))
    assert "国家级高新区合计" in messages
    same(df, {("shenyang", 2016, "revenue"): 10, ("jinzhou", 2016, "revenue"): 1.5})
    assert reading(df, "2016")["totals"][0]["status"] == "ok"
    assert len(df) == 8


def test_total_first_contradicting_members_is_refused(tmp_path):
    rows = [
        ["2016年国家级高新区主要指标"],
        ["单位：亿元"],
        ["地区", "营业收入"],
        ["全　　省", 999],
        *[[z, 1] for z in ("沈阳", "大连", "鞍山", "本溪", "锦州", "营口", "阜新", "辽阳",
                           "抚顺", "丹东", "铁岭", "盘锦", "朝阳", "葫芦岛", "绥中")],
    ]  # fmt: skip
    path = xlsx(tmp_path / "t.xlsx", {"2016": rows})
    refused(path, "2016", 4, "column B (revenue)", "members sum to 15")


# ------------------------------------------------------------------ zone names
@EXT
def test_zone_names_long_short_and_marked(tmp_path, ext):
    rows = [
        ["2016年"],
        ["单位：亿元"],
        ["园区", "营业收入"],
        ["沈阳高新技术产业开发区", 1],
        ["大连高新技术产业园区", 2],
        ["国家级鞍山高新技术产业开发区", 3],
        ["本溪高新区①", 4],
        ["锦州高新区*", 5],
        ["葫芦岛市绥中县", 6],
        ["抚顺市", 7],
        ["丹　东", 8],
    ]
    df, _ = quiet(write(tmp_path, ext, {"2016": rows}))
    want = ["shenyang", "dalian", "anshan", "benxi", "jinzhou", "suizhong", "fushun", "dandong"]
    same(df, {(z, 2016, "revenue"): float(k) for k, z in enumerate(want, 1)})


# ------------------------------------------------------------------ city yearbook page
@EXT
def test_per_zone_city_yearbook_page(tmp_path, ext):
    rows = [
        ["8-6  大连高新技术产业园区主要经济指标"],
        ["指标", "计量单位", "2018年", "2019年", "2020年"],
        ["企业数", "个", 5000, 5200, 5400],
        ["营业收入", "亿元", 2100.5, 2200, 2300],
        ["#技术收入", "亿元", 300, 320, "…"],
        ["从业人员", "万人", 21.5, 22, 22.5],
        ["出口总额", "万元", 150000, "—", 170000],
    ]
    df, _ = quiet(write(tmp_path, ext, {"Sheet1": rows}))
    same(df, {
        ("dalian", 2018, "firms"): 5000,
        ("dalian", 2019, "revenue"): 2200,
        ("dalian", 2020, "service_revenue"): None,
        ("dalian", 2018, "service_revenue"): 300,
        ("dalian", 2020, "employees"): 225000,
        ("dalian", 2018, "exports"): 15,
        ("dalian", 2019, "exports"): None,
    })  # fmt: skip
    r = reading(df, "Sheet1")
    assert r["zone_from"] == ("title", "dalian") and df.attrs["layout"] == "sheet_per_zone"


@EXT
def test_per_zone_page_with_row_numbers_and_growth_column(tmp_path, ext):
    rows = [
        ["沈阳高新区主要指标"],
        ["序号", "指标名称", "单位", "2019年", "2020年", "2020年比上年增长（%）"],
        [1, "营业收入", "亿元", 1500, 1600, 6.7],
        [2, "高新技术企业数", "家", 900, 1000, 11.1],
    ]
    df, messages = quiet(write(tmp_path, ext, {"沈阳": rows}))
    same(df, {
        ("shenyang", 2019, "revenue"): 1500,
        ("shenyang", 2020, "hitech_firms"): 1000,
    })  # fmt: skip
    assert set(df.attrs["unknown_columns"]) == {"序号", "2020年比上年增长（%）"}
    assert "比上年增长" in messages


# ------------------------------------------------------------------ CSV text
def test_gb18030_csv_with_title_unit_line_and_footnote(tmp_path):
    text = (
        "表3-12 2016年辽宁省高新区主要经济指标,,\n"
        ",,单位：万元\n"
        "地区,营业收入,出口总额\n"
        '沈　　阳,"12,345.5",—\n'
        "大连高新区,２３４５,100\n"
        '全　　省,"14,690.5",\n'
        "注：1. 本表为快报数。,,\n"
        "　　2. 出口总额按人民币计。,,\n"
    )
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode("gb18030"))
    df, messages = quiet(path)
    assert "total rows were not loaded" in messages
    same(df, {
        ("shenyang", 2016, "revenue"): 12345.5 * WAN,
        ("shenyang", 2016, "exports"): None,
        ("dalian", 2016, "revenue"): 2345 * WAN,
    })  # fmt: skip
    assert df.attrs["encoding"] == "gb18030" and len(df) == 2


def test_utf8_bom_csv_long_table(tmp_path):
    text = (
        "高新区名称,年度,营业收入（亿元）,从业人员（万人）\r\n"
        "沈阳高新区,2016年,100.5,10\r\n"
        "沈阳高新区,2017年,110,10.5\r\n"
        "营口高新区,2016年,-,1.25\r\n"
    )
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode("utf-8-sig"))
    df, _ = quiet(path)
    same(df, {
        ("shenyang", 2017, "revenue"): 110,
        ("shenyang", 2017, "employees"): 105000,
        ("yingkou", 2016, "revenue"): None,
        ("yingkou", 2016, "employees"): 12500,
    })  # fmt: skip


# ------------------------------------------------------------------ still refused, located
def test_year_span_header_in_per_indicator_sheet_is_refused(tmp_path):
    rows = [["单位：亿元"], ["地区", "2015年", "2016至2017年"], ["沈阳", 1, 2]]
    path = xlsx(tmp_path / "y.xlsx", {"营业收入": rows})
    refused(path, "营业收入", 2, "column C", "names two years")


def test_two_table_units_of_one_kind_are_refused(tmp_path):
    rows = [
        ["2016年主要指标", None, "单位：万元"],
        [None, None, "单位：千元"],
        ["地区", "营业收入", "出口总额"],
        ["沈阳", 1, 2],
    ]
    path = xlsx(tmp_path / "u.xlsx", {"2016": rows})
    err = refused(path, "2016", 2, "column C", "two table units of one kind")
    assert "万元" in str(err) and "千元" in str(err)


def test_foreign_currency_unit_line_is_refused(tmp_path):
    rows = [["2016年"], ["单位：千美元"], ["地区", "出口总额"], ["沈阳", 1]]
    path = xlsx(tmp_path / "c.xlsx", {"2016": rows})
    with pytest.raises(DataError) as exc:
        load_panel(path)
    assert exc.value.sheet == "2016" and exc.value.row == 2
    assert "千美元" in str(exc.value)


def test_jinzhou_misspelt_in_city_page_title_is_refused(tmp_path):
    rows = [["金州高新区主要指标"], ["指标", "计量单位", "2018年"], ["营业收入", "亿元", 1]]
    path = xlsx(tmp_path / "j.xlsx", {"金州": rows})
    with pytest.raises(DataError) as exc:
        load_panel(path)
    assert exc.value.sheet == "金州" and "金州" in str(exc.value)


def test_formula_without_result_in_per_indicator_sheet_is_refused(tmp_path):
    rows = [["地区", "2016年", "2017年"], ["沈阳", 1, "=B2*1.1"]]
    path = xlsx(tmp_path / "f.xlsx", {"营业收入（亿元）": rows})
    refused(path, "营业收入（亿元）", 2, "column C (2017年)", "without a stored result")


def test_mixed_year_and_indicator_header_asks_for_layout(tmp_path):
    rows = [["地区", "营业收入（亿元）", "2016年"], ["沈阳", 1, 2]]
    path = xlsx(tmp_path / "m.xlsx", {"Sheet1": rows})
    refused(path, "Sheet1", 1, None, "could be read one zone-year per row")


@EXT
def test_indicator_over_value_and_growth_subcolumns(tmp_path, ext):
    rows = [
        ["2016年辽宁省高新区主要经济指标"],
        ["地区", "营业收入", None, "出口总额", None],
        [None, "本年（万元）", "比上年增长（%）", "本年（万元）", "增长%"],
        ["沈阳", 10000, 5.5, 2000, -1.5],
        ["大连", 30000, 7.25, 4000, 3],
    ]
    merges = {"Sheet1": ["A2:A3", "B2:C2", "D2:E2"]}
    df, messages = quiet(write(tmp_path, ext, {"Sheet1": rows}, merges))
    assert "营业收入 / 比上年增长（%）" in messages
    same(df, {
        ("shenyang", 2016, "revenue"): 1.0,
        ("shenyang", 2016, "exports"): 0.2,
        ("dalian", 2016, "revenue"): 3.0,
        ("dalian", 2016, "exports"): 0.4,
    })  # fmt: skip
    assert "营业收入 / 比上年增长（%）" in df.attrs["unknown_columns"]
    assert "出口总额 / 增长%" in df.attrs["unknown_columns"]
    assert reading(df, "Sheet1")["header_rows"] == [2, 3]


def test_two_value_subcolumns_of_one_indicator_are_refused(tmp_path):
    rows = [
        ["2016年"],
        ["地区", "营业收入", None],
        [None, "本年（万元）", "绝对额（亿元）"],
        ["沈阳", 10000, 1],
    ]
    path = xlsx(tmp_path / "s.xlsx", {"Sheet1": rows}, {"Sheet1": ["A2:A3", "B2:C2"]})
    refused(path, "Sheet1", 2, "营业收入（亿元）", "both hold indicator revenue")


def test_zone_header_merged_down_too_many_rows_is_refused(tmp_path):
    rows = [
        ["地区", "一级", None],
        [None, "二级", None],
        [None, "营业收入", "出口总额"],
        [None, "万元", "万元"],
        ["沈阳", 1, 2],
    ]
    path = xlsx(tmp_path / "d.xlsx", {"2016": rows}, {"2016": ["A1:A4"]})
    refused(path, "2016", 1, "column A", "header of more than 3 rows")


def test_indicator_label_over_year_columns(tmp_path):
    rows = [
        ["表2-3 各高新区主要指标"],
        ["地区", "营业收入（万元）", None, None],
        [None, "2018年", "2019年", "2020年"],
        ["沈阳", 10000, 20000, 30000],
        ["鞍山", 1000, 2000, None],
    ]
    merges = {"Sheet1": ["A2:A3", "B2:D2"]}
    df, messages = quiet(xlsx(tmp_path / "y.xlsx", {"Sheet1": rows}, merges))
    same(df, {
        ("shenyang", 2018, "revenue"): 1,
        ("shenyang", 2020, "revenue"): 3,
        ("anshan", 2019, "revenue"): 0.2,
        ("anshan", 2020, "revenue"): None,
    })  # fmt: skip
    # the label over the year columns names the columns' indicator (issue 19: read by axes)
    assert reading(df, "Sheet1")["columns"] == ["indicator", "year"]
    assert "without a unit" not in messages


# ------------------------------------------------------------------ section rows, markers
@EXT
def test_section_rows_and_enumerated_zone_names(tmp_path, ext):
    rows = [
        ["2016年辽宁省高新区主要指标"],
        ["单位：亿元"],
        ["高新区", "营业收入"],
        ["一、国家级高新区", None],
        ["1.沈阳高新区", 10],
        ["2、大连高新区", 20],
        ["二、省级高新区", None],
        ["（1）抚顺高新区", 3],
        ["(2)丹东高新区", 4],
    ]
    df, messages = quiet(write(tmp_path, ext, {"2016": rows}))
    same(df, {
        ("shenyang", 2016, "revenue"): 10,
        ("dalian", 2016, "revenue"): 20,
        ("fushun", 2016, "revenue"): 3,
        ("dandong", 2016, "revenue"): 4,
    })  # fmt: skip
    assert len(df) == 4
    skipped = {s["row"]: s["reason"] for s in reading(df, "2016")["skipped"]}
    assert skipped[4] == skipped[7] == "section" and "国家级高新区" in messages


@EXT
def test_footnote_markers_in_headers(tmp_path, ext):
    rows = [
        ["2017年"],
        ["地区", "营业收入（万元）①", "出口总额②", "从业人员（人）*", "企业数※"],
        ["沈阳", 10000, 0.5, 100, 7],
    ]
    df, _ = quiet(write(tmp_path, ext, {"Sheet1": rows}))
    same(df, {
        ("shenyang", 2017, "revenue"): 1,
        ("shenyang", 2017, "exports"): 0.5,
        ("shenyang", 2017, "employees"): 100,
        ("shenyang", 2017, "firms"): 7,
    })  # fmt: skip
    assert not df.attrs["unknown_columns"]


def test_zones_as_columns_are_read(tmp_path):
    # indicators as rows and zones as columns (issue 19: refused before, read by its axes now)
    rows = [
        ["2016年各市高新区主要指标"],
        ["指标", "计量单位", "沈阳", "大连"],
        ["营业收入", "亿元", 1, 2],
        ["从业人员", "万人", 3, 4.5],
    ]
    df, _ = quiet(xlsx(tmp_path / "c.xlsx", {"Sheet1": rows}))
    same(df, {
        ("shenyang", 2016, "revenue"): 1,
        ("dalian", 2016, "revenue"): 2,
        ("dalian", 2016, "employees"): 45000,
    })  # fmt: skip
    r = reading(df, "Sheet1")
    assert (r["rows"], r["columns"], r["year_from"]) == (["indicator"], ["zone"], ("title", 2016))


def test_a_note_that_mentions_a_source_is_a_note():
    from gxq_analysis.ingest.table.text import footer_kind

    assert footer_kind("注：1. 本表数据来源于火炬统计。") == "note"
    assert footer_kind("资料来源：中国火炬统计年鉴2018") == "source"
    assert footer_kind("数据来源: 辽宁统计年鉴") == "source"
    assert footer_kind("Source: China Torch Statistical Yearbook") == "source"
    assert footer_kind("说明：数据来源于各市统计局") == "note"
