"""fit_panel's own estimation path (pooled/fe/twfe) against its linearmodels path.

Reference: the same ``fit_spec`` with ``_engine="linearmodels"``, i.e. linearmodels' ``PooledOLS``
/ ``PanelOLS`` with our stated small-sample factors (the path every model used before, and which
the published, R plm and Stata checks in this directory pin down). Convention: every covariance
and small-sample convention of :mod:`gxq_analysis.models.covariance`. Tolerance: 1e-10
relative on coefficients, standard errors, covariances, t statistics, p-values and R² (observed
differences are ~1e-14); integer attributes and labels must be identical.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from linearmodels.panel.utility import AbsorbingEffectError

from gxq_analysis import fit_panel
from gxq_analysis.models import panel as P, within

RTOL = 1e-10
X = ("x1", "x2", "x3")


def _make(n_ent: int, n_per: int, *, share: float = 1.0, n_missing: int = 0, seed: int = 0):
    """y = a_i + l_t + x b + e with x correlated with both effects; optional gaps and NaNs."""
    rng = np.random.default_rng(seed)
    ent = np.repeat(np.arange(n_ent), n_per)
    per = np.tile(np.arange(2001, 2001 + n_per), n_ent)
    a = rng.normal(size=n_ent)[ent]
    lam = rng.normal(size=n_per)[per - 2001]
    cols = {f"x{j}": rng.normal(size=ent.size) + 0.6 * a - 0.4 * lam for j in (1, 2, 3)}
    cols["x3"] = cols["x3"] * 50 + 1_000  # a regressor on another scale, far from zero
    xb = cols["x1"] - 0.5 * cols["x2"] + 0.01 * cols["x3"]
    cols["y"] = a + lam + xb + rng.normal(size=ent.size) * (1 + 0.5 * (ent % 3))
    df = pd.DataFrame(cols, index=pd.MultiIndex.from_arrays([ent, per], names=["firm", "year"]))
    keep = rng.random(len(df)) < share
    df = df[keep]
    if n_missing:
        rows = rng.choice(len(df), size=n_missing, replace=False)
        df.iloc[rows, rng.integers(0, 4, size=n_missing)] = np.nan
    return df


PANELS = {
    "balanced": lambda: _make(25, 8, seed=1),
    "unbalanced-gaps-nan": lambda: _make(40, 9, share=0.75, n_missing=12, seed=2),
    "long": lambda: _make(6, 30, share=0.8, seed=3),  # more periods than entities
}


def _assert_same(fast: P.PanelFit, ref: P.PanelFit) -> None:
    assert isinstance(fast.raw, P.FastPathResults)
    assert not isinstance(ref.raw, P.FastPathResults)
    for attr in ("params", "std_errors", "tstats", "pvalues"):
        a, b = getattr(fast, attr), getattr(ref, attr)
        assert list(a.index) == list(b.index)
        np.testing.assert_allclose(a.to_numpy(), b.to_numpy(), rtol=RTOL, atol=0, err_msg=attr)
    scale = np.abs(ref.cov.to_numpy()).max()
    np.testing.assert_allclose(fast.cov.to_numpy(), ref.cov.to_numpy(), rtol=0, atol=RTOL * scale)
    np.testing.assert_allclose(fast.conf_int(0.9), ref.conf_int(0.9), rtol=RTOL)
    np.testing.assert_allclose(fast.rsquared, ref.rsquared, rtol=RTOL)
    for attr in (
        "nobs",
        "n_entities",
        "n_periods",
        "df_resid",
        "df_inference",
        "rsquared_kind",
        "cluster_kind",
        "n_clusters",
        "entity_effects",
        "time_effects",
        "notes",
    ):
        assert getattr(fast, attr) == getattr(ref, attr), attr
    pd.testing.assert_frame_equal(fast.data, ref.data)
    assert str(fast.dropped) == str(ref.dropped)
    # raw: residuals as linearmodels reports them (within residuals for fe/twfe), same index
    pd.testing.assert_index_equal(fast.raw.resids.index, ref.raw.resids.index)
    np.testing.assert_allclose(fast.raw.resids, ref.raw.resids, rtol=0, atol=1e-10)
    np.testing.assert_allclose(fast.raw.resid_ss, float(ref.raw.resid_ss), rtol=RTOL)
    assert fast.raw.nobs == ref.raw.nobs


@pytest.mark.parametrize("small_sample", ["stata", "plm", "none"])
@pytest.mark.parametrize("cov", ["unadjusted", "robust", "cluster", "twoway"])
@pytest.mark.parametrize("model", ["pooled", "fe", "twfe"])
@pytest.mark.parametrize("panel", sorted(PANELS))
def test_fast_path_equals_linearmodels_path(panel, model, cov, small_sample):
    data = PANELS[panel]()
    spec = P.PanelSpec(y="y", x=X, model=model, cov=cov, small_sample=small_sample)
    _assert_same(P.fit_spec(data, spec), P.fit_spec(data, spec, _engine="linearmodels"))


def test_fast_path_with_logs_lags_and_drops():
    data = _make(30, 10, share=0.85, n_missing=5, seed=4)
    data["x1"] = data["x1"].abs() + 0.5
    # a zero before a log, in a row that has its lag (firm 0, 2002; 2001 present) and no missing
    # value: dropped and counted as such (a row without its lag counts under "lags")
    data.iloc[1, 0] = 0.0
    spec = P.PanelSpec(
        y="y", x=X, model="twfe", cov="cluster", log=("x1",), lags={"x2": 1}, nonpositive="drop"
    )
    fast = P.fit_spec(data, spec)
    assert fast.dropped.nonpositive == 1 and fast.dropped.lags > 0
    _assert_same(fast, P.fit_spec(data, spec, _engine="linearmodels"))


def test_unused_index_levels_dates_strings_and_row_order():
    data = _make(20, 6, share=0.9, seed=5)
    data.loc[3, "y"] = np.nan  # entity 3 drops out entirely: an unused level of the index
    d = data.reset_index()
    d["firm"] = "firm-" + d["firm"].astype(str).str.zfill(2)
    d["year"] = pd.to_datetime(d["year"].astype(str) + "-12-31")
    d = d.set_index(["firm", "year"]).iloc[::-1]  # reverse order: fit_panel sorts
    for model in ("fe", "twfe"):
        spec = P.PanelSpec(y="y", x=X, model=model, cov="twoway")
        fast = P.fit_spec(d, spec)
        assert fast.n_entities == 19
        _assert_same(fast, P.fit_spec(d, spec, _engine="linearmodels"))


def test_disconnected_two_way_panel():
    # firms 0-9 observed in 2001-2004 only, firms 10-19 in 2005-2008 only
    data = _make(20, 8, seed=6)
    firm = data.index.get_level_values(0)
    year = data.index.get_level_values(1)
    data = data[(firm < 10) == (year <= 2004)]
    spec = P.PanelSpec(y="y", x=X, model="twfe", cov="cluster")
    _assert_same(P.fit_spec(data, spec), P.fit_spec(data, spec, _engine="linearmodels"))


def test_sparse_and_iterative_two_way_methods_inside_fit_panel(monkeypatch):
    data = _make(60, 12, share=0.7, seed=7)
    spec = P.PanelSpec(y="y", x=X, model="twfe", cov="cluster")
    ref = P.fit_spec(data, spec, _engine="linearmodels")
    monkeypatch.setattr(within, "DENSE_CELLS", 0)
    _assert_same(P.fit_spec(data, spec), ref)
    monkeypatch.setattr(within, "DIRECT_MAX_LEVELS", 5)  # conjugate gradients
    _assert_same(P.fit_spec(data, spec), ref)


@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")  # numpy corrcoef
def test_constant_dependent_variable_gives_nan_rsquared_on_both_paths():
    data = _make(10, 5, seed=8)
    data["y"] = 2.5
    for model in ("pooled", "fe", "twfe"):
        spec = P.PanelSpec(y="y", x=X, model=model, cov="unadjusted")
        fast = P.fit_spec(data, spec)
        ref = P.fit_spec(data, spec, _engine="linearmodels")
        assert isinstance(fast.raw, P.FastPathResults)
        assert np.isnan(fast.rsquared) and np.isnan(ref.rsquared)
        np.testing.assert_allclose(fast.params, ref.params, rtol=RTOL, atol=1e-12)


def test_absorbed_and_collinear_regressors_fail_as_before():
    data = _make(12, 6, seed=9)
    firm = data.index.get_level_values(0).to_numpy(dtype=float)
    year = data.index.get_level_values(1).to_numpy(dtype=float)
    cases = [
        (data.assign(z=firm), "fe", AbsorbingEffectError),  # time-invariant regressor
        (data.assign(z=year), "twfe", AbsorbingEffectError),  # a time trend under time effects
        (data.assign(z=2 * data["x1"]), "pooled", ValueError),  # exact collinearity
        (data.assign(z=2 * data["x1"]), "fe", ValueError),
    ]
    for d, model, error in cases:
        spec = P.PanelSpec(y="y", x=("x1", "z"), model=model, cov="cluster")
        with pytest.raises(error) as fast_err:
            P.fit_spec(d, spec)
        with pytest.raises(error) as ref_err:
            P.fit_spec(d, spec, _engine="linearmodels")
        assert str(fast_err.value) == str(ref_err.value)


def test_degenerate_panels_fall_back_to_linearmodels():
    data = _make(8, 5, seed=10)
    one_entity = data.loc[[0]]
    fit = P.fit_spec(one_entity, P.PanelSpec(y="y", x=X, model="fe", cov="unadjusted"))
    assert not isinstance(fit.raw, P.FastPathResults)
    d = data.copy()
    d.iloc[0, 0] = np.inf
    with pytest.raises(ValueError, match="infs or NaNs"):
        P.fit_spec(d, P.PanelSpec(y="y", x=X, model="twfe", cov="cluster"))


def test_fallback_when_the_iterative_method_does_not_converge(monkeypatch):
    def fail(*args, **kwargs):
        raise within.WithinConvergenceError("forced")

    data = _make(15, 6, seed=11)
    spec = P.PanelSpec(y="y", x=X, model="twfe", cov="cluster")
    ref = P.fit_spec(data, spec, _engine="linearmodels")
    monkeypatch.setattr(within, "twoway_demean", fail)
    fit = P.fit_spec(data, spec)
    assert not isinstance(fit.raw, P.FastPathResults)
    np.testing.assert_allclose(fit.std_errors, ref.std_errors, rtol=RTOL)


def test_other_models_and_covariances_still_use_linearmodels():
    data = _make(15, 8, seed=12)
    for model, cov in [("re", "cluster"), ("between", "robust"), ("fd", "cluster")]:
        fit = fit_panel(data, "y", list(X), model=model, cov=cov)
        assert not isinstance(fit.raw, P.FastPathResults), model
    fit = fit_panel(data, "y", list(X), model="twfe", cov="driscoll-kraay")
    assert not isinstance(fit.raw, P.FastPathResults)


def test_raw_delegates_other_attributes_to_linearmodels_lazily():
    data = _make(15, 8, share=0.9, seed=13)
    for model, cov in itertools.product(("pooled", "fe", "twfe"), ("robust", "cluster")):
        spec = P.PanelSpec(y="y", x=X, model=model, cov=cov)
        fast = P.fit_spec(data, spec)
        ref = P.fit_spec(data, spec, _engine="linearmodels")
        assert fast.raw._lm_result is None  # nothing fitted by linearmodels so far
        np.testing.assert_allclose(
            fast.raw.rsquared_overall, ref.raw.rsquared_overall, rtol=RTOL
        )  # read from the linearmodels result, fitted on demand
        assert fast.raw._lm_result is not None
        np.testing.assert_allclose(fast.raw.rsquared, ref.raw.rsquared, rtol=RTOL)
        pd.testing.assert_frame_equal(fast.raw.cov, ref.raw.cov, rtol=RTOL)
        if model == "fe":
            np.testing.assert_allclose(fast.raw.rsquared_within, ref.raw.rsquared_within, rtol=RTOL)
    with pytest.raises(AttributeError):
        _ = fast.raw._no_such_private_attribute


def test_with_cov_from_a_fast_fit():
    data = _make(20, 7, share=0.8, seed=14)
    fit = fit_panel(data, "y", list(X), model="twfe", cov="cluster")
    for cov, ss in [("robust", "stata"), ("twoway", "plm"), ("driscoll-kraay", "stata")]:
        other = fit.with_cov(cov, small_sample=ss)
        direct = fit_panel(data, "y", list(X), model="twfe", cov=cov, small_sample=ss)
        np.testing.assert_allclose(other.std_errors, direct.std_errors, rtol=RTOL)
        assert other.spec == direct.spec


def test_private_engine_option_is_checked():
    data = _make(5, 4, seed=15)
    with pytest.raises(Exception, match="_engine='numba' is not allowed"):
        P.fit_spec(data, P.PanelSpec(y="y", x=X), _engine="numba")
