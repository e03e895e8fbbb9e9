"""Findings in words: every finding is worded from the catalogue in both languages, with its
codes named and its numbers formatted, and nothing else can reach the sentence."""

from __future__ import annotations

import re

import pytest

from gxq_analysis.errors import OptionError
from gxq_analysis.evaluation.findings import SEVERITIES, Finding, findings
from gxq_analysis.report.strings import STRINGS, label, scope_label
from gxq_analysis.report.views.findings import (
    CODE_FIELDS,
    finding_text,
    findings_view,
    recommendations,
    severity_counts,
    top_findings,
)

CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")


@pytest.fixture(scope="module")
def items():
    from gxq_analysis import load_panel

    panel = load_panel()
    return findings(panel, "midterm", B=199) + findings(panel, "final", zone="anshan")


def test_every_message_is_in_the_catalogue_and_every_kind_occurs(items):
    messages = {f.message for f in items}
    assert messages <= set(STRINGS)
    kinds = {m.split(".")[1] for m in messages}
    assert kinds == {
        "benchmark",
        "outlook",
        "radiation",
        "keytask",
        "did",
        "inputoutput",
        "province_policy",
    }


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sentences_name_codes_in_the_language(items, lang):
    for f in items:
        text = finding_text(f, lang)
        args = f.fields
        if "scope" in args:
            assert scope_label(args["scope"], lang) in text
        if "indicator" in args:
            name = label(args["indicator"], lang, unit=False)
            assert name.lower() in text.lower(), (name, text)
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), text  # no snake_case code
        if lang == "en":
            assert not CJK.search(text), text
        else:
            assert CJK.search(text)
            assert not re.search(r"\b(?:was|the|of|in|benchmark)\b", text), text


def test_numbers_are_formatted_by_the_templates(items):
    f = next(i for i in items if i.message == "finding.benchmark.closing")
    zh, en = finding_text(f, "zh"), finding_text(f, "en")
    closed = f"{100 * f.fields['closed']:.0f}%"
    assert f"差距缩小了{closed}" in zh and f"closed {closed} of the gap" in en
    assert f"{f.fields['value']:.1f}%" in zh and f"{f.fields['benchmark']:.1f}%" in en
    did = next(i for i in items if i.key == "did.revenue")
    en = finding_text(did, "en")
    assert f"{did.fields['att']:.3f} log points" in en
    assert f"{did.fields['lower']:.3f} to {did.fields['upper']:.3f}" in en
    assert "Shenyang Hi-tech Zone and Dalian Hi-tech Zone" in en
    assert "沈阳高新区、大连高新区" in finding_text(did, "zh")


def test_english_labels_inside_a_sentence_start_lower_case_acronyms_keep_capitals(items):
    io = [i for i in items if i.source == "input_output"]
    texts = {i.fields["indicator"]: finding_text(i, "en") for i in io}
    assert "1% more internal R&D expenditure" in texts["gdp"]
    assert "change in GDP of the zone" in texts["gdp"]


def test_a_text_field_that_is_not_a_code_field_is_refused():
    args = (("scope", "all_zones"), ("indicator", "revenue"), ("baseline_year", 2015),
            ("year", 2020), ("rate", "fast"))  # fmt: skip
    bad = Finding("x", "all_zones", "finding.keytask.grew", args, 1.0, "% a year", "key_tasks",
                  "info")  # fmt: skip
    with pytest.raises(TypeError, match=r"field 'rate'.*must be codes in one of: scope"):
        finding_text(bad, "en")
    assert set(CODE_FIELDS) >= {"scope", "indicator", "zones"}


def test_bad_language_is_refused(items):
    with pytest.raises(OptionError, match="lang"):
        finding_text(items[0], "fr")


def test_views_counts_and_recommendations(items):
    view = findings_view(items, "en", severities=("concern",))
    assert list(view.columns) == ["severity", "scope", "finding", "source"]
    assert set(view["severity"]) == {"concern"}
    assert len(view) == sum(f.severity == "concern" for f in items)
    counts = severity_counts(items)
    assert sum(counts.values()) == len(items) and set(counts) == {f"n_{s}" for s in SEVERITIES}
    top = top_findings(items, 3, "zh")
    assert len(top) == 3 and all(CJK.search(t) for t in top)
    keys = recommendations(items)
    assert keys[-1] == "rec.data" and all(k in STRINGS for k in keys)
    assert "rec.evaluation_design" in keys  # the DiD finding always calls for a design note
