"""Chapter views: what a reviewer would print (no share of a tiny gap, no duplicate rows)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from gxq_analysis.report.views.benchmarks import progress_view
from gxq_analysis.report.views.keytasks import key_tasks_view


def _progress(rows):
    cols = ["scope", "scope_kind", "indicator", "baseline", "value", "benchmark", "gap",
            "gap_closed", "rank", "status"]  # fmt: skip
    out = pd.DataFrame(rows, columns=cols)
    out["baseline_plan"] = np.nan
    out["trend"] = np.where(out["value"] > out["baseline"], "improved", "worsened")
    return out


def test_share_of_gap_closed_only_where_it_means_something():
    p = _progress(
        [
            ("shenyang", "zone", "revenue", 50.0, 80.0, 100.0, -20.0, 0.6, 1, "below benchmark"),
            # 2015 gap of 0.3% of the benchmark: a share of it says nothing
            ("dalian", "zone", "revenue", 99.7, 95.0, 100.0, -5.0, -15.6, 2, "below benchmark"),
            ("anshan", "zone", "revenue", 90.0, 120.0, 100.0, 20.0, 3.0, 3, "benchmark reached"),
            (
                "tieling",
                "zone",
                "revenue",
                120.0,
                130.0,
                100.0,
                30.0,
                np.nan,
                4,
                "at or above benchmark",
            ),
        ]
    )
    view = progress_view(p, "zone")
    assert view["gap_closed"].iloc[0] == 0.6
    assert view["gap_closed"].iloc[1:].isna().all()
    assert list(view["status"]) == list(p["status"])  # the status still says what happened


def test_key_task_rows_are_not_repeated():
    tasks = pd.DataFrame(
        {
            "task": ["finance", "innovation", "finance"],
            "scope": ["shenyang", "shenyang", "shenyang"],
            "indicator": ["vc_investment", "vc_investment", "tech_loans"],
            "baseline": [1.0, 1.0, 2.0],
            "value": [2.0, 2.0, 3.0],
            "growth_pct": [100.0, 100.0, 50.0],
            "cagr": [0.1, 0.1, 0.05],
        }
    )
    view = key_tasks_view(tasks)
    assert list(view["indicator"]) == ["vc_investment", "tech_loans"]


def test_zone_facts_name_the_registry_city_in_both_languages():
    """Suizhong lies in Huludao: the English profile said "in Suizhong" (from the zone's name)
    while the Chinese one said 葫芦岛 (from the registry)."""
    from gxq_analysis.report.views.zones import zone_facts

    zh, en = zone_facts("suizhong", "zh"), zone_facts("suizhong", "en")
    assert zh["city"] == "葫芦岛" and en["city"] == "Huludao"
    assert en["level"] == "provincial" and en["tier"] == "distinctive innovative parks"
    assert zh["level"] == "省级" and zh["zone"].endswith("高新区")
