"""Literate chapters: fixed prose in language-tagged markdown cells made from the catalogue."""

from __future__ import annotations

import copy

import nbformat
import pytest

from gxq_analysis import config
from gxq_analysis.publish.export import LANG_TAGS, to_html
from gxq_analysis.publish.literate import markdown_for, stale_cells
from gxq_analysis.report.strings import t

NOTEBOOKS = sorted(config.NOTEBOOKS_DIR.glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_chapter_reads_in_both_languages_and_agrees_with_the_catalogue(path):
    nb = nbformat.read(path, as_version=4)
    lit = [c for c in nb.cells if c.cell_type == "markdown" and c.metadata.get("gxq")]
    assert lit, f"{path.name} has no literate cells"
    by_lang = {lang: [c for c in lit if tag in c.metadata.get("tags", [])]
               for lang, tag in LANG_TAGS.items()}  # fmt: skip
    # each piece of prose comes in both languages, side by side
    assert [c.metadata.gxq["keys"] for c in by_lang["zh"]] == [
        c.metadata.gxq["keys"] for c in by_lang["en"]
    ]
    assert stale_cells(nb) == []


def test_a_cell_edited_by_hand_is_stale():
    nb = nbformat.read(config.NOTEBOOKS_DIR / "04_policy.ipynb", as_version=4)
    edited = copy.deepcopy(nb)
    cell = next(c for c in edited.cells if c.cell_type == "markdown" and c.metadata.get("gxq"))
    cell.source += " (edited)"
    assert stale_cells(edited) == [cell.id]


def test_markdown_for_headings_and_paragraphs():
    md = markdown_for(["section.method", "prose.policy.method"], "zh")
    head, para = md.split("\n\n", 1)
    assert head == "## " + t("section.method", "zh")
    assert para.startswith("2016年沈阳、大连")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_export_keeps_only_the_chapters_language(lang):
    nb = nbformat.v4.new_notebook()
    for lg, tag in LANG_TAGS.items():
        nb.cells.append(nbformat.v4.new_markdown_cell(f"marker-{lg}", metadata={"tags": [tag]}))
    html = to_html(nb, title="x", lang=lang).decode()
    other = "en" if lang == "zh" else "zh"
    assert f"marker-{lang}" in html and f"marker-{other}" not in html
