"""Load a zone panel: the bundled synthetic demo, or an evaluator's own spreadsheet.

Evaluators compile zone data from the Torch statistics (火炬统计) and city yearbooks into CSV or
XLSX files. :func:`load_panel` reads what they actually produce and returns the canonical panel
(:mod:`.schema`), or stops with a :class:`~gxq_analysis.errors.DataError` naming the file, sheet,
row and column. Nothing is dropped silently: columns the codebook does not know, total rows
(合计, 全省) and sheets without zone data are reported in a ``UserWarning`` and in ``attrs``.

Accepted input
--------------
Formats
    ``.csv`` in UTF-8, UTF-8 with BOM or GB18030/GBK (rule: :func:`.readers.decode_text`) and
    ``.xlsx`` and legacy ``.xls`` (read by python-calamine); never ``.xlsm`` or ``.xlsb``.
Layouts
    *long*: one row per zone and year with a year column (年份, 年度, year); *one sheet per
    year* (xlsx): sheets named ``2016``, ``2016年`` or ``2016年度`` without a year column. A
    workbook may mix both; sheets that hold no zone column and no indicator are reported and
    skipped. The header is the first row (among the first ten) with a zone header (高新区, 园区,
    名称, zone, ...); rows above it are titles. A title cell ``单位：万元`` (or ``单位：万元、人``)
    sets the unit of the columns *of that kind* (money, persons, ...) whose header has no unit of
    its own; it must name its base unit: a bare ``单位：万`` is an error, since it would scale
    counts and persons as well as money. Hidden sheets are loaded like the others and named in
    a warning and in ``attrs["hidden_sheets"]`` (an old copy kept hidden is easy to overlook).
Headers
    Codebook names or aliases in Chinese or English (``gxq codebook``), with an optional unit in
    ``（）``, ``()`` or ``[]``, e.g. ``营业收入（万元）``, ``R&D personnel [10k persons]``.
    Values are converted to the codebook's unit (:mod:`.units`); a header without a unit (and
    no table unit of its kind) is taken to be in the codebook's unit. For money (亿元 in the
    codebook, 千元 or 万元 in the Torch statistics) that assumption is reported in a warning and
    in ``attrs["assumed_units"]``, except in the package's own format, whose header row is
    exactly ``zone``, ``year`` and codebook codes (what ``panel.reset_index().to_csv()``
    writes): there the codes define the units.
Rows
    Every value must stand under a header: a data row with a non-blank cell right of the last
    header is an error (in CSV typically a number with an unquoted thousands separator,
    ``1,234``, which shifts every later value one column), and so is a CSV row with fewer
    fields than the header has up to its last non-blank cell (which column lacks its value
    cannot be known). Empty cells are fine anywhere: extra empty fields after the last header
    (Excel pads rows) and xlsx rows that end early (trailing empty cells) load as missing.
Cells
    ``1,234.5``, full-width digits, ``12.5%`` (in % columns), numbers, and for missing values
    empty, ``—``, ``-``, ``–``, ``…``, ``...``, ``n.a.``, ``NA``, ``N/A``, ``/``. Zone names in
    any spelling of the registry (:func:`~gxq_analysis.plan.zones.resolve_zone`).
"""

from __future__ import annotations

import os
import re
import unicodedata
import warnings
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

import numpy as np
import pandas as pd

from ..errors import DataError, OptionError, ZoneError
from ..options import check_choice
from ..plan.codebook import RATIOS, load_codebook
from ..plan.zones import load_zones, resolve_zone
from . import units as U
from .demo import load_demo_panel
from .readers import PercentNumber, RawFile, RawSheet, UncachedFormula, read_file
from .schema import (
    PANEL_INDEX,
    YEAR_MAX,
    YEAR_MIN,
    attach_provenance,
    canonical_frame,
    validate_panel,
)
from .yearbook import structure as S, totals as T
from .yearbook.cells import (  # MISSING_TOKENS, TOTAL_ROWS: re-exported, documented here
    EMPTY_ZONE,
    MISSING_TOKENS as MISSING_TOKENS,
    TOTAL_ROWS as TOTAL_ROWS,
    Column,
    Record,
    blank,
    col_letter,
    column_unit,
    flat,
    formula_message,
    header_key,
    match_header,
    match_indicator,
    parse_number,
    show,
    total_or_section,
)
from .yearbook.layouts import read_per_indicator, read_per_zone
from .yearbook.mapping import SheetLayout, load_layout

MAX_BYTES = 50_000_000


class DataWarning(UserWarning):
    """Something in a loaded file was reported and not loaded (unknown column, total row)."""


HEADER_SEARCH_ROWS = 10

ZONE_HEADERS = (
    "高新区", "高新区名称", "园区", "园区名称", "开发区", "开发区名称", "高新技术产业开发区",
    "名称", "单位名称", "地区", "zone", "zone id", "zone_id", "zone name", "park", "name",
)  # fmt: skip
YEAR_HEADERS = ("年份", "年度", "年", "统计年度", "year", "yr")
# Aggregate rows of yearbook tables: not a zone, reported and skipped rather than an error.
NOTE_PREFIXES = S.NOTE_PREFIXES

_YEAR_TEXT = re.compile(r"^(\d{4})(?:\.0+)?(?:年度?)?$")
_SHEET_YEAR = re.compile(r"^(?:fy|y|year)?(\d{4})(?:年度?)?$")
_SHEET_UNIT = re.compile(r"^(?:单位|unit|units)[:：]\s*(.+)$", re.IGNORECASE)


_ZONE_KEYS = frozenset(header_key(h)[0] for h in ZONE_HEADERS)
_YEAR_KEYS = frozenset(header_key(h)[0] for h in YEAR_HEADERS)
_ZONE_FLAT = frozenset(S.flat(h) for h in ZONE_HEADERS)
_YEAR_FLAT = frozenset(S.flat(h) for h in YEAR_HEADERS)


def load_panel(
    path: str | os.PathLike[str] | None = None,
    *,
    sheet: str | int | None = None,
    max_bytes: int = MAX_BYTES,
    layout: str | os.PathLike[str] | None = None,
) -> pd.DataFrame:
    """Load a zone panel.

    Parameters
    ----------
    path
        A ``.csv`` or ``.xlsx`` file (see the module docstring for what is accepted), or None
        for the bundled synthetic demo panel (``attrs["synthetic"] is True``).
    sheet
        Read only this sheet of a workbook (name, or 0-based position); default all sheets.
    max_bytes
        Refuse files larger than this (default 50 MB); an xlsx may unpack to at most
        ``readers.UNZIP_RATIO`` times as much.
    layout
        A layout file (TOML, :mod:`.yearbook.mapping`) saying how to read sheets that no rule
        reads: per sheet its layout, header rows, unit, zone, year or indicator.

    Returns
    -------
    pandas.DataFrame
        The canonical panel: ``(zone, year)`` MultiIndex, one float64 column per codebook code in
        its canonical unit, NaN for missing. ``attrs`` holds ``source`` (the path as given),
        ``sha256`` (of the file's bytes), ``synthetic`` (False), ``missing_indicators``,
        ``unknown_columns``, ``units`` (code -> unit as written), ``assumed_units`` (code ->
        the codebook unit assumed for a money column whose unit was not stated), ``layout``,
        ``sheets``, ``hidden_sheets`` (loaded sheets that Excel hides), ``encoding`` (CSV),
        ``skipped_rows``, ``notes`` and ``readings`` (per sheet: layout, header rows, unit
        sources, rows skipped and why, totals checked; what ``gxq validate`` prints).

    Raises
    ------
    DataError
        Naming file, sheet, row (as the spreadsheet shows it, header = row 1) and column (as
        written) for every problem in the data.
    OptionError
        For a bad ``sheet`` or ``max_bytes``.

    Warns
    -----
    DataWarning
        A ``UserWarning`` naming columns the codebook does not know, money columns whose unit
        was assumed, total rows and sheets that were not loaded, and hidden sheets that were.
    """
    if path is None:
        if sheet is not None:
            raise OptionError("sheet= applies only to a file path, not to the demo panel")
        return load_demo_panel()
    if not isinstance(path, str | os.PathLike):
        raise OptionError(f"path must be a file path (str or Path), got {type(path).__name__}")
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes <= 0:
        raise OptionError(f"max_bytes must be a positive integer, got {max_bytes!r}")
    if sheet is not None and not isinstance(sheet, str | int):
        raise OptionError(f"sheet must be a sheet name or 0-based position, got {sheet!r}")
    if layout is not None and not isinstance(layout, str | os.PathLike):
        raise OptionError(f"layout must be a layout file path, got {type(layout).__name__}")
    source = os.fspath(path)
    specs = load_layout(layout) if layout is not None else {}
    raw = read_file(path, max_bytes=max_bytes)
    sheets = _select_sheets(raw, sheet)
    _check_spec_sheets(specs, raw, os.fspath(layout) if layout is not None else "")
    ctx = _Context(file=source, kind=raw.kind)
    for s in sheets:
        spec = specs.get(s.name if s.name is not None else "*", specs.get("*"))
        _read_sheet(s, raw, ctx, spec)
    if not ctx.records:
        where = "" if raw.kind == "csv" else " in sheets " + ", ".join(map(repr, ctx.seen))
        raise DataError(f"no data rows (zone and year) found{where}", file=source)
    codes = list(load_codebook().index)
    rows = [rec.values for rec in ctx.records.values()]
    index = pd.MultiIndex.from_tuples(list(ctx.records), names=PANEL_INDEX)
    df = pd.DataFrame(rows, index=index, columns=codes, dtype="float64")
    df = canonical_frame(df)
    ctx.hidden = [s.name for s in sheets if s.hidden and s.name in ctx.used]
    df = attach_provenance(
        df,
        source=source,
        sha256=raw.sha256,
        synthetic=False,
        format=raw.kind,
        encoding=raw.encoding,
        layout=_layout(ctx),
        sheets=list(ctx.used),
        units={c: _units_read(ctx.units[c]) for c in codes if c in ctx.units},
        assumed_units={c: ctx.assumed[c][0] for c in codes if c in ctx.assumed},
        hidden_sheets=list(ctx.hidden),
        unknown_columns=list(ctx.unknown),
        skipped_rows=ctx.skipped,
        notes=ctx.notes,
        readings=[r.as_dict() for r in ctx.readings],
    )
    df = validate_panel(df, source=source)
    for message in ctx.warning_messages():
        warnings.warn(f"file {source!r}: {message}", DataWarning, stacklevel=2)
    return df


def _check_spec_sheets(specs: dict[str, SheetLayout], raw: RawFile, file: str) -> None:
    names = [s.name for s in raw.sheets if s.name is not None]
    for key in specs:
        if key != "*" and key not in names:
            raise DataError(
                f'[sheets."{key}"]: no such sheet in {raw.path}; sheets: '
                + (", ".join(map(repr, names)) or 'none (a CSV file: use [sheets."*"])')
                + ', or "*" for every sheet',
                file=file,
            )


# --------------------------------------------------------------------------------------------


@dataclass
class _Reading:
    """How one sheet was read (``attrs["readings"]``, printed by ``gxq validate``)."""

    sheet: str | None
    layout: str = ""
    header_rows: list[int] = field(default_factory=list)
    units: list[tuple[str, int | None, str | None]] = field(default_factory=list)
    skipped: list[tuple[int, str, str]] = field(default_factory=list)  # row, reason, text
    totals: list[tuple[int, str, str, str]] = field(default_factory=list)
    year_from: tuple[str, int] | None = None
    zone_from: tuple[str, str] | None = None
    indicator_from: tuple[str, str] | None = None
    year_col: int | None = None
    pending_totals: list = field(default_factory=list)
    member_rows: list = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "layout": self.layout,
            "header_rows": list(self.header_rows),
            "units": [{"source": s, "row": r, "unit": u} for s, r, u in dict.fromkeys(self.units)],
            "skipped": [{"row": r, "reason": why, "text": t} for r, why, t in sorted(self.skipped)],
            "totals": [
                {"row": r, "label": lab, "status": st, "columns": n}
                for r, lab, st, n in self.totals
            ],
            "year_from": self.year_from,
            "zone_from": self.zone_from,
            "indicator_from": self.indicator_from,
        }


@dataclass
class _Context:
    file: str
    kind: str = "csv"  # "csv" or "xlsx"
    records: dict[tuple[str, int], Record] = field(default_factory=dict)
    # indicator code -> unit as written -> sheets where it was read in that unit
    units: dict[str, dict[str, list[str | None]]] = field(default_factory=dict)
    unknown: dict[str, list[str | None]] = field(default_factory=dict)  # header -> sheets
    ratio_headers: set[str] = field(default_factory=set)
    skipped: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    ignored_sheets: list[str] = field(default_factory=list)
    no_indicators: list[str | None] = field(default_factory=list)
    seen: list[str | None] = field(default_factory=list)
    used: dict[str | None, str] = field(default_factory=dict)  # sheet -> "long" | "year sheet"
    # code -> (codebook unit assumed, {header as written: sheets}) for unitless money columns
    assumed: dict[str, tuple[str, dict[str, list[str | None]]]] = field(default_factory=dict)
    hidden: list[str | None] = field(default_factory=list)
    readings: list[_Reading] = field(default_factory=list)

    def error(self, message: str, sheet: str | None, row: int | None = None, column=None):
        return DataError(message, file=self.file, sheet=sheet, row=row, column=column)

    def warning_messages(self) -> list[str]:
        out = []
        if self.unknown:
            parts = []
            for h, sheets in self.unknown.items():
                names = [s for s in dict.fromkeys(sheets) if s is not None]
                where = f" (sheets {', '.join(map(repr, names))})" if names else ""
                note = (
                    " — a derived ratio, recomputed by add_ratios()"
                    if (h in self.ratio_headers)
                    else ""
                )
                parts.append(f"{h!r}{where}{note}")
            out.append(
                "columns the codebook does not know were not loaded: "
                + "; ".join(parts)
                + " (known indicators: `gxq codebook`; they are listed in attrs['unknown_columns'])"
            )
        if self.assumed:
            by_unit: dict[str, list[str]] = {}
            for code, (unit, headers) in self.assumed.items():
                for h, sheets in headers.items():
                    names = [s for s in dict.fromkeys(sheets) if s is not None]
                    where = f"; sheets {', '.join(map(repr, names))}" if names else ""
                    by_unit.setdefault(unit, []).append(f"{h!r} ({code}{where})")
            out.append(
                "money columns without a unit were read in the codebook's unit: "
                + "; ".join(f"{', '.join(hs)} — assumed {u}" for u, hs in by_unit.items())
                + ". The Torch statistics report money in 千元 or 万元: check the source and "
                "write the unit in the header, e.g. 营业收入（万元）, or in a title row, "
                "单位：万元 (listed in attrs['assumed_units'])"
            )
        if self.skipped:
            out.append(
                "total rows were not loaded: "
                + ", ".join(
                    (f"sheet {s['sheet']!r} " if s["sheet"] is not None else "")
                    + f"row {s['row']} ({s['zone']!r})"
                    for s in self.skipped
                )
            )
        if self.ignored_sheets:
            out.append(
                "sheets without a zone column or indicators were not read: "
                + ", ".join(map(repr, self.ignored_sheets))
            )
        if self.hidden:
            out.append(
                "hidden sheets were loaded: "
                + ", ".join(map(repr, self.hidden))
                + " (Excel does not show them: check that they hold current data, not an old "
                "copy; listed in attrs['hidden_sheets'])"
            )
        if self.no_indicators:
            out.append(
                "no indicator columns recognized in "
                + ", ".join("the file" if s is None else f"sheet {s!r}" for s in self.no_indicators)
            )
        return out


def _units_read(by_unit: dict[str, list[str | None]]) -> str:
    """The unit an indicator was read in, with the sheets when they differ.

    ``万元``, or ``万元 (sheets '2016'); 亿元 (sheets '2017')``.
    """
    if len(by_unit) == 1:
        return next(iter(by_unit))
    return "; ".join(
        f"{u} (sheets {', '.join(repr(s) for s in sheets)})" for u, sheets in by_unit.items()
    )


def _select_sheets(raw: RawFile, sheet: str | int | None) -> list[RawSheet]:
    if sheet is None:
        return raw.sheets
    if raw.kind == "csv":
        raise OptionError(f"sheet={sheet!r} applies only to .xlsx files; {raw.path} is CSV")
    names = [s.name for s in raw.sheets]
    if isinstance(sheet, int) and not isinstance(sheet, bool):
        check_choice("sheet", sheet, range(len(names)))
        return [raw.sheets[sheet]]
    check_choice("sheet", sheet, names)
    return [raw.sheets[names.index(sheet)]]


_LAYOUT_NAMES = {
    "long": "long",
    "year sheet": "sheet_per_year",
    "per_indicator": "sheet_per_indicator",
    "per_zone": "sheet_per_zone",
}


def _layout(ctx: _Context) -> str:
    kinds = set(ctx.used.values())
    return _LAYOUT_NAMES[kinds.pop()] if len(kinds) == 1 else "mixed"


def _sheet_year(name: str | None) -> int | None:
    if name is None:
        return None
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)).lower()
    m = _SHEET_YEAR.match(s)
    return int(m.group(1)) if m else None


def _read_sheet(sheet: RawSheet, raw: RawFile, ctx: _Context, spec: SheetLayout | None) -> None:
    """Read one sheet: find its header block, decide its layout, read its rows.

    Every decision is recorded in a :class:`_Reading` (``attrs["readings"]``) so that
    ``gxq validate`` can show how the sheet was read.
    """
    name = sheet.name
    ctx.seen.append(name)
    spec = spec or SheetLayout()
    rows = [(i, cells) for i, cells in sheet.rows if not all(blank(c) for c in cells)]
    if not rows:
        if raw.kind == "csv":
            raise ctx.error("the file has no rows", name)
        return  # an empty sheet (Excel's default Sheet2) holds nothing to drop
    hdr_pos, kind = _find_header(rows, spec, name, ctx)
    year_of_sheet = _sheet_year(name)
    if hdr_pos is None:
        first_row, first = rows[0]
        looks_like_data = any(
            header_key(c)[0] in _YEAR_KEYS or match_indicator(c)[0] is not None
            for c in first
            if not blank(c)
        )
        if raw.kind == "csv" or looks_like_data or year_of_sheet is not None:
            raise ctx.error(
                "missing zone column: no header among the first "
                f"{HEADER_SEARCH_ROWS} rows is one of " + ", ".join(ZONE_HEADERS),
                name,
                first_row,
            )
        ctx.ignored_sheets.append(name)
        return
    reading = _Reading(sheet=name)
    ctx.readings.append(reading)
    band = _header_band(rows, hdr_pos, sheet.merged, spec, name, ctx)
    rows = _fill_merged(rows, sheet.merged, hdr_pos, band)
    titles = rows[:hdr_pos]
    table_units = _table_units(titles, name, ctx)
    if spec.unit is not None:
        table_units = _spec_units(spec.unit, name, ctx)
        reading.units.append(("mapping", None, spec.unit))
    title_texts = []
    for row, cells in titles:
        for c in cells:
            if isinstance(c, str) and c.strip():
                if S.unit_line(c) is not None:
                    reading.skipped.append((row, "unit_line", c.strip()))
                    if spec.unit is None:
                        reading.units.append(("unit_line", row, S.unit_line(c)))
                else:
                    title_texts.append(c.strip())
                    reading.skipped.append((row, "title", c.strip()))
    hdr_row, header = rows[hdr_pos]
    reading.header_rows = [hdr_row]
    data = rows[hdr_pos + 1 :]
    if band > 1:
        # a header of several rows (the zone cell merged down them): group labels above the
        # indicators, and perhaps a units row at the bottom (kept for the rule below)
        names = rows[hdr_pos : hdr_pos + band]
        units_last = _is_units_row(names[-1][1], names[0][1], spec)
        if units_last:
            names = names[:-1]
        header = _band_header([c for _, c in names])
        reading.header_rows = [r for r, _ in names]
        # a label over year columns (营业收入（亿元） over 2016年 2017年) is the table's title
        title_texts += _labels_over_years([c for _, c in names[:-1]], header)
        data = rows[hdr_pos + len(names) :]
    width = max(j for j, h in enumerate(header) if not blank(h)) + 1
    header = header[:width]
    units_row: dict[int, str] = {}
    if data and _is_units_row(data[0][1], header, spec):
        units_row = {j: c for j, c in enumerate(data[0][1]) if not blank(c)}
        reading.header_rows.append(data[0][0])
        reading.units.append(("units_row", data[0][0], None))
        unit_row_cells = data[0][1]
        data = data[1:]
    else:
        unit_row_cells = None
    for j, h in enumerate(header):
        span = S.two_years(h) if isinstance(h, str) else None
        if span is not None and re.fullmatch(r"[\d\s年度\-–—~～至到/]+", flat(h)):
            raise ctx.error(
                f"the header {span!r} names two years: each column must hold one year "
                "(2016, 2016年); split the column or give its single year",
                name,
                hdr_row,
                f"column {col_letter(j)}",
            )
    year_cols = {j: y for j, h in enumerate(header) if (y := S.year_header(h)) is not None}
    data = _strip_footer_and_repeats(data, header, unit_row_cells, table_units, reading, name, ctx)
    if kind == "per_zone" or spec.layout == "per_zone":
        read_per_zone(name, header, year_cols, data, title_texts, units_row, table_units,
                       spec, reading, hdr_row, ctx)  # fmt: skip
        return
    cols, zone_col, year_col = _map_columns(
        header, data, hdr_row, table_units, name, ctx, units_row=units_row, skip=set(year_cols)
    )
    if zone_col is None:  # pragma: no cover - the header row was chosen for its zone cell
        raise ctx.error("missing zone column", name, hdr_row)
    layout = spec.layout
    if layout is None:
        if year_col is not None:
            layout = "long"
        elif year_cols and not cols:
            layout = "per_indicator"
        elif year_cols and cols:
            raise ctx.error(
                "the header holds both indicator columns ("
                + ", ".join(repr(c.header) for c in cols[:3])
                + ") and year columns ("
                + ", ".join(str(y) for y in list(year_cols.values())[:3])
                + "): it could be read one zone-year per row or one indicator per sheet; "
                'say which in a layout file (layout = "long" or "per_indicator")',
                name,
                hdr_row,
            )
        else:
            layout = "per_year"
    reading.layout = layout
    if layout == "per_indicator":
        read_per_indicator(name, header, zone_col, year_cols, data, title_texts, units_row,
                            table_units, spec, reading, hdr_row, ctx)  # fmt: skip
        _check_totals(reading, name, ctx)
        return
    if layout == "per_year":
        year_of_sheet = _year_of_sheet(name, year_of_sheet, title_texts, spec, reading, ctx)
        if year_of_sheet is None:
            hint = (
                "the sheet name is not a year (2016, 2016年) either"
                if raw.kind != "csv"
                else "CSV files need one row per zone and year"
            )
            raise ctx.error(
                "missing year column: no header is one of " + ", ".join(YEAR_HEADERS) + f"; {hint}",
                name,
                hdr_row,
            )
    elif year_col is None:
        raise ctx.error("a long layout needs a year column (年份, year)", name, hdr_row)
    else:
        year_of_sheet = year_of_sheet if spec.year is None else spec.year
    if not cols:
        ctx.no_indicators.append(name)
    ctx.used[name] = "long" if year_col is not None else "year sheet"
    if not reading.units:
        reading.units.append(("header", hdr_row, None))
    for row, cells in data:
        _read_row(row, cells, name, header, cols, zone_col, year_col, year_of_sheet, ctx)
    _check_totals(reading, name, ctx)


def _find_header(rows, spec: SheetLayout, sheet, ctx: _Context) -> tuple[int | None, str]:
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
        is_zone = any(_is_zone_header(c) for c in rows[pos][1])
        return pos, "zone" if is_zone or spec.layout != "per_zone" else "per_zone"
    for k, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if any(_is_zone_header(c) for c in cells):
            return k, "zone"
        if any(S.header_kind(c, S.INDICATOR_KEYS) for c in cells) and any(
            S.year_header(c) is not None for c in cells
        ):
            return k, "per_zone"
    return None, ""


def _is_zone_header(c: Any) -> bool:
    if blank(c):
        return False
    if header_key(c)[0] in _ZONE_KEYS or S.header_kind(c, _ZONE_FLAT):
        return True
    # a corner cell with a diagonal: 项目/地区 (columns are items, rows are zones)
    parts = S.corner_parts(c)
    return (
        bool(parts)
        and sorted(p in _ZONE_FLAT for p in parts) == [False, True]
        and any(p in S.INDICATOR_KEYS for p in parts)
    )


MAX_HEADER_ROWS = 3


def _header_band(rows, hdr_pos: int, merged, spec: SheetLayout, sheet, ctx: _Context) -> int:
    """How many rows the header spans: the rows its zone cell is merged down (地区 over
    经济指标 / 营业收入 / 万元), else 1. More than :data:`MAX_HEADER_ROWS` is refused."""
    if spec.header_rows or not merged:
        return 1
    hdr_row, cells = rows[hdr_pos]
    zone_js = [j for j, c in enumerate(cells) if _is_zone_header(c)]
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


def _band_header(name_rows) -> tuple:
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


def _labels_over_years(upper_rows, header) -> list[str]:
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


def _fill_merged(rows, merged, hdr_pos: int, band: int = 1):
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


def _is_units_row(cells, header, spec: SheetLayout) -> bool:
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
        if S.flat(c) in S.UNIT_KEYS or (j < len(header) and _is_zone_header(header[j])):
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


def _spec_units(unit: str, sheet, ctx: _Context) -> dict[str, str]:
    try:
        kind, _ = U.parse_unit(unit)
    except U.UnitError as exc:
        raise ctx.error(f"the layout file's unit: {exc}", sheet) from None
    return {kind: unit}


def _strip_footer_and_repeats(data, header, unit_row_cells, table_units, reading, sheet, ctx):
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
            units = _table_units([(row, (filled[0],))], sheet, ctx)
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
        if continued and any(_is_zone_header(c) for c in cells):
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


def _year_of_sheet(name, from_name, title_texts, spec, reading, ctx: _Context) -> int | None:
    """The year of a per-year sheet: layout file, sheet name, or the title; refuse two."""
    if spec.year is not None:
        reading.year_from = ("mapping", spec.year)
        return spec.year
    years, span = S.title_years(title_texts)
    if from_name is not None:
        if years and years != {from_name}:
            raise ctx.error(
                f"the sheet name says {from_name} but the title says "
                + ", ".join(str(y) for y in sorted(years))
                + ": give the sheet's year in a layout file (year = 2016)",
                name,
            )
        reading.year_from = ("sheet_name", from_name)
        return from_name
    if span is not None or len(years) > 1:
        raise ctx.error(
            "the title names "
            + (f"a span of years, {span!r}" if span else ", ".join(map(str, sorted(years))))
            + ", and the table has no year column: which year each row holds cannot be "
            "known; give it in a layout file (year = 2016)",
            name,
        )
    if years:
        year = next(iter(years))
        reading.year_from = ("title", year)
        return year
    return None


def _check_totals(reading: _Reading, sheet, ctx: _Context) -> None:
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


def _same_year(members, total_cells, reading: _Reading):
    """Members of a total in a long table are the zone rows of the same year."""
    if reading.year_col is None:
        return members
    j = reading.year_col
    year = total_cells[j] if j < len(total_cells) else None
    return [(r, z, c) for r, z, c in members if j < len(c) and flat(c[j]) == flat(year)]


_UNIT_LIST = re.compile(r"\s*[、,;/]\s*")  # after NFKC: 、 stays, ，；／ become ,;/


def _table_units(title_rows, sheet: str | None, ctx: _Context) -> dict[str, str]:
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


def _map_columns(
    header, data, hdr_row, table_units, sheet, ctx: _Context, *, units_row=None, skip=()
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
        if _is_zone_header(h):
            zone_cols.append(col)
            continue
        if key in _YEAR_KEYS or S.header_kind(h, _YEAR_FLAT):
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


def _read_row(row, cells, sheet, header, cols, zone_col, year_col, year_of_sheet, ctx: _Context):
    def cell(c: Column) -> Any:
        return cells[c.j] if c.j < len(cells) else None

    reading = ctx.readings[-1]
    filled = [c for c in cells if not blank(c)]
    lead = unicodedata.normalize("NFKC", str(filled[0])).strip().lower() if filled else ""
    if len(filled) == 1 and any(lead.startswith(p) for p in NOTE_PREFIXES):
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


def _check_width(row, cells, sheet, header, ctx: _Context) -> None:
    """Refuse a row whose values cannot be matched to the header's columns (module docstring,
    *Rows*): a non-blank cell right of the last header, or a CSV row with too few fields."""
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


def _parse_year(v: Any, sheet, row, header, ctx: _Context) -> int:
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
