"""Looking up the chapters' words: :func:`t` and :func:`render` fill a catalogue text, and the
label functions name codes (indicators, scopes, tiers, provinces, units, regression terms).

Every visible word a chapter prints comes from the one catalogue,
:data:`gxq_analysis.catalogue.STRINGS`, through :func:`t` (which looks the text up with
:func:`gxq_analysis.catalogue.template`, the catalogue's one lookup), so that ``lang="zh"`` and
``lang="en"`` give the same chapter in two languages. Numbers inside templates take the specs
of :mod:`.numformat` (``{x:num2}``, ``{x:int}``, ``{x:pct1}``, ``{x:per1}``). The catalogue and
the formatting functions are re-exported here, where the rest of the package looks them up.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping
from typing import Any

from ..catalogue import CITY_EN, STRINGS, UNIT_EN, Key, Quoted, StringKeyError, Words, template
from ..ingest.province_codebook import NATIONAL, PROVINCES
from ..options import check_choice, check_lang
from ..plan.codebook import RATIOS, indicator_label, load_codebook
from ..plan.zones import TIER_NAMES, TIERS, load_zones, zone_label
from .numformat import (
    NA_TEXT,
    SPEC_RE,
    check_digits,
    fmt_int,
    fmt_num,
    fmt_pct,
    format_value,
)

__all__ = [
    "CITY_EN",
    "NA_TEXT",
    "PROVINCE_EN",
    "SPEC_RE",
    "STRINGS",
    "UNIT_EN",
    "StringKeyError",
    "check_digits",
    "city_label",
    "fmt_int",
    "fmt_num",
    "fmt_pct",
    "format_value",
    "has_key",
    "indicator_label",
    "indicator_unit",
    "inline",
    "join_words",
    "label",
    "plan_section",
    "province_label",
    "render",
    "scope_label",
    "t",
    "term_label",
    "tier_label",
    "unit_label",
    "zone_label",
]


#: English names of the provinces as the province panel spells them (after cleaning), from
#: the province registry of :mod:`gxq_analysis.ingest.province_codebook` (defined once, there).
PROVINCE_EN: dict[str, str] = {NATIONAL: "China (national)", **PROVINCES["name_en"].to_dict()}

_CN_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

_LANG_INDEX = {"zh": 0, "en": 1}


class _Formatter(string.Formatter):
    def __init__(self, lang: str, key: str, digits: int) -> None:
        self.lang, self.key, self.digits = lang, key, digits

    def get_value(self, key: Any, args: Any, kwargs: Mapping[str, Any]) -> Any:
        if isinstance(key, str) and key not in kwargs:
            raise StringKeyError(
                f"string {self.key!r} needs the field {key!r}; given: "
                + (", ".join(sorted(kwargs)) or "none")
            )
        return super().get_value(key, args, kwargs)

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, Quoted | Words | Key):  # the data layer's worded fields
            return value.render(self.lang)
        return format_value(value, format_spec, self.lang, digits=self.digits)


# ------------------------------------------------------------------------------------------
# lookups


def t(key: str, lang: str, **fmt: Any) -> str:
    """The text of ``key`` in ``lang``, with ``fmt`` filled into its fields.

    Raises
    ------
    OptionError
        If ``lang`` is not ``"zh"`` or ``"en"``.
    KeyError
        If ``key`` is unknown (the message lists the closest keys) or a field is not given.
    """
    return render(key, lang, fmt)


def render(key: str, lang: str, fields: Mapping[str, Any], *, digits: int = 2) -> str:
    """:func:`t` with the fields as a mapping and the decimals of spec-less floats chosen."""
    check_lang(lang)
    digits = check_digits(digits)
    text = template(key, lang)
    return _Formatter(lang, key, digits).vformat(text, (), dict(fields))


def has_key(key: str) -> bool:
    """Whether :data:`STRINGS` holds ``key``."""
    return key in STRINGS


def inline(text: str, lang: str) -> str:
    """A label inside an English sentence: ``Internal R&D expenditure`` -> ``internal R&D
    expenditure``; acronyms (``GDP``, ``R&D personnel``) and Chinese keep their form."""
    check_lang(lang)
    if lang == "en" and len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def join_words(items: Iterable[str], lang: str) -> str:
    """A list in running text: ``a、b、c`` in Chinese, ``a, b and c`` in English."""
    check_lang(lang)
    items = [str(x) for x in items]
    if len(items) < 2:
        return "".join(items)
    return t("list.last", lang, head=t("list.sep", lang).join(items[:-1]), last=items[-1])


def tier_label(tier: str, lang: str) -> str:
    """Display name of a tier of the plan (§三(三)), e.g. ``国家一流科技园区``."""
    check_lang(lang)
    check_choice("tier", tier, TIERS)
    name = TIER_NAMES[tier][_LANG_INDEX[lang]]
    return name[:1].upper() + name[1:]  # the registry's English names are lower case


def scope_label(scope: str, lang: str) -> str:
    """Display name of a scope of the evaluation: a zone id, a tier, or a group.

    Groups are the ``scope.*`` strings (``all_zones``, ``national_zones``, ...). A scope that
    is none of these (e.g. a user-defined one) is shown as given.
    """
    check_lang(lang)
    if scope in load_zones().index:
        return zone_label(scope, lang)
    if scope in TIER_NAMES:
        return tier_label(scope, lang)
    if f"scope.{scope}" in STRINGS:
        return t(f"scope.{scope}", lang)
    return str(scope)


def province_label(province: str, lang: str) -> str:
    """A province as named in the province panel (``辽宁``), or its English name."""
    check_lang(lang)
    return province if lang == "zh" else PROVINCE_EN.get(province, province)


def city_label(city: str, lang: str) -> str:
    """A zone's city (``沈阳``) in ``lang`` (``Shenyang``); unknown names unchanged."""
    check_lang(lang)
    return city if lang == "zh" else CITY_EN.get(city, city)


def plan_section(section: str, lang: str) -> str:
    """A plan section as the plan numbers it (``四(一)``, ``二(一)3/四(五)``) in ``lang``:
    unchanged in Chinese, ``§4(1)``, ``§2(1)3 / §4(5)`` in English."""
    check_lang(lang)
    if lang == "zh":
        return section

    def one(part: str) -> str:
        out = "".join(str(_CN_NUMERALS.get(ch, ch)) for ch in part.strip())
        return f"§{out}"

    return " / ".join(one(x) for x in str(section).split("/"))


def unit_label(unit: str, lang: str) -> str:
    """A codebook unit (``亿元``) in ``lang`` (``100 million yuan``); unknown units unchanged."""
    check_lang(lang)
    return unit if lang == "zh" else UNIT_EN.get(unit, unit)


def indicator_unit(code: str) -> str | None:
    """Unit of a codebook code or derived ratio, else None."""
    if code in RATIOS:
        return RATIOS[code].unit
    cb = load_codebook()
    return str(cb.loc[code, "unit"]) if code in cb.index else None


def label(code: str, lang: str, *, unit: bool = True) -> str:
    """Display label of any indicator code: codebook, derived ratio, or ``ind.*`` string.

    Wraps :func:`gxq_analysis.plan.codebook.indicator_label`, with the unit in English for
    English labels (so no Chinese glyph reaches an English figure). Unknown codes are returned
    unchanged, so a new indicator shows up under its code rather than vanishing.
    """
    check_lang(lang)
    u = indicator_unit(code)
    if u is not None:
        name = indicator_label(code, lang, unit=False)
        if not unit:
            return name
        return f"{name}（{u}）" if lang == "zh" else f"{name} ({unit_label(u, lang)})"
    text = code
    if f"ind.{code}" in STRINGS:
        text = t(f"ind.{code}", lang)
        if not unit:  # the ind.* strings carry their unit in brackets
            text = re.sub(r"\s*[（(][^（）()]*[)）]$", "", text)
    return text


_LOG = re.compile(r"^(?:log|ln)[_(](?P<x>.+?)\)?$")
_LAG = re.compile(r"^(?:L(?P<k1>\d+)\.(?P<x1>.+)|(?P<x2>.+?)_lag(?P<k2>\d+))$")


def term_label(term: str, lang: str) -> str:
    """Display label of a regression term: ``const``, an indicator code, ``log_x``/``ln(x)``,
    lags ``L1.x``/``x_lag1``, combined (``L1.log_x``), else the term itself."""
    check_lang(lang)
    if term == "const":
        return t("term.const", lang)
    m = _LAG.match(term)
    if m:
        k = m["k1"] or m["k2"]
        inner = term_label(m["x1"] or m["x2"], lang)
        return t("term.lag", lang, term=inner, k=k)
    m = _LOG.match(term)
    if m:
        return f"ln {term_label(m['x'], lang)}"
    return label(term, lang, unit=False)
