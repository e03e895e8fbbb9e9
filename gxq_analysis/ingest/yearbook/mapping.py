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

Every key is optional; a key given overrides what the rules would have found, and is reported
as the reading's source. Unknown keys, layouts, sheets or values are errors naming the file,
the sheet's table and the key, listing what is allowed.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from typing import Any

from ...errors import DataError

LAYOUTS = ("long", "per_year", "per_indicator", "per_zone")
KEYS = ("layout", "header_rows", "unit", "zone", "year", "indicator")


@dataclass(frozen=True)
class SheetLayout:
    """What a layout file says about one sheet (None: let the rules decide)."""

    layout: str | None = None
    header_rows: tuple[int, ...] | None = None
    unit: str | None = None
    zone: str | None = None
    year: int | None = None
    indicator: str | None = None


def load_layout(path: str | os.PathLike[str]) -> dict[str, SheetLayout]:
    """Read a layout file: sheet name (or ``"*"``) -> :class:`SheetLayout`.

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
        raise DataError("no such layout file", file=name) from None
    except OSError as exc:
        raise DataError(f"cannot read the layout file: {exc.strerror or exc}", file=name) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DataError(f"the layout file is not valid TOML: {exc}", file=name) from None
    extra = [k for k in doc if k != "sheets"]
    if extra or not isinstance(doc.get("sheets"), dict):
        raise DataError(
            'a layout file holds one table per sheet, [sheets."NAME"]; found '
            + (", ".join(map(repr, extra)) if extra else "no [sheets] table"),
            file=name,
        )
    out: dict[str, SheetLayout] = {}
    for sheet, spec in doc["sheets"].items():
        where = f'[sheets."{sheet}"]'
        if not isinstance(spec, dict):
            raise DataError(f"{where} must be a table of keys ({', '.join(KEYS)})", file=name)
        out[sheet] = _sheet_layout(spec, where, name)
    return out


def _sheet_layout(spec: dict[str, Any], where: str, file: str) -> SheetLayout:
    def bad(key: str, message: str) -> DataError:
        return DataError(f"{where} {key}: {message}", file=file)

    unknown = [k for k in spec if k not in KEYS]
    if unknown:
        raise bad(unknown[0], "unknown key; allowed keys: " + ", ".join(KEYS))
    layout = spec.get("layout")
    if layout is not None and layout not in LAYOUTS:
        raise bad("layout", f"{layout!r} is not a layout; allowed: " + ", ".join(LAYOUTS))
    rows = spec.get("header_rows")
    if rows is not None:
        if isinstance(rows, int) and not isinstance(rows, bool):
            rows = [rows]
        if (
            not isinstance(rows, list)
            or not 1 <= len(rows) <= 2
            or not all(isinstance(r, int) and not isinstance(r, bool) and r >= 1 for r in rows)
            or (len(rows) == 2 and rows[1] != rows[0] + 1)
        ):
            raise bad(
                "header_rows",
                f"{rows!r}: expected one row number (>= 1) or two adjacent ones, [names, units]",
            )
        rows = tuple(rows)
    for key in ("unit", "zone", "indicator"):
        v = spec.get(key)
        if v is not None and (not isinstance(v, str) or not v.strip()):
            raise bad(key, f"{v!r}: expected a non-empty string")
    year = spec.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        raise bad("year", f"{year!r}: expected a year such as 2016")
    return SheetLayout(
        layout, rows, spec.get("unit"), spec.get("zone"), year, spec.get("indicator")
    )
