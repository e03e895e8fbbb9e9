"""Every way an evaluator's file can be wrong stops with a DataError naming where.

Each test checks the error's ``file``, ``sheet``, ``row`` (as the spreadsheet shows it, header
= row 1) and ``column`` (the header as written) attributes, and what the message says was
expected. The CLI tests run ``gxq validate`` through ``gxq_analysis.cli.main``.
"""

from __future__ import annotations

import datetime
import warnings
import zipfile

import numpy as np
import openpyxl
import pytest

from gxq_analysis import DataError, load_panel
from gxq_analysis.cli import main
from gxq_analysis.ingest.readers import UNZIP_RATIO
from gxq_analysis.ingest.validate import validation_report

# an unexpected DataWarning (attributed to this module by stacklevel=2) fails the test
pytestmark = pytest.mark.filterwarnings("error::gxq_analysis.ingest.sources.load.DataWarning")


def error_of(path, **kw) -> DataError:
    with pytest.raises(DataError) as info:
        load_panel(path, **kw)
    err = info.value
    assert isinstance(err, ValueError)
    assert err.file == str(path)
    assert str(err).startswith(f"file {str(path)!r}")
    return err


def where(err: DataError) -> tuple:
    return err.sheet, err.row, err.column


HEAD = ["高新区", "年份", "营业收入（万元）", "从业人员（人）"]


# ---------------------------------------------------------------------------- zones, years
def test_unresolvable_zone_with_suggestions(tmp_path, literal):
    path = literal.csv(tmp_path / "z.csv", [HEAD, ["大连", 2016, 1, 1], ["沈杨高新区", 2016, 1, 1]])
    err = error_of(path)
    assert where(err) == (None, 3, "高新区")
    assert "unknown zone '沈杨高新区'" in str(err) and "did you mean" in str(err)
    assert "shenyang" in str(err)


def test_false_friend_jinzhou_district(tmp_path, literal):
    path = literal.xlsx(
        tmp_path / "z.xlsx", {"2017年": [["园区", "GDP"], ["锦州", 1], ["金州", 2]]}
    )
    err = error_of(path)
    assert where(err) == ("2017年", 3, "园区")
    assert "Dalian" in str(err)


def test_zone_cell_empty_but_row_has_values(tmp_path, literal):
    path = literal.xlsx(
        tmp_path / "m.xlsx",
        {"data": [["高新区", "年份", "GDP"], ["大连", 2016, 1], [None, 2017, 2]]},
    )
    err = error_of(path)
    assert where(err) == ("data", 3, "高新区")
    assert "zone cell is empty" in str(err) and "merged" in str(err)


@pytest.mark.parametrize(
    ("first", "second", "row2"),
    [("大连", "大连", 3), ("大连", "Dalian Hi-tech Zone", 3), ("大连", "大连高新区", 4)],
)
def test_duplicate_zone_year(tmp_path, literal, first, second, row2):
    rows = [HEAD, [first, 2016, 1, 1]]
    if row2 == 4:
        rows.append(["沈阳", 2016, 1, 1])
    rows.append([second, "2016年", 2, 2])
    err = error_of(literal.csv(tmp_path / "d.csv", rows))
    assert where(err) == (None, row2, "高新区")
    assert "duplicate zone-year (dalian, 2016)" in str(err) and "row 2" in str(err)


def test_duplicate_across_sheets(tmp_path, literal):
    # two tables giving one value: equal within rounding -> kept once, both places remembered;
    # different -> refused, both places named (issue 19)
    same = literal.xlsx(
        tmp_path / "same.xlsx",
        {
            "2016": [["高新区", "GDP（亿元）"], ["大连", 1.0]],
            "long": [["zone", "year", "GDP（亿元）"], ["Dalian", 2016, 1]],
        },
    )
    df = load_panel(same)
    assert df.loc[("dalian", 2016), "gdp"] == 1
    path = literal.xlsx(
        tmp_path / "d.xlsx",
        {
            "2016": [["高新区", "GDP（亿元）"], ["大连", 1]],
            "long": [["zone", "year", "GDP（亿元）"], ["Dalian", 2016, 2]],
        },
    )
    err = error_of(path)
    assert "disagree on gdp of (dalian, 2016)" in str(err)
    assert "2016!B2" in str(err) and "long!C2" in str(err)


@pytest.mark.parametrize("year", ["1985", "2036", "2099年"])
def test_year_out_of_range(tmp_path, literal, year):
    err = error_of(literal.csv(tmp_path / "y.csv", [HEAD, ["大连", year, 1, 1]]))
    assert where(err) == (None, 2, "年份")
    assert "outside the plausible range 1990–2035" in str(err)


def test_sheet_year_out_of_range(tmp_path, literal):
    err = error_of(literal.xlsx(tmp_path / "y.xlsx", {"1985": [["高新区", "GDP"], ["大连", 1]]}))
    assert err.sheet == "1985" and "sheet name gives year 1985" in str(err)


@pytest.mark.parametrize("year", ["二〇一六", "16", "2016-17", "", "2016.5"])
def test_year_not_a_year(tmp_path, literal, year):
    err = error_of(literal.csv(tmp_path / "y.csv", [HEAD, ["大连", year, 1, 1]]))
    assert where(err) == (None, 2, "年份")
    assert "expected a year such as 2016" in str(err) or "year cell is empty" in str(err)


def test_a_mid_year_date_is_not_a_year(tmp_path, literal):
    path = literal.xlsx(
        tmp_path / "d.xlsx",
        {"s": [["高新区", "年份", "GDP"], ["大连", datetime.date(2016, 6, 30), 1]]},
    )
    err = error_of(path)
    assert where(err) == ("s", 2, "年份") and "format the column as a number" in str(err)
    assert "1 January or 31 December" in str(err)


@pytest.mark.parametrize(
    "stamp",
    [datetime.date(2016, 1, 1), datetime.datetime(2016, 12, 31), datetime.datetime(2016, 1, 1)],
)
def test_a_year_formatted_as_a_date_is_its_year(tmp_path, literal, stamp):
    """A column of years formatted ``yyyy`` (a date underneath) or annual data stamped at the
    start or end of the year, in a year column and as column headers."""
    path = literal.xlsx(
        tmp_path / "d.xlsx",
        {"s": [["高新区", "年份", "地区生产总值（亿元）"], ["大连", stamp, 7]]},
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df = load_panel(path)
    assert df.loc[("dalian", 2016), "gdp"] == 7
    wide = literal.xlsx(
        tmp_path / "w.xlsx",
        {"地区生产总值": [["单位：亿元"], ["高新区", stamp], ["大连", 7], ["沈阳", 9]]},
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df = load_panel(wide)
    assert df.loc[("shenyang", 2016), "gdp"] == 9


def test_year_in_sheet_and_column_disagree(tmp_path, literal):
    path = literal.xlsx(
        tmp_path / "d.xlsx", {"2016": [["高新区", "年份", "GDP"], ["大连", 2017, 1]]}
    )
    err = error_of(path)
    assert where(err) == ("2016", 2, "年份") and "year 2017 in a sheet named for 2016" in str(err)


# ---------------------------------------------------------------------------------- values
@pytest.mark.parametrize(
    ("cell", "expect"),
    [
        ("约100", "found text '约100'"),
        ("12.5%", "found a percentage '12.5%'"),
        ("1.2.3", "found text"),
        ("1_000", "found text"),
        ("inf", "found text"),
        ("#DIV/0!", "found text"),
        ("100万", "found text"),
        ("1e400", "too large"),
    ],
)
def test_text_where_number_belongs(tmp_path, literal, cell, expect):
    err = error_of(
        literal.csv(tmp_path / "t.csv", [HEAD, ["大连", 2016, 1, 1], ["沈阳", 2016, cell, 1]])
    )
    assert where(err) == (None, 3, "营业收入（万元）")
    assert expect in str(err) and "expected a number in 万元" in str(err)


@pytest.mark.parametrize(
    ("value", "fmt", "expect"),
    [(True, None, "logical value"), (0.5, "0.0%", "percentage (50%)"), ("abc", None, "text")],
)
def test_xlsx_non_numbers(tmp_path, value, fmt, expect):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2018年"
    ws.append(["高新区", "企业数（家）"])
    ws.append(["本溪", value])
    if fmt:
        ws["B2"].number_format = fmt
    wb.save(tmp_path / "x.xlsx")
    err = error_of(tmp_path / "x.xlsx")
    assert where(err) == ("2018年", 2, "企业数（家）") and expect in str(err)


def test_formula_without_cached_result(tmp_path, literal):
    path = literal.xlsx(
        tmp_path / "f.xlsx", {"2016": [["高新区", "GDP"], ["大连", 1], ["沈阳", "=B2*2"]]}
    )
    err = error_of(path)
    assert where(err) == ("2016", 3, "GDP")
    assert "'=B2*2'" in str(err) and "never evaluated" in str(err)


def test_conversion_overflow(tmp_path, literal):
    rows = [["高新区", "年份", "从业人员（万人）"], ["大连", 2016, "1e305"]]
    err = error_of(literal.csv(tmp_path / "o.csv", rows))
    assert where(err) == (None, 2, "从业人员（万人）") and "overflows" in str(err)


def test_negative_value(tmp_path, literal):
    err = error_of(literal.csv(tmp_path / "n.csv", [HEAD, ["大连", 2016, 1, "-5"]]))
    assert where(err) == (None, 2, "从业人员（人）")
    assert "negative value '-5'" in str(err) and "employees" in str(err)


# ------------------------------------------------------------------------- columns, units
def test_missing_zone_column_csv(tmp_path, literal):
    err = error_of(literal.csv(tmp_path / "c.csv", [["城市", "年份", "GDP"], ["大连", 2016, 1]]))
    assert where(err) == (None, 1, None) and "missing zone column" in str(err)
    assert "高新区" in str(err)  # lists the accepted headers


def test_missing_zone_column_xlsx_data_sheet(tmp_path, literal):
    err = error_of(literal.xlsx(tmp_path / "c.xlsx", {"2016": [["城市", "GDP"], ["大连", 1]]}))
    assert where(err) == ("2016", 1, None) and "missing zone column" in str(err)


def test_missing_year_column(tmp_path, literal):
    err = error_of(literal.csv(tmp_path / "c.csv", [["高新区", "GDP"], ["大连", 1]]))
    assert where(err) == (None, 1, None) and "missing year column" in str(err)
    assert "年份" in str(err)
    err = error_of(literal.xlsx(tmp_path / "c.xlsx", {"GDP表": [["高新区", "GDP"], ["大连", 1]]}))
    assert where(err) == ("GDP表", 1, None) and "sheet name is not a year" in str(err)
    # years as columns under a sheet named for an indicator: a sheet per indicator (issue 10),
    # read, no longer refused
    wide = literal.xlsx(
        tmp_path / "w.xlsx", {"GDP表": [["高新区", "2015", "2016"], ["大连", 1, 2]]}
    )
    with pytest.warns(UserWarning, match="money columns without a unit"):
        df = load_panel(wide)
    assert df.attrs["layout"] == "sheet_per_indicator"
    assert df.loc[("dalian", 2015), "gdp"] == 1 and df.loc[("dalian", 2016), "gdp"] == 2


@pytest.mark.parametrize(
    ("head", "listed"),
    [
        ("营业收入（万美元）", "元, 千元, 万元, 百万元, 亿元"),
        ("从业人员（万元）", "人, 千人, 万人"),
        ("专利授权数（个）", "件, 千件, 万件"),
        ("孵化面积（亩）", "平方米, 千平方米, 万平方米"),
    ],
)
def test_unconvertible_unit(tmp_path, literal, head, listed):
    err = error_of(literal.csv(tmp_path / "u.csv", [["高新区", "年份", head], ["大连", 2016, 1]]))
    assert where(err) == (None, 1, head)
    assert "cannot be converted" in str(err) and listed in str(err)


def test_two_columns_for_one_indicator(tmp_path, literal):
    rows = [["高新区", "年份", "GDP（亿元）", "地区生产总值（万元）"], ["大连", 2016, 1, 1]]
    err = error_of(literal.csv(tmp_path / "u.csv", rows))
    assert where(err) == (None, 1, "地区生产总值（万元）") and "both hold indicator gdp" in str(err)


def test_two_zone_columns(tmp_path, literal):
    rows = [["高新区", "名称", "年份", "GDP"], ["大连", "大连", 2016, 1]]
    err = error_of(literal.csv(tmp_path / "u.csv", rows))
    assert where(err) == (None, 1, "名称") and "several zone columns" in str(err)


# ------------------------------------------------------------------------------ bad files
def test_empty_files(tmp_path):
    for name, data in (("e.csv", b""), ("w.csv", b"  \r\n\n"), ("e.xlsx", b"")):
        p = tmp_path / name
        p.write_bytes(data)
        assert "the file is empty" in str(error_of(p))


def test_header_only(tmp_path, literal):
    err = error_of(literal.csv(tmp_path / "h.csv", [HEAD]))
    assert "no data rows" in str(err)
    err = error_of(literal.xlsx(tmp_path / "h.xlsx", {"2016": [["高新区", "GDP"]], "Sheet2": []}))
    assert "no data rows" in str(err) and "'2016'" in str(err)


def test_only_total_rows_is_no_data(tmp_path, literal):
    with pytest.raises(DataError, match="no data rows"):
        load_panel(literal.csv(tmp_path / "t.csv", [HEAD, ["合计", 2016, 1, 1]]))


def test_undecodable_and_binary_csv(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_bytes("高新区,年份\n".encode() + b"\xff\xfe\xff\x80\x81,2016\n")
    err = error_of(p)
    assert "neither UTF-8 nor GB18030" in str(err) and "offset" in str(err)
    p.write_bytes(b"\x00\x01\x02binary\x00")
    assert "binary" in str(error_of(p))


def test_unicode_text_utf16_with_its_mark_is_read(tmp_path):
    """Excel's and WPS's "Unicode text" export: UTF-16 with a byte-order mark, tab-separated."""
    p = tmp_path / "unicode.csv"
    text = "高新区\t年份\t营业收入（亿元）\r\n沈阳\t2016\t100\r\n大连\t2016\t200\r\n"
    for codec in ("utf-16", "utf-16-be"):
        data = text.encode(codec)
        p.write_bytes(b"\xfe\xff" + data if codec == "utf-16-be" else data)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            df = load_panel(p)
        assert df.loc[("dalian", 2016), "revenue"] == 200, codec


def test_malformed_csv_quotes(tmp_path):
    p = tmp_path / "q.csv"
    # an unterminated quote would swallow the rest of the file into one cell
    p.write_text('高新区,年份,GDP\n大连,2016,"1\n沈阳,2016,2\n', encoding="utf-8")
    err = error_of(p)
    assert err.row == 2 and "malformed CSV" in str(err)


@pytest.mark.parametrize(
    ("name", "expect"),
    [
        ("p.xlsm", "macro-enabled workbook (.xlsm) is not accepted"),
        # .xls is read since issue 10; text named .xls is refused as not being one
        ("p.xls", "not a legacy Excel workbook (.xls)"),
        ("p.xlsb", "binary Excel workbook (.xlsb)"),
        ("p.ods", "OpenDocument"),
        ("p.txt", "not a spreadsheet"),
        ("p.pdf", "not a spreadsheet"),
        ("p", "extension 'none'"),
    ],
)
def test_refused_formats_list_accepted(tmp_path, name, expect):
    p = tmp_path / name
    p.write_bytes(b"whatever")
    err = error_of(p)
    assert expect in str(err)
    assert ".csv (UTF-8, UTF-8 with BOM, GB18030/GBK) or .xlsx" in str(err)


def test_content_does_not_match_extension(tmp_path, literal, writers, small_panel):
    x = writers.xlsx(tmp_path / "p.xlsx", small_panel)
    as_csv = tmp_path / "p.csv"
    as_csv.write_bytes(x.read_bytes())
    assert "ZIP archive" in str(error_of(as_csv))
    c = writers.csv(tmp_path / "c.csv", small_panel)
    as_xlsx = tmp_path / "c.xlsx"
    as_xlsx.write_bytes(c.read_bytes())
    assert "not an Excel workbook" in str(error_of(as_xlsx))
    ole = tmp_path / "o.xlsx"
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    assert "legacy binary Excel file" in str(error_of(ole))


def _zip(path, parts: dict[str, bytes]):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in parts.items():
            z.writestr(n, d)
    return path


def _parts(xlsx) -> dict[str, bytes]:
    with zipfile.ZipFile(xlsx) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_zip_that_is_not_a_workbook(tmp_path):
    err = error_of(_zip(tmp_path / "a.xlsx", {"readme.txt": b"hi"}))
    assert "[Content_Types].xml missing" in str(err)
    docx_types = (
        b'<Types><Override ContentType="application/vnd.openxmlformats-officedocument.'
        b'wordprocessingml.document.main+xml"/></Types>'
    )
    err = error_of(_zip(tmp_path / "b.xlsx", {"[Content_Types].xml": docx_types}))
    assert "not an Excel workbook" in str(err)


def test_macros_refused_even_when_renamed(tmp_path, writers, small_panel):
    parts = _parts(writers.xlsx(tmp_path / "p.xlsx", small_panel))
    parts["xl/vbaProject.bin"] = b"\x00macro"
    err = error_of(_zip(tmp_path / "m.xlsx", parts))
    assert "contains macros" in str(err) and "never run" in str(err)


def test_dtd_and_entities_refused(tmp_path, writers, small_panel):
    parts = _parts(writers.xlsx(tmp_path / "p.xlsx", small_panel))
    sheet = "xl/worksheets/sheet1.xml"
    bomb = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
    body = parts[sheet]
    body = body.split(b"?>", 1)[1] if body.startswith(b"<?xml") else body
    parts[sheet] = bomb + body
    err = error_of(_zip(tmp_path / "b.xlsx", parts))
    assert "declares a DTD" in str(err) and sheet in str(err)


def test_stdlib_xml_is_defused_after_reading_xlsx(tmp_path, literal):
    import xml.etree.ElementTree as ET

    import defusedxml

    load_panel(
        literal.xlsx(tmp_path / "p.xlsx", {"2016": [["高新区", "GDP（亿元）"], ["大连", 1]]})
    )
    bomb = '<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><x>&b;</x>'
    with pytest.raises(defusedxml.DefusedXmlException):
        ET.fromstring(bomb)


def test_damaged_workbook(tmp_path, writers, small_panel):
    parts = _parts(writers.xlsx(tmp_path / "p.xlsx", small_panel))
    parts["xl/worksheets/sheet1.xml"] = b"<worksheet><sheetData><row><c"
    err = error_of(_zip(tmp_path / "d.xlsx", parts))
    assert "cannot be read" in str(err)
    truncated = tmp_path / "t.xlsx"
    truncated.write_bytes((tmp_path / "p.xlsx").read_bytes()[:300])
    assert "not an Excel workbook" in str(error_of(truncated))


def test_size_limit(tmp_path, writers, small_panel):
    p = writers.csv(tmp_path / "p.csv", small_panel, units={"revenue": "亿元"})
    size = p.stat().st_size
    err = error_of(p, max_bytes=size - 1)
    assert f"{size:,} bytes, above the limit of {size - 1:,}" in str(err)
    assert load_panel(p, max_bytes=size).shape[0] == len(small_panel)


def test_unzip_ratio_limit(tmp_path, literal):
    parts = _parts(
        literal.xlsx(tmp_path / "p.xlsx", {"2016": [["高新区", "GDP（亿元）"], ["大连", 1]]})
    )
    parts["docProps/padding.xml"] = b"<a>" + b" " * 2_000_000 + b"</a>"  # compresses ~1000:1
    p = _zip(tmp_path / "z.xlsx", parts)
    size = p.stat().st_size
    assert UNZIP_RATIO * size < 2_000_000  # the padding alone exceeds the ratio
    err = error_of(p, max_bytes=size)
    assert "unpacks to more than" in str(err)
    assert load_panel(p, max_bytes=size * 200).shape == (1, 20)  # within a looser limit


def test_missing_file_and_directory(tmp_path):
    assert "no such file" in str(error_of(tmp_path / "nope.csv"))
    d = tmp_path / "dir.csv"
    d.mkdir()
    assert "directory" in str(error_of(d))


# ------------------------------------------------------------------------------------- CLI
def test_cli_validate_ok(tmp_path, writers, small_panel, capsys):
    path = writers.xlsx(tmp_path / "p.xlsx", small_panel, layout="per_year")
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "覆盖：3 个高新区 × 2 个年份（2016–2017）× 4 项有数据的指标，共 4 行" in out
    assert "缺少的高新区-年份组合：2 个" in out
    assert "校验通过" in out
    # per-indicator missing counts: revenue is missing once, patents once, the others never
    lines = {ln.split()[0]: ln.split() for ln in out.splitlines() if ln.startswith("  ")}
    assert lines["revenue"][-2:] == ["3", "1"] and lines["rd_personnel"][-2:] == ["4", "0"]


def test_cli_validate_english_with_warnings(tmp_path, literal, capsys):
    path = literal.csv(
        tmp_path / "w.csv",
        [
            ["zone", "year", "GDP (10,000 yuan)", "mystery"],
            ["Dalian", 2016, 5, 1],
            ["total", 2016, 5, 1],
        ],
    )
    assert main(["validate", str(path), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "coverage: 1 zones × 1 years (2016–2016) × 1 indicators with data, 1 rows" in out
    assert "'mystery'" in out and "total rows were not loaded: row 3" in out
    assert "GDP of the zone 10,000 yuan" in out and "validation passed" in out


def test_cli_validate_error_exit_2_without_traceback(tmp_path, literal, capsys):
    path = literal.csv(tmp_path / "e.csv", [HEAD, ["大连", 2016, 1, "-5"]])
    assert main(["validate", str(path), "--lang", "en"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.strip()
    assert err.startswith(
        f"gxq validate: error: file {str(path)!r}, row 2, column '从业人员（人）'"
    )
    assert "Traceback" not in captured.err and len(err.splitlines()) == 1
    # the same error in Chinese by default (issue 23: every message in the reader's language)
    assert main(["validate", str(path)]) == 2
    zh = capsys.readouterr().err.strip()
    assert zh.startswith(f"gxq validate：错误：文件“{path}”，第2行，“从业人员（人）”列：负值")
    assert "negative" not in zh


def test_validation_report_is_the_text_the_command_prints(tmp_path, literal, capsys):
    path = literal.csv(tmp_path / "w.csv", [["zone", "year", "mystery"], ["Dalian", 2016, 1]])
    text = validation_report(str(path), lang="en")
    assert capsys.readouterr().out == ""  # the library function prints nothing
    assert "'mystery'" in text and text.endswith("validation passed")
    assert main(["validate", str(path), "--lang", "en"]) == 0
    # the report, then what each chapter cannot compute with these data (cli._print_support)
    assert capsys.readouterr().out.startswith(text + "\n")
    bad = literal.csv(tmp_path / "e.csv", [HEAD, ["大连", 2016, 1, "-5"]])
    with pytest.raises(DataError, match="row 2, column '从业人员（人）'"):
        validation_report(str(bad))


def test_cli_validate_refused_format(tmp_path, capsys):
    p = tmp_path / "p.xlsm"
    p.write_bytes(b"x")
    assert main(["validate", str(p)]) == 2
    assert ".xlsm" in capsys.readouterr().err


# ------------------------------------------------------------------- misaligned rows (width)
def raw_csv(path, text: str):
    """Write CSV text byte for byte (the csv module would quote '1,234' and hide the error)."""
    path.write_bytes(text.encode("utf-8"))
    return path


MISALIGNED_HEAD = "高新区,年份,营业收入（万元）,企业数\n"


def test_csv_row_with_unquoted_thousands_separator(tmp_path):
    """``1,234`` unquoted splits into two fields: the row has 5 fields under 4 headers."""
    path = raw_csv(tmp_path / "m.csv", MISALIGNED_HEAD + "沈阳,2016,12,3\n大连,2016,1,234,5\n")
    err = error_of(path)
    assert where(err) == (None, 3, "column E")
    assert "5 fields" in str(err) and "header has 4" in str(err)
    assert "'5'" in str(err) and "quote" in str(err)


def test_csv_row_with_too_few_fields(tmp_path):
    path = raw_csv(tmp_path / "s.csv", MISALIGNED_HEAD + "大连,2016,1\n")
    err = error_of(path)
    assert where(err) == (None, 2, "企业数")
    assert "3 fields" in str(err) and "header has 4" in str(err)


def test_xlsx_value_beyond_the_header(tmp_path, literal):
    path = literal.xlsx(
        tmp_path / "m.xlsx",
        {"data": [["高新区", "年份", "营业收入（万元）", "企业数"], ["大连", 2016, 1, 234, 5]]},
    )
    err = error_of(path)
    assert where(err) == ("data", 2, "column E")
    assert "beyond the header" in str(err) and "column D" in str(err)


def test_short_rows_with_empty_trailing_cells_load(tmp_path, literal):
    """Accepted: a CSV row whose missing values are empty fields, extra empty fields after the
    last header (Excel pads rows), and an xlsx row that simply ends early."""
    path = raw_csv(
        tmp_path / "ok.csv",
        "高新区,年份,营业收入（万元）,企业数,,\n大连,2016,1,,,\n沈阳,2016,2,3,,,,\n",
    )
    df = load_panel(path)
    assert df.loc[("dalian", 2016), "revenue"] == 1e-4 and np.isnan(
        df.loc[("dalian", 2016), "firms"]
    )
    assert df.loc[("shenyang", 2016), "firms"] == 3.0
    xl = literal.xlsx(
        tmp_path / "ok.xlsx",
        {"d": [["高新区", "年份", "营业收入（万元）", "企业数"], ["大连", 2016, 1]]},
    )
    assert np.isnan(load_panel(xl).loc[("dalian", 2016), "firms"])


# ------------------------------------------------------------------------- table (title) units
def test_bare_table_unit_is_an_error(tmp_path, literal):
    """``单位：万`` does not say 万 of what; it must not scale counts and persons as well."""
    path = literal.xlsx(
        tmp_path / "u.xlsx",
        {
            "2016": [
                ["2016年高新区主要指标"],
                ["单位：万"],
                ["园区", "营业收入", "企业数", "R&D人员"],
                ["大连", 12_345, 5, 3],
            ]
        },
    )
    err = error_of(path)
    assert where(err) == ("2016", 2, "column A")
    assert "'万'" in str(err) and "万元" in str(err) and "万人" in str(err)


def test_unknown_table_unit_is_an_error(tmp_path, literal):
    path = literal.xlsx(
        tmp_path / "u.xlsx",
        {"2016": [["单位：万美元"], ["园区", "营业收入"], ["大连", 1]]},
    )
    err = error_of(path)
    assert where(err) == ("2016", 1, "column A") and "'万美元'" in str(err)


def test_table_unit_of_one_kind_twice_is_an_error(tmp_path, literal):
    path = literal.xlsx(
        tmp_path / "u.xlsx", {"2016": [["单位：万元、亿元"], ["园区", "营业收入"], ["大连", 1]]}
    )
    err = error_of(path)
    assert where(err) == ("2016", 1, "column A") and "万元" in str(err) and "亿元" in str(err)
