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
import math
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
    "ALPHA",
    "HEADLINE_CANDIDATES",
    "HeadlineChoice",
    "PolicyEvaluation",
    "choose_headline",
    "evaluate_policy",
    "headline_choice",
    "inference_record",
    "invalid_estimators",
    "selection_table",
    "size_adjusted_power",
]

#: Tests that come with a p-value and an interval, so that they can be a chapter's headline:
#: the two-way FE DiD by randomization inference (classical t, which ranks like |β̂|, or the
#: clustered t, studentized per assignment), and synth_did's three estimators with the exact
#: placebo standard error (normal p) or the in-space placebo rank (its inverted interval).
HEADLINE_CANDIDATES = (
    "did_ri",
    "did_ri_clustered",
    "sdid_placebo",
    "sdid_rank",
    "did_placebo",
    "did_rank",
    "sc_placebo",
    "sc_rank",
)
#: The nominal level of every test, and how many Monte Carlo standard errors (of a rate equal
#: to it) a measured size may stray from it: a test "holds its size" when its rejection rate
#: with no effect lies within ALPHA ± SIZE_TOLERANCE · sqrt(ALPHA (1 − ALPHA) / n) for every
#: world and output of the record.
ALPHA = 0.05
SIZE_TOLERANCE = 2.0
#: What a headline falls back to: exact under exchangeable zones, whatever the errors.
FALLBACK = "did_ri"
ESTIMATORS = ("did", "sc", "sdid")


def size_adjusted_power(p0: np.ndarray, p1: np.ndarray, alpha: float = ALPHA) -> float:
    """Power of the test that rejects exactly ``alpha`` of the time under the null.

    ``p0``, ``p1``: p-values without and with the effect, on independent or the same seeds.
    The critical value ``c`` is the smallest null p-value with ``P0(p ≤ c) ≥ alpha``; at
    ``c`` itself the test rejects with the probability that brings its null rate to ``alpha``
    (a randomized test, so that discrete rank p-values are compared fairly with continuous
    ones): power = ``P1(p < c) + γ P1(p = c)``, ``γ = (alpha − P0(p < c)) / P0(p = c)``.
    """
    p0, p1 = np.sort(np.asarray(p0, float)), np.asarray(p1, float)
    if not len(p0) or not len(p1):
        return float("nan")
    k = max(math.ceil(alpha * len(p0) - 1e-9) - 1, 0)
    c = p0[k]
    below0, at0 = float(np.mean(p0 < c)), float(np.mean(p0 == c))
    gamma = (alpha - below0) / at0 if at0 > 0 else 0.0
    gamma = min(max(gamma, 0.0), 1.0)
    return float(np.mean(p1 < c) + gamma * np.mean(p1 == c))


def _structure(record: Mapping[str, Any] | None, structure: str) -> Mapping[str, Any] | None:
    if not record:
        return None
    return (record.get("structures") or {}).get(structure)


def selection_table(rec: Mapping[str, Any]) -> pd.DataFrame:
    """Each candidate of one structure's record: the size farthest from :data:`ALPHA` in each
    world (over the outputs), the band it must lie in, whether it holds everywhere, and the
    size-adjusted power averaged over worlds and outputs."""
    worlds = sorted({w for t in rec["tests"].values() for w in t}, key=_world_order)
    rows = []
    for test in HEADLINE_CANDIDATES:
        by_world = rec["tests"].get(test) or {}
        row: dict[str, Any] = {"test": test}
        ok = bool(by_world) and set(worlds) <= set(by_world)
        powers, ns = [], []
        for w in worlds:
            cells = (by_world.get(w) or {}).values()
            sizes = [(c["size"]["rejection"], c["size"]["n"]) for c in cells]
            if not sizes:
                row[f"size_{w}"] = np.nan
                ok = False
                continue
            worst = max(sizes, key=lambda r: abs(r[0] - ALPHA))
            row[f"size_{w}"] = worst[0]
            for size, n in sizes:
                ns.append(n)
                half = SIZE_TOLERANCE * math.sqrt(ALPHA * (1 - ALPHA) / n)
                ok = ok and abs(size - ALPHA) <= half + 1e-12
            powers += [c["power_adjusted"] for c in cells if "power_adjusted" in c]
        half = SIZE_TOLERANCE * math.sqrt(ALPHA * (1 - ALPHA) / min(ns)) if ns else np.nan
        row.update(band_lower=ALPHA - half, band_upper=ALPHA + half, valid=ok,
                   power_adjusted=float(np.mean(powers)) if powers else np.nan)  # fmt: skip
        rows.append(row)
    return pd.DataFrame(rows).set_index("test")


def _world_order(w: str) -> tuple[int, str]:
    order = ("generator", "exchangeable", "factor")
    return (order.index(w) if w in order else len(order), w)


@dataclass(frozen=True)
class HeadlineChoice:
    """The headline test of one structure and why: ``reason`` is ``"chosen"`` (the most
    powerful candidate whose size holds on every world), ``"none_valid"`` (no candidate's
    does; :data:`FALLBACK`), ``"no_record"`` (no study recorded; :data:`FALLBACK`) or
    ``"unstudied"`` (the study was not run for this structure; :data:`FALLBACK`)."""

    test: str
    reason: str
    valid: tuple[str, ...] = ()
    invalid: tuple[str, ...] = ()


def headline_choice(
    record: Mapping[str, Any] | None, structure: str | None = "final"
) -> HeadlineChoice:
    """The candidate whose size holds on every world with the best size-adjusted power.

    ``structure``: the key of the record's study that matches the data (``"final"``,
    ``"midterm"``), or None when none does.
    """
    if not record:
        return HeadlineChoice(FALLBACK, "no_record")
    rec = _structure(record, structure) if structure else None
    if rec is None:
        return HeadlineChoice(FALLBACK, "unstudied", invalid=invalid_estimators(record))
    sel = selection_table(rec)
    valid = tuple(t for t in HEADLINE_CANDIDATES if t in sel.index and sel.loc[t, "valid"])
    invalid = tuple(t for t in HEADLINE_CANDIDATES if t in sel.index and t not in valid)
    if not valid:
        return HeadlineChoice(FALLBACK, "none_valid", valid, invalid)
    best = max(valid, key=lambda t: (sel.loc[t, "power_adjusted"], -HEADLINE_CANDIDATES.index(t)))
    return HeadlineChoice(best, "chosen", valid, invalid)


def choose_headline(record: Mapping[str, Any] | None, structure: str | None = "final") -> str:
    """The headline test's code (:func:`headline_choice`)."""
    return headline_choice(record, structure).test


def invalid_estimators(record: Mapping[str, Any] | None) -> tuple[str, ...]:
    """Synthetic-DiD estimators (``sdid``, ``sc``, ``did``) none of whose tests held its size
    in any structure of the record: the chapter gives them no p-value or interval."""
    if not record:
        return ()
    out = []
    for est in ESTIMATORS:
        tests = (f"{est}_placebo", f"{est}_rank")
        held = False
        for rec in (record.get("structures") or {}).values():
            sel = selection_table(rec)
            held = held or any(t in sel.index and bool(sel.loc[t, "valid"]) for t in tests)
        if not held:
            out.append(est)
    return tuple(out)


def inference_record(path: str | Path | None = None) -> dict[str, Any] | None:
    """The measured size and power (``bench_policy.py``'s results), or None without the file."""
    p = Path(path) if path is not None else POLICY_INFERENCE_JSON
    if not p.is_file():
        return None
    try:
        record = json.loads(p.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataError(f"{p}: not valid JSON ({exc.msg}, line {exc.lineno})") from exc
    if not isinstance(record.get("structures"), dict) or not all(
        isinstance(r, dict) and "tests" in r for r in record["structures"].values()
    ):
        raise DataError(
            f"{p}: no 'structures' section with the tests of each structure; rerun "
            "benchmarks/bench_policy.py"
        )
    return record


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
