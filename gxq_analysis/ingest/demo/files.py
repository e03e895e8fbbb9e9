"""The files of the SYNTHETIC demo zone panel: CSV, metadata and README, rendered as bytes.

Holds :func:`render_files`, which turns a generated demo panel into the bytes of
``data/demo/zones_synthetic.csv`` (fixed decimals per column, LF line ends), its
``.meta.json`` (seed, versions, true parameters, breaks, calibration, sha256 of the CSV) and
``README.md`` (rendered from the metadata, so its numbers are never typed). Writing and reading
the files are in :mod:`gxq_analysis.ingest.demo`.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import numpy as np
import pandas as pd

from ... import config
from ...plan.codebook import load_codebook
from ...plan.zones import zone_ids
from .calibration import decimals
from .process import (
    BASE_YEAR,
    BREAK_YEAR,
    CITY_DROP,
    CITY_GROWTH,
    COUNT_GROWTH,
    COUNT_TREND_SD,
    DERIVED_FROM_REVENUE,
    GENERATOR_VERSION,
    INPUT_COMMON_SHARE,
    INPUT_LAG,
    INPUT_SIGMA,
    INPUT_TREND_SD,
    INPUT_TRENDS,
    INPUT_YEAR_SD,
    INPUTS,
    LABEL,
    LABEL_ZH,
    OUTPUTS,
    REGIME_YEAR,
    SHARE_SIGMA,
    YEAR_SHOCK_SD,
)


def render_files(panel: pd.DataFrame) -> dict[str, bytes]:
    """The three demo files of a generated demo panel, as bytes, keyed by file name."""
    csv = _csv_bytes(panel)
    meta = _meta(panel, hashlib.sha256(csv).hexdigest())
    meta_bytes = (json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
    return {
        config.DEMO_PANEL_CSV.name: csv,
        config.DEMO_META_JSON.name: meta_bytes,
        "README.md": _readme(meta).encode("utf-8"),
    }


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
