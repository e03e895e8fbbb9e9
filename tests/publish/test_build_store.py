"""The analysis store never changes a chapter: the real chapters of every kind built with the
store (computing into it, then reading all of it back) and without it (``GXQ_ANALYSIS_STORE=off``
and papermill by hand) are byte-identical, and a changed data value is never served an analysis
of the old data."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pytest
from buildkit import BASE, CHAPTERS, outputs, papermill_by_hand

from gxq_analysis import config, load_panel
from gxq_analysis.publish import shared
from gxq_analysis.publish.registry import chapters
from gxq_analysis.publish.runner import build
from gxq_analysis.store import Store

pytestmark = pytest.mark.notebooks
slow = pytest.mark.slow

#: One of each chapter kind (the zone profile once): the smallest build covering them all.
COMMON = {
    "review": "midterm",
    "lang": "zh",
    "zones": ["dalian"],
    "notebooks_dir": config.NOTEBOOKS_DIR,
    "quiet": True,
    "jobs": 2,
}


#: The git commit a chapter's provenance names (``<sha>`` or ``<sha>+dirty``): other work in
#: this checkout commits and edits while these builds run, minutes apart; the commit says
#: which code built a chapter, not what the store did, so it is compared as a placeholder.
COMMIT = re.compile(rb"\b[0-9a-f]{40}(?:\+dirty)?\b")


def _same_commit(files: dict[str, bytes]) -> dict[str, bytes]:
    return {name: COMMIT.sub(b"<commit>", data) for name, data in files.items()}


def _entries(root):
    """The analysis store's entries under reports ``root`` (``<code>/<function>/<key>.pkl``)
    and when each was written."""
    store = root / ".cache" / "analyses"
    return {p.relative_to(store).as_posix(): p.stat().st_mtime_ns for p in store.rglob("*.pkl")}


@pytest.fixture(scope="module")
def three_builds(tmp_path_factory):
    """The same chapters: into an empty store, again from the full store, and with none."""
    root = tmp_path_factory.mktemp("store")
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv(config.ANALYSIS_STORE_ENV, raising=False)
        mp.delenv(config.LOAD_STORE_ENV, raising=False)
        cold = build(**COMMON, output=root / "stored")
        assert cold.exit_code == 0, cold.failures
        cold_out = _same_commit(outputs(root / "stored"))
        written = _entries(root / "stored")
        warm = build(**COMMON, output=root / "stored", force=True)
        assert warm.exit_code == 0, warm.failures
        warm_out = _same_commit(outputs(root / "stored"))
        rewritten = _entries(root / "stored")
        mp.setenv(config.ANALYSIS_STORE_ENV, config.ANALYSIS_STORE_OFF)
        off = build(**COMMON, output=root / "off")
        assert off.exit_code == 0, off.failures
    return {
        "root": root,
        "cold": (cold, cold_out),
        "warm": (warm, warm_out),
        "off": (off, _same_commit(outputs(root / "off"))),
        "written": written,
        "rewritten": rewritten,
    }


@slow
def test_every_chapter_kind_is_in_the_build(three_builds):
    cold, out = three_builds["cold"]
    kinds = {job.chapter for job, _ in cold.ran}
    assert kinds == {c.id for c in chapters(config.NOTEBOOKS_DIR)}
    assert len(out) >= 2 * len(kinds)  # .ipynb and .html of each, and the index


@slow
def test_chapters_with_and_without_the_store_are_byte_identical(three_builds):
    _, cold = three_builds["cold"]
    _, warm = three_builds["warm"]
    _, off = three_builds["off"]
    assert sorted(cold) == sorted(off) == sorted(warm)
    assert [name for name in cold if cold[name] != off[name]] == []
    assert [name for name in cold if cold[name] != warm[name]] == []


@slow
def test_the_store_is_used_and_read_back_not_recomputed(three_builds):
    cold, _ = three_builds["cold"]
    written, rewritten = three_builds["written"], three_builds["rewritten"]
    # the shared analyses ran first, and every analysis was kept
    assert {spec.name for spec, r in cold.shared if r.ok} == {s.name for s in shared.SHARED}
    functions = {name.split("/")[1] for name in written}
    for fn in ("evaluate_policy", "province_evaluation", "findings", "input_output"):
        assert any(f.endswith(f".{fn}") for f in functions), (fn, sorted(functions))
    # each shared analysis was computed once: the chapter found the shared task's entry (the
    # findings' own headline-only evaluation, without checks, is another call)
    store = three_builds["root"] / "stored" / ".cache" / "analyses"
    full = [
        Store(store / Path(name).parent, b"gxq-analysis-1").get(Path(name).stem)
        for name in written
        if name.split("/")[1].endswith(".evaluate_policy")
    ]
    assert sum(bool(ev.checks) for ev in full) == 1
    assert sum(name.split("/")[1].endswith(".province_evaluation") for name in written) == 1
    # the forced rebuild read every entry and wrote none
    assert rewritten == written
    # without the store nothing is kept
    assert not (three_builds["root"] / "off" / ".cache" / "analyses").exists()


@slow
def test_papermill_by_hand_gives_the_built_chapter_of_every_kind(three_builds, tmp_path):
    cold, _ = three_builds["cold"]
    root = three_builds["root"] / "stored"
    by_kind = {}
    for job, _ in sorted(cold.ran, key=lambda jr: jr[0].key):
        by_kind.setdefault(job.chapter, job)
    differ = []
    for kind, job in sorted(by_kind.items()):
        notebook = next(c.path for c in chapters(config.NOTEBOOKS_DIR) if c.id == kind)
        work = tmp_path / kind
        work.mkdir()
        name = f"{job.stem}.ipynb"
        got = papermill_by_hand(notebook, work, name, dict(job.parameters))
        built = (root / job.review / job.lang / name).read_bytes()
        if COMMIT.sub(b"<commit>", got) != COMMIT.sub(b"<commit>", built):
            differ.append(job.key)
    assert differ == []


@slow
def test_a_changed_data_value_is_never_served_the_old_analyses(tmp_path, monkeypatch):
    """Build from a data file, change one value, build again on the same store: the chapters
    are those of a build of the changed file without any store, and differ from the first."""
    monkeypatch.delenv(config.ANALYSIS_STORE_ENV, raising=False)
    monkeypatch.delenv(config.LOAD_STORE_ENV, raising=False)
    kw = {**COMMON, "chapters": ["benchmarks", "findings", "zone", "province"]}
    panel = load_panel()
    data = tmp_path / "data" / "zones.csv"
    data.parent.mkdir()
    panel.reset_index().to_csv(data, index=False)
    first = build(**kw, data=data, output=tmp_path / "stored")
    assert first.exit_code == 0, first.failures
    before = _same_commit(outputs(tmp_path / "stored"))

    changed = panel.copy()
    changed.loc[("dalian", 2018), "rd_expenditure"] *= 1.5
    assert not changed.equals(panel)
    changed.reset_index().to_csv(data, index=False)
    second = build(**kw, data=data, output=tmp_path / "stored")
    assert second.exit_code == 0, second.failures
    after = _same_commit(outputs(tmp_path / "stored"))
    # what reads the zone data ran again; the province chapter (bundled data only) did not
    assert sorted(job.chapter for job, _ in second.ran) == ["benchmarks", "findings", "zone"]
    assert [job.chapter for job in second.up_to_date] == ["province"]
    assert after["midterm/zh/benchmarks.html"] != before["midterm/zh/benchmarks.html"]
    assert after["midterm/zh/zone-dalian.html"] != before["midterm/zh/zone-dalian.html"]

    monkeypatch.setenv(config.ANALYSIS_STORE_ENV, config.ANALYSIS_STORE_OFF)
    monkeypatch.delenv(config.LOAD_STORE_ENV, raising=False)
    plain = build(**kw, data=data, output=tmp_path / "off")
    assert plain.exit_code == 0, plain.failures
    off = _same_commit(outputs(tmp_path / "off"))
    assert sorted(off) == sorted(after)
    assert [name for name in off if off[name] != after[name]] == []
    pd.testing.assert_frame_equal(load_panel(), panel)  # the bundled panel is untouched


def test_a_build_leaves_the_environment_as_it_found_it(tmp_path, monkeypatch):
    """The load store is the build's own: a later build (another reports directory, or a
    ``gxq build`` started from this process) must not write into it."""
    monkeypatch.delenv(config.LOAD_STORE_ENV, raising=False)
    monkeypatch.delenv(config.ANALYSIS_STORE_ENV, raising=False)
    data = tmp_path / "zones.csv"
    load_panel().reset_index().to_csv(data, index=False)
    build(review="midterm", lang="zh", data=data, output=tmp_path / "r", dry_run=True, quiet=True)
    assert config.LOAD_STORE_ENV not in os.environ
    assert config.ANALYSIS_STORE_ENV not in os.environ


@pytest.mark.parametrize("fresh", [True, False], ids=["fresh", "warm"])
def test_a_build_run_in_this_process_leaves_no_log_variable(tmp_path, monkeypatch, fresh):
    """The chapters' log file is the build's: after an in-process build (one worker), a later
    ``gxq build --output elsewhere`` started from this process must not inherit it (its log
    went to the first build's place, or the package's reports/, when one did)."""
    monkeypatch.delenv("GXQ_LOG_FILE", raising=False)
    out = tmp_path / "r"
    build(
        **{**BASE, "lang": "zh", "zones": ["dalian"]},
        output=out,
        notebooks_dir=CHAPTERS,
        jobs=1,
        fresh_kernels=fresh,
        quiet=True,
    )
    assert "GXQ_LOG_FILE" not in os.environ


@pytest.mark.parametrize("review", ["midterm", "final"])
def test_every_chapter_and_language_asks_with_the_same_panel(review):
    """The shared analyses are computed on the panel of one chapter in one language: every
    chapter and language must hold the same panel (the same key), or each would compute its
    own."""
    from gxq_analysis.memo import fingerprint
    from gxq_analysis.report.chapter import open_chapter

    prints = {
        (chapter, lang): fingerprint(
            open_chapter(
                chapter,
                review=review,
                lang=lang,
                show=False,
                zone="dalian" if chapter == "zone" else None,
            ).panel
        )
        for chapter in ("overview", "benchmarks", "policy", "findings", "inputoutput", "zone")
        for lang in ("zh", "en")
    }
    assert len(set(prints.values())) == 1, prints
