"""Policy figures: event-study coefficients, treated against synthetic paths, in-space
placebo gaps and coefficient plots."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedLocator

from ...errors import DataError
from ..fonts import figure_lang
from ..strings import has_key, label, t, term_label
from .style import GREY, RED, chapter_figure, data_note, require_columns

__all__ = ["coef_plot", "event_study_plot", "placebo_gaps_plot", "synth_paths_plot"]


def _aliased(df: pd.DataFrame, aliases: dict[str, tuple[str, ...]]) -> pd.DataFrame:
    """Rename the first present alias of each canonical column to its canonical name."""
    renames = {}
    for canonical, names in aliases.items():
        if canonical not in df.columns:
            found = next((n for n in names if n in df.columns), None)
            if found is not None:
                renames[found] = canonical
    return df.rename(columns=renames) if renames else df


def _start_line(ax: Any, start: Any, lang: str, x: float | None = None) -> None:
    """The dashed line half a period before ``start`` (or at ``x``), labelled as the approval."""
    x = float(start) - 0.5 if x is None else x
    ax.axvline(x, color=RED, linestyle="--", linewidth=1.2, zorder=1)
    ax.annotate(
        t("fig.treatment_start", lang, start=start),
        xy=(x, 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(4, -4),
        textcoords="offset points",
        ha="left",
        va="top",
        fontsize=8,
        color=RED,
    )


def event_study_plot(
    es: pd.DataFrame,
    *,
    lang: str,
    start: int = 2016,
    reference: int = -1,
    outcome: str | None = None,
    log_points: bool = True,
    level: int = 95,
    synthetic: bool | None = None,
    source: str | None = None,
) -> Figure:
    """Event-study coefficients with confidence intervals around the treatment start.

    Parameters
    ----------
    es
        Columns ``event_time`` (integer years relative to ``start``; alias ``rel_time``),
        ``estimate`` (alias ``coef``), ``ci_lower``, ``ci_upper`` — the event-study table of
        :func:`gxq_analysis.did` as it is. The reference period, normalised to 0, may be a
        row (its CI may be NaN) or absent; it is drawn as an open marker at 0 either way.
    start
        Calendar year of the treatment start (the demonstration zone: 2016); the dashed line
        sits between event times -1 and 0 and tick labels show calendar years too.
    reference
        Event time of the omitted period.
    outcome
        Outcome code for the title.
    log_points
        Label the effect axis in log points (outcomes in logs, the DiD default).
    level
        Confidence level of the intervals, for the legend.
    """
    lang = figure_lang(lang)
    if isinstance(es, pd.DataFrame):
        es = _aliased(es, {"event_time": ("rel_time",), "estimate": ("coef",)})
    df = require_columns(es, ["event_time", "estimate", "ci_lower", "ci_upper"], "event_study_plot")
    df = df.sort_values("event_time")
    k = df["event_time"].astype(int).to_numpy()
    est = df["estimate"].astype(float).to_numpy()
    lo, hi = df["ci_lower"].astype(float).to_numpy(), df["ci_upper"].astype(float).to_numpy()
    is_ref = k == reference
    with chapter_figure(lang) as fig:
        ax = fig.add_subplot()
        ax.axhline(0, color="black", linewidth=0.8, zorder=1)
        _start_line(ax, start, lang, x=-0.5)  # event time: between -1 and 0
        keep = ~is_ref
        ax.errorbar(
            k[keep],
            est[keep],
            yerr=np.vstack([est[keep] - lo[keep], hi[keep] - est[keep]]),
            fmt="o",
            color=sns.color_palette("deep")[0],
            ecolor=sns.color_palette("deep")[0],
            capsize=3,
            markersize=5,
            label=t("fig.ci", lang, level=level),
            zorder=3,
        )
        ax.plot(
            [reference],
            [0.0],
            marker="o",
            markersize=6,
            markerfacecolor="white",
            markeredgecolor="black",
            linestyle="",
            label=t("fig.reference", lang),
            zorder=4,
        )
        ticks = sorted(set(k.tolist()) | {reference})
        ax.xaxis.set_major_locator(FixedLocator(ticks))
        # U+2212 like matplotlib's own tick labels (axes.unicode_minus), not a hyphen
        ax.set_xticklabels([f"{x}\n{start + x}".replace("-", "\u2212") for x in ticks])
        ax.set_xlim(ticks[0] - 0.6, ticks[-1] + 0.6)
        ax.set_xlabel(t("fig.es_xlabel", lang, start=start))
        ax.set_ylabel(t("fig.es_ylabel" if log_points else "fig.es_ylabel_plain", lang))
        ax.set_title(
            t("fig.es_title", lang, outcome=label(outcome, lang, unit=False))
            if outcome
            else t("section.event_study", lang)
        )
        ax.legend(loc="lower right", fontsize=8)
        data_note(fig, es, synthetic=synthetic, source=source, lang=lang)
    return fig


def _year_axis(ax: Any, years: np.ndarray, lang: str) -> None:
    """A tick and label at every period, the axis named as years."""
    ax.xaxis.set_major_locator(FixedLocator(years))
    ax.set_xticklabels([str(int(v)) for v in years])
    ax.set_xlabel(t("fig.year", lang))


def synth_paths_plot(
    trajectory: pd.DataFrame,
    *,
    lang: str,
    start: int = 2016,
    outcome: str | None = None,
    estimator: str = "sdid",
    log: bool = True,
    synthetic: bool | None = None,
    source: str | None = None,
) -> Figure:
    """The treated zones' mean path beside its synthetic counterpart.

    Parameters
    ----------
    trajectory
        Indexed by period with columns ``treated`` and ``synthetic`` — the ``trajectory`` of
        :func:`gxq_analysis.synth_did` as it is.
    start
        First treated period (a dashed line half a period before it).
    estimator
        ``"sdid"``, ``"sc"`` or ``"did"``, for the legend.
    log
        The values are logs of the outcome (``synth_did``'s default).
    """
    lang = figure_lang(lang)
    df = require_columns(trajectory, ["treated", "synthetic"], "synth_paths_plot")
    x = np.asarray(df.index, dtype=float)
    deep = sns.color_palette("deep")
    with chapter_figure(lang) as fig:
        ax = fig.add_subplot()
        _start_line(ax, start, lang)
        ax.plot(x, df["treated"].to_numpy(float), color=deep[3], linewidth=2.2, marker="o",
                markersize=4, label=t("fig.treated_mean", lang), zorder=3)  # fmt: skip
        ax.plot(x, df["synthetic"].to_numpy(float), color=deep[0], linewidth=2.0,
                linestyle="-.", label=t(f"fig.synthetic.{estimator}", lang), zorder=2)  # fmt: skip
        _year_axis(ax, x, lang)
        ax.set_ylabel(t("fig.log_value" if log else "fig.value", lang))
        name = label(outcome, lang, unit=False) if outcome else ""
        ax.set_title(t("fig.synth_title", lang, outcome=name))
        ax.legend(loc="upper left", fontsize=8)
        data_note(fig, trajectory, synthetic=synthetic, source=source, lang=lang)
    return fig


def placebo_gaps_plot(
    gaps: pd.DataFrame,
    treated_gap: pd.Series,
    *,
    lang: str,
    start: int = 2016,
    outcome: str | None = None,
    synthetic: bool | None = None,
    source: str | None = None,
) -> Figure:
    """In-space placebo: every placebo's gap path in grey, the treated zones' gap in colour.

    Parameters
    ----------
    gaps
        Indexed by period, one column per placebo set (``SynthDiDResult.placebo_gaps``).
    treated_gap
        The treated zones' gap (treated minus synthetic), indexed by the same periods.
    """
    lang = figure_lang(lang)
    if not isinstance(gaps, pd.DataFrame) or gaps.empty:
        raise DataError("placebo_gaps_plot: no placebo gaps (run synth_did with in_space=True)")
    x = np.asarray(gaps.index, dtype=float)
    with chapter_figure(lang) as fig:
        ax = fig.add_subplot()
        _start_line(ax, start, lang)
        ax.axhline(0, color="black", linewidth=0.8, zorder=1)
        ax.plot(x, gaps.to_numpy(float), color=GREY, linewidth=0.8, alpha=0.6, zorder=2)
        ax.plot(x, treated_gap.reindex(gaps.index).to_numpy(float), color=RED, linewidth=2.4,
                marker="o", markersize=4, zorder=3)  # fmt: skip
        handles = [
            Line2D([], [], color=GREY, linewidth=1.0, label=t("fig.placebo_paths", lang)),
            Line2D([], [], color=RED, linewidth=2.4, label=t("fig.treated_mean", lang)),
        ]
        ax.legend(handles=handles, loc="upper left", fontsize=8)
        _year_axis(ax, x, lang)
        ax.set_ylabel(t("fig.gap_ylabel", lang))
        name = label(outcome, lang, unit=False) if outcome else ""
        ax.set_title(t("fig.placebo_title", lang, outcome=name))
        data_note(fig, gaps, synthetic=synthetic, source=source, lang=lang)
    return fig


def coef_plot(
    table: pd.DataFrame,
    *,
    lang: str,
    level: int = 95,
    synthetic: bool | None = None,
    source: str | None = None,
) -> Figure:
    """Coefficients with confidence intervals, one row per term, one colour per model.

    Parameters
    ----------
    table
        Columns ``term`` (alias ``variable``), ``estimate`` (aliases ``coef``, ``params``),
        ``ci_lower``, ``ci_upper``; optional ``model`` (one
        series per model, e.g. ``fe``/``re``, labelled by ``model.*`` strings) and ``label``
        (display name of the term; default :func:`~gxq_analysis.report.strings.term_label`).
        Terms are drawn top to bottom in order of first appearance.
    level
        Confidence level of the intervals, for the axis label.
    """
    lang = figure_lang(lang)
    if isinstance(table, pd.DataFrame):
        table = _aliased(table, {"estimate": ("coef", "params"), "term": ("variable",)})
    df = require_columns(table, ["term", "estimate", "ci_lower", "ci_upper"], "coef_plot")
    terms = list(dict.fromkeys(df["term"].astype(str)))
    if "label" in df.columns:
        names = dict(zip(df["term"].astype(str), df["label"].astype(str), strict=True))
    else:
        names = {term: term_label(term, lang) for term in terms}
    models = list(dict.fromkeys(df["model"].astype(str))) if "model" in df.columns else [None]
    palette = sns.color_palette("deep", n_colors=max(len(models), 1))
    step = 0.7 / max(len(models), 1)
    height = max(3.0, 1.4 + 0.45 * len(terms) * max(1, len(models) ** 0.5))
    with chapter_figure(lang, (8.0, height)) as fig:
        ax = fig.add_subplot()
        base = np.arange(len(terms))[::-1].astype(float)
        for i, model in enumerate(models):
            sub = df if model is None else df[df["model"].astype(str) == model]
            pos = base[[terms.index(x) for x in sub["term"].astype(str)]]
            offset = (i - (len(models) - 1) / 2) * step
            est = sub["estimate"].astype(float).to_numpy()
            lo, hi = sub["ci_lower"].astype(float), sub["ci_upper"].astype(float)
            key = f"model.{model}"
            name = None if model is None else (t(key, lang) if has_key(key) else model)
            ax.errorbar(
                est,
                pos - offset,
                xerr=np.vstack([est - lo.to_numpy(), hi.to_numpy() - est]),
                fmt="o",
                color=palette[i],
                capsize=3,
                markersize=5,
                label=name,
                zorder=3,
            )
        ax.axvline(0, color="black", linewidth=0.8, zorder=1)
        ax.yaxis.set_major_locator(FixedLocator(base))
        ax.set_yticklabels([names[x] for x in terms])
        ax.set_ylim(-0.7, len(terms) - 0.3)
        ax.grid(axis="y", visible=False)
        ax.set_xlabel(t("fig.coef_xlabel", lang, level=level))
        ax.set_title(t("fig.coef_title", lang))
        if models != [None]:
            ax.legend(loc="lower right", fontsize=8)
        data_note(fig, table, synthetic=synthetic, source=source, lang=lang)
    return fig
