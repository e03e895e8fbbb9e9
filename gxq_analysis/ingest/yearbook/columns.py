"""The columns of a yearbook table: zone, year, indicator or unknown, and their units.

:func:`map_columns` matches each header to the zone, the year, a codebook indicator (with the
factor from its unit to the codebook's) or an unknown column; :func:`read_table_units` reads the
units a title sets (``单位：万元、人``), one per kind; :func:`spec_units` the layout file's.
"""

from __future__ import annotations

import re
import unicodedata

from ...plan.codebook import RATIOS, load_codebook
from .. import units as U
from . import structure as S
from .cells import Column, blank, col_letter, column_unit, header_key, match_header
from .context import Context
from .headers import YEAR_FLAT, YEAR_KEYS, is_zone_header

_SHEET_UNIT = re.compile(r"^(?:单位|unit|units)[:：]\s*(.+)$", re.IGNORECASE)
_UNIT_LIST = re.compile(r"\s*[、,;/]\s*")  # after NFKC: 、 stays, ，；／ become ,;/


def spec_units(unit: str, sheet, ctx: Context) -> dict[str, str]:
    try:
        kind, _ = U.parse_unit(unit)
    except U.UnitError as exc:
        raise ctx.error(f"the layout file's unit: {exc}", sheet) from None
    return {kind: unit}


def read_table_units(title_rows, sheet: str | None, ctx: Context) -> dict[str, str]:
    """Units set by title cells (``单位：万元``, ``单位：万元、人``): kind -> unit as written.

    A table unit applies only to the columns of its kind, so it must name its base unit; a
    bare magnitude (``单位：万``) or an unknown unit is an error rather than a guess.
    """
    found: dict[str, tuple[str, int]] = {}  # kind -> (unit as written, factor)
    for row, cells in title_rows:
        for j, c in enumerate(cells):
            if not isinstance(c, str):
                continue
            m = _SHEET_UNIT.match(unicodedata.normalize("NFKC", c).strip())
            if not m:
                continue
            text = m.group(1).strip()
            # the whole text first: "10,000 yuan" is one unit despite its comma
            parts = [text] if _is_unit(text) else [p for p in _UNIT_LIST.split(text) if p]
            for part in parts:
                try:
                    kind, factor = U.parse_unit(part)
                except U.UnitError:
                    if U.is_bare_prefix(part):
                        msg = (
                            f"the table unit {part!r} does not say what it measures: write "
                            f"the base unit, e.g. 单位：{part}元 for money or 单位：{part}人 for "
                            "persons (a table unit applies only to columns of its kind)"
                        )
                    else:
                        msg = (
                            f"unknown table unit {part!r} in {c.strip()!r}; expected units "
                            "such as 万元, 亿元, 千元, 万人 or 万平方米, several separated by 、 "
                            "(单位：万元、人)"
                        )
                    raise ctx.error(msg, sheet, row, f"column {col_letter(j)}") from None
                if kind in found and found[kind][1] != factor:
                    raise ctx.error(
                        f"two table units of one kind, {found[kind][0]!r} and {part!r}: "
                        "columns without a unit of their own could be either; keep one",
                        sheet,
                        row,
                        f"column {col_letter(j)}",
                    )
                found[kind] = (part, factor)
    return {kind: unit for kind, (unit, _) in found.items()}


def _is_unit(text: str) -> bool:
    try:
        U.parse_unit(text)
    except U.UnitError:
        return False
    return True


def map_columns(
    header, data, hdr_row, table_units, sheet, ctx: Context, *, units_row=None, skip=()
):
    """Match each header to zone, year, an indicator code or an unknown column.

    ``units_row`` maps column positions to the unit cells of a second header row; ``skip``
    holds the positions of year columns (a wide layout), which are not indicators.
    """
    units_row = units_row or {}
    cb = load_codebook()
    cols: list[Column] = []
    zone_cols: list[Column] = []
    year_cols: list[Column] = []
    by_code: dict[str, Column] = {}
    # The package's own format (zone, year, codes) defines units by the codes: assume nothing.
    own_format = all(blank(h) or str(h).strip() in {"zone", "year", *cb.index} for h in header)
    for j, h in enumerate(header):
        if blank(h):
            if any(j < len(c) and not blank(c[j]) for _, c in data):
                label = f"column {col_letter(j)} (no header)"
                ctx.unknown.setdefault(label, []).append(sheet)
            continue
        written = " ".join(str(h).split())
        key = header_key(h)[0]
        col = Column(j, written)
        if j in skip:
            continue
        if is_zone_header(h):
            zone_cols.append(col)
            continue
        if key in YEAR_KEYS or S.header_kind(h, YEAR_FLAT):
            year_cols.append(col)
            continue
        code, unit = match_header(h, sheet, hdr_row, written, ctx)
        if code is None:
            ctx.unknown.setdefault(written, []).append(sheet)
            if any(
                key == header_key(n)[0] for r in RATIOS.values() for n in (r.name_zh, r.name_en)
            ):
                ctx.ratio_headers.add(written)
            continue
        if code in by_code:
            raise ctx.error(
                f"columns {by_code[code].header!r} and {written!r} both hold indicator "
                f"{code} ({cb.loc[code, 'name_zh']}); keep one",
                sheet,
                hdr_row,
                written,
            )
        canonical = cb.loc[code, "unit"]
        kind = U.parse_unit(canonical)[0]
        unit = column_unit(code, unit, units_row, j, table_units, sheet, hdr_row, written, ctx)
        if unit is None and kind == "元" and not own_format:
            # Torch statistics give money in 千元/万元; a plain header may be 10^4-10^5 off
            headers = ctx.assumed.setdefault(code, (canonical, {}))[1]
            headers.setdefault(written, []).append(sheet)
        try:
            col.ratio = U.conversion(unit, canonical)
        except U.UnitError as exc:
            raise ctx.error(
                f"{exc} (the codebook unit of {code}, {cb.loc[code, 'name_zh']})",
                sheet,
                hdr_row,
                written,
            ) from None
        col.code, col.percent, col.unit = code, kind == "%", unit or canonical
        col.nonnegative = bool(cb.loc[code, "nonnegative"])
        by_code[code] = col
        cols.append(col)
        ctx.units.setdefault(code, {}).setdefault(col.unit, []).append(sheet)
    for what, found in (("zone", zone_cols), ("year", year_cols)):
        if len(found) > 1:
            raise ctx.error(
                f"several {what} columns: "
                + ", ".join(repr(c.header) for c in found)
                + "; keep one",
                sheet,
                hdr_row,
                found[1].header,
            )
    return (
        cols,
        zone_cols[0] if zone_cols else None,
        year_cols[0] if year_cols else None,
    )
