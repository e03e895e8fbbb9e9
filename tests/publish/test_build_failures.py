"""Failures: a failing chapter stops nothing else, is summarized, exits 1, and never replaces
the last good output; outputs are replaced atomically."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from buildkit import CHAPTERS, FAILING, edit_notebook, outputs

from gxq_analysis import files
from gxq_analysis.publish import cache, shared
from gxq_analysis.publish.runner import build


def _with_source(index: int, source: str):
    def edit(nb):
        nb["cells"][index]["source"] = source

    return edit


def _set_meta(**values):
    def edit(nb):
        nb["metadata"]["gxq"].update(values)

    return edit


@pytest.fixture
def notebooks(tmp_path):
    """The broken fixture in a working version, and the overview fixture ordered after it."""
    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    shutil.copy(FAILING / "broken.ipynb", nbdir)
    edit_notebook(nbdir / "broken.ipynb", _with_source(2, "result = 1 / 1"))
    shutil.copy(CHAPTERS / "overview.ipynb", nbdir)
    edit_notebook(nbdir / "overview.ipynb", _set_meta(order=99))
    return nbdir


def test_failing_chapter_is_isolated_and_the_last_good_output_survives(
    notebooks, tmp_path, capsys, monkeypatch
):
    # chapters in the registry's order (no chapter costlier than another): overview after
    monkeypatch.setattr(shared, "CHAPTER_COST", {})
    kw = {"review": "midterm", "lang": "zh", "output": tmp_path / "reports", "jobs": 1}
    out = tmp_path / "reports" / "midterm" / "zh"
    first = build(**kw, notebooks_dir=notebooks, quiet=True)
    assert first.exit_code == 0
    good = {n: (out / n).read_bytes() for n in ("broken.ipynb", "broken.html")}

    shutil.copy(FAILING / "broken.ipynb", notebooks)  # now it divides by zero
    capsys.readouterr()
    second = build(**kw, notebooks_dir=notebooks, force=True)
    captured = capsys.readouterr()

    assert second.exit_code == 1
    assert second.failures == [
        {
            "key": "midterm/zh/broken",
            "chapter": "broken",
            "cell": 2,  # index in broken.ipynb as written
            "execution_count": 4,
            "ename": "ZeroDivisionError",
            "evalue": "division by zero",
            "kept": str(out / "broken.failed.ipynb"),
        }
    ]
    # the other chapter ran, after the failure, in the same (warm) kernel
    ran = {job.stem: result for job, result in second.ran}
    assert ran["overview"].ok and ran["overview"].kernel == "warm:2"
    # a Chinese build reports in Chinese: the exception's English message goes to the log
    assert "失败     midterm/zh/broken" in captured.out
    assert "midterm/zh/broken：第2个单元格（In [4]）出错（ZeroDivisionError）" in captured.err
    assert f"失败的笔记本保存在 {out / 'broken.failed.ipynb'}" in captured.err
    assert "division by zero" not in captured.err
    log = (tmp_path / "reports" / "build.log").read_text(encoding="utf-8")
    assert "ZeroDivisionError: division by zero" in log

    # the last good output, byte for byte; the failed run beside it
    assert {n: (out / n).read_bytes() for n in good} == good
    failed = json.loads((out / "broken.failed.ipynb").read_text())
    texts = json.dumps(failed)
    assert "papermill-error-cell-tag" in texts and "ZeroDivisionError" in texts
    assert "before the failure" in texts and "after the failure\\n" not in texts
    entry = json.loads((out / "manifest.json").read_text())["chapters"]["broken"]
    assert entry["status"] == "failed"
    assert entry["error"]["ename"] == "ZeroDivisionError"
    assert entry["previous"]["outputs"]["broken.html"]["sha256"] == cache.sha256_bytes(
        good["broken.html"]
    )
    index = (out / "index.html").read_text()
    assert '<a href="broken.html">出错的章节</a>' in index and "最近一次构建失败" in index

    # still failing: it is retried, the good chapter is not
    assert [j.stem for j in build(**kw, notebooks_dir=notebooks, dry_run=True).to_run] == ["broken"]
    # fixed: a good output again, and the stale failed notebook goes
    edit_notebook(notebooks / "broken.ipynb", _with_source(2, "result = 2 / 1"))
    third = build(**kw, notebooks_dir=notebooks, quiet=True)
    assert third.exit_code == 0 and [j.stem for j, _ in third.ran] == ["broken"]
    assert not (out / "broken.failed.ipynb").exists()
    assert "最近一次构建失败" not in (out / "index.html").read_text()


@pytest.mark.slow
def test_interrupted_build_leaves_whole_files_and_resumes(notebooks, tmp_path, monkeypatch):
    kw = {"review": "midterm", "lang": "zh", "output": tmp_path / "reports", "jobs": 1}
    out = tmp_path / "reports" / "midterm" / "zh"
    build(**kw, notebooks_dir=notebooks, quiet=True)
    old = outputs(tmp_path / "reports")
    edit_notebook(notebooks / "overview.ipynb", _with_source(0, "# Overview, second edition"))

    real_replace = os.replace

    def interrupted(src, dst):
        if str(dst).endswith("overview.html"):
            raise KeyboardInterrupt  # Ctrl-C between two files of one chapter
        return real_replace(src, dst)

    monkeypatch.setattr(files.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(**kw, notebooks_dir=notebooks, quiet=True)
    monkeypatch.setattr(files.os, "replace", real_replace)

    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    now = outputs(tmp_path / "reports")
    assert now["midterm/zh/overview.html"] == old["midterm/zh/overview.html"]  # untouched
    json.loads(now["midterm/zh/overview.ipynb"])  # whole (new) notebook
    # the manifest still describes the old overview, so the next build redoes it
    resumed = build(**kw, notebooks_dir=notebooks, quiet=True)
    assert [j.stem for j, _ in resumed.ran] == ["overview"]
    assert b"second edition" in (out / "overview.html").read_bytes()


def test_atomic_write_keeps_the_old_file_when_replacing_fails(tmp_path, monkeypatch):
    target = tmp_path / "chapter.html"
    cache.atomic_write(target, b"old")

    def fail(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        cache.atomic_write(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["chapter.html"]


@pytest.mark.slow
def test_timeout_and_dead_kernel_do_not_stop_the_build(tmp_path):
    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    for name, order, source in (
        ("crasher", 1, "import os\nos._exit(1)"),
        ("sleeper", 2, "import time\ntime.sleep(120)"),
    ):
        shutil.copy(FAILING / "broken.ipynb", nbdir / f"{name}.ipynb")
        edit_notebook(nbdir / f"{name}.ipynb", _with_source(2, source))
        edit_notebook(nbdir / f"{name}.ipynb", _set_meta(chapter=name, order=order))
    shutil.copy(CHAPTERS / "context.ipynb", nbdir)
    edit_notebook(nbdir / "context.ipynb", _set_meta(order=3))
    report = build(
        review="midterm",
        lang="zh",
        output=tmp_path / "reports",
        notebooks_dir=nbdir,
        jobs=1,
        timeout=5,
        quiet=True,
    )
    assert report.exit_code == 1
    errors = {f["chapter"]: (f["cell"], f["ename"]) for f in report.failures}
    assert errors == {"crasher": (2, "DeadKernelError"), "sleeper": (2, "CellTimeoutError")}
    ran = {job.stem: result for job, result in report.ran}
    assert ran["context"].ok and ran["context"].kernel == "warm:1"  # a new kernel
    for name in ("crasher", "sleeper"):
        assert (tmp_path / "reports" / "midterm" / "zh" / f"{name}.failed.ipynb").is_file()
