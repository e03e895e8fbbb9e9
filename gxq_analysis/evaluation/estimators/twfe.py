"""The two-way fixed-effects DiD with randomization inference (:func:`~gxq_analysis.did`).

Registered as ``twfe`` (in words: ``did``): fitted on every outcome the DiD can use, in every
evaluation (the chapter's design checks, the pre-trend test and the placebo start years, read
it). Its tests: randomization inference over every assignment of the treated zones on the
classical t (``did_ri``, which ranks the assignments as the absolute coefficient does) or on
the clustered t (``did_ri_clustered``); and, measured by the benchmark as comparisons only, the
cluster-robust t (``did_crv1``) and the wild cluster restricted bootstrap (``did_wcr``).
"""

from __future__ import annotations

import numpy as np

from ..did import DiDResult, did
from . import FitContext, PolicyEstimator, PolicyTest, Reading, register_estimator

__all__ = ["TWFE", "fit_twfe", "ri_draws", "ri_reading"]


def fit_twfe(panel, outcome: str, context: FitContext) -> DiDResult:
    """:func:`~gxq_analysis.did` with the design of ``context`` (randomization statistic from
    its options, ``"classical"`` by default)."""
    return did(
        panel,
        outcome,
        treated=context.treated,
        start=context.start,
        B=context.B,
        seed=context.seed,
        level=context.level,
        ri_statistic=context.options.get("ri_statistic", "classical"),
    )


def ri_reading(result: DiDResult) -> Reading:
    """The DiD's headline inference: estimate, interval, p-value, and ``1/A``."""
    ri = result.randomization
    floor = ri.min_pvalue if ri is not None else float("nan")
    return Reading(result.att, result.conf_int(), result.pvalue, floor)


def ri_draws(result: DiDResult):
    """The statistic on every assignment (observed first) when all were enumerated, keyed by
    the zones assigned (outcomes with the same zones share the assignments)."""
    ri = result.randomization
    if ri is None or not ri.exhaustive:
        return None
    zones = tuple(sorted(set(result.fit.data.index.get_level_values(0))))
    return zones, np.asarray(ri.draws)


TWFE = register_estimator(
    PolicyEstimator(
        name="twfe",
        fit=fit_twfe,
        tests=(
            PolicyTest(
                "did_ri",
                ri_reading,
                interval="randomization",
                draws=ri_draws,
                options={"ri_statistic": "classical"},
            ),
            PolicyTest(
                "did_ri_clustered",
                ri_reading,
                interval="randomization",
                draws=ri_draws,
                options={"ri_statistic": "clustered"},
            ),
            PolicyTest("did_crv1", None, headline=False, interval="normal"),
            PolicyTest("did_wcr", None, headline=False, interval="bootstrap"),
        ),
        sample="did",
        comparison=False,  # its interval fills synthdid's DiD row (interval_from)
        word="did",
        always=True,
    )
)
