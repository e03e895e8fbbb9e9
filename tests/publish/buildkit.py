"""Helpers of the build tests (a uniquely named module: conftest.py names are shared)."""

from __future__ import annotations

import contextlib
import copy
import json
import shutil
from pathlib import Path

import pytest

from gxq_analysis import config
from gxq_analysis.publish import cache, export

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHAPTERS = FIXTURES / "chapters"
FAILING = FIXTURES / "failing"
#: The session builds: one review, both languages, two zone profiles -> 8 chapters.
BASE = {"review": "midterm", "lang": "all", "zones": ["shenyang", "dalian"]}


@contextlib.contextmanager
def frozen_inputs(data_dir: Path):
    """Pin the library fingerprint and the bundled data directory for the duration.

    Other work in this checkout edits the package and regenerates data while tests run; a
    test of what reruns must see only the changes it makes itself.
    """
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(cache, "library_sha256", lambda: "pinned-for-the-test")
        mp.setattr(config, "DATA_DIR", data_dir)
        mp.setattr(config, "DEMO_PANEL_CSV", data_dir / "demo" / "zones_synthetic.csv")
        mp.setattr(config, "DEMO_META_JSON", data_dir / "demo" / "zones_synthetic.meta.json")
        yield


def copy_data_dir(dest: Path) -> Path:
    shutil.copytree(config.DATA_DIR, dest)
    return dest


def outputs(root: Path) -> dict[str, bytes]:
    """Every chapter output (.ipynb, .html) and index page under ``root``, by relative path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.suffix in (".ipynb", ".html") and not p.name.endswith(".failed.ipynb")
    }


def edit_notebook(path: Path, edit) -> None:
    """Apply ``edit(nb_dict)`` to a notebook file, keeping nbformat's JSON layout."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    edit(nb)
    path.write_text(json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n")


def code_cell(nb: dict, index: int) -> dict:
    return nb["cells"][index]


def papermill_by_hand(
    notebook: Path,
    workdir: Path,
    stored_name: str,
    parameters: dict[str, object] | None = None,
) -> bytes:
    """What a user gets from ``papermill <notebook> out.ipynb -p review midterm -p lang zh``
    (or ``-p name value`` for each of ``parameters``), normalized like the build's stored
    notebooks (timings and absolute paths out). Run as a user would: without the build's
    analysis or load store in the environment."""
    import os
    import subprocess
    import sys

    import nbformat

    from gxq_analysis.publish import export

    if parameters is None:
        parameters = {"review": "midterm", "lang": "zh"}
    by_hand = workdir / "by-hand.ipynb"
    papermill = Path(sys.executable).with_name("papermill")
    args = [str(papermill), str(notebook), str(by_hand), "--no-progress-bar"]
    for name, value in parameters.items():
        args += ["-p", name, str(value)]
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in (config.ANALYSIS_STORE_ENV, config.LOAD_STORE_ENV, "GXQ_LOG_FILE")
    }
    subprocess.run(args, check=True, capture_output=True, cwd=workdir, env=env)
    nb = nbformat.read(by_hand, as_version=4)
    export.normalize_notebook(
        nb, input_name=notebook.name, output_name=stored_name, cwd=str(workdir)
    )
    return export.notebook_bytes(nb)


def nbconvert_page(nb, *, title: str, lang: str) -> str:
    """What nbconvert's own ``HTMLExporter`` makes of ``nb`` with the chapter exporter's settings
    (the reference of ``export.to_html``, which bypasses its BeautifulSoup pass)."""
    # lazy: every build test imports this module; only the export comparison needs nbconvert
    from nbconvert import HTMLExporter

    exporter = export._exporter(lang)  # the chapter exporter, its own override bypassed
    page, _ = HTMLExporter.from_notebook_node(
        exporter, copy.deepcopy(nb), resources={"metadata": {"name": title}}
    )
    return page


def same_page(ours: bytes, theirs: str) -> bool:
    """``ours`` is nbconvert's page ``theirs`` once parsed and serialized as nbconvert does."""
    from bs4 import BeautifulSoup  # lazy: as nbconvert above

    return str(BeautifulSoup(ours.decode("utf-8"), features="html.parser")) == theirs
