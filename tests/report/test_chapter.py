"""open_chapter validates parameters and restricts the data to the review's years."""

from __future__ import annotations

import pytest

from gxq_analysis.errors import OptionError, ZoneError
from gxq_analysis.report.chapter import open_chapter
from gxq_analysis.report.views.inputoutput import io_notes
from gxq_analysis.report.views.overview import (
    baseline_facts,
    coverage,
    headline_growth,
    zone_counts,
)
from gxq_analysis.report.views.policy import did_outcomes
from gxq_analysis.report.views.zones import tier_peers


def test_midterm_sees_no_later_years():
    ch = open_chapter("overview", review="midterm", lang="en", show=False)
    assert ch.panel.index.get_level_values(1).max() == 2018
    assert ch.synthetic and ch.panel.attrs["source"] == "data/demo/zones_synthetic.csv"
    assert ch.parameters == {"review": "midterm", "lang": "en", "data": None}


def test_zone_profile_resolves_spellings():
    ch = open_chapter("zone", review="final", lang="zh", zone="大连高新区", show=False)
    assert ch.zone == "dalian" and ch.parameters["zone"] == "dalian"


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        ({"chapter": "summary"}, "chapter='summary' is not allowed"),
        ({"review": "interim"}, "'midterm', 'final'"),
        ({"lang": "fr"}, "'zh', 'en'"),
        ({"chapter": "zone"}, "zone is required"),
        ({"zone": "dalian"}, "only a parameter of the zone profile"),
        ({"data": 3}, "must be None"),
    ],
)
def test_bad_parameters(kw, match):
    args = {"chapter": "overview", "review": "final", "lang": "en", **kw}
    with pytest.raises(OptionError, match=match):
        open_chapter(args.pop("chapter"), show=False, **args)


def test_unknown_zone():
    with pytest.raises(ZoneError, match="did you mean"):
        open_chapter("zone", review="final", lang="en", zone="Dalain", show=False)


def test_section_tables():
    ch = open_chapter("overview", review="final", lang="en", show=False)
    assert zone_counts() == {"n_zones": 15, "n_national": 8, "n_provincial": 7}
    facts = baseline_facts("benxi")
    assert facts["plan_value"].tolist() == ["8.0"]  # the plan's own digits
    key, g = headline_growth(ch.panel, "revenue", "final", "en")
    total15 = ch.panel.xs(2015, level="year")["revenue"].sum()
    total20 = ch.panel.xs(2020, level="year")["revenue"].sum()
    assert key == "prose.overview.headline" and g["scope"] == "all zones"
    assert g["baseline"] == pytest.approx(total15) and g["value"] == pytest.approx(total20)
    assert g["cagr"] == pytest.approx(100 * ((total20 / total15) ** 0.2 - 1))
    # without the provincial zones: the national zones' total, named as such
    national = ch.panel.drop(index=["fushun", "dandong"], level="zone")
    key, g = headline_growth(national, "revenue", "final", "zh")
    assert key == "prose.overview.headline" and g["scope"] == "国家级高新区"
    assert g["baseline_year"] == 2015 and isinstance(g["baseline_year"], int)
    # no complete group: a sentence saying so, not one of dashes
    key, g = headline_growth(ch.panel.loc[["dalian", "fushun"]], "revenue", "final", "zh")
    assert key == "prose.overview.headline_none" and g == {"baseline_year": 2015, "year": 2020}
    cov = coverage(ch.panel)
    assert cov == {"n_zones": 15, "start": 2011, "end": 2020, "n_obs": 150}
    assert tier_peers("anshan") == (
        "anshan",
        "benxi",
        "jinzhou",
        "yingkou",
        "fuxin",
        "liaoyang",
    )


def test_chapter_files_are_parameters_and_checked():
    ch = open_chapter(
        "benchmarks",
        review="final",
        lang="en",
        show=False,
        files={"benchmarks": "b.csv", "targets": None},
    )
    assert ch.parameters["benchmarks"] == "b.csv" and ch.parameters["targets"] is None
    with pytest.raises(OptionError, match="targets=3 must be None or a file path"):
        open_chapter("benchmarks", review="final", lang="en", show=False, files={"targets": 3})


def test_data_gap_notes_are_in_the_chapter_language():
    from gxq_analysis import load_panel
    from gxq_analysis.evaluation.inputoutput import input_output

    p = load_panel().assign(vc_investment=float("nan"), patents=float("nan"))
    outcomes, notes = did_outcomes(p, "zh")
    assert "patents" not in outcomes and notes == ["数据中没有专利授权数，未估计其效应"]
    _, notes = did_outcomes(p.drop(index="dalian", level="zone"), "zh")
    assert notes == ["数据中没有处理组高新区（大连高新区），无法估计示范区效应"]
    io = input_output(p, "final", B=99, lags=(1,))
    zh = io_notes(io, "zh")
    assert "专利授权数：数据缺少专利授权数、创业投资额，未估计" in zh
    assert any("创业投资额" in n and "未纳入模型" in n for n in zh)
