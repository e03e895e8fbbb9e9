"""The load store: an evaluator's tables read once per build, not once per chapter.

A load (:class:`~gxq_analysis.ingest.sources.load.Sources`) is kept as a pickle under
``$GXQ_LOAD_STORE`` (set by ``gxq build`` to ``<reports>/.cache/loads``), keyed by the
SHA-256 of everything that can change it: the bytes of every input file, of the manifest and the
layout file, the options, and the code and tables of the data layer (a fingerprint of the
package's ``ingest``, ``plan`` and ``catalogue`` sources and of the codebook and registry).
Entries are kept by :class:`gxq_analysis.store.Store`: written atomically (a reader sees a whole
entry or none, so concurrent chapters are safe) with the SHA-256 of their payload, so a damaged
entry is read again from the inputs, never trusted. Without ``GXQ_LOAD_STORE`` nothing is
stored (a library call has no side effects on disk).
"""

from __future__ import annotations

import hashlib
import logging
import os
from functools import cache
from pathlib import Path
from typing import Any

from ... import config
from ...files import sha256_file
from ...store import MISSING, Store

ENV = config.LOAD_STORE_ENV
_log = logging.getLogger(__name__)
_MAGIC = b"gxq-load-1"


def store_dir() -> Path | None:
    """Where loads are kept, or None when the store is off."""
    env = os.environ.get(ENV)
    return Path(env) if env else None


@cache
def code_fingerprint() -> str:
    """SHA-256 of the data layer's code and tables: a change in how tables are read changes
    every key."""
    h = hashlib.sha256()
    pkg = config.PACKAGE_DIR
    for sub in ("ingest", "plan", "catalogue"):
        for p in sorted((pkg / sub).rglob("*.py")):
            h.update(p.relative_to(pkg).as_posix().encode())
            h.update(sha256_file(p).encode())
    for p in (config.CODEBOOK_CSV, config.ZONES_CSV, pkg / "errors.py"):
        h.update(sha256_file(p).encode())
    return h.hexdigest()


def key_of(plan: Any, *, sheet: Any, max_bytes: int) -> str | None:
    """The key of a load, or None when the store is off or an input cannot be hashed (the
    load then reports the problem itself).

    The key holds the inputs' bytes and their names within the load, not the path they were
    given by: the build (an absolute path) and its chapters (the folder's name, in its parent
    directory) share one entry, which :func:`gxq_analysis.ingest.sources.load.read_sources`
    relabels with the names of the load that asks.
    """
    if store_dir() is None:
        return None
    h = hashlib.sha256(code_fingerprint().encode())
    h.update(repr((plan.kind, sheet, max_bytes)).encode())
    try:
        for src in plan.sources:
            h.update(repr((os.path.basename(src.name), src.sheets, src.priority)).encode())
            h.update(sha256_file(src.path).encode())
            if src.layout is not None:
                h.update(sha256_file(src.layout.path).encode())
        for extra in (plan.manifest, plan.layout.path if plan.layout is not None else None):
            if extra is not None:
                h.update(sha256_file(extra).encode())
    except OSError:
        return None
    return h.hexdigest()


def get(key: str) -> Any | None:
    """The stored load, or None (absent, or damaged: then it is read again)."""
    d = store_dir()
    if d is None:
        return None
    hit = Store(d, _MAGIC).get(key)
    if hit is MISSING:
        return None
    _log.info("load store hit %s", key[:16])
    return hit


def put(key: str, value: Any) -> None:
    """Keep a load under ``key`` (nothing when the store is off)."""
    d = store_dir()
    if d is not None and Store(d, _MAGIC).put(key, value):
        _log.info("load store write %s", key[:16])
