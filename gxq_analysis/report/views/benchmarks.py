"""Benchmark and target progress for display, and the mid-term outlook."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ...evaluation.benchmarks import ABSENT_STATUSES
from ...plan.zones import load_zones

__all__ = [
    "MIN_BASE_GAP",
    "baseline_differences",
    "incomplete_groups",
    "outlook_view",
    "progress_indicators",
    "progress_view",
    "zone_progress",
]


def progress_indicators(progress: pd.DataFrame) -> tuple[str, ...]:
    """The benchmark indicators the progress table has rows for (the data had their inputs)."""
    return tuple(dict.fromkeys(progress["indicator"]))


def progress_view(progress: pd.DataFrame, kind: str | Iterable[str]) -> pd.DataFrame:
    """Rows of :func:`benchmark_progress` for scope kinds, with the columns a chapter shows.

    Scopes the data do not cover (a zone without data, a group some of whose zones lack data)
    are left out (the chapter names the groups once, :func:`incomplete_groups`). The plan's
    printed baseline stands beside the data's where the plan gives one for a scope shown; the
    share of the gap closed is blank where the gap did not move beyond the tolerance.
    """
    kinds = [kind] if isinstance(kind, str) else list(kind)
    cols = [
        "scope",
        "indicator",
        "baseline",
        "baseline_plan",
        "value",
        "benchmark",
        "gap",
        "gap_closed",
        "trend",
        "rank",
        "status",
    ]
    shown = progress["scope_kind"].isin(kinds) & ~progress["status"].isin(ABSENT_STATUSES)
    view = progress[shown][cols].reset_index(drop=True)
    view["gap_closed"] = view["gap_closed"].where(
        _share_meaningful(view) & (view["trend"] != "unchanged")
    )
    if view["baseline_plan"].isna().all():
        view = view.drop(columns="baseline_plan")
    return view


def incomplete_groups(progress: pd.DataFrame) -> tuple[str, ...]:
    """Groups (tiers, levels, all zones) left out of the tables because some of their zones
    have no data."""
    rows = progress[progress["status"] == "group incomplete"]
    return tuple(dict.fromkeys(rows["scope"]))


def baseline_differences(progress: pd.DataFrame) -> pd.DataFrame:
    """Where the data's 2015 value differs from the plan's printed figure by more than the
    plan's rounding: scope, indicator, both values and the difference (percentage points)."""
    rows = progress[progress["baseline_differs"].astype(bool)]
    out = rows[["scope", "indicator", "baseline_panel", "baseline_plan"]].copy()
    out["difference"] = rows["baseline_panel"] - rows["baseline_plan"]
    return out.reset_index(drop=True)


#: The share of the 2015 gap closed is shown only where that gap was at least this fraction of
#: the benchmark: a share of a tiny gap (1,524.8% of 0.3 points) says nothing.
MIN_BASE_GAP = 0.05


def _share_meaningful(view: pd.DataFrame) -> pd.Series:
    """Rows whose share of the gap closed is worth printing: still below the benchmark or
    target (one reached or surpassed says so in the status column) with a 2015 gap of at least
    :data:`MIN_BASE_GAP` of it."""
    base_gap = (view["benchmark"] - view["baseline"]).abs()
    return (view["value"] < view["benchmark"]) & (
        base_gap >= MIN_BASE_GAP * view["benchmark"].abs()
    )


def outlook_view(projection: pd.DataFrame) -> pd.DataFrame:
    """The mid-term outlook for display."""
    if projection.empty:
        return pd.DataFrame()
    cols = [
        "zone",
        "indicator",
        "last_value",
        "slope",
        "projection_2020",
        "lower",
        "upper",
        "benchmark",
        "status",
    ]
    return projection[cols].reset_index(drop=True)


def zone_progress(progress: pd.DataFrame, zone: str) -> pd.DataFrame:
    """A zone's and its tier's rows of :func:`benchmark_progress` (ranks among all zones)."""
    scopes = (zone, load_zones().loc[zone, "tier"])
    return progress_view(progress[progress["scope"].isin(scopes)], ["zone", "tier"])
