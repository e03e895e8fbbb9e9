"""What the build needs to know about the ``--data`` panel before it plans: which zones it
holds, what each chapter of each review cannot compute with it, and the notes its reading gave.

The build plans zone profiles only for the zones the data hold (zones absent from the data are
listed once, in the overview), gives a chapter that could not be built its reason in the review
documents (:mod:`gxq_analysis.publish.documents`), and writes the loader's notes into the build
log instead of printing raw Python warnings.

The summary is a small JSON-ready dict, kept in ``<reports>/data-summary.json`` under the data's
sha256 and the library's fingerprint, so that a no-change build reads it without loading pandas
(tested in tests/publish/test_build_incremental.py). Without ``--data`` the chapters read the
bundled demo panel, which holds every zone and supports every chapter: nothing is loaded.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..options import REVIEWS
from . import cache
from .registry import registered_zone_ids

# Lazy imports (``# lazy``): reading the panel loads pandas and the loader (0.4-0.6 s), which the
# no-change build, answering from the cached summary, must not pay.

__all__ = ["SUMMARY_FILE", "save", "summarize"]

#: The cached summary, in the reports directory.
SUMMARY_FILE = "data-summary.json"
_FORMAT = 1


def _read(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("format") == _FORMAT else None


def _compute(data_path: Path, layout: Path | None, out_dir: Path | None) -> dict[str, Any]:
    from ..evaluation.support import data_support, zones_with_data  # lazy: pandas (see the top)
    from ..ingest.sources import read_sources  # lazy: pandas (see the top)
    from ..ingest.sources.export import write_sources  # lazy: pandas (see the top)

    src = read_sources(data_path, layout=layout)
    if out_dir is not None:
        # the canonical panel the chapters use, with the place of every value
        write_sources(src, out_dir / "data")
    panel = src.panel
    return {
        "zones": list(zones_with_data(panel)),
        "support": {
            review: [g.as_dict() for g in data_support(panel, review)] for review in REVIEWS
        },
        "notes": [f"DataWarning: {w.text('en')}" for w in src.warnings],
    }


def summarize(
    data_path: Path | None,
    *,
    layout: Path | None = None,
    data_sha256: str | None,
    library_sha256: str,
    cache_dir: Path | None = None,
    write_to: Path | None = None,
    panel_chapters: bool = True,
) -> dict[str, Any]:
    """The summary of the build's data (see the module docstring).

    Parameters
    ----------
    data_path : the ``--data`` file, folder or manifest, or None for the bundled demo panel
    layout : its layout file, if any
    data_sha256, library_sha256 : fingerprints the cached summary must match
    cache_dir : where a ``data-summary.json`` of earlier builds is read (None: not read);
        :func:`save` writes it
    write_to : the reports directory, where the tables' reading is written (``data/``:
        :func:`gxq_analysis.ingest.sources.export.write_sources`); None writes nothing
    panel_chapters : False when the chapters are not the package's own (``--notebooks``):
        they need not read ``data`` as a zone panel, so it is not read here either

    Returns
    -------
    dict with ``sha256``, ``zones`` (registry order), ``support`` (review -> gaps as dicts of
    :meth:`~gxq_analysis.evaluation.support.Gap.as_dict`) and ``notes`` (the loader's
    warnings, as text).

    Raises
    ------
    DataError
        If the data cannot be read as a zone panel (file, sheet, row and column named).
    """
    base = {"format": _FORMAT, "sha256": data_sha256, "library": library_sha256}
    if data_path is None or not panel_chapters:
        return {**base, "zones": list(registered_zone_ids()), "support": {}, "notes": []}
    if cache_dir is not None:
        old = _read(cache_dir / SUMMARY_FILE)
        if old and all(old.get(k) == v for k, v in base.items()):
            return old
    return {**base, **_compute(data_path, layout, write_to)}


def save(directory: Path, summary: dict[str, Any]) -> None:
    """Keep the summary in ``directory`` for the next build (unchanged file: not rewritten)."""
    target = directory / SUMMARY_FILE
    data = cache.manifest_bytes(summary)
    if not target.is_file() or target.read_bytes() != data:
        cache.atomic_write(target, data)
