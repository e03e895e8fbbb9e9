"""Run-time checks of options, so bad values fail where they enter with the allowed list."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal, get_args

from .errors import OptionError

Review = Literal["midterm", "final"]
Lang = Literal["zh", "en"]

#: Review windows: baseline year and the last year each review covers.
REVIEWS: dict[str, tuple[int, int]] = {"midterm": (2015, 2018), "final": (2015, 2020)}
BASELINE_YEAR = 2015


def allowed(literal_type: Any) -> tuple[Any, ...]:
    """The values a ``Literal[...]`` type admits."""
    return get_args(literal_type)


def check_choice(name: str, value: Any, choices: Iterable[Any] | Any) -> Any:
    """Return ``value`` if it is one of ``choices`` (an iterable or a ``Literal`` type).

    Raises
    ------
    OptionError
        Naming the parameter, the bad value and every allowed value.
    """
    options = tuple(get_args(choices)) or tuple(choices)
    if value not in options:
        raise OptionError(
            f"{name}={value!r} is not allowed; choose one of: "
            + ", ".join(repr(o) for o in options)
        )
    return value


def check_review(review: str) -> str:
    return check_choice("review", review, Review)


def check_lang(lang: str) -> str:
    return check_choice("lang", lang, Lang)


def review_years(review: str) -> tuple[int, int]:
    """(baseline year, end year) of a review."""
    return REVIEWS[check_review(review)]


def check_level(level: Any, name: str = "level") -> float:
    """A confidence level strictly between 0 and 1 (e.g. 0.95)."""
    if isinstance(level, bool) or not isinstance(level, int | float) or not 0 < level < 1:
        raise OptionError(
            f"{name}={level!r} is not allowed; give a number between 0 and 1, e.g. 0.95"
        )
    return float(level)


def check_year(value: Any, name: str) -> int:
    """An integer year."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise OptionError(f"{name}={value!r} is not allowed; give an integer year, e.g. 2016")
    return value
