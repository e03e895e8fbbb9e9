"""The data rows of a yearbook table: one zone-year each, then the check of its totals.

:func:`read_row` reads one row of a long or per-year table into the context's records (zone,
year, values converted to the codebook's units), refusing values beyond the header, bad years,
duplicates and negative amounts; :func:`check_totals` compares each total row with the sum of
its members once the sheet is read.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta
from typing import Any

import numpy as np

from ...errors import ZoneError
from ...plan.codebook import load_codebook
from ...plan.zones import load_zones, resolve_zone
from .. import units as U
from ..readers import PercentNumber, UncachedFormula
from ..schema import YEAR_MAX, YEAR_MIN
from . import structure as S, totals as T
from .cells import (
    EMPTY_ZONE,
    Column,
    Record,
    blank,
    col_letter,
    flat,
    formula_message,
    parse_number,
    show,
    total_or_section,
)
from .context import Context, Reading

_YEAR_TEXT = re.compile(r"^(\d{4})(?:\.0+)?(?:年度?)?$")


def read_row(row, cells, sheet, header, cols, zone_col, year_col, year_of_sheet, ctx: Context):
    def cell(c: Column) -> Any:
        return cells[c.j] if c.j < len(cells) else None

    reading = ctx.readings[-1]
    filled = [c for c in cells if not blank(c)]
    lead = unicodedata.normalize("NFKC", str(filled[0])).strip().lower() if filled else ""
    if len(filled) == 1 and any(lead.startswith(p) for p in S.NOTE_PREFIXES):
        ctx.notes.append(str(filled[0]).strip())
        reading.skipped.append((row, "note", str(filled[0]).strip()))
        return
    _check_width(row, cells, sheet, header, ctx)
    zone_raw = cell(zone_col)
    code_cols = {c.j: c.code for c in cols}
    if year_col is not None:
        reading.year_col = year_col.j
    if blank(zone_raw) or isinstance(zone_raw, str):
        text = "" if blank(zone_raw) else unicodedata.normalize("NFKC", zone_raw).strip()
        if not text:
            raise ctx.error(
                EMPTY_ZONE,
                sheet,
                row,
                zone_col.header,
            )
        text = S.strip_enumeration(text)
        if total_or_section(text, cells, zone_col.j, row, sheet, reading, ctx, code_cols):
            return
    try:
        zone = resolve_zone(S.strip_enumeration(str(zone_raw)))
    except ZoneError as exc:
        raise ctx.error(str(exc), sheet, row, zone_col.header) from None
    if year_col is not None:
        year = _parse_year(cell(year_col), sheet, row, year_col.header, ctx)
        if year_of_sheet is not None and year != year_of_sheet:
            raise ctx.error(
                f"year {year} in a sheet named for {year_of_sheet}", sheet, row, year_col.header
            )
    else:
        year = year_of_sheet
        if not YEAR_MIN <= year <= YEAR_MAX:
            raise ctx.error(
                f"the sheet name gives year {year}, outside the plausible range "
                f"{YEAR_MIN}–{YEAR_MAX}",
                sheet,
            )
    key = (zone, year)
    reading.member_rows.append((row, zone, cells, code_cols))
    if key in ctx.records and not ctx.records[key].wide:
        other_sheet, other_row = ctx.records[key].where
        where = (f"sheet {other_sheet!r} " if other_sheet != sheet else "") + f"row {other_row}"
        raise ctx.error(
            f"duplicate zone-year ({zone}, {year}): {str(zone_raw).strip()!r} in {year} "
            f"already appears at {where}",
            sheet,
            row,
            zone_col.header,
        )
    cb = load_codebook()
    values: dict[str, float] = {}
    for c in cols:
        v = cell(c)
        if isinstance(v, UncachedFormula):
            raise ctx.error(formula_message(v), sheet, row, c.header)
        try:
            x = parse_number(v, percent=c.percent)
        except ValueError as exc:
            raise ctx.error(f"{exc}; expected a number in {c.unit}", sheet, row, c.header) from None
        if np.isnan(x):
            values[c.code] = x
            continue
        if x < 0 and c.nonnegative:
            raise ctx.error(
                f"negative value {show(v)}: {cb.loc[c.code, 'name_zh']} ({c.code}) cannot be "
                "negative",
                sheet,
                row,
                c.header,
            )
        values[c.code] = U.convert(x, c.ratio)
        if not np.isfinite(values[c.code]):
            raise ctx.error(f"{show(v)} {c.unit} overflows when converted", sheet, row, c.header)
    if key in ctx.records:  # a wide sheet gave other indicators of this zone-year
        rec = ctx.records[key]
        both = [c for c in values if c in rec.cells]
        if both:
            s0, r0, c0 = rec.cells[both[0]]
            raise ctx.error(
                f"{both[0]} of ({zone}, {year}) is also given at sheet {s0!r} row {r0}, {c0}; "
                "keep one",
                sheet,
                row,
                zone_col.header,
            )
        rec.values.update(values)
        rec.wide = False
        rec.where = (sheet, row)
        return
    ctx.records[key] = Record((sheet, row), values)


def _check_width(row, cells, sheet, header, ctx: Context) -> None:
    """Refuse a row whose values cannot be matched to the header's columns (the loader's
    module docstring, *Rows*): a non-blank cell right of the last header, or a CSV row with too
    few fields."""
    width = len(header)
    extra = [j for j in range(width, len(cells)) if not blank(cells[j])]
    if extra:
        last = " ".join(str(header[-1]).split())
        held = ", ".join(f"column {col_letter(j)} holds {show(cells[j])}" for j in extra[:5])
        held += ", ..." if len(extra) > 5 else ""
        hint = (
            f"; the row has {len(cells)} fields but the header has {width} (a number with a "
            'thousands separator must be quoted in CSV, "1,234", or written without it)'
            if ctx.kind == "csv"
            else ""
        )
        raise ctx.error(
            f"values beyond the header's last column (column {col_letter(width - 1)}, "
            f"{last!r}): {held}{hint}; the values cannot be matched to their columns — fix the "
            "row, or give the extra column a header",
            sheet,
            row,
            f"column {col_letter(extra[0])}",
        )
    if ctx.kind == "csv" and len(cells) < width:
        raise ctx.error(
            f"the row has {len(cells)} fields but the header has {width}: which column lacks "
            "its value cannot be known; write an empty field for a missing value "
            "(大连,2016,,5)",
            sheet,
            row,
            " ".join(str(header[len(cells)]).split()) or f"column {col_letter(len(cells))}",
        )


def _parse_year(v: Any, sheet, row, header, ctx: Context) -> int:
    year: int | None = None
    if blank(v):
        raise ctx.error("the year cell is empty", sheet, row, header)
    if isinstance(v, bool | datetime | date | time | timedelta):
        raise ctx.error(
            f"expected a year such as 2016, found {type(v).__name__} {v!s} (format the "
            "column as a number)",
            sheet,
            row,
            header,
        )
    if isinstance(v, UncachedFormula):
        raise ctx.error(formula_message(v), sheet, row, header)
    if isinstance(v, int):
        year = v
    elif isinstance(v, float) and not isinstance(v, PercentNumber):
        year = int(v) if np.isfinite(v) and v == int(v) else None
    elif isinstance(v, str):
        m = _YEAR_TEXT.match(re.sub(r"\s+", "", unicodedata.normalize("NFKC", v)))
        year = int(m.group(1)) if m else None
    if year is None:
        raise ctx.error(f"expected a year such as 2016, found {show(v)}", sheet, row, header)
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise ctx.error(
            f"year {year} is outside the plausible range {YEAR_MIN}–{YEAR_MAX}", sheet, row, header
        )
    return year


def check_totals(reading: Reading, sheet, ctx: Context) -> None:
    """Compare each total row with the sum of its members in the same table (written units)."""
    if not reading.pending_totals:
        return
    zones = load_zones()
    for row, label, group, cells, code_cols in reading.pending_totals:
        if group == "other":
            reading.totals.append((row, label, "not_a_sum", ""))
            continue
        members = [(r, z, c) for r, z, c, _ in reading.member_rows]
        members = _same_year(members, cells, reading)
        if group == "national":
            want = set(zones.index[zones["level"] == "national"])
        elif group == "provincial":
            want = set(zones.index[zones["level"] == "provincial"])
        elif group == "province":
            want = set(zones.index)
        else:
            # 合计 sums the rows of the table, which an evaluator may have cut to the zones
            # needed: its members are known to be all present only in a complete table (every
            # zone, or every zone of one level)
            listed = {z for _, z, _ in members}
            levels = [set(zones.index[zones["level"] == lv]) for lv in ("national", "provincial")]
            want = next((g for g in (set(zones.index), *levels) if listed == g), set())
        mem = [(r, c) for r, z, c in members if z in want]
        if not want or {z for _, z, _ in members if z in want} != want:
            reading.totals.append((row, label, "members_missing", ""))
            continue
        checked = 0
        for j, code in code_cols.items():
            t_raw = cells[j] if j < len(cells) else None
            m_raw = [c[j] if j < len(c) else None for _, c in mem]
            try:
                t = parse_number(t_raw, percent=False)
                ms = [parse_number(v, percent=False) for v in m_raw]
            except ValueError:
                continue
            if np.isnan(t) or any(np.isnan(m) for m in ms):
                continue
            chk = T.TotalCheck(row, label, str(j), t, float(sum(ms)), len(ms),
                               T.tolerance(t_raw, m_raw))  # fmt: skip
            if not chk.ok:
                raise ctx.error(
                    f"the total {label!r} is {show(t_raw)} but its {len(ms)} members sum to "
                    f"{chk.members_sum:.10g} (rows "
                    + ", ".join(str(r) for r, _ in mem[:15])
                    + f"); the difference {t - chk.members_sum:.6g} exceeds rounding "
                    f"(±{chk.tolerance:g}): a value or a unit is wrong",
                    sheet,
                    row,
                    f"column {col_letter(j)} ({code})",
                )
            checked += 1
        reading.totals.append((row, label, "ok" if checked else "no_values", str(checked)))


def _same_year(members, total_cells, reading: Reading):
    """Members of a total in a long table are the zone rows of the same year."""
    if reading.year_col is None:
        return members
    j = reading.year_col
    year = total_cells[j] if j < len(total_cells) else None
    return [(r, z, c) for r, z, c in members if j < len(c) and flat(c[j]) == flat(year)]
