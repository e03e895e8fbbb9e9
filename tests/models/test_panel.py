"""fit_panel / PanelFit / PanelSpec: behaviour, conventions and every option error path.

References used here are independent of linearmodels: covariance matrices recomputed with plain
numpy from their textbook formulas (Cameron and Miller 2015, eqs. 11–12; Driscoll and Kraay 1998)
and two-way fixed-effects slopes from pyfixest's ``feols`` (an alternating-projections
estimator). Published-number checks are in ``test_published.py``.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from gxq_analysis import DataError, OptionError, PanelFit, PanelSpec, fit_panel
from gxq_analysis.models.panel import OPTIONS

X = ["value", "capital"]


# --------------------------------------------------------------------------------------------
# independent numpy references


def _within_augmented(df: pd.DataFrame, y: str, x: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Stata's xtreg, fe data: v_it - mean_i(v) + mean(v), with a column of ones."""
    cols = [y, *x]
    ent = df.index.get_level_values(0)
    dm = df[cols] - df[cols].groupby(ent).transform("mean") + df[cols].mean()
    xa = np.column_stack([np.ones(len(df)), dm[x].to_numpy()])
    return xa, dm[y].to_numpy()


def _sandwich(xa: np.ndarray, e: np.ndarray, groups: np.ndarray) -> np.ndarray:
    bread = np.linalg.inv(xa.T @ xa)
    scores = pd.DataFrame(xa * e[:, None]).groupby(groups).sum().to_numpy()
    return bread @ (scores.T @ scores) @ bread


def _ols(xa: np.ndarray, ya: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    b = np.linalg.lstsq(xa, ya, rcond=None)[0]
    return b, ya - xa @ b


@pytest.mark.parametrize("panel", ["grun", "grun_unbalanced"])
def test_fe_cluster_stata_and_plm_conventions_match_manual_formula(panel, request):
    # Convention under test: Stata xtreg, fe vce(cluster): G/(G-1)·(N-1)/(N-K), K = slopes + 1;
    # plm vcovHC(type="HC1", cluster="group"): N/(N-k), k = slopes. Tolerance: 1e-10 relative.
    df = request.getfixturevalue(panel)
    xa, ya = _within_augmented(df, "invest", X)
    b, e = _ols(xa, ya)
    groups = df.index.get_level_values(0).to_numpy()
    raw = _sandwich(xa, e, groups)
    n, g, k = len(df), len(np.unique(groups)), xa.shape[1]
    stata = np.sqrt(np.diag(raw * g / (g - 1) * (n - 1) / (n - k)))
    plm = np.sqrt(np.diag(raw * n / (n - (k - 1))))
    none = np.sqrt(np.diag(raw))
    names = ["const", *X]
    for conv, ref in (("stata", stata), ("plm", plm), ("none", none)):
        fit = fit_panel(df, "invest", X, small_sample=conv)
        np.testing.assert_allclose(fit.params[names], b, rtol=1e-10)
        np.testing.assert_allclose(fit.std_errors[names], ref, rtol=1e-10)
    assert fit_panel(df, "invest", X).df_inference == g - 1  # Stata: t(G-1)
    assert fit_panel(df, "invest", X, small_sample="plm").df_inference == n - g - 2
    assert fit_panel(df, "invest", X, small_sample="none").df_inference is None


def test_fe_robust_and_unadjusted_match_manual_formula(grun_unbalanced):
    # HC1 with absorbed effects counted (areg/reghdfe vce(robust)): N/(N-n-k_slopes);
    # unadjusted: s² = SSR/(N-n-k_slopes). Tolerance 1e-10 relative.
    df = grun_unbalanced
    xa, ya = _within_augmented(df, "invest", X)
    _, e = _ols(xa, ya)
    n, n_ent = len(df), df.index.get_level_values(0).nunique()
    dfr = n - n_ent - len(X)
    hc0 = _sandwich(xa, e, np.arange(n))
    fit = fit_panel(df, "invest", X, cov="robust")
    np.testing.assert_allclose(fit.std_errors, np.sqrt(np.diag(hc0 * n / dfr)), rtol=1e-10)
    conv = np.linalg.inv(xa.T @ xa) * (e @ e) / dfr
    fit = fit_panel(df, "invest", X, cov="unadjusted")
    np.testing.assert_allclose(fit.std_errors, np.sqrt(np.diag(conv)), rtol=1e-10)
    assert fit.df_resid == dfr


def test_driscoll_kraay_matches_manual_bartlett_formula(grun):
    # Driscoll–Kraay for pooled OLS: scores summed by period, Bartlett weights 1 - l/(L+1);
    # small_sample="none" is the raw estimator, "stata" multiplies by (N-1)/(N-K).
    df = grun
    xa = np.column_stack([np.ones(len(df)), df[X].to_numpy()])
    _, e = _ols(xa, df["invest"].to_numpy())
    s = pd.DataFrame(xa * e[:, None]).groupby(df.index.get_level_values(1).to_numpy()).sum()
    s = s.sort_index().to_numpy()
    bw = 3
    omega = s.T @ s
    for lag in range(1, bw + 1):
        gam = s[lag:].T @ s[:-lag]
        omega += (1 - lag / (bw + 1)) * (gam + gam.T)
    bread = np.linalg.inv(xa.T @ xa)
    raw = bread @ omega @ bread
    n, k = xa.shape
    fit = fit_panel(
        df, "invest", X, model="pooled", cov="driscoll-kraay", bandwidth=bw, small_sample="none"
    )
    np.testing.assert_allclose(fit.std_errors, np.sqrt(np.diag(raw)), rtol=1e-9)
    fit = fit_panel(df, "invest", X, model="pooled", cov="driscoll-kraay", bandwidth=bw)
    np.testing.assert_allclose(fit.std_errors, np.sqrt(np.diag(raw * (n - 1) / (n - k))), rtol=1e-9)
    assert fit.df_inference == df.index.get_level_values(1).nunique() - 1
    assert "bartlett kernel, bandwidth 3" in " ".join(fit.notes)


def test_driscoll_kraay_default_bandwidth_rule(grun):
    # floor(4 (T/100)^(2/9)) with T = 20 is 2 (xtscc's default)
    a = fit_panel(grun, "invest", X, cov="driscoll-kraay")
    b = fit_panel(grun, "invest", X, cov="driscoll-kraay", bandwidth=2)
    pd.testing.assert_series_equal(a.std_errors, b.std_errors)
    assert "bandwidth 2" in " ".join(a.notes)
    c = fit_panel(grun, "invest", X, cov="driscoll-kraay", kernel="parzen", bandwidth=2)
    assert not np.allclose(c.std_errors, a.std_errors)


@pytest.mark.filterwarnings("ignore:The inplace keyword")  # pyfixest 0.60 under pandas 3.1
def test_twfe_slopes_match_pyfixest_on_unbalanced_panel(grun_unbalanced):
    # pyfixest absorbs both effects by alternating projections: an independent estimator.
    import pyfixest as pf

    df = grun_unbalanced.reset_index()
    ref = pf.feols("invest ~ value + capital | firm + year", data=df, vcov={"CRV1": "firm"})
    fit = fit_panel(grun_unbalanced, "invest", X, model="twfe")
    np.testing.assert_allclose(fit.params[X], ref.coef()[X], rtol=1e-8)
    assert fit.entity_effects and fit.time_effects
    assert fit.df_resid == len(df) - 10 - (20 - 1) - 2


# --------------------------------------------------------------------------------------------
# names, attributes, conventions


@pytest.mark.parametrize(
    ("model", "names", "kind"),
    [
        ("pooled", ["const", *X], "overall"),
        ("fe", ["const", *X], "within"),
        ("twfe", ["const", *X], "two-way within"),
        ("re", ["const", *X], "overall"),
        ("between", ["const", *X], "between"),
        ("fd", X, "first-difference"),
    ],
)
def test_names_constant_convention_and_rsquared_kind(grun, model, names, kind):
    fit = fit_panel(grun, "invest", X, model=model, cov="unadjusted")
    for s in (fit.params, fit.std_errors, fit.tstats, fit.pvalues):
        assert list(s.index) == names
    assert list(fit.cov.index) == names and list(fit.cov.columns) == names
    assert fit.rsquared_kind == kind
    assert 0 <= fit.rsquared <= 1
    np.testing.assert_allclose(fit.tstats, fit.params / fit.std_errors)
    assert fit.n_entities == 10
    assert fit.nobs == (10 if model == "between" else 190 if model == "fd" else 200)


def test_fe_within_rsquared_equals_manual(grun):
    xa, ya = _within_augmented(grun, "invest", X)
    _, e = _ols(xa, ya)
    r2 = 1 - (e @ e) / ((ya - ya.mean()) @ (ya - ya.mean()))
    assert fit_panel(grun, "invest", X).rsquared == pytest.approx(r2, rel=1e-10)


def test_twfe_rsquared_is_two_way_within(grun):
    # balanced panel: two-way demeaning is v - mean_i - mean_t + mean
    def dm(v: pd.Series) -> pd.Series:
        return (
            v
            - v.groupby(level=0).transform("mean")
            - v.groupby(level=1).transform("mean")
            + v.mean()
        )

    y = dm(grun["invest"]).to_numpy()
    xd = np.column_stack([dm(grun[c]) for c in X])
    _, e = _ols(xd, y)
    assert fit_panel(grun, "invest", X, model="twfe").rsquared == pytest.approx(
        1 - (e @ e) / (y @ y), rel=1e-10
    )


def test_overall_rsquared_is_squared_correlation(grun):
    # Stata's "R-sq overall" of xtreg, re: corr(y, xb)²; for pooled OLS it equals 1 - SSR/TSS
    for model in ("re", "pooled"):
        fit = fit_panel(grun, "invest", X, model=model)
        xb = grun[X].to_numpy() @ fit.params[X].to_numpy()
        r = np.corrcoef(grun["invest"], xb)[0, 1]
        assert fit.rsquared == pytest.approx(r**2, rel=1e-12)
    po = fit_panel(grun, "invest", X, model="pooled")
    e = po.raw.resids.to_numpy()
    tss = ((grun["invest"] - grun["invest"].mean()) ** 2).sum()
    assert po.rsquared == pytest.approx(1 - (e @ e) / tss, rel=1e-10)


def test_conf_int_and_pvalues_use_stated_distribution(grun):
    from scipy import stats

    fit = fit_panel(grun, "invest", X)
    ci = fit.conf_int(0.9)
    q = stats.t.ppf(0.95, 9)
    np.testing.assert_allclose(ci["lower"], fit.params - q * fit.std_errors)
    np.testing.assert_allclose(ci["upper"], fit.params + q * fit.std_errors)
    np.testing.assert_allclose(fit.pvalues, 2 * stats.t.sf(np.abs(fit.tstats), 9))
    assert list(ci.columns) == ["lower", "upper"]
    with pytest.raises(OptionError, match="level"):
        fit.conf_int(95)
    re = fit_panel(grun, "invest", X, model="re", cov="unadjusted")
    assert re.df_inference is None  # z statistics as Stata's xtreg, re
    assert fit_panel(grun, "invest", X, model="re").df_inference is None  # also clustered
    assert fit_panel(grun, "invest", X, model="re", small_sample="plm").df_inference == 197
    np.testing.assert_allclose(re.pvalues, 2 * stats.norm.sf(np.abs(re.tstats)))


def test_spec_is_frozen_hashable_and_records_request(grun):
    fit = fit_panel(
        grun,
        "invest",
        X,
        model="twfe",
        cov="twoway",
        log=["invest", "value"],
        lags={"capital": 1},
        small_sample="plm",
    )
    spec = fit.spec
    assert spec == PanelSpec(
        y="invest",
        x=("value", "capital"),
        model="twfe",
        cov="twoway",
        log=("invest", "value"),
        lags=(("capital", 1),),
        small_sample="plm",
    )
    assert hash(spec) == hash(dataclasses.replace(spec))
    with pytest.raises(dataclasses.FrozenInstanceError):
        spec.model = "fe"  # type: ignore[misc]
    assert spec.describe() == "log(invest) ~ log(value) + L1.capital"


def test_data_is_the_transformed_estimation_sample(grun):
    fit = fit_panel(grun, "invest", X, log=["invest", "value"], lags=[("capital", 2)])
    assert list(fit.data.columns) == ["invest", *X]
    assert fit.data.index.names == grun.index.names
    assert len(fit.data) == fit.nobs == 200 - 2 * 10
    row = fit.data.loc[("IBM", 1940)]
    assert row["invest"] == pytest.approx(np.log(grun.loc[("IBM", 1940), "invest"]))
    assert row["value"] == pytest.approx(np.log(grun.loc[("IBM", 1940), "value"]))
    assert row["capital"] == grun.loc[("IBM", 1938), "capital"]
    assert fit.dropped.lags == 20 and fit.dropped.total == 20
    assert "20 without the lagged value" in str(fit.dropped)


def test_lags_are_gap_aware_for_integer_years(grun):
    df = grun.drop(("IBM", 1940))
    fit = fit_panel(df, "invest", X, lags={"capital": 1})
    assert ("IBM", 1941) not in fit.data.index  # 1940 missing: no lag, not the 1939 value
    assert fit.data.loc[("IBM", 1942), "capital"] == grun.loc[("IBM", 1941), "capital"]
    assert fit.dropped.lags == 10 + 1  # first year of each firm + the year after the gap


def test_lags_by_position_for_dates(grun):
    df = grun.copy()
    years = df.index.get_level_values(1)
    df.index = pd.MultiIndex.from_arrays(
        [df.index.get_level_values(0), pd.to_datetime(years.astype(str) + "-12-31")],
        names=["firm", "date"],
    )
    a = fit_panel(df, "invest", X, lags={"capital": 1})
    b = fit_panel(grun, "invest", X, lags={"capital": 1})
    np.testing.assert_allclose(a.params, b.params, rtol=1e-12)
    np.testing.assert_allclose(a.std_errors, b.std_errors, rtol=1e-12)


def test_missing_values_are_dropped_and_counted(grun):
    df = grun.copy()
    df.loc[("IBM", 1945), "value"] = np.nan
    fit = fit_panel(df, "invest", X)
    assert fit.nobs == 199 and fit.dropped.missing == 1
    assert "1 with missing values" in str(fit.dropped)


# --------------------------------------------------------------------------------------------
# zeros and negatives before a log


def _with_zero(grun: pd.DataFrame) -> pd.DataFrame:
    df = grun.copy()
    df.loc[("Chrysler", 1937), "value"] = 0.0
    df.loc[("IBM", 1950), "value"] = -2.0
    return df


def test_nonpositive_before_log_errors_naming_entity_time_variable(grun):
    with pytest.raises(DataError) as err:
        fit_panel(_with_zero(grun), "invest", X, log=["invest", "value"])
    msg = str(err.value)
    assert "'Chrysler' 1937 value=0" in msg and "'IBM' 1950 value=-2" in msg
    assert "nonpositive='drop'" in msg


def test_nonpositive_drop_counts_rows(grun):
    fit = fit_panel(_with_zero(grun), "invest", X, log=["invest", "value"], nonpositive="drop")
    assert fit.nobs == 198 and fit.dropped.nonpositive == 2
    assert ("Chrysler", 1937) not in fit.data.index
    assert any("'Chrysler' 1937 value=0" in d for d in fit.dropped.details)


def test_nonpositive_shift_is_stated(grun):
    df = _with_zero(grun)
    df.loc[("IBM", 1950), "value"] = 0.0
    fit = fit_panel(df, "invest", X, log=["invest", "value"], nonpositive="shift", shift=1.0)
    assert fit.nobs == 200 and fit.shifted == ("value",)
    assert fit.data.loc[("Chrysler", 1937), "value"] == 0.0  # log(0 + 1)
    assert fit.data.loc[("IBM", 1945), "value"] == pytest.approx(
        np.log(grun.loc[("IBM", 1945), "value"] + 1)
    )
    assert "log(value + 1): 2 value(s) <= 0" in fit.summary()
    with pytest.raises(DataError, match="shifting by 1 leaves values <= 0"):
        fit_panel(_with_zero(grun), "invest", X, log=["value"], nonpositive="shift")


# --------------------------------------------------------------------------------------------
# option and data errors


@pytest.mark.parametrize(
    ("kwargs", "pattern"),
    [
        ({"model": "within"}, r"model='within' is not allowed; choose one of: 'pooled', 'fe'"),
        ({"cov": "hc3"}, r"cov='hc3' is not allowed; choose one of: 'unadjusted', 'robust'"),
        ({"weights": "w"}, r"unknown option\(s\) 'weights'; allowed: 'log', 'lags'"),
        ({"nonpositive": "ignore"}, r"nonpositive='ignore' is not allowed; choose one of: "),
        ({"small_sample": "sas"}, r"small_sample='sas' is not allowed; choose one of: 'stata'"),
        ({"kernel": "gauss"}, r"kernel='gauss' is not allowed; choose one of: 'bartlett'"),
        ({"model": "between", "cov": "twoway"}, r"not available for model='between'"),
        ({"model": "fd", "cov": "twoway"}, r"not available for model='fd'; choose one of"),
        ({"log": ["wage"]}, r"log: 'wage' is neither y nor a regressor"),
        ({"lags": {"invest": 1}}, r"lags: 'invest' is not a regressor"),
        ({"lags": {"value": 0}}, r"lag of 'value' must be an integer >= 1"),
        ({"lags": 3}, r"lags must be a mapping"),
        ({"shift": 0}, r"shift must be a positive number"),
        ({"bandwidth": -1}, r"bandwidth must be None or an integer >= 0"),
        ({"cov": "driscoll-kraay", "bandwidth": 20}, r"bandwidth=20 must be below"),
    ],
)
def test_option_errors_list_allowed_values(grun, kwargs, pattern):
    with pytest.raises(OptionError, match=pattern):
        fit_panel(grun, "invest", X, **kwargs)


def test_unknown_option_message_lists_every_option(grun):
    with pytest.raises(OptionError) as err:
        fit_panel(grun, "invest", X, clusters="firm")
    assert all(repr(o) in str(err.value) for o in OPTIONS)


def test_regressor_list_errors(grun):
    with pytest.raises(OptionError, match="at least one regressor"):
        fit_panel(grun, "invest", [])
    with pytest.raises(OptionError, match="also among the regressors"):
        fit_panel(grun, "invest", ["invest", "value"])
    with pytest.raises(OptionError, match="twice"):
        fit_panel(grun, "invest", ["value", "value"])
    with pytest.raises(OptionError, match="reserved"):
        fit_panel(grun.assign(const=1.0), "invest", ["const", "value"])


def test_data_errors(grun):
    with pytest.raises(DataError, match="two-level"):
        fit_panel(grun.reset_index(), "invest", X)
    with pytest.raises(DataError, match="column 'wage': column not found"):
        fit_panel(grun, "wage", X)
    with pytest.raises(DataError, match=r"column 'firm_name'.*not numeric"):
        fit_panel(grun.assign(firm_name="x"), "invest", ["firm_name"])
    dup = pd.concat([grun, grun.iloc[[0]]])
    with pytest.raises(DataError, match="not unique"):
        fit_panel(dup, "invest", X)
    bad_time = grun.rename(index=str, level=1)
    with pytest.raises(DataError, match=r"integers .* or dates"):
        fit_panel(bad_time, "invest", X)


# --------------------------------------------------------------------------------------------
# presentation and refits


def test_summary_repr_html_and_frame(grun):
    fit = fit_panel(grun, "invest", X)
    text = fit.summary()
    for piece in (
        "Fixed effects (entity)",
        "R² (within)",
        "clustered by entity, Stata small-sample correction G/(G-1)·(N-1)/(N-K)",
        "entity (10 clusters)",
        "t(9)",
        "no rows dropped",
    ):
        assert piece in text
    html = fit._repr_html_()
    assert "<table" in html and "Stata small-sample correction" in html and "capital" in html
    assert repr(fit).startswith("<PanelFit fe cov=cluster/stata N=200 entities=10")
    frame = fit.to_frame()
    assert list(frame.columns) == ["coef", "std_err", "t", "pvalue", "ci_lower_95", "ci_upper_95"]
    pd.testing.assert_series_equal(frame["coef"], fit.params, check_names=False)


def test_with_cov_equals_direct_fit(grun):
    base = fit_panel(grun, "invest", X, log=["invest"], lags={"value": 1})
    direct = fit_panel(
        grun, "invest", X, log=["invest"], lags={"value": 1}, cov="robust", small_sample="plm"
    )
    other = base.with_cov("robust", small_sample="plm")
    assert isinstance(other, PanelFit)
    pd.testing.assert_series_equal(other.std_errors, direct.std_errors)
    assert other.spec == direct.spec and other.dropped == direct.dropped
    with pytest.raises(OptionError, match="unknown option"):
        base.with_cov("robust", log=["value"])


def test_twoway_psd_check_and_fd_cluster(grun):
    tw = fit_panel(grun, "invest", X, model="pooled", cov="twoway")
    assert tw.df_inference == 9 and "entity (10) and time (20)" in tw.cluster_kind
    fd = fit_panel(grun, "invest", X, model="fd", cov="cluster")
    assert "const" not in fd.params.index and fd.n_clusters == 10
    # an entity with one year has no difference: it is not a cluster of the FD equation
    one_year = grun.drop([("IBM", y) for y in range(1936, 1955)])
    fd = fit_panel(one_year, "invest", X, model="fd", cov="cluster")
    assert fd.n_clusters == 9 and fd.df_inference == 8
    dk = fit_panel(grun, "invest", X, model="fd", cov="driscoll-kraay")
    assert dk.df_inference == 19 - 1  # 19 periods of differences


# --------------------------------------------------------------------------------------------
# order of lags, missing values and values <= 0 (lags first; only used values count)
#
# 10 entities x 10 years (2010-2019), log(y) ~ L1.log(x) + w. Every row uses y(t), w(t) and
# x(t-1); the first year of each entity has no lag, so a clean panel gives nobs = 90.


def _panel10() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    idx = pd.MultiIndex.from_product(
        [[f"e{i}" for i in range(10)], range(2010, 2020)], names=["entity", "year"]
    )
    return pd.DataFrame(
        {
            "y": np.exp(rng.normal(size=100)),
            "x": np.exp(rng.normal(size=100)),
            "w": rng.normal(size=100),
        },
        index=idx,
    )


LOGLAG = {"log": ["y", "x"], "lags": {"x": 1}, "model": "pooled"}


def _as_dates(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    years = out.index.get_level_values(1)
    out.index = pd.MultiIndex.from_arrays(
        [out.index.get_level_values(0), pd.to_datetime(years.astype(str) + "-12-31")],
        names=["entity", "date"],
    )
    return out


def test_nonpositive_y_drops_only_its_own_row():
    # y(e0, 2012) <= 0 removes row 2012 only; row 2013 keeps x(2012) as its lag (before the
    # fix: nobs 88, row 2013 counted under "lags")
    df = _panel10()
    df.loc[("e0", 2012), "y"] = -1.0
    fit = fit_panel(df, "y", ["x", "w"], nonpositive="drop", **LOGLAG)
    assert fit.nobs == 89
    assert (fit.dropped.lags, fit.dropped.missing, fit.dropped.nonpositive) == (10, 0, 1)
    assert fit.dropped.total == len(df) - fit.nobs
    assert fit.data.loc[("e0", 2013), "x"] == np.log(df.loc[("e0", 2012), "x"])


def test_unused_nonpositive_value_is_ignored():
    # x(e0, 2019) is used by no row (x enters lagged, there is no 2020): no error, no drop, no
    # shift; the fit equals the clean panel's (before the fix: DataError / row 2019 dropped)
    clean = fit_panel(_panel10(), "y", ["x", "w"], **LOGLAG)
    df = _panel10()
    df.loc[("e0", 2019), "x"] = 0.0
    for how in ("error", "drop", "shift"):
        fit = fit_panel(df, "y", ["x", "w"], nonpositive=how, **LOGLAG)
        assert fit.nobs == 90 and fit.dropped.total == 10 and fit.shifted == ()
        assert ("e0", 2019) in fit.data.index
        pd.testing.assert_series_equal(fit.params, clean.params, rtol=0, atol=0)


def test_nonpositive_lagged_value_drops_the_row_that_uses_it():
    # x(e0, 2015) = 0 is the regressor of row 2016, not of row 2015 (whose regressor is x(2014))
    df = _panel10()
    df.loc[("e0", 2015), "x"] = 0.0
    with pytest.raises(DataError, match=r"1 value\(s\) <= 0.*'e0' 2015 x=0 \(as L1.x at 2016\)"):
        fit_panel(df, "y", ["x", "w"], **LOGLAG)
    fit = fit_panel(df, "y", ["x", "w"], nonpositive="drop", **LOGLAG)
    assert ("e0", 2015) in fit.data.index and ("e0", 2016) not in fit.data.index
    assert fit.data.loc[("e0", 2015), "x"] == np.log(df.loc[("e0", 2014), "x"])
    assert (fit.nobs, fit.dropped.nonpositive, fit.dropped.lags) == (89, 1, 10)
    assert fit.dropped.details == ("dropped (<= 0 before log): 'e0' 2015 x=0 (as L1.x at 2016)",)


def test_missing_values_counted_only_where_used():
    # x(e0, 2019) NaN is used by no row: nothing more is dropped and nothing counted (before
    # the fix: missing = 1, total = 11 for 10 rows dropped); x(e0, 2015) NaN drops row 2016
    df = _panel10()
    df.loc[("e0", 2019), "x"] = np.nan
    fit = fit_panel(df, "y", ["x", "w"], **LOGLAG)
    assert (fit.nobs, fit.dropped.missing, fit.dropped.total) == (90, 0, 10)
    df.loc[("e0", 2015), "x"] = np.nan
    fit = fit_panel(df, "y", ["x", "w"], **LOGLAG)
    assert (fit.nobs, fit.dropped.missing, fit.dropped.total) == (89, 1, 11)
    assert ("e0", 2015) in fit.data.index and ("e0", 2016) not in fit.data.index
    # a row without its lagged period is counted under "lags" even if it also has a NaN
    df.loc[("e1", 2010), "y"] = np.nan
    fit = fit_panel(df, "y", ["x", "w"], **LOGLAG)
    assert (fit.dropped.lags, fit.dropped.missing) == (10, 1)


def test_date_lags_count_periods_removed_by_drops():
    # y <= 0 in 2014 for every entity removes that period from the sample; with dates the lag of
    # 2015 must still be the 2014 value (before the fix the periods were counted after the drop,
    # so 2015 got the 2013 value). Reference: the same fit on integer years, lagged by value.
    df = _panel10()
    df.loc[(slice(None), 2014), "y"] = 0.0
    by_year = fit_panel(df, "y", ["x", "w"], nonpositive="drop", **LOGLAG)
    by_date = fit_panel(_as_dates(df), "y", ["x", "w"], nonpositive="drop", **LOGLAG)
    assert by_year.nobs == by_date.nobs == 80
    np.testing.assert_allclose(by_date.params, by_year.params, rtol=1e-12)
    ts = pd.Timestamp("2015-12-31")
    assert by_date.data.loc[("e3", ts), "x"] == np.log(df.loc[("e3", 2014), "x"])


def _reference_sample(df: pd.DataFrame, lag: int, how: str) -> tuple[pd.DataFrame, dict]:
    """Brute force, row by row with dict look-ups: the rows and values that fit_panel must use.

    Model log(y) ~ L{lag}.log(x) + w. Lag by value for integer years, by position among the
    sorted periods of every row for dates. Each dropped row counted under its first cause.
    """
    cells = {key: row for key, row in zip(df.index, df.to_dict("records"), strict=True)}
    periods = sorted(set(df.index.get_level_values(1)))
    is_int = pd.api.types.is_integer_dtype(df.index.get_level_values(1))
    counts = {"lags": 0, "missing": 0, "nonpositive": 0}
    rows, keys = [], []
    for ent, t in sorted(cells):
        if is_int:
            src = (ent, t - lag)
        else:
            p = periods.index(t) - lag
            src = (ent, periods[p]) if p >= 0 else None
        if src not in cells:
            counts["lags"] += 1
            continue
        y, x, w = cells[(ent, t)]["y"], cells[src]["x"], cells[(ent, t)]["w"]
        if any(np.isnan(v) for v in (y, x, w)):
            counts["missing"] += 1
            continue
        if y <= 0 or x <= 0:
            counts["nonpositive"] += 1
            continue
        rows.append({"y": np.log(y), "x": np.log(x), "w": w})
        keys.append((ent, t))
    out = pd.DataFrame(rows, index=pd.MultiIndex.from_tuples(keys, names=df.index.names))
    return out, counts


@pytest.mark.parametrize("dates", [False, True])
@pytest.mark.parametrize("seed", range(6))
def test_sample_and_drop_counts_match_brute_force_reference(seed, dates):
    # random gaps (rows removed), NaNs and values <= 0 in every column; lag 1 or 2
    rng = np.random.default_rng(100 + seed)
    df = _panel10()
    df = df[rng.random(len(df)) > 0.15].copy()
    for col in ("y", "x", "w"):
        df.loc[rng.random(len(df)) < 0.05, col] = np.nan
    for col in ("y", "x"):
        df.loc[rng.random(len(df)) < 0.06, col] = rng.choice([0.0, -0.5])
    lag = 1 + seed % 2
    if dates:
        df = _as_dates(df)
    ref, counts = _reference_sample(df, lag, "drop")
    fit = fit_panel(
        df, "y", ["x", "w"], model="pooled", log=["y", "x"], lags={"x": lag}, nonpositive="drop"
    )
    pd.testing.assert_frame_equal(fit.data, ref, check_exact=True, check_index_type=False)
    assert {k: getattr(fit.dropped, k) for k in counts} == counts
    assert fit.dropped.total == len(df) - fit.nobs
    assert len(fit.dropped.details) >= fit.dropped.nonpositive
    if counts["nonpositive"]:
        with pytest.raises(DataError, match="cannot be logged"):
            fit_panel(df, "y", ["x", "w"], model="pooled", log=["y", "x"], lags={"x": lag})
