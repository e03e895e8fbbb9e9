"""``--pdf``: chapters printed by headless Chromium, Chinese text intact."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from buildkit import CHAPTERS
from tiers import require

from gxq_analysis.publish import export
from gxq_analysis.publish.runner import build

pytestmark = pytest.mark.notebooks


@pytest.fixture(scope="module")
def pdf_build(tmp_path_factory):
    require(
        export.find_chromium() is not None, "chromium is not installed (apt-get install chromium)"
    )
    out = tmp_path_factory.mktemp("pdf") / "reports"
    report = build(
        review="midterm",
        lang="zh",
        chapters=["overview"],
        pdf=True,
        output=out,
        notebooks_dir=CHAPTERS,
        jobs=1,
        quiet=True,
    )
    return out / "midterm" / "zh", report


def test_pdf_is_written_and_recorded(pdf_build):
    d, report = pdf_build
    assert report.exit_code == 0
    pdf = (d / "overview.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
    outputs = json.loads((d / "manifest.json").read_text())["chapters"]["overview"]["outputs"]
    assert "overview.pdf" in outputs


def test_pdf_keeps_chinese_text(pdf_build):
    require(shutil.which("pdftotext") is not None, "pdftotext is not installed (poppler-utils)")
    d, _ = pdf_build
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(d / "overview.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "辽宁省高新区概况 midterm" in text
    assert "import pandas" not in text  # no code in the printed chapter
    # every font is embedded (Chromium embeds the page's @font-face font as unnamed Type 3)
    require(shutil.which("pdffonts") is not None, "pdffonts is not installed (poppler-utils)")
    listing = subprocess.run(
        ["pdffonts", str(d / "overview.pdf")], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert listing and all(" yes " in line for line in listing), listing


def test_print_html_loads_the_packaged_font():
    from gxq_analysis.report.fonts import cjk_font_path

    page = export.with_packaged_font(b"<html><head><title>t</title></head><body>x</body></html>")
    assert cjk_font_path().as_uri().encode() in page
    assert page.index(b"@font-face") < page.index(b"</head>")
    assert export.with_packaged_font(b"<p>no head</p>").endswith(b"<p>no head</p>")


def test_pdf_of_an_up_to_date_chapter_is_printed_without_running_it(pdf_build):
    d, _ = pdf_build
    out = d.parent.parent
    (d / "overview.pdf").unlink()
    manifest = json.loads((d / "manifest.json").read_text())
    del manifest["chapters"]["overview"]["outputs"]["overview.pdf"]
    (d / "manifest.json").write_text(json.dumps(manifest))
    common = {"review": "midterm", "lang": "zh", "chapters": ["overview"], "output": out}
    plan = build(**common, notebooks_dir=CHAPTERS, pdf=True, dry_run=True, quiet=True)
    assert plan.to_run == [] and [j.stem for j in plan.to_print] == ["overview"]
    report = build(**common, notebooks_dir=CHAPTERS, pdf=True, quiet=True)
    assert report.ran == [] and (d / "overview.pdf").read_bytes().startswith(b"%PDF-")
    again = build(**common, notebooks_dir=CHAPTERS, pdf=True, dry_run=True, quiet=True)
    assert again.to_run == [] and again.to_print == []


def test_pdf_without_chromium_is_an_option_error(tmp_path, monkeypatch):
    monkeypatch.setattr(export, "find_chromium", lambda explicit=None: None)
    from gxq_analysis.errors import OptionError

    with pytest.raises(OptionError, match="needs Chromium"):
        build(review="midterm", lang="zh", pdf=True, output=tmp_path, notebooks_dir=CHAPTERS)
