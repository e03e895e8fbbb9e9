"""The layout file: how to read sheets that no rule reads on its own.

A small TOML file (read with the standard library's :mod:`tomllib`) with one table per sheet,
keyed by the sheet's name (``"*"`` for every sheet, and for a CSV file)::

    # layout.toml — passed as load_panel(path, layout="layout.toml")
    # or gxq validate PATH --layout layout.toml
    [sheets."3-12"]
    layout = "per_year"        # long | per_year | per_indicator | per_zone
    year = 2016                # the year of a per_year sheet
    header_rows = [4, 5]       # spreadsheet rows of the header: names, then units (optional)
    unit = "万元"              # unit of the columns that state none

    [sheets."Sheet1"]
    layout = "per_indicator"
    indicator = "营业收入"     # name, alias or code of the indicator the sheet holds

    [sheets."沈阳"]
    layout = "per_zone"
    zone = "沈阳高新区"        # any spelling of a zone of the registry

    [sheets."2018"]
    prefer = "调整后"          # of two columns of one year (2018年（调整前）, 2018年（调整后）)

    # in a folder of several files, a table per file: [files."<file name>".sheets."<sheet>"]
    [files."torch_2016.xlsx".sheets."3-12"]
    year = 2016

Every key is optional; a key given overrides what the rules would have found, and is reported
as the reading's source. ``layout`` names where the axes lie (:data:`LAYOUTS`); the reader
finds that by itself, so the key only states an expectation, and a table read otherwise is
refused with what was found. Unknown keys, layouts, sheets or values are errors naming the file,
the sheet's table and the key, listing what is allowed.
"""

from __future__ import annotations

import itertools
import os
import tomllib
from dataclasses import dataclass
from typing import Any

from ...catalogue import Key, Quoted, Words
from ...errors import DataError

#: Where a table's axes lie (rows × columns, and what the sheet or title gives).
LAYOUTS = (
    "long",
    "per_year",
    "per_indicator",
    "per_zone",
    "transposed",
    "zone_blocks",
    "years_by_indicator",
    "years_by_zone",
    "zones_by_year_indicator",
    "fully_long",
    "indicator_years_by_zone",
)
KEYS = ("layout", "header_rows", "unit", "zone", "year", "indicator", "prefer")
MAX_HEADER_ROWS = 4


@dataclass(frozen=True)
class SheetLayout:
    """What a layout file says about one sheet (None: let the rules decide)."""

    layout: str | None = None
    header_rows: tuple[int, ...] | None = None
    unit: str | None = None
    zone: str | None = None
    year: int | None = None
    indicator: str | None = None
    prefer: str | None = None


@dataclass(frozen=True)
class LayoutFile:
    """A layout file: sheet layouts for any file (``[sheets]``) and for named files
    (``[files."x.xlsx".sheets]``)."""

    path: str
    sheets: dict[str, SheetLayout]
    files: dict[str, dict[str, SheetLayout]]

    def for_file(self, name: str) -> dict[str, SheetLayout]:
        """The sheet layouts that apply to the file ``name`` (its own over the common ones)."""
        return {**self.sheets, **self.files.get(name, {})}


def load_layout(path: str | os.PathLike[str]) -> LayoutFile:
    """Read a layout file.

    Raises
    ------
    DataError
        For a missing or malformed file, an unknown key or layout, or a value of the wrong
        type, naming the file, the table (``sheets."3-12"``) and the key.
    """
    name = os.fspath(path)
    try:
        with open(name, "rb") as fh:
            doc = tomllib.load(fh)
    except FileNotFoundError:
        raise DataError("data.layout.no_file", file=name, fields={}) from None
    except OSError as exc:
        raise DataError(
            "data.layout.unreadable", file=name, fields={"reason": exc.strerror or str(exc)}
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DataError("data.layout.not_toml", file=name, fields={"reason": str(exc)}) from None
    extra = [k for k in doc if k not in ("sheets", "files")]
    if extra or not (isinstance(doc.get("sheets"), dict) or isinstance(doc.get("files"), dict)):
        raise DataError(
            "data.layout.shape",
            file=name,
            fields={
                "found": Words(Quoted(k) for k in extra) if extra else Key("data.layout.no_sheets")
            },
        )
    sheets = _sheets(doc.get("sheets", {}), "sheets", name)
    files: dict[str, dict[str, SheetLayout]] = {}
    raw_files = doc.get("files", {})
    if not isinstance(raw_files, dict):
        raise DataError("data.layout.shape", file=name, fields={"found": Quoted("files")})
    for fname, body in raw_files.items():
        where = f'files."{fname}"'
        if not isinstance(body, dict) or set(body) - {"sheets"}:
            raise DataError("data.layout.file_shape", file=name, fields={"where": where})
        files[fname] = _sheets(body.get("sheets", {}), f"{where}.sheets", name)
    return LayoutFile(name, sheets, files)


def _sheets(table: Any, prefix: str, file: str) -> dict[str, SheetLayout]:
    if not isinstance(table, dict):
        raise DataError("data.layout.shape", file=file, fields={"found": Quoted(prefix)})
    out: dict[str, SheetLayout] = {}
    for sheet, spec in table.items():
        where = f'[{prefix}."{sheet}"]'
        if not isinstance(spec, dict):
            raise DataError(
                "data.layout.not_table", file=file, fields={"where": where, "keys": Words(KEYS)}
            )
        out[sheet] = _sheet_layout(spec, where, file)
    return out


def _sheet_layout(spec: dict[str, Any], where: str, file: str) -> SheetLayout:
    def bad(key: str, message: str, **fields: Any) -> DataError:
        return DataError(message, file=file, fields={"where": where, "key": key, **fields})

    unknown = [k for k in spec if k not in KEYS]
    if unknown:
        raise bad(unknown[0], "data.layout.unknown_key", keys=Words(KEYS))
    layout = spec.get("layout")
    if layout is not None and layout not in LAYOUTS:
        raise bad(
            "layout", "data.layout.bad_layout", value=Quoted(str(layout)), allowed=Words(LAYOUTS)
        )
    rows = spec.get("header_rows")
    if rows is not None:
        if isinstance(rows, int) and not isinstance(rows, bool):
            rows = [rows]
        if (
            not isinstance(rows, list)
            or not 1 <= len(rows) <= MAX_HEADER_ROWS
            or not all(isinstance(r, int) and not isinstance(r, bool) and r >= 1 for r in rows)
            or any(b != a + 1 for a, b in itertools.pairwise(rows))
        ):
            raise bad(
                "header_rows", "data.layout.bad_header_rows", value=repr(rows), most=MAX_HEADER_ROWS
            )
        rows = tuple(rows)
    for key in ("unit", "zone", "indicator", "prefer"):
        v = spec.get(key)
        if v is not None and (not isinstance(v, str) or not v.strip()):
            raise bad(key, "data.layout.not_string", value=repr(v))
    year = spec.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        raise bad("year", "data.layout.bad_year", value=repr(year))
    return SheetLayout(
        layout,
        rows,
        spec.get("unit"),
        spec.get("zone"),
        year,
        spec.get("indicator"),
        spec.get("prefer"),
    )
