"""Key tasks and radiation for display: what the data can measure, growth, city GDP shares."""

from __future__ import annotations

import pandas as pd

from ...options import review_years
from ..strings import join_words, label, t

__all__ = ["key_tasks_view", "radiation_view", "task_coverage_view"]


def task_coverage_view(tasks: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Which key tasks the data can measure (from ``key_tasks(...).attrs["coverage"]``)."""
    cov = tasks.attrs["coverage"]

    def names(codes: str) -> str:
        return join_words((label(c, lang, unit=False) for c in codes.split(", ") if c), lang)

    def reason(row: pd.Series) -> str:
        if not row["reason"]:
            return ""
        return t(f"task.reason.{row['reason']}", lang, missing=names(row["missing"]))

    return pd.DataFrame(
        {
            "task": [t(f"task.{k}", lang) for k in cov["task"]],
            "section": cov["section"],
            "measurable": cov["measurable"].astype(bool),
            "indicators": [names(x) for x in cov["indicators"]],
            "reason": [reason(r) for _, r in cov.iterrows()],
        }
    )


def key_tasks_view(tasks: pd.DataFrame) -> pd.DataFrame:
    """Key-task indicators: scope, indicator, 2015 and end values, growth."""
    if tasks.empty:
        return pd.DataFrame()
    cols = ["scope", "indicator", "baseline", "value", "growth_pct", "cagr"]
    # a group some of whose zones lack data has no values: not a row of dashes
    known = tasks[["baseline", "value"]].notna().any(axis=1)
    # an indicator that serves several tasks is shown once
    return tasks[known][cols].drop_duplicates(["scope", "indicator"]).reset_index(drop=True)


def radiation_view(rad: pd.DataFrame, review: str) -> pd.DataFrame:
    """City GDP shares up to the review's end year, with the plan's 2015 figure and flags."""
    if rad.empty or rad["city_gdp_share"].isna().all():
        return pd.DataFrame()

    end = review_years(review)[1]
    sub = rad[rad["year"] <= end]
    wide = sub.pivot(index="zone", columns="year", values="city_gdp_share")
    wide = wide.reindex([z for z in dict.fromkeys(sub["zone"])])
    wide.columns = [str(c) for c in wide.columns]
    plan = sub.dropna(subset=["plan_2015"]).set_index("zone")["plan_2015"]
    wide.insert(0, "plan_2015", plan.reindex(wide.index))
    # change since 2015 without the year-on-year jumps that span a statistical break
    after = sub[sub["year"] > 2015]
    wide["change_excl_breaks"] = after.groupby("zone")["change_reported"].sum(min_count=1)
    return wide.reset_index()
