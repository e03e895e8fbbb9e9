"""Size and power of the demonstration-zone tests on the project's simulator.

Every headline candidate of the policy chapter is run on ``simulate_zone_panel(15,
n_treated=2, did_effect=δ)`` (synthetic zones ``sim0001``–``sim0015``, the first two treated from
2016, years 2011–2020), outcome ``revenue`` in logs, for δ = 0, 0.12 (the demo's effect) and 0.30
log points, and each pre-trend test with ``pretrend`` = 0 and 0.03 per year; seeds 0 .. n − 1.
A test rejects when p ≤ 0.05. Results go to ``data/methods/policy_inference.json``
(read by the policy chapter's design note) and are summarised in ``benchmarks/README.md``.

Tests compared
--------------
* ``did_ri``: :func:`gxq_analysis.did`'s headline, randomization inference over all C(15, 2) =
  105 treated sets on the classical t; ``did_ri_clustered``: the same on the clustered t.
* ``did_wcr``: the wild cluster restricted bootstrap (Webb weights, B = 999); ``did_crv1``: the
  clustered t test with t(G − 1).
* ``sdid_placebo``, ``sc_placebo``, ``did_placebo``: :func:`gxq_analysis.synth_did` with the
  placebo standard error (200 replications) and a normal p-value, as synthdid users compute it;
  ``*_rank``: the in-space placebo rank of ``|att|`` over all 78 pairs of controls;
  ``*_rmspe``: the rank of the post/pre RMSPE ratio (Abadie et al. 2010).
* Pre-trend: ``pretrend_ri`` (the event study's joint test of the leads by randomization, the
  chapter's), ``pretrend_f`` (the clustered F(q, G − 1) test).

Shortcut, checked: the simulator adds δ to the treated zones' log outcomes after 2016 and
nothing else (same seed, same draws), and the synthetic-control weights use only pre-period and
control data, so each ``synth_did`` estimate at δ is the estimate at 0 plus δ and its placebo
distribution does not change; the script fits ``synth_did`` once per seed and asserts this
identity on the first seeds against direct fits. ``did()`` is fitted at every δ.

Run from the top of the checkout: ``PYTHONPATH=. python benchmarks/bench_policy.py [--seeds N]
[--jobs J]`` (500 seeds take about 25 minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from gxq_analysis import __version__, did, simulate_zone_panel, synth_did
from gxq_analysis.evaluation.did import event_study
from gxq_analysis.models.randomization import did_randomization
from gxq_analysis.models.within import level_codes

EFFECTS = (0.0, 0.12, 0.30)
PRETRENDS = (0.0, 0.03)
ALPHA = 0.05
OUTCOME = "revenue"
TREATED = ("sim0001", "sim0002")
START = 2016
OUT = Path(__file__).resolve().parents[1] / "data" / "methods"
OUT_JSON = OUT / "policy_inference.json"
CHECK_SEEDS = 3  # seeds on which the synth_did shortcut is checked against direct fits


def _panel(seed: int, effect: float = 0.0, pretrend: float = 0.0):
    return simulate_zone_panel(15, n_treated=2, seed=seed, did_effect=effect, pretrend=pretrend)


def _did_tests(panel) -> dict[str, float]:
    r = did(panel, OUTCOME, treated=TREATED, start=START, B=999, placebo_starts=())
    comp = r.comparisons.set_index("method")["pvalue"]
    y = np.log(panel[OUTCOME].to_numpy())
    unit, _ = level_codes(panel.index, 0)
    time_, _ = level_codes(panel.index, 1)
    post = panel.index.get_level_values(1).to_numpy() >= START
    clustered = did_randomization(y, unit, time_, post, np.array([0, 1]), statistic="clustered")
    lo, hi = r.conf_int()
    return {
        "did_ri": float(comp["randomization"]),
        "did_ri_clustered": clustered.pvalue,
        "did_wcr": float(comp["wcr"]),
        "did_crv1": float(comp["crv1"]),
        "did_ri_ci": (lo, hi),
    }


def _synth(panel, estimator: str):
    return synth_did(panel, OUTCOME, treated=TREATED, start=START, estimator=estimator, seed=1)


def _synth_tests(res, effect: float) -> dict[str, float]:
    """p-values of one synth_did result shifted by ``effect`` (the module's shortcut)."""
    att = res.att + effect
    z = abs(att / res.se)
    p_norm = math.erfc(z / math.sqrt(2))
    others = res.placebos["att"].abs().to_numpy()
    p_rank = (1 + np.sum(others >= abs(att) * (1 - 1e-9))) / (1 + len(others))
    traj = res.trajectory
    gap = (traj["treated"] - traj["synthetic"]).to_numpy()
    post = traj["time_weight"].isna().to_numpy()
    gap = gap + effect * post
    ratio = np.sqrt(np.mean(gap[post] ** 2)) / np.sqrt(np.mean(gap[~post] ** 2))
    ratios = res.placebos["ratio"].to_numpy()
    p_rmspe = (1 + np.sum(ratios >= ratio * (1 - 1e-9))) / (1 + len(ratios))
    return {"placebo": p_norm, "rank": float(p_rank), "rmspe": float(p_rmspe), "att": att}


def one_seed(seed: int) -> dict:
    out: dict = {"seed": seed, "effects": {}, "pretrend": {}}
    base = _panel(seed)
    synth = {est: _synth(base, est) for est in ("sdid", "sc", "did")}
    for effect in EFFECTS:
        panel = base if effect == 0 else _panel(seed, effect)
        row = _did_tests(panel)
        for est, res in synth.items():
            p = _synth_tests(res, effect)
            row[f"{est}_placebo"] = p["placebo"]
            row[f"{est}_rank"] = p["rank"]
            row[f"{est}_rmspe"] = p["rmspe"]
            row[f"{est}_att"] = p["att"]
            if seed < CHECK_SEEDS and effect:
                direct = _synth(panel, est)
                if not math.isclose(direct.att, p["att"], abs_tol=1e-6) or not math.isclose(
                    direct.pvalue, p["placebo"], rel_tol=1e-6, abs_tol=1e-12
                ):
                    raise AssertionError(f"synth_did shortcut fails: seed {seed} {est} {effect}")
        out["effects"][str(effect)] = row
    for pretrend in PRETRENDS:
        panel = base if pretrend == 0 else _panel(seed, 0.0, pretrend)
        _, pre, _ = event_study(panel, OUTCOME, treated=TREATED, start=START)
        out["pretrend"][str(pretrend)] = {
            "pretrend_ri": pre["pvalue"],
            "pretrend_f": pre["pvalue_cluster"],
        }
    return out


def _rate(ps: list[float]) -> dict[str, float]:
    n = len(ps)
    r = float(np.mean(np.asarray(ps) <= ALPHA))
    return {"rejection": r, "mc_se": math.sqrt(max(r * (1 - r), 1e-12) / n), "n": n}


def summarise(rows: list[dict]) -> dict:
    tests = [k for k in rows[0]["effects"]["0.0"] if not k.endswith(("_att", "_ci"))]
    power = {
        t: {e: _rate([r["effects"][str(e)][t] for r in rows]) for e in map(str, EFFECTS)}
        for t in tests
    }
    pre = {
        t: {p: _rate([r["pretrend"][str(p)][t] for r in rows]) for p in map(str, PRETRENDS)}
        for t in ("pretrend_ri", "pretrend_f")
    }
    coverage = {}
    for e in map(str, EFFECTS):
        cis = [r["effects"][e]["did_ri_ci"] for r in rows]
        truth = float(e)
        coverage[e] = {
            "coverage": float(np.mean([lo <= truth <= hi for lo, hi in cis])),
            "median_length": float(np.median([hi - lo for lo, hi in cis])),
        }
    bias = {
        est: {
            e: float(np.mean([r["effects"][e][f"{est}_att"] for r in rows]) - float(e))
            for e in map(str, EFFECTS)
        }
        for est in ("sdid", "sc", "did")
    }
    return {"tests": power, "pretrend": pre, "did_ri_interval": coverage, "synth_bias": bias}


LABELS = {
    "did_ri": "DiD, randomization inference (classical t) — `did()` headline",
    "did_ri_clustered": "DiD, randomization inference (clustered t)",
    "did_wcr": "DiD, wild cluster restricted bootstrap (Webb, B = 999)",
    "did_crv1": "DiD, cluster-robust t, t(G−1)",
    "sdid_placebo": "SDID, placebo s.e., normal p",
    "sdid_rank": "SDID, in-space rank of abs(att)",
    "sdid_rmspe": "SDID, in-space rank of the RMSPE ratio",
    "sc_placebo": "SC, placebo s.e., normal p",
    "sc_rank": "SC, in-space rank of abs(att)",
    "sc_rmspe": "SC, in-space rank of the RMSPE ratio",
    "did_placebo": "DiD (synthdid), placebo s.e., normal p",
    "did_rank": "DiD (synthdid), in-space rank of abs(att)",
    "did_rmspe": "DiD (synthdid), in-space rank of the RMSPE ratio",
    "pretrend_ri": "pre-trend: joint test of the leads by randomization — `event_study()`",
    "pretrend_f": "pre-trend: clustered F(q, G − 1)",
}


def markdown(record: dict) -> str:
    """The README tables, from a record (so the README's numbers are never typed)."""
    pct = lambda r: f"{100 * r['rejection']:.1f}% (±{100 * r['mc_se']:.1f})"  # noqa: E731
    lines = [
        "| test | no effect (size; want 5%) | δ = 0.12 | δ = 0.30 |",
        "| --- | ---: | ---: | ---: |",
    ]
    for t, rates in record["tests"].items():
        lines.append(f"| {LABELS[t]} | {pct(rates['0.0'])} | {pct(rates['0.12'])} | "
                     f"{pct(rates['0.3'])} |")  # fmt: skip
    lines += [
        "",
        "| pre-trend test | no pre-trend | 0.03 log points a year |",
        "| --- | ---: | ---: |",
    ]
    for t, rates in record["pretrend"].items():
        lines.append(f"| {LABELS[t]} | {pct(rates['0.0'])} | {pct(rates['0.03'])} |")
    cov = record["did_ri_interval"]
    lines += ["", "| δ | `did()` interval covers δ | median length |", "| ---: | ---: | ---: |"]
    for e, c in cov.items():
        lines.append(f"| {e} | {100 * c['coverage']:.1f}% | {c['median_length']:.3f} |")
    bias = record["synth_bias"]
    lines += ["", "| estimator | mean estimate − δ at 0 | at 0.12 | at 0.30 |",
              "| --- | ---: | ---: | ---: |"]  # fmt: skip
    for est, b in bias.items():
        lines.append(f"| {est} | {b['0.0']:+.3f} | {b['0.12']:+.3f} | {b['0.3']:+.3f} |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=500)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--table", action="store_true", help="print the README tables and stop")
    args = ap.parse_args()
    if args.table:
        print(markdown(json.loads(OUT_JSON.read_text(encoding="utf-8"))))
        return
    t0 = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        rows = list(pool.map(one_seed, range(args.seeds), chunksize=4))
    rows.sort(key=lambda r: r["seed"])
    result = {
        "what": "size and power of the demonstration-zone tests on simulated data (synthetic)",
        "design": {
            "simulator": "simulate_zone_panel(15, n_treated=2, seed=s, did_effect=δ, pretrend=π)",
            "zones": 15,
            "treated": 2,
            "years": [2011, 2020],
            "start": START,
            "outcome": OUTCOME,
            "log": True,
            "alpha": ALPHA,
            "seeds": [0, args.seeds - 1],
            "effects": list(EFFECTS),
            "pretrends": list(PRETRENDS),
            "synth_did": {"reps": 200, "seed": 1, "in_space_sets": 78},
            "wcr": {"B": 999, "weights": "webb"},
        },
        **summarise(rows),
        "command": f"PYTHONPATH=. python benchmarks/bench_policy.py --seeds {args.seeds}",
        "runtime_seconds": round(time.perf_counter() - t0, 1),
        "jobs": args.jobs,
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "gxq_analysis": __version__,
        "date": datetime.now(UTC).date().isoformat(),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    OUT_JSON.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps({k: result[k] for k in ("tests", "pretrend")}, indent=1))


if __name__ == "__main__":
    main()
