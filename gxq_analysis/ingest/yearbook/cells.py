"""Cells and headers of a yearbook sheet, shared by the loader and the wide layouts.

What every layout needs to read one sheet: the row and column types a reading builds
(:class:`Column`, :class:`Record`), numbers as printed (:func:`parse_number`: ``1,234.5``,
full-width digits, ``—`` for missing), indicator headers (:func:`match_header`: names, aliases,
units in brackets, bilingual lines, ``#`` sub-items), the unit of a column (header, units row,
unit line; two that disagree are refused) and total or section rows among the zones.

Functions that can fail take the loader's reading context ``ctx`` and raise ``ctx.error(...)``,
a :class:`~gxq_analysis.errors.DataError` naming file, sheet, row and column.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any

import numpy as np

from ...plan.codebook import header_table, load_codebook, normalize_header
from .. import units as U
from ..readers import PercentNumber, UncachedFormula
from . import structure as S, totals as T

TOTAL_ROWS = (
    "合计", "总计", "小计", "全省", "全省合计", "辽宁", "辽宁省", "全国", "平均", "平均值",
    "total", "grand total", "sum", "average", "mean",
)  # fmt: skip


MISSING_TOKENS = frozenset(
    {"", "—", "——", "―", "-", "--", "–", "…", "……", "...", "......", "n.a.", "n.a", "na",
     "n/a", "/", "nan", "#n/a"}
)  # fmt: skip


_NUM = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$")


_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:[, ]\d{3})+(?:\.\d+)?$")


def header_key(text: Any) -> tuple[str, str | None]:
    # normalize_header works on one line; headers often wrap ("营业收入\n（万元）")
    return normalize_header(" ".join(str(text).split()))


_TOTAL_KEYS = frozenset(re.sub(r"\s+", "", h.lower()) for h in TOTAL_ROWS)


@dataclass
class Record:
    where: tuple[str | None, int]  # sheet, row
    values: dict[str, float]
    wide: bool = False  # from a wide layout: other sheets may add other indicators
    cells: dict[str, tuple[str | None, int, str]] = field(default_factory=dict)


def blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def col_letter(j: int) -> str:
    s, n = "", j + 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


@dataclass
class Column:
    j: int
    header: str  # as written (or "column C" when blank)
    code: str | None = None
    ratio: tuple[int, int] = (1, 1)
    percent: bool = False
    unit: str = ""  # the unit the column's values are read in
    nonnegative: bool = True


def cell_unit(text: Any, sheet, row, col, ctx) -> str:
    """The unit of a units-row cell; a bilingual cell (千元 / 1000 yuan) must agree."""
    parts = [re.sub(r"^[(（\[]|[)）\]]$", "", ln.strip()) for ln in S.lines(text)]
    parts = [p for p in parts if S.flat(p) not in S.UNIT_KEYS]
    found: dict[tuple[str, int], str] = {}
    for p in parts:
        try:
            found.setdefault(U.parse_unit(p), p)
        except U.UnitError:
            found.setdefault(("?", 0), p)
    if len(found) > 1:
        raise ctx.error(
            "two units in one cell, " + " and ".join(map(repr, found.values())) + ", that "
            "disagree: the column's values could be in either",
            sheet,
            row,
            col,
        )
    return next(iter(found.values()))


def column_unit(code, written_unit, units_row, j, table_units, sheet, row, header, ctx):
    """The unit of one column from its header, the units row and the unit line; a column
    with two units that disagree is refused (its values could be in either)."""
    cb = load_codebook()
    kind = U.parse_unit(cb.loc[code, "unit"])[0]
    unit = written_unit
    if j in units_row:
        cell = cell_unit(units_row[j], sheet, row + 1, f"column {col_letter(j)}", ctx)
        if unit is not None and factor(unit, kind) != factor(cell, kind):
            raise ctx.error(
                f"two units for one column: {unit!r} in the header and {cell!r} in the units "
                "row below it; its values could be in either",
                sheet,
                row,
                header,
            )
        tu = table_units.get(kind)
        if unit is None and tu is not None and factor(tu, kind) != factor(cell, kind):
            raise ctx.error(
                f"two units for one column: {tu!r} in the unit line and {cell!r} in the units "
                "row; its values could be in either",
                sheet,
                row + 1,
                header,
            )
        unit = cell
    if unit is None and kind in table_units:
        unit = table_units[kind]
    return unit


def factor(unit: str, kind: str) -> tuple[str, int] | None:
    try:
        return U.parse_unit(unit, default_kind=kind)
    except U.UnitError:
        return None


def total_or_section(text, cells, zone_j, row, sheet, reading, ctx, code_cols) -> bool:
    """Record a total row (合计, 全省; checked later) or a section heading (a group label such
    as ``一、国家级高新区`` with no value in the row); True when the row is either."""
    group = T.total_group(text)
    if group is None and re.sub(r"\s+", "", text.lower()) not in _TOTAL_KEYS:
        return False
    if all(blank(c) for j, c in enumerate(cells) if j != zone_j):
        ctx.skipped.append({"sheet": sheet, "row": row, "zone": text, "reason": "section"})
        reading.skipped.append((row, "section", text))
        return True
    ctx.skipped.append({"sheet": sheet, "row": row, "zone": text, "reason": "total"})
    reading.skipped.append((row, "total", text))
    reading.pending_totals.append((row, text, group or "other", cells, code_cols))
    return True


def show_h(h: Any) -> str:
    return " ".join(str(h).split())


def flat(text: Any) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))).lower()


@cache
def full_names() -> dict[str, str]:
    """Flattened codebook name -> code, brackets kept.

    ``header_table()`` splits a trailing bracket off every name as if it were a unit, so a name
    with brackets of its own ("R&D institutions (provincial level and above)") is only found
    here.
    """
    out: dict[str, str] = {}
    for code, row in load_codebook().iterrows():
        for n in (code, row["name_zh"], row["name_en"], *row["aliases"]):
            out.setdefault(flat(n), code)
    return out


_LAST_BRACKET = re.compile(r"^(.*)[(\[]\s*([^()\[\]]+?)\s*[)\]]$")  # greedy: the last group


def match_indicator(header: Any) -> tuple[str | None, str | None]:
    """(code, unit as written or None) of an indicator header, or (None, None)."""
    text = " ".join(unicodedata.normalize("NFKC", str(header)).split())
    full = full_names()
    if flat(text) in full:
        return full[flat(text)], None
    m = _LAST_BRACKET.match(text)
    if m and flat(m.group(1)) in full:
        return full[flat(m.group(1))], m.group(2)
    key, unit = header_key(text)
    table = header_table()
    if key in table:
        return table[key], unit
    # a unit written without brackets: "营业收入万元"
    for sp in U.spellings():
        if key.endswith(sp) and key[: -len(sp)] in table:
            return table[key[: -len(sp)]], sp
    return None, None


def match_header(h: Any, sheet, row, column, ctx) -> tuple[str | None, str | None]:
    """(code, unit) of a header as yearbooks print it.

    Tried in order: the whole cell; without an "of which" mark (``#技术收入``); each line of a
    bilingual cell (``营业收入\nTotal Income``). Lines that name different indicators, or give
    different units, are two readings and refused.
    """
    code, unit = match_indicator(h)
    if code is not None:
        return code, unit
    text = str(h)
    found = []
    for ln in S.lines(text) or [text]:
        c, u = match_indicator(S.strip_marks(S.strip_of_which(ln)))
        if c is not None:
            found.append((c, u, ln))
    if not found:
        return None, None
    codes = {c for c, _, _ in found}
    if len(codes) > 1:
        raise ctx.error(
            "the header's lines name different indicators: "
            + ", ".join(f"{ln!r} ({c})" for c, _, ln in found),
            sheet,
            row,
            column,
        )
    units = {u for _, u, _ in found if u is not None}
    kind = U.parse_unit(load_codebook().loc[found[0][0], "unit"])[0]
    if len({factor(u, kind) for u in units}) > 1:
        raise ctx.error(
            "the header's lines give different units: " + ", ".join(map(repr, sorted(units))),
            sheet,
            row,
            column,
        )
    return found[0][0], next(iter(units), None)


def show(v: Any) -> str:
    return repr(v) if isinstance(v, str) else f"{v:g}" if isinstance(v, float) else repr(v)


def formula_message(v: UncachedFormula) -> str:
    return (
        f"the cell holds the formula {v.formula!r} without a stored result; formulas are never "
        "evaluated here: open and save the file in Excel/WPS, or paste values"
    )


def parse_number(v: Any, *, percent: bool) -> float:
    """One cell as a float in the header's unit (NaN for missing); ValueError says why not."""
    if v is None:
        return np.nan
    if isinstance(v, bool):
        raise ValueError(f"found the logical value {v}")
    if isinstance(v, datetime | date | time | timedelta):
        raise ValueError(f"found a date/time {v!s}")
    if isinstance(v, PercentNumber):  # shown as 12.5% in Excel, stored as 0.125
        if not percent:
            raise ValueError(f"found a percentage ({float(v) * 100:g}%)")
        return float(v) * 100.0
    if isinstance(v, int | float):
        x = float(v)
        if not np.isfinite(x):
            raise ValueError(f"found {x}")
        return x
    s = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", str(v))).strip()
    if s.lower() in MISSING_TOKENS:
        return np.nan
    is_pct = s.endswith("%")
    t = s[:-1].strip() if is_pct else s
    if _GROUPED.match(t):
        t = t.replace(",", "").replace(" ", "")
    if not _NUM.match(t.lower()):
        raise ValueError(f"found text {v!r}" if isinstance(v, str) else f"found {v!r}")
    if is_pct and not percent:
        raise ValueError(f"found a percentage {v!r}")
    x = float(t)
    if not np.isfinite(x):
        raise ValueError(f"found {v!r}, too large to be a number")
    return x


#: A data row without its zone: Excel stores a merged cell's text in its first cell only.
EMPTY_ZONE = (
    "the zone cell is empty but the row has values (merged cells are filled "
    "down only where Excel merged them: write the zone name in every row)"
)
