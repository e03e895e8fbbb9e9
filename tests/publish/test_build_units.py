"""Pieces of the build without kernels: normalization, keys, output checks, index page."""

from __future__ import annotations

import os
import sys
import tempfile

import nbformat
import pytest

from gxq_analysis.errors import DataError
from gxq_analysis.publish import cache, export


def _executed(tmp: str) -> nbformat.NotebookNode:
    """A notebook shaped like papermill's output, with every volatile part it writes."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["papermill"] = {
        "input_path": "/home/me/notebooks/overview.ipynb",
        "output_path": "/home/me/out.ipynb",
        "start_time": "2026-01-01T00:00:00",
        "end_time": "2026-01-01T00:00:03",
        "duration": 3.0,
        "parameters": {"review": "midterm"},
    }
    injected = nbformat.v4.new_code_cell('review = "midterm"')
    injected.metadata["tags"] = ["injected-parameters"]
    marker = nbformat.v4.new_markdown_cell("error here")
    marker.metadata["tags"] = ["papermill-error-cell-tag"]
    code = nbformat.v4.new_code_cell("x", id="keep-me")
    code.metadata["execution"] = {"iopub.status.busy": "2026-01-01T00:00:01"}
    code.metadata["papermill"] = {"duration": 1.0, "start_time": "t", "status": "completed"}
    code.outputs = [
        nbformat.v4.new_output(
            "stream",
            name="stderr",
            text=f"{tmp}/ipykernel_4242/123.py:1: UserWarning: x\n"
            f"{sys.prefix}/lib/python3.11/site-packages/pandas/core/frame.py:9: W\n",
        ),
        nbformat.v4.new_output("error", ename="E", evalue=f"{tmp}/data.csv", traceback=[]),
    ]
    nb.cells = [injected, marker, code]
    return nb


def test_normalize_removes_timings_paths_and_random_ids():
    tmp = tempfile.gettempdir()
    nb = export.normalize_notebook(
        _executed(tmp), input_name="overview.ipynb", output_name="overview.ipynb", cwd=tmp
    )
    pm = nb.metadata.papermill
    assert pm == {
        "input_path": "overview.ipynb",
        "output_path": "overview.ipynb",
        "parameters": {"review": "midterm"},
    }
    assert [c["id"] for c in nb.cells] == ["injected-parameters", "papermill-error-0", "keep-me"]
    code = nb.cells[2]
    assert "execution" not in code.metadata
    assert code.metadata.papermill == {"status": "completed"}
    text = code.outputs[0]["text"]
    assert text.startswith("<ipykernel>/123.py:1: UserWarning")  # pid gone
    assert "<sys.prefix>/lib/python3.11/site-packages/pandas" in text
    assert code.outputs[1]["evalue"] == "./data.csv"
    # and it is a fixed point
    again = export.notebook_bytes(
        export.normalize_notebook(nb, input_name="overview.ipynb", output_name="overview.ipynb")
    )
    assert again == export.notebook_bytes(nb) and again.endswith(b"}\n")


def test_inputs_key_changes_with_every_input():
    inputs = {"notebook_sha256": "a", "data_sha256": "b", "library_sha256": "c"}
    params = {"review": "midterm", "lang": "zh"}
    key = cache.inputs_key(inputs, params)
    assert key == cache.inputs_key(dict(reversed(inputs.items())), params)  # order-free
    for name in inputs:
        assert cache.inputs_key({**inputs, name: "z"}, params) != key
    assert cache.inputs_key(inputs, {**params, "lang": "en"}) != key
    assert cache.inputs_key(inputs, {**params, "data": "x.csv"}) != key


def test_output_intact_checks_content_when_stat_changed(tmp_path):
    path = tmp_path / "a.html"
    record = cache.atomic_write(path, b"<p>one</p>")
    assert cache.output_intact(path, record)
    path.write_bytes(b"<p>two</p>")  # same size, new mtime
    assert not cache.output_intact(path, record)
    path.write_bytes(b"<p>one</p>")  # same bytes back, another mtime: hashed, accepted
    assert cache.output_intact(path, record)
    path.unlink()
    assert not cache.output_intact(path, record)


def test_atomic_write_respects_the_umask(tmp_path):
    cache.atomic_write(tmp_path / "a", b"x")
    mode = (tmp_path / "a").stat().st_mode & 0o777
    umask = os.umask(0o022)  # read the umask independently of the code under test
    os.umask(umask)
    assert mode == 0o666 & ~umask


def test_bundled_data_patterns(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.csv").write_text("1")
    (tmp_path / "sub" / "b.csv").write_text("2")
    everything = cache.bundled_data_sha256(None, data_dir=tmp_path)
    only_a = cache.bundled_data_sha256(["a.csv"], data_dir=tmp_path)
    assert everything != only_a
    (tmp_path / "sub" / "b.csv").write_text("3")
    assert cache.bundled_data_sha256(["a.csv"], data_dir=tmp_path) == only_a
    assert cache.bundled_data_sha256(None, data_dir=tmp_path) != everything
    with pytest.raises(DataError, match=r"'nope/\*\.csv' matches no file"):
        cache.bundled_data_sha256(["nope/*.csv"], data_dir=tmp_path)


def test_manifest_of_another_format_is_ignored(tmp_path):
    (tmp_path / cache.MANIFEST).write_text('{"format": 0, "chapters": {"x": {}}}')
    m = cache.load_manifest(tmp_path, review="final", lang="en")
    assert m == {"format": cache.MANIFEST_FORMAT, "review": "final", "lang": "en", "chapters": {}}


def test_index_page_escapes_and_groups():
    rows = [
        {"stem": "a", "title": "<b>A</b>", "group": None, "href": "a.html", "failed": False},
        {"stem": "z-1", "title": "Z: one", "group": "Z", "href": "z-1.html", "failed": True},
        {"stem": "z-2", "title": "Z: two", "group": "Z", "href": None, "failed": True},
    ]
    page = export.index_html(rows, review="final", lang="en", version="9.9").decode()
    assert "&lt;b&gt;A&lt;/b&gt;" in page and "<b>A" not in page
    assert page.count("<li>Z<ol>") == 1
    assert "the last build failed; this is the last good version" in page
    assert "build failed; no good version yet" in page
    assert "Final review" in page and "gxq-analysis 9.9" in page
    assert "http" not in page


def test_library_fingerprint_covers_the_package_sources():
    from gxq_analysis import config

    files = sorted(p for p in config.PACKAGE_DIR.rglob("*.py") if "__pycache__" not in p.parts)
    assert config.PACKAGE_DIR / "publish" / "runner.py" in files
    assert cache.files_sha256(config.PACKAGE_DIR, files) == cache.files_sha256(
        config.PACKAGE_DIR, reversed(files)
    )
    assert os.path.isabs(str(config.PACKAGE_DIR))
