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
    ``.xlsx``; never ``.xlsm``, ``.xls`` or ``.xlsb``.
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
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from ..errors import DataError, OptionError, ZoneError
from ..options import check_choice
from ..plan.codebook import RATIOS, header_table, load_codebook, normalize_header
from ..plan.zones import resolve_zone
from . import units as U
from .readers import PercentNumber, RawFile, RawSheet, UncachedFormula, read_file
from .schema import (
    PANEL_INDEX,
    YEAR_MAX,
    YEAR_MIN,
    attach_provenance,
    canonical_frame,
    validate_panel,
)

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
TOTAL_ROWS = (
    "合计", "总计", "小计", "全省", "全省合计", "辽宁", "辽宁省", "全国", "平均", "平均值",
    "total", "grand total", "sum", "average", "mean",
)  # fmt: skip
NOTE_PREFIXES = ("注", "说明", "备注", "资料来源", "数据来源", "来源", "note", "notes", "source")
MISSING_TOKENS = frozenset(
    {"", "—", "——", "―", "-", "--", "–", "…", "……", "...", "......", "n.a.", "n.a", "na",
     "n/a", "/", "nan", "#n/a"}
)  # fmt: skip

_NUM = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:[, ]\d{3})+(?:\.\d+)?$")
_YEAR_TEXT = re.compile(r"^(\d{4})(?:\.0+)?(?:年度?)?$")
_SHEET_YEAR = re.compile(r"^(?:fy|y|year)?(\d{4})(?:年度?)?$")
_SHEET_UNIT = re.compile(r"^(?:单位|unit|units)[:：]\s*(.+)$", re.IGNORECASE)


def _key(text: Any) -> tuple[str, str | None]:
    # normalize_header works on one line; headers often wrap ("营业收入\n（万元）")
    return normalize_header(" ".join(str(text).split()))


_ZONE_KEYS = frozenset(_key(h)[0] for h in ZONE_HEADERS)
_YEAR_KEYS = frozenset(_key(h)[0] for h in YEAR_HEADERS)
_TOTAL_KEYS = frozenset(re.sub(r"\s+", "", h.lower()) for h in TOTAL_ROWS)


def load_panel(
    path: str | os.PathLike[str] | None = None,
    *,
    sheet: str | int | None = None,
    max_bytes: int = MAX_BYTES,
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

    Returns
    -------
    pandas.DataFrame
        The canonical panel: ``(zone, year)`` MultiIndex, one float64 column per codebook code in
        its canonical unit, NaN for missing. ``attrs`` holds ``source`` (the path as given),
        ``sha256`` (of the file's bytes), ``synthetic`` (False), ``missing_indicators``,
        ``unknown_columns``, ``units`` (code -> unit as written), ``assumed_units`` (code ->
        the codebook unit assumed for a money column whose unit was not stated), ``layout``,
        ``sheets``, ``hidden_sheets`` (loaded sheets that Excel hides), ``encoding`` (CSV),
        ``skipped_rows`` and ``notes``.

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
        from .demo import load_demo_panel

        return load_demo_panel()
    if not isinstance(path, str | os.PathLike):
        raise OptionError(f"path must be a file path (str or Path), got {type(path).__name__}")
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes <= 0:
        raise OptionError(f"max_bytes must be a positive integer, got {max_bytes!r}")
    if sheet is not None and not isinstance(sheet, str | int):
        raise OptionError(f"sheet must be a sheet name or 0-based position, got {sheet!r}")
    source = os.fspath(path)
    raw = read_file(path, max_bytes=max_bytes)
    sheets = _select_sheets(raw, sheet)
    ctx = _Context(file=source, kind=raw.kind)
    for s in sheets:
        _read_sheet(s, raw, ctx)
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
    )
    df = validate_panel(df, source=source)
    for message in ctx.warning_messages():
        warnings.warn(f"file {source!r}: {message}", DataWarning, stacklevel=2)
    return df


# --------------------------------------------------------------------------------------------
@dataclass
class _Record:
    where: tuple[str | None, int]  # sheet, row
    values: dict[str, float]


@dataclass
class _Context:
    file: str
    kind: str = "csv"  # "csv" or "xlsx"
    records: dict[tuple[str, int], _Record] = field(default_factory=dict)
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


def _layout(ctx: _Context) -> str:
    kinds = set(ctx.used.values())
    if kinds == {"year sheet"}:
        return "sheet_per_year"
    return "long" if kinds == {"long"} else "mixed"


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _col_letter(j: int) -> str:
    s, n = "", j + 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def _sheet_year(name: str | None) -> int | None:
    if name is None:
        return None
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)).lower()
    m = _SHEET_YEAR.match(s)
    return int(m.group(1)) if m else None


@dataclass
class _Column:
    j: int
    header: str  # as written (or "column C" when blank)
    code: str | None = None
    ratio: tuple[int, int] = (1, 1)
    percent: bool = False
    unit: str = ""  # the unit the column's values are read in
    nonnegative: bool = True


def _read_sheet(sheet: RawSheet, raw: RawFile, ctx: _Context) -> None:
    name = sheet.name
    ctx.seen.append(name)
    rows = [(i, cells) for i, cells in sheet.rows if not all(_blank(c) for c in cells)]
    if not rows:
        if raw.kind == "csv":
            raise ctx.error("the file has no rows", name)
        return  # an empty sheet (Excel's default Sheet2) holds nothing to drop
    hdr_pos = next(
        (
            k
            for k, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS])
            if any(not _blank(c) and _key(c)[0] in _ZONE_KEYS for c in cells)
        ),
        None,
    )
    year_of_sheet = _sheet_year(name)
    if hdr_pos is None:
        first_row, first = rows[0]
        looks_like_data = any(
            _key(c)[0] in _YEAR_KEYS or _match_indicator(c)[0] is not None
            for c in first
            if not _blank(c)
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
    table_units = _table_units(rows[:hdr_pos], name, ctx)
    hdr_row, header = rows[hdr_pos]
    # the header's width: up to its last non-blank cell (CSV headers may end in empty fields)
    width = max(j for j, h in enumerate(header) if not _blank(h)) + 1
    header = header[:width]
    data = rows[hdr_pos + 1 :]
    cols, zone_col, year_col = _map_columns(header, data, hdr_row, table_units, name, ctx)
    if zone_col is None:  # pragma: no cover - the header row was chosen for its zone cell
        raise ctx.error("missing zone column", name, hdr_row)
    if year_col is None and year_of_sheet is None:
        hint = (
            "the sheet name is not a year (2016, 2016年) either"
            if raw.kind == "xlsx"
            else "CSV files need one row per zone and year"
        )
        raise ctx.error(
            "missing year column: no header is one of " + ", ".join(YEAR_HEADERS) + f"; {hint}",
            name,
            hdr_row,
        )
    if not cols:
        ctx.no_indicators.append(name)
    ctx.used[name] = "long" if year_col is not None else "year sheet"
    for row, cells in data:
        _read_row(row, cells, name, header, cols, zone_col, year_col, year_of_sheet, ctx)


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
                    raise ctx.error(msg, sheet, row, f"column {_col_letter(j)}") from None
                if kind in found and found[kind][1] != factor:
                    raise ctx.error(
                        f"two table units of one kind, {found[kind][0]!r} and {part!r}: "
                        "columns without a unit of their own could be either; keep one",
                        sheet,
                        row,
                        f"column {_col_letter(j)}",
                    )
                found[kind] = (part, factor)
    return {kind: unit for kind, (unit, _) in found.items()}


def _is_unit(text: str) -> bool:
    try:
        U.parse_unit(text)
    except U.UnitError:
        return False
    return True


def _flat(text: Any) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))).lower()


@cache
def _full_names() -> dict[str, str]:
    """Flattened codebook name -> code, brackets kept.

    ``header_table()`` splits a trailing bracket off every name as if it were a unit, so a name
    with brackets of its own ("R&D institutions (provincial level and above)") is only found
    here.
    """
    out: dict[str, str] = {}
    for code, row in load_codebook().iterrows():
        for n in (code, row["name_zh"], row["name_en"], *row["aliases"]):
            out.setdefault(_flat(n), code)
    return out


_LAST_BRACKET = re.compile(r"^(.*)[(\[]\s*([^()\[\]]+?)\s*[)\]]$")  # greedy: the last group


def _match_indicator(header: Any) -> tuple[str | None, str | None]:
    """(code, unit as written or None) of an indicator header, or (None, None)."""
    text = " ".join(unicodedata.normalize("NFKC", str(header)).split())
    full = _full_names()
    if _flat(text) in full:
        return full[_flat(text)], None
    m = _LAST_BRACKET.match(text)
    if m and _flat(m.group(1)) in full:
        return full[_flat(m.group(1))], m.group(2)
    key, unit = _key(text)
    table = header_table()
    if key in table:
        return table[key], unit
    # a unit written without brackets: "营业收入万元"
    for sp in U.spellings():
        if key.endswith(sp) and key[: -len(sp)] in table:
            return table[key[: -len(sp)]], sp
    return None, None


def _map_columns(header, data, hdr_row, table_units, sheet, ctx: _Context):
    """Match each header to zone, year, an indicator code or an unknown column."""
    cb = load_codebook()
    cols: list[_Column] = []
    zone_cols: list[_Column] = []
    year_cols: list[_Column] = []
    by_code: dict[str, _Column] = {}
    # The package's own format (zone, year, codes) defines units by the codes: assume nothing.
    own_format = all(_blank(h) or str(h).strip() in {"zone", "year", *cb.index} for h in header)
    for j, h in enumerate(header):
        if _blank(h):
            if any(j < len(c) and not _blank(c[j]) for _, c in data):
                label = f"column {_col_letter(j)} (no header)"
                ctx.unknown.setdefault(label, []).append(sheet)
            continue
        written = " ".join(str(h).split())
        key = _key(h)[0]
        col = _Column(j, written)
        if key in _ZONE_KEYS:
            zone_cols.append(col)
            continue
        if key in _YEAR_KEYS:
            year_cols.append(col)
            continue
        code, unit = _match_indicator(h)
        if code is None:
            ctx.unknown.setdefault(written, []).append(sheet)
            if any(key == _key(n)[0] for r in RATIOS.values() for n in (r.name_zh, r.name_en)):
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
        if unit is None and kind in table_units:
            unit = table_units[kind]
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
    def cell(c: _Column) -> Any:
        return cells[c.j] if c.j < len(cells) else None

    filled = [c for c in cells if not _blank(c)]
    lead = unicodedata.normalize("NFKC", str(filled[0])).strip().lower() if filled else ""
    if len(filled) == 1 and any(lead.startswith(p) for p in NOTE_PREFIXES):
        ctx.notes.append(str(filled[0]).strip())
        return
    _check_width(row, cells, sheet, header, ctx)
    zone_raw = cell(zone_col)
    if _blank(zone_raw) or isinstance(zone_raw, str):
        text = "" if _blank(zone_raw) else unicodedata.normalize("NFKC", zone_raw).strip()
        if not text:
            raise ctx.error(
                "the zone cell is empty but the row has values (merged cells are not filled "
                "down: write the zone name in every row)",
                sheet,
                row,
                zone_col.header,
            )
        if re.sub(r"\s+", "", text.lower()) in _TOTAL_KEYS:
            ctx.skipped.append({"sheet": sheet, "row": row, "zone": text, "reason": "total"})
            return
    try:
        zone = resolve_zone(str(zone_raw))
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
    if key in ctx.records:
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
            raise ctx.error(_formula_message(v), sheet, row, c.header)
        try:
            x = _parse_number(v, percent=c.percent)
        except ValueError as exc:
            raise ctx.error(f"{exc}; expected a number in {c.unit}", sheet, row, c.header) from None
        if np.isnan(x):
            values[c.code] = x
            continue
        if x < 0 and c.nonnegative:
            raise ctx.error(
                f"negative value {_show(v)}: {cb.loc[c.code, 'name_zh']} ({c.code}) cannot be "
                "negative",
                sheet,
                row,
                c.header,
            )
        values[c.code] = U.convert(x, c.ratio)
        if not np.isfinite(values[c.code]):
            raise ctx.error(f"{_show(v)} {c.unit} overflows when converted", sheet, row, c.header)
    ctx.records[key] = _Record((sheet, row), values)


def _check_width(row, cells, sheet, header, ctx: _Context) -> None:
    """Refuse a row whose values cannot be matched to the header's columns (module docstring,
    *Rows*): a non-blank cell right of the last header, or a CSV row with too few fields."""
    width = len(header)
    extra = [j for j in range(width, len(cells)) if not _blank(cells[j])]
    if extra:
        last = " ".join(str(header[-1]).split())
        held = ", ".join(f"column {_col_letter(j)} holds {_show(cells[j])}" for j in extra[:5])
        held += ", ..." if len(extra) > 5 else ""
        hint = (
            f"; the row has {len(cells)} fields but the header has {width} (a number with a "
            'thousands separator must be quoted in CSV, "1,234", or written without it)'
            if ctx.kind == "csv"
            else ""
        )
        raise ctx.error(
            f"values beyond the header's last column (column {_col_letter(width - 1)}, "
            f"{last!r}): {held}{hint}; the values cannot be matched to their columns — fix the "
            "row, or give the extra column a header",
            sheet,
            row,
            f"column {_col_letter(extra[0])}",
        )
    if ctx.kind == "csv" and len(cells) < width:
        raise ctx.error(
            f"the row has {len(cells)} fields but the header has {width}: which column lacks "
            "its value cannot be known; write an empty field for a missing value "
            "(大连,2016,,5)",
            sheet,
            row,
            " ".join(str(header[len(cells)]).split()) or f"column {_col_letter(len(cells))}",
        )


def _show(v: Any) -> str:
    return repr(v) if isinstance(v, str) else f"{v:g}" if isinstance(v, float) else repr(v)


def _parse_year(v: Any, sheet, row, header, ctx: _Context) -> int:
    year: int | None = None
    if _blank(v):
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
        raise ctx.error(_formula_message(v), sheet, row, header)
    if isinstance(v, int):
        year = v
    elif isinstance(v, float) and not isinstance(v, PercentNumber):
        year = int(v) if np.isfinite(v) and v == int(v) else None
    elif isinstance(v, str):
        m = _YEAR_TEXT.match(re.sub(r"\s+", "", unicodedata.normalize("NFKC", v)))
        year = int(m.group(1)) if m else None
    if year is None:
        raise ctx.error(f"expected a year such as 2016, found {_show(v)}", sheet, row, header)
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise ctx.error(
            f"year {year} is outside the plausible range {YEAR_MIN}–{YEAR_MAX}", sheet, row, header
        )
    return year


def _formula_message(v: UncachedFormula) -> str:
    return (
        f"the cell holds the formula {v.formula!r} without a stored result; formulas are never "
        "evaluated here: open and save the file in Excel/WPS, or paste values"
    )


def _parse_number(v: Any, *, percent: bool) -> float:
    """One cell as a float in the header's unit (NaN for missing); ValueError says why not."""
    if v is None:
        return np.nan
    if isinstance(v, bool):
        raise ValueError(f"found the logical value {v}")
    if isinstance(v, datetime | date | time | timedelta):
        raise ValueError(f"found a date/time {v!s}")
    if isinstance(v, PercentNumber):  # shown as 12.5% in Excel, stored as 0.125
        if not percent:
            raise ValueError(f"found a percentage ({float(v) * 100:g}%)")
        return float(v) * 100.0
    if isinstance(v, int | float):
        x = float(v)
        if not np.isfinite(x):
            raise ValueError(f"found {x}")
        return x
    s = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", str(v))).strip()
    if s.lower() in MISSING_TOKENS:
        return np.nan
    is_pct = s.endswith("%")
    t = s[:-1].strip() if is_pct else s
    if _GROUPED.match(t):
        t = t.replace(",", "").replace(" ", "")
    if not _NUM.match(t.lower()):
        raise ValueError(f"found text {v!r}" if isinstance(v, str) else f"found {v!r}")
    if is_pct and not percent:
        raise ValueError(f"found a percentage {v!r}")
    x = float(t)
    if not np.isfinite(x):
        raise ValueError(f"found {v!r}, too large to be a number")
    return x
