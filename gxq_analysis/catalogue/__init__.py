"""The catalogue of words every layer may need, and how a message is worded from it.

The chapters' words live in :mod:`gxq_analysis.report.catalogue`; the words of the data layer
(errors and warnings about an evaluator's tables, how ``gxq validate`` describes a reading) live
in :mod:`.data`, here at the bottom of the package so that the layers that raise such messages
(``ingest``) can word them without importing the report layer. Both are looked up through the
same key space: ``gxq_analysis.report.strings.t`` sees the data keys too.

A message is a key with fields. Fields may be plain values, :class:`Quoted` text (``'x'`` in
English, ``“x”`` in Chinese), :class:`Words` (a list joined with ``, `` or ``、``) or a
:class:`Key` (another catalogue entry, worded in the same language).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from .data import DATA_STRINGS

__all__ = [
    "DATA_STRINGS",
    "Column",
    "Key",
    "Named",
    "Quoted",
    "Words",
    "render_message",
    "where_text",
]

_LANG = {"zh": 0, "en": 1}


class Quoted(str):
    """Text quoted as the language quotes: ``'营业收入'`` in English, ``“营业收入”`` in Chinese."""

    def render(self, lang: str) -> str:
        return f"“{self}”" if lang == "zh" else repr(str(self))


class Words(tuple):
    """Items joined as the language joins a list (``a, b`` or ``a、b``); items may be
    :class:`Quoted` or :class:`Key`."""

    def __new__(cls, items: Iterable[Any] = ()):
        return super().__new__(cls, tuple(items))

    def __getnewargs__(self):  # pickled as one argument, the items
        return (tuple(self),)

    def render(self, lang: str) -> str:
        return ("、" if lang == "zh" else ", ").join(_field(x, lang) for x in self)


class Named:
    """A name in each language: a zone or indicator is ``营业收入`` in a Chinese message and its
    code (``revenue``) in an English one, where codes are what the library's users type."""

    __slots__ = ("en", "zh")

    def __init__(self, zh: str, en: str) -> None:
        self.zh, self.en = zh, en

    def render(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def __repr__(self) -> str:
        return f"Named({self.zh!r}, {self.en!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Named) and (self.zh, self.en) == (other.zh, other.en)

    def __hash__(self) -> int:
        return hash((self.zh, self.en))


class Column(str):
    """A column as an error message names it, with its Chinese form: ``column B (revenue)`` /
    ``B列（营业收入）``."""

    zh: str

    def __new__(cls, en: str, zh: str):
        obj = super().__new__(cls, en)
        obj.zh = zh
        return obj

    def __getnewargs__(self):
        return (str(self), self.zh)


class Key:
    """A catalogue entry used as a field: worded in the language of the message."""

    __slots__ = ("fields", "key")

    def __init__(self, key: str, **fields: Any) -> None:
        self.key, self.fields = key, fields

    def render(self, lang: str) -> str:
        return render_message(self.key, lang, self.fields)

    def __repr__(self) -> str:
        return f"Key({self.key!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Key) and (self.key, self.fields) == (other.key, other.fields)

    def __hash__(self) -> int:
        return hash(self.key)


def _field(value: Any, lang: str) -> str:
    if isinstance(value, Quoted | Words | Key | Named):
        return value.render(lang)
    if isinstance(value, float):
        return f"{value:.10g}"
    return str(value)


class _Partial(dict):
    def __missing__(self, key: str) -> str:
        return "…"


def render_message(
    key: str, lang: str, fields: Mapping[str, Any] | None = None, *, partial: bool = False
) -> str:
    """The text of catalogue entry ``key`` in ``lang`` with ``fields`` filled in.

    ``data.where`` (the place of a problem) is built from its parts by :func:`where_text`.
    With ``partial``, a field not given shows as ``…`` instead of raising (a message worded
    before its place and unit are known).
    """
    fields = dict(fields or {})
    if key == "data.where":
        return where_text(lang, **fields)
    try:
        template = DATA_STRINGS[key][_LANG[lang]]
    except KeyError:
        raise KeyError(f"no catalogue entry {key!r} in {lang!r}") from None
    worded = {k: _field(v, lang) for k, v in fields.items()}
    if partial:
        return template.format_map(_Partial(worded))
    return template.format(**worded)


_COLUMN = re.compile(r"^column ([A-Z]+)(?: \((.*)\))?$", re.DOTALL)


def column_text(column: str, lang: str) -> str:
    """A column as a message names it: ``column C (2017年)`` / ``C列（2017年）``, or a header as
    written (``'营业收入'`` / ``“营业收入”列``)."""
    if lang == "zh" and isinstance(column, Column):
        return column.zh
    m = _COLUMN.match(str(column))
    if lang == "en":
        return str(column) if m else f"column {column!r}"
    if m:
        return f"{m.group(1)}列" + (f"（{m.group(2)}）" if m.group(2) else "")
    return f"“{column}”列"


def where_text(
    lang: str,
    *,
    file: str | None = None,
    sheet: str | None = None,
    row: int | None = None,
    column: str | None = None,
) -> str:
    """The place of a problem: ``file 'x.xlsx', sheet '3-12', row 8, column 'B'``, or in
    Chinese ``文件“x.xlsx”，工作表“3-12”，第8行，…``."""
    if lang == "zh":
        parts = [
            *([f"文件“{file}”"] if file is not None else []),
            *([f"工作表“{sheet}”"] if sheet is not None else []),
            *([f"第{row}行"] if row is not None else []),
            *([column_text(column, "zh")] if column is not None else []),
        ]
        return "，".join(parts)
    parts = [
        f"{k} {v!r}" if k != "row" else f"row {v}"
        for k, v in (("file", file), ("sheet", sheet), ("row", row), ("column", column))
        if v is not None
    ]
    return ", ".join(parts)
