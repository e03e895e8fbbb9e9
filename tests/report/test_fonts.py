"""The packaged CJK font: found, registered, used for every Chinese figure, on every machine."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata

import matplotlib as mpl
import pytest
from matplotlib import font_manager, ft2font

from gxq_analysis.errors import OptionError
from gxq_analysis.report import fonts


@pytest.fixture(autouse=True)
def _fresh_state():
    """Each test starts without a cached font answer and leaves rcParams as it found them."""
    fonts.reset()
    with mpl.rc_context():
        yield
    fonts.reset()
    font_manager.fontManager._findfont_cached.cache_clear()  # no lookups from a patched list


def _face_has(path: str, char: str) -> bool:
    """Independent check: open the font file with FreeType and look the glyph up."""
    return ft2font.FT2Font(path).get_char_index(ord(char)) != 0


def test_the_font_comes_from_its_pypi_distribution_with_its_licence():
    path = fonts.cjk_font_path()
    dist = metadata.distribution(fonts.CJK_FONT_DISTRIBUTION)
    files = {str(f) for f in dist.files or ()}
    assert any(f.endswith(path.name) for f in files)
    # the OFL travels with the font (in the wheel's metadata)
    licence = " ".join(
        (dist.read_text(str(f)) or "") for f in dist.files or () if "LICENSE" in str(f).upper()
    ) + (dist.metadata.get("License") or "")
    assert "SIL Open Font License" in licence or "OFL" in licence


def test_zh_registers_the_packaged_font_and_it_renders_chinese():
    assert fonts.setup_fonts("zh") == "zh"
    family = fonts.cjk_family()
    assert family == "Noto Sans SC"
    assert mpl.rcParams["font.family"] == [family, "DejaVu Sans"]
    found = font_manager.findfont(
        font_manager.FontProperties(family=family), fallback_to_default=False
    )
    assert found == str(fonts.cjk_font_path())
    for ch in "高新区辽宁锦州葫芦岛绥中":
        assert _face_has(found, ch), ch


def test_the_glyph_check_can_fail():
    # DejaVu Sans (shipped with matplotlib) has no Chinese glyphs: the check above is real
    dejavu = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans"))
    assert not _face_has(dejavu, "高")
    assert _face_has(dejavu, "A")


def test_a_system_font_of_the_same_name_does_not_compete(monkeypatch, tmp_path):
    """A machine with another 'Noto Sans SC' file installed still draws with the packaged one."""
    live = font_manager.fontManager
    decoy = font_manager.FontEntry(
        fname=str(tmp_path / "NotoSansSC-System.otf"), name="Noto Sans SC"
    )
    monkeypatch.setattr(live, "ttflist", [decoy, *live.ttflist])
    live._findfont_cached.cache_clear()
    family = fonts.cjk_family()
    assert all(e.fname != decoy.fname for e in live.ttflist)
    found = font_manager.findfont(
        font_manager.FontProperties(family=family), fallback_to_default=False
    )
    assert found == str(fonts.cjk_font_path())


def test_registering_twice_adds_the_font_once():
    fonts.cjk_family()
    fonts.reset()
    fonts.cjk_family()
    path = str(fonts.cjk_font_path())
    assert sum(e.fname == path for e in font_manager.fontManager.ttflist) == 1


def test_missing_distribution_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "pylopdf_fonts_zh_cn", None)  # import fails
    with pytest.raises(fonts.FontError, match=r"pip install pylopdf-fonts-zh-cn"):
        fonts.cjk_font_path()


def test_en_uses_the_latin_font_and_never_warns(recwarn):
    assert fonts.setup_fonts("en") == "en"
    assert mpl.rcParams["font.family"] == ["DejaVu Sans"]
    assert not [w for w in recwarn if issubclass(w.category, UserWarning)]


def test_bold_only_where_the_font_has_it():
    assert fonts.bold_weight("en") == "bold"
    assert fonts.bold_weight("zh") == "normal"
    with pytest.raises(OptionError, match=r"lang='jp'"):
        fonts.bold_weight("jp")


def test_bad_language_and_option_are_rejected():
    with pytest.raises(OptionError, match=r"lang='jp'.*'zh'.*'en'"):
        fonts.setup_fonts("jp")
    with pytest.raises(OptionError, match=r"warn='loud'.*'once'"):
        fonts.figure_lang("zh", warn="loud")


def test_font_rc_names_concrete_families():
    rc = fonts.font_rc("zh")
    assert rc["font.family"] == [fonts.cjk_family(), "DejaVu Sans"]
    assert "sans-serif" not in rc["font.family"]


def test_a_fresh_process_draws_chinese_without_a_word_on_stderr():
    """What a chapter kernel sees: nothing of ours or matplotlib's on stderr."""
    code = (
        "import matplotlib; matplotlib.use('Agg')\n"
        "from gxq_analysis.report import figures, fonts\n"
        "import matplotlib as mpl\n"
        "figures.configure_notebook('zh')\n"
        "from matplotlib.figure import Figure\n"
        "fig = Figure(); ax = fig.subplots(); ax.set_title('辽宁高新区营业收入')\n"
        "fig.text(0, 0, '合成数据', weight=fonts.bold_weight('zh'))\n"
        "figures.figure_bytes(fig)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
