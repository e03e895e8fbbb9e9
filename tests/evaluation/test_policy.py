"""The policy evaluation: the headline chosen on several worlds, exact and seed-free inference,
family-wise adjusted p-values, the checks of the synthetic DiD, and thin data."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from gxq_analysis import config
from gxq_analysis.errors import DataError
from gxq_analysis.evaluation.did import did
from gxq_analysis.evaluation.policy import (
    ALPHA,
    TIME_WEIGHT_FLAG,
    evaluate_policy,
    headline_candidates,
    headline_choice,
    holm,
    inference_record,
    invalid_estimators,
    policy_design,
    selection_table,
    size_adjusted_power,
)
from gxq_analysis.evaluation.synthdid import synth_did
from gxq_analysis.ingest.sources import load_panel

# the candidates of the built-in estimators, in the registry's order
HEADLINE_CANDIDATES = headline_candidates()

WORLDS = ("generator", "exchangeable", "factor")
OUTS = ("gdp", "revenue", "hitech_va", "patents")


def _cell(size, power, n=400):
    return {"size": {"rejection": size, "mc_se": 0.01, "n": n},
            "power": {"rejection": power, "mc_se": 0.01, "n": n},
            "power_adjusted": power}  # fmt: skip


def _record(overrides=None, n=400):
    """Every candidate at size 5% and power 30% in every world and output, but for
    ``overrides``: {test: {world: (size, power)}}."""
    tests = {}
    for test in HEADLINE_CANDIDATES:
        tests[test] = {}
        for w in WORLDS:
            size, power = (overrides or {}).get(test, {}).get(w, (0.05, 0.30))
            tests[test][w] = {o: _cell(size, power, n) for o in OUTS}
    rec = {"zones": 15, "treated": 2, "years": [2011, 2020], "start": 2016, "tests": tests}
    return {"design": {"seeds": [0, n - 1]}, "structures": {"final": rec}}


def test_size_adjusted_power_matches_the_randomized_test():
    p0 = np.linspace(0.005, 1, 200)  # continuous-like: 5% of them at or below 0.05
    assert size_adjusted_power(p0, np.full(100, 0.001)) == 1.0
    assert size_adjusted_power(p0, np.full(100, 0.9)) == 0.0
    # discrete: the null puts 8% on p = 0.04 and the rest at 0.5: the randomized test rejects
    # at p = 0.04 with probability 5/8, so an alternative all at 0.04 has power 5/8
    p0 = np.r_[np.full(8, 0.04), np.full(92, 0.5)]
    assert size_adjusted_power(p0, np.full(50, 0.04)) == pytest.approx(5 / 8)
    # an over-rejecting test (null p all small) loses its advantage once adjusted
    p0 = np.r_[np.full(20, 0.01), np.linspace(0.02, 1, 80)]
    assert size_adjusted_power(p0, np.full(10, 0.01)) == pytest.approx(0.25)


def test_headline_holds_its_size_in_every_world_and_is_the_most_powerful():
    band = 2 * math.sqrt(ALPHA * (1 - ALPHA) / 400)
    rec = _record({"sdid_placebo": {w: (0.05, 0.45) for w in WORLDS},
                   "did_ri": {w: (0.047, 0.40) for w in WORLDS}})  # fmt: skip
    c = headline_choice(rec)
    assert (c.test, c.reason) == ("sdid_placebo", "chosen") and "did_ri" in c.valid
    # over-rejecting in one world only: out, however powerful
    rec = _record({"sdid_placebo": {"generator": (0.05, 0.6), "exchangeable": (0.05 + band + 0.002,
                   0.6), "factor": (0.05, 0.6)}})  # fmt: skip
    assert headline_choice(rec).test != "sdid_placebo"
    assert "sdid_placebo" in headline_choice(rec).invalid
    # conservative beyond the band is out too (the band is two-sided)
    rec = _record({"sdid_rank": {w: (0.05 - band - 0.002, 0.9) for w in WORLDS}})
    assert headline_choice(rec).test != "sdid_rank"
    # just inside the band is in
    rec = _record({"sdid_rank": {w: (0.05 + band - 0.001, 0.9) for w in WORLDS}})
    assert headline_choice(rec).test == "sdid_rank"
    # ties in power go to the candidates' order
    assert headline_choice(_record()).test == HEADLINE_CANDIDATES[0]
    sel = selection_table(_record()["structures"]["final"])
    assert list(sel.index) == list(HEADLINE_CANDIDATES) and sel["valid"].all()
    assert sel["band_upper"].iloc[0] == pytest.approx(0.05 + band)
    # nothing holds: the exact-under-exchangeability fallback, and the reason
    none = _record({t: {"factor": (0.2, 0.9)} for t in HEADLINE_CANDIDATES})
    assert headline_choice(none).test == "did_ri" and headline_choice(none).reason == "none_valid"
    assert headline_choice(None).reason == "no_record"
    assert headline_choice(_record(), None).reason == "unstudied"
    assert headline_choice(_record(), "midterm").reason == "unstudied"
    # a test missing from a world cannot be shown to hold there
    partial = _record({"sdid_rank": {w: (0.05, 0.9) for w in WORLDS}})
    del partial["structures"]["final"]["tests"]["sdid_rank"]["factor"]
    assert headline_choice(partial).test != "sdid_rank"


def test_invalid_estimators_are_those_with_no_test_holding():
    rec = _record({t: {"generator": (0.8, 0.9)} for t in ("sc_placebo", "sc_rank")})
    assert invalid_estimators(rec) == ("sc",)
    assert invalid_estimators(None) == ()


def test_holm():
    np.testing.assert_allclose(holm([0.01, 0.04, 0.03, 0.005]), [0.03, 0.06, 0.06, 0.02])
    np.testing.assert_allclose(holm([0.5]), [0.5])


def test_inference_record_errors_name_the_file(tmp_path):
    bad = tmp_path / "p.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(DataError, match=r"p\.json"):
        inference_record(bad)
    bad.write_text(json.dumps({"tests": {}}), encoding="utf-8")
    with pytest.raises(DataError, match="structures"):
        inference_record(bad)
    assert inference_record(tmp_path / "absent.json") is None


def test_the_recorded_study_meets_the_issue():
    """The shipped record (benchmarks/bench_policy.py): at least three worlds and every output;
    a headline chosen by the rule holds its size within 5% ± 2 Monte Carlo s.e. in every world,
    and whatever the reason the headline rejects at most 5% + 2 s.e. on the exchangeable world;
    SC shows no p-value (it over-rejects where the headline does not)."""
    rec = inference_record()
    assert rec is not None, f"{config.POLICY_INFERENCE_JSON} is missing"
    first, last = rec["design"]["seeds"]
    assert last - first + 1 >= 300
    final = rec["structures"]["final"]
    assert (final["zones"], final["treated"], final["years"]) == (15, 2, [2011, 2020])
    choice = headline_choice(rec, "final")
    assert choice.reason in ("chosen", "none_valid")
    cells = final["tests"][choice.test]
    assert set(WORLDS) <= set(cells)
    for w in WORLDS:
        assert set(cells[w]) == set(OUTS)
        for c in cells[w].values():
            half = 2 * math.sqrt(ALPHA * (1 - ALPHA) / c["size"]["n"])
            inside = abs(c["size"]["rejection"] - ALPHA) <= half + 1e-12
            assert inside or choice.reason == "none_valid"
    for c in cells["exchangeable"].values():
        assert c["size"]["rejection"] <= ALPHA + 2 * math.sqrt(ALPHA * (1 - ALPHA) / c["size"]["n"])
    if choice.reason == "none_valid":  # then truly none: every candidate fails somewhere
        assert not selection_table(final)["valid"].any()
    assert "sc" in invalid_estimators(rec, choice.test)


@pytest.fixture(scope="module")
def demo():
    p = load_panel()
    return p[p.index.get_level_values(1) <= 2020]


@pytest.fixture(scope="module")
def demo_policy(demo):
    return evaluate_policy(demo, ["revenue", "patents"], B=199)


def test_headline_p_and_interval_do_not_depend_on_the_seed(demo):
    """Every candidate enumerates its assignments or placebo sets on the 15-zone panel: the
    p-values and intervals are the same whatever the seed."""
    results = [evaluate_policy(demo, ["revenue", "patents"], B=99, seed=s, checks=False)
               for s in (1, 7, 20160101)]  # fmt: skip
    base = results[0]
    for r in results[1:]:
        assert r.headline == base.headline
        pd.testing.assert_frame_equal(r.headline_table(), base.headline_table())
        for o in ("revenue", "patents"):
            for est in ("sdid", "did"):
                a, b = r.synth[o][est], base.synth[o][est]
                assert (a.se, a.pvalue, a.conf_int(), a.rank_conf_int()) == (
                    b.se, b.pvalue, b.conf_int(), b.rank_conf_int())  # fmt: skip
                assert a.placebo_exhaustive and a.n_placebo == 78 and a.se_mc == 0
            ri = r.did[o].randomization
            assert ri.exhaustive and ri.n_assignments == 105
            assert r.did[o].conf_int() == base.did[o].conf_int()
    # the revenue SDID s.e. is the population s.d. over the 78 pairs (the issue's 0.0707)
    s = base.synth["revenue"]["sdid"]
    assert s.se == pytest.approx(np.std(s.placebos["att"], ddof=0), rel=1e-12)


def test_side_by_side_table(demo, demo_policy):
    comp = demo_policy.comparison()
    assert list(comp["estimator"]) == ["did", "sc", "sdid"] * 2
    d = did(demo, "revenue", B=199)
    row = comp[(comp["indicator"] == "revenue") & (comp["estimator"] == "did")].iloc[0]
    # the DiD row is did()'s estimate with its randomization interval (balanced panel: the
    # synthdid DiD equals the two-way fixed-effects DiD)
    assert row["att"] == pytest.approx(d.att, abs=1e-10)
    assert (row["ci_lower"], row["ci_upper"]) == pytest.approx(d.conf_int())
    assert row["pvalue"] == d.pvalue
    ok = comp[~comp["estimator"].isin(demo_policy.invalid)]
    assert ok["placebo_p"].between(1 / 79, 1).all()  # C(13, 2) = 78 placebo pairs
    assert (comp["pre_rmspe"] >= 0).all()
    # an estimator whose size failed on the simulated worlds carries no p-value or interval
    for est in demo_policy.invalid:
        rows = comp[comp["estimator"] == est]
        assert rows[["pvalue", "ci_lower", "ci_upper", "placebo_p"]].isna().all().all()
        assert rows["att"].notna().all()


def test_family_wise_adjusted_p_beside_the_per_outcome_p(demo_policy):
    h = demo_policy.headline_table()
    assert list(h["indicator"]) == ["revenue", "patents"]
    assert (h["pvalue_adj"] >= h["pvalue"] - 1e-12).all() and (h["pvalue_adj"] <= 1).all()
    f = demo_policy.fwer
    assert set(f["method"]) <= {"westfall_young", "holm"}
    if demo_policy.headline.startswith("did_ri") or demo_policy.headline.endswith("_rank"):
        assert set(f["method"]) == {"westfall_young"}  # the same assignments for both outcomes
    assert (h["pvalue_adj"] <= np.minimum(2 * h["pvalue"], 1) + 1e-12).all()  # <= Bonferroni


def test_synthetic_did_checks(demo, demo_policy):
    c = demo_policy.checks["revenue"]
    assert list(c.in_time["placebo_start"]) == [2013, 2014]
    # the in-time placebo is synth_did on the years before 2016 with a fake start
    pre = demo[demo.index.get_level_values(1) < 2016][["revenue"]]
    direct = synth_did(pre, "revenue", treated=("dalian", "shenyang"), start=2014)
    assert c.in_time.set_index("placebo_start").loc[2014, "att"] == pytest.approx(direct.att)
    assert c.concentrated == (c.time_weights.max() >= TIME_WEIGHT_FLAG)
    assert set(c.by_zone["zone"]) == {"shenyang", "dalian"}
    alone = synth_did(demo[["revenue"]].drop("dalian", level=0), "revenue",
                      treated=("shenyang",), start=2016)  # fmt: skip
    assert c.by_zone.set_index("zone").loc["shenyang", "att"] == pytest.approx(alone.att)
    w = demo_policy.synth["revenue"]["sdid"].unit_weights
    assert set(c.drop_one["zone"]) == set(w[w > 0].index)
    donor = c.drop_one.iloc[0]["zone"]
    without = synth_did(demo[["revenue"]].drop(donor, level=0), "revenue",
                        treated=("dalian", "shenyang"), start=2016, in_space=False)  # fmt: skip
    assert c.drop_one.iloc[0]["att"] == pytest.approx(without.att, abs=1e-8)


def test_truth_covered_by_the_headline(demo, demo_policy):
    truth = load_panel().attrs["true_parameters"]["did_effect"]
    h = demo_policy.headline_table().set_index("indicator")
    for o in ("revenue", "patents"):
        assert h.loc[o, "ci_lower"] <= truth[o] <= h.loc[o, "ci_upper"]


NATIONAL = ("shenyang", "dalian", "anshan", "benxi", "jinzhou", "yingkou", "fuxin", "liaoyang")


@pytest.mark.parametrize(
    "case",
    ["national8", "y2015", "no_patents", "no_dalian", "no_treated", "two_controls"],
)
def test_thin_panels_give_what_they_can_and_say_why(demo, case):
    """Any panel that validates gives a chapter: what can be estimated is, the rest is named."""
    z = demo.index.get_level_values(0)
    panel = {
        "national8": demo[z.isin(NATIONAL)],
        "y2015": demo[demo.index.get_level_values(1) >= 2015],
        "no_patents": demo.drop(columns=["patents"]),
        "no_dalian": demo.drop("dalian", level=0),
        "no_treated": demo.drop(["shenyang", "dalian"], level=0),
        "two_controls": demo[z.isin(["shenyang", "dalian", "anshan", "benxi"])],
    }[case]
    d = policy_design(panel, OUTS)
    codes = [c for c, _ in d.gaps]
    if case == "no_treated":
        assert codes == ["no_treated"] and not d.did_outcomes
    elif case == "two_controls":
        assert set(codes) == {"few_controls"} and not d.did_outcomes
    elif case == "y2015":
        assert "one_pre_year" in codes and d.did_outcomes == OUTS and not d.synth_outcomes
        assert (d.n_pre, d.n_post) == (1, 5)
    elif case == "no_patents":
        assert codes == ["outcome_absent"] and "patents" not in d.did_outcomes
    elif case == "no_dalian":
        assert "treated_partly" in codes and d.treated == ("shenyang",)
        assert "few_assignments" in codes  # 14 assignments: 1/14 > 5%
    else:
        assert codes == [] and (d.n_zones, d.n_assignments, d.n_placebo_sets) == (8, 28, 15)
    if not d.did_outcomes:
        ev = evaluate_policy(panel, ["revenue"], B=99)
        assert not ev.did and ev.headline_table().empty
        return
    ev = evaluate_policy(panel, ["revenue", "patents"] if case != "no_patents" else ["revenue"],
                         B=99, checks=case != "y2015")  # fmt: skip
    # the study was run for 15 zones, 2 treated, 2011-2020 only
    studied = headline_choice(inference_record()).reason  # the full structure: the record's
    assert ev.choice.reason == (studied if case == "no_patents" else "unstudied")
    h = ev.headline_table()
    assert len(h) and h["pvalue"].between(0, 1).all()
    if case == "y2015":
        assert ev.headline == "did_ri" and not ev.synth
        r = ev.did["revenue"]
        # no lead, so no pre-trend test and no placebo start; the lags are still estimated
        assert np.isnan(r.pretrend["pvalue"]) and r.placebo.empty
        assert (r.event_study["rel_time"] >= -1).all()
        # the 2x2 DiD: (post mean - 2015) of the treated minus that of the controls
        w = np.log(panel["revenue"].unstack())
        gap = w.loc[:, 2016:].mean(axis=1) - w[2015]
        manual = gap[["shenyang", "dalian"]].mean() - gap.drop(["shenyang", "dalian"]).mean()
        assert r.att == pytest.approx(manual, abs=1e-10)
    if case == "no_dalian":
        assert ev.synth["revenue"]["sdid"].treated == ("shenyang",)
        assert ev.synth["revenue"]["sdid"].n_placebo == 13
