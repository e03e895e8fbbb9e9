"""What to read: one file, a folder of tables, or a manifest (TOML) listing them.

- a file: ``.csv``, ``.xlsx`` or ``.xls``;
- a folder: every ``.csv``/``.xlsx``/``.xls`` in it, sorted by name, not recursive; hidden files
  (``.x``) and Excel's lock files (``~$x.xlsx``) are skipped; other files are listed as not read;
- a manifest, a ``.toml`` file with one ``[[source]]`` table per file::

      [[source]]
      file = "torch_2016.xlsx"        # relative to the manifest
      layout = "torch.layout.toml"    # optional: a layout file for this file
      sheets = ["3-12", "3-13"]       # optional: only these sheets
      priority = 2                    # optional (default 0): on a conflict the higher wins

A layout file given beside a folder or a manifest applies to every file it names (its
``[files."x.xlsx".sheets."…"]`` tables) and, with ``[sheets."…"]``, to every file with that sheet.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...catalogue import Key, Quoted, Words
from ...errors import DataError
from ..readers import ACCEPTED
from ..table.layoutfile import LayoutFile, load_layout

MANIFEST_KEYS = ("file", "layout", "sheets", "priority")


@dataclass(frozen=True)
class Source:
    """One file to read, with what the manifest or layout file says about it."""

    path: Path
    name: str  # as shown in messages: the path as given, or relative to the folder/manifest
    layout: LayoutFile | None = None
    sheets: tuple[str, ...] | None = None
    priority: int = 0


@dataclass(frozen=True)
class Plan:
    """The sources of one load and what was found beside them."""

    kind: str  # file, folder, manifest
    given: str  # the path as given
    sources: tuple[Source, ...]
    not_read: tuple[str, ...] = ()  # files of a folder that are not tables
    manifest: Path | None = None
    layout: LayoutFile | None = None


def plan_sources(path: str | os.PathLike[str], *, layout: str | os.PathLike[str] | None) -> Plan:
    """The files a load reads (module docstring), in order.

    Raises
    ------
    DataError
        A missing path, an empty folder, a malformed manifest (the key and the allowed ones
        named), a manifest naming a file that does not exist.
    """
    given = os.fspath(path)
    p = Path(given)
    lay = load_layout(layout) if layout is not None else None
    if p.is_dir():
        files, skipped = [], []
        for child in sorted(p.iterdir(), key=lambda c: c.name):
            if child.name.startswith((".", "~$")) or not child.is_file():
                continue
            if child.suffix.lower() in ACCEPTED:
                files.append(child)
            else:
                skipped.append(child.name)
        if not files:
            raise DataError("data.folder.empty", file=given, fields={"accepted": Words(ACCEPTED)})
        sources = tuple(Source(f, os.path.join(given, f.name), lay) for f in files)
        return Plan("folder", given, sources, tuple(skipped), layout=lay)
    if p.suffix.lower() == ".toml":
        return _manifest(p, given, lay)
    return Plan("file", given, (Source(p, given, lay),), layout=lay)


def _manifest(p: Path, given: str, lay: LayoutFile | None) -> Plan:
    try:
        with open(p, "rb") as fh:
            doc = tomllib.load(fh)
    except FileNotFoundError:
        raise DataError("data.file.missing", file=given, fields={}) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DataError("data.manifest.not_toml", file=given, fields={"reason": str(exc)}) from None
    if "sheets" in doc or "files" in doc:
        raise DataError("data.manifest.is_layout", file=given, fields={})
    extra = [k for k in doc if k != "source"]
    entries = doc.get("source")
    if extra or not isinstance(entries, list) or not entries:
        raise DataError(
            "data.manifest.shape",
            file=given,
            fields={
                "found": Words(Quoted(k) for k in extra)
                if extra
                else Key("data.manifest.no_source")
            },
        )
    base = p.parent
    sources = []
    for k, entry in enumerate(entries, 1):
        where = f"[[source]] #{k}"
        if not isinstance(entry, dict):
            raise DataError("data.manifest.not_table", file=given, fields={"where": where})
        bad = [key for key in entry if key not in MANIFEST_KEYS]
        if bad:
            raise DataError(
                "data.manifest.unknown_key",
                file=given,
                fields={"where": where, "key": Quoted(bad[0]), "keys": Words(MANIFEST_KEYS)},
            )
        name = entry.get("file")
        if not isinstance(name, str) or not name.strip():
            raise DataError("data.manifest.no_file", file=given, fields={"where": where})
        fp = (base / name) if not Path(name).is_absolute() else Path(name)
        if not fp.is_file():
            raise DataError(
                "data.manifest.missing_file",
                file=given,
                fields={"where": where, "name": Quoted(name)},
            )
        sheets = entry.get("sheets")
        if sheets is not None and (
            not isinstance(sheets, list) or not all(isinstance(s, str) for s in sheets)
        ):
            raise DataError("data.manifest.bad_sheets", file=given, fields={"where": where})
        priority = entry.get("priority", 0)
        if isinstance(priority, bool) or not isinstance(priority, int):
            raise DataError(
                "data.manifest.bad_priority",
                file=given,
                fields={"where": where, "value": repr(priority)},
            )
        own = _layout_of(entry.get("layout"), base, given, where)
        sources.append(
            Source(fp, name, _merge(lay, own), tuple(sheets) if sheets else None, priority)
        )
    return Plan("manifest", given, tuple(sources), manifest=p, layout=lay)


def _layout_of(value: Any, base: Path, given: str, where: str) -> LayoutFile | None:
    if value is None:
        return None
    if isinstance(value, str):
        return load_layout(base / value if not Path(value).is_absolute() else value)
    raise DataError("data.manifest.bad_layout", file=given, fields={"where": where})


def _merge(common: LayoutFile | None, own: LayoutFile | None) -> LayoutFile | None:
    if common is None or own is None:
        return own or common
    files = {**common.files}
    for name, sheets in own.files.items():
        files[name] = {**files.get(name, {}), **sheets}
    return LayoutFile(own.path, {**common.sheets, **own.sheets}, files)
