"""Store each chapter's reading copies with the outputs of their default parameters (maintainers).

``python -m gxq_analysis.publish.store [NOTEBOOK ...]`` executes notebooks in place with
papermill (no parameters injected), strips papermill's and nbclient's volatile metadata, and
writes them back, so an evaluator sees results before rerunning and ``pytest --nbval`` can
check that a rerun reproduces them. The notebooks stored are the views of the chapters in each
language, ``notebooks/zh/*.ipynb`` and ``notebooks/en/*.ipynb``
(:mod:`gxq_analysis.publish.literate`; the sources themselves are kept without outputs), which
is the default. ``python dev.py regen`` runs it for the notebooks whose inputs changed since they
were stored; ``--stale`` does the same here, ``--check`` only names them.

What a stored notebook's outputs depend on is recorded when it is stored, in ``stored.json``
beside it (:data:`MANIFEST_NAME`: ``notebooks/zh/stored.json``, ...), as three fingerprints:

``source``
    the notebook without its outputs (cells, their ids, tags and metadata; the notebook's
    ``gxq`` metadata and kernel);
``data``
    the bundled data files the chapter reads, by the build cache's rule
    (:func:`gxq_analysis.publish.cache.bundled_data_sha256`: ``metadata.gxq.data_files``, and
    the demo panel unless ``"panel": false``);
``library``
    the code of every ``gxq_analysis`` module the kernel had imported when the notebook
    finished (listed as ``modules``), with docstrings and comments left out
    (:func:`code_text`), so a docstring edit does not call for a re-store but any code change
    in a module the chapter ran does.

A notebook is *stale* when one of the three differs from its record, or it has none.  That is
sound for what lives in the repository: a chapter's outputs can only change through its
source, the data it reads, or the code it runs, and code it never imported cannot change them
(a module a changed module newly imports is reached through the change).  It does not cover
the environment (library versions): strict nbval in the test command compares the outputs
themselves, and ``python dev.py regen --all`` re-stores everything after an upgrade.
"""

from __future__ import annotations

import ast
import copy
import hashlib
import io
import json
import re
import sys
import tempfile
import tokenize
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import nbformat

from .. import config
from ..files import atomic_write
from .cache import bundled_data_sha256, data_sha256
from .export import normalize_notebook, notebook_bytes
from .registry import read_chapter

__all__ = [
    "MANIFEST_NAME",
    "code_text",
    "fingerprint",
    "load_manifest",
    "manifest_path",
    "source_sha256",
    "stale_notebooks",
    "store",
    "stored_notebooks",
]

#: The record of what each stored notebook was stored from, beside the notebooks.
MANIFEST_NAME = "stored.json"
_MANIFEST_FORMAT = 1
_PACKAGE = "gxq_analysis"
# Appended to the executed copy (never to the stored notebook): the modules the chapter ran.
_PROBE = (
    "import json as _gxq_json, sys as _gxq_sys\n"
    f"print(_gxq_json.dumps(sorted(m for m in _gxq_sys.modules if m == {_PACKAGE!r} "
    f"or m.startswith({_PACKAGE + '.'!r}))))"
)
# The provenance block's git commit (``+dirty`` with uncommitted changes).
_COMMIT = re.compile(rb"\b[0-9a-f]{40}(\+dirty)?\b")
# Cell and notebook metadata that execution writes, not the author.
_RUN_METADATA = ("execution", "papermill", "collapsed", "scrolled")


# --------------------------------------------------------------------------- fingerprints


def source_sha256(nb: dict[str, Any]) -> str:
    """Fingerprint of a notebook's inputs: everything but outputs and execution records."""
    cells = []
    for cell in nb.get("cells", ()):
        src = cell.get("source", "")
        meta = {k: v for k, v in (cell.get("metadata") or {}).items() if k not in _RUN_METADATA}
        cells.append(
            {
                "id": cell.get("id"),
                "type": cell.get("cell_type"),
                "source": "".join(src) if isinstance(src, list) else src,
                "metadata": meta,
            }
        )
    meta = nb.get("metadata") or {}
    blob = {
        "cells": cells,
        "gxq": meta.get("gxq"),
        "kernel": (meta.get("kernelspec") or {}).get("name"),
    }
    return _sha256_json(blob)


def code_text(source: str) -> str:
    """A module's code without docstrings, comments and blank lines (what can change outputs).

    Docstrings are the first string statement of the module, of each class and each function
    (located with :mod:`ast`); comments are :mod:`tokenize`'s COMMENT tokens. Positions, not
    the syntax tree, are used, so the text is the same on every Python version.
    """
    lines = source.splitlines()
    spans: list[tuple[int, int, int, int]] = []  # (line, col, end line, end col), 1-based lines
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                d = body[0]
                spans.append(
                    (d.lineno, d.col_offset, d.end_lineno or d.lineno, d.end_col_offset or 0)
                )
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            spans.append((*tok.start, *tok.end))
    # blank the spans from the end so earlier positions stay valid
    for line, col, end_line, end_col in sorted(spans, reverse=True):
        first, last = lines[line - 1], lines[end_line - 1]
        lines[line - 1 : end_line] = [first[:col] + last[end_col:]]
    return "\n".join(ln.rstrip() for ln in lines if ln.strip())


def _module_file(name: str) -> Path | None:
    """The source file of a ``gxq_analysis`` module in this package, or None if gone."""
    parts = name.split(".")[1:]
    base = config.PACKAGE_DIR.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def library_sha256(modules: Iterable[str]) -> str:
    """Fingerprint of the code (:func:`code_text`) of the named ``gxq_analysis`` modules."""
    h = hashlib.sha256()
    for name in sorted(set(modules)):
        f = _module_file(name)
        if f is None:
            code = "<missing>"
        else:
            st = f.stat()
            code = _code_sha256(str(f), st.st_mtime_ns, st.st_size)
        h.update(f"{name}\0{code}\n".encode())
    return h.hexdigest()


@cache
def _code_sha256(path: str, mtime_ns: int, size: int) -> str:
    # keyed on the file's stat: the chapters share most modules, and tokenizing is slow
    text = code_text(Path(path).read_text(encoding="utf-8"))
    return hashlib.sha256(text.encode()).hexdigest()


def fingerprint(path: Path, modules: Iterable[str]) -> dict[str, str]:
    """The ``source``, ``data`` and ``library`` fingerprints of a chapter notebook now.

    Parameters
    ----------
    path : pathlib.Path
        A chapter notebook.
    modules : iterable of str
        The ``gxq_analysis`` modules it runs (as recorded when it was stored).
    """
    path = Path(path)
    chapter = read_chapter(path)
    nb = json.loads(path.read_text(encoding="utf-8"))
    data = {"files": bundled_data_sha256(chapter.data_files)}
    if chapter.panel:
        data["panel"] = data_sha256(None)
    return {
        "source": source_sha256(nb),
        "data": _sha256_json(data),
        "library": library_sha256(modules),
    }


def _sha256_json(obj: Any) -> str:
    blob = json.dumps(obj, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()


# --------------------------------------------------------------------------- the record


def manifest_path(notebooks_dir: Path | None = None) -> Path:
    return Path(notebooks_dir or config.NOTEBOOKS_DIR) / MANIFEST_NAME


def load_manifest(notebooks_dir: Path | None = None) -> dict[str, Any]:
    """``{notebook file name: {"source", "data", "library", "modules"}}`` (empty if none)."""
    try:
        data = json.loads(manifest_path(notebooks_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != _MANIFEST_FORMAT:
        return {}
    notebooks = data.get("notebooks")
    return notebooks if isinstance(notebooks, dict) else {}


def _write_manifest(notebooks: dict[str, Any], notebooks_dir: Path | None = None) -> None:
    doc = {
        "format": _MANIFEST_FORMAT,
        "written_by": "python -m gxq_analysis.publish.store (python dev.py regen)",
        "notebooks": {k: notebooks[k] for k in sorted(notebooks)},
    }
    text = json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    atomic_write(manifest_path(notebooks_dir), text.encode("utf-8"))


def stored_notebooks(notebooks_dir: Path | None = None) -> list[Path]:
    """The notebooks stored with outputs: every chapter's view in every language."""
    root = Path(notebooks_dir or config.NOTEBOOKS_DIR)
    return [p for lang in ("zh", "en") for p in sorted((root / lang).glob("*.ipynb"))]


def stale_notebooks(paths: Sequence[Path] | None = None) -> dict[Path, str]:
    """The stored notebooks whose inputs changed since they were stored, with what changed.

    ``paths`` defaults to :func:`stored_notebooks`. A notebook with no record is stale.
    """
    paths = [Path(p) for p in paths] if paths else stored_notebooks()
    manifests: dict[Path, dict[str, Any]] = {}
    out: dict[Path, str] = {}
    for p in paths:
        if p.parent not in manifests:
            manifests[p.parent] = load_manifest(p.parent)
        rec = manifests[p.parent].get(p.name)
        if not isinstance(rec, dict) or not isinstance(rec.get("modules"), list):
            out[p] = f"no record in {MANIFEST_NAME}"
            continue
        now = fingerprint(p, rec["modules"])
        changed = [k for k in ("source", "data", "library") if now[k] != rec.get(k)]
        if changed:
            what = {"source": "its cells", "data": "the data it reads", "library": "library code"}
            out[p] = "stored before a change of " + ", ".join(what[k] for k in changed)
    return out


# --------------------------------------------------------------------------- storing


def store(path: Path) -> list[str]:
    """Execute one notebook with its defaults and write it back, deterministic.

    Records its fingerprint in :data:`MANIFEST_NAME` and returns the ``gxq_analysis`` modules
    it ran.
    """
    import papermill as pm  # lazy: 1 s of imports, not needed to check fingerprints

    path = Path(path)
    src = nbformat.read(path, as_version=4)
    probe = copy.deepcopy(src)
    probe.cells.append(nbformat.v4.new_code_cell(_PROBE))
    with tempfile.TemporaryDirectory() as tmp:
        inp, out = Path(tmp) / f"in-{path.name}", Path(tmp) / path.name
        nbformat.write(probe, inp)
        # a loaded machine can take over a minute to start a kernel (papermill waits 60 s)
        pm.execute_notebook(
            str(inp),
            str(out),
            kernel_name="python3",
            cwd=tmp,
            progress_bar=False,
            start_timeout=300,
        )
        nb = nbformat.read(out, as_version=4)
    last = nb.cells.pop()
    text = "".join(o.get("text", "") for o in last.get("outputs", ()) if o.get("name") == "stdout")
    modules = json.loads(text.strip().splitlines()[-1])
    normalize_notebook(nb, input_name=path.name, output_name=path.name, cwd=tmp)
    # a stored chapter is a source notebook: no record of a papermill run
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    new = notebook_bytes(nb)
    if not _same_but_commit(path.read_bytes(), new):
        atomic_write(path, new)
    records = load_manifest(path.parent)
    records[path.name] = {**fingerprint(path, modules), "modules": modules}
    _write_manifest(records, path.parent)
    return modules


def _same_but_commit(old: bytes, new: bytes) -> bool:
    """Whether two stored forms differ at most in the provenance's git commit.

    The commit changes with every commit (nbval masks it, tests/nbval_sanitize.cfg); keeping
    the old file when nothing else changed spares a diff in every notebook per re-store.
    """
    return _COMMIT.sub(b"GIT-COMMIT", old) == _COMMIT.sub(b"GIT-COMMIT", new)


def main(argv: list[str] | None = None) -> int:
    args = list(argv if argv is not None else sys.argv[1:])
    check = "--check" in args
    only_stale = "--stale" in args
    names = [a for a in args if not a.startswith("--")]
    paths = [Path(n).resolve() for n in names] or stored_notebooks()
    if check or only_stale:
        stale = stale_notebooks(paths)
        if check:
            for p, why in stale.items():
                print(f"{p.parent.name}/{p.name}: {why}")
            return 1 if stale else 0
        paths = list(stale)
    for p in paths:
        print(f"storing {p.name}", flush=True)
        store(p)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
