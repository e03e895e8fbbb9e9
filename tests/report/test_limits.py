"""What the data do not allow, in words; tables that say where their numbers come from; counts
and years that read right whatever the column (issue 23)."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
import pytest
from evaluator_books import write_workbook

from gxq_analysis import load_panel
from gxq_analysis.catalogue import STRINGS
from gxq_analysis.evaluation.support import data_support
from gxq_analysis.report.display import show_table
from gxq_analysis.report.figures import line_by_zone
from gxq_analysis.report.figures.style import figure_title
from gxq_analysis.report.views.support import gap_text

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def panels(tmp_path_factory):
    """Panels of every kind of gap: the national workbook, a thin one, cuts of the demo."""
    root = tmp_path_factory.mktemp("limits")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = load_panel(write_workbook(root / "a.xlsx"))
        thin = load_panel(
            write_workbook(
                root / "b.xlsx",
                indicators=("revenue", "exports", "firms"),
                years=(2016, 2017, 2018),
                missing=(("benxi", 2017),),
            )
        )
        demo = load_panel()
    return [
        wb,
        thin,
        demo.drop(index=["shenyang"], level="zone"),
        demo.loc[["anshan", "benxi"]],
        demo.loc[["shenyang", "dalian", "anshan"]],
        demo[demo.index.get_level_values(1) >= 2016],
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_gap_is_a_sentence_in_the_readers_language(panels, lang):
    seen = set()
    for panel in panels:
        for review in ("midterm", "final"):
            for gap in data_support(panel, review):
                text = gap_text(gap, lang)
                seen.add(gap.code)
                assert bool(CJK.search(text)) == (lang == "zh"), text
                # zones, indicators, tasks and chapters by their names, never their codes
                assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), text
                assert not re.search(r"\b(shenyang|dalian|benxi|fushun)\b", text), text
                if lang == "zh":
                    assert not re.search(r"[a-z]{3,}", text), text
                assert not re.search(r"\b\d{1,3},\d{3}\b", text), text  # no 2,016
    # the panels above exercise most codes; each code has both texts
    assert len(seen) >= 15
    support_keys = {k.split(".", 1)[1] for k in STRINGS if k.startswith("support.")}
    assert seen <= support_keys


def test_a_gap_names_what_is_missing_and_what_would_help(panels):
    one = next(g for g in data_support(panels[0], "final") if g.code == "one_pre_year")
    zh, en = gap_text(one, "zh"), gap_text(one, "en")
    assert "2015年一年" in zh and "2014年" in zh and "合成控制" in zh
    assert "(2015)" in en and "2014" in en and "synthetic control" in en


def test_counts_are_whole_numbers_in_every_value_column():
    df = pd.DataFrame(
        {
            "scope": ["first_class", "first_class"],
            "indicator": ["hitech_firms", "revenue"],
            "2015": [1330.0, 2450.0],
            "2020": [2820.0, 3300.0],
            "data_value": [np.nan, 1.25],
        }
    )
    text = show_table(df, lang="zh").text
    assert "1,330" in text and "1,330.00" not in text and "2,820" in text
    assert "2,450.00" in text  # money keeps its decimals
    assert "2015" in text and "2,015" not in text  # a year column is a header, never a number


def test_a_table_carries_its_source():
    df = pd.DataFrame({"zone": ["dalian"], "value": [1.0]})
    shown = show_table(df, lang="zh", source="资料来源：高新区名录")
    data, meta = shown._repr_mimebundle_()
    assert meta == {"gxq": {"source": "资料来源：高新区名录"}}
    assert set(data) == {"text/html", "text/markdown", "text/plain"}
    assert show_table(df, lang="zh")._repr_mimebundle_().keys() == data.keys()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_figure_is_described_in_its_language(lang):
    fig = line_by_zone(load_panel(), "revenue", lang=lang, zones=["dalian"])
    title = figure_title(fig)
    assert title and bool(CJK.search(title)) == (lang == "zh")
    assert title == ("营业收入，2011–2020年" if lang == "zh" else "Operating revenue, 2011–2020")


def test_no_year_field_is_formatted_as_a_number():
    """Years print as 2015, never 2,015: no catalogue field holding a year takes a number
    spec (counts of years, ``n_years``, may)."""
    import string

    years = re.compile(r"^(year|.*_year|start|end|before)$")
    for key, texts in STRINGS.items():
        for text in texts:
            for _, field, spec, _ in string.Formatter().parse(text):
                if field and years.match(field):
                    assert not spec, (key, field, spec)
