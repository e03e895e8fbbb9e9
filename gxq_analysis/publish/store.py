"""Store each chapter notebook with the outputs of its default parameters (maintainers).

``python -m gxq_analysis.publish.store [NOTEBOOK ...]`` executes the notebooks in place with
papermill (no parameters injected), strips papermill's and nbclient's volatile metadata, and
writes them back, so an evaluator sees results before rerunning and ``pytest --nbval`` can
check that a rerun reproduces them.  Run it after changing a notebook or the library.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import nbformat
import papermill as pm

from .. import config
from .cache import atomic_write
from .export import normalize_notebook, notebook_bytes


def store(path: Path) -> None:
    """Execute one notebook with its defaults and write it back, deterministic."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / path.name
        pm.execute_notebook(str(path), str(out), kernel_name="python3", cwd=tmp, progress_bar=False)
        nb = nbformat.read(out, as_version=4)
    normalize_notebook(nb, input_name=path.name, output_name=path.name, cwd=tmp)
    # a stored chapter is a source notebook: no record of a papermill run
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    atomic_write(path, notebook_bytes(nb))


def main(argv: list[str] | None = None) -> int:
    names = (argv if argv is not None else sys.argv[1:]) or None
    paths = [Path(n) for n in names] if names else sorted(config.NOTEBOOKS_DIR.glob("*.ipynb"))
    for p in paths:
        print(f"storing {p.name}", flush=True)
        store(p.resolve())
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
