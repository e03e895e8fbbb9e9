"""The SYNTHETIC demo zone panel: reproducibility, calibration to the plan, and known truths.

References: the plan's 2015 figures (``data/plan_facts.csv``, recomputed here from the panel by
this file's own aggregation code, compared at the plan's printed decimals), the shipped files'
bytes, and linearmodels' ``PanelOLS`` (two-way fixed effects, entity-clustered) for the
parameters the generator states.
"""

from __future__ import annotations

import hashlib
import json
import shutil

import numpy as np
import pandas as pd
import pytest
from linearmodels.panel import PanelOLS

from gxq_analysis import config
from gxq_analysis.errors import DataError, OptionError
from gxq_analysis.ingest import demo
from gxq_analysis.ingest.demo import (
    INPUTS,
    OUTPUTS,
    demo_file_differences,
    generate_demo_panel,
    load_demo_panel,
    simulate_zone_panel,
    write_demo_files,
)
from gxq_analysis.ingest.schema import validate_panel
from gxq_analysis.plan.codebook import RATIOS, load_codebook
from gxq_analysis.plan.facts import load_plan_facts, printed_decimals
from gxq_analysis.plan.zones import load_zones, zone_ids

FILES = ("zones_synthetic.csv", "zones_synthetic.meta.json", "README.md")
COUNT_UNITS = ("人", "个", "件")


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return load_demo_panel()


@pytest.fixture(scope="module")
def meta() -> dict:
    return json.loads(config.DEMO_META_JSON.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------
# reproducibility


def test_regeneration_is_byte_identical(tmp_path):
    write_demo_files(tmp_path)
    for name in ("zones_synthetic.csv", "README.md"):
        assert (tmp_path / name).read_bytes() == (config.DEMO_DIR / name).read_bytes(), name
    fresh = (tmp_path / FILES[1]).read_bytes()
    shipped = (config.DEMO_DIR / FILES[1]).read_bytes()
    if json.loads(shipped)["numpy_version"] == np.__version__:
        assert fresh == shipped
    else:  # only the recorded numpy version may differ; the data must not
        a, b = json.loads(fresh), json.loads(shipped)
        a.pop("numpy_version"), b.pop("numpy_version")
        assert a == b


def test_files_are_utf8_lf_and_meta_is_canonical_json(meta):
    csv = config.DEMO_PANEL_CSV.read_bytes()
    assert b"\r" not in csv and csv.endswith(b"\n")
    csv.decode("utf-8")
    raw = config.DEMO_META_JSON.read_bytes()
    canonical = json.dumps(json.loads(raw), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert raw == canonical.encode("utf-8")
    assert meta["sha256"] == hashlib.sha256(csv).hexdigest()
    assert meta["synthetic"] is True and "SYNTHETIC" in meta["label"]
    assert meta["seed"] == demo.DEFAULT_SEED
    assert "SYNTHETIC" in (config.DEMO_DIR / "README.md").read_text(encoding="utf-8")


def test_same_seed_same_panel_other_seed_other_panel():
    a = generate_demo_panel(seed=5)
    pd.testing.assert_frame_equal(a, generate_demo_panel(seed=5), check_exact=True)
    b = generate_demo_panel(seed=6)
    assert not a.equals(b)


def test_demo_file_differences(tmp_path):
    """The shipped files equal a fresh generation; a changed or missing file is named (the
    command, ``gxq demo-data --check``, is tested in tests/test_cli.py)."""
    assert demo_file_differences() == []
    write_demo_files(tmp_path)
    assert demo_file_differences(tmp_path) == []
    csv = tmp_path / FILES[0]
    csv.write_bytes(csv.read_bytes().replace(b"anshan,2011,", b"anshan,2011,1", 1))
    (tmp_path / "README.md").unlink()
    assert sorted(demo_file_differences(tmp_path)) == [
        f"{tmp_path / 'README.md'}: missing",
        f"{csv}: differs from a fresh generation",
    ]


# ---------------------------------------------------------------------------------------------
# loading and schema


def test_load_matches_generation_and_has_provenance(panel):
    pd.testing.assert_frame_equal(panel, generate_demo_panel(), check_exact=True)
    a = panel.attrs
    assert a["source"] == "data/demo/zones_synthetic.csv"
    assert a["sha256"] == hashlib.sha256(config.DEMO_PANEL_CSV.read_bytes()).hexdigest()
    assert a["synthetic"] is True
    assert "SYNTHETIC" in a["label"]
    assert a["seed"] == demo.DEFAULT_SEED
    assert a["generator_version"] == demo.GENERATOR_VERSION
    tp = a["true_parameters"]
    assert tp["treated"] == ["shenyang", "dalian"] and tp["treatment_start"] == 2016
    for y in ("gdp", "revenue", "hitech_va", "patents", "exports", "service_revenue"):
        assert isinstance(tp["did_effect"][y], float)
    for y in OUTPUTS:
        assert set(tp["elasticities"][y]) == set(INPUTS)
        assert 0 < tp["noise"][y]["rho"] < 1 and tp["noise"][y]["sigma"] > 0
    assert tp["lags"] == dict.fromkeys(INPUTS, 1)
    assert [b["indicator"] for b in a["breaks"]] == ["city_gdp"]
    assert a["breaks"][0]["year"] == 2016


def test_schema_index_and_columns(panel):
    validate_panel(panel, source="demo")
    assert list(panel.columns) == list(load_codebook().index)
    assert (panel.dtypes == "float64").all()
    assert panel.index.is_monotonic_increasing and panel.index.is_unique
    assert set(panel.index.get_level_values("zone")) == set(zone_ids())
    assert sorted(set(panel.index.get_level_values("year"))) == list(range(2011, 2021))
    assert len(panel) == 15 * 10
    assert not panel.isna().any().any()


def test_counts_are_integers_and_money_has_four_decimals(panel):
    units = load_codebook()["unit"]
    for code in panel.columns:
        v = panel[code].to_numpy()
        if units[code] in COUNT_UNITS:
            assert np.array_equal(v, np.round(v)), code
            assert (v >= 1).all(), code
        else:
            assert np.allclose(v * 1e4, np.round(v * 1e4), rtol=0, atol=1e-6), code
            assert (v > 0).all(), code


def test_changed_csv_is_refused(tmp_path, monkeypatch):
    for name in FILES[:2]:
        shutil.copy(config.DEMO_DIR / name, tmp_path / name)
    csv = tmp_path / FILES[0]
    csv.write_bytes(csv.read_bytes().replace(b"\nanshan,2011,", b"\nanshan,2011,9", 1))
    monkeypatch.setattr(config, "DEMO_PANEL_CSV", csv)
    monkeypatch.setattr(config, "DEMO_META_JSON", tmp_path / FILES[1])
    with pytest.raises(DataError, match="sha256"):
        load_demo_panel()
    (tmp_path / FILES[1]).unlink()
    with pytest.raises(DataError, match="metadata"):
        load_demo_panel()


# ---------------------------------------------------------------------------------------------
# calibration: every 2015 fact of the plan, recomputed here


def _members(scope: str) -> list[str] | None:
    z = load_zones()
    if scope in z.index:
        return [scope]
    level = z["level"]
    return {
        "all_zones": list(z.index),
        "national_zones": list(z.index[level == "national"]),
        "provincial_zones": list(z.index[level == "provincial"]),
        "provincial_zones_ex_dandong": [
            i for i in z.index[level == "provincial"] if i != "dandong"
        ],
    }.get(scope)


def _ros(cs: pd.DataFrame, ratio: str, zones: list[str]) -> float:
    r = RATIOS[ratio]
    return r.scale * cs.loc[zones, r.numerator].sum() / cs.loc[zones, r.denominator].sum()


def _expressible(fact: pd.Series) -> bool:
    return fact["scope"] not in ("liaoning_province", "national_average") and not fact[
        "indicator"
    ].endswith("_share_of_province")


FACTS_2015 = load_plan_facts()[load_plan_facts()["year"] == 2015]


@pytest.mark.parametrize("fact_id", list(FACTS_2015.index))
def test_2015_reproduces_plan_fact(fact_id, panel, meta):
    fact = FACTS_2015.loc[fact_id]
    skipped = {s["fact_id"]: s for s in meta["not_calibrated"]}
    if not _expressible(fact):
        assert fact_id in skipped and skipped[fact_id]["reason"]
        return
    assert fact_id not in skipped
    cs = panel.xs(2015, level="year")
    zones = _members(fact["scope"])
    agg, ind = fact["aggregation"], fact["indicator"]
    if agg == "count":
        got = float(len(set(zones) & set(cs.index)))
    elif agg == "sum":
        got = float(cs.loc[zones, ind].sum())
    elif agg == "value":
        got = float(RATIOS[ind].compute(cs).loc[zones[0]])
    elif agg == "ratio_of_sums":
        got = _ros(cs, ind, zones)
    elif agg == "difference":  # "<ratio>_gap_to_<scope>": other scope minus this one
        ratio, other = ind.split("_gap_to_")
        got = _ros(cs, ratio, _members(other)) - _ros(cs, ratio, zones)
    else:  # a new kind of fact must be handled here, never skipped silently
        pytest.fail(f"{fact_id}: aggregation {agg!r} not covered by the test")
    if fact["unit"] in COUNT_UNITS:
        assert got == fact["value"], fact_id
    assert f"{got:.{printed_decimals(fact_id)}f}" == fact["value_printed"], fact_id
    recorded = {t["fact_id"]: t for t in meta["calibration"]["targets"]}[fact_id]
    assert recorded["matches"] and recorded["achieved"] == pytest.approx(got, abs=1e-8)


def test_not_calibrated_is_exactly_the_facts_no_zone_panel_expresses(meta):
    expected = {fid for fid, f in FACTS_2015.iterrows() if not _expressible(f)}
    assert {s["fact_id"] for s in meta["not_calibrated"]} == expected
    assert {"F04", "F05", "F06", "F07"} <= expected
    calibrated = {t["fact_id"] for t in meta["calibration"]["targets"]}
    assert calibrated | expected == set(FACTS_2015.index) and not calibrated & expected


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_calibration_holds_for_other_seeds(seed):
    p = generate_demo_panel(seed=seed)
    assert all(t["matches"] for t in p.attrs["calibration"]["targets"])


# ---------------------------------------------------------------------------------------------
# plausibility and the 2016 break


def test_magnitudes_are_plausible(panel):
    p = panel
    assert (p["revenue"] > 1.5 * p["gdp"]).all()
    assert (p["hitech_va"] < p["gdp"]).all()
    for small, big in (
        ("exports", "revenue"),
        ("service_revenue", "revenue"),
        ("rd_expenditure", "revenue"),
        ("fiscal_st", "fiscal_total"),
        ("hitech_firms", "firms"),
        ("firms_above_scale", "firms"),
        ("rd_personnel", "employees"),
        ("gdp", "city_gdp"),
    ):
        assert (p[small] <= p[big]).all(), (small, big)
    gdp15 = p.xs(2015, level="year")["gdp"]
    assert 100 < gdp15["dalian"] < gdp15["shenyang"] < 2000
    provincial = load_zones().index[load_zones()["level"] == "provincial"]
    assert gdp15[provincial].max() < gdp15[["shenyang", "dalian"]].min()


def test_city_gdp_break_in_2016(panel):
    city = panel["city_gdp"].unstack("year")
    fall = city[2016] / city[2015] - 1
    assert fall.between(-0.40, -0.20).all()
    brk = panel.attrs["breaks"][0]
    assert brk["indicator"] == "city_gdp" and brk["year"] == 2016
    for zone, change in brk["change"].items():
        assert fall[zone] == pytest.approx(change, abs=1e-5)
    # Suizhong lies in Huludao: same host city, same city GDP
    assert city.loc["suizhong"].equals(city.loc["huludao"])
    growth = city.T.pct_change().drop(index=[2011, 2016])  # every year but the break
    assert (growth > -0.10).all().all()


# ---------------------------------------------------------------------------------------------
# the stated process and its parameters


def _twfe(df: pd.DataFrame, y: str, x: list[str]):
    data = df.copy()
    dep = np.log(data[y]).rename(y)
    return PanelOLS(dep, data[x], entity_effects=True, time_effects=True).fit(
        cov_type="clustered", cluster_entity=True
    )


def _design(df: pd.DataFrame, treated, start: int) -> pd.DataFrame:
    d = df.copy()
    zone, year = d.index.get_level_values(0), d.index.get_level_values(1)
    d["did"] = (zone.isin(treated) & (year >= start)).astype(float)
    for x in INPUTS:
        d[f"l_{x}"] = np.log(d[x]).groupby(level="zone").shift(1)
    return d


def test_treated_input_trends_parallel_to_controls(panel):
    tp = panel.attrs["true_parameters"]
    for x in INPUTS:
        k = pd.Series(tp["input_trends"][x])
        treated = k[tp["treated"]].mean()
        assert treated == pytest.approx(k.drop(tp["treated"]).mean(), abs=1e-9)


def test_demo_residuals_follow_the_stated_process(panel):
    """log Y - a - g - sum beta log X(t-1) - tau D is the stated AR(1) noise."""
    tp = panel.attrs["true_parameters"]
    d = _design(panel, tp["treated"], tp["treatment_start"]).dropna()
    zone = d.index.get_level_values("zone")
    year = d.index.get_level_values("year").astype(str)
    for y in ("gdp", "revenue", "hitech_va"):
        fit = (
            zone.map(tp["zone_effects"][y]).to_numpy()
            + year.map(tp["year_effects"][y]).to_numpy()
            + sum(tp["elasticities"][y][x] * d[f"l_{x}"] for x in INPUTS)
            + tp["did_effect"][y] * d["did"]
        )
        u = np.log(d[y]) - fit
        rho, sigma = tp["noise"][y]["rho"], tp["noise"][y]["sigma"]
        sd = sigma / np.sqrt(1 - rho**2)
        assert 0.6 * sd < u.std() < 1.5 * sd, y
        # the implied residuals are the drawn noise itself (zone effects were solved with it)
        se_mean = sd * np.sqrt((1 + rho) / (1 - rho) / len(u))  # AR(1) long-run variance
        assert abs(u.mean()) < 4 * se_mean, y
        lag = u.groupby(level="zone").shift(1)
        r = np.corrcoef(u[lag.notna()], lag.dropna())[0, 1]
        assert abs(r - rho) < 0.3, y


def test_demo_twfe_estimates_are_consistent_with_truth(panel):
    tp = panel.attrs["true_parameters"]
    d = _design(panel, tp["treated"], tp["treatment_start"])
    for y in ("gdp", "revenue", "hitech_va", "patents", "exports", "service_revenue"):
        res = _twfe(d, y, ["did"])
        assert abs(res.params["did"] - tp["did_effect"][y]) < 3 * res.std_errors["did"], y
    dl = d.dropna()
    for y in OUTPUTS:
        res = _twfe(dl, y, [f"l_{x}" for x in INPUTS] + ["did"])
        for x in INPUTS:
            err = abs(res.params[f"l_{x}"] - tp["elasticities"][y][x])
            assert err < 3 * res.std_errors[f"l_{x}"], (y, x)


@pytest.mark.parametrize("pretrend", [0.0, 0.05])
def test_noise_free_simulation_gives_the_truth_exactly(pretrend):
    """With every innovation switched off, TWFE returns the stated parameters (up to the
    CSV's rounding), and the DiD its stated expectation: the causal effect plus, with a
    pre-trend, -pretrend times the mean of (t - 2015) over 2011-2015 = +2 * pretrend."""
    sim = simulate_zone_panel(60, (2011, 2020), seed=11, noise_scale=0.0, pretrend=pretrend)
    tp = sim.attrs["true_parameters"]
    assert tp["did_twfe_expected"]["gdp"] == pytest.approx(tp["did_effect"]["gdp"] + 2 * pretrend)
    d = _design(sim, tp["treated"], 2016)
    for y in ("gdp", "revenue", "hitech_va", "exports", "service_revenue"):
        est = _twfe(d, y, ["did"]).params["did"]
        assert est == pytest.approx(tp["did_twfe_expected"][y], abs=1e-4), y
    assert _twfe(d, "patents", ["did"]).params["did"] == pytest.approx(
        tp["did_twfe_expected"]["patents"], abs=0.01
    )
    if pretrend == 0:
        dl = d.dropna()
        for y in ("gdp", "revenue", "hitech_va"):
            res = _twfe(dl, y, [f"l_{x}" for x in INPUTS] + ["did"])
            truth = pd.Series(tp["elasticities"][y]).add_prefix("l_")
            err = (res.params[truth.index] - truth).abs()
            assert (err < 1e-3).all(), (y, err)


def test_large_simulation_recovers_parameters():
    sim = simulate_zone_panel(400, (2011, 2020), seed=3)
    tp = sim.attrs["true_parameters"]
    assert tp["did_effect"] == tp["did_twfe_expected"]
    assert len(tp["treated"]) == round(2 * 400 / 15)
    d = _design(sim, tp["treated"], 2016)
    for y in OUTPUTS:
        res = _twfe(d, y, ["did"])
        assert abs(res.params["did"] - tp["did_effect"][y]) < 3 * res.std_errors["did"], y
        assert abs(res.params["did"] - tp["did_effect"][y]) < 0.05, y
    dl = d.dropna()
    for y in OUTPUTS:
        res = _twfe(dl, y, [f"l_{x}" for x in INPUTS] + ["did"])
        for x in INPUTS:
            err = abs(res.params[f"l_{x}"] - tp["elasticities"][y][x])
            assert err < 3.5 * res.std_errors[f"l_{x}"], (y, x)
            assert err < 0.05, (y, x)


def _leads_pvalue(sim: pd.DataFrame) -> float:
    tp = sim.attrs["true_parameters"]
    d = sim.copy()
    zone, year = d.index.get_level_values(0), d.index.get_level_values(1)
    treated = zone.isin(tp["treated"])
    cols = []
    for k in range(-5, 5):  # event time t - 2016; -1 is the reference
        if k == -1:
            continue
        name = f"ev{k}".replace("-", "m")
        d[name] = (treated & (year - 2016 == k)).astype(float)
        cols.append(name)
    res = _twfe(d, "gdp", cols)
    leads = [c for c in cols if c.startswith("evm")]
    formula = ", ".join(f"{c} = 0" for c in leads)
    return float(res.wald_test(formula=formula).pval)


def test_pretrend_option_makes_a_pretrend_test_reject():
    with_trend = simulate_zone_panel(150, (2011, 2020), seed=4, pretrend=0.05)
    without = simulate_zone_panel(150, (2011, 2020), seed=4)
    assert _leads_pvalue(with_trend) < 1e-3
    assert _leads_pvalue(without) > 0.01


def test_simulation_uses_the_demo_process_and_is_deterministic():
    a = simulate_zone_panel(20, (2012, 2019), seed=9, start=2015, did_effect={"gdp": 0.3})
    b = simulate_zone_panel(20, (2012, 2019), seed=9, start=2015, did_effect={"gdp": 0.3})
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    tp = a.attrs["true_parameters"]
    assert tp["did_effect"]["gdp"] == 0.3
    assert tp["did_effect"]["revenue"] == demo.TREATMENT_EFFECT["revenue"]
    assert tp["elasticities"] == demo.ELASTICITIES
    assert list(a.columns) == list(load_codebook().index)
    assert a.attrs["synthetic"] is True
    assert a.index.get_level_values("zone")[0] == "sim0001"


# ---------------------------------------------------------------------------------------------
# option validation


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: generate_demo_panel(seed=-1), "seed"),
        (lambda: generate_demo_panel(seed=1.5), "seed"),
        (lambda: generate_demo_panel(years=(2016, 2020)), "years"),
        (lambda: generate_demo_panel(years=(2011, 2015)), "years"),
        (lambda: generate_demo_panel(years=2015), "years"),
        (lambda: simulate_zone_panel(2), "n_zones"),
        (lambda: simulate_zone_panel(10, n_treated=10), "n_treated"),
        (lambda: simulate_zone_panel(10, did_effect={"exports": 0.1}), "gdp"),
        (lambda: simulate_zone_panel(10, pretrend=float("nan")), "pretrend"),
        (lambda: simulate_zone_panel(10, noise_scale=-1), "noise_scale"),
        (lambda: simulate_zone_panel(10, years=(2016, 2020)), "years"),
    ],
)
def test_bad_options_raise(call, match):
    with pytest.raises(OptionError, match=match):
        call()


def test_the_demo_panel_is_validated_once_per_process_and_handed_out_as_copies(monkeypatch):
    """Warm kernels load the demo panel for every chapter: it is validated once, and each
    caller gets its own copy (changing one, values or attrs, changes no later load)."""
    calls = []
    real = demo.validate_panel
    monkeypatch.setattr(demo, "validate_panel", lambda *a, **k: calls.append(1) or real(*a, **k))
    monkeypatch.setattr(demo, "_VALIDATED", {})
    first = load_demo_panel()
    first.iloc[0, 0] = -1.0
    first.attrs["true_parameters"]["changed"] = True
    second = load_demo_panel()
    assert len(calls) == 1
    assert second.iloc[0, 0] != -1.0 and "changed" not in second.attrs["true_parameters"]
    pd.testing.assert_frame_equal(second, load_demo_panel())
