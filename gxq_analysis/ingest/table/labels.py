"""What a label holds: a zone, a year, an indicator with its unit, a unit, a derived measure...

A table holds values along three axes: zone, year and indicator. Every label of a table (a
header cell, a row label, the sheet name, a title) is classified by :func:`classify` into a
:class:`Label`; where the axes lie follows from these labels (:mod:`.axes`), not from a list of
known layouts. The rules, in the order they are tried:

1. blank; a number (a year when it is an integer 1900-2100, else a value);
2. an *axis word*, the name of what a label column holds: 高新区, 地区, 名称 (zones), 年份, 年度
   (years), 指标, 项目 (indicators), 单位, 计量单位 (units), 序号 (row numbers), 备注 (remarks),
   数值 (values), or a corner cell split by a diagonal (``项目/地区``);
3. a total or group row: 合计, 全省, 小计, 国家级高新区小计, 其中：省级高新区 (:mod:`.totals`);
4. a year, perhaps with a qualifier (``2018年（调整后）``, ``2018年快报``); a span of two years;
   a year followed by other words (``2020年目标``: a target, not a value);
5. a codebook indicator with its unit (``营业收入（万元）``, ``#技术收入``, bilingual lines);
6. a derived measure (增长, 比上年, 同比, 占比, %, 人均, 排名): reported, never read;
7. a unit (万元, 人, 个);
8. a zone of the registry in any spelling (``沈　阳``, ``1.沈阳高新区``, ``本溪高新区①``); a
   false friend (金州, a district of Dalian, for 锦州) is kept as an error to raise where it is;
9. a value qualifier under an indicator (本年, 本期, 绝对额);
10. anything else: other text (a title, a group label, an indicator the codebook lacks).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from ...catalogue import Named
from ...errors import ZoneError
from ...plan.codebook import RATIOS
from ...plan.zones import false_friend, load_zones, normalize_name, resolve_zone, zones_named_in
from .. import units as U
from . import text as S, totals as T
from .cells import (
    CellError,
    blank,
    full_names,
    header_key,
    indicators_named_in,
    is_missing,
    match_header,
)

#: Headers of a column of zone names.
ZONE_WORDS = (
    "高新区",
    "高新区名称",
    "园区",
    "园区名称",
    "开发区",
    "开发区名称",
    "高新技术产业开发区",
    "名称",
    "单位名称",
    "地区",
    "地区名称",
    "区域",
    "zone",
    "zone id",
    "zone_id",
    "zone name",
    "park",
    "name",
)
#: Headers of a column of years.
YEAR_WORDS = ("年份", "年度", "年", "统计年度", "时间", "year", "yr")
#: Headers of a column of indicator names.
INDICATOR_WORDS = (
    "指标",
    "指标名称",
    "项目",
    "主要指标",
    "统计指标",
    "indicator",
    "indicators",
    "item",
    "items",
    "variable",
)
#: Headers of a column of units.
UNIT_WORDS = ("计量单位", "单位", "unit", "units")
#: Headers of a column of row numbers, and of a column of remarks: neither is data.
SERIAL_WORDS = ("序号", "编号", "序", "no", "no.", "#")
REMARK_WORDS = ("备注", "说明", "附注", "note", "notes", "remark", "remarks", "comment")
#: Headers of a column of values in a fully long table (高新区 | 年份 | 指标 | 数值).
VALUE_WORDS = ("数值", "数据", "值", "指标值", "数", "value", "values")

AXIS_WORDS = {
    "zone": ZONE_WORDS,
    "year": YEAR_WORDS,
    "indicator": INDICATOR_WORDS,
    "unit": UNIT_WORDS,
    "serial": SERIAL_WORDS,
    "remark": REMARK_WORDS,
    "value": VALUE_WORDS,
}
_AXIS_KEYS = {
    axis: frozenset({S.flat(w) for w in words} | {header_key(w)[0] for w in words})
    for axis, words in AXIS_WORDS.items()
}

#: A year with its unit in brackets: ``2016年（亿元）``, ``2016 (10,000 yuan)``.
_YEAR_UNIT = re.compile(r"^\s*(\d{4})\s*(?:年末|年度|年)?\s*[(\[]\s*([^()\[\]]+?)\s*[)\]]\s*$")

#: Sub-headers under an indicator that mean "the indicator's value" (not a growth rate):
#: ``营业收入`` over ``本年（万元）`` is 营业收入 in 万元.
_VALUE_QUALIFIER = re.compile(
    r"^(?:本年|本期|当年|本年实际|本年累计|累计|实际|实际值|绝对[额值数]|总[额量数]|金额|数值|"
    r"数量|合计值|current|value|amount)\s*(?:[(（\[](.*)[)）\]])?$",
    re.IGNORECASE,
)

KINDS = (
    "blank",
    "number",
    "missing",
    "axis",
    "corner",
    "total",
    "year",
    "span",
    "year_words",
    "indicator",
    "derived",
    "unit",
    "zone",
    "bad_zone",
    "qualifier",
    "other",
)


@dataclass(frozen=True)
class Label:
    """What one label holds.

    ``kind`` is one of :data:`KINDS`; ``value`` the zone id, year, indicator code, axis name
    (``zone``, ``year``, ``indicator``, ``unit``, ``serial``, ``remark``, ``value``), total
    group or unit; ``unit`` the unit written with an indicator or under a qualifier;
    ``qualifier`` a year's qualifier (``调整后``); ``text`` the label on one line; ``error``
    the reason a label cannot be read (a false-friend zone, a header naming two indicators),
    raised only where the label is used.
    """

    kind: str
    value: Any = None
    unit: str | None = None
    qualifier: str | None = None
    text: str = ""
    error: CellError | None = None

    @property
    def is_label(self) -> bool:
        """Something a header or a row label can be (not a value, not blank)."""
        return self.kind not in ("blank", "number", "missing")


BLANK = Label("blank")


def axis_word(value: Any) -> str | None:
    """The axis a label column's header names (``zone``, ``year``, ...), or None."""
    if blank(value) or not isinstance(value, str):
        return None
    keys = [S.flat(value), header_key(value)[0]] + [S.flat(ln) for ln in S.lines(value)]
    for axis, words in _AXIS_KEYS.items():
        if any(k in words for k in keys):
            return axis
    return None


def corner(value: Any) -> tuple[str, str] | None:
    """``(rows, columns)`` axes of a corner cell split by a diagonal: ``项目/地区`` -> rows are
    zones, columns indicators (the word naming the rows comes second in a yearbook's
    corner, as it sits lower left)."""
    parts = S.corner_parts(value)
    if not parts:
        return None
    axes = [axis_word(p) for p in parts]
    if None in axes or axes[0] == axes[1]:
        return None
    return axes[1], axes[0]


@cache
def _zone_keys() -> frozenset[str]:
    keys = set()
    for zone, row in load_zones().iterrows():
        for n in (zone, row["name_zh"], row["name_en"], *row["aliases"]):
            keys.add(normalize_name(n))
    return frozenset(keys)


def zone_label(text: str) -> Label | None:
    """A zone of the registry (any spelling, list numbers and footnote marks removed), a false
    friend kept as an error, or None."""
    name = S.strip_enumeration(unicodedata.normalize("NFKC", text).strip())
    key = normalize_name(name)
    if key in _zone_keys():
        return Label("zone", resolve_zone(name), text=one(text))
    if false_friend(name) is not None:
        try:
            resolve_zone(name)
        except ZoneError as exc:
            return Label(
                "bad_zone", text=one(text), error=CellError("data.zone.unknown", **exc.fields())
            )
    return None


def named_zone(zone: str) -> Named:
    """A zone as messages name it: its Chinese name, or its id in English."""
    return Named(load_zones().loc[zone, "name_zh"], zone)


def one(value: Any) -> str:
    return " ".join(str(value).split())


def classify(value: Any) -> Label:
    """What a label holds (module docstring: the rules in order)."""
    if blank(value):
        return BLANK
    if isinstance(value, bool):
        return Label("other", text=str(value))
    if isinstance(value, int | float):
        y = S.year_label(value)
        if y is not None and float(value).is_integer():
            return Label("year", y[0], text=str(int(value)))
        return Label("number", value, text=str(value))
    if not isinstance(value, str):
        return Label("other", text=str(value))
    text = one(value)
    if is_missing(text):
        return Label("missing", text=text)
    if S.is_note(text) or S.is_continued(text) or S.unit_line(text) is not None:
        return Label("other", text=text)
    c = corner(value)
    if c is not None:
        return Label("corner", c, text=text)
    axis = axis_word(value)
    if axis is not None:
        return Label("axis", axis, text=text)
    plain = S.strip_enumeration(unicodedata.normalize("NFKC", text).strip())
    group = T.total_group(plain)
    if group is not None:
        return Label("total", group, text=text)
    y = S.year_label(value)
    if y is not None:
        # a unit on the header's other line: 2016年 / (万元)
        units = [u for u in (_unit_text(ln) for ln in S.lines(value)[1:]) if _is_unit(u)]
        return Label("year", y[0], qualifier=y[1], unit=units[0] if units else None, text=text)
    m = _YEAR_UNIT.match(unicodedata.normalize("NFKC", text))
    if m and _is_unit(m.group(2)):
        return Label("year", int(m.group(1)), unit=m.group(2).strip(), text=text)
    if S.two_years(value) is not None and re.fullmatch(
        r"[\d\s年度\-–—~～至到/()（）]+", S.flat(value)
    ):
        return Label("span", S.two_years(value), text=text)
    if S.year_with_words(value):
        kind = "derived" if S.is_derived(value) else "year_words"
        return Label(kind, text=text)
    try:
        code, unit = match_header(value)
    except CellError as exc:
        return Label("indicator", None, text=text, error=exc)
    if code is not None:
        if unit is not None and _percent(unit):
            return Label("derived", code, unit=unit, text=text)
        return Label("indicator", code, unit=unit, text=text)
    if S.is_derived(value):
        return Label("derived", text=text)
    if _is_unit(text):
        return Label("unit", _unit_text(text), text=text)
    z = zone_label(text)
    if z is not None:
        return z
    m = _VALUE_QUALIFIER.match(S.strip_marks(text))
    if m:
        return Label("qualifier", unit=m.group(1), text=text)
    return Label("other", text=text)


def _unit_after(text: str, code: str) -> str | None:
    """The unit in brackets right after an indicator's name in a title: ``各高新区营业收入（万元）``
    -> ``万元``."""
    s = unicodedata.normalize("NFKC", text)
    for name, c in full_names().items():
        if c != code or not re.search(r"[\u4e00-\u9fff]", name):
            continue
        m = re.search(re.escape(name) + r"\s*[(\[]\s*([^()\[\]]+?)\s*[)\]]", S.flat(s))
        if m and _is_unit(m.group(1)):
            return m.group(1)
    return None


def is_plan_ratio(text: str) -> bool:
    """A header naming one of the plan's ratios (recomputed by ``add_ratios``, never read)."""
    key = header_key(text)[0]
    return any(key == header_key(n)[0] for r in RATIOS.values() for n in (r.name_zh, r.name_en))


def _percent(unit: str) -> bool:
    try:
        return U.parse_unit(unit)[0] == "%"
    except U.UnitError:
        return False


def _unit_text(text: str) -> str:
    return re.sub(r"^[(（\[]\s*|\s*[)）\]]$", "", text.strip())


def _is_unit(text: str) -> bool:
    """Every line of a cell is a unit: ``万元``, ``（万元）``, ``千元\\n1000 yuan``."""
    parts = [_unit_text(ln) for ln in S.lines(text)]
    if not parts:
        return False
    for p in parts:
        try:
            U.parse_unit(p)
        except U.UnitError as exc:
            if not (exc.key == "data.unit.foreign" or U.is_bare_prefix(p)):
                return False
    return True


# --- labels in running text: sheet names and titles -------------------------------------------


@dataclass(frozen=True)
class Mentions:
    """What a sheet name or a title names: years (with the first span of two years), zones
    and indicators (with a unit when the whole text is ``营业收入（亿元）``)."""

    years: tuple[int, ...] = ()
    span: str | None = None
    zones: tuple[str, ...] = ()
    indicators: tuple[tuple[str, str | None], ...] = ()
    qualifier: str | None = None


def mentions(text: str | None, *, sheet_name: bool = False) -> Mentions:
    """The years, zones and indicators a sheet name or a title names.

    A sheet name that is a whole label (``2016``, ``沈阳``, ``营业收入（亿元）``) names that;
    otherwise the words are searched for (``2016年辽宁省高新区主要指标``, ``大连高新区主要经济
    指标``). A false friend (金州) in a title is an error (CellError), not a zone.
    """
    if text is None or not str(text).strip():
        return Mentions()
    raw = str(text)
    whole = S.table_number_free(raw) if sheet_name else raw
    lab = classify(whole)
    if lab.kind == "year":
        return Mentions(years=(lab.value,), qualifier=lab.qualifier)
    if lab.kind == "zone":
        return Mentions(zones=(lab.value,))
    if lab.kind == "bad_zone":
        raise lab.error
    if lab.kind == "indicator" and lab.value is not None:
        return Mentions(indicators=((lab.value, lab.unit),))
    years, span = S.title_years([raw])
    zones = tuple(z for z, _ in zones_named_in(raw))
    if not zones:
        for bad in ("金州", "金普新区"):
            if bad in S.flat(raw):
                try:
                    resolve_zone(bad)
                except ZoneError as exc:
                    raise CellError("data.zone.unknown", **exc.fields()) from None
    named = indicators_named_in(raw)
    codes = tuple((c, _unit_after(raw, c) if len(named) == 1 else None) for c in named)
    return Mentions(years=tuple(sorted(years)), span=span, zones=zones, indicators=codes)
