"""What each chapter can compute with a panel: evaluation.support on evaluators' workbooks
written by hand (tests/evaluator_books.py) and on cuts of the toy panel."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from evaluator_books import NAMES, write_workbook

from gxq_analysis import load_panel
from gxq_analysis.evaluation.support import (
    absent_zones,
    chapter_gaps,
    data_support,
    policy_pre_years,
    supports,
    zones_with_data,
)
from gxq_analysis.plan.zones import zone_ids

NATIONAL = tuple(NAMES)
PROVINCIAL = tuple(z for z in zone_ids() if z not in NATIONAL)


def _read(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the loader's notes (合计 rows) are not tested here
        return load_panel(path)


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    return _read(write_workbook(tmp_path_factory.mktemp("wb") / "national.xlsx"))


def codes(gaps, chapter=None):
    return [g.code for g in (chapter_gaps(gaps, chapter) if chapter else gaps)]


def test_the_national_workbook(workbook):
    gaps = data_support(workbook, "final")
    assert zones_with_data(workbook) == NATIONAL
    assert absent_zones(workbook) == PROVINCIAL
    (absent,) = chapter_gaps(gaps, "overview")
    assert absent.code == "zones_absent" and absent.fields["zones"] == PROVINCIAL
    # no service revenue: one of the four benchmarks cannot be computed
    (bench,) = chapter_gaps(gaps, "benchmarks")
    assert bench.fields == {"indicator": "service_share", "missing": ("service_revenue",)}
    # revenue on R&D only; no provincial zones for a separate fit
    io = chapter_gaps(gaps, "inputoutput")
    assert {(g.code, g.fields.get("indicator")) for g in io} >= {
        ("inputs_left_out", "revenue"),
        ("spec_skipped", "gdp"),
        ("level_absent", None),
    }
    # one year before 2016: the 2x2 DiD only, SC/SDID/pre-trend need 2014 as well
    assert policy_pre_years(workbook) == (2015,)
    one = next(g for g in gaps if g.code == "one_pre_year")
    assert one.fields["before"] == 2014 and not one.blocking
    assert supports(gaps, "policy") and supports(gaps, "inputoutput")
    assert "radiation_missing" in codes(gaps, "keytasks")
    assert codes(gaps, "zone") == ["no_profile"]
    # nothing blocks a chapter: every one of them builds and says what it cannot do
    assert not [g for g in gaps if g.blocking]


def test_the_demo_panel_supports_every_chapter():
    assert data_support(load_panel(), "midterm") == []
    assert data_support(load_panel(), "final") == []


def test_three_indicators_and_a_zone_missing_a_year(tmp_path):
    path = write_workbook(
        tmp_path / "thin.xlsx",
        indicators=("revenue", "exports", "firms"),
        missing=(("benxi", 2017),),
    )
    panel = _read(path)
    gaps = data_support(panel, "final")
    missing = [g for g in gaps if g.code == "zone_years_missing"]
    assert [(g.fields["zone"], g.fields["years"]) for g in missing] == [("benxi", (2017,))]
    bench = {g.fields.get("indicator") for g in chapter_gaps(gaps, "benchmarks")}
    assert bench == {"hitech_firm_share", "service_share", "rd_intensity"}
    # no input at all: no production function can be fitted (the chapter says so, builds)
    assert "no_spec" in codes(gaps, "inputoutput") and not supports(gaps, "inputoutput")
    assert ("findings", "section_missing") in {(g.chapter, g.code) for g in gaps}


def test_what_blocks_the_policy_chapter(toy_panel):
    gaps = data_support(toy_panel.drop(index=["shenyang"], level="zone"), "final")
    assert codes(gaps, "policy") == ["treated_absent"] and not supports(gaps, "policy")
    after = toy_panel[toy_panel.index.get_level_values(1) >= 2016]
    assert codes(data_support(after, "final"), "policy") == ["no_pre_year"]
    two = toy_panel.loc[["shenyang", "dalian", "anshan"]]
    assert "too_few_controls" in codes(data_support(two, "final"), "policy")


def test_small_panels_and_missing_years(toy_panel):
    small = toy_panel.loc[["anshan", "benxi"]]
    gaps = data_support(small, "final")
    assert codes(gaps, "inputoutput") == ["regression_too_small"]
    assert not supports(gaps, "inputoutput")
    late = toy_panel[toy_panel.index.get_level_values(1) >= 2017]
    assert {"baseline_missing"} <= set(codes(data_support(late, "final"), "benchmarks"))
    early = toy_panel[toy_panel.index.get_level_values(1) <= 2016]
    gaps = data_support(early, "midterm")
    assert {"end_missing", "outlook_years"} <= set(codes(gaps, "benchmarks"))
    # the mid-term review does not see 2019-2020: the end year is judged on its own window
    assert "end_missing" not in codes(data_support(toy_panel, "midterm"), "benchmarks")


def test_a_zone_with_only_missing_values_counts_as_absent(toy_panel):
    p = toy_panel.copy()
    p.loc["fushun"] = np.nan
    assert "fushun" in absent_zones(p)
    assert (
        "fushun"
        in next(g for g in data_support(p, "final") if g.code == "zones_absent").fields["zones"]
    )


def test_gaps_are_codes_and_numbers(workbook):
    import json
    import re

    for g in data_support(workbook, "final") + data_support(workbook, "midterm"):
        json.dumps(g.as_dict())  # JSON-ready, for the build's data summary
        for _, v in g.args:
            values = v if isinstance(v, tuple) else (v,)
            for x in values:
                assert isinstance(x, int) or re.fullmatch(r"[a-z0-9_]+", str(x)), (g, x)
