"""The build plans from the evaluator's data: profiles only for the zones the data hold, the
data read once and remembered by hash (issue 23, item 5; issue 19, item 3)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from evaluator_books import write_workbook

from gxq_analysis.publish.data_summary import SUMMARY_FILE
from gxq_analysis.publish.runner import build

NATIONAL = {"shenyang", "dalian", "anshan", "benxi", "jinzhou", "yingkou", "fuxin", "liaoyang"}


def _zones(report):
    return {j.zone for j in report.to_run if j.zone is not None}


def test_profiles_are_planned_only_for_zones_with_data(tmp_path, capsys):
    data = write_workbook(tmp_path / "national.xlsx")
    plan = build(review="final", lang="zh", data=data, output=tmp_path / "r", dry_run=True)
    assert _zones(plan) == NATIONAL  # not the 15 of the registry
    # asked for by name, a zone without data gets no profile, and the build says so
    out = tmp_path / "out"
    out.mkdir()
    plan = build(
        review="final",
        lang="zh",
        data=data,
        zones=["dalian", "fushun"],
        output=out,
        dry_run=True,
    )
    assert _zones(plan) == {"dalian"}
    said = capsys.readouterr().out
    assert "抚顺高新区" in said and "不为其编写概况" in said
    # the data were read once and the summary kept for the next build
    summary = json.loads((out / SUMMARY_FILE).read_text(encoding="utf-8"))
    assert set(summary["zones"]) == NATIONAL
    assert {g["code"] for g in summary["support"]["final"]} >= {"zones_absent", "one_pre_year"}
    assert any("合计" in note for note in summary["notes"])  # the loader's notes, kept


def test_without_data_every_zone_has_a_profile(tmp_path):
    plan = build(review="midterm", lang="en", output=tmp_path / "r", dry_run=True)
    assert len(_zones(plan)) == 15


def test_a_second_plan_reads_the_summary_without_pandas(tmp_path):
    data = write_workbook(tmp_path / "national.xlsx")
    out = tmp_path / "out"
    out.mkdir()
    build(review="final", lang="zh", data=data, output=out, dry_run=True, quiet=True)
    script = tmp_path / "again.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import sys
            from gxq_analysis.publish.runner import build
            report = build(review="final", lang="zh", data={str(data)!r}, output={str(out)!r},
                           dry_run=True, quiet=True)
            zones = sorted({{j.zone for j in report.to_run if j.zone}})
            print(len(zones), "pandas" in sys.modules)
            """
        )
    )
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=True, env=env
    )
    assert done.stdout.split() == ["8", "False"]
