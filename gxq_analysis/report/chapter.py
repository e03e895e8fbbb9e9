"""The chapter a notebook builds: validated parameters, the data, and what it displays.

A chapter notebook has one ``parameters`` cell and then calls :func:`open_chapter`, which
checks the parameters (errors list the allowed values), loads the data through the data layer,
configures figures for the language, and shows the title and the data banner.  The notebook
then calls the evaluation functions and shows their results through the :class:`Chapter`
methods, and ends with :meth:`Chapter.end` (the provenance block).  Nothing is computed here:
this module only connects parameters, data and display.
"""

from __future__ import annotations

import base64
import html as _html
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

from .. import config
from ..errors import OptionError
from ..evaluation.scopes import available
from ..evaluation.support import Gap, data_support
from ..ingest.province import load_province_panel
from ..ingest.sources import load_panel
from ..options import check_choice, check_lang, check_review, review_years
from ..plan.zones import resolve_zone, zone_ids, zone_label
from . import display as _display
from .figures import configure_notebook, line_by_zone
from .figures.style import figure_png, figure_title
from .messages import build_log_path, build_log_requested, collect_warnings, route_to_build_log
from .provenance import citation, data_info, display_path, provenance_block
from .strings import t
from .views.support import gap_texts

#: Where a chapter's table comes from (``source=`` of :meth:`Chapter.table`): the zone data,
#: the plan's text, the zone registry, the zone data measured against the plan's benchmarks,
#: the plan's figures with the data's beside them, the findings.
TABLE_SOURCES = ("data", "plan", "registry", "data_plan", "plan_data", "findings")

#: Chapter ids and the string key of their titles (``chapter.<id>``).
CHAPTERS = (
    "overview",
    "benchmarks",
    "inputoutput",
    "policy",
    "keytasks",
    "province",
    "findings",
    "zone",
)


def _show(obj: Any) -> None:
    display(obj)


@dataclass
class Chapter:
    """What a chapter notebook works with; create it with :func:`open_chapter`."""

    chapter: str
    review: str
    lang: str
    data: str | None
    zone: str | None
    panel: pd.DataFrame = field(repr=False)
    fig_lang: str = "zh"
    extra: dict[str, Any] = field(default_factory=dict, repr=False)
    layout: str | None = None  # the data's layout file, if any

    @property
    def baseline(self) -> int:
        return review_years(self.review)[0]

    @property
    def end_year(self) -> int:
        return review_years(self.review)[1]

    @property
    def parameters(self) -> dict[str, Any]:
        p = {"review": self.review, "lang": self.lang, "data": self.data}
        if self.layout is not None:
            p["layout"] = self.layout
        if self.zone is not None:
            p["zone"] = self.zone
        p.update(self.extra)
        return p

    @property
    def synthetic(self) -> bool:
        return bool(self.panel.attrs.get("synthetic"))

    @property
    def fig(self) -> dict[str, Any]:
        """Keyword arguments every figure function takes: language, synthetic flag, source."""
        return {
            "lang": self.fig_lang,
            "synthetic": self.synthetic,
            "source": data_info(self.panel)["file"],
        }

    def t(self, key: str, **fmt: Any) -> str:
        return t(key, self.lang, **fmt)

    def heading(self, key: str, level: int = 2, **fmt: Any) -> None:
        _show(_display.heading(key, self.lang, level, **fmt))

    def say(self, key: str, **numbers: Any) -> None:
        _show(_display.say(key, self.lang, **numbers))

    def source_line(self, source: str = "data") -> str:
        """The source line of a table (``资料来源：…``) in the chapter's language: the real source
        of ``source`` (one of :data:`TABLE_SOURCES`), never only the data file by default."""
        check_choice("source", source, TABLE_SOURCES)
        info = data_info(self.panel)
        data = info["file"] or "—"
        cited = citation(info, self.lang)
        if cited:
            data = t("tablesource.cited", self.lang, citation=cited, file=data)
        elif self.synthetic:
            data += t("doc.source_synthetic", self.lang)
        part = (
            data  # the data file (or citation) itself
            if source == "data"
            else t(
                f"tablesource.{source}",
                self.lang,
                data=data,
                plan=display_path(config.PLAN_FACTS_CSV),
                zones=display_path(config.ZONES_CSV),
            )
        )
        return t("doc.source", self.lang, source=part)

    def table(
        self,
        df: pd.DataFrame,
        caption: str | None = None,
        *,
        source: str = "data",
        when_empty: str | tuple[str, ...] | None = None,
        **kw: Any,
    ) -> None:
        """Show a table; ``caption`` is a string key (or None), ``source`` where its numbers
        come from (:data:`TABLE_SOURCES`; the review document prints it under the table). An
        empty table is not drawn: the chapter says that the data do not allow it, in the words
        of the data's gap ``when_empty`` (gap codes of
        :func:`~gxq_analysis.evaluation.support.data_support`: what is missing and what data
        would make the table possible) when the data have such a gap."""
        line = self.source_line(source)
        if df is None or df.empty:
            codes = (when_empty,) if isinstance(when_empty, str) else tuple(when_empty or ())
            gaps = [g for g in self.support if g.code in codes]
            if gaps:
                self.para(gap_texts(gaps[:1], self.lang)[0])
            else:
                self.say("prose.no_data")
            return
        cap = self.t(caption) if caption else None
        _show(_display.show_table(df, lang=self.lang, caption=cap, source=line, **kw))

    @property
    def support(self) -> list[Gap]:
        """What the chapters of this review cannot compute with the chapter's data
        (:func:`~gxq_analysis.evaluation.support.data_support`; computed once)."""
        if "_support" not in self.__dict__:
            self.__dict__["_support"] = data_support(self.panel, self.review)
        return self.__dict__["_support"]

    def limits(self, chapter: str | None = None) -> None:
        """Say, one sentence each, what this chapter (or ``chapter``) cannot compute with these
        data and what data would make it possible; nothing when the data support it fully."""
        self.gaps(gap_texts(self.support, self.lang, chapter or self.chapter))

    def gaps(self, notes: list[str]) -> None:
        """Say plainly what the data could not support (nothing when ``notes`` is empty)."""
        notes = list(dict.fromkeys(notes))
        if notes:
            self.say("prose.data_gaps")
            self.bullets(notes)

    def figure(self, fig: Any, caption: str | None = None) -> None:
        """Show a figure once and release it.

        Its description (``caption``, a string key, else the figure's own title, in the
        chapter's language) goes with the image as its alt text (``image/png`` metadata
        ``alt``) and caption (``gxq.caption``), read by the HTML export and the review
        document.
        """
        text = self.t(caption) if caption else figure_title(fig)
        meta = {"image/png": {"alt": text}, "gxq": {"caption": text}} if text else None
        # the PNG drawn once (figure_png), shown as the inline backend shows a figure
        png = base64.b64encode(figure_png(fig)).decode("ascii")
        display({"image/png": png, "text/plain": repr(fig)}, raw=True, metadata=meta)
        plt.close(fig)

    def trend(
        self,
        indicator: str,
        *,
        zones: list[str] | tuple[str, ...] | None = None,
        highlight: list[str] | tuple[str, ...] | None = None,
    ) -> None:
        """:func:`~gxq_analysis.report.figures.line_by_zone` for the zones the data hold; says
        so instead when the data have no value of the indicator or none of the zones."""
        present = set(self.panel.index.get_level_values(0))
        zones = [z for z in zones if z in present] if zones is not None else None
        highlight = [z for z in highlight or () if z in present] or None
        if not available(self.panel, indicator) or zones == []:
            self.say("prose.no_data")
            return
        self.figure(
            line_by_zone(self.panel, indicator, zones=zones, highlight=highlight, **self.fig)
        )

    def show(self, obj: Any) -> None:
        _show(obj)

    def para(self, text: str | None) -> None:
        """A paragraph of text computed elsewhere (e.g. a result's own note); None: nothing."""
        if text is None:
            return
        _show(
            _display.Rich(
                html=f"<p>{_html.escape(text)}</p>", markdown=_display.md_escape(text), text=text
            )
        )

    def bullets(self, texts: list[str]) -> None:
        """A bulleted list of computed sentences."""
        items = "".join(f"<li>{_html.escape(x)}</li>" for x in texts)
        _show(
            _display.Rich(
                html=f"<ul>{items}</ul>",
                markdown="\n".join(f"- {_display.md_escape(x)}" for x in texts),
                text="\n".join(f"- {x}" for x in texts),
            )
        )

    def end(self, *, panel: pd.DataFrame | None = None, extra_inputs: Any = None) -> None:
        """The provenance block that ends every chapter."""
        # the chapter's own input files (parameter ``files``) are hashed like the data
        files = {k: v for k, v in self.extra.items() if v is not None}
        if files and extra_inputs is None:
            extra_inputs = files
        _show(
            provenance_block(
                panel if panel is not None else self.panel,
                parameters=self.parameters,
                extra_inputs=extra_inputs,
                lang=self.lang,
            )
        )


def review_sample(panel: pd.DataFrame, review: str) -> pd.DataFrame:
    """The panel's years up to the review's end year (the mid-term review sees no 2019)."""

    end = review_years(review)[1]
    out = panel[panel.index.get_level_values(1) <= end]
    out.attrs = dict(panel.attrs)
    return out


def open_chapter(
    chapter: str,
    *,
    review: str,
    lang: str,
    data: str | None = None,
    zone: str | None = None,
    files: dict[str, str | None] | None = None,
    show: bool = True,
    layout: str | None = None,
) -> Chapter:
    """Validate a chapter's parameters, load its data and show its title and data banner.

    Parameters
    ----------
    chapter : one of :data:`CHAPTERS`
    review : ``"midterm"`` or ``"final"``
    lang : ``"zh"`` or ``"en"``
    data : the evaluator's tables (a file, a folder or a manifest), or None for the bundled
        synthetic demo panel
    layout : a layout file for ``data`` (what no rule can find), or None
    zone : the zone of a ``zone`` (profile) chapter (any registered spelling); must be None for
        the other chapters
    files : a chapter's own optional input files by parameter name (e.g. the benchmarks
        chapter's ``benchmarks`` and ``targets`` CSVs), each None or a path; recorded in the
        provenance with the other parameters
    show : display the title and banner (notebooks); False for tests

    Raises
    ------
    OptionError
        Naming the parameter and listing the allowed values.
    DataError
        If the data file cannot be loaded (file, sheet, row and column named).
    """
    check_choice("chapter", chapter, CHAPTERS)
    check_review(review)
    check_lang(lang)
    if chapter == "zone":
        if zone is None:
            raise OptionError(
                "zone is required for the zone profile; choose one of: " + ", ".join(zone_ids())
            )
        zone = resolve_zone(zone)
    elif zone is not None:
        raise OptionError(f"zone={zone!r} is only a parameter of the zone profile chapter")
    if data is not None and not isinstance(data, str):
        raise OptionError(f"data={data!r} must be None (bundled demo data) or a file path")
    if layout is not None and (not isinstance(layout, str) or data is None):
        raise OptionError(f"layout={layout!r} must be None or a layout file path for data")
    for name, value in (files or {}).items():
        if value is not None and not isinstance(value, str):
            raise OptionError(f"{name}={value!r} must be None or a file path")
    # a review sees the years up to its end year only: the mid-term review has no 2019-2020;
    # the national-context chapter reads the real province panel, not the zone data
    logged = show and build_log_requested()
    if logged:
        # the build's chapter: warnings and log records go to the build log, never into the
        # chapter's output; run by a person, the session's logging is left as it is
        route_to_build_log()
    if chapter == "province":
        loader, args = load_province_panel, ()
    else:
        loader, args = partial(load_panel, layout=layout), (data,)
    if show:
        loaded, notes = collect_warnings(loader, *args, show=not logged, lang=lang)
    else:
        loaded, notes = loader(*args), []
    panel = review_sample(loaded, review)
    fig_lang = configure_notebook(lang) if show else lang
    ch = Chapter(chapter, review, lang, data, zone, panel, fig_lang, dict(files or {}), layout)
    if show:
        title_fmt = {"zone": zone_label(zone, lang)} if zone else {}
        ch.heading(f"chapter.{chapter}", level=1, **title_fmt)
        ch.say(
            "review.period",
            review=ch.t(f"review.{review}"),
            start=ch.baseline + 1,
            end=ch.end_year,
            baseline=ch.baseline,
        )
        _show(_display.data_banner(panel, lang=lang))
        if notes and logged:
            # the reader must know the data were read with notes; the notes are in the log
            ch.say("prose.load_notes", n=len(notes), log=build_log_path().name)
        elif notes:  # shown under this cell
            ch.say("prose.load_notes_shown", n=len(notes))
    return ch
