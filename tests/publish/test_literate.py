"""Literate chapters: one source per chapter with fixed prose in both languages made from the
catalogue, and a reading copy per language that reads in that language only, in JupyterLab
too (executed here with nbclient, as JupyterLab runs it)."""

from __future__ import annotations

import copy
import json
import os
import re

import nbformat
import pytest
from nbclient import NotebookClient

from gxq_analysis import config
from gxq_analysis.catalogue import template
from gxq_analysis.publish.export import LANG_TAGS, to_html
from gxq_analysis.publish.literate import (
    VIEW_LANGS,
    VIEW_NOTE_ID,
    markdown_for,
    parameter_doc,
    parameters_source,
    stale_cells,
    stale_notebooks,
    view_notebook,
    view_path,
)
from gxq_analysis.publish.registry import read_chapter, registered_zone_ids
from gxq_analysis.report.strings import t

NOTEBOOKS = sorted(config.NOTEBOOKS_DIR.glob("*.ipynb"))
CJK = re.compile(r"[\u3400-\u9fff]")


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
    # a source holds no outputs: its outputs are its reading copies'
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_the_views_are_what_the_sources_give():
    assert stale_notebooks(NOTEBOOKS) == {}


def test_a_cell_edited_by_hand_is_stale():
    nb = nbformat.read(config.NOTEBOOKS_DIR / "04_policy.ipynb", as_version=4)
    edited = copy.deepcopy(nb)
    cell = next(c for c in edited.cells if c.cell_type == "markdown" and c.metadata.get("gxq"))
    cell.source += " (edited)"
    params = next(c for c in edited.cells if "parameters" in c.metadata.get("tags", []))
    params.source = params.source.replace("# the review", "# which review")
    code = next(c for c in edited.cells if c.cell_type == "code" and c is not params)
    code.outputs = [nbformat.v4.new_output("stream", text="left over\n")]
    assert stale_cells(edited) == [params.id, code.id, cell.id] or set(stale_cells(edited)) == {
        cell.id,
        params.id,
        code.id,
    }


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


# ------------------------------------------------------------------------------------------
# the parameters cell


def test_every_parameter_is_documented_with_its_allowed_values():
    for lang in VIEW_LANGS:
        review = parameter_doc("review", lang)
        assert '"midterm"' in review and '"final"' in review and "2016–2018" in review
        assert '"zh"' in parameter_doc("lang", lang) and '"en"' in parameter_doc("lang", lang)
        zone = parameter_doc("zone", lang)
        assert all(f'"{z}"' in zone for z in registered_zone_ids())
        assert "None" in parameter_doc("data", lang) and ".toml" in parameter_doc("data", lang)
        assert "TOML" in parameter_doc("layout", lang)
        for name in ("benchmarks", "targets"):
            assert "CSV" in parameter_doc(name, lang)
    # a chapter that does not read the zone data says so of data
    assert "province" in parameter_doc("data", "en", panel=False)
    with pytest.raises(KeyError, match=r"param\.seed"):
        parameter_doc("seed", "en")


def test_the_parameters_cell_papermill_reads():
    from papermill.translators import PythonTranslator

    src = parameters_source({"review": "midterm", "lang": "zh", "data": None}, "en",
                            default_lang="en")  # fmt: skip
    found = PythonTranslator.inspect(nbformat.v4.new_code_cell(src))
    assert [(p.name, p.default) for p in found] == [
        ("review", '"midterm"'), ("lang", '"en"'), ("data", "None")
    ]  # fmt: skip
    assert all(p.help for p in found)  # papermill --help-notebook shows each one's doc
    assert found[0].help == parameter_doc("review", "en")


# ------------------------------------------------------------------------------------------
# the reading copies


@pytest.mark.parametrize("lang", VIEW_LANGS)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_view_holds_one_language(path, lang):
    view = json.loads(view_path(path, lang).read_text(encoding="utf-8"))
    other = next(g for g in VIEW_LANGS if g != lang)
    cells = view["cells"]
    assert cells[0]["id"] == VIEW_NOTE_ID and "remove-cell" in cells[0]["metadata"]["tags"]
    tags = [tag for c in cells for tag in c["metadata"].get("tags", [])]
    assert LANG_TAGS[lang] in tags and LANG_TAGS[other] not in tags
    # the same code as the source, which the build runs
    source = nbformat.read(path, as_version=4)
    code = [c.source for c in source.cells if c.cell_type == "code"]
    assert ["".join(c["source"]) for c in cells if c["cell_type"] == "code"][1:] == code[1:]
    # the parameters cell: its default language is the view's, documented in it
    chapter = read_chapter(view_path(path, lang))
    assert chapter.defaults["lang"] == lang
    params = "".join(
        next(c for c in cells if "parameters" in c["metadata"].get("tags", []))["source"]
    )
    for name in chapter.defaults:
        assert f"# {parameter_doc(name, lang, panel=chapter.panel)}" in params
    # what a reader sees is in the view's language: its prose and its stored outputs
    seen = []
    for c in cells[1:]:
        if c["cell_type"] == "markdown":
            seen.append("".join(c["source"]))
        for out in c.get("outputs", []):
            seen.append("".join(out.get("data", {}).get("text/markdown", "")))
            assert out.get("name") != "stderr"
    assert any(seen), "a stored view shows its results"
    text = "\n".join(seen)
    assert t("review.midterm", lang) in text  # the chapter's own words, stored in its language
    if lang == "en":
        # Chinese only in parentheses (a name given with its Chinese) or a quoted source
        bare = re.sub(r"（[^（）]*）|\([^()]*\)|“[^”]*”", "", text)
        assert not CJK.search(bare), CJK.search(bare)


def test_a_view_keeps_the_outputs_of_unchanged_cells_only():
    path = NOTEBOOKS[0]
    stored = json.loads(view_path(path, "en").read_text(encoding="utf-8"))
    again = view_notebook(path, "en", stored)
    assert [c.get("outputs") for c in again.cells] == [c.get("outputs") for c in stored["cells"]]
    changed = copy.deepcopy(stored)
    cell = next(c for c in changed["cells"] if c["cell_type"] == "code" and c.get("outputs"))
    cell["source"] = "print('another')"
    again = view_notebook(path, "en", changed)
    assert next(c for c in again.cells if c.id == cell["id"]).outputs == []


def _run_as_a_person(nb, cwd) -> None:
    """Execute as JupyterLab does: nbclient, a fresh kernel, no build log asked for."""
    saved = dict(os.environ)
    os.environ.pop("GXQ_LOG_FILE", None)
    try:
        NotebookClient(nb, timeout=900, kernel_name="python3", startup_timeout=300,
                       resources={"metadata": {"path": str(cwd)}}).execute()  # fmt: skip
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _streams(cell, name: str) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.get("name") == name)


def _markdown(cell) -> list[str]:
    return [
        "".join(o["data"]["text/markdown"])
        for o in cell.outputs
        if o.get("output_type") == "display_data" and "text/markdown" in o.get("data", {})
    ]


@pytest.mark.notebooks
@pytest.mark.parametrize("lang", VIEW_LANGS)
def test_a_view_run_in_a_session_reads_in_its_language_and_shows_warnings_under_the_cell(
    tmp_path, lang
):
    """The overview's reading copy run as a person runs it (nbclient, GXQ_LOG_FILE unset):
    every visible text is in the copy's language (the build's one-voice check), the conclusion
    the code prints is there in that language, a warning raised in a cell shows under that cell
    (the data's notes too, when the person points the chapter at a workbook read with notes),
    and the session's logging is left alone (no handler of the build, no build log)."""
    from evaluator_books import write_workbook
    from identifiers import violations

    from gxq_analysis import findings
    from gxq_analysis.publish.review import read_review
    from gxq_analysis.report.chapter import open_chapter
    from gxq_analysis.report.display import say
    from gxq_analysis.report.views.findings import severity_counts

    path = view_path(config.NOTEBOOKS_DIR / "01_overview.ipynb", lang)
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    n_chapter = len(nb.cells)
    book = write_workbook(tmp_path / "zones.xlsx")  # read with notes (total rows not loaded)
    probes = [
        "import warnings\nwarnings.warn('a warning the reader must see', UserWarning)\n",
        "import logging\n"
        "print(sorted(h.get_name() or type(h).__name__ for h in logging.getLogger().handlers))\n"
        "print(warnings.showwarning.__module__)\n",
        f"mine = open_chapter('overview', review=review, lang=lang, data={str(book)!r})\n",
    ]
    nb.cells += [nbformat.v4.new_code_cell(src, id=f"probe-{i}") for i, src in enumerate(probes)]
    _run_as_a_person(nb, tmp_path)

    # the chapter as stored, rerun: one voice, and its conclusion worded in the copy's language
    chapter = copy.deepcopy(nb)
    chapter.cells = chapter.cells[:n_chapter]
    run = tmp_path / path.name
    nbformat.write(chapter, run)
    doc = read_review([run], review="midterm", lang=lang, title="T", subtitle="S")
    assert doc.chapters and violations(doc.chapters, lang) == []
    ch = open_chapter("overview", review="midterm", lang=lang, show=False)
    items = findings(ch.panel, "midterm", sections=("benchmarks", "outlook"))
    conclusion = say("prose.overview.findings", lang, **severity_counts(items))._repr_markdown_()
    shown = [m for c in chapter.cells if c.cell_type == "code" for m in _markdown(c)]
    assert conclusion in shown
    assert not any(_streams(c, "stderr") for c in chapter.cells if c.cell_type == "code")

    warned, handlers, mine = nb.cells[n_chapter:]
    assert "UserWarning: a warning the reader must see" in _streams(warned, "stderr")
    lines = _streams(handlers, "stdout").splitlines()
    assert "gxq-build-log" not in lines[0] and lines[-1] == "warnings"
    # the data's notes under the cell that read the data, and the chapter says where they are
    # worded in the chapter's language (the catalogue's data.warn.totals before its fields)
    assert template("data.warn.totals", lang).split("{")[0] in _streams(mine, "stderr")
    n = len(re.findall(r"\bDataWarning: ", _streams(mine, "stderr")))
    assert n >= 1 and say("prose.load_notes_shown", lang, n=n)._repr_markdown_() in _markdown(mine)
    assert not list(tmp_path.rglob("build.log"))
