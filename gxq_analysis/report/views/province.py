"""The province chapter in words: tables, notes and the data statement in one language.

:func:`~gxq_analysis.evaluation.province.province_context` and
:func:`~gxq_analysis.evaluation.province_regression.province_production_regression` return codes and
numbers (tables keyed by measure and column codes, notes as
:class:`~gxq_analysis.evaluation.province.ProvinceNote` records). These functions word them in a
chapter's language from the one catalogue, :data:`~gxq_analysis.catalogue.STRINGS`: measure
names are the ``ind.prov_<code>`` strings (as on the province figures), headers, units and notes
the ``province.*`` strings, bootstrap notes :func:`~.model_notes.bootstrap_note`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from ...evaluation.province import MEASURES, ProvinceContext, ProvinceNote, year_ranges
from ...evaluation.province_regression import ProvinceRegression
from ...options import check_choice, check_lang
from ..display import show_table
from ..model_notes import bootstrap_note
from ..provenance import citation
from ..strings import label, province_label, render, t

__all__ = [
    "frame_rich",
    "measure_label",
    "measure_unit",
    "province_cross_section",
    "province_data_statement",
    "province_definitions",
    "province_inference_view",
    "province_long",
    "province_measures",
    "province_notes",
    "province_summary",
    "province_table",
    "province_tables",
    "years_text",
]


def years_text(years: Iterable[int], lang: str) -> str:
    """Years as ranges in running text: ``2010–2012、2017`` / ``2010–2012, 2017``."""
    check_lang(lang)
    return t("list.sep", lang).join(f"{a}–{b}" if b > a else f"{a}" for a, b in year_ranges(years))


def measure_label(measure: str, lang: str, *, unit: bool = True) -> str:
    """A context measure's name (with its unit), e.g. ``R&D经费投入强度（%）``."""
    check_choice("measure", measure, MEASURES)
    return label(f"prov_{measure}", lang, unit=unit)


def measure_unit(measure: str, lang: str) -> str:
    """A context measure's unit, e.g. ``件/亿元`` / ``patents per 100 million yuan``."""
    check_choice("measure", measure, MEASURES)
    return t(f"province.unit.{MEASURES[measure].unit}", lang)


def _difference_unit(measure: str, lang: str) -> str:
    # a difference of two percentages is in percentage points, not percent
    return t("province.unit.pp", lang) if MEASURES[measure].percent else measure_unit(measure, lang)


def province_table(context: ProvinceContext, measure: str, lang: str) -> pd.DataFrame:
    """One measure's comparison by year (the province, 全国, the 31-province aggregate, median,
    lowest, highest, the province's rank), headers in ``lang``."""
    check_lang(lang)
    block = context.tables[check_choice("measure", measure, MEASURES)]
    p = province_label(context.province, lang)
    names = {
        col: p if col == "value" else t(f"province.col.{col}", lang, province=p)
        for col in block.columns
    }
    out = block.rename(columns=names)
    out.index.name = t("col.year", lang)
    return out


def province_tables(context: ProvinceContext, lang: str) -> dict[str, pd.DataFrame]:
    """:func:`province_table` for every measure, by measure code."""
    return {code: province_table(context, code, lang) for code in context.measures}


def province_summary(context: ProvinceContext, lang: str) -> pd.DataFrame:
    """One row per measure: first and latest year with a value, the province's value and rank
    then, the national value in the latest year; the measure's name first, headers in ``lang``
    (index: measure codes)."""
    check_lang(lang)
    s = context.summary
    p = province_label(context.province, lang)
    out = s.rename(columns={c: t(f"province.col.{c}", lang, province=p) for c in s.columns})
    out.insert(0, t("province.col.measure", lang), [measure_label(c, lang) for c in s.index])
    return out


def province_cross_section(context: ProvinceContext, lang: str) -> pd.DataFrame:
    """All provinces and 全国 in the latest year, names and measure labels in ``lang``."""
    check_lang(lang)
    cs = context.cross_section
    out = cs.rename(columns={c: measure_label(c, lang) for c in cs.columns})
    out.index = pd.Index([province_label(p, lang) for p in cs.index], name=t("col.province", lang))
    out.attrs = dict(cs.attrs)
    return out


def province_definitions(context: ProvinceContext, lang: str) -> pd.DataFrame:
    """Each measure's name, unit, definition and source tables, in ``lang``."""
    check_lang(lang)
    d = context.definitions
    formula = [
        t("province.formula.published", lang, formula=f) if published else f
        for f, published in zip(d["formula"], d["published"], strict=True)
    ]
    return pd.DataFrame(
        {
            t("province.col.measure", lang): [measure_label(c, lang) for c in d.index],
            t("col.unit", lang): [measure_unit(c, lang) for c in d.index],
            t("province.col.formula", lang): formula,
            t("province.col.sources", lang): list(d["sources"]),
        },
        index=d.index,
    )


def _note_text(note: ProvinceNote, lang: str, province: str | None) -> str:
    fields: dict[str, Any] = note.values()
    if note.key == "bootstrap":
        fields["bootstrap"] = bootstrap_note(fields.pop("design"), lang)
    if "measure" in fields:
        code = fields["measure"]
        fields["measure"] = measure_label(code, lang)
        if "diff" in fields:
            fields["unit"] = _difference_unit(code, lang)
    if "outcome" in fields:
        fields["outcome"] = label(fields["outcome"], lang, unit=False)
    if "years" in fields:
        fields["years"] = years_text(fields["years"], lang)
    if "cov" in fields:
        fields["cov"] = t(f"province.cov.{fields['cov'].replace('-', '_')}", lang)
    if province is not None:
        fields["province"] = province_label(province, lang)
    return render(f"province.note.{note.key}", lang, fields)


def province_notes(result: ProvinceContext | ProvinceRegression, lang: str) -> list[str]:
    """The notes of a province context or regression as sentences in ``lang``.

    Context: data gaps of the province and of 全国, how the 31-province aggregate compares with
    the national figure, the rank rule. Regression: the lag, each outcome's sample and what it
    lost, the standard errors and the bootstrap.
    """
    check_lang(lang)
    if not isinstance(result, ProvinceContext | ProvinceRegression):
        raise TypeError(
            "result must come from province_context or province_production_regression, got "
            f"{type(result).__name__}"
        )
    province = result.province if isinstance(result, ProvinceContext) else None
    return [_note_text(n, lang, province) for n in result.notes]


def province_data_statement(result: ProvinceContext | ProvinceRegression, lang: str) -> str:
    """That the chapter uses real data, with the data's citation in ``lang``."""
    check_lang(lang)
    cited = citation({"citation": result.citation, "citation_zh": result.citation_zh}, lang)
    return t("province.real_data", lang, citation=cited)


def frame_rich(df: pd.DataFrame, lang: str):
    """A table whose headers are already in the chapter language (e.g. province summaries).

    The index holds internal codes (the row labels are a column already), so it is left out.
    """

    return show_table(df.reset_index(drop=True), lang=lang)


def province_measures() -> tuple[str, ...]:
    """Codes of the province measures, in display order."""

    return tuple(MEASURES)


def province_long(context, measure: str) -> pd.DataFrame:
    """One province measure as the province figure takes it (indicator ``prov_<code>``)."""
    out = context.long(measure)
    out["indicator"] = "prov_" + out["indicator"].astype(str)
    return out


def province_inference_view(regression) -> pd.DataFrame:
    """Province regression slopes with cluster and bootstrap inference."""
    t = regression.table.reset_index()
    cols = ["outcome", "term", "coef", "std_err", "pvalue", "p_wcr", "ci_wcr_lower", "ci_wcr_upper"]
    return t[cols]
