"""The rows under a table's header: values, totals, footnotes, and where the table ends.

Rows are read one by one. A row is, by explicit rules in this order:

- a footer: a note or source line (``注：``, ``资料来源：``) and its continuation lines;
- a continued-table title (``续表3-12``), a unit line (which must agree with the table's), or
  the header repeated after a page break — skipped;
- the start of the next table: a header row, or a title followed by one (tables stacked on one
  sheet, each with its own title, header and notes);
- a data row: its label columns give its zone, year or indicator (a total row such as 合计 or
  全省 is checked against its members and not loaded; a group heading such as 一、国家级高新区
  with no values is skipped), and each value column one value, converted to the codebook's unit.

Every skipped row is recorded with its reason in the table's reading.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import numpy as np

from ...catalogue import Key, Quoted, Words
from ...errors import ZoneError
from ...plan.codebook import load_codebook
from ...plan.zones import resolve_zone
from .. import units as U
from ..readers import PercentNumber, UncachedFormula
from ..schema import YEAR_MAX, YEAR_MIN
from . import text as S
from .axes import Arrangement
from .cells import (
    CellError,
    blank,
    col_letter,
    decimals,
    factor,
    is_number,
    kind_of,
    match_header,
    named_code,
    named_codes,
    parse_number,
    show,
)
from .grid import Grid
from .header import Column, Header, header_like, repeated, row_labels
from .labels import classify, is_plan_ratio, named_zone
from .reading import FileReading, TableReading, Value
from .totals import check_totals
from .units import Units, unit_line_units

_YEAR_TEXT = re.compile(r"^(\d{4})(?:\.0+)?(?:年度?)?$")
LOOKAHEAD = 3


@dataclass
class RowKey:
    """What a data row's label columns say."""

    zone: str | None = None
    year: int | None = None
    code: str | None = None
    unit: str | None = None  # the row's unit (unit column, or the indicator label's bracket)
    total: str | None = None  # a total row's group
    label: str = ""  # the row's label as written (zone or indicator)
    skip: str | None = None  # why the row is not read (derived, unknown, target)


def read_body(
    grid: Grid,
    rows: list[int],
    start: int,
    hdr: Header,
    arr: Arrangement,
    units: Units,
    reading: TableReading,
    fr: FileReading,
    table_no: int,
) -> int:
    """Read the rows from ``rows[start]`` on; return the position where the next table starts
    (``len(rows)`` at the end of the sheet)."""
    sheet = grid.name
    state = _State(
        hdr=hdr, arr=arr, units=units, reading=reading, fr=fr, grid=grid, table_no=table_no
    )
    footer = continued = False
    k = start
    while k < len(rows):
        r = rows[k]
        cells = grid.by_row.get(r, ())
        filled = [c for c in cells if not blank(c)]
        texts = all(isinstance(c, str) for c in filled)
        one_text = len(filled) == 1 and isinstance(filled[0], str)
        if filled and texts and S.is_note(filled[0]):
            footer = True
            reading.skipped.append((r, S.footer_kind(filled[0]), str(filled[0]).strip()))
            fr.notes.append(" ".join(str(c).strip() for c in filled))
            k += 1
            continue
        if (
            footer
            and one_text
            and (S.is_note_continuation(filled[0]) or not is_number(filled[0]))
            and not _starts_table(grid, rows, k, hdr)
        ):
            reading.skipped.append((r, "note", str(filled[0]).strip()))
            fr.notes.append(str(filled[0]).strip())
            k += 1
            continue
        footer = False
        if one_text and S.is_continued(filled[0]):
            continued = True
            reading.skipped.append((r, "continued", str(filled[0]).strip()))
            k += 1
            continue
        if one_text and S.unit_line(filled[0]) is not None:
            _unit_line_again(filled[0], r, units, reading, fr, sheet)
            k += 1
            continue
        if repeated(grid, r, hdr.first_key) or (continued and repeated(grid, r, hdr.units_key)):
            reading.skipped.append((r, "repeated_header", show(filled[0])))
            k += 1
            continue
        if _starts_table(grid, rows, k, hdr):
            state.finish()
            return k
        continued = False
        state.row(r, cells)
        k += 1
    state.finish()
    return len(rows)


def _unit_line_again(text, r, units: Units, reading, fr: FileReading, sheet) -> None:
    """A unit line below the header (a continued table's): it must agree with the table's."""
    try:
        found = unit_line_units(text)
    except CellError as exc:
        fr.record(fr.cell_error(exc, sheet, r))
        return
    for kind, u in found.items():
        if kind in units.table and U.parse_unit(u)[1] != U.parse_unit(units.table[kind])[1]:
            fr.record(
                fr.error(
                    "data.unit.line_changes",
                    sheet,
                    r,
                    None,
                    unit=Quoted(u),
                    table=Quoted(units.table[kind]),
                )
            )
    reading.skipped.append((r, "unit_line", str(text).strip()))


def _holds_row_label(grid: Grid, r: int, hdr: Header) -> bool:
    """A label column of the table holds a row label (not an axis word) in row ``r``."""
    for axis in ("zone", "year", "indicator"):
        j = hdr.label.get(axis)
        if j is None:
            continue
        lab = classify(grid.label_cell(r, j))
        if lab.kind not in ("blank", "axis", "corner"):
            if axis == "zone" and lab.kind in ("zone", "total", "bad_zone"):
                return True
            if axis == "year" and lab.kind == "year":
                return True
            if axis == "indicator" and lab.kind in ("indicator", "derived"):
                return True
    return False


def _starts_table(grid: Grid, rows: list[int], k: int, hdr: Header) -> bool:
    """Row ``rows[k]`` starts another table: a header, or a title followed by one."""
    r = rows[k]
    labels = row_labels(grid, r, header=True)
    if header_like(labels) and not _holds_row_label(grid, r, hdr):
        return True
    filled = [lab for lab in labels if lab.kind != "blank"]
    if len(filled) > 2 or not filled or any(lab.kind in ("number", "missing") for lab in filled):
        return False
    if _holds_row_label(grid, r, hdr) and not _title_like(filled):
        return False
    # a title (and perhaps a unit line) right above a header
    for r2 in rows[k + 1 : k + 1 + LOOKAHEAD]:
        labs = row_labels(grid, r2, header=True)
        if header_like(labs) and not _holds_row_label(grid, r2, hdr):
            return True
        lone = [lab for lab in labs if lab.kind != "blank"]
        if len(lone) > 2 or any(lab.kind in ("number", "missing") for lab in lone):
            return False
    return False


def _title_like(labels) -> bool:
    """A label that reads as a title rather than a row: it names a year or zone among words."""
    return any(lab.kind == "other" for lab in labels) or any(
        lab.kind == "zone" and len(lab.text) > 12 for lab in labels
    )


class _State:
    """The values of one table as its rows are read."""

    def __init__(self, *, hdr, arr, units, reading, fr, grid, table_no) -> None:
        self.hdr: Header = hdr
        self.arr: Arrangement = arr
        self.units: Units = units
        self.reading: TableReading = reading
        self.fr: FileReading = fr
        self.grid: Grid = grid
        self.table_no = table_no
        self.sheet = grid.name
        self.values: dict[tuple[str, int, str], Value] = {}
        self.row_seen: dict[tuple, int] = {}
        self.totals: list[tuple] = []  # (row or None, label, group, column j or None, key, value)
        self.members: list[Value] = []
        self.prev_zone: str | None = None
        self.data_cols = [c for c in hdr.columns.values() if c.role in ("data", "total", "value")]
        values = any(c.role in ("data", "value") for c in self.data_cols)
        if not values and self.sheet not in fr.no_indicators:
            fr.no_indicators.append(self.sheet)
        for c in hdr.columns.values():
            if c.role in ("unknown", "remark", "serial") and c.header:
                fr.unknown.setdefault(c.header, []).append(self.sheet)
                reading.columns_skipped.append((c.header, c.role))
            elif c.role in ("derived", "target", "column_total"):
                fr.derived.setdefault(c.header, []).append(self.sheet)
                if is_plan_ratio(c.header):
                    fr.ratio_headers.add(c.header)
                reading.columns_skipped.append((c.header, c.role))

    # --- a data row -------------------------------------------------------------------------
    def row(self, r: int, cells: tuple[Any, ...]) -> None:
        fr, sheet, hdr = self.fr, self.sheet, self.hdr
        extra = [j for j in range(hdr.width, len(cells)) if not blank(cells[j])]
        if extra:
            last = hdr.columns.get(hdr.width - 1)
            held = Words(f"{col_letter(j)}={show(cells[j])}" for j in extra[:5])
            hint = (
                Key("data.row.csv_hint", fields=len(cells), width=hdr.width)
                if fr.kind == "csv"
                else ""
            )
            fr.record(
                fr.error(
                    "data.row.beyond_header",
                    sheet,
                    r,
                    f"column {col_letter(extra[0])}",
                    last=col_letter(hdr.width - 1),
                    header=Quoted(last.header if last else ""),
                    held=held,
                    hint=hint,
                )
            )
            return
        if fr.kind == "csv" and len(cells) < hdr.width:
            col = hdr.columns.get(len(cells))
            fr.record(
                fr.error(
                    "data.row.too_few_fields",
                    sheet,
                    r,
                    col.header if col else f"column {col_letter(len(cells))}",
                    fields=len(cells),
                    width=hdr.width,
                )
            )
            return
        try:
            key = self._row_key(r, cells)
        except CellError:
            return
        if key is None:
            return
        if key.skip is not None:
            return
        if key.total is not None:
            self._total_row(r, cells, key)
            return
        if (
            key.year is not None
            and self.arr.sheet_year is not None
            and key.year != self.arr.sheet_year
        ):
            j = hdr.label["year"]
            fr.record(
                fr.error(
                    "data.year.not_sheet",
                    sheet,
                    r,
                    hdr.columns[j].header,
                    year=key.year,
                    sheet_year=self.arr.sheet_year,
                )
            )
            return
        rk = (key.zone, key.year, key.code)
        if any(v is not None for v in rk) and rk in self.row_seen:
            self._duplicate_row(r, key, cells)
            return
        self.row_seen[rk] = r
        if "zone" in hdr.label and key.zone is not None:
            _, year, _, _ = self._axes(Column(-1, "", "data"), key)
            if year is not None and YEAR_MIN <= year <= YEAR_MAX:
                fr.rows_seen.append((key.zone, year))
        for col in self.data_cols:
            v = cells[col.j] if col.j < len(cells) else None
            if col.role == "total":
                self._total_cell(r, col, key, v)
            else:
                self._value(r, col, key, v)

    def _row_key(self, r: int, cells) -> RowKey | None:
        fr, sheet, hdr, grid = self.fr, self.sheet, self.hdr, self.grid
        key = RowKey()
        values_present = any(not blank(cells[c.j]) for c in self.data_cols if c.j < len(cells))
        if "zone" in hdr.label:
            j = hdr.label["zone"]
            raw = grid.label_cell(r, j)
            col = hdr.columns[j]
            if blank(raw):
                if "indicator" in hdr.label and self.prev_zone is not None:
                    key.zone = self.prev_zone  # a zone block: the zone printed once, above
                elif values_present or any(not blank(c) for c in cells):
                    fr.record(fr.error("data.zone.empty_cell", sheet, r, col.header))
                    raise CellError("data.zone.empty_cell")
                else:
                    return None
            else:
                lab = classify(raw)
                text = S.strip_enumeration(unicodedata.normalize("NFKC", str(raw)).strip())
                if lab.kind == "total" or (lab.kind == "other" and _total_word(text)):
                    if not values_present and self._no_other_labels(r, cells, j):
                        self.fr.skipped_totals.append(
                            {"sheet": sheet, "row": r, "zone": text, "reason": "section"}
                        )
                        self.reading.skipped.append((r, "section", text))
                        return None
                    key.total, key.label = lab.value or "other", text
                elif lab.kind == "zone":
                    key.zone, key.label = lab.value, str(raw).strip()
                    self.prev_zone = lab.value
                elif lab.kind == "bad_zone":
                    fr.record(fr.cell_error(lab.error, sheet, r, col.header))
                    raise lab.error
                elif lab.kind == "axis":
                    return None  # a repeated header cell
                else:
                    try:
                        resolve_zone(S.strip_enumeration(str(raw)))
                    except ZoneError as exc:
                        fr.record(
                            fr.error("data.zone.unknown", sheet, r, col.header, **exc.fields())
                        )
                        raise CellError("data.zone.unknown") from None
                    key.zone = resolve_zone(S.strip_enumeration(str(raw)))  # pragma: no cover
        if "year" in hdr.label:
            j = hdr.label["year"]
            col = hdr.columns[j]
            raw = grid.label_cell(r, j)
            if key.total is not None and blank(raw):
                pass
            else:
                try:
                    key.year = parse_year(raw)
                except CellError as exc:
                    fr.record(fr.cell_error(exc, sheet, r, col.header))
                    raise
        if hdr.zone_headings:
            j = hdr.label["indicator"]
            head = classify(grid.raw(r, j))
            if head.kind == "zone" and not values_present:
                self.prev_zone = head.value  # a zone heading: the rows under it are its own
                self.reading.skipped.append((r, "zone_heading", head.text))
                return None
            if self.prev_zone is None and not blank(grid.raw(r, j)):
                fr.record(fr.error("data.zone.before_heading", sheet, r, f"column {col_letter(j)}"))
                raise CellError("data.zone.before_heading")
            key.zone = self.prev_zone
        if "indicator" in hdr.label:
            j = hdr.label["indicator"]
            col = hdr.columns[j]
            raw = grid.label_cell(r, j)
            if blank(raw):
                if values_present:
                    fr.record(
                        fr.error("data.indicator.empty_cell", sheet, r, f"column {col_letter(j)}")
                    )
                    raise CellError("data.indicator.empty_cell")
                return None
            written = " ".join(str(raw).split())
            lab = classify(raw)
            if lab.kind in ("derived", "year_words") or S.is_derived(written):
                fr.derived.setdefault(written, []).append(sheet)
                self.reading.skipped.append((r, "derived", written))
                key.skip = "derived"
                return key
            try:
                code, unit = match_header(raw)
            except CellError as exc:
                fr.record(fr.cell_error(exc, sheet, r, f"column {col_letter(j)}"))
                raise
            if code is None:
                fr.unknown.setdefault(written, []).append(sheet)
                self.reading.skipped.append((r, "unknown", written))
                key.skip = "unknown"
                return key
            key.code, key.unit = code, unit
            key.label = key.label or written
        if "unit" in hdr.label:
            j = hdr.label["unit"]
            raw = grid.label_cell(r, j)
            if not blank(raw):
                unit = _unit_cell(raw)
                if unit is None:
                    fr.record(
                        fr.error(
                            "data.unit.cell_unknown",
                            sheet,
                            r,
                            hdr.columns[j].header,
                            unit=Quoted(str(raw).strip()),
                        )
                    )
                    raise CellError("data.unit.cell_unknown")
                if key.unit is not None and unit != key.unit:
                    kind = kind_of(key.code)
                    if factor(unit, kind) != factor(key.unit, kind):
                        fr.record(
                            fr.error(
                                "data.unit.row_two",
                                sheet,
                                r,
                                hdr.columns[j].header,
                                first=Quoted(key.unit),
                                second=Quoted(unit),
                            )
                        )
                        raise CellError("data.unit.row_two")
                key.unit = unit
        return key

    def _no_other_labels(self, r, cells, zone_j) -> bool:
        return all(
            blank(c)
            for j, c in enumerate(cells)
            if j != zone_j
            and self.hdr.columns.get(j) is not None
            and self.hdr.columns[j].role in ("data", "total", "value")
        )

    def _duplicate_row(self, r: int, key: RowKey, cells) -> None:
        fr, hdr = self.fr, self.hdr
        first = self.row_seen[(key.zone, key.year, key.code)]
        axis = (
            "zone" if "zone" in hdr.label else "indicator" if "indicator" in hdr.label else "year"
        )
        col = hdr.columns[hdr.label[axis]]
        if key.code is not None and "zone" not in hdr.label:
            fr.record(
                fr.error(
                    "data.row.indicator_twice",
                    self.sheet,
                    r,
                    None,
                    code=named_code(key.code),
                    first=first,
                    second=r,
                )
            )
            return
        year = key.year if key.year is not None else self.arr.context.get("year", (None, None))[1]
        fr.record(
            fr.error(
                "data.row.duplicate",
                self.sheet,
                r,
                col.header,
                zone=named_zone(key.zone),
                year=year,
                label=Quoted(key.label),
                first=first,
            )
        )

    # --- one value --------------------------------------------------------------------------
    def _axes(
        self, col: Column, key: RowKey
    ) -> tuple[str | None, int | None, str | None, str | None]:
        ctx = self.arr.context
        zone = key.zone or col.zone or (ctx["zone"][1] if "zone" in ctx else None)
        year = key.year or col.year or (ctx["year"][1] if "year" in ctx else None)
        code = key.code or col.code or (ctx["indicator"][1] if "indicator" in ctx else None)
        qualifier = col.qualifier or (self.arr.context_qualifier if "year" in ctx else None)
        return zone, year, code, qualifier

    def _value(self, r: int, col: Column, key: RowKey, v: Any) -> None:
        fr, sheet = self.fr, self.sheet
        zone, year, code, qualifier = self._axes(col, key)
        where = col.header if self.hdr.label or col.code else f"column {col_letter(col.j)}"
        where = _column_where(col, self.hdr)
        if code is None or zone is None or year is None:
            return
        if not YEAR_MIN <= year <= YEAR_MAX:
            fr.record(
                fr.error(
                    "data.year.out_of_range",
                    sheet,
                    r,
                    where,
                    year=year,
                    low=YEAR_MIN,
                    high=YEAR_MAX,
                )
            )
            return
        x, unit, tol = self._number(r, col, key, code, v, where)
        if x is None:
            return
        val = Value(
            zone,
            year,
            code,
            x,
            fr.file,
            sheet,
            f"{col_letter(col.j)}{r}",
            v,
            unit or "",
            tol,
            qualifier,
            self.table_no,
        )
        k = (zone, year, code)
        if k in self.values:
            old = self.values[k]
            fr.record(
                fr.error(
                    "data.value.twice",
                    sheet,
                    r,
                    where,
                    code=named_code(code),
                    zone=named_zone(zone),
                    year=year,
                    other=old.cell,
                )
            )
            return
        self.values[k] = val
        self.members.append(val)

    def _number(self, r, col: Column, key: RowKey, code: str, v: Any, where):
        fr, sheet = self.fr, self.sheet
        try:
            column_unit = (col.unit, col.unit_source) if col.unit else None
            unit, ratio, assumed = self.units.resolve(code, column_unit, key.unit)
        except CellError as exc:
            if key.unit:
                at = r
            elif exc.key == "data.unit.line_vs_units_row" and self.hdr.units_row is not None:
                at = self.hdr.units_row
            else:
                at = self.hdr.rows[0]
            fr.record(fr.cell_error(exc, sheet, at, where))
            return None, None, None
        cb = load_codebook()
        canonical = cb.loc[code, "unit"]
        percent = False
        try:
            x = parse_number(v, percent=percent)
        except CellError as exc:
            fr.record(fr.cell_error(exc, sheet, r, where, expected=unit or canonical))
            return None, None, None
        written_unit = unit or canonical
        fr.units.setdefault(code, {}).setdefault(written_unit, []).append(sheet)
        if assumed:
            fr.assumed.setdefault(code, (canonical, {}))[1].setdefault(
                _assumed_header(col, key, self.arr), []
            ).append(sheet)
        if np.isnan(x):
            return x, written_unit, 0.0
        if x < 0 and bool(cb.loc[code, "nonnegative"]):
            fr.record(
                fr.error(
                    "data.value.negative",
                    sheet,
                    r,
                    where,
                    value=show(v),
                    indicator=named_codes(code),
                )
            )
            return None, None, None
        y = U.convert(x, ratio)
        if not np.isfinite(y):
            fr.record(
                fr.error("data.value.overflow", sheet, r, where, value=show(v), unit=written_unit)
            )
            return None, None, None
        tol = U.convert(0.5 * 10.0 ** -decimals(v), ratio)
        return y, written_unit, tol

    # --- totals -----------------------------------------------------------------------------
    def _total_row(self, r: int, cells, key: RowKey) -> None:
        self.fr.skipped_totals.append(
            {"sheet": self.sheet, "row": r, "zone": key.label, "reason": "total"}
        )
        self.reading.skipped.append((r, "total", key.label))
        for col in self.data_cols:
            if col.role != "data":
                continue
            v = cells[col.j] if col.j < len(cells) else None
            _, year, code, _ = self._axes(col, RowKey(year=key.year, code=key.code, unit=key.unit))
            if code is None or year is None:
                continue
            x, _, tol = self._number_quiet(col, key, code, v)
            self.totals.append((r, key.label, key.total, col.j, (year, code), x, tol))

    def _total_cell(self, r: int, col: Column, key: RowKey, v: Any) -> None:
        _, year, code, _ = self._axes(col, key)
        if code is None or year is None:
            return
        x, _, tol = self._number_quiet(col, key, code, v)
        self.totals.append((None, f"{col.header}@{r}", col.group, col.j, (year, code), x, tol))

    def _number_quiet(self, col, key, code, v):
        try:
            column_unit = (col.unit, col.unit_source) if col.unit else None
            _, ratio, _ = self.units.resolve(code, column_unit, key.unit)
            x = parse_number(v, percent=False)
        except CellError:
            return np.nan, None, 0.0
        if np.isnan(x):
            return x, None, 0.0
        return U.convert(x, ratio), None, U.convert(0.5 * 10.0 ** -decimals(v), ratio)

    def finish(self) -> None:
        check_totals(self.totals, self.members, self.reading, self.fr, self.sheet, self.hdr)
        self.fr.values.extend(self.values.values())
        self.reading.values = len(self.values)


def _total_word(text: str) -> bool:
    return re.sub(r"\s+", "", text.lower()) in {"合计", "总计", "小计", "total", "sum"}


def _column_where(col: Column, hdr: Header) -> str:
    """How a value's column is named in a message: its header, or ``column C (2017年)`` for a
    year column of a wide table."""
    if col.code is not None and col.year is None and col.zone is None:
        return col.header
    return f"column {col_letter(col.j)}" + (f" ({col.header})" if col.header else "")


def _assumed_header(col: Column, key: RowKey, arr: Arrangement) -> str:
    if col.code is not None:
        return col.header
    if key.label:
        return key.label
    return col.header


def _unit_cell(raw: Any) -> str | None:
    text = re.sub(r"^[(（\[]\s*|\s*[)）\]]$", "", str(raw).strip())
    try:
        U.parse_unit(text)
    except U.UnitError as exc:
        if exc.key == "data.unit.foreign":
            return text  # refused when the value is converted, naming the indicator
        return None
    return text


def parse_year(v: Any) -> int:
    """A year label cell as an int; CellError says why not."""
    if blank(v):
        raise CellError("data.year.empty")
    if isinstance(v, bool | datetime | date | time | timedelta):
        raise CellError("data.year.date", what=type(v).__name__, value=str(v))
    if isinstance(v, UncachedFormula):
        raise CellError("data.year.formula", formula=Quoted(v.formula))
    year: int | None = None
    if isinstance(v, int):
        year = v
    elif isinstance(v, float) and not isinstance(v, PercentNumber):
        year = int(v) if np.isfinite(v) and v == int(v) else None
    elif isinstance(v, str):
        m = _YEAR_TEXT.match(re.sub(r"\s+", "", unicodedata.normalize("NFKC", v)))
        year = int(m.group(1)) if m else None
    if year is None:
        raise CellError("data.year.not_a_year", value=show(v))
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise CellError("data.year.out_of_range", year=year, low=YEAR_MIN, high=YEAR_MAX)
    return year
