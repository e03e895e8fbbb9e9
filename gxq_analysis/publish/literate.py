"""Literate chapters: the fixed prose of each notebook as markdown cells, one per language.

A chapter notebook keeps its headings and fixed paragraphs (those without computed numbers) in
markdown cells tagged ``lang-zh`` / ``lang-en``, so an evaluator opening it in JupyterLab reads
the argument beside the calls; the export drops the other language's cells (nbconvert's
``TagRemovePreprocessor``, :mod:`gxq_analysis.publish.export`). The words still live in one
place, the string catalogue (:mod:`gxq_analysis.report.strings`): each such cell names its keys
in ``metadata.gxq.keys`` and its text is generated from them. After editing the catalogue run
``python -m gxq_analysis.publish.literate`` (or ``python dev.py regen``, which also re-stores
the notebooks) to refresh the cells; ``--check`` names the notebooks out of step, and a test
fails while a cell and the catalogue disagree.

Key kinds: ``section.*`` and ``chapter.*`` keys become level-2 headings, every other key a
paragraph.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

import nbformat

from .. import config
from ..report.display import md_escape
from ..report.strings import t
from .export import LANG_TAGS

__all__ = ["markdown_for", "refresh", "stale_cells", "stale_notebooks"]


def markdown_for(keys: Iterable[str], lang: str) -> str:
    """The markdown of a literate cell: its keys' strings in ``lang``."""
    parts = []
    for key in keys:
        text = t(key, lang)
        if key.startswith(("section.", "chapter.")):
            parts.append("## " + md_escape(text))
        else:
            parts.append(md_escape(text))
    return "\n\n".join(parts)


def _literate(cell: dict) -> tuple[list[str], str] | None:
    meta = cell.get("metadata", {})
    keys = meta.get("gxq", {}).get("keys")
    if cell.get("cell_type") != "markdown" or not keys:
        return None
    lang = next((lg for lg, tag in LANG_TAGS.items() if tag in meta.get("tags", ())), None)
    return (keys, lang) if lang else None


def stale_cells(nb: dict) -> list[str]:
    """Ids of the literate cells whose text differs from the catalogue's."""
    out = []
    for cell in nb.get("cells", ()):
        lit = _literate(cell)
        if lit and "".join(cell["source"]) != markdown_for(*lit):
            out.append(cell.get("id", "?"))
    return out


def stale_notebooks(paths: Iterable[Path] | None = None) -> dict[Path, list[str]]:
    """The notebooks (default: every chapter) with literate cells out of step, and their ids."""
    paths = list(paths) if paths else sorted(config.NOTEBOOKS_DIR.glob("*.ipynb"))
    out = {}
    for p in paths:
        ids = stale_cells(nbformat.read(p, as_version=4))
        if ids:
            out[Path(p)] = ids
    return out


def refresh(path: Path) -> bool:
    """Rewrite the literate cells of one notebook from the catalogue; True if it changed."""
    nb = nbformat.read(path, as_version=4)
    changed = False
    for cell in nb.cells:
        lit = _literate(cell)
        if lit:
            text = markdown_for(*lit)
            if cell.source != text:
                cell.source = text
                changed = True
    if changed:
        nbformat.write(nb, path)
    return changed


def main(argv: list[str] | None = None) -> int:
    """Refresh the cells; with ``--check`` only name the notebooks out of step (exit 1)."""
    args = list(argv or [])
    paths = [Path(p) for p in args if p != "--check"] or sorted(
        config.NOTEBOOKS_DIR.glob("*.ipynb")
    )
    if "--check" in args:
        stale = stale_notebooks(paths)
        for p, ids in stale.items():
            print(f"{p.name}: literate cells differ from the catalogue: {', '.join(ids)}")
        return 1 if stale else 0
    for p in paths:
        if refresh(p):
            print(f"refreshed {p.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
