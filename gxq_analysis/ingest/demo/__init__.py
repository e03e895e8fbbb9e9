"""The SYNTHETIC demo zone panel: generate it, write and check its files, load it.

No public zone-level panel exists for the 15 zones, so the package ships one that is honest
about being made (``data/demo/zones_synthetic.csv``, its ``.meta.json`` and ``README.md``). It
serves two purposes: everything runs out of the box, and estimators can be checked against
known truths.

The process behind it (inputs, outputs with known elasticities and DiD effect, derived series,
counts, city GDP with its 2016 break) and its true parameters are described and implemented in
:mod:`gxq_analysis.ingest.demo.process` (re-exported here: :data:`INPUTS`, :data:`OUTPUTS`,
:data:`ELASTICITIES`, :data:`TREATMENT_EFFECT`, ...). The 2015 cross-section is calibrated to
every zone figure of ``data/plan_facts.csv`` (:mod:`gxq_analysis.ingest.demo.calibration`).
:func:`simulate_zone_panel` runs the same process for any number of invented zones, without that
calibration, with an optional built-in pre-trend. The files are rendered by
:mod:`gxq_analysis.ingest.demo.files`; this module writes, checks and loads them, printing
nothing (``gxq demo-data`` prints what :func:`write_demo_files` and
:func:`demo_file_differences` return).
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

from ... import config
from ...errors import DataError, OptionError
from ...files import atomic_write
from ...options import check_choice
from ...plan.codebook import load_codebook
from ...plan.zones import load_zones, zone_ids
from ..schema import YEAR_MAX, YEAR_MIN, attach_provenance, canonical_frame, validate_panel
from .calibration import CALIBRATION_YEAR, calibrate_levels, calibration_report, fixed_shares
from .files import render_files
from .process import (
    BASE_YEAR,
    BREAK_YEAR,
    CITY_DROP,
    CITY_GDP_SCALE,
    CITY_GROWTH,
    CITY_SIGMA,
    CITY_TREND_SD,
    COUNT_GROWTH,
    COUNT_TREND_SD,
    DEFAULT_SEED,
    DEFAULT_YEARS,
    DERIVED_FROM_REVENUE,
    ELASTICITIES,
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
    LEVEL_RANGES,
    NOISE,
    OUTPUTS,
    REGIME_YEAR,
    SHARE_SIGMA,
    SIZE_RULES,
    SIZE_SD,
    TREATED,
    TREATMENT_EFFECT,
    TREATMENT_START,
    YEAR_SHOCK_SD,
    YEAR_STEP_2016,
    YEAR_TREND,
    did_truth,
    draw_levels,
    simulate_paths,
)

__all__ = [
    "BASE_YEAR",
    "BREAK_YEAR",
    "CITY_DROP",
    "CITY_GDP_SCALE",
    "CITY_GROWTH",
    "CITY_SIGMA",
    "CITY_TREND_SD",
    "COUNT_GROWTH",
    "COUNT_TREND_SD",
    "DEFAULT_SEED",
    "DEFAULT_YEARS",
    "DERIVED_FROM_REVENUE",
    "ELASTICITIES",
    "GENERATOR_VERSION",
    "INPUTS",
    "INPUT_COMMON_SHARE",
    "INPUT_LAG",
    "INPUT_SIGMA",
    "INPUT_TRENDS",
    "INPUT_TREND_SD",
    "INPUT_YEAR_SD",
    "LABEL",
    "LABEL_ZH",
    "LEVEL_RANGES",
    "NOISE",
    "OUTPUTS",
    "REGIME_YEAR",
    "SHARE_SIGMA",
    "SIZE_RULES",
    "SIZE_SD",
    "TREATED",
    "TREATMENT_EFFECT",
    "TREATMENT_START",
    "YEAR_SHOCK_SD",
    "YEAR_STEP_2016",
    "YEAR_TREND",
    "demo_file_differences",
    "generate_demo_panel",
    "load_demo_panel",
    "simulate_zone_panel",
    "write_demo_files",
]


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
    lv, aux = draw_levels(rng, tiers, city, scale, fixed=fixed_shares())
    lv = calibrate_levels(lv, aux, city)
    treated = np.isin(np.array(zones), TREATED)
    values, truth, breaks = simulate_paths(
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
    causal, _ = did_truth(TREATMENT_EFFECT, 0.0, years, TREATMENT_START)
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
    lv, _ = draw_levels(rng, tiers, city, scale)
    values, truth, breaks = simulate_paths(
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
    causal, expected = did_truth(effect, float(pretrend), years, int(start))
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


def _render(seed: int = DEFAULT_SEED) -> dict[str, bytes]:
    """The three demo files, as bytes, keyed by file name."""
    return render_files(generate_demo_panel(seed=seed))


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
    key = (source, sha, json.dumps(meta, sort_keys=True, ensure_ascii=True))
    if key not in _VALIDATED:
        _VALIDATED.clear()  # one demo panel at a time
        _VALIDATED[key] = _demo_frame(data, meta, source, sha)
    # a copy: the caller may change it (attrs are copied deeply with it)
    return _VALIDATED[key].copy(deep=True)


#: The validated demo panel of this process, by its file's name, sha256 and metadata: every
#: chapter a warm kernel runs loads it, and validating it (pandera) costs half a second.
_VALIDATED: dict[tuple[str, str, str], pd.DataFrame] = {}


def _demo_frame(data: bytes, meta: Mapping[str, Any], source: str, sha: str) -> pd.DataFrame:
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


def demo_file_differences(output_dir: str | Path | None = None) -> list[str]:
    """How the demo files in ``output_dir`` (default data/demo) differ from a fresh generation.

    One line per file that is missing or whose bytes differ (naming the numpy version the
    metadata records when it is not this one); an empty list when every file is identical.
    ``gxq demo-data --check`` prints them.
    """
    out = Path(output_dir) if output_dir is not None else config.DEMO_DIR
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
    return differ
