"""Synthetic DiD, synthdid's DiD and synthetic control (:func:`~gxq_analysis.synth_did`).

Registered as ``sdid``, ``did`` and ``sc``, in that order, each on the zones that have every
year of the outcome, each with two tests: the normal p-value and interval from the exact
placebo standard error (``<name>_placebo``, shown as ``<bound`` below the smallest rank p-value
the control zones allow) and the in-space placebo rank test with its inverted interval
(``<name>_rank``). The comparison table shows ``did`` first, with the randomization inference of
the two-way FE DiD (``interval_from="twfe"``), then ``sc`` and ``sdid``; synthetic control comes
with the sentence on its bias (the treated zones lie outside the controls' range).
"""

from __future__ import annotations

import numpy as np

from ..synthdid import SynthDiDResult, synth_did
from . import FitContext, PolicyEstimator, PolicyTest, Reading, register_estimator

__all__ = ["SYNTHETIC", "fitter", "placebo_reading", "rank_draws", "rank_reading"]


def fitter(estimator: str):
    """``fit(panel, outcome, context)`` of :func:`~gxq_analysis.synth_did` with
    ``estimator``."""

    def fit(panel, outcome: str, context: FitContext) -> SynthDiDResult:
        return synth_did(
            panel,
            outcome,
            treated=context.treated,
            start=context.start,
            estimator=estimator,
            reps=context.reps,
            seed=context.seed,
            level=context.level,
        )

    fit.__name__ = fit.__qualname__ = f"fit_{estimator}"
    return fit


def placebo_reading(result: SynthDiDResult) -> Reading:
    """The exact placebo standard error's normal interval and p-value."""
    return Reading(result.att, result.conf_int(), result.pvalue, result.min_rank_pvalue)


def rank_reading(result: SynthDiDResult) -> Reading:
    """The in-space placebo rank test and its inverted interval."""
    return Reading(
        result.att, result.rank_conf_int(), result.placebo_pvalue, result.min_rank_pvalue
    )


def rank_draws(result: SynthDiDResult):
    """The estimate on every placebo set (observed first) when all were enumerated, keyed by
    the sets (outcomes with the same control zones share them)."""
    if not result.placebo_exhaustive or result.placebos.empty:
        return None
    draws = np.r_[result.att, result.placebos["att"].to_numpy()]
    return tuple(result.placebos["units"]), draws


def _tests(name: str) -> tuple[PolicyTest, ...]:
    return (
        PolicyTest(f"{name}_placebo", placebo_reading, interval="placebo", floored=True),
        PolicyTest(f"{name}_rank", rank_reading, interval="rank", draws=rank_draws),
    )


SYNTHETIC = (
    register_estimator(PolicyEstimator("sdid", fitter("sdid"), _tests("sdid"), table_order=2)),
    register_estimator(
        PolicyEstimator("did", fitter("did"), _tests("did"), table_order=0, interval_from="twfe")
    ),
    register_estimator(
        PolicyEstimator(
            "sc", fitter("sc"), _tests("sc"), table_order=1, bias_note="prose.policy.invalid_sc"
        )
    ),
)
