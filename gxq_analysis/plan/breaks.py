"""Known breaks in Liaoning's statistics (DESIGN §2).

A change from year ``t-1`` to ``t`` that spans a break year ``t`` compares figures compiled on
different bases; growth and shares across it are flagged, never reported as real change.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..catalogue import template
from .codebook import RATIOS


@dataclass(frozen=True)
class Break:
    """A break in the statistics: its year, the indicators it touches and what it was, as the
    catalogue key of its description (``break.<year>``) or, for a break recorded in a data
    file's metadata, that file's own note."""

    year: int
    indicators: tuple[str, ...]
    key: str | None = None
    note: str = ""

    def text(self, lang: str) -> str:
        """The description in ``lang`` (a recorded note as written)."""
        return template(self.key, lang) if self.key else self.note

    @property
    def zh(self) -> str:
        return self.text("zh")

    @property
    def en(self) -> str:
        return self.text("en")


BREAKS: tuple[Break, ...] = (
    Break(2016, ("gdp", "city_gdp", "fiscal_total", "fiscal_st"), "break.y2016"),
    Break(2019, ("gdp", "city_gdp"), "break.y2019"),
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
            note = extra.get("note")
            if note:
                found[y] = Break(y, (extra["indicator"],), note=str(note))
            else:
                found[y] = Break(y, (extra["indicator"],), "break.recorded")
    return tuple(found[y] for y in sorted(found))


def spans_break(indicator: str, start: int, end: int, panel: pd.DataFrame | None = None) -> bool:
    """Whether a comparison of ``start`` with ``end`` crosses a break affecting ``indicator``."""
    return any(start < b.year <= end for b in breaks_for(indicator, panel))
