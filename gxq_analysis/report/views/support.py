"""What the data do not allow, in words: the sentences of
:func:`gxq_analysis.evaluation.support.data_support`'s gaps, in Chinese or English.

Each :class:`~gxq_analysis.evaluation.support.Gap` holds codes and numbers; here its catalogue
sentence (``support.<code>``) is filled with the zones, indicators, tasks, levels, chapters and
years named in the chapter's language. ``gxq validate`` prints them before a build, chapters
say them where the result would have stood, and the review document gives them for a chapter
that could not be built.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ...evaluation.support import Gap, chapter_gaps
from ...options import check_lang
from ...plan.zones import zone_ids
from ..strings import inline, join_words, label, scope_label, t

__all__ = ["gap_text", "gap_texts"]


def _zones(codes: Iterable[str], lang: str) -> str:
    order = {z: i for i, z in enumerate(zone_ids())}
    return join_words(
        (scope_label(z, lang) for z in sorted(codes, key=lambda z: order.get(z, len(order)))),
        lang,
    )


def _indicators(codes: Iterable[str], lang: str) -> str:
    return join_words((inline(label(c, lang, unit=False), lang) for c in codes), lang)


def _years(years: Iterable[int], lang: str) -> str:
    return join_words((str(int(y)) for y in years), lang)


#: How each field of a gap is named in a language.
_FIELDS: dict[str, Callable[[Any, str], str]] = {
    "zones": _zones,
    "zone": lambda v, lang: scope_label(str(v), lang),
    "missing": _indicators,
    "indicator": lambda v, lang: inline(label(str(v), lang, unit=False), lang),
    "tasks": lambda v, lang: join_words((inline(t(f"task.{k}", lang), lang) for k in v), lang),
    "level": lambda v, lang: inline(t(f"level.{v}", lang), lang),
    "chapter": lambda v, lang: t(f"chapter.{v}", lang),
    "years": _years,
    "lags": _years,
}


def gap_text(gap: Gap | Mapping[str, Any], lang: str) -> str:
    """The sentence of one gap (a :class:`Gap` or its :meth:`~Gap.as_dict`) in ``lang``."""
    check_lang(lang)
    if isinstance(gap, Gap):
        code, fields = gap.code, gap.fields
    else:
        code, fields = gap["code"], dict(gap["args"])
    named = {k: _FIELDS[k](v, lang) if k in _FIELDS else v for k, v in fields.items()}
    return t(f"support.{code}", lang, **named)


def gap_texts(gaps: Iterable[Gap], lang: str, chapter: str | None = None) -> list[str]:
    """The sentences of the gaps (of one chapter, if given), in order."""
    gaps = list(gaps)
    if chapter is not None:
        gaps = chapter_gaps(gaps, chapter)
    return [gap_text(g, lang) for g in gaps]
