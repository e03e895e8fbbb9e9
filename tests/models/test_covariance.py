"""Small-sample factors of :mod:`gxq_analysis.models.covariance`, against their formulas.

Reference: the formulas as written in the module notes (Stata: G/(G-1)·(N-1)/(N-K) with K the
coefficients plus the absorbed effects *not* nested in the clusters; HC1 N/(N-k-a); plm:
N/(N-k_plm)), evaluated by hand here. Tolerance: 1e-15 relative (the same few flops).
"""

from __future__ import annotations

import inspect

import pytest

from gxq_analysis.errors import OptionError
from gxq_analysis.models import bootstrap as bs, covariance as cv, wild_core

# a twfe fit: 200 rows, 10 entities, 20 periods, const + 2 slopes
DIMS = cv.Dimensions.of_model("twfe", 200, 3, 10, 20, has_const=True)


@pytest.mark.parametrize(
    ("model", "absorbed", "within"),
    [
        ("pooled", (0, 0), False),
        ("fe", (9, 0), True),
        ("twfe", (9, 19), True),
        ("re", (0, 0), False),
        ("between", (0, 0), False),
        ("fd", (0, 0), False),
    ],
)
def test_dimensions_of_model(model, absorbed, within):
    # one place that says which effects a model absorbs (fit_panel and the bootstrap both use it)
    d = cv.Dimensions.of_model(model, 200, 3, 10, 20, has_const=True)
    assert (d.absorbed_entity, d.absorbed_time, d.within) == (*absorbed, within)
    assert d.df_resid == 200 - 3 - sum(absorbed)


def test_one_cluster_factor_for_entity_and_time_clusters():
    # entity clusters: the time effects are not nested, K = 3 + 19; time clusters: the entity
    # effects are not nested, K = 3 + 9 (formerly two copies: cluster_factor and
    # time_cluster_factor)
    n = 200
    assert cv.cluster_factor(DIMS, 10, "stata") == pytest.approx(
        10 / 9 * (n - 1) / (n - 22), rel=1e-15
    )
    assert cv.cluster_factor(DIMS, 20, "stata", clusters="time") == pytest.approx(
        20 / 19 * (n - 1) / (n - 12), rel=1e-15
    )
    for clusters in ("entity", "time"):
        assert cv.cluster_factor(DIMS, 10, "plm", clusters=clusters) == n / (n - 2)
        assert cv.cluster_factor(DIMS, 10, "none", clusters=clusters) == 1.0
    with pytest.raises(OptionError, match=r"clusters='firm' is not allowed; choose one of"):
        cv.cluster_factor(DIMS, 10, "stata", clusters="firm")
    assert not hasattr(cv, "time_cluster_factor")


def test_hetero_factor_has_no_twoway_flag():
    # (N/(N-1))·(N-1)/(N-k-a) = N/df_resid: the former in_twoway branch was the same factor
    assert cv.hetero_factor(DIMS, "stata") == 200 / DIMS.df_resid
    assert "in_twoway" not in inspect.signature(cv.hetero_factor).parameters
    with pytest.raises(TypeError):
        cv.hetero_factor(DIMS, "stata", in_twoway=True)  # type: ignore[call-arg]


def test_bootstrap_uses_the_covariance_factor_and_within_helpers():
    # no private copies of the within transformation, level codes, group sums or CRV1 factor
    for name in ("_within", "_level_codes", "_cluster_sums"):
        assert not hasattr(bs, name), name
    src = inspect.getsource(bs) + inspect.getsource(wild_core)
    assert "G / (G - 1)" not in src and "df_k = " not in src
    assert "cv.cluster_factor(dims, G" in inspect.getsource(wild_core.WildCore.__init__)
