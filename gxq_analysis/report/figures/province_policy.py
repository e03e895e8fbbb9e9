"""Figures of the real-data section of the policy chapter: the treated province against its
synthetic counterpart, one panel per outcome, and the in-space placebo distribution."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from ..fonts import figure_lang
from ..strings import label, t
from .style import GREY, RED, chapter_figure, data_note

__all__ = ["province_paths_plot", "province_placebo_plot"]


def province_paths_plot(
    trajectories: Mapping[str, pd.DataFrame],
    *,
    lang: str,
    treated: str,
    start: int = 2016,
    source: str | None = None,
) -> Figure:
    """The treated province and its synthetic counterpart (logs), one panel per outcome.

    Parameters
    ----------
    trajectories
        Outcome code -> ``SynthDiDResult.trajectory`` (columns ``treated``, ``synthetic``).
    treated
        The treated province's name in the figure language.
    """
    lang = figure_lang(lang)
    n = len(trajectories)
    ncols = 2 if n > 1 else 1
    nrows = int(np.ceil(n / ncols))
    deep = sns.color_palette("deep")
    with chapter_figure(lang, (8.0, 2.4 * nrows + 0.8)) as fig:
        axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
        for ax, (outcome, traj) in zip(axes, trajectories.items(), strict=False):
            x = np.asarray(traj.index, dtype=float)
            ax.axvline(start - 0.5, color=RED, linestyle="--", linewidth=1.0)
            ax.plot(x, traj["treated"].to_numpy(float), color=deep[3], linewidth=2.0, marker="o",
                    markersize=3, label=treated)  # fmt: skip
            ax.plot(x, traj["synthetic"].to_numpy(float), color=deep[0], linewidth=1.8,
                    linestyle="-.", label=t("province_policy.fig.synthetic", lang,
                                            treated=treated))  # fmt: skip
            ax.set_title(label(outcome, lang, unit=False), fontsize=9)
            ax.set_xticks(x[::2])
            ax.set_xticklabels([str(int(v)) for v in x[::2]], fontsize=7)
            ax.tick_params(axis="y", labelsize=7)
        for ax in axes[n:]:
            ax.set_visible(False)
        axes[0].legend(loc="upper left", fontsize=7)
        fig.suptitle(t("province_policy.fig.paths_title", lang, treated=treated), fontsize=11)
        data_note(fig, pd.DataFrame(), synthetic=False, source=source, lang=lang)
    return fig


def province_placebo_plot(
    placebos: Mapping[str, pd.Series],
    actual: Mapping[str, float],
    *,
    lang: str,
    treated: str,
    source: str | None = None,
) -> Figure:
    """The in-space placebo distribution: per outcome (rows), each donor's placebo estimate
    (grey dots) and the treated province's estimate (red dot).

    Parameters
    ----------
    placebos
        Outcome code -> the placebo estimates (``SynthDiDResult.placebos["att"]``).
    actual
        Outcome code -> the treated province's estimate.
    """
    lang = figure_lang(lang)
    names = list(placebos)
    with chapter_figure(lang, (8.0, 0.7 * len(names) + 1.6)) as fig:
        ax = fig.add_subplot()
        ax.axvline(0, color="black", linewidth=0.8)
        for i, outcome in enumerate(names):
            y = len(names) - 1 - i
            vals = np.asarray(placebos[outcome], float)
            ax.scatter(vals, np.full(len(vals), y), color=GREY, s=18, alpha=0.8, zorder=2,
                       label=t("province_policy.fig.donors", lang) if i == 0 else None)  # fmt: skip
            ax.scatter([actual[outcome]], [y], color=RED, s=46, zorder=3,
                       label=treated if i == 0 else None)  # fmt: skip
        ax.set_yticks(range(len(names)))
        ax.set_yticklabels([label(o, lang, unit=False) for o in reversed(names)], fontsize=8)
        ax.set_xlabel(t("province_policy.fig.effect", lang))
        ax.set_title(t("province_policy.fig.placebo_title", lang))
        ax.legend(loc="lower right", fontsize=8)
        data_note(fig, pd.DataFrame(), synthetic=False, source=source, lang=lang)
    return fig
