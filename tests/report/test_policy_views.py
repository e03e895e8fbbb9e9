"""The policy chapter's sentences and tables: one headline everywhere, thin data said in both
languages, no internal code in the text, the design note about these data."""

from __future__ import annotations

import re

import pytest

from gxq_analysis.evaluation.policy import evaluate_policy
from gxq_analysis.ingest.sources import load_panel
from gxq_analysis.report.strings import t
from gxq_analysis.report.views import policy as pv

CODES = re.compile(r"hitech_va|\bsdid\b|did_ri|_placebo|_rank|\{|\}|shenyang|dalian")
NATIONAL = ("shenyang", "dalian", "anshan", "benxi", "jinzhou", "yingkou", "fuxin", "liaoyang")


@pytest.fixture(scope="module")
def demo():
    p = load_panel()
    return p[p.index.get_level_values(1) <= 2020]


@pytest.fixture(scope="module")
def full(demo):
    return evaluate_policy(demo, ["revenue", "patents"], B=99, checks=False)


@pytest.fixture(scope="module")
def one_pre_year(demo):
    return evaluate_policy(demo[demo.index.get_level_values(1) >= 2015], pv.DID_OUTCOMES, B=99)


def _all_text(ev, lang):
    out = [pv.headline_sentence(ev, lang), pv.did_section_sentence(ev, lang),
           pv.inference_sentence(ev, lang), pv.design_note(ev, lang) or "",
           pv.fwer_sentence(ev, lang) or "", pv.synth_missing(ev, lang) or ""]  # fmt: skip
    out += pv.design_gaps(ev, lang) + pv.warning_bullets(ev, lang) + pv.invalid_sentences(ev, lang)
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_section_names_the_same_headline(full, one_pre_year, lang):
    for ev in (full, one_pre_year):
        name = t(f"test.{ev.headline}", lang)
        assert name in pv.headline_sentence(ev, lang)
        assert name in pv.inference_sentence(ev, lang)
        if not ev.headline.startswith("did_ri"):
            assert name in pv.did_section_sentence(ev, lang)
        for text in _all_text(ev, lang):
            assert not CODES.search(text), text


def test_one_pre_year_says_why_and_gives_the_2x2_did(one_pre_year):
    ev = one_pre_year
    assert ev.headline == "did_ri" and len(ev.headline_table()) == 4 and not ev.synth
    zh, en = pv.design_gaps(ev, "zh"), pv.design_gaps(ev, "en")
    assert len(zh) == len(en) == 1
    assert "2×2" in en[0] and "at least 2 years before 2016" in en[0]
    assert "2×2双重差分" in zh[0] and "合成双重差分和事前趋势检验至少需要" in zh[0]
    assert "need at least 2 years before 2016" in pv.synth_missing(ev, "en")
    note = pv.design_note(ev, "en")
    assert "15 zones, 2 of them treated, 2015–2020" in note and "105 assignments" in note
    assert "not for the structure of these data" in note and "rank test" not in note


def test_design_note_describes_these_data(demo, full):
    en = pv.design_note(full, "en")
    assert "These data have 15 zones, 2 of them treated, 2011–2020" in en
    assert "smallest p-value is 0.010" in en and "78 sets of control zones" in en
    assert "measured on simulated panels with the structure of these data" in en
    national = demo[demo.index.get_level_values(0).isin(NATIONAL)]
    ev = evaluate_policy(national, ["revenue"], B=99, checks=False)
    note = pv.design_note(ev, "en")
    assert "8 zones, 2 of them treated" in note and "all 28 assignments" in note
    assert "smallest p-value is 0.036" in note  # 1/28
    assert "run only for 15 zones, 2 treated and 2011–2020" in note
    assert "size-adjusted power" not in note  # the study is not quoted for 8 zones
    assert "8个高新区" in pv.design_note(ev, "zh")


def test_placebo_p_below_the_smallest_rank_p_is_shown_as_a_bound(full):
    comp = pv.comparison_view(full)
    shown = [v for v in comp["pvalue"] if isinstance(v, str)]
    raw = full.comparison()
    below = raw[(raw["estimator"] != "did") & (raw["pvalue"] < 1 / 79)]
    assert len(shown) == len(below) and all(v == "<0.013" for v in shown)
    assert "1/79" in pv.p_floor_sentence(full, "en") and "<0.013" in pv.p_floor_sentence(full, "en")


def test_invalid_estimator_reason_and_no_numbers(full):
    if "sc" not in full.invalid:
        pytest.skip("the record does not find SC's size invalid")
    zh = " ".join(pv.invalid_sentences(full, "zh"))
    en = " ".join(pv.invalid_sentences(full, "en"))
    assert "合成控制（安慰剂标准误）不给出p值和区间" in zh
    assert "Synthetic control with the placebo standard error: no p-value or interval" in en
    assert "outside the range of the controls" in en  # SC's own reason
    rows = pv.comparison_view(full)
    assert rows[rows["estimator"] == "sc"][["ci_lower", "ci_upper"]].isna().all().all()
