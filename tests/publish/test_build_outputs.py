"""A build of the fixture chapters: layout, determinism, warm == fresh kernels, papermill by
hand, offline HTML with code hidden."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path

import nbformat
import pytest
from buildkit import CHAPTERS, outputs, papermill_by_hand
from tiers import require

from gxq_analysis.publish import cache, execute, export

STEMS = ["overview", "zone-shenyang", "zone-dalian", "context"]


def test_layout_and_manifest(warm_build):
    out, report = warm_build
    assert report.exit_code == 0 and not report.failures
    assert len(report.ran) == 8 and not report.up_to_date
    for lang in ("zh", "en"):
        d = out / "midterm" / lang
        names = sorted(p.name for p in d.iterdir())
        expected = {f"{s}{x}" for s in STEMS for x in (".ipynb", ".html")}
        documents = {"review.html", "review.docx"}  # the whole review, beside the chapters
        assert set(names) == expected | {"index.html", "manifest.json"} | documents  # no .tmp
        raw = (d / "manifest.json").read_text()
        manifest = json.loads(raw)
        assert raw == json.dumps(manifest, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
        assert sorted(manifest["chapters"]) == sorted(STEMS)
        entry = manifest["chapters"]["zone-dalian"]
        assert entry["parameters"] == {"review": "midterm", "lang": lang, "zone": "dalian"}
        assert entry["status"] == "ok" and entry["duration_s"] > 0
        assert set(entry["inputs"]) >= {
            "notebook_sha256",
            "data_sha256",
            "package_version",
            "library_sha256",
        }
        sha = entry["outputs"]["zone-dalian.html"]["sha256"]
        assert sha == cache.sha256_file(d / "zone-dalian.html")


def test_index_links_chapters_in_order_with_titles(warm_build):
    out, _ = warm_build
    zh = (out / "midterm" / "zh" / "index.html").read_text()
    en = (out / "midterm" / "en" / "index.html").read_text()
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', zh)
    assert links == [
        ("overview.html", "概况"),
        ("zone-shenyang.html", "园区概况：沈阳高新区"),
        ("zone-dalian.html", "园区概况：大连高新区"),
        ("context.html", "全国背景"),
    ]
    assert '<html lang="zh">' in zh and "中期评估" in zh
    assert ("zone-dalian.html", "Zone profile: Dalian Hi-tech Zone") in re.findall(
        r'<a href="([^"]+)">([^<]+)</a>', en
    )


def test_index_says_when_chapters_use_the_synthetic_demo(warm_build):
    out, _ = warm_build
    zh = (out / "midterm" / "zh" / "index.html").read_text()
    en = (out / "midterm" / "en" / "index.html").read_text()
    assert '<p class="synthetic">合成（模拟）数据' in zh
    assert '<p class="synthetic">SYNTHETIC DATA' in en


def test_index_of_a_build_from_user_data_has_no_synthetic_note():
    from gxq_analysis.publish.export import index_html

    rows = [
        {
            "stem": "overview",
            "title": "Overview",
            "group": None,
            "href": "overview.html",
            "failed": False,
        }
    ]
    page = index_html(rows, review="final", lang="en", version="0").decode()
    assert "SYNTHETIC" not in page


def test_stored_notebooks_have_no_timing_and_no_absolute_paths(warm_build):
    out, _ = warm_build
    for path in (out / "midterm").rglob("*.ipynb"):
        text = path.read_text()
        for volatile in ("start_time", "end_time", '"duration"', "iopub.", "/ipykernel_"):
            assert volatile not in text, (path.name, volatile)
        for prefix in (str(out), str(CHAPTERS), sys.prefix, str(Path.home()), "/tmp/"):
            assert prefix not in text, (path.name, prefix)
        nb = json.loads(text)
        assert nb["metadata"]["papermill"]["input_path"] in {
            "overview.ipynb",
            "zone.ipynb",
            "context.ipynb",
        }
        assert nb["metadata"]["papermill"]["output_path"] == path.name


def test_warm_kernel_chapters_equal_fresh_kernel_chapters(warm_build, fresh_build):
    """Two builds from scratch: one kernel reused for all 8 chapters (namespace reset in
    between) against a new kernel per chapter on two workers.  Same bytes."""
    warm_out, warm = warm_build
    fresh_out, fresh = fresh_build
    assert fresh.exit_code == 0
    kinds = sorted(r.kernel for _, r in warm.ran)
    assert kinds == sorted(f"warm:{i}" for i in range(1, 9))  # one kernel ran all eight
    assert {r.kernel for _, r in fresh.ran} == {"fresh"}
    a, b = outputs(warm_out), outputs(fresh_out)
    # 8 + 8 chapter pages and notebooks, 2 index pages, 2 review pages; fresh: Chinese only
    assert len(a) == 20 and len(b) == 10 and set(b) <= set(a)
    # the zone chapters ran 2nd, 3rd, 6th and 7th in the warm kernel, after other chapters
    different = [name for name in b if a[name] != b[name]]
    assert different == []


def test_reset_really_isolates_chapters(warm_build):
    """What the zone fixture sees after the overview fixture left state behind."""
    out, _ = warm_build
    nb = json.loads((out / "midterm" / "en" / "zone-shenyang.ipynb").read_text())
    printed = "".join(nb["cells"][4]["outputs"][0]["text"])
    assert "leaked: False" in printed
    assert "linewidth: 1.5" in printed  # rcParams back to matplotlib's default
    assert "precision: 6" in printed  # pandas option back to its default
    warning = "".join(nb["cells"][5]["outputs"][0]["text"])  # filters restored
    assert "UserWarning: fixture warning for shenyang" in warning
    counts = [c.get("execution_count") for c in nb["cells"] if c["cell_type"] == "code"]
    assert counts == list(range(1, len(counts) + 1))  # the counter starts at 1 again
    assert nb["cells"][7]["outputs"][0]["data"]["text/plain"] == ["(1, 1)"]  # In/Out fresh
    context = json.loads((out / "midterm" / "zh" / "context.ipynb").read_text())
    # the context fixture mutates a cached frame; the cache is cleared between chapters
    assert "".join(context["cells"][4]["outputs"][0]["text"]) == (
        "columns: 6\n15 seen national: 8\n"
    )


def test_papermill_by_hand_gives_the_built_chapter(warm_build, tmp_path):
    out, _ = warm_build
    built = (out / "midterm" / "zh" / "overview.ipynb").read_bytes()
    assert papermill_by_hand(CHAPTERS / "overview.ipynb", tmp_path, "overview.ipynb") == built


def _resource_refs(html: str) -> list[str]:
    """URLs a browser would fetch: src=, <link href=>, CSS url(), @import."""
    refs = re.findall(r"""\bsrc\s*=\s*["']([^"']+)""", html, flags=re.I)
    refs += re.findall(r"""<link\b[^>]*\bhref\s*=\s*["']([^"']+)""", html, flags=re.I)
    refs += re.findall(r"""url\(\s*["']?([^"')]+)""", html, flags=re.I)
    refs += re.findall(r"""@import\s+["']([^"']+)""", html, flags=re.I)
    return refs


def test_html_is_self_contained_and_hides_code(warm_build):
    out, _ = warm_build
    pages = sorted((out / "midterm").rglob("*.html"))
    assert len(pages) == 12  # 8 chapters, 2 index pages, 2 whole-review pages
    for page in pages:
        html = page.read_text()
        refs = _resource_refs(html)
        assert [r for r in refs if not r.startswith(("data:", "#"))] == [], page.name
        assert not re.search(r"<script[^>]+src=", html, flags=re.I)
        assert "cdnjs" not in html and "unpkg" not in html
        for code in ("import pandas", "plt.subplots", "assert review in", "load_zones()"):
            assert code not in html, (page.name, code)
    overview = (out / "midterm" / "zh" / "overview.html").read_text()
    assert "辽宁省高新区概况 midterm" in overview
    assert overview.count('src="data:image/png;base64,') == 1  # the figure, inline
    assert "<title>概况</title>" in overview and '<html lang="zh">' in overview
    zone = (out / "midterm" / "en" / "zone-dalian.html").read_text()
    assert "cell-id=zone-7" not in zone  # the cell tagged remove-cell
    assert "leaked: False" in zone


def test_html_export_is_deterministic_for_javascript_outputs():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x", id="c1")
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={"application/javascript": "1"}),
        nbformat.v4.new_output("display_data", data={"application/javascript": "2"}),
    ]
    nb.cells = [cell]
    first = export.to_html(nb, title="t", lang="en")
    assert first == export.to_html(nb, title="t", lang="en")
    assert b"00000000-0000-0000-0000-000000000002" in first


@pytest.mark.notebooks
def test_chapter_opens_offline_in_headless_chromium(warm_build):
    require(
        export.find_chromium() is not None, "chromium is not installed (apt-get install chromium)"
    )
    from chromium_cdp import open_page

    out, _ = warm_build
    page = out / "midterm" / "zh" / "overview.html"
    load = open_page(page)
    assert load.loaded
    assert load.failed == [] and load.console_errors == []
    assert [u for u in load.requests if not u.startswith(("file:", "data:"))] == []
    assert load.requests[0] == page.as_uri()
    assert "辽宁省高新区概况 midterm" in load.text
    assert "zone\tvalue" in load.text  # the table
    assert "import pandas" not in load.text


@pytest.mark.notebooks
def test_offline_check_catches_remote_and_missing_resources(tmp_path):
    """The Chromium check itself: a page with CDN scripts and a missing image fails it."""
    require(
        export.find_chromium() is not None, "chromium is not installed (apt-get install chromium)"
    )
    from chromium_cdp import open_page

    page = tmp_path / "bad.html"
    page.write_text(
        '<html><head><script src="https://cdnjs.cloudflare.com/x.js"></script></head>'
        '<body><p>text</p><img src="missing.png"></body></html>'
    )
    load = open_page(page)
    assert "https://cdnjs.cloudflare.com/x.js" in load.requests
    assert len(load.failed) == 2


def _job(tmp_path, key: str, code: str, *, parameters=None, env=None) -> execute.JobSpec:
    """A one-cell chapter (after a parameters cell ``x = 1``) running ``code``."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [
        nbformat.v4.new_code_cell("x = 1", id="p", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(code, id="c"),
    ]
    return execute.JobSpec(
        key=f"t/t/{key}",
        stem=key,
        notebook_name=f"{key}.ipynb",
        notebook_text=nbformat.writes(nb),
        parameters=parameters or {},
        cwd=str(tmp_path),
        title=key,
        lang="en",
        timeout=120,
        env=env or {},
    )


def test_kernels_run_the_builds_python(tmp_path, no_warm_kernels_left):
    spec = _job(
        tmp_path,
        "t",
        f"import sys\nprint(sys.executable == {sys.executable!r}, sys.prefix == {sys.prefix!r})",
        parameters={"x": 2},
        env={"GXQ_LOG_FILE": str(tmp_path / "build.log")},
    )
    os.environ.pop("GXQ_LOG_FILE", None)
    result = execute.run_job(spec)
    assert result.ok, result.error
    # the chapter's variables reach its kernel only: a later build started from this process
    # must not inherit this one's log file
    assert "GXQ_LOG_FILE" not in os.environ
    printed = json.loads(result.notebook)["cells"][2]["outputs"][0]["text"]
    assert printed == ["True True\n"]  # the venv's interpreter, not another python3


def test_reset_collects_a_chapters_garbage_before_freezing(tmp_path, no_warm_kernels_left):
    """The reset hides the objects alive after it from the garbage collector (gc.freeze, so
    that collections walk only what a chapter makes); what a chapter left behind, here a
    reference cycle only its namespace held, must be collected first, never frozen."""
    first = _job(
        tmp_path,
        "a",
        "import gc, sys, types, weakref\n"
        "class Cycle: pass\n"
        "c = Cycle(); c.me = c\n"
        "probe = sys.modules.setdefault('gxq_probe', types.ModuleType('gxq_probe'))\n"
        "probe.ref = weakref.ref(c)\n"
        "print(probe.ref() is not None)",
    )
    second = _job(
        tmp_path,
        "b",
        "import gc, sys\nprint(sys.modules['gxq_probe'].ref() is None, gc.get_freeze_count() > 0)",
    )
    results = [execute.run_job(first), execute.run_job(second)]
    assert all(r.ok for r in results), [r.error for r in results]
    assert [r.kernel for r in results] == ["warm:1", "warm:2"]  # one kernel, reset between
    printed = [
        next(c for c in json.loads(r.notebook)["cells"] if c["id"] == "c")["outputs"][0]["text"]
        for r in results
    ]
    assert printed == [["True\n"], ["True True\n"]]


def test_no_kernel_or_worker_outlives_the_build(warm_build, fresh_build):
    psutil = pytest.importorskip("psutil")
    children = psutil.Process().children(recursive=True)
    kernels = [p for p in children if "ipykernel" in " ".join(p.cmdline())]
    assert kernels == []


def test_papermill_cli_is_on_path_next_to_python():
    assert shutil.which("papermill", path=str(Path(sys.executable).parent))
