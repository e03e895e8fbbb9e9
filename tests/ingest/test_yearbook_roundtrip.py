"""Property: a canonical panel printed in any yearbook style loads back equal (issue 10).

Styles: title + unit line + footnotes, two-row header (names, units), bilingual Torch header in
千元, one sheet per indicator, one sheet per zone (city yearbook), with totals (合计 = the sum
of the rows), a table continued on its sheet (续表), spaced-out names. Reference: the generated
panel. Tolerance ``rtol=1e-12`` (one multiplication by the writer, one division by the loader).
"""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
from hypothesis import HealthCheck, given, settings, strategies as st

from gxq_analysis import load_panel
from gxq_analysis.plan.codebook import load_codebook
from gxq_analysis.plan.zones import load_zones, zone_ids

CB = load_codebook()
# money, persons and counts: the kinds a yearbook table prints
CODES = ["revenue", "service_revenue", "exports", "employees", "rd_personnel", "firms", "patents"]
WRITTEN = {"亿元": ("万元", 10_000), "人": ("人", 1), "个": ("个", 1), "件": ("件", 1)}
STYLES = ["title", "two_row", "bilingual", "per_indicator", "per_zone", "totals", "continued",
          "spaced"]  # fmt: skip

values = st.one_of(
    st.just(np.nan),
    st.integers(min_value=0, max_value=100_000).map(float),
    st.decimals(min_value=0, max_value=10_000, places=2).map(float),
)


@st.composite
def panels(draw) -> pd.DataFrame:
    zones = draw(st.lists(st.sampled_from(zone_ids()), min_size=1, max_size=4, unique=True))
    years = draw(st.lists(st.integers(2010, 2025), min_size=1, max_size=3, unique=True))
    rows = sorted((z, y) for z in zones for y in years)
    codes = draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=4, unique=True))
    codes = [c for c in CODES if c in codes]
    data = {c: draw(st.lists(values, min_size=len(rows), max_size=len(rows))) for c in codes}
    return pd.DataFrame(data, index=pd.MultiIndex.from_tuples(rows, names=["zone", "year"]))


def written(code: str, x: float, factor: float | None = None):
    if np.isnan(x):
        return "/"
    f = factor if factor is not None else WRITTEN[CB.loc[code, "unit"]][1]
    return x * f


def zname(zone: str, spaced: bool) -> str:
    name = load_zones().loc[zone, "city"] if zone != "suizhong" else "绥中"
    return "　　".join(name) if spaced and len(name) == 2 else name


FOOT = [["注：1. 本表为快报数。"], ["　　2. 营业收入含技术收入。"], ["资料来源：火炬统计。"]]


def per_year_rows(panel, year, style) -> list[list]:
    sub = panel.xs(year, level="year")
    codes = list(panel.columns)
    spaced = style == "spaced"
    if style == "bilingual":
        head = ["高新区\nZone", *(f"{CB.loc[c, 'name_zh']}\n{CB.loc[c, 'name_en']}" for c in codes)]
        top = [[f"3-12 国家高新区主要经济指标（{year}年）"], ["单位：千元"], ["Unit: 1000 yuan"]]
        fac = {c: 100_000 if CB.loc[c, "unit"] == "亿元" else 1 for c in codes}
        body = [[zname(z, False), *(written(c, r[c], fac[c]) for c in codes)]
                for z, r in sub.iterrows()]  # fmt: skip
        return [*top, head, *body]
    if style == "two_row":
        head = ["地区", *(CB.loc[c, "name_zh"] for c in codes)]
        units = [None, *(WRITTEN[CB.loc[c, "unit"]][0] for c in codes)]
        body = [[zname(z, False), *(written(c, r[c]) for c in codes)] for z, r in sub.iterrows()]
        return [[f"{year}年高新区主要指标"], head, units, *body]
    head = ["地　　区" if spaced else "高新区", *(CB.loc[c, "name_zh"] for c in codes)]
    # 单位：万元 states the money unit; persons and counts are in their own unit
    top = [[f"表3-12 {year}年辽宁省高新区主要经济指标"], [], [None, None, "单位：万元"]]
    body = [[zname(z, spaced), *(written(c, r[c]) for c in codes)] for z, r in sub.iterrows()]
    if style == "totals":
        sums = [float(np.sum([b[k] for b in body])) if all(b[k] != "/" for b in body) else "/"
                for k in range(1, len(head))]  # fmt: skip
        body.append(["合　　计", *sums])
    if style == "continued" and len(body) > 1:
        half = len(body) // 2
        body = [*body[:half], [], ["续表3-12"], ["单位：万元"], head, *body[half:]]
    return [*top, head, *body, *FOOT]


def render(panel: pd.DataFrame, style: str, path: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    years = sorted(panel.index.get_level_values("year").unique())
    zones = list(dict.fromkeys(panel.index.get_level_values("zone")))

    def sheet(name, rows):
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)

    if style == "per_indicator":
        for c in panel.columns:
            unit, _ = WRITTEN[CB.loc[c, "unit"]]
            rows = [["地区", *(f"{y}年" for y in years)]]
            rows += [[zname(z, False), *(written(c, panel.loc[(z, y), c]) for y in years)]
                     for z in zones]  # fmt: skip
            sheet(f"{CB.loc[c, 'name_zh']}（{unit}）"[:31], rows)
    elif style == "per_zone":
        for z in zones:
            rows = [[f"{load_zones().loc[z, 'name_zh']}主要经济指标"], ["指标", "计量单位",
                    *(f"{y}年" for y in years)]]  # fmt: skip
            for c in panel.columns:
                unit, _ = WRITTEN[CB.loc[c, "unit"]]
                rows.append([CB.loc[c, "name_zh"], unit,
                             *(written(c, panel.loc[(z, y), c]) for y in years)])  # fmt: skip
            sheet(f"表{zones.index(z) + 1}", rows)
    else:
        for k, y in enumerate(years):
            rows = per_year_rows(panel, y, style)
            # the year in the sheet name, or (bilingual) only in the title
            sheet(f"3-{k + 12}" if style == "bilingual" else f"{y}年", rows)
    wb.save(path)
    return path


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(panel=panels(), style=st.sampled_from(STYLES))
def test_yearbook_round_trip(panel, style):
    with tempfile.TemporaryDirectory() as d:
        path = render(panel, style, Path(d) / "p.xlsx")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # totals and unit notes are reported, not errors
            loaded = load_panel(path)
    pd.testing.assert_frame_equal(loaded[list(panel.columns)], panel, rtol=1e-12)
    others = [c for c in CB.index if c not in panel.columns]
    assert loaded[others].isna().all().all()
    assert len(loaded.attrs["readings"]) >= 1
