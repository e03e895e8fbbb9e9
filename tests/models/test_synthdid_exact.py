"""The exact placebo standard error and the stacked solvers of models.synthdid.

Convention checked here: R synthdid's ``placebo_se`` is ``sqrt((r − 1)/r) · sd(draws)``, the
population standard deviation of its r random draws; with every one of the C(N0, N1) sets
drawn once it is the population standard deviation over the sets, which is what
``placebo_distribution`` returns (and the limit of R's as r grows). The reference below is a
brute-force loop: each set re-arranged by hand and solved by the one-problem transcription
(``_refit``), which ``tests/evaluation/test_synthdid.py`` checks against R's estimates,
and the compiled solver against a line-by-line transcription of R's loop
(``synthdid_reference.py``).
"""

from __future__ import annotations

import math
from itertools import combinations

import numpy as np
import pytest

from gxq_analysis.models import synthdid as engine


def _panel(n0: int = 9, n1: int = 2, t: int = 9, t0: int = 6, seed: int = 4) -> np.ndarray:
    rng = np.random.default_rng(seed)
    fe = rng.normal(0, 1, n0 + n1)
    trend = rng.normal(0.05, 0.02, n0 + n1)
    y = fe[:, None] + trend[:, None] * np.arange(t) + rng.normal(0, 0.05, (n0 + n1, t))
    y[n0:, t0:] += 0.3
    return y


@pytest.mark.parametrize("estimator", ["sdid", "sc", "did"])
def test_exact_placebo_se_equals_a_brute_force_loop(estimator):
    y = _panel()
    n0, t0 = 9, 6
    fit = engine.estimate(y, n0, t0, estimator)
    dist = engine.placebo_distribution(y, n0, t0, fit)
    taus = []
    for c in combinations(range(n0), 2):
        ind = np.array([i for i in range(n0) if i not in c] + list(c))
        taus.append(engine._refit(y[ind], n0 - 2, t0, fit, engine._normalize(fit.omega[ind[:7]])))
    taus = np.array(taus)
    assert dist.exhaustive and len(dist.tau) == math.comb(9, 2) == 36
    np.testing.assert_allclose(np.sort(dist.tau), np.sort(taus), atol=1e-10)
    # population s.d. = R's sqrt((r-1)/r) * sd() over the same r draws
    r = len(taus)
    assert dist.se == pytest.approx(np.sqrt((r - 1) / r) * np.std(taus, ddof=1), rel=1e-10)
    assert dist.se == pytest.approx(np.std(taus, ddof=0), rel=1e-9)
    assert dist.mc_se == 0.0 and dist.seed is None


def test_sets_are_enumerated_up_to_the_threshold_and_drawn_above():
    sets, exhaustive = engine.placebo_sets(13, 2)
    assert exhaustive and len(sets) == 78 and len({tuple(s) for s in sets}) == 78
    assert engine.EXACT_PLACEBO_MAX >= 78
    drawn, exhaustive = engine.placebo_sets(13, 2, max_sets=50, reps=40, seed=3)
    again, _ = engine.placebo_sets(13, 2, max_sets=50, reps=40, seed=3)
    other, _ = engine.placebo_sets(13, 2, max_sets=50, reps=40, seed=4)
    assert not exhaustive and drawn.shape == (40, 2) and (drawn == again).all()
    assert not (drawn == other).all()
    assert (np.diff(drawn, axis=1) > 0).all()  # each row a set: sorted, no repeats
    orders = engine.set_orders(13, drawn[:3])
    for o, s in zip(orders, drawn[:3], strict=True):
        assert sorted(o) == list(range(13)) and list(o[-2:]) == list(s)


def test_sampled_standard_error_reports_its_monte_carlo_error():
    y = _panel(n0=12)
    fit = engine.estimate(y, 12, 6, "sdid")
    sampled = engine.placebo_distribution(y, 12, 6, fit, max_sets=20, reps=400, seed=1)
    exact = engine.placebo_distribution(y, 12, 6, fit)
    assert not sampled.exhaustive and len(sampled.tau) == 400 and sampled.seed == 1
    assert 0 < sampled.mc_se < sampled.se
    # the drawn s.e. estimates the exact one within a few of its Monte Carlo errors
    assert abs(sampled.se - exact.se) <= 4 * sampled.mc_se


@pytest.mark.parametrize("estimator", ["sdid", "sc", "did"])
def test_stacked_panels_equal_one_at_a_time(estimator):
    ys = np.array([_panel(seed=s) for s in range(4)])
    batch = engine.estimate_batch(ys, 9, 6, estimator)
    sets, _ = engine.placebo_sets(9, 2)
    orders = engine.set_orders(9, sets)
    tau_b = engine.placebo_fits_batch(ys, 9, 6, batch, orders)[0]
    for k, y in enumerate(ys):
        single = engine.estimate(y, 9, 6, estimator)
        assert batch[k].tau == pytest.approx(single.tau, abs=1e-10)
        np.testing.assert_allclose(batch[k].omega, single.omega, atol=1e-10)
        np.testing.assert_allclose(tau_b[k], engine.placebo_fits(y, 9, 6, single, orders)[0],
                                   atol=1e-10)  # fmt: skip
    with pytest.raises(ValueError, match="P x N x T"):
        engine.estimate_batch(ys[0], 9, 6, estimator)


@pytest.mark.parametrize("estimator", ["sdid", "sc"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_compiled_solver_equals_the_line_by_line_transcription_of_r(estimator, seed):
    """The compiled, stacked Frank–Wolfe loop gives R's weights: those of the literal
    transcription of ``sc.weight.fw`` (tests/models/synthdid_reference.py), on panels of our
    shape (13 controls, 2 treated, 5 pre-periods) and a wider one (30 controls, 12 pre)."""
    from synthdid_reference import solve

    for n0, t, t0 in ((13, 8, 5), (30, 16, 12)):
        y = _panel(n0=n0, t=t, t0=t0, seed=seed)
        fit = engine.estimate(y, n0, t0, estimator)
        omega, lam = solve(y, n0, t0, estimator=estimator, zeta_omega=fit.zeta_omega,
                           zeta_lambda=fit.zeta_lambda, min_decrease=fit.min_decrease)  # fmt: skip
        np.testing.assert_allclose(fit.omega, omega, atol=1e-9)
        np.testing.assert_allclose(fit.lam, lam, atol=1e-9)
        # a stack of problems with their own starts: each as if solved alone
        rng = np.random.default_rng(seed)
        orders = np.array([rng.permutation(n0) for _ in range(6)])
        _, omegas, lams = engine.placebo_fits(y, n0, t0, fit, orders)
        for k, ind in enumerate(orders):
            w0 = fit.omega[ind[: n0 - 2]]
            w0 = w0 / w0.sum() if w0.sum() > 0 else np.full(n0 - 2, 1 / (n0 - 2))
            o, v = solve(y[ind], n0 - 2, t0, estimator=estimator, zeta_omega=fit.zeta_omega,
                         zeta_lambda=fit.zeta_lambda, min_decrease=fit.min_decrease, omega=w0,
                         lam=fit.lam if estimator == "sdid" else None)  # fmt: skip
            np.testing.assert_allclose(omegas[k], o, atol=1e-9)
            np.testing.assert_allclose(lams[k], v, atol=1e-9)
