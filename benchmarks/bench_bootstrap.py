"""Wild cluster restricted bootstrap, B = 9,999 on 15 clusters: gxq vs wildboottest vs pyfixest.

One command: ``python benchmarks/bench_bootstrap.py``.

Two models on a 15 × 10 panel with 4 regressors, testing ``x4 = 0`` (true) with Rademacher weights
(``2**15 > 9,999``, so random draws) and the same seed for every implementation: they draw the
same weights, so their p-values must agree up to ties (checked and recorded).

* ``fe`` (entity effects): gxq ``wild_cluster_bootstrap(fit_panel(..., model="fe"))``;
  ``wildboottest`` on the entity-demeaned data (entity effects are nested in the clusters, so this
  is the same bootstrap); pyfixest ``feols(... | entity).wildboottest()``.
* ``twfe`` (entity and time effects): as above with ``model="twfe"``; ``wildboottest`` gets the
  entity-demeaned data plus entity-demeaned time dummies (the time effects are not nested in the
  clusters); pyfixest ``feols(... | entity + time).wildboottest()`` (one-hot dummies).

Only the bootstrap call is timed (the fits and the demeaning are done once before). Note that gxq
also computes the confidence interval by test inversion in the same call; the other two return
only the p-value. ``wildboottest`` re-compiles its numba kernel on every call (the kernel is
defined inside the method), so its warm-up does not remove that cost: it is what a user pays.

Method: one warm-up call, then ``repeats`` timed calls (``time.perf_counter``), median reported;
ratio = gxq median / alternative median, measured in the same run. Writes
``benchmarks/results/bootstrap.json`` and prints a Markdown table for ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_fit import RESULTS, machine_info, make_panel, timed, versions

B = 9999
SEED = 20260
PARAM = "x4"  # true value 0: a p-value away from 0 and 1
X = ("x1", "x2", "x3", "x4")


def scenario(model: str, repeats: int) -> dict[str, object]:
    import pyfixest as pf
    import statsmodels.api as sm
    from wildboottest.wildboottest import wildboottest

    from gxq_analysis import fit_panel, wild_cluster_bootstrap

    df = make_panel(15, 10, seed=7)
    G, T = 15, 10
    # gxq
    fit = fit_panel(df.set_index(["entity", "time"]), "y", list(X), model=model, cov="cluster")

    def ours():
        return wild_cluster_bootstrap(fit, PARAM, B=B, weights="rademacher", seed=SEED)

    def ours_webb():
        return wild_cluster_bootstrap(fit, PARAM, B=B, weights="webb", seed=SEED)

    # wildboottest on the transformed data
    cols = ["y", *X]
    dm = df[cols] - df.groupby("entity")[cols].transform("mean")
    design = dm[list(X)]
    if model == "twfe":
        dummies = pd.get_dummies(df["time"], prefix="t", drop_first=True, dtype=float)
        dummies = dummies - dummies.groupby(df["entity"]).transform("mean")
        design = pd.concat([design, dummies], axis=1)
    ols = sm.OLS(dm["y"], design)
    clusters = df["entity"].to_numpy()

    def wbt():
        return wildboottest(
            ols,
            B=B,
            cluster=clusters,
            param=PARAM,
            weights_type="rademacher",
            seed=SEED,
            show=False,
        )

    # pyfixest
    fe = "entity" if model == "fe" else "entity + time"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pfit = pf.feols(f"y ~ x1 + x2 + x3 + x4 | {fe}", data=df, vcov={"CRV1": "entity"})

    def pfx():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return pfit.wildboottest(param=PARAM, reps=B, seed=SEED, weights_type="rademacher")

    results: dict[str, dict[str, object]] = {}
    for name, fn in (
        ("gxq", ours),
        ("gxq_webb", ours_webb),
        ("wildboottest", wbt),
        ("pyfixest", pfx),
    ):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = fn()  # warm-up
            t = timed(fn, repeats)
        if name.startswith("gxq"):
            p = out.pvalue
            t["conf_int"] = list(out.conf_int)
        elif name == "wildboottest":
            p = float(out["p-value"].iloc[0])
        else:
            p = float(out["Pr(>|t|)"])
        t["pvalue"] = p
        results[name] = t
        print(f"  {model:<5} {name:<13} median {t['median_s']:.4f} s  p = {p:.4f}")
    return {
        "model": model,
        "n_clusters": G,
        "n_periods": T,
        "nobs": len(df),
        "B": B,
        "param": PARAM,
        "seed": SEED,
        "results": results,
        "time_ratio_gxq_vs_wildboottest": results["gxq"]["median_s"]
        / results["wildboottest"]["median_s"],
        "time_ratio_gxq_vs_pyfixest": results["gxq"]["median_s"] / results["pyfixest"]["median_s"],
        "pvalue_max_abs_diff_same_draws": max(
            abs(results["gxq"]["pvalue"] - results[k]["pvalue"])
            for k in ("wildboottest", "pyfixest")
        ),
    }


def markdown(out: dict[str, object]) -> str:
    lines = [
        "| model | implementation | median time (s) | ratio gxq / alt | p-value |",
        "|---|---|---:|---:|---:|",
    ]
    for sc in out["scenarios"]:
        for name, r in sc["results"].items():
            ratio = "—"
            if name in ("wildboottest", "pyfixest"):
                ratio = f"{sc['results']['gxq']['median_s'] / r['median_s']:.3f}"
            label = {
                "gxq": "gxq `wild_cluster_bootstrap` (Rademacher; p + CI)",
                "gxq_webb": "gxq `wild_cluster_bootstrap` (Webb; p + CI)",
                "wildboottest": "`wildboottest` 0.3 (Rademacher; p only)",
                "pyfixest": "pyfixest `Feols.wildboottest` (Rademacher; p only)",
            }[name]
            lines.append(
                f"| {sc['model']} | {label} | {r['median_s']:.4f} | {ratio} | {r['pvalue']:.4f} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=7, help="timed repeats per implementation")
    ap.add_argument("--out", type=Path, default=RESULTS / "bootstrap.json")
    args = ap.parse_args(argv)
    machine = machine_info()  # load average before the runs
    scenarios = [scenario(m, args.repeats) for m in ("fe", "twfe")]
    out = {
        "benchmark": f"wild cluster restricted bootstrap, B={B}, 15 clusters, one coefficient",
        "date_utc": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine,
        "versions": versions(
            "gxq-analysis",
            "numpy",
            "scipy",
            "pandas",
            "wildboottest",
            "pyfixest",
            "numba",
            "statsmodels",
        ),
        "method": (
            f"one warm-up call then {args.repeats} timed calls (perf_counter), median; fits and "
            "data transformations done once outside the timing; same seed and weights for all"
        ),
        "scenarios": scenarios,
        "load_avg_at_end": list(os.getloadavg()),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=2) + "\n")
    print(f"\nwritten {args.out}\n")
    print(markdown(out))
    if any(s["pvalue_max_abs_diff_same_draws"] > 2 / B for s in scenarios):
        raise SystemExit("p-values disagree beyond ties: check the implementations")


if __name__ == "__main__":
    main()
