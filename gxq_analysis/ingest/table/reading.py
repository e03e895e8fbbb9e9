"""What reading one file produces: values with their cells, and a record of every decision.

- :class:`Value`: one value of the panel (zone, year, indicator) in the codebook's unit, with
  the cell it came from, the number as written, its unit and its rounding;
- :class:`TableReading`: how one table was read (where its axes lie, header rows, units, rows
  skipped and why, totals checked), what ``gxq validate`` prints;
- :class:`FileReading`: everything read from one file, the problems found (gathered, so that a
  file's errors are reported together) and the notes that become warnings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...catalogue import Key, Quoted, Words
from ...errors import DataError, DataErrors
from .cells import CellError, named_code

#: Problems gathered from one load before it stops (the rest are counted).
MAX_ERRORS = 50


@dataclass(frozen=True)
class Value:
    """One value read from a table, in the codebook's unit."""

    zone: str
    year: int
    code: str
    value: float
    file: str
    sheet: str | None
    cell: str  # A1 reference (C5), or "row 5" where a CSV row is meant
    written: Any  # the cell as written
    unit: str  # the unit it was read in
    tolerance: float  # half a unit of its last written digit, in the codebook's unit
    qualifier: str | None = None  # of its year (调整后), if any
    table: int = 0  # the table's number in its file (several tables on one sheet)

    @property
    def place(self) -> str:
        return (f"{self.sheet}!" if self.sheet is not None else "") + self.cell


@dataclass
class TableReading:
    """How one table was read (``attrs["readings"]``, printed by ``gxq validate``)."""

    sheet: str | None
    table: int = 1  # its number on the sheet
    first_row: int | None = None
    layout: str = ""
    rows_axes: list[str] = field(default_factory=list)  # zone, year, indicator on the rows
    columns_axes: list[str] = field(default_factory=list)  # ... on the columns
    context: dict[str, tuple[str, Any]] = field(default_factory=dict)  # axis -> (source, value)
    header_rows: list[int] = field(default_factory=list)
    units: list[tuple[str, int | None, str | None]] = field(default_factory=list)
    skipped: list[tuple[int, str, str]] = field(default_factory=list)  # row, reason, text
    columns_skipped: list[tuple[str, str]] = field(default_factory=list)  # header, reason
    totals: list[tuple[int, str, str, str]] = field(default_factory=list)
    values: int = 0

    def as_dict(self) -> dict[str, Any]:
        ctx = {axis: [src, value] for axis, (src, value) in self.context.items()}
        return {
            "sheet": self.sheet,
            "table": self.table,
            "first_row": self.first_row,
            "layout": self.layout,
            "rows": list(self.rows_axes),
            "columns": list(self.columns_axes),
            "context": ctx,
            "header_rows": list(self.header_rows),
            "units": [{"source": s, "row": r, "unit": u} for s, r, u in dict.fromkeys(self.units)],
            "skipped": [{"row": r, "reason": why, "text": t} for r, why, t in sorted(self.skipped)],
            "columns_skipped": [{"header": h, "reason": why} for h, why in self.columns_skipped],
            "totals": [
                {"row": r, "label": lab, "status": st, "columns": n}
                for r, lab, st, n in self.totals
            ],
            "year_from": tuple(ctx["year"]) if "year" in ctx else None,
            "zone_from": tuple(ctx["zone"]) if "zone" in ctx else None,
            "indicator_from": tuple(ctx["indicator"]) if "indicator" in ctx else None,
            "values": self.values,
        }


class TableStop(Exception):
    """Stop reading one table (its error is already recorded); the next table is read."""


class NotATable(Exception):
    """A header with no value column and no zone-year rows (a cover sheet's list of
    definitions): the sheet is reported as not read, not refused."""


@dataclass
class FileReading:
    """Everything read from one file, and the problems found on the way."""

    file: str
    kind: str = "csv"  # "csv", "xlsx" or "xls"
    values: list[Value] = field(default_factory=list)
    rows_seen: list[tuple[str, int]] = field(default_factory=list)  # zone-year rows, even empty
    tables: list[TableReading] = field(default_factory=list)
    errors: list[DataError] = field(default_factory=list)
    more_errors: int = 0
    # indicator code -> unit as written -> sheets where it was read in that unit
    units: dict[str, dict[str, list[str | None]]] = field(default_factory=dict)
    # header as written -> (sheets, reason) of columns and rows not read
    unknown: dict[str, list[str | None]] = field(default_factory=dict)
    derived: dict[str, list[str | None]] = field(default_factory=dict)
    ratio_headers: set[str] = field(default_factory=set)  # derived columns naming plan ratios
    skipped_totals: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    ignored_sheets: list[str] = field(default_factory=list)
    no_indicators: list[str | None] = field(default_factory=list)
    seen: list[str | None] = field(default_factory=list)
    used: dict[str | None, str] = field(default_factory=dict)  # sheet -> layout of its tables
    # code -> (codebook unit assumed, {header as written: sheets}) for unitless money columns
    assumed: dict[str, tuple[str, dict[str, list[str | None]]]] = field(default_factory=dict)
    hidden: list[str | None] = field(default_factory=list)
    prefer_used: list[tuple[str | None, str, str]] = field(default_factory=list)

    # --- problems -------------------------------------------------------------------------
    def error(
        self, key: str, sheet: str | None, row: int | None = None, column: Any = None, **fields
    ) -> DataError:
        """A located error worded from the catalogue (not yet recorded or raised)."""
        col = column if column is None or isinstance(column, str) else str(column)
        return DataError(key, file=self.file, sheet=sheet, row=row, column=col, fields=fields)

    def cell_error(self, exc: CellError, sheet, row=None, column=None, **extra) -> DataError:
        return self.error(exc.key, sheet, row, column, **{**exc.fields, **extra})

    def record(self, err: DataError) -> None:
        """Keep a problem and go on reading (up to :data:`MAX_ERRORS`)."""
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(err)
        else:
            self.more_errors += 1

    def stop(self, err: DataError) -> TableStop:
        """Keep a problem that ends the current table."""
        self.record(err)
        return TableStop()

    def raise_errors(self) -> None:
        if self.errors:
            raise DataErrors(self.errors, more=self.more_errors)

    # --- notes that become warnings -------------------------------------------------------
    def warning_items(self) -> list[tuple[str, dict[str, Any]]]:
        """The load's warnings as catalogue keys with fields (worded by the caller)."""
        out: list[tuple[str, dict[str, Any]]] = []

        def where(sheets) -> Any:
            names = [s for s in dict.fromkeys(sheets) if s is not None]
            return (
                Key("data.warn.in_sheets", sheets=Words(Quoted(s) for s in names)) if names else ""
            )

        if self.unknown:
            out.append(
                (
                    "data.warn.unknown_columns",
                    {
                        "columns": Words(
                            Key("data.warn.column_in", header=Quoted(h), where=where(s))
                            for h, s in self.unknown.items()
                        )
                    },
                )
            )
        if self.derived:
            out.append(
                (
                    "data.warn.derived_columns",
                    {
                        "columns": Words(
                            Key("data.warn.column_in", header=Quoted(h), where=where(s))
                            if h not in self.ratio_headers
                            else Key("data.warn.ratio_in", header=Quoted(h), where=where(s))
                            for h, s in self.derived.items()
                        )
                    },
                )
            )
        if self.assumed:
            parts = []
            for code, (unit, headers) in self.assumed.items():
                for h, sheets in headers.items():
                    parts.append(
                        Key(
                            "data.warn.assumed_one",
                            header=Quoted(h),
                            code=named_code(code),
                            unit=unit,
                            where=where(sheets),
                        )
                    )
            out.append(("data.warn.assumed_units", {"columns": Words(parts)}))
        if self.skipped_totals:
            out.append(
                (
                    "data.warn.totals",
                    {
                        "rows": Words(
                            Key(
                                "data.warn.total_row",
                                row=s["row"],
                                label=Quoted(s["zone"]),
                                where=Key("data.warn.sheet_prefix", sheet=Quoted(s["sheet"]))
                                if s["sheet"] is not None
                                else "",
                            )
                            for s in self.skipped_totals
                        )
                    },
                )
            )
        if self.ignored_sheets:
            out.append(
                (
                    "data.warn.ignored_sheets",
                    {"sheets": Words(Quoted(s) for s in self.ignored_sheets)},
                )
            )
        if self.hidden:
            out.append(("data.warn.hidden", {"sheets": Words(Quoted(s) for s in self.hidden)}))
        if self.no_indicators:
            out.append(
                (
                    "data.warn.no_indicators",
                    {
                        "sheets": Words(
                            Quoted(s) if s is not None else Key("data.the_file")
                            for s in self.no_indicators
                        )
                    },
                )
            )
        for sheet, header, prefer in self.prefer_used:
            out.append(
                (
                    "data.warn.prefer",
                    {"header": Quoted(header), "prefer": Quoted(prefer), "where": where([sheet])},
                )
            )
        return out


def units_read(by_unit: dict[str, list[str | None]]) -> str:
    """The unit an indicator was read in, with the sheets when they differ.

    ``万元``, or ``万元 (sheets '2016'); 亿元 (sheets '2017')``.
    """
    if len(by_unit) == 1:
        return next(iter(by_unit))
    return "; ".join(f"{u} ({_sheets(sheets)})" for u, sheets in by_unit.items())


def _sheets(sheets) -> str:
    names = [s for s in sheets if s is not None]
    shown = "sheets " + ", ".join(repr(s) for s in names) if names else ""
    if len(names) < len(sheets):
        shown = (shown + ", " if shown else "") + "CSV"
    return shown
