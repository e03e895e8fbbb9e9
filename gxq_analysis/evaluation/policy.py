"""The demonstration-zone evaluation: DiD with randomization inference beside synthetic control
and synthetic DiD, and the headline chosen by measured size and power.

:func:`evaluate_policy` runs :func:`~gxq_analysis.did` and :func:`~gxq_analysis.synth_did`
(``did``, ``sc``, ``sdid``) on each outcome. Which test is the headline is not a matter of taste:
``benchmarks/bench_policy.py`` measures every candidate's rejection rate on the project's
simulator (15 zones, 2 treated) and writes ``data/methods/policy_inference.json``;
:func:`choose_headline` takes, among the candidates whose size holds, the one with the best power
at the demo's effect. Codes and numbers only; the chapter words them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..config import POLICY_INFERENCE_JSON
from ..errors import DataError
from .did import START, TREATED, DiDResult, did
from .synthdid import SynthDiDResult, synth_did

__all__ = [
    "HEADLINE_CANDIDATES",
    "SIZE_BAND",
    "PolicyEvaluation",
    "choose_headline",
    "evaluate_policy",
    "inference_record",
]

#: Tests that come with an interval, so that they can be a chapter's headline: the DiD by
#: randomization inference, and synth_did's three estimators with the placebo standard error.
HEADLINE_CANDIDATES = ("did_ri", "sdid_placebo", "sc_placebo", "did_placebo")
#: A test's size "holds" when its rejection rate with no effect lies in this band at the 5%
#: level (the band of issue 11; 500 seeds give a Monte Carlo s.e. of about 1 point at 5%).
SIZE_BAND = (0.02, 0.09)
#: The effect (log points) at which power decides between tests whose size holds: the demo's.
POWER_AT = "0.12"
ESTIMATORS = ("did", "sc", "sdid")


def inference_record(path: str | Path | None = None) -> dict[str, Any] | None:
    """The measured size and power (``bench_policy.py``'s results), or None without the file."""
    p = Path(path) if path is not None else POLICY_INFERENCE_JSON
    if not p.is_file():
        return None
    try:
        record = json.loads(p.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataError(f"{p}: not valid JSON ({exc.msg}, line {exc.lineno})") from exc
    if "tests" not in record or "pretrend" not in record:
        raise DataError(f"{p}: no 'tests' or 'pretrend' section; rerun benchmarks/bench_policy.py")
    return record


def choose_headline(record: Mapping[str, Any] | None) -> str:
    """The candidate whose size holds and whose power at :data:`POWER_AT` is best.

    Without a record, or when no candidate's size holds, ``"did_ri"`` (randomization inference
    is exact when the zones are exchangeable, whatever the errors).
    """
    if not record:
        return "did_ri"
    ok = []
    for test in HEADLINE_CANDIDATES:
        rates = record["tests"].get(test)
        if not rates:
            continue
        size = rates["0.0"]["rejection"]
        if SIZE_BAND[0] <= size <= SIZE_BAND[1]:
            ok.append((rates[POWER_AT]["rejection"], rates["0.3"]["rejection"], test))
    if not ok:
        return "did_ri"
    # highest power first; ties by power at 0.30, then the candidates' order
    ok.sort(key=lambda r: (-r[0], -r[1], HEADLINE_CANDIDATES.index(r[2])))
    return ok[0][2]


@dataclass(frozen=True)
class PolicyEvaluation:
    """Every estimate of the policy chapter, by outcome."""

    did: dict[str, DiDResult]
    synth: dict[str, dict[str, SynthDiDResult]]
    headline: str
    record: dict[str, Any] | None = field(default=None, repr=False)

    def comparison(self) -> pd.DataFrame:
        """DiD, SC and SDID side by side: one row per outcome and estimator.

        Columns ``indicator, estimator, att, ci_lower, ci_upper, pvalue, placebo_p, pre_rmspe``;
        the DiD row carries :func:`did`'s headline (randomization) interval and p-value, the SC
        and SDID rows the placebo-standard-error ones; ``placebo_p`` is the in-space placebo rank
        p-value of ``|att|`` and ``pre_rmspe`` the pre-period fit (log points).
        """
        rows = []
        for outcome, by in self.synth.items():
            for est in ESTIMATORS:
                s = by[est]
                if est == "did" and outcome in self.did:
                    d = self.did[outcome]
                    (lo, hi), p = d.conf_int(), d.pvalue
                else:
                    (lo, hi), p = s.conf_int(), s.pvalue
                rows.append(
                    {
                        "indicator": outcome,
                        "estimator": est,
                        "att": s.att,
                        "ci_lower": lo,
                        "ci_upper": hi,
                        "pvalue": p,
                        "placebo_p": s.placebo_pvalue,
                        "pre_rmspe": s.pre_rmspe,
                    }
                )
        return pd.DataFrame(rows)

    def headline_table(self) -> pd.DataFrame:
        """The headline test's estimates, one row per outcome: ``indicator, estimator, att,
        att_pct, ci_lower, ci_upper, pvalue`` (``att`` in log points, ``att_pct`` in %)."""
        estimator, _ = self.headline.split("_", 1)
        rows = []
        for outcome in self.did:
            if self.headline == "did_ri":
                r = self.did[outcome]
            elif outcome in self.synth:
                r = self.synth[outcome][estimator]
            else:
                continue
            lo, hi = r.conf_int()
            rows.append(
                {
                    "indicator": outcome,
                    "estimator": estimator,
                    "att": r.att,
                    "att_pct": 100 * (np.exp(r.att) - 1),
                    "ci_lower": lo,
                    "ci_upper": hi,
                    "pvalue": r.pvalue,
                }
            )
        return pd.DataFrame(rows)

    def weights(self, estimator: str = "sdid", threshold: float = 0.005) -> pd.DataFrame:
        """Unit weights of the synthetic treated zones: zones × outcomes, zones with a weight of
        at least ``threshold`` in some outcome, sorted by their mean weight."""
        cols = {o: by[estimator].unit_weights for o, by in self.synth.items()}
        if not cols:
            return pd.DataFrame()
        w = pd.DataFrame(cols).fillna(0.0)
        w = w[(w >= threshold).any(axis=1)]
        order = w.mean(axis=1).sort_values(ascending=False, kind="mergesort").index
        w = w.loc[order]
        w.index.name = "zone"
        return w


def evaluate_policy(
    panel: pd.DataFrame,
    outcomes: Sequence[str],
    *,
    treated: tuple[str, ...] = TREATED,
    start: int = START,
    B: int = 9999,
    reps: int = 200,
    seed: int = 20160101,
    record: Mapping[str, Any] | None = None,
) -> PolicyEvaluation:
    """:func:`did` and :func:`synth_did` (``did``, ``sc``, ``sdid``) for each outcome.

    ``record``: the measured size and power (default :func:`inference_record`), from which
    :func:`choose_headline` picks the headline test.
    """
    rec = dict(record) if record is not None else inference_record()
    results = {o: did(panel, o, treated=treated, start=start, B=B, seed=seed) for o in outcomes}
    synth: dict[str, dict[str, SynthDiDResult]] = {}
    for o in outcomes:
        ids = results[o].treated
        sub = panel[[o]].dropna()
        # synth_did needs a balanced panel of the outcome: zones with every year
        years = sub.index.get_level_values(1).unique()
        full = sub.groupby(level=0).size() == len(years)
        sub = sub[np.isin(sub.index.get_level_values(0), full[full].index)]
        if not set(ids) <= set(sub.index.get_level_values(0)):
            continue
        synth[o] = {
            est: synth_did(sub, o, treated=ids, start=start, estimator=est, reps=reps, seed=seed)
            for est in ESTIMATORS
        }
    return PolicyEvaluation(did=results, synth=synth, headline=choose_headline(rec), record=rec)
