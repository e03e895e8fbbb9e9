"""The real chapters in notebooks/: they follow the contract, and the warm-kernel build gives
the same bytes as a fresh kernel per chapter and as papermill by hand."""

from __future__ import annotations

import json
import re

import nbformat
import pytest
from buildkit import nbconvert_page, outputs, papermill_by_hand, same_page
from identifiers import violations

from gxq_analysis import config
from gxq_analysis.publish import export
from gxq_analysis.publish.registry import chapters
from gxq_analysis.publish.runner import build


def _real_chapters():
    found = chapters(config.NOTEBOOKS_DIR)
    if not found:
        pytest.skip(f"no chapter notebooks in {config.NOTEBOOKS_DIR} yet")
    return found


def test_real_notebooks_follow_the_chapter_contract():
    found = _real_chapters()
    assert [c.order for c in found] == sorted(c.order for c in found)
    assert sum(c.per_zone for c in found) >= 1


@pytest.mark.notebooks
@pytest.mark.slow
def test_real_chapters_warm_equal_fresh_and_papermill_by_hand(tmp_path):
    found = _real_chapters()
    common = {
        "review": "midterm",
        "lang": "all",
        "zones": ["shenyang"],
        "notebooks_dir": config.NOTEBOOKS_DIR,
        "quiet": True,
    }
    warm = build(**common, output=tmp_path / "warm", jobs=1)
    fresh = build(**common, output=tmp_path / "fresh", jobs=2, fresh_kernels=True)
    assert warm.exit_code == 0, warm.failures
    assert fresh.exit_code == 0, fresh.failures
    a, b = outputs(tmp_path / "warm"), outputs(tmp_path / "fresh")
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []

    first = next(c for c in found if not c.per_zone)
    built = tmp_path / "warm" / "midterm" / "zh" / f"{first.id}.ipynb"
    assert papermill_by_hand(first.path, tmp_path, f"{first.id}.ipynb") == built.read_bytes()

    # no warning, log line or traceback of ours reaches a built chapter
    for name in sorted(n for n in a if n.endswith(".ipynb")):
        nb = json.loads((tmp_path / "warm" / name).read_text(encoding="utf-8"))
        streams = [
            "".join(out.get("text", ""))
            for cell in nb["cells"]
            for out in cell.get("outputs", [])
            if out.get("output_type") == "stream" and out.get("name") == "stderr"
        ]
        assert streams == [], (name, streams[:1])
        html = (tmp_path / "warm" / name.replace(".ipynb", ".html")).read_text(encoding="utf-8")
        assert not re.search(r"\w+Warning: |Traceback \(most recent", html), name

    # the HTML export (BeautifulSoup pass bypassed) gives nbconvert's own page for every
    # chapter kind in both languages (convention: tests/publish/test_export_html.py)
    for name in sorted(n for n in a if n.endswith(".ipynb")):
        nb = nbformat.read(tmp_path / "warm" / name, as_version=4)
        lang = name.split("/")[1]
        ours = export.to_html(nb, title=name, lang=lang)
        assert same_page(ours, nbconvert_page(nb, title=name, lang=lang)), name

    # one voice per language: no internal code, no prose of the other language
    from gxq_analysis.publish.review import read_chapter

    for lang in ("zh", "en"):
        built = sorted((tmp_path / "warm" / "midterm" / lang).glob("*.ipynb"))
        assert built
        assert violations([read_chapter(p, lang=lang) for p in built], lang) == []


@pytest.mark.notebooks
@pytest.mark.slow
def test_final_review_speaks_one_voice(tmp_path):
    """The final review (2016–2020) in both languages, zone profiles included: no internal
    code, no prose of the other language (the mid-term is checked above)."""
    from gxq_analysis.publish.review import read_chapter

    _real_chapters()
    result = build(review="final", lang="all", zones=["dalian"], notebooks_dir=config.NOTEBOOKS_DIR,
                   quiet=True, output=tmp_path, jobs=2)  # fmt: skip
    assert result.exit_code == 0, result.failures
    for lang in ("zh", "en"):
        built = sorted((tmp_path / "final" / lang).glob("*.ipynb"))
        assert len(built) == len(chapters(config.NOTEBOOKS_DIR))
        assert violations([read_chapter(p, lang=lang) for p in built], lang) == []
