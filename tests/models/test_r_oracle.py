"""fit_panel and the specification tests against R plm (stored fixture and, with R, a re-run).

The reference is ``fixtures/plm_reference.json``, written by ``r/plm_reference.R`` (R plm,
sandwich, lmtest; versions and every call are recorded in the JSON; see ``r/README.md``).

Conventions compared (R side -> ours):

* coefficients: any ``small_sample``; plm's within models report no intercept, so ``const`` of
  our ``fe``/``twfe`` (Stata's average effect) is not compared.
* ``small_sample="plm"``: ``vcov(m)``, ``vcovHC(method="white1"|"arellano", type="HC1")``,
  ``vcovDC(type="HC1")``, ``vcovSCC(type="HC1", maxlag=L)`` = ``bandwidth=L``; factor
  :math:`N/(N-k)`, :math:`k` the columns of plm's transformed model matrix.
  Exception, plm's ``fd``: plm 2.6 computes the HC1 degrees of freedom from the number of rows
  *before* differencing (``vcovG``: ``df <- nT - k`` precedes ``nT <- nT - n0``), i.e.
  :math:`N_{diff}/(N_{levels}-k) < 1`; we expect the stated formula instead,
  HC0 :math:`\\times N_{diff}/(N_{diff}-k)` (checked by ``test_plm_fd_hc1_quirk``).
* ``small_sample="none"``: the ``type="HC0"`` versions; ``unadjusted`` is :math:`SSR/N`, i.e.
  plm's ``vcov`` times ``df.residual / N``.
* ``small_sample="stata"``, ``cov="cluster"``: :math:`\\frac{G}{G-1}\\frac{N-1}{N-K}` times the HC0
  sandwich, with Stata's :math:`K` (regressors incl. the constant; for ``twfe`` also the
  :math:`T-1` time effects, which are not nested in entity clusters). Where :math:`K` equals
  plm's :math:`k` (pooled, re, fd) this is plm's ``type="sss"`` and is compared to it directly.
* Random effects: Swamy–Arora with plm's unbalanced-panel variance components (Baltagi and
  Chang 1994, plm ``random.method="swar"``).
* Tests: ``phtest`` (classic; plm reports ``abs()`` of the statistic, the fixture also stores the
  signed quadratic form), the Wooldridge (2010, §10.7.3) regression-based test with the
  quasi-demeaned constant (``hausman_auxtheta_*``; plm's ``phtest(method="aux")`` replaces that
  constant by a plain intercept, which is the same regression only for balanced panels),
  ``pFtest``, ``plmtest(type="bp")``.

Tolerances: rtol 1e-6 for coefficients and R², 1e-5 for standard errors and test statistics
(the fixture stores 15 significant digits; linearmodels and plm use different linear algebra).
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import warnings
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from tiers import require

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
R_SCRIPT = HERE / "r" / "plm_reference.R"
REFERENCE_JSON = FIXTURES / "plm_reference.json"

RTOL_COEF = 1e-6
RTOL_SE = 1e-5
RTOL_STAT = 1e-5

# --------------------------------------------------------------------------------------------
# the data fixtures and how they were made

#: Rows dropped from balanced Grunfeld to make ``grunfeld_unbalanced.csv`` (firm -> years).
#: Only leading or trailing years are dropped, so no firm has an interior gap in time: plm's
#: ``fd`` differences consecutive rows (``plm:::pdiff``) while a time-aware first difference
#: would drop the row after a gap; without gaps both agree.
UNBALANCED_DROPS: dict[str, tuple[int, ...]] = {
    "General Motors": (1935, 1936, 1937),
    "US Steel": (1954,),
    "General Electric": (1935, 1953, 1954),
    "Atlantic Refining": (1935, 1936, 1937, 1938, 1939),
    "IBM": (1950, 1951, 1952, 1953, 1954),
    "Union Oil": (1935,),
    "Goodyear": (1952, 1953, 1954),
    "Diamond Match": (1935, 1936, 1954),
}

ZONE_IDS = (
    "shenyang", "dalian", "anshan", "benxi", "jinzhou", "yingkou", "fuxin", "liaoyang",
    "fushun", "dandong", "tieling", "panjin", "chaoyang", "huludao", "suizhong",
)  # fmt: skip
#: (zone, year) rows removed from the synthetic zone panel: a late starter and an interior gap
#: (fuxin 2017), so that the one-year lag of fuxin 2018 is missing (time-aware lag).
ZONE_DROPS = (("suizhong", 2013), ("suizhong", 2014), ("fuxin", 2017))


def grunfeld_from_statsmodels() -> pd.DataFrame:
    """Baltagi's 10 Grunfeld firms (statsmodels ships 11; American Steel is not in Baltagi)."""
    from statsmodels.datasets import grunfeld

    d = grunfeld.load_pandas().data
    d = d[d["firm"] != "American Steel"]
    return pd.DataFrame(
        {
            "firm": d["firm"].astype(str).to_numpy(),
            "year": d["year"].astype(int).to_numpy(),
            "invest": d["invest"].to_numpy(float),
            "value": d["value"].to_numpy(float),
            "capital": d["capital"].to_numpy(float),
        }
    )


def grunfeld_unbalanced_from_balanced(bal: pd.DataFrame) -> pd.DataFrame:
    """``bal`` without the rows listed in :data:`UNBALANCED_DROPS`."""
    drop = pd.Series(False, index=bal.index)
    for firm, years in UNBALANCED_DROPS.items():
        drop |= (bal["firm"] == firm) & bal["year"].isin(years)
    return bal[~drop].reset_index(drop=True)


def make_zone_panel(seed: int = 2016) -> pd.DataFrame:
    """Seeded zone-like panel: 15 zones x 2013-2020, log-linear in a lagged R&D input."""
    rng = np.random.default_rng(seed)
    years = np.arange(2013, 2021)
    n, t = len(ZONE_IDS), len(years)
    trend = np.arange(t)
    a = rng.normal(0.0, 0.8, n)  # zone effects, correlated with the inputs below
    d = 0.05 * trend + rng.normal(0.0, 0.03, t)
    ln_rd = 1.0 + 0.8 * a[:, None] + 0.06 * trend + rng.normal(0.0, 0.25, (n, t))
    ln_rdp = 8.5 + 0.6 * a[:, None] + 0.03 * trend + rng.normal(0.0, 0.2, (n, t))
    ln_vc = -0.5 + 0.5 * a[:, None] + rng.normal(0.0, 0.6, (n, t))
    ln_rd_lag = np.concatenate([ln_rd[:, :1] - 0.06, ln_rd[:, :-1]], axis=1)
    common = rng.normal(0.0, 1.0, t)  # a common shock with zone loadings: cross-sectional
    loading = rng.uniform(0.0, 0.1, n)  # dependence for the Driscoll-Kraay comparison
    scale = rng.uniform(0.05, 0.2, n)  # heteroskedastic across zones
    e = loading[:, None] * common + scale[:, None] * rng.normal(0.0, 1.0, (n, t))
    ln_gdp = 4.0 + a[:, None] + d + 0.3 * ln_rd_lag + 0.35 * (ln_rdp - 8.5) + 0.05 * ln_vc + e
    df = pd.DataFrame(
        {
            "zone": np.repeat(ZONE_IDS, t),
            "year": np.tile(years, n),
            "gdp": np.exp(ln_gdp).ravel().round(4),
            "rd_expenditure": np.exp(ln_rd).ravel().round(4),
            "rd_personnel": np.exp(ln_rdp).ravel().round(0).astype(int),
            "vc_investment": np.exp(ln_vc).ravel().round(4),
        }
    )
    drop = pd.Series(False, index=df.index)
    for zone, year in ZONE_DROPS:
        drop |= (df["zone"] == zone) & (df["year"] == year)
    return df[~drop].reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# what is estimated on each dataset, and how plm names it

ZONE_LOG = ("gdp", "rd_expenditure", "rd_personnel", "vc_investment")
DATASETS: dict[str, dict[str, Any]] = {
    "grunfeld": {
        "y": "invest",
        "x": ("value", "capital"),
        "options": {},
        "r_names": {"(Intercept)": "const", "value": "value", "capital": "capital"},
    },
    "grunfeld_unbalanced": {
        "y": "invest",
        "x": ("value", "capital"),
        "options": {},
        "r_names": {"(Intercept)": "const", "value": "value", "capital": "capital"},
    },
    "zones": {
        "y": "gdp",
        "x": ("rd_expenditure", "rd_personnel", "vc_investment"),
        "options": {"log": ZONE_LOG, "lags": {"rd_expenditure": 1}},
        "r_names": {
            "(Intercept)": "const",
            "ln_rd_expenditure_lag1": "rd_expenditure",
            "ln_rd_personnel": "rd_personnel",
            "ln_vc_investment": "vc_investment",
        },
    },
}
#: our model -> plm model key in the fixture
MODELS = {
    "pooled": "pooling",
    "fe": "within",
    "twfe": "within_twoways",
    "re": "random",
    "between": "between",
    "fd": "fd",
}


@cache
def reference() -> dict[str, Any]:
    return json.loads(REFERENCE_JSON.read_text(encoding="utf-8"))


@cache
def panel(name: str) -> pd.DataFrame:
    ref = reference()["datasets"][name]
    raw = pd.read_csv(FIXTURES / ref["file"])
    return raw.set_index(ref["index"])


@cache
def fit(name: str, model: str, cov: str = "unadjusted", small_sample: str = "plm", bw=None):
    from gxq_analysis.models.panel import fit_panel

    ds = DATASETS[name]
    extra = {} if bw is None else {"bandwidth": bw}
    return fit_panel(
        panel(name),
        ds["y"],
        list(ds["x"]),
        model=model,
        cov=cov,
        small_sample=small_sample,
        **ds["options"],
        **extra,
    )


def r_model(name: str, model: str) -> dict[str, Any]:
    return reference()["datasets"][name]["models"][MODELS[model]]


def r_series(name: str, values: dict[str, float]) -> pd.Series:
    names = DATASETS[name]["r_names"]
    return pd.Series({names[k]: v for k, v in values.items()}, dtype=float)


def model_cases() -> list[tuple[str, str]]:
    ref = reference()["datasets"]
    return [(ds, m) for ds in DATASETS for m in MODELS if MODELS[m] in ref[ds]["models"]]


# --------------------------------------------------------------------------------------------
# 1. the fixtures are what their documentation says


def test_grunfeld_csv_is_statsmodels_baltagi_ten_firms():
    stored = pd.read_csv(FIXTURES / "grunfeld.csv")
    pd.testing.assert_frame_equal(stored, grunfeld_from_statsmodels(), check_dtype=False)
    assert stored.groupby("firm").size().eq(20).all() and stored["firm"].nunique() == 10


def test_grunfeld_unbalanced_csv_drops_exactly_the_documented_rows():
    stored = pd.read_csv(FIXTURES / "grunfeld_unbalanced.csv")
    expected = grunfeld_unbalanced_from_balanced(pd.read_csv(FIXTURES / "grunfeld.csv"))
    pd.testing.assert_frame_equal(stored, expected, check_dtype=False)
    assert len(stored) == 200 - sum(len(v) for v in UNBALANCED_DROPS.values())
    # no interior gaps: consecutive rows of a firm are consecutive years
    gaps = stored.groupby("firm")["year"].diff().dropna()
    assert gaps.eq(1).all()


def test_zone_csv_is_the_seeded_generator():
    stored = pd.read_csv(FIXTURES / "zones_synthetic.csv")
    expected = make_zone_panel()
    pd.testing.assert_frame_equal(stored, expected, check_dtype=False, rtol=1e-12)
    assert not ((stored["zone"] == "fuxin") & (stored["year"] == 2017)).any()


def test_reference_records_versions_calls_and_row_counts():
    ref = reference()
    assert ref["r_version"].startswith("R version")
    assert set(ref["packages"]) >= {"plm", "sandwich", "lmtest"}
    for name, ds in ref["datasets"].items():
        assert ds["nrow"] == len(panel(name))
        for rec in ds["models"].values():
            assert rec["call"].startswith("plm(")
            assert all("call" in v for v in rec["vcov"].values())


# --------------------------------------------------------------------------------------------
# 2. the conventions stated in r/README.md, checked on R's own numbers


def _var(rec: dict[str, Any], key: str) -> pd.Series:
    return pd.Series(rec["vcov"][key]["se"], dtype=float) ** 2


@pytest.mark.parametrize(("name", "model"), [c for c in model_cases() if c[1] != "between"])
def test_plm_small_sample_factors(name, model):
    """HC1 = N/(N-k) and sss = G/(G-1)(N-1)/(N-k) times HC0 (k: plm's coefficients)."""
    rec = r_model(name, model)
    n, k = rec["nobs"], len(rec["coefficients"])
    g, t = rec["n_entities"], rec["n_periods"] - (1 if model == "fd" else 0)
    hc0 = _var(rec, "cluster_group_HC0")
    np.testing.assert_allclose(
        _var(rec, "cluster_group_sss") / hc0, g / (g - 1) * (n - 1) / (n - k)
    )
    np.testing.assert_allclose(
        _var(rec, "cluster_time_sss") / _var(rec, "cluster_time_HC0"),
        t / (t - 1) * (n - 1) / (n - k),
    )
    # white1: one cluster per observation, G = N, so sss = N/(N-k)
    np.testing.assert_allclose(_var(rec, "white1_sss") / _var(rec, "white1_HC0"), n / (n - k))
    if model != "fd":  # see test_plm_fd_hc1_quirk
        np.testing.assert_allclose(_var(rec, "cluster_group_HC1") / hc0, n / (n - k))
        np.testing.assert_allclose(_var(rec, "white1_HC1") / _var(rec, "white1_HC0"), n / (n - k))


@pytest.mark.parametrize("name", ["grunfeld", "grunfeld_unbalanced"])
def test_plm_fd_hc1_quirk(name):
    """plm 2.6's HC1 for fd uses N_diff / (N_levels - k), not N_diff / (N_diff - k)."""
    rec = r_model(name, "fd")
    n_diff, k = rec["nobs"], len(rec["coefficients"])
    n_levels = n_diff + rec["n_entities"]
    ratio = _var(rec, "cluster_group_HC1") / _var(rec, "cluster_group_HC0")
    np.testing.assert_allclose(ratio, n_diff / (n_levels - k))


@pytest.mark.parametrize(("name", "model"), [c for c in model_cases() if c[1] != "between"])
@pytest.mark.parametrize("typ", ["HC0", "HC1", "sss"])
def test_plm_double_clustering_and_scc_identities(name, model, typ):
    """vcovDC = group + time - white1 (diagonals); vcovSCC with maxlag 0 = time clusters."""
    rec = r_model(name, model)
    dc = _var(rec, f"cluster_group_{typ}") + _var(rec, f"cluster_time_{typ}")
    np.testing.assert_allclose(_var(rec, f"double_{typ}"), dc - _var(rec, f"white1_{typ}"))
    np.testing.assert_allclose(_var(rec, f"scc_{typ}_maxlag0"), _var(rec, f"cluster_time_{typ}"))


# --------------------------------------------------------------------------------------------
# 3. fit_panel against plm


@pytest.mark.parametrize(("name", "model"), model_cases())
def test_coefficients_and_sample(name, model):
    ours, rec = fit(name, model), r_model(name, model)
    expected = r_series(name, rec["coefficients"])
    pd.testing.assert_series_equal(
        ours.params[expected.index], expected, check_names=False, rtol=RTOL_COEF, atol=0
    )
    assert (ours.nobs, ours.n_entities) == (rec["nobs"], rec["n_entities"])
    if model != "fd":  # plm counts the periods of the levels; ours those of the differences
        assert ours.n_periods == rec["n_periods"]


def _r2_reference(rec: dict[str, Any], model: str) -> float:
    if model in ("pooled", "re"):  # Stata's overall R², corr(y, xb)^2 on the untransformed data
        return rec["r2_overall_corr"]  # (not plm's R² of the quasi-demeaned regression)
    if model == "fd":  # no intercept: uncentred R² of the differenced regression
        return rec["r2_uncentered"]
    return rec["r2_rss"]


@pytest.mark.parametrize(("name", "model"), model_cases())
def test_rsquared(name, model):
    ours = fit(name, model)
    assert ours.rsquared == pytest.approx(_r2_reference(r_model(name, model), model), rel=RTOL_COEF)


# (cov, small_sample, bandwidth) -> fixture key, for plm's HC1/HC0 families
_SE_CASES: list[tuple[str, str, int | None]] = [
    ("unadjusted", "plm", None),
    ("unadjusted", "stata", None),
    ("unadjusted", "none", None),
    ("robust", "plm", None),
    ("robust", "none", None),
    ("cluster", "plm", None),
    ("cluster", "none", None),
    ("cluster", "stata", None),
    ("twoway", "plm", None),
    ("twoway", "none", None),
    ("driscoll-kraay", "plm", -1),  # -1: every maxlag the fixture holds (0, plm's default, 3)
    ("driscoll-kraay", "none", -1),
]
_FAMILY = {
    "robust": "white1_{t}",
    "cluster": "cluster_group_{t}",
    "twoway": "double_{t}",
    "driscoll-kraay": "scc_{t}_maxlag{bw}",
}


def expected_se(name: str, model: str, cov: str, conv: str, bw: int | None) -> pd.Series:
    """plm's standard errors under our convention (see the module docstring)."""
    rec = r_model(name, model)
    n, k = rec["nobs"], len(rec["coefficients"])

    def se(key: str) -> pd.Series:
        return r_series(name, rec["vcov"][key]["se"])

    if cov == "unadjusted":
        base = se("unadjusted")
        return base * math.sqrt(rec["df_residual"] / n) if conv == "none" else base
    if conv == "stata":  # cluster only
        assert cov == "cluster"
        g = rec["n_entities"]
        if model in ("fe", "twfe"):  # Stata: K = slopes + constant (+ T-1 time effects)
            big_k = k + 1 + (rec["n_periods"] - 1 if model == "twfe" else 0)
            return se("cluster_group_HC0") * math.sqrt(g / (g - 1) * (n - 1) / (n - big_k))
        return se("cluster_group_sss")
    key = _FAMILY[cov].format(t="HC1" if conv == "plm" else "HC0", bw=bw)
    if model == "fd" and conv == "plm":  # plm's fd HC1 quirk: use HC0 x N/(N-k)
        return se(key.replace("HC1", "HC0")) * math.sqrt(n / (n - k))
    return se(key)


def se_cases() -> list[Any]:
    from gxq_analysis.models.panel import MODEL_COVS

    out = []
    for name, model in model_cases():
        rec = r_model(name, model)
        maxlags = sorted(int(k.rsplit("maxlag", 1)[1]) for k in rec["vcov"] if "HC0_maxlag" in k)
        for cov, conv, bw in _SE_CASES:
            if cov not in MODEL_COVS[model] or (model == "between" and cov != "unadjusted"):
                continue  # plm has no robust covariance for between models
            for b in maxlags if bw == -1 else [bw]:
                ident = f"{name}-{model}-{cov}-{conv}" + ("" if b is None else f"-bw{b}")
                out.append(pytest.param(name, model, cov, conv, b, id=ident))
    return out


@pytest.mark.parametrize(("name", "model", "cov", "conv", "bw"), se_cases())
def test_standard_errors(name, model, cov, conv, bw):
    ours = fit(name, model, cov, conv, bw)
    expected = expected_se(name, model, cov, conv, bw)
    pd.testing.assert_series_equal(
        ours.std_errors[expected.index], expected, check_names=False, rtol=RTOL_SE, atol=0
    )


# --------------------------------------------------------------------------------------------
# 4. specification tests against plm


@pytest.mark.parametrize("name", list(DATASETS))
def test_hausman_classic(name):
    from gxq_analysis.models.spectests import hausman

    ref = reference()["datasets"][name]["tests"]
    signed = ref["hausman_classic_signed"]["statistic"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = hausman(fit(name, "fe"), fit(name, "re"))
    assert res.stat == pytest.approx(signed, rel=RTOL_STAT)
    # phtest reports abs(); ours keeps the sign and warns when it is negative
    assert abs(res.stat) == pytest.approx(ref["hausman_classic"]["statistic"], rel=RTOL_STAT)
    assert tuple(res.df) == tuple(ref["hausman_classic"]["df"])
    negative = [w for w in caught if "negative" in str(w.message)]
    assert bool(negative) == (signed < 0)
    if signed > 0:
        assert res.pvalue == pytest.approx(ref["hausman_classic"]["p_value"], rel=RTOL_STAT)


@pytest.mark.parametrize("name", list(DATASETS))
@pytest.mark.parametrize(("conv", "typ"), [("plm", "HC1"), ("none", "HC0"), ("stata", "sss")])
def test_hausman_mundlak_is_wooldridge_regression(name, conv, typ):
    from gxq_analysis.models.spectests import hausman

    ref = reference()["datasets"][name]["tests"][f"hausman_auxtheta_{typ}"]
    res = hausman(fit(name, "fe", small_sample=conv), fit(name, "re", small_sample=conv),
                  method="mundlak")  # fmt: skip
    assert res.stat == pytest.approx(ref["statistic"], rel=RTOL_STAT)
    assert tuple(res.df) == tuple(ref["df"])
    assert res.pvalue == pytest.approx(ref["p_value"], rel=RTOL_STAT)


@pytest.mark.parametrize("name", ["grunfeld"])
def test_plm_aux_equals_wooldridge_regression_when_balanced(name):
    tests = reference()["datasets"][name]["tests"]
    for typ in ("HC0", "HC1", "sss"):
        assert tests[f"hausman_aux_{typ}"]["statistic"] == pytest.approx(
            tests[f"hausman_auxtheta_{typ}"]["statistic"], rel=1e-9
        )


@pytest.mark.parametrize("name", list(DATASETS))
@pytest.mark.parametrize(
    ("effects", "key"), [("entity", "pF_individual"), ("twoways", "pF_twoways")]
)
def test_poolability_f(name, effects, key):
    from gxq_analysis.models.spectests import poolability_test

    ds, ref = DATASETS[name], reference()["datasets"][name]["tests"][key]
    res = poolability_test(panel(name), ds["y"], list(ds["x"]), effects=effects, **ds["options"])
    assert res.stat == pytest.approx(ref["statistic"], rel=RTOL_STAT)
    assert tuple(res.df) == tuple(ref["df"])
    assert res.pvalue == pytest.approx(ref["p_value"], rel=1e-4, abs=1e-300)


@pytest.mark.parametrize("name", list(DATASETS))
@pytest.mark.parametrize(("effects", "key"), [("entity", "bp_individual"), ("time", "bp_time")])
def test_breusch_pagan(name, effects, key):
    from gxq_analysis.models.spectests import breusch_pagan

    ds, ref = DATASETS[name], reference()["datasets"][name]["tests"][key]
    res = breusch_pagan(panel(name), ds["y"], list(ds["x"]), effects=effects, **ds["options"])
    assert res.stat == pytest.approx(ref["statistic"], rel=RTOL_STAT)
    assert tuple(res.df) == tuple(ref["df"])
    assert res.pvalue == pytest.approx(ref["p_value"], rel=1e-4, abs=1e-300)


# --------------------------------------------------------------------------------------------
# 5. the R script itself (needs R with plm, sandwich, lmtest and jsonlite)


def _numeric_leaves(obj: Any, path: str = "") -> dict[str, Any]:
    if isinstance(obj, dict):
        out: dict[str, Any] = {}
        for k, v in obj.items():
            out.update(_numeric_leaves(v, f"{path}/{k}"))
        return out
    if isinstance(obj, list):
        out = {}
        for i, v in enumerate(obj):
            out.update(_numeric_leaves(v, f"{path}[{i}]"))
        return out
    return {path: obj}


@pytest.mark.r_oracle
def test_r_script_reproduces_fixture(tmp_path):
    rscript = shutil.which("Rscript")
    require(
        rscript is not None,
        "Rscript is not on PATH (install r-base-core r-cran-plm r-cran-sandwich r-cran-lmtest)",
    )
    out = tmp_path / "plm_reference.json"
    res = subprocess.run(
        [rscript, str(R_SCRIPT), str(FIXTURES), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 0, res.stdout + res.stderr
    fresh = _numeric_leaves(json.loads(out.read_text(encoding="utf-8")))
    stored = _numeric_leaves(reference())
    assert sorted(fresh) == sorted(stored), "the R script and the stored fixture differ in shape"
    # Same R and plm: the 15 stored digits agree up to floating-point noise. Another version
    # (e.g. a newer Debian) may differ in the last digits of iterative parts, hence 1e-6.
    versions = ("/r_version", "/packages/plm", "/packages/sandwich", "/packages/lmtest")
    same = all(fresh[k] == stored[k] for k in versions)
    rtol = 1e-9 if same else 1e-6
    for key, value in stored.items():
        if key in versions:
            continue
        if isinstance(value, float):
            assert fresh[key] == pytest.approx(value, rel=rtol, abs=1e-300), key
        else:  # calls, names, integers: the script and the fixture must say the same
            assert fresh[key] == value, key
