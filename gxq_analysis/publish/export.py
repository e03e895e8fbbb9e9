"""What a built chapter looks like on disk: normalized notebook, offline HTML, PDF, index page.

* :func:`normalize_notebook` makes an executed notebook a function of its inputs only: it drops
  papermill's and nbclient's timings, records file names instead of absolute paths, gives the
  cells papermill creates fixed ids, and replaces machine-specific path prefixes in outputs.
  Applied to the output of ``papermill`` run by hand it gives the same bytes as the build.
* :func:`to_html` exports with nbconvert's ``lab`` template, code hidden, and nothing fetched
  from another host (see :data:`OFFLINE_TEMPLATE`).
* :func:`print_pdf` prints that HTML with headless Chromium.
* :func:`index_html` renders ``index.html`` of a review and language.
"""

from __future__ import annotations

import html as _html
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from .. import config
from ..catalogue import template
from ..errors import OptionError

# Lazy imports (``# lazy``): the no-change build imports this module (index pages, the Chromium
# lookup) and must not load nbformat, nbconvert, numpy or matplotlib (tested in
# tests/publish/test_build_incremental.py); nbformat costs 0.07-0.1 s of import, nbconvert
# 0.4 s, report.fonts with matplotlib 0.24-0.29 s, against a 0.2 s no-change build.

# nbconvert's lab template loads require.js and MathJax from cdnjs, mermaid from cdnjs and the
# widget manager from unpkg.  Evaluators often work on closed networks, so the chapters must not
# fetch anything: these blocks are emptied.  Chapters use no JavaScript outputs, widgets or
# mermaid; formulas in markdown stay as TeX source (a chapter that needs typeset maths should
# render it to an image in code).  Everything else (CSS, images) is inlined by nbconvert.
# A figure's description (``alt`` in its image/png metadata, set by report.chapter in the
# chapter's language) becomes the image's alt text; without it nbconvert would write English
# ("No description has been provided for this image") into a Chinese page.
OFFLINE_TEMPLATE = """\
{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block data_png scoped %}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
<img src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}"
{%- set alt = output | get_metadata('alt', 'image/png') -%}
{%- if alt %} alt="{{ alt | escape_html }}"{% endif %}>
</div>
{%- endblock data_png %}
"""

#: Cell tags honoured in the HTML (the jupyter-book conventions).
REMOVE_CELL_TAGS = ("remove-cell",)
LANG_TAGS = {"zh": "lang-zh", "en": "lang-en"}
REMOVE_OUTPUT_TAGS = ("remove-output",)
_TIMING_KEYS = ("start_time", "end_time", "duration")


# --------------------------------------------------------------------------- notebooks


def _path_tokens(cwd: str | None) -> list[tuple[str, str]]:
    """Machine-specific path prefixes and the tokens that replace them, longest first."""
    pairs = {}
    for prefix, token in (
        (sys.prefix, "<sys.prefix>"),
        (sys.base_prefix, "<sys.base_prefix>"),
        (str(config.PACKAGE_DIR.parent), "<gxq_analysis>"),
        (cwd, "."),
        (tempfile.gettempdir(), "<tmp>"),
        (os.path.expanduser("~"), "~"),
    ):
        if prefix and len(prefix) > 1:
            for p in {prefix, os.path.realpath(prefix)}:
                pairs.setdefault(p.rstrip(os.sep) + os.sep, token + os.sep)
    return sorted(pairs.items(), key=lambda kv: -len(kv[0]))


# ipykernel compiles each cell to <tmp>/ipykernel_<pid>/<hash of the source>.py, and warnings
# raised in a cell quote that file: the pid differs between kernels.  Replaced before the
# prefixes, so that a kernel working directory equal to <tmp> cannot hide it.
@cache
def _ipykernel_files() -> re.Pattern[str]:
    tmp = {tempfile.gettempdir(), os.path.realpath(tempfile.gettempdir())}
    alternatives = "|".join(re.escape(t.rstrip(os.sep)) for t in sorted(tmp, key=len)[::-1])
    return re.compile(f"(?:{alternatives}){re.escape(os.sep)}ipykernel_\\d+{re.escape(os.sep)}")


def _scrub(text: str, tokens: Sequence[tuple[str, str]]) -> str:
    text = _ipykernel_files().sub("<ipykernel>/", text)
    for prefix, token in tokens:
        if prefix in text:
            text = text.replace(prefix, token)
    return text


def _scrub_multiline(value: Any, tokens) -> Any:
    if isinstance(value, list):
        return [_scrub(v, tokens) if isinstance(v, str) else v for v in value]
    return _scrub(value, tokens) if isinstance(value, str) else value


def normalize_notebook(nb, *, input_name: str, output_name: str, cwd: str | None = None):
    """Make an executed notebook deterministic and free of absolute paths (in place).

    Parameters
    ----------
    nb : nbformat.NotebookNode
        Notebook executed by papermill (by the build or by hand).
    input_name, output_name : str
        Recorded as papermill's ``input_path`` and ``output_path`` instead of the paths used.
    cwd : str, optional
        The kernel's working directory; replaced by ``.`` in outputs.

    Returns
    -------
    nbformat.NotebookNode
        ``nb``.
    """
    pm = nb.metadata.get("papermill")
    if pm is not None:
        for key in _TIMING_KEYS:
            pm.pop(key, None)
        pm["input_path"] = input_name
        pm["output_path"] = output_name
    tokens = _path_tokens(cwd)
    n_marker = 0
    for cell in nb.cells:
        cell.metadata.pop("execution", None)  # nbclient's iopub timestamps
        cpm = cell.metadata.get("papermill")
        if cpm is not None:
            for key in _TIMING_KEYS:
                cpm.pop(key, None)
        tags = cell.metadata.get("tags", [])
        # papermill makes these cells with random ids
        if "injected-parameters" in tags:
            cell["id"] = "injected-parameters"
        elif "papermill-error-cell-tag" in tags:
            cell["id"] = f"papermill-error-{n_marker}"
            n_marker += 1
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                out["text"] = _scrub_multiline(out.get("text", ""), tokens)
            elif out.get("output_type") == "error":
                out["evalue"] = _scrub(out.get("evalue", ""), tokens)
                out["traceback"] = _scrub_multiline(out.get("traceback", []), tokens)
            data = out.get("data")
            if data and "text/plain" in data:
                data["text/plain"] = _scrub_multiline(data["text/plain"], tokens)
    return nb


def notebook_bytes(nb) -> bytes:
    """The stored form: nbformat's JSON (sorted keys, indent 1), UTF-8, final newline."""
    import nbformat  # lazy: not on the no-change build path (see the top)

    return (nbformat.writes(nb) + "\n").encode("utf-8")


# --------------------------------------------------------------------------- HTML


# The edits nbconvert's HTMLExporter makes to the rendered page, for accessibility: images
# without alt text get its English placeholder, cell input wrappers and outputs become
# focusable. It makes them by parsing the whole page with BeautifulSoup, selecting with CSS and
# serializing it again, which was ~70 % of a chapter's export (0.08 of 0.11 s for a zone
# profile, 0.2 of 0.3 s for the policy chapter): no library makes two attribute edits on a
# page without building its tree, so :func:`_accessible` makes them on the start tags the
# template wrote. ``tests/publish/test_export_html.py`` checks, for every chapter kind in both
# languages, that the page is nbconvert's own once both go through BeautifulSoup.
NO_ALT_TEXT = "No description has been provided for this image"
_FOCUSABLE = frozenset({"jp-Cell-inputWrapper", "jp-OutputArea-output"})
_VALUE = r"""(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+)"""  # an attribute's value: quoted or bare
_ATTR = rf"""(?:\s+[^\s"'>/=]+(?:\s*=\s*{_VALUE})?)"""
_MARKUP = re.compile(
    r"<!--.*?-->"  # comments, scripts and styles are copied as they are
    r"|<(script|style)\b[^>]*>.*?</\1\s*>"
    rf"|<(div|img)({_ATTR}*)(\s*/?)>",
    re.DOTALL | re.IGNORECASE,
)
_CLASS = re.compile(r"""\sclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)
_ALT = re.compile(r"\salt(?=[\s=]|$)", re.IGNORECASE)
_TABINDEX = re.compile(rf"\stabindex(?:\s*=\s*{_VALUE})?(?=\s|$)", re.IGNORECASE)


def _accessible(html: str) -> str:
    """``html`` with nbconvert's accessibility edits (see :data:`NO_ALT_TEXT`) on its tags."""

    def edit(m: re.Match[str]) -> str:
        tag = (m.group(2) or "").lower()
        if not tag:
            return m.group(0)
        attrs, end = m.group(3), m.group(4)
        if tag == "img":
            if _ALT.search(attrs):
                return m.group(0)
            return f'<{m.group(2)}{attrs} alt="{NO_ALT_TEXT}"{end}>'
        found = _CLASS.search(attrs)
        classes = set(next(g for g in found.groups() if g is not None).split()) if found else ()
        if not _FOCUSABLE.intersection(classes):
            return m.group(0)
        if _TABINDEX.search(attrs):  # set to 0 where it stands, as nbconvert does
            attrs = _TABINDEX.sub(' tabindex="0"', attrs, count=1)
            return f"<{m.group(2)}{attrs}{end}>"
        return f'<{m.group(2)}{attrs} tabindex="0"{end}>'

    return _MARKUP.sub(edit, html)


@cache
def _exporter(lang: str):
    from nbconvert import HTMLExporter  # lazy: 0.4 s, not on the no-change path (see the top)
    from nbconvert.exporters import TemplateExporter  # lazy: nbconvert (see the top)
    from nbconvert.filters import Highlight2HTML  # lazy: nbconvert (see the top)
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter  # lazy: nbconvert
    from nbconvert.preprocessors import TagRemovePreprocessor  # lazy: nbconvert (see the top)

    class OfflineHTMLExporter(HTMLExporter):
        """The lab template without remote scripts and with reproducible element ids."""

        def from_notebook_node(self, nb, resources=None, **kw):
            # The lab template numbers JavaScript/widget outputs with uuid4(); a counter
            # restarted per export gives the same ids in every build.
            counter = iter(range(1, 1 << 62))
            self.environment.globals["uuid4"] = lambda: uuid.UUID(int=next(counter))
            # HTMLExporter.from_notebook_node (nbconvert 7) without its BeautifulSoup pass,
            # whose two edits _accessible makes (see there): the same filters, then the
            # template rendered by TemplateExporter.
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            highlight = self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)
            )
            resources = self._init_resources(resources)
            data_type = WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources
            )
            self.register_filter("highlight_code", highlight)
            self.register_filter("filter_data_type", data_type)
            html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            return _accessible(html), resources

    # nbconvert's warnings (e.g. of markdown it cannot render) are not a chapter's concern
    # during a build: only its errors are shown.
    log = logging.getLogger("gxq_analysis.publish.nbconvert")
    log.setLevel(logging.ERROR)
    exporter = OfflineHTMLExporter(
        log=log,
        template_name="lab",
        raw_template=OFFLINE_TEMPLATE,
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_raw=True,
        embed_images=True,
        # validate the notebook once, after the preprocessors, not after each of them (13
        # validations were a quarter of a chapter's export)
        optimistic_validation=True,
        theme="light",
        language_code=lang,
    )
    exporter.register_preprocessor(
        TagRemovePreprocessor(
            # the other language's literate cells (gxq_analysis.publish.literate)
            remove_cell_tags=set(REMOVE_CELL_TAGS) | (set(LANG_TAGS.values()) - {LANG_TAGS[lang]}),
            remove_all_outputs_tags=set(REMOVE_OUTPUT_TAGS),
            enabled=True,
        ),
        enabled=True,
    )
    return exporter


def to_html(nb, *, title: str, lang: str) -> bytes:
    """Export an executed chapter to self-contained HTML with all code hidden.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        Normalized executed notebook.
    title : str
        The page title.
    lang : {"zh", "en"}
        Language of the page (``<html lang>``, which also guides font choice for CJK).
    """
    # nbconvert exports a copy (Exporter.from_notebook_node): ``nb`` is not changed
    body, _ = _exporter(lang).from_notebook_node(nb, resources={"metadata": {"name": title}})
    return body.encode("utf-8")


# --------------------------------------------------------------------------- PDF


def find_chromium(explicit: str | None = None) -> str | None:
    """The Chromium executable: ``explicit``, ``$GXQ_CHROMIUM``, or chromium/chrome on PATH."""
    for cand in (explicit, os.environ.get("GXQ_CHROMIUM")):
        if cand:
            return shutil.which(cand) or (cand if os.access(cand, os.X_OK) else None)
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


#: Headless, offline, no first-run work; the HTML needs no network.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)


def with_packaged_font(html: bytes) -> bytes:
    """The page with the package's CJK font (:func:`~gxq_analysis.report.fonts.cjk_font_path`)
    loaded by ``@font-face`` from its file and used for all text.

    Only for printing: Chromium would otherwise set Chinese text in whatever system font it
    finds, or as empty boxes where there is none. The stored HTML keeps no local path.
    """
    # lazy: report.fonts loads matplotlib (0.24-0.29 s), and the no-change build path importing
    # this module (index page) must stay free of numpy and matplotlib (tested)
    from ..report.fonts import cjk_font_path

    uri = cjk_font_path().as_uri()
    css = (
        "<style>@font-face{font-family:'GXQ Noto Sans SC';"
        f"src:url('{uri}') format('opentype');}}"
        "body,p,li,td,th,h1,h2,h3,h4,caption,div,span"
        "{font-family:'GXQ Noto Sans SC',sans-serif !important;}</style>"
    ).encode()
    head = html.find(b"</head>")
    return html[:head] + css + html[head:] if head >= 0 else css + html


def print_pdf(html: bytes, *, chromium: str | None = None, timeout: float = 180) -> bytes:
    """Print HTML to PDF with headless Chromium (A4 per the page CSS, no header/footer).

    Raises
    ------
    OptionError
        When no Chromium is found.
    RuntimeError
        When Chromium fails or writes no PDF.
    """
    exe = find_chromium(chromium)
    if exe is None:
        raise OptionError(
            "--pdf needs Chromium: install it (Debian: apt-get install chromium) or set "
            "GXQ_CHROMIUM to its path"
        )
    with tempfile.TemporaryDirectory(prefix="gxq-pdf-") as tmp:
        page = Path(tmp, "chapter.html")
        page.write_bytes(with_packaged_font(html))
        out = Path(tmp, "chapter.pdf")
        cmd = [
            exe,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={Path(tmp, 'profile')}",
            "--no-pdf-header-footer",  # Chromium >= 111; older ones take the next flag
            "--print-to-pdf-no-header",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        if proc.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
            tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise RuntimeError(f"Chromium could not print the PDF: {' | '.join(tail)}")
        return out.read_bytes()


# --------------------------------------------------------------------------- index


_INDEX_CSS = """
.synthetic { color: #b00020; font-weight: bold; border: 2px solid #b00020; padding: 0.5em; }
body { font-family: "Noto Sans CJK SC", "Noto Sans", "Microsoft YaHei", "PingFang SC",
       sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.6; }
li { margin: 0.2rem 0; } .note { color: #a33; font-size: 0.9em; }
footer { margin-top: 2rem; color: #666; font-size: 0.85em; }
"""


def index_html(
    entries: Sequence[dict[str, Any]],
    *,
    review: str,
    lang: str,
    version: str,
    synthetic: bool = False,
) -> bytes:
    """Render ``index.html``: the chapters of one review and language, linked in order.

    Parameters
    ----------
    entries : sequence of dict
        One per chapter output, in display order, with ``stem``, ``title``, ``group`` (a
        per-zone chapter's title, else None), ``href`` (None if no good output exists) and
        ``failed`` (bool).
    review, lang : str
        Which review and language the page lists.
    version : str
        Package version shown in the footer (no dates: the page must be reproducible).
    synthetic : bool
        Chapters were built from the bundled synthetic demo panel: say so under the title.
    """
    esc = _html.escape

    def t(key: str, **fields: Any) -> str:  # the catalogue's words; no pandas on this path
        return template(f"index.{key}", lang).format(**fields)

    title = t("title", heading=t("heading"), review=template(f"review.{review}", lang))
    lines = [
        "<!DOCTYPE html>",
        f'<html lang="{esc(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>",
        f"<style>{_INDEX_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{esc(title)}</h1>",
        *([f'<p class="synthetic">{esc(t("synthetic"))}</p>'] if synthetic else []),
        "<ol>",
    ]
    open_group = None
    for e in entries:
        if e.get("group") != open_group:
            if open_group is not None:
                lines.append("</ol></li>")
            if e.get("group") is not None:
                lines.append(f"<li>{esc(e['group'])}<ol>")
            open_group = e.get("group")
        note = ""
        if e["failed"]:
            note = f' <span class="note">({esc(t("failed" if e["href"] else "missing"))})</span>'
        label = esc(e["title"])
        if e["href"]:
            label = f'<a href="{esc(e["href"])}">{label}</a>'
        lines.append(f"<li>{label}{note}</li>")
    if open_group is not None:
        lines.append("</ol></li>")
    lines += [
        "</ol>",
        f"<footer>{esc(t('footer', v=version))}</footer>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(lines).encode("utf-8")
