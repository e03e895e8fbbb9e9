"""Deterministic number formatting for the chapters, never the locale.

The template specs of the catalogue (:mod:`gxq_analysis.catalogue`):

``{x:num2}``   number with 2 decimals and thousands separators   (``1,234.57``)
``{x:int}``    whole number with thousands separators             (``1,235``)
``{x:pct1}``   a *fraction* shown as a percentage                (``0.253`` -> ``25.3%``)
``{x:per1}``   a value already *in percent* (the plan's ratios)  (``25.3`` -> ``25.3%``)
``{x:+num1}``  any of the above with an explicit sign for positive values

Missing numbers (None, NaN, ``pd.NA``) print as ``—`` in Chinese and ``n/a`` in English.
"""

from __future__ import annotations

import math
import numbers
import re
from typing import Any

import pandas as pd

from ..catalogue import template
from ..errors import OptionError
from ..options import check_lang

__all__ = ["NA_TEXT", "SPEC_RE", "check_digits", "fmt_int", "fmt_num", "fmt_pct", "format_value"]

#: How a missing number is printed (the catalogue's ``number.missing``).
NA_TEXT = {lang: template("number.missing", lang) for lang in ("zh", "en")}

# ------------------------------------------------------------------------------------------
# numbers


def check_digits(digits: Any) -> int:
    if isinstance(digits, bool) or not isinstance(digits, numbers.Integral) or digits < 0:
        raise OptionError(f"digits={digits!r} is not allowed; use a whole number >= 0")
    return int(digits)


def _is_missing(x: Any) -> bool:
    if x is None or x is pd.NA or x is pd.NaT:
        return True
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):  # arrays and other non-scalars are not "missing"
        return False


def _as_float(x: Any) -> float:
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(f"expected a number, got {type(x).__name__} {x!r}")
    return float(x)


def fmt_num(x: Any, digits: int = 2, *, lang: str = "en", sign: bool = False) -> str:
    """Format a number with ``digits`` decimals and ``,`` thousands separators.

    Python's own correctly rounded conversion is used (round half to even on the exact binary
    value), never the locale. ``-0.00`` prints as ``0.00``. Missing values print as
    :data:`NA_TEXT` of ``lang``; infinities as ``∞`` / ``-∞``.

    Parameters
    ----------
    x
        A real number (Python, NumPy or pandas scalar) or a missing value.
    digits
        Decimals to show.
    lang : {"zh", "en"}
        Chooses the text for missing values.
    sign
        Prefix positive values with ``+``.
    """
    check_lang(lang)
    digits = check_digits(digits)
    if _is_missing(x):
        return NA_TEXT[lang]
    v = _as_float(x)
    if math.isinf(v):
        return "∞" if v > 0 else "-∞"
    s = f"{v:,.{digits}f}"
    if s.startswith("-") and not any(c in "123456789" for c in s):
        s = s[1:]  # a negative number that rounds to zero
    if sign and not s.startswith("-") and any(c in "123456789" for c in s):
        s = "+" + s
    return s


def fmt_int(x: Any, *, lang: str = "en", sign: bool = False) -> str:
    """Format a whole number with thousands separators (non-integers are rounded first)."""
    return fmt_num(x, 0, lang=lang, sign=sign)


def fmt_pct(
    x: Any, digits: int = 1, *, lang: str = "en", fraction: bool = True, sign: bool = False
) -> str:
    """Format a percentage: ``fmt_pct(0.253) == "25.3%"``.

    Parameters
    ----------
    fraction
        True (default) when ``x`` is a fraction (0.253); False when it is already in percent
        (25.3), as the plan's ratios are.
    """
    check_lang(lang)
    if _is_missing(x):
        return NA_TEXT[lang]
    v = _as_float(x) * (100.0 if fraction else 1.0)
    return fmt_num(v, digits, lang=lang, sign=sign) + "%"


SPEC_RE = re.compile(r"(?P<sign>\+)?(?P<kind>num|pct|per|int)(?P<digits>\d+)?")
_DEFAULT_DIGITS = {"num": 2, "pct": 1, "per": 1, "int": 0}


def format_value(value: Any, spec: str, lang: str, *, digits: int = 2) -> str:
    """Format one template field: the mini-language of this module, else Python's own.

    Without a spec, floats get :func:`fmt_num` with ``digits`` decimals, integers their plain
    digits (years!), and missing values the ``lang``'s missing-value text; strings (text or
    numbers formatted already) are used as they are, whatever the spec.
    """
    if isinstance(value, str):
        return value
    m = SPEC_RE.fullmatch(spec)
    if m:
        kind, sign = m["kind"], bool(m["sign"])
        digits = int(m["digits"]) if m["digits"] is not None else _DEFAULT_DIGITS[kind]
        if kind == "int":
            return fmt_int(value, lang=lang, sign=sign)
        if kind == "num":
            return fmt_num(value, digits, lang=lang, sign=sign)
        return fmt_pct(value, digits, lang=lang, fraction=kind == "pct", sign=sign)
    if spec:
        return format(value, spec)
    if _is_missing(value):
        return NA_TEXT[lang]
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return str(int(value))  # plain: years must not read 2,016; use {n:int} for separators
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return fmt_num(value, digits, lang=lang)
    return str(value)
