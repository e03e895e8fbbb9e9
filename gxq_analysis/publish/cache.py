"""Incremental build: what a chapter's output depends on, and the manifest that records it.

A chapter job is up to date when its manifest entry says ``ok``, its *key* equals the key of
its current inputs, and its output files are the ones recorded.  The key hashes:

* the notebook file (sha256 of its bytes) and the job's parameters;
* the zone panel: the ``--data`` file, or the bundled demo panel when ``data`` is None
  (left out for chapters whose metadata says ``"panel": false``);
* the bundled data files the chapter declares in ``metadata.gxq.data_files`` (default: every
  file under ``config.DATA_DIR``);
* the package version and a fingerprint of the library's source: the sha256 of every ``.py``
  file of :mod:`gxq_analysis`.  A chapter may reach any library function, so any change to the
  library reruns every chapter; we do not try to trace which modules a chapter uses;
* the Python version and the versions of the libraries that shape outputs (pandas, numpy,
  matplotlib, nbconvert, ...).

Only :mod:`json`, :mod:`hashlib` and the standard library are used here: a no-change rebuild
decides everything from the manifest, without importing papermill, nbformat or nbconvert.
Output files are checked by size and modification time, and hashed only when those differ.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sys
from collections.abc import Iterable, Mapping
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from .. import config
from ..errors import DataError
from ..files import atomic_write, sha256_bytes, sha256_file  # noqa: F401 - re-exported for the build

MANIFEST = "manifest.json"
MANIFEST_FORMAT = 1
#: Libraries whose version can change a chapter's bytes.
KEY_DISTRIBUTIONS = (
    "numpy",
    "numba",
    "scipy",
    "pandas",
    "statsmodels",
    "linearmodels",
    "pandera",
    "matplotlib",
    "seaborn",
    "ipykernel",
    "nbformat",
    "nbclient",
    "nbconvert",
    "papermill",
)


def files_sha256(root: Path, files: Iterable[Path]) -> str:
    """One hash for a set of files: their paths relative to ``root`` and their contents."""
    h = hashlib.sha256()
    for f in sorted(set(files), key=lambda p: p.relative_to(root).as_posix()):
        h.update(f"{f.relative_to(root).as_posix()}\0{sha256_file(f)}\n".encode())
    return h.hexdigest()


@cache
def library_sha256() -> str:
    """Fingerprint of the library's source (every ``.py`` file of the package)."""
    root = config.PACKAGE_DIR
    return files_sha256(root, (p for p in root.rglob("*.py") if "__pycache__" not in p.parts))


def bundled_data_sha256(patterns: Iterable[str] | None, *, data_dir: Path | None = None) -> str:
    """Fingerprint of bundled data files matching ``patterns`` (globs under the data dir).

    Raises
    ------
    DataError
        If a pattern matches no file (a chapter declaring a file that is not there).
    """
    root = Path(data_dir or config.DATA_DIR)
    if patterns is None:
        return files_sha256(root, (p for p in root.rglob("*") if p.is_file()))
    found: list[Path] = []
    for pattern in patterns:
        matches = [p for p in root.glob(pattern) if p.is_file()]
        if not matches:
            raise DataError(f"data_files pattern {pattern!r} matches no file", file=str(root))
        found += matches
    return files_sha256(root, found)


def data_sha256(data: str | Path | None, layout: str | Path | None = None) -> str | None:
    """sha256 of the ``--data`` inputs, or of the bundled demo panel (CSV and metadata).

    A file is hashed alone; a folder with every file in it, and a manifest with every file of
    its folder (the files it lists are among them: more is hashed than read, never less); a
    layout file is added. Standard library only: this runs on a no-change rebuild.
    """
    if data is not None:
        p = Path(data)
        if p.is_dir() or p.suffix.lower() == ".toml":
            root = p if p.is_dir() else p.parent
            files = [
                f for f in root.iterdir() if f.is_file() and not f.name.startswith((".", "~$"))
            ]
            h = files_sha256(root, files)
        else:
            h = sha256_file(p)
        if layout is None:
            return h
        return sha256_bytes(f"{h}\0{sha256_file(layout)}".encode())
    files = [p for p in (config.DEMO_PANEL_CSV, config.DEMO_META_JSON) if p.is_file()]
    return files_sha256(config.DATA_DIR, files) if files else None


@cache
def environment() -> dict[str, str]:
    """Python and key library versions (part of every chapter's key)."""
    env = {"python": sys.version.split()[0]}
    for dist in KEY_DISTRIBUTIONS:
        try:
            env[dist] = version(dist)
        except PackageNotFoundError:
            env[dist] = "absent"
    return env


def inputs_key(inputs: Mapping[str, Any], parameters: Mapping[str, Any]) -> str:
    """The key of a job: sha256 of its inputs and parameters as canonical JSON."""
    blob = json.dumps(
        {"inputs": inputs, "parameters": parameters}, sort_keys=True, ensure_ascii=True
    )
    return sha256_bytes(blob.encode())


# --------------------------------------------------------------------------- files


def remove_stale_temporaries(directory: Path) -> None:
    """Delete temporary files an interrupted build left behind (``.<name>.<random>.tmp``)."""
    if directory.is_dir():
        for p in directory.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                p.unlink()


def output_intact(path: Path, record: Mapping[str, Any]) -> bool:
    """Whether ``path`` is still the file ``record`` describes (stat first, hash if needed)."""
    try:
        st = path.stat()
    except OSError:
        return False
    if st.st_size != record.get("size"):
        return False
    if st.st_mtime_ns == record.get("mtime_ns"):
        return True
    return sha256_file(path) == record.get("sha256")


# --------------------------------------------------------------------------- manifest


def load_manifest(directory: Path, *, review: str, lang: str) -> dict[str, Any]:
    """The manifest of ``directory``, or an empty one (missing, unreadable or old format)."""
    empty = {"format": MANIFEST_FORMAT, "review": review, "lang": lang, "chapters": {}}
    try:
        data = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return empty
    if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
        return empty
    if not isinstance(data.get("chapters"), dict):
        return empty
    return data


def manifest_bytes(manifest: Mapping[str, Any]) -> bytes:
    return (json.dumps(manifest, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode()


def is_up_to_date(entry: Mapping[str, Any] | None, directory: Path, key: str) -> bool:
    """Whether a manifest entry is a good build of ``key`` whose outputs are intact."""
    if not entry or entry.get("status") != "ok" or entry.get("key") != key:
        return False
    outputs = entry.get("outputs") or {}
    stem = entry.get("stem")
    needed = [f"{stem}.ipynb", f"{stem}.html"]
    if any(name not in outputs for name in needed):
        return False
    return all(output_intact(directory / name, rec) for name, rec in outputs.items())
