"""Rules about the text of one cell: titles, unit lines, footers, years, derived measures.

Each function decides one question about one cell by an explicit rule, so that the reader can
record what it decided (``gxq validate``) and refuse what two rules would read differently.
Cells are compared after NFKC normalization with white space removed: yearbooks space out short
words (``地　　区``, ``全　　省``).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Any

#: First words of a footer row: notes, sources, explanations.
NOTE_PREFIXES = ("注", "说明", "备注", "资料来源", "数据来源", "来源", "note", "notes", "source")
#: Headers of the indicator column of a city-yearbook page (indicators as rows).
INDICATOR_HEADERS = ("指标", "指标名称", "项目", "主要指标", "indicator", "item")
#: Headers of the unit column of such a page.
UNIT_HEADERS = ("计量单位", "单位", "unit", "units")

_UNIT_LINE = re.compile(r"^(?:单位|计量单位|unit|units)[:：]\s*(.+)$", re.IGNORECASE)
_CONTINUED = re.compile(r"^(?:续表|续)\s*[\dA-Za-z\-—.]*|^\(?continued\)?", re.IGNORECASE)
_TABLE_NO = re.compile(r"^(?:续?表)\s*([\dA-Za-z]+(?:[-—.]\d+)*)")
_YEAR_HEADER = re.compile(r"^(\d{4})(?:\.0+)?(?:年|年度|年末)?$")
# two years in one header or title: 2016-2017, 2016—2017年, 2016至2017年, 2016/17
_TWO_YEARS = re.compile(r"(\d{4})\s*(?:年)?\s*[-–—~～至到/]\s*(\d{2,4})\s*(?:年|年度)?")
_TITLE_YEAR = re.compile(r"(?<!\d)(\d{4})\s*年")
_BARE_YEAR = re.compile(r"^[（(]?\s*(\d{4})\s*[）)]?$")
# leading "of which" marks of a sub-item: #技术收入, 其中：技术收入, 其中:
_OF_WHICH = re.compile(r"^(?:[#＃]+|其中[:：]?)\s*")


def flat(value: Any) -> str:
    """NFKC text, white space removed, lower case: how cells are compared."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value))).lower()


def blank(value: Any) -> bool:
    """An empty cell (None or only white space)."""
    return value is None or (isinstance(value, str) and not value.strip())


def lines(value: Any) -> list[str]:
    """The non-empty lines of a cell: a bilingual header is ``营业收入\\nTotal Income``."""
    return [ln.strip() for ln in str(value).splitlines() if ln.strip()]


_ENUMERATION = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*(?:[一二三四五六七八九十]+|\d+)\s*[)）]"
    r"|\d+\s*[、．]|\d+\.(?!\d))\s*"
)
_TRAILING_MARKS = re.compile(r"\s*(?:[\u2460-\u2473\u2776-\u277f*＊※†]|[（(]\s*注\s*\d*\s*[)）])+$")


def strip_enumeration(text: str) -> str:
    """A row label without its list number: ``一、国家级高新区``, ``1.沈阳高新区``,
    ``（1）抚顺高新区`` -> the name (a decimal such as ``1.5`` is not a list number)."""
    return _ENUMERATION.sub("", str(text), count=1)


def strip_marks(text: str) -> str:
    """A header without trailing footnote marks: ``营业收入（万元）①``, ``企业数※``, ``出口*``."""
    return _TRAILING_MARKS.sub("", str(text).strip())


def strip_of_which(text: str) -> str:
    """``#技术收入`` and ``其中：技术收入`` are 技术收入 (``#`` means "of which")."""
    return _OF_WHICH.sub("", text.strip())


def unit_line(value: Any) -> str | None:
    """The unit of a unit line (``单位：万元``, ``Unit: 1000 yuan``), or None."""
    if not isinstance(value, str):
        return None
    m = _UNIT_LINE.match(unicodedata.normalize("NFKC", value).strip())
    return m.group(1).strip() if m else None


def is_note(value: Any) -> bool:
    """A cell that starts a footer: ``注：1. …``, ``资料来源：…``."""
    if not isinstance(value, str):
        return False
    text = unicodedata.normalize("NFKC", value).strip().lower()
    return any(text.startswith(p) for p in NOTE_PREFIXES)


#: First words of a source line (a footer row that names where the data come from).
SOURCE_PREFIXES = ("资料来源", "数据来源", "来源", "source")


def footer_kind(value: Any) -> str:
    """``"source"`` for a source line (``资料来源：…``), else ``"note"`` (``注：1. 本表数据来源于…``
    is a note: the first word decides, not a word further on)."""
    text = unicodedata.normalize("NFKC", str(value)).strip().lower()
    return "source" if any(text.startswith(p) for p in SOURCE_PREFIXES) else "note"


def is_note_continuation(value: Any) -> bool:
    """A footnote's next line: indented with (full-width) spaces, or numbered ``2.``/``（2）``."""
    if not isinstance(value, str) or not value.strip():
        return False
    return value[:1] in (" ", "\u3000", "\t") or bool(
        re.match(r"^\s*(?:\d+[.、．]|[（(]\d+[）)])", value)
    )


def is_continued(value: Any) -> bool:
    """The title of a table continued on the same sheet: ``续表3-12``, ``续表``, ``(continued)``."""
    return isinstance(value, str) and bool(_CONTINUED.match(flat(value)))


def table_number(value: Any) -> str | None:
    """``3-12`` from a title ``表3-12 2016年…`` (or None)."""
    if not isinstance(value, str):
        return None
    m = _TABLE_NO.match(flat(value))
    return m.group(1) if m else None


def table_number_free(name: str) -> str:
    """A sheet name without its table number or the word 表: ``表3-12 营业收入`` and
    ``营业收入表`` -> ``营业收入``."""
    s = re.sub(r"^\s*(?:续?表)?\s*\d+(?:[-—.]\d+)*\s*", "", str(name))
    s = re.sub(r"\s*(?:统计表|表)\s*$", "", s)
    return s or str(name)


def two_years(value: Any) -> str | None:
    """The text of a span of two years (``2016-2017``) in a cell, or None."""
    if isinstance(value, str):
        m = _TWO_YEARS.search(unicodedata.normalize("NFKC", value))
        if m and len(m.group(2)) in (2, 4):
            return m.group(0).strip()
    return None


def year_header(value: Any) -> int | None:
    """The year a column header names (``2016年``, ``2016``, 2016), or None.

    A header naming two years (``2016-2017``) is not a year; :func:`two_years` finds it so
    that the caller can refuse it.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 1900 <= value <= 2100 else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and 1900 <= value <= 2100 else None
    if isinstance(value, str):
        first = lines(value)[:1]
        m = _YEAR_HEADER.match(flat(first[0])) if first else None
        return int(m.group(1)) if m else None
    return None


def title_years(texts: list[str]) -> tuple[set[int], str | None]:
    """Years named in title rows (``2016年``, ``（2016）``) and the first span of two years."""
    years: set[int] = set()
    span = None
    for t in texts:
        span = span or two_years(t)
        norm = unicodedata.normalize("NFKC", t)
        years.update(int(y) for y in _TITLE_YEAR.findall(norm))
        m = _BARE_YEAR.match(norm.strip())
        if m:
            years.add(int(m.group(1)))
    return years, span


def header_kind(value: Any, keys: frozenset[str]) -> bool:
    """True when any line of a header cell is one of ``keys`` (flattened)."""
    if blank(value):
        return False
    return flat(value) in keys or any(flat(ln) in keys for ln in lines(value))


_CORNER_SPLIT = re.compile(r"[/\\／＼|｜]")


def corner_parts(value: Any) -> list[str]:
    """The words of a corner cell split by a diagonal: ``项目/地区`` -> [项目, 地区].

    Yearbooks print the top-left cell of a table with a diagonal line between the label of
    the rows (地区) and that of the columns (项目, 指标); spreadsheets write it as
    ``项目/地区``, ``指标\\地区`` or on two lines. A cell without such a split gives [].
    """
    if blank(value) or not isinstance(value, str):
        return []
    parts = [flat(p) for p in _CORNER_SPLIT.split(unicodedata.normalize("NFKC", value))]
    parts = [p for p in parts if p]
    return parts if len(parts) == 2 else []


#: Sub-headers under an indicator that mean "the indicator's value" (not a growth rate):
#: ``营业收入`` over ``本年（万元）`` is 营业收入（万元）.
_VALUE_QUALIFIER = re.compile(
    r"^(?:本年|本期|当年|本年实际|本年累计|实际|绝对[额值数]|总[额量数]|金额|数值|数量)?"
    r"\s*([(（\[].*[)）\]])?$"
)


def band_header(texts: list[str], names_indicator) -> str:
    """One header from the cells of a column in a header of several rows (top first).

    Rule: the lowest cell names the column and the cells above it are group labels
    (``经济指标`` over ``营业收入``), except when the lowest cell only qualifies an indicator
    named above it (``营业收入`` over ``本年（万元）``): then the column is that indicator with
    the qualifier's unit. Any other sub-column of an indicator (``比上年增长%``) keeps both
    words (``营业收入 / 比上年增长%``) so that it is reported, not read as the indicator.
    ``names_indicator(text)`` tells whether a text names an indicator of the codebook.
    """
    cells: list[str] = []
    for t in texts:
        if not blank(t) and (not cells or flat(t) != flat(cells[-1])):
            cells.append(" ".join(str(t).split()))
    if not cells:
        return ""
    low = cells[-1]
    if len(cells) == 1 or names_indicator(low) or year_header(low) is not None:
        return low
    parent = next((c for c in reversed(cells[:-1]) if names_indicator(c)), None)
    if parent is None:
        return low
    m = _VALUE_QUALIFIER.match(low.strip())
    if m:
        return parent + (m.group(1) or "")
    return f"{parent} / {low}"


INDICATOR_KEYS = frozenset(flat(h) for h in INDICATOR_HEADERS)
UNIT_KEYS = frozenset(flat(h) for h in UNIT_HEADERS)


# --- years with a qualifier, and derived measures ---------------------------------------------

#: Words after a year that still mean "this year's value": a flash report, an estimate, a
#: figure before or after a revision. Two columns of one year with different qualifiers are
#: two readings of one value: the reader refuses them unless a layout file chooses.
YEAR_QUALIFIERS = (
    "快报",
    "快报数",
    "年报",
    "预计",
    "预计数",
    "估计",
    "初步",
    "初步数",
    "初步核算",
    "调整前",
    "调整后",
    "修订前",
    "修订后",
    "修订",
    "修正后",
    "修正前",
    "核实",
    "核实数",
    "最终",
    "最终核实",
    "实际",
    "实际数",
    "普查前",
    "普查后",
    "经普前",
    "经普后",
    "estimate",
    "estimated",
    "preliminary",
    "revised",
    "final",
    "flash",
    "before revision",
    "after revision",
)
#: Words after a year that make the column something other than the year's value.
TARGET_WORDS = ("目标", "规划", "计划", "预期", "target", "plan", "goal")

_YEAR_LABEL = re.compile(
    r"^(?:fy|y|year)?(\d{4})(?:\.0+)?(?:年末|年度|年底|年|年份)?(.*)$", re.IGNORECASE
)
_BRACKETS = re.compile(r"^[(（\[【]\s*(.*?)\s*[)）\]】]$")

#: Markers of a derived measure (a growth rate, a share, a rank, a per-capita value): such a
#: column or row is recognized, reported and skipped, never read as the indicator it names.
DERIVED_MARKERS = (
    "增长",
    "增速",
    "增幅",
    "增减",
    "增加值率",
    "比上年",
    "较上年",
    "比去年",
    "同比",
    "环比",
    "占比",
    "比重",
    "构成",
    "占全省",
    "占全市",
    "占全国",
    "人均",
    "排名",
    "排序",
    "位次",
    "名次",
    "平均",
    "growth",
    "change",
    "share",
    "rank",
    "percap",
    "percent",
    "ratio",
    "yoy",
    "%",
)


def date_year(value: date | datetime) -> int | None:
    """The year a date cell stands for, when it stands for a whole year: 1 January or 31
    December (a column of years formatted as dates, ``yyyy``, or exported from a program that
    stamps annual data at the start or end of the year). Any other day is not a year."""
    whole_day = not isinstance(value, datetime) or value.time() == datetime.min.time()
    if whole_day and (value.month, value.day) in ((1, 1), (12, 31)) and 1900 <= value.year <= 2100:
        return value.year
    return None


def year_label(value: Any) -> tuple[int, str | None] | None:
    """``(year, qualifier)`` of a label naming one year (``2018年``, ``2018年（调整后）``,
    ``2018年快报``, ``2018（预计）``, ``FY2018``); qualifier None for a plain year. None when the
    label is not a year, or is a year followed by other words (``2020年目标``, ``2018年增长``).
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, date):  # datetime too
        y = date_year(value)
        return (y, None) if y is not None else None
    if isinstance(value, int):
        return (value, None) if 1900 <= value <= 2100 else None
    if isinstance(value, float):
        return (int(value), None) if value.is_integer() and 1900 <= value <= 2100 else None
    if not isinstance(value, str) or not value.strip():
        return None
    first = lines(value)[0]
    m = _YEAR_LABEL.match(flat(first))
    if not m or not 1900 <= int(m.group(1)) <= 2100:
        return None
    rest = m.group(2)
    if not rest:
        return int(m.group(1)), None
    inner = _BRACKETS.match(rest)
    word = (inner.group(1) if inner else rest).strip()
    if flat(word) in {flat(q) for q in YEAR_QUALIFIERS}:
        original = _qualifier_as_written(first)
        return int(m.group(1)), original or word
    return None


def _qualifier_as_written(text: str) -> str:
    """The qualifier as the header writes it: ``2018年（调整后）`` -> ``调整后``."""
    s = unicodedata.normalize("NFKC", text).strip()
    s = re.sub(
        r"^(?:fy|y|year)?\s*\d{4}(?:\.0+)?\s*(?:年末|年度|年底|年|年份)?\s*",
        "",
        s,
        flags=re.IGNORECASE,
    )
    inner = _BRACKETS.match(s)
    return (inner.group(1) if inner else s).strip()


def year_with_words(value: Any) -> bool:
    """A label that starts with a year but goes on with other words (``2020年目标``,
    ``2018年比上年增长``): not a year's value."""
    if not isinstance(value, str):
        return False
    m = _YEAR_LABEL.match(flat(value))
    return bool(m and m.group(2)) and year_label(value) is None


def is_target(value: Any) -> bool:
    """A label naming a plan target or goal (``2020年目标``, ``规划目标``)."""
    return isinstance(value, str) and any(w in flat(value) for w in TARGET_WORDS)


def is_derived(value: Any) -> bool:
    """A label naming a derived measure: growth, share, rank, per capita, a percentage."""
    if not isinstance(value, str):
        return False
    s = flat(value)
    return any(m in s for m in DERIVED_MARKERS)
