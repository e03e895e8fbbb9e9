"""Writers of evaluator-style spreadsheets for the ingest tests.

They are written independently of the loader: headers are spelled by hand from the codebook's
names, units and their factors come from the tables here (not from ``gxq_analysis.ingest.units``),
and files are written with the csv module and openpyxl as an evaluator's tools would.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import openpyxl
import pandas as pd
import pytest

from gxq_analysis.plan.codebook import load_codebook
from gxq_analysis.plan.zones import load_zones

#: Written value = canonical value × factor (canonical units: 亿元, 人, 万平方米, 个, 件).
UNIT_FACTORS = {
    "亿元": {"亿元": 1, "万元": 10_000, "元": 100_000_000, "千元": 100_000},
    "人": {"人": 1, "万人": 1e-4},
    "万平方米": {"万平方米": 1, "平方米": 10_000},
    "个": {"个": 1, "家": 1},
    "件": {"件": 1, "项": 1},
}


def header(code: str, unit: str | None, *, lang: str = "zh", brackets: str = "（）") -> str:
    """A header as an evaluator writes it: name plus an optional unit in brackets."""
    row = load_codebook().loc[code]
    name = row["name_zh"] if lang == "zh" else row["name_en"]
    if unit is None:
        return name
    return f"{name}{brackets[0]}{unit}{brackets[1]}"


def zone_name(zone: str, style: str = "zh") -> str:
    z = load_zones().loc[zone]
    return {"zh": z["name_zh"], "en": z["name_en"], "id": zone, "alias": z["aliases"][0]}[style]


def fmt(x: float, missing: str = "") -> str:
    """Shortest text that reads back as the same float."""
    return missing if x is None or (isinstance(x, float) and math.isnan(x)) else repr(float(x))


def _table(panel: pd.DataFrame, units: dict[str, str], lang: str, zone_style: str, year: bool):
    codes = list(panel.columns)
    head = ["高新区" if lang == "zh" else "zone"]
    if year:
        head.append("年份" if lang == "zh" else "year")
    head += [header(c, units.get(c), lang=lang) for c in codes]
    cb = load_codebook()
    rows = []
    for (zone, yr), vals in panel.iterrows():
        r: list = [zone_name(zone, zone_style)]
        if year:
            r.append(int(yr))
        for c in codes:
            canon = cb.loc[c, "unit"]
            f = UNIT_FACTORS[canon][units.get(c, canon)]
            r.append(vals[c] * f)
        rows.append(r)
    return head, rows


def write_csv(
    path: Path,
    panel: pd.DataFrame,
    *,
    encoding: str = "utf-8",
    units: dict[str, str] | None = None,
    lang: str = "zh",
    zone_style: str = "zh",
    missing: str = "",
) -> Path:
    """Long-layout CSV of ``panel`` (columns: codebook codes) in ``encoding``."""
    head, rows = _table(panel, units or {}, lang, zone_style, year=True)
    buf = io.StringIO(newline="")
    w = csv.writer(buf)
    w.writerow(head)
    for r in rows:
        w.writerow([*r[:2], *(fmt(x, missing) for x in r[2:])])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def write_xlsx(
    path: Path,
    panel: pd.DataFrame,
    *,
    layout: str = "long",
    units: dict[str, str] | None = None,
    lang: str = "zh",
    zone_style: str = "zh",
    sheet_suffix: str = "",
) -> Path:
    """XLSX of ``panel``: ``layout="long"`` (one sheet) or ``"per_year"`` (sheet per year)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)

    def put(ws, head, rows):
        ws.append(head)
        for r in rows:
            ws.append([None if isinstance(x, float) and np.isnan(x) else x for x in r])

    if layout == "long":
        put(wb.create_sheet("data"), *_table(panel, units or {}, lang, zone_style, year=True))
    else:
        for yr, sub in panel.groupby(level="year", sort=True):
            put(
                wb.create_sheet(f"{yr}{sheet_suffix}"),
                *_table(sub, units or {}, lang, zone_style, year=False),
            )
    wb.save(path)
    return path


def sample_panel() -> pd.DataFrame:
    """A small hand-made panel in canonical units (the reference for several tests)."""
    idx = pd.MultiIndex.from_tuples(
        [("dalian", 2016), ("dalian", 2017), ("shenyang", 2016), ("suizhong", 2017)],
        names=["zone", "year"],
    )
    return pd.DataFrame(
        {
            "revenue": [1234.5, 1300.25, 2100.0, np.nan],
            "rd_personnel": [15000.0, 15500.0, 21000.0, 80.0],
            "patents": [812.0, 905.0, np.nan, 3.0],
            "incubator_area": [55.5, 60.0, 48.25, 0.0],
        },
        index=idx,
    )


@pytest.fixture
def small_panel() -> pd.DataFrame:
    return sample_panel()


@pytest.fixture
def writers() -> SimpleNamespace:
    return SimpleNamespace(
        csv=write_csv,
        xlsx=write_xlsx,
        header=header,
        zone_name=zone_name,
        unit_factors=UNIT_FACTORS,
    )


def cells_csv(path: Path, rows: list[list], encoding: str = "utf-8") -> Path:
    """Write literal rows (header first) as CSV."""
    buf = io.StringIO(newline="")
    csv.writer(buf).writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def cells_xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    """Write literal rows into named sheets of an xlsx."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


@pytest.fixture
def literal() -> SimpleNamespace:
    return SimpleNamespace(csv=cells_csv, xlsx=cells_xlsx)
