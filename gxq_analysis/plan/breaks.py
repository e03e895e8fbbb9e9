"""Known breaks in Liaoning's statistics (DESIGN §2).

A change from year ``t-1`` to ``t`` that spans a break year ``t`` compares figures compiled on
different bases; growth and shares across it are flagged, never reported as real change.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .codebook import RATIOS


@dataclass(frozen=True)
class Break:
    year: int
    indicators: tuple[str, ...]
    zh: str
    en: str


BREAKS: tuple[Break, ...] = (
    Break(
        2016,
        ("gdp", "city_gdp", "fiscal_total", "fiscal_st"),
        "2016年辽宁挤出统计数据水分，地区生产总值等指标大幅下修（城市GDP一年下降20%–40%）",
        "2016 correction of Liaoning's inflated statistics: GDP and related figures revised "
        "down sharply (city GDP fell 20–40% in one year)",
    ),
    Break(
        2019,
        ("gdp", "city_gdp"),
        "2019年第四次全国经济普查后地区生产总值数据修订",
        "2019 revision of GDP after the fourth national economic census",
    ),
)


def breaks_for(indicator: str, panel: pd.DataFrame | None = None) -> tuple[Break, ...]:
    """Breaks affecting an indicator (a ratio is affected through either input).

    Breaks recorded in ``panel.attrs["breaks"]`` (list of dicts with ``indicator`` and
    ``year``) are added to the known ones.
    """
    r = RATIOS.get(indicator)
    inputs = {r.numerator, r.denominator} if r else {indicator}
    found = {b.year: b for b in BREAKS if inputs & set(b.indicators)}
    for extra in panel.attrs.get("breaks", []) if panel is not None else []:
        if extra.get("indicator") in inputs and int(extra["year"]) not in found:
            y = int(extra["year"])
            note = str(extra.get("note", "break recorded in the data's metadata"))
            found[y] = Break(y, (extra["indicator"],), note, note)
    return tuple(found[y] for y in sorted(found))


def spans_break(indicator: str, start: int, end: int, panel: pd.DataFrame | None = None) -> bool:
    """Whether a comparison of ``start`` with ``end`` crosses a break affecting ``indicator``."""
    return any(start < b.year <= end for b in breaks_for(indicator, panel))
