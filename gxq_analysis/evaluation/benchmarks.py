"""Benchmark gaps and progress since the 2015 baseline (plan §二(二)).

The plan compares Shenyang and Dalian with the national average of national high-tech zones on
four ratios.  For every scope (each zone, each tier, each level, all zones) and each of those
ratios this module reports the 2015 baseline, the value in the review's end year, the benchmark,
the gap and the share of the baseline gap closed.

Conventions (stated in every result's ``attrs["notes"]``):

- ratios in percent, as the plan prints them; gaps in percentage points;
- ``baseline`` is the data's own 2015 value wherever the panel holds it (the evaluator's data
  are the truth of the review); only where the panel lacks it and the plan printed a figure for
  that scope is the plan's figure used, and ``baseline_source`` then names the fact
  (``plan_facts:F19``) instead of ``panel``. ``baseline_panel`` holds the panel's 2015 value and
  ``baseline_plan`` the plan's printed figure (NaN where the plan gives none), side by side, so
  that a difference between the two is visible (and is itself a finding); ``baseline_differs``
  is True where the two differ by more than the rounding of the plan's printed figure;
- benchmarks: by default the plan's 2015 national averages (facts F15, F18, F21, F24) held
  constant through 2020 — the plan gives no later benchmark; a CSV of per-year benchmarks
  (``indicator, year, value, source``) replaces them;
- ``gap_closed`` = 1 − (benchmark_end − value) / (benchmark_2015 − baseline): the share of the
  2015 shortfall closed, each gap against its own year's benchmark (with a constant benchmark
  (value − baseline) / (benchmark − baseline)); negative when the gap widened; NaN for scopes
  that started at or above the benchmark;
- change and noise: ``gap_change`` is the change of the gap (value − benchmark) since 2015, in
  percentage points; ``trend`` is "improved" or "worsened" when it moved by at least
  ``tolerance`` (default :data:`TOLERANCE_PP` = 0.1 point, the precision the ratios are
  reported with), else "unchanged": a gap that moved less than the reported figures can show
  is not called a trend;
- ``status``: "below benchmark" / "benchmark reached" for scopes that started below it,
  "at or above benchmark" / "fell below benchmark" for those that did not, judged on the end
  year's value; "level with benchmark" when the end value is within half the ``tolerance`` of
  the benchmark (the two read the same at the reported precision); "not in data" for a zone
  without data and "group incomplete" for a group some of whose zones lack data (a group
  total never covers fewer zones); ``break_flag`` marks a comparison spanning a statistical
  break;
- ``cagr`` = compound annual growth of the ratio itself between 2015 and the end year, percent;
- ``rank`` = rank of ``value`` among scopes of the same kind (1 = highest), per indicator.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataError, OptionError
from ..memo import analysis
from ..options import BASELINE_YEAR, review_years
from ..plan.breaks import spans_break
from ..plan.facts import load_plan_facts
from ..plan.zones import TIERS, zone_ids
from .scopes import (
    available,
    cagr,
    check_indicator,
    inputs_of,
    numbers_only,
    scope_kind,
    scope_members,
    scope_series,
)

#: The plan's benchmark ratios (§二(二)1), in the plan's order.
BENCHMARK_INDICATORS = ("hitech_firm_share", "export_share", "service_share", "rd_intensity")

COLUMNS = [
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

#: Changes of a gap smaller than this (percentage points) are "unchanged": the ratios are
#: reported with one decimal, so a smaller move is not visible in the figures the reader sees.
TOLERANCE_PP = 0.1
#: Statuses of scopes the data cannot speak to.
ABSENT_STATUSES = ("not in data", "group incomplete")


def default_scopes() -> tuple[str, ...]:
    return (*zone_ids(), *TIERS, "national_zones", "provincial_zones", "all_zones")


def plan_benchmarks() -> pd.DataFrame:
    """The plan's national averages as a benchmark table (indicator, year, value, source)."""
    f = load_plan_facts()
    f = f[f["scope"] == "national_average"]
    return pd.DataFrame(
        {
            "indicator": f["indicator"].to_numpy(),
            "year": f["year"].to_numpy(),
            "value": f["value"].to_numpy(),
            "source": [
                f"plan_facts:{i} (plan {s})" for i, s in zip(f.index, f["section"], strict=True)
            ],
        }
    )


def read_table(table: pd.DataFrame | str | Path, required: list[str], what: str) -> pd.DataFrame:
    if isinstance(table, pd.DataFrame):
        df, where = table.copy(), what
    else:
        where = str(table)
        try:
            df = pd.read_csv(table, dtype={"source": str})
        except (OSError, ValueError) as exc:
            raise DataError(f"cannot read {what}: {exc}", file=where) from exc
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise DataError(
            f"{what} lacks column(s) {', '.join(missing)}; required: {', '.join(required)}",
            file=where,
        )
    for i, row in df.iterrows():
        for col in ("year", "value"):
            if col in required and not np.isfinite(pd.to_numeric(row[col], errors="coerce")):
                raise DataError(
                    f"{col} must be a number, got {row[col]!r}",
                    file=where,
                    row=int(i) + 2,
                    column=col,
                )
        if "indicator" in required:
            try:
                check_indicator(pd.DataFrame(), str(row["indicator"]))
            except ValueError as exc:
                raise DataError(str(exc), file=where, row=int(i) + 2, column="indicator") from exc
    df["year"] = df["year"].astype(int)
    df["value"] = df["value"].astype(float)
    return df


def benchmark_at(bench: pd.DataFrame, indicator: str, year: int) -> tuple[float, str]:
    """The benchmark for a year: that year's value, else the latest earlier one (carried)."""
    b = bench[(bench["indicator"] == indicator) & (bench["year"] <= year)]
    if b.empty:
        return float("nan"), "no benchmark"
    row = b.sort_values("year").iloc[-1]
    carried = "" if int(row["year"]) == year else f"; {int(row['year'])} value held constant"
    return float(row["value"]), f"{row['source']}{carried}"


@cache
def plan_baseline(scope: str, indicator: str) -> tuple[float, str] | None:
    """The plan's printed 2015 figure for a scope and indicator, with its fact id, or None."""
    f = load_plan_facts()
    hit = f[(f["scope"] == scope) & (f["indicator"] == indicator) & (f["year"] == BASELINE_YEAR)]
    if hit.empty:
        return None
    fid = hit.index[0]
    return float(hit.loc[fid, "value"]), f"plan_facts:{fid}"


def plan_rounding(fact_id: str) -> float:
    """Half a unit of the last digit the plan printed for a fact (0.05 for ``7.2``): a value
    closer than this to the printed figure is the same figure."""
    printed = str(load_plan_facts().loc[fact_id.removeprefix("plan_facts:"), "value_printed"])
    return 0.5 * 10.0 ** -len(printed.partition(".")[2])


def _status(base: float, value: float, bench_base: float, bench_end: float, tol: float) -> str:
    """Where a scope stands at the end of the review against where it started."""
    if not np.isfinite(value):
        return "no data for end year"
    if not (np.isfinite(base) and np.isfinite(bench_base) and np.isfinite(bench_end)):
        return "not computable"
    if abs(value - bench_end) < tol / 2:  # the same figure at the reported precision
        return "level with benchmark"
    if base < bench_base:
        return "benchmark reached" if value >= bench_end else "below benchmark"
    return "at or above benchmark" if value >= bench_end else "fell below benchmark"


def _trend(change: float, tol: float) -> str:
    """``improved``, ``worsened`` or ``unchanged`` (a move smaller than ``tol``); empty if the
    gap is not known at both ends."""
    if not np.isfinite(change):
        return ""
    if abs(change) < tol:
        return "unchanged"
    return "improved" if change > 0 else "worsened"


def zones_present(panel: pd.DataFrame) -> frozenset[str]:
    """Zones with at least one value in the panel."""
    return frozenset(panel.index[panel.notna().any(axis=1)].get_level_values(0))


def _presence(present: frozenset[str], scope: str) -> str:
    """The absent status of a scope some of whose zones have no data, else ``""``."""
    if all(m in present for m in scope_members(scope)):
        return ""
    return "not in data" if scope_kind(scope) == "zone" else "group incomplete"


def _progress_row(panel, scope, indicator, year, bench_base, bench_end, source, tol, present):
    series = scope_series(panel, indicator, scope)  # once for both years
    base_panel = float(series.get(BASELINE_YEAR, np.nan))
    plan = plan_baseline(scope, indicator)
    base_plan = plan[0] if plan else float("nan")
    differs = bool(
        plan is not None
        and np.isfinite(base_panel)
        and abs(base_panel - base_plan) >= plan_rounding(plan[1])
    )
    # the data are the baseline wherever they hold it; the plan's figure only fills a hole,
    # and says so in baseline_source
    if np.isfinite(base_panel) or plan is None:
        base, base_src = base_panel, "panel"
    else:
        base, base_src = plan
    value = float(series.get(year, np.nan))
    status = _presence(present, scope) or _status(base, value, bench_base, bench_end, tol)
    # share of the 2015 shortfall closed: (gap_2015 - gap_end) / gap_2015, gaps measured
    # against each year's own benchmark; defined only for scopes that started below it
    closed = float("nan")
    started_below = np.isfinite(base) and np.isfinite(bench_base) and base < bench_base
    if started_below and np.isfinite(value) and np.isfinite(bench_end):
        closed = 1.0 - (bench_end - value) / (bench_base - base)
    change = (value - bench_end) - (base - bench_base)
    return {
        "scope": scope,
        "scope_kind": scope_kind(scope),
        "indicator": indicator,
        "baseline": base,
        "baseline_source": base_src,
        "baseline_panel": base_panel,
        "baseline_plan": base_plan,
        "baseline_differs": differs,
        "value": value,
        "year": year,
        "benchmark": bench_end,
        "source": source,
        "gap": value - bench_end,
        "gap_closed": closed,
        "gap_change": change,
        "trend": _trend(change, tol),
        "cagr": cagr(base, value, year - BASELINE_YEAR),
        "status": status,
        "break_flag": spans_break(indicator, BASELINE_YEAR, year, panel),
    }


def _finish(rows: list[dict], notes: list[str]) -> pd.DataFrame:
    out = pd.DataFrame(rows)
    if out.empty:
        out = pd.DataFrame(columns=COLUMNS)
    out["rank"] = (
        out.groupby(["indicator", "scope_kind"])["value"]
        .rank(ascending=False, method="min")
        .astype("Int64")
    )
    out = out[COLUMNS].reset_index(drop=True)
    out.attrs["notes"] = notes
    return out


@analysis(paths=("benchmarks",))
def benchmark_progress(
    panel: pd.DataFrame,
    review: str = "midterm",
    *,
    benchmarks: pd.DataFrame | str | Path | None = None,
    scopes: tuple[str, ...] | None = None,
    indicators: tuple[str, ...] = BENCHMARK_INDICATORS,
    tolerance: float = TOLERANCE_PP,
) -> pd.DataFrame:
    """Gaps to the national benchmarks and progress since 2015, per scope and indicator.

    Parameters
    ----------
    panel : canonical zone panel
    review : ``"midterm"`` (end 2018) or ``"final"`` (end 2020)
    benchmarks : optional table or CSV path with columns ``indicator, year, value, source``;
        default: the plan's 2015 national averages held constant (the output says so)
    scopes, indicators : restrict the rows
    tolerance : a change of a gap smaller than this (percentage points) counts as none
        (``trend`` "unchanged"); an end value within half of it from the benchmark is "level
        with benchmark"

    Returns
    -------
    pandas.DataFrame
        Columns ``scope, scope_kind, indicator, baseline, baseline_source, baseline_panel,
        baseline_plan, baseline_differs, value, year, benchmark, source, gap, gap_closed,
        gap_change, trend, cagr, rank, status, break_flag``; ``attrs["notes"]`` states the
        conventions and what the data could not answer, ``attrs["tolerance"]`` the tolerance.
    """
    panel = numbers_only(panel)
    tolerance = _check_tolerance(tolerance)
    _, end = review_years(review)
    if benchmarks is None:
        bench = plan_benchmarks()
        notes = [
            "Benchmarks: the plan's 2015 national averages of national high-tech zones, held "
            "constant to the review year (the plan states no later benchmark)."
        ]
    else:
        bench = read_table(benchmarks, ["indicator", "year", "value", "source"], "benchmarks")
        notes = [
            "Benchmarks: user-supplied table; the latest benchmark at or before each year is used."
        ]
    scopes = scopes or default_scopes()
    for s in scopes:
        scope_kind(s)
    rows = []
    present = zones_present(panel)
    for ind in indicators:
        check_indicator(panel, ind)
        if not available(panel, ind):
            notes.append(f"{ind}: the panel lacks its inputs; no rows.")
            continue
        b_base, _ = benchmark_at(bench, ind, BASELINE_YEAR)
        b_end, src = benchmark_at(bench, ind, end)
        rows += [
            _progress_row(panel, s, ind, end, b_base, b_end, src, tolerance, present)
            for s in scopes
        ]
    notes.append(
        f"Baselines: the data's own {BASELINE_YEAR} values; the plan's printed figures are shown "
        "beside them (baseline_plan) and used only where the data lack the value."
    )
    notes.append(f"A gap that moved by less than {tolerance:g} percentage points is 'unchanged'.")
    out = _finish(rows, notes)
    out.attrs["tolerance"] = tolerance
    return out


def _check_tolerance(tolerance: float) -> float:
    if isinstance(tolerance, bool) or not isinstance(tolerance, int | float) or tolerance < 0:
        raise OptionError(
            f"tolerance={tolerance!r} is not allowed; give a number of percentage points >= 0"
        )
    return float(tolerance)


def evaluate_targets(
    panel: pd.DataFrame,
    targets: pd.DataFrame | str | Path,
    review: str = "final",
) -> pd.DataFrame:
    """Evaluate user-defined numeric targets (``indicator, scope, year, value[, source]``).

    Each target is treated like a benchmark for its scope: the result has the same columns as
    :func:`benchmark_progress`, ``benchmark`` being the target. A target is judged in its own
    year, or in the review's end year when it lies later (``source`` then says so, e.g. a 2020
    target in the mid-term review is compared with 2018).

    Raises
    ------
    DataError
        Naming the row and column of a target whose scope is unknown or whose indicator the
        panel cannot give.
    """
    _, end = review_years(review)
    t = read_table(targets, ["indicator", "scope", "year", "value"], "targets")
    if "source" not in t:
        t["source"] = "user target"
    rows = []
    present = zones_present(panel)
    for i, r in t.iterrows():
        where = {"file": "targets", "row": int(i) + 2}
        try:
            scope_kind(str(r["scope"]))
        except ValueError as exc:
            raise DataError(str(exc), column="scope", **where) from exc
        if not available(panel, r["indicator"]):
            raise DataError(
                f"the panel has no data for {r['indicator']!r} (needs: "
                f"{', '.join(inputs_of(r['indicator']))})",
                column="indicator",
                **where,
            )
        target_year = int(r["year"])
        year = min(target_year, end)
        note = "" if year == target_year else f"; judged in {year}, the review's last year"
        rows.append(
            _progress_row(
                panel,
                r["scope"],
                r["indicator"],
                year,
                r["value"],
                r["value"],
                f"{r['source']} (target for {target_year}{note})",
                TOLERANCE_PP,
                present,
            )
        )
    return _finish(rows, ["Targets: user-supplied; gap = value − target."])
