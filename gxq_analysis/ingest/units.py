"""Units written in spreadsheet headers and their conversion to the codebook's canonical units.

A unit is a magnitude prefix (十, 百, 千, 万, 十万, 百万, 千万, 亿, 十亿, ...; in English 10,000,
thousand, million, 100 million, billion, ...) followed by a base unit of one *kind*:

======  ==========================================  ==========================
kind    base spellings                              e.g.
======  ==========================================  ==========================
元      元, 人民币, yuan, RMB, CNY                   万元, 亿元, 10,000 yuan
人      人, 人数, persons, people                    万人, 10k persons
平方米  平方米, 平米, ㎡, m2, sq m; 平方公里, km2      万平方米
%       %, 百分比, percent                           (no prefix)
个      个, 家, 户, 所, 座, units, firms              (counts of units)
件      件, 项, items, patents                        (counts of items)
======  ==========================================  ==========================

A bare prefix (``亿``, ``万``) in a column's header takes its kind from the indicator's
canonical unit; a table-wide unit must name its base (:func:`is_bare_prefix` tells them apart).
Units of different kinds never convert (``个`` is not ``件``: an enterprise count is not a
patent count), and no currency other than 元 is accepted: converting 美元 needs an exchange rate
the file does not carry.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import cache

from ..catalogue import Quoted, Words, render_message
from ..errors import GxqError


class UnitError(GxqError, ValueError):
    """A unit is unknown or cannot be converted to the wanted unit (a catalogue key with its
    fields: ``str()`` is English, :meth:`text` either language)."""

    def __init__(self, key: str, **fields) -> None:
        self.key, self.fields = key, fields
        super().__init__(render_message(key, "en", fields))

    def text(self, lang: str = "en") -> str:
        return render_message(self.key, lang, self.fields)


# base kind -> (canonical spelling, {normalized spelling: factor to the base})
_BASES: dict[str, dict[str, int]] = {
    "元": {"元": 1, "人民币": 1, "人民币元": 1, "元人民币": 1, "yuan": 1, "rmb": 1, "cny": 1},
    "人": {"人": 1, "人数": 1, "名": 1, "persons": 1, "person": 1, "people": 1},
    "平方米": {
        "平方米": 1,
        "平米": 1,
        "㎡": 1,
        "m2": 1,
        "m²": 1,
        "sqm": 1,
        "squaremeters": 1,
        "squaremetres": 1,
        "平方公里": 1_000_000,
        "平方千米": 1_000_000,
        "km2": 1_000_000,
        "km²": 1_000_000,
    },
    "%": {"%": 1, "百分比": 1, "percent": 1, "pct": 1},
    "个": {"个": 1, "家": 1, "户": 1, "所": 1, "座": 1, "units": 1, "unit": 1, "firms": 1},
    "件": {"件": 1, "项": 1, "items": 1, "item": 1, "patents": 1},
}
_NO_PREFIX = {"%"}  # a percentage has no magnitude prefix

_PREFIXES: dict[str, int] = {
    "": 1,
    "十": 10,
    "百": 100,
    "千": 1_000,
    "万": 10_000,
    "十万": 100_000,
    "百万": 1_000_000,
    "千万": 10_000_000,
    "亿": 100_000_000,
    "十亿": 1_000_000_000,
    "百亿": 10_000_000_000,
    "千亿": 100_000_000_000,
    "万亿": 1_000_000_000_000,
    # English spellings after normalization (lower case, no spaces, commas or hyphens)
    "thousand": 1_000,
    "thousands": 1_000,
    "1000": 1_000,
    "tenthousand": 10_000,
    "10000": 10_000,
    "10k": 10_000,
    "million": 1_000_000,
    "millions": 1_000_000,
    "mn": 1_000_000,
    "1000000": 1_000_000,
    "hundredmillion": 100_000_000,
    "100million": 100_000_000,
    "100000000": 100_000_000,
    "billion": 1_000_000_000,
    "billions": 1_000_000_000,
    "bn": 1_000_000_000,
}


# Currencies other than 元: recognized only to say why they are refused.
_FOREIGN = (
    "美元",
    "港元",
    "港币",
    "欧元",
    "日元",
    "英镑",
    "usd",
    "dollars",
    "dollar",
    "us$",
    "eur",
)


def _norm(unit: str) -> str:
    s = unicodedata.normalize("NFKC", str(unit)).strip().lower()
    # NFKC turns ㎡ into "m2" and full-width ％ into %; drop separators inside numbers and words
    s = re.sub(r"[\s,_\-]+", "", s)
    return s.removeprefix("单位:").removeprefix("unit:")


@cache
def _spellings() -> dict[str, tuple[str, int]]:
    """Normalized unit spelling -> (kind, factor to the kind's base unit)."""
    table: dict[str, tuple[str, int]] = {}
    for kind, bases in _BASES.items():
        for base, bf in bases.items():
            prefixes = {"": 1} if kind in _NO_PREFIX else _PREFIXES
            for pre, pf in prefixes.items():
                table.setdefault(_norm(pre + base), (kind, pf * bf))
    return table


@cache
def spellings() -> tuple[str, ...]:
    """Every recognized unit spelling (normalized), longest first."""
    return tuple(sorted(_spellings(), key=len, reverse=True))


def parse_unit(unit: str, *, default_kind: str | None = None) -> tuple[str, int]:
    """Return ``(kind, factor)`` of a unit: ``"万元"`` -> ``("元", 10_000)``.

    Parameters
    ----------
    unit
        The unit as written in a header, e.g. ``万元``, ``亿``, ``10,000 yuan``, ``万平方米``.
    default_kind
        Kind given to a bare magnitude prefix (``亿``, ``万``): the canonical unit's kind.

    Raises
    ------
    UnitError
        If the spelling is not recognized.
    """
    key = _norm(unit)
    table = _spellings()
    if key in table:
        return table[key]
    if default_kind is not None and default_kind not in _NO_PREFIX and key in _PREFIXES and key:
        return default_kind, _PREFIXES[key]
    currency = next((c for c in _FOREIGN if key.endswith(c) and key[: -len(c)] in _PREFIXES), None)
    if currency is not None:
        raise UnitError("data.unit.foreign", unit=Quoted(unit))
    raise UnitError("data.unit.unknown", unit=Quoted(unit))


def is_bare_prefix(unit: str) -> bool:
    """True for a magnitude without a base unit (``万``, ``亿``, ``thousand``)."""
    key = _norm(unit)
    return bool(key) and key in _PREFIXES


def convertible_units(canonical: str) -> list[str]:
    """Common spellings of the units that convert to ``canonical`` (for error messages)."""
    kind = parse_unit(canonical)[0]
    base = next(iter(_BASES[kind]))
    if kind in _NO_PREFIX:
        return [base]
    names = [p + base for p in ("", "千", "万", "百万", "亿")]
    if kind == "平方米":
        names += ["平方公里"]
    if kind == "个":
        names += ["家", "户", "所"]
    if kind == "件":
        names += ["项"]
    return names


def conversion(unit: str | None, canonical: str) -> tuple[int, int]:
    """Exact integer ratio ``(multiply, divide)`` taking values in ``unit`` to ``canonical``.

    ``None`` (no unit in the header) means the value is already in the canonical unit.
    Returning an integer ratio lets :func:`convert` multiply or divide by an exact power of ten,
    so 123 万元 becomes 123 / 10_000 亿元 correctly rounded (``123 * 1e-4`` would not be).

    Raises
    ------
    UnitError
        Naming both units and listing the convertible spellings.
    """
    ckind, cfac = parse_unit(canonical)
    if unit is None:
        return 1, 1
    try:
        kind, fac = parse_unit(unit, default_kind=ckind)
    except UnitError as exc:
        if exc.key == "data.unit.foreign":
            raise UnitError(
                "data.unit.foreign_to",
                unit=Quoted(unit),
                canonical=Quoted(canonical),
                allowed=Words(convertible_units(canonical)),
            ) from None
        kind, fac = None, 0
    if kind != ckind:
        raise UnitError(
            "data.unit.not_convertible",
            unit=Quoted(unit),
            canonical=Quoted(canonical),
            allowed=Words(convertible_units(canonical)),
        )
    g = math.gcd(fac, cfac)
    return fac // g, cfac // g


def convert(value: float, ratio: tuple[int, int]) -> float:
    """Apply a ratio from :func:`conversion` to one value."""
    mul, div = ratio
    if mul != 1:
        value = value * mul
    if div != 1:
        value = value / div
    return value
