"""Fonts for chapter figures: one CJK font installed from PyPI, the same on every machine.

Chinese figure labels are drawn with **Noto Sans SC** (SIL Open Font License 1.1), shipped as
``NotoSansSC-Regular.otf`` by the PyPI package ``pylopdf-fonts-zh-cn`` (a dependency of this
package, pinned). We register that file with matplotlib's font manager at run time
(``fontManager.addfont``) and name it concretely in ``font.family``, so no system font is ever
consulted: a figure is drawn with the same glyphs on a laptop without any CJK font, in CI and on
Windows, and stored notebooks do not depend on what a machine has installed. Latin text and
digits fall back glyph by glyph to DejaVu Sans, which matplotlib ships.

Why that package (see the README's computational requirements): it ships exactly the
region-specific Simplified Chinese cut of Noto Sans CJK (8 MB) with its OFL licence in the
wheel's metadata and nothing else. The alternatives looked at were larger or carried fonts we
may not redistribute (``mplfonts``, 85 MB, bundles SimHei) or were unmaintained
(``cvttf-notosanscjk-*``, 2019).
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Any

import matplotlib as mpl
from matplotlib import font_manager

from ..options import check_choice, check_lang

__all__ = [
    "CJK_FONT_DISTRIBUTION",
    "FontError",
    "bold_weight",
    "cjk_family",
    "cjk_font_path",
    "figure_lang",
    "font_rc",
    "reset",
    "setup_fonts",
]

_log = logging.getLogger(__name__)

#: The PyPI distribution that ships the CJK font, and the file inside its package.
CJK_FONT_DISTRIBUTION = "pylopdf-fonts-zh-cn"
_CJK_FONT_FILE = "NotoSansSC-Regular.otf"
#: Characters the font must hold: zone words, the province name, the minus sign.
_PROBE = "高新区辽宁沈阳大连锦州葫芦岛绥中阜新合成数据年亿元−"
#: Latin font listed after the CJK one: matplotlib falls back glyph by glyph along the list.
_LATIN = "DejaVu Sans"


class FontError(RuntimeError):
    """The packaged CJK font is missing or unusable (a broken installation)."""


def cjk_font_path() -> Path:
    """Path of the packaged Noto Sans SC file.

    Raises
    ------
    FontError
        When the distribution is not installed or its file is missing, with the install
        command.
    """
    try:
        # lazy: only Chinese figures and PDFs need the font; without the distribution this is
        # a FontError naming the pip command (tested), not an ImportError of the report layer
        import pylopdf_fonts_zh_cn as package
    except ImportError as err:
        raise FontError(
            f"the Chinese figure font is not installed: pip install {CJK_FONT_DISTRIBUTION} "
            "(a dependency of gxq-analysis; reinstall the package)"
        ) from err
    path = Path(package.__file__).resolve().parent / _CJK_FONT_FILE
    if not path.is_file():
        raise FontError(f"{CJK_FONT_DISTRIBUTION} is installed but {path} is missing; reinstall it")
    return path


@functools.cache
def cjk_family() -> str:
    """Register the packaged CJK font with matplotlib and return its family name.

    Idempotent and cached for the process (:func:`reset` forgets it). The file is checked to
    hold every glyph of a probe text (zone names, the minus sign), so a damaged file is an
    error here rather than empty boxes in a figure.
    """
    path = cjk_font_path()
    font = font_manager.get_font(str(path))
    family = font.family_name
    manager = font_manager.fontManager
    # A system font of the same family name (another Noto Sans SC release) would compete in
    # findfont's scoring: only the packaged file keeps the name, so every machine draws alike.
    others = [e for e in manager.ttflist if e.name == family and Path(e.fname) != path]
    if others or not any(Path(e.fname) == path for e in manager.ttflist):
        manager.ttflist = [e for e in manager.ttflist if e not in others]
        if not any(Path(e.fname) == path for e in manager.ttflist):
            manager.addfont(str(path))
        # findfont caches its answers per FontProperties; the changed list must be seen
        manager._findfont_cached.cache_clear()
    missing = [ch for ch in _PROBE if font.get_char_index(ord(ch)) == 0]
    if missing:
        raise FontError(f"{path} lacks the glyphs {''.join(missing)!r}; reinstall it")
    _log.debug("figure font %s from %s", family, path)
    return family


def figure_lang(lang: str, *, warn: str = "never") -> str:
    """The language figures are drawn in: ``lang`` itself (validated).

    Chinese figures always have their font now (it is a dependency), so there is no fallback
    to English. ``warn`` is accepted for compatibility (``"once"``, ``"always"``, ``"never"``)
    and has no effect.
    """
    check_lang(lang)
    check_choice("warn", warn, ("once", "always", "never"))
    if lang == "zh":
        cjk_family()  # registers the font; a broken installation fails here, not as tofu
    return lang


def bold_weight(lang: str) -> str:
    """The weight for emphasised figure text: ``"bold"`` in English, ``"normal"`` in Chinese.

    The packaged CJK font has a regular face only; asking for bold would make matplotlib log
    "Failed to find font weight bold" (which would reach a chapter's output) and draw the
    regular face anyway. Chinese emphasis is carried by size and colour instead.
    """
    check_lang(lang)
    return "bold" if lang == "en" else "normal"


def reset() -> None:
    """Forget the cached font answer (in tests)."""
    cjk_family.cache_clear()


def font_rc(lang: str) -> dict[str, Any]:
    """rcParams that select the figure font for ``lang``.

    Families are named concretely in ``font.family`` (not the generic ``sans-serif``), so text
    keeps its font even when drawn later under other rcParams.
    """
    check_lang(lang)
    families = [cjk_family(), _LATIN] if lang == "zh" else [_LATIN]
    return {
        "font.family": families,
        "font.sans-serif": [*families, *mpl.rcParamsDefault["font.sans-serif"]],
        "axes.unicode_minus": True,
    }


def setup_fonts(lang: str) -> str:
    """Configure matplotlib's global fonts for a chapter in ``lang``; returns ``lang``."""
    effective = figure_lang(lang)
    mpl.rcParams.update(font_rc(effective))
    return effective
