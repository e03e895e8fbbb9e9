"""Load a zone panel: the bundled synthetic demo, or an evaluator's own tables.

Evaluators compile zone data from the Torch statistics (火炬统计), the Liaoning and city
yearbooks and the provincial S&T department's quick reports into CSV or Excel files.
:func:`load_panel` reads a file, a folder of them or a manifest (:mod:`.discover`) and returns
the canonical panel (:mod:`gxq_analysis.ingest.schema`); :func:`read_sources` returns the same
panel with the place of every value and how every table was read. Nothing is dropped silently:
columns and rows not read (unknown, derived, totals), sheets without tables and hidden sheets are
reported in a :class:`DataWarning` and in ``attrs``; every problem in the data is gathered and
raised together as a :class:`~gxq_analysis.errors.DataErrors`, each with its file, sheet, row
and column.

Accepted input
--------------
Formats
    ``.csv`` in UTF-8, UTF-8 with BOM or GB18030/GBK (rule: :func:`.readers.decode_text`),
    ``.xlsx`` and legacy ``.xls`` (read by python-calamine); never ``.xlsm`` or ``.xlsb``.
Tables, by their axes (:mod:`gxq_analysis.ingest.table`)
    Any table whose values each have a zone, a year and an indicator, found on its rows (label
    columns: 高新区/地区, 年份, 指标, with 单位), on its columns (headers of one to four rows), or
    around it (the sheet name, the title, the layout file): zones × indicators per year, zones ×
    years per indicator, indicators × years per zone, indicators × zones, zone blocks of
    indicator rows × years, years × indicators, long tables; several tables on one sheet, each
    with its own title; titles, unit lines (``单位：万元``), units rows, footnotes and source lines,
    totals (checked against their members), continued tables, footnote marks, list numbers.
Years
    ``2016``, ``2016年``, ``2016年度``; with a qualifier (``2018年（调整后）``, ``2018年快报``) a
    year's value; two columns of one year are refused unless the layout file's ``prefer`` picks
    one. Derived columns (增长, 比上年, 占比, %) are reported, never read.
Units
    Codebook names or aliases in Chinese or English (``gxq codebook``), with an optional unit in
    ``（）``, ``()`` or ``[]``; values are converted to the codebook's unit
    (:mod:`gxq_analysis.ingest.units`). Money without a stated unit is read in the codebook's
    unit and reported (``attrs["assumed_units"]``), except in the package's own format.
Cells
    ``1,234.5``, full-width digits, ``12.5%`` (in % columns), numbers, and for missing values
    empty, ``—``, ``-``, ``–``, ``…``, ``...``, ``n.a.``, ``NA``, ``N/A``, ``/``. Zone names in
    any spelling of the registry (:func:`~gxq_analysis.plan.zones.resolve_zone`).
"""

from __future__ import annotations

import hashlib
import os
import warnings
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ...catalogue import Key, Quoted, Words, render_message
from ...errors import DataError, DataErrors, OptionError
from ...options import check_choice
from ...plan.codebook import load_codebook
from ..demo import load_demo_panel
from ..readers import RawFile, read_file
from ..schema import PANEL_INDEX, attach_provenance, canonical_frame, validate_panel
from ..table import FileReading, read_sheet
from ..table.cells import MISSING_TOKENS as MISSING_TOKENS
from ..table.layoutfile import SheetLayout
from ..table.reading import units_read
from . import store
from .assemble import Assembled, assemble
from .discover import Plan, Source, plan_sources

MAX_BYTES = 50_000_000


class DataWarning(UserWarning):
    """Something in the data was reported and not loaded (an unknown or derived column, a
    total row, a hidden sheet), as a catalogue key with its fields: ``str()`` is English,
    :meth:`text` either language."""

    def __init__(self, key: str, fields: dict[str, Any], file: str | None = None) -> None:
        self.key, self.fields, self.file = key, fields, file
        super().__init__(self.text("en"))

    def __reduce__(self):
        return (type(self), (self.key, self.fields, self.file))

    def text(self, lang: str = "en") -> str:
        body = render_message(self.key, lang, self.fields)
        if self.file is None:
            return body
        return render_message("data.warn.in_file", lang, {"file": Quoted(self.file), "body": body})


@dataclass
class Sources:
    """A load: the panel, the place of every value, how every table was read."""

    panel: pd.DataFrame
    provenance: pd.DataFrame
    plan: Plan
    files: list[dict[str, Any]]
    readings: list[dict[str, Any]]
    warnings: list[DataWarning] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)

    def coverage(self) -> pd.DataFrame:
        """Zones × years for each indicator: how many indicators have a value (a matrix per
        indicator is :meth:`coverage_of`)."""
        df = self.panel
        counts = df.notna().sum(axis=1).unstack("year").fillna(0).astype(int)
        return counts

    def coverage_of(self, code: str) -> pd.DataFrame:
        """Zones × years: True where the indicator has a value."""
        return self.panel[code].notna().unstack("year").fillna(False).astype(bool)


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
        A ``.csv``, ``.xlsx`` or ``.xls`` file, a folder of them, or a ``.toml`` manifest (see
        the module docstring), or None for the bundled synthetic demo panel
        (``attrs["synthetic"] is True``).
    sheet
        Read only this sheet of a workbook (name, or 0-based position); default all sheets.
    max_bytes
        Refuse files larger than this (default 50 MB); an xlsx may unpack to at most
        ``readers.UNZIP_RATIO`` times as much.
    layout
        A layout file (TOML, :mod:`gxq_analysis.ingest.table.layoutfile`) saying what no rule
        can find: per sheet its header rows, unit, zone, year or indicator, and which of two
        qualified year columns to prefer.

    Returns
    -------
    pandas.DataFrame
        The canonical panel: ``(zone, year)`` MultiIndex, one float64 column per codebook code in
        its canonical unit, NaN for missing. ``attrs`` holds ``source`` (the path as given),
        ``sha256`` (of the file's bytes; of every input for a folder or manifest),
        ``synthetic`` (False), ``files`` (each file's name, sha256, format, sheets),
        ``missing_indicators``, ``unknown_columns``, ``units`` (code -> unit as written),
        ``assumed_units``, ``layout``, ``sheets``, ``hidden_sheets``, ``encoding`` (CSV),
        ``skipped_rows``, ``notes``, ``conflicts`` (settled by priority) and ``readings`` (per
        table: where its axes lie, header rows, unit sources, rows skipped and why, totals
        checked; what ``gxq validate`` prints).

    Raises
    ------
    DataErrors
        Every problem in the data, each naming file, sheet, row (as the spreadsheet shows it)
        and column; behaves as its first :class:`~gxq_analysis.errors.DataError`.
    OptionError
        For a bad ``sheet``, ``max_bytes`` or ``layout``.

    Warns
    -----
    DataWarning
        Naming columns and rows not read, money columns whose unit was assumed, sheets without
        tables and hidden sheets that were read.
    """
    if path is None:
        if sheet is not None:
            raise OptionError("sheet= applies only to a file path, not to the demo panel")
        return load_demo_panel()
    src = read_sources(path, sheet=sheet, max_bytes=max_bytes, layout=layout)
    for w in src.warnings:
        warnings.warn(w, stacklevel=2)
    return src.panel


def _check_options(path, sheet, max_bytes, layout) -> None:
    if not isinstance(path, str | os.PathLike):
        raise OptionError(f"path must be a file path (str or Path), got {type(path).__name__}")
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes <= 0:
        raise OptionError(f"max_bytes must be a positive integer, got {max_bytes!r}")
    if sheet is not None and not isinstance(sheet, str | int):
        raise OptionError(f"sheet must be a sheet name or 0-based position, got {sheet!r}")
    if layout is not None and not isinstance(layout, str | os.PathLike):
        raise OptionError(f"layout must be a layout file path, got {type(layout).__name__}")


def read_sources(
    path: str | os.PathLike[str],
    *,
    sheet: str | int | None = None,
    max_bytes: int = MAX_BYTES,
    layout: str | os.PathLike[str] | None = None,
    use_store: bool = True,
) -> Sources:
    """Read a file, folder or manifest into a :class:`Sources` (panel, provenance, readings).

    The result is kept in the load store (:mod:`.store`) keyed by the bytes of every input
    and the reader's code, so a second read of unchanged inputs returns it without parsing.
    Raises as :func:`load_panel`; warns nothing (the warnings are in ``.warnings``).
    """
    _check_options(path, sheet, max_bytes, layout)
    plan = plan_sources(path, layout=layout)
    if sheet is not None and len(plan.sources) != 1:
        raise OptionError("sheet= applies to a single file, not to a folder or manifest")
    key = store.key_of(plan, sheet=sheet, max_bytes=max_bytes) if use_store else None
    if key is not None:
        hit = store.get(key)
        if hit is not None:
            return _relabel(hit, plan)
    out = _read(plan, sheet=sheet, max_bytes=max_bytes)
    if key is not None:
        store.put(key, out)
    return out


def _read(plan: Plan, *, sheet, max_bytes: int) -> Sources:
    readings: list[tuple[Source, FileReading, RawFile]] = []
    errors: list[DataError] = []
    more = 0
    for src in plan.sources:
        try:
            raw = read_file(src.path, max_bytes=max_bytes)
        except DataError as exc:
            if len(plan.sources) == 1:
                raise
            errors.append(_renamed(exc, src.name))
            continue
        fr = FileReading(file=src.name, kind=raw.kind)
        try:
            _read_file(src, raw, fr, sheet, single=len(plan.sources) == 1)
        except DataError as exc:
            errors.append(exc)
            continue
        errors.extend(fr.errors)
        more += fr.more_errors
        readings.append((src, fr, raw))
    if errors:
        raise DataErrors(errors, more=more)
    values = [v for _, fr, _ in readings for v in fr.values]
    given = plan.given
    if not values and not any(fr.rows_seen for _, fr, _ in readings):
        seen = [s for _, fr, _ in readings for s in fr.seen if s is not None]
        where = Key("data.in_sheets", sheets=Words(Quoted(s) for s in seen)) if seen else ""
        raise DataError("data.no_rows", file=given, fields={"where": where})
    priority = {src.name: src.priority for src, _, _ in readings}
    conflicts: list[DataError] = []
    merged = assemble(values, priority, conflicts)
    if conflicts:
        raise DataErrors(conflicts)
    panel = _panel(merged, plan, readings)

    warns = [
        DataWarning(k, f, file=fr.file) for _, fr, _ in readings for k, f in fr.warning_items()
    ]
    if plan.not_read:
        warns.append(
            DataWarning(
                "data.warn.files_not_read",
                {"files": Words(Quoted(n) for n in plan.not_read)},
                file=given,
            )
        )
    return Sources(
        panel=panel,
        provenance=merged.provenance(),
        plan=plan,
        files=[_file_info(src, fr, raw) for src, fr, raw in readings],
        readings=panel.attrs["readings"],
        warnings=warns,
        conflicts=[c.as_dict() for c in merged.conflicts],
    )


def _relabel(src: Sources, plan: Plan) -> Sources:
    """A stored load under the names of ``plan`` (the same inputs, given by another path)."""
    names = {old.name: new.name for old, new in zip(src.plan.sources, plan.sources, strict=True)}
    if src.plan.given == plan.given and all(k == v for k, v in names.items()):
        return src

    def rename(text: str) -> str:
        for old, new in names.items():
            if text == old or text.startswith(old + ":"):
                return new + text[len(old) :]
        return text

    panel = src.panel.copy(deep=False)
    a = dict(src.panel.attrs)
    a["source"] = plan.given
    a["files"] = [{**f, "file": rename(f["file"])} for f in a.get("files", [])]
    a["readings"] = [
        {**r, "file": rename(r["file"])} if "file" in r else r for r in a.get("readings", [])
    ]
    a["skipped_rows"] = [
        {**r, "file": rename(r["file"])} if "file" in r else r for r in a.get("skipped_rows", [])
    ]
    conflicts = [
        {
            **c,
            "kept": {**c["kept"], "place": rename(c["kept"]["place"])},
            "dropped": [{**d, "place": rename(d["place"])} for d in c["dropped"]],
        }
        for c in src.conflicts
    ]
    a["conflicts"] = conflicts
    panel.attrs = a
    prov = src.provenance.copy()
    prov["file"] = prov["file"].map(rename)
    prov["also"] = prov["also"].map(
        lambda s: "; ".join(rename(p) for p in s.split("; ")) if s else s
    )

    def file_of(w: DataWarning) -> str | None:
        if w.file is None or w.file == src.plan.given:
            return plan.given if w.file is not None else None
        return rename(w.file)

    warns = [DataWarning(w.key, w.fields, file=file_of(w)) for w in src.warnings]
    return Sources(
        panel=panel,
        provenance=prov,
        plan=plan,
        files=[{**f, "file": rename(f["file"])} for f in src.files],
        readings=a["readings"],
        warnings=warns,
        conflicts=conflicts,
    )


def _renamed(exc: DataError, name: str) -> DataError:
    if exc.key is None:
        return DataError(exc.reason, file=name, sheet=exc.sheet, row=exc.row, column=exc.column)
    return DataError(
        exc.key, file=name, sheet=exc.sheet, row=exc.row, column=exc.column, fields=exc.fields
    )


def _read_file(src: Source, raw: RawFile, fr: FileReading, sheet, *, single: bool) -> None:
    specs = src.layout.for_file(src.path.name) if src.layout is not None else {}
    names = [s.name for s in raw.sheets if s.name is not None]
    for key in specs:
        if key != "*" and key not in names and (single or key in _own(src)):
            raise DataError(
                "data.layout.no_sheet",
                file=src.layout.path,
                fields={
                    "name": key,
                    "file": Quoted(str(src.path)),
                    "sheets": Words(Quoted(n) for n in names)
                    if names
                    else Key("data.layout.csv_star"),
                },
            )
    sheets = _select(raw, sheet if sheet is not None else None, src.sheets, fr)
    for s in sheets:
        spec = specs.get(s.name if s.name is not None else "*", specs.get("*"))
        read_sheet(s, fr, spec)
    fr.hidden = [s.name for s in sheets if s.hidden and s.name in fr.used]


def _own(src: Source) -> set[str]:
    """Sheet keys the layout file gives for this file by name (``[files."x"]``)."""
    if src.layout is None:
        return set()
    return set(src.layout.files.get(src.path.name, {}))


def _select(raw: RawFile, sheet, listed, fr: FileReading):
    if listed is not None:
        names = [s.name for s in raw.sheets]
        bad = [s for s in listed if s not in names]
        if bad:
            raise fr.error(
                "data.manifest.no_sheet",
                None,
                None,
                None,
                sheet=Quoted(bad[0]),
                sheets=Words(Quoted(n) for n in names if n is not None),
            )
        return [s for s in raw.sheets if s.name in listed]
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


def _file_info(src: Source, fr: FileReading, raw: RawFile) -> dict[str, Any]:
    return {
        "file": src.name,
        "sha256": raw.sha256,
        "format": raw.kind,
        "encoding": raw.encoding,
        "sheets": [s for s in fr.used if s is not None],
        "priority": src.priority,
    }


def combined_sha256(plan: Plan, files: list[tuple[str, str]]) -> str:
    """The sha256 of a folder or manifest load: of each file's name and sha256, in order, and
    of the manifest and layout files' bytes."""
    h = hashlib.sha256()
    for name, sha in files:
        h.update(f"{os.path.basename(name)}\t{sha}\n".encode())
    for extra in (plan.manifest, plan.layout.path if plan.layout is not None else None):
        if extra is not None:
            with open(extra, "rb") as fh:
                h.update(hashlib.sha256(fh.read()).hexdigest().encode())
    return h.hexdigest()


def _panel(merged: Assembled, plan: Plan, readings) -> pd.DataFrame:
    codes = list(load_codebook().index)
    records: dict[tuple[str, int], dict[str, float]] = {}
    for (zone, year, code), v in merged.values.items():
        records.setdefault((zone, year), {})[code] = v.value
    for _, fr, _ in readings:
        for zy in fr.rows_seen:
            records.setdefault(zy, {})  # a zone-year row of a table, even without values
    index = pd.MultiIndex.from_tuples(list(records), names=PANEL_INDEX)
    df = pd.DataFrame(list(records.values()), index=index, columns=codes, dtype="float64")
    df = canonical_frame(df)
    frs = [fr for _, fr, _ in readings]
    raws = [raw for _, _, raw in readings]
    single = len(readings) == 1 and plan.kind == "file"
    units: dict[str, dict[str, list]] = {}
    assumed: dict[str, str] = {}
    unknown: list[str] = []
    skipped: list[dict] = []
    notes: list[str] = []
    for fr in frs:
        for code, by_unit in fr.units.items():
            for u, sheets in by_unit.items():
                seen = units.setdefault(code, {}).setdefault(u, [])
                seen.extend(s for s in dict.fromkeys(sheets) if s not in seen)
        for code, (unit, _) in fr.assumed.items():
            assumed.setdefault(code, unit)
        unknown += [h for h in (*fr.unknown, *fr.derived) if h not in unknown]
        skipped += [{**s, **({} if single else {"file": fr.file})} for s in fr.skipped_totals]
        notes += fr.notes
    layouts = {name for fr in frs for name in fr.used.values()}
    readings_out = []
    for fr in frs:
        for t in fr.tables:
            d = t.as_dict()
            if not single:
                d["file"] = fr.file
            readings_out.append(d)
    if single:
        source_sha = raws[0].sha256
    else:
        source_sha = combined_sha256(
            plan, [(fr.file, raw.sha256) for fr, raw in zip(frs, raws, strict=True)]
        )
    kinds = {raw.kind for raw in raws}
    df = attach_provenance(
        df,
        source=plan.given,
        sha256=source_sha,
        synthetic=False,
        format=kinds.pop() if len(kinds) == 1 else "mixed",
        encoding=raws[0].encoding if single else None,
        layout=layouts.pop() if len(layouts) == 1 else "mixed",
        sheets=[s for fr in frs for s in fr.used],
        units={c: units_read(units[c]) for c in codes if c in units},
        units_detail={c: {u: list(s) for u, s in units[c].items()} for c in codes if c in units},
        assumed_units={c: assumed[c] for c in codes if c in assumed},
        hidden_sheets=[s for fr in frs for s in fr.hidden],
        unknown_columns=unknown,
        skipped_rows=skipped,
        notes=notes,
        readings=readings_out,
        files=[
            {"file": fr.file, "sha256": raw.sha256, "format": raw.kind}
            for fr, raw in zip(frs, raws, strict=True)
        ],
        conflicts=[c.as_dict() for c in merged.conflicts],
        inputs=plan.kind,
    )
    return validate_panel(df, source=plan.given)


def spec_for(specs: dict[str, SheetLayout], name: str | None) -> SheetLayout | None:
    return specs.get(name if name is not None else "*", specs.get("*"))
