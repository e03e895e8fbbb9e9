"""Findings: every finding carries a number recomputed from its source table, as codes and
numbers only (the words are the report layer's: tests/report/test_findings.py)."""

from __future__ import annotations

import re

import pytest

from gxq_analysis.errors import OptionError
from gxq_analysis.evaluation.benchmarks import benchmark_progress
from gxq_analysis.evaluation.findings import SEVERITIES, findings, findings_frame
from gxq_analysis.evaluation.keytasks import key_tasks
from gxq_analysis.report.views.findings import finding_text


@pytest.fixture(scope="module")
def demo():
    from gxq_analysis import load_panel

    return load_panel()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_benchmark_findings_quote_the_progress_table(demo, lang):
    items = [
        f for f in findings(demo, "final", sections=("benchmarks",)) if f.key.startswith("bench")
    ]
    prog = benchmark_progress(demo, "final").set_index(["scope", "indicator"])
    assert items
    for f in items:
        ind = f.key.split(".", 1)[1]
        value = prog.loc[(f.scope, ind), "value"]
        assert f.number == pytest.approx(value)
        assert f.fields["value"] == pytest.approx(value)
        assert f"{value:.1f}%" in finding_text(f, lang)  # the sentence states the number
        assert f.source == "benchmark_progress"
        assert f.severity in SEVERITIES


def test_severity_rule(demo):
    """Severity follows the status and the trend of the gap: a gap that moved less than the
    tolerance is 'watch', never a 'concern' (noise is not a trend)."""
    prog = benchmark_progress(demo, "final").set_index(["scope", "indicator"])
    items = [
        f for f in findings(demo, "final", sections=("benchmarks",)) if f.key.startswith("bench")
    ]
    for f in items:
        row = prog.loc[(f.scope, f.key.split(".", 1)[1])]
        if row["status"] == "below benchmark":
            want = {"worsened": "concern", "improved": "watch", "unchanged": "watch"}
            assert f.severity == want[row["trend"]]
            assert (f.message == "finding.benchmark.widening") == (row["trend"] == "worsened")
        elif row["status"] == "fell below benchmark":
            assert f.severity == "concern"
        elif row["status"] == "level with benchmark":
            assert abs(row["value"] - row["benchmark"]) < prog.attrs["tolerance"] / 2
            assert f"{row['value']:.1f}" == f"{row['benchmark']:.1f}"  # reads the same
        else:
            assert row["status"] in ("benchmark reached", "at or above benchmark")
            assert f.severity == "positive" and row["value"] >= row["benchmark"]


def _case(demo, zone, share_2015, share_2020):
    p = demo.copy()
    for year, share in ((2015, share_2015), (2020, share_2020)):
        p.loc[(zone, year), "exports"] = share / 100 * p.loc[(zone, year), "revenue"]
    items = findings(p, "final", sections=("benchmarks",))
    return [f for f in items if f.scope == zone and f.key.endswith("export_share")]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_gap_that_did_not_move_is_unchanged_not_widened(demo, lang):
    (item,) = _case(demo, "jinzhou", 11.30, 11.296)  # 0.004 points: the rounding of the data
    assert item.severity == "watch" and item.message == "finding.benchmark.unchanged"
    text = finding_text(item, lang)
    assert ("基本未变" in text) if lang == "zh" else ("unchanged" in text)
    assert "扩大" not in text and "widened" not in text
    (item,) = _case(demo, "jinzhou", 11.30, 11.0)  # 0.3 points further below: a trend
    assert item.severity == "concern" and item.message == "finding.benchmark.widening"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_data_are_the_baseline_and_the_plans_figure_is_quoted_beside_it(demo, lang):
    items = _case(demo, "shenyang", 8.6, 8.73)  # the plan printed 7.2 for Shenyang's 2015
    (closing,) = [f for f in items if f.key.startswith("bench")]
    (differs,) = [f for f in items if f.key.startswith("baseline")]
    assert closing.fields["baseline"] == pytest.approx(8.6)
    # from the data's 8.6: (12.8 - 8.73) / (12.8 - 8.6) of the gap remains, 3.1% closed;
    # from the plan's 7.2 it would read 27%
    assert closing.fields["closed"] == pytest.approx(1 - (12.8 - 8.73) / (12.8 - 8.6))
    text = finding_text(closing, lang)
    assert "8.6%" in text and "7.2%" in text and "3%" in text and "27%" not in text
    assert differs.severity == "info" and differs.number == pytest.approx(8.6 - 7.2)
    assert "+1.4" in finding_text(differs, lang)
    # Dalian's data equal the plan's 17.7 to its rounding: no difference to report
    assert not [f for f in _case(demo, "dalian", 17.72, 17.0) if f.key.startswith("baseline")]


def test_findings_draw_only_on_what_the_data_support(demo):
    # no treated zone: no demonstration-zone finding; two zones: no regression finding
    without = demo.drop(index=["shenyang", "dalian"], level="zone")
    assert not findings(without, "final", sections=("did",), B=99)
    tiny = demo.loc[["anshan", "benxi"]]
    assert not findings(tiny, "final", sections=("inputoutput",), B=99)


def test_keytask_findings_recompute_growth(demo):
    scopes = ("all_zones", "first_class", "innovative", "distinctive")
    kt = key_tasks(demo, "final", scopes=scopes).set_index(["scope", "indicator"])
    items = findings(demo, "final", sections=("keytasks",))
    assert items
    for f in items:
        ind = f.key.split(".")[-1]
        c = kt.loc[(f.scope, ind), "cagr"]
        c = c.iloc[0] if hasattr(c, "iloc") else c
        assert f.number == pytest.approx(c)
        assert re.search(rf"{abs(c):.1f}% a year", finding_text(f, "en"))


def test_sorted_by_severity_and_zone_filter(demo):
    items = findings(demo, "midterm", zone="dalian", sections=("benchmarks", "outlook"))
    order = [SEVERITIES.index(f.severity) for f in items]
    assert order == sorted(order)
    assert {f.scope for f in items} <= {"dalian", "first_class"}
    frame = findings_frame(items)
    assert list(frame.columns[:3]) == ["severity", "scope", "key"]
    assert frame["message"].str.startswith("finding.").all()


def test_did_finding_has_the_estimate(demo):
    items = findings(demo, "final", sections=("did",), B=199)
    assert len(items) == 1
    assert items[0].source == "did" and f"{items[0].number:.3f}" in finding_text(items[0], "en")


def test_bad_options(demo):
    with pytest.raises(OptionError, match="sections"):
        findings(demo, "final", sections=("magic",))
    with pytest.raises(OptionError, match="zone"):
        findings(demo, "final", zone="jinzhou_district")


def test_a_zone_that_fell_below_the_benchmark_is_a_concern(demo):
    p = demo.copy()
    p.loc[("dalian", 2020), "exports"] = 0.1 * p.loc[("dalian", 2020), "exports"]
    items = [
        f
        for f in findings(p, "final", sections=("benchmarks",))
        if f.scope == "dalian" and f.key == "benchmark.export_share"
    ]
    assert len(items) == 1 and items[0].severity == "concern"
    text = finding_text(items[0], "en")
    assert "fell from 17.7%" in text and "at or above" not in text


def test_inputoutput_findings_state_the_rd_elasticity(demo):
    from gxq_analysis.evaluation.inputoutput import input_output

    items = findings(demo, "final", sections=("inputoutput",), B=199)
    io = input_output(demo, "final", B=199, lags=(1,))
    est = io.inference.set_index(["spec", "param"])["estimate"]
    assert len(items) == 4
    for f in items:
        spec = f.key.split(".")[1]
        assert f.number == pytest.approx(est[(spec, "rd_expenditure")])
        assert f"{f.number:.2f}%" in finding_text(f, "en")


def test_did_finding_reports_the_policy_chapters_headline(demo):
    """The finding quotes the test the benchmark record picks, as the policy chapter does."""
    from gxq_analysis.evaluation.policy import choose_headline, inference_record
    from gxq_analysis.evaluation.synthdid import synth_did

    head = choose_headline(inference_record())
    item = findings(demo, "final", sections=("did",), B=199)[0]
    text = finding_text(item, "en")
    if head == "sdid_placebo":
        sub = demo[demo.index.get_level_values(1) <= 2020][["revenue"]]
        r = synth_did(sub, "revenue", treated=("dalian", "shenyang"), start=2016)
        lo, hi = r.conf_int()
        assert "synthetic DiD estimate" in text and "placebo-standard-error" in text
        assert f"{lo:.3f} to {hi:.3f}" in text and item.number == pytest.approx(r.att)
        assert item.fields["lower"] == pytest.approx(lo) and item.fields["upper"] == pytest.approx(
            hi
        )
    else:
        assert "DiD estimate" in text


def test_findings_hold_codes_and_numbers_only(demo):
    """The evaluation layer does not speak a language: no text in a finding but codes."""
    import inspect

    assert "lang" not in inspect.signature(findings).parameters
    items = findings(demo, "midterm", B=199) + findings(demo, "final", zone="dalian")
    assert {f.source for f in items} >= {"benchmark_progress", "outlook", "did", "key_tasks"}
    for f in items:
        assert not hasattr(f, "text")
        texts = [f.key, f.scope, f.message, f.unit, f.source]
        texts += [v for _, v in f.args if isinstance(v, str)]
        texts += [z for _, v in f.args if isinstance(v, tuple) for z in v]
        for text in texts:
            assert re.fullmatch(r"[a-z0-9_. %]+", text), (f.key, text)  # codes, no words
