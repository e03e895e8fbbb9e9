"""Read untrusted CSV, XLSX and legacy XLS files into raw cell grids, safely.

The table reader (:mod:`.table`) interprets the grids; this module only gets cells out of files
without trusting them:

- the file type is decided by extension *and* content signature, and anything but ``.csv``,
  ``.xlsx`` and ``.xls`` is refused (macro-enabled ``.xlsm``, binary ``.xlsb``, others);
- legacy ``.xls`` (BIFF8, Excel 97-2003, what many yearbook CDs carry) is read by
  python-calamine (a Rust reader that never runs macros or evaluates formulas: a formula cell
  yields the result stored in the file) under the same size limit as every file; its merged
  ranges are kept like those of an xlsx;
- the file is read once, up to a size limit, and hashed (sha256) from the same bytes;
- CSV text is decoded by a stated rule (:func:`decode_text`), never guessed statistically;
- XLSX is opened by openpyxl in read-only mode with ``data_only=True``: formulas are never
  evaluated, a formula cell yields the result the spreadsheet program cached when it saved the
  file, and a formula without a cached result is reported (:class:`UncachedFormula`) rather than
  read as an empty cell; macros (``vbaProject.bin``) are never loaded; external links are not
  followed; XML is parsed with the standard library defused (:func:`_defuse_xml`) and any DTD
  or entity declaration, which OOXML never needs, is refused before a parser sees it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import defusedxml
import python_calamine as pc

from ..catalogue import Key, Quoted
from ..errors import DataError

ACCEPTED = (".csv", ".xlsx", ".xls")
ACCEPTED_TEXT = (
    ".csv (UTF-8, UTF-8 with BOM, GB18030/GBK) or .xlsx (Excel workbook) or .xls (Excel 97-2003)"
)
ACCEPTED_KEY = Key("data.read.accepted")
#: extension -> catalogue key of what it is
_REFUSED = {
    ".xlsm": "data.read.kind.xlsm",
    ".xltm": "data.read.kind.xltm",
    ".xlsb": "data.read.kind.xlsb",
    ".xlt": "data.read.kind.xlt",
    ".ods": "data.read.kind.ods",
    ".et": "data.read.kind.et",
    ".numbers": "data.read.kind.numbers",
}
#: An xlsx may expand to at most this many times ``max_bytes`` when unzipped (zip bombs).
UNZIP_RATIO = 20
_ZIP_SIG = b"PK\x03\x04"
_OLE_SIG = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls, .et, and encrypted xlsx
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


class UncachedFormula:
    """A formula cell whose file carries no computed result (e.g. written by a script)."""

    __slots__ = ("formula",)

    def __init__(self, formula: str) -> None:
        self.formula = formula

    def __repr__(self) -> str:
        return f"UncachedFormula({self.formula!r})"


class PercentNumber(float):
    """A number from a cell formatted as a percentage: 0.125 displayed as 12.5%."""


@dataclass
class RawSheet:
    """Cells of one sheet (or of a CSV file, ``name=None``) with their 1-based row numbers."""

    name: str | None
    rows: list[tuple[int, tuple[Any, ...]]] = field(default_factory=list)
    hidden: bool = False
    #: merged ranges as 1-based inclusive (first row, first column, last row, last column):
    #: Excel keeps a merged cell's text in its first cell only
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)


@dataclass
class RawFile:
    """What was read from a file: its sheets, sha256 of its bytes, kind and text encoding."""

    path: Path
    kind: str  # "csv", "xlsx" or "xls"
    sha256: str
    sheets: list[RawSheet]
    encoding: str | None = None


def read_file(path: str | Path, *, max_bytes: int) -> RawFile:
    """Read a CSV, XLSX or XLS file into raw sheets.

    Raises
    ------
    DataError
        For a missing, unreadable, empty, oversized or wrongly typed file, naming it.
    """
    path = Path(path)
    name = str(path)
    ext = path.suffix.lower()
    if ext in _REFUSED:
        raise DataError(
            "data.read.refused",
            file=name,
            fields={"what": Key(_REFUSED[ext]), "ext": ext, "accepted": ACCEPTED_KEY},
        )
    if ext not in ACCEPTED:
        raise DataError("data.read.extension", file=name,
                        fields={"ext": Quoted(ext) if ext else Key("data.read.none"),
                                "accepted": ACCEPTED_KEY})  # fmt: skip
    data = _read_bytes(path, max_bytes)
    sha = hashlib.sha256(data).hexdigest()
    if ext == ".xls":
        if not data.startswith(_OLE_SIG):
            what = "data.read.kind.zip" if data.startswith(_ZIP_SIG) else "data.read.kind.text"
            raise DataError(
                "data.read.not_xls", file=name, fields={"what": Key(what), "accepted": ACCEPTED_KEY}
            )
        return RawFile(path, "xls", sha, _xls_sheets(data, name=name))
    if data.startswith(_OLE_SIG):
        raise DataError(
            "data.read.ole",
            file=name,
            fields={"ext": ext, "accepted": ACCEPTED_KEY},
        )
    if ext == ".csv":
        if data.startswith(_ZIP_SIG):
            raise DataError("data.read.zip_csv", file=name, fields={})
        text, encoding = decode_text(data, name=name)
        return RawFile(path, "csv", sha, [_csv_sheet(text, name)], encoding)
    sheets = _xlsx_sheets(data, name=name, max_bytes=max_bytes)
    return RawFile(path, "xlsx", sha, sheets)


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    name = str(path)
    try:
        if not path.exists():
            raise DataError("data.file.missing", file=name, fields={})
        if path.is_dir():
            raise DataError("data.read.directory", file=name, fields={})
        size = path.stat().st_size
        if size > max_bytes:
            raise DataError(
                "data.read.too_big",
                file=name,
                fields={"size": f"{size:,}", "limit": f"{max_bytes:,}"},
            )
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)  # the file may grow between stat() and read()
    except OSError as exc:
        raise DataError(
            "data.read.os", file=name, fields={"reason": exc.strerror or str(exc)}
        ) from None
    if len(data) > max_bytes:
        raise DataError("data.read.exceeds", file=name, fields={"limit": f"{max_bytes:,}"})
    if not data.strip():
        raise DataError("data.read.empty", file=name, fields={})
    return data


def decode_text(data: bytes, *, name: str) -> tuple[str, str]:
    """Decode CSV bytes; return ``(text, encoding)``.

    Rule: decode strictly as UTF-8 (a leading byte-order mark is removed: ``utf-8-sig``);
    if that fails, decode strictly as GB18030, which contains GBK and GB2312 (the encodings of
    Chinese Excel's "CSV" export). Text that is neither stops with an error naming the offset of
    the first bad byte. UTF-8 is tried first because GBK text is almost never valid UTF-8,
    whereas much UTF-8 text is also valid GB18030 (as different characters).
    UTF-16 with its byte-order mark (Excel's and WPS's "Unicode text", tab-separated) is
    decoded as such: the mark says what it is. Binary files are refused.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise DataError("data.read.encoding", file=name, fields={"offset": exc.start}) from None
    if b"\x00" in data[:65536]:
        raise DataError("data.read.binary", file=name, fields={"accepted": ACCEPTED_KEY})
    try:
        bom = data.startswith(b"\xef\xbb\xbf")
        return data.decode("utf-8-sig"), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise DataError("data.read.encoding", file=name, fields={"offset": exc.start}) from None


def _csv_sheet(text: str, name: str) -> RawSheet:
    # The csv module rather than pandas.read_csv: we need each cell's text as written and its
    # record number, so that every error names row and column; pandas would coerce types first.
    first = text.split("\n", 1)[0]
    delim = max((",", "\t", ";"), key=first.count) if first else ","
    if first.count(delim) == 0:
        delim = ","
    sheet = RawSheet(None)
    # strict: an unterminated quote is an error, not a cell that swallows the rest of the file
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=True)
    try:
        # row numbers are record numbers, which is what a spreadsheet program shows as rows
        for i, rec in enumerate(reader, 1):
            sheet.rows.append((i, tuple(rec)))
    except csv.Error as exc:
        raise DataError(
            "data.read.csv",
            file=name,
            row=len(sheet.rows) + 1,
            fields={"reason": str(exc), "line": reader.line_num},
        ) from None
    return sheet


_DEFUSED = False


def _defuse_xml() -> None:
    """Make the standard library's XML parsers refuse DTDs, entities and external references.

    openpyxl parses with ``xml.etree`` when lxml is absent; ``defuse_stdlib`` patches it (and
    minidom, sax, ...) so that a crafted workbook cannot expand entities ("billion laughs") or
    fetch external resources. It must run before openpyxl parses any XML. When lxml is present
    openpyxl uses it with entity resolution off, and :func:`_check_zip` refuses every DTD
    before either parser runs, so both paths are covered.
    """
    global _DEFUSED
    if _DEFUSED:
        return
    with warnings.catch_warnings():
        # defusedxml 0.7 imports its deprecated cElementTree shim while patching
        warnings.simplefilter("ignore", DeprecationWarning)
        defusedxml.defuse_stdlib()
    _DEFUSED = True


def _check_zip(data: bytes, *, name: str, max_bytes: int) -> dict[str, tuple[bool, list]]:
    """Check that ``data`` is a plain (macro-free) xlsx.

    Returns {sheet part: (has formulas, merged ranges)}; openpyxl's read-only mode does not
    report merged cells, so their ``<mergeCell>`` elements are collected here.
    """
    if not data.startswith(_ZIP_SIG) or not zipfile.is_zipfile(io.BytesIO(data)):
        raise DataError("data.read.not_xlsx", file=name, fields={"accepted": ACCEPTED_KEY})
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            if "[Content_Types].xml" not in names:
                raise DataError("data.read.no_content_types", file=name, fields={})
            if sum(i.file_size for i in infos) > UNZIP_RATIO * max_bytes:
                raise DataError(
                    "data.read.unzip", file=name, fields={"limit": f"{UNZIP_RATIO * max_bytes:,}"}
                )
            if any(i.flag_bits & 0x1 for i in infos):
                raise DataError("data.read.encrypted", file=name, fields={})
            types = zf.read("[Content_Types].xml")
            if b"macroEnabled" in types or any(n.lower().endswith("vbaproject.bin") for n in names):
                raise DataError("data.read.macros", file=name, fields={"accepted": ACCEPTED_KEY})
            if b"spreadsheetml.sheet.main+xml" not in types and (
                b"spreadsheetml.template.main+xml" not in types
            ):
                raise DataError("data.read.other_office", file=name, fields={})
            formulas: dict[str, tuple[bool, list]] = {}
            for info in infos:
                if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
                    continue
                is_sheet = info.filename.startswith("xl/worksheets/")
                has_dtd, has_f, merged = _scan_member(zf, info, want_formulas=is_sheet)
                if has_dtd:
                    raise DataError(
                        "data.read.dtd", file=name, fields={"part": Quoted(info.filename)}
                    )
                if is_sheet:
                    formulas[info.filename] = (has_f, merged)
            return formulas
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
        raise DataError("data.read.damaged", file=name, fields={"reason": str(exc)}) from None


def _scan_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, *, want_formulas: bool):
    """Stream one XML part looking for DTD/entity declarations, formulas and merged ranges."""
    has_dtd = has_f = False
    merged: list[tuple[int, int, int, int]] = []
    tail = b""
    with zf.open(info) as fh:
        while chunk := fh.read(1 << 20):
            buf = tail + chunk
            if _DTD.search(buf):
                has_dtd = True
                break
            if want_formulas and not has_f and _FORMULA.search(buf):
                has_f = True
            if want_formulas:
                # <mergeCells> follows <sheetData>; a match straddling chunks is caught whole
                # because the tail keeps the last 64 bytes
                for m in _MERGE.finditer(buf):
                    if m.end() > len(tail):
                        c1, r1, c2, r2 = m.groups()
                        merged.append((int(r1), _col_index(c1), int(r2), _col_index(c2)))
            tail = buf[-64:]  # matches may straddle chunk boundaries
    return has_dtd, has_f, sorted(set(merged))


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _xlsx_sheets(data: bytes, *, name: str, max_bytes: int) -> list[RawSheet]:
    formulas = _check_zip(data, name=name, max_bytes=max_bytes)
    _defuse_xml()
    import openpyxl  # lazy: +0.1 s on importing the loader (every chapter); only .xlsx needs it

    sheet_name: str | None = None
    try:
        wb = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False, keep_vba=False
        )
        try:
            wb_f = None
            out = []
            for ws in wb.worksheets:
                sheet_name = ws.title
                part = getattr(ws, "_worksheet_path", "")
                has_f, merged = formulas.get(part, (True, []))
                if has_f and wb_f is None:
                    # A second, formula-text view: only to tell "formula without a cached
                    # result" from an empty cell. Nothing is evaluated.
                    wb_f = openpyxl.load_workbook(
                        io.BytesIO(data), read_only=True, data_only=False, keep_links=False
                    )
                ws_f = wb_f[ws.title] if has_f and wb_f is not None else None
                out.append(_read_ws(ws, ws_f))
                out[-1].merged = merged
            return out
        finally:
            wb.close()
            if wb_f is not None:
                wb_f.close()
    except DataError:
        raise
    except Exception as exc:
        # openpyxl, zipfile and the XML parsers raise many types on crafted or damaged input;
        # for an untrusted file every one of them means "cannot be read"
        raise DataError(
            "data.read.unreadable",
            file=name,
            sheet=sheet_name,
            fields={"reason": f"{type(exc).__name__}: {exc}"},
        ) from None


def _read_ws(ws, ws_f) -> RawSheet:
    sheet = RawSheet(ws.title, hidden=getattr(ws, "sheet_state", "visible") != "visible")
    ws.reset_dimensions()  # a wrong <dimension> element would otherwise truncate the rows
    rows = ws.iter_rows(min_row=1, min_col=1)
    rows_f = None
    if ws_f is not None:
        ws_f.reset_dimensions()
        rows_f = ws_f.iter_rows(min_row=1, min_col=1, values_only=True)
    for i, cells in enumerate(rows, 1):
        ftexts = next(rows_f, ()) if rows_f is not None else ()
        values = []
        for j, cell in enumerate(cells):
            v = cell.value
            if v is None:
                f = ftexts[j] if j < len(ftexts) else None
                if isinstance(f, str) and f.startswith("="):
                    v = UncachedFormula(f)
            elif isinstance(v, int | float) and not isinstance(v, bool):
                fmt = getattr(cell, "number_format", None) or ""
                if "%" in fmt:
                    v = PercentNumber(v)
            values.append(v)
        while values and values[-1] is None:
            values.pop()
        sheet.rows.append((i, tuple(values)))
    return sheet


def _xls_sheets(data: bytes, *, name: str) -> list[RawSheet]:
    """Sheets of a legacy .xls (BIFF) workbook, read by python-calamine.

    The size limit was applied to ``data`` already; calamine parses the OLE container in
    memory, runs no macros and evaluates no formulas (a formula cell yields its stored result).
    Empty cells, which calamine returns as ``""``, become None as in an xlsx.
    """
    sheet_name: str | None = None
    try:
        wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
        try:
            out = []
            for meta in wb.sheets_metadata:
                sheet_name = meta.name
                if str(meta.typ).rsplit(".", 1)[-1] != "WorkSheet":
                    continue  # chart sheets and macro sheets hold no cells to read
                ws = wb.get_sheet_by_name(meta.name)
                hidden = str(meta.visible).rsplit(".", 1)[-1] != "Visible"
                sheet = RawSheet(meta.name, hidden=hidden)
                # skip_empty_area=False: rows and columns count from A1, as Excel shows them
                for i, cells in enumerate(ws.to_python(skip_empty_area=False), 1):
                    values = [None if v == "" else v for v in cells]
                    while values and values[-1] is None:
                        values.pop()
                    sheet.rows.append((i, tuple(values)))
                sheet.merged = sorted(
                    (a[0] + 1, a[1] + 1, b[0] + 1, b[1] + 1) for a, b in ws.merged_cell_ranges or []
                )
                out.append(sheet)
            return out
        finally:
            wb.close()
    except DataError:
        raise
    except Exception as exc:
        # calamine raises its own error types on damaged or encrypted files; all mean the same
        raise DataError(
            "data.read.xls_unreadable",
            file=name,
            sheet=sheet_name,
            fields={"reason": f"{type(exc).__name__}: {exc}"},
        ) from None
