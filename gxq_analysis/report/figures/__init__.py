"""Chapter figures: readable, bilingual and byte-for-byte reproducible.

Every function takes plain DataFrames with the columns documented on it (the evaluation layer
produces them), draws on a fixed-size :class:`~matplotlib.figure.Figure` (not pyplot, so a
notebook shows each figure exactly once, through the figure formatter
:func:`configure_notebook` installs) and returns it. Text is in the figure language of
:func:`gxq_analysis.report.fonts.figure_lang`; Chinese text is drawn with the CJK font the
package installs from PyPI (never a system font). When the data are synthetic a red note says so
under the plot.

Modules: :mod:`.style` (rcParams, saving with deterministic bytes, notebook set-up and the
helpers the figures share), :mod:`.zones` (zone series and gaps to the benchmarks),
:mod:`.policy` (event study, synthetic paths, placebo gaps, coefficients) and :mod:`.province`
(the province comparison), :mod:`.province_policy` (the real-data policy section). Every
public name is importable from here.
"""

from __future__ import annotations

from .policy import coef_plot, event_study_plot, placebo_gaps_plot, synth_paths_plot
from .province import province_compare
from .province_policy import province_paths_plot, province_placebo_plot
from .style import (
    DPI,
    FIGSIZE,
    GREY,
    PDF_METADATA,
    PNG_METADATA,
    RED,
    STATISTICAL_BREAKS,
    SVG_METADATA,
    configure_notebook,
    figure_bytes,
    save_figure,
    style_rc,
)
from .zones import gap_bars, gap_heatmap, line_by_zone

__all__ = [
    "DPI",
    "FIGSIZE",
    "GREY",
    "PDF_METADATA",
    "PNG_METADATA",
    "RED",
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
    "province_paths_plot",
    "province_placebo_plot",
    "save_figure",
    "style_rc",
    "synth_paths_plot",
]
