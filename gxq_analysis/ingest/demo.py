"""The SYNTHETIC demo zone panel: a seeded, documented, calibrated data-generating process.

No public zone-level panel exists for the 15 zones, so the package ships one that is honest
about being made (``data/demo/zones_synthetic.csv``, its ``.meta.json`` and ``README.md``). It
serves two purposes: everything runs out of the box, and estimators can be checked against
known truths.

The process (all logs natural; ``t`` a year, ``i`` a zone; the base year ``b`` is 2015):

* **Inputs** ``x`` in :data:`INPUTS` (R&D spending, venture capital, technology loans, R&D
  personnel)::

      log X_it = log X_ib + k_ix (t - b) + q_xt + w_ixt

  ``k_ix`` a zone trend drawn around its tier's mean (:data:`INPUT_TRENDS`); the treated zones'
  trends are set so that their mean equals the controls' mean (parallel trends by construction,
  with heterogeneity inside each group); ``q_xt`` a common year path and ``w_ixt`` a zone random
  walk, both pinned at 0 in the base year; the walks' innovations share a zone-year shock across
  inputs (:data:`INPUT_COMMON_SHARE`), so inputs are correlated but not collinear.
* **Outputs** ``y`` in :data:`OUTPUTS` (GDP, revenue, high-tech value added, patents)::

      log Y_it = a_iy + g_ty + sum_x beta_yx log X_i,t-1 + tau_y D_it + u_ity
      u_ity = rho_y u_i,t-1,y + e_ity,   e ~ N(0, sigma_y^2),   u stationary at the start

  ``D_it = 1`` for Shenyang and Dalian from 2016 (the Shenyang–Dalian National Independent
  Innovation Demonstration Zone). The zone effects ``a_iy`` are solved *after* the noise is
  drawn, so that each zone's 2015 output equals its calibrated 2015 level; fixed-effects
  estimators absorb them, so this leaves the slopes, the effect and the noise process as stated.
  The zone effects are not drawn independently of the inputs, so random-effects estimators have
  no such guarantee (for patents they correlate strongly with the zones' input levels).
* **Derived outputs**: exports and service revenue are revenue times a share that follows a
  pinned random walk in logs (no treatment of its own, so their DiD effect is revenue's);
  fiscal S&T spending is fiscal spending times such a share.
* **Counts and context** (firms, platforms, employees, fiscal spending): pinned log paths with
  tier-free growth that changes in 2016, rounded to integers where the unit is a count.
* **City GDP** grows, then falls by a per-city 20-40% in 2016 (the correction of Liaoning's
  inflated statistics), flagged in ``breaks``; zones of one city (Huludao and Suizhong) share it.

The 2015 cross-section is calibrated to every zone figure of ``data/plan_facts.csv``
(:mod:`gxq_analysis.ingest.demo_calibration`). :func:`simulate_zone_panel` runs the same process
for any number of invented zones, without that calibration, with an optional built-in pre-trend.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import config
from ..errors import DataError, OptionError
from ..files import atomic_write
from ..options import check_choice
from ..plan.codebook import load_codebook
from ..plan.zones import DEMONSTRATION_START, DEMONSTRATION_ZONES, TIERS, load_zones, zone_ids
from .demo_calibration import (
    CALIBRATION_YEAR,
    calibrate_levels,
    calibration_report,
    decimals,
    fixed_shares,
    store,
)
from .schema import YEAR_MAX, YEAR_MIN, attach_provenance, canonical_frame, validate_panel

GENERATOR_VERSION = "1.0.0"
DEFAULT_SEED = 20160101
DEFAULT_YEARS = (2011, 2020)
LABEL = "SYNTHETIC demo data — not real statistics"
LABEL_ZH = "合成演示数据——并非真实统计"

BASE_YEAR = CALIBRATION_YEAR
TREATED = DEMONSTRATION_ZONES
TREATMENT_START = DEMONSTRATION_START
#: The year Liaoning corrected its inflated statistics: city GDP fell 20-40% at once.
BREAK_YEAR = 2016
#: Start of the 13th Five-Year period: count series change growth rate from this year.
REGIME_YEAR = 2016

OUTPUTS = ("gdp", "revenue", "hitech_va", "patents")
INPUTS = ("rd_expenditure", "vc_investment", "tech_loans", "rd_personnel")
#: Every input enters the production process lagged by this many years.
INPUT_LAG = 1

#: True elasticities of each output with respect to each input (lagged INPUT_LAG years).
ELASTICITIES: dict[str, dict[str, float]] = {
    "gdp": {
        "rd_expenditure": 0.10,
        "vc_investment": 0.04,
        "tech_loans": 0.08,
        "rd_personnel": 0.30,
    },
    "revenue": {
        "rd_expenditure": 0.15,
        "vc_investment": 0.05,
        "tech_loans": 0.10,
        "rd_personnel": 0.35,
    },
    "hitech_va": {
        "rd_expenditure": 0.25,
        "vc_investment": 0.06,
        "tech_loans": 0.05,
        "rd_personnel": 0.30,
    },
    "patents": {
        "rd_expenditure": 0.40,
        "vc_investment": 0.08,
        "tech_loans": 0.03,
        "rd_personnel": 0.35,
    },
}
#: Direct effect of the demonstration zone on log output (log points), constant from the start.
TREATMENT_EFFECT = {"gdp": 0.08, "revenue": 0.12, "hitech_va": 0.15, "patents": 0.20}
#: Outputs that are revenue times a share with no treatment of its own: they inherit revenue's.
DERIVED_FROM_REVENUE = ("exports", "service_revenue")
#: AR(1) noise of each output equation: u_t = rho u_{t-1} + e_t, e ~ N(0, sigma^2).
NOISE = {
    "gdp": {"rho": 0.5, "sigma": 0.04},
    "revenue": {"rho": 0.5, "sigma": 0.05},
    "hitech_va": {"rho": 0.5, "sigma": 0.06},
    "patents": {"rho": 0.4, "sigma": 0.10},
}
#: Year effects of the outputs: a common trend, a level step from 2016 (Liaoning's 2016
#: recession) and small year shocks (sd YEAR_SHOCK_SD).
YEAR_TREND = {"gdp": 0.02, "revenue": 0.02, "hitech_va": 0.03, "patents": 0.05}
YEAR_STEP_2016 = {"gdp": -0.05, "revenue": -0.06, "hitech_va": -0.04, "patents": 0.0}
YEAR_SHOCK_SD = 0.02

#: Mean annual log growth of each input by tier; the treated zones get the controls' mean.
INPUT_TRENDS = {
    "rd_expenditure": {"first_class": 0.07, "innovative": 0.07, "distinctive": 0.05},
    "vc_investment": {"first_class": 0.10, "innovative": 0.10, "distinctive": 0.06},
    "tech_loans": {"first_class": 0.06, "innovative": 0.06, "distinctive": 0.04},
    "rd_personnel": {"first_class": 0.04, "innovative": 0.04, "distinctive": 0.03},
}
INPUT_TREND_SD = 0.02  # zone deviation of the trend
INPUT_SIGMA = {
    "rd_expenditure": 0.08,
    "vc_investment": 0.20,
    "tech_loans": 0.08,
    "rd_personnel": 0.05,
}
INPUT_COMMON_SHARE = 0.3  # variance share of a zone-year shock common to all inputs
INPUT_YEAR_SD = 0.03  # sd of the yearly steps of the inputs' common year path

SHARE_SIGMA = 0.05  # sd of the yearly log steps of export, service and fiscal S&T shares
#: Annual log growth (before REGIME_YEAR, from it) and random-walk sd of the other series.
COUNT_GROWTH = {
    "hitech_firms": (0.06, 0.15, 0.04),
    "firms": (0.05, 0.06, 0.03),
    "firms_above_scale": (0.02, 0.00, 0.04),
    "incubated_firms": (0.08, 0.10, 0.06),
    "rd_institutions": (0.06, 0.05, 0.03),
    "incubator_area": (0.08, 0.10, 0.05),
    "employees": (0.03, 0.01, 0.03),
    "fiscal_total": (0.06, 0.03, 0.05),
}
COUNT_TREND_SD = 0.02
CITY_GROWTH = (0.07, 0.05)  # annual log growth of city GDP before and after the break
CITY_TREND_SD = 0.01
CITY_SIGMA = 0.015
CITY_DROP = (0.20, 0.40)  # range of the one-off fall of city GDP in BREAK_YEAR

#: Rounded order of magnitude of each host city's 2015 GDP (亿元): only a scale for the drawn
#: synthetic city GDP (times exp(N(0, 0.05))), not a statistic of the city.
CITY_GDP_SCALE = {
    "沈阳": 7300, "大连": 7700, "鞍山": 2300, "本溪": 1150, "锦州": 1350, "营口": 1500,
    "阜新": 550, "辽阳": 1050, "抚顺": 1200, "丹东": 1000, "铁岭": 850, "盘锦": 1250,
    "朝阳": 850, "葫芦岛": 700,
}  # fmt: skip
#: Ranges of the uniform draws that set the other 2015 levels, per tier in the order
#: (first_class, innovative, distinctive).
LEVEL_RANGES: dict[str, tuple[tuple[float, float], ...]] = {
    "gdp_share": ((0.03, 0.08), (0.02, 0.17), (0.02, 0.08)),
    "revenue_per_gdp": ((4.5, 6.0), (3.0, 4.5), (2.0, 3.5)),
    "hitech_va_per_gdp": ((0.4, 0.6), (0.3, 0.55), (0.15, 0.4)),
    "rd_intensity": ((0.018, 0.03), (0.01, 0.022), (0.004, 0.014)),
    "export_share": ((0.05, 0.2), (0.03, 0.15), (0.01, 0.08)),
    "service_share": ((0.12, 0.25), (0.05, 0.15), (0.02, 0.08)),
    "vc_per_revenue": ((0.003, 0.008), (0.001, 0.004), (0.0003, 0.0015)),
    "loans_per_revenue": ((0.03, 0.08),) * 3,
    "rd_cost_per_person": ((25.0, 45.0),) * 3,  # 万元 of R&D spending per R&D person
    "revenue_per_employee": ((120.0, 250.0),) * 3,  # 万元 per employee
    "patents_per_rd": ((18.0, 32.0),) * 3,  # patents per 亿元 of R&D spending
    "fiscal_per_gdp": ((0.10, 0.20),) * 3,
    "fiscal_st_share": ((0.04, 0.09), (0.04, 0.09), (0.02, 0.05)),
    "hitech_firm_share": ((0.12, 0.22), (0.15, 0.30), (0.08, 0.20)),
    "above_scale_share": ((0.15, 0.35), (0.15, 0.35), (0.30, 0.60)),
}
#: Counts and areas scale with revenue**0.8 (high-tech firms) or revenue**0.6 (platforms).
SIZE_RULES = {
    "hitech_firms": (0.3, 0.8),
    "incubated_firms": (3.0, 0.6),
    "rd_institutions": (0.6, 0.6),
    "incubator_area": (0.2, 0.6),
}
SIZE_SD = 0.25


# --------------------------------------------------------------------------------------------
# small building blocks


def _pinned(increments: np.ndarray, base: int) -> np.ndarray:
    """Cumulative path that is 0 in column ``base``; column j holds the change from j-1 to j."""
    inc = np.asarray(increments, dtype=float)
    path = np.zeros_like(inc)
    path[:, base + 1 :] = np.cumsum(inc[:, base + 1 :], axis=1)
    if base > 0:
        back = np.cumsum(inc[:, base:0:-1], axis=1)  # inc[base], inc[base] + inc[base-1], ...
        path[:, base - 1 :: -1] = -back
    return path


def _by_tier(rng: np.random.Generator, tiers: np.ndarray, ranges: Mapping) -> np.ndarray:
    """One uniform draw per zone within its tier's range (one draw each, whatever the tiers)."""
    u = rng.random(len(tiers))
    lo = np.array([ranges[TIERS.index(t)][0] for t in tiers], dtype=float)
    hi = np.array([ranges[TIERS.index(t)][1] for t in tiers], dtype=float)
    return lo + u * (hi - lo)


def _with_fixed(drawn: np.ndarray, fixed: np.ndarray | None) -> np.ndarray:
    return drawn if fixed is None else np.where(np.isnan(fixed), drawn, fixed)


def _draw_levels(
    rng: np.random.Generator,
    tiers: np.ndarray,
    city: np.ndarray,
    city_scale: np.ndarray,
    fixed: Mapping[str, np.ndarray] | None = None,
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Plausible base-year levels of every codebook series, rounded to the CSV's precision.

    ``fixed`` holds ratios (fractions, NaN where free) that replace the drawn ones: the plan's
    zone figures in the demo.  Returns the levels and the drawn firm structure.
    """
    fixed = fixed or {}
    n = len(tiers)
    lv: dict[str, np.ndarray] = {}
    city_gdp = city_scale * np.exp(0.05 * rng.standard_normal(len(city_scale)))
    lv["city_gdp"] = store("city_gdp", city_gdp[city])
    share = _with_fixed(
        _by_tier(rng, tiers, LEVEL_RANGES["gdp_share"]), fixed.get("city_gdp_share")
    )
    lv["gdp"] = store("gdp", share * lv["city_gdp"])
    lv["revenue"] = store(
        "revenue", lv["gdp"] * _by_tier(rng, tiers, LEVEL_RANGES["revenue_per_gdp"])
    )
    lv["hitech_va"] = store(
        "hitech_va", lv["gdp"] * _by_tier(rng, tiers, LEVEL_RANGES["hitech_va_per_gdp"])
    )
    rev = lv["revenue"]
    for code, key in (
        ("rd_expenditure", "rd_intensity"),
        ("exports", "export_share"),
        ("service_revenue", "service_share"),
    ):
        ratio = _with_fixed(_by_tier(rng, tiers, LEVEL_RANGES[key]), fixed.get(key))
        lv[code] = store(code, rev * ratio)
    lv["vc_investment"] = store(
        "vc_investment", rev * _by_tier(rng, tiers, LEVEL_RANGES["vc_per_revenue"])
    )
    lv["tech_loans"] = store(
        "tech_loans", rev * _by_tier(rng, tiers, LEVEL_RANGES["loans_per_revenue"])
    )
    lv["rd_personnel"] = np.maximum(
        store(
            "rd_personnel",
            lv["rd_expenditure"] * 1e4 / _by_tier(rng, tiers, LEVEL_RANGES["rd_cost_per_person"]),
        ),
        1.0,
    )
    lv["employees"] = np.maximum(
        store("employees", rev * 1e4 / _by_tier(rng, tiers, LEVEL_RANGES["revenue_per_employee"])),
        lv["rd_personnel"],
    )
    lv["patents"] = np.maximum(
        store(
            "patents", lv["rd_expenditure"] * _by_tier(rng, tiers, LEVEL_RANGES["patents_per_rd"])
        ),
        1.0,
    )
    lv["fiscal_total"] = store(
        "fiscal_total", lv["gdp"] * _by_tier(rng, tiers, LEVEL_RANGES["fiscal_per_gdp"])
    )
    lv["fiscal_st"] = store(
        "fiscal_st", lv["fiscal_total"] * _by_tier(rng, tiers, LEVEL_RANGES["fiscal_st_share"])
    )
    for code, (scale, power) in SIZE_RULES.items():
        size = scale * rev**power * np.exp(SIZE_SD * rng.standard_normal(n))
        lv[code] = np.maximum(store(code, size), 1.0 if decimals(code) == 0 else 0.2)
    aux = {
        "hitech_firm_share": _with_fixed(
            _by_tier(rng, tiers, LEVEL_RANGES["hitech_firm_share"]), fixed.get("hitech_firm_share")
        ),
        "above_scale_share": _by_tier(rng, tiers, LEVEL_RANGES["above_scale_share"]),
    }
    lv["firms"] = np.maximum(
        np.round(lv["hitech_firms"] / aux["hitech_firm_share"]), lv["hitech_firms"]
    )
    lv["firms_above_scale"] = np.clip(
        np.round(lv["firms"] * aux["above_scale_share"]), 1, lv["firms"]
    )
    return lv, aux


def _store_positive(code: str, values: np.ndarray) -> np.ndarray:
    """Round as stored, but never below one unit of the last decimal (logs must exist)."""
    return np.maximum(store(code, values), 10.0 ** -decimals(code))


def _simulate_paths(
    rng: np.random.Generator,
    levels: Mapping[str, np.ndarray],
    *,
    zones: tuple[str, ...],
    tiers: np.ndarray,
    city: np.ndarray,
    treated: np.ndarray,
    years: tuple[int, int],
    base_year: int,
    start: int,
    effect: Mapping[str, float],
    pretrend: float,
    noise_scale: float,
) -> tuple[dict[str, np.ndarray], dict[str, Any], list[dict[str, Any]]]:
    """Run the process from base-year ``levels``; returns series (zones x panel years), the
    true parameters and the breaks."""
    n = len(zones)
    first, last = years
    all_years = np.arange(first - 1, last + 1)  # one burn-in year so inputs can be lagged
    n_all = len(all_years)
    b = int(base_year - all_years[0])
    t_rel = (all_years - base_year)[None, :].astype(float)
    controls = ~treated
    out: dict[str, np.ndarray] = {}
    log_inputs: dict[str, np.ndarray] = {}
    trends: dict[str, dict[str, float]] = {}

    # Inputs: zone trends (treated mean = control mean), common year path, correlated walks.
    common = rng.standard_normal((n, n_all))
    for x in INPUTS:
        dev = INPUT_TREND_SD * rng.standard_normal(n)
        k = np.array([INPUT_TRENDS[x][t] for t in tiers]) + dev
        if treated.any():
            k[treated] = k[controls].mean() + dev[treated] - dev[treated].mean()
        own = rng.standard_normal((n, n_all))
        shocks = INPUT_SIGMA[x] * (
            math.sqrt(INPUT_COMMON_SHARE) * common + math.sqrt(1 - INPUT_COMMON_SHARE) * own
        )
        year_path = _pinned(INPUT_YEAR_SD * rng.standard_normal((1, n_all)), b)
        log_x = (
            np.log(levels[x])[:, None]
            + k[:, None] * t_rel
            + noise_scale * (year_path + _pinned(shocks, b))
        )
        stored = _store_positive(x, np.exp(log_x))
        stored[:, b] = levels[x]
        log_inputs[x] = np.log(stored)
        out[x] = stored[:, 1:]
        trends[x] = dict(zip(zones, k.tolist(), strict=True))

    # Outputs of the production process.
    years_p = all_years[1:]
    tp = years_p[None, :]
    bp = b - 1  # base column among the panel years
    post = treated[:, None] & (tp >= start)
    lead = np.where(treated[:, None] & (tp < start), pretrend * (tp - (start - 1)), 0.0)
    zone_effects: dict[str, dict[str, float]] = {}
    year_effects: dict[str, dict[str, float]] = {}
    for y in OUTPUTS:
        shocks = YEAR_SHOCK_SD * rng.standard_normal(len(years_p))
        shocks[bp] = 0.0
        g = (
            YEAR_TREND[y] * (years_p - base_year)
            + YEAR_STEP_2016[y] * (years_p >= REGIME_YEAR)
            + noise_scale * shocks
        )
        rho, sigma = NOISE[y]["rho"], NOISE[y]["sigma"]
        e = sigma * rng.standard_normal((n, len(years_p)))
        u = np.empty_like(e)
        u[:, 0] = e[:, 0] / math.sqrt(1 - rho**2)
        for j in range(1, len(years_p)):
            u[:, j] = rho * u[:, j - 1] + e[:, j]
        u *= noise_scale
        xb = sum(ELASTICITIES[y][x] * log_inputs[x][:, :-1] for x in INPUTS)
        rest = g[None, :] + xb + effect[y] * post + lead + u
        a = np.log(levels[y]) - rest[:, bp]
        value = _store_positive(y, np.exp(a[:, None] + rest))
        value[:, bp] = levels[y]
        out[y] = value
        zone_effects[y] = dict(zip(zones, a.tolist(), strict=True))
        year_effects[y] = {str(t): float(v) for t, v in zip(years_p, g, strict=True)}

    # Series that are a share of another: exports and service revenue of revenue, fiscal S&T of
    # fiscal spending (computed below); shares follow pinned log random walks.
    def share_path(code: str, of: np.ndarray, of_base: np.ndarray) -> np.ndarray:
        walk = _pinned(SHARE_SIGMA * rng.standard_normal((n, len(years_p))), bp)
        ratio = (levels[code] / of_base)[:, None]
        v = _store_positive(code, of * ratio * np.exp(noise_scale * walk))
        v[:, bp] = levels[code]
        return v

    for code in DERIVED_FROM_REVENUE:
        out[code] = share_path(code, out["revenue"], levels["revenue"])

    # Counts, platforms, employment and fiscal spending: pinned log paths.
    for code, (g_pre, g_post, sd) in COUNT_GROWTH.items():
        dev = COUNT_TREND_SD * rng.standard_normal(n)
        inc = np.where(years_p < REGIME_YEAR, g_pre, g_post)[None, :] + dev[:, None]
        inc = inc + noise_scale * sd * rng.standard_normal((n, len(years_p)))
        v = _store_positive(code, levels[code][:, None] * np.exp(_pinned(inc, bp)))
        v[:, bp] = levels[code]
        out[code] = v
    out["hitech_firms"] = np.minimum(out["hitech_firms"], out["firms"])
    out["firms_above_scale"] = np.minimum(out["firms_above_scale"], out["firms"])
    out["fiscal_st"] = share_path("fiscal_st", out["fiscal_total"], levels["fiscal_total"])

    # City GDP, per city, with the one-off fall of BREAK_YEAR.
    cities, first_zone = np.unique(city, return_index=True)
    n_c = len(cities)
    drop = CITY_DROP[0] + (CITY_DROP[1] - CITY_DROP[0]) * rng.random(n_c)
    dev = CITY_TREND_SD * rng.standard_normal(n_c)
    inc = np.where(years_p < BREAK_YEAR, CITY_GROWTH[0], CITY_GROWTH[1])[None, :] + dev[:, None]
    inc = inc + noise_scale * CITY_SIGMA * rng.standard_normal((n_c, len(years_p)))
    at_break = years_p == BREAK_YEAR
    inc[:, at_break] = np.log1p(-drop)[:, None]
    city_base = levels["city_gdp"][first_zone]
    city_path = _store_positive("city_gdp", city_base[:, None] * np.exp(_pinned(inc, bp)))
    city_path[:, bp] = city_base
    pos = np.searchsorted(cities, city)
    out["city_gdp"] = city_path[pos]
    breaks = []
    if first < BREAK_YEAR <= last:
        breaks.append(
            {
                "indicator": "city_gdp",
                "year": BREAK_YEAR,
                "kind": "level_shift",
                "description": "Liaoning's 2016 correction of inflated statistics: the host "
                "city's GDP falls at once by the stated share (20-40%) in 2016 with no growth "
                "that year; growth across 2015-2016 is not real and must be flagged.",
                "change": {z: -float(drop[p]) for z, p in zip(zones, pos, strict=True)},
            }
        )

    truth = {
        "elasticities": {y: dict(ELASTICITIES[y]) for y in OUTPUTS},
        "lags": dict.fromkeys(INPUTS, INPUT_LAG),
        "treated": [z for z, t in zip(zones, treated, strict=True) if t],
        "treatment_start": int(start),
        "noise": {y: {**NOISE[y], "process": "AR(1), stationary start"} for y in OUTPUTS},
        "zone_effects": zone_effects,
        "year_effects": year_effects,
        "input_trends": trends,
    }
    return out, truth, breaks


def _did_truth(effect: Mapping[str, float], pretrend: float, years: tuple[int, int], start: int):
    """The causal effect per outcome and what a two-way FE DiD estimates in expectation.

    In a balanced panel with one treatment date the TWFE DiD coefficient is the difference of
    pre/post mean differences; the pre-trend term ``pretrend * (t - (start - 1))`` of the treated
    zones adds ``-pretrend * mean(t - start + 1 over pre years)`` to it.
    """
    pre = np.arange(years[0], start)
    bias = -pretrend * float(np.mean(pre - start + 1)) if len(pre) else 0.0
    causal = {y: float(effect[y]) for y in OUTPUTS}
    for code in DERIVED_FROM_REVENUE:
        causal[code] = causal["revenue"]
    return causal, {k: v + bias for k, v in causal.items()}


def _check_years(years: Any, *, need: tuple[int, int]) -> tuple[int, int]:
    try:
        first, last = years
    except (TypeError, ValueError):
        raise OptionError(f"years={years!r} must be a pair (first, last) of years") from None
    if not all(isinstance(v, int | np.integer) and not isinstance(v, bool) for v in (first, last)):
        raise OptionError(f"years={years!r} must be two integers")
    first, last = int(first), int(last)
    if not (YEAR_MIN < first <= need[0] and need[1] <= last <= YEAR_MAX):
        raise OptionError(
            f"years={years!r} must run from a year in {YEAR_MIN + 1}..{need[0]} to a year in "
            f"{need[1]}..{YEAR_MAX} (the base year and the first treated year must be inside)"
        )
    return first, last


def _check_seed(seed: Any) -> int:
    if not isinstance(seed, int | np.integer) or isinstance(seed, bool) or seed < 0:
        raise OptionError(f"seed={seed!r} must be a non-negative integer")
    return int(seed)


def _frame(values: Mapping[str, np.ndarray], zones: tuple[str, ...], years: tuple[int, int]):
    yrs = np.arange(years[0], years[1] + 1, dtype=np.int64)
    idx = pd.MultiIndex.from_product([list(zones), yrs], names=["zone", "year"])
    codes = [c for c in load_codebook().index if c in values]
    data = {c: np.asarray(values[c], dtype=float).reshape(-1) for c in codes}
    return pd.DataFrame(data, index=idx)


# --------------------------------------------------------------------------------------------
# the demo panel


def _generate(seed: int, years: tuple[int, int]) -> tuple[pd.DataFrame, dict[str, Any]]:
    rng = np.random.default_rng(seed)
    z = load_zones()
    zones = zone_ids()
    tiers = z["tier"].to_numpy(dtype=object)
    city_names = sorted(set(z["city"]))
    city = np.array([city_names.index(c) for c in z["city"]])
    scale = np.array([CITY_GDP_SCALE[c] for c in city_names], dtype=float)
    lv, aux = _draw_levels(rng, tiers, city, scale, fixed=fixed_shares())
    lv = calibrate_levels(lv, aux, city)
    treated = np.isin(np.array(zones), TREATED)
    values, truth, breaks = _simulate_paths(
        rng,
        lv,
        zones=zones,
        tiers=tiers,
        city=city,
        treated=treated,
        years=years,
        base_year=BASE_YEAR,
        start=TREATMENT_START,
        effect=TREATMENT_EFFECT,
        pretrend=0.0,
        noise_scale=1.0,
    )
    panel = canonical_frame(_frame(values, zones, years))
    targets, skipped = calibration_report(panel)
    failed = [t["fact_id"] for t in targets if not t["matches"]]
    if failed:  # a bug or a changed facts table: never ship a panel that misses the plan
        raise RuntimeError(f"demo calibration misses plan facts {failed}")
    causal, _ = _did_truth(TREATMENT_EFFECT, 0.0, years, TREATMENT_START)
    truth = {
        "model": "log Y_it = a_i + g_t + sum_x beta_x log X_i,t-1 + tau D_it + u_it; "
        "u_it = rho u_i,t-1 + e_it, e_it ~ N(0, sigma^2)",
        "did_effect": causal,
        "did_effect_units": "log points (the coefficient of treated x post in a two-way "
        "fixed-effects regression of log(outcome), in expectation)",
        **truth,
    }
    info = {
        "seed": seed,
        "years": list(years),
        "true_parameters": truth,
        "breaks": breaks,
        "calibration": {
            "year": CALIBRATION_YEAR,
            "method": "2015 levels are drawn by tier, then overwritten so that the plan's "
            "figures hold (totals allocated in integer units of the printed precision, zone "
            "ratios met by solving their non-output side, ratios of sums met by rescaling "
            "numerators); all years are then generated from these levels by the stated "
            "process, with the output zone effects solved after the noise draw so that the "
            "2015 outputs equal their calibrated levels.",
            "targets": targets,
        },
        "not_calibrated": skipped,
    }
    return panel, info


def generate_demo_panel(*, seed: int = DEFAULT_SEED, years=DEFAULT_YEARS) -> pd.DataFrame:
    """Generate the SYNTHETIC demo zone panel (all codebook indicators, 15 zones).

    The 2015 cross-section reproduces every zone figure of ``data/plan_facts.csv`` at the
    plan's printed precision; outputs follow the production process of this module with the
    true parameters in ``attrs["true_parameters"]``. Values are rounded as in the shipped CSV
    (亿元 and 万平方米 to 4 decimals, persons and counts to integers), so the default call
    equals :func:`load_demo_panel` exactly.

    Parameters
    ----------
    seed
        Seed of ``numpy.random.default_rng``; the only source of randomness.
    years
        ``(first, last)``, inclusive; must contain 2015 (calibration) and 2016 (treatment).
        The random draws depend on the number of years, so another range is another panel
        (calibrated all the same).

    Returns
    -------
    pandas.DataFrame
        Canonical panel with ``attrs``: ``synthetic`` (True), ``label``, ``seed``,
        ``generator_version``, ``true_parameters``, ``breaks``, ``calibration``,
        ``not_calibrated``.
    """
    seed = _check_seed(seed)
    years = _check_years(years, need=(BASE_YEAR, TREATMENT_START))
    panel, info = _generate(seed, years)
    panel = attach_provenance(
        panel,
        source=f"generated: gxq_analysis.ingest.demo.generate_demo_panel(seed={seed}, "
        f"years={years})",
        sha256=None,
        synthetic=True,
        label=LABEL,
        generator_version=GENERATOR_VERSION,
        **info,
    )
    return validate_panel(panel, source=panel.attrs["source"])


def simulate_zone_panel(
    n_zones: int = 300,
    years=DEFAULT_YEARS,
    *,
    seed: int = 0,
    n_treated: int | None = None,
    start: int = TREATMENT_START,
    did_effect: float | Mapping[str, float] | None = None,
    pretrend: float = 0.0,
    noise_scale: float = 1.0,
) -> pd.DataFrame:
    """Simulate a panel of invented zones from the demo's process, without the plan calibration.

    For checking estimators against known truths on panels of any size. Zones are named
    ``sim0001``, ...; the first ``n_treated`` are treated (tier ``first_class``) from ``start``;
    the rest are split at random between the ``innovative`` and ``distinctive`` tiers.
    Each zone has its own host city. The base year (levels drawn, paths pinned) is
    ``start - 1``.

    Parameters
    ----------
    n_zones
        Number of zones (at least 3).
    years
        ``(first, last)`` inclusive, with ``first < start <= last``.
    seed
        Seed of ``numpy.random.default_rng``.
    n_treated
        Treated zones; default ``max(1, round(2 * n_zones / 15))`` (the demo's 2 of 15).
    start
        First treated year.
    did_effect
        Direct effect on log output (log points): one number for every output, or a mapping
        output -> effect for some of :data:`OUTPUTS` (the others keep the demo's effect).
    pretrend
        Extra growth of the treated zones' log outputs per year *before* ``start``: their
        outputs carry ``pretrend * (t - (start - 1))`` for ``t < start`` (0 in the year before
        treatment), so parallel trends fail and a pre-trend test should reject.
    noise_scale
        Multiplies every random innovation (input walks, year shocks, output noise, shares);
        0 gives the expected paths, on which regressions return the true values up to the
        CSV's rounding.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``(zone, year)`` with every codebook column (float64). ``attrs``:
        ``synthetic``, ``source``, ``seed``, ``true_parameters`` (as the demo's, plus
        ``did_effect`` = the causal effect, ``did_twfe_expected`` = what a two-way FE DiD
        estimates in expectation given ``pretrend``, and ``pretrend``) and ``breaks``.
    """
    if not isinstance(n_zones, int | np.integer) or isinstance(n_zones, bool) or n_zones < 3:
        raise OptionError(f"n_zones={n_zones!r} must be an integer >= 3")
    n_zones = int(n_zones)
    seed = _check_seed(seed)
    if not isinstance(start, int | np.integer) or isinstance(start, bool):
        raise OptionError(f"start={start!r} must be an integer year")
    years = _check_years(years, need=(int(start) - 1, int(start)))
    if n_treated is None:
        n_treated = max(1, round(2 * n_zones / 15))
    if (
        not isinstance(n_treated, int | np.integer)
        or isinstance(n_treated, bool)
        or not 1 <= n_treated < n_zones
    ):
        raise OptionError(f"n_treated={n_treated!r} must be an integer in 1..{n_zones - 1}")
    effect = dict(TREATMENT_EFFECT)
    if isinstance(did_effect, Mapping):
        for k, v in did_effect.items():
            check_choice("did_effect key", k, OUTPUTS)
            effect[k] = float(v)
    elif did_effect is not None:
        effect = dict.fromkeys(OUTPUTS, float(did_effect))
    for name, v in (("pretrend", pretrend), ("noise_scale", noise_scale), *effect.items()):
        if not math.isfinite(float(v)):
            raise OptionError(f"{name}={v!r} must be a finite number")
    if noise_scale < 0:
        raise OptionError(f"noise_scale={noise_scale!r} must be >= 0")

    rng = np.random.default_rng(seed)
    zones = tuple(f"sim{i + 1:04d}" for i in range(n_zones))
    treated = np.arange(n_zones) < n_treated
    tiers = np.where(
        treated, "first_class", np.where(rng.random(n_zones) < 6 / 13, "innovative", "distinctive")
    ).astype(object)
    city = np.arange(n_zones)
    tier_scale = {"first_class": 7000.0, "innovative": 1500.0, "distinctive": 900.0}
    scale = np.array([tier_scale[t] for t in tiers]) * np.exp(0.3 * rng.standard_normal(n_zones))
    lv, _ = _draw_levels(rng, tiers, city, scale)
    values, truth, breaks = _simulate_paths(
        rng,
        lv,
        zones=zones,
        tiers=tiers,
        city=city,
        treated=treated,
        years=years,
        base_year=int(start) - 1,
        start=int(start),
        effect=effect,
        pretrend=float(pretrend),
        noise_scale=float(noise_scale),
    )
    causal, expected = _did_truth(effect, float(pretrend), years, int(start))
    panel = _frame(values, zones, years).sort_index()
    panel.attrs = {
        "source": f"simulated: gxq_analysis.ingest.demo.simulate_zone_panel(n_zones={n_zones}, "
        f"years={years}, seed={seed})",
        "sha256": None,
        "synthetic": True,
        "label": LABEL,
        "seed": seed,
        "generator_version": GENERATOR_VERSION,
        "true_parameters": {
            "did_effect": causal,
            "did_twfe_expected": expected,
            "pretrend": float(pretrend),
            "noise_scale": float(noise_scale),
            **truth,
        },
        "breaks": breaks,
    }
    return panel


# --------------------------------------------------------------------------------------------
# files: CSV, metadata, README


def _round_floats(obj: Any, ndigits: int = 10) -> Any:
    """JSON-ready copy with floats rounded, so last-bit differences of libm cannot show."""
    if isinstance(obj, dict):
        return {str(k): _round_floats(v, ndigits) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_round_floats(v, ndigits) for v in obj]
    if isinstance(obj, bool | np.bool_):
        return bool(obj)
    if isinstance(obj, int | np.integer):
        return int(obj)
    if isinstance(obj, float | np.floating):
        v = round(float(obj), ndigits)
        return 0.0 if v == 0 else v  # no "-0.0"
    return obj


def _csv_bytes(panel: pd.DataFrame) -> bytes:
    """The panel as long CSV: fixed decimals per column, LF line ends, UTF-8, no index name."""
    codes = list(load_codebook().index)
    fmt = {c: f"{{:.{decimals(c)}f}}" for c in codes}
    lines = [",".join(["zone", "year", *codes])]
    for (zone, year), row in zip(panel.index, panel[codes].to_numpy(), strict=True):
        cells = [
            fmt[c].format(v) if not np.isnan(v) else "" for c, v in zip(codes, row, strict=True)
        ]
        lines.append(",".join([str(zone), str(int(year)), *cells]))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _meta(panel: pd.DataFrame, csv_sha: str) -> dict[str, Any]:
    a = panel.attrs
    cb = load_codebook()
    return _round_floats(
        {
            "label": LABEL,
            "label_zh": LABEL_ZH,
            "synthetic": True,
            "description": "Synthetic panel of Liaoning's 15 high-tech zones, 2011-2020, from a "
            "documented production process with known true parameters, calibrated to the plan's "
            "2015 zone figures. Not real statistics: for demonstration and for checking "
            "estimators. See README.md in this directory.",
            "generator": "gxq_analysis.ingest.demo.generate_demo_panel",
            "generator_version": GENERATOR_VERSION,
            "numpy_version": np.__version__,
            "seed": a["seed"],
            "years": a["years"],
            "zones": sorted(zone_ids()),
            "csv": {
                "file": config.DEMO_PANEL_CSV.name,
                "encoding": "utf-8",
                "line_endings": "LF",
                "columns": ["zone", "year", *cb.index],
                "units": {c: cb.loc[c, "unit"] for c in cb.index},
                "decimals": {c: decimals(c) for c in cb.index},
            },
            "sha256": csv_sha,
            "true_parameters": a["true_parameters"],
            "breaks": a["breaks"],
            "calibration": a["calibration"],
            "not_calibrated": a["not_calibrated"],
        }
    )


def _md_table(header: list[str], rows: list[list[Any]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def _readme(meta: dict[str, Any]) -> str:
    """data/demo/README.md, rendered from the metadata so its numbers are never typed."""
    tp = meta["true_parameters"]
    cb = load_codebook()
    roles = {
        **dict.fromkeys(OUTPUTS, "output of the production process"),
        **dict.fromkeys(DERIVED_FROM_REVENUE, "revenue x share (pinned log random walk)"),
        **dict.fromkeys(INPUTS, "input: trend + common year path + random walk"),
        "fiscal_st": "fiscal spending x share (pinned log random walk)",
        "city_gdp": "host city: growth, one-off fall in 2016 (break)",
        **{c: "pinned log path, growth changes in 2016" for c in COUNT_GROWTH},
    }
    columns = _md_table(
        ["code", "名称", "unit", "decimals", "how it is generated"],
        [
            [
                f"`{c}`",
                cb.loc[c, "name_zh"],
                cb.loc[c, "unit"],
                meta["csv"]["decimals"][c],
                roles[c],
            ]
            for c in cb.index
        ],
    )
    elast = _md_table(
        ["output", *[f"`{x}` (t-{tp['lags'][x]})" for x in INPUTS], "DiD effect", "rho", "sigma"],
        [
            [f"`{y}`", *[f"{tp['elasticities'][y][x]:.2f}" for x in INPUTS],
             f"{tp['did_effect'][y]:.2f}", f"{tp['noise'][y]['rho']:.2f}",
             f"{tp['noise'][y]['sigma']:.2f}"]
            for y in OUTPUTS
        ],
    )  # fmt: skip
    inputs = _md_table(
        ["input", "trend innovative", "trend distinctive", "walk sd"],
        [
            [f"`{x}`", f"{INPUT_TRENDS[x]['innovative']:.2f}",
             f"{INPUT_TRENDS[x]['distinctive']:.2f}", f"{INPUT_SIGMA[x]:.2f}"]
            for x in INPUTS
        ],
    )  # fmt: skip
    counts = _md_table(
        ["series", f"growth before {REGIME_YEAR}", f"growth from {REGIME_YEAR}", "walk sd"],
        [
            [f"`{c}`", f"{g0:.2f}", f"{g1:.2f}", f"{sd:.2f}"]
            for c, (g0, g1, sd) in COUNT_GROWTH.items()
        ],
    )
    targets = _md_table(
        ["fact", "scope", "indicator", "aggregation", "plan", "demo panel", "unit"],
        [
            [t["fact_id"], t["scope"], t["indicator"], t["aggregation"], t["target"],
             t["achieved_printed"], t["unit"]]
            for t in meta["calibration"]["targets"]
        ],
    )  # fmt: skip
    skipped = _md_table(
        ["fact", "scope", "indicator", "plan", "why not"],
        [
            [s["fact_id"], s["scope"], s["indicator"], s["value"], s["reason"]]
            for s in meta["not_calibrated"]
        ],
    )
    brk = meta["breaks"][0]
    drops = ", ".join(f"{z} {-v:.1%}" for z, v in sorted(brk["change"].items()))
    derived = ", ".join(f"`{c}`" for c in DERIVED_FROM_REVENUE)
    return f"""\
# SYNTHETIC demo zone panel — 合成演示数据，并非真实统计

> **{meta["label"]}.**
> Every number in `{meta["csv"]["file"]}` was made by a random-number generator. The 2015
> cross-section is calibrated to the figures the plan states, and nothing else is a statistic
> of any zone. Do not cite these numbers as facts about Liaoning's
> high-tech zones. Every chapter built from this file says that it is synthetic.

No public zone-level panel exists for Liaoning's 15 high-tech zones, so the package ships this
one: it lets every chapter run out of the box, and it lets the tests check that the estimators
recover parameters that are known.

- file: `{meta["csv"]["file"]}`, a long CSV (`zone`, `year`, then the {len(cb)} codebook
  columns in codebook order; UTF-8, LF line ends, rows sorted by zone id and year)
- metadata: `{config.DEMO_META_JSON.name}` (seed, generator version, numpy version, true
  parameters, breaks, calibration targets and achieved values, sha256 of the CSV)
- sha256 of the CSV: `{meta["sha256"]}`
- zones × years: {len(meta["zones"])} × {meta["years"][0]}–{meta["years"][1]}
- seed: {meta["seed"]} (`numpy.random.default_rng`, the only source of randomness)
- generator: `{meta["generator"]}` version {meta["generator_version"]} (the numpy version
  used is in the metadata: numpy does not promise the same random stream across versions)

Regenerate byte for byte with `gxq demo-data`; `gxq demo-data --check` only compares a fresh
generation with these files. `gxq_analysis.ingest.demo.load_demo_panel()` (and `load_panel()`
without a path) reads the CSV, checks its sha256 against the metadata and returns the canonical
panel with `attrs["synthetic"] = True` and `attrs["true_parameters"]`.
This README is rendered by the generator from the metadata: edit the code, not this file.

## Columns

Values are in the codebook's canonical units, rounded to the decimals shown (4 decimals of
亿元 = 1 万元); no value is missing.

{columns}

## The data-generating process

Base year b = {BASE_YEAR}; every path below is pinned to its calibrated {BASE_YEAR} level.

**Inputs** x (`{"`, `".join(INPUTS)}`):

    log X_it = log X_ib + k_ix (t - b) + q_xt + w_ixt

`k_ix` is a zone trend: the tier mean below plus N(0, {INPUT_TREND_SD}²); the treated zones'
trends are shifted so that their mean equals the controls' mean (tier heterogeneity among the
controls, parallel trends between treated and controls by construction). `q_xt` is a common year
path (random walk, steps N(0, {INPUT_YEAR_SD}²)); `w_ixt` is a zone random walk whose steps share
a zone-year shock across the four inputs ({INPUT_COMMON_SHARE:.0%} of their variance), so inputs
are correlated but not collinear. Inputs are rounded as stored before they enter the outputs.

{inputs}

**Outputs** y (`{"`, `".join(OUTPUTS)}`):

    log Y_it = a_i + g_t + sum_x beta_x log X_i,t-{INPUT_LAG} + tau D_it + u_it
    u_it = rho u_i,t-1 + e_it,   e_it ~ N(0, sigma²),   u stationary in the first year

`D_it` = 1 for {" and ".join(tp["treated"])} from {tp["treatment_start"]} (the Shenyang–Dalian
National Independent Innovation Demonstration Zone, 沈大国家自主创新示范区, approved 2016), 0
otherwise. Year effects `g_t` = trend × (t - b) + a level step from 2016 (Liaoning's 2016
recession) + N(0, {YEAR_SHOCK_SD}²) shocks; their values are in the metadata. The zone effects
`a_i` are solved after the noise is drawn, so that each zone's 2015 output equals its
calibrated level; fixed-effects estimators absorb them, so slopes, effect and noise are exactly
as stated. The zone effects are not drawn independently of the inputs, so random effects have
no such guarantee: fixed effects are the consistent estimator by construction. Patents are
rounded to whole patents.

True parameters (DiD effect in log points: what a two-way fixed-effects regression of
log(outcome) on treated × post estimates in expectation; the input trends add nothing to it):

{elast}

{derived} are revenue times a share whose log follows a pinned random walk (steps
N(0, {SHARE_SIGMA}²)) with no treatment of its own: their DiD effect is revenue's
({tp["did_effect"]["revenue"]:.2f}). `fiscal_st` is `fiscal_total` times such a share.

**Counts, platforms, employment, fiscal spending**: log paths with the growth below plus a zone
trend N(0, {COUNT_TREND_SD}²) and a random walk, rounded to integers where the unit is a count;
high-tech and above-scale firms never exceed all firms.

{counts}

**City GDP** (`city_gdp`, one series per city: Suizhong's city is Huludao) grows
{CITY_GROWTH[0]:.0%} a year before {BREAK_YEAR} and {CITY_GROWTH[1]:.0%} after (plus a city trend
and noise), and in {BREAK_YEAR} falls once by a per-city share drawn from
{CITY_DROP[0]:.0%}–{CITY_DROP[1]:.0%} with no growth that year: the correction of Liaoning's
inflated statistics. The metadata lists it under `breaks`; growth of city GDP, or of a zone's
share of it, across 2015–2016 is an artefact and must be flagged. Falls drawn: {drops}.
The 2019 economic-census revision is not simulated.

## Calibration to the plan (2015)

The generator first draws plausible 2015 levels by tier (host-city GDP around a rounded scale of
each city, zone GDP as a share of it, revenue several times GDP, R&D spending as a share of
revenue, and so on; ranges in `LEVEL_RANGES` of the code), then overwrites them so that the plan's
figures hold: stated totals are allocated to zones in integer units of the printed precision
(nested scopes first, drawn levels as weights), stated zone ratios are met by solving the side
that is not a production output (exports, service revenue, R&D spending, firms, city GDP), and
the fiscal S&T shares are met as ratios of sums by rescaling the zones' fiscal S&T spending. The
paths of all years are then generated from these levels (the process above), so the 2015 values
hold exactly and the stated process holds in every year.

{targets}

Figures a zone panel cannot express are not calibrated:

{skipped}
"""


def _render(seed: int = DEFAULT_SEED) -> dict[str, bytes]:
    """The three demo files, as bytes, keyed by file name."""
    panel = generate_demo_panel(seed=seed)
    csv = _csv_bytes(panel)
    meta = _meta(panel, hashlib.sha256(csv).hexdigest())
    meta_bytes = (json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
    return {
        config.DEMO_PANEL_CSV.name: csv,
        config.DEMO_META_JSON.name: meta_bytes,
        "README.md": _readme(meta).encode("utf-8"),
    }


def write_demo_files(
    output_dir: str | Path | None = None, *, seed: int = DEFAULT_SEED
) -> list[Path]:
    """Write the demo CSV, its README and metadata into ``output_dir`` (default data/demo).

    Each file is written through a temporary file in the same directory and renamed over the
    old one, so a reader sees a whole old or a whole new file, never a part. The CSV goes
    first and the metadata, which records the CSV's sha256, last: an interrupted run leaves
    either the old pair or a new CSV whose sha256 the old metadata refuses (``load_demo_panel``
    then says to regenerate), never a torn file that passes.

    Returns the paths written, in that order. The bytes depend only on ``seed``, the generator
    version and numpy's random stream.
    """
    out = Path(output_dir) if output_dir is not None else config.DEMO_DIR
    out.mkdir(parents=True, exist_ok=True)
    files = _render(seed)
    meta_name = config.DEMO_META_JSON.name
    order = [n for n in files if n != meta_name] + [meta_name]
    paths = []
    for name in order:
        atomic_write(out / name, files[name])
        paths.append(out / name)
    return paths


_META_KEYS = ("label", "seed", "generator_version", "true_parameters", "breaks", "sha256")


def _read_meta(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(
            "the demo metadata file is missing; run `gxq demo-data`", file=str(path)
        ) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataError(f"the demo metadata is not valid JSON ({exc})", file=str(path)) from None


def _relative(path: Path) -> str:
    try:
        return "data/" + path.relative_to(config.DATA_DIR).as_posix()
    except ValueError:
        return path.name


def load_demo_panel() -> pd.DataFrame:
    """The shipped SYNTHETIC demo panel (``data/demo/zones_synthetic.csv``), validated.

    Raises
    ------
    DataError
        If the CSV or its metadata is missing or unreadable, or the CSV's sha256 differs from
        the one the metadata records.

    Returns
    -------
    pandas.DataFrame
        Canonical panel; ``attrs``: ``source`` (``data/demo/zones_synthetic.csv``), ``sha256``,
        ``synthetic`` (True), ``label``, ``seed``, ``generator_version``, ``true_parameters``,
        ``breaks``.
    """
    csv_path, meta_path = config.DEMO_PANEL_CSV, config.DEMO_META_JSON
    source = _relative(csv_path)
    meta = _read_meta(meta_path)
    try:
        data = csv_path.read_bytes()
    except FileNotFoundError:
        raise DataError("the demo panel is missing; run `gxq demo-data`", file=source) from None
    sha = hashlib.sha256(data).hexdigest()
    if sha != meta.get("sha256"):
        raise DataError(
            f"sha256 {sha} differs from {meta.get('sha256')} recorded in "
            f"{meta_path.name}: the file was changed; regenerate it with `gxq demo-data`",
            file=source,
        )
    absent = [k for k in _META_KEYS if k not in meta]
    if absent:
        raise DataError(f"the demo metadata lacks {absent}", file=_relative(meta_path))
    codes = list(load_codebook().index)
    df = pd.read_csv(
        io.BytesIO(data),
        dtype={"zone": str, "year": "int64", **dict.fromkeys(codes, "float64")},
        encoding="utf-8",
    )
    if list(df.columns) != ["zone", "year", *codes]:
        raise DataError("columns differ from zone, year and the codebook codes", file=source)
    panel = attach_provenance(
        canonical_frame(df.set_index(["zone", "year"])),
        source=source,
        sha256=sha,
        synthetic=True,
        label=meta["label"],
        seed=meta["seed"],
        generator_version=meta["generator_version"],
        true_parameters=meta["true_parameters"],
        breaks=meta["breaks"],
    )
    return validate_panel(panel, source=source)


def demo_data_command(*, output_dir: str | Path | None = None, check: bool = False) -> int:
    """``gxq demo-data``: regenerate the demo files, or with ``check`` compare them.

    Returns 0 when the files were written or are identical to a fresh generation, 1 when
    ``check`` finds a difference (each differing file is named on stdout).
    """
    out = Path(output_dir) if output_dir is not None else config.DEMO_DIR
    if not check:
        for p in write_demo_files(out):
            print(f"wrote {p} (sha256 {hashlib.sha256(p.read_bytes()).hexdigest()[:12]})")
        print(LABEL)
        return 0
    differ = []
    for name, fresh in _render().items():
        p = out / name
        if not p.is_file():
            differ.append(f"{p}: missing")
        elif p.read_bytes() != fresh:
            note = ""
            if name == config.DEMO_META_JSON.name:
                old = _read_meta(p).get("numpy_version")
                if old != np.__version__:
                    note = f" (made with numpy {old}, this is numpy {np.__version__})"
            differ.append(f"{p}: differs from a fresh generation{note}")
    if differ:
        print("demo data out of date; run `gxq demo-data` to regenerate:")
        for line in differ:
            print(f"  {line}")
        return 1
    print(f"demo data in {out} equals a fresh generation (seed {DEFAULT_SEED})")
    return 0
