"""What a chapter shows between its figures: the data banner, tables, headings and sentences.

Each function returns a :class:`Rich` object that Jupyter renders as HTML (``_repr_html_``),
Markdown (``_repr_markdown_``) and plain text (``repr``), all three deterministic, so stored
notebook outputs compare equal under strict nbval and two builds give the same HTML. Tables
use pandas' Styler with a content-derived ``uuid`` (pandas would otherwise draw a random one
into every table id) and ``cell_ids=False``.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd
from pandas.io.formats.style import Styler

from ..errors import OptionError
from ..options import check_choice, check_lang
from . import strings
from .provenance import SHORT_SHA, citation, data_info
from .rich import Rich, md_escape
from .strings import SPEC_RE, format_value, has_key, label, render, t

__all__ = [
    "DEFAULT_FORMATS",
    "Rich",
    "data_banner",
    "header",
    "heading",
    "localize",
    "md_escape",
    "say",
    "show_table",
]

#: Formats of columns whose convention the evaluation layer fixes (benchmark_progress: share of
#: gap closed as a fraction, growth in percent); ``formats=`` overrides them.
DEFAULT_FORMATS: dict[str, str] = {
    "cagr": "per2",
    "difference": "+num1",
    "gap_change": "+num1",
    "gap_closed": "pct1",
    "nobs": "int",
    "pvalue": "num3",
}

_RED = "#b00020"
_BLUE = "#1f4e79"


# ------------------------------------------------------------------------------------------
# banner


def data_banner(panel_or_attrs: pd.DataFrame | Mapping[str, Any], *, lang: str) -> Rich:
    """The banner at the top of a chapter: which data it uses, and whether they are synthetic.

    Synthetic data get a red, bold warning in both languages and an explanation that this is
    the generated demo panel; real data with ``attrs["citation"]`` (``attrs["citation_zh"]`` in
    Chinese chapters when present) a citation line; other data
    (an evaluator's file) a note that the user supplied them. The data file is named relative
    to the package data (or by its file name), with its SHA-256 shortened to 12 characters.

    Raises
    ------
    DataError
        If the data do not say whether they are synthetic (see
        :func:`gxq_analysis.report.provenance.data_info`).
    """
    check_lang(lang)
    info = data_info(panel_or_attrs)
    file = info["file"] or "—"
    if info["sha256"]:
        data_line = t("banner.data", lang, file=file, sha=info["sha256"][:SHORT_SHA])
    else:
        data_line = t("banner.data_nohash", lang, file=file)
    if info["synthetic"]:
        kind, color = "synthetic", _RED
        title = "⚠ " + t("banner.synthetic_title", lang)
        body = [t("banner.synthetic_body", lang)]
    elif citation(info, lang):
        kind, color = "real", _BLUE
        title = t("banner.real_title", lang)
        body = [t("banner.citation", lang, citation=citation(info, lang))]
    else:
        kind, color = "user", _BLUE
        title = t("banner.user_title", lang)
        body = [t("banner.user_body", lang)]
    lines = [*body, data_line]
    border = "4px" if kind == "synthetic" else "2px"
    background = "#fff0f0" if kind == "synthetic" else "#f3f7fb"
    html_text = (
        f'<div class="gxq-banner gxq-banner-{kind}" role="note" style="border:{border} solid '
        f'{color};background:{background};padding:0.8em 1em;margin:0 0 1em 0;">\n'
        f'<p style="color:{color};font-weight:bold;font-size:1.3em;margin:0 0 0.4em 0;">'
        f"{html.escape(title)}</p>\n"
        + "\n".join(f'<p style="margin:0.2em 0;">{html.escape(line)}</p>' for line in lines)
        + "\n</div>"
    )
    md = "\n".join([f"> **{md_escape(title)}**", ">", *(f"> {md_escape(x)}  " for x in lines)])
    text = "\n".join([title, *lines])
    return Rich(html=html_text, markdown=md, text=text)


# ------------------------------------------------------------------------------------------
# headings and sentences


def heading(key: str, lang: str, level: int = 2, **fmt: Any) -> Rich:
    """A heading from the string table (``heading("chapter.overview", "zh", level=1)``)."""
    check_choice("level", level, (1, 2, 3, 4, 5, 6))
    text = t(key, lang, **fmt)
    return Rich(
        html=f"<h{level}>{html.escape(text)}</h{level}>",
        markdown="#" * level + " " + md_escape(text),
        text=text,
    )


def say(template_key: str, lang: str, *, digits: int = 2, **numbers: Any) -> Rich:
    """A sentence from the string table with computed numbers filled in.

    Numbers are formatted by the template's field specs (``{x:pct1}``, ``{x:per1}``,
    ``{x:int}``, ...; see :mod:`gxq_analysis.report.strings`); floats without a spec get
    ``digits`` decimals; strings are used as given. ``str(result)`` is the sentence.
    """
    text = render(template_key, lang, numbers, digits=digits)
    return Rich(html=f"<p>{html.escape(text)}</p>", markdown=md_escape(text), text=text)


# ------------------------------------------------------------------------------------------
# tables


def header(column: Any, lang: str) -> str:
    """Display header of a column: ``col.<name>`` string, else indicator label, else as is."""
    name = str(column)
    if has_key(f"col.{name}"):
        return t(f"col.{name}", lang)
    return label(name, lang)


def _keyed(prefix: str, *, strict: bool = False) -> Callable[[Any, str], str]:
    """Values shown through the catalogue key ``<prefix>.<value>``.

    ``strict``: the values form a closed set of codes (statuses, finding sources, test
    variants), so a value without a string is an error rather than a code on the page.
    """

    def lookup(value: Any, lang: str) -> str:
        # "on track" and "on_track" both find status.on_track
        key = f"{prefix}." + re.sub(r"[\s\-]+", "_", str(value).strip().lower())
        if has_key(key):
            return t(key, lang)
        if strict:
            raise KeyError(f"no display string {key!r} for the value {value!r}")
        return str(value)

    return lookup


def _code_label(value: Any, lang: str) -> str:
    """An indicator or model-specification code by its display name (unit left out)."""
    return label(str(value), lang, unit=False)


#: Columns (or index levels) whose values are ids shown by their display names.
_VALUE_LABELS: dict[str, Callable[[Any, str], str]] = {
    "indicator": lambda v, lang: label(str(v), lang),
    "level": _keyed("level"),
    "model": _keyed("model"),
    "province": lambda v, lang: strings.province_label(str(v), lang),
    "review": _keyed("review"),
    "scope": lambda v, lang: strings.scope_label(str(v), lang),
    "scope_kind": _keyed("kind"),
    "severity": _keyed("severity", strict=True),
    "status": _keyed("status", strict=True),
    "trend": lambda v, lang: _keyed("trend", strict=True)(v, lang) if v else "",
    "section": lambda v, lang: strings.plan_section(str(v), lang),
    "unit": lambda v, lang: strings.unit_label(str(v), lang),
    "city": lambda v, lang: strings.city_label(str(v), lang),
    "source": _keyed("source", strict=True),
    "method": _keyed("hausman", strict=True),
    "inference": _keyed("inference", strict=True),
    "estimator": _keyed("estimator", strict=True),
    "spec": _code_label,
    "outcome": _code_label,
    "variable": _code_label,
    "param": lambda v, lang: strings.term_label(str(v), lang),
    "term": lambda v, lang: strings.term_label(str(v), lang),
    "tier": lambda v, lang: strings.scope_label(str(v), lang),  # unknown tiers shown as given
    "zone": lambda v, lang: strings.scope_label(str(v), lang),
}


def _cell(value: Any, spec: str, lang: str, digits: int) -> str:
    if isinstance(value, bool | np.bool_):
        return t("word.yes" if value else "word.no", lang)
    if isinstance(value, float | np.floating) and not spec:
        spec = f"num{digits}"
    return format_value(value, spec, lang, digits=digits)


def _format_column(
    values: pd.Series | pd.Index, name: Any, spec: str, lang: str, digits: int
) -> list[str]:
    mapper = _VALUE_LABELS.get(str(name)) if not spec else None
    out = []
    for v in values:
        if mapper is not None and isinstance(v, str):
            out.append(mapper(v, lang))
        else:
            out.append(_cell(v, spec, lang, digits))
    return out


#: Columns that hold a value of the row's indicator, in its unit: formatted by that unit.
UNIT_VALUE_COLUMNS = (
    "baseline",
    "baseline_panel",
    "baseline_plan",
    "data_value",
    "value",
    "benchmark",
    "gap",
    "last_value",
    "projection_2020",
)
#: Units of counts (shown as whole numbers) and of percentages (one decimal).
COUNT_UNITS = frozenset({"个", "件", "人", "家", "项"})


def unit_spec(indicator: Any) -> str:
    """The display format of a value of ``indicator``: counts as whole numbers, percentages
    with one decimal, money and other measures with two."""
    unit = strings.indicator_unit(str(indicator))
    if unit in COUNT_UNITS:
        return "int"
    return "num1" if unit == "%" else "num2"


_YEAR_COLUMN = re.compile(r"^(19|20)\d\d$")


def _unit_specs(df: pd.DataFrame, names: list[str], given: Mapping[str, str]) -> dict[str, list]:
    """Per-row formats of the :data:`UNIT_VALUE_COLUMNS` and of the year columns (``2015``,
    ``2020``) of a table with an ``indicator`` column (a column given in ``formats=`` keeps its
    one format): a count is a whole number whatever the column."""
    if "indicator" not in names or isinstance(df.columns, pd.MultiIndex):
        return {}
    specs = [unit_spec(v) for v in df["indicator"]]
    value_columns = [c for c in names if c in UNIT_VALUE_COLUMNS or _YEAR_COLUMN.match(c)]
    return {
        c: specs for c in value_columns if c not in given and pd.api.types.is_float_dtype(df[c])
    }


def localize(
    df: pd.DataFrame,
    *,
    lang: str,
    digits: int = 2,
    formats: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """A display copy of ``df``: translated headers and ids, numbers formatted as strings.

    Parameters
    ----------
    df
        Any table. Columns or index levels named ``zone``, ``scope``, ``indicator``, ``tier``,
        ``province``, ``term``, ``status``, ``severity``, ``level``, ``model``, ``review``
        show their values' display names; other headers use ``col.<name>`` strings or the
        codebook.
    digits
        Decimals of float columns without an entry in ``formats`` and without a unit rule:
        in a table with an ``indicator`` column the :data:`UNIT_VALUE_COLUMNS` are formatted by
        each row's unit (:func:`unit_spec`: counts whole, percentages with one decimal).
    formats
        Column -> spec of the strings mini-language (``num3``, ``pct1``, ``per1``, ``int``,
        ``+num2``, ...), on top of :data:`DEFAULT_FORMATS` for the columns present.

    Raises
    ------
    OptionError
        For a ``formats`` key that is not a column or a spec outside the mini-language.
    """
    check_lang(lang)
    strings.check_digits(digits)
    names = [str(c) for c in df.columns]
    given = dict(formats or {})
    formats = {c: f for c, f in DEFAULT_FORMATS.items() if c in names} | given
    for col, spec in given.items():
        check_choice("formats key", str(col), names)
        if not SPEC_RE.fullmatch(spec):
            raise OptionError(
                f"formats[{col!r}]={spec!r} is not allowed; use num<d>, pct<d>, per<d> or int, "
                "optionally with a leading + (e.g. 'num2', 'pct1', '+per1')"
            )
    by_unit = _unit_specs(df, names, given)
    out = pd.DataFrame(
        {
            i: (
                [
                    _cell(v, spec, lang, digits)
                    for v, spec in zip(df.iloc[:, i], by_unit[str(c)], strict=True)
                ]
                if str(c) in by_unit
                else _format_column(df.iloc[:, i], c, formats.get(str(c), ""), lang, digits)
            )
            for i, c in enumerate(df.columns)
        },
        index=range(len(df)),
    )
    if isinstance(df.columns, pd.MultiIndex):
        out.columns = pd.MultiIndex.from_tuples(
            [tuple(header(x, lang) for x in c) for c in df.columns]
        )
    else:
        out.columns = [header(c, lang) for c in df.columns]
    if _meaningful_index(df.index):
        levels = [
            _format_column(df.index.get_level_values(i), n, "", lang, digits)
            for i, n in enumerate(df.index.names)
        ]
        level_names = [header(n, lang) if n is not None else None for n in df.index.names]
        if len(levels) == 1:
            out.index = pd.Index(levels[0], name=level_names[0])
        else:
            out.index = pd.MultiIndex.from_arrays(levels, names=level_names)
    return out


def _meaningful_index(index: pd.Index) -> bool:
    """Whether a table's index says something: named, or not plain row numbers (a filtered
    frame's leftover integer labels are not shown)."""
    if any(n is not None for n in index.names):
        return True
    return not pd.api.types.is_integer_dtype(index.dtype)


def _markdown_table(shown: pd.DataFrame, with_index: bool) -> str:
    # Written by hand: a pipe table is a few lines, and tabulate (what DataFrame.to_markdown
    # needs) is not a dependency of the package.
    def row(cells: list[Any]) -> str:
        return "| " + " | ".join(md_escape(c) for c in cells) + " |"

    def col_name(c: Any) -> str:
        return " / ".join(map(str, c)) if isinstance(c, tuple) else str(c)

    idx_names = [n if n is not None else "" for n in shown.index.names] if with_index else []
    head = [*idx_names, *(col_name(c) for c in shown.columns)]
    lines = [row(head), "| " + " | ".join("---" for _ in head) + " |"]
    for i in range(len(shown)):
        idx = shown.index[i] if with_index else ()
        idx_cells = list(idx) if isinstance(idx, tuple) else ([idx] if with_index else [])
        lines.append(row([*idx_cells, *shown.iloc[i].tolist()]))
    return "\n".join(lines)


def show_table(
    df: pd.DataFrame,
    *,
    lang: str,
    caption: str | None = None,
    digits: int = 2,
    formats: Mapping[str, str] | None = None,
    source: str | None = None,
) -> Rich:
    """Render a table for a chapter: translated (see :func:`localize`) and deterministic.

    The HTML comes from pandas' Styler with a ``uuid`` derived from the table's content (so it
    is the same in every run and distinct between tables), numeric columns right-aligned.
    ``source`` (a sentence in the chapter's language, e.g. ``资料来源：规划文本``) is stored in
    the output's metadata (``gxq.source``) for the review document's source line.
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"show_table needs a DataFrame, got {type(df).__name__}")
    shown = localize(df, lang=lang, digits=digits, formats=formats)
    with_index = _meaningful_index(df.index)
    text = shown.to_string(index=with_index)
    if caption:
        text = f"{caption}\n{text}"
    uuid = hashlib.sha256(f"{caption}\n{text}".encode()).hexdigest()[:10]
    numeric = [
        i
        for i, c in enumerate(df.columns)
        if pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c])
    ]
    styles = [
        {"selector": "", "props": "border-collapse: collapse; margin: 0.5em 0 1em 0;"},
        {
            "selector": "caption",
            "props": "caption-side: top; text-align: left; "
            "font-weight: bold; padding-bottom: 0.3em;",
        },
        {"selector": "th, td", "props": "padding: 0.2em 0.6em; border-bottom: 1px solid #ddd;"},
        {"selector": "thead th", "props": "border-bottom: 2px solid #555; text-align: left;"},
        *({"selector": f"td.col{i}", "props": "text-align: right;"} for i in numeric),
    ]
    sty = Styler(shown, uuid=uuid, cell_ids=False)
    sty = sty.format(escape="html").format_index(escape="html", axis=1)
    sty = sty.format_index(escape="html", axis=0) if with_index else sty.hide(axis="index")
    sty = sty.set_table_attributes('class="gxq-table"').set_table_styles(styles)
    if caption:
        sty = sty.set_caption(html.escape(caption))
    md = _markdown_table(shown, with_index)
    if caption:
        md = f"**{md_escape(caption)}**\n\n{md}"
    meta = {"gxq": {"source": source}} if source else None
    return Rich(html=sty.to_html(), markdown=md, text=text, meta=meta)
