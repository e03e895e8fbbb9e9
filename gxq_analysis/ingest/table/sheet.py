"""One sheet (or CSV file) read table by table: titles, header, axes, rows.

A sheet may hold several tables, one under the other, each with its own title, header and
notes (a year per table, or a zone per table). From the top: the rows before the first header
are the first table's titles (and unit lines); its header is read (:mod:`.header`), the places
of its axes found (:mod:`.axes`) and its rows read (:mod:`.body`) until the next table starts;
then the next table, and so on. A table without a title of its own (the columns of a 续表
continuing the same rows) keeps the titles of the table above it.
"""

from __future__ import annotations

from ...catalogue import Key, Quoted, Words
from ...plan.codebook import load_codebook
from .. import units as U
from ..readers import RawSheet
from . import text as S
from .axes import Arrangement, Surroundings, arrange
from .body import read_body
from .cells import CellError, blank, col_letter, named_code, show
from .grid import Grid
from .header import HEADER_SEARCH_ROWS, Header, analyse, band, header_like, row_labels
from .labels import AXIS_WORDS, classify
from .layoutfile import SheetLayout
from .reading import FileReading, NotATable, TableReading, TableStop
from .units import Units, unit_line_units

#: How the loader's ``attrs["layout"]`` names the layouts of the four first-known shapes.
SHEET_LAYOUTS = {
    "long": "long",
    "per_year": "sheet_per_year",
    "per_indicator": "sheet_per_indicator",
    "per_zone": "sheet_per_zone",
}


def read_sheet(sheet: RawSheet, fr: FileReading, spec: SheetLayout | None) -> None:
    """Read every table of one sheet into ``fr`` (values, readings, problems)."""
    spec = spec or SheetLayout()
    grid = Grid(sheet)
    name = sheet.name
    fr.seen.append(name)
    rows = grid.rows()
    if not rows:
        if fr.kind == "csv":
            fr.record(fr.error("data.file.no_rows", name))
        return  # an empty sheet (Excel's default Sheet2) holds nothing to drop
    pos, table_no = 0, 0
    inherited: list[tuple[int, str]] = []
    while pos < len(rows):
        hpos = _find_header(grid, rows, pos, spec, fr)
        if hpos is None:
            if table_no == 0:
                _no_table(grid, rows, fr)
            return
        table_no += 1
        reading = TableReading(sheet=name, table=table_no, first_row=rows[hpos])
        fr.tables.append(reading)
        try:
            titles, units = _titles(grid, rows[pos:hpos], spec, reading, fr)
            band_rows = band(grid, rows, hpos, spec, fr)
            reading.header_rows = list(band_rows)
            hdr = analyse(grid, rows, band_rows, spec, reading, fr)
            _prefer(hdr, spec, reading, fr, name)
            own = [t for t in titles if not S.is_continued(t[1])]
            context_titles = own or inherited + titles
            around = Surroundings(name, context_titles, spec, fr.kind)
            arr = arrange(hdr, around, reading, fr)
            units.context = arr.context_unit
            units.own_format = _own_format(hdr)
            if not reading.units:
                reading.units.append(("header", band_rows[0], None))
            start = next((k for k, r in enumerate(rows) if r > band_rows[-1]), len(rows))
            pos = read_body(grid, rows, start, hdr, arr, units, reading, fr, table_no)
            inherited = context_titles
            _used(fr, name, arr)
        except TableStop:
            return
        except NotATable:
            fr.tables.remove(reading)
            if table_no == 1 and name not in fr.ignored_sheets:
                fr.ignored_sheets.append(name)
            return


def _find_header(grid: Grid, rows: list[int], pos: int, spec: SheetLayout, fr) -> int | None:
    """Position of the next header row at or after ``pos`` (among the next rows)."""
    if spec.header_rows:
        first = spec.header_rows[0]
        if pos > 0:
            return None  # the layout file gives one header: one table
        k = next((k for k, r in enumerate(rows) if r == first), None)
        if k is None:
            raise fr.stop(
                fr.error(
                    "data.layout.header_row_empty", grid.name, first, None, row=first, last=rows[-1]
                )
            )
        return k
    for k in range(pos, min(pos + HEADER_SEARCH_ROWS, len(rows))):
        if header_like(row_labels(grid, rows[k], header=True)):
            return k
    return None


def _no_table(grid: Grid, rows: list[int], fr: FileReading) -> None:
    """A sheet without a header: a cover or notes sheet is reported and skipped; a sheet that
    holds data (or a CSV file, or a sheet named for a year) is refused."""
    first = grid.by_row.get(rows[0], ())
    looks_like_data = any(
        classify(c).kind in ("year", "indicator", "axis") for c in first if not blank(c)
    )
    numbers = any(
        classify(c).kind == "number"
        for r in rows[:HEADER_SEARCH_ROWS]
        for c in grid.by_row.get(r, ())
    )
    named_year = grid.name is not None and S.year_label(S.table_number_free(grid.name))
    if fr.kind == "csv" or looks_like_data or numbers or named_year:
        fr.record(
            fr.error(
                "data.table.no_header",
                grid.name,
                rows[0],
                None,
                rows=HEADER_SEARCH_ROWS,
                headers=Words(AXIS_WORDS["zone"]),
            )
        )
        return
    fr.ignored_sheets.append(grid.name)


def _titles(
    grid: Grid, title_rows: list[int], spec: SheetLayout, reading: TableReading, fr: FileReading
) -> tuple[list[tuple[int, str]], Units]:
    """The titles and unit lines above a header, and the units they set."""
    sheet = grid.name
    titles: list[tuple[int, str]] = []
    table: dict[str, tuple[str, int]] = {}
    for r in title_rows:
        for j, c in enumerate(grid.by_row.get(r, ())):
            if blank(c):
                continue
            text = str(c).strip()
            if isinstance(c, str) and S.unit_line(c) is not None:
                reading.skipped.append((r, "unit_line", text))
                try:
                    found = unit_line_units(c)
                except CellError as exc:
                    raise fr.stop(fr.cell_error(exc, sheet, r, f"column {col_letter(j)}")) from None
                for kind, unit in found.items():
                    fac = U.parse_unit(unit)[1]
                    if kind in table and table[kind][1] != fac:
                        raise fr.stop(
                            fr.error(
                                "data.unit.line_two",
                                sheet,
                                r,
                                f"column {col_letter(j)}",
                                first=Quoted(table[kind][0]),
                                second=Quoted(unit),
                            )
                        )
                    table[kind] = (unit, fac)
                if spec.unit is None:
                    reading.units.append(("unit_line", r, S.unit_line(c)))
                continue
            reason = "continued" if S.is_continued(text) else "title"
            reading.skipped.append((r, reason, text if isinstance(c, str) else show(c)))
            titles.append((r, " ".join(text.split())))
    units = Units(table={k: u for k, (u, _) in table.items()})
    if spec.unit is not None:
        try:
            kind, _ = U.parse_unit(spec.unit)
        except U.UnitError as exc:
            raise fr.stop(
                fr.error(
                    "data.layout.bad_unit", sheet, None, None, reason=Key(exc.key, **exc.fields)
                )
            ) from None
        units.table = {kind: spec.unit}
        reading.units.append(("mapping", None, spec.unit))
    return titles, units


def _prefer(hdr: Header, spec: SheetLayout, reading: TableReading, fr: FileReading, sheet) -> None:
    """Two columns holding the same values: two qualified columns of one year are settled by
    the layout file's ``prefer``; anything else is refused naming both."""
    groups: dict[tuple, list] = {}
    for c in hdr.columns.values():
        if c.role == "data":
            groups.setdefault((c.zone, c.year, c.code), []).append(c)
    for (_zone, year, code), cols in groups.items():
        if len(cols) < 2:
            continue
        quals = [c.qualifier for c in cols]
        if year is not None and len(set(quals)) == len(quals):
            if spec.prefer is None:
                raise fr.stop(
                    fr.error(
                        "data.header.one_year_twice",
                        sheet,
                        hdr.rows[0],
                        cols[1].header,
                        year=year,
                        columns=Words(Quoted(c.header) for c in cols),
                        qualifiers=Words(Quoted(q) for q in quals if q),
                    )
                )
            chosen = [c for c in cols if c.qualifier and S.flat(spec.prefer) in S.flat(c.qualifier)]
            if len(chosen) != 1:
                raise fr.stop(
                    fr.error(
                        "data.header.prefer_matches",
                        sheet,
                        hdr.rows[0],
                        cols[0].header,
                        prefer=Quoted(spec.prefer),
                        n=len(chosen),
                        columns=Words(Quoted(c.header) for c in cols),
                    )
                )
            for c in cols:
                if c is not chosen[0]:
                    c.role = "not_preferred"
                    reading.columns_skipped.append((c.header, "not_preferred"))
                    fr.prefer_used.append((sheet, c.header, spec.prefer))
            continue
        if code is not None and year is None:
            raise fr.stop(
                fr.error(
                    "data.header.two_columns_one_indicator",
                    sheet,
                    hdr.rows[0],
                    cols[1].header,
                    first=Quoted(cols[0].header),
                    second=Quoted(cols[1].header),
                    code=named_code(code),
                )
            )
        raise fr.stop(
            fr.error(
                "data.header.same_column_twice",
                sheet,
                hdr.rows[0],
                cols[1].header,
                columns=Words(Quoted(c.header) for c in cols),
            )
        )


def _own_format(hdr: Header) -> bool:
    """The package's own CSV (``zone``, ``year`` and codebook codes as headers): the codes
    define the units, nothing is assumed."""
    codes = set(load_codebook().index)
    return all(
        c.header.strip() in {"zone", "year", *codes}
        for c in hdr.columns.values()
        if c.role not in ("blank",)
    )


def _used(fr: FileReading, sheet, arr: Arrangement) -> None:
    name = SHEET_LAYOUTS.get(arr.layout, arr.layout)
    prev = fr.used.get(sheet)
    fr.used[sheet] = name if prev in (None, name) else "mixed"
