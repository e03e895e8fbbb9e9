"""Yearbook tables as printed (issue 10): one generated fixture and test per trait, in .xlsx
and legacy .xls, and ``gxq validate`` on each (interpretation printed, or exit 2 located).

Reference values are the fixtures' own numbers divided by the unit factors written beside them
(万元 -> 亿元: / 10,000; 千元: / 100,000; 万人 -> 人: × 10,000).
"""

from __future__ import annotations

import math
import re
import warnings

import openpyxl.utils as xu
import pytest
import yearbook_fixtures as F

from gxq_analysis import DataError, load_panel
from gxq_analysis.cli import main


def _xls_merges(merges):
    out = {}
    for sheet, ranges in (merges or {}).items():
        out[sheet] = []
        for rng in ranges:
            (c1, r1), (c2, r2) = (xu.cell.coordinate_from_string(x) for x in rng.split(":"))
            out[sheet].append(
                (r1 - 1, r2 - 1, xu.column_index_from_string(c1) - 1,
                 xu.column_index_from_string(c2) - 1)
            )  # fmt: skip
    return out


def build(tmp_path, ext, fixture):
    """Write a fixture generator's sheets as ``ext``; return (path, expected values)."""
    made = fixture()
    sheets, expect = made[0], made[1]
    merges = made[2] if len(made) > 2 else None
    path = tmp_path / f"{fixture.__name__}.{ext}"
    if ext == "xlsx":
        F.write_xlsx(path, sheets, merges)
    else:
        F.write_xls(path, sheets, _xls_merges(merges))
    return path, expect


def load_quiet(path, **kw):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = load_panel(path, **kw)
    return df, [str(w.message) for w in caught]


def check_values(df, expect):
    for (zone, year, code), value in expect.items():
        assert math.isclose(df.loc[(zone, year), code], value, rel_tol=1e-12), (zone, year, code)


EXT = pytest.mark.parametrize("ext", ["xlsx", "xls"])


def reading(df, sheet):
    return next(r for r in df.attrs["readings"] if r["sheet"] == sheet)


@EXT
def test_trait01_title_unit_line_footnotes_source(tmp_path, ext):
    path, expect = build(tmp_path, ext, F.title_unit_footnotes)
    df, _ = load_quiet(path)
    check_values(df, expect)
    r = reading(df, "3-12")
    reasons = {s["row"]: s["reason"] for s in r["skipped"]}
    assert reasons == {1: "title", 3: "unit_line", 7: "note", 8: "note", 9: "source"}
    assert r["units"][0] == {"source": "unit_line", "row": 3, "unit": "万元"}
    assert any("2. 营业收入含技术收入" in n for n in df.attrs["notes"])


@EXT
def test_trait02_two_row_header_units_row(tmp_path, ext):
    path, expect = build(tmp_path, ext, F.two_row_header)
    df, messages = load_quiet(path)
    check_values(df, expect)  # revenue 20000 万元 = 2 亿元, not 20000 亿元
    r = reading(df, "2016")
    assert r["header_rows"] == [2, 3] and r["units"][0]["source"] == "units_row"
    assert not any("without a unit" in m for m in messages)


@EXT
def test_trait03_bilingual_header_and_thousand_yuan(tmp_path, ext):
    path, expect = build(tmp_path, ext, F.bilingual_header)
    df, _ = load_quiet(path)
    check_values(df, expect)
    assert math.isnan(df.loc[("dalian", 2016), "exports"])  # "/" = not collected
    assert reading(df, "3-12")["year_from"] == ("title", 2016)


@EXT
def test_trait04_sheet_per_indicator(tmp_path, ext):
    path, expect = build(tmp_path, ext, F.per_indicator)
    df, _ = load_quiet(path)
    check_values(df, expect)
    assert df.attrs["layout"] == "sheet_per_indicator"
    assert math.isnan(df.loc[("dalian", 2017), "revenue"])
    assert math.isnan(df.loc[("dalian", 2016), "employees"])
    assert reading(df, "营业收入（亿元）")["indicator_from"] == ("sheet_name", "revenue")


@EXT
def test_trait05_sheet_per_zone_city_yearbook(tmp_path, ext):
    path, expect = build(tmp_path, ext, F.per_zone)
    df, _ = load_quiet(path)
    check_values(df, expect)
    assert df.attrs["layout"] == "sheet_per_zone"
    assert reading(df, "表7-3")["zone_from"] == ("title", "suizhong")
    assert reading(df, "沈阳")["zone_from"] == ("sheet_name", "shenyang")
    assert "万人 (sheets '沈阳')" in df.attrs["units"]["employees"]


@EXT
def test_trait06_totals_skipped_and_checked(tmp_path, ext):
    path, expect = build(tmp_path, ext, F.with_totals)
    with pytest.warns(UserWarning, match="total rows were not loaded"):
        df = load_panel(path)
    check_values(df, expect)
    totals = {t["row"]: t["status"] for t in reading(df, "2016")["totals"]}
    assert totals == {4: "members_missing", 5: "ok", 14: "ok"}
    assert len(df) == 8


@EXT
def test_trait06_total_contradicting_members_is_refused(tmp_path, ext):
    path, _ = build(tmp_path, ext, lambda: F.with_totals(bad=True))
    with pytest.raises(DataError, match=r"members sum to 63\.75") as exc:
        load_panel(path)
    assert (exc.value.sheet, exc.value.row) == ("2016", 5)
    assert exc.value.column.startswith("column B")


@EXT
def test_trait07_continued_table(tmp_path, ext):
    path, expect = build(tmp_path, ext, F.continued)
    df, _ = load_quiet(path)
    check_values(df, expect)
    reasons = [(s["row"], s["reason"]) for s in reading(df, "3-12")["skipped"]]
    assert (7, "continued") in reasons and (8, "unit_line") in reasons
    assert (9, "repeated_header") in reasons
    assert len(df) == 4


@EXT
def test_trait08_markers_missing_and_of_which(tmp_path, ext):
    path, expect = build(tmp_path, ext, F.markers)
    df, _ = load_quiet(path)
    check_values(df, expect)
    assert math.isnan(df.loc[("benxi", 2016), "service_revenue"])  # "/"
    assert math.isnan(df.loc[("yingkou", 2016), "revenue"])  # blank


@EXT
def test_trait09_year_only_in_title(tmp_path, ext):
    path, expect = build(tmp_path, ext, F.year_in_title)
    df, _ = load_quiet(path)
    check_values(df, expect)
    assert reading(df, "3-12")["year_from"] == ("title", 2016)


@EXT
def test_trait10_names_as_printed(tmp_path, ext):
    path, expect = build(tmp_path, ext, F.names_as_printed)
    df, _ = load_quiet(path)
    check_values(df, expect)


@EXT
def test_trait11_zone_merged_down_year_rows(tmp_path, ext):
    path, expect = build(tmp_path, ext, F.merged_zones)
    df, _ = load_quiet(path)
    check_values(df, expect)
    assert len(df) == 5


def test_trait11_blank_zone_not_merged_still_refused(tmp_path):
    sheets, _, _ = F.merged_zones()
    path = F.write_xlsx(tmp_path / "m.xlsx", sheets)  # same cells, no merge
    with pytest.raises(DataError, match="zone cell is empty") as exc:
        load_panel(path)
    assert exc.value.row == 3


def test_trait12_xls_read_like_xlsx(tmp_path):
    a, _ = build(tmp_path, "xlsx", F.per_zone)
    b, _ = build(tmp_path, "xls", F.per_zone)
    da, db = load_quiet(a)[0], load_quiet(b)[0]
    assert da.attrs["format"] == "xlsx" and db.attrs["format"] == "xls"
    assert da.equals(db)


def test_trait12_xls_size_limit_and_fake_xls(tmp_path):
    path, _ = build(tmp_path, "xls", F.per_zone)
    with pytest.raises(DataError, match="above the limit"):
        load_panel(path, max_bytes=1000)
    fake = tmp_path / "fake.xls"
    fake.write_text("高新区,年份\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"not a legacy Excel workbook \(\.xls\)"):
        load_panel(fake)


# ------------------------------------------------------------------ trait 13: still refused
def _bad_two_years(tmp_path):
    return F.write_xlsx(
        tmp_path / "b.xlsx", {"营业收入（亿元）": [["地区", "2015", "2016-2017"], ["沈阳", 1, 2]]}
    ), ("营业收入（亿元）", 1, "column C", "names two years")


def _bad_jinzhou(tmp_path):
    rows = [["单位：万元"], ["高新区", "年份", "营业收入"], ["金州", 2016, 1]]
    return F.write_xlsx(tmp_path / "b.xlsx", {"data": rows}), (
        "data",
        3,
        "高新区",
        "金州 (Jinzhou District) is part of Dalian",
    )


def _bad_csv_as_xlsx(tmp_path):
    p = tmp_path / "b.xlsx"
    p.write_text("高新区,年份,营业收入\n沈阳,2016,1\n", encoding="utf-8")
    return p, (None, None, None, "not an Excel workbook")


def _bad_formula(tmp_path):
    rows = [["高新区", "年份", "营业收入（亿元）"], ["沈阳", 2016, "=1+1"]]
    return F.write_xlsx(tmp_path / "b.xlsx", {"data": rows}), (
        "data",
        2,
        "营业收入（亿元）",
        "without a stored result",
    )


def _bad_currency(tmp_path):
    rows = [["地区", "营业收入"], [None, "千美元"], ["沈阳", 1]]
    return F.write_xlsx(tmp_path / "b.xlsx", {"2016": rows}), (
        "2016",
        1,
        "营业收入",
        "foreign currency",
    )


def _bad_total(tmp_path):
    path, _ = build(tmp_path, "xlsx", lambda: F.with_totals(bad=True))
    return path, ("2016", 5, "column B (revenue)", "exceeds rounding")


def _bad_two_units(tmp_path):
    rows = [["单位：万元"], ["地区", "营业收入"], [None, "千元"], ["沈阳", 1]]
    return F.write_xlsx(tmp_path / "b.xlsx", {"2016": rows}), (
        "2016",
        3,
        "营业收入",
        "two units for one column",
    )


BAD = [_bad_two_years, _bad_jinzhou, _bad_csv_as_xlsx, _bad_formula, _bad_currency,
       _bad_total, _bad_two_units]  # fmt: skip


@pytest.mark.parametrize("make", BAD, ids=lambda f: f.__name__[5:])
def test_trait13_refused_with_location(tmp_path, make):
    path, (sheet, row, column, reason) = make(tmp_path)
    with pytest.raises(DataError) as exc:
        load_panel(path)
    err = exc.value
    assert (err.sheet, err.row, err.column) == (sheet, row, column)
    assert reason in str(err) and str(path) in str(err)


@pytest.mark.parametrize("make", BAD, ids=lambda f: f.__name__[5:])
def test_trait13_cli_exit_2_located_no_traceback(tmp_path, make, capsys):
    path, (sheet, row, _, reason) = make(tmp_path)
    assert main(["validate", str(path)]) == 2  # Chinese by default: place and reason in Chinese
    zh = capsys.readouterr().err
    assert zh.startswith("gxq validate：错误：") and f"文件“{path}”" in zh
    if sheet is not None:
        assert f"工作表“{sheet}”，第{row}行" in zh
    assert not re.search(r"\b(the|is|of|row|sheet|column)\b", zh.replace(str(path), ""))
    assert main(["validate", str(path), "--lang", "en"]) == 2
    cap = capsys.readouterr()
    assert cap.out == "" and "Traceback" not in cap.err
    lines = cap.err.strip().splitlines()
    if len(lines) == 1:
        assert cap.err.startswith(f"gxq validate: error: file {str(path)!r}")
    else:  # every problem of the file at once, each on its own line with its place
        assert lines[0].startswith("gxq validate: error: ") and "problems found" in lines[0]
        assert all(f"file {str(path)!r}" in ln for ln in lines[1:])
    assert reason in cap.err
    if sheet is not None:
        assert f"sheet {sheet!r}, row {row}" in cap.err


# ------------------------------------------------------------------ gxq validate on each
GOOD = [F.title_unit_footnotes, F.two_row_header, F.bilingual_header, F.per_indicator,
        F.per_zone, F.with_totals, F.continued, F.markers, F.year_in_title,
        F.names_as_printed, F.merged_zones]  # fmt: skip


@pytest.mark.parametrize("fixture", GOOD, ids=lambda f: f.__name__)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cli_validate_prints_interpretation(tmp_path, fixture, lang, capsys):
    path, _ = build(tmp_path, "xls" if fixture is F.per_zone else "xlsx", fixture)
    assert main(["validate", str(path), "--lang", lang]) == 0
    out = capsys.readouterr().out
    head = {"zh": ("各工作表的读法", "表头行"), "en": ("how each sheet was read", "header rows")}
    assert all(h in out for h in head[lang])
    if lang == "zh":  # the section this issue adds (the loader's warnings predate it)
        section = out.split("各工作表的读法", 1)[1].split("覆盖：", 1)[0]
        for english in ("header rows", "rows skipped", "totals checked", "from the", "sheet "):
            assert english not in section


def test_cli_validate_reports_totals_and_skips(tmp_path, capsys):
    path, _ = build(tmp_path, "xlsx", F.with_totals)
    assert main(["validate", str(path), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "row 14 国家级高新区小计: equals the sum of its members (1 columns)" in out
    assert "row 4 全  省: not checked: members missing from the table" in out
    assert "row 2 unit line: 单位：亿元" in out


# ------------------------------------------------------------------ the layout file
def test_layout_file_reads_what_no_rule_can(tmp_path, capsys):
    rows = [["地区", "营业收入"], ["沈阳", 5], ["大连", 6]]  # no year anywhere
    path = F.write_xlsx(tmp_path / "n.xlsx", {"Sheet1": rows})
    with pytest.raises(DataError, match="missing year column"):
        load_panel(path)
    layout = tmp_path / "layout.toml"
    layout.write_text('[sheets."Sheet1"]\nlayout = "per_year"\nyear = 2018\nunit = "万元"\n')
    df, _ = load_quiet(path, layout=layout)
    assert df.loc[("dalian", 2018), "revenue"] == 6 / 10_000
    r = reading(df, "Sheet1")
    assert r["year_from"] == ("mapping", 2018) and r["units"][0]["source"] == "mapping"
    assert main(["validate", str(path), "--layout", str(layout), "--lang", "en"]) == 0
    assert "year 2018 (from the layout file)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ('[sheets."Sheet1"]\nlayout = "wide"\n', "allowed: long, per_year, per_indicator"),
        ('[sheets."Sheet1"]\ncolour = 1\n', "unknown key; allowed keys: layout, header_rows"),
        ('[sheets."Nope"]\nyear = 2016\n', "no such sheet"),
        ('[sheets."Sheet1"]\nheader_rows = [3, 7]\n', "adjacent ones"),
        ('[sheets."Sheet1"]\nyear = "2016"\n', "expected a year"),
        ("sheets = 3 = 4\n", "not valid TOML"),
    ],
)
def test_bad_layout_file_is_located(tmp_path, text, expect, capsys):
    path = F.write_xlsx(tmp_path / "n.xlsx", {"Sheet1": [["地区", "营业收入"], ["沈阳", 5]]})
    layout = tmp_path / "layout.toml"
    layout.write_text(text)
    with pytest.raises(DataError, match=expect) as exc:
        load_panel(path, layout=layout)
    assert str(layout) in str(exc.value)
    assert main(["validate", str(path), "--layout", str(layout)]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_per_indicator_without_indicator_name_is_refused(tmp_path):
    path = F.write_xlsx(tmp_path / "w.xlsx", {"Sheet1": [["地区", "2015", "2016"], ["沈阳", 1, 2]]})
    with pytest.raises(DataError, match="names an indicator") as exc:
        load_panel(path)
    assert exc.value.sheet == "Sheet1"


def test_per_zone_title_naming_two_zones_is_refused(tmp_path):
    rows = [["沈阳、大连高新区主要指标"], ["指标", "计量单位", "2016年"], ["营业收入", "亿元", 1]]
    path = F.write_xlsx(tmp_path / "z.xlsx", {"表1": rows})
    with pytest.raises(DataError, match="several zones"):
        load_panel(path)
