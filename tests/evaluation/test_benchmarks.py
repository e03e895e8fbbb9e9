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
        "baseline_plan",
        "baseline_differs",
        "value",
        "year",
        "benchmark",
        "source",
        "gap",
        "gap_closed",
        "gap_change",
        "trend",
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


def test_the_data_are_the_baseline_and_the_plans_figure_stands_beside_it(toy_panel):
    out = benchmark_progress(toy_panel, "midterm").set_index(["scope", "indicator"])
    f = load_plan_facts()
    for zone in ("shenyang", "dalian"):
        for ind in BENCHMARK_INDICATORS:
            fact = f[(f["scope"] == zone) & (f["indicator"] == ind)].iloc[0]
            r = out.loc[(zone, ind)]
            row = toy_panel.loc[(zone, 2015)]
            num, den = {
                "hitech_firm_share": ("hitech_firms", "firms"),
                "export_share": ("exports", "revenue"),
                "service_share": ("service_revenue", "revenue"),
                "rd_intensity": ("rd_expenditure", "revenue"),
            }[ind]
            assert r["baseline"] == pytest.approx(100 * row[num] / row[den])
            assert r["baseline_source"] == "panel"
            assert r["baseline_plan"] == fact["value"]
            # different beyond the rounding of the plan's printed figure (one decimal)
            assert r["baseline_differs"] == (abs(r["baseline"] - fact["value"]) >= 0.05)
    # the toy data's 10% export share, not the plan's 7.2%
    assert out.loc[("shenyang", "export_share"), "baseline"] == pytest.approx(10.0)
    # a zone the plan gives no figure for has none beside its baseline
    assert np.isnan(out.loc[("anshan", "export_share"), "baseline_plan"])


def test_the_plans_figure_fills_a_baseline_the_data_lack_and_says_so(toy_panel):
    p = toy_panel.copy()
    p.loc[("shenyang", 2015), "exports"] = np.nan
    r = benchmark_progress(p, "final").set_index(["scope", "indicator"])
    r = r.loc[("shenyang", "export_share")]
    assert np.isnan(r["baseline_panel"])
    assert r["baseline"] == 7.2 and r["baseline_source"] == "plan_facts:F19"


def test_tier_is_ratio_of_sums(toy_panel):
    out = benchmark_progress(toy_panel, "final").set_index(["scope", "indicator"])
    members = list(zones_in_tier("innovative"))
    sub = toy_panel.xs(2020, level="year").loc[members]
    expected = 100 * sub["exports"].sum() / sub["revenue"].sum()
    assert out.loc[("innovative", "export_share"), "value"] == pytest.approx(expected)


def test_gap_closed_definition(toy_panel):
    out = benchmark_progress(toy_panel, "final").set_index(["scope", "indicator"])
    # Shenyang's hitech_firm_share baseline (10 of 100 firms) is below the 30.6 average
    r = out.loc[("shenyang", "hitech_firm_share")]
    assert r["baseline"] == pytest.approx(10.0)
    assert r["gap_closed"] == pytest.approx((r["value"] - 10.0) / (30.6 - 10.0))
    # Fuxin's R&D intensity (2.0% growing 5% a year) starts below, Dalian's export share
    # lifted above the 12.8 benchmark has no gap to close
    p = toy_panel.copy()
    p.loc[("dalian", 2015), "exports"] = 0.177 * p.loc[("dalian", 2015), "revenue"]
    p.loc[("dalian", 2020), "exports"] = 0.177 * p.loc[("dalian", 2020), "revenue"]
    r = (
        benchmark_progress(p, "final")
        .set_index(["scope", "indicator"])
        .loc[("dalian", "export_share")]
    )
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
    # Dalian starts above the export benchmark (17.7 > 12.8); cut its 2020 exports
    p = toy_panel.copy()
    p.loc[("dalian", 2015), "exports"] = 0.177 * p.loc[("dalian", 2015), "revenue"]
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


def _export_share_case(toy_panel, share_2015, share_2020, zone="jinzhou"):
    p = toy_panel.copy()
    for year, share in ((2015, share_2015), (2020, share_2020)):
        p.loc[(zone, year), "exports"] = share / 100 * p.loc[(zone, year), "revenue"]
    out = benchmark_progress(p, "final").set_index(["scope", "indicator"])
    return out.loc[(zone, "export_share")]


@pytest.mark.parametrize(
    ("start", "end", "trend"),
    [
        (11.30, 11.30, "unchanged"),  # identical to the rounding of the figures
        (11.30, 11.25, "unchanged"),  # 0.05 points: less than the 0.1 reported precision
        (11.30, 11.39, "unchanged"),
        (11.30, 11.10, "worsened"),  # 0.2 points further below
        (11.30, 11.50, "improved"),
    ],
)
def test_a_gap_that_moved_less_than_the_tolerance_is_unchanged(toy_panel, start, end, trend):
    r = _export_share_case(toy_panel, start, end)
    assert r["gap_change"] == pytest.approx(end - start)
    assert r["trend"] == trend
    assert r["status"] == "below benchmark"


def test_the_tolerance_is_an_option(toy_panel):
    out = benchmark_progress(toy_panel, "final", tolerance=0.0).set_index(["scope", "indicator"])
    assert out.attrs["tolerance"] == 0.0
    assert "unchanged" not in set(out["trend"])  # every real move counts with no tolerance
    with pytest.raises(OptionError, match="tolerance"):
        benchmark_progress(toy_panel, "final", tolerance=-1)


def test_an_end_value_equal_to_the_benchmark_at_the_reported_precision_is_level(toy_panel):
    r = _export_share_case(toy_panel, 10.0, 12.76)  # reads 12.8%, as the benchmark
    assert r["status"] == "level with benchmark"
    r = _export_share_case(toy_panel, 10.0, 12.74)  # reads 12.7%
    assert r["status"] == "below benchmark"
    r = _export_share_case(toy_panel, 10.0, 12.86)  # reads 12.9%
    assert r["status"] == "benchmark reached"


def test_scopes_without_data_are_marked_absent(toy_panel):
    national = toy_panel.drop(index=["fushun", "dandong"], level="zone")
    out = benchmark_progress(national, "final").set_index(["scope", "indicator"])
    assert out.loc[("fushun", "rd_intensity"), "status"] == "not in data"
    assert out.loc[("distinctive", "rd_intensity"), "status"] == "group incomplete"
    assert out.loc[("all_zones", "rd_intensity"), "status"] == "group incomplete"
    assert out.loc[("innovative", "rd_intensity"), "status"] != "group incomplete"
