"""Property: a table transposed, split, stacked or relabelled reads the same (issue 19).

Hypothesis draws a small panel and prints it, by hand with openpyxl, in one of eight
arrangements of its three axes (zone, year, indicator on rows, columns or around the table),
with zone names, years and units spelled in several ways, the tables on separate sheets,
stacked on one sheet under their own titles, or in separate files of a folder. The reader is
told nothing about the arrangement. Reference: the drawn panel; tolerance ``rtol=1e-12`` (one
multiplication by the writer, one exact division by the reader).
"""

from __future__ import annotations

import math
import os
import tempfile
import warnings
from pathlib import Path

import numpy as np
import openpyxl
from hypothesis import HealthCheck, given, settings, strategies as st

from gxq_analysis import load_panel
from gxq_analysis.plan.codebook import load_codebook
from gxq_analysis.plan.zones import load_zones, zone_ids

CB = load_codebook()
CODES = ["revenue", "exports", "employees", "firms", "patents"]
#: codebook unit -> (unit written, factor from the codebook unit)
SPELL_UNITS = {
    "亿元": [("亿元", 1), ("万元", 10_000), ("千元", 100_000)],
    "人": [("人", 1), ("万人", 1e-4)],
    "个": [("个", 1), ("家", 1)],
    "件": [("件", 1), ("项", 1)],
}
ARRANGEMENTS = [
    "per_year",  # zones × indicators, a table per year
    "per_indicator",  # zones × years, a table per indicator
    "per_zone",  # indicators × years, a table per zone
    "transposed",  # indicators × zones, a table per year
    "zone_blocks",  # zone blocks of indicator rows × years
    "years_by_indicator",  # years × indicators, a table per zone
    "long",  # zone and year rows × indicators
    "two_level",  # zones × (year over indicator)
]
PLACEMENTS = ["sheets", "stacked", "files"]
#: Examples per run (GXQ_HYPOTHESIS_EXAMPLES raises it for a longer search).
EXAMPLES = int(os.environ.get("GXQ_HYPOTHESIS_EXAMPLES", "60"))


@st.composite
def cases(draw):
    zones = draw(st.lists(st.sampled_from(zone_ids()), min_size=1, max_size=3, unique=True))
    years = sorted(draw(st.lists(st.integers(2012, 2022), min_size=1, max_size=3, unique=True)))
    codes = draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=3, unique=True))
    value = st.one_of(st.just(np.nan), st.integers(0, 90_000).map(float),
                      st.decimals(0, 9_000, places=2).map(float))  # fmt: skip
    data = {(z, y, c): draw(value) for z in zones for y in years for c in codes}
    return {
        "zones": zones,
        "years": years,
        "codes": codes,
        "data": data,
        "arrangement": draw(st.sampled_from(ARRANGEMENTS)),
        "placement": draw(st.sampled_from(PLACEMENTS)),
        "zone_style": draw(st.sampled_from(["short", "official", "spaced", "english"])),
        "year_style": draw(st.sampled_from(["int", "年", "年度"])),
        "units": {c: draw(st.sampled_from(SPELL_UNITS[CB.loc[c, "unit"]])) for c in codes},
    }


def zname(zone: str, style: str) -> str:
    row = load_zones().loc[zone]
    short = row["name_zh"].removesuffix("高新区") if row["name_zh"].endswith("高新区") else \
        row["name_zh"]  # fmt: skip
    if style == "official":
        return short + "高新区"
    if style == "spaced" and len(short) == 2:
        return "　　".join(short)
    if style == "english":
        return row["name_en"]
    return short


def yname(year: int, style: str):
    return year if style == "int" else f"{year}{style}"


def cname(case, code: str, with_unit: bool = True) -> str:
    unit = case["units"][code][0]
    return f"{CB.loc[code, 'name_zh']}（{unit}）" if with_unit else CB.loc[code, "name_zh"]


def cell(case, z, y, c):
    x = case["data"][(z, y, c)]
    return "—" if np.isnan(x) else x * case["units"][c][1]


def tables(case):
    """(title, rows) of each table of the case, as printed."""
    Z, Y, C, a = case["zones"], case["years"], case["codes"], case["arrangement"]
    zn = lambda z: zname(z, case["zone_style"])  # noqa: E731
    yn = lambda y: yname(y, case["year_style"])  # noqa: E731
    out = []
    if a == "per_year":
        for y in Y:
            rows = [["高新区", *(cname(case, c) for c in C)]]
            rows += [[zn(z), *(cell(case, z, y, c) for c in C)] for z in Z]
            out.append((f"{y}年各高新区主要指标", rows))
    elif a == "per_indicator":
        for c in C:
            rows = [["地区", *(yn(y) for y in Y)]]
            rows += [[zn(z), *(cell(case, z, y, c) for y in Y)] for z in Z]
            out.append((f"各高新区{cname(case, c)}", rows))
    elif a == "per_zone":
        for z in Z:
            rows = [["指标", "计量单位", *(yn(y) for y in Y)]]
            rows += [[cname(case, c, False), case["units"][c][0],
                      *(cell(case, z, y, c) for y in Y)] for c in C]  # fmt: skip
            out.append((f"{load_zones().loc[z, 'name_zh']}主要指标", rows))
    elif a == "transposed":
        for y in Y:
            rows = [["指标", "单位", *(zn(z) for z in Z)]]
            rows += [[cname(case, c, False), case["units"][c][0],
                      *(cell(case, z, y, c) for z in Z)] for c in C]  # fmt: skip
            out.append((f"{y}年高新区主要指标", rows))
    elif a == "zone_blocks":
        rows = [["园区", "指标", "单位", *(yn(y) for y in Y)]]
        for z in Z:
            for k, c in enumerate(C):
                rows.append([zn(z) if k == 0 else None, cname(case, c, False),
                             case["units"][c][0], *(cell(case, z, y, c) for y in Y)])  # fmt: skip
        out.append(("各高新区主要指标", rows))
    elif a == "years_by_indicator":
        for z in Z:
            rows = [["年份", *(cname(case, c) for c in C)]]
            rows += [[yn(y), *(cell(case, z, y, c) for c in C)] for y in Y]
            out.append((f"{load_zones().loc[z, 'name_zh']}历年主要指标", rows))
    elif a == "long":
        rows = [["高新区", "年份", *(cname(case, c) for c in C)]]
        rows += [[zn(z), yn(y), *(cell(case, z, y, c) for c in C)] for z in Z for y in Y]
        out.append(("各高新区主要指标", rows))
    else:  # two_level: the years merged over the indicators (merges are written below)
        top, low = ["地区"], [None]
        for y in Y:
            top += [yn(y)] + [None] * (len(C) - 1)
            low += [cname(case, c) for c in C]
        rows = [top, low]
        rows += [[zn(z), *(cell(case, z, y, c) for y in Y for c in C)] for z in Z]
        out.append(("各高新区主要指标", rows))
    return out


def merges_of(case, rows, first_row):
    if case["arrangement"] != "two_level":
        return []
    n = len(case["codes"])
    out = [f"A{first_row}:A{first_row + 1}"]
    col = 2
    for _ in case["years"]:
        if n > 1:
            out.append(f"{_letter(col)}{first_row}:{_letter(col + n - 1)}{first_row}")
        col += n
    return out


def _letter(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def write_case(case, root: Path) -> Path:
    tabs = tables(case)
    place = case["placement"] if len(tabs) > 1 else "sheets"
    if place == "files":
        root.mkdir()
        for k, (title, rows) in enumerate(tabs):
            _workbook(root / f"t{k}.xlsx", [("Sheet1", [(title, rows)])], case)
        return root
    path = root.with_suffix(".xlsx")
    if place == "stacked":
        _workbook(path, [("Sheet1", tabs)], case)
    else:
        _workbook(path, [(f"表{k + 1}", [t]) for k, t in enumerate(tabs)], case)
    return path


def _workbook(path, sheets, case):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, tabs in sheets:
        ws = wb.create_sheet(name)
        r = 1
        for title, rows in tabs:
            ws.cell(row=r, column=1, value=title)
            r += 1
            for merge in merges_of(case, rows, r):
                ws.merge_cells(merge)
            for row in rows:
                for j, v in enumerate(row, 1):
                    if v is not None:
                        ws.cell(row=r, column=j, value=v)
                r += 1
            r += 1  # a blank row between stacked tables
    wb.save(path)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases())
def test_any_arrangement_reads_the_same(case):
    with tempfile.TemporaryDirectory() as tmp:
        path = write_case(case, Path(tmp) / "case")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            df = load_panel(path)
    for (z, y, c), want in case["data"].items():
        got = df.loc[(z, y), c]
        if np.isnan(want):
            assert math.isnan(got), (case["arrangement"], z, y, c, got)
        else:
            assert math.isclose(got, want, rel_tol=1e-12), (case["arrangement"], z, y, c, got)
    wanted = set(case["codes"])
    filled = {c for c in df.columns if df[c].notna().any()}
    assert filled <= wanted
