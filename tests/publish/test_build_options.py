"""``gxq build`` options: every bad value fails before anything runs, naming what is allowed;
no parameter can make the build write outside the reports directory."""

from __future__ import annotations

import os

import pytest
from buildkit import CHAPTERS

from gxq_analysis.cli import main
from gxq_analysis.errors import DataError, OptionError, ZoneError
from gxq_analysis.publish.runner import build


def _build(tmp_path, **kw):
    kw.setdefault("output", tmp_path / "reports")
    kw.setdefault("notebooks_dir", CHAPTERS)
    return build(quiet=True, **kw)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"review": "../../x"}, OptionError, "review='../../x'.*'midterm', 'final', 'all'"),
        ({"lang": "fr"}, OptionError, "lang='fr'.*'zh', 'en', 'all'"),
        ({"zones": ["../../x"]}, ZoneError, "unknown zone '../../x'.*zone ids: shenyang"),
        ({"zones": ["shenyang/../../x"]}, ZoneError, "unknown zone"),
        ({"zones": []}, OptionError, "at least one zone"),
        ({"chapters": ["../overview"]}, OptionError, "chapter='../overview'.*'overview'"),
        ({"chapters": ["nope"]}, OptionError, "'overview', 'zone', 'context'"),
        ({"jobs": 0}, OptionError, "jobs=0"),
        ({"jobs": 1.5}, OptionError, "jobs=1.5"),
        ({"timeout": 0}, OptionError, "timeout=0"),
        ({"timeout": -3}, OptionError, "timeout=-3"),
        ({"scheduler": "http://host:8786"}, OptionError, "tcp://host:port"),
        ({"scheduler": "tcp://host:8786/../x"}, OptionError, "tcp://host:port"),
    ],
)
def test_bad_options_fail_early(tmp_path, kwargs, error, message):
    with pytest.raises(error, match=message):
        _build(tmp_path, **kwargs)
    assert not (tmp_path / "reports").exists()  # nothing was created


def test_zone_aliases_resolve_to_ids(tmp_path):
    report = _build(
        tmp_path, review="midterm", zones=["沈阳高新区", "Dalian", "shenyang"], dry_run=True
    )
    stems = [j.stem for j in report.to_run if j.chapter == "zone"]
    assert stems == ["zone-shenyang", "zone-dalian"] * 2  # two languages


def test_missing_data_file(tmp_path):
    with pytest.raises(DataError, match="does not exist") as info:
        _build(tmp_path, data=tmp_path / "nope.csv")
    assert info.value.file.endswith("nope.csv")


def test_output_must_be_a_directory(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(OptionError, match="not a directory"):
        _build(tmp_path, output=tmp_path / "file")


def test_symlink_out_of_the_reports_dir_is_refused(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    reports = tmp_path / "reports"
    reports.mkdir()
    os.symlink(outside, reports / "midterm")
    with pytest.raises(OptionError, match="outside the reports directory"):
        _build(tmp_path, review="midterm", lang="zh", zones=["shenyang"])
    assert list(outside.iterdir()) == []


def test_no_chapters_is_an_error(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(DataError, match="no chapter notebooks"):
        _build(tmp_path, notebooks_dir=tmp_path / "empty")


def test_cli_reports_option_errors_in_one_line(tmp_path, capsys):
    code = main(["build", "--zones", "../../x", "--output", str(tmp_path / "r"), "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("gxq build: error: unknown zone '../../x'")
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "r").exists()
    # in Chinese by default (issue 23: every message in the reader's language)
    assert main(["build", "--zones", "../../x", "--output", str(tmp_path / "r")]) == 2
    assert capsys.readouterr().err.startswith("gxq build：错误：未知的高新区“../../x”")


def test_dry_run_lists_every_job_and_writes_nothing(tmp_path):
    report = _build(tmp_path, review="all", lang="zh", dry_run=True)
    # 2 reviews x (overview + context + 15 zone profiles)
    assert len(report.to_run) == 2 * 17
    assert len({j.key for j in report.to_run}) == len(report.to_run)
    assert not (tmp_path / "reports").exists()


def test_gxq_build_passes_the_optional_flags(tmp_path, capsys):
    """``gxq build`` passes ``--notebooks``, ``--fresh-kernels`` and ``--dry-run`` on."""
    argv = ["build", "--review", "midterm", "--lang", "zh", "--zones", "shenyang"]
    argv += ["--output", str(tmp_path / "reports"), "--notebooks", str(CHAPTERS)]
    assert main([*argv, "--fresh-kernels", "--dry-run"]) == 0
    out = capsys.readouterr().out
    # the plan is worded in the build's language (its progress lines' too)
    assert "运行  midterm/zh/zone-shenyang" in out
    assert out.strip().endswith("3个待运行，0个待打印，0个已是最新")
    assert main([*argv[:3], "--lang", "all", *argv[5:], "--dry-run"]) == 0
    assert capsys.readouterr().out.strip().endswith("6 to run, 0 to print, 0 up to date")


def test_gxq_build_reports_a_bad_data_file_before_running(tmp_path, capsys):
    """``--data`` is read as a zone panel first: a bad file is one error line, nothing runs."""
    bad = tmp_path / "zones.csv"
    bad.write_text("zone,year,revenue\ndalian,2016,-5\n", encoding="utf-8")
    code = main(["build", "--data", str(bad), "--output", str(tmp_path / "r"), "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(f"gxq build: error: file {str(bad)!r}")
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "r").exists()
