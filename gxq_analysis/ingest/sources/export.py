"""The canonical panel a build used, written beside its chapters.

``gxq build --data PATH`` reads the evaluator's tables once and writes, into
``<reports>/data/``: ``panel.csv`` (the canonical panel in the package's own format, which
``load_panel`` reads back equal), ``provenance.csv`` (per value: file, sheet, cell, the number
and unit as written, other places that gave it) and ``sources.json`` (the inputs with their
sha256, the panel's sha256, conflicts settled by priority and the warnings). The files are
written atomically and hold no timestamp or absolute path, so two builds of the same inputs
write the same bytes.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ...files import atomic_write, sha256_bytes
from .load import Sources

PANEL_CSV, PROVENANCE_CSV, SOURCES_JSON = "panel.csv", "provenance.csv", "sources.json"


def panel_csv_bytes(src: Sources) -> bytes:
    """The panel as CSV in the package's own format (zone, year, codebook codes)."""
    df = src.panel.reset_index()
    return df.to_csv(index=False, lineterminator="\n", float_format="%.17g").encode("utf-8")


def write_sources(src: Sources, directory: str | os.PathLike[str]) -> dict[str, str]:
    """Write ``panel.csv``, ``provenance.csv`` and ``sources.json``; return their sha256."""
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    panel = panel_csv_bytes(src)
    prov = src.provenance.to_csv(index=False, lineterminator="\n", float_format="%.17g").encode(
        "utf-8"
    )
    a = src.panel.attrs
    meta = {
        "source": os.path.basename(os.path.normpath(str(a.get("source")))),
        "inputs": a.get("inputs"),
        "sha256": a.get("sha256"),
        "files": [
            {
                "file": os.path.basename(f["file"]),
                "sha256": f["sha256"],
                "format": f["format"],
                "sheets": f["sheets"],
                "priority": f["priority"],
            }
            for f in src.files
        ],
        "panel": {"file": PANEL_CSV, "sha256": sha256_bytes(panel), "rows": len(src.panel)},
        "provenance": {"file": PROVENANCE_CSV, "sha256": sha256_bytes(prov)},
        "conflicts": src.conflicts,
        "warnings": [w.text("en") for w in src.warnings],
    }
    text = json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    out = {}
    for name, data in (
        (PANEL_CSV, panel),
        (PROVENANCE_CSV, prov),
        (SOURCES_JSON, text.encode("utf-8")),
    ):
        atomic_write(d / name, data)
        out[name] = sha256_bytes(data)
    return out
