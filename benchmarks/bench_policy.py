"""Size and power of the demonstration-zone tests on three simulated worlds (SYNTHETIC data).

Every headline candidate of the policy chapter is run on the worlds of
:mod:`gxq_analysis.evaluation.policy_worlds` (``generator``: the package's generator, treated
trends forced equal to the controls'; ``exchangeable``: the treated a random pair; ``factor``:
heteroskedastic zones, a random-walk factor whose loadings grow with size, the two largest
zones treated), 15 zones, 2 treated from 2016, for the structure ``final`` (years 2011–2020)
and on request ``midterm`` (2011–2018, the same panels cut at 2018). Each of the four outputs
is a test of its own, with its own noise; the effect at which power is measured is the demo's
effect on that output (:data:`~gxq_analysis.ingest.demo.process.TREATMENT_EFFECT`: 0.08, 0.12, 0.15,
0.20 log points), added to the treated zones' logs from 2016. A test rejects when p ≤ 0.05.

Tests
-----
* ``did_ri``: two-way FE DiD, randomization inference over all C(15, 2) = 105 treated pairs on
  the classical t (on a balanced panel without controls it ranks assignments exactly as |β̂|:
  the denominator is the same for all of them); ``did_ri_clustered``: the same on the
  clustered (CRV) t, studentized per assignment.
* ``sdid_placebo``, ``did_placebo``, ``sc_placebo``: :func:`gxq_analysis.synth_did`'s
  estimate over its exact placebo standard error (population s.d. over all C(13, 2) = 78 sets of
  controls playing the treated), normal p; ``*_rank``: the rank of |att| among the 78 in-space
  placebo estimates (p ≥ 1/79).
* Comparisons, ``generator`` world only, first 50 seeds: ``did_crv1`` (clustered t, t(G − 1))
  and ``did_wcr`` (wild cluster restricted bootstrap, Webb weights, B = 399).
* Pre-trend, revenue, first 50 seeds: ``pretrend_ri``, the event study's joint test of the
  leads by randomization, with no pre-trend and with 0.03 log points a year before 2016.
* SC is run on the first 50 seeds of each world only: its size is far from 5% (its estimate
  is biased when the treated lie outside the controls' range), which 50 seeds show plainly.

Shortcut, asserted: an effect δ added to the treated zones' logs after the start moves the
SDID, SC and DiD estimates by exactly δ (their weights use no treated post-period value) and
leaves every placebo estimate unchanged (placebos use controls only), so each panel is fitted
once; the identity is checked against direct fits on the first seed of every world and
structure. The two-way FE randomization tests are recomputed at δ.

Speed: the package's Frank–Wolfe weight solver is compiled (numba; ``models.synthdid``), and
one loop runs faster here, checked against the package before it is used (to 1e-12 on the
first seed of every chunk): the two-way FE randomization tests on these balanced panels
without controls, where the demeaned treatment of assignment ``a`` is
``(m_ai − N1/N)(p_t − p̄)``, so every assignment's coefficient and classical or clustered t are
a few products with the zones' post-minus-pre contrasts.

The tests are those of the estimator registry (:mod:`gxq_analysis.evaluation.estimators`): its
headline candidates and its recorded comparisons, named as the catalogue names them
(``test.<code>``). The study refuses to run while a registered candidate has no measurement
here (a new estimator needs its size and power measured before it can be a headline).

Selection (:func:`gxq_analysis.evaluation.policy.choose_headline`): a candidate headlines only
if its size lies within 5% ± 2 Monte Carlo s.e. (sqrt(0.05 · 0.95 / n)) for every world and
output; among those, the highest size-adjusted power averaged over worlds and outputs.

Run from the top of the checkout (all streams seeded; only the run time changes)::

    PYTHONPATH=. nice -n 10 python benchmarks/bench_policy.py --seeds 500 --jobs 2
    PYTHONPATH=. python benchmarks/bench_policy.py --table      # README tables from the record
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
from importlib.metadata import version
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd
import scipy

from gxq_analysis import __version__
from gxq_analysis.catalogue import template
from gxq_analysis.evaluation.did import did, event_study
from gxq_analysis.evaluation.estimators import headline_candidates, registered_estimators
from gxq_analysis.evaluation.policy import (
    choose_headline,
    selection_table,
    size_adjusted_power,
)
from gxq_analysis.evaluation.policy_worlds import FACTOR_WORLD, WORLDS, simulate_world
from gxq_analysis.ingest.demo.process import OUTPUTS, TREATMENT_EFFECT
from gxq_analysis.models import synthdid as engine
from gxq_analysis.models.randomization import did_randomization, rank_pvalue
from gxq_analysis.models.within import level_codes

ALPHA = 0.05
START = 2016
#: Year ranges studied: the final review's (2011–2020). The mid-term review's (2011–2018) can be
#: added with ``--structures final midterm`` (it doubles the SDID fits); the record says which
#: were run, and a chapter whose data have another structure says the study was not run for it.
STRUCTURE_YEARS = {"final": (2011, 2020), "midterm": (2011, 2018)}
STRUCTURES = {"final": STRUCTURE_YEARS["final"]}
PRETREND = 0.03
SC_SEEDS = 50
AUX_SEEDS = 50  # comparisons (CRV1, WCR) and the pre-trend test
CHUNK = 20
OUT = Path(__file__).resolve().parents[1] / "data" / "methods"
OUT_JSON = OUT / "policy_inference.json"
#: The registered estimators this study fits with the batch engine (each with its placebo and
#: rank tests); the two-way FE DiD's tests are computed in closed form (:func:`_ri_closed_form`).
SYNTH = ("sdid", "did", "sc")
#: Every test the study measures.
MEASURED = (
    "did_ri",
    "did_ri_clustered",
    "did_crv1",
    "did_wcr",
    *(f"{e}_{kind}" for e in SYNTH for kind in ("placebo", "rank")),
)
#: Treated pairs of the 15 zones, the observed pair (the last two rows of ``_wide``) first.
ASSIGN = {
    15: np.array(
        [(13, 14)] + [c for c in combinations(range(15), 2) if c != (13, 14)], dtype=np.intp
    )
}


def _ri_closed_form(y: np.ndarray, post: np.ndarray, members: np.ndarray) -> dict[str, float]:
    """Randomization p-values (classical and clustered t) on a balanced N × T log matrix
    ``y`` with the treated-set indicators ``members`` (A × N, observed first); module notes."""
    yd = y - y.mean(axis=1, keepdims=True) - y.mean(axis=0, keepdims=True) + y.mean()
    pc = post - post.mean()
    p2 = float(pc @ pc)
    c = yd @ pc  # each zone's contrast
    m = members - members.mean(axis=1, keepdims=True)
    den = (m * m).sum(axis=1) * p2
    beta = (m @ c) / den
    n_obs = y.size
    rss = float((yd * yd).sum()) - beta * beta * den
    t_classical = beta / np.sqrt(np.clip(rss, 0, None) / n_obs / den)
    scores = m * (c[None, :] - beta[:, None] * m * p2)
    t_clustered = beta / (np.sqrt((scores * scores).sum(axis=1)) / den)
    out = {}
    for name, t in (("did_ri", t_classical), ("did_ri_clustered", t_clustered)):
        a = np.abs(t)
        out[name] = float(np.mean(a >= a[0] * (1 - 1e-9)))
    return out


def _wide(panel: pd.DataFrame, outcome: str, treated: tuple[str, ...]) -> np.ndarray:
    """Log outcome matrix, controls first (sorted), then the treated; years in order."""
    w = np.log(panel[outcome].unstack(level=1).sort_index(axis=1))
    order = [z for z in w.index if z not in treated] + list(treated)
    return w.loc[order].to_numpy(float)


def _shift(panel: pd.DataFrame, treated, outcome: str, delta: float) -> pd.DataFrame:
    out = panel.copy()
    z = out.index.get_level_values(0)
    t = out.index.get_level_values(1)
    mask = np.isin(z, treated) & (t >= START)
    out.loc[mask, outcome] = out.loc[mask, outcome] * math.exp(delta)
    return out


def _ri(panel: pd.DataFrame, outcome: str, treated, statistic: str) -> float:
    y = np.log(panel[outcome].to_numpy(float))
    unit, _ = level_codes(panel.index, 0)
    time_, _ = level_codes(panel.index, 1)
    post = panel.index.get_level_values(1).to_numpy() >= START
    zones = sorted(set(panel.index.get_level_values(0)))
    tr = np.array([zones.index(z) for z in treated])
    return did_randomization(y, unit, time_, post, tr, statistic=statistic).pvalue


def _pretrend(panel: pd.DataFrame, treated, pretrend: float) -> float:
    p = panel[["revenue"]].copy()
    if pretrend:
        z = p.index.get_level_values(0)
        t = p.index.get_level_values(1).to_numpy()
        lead = np.where(np.isin(z, treated) & (t < START), pretrend * (t - (START - 1)), 0.0)
        p["revenue"] = p["revenue"] * np.exp(lead)
    _, pre, _ = event_study(p, "revenue", treated=treated, start=START)
    return float(pre["pvalue"])


def chunk(world: str, seeds: list[int]) -> list[dict]:
    """Every test on the panels of ``seeds`` in ``world``: one row per seed, structure and
    output with the p-values at no effect (``p0``) and at the demo's effect (``p1``)."""
    rows: list[dict] = []
    mats: dict[str, list] = {s: [] for s in STRUCTURES}  # (seed, outcome, matrix)
    for seed in seeds:
        full, treated = simulate_world(world, seed)
        full.attrs = {}  # pandas copies attrs into every intermediate frame: not needed here
        for struct, (_, last) in STRUCTURES.items():
            panel = full[full.index.get_level_values(1) <= last]
            for outcome in OUTPUTS:
                delta = TREATMENT_EFFECT[outcome]
                row = {"world": world, "seed": seed, "structure": struct, "outcome": outcome}
                y = _wide(panel, outcome, treated)  # controls first, the treated last
                n = y.shape[0]
                members = np.zeros((len(ASSIGN[n]), n))
                members[np.repeat(np.arange(len(ASSIGN[n])), 2), ASSIGN[n].ravel()] = 1.0
                post = (np.arange(STRUCTURES[struct][0], last + 1) >= START).astype(float)
                y1 = y.copy()
                y1[-2:, post > 0] += delta
                for tag, yy in (("p0", y), ("p1", y1)):
                    for name, pv in _ri_closed_form(yy, post, members).items():
                        row[f"{name}.{tag}"] = pv
                if seed == seeds[0]:  # the closed form against the package, first seed
                    for stat, name in (("classical", "did_ri"), ("clustered", "did_ri_clustered")):
                        shifted = _shift(panel, treated, outcome, delta)
                        for tag, pan in (("p0", panel), ("p1", shifted)):
                            ref = _ri(pan, outcome, treated, stat)
                            if not math.isclose(ref, row[f"{name}.{tag}"], abs_tol=1e-12):
                                raise AssertionError(f"closed-form RI differs: {world} {name}")
                if world == "generator" and struct == "final" and seed < AUX_SEEDS:
                    r = did(panel, outcome, treated=treated, start=START, inference="wcr",
                            B=399, placebo_starts=())  # fmt: skip
                    comp = r.comparisons.set_index("method")["pvalue"]
                    row["did_crv1.p0"] = float(comp["crv1"])
                    row["did_wcr.p0"] = float(comp["wcr"])
                if outcome == "revenue" and seed < AUX_SEEDS:
                    row["pretrend_ri.p0"] = _pretrend(panel, treated, 0.0)
                    row["pretrend_ri.p1"] = _pretrend(panel, treated, PRETREND)
                rows.append(row)
                mats[struct].append((seed, outcome, y))
    index = {(r["structure"], r["seed"], r["outcome"]): r for r in rows}
    for struct, items in mats.items():
        ys = np.array([m for _, _, m in items])
        n0 = ys.shape[1] - 2
        t0 = START - STRUCTURES[struct][0]
        sets, _ = engine.placebo_sets(n0, 2)
        orders = engine.set_orders(n0, sets)
        for est in SYNTH:
            keep = [k for k, (s, _, _) in enumerate(items) if est != "sc" or s < SC_SEEDS]
            if not keep:
                continue
            fits = engine.estimate_batch(ys[keep], n0, t0, est)
            taus = engine.placebo_fits_batch(ys[keep], n0, t0, fits, orders)[0]
            for k, fit, tau in zip(keep, fits, taus, strict=True):
                seed, outcome, y = items[k]
                row = index[(struct, seed, outcome)]
                delta = TREATMENT_EFFECT[outcome]
                se = float(np.std(tau, ddof=0))
                for tag, att in (("p0", fit.tau), ("p1", fit.tau + delta)):
                    row[f"{est}_placebo.{tag}"] = math.erfc(abs(att / se) / math.sqrt(2))
                    row[f"{est}_rank.{tag}"] = rank_pvalue(att, tau)
                row[f"{est}.att"] = fit.tau
                if seed == 0 and outcome == "revenue":  # the shortcut, against direct fits
                    yd = y.copy()
                    yd[n0:, t0:] += delta
                    direct = engine.estimate(yd, n0, t0, est)
                    if not math.isclose(direct.tau, fit.tau + delta, abs_tol=1e-6):
                        raise AssertionError(f"shortcut fails: {world} {struct} {est} {outcome}")
    return rows


def _run(world: str, seeds: list[int], structures: dict) -> list[dict]:
    """:func:`chunk` in a worker process, with the structures chosen on the command line."""
    STRUCTURES.clear()
    STRUCTURES.update(structures)
    return chunk(world, seeds)


def _rate(ps: np.ndarray) -> dict:
    n = len(ps)
    r = float(np.mean(ps <= ALPHA))
    return {"rejection": r, "mc_se": math.sqrt(ALPHA * (1 - ALPHA) / n), "n": n}


def summarise(rows: list[dict]) -> dict:
    df = pd.DataFrame(rows)
    out: dict = {}
    for struct in STRUCTURES:
        s = df[df["structure"] == struct]
        tests: dict = {}
        names = sorted({c.split(".")[0] for c in s.columns if c.endswith(".p0")})
        for test in names:
            if test.startswith("pretrend"):
                continue
            by_world: dict = {}
            for world in WORLDS:
                by_out: dict = {}
                for outcome in OUTPUTS:
                    cell = s[(s["world"] == world) & (s["outcome"] == outcome)]
                    p0 = cell[f"{test}.p0"].dropna().to_numpy()
                    if not len(p0):
                        continue
                    entry = {"size": _rate(p0)}
                    if f"{test}.p1" in cell:
                        p1 = cell[f"{test}.p1"].dropna().to_numpy()
                        entry["power"] = _rate(p1)
                        entry["power_adjusted"] = size_adjusted_power(p0, p1, ALPHA)
                    by_out[outcome] = entry
                if by_out:
                    by_world[world] = by_out
            tests[test] = by_world
        pre: dict = {}
        for world in WORLDS:
            cell = s[(s["world"] == world) & (s["outcome"] == "revenue")]
            if "pretrend_ri.p0" in cell:
                p0 = cell["pretrend_ri.p0"].dropna().to_numpy()
                p1 = cell["pretrend_ri.p1"].dropna().to_numpy()
                if len(p0):
                    pre[world] = {"0.0": _rate(p0), str(PRETREND): _rate(p1)}
        bias: dict = {}
        for est in SYNTH:
            bias[est] = {
                world: {
                    o: float(s[(s["world"] == world) & (s["outcome"] == o)][f"{est}.att"].mean())
                    for o in OUTPUTS
                }
                for world in WORLDS
            }
        years = STRUCTURES[struct]
        out[struct] = {
            "zones": 15,
            "treated": 2,
            "years": list(years),
            "start": START,
            "tests": tests,
            "pretrend": {"pretrend_ri": pre},
            "bias": bias,
        }
    return out


def label(test: str) -> str:
    """A test as the catalogue names it in English (``test.<code>``), capitalised."""
    text = template(f"test.{test}", "en")
    return text[:1].upper() + text[1:]


def unmeasured() -> list[str]:
    """Registered tests (candidates and recorded comparisons) this study does not measure."""
    tests = [x.code for e in registered_estimators() for x in e.tests]
    return [x for x in tests if x not in MEASURED]


def markdown(record: dict) -> str:
    """The README tables, from a record (so the README's numbers are never typed)."""
    lines = []
    for struct, rec in record["structures"].items():
        sel = selection_table(rec)
        head = choose_headline(record, structure=struct)
        y0, y1 = rec["years"]
        lines += [
            f"**{struct}** ({rec['zones']} zones, {rec['treated']} treated, {y0}–{y1}); "
            f"headline: `{head}`",
            "",
            "| test | size: generator / exchangeable / factor (max over outputs; band) | "
            "size holds | size-adjusted power (mean over worlds and outputs) |",
            "| --- | --- | :---: | ---: |",
        ]
        for test, r in sel.iterrows():
            sizes = " / ".join(
                "—" if pd.isna(r[f"size_{w}"]) else f"{100 * r[f'size_{w}']:.1f}%" for w in WORLDS
            )
            band = f"{100 * r['band_lower']:.1f}–{100 * r['band_upper']:.1f}%"
            power = "—" if pd.isna(r["power_adjusted"]) else f"{100 * r['power_adjusted']:.1f}%"
            lines.append(f"| {label(test)} | {sizes} ({band}) | "
                         f"{'yes' if r['valid'] else 'no'} | {power} |")  # fmt: skip
        lines.append("")
        lines += [
            "| test | world | gdp | revenue | hitech_va | patents |",
            "| --- | --- | ---: | ---: | ---: | ---: |",
        ]
        for test in headline_candidates():
            for world, by_out in rec["tests"].get(test, {}).items():
                cells = []
                for o in OUTPUTS:
                    e = by_out.get(o)
                    if e is None:
                        cells.append("—")
                        continue
                    txt = f"{100 * e['size']['rejection']:.1f}%"
                    if "power_adjusted" in e:
                        txt += f" / {100 * e['power_adjusted']:.1f}%"
                    cells.append(txt)
                lines.append(f"| `{test}` | {world} | " + " | ".join(cells) + " |")
        lines.append("")
        pre = rec["pretrend"]["pretrend_ri"]
        if pre:
            lines += ["| pre-trend test (revenue) | world | no pre-trend | 0.03 a year |",
                      "| --- | --- | ---: | ---: |"]  # fmt: skip
            for world, r in pre.items():
                lines.append(f"| randomization | {world} | {100 * r['0.0']['rejection']:.1f}% | "
                             f"{100 * r[str(PRETREND)]['rejection']:.1f}% |")  # fmt: skip
            lines.append("")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=300)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--structures", nargs="+", default=["final"], choices=list(STRUCTURE_YEARS))
    ap.add_argument("--rows", help="also write every p-value to this CSV file")
    ap.add_argument("--rows-in", help="p-values of an earlier run (--rows): kept, not re-run")
    ap.add_argument(
        "--more",
        nargs="*",
        default=[],
        metavar="WORLD=N",
        help="seeds 0..N-1 for WORLD instead of --seeds (where a decision turns on it)",
    )
    ap.add_argument("--table", action="store_true", help="print the README tables and stop")
    args = ap.parse_args()
    missing = unmeasured()
    if missing and not args.table:
        raise SystemExit(
            "registered tests this study does not measure (add them to MEASURED, with their "
            "computation in chunk()): " + ", ".join(missing)
        )
    STRUCTURES.clear()
    STRUCTURES.update({k: STRUCTURE_YEARS[k] for k in args.structures})
    if args.table:
        print(markdown(json.loads(OUT_JSON.read_text(encoding="utf-8"))))
        return
    t0 = time.perf_counter()
    n_seeds = {w: args.seeds for w in WORLDS}
    for item in args.more:
        world, _, n = item.partition("=")
        if world not in WORLDS or not n.isdigit():
            raise SystemExit(f"--more {item!r}: use WORLD=N with WORLD one of {', '.join(WORLDS)}")
        n_seeds[world] = int(n)
    rows: list[dict] = []
    done: set[tuple[str, int]] = set()
    if args.rows_in:
        old = pd.read_csv(args.rows_in)
        rows = [{k: v for k, v in r.items() if not (isinstance(v, float) and math.isnan(v))}
                for r in old.to_dict("records")]  # fmt: skip
        done = {(r["world"], int(r["seed"])) for r in rows}
    tasks = []
    for w in WORLDS:
        todo = [s for s in range(n_seeds[w]) if (w, s) not in done]
        tasks += [(w, todo[i : i + CHUNK]) for i in range(0, len(todo), CHUNK)]
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        structs = [dict(STRUCTURES)] * len(tasks)
        for part in pool.map(_run, *zip(*tasks, strict=True), structs):
            rows.extend(part)
    rows.sort(key=lambda r: (r["world"], r["seed"], r["structure"], r["outcome"]))
    if args.rows:  # every p-value, for checking the summary by hand
        Path(args.rows).write_text(pd.DataFrame(rows).to_csv(index=False), encoding="utf-8")
    record = {
        "what": "size and power of the demonstration-zone tests on simulated worlds (synthetic)",
        "design": {
            "worlds": list(WORLDS),
            "factor_world": FACTOR_WORLD,
            "outcomes": list(OUTPUTS),
            "effects": {o: TREATMENT_EFFECT[o] for o in OUTPUTS},
            "alpha": ALPHA,
            "seeds": [0, args.seeds - 1],
            "seeds_by_world": {w: [0, n - 1] for w, n in n_seeds.items()},
            "sc_seeds": [0, SC_SEEDS - 1],
            "aux_seeds": [0, AUX_SEEDS - 1],
            "pretrend": PRETREND,
            "placebo_sets": "all C(13, 2) = 78 (exact placebo s.e., population s.d.)",
            "assignments": "all C(15, 2) = 105",
            "wcr": {"B": 399, "weights": "webb"},
            "band": "0.05 ± 2·sqrt(0.05·0.95/n)",
        },
        "structures": summarise(rows),
        "command": "PYTHONPATH=. nice -n 10 python benchmarks/bench_policy.py "
        f"--seeds {args.seeds} --jobs {args.jobs} --structures {' '.join(args.structures)}"
        + (f" --more {' '.join(args.more)}" if args.more else "")
        + (" --rows-in ROWS.csv (the p-values of the run before)" if args.rows_in else ""),
        "runs": [],
        "runtime_seconds": round(time.perf_counter() - t0, 1),
        "jobs": args.jobs,
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "date": datetime.now(UTC).date().isoformat(),
        "versions": {
            "gxq_analysis": __version__,
            "numpy": np.__version__,
            "pandas": pd.__version__,
            "scipy": scipy.__version__,
            "numba": version("numba"),
        },
    }
    runs = []
    if args.rows_in and OUT_JSON.is_file():  # the runs whose rows were kept
        prev = json.loads(OUT_JSON.read_text(encoding="utf-8"))
        runs = prev.get("runs") or [
            {"command": prev.get("command"), "runtime_seconds": prev.get("runtime_seconds")}
        ]
    record["runs"] = [*runs, {"command": record["command"],
                              "runtime_seconds": record["runtime_seconds"]}]  # fmt: skip
    record["headline"] = {s: choose_headline(record, structure=s) for s in STRUCTURES}
    OUT.mkdir(parents=True, exist_ok=True)
    OUT_JSON.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(markdown(record))
    print(f"runtime {record['runtime_seconds']} s")


if __name__ == "__main__":
    main()
