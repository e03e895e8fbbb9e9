"""The chapter HTML export without nbconvert's BeautifulSoup pass: the same page as nbconvert's.

``export.to_html`` renders nbconvert's template itself and makes the two edits nbconvert's
``HTMLExporter`` makes afterwards (alt text for images without one, focusable input wrappers and
outputs) on the template's start tags instead of parsing and re-serializing the page. The
reference is nbconvert's own ``HTMLExporter.from_notebook_node`` on the same exporter; the
convention of the comparison: both pages through BeautifulSoup's ``html.parser`` and serialized
(nbconvert serializes its page so), then equal as strings. The real chapters, every kind in both
languages, are compared in tests/publish/test_build_chapters.py.
"""

from __future__ import annotations

import copy
import re

import nbformat
import pytest
from buildkit import nbconvert_page, same_page

from gxq_analysis.publish import export


def _notebook(*cells):
    nb = nbformat.v4.new_notebook()
    nb.metadata["language_info"] = {"name": "python", "pygments_lexer": "ipython3"}
    nb.cells = list(cells)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"c{i}"
    return nb


PNG = (  # a 1x1 image
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
    "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def _awkward_notebook():
    """Outputs and markdown whose tags a naive edit would get wrong."""
    code = nbformat.v4.new_code_cell("x = 1")
    code.outputs = [
        nbformat.v4.new_output("display_data", data={"image/png": PNG}),  # no alt: placeholder
        nbformat.v4.new_output(
            "display_data",
            data={"image/png": PNG},
            metadata={"image/png": {"alt": "图 1：营业收入"}},
        ),
        nbformat.v4.new_output(
            "display_data",
            data={
                "text/html": (
                    "<div class='jp-OutputArea-output extra' data-x=\"a>b\">quoted</div>"
                    '<img src="x.png" ALT="">'
                    '<div class="jp-OutputArea-outputs">not the class</div>'
                    '<div class="jp-OutputArea-output" tabindex="-1">has one</div>'
                    "<style>div.jp-OutputArea-output > p {}</style>"
                    '<!-- <div class="jp-OutputArea-output"> -->'
                    "<table><tr><td>1 &lt; 2 &amp; 3</td></tr></table>"
                ),
                "text/plain": "<table>",
            },
        ),
        nbformat.v4.new_output("stream", name="stdout", text='<div class="jp-Cell-inputWrapper">'),
    ]
    markdown = nbformat.v4.new_markdown_cell(
        '## 标题\n\n<div class="jp-Cell-inputWrapper">raw</div>\n\n<img src="y.png"/>\n'
    )
    return _notebook(markdown, code)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_export_is_nbconvert_page_on_awkward_outputs(lang):
    nb = _awkward_notebook()
    before = copy.deepcopy(nb)
    ours = export.to_html(nb, title="标题", lang=lang)
    assert nb == before  # the notebook is not changed by its export
    assert same_page(ours, nbconvert_page(nb, title="标题", lang=lang))
    text = ours.decode("utf-8")
    # the edits were made, not merely tolerated by the comparison
    assert text.count(f'alt="{export.NO_ALT_TEXT}"') == 2  # the bare figure, the markdown image
    assert 'alt="图 1：营业收入"' in text
    assert '<!-- <div class="jp-OutputArea-output"> -->' in text  # comments are left alone
    assert "div.jp-OutputArea-output > p {}" in text  # and styles


def test_export_edits_only_the_named_tags():
    nb = _notebook(nbformat.v4.new_markdown_cell("plain text"))
    text = export.to_html(nb, title="t", lang="en").decode("utf-8")
    focusable = re.findall(r"<div[^>]*\bjp-(?:Cell-inputWrapper|OutputArea-output)\b[^>]*>", text)
    assert focusable and all('tabindex="0"' in tag for tag in focusable)
    others = re.findall(r"<div[^>]*>", text)
    assert all('tabindex="0"' not in tag for tag in others if tag not in focusable)


def test_fixture_chapters_export_as_nbconvert_does(warm_build):
    out, _ = warm_build
    pages = sorted((out / "midterm").glob("*/*.ipynb"))
    assert len(pages) == 8
    for path in pages:
        nb = nbformat.read(path, as_version=4)
        lang = path.parent.name
        ours = export.to_html(nb, title=path.stem, lang=lang)
        assert same_page(ours, nbconvert_page(nb, title=path.stem, lang=lang)), path.name
