"""Captions of production specs and notes of the wild bootstrap, worded by the report layer
from the catalogue (the models layer returns codes and counts)."""

from __future__ import annotations

import dataclasses
import math
import re

import numpy as np
import pandas as pd
import pytest

from gxq_analysis.errors import OptionError
from gxq_analysis.models.bootstrap import (
    BootstrapDesign,
    few_cluster_inference,
    wild_cluster_bootstrap,
)
from gxq_analysis.models.panel import fit_panel
from gxq_analysis.models.production import ProductionSpec, production_specs
from gxq_analysis.report.model_notes import (
    bootstrap_note,
    inference_reasons,
    spec_caption,
)

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")


# --- production specs ----------------------------------------------------------------------


def test_default_spec_captions_name_every_input_and_the_lag():
    for s in production_specs():
        zh, en = spec_caption(s, "zh"), spec_caption(s, "en")
        assert zh.endswith("：滞后一期的R&D经费内部支出、科技贷款余额、创业投资额、R&D人员"), zh
        for word in ("lagged", "R&D expenditure", "technology loans", "venture capital"):
            assert word in en, (s.name, en)
        assert en.endswith(" and R&D personnel") and not CJK.search(en)
    gdp = production_specs()[0]
    assert spec_caption(gdp, "zh").startswith("地区生产总值：")
    assert spec_caption(gdp, "en") == (
        "GDP of the zone on lagged internal R&D expenditure, outstanding technology loans, "
        "venture capital invested and R&D personnel"
    )


def test_spec_captions_other_lags():
    two = ProductionSpec(
        "x", "gdp", ("rd_expenditure", "tech_loans"), lags={"rd_expenditure": 2, "tech_loans": 2}
    )
    assert spec_caption(two, "zh") == "地区生产总值：滞后2期的R&D经费内部支出、科技贷款余额"
    assert spec_caption(two, "en") == (
        "GDP of the zone on internal R&D expenditure and outstanding technology loans, each "
        "lagged 2 years"
    )
    mixed = ProductionSpec("x", "patents", ("rd_expenditure", "rd_personnel"),
                           lags={"rd_expenditure": 1})  # fmt: skip
    assert spec_caption(mixed, "zh") == "专利授权数：R&D经费内部支出（滞后1期）、R&D人员"
    assert spec_caption(mixed, "en") == (
        "Patents granted on internal R&D expenditure (lag 1) and R&D personnel"
    )
    assert spec_caption(ProductionSpec("x", "gdp", ("rd_expenditure",)), "en") == (
        "GDP of the zone on internal R&D expenditure"
    )
    with pytest.raises(OptionError, match="lang="):
        spec_caption(two, "de")
    with pytest.raises(TypeError, match="ProductionSpec"):
        spec_caption("gdp", "zh")


# --- the wild cluster bootstrap -------------------------------------------------------------


def _fit(n_entities: int = 15, n_periods: int = 6, seed: int = 3):
    rng = np.random.default_rng(seed)
    idx = pd.MultiIndex.from_product([range(n_entities), range(n_periods)], names=["id", "t"])
    x = rng.normal(size=len(idx))
    df = pd.DataFrame({"x1": x, "y": 0.5 * x + rng.normal(size=len(idx))}, index=idx)
    return fit_panel(df, "y", ["x1"], model="fe", cov="cluster")


@pytest.fixture(scope="module")
def fit15():
    return _fit()


def test_bootstrap_note_both_languages(fit15):
    res = wild_cluster_bootstrap(fit15, "x1", B=999, seed=1)
    zh, en = bootstrap_note(res, "zh"), bootstrap_note(res, "en")
    assert zh == (
        "野聚类限制性自助法（WCR；Webb 六点权重，B=999 次抽样，15 个聚类）："
        "聚类数少于 30，故采用此法"
    )
    # the English chapter sentence is the result's own English note, capitalised
    assert en == res.note[0].upper() + res.note[1:]
    assert bootstrap_note(res.design, "en") == en


def test_bootstrap_note_enumerated_unrestricted_unbounded():
    d = BootstrapDesign(
        impose_null=False, weights="rademacher", B=64, enumerated=True, n_clusters=6,
        threshold=30, unbounded=True,
    )  # fmt: skip
    zh = bootstrap_note(d, "zh")
    assert zh.startswith(
        "野聚类非限制性自助法（WCU；Rademacher 两点权重，穷举全部 2^6 = 64 种符号组合"
    )
    assert zh.endswith("；置信集无界")
    en = bootstrap_note(d, "en")
    assert "unrestricted" in en and "all 2^6 = 64 sign vectors enumerated" in en
    assert en.endswith("; the confidence set is unbounded") and not CJK.search(en)
    many = dataclasses.replace(d, n_clusters=40, unbounded=False)
    assert bootstrap_note(many, "zh").endswith(
        "聚类数不少于 30，聚类稳健推断通常已足够，此处作为校验"
    )
    with pytest.raises(TypeError, match="BootstrapDesign"):
        bootstrap_note("WCR", "zh")


def test_bootstrap_note_matches_the_result_note_in_english(fit15):
    # the catalogue's English and the result's own description say the same
    for kw in ({"weights": "rademacher", "B": 9999}, {"impose_null": False, "B": 199}):
        res = wild_cluster_bootstrap(fit15, "x1", seed=2, **kw)
        assert bootstrap_note(res, "en").lower() == res.note.lower()


def test_inference_reasons(fit15):
    table = few_cluster_inference(fit15, B=199, seed=4)
    zh, en = inference_reasons(table, "zh"), inference_reasons(table, "en")
    assert list(zh.index) == list(table.index)
    assert zh.iloc[0] == (
        "聚类数 15 < 30：以野聚类自助法（WCR）的 p 值和置信区间为准"
        "（聚类数少时 CRV1 t 检验过度拒绝）"
    )
    assert list(en) == list(table["reason"])  # the table's own English reason
    assert bootstrap_note(table.attrs["design"], "zh").startswith("野聚类限制性自助法")

    wide = few_cluster_inference(_fit(n_entities=35, n_periods=4, seed=5), B=199)
    assert wide.attrs["design"] is None and math.isnan(wide["p_wcr"].iloc[0])
    assert (
        inference_reasons(wide, "zh").iloc[0] == "聚类数 35 ≥ 30：以 CRV1 聚类稳健 t(34) 推断为准"
    )
    assert list(inference_reasons(wide, "en")) == list(wide["reason"])
