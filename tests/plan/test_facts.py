"""Plan facts: every quote occurs in the plan text and prints its value."""

from __future__ import annotations

import hashlib
import re

import pytest

from gxq_analysis import config
from gxq_analysis.plan.codebook import RATIOS, load_codebook
from gxq_analysis.plan.facts import GROUP_SCOPES, load_plan_facts, plan_text, printed_decimals
from gxq_analysis.plan.zones import zone_ids

FACTS = load_plan_facts()


def test_plan_text_is_the_recorded_copy():
    line = (config.DATA_DIR / "plan" / "SHA256SUMS").read_text().split()
    assert hashlib.sha256(config.PLAN_TEXT.read_bytes()).hexdigest() == line[0]


@pytest.mark.parametrize("fact_id", list(FACTS.index))
def test_quote_occurs_in_plan_and_contains_value(fact_id):
    row = FACTS.loc[fact_id]
    assert row["quote"] in plan_text()
    # the value must appear as a whole number token, not inside another number
    numbers = re.findall(r"\d+(?:\.\d+)?", row["quote"])
    assert row["value_printed"] in numbers


def test_columns_and_scopes():
    assert list(FACTS.reset_index().columns[:9]) == [
        "fact_id",
        "scope",
        "indicator",
        "year",
        "value",
        "unit",
        "section",
        "aggregation",
        "quote",
    ]
    assert set(FACTS["scope"]) <= set(zone_ids()) | set(GROUP_SCOPES)
    assert FACTS.index.is_unique


def test_indicators_use_codebook_codes_where_one_fits():
    known = set(load_codebook().index) | set(RATIOS)
    zone_level = FACTS[FACTS["scope"].isin(zone_ids())]
    assert set(zone_level["indicator"]) <= known


def test_every_figure_of_problem_section_is_there():
    # 二(二)1: four ratios x (national average, Shenyang, Dalian); 二(二)2: eight city shares
    ratios = FACTS[FACTS["section"] == "二(二)1"]
    assert len(ratios) == 12
    city = FACTS[FACTS["indicator"] == "city_gdp_share"]
    assert set(city["scope"]) == {
        "shenyang",
        "dalian",
        "anshan",
        "benxi",
        "yingkou",
        "liaoyang",
        "fuxin",
        "jinzhou",
    }
    # every number printed with a % in the problems and status sections is in the table
    text = plan_text()
    start, end = text.index("二、发展现状"), text.index("三、指导思想")
    printed = set(re.findall(r"(\d+(?:\.\d+)?)%", text[start:end]))
    assert printed <= set(FACTS["value_printed"])


def test_printed_precision_kept():
    f = FACTS
    fid = f.index[(f["scope"] == "benxi") & (f["indicator"] == "city_gdp_share")][0]
    assert f.loc[fid, "value_printed"] == "8.0"
    assert printed_decimals(fid) == 1
