"""A final review built from an evaluator's own workbook, read as the evaluator reads it (issue
23): the 8 national zones, one sheet per year 2015–2020, title, unit line, 合计 row, 注 and
资料来源 lines, five indicators, written by hand (tests/evaluator_books.py).

The build runs through the command line, once per language, with four zone profiles asked for
and one zone the data do not hold (Fushun). The review is read back from ``review.docx`` with
python-docx, the chapters from their HTML pages.

Expected until h-policy's branch is merged: the policy chapter may fail on these data (one year
before 2016; the current chapter needs two for synthetic control). Every other chapter must
build, and the failed one must appear in the review with its reason. Once the policy chapter
gives the 2×2 DiD on one pre-treatment year, ``test_findings_cite_only_chapters_that_exist``
passes instead of being marked an expected failure.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import docx
import pytest
from evaluator_books import share, write_workbook
from identifiers import text_violations

from gxq_analysis.report.strings import t

pytestmark = pytest.mark.notebooks

ZONES = ["shenyang", "dalian", "jinzhou", "benxi", "fushun"]
DATA = "liaoning_national_2015_2020.xlsx"
CJK = re.compile(r"[\u4e00-\u9fff]")
#: Table headers of columns holding a value of the row's indicator.
VALUES = {
    t(f"col.{c}", lang)
    for c in ("baseline", "value", "baseline_panel", "baseline_plan", "data_value")
    for lang in ("zh", "en")
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("evaluator")
    data = write_workbook(root / DATA)
    out = root / "reports"
    runs = {}
    command = [sys.executable, "-m", "gxq_analysis.cli", "build", "--data", str(data)]
    for lang in ("zh", "en"):
        options = ["--review", "final", "--lang", lang, "--output", str(out)]
        runs[lang] = subprocess.run(
            [*command, *options, "--zones", *ZONES],
            capture_output=True,
            text=True,
            timeout=3600,
        )
    return out, runs


def _manifest(out, lang):
    return json.loads((out / "final" / lang / "manifest.json").read_text(encoding="utf-8"))


def _policy_failed(out, lang):
    return _manifest(out, lang)["chapters"]["policy"]["status"] != "ok"


def _doc(out, lang):
    """(heading 1 titles, body paragraphs before the appendix, tables, appendix paragraphs)."""
    d = docx.Document(str(out / "final" / lang / "review.docx"))
    appendix = t("doc.appendix", lang)
    h1, body, tail, where = [], [], [], "title"
    for p in d.paragraphs:
        if p.style.name == "Heading 1":
            h1.append(p.text)
            where = "appendix" if p.text == appendix else "body"
        (tail if where == "appendix" else body).append(p)
    return h1, body, d.tables, tail


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_chapter_but_possibly_policy_builds(built, lang):
    out, runs = built
    chapters = _manifest(out, lang)["chapters"]
    failed = sorted(s for s, e in chapters.items() if e["status"] != "ok")
    # EXPECTED until h-policy's branch is merged: only the policy chapter may fail
    assert failed in ([], ["policy"]), failed
    assert runs[lang].returncode == (1 if failed else 0), runs[lang].stderr


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_profiles_only_for_zones_with_data(built, lang):
    out, runs = built
    stems = set(_manifest(out, lang)["chapters"])
    assert {f"zone-{z}" for z in ZONES[:-1]} <= stems and "zone-fushun" not in stems
    assert not (out / "final" / lang / "zone-fushun.html").exists()
    said = "抚顺高新区" if lang == "zh" else "Fushun Hi-tech Zone"
    assert said in runs[lang].stdout  # the build says which profile it leaves out, and why
    # the overview lists the zones absent from the data, once
    h1, body, _, _ = _doc(out, lang)
    text = "\n".join(p.text for p in body)
    absent = t("support.zones_absent", lang, n=7, zones="§").split("§")[0]
    assert text.count(absent) == 1
    assert not any("抚顺" in h or "Fushun" in h for h in h1)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_silent_hole(built, lang):
    out, _ = built
    h1, body, _, _ = _doc(out, lang)
    titles = [re.sub(r"^\d+\s+", "", h) for h in h1[:-1]]
    assert t("chapter.policy", lang).replace("的", "") in [x.replace("的", "") for x in titles]
    if _policy_failed(out, lang):
        text = "\n".join(p.text for p in body)
        assert t("doc.failed", lang) in text
        # why, and what data would make it possible
        assert ("2014年" in text) if lang == "zh" else ("data for 2014" in text)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_findings_cite_only_chapters_that_exist(built, lang):
    out, _ = built
    if _policy_failed(out, lang):
        pytest.fail("the policy chapter must build on one pre-treatment year (issue 19 item 4)")
    _, _, tables, _ = _doc(out, lang)
    built_titles = {e["title"] for e in _manifest(out, lang)["chapters"].values()}
    sources = {t(f"source.{s}", lang) for s in ("did", "input_output", "benchmark_progress")}
    for table in tables:
        header = [c.text for c in table.rows[0].cells]
        if t("col.source", lang) in header:
            col = header.index(t("col.source", lang))
            for row in table.rows[1:]:
                cited = row.cells[col].text
                assert cited.split("（")[0].split(" (")[0] in built_titles | sources


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_baseline_finding_quotes_the_data_and_the_plan(built, lang):
    out, _ = built
    _, _, tables, _ = _doc(out, lang)
    rows = [" | ".join(c.text for c in r.cells) for tb in tables for r in tb.rows]
    shenyang = "沈阳高新区出口额占营业收入比例2020年" if lang == "zh" else "Shenyang"
    export = "出口额占营业收入比例" if lang == "zh" else "export"
    finding = next(r for r in rows if shenyang in r and export in r.lower() and "12.8%" in r)
    data_2015 = share("shenyang", "exports", "revenue", 2015)
    data_2020 = share("shenyang", "exports", "revenue", 2020)
    closed = 1 - (12.8 - data_2020) / (12.8 - data_2015)  # from the data's baseline: ~3%
    assert f"{data_2015:.1f}%" in finding and "7.2%" in finding  # the data's, the plan's beside
    assert f"{100 * closed:.0f}%" in finding and "27%" not in finding
    # noise is not a trend: Jinzhou's export share is 11.3% in 2015 and in 2020
    jinzhou = next(
        r
        for r in rows
        if ("锦州高新区出口额" in r and "基准" in r)
        or ("Jinzhou" in r and "export" in r and "benchmark" in r)
    )
    assert ("基本未变" in jinzhou) if lang == "zh" else ("unchanged" in jinzhou)
    assert "扩大" not in jinzhou and "widened" not in jinzhou


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_text_reads_right(built, lang):
    out, _ = built
    _, body, tables, _ = _doc(out, lang)
    text = "\n".join(p.text for p in body)
    cells = [[c.text for c in r.cells] for tb in tables for r in tb.rows]
    everything = text + "\n" + "\n".join(" | ".join(r) for r in cells)
    assert not re.search(r"\b2,0[12]\d\b", everything)  # no year as a number
    assert "—亿元" not in everything and "n/a 100 million" not in everything
    assert "仅0个" not in everything and "only 0" not in everything
    for table in tables:  # counts without decimals, in every table's value columns
        rows = [[c.text for c in r.cells] for r in table.rows]
        values = [i for i, h in enumerate(rows[0]) if re.fullmatch(r"20\d\d", h) or h in VALUES]
        for row in rows[1:]:
            if any(u in " ".join(row[:3]) for u in ("（个）", "（件）", "（人）", "(number)")):
                assert not any("." in row[i] for i in values), row
    # source lines name the real source: the registry and the plan for the first two tables
    sources = [p.text for p in body if p.text.startswith(t("doc.source", lang, source=""))]
    assert "data/zones.csv" in sources[0] and "data/plan_facts.csv" in sources[1]
    assert DATA not in sources[0]
    # one voice: no code, no other-language prose (the provenance appendix aside)
    items = [("body", "text", p.text) for p in body]
    items += [("table", "cell", c) for row in cells for c in row]
    assert text_violations(items, lang) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_provenance_states_what_is_common_once(built, lang):
    out, _ = built
    _, _, _, appendix = _doc(out, lang)
    label = t("prov.data_file", lang)
    data_lines = [p.text for p in appendix if p.text.startswith(label) and DATA in p.text]
    assert len(data_lines) == 1  # the data file, once, among what the chapters share
    zone_lines = [p.text for p in appendix if "zone = " in p.text]
    assert len(zone_lines) == 4  # each profile adds its zone, nothing else repeated


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_figures_are_described_in_the_chapters_language(built, lang):
    out, _ = built
    for page in (out / "final" / lang).glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "No description has been provided" not in html, page.name
        for alt in re.findall(r'<img[^>]* alt="([^"]*)"', html):
            assert alt and bool(CJK.search(alt)) == (lang == "zh"), (page.name, alt)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_command_speaks_the_readers_language_and_logs_beside_the_reports(built, lang):
    out, runs = built
    run = runs[lang]
    # no raw Python warning (a source line of cli.py, a DataWarning) on stderr
    assert not re.search(r"Warning\b|\.py:\d+|Traceback", run.stderr), run.stderr
    lines = [x for x in (run.stdout + run.stderr).splitlines() if x.strip()]
    if lang == "zh":
        assert all(CJK.search(x) for x in lines), lines
    # the chapters' log is in --output, where the chapters say it is
    log = (out / "build.log").read_text(encoding="utf-8")
    assert "gxq_analysis.report.messages" in log  # written by the chapters' kernels
    assert DATA in log  # the loader's notes, written once by the build
