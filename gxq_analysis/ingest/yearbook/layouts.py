"""Wide yearbook layouts: one sheet per indicator, and one sheet per zone.

- *per indicator* (:func:`read_per_indicator`): zones as rows, years as columns
  (``2015年`` … ``2020年``), the indicator named by the sheet (``营业收入（亿元）``), the title,
  a label over the year columns, or the layout file;
- *per zone* (:func:`read_per_zone`): a city-yearbook page, indicators as rows with a
  ``计量单位`` column, years as columns, the zone named by the sheet, the title or the layout
  file.

The loader (:mod:`gxq_analysis.ingest.loader`) finds the header and decides the layout; these
functions read the rows into its context, recording every decision in the sheet's reading.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

from ...errors import ZoneError
from ...plan.codebook import load_codebook
from ...plan.zones import resolve_zone, zones_named_in
from .. import units as U
from ..readers import UncachedFormula
from ..schema import YEAR_MAX, YEAR_MIN
from . import structure as S
from .cells import (
    EMPTY_ZONE,
    Column,
    Record,
    blank,
    col_letter,
    column_unit,
    factor,
    flat,
    formula_message,
    full_names,
    match_header,
    match_indicator,
    parse_number,
    show,
    show_h,
    total_or_section,
)


def indicator_of_sheet(name, title_texts, spec, reading, ctx):
    """(code, unit or None) of a per-indicator sheet: layout file, sheet name or title."""
    if spec.indicator is not None:
        code, unit = match_indicator(spec.indicator)
        if code is None:
            raise ctx.error(
                f"the layout file's indicator {spec.indicator!r} is not in the codebook "
                "(`gxq codebook` lists names, aliases and codes)",
                name,
            )
        reading.indicator_from = ("mapping", code)
        return code, unit
    found = []
    if name is not None:
        code, unit = match_header(S.table_number_free(name), name, None, None, ctx)
        if code is not None:
            found.append(("sheet_name", code, unit))
    for t in title_texts:
        code, unit = match_header(t, name, None, None, ctx)
        if code is not None:  # the whole title is an indicator: 营业收入（亿元）
            found.append(("title", code, unit))
            continue
        for code in indicators_named_in(t):
            found.append(("title", code, None))
    codes = list(dict.fromkeys(c for _, c, _ in found))
    if len(codes) > 1:
        raise ctx.error(
            "the sheet name and title name several indicators ("
            + ", ".join(codes)
            + "): which one the table holds cannot be known; give it in a layout file "
            '(indicator = "营业收入")',
            name,
        )
    if not codes:
        raise ctx.error(
            "years as columns and zones as rows, but neither the sheet name nor the title "
            "names an indicator of the codebook; name the sheet after it (营业收入（亿元）) "
            'or give it in a layout file (indicator = "营业收入")',
            name,
        )
    src, code, unit = found[0]
    unit = next((u for _, c, u in found if u is not None), unit)
    reading.indicator_from = (src, code)
    return code, unit


def indicators_named_in(text: str) -> list[str]:
    """Codes whose Chinese name or alias occurs in a title, longest names first."""
    s = flat(text)
    names = sorted(
        ((n, code) for n, code in full_names().items() if re.search(r"[\u4e00-\u9fff]", n)),
        key=lambda t: len(t[0]),
        reverse=True,
    )
    found, taken = [], [False] * len(s)
    for n, code in names:
        k = s.find(n)
        if k >= 0 and not any(taken[k : k + len(n)]):
            taken[k : k + len(n)] = [True] * len(n)
            found.append(code)
    return list(dict.fromkeys(found))


def wide_column(code, unit, sheet, row, header, ctx) -> Column:
    cb = load_codebook()
    canonical = cb.loc[code, "unit"]
    kind = U.parse_unit(canonical)[0]
    col = Column(-1, header)
    if unit is None and kind == "元":
        ctx.assumed.setdefault(code, (canonical, {}))[1].setdefault(header, []).append(sheet)
    try:
        col.ratio = U.conversion(unit, canonical)
    except U.UnitError as exc:
        raise ctx.error(
            f"{exc} (the codebook unit of {code}, {cb.loc[code, 'name_zh']})", sheet, row, header
        ) from None
    col.code, col.percent, col.unit = code, kind == "%", unit or canonical
    col.nonnegative = bool(cb.loc[code, "nonnegative"])
    ctx.units.setdefault(code, {}).setdefault(col.unit, []).append(sheet)
    return col


def read_per_indicator(name, header, zone_col, year_cols, data, title_texts, units_row,
                        table_units, spec, reading, hdr_row, ctx) -> None:  # fmt: skip
    """Zones as rows, years as columns, one indicator per sheet."""
    code, unit = indicator_of_sheet(name, title_texts, spec, reading, ctx)
    kind = U.parse_unit(load_codebook().loc[code, "unit"])[0]
    row_units = {u for j, u in units_row.items() if j in year_cols}
    if len({factor(u, kind) for u in row_units}) > 1:
        raise ctx.error(
            "the units row gives several units for the year columns: "
            + ", ".join(map(repr, sorted(row_units))),
            name,
            hdr_row + 1,
        )
    first_year_col = min(year_cols)
    unit = column_unit(code, unit, {first_year_col: next(iter(row_units))} if row_units else {},
                        first_year_col, table_units, name, hdr_row, show_h(name), ctx)  # fmt: skip
    if unit is not None and reading.indicator_from[0] == "sheet_name" and not units_row:
        reading.units.append(("sheet_name", None, unit))
    col = wide_column(code, unit, name, hdr_row, show_h(header[first_year_col]), ctx)
    ctx.used[name] = "per_indicator"
    for row, cells in data:
        zone = row_zone(cells, zone_col, row, name, reading, ctx, {j: code for j in year_cols})
        if zone is None:
            continue
        for j, year in year_cols.items():
            v = cells[j] if j < len(cells) else None
            put(zone, year, col, v, name, row, j, header, ctx)
    extra = [
        (row, j) for row, cells in data for j in range(len(header), len(cells))
        if not blank(cells[j])
    ]  # fmt: skip
    if extra:
        raise ctx.error(
            "a value beyond the header's last column: it cannot be matched to a year",
            name,
            extra[0][0],
            f"column {col_letter(extra[0][1])}",
        )


def read_per_zone(name, header, year_cols, data, title_texts, units_row, table_units, spec,
                   reading, hdr_row, ctx) -> None:  # fmt: skip
    """A city-yearbook page: one zone, indicators as rows (with a 计量单位 column), years as
    columns."""
    reading.layout = "per_zone"
    zone = zone_of_sheet(name, title_texts, spec, reading, ctx)
    ind_col = next(j for j, h in enumerate(header) if S.header_kind(h, S.INDICATOR_KEYS))
    unit_col = next((j for j, h in enumerate(header) if S.header_kind(h, S.UNIT_KEYS)), None)
    if unit_col is not None:
        reading.units.append(("unit_column", None, show_h(header[unit_col])))
    if not year_cols:
        raise ctx.error("no year columns (2016, 2016年) in the header", name, hdr_row)
    for j, h in enumerate(header):  # 序号, 比上年增长（%）, 备注: reported, not read
        if j not in year_cols and j not in (ind_col, unit_col) and not blank(h):
            ctx.unknown.setdefault(show_h(h), []).append(name)
    ctx.used[name] = "per_zone"
    seen: dict[str, int] = {}
    for row, cells in data:
        label = cells[ind_col] if ind_col < len(cells) else None
        if blank(label):
            if any(not blank(cells[j]) for j in year_cols if j < len(cells)):
                raise ctx.error("a row with values but no indicator name", name, row,
                                f"column {col_letter(ind_col)}")  # fmt: skip
            continue
        code, unit = match_header(label, name, row, f"column {col_letter(ind_col)}", ctx)
        written = " ".join(str(label).split())
        if code is None:
            ctx.unknown.setdefault(written, []).append(name)
            continue
        if code in seen:
            raise ctx.error(
                f"indicator {code} appears in rows {seen[code]} and {row}; keep one", name, row
            )
        seen[code] = row
        row_unit = cells[unit_col] if unit_col is not None and unit_col < len(cells) else None
        units = {unit_col: row_unit} if not blank(row_unit) else {}
        unit = column_unit(code, unit, units, unit_col, table_units, name, row - 1, written, ctx)
        col = wide_column(code, unit, name, row, written, ctx)
        for j, year in year_cols.items():
            v = cells[j] if j < len(cells) else None
            put(zone, year, col, v, name, row, j, header, ctx)


def zone_of_sheet(name, title_texts, spec, reading, ctx) -> str:
    """The zone of a per-zone page: layout file, sheet name, or the one zone its title names."""
    if spec.zone is not None:
        try:
            zone = resolve_zone(spec.zone)
        except ZoneError as exc:
            raise ctx.error(f"the layout file's zone: {exc}", name) from None
        reading.zone_from = ("mapping", zone)
        return zone
    from_name, name_error = None, None
    if name is not None:
        try:
            from_name = resolve_zone(S.table_number_free(name))
        except ZoneError as exc:
            name_error = exc
    in_title = list(dict.fromkeys(z for t in title_texts for z, _ in zones_named_in(t)))
    if from_name is not None:
        if in_title and in_title != [from_name]:
            raise ctx.error(
                f"the sheet name names zone {from_name} but the title names "
                + ", ".join(in_title)
                + '; give the zone in a layout file (zone = "沈阳")',
                name,
            )
        reading.zone_from = ("sheet_name", from_name)
        return from_name
    if len(in_title) == 1:
        reading.zone_from = ("title", in_title[0])
        return in_title[0]
    if len(in_title) > 1:
        raise ctx.error(
            "the title names several zones (" + ", ".join(in_title) + "): which one the page "
            'holds cannot be known; give it in a layout file (zone = "沈阳")',
            name,
        )
    raise ctx.error(
        "indicators as rows, but neither the sheet name nor the title names a zone"
        + (f" ({name_error})" if name_error is not None else "")
        + '; name the sheet after the zone or give it in a layout file (zone = "沈阳")',
        name,
    )


def row_zone(cells, zone_col, row, sheet, reading, ctx, code_cols) -> str | None:
    """The zone of a data row, or None for a total row (recorded for the sum check)."""
    raw = cells[zone_col.j] if zone_col.j < len(cells) else None
    if blank(raw):
        if any(not blank(c) for c in cells):
            raise ctx.error(
                EMPTY_ZONE,
                sheet,
                row,
                zone_col.header,
            )
        return None
    text = S.strip_enumeration(unicodedata.normalize("NFKC", str(raw)).strip())
    if total_or_section(text, cells, zone_col.j, row, sheet, reading, ctx, code_cols):
        return None
    try:
        zone = resolve_zone(S.strip_enumeration(str(raw)))
    except ZoneError as exc:
        raise ctx.error(str(exc), sheet, row, zone_col.header) from None
    reading.member_rows.append((row, zone, cells, code_cols))
    return zone


def put(zone, year, col: Column, v, sheet, row, j, header, ctx) -> None:
    """Store one value of a wide layout; the same indicator of a zone-year twice is refused."""
    where = f"column {col_letter(j)}" + (
        f" ({show_h(header[j])})" if j < len(header) and not blank(header[j]) else ""
    )
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise ctx.error(
            f"year {year} is outside the plausible range {YEAR_MIN}–{YEAR_MAX}", sheet, row, where
        )
    if isinstance(v, UncachedFormula):
        raise ctx.error(formula_message(v), sheet, row, where)
    try:
        x = parse_number(v, percent=col.percent)
    except ValueError as exc:
        raise ctx.error(f"{exc}; expected a number in {col.unit}", sheet, row, where) from None
    if not np.isnan(x):
        if x < 0 and col.nonnegative:
            raise ctx.error(f"negative value {show(v)}: {col.code} cannot be negative",
                            sheet, row, where)  # fmt: skip
        x = U.convert(x, col.ratio)
    key = (zone, year)
    rec = ctx.records.get(key)
    if rec is None:
        rec = ctx.records[key] = Record((sheet, row), {}, wide=True)
    elif not rec.wide and col.code in rec.values:
        other_sheet, other_row = rec.where
        raise ctx.error(
            f"{col.code} of ({zone}, {year}) is also given at sheet {other_sheet!r} row "
            f"{other_row}; keep one",
            sheet,
            row,
            where,
        )
    if col.code in rec.cells:
        s0, r0, c0 = rec.cells[col.code]
        raise ctx.error(
            f"{col.code} of ({zone}, {year}) is given twice; also at "
            + (f"sheet {s0!r} " if s0 != sheet else "")
            + f"row {r0}, {c0}; keep one",
            sheet,
            row,
            where,
        )
    rec.cells[col.code] = (sheet, row, where)
    rec.values[col.code] = x
