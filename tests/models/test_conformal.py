"""CWZ conformal inference (gxq_analysis.models.conformal) against diff-diff's
``SyntheticControlResults.conformal_test``: same proxy (simplex least squares on all periods
under the null, no intercept), same statistic (q = 1). Moving-block p-values are deterministic
in both and must agree exactly; diff-diff draws its i.i.d. permutations at random (20,000
here), ours enumerates them, so those agree within 4 Monte Carlo standard errors.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import minimize

from gxq_analysis.models.conformal import conformal_interval, conformal_pvalue, simplex_ls

dd = pytest.importorskip("diff_diff")


def _panel(seed, t=11, t0=6, j=8, effect=0.0):
    rng = np.random.default_rng(seed)
    y0 = rng.normal(size=(t, j)).cumsum(axis=0)
    w = rng.dirichlet(np.ones(j))
    y1 = y0 @ w + rng.normal(0, 0.3, t)
    y1[t0:] += effect
    return y1, y0


_FITS: dict = {}


def _fit_diff_diff(y1, y0, t0):
    """diff-diff's SC fit (its V-matrix search takes ~20 s), once per panel."""
    key = (y1.tobytes(), y0.tobytes(), t0)
    if key not in _FITS:
        _FITS[key] = _fit_once(y1, y0, t0)
    return _FITS[key]


def _fit_once(y1, y0, t0):
    t, j = y0.shape
    rows = [{"unit": "T", "time": s, "y": y1[s], "d": int(s >= t0)} for s in range(t)]
    rows += [
        {"unit": f"c{k}", "time": s, "y": y0[s, k], "d": 0} for k in range(j) for s in range(t)
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return dd.SyntheticControl().fit(pd.DataFrame(rows), "y", "d", "unit", "time",
                                         post_periods=list(range(t0, t)))  # fmt: skip


def test_simplex_least_squares_is_the_constrained_optimum():
    y1, y0 = _panel(3)
    w = simplex_ls(y1, y0)
    assert w.min() >= 0 and w.sum() == pytest.approx(1.0, abs=1e-12)
    obj = lambda v: float(np.sum((y1 - y0 @ v) ** 2))  # noqa: E731
    ref = minimize(obj, np.full(y0.shape[1], 1 / y0.shape[1]), method="SLSQP",
                   bounds=[(0, 1)] * y0.shape[1],
                   constraints={"type": "eq", "fun": lambda v: v.sum() - 1},
                   options={"ftol": 1e-15, "maxiter": 1000})  # fmt: skip
    assert obj(w) <= ref.fun + 1e-9


@pytest.mark.slow
@pytest.mark.parametrize("seed", [0, 2])
@pytest.mark.parametrize("theta", [0.0, 0.5, -1.0])
def test_moving_block_pvalue_matches_diff_diff(seed, theta):
    y1, y0 = _panel(seed, effect=0.5)
    res = _fit_diff_diff(y1, y0, 6)
    theirs = res.conformal_test(theta, scheme="moving_block")
    p = float(theirs["p_value"])
    assert conformal_pvalue(y1, y0, 6, theta, scheme="moving_block") == pytest.approx(p, abs=1e-12)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [0, 4])
def test_iid_pvalue_matches_diff_diff_within_monte_carlo_error(seed):
    y1, y0 = _panel(seed, effect=1.0)
    res = _fit_diff_diff(y1, y0, 6)
    theirs = float(res.conformal_test(0.0, scheme="iid", n_iid=20000, seed=1)["p_value"])
    ours = conformal_pvalue(y1, y0, 6, 0.0)
    assert abs(ours - theirs) <= 4 * math.sqrt(max(ours * (1 - ours), 1e-4) / 20000)


def test_pvalues_are_enumerated_and_the_interval_inverts_them():
    y1, y0 = _panel(5, effect=2.0)
    p = conformal_pvalue(y1, y0, 6, 0.0)
    assert p * math.comb(11, 5) == pytest.approx(round(p * math.comb(11, 5)))  # a multiple of 1/462
    lo, hi = conformal_interval(y1, y0, 6, alpha=0.1)
    assert lo < hi
    for end in (lo, hi):
        if math.isfinite(end):
            inside = end + (1e-6 if end == lo else -1e-6)
            assert conformal_pvalue(y1, y0, 6, inside) > 0.1
            outside = end - (1e-3 if end == lo else -1e-3)
            assert conformal_pvalue(y1, y0, 6, outside) <= 0.1


def test_too_few_permutations_give_the_whole_line():
    y1, y0 = _panel(0, t=7, t0=6)
    assert conformal_interval(y1, y0, 6, alpha=0.05) == (-math.inf, math.inf)
