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

import pandas as pd

from ..errors import DataError, OptionError
from ..options import check_choice
from ..plan.codebook import load_codebook
from .demo import load_demo_panel
from .readers import RawFile, RawSheet, read_file
from .schema import PANEL_INDEX, attach_provenance, canonical_frame, validate_panel
from .yearbook import structure as S
from .yearbook.cells import (  # MISSING_TOKENS, TOTAL_ROWS: re-exported, documented here
    MISSING_TOKENS as MISSING_TOKENS,
    TOTAL_ROWS as TOTAL_ROWS,
    blank,
    col_letter,
    flat,
    header_key,
    match_indicator,
)
from .yearbook.columns import map_columns, read_table_units, spec_units
from .yearbook.context import Context, Reading, layout_name, units_read
from .yearbook.footers import strip_footer_and_repeats
from .yearbook.headers import (
    HEADER_SEARCH_ROWS,
    YEAR_HEADERS,
    YEAR_KEYS,
    ZONE_HEADERS,
    band_header,
    fill_merged,
    find_header,
    header_band,
    is_units_row,
    labels_over_years,
)
from .yearbook.layouts import read_per_indicator, read_per_zone
from .yearbook.mapping import SheetLayout, load_layout
from .yearbook.rows import check_totals, read_row

MAX_BYTES = 50_000_000


class DataWarning(UserWarning):
    """Something in a loaded file was reported and not loaded (unknown column, total row)."""


_SHEET_YEAR = re.compile(r"^(?:fy|y|year)?(\d{4})(?:年度?)?$")


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
    ctx = Context(file=source, kind=raw.kind)
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
        layout=layout_name(ctx),
        sheets=list(ctx.used),
        units={c: units_read(ctx.units[c]) for c in codes if c in ctx.units},
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


def _sheet_year(name: str | None) -> int | None:
    if name is None:
        return None
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)).lower()
    m = _SHEET_YEAR.match(s)
    return int(m.group(1)) if m else None


def _read_sheet(sheet: RawSheet, raw: RawFile, ctx: Context, spec: SheetLayout | None) -> None:
    """Read one sheet: find its header block, decide its layout, read its rows.

    Every decision is recorded in a :class:`Reading` (``attrs["readings"]``) so that
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
    hdr_pos, kind = find_header(rows, spec, name, ctx)
    year_of_sheet = _sheet_year(name)
    if hdr_pos is None:
        first_row, first = rows[0]
        looks_like_data = any(
            header_key(c)[0] in YEAR_KEYS or match_indicator(c)[0] is not None
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
    reading = Reading(sheet=name)
    ctx.readings.append(reading)
    band = header_band(rows, hdr_pos, sheet.merged, spec, name, ctx)
    rows = fill_merged(rows, sheet.merged, hdr_pos, band)
    titles = rows[:hdr_pos]
    table_units = read_table_units(titles, name, ctx)
    if spec.unit is not None:
        table_units = spec_units(spec.unit, name, ctx)
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
        units_last = is_units_row(names[-1][1], names[0][1], spec)
        if units_last:
            names = names[:-1]
        header = band_header([c for _, c in names])
        reading.header_rows = [r for r, _ in names]
        # a label over year columns (营业收入（亿元） over 2016年 2017年) is the table's title
        title_texts += labels_over_years([c for _, c in names[:-1]], header)
        data = rows[hdr_pos + len(names) :]
    width = max(j for j, h in enumerate(header) if not blank(h)) + 1
    header = header[:width]
    units_row: dict[int, str] = {}
    if data and is_units_row(data[0][1], header, spec):
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
    data = strip_footer_and_repeats(data, header, unit_row_cells, table_units, reading, name, ctx)
    if kind == "per_zone" or spec.layout == "per_zone":
        read_per_zone(name, header, year_cols, data, title_texts, units_row, table_units,
                       spec, reading, hdr_row, ctx)  # fmt: skip
        return
    cols, zone_col, year_col = map_columns(
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
        check_totals(reading, name, ctx)
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
        read_row(row, cells, name, header, cols, zone_col, year_col, year_of_sheet, ctx)
    check_totals(reading, name, ctx)


def _year_of_sheet(name, from_name, title_texts, spec, reading, ctx: Context) -> int | None:
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
