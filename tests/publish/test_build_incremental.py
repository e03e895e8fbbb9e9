"""Incremental build: a no-change build runs nothing; a change reruns only what depends on it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest
from buildkit import CHAPTERS, copy_data_dir, edit_notebook, frozen_inputs, outputs

from gxq_analysis.publish import cache
from gxq_analysis.publish.runner import build


@pytest.fixture
def project(tmp_path):
    """Fixture chapters, a zone panel file and the bundled data, all copies in tmp_path."""
    nbdir = tmp_path / "notebooks"
    shutil.copytree(CHAPTERS, nbdir)
    data_dir = copy_data_dir(tmp_path / "data")
    panel = tmp_path / "evaluator" / "panel.csv"
    panel.parent.mkdir()
    panel.write_text("zone,value\nshenyang,1.5\n")
    kw = {
        "review": "midterm",
        "lang": "zh",
        "zones": ["shenyang"],
        "data": panel,
        "output": tmp_path / "reports",
        "notebooks_dir": nbdir,
        "jobs": 1,
        "quiet": True,
    }
    return kw, data_dir


def _stale(kw, **more):
    return sorted(j.stem for j in build(**{**kw, **more, "dry_run": True}).to_run)


def test_only_changed_inputs_rerun(project):
    kw, data_dir = project
    out = kw["output"] / "midterm" / "zh"
    with frozen_inputs(data_dir):
        first = build(**kw)
        assert first.exit_code == 0 and len(first.ran) == 3
        overview = json.loads((out / "overview.ipynb").read_text())
        table = overview["cells"][6]["outputs"][0]["data"]["text/plain"]
        assert "".join(table).split("\n")[1].split() == ["0", "shenyang", "1.5"]  # --data read
        assert overview["metadata"]["papermill"]["parameters"]["data"] == "panel.csv"
        before = outputs(kw["output"])
        manifest = (out / "manifest.json").read_bytes()

        # nothing changed: nothing runs, nothing is rewritten
        again = build(**kw)
        assert again.ran == [] and len(again.up_to_date) == 3 and again.exit_code == 0
        assert outputs(kw["output"]) == before
        assert (out / "manifest.json").read_bytes() == manifest

        # the zone panel: every chapter reading it, not the one that declares "panel": false
        panel = kw["data"]
        panel.write_text("zone,value\nshenyang,2.5\n")
        assert _stale(kw) == ["overview", "zone-shenyang"]
        panel.write_text("zone,value\nshenyang,1.5\n")
        assert _stale(kw) == []
        # same file elsewhere: same content and name, nothing to do
        moved = panel.parent.parent / "elsewhere" / "panel.csv"
        moved.parent.mkdir()
        shutil.copy(panel, moved)
        assert _stale(kw, data=moved) == []

        # a bundled data file: chapters declaring data_files depend on those files only
        codebook = data_dir / "codebook.csv"
        codebook.write_text(codebook.read_text() + "\n")
        assert _stale(kw) == ["overview", "zone-shenyang"]
        zones = data_dir / "zones.csv"
        original = zones.read_bytes()
        zones.write_bytes(original + b"\n")
        assert _stale(kw) == ["context", "overview", "zone-shenyang"]
        zones.write_bytes(original)
        codebook.write_text(codebook.read_text()[:-1])
        assert _stale(kw) == []

        # one notebook: only its chapter, and the run really leaves the others alone
        def retitle(nb):
            nb["cells"][0]["source"] = "## Context (fixture, edited)"

        edit_notebook(kw["notebooks_dir"] / "context.ipynb", retitle)
        assert _stale(kw) == ["context"]
        edited = build(**kw)
        assert [job.stem for job, _ in edited.ran] == ["context"]
        after = outputs(kw["output"])
        changed = sorted(k for k in after if after[k] != before[k])
        # the chapter, and the whole-review document that holds it
        assert changed == [
            "midterm/zh/context.html",
            "midterm/zh/context.ipynb",
            "midterm/zh/review.html",
        ]

        # outputs deleted or altered behind the build's back are rebuilt
        (out / "zone-shenyang.html").unlink()
        assert _stale(kw) == ["zone-shenyang"]
        page = out / "overview.html"
        page.write_bytes(page.read_bytes().replace(b"midterm", b"MIDTERM"))  # same size
        assert _stale(kw) == ["overview", "zone-shenyang"]

        # --force, and other parameters
        assert len(_stale(kw, force=True)) == 3
        assert _stale(kw, lang="en") == ["context", "overview", "zone-shenyang"]

        # any change to the library's source reruns everything
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(cache, "library_sha256", lambda: "another library")
            assert _stale(kw) == ["context", "overview", "zone-shenyang"]


def test_no_change_build_needs_no_notebook_libraries(project, tmp_path):
    """The no-change path imports neither papermill, nbformat, nbconvert nor pandas."""
    kw, data_dir = project
    with frozen_inputs(data_dir):
        build(**{**kw, "chapters": ["context"]})
    script = tmp_path / "nochange.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import sys
            from pathlib import Path
            from gxq_analysis import config
            from gxq_analysis.publish import cache
            from gxq_analysis.publish.runner import build

            cache.library_sha256 = lambda: "pinned-for-the-test"
            data_dir = Path({str(data_dir)!r})
            config.DATA_DIR = data_dir
            config.DEMO_PANEL_CSV = data_dir / "demo" / "zones_synthetic.csv"
            config.DEMO_META_JSON = data_dir / "demo" / "zones_synthetic.meta.json"
            report = build(review="midterm", lang="zh", zones=["shenyang"], chapters=["context"],
                           data={str(kw["data"])!r}, output={str(kw["output"])!r},
                           notebooks_dir={str(kw["notebooks_dir"])!r}, quiet=True)
            heavy = ("papermill", "nbformat", "nbconvert", "nbclient", "jupyter_client",
                     "pandas", "numpy", "distributed")
            print(len(report.ran), len(report.up_to_date),
                  sorted(m for m in heavy if m in sys.modules))
            """
        )
    )
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=True, env=env
    )
    assert done.stdout.strip() == "0 1 []"
