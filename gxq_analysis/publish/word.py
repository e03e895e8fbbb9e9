"""``review.docx``: the review as a Word document, how Chinese evaluation reports are handed in.

Written with python-docx (well kept, pure Python, no Office needed): a title page, a contents
field, every chapter as a numbered level-1 heading (so Word's navigation pane lists them),
sections as level-2/3 headings, tables as real Word tables with a repeated header row, figures
as PNG images, numbered captions with a source line, one provenance appendix (what all chapters
share once, then what each adds), a chapter that could not be built as its heading with the
reason, and page numbers in the footer. Chinese text is set through the East Asian font
attribute (``w:eastAsia``): 宋体 for body text and 黑体 for headings, the fonts of Chinese
government reports, which every Chinese Word installation has; Latin text in Times New Roman /
Arial.

Same inputs, same bytes: the document's core properties carry a fixed date (python-docx would
keep its template's), and the ZIP container is rewritten with fixed member timestamps (the
ZIP writer stamps the current time).
"""

from __future__ import annotations

import datetime as _dt
import functools
import io
import re
import zipfile
from xml.sax.saxutils import escape as _xml_escape

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

from ..report.strings import t
from .review import Block, ReviewDoc

__all__ = ["FONTS", "review_docx"]

#: (Latin, East Asian) font of body text and headings.
FONTS = {"body": ("Times New Roman", "宋体"), "heading": ("Arial", "黑体")}
_RED = RGBColor(0xB0, 0x00, 0x20)
_FIXED_DATE = _dt.datetime(2021, 1, 1, tzinfo=_dt.UTC)  # no build time in the document
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_NUMERIC = re.compile(r"^[−+\-]?[\d,]*\.?\d+%?$|^[—–]$|^n/a$")
_FIGURE_WIDTH = Cm(15.5)
_RPR_9PT = '<w:rPr><w:sz w:val="18"/></w:rPr>'


def _set_fonts(element, latin: str, east_asia: str, lang: str) -> None:
    """Latin and East Asian fonts (and the language tag) on a style's or run's rPr."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    tag = rpr.find(qn("w:lang"))
    if tag is None:
        tag = OxmlElement("w:lang")
        rpr.append(tag)
    tag.set(qn("w:val"), "en-US")
    tag.set(qn("w:eastAsia"), "zh-CN")


def _styles(doc, lang: str) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.size = Pt(10.5)  # 五号
    _set_fonts(normal.element, *FONTS["body"], lang)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.25
    for name, size in (("Title", 22), ("Heading 1", 16), ("Heading 2", 14), ("Heading 3", 12)):
        style = styles[name]
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = RGBColor(0, 0, 0)
        _set_fonts(style.element, *FONTS["heading"], lang)
    caption = styles["Caption"]
    caption.font.size = Pt(9)
    caption.font.italic = False
    caption.font.bold = True
    caption.font.color.rgb = RGBColor(0, 0, 0)
    _set_fonts(caption.element, *FONTS["heading"], lang)


@functools.cache
def _style_ids() -> dict[str, str]:
    """Style name -> style id in python-docx's default template (every review starts from it)."""
    return {s.name: s.style_id for s in Document().styles}


def _paragraph(doc, text: str = "", style: str | None = None):
    """``doc.add_paragraph(text, style)``, the style set by its id.

    python-docx resolves a style name on every call by scanning all the document's styles for
    the default one (566 calls, 1.6 s of a review's 3.4 s Word export); the XML written is the
    same (tests/publish/test_review_document.py).
    """
    paragraph = doc.add_paragraph(text)
    if style is not None:
        paragraph._p.style = _style_ids()[style]  # CT_P.style: the pPr's pStyle
    return paragraph


def _heading(doc, text: str, level: int):
    """``doc.add_heading(text, level)`` (see :func:`_paragraph`)."""
    return _paragraph(doc, text, f"Heading {level}")


def _field_char(paragraph, kind: str) -> None:
    fld = OxmlElement("w:fldChar")
    fld.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        fld.set(qn("w:dirty"), "true")  # Word recomputes the field when the document opens
    paragraph.add_run()._r.append(fld)


def _field_start(paragraph, instruction: str) -> None:
    _field_char(paragraph, "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    _field_char(paragraph, "separate")


def _field(paragraph, instruction: str, placeholder: str = "") -> None:
    """A complex field (PAGE, ...) in ``paragraph`` with ``placeholder`` as its result."""
    _field_start(paragraph, instruction)
    paragraph.add_run(placeholder)
    _field_char(paragraph, "end")


def _toc(doc, entries: list[str], hint: str) -> None:
    """A TOC field whose stored result lists the chapters (readable before Word updates it;
    updating replaces it with headings and page numbers)."""
    first = doc.add_paragraph()
    _field_start(first, 'TOC \\o "1-2" \\h \\z \\u')
    first.add_run(hint).font.size = Pt(9)
    last = first
    for entry in entries:
        last = doc.add_paragraph(entry)
    _field_char(last, "end")


def _runs_xml(text: str, props: str) -> str:
    """A run's XML as python-docx's ``add_run(text)`` writes it (tabs and line breaks as
    their elements), with run properties ``props``."""
    if not text:
        return f"<w:r>{props}</w:r>"
    parts = []
    for i, line in enumerate(text.replace("\r", "\n").split("\n")):
        if i:
            parts.append("<w:br/>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                parts.append("<w:tab/>")
            if piece:
                space = ' xml:space="preserve"' if piece != piece.strip() else ""
                parts.append(f"<w:t{space}>{_xml_escape(piece)}</w:t>")
    return f"<w:r>{props}{''.join(parts)}</w:r>"


def _table(doc, block: Block, lang: str) -> None:
    cap = _paragraph(doc, style="Caption")
    cap.add_run(f"{t('doc.table', lang, n=block.number)}  {block.caption}")
    cap.paragraph_format.keep_with_next = True
    rows = block.rows
    width = max(len(r) for r in rows)
    table = doc.add_table(rows=0, cols=width)
    table._tbl.tblStyle_val = _style_ids()["Table Grid"]  # table.style's XML (see _paragraph)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # The rows are written as one XML fragment: python-docx's cell API rebuilds the row's cell
    # list on every access and looks each run's properties up one by one, which made the
    # tables most of the Word export (~10,000 cells in a review). The XML is what that API
    # writes: a cell of the grid's width, a paragraph (right-aligned when numeric), a 9-point
    # run (bold in the header row, which repeats on every page).
    col_w = table._tbl.tblGrid.gridCol_lst[0].w.twips  # python-docx: equal columns
    xml = []
    for i in range(len(rows)):
        cells = []
        for j in range(width):
            text = rows[i][j] if j < len(rows[i]) else ""
            right = i > 0 and _NUMERIC.match(text.replace(" ", ""))
            ppr = '<w:pPr><w:jc w:val="right"/></w:pPr>' if right else ""
            props = '<w:rPr><w:b/><w:sz w:val="18"/></w:rPr>' if i == 0 else _RPR_9PT
            cells.append(
                f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{col_w}"/></w:tcPr>'
                f"<w:p>{ppr}{_runs_xml(text, props)}</w:p></w:tc>"
            )
        head = '<w:trPr><w:tblHeader w:val="true"/></w:trPr>' if i == 0 else ""
        xml.append(f"<w:tr>{head}{''.join(cells)}</w:tr>")
    for tr in parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(xml)}</w:tbl>"):
        table._tbl.append(tr)
    if block.source:
        src = doc.add_paragraph()
        run = src.add_run(block.source)
        run.font.size = Pt(8)


def _figure(doc, block: Block, lang: str) -> None:
    pic = doc.add_paragraph()
    pic.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pic.paragraph_format.keep_with_next = True
    pic.add_run().add_picture(io.BytesIO(block.png), width=_FIGURE_WIDTH)
    cap = _paragraph(doc, style="Caption")
    cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cap.add_run(f"{t('doc.figure', lang, n=block.number)}  {block.caption}")


def _note(doc, block: Block) -> None:
    for i, line in enumerate(block.lines):
        para = doc.add_paragraph()
        run = para.add_run(line)
        if block.strong:
            run.font.color.rgb = _RED
            run.bold = i == 0


def _body(doc, blocks: list[Block], lang: str) -> None:
    for b in blocks:
        if b.kind == "heading":
            _heading(doc, f"{b.caption}  {b.text}", b.level)
        elif b.kind == "para":
            doc.add_paragraph(b.text)
        elif b.kind == "note":
            _note(doc, b)
        elif b.kind == "bullets":
            for line in b.lines:
                _paragraph(doc, line, "List Bullet")
        elif b.kind == "table":
            _table(doc, b, lang)
        elif b.kind == "figure":
            _figure(doc, b, lang)


def _page_setup(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.5)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(footer, "PAGE", "1")


def _deterministic(data: bytes) -> bytes:
    """Rewrite the ZIP container with fixed member timestamps (same inputs, same bytes)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def _provenance_lines(doc, lines: list[tuple[str, str]], lang: str) -> None:
    for key, value in lines:
        para = _paragraph(doc, style="List Bullet" if key else None)
        if key:
            para.add_run(f"{key}：" if lang == "zh" else f"{key}: ").bold = True
        run = para.add_run(value)
        run.font.size = Pt(8.5)


def review_docx(doc_model: ReviewDoc) -> bytes:
    """The review as ``.docx`` bytes (see the module docstring for what it holds)."""
    lang = doc_model.lang
    doc = Document()
    _styles(doc, lang)
    _page_setup(doc)
    props = doc.core_properties
    props.title = doc_model.title
    props.subject = doc_model.subtitle
    props.author = "gxq-analysis"
    props.last_modified_by = "gxq-analysis"
    props.language = "zh-CN" if lang == "zh" else "en-US"
    props.created = props.modified = props.last_printed = _FIXED_DATE
    props.revision = 1
    props.comments = ""

    _paragraph(doc, doc_model.title, "Title")
    sub = doc.add_paragraph(doc_model.subtitle)
    sub.runs[0].font.size = Pt(14)
    if doc_model.synthetic:
        warn = doc.add_paragraph().add_run(t("doc.synthetic_cover", lang))
        warn.bold = True
        warn.font.color.rgb = _RED
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    toc_title = doc.add_paragraph(t("doc.toc", lang))
    toc_title.runs[0].bold = True
    toc_title.runs[0].font.size = Pt(16)
    entries = [f"{i}  {ch.title}" for i, ch in enumerate(doc_model.chapters, start=1)]
    _toc(doc, entries, t("doc.toc_hint", lang))

    for i, ch in enumerate(doc_model.chapters, start=1):
        doc.add_section(WD_SECTION.NEW_PAGE)
        _heading(doc, f"{i}  {ch.title}", 1)
        _body(doc, ch.blocks, lang)

    doc.add_section(WD_SECTION.NEW_PAGE)
    _heading(doc, t("doc.appendix", lang), 1)
    doc.add_paragraph(t("doc.appendix_intro", lang))
    _heading(doc, t("doc.appendix_common", lang), 2)
    _provenance_lines(doc, doc_model.common_provenance, lang)
    own = [(i, ch) for i, ch in enumerate(doc_model.chapters, start=1) if ch.provenance]
    if own:
        _heading(doc, t("doc.appendix_own", lang), 2)
    for i, ch in own:
        _heading(doc, f"{i}  {ch.title}", 3)
        _provenance_lines(doc, ch.provenance, lang)
    buf = io.BytesIO()
    doc.save(buf)
    return _deterministic(buf.getvalue())
