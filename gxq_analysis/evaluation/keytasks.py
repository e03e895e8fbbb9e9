"""Indicators for the plan's key tasks (§四) and safeguards (§五), by zone and tier.

Each task gets the panel indicators that speak to it; tasks the data cannot measure are listed
with the reason, so a chapter says plainly where the evidence stops.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..memo import analysis
from ..options import BASELINE_YEAR, review_years
from ..plan.breaks import spans_break
from ..plan.zones import TIERS, zone_ids
from .scopes import available, cagr, numbers_only, scope_series


@dataclass(frozen=True)
class Task:
    """A key task of the plan: its id, plan section, indicators and, when it has none, the
    code of the reason (the wording of both is in the presentation layer's catalogue:
    ``task.<key>`` and ``task.reason.<why_not>``)."""

    key: str
    section: str
    indicators: tuple[str, ...]
    why_not: str = ""  # reason code when no indicator: why the data cannot speak to it


TASKS: tuple[Task, ...] = (
    Task(
        "industry",
        "四(一)",
        ("revenue", "hitech_va", "hitech_firms", "hitech_firm_share", "exports"),
    ),
    Task(
        "incubation",
        "四(二)",
        ("incubator_area", "incubated_firms", "vc_investment"),
    ),
    Task(
        "internet_plus",
        "四(三)",
        (),
        "no_internet_indicator",
    ),
    Task("talent", "四(四)", ("rd_personnel", "employees")),
    Task(
        "clusters",
        "四(五)",
        (),
        "no_cluster_output",
    ),
    Task(
        "platforms",
        "二(一)3/四(五)",
        ("rd_institutions", "rd_expenditure", "rd_intensity", "patents"),
    ),
    Task(
        "governance",
        "五(一)",
        (),
        "governance_not_quantified",
    ),
    Task(
        "finance",
        "五(二)3",
        ("tech_loans", "vc_investment"),
    ),
    Task("policy", "五(三)", ("fiscal_st", "fiscal_st_share")),
    Task(
        "culture",
        "五(四)",
        (),
        "culture_not_measured",
    ),
)


def task_coverage(panel: pd.DataFrame) -> pd.DataFrame:
    """One row per task: which indicators the panel can give and, if none, why.

    Codes only: ``task`` (the task id), ``indicators`` and ``missing`` (comma-separated
    codebook codes), ``measurable``, ``reason`` (a reason code, empty when measurable).
    """
    rows = []
    for t in TASKS:
        have = [i for i in t.indicators if available(panel, i)]
        missing = [i for i in t.indicators if i not in have]
        reason = t.why_not or ("indicators_missing" if not have else "")
        rows.append(
            {
                "task": t.key,
                "section": t.section,
                "indicators": ", ".join(have),
                "missing": ", ".join(missing),
                "measurable": bool(have),
                "reason": reason,
            }
        )
    return pd.DataFrame(rows)


@analysis
def key_tasks(
    panel: pd.DataFrame, review: str = "final", *, scopes: tuple[str, ...] | None = None
) -> pd.DataFrame:
    """Key-task indicators by scope: 2015 value, end-year value and growth since 2015.

    Returns
    -------
    pandas.DataFrame
        Columns ``task, section, indicator, scope, baseline, value, year, change, growth_pct,
        cagr, break_flag``; growth across a statistical break is flagged (``break_flag``) and
        its growth figures set to NaN rather than reported as real.
    """
    panel = numbers_only(panel)
    _, end = review_years(review)
    scopes = scopes or (*zone_ids(), *TIERS, "all_zones")
    present = set(panel.index.get_level_values(0))
    rows = []
    for t in TASKS:
        for ind in t.indicators:
            if not available(panel, ind):
                continue
            flagged = spans_break(ind, BASELINE_YEAR, end, panel)
            for sc in scopes:
                if sc in zone_ids() and sc not in present:
                    continue
                s = scope_series(panel, ind, sc)
                b, v = s.get(BASELINE_YEAR, np.nan), s.get(end, np.nan)
                ok = np.isfinite(b) and np.isfinite(v) and b > 0 and not flagged
                rows.append(
                    {
                        "task": t.key,
                        "section": t.section,
                        "indicator": ind,
                        "scope": sc,
                        "baseline": b,
                        "value": v,
                        "year": end,
                        "change": v - b,
                        "growth_pct": 100 * (v / b - 1) if ok else np.nan,
                        "cagr": cagr(b, v, end - BASELINE_YEAR) if ok else np.nan,
                        "break_flag": flagged,
                    }
                )
    out = pd.DataFrame(rows)
    out.attrs["coverage"] = task_coverage(panel)
    out.attrs["notes"] = [
        "Group values are sums over zones (ratios: ratio of sums).",
        "Growth across a statistical break is flagged and not computed.",
    ]
    return out
