"""``review.html``: the review as one self-contained, offline page.

Title page, contents with links, every chapter and zone profile as a numbered section, numbered
tables and figures with captions and source lines, the synthetic-data warning wherever a chapter
carries it, a chapter that could not be built as its heading with the reason, and one provenance
appendix (what all chapters share once, then what each adds). Figures are embedded as ``data:``
URIs and the style is inline, so the page needs no network and no other file; it is written with
the standard library's ``html.escape`` only, deterministically (no dates, no ids from a random
source)."""

from __future__ import annotations

import base64
import html

from ..report.strings import t
from .review import Block, ReviewDoc

__all__ = ["review_html"]

_CSS = """
body { font-family: "Noto Sans SC", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei",
       "PingFang SC", sans-serif; max-width: 56rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.6; color: #111; }
header.title { text-align: center; margin: 4rem 0 3rem 0; page-break-after: always; }
header.title h1 { font-size: 2rem; }
.synthetic { color: #b00020; font-weight: bold; border: 2px solid #b00020; padding: 0.6em; }
.note { border-left: 4px solid #555; background: #f6f6f6; padding: 0.4em 0.8em; margin: 1em 0; }
.note.strong { border-color: #b00020; background: #fff0f0; color: #b00020; }
.note p { margin: 0.2em 0; }
section.chapter { page-break-before: always; }
table { border-collapse: collapse; margin: 0.3em 0 0.2em 0; font-size: 0.9em; }
th, td { border: 1px solid #bbb; padding: 0.2em 0.5em; }
th { background: #eee; text-align: left; }
td.num { text-align: right; }
caption { caption-side: top; text-align: left; font-weight: bold; padding: 0.3em 0; }
figure { margin: 1em 0; text-align: center; }
figure img { max-width: 100%; }
figcaption { font-weight: bold; font-size: 0.9em; }
.source { font-size: 0.8em; color: #555; margin: 0 0 1em 0; }
nav ol { line-height: 1.8; }
.appendix li { font-size: 0.85em; word-break: break-all; }
"""


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _is_number(text: str) -> bool:
    s = text.replace(",", "").replace("%", "").replace("−", "-").strip()
    try:
        float(s)
    except ValueError:
        return False
    return True


def _block(b: Block, lang: str) -> str:
    if b.kind == "heading":
        h = b.level + 1
        return f"<h{h}>{_esc(b.caption)}&nbsp;&nbsp;{_esc(b.text)}</h{h}>"
    if b.kind == "para":
        return f"<p>{_esc(b.text)}</p>"
    if b.kind == "note":
        cls = "note strong" if b.strong else "note"
        lines = "".join(f"<p>{_esc(x)}</p>" for x in b.lines)
        return f'<div class="{cls}" role="note">{lines}</div>'
    if b.kind == "bullets":
        return "<ul>" + "".join(f"<li>{_esc(x)}</li>" for x in b.lines) + "</ul>"
    if b.kind == "table":
        head, *rows = b.rows
        cap = f"{t('doc.table', lang, n=b.number)}&nbsp;&nbsp;{_esc(b.caption)}"
        out = [f'<table id="table-{b.number}"><caption>{cap}</caption><thead><tr>']
        out += [f"<th>{_esc(c)}</th>" for c in head]
        out.append("</tr></thead><tbody>")
        for row in rows:
            out.append("<tr>")
            out += [
                f'<td class="num">{_esc(c)}</td>' if _is_number(c) else f"<td>{_esc(c)}</td>"
                for c in row
            ]
            out.append("</tr>")
        out.append("</tbody></table>")
        if b.source:
            out.append(f'<p class="source">{_esc(b.source)}</p>')
        return "".join(out)
    if b.kind == "figure":
        data = base64.b64encode(b.png).decode("ascii")
        cap = f"{t('doc.figure', lang, n=b.number)}&nbsp;&nbsp;{_esc(b.caption)}"
        return (
            f'<figure id="figure-{b.number}"><img alt="{_esc(b.caption)}" '
            f'src="data:image/png;base64,{data}"><figcaption>{cap}</figcaption></figure>'
        )
    raise ValueError(f"unknown block kind {b.kind!r}")


def _provenance(lines: list[tuple[str, str]], lang: str) -> str:
    sep = "：" if lang == "zh" else ": "
    items = []
    for key, value in lines:
        label = f"<strong>{_esc(key)}</strong>{sep}" if key else ""
        items.append(f"<li>{label}{_esc(value)}</li>")
    return "<ul>" + "".join(items) + "</ul>"


def review_html(doc: ReviewDoc) -> bytes:
    """The review as one offline HTML page (bytes, UTF-8)."""
    lang = doc.lang
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_esc(doc.title)}</title><style>{_CSS}</style></head><body>",
        f'<header class="title"><h1>{_esc(doc.title)}</h1><p>{_esc(doc.subtitle)}</p>',
    ]
    if doc.synthetic:
        parts.append(f'<p class="synthetic">{_esc(t("doc.synthetic_cover", lang))}</p>')
    parts.append("</header>")
    parts.append(f"<nav><h2>{_esc(t('doc.toc', lang))}</h2><ol>")
    for i, ch in enumerate(doc.chapters, start=1):
        parts.append(f'<li><a href="#chapter-{i}">{_esc(ch.title)}</a></li>')
    parts.append(f'<li><a href="#appendix">{_esc(t("doc.appendix", lang))}</a></li></ol></nav>')
    for i, ch in enumerate(doc.chapters, start=1):
        parts.append(f'<section class="chapter" id="chapter-{i}">')
        parts.append(f"<h2>{i}&nbsp;&nbsp;{_esc(ch.title)}</h2>")
        parts += [_block(b, lang) for b in ch.blocks]
        parts.append("</section>")
    parts.append('<section class="chapter appendix" id="appendix">')
    parts.append(f"<h2>{_esc(t('doc.appendix', lang))}</h2>")
    parts.append(f"<p>{_esc(t('doc.appendix_intro', lang))}</p>")
    parts.append(f"<h3>{_esc(t('doc.appendix_common', lang))}</h3>")
    parts.append(_provenance(doc.common_provenance, lang))
    own = [(i, ch) for i, ch in enumerate(doc.chapters, start=1) if ch.provenance]
    if own:
        parts.append(f"<h3>{_esc(t('doc.appendix_own', lang))}</h3>")
    for i, ch in own:
        parts.append(f"<h4>{i}&nbsp;&nbsp;{_esc(ch.title)}</h4>")
        parts.append(_provenance(ch.provenance, lang))
    parts.append("</section></body></html>")
    return ("\n".join(parts) + "\n").encode("utf-8")
