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

The province production regression, on the same panel, is in
:mod:`gxq_analysis.evaluation.province_regression`; it shares this module's notes
(:class:`ProvinceNote`), panel check and year codes.

This is real data (techme by Hu Huaping, MIT licence, compiled from the China Statistical
Yearbook on Science and Technology); every result says so and carries the citation.

The results hold codes and numbers only: tables keyed by measure and column codes, notes as
:class:`ProvinceNote` records (a message code and the values that fill it) and the citations as
the data give them. The report layer words them in a language
(:mod:`gxq_analysis.report.views.province`, from the one catalogue
:mod:`gxq_analysis.report.strings`).
"""

from __future__ import annotations

from collections.abc import Iterable
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
from ..memo import analysis
from ..options import check_choice
from ..plan.codebook import RATIOS

#: Unit codes of the measures (worded by the report layer's ``province.unit.<code>`` strings).
UNITS: tuple[str, ...] = ("percent", "percent_gdp", "patents_per_100m_yuan")


@dataclass(frozen=True)
class ProvinceMeasure:
    """A measure of the context chapter: ``scale * numerator / denominator`` (or a column).

    Parameters
    ----------
    code
        The measure's code (also its column in :func:`province_measures`).
    numerator, denominator
        Panel columns; ``denominator`` None for a measure taken as published.
    scale
        Factor of the ratio (100 for a percentage).
    unit
        A unit code of :data:`UNITS` (names and units are worded in the report layer).
    """

    code: str
    numerator: str
    denominator: str | None
    scale: float
    unit: str

    def __post_init__(self) -> None:
        check_choice("unit", self.unit, UNITS)

    @property
    def inputs(self) -> tuple[str, ...]:
        return (self.numerator,) if self.denominator is None else (self.numerator, self.denominator)

    @property
    def published(self) -> bool:
        """Whether the measure is a published column rather than a ratio computed here."""
        return self.denominator is None

    @property
    def percent(self) -> bool:
        """Whether the measure is in percent (its differences are percentage points)."""
        return self.unit.startswith("percent")

    @property
    def formula(self) -> str:
        """The definition in codes, e.g. ``rd_gov_share = 100 × rd_gov_funds / rd_expenditure``."""
        if self.denominator is None:
            return f"{self.code} = {self.numerator}"
        scale = "" if self.scale == 1 else f"{self.scale:g} × "
        return f"{self.code} = {scale}{self.numerator} / {self.denominator}"

    def compute(self, panel: pd.DataFrame) -> pd.Series:
        """The measure for every row; NaN where an input is missing or the denominator is 0."""
        num = panel[self.numerator].astype("float64")
        if self.denominator is None:
            return num.rename(self.code)
        den = panel[self.denominator].astype("float64").replace(0.0, np.nan)
        return (self.scale * num / den).rename(self.code)


_FISCAL = RATIOS["fiscal_st_share"]  # the plan's own definition, reused
MEASURES: dict[str, ProvinceMeasure] = {
    m.code: m
    for m in (
        ProvinceMeasure("rd_intensity", "rd_intensity", None, 1.0, "percent_gdp"),
        ProvinceMeasure("rd_gov_share", "rd_gov_funds", "rd_expenditure", 100.0, "percent"),
        ProvinceMeasure("fiscal_st_share", _FISCAL.numerator, _FISCAL.denominator, _FISCAL.scale,
                        "percent"),
        ProvinceMeasure("patents_per_rd", "patents_granted", "rd_expenditure", 1.0,
                        "patents_per_100m_yuan"),
    )
}  # fmt: skip

#: Columns of :attr:`ProvinceContext.comparison` (and of each of its ``tables``), in order.
COMPARISON_COLUMNS: tuple[str, ...] = (
    "value", "national", "aggregate", "median", "min", "max", "rank", "n_ranked",
)  # fmt: skip
#: Columns of :attr:`ProvinceContext.summary`, in order.
SUMMARY_COLUMNS: tuple[str, ...] = (
    "first_year", "value_first", "rank_first", "last_year", "value_last", "national_last",
    "rank_last",
)  # fmt: skip
#: Below this a difference between the aggregate and the national figure is the panel's
#: rounding, not a gap (the panel prints 4 decimals).
AGGREGATE_TOLERANCE = 1e-4


@dataclass(frozen=True)
class ProvinceNote:
    """A note of a province result: a message code and the values that fill it.

    The wording is the report layer's (``province.note.<key>`` in the string catalogue); a note
    holds only codes (measure, outcome, covariance), numbers and years.

    Attributes
    ----------
    key
        The message code, e.g. ``"missing_national"``.
    fields
        ``(name, value)`` pairs; years are tuples of ints.
    """

    key: str
    fields: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, key: str, **fields: Any) -> ProvinceNote:
        """A note from keyword fields (kept in the order given)."""
        return cls(key, tuple(fields.items()))

    def values(self) -> dict[str, Any]:
        """The fields as a dict."""
        return dict(self.fields)


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


def check_panel(panel: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """``panel`` if it is a province panel (index ``(province, year)``) with ``columns``.

    Raises
    ------
    DataError
        Naming what is wrong and, for a missing column, the panel's file.
    """
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


def panel_provenance(panel: pd.DataFrame) -> dict[str, Any]:
    """The provenance fields of a province result from the panel's ``attrs``: ``source``,
    ``sha256``, ``citation``, ``citation_zh`` (the data's own, else the package's), ``real_data``
    and ``synthetic``."""
    synthetic = bool(panel.attrs.get("synthetic", False))
    return {
        "source": str(panel.attrs.get("source", "")),
        "sha256": str(panel.attrs.get("sha256", "")),
        "citation": str(panel.attrs.get("citation", CITATION)),
        "citation_zh": str(panel.attrs.get("citation_zh", CITATION_ZH)),
        "real_data": not synthetic,
        "synthetic": synthetic,
    }


def year_ranges(years: Iterable[int]) -> tuple[tuple[int, int], ...]:
    """Runs of consecutive years as ``(first, last)``: [2010, 2011, 2012, 2017] ->
    ``((2010, 2012), (2017, 2017))``."""
    runs: list[list[int]] = []
    for y in sorted(int(y) for y in years):
        if runs and y == runs[-1][1] + 1:
            runs[-1][1] = y
        else:
            runs.append([y, y])
    return tuple((first, last) for first, last in runs)


def years_code(years: Iterable[int]) -> str:
    """Years as compact ranges in digits and ASCII separators: ``"2011–2016, 2018–2023"``
    (the ``sample`` table's columns; chapters word years through the report layer)."""
    return ", ".join(f"{a}–{b}" if b > a else f"{a}" for a, b in year_ranges(years))


def province_measures(panel: pd.DataFrame | None = None) -> pd.DataFrame:
    """The four context measures for every province-year (and 全国) of the panel."""
    panel = load_province_panel() if panel is None else panel
    needed = tuple(dict.fromkeys(c for m in MEASURES.values() for c in m.inputs))
    check_panel(panel, needed)
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

    Codes and numbers only: :mod:`gxq_analysis.report.views.province` words the tables, notes
    and data statement in a language.

    Attributes
    ----------
    province, years
        The province (canonical Chinese name, the panel's code for it) and the years covered.
    values
        The measures for every province and 全国 (index ``(province, year)``, columns
        :data:`MEASURES` codes), for figures.
    comparison
        Index ``(measure, year)``; columns ``value`` (the province), ``national`` (全国),
        ``aggregate`` (ratio of sums over the 31 provinces), ``median``, ``min``, ``max`` (over
        the provinces with a value), ``rank`` (the province's, Int64) and ``n_ranked``.
    ranks
        The province's rank, index year, one Int64 column per measure.
    summary
        One row per measure (index ``code``), columns :data:`SUMMARY_COLUMNS`: first and latest
        year with a value, the province's value and rank then, and the national value in the
        latest year.
    cross_section
        All 31 provinces and 全国 in the latest year (index ``province``), measure codes as
        columns; ``attrs["year"]`` is that year.
    definitions
        Per measure (index ``code``): ``unit`` (a :data:`UNITS` code), ``formula`` (in codes),
        ``published`` (taken as published, not computed) and ``sources`` (``table/variable``).
    notes
        Data gaps and conventions found in the data, as :class:`ProvinceNote` records.
    source, sha256, citation, citation_zh
        Provenance of the panel: file, hash and its citation as the data give it (English and
        Chinese).
    """

    province: str
    years: tuple[int, int]
    values: pd.DataFrame
    comparison: pd.DataFrame
    ranks: pd.DataFrame
    summary: pd.DataFrame
    cross_section: pd.DataFrame
    definitions: pd.DataFrame
    notes: tuple[ProvinceNote, ...]
    source: str
    sha256: str
    citation: str
    citation_zh: str
    real_data: bool = True
    synthetic: bool = False
    measures: tuple[str, ...] = field(default=tuple(MEASURES))

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """Per measure, its block of ``comparison`` (index ``year``)."""
        return {code: self.comparison.loc[code] for code in self.measures}

    def long(self, measure: str | None = None) -> pd.DataFrame:
        """``values`` as a long table (``province, year, indicator, value``), as the
        province figure (:func:`gxq_analysis.report.figures.province_compare`) takes it."""
        codes = list(MEASURES) if measure is None else [check_choice("measure", measure, MEASURES)]
        out = self.values[codes].stack()  # pandas 3 keeps NaN: gaps stay visible as gaps
        out = out.rename("value").rename_axis(["province", "year", "indicator"]).reset_index()
        return out[["province", "year", "indicator", "value"]]


@analysis
def province_context(
    panel: pd.DataFrame | None = None, *, province: str = "辽宁"
) -> ProvinceContext:
    """A province against 全国 and the other provinces, 2010-2023, on the four measures.

    Parameters
    ----------
    panel
        A panel from :func:`~gxq_analysis.load_province_panel` (default: load it).
    province
        One of the 31 provinces, Chinese (``"辽宁"``) or English (``"Liaoning"``).

    Returns
    -------
    ProvinceContext
        Codes and numbers; :mod:`gxq_analysis.report.views.province` words them.

    Raises
    ------
    OptionError
        Unknown ``province`` (the message lists the allowed values).
    DataError
        A supplied panel without the ``(province, year)`` index, the needed columns, or the
        province.
    """
    prov = resolve_province(province)
    panel = load_province_panel() if panel is None else panel
    values = province_measures(panel)
    names = set(values.index.get_level_values("province"))
    if prov not in names:
        raise DataError(f"the panel has no rows for {prov}", file=panel.attrs.get("source"))
    years = range(YEARS[0], YEARS[1] + 1)

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

    present = sorted(set(values.index.get_level_values("year")) & set(years))
    last = max(y for y in present if values.xs(y, level="year").notna().any().any())
    cross = values.xs(last, level="year").reindex([*PROVINCE_NAMES, NATIONAL])
    cross.index.name = "province"
    cross.attrs = {"year": int(last)}

    definitions = pd.DataFrame(
        [
            {
                "code": m.code,
                "unit": m.unit,
                "formula": m.formula,
                "published": m.published,
                "sources": ", ".join(_source_tables(m)),
            }
            for m in MEASURES.values()
        ]
    ).set_index("code")

    return ProvinceContext(
        province=prov,
        years=YEARS,
        values=values,
        comparison=comparison,
        ranks=ranks,
        summary=_summary(comparison),
        cross_section=cross,
        definitions=definitions,
        notes=tuple(_notes(comparison)),
        **panel_provenance(panel),
    )


def _source_tables(m: ProvinceMeasure) -> list[str]:
    cb = PROVINCE_CODEBOOK.set_index("code")
    return [f"{cb.loc[c, 'table']}/{cb.loc[c, 'variable']}" for c in m.inputs]


def _summary(comparison: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for code in MEASURES:
        block = comparison.loc[code]
        have = block.index[block["value"].notna()]
        first, last = (int(have.min()), int(have.max())) if len(have) else (None, None)

        def at(col: str, year: int | None, block: pd.DataFrame = block) -> Any:
            return block.loc[year, col] if year is not None else np.nan

        rows.append(
            {
                "first_year": first,
                "value_first": at("value", first),
                "rank_first": at("rank", first),
                "last_year": last,
                "value_last": at("value", last),
                "national_last": at("national", last),
                "rank_last": at("rank", last),
            }
        )
    out = pd.DataFrame(rows, index=pd.Index(list(MEASURES), name="code"))
    for col in ("rank_first", "rank_last", "first_year", "last_year"):
        out[col] = out[col].astype("Int64")
    return out[list(SUMMARY_COLUMNS)]


def _notes(comparison: pd.DataFrame) -> list[ProvinceNote]:
    notes = []
    for code, m in MEASURES.items():
        block = comparison.loc[code]
        gaps = tuple(int(y) for y in block.index[block["value"].isna()])
        if gaps:
            notes.append(ProvinceNote.of("missing_province", measure=code, years=gaps))
        nat_gaps = tuple(int(y) for y in block.index[block["national"].isna()])
        if nat_gaps:
            notes.append(ProvinceNote.of("missing_national", measure=code, years=nat_gaps))
        if m.denominator is None:
            notes.append(ProvinceNote.of("no_aggregate", measure=code))
        else:
            both = block[["national", "aggregate"]].dropna()
            if len(both):
                diff = float((both["national"] - both["aggregate"]).abs().max())
                # below the panel's printed precision a difference is rounding, not a gap
                if diff < AGGREGATE_TOLERANCE:
                    notes.append(
                        ProvinceNote.of("aggregate_below", measure=code, diff=AGGREGATE_TOLERANCE)
                    )
                else:
                    notes.append(ProvinceNote.of("aggregate_diff", measure=code, diff=diff))
    notes.append(ProvinceNote.of("rank_rule"))
    return notes


__all__ = [
    "AGGREGATE_TOLERANCE",
    "COMPARISON_COLUMNS",
    "MEASURES",
    "SUMMARY_COLUMNS",
    "UNITS",
    "ProvinceContext",
    "ProvinceMeasure",
    "ProvinceNote",
    "check_panel",
    "panel_provenance",
    "province_context",
    "province_measures",
    "resolve_province",
    "year_ranges",
    "years_code",
]
