"""CJK font discovery, the font-list rebuild and the English fallback."""

from __future__ import annotations

import glob

import matplotlib as mpl
import pytest
from matplotlib import font_manager, ft2font

from gxq_analysis.errors import OptionError
from gxq_analysis.report import fonts

# fonts-noto-cjk (Debian) is installed on the development machine and in CI; found on disk
# here without matplotlib, so the skip condition does not depend on the code under test.
HAVE_NOTO_CJK = bool(
    glob.glob("/usr/share/fonts/**/NotoSansCJK*", recursive=True)
    + glob.glob("/usr/share/fonts/**/NotoSerifCJK*", recursive=True)
)
needs_cjk = pytest.mark.skipif(not HAVE_NOTO_CJK, reason="fonts-noto-cjk is not installed")


@pytest.fixture(autouse=True)
def _fresh_state():
    """Each test starts without a cached font answer and leaves rcParams as it found them."""
    fonts.reset()
    with mpl.rc_context():
        yield
    fonts.reset()
    font_manager.fontManager._findfont_cached.cache_clear()  # no lookups from a patched list


def _face_has(family: str, char: str) -> bool:
    """Independent check: open the font file matplotlib would use and look the glyph up."""
    path = font_manager.findfont(
        font_manager.FontProperties(family=family), fallback_to_default=False
    )
    font = ft2font.FT2Font(path.path, face_index=path.face_index)
    return font.get_char_index(ord(char)) != 0


@needs_cjk
def test_zh_finds_a_cjk_font_that_renders_chinese():
    assert fonts.setup_fonts("zh") == "zh"
    family = fonts.cjk_family()
    assert family in fonts.CJK_FAMILIES
    assert mpl.rcParams["font.family"][0] == family
    for ch in "高新区辽宁":
        assert _face_has(family, ch), ch


def test_the_glyph_check_can_fail():
    # DejaVu Sans (shipped with matplotlib) has no Chinese glyphs: the check above is real
    assert not _face_has("DejaVu Sans", "高")
    assert _face_has("DejaVu Sans", "A")


def test_en_uses_the_latin_font_and_never_warns(recwarn):
    assert fonts.setup_fonts("en") == "en"
    assert mpl.rcParams["font.family"] == ["DejaVu Sans"]
    assert not [w for w in recwarn if issubclass(w.category, UserWarning)]


def test_no_cjk_font_rebuilds_once_then_falls_back_with_warning(monkeypatch):
    calls = []
    monkeypatch.setattr(fonts, "_find_cjk_family", lambda: None)
    monkeypatch.setattr(fonts, "_rebuild_font_list", lambda: calls.append(1))
    with pytest.warns(UserWarning, match="no CJK font found; figure labels fall back to English"):
        assert fonts.setup_fonts("zh") == "en"
    assert calls == [1]  # rebuilt exactly once before giving up
    assert mpl.rcParams["font.family"] == ["DejaVu Sans"]
    # the answer is cached: a second chapter set-up warns again but does not rescan
    with pytest.warns(UserWarning, match="no CJK font"):
        assert fonts.setup_fonts("zh") == "en"
    assert calls == [1]


def test_figure_functions_warn_once_per_process(monkeypatch, recwarn):
    monkeypatch.setattr(fonts, "_find_cjk_family", lambda: None)
    monkeypatch.setattr(fonts, "_rebuild_font_list", lambda: None)
    assert fonts.figure_lang("zh") == "en"
    assert fonts.figure_lang("zh") == "en"
    assert fonts.figure_lang("zh", warn="never") == "en"
    assert [str(w.message) for w in recwarn] == [fonts.FALLBACK_WARNING]
    with pytest.raises(OptionError, match=r"warn='loud'.*'once'"):
        fonts.figure_lang("zh", warn="loud")


@needs_cjk
def test_font_installed_after_the_cache_is_found_by_the_rebuild(monkeypatch):
    """Simulate a stale cache: the live font list lacks every CJK font until rebuilt."""
    live = font_manager.fontManager
    stale = [e for e in live.ttflist if "CJK" not in e.name]
    monkeypatch.setattr(live, "ttflist", stale)
    live._findfont_cached.cache_clear()
    assert fonts._find_cjk_family() is None
    # rebuild without rewriting the user's on-disk cache: a fresh scan of the system fonts
    monkeypatch.setattr(
        font_manager, "_load_fontmanager", lambda *, try_read_cache=True: font_manager.FontManager()
    )
    family = fonts.cjk_family()
    assert family in fonts.CJK_FAMILIES
    assert any(e.name == family for e in live.ttflist)  # added to the live manager


def test_load_fontmanager_exists_in_this_matplotlib():
    # _rebuild_font_list prefers it; if a future matplotlib drops it, FontManager() is used
    assert callable(getattr(font_manager, "_load_fontmanager", None))


def test_bad_language_is_rejected():
    with pytest.raises(OptionError, match=r"lang='jp'.*'zh'.*'en'"):
        fonts.setup_fonts("jp")


@needs_cjk
def test_font_rc_names_concrete_families():
    rc = fonts.font_rc("zh")
    assert rc["font.family"] == [fonts.cjk_family(), "DejaVu Sans"]
    assert "sans-serif" not in rc["font.family"]
