"""Liaoning in national context, on real data: the province S&T panel (issue 5, item 8).

:func:`province_context` compares one province (Liaoning by default) with the national figure
(全国) and the other provinces, 2010-2023, on four measures (:data:`MEASURES`):

* ``rd_intensity``    R&D expenditure as % of GDP, as published (RDIntense; none for 2010);
* ``rd_gov_share``    100 × government-funded R&D / R&D expenditure (%);
* ``fiscal_st_share`` 100 × fiscal S&T expenditure / general budget expenditure (%), the plan's
  :data:`~gxq_analysis.plan.codebook.RATIOS` ``fiscal_st_share``;
* ``patents_per_rd``  domestic patents granted per 亿元 of R&D expenditure (same year).

Ranks are among the 31 provinces with a value that year (1 = highest value, ties share the
lower rank). Besides the published national row, ``aggregate`` is the ratio of the sums over
the 31 provinces (only in years where all 31 have both parts): it gives a national ratio where
the national row is missing (the budget table has 全国 only for 2019-2023; its 全国 is the sum of
local budgets, so the two agree there). R&D intensity has no aggregate (the panel has no GDP).

:func:`province_production_regression` runs the production-function regression across the 31
provinces (全国 excluded): log patents and log high-tech revenue on log R&D expenditure (lagged
one year by default, as in the zone production function), log government R&D funds and log R&D
personnel, two-way fixed effects, clustered and wild cluster bootstrap inference. Years the
source lacks (high-tech revenue has no 2017) and the year lost to the lag are counted in the
result's ``sample`` table and notes.

This is real data (techme by Hu Huaping, MIT licence, compiled from the China Statistical
Yearbook on Science and Technology); every result says so and carries the citation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..errors import DataError, OptionError
from ..ingest.province import (
    CITATION,
    CITATION_ZH,
    NATIONAL,
    PROVINCE_CODEBOOK,
    PROVINCE_NAMES,
    PROVINCES,
    YEARS,
    load_province_panel,
)
from ..options import check_choice, check_lang
from ..plan.codebook import RATIOS


@dataclass(frozen=True)
class ProvinceMeasure:
    """A measure of the context chapter: ``scale * numerator / denominator`` (or a column)."""

    code: str
    numerator: str
    denominator: str | None
    scale: float
    unit: str
    name_zh: str
    name_en: str
    unit_en: str = ""

    @property
    def inputs(self) -> tuple[str, ...]:
        return (self.numerator,) if self.denominator is None else (self.numerator, self.denominator)

    @property
    def formula(self) -> str:
        if self.denominator is None:
            return f"{self.code} = {self.numerator} (as published)"
        scale = "" if self.scale == 1 else f"{self.scale:g} × "
        return f"{self.code} = {scale}{self.numerator} / {self.denominator}"

    def compute(self, panel: pd.DataFrame) -> pd.Series:
        """The measure for every row; NaN where an input is missing or the denominator is 0."""
        num = panel[self.numerator].astype("float64")
        if self.denominator is None:
            return num.rename(self.code)
        den = panel[self.denominator].astype("float64").replace(0.0, np.nan)
        return (self.scale * num / den).rename(self.code)

    def label_unit(self, lang: str) -> str:
        return self.unit if lang == "zh" else self.unit_en or self.unit

    def label(self, lang: str) -> str:
        if lang == "zh":
            return f"{self.name_zh}（{self.unit}）"
        return f"{self.name_en} ({self.label_unit(lang)})"


_FISCAL = RATIOS["fiscal_st_share"]  # the plan's own definition, reused
MEASURES: dict[str, ProvinceMeasure] = {
    m.code: m
    for m in (
        ProvinceMeasure("rd_intensity", "rd_intensity", None, 1.0, "%",
                        "R&D经费投入强度", "R&D intensity", "% of GDP"),
        ProvinceMeasure("rd_gov_share", "rd_gov_funds", "rd_expenditure", 100.0, "%",
                        "R&D经费中政府资金占比", "Government share of R&D funding"),
        ProvinceMeasure("fiscal_st_share", _FISCAL.numerator, _FISCAL.denominator, _FISCAL.scale,
                        "%", "财政科技支出占一般公共预算支出比重",
                        "Fiscal S&T share of budget expenditure"),
        ProvinceMeasure("patents_per_rd", "patents_granted", "rd_expenditure", 1.0, "件/亿元",
                        "每亿元R&D经费专利授权数", "Patents granted per R&D spending",
                        "patents per 100 million yuan"),
    )
}  # fmt: skip

# column codes of the comparison table -> (zh, en); {p} is the province's name
_COLS: dict[str, tuple[str, str]] = {
    "value": ("{p}", "{p}"),
    "national": ("全国", "China (national)"),
    "aggregate": ("31省合计", "31 provinces combined"),
    "median": ("31省中位数", "Median of 31 provinces"),
    "min": ("31省最低", "Lowest province"),
    "max": ("31省最高", "Highest province"),
    "rank": ("{p}排名", "Rank of {p}"),
    "n_ranked": ("参与排名省份数", "Provinces ranked"),
}
_TEXT: dict[str, tuple[str, str]] = {
    "year": ("年份", "Year"),
    "measure": ("指标", "Measure"),
    "unit": ("单位", "Unit"),
    "formula": ("计算方法", "Definition"),
    "sources": ("来源表", "Source tables"),
    "first_year": ("起始年份", "First year"),
    "last_year": ("最近年份", "Latest year"),
    "value_first": ("{p}（起始年）", "{p} (first year)"),
    "value_last": ("{p}（最近年）", "{p} (latest year)"),
    "national_last": ("全国（最近年）", "National (latest year)"),
    "rank_first": ("排名（起始年）", "Rank (first year)"),
    "rank_last": ("排名（最近年）", "Rank (latest year)"),
    "real": (
        "本章使用真实数据：{cite}",
        "This chapter uses real data: {cite}",
    ),
    "missing_province": (
        "{m}：{p}缺{years}年数据。",
        "{m}: no value for {p} in {years}.",
    ),
    "missing_national": (
        "{m}：全国缺{years}年数据。",
        "{m}: no national value in {years}.",
    ),
    "aggregate_check": (
        "{m}：“31省合计”与全国数据在两者皆有的年份相差{diff}。",
        "{m}: the 31-province aggregate differs from the national figure by {diff} in the "
        "years both exist.",
    ),
    "pp": ("个百分点", "percentage points"),
    "below": ("不足{x}{unit}", "less than {x} {unit}"),
    "at_most": ("最多{x}{unit}", "at most {x} {unit}"),
    "no_aggregate": (
        "{m}：面板中没有GDP，无法计算31省合计。",
        "{m}: no 31-province aggregate (the panel has no GDP).",
    ),
    "rank_rule": (
        "排名为在有数据的省份中由高到低的位次（1为最高）。",
        "Ranks are positions among the provinces with a value, highest first (1 = highest).",
    ),
}


def _t(key: str, lang: str, **kw: Any) -> str:
    zh, en = _TEXT[key]
    return (zh if lang == "zh" else en).format(**kw)


def province_name(province: str, lang: str) -> str:
    """A province (or 全国) in ``lang``: the canonical Chinese name or its English name."""
    if province == NATIONAL:
        return NATIONAL if lang == "zh" else "China (national)"
    return province if lang == "zh" else str(PROVINCES.loc[province, "name_en"])


def resolve_province(province: str) -> str:
    """The canonical Chinese name of one of the 31 provinces, from Chinese or English.

    Raises
    ------
    OptionError
        Naming the value and listing the allowed names.
    """
    if isinstance(province, str):
        s = "".join(province.split())
        if s in PROVINCE_NAMES:
            return s
        by_en = {str(en).lower().replace(" ", ""): zh for zh, en in PROVINCES["name_en"].items()}
        key = s.lower()
        if key in by_en:
            return by_en[key]
    raise OptionError(
        f"province={province!r} is not allowed; choose one of the 31 provinces: "
        + ", ".join(f"{zh} ({en})" for zh, en in PROVINCES["name_en"].items())
    )


def _check_panel(panel: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    if not isinstance(panel, pd.DataFrame):
        raise DataError(f"panel must be a DataFrame from load_province_panel(), got {type(panel)}")
    if list(panel.index.names) != ["province", "year"]:
        raise DataError(
            f"panel must be indexed by (province, year), got {list(panel.index.names)}; "
            "use load_province_panel()"
        )
    missing = [c for c in columns if c not in panel.columns]
    if missing:
        raise DataError(
            f"panel lacks column(s) {missing} needed here",
            file=panel.attrs.get("source"),
            column=missing[0],
        )
    return panel


def _years_text(years: list[int], lang: str) -> str:
    """Compress years into ranges: [2010, 2011, 2012, 2017] -> '2010–2012, 2017'."""
    runs: list[list[int]] = []
    for y in sorted(years):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    sep = "、" if lang == "zh" else ", "
    return sep.join(f"{r[0]}–{r[-1]}" if len(r) > 1 else f"{r[0]}" for r in runs)


def province_measures(panel: pd.DataFrame | None = None) -> pd.DataFrame:
    """The four context measures for every province-year (and 全国) of the panel."""
    panel = load_province_panel() if panel is None else panel
    needed = tuple(dict.fromkeys(c for m in MEASURES.values() for c in m.inputs))
    _check_panel(panel, needed)
    out = pd.concat([m.compute(panel) for m in MEASURES.values()], axis=1)
    out.attrs = dict(panel.attrs)
    return out


def _aggregate(panel: pd.DataFrame, m: ProvinceMeasure, years: range) -> pd.Series:
    """Ratio of sums over the 31 provinces, in years where all 31 have both inputs."""
    if m.denominator is None:
        return pd.Series(np.nan, index=pd.Index(years, name="year"), dtype="float64")
    prov = panel[panel.index.get_level_values("province").isin(PROVINCE_NAMES)]
    parts = prov[[m.numerator, m.denominator]]
    complete = parts.notna().all(axis=1).groupby(level="year").sum() == len(PROVINCE_NAMES)
    sums = parts.groupby(level="year").sum(min_count=1)
    ratio = m.scale * sums[m.numerator] / sums[m.denominator].replace(0.0, np.nan)
    return ratio.where(complete).reindex(years)


@dataclass(frozen=True)
class ProvinceContext:
    """Result of :func:`province_context` (real data; ``synthetic`` is False).

    Attributes
    ----------
    province, province_label, lang, years
        The province (canonical Chinese name), its name in ``lang``, the language of labels and
        the years covered.
    values
        The measures for every province and 全国 (index ``(province, year)``, columns
        :data:`MEASURES` codes), for figures.
    comparison
        Index ``(measure, year)``; columns ``value`` (the province), ``national`` (全国),
        ``aggregate`` (ratio of sums over the 31 provinces), ``median``, ``min``, ``max`` (over
        the provinces with a value), ``rank`` (the province's, Int64) and ``n_ranked``.
    ranks
        The province's rank, index year, one Int64 column per measure.
    tables
        Per measure, ``comparison`` with headers in ``lang``, ready to print.
    summary
        One row per measure: first and latest year with a value, the province's value and rank
        then, and the national value in the latest year; headers in ``lang``.
    cross_section
        All 31 provinces and 全国 in the latest year, measures as columns, labels in ``lang``.
    definitions
        Each measure's label, unit, formula and source tables.
    notes
        Data gaps and conventions, computed from the data, in ``lang``.
    source, sha256, citation, data_statement
        Provenance of the panel; ``data_statement`` says in ``lang`` that this is real data and
        cites it.
    """

    province: str
    province_label: str
    lang: str
    years: tuple[int, int]
    values: pd.DataFrame
    comparison: pd.DataFrame
    ranks: pd.DataFrame
    tables: dict[str, pd.DataFrame]
    summary: pd.DataFrame
    cross_section: pd.DataFrame
    definitions: pd.DataFrame
    notes: tuple[str, ...]
    source: str
    sha256: str
    citation: str
    data_statement: str
    real_data: bool = True
    synthetic: bool = False
    measures: tuple[str, ...] = field(default=tuple(MEASURES))

    def long(self, measure: str | None = None) -> pd.DataFrame:
        """``values`` as a long table (``province, year, indicator, value``), as the
        province figure (:func:`gxq_analysis.report.figures.province_compare`) takes it."""
        codes = list(MEASURES) if measure is None else [check_choice("measure", measure, MEASURES)]
        out = self.values[codes].stack()  # pandas 3 keeps NaN: gaps stay visible as gaps
        out = out.rename("value").rename_axis(["province", "year", "indicator"]).reset_index()
        return out[["province", "year", "indicator", "value"]]


def province_context(
    panel: pd.DataFrame | None = None, *, province: str = "辽宁", lang: str = "zh"
) -> ProvinceContext:
    """A province against 全国 and the other provinces, 2010-2023, on the four measures.

    Parameters
    ----------
    panel
        A panel from :func:`~gxq_analysis.load_province_panel` (default: load it).
    province
        One of the 31 provinces, Chinese (``"辽宁"``) or English (``"Liaoning"``).
    lang : {"zh", "en"}
        Language of labels, table headers and notes.

    Returns
    -------
    ProvinceContext

    Raises
    ------
    OptionError
        Unknown ``province`` or ``lang`` (the message lists the allowed values).
    DataError
        A supplied panel without the ``(province, year)`` index, the needed columns, or the
        province.
    """
    check_lang(lang)
    prov = resolve_province(province)
    panel = load_province_panel() if panel is None else panel
    values = province_measures(panel)
    names = set(values.index.get_level_values("province"))
    if prov not in names:
        raise DataError(f"the panel has no rows for {prov}", file=panel.attrs.get("source"))
    years = range(YEARS[0], YEARS[1] + 1)
    p_label = province_name(prov, lang)

    ranked = values[values.index.get_level_values("province").isin(PROVINCE_NAMES)]
    blocks = []
    for code, m in MEASURES.items():
        by_year = ranked[code].unstack("province").reindex(years)
        rank = by_year.rank(axis=1, ascending=False, method="min")
        own = values[code].xs(prov, level="province").reindex(years)
        nat = (
            values[code].xs(NATIONAL, level="province").reindex(years)
            if NATIONAL in names
            else pd.Series(np.nan, index=years)
        )
        block = pd.DataFrame(
            {
                "value": own.to_numpy(),
                "national": nat.to_numpy(),
                "aggregate": _aggregate(panel, m, years).to_numpy(),
                "median": by_year.median(axis=1).to_numpy(),
                "min": by_year.min(axis=1).to_numpy(),
                "max": by_year.max(axis=1).to_numpy(),
                "rank": (rank[prov] if prov in rank else pd.Series(np.nan, index=years)).to_numpy(),
                "n_ranked": by_year.notna().sum(axis=1).to_numpy(),
            },
            index=pd.MultiIndex.from_product([[code], years], names=["measure", "year"]),
        )
        blocks.append(block)
    comparison = pd.concat(blocks)
    comparison["rank"] = comparison["rank"].astype("Int64")
    comparison["n_ranked"] = comparison["n_ranked"].astype("int64")
    ranks = comparison["rank"].unstack("measure")[list(MEASURES)]
    ranks.columns.name = None

    tables = {code: _labelled(comparison.loc[code], p_label, lang) for code in MEASURES}
    summary = _summary(comparison, p_label, lang)
    present = sorted(set(values.index.get_level_values("year")) & set(years))
    last = max(y for y in present if values.xs(y, level="year").notna().any().any())
    cross = values.xs(last, level="year").reindex([*PROVINCE_NAMES, NATIONAL])
    cross.index = pd.Index(
        [province_name(p, lang) for p in cross.index], name="省份" if lang == "zh" else "Province"
    )
    cross.columns = [MEASURES[c].label(lang) for c in cross.columns]
    cross.attrs = {"year": int(last)}

    definitions = pd.DataFrame(
        [
            {
                "code": m.code,
                _t("measure", lang): m.label(lang),
                _t("unit", lang): m.label_unit(lang),
                _t("formula", lang): m.formula,
                _t("sources", lang): ", ".join(_source_tables(m)),
            }
            for m in MEASURES.values()
        ]
    ).set_index("code")

    cite = CITATION_ZH if lang == "zh" else CITATION
    return ProvinceContext(
        province=prov,
        province_label=p_label,
        lang=lang,
        years=YEARS,
        values=values,
        comparison=comparison,
        ranks=ranks,
        tables=tables,
        summary=summary,
        cross_section=cross,
        definitions=definitions,
        notes=tuple(_notes(comparison, prov, lang)),
        source=str(panel.attrs.get("source", "")),
        sha256=str(panel.attrs.get("sha256", "")),
        citation=cite,
        data_statement=_t("real", lang, cite=cite),
        real_data=not bool(panel.attrs.get("synthetic", False)),
        synthetic=bool(panel.attrs.get("synthetic", False)),
    )


def _source_tables(m: ProvinceMeasure) -> list[str]:
    cb = PROVINCE_CODEBOOK.set_index("code")
    return [f"{cb.loc[c, 'table']}/{cb.loc[c, 'variable']}" for c in m.inputs]


def _labelled(block: pd.DataFrame, p_label: str, lang: str) -> pd.DataFrame:
    i = 0 if lang == "zh" else 1
    out = block.rename(columns={k: v[i].format(p=p_label) for k, v in _COLS.items()})
    out.index.name = _t("year", lang)
    return out


def _summary(comparison: pd.DataFrame, p_label: str, lang: str) -> pd.DataFrame:
    rows = []
    for code, m in MEASURES.items():
        block = comparison.loc[code]
        have = block.index[block["value"].notna()]
        first, last = (int(have.min()), int(have.max())) if len(have) else (None, None)

        def at(col: str, year: int | None, block: pd.DataFrame = block) -> Any:
            return block.loc[year, col] if year is not None else np.nan

        rows.append(
            {
                _t("measure", lang): m.label(lang),
                _t("first_year", lang): first,
                _t("value_first", lang, p=p_label): at("value", first),
                _t("rank_first", lang): at("rank", first),
                _t("last_year", lang): last,
                _t("value_last", lang, p=p_label): at("value", last),
                _t("national_last", lang): at("national", last),
                _t("rank_last", lang): at("rank", last),
            }
        )
    out = pd.DataFrame(rows, index=pd.Index(list(MEASURES), name="code"))
    for key in ("rank_first", "rank_last", "first_year", "last_year"):
        out[_t(key, lang)] = out[_t(key, lang)].astype("Int64")
    return out


def _notes(comparison: pd.DataFrame, prov: str, lang: str) -> list[str]:
    notes = []
    p_label = province_name(prov, lang)
    for code, m in MEASURES.items():
        block = comparison.loc[code]
        name = m.label(lang)
        gaps = [int(y) for y in block.index[block["value"].isna()]]
        if gaps:
            notes.append(
                _t("missing_province", lang, m=name, p=p_label, years=_years_text(gaps, lang))
            )
        nat_gaps = [int(y) for y in block.index[block["national"].isna()]]
        if nat_gaps:
            notes.append(_t("missing_national", lang, m=name, years=_years_text(nat_gaps, lang)))
        if m.denominator is None:
            notes.append(_t("no_aggregate", lang, m=name))
        else:
            both = block[["national", "aggregate"]].dropna()
            if len(both):
                diff = float((both["national"] - both["aggregate"]).abs().max())
                unit = _t("pp", lang) if m.unit == "%" else m.label_unit(lang)
                # below the panel's printed precision a difference is rounding, not a gap
                if diff < 1e-4:
                    text = _t("below", lang, x="0.0001", unit=unit)
                else:
                    text = _t("at_most", lang, x=f"{diff:.4g}", unit=unit)
                notes.append(_t("aggregate_check", lang, m=name, diff=text))
    notes.append(_t("rank_rule", lang))
    return notes


#: Outputs and inputs of the province production function (panel codes); all enter in logs.
PRODUCTION_OUTCOMES: tuple[str, ...] = ("patents_granted", "hitech_revenue")
PRODUCTION_INPUTS: tuple[str, ...] = ("rd_expenditure", "rd_gov_funds", "rd_personnel_fte")
_OUTCOME_LABELS: dict[str, tuple[str, str]] = {
    "patents_granted": ("专利授权数", "Patents granted"),
    "hitech_revenue": ("高技术制造业主营业务收入", "High-tech manufacturing revenue"),
}
_COV_ZH = {
    "cluster": "按省份聚类（Stata小样本校正）",
    "unadjusted": "常规（同方差）",
    "robust": "异方差稳健（White）",
    "twoway": "按省份和年份双向聚类",
    "driscoll-kraay": "Driscoll–Kraay",
}
_REG_TEXT: dict[str, tuple[str, str]] = {
    "sample": (
        "{y}：{n}个省份-年份观测（{g}个省份，{years}年）；全国不在样本中。",
        "{y}: {n} province-years ({g} provinces, {years}); the national row is excluded.",
    ),
    "no_outcome": (
        "{y}：源数据缺{years}年，该年份不在样本中（{k}个省份-年份）。",
        "{y}: the source has no data for {years}, so it is not in the sample ({k} province-years).",
    ),
    "lag": (
        "R&D经费滞后{lag}年进入（与高新区生产函数一致），因此{first}年不在样本中。",
        "R&D expenditure enters lagged {lag} year(s), as in the zone production function, so "
        "{first} is not in the sample.",
    ),
    "dropped": (
        "{y}：{g}个省份×{t}年共{n}个省份-年份中，{k}个不在样本中（缺滞后值{lags}个，"
        "有缺失值{miss}个）。",
        "{y}: {k} of the {n} province-years ({g} provinces × {t} years) are not in the sample "
        "({lags} without the lagged value, {miss} with a missing value).",
    ),
    "cov": ("标准误：{what}。", "Standard errors: {what}."),
}


def _rt(key: str, lang: str, **kw: Any) -> str:
    zh, en = _REG_TEXT[key]
    return (zh if lang == "zh" else en).format(**kw)


@dataclass(frozen=True)
class ProvinceRegression:
    """Result of :func:`province_production_regression` (real data; ``synthetic`` is False).

    Attributes
    ----------
    fits
        Outcome code -> :class:`~gxq_analysis.models.panel.PanelFit` (two-way FE, logs).
    table
        Index ``(outcome, term)`` over the slopes: ``coef``, ``std_err``, ``t``, ``pvalue``,
        ``ci_lower``, ``ci_upper`` (the fit's covariance, ``cov``) and ``p_wcr``,
        ``ci_wcr_lower``, ``ci_wcr_upper`` (wild cluster restricted bootstrap; NaN when not
        run). Coefficients are elasticities.
    sample
        One row per outcome: ``nobs`` (province-years used), ``n_provinces``, ``n_years``,
        ``years`` used, ``years_without_outcome`` (years the source lacks for all provinces),
        ``grid`` (31 provinces × years of the panel), ``dropped_lag`` and ``dropped_missing``
        (from the fit), ``equation``.
    bootstrap
        ``(outcome, term)`` -> :class:`~gxq_analysis.models.bootstrap.BootstrapResult`.
    notes
        Sample, lag and inference notes in ``lang``.
    """

    fits: dict[str, Any]
    table: pd.DataFrame
    sample: pd.DataFrame
    bootstrap: dict[tuple[str, str], Any]
    notes: tuple[str, ...]
    cov: str
    rd_lag: int
    lang: str
    source: str
    sha256: str
    citation: str
    data_statement: str
    real_data: bool = True
    synthetic: bool = False


def province_production_regression(
    panel: pd.DataFrame | None = None,
    *,
    cov: str = "cluster",
    bootstrap: bool = True,
    seed: int = 20160101,
    B: int = 9999,
    weights: str = "webb",
    rd_lag: int = 1,
    level: float = 0.95,
    lang: str = "zh",
) -> ProvinceRegression:
    """The production-function regression across the 31 provinces (全国 excluded).

    ``log Y_it = a_i + d_t + b1 log RD_i,t-L + b2 log GOV_it + b3 log RDP_it + e_it`` for
    Y = patents granted and high-tech (manufacturing) revenue, with RD = R&D expenditure,
    GOV = government-funded R&D and RDP = R&D personnel (FTE); two-way fixed effects by
    :func:`~gxq_analysis.models.panel.fit_panel`, ``cov`` errors and, by default, a wild cluster
    restricted bootstrap for each slope by
    :func:`~gxq_analysis.models.bootstrap.wild_cluster_bootstrap`.

    Parameters
    ----------
    panel
        From :func:`~gxq_analysis.load_province_panel` (default: load it).
    cov : {"cluster", "unadjusted", "robust", "twoway", "driscoll-kraay"}
        Covariance of the fit (default by province).
    bootstrap : bool
        Run the wild cluster bootstrap (clusters = provinces).
    seed, B, weights
        Of the bootstrap (weights ``"webb"`` or ``"rademacher"``).
    rd_lag : int
        Lag of R&D expenditure in years (default 1, as the zone production function; 0 for
        the same year).
    level : float
        Confidence level of the intervals.
    lang : {"zh", "en"}
        Language of the notes.

    Returns
    -------
    ProvinceRegression

    Raises
    ------
    OptionError
        An option outside its allowed values (listed in the message).
    DataError
        A panel without the needed columns or index.
    """
    from ..models.bootstrap import wild_cluster_bootstrap
    from ..models.panel import MODEL_COVS, fit_panel

    check_choice("cov", cov, MODEL_COVS["twfe"])
    check_choice("bootstrap", bootstrap, (True, False))
    check_choice("weights", weights, ("webb", "rademacher"))
    check_lang(lang)
    if isinstance(rd_lag, bool) or not isinstance(rd_lag, int | np.integer) or rd_lag < 0:
        raise OptionError(f"rd_lag={rd_lag!r} is not allowed; give an integer >= 0")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise OptionError(f"seed={seed!r} is not allowed; give an integer")
    panel = load_province_panel() if panel is None else panel
    _check_panel(panel, (*PRODUCTION_OUTCOMES, *PRODUCTION_INPUTS))
    provinces = panel.index.get_level_values("province")
    data = panel.loc[provinces.isin(PROVINCE_NAMES), [*PRODUCTION_OUTCOMES, *PRODUCTION_INPUTS]]
    # the index keeps only levels in use, so 全国 cannot reappear as an (empty) entity
    data.index = data.index.remove_unused_levels()
    all_years = sorted(set(data.index.get_level_values("year")))
    n_prov = data.index.get_level_values("province").nunique()
    lags = {"rd_expenditure": int(rd_lag)} if rd_lag else {}

    fits, rows, sample_rows, boots = {}, [], [], {}
    notes: list[str] = []
    if rd_lag:
        notes.append(_rt("lag", lang, lag=int(rd_lag), first=_years_text(all_years[:rd_lag], lang)))
    for y in PRODUCTION_OUTCOMES:
        fit = fit_panel(
            data,
            y,
            list(PRODUCTION_INPUTS),
            model="twfe",
            cov=cov,
            log=(y, *PRODUCTION_INPUTS),
            lags=lags,
        )
        fits[y] = fit
        ci = fit.conf_int(level)
        for term in PRODUCTION_INPUTS:
            row = {
                "outcome": y,
                "term": term,
                "coef": fit.params[term],
                "std_err": fit.std_errors[term],
                "t": fit.tstats[term],
                "pvalue": fit.pvalues[term],
                "ci_lower": ci.loc[term, "lower"],
                "ci_upper": ci.loc[term, "upper"],
                "p_wcr": np.nan,
                "ci_wcr_lower": np.nan,
                "ci_wcr_upper": np.nan,
            }
            if bootstrap:
                b = wild_cluster_bootstrap(
                    fit, term, B=B, weights=weights, seed=int(seed), level=level
                )
                boots[(y, term)] = b
                row.update(p_wcr=b.pvalue, ci_wcr_lower=b.conf_int[0], ci_wcr_upper=b.conf_int[1])
            rows.append(row)

        used_years = sorted(set(fit.data.index.get_level_values(1)))
        no_outcome = [int(t) for t, s in data[y].groupby(level="year") if s.isna().all()]
        label = _OUTCOME_LABELS[y][0 if lang == "zh" else 1]
        sample_rows.append(
            {
                "outcome": y,
                "nobs": fit.nobs,
                "n_provinces": fit.n_entities,
                "n_years": len(used_years),
                "years": _years_text(used_years, "en"),
                "years_without_outcome": _years_text(no_outcome, "en") if no_outcome else "",
                "grid": n_prov * len(all_years),
                "dropped_lag": fit.dropped.lags,
                "dropped_missing": fit.dropped.missing,
                "equation": fit.spec.describe(),
            }
        )
        notes.append(
            _rt(
                "sample",
                lang,
                y=label,
                n=fit.nobs,
                g=fit.n_entities,
                years=_years_text(used_years, lang),
            )
        )
        if no_outcome:
            notes.append(
                _rt(
                    "no_outcome",
                    lang,
                    y=label,
                    years=_years_text(no_outcome, lang),
                    k=int(data.loc[data.index.get_level_values("year").isin(no_outcome)].shape[0]),
                )
            )
        if fit.dropped.total:
            notes.append(
                _rt(
                    "dropped",
                    lang,
                    y=label,
                    k=fit.dropped.total,
                    g=n_prov,
                    t=len(all_years),
                    n=n_prov * len(all_years),
                    lags=fit.dropped.lags,
                    miss=fit.dropped.missing + fit.dropped.nonpositive,
                )
            )
    first = fits[PRODUCTION_OUTCOMES[0]]
    what = _COV_ZH[cov] if lang == "zh" else first.cov_convention
    notes.append(_rt("cov", lang, what=what))
    if boots:
        b = next(iter(boots.values()))
        notes.append(
            f"{b.note_zh}；随机种子{seed}。" if lang == "zh" else f"{b.note}; seed {seed}."
        )
    table = pd.DataFrame(rows).set_index(["outcome", "term"])
    sample = pd.DataFrame(sample_rows).set_index("outcome")
    cite = CITATION_ZH if lang == "zh" else CITATION
    return ProvinceRegression(
        fits=fits,
        table=table,
        sample=sample,
        bootstrap=boots,
        notes=tuple(notes),
        cov=cov,
        rd_lag=int(rd_lag),
        lang=lang,
        source=str(panel.attrs.get("source", "")),
        sha256=str(panel.attrs.get("sha256", "")),
        citation=cite,
        data_statement=_t("real", lang, cite=cite),
        real_data=not bool(panel.attrs.get("synthetic", False)),
        synthetic=bool(panel.attrs.get("synthetic", False)),
    )


__all__ = [
    "MEASURES",
    "PRODUCTION_INPUTS",
    "PRODUCTION_OUTCOMES",
    "ProvinceContext",
    "ProvinceMeasure",
    "ProvinceRegression",
    "province_context",
    "province_measures",
    "province_production_regression",
    "resolve_province",
]
