"""The one catalogue of words: every visible text of the package, in Chinese and English.

:data:`STRINGS` maps a dotted key to ``(Chinese, English)``. It is kept in two files by who
speaks: :mod:`.chapters` (the chapters, the review documents, the ``gxq`` commands and the
build) and :mod:`.data` (errors and warnings about an evaluator's tables, how ``gxq validate``
describes a reading), joined here into one table with one key space (no key in both; checked
on import). The catalogue lives at the bottom of the package so that every layer can word its
messages from it, the data layer (``ingest``) included, without importing the report layer.
There is one lookup, :func:`template`: :func:`gxq_analysis.report.strings.t` (the chapters'
number specs) and :func:`render_message` (the data layer's fields) both go through it.

A message is a key with fields. Fields may be plain values, :class:`Quoted` text (``'x'`` in
English, ``“x”`` in Chinese), :class:`Words` (a list joined with ``, `` or ``、``) or a
:class:`Key` (another catalogue entry, worded in the same language).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from typing import Any

from .chapters import CHAPTER_STRINGS, CITY_EN, UNIT_EN
from .data import DATA_STRINGS

__all__ = [
    "CHAPTER_STRINGS",
    "CITY_EN",
    "DATA_STRINGS",
    "STRINGS",
    "UNIT_EN",
    "Column",
    "Key",
    "Named",
    "Quoted",
    "StringKeyError",
    "Words",
    "render_message",
    "template",
    "where_text",
]

_LANG = {"zh": 0, "en": 1}


def _join(*parts: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for part in parts:
        twice = sorted(set(out) & set(part))
        if twice:
            raise RuntimeError(f"catalogue keys defined twice: {', '.join(twice)}")
        out.update(part)
    return out


#: The one catalogue: key -> (Chinese, English), every part joined.
STRINGS: dict[str, tuple[str, str]] = _join(CHAPTER_STRINGS, DATA_STRINGS)


class StringKeyError(KeyError):
    """An unknown catalogue key (the message lists the closest keys), a language that is not
    ``zh`` or ``en``, or a template field that was not given."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


def template(key: str, lang: str) -> str:
    """The text of catalogue entry ``key`` in ``lang``, its fields not filled in.

    Raises
    ------
    StringKeyError
        For an unknown key (naming the closest keys) or a language other than ``zh``/``en``.
    """
    try:
        index = _LANG[lang]
    except (KeyError, TypeError):
        raise StringKeyError(f"lang={lang!r} is not allowed; choose 'zh' or 'en'") from None
    try:
        return STRINGS[key][index]
    except KeyError:
        close = difflib.get_close_matches(str(key), list(STRINGS), n=5, cutoff=0.5)
        hint = ("; did you mean: " + ", ".join(close)) if close else ""
        raise StringKeyError(f"unknown string key {key!r}{hint}") from None


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
    text = template(key, lang)
    worded = {k: _field(v, lang) for k, v in fields.items()}
    if partial:
        return text.format_map(_Partial(worded))
    return text.format(**worded)


_COLUMN = re.compile(r"^column ([A-Z]+)(?: \((.*)\))?$", re.DOTALL)


def column_text(column: str, lang: str) -> str:
    """A column as a message names it: ``column C (2017年)`` / ``C列（2017年）``, or a header as
    written (``'营业收入'`` / ``“营业收入”列``)."""
    if lang == "zh" and isinstance(column, Column):
        return column.zh
    m = _COLUMN.match(str(column))
    if m and m.group(2):
        return template("data.where.column_header", lang).format(
            letter=m.group(1), header=m.group(2)
        )
    if m:
        return template("data.where.column_letter", lang).format(letter=m.group(1))
    return template("data.where.column_named", lang).format(column=Quoted(column).render(lang))


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
    zh = lang == "zh"

    def quoted(value: Any) -> str:  # as written in Chinese, as Python shows it in English
        return f"“{value}”" if zh else repr(value)

    parts = [
        template(f"data.where.{name}", lang).format(**{name: text})
        for name, value, text in (
            ("file", file, quoted(file)),
            ("sheet", sheet, quoted(sheet)),
            ("row", row, row),
            ("column", column, column_text(column, lang) if zh else repr(column)),
        )
        if value is not None
    ]
    return template("data.where.sep", lang).join(parts)
