"""The overview chapter's tables and numbers: the registry, the plan's 2015 figures, data
coverage, headline indicators by scope.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ...errors import OptionError
from ...evaluation.scopes import scope_members, scope_series, scope_value
from ...evaluation.support import zones_with_data
from ...options import review_years
from ...plan.codebook import load_codebook
from ...plan.facts import load_plan_facts
from ...plan.zones import load_zones
from ..strings import inline, join_words, scope_label

__all__ = [
    "baseline_facts",
    "coverage",
    "coverage_table",
    "headline_growth",
    "incomplete_scopes",
    "scope_table",
    "scopes_named",
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


def _data_value(panel: pd.DataFrame, scope: str, indicator: str, year: int) -> float:
    """The panel's value of a plan fact's scope and indicator, NaN where it cannot give one
    (scopes such as the national average, indicators outside the codebook)."""
    try:
        return scope_value(panel, indicator, scope, year)
    except OptionError:
        return float("nan")


def baseline_facts(scope: str | None = None, panel: pd.DataFrame | None = None) -> pd.DataFrame:
    """The plan's 2015 figures (scope, indicator, value as printed, unit, plan section), with
    the data's own 2015 value beside each (``data_value``) when a panel is given: the plan's
    figure is shown, never put in the place of the data's."""
    f = load_plan_facts()
    f = f[(f["year"] == 2015) & (f["indicator"] != "zone_count")]
    if scope is not None:
        f = f[f["scope"] == scope]
    # the plan's own digits (8.0, 2.0), not a float re-rendered
    out = f[["scope", "indicator", "value_printed", "unit", "section"]].reset_index(drop=True)
    out = out.rename(columns={"value_printed": "plan_value"})
    if panel is not None:
        values = [
            _data_value(panel, sc, ind, int(y))
            for sc, ind, y in zip(f["scope"], f["indicator"], f["year"], strict=True)
        ]
        out.insert(3, "data_value", pd.Series(values, dtype=float))
    return out


def coverage(panel: pd.DataFrame) -> dict[str, int]:
    """Zones with data, first and last year and observations of the panel."""
    years = panel.index.get_level_values(1)
    return {
        "n_zones": len(zones_with_data(panel)),
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


def incomplete_scopes(panel: pd.DataFrame, scopes: Iterable[str]) -> tuple[str, ...]:
    """The scopes some of whose zones the panel holds no data for: their totals cannot be
    computed (a group total never covers fewer zones)."""
    present = set(zones_with_data(panel))
    return tuple(s for s in scopes if not all(m in present for m in scope_members(s)))


def scope_table(
    panel: pd.DataFrame,
    indicators: Iterable[str],
    scopes: Iterable[str],
    years: Iterable[int],
) -> pd.DataFrame:
    """Indicator values by scope for chosen years (group values as in the evaluation layer).

    Scopes of :func:`incomplete_scopes` are left out: a row of dashes says nothing (the chapter
    names them once instead); indicators the panel lacks altogether are left out too.
    """

    years = list(years)
    scopes = [s for s in scopes if s not in incomplete_scopes(panel, scopes)]
    rows = []
    for ind in indicators:
        if ind not in panel or panel[ind].isna().all():
            continue
        for sc in scopes:
            s = scope_series(panel, ind, sc)
            rows.append(
                {"scope": sc, "indicator": ind, **{str(y): float(s.get(y, np.nan)) for y in years}}
            )
    return pd.DataFrame(rows)


def headline_growth(
    panel: pd.DataFrame, indicator: str, review: str, lang: str
) -> tuple[str, dict[str, object]]:
    """The sentence on the indicator's growth: its catalogue key and fields.

    The largest group the data hold every zone of (all zones, else the national or the
    provincial zones) from the baseline to the review's end; ``prose.overview.headline_none``
    when no group can be computed in both years (never a sentence of dashes).
    """
    base, end = review_years(review)
    for scope in ("all_zones", "national_zones", "provincial_zones"):
        b = scope_value(panel, indicator, scope, base)
        v = scope_value(panel, indicator, scope, end)
        if np.isfinite(b) and np.isfinite(v) and b > 0:
            cagr = 100 * ((v / b) ** (1 / (end - base)) - 1)
            name = inline(scope_label(scope, lang), lang)
            fields = {"scope": name, "baseline_year": base, "baseline": b}
            return "prose.overview.headline", {**fields, "year": end, "value": v, "cagr": cagr}
    return "prose.overview.headline_none", {"baseline_year": base, "year": end}


def scopes_named(scopes: Iterable[str], lang: str) -> str:
    """Scopes in running text (``省级高新区、全省高新区``)."""
    return join_words((scope_label(s, lang) for s in scopes), lang)
