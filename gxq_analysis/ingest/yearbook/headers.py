"""The header of a yearbook sheet: where it is, how many rows it spans, what it names.

The header row is the first (of the first :data:`HEADER_SEARCH_ROWS`) with a zone header
(:data:`ZONE_HEADERS`), or with an indicator header and year columns (a city-yearbook page);
a zone cell merged down several rows makes a header band, whose rows are joined into one
(:func:`band_header`); merged cells are filled where their text is meant
(:func:`fill_merged`); a second header row of units is told apart by :func:`is_units_row`.
"""

from __future__ import annotations

import re
from typing import Any

from .. import units as U
from . import structure as S
from .cells import blank, col_letter, header_key, match_indicator
from .context import Context
from .mapping import SheetLayout

HEADER_SEARCH_ROWS = 10

ZONE_HEADERS = (
    "高新区", "高新区名称", "园区", "园区名称", "开发区", "开发区名称", "高新技术产业开发区",
    "名称", "单位名称", "地区", "zone", "zone id", "zone_id", "zone name", "park", "name",
)  # fmt: skip
YEAR_HEADERS = ("年份", "年度", "年", "统计年度", "year", "yr")

ZONE_KEYS = frozenset(header_key(h)[0] for h in ZONE_HEADERS)
YEAR_KEYS = frozenset(header_key(h)[0] for h in YEAR_HEADERS)
ZONE_FLAT = frozenset(S.flat(h) for h in ZONE_HEADERS)
YEAR_FLAT = frozenset(S.flat(h) for h in YEAR_HEADERS)


def find_header(rows, spec: SheetLayout, sheet, ctx: Context) -> tuple[int | None, str]:
    """Position of the header row among ``rows`` and its kind (``zone``: zones as rows;
    ``per_zone``: indicators as rows, years as columns)."""
    if spec.header_rows:
        first = spec.header_rows[0]
        pos = next((k for k, (i, _) in enumerate(rows) if i == first), None)
        if pos is None:
            raise ctx.error(
                f"the layout file's header_rows names row {first}, which is empty or beyond "
                f"the sheet's last row ({rows[-1][0]})",
                sheet,
                first,
            )
        is_zone = any(is_zone_header(c) for c in rows[pos][1])
        return pos, "zone" if is_zone or spec.layout != "per_zone" else "per_zone"
    for k, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if any(is_zone_header(c) for c in cells):
            return k, "zone"
        if any(S.header_kind(c, S.INDICATOR_KEYS) for c in cells) and any(
            S.year_header(c) is not None for c in cells
        ):
            return k, "per_zone"
    return None, ""


def is_zone_header(c: Any) -> bool:
    if blank(c):
        return False
    if header_key(c)[0] in ZONE_KEYS or S.header_kind(c, ZONE_FLAT):
        return True
    # a corner cell with a diagonal: 项目/地区 (columns are items, rows are zones)
    parts = S.corner_parts(c)
    return (
        bool(parts)
        and sorted(p in ZONE_FLAT for p in parts) == [False, True]
        and any(p in S.INDICATOR_KEYS for p in parts)
    )


MAX_HEADER_ROWS = 3


def header_band(rows, hdr_pos: int, merged, spec: SheetLayout, sheet, ctx: Context) -> int:
    """How many rows the header spans: the rows its zone cell is merged down (地区 over
    经济指标 / 营业收入 / 万元), else 1. More than :data:`MAX_HEADER_ROWS` is refused."""
    if spec.header_rows or not merged:
        return 1
    hdr_row, cells = rows[hdr_pos]
    zone_js = [j for j, c in enumerate(cells) if is_zone_header(c)]
    spans = [r2 - r1 + 1 for r1, c1, r2, c2 in merged
             if r1 == hdr_row and c1 - 1 in zone_js and r2 > r1]  # fmt: skip
    if not spans:
        return 1
    band = max(spans)
    if band > MAX_HEADER_ROWS:
        raise ctx.error(
            f"the zone header is merged down {band} rows (to row {hdr_row + band - 1}): a "
            f"header of more than {MAX_HEADER_ROWS} rows is not read; give its rows in a "
            "layout file (header_rows = [names, units])",
            sheet,
            hdr_row,
            f"column {col_letter(zone_js[0])}",
        )
    following = [r for r, _ in rows[hdr_pos : hdr_pos + band]]
    if following != list(range(hdr_row, hdr_row + band)):  # pragma: no cover - merged cells fill
        return 1
    return band


def band_header(name_rows) -> tuple:
    """One header row from the name rows of a header band (:func:`.structure.band_header`)."""
    width = max(len(c) for c in name_rows)
    out = []
    for j in range(width):
        texts = [c[j] if j < len(c) else None for c in name_rows]
        if all(blank(t) for t in texts):
            out.append(None)
        elif all(blank(t) or not isinstance(t, str) for t in texts):
            out.append(next(t for t in reversed(texts) if not blank(t)))  # a year as a number
        else:
            strs = [str(t) if not blank(t) else None for t in texts]
            out.append(S.band_header(strs, _names_indicator))
    return tuple(out)


def labels_over_years(upper_rows, header) -> list[str]:
    """Texts of the upper header rows that stand over year columns only."""
    out = []
    for cells in upper_rows:
        for j, c in enumerate(cells):
            over_year = j < len(header) and S.year_header(header[j]) is not None
            if over_year and isinstance(c, str) and c.strip() and S.year_header(c) is None:
                out.append(" ".join(c.split()))
    return list(dict.fromkeys(out))


def _names_indicator(text: str) -> bool:
    """True when a header text (or one line of it, ``#`` removed) names a codebook indicator."""
    if match_indicator(text)[0] is not None:
        return True
    return any(match_indicator(S.strip_of_which(ln))[0] is not None for ln in S.lines(text))


def fill_merged(rows, merged, hdr_pos: int, band: int = 1):
    """Copy the text of merged cells into the cells the merge covers, where it is meant.

    Excel stores a merged cell's value in its first cell only. Header cells merged down or
    across (地区 over two header rows) and zone names merged down their year rows (a long
    table) are filled; numbers merged across data columns are not (that would duplicate them).
    """
    if not merged:
        return rows
    grid = {i: list(cells) for i, cells in rows}
    order = [i for i, _ in rows]
    hdr = order[hdr_pos] if hdr_pos < len(order) else None
    for r1, c1, r2, c2 in merged:
        top = grid.get(r1)
        if top is None or c1 - 1 >= len(top) or blank(top[c1 - 1]):
            continue
        value = top[c1 - 1]
        in_header = hdr is not None and hdr <= r1 <= hdr + max(band - 1, 1)
        if not in_header and (c2 != c1 or not isinstance(value, str)):
            continue  # only text merged down one column in the data region
        for r in range(r1, r2 + 1):
            if r not in grid:
                grid[r] = []
                order.append(r)
            cells = grid[r]
            for c in range(c1, c2 + 1):
                while len(cells) < c:
                    cells.append(None)
                if blank(cells[c - 1]):
                    cells[c - 1] = value
    return [(i, tuple(grid[i])) for i in sorted(set(order))]


def is_units_row(cells, header, spec: SheetLayout) -> bool:
    """Rule for the second header row: every non-blank cell is a unit (万元, 人, 个, 千美元),
    at least one is, and none stands under the zone column except a label 单位/计量单位."""
    if spec.header_rows is not None:
        return len(spec.header_rows) == 2
    filled = [(j, c) for j, c in enumerate(cells) if not blank(c)]
    if not filled:
        return False
    units = 0
    for j, c in filled:
        if not isinstance(c, str):
            return False
        if S.flat(c) in S.UNIT_KEYS or (j < len(header) and is_zone_header(header[j])):
            continue
        if not all(_unitish(ln) for ln in S.lines(c)):
            return False
        units += 1
    return units > 0


def _unitish(text: str) -> bool:
    text = re.sub(r"^[(（\[]|[)）\]]$", "", text.strip())
    try:
        U.parse_unit(text)
    except U.UnitError as exc:
        return "foreign currency" in str(exc) or U.is_bare_prefix(text)
    return True
