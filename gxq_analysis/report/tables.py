"""Regression tables: several :class:`~gxq_analysis.models.panel.PanelFit` side by side.

:func:`regression_table` lays out one column per fit: each coefficient with its stars and, on
the row below, its standard error (or t statistic) in parentheses; then optional caller rows
(e.g. a wild-bootstrap p-value); then the estimator, the covariance and its small-sample
convention, entity and time fixed effects, observations, entities, R² and which R² it is. Labels
come from the codebook in Chinese or English; logged and lagged regressors are marked
``ln … (t−1)``.

Numbers are formatted with fixed decimals by Python's format mini-language, which never reads
the locale, so the same fits give byte-identical Markdown, LaTeX and HTML on every machine.
The three renderers are written out here rather than taken from pandas: ``DataFrame.to_markdown``
needs ``tabulate``, which is not a dependency of this package (it only arrives with the test
extras), and neither pandas' ``to_latex``/``to_html`` nor ``Styler`` can draw a rule between
the coefficient block and the model rows or carry the notes under the table.
"""

from __future__ import annotations

import html
import math
import numbers
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import pandas as pd

from ..errors import OptionError
from ..models.panel import PanelFit, dk_bandwidth  # dk_bandwidth: the bandwidth fit_panel used
from ..options import check_choice, check_lang
from .strings import STRINGS, label as display_label

__all__ = ["RegressionTable", "regression_table"]

SE_CHOICES = ("std_errors", "tstats")
MINUS = "\u2212"  # the minus sign of "(t−1)"
FEW_CLUSTERS = 30  # below this, cluster-robust p-values over-reject (Cameron & Miller 2015)


def _key(key: str) -> str:
    """String-table key of a table word: ``r2.two-way within`` -> ``table.r2.two_way_within``."""
    key = re.sub(r"[\s\-]+", "_", key)
    return key if key.startswith(("model.", "list.")) else f"table.{key}"


def _t(key: str, lang: str, **fields: Any) -> str:
    # the table's words live in report.strings with every other string ("table.*"; model
    # names are shared with the chapters as "model.*"); plain str.format, as the fields here
    # are already formatted text
    text = STRINGS[_key(key)][0 if lang == "zh" else 1]
    return text.format(**fields) if fields else text


def _sep(lang: str) -> str:
    return "；" if lang == "zh" else "; "


# ------------------------------------------------------------------------------------------
# numbers


def _fmt(value: Any, digits: int) -> str:
    """Fixed decimals, '' for missing, no negative zero."""
    if value is None:
        return ""
    v = float(value)
    if math.isnan(v):
        return ""
    s = f"{v:.{digits}f}"
    return s[1:] if s.startswith("-") and float(s) == 0 else s


def _stars(p: float, thresholds: tuple[float, ...]) -> str:
    if p is None or math.isnan(p):
        return ""
    return "*" * sum(p < th for th in thresholds)


def _cell(value: Any, digits: int) -> str:
    """A caller's extra cell: numbers formatted like the table, text as given."""
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return _fmt(value, digits)
    return str(value)


# ------------------------------------------------------------------------------------------
# labels


def _term(fit: Any, name: str) -> tuple[str, bool, int]:
    """(variable, logged, lag) of a coefficient: the spec's log/lags decide its row."""
    spec = fit.spec
    if name == "const":
        return ("const", False, 0)
    return (name, name in spec.log, dict(spec.lags).get(name, 0))


def _term_label(term: tuple[str, bool, int], lang: str, labels: Mapping[str, str]) -> str:
    name, logged, lag = term
    if name == "const":
        return labels.get("const", _t("const", lang))
    base = labels.get(name) or display_label(name, lang, unit=False)
    text = f"ln {base}" if logged else base
    return f"{text} (t{MINUS}{lag})" if lag else text


def _y_label(fit: Any, lang: str, labels: Mapping[str, str]) -> str:
    y = fit.spec.y
    return _term_label((y, y in fit.spec.log, 0), lang, labels)


def _cov_text(fit: Any, lang: str) -> str:
    spec = fit.spec
    fields = {}
    if spec.cov == "driscoll-kraay":
        fields["bw"] = dk_bandwidth(spec, fit.n_periods)
    what = _t(f"cov.{spec.cov}", lang, **fields)
    conv = _t(f"conv.{spec.small_sample}", lang)
    return f"{what}（{conv}）" if lang == "zh" else f"{what} ({conv})"


def _r2_kind(kind: str, lang: str) -> str:
    key = f"r2.{kind}"
    return _t(key, lang) if _key(key) in STRINGS else kind


# ------------------------------------------------------------------------------------------
# the table


@dataclass(frozen=True)
class RegressionTable:
    """Fits side by side, with Markdown, LaTeX and HTML renderings.

    Attributes
    ----------
    frame : pandas.DataFrame
        Every cell as text; the index (named "变量"/"Variable") holds the row labels, the row
        below each coefficient has an empty label and the standard error (or t) in parentheses.
    kinds : tuple of str
        What each row of ``frame`` is: ``"dependent"``, ``"coef"``, ``"se"``, ``"extra"`` or
        ``"model"``; the renderers draw rules between these blocks.
    notes : tuple of str
        Lines printed under the table (stars, what is in parentheses, few-cluster warning).
    lang : str
        ``"zh"`` or ``"en"``.
    """

    frame: pd.DataFrame
    kinds: tuple[str, ...]
    notes: tuple[str, ...]
    lang: str

    # -- helpers -----------------------------------------------------------------------------
    def _blocks(self) -> list[list[int]]:
        """Row positions grouped into dependent / coefficients+extra / model blocks."""
        groups = {"dependent": 0, "coef": 1, "se": 1, "extra": 1, "model": 2}
        out: list[list[int]] = [[], [], []]
        for i, kind in enumerate(self.kinds):
            out[groups[kind]].append(i)
        return [b for b in out if b]

    def _note_text(self) -> str:
        return (
            _t("note.prefix", self.lang)
            + _sep(self.lang).join(self.notes)
            + ("。" if self.lang == "zh" else ".")
        )

    # -- renderers ---------------------------------------------------------------------------
    def to_markdown(self) -> str:
        """A pipe table (GitHub/Pandoc Markdown) followed by the notes.

        ``*`` and ``|`` are backslash-escaped so that stars are not read as emphasis or list
        bullets.
        """

        def esc(s: str) -> str:
            return s.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*")

        header = [str(self.frame.index.name), *map(str, self.frame.columns)]
        lines = [
            "| " + " | ".join(esc(h) for h in header) + " |",
            "| :--- | " + " | ".join(":---:" for _ in self.frame.columns) + " |",
        ]
        for label, row in zip(self.frame.index, self.frame.itertuples(index=False), strict=True):
            lines.append("| " + " | ".join(esc(str(c)) for c in (label, *row)) + " |")
        return "\n".join(lines) + "\n\n" + esc(self._note_text()) + "\n"

    def to_latex(self) -> str:
        """A booktabs ``tabular`` with the notes in a last row spanning the table.

        Needs ``\\usepackage{booktabs}``; Chinese tables need a CJK setup (``ctex``, XeLaTeX).
        """
        ncol = len(self.frame.columns)
        spec = "l" + "c" * ncol
        header = [str(self.frame.index.name), *map(str, self.frame.columns)]
        out = [f"\\begin{{tabular}}{{{spec}}}", "\\toprule", _latex_row(header), "\\midrule"]
        for b, block in enumerate(self._blocks()):
            if b:
                out.append("\\midrule")
            for i in block:
                cells = [str(self.frame.index[i]), *map(str, self.frame.iloc[i])]
                out.append(_latex_row(cells))
        out.append("\\bottomrule")
        note = _latex_escape(self._note_text())
        out.append(
            f"\\multicolumn{{{ncol + 1}}}{{p{{0.95\\linewidth}}}}{{\\footnotesize {note}}}\\\\"
        )
        out.append("\\end{tabular}")
        return "\n".join(out) + "\n"

    def to_html(self) -> str:
        """A self-contained HTML table (inline styles, no scripts) with the notes below."""
        e = html.escape
        line = "border-top:1px solid #000"
        thick = "border-top:2px solid #000"
        th = "padding:2px 10px;text-align:{a};{b}"
        head = [str(self.frame.index.name), *map(str, self.frame.columns)]
        cells = "".join(
            f"<th style='{th.format(a='left' if j == 0 else 'center', b=thick)}'>{e(h)}</th>"
            for j, h in enumerate(head)
        )
        rows = [f"<thead><tr>{cells}</tr></thead>", "<tbody>"]
        starts = {block[0] for block in self._blocks()}
        for i, label in enumerate(self.frame.index):
            border = line if i in starts else ""
            tds = [f"<td style='{th.format(a='left', b=border)}'>{e(str(label))}</td>"]
            tds += [
                f"<td style='{th.format(a='center', b=border)}'>{e(str(c))}</td>"
                for c in self.frame.iloc[i]
            ]
            rows.append("<tr>" + "".join(tds) + "</tr>")
        rows.append("</tbody>")
        span = len(head)
        rows.append(
            f"<tfoot><tr><td colspan='{span}' style='{thick};padding:4px 10px;"
            f"font-size:85%;text-align:left'>{e(self._note_text())}</td></tr></tfoot>"
        )
        return (
            "<table class='gxq-regression-table' style='border-collapse:collapse'>"
            + "".join(rows)
            + "</table>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def __str__(self) -> str:
        return self.to_markdown()


_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    MINUS: "$-$",
    "–": "--",
    "²": "$^2$",
    "<": "$<$",
    ">": "$>$",
}


def _latex_escape(s: str) -> str:
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in s)


def _latex_cell(s: str) -> str:
    # stars as superscripts: "0.110***" -> "0.110$^{***}$"
    body = s.rstrip("*")
    stars = s[len(body) :]
    if body.startswith("-") and body[1:].replace(".", "", 1).isdigit():
        body = MINUS + body[1:]  # a number's minus sign, not a hyphen
    out = _latex_escape(body)
    return out + (f"$^{{{stars}}}$" if stars else "")


def _latex_row(cells: Sequence[str]) -> str:
    return " & ".join(_latex_cell(c) for c in cells) + " \\\\"


# ------------------------------------------------------------------------------------------
# the function


def _check_fits(fits: Any) -> list[Any]:
    items = [fits] if isinstance(fits, PanelFit) else list(fits)
    if not items:
        raise OptionError("fits must hold at least one PanelFit")
    for i, f in enumerate(items):
        if not isinstance(f, PanelFit):
            raise OptionError(f"fits[{i}] is a {type(f).__name__}, not a PanelFit from fit_panel")
    return items


def _check_stars(stars: Any) -> tuple[float, ...]:
    try:
        out = tuple(float(s) for s in stars)
    except (TypeError, ValueError):
        raise OptionError(
            f"stars must be a sequence of p-value thresholds, got {stars!r}"
        ) from None
    if any(not 0 < s < 1 for s in out) or any(a <= b for a, b in pairwise(out)):
        raise OptionError(
            f"stars={stars!r}: thresholds must lie in (0, 1) and decrease, e.g. (0.1, 0.05, 0.01)"
        )
    return out


def regression_table(
    fits: Any,
    *,
    labels: Mapping[str, str] | None = None,
    lang: str = "zh",
    stars: Sequence[float] = (0.1, 0.05, 0.01),
    se: str = "std_errors",
    digits: int = 3,
    column_names: Sequence[str] | None = None,
    extra_rows: Mapping[str, Sequence[Any]] | None = None,
) -> RegressionTable:
    """Render fits side by side.

    Parameters
    ----------
    fits : PanelFit or sequence of PanelFit
        One column each, in order.
    labels : mapping, optional
        ``{variable: label}`` replacing the codebook name of a variable (``"const"`` included);
        ``ln`` and ``(t−L)`` marks are still added for logged and lagged regressors.
    lang : {"zh", "en"}
        Language of labels, row headers and notes.
    stars : sequence of float
        Decreasing p-value thresholds; a coefficient gets one star per threshold its p-value is
        below (strictly). ``()`` for no stars.
    se : {"std_errors", "tstats"}
        What goes in parentheses under each coefficient.
    digits : int
        Decimals of coefficients, standard errors, t statistics, R² and numeric extra cells.
    column_names : sequence of str, optional
        Column headers; default ``(1)``, ``(2)``, ...
    extra_rows : mapping, optional
        ``{row label: one value per fit}`` added under the coefficients, e.g. a wild-bootstrap
        p-value; numbers are formatted with ``digits``, text is shown as given, None is blank.

    Returns
    -------
    RegressionTable
        ``.frame``, ``.to_markdown()``, ``.to_latex()``, ``.to_html()``.

    Raises
    ------
    OptionError
        For any option outside its allowed values (the message lists them).
    """
    items = _check_fits(fits)
    check_lang(lang)
    check_choice("se", se, SE_CHOICES)
    if isinstance(digits, bool) or not isinstance(digits, int) or not 0 <= digits <= 12:
        raise OptionError(f"digits must be an integer from 0 to 12, got {digits!r}")
    thresholds = _check_stars(stars)
    labels = dict(labels or {})
    k = len(items)
    if column_names is None:
        columns = [f"({i + 1})" for i in range(k)]
    else:
        columns = [str(c) for c in column_names]
        if len(columns) != k:
            raise OptionError(f"column_names has {len(columns)} names for {k} fits")
        if len(set(columns)) != k:
            raise OptionError(f"column_names must be distinct, got {columns!r}")
    extras: list[tuple[str, list[str]]] = []
    for name, values in (extra_rows or {}).items():
        vals = [values] if isinstance(values, str) else list(values)
        if len(vals) != k:
            raise OptionError(f"extra_rows[{name!r}] has {len(vals)} values for {k} fits")
        extras.append((str(name), [_cell(v, digits) for v in vals]))

    # coefficient rows: terms in order of first appearance, the constant last
    terms: list[tuple[str, bool, int]] = []
    for f in items:
        for name in f.params.index:
            term = _term(f, name)
            if term not in terms:
                terms.append(term)
    terms.sort(key=lambda term: term[0] == "const")  # stable: only moves const down

    rows: list[tuple[str, list[str], str]] = [
        (_t("dependent", lang), [_y_label(f, lang, labels) for f in items], "dependent")
    ]
    for term in terms:
        est, par = [], []
        for f in items:
            names = [n for n in f.params.index if _term(f, n) == term]
            if not names:
                est.append("")
                par.append("")
                continue
            n = names[0]
            est.append(_fmt(f.params[n], digits) + _stars(float(f.pvalues[n]), thresholds))
            val = _fmt(getattr(f, se)[n], digits)  # PanelFit.std_errors or .tstats
            par.append(f"({val})" if val else "")
        rows.append((_term_label(term, lang, labels), est, "coef"))
        rows.append(("", par, "se"))
    rows += [(label, vals, "extra") for label, vals in extras]
    yes, no = _t("yes", lang), _t("no", lang)
    rows += [
        (_t("estimator", lang), [_t(f"model.{f.spec.model}", lang) for f in items], "model"),
        (_t("covariance", lang), [_cov_text(f, lang) for f in items], "model"),
        (_t("entity_fe", lang), [yes if f.entity_effects else no for f in items], "model"),
        (_t("time_fe", lang), [yes if f.time_effects else no for f in items], "model"),
        (_t("nobs", lang), [str(int(f.nobs)) for f in items], "model"),
        (_t("entities", lang), [str(int(f.n_entities)) for f in items], "model"),
        (_t("r2", lang), [_fmt(f.rsquared, digits) for f in items], "model"),
        (_t("r2_kind", lang), [_r2_kind(f.rsquared_kind, lang) for f in items], "model"),
    ]
    frame = pd.DataFrame(
        [vals for _, vals, _ in rows],
        index=pd.Index([label for label, _, _ in rows], name=_t("variable", lang), dtype=object),
        columns=pd.Index(columns, dtype=object),
        dtype=object,
    )

    notes = [_t("note.se" if se == "std_errors" else "note.tstats", lang)]
    if thresholds:
        sep = "，" if lang == "zh" else ", "
        notes.append(sep.join(f"{'*' * (i + 1)} p<{th:g}" for i, th in enumerate(thresholds)))
        notes.append(_t("note.pvalues", lang))
    few = [
        columns[i]
        for i, f in enumerate(items)
        if f.n_clusters is not None
        and f.spec.cov in ("cluster", "twoway")
        and f.n_clusters < FEW_CLUSTERS
    ]
    if few:
        notes.append(
            _t(
                "note.few_clusters",
                lang,
                cols=_t("list.sep", lang).join(few),
                n=FEW_CLUSTERS,
            )
        )
    return RegressionTable(
        frame=frame, kinds=tuple(kind for _, _, kind in rows), notes=tuple(notes), lang=lang
    )
