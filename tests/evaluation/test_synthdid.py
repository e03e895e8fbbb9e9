"""Synthetic DiD, SC and DiD against R synthdid on the Proposition 99 data.

Reference: R synthdid prints the point estimates −15.60383 (SDID), −19.61966 (SC) and
−27.34911 (DiD) on ``california_prop99``; Arkhangelsky et al. (2021, AER, Table 1) report placebo
standard errors 8.4, 9.9 and 17.7 (200 replications, R's random stream). Point estimates are
compared to 1e-3 (they agree to 1e-6). Placebo standard errors: R draws 200 random placebos
(its own random stream); ours uses all 38 (one treated unit, 38 controls: C(38, 1) sets), the
population standard deviation that R's 200-draw figure estimates. So the published figure is
one 200-draw realization around ours: each placebo draw is the estimate with one control
playing California, and a 200-draw standard error varies around the standard deviation over
the 38 controls (Monte Carlo sd about 0.64 for SDID). Ours and the published must differ by at
most 3 sd of such a realization (3·sqrt(2) sd is allowed, as when both were draws); SC and DiD
are also within 10%. SDID is not: all 38 placebos give 9.37 against the published 8.4 (the 8th
percentile of 200-draw estimates) — the issue's 10% target for SDID is not met by the exact
figure, and we do not pick a random stream that meets it.
"""

from __future__ import annotations

import hashlib
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gxq_analysis import synth_did
from gxq_analysis.errors import OptionError
from gxq_analysis.models import synthdid as engine

FIXTURE = Path(__file__).parent / "fixtures" / "prop99"
R_ESTIMATES = {"sdid": -15.60383, "sc": -19.61966, "did": -27.34911}
AER_PLACEBO_SE = {"sdid": 8.4, "sc": 9.9, "did": 17.7}


@pytest.fixture(scope="module")
def prop99() -> pd.DataFrame:
    raw = (FIXTURE / "prop99.csv").read_bytes()
    sha = hashlib.sha256(raw).hexdigest()
    assert sha in (FIXTURE / "PROVENANCE.md").read_text()  # the file its note describes
    df = pd.read_csv(FIXTURE / "prop99.csv")
    return df.set_index(["state", "year"]).sort_index()


@pytest.mark.parametrize("estimator", ["sdid", "sc", "did"])
def test_point_estimates_equal_r_synthdid(prop99, estimator):
    res = synth_did(prop99, "packspercapita", treated=["California"], start=1989,
                    estimator=estimator, log=False, reps=2)  # fmt: skip
    assert res.att == pytest.approx(R_ESTIMATES[estimator], abs=1e-3)
    w, lam = res.unit_weights, res.time_weights
    assert (w >= 0).all() and w.sum() == pytest.approx(1)
    assert ((lam >= 0).all() and lam.sum() == pytest.approx(1)) or estimator == "sc"
    assert "California" not in w.index and len(w) == 38 and len(lam) == 19
    # the estimate is the weighted double difference of the trajectory
    tr = res.trajectory
    post = tr.index >= 1989
    if estimator != "sc":
        dd = (tr["treated"] - tr["synthetic"])[post].mean()
        assert dd == pytest.approx(res.att, abs=1e-8)


@pytest.mark.slow
@pytest.mark.parametrize("estimator", ["sdid", "sc", "did"])
def test_placebo_se_agrees_with_the_published_within_monte_carlo_error(prop99, estimator):
    res = synth_did(prop99, "packspercapita", treated=["California"], start=1989,
                    estimator=estimator, log=False, reps=200, seed=1)  # fmt: skip
    # the Monte Carlo sd of a 200-draw standard error, from many placebo draws
    wide = prop99["packspercapita"].unstack()
    y = wide.loc[[*res.unit_weights.index, "California"]].to_numpy()
    fit = engine.estimate(y, 38, 19, estimator)
    draws = engine.placebo_draws(y, 38, 19, fit, reps=4000, seed=7)
    rng = np.random.default_rng(11)
    ses = [np.std(rng.choice(draws, 200), ddof=1) * np.sqrt(199 / 200) for _ in range(2000)]
    mc_sd = float(np.std(ses))
    # ours and the published are two independent 200-draw realizations: their difference has
    # sd sqrt(2) * mc_sd
    assert abs(res.se - AER_PLACEBO_SE[estimator]) <= 3 * np.sqrt(2) * mc_sd
    if estimator != "sdid":
        assert res.se == pytest.approx(AER_PLACEBO_SE[estimator], rel=0.10)
    lo, hi = res.conf_int()
    assert lo < res.att < hi and 0 < res.pvalue < 1


def test_jackknife_and_bootstrap_need_two_treated_units(prop99):
    for se in ("jackknife", "bootstrap"):
        with pytest.raises(OptionError, match=r"one treated unit.*placebo"):
            synth_did(prop99, "packspercapita", treated=["California"], start=1989, se=se)


def test_options_are_checked_with_allowed_values(prop99):
    kw = {"treated": ["California"], "start": 1989, "log": False}
    with pytest.raises(OptionError, match=r"estimator='synth'.*'sdid'"):
        synth_did(prop99, "packspercapita", estimator="synth", **kw)
    with pytest.raises(OptionError, match=r"se='hc1'.*'placebo'"):
        synth_did(prop99, "packspercapita", se="hc1", **kw)
    with pytest.raises(OptionError, match=r"outcome='packs'.*packspercapita"):
        synth_did(prop99, "packs", **kw)
    with pytest.raises(OptionError, match=r"Atlantis"):
        synth_did(prop99, "packspercapita", treated=["Atlantis"], start=1989)
    with pytest.raises(OptionError, match=r"start=1888"):
        synth_did(prop99, "packspercapita", treated=["California"], start=1888)


def _two_treated_panel(seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    units, years = [f"u{i:02d}" for i in range(12)], range(2008, 2021)
    fe = rng.normal(0, 1, len(units))
    rows = []
    for i, u in enumerate(units):
        for t in years:
            effect = 0.5 if (u in ("u10", "u11") and t >= 2016) else 0.0
            rows.append((u, t, 5 + fe[i] + 0.05 * (t - 2008) + effect + rng.normal(0, 0.05)))
    return pd.DataFrame(rows, columns=["zone", "year", "y"]).set_index(["zone", "year"])


def test_two_treated_units_with_every_inference():
    panel = _two_treated_panel()
    for se in ("placebo", "jackknife", "bootstrap"):
        res = synth_did(panel, "y", treated=["u10", "u11"], start=2016, log=False, se=se,
                        reps=50)  # fmt: skip
        assert res.att == pytest.approx(0.5, abs=0.1)
        assert 0 < res.se < 0.3
        assert res.conf_int()[0] < 0.5 < res.conf_int()[1] or se == "jackknife"


def test_did_estimator_is_the_two_way_difference():
    panel = _two_treated_panel()
    res = synth_did(panel, "y", treated=["u10", "u11"], start=2016, estimator="did",
                    log=False, reps=10)  # fmt: skip
    w = panel["y"].unstack()
    tr, co = w.loc[["u10", "u11"]], w.drop(["u10", "u11"])
    pre, post = w.columns < 2016, w.columns >= 2016
    by_hand = (tr.loc[:, post].mean(axis=1).mean() - tr.loc[:, pre].mean(axis=1).mean()) - (
        co.loc[:, post].mean(axis=1).mean() - co.loc[:, pre].mean(axis=1).mean()
    )
    assert res.att == pytest.approx(by_hand, abs=1e-10)


def test_placebo_draws_depend_only_on_the_pseudo_treated_set():
    """The memo in placebo_se is exact: re-ordering the controls gives the same estimate."""
    panel = _two_treated_panel()
    y = panel["y"].unstack().to_numpy()
    fit = engine.estimate(y, 10, 8, "sdid")
    base = None
    for perm in (np.arange(10), np.array([3, 1, 4, 0, 5, 9, 2, 6, 7, 8])):
        yy = y[:10][perm]
        order = [i for i in range(10) if i not in (3, 7)] + [3, 7]
        idx = [int(np.where(perm == k)[0][0]) for k in order]
        tau = engine.estimate(yy[idx], 8, 8, "sdid").tau
        base = tau if base is None else base
        assert tau == pytest.approx(base, abs=1e-9)
    assert len(list(combinations(range(10), 2))) == 45
    assert fit.tau != 0


@pytest.mark.parametrize("estimator", ["sdid", "sc", "did"])
def test_stacked_placebo_fits_equal_the_single_solver(estimator):
    """placebo_fits solves all placebo problems at once; each must equal the one-at-a-time
    transcription of synthdid (``_refit``), which the R comparison above verifies."""
    panel = _two_treated_panel()
    w = panel["y"].unstack()
    w = w.loc[[u for u in w.index if u not in ("u10", "u11")] + ["u10", "u11"]]
    y = w.to_numpy()
    fit = engine.estimate(y, 10, 8, estimator)
    rng = np.random.default_rng(5)
    orders = np.array([rng.permutation(10) for _ in range(12)])
    tau, omega, _ = engine.placebo_fits(y, 10, 8, fit, orders)
    for k, ind in enumerate(orders):
        single = engine._refit(y[ind], 8, 8, fit, engine._normalize(fit.omega[ind[:8]]))
        assert tau[k] == pytest.approx(single, abs=1e-10)
        assert omega[k].sum() == pytest.approx(1) and (omega[k] >= 0).all()


def test_in_space_placebo_treats_every_set_of_controls():
    panel = _two_treated_panel()
    res = synth_did(panel, "y", treated=["u10", "u11"], start=2016, log=False, reps=20)
    assert len(res.placebos) == 45  # C(10, 2) pairs of controls, treated units left out
    assert not res.placebos["units"].str.contains("u10|u11").any()
    assert list(res.placebo_gaps.columns) == list(res.placebos["units"])
    # the gaps' RMSPE are the table's, and the actual effect (0.5) stands out
    pre = np.sqrt((res.placebo_gaps.loc[:2015] ** 2).mean())
    np.testing.assert_allclose(pre.to_numpy(), res.placebos["pre_rmspe"], rtol=1e-12)
    assert res.placebo_pvalue == pytest.approx(1 / 46)
    assert res.rmspe_pvalue == pytest.approx(1 / 46)
    assert res.rmspe_ratio > res.placebos["ratio"].max()
    # each placebo estimate is close to synth_did on the controls alone with that pair treated
    # (which re-derives the regularisation from them; the placebo keeps the original one)
    u = res.placebos["units"].iloc[7].split(" + ")
    controls = panel.drop(["u10", "u11"], level=0)
    direct = synth_did(controls, "y", treated=u, start=2016, log=False, reps=20, in_space=False)
    assert res.placebos["att"].iloc[7] == pytest.approx(direct.att, abs=0.02)


def test_in_space_placebo_is_sampled_when_sets_are_many():
    """Above ``max_sets`` the placebo sets are drawn (``reps`` of them, with ``seed``, as R's
    ``sample`` draws them): the result says so and carries the Monte Carlo error of its s.e.;
    at or below it every set is used once and the seed changes nothing."""
    panel = _two_treated_panel()
    kw = dict(treated=["u10", "u11"], start=2016, log=False, reps=20, max_sets=10)
    res = synth_did(panel, "y", seed=3, **kw)
    again = synth_did(panel, "y", seed=3, **kw)
    other = synth_did(panel, "y", seed=4, **kw)
    assert len(res.placebos) == 20 and res.n_placebo == 20 and not res.placebo_exhaustive
    assert res.placebos.equals(again.placebos) and res.se == again.se
    assert res.se != other.se and res.se_mc > 0
    assert res.se == pytest.approx(np.std(res.placebos["att"], ddof=0), rel=1e-12)
    exact = [synth_did(panel, "y", treated=["u10", "u11"], start=2016, log=False, seed=s)
             for s in (3, 4)]  # fmt: skip
    assert exact[0].placebo_exhaustive and exact[0].n_placebo == 45 and exact[0].se_mc == 0
    assert exact[0].se == exact[1].se and exact[0].pvalue == exact[1].pvalue
    with pytest.raises(OptionError, match="max_sets"):
        synth_did(panel, "y", treated=["u10", "u11"], start=2016, max_sets=0)
    off = synth_did(panel, "y", treated=["u10", "u11"], start=2016, log=False, reps=20,
                    in_space=False)  # fmt: skip
    assert off.placebos.empty and np.isnan(off.placebo_pvalue)
    assert off.se == exact[0].se  # the s.e. does not need the in-space table


def test_rank_interval_is_the_inverted_in_space_test():
    panel = _two_treated_panel()
    res = synth_did(panel, "y", treated=["u10", "u11"], start=2016, log=False, level=0.9)
    lo, hi = res.rank_conf_int()
    a = np.sort(res.placebos["att"].abs().to_numpy())[::-1]
    k = int(np.floor(0.1 * 46))  # 4: the 4th largest |placebo|
    assert (lo, hi) == pytest.approx((res.att - a[k - 1], res.att + a[k - 1]))
    assert res.min_rank_pvalue == pytest.approx(1 / 46)


@pytest.mark.parametrize("estimator", ["sdid", "sc"])
def test_placebo_se_reuses_the_in_space_fits_without_changing_it(estimator):
    """With the in-space placebo on, the placebo draws take its fits of the same sets; the
    problems differ only in the order of the rows, so the standard error is the same."""
    panel = _two_treated_panel()
    kw = dict(treated=["u10", "u11"], start=2016, log=False, reps=60, estimator=estimator)
    alone = synth_did(panel, "y", in_space=False, **kw)
    shared = synth_did(panel, "y", in_space=True, **kw)
    assert shared.se == pytest.approx(alone.se, rel=1e-9)
    assert shared.att == alone.att
