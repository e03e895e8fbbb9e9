"""Benchmark and target progress for display, and the mid-term outlook."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ...plan.zones import load_zones

__all__ = ["MIN_BASE_GAP", "outlook_view", "progress_indicators", "progress_view", "zone_progress"]


def progress_indicators(progress: pd.DataFrame) -> tuple[str, ...]:
    """The benchmark indicators the progress table has rows for (the data had their inputs)."""
    return tuple(dict.fromkeys(progress["indicator"]))


def progress_view(progress: pd.DataFrame, kind: str | Iterable[str]) -> pd.DataFrame:
    """Rows of :func:`benchmark_progress` for scope kinds, with the columns a chapter shows."""
    kinds = [kind] if isinstance(kind, str) else list(kind)
    cols = [
        "scope",
        "indicator",
        "baseline",
        "value",
        "benchmark",
        "gap",
        "gap_closed",
        "rank",
        "status",
    ]
    view = progress[progress["scope_kind"].isin(kinds)][cols].reset_index(drop=True)
    view["gap_closed"] = view["gap_closed"].where(_share_meaningful(view))
    return view


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
