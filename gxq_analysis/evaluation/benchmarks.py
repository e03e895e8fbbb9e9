"""Benchmark gaps and progress since the 2015 baseline (plan §二(二)).

The plan compares Shenyang and Dalian with the national average of national high-tech zones on
four ratios.  For every scope (each zone, each tier, each level, all zones) and each of those
ratios this module reports the 2015 baseline, the value in the review's end year, the benchmark,
the gap and the share of the baseline gap closed.

Conventions (stated in every result's ``attrs["notes"]``):

- ratios in percent, as the plan prints them; gaps in percentage points;
- ``baseline`` is the plan's printed 2015 figure where the plan gives one for that scope
  (``baseline_source`` names the fact), else the panel's 2015 value; ``baseline_panel`` always
  holds the panel's own 2015 value so a discrepancy is visible;
- benchmarks: by default the plan's 2015 national averages (facts F15, F18, F21, F24) held
  constant through 2020 — the plan gives no later benchmark; a CSV of per-year benchmarks
  (``indicator, year, value, source``) replaces them;
- ``gap_closed`` = 1 − (benchmark_end − value) / (benchmark_2015 − baseline): the share of the
  2015 shortfall closed, each gap against its own year's benchmark (with a constant benchmark
  (value − baseline) / (benchmark − baseline)); negative when the gap widened; NaN for scopes
  that started at or above the benchmark;
- ``status``: "below benchmark" / "benchmark reached" for scopes that started below it,
  "at or above benchmark" / "fell below benchmark" for those that did not, judged on the end
  year's value; ``break_flag`` marks a comparison spanning a statistical break;
- ``cagr`` = compound annual growth of the ratio itself between 2015 and the end year, percent;
- ``rank`` = rank of ``value`` among scopes of the same kind (1 = highest), per indicator.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataError
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
    scope_value,
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


def _plan_baseline(scope: str, indicator: str) -> tuple[float, str] | None:
    f = load_plan_facts()
    hit = f[(f["scope"] == scope) & (f["indicator"] == indicator) & (f["year"] == BASELINE_YEAR)]
    if hit.empty:
        return None
    fid = hit.index[0]
    return float(hit.loc[fid, "value"]), f"plan_facts:{fid}"


def _status(base: float, value: float, bench_base: float, bench_end: float) -> str:
    """Where a scope stands at the end of the review against where it started."""
    if not np.isfinite(value):
        return "no data for end year"
    if not (np.isfinite(base) and np.isfinite(bench_base) and np.isfinite(bench_end)):
        return "not computable"
    if base < bench_base:
        return "benchmark reached" if value >= bench_end else "below benchmark"
    return "at or above benchmark" if value >= bench_end else "fell below benchmark"


def _progress_row(panel, scope, indicator, year, bench_base, bench_end, source):
    base_panel = scope_value(panel, indicator, scope, BASELINE_YEAR)
    plan = _plan_baseline(scope, indicator)
    base, base_src = plan if plan else (base_panel, "panel")
    value = scope_value(panel, indicator, scope, year)
    status = _status(base, value, bench_base, bench_end)
    # share of the 2015 shortfall closed: (gap_2015 - gap_end) / gap_2015, gaps measured
    # against each year's own benchmark; defined only for scopes that started below it
    closed = float("nan")
    if status in ("below benchmark", "benchmark reached"):
        closed = 1.0 - (bench_end - value) / (bench_base - base)
    return {
        "scope": scope,
        "scope_kind": scope_kind(scope),
        "indicator": indicator,
        "baseline": base,
        "baseline_source": base_src,
        "baseline_panel": base_panel,
        "value": value,
        "year": year,
        "benchmark": bench_end,
        "source": source,
        "gap": value - bench_end,
        "gap_closed": closed,
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


def benchmark_progress(
    panel: pd.DataFrame,
    review: str = "midterm",
    *,
    benchmarks: pd.DataFrame | str | Path | None = None,
    scopes: tuple[str, ...] | None = None,
    indicators: tuple[str, ...] = BENCHMARK_INDICATORS,
) -> pd.DataFrame:
    """Gaps to the national benchmarks and progress since 2015, per scope and indicator.

    Parameters
    ----------
    panel : canonical zone panel
    review : ``"midterm"`` (end 2018) or ``"final"`` (end 2020)
    benchmarks : optional table or CSV path with columns ``indicator, year, value, source``;
        default: the plan's 2015 national averages held constant (the output says so)
    scopes, indicators : restrict the rows

    Returns
    -------
    pandas.DataFrame
        Columns ``scope, scope_kind, indicator, baseline, baseline_source, baseline_panel,
        value, year, benchmark, source, gap, gap_closed, cagr, rank, status``;
        ``attrs["notes"]`` states the conventions and what the data could not answer.
    """
    panel = numbers_only(panel)
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
    for ind in indicators:
        check_indicator(panel, ind)
        if not available(panel, ind):
            notes.append(f"{ind}: the panel lacks its inputs; no rows.")
            continue
        b_base, _ = benchmark_at(bench, ind, BASELINE_YEAR)
        b_end, src = benchmark_at(bench, ind, end)
        rows += [_progress_row(panel, s, ind, end, b_base, b_end, src) for s in scopes]
    return _finish(rows, notes)


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
            )
        )
    return _finish(rows, ["Targets: user-supplied; gap = value − target."])
