"""The whole review as one document: built chapters read back as a sequence of blocks.

Every chapter output carries a Markdown rendering beside its HTML (``text/markdown``, written by
:mod:`gxq_analysis.report.display`), and every figure a PNG. This module reads the executed
chapter notebooks of one review and language, in the order of the index page, and turns their
outputs into :class:`Block` objects (headings, paragraphs, notes, lists, tables, figures) that
:mod:`gxq_analysis.publish.word` writes as Word and :mod:`gxq_analysis.publish.review_html` as
one offline HTML page. Markdown cells tagged for the other language (``lang-zh``/``lang-en``)
are left out, cells tagged ``lang-<lang>`` or untagged are kept.

Why a small reader of our own instead of a Markdown library: the Markdown comes from one
writer (``report.display``) that uses five constructs only (ATX headings, paragraphs, ``>``
notes, ``-`` lists, pipe tables, with backslash escapes and ``**bold**``/backtick spans), and
the document needs them as structured data (a table's cells, not HTML), which a Markdown-to-HTML
converter does not give.

Numbering: chapters are numbered in order; tables and figures are numbered through the whole
review (表 1, 表 2, ...) with a caption (a table's own caption, else the section it stands in; a
figure's own description, else the section) and a source line: the table's real source as the
chapter recorded it (``gxq.source`` in the output's metadata: the plan, the registry, the
evaluator's file, the province panel), else the chapter's data file. Each chapter's provenance
block is moved to one appendix at the end, which states what all chapters share once and, per
chapter, only what differs (:func:`split_provenance`). A chapter that could not be built is
given to :func:`read_review` as a :class:`ChapterDoc` of its own (its heading and why), so the
review has no silent hole.
"""

from __future__ import annotations

import base64
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from ..options import check_lang
from ..report.strings import t
from .export import LANG_TAGS

__all__ = [
    "Block",
    "ChapterDoc",
    "ReviewDoc",
    "parse_markdown",
    "read_chapter",
    "read_review",
    "split_provenance",
]

Kind = Literal["heading", "para", "note", "bullets", "table", "figure"]
_UNESCAPE = re.compile(r"\\([\\`*_|<>\[\]#])")


@dataclass(frozen=True)
class Block:
    """One element of a chapter.

    ``heading``: ``text``, ``level`` (1 = chapter title) and, once numbered, its number in
    ``caption`` (``"2.1"``); ``para``: ``text``; ``note``:
    ``lines`` (a highlighted box; ``strong`` for the synthetic-data warning); ``bullets``:
    ``lines``; ``table``: ``rows`` (first row = header), ``caption``, ``number``, ``source``;
    ``figure``: ``png``, ``caption``, ``number``.
    """

    kind: Kind
    text: str = ""
    level: int = 0
    lines: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    caption: str = ""
    number: int = 0
    source: str = ""
    png: bytes = b""
    strong: bool = False


@dataclass
class ChapterDoc:
    """A chapter: its title, its body blocks and its provenance (key, value) lines.

    ``failed``: the chapter could not be built; ``blocks`` then say why (no provenance).
    """

    title: str
    blocks: list[Block] = field(default_factory=list)
    provenance: list[tuple[str, str]] = field(default_factory=list)
    synthetic: bool = False
    failed: bool = False


@dataclass
class ReviewDoc:
    """A review in one language: title, chapters (numbered in order), synthetic flag."""

    review: str
    lang: str
    title: str
    subtitle: str
    chapters: list[ChapterDoc]
    #: provenance lines every built chapter shares, stated once in the appendix
    common_provenance: list[tuple[str, str]] = field(default_factory=list)

    @property
    def synthetic(self) -> bool:
        return any(c.synthetic for c in self.chapters)


# ------------------------------------------------------------------------------------------
# Markdown of one output


def inline(text: str) -> str:
    """Plain text of a Markdown span: escapes resolved, ``**``, backticks and hard breaks gone."""
    text = re.sub(r"(?<!\\)\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [link](url) -> link
    text = re.sub(r"(?<!\\)\*\*", "", text)
    text = re.sub(r"(?<!\\)`", "", text)
    text = re.sub(r"(?<!\\)\*(?=\S)|(?<=\S)(?<!\\)\*", "", text)  # *emphasis*
    return _UNESCAPE.sub(r"\1", text).strip()


def _split_row(line: str) -> tuple[str, ...]:
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    cells, cur, i = [], [], 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            cur.append(body[i : i + 2])
            i += 2
            continue
        if ch == "|":
            cells.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        i += 1
    cells.append("".join(cur))
    return tuple(inline(c) for c in cells)


def parse_markdown(md: str) -> list[Block]:
    """Blocks of one Markdown output (the constructs :mod:`report.display` writes)."""
    blocks: list[Block] = []
    caption = ""
    for para in re.split(r"\n\s*\n", md.strip("\n")):
        lines = [ln.rstrip() for ln in para.splitlines() if ln.strip()]
        if not lines:
            continue
        first = lines[0].lstrip()
        if first.startswith("#"):
            m = re.match(r"(#+)\s*(.*)", first)
            assert m is not None
            blocks.append(Block("heading", text=inline(m.group(2)), level=len(m.group(1))))
            rest = lines[1:]
            if rest:
                blocks.extend(parse_markdown("\n".join(rest)))
        elif all(ln.lstrip().startswith(">") for ln in lines):
            body = [inline(ln.lstrip()[1:]) for ln in lines]
            blocks.append(Block("note", lines=tuple(b for b in body if b)))
        elif all(ln.lstrip().startswith("|") for ln in lines):
            rows = [_split_row(ln) for ln in lines]
            rows = [r for r in rows if not all(re.fullmatch(r":?-{3,}:?", c) for c in r)]
            blocks.append(Block("table", rows=tuple(rows), caption=caption))
            caption = ""
        elif all(ln.lstrip().startswith(("- ", "* ")) for ln in lines):
            blocks.append(Block("bullets", lines=tuple(inline(ln.lstrip()[2:]) for ln in lines)))
        elif len(lines) == 1 and re.fullmatch(r"\*\*.+\*\*", first):
            caption = inline(first)  # the caption of the table that follows
        else:
            blocks.append(Block("para", text=inline(" ".join(ln.strip() for ln in lines))))
    if caption:
        blocks.append(Block("para", text=caption))
    return blocks


# ------------------------------------------------------------------------------------------
# a chapter notebook


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _cell_blocks(cell: dict[str, Any], lang: str) -> Iterable[Block]:
    tags = set(cell.get("metadata", {}).get("tags", ()))
    if "remove-cell" in tags:
        return
    if cell["cell_type"] == "markdown":
        other = set(LANG_TAGS.values()) - {LANG_TAGS[lang]}
        if not tags & other:
            yield from parse_markdown(_text(cell["source"]))
        return
    if cell["cell_type"] != "code" or "remove-output" in tags:
        return
    for out in cell.get("outputs", ()):
        data = out.get("data", {})
        if out.get("output_type") == "stream" and out.get("name") == "stdout":
            text = _text(out.get("text", "")).strip()
            if text:
                yield Block("para", text=text)
            continue
        meta = (out.get("metadata") or {}).get("gxq") or {}
        if "image/png" in data:
            png = base64.b64decode(_text(data["image/png"]))
            yield Block("figure", png=png, caption=str(meta.get("caption") or ""))
        elif "text/markdown" in data:
            source = str(meta.get("source") or "")
            for b in parse_markdown(_text(data["text/markdown"])):
                yield replace(b, source=source) if b.kind == "table" and source else b
        elif "<table" in _text(data.get("text/html", "")):
            yield from _html_tables(_text(data["text/html"]))
        elif "text/plain" in data:
            yield Block("para", text=_text(data["text/plain"]).strip())


def _html_tables(markup: str) -> Iterable[Block]:
    """Tables of an HTML output without a Markdown rendering (a plain DataFrame display)."""
    for frame in pd.read_html(io.StringIO(markup)):
        flat = frame.copy()
        flat.columns = [
            " / ".join(str(x) for x in c if not str(x).startswith("Unnamed"))
            if isinstance(c, tuple)
            else ("" if str(c).startswith("Unnamed") else str(c))
            for c in flat.columns
        ]
        rows = [tuple(flat.columns)]
        rows += [tuple("" if pd.isna(v) else str(v) for v in r) for r in flat.itertuples(False)]
        yield Block("table", rows=tuple(rows))


def read_chapter(path: Path, *, lang: str) -> ChapterDoc:
    """Read one executed chapter notebook into a :class:`ChapterDoc`.

    The first level-1 heading is the title; the section headed by the provenance title
    (``prov.title``) becomes the chapter's provenance lines (``key: value`` bullets).
    """
    check_lang(lang)
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    prov_title = t("prov.title", lang)
    synthetic_title = t("banner.synthetic_title", lang)
    title, body, prov = "", [], []
    in_prov = False
    synthetic = False
    for cell in nb.get("cells", ()):
        for b in _cell_blocks(cell, lang):
            if b.kind == "heading" and b.level == 1 and not title:
                title = b.text
                continue
            if b.kind == "heading":
                in_prov = b.text == prov_title
                if in_prov:
                    continue
            if in_prov:
                if b.kind == "bullets":
                    for line in b.lines:
                        key, _, value = line.partition(":")
                        prov.append((key.strip(), value.strip()))
                elif b.kind == "para":
                    prov.append(("", b.text))
                continue
            if b.kind == "note" and b.lines and synthetic_title in b.lines[0]:
                synthetic = True
                b = Block("note", lines=b.lines, strong=True)  # shown as a warning
            body.append(b)
    return ChapterDoc(title=title or Path(path).stem, blocks=body, provenance=prov,
                      synthetic=synthetic)  # fmt: skip


def _number(chapters: Sequence[ChapterDoc], lang: str) -> None:
    """Number sections within their chapter (``2.1``, ``2.1.1``; headings below level 3 count
    as level 3) and tables and figures through the review; give each a caption and a source."""
    n_table = n_figure = 0
    for i, ch in enumerate(chapters, start=1):
        sub = [0, 0]
        data_file = next((v for k, v in ch.provenance if k == t("prov.data_file", lang)), "")
        cited = next((v for k, v in ch.provenance if k == t("prov.citation", lang)), "")
        if cited and data_file:  # real data: named by their citation, as the chapter does
            data_file = t("tablesource.cited", lang, citation=cited, file=data_file)
        source = t("doc.source", lang, source=data_file) if data_file else ""
        if ch.synthetic and source:
            source += t("doc.source_synthetic", lang)
        section = ch.title
        numbered = []
        for b in ch.blocks:
            if b.kind == "heading":
                section = b.text
                level = min(max(b.level, 2), 3)
                if level == 2:
                    sub = [sub[0] + 1, 0]
                    number_label = f"{i}.{sub[0]}"
                else:
                    sub[1] += 1
                    number_label = f"{i}.{sub[0]}.{sub[1]}"
                b = Block("heading", text=b.text, level=level, caption=number_label)
            if b.kind == "table":
                n_table += 1
                b = Block("table", rows=b.rows, caption=b.caption or section, number=n_table,
                          source=b.source or source)  # fmt: skip
            elif b.kind == "figure":
                n_figure += 1
                b = Block("figure", png=b.png, caption=b.caption or section, number=n_figure)
            numbered.append(b)
        ch.blocks = numbered


def _items(prov: list[tuple[str, str]], params_key: str) -> list[tuple[str, str, str]]:
    """Provenance lines as (key, sub-key, value), the parameters line split into one item per
    parameter (sub-key: its name): chapters differ parameter by parameter (``zone`` in a
    profile, ``benchmarks`` in one chapter), not in the whole line."""
    out = []
    for key, value in prov:
        if key == params_key and value:
            for part in value.split("; "):
                name = part.partition(" = ")[0].strip()
                out.append((key, name, part.strip()))
        else:
            out.append((key, "", value))
    return out


def _join(items: list[tuple[str, str, str]], params_key: str) -> list[tuple[str, str]]:
    """:func:`_items` undone: the parameters back on one line, at the first one's place."""
    out: list[tuple[str, str]] = []
    params = [v for k, _, v in items if k == params_key]
    done = False
    for key, _, value in items:
        if key != params_key:
            out.append((key, value))
        elif not done:
            out.append((key, "; ".join(params)))
            done = True
    return out


def split_provenance(
    chapters: Sequence[ChapterDoc], lang: str
) -> tuple[list[tuple[str, str]], list[list[tuple[str, str]]]]:
    """What the built chapters' provenance blocks share, and what each says differently.

    Returns ``(common, own)``: for each line (each parameter on its own), the value more than
    half of the built chapters give, in the first chapter's order; and for each chapter the
    lines whose value is not that common one. The appendix states the common lines once and
    under each chapter only its own: the national-context chapter's data file, a profile's
    ``zone``. Chapters that were not built have no provenance and do not count.
    """
    params_key = t("prov.parameters", lang)
    built = [_items(c.provenance, params_key) for c in chapters if not c.failed]
    if not built:
        return [], [[] for _ in chapters]
    counts: dict[tuple[str, str], dict[str, int]] = {}
    order: list[tuple[str, str]] = []
    for items in built:
        for key, sub, value in items:
            if (key, sub) not in counts:
                counts[(key, sub)] = {}
                order.append((key, sub))
            counts[(key, sub)][value] = counts[(key, sub)].get(value, 0) + 1
    majority = {}
    for slot, values in counts.items():
        value, n = max(values.items(), key=lambda kv: kv[1])  # first of equal counts
        if 2 * n > len(built):
            majority[slot] = value
    common = [(k, sub, majority[(k, sub)]) for k, sub in order if (k, sub) in majority]
    own = []
    for c in chapters:
        items = [] if c.failed else _items(c.provenance, params_key)
        mine = [(k, sub, v) for k, sub, v in items if majority.get((k, sub)) != v]
        own.append(_join(mine, params_key))
    return _join(common, params_key), own


def read_review(
    notebooks: Sequence[Path | ChapterDoc],
    *,
    review: str,
    lang: str,
    title: str,
    subtitle: str,
) -> ReviewDoc:
    """Read the chapters of one review and language (in display order) into a
    :class:`ReviewDoc`, with tables and figures numbered and the provenance split into what
    all chapters share and what each adds.

    ``notebooks``: executed chapter notebooks, or a :class:`ChapterDoc` in the place of a
    chapter that could not be built.
    """
    chapters = [p if isinstance(p, ChapterDoc) else read_chapter(p, lang=lang) for p in notebooks]
    _number(chapters, lang)
    common, own = split_provenance(chapters, lang)
    for ch, lines in zip(chapters, own, strict=True):
        ch.provenance = lines
    return ReviewDoc(
        review=review,
        lang=lang,
        title=title,
        subtitle=subtitle,
        chapters=chapters,
        common_provenance=common,
    )
