"""From an evaluator's folder of tables to a complete final review (issue 19, end to end).

Six tables in six layouts, written by hand (tests/evaluator_folder.py), are assembled into one
panel equal to the truth table, then ``gxq build --data <folder>`` builds the final review in
both languages: every chapter present and built, the canonical panel and the place of every
value written beside the chapters, the tables read once for the whole build.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys

import docx
import pandas as pd
import pytest
from evaluator_folder import ZONES, truth, write_folder

from gxq_analysis import load_panel, read_sources
from gxq_analysis.publish.registry import chapters
from gxq_analysis.report.strings import t

pytestmark = pytest.mark.notebooks


def test_the_folder_reads_as_the_truth_table(tmp_path):
    src = read_sources(write_folder(tmp_path / "tables"))
    got = {
        (z, y, c): v
        for (z, y), row in src.panel.iterrows()
        for c, v in row.items()
        if not math.isnan(v)
    }
    want = truth()
    assert got.keys() == want.keys()
    assert all(math.isclose(got[k], want[k], rel_tol=1e-12) for k in want)
    # six files, each in its own layout
    layouts = {r["file"].rsplit("/", 1)[-1]: r["layout"] for r in src.readings}
    assert layouts == {
        "blocks_2013_2017.xlsx": "zone_blocks",
        "city_pages.xlsx": "per_zone",
        "long_hitech.xlsx": "long",
        "patents.xlsx": "per_indicator",
        "quick_2018_2020.csv": "transposed",
        "torch_2013_2017.xlsx": "per_year",
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("folder")
    data = write_folder(root / "tables")
    out = root / "reports"
    run = subprocess.run(
        [sys.executable, "-m", "gxq_analysis.cli", "build", "--data", str(data),
         "--review", "final", "--lang", "all", "--output", str(out)],
        capture_output=True, text=True, timeout=3600,
    )  # fmt: skip
    return data, out, run


def test_every_chapter_of_the_final_review_is_built_in_both_languages(built):
    _, out, run = built
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    ids = [ch.id for ch in chapters() if not ch.per_zone]
    for lang in ("zh", "en"):
        manifest = json.loads((out / "final" / lang / "manifest.json").read_text("utf-8"))
        status = {k: v["status"] for k, v in manifest["chapters"].items()}
        expected = set(ids) | {f"zone-{z}" for z in ZONES}
        assert set(status) == expected and set(status.values()) == {"ok"}, status
        # the review document holds every chapter, in the chapter's language
        d = docx.Document(str(out / "final" / lang / "review.docx"))
        headings = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
        for cid in ids:
            assert any(t(f"chapter.{cid}", lang) in h for h in headings), (lang, cid, headings)


def test_the_build_writes_the_panel_it_used_with_every_values_place(built):
    data, out, _ = built
    panel = load_panel(out / "data" / "panel.csv")
    pd.testing.assert_frame_equal(panel, read_sources(data).panel)
    prov = pd.read_csv(out / "data" / "provenance.csv", keep_default_na=False)
    row = prov[(prov.zone == "anshan") & (prov.year == 2019) & (prov.indicator == "employees")]
    assert row[["file", "sheet", "cell"]].iloc[0].tolist()[1:] == [
        "",
        "C11",
    ]  # 2019 table: rows 7-11
    assert row["file"].iloc[0].endswith("quick_2018_2020.csv")
    meta = json.loads((out / "data" / "sources.json").read_text("utf-8"))
    assert meta["inputs"] == "folder" and len(meta["files"]) == 6
    assert meta["panel"]["rows"] == len(panel)


def test_the_tables_are_read_once_for_the_whole_build(built):
    _, out, _ = built
    # one reading in the load store, shared by the chapters of both languages
    entries = list((out / ".cache" / "loads").glob("*.pkl"))
    assert len(entries) == 1
    log = (out / "build.log").read_text(encoding="utf-8")
    hits = log.count("load store hit")
    # every chapter that reads the zone data (all but the province chapter), both languages
    per_language = len([c for c in chapters() if not c.per_zone and c.id != "province"]) + len(
        ZONES
    )
    assert hits >= 2 * per_language, log[-2000:]
