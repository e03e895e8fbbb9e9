"""Every chapter builds on any panel that validates, whatever its coverage (issue 19, item 4):
hand-made evaluators' workbooks with three indicators and a zone missing a year, with no
baseline year, with two zones only. What a chapter cannot compute it says, in one sentence of
its language, with the data that would make it possible (``support.*``), never by failing.

Every chapter is built, the policy chapter included (its estimates on thin data are tested in
tests/evaluation/test_policy.py).
"""

from __future__ import annotations

import html
import re
import warnings

import pytest
from evaluator_books import write_workbook

from gxq_analysis.evaluation.support import data_support
from gxq_analysis.ingest.sources import load_panel
from gxq_analysis.publish.runner import build
from gxq_analysis.report.views.support import gap_text

pytestmark = pytest.mark.notebooks

CHAPTERS = ["overview", "benchmarks", "inputoutput", "policy", "keytasks", "findings", "zone"]


def _texts(out, review, lang):
    d = out / review / lang
    return {
        p.stem: html.unescape(re.sub(r"<[^>]+>", " ", p.read_text(encoding="utf-8")))
        for p in d.glob("*.html")
    }


@pytest.mark.parametrize(
    ("name", "workbook", "review", "lang", "says"),
    [
        # three indicators, Benxi without 2017: no input for any regression
        (
            "three",
            {"indicators": ("revenue", "exports", "firms"), "missing": (("benxi", 2017),)},
            "final",
            "en",
            {"overview": ["zone_years_missing"], "inputoutput": ["no_spec"]},
        ),
        # 2016-2018 only: no baseline year, the outlook has three points
        (
            "nobase",
            {"years": (2016, 2017, 2018)},
            "midterm",
            "zh",
            {"benchmarks": ["baseline_missing"], "inputoutput": ["lags_too_long"]},
        ),
        # Shenyang and Dalian only: too few zones for a regression
        (
            "two",
            {"zones": ("shenyang", "dalian")},
            "final",
            "zh",
            {"inputoutput": ["regression_too_small"], "overview": ["zones_absent"]},
        ),
        # one indicator, two years after 2016, the two treated zones only: no benchmark ratio,
        # no comparison zone for the demonstration-zone effect
        (
            "one",
            {"indicators": ("revenue",), "zones": ("shenyang", "dalian"), "years": (2019, 2020)},
            "final",
            "en",
            # (the policy chapter words its per-outcome limits itself: tests/report/
            # test_policy_views.py; here it must build and name the same minimum)
            {"benchmarks": ["no_benchmark_indicator"]},
        ),
    ],
)
def test_every_chapter_builds_on_thin_data_and_says_what_it_cannot_do(
    tmp_path, name, workbook, review, lang, says
):
    data = write_workbook(tmp_path / f"{name}.xlsx", **workbook)
    out = tmp_path / "reports"
    report = build(
        review=review,
        lang=lang,
        data=str(data),
        chapters=CHAPTERS,
        zones=["dalian", "benxi"],
        output=out,
        jobs=2,
        quiet=True,
    )
    assert report.exit_code == 0, report.failures
    pages = _texts(out, review, lang)
    zones = workbook.get("zones", ("dalian", "benxi"))
    assert {"overview", "benchmarks", "inputoutput", "policy", "keytasks", "findings"} <= set(pages)
    assert {f"zone-{z}" for z in ("dalian", "benxi") if z in zones} == {
        k for k in pages if k.startswith("zone-")
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gaps = data_support(load_panel(data), review)
    for chapter, codes in says.items():
        found = [g for g in gaps if g.chapter == chapter and g.code in codes]
        assert {g.code for g in found} == set(codes), (chapter, codes, gaps)
        for gap in found:
            sentence = gap_text(gap, lang)
            assert sentence in " ".join(pages[chapter].split()), (chapter, sentence)
    if name == "one":
        need = next(g for g in gaps if g.code == "too_few_controls").fields["need"]
        assert f"at least {need}" in " ".join(pages["policy"].split())
    # no row of dashes for an absent group, no year as a number, no count with decimals
    for stem, text in pages.items():
        assert not re.search(r"\b2,0[12]\d\b", text), stem
        assert "—亿元" not in text and "n/a 100 million" not in text, stem
