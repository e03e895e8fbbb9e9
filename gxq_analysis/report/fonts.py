"""Fonts for chapter figures: a CJK font for Chinese labels, or English labels with a warning.

matplotlib draws text with the fonts it listed when its font cache was written; a glyph the
chosen font lacks becomes an empty box ("tofu"). So for Chinese figures we look for a known CJK
family in matplotlib's font list, check that its file really holds Chinese glyphs, rebuild the
font list once if nothing is found (a font installed after the cache was written is otherwise
unseen), and if there is still none, fall back to English figure labels with a
``UserWarning``. The figure functions ask :func:`figure_lang` which language to draw in.
"""

from __future__ import annotations

import functools
import logging
import warnings
from typing import Any

import matplotlib as mpl
from matplotlib import font_manager

from ..options import check_choice, check_lang

__all__ = [
    "CJK_FAMILIES",
    "FALLBACK_WARNING",
    "cjk_family",
    "figure_lang",
    "font_rc",
    "reset",
    "setup_fonts",
]

_log = logging.getLogger(__name__)

#: CJK families tried in order: Debian/Ubuntu (fonts-noto-cjk), Adobe's name for the same
#: design, Windows, macOS, Linux alternatives; the Japanese cut of Noto last because some of its
#: glyph shapes differ from simplified Chinese.
CJK_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "SimHei",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Noto Sans CJK JP",
)
#: Characters a usable font must hold: zone words and the province name.
_PROBE = "高新区辽宁沈阳大连合成数据年"
#: Latin font listed after the CJK one: matplotlib falls back glyph by glyph along the list.
_LATIN = "DejaVu Sans"

FALLBACK_WARNING = "no CJK font found; figure labels fall back to English"
_STATE = {"warned": False}


def _font_has_glyphs(entry: Any, text: str = _PROBE) -> bool:
    """Whether the font file (and face, for .ttc collections) of ``entry`` has every glyph."""
    try:
        path = font_manager.FontPath(entry.fname, getattr(entry, "index", 0))
        font = font_manager.get_font(path)
    except (OSError, RuntimeError, ValueError):  # unreadable or vanished font file
        return False
    return all(font.get_char_index(ord(ch)) != 0 for ch in text)


def _find_cjk_family() -> str | None:
    """First family of :data:`CJK_FAMILIES` in matplotlib's font list whose file renders CJK."""
    by_name: dict[str, list[Any]] = {}
    for entry in font_manager.fontManager.ttflist:
        by_name.setdefault(entry.name, []).append(entry)
    for family in CJK_FAMILIES:
        # regular weight first, so the check reads the face that labels are drawn with
        entries = sorted(by_name.get(family, ()), key=lambda e: (abs(int(e.weight) - 400), e.fname))
        if any(_font_has_glyphs(e) for e in entries):
            return family
    return None


def _rebuild_font_list() -> None:
    """Rescan the system fonts and add any new file to matplotlib's live font manager.

    ``_load_fontmanager(try_read_cache=False)`` (matplotlib 3.11) rescans and rewrites the
    on-disk cache so later processes see the new fonts too; without it the public
    ``FontManager()`` rescans. The live singleton is updated through the public ``addfont``
    because the Agg backend holds a reference to it (replacing the module attribute would not
    reach the renderer).
    """
    loader = getattr(font_manager, "_load_fontmanager", None)
    fresh = loader(try_read_cache=False) if loader is not None else font_manager.FontManager()
    live = font_manager.fontManager
    known = {e.fname for e in live.ttflist}
    for fname in sorted({e.fname for e in fresh.ttflist} - known):
        try:
            live.addfont(fname)
        except (OSError, RuntimeError, ValueError) as err:  # as matplotlib's own scan: skip
            _log.info("font %s not added: %s", fname, err)


@functools.cache
def cjk_family() -> str | None:
    """The CJK family figures use, or None; the font list is rebuilt once before giving up.

    The answer is cached for the process (:func:`reset` forgets it).
    """
    family = _find_cjk_family()
    if family is None:
        _rebuild_font_list()
        family = _find_cjk_family()
    return family


def figure_lang(lang: str, *, warn: str = "once") -> str:
    """The language figures can be drawn in: ``lang``, or ``"en"`` for Chinese without a CJK
    font.

    Parameters
    ----------
    warn : {"once", "always", "never"}
        When to emit the fallback ``UserWarning``: the first time in the process (the figure
        functions: a chapter warns at its top, not under every figure), every time
        (:func:`setup_fonts`), or never.
    """
    check_lang(lang)
    check_choice("warn", warn, ("once", "always", "never"))
    if lang == "zh" and cjk_family() is None:
        if warn == "always" or (warn == "once" and not _STATE["warned"]):
            _STATE["warned"] = True
            warnings.warn(FALLBACK_WARNING, UserWarning, stacklevel=3)
        return "en"
    return lang


def reset() -> None:
    """Forget the font answer and the warning state (after installing a font; in tests)."""
    cjk_family.cache_clear()
    _STATE["warned"] = False


def font_rc(lang: str) -> dict[str, Any]:
    """rcParams that select the figure font for ``lang`` (use :func:`figure_lang` first).

    Families are named concretely in ``font.family`` (not the generic ``sans-serif``), so text
    keeps its font even when drawn later under other rcParams.
    """
    check_lang(lang)
    family = cjk_family() if lang == "zh" else None
    families = [family, _LATIN] if family else [_LATIN]
    return {
        "font.family": families,
        "font.sans-serif": [*families, *mpl.rcParamsDefault["font.sans-serif"]],
        # Some CJK fonts (SimHei) lack U+2212, the minus sign matplotlib uses; glyph-by-glyph
        # fallback to DejaVu Sans draws it, so the usual advice to turn it off is not needed.
        "axes.unicode_minus": True,
    }


def setup_fonts(lang: str) -> str:
    """Configure matplotlib's global fonts for a chapter in ``lang``.

    Returns
    -------
    str
        The effective figure language: ``lang``, or ``"en"`` when ``lang="zh"`` and no CJK
        font is installed (a ``UserWarning`` says so; labels are never drawn as empty boxes).
    """
    effective = figure_lang(lang, warn="always")
    mpl.rcParams.update(font_rc(effective))
    return effective
