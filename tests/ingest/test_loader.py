"""Loading evaluators' spreadsheets: layouts, encodings, headers, units, cells, provenance.

Reference values are typed by hand in canonical units (亿元, 人, 万平方米, 个, 件) or come from
the conftest writers, which convert with their own unit table. Float comparisons use
``rtol=1e-12`` (a unit conversion is one multiplication or division by a power of ten).
"""

from __future__ import annotations

import hashlib
import re
import sys
import zipfile
from contextlib import nullcontext
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from gxq_analysis import DataError, OptionError, load_panel
from gxq_analysis.ingest import units as U
from gxq_analysis.ingest.sources.load import MISSING_TOKENS, DataWarning
from gxq_analysis.ingest.table.cells import parse_number as _parse_number
from gxq_analysis.plan.codebook import load_codebook

CODES = list(load_codebook().index)
RTOL = 1e-12
#: Money columns written with their unit: a unitless one is warned about (see the tests below).
STATED = {"revenue": "亿元"}

# DataWarning is attributed to the caller (stacklevel=2), so pyproject's filter on gxq_analysis
# modules does not see it: make every unexpected one fail here.
pytestmark = pytest.mark.filterwarnings("error::gxq_analysis.ingest.sources.load.DataWarning")


def assert_panel(loaded: pd.DataFrame, expected: pd.DataFrame) -> None:
    """``loaded`` holds ``expected``'s values in its columns and NaN everywhere else."""
    pd.testing.assert_frame_equal(
        loaded[list(expected.columns)], expected.astype("float64"), rtol=RTOL, check_names=True
    )
    others = [c for c in CODES if c not in expected.columns]
    assert loaded[others].isna().all().all()
    assert list(loaded.columns) == CODES


# ------------------------------------------------------------------------------ encodings
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_csv_encodings(tmp_path, writers, small_panel, encoding):
    path = writers.csv(tmp_path / "p.csv", small_panel, encoding=encoding, units=STATED)
    df = load_panel(path)
    assert_panel(df, small_panel)
    # gbk bytes of these characters are valid gb18030: the rule reports gb18030
    assert df.attrs["encoding"] == {"gbk": "gb18030"}.get(encoding, encoding)
    assert df.attrs["format"] == "csv" and df.attrs["layout"] == "long"


def test_gbk_bytes_really_differ_from_utf8(tmp_path, writers, small_panel):
    a = writers.csv(tmp_path / "a.csv", small_panel, encoding="utf-8").read_bytes()
    b = writers.csv(tmp_path / "b.csv", small_panel, encoding="gbk").read_bytes()
    assert a != b
    with pytest.raises(UnicodeDecodeError):
        b.decode("utf-8")


def test_tab_separated_csv(tmp_path, literal):
    path = tmp_path / "t.csv"
    path.write_text("高新区\t年份\t营业收入（亿元）\n大连\t2016\t1,234.5\n", encoding="utf-8")
    df = load_panel(path)
    assert df.loc[("dalian", 2016), "revenue"] == 1234.5


# -------------------------------------------------------------------------------- layouts
@pytest.mark.parametrize("suffix", ["", "年", "年度"])
def test_xlsx_sheet_per_year(tmp_path, writers, small_panel, suffix):
    path = writers.xlsx(
        tmp_path / "p.xlsx", small_panel, layout="per_year", sheet_suffix=suffix, units=STATED
    )
    df = load_panel(path)
    assert_panel(df, small_panel)
    assert df.attrs["layout"] == "sheet_per_year"
    assert df.attrs["sheets"] == [f"2016{suffix}", f"2017{suffix}"]


def test_xlsx_long(tmp_path, writers, small_panel):
    df = load_panel(writers.xlsx(tmp_path / "p.xlsx", small_panel, layout="long", units=STATED))
    assert_panel(df, small_panel)
    assert df.attrs["layout"] == "long" and df.attrs["format"] == "xlsx"


def test_xlsx_mixed_layout_and_sheet_option(tmp_path, literal):
    path = literal.xlsx(
        tmp_path / "m.xlsx",
        {
            "2016": [["高新区", "GDP（亿元）"], ["沈阳", 10.5]],
            "later": [["zone", "year", "GDP (亿元)"], ["Dalian", 2017, 20], ["Dalian", 2018, 21]],
            "Sheet3": [],
        },
    )
    df = load_panel(path)
    assert df["gdp"].to_dict() == {
        ("dalian", 2017): 20.0,
        ("dalian", 2018): 21.0,
        ("shenyang", 2016): 10.5,
    }
    assert df.attrs["layout"] == "mixed"
    assert df.attrs["sheets"] == ["2016", "later"]
    one = load_panel(path, sheet="later")
    assert list(one.index) == [("dalian", 2017), ("dalian", 2018)]
    assert list(load_panel(path, sheet=0).index) == [("shenyang", 2016)]
    with pytest.raises(OptionError, match=r"sheet='nope'.*'2016', 'later', 'Sheet3'"):
        load_panel(path, sheet="nope")
    with pytest.raises(OptionError, match="sheet=5"):
        load_panel(path, sheet=5)


def test_title_rows_and_table_unit(tmp_path, literal):
    """A yearbook table: title, a 单位 line for money columns, then the header (row 3)."""
    path = literal.xlsx(
        tmp_path / "y.xlsx",
        {
            "2016年": [
                ["2016年辽宁省高新区主要经济指标"],
                ["单位：万元"],
                ["园区", "营业收入", "R&D经费内部支出（亿元）", "从业人员（人）"],
                ["沈阳高新区", 12_345, 2.5, 1000],
                ["大连高新技术产业园区", "1,000", None, None],
            ]
        },
    )
    df = load_panel(path)
    assert df.loc[("shenyang", 2016), "revenue"] == pytest.approx(1.2345, rel=RTOL)
    assert df.loc[("dalian", 2016), "revenue"] == pytest.approx(0.1, rel=RTOL)
    # a header's own unit wins over the table unit; other kinds keep theirs
    assert df.loc[("shenyang", 2016), "rd_expenditure"] == 2.5
    assert df.loc[("shenyang", 2016), "employees"] == 1000.0
    assert df.attrs["units"]["revenue"] == "万元"


def test_empty_and_notes_sheets(tmp_path, literal):
    path = literal.xlsx(
        tmp_path / "n.xlsx",
        {
            "说明": [["本表数据来源于火炬统计"], ["编制：某大学"]],
            "2016": [["高新区", "专利授权数（件）"], ["鞍山", 5]],
            "空白": [],
        },
    )
    with pytest.warns(DataWarning, match=r"sheets without a zone column.*'说明'") as rec:
        df = load_panel(path)
    assert len(rec) == 1
    assert df.loc[("anshan", 2016), "patents"] == 5.0


# -------------------------------------------------------------------------------- headers
@pytest.mark.parametrize(
    ("head", "code"),
    [
        ("营业收入（亿元）", "revenue"),
        ("营业收入(亿元)", "revenue"),
        ("营业收入[亿元]", "revenue"),
        ("营业收入 [ 亿元 ]", "revenue"),
        ("营业收入\n（亿元）", "revenue"),
        ("营业收入亿元", "revenue"),
        ("营业收入", "revenue"),
        ("Operating revenue (100 million yuan)", "revenue"),
        ("revenue", "revenue"),
        ("ＧＤＰ（亿元）", "gdp"),
        ("R&D personnel [persons]", "rd_personnel"),
        ("研发人员（人）", "rd_personnel"),
        ("高企数（家）", "hitech_firms"),
        ("专利授权量（项）", "patents"),
        ("孵化器面积（万平方米）", "incubator_area"),
        ("R&D institutions (provincial level and above)", "rd_institutions"),
        ("R&D institutions (provincial level and above) (个)", "rd_institutions"),
        ("省级以上研发机构数[家]", "rd_institutions"),
    ],
)
def test_header_spellings(tmp_path, literal, head, code):
    path = literal.csv(tmp_path / "h.csv", [["高新区", "年份", head], ["大连", 2016, "7"]])
    unitless_money = head in ("营业收入", "revenue")
    with pytest.warns(DataWarning, match="assumed 亿元") if unitless_money else nullcontext():
        df = load_panel(path)
    assert df.attrs["assumed_units"] == ({code: "亿元"} if unitless_money else {})
    assert df.loc[("dalian", 2016), code] == 7.0
    assert df[[c for c in CODES if c != code]].isna().all().all()


@pytest.mark.parametrize(
    "zone_head", ["高新区", "园区", "名称", "zone", "Zone", "高新区名称", "地区"]
)
@pytest.mark.parametrize("year_head", ["年份", "年度", "year", "Year", "年份（年）"])
def test_zone_and_year_headers(tmp_path, literal, zone_head, year_head):
    path = literal.csv(
        tmp_path / "z.csv", [[zone_head, year_head, "GDP（亿元）"], ["大连", "2016", "1"]]
    )
    assert list(load_panel(path).index) == [("dalian", 2016)]


# ---------------------------------------------------------------------------------- units
@pytest.mark.parametrize(
    ("head", "written", "code", "canonical"),
    [
        ("营业收入（元）", "123456789", "revenue", 1.23456789),
        ("营业收入（千元）", "5000", "revenue", 0.05),
        ("营业收入（万元）", "12345", "revenue", 1.2345),
        ("营业收入（亿元）", "2.5", "revenue", 2.5),
        ("营业收入（亿）", "2.5", "revenue", 2.5),
        ("revenue (10,000 yuan)", "12345", "revenue", 1.2345),
        ("revenue (RMB 100 million)", "3", "revenue", None),  # not a spelling: error below
        ("从业人员（人）", "1500", "employees", 1500.0),
        ("从业人员（万人）", "1.5", "employees", 15000.0),
        ("employees (10k persons)", "0.25", "employees", 2500.0),
        ("孵化面积（平方米）", "25000", "incubator_area", 2.5),
        ("孵化面积（万平方米）", "2.5", "incubator_area", 2.5),
        ("孵化面积（㎡）", "25000", "incubator_area", 2.5),
        ("企业数（个）", "42", "firms", 42.0),
        ("企业数（家）", "42", "firms", 42.0),
        ("专利授权数（件）", "9", "patents", 9.0),
    ],
)
def test_unit_conversion(tmp_path, literal, head, written, code, canonical):
    path = literal.csv(tmp_path / "u.csv", [["高新区", "年份", head], ["大连", "2016", written]])
    if canonical is None:
        with pytest.raises(DataError) as info:
            load_panel(path)
        assert info.value.column == head and info.value.row == 1
        return
    df = load_panel(path)
    assert df.loc[("dalian", 2016), code] == pytest.approx(canonical, rel=RTOL)


def test_unit_module_conversions_are_exact_ratios():
    assert U.conversion("万元", "亿元") == (1, 10_000)
    assert U.conversion("元", "亿元") == (1, 100_000_000)
    assert U.conversion("万人", "人") == (10_000, 1)
    assert U.conversion("平方公里", "万平方米") == (100, 1)
    assert U.conversion(None, "件") == (1, 1)
    assert U.conversion("%", "%") == (1, 1)
    # division by an exact power of ten is correctly rounded, unlike multiplying by 1e-4
    assert U.convert(12345.0, U.conversion("万元", "亿元")) == 1.2345
    with pytest.raises(U.UnitError, match=r"'个' cannot be converted to '件'.*件, .*项"):
        U.conversion("个", "件")
    with pytest.raises(U.UnitError, match="cannot be converted to '%'"):
        U.conversion("万", "%")
    assert U.convertible_units("亿元") == ["元", "千元", "万元", "百万元", "亿元"]


# ---------------------------------------------------------------------------------- cells
@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("1,234.5", 1234.5),
        ("1,234,567", 1234567.0),
        ("１２３", 123.0),
        ("１，２３４．５", 1234.5),
        (" 42 ", 42.0),
        ("1.5e3", 1500.0),
        ("0", 0.0),
        (".5", 0.5),
    ],
)
def test_number_cells(tmp_path, literal, cell, value):
    path = literal.csv(tmp_path / "c.csv", [["高新区", "年份", "企业数"], ["大连", "2016", cell]])
    assert load_panel(path).loc[("dalian", 2016), "firms"] == value


@pytest.mark.parametrize(
    "cell", ["", "—", "——", "-", "–", "…", "...", "n.a.", "NA", "N/A", "/", "　", "－"]
)
def test_missing_cells(tmp_path, literal, cell):
    path = literal.csv(
        tmp_path / "m.csv",
        [["高新区", "年份", "企业数", "GDP（亿元）"], ["大连", "2016", cell, "1"]],
    )
    df = load_panel(path)
    assert np.isnan(df.loc[("dalian", 2016), "firms"]) and df.loc[("dalian", 2016), "gdp"] == 1


def test_missing_tokens_documented_in_issue_are_covered():
    for token in ("—", "-", "…", "", "n.a.", "NA", "N/A", "/", "–", "..."):
        assert np.isnan(_parse_number(token, percent=False))
    assert "n.a." in MISSING_TOKENS


def test_percent_cells_in_percent_columns():
    # no codebook indicator is in % today; the parser is ready for one (e.g. a share)
    assert _parse_number("12.5%", percent=True) == 12.5
    assert _parse_number("１２.５％", percent=True) == 12.5
    assert _parse_number(12.5, percent=True) == 12.5
    from gxq_analysis.ingest.readers import PercentNumber

    assert _parse_number(PercentNumber(0.125), percent=True) == 12.5
    with pytest.raises(ValueError, match="percentage"):
        _parse_number("12.5%", percent=False)


def test_xlsx_typed_cells_and_cached_formula(tmp_path):
    """Numbers, text numbers and a formula whose cached value differs from its result:
    the cached value is read, proving that no formula is evaluated."""
    path = tmp_path / "f.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "data"
    ws.append(["高新区", "年份", "GDP（亿元）", "企业数"])
    ws.append(["沈阳", 2016, 1.5, "1,200"])
    ws.append(["大连", 2016.0, "=C2*2", 7])
    wb.save(path)
    # put a cached result (99) into the formula cell, as Excel would when saving
    with zipfile.ZipFile(path) as zin:
        parts = {n: zin.read(n) for n in zin.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    xml = parts[sheet].decode()
    xml, n = re.subn(
        r"(<c r=\"C3\"[^>]*>)<f>C2\*2</f><v\s*/?>(</v>)?", r"\1<f>C2*2</f><v>99</v>", xml
    )
    assert n == 1
    parts[sheet] = xml.encode()
    with zipfile.ZipFile(path, "w") as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    df = load_panel(path)
    assert df.loc[("dalian", 2016), "gdp"] == 99.0
    assert df.loc[("shenyang", 2016), "firms"] == 1200.0


# ------------------------------------------------------------------------------ zone names
@pytest.mark.parametrize(
    ("name", "zone"),
    [
        ("沈阳高新技术产业开发区", "shenyang"),
        ("浑南高新区", "shenyang"),
        ("Shenyang Hi-tech Zone", "shenyang"),
        ("dalian", "dalian"),
        ("大连市", "dalian"),
        ("锦州", "jinzhou"),
        ("葫芦岛市绥中县", "suizhong"),
        ("ＡＮＳＨＡＮ", "anshan"),
    ],
)
def test_zone_spellings(tmp_path, literal, name, zone):
    path = literal.csv(tmp_path / "z.csv", [["高新区", "年份", "GDP（亿元）"], [name, "2016", "1"]])
    assert list(load_panel(path).index) == [(zone, 2016)]


def test_year_spellings(tmp_path, literal):
    path = literal.csv(
        tmp_path / "y.csv",
        [["高新区", "年份", "GDP（亿元）"], ["大连", "2016年", "1"], ["大连", "２０１７", "2"],
         ["大连", "2018.0", "3"], ["大连", "2019年度", "4"]],
    )  # fmt: skip
    assert load_panel(path)["gdp"].to_dict() == {
        ("dalian", 2016): 1.0,
        ("dalian", 2017): 2.0,
        ("dalian", 2018): 3.0,
        ("dalian", 2019): 4.0,
    }


# ---------------------------------------------------------------- nothing dropped silently
def test_unknown_columns_warned_and_listed(tmp_path, literal):
    path = literal.csv(
        tmp_path / "w.csv",
        [
            ["高新区", "年份", "GDP（亿元）", "", "备注栏", "高新技术企业占企业总数比例（%）"],
            ["大连", "2016", "1", "x", "估计", "40"],
        ],
    )
    with pytest.warns(DataWarning) as rec:
        df = load_panel(path)
    msg = str(rec[0].message)
    assert msg.startswith(f"file {str(path)!r}: columns the codebook does not know")
    assert "'备注栏'" in msg and "column D (no header)" in msg
    # a ratio of the plan is a derived measure: reported apart, and said to be recomputed
    derived = str(rec[1].message)
    assert "高新技术企业占企业总数比例（%）" in derived and "derived ratio" in derived
    assert df.attrs["unknown_columns"] == [
        "column D (no header)",
        "备注栏",
        "高新技术企业占企业总数比例（%）",
    ]
    assert issubclass(DataWarning, UserWarning)


def test_total_and_note_rows(tmp_path, literal):
    path = literal.csv(
        tmp_path / "t.csv",
        [
            ["高新区", "年份", "GDP（亿元）"],
            ["大连", "2016", "1"],
            ["合计", "2016", "99"],
            ["全省", "2016", "99"],
            ["注：数据来源于火炬统计"],
        ],
    )
    with pytest.warns(DataWarning, match=r"total rows were not loaded: row 3 \('合计'\), row 4"):
        df = load_panel(path)
    assert list(df.index) == [("dalian", 2016)]
    assert [(s["row"], s["zone"]) for s in df.attrs["skipped_rows"]] == [(3, "合计"), (4, "全省")]
    assert df.attrs["notes"] == ["注：数据来源于火炬统计"]


def test_blank_rows_and_trailing_columns_ignored(tmp_path, literal):
    path = literal.csv(
        tmp_path / "b.csv",
        [
            ["高新区", "年份", "GDP（亿元）", ""],
            ["大连", "2016", "1", ""],
            ["", "", "", ""],
            ["沈阳", "2016", "2"],
        ],
    )
    df = load_panel(path)
    assert len(df) == 2
    assert df.attrs["unknown_columns"] == []


def test_all_nan_rows_are_kept(tmp_path, literal):
    path = literal.csv(
        tmp_path / "n.csv", [["高新区", "年份", "GDP（亿元）"], ["大连", "2016", "—"]]
    )
    df = load_panel(path)
    assert list(df.index) == [("dalian", 2016)] and df.isna().all().all()
    assert df.attrs["missing_indicators"] == CODES


# ------------------------------------------------------------------------------ provenance
def test_provenance_and_file_untouched(tmp_path, writers, small_panel):
    path = writers.xlsx(tmp_path / "p.xlsx", small_panel, units=STATED)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    listing = sorted(p.name for p in tmp_path.iterdir())
    df = load_panel(str(path))
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listing  # nothing written
    a = df.attrs
    assert a["source"] == str(path)
    assert a["sha256"] == hashlib.sha256(before[0]).hexdigest()
    assert a["synthetic"] is False
    assert a["missing_indicators"] == [c for c in CODES if c not in small_panel.columns]
    assert load_panel(path).attrs["source"] == str(path)  # a Path is recorded as its str


def test_relative_path_recorded_as_given(tmp_path, writers, small_panel, monkeypatch):
    writers.csv(tmp_path / "p.csv", small_panel, units=STATED)
    monkeypatch.chdir(tmp_path)
    assert load_panel("p.csv").attrs["source"] == "p.csv"


def test_no_path_returns_demo_panel(monkeypatch):
    sentinel = pd.DataFrame()
    import gxq_analysis.ingest.sources.load as loader

    monkeypatch.setattr(loader, "load_demo_panel", lambda: sentinel)
    assert load_panel() is sentinel
    with pytest.raises(OptionError, match="sheet"):
        load_panel(sheet="2016")


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "10"])
def test_max_bytes_option(tmp_path, writers, small_panel, bad):
    path = writers.csv(tmp_path / "p.csv", small_panel)
    with pytest.raises(OptionError, match="max_bytes"):
        load_panel(path, max_bytes=bad)


def test_bad_path_and_sheet_options(tmp_path, writers, small_panel):
    path = writers.csv(tmp_path / "p.csv", small_panel)
    with pytest.raises(OptionError, match="path"):
        load_panel(123)
    with pytest.raises(OptionError, match=r"only to \.xlsx"):
        load_panel(path, sheet="2016")
    with pytest.raises(OptionError, match="sheet"):
        load_panel(path, sheet=[1])


def test_demo_csv_through_the_loader_equals_demo_panel():
    """Integration: the shipped demo CSV read as an evaluator's file gives the demo panel's
    values exactly (an independent reader of the same file)."""
    from gxq_analysis import config

    if not config.DEMO_PANEL_CSV.is_file():
        pytest.skip("demo panel not generated yet")
    demo = load_panel()
    loaded = load_panel(config.DEMO_PANEL_CSV)
    pd.testing.assert_frame_equal(loaded, demo, rtol=0, atol=0, check_flags=False)
    # the demo file is recognized by its sha256 wherever it is read from (schema.attach_provenance)
    assert loaded.attrs["synthetic"] is True
    assert loaded.attrs["assumed_units"] == {}  # the package's own format: codes define units
    assert demo.attrs["synthetic"] is True


def test_public_api_mapping():
    import gxq_analysis

    assert gxq_analysis.load_panel is load_panel
    assert Path(sys.modules["gxq_analysis.ingest.sources.load"].__file__).name == "load.py"


# ---------------------------------------------------------------------- table units by kind
def test_table_unit_applies_only_to_its_kind(tmp_path, literal):
    """``单位：万元`` scales money columns only; counts and persons keep their own units."""
    path = literal.xlsx(
        tmp_path / "u.xlsx",
        {
            "2016": [
                ["单位：万元"],
                ["园区", "营业收入", "企业数", "R&D人员"],
                ["大连", 12_345, 5, 3],
            ]
        },
    )
    df = load_panel(path)
    assert df.loc[("dalian", 2016), "revenue"] == pytest.approx(1.2345, rel=RTOL)
    assert df.loc[("dalian", 2016), "firms"] == 5.0
    assert df.loc[("dalian", 2016), "rd_personnel"] == 3.0
    assert df.attrs["units"] == {"revenue": "万元", "firms": "个", "rd_personnel": "人"}
    assert df.attrs["assumed_units"] == {}


def test_table_unit_list_applies_each_unit_to_its_kind(tmp_path, literal):
    path = literal.xlsx(
        tmp_path / "u.xlsx",
        {
            "2016": [
                ["单位：万元，万人"],
                ["园区", "营业收入", "从业人员", "企业数"],
                ["大连", 2, 3, 4],
            ]
        },
    )
    df = load_panel(path)
    assert df.loc[("dalian", 2016), "revenue"] == pytest.approx(2e-4, rel=RTOL)
    assert df.loc[("dalian", 2016), "employees"] == 30_000.0
    assert df.loc[("dalian", 2016), "firms"] == 4.0


# ------------------------------------------------------------------- assumed (unstated) units
def test_money_columns_without_unit_are_warned_and_recorded(tmp_path, literal):
    path = literal.csv(
        tmp_path / "a.csv",
        [
            ["高新区", "年份", "营业收入", "GDP", "出口总额（万元）", "企业数", "从业人员"],
            ["大连", "2016", "100", "2", "5", "7", "9"],
        ],
    )
    with pytest.warns(DataWarning) as rec:
        df = load_panel(path)
    assert len(rec) == 1
    msg = str(rec[0].message)
    assert msg.startswith(f"file {str(path)!r}: ")
    assert "'营业收入' (revenue)" in msg and "'GDP' (gdp)" in msg and "assumed 亿元" in msg
    assert "出口" not in msg and "企业数" not in msg and "从业人员" not in msg
    assert df.attrs["assumed_units"] == {"gdp": "亿元", "revenue": "亿元"}
    # the assumption itself is unchanged: the value is read in the codebook's unit
    assert df.loc[("dalian", 2016), "revenue"] == 100.0


def test_assumed_units_per_sheet_listed_once(tmp_path, literal):
    path = literal.xlsx(
        tmp_path / "a.xlsx",
        {
            "2016": [["高新区", "营业收入"], ["大连", 1]],
            "2017": [["高新区", "营业收入"], ["大连", 2]],
            "2018": [["高新区", "营业收入（万元）"], ["大连", 3]],
        },
    )
    with pytest.warns(DataWarning, match="assumed 亿元") as rec:
        df = load_panel(path)
    assert len(rec) == 1
    assert "sheets '2016', '2017'" in str(rec[0].message)
    assert df.attrs["assumed_units"] == {"revenue": "亿元"}


def test_canonical_panel_format_assumes_nothing(tmp_path, small_panel):
    """``zone, year, <codes>`` is the package's own format: codes carry the codebook units."""
    path = tmp_path / "c.csv"
    small_panel.reset_index().to_csv(path, index=False)
    df = load_panel(path)  # no warning (warnings from gxq_analysis are errors here)
    assert df.attrs["assumed_units"] == {}
    # the same codes under evaluator-style zone/year headers are not the canonical format
    text = path.read_text(encoding="utf-8").replace("zone,year,", "高新区,年份,", 1)
    (tmp_path / "e.csv").write_text(text, encoding="utf-8")
    with pytest.warns(DataWarning, match=r"'revenue' \(revenue\).*assumed 亿元"):
        assert load_panel(tmp_path / "e.csv").attrs["assumed_units"] == {"revenue": "亿元"}


def test_validate_summary_shows_assumed_units(tmp_path, literal, capsys):
    from gxq_analysis.cli import main

    path = literal.csv(tmp_path / "v.csv", [["高新区", "年份", "营业收入"], ["大连", 2016, 5]])
    assert main(["validate", str(path), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "unit not stated, assumed the codebook's: Operating revenue 亿元" in out
    assert main(["validate", str(path)]) == 0
    assert "未注明单位，按代码表单位读入：营业收入 亿元" in capsys.readouterr().out


# ----------------------------------------------------------------------------- hidden sheets
def test_hidden_sheets_are_loaded_and_reported(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "2016"
    wb["2016"].append(["高新区", "专利授权数（件）"])
    wb["2016"].append(["大连", 5])
    old = wb.create_sheet("2015")
    old.append(["高新区", "专利授权数（件）"])
    old.append(["大连", 4])
    old.sheet_state = "hidden"
    very = wb.create_sheet("2014")
    very.append(["高新区", "专利授权数（件）"])
    very.append(["大连", 3])
    very.sheet_state = "veryHidden"
    path = tmp_path / "h.xlsx"
    wb.save(path)
    with pytest.warns(DataWarning, match=r"hidden sheets.*'2015', '2014'") as rec:
        df = load_panel(path)
    assert len(rec) == 1
    assert df["patents"].to_dict() == {
        ("dalian", 2014): 3.0,
        ("dalian", 2015): 4.0,
        ("dalian", 2016): 5.0,
    }
    assert df.attrs["hidden_sheets"] == ["2015", "2014"]
    # a visible-only workbook records none
    only = load_panel(path, sheet="2016")
    assert only.attrs["hidden_sheets"] == []


# ------------------------------------------------------------------ demo files written atomically
def _fake_render(tag: bytes):
    from gxq_analysis import config

    return lambda seed=0: {
        config.DEMO_PANEL_CSV.name: b"csv " + tag,
        config.DEMO_META_JSON.name: b"meta " + tag,
        "README.md": b"readme " + tag,
    }


def test_demo_files_replace_atomically_csv_first_meta_last(tmp_path, monkeypatch):
    import os

    from gxq_analysis import config
    from gxq_analysis.ingest import demo

    monkeypatch.setattr(demo, "_render", _fake_render(b"new"))
    replaced = []
    real = os.replace

    def spy(src, dst):
        assert Path(src).parent == Path(dst).parent == tmp_path  # temporary in the same dir
        assert Path(src).read_bytes().endswith(b"new")  # complete before it is renamed
        replaced.append(Path(dst).name)
        real(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    paths = demo.write_demo_files(tmp_path)
    csv_name, meta_name = config.DEMO_PANEL_CSV.name, config.DEMO_META_JSON.name
    assert replaced == [csv_name, "README.md", meta_name]
    assert [p.name for p in paths] == replaced
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(replaced)  # no temporaries left
    assert (tmp_path / meta_name).read_bytes() == b"meta new"


def test_interrupted_demo_write_leaves_old_files_whole(tmp_path, monkeypatch):
    import os

    from gxq_analysis import config
    from gxq_analysis.ingest import demo

    monkeypatch.setattr(demo, "_render", _fake_render(b"old"))
    demo.write_demo_files(tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    monkeypatch.setattr(demo, "_render", _fake_render(b"new"))

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        demo.write_demo_files(tmp_path)
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert after == before  # old CSV and meta intact and consistent; no temporaries
    assert after[config.DEMO_PANEL_CSV.name] == b"csv old"
