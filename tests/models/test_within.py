"""Within transformations (gxq_analysis.models.within) against independent references.

References: group means from pandas ``groupby().transform("mean")`` for the one-way transformation;
for the two-way transformation the residuals of a least-squares regression on explicit entity and
period dummy matrices (LSDV, ``numpy.linalg.lstsq``), which involves none of the module's
algebra. Tolerance: 1e-10 absolute on data of unit scale (the exact methods agree to ~1e-14; the
conjugate-gradient method stops at a relative residual of 1e-13).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gxq_analysis.models import within

TOL = 1e-10


def _panel(n_a: int, n_b: int, share: float, seed: int, m: int = 3):
    """Codes of an (un)balanced n_a x n_b panel keeping ``share`` of the cells, and values."""
    rng = np.random.default_rng(seed)
    a = np.repeat(np.arange(n_a), n_b)
    b = np.tile(np.arange(n_b), n_a)
    keep = rng.random(a.size) < share
    keep[::n_b] = True  # every a level keeps a row
    keep[:n_b] = True  # every b level keeps a row
    a, b = a[keep], b[keep]
    values = rng.normal(size=(a.size, m)) + 3.0 * a[:, None] % 5 - 1.5 * b[:, None] % 3
    return a, b, values


def _lsdv(values: np.ndarray, a: np.ndarray, n_a: int, b: np.ndarray, n_b: int) -> np.ndarray:
    dummies = np.column_stack([np.eye(n_a)[a], np.eye(n_b)[b]])
    return values - dummies @ np.linalg.lstsq(dummies, values, rcond=None)[0]


def test_level_codes_are_dense_sorted_and_skip_unused_levels():
    idx = pd.MultiIndex.from_product([["c", "a", "b"], [2001, 2000]]).sort_values()
    sub = idx[idx.get_level_values(0) != "b"]  # level "b" stays in idx.levels, unused
    codes, n = within.level_codes(sub, 0)
    assert n == 2
    labels = sub.get_level_values(0)
    np.testing.assert_array_equal(codes, (labels == "c").astype(int))  # "a" -> 0, "c" -> 1
    t_codes, n_t = within.level_codes(sub, 1)
    assert n_t == 2
    np.testing.assert_array_equal(t_codes, (sub.get_level_values(1) == 2001).astype(int))


def test_level_codes_with_unsorted_levels_follow_label_order():
    idx = pd.MultiIndex(levels=[["z", "a"], [1, 2]], codes=[[0, 0, 1], [0, 1, 0]])
    codes, n = within.level_codes(idx, 0)
    assert n == 2
    np.testing.assert_array_equal(codes, [1, 1, 0])


@pytest.mark.parametrize("ndim", [1, 2])
def test_demean_equals_groupby_means(ndim):
    a, _, values = _panel(20, 7, 0.7, seed=1)
    v = values if ndim == 2 else values[:, 0]
    ref = pd.DataFrame(values).sub(pd.DataFrame(values).groupby(a).transform("mean")).to_numpy()
    ref = ref if ndim == 2 else ref[:, 0]
    out = within.demean(v, a, 20)
    np.testing.assert_allclose(out, ref, atol=TOL, rtol=0)
    assert out is not v and not np.shares_memory(out, v)  # the input is left untouched
    work = np.asfortranarray(v.copy())
    assert within.demean(work, a, 20, inplace=True) is work
    np.testing.assert_allclose(work, ref, atol=TOL, rtol=0)


def test_inplace_needs_float64_contiguous_columns():
    a, _, values = _panel(5, 4, 1.0, seed=2)
    with pytest.raises(ValueError, match="contiguous columns"):
        within.demean(np.ascontiguousarray(values), a, 5, inplace=True)
    with pytest.raises(ValueError, match="float64"):
        within.demean(np.asfortranarray(values.astype(np.float32)), a, 5, inplace=True)


@pytest.mark.parametrize("method", ["auto", "direct", "cg"])
@pytest.mark.parametrize(
    ("n_a", "n_b", "share"),
    [(15, 10, 1.0), (40, 8, 0.7), (6, 30, 0.6), (25, 25, 0.35)],
    ids=["balanced", "unbalanced", "more-periods", "sparse"],
)
def test_twoway_demean_equals_dummy_regression(method, n_a, n_b, share):
    a, b, values = _panel(n_a, n_b, share, seed=n_a * n_b)
    ref = _lsdv(values, a, n_a, b, n_b)
    out = within.twoway_demean(values, a, n_a, b, n_b, method=method)
    np.testing.assert_allclose(out, ref, atol=TOL, rtol=0)
    # and column by column (1-d input), in place
    col = values[:, 1].copy()
    within.twoway_demean(col, a, n_a, b, n_b, method=method, inplace=True)
    np.testing.assert_allclose(col, ref[:, 1], atol=TOL, rtol=0)


@pytest.mark.parametrize("method", ["direct", "cg"])
def test_twoway_demean_on_a_disconnected_panel(method):
    # entities 0-4 observed in periods 0-3 only, entities 5-9 in periods 4-7 only: two connected
    # components, so two period dummies are redundant (one reference level per component)
    a = np.repeat(np.arange(10), 4)
    b = np.concatenate([np.tile(np.arange(4), 5), np.tile(np.arange(4, 8), 5)])
    rng = np.random.default_rng(3)
    values = rng.normal(size=(a.size, 2))
    ref = _lsdv(values, a, 10, b, 8)
    out = within.twoway_demean(values, a, 10, b, 8, method=method)
    np.testing.assert_allclose(out, ref, atol=TOL, rtol=0)


def test_twoway_demean_sparse_cell_table(monkeypatch):
    monkeypatch.setattr(within, "DENSE_CELLS", 0)  # force the scipy.sparse normal matrix
    a, b, values = _panel(30, 12, 0.6, seed=4)
    out = within.twoway_demean(values, a, 30, b, 12, method="direct")
    np.testing.assert_allclose(out, _lsdv(values, a, 30, b, 12), atol=TOL, rtol=0)


def test_auto_uses_conjugate_gradients_when_both_dimensions_are_large(monkeypatch):
    calls = []
    original = within._cg_gamma

    def spy(*args, **kwargs):
        calls.append(True)
        return original(*args, **kwargs)

    monkeypatch.setattr(within, "_cg_gamma", spy)
    a, b, values = _panel(20, 12, 0.8, seed=5)
    within.twoway_demean(values, a, 20, b, 12)
    assert not calls  # 12 levels: direct
    monkeypatch.setattr(within, "DIRECT_MAX_LEVELS", 10)
    out = within.twoway_demean(values, a, 20, b, 12)
    assert calls
    np.testing.assert_allclose(out, _lsdv(values, a, 20, b, 12), atol=TOL, rtol=0)


def test_conjugate_gradients_raise_rather_than_return_unconverged(monkeypatch):
    monkeypatch.setattr(within, "CG_RTOL", -1.0)  # a tolerance no iterate can meet
    a, b, values = _panel(8, 6, 0.8, seed=6)
    with pytest.raises(within.WithinConvergenceError, match="did not reach"):
        within.twoway_demean(values, a, 8, b, 6, method="cg")


def test_twoway_single_level_is_one_way_and_bad_method():
    a, b, values = _panel(9, 1, 1.0, seed=7)
    np.testing.assert_allclose(
        within.twoway_demean(values, a, 9, b, 1), within.demean(values, a, 9), atol=TOL
    )
    with pytest.raises(ValueError, match="method='lsmr' is not allowed"):
        within.twoway_demean(values, a, 9, b, 1, method="lsmr")


def test_group_sums_matches_numpy_add_at():
    a, _, values = _panel(11, 5, 0.8, seed=8)
    ref = np.zeros((11, values.shape[1]))
    np.add.at(ref, a, values)
    np.testing.assert_allclose(within.group_sums(values, a, 11), ref, atol=TOL)
    np.testing.assert_allclose(within.group_sums(values[:, 0], a, 11), ref[:, 0], atol=TOL)
