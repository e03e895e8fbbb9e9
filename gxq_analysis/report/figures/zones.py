"""Zone figures: one indicator's time series by zone, and the zones' gaps to the benchmarks
(bars per scope, a zones × indicators heatmap)."""

from __future__ import annotations

import math
import textwrap
import warnings
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, MaxNLocator

from ...errors import DataError
from ...evaluation.scopes import numbers_only
from ...options import check_choice
from ...plan.breaks import breaks_for
from ...plan.codebook import RATIOS, add_ratios
from ...plan.zones import TIER_NAMES, load_zones, resolve_zone
from ..fonts import figure_lang
from ..strings import fmt_num, has_key, indicator_unit, label, scope_label, t, unit_label
from .style import FIGSIZE, GREY, chapter_figure, data_note, one_indicator, require_columns

__all__ = ["gap_bars", "gap_heatmap", "line_by_zone"]


def _zone_palette(n: int) -> list[tuple[float, float, float]]:
    """Distinct colours for ``n`` lines: seaborn's ``deep`` up to 10, else tab20 with its
    strong shades first (tab20 in order pairs each colour with its own light shade)."""
    if n <= 10:
        return list(sns.color_palette("deep", n_colors=max(n, 1)))
    tab = list(sns.color_palette("tab20", 20))
    return (tab[0::2] + tab[1::2])[:n]


def _gap_unit(code: str, lang: str) -> str:
    unit = indicator_unit(code)
    if unit is None:
        return ""
    if unit == "%":  # a difference of percentages is in percentage points
        return t("unit.pp", lang)
    return unit_label(unit, lang)


def _zones(values: Iterable[str] | str | None, present: Sequence[str], name: str) -> list[str]:
    if values is None:
        return list(present)
    if isinstance(values, str):
        values = [values]
    out = []
    for v in values:
        z = resolve_zone(v)
        check_choice(name, z, tuple(present))
        out.append(z)
    return list(dict.fromkeys(out))


def _fill(text: str, width: float, fontsize: float) -> str:
    """``text`` in lines of about ``width`` inches at ``fontsize`` points: at spaces when it
    has them (a Latin letter about 0.55 em wide), else every so many characters (a Chinese
    character 1 em)."""
    em = fontsize / 72
    if " " in text:
        return textwrap.fill(text, max(6, int(width / (0.55 * em))), break_on_hyphens=False)
    lines = math.ceil(len(text) / max(2, int(width / em)))
    n = math.ceil(len(text) / lines)  # lines of even length, not a full one and a stub
    return "\n".join(text[i : i + n] for i in range(0, len(text), n))


def _heatmap(ax: Any, rel: pd.DataFrame, gap: pd.DataFrame, lang: str) -> None:
    """seaborn's heatmap of ``rel`` (colour) annotated with ``gap`` (one decimal)."""
    sns.heatmap(
        rel.to_numpy(float),
        ax=ax,
        cmap="RdBu",
        vmin=-0.5,
        vmax=0.5,
        center=0.0,
        annot=gap.to_numpy(float),
        fmt=".1f",
        annot_kws={"fontsize": 8},
        linewidths=0.5,
        linecolor="white",
        cbar_kws={"label": t("fig.heat_colour", lang), "format": "{x:.0%}"},
    )


def gap_heatmap(
    progress: pd.DataFrame,
    *,
    lang: str,
    synthetic: bool | None = None,
    source: str | None = None,
) -> Figure:
    """Zones × indicators: each zone's gap to the benchmark, in one picture.

    Parameters
    ----------
    progress
        Rows of :func:`gxq_analysis.benchmark_progress` (columns ``scope``, ``indicator``,
        ``gap``, ``benchmark``); zone rows are drawn, in the registry's order.

    Notes
    -----
    Each cell prints the gap (value − benchmark, in the indicator's unit; percentage points for
    ratios) and is coloured by the gap relative to the benchmark, red below and blue above,
    saturating at ±50%, so that indicators of different scales read alike.
    """
    lang = figure_lang(lang)
    df = require_columns(progress, ["scope", "indicator", "gap", "benchmark"], "gap_heatmap")
    zones = [z for z in load_zones().index if z in set(df["scope"])]
    if not zones:
        raise DataError("gap_heatmap: no zone rows in the table (scope_kind 'zone')")
    df = df[df["scope"].isin(zones)]
    indicators = list(dict.fromkeys(df["indicator"].astype(str)))
    gap = df.pivot_table(index="scope", columns="indicator", values="gap", aggfunc="first")
    bench = df.pivot_table(index="scope", columns="indicator", values="benchmark",
                           aggfunc="first")  # fmt: skip
    gap, bench = (
        gap.reindex(index=zones, columns=indicators),
        bench.reindex(index=zones, columns=indicators),
    )
    rel = (gap / bench.abs()).clip(-0.5, 0.5)
    height = max(FIGSIZE[1], 0.32 * len(zones) + 1.6)
    with chapter_figure(lang, figsize=(FIGSIZE[0], height)) as fig:
        ax = fig.add_subplot()
        with warnings.catch_warnings():
            # seaborn 0.13 calls a matplotlib colormap method that matplotlib plans to retire
            warnings.filterwarnings("ignore", "The set_bad function", PendingDeprecationWarning)
            _heatmap(ax, rel, gap, lang)
        ax.set_yticks(np.arange(len(zones)) + 0.5)
        ax.set_yticklabels([scope_label(z, lang) for z in zones], rotation=0)
        ax.set_xticks(np.arange(len(indicators)) + 0.5)
        # each name broken to its column's width: long English names ran into each other
        # (the heatmap takes ~60% of the width beside English zone names, ~70% beside Chinese)
        share = 0.7 if lang == "zh" else 0.6
        column = share * fig.get_figwidth() / len(indicators)  # inches
        names = [_fill(label(i, lang, unit=False), column, 8) for i in indicators]
        ax.set_xticklabels(names, rotation=0, fontsize=8)
        ax.set_xlabel("")
        ax.set_ylabel("")
        ax.set_title(t("fig.heat_title", lang))
        data_note(fig, progress, synthetic=synthetic, source=source, lang=lang)
    return fig


def line_by_zone(
    panel: pd.DataFrame,
    indicator: str,
    *,
    lang: str,
    zones: Iterable[str] | str | None = None,
    highlight: Iterable[str] | str | None = None,
    breaks: Iterable[int] | None = None,
    synthetic: bool | None = None,
    source: str | None = None,
) -> Figure:
    """Time series of one indicator, one line per zone, statistical breaks marked.

    Parameters
    ----------
    panel
        A zone panel: index ``(zone, year)`` (or columns ``zone`` and ``year``) and a column
        ``indicator`` in its canonical unit; a derived ratio (``rd_intensity``, ...) is
        computed from its inputs if absent.
    indicator
        Codebook code or derived ratio.
    lang : {"zh", "en"}
        Chapter language (the figure may fall back to English, see
        :func:`~gxq_analysis.report.fonts.figure_lang`).
    zones
        Zones to draw (any registered spelling), default all in the panel, in registry order.
    highlight
        Zones drawn in colour; the others in grey under one legend entry. Default: all in
        colour.
    breaks
        Years of statistical breaks, drawn as dashed lines between year-1 and year; default
        the breaks affecting the indicator (:func:`gxq_analysis.plan.breaks.breaks_for`)
        inside the plotted years; ``()`` for none.
    synthetic
        Whether to print the synthetic-data note; default ``panel.attrs["synthetic"]``.
    source
        Data file or source named in the note; default ``panel.attrs["source"]`` (shortened
        by :func:`~gxq_analysis.report.provenance.display_path`).
    """
    lang = figure_lang(lang)
    if isinstance(panel, pd.DataFrame) and list(panel.index.names) == ["zone", "year"]:
        long = panel.reset_index()
    else:
        long = require_columns(panel, ["zone", "year"], "line_by_zone")
    if indicator not in long.columns and indicator in RATIOS:
        long = add_ratios(long, (indicator,))
    # only read here: pandas would copy the panel's provenance (its attrs, read from ``panel``
    # for the note) into every selection below, 40% of making this figure
    long = numbers_only(long)
    numeric = [c for c in long.columns if c not in ("zone", "year")]
    check_choice("indicator", indicator, tuple(numeric))
    order = [z for z in load_zones().index if z in set(long["zone"])]
    chosen = _zones(zones, order, "zones")
    shown = _zones(highlight, chosen, "highlight") if highlight is not None else chosen
    years = sorted(int(y) for y in long["year"].unique())
    if breaks is None:  # the breaks that affect this indicator (a ratio: either input)
        breaks = tuple(b.year for b in breaks_for(indicator, panel))
    breaks = tuple(breaks)
    palette = _zone_palette(len(shown))

    with chapter_figure(lang, (9.0, 5.0)) as fig:
        ax = fig.add_subplot()
        grey_drawn = False
        for zone in chosen:
            series = long[long["zone"] == zone].sort_values("year")
            x, y = series["year"].astype(int).to_numpy(), series[indicator].astype(float)
            if zone in shown:
                ax.plot(
                    x,
                    y.to_numpy(),
                    marker="o",
                    markersize=3,
                    linewidth=1.6,
                    color=palette[shown.index(zone)],
                    label=scope_label(zone, lang),
                    zorder=3,
                )
            else:
                ax.plot(
                    x,
                    y.to_numpy(),
                    color=GREY,
                    linewidth=0.9,
                    alpha=0.8,
                    label=None if grey_drawn else t("fig.other_zones", lang),
                    zorder=2,
                )
                grey_drawn = True
        for year in sorted(b for b in breaks if years[0] < b <= years[-1]):
            key = f"fig.break.{year}"
            text = t(key, lang) if has_key(key) else t("fig.break.other", lang, year=year)
            ax.axvline(year - 0.5, color="#444444", linestyle="--", linewidth=1, zorder=1)
            ax.annotate(
                text,
                xy=(year - 0.5, 1.0),
                xycoords=("data", "axes fraction"),
                xytext=(3, -3),
                textcoords="offset points",
                ha="left",
                va="top",
                fontsize=8,
                color="#444444",
            )
        ax.set_xlim(years[0] - 0.5, years[-1] + 0.5)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(t("fig.year", lang))
        ax.set_ylabel(label(indicator, lang))
        ax.set_title(
            t(
                "fig.trend_title",
                lang,
                indicator=label(indicator, lang, unit=False),
                start=years[0],
                end=years[-1],
            )
        )
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
        data_note(fig, panel, synthetic=synthetic, source=source, lang=lang)
    return fig


#: Kinds of scope in gap_bars -> legend string.
_KIND_KEYS = {"zone": "col.zone", "tier": "col.tier", "level": "col.level", "group": "fig.group"}


def _scope_kind(scope: str) -> str:
    if scope in load_zones().index:
        return "zone"
    if scope in TIER_NAMES:
        return "tier"
    if scope in ("national_zones", "provincial_zones"):
        return "level"
    return "group"


def gap_bars(
    progress: pd.DataFrame,
    *,
    lang: str,
    indicator: str | None = None,
    year: int | None = None,
    synthetic: bool | None = None,
    source: str | None = None,
) -> Figure:
    """Gap to the benchmark of one indicator, one horizontal bar per scope.

    Parameters
    ----------
    progress
        Columns ``scope`` (zone id, tier or group), ``gap`` (value − benchmark in the
        indicator's unit, percentage points for ratios: the convention of
        :func:`gxq_analysis.benchmark_progress`, whose table can be passed as it is) and, when
        it holds several indicators, ``indicator``.
        An optional ``baseline_gap`` column (the gap in the baseline year) is drawn as an open
        marker. Rows are drawn top to bottom in the table's order.
    indicator
        Which indicator to draw, required when ``progress`` holds several.
    year
        End year of the review, named on the axis; default the table's ``year`` column when it
        holds a single year.
    synthetic, source
        The data note, as in :func:`line_by_zone` (default ``progress.attrs["synthetic"]``).
    """
    lang = figure_lang(lang)
    df = one_indicator(
        require_columns(progress, ["scope", "gap"], "gap_bars"), indicator, "gap_bars"
    )
    code = str(df["indicator"].iloc[0]) if "indicator" in df.columns else indicator
    scopes = df["scope"].astype(str).tolist()
    gap = df["gap"].astype(float).to_numpy()
    base_gap = df["baseline_gap"].astype(float).to_numpy() if "baseline_gap" in df else None
    kinds = [_scope_kind(s) for s in scopes]
    if year is None and "year" in df.columns and df["year"].nunique() == 1:
        year = int(df["year"].iloc[0])
    colors = dict(zip(_KIND_KEYS, sns.color_palette("deep", len(_KIND_KEYS)), strict=True))
    height = max(3.0, 1.2 + 0.32 * len(scopes))
    with chapter_figure(lang, (8.0, height)) as fig:
        ax = fig.add_subplot()
        pos = np.arange(len(scopes))[::-1]  # first row at the top
        ax.barh(pos, np.nan_to_num(gap), color=[colors[k] for k in kinds], height=0.6, zorder=2)
        handles: list[Any] = [
            Patch(color=colors[k], label=t(_KIND_KEYS[k], lang)) for k in _KIND_KEYS if k in kinds
        ]
        if base_gap is not None:
            ax.scatter(
                base_gap, pos, marker="o", facecolors="white", edgecolors="black", zorder=3, s=28
            )
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="o",
                    linestyle="",
                    markerfacecolor="white",
                    markeredgecolor="black",
                    label=t("fig.gap_baseline", lang),
                )
            )
        for p, g in zip(pos, gap, strict=True):
            right = bool(np.isnan(g) or g >= 0)
            ax.annotate(
                fmt_num(g, 1, lang=lang),
                xy=(0 if np.isnan(g) else g, p),
                xytext=(3 if right else -3, 0),
                textcoords="offset points",
                ha="left" if right else "right",
                va="center",
                fontsize=8,
            )
        values = np.concatenate([gap, base_gap if base_gap is not None else [], [0.0]])
        values = values[np.isfinite(values)]
        lo, hi = float(values.min()), float(values.max())
        pad = 0.15 * max(hi - lo, 1e-9)  # room for the value labels
        ax.set_xlim(lo - pad if lo < 0 else 0, hi + pad if hi > 0 else pad)
        ax.axvline(0, color="black", linewidth=0.8, zorder=1)
        ax.yaxis.set_major_locator(FixedLocator(pos))
        ax.set_yticklabels([scope_label(s, lang) for s in scopes])
        ax.grid(axis="y", visible=False)
        unit = _gap_unit(code, lang) if code else ""
        what = t("fig.gap_end", lang, year=year) if year else t("fig.gap_end_plain", lang)
        if unit:
            what = f"{what}（{unit}）" if lang == "zh" else f"{what} ({unit})"
        ax.set_xlabel(what)
        name = label(code, lang, unit=False) if code else t("col.gap", lang)
        ax.set_title(t("fig.gap_title", lang, indicator=name))
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
        data_note(fig, progress, synthetic=synthetic, source=source, lang=lang)
    return fig
