"""Rows below a table's header that hold no data: footnotes, sources, continued tables.

:func:`strip_footer_and_repeats` drops them and records each in the sheet's reading: a note
and its continuation lines, ``续表`` and the header repeated after it, unit lines (which must
agree with the table's unit).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import units as U
from . import structure as S
from .cells import blank, flat, parse_number, show
from .columns import read_table_units
from .headers import is_zone_header


def strip_footer_and_repeats(data, header, unit_row_cells, table_units, reading, sheet, ctx):
    """Drop footnotes, source lines, continued-table titles and their repeated header rows.

    Rules: a row whose first cell starts with 注/资料来源/说明 starts the footer; while in the
    footer, a row holding one text cell continues it (``　　2. …``). A row ``续表3-12`` starts
    a continued table: unit lines and rows equal to the header (or to its units row) right
    after it are skipped; a different header there is an error (the columns would shift).
    """
    out = []
    footer = False
    continued = False
    head_key = [flat(h) if not blank(h) else "" for h in header]
    units_key = (
        [flat(h) if not blank(h) else "" for h in unit_row_cells] if unit_row_cells else None
    )
    for row, cells in data:
        filled = [c for c in cells if not blank(c)]
        one_text = len(filled) == 1 and isinstance(filled[0], str)
        if filled and S.is_note(filled[0]) and all(isinstance(c, str) for c in filled):
            footer = True
            reason = S.footer_kind(filled[0])
            reading.skipped.append((row, reason, str(filled[0]).strip()))
            ctx.notes.append(" ".join(str(c).strip() for c in filled))
            continue
        if footer and one_text and (S.is_note_continuation(filled[0]) or not _numeric(filled[0])):
            reading.skipped.append((row, "note", str(filled[0]).strip()))
            ctx.notes.append(str(filled[0]).strip())
            continue
        footer = False
        if one_text and S.is_continued(filled[0]):
            continued = True
            reading.skipped.append((row, "continued", str(filled[0]).strip()))
            continue
        if one_text and S.unit_line(filled[0]) is not None:
            unit = S.unit_line(filled[0])
            units = read_table_units([(row, (filled[0],))], sheet, ctx)
            clash = [k for k, u in units.items() if k in table_units and
                     U.parse_unit(u)[1] != U.parse_unit(table_units[k])[1]]  # fmt: skip
            if clash:
                raise ctx.error(
                    f"the unit line {unit!r} differs from the table's unit "
                    f"{table_units[clash[0]]!r}: the rows below could be in either",
                    sheet,
                    row,
                )
            reading.skipped.append((row, "unit_line", str(filled[0]).strip()))
            continue
        row_key = [flat(c) if not blank(c) else "" for c in cells]
        trimmed = row_key[: len(head_key)]
        if continued and trimmed == head_key and len(row_key) <= len(head_key):
            reading.skipped.append((row, "repeated_header", show(filled[0])))
            continue
        if continued and units_key is not None and row_key == units_key[: len(row_key)]:
            reading.skipped.append((row, "repeated_header", show(filled[0])))
            continue
        if continued and any(is_zone_header(c) for c in cells):
            raise ctx.error(
                "the continued table's header differs from the first header: its columns "
                "cannot be matched; repeat the header exactly or split the table into sheets",
                sheet,
                row,
            )
        continued = False
        out.append((row, cells))
    return out


def _numeric(v: Any) -> bool:
    try:
        return not np.isnan(parse_number(v, percent=True))
    except ValueError:
        return False
