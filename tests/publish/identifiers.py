"""What a reader must not see in a chapter: internal codes, and the other language's prose.

Used by the tests of the stored notebooks, of the real-chapter build and of ``review.docx``.
Rules (outside each chapter's provenance block, which names files and versions on purpose):

- any snake_case identifier (``benchmark_progress``, ``hitech_va``), file names and web
  addresses (a cited source's URL) aside;
- a table cell or list item that is exactly a codebook code or an internal option value;
- Chinese chapters: a run of two or more English words, outside parentheses, other than the
  method names, acronyms and citations of :data:`ALLOWED_EN`;
- English chapters: Chinese characters outside parentheses (``Shenyang (沈阳)`` is fine).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from gxq_analysis.plan.codebook import load_codebook
from gxq_analysis.publish.review import ChapterDoc

_FILE = re.compile(r"[\w./\\-]+\.(?:csv|xlsx|xls|json|txt|ipynb|toml|html|docx)\b")
_URL = re.compile(r"https?://[^\s（）()]+")
_SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
_PARENS = re.compile(r"（[^（）]*）|\([^()]*\)")
_EN_RUN = re.compile(r"[A-Za-z][A-Za-z'’-]+(?:\s+(?:&\s+)?[A-Za-z][A-Za-z'’-]+)+")
_CJK = re.compile(r"[\u3400-\u9fff]")
#: English that a Chinese chapter may show: method names, acronyms, authors of citations.
ALLOWED_EN = re.compile(
    r"^(?:(?:MacKinnon|Webb|Wager|Imbens|Hirshberg|Athey|Arkhangelsky|Abadie|Diamond|"
    r"Hainmueller|Driscoll|Kraay|Swamy|Arora|Hausman|Mundlak|Breusch|Pagan|Cameron|Gelbach|"
    r"Miller|Wooldridge|et|al|and|Stata|plm|Hu|Huaping|Rademacher|Bertrand|Duflo|Mullainathan)\b[\s&.,]*)+$"
)
OPTION_VALUES = {
    "classic",
    "mundlak",
    "pooled",
    "twfe",
    "midterm",
    "final",
    "first_class",
    "innovative",
    "distinctive",
    "national",
    "provincial",
}


def _texts(ch: ChapterDoc) -> Iterable[tuple[str, str]]:
    for b in ch.blocks:
        for text in (b.text, b.caption, *b.lines):
            if text:
                yield "text", text
        for row in b.rows:
            for cell in row:
                yield "cell", cell
        for line in b.lines:
            yield "cell", line


def violations(chapters: Iterable[ChapterDoc], lang: str) -> list[str]:
    """Every rule broken in the chapters' visible text (provenance blocks aside)."""
    items = [(ch.title, kind, text) for ch in chapters for kind, text in _texts(ch)]
    return text_violations(items, lang)


def text_violations(items: Iterable[tuple[str, str, str]], lang: str) -> list[str]:
    """The rules on ``(where, kind, text)`` items; ``kind`` is ``"cell"`` for table cells and
    list items (checked for bare codes too) or ``"text"``."""
    codes = set(load_codebook().index) | OPTION_VALUES
    found = []
    for where, kind, raw in items:
        text = _FILE.sub(" ", _URL.sub(" ", raw))
        found += [f"{where}: code {m!r} in {raw[:80]!r}" for m in _SNAKE.findall(text)]
        if kind == "cell" and raw.strip() in codes:
            found.append(f"{where}: code {raw.strip()!r} as a table cell")
        bare = _PARENS.sub(" ", text)
        if lang == "zh":
            for m in _EN_RUN.findall(bare):
                if not ALLOWED_EN.match(m):
                    found.append(f"{where}: English {m!r} in {raw[:80]!r}")
        elif _CJK.search(bare):
            found.append(f"{where}: Chinese in {raw[:80]!r}")
    return sorted(set(found))
