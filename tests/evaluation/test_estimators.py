"""The estimator registry and the results protocol: the built-in estimators in their order, a
new estimator as one registration (and one module), and every result read the same way."""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from gxq_analysis.catalogue import STRINGS
from gxq_analysis.errors import OptionError
from gxq_analysis.evaluation import estimators
from gxq_analysis.evaluation.did import DiDResult, did
from gxq_analysis.evaluation.estimators import (
    FitContext,
    PolicyEstimator,
    PolicyTest,
    comparison_estimators,
    find_test,
    get_estimator,
    headline_candidates,
    register_estimator,
    registered_estimators,
    unregister_estimator,
)
from gxq_analysis.evaluation.policy import evaluate_policy
from gxq_analysis.evaluation.province_policy import province_policy
from gxq_analysis.evaluation.synthdid import SynthDiDResult, synth_did
from gxq_analysis.ingest.sources import load_panel
from gxq_analysis.models.panel import fit_panel
from gxq_analysis.models.results import RESULT_COLUMNS, EstimationResults, result_frame
from gxq_analysis.report.display import show_table
from gxq_analysis.report.views import policy as pv

# ------------------------------------------------------------------------------------------
# the built-in estimators


def test_built_in_estimators_candidates_and_table_order():
    assert [e.name for e in registered_estimators()][:4] == ["twfe", "sdid", "did", "sc"]
    # the candidates' order breaks ties in power and orders the chapter's sentences
    assert headline_candidates()[:8] == (
        "did_ri", "did_ri_clustered", "sdid_placebo", "sdid_rank",
        "did_placebo", "did_rank", "sc_placebo", "sc_rank",
    )  # fmt: skip
    assert [e.name for e in comparison_estimators()][:3] == ["did", "sc", "sdid"]
    assert find_test("did_wcr")[0].name == "twfe" and not find_test("did_wcr")[1].headline
    assert get_estimator("did").interval_from == "twfe"


def test_every_registered_estimator_has_its_words():
    for e in registered_estimators():
        assert e.keys, e.name
        missing = [k for k in e.keys if k not in STRINGS]
        assert missing == [], (e.name, missing)


def _toy_like(**kw) -> PolicyEstimator:
    fields = dict(name="twfe", fit=lambda p, o, c: None, tests=(PolicyTest("x_normal"),))
    fields.update(kw)
    return PolicyEstimator(**fields)


def test_registering_checks_name_codes_sample_source_and_words():
    with pytest.raises(OptionError, match="'twfe' is registered already"):
        register_estimator(_toy_like())
    with pytest.raises(OptionError, match=r"test code\(s\) used twice: did_ri"):
        register_estimator(_toy_like(name="x", tests=(PolicyTest("did_ri"),)))
    with pytest.raises(OptionError, match=r"sample='wide' is not allowed.*did, balanced"):
        register_estimator(_toy_like(name="x", sample="wide"))
    with pytest.raises(OptionError, match="interval_from='nope' is not registered"):
        register_estimator(_toy_like(name="x", interval_from="nope"))
    with pytest.raises(OptionError, match="no test read off its fit"):
        register_estimator(_toy_like(name="x", tests=(PolicyTest("x_c", None, headline=False),)))
    with pytest.raises(OptionError, match=r"needs catalogue entries.*estimator\.x.*test\.x_normal"):
        register_estimator(_toy_like(name="x"))
    with pytest.raises(OptionError, match="not registered; choose one of: twfe"):
        get_estimator("x")
    with pytest.raises(OptionError, match="no estimator 'x' is registered"):
        unregister_estimator("x")
    assert "x" not in {e.name for e in registered_estimators()}


# ------------------------------------------------------------------------------------------
# the results protocol


def _check_protocol(result, terms):
    assert isinstance(result, EstimationResults)
    assert list(result.params.index) == list(terms)
    for s in (result.std_errors, result.pvalues):
        assert list(s.index) == list(terms)
    assert list(result.intervals.columns) == ["lower", "upper"]
    frame = result.to_frame()
    pct = f"{100 * result.level:g}"
    for col in RESULT_COLUMNS:
        assert col.format(pct=pct) in frame.columns
    pd.testing.assert_series_equal(frame["coef"], result.params, check_names=False)
    np.testing.assert_allclose(frame[f"ci_lower_{pct}"], result.intervals["lower"])
    text = result.summary()
    assert isinstance(text, str) and frame.index[0] in text


@pytest.fixture(scope="module")
def demo():
    p = load_panel()
    return p[p.index.get_level_values(1) <= 2020]


def test_every_result_type_offers_the_protocol(demo):
    fit = fit_panel(demo, "revenue", ["rd_expenditure"], model="fe", log=("revenue",))
    _check_protocol(fit, ["const", "rd_expenditure"])
    d = did(demo, "revenue", B=99)
    _check_protocol(d, ["att"])
    assert d.pvalues["att"] == d.pvalue and tuple(d.intervals.loc["att"]) == d.conf_int()
    assert d.std_errors["att"] == d.se_cluster
    s = synth_did(demo, "revenue", treated=("shenyang", "dalian"), start=2016)
    _check_protocol(s, ["att"])
    # the normal interval and p-value of the placebo standard error
    z = stats.norm.ppf(0.975)
    lo, hi = s.intervals.loc["att"]
    assert (lo, hi) == pytest.approx((s.att - z * s.se, s.att + z * s.se))
    assert s.pvalues["att"] == pytest.approx(2 * stats.norm.sf(abs(s.att / s.se)))
    r = province_policy("patents_invention")
    _check_protocol(r, ["att"])  # ProvincePolicyResult subclasses SynthDiDResult
    assert isinstance(d, DiDResult) and isinstance(s, SynthDiDResult)


def test_the_protocol_check_can_fail():
    assert not isinstance(object(), EstimationResults)
    assert not isinstance(pd.Series([1.0]), EstimationResults)


# ------------------------------------------------------------------------------------------
# a new estimator: one registration and its catalogue entries


@dataclass(frozen=True)
class MeanShift:
    """The treated zones' mean log outcome after the start minus before (no controls): a toy
    estimator that only speaks the results protocol."""

    att: float
    se: float
    level: float = 0.95

    @property
    def params(self):
        return pd.Series({"att": self.att})

    @property
    def std_errors(self):
        return pd.Series({"att": self.se})

    @property
    def pvalues(self):
        return pd.Series({"att": 2 * stats.norm.sf(abs(self.att / self.se))})

    @property
    def intervals(self):
        z = stats.norm.ppf(0.5 + self.level / 2)
        return pd.DataFrame({"lower": [self.att - z * self.se], "upper": [self.att + z * self.se]},
                            index=["att"])  # fmt: skip

    def to_frame(self):
        return result_frame(self)

    def summary(self):
        return f"mean shift\n{self.to_frame()}"


def fit_mean_shift(panel, outcome, context: FitContext) -> MeanShift:
    d = panel[[outcome]].dropna()
    y = np.log(d[outcome].to_numpy())
    zone = d.index.get_level_values(0)
    year = d.index.get_level_values(1)
    treated = np.isin(zone, context.treated)
    post, pre = y[treated & (year >= context.start)], y[treated & (year < context.start)]
    se = math.sqrt(post.var(ddof=1) / len(post) + pre.var(ddof=1) / len(pre))
    return MeanShift(float(post.mean() - pre.mean()), se, context.level)


MEAN_SHIFT_WORDS = {
    "estimator.mean_shift": ("处理园区前后均值变化", "Mean shift of the treated"),
    "test.mean_shift_normal": ("前后均值变化（正态近似）", "mean shift (normal approximation)"),
}


@pytest.fixture
def mean_shift(monkeypatch):
    for key, texts in MEAN_SHIFT_WORDS.items():
        monkeypatch.setitem(STRINGS, key, texts)
    est = register_estimator(
        PolicyEstimator(
            "mean_shift",
            fit_mean_shift,
            (PolicyTest("mean_shift_normal"),),  # read through the protocol
            can_headline=False,
        )
    )
    yield est
    unregister_estimator("mean_shift")


def test_a_registered_estimator_is_in_the_comparison_table(demo, mean_shift):
    kw = dict(B=99, checks=False)
    with_toy = evaluate_policy(demo, ["revenue", "patents"], **kw)
    table = with_toy.comparison()
    assert list(table["estimator"]) == ["did", "sc", "sdid", "mean_shift"] * 2
    rows = table[table["estimator"] == "mean_shift"].set_index("indicator")
    for outcome in ("revenue", "patents"):
        # recomputed from the panel: mean log outcome of the two treated zones, after - before
        logs = np.log(demo[outcome]).rename("y").reset_index()
        tr = logs[logs["zone"].isin(["shenyang", "dalian"])]
        expected = tr[tr["year"] >= 2016]["y"].mean() - tr[tr["year"] < 2016]["y"].mean()
        assert rows.loc[outcome, "att"] == pytest.approx(expected, rel=1e-12)
        r = with_toy.fits["mean_shift"][outcome]
        assert (rows.loc[outcome, "ci_lower"], rows.loc[outcome, "pvalue"]) == pytest.approx(
            (r.intervals.loc["att", "lower"], r.pvalues["att"])
        )
        assert np.isnan(rows.loc[outcome, "placebo_p"]) and np.isnan(rows.loc[outcome, "pre_rmspe"])
    # it cannot headline, and nothing else moved
    unregister_estimator("mean_shift")
    try:
        without = evaluate_policy(demo, ["revenue", "patents"], **kw)
    finally:
        register_estimator(mean_shift)
    assert with_toy.headline == without.headline
    pd.testing.assert_frame_equal(with_toy.headline_table(), without.headline_table())
    pd.testing.assert_frame_equal(
        table[table["estimator"] != "mean_shift"].reset_index(drop=True), without.comparison()
    )
    # the chapter's table names it in each language, from its catalogue entries
    for lang in ("zh", "en"):
        shown = show_table(pv.comparison_view(with_toy), lang=lang)._repr_markdown_()
        assert MEAN_SHIFT_WORDS["estimator.mean_shift"][lang == "en"] in shown


def test_an_estimator_module_in_the_package_is_found(tmp_path, monkeypatch):
    """Adding an estimator is one module in gxq_analysis/evaluation/estimators/: the package
    imports every module of its path."""
    for key, texts in MEAN_SHIFT_WORDS.items():
        monkeypatch.setitem(STRINGS, key.replace("mean_shift", "plugin"), texts)
    (tmp_path / "plugin.py").write_text(
        "from gxq_analysis.evaluation.estimators import PolicyEstimator, PolicyTest, "
        "register_estimator\n"
        "register_estimator(PolicyEstimator('plugin', lambda p, o, c: None,\n"
        "                   (PolicyTest('plugin_normal'),), can_headline=False))\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(estimators, "__path__", [*estimators.__path__, str(tmp_path)])
    try:
        estimators._import_estimator_modules()
        assert "plugin" in [e.name for e in comparison_estimators()]
        assert "plugin_normal" not in headline_candidates()
    finally:
        if "plugin" in [e.name for e in registered_estimators()]:
            unregister_estimator("plugin")
        sys.modules.pop("gxq_analysis.evaluation.estimators.plugin", None)
