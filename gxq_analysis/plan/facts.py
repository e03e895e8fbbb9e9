"""Plan facts: every figure the plan states about the zones, with section and verbatim quote."""

from __future__ import annotations

from functools import cache

import pandas as pd

from .. import config

#: Scopes that are groups of zones rather than one zone, and what each covers.
GROUP_SCOPES = {
    "all_zones": "all 15 zones",
    "national_zones": "the 8 national zones",
    "provincial_zones": "the 7 provincial zones",
    "provincial_zones_ex_dandong": "the provincial zones except Dandong (as the plan states)",
    "national_average": "national average over China's national high-tech zones (benchmark)",
    "liaoning_province": "Liaoning province as a whole",
}


@cache
def load_plan_facts() -> pd.DataFrame:
    """The plan facts table indexed by ``fact_id``.

    ``value`` is a float; ``value_printed`` keeps the plan's own digits (``8.0``, ``2.0``), which
    fix the precision a reproduction must match.
    """
    df = pd.read_csv(config.PLAN_FACTS_CSV, dtype=str, keep_default_na=False)
    df["value_printed"] = df["value"]
    df["value"] = df["value"].astype(float)
    df["year"] = df["year"].astype(int)
    return df.set_index("fact_id")


def printed_decimals(fact_id: str) -> int:
    """Number of decimals the plan printed for a fact."""
    s = load_plan_facts().loc[fact_id, "value_printed"]
    return len(s.split(".")[1]) if "." in s else 0


@cache
def plan_text() -> str:
    """The plan's Chinese text as shipped in ``data/plan/plan-zh.txt``."""
    return config.PLAN_TEXT.read_text(encoding="utf-8")
