"""The data-generating process of the SYNTHETIC demo zone panel: parameters and simulation.

Holds the true parameters and settings of the process (constants such as :data:`ELASTICITIES`,
:data:`TREATMENT_EFFECT`, :data:`NOISE`), the draw of plausible base-year levels
(:func:`draw_levels`), the simulation of every series from them (:func:`simulate_paths`) and
the DiD truth it implies (:func:`did_truth`). The generators that run it, the calibrated demo
panel and :func:`~gxq_analysis.ingest.demo.simulate_zone_panel`, are in
:mod:`gxq_analysis.ingest.demo`.

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

The demo's 2015 cross-section is calibrated to every zone figure of ``data/plan_facts.csv``
(:mod:`gxq_analysis.ingest.demo.calibration`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from ...plan.zones import DEMONSTRATION_START, DEMONSTRATION_ZONES, TIERS
from .calibration import CALIBRATION_YEAR, decimals, store

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


def draw_levels(
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


def simulate_paths(
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


def did_truth(effect: Mapping[str, float], pretrend: float, years: tuple[int, int], start: int):
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
