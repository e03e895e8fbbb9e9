"""The whole review as one document: review.docx (Word) and review.html (one offline page)."""

from __future__ import annotations

import io
import json
import re
import zipfile

import docx
import pytest
from buildkit import CHAPTERS
from docx.oxml.ns import qn
from identifiers import text_violations, violations

from gxq_analysis import config
from gxq_analysis.publish.review import parse_markdown, read_chapter, read_review
from gxq_analysis.publish.review_html import review_html
from gxq_analysis.publish.runner import build
from gxq_analysis.publish.word import FONTS, review_docx
from gxq_analysis.report.strings import t

# the chapters' stored reading copies, executed with their defaults (midterm) in each language
STORED = sorted((config.NOTEBOOKS_DIR / "zh").glob("*.ipynb"))
STORED_EN = sorted((config.NOTEBOOKS_DIR / "en").glob("*.ipynb"))


@pytest.fixture(scope="module")
def review_doc():
    assert STORED, "no stored chapter notebooks"
    return read_review(STORED, review="midterm", lang="zh", title="标题", subtitle="副标题")


@pytest.fixture(scope="module")
def word(review_doc):
    return review_docx(review_doc)


# ------------------------------------------------------------------------------------------
# reading chapter outputs


def test_markdown_blocks_as_report_display_writes_them():
    md = (
        "## 与全国平均水平的差距\n\n"
        "> **⚠ 合成数据**\n>\n> 本章使用演示面板。  \n\n"
        "**表的标题**\n\n"
        "| 范围 | 指标\\_a | 值 |\n| --- | --- | --- |\n| 沈阳 | a\\|b | 1,234.50 |\n\n"
        "- **数据文件**: `data/x.csv`\n- 第二项\n\n"
        "一段 [链接](https://example.org) 文字，含 \\*星号\\*。"
    )
    kinds = [b.kind for b in parse_markdown(md)]
    assert kinds == ["heading", "note", "table", "bullets", "para"]
    heading, note, table, bullets, para = parse_markdown(md)
    assert (heading.level, heading.text) == (2, "与全国平均水平的差距")
    assert note.lines == ("⚠ 合成数据", "本章使用演示面板。")
    assert table.caption == "表的标题"
    assert table.rows == (("范围", "指标_a", "值"), ("沈阳", "a|b", "1,234.50"))
    assert bullets.lines == ("数据文件: data/x.csv", "第二项")
    assert para.text == "一段 链接 文字，含 *星号*。"


def test_a_chapter_is_read_with_its_provenance_apart(review_doc):
    first = read_chapter(STORED[0], lang="zh")
    assert first.title == "概览"
    assert first.synthetic
    keys = [k for k, _ in first.provenance]
    assert t("prov.data_file", "zh") in keys and t("prov.sha256", "zh") in keys
    # the provenance section is not in the body
    assert not any(b.kind == "heading" and b.text == t("prov.title", "zh") for b in first.blocks)
    # the national-context chapter reads real data: not flagged synthetic
    province = next(c for c in review_doc.chapters if c.title == t("chapter.province", "zh"))
    assert not province.synthetic


def test_tables_and_figures_are_numbered_through_the_review(review_doc):
    tables = [b for c in review_doc.chapters for b in c.blocks if b.kind == "table"]
    figures = [b for c in review_doc.chapters for b in c.blocks if b.kind == "figure"]
    assert [b.number for b in tables] == list(range(1, len(tables) + 1))
    assert [b.number for b in figures] == list(range(1, len(figures) + 1))
    assert tables and figures
    assert all(b.caption for b in tables + figures)
    assert all(b.source.startswith("资料来源：") for b in tables)


def test_each_table_names_its_real_source_and_each_figure_its_subject(review_doc):
    """Registry, plan, data, province panel: the source line is the table's, not the data
    file stamped under every table; figures are captioned by what they show."""
    by_chapter = {
        c.title: [b for b in c.blocks if b.kind in ("table", "figure")] for c in review_doc.chapters
    }
    overview = by_chapter[t("chapter.overview", "zh")]
    registry, facts = [b for b in overview if b.kind == "table"][:2]
    assert "data/zones.csv" in registry.source and "规划" in registry.source
    assert "data/plan_facts.csv" in facts.source and "data/demo/" in facts.source
    province = [b for b in by_chapter[t("chapter.province", "zh")] if b.kind == "table"]
    assert province and all("techme" in b.source for b in province)
    # every figure is described by its own title, in Chinese (the policy chapter's once it is
    # stored again with this package: its figures are shown the same way)
    policy = t("chapter.policy", "zh")
    chapters = [
        c for c in review_doc.chapters if c.title.replace("的", "") != policy.replace("的", "")
    ]
    figures = [b for c in chapters for b in c.blocks if b.kind == "figure"]
    sections = {b.text for c in chapters for b in c.blocks if b.kind == "heading"}
    assert figures and all(re.search(r"[\u4e00-\u9fff]", b.caption) for b in figures)
    assert not any(b.caption in sections for b in figures)


def test_the_appendix_states_what_is_common_once():
    from gxq_analysis.publish.review import ChapterDoc, split_provenance

    def chapter(data, **params):
        line = "; ".join(f'{k} = "{v}"' for k, v in {"lang": "zh", **params}.items())
        return ChapterDoc(
            title="x",
            provenance=[("数据文件", data), ("参数", line), ("Python 版本", "3.11.7")],
        )

    chapters = [
        chapter("a.xlsx"),
        chapter("a.xlsx", zone="dalian"),
        chapter("a.xlsx", zone="benxi"),
        chapter("data/province-st/p.csv"),
        ChapterDoc(title="failed", failed=True),
    ]
    common, own = split_provenance(chapters, "zh")
    assert common == [("数据文件", "a.xlsx"), ("参数", 'lang = "zh"'), ("Python 版本", "3.11.7")]
    assert own == [
        [],
        [("参数", 'zone = "dalian"')],
        [("参数", 'zone = "benxi"')],
        [("数据文件", "data/province-st/p.csv")],
        [],
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_chapter_that_could_not_be_built_is_shown_with_its_reason(tmp_path, lang):
    from gxq_analysis.publish.documents import write_documents
    from gxq_analysis.publish.registry import chapters

    registry = chapters()
    ok = STORED[0]  # the overview, as stored
    (tmp_path / "overview.ipynb").write_bytes(ok.read_bytes())
    gaps = [
        {
            "chapter": "policy",
            "code": "one_pre_year",
            "args": {"years": [2015], "n": 1, "need": 2, "start": 2016, "before": 2014},
            "blocking": False,
        }
    ]
    manifest = {
        "review": "final",
        "lang": lang,
        "data": {"sha256": "abc", "zones": ["dalian"], "support": gaps},
        "chapters": {
            "overview": {
                "stem": "overview",
                "chapter": "overview",
                "title": "Overview",
                "parameters": {},
                "status": "ok",
                "inputs": {"data_sha256": "abc"},
                "outputs": {"overview.ipynb": {"sha256": "x"}},
            },
            "policy": {
                "stem": "policy",
                "chapter": "policy",
                "title": t("chapter.policy", lang),
                "parameters": {},
                "status": "failed",
                "inputs": {"data_sha256": "abc"},
                "error": {"ename": "OptionError", "evalue": "start=2016 leaves ..."},
                "outputs": {},
            },
            # a profile left from a build on other data is not part of this review
            "zone-fushun": {
                "stem": "zone-fushun",
                "chapter": "zone",
                "title": "Fushun",
                "parameters": {"zone": "fushun"},
                "status": "ok",
                "inputs": {"data_sha256": "other"},
                "outputs": {"zone-fushun.ipynb": {"sha256": "y"}},
            },
        },
    }
    (tmp_path / "zone-fushun.ipynb").write_bytes(STORED[-1].read_bytes())
    assert write_documents(tmp_path, manifest, registry)
    d = docx.Document(str(tmp_path / "review.docx"))
    h1 = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert h1[1] == f"2  {t('chapter.policy', lang)}" and len(h1) == 3  # + appendix
    text = "\n".join(p.text for p in d.paragraphs)
    assert t("doc.failed", lang) in text
    assert ("补充2014年的数据" in text) if lang == "zh" else ("data for 2014" in text)
    assert "OptionError" in text and "start=2016" not in text  # the code, not English prose
    page = (tmp_path / "review.html").read_text(encoding="utf-8")
    assert t("doc.failed", lang) in page and "Fushun" not in page


def test_stored_chapters_speak_one_language(review_doc):
    """No internal code and no English prose in the Chinese chapters, no internal code and no
    Chinese prose in the English ones (provenance aside)."""
    assert violations(review_doc.chapters, "zh") == []
    english = read_review(STORED_EN, review="midterm", lang="en", title="T", subtitle="S")
    assert len(english.chapters) == len(STORED) == len(STORED_EN)
    assert violations(english.chapters, "en") == []


def test_the_language_check_can_fail(review_doc):
    from gxq_analysis.publish.review import Block, ChapterDoc

    bad = ChapterDoc(
        title="x",
        blocks=[
            Block("para", text="增长来自 benchmark_progress 的计算"),
            Block("table", rows=(("指标",), ("hitech_va",), ("revenue",))),
            Block("para", text="the panel has no cluster data"),
            Block("para", text="沈阳（Shenyang）与 MacKinnon & Webb 的方法"),
        ],
    )
    found = violations([bad], "zh")
    assert any("benchmark_progress" in f for f in found)
    assert any("'revenue' as a table cell" in f for f in found)
    assert any("English 'the panel has no cluster data'" in f for f in found)
    assert not any("Shenyang" in f or "MacKinnon" in f for f in found)
    assert violations([bad], "en") != []  # Chinese prose in an English chapter


# ------------------------------------------------------------------------------------------
# Word


def test_docx_opens_with_every_chapter_as_a_level_1_heading(review_doc, word):
    d = docx.Document(io.BytesIO(word))
    h1 = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    titles = [c.title for c in review_doc.chapters]
    assert h1 == [f"{i}  {x}" for i, x in enumerate(titles, 1)] + [t("doc.appendix", "zh")]
    h2 = [p.text for p in d.paragraphs if p.style.name == "Heading 2"]
    assert h2[0].startswith("1.1  ") and any(x.startswith("2.1  ") for x in h2)
    n_tables = sum(b.kind == "table" for c in review_doc.chapters for b in c.blocks)
    n_figures = sum(b.kind == "figure" for c in review_doc.chapters for b in c.blocks)
    assert len(d.tables) == n_tables  # real Word tables
    assert len(d.inline_shapes) == n_figures  # figures as images
    captions = [p.text for p in d.paragraphs if p.style.name == "Caption"]
    assert sum(c.startswith("表") for c in captions) == n_tables
    assert sum(c.startswith("图") for c in captions) == n_figures
    # a table's cells hold the chapter's numbers, header row repeated on every page
    first = next(b for c in review_doc.chapters for b in c.blocks if b.kind == "table")
    assert [c.text for c in d.tables[0].rows[0].cells] == list(first.rows[0])
    assert d.tables[0].rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_docx_sets_chinese_through_the_east_asian_font_and_numbers_pages(word):
    d = docx.Document(io.BytesIO(word))
    fonts = d.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == FONTS["body"][1] == "宋体"
    heading = d.styles["Heading 1"].element.rPr.find(qn("w:rFonts"))
    assert heading.get(qn("w:eastAsia")) == "黑体"
    footer_xml = d.sections[0].footer._element.xml
    assert "PAGE" in footer_xml and "fldChar" in footer_xml
    body = d.element.body.xml
    assert "TOC \\o" in body  # a contents field Word fills in
    assert "合成" in body  # the synthetic warning on the title page


def test_docx_speaks_one_language(word):
    d = docx.Document(io.BytesIO(word))
    appendix = t("doc.appendix", "zh")
    items, where = [], "title page"
    for p in d.paragraphs:
        if p.style.name == "Heading 1":
            where = p.text
        if where == appendix:
            break  # the provenance appendix names files, versions and commits on purpose
        items.append((where, "text", p.text))
    for table in d.tables:
        items += [("table", "cell", c.text) for row in table.rows for c in row.cells]
    assert text_violations(items, "zh") == []


def test_same_inputs_same_bytes_and_no_build_time(review_doc, word):
    assert review_docx(review_doc) == word
    with zipfile.ZipFile(io.BytesIO(word)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert "2021-01-01" in core


# ------------------------------------------------------------------------------------------
# one HTML page


def test_html_is_one_offline_page_with_numbered_sections(review_doc):
    page = review_html(review_doc).decode("utf-8")
    assert page == review_html(review_doc).decode("utf-8")
    # nothing fetched: no remote or local file references, images inline
    assert not re.search(r'(src|href)="(?!#|data:)', page)
    for i, ch in enumerate(review_doc.chapters, 1):
        assert f'<section class="chapter" id="chapter-{i}">' in page
        assert f"<h2>{i}&nbsp;&nbsp;{ch.title}</h2>" in page
    assert page.count('class="note strong"') == sum(c.synthetic for c in review_doc.chapters)
    assert page.count('id="appendix"') == 1
    assert page.count(f"<h2>{t('prov.title', 'zh')}") == 0  # provenance only in the appendix
    assert "表1&nbsp;&nbsp;" in page and "图1&nbsp;&nbsp;" in page


# ------------------------------------------------------------------------------------------
# the build writes them


@pytest.mark.notebooks
def test_build_writes_the_review_documents_and_keeps_them_when_nothing_changed(tmp_path):
    out = tmp_path / "reports"
    common = {"review": "midterm", "lang": "en", "chapters": ["overview", "context"]}
    report = build(**common, output=out, notebooks_dir=CHAPTERS, jobs=1, quiet=True)
    assert report.exit_code == 0, report.failures
    d = out / "midterm" / "en"
    manifest = json.loads((d / "manifest.json").read_text())
    assert sorted(manifest["documents"]["outputs"]) == ["review.docx", "review.html"]
    word = docx.Document(str(d / "review.docx"))
    h1 = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert len(h1) == 3  # two chapters and the appendix
    before = {p: (d / p).stat().st_mtime_ns for p in ("review.docx", "review.html")}
    again = build(**common, output=out, notebooks_dir=CHAPTERS, jobs=1, quiet=True)
    assert again.ran == []
    assert {p: (d / p).stat().st_mtime_ns for p in before} == before
    # a deleted document is written again without rerunning a chapter
    (d / "review.docx").unlink()
    third = build(**common, output=out, notebooks_dir=CHAPTERS, jobs=1, quiet=True)
    assert third.ran == [] and (d / "review.docx").is_file()


def test_word_tables_are_what_python_docx_cell_api_writes():
    """Tables are written as one XML fragment for speed (publish/word.py::_table): it must be
    the XML python-docx's own API writes, cell by cell, for awkward texts too (spaces at the
    ends, tabs, line breaks, markup characters, empty cells, numbers, ragged rows)."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    from gxq_analysis.publish import word
    from gxq_analysis.publish.review import Block

    rows = (
        ("指标", " 值 ", "a&b <c>"),
        ("沈阳\t高新区", "1,234.5", ""),
        ("line\nbreak\r\nend", "−0.25", "—"),
        ("short",),
    )
    block = Block("table", rows=rows, caption="c", number=1, source="来源")
    fast = Document()
    word._table(fast, block, "zh")
    slow = Document()
    slow.add_paragraph(style="Caption").add_run("placeholder")
    table = slow.add_table(rows=len(rows), cols=3)
    table.style = slow.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, row in enumerate(rows):
        cells = table.rows[i].cells
        for j in range(3):
            text = row[j] if j < len(row) else ""
            run = cells[j].paragraphs[0].add_run(text)
            run.font.size = Pt(9)
            if i == 0:
                run.bold = True
            elif word._NUMERIC.match(text.replace(" ", "")):
                cells[j].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    trpr = table.rows[0]._tr.get_or_add_trPr()
    flag = trpr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"})
    trpr.append(flag)
    assert fast.tables[0]._tbl.xml == slow.tables[0]._tbl.xml
    assert [c.text for c in fast.tables[0].rows[2].cells] == ["line\nbreak\n\nend", "−0.25", "—"]


@pytest.mark.parametrize(
    "style", [None, "Caption", "Title", "List Bullet", "Heading 1", "Heading 2", "Heading 3"]
)
def test_word_paragraphs_are_what_python_docx_writes(style):
    """Paragraphs get their style by id (publish/word.py::_paragraph, for speed): the XML must
    be what ``add_paragraph(text, style)`` writes (a table's style: the test above)."""
    from docx import Document

    from gxq_analysis.publish import word

    fast, slow = Document(), Document()
    for text in ("", "正文 text"):
        word._paragraph(fast, text, style)
        slow.add_paragraph(text, style)
    assert fast.element.body.xml == slow.element.body.xml
