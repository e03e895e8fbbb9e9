"""Generators of yearbook-style tables (issue 10), one per trait, written cell by cell.

Written independently of the loader: layouts, titles, unit lines and footnotes are spelled as
the China Torch Statistical Yearbook and the Liaoning and city yearbooks print them, and the
files are written with openpyxl (xlsx) and xlwt (legacy xls), as the publishers' tools would.
Each generator returns the path and the values the loader must find (in canonical units).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import xlwt

FOOTER = [
    ["注：1. 本表数据为快报数。"],
    ["　　2. 营业收入含技术收入。"],
    ["资料来源：辽宁省科学技术厅。"],
]


def write_xlsx(path: Path, sheets: dict[str, list[list]], merges=None) -> Path:
    """Literal rows into named sheets; ``merges``: sheet -> ["A3:A4", ...]."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
    wb.save(path)
    return path


def write_xls(path: Path, sheets: dict[str, list[list]], merges=None) -> Path:
    """Literal rows into a legacy .xls (BIFF8) workbook with xlwt; merges as (r1, r2, c1, c2)
    0-based inclusive."""
    wb = xlwt.Workbook(encoding="utf-8")
    for name, rows in sheets.items():
        ws = wb.add_sheet(name)
        merged = (merges or {}).get(name, [])
        covered = {(r, c) for r1, r2, c1, c2 in merged for r in range(r1, r2 + 1)
                   for c in range(c1, c2 + 1)}  # fmt: skip
        for r1, r2, c1, c2 in merged:
            ws.write_merge(r1, r2, c1, c2, rows[r1][c1])
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                if v is not None and (i, j) not in covered:
                    ws.write(i, j, v)
    wb.save(str(path))
    return path


def title_unit_footnotes() -> tuple[dict, dict]:
    """Trait 1: title, unit line in the last column after a blank row, numbered footnotes with
    full-width continuation lines, a source line."""
    rows = [
        ["表3-12 2016年辽宁省高新区主要经济指标"],
        [],
        [None, None, None, "单位：万元"],
        ["高新区", "年份", "营业收入", "技术收入"],
        ["沈阳", 2016, 12345.6, 2000],
        ["大连", 2016, 23456.7, 3000],
        *FOOTER,
    ]
    expect = {("shenyang", 2016, "revenue"): 1.23456, ("dalian", 2016, "service_revenue"): 0.3}
    return {"3-12": rows}, expect


def two_row_header() -> tuple[dict, dict, dict]:
    """Trait 2: names in row 1, units in row 2 (地区 merged down both rows)."""
    rows = [
        ["2016年高新区主要指标"],
        ["地区", "企业数", "从业人员", "营业收入"],
        [None, "个", "人", "万元"],
        ["沈阳", 100, 5000, 20000],
        ["鞍山", 50, 2000, 10000],
    ]
    expect = {("shenyang", 2016, "revenue"): 2.0, ("anshan", 2016, "employees"): 2000.0,
              ("anshan", 2016, "firms"): 50.0}  # fmt: skip
    return {"2016": rows}, expect, {"2016": ["A2:A3"]}


def bilingual_header() -> tuple[dict, dict]:
    """Trait 3: Torch yearbook cells 营业收入\\nTotal Income, 单位：千元 / Unit: 1000 yuan."""
    rows = [
        ["3-12  国家高新区主要经济指标（2016年）"],
        ["Main Indicators of National High-tech Zones (2016)"],
        ["单位：千元"],
        ["Unit: 1000 yuan"],
        [
            "高新区\nZone",
            "营业收入\nTotal Income",
            "#技术收入\nTechnical Income",
            "出口总额\nExports",
        ],
        ["沈阳高新区", 123456789, 2345678, "1,234,567"],
        ["大连高新区", 223456789, 3345678, "/"],
    ]
    expect = {("shenyang", 2016, "revenue"): 1234.56789, ("shenyang", 2016, "exports"): 12.34567,
              ("dalian", 2016, "service_revenue"): 33.45678}  # fmt: skip
    return {"3-12": rows}, expect


def per_indicator() -> tuple[dict, dict]:
    """Trait 4: one sheet per indicator, zones as rows, years as columns (2015年 or 2015)."""
    sheets = {
        "营业收入（亿元）": [
            ["地区", "2015年", "2016年", "2017年"],
            ["沈阳", 1000.5, 1100.25, 1200],
            ["大连", 2000, 2100, None],
        ],
        "从业人员": [
            ["单位：人"],
            ["高新区", 2015, 2016, 2017],
            ["沈阳", 50000, 51000, 52000],
            ["大连", 60000, "/", 62000],
        ],
    }
    expect = {("shenyang", 2016, "revenue"): 1100.25, ("dalian", 2017, "employees"): 62000.0,
              ("shenyang", 2015, "employees"): 50000.0}  # fmt: skip
    return sheets, expect


def per_zone() -> tuple[dict, dict]:
    """Trait 5: city-yearbook pages, one zone per sheet (named in the sheet or the title),
    indicators as rows with a 计量单位 column; units differ between sheets."""
    sheets = {
        "沈阳": [
            ["沈阳高新区主要经济指标"],
            ["指标", "计量单位", "2015年", "2016年"],
            ["营业收入", "亿元", 1000, 1100],
            ["从业人员", "万人", 5, 5.1],
            ["专利授权数", "件", 800, 900],
        ],
        "表7-3": [
            ["表7-3 葫芦岛市绥中县高新区主要指标"],
            ["指标", "计量单位", "2015年", "2016年"],
            ["营业收入", "万元", 50000, 60000],
            ["从业人员", "人", 3000, 3100],
        ],
    }
    expect = {("shenyang", 2016, "employees"): 51000.0, ("suizhong", 2016, "revenue"): 6.0,
              ("shenyang", 2015, "patents"): 800.0}  # fmt: skip
    return sheets, expect


NATIONAL = ["沈阳", "大连", "鞍山", "本溪", "锦州", "营口", "阜新", "辽阳"]


def with_totals(bad: bool = False) -> tuple[dict, dict]:
    """Trait 6: national zones, 国家级高新区小计 and 其中：国家级高新区 among the rows; ``bad``
    makes the subtotal contradict its members."""
    vals = [10.5, 20.25, 3, 4, 5, 6, 7, 8]
    total = sum(vals) + (5 if bad else 0)
    rows = [
        ["2016年国家级高新区营业收入"],
        ["单位：亿元"],
        ["地区", "营业收入"],
        ["全　　省", 999],
        ["其中：国家级高新区", total],
        *[[z, v] for z, v in zip(NATIONAL, vals, strict=True)],
        ["国家级高新区小计", total],
    ]
    return {"2016": rows}, {("dalian", 2016, "revenue"): 20.25, ("liaoyang", 2016, "revenue"): 8.0}


def continued() -> tuple[dict, dict]:
    """Trait 7: the table continues on the same sheet after 续表3-12, its unit line and header."""
    rows = [
        ["表3-12 2016年高新区主要指标"],
        ["单位：万元"],
        ["高新区", "营业收入"],
        ["沈阳", 10000],
        ["大连", 20000],
        [],
        ["续表3-12"],
        ["单位：万元"],
        ["高新区", "营业收入"],
        ["鞍山", 30000],
        ["本溪", 40000],
    ]
    return {"3-12": rows}, {("anshan", 2016, "revenue"): 3.0, ("dalian", 2016, "revenue"): 2.0}


def markers() -> tuple[dict, dict]:
    """Trait 8: 本溪高新区①, 营口高新区*, / and blank as missing, #技术收入."""
    rows = [
        ["单位：万元"],
        ["高新区", "年份", "营业收入", "#技术收入"],
        ["本溪高新区①", 2016, 5000, "/"],
        ["营口高新区*", 2016, None, 700],
        ["注：① 含中国药都。"],
    ]
    expect = {("benxi", 2016, "revenue"): 0.5, ("yingkou", 2016, "service_revenue"): 0.07}
    return {"data": rows}, expect


def year_in_title() -> tuple[dict, dict]:
    """Trait 9: the year only in the title (（2016年）), the sheet named for its table number."""
    rows = [
        ["表3-12 高新区主要经济指标（2016年）"],
        ["单位：亿元"],
        ["高新区", "营业收入", "企业数（个）"],
        ["沈阳", 1000, 300],
        ["丹东", 50, 40],
    ]
    return {"3-12": rows}, {("dandong", 2016, "firms"): 40.0, ("shenyang", 2016, "revenue"): 1000}


def names_as_printed() -> tuple[dict, dict]:
    """Trait 10: spaced names, city names, official long names, numbers as text."""
    rows = [
        ["单位：万元"],
        ["地　　区", "年　　份", "营业收入"],
        ["沈　　阳", "2016", "1,234,567.8"],
        ["国家级鞍山高新技术产业开发区", "2016", "2,000"],
        ["省级抚顺高新技术产业开发区", "2016", "３００"],
        ["大连高新技术产业园区", "2016", "10,000"],
        ["铁岭市", "2016", "500"],
    ]
    expect = {("shenyang", 2016, "revenue"): 123.45678, ("anshan", 2016, "revenue"): 0.2,
              ("fushun", 2016, "revenue"): 0.03, ("dalian", 2016, "revenue"): 1.0,
              ("tieling", 2016, "revenue"): 0.05}  # fmt: skip
    return {"data": rows}, expect


def merged_zones() -> tuple[dict, dict, dict]:
    """Trait 11: zone names merged down their year rows in a long table."""
    rows = [
        ["高新区", "年份", "营业收入（亿元）"],
        ["沈阳", 2015, 100],
        [None, 2016, 110],
        [None, 2017, 120],
        ["大连", 2015, 200],
        [None, 2016, 210],
    ]
    expect = {("shenyang", 2017, "revenue"): 120.0, ("dalian", 2016, "revenue"): 210.0}
    return {"long": rows}, expect, {"long": ["A2:A4", "A5:A6"]}
