"""Liaoning in national context (real province data): measures, ranks and national figures
recomputed from the raw CSV with the ``csv`` module or from the panel with plain numpy; the
province production regression against statsmodels OLS with province and year dummies
(coefficients to 1e-8) and a hand-written CRV1 with Stata's factor G/(G-1)(N-1)/(N-K),
K = slopes + constant + (years - 1) year dummies (entity effects absorbed, not counted).

The results hold codes and numbers only; their wording is tested in
tests/report/test_province_views.py."""

from __future__ import annotations

import csv
import dataclasses
import re
import statistics

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from gxq_analysis import config
from gxq_analysis.errors import DataError, OptionError
from gxq_analysis.evaluation.province import (
    COMPARISON_COLUMNS,
    MEASURES,
    SUMMARY_COLUMNS,
    ProvinceNote,
    province_context,
    province_measures,
    resolve_province,
    year_ranges,
    years_code,
)
from gxq_analysis.evaluation.province_regression import province_production_regression
from gxq_analysis.ingest.province import CITATION, CITATION_ZH, load_province_panel
from gxq_analysis.models.bootstrap import BootstrapDesign

OCR = {"两藏": "西藏", "内蒙占": "内蒙古", "山两": "山西"}


@pytest.fixture(scope="module")
def panel():
    return load_province_panel()


@pytest.fixture(scope="module")
def ctx(panel):
    return province_context(panel)


@pytest.fixture(scope="module")
def raw():
    """(province, year, table, variable) -> float, from the raw file with the csv module."""
    out = {}
    with open(config.PROVINCE_CSV, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            name = "".join(r["province"].split())
            name = OCR.get(name, name)
            if r["value"]:
                out[(name, int(r["year"]), r["table"], r["variable"])] = float(r["value"])
    return out


def test_real_data_is_said_and_cited(ctx):
    assert ctx.real_data is True and ctx.synthetic is False
    assert ctx.province == "辽宁" and ctx.years == (2010, 2023)
    assert "techme" in ctx.citation and "MIT" in ctx.citation and "Hu Huaping" in ctx.citation
    # the citations as the data give them, one per language
    assert (ctx.citation, ctx.citation_zh) == (CITATION, CITATION_ZH)
    assert ctx.source == "data/province-st/province_st_long.csv"
    assert len(ctx.sha256) == 64


def test_liaoning_measures_recomputed_from_raw_csv(ctx, raw):
    cmp_ = ctx.comparison
    ln = "辽宁"
    for year in (2010, 2015, 2020, 2023):
        rd = raw[(ln, year, "RDActivity", "v4_zh_nbzc_hj")]  # 万元
        gov = raw[(ln, year, "RDSource", "v4_zh_nbzc_zfzj")]  # 万元
        pat = raw[(ln, year, "RDPatentAuthority", "v4_cg_zlsq2_hj")]
        st = raw[(ln, year, "PublicBudget", "v6_cz_yszc_kxjs")]
        tot = raw[(ln, year, "PublicBudget", "v6_cz_yszc_hj")]
        assert cmp_.loc[("rd_gov_share", year), "value"] == pytest.approx(100 * gov / rd)
        assert cmp_.loc[("fiscal_st_share", year), "value"] == pytest.approx(100 * st / tot)
        assert cmp_.loc[("patents_per_rd", year), "value"] == pytest.approx(pat / (rd / 1e4))
    assert cmp_.loc[("rd_intensity", 2020), "value"] == pytest.approx(2.19)
    assert np.isnan(cmp_.loc[("rd_intensity", 2010), "value"])  # RDIntense starts in 2011


def test_national_and_aggregate(ctx, raw):
    cmp_ = ctx.comparison
    # national row from the raw file
    rd = raw[("全国", 2020, "RDActivity", "v4_zh_nbzc_hj")]
    pat = raw[("全国", 2020, "RDPatentAuthority", "v4_cg_zlsq2_hj")]
    assert cmp_.loc[("patents_per_rd", 2020), "national"] == pytest.approx(pat / (rd / 1e4))
    assert cmp_.loc[("rd_intensity", 2020), "national"] == pytest.approx(
        raw[("全国", 2020, "RDIntense", "v4_ztr_qd_RD")]
    )
    # the budget table has 全国 only for 2019-2023
    fiscal = cmp_.loc["fiscal_st_share"]
    assert fiscal.loc[2010:2018, "national"].isna().all()
    assert fiscal.loc[2019:2023, "national"].notna().all()
    # 31-province aggregate: ratio of sums, by hand
    provs = {k[0] for k in raw if k[0] != "全国"}
    assert len(provs) == 31
    for year in (2012, 2021):
        st = sum(raw[(p, year, "PublicBudget", "v6_cz_yszc_kxjs")] for p in provs)
        tot = sum(raw[(p, year, "PublicBudget", "v6_cz_yszc_hj")] for p in provs)
        assert fiscal.loc[year, "aggregate"] == pytest.approx(100 * st / tot)
    # where both exist they agree (全国 is the sum of local budgets)
    both = fiscal.loc[2019:2023]
    assert np.allclose(both["national"], both["aggregate"], atol=1e-3)
    assert cmp_.loc["rd_intensity", "aggregate"].isna().all()  # no GDP in the panel
    gap = ProvinceNote.of(
        "missing_national", measure="fiscal_st_share", years=tuple(range(2010, 2019))
    )
    assert gap in ctx.notes
    assert ProvinceNote.of("no_aggregate", measure="rd_intensity") in ctx.notes
    agree = ProvinceNote.of("aggregate_below", measure="fiscal_st_share", diff=1e-4)
    assert agree in ctx.notes
    (patents,) = [n for n in ctx.notes if n.values().get("measure") == "patents_per_rd"]
    assert patents.key == "aggregate_diff" and patents.values()["diff"] == pytest.approx(
        3.003, abs=1e-3
    )
    assert ctx.notes[-1] == ProvinceNote.of("rank_rule")


def test_ranks_median_min_max_recomputed(ctx, panel):
    vals = province_measures(panel)
    provs = [p for p in vals.index.get_level_values("province").unique() if p != "全国"]
    for code in MEASURES:
        for year in range(2010, 2024):
            xs = {p: vals.loc[(p, year), code] for p in provs}
            xs = {p: v for p, v in xs.items() if not np.isnan(v)}
            row = ctx.comparison.loc[(code, year)]
            assert row["n_ranked"] == len(xs)
            if not xs:
                assert pd.isna(row["rank"])
                continue
            own = xs["辽宁"]
            assert row["rank"] == 1 + sum(v > own for v in xs.values())
            assert row["median"] == pytest.approx(statistics.median(xs.values()))
            assert row["min"] == pytest.approx(min(xs.values()))
            assert row["max"] == pytest.approx(max(xs.values()))
            assert ctx.ranks.loc[year, code] == row["rank"]


def test_tables_summary_cross_section(ctx):
    assert set(ctx.tables) == set(MEASURES)
    t = ctx.tables["rd_intensity"]
    assert list(t.index) == list(range(2010, 2024))
    assert t.index.name == "year"
    assert list(t.columns) == list(COMPARISON_COLUMNS)
    s = ctx.summary
    assert list(s.index) == list(MEASURES) and list(s.columns) == list(SUMMARY_COLUMNS)
    assert s.loc["rd_intensity", "first_year"] == 2011
    assert s.loc["rd_intensity", "last_year"] == 2023
    assert s.loc["rd_intensity", "value_last"] == pytest.approx(
        ctx.comparison.loc[("rd_intensity", 2023), "value"]
    )
    assert s.loc["fiscal_st_share", "national_last"] == pytest.approx(
        ctx.comparison.loc[("fiscal_st_share", 2023), "national"]
    )
    cs = ctx.cross_section
    assert cs.attrs["year"] == 2023 and len(cs) == 32
    assert list(cs.columns) == list(MEASURES) and cs.index.name == "province"
    assert cs.loc["辽宁", "rd_intensity"] == pytest.approx(
        ctx.comparison.loc[("rd_intensity", 2023), "value"]
    )
    d = ctx.definitions
    assert list(d.index) == list(MEASURES)
    assert d.loc["rd_gov_share", "formula"] == "rd_gov_share = 100 × rd_gov_funds / rd_expenditure"
    assert d.loc["rd_intensity", "published"] and not d.loc["rd_gov_share", "published"]
    assert d.loc["patents_per_rd", "unit"] == "patents_per_100m_yuan"


CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")


def _texts(obj, path="result"):
    """Every string a result holds (labels of tables included), with where it is."""
    if isinstance(obj, str):
        yield path, obj
    elif isinstance(obj, pd.DataFrame | pd.Series):
        frame = obj.to_frame() if isinstance(obj, pd.Series) else obj
        for name in [*frame.columns, *frame.index.names, frame.columns.name]:
            yield from _texts(name, f"{path} label")
        for col in frame.columns:
            if frame[col].dtype == object or pd.api.types.is_string_dtype(frame[col]):
                for i, v in enumerate(frame[col]):
                    yield from _texts(v, f"{path}[{col!r}][{i}]")
        yield from _texts(dict(frame.attrs), f"{path}.attrs")
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _texts(k, f"{path} key")
            yield from _texts(v, f"{path}[{k!r}]")
    elif isinstance(obj, list | tuple):
        for i, v in enumerate(obj):
            yield from _texts(v, f"{path}[{i}]")
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            yield from _texts(getattr(obj, f.name), f"{path}.{f.name}")


#: Fields that are the data's own: provinces are named by their canonical Chinese names (the
#: panel's codes, as zones are by ids) and the citations are the source's, one per language.
DATA_FIELDS = ("province", "values", "cross_section", "citation", "citation_zh", "fits")


@pytest.mark.parametrize("which", ["context", "regression"])
def test_results_hold_codes_and_numbers_only(ctx, reg, which):
    """No wording crept back: no language field, and no Chinese anywhere but the data's own
    names and citations (the report layer words the results: test_province_views.py)."""
    result = ctx if which == "context" else reg
    names = {f.name for f in dataclasses.fields(result)}
    assert not {"lang", "province_label", "data_statement"} & names
    found = [
        (path, text)
        for name in names - set(DATA_FIELDS)
        for path, text in _texts(getattr(result, name), name)
        if CJK.search(text)
    ]
    assert found == []
    # the province-keyed frames carry Chinese only in their province index (and ``values`` the
    # panel's attrs, citations included)
    if which == "context":
        for frame in (ctx.cross_section, ctx.values):
            frame = frame.reset_index(drop=True)
            frame.attrs = {}
            assert not any(CJK.search(x) for _, x in _texts(frame))
    for note in result.notes:
        assert isinstance(note, ProvinceNote) and re.fullmatch(r"[a-z_]+", note.key)


def test_year_ranges():
    assert year_ranges([2017, 2010, 2011, 2012]) == ((2010, 2012), (2017, 2017))
    assert year_ranges([]) == ()
    assert years_code([2011, 2012, 2013, 2015]) == "2011–2013, 2015"


def test_long_table_for_figures(ctx, panel):
    one = ctx.long("fiscal_st_share")
    assert list(one.columns) == ["province", "year", "indicator", "value"]
    assert len(one) == 32 * 14 and set(one["indicator"]) == {"fiscal_st_share"}
    r = one[(one["province"] == "辽宁") & (one["year"] == 2016)]["value"].item()
    assert r == pytest.approx(
        100 * panel.loc[("辽宁", 2016), "fiscal_st"] / panel.loc[("辽宁", 2016), "fiscal_total"]
    )
    assert len(ctx.long()) == 4 * 32 * 14
    with pytest.raises(OptionError, match="measure="):
        ctx.long("gdp")


def test_other_province(panel, ctx):
    gd = province_context(panel, province="Guangdong")
    assert gd.province == "广东"
    pd.testing.assert_frame_equal(gd.cross_section, ctx.cross_section)  # the same year, all
    assert not gd.comparison["value"].equals(ctx.comparison["value"])


@pytest.mark.parametrize(
    ("given", "canonical"),
    [("辽宁", "辽宁"), ("Liaoning", "辽宁"), ("inner mongolia", "内蒙古"), ("辽 宁", "辽宁")],
)
def test_resolve_province(given, canonical):
    assert resolve_province(given) == canonical


@pytest.mark.parametrize("bad", ["全国", "Liaoningg", "", None, 21])
def test_bad_province_lists_allowed(bad):
    with pytest.raises(OptionError, match=r"province=.*辽宁 \(Liaoning\)"):
        province_context(province=bad)


def test_no_language_option():
    # results are worded by the report layer: a language asked of the evaluation is refused,
    # not ignored (gxq_analysis.report.views.province takes ``lang``)
    with pytest.raises(TypeError, match="lang"):
        province_context(lang="en")
    with pytest.raises(TypeError, match="lang"):
        province_production_regression(lang="en", bootstrap=False)


def test_panel_without_columns_or_province(panel):
    with pytest.raises(DataError, match="lacks column"):
        province_context(panel.drop(columns=["fiscal_st"]))
    with pytest.raises(DataError, match="no rows for 辽宁"):
        province_context(panel.drop(index="辽宁", level="province"))
    with pytest.raises(DataError, match="indexed by"):
        province_context(panel.reset_index())


# --- the production regression -----------------------------------------------------------

INPUTS = ["rd_expenditure", "rd_gov_funds", "rd_personnel_fte"]


@pytest.fixture(scope="module")
def reg(panel):
    return province_production_regression(panel, B=999, seed=7)


def _lsdv(panel, y, lag):
    """Independent sample and LSDV fit: log variables, lag by year value, dummies."""
    d = panel.drop(index="全国", level="province").reset_index()
    if lag:
        prev = d[["province", "year", "rd_expenditure"]].assign(year=lambda x: x["year"] + lag)
        d = d.drop(columns="rd_expenditure").merge(prev, on=["province", "year"], how="left")
    s = d[["province", "year", y, *INPUTS]].dropna().reset_index(drop=True)
    X = np.log(s[INPUTS])
    dummies = [
        pd.get_dummies(s["province"], drop_first=True, dtype=float),
        pd.get_dummies(s["year"], drop_first=True, dtype=float),
    ]
    X = sm.add_constant(pd.concat([X, *dummies], axis=1))
    return s, X, sm.OLS(np.log(s[y]), X).fit()


@pytest.mark.parametrize("y", ["patents_granted", "hitech_revenue"])
def test_regression_matches_lsdv_and_crv1(reg, panel, y):
    s, X, m = _lsdv(panel, y, lag=1)
    tab = reg.table.loc[y]
    assert reg.fits[y].nobs == len(s)
    np.testing.assert_allclose(tab["coef"].to_numpy(), m.params[INPUTS].to_numpy(), rtol=1e-8)
    # CRV1 by hand, Stata factor; K = 3 slopes + const + (T-1) year dummies
    Xm, e = X.to_numpy(), m.resid.to_numpy()
    bread = np.linalg.pinv(Xm.T @ Xm)
    meat = np.zeros_like(bread)
    for p in s["province"].unique():
        g = np.flatnonzero(s["province"].to_numpy() == p)
        sc = Xm[g].T @ e[g]
        meat += np.outer(sc, sc)
    G, N, T = s["province"].nunique(), len(s), s["year"].nunique()
    K = len(INPUTS) + 1 + (T - 1)
    se = np.sqrt(np.diag(bread @ meat @ bread) * G / (G - 1) * (N - 1) / (N - K))
    np.testing.assert_allclose(tab["std_err"].to_numpy(), se[1:4], rtol=1e-6)


def test_regression_sample_accounting(reg, panel):
    smp = reg.sample
    assert "全国" not in set(reg.fits["patents_granted"].data.index.get_level_values(0))
    assert (smp["n_provinces"] == 31).all()
    # lag 1: 2010 lost; high-tech revenue also lacks 2017 in the source
    assert smp.loc["patents_granted", "nobs"] == 31 * 13
    assert smp.loc["hitech_revenue", "nobs"] == 31 * 12
    assert smp.loc["hitech_revenue", "years_without_outcome"] == "2017"
    assert smp.loc["hitech_revenue", "years"] == "2011–2016, 2018–2023"
    for y in smp.index:
        r = smp.loc[y]
        assert r["nobs"] + r["dropped_lag"] + r["dropped_missing"] == r["grid"] == 31 * 14
    assert (
        ProvinceNote.of("no_outcome", outcome="hitech_revenue", years=(2017,), n_rows=31)
        in reg.notes
    )
    assert ProvinceNote.of("lag", lag=1, years=(2010,)) in reg.notes
    assert ProvinceNote.of("cov", cov="cluster") in reg.notes
    boot = reg.notes[-1]
    assert boot.key == "bootstrap" and boot.values()["seed"] == 7
    assert boot.values()["design"] == BootstrapDesign(
        impose_null=True, weights="webb", B=999, enumerated=False, n_clusters=31
    )
    assert reg.real_data and not reg.synthetic and "techme" in reg.citation
    assert reg.citation_zh == CITATION_ZH


def test_regression_contemporaneous(panel):
    r = province_production_regression(panel, rd_lag=0, bootstrap=False)
    assert r.sample.loc["patents_granted", "nobs"] == 31 * 14
    assert r.sample.loc["hitech_revenue", "nobs"] == 31 * 13
    assert r.table["p_wcr"].isna().all() and not r.bootstrap
    _, _, m = _lsdv(panel, "patents_granted", lag=0)
    np.testing.assert_allclose(
        r.table.loc["patents_granted", "coef"].to_numpy(), m.params[INPUTS].to_numpy(), rtol=1e-8
    )


def test_bootstrap_is_seeded_and_covers_estimate(reg, panel):
    again = province_production_regression(panel, B=999, seed=7)
    pd.testing.assert_frame_equal(reg.table, again.table)
    t = reg.table
    assert ((t["p_wcr"] > 0) & (t["p_wcr"] <= 1)).all()
    assert ((t["ci_wcr_lower"] < t["coef"]) & (t["coef"] < t["ci_wcr_upper"])).all()
    assert len(reg.bootstrap) == 6
    b = reg.bootstrap[("hitech_revenue", "rd_expenditure")]
    assert b.n_clusters == 31 and b.seed == 7 and b.weights == "webb"


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        ({"cov": "hc3"}, "cov='hc3'.*'cluster'"),
        ({"bootstrap": "yes"}, "bootstrap="),
        ({"weights": "mammen"}, "weights="),
        ({"rd_lag": -1}, "rd_lag"),
        ({"seed": 1.5}, "seed"),
    ],
)
def test_regression_options_checked(kw, match):
    with pytest.raises(OptionError, match=match):
        province_production_regression(**kw)
