"""Mid-term outlook: will each zone reach the benchmark by 2020 on its 2015–2018 trend?

Rule (stated in every result): a straight line is fitted by OLS to the indicator's values
2015–2018 (four points); its 2020 projection comes with a ``level`` prediction interval
(Student t, n − 2 = 2 degrees of freedom).  A zone is

- **on track** when the whole interval lies at or above the 2020 benchmark,
- **off track** when the whole interval lies below it,
- **at risk** otherwise (the interval straddles the benchmark).

With four points the interval is wide; the classification is a screening device, not a
forecast, and the chapter says so.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import OptionError
from ..memo import analysis
from ..options import BASELINE_YEAR, check_level, check_review, review_years
from ..plan.zones import zone_ids
from .benchmarks import BENCHMARK_INDICATORS, benchmark_at, plan_benchmarks, read_table
from .scopes import available, check_indicator, numbers_only, scope_series

TARGET_YEAR = 2020
STATUSES = ("on track", "at risk", "off track")


def trend_projection(
    years: np.ndarray, values: np.ndarray, target_year: int, level: float
) -> tuple[float, float, float, float]:
    """(slope, projection, lower, upper) of an OLS line at ``target_year`` with a prediction
    interval; NaNs when fewer than three finite points."""
    ok = np.isfinite(values)
    x, y = years[ok].astype(float), values[ok].astype(float)
    n = len(x)
    if n < 3:
        return (np.nan,) * 4
    xbar = x.mean()
    sxx = ((x - xbar) ** 2).sum()
    slope = ((x - xbar) * (y - y.mean())).sum() / sxx
    intercept = y.mean() - slope * xbar
    resid = y - (intercept + slope * x)
    s2 = (resid**2).sum() / (n - 2)
    pred = intercept + slope * target_year
    se = np.sqrt(s2 * (1 + 1 / n + (target_year - xbar) ** 2 / sxx))
    q = stats.t.ppf(0.5 + level / 2, n - 2)
    return slope, pred, pred - q * se, pred + q * se


def classify(lower: float, upper: float, benchmark: float) -> str:
    if not (np.isfinite(lower) and np.isfinite(upper) and np.isfinite(benchmark)):
        return "not computable"
    if lower >= benchmark:
        return "on track"
    if upper < benchmark:
        return "off track"
    return "at risk"


@analysis(paths=("benchmarks",))
def outlook(
    panel: pd.DataFrame,
    review: str = "midterm",
    *,
    level: float = 0.90,
    indicators: tuple[str, ...] = BENCHMARK_INDICATORS,
    benchmarks: pd.DataFrame | str | Path | None = None,
) -> pd.DataFrame:
    """Project each zone's benchmark indicators to 2020 and classify them.

    Only meaningful for the mid-term review (the final review observes 2020); asking for it
    with ``review="final"`` is an error that says so.

    Returns
    -------
    pandas.DataFrame
        Columns ``zone, indicator, last_value, slope`` (per year), ``projection_2020, lower,
        upper, benchmark, status``, with ``attrs["rule"]`` stating the classification rule.
    """
    panel = numbers_only(panel)
    check_review(review)
    if review != "midterm":
        raise OptionError(
            "outlook is defined for review='midterm' only (the final review observes 2020); "
            "allowed: 'midterm'"
        )
    level = check_level(level)
    base, end = review_years(review)
    for ind in indicators:
        check_indicator(panel, ind)
    if benchmarks is None:
        bench = plan_benchmarks()
    else:
        bench = read_table(benchmarks, ["indicator", "year", "value", "source"], "benchmarks")
    notes = [
        f"{ind}: the panel lacks its inputs; no projection."
        for ind in indicators
        if not available(panel, ind)
    ]
    years = np.arange(base, end + 1)
    rows = []
    for ind in indicators:
        if not available(panel, ind):
            continue
        b, _ = benchmark_at(bench, ind, TARGET_YEAR)
        for z in zone_ids():
            if z not in panel.index.get_level_values(0):
                continue
            s = scope_series(panel, ind, z).reindex(years)
            slope, pred, lo, hi = trend_projection(years, s.to_numpy(), TARGET_YEAR, level)
            rows.append(
                {
                    "zone": z,
                    "indicator": ind,
                    "last_value": s.get(end, np.nan),
                    "slope": slope,
                    "projection_2020": pred,
                    "lower": lo,
                    "upper": hi,
                    "benchmark": b,
                    "status": classify(lo, hi, b),
                }
            )
    out = pd.DataFrame(rows)
    out.attrs["rule"] = (
        f"Linear OLS trend on {BASELINE_YEAR}–{end}, projected to {TARGET_YEAR} with a "
        f"{level:.0%} prediction interval (t, n−2 df). On track: interval at or above the "
        "benchmark; off track: interval below it; at risk: interval straddles it."
    )
    out.attrs["level"] = level
    out.attrs["notes"] = notes
    return out
