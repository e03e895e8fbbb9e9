"""The province chapter's views: Liaoning in national context (real data).

Each view takes results of :mod:`gxq_analysis.evaluation.province` and returns a table or the
long data the province figure takes.
"""

from __future__ import annotations

import pandas as pd

from ...evaluation.province import MEASURES
from ..display import show_table

__all__ = ["frame_rich", "province_inference_view", "province_long", "province_measures"]


def frame_rich(df: pd.DataFrame, lang: str):
    """A table whose headers are already in the chapter language (e.g. province summaries).

    The index holds internal codes (the row labels are a column already), so it is left out.
    """

    return show_table(df.reset_index(drop=True), lang=lang)


def province_measures() -> tuple[str, ...]:
    """Codes of the province measures, in display order."""

    return tuple(MEASURES)


def province_long(context, measure: str) -> pd.DataFrame:
    """One province measure as the province figure takes it (indicator ``prov_<code>``)."""
    out = context.long(measure)
    out["indicator"] = "prov_" + out["indicator"].astype(str)
    return out


def province_inference_view(regression) -> pd.DataFrame:
    """Province regression slopes with cluster and bootstrap inference."""
    t = regression.table.reset_index()
    cols = ["outcome", "term", "coef", "std_err", "pvalue", "p_wcr", "ci_wcr_lower", "ci_wcr_upper"]
    return t[cols]
