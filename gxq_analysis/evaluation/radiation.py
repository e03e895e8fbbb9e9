"""Radiation: each zone's GDP as a share of its host city's GDP (plan §二(二)2).

Changes across a statistical break (2016 correction, 2019 census revision) compare numbers on
different bases: they are kept in ``change_pp`` but flagged, and ``change_reported`` is NaN for
them, so a chapter never reports them as real.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..memo import analysis
from ..options import BASELINE_YEAR
from ..plan.breaks import breaks_for
from ..plan.facts import load_plan_facts
from ..plan.zones import resolve_zone, zone_ids
from .scopes import scope_series

RADIATION_COLUMNS = [
    "zone",
    "year",
    "city_gdp_share",
    "plan_2015",
    "change_pp",
    "break_flag",
    "break_note",
    "change_reported",
]


@analysis
def radiation(panel: pd.DataFrame, *, zones: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Zone GDP share of city GDP by zone and year, with year-on-year change and break flags.

    Returns
    -------
    DataFrame with columns ``zone, year, city_gdp_share`` (percent), ``plan_2015`` (the plan's
    printed figure, where it gives one), ``change_pp`` (change from the previous year,
    percentage points), ``break_flag`` (True when the change spans a break), ``break_note``,
    ``change_reported`` (``change_pp`` unless flagged).
    """
    facts = load_plan_facts()
    plan = facts[(facts["indicator"] == "city_gdp_share") & (facts["year"] == BASELINE_YEAR)]
    plan_by_zone = dict(zip(plan["scope"], plan["value"], strict=True))
    breaks = {b.year: b for b in breaks_for("city_gdp_share", panel)}
    rows = []
    present = set(panel.index.get_level_values(0))
    zones = tuple(resolve_zone(z) for z in zones) if zones else zone_ids()
    for z in zones:
        if z not in present:
            continue
        s = scope_series(panel, "city_gdp_share", z)
        prev = s.shift(1)
        for year, value in s.items():
            b = breaks.get(int(year))
            change = value - prev.get(year, np.nan)
            rows.append(
                {
                    "zone": z,
                    "year": int(year),
                    "city_gdp_share": value,
                    "plan_2015": plan_by_zone.get(z, np.nan) if year == BASELINE_YEAR else np.nan,
                    "change_pp": change,
                    "break_flag": b is not None and np.isfinite(change),
                    "break_note": b.en if b is not None else "",
                    "change_reported": np.nan if b is not None else change,
                }
            )
    out = pd.DataFrame(rows, columns=RADIATION_COLUMNS)
    out.attrs["notes"] = [
        "city_gdp_share = 100 × zone GDP / host-city GDP (Suizhong: Huludao city).",
        "Changes spanning a statistical break are flagged and not reported as real change: "
        + "; ".join(f"{b.year}: {b.en}" for b in breaks.values()),
    ]
    return out
