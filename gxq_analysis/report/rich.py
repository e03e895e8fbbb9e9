"""The unit of chapter output: one piece with HTML, Markdown and plain-text renderings.

Its own module so that every presentation module (display, provenance, tables) can build
chapter output without importing each other.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Rich", "md_escape"]


@dataclass(frozen=True)
class Rich:
    """A piece of chapter output with HTML, Markdown and plain-text renderings.

    ``meta`` is stored with the output (the notebook's output ``metadata``) for the readers of
    the built chapter, e.g. ``{"gxq": {"source": ...}}``: the real source of a table, which the
    review document prints under it.
    """

    html: str
    markdown: str
    text: str
    meta: Mapping[str, Any] | None = field(default=None, compare=False)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> Any:
        data = {"text/html": self.html, "text/markdown": self.markdown, "text/plain": self.text}
        return (data, dict(self.meta)) if self.meta else data

    def _repr_html_(self) -> str:
        return self.html

    def _repr_markdown_(self) -> str:
        return self.markdown

    def __repr__(self) -> str:  # text/plain in Jupyter
        return self.text

    def __str__(self) -> str:
        return self.text


def md_escape(text: str) -> str:
    """Escape the characters Markdown would read as markup in running text or a table cell."""
    return re.sub(r"([\\`*_|<>\[\]#])", r"\\\1", str(text)).replace("\n", " ")
