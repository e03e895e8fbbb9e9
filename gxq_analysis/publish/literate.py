"""Literate chapters: one source notebook per chapter, and a reading copy of it per language.

A chapter's **source** (``notebooks/NN_<chapter>.ipynb``, the notebook ``gxq build`` and
``papermill`` run) keeps its headings and fixed paragraphs (those without computed numbers) in
markdown cells tagged ``lang-zh`` / ``lang-en``, one pair per piece of prose, and calls into
the library in code cells; it is kept without outputs. The export drops the other language's
cells from a built chapter (nbconvert's ``TagRemovePreprocessor``,
:mod:`gxq_analysis.publish.export`).

Its **views** (``notebooks/zh/NN_<chapter>.ipynb`` and ``notebooks/en/...``) are what an
evaluator opens in JupyterLab: the same code cells, the literate cells of one language only, a
parameters cell whose default ``lang`` is that language, and (written by
:mod:`gxq_analysis.publish.store`) the outputs of the default parameters in that language, so
the sentences the code prints read in the same language as the prose. A first cell (tagged
``remove-cell``) says where the view comes from. Views are derived: never edited by hand.

The words live in one place, the catalogue (:mod:`gxq_analysis.catalogue`): each literate cell
names its keys in ``metadata.gxq.keys`` and its text is generated from them, and the parameters
cell documents each parameter from ``param.<name>`` (allowed values filled in from the
registries), in English in the source and in the view's language in a view, as inline comments
that ``papermill --help-notebook`` shows. After editing the catalogue or a source run
``python dev.py regen`` (or ``python -m gxq_analysis.publish.literate``, which refreshes the
sources' generated cells and writes the views without outputs of changed cells; the store
step of ``regen`` then executes the views that changed). ``--check`` names what is out of step,
and a test fails while a cell and the catalogue disagree.

Key kinds: ``section.*`` and ``chapter.*`` keys become level-2 headings, every other key a
paragraph.
"""

from __future__ import annotations

import ast
import copy
import json
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import nbformat

from .. import config
from ..options import REVIEWS, Lang as LangOption, allowed, review_years
from ..report.display import md_escape
from ..report.strings import join_words, t
from .export import LANG_TAGS, notebook_bytes
from .registry import read_chapter, registered_zone_ids

__all__ = [
    "VIEW_LANGS",
    "markdown_for",
    "parameter_doc",
    "parameters_source",
    "refresh",
    "source_notebooks",
    "stale_cells",
    "stale_notebooks",
    "view_notebook",
    "view_path",
    "write_views",
]

#: The languages a chapter has a reading copy in (``notebooks/<lang>/``).
VIEW_LANGS: tuple[str, ...] = allowed(LangOption)
#: The id of a view's first cell (where it comes from).
VIEW_NOTE_ID = "gxq-view"
_PARAMETERS_TAG = "parameters"


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


def _literate(cell: Mapping[str, Any]) -> tuple[list[str], str] | None:
    meta = cell.get("metadata", {})
    keys = meta.get("gxq", {}).get("keys")
    if cell.get("cell_type") != "markdown" or not keys:
        return None
    lang = next((lg for lg, tag in LANG_TAGS.items() if tag in meta.get("tags", ())), None)
    return (keys, lang) if lang else None


def _source(cell: Mapping[str, Any]) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _is_parameters(cell: Mapping[str, Any]) -> bool:
    return cell.get("cell_type") == "code" and _PARAMETERS_TAG in (
        cell.get("metadata", {}).get("tags") or ()
    )


# --------------------------------------------------------------------------- parameters


def _quoted(values: Iterable[str]) -> list[str]:
    return [json.dumps(v, ensure_ascii=False) for v in values]


def parameter_doc(name: str, lang: str, *, panel: bool = True) -> str:
    """What a chapter parameter is, with its allowed values, in ``lang`` (``param.<name>``).

    ``panel``: whether the chapter reads the zone data (``metadata.gxq.panel``); a chapter that
    does not says so of ``data`` and ``layout``.

    Raises
    ------
    KeyError
        If the catalogue does not document the parameter (``param.<name>``).
    """
    if name in ("data", "layout") and not panel:
        return t("param.not_read", lang, name=name)
    fields: dict[str, Any] = {}
    if name == "review":
        (mid0, mid1), (fin0, fin1) = review_years("midterm"), review_years("final")
        assert set(REVIEWS) == {"midterm", "final"}  # the text names both
        fields = {"midterm": _quoted(["midterm"])[0], "final": _quoted(["final"])[0]}
        fields.update(mid_start=mid0 + 1, mid_end=mid1, final_start=fin0 + 1, final_end=fin1)
    elif name == "lang":
        fields = dict(zh=_quoted(["zh"])[0], en=_quoted(["en"])[0])
    elif name == "zone":
        fields = dict(allowed=join_words(_quoted(registered_zone_ids()), lang))
    return t(f"param.{name}", lang, **fields)


def _literal(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)


def parameters_source(
    defaults: Mapping[str, Any], lang: str, *, panel: bool = True, default_lang: str | None = None
) -> str:
    """A parameters cell: one assignment per parameter, documented in ``lang`` by an inline
    comment (papermill's convention: ``papermill --help-notebook`` shows it). ``default_lang``
    replaces the default of ``lang`` (a view's own language)."""
    lines = []
    for name, value in defaults.items():
        if name == "lang" and default_lang is not None:
            value = default_lang
        lines.append(f"{name} = {_literal(value)}  # {parameter_doc(name, lang, panel=panel)}")
    return "\n".join(lines) + "\n"


def _defaults(cell: Mapping[str, Any]) -> dict[str, Any]:
    """The literal assignments of a parameters cell, in order."""
    out: dict[str, Any] = {}
    for node in ast.parse(_source(cell)).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name):
            out[target.id] = ast.literal_eval(value)
    return out


def _panel(nb: Mapping[str, Any]) -> bool:
    return bool((nb.get("metadata", {}).get("gxq") or {}).get("panel", True))


# --------------------------------------------------------------------------- sources


def source_notebooks(notebooks_dir: Path | None = None) -> list[Path]:
    """The chapter sources (``<notebooks_dir>/*.ipynb``, default the package's)."""
    return sorted(Path(notebooks_dir or config.NOTEBOOKS_DIR).glob("*.ipynb"))


def stale_cells(nb: Mapping[str, Any]) -> list[str]:
    """Ids of the generated cells of a source whose text differs from the catalogue's (literate
    cells; the parameters cell), and of cells holding outputs (a source has none)."""
    out = []
    panel = _panel(nb)
    for cell in nb.get("cells", ()):
        lit = _literate(cell)
        if lit:
            stale = _source(cell) != markdown_for(*lit)
        elif _is_parameters(cell):
            stale = _source(cell) != parameters_source(_defaults(cell), "en", panel=panel)
        else:
            stale = False
        if stale or cell.get("outputs") or cell.get("execution_count") is not None:
            out.append(cell.get("id", "?"))
    return out


def refresh(path: Path) -> bool:
    """Rewrite a source's generated cells from the catalogue and drop its outputs; True if it
    changed."""
    nb = nbformat.read(path, as_version=4)
    changed = False
    panel = _panel(nb)
    for cell in nb.cells:
        lit = _literate(cell)
        text = None
        if lit:
            text = markdown_for(*lit)
        elif _is_parameters(cell):
            text = parameters_source(_defaults(cell), "en", panel=panel)
        if text is not None and cell.source != text:
            cell.source = text
            changed = True
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None):
            cell.outputs, cell.execution_count = [], None
            changed = True
    if changed:
        nbformat.write(nb, path)
    return changed


# --------------------------------------------------------------------------- views


def view_path(source: Path, lang: str) -> Path:
    """The reading copy of ``source`` in ``lang``: ``<notebooks>/<lang>/<name>``."""
    return Path(source).parent / lang / Path(source).name


def _note(source: Path, lang: str, title: str) -> str:
    other = next(g for g in VIEW_LANGS if g != lang)
    return t(
        "notebook.view_note",
        lang,
        title=title,
        source=f"notebooks/{source.name}",
        other=f"notebooks/{other}/{source.name}",
    )


def view_notebook(source: Path, lang: str, existing: Mapping[str, Any] | None = None):
    """The view of ``source`` in ``lang`` (an :class:`nbformat.NotebookNode`).

    ``existing``: the view as stored; a cell whose source and metadata are unchanged keeps its
    outputs (the store step re-executes a view whose cells changed).
    """
    src = nbformat.read(source, as_version=4)
    chapter = read_chapter(source)
    kept = {}
    for cell in (existing or {}).get("cells", ()):
        kept[cell.get("id")] = cell
    cells = [
        nbformat.v4.new_markdown_cell(
            _note(source, lang, chapter.title[lang]),
            id=VIEW_NOTE_ID,
            metadata={"tags": ["remove-cell"], "gxq": {"view": lang}},
        )
    ]
    for cell in src.cells:
        lit = _literate(cell)
        if lit and lit[1] != lang:
            continue
        new = copy.deepcopy(cell)
        if lit:
            new.source = markdown_for(*lit)
        if _is_parameters(new):
            new.source = parameters_source(
                _defaults(cell), lang, panel=_panel(src), default_lang=lang
            )
        if new.cell_type == "code":
            old = kept.get(new.id)
            same = (
                old is not None
                and _source(old) == new.source
                and (old.get("metadata") == new.metadata)
            )
            new.outputs = nbformat.from_dict(copy.deepcopy(old["outputs"])) if same else []
            new.execution_count = old.get("execution_count") if same else None
        cells.append(new)
    nb = nbformat.v4.new_notebook(cells=cells, metadata=copy.deepcopy(src.metadata))
    nb.nbformat, nb.nbformat_minor = src.nbformat, src.nbformat_minor
    if existing is not None:
        # what execution records in the notebook's metadata (language_info) stays; the
        # chapter's own metadata (gxq, kernelspec) is the source's
        for key, value in (existing.get("metadata") or {}).items():
            if key not in ("gxq", "kernelspec"):
                nb.metadata[key] = nbformat.from_dict(copy.deepcopy(value))
    return nb


def _view_differs(source: Path, lang: str) -> tuple[Path, bytes | None]:
    """The view's path and, if it is not what ``source`` gives, the bytes it should have."""
    path = view_path(source, lang)
    existing = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
    want = notebook_bytes(view_notebook(source, lang, existing))
    have = path.read_bytes() if path.is_file() else None
    return path, (None if want == have else want)


def write_views(sources: Iterable[Path] | None = None) -> list[Path]:
    """Write every view that differs from what its source gives; the views written."""
    written = []
    for source in sources if sources is not None else source_notebooks():
        for lang in VIEW_LANGS:
            path, want = _view_differs(source, lang)
            if want is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(want)
                written.append(path)
    return written


# --------------------------------------------------------------------------- check, main


def stale_notebooks(paths: Iterable[Path] | None = None) -> dict[Path, list[str]]:
    """Sources (default: every chapter) whose generated cells are out of step (with the cell
    ids), and views that differ from what their source gives (``["view"]``)."""
    paths = list(paths) if paths else source_notebooks()
    out: dict[Path, list[str]] = {}
    for p in paths:
        ids = stale_cells(nbformat.read(p, as_version=4))
        if ids:
            out[Path(p)] = ids
        for lang in VIEW_LANGS:
            path, want = _view_differs(Path(p), lang)
            if want is not None:
                out[path] = ["view"]
    return out


def main(argv: list[str] | None = None) -> int:
    """Refresh the sources and write the views; with ``--check`` only name what is out of step
    (exit 1)."""
    args = list(argv or [])
    paths = [Path(p) for p in args if p != "--check"] or source_notebooks()
    if "--check" in args:
        stale = stale_notebooks(paths)
        for p, ids in stale.items():
            what = "differs from its source" if ids == ["view"] else "cells out of step"
            print(f"{p}: {what}: {', '.join(ids)}")
        return 1 if stale else 0
    for p in paths:
        if refresh(p):
            print(f"refreshed {p.name}")
    for p in write_views(paths):
        print(f"wrote {p.parent.name}/{p.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
