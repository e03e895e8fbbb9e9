"""Chapters built from evaluators' incomplete data say what they cannot answer, never crash.

The panels here are cut from the demo panel (indicators, zones and years removed) and written
as an evaluator's CSV; every chapter must build, and the chapters that lose their subject must
say so (the ``prose.no_data`` / ``prose.data_gaps`` sentences) instead of failing.
"""

from __future__ import annotations

import pytest

from gxq_analysis import load_panel
from gxq_analysis.publish.runner import build
from gxq_analysis.report.strings import t

pytestmark = pytest.mark.notebooks


def _write(tmp_path, name, cols=None, zones=None, first_year=None):
    p = load_panel()
    if cols is not None:
        p = p[cols]
    if zones is not None:
        p = p.loc[zones]
    if first_year is not None:
        p = p[p.index.get_level_values(1) >= first_year]
    path = tmp_path / name
    p.reset_index().to_csv(path, index=False)
    return path


@pytest.mark.parametrize(
    ("name", "kw", "zones"),
    [
        # no patents, venture capital, exports or city GDP; no 2011-2012
        (
            "partial.csv",
            {
                "cols": [
                    "gdp",
                    "revenue",
                    "hitech_va",
                    "service_revenue",
                    "firms",
                    "hitech_firms",
                    "rd_expenditure",
                    "tech_loans",
                    "rd_personnel",
                    "employees",
                    "incubator_area",
                    "incubated_firms",
                    "rd_institutions",
                    "fiscal_st",
                    "fiscal_total",
                    "firms_above_scale",
                ],
                "first_year": 2013,
            },
            ["dalian"],
        ),
        # five zones without Shenyang and Dalian, four indicators, from 2014
        (
            "harsh.csv",
            {
                "cols": ["revenue", "gdp", "rd_expenditure", "rd_personnel"],
                "zones": ["anshan", "benxi", "fushun", "dandong", "tieling"],
                "first_year": 2014,
            },
            ["anshan", "shenyang"],
        ),
    ],
)
def test_every_chapter_builds_and_says_what_is_missing(tmp_path, name, kw, zones):
    data = _write(tmp_path, name, **kw)
    out = tmp_path / "reports"
    report = build(
        review="midterm", lang="en", data=str(data), zones=zones, output=out, jobs=1, quiet=True
    )
    assert report.exit_code == 0, report.failures
    html = {p.stem: p.read_text(encoding="utf-8") for p in (out / "midterm" / "en").glob("*.html")}
    assert {"overview", "benchmarks", "inputoutput", "policy", "keytasks", "findings"} <= set(html)
    if name == "harsh.csv":
        # no treated zone in the data: the policy chapter says so and estimates nothing
        assert t("prose.data_gaps", "en") in html["policy"]
        # the sentence up to its colon (what follows says what an estimate would need)
        zones = "Shenyang Hi-tech Zone and Dalian Hi-tech Zone"
        no_treated = t("gap.policy.no_treated", "en", zones=zones, need=3).split(":")[0]
        assert no_treated in html["policy"]
        # Shenyang has no data: no profile for it (the overview names it), Anshan has one
        assert "zone-shenyang" not in html and "zone-anshan" in html
        assert "Shenyang Hi-tech Zone" in html["overview"]
    else:
        # patents are missing: no DiD on them, and the production functions leave out VC
        assert "Patents granted: no values in the data" in html["policy"]
        assert "leaves out venture capital invested" in html["inputoutput"]
    # user data are not synthetic: no chapter carries the synthetic banner
    assert not any("SYNTHETIC DATA" in h for k, h in html.items() if k != "index")


def test_benchmarks_chapter_takes_user_benchmarks_and_targets(tmp_path):
    import json
    import subprocess
    import sys

    from gxq_analysis import config

    (tmp_path / "bench.csv").write_text(
        "indicator,year,value,source\nrd_intensity,2015,2.1,plan\n"
        "rd_intensity,2018,2.4,Torch statistics\n",
        encoding="utf-8",
    )
    (tmp_path / "targets.csv").write_text(
        "indicator,scope,year,value,source\nrd_intensity,shenyang,2020,3.0,zone plan\n",
        encoding="utf-8",
    )
    papermill = str(__import__("pathlib").Path(sys.executable).with_name("papermill"))
    subprocess.run(
        [
            papermill,
            str(config.NOTEBOOKS_DIR / "02_benchmarks.ipynb"),
            "out.ipynb",
            "-p",
            "review",
            "final",
            "-p",
            "lang",
            "en",
            "-p",
            "benchmarks",
            "bench.csv",
            "-p",
            "targets",
            "targets.csv",
            "--no-progress-bar",
        ],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    text = "".join(
        "".join(o["data"]["text/plain"])
        for c in json.loads((tmp_path / "out.ipynb").read_text(encoding="utf-8"))["cells"]
        for o in c.get("outputs", [])
        if "data" in o
    )
    assert t("prose.benchmarks.user", "en") in text
    # the target of 3.0 (rd_intensity, a percentage: one decimal)
    assert t("section.targets", "en") in text and "3.0" in text
    # both files are hashed in the provenance block
    assert "bench.csv (" in text and "targets.csv (" in text
