"""The overview chapter's tables and numbers: the registry, the plan's 2015 figures, data
coverage, headline indicators by scope.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ...evaluation.scopes import scope_series, scope_value
from ...options import review_years
from ...plan.codebook import load_codebook
from ...plan.facts import load_plan_facts
from ...plan.zones import load_zones

__all__ = [
    "baseline_facts",
    "coverage",
    "coverage_table",
    "headline_growth",
    "scope_table",
    "zone_counts",
    "zones_table",
]


def zone_counts() -> dict[str, int]:
    """Numbers of zones in the registry: all, national and provincial."""
    z = load_zones()
    return {
        "n_zones": len(z),
        "n_national": int((z["level"] == "national").sum()),
        "n_provincial": int((z["level"] == "provincial").sum()),
    }


def zones_table() -> pd.DataFrame:
    """The registry for display: zone, city, level, tier."""
    z = load_zones().reset_index()
    return z[["zone", "city", "level", "tier"]]


def baseline_facts(scope: str | None = None) -> pd.DataFrame:
    """The plan's 2015 figures (scope, indicator, value as printed, unit, plan section)."""
    f = load_plan_facts()
    f = f[(f["year"] == 2015) & (f["indicator"] != "zone_count")]
    if scope is not None:
        f = f[f["scope"] == scope]
    # the plan's own digits (8.0, 2.0), not a float re-rendered
    out = f[["scope", "indicator", "value_printed", "unit", "section"]].reset_index(drop=True)
    return out.rename(columns={"value_printed": "plan_value"})


def coverage(panel: pd.DataFrame) -> dict[str, int]:
    """Zones, first and last year and observations of the panel."""
    years = panel.index.get_level_values(1)
    return {
        "n_zones": int(panel.index.get_level_values(0).nunique()),
        "start": int(years.min()),
        "end": int(years.max()),
        "n_obs": len(panel),
    }


def coverage_table(panel: pd.DataFrame) -> pd.DataFrame:
    """Per indicator: block, unit, observed and missing values."""
    cb = load_codebook()
    rows = [
        {
            "indicator": code,
            "unit": cb.loc[code, "unit"],
            "observed": int(panel[code].notna().sum()),
            "missing": int(panel[code].isna().sum()),
        }
        for code in cb.index
        if code in panel
    ]
    return pd.DataFrame(rows)


def scope_table(
    panel: pd.DataFrame,
    indicators: Iterable[str],
    scopes: Iterable[str],
    years: Iterable[int],
) -> pd.DataFrame:
    """Indicator values by scope for chosen years (group values as in the evaluation layer)."""

    years = list(years)
    rows = []
    for ind in indicators:
        for sc in scopes:
            s = scope_series(panel, ind, sc)
            rows.append(
                {"scope": sc, "indicator": ind, **{str(y): float(s.get(y, np.nan)) for y in years}}
            )
    return pd.DataFrame(rows)


def headline_growth(panel: pd.DataFrame, indicator: str, review: str) -> dict[str, float]:
    """All zones' indicator in the baseline and end year with its annual growth (percent)."""

    base, end = review_years(review)
    b = scope_value(panel, indicator, "all_zones", base)
    v = scope_value(panel, indicator, "all_zones", end)
    cagr = 100 * ((v / b) ** (1 / (end - base)) - 1) if b > 0 else float("nan")
    return {"baseline_year": base, "baseline": b, "year": end, "value": v, "cagr": cagr}
