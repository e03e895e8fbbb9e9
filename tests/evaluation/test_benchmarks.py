"""benchmark_progress and evaluate_targets, recomputed by hand from the toy panel."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gxq_analysis.errors import DataError, OptionError
from gxq_analysis.evaluation.benchmarks import (
    BENCHMARK_INDICATORS,
    benchmark_progress,
    evaluate_targets,
)
from gxq_analysis.plan.facts import load_plan_facts
from gxq_analysis.plan.zones import zones_in_tier


def test_shape_and_columns(toy_panel):
    out = benchmark_progress(toy_panel, "midterm")
    assert list(out.columns) == [
        "scope",
        "scope_kind",
        "indicator",
        "baseline",
        "baseline_source",
        "baseline_panel",
        "value",
        "year",
        "benchmark",
        "source",
        "gap",
        "gap_closed",
        "cagr",
        "rank",
        "status",
        "break_flag",
    ]
    # 15 zones + 3 tiers + 2 levels + all = 21 scopes x 4 indicators
    assert len(out) == 21 * 4
    assert set(out["year"]) == {2018}
    assert "held constant" in out.attrs["notes"][0]


def test_zone_values_recomputed(toy_panel):
    out = benchmark_progress(toy_panel, "final").set_index(["scope", "indicator"])
    p = toy_panel
    # anshan has no plan figure: baseline comes from the panel
    r = out.loc[("anshan", "rd_intensity")]
    exp_base = 100 * p.loc[("anshan", 2015), "rd_expenditure"] / p.loc[("anshan", 2015), "revenue"]
    exp_val = 100 * p.loc[("anshan", 2020), "rd_expenditure"] / p.loc[("anshan", 2020), "revenue"]
    assert r["baseline"] == pytest.approx(exp_base)
    assert r["baseline_source"] == "panel"
    assert r["value"] == pytest.approx(exp_val)
    assert r["benchmark"] == 2.1
    assert r["gap"] == pytest.approx(exp_val - 2.1)
    assert r["cagr"] == pytest.approx(100 * ((exp_val / exp_base) ** (1 / 5) - 1))


def test_shenyang_dalian_start_from_the_plans_printed_values(toy_panel):
    out = benchmark_progress(toy_panel, "midterm").set_index(["scope", "indicator"])
    f = load_plan_facts()
    for zone in ("shenyang", "dalian"):
        for ind in BENCHMARK_INDICATORS:
            fact = f[(f["scope"] == zone) & (f["indicator"] == ind)].iloc[0]
            assert out.loc[(zone, ind), "baseline"] == fact["value"]
            assert out.loc[(zone, ind), "baseline_source"].startswith("plan_facts:F")


def test_tier_is_ratio_of_sums(toy_panel):
    out = benchmark_progress(toy_panel, "final").set_index(["scope", "indicator"])
    members = list(zones_in_tier("innovative"))
    sub = toy_panel.xs(2020, level="year").loc[members]
    expected = 100 * sub["exports"].sum() / sub["revenue"].sum()
    assert out.loc[("innovative", "export_share"), "value"] == pytest.approx(expected)


def test_gap_closed_definition(toy_panel):
    out = benchmark_progress(toy_panel, "final").set_index(["scope", "indicator"])
    # Shenyang's hitech_firm_share baseline is 19.4 (< 30.6 national average)
    r = out.loc[("shenyang", "hitech_firm_share")]
    assert r["gap_closed"] == pytest.approx((r["value"] - 19.4) / (30.6 - 19.4))
    # Dalian's export share 17.7 was above the 12.8 benchmark: no gap to close
    r = out.loc[("dalian", "export_share")]
    assert np.isnan(r["gap_closed"]) and r["status"] in (
        "at or above benchmark",
        "fell below benchmark",
    )


def test_rank_within_scope_kind(toy_panel):
    out = benchmark_progress(toy_panel, "final")
    zones = out[(out["scope_kind"] == "zone") & (out["indicator"] == "rd_intensity")]
    best = zones.loc[zones["value"].idxmax()]
    assert best["rank"] == 1
    assert sorted(zones["rank"].tolist()) == sorted(
        zones["value"].rank(ascending=False, method="min")
    )


def test_user_benchmarks_per_year(toy_panel, tmp_path):
    csv = tmp_path / "bench.csv"
    pd.DataFrame(
        {
            "indicator": ["rd_intensity", "rd_intensity"],
            "year": [2015, 2018],
            "value": [2.1, 2.5],
            "source": ["A", "B"],
        }
    ).to_csv(csv, index=False)
    out = benchmark_progress(toy_panel, "final", benchmarks=csv, indicators=("rd_intensity",))
    assert set(out["benchmark"]) == {2.5}
    assert out["source"].iloc[0] == "B; 2018 value held constant"


def test_bad_benchmark_file_names_row_and_column(toy_panel, tmp_path):
    csv = tmp_path / "bench.csv"
    pd.DataFrame(
        {
            "indicator": ["rd_intensity", "nonsense"],
            "year": [2015, 2016],
            "value": [2.1, 2.2],
            "source": ["A", "B"],
        }
    ).to_csv(csv, index=False)
    with pytest.raises(DataError) as exc:
        benchmark_progress(toy_panel, benchmarks=csv)
    assert "row 3" in str(exc.value) and "'indicator'" in str(exc.value)
    assert "rd_intensity" in str(exc.value)  # lists the allowed indicators


def test_targets(toy_panel):
    t = pd.DataFrame(
        {
            "indicator": ["rd_intensity"],
            "scope": ["shenyang"],
            "year": [2020],
            "value": [3.0],
            "source": ["zone plan"],
        }
    )
    out = evaluate_targets(toy_panel, t, "final").iloc[0]
    assert out["benchmark"] == 3.0
    assert out["gap"] == pytest.approx(out["value"] - 3.0)
    with pytest.raises(DataError, match="scope"):
        evaluate_targets(toy_panel, t.assign(scope="mars"), "final")


def test_bad_review(toy_panel):
    with pytest.raises(OptionError, match="'midterm', 'final'"):
        benchmark_progress(toy_panel, "interim")


def test_missing_indicator_says_so(toy_panel):
    out = benchmark_progress(toy_panel.assign(exports=np.nan), "final")
    assert "export_share" not in set(out["indicator"])
    assert any("export_share" in n for n in out.attrs["notes"])


def test_group_is_missing_when_a_member_zone_is_absent(toy_panel):
    without_fushun = toy_panel.drop(index="fushun", level="zone")
    out = benchmark_progress(without_fushun, "final").set_index(["scope", "indicator"])
    assert np.isnan(out.loc[("all_zones", "rd_intensity"), "value"])
    assert np.isnan(out.loc[("distinctive", "rd_intensity"), "value"])
    assert np.isfinite(out.loc[("innovative", "rd_intensity"), "value"])  # no member missing


def test_status_follows_the_end_year_value(toy_panel):
    # Dalian started above the export benchmark (17.7 > 12.8); cut its 2020 exports
    p = toy_panel.copy()
    p.loc[("dalian", 2020), "exports"] = 0.05 * p.loc[("dalian", 2020), "revenue"]
    r = (
        benchmark_progress(p, "final")
        .set_index(["scope", "indicator"])
        .loc[("dalian", "export_share")]
    )
    assert r["status"] == "fell below benchmark" and np.isnan(r["gap_closed"])


def test_gap_closed_with_a_moving_benchmark(toy_panel):
    # share of the 2015 shortfall closed, gaps against each year's own benchmark
    bench = pd.DataFrame(
        {
            "indicator": ["rd_intensity"] * 2,
            "year": [2015, 2020],
            "value": [10.0, 5.0],
            "source": ["a", "b"],
        }
    )
    r = (
        benchmark_progress(toy_panel, "final", benchmarks=bench, indicators=("rd_intensity",))
        .set_index("scope")
        .loc["anshan"]
    )
    expected = 1 - (5.0 - r["value"]) / (10.0 - r["baseline"])
    assert r["gap_closed"] == pytest.approx(expected)


def test_targets_are_judged_in_their_own_year(toy_panel):
    t = pd.DataFrame(
        {
            "indicator": ["rd_intensity", "rd_intensity"],
            "scope": ["anshan"] * 2,
            "year": [2017, 2022],
            "value": [3.0, 3.0],
        }
    )
    out = evaluate_targets(toy_panel, t, "final")
    assert out["year"].tolist() == [2017, 2020]
    p = toy_panel
    v17 = 100 * p.loc[("anshan", 2017), "rd_expenditure"] / p.loc[("anshan", 2017), "revenue"]
    assert out["value"].iloc[0] == pytest.approx(v17)
    assert "judged in 2020" in out["source"].iloc[1]


def test_target_on_an_indicator_the_panel_lacks(toy_panel):
    t = pd.DataFrame(
        {"indicator": ["export_share"], "scope": ["anshan"], "year": [2020], "value": [3.0]}
    )
    with pytest.raises(DataError, match=r"row 2.*'indicator'.*exports"):
        evaluate_targets(toy_panel.assign(exports=np.nan), t, "final")
