"""The real-data section's views and figures: both languages, no code or Chinese glyph in the
English tables, provinces named, the record shown only when its data hashes match."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from matplotlib.figure import Figure

from gxq_analysis.evaluation.province_policy import load_demonstration_zones, province_evaluation
from gxq_analysis.report.display import localize
from gxq_analysis.report.figures import province_paths_plot, province_placebo_plot
from gxq_analysis.report.views import province_policy as pv

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def ev():
    return province_evaluation(2018, outcomes=("patents_invention", "fiscal_st"), record={})


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_tables_are_in_one_language(ev, lang):
    for df in (pv.estimates_table(ev, lang), pv.fragility_table(ev, lang),
               pv.excluded_table(ev, lang), pv.weights_table(ev, lang).reset_index()):  # fmt: skip
        shown = localize(df, lang=lang, digits=3)
        text = " ".join(map(str, shown.columns)) + " " + shown.to_string()
        assert ("patents_invention" not in text) and ("fiscal_st" not in text)
        assert bool(CJK.search(text)) == (lang == "zh"), text[:300]


def test_intro_names_donors_document_and_source(ev):
    zh, en = pv.intro(ev, "zh"), pv.intro(ev, "en")
    assert "国函〔2016〕65号" in zh and "Guohan [2016] No. 65" in en
    assert "江西" in zh and "Jiangxi" in en and "13" in en  # Poyang Lake came in 2019
    assert "techme" in en and "real data" in en
    note = pv.data_quality_note("en")
    assert "china.org.cn" in note and "most.gov.cn" in note


def test_record_is_shown_only_for_the_same_data(ev):
    assert pv.record_status(ev) == "province_policy.record_missing"
    rec = {"data": {"province_sha256": ev.sha256,
                    "zones_sha256": load_demonstration_zones().attrs["sha256"]},
           "by_end": {"2018": {}}}  # fmt: skip
    assert pv.record_status(replace(ev, record=rec)) is None
    stale = {**rec, "data": {**rec["data"], "province_sha256": "0" * 64}}
    assert pv.record_status(replace(ev, record=stale)) == "province_policy.record_stale"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_figures_draw(ev, lang):
    names = pv.figure_kwargs(ev, lang)
    fig = province_paths_plot({o: r.trajectory for o, r in ev.results.items()}, lang=lang,
                              source=ev.source, **names)  # fmt: skip
    assert isinstance(fig, Figure)
    texts = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]
    assert any(names["treated"] in x for x in texts)
    fig2 = province_placebo_plot({o: r.placebos["att"] for o, r in ev.results.items()},
                                 {o: r.att for o, r in ev.results.items()}, lang=lang,
                                 source=ev.source, **names)  # fmt: skip
    assert isinstance(fig2, Figure)
