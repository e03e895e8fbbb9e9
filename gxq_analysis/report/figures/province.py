"""The province figure: one indicator across provinces over time."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ...options import check_choice
from ..fonts import figure_lang
from ..strings import label, province_label, t
from .style import GREY, RED, chapter_figure, data_note, one_indicator, require_columns

__all__ = ["province_compare"]


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
    data = one_indicator(
        require_columns(df, ["province", "year", "value"], "province_compare"),
        indicator,
        "province_compare",
    )
    code = str(data["indicator"].iloc[0]) if "indicator" in data.columns else indicator
    provinces = sorted(set(data["province"].astype(str)))
    check_choice("highlight", highlight, tuple(provinces))
    years = sorted(int(y) for y in data["year"].unique())
    with chapter_figure(lang) as fig:
        ax = fig.add_subplot()
        grey_drawn = False
        for prov in provinces:
            series = data[data["province"].astype(str) == prov].sort_values("year")
            x, y = series["year"].astype(int).to_numpy(), series["value"].astype(float).to_numpy()
            if prov == highlight:
                ax.plot(
                    x,
                    y,
                    color=RED,
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
                    color=GREY,
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
        data_note(fig, df, synthetic=synthetic, source=source, lang=lang)
    return fig
