"""Evaluators' workbooks written by hand (openpyxl), as a Torch/yearbook compilation prints them.

One sheet per year 2015–2020, each with a title row, a ``单位：万元`` line, a header
``高新区 | 营业收入 | 出口总额 | 企业数（个） | 高新技术企业数（个） | R&D经费内部支出``, the 8
national zones, a ``合计`` row (the sum of the zones above it), a ``注`` line and a
``资料来源`` line. Nothing here comes from the package's demo generator: the 2015 and 2020
values of each zone are typed below, the years between are geometric interpolation rounded to
whole 万元 (whole firms).

The numbers are chosen so that the review has something to say about each rule of issue 23:

- Shenyang's 2015 export share is 8.6% in these data; the plan printed 7.2%. From the data's
  own baseline the gap to the 12.8% benchmark closed about 3% by 2020; from the plan's it would
  have closed about 27%.
- Jinzhou's export share is the same 11.3% in 2015 and 2020 (exports grow with revenue to the
  rounding of 万元): a change of noise, not a widened gap.
- No service revenue: one benchmark ratio (service share) cannot be computed.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

YEARS = tuple(range(2015, 2021))

#: Column header and codebook code of each indicator, in sheet order.
HEADERS = {
    "revenue": "营业收入",
    "exports": "出口总额",
    "firms": "企业数（个）",
    "hitech_firms": "高新技术企业数（个）",
    "rd_expenditure": "R&D经费内部支出",
}
NAMES = {
    "shenyang": "沈阳高新区",
    "dalian": "大连高新区",
    "anshan": "鞍山高新区",
    "benxi": "本溪高新区",
    "jinzhou": "锦州高新区",
    "yingkou": "营口高新区",
    "fuxin": "阜新高新区",
    "liaoyang": "辽阳高新区",
}
#: (2015, 2020) by zone and indicator: money in 万元, firms as counts.
ENDS: dict[str, dict[str, tuple[int, int]]] = {
    "shenyang": {
        "revenue": (24_500_000, 33_000_000),
        "exports": (2_107_000, 2_880_900),  # 8.60% -> 8.73%
        "firms": (7_060, 10_970),
        "hitech_firms": (1_330, 2_820),
        "rd_expenditure": (490_000, 680_000),
    },
    "dalian": {
        "revenue": (14_800_000, 22_500_000),
        "exports": (2_545_600, 3_645_000),  # 17.2% -> 16.2%
        "firms": (8_640, 11_870),
        "hitech_firms": (1_140, 2_730),
        "rd_expenditure": (415_000, 610_000),
    },
    "anshan": {
        "revenue": (2_055_000, 3_290_000),
        "exports": (294_100, 621_900),
        "firms": (770, 930),
        "hitech_firms": (180, 380),
        "rd_expenditure": (35_900, 81_700),
    },
    "benxi": {
        "revenue": (3_947_000, 4_713_000),
        "exports": (173_000, 202_300),
        "firms": (1_080, 1_440),
        "hitech_firms": (250, 470),
        "rd_expenditure": (81_250, 68_370),
    },
    "jinzhou": {
        "revenue": (1_496_000, 1_961_000),
        "exports": (169_048, 221_593),  # 11.3% both years
        "firms": (580, 850),
        "hitech_firms": (160, 370),
        "rd_expenditure": (18_170, 26_300),
    },
    "yingkou": {
        "revenue": (2_198_000, 2_449_000),
        "exports": (68_200, 94_200),
        "firms": (1_210, 1_790),
        "hitech_firms": (250, 590),
        "rd_expenditure": (47_520, 67_520),
    },
    "fuxin": {
        "revenue": (2_497_000, 3_010_000),
        "exports": (239_500, 395_000),
        "firms": (910, 1_300),
        "hitech_firms": (270, 570),
        "rd_expenditure": (34_180, 67_990),
    },
    "liaoyang": {
        "revenue": (6_803_000, 8_227_000),
        "exports": (782_000, 869_000),
        "firms": (2_300, 2_920),
        "hitech_firms": (590, 1_310),
        "rd_expenditure": (105_100, 205_900),
    },
}


def value(zone: str, indicator: str, year: int) -> int:
    """The workbook's value: the typed ends, geometric in between, rounded to a whole unit."""
    a, b = ENDS[zone][indicator]
    return round(a * (b / a) ** ((year - YEARS[0]) / (YEARS[-1] - YEARS[0])))


def write_workbook(
    path: Path,
    *,
    indicators: tuple[str, ...] = tuple(HEADERS),
    zones: tuple[str, ...] = tuple(NAMES),
    years: tuple[int, ...] = YEARS,
    missing: tuple[tuple[str, int], ...] = (),
) -> Path:
    """Write the workbook: ``indicators``, ``zones`` and ``years`` choose what it holds;
    ``missing`` lists (zone, year) rows left out of their year's sheet (and its total)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for year in years:
        ws = wb.create_sheet(str(year))
        ws.append([f"表3-{year - 2000} {year}年辽宁省国家级高新区主要经济指标"])
        ws.append([None] * len(indicators) + ["单位：万元"])
        ws.append(["高新区", *(HEADERS[i] for i in indicators)])
        shown = [z for z in zones if (z, year) not in missing]
        for z in shown:
            ws.append([NAMES[z], *(value(z, i, year) for i in indicators)])
        ws.append(["合计", *(sum(value(z, i, year) for z in shown) for i in indicators)])
        ws.append(["注：合计为表中各高新区之和；企业数、高新技术企业数单位为个。"])
        ws.append(["资料来源：辽宁省科学技术厅火炬统计。"])
    path = Path(path)
    wb.save(path)
    return path


def share(zone: str, numerator: str, denominator: str, year: int) -> float:
    """A ratio of the workbook's values in percent (the independent reference of the tests)."""
    return 100 * value(zone, numerator, year) / value(zone, denominator, year)
