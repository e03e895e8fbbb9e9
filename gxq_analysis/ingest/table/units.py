"""The unit of each value: from its column, its row, the table's surroundings or a unit line.

A value's unit may be written in four places: the column's header (``营业收入（万元）``) or a
units row under it; the row's unit column (``计量单位``) or its indicator label (a city-yearbook
page); the sheet name or title that names the indicator (``营业收入（亿元）``); a unit line
(``单位：万元``, which applies to the values *of its kind* that state no unit) or the layout
file's ``unit``. Written units that disagree are refused (the value could be in either); a money
value with no unit anywhere is read in the codebook's unit and reported (Torch tables print
千元 and 万元).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ...catalogue import Key, Named, Quoted, Words
from ...plan.codebook import load_codebook
from .. import units as U
from .cells import CellError, factor, kind_of

_SHEET_UNIT = re.compile(r"^(?:单位|计量单位|unit|units)[:：]\s*(.+)$", re.IGNORECASE)
_UNIT_LIST = re.compile(r"\s*[、,;/]\s*")  # after NFKC: 、 stays, ，；／ become ,;/


def unit_line_units(text: str) -> dict[str, str]:
    """Units a unit line sets (``单位：万元``, ``单位：万元、人``): kind -> unit as written.

    A table unit applies only to the values of its kind, so it must name its base unit; a bare
    magnitude (``单位：万``) or an unknown unit is a CellError rather than a guess.
    """
    m = _SHEET_UNIT.match(unicodedata.normalize("NFKC", text).strip())
    if not m:
        return {}
    body = m.group(1).strip()
    # the whole text first: "10,000 yuan" is one unit despite its comma
    parts = [body] if _is_unit(body) else [p for p in _UNIT_LIST.split(body) if p]
    found: dict[str, tuple[str, int]] = {}
    for part in parts:
        try:
            kind, fac = U.parse_unit(part)
        except U.UnitError as exc:
            if U.is_bare_prefix(part):
                raise CellError("data.unit.line_bare", unit=Quoted(part), prefix=part) from None
            if exc.key == "data.unit.foreign":
                raise CellError(exc.key, **exc.fields) from None
            raise CellError(
                "data.unit.line_unknown", unit=Quoted(part), line=Quoted(text.strip())
            ) from None
        if kind in found and found[kind][1] != fac:
            raise CellError("data.unit.line_two", first=Quoted(found[kind][0]), second=Quoted(part))
        found[kind] = (part, fac)
    return {kind: unit for kind, (unit, _) in found.items()}


def _is_unit(text: str) -> bool:
    try:
        U.parse_unit(text)
    except U.UnitError:
        return False
    return True


@dataclass
class Units:
    """The units that apply to a table's values, and the conversion of one value's unit."""

    table: dict[str, str] = field(default_factory=dict)  # kind -> unit (unit line, layout file)
    context: str | None = None  # unit of the indicator named by the sheet name or title
    own_format: bool = False  # the package's own CSV: codes define the units
    _cache: dict = field(default_factory=dict)

    def resolve(
        self, code: str, column: tuple[str, str] | None, row: str | None
    ) -> tuple[str | None, tuple[int, int], bool]:
        """``(unit as written or None, ratio to the codebook's unit, assumed)`` of a value.

        ``column``: ``(unit, where)`` from the column (``header`` or ``units_row``); ``row``:
        the row's unit. Raises CellError when written units disagree or do not convert.
        """
        key = (code, column, row)
        if key in self._cache:
            return self._cache[key]
        kind = kind_of(code)
        canonical = load_codebook().loc[code, "unit"]
        written = [
            (u, w)
            for u, w in ((column or (None, None)), (row, "row"), (self.context, "context"))
            if u
        ]
        facs = {factor(u, kind) for u, _ in written}
        if len(facs) > 1:
            raise CellError("data.unit.two_for_value", units=Words(Quoted(u) for u, _ in written))
        unit = written[0][0] if written else None
        tu = self.table.get(kind)
        units_row = column is not None and column[1] == "units_row"
        if units_row and tu is not None and factor(tu, kind) != factor(column[0], kind):
            raise CellError("data.unit.line_vs_units_row", line=Quoted(tu), cell=Quoted(column[0]))
        if unit is None and tu is not None:
            unit = tu
        assumed = unit is None and kind == "元" and not self.own_format
        try:
            ratio = U.conversion(unit, canonical)
        except U.UnitError as exc:
            raise CellError(
                "data.unit.for_indicator",
                reason=Key(exc.key, **exc.fields),
                indicator=Named(
                    load_codebook().loc[code, "name_zh"],
                    f"{code}, {load_codebook().loc[code, 'name_zh']}",
                ),
            ) from None
        out = (unit, ratio, assumed)
        self._cache[key] = out
        return out
