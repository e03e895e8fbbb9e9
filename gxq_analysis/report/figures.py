"""Chapter figures: readable, bilingual and byte-for-byte reproducible.

Every function takes plain DataFrames with the columns documented on it (the evaluation layer
produces them), draws on a fixed-size :class:`~matplotlib.figure.Figure` (not pyplot, so a
notebook shows each figure exactly once, through the figure formatter
:func:`configure_notebook` installs) and returns it. Text is in the figure language of
:func:`gxq_analysis.report.fonts.figure_lang`; Chinese text is drawn with the CJK font the
package installs from PyPI (never a system font). When the data are synthetic a red note says so
under the plot.

Determinism: figures are drawn under fixed rcParams (:func:`style_rc`), with fonts named
concretely; PNG files carry no ``Software`` chunk (it holds the matplotlib version), SVG files
no date and a fixed ``svg.hashsalt``, PDF files no dates or producer. Rendering the same figure
twice with the same libraries gives identical bytes.
"""

from __future__ import annotations

import io
import os
import warnings
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
import seaborn as sns
from IPython import get_ipython
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, MaxNLocator
from matplotlib_inline.config import InlineBackend

from ..errors import DataError, OptionError
from ..options import check_choice, check_lang
from ..plan.breaks import BREAKS, breaks_for
from ..plan.codebook import RATIOS, add_ratios
from ..plan.zones import TIER_NAMES, load_zones, resolve_zone
from .fonts import bold_weight, figure_lang, font_rc, setup_fonts
from .provenance import display_path
from .strings import (
    fmt_num,
    has_key,
    indicator_unit,
    label,
    province_label,
    scope_label,
    t,
    term_label,
    unit_label,
)

__all__ = [
    "DPI",
    "FIGSIZE",
    "PDF_METADATA",
    "PNG_METADATA",
    "STATISTICAL_BREAKS",
    "SVG_METADATA",
    "coef_plot",
    "configure_notebook",
    "event_study_plot",
    "figure_bytes",
    "gap_bars",
    "gap_heatmap",
    "line_by_zone",
    "placebo_gaps_plot",
    "province_compare",
    "save_figure",
    "style_rc",
    "synth_paths_plot",
]

#: Figure size in inches (width, height) and resolution: fixed so every build is the same.
FIGSIZE: tuple[float, float] = (8.0, 4.5)
DPI = 120
#: Metadata that removes version strings and dates from saved files.
PNG_METADATA: dict[str, Any] = {"Software": None}
SVG_METADATA: dict[str, Any] = {"Date": None, "Creator": None}
PDF_METADATA: dict[str, Any] = {
    "CreationDate": None,
    "ModDate": None,
    "Creator": None,
    "Producer": None,
}
_METADATA = {"png": PNG_METADATA, "svg": SVG_METADATA, "pdf": PDF_METADATA}
_SVG_HASHSALT = "gxq-analysis"
_SAVE_RC = {
    "svg.hashsalt": _SVG_HASHSALT,
    "savefig.bbox": None,
    "savefig.pad_inches": 0.1,
    "savefig.facecolor": "auto",
    "savefig.edgecolor": "auto",
    "savefig.transparent": False,
}

#: Years of Liaoning's statistical breaks (DESIGN §2), from the one list in
#: :mod:`gxq_analysis.plan.breaks`; a figure marks those that affect its indicator.
STATISTICAL_BREAKS: tuple[int, ...] = tuple(sorted({b.year for b in BREAKS}))

_RED = "#b00020"
_GREY = "#9a9a9a"
_NOTE_SPACE_INCHES = 0.32  # kept free under the axes for the data note


# ------------------------------------------------------------------------------------------
# style and output


def style_rc(lang: str) -> dict[str, Any]:
    """rcParams of chapter figures in figure language ``lang`` (``"zh"`` needs a CJK font).

    seaborn's ``whitegrid`` style and ``notebook`` context (fonts scaled down a little), the
    font of :func:`~gxq_analysis.report.fonts.font_rc`, fixed size, resolution and SVG salt.
    """
    check_lang(lang)
    rc: dict[str, Any] = {}
    rc.update(sns.axes_style("whitegrid"))
    rc.update(sns.plotting_context("notebook", font_scale=0.85))
    rc.update(font_rc(lang))  # after seaborn: its style names its own font list
    rc.update(
        {
            "figure.figsize": FIGSIZE,
            "figure.dpi": DPI,
            "savefig.dpi": DPI,
            "svg.hashsalt": _SVG_HASHSALT,
            "svg.fonttype": "path",
            "pdf.fonttype": 42,
            "axes.titleweight": bold_weight(lang),
            "legend.frameon": False,
        }
    )
    return rc


def _format_of(fmt: str) -> str:
    return check_choice("fmt", fmt.lower().lstrip("."), tuple(_METADATA))


def figure_bytes(fig: Figure, fmt: str = "png") -> bytes:
    """The figure as file bytes (``png``, ``svg`` or ``pdf``) with deterministic metadata."""
    fmt = _format_of(fmt)
    buf = io.BytesIO()
    # the savefig.* rcParams are read now, so a user's global settings must not leak in
    with mpl.rc_context(_SAVE_RC):
        fig.savefig(buf, format=fmt, dpi=fig.dpi, metadata=dict(_METADATA[fmt]))
    return buf.getvalue()


def save_figure(fig: Figure, path: str | os.PathLike[str]) -> Path:
    """Write the figure to ``path``; the suffix (``.png``, ``.svg``, ``.pdf``) sets the format."""
    path = Path(path)
    data = figure_bytes(fig, path.suffix or "png")
    path.write_bytes(data)
    return path


def configure_notebook(lang: str) -> str:
    """Set up a chapter notebook; its first code cell calls this.

    Configures the figure font (:func:`~gxq_analysis.report.fonts.setup_fonts`) and the figure
    style globally, makes the inline backend show figures as PNG without the version-bearing
    ``Software`` chunk (``matplotlib_inline``'s ``set_matplotlib_formats`` and the
    ``InlineBackend.print_figure_kwargs`` it reads), and fixes pandas' display options so text
    output does not depend on the terminal.

    Returns
    -------
    str
        The effective figure language (``"en"`` for a Chinese chapter without a CJK font).
    """
    effective = setup_fonts(lang)
    mpl.rcParams.update(style_rc(effective))
    for option, value in {
        "display.max_columns": 50,
        "display.max_rows": 200,
        "display.width": 120,
        "display.max_colwidth": 80,
        "display.precision": 4,
        "display.unicode.east_asian_width": True,
    }.items():
        pd.set_option(option, value)
    shell = get_ipython()
    if shell is not None:
        # lazy: importing matplotlib_inline.backend_inline inside a kernel activates the inline
        # backend (an import-time hook); that belongs here, in a notebook, after the style
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        cfg = InlineBackend.instance()
        cfg.print_figure_kwargs = {"bbox_inches": "tight", "metadata": dict(PNG_METADATA)}
        # registers the PNG formatter for Figure objects even if pyplot was never imported
        set_matplotlib_formats("png")
    return effective


def _zone_palette(n: int) -> list[tuple[float, float, float]]:
    """Distinct colours for ``n`` lines: seaborn's ``deep`` up to 10, else tab20 with its
    strong shades first (tab20 in order pairs each colour with its own light shade)."""
    if n <= 10:
        return list(sns.color_palette("deep", n_colors=max(n, 1)))
    tab = list(sns.color_palette("tab20", 20))
    return (tab[0::2] + tab[1::2])[:n]


@contextmanager
def _figure(lang: str, figsize: tuple[float, float] = FIGSIZE) -> Iterator[Figure]:
    """A new figure drawn under :func:`style_rc`; drawn once on exit so that lazily made
    texts (tick labels) take the figure's fonts now, not whatever rcParams rule later."""
    with mpl.rc_context(style_rc(lang)):
        fig = Figure(figsize=figsize, dpi=DPI, layout="constrained")
        FigureCanvasAgg(fig)
        yield fig
        fig.canvas.draw()


def _note(fig: Figure, df: Any, *, synthetic: bool | None, source: str | None, lang: str) -> None:
    """Write the data note under the axes: red for synthetic data, grey for a source.

    ``synthetic`` and ``source`` default to the data's ``attrs`` (``synthetic``, ``source``).
    """
    attrs = getattr(df, "attrs", {})
    if synthetic is None:
        synthetic = bool(attrs.get("synthetic", False))
    if source is None and attrs.get("source"):
        source = display_path(attrs["source"])  # never an absolute path
    if not synthetic and not source:
        return
    if synthetic:
        text = (
            t("fig.synthetic_note", lang, source=source)
            if source
            else t("fig.synthetic_note_plain", lang)
        )
        color, weight = _RED, bold_weight(lang)
    else:
        text, color, weight = t("fig.source_note", lang, source=source), "#555555", "normal"
    space = min(0.3, _NOTE_SPACE_INCHES / fig.get_figheight())
    fig.get_layout_engine().set(rect=(0, space, 1, 1 - space))
    fig.text(0.01, 0.015, text, ha="left", va="bottom", fontsize=8, color=color, weight=weight)


# ------------------------------------------------------------------------------------------
# input checks


def _require(df: Any, columns: Sequence[str], what: str) -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{what} needs a DataFrame, got {type(df).__name__}")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise DataError(
            f"{what}: missing column(s) {', '.join(missing)}; has: "
            + ", ".join(map(str, df.columns))
        )
    if df.empty:
        raise DataError(f"{what}: the table is empty")
    return df


def _aliased(df: pd.DataFrame, aliases: dict[str, tuple[str, ...]]) -> pd.DataFrame:
    """Rename the first present alias of each canonical column to its canonical name."""
    renames = {}
    for canonical, names in aliases.items():
        if canonical not in df.columns:
            found = next((n for n in names if n in df.columns), None)
            if found is not None:
                renames[found] = canonical
    return df.rename(columns=renames) if renames else df


def _one_indicator(df: pd.DataFrame, indicator: str | None, what: str) -> pd.DataFrame:
    if "indicator" not in df.columns:
        return df
    present = tuple(dict.fromkeys(df["indicator"].astype(str)))
    if indicator is None:
        if len(present) != 1:
            raise OptionError(
                f"{what}: the table holds several indicators; pass indicator= one of: "
                + ", ".join(repr(p) for p in present)
            )
        indicator = present[0]
    check_choice("indicator", indicator, present)
    return df[df["indicator"].astype(str) == indicator]


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


# ------------------------------------------------------------------------------------------
# figures


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
    df = _require(progress, ["scope", "indicator", "gap", "benchmark"], "gap_heatmap")
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
    with _figure(lang, figsize=(FIGSIZE[0], height)) as fig:
        ax = fig.add_subplot()
        with warnings.catch_warnings():
            # seaborn 0.13 calls a matplotlib colormap method that matplotlib plans to retire
            warnings.filterwarnings("ignore", "The set_bad function", PendingDeprecationWarning)
            _heatmap(ax, rel, gap, lang)
        ax.set_yticks(np.arange(len(zones)) + 0.5)
        ax.set_yticklabels([scope_label(z, lang) for z in zones], rotation=0)
        ax.set_xticks(np.arange(len(indicators)) + 0.5)
        ax.set_xticklabels([label(i, lang, unit=False) for i in indicators], rotation=0,
                           fontsize=8, wrap=True)  # fmt: skip
        ax.set_xlabel("")
        ax.set_ylabel("")
        ax.set_title(t("fig.heat_title", lang))
        _note(fig, progress, synthetic=synthetic, source=source, lang=lang)
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
        long = _require(panel, ["zone", "year"], "line_by_zone")
    if indicator not in long.columns and indicator in RATIOS:
        long = add_ratios(long, (indicator,))
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

    with _figure(lang, (9.0, 5.0)) as fig:
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
                    color=_GREY,
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
        _note(fig, panel, synthetic=synthetic, source=source, lang=lang)
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
    df = _one_indicator(_require(progress, ["scope", "gap"], "gap_bars"), indicator, "gap_bars")
    code = str(df["indicator"].iloc[0]) if "indicator" in df.columns else indicator
    scopes = df["scope"].astype(str).tolist()
    gap = df["gap"].astype(float).to_numpy()
    base_gap = df["baseline_gap"].astype(float).to_numpy() if "baseline_gap" in df else None
    kinds = [_scope_kind(s) for s in scopes]
    if year is None and "year" in df.columns and df["year"].nunique() == 1:
        year = int(df["year"].iloc[0])
    colors = dict(zip(_KIND_KEYS, sns.color_palette("deep", len(_KIND_KEYS)), strict=True))
    height = max(3.0, 1.2 + 0.32 * len(scopes))
    with _figure(lang, (8.0, height)) as fig:
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
        _note(fig, progress, synthetic=synthetic, source=source, lang=lang)
    return fig


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
    df = _require(es, ["event_time", "estimate", "ci_lower", "ci_upper"], "event_study_plot")
    df = df.sort_values("event_time")
    k = df["event_time"].astype(int).to_numpy()
    est = df["estimate"].astype(float).to_numpy()
    lo, hi = df["ci_lower"].astype(float).to_numpy(), df["ci_upper"].astype(float).to_numpy()
    is_ref = k == reference
    with _figure(lang) as fig:
        ax = fig.add_subplot()
        ax.axhline(0, color="black", linewidth=0.8, zorder=1)
        ax.axvline(-0.5, color=_RED, linestyle="--", linewidth=1.2, zorder=1)
        ax.annotate(
            t("fig.treatment_start", lang, start=start),
            xy=(-0.5, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(4, -4),
            textcoords="offset points",
            ha="left",
            va="top",
            fontsize=8,
            color=_RED,
        )
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
        _note(fig, es, synthetic=synthetic, source=source, lang=lang)
    return fig


def _start_line(ax: Any, start: Any, lang: str) -> None:
    """The dashed line half a period before ``start``, labelled as the approval."""
    x = float(start) - 0.5
    ax.axvline(x, color=_RED, linestyle="--", linewidth=1.2, zorder=1)
    ax.annotate(
        t("fig.treatment_start", lang, start=start),
        xy=(x, 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(4, -4),
        textcoords="offset points",
        ha="left",
        va="top",
        fontsize=8,
        color=_RED,
    )


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
    df = _require(trajectory, ["treated", "synthetic"], "synth_paths_plot")
    x = np.asarray(df.index, dtype=float)
    deep = sns.color_palette("deep")
    with _figure(lang) as fig:
        ax = fig.add_subplot()
        _start_line(ax, start, lang)
        ax.plot(x, df["treated"].to_numpy(float), color=deep[3], linewidth=2.2, marker="o",
                markersize=4, label=t("fig.treated_mean", lang), zorder=3)  # fmt: skip
        ax.plot(x, df["synthetic"].to_numpy(float), color=deep[0], linewidth=2.0,
                linestyle="-.", label=t(f"fig.synthetic.{estimator}", lang), zorder=2)  # fmt: skip
        ax.xaxis.set_major_locator(FixedLocator(x))
        ax.set_xticklabels([str(int(v)) for v in x])
        ax.set_xlabel(t("fig.year", lang))
        ax.set_ylabel(t("fig.log_value" if log else "fig.value", lang))
        name = label(outcome, lang, unit=False) if outcome else ""
        ax.set_title(t("fig.synth_title", lang, outcome=name))
        ax.legend(loc="upper left", fontsize=8)
        _note(fig, trajectory, synthetic=synthetic, source=source, lang=lang)
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
    with _figure(lang) as fig:
        ax = fig.add_subplot()
        _start_line(ax, start, lang)
        ax.axhline(0, color="black", linewidth=0.8, zorder=1)
        ax.plot(x, gaps.to_numpy(float), color=_GREY, linewidth=0.8, alpha=0.6, zorder=2)
        ax.plot(x, treated_gap.reindex(gaps.index).to_numpy(float), color=_RED, linewidth=2.4,
                marker="o", markersize=4, zorder=3)  # fmt: skip
        handles = [
            Line2D([], [], color=_GREY, linewidth=1.0, label=t("fig.placebo_paths", lang)),
            Line2D([], [], color=_RED, linewidth=2.4, label=t("fig.treated_mean", lang)),
        ]
        ax.legend(handles=handles, loc="upper left", fontsize=8)
        ax.xaxis.set_major_locator(FixedLocator(x))
        ax.set_xticklabels([str(int(v)) for v in x])
        ax.set_xlabel(t("fig.year", lang))
        ax.set_ylabel(t("fig.gap_ylabel", lang))
        name = label(outcome, lang, unit=False) if outcome else ""
        ax.set_title(t("fig.placebo_title", lang, outcome=name))
        _note(fig, gaps, synthetic=synthetic, source=source, lang=lang)
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
    df = _require(table, ["term", "estimate", "ci_lower", "ci_upper"], "coef_plot")
    terms = list(dict.fromkeys(df["term"].astype(str)))
    if "label" in df.columns:
        names = dict(zip(df["term"].astype(str), df["label"].astype(str), strict=True))
    else:
        names = {term: term_label(term, lang) for term in terms}
    models = list(dict.fromkeys(df["model"].astype(str))) if "model" in df.columns else [None]
    palette = sns.color_palette("deep", n_colors=max(len(models), 1))
    step = 0.7 / max(len(models), 1)
    height = max(3.0, 1.4 + 0.45 * len(terms) * max(1, len(models) ** 0.5))
    with _figure(lang, (8.0, height)) as fig:
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
        _note(fig, table, synthetic=synthetic, source=source, lang=lang)
    return fig


def province_compare(
    df: pd.DataFrame,
    *,
    lang: str,
    indicator: str | None = None,
    highlight: str = "辽宁",
    national: str = "全国",
    synthetic: bool | None = None,
    source: str | None = None,
) -> Figure:
    """One indicator across provinces over time: the highlighted province against the others
    (grey) and the national figure (dashed).

    Parameters
    ----------
    df
        Long table with columns ``province`` (names as in the province panel, e.g. ``辽宁``,
        ``全国``), ``year``, ``value`` and, when it holds several indicators, ``indicator``.
    indicator
        Indicator code for the title and axis (codebook, derived ratio or ``ind.*`` string).
    highlight
        Province drawn in red.
    national
        Name of the national row, drawn dashed black if present.
    """
    lang = figure_lang(lang)
    data = _one_indicator(
        _require(df, ["province", "year", "value"], "province_compare"),
        indicator,
        "province_compare",
    )
    code = str(data["indicator"].iloc[0]) if "indicator" in data.columns else indicator
    provinces = sorted(set(data["province"].astype(str)))
    check_choice("highlight", highlight, tuple(provinces))
    years = sorted(int(y) for y in data["year"].unique())
    with _figure(lang) as fig:
        ax = fig.add_subplot()
        grey_drawn = False
        for prov in provinces:
            series = data[data["province"].astype(str) == prov].sort_values("year")
            x, y = series["year"].astype(int).to_numpy(), series["value"].astype(float).to_numpy()
            if prov == highlight:
                ax.plot(
                    x,
                    y,
                    color=_RED,
                    linewidth=2.4,
                    marker="o",
                    markersize=3.5,
                    zorder=4,
                    label=province_label(prov, lang),
                )
            elif prov == national:
                ax.plot(
                    x,
                    y,
                    color="black",
                    linewidth=1.6,
                    linestyle="--",
                    zorder=3,
                    label=t("fig.national", lang),
                )
            else:
                ax.plot(
                    x,
                    y,
                    color=_GREY,
                    linewidth=0.8,
                    alpha=0.7,
                    zorder=2,
                    label=None if grey_drawn else t("fig.other_provinces", lang),
                )
                grey_drawn = True
        ax.set_xlim(years[0] - 0.5, years[-1] + 0.5)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(t("fig.year", lang))
        name = label(code, lang, unit=False) if code else t("col.value", lang)
        ax.set_ylabel(label(code, lang) if code else t("col.value", lang))
        ax.set_title(
            t("fig.province_title", lang, indicator=name, province=province_label(highlight, lang))
        )
        handles, labels = ax.get_legend_handles_labels()
        order = sorted(range(len(labels)), key=lambda i: -handles[i].get_zorder())
        ax.legend(
            [handles[i] for i in order],
            [labels[i] for i in order],
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            fontsize=8,
        )
        _note(fig, df, synthetic=synthetic, source=source, lang=lang)
    return fig
