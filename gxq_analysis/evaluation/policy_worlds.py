"""Simulated worlds on which the policy chapter's tests are judged (SYNTHETIC data).

The demonstration-zone design has 15 zones, 2 treated from 2016 and a handful of years; a test
headlines only if its size holds on every world below and, among those, by its size-adjusted
power (``benchmarks/bench_policy.py``, :func:`gxq_analysis.evaluation.policy.choose_headline`).
Each world returns a zone panel of the four outputs (levels, > 0) and its treated zones; the
demo generator and the bundled demo data are not changed by any of this.

Worlds
------
``generator``
    The package's generator, :func:`~gxq_analysis.ingest.demo.simulate_zone_panel` with 15
    zones, the first two treated and no effect. It sets the treated pair's mean input trend equal
    to the controls' mean (:mod:`gxq_analysis.ingest.demo.process`), so the treated are not a
    random draw: parallel trends hold by construction and randomization tests are conservative.
``exchangeable``
    The same generator with 17 zones; the two whose trends it forces are dropped and two of the
    other 15, drawn at random (``default_rng([seed, 1])``), play the treated: the treated are
    exchangeable with the controls, as randomization inference assumes.
``factor``
    Zones of different size (log 2015 level ``7 + s_i``, ``s_i`` ~ N(0, 1)), the two largest
    treated, as Shenyang and Dalian are the largest zones. Each output::

        log Y_it = 7 + s_i + g_t + λ_i f_t + u_it,   u_it = ρ u_i,t−1 + σ_i e_it

    with the generator's year path ``g_t`` (trend, 2016 step, year shocks), a random-walk factor
    ``f_t`` (innovations N(0, σ²), pinned at 0 in 2015) whose loadings grow with size
    (``λ_i = 0.5 + 0.3 s_i + 0.3 z_i``), and heteroskedastic zones (``σ_i = σ exp(0.4 h_i)``);
    σ and ρ are the output's own (:data:`~gxq_analysis.ingest.demo.process.NOISE`). Trends are
    not parallel in any one draw (the treated load more on the factor), only on average over
    draws of the factor.

The parameters of the factor world were fixed before any test was run on it (module
constants) and are recorded with the results.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..ingest.demo import simulate_zone_panel
from ..ingest.demo.process import NOISE, OUTPUTS, YEAR_SHOCK_SD, YEAR_STEP_2016, YEAR_TREND
from ..options import check_choice

__all__ = ["FACTOR_WORLD", "WORLDS", "simulate_world"]

WORLDS = ("generator", "exchangeable", "factor")
#: The factor world's settings (module notes); recorded with the benchmark's results.
FACTOR_WORLD = {
    "n_zones": 15,
    "n_treated": 2,
    "base_level": 7.0,
    "size_sd": 1.0,
    "loading_mean": 0.5,
    "loading_size": 0.3,
    "loading_sd": 0.3,
    "factor_sd": 1.0,  # random-walk innovations, in units of the output's sigma
    "hetero_sd": 0.4,  # sd of log sigma_i
}


def _factor_panel(seed: int, years: tuple[int, int], start: int) -> pd.DataFrame:
    rng = np.random.default_rng([seed, 3])
    f = FACTOR_WORLD
    n = f["n_zones"]
    yrs = np.arange(years[0], years[1] + 1)
    base = int(np.flatnonzero(yrs == start - 1)[0])
    size = f["size_sd"] * rng.standard_normal(n)
    order = np.argsort(-size, kind="mergesort")  # the largest first: they are the treated
    size = size[order]
    load = f["loading_mean"] + f["loading_size"] * size + f["loading_sd"] * rng.standard_normal(n)
    hetero = np.exp(f["hetero_sd"] * rng.standard_normal(n))
    cols = {}
    for y in OUTPUTS:
        rho, sigma = NOISE[y]["rho"], NOISE[y]["sigma"]
        shocks = YEAR_SHOCK_SD * rng.standard_normal(len(yrs))
        g = YEAR_TREND[y] * (yrs - (start - 1)) + YEAR_STEP_2016[y] * (yrs >= start) + shocks
        steps = f["factor_sd"] * sigma * rng.standard_normal(len(yrs))
        fac = np.cumsum(steps)
        fac = fac - fac[base]
        e = rng.standard_normal((n, len(yrs))) * (sigma * hetero)[:, None]
        u = np.empty_like(e)
        u[:, 0] = e[:, 0] / math.sqrt(1 - rho**2)
        for j in range(1, len(yrs)):
            u[:, j] = rho * u[:, j - 1] + e[:, j]
        log_y = f["base_level"] + size[:, None] + g[None, :] + load[:, None] * fac[None, :] + u
        cols[y] = np.exp(log_y).ravel()
    zones = [f"sim{i + 1:04d}" for i in range(n)]
    index = pd.MultiIndex.from_product([zones, yrs.tolist()], names=["zone", "year"])
    return pd.DataFrame(cols, index=index)


def simulate_world(
    world: str, seed: int, *, years: tuple[int, int] = (2011, 2020), start: int = 2016
) -> tuple[pd.DataFrame, tuple[str, str]]:
    """One SYNTHETIC panel of the four outputs from ``world`` (module notes), with no effect.

    Returns ``(panel, treated)``: levels indexed by ``(zone, year)``, and the two treated zones.
    """
    check_choice("world", world, WORLDS)
    if world == "generator":
        panel = simulate_zone_panel(15, years, seed=seed, n_treated=2, did_effect=0.0)
        return panel[list(OUTPUTS)], ("sim0001", "sim0002")
    if world == "exchangeable":
        panel = simulate_zone_panel(17, years, seed=seed, n_treated=2, did_effect=0.0)
        panel = panel.drop(["sim0001", "sim0002"], level=0)[list(OUTPUTS)]
        zones = sorted(set(panel.index.get_level_values(0)))
        pick = np.random.default_rng([seed, 1]).choice(len(zones), size=2, replace=False)
        return panel, tuple(sorted(zones[i] for i in pick))  # type: ignore[return-value]
    return _factor_panel(seed, years, start), ("sim0001", "sim0002")
