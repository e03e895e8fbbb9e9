"""Randomization inference against a brute-force reference.

The reference fits every assignment with statsmodels OLS on zone and year dummies, with the
classical covariance or a cluster-robust one (``cov_type="cluster"``), an implementation
independent of the vectorised one, and counts ``|t_a| >= |t_obs|`` by hand.  The t statistics
differ from statsmodels' by a small-sample factor, the same for every assignment, so the
p-values must be equal exactly (tolerance: none beyond the 1e-9 tie rule, stated in the
module) and the statistics to 1e-9 once the factor is applied.
"""

from __future__ import annotations

import math
from itertools import combinations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from gxq_analysis.models.randomization import (
    assignments,
    did_randomization,
    event_randomization,
)
from gxq_analysis.models.within import level_codes


def _panel(n_units=8, years=range(2011, 2019), seed=3, effect=0.0, trend=0.0):
    rng = np.random.default_rng(seed)
    rows = []
    a = rng.normal(size=n_units)
    lt = rng.normal(size=len(years)) * 0.3
    for i in range(n_units):
        scale = 1.0 + i / n_units  # unequal cluster variances
        for j, t in enumerate(years):
            treated = i in (0, 1)
            y = a[i] + lt[j] + scale * rng.normal() * 0.2
            y += effect * (treated and t >= 2015) + trend * treated * (t - 2014) * (t < 2015)
            rows.append({"unit": f"u{i}", "year": t, "y": y, "x": rng.normal() + 0.1 * j})
    return pd.DataFrame(rows).set_index(["unit", "year"]).sort_index()


def _codes(df):
    return level_codes(df.index, 0)[0], level_codes(df.index, 1)[0]


def _factor(fit, groups, statistic):
    """statsmodels' variance factor that the module omits: CRV1's G/(G-1)·(N-1)/(N-K), or
    the classical N/(N-K) (statsmodels divides the residual sum of squares by N - K)."""
    g, n, k = groups.nunique(), fit.nobs, fit.df_model + 1
    return g / (g - 1) * (n - 1) / (n - k) if statistic == "clustered" else n / (n - k)


def _fit(d, formula, statistic):
    if statistic == "clustered":
        return smf.ols(formula, data=d).fit(cov_type="cluster", cov_kwds={"groups": d["unit"]})
    return smf.ols(formula, data=d).fit()


def _t_brute(df, treated, start, formula="y ~ d + C(unit) + C(year)", factor=False,
             statistic="classical"):  # fmt: skip
    d = df.reset_index()
    d["d"] = (d["unit"].isin(treated) & (d["year"] >= start)).astype(float)
    fit = _fit(d, formula, statistic)
    return fit.tvalues["d"] * (np.sqrt(_factor(fit, d["unit"], statistic)) if factor else 1)


def _p_brute(df, treated, start, formula="y ~ d + C(unit) + C(year)", statistic="classical"):
    units = sorted(df.index.get_level_values(0).unique())
    t_obs = _t_brute(df, treated, start, formula, statistic=statistic)
    ts = [_t_brute(df, c, start, formula, statistic=statistic)
          for c in combinations(units, len(treated))]  # fmt: skip
    return np.mean(np.abs(ts) >= abs(t_obs) * (1 - 1e-9)), len(ts)


@pytest.mark.parametrize("statistic", ["classical", "clustered"])
@pytest.mark.parametrize("effect", [0.0, 0.25])
def test_pvalue_equals_brute_force(effect, statistic):
    df = _panel(effect=effect)
    u, t = _codes(df)
    post = df.index.get_level_values(1).to_numpy() >= 2015
    r = did_randomization(df["y"].to_numpy(), u, t, post, np.array([0, 1]), statistic=statistic)
    p_ref, n_ref = _p_brute(df, ["u0", "u1"], 2015, statistic=statistic)
    assert r.n_assignments == n_ref == math.comb(8, 2) and r.exhaustive
    assert r.pvalue == pytest.approx(p_ref, abs=0)
    # the statistic is statsmodels' t without its small-sample factor
    t_ref = _t_brute(df, ["u0", "u1"], 2015, factor=True, statistic=statistic)
    assert r.statistic == pytest.approx(t_ref, rel=1e-9)
    assert r.pvalue >= r.min_pvalue


def test_pvalue_with_a_control_equals_brute_force():
    df = _panel(effect=0.1, seed=8)
    u, t = _codes(df)
    post = df.index.get_level_values(1).to_numpy() >= 2015
    r = did_randomization(
        df["y"].to_numpy(), u, t, post, np.array([0, 1]), controls=df[["x"]].to_numpy(),
        statistic="clustered",
    )  # fmt: skip
    p_ref, _ = _p_brute(df, ["u0", "u1"], 2015, "y ~ d + x + C(unit) + C(year)", "clustered")
    assert r.pvalue == pytest.approx(p_ref, abs=0)


def test_interval_is_the_inverted_test():
    df = _panel(effect=0.3, seed=4)
    u, t = _codes(df)
    post = df.index.get_level_values(1).to_numpy() >= 2015
    r = did_randomization(df["y"].to_numpy(), u, t, post, np.array([0, 1]), level=0.9)
    lo, hi = r.conf_int
    assert math.isfinite(lo) and math.isfinite(hi) and lo < hi
    # brute force: shift the treated post outcomes by delta (sharp null) and re-test
    d = (np.isin(u, [0, 1]) & post).astype(float)
    width = hi - lo
    for delta, inside in [(lo + 1e-3 * width, True), (hi - 1e-3 * width, True),
                          (lo - 1e-3 * width, False), (hi + 1e-3 * width, False)]:  # fmt: skip
        shifted = df.assign(y=df["y"] - delta * d)
        p, _ = _p_brute(shifted, ["u0", "u1"], 2015)
        assert bool(p > 0.1) is inside, (delta, p)


def test_interval_unbounded_when_the_test_cannot_reject():
    df = _panel(n_units=5)
    u, t = _codes(df)
    post = df.index.get_level_values(1).to_numpy() >= 2015
    r = did_randomization(df["y"].to_numpy(), u, t, post, np.array([0]))
    assert r.n_assignments == 5 and r.conf_int == (-math.inf, math.inf)


def test_sampled_assignments_are_distinct_seeded_and_start_with_the_observed():
    sets, exhaustive = assignments(40, np.array([3, 7, 9]), max_assignments=500, seed=1)
    again, _ = assignments(40, np.array([9, 3, 7]), max_assignments=500, seed=1)
    assert not exhaustive and len(sets) == 500
    assert tuple(sets[0]) == (3, 7, 9)
    assert len({tuple(s) for s in sets}) == 500
    assert (sets == again).all()
    full, exhaustive = assignments(6, np.array([2, 4]), max_assignments=500, seed=1)
    assert exhaustive and len(full) == 15 and tuple(full[0]) == (2, 4)


@pytest.mark.parametrize("statistic", ["classical", "clustered"])
@pytest.mark.parametrize("trend", [0.0, 1.0])
def test_pretrend_wald_equals_brute_force(trend, statistic):
    df = _panel(trend=trend, seed=11)
    years = sorted(df.index.get_level_values(1).unique())
    start, rel = 2015, [y - 2015 for y in years if y != 2014]
    u, t = _codes(df)
    yr = df.index.get_level_values(1).to_numpy()
    pos = {k: j for j, k in enumerate(rel)}
    row_rel = np.array([pos.get(int(v) - start, -1) for v in yr])
    leads = np.array([j for j, k in enumerate(rel) if k <= -2])
    joint, per_coef = event_randomization(
        df["y"].to_numpy(), u, t, row_rel, np.array([0, 1]), leads=leads, statistic=statistic
    )

    def wald(treated):
        d = df.reset_index()
        names = []
        for k in rel:
            n = f"r{k + 10}"
            d[n] = (d["unit"].isin(treated) & (d["year"] - start == k)).astype(float)
            names.append(n)
        fit = _fit(d, "y ~ " + " + ".join(names) + " + C(unit) + C(year)", statistic)
        ln = [names[j] for j in leads]
        b = fit.params[ln].to_numpy()
        return float(b @ np.linalg.pinv(fit.cov_params().loc[ln, ln].to_numpy()) @ b), fit

    units = sorted(df.index.get_level_values(0).unique())
    w_obs, fit_obs = wald(["u0", "u1"])
    ws = [wald(list(c))[0] for c in combinations(units, 2)]
    assert joint.pvalue == pytest.approx(np.mean(np.array(ws) >= w_obs * (1 - 1e-9)), abs=0)
    # the observed statistic is the clustered Wald / q without the small-sample factor
    d = df.reset_index()
    expected = w_obs * _factor(fit_obs, d["unit"], statistic) / len(leads)
    assert joint.statistic == pytest.approx(expected, rel=1e-9)
    assert per_coef.shape == (len(rel),) and ((per_coef >= 1 / 28) & (per_coef <= 1)).all()
    if trend and statistic == "classical":  # a pre-trend of several noise sd is found
        assert joint.pvalue <= 2 / 28


def _coef_brute(df, treated, start):
    d = df.reset_index()
    d["d"] = (d["unit"].isin(treated) & (d["year"] >= start)).astype(float)
    return smf.ols("y ~ d + C(unit) + C(year)", data=d).fit().params["d"]


def test_classical_t_ranks_assignments_exactly_as_the_coefficient():
    """On a balanced panel without controls the classical t's denominator is the same for all
    assignments, so the randomization test on it is the test on |coefficient| (the module
    says so); the clustered t is studentized per assignment and ranks differently."""
    df = _panel(effect=0.1)
    unit, time = _codes(df)
    post = df.index.get_level_values(1).to_numpy() >= 2015
    r = did_randomization(df["y"].to_numpy(), unit, time, post, np.array([0, 1]))
    sets, _ = assignments(8, np.array([0, 1]), max_assignments=10_000, seed=0)
    units = sorted(df.index.get_level_values(0).unique())
    coefs = np.array([_coef_brute(df, [units[i] for i in s], 2015) for s in sets])
    order_t = np.argsort(-np.abs(r.draws), kind="mergesort")
    order_b = np.argsort(-np.abs(coefs), kind="mergesort")
    assert (order_t == order_b).all()
    assert r.pvalue == np.mean(np.abs(coefs) >= abs(coefs[0]) * (1 - 1e-9))
    c = did_randomization(df["y"].to_numpy(), unit, time, post, np.array([0, 1]),
                          statistic="clustered")  # fmt: skip
    assert not (np.argsort(-np.abs(c.draws), kind="mergesort") == order_b).all()


def test_rank_pvalue_and_its_inverted_interval():
    from gxq_analysis.models.randomization import rank_conf_int, rank_pvalue

    rng = np.random.default_rng(2)
    placebos = rng.normal(0, 0.1, 78)
    est = 0.21
    assert rank_pvalue(est, placebos) == (1 + np.sum(np.abs(placebos) >= est)) / 79
    assert rank_pvalue(10.0, placebos) == pytest.approx(1 / 79)
    lo, hi = rank_conf_int(est, placebos, 0.95)
    # brute force: the set of delta whose p-value of est - delta exceeds 5%
    grid = np.linspace(est - 1, est + 1, 40_001)
    inside = np.array([rank_pvalue(est - d, placebos) > 0.05 for d in grid])
    assert grid[inside].min() == pytest.approx(lo, abs=1e-4)
    assert grid[inside].max() == pytest.approx(hi, abs=1e-4)
    assert rank_conf_int(est, placebos[:12], 0.95) == (-math.inf, math.inf)  # 13 < 1/0.05


def test_westfall_young_step_down_min_p():
    from gxq_analysis.models.randomization import westfall_young

    # identical outcomes: perfectly dependent, the adjustment costs nothing
    col = np.r_[3.0, np.linspace(-2.5, 2.5, 39)]
    np.testing.assert_allclose(westfall_young(np.column_stack([col, col])), [0.025, 0.025])
    # a hand-worked example: 4 assignments (row 0 observed), 2 outcomes
    draws = np.array([[5.0, 2.0], [1.0, 3.0], [0.5, 1.0], [6.0, 0.5]])
    # raw p: outcome 0 -> #{|x| >= 5} / 4 = 2/4; outcome 1 -> #{>= 2} / 4 = 2/4
    # p of every assignment within each column: col 0 (5, 1, 0.5, 6) -> (.5, .75, 1, .25);
    # col 1 (2, 3, 1, .5) -> (.5, .25, .75, 1); min over both: (.5, .25, .75, .25)
    # step 1 (both left): #{min <= .5} / 4 = 3/4 for the first in order (outcome 0, a tie
    # broken by position), step 2 (outcome 1 alone): #{.5, .25, .75, 1 <= .5} / 4 = 2/4,
    # raised to the running maximum 3/4
    np.testing.assert_allclose(westfall_young(draws), [0.75, 0.75])
    rng = np.random.default_rng(0)
    d = rng.normal(size=(105, 4))
    adj = westfall_young(d)
    raw = np.array([np.mean(np.abs(d[:, j]) >= np.abs(d[0, j]) * (1 - 1e-9)) for j in range(4)])
    assert (adj >= raw - 1e-12).all() and (adj <= 1).all()
    # never above Bonferroni's
    assert (adj <= np.minimum(4 * raw, 1) + 1e-12).all()
