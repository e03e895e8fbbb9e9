"""``python dev.py regen --check`` names every out-of-date derived file; ``regen`` fixes them.

The end-to-end tests work on a copy of the checkout (package, data, notebooks, README) run with
``PYTHONPATH`` pointing at it, so planting stale files never touches the real one. The copy is
first brought up to date cheaply, whatever the real checkout's state: the demo data, literate
cells (and the chapters' reading copies) and README excerpts are regenerated, and each stored
notebook's record is rewritten from the modules its real record lists (no notebook is executed
there). ``test_store_records_...``
executes one small notebook for real to check what ``store`` records.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from gxq_analysis.publish import store
from gxq_analysis.publish.store import code_text, source_sha256, stale_notebooks

ROOT = Path(__file__).resolve().parents[1]
COPIED = ["gxq_analysis", "data", "notebooks", "README.md", "pyproject.toml"]

# Bring a copy up to date without executing notebooks (see the module docstring).
BASELINE = """
import json
from gxq_analysis import config
from gxq_analysis.publish import regen, store

for what, step, check in regen.STEPS:
    if step is not None and what != "stored notebooks":
        step(False)
for lang in ("zh", "en"):
    views = config.NOTEBOOKS_DIR / lang
    records = store.load_manifest(views)
    for p in sorted(views.glob("*.ipynb")):
        modules = records[p.name]["modules"]
        records[p.name] = {**store.fingerprint(p, modules), "modules": modules}
    doc = {"format": 1, "notebooks": records}
    text = json.dumps(doc, indent=1, sort_keys=True)
    store.manifest_path(views).write_text(text, encoding="utf-8")
"""


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [sys.executable, *args], cwd=root, env=env, capture_output=True, text=True, timeout=600
    )


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    root = tmp_path / "checkout"
    root.mkdir()
    for name in COPIED:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, root / name)
    proc = _run(root, "-c", BASELINE)
    assert proc.returncode == 0, proc.stderr[-3000:]
    # the copy, not the real checkout, is what the subprocesses import
    proc = _run(root, "-c", "import gxq_analysis; print(gxq_analysis.__file__)")
    assert proc.stdout.strip() == str(root / "gxq_analysis" / "__init__.py")
    return root


def _check(root: Path) -> tuple[int, list[str]]:
    proc = _run(root, "-m", "gxq_analysis.publish.regen", "--check")
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    named = [ln.strip() for ln in proc.stdout.splitlines() if ln.startswith("  ")]
    return proc.returncode, named


def _files(lines: list[str]) -> set[str]:
    return {ln.split(": ", 1)[0] for ln in lines}


def _records(root: Path) -> dict:
    """The stored notebooks' records, by path (``notebooks/zh/01_overview.ipynb``)."""
    out = {}
    for lang in ("zh", "en"):
        path = root / "notebooks" / lang / store.MANIFEST_NAME
        for name, rec in json.loads(path.read_text())["notebooks"].items():
            out[f"notebooks/{lang}/{name}"] = rec
    return out


def test_code_changes_make_exactly_the_notebooks_that_ran_them_stale(checkout):
    assert _check(checkout) == (0, [])
    records = _records(checkout)
    # a code change in a module some chapters run and others do not
    module = "gxq_analysis.report.views.province"
    ran_it = {n for n, rec in records.items() if module in rec["modules"]}
    assert ran_it and len(ran_it) < len(records)
    target = checkout / "gxq_analysis" / "report" / "views" / "province.py"
    target.write_text(target.read_text(encoding="utf-8") + "\n_PLANTED = 1\n", encoding="utf-8")
    # a docstring and a comment edited in a module every chapter runs change nothing
    files_py = checkout / "gxq_analysis" / "files.py"
    text = files_py.read_text(encoding="utf-8")
    files_py.write_text(
        text.replace('"""Files on disk', '"""Edited: files on disk', 1).replace(
            "# mkstemp makes 0600", "# edited comment", 1
        ),
        encoding="utf-8",
    )
    assert all("gxq_analysis.files" in rec["modules"] for rec in records.values())
    code, named = _check(checkout)
    assert code == 1
    assert _files(named) == ran_it
    assert all("library code" in ln for ln in named)


def test_planted_stale_files_are_each_named_and_regen_fixes_them(checkout):
    assert _check(checkout) == (0, [])
    # demo data: one byte changed
    csv = checkout / "data" / "demo" / "zones_synthetic.csv"
    csv.write_bytes(csv.read_bytes() + b"\n")
    # a source: a literate cell edited by hand, and a code cell changed
    nb_path = checkout / "notebooks" / "04_policy.ipynb"
    nb = nbformat.read(nb_path, as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "markdown" and c.metadata.get("gxq"))
    cell.source += " (edited)"
    code = next(c for c in nb.cells if c.cell_type == "code" and "evaluate_policy(" in c.source)
    code.source += "\npolicy.headline"
    nbformat.write(nb, nb_path)
    # the README's generated table edited by hand
    readme = checkout / "README.md"
    text = readme.read_text(encoding="utf-8")
    readme.write_text(text.replace("| Overview (概览) |", "| Overview |", 1), encoding="utf-8")
    # the benchmark's record emptied
    (checkout / "data" / "methods" / "policy_inference.json").write_text("{}", encoding="utf-8")

    code, named = _check(checkout)
    assert code == 1
    files = _files(named)
    views = {"notebooks/zh/04_policy.ipynb", "notebooks/en/04_policy.ipynb"}
    assert {
        "data/demo/zones_synthetic.csv",
        "notebooks/04_policy.ipynb",
        "README.md",
        "data/methods/policy_inference.json",
    } | views <= files
    source = [ln for ln in named if ln.startswith("notebooks/04_policy.ipynb")]
    assert any("literate cells" in ln for ln in source)  # the cell
    # the code cell reaches its reading copies
    assert all(any(ln.startswith(f"{v}: differs from its source") for ln in named) for v in views)
    # every notebook reading the demo panel is stale through its data
    assert any("the data it reads" in ln for ln in named)

    # regen's cheap steps restore the demo data, the cell and the README; the stored notebooks
    # stay stale until re-stored (which executes them) and the benchmark record is not rerun
    proc = _run(checkout, "-c", BASELINE.split("records =")[0])
    assert proc.returncode == 0, proc.stderr[-3000:]
    code, named = _check(checkout)
    left = _files(named)
    assert code == 1
    assert "data/demo/zones_synthetic.csv" not in left
    assert "README.md" not in left
    assert not any("literate" in ln for ln in named)
    assert "data/methods/policy_inference.json" in left
    assert left - {"data/methods/policy_inference.json"} <= set(_records(checkout))
    # the views written from the changed source wait to be executed
    assert all(any(ln.startswith(v) and "its cells" in ln for ln in named) for v in views)


def test_code_text_ignores_docstrings_comments_and_blank_lines_only():
    base = 'def f(x):\n    """Doc."""\n    return x + 1  # why\n'
    assert code_text(base) == "def f(x):\n    return x + 1"
    same = (
        '"""Module doc."""\n\n\ndef f(x):\n    """Other doc,\n    two lines."""\n    return x + 1\n'
    )
    assert code_text(same) == code_text(base)
    assert code_text(base.replace("+ 1", "+ 2")) != code_text(base)
    # a string that is not a docstring is code
    assert code_text("X = 1\n'not a docstring'\n") != code_text("X = 1\n")
    # a catalogue entry is code, not a docstring
    assert code_text('S = {"k": ("中", "en")}\n') != code_text('S = {"k": ("中", "EN")}\n')


def test_source_fingerprint_ignores_outputs_only():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1", id="a")]
    before = source_sha256(nb)
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", text="1\n")]
    nb.cells[0].execution_count = 3
    nb.cells[0].metadata["execution"] = {"iopub.status.busy": "2024"}
    nb.metadata["language_info"] = {"version": "3.99"}
    assert source_sha256(nb) == before
    nb.cells[0].metadata["tags"] = ["remove-input"]
    assert source_sha256(nb) != before
    nb.cells[0].metadata["tags"] = []
    nb.cells[0].source = "x = 2"
    assert source_sha256(nb) != before


def _tiny_chapter(path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["gxq"] = {
        "chapter": "tiny",
        "order": 1,
        "title": {"zh": "小", "en": "Tiny"},
        "per_zone": False,
        "functions": [],
        "outputs": [],
        "panel": False,
        "data_files": ["zones.csv"],
    }
    params = nbformat.v4.new_code_cell('review = "midterm"\nlang = "zh"\ndata = None', id="params")
    params.metadata["tags"] = ["parameters"]
    work = nbformat.v4.new_code_cell(
        "from gxq_analysis.plan.zones import zone_ids\nprint(len(zone_ids()))", id="work"
    )
    nb.cells = [params, work]
    nbformat.write(nb, path)


@pytest.mark.notebooks
def test_store_records_the_modules_a_notebook_ran(tmp_path):
    path = tmp_path / "tiny.ipynb"
    _tiny_chapter(path)
    modules = store.store(path)
    assert "gxq_analysis.plan.zones" in modules
    assert "gxq_analysis.report.views.policy" not in modules  # never imported by it
    stored = nbformat.read(path, as_version=4)
    assert [c.id for c in stored.cells] == ["params", "work"]  # the probe cell is gone
    assert stored.cells[1].outputs[0]["text"] == "15\n"
    record = store.load_manifest(tmp_path)["tiny.ipynb"]
    assert record["modules"] == modules
    assert stale_notebooks([path]) == {}
    # editing the notebook makes it stale, naming why
    stored.cells[1].source += "\nprint('more')"
    nbformat.write(stored, path)
    assert stale_notebooks([path]) == {path: "stored before a change of its cells"}
