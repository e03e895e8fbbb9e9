"""Chapter figures' style and output: rcParams, saving, notebook set-up and the helpers every
figure shares (the figure itself, its data note, input checks, colours).

Determinism: figures are drawn under fixed rcParams (:func:`style_rc`), with fonts named
concretely; PNG files carry no ``Software`` chunk (it holds the matplotlib version), SVG files
no date and a fixed ``svg.hashsalt``, PDF files no dates or producer. Rendering the same figure
twice with the same libraries gives identical bytes.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import matplotlib as mpl
import pandas as pd
import seaborn as sns
from IPython import get_ipython
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib_inline.config import InlineBackend

from ...errors import DataError, OptionError
from ...options import check_choice, check_lang
from ...plan.breaks import BREAKS
from ..fonts import bold_weight, font_rc, setup_fonts
from ..provenance import display_path
from ..strings import t

__all__ = [
    "DPI",
    "FIGSIZE",
    "GREY",
    "PDF_METADATA",
    "PNG_METADATA",
    "RED",
    "STATISTICAL_BREAKS",
    "SVG_METADATA",
    "chapter_figure",
    "configure_notebook",
    "data_note",
    "figure_bytes",
    "figure_png",
    "figure_title",
    "one_indicator",
    "require_columns",
    "save_figure",
    "style_rc",
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
#: zlib level of the PNG files: Pillow's default (6) takes 63% longer to encode a chapter
#: figure than 3 and gives files no smaller (measured on every chapter figure: 2.159 MB at 6,
#: 2.155 MB at 3; encoding 1.06 s vs 0.65 s for the 22)
_PNG_ARGS: dict[str, Any] = {"compress_level": 3}
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

#: Colours of the highlighted series and note (red) and of the background series (grey).
RED = "#b00020"
GREY = "#9a9a9a"
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
            # titles at a fixed height above the axes: matplotlib otherwise searches, at every
            # drawing, for tick labels above the axes to clear (~25% of a chapter figure's
            # drawing time); no chapter figure has any, and the PNGs are byte-identical
            "axes.titley": 1.0,
            "legend.frameon": False,
        }
    )
    return rc


def _format_of(fmt: str) -> str:
    return check_choice("fmt", fmt.lower().lstrip("."), tuple(_METADATA))


def figure_bytes(fig: Figure, fmt: str = "png") -> bytes:
    """The figure as file bytes (``png``, ``svg`` or ``pdf``) with deterministic metadata.

    A figure not drawn yet is laid out first and keeps that layout from then on (as after
    :func:`figure_png`), so saving it again, in any format, places everything alike.
    """
    fmt = _format_of(fmt)
    _laid_out(fig)
    buf = io.BytesIO()
    # the savefig.* rcParams are read now, so a user's global settings must not leak in
    with mpl.rc_context(_SAVE_RC):
        extra = {"pil_kwargs": dict(_PNG_ARGS)} if fmt == "png" else {}
        fig.savefig(buf, format=fmt, dpi=fig.dpi, metadata=dict(_METADATA[fmt]), **extra)
    return buf.getvalue()


def _freeze_layout(fig: Figure) -> None:
    """Keep the axes where the last drawing placed them: later drawings give the same bytes.

    Constrained layout starts from the axes' current places, so each drawing may move them a
    little again (seen on the heatmap's colour bar); a figure drawn once keeps that layout.
    """
    if isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine):
        fig.set_layout_engine("none")


def _laid_out(fig: Figure) -> None:
    """Lay the figure out (a drawing pass without rendering) unless that is done already."""
    if isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine):
        fig.draw_without_rendering()
        _freeze_layout(fig)


def figure_png(fig: Figure) -> bytes:
    """The figure as PNG bytes (deterministic metadata), drawn in one pass.

    The notebook's inline display (``bbox_inches="tight"``) and ``savefig`` draw a figure with
    a layout engine twice, once to lay it out (and find its bounding box) and once to render;
    a chapter shows dozens of figures, and drawing them (text layout above all) is most of a
    chapter's time once its numbers are computed. Here the Agg canvas draws once, the
    constrained layout running inside that drawing, and the layout is then kept (later
    drawings give the same bytes). The whole canvas is kept: constrained layout keeps every
    artist inside it, which ``tests/report/test_figures.py`` checks for every figure function,
    so there is nothing for ``tight`` to add or crop.
    """
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    buf = io.BytesIO()
    canvas.print_png(buf, metadata=dict(PNG_METADATA), pil_kwargs=dict(_PNG_ARGS))
    _freeze_layout(fig)
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


@contextmanager
def chapter_figure(lang: str, figsize: tuple[float, float] = FIGSIZE) -> Iterator[Figure]:
    """A new figure made under :func:`style_rc`.

    Tick labels are made lazily, at drawing time, each a copy of its axis' first tick: that
    first tick is made on exit, under the figure's rcParams, so the labels keep the figure's
    fonts however the rcParams stand when the figure is drawn (no drawing here: the figure is
    laid out when it is first drawn, :func:`figure_png`, :func:`figure_bytes`).
    """
    with mpl.rc_context(style_rc(lang)):
        fig = Figure(figsize=figsize, dpi=DPI, layout="constrained")
        FigureCanvasAgg(fig)
        yield fig
        for ax in fig.axes:
            for axis in (ax.xaxis, ax.yaxis):
                axis.get_major_ticks()
                axis.get_minor_ticks()


def figure_title(fig: Figure) -> str:
    """What a figure shows, in its own words: its suptitle, else its axes' titles joined (the
    figure functions title every figure in the chapter's language); ``""`` if untitled."""
    sup = fig.get_suptitle().strip()
    if sup:
        return sup
    titles = [ax.get_title().strip() for ax in fig.axes if ax.get_title().strip()]
    return "; ".join(dict.fromkeys(titles))


def data_note(
    fig: Figure, df: Any, *, synthetic: bool | None, source: str | None, lang: str
) -> None:
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
        color, weight = RED, bold_weight(lang)
    else:
        text, color, weight = t("fig.source_note", lang, source=source), "#555555", "normal"
    space = min(0.3, _NOTE_SPACE_INCHES / fig.get_figheight())
    fig.get_layout_engine().set(rect=(0, space, 1, 1 - space))
    fig.text(0.01, 0.015, text, ha="left", va="bottom", fontsize=8, color=color, weight=weight)


# ------------------------------------------------------------------------------------------
# input checks


def require_columns(df: Any, columns: Sequence[str], what: str) -> pd.DataFrame:
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


def one_indicator(df: pd.DataFrame, indicator: str | None, what: str) -> pd.DataFrame:
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
