"""Hausman (classic, Mundlak), poolability F and Breusch–Pagan LM tests.

References: R plm 2.6 run on the same data (Baltagi's Grunfeld panel, also with four firm-years
removed to make it unbalanced); the R commands are quoted next to each number. Numbers are
matched to the printed precision of R (half a unit of the last printed digit).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from gxq_analysis import OptionError, breusch_pagan, fit_panel, hausman, poolability_test
from gxq_analysis.models.spectests import HausmanResult, SpecTestResult

X = ["value", "capital"]


def _close(value: float, printed: str) -> None:
    decimals = len(printed.split(".")[1])
    assert abs(value - float(printed)) <= 0.5 * 10.0**-decimals * (1 + 1e-9), (value, printed)


# ---------------------------------------------------------------------------------------------
# Hausman


def test_classic_hausman_matches_plm_phtest(grun):
    # R: phtest(plm(invest ~ value + capital, model = "within"), plm(..., model = "random"))
    #    chisq = 2.3304, df = 2, p-value = 0.3119
    fe, re = fit_panel(grun, "invest", X), fit_panel(grun, "invest", X, model="re")
    h = hausman(fe, re)
    assert isinstance(h, HausmanResult) and h.method == "classic"
    _close(h.stat, "2.3304")
    _close(h.pvalue, "0.3119")
    assert h.df == (2,)
    # the clustered fits were refitted with conventional covariances: same as passing those
    fe_u = fit_panel(grun, "invest", X, cov="unadjusted")
    re_u = fit_panel(grun, "invest", X, model="re", cov="unadjusted")
    assert hausman(fe_u, re_u).stat == pytest.approx(h.stat, rel=1e-12)
    np.testing.assert_allclose(h.difference, fe.params[X] - re.params[X])


def test_mundlak_matches_plm_regression_based_hausman(grun):
    # R: phtest(invest ~ value + capital, data = p, method = "aux",
    #           vcov = function(x) vcovHC(x, method = "arellano", type = "sss"))
    #    chisq = 7.3197, df = 2, p-value = 0.02574      (type = "HC0": chisq = 8.2998)
    # plm's auxiliary regression uses x - mean_i(x) instead of mean_i(x): the same Wald test.
    # type "sss" is Stata's G/(G-1)(N-1)/(N-K) with K = 5 (const, x, means) = our "stata".
    fe = fit_panel(grun, "invest", X)
    re = fit_panel(grun, "invest", X, model="re")
    h = hausman(fe, re, method="mundlak")
    _close(h.stat, "7.3197")
    _close(h.pvalue, "0.02574")
    assert h.df == (2,) and h.method == "mundlak"
    re0 = fit_panel(grun, "invest", X, model="re", small_sample="none")
    _close(hausman(fe, re0, method="mundlak").stat, "8.2998")


def test_mundlak_with_twfe_has_time_effects_and_matches_plm(grun):
    # With a twfe fit the auxiliary RE regression must have the time effects too (before the
    # fix it had none and returned the one-way statistic, 7.3197). Reference, R plm 2.6 on
    # plm::Grunfeld (balanced: the means of the time dummies are constants and drop out):
    #   d$m_value <- ave(d$value, d$firm); d$m_capital <- ave(d$capital, d$firm)
    #   t1936 .. t1954 <- year dummies
    #   m <- plm(inv ~ value + capital + m_value + m_capital + t1936 + ... + t1954,
    #            model = "random", random.method = "swar")
    #   b <- coef(m)[c("m_value", "m_capital")]
    #   V <- vcovHC(m, method = "arellano", type = "sss", cluster = "group")[names(b), names(b)]
    #   t(b) %*% solve(V) %*% b      # 15.330962, p = 0.000468731; type = "HC0": 19.260489
    tw = fit_panel(grun, "invest", X, model="twfe")
    re = fit_panel(grun, "invest", X, model="re")
    h = hausman(tw, re, method="mundlak")
    _close(h.stat, "15.330962")
    _close(h.pvalue, "0.000468731")
    assert h.df == (2,)
    assert h.details["Time effects"] == "19 time dummies; 0 entity means of time dummies"
    re0 = fit_panel(grun, "invest", X, model="re", small_sample="none")
    _close(hausman(tw, re0, method="mundlak").stat, "19.260489")


@pytest.mark.parametrize("panel", ["grun", "grun_unbalanced"])
def test_mundlak_twfe_regression_reproduces_twfe_slopes(panel, request):
    # Two-way Mundlak (Wooldridge 2021): RE of y on x, the entity means of x, time dummies and
    # (unbalanced) the entity means of the time dummies gives the twfe slopes for x, so the test
    # is about the twfe fit it was given. Reference: fit_panel(model="twfe"), 1e-8 relative.
    # Without the means of the dummies the unbalanced slopes would differ in the 3rd digit.
    df = request.getfixturevalue(panel)
    tw = fit_panel(df, "invest", X, model="twfe")
    h = hausman(tw, fit_panel(df, "invest", X, model="re"), method="mundlak")
    np.testing.assert_allclose(h.regression.params[X], tw.params[X], rtol=1e-8)
    n_means = 0 if panel == "grun" else 3  # GM, GE and Union Oil each have their own gaps
    assert h.details["Time effects"].startswith(f"19 time dummies; {n_means} entity means")
    # one-way fe: no time effects in the auxiliary regression
    fe, re = fit_panel(df, "invest", X), fit_panel(df, "invest", X, model="re")
    h1 = hausman(fe, re, method="mundlak")
    assert "Time effects" not in h1.details
    assert list(h1.regression.params.index) == ["const", *X, "mean_value", "mean_capital"]


def test_hausman_needs_the_same_estimation_sample_not_just_the_same_n(grun):
    # before the fix only nobs was compared: 199 rows each, but different rows, passed
    fe = fit_panel(grun.drop(("IBM", 1940)), "invest", X)
    re = fit_panel(grun.drop(("IBM", 1941)), "invest", X, model="re")
    assert fe.nobs == re.nobs == 199
    for method in ("classic", "mundlak"):
        with pytest.raises(
            OptionError,
            match=r"samples differ \(N=199 vs N=199; 1 row\(s\) only in the first fit, "
            r"e\.g\. \('IBM', 1941\), 1 only in the second, e\.g\. \('IBM', 1940\)\)",
        ):
            hausman(fe, re, method=method)
    # same rows, but the dependent variable logged in one fit only
    logged = fit_panel(grun, "invest", X, model="re", log=["invest"])
    with pytest.raises(OptionError, match="'invest' differs between their estimation samples"):
        hausman(fit_panel(grun, "invest", X), logged)


def test_mundlak_regression_reproduces_fe_slopes(grun):
    # Mundlak (1978): in a balanced panel the RE coefficients on x in the regression with the
    # entity means equal the within (FE) coefficients.
    data = grun.copy()
    means = data[X].groupby(level=0).transform("mean").add_prefix("m_")
    aug = pd.concat([data, means], axis=1)
    fit = fit_panel(aug, "invest", [*X, "m_value", "m_capital"], model="re")
    fe = fit_panel(grun, "invest", X)
    np.testing.assert_allclose(fit.params[X], fe.params[X], rtol=1e-8)


def test_negative_classic_statistic_is_reported_with_warning(grun):
    # Make V_FE - V_RE negative definite by inflating the RE covariance: the statistic must be
    # d' pinv(V_d) d < 0 exactly, never abs()'d.
    fe = fit_panel(grun, "invest", X, cov="unadjusted")
    re = fit_panel(grun, "invest", X, model="re", cov="unadjusted")
    re_big = dataclasses.replace(re, cov=re.cov * 4.0)
    d = (fe.params[X] - re.params[X]).to_numpy()
    vd = fe.cov.loc[X, X].to_numpy() - 4.0 * re.cov.loc[X, X].to_numpy()
    expected = float(d @ np.linalg.pinv(vd) @ d)
    assert expected < 0
    with pytest.warns(UserWarning, match="Hausman statistic is negative"):
        h = hausman(fe, re_big)
    assert h.stat == pytest.approx(expected, rel=1e-10)
    assert h.pvalue == 1.0
    assert "negative statistic" in str(h) and "negative statistic" in h._repr_html_()


def test_hausman_rank_deficient_difference_uses_rank_as_df(grun):
    # A collinear contrast: if V_d has rank 1, df = 1 and the generalized inverse is used.
    fe = fit_panel(grun, "invest", X, cov="unadjusted")
    re = fit_panel(grun, "invest", X, model="re", cov="unadjusted")
    v = fe.cov.loc[X, X].to_numpy()
    w = np.array([1.0, 2.0])
    vd = np.outer(w, w) * 1e-4  # rank one
    re_cov = re.cov.copy()
    re_cov.loc[X, X] = v - vd
    h = hausman(fe, dataclasses.replace(re, cov=re_cov))
    d = (fe.params[X] - re.params[X]).to_numpy()
    assert h.df == (1,)
    assert h.stat == pytest.approx(float(d @ np.linalg.pinv(vd) @ d), rel=1e-6)


def test_hausman_option_errors(grun):
    fe = fit_panel(grun, "invest", X)
    re = fit_panel(grun, "invest", X, model="re")
    pooled = fit_panel(grun, "invest", X, model="pooled")
    with pytest.raises(OptionError, match=r"method='gls' is not allowed; choose one of: 'classic'"):
        hausman(fe, re, method="gls")
    with pytest.raises(OptionError, match="first fit must be model='fe'"):
        hausman(pooled, re)
    with pytest.raises(OptionError, match="second fit must be model='re'"):
        hausman(fe, pooled)
    short = fit_panel(grun.drop("IBM", level=0), "invest", X, model="re")
    with pytest.raises(OptionError, match="share the dependent variable and the sample"):
        hausman(fe, short)


# ---------------------------------------------------------------------------------------------
# poolability and Breusch–Pagan


def test_poolability_matches_plm_pftest(grun):
    # R: pFtest(plm(..., model = "within"), plm(..., model = "pooling"))
    #    F = 49.177, df1 = 9, df2 = 188
    f = poolability_test(grun, "invest", X)
    assert isinstance(f, SpecTestResult)
    _close(f.stat, "49.177")
    assert f.df == (9, 188) and f.pvalue < 1e-40


def test_poolability_twoways_against_manual_ssr(grun):
    tw = fit_panel(grun, "invest", X, model="twfe", cov="unadjusted")
    po = fit_panel(grun, "invest", X, model="pooled", cov="unadjusted")
    ssr_tw = float((tw.raw.resids**2).sum())
    ssr_po = float((po.raw.resids**2).sum())
    df1, df2 = 9 + 19, 200 - 3 - 9 - 19
    expected = ((ssr_po - ssr_tw) / df1) / (ssr_tw / df2)
    f = poolability_test(grun, "invest", X, effects="twoways")
    assert f.df == (df1, df2)
    assert f.stat == pytest.approx(expected, rel=1e-10)


def test_breusch_pagan_balanced_and_unbalanced_match_plmtest(grun, grun_unbalanced):
    # R: plmtest(plm(invest ~ value + capital, model = "pooling"), type = "bp")
    #    balanced: chisq = 798.16; unbalanced (rows above removed): chisq = 695.27
    bal = breusch_pagan(grun, "invest", X)
    _close(bal.stat, "798.16")
    assert bal.df == (1,) and "balanced" in str(bal)
    unb = breusch_pagan(grun_unbalanced, "invest", X)
    _close(unb.stat, "695.27")
    assert "Baltagi–Li" in unb.details["Panel"]


def test_breusch_pagan_time_effects_manual_formula(grun_unbalanced):
    # LM = N² / (2 (Σ_t n_t² - N)) · (Σ_t (Σ_i e_it)² / Σ e² - 1)², pooled OLS residuals e
    df = grun_unbalanced
    xa = np.column_stack([np.ones(len(df)), df[X].to_numpy()])
    y = df["invest"].to_numpy()
    e = y - xa @ np.linalg.lstsq(xa, y, rcond=None)[0]
    t = df.index.get_level_values(1).to_numpy()
    sums = pd.Series(e).groupby(t).sum().to_numpy()
    sizes = pd.Series(e).groupby(t).size().to_numpy()
    n = len(e)
    lm = n**2 / (2 * ((sizes**2).sum() - n)) * ((sums**2).sum() / (e @ e) - 1) ** 2
    res = breusch_pagan(df, "invest", X, effects="time")
    assert res.stat == pytest.approx(lm, rel=1e-10)
    assert "time" in res.name


def test_spec_test_option_errors(grun):
    with pytest.raises(OptionError, match=r"effects='time' is not allowed; choose one of"):
        poolability_test(grun, "invest", X, effects="time")
    with pytest.raises(OptionError, match=r"effects='twoways' is not allowed"):
        breusch_pagan(grun, "invest", X, effects="twoways")
    with pytest.raises(OptionError, match="cannot be chosen for this test"):
        poolability_test(grun, "invest", X, model="fe")
    with pytest.raises(OptionError, match="unknown option"):
        breusch_pagan(grun, "invest", X, robust=True)


def test_results_render(grun):
    f = poolability_test(grun, "invest", X, log=["invest", "value", "capital"])
    html = f._repr_html_()
    assert "<table" in html and "F(9, 188)" in html
    assert str(f).startswith("F test for entity effects")


def test_classic_hausman_ignores_small_sample_none(grun):
    # the contrast uses s^2 = SSR/df_resid whatever the fits' convention (R plm: 2.3304)
    kw = dict(cov="unadjusted", small_sample="none")
    fe = fit_panel(grun, "invest", X, model="fe", **kw)
    re = fit_panel(grun, "invest", X, model="re", **kw)
    assert hausman(fe, re).stat == pytest.approx(2.3304, abs=1e-4)
