"""Two-way FE with entity-clustered errors: gxq ``fit_panel`` vs pyfixest vs linearmodels.

``gxq`` is ``fit_panel`` as shipped (its own within-transformation path for ``twfe``); ``gxq-lm``
is the same ``fit_spec`` forced onto its linearmodels path (``_engine="linearmodels"``), i.e.
``fit_panel`` before that path existed, so that old and new are measured in the same run.

One command: ``python benchmarks/bench_fit.py`` (add ``--quick`` to skip the 2-million-row panel).

Each (method, panel) pair runs in its own subprocess so that imports, JIT compilation and the
other methods' allocations do not pollute the memory figure. Inside the subprocess:

1. import the method's libraries and fit a tiny panel once (warm-up: imports, numba JIT caches);
2. build the panel (seeded; same data for every method);
3. reset the process's peak-RSS mark (``/proc/self/clear_refs``), fit once, read
   ``getrusage(RUSAGE_SELF).ru_maxrss``: the *peak RSS during the fit* (whole process: libraries
   and the data are resident too) and its increase over the RSS just before the fit;
4. time ``repeats`` further fits with ``time.perf_counter``; report the median (and min).

The parent checks that the slopes agree across methods and writes
``benchmarks/results/fit.json`` and a Markdown table (pasted into ``benchmarks/README.md``).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
import warnings
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
PANELS: dict[str, tuple[int, int]] = {
    "15x10": (15, 10),
    "300x20": (300, 20),
    "200000x10": (200_000, 10),
}
REPEATS = {"15x10": 15, "300x20": 10, "200000x10": 3}
METHODS = ("gxq", "pyfixest", "linearmodels", "gxq-lm")
ALTERNATIVES = METHODS[1:]
X = ("x1", "x2", "x3", "x4")
BETA = (1.0, -0.5, 0.25, 0.0)


# --------------------------------------------------------------------------------------------
# shared helpers (bench_bootstrap.py imports these)


def machine_info() -> dict[str, object]:
    """CPU, cores and RAM of this machine, from /proc where available."""
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram_gb = round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    return {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu_model": cpu,
        "ram_gb": ram_gb,
        "platform": platform.platform(),
        "python": platform.python_version(),
        # other work on the machine distorts timings: record the 1/5/15-minute load averages
        "load_avg_at_start": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }


def versions(*packages: str) -> dict[str, str]:
    out = {}
    for p in packages:
        try:
            out[p] = metadata.version(p)
        except metadata.PackageNotFoundError:
            out[p] = "not installed"
    return out


def timed(fn, repeats: int) -> dict[str, object]:
    """Median and min wall time of ``repeats`` calls (after the caller's warm-up)."""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return {"median_s": statistics.median(times), "min_s": min(times), "times_s": times}


def make_panel(n_entities: int, n_periods: int, seed: int = 20260101) -> pd.DataFrame:
    """Balanced panel ``y = a_i + l_t + x b + e`` with regressors correlated with both effects."""
    rng = np.random.default_rng(seed)
    n = n_entities * n_periods
    entity = np.repeat(np.arange(n_entities, dtype=np.int64), n_periods)
    period = np.tile(np.arange(2000, 2000 + n_periods, dtype=np.int64), n_entities)
    a = rng.normal(size=n_entities)[entity]
    lam = rng.normal(size=n_periods)[period - 2000]
    cols = {"entity": entity, "time": period}
    xs = []
    for i in range(len(X)):
        xi = rng.normal(size=n) + 0.5 * a + (0.3 if i % 2 else -0.3) * lam
        cols[X[i]] = xi
        xs.append(xi)
    cols["y"] = a + lam + np.column_stack(xs) @ np.array(BETA) + rng.normal(size=n)
    return pd.DataFrame(cols)


# --------------------------------------------------------------------------------------------
# worker: one method on one panel


def _reset_peak() -> None:
    # not Linux: ru_maxrss then also covers everything before the fit
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def _fitter(method: str):
    """(prepare(df) -> input, fit(input) -> (coef, se)) for a method."""
    if method == "gxq":
        from gxq_analysis.models.panel import fit_panel

        def prepare(df):
            return df.set_index(["entity", "time"])

        def fit(data):
            res = fit_panel(data, "y", list(X), model="twfe", cov="cluster")
            return res.params[list(X)], res.std_errors[list(X)]

    elif method == "gxq-lm":
        from gxq_analysis.models.panel import PanelSpec, fit_spec

        spec = PanelSpec(y="y", x=X, model="twfe", cov="cluster")

        def prepare(df):
            return df.set_index(["entity", "time"])

        def fit(data):
            res = fit_spec(data, spec, _engine="linearmodels")
            return res.params[list(X)], res.std_errors[list(X)]

    elif method == "pyfixest":
        import pyfixest as pf

        def prepare(df):
            return df

        def fit(data):
            with warnings.catch_warnings():  # pyfixest's own pandas deprecation warnings
                warnings.simplefilter("ignore")
                res = pf.feols(
                    "y ~ x1 + x2 + x3 + x4 | entity + time", data=data, vcov={"CRV1": "entity"}
                )
            return res.coef()[list(X)], res.se()[list(X)]

    elif method == "linearmodels":
        from linearmodels import PanelOLS

        def prepare(df):
            return df.set_index(["entity", "time"])

        def fit(data):
            res = PanelOLS(data["y"], data[list(X)], entity_effects=True, time_effects=True).fit(
                cov_type="clustered", cluster_entity=True
            )
            return res.params[list(X)], res.std_errors[list(X)]

    else:
        raise SystemExit(f"unknown method {method!r}; choose one of {METHODS}")
    return prepare, fit


def worker(method: str, panel: str, repeats: int) -> dict[str, object]:
    prepare, fit = _fitter(method)
    fit(prepare(make_panel(15, 10, seed=1)))  # warm-up: imports, JIT, caches
    n_ent, n_per = PANELS[panel]
    data = prepare(make_panel(n_ent, n_per))
    gc.collect()
    rss_before = _rss_mb()
    _reset_peak()
    t0 = time.perf_counter()
    coef, se = fit(data)
    first = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    timing = timed(lambda: fit(data), repeats)
    return {
        "method": method,
        "panel": panel,
        "nobs": n_ent * n_per,
        "first_fit_s": first,
        **timing,
        "repeats": repeats,
        "rss_before_fit_mb": round(rss_before, 1),
        "peak_rss_mb": round(peak, 1),
        "peak_increase_mb": round(peak - rss_before, 1),
        "coef": {k: float(v) for k, v in coef.items()},
        "se": {k: float(v) for k, v in se.items()},
    }


# --------------------------------------------------------------------------------------------
# parent


def run(panels: list[str], repeats: int | None) -> dict[str, object]:
    rows = []
    for panel in panels:
        for method in METHODS:
            n = repeats or REPEATS[panel]
            cmd = [sys.executable, __file__, "--worker", method, panel, "--repeats", str(n)]
            print(f"  {panel:>10} {method:<13}", end="", flush=True)
            proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
            if proc.returncode != 0:
                raise SystemExit(f"worker failed: {' '.join(cmd)}\n{proc.stderr}")
            row = json.loads(proc.stdout.strip().splitlines()[-1])
            print(f" median {row['median_s']:.4f} s, peak RSS {row['peak_rss_mb']:.0f} MB")
            rows.append(row)
    comparisons = []
    for panel in panels:
        by = {r["method"]: r for r in rows if r["panel"] == panel}
        g = by["gxq"]
        comp: dict[str, object] = {"panel": panel}
        for alt in ALTERNATIVES:
            a = by[alt]
            comp[f"time_ratio_vs_{alt}"] = g["median_s"] / a["median_s"]
            comp[f"peak_ratio_vs_{alt}"] = g["peak_rss_mb"] / a["peak_rss_mb"]
            comp[f"coef_max_abs_diff_vs_{alt}"] = max(abs(g["coef"][k] - a["coef"][k]) for k in X)
            comp[f"se_max_rel_diff_vs_{alt}"] = max(abs(g["se"][k] / a["se"][k] - 1) for k in X)
        comparisons.append(comp)
    return {
        "benchmark": "fit: two-way FE, entity-clustered errors, 4 regressors",
        "date_utc": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "versions": versions(
            "gxq-analysis", "numpy", "pandas", "scipy", "linearmodels", "pyfixest", "numba"
        ),
        "method": (
            "one subprocess per (method, panel); warm-up fit on a 15x10 panel; peak RSS = "
            "getrusage ru_maxrss during the first fit after resetting the mark "
            "(/proc/self/clear_refs); time = median of `repeats` further fits (perf_counter)"
        ),
        "calls": {
            "gxq": 'fit_panel(df, "y", x, model="twfe", cov="cluster")',
            "gxq-lm": 'fit_spec(df, PanelSpec("y", x, model="twfe", cov="cluster"), '
            '_engine="linearmodels")',
            "pyfixest": 'feols("y ~ x1+x2+x3+x4 | entity + time", vcov={"CRV1": "entity"})',
            "linearmodels": "PanelOLS(y, X, entity_effects=True, time_effects=True)"
            '.fit(cov_type="clustered", cluster_entity=True)',
        },
        "results": rows,
        "comparisons": comparisons,
    }


def markdown(out: dict[str, object]) -> str:
    lines = [
        "| panel (entities × periods) | rows | method | median time (s) | peak RSS (MB) "
        "| RSS increase in fit (MB) | time ratio gxq/alt | peak ratio gxq/alt "
        "| max abs coef diff vs gxq |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    comps = {c["panel"]: c for c in out["comparisons"]}
    for r in out["results"]:
        c = comps[r["panel"]]
        m = r["method"]
        ratio = peak = diff = "—"
        if m != "gxq":
            ratio = f"{c[f'time_ratio_vs_{m}']:.2f}"
            peak = f"{c[f'peak_ratio_vs_{m}']:.2f}"
            diff = f"{c[f'coef_max_abs_diff_vs_{m}']:.1e}"
        lines.append(
            f"| {r['panel'].replace('x', ' × ')} | {r['nobs']:,} | {m} | {r['median_s']:.4f} "
            f"| {r['peak_rss_mb']:.0f} | {max(r['peak_increase_mb'], 0.0):.0f} | {ratio} | {peak} "
            f"| {diff} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="skip the 2-million-row panel")
    ap.add_argument("--repeats", type=int, default=None, help="timed repeats per method")
    ap.add_argument("--worker", nargs=2, metavar=("METHOD", "PANEL"), help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, default=RESULTS / "fit.json")
    args = ap.parse_args(argv)
    if args.worker:
        method, panel = args.worker
        print(json.dumps(worker(method, panel, args.repeats or REPEATS[panel])))
        return
    panels = [p for p in PANELS if not (args.quick and p == "200000x10")]
    machine = machine_info()  # load average before the runs
    out = run(panels, args.repeats)
    out["machine"] = machine
    out["quick"] = bool(args.quick)
    out["load_avg_at_end"] = list(os.getloadavg())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=2) + "\n")
    print(f"\nwritten {args.out}\n")
    print(markdown(out))


if __name__ == "__main__":
    main()
