"""Warnings and log records of a chapter go to the build log, never to the chapter."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from gxq_analysis.report import messages

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def _clean_root():
    """Leave the root logger and warnings routing as the test found them."""
    root = logging.getLogger()
    handlers, level, show = list(root.handlers), root.level, warnings.showwarning
    yield
    for h in root.handlers:
        if h.get_name() == messages.HANDLER_NAME:
            h.close()
    root.handlers[:] = handlers
    root.setLevel(level)
    logging.captureWarnings(False)
    warnings.showwarning = show


def test_log_path_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(messages.LOG_ENV, str(tmp_path / "x.log"))
    assert messages.build_log_path() == tmp_path / "x.log"
    monkeypatch.delenv(messages.LOG_ENV)
    monkeypatch.setenv("GXQ_REPORTS_DIR", str(tmp_path / "rep"))
    assert messages.build_log_path() == (tmp_path / "rep").resolve() / "build.log"


@pytest.mark.usefixtures("_clean_root")
def test_routing_sends_warnings_to_the_file_once(tmp_path):
    log = tmp_path / "logs" / "build.log"
    messages.route_to_build_log(log)
    messages.route_to_build_log(log)  # twice: still one handler
    root = logging.getLogger()
    assert sum(h.get_name() == messages.HANDLER_NAME for h in root.handlers) == 1
    warnings.warn("a unit was assumed", UserWarning, stacklevel=1)
    logging.getLogger("gxq_analysis.test").warning("a log record")
    for h in root.handlers:
        h.flush()
    text = log.read_text(encoding="utf-8")
    assert "a unit was assumed" in text and "a log record" in text


def test_collect_warnings_returns_and_logs_every_warning(caplog):
    def noisy(x):
        for _ in range(2):
            warnings.warn(f"note {x}", UserWarning, stacklevel=1)
        return x * 2

    with caplog.at_level(logging.WARNING):
        result, notes = messages.collect_warnings(noisy, 21)
    assert result == 42
    assert notes == ["UserWarning: note 21", "UserWarning: note 21"]  # not once per location
    assert caplog.text.count("note 21") == 2


def test_a_chapter_kernel_prints_nothing_on_stderr(tmp_path):
    """A warning raised in a chapter after open_chapter reaches the log, not stderr."""
    log = tmp_path / "build.log"
    code = (
        "import warnings\n"
        "from gxq_analysis.report.chapter import open_chapter\n"
        "ch = open_chapter('overview', review='midterm', lang='zh')\n"
        "warnings.warn('something odd', UserWarning)\n"
        "import logging; logging.getLogger('gxq_analysis.x').warning('logged')\n"
    )
    env = {"GXQ_LOG_FILE": str(log), "PATH": "", "HOME": str(tmp_path), "MPLBACKEND": "Agg"}
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    text = log.read_text(encoding="utf-8")
    assert "something odd" in text and "logged" in text


def test_stored_chapter_notebooks_hold_no_stderr():
    stored = sorted((ROOT / "notebooks").glob("*/*.ipynb"))  # the reading copies
    assert stored
    for nb_path in stored:
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            for out in cell.get("outputs", []):
                assert not (out.get("output_type") == "stream" and out.get("name") == "stderr"), (
                    nb_path.name,
                    "".join(out.get("text", ""))[:300],
                )
                assert out.get("output_type") != "error", nb_path.name


@pytest.mark.usefixtures("_clean_root")
def test_run_by_a_person_a_chapter_leaves_logging_alone_and_shows_the_notes(
    tmp_path, monkeypatch, capsys, recwarn
):
    """No build log asked for (JupyterLab, papermill by hand): the session's handlers and
    warning display stay as they were, the data's notes are shown where Python shows warnings
    (under the cell) and the chapter says so; with GXQ_LOG_FILE, as the build runs it, they go
    to the log and the chapter points there."""
    from evaluator_books import write_workbook

    from gxq_analysis.report.chapter import open_chapter

    book = write_workbook(tmp_path / "zones.xlsx")
    monkeypatch.delenv(messages.LOG_ENV, raising=False)
    assert not messages.build_log_requested()
    root = logging.getLogger()
    handlers, show = list(root.handlers), warnings.showwarning
    open_chapter("overview", review="final", lang="en", data=str(book))
    out = capsys.readouterr()
    assert root.handlers == handlers and warnings.showwarning is show
    # the note reached the session's display of warnings (here pytest's, in a notebook the
    # cell's stderr: tests/publish/test_literate.py runs one)
    shown = [str(w.message) for w in recwarn]
    assert any("total rows were not loaded" in m for m in shown)
    assert "notes, shown under this cell" in out.out and "build log" not in out.out
    recwarn.clear()
    # shown in the chapter's language: a Chinese chapter's notes are Chinese
    open_chapter("overview", review="final", lang="zh", data=str(book))
    out = capsys.readouterr()
    shown = [str(w.message) for w in recwarn]
    assert any("合计行未读入" in m for m in shown) and not any("total rows" in m for m in shown)
    assert "见本单元格下方" in out.out
    recwarn.clear()

    log = tmp_path / "logs" / "build.log"
    monkeypatch.setenv(messages.LOG_ENV, str(log))
    assert messages.build_log_requested()
    open_chapter("overview", review="final", lang="en", data=str(book))
    out = capsys.readouterr()
    assert out.err == "" and "they are in the build log build.log" in out.out
    assert not any("total rows" in str(w.message) for w in recwarn)
    for h in root.handlers:
        h.flush()
    assert "total rows were not loaded" in log.read_text(encoding="utf-8")
