"""Banner, tables, headings and sentences: bilingual and deterministic in every rendering."""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pandas as pd
import pytest
from pandas.io.formats.style import Styler

from gxq_analysis import config
from gxq_analysis.catalogue import STRINGS
from gxq_analysis.errors import DataError, OptionError
from gxq_analysis.report.display import (
    Rich,
    data_banner,
    heading,
    localize,
    md_escape,
    say,
    show_table,
)
from gxq_analysis.report.strings import label, scope_label, t, tier_label


def _renderings(obj: Rich) -> list[str]:
    return [obj._repr_html_(), obj._repr_markdown_(), repr(obj), str(obj)]


@pytest.fixture
def demo_attrs() -> dict:
    # the demo panel's provenance, pointing at a real package data file for the hash
    return {"source": str(config.CODEBOOK_CSV), "sha256": None, "synthetic": True}


# ------------------------------------------------------------------------------------------
# banner


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_synthetic_banner_cannot_be_missed(demo_attrs, lang):
    banner = data_banner(demo_attrs, lang=lang)
    sha = hashlib.sha256(config.CODEBOOK_CSV.read_bytes()).hexdigest()
    html = banner._repr_html_()
    for rendering in _renderings(banner):
        # one voice per language: the warning in the chapter's language only
        warning = {"zh": "合成（模拟）数据，非真实统计", "en": "SYNTHETIC DATA"}
        other = "en" if lang == "zh" else "zh"
        assert warning[lang] in rendering and warning[other] not in rendering
        assert t("banner.synthetic_body", lang) in rendering
        assert "data/codebook.csv" in rendering
        assert sha[:12] in rendering and sha not in rendering  # short hash only
        assert str(config.DATA_DIR) not in rendering
    assert "gxq-banner-synthetic" in html
    assert re.search(r"color:#b00020;font-weight:bold", html)
    assert banner._repr_markdown_().startswith("> **⚠ ")


def test_real_data_banner_cites_in_the_chapter_language():
    attrs = {
        "source": str(config.PROVINCE_CSV),
        "sha256": "ab" * 32,
        "synthetic": False,
        "citation": "Hu Huaping, techme (MIT)",
        "citation_zh": "胡华平，techme（MIT）",
    }
    zh, en = data_banner(attrs, lang="zh"), data_banner(attrs, lang="en")
    assert t("banner.citation", "zh", citation="胡华平，techme（MIT）") in repr(zh)
    assert t("banner.citation", "en", citation="Hu Huaping, techme (MIT)") in repr(en)
    for banner in (zh, en):
        assert "SYNTHETIC" not in repr(banner)
        assert "gxq-banner-real" in banner._repr_html_()
        assert "data/province-st/province_st_long.csv" in repr(banner)
        assert "abababababab" in repr(banner)


def test_user_data_banner_names_the_file_only(tmp_path):
    f = tmp_path / "secret dir" / "zones.xlsx"
    f.parent.mkdir()
    f.write_bytes(b"x")
    banner = data_banner({"source": str(f), "sha256": None, "synthetic": False}, lang="en")
    for rendering in _renderings(banner):
        assert "zones.xlsx" in rendering and "secret dir" not in rendering
        assert t("banner.user_title", "en") in rendering
    assert hashlib.sha256(b"x").hexdigest()[:12] in repr(banner)


def test_banner_refuses_data_of_unknown_origin():
    with pytest.raises(DataError, match="synthetic"):
        data_banner(pd.DataFrame({"gdp": [1.0]}), lang="zh")
    with pytest.raises(OptionError, match="lang"):
        data_banner({"synthetic": True}, lang="xx")


def test_banner_escapes_html():
    attrs = {"source": "a<b>.csv", "sha256": None, "synthetic": False, "citation": "x & y"}
    html = data_banner(attrs, lang="en")._repr_html_()
    assert "a&lt;b&gt;.csv" in html and "x &amp; y" in html


# ------------------------------------------------------------------------------------------
# tables


@pytest.fixture
def progress() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "scope": ["shenyang", "first_class", "all_zones"],
            "indicator": ["rd_intensity"] * 3,
            "value": [3.14159, np.nan, 1234.5],
            "gap_closed": [0.25, np.nan, -0.125],
            "rank": pd.array([1, pd.NA, 3], dtype="Int64"),
            "year": [2018, 2018, 2018],
            "status": ["on track", "at risk", "benchmark reached"],
            "reached": [True, False, True],
        }
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_localize_translates_headers_ids_and_formats_numbers(progress, lang):
    shown = localize(progress, lang=lang, digits=2, formats={"gap_closed": "pct1"})
    assert list(shown.columns) == [
        t(f"col.{c}", lang) if c != "reached" else "reached" for c in progress.columns
    ]
    assert shown.iloc[:, 0].tolist() == [scope_label(s, lang) for s in progress["scope"]]
    assert shown.iloc[1, 0] == tier_label("first_class", lang)
    assert shown.iloc[0, 1] == label("rd_intensity", lang)
    na = "—" if lang == "zh" else "n/a"
    # independent reference for the numbers: Python's own formatting; a value of a percentage
    # indicator (rd_intensity, every row here) has one decimal, whatever ``digits``
    assert shown.iloc[:, 2].tolist() == [f"{3.14159:,.1f}", na, f"{1234.5:,.1f}"]
    assert shown.iloc[:, 3].tolist() == ["25.0%", na, "-12.5%"]
    assert shown.iloc[:, 4].tolist() == ["1", na, "3"]
    assert shown.iloc[:, 5].tolist() == ["2018"] * 3  # years without a separator
    assert shown.iloc[:, 6].tolist() == [
        t("status.on_track", lang),
        t("status.at_risk", lang),
        t("status.benchmark_reached", lang),
    ]
    assert shown.iloc[:, 7].tolist() == [t(f"word.{w}", lang) for w in ("yes", "no", "yes")]


def test_default_formats_and_unnamed_integer_index(progress):
    # a filtered frame keeps integer labels 1..2: row numbers, not content, so not shown
    part = progress.iloc[1:].assign(scope_kind=["tier", "all"], cagr=[1.234, np.nan])
    shown = localize(part, lang="en")
    assert shown.index.tolist() == [0, 1]
    assert shown[t("col.gap_closed", "en")].tolist() == ["n/a", "-12.5%"]  # fraction -> %
    assert shown[t("col.cagr", "en")].tolist() == ["1.23%", "n/a"]  # already in percent
    assert shown[t("col.scope_kind", "en")].tolist() == [t("kind.tier", "en"), "All zones"]
    overridden = localize(part, lang="en", formats={"gap_closed": "num3"})
    assert overridden[t("col.gap_closed", "en")].tolist() == ["n/a", "-0.125"]
    table = show_table(part, lang="en")
    assert "<th" in table._repr_html_() and "row_heading" not in table._repr_html_()
    assert not repr(table).splitlines()[1].lstrip().startswith("1 ")


def test_localize_index_levels():
    idx = pd.MultiIndex.from_tuples([("shenyang", 2016), ("dalian", 2017)], names=["zone", "year"])
    df = pd.DataFrame({"gdp": [1.0, 2.0]}, index=idx)
    shown = localize(df, lang="en")
    assert list(shown.index.names) == [t("col.zone", "en"), t("col.year", "en")]
    assert shown.index.tolist() == [
        ("Shenyang Hi-tech Zone", "2016"),
        ("Dalian Hi-tech Zone", "2017"),
    ]
    assert list(shown.columns) == [label("gdp", "en")]


def test_localize_rejects_bad_formats(progress):
    with pytest.raises(OptionError, match=r"formats key='nope'.*'scope'"):
        localize(progress, lang="en", formats={"nope": "num1"})
    with pytest.raises(OptionError, match=r"formats\['value'\]='%.2f'.*num<d>"):
        localize(progress, lang="en", formats={"value": "%.2f"})
    with pytest.raises(OptionError, match="digits"):
        localize(progress, lang="en", digits=-2)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_show_table_is_deterministic_and_complete(progress, lang):
    a = show_table(progress, lang=lang, caption="表 1 R&D", formats={"gap_closed": "pct1"})
    b = show_table(progress, lang=lang, caption="表 1 R&D", formats={"gap_closed": "pct1"})
    assert _renderings(a) == _renderings(b)
    html = a._repr_html_()
    ids = set(re.findall(r'id="(T_[0-9a-f]+)"', html))
    assert len(ids) == 1
    assert "<caption>表 1 R&amp;D</caption>" in html
    assert 'class="gxq-table"' in html
    assert scope_label("shenyang", lang) in html
    assert "td.col2" in html and "text-align: right" in html  # numbers right-aligned
    assert "&amp;" in html and "R&D" not in html.replace("R&amp;D", "")
    md = a._repr_markdown_()
    lines = md.splitlines()
    assert lines[0] == "**表 1 R&D**"
    header = [c.strip() for c in lines[2].strip("|").split("|")]
    assert header[0] == t("col.scope", lang)
    assert len(lines) == 2 + 2 + len(progress)
    assert repr(a).splitlines()[0] == "表 1 R&D"


def test_show_table_ids_differ_between_tables_and_beat_pandas_default(progress):
    one = show_table(progress, lang="en")._repr_html_()
    two = show_table(progress.head(2), lang="en")._repr_html_()
    assert re.findall(r'id="(T_\w+)"', one) != re.findall(r'id="(T_\w+)"', two)
    # what the fixed uuid avoids: pandas draws a random table id per Styler
    assert Styler(progress).to_html() != Styler(progress).to_html()


def test_markdown_escapes_pipes():
    df = pd.DataFrame({"note": ["a|b", "c*d"]})
    md = show_table(df, lang="en")._repr_markdown_()
    assert r"a\|b" in md and r"c\*d" in md
    assert md_escape("x_y") == r"x\_y"


def test_show_table_rejects_non_frames():
    with pytest.raises(TypeError, match="DataFrame"):
        show_table([1, 2], lang="en")


# ------------------------------------------------------------------------------------------
# headings and sentences


def test_heading_levels_and_renderings():
    h = heading("chapter.zone_profile", "zh", level=1, zone="沈阳高新区")
    assert h._repr_html_() == "<h1>沈阳高新区概况</h1>"
    assert h._repr_markdown_() == "# 沈阳高新区概况"
    assert repr(h) == "沈阳高新区概况"
    assert heading("section.method", "en", level=3)._repr_markdown_() == "### Method"
    with pytest.raises(OptionError, match=r"level=7.*1, 2, 3"):
        heading("section.method", "en", level=7)


def test_say_formats_numbers_from_code(monkeypatch):
    # a sentence with plain (spec-less) number fields, as a catalogue entry could hold
    monkeypatch.setitem(
        STRINGS,
        "say.gap",
        (
            "{year}年{subject}的{indicator}为{value}，对标值为{benchmark}，差距为{gap}。",
            "In {year}, {subject} had {indicator} of {value} against a benchmark of "
            "{benchmark}, a gap of {gap}.",
        ),
    )
    s = say(
        "say.gap",
        "en",
        subject="Shenyang Hi-tech Zone",
        indicator="R&D intensity",
        year=2018,
        value=1.234,
        benchmark=2.5,
        gap=1.234 - 2.5,
        digits=1,
    )
    assert str(s) == (
        "In 2018, Shenyang Hi-tech Zone had R&D intensity of 1.2 against a benchmark of 2.5, "
        "a gap of -1.3."
    )
    assert s._repr_html_() == f"<p>{str(s).replace('&', '&amp;')}</p>"
    zh = say("say.coverage", "zh", n_zones=15, start=2011, end=2020, n_obs=150)
    assert str(zh) == "数据覆盖15个高新区、2011–2020年，共150个观测。"
    with pytest.raises(KeyError, match="needs the field 'n_obs'"):
        say("say.coverage", "en", n_zones=15, start=2011, end=2020)


def test_values_are_formatted_by_their_indicators_unit():
    from gxq_analysis.report.display import localize

    df = pd.DataFrame(
        {
            "indicator": ["hitech_firms", "rd_personnel", "revenue", "rd_intensity"],
            "baseline": [137.0, 14315.0, 1234.5678, 2.345],
            "value": [140.4, float("nan"), 1.0, 3.0],
            "growth_pct": [1.234, 2.0, 3.0, 4.0],
        }
    )
    out = localize(df, lang="zh")
    # counts as whole numbers, money with two decimals, percentages with one
    assert list(out.iloc[:, 1]) == ["137", "14,315", "1,234.57", "2.3"]
    assert list(out.iloc[:, 2]) == ["140", "—", "1.00", "3.0"]
    assert list(out.iloc[:, 3]) == ["1.23", "2.00", "3.00", "4.00"]  # not a value column
    # an explicit format wins
    assert localize(df, lang="en", formats={"baseline": "num3"}).iloc[0, 1] == "137.000"
