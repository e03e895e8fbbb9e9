"""An evaluator's folder of tables, written by hand in six layouts (issue 19 end to end).

Four zones (沈阳, 大连 national; 鞍山 national; 抚顺 provincial), 2013–2020. The numbers are
a rule written here (not the package's generator): ``value(zone, year, code)`` below, printed in
the unit each table uses and rounded as a yearbook prints it; :func:`truth` gives the same
numbers in the codebook's units, rounded the same way, to compare with what is read.

Tables (each in its own layout):

1. ``torch_2013_2017.xlsx`` — Torch yearbook: a sheet per year, title, 单位：万元, 合计, note;
   revenue and exports.
2. ``city_pages.xlsx`` — city yearbook pages, a sheet per zone (沈阳, 大连): indicators × years
   2018–2020 with a 计量单位 column; revenue, exports (亿元), employees (万人).
3. ``quick_2018_2020.csv`` — the S&T department's quick report in GBK: three tables stacked,
   one per year, each indicators × zones (鞍山, 抚顺) with its own title.
4. ``patents.xlsx`` — a sheet per indicator: zones × years 2013–2020.
5. ``blocks_2013_2017.xlsx`` — zone blocks of indicator rows × years, the zone merged down:
   employees, R&D expenditure (万元), enterprises.
6. ``long_hitech.xlsx`` — a long table whose header has a names row and a units row (高新区 and
   年份 merged over both): certified high-tech enterprises and R&D personnel, 2013–2020.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import openpyxl

ZONES = {"shenyang": "沈阳", "dalian": "大连", "anshan": "鞍山", "fushun": "抚顺"}
YEARS = list(range(2013, 2021))
BASE = {  # canonical units: 亿元, 件, 人, 个
    "revenue": 800.0,
    "exports": 90.0,
    "patents": 2500.0,
    "employees": 150000.0,
    "rd_expenditure": 20.0,
    "firms": 1200.0,
    "hitech_firms": 300.0,
    "rd_personnel": 9000.0,
}


def value(zone: str, year: int, code: str) -> float:
    """The rule every table prints (before its unit and rounding)."""
    k = list(ZONES).index(zone)
    # a zone-, year- and indicator-specific wiggle, so that no input is a zone effect plus a
    # common trend (the two-way fixed effects would absorb it)
    wiggle = 1 + 0.05 * math.sin(3 * k + 1.7 * (year - 2013) + len(code))
    return BASE[code] * (1 - 0.2 * k) * 1.07 ** (year - 2013) * wiggle


def printed(zone, year, code, factor=1.0, decimals=1):
    return round(value(zone, year, code) * factor, decimals)


def truth() -> dict[tuple[str, int, str], float]:
    """(zone, year, code) -> the value in the codebook's unit as the tables print it."""
    out = {}
    for z in ZONES:
        for y in YEARS:
            if y <= 2017:
                out[(z, y, "revenue")] = printed(z, y, "revenue", 1e4, 0) / 1e4
                out[(z, y, "exports")] = printed(z, y, "exports", 1e4, 0) / 1e4
                out[(z, y, "employees")] = printed(z, y, "employees", 1, 0)
                out[(z, y, "rd_expenditure")] = printed(z, y, "rd_expenditure", 1e4, 0) / 1e4
                out[(z, y, "firms")] = printed(z, y, "firms", 1, 0)
            else:
                out[(z, y, "revenue")] = printed(z, y, "revenue", 1, 2)
                out[(z, y, "exports")] = printed(z, y, "exports", 1, 2)
                out[(z, y, "employees")] = printed(z, y, "employees", 1e-4, 2) * 1e4
            out[(z, y, "patents")] = printed(z, y, "patents", 1, 0)
            out[(z, y, "hitech_firms")] = printed(z, y, "hitech_firms", 1, 0)
            out[(z, y, "rd_personnel")] = printed(z, y, "rd_personnel", 1, 0)
    return out


def _book(path: Path, sheets: dict, merges: dict | None = None) -> None:
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
    wb.save(path)


def write_folder(d: Path) -> Path:
    d.mkdir(parents=True, exist_ok=True)
    # 1. Torch yearbook: a sheet per year
    sheets = {}
    for y in range(2013, 2018):
        rows = [[f"表3-12 {y}年辽宁省部分高新区主要经济指标"], [None, None, "单位：万元"]]
        rows.append(["地　区", "营业收入", "出口总额"])
        for z, name in ZONES.items():
            rows.append([name, printed(z, y, "revenue", 1e4, 0), printed(z, y, "exports", 1e4, 0)])
        rows.append(["合　计", None, None])
        rows.append(["注：合计为所列高新区之和，本表从略。"])
        sheets[str(y)] = rows
    _book(d / "torch_2013_2017.xlsx", sheets)
    # 2. city yearbook pages
    sheets = {}
    for z in ("shenyang", "dalian"):
        rows = [[f"{ZONES[z]}高新区主要指标"], ["指标", "计量单位", "2018年", "2019年", "2020年"]]
        rows.append(
            ["营业收入", "亿元", *(printed(z, y, "revenue", 1, 2) for y in (2018, 2019, 2020))]
        )
        rows.append(
            ["出口总额", "亿元", *(printed(z, y, "exports", 1, 2) for y in (2018, 2019, 2020))]
        )
        rows.append(
            ["从业人员", "万人", *(printed(z, y, "employees", 1e-4, 2) for y in (2018, 2019, 2020))]
        )
        sheets[ZONES[z]] = rows
    _book(d / "city_pages.xlsx", sheets)
    # 3. quick report, GBK CSV, three tables stacked
    rows = []
    for y in (2018, 2019, 2020):
        rows.append([f"{y}年高新区主要指标快报"])
        rows.append(["指标", "单位", "鞍山", "抚顺"])
        for code, name, unit, f in (
            ("revenue", "营业收入", "亿元", 1),
            ("exports", "出口总额", "亿元", 1),
            ("employees", "从业人员", "万人", 1e-4),
        ):
            rows.append(
                [name, unit, printed("anshan", y, code, f, 2), printed("fushun", y, code, f, 2)]
            )
        rows.append([])
    with open(d / "quick_2018_2020.csv", "w", newline="", encoding="gb18030") as fh:
        csv.writer(fh).writerows(rows)
    # 4. a sheet per indicator
    rows = [["高新区", *(f"{y}年" for y in YEARS)]]
    rows += [[name, *(printed(z, y, "patents", 1, 0) for y in YEARS)] for z, name in ZONES.items()]
    _book(d / "patents.xlsx", {"专利授权数（件）": rows})
    # 5. zone blocks, the zone merged down its rows
    rows = [
        ["各高新区投入指标（2013—2017年）"],
        ["园区", "指标", "单位", *(str(y) for y in range(2013, 2018))],
    ]
    merges = []
    for z, name in ZONES.items():
        start = len(rows) + 1
        rows.append(
            [name, "从业人员", "人", *(printed(z, y, "employees", 1, 0) for y in range(2013, 2018))]
        )
        rows.append(
            [
                None,
                "R&D经费内部支出",
                "万元",
                *(printed(z, y, "rd_expenditure", 1e4, 0) for y in range(2013, 2018)),
            ]
        )
        rows.append(
            [None, "企业数", "个", *(printed(z, y, "firms", 1, 0) for y in range(2013, 2018))]
        )
        merges.append(f"A{start}:A{start + 2}")
    _book(d / "blocks_2013_2017.xlsx", {"投入": rows}, {"投入": merges})
    # 6. a long table with a names row and a units row
    rows = [["高新区名称", "年份", "高新技术企业数", "R&D人员"], [None, None, "个", "人"]]
    for z, name in ZONES.items():
        for y in YEARS:
            rows.append(
                [
                    f"{name}高新区",
                    y,
                    printed(z, y, "hitech_firms", 1, 0),
                    printed(z, y, "rd_personnel", 1, 0),
                ]
            )
    _book(d / "long_hitech.xlsx", {"Sheet1": rows}, {"Sheet1": ["A1:A2", "B1:B2"]})
    return d
