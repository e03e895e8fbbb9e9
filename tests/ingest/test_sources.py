"""A folder or a manifest of tables assembled into one panel (issue 19).

Every table is written by hand (tests/ingest/handmade.py) in a different layout; the expected
panel is written out below as a truth table.
"""

from __future__ import annotations

import math
import pickle

import pandas as pd
import pytest
from handmade import csv_file, quiet, xlsx

from gxq_analysis import DataError, load_panel, read_sources
from gxq_analysis.cli import main
from gxq_analysis.ingest.sources import store
from gxq_analysis.ingest.sources.export import PANEL_CSV, write_sources


def folder_of_tables(d):
    """Five tables an evaluator compiled from different yearbooks, each in its own layout."""
    d.mkdir(exist_ok=True)
    # Torch yearbook style: one sheet per year, title, unit line, 合计, notes
    xlsx(d / "torch_2015_2016.xlsx", {
        "2015": [
            ["表3-12 2015年辽宁省国家级高新区主要经济指标"],
            [None, None, "单位：万元"],
            ["地　区", "营业收入", "出口总额"],
            ["沈　阳", 15000000, 1200000],
            ["大　连", 20000000, 3000000],
            ["注：出口为海关口径。"],
        ],
        "2016": [
            ["表3-12 2016年辽宁省国家级高新区主要经济指标"],
            [None, None, "单位：万元"],
            ["地　区", "营业收入", "出口总额"],
            ["沈　阳", 16000000, 1300000],
            ["大　连", 21000000, 3100000],
        ],
    })  # fmt: skip
    # city yearbook page: one zone, indicators × years, unit column
    xlsx(d / "city_anshan.xlsx", {
        "鞍山": [
            ["鞍山高新区主要指标"],
            ["指标", "计量单位", "2015年", "2016年"],
            ["营业收入", "亿元", 400, 420],
            ["从业人员", "万人", 5, 5.5],
        ],
    })  # fmt: skip
    # the S&T department's quick report: indicators × zones for one year, GBK CSV
    csv_file(d / "quick_2016.csv", [
        ["2016年高新区快报"],
        ["指标", "单位", "沈阳", "大连"],
        ["从业人员", "人", 180000, 230000],
        ["专利授权数", "件", 3000, 4000],
    ], encoding="gb18030")  # fmt: skip
    # a per-indicator sheet with zones × years (exports agree with the Torch table, in 亿元)
    xlsx(d / "exports.xlsx", {
        "出口总额（亿元）": [
            ["高新区", "2015年", "2016年"],
            ["沈阳", 120, 130],
            ["大连", 300, 310],
        ],
    })  # fmt: skip
    # Excel's lock file and a hidden file are skipped; a note is not a table
    (d / "~$torch_2015_2016.xlsx").write_bytes(b"lock")
    (d / ".hidden.csv").write_text("x", encoding="utf-8")
    (d / "说明.txt").write_text("编制说明", encoding="utf-8")
    return d


TRUTH = {
    ("shenyang", 2015, "revenue"): 1500,
    ("shenyang", 2016, "revenue"): 1600,
    ("dalian", 2015, "revenue"): 2000,
    ("dalian", 2016, "revenue"): 2100,
    ("shenyang", 2015, "exports"): 120,
    ("shenyang", 2016, "exports"): 130,
    ("dalian", 2015, "exports"): 300,
    ("dalian", 2016, "exports"): 310,
    ("anshan", 2015, "revenue"): 400,
    ("anshan", 2016, "revenue"): 420,
    ("anshan", 2015, "employees"): 50000,
    ("anshan", 2016, "employees"): 55000,
    ("shenyang", 2016, "employees"): 180000,
    ("dalian", 2016, "employees"): 230000,
    ("shenyang", 2016, "patents"): 3000,
    ("dalian", 2016, "patents"): 4000,
}


def truth_frame(df):
    got = {}
    for (zone, year), row in df.iterrows():
        for code, v in row.items():
            if not math.isnan(v):
                got[(zone, year, code)] = v
    return got


def test_a_folder_of_tables_in_mixed_layouts_is_one_panel(tmp_path):
    d = folder_of_tables(tmp_path / "tables")
    df, msg = quiet(d)
    got = truth_frame(df)
    assert got.keys() == TRUTH.keys()
    for k, want in TRUTH.items():
        assert math.isclose(got[k], want, rel_tol=1e-12), k
    assert "说明.txt" in msg  # reported, not read
    assert df.attrs["inputs"] == "folder"
    assert [f["file"].rsplit("/", 1)[-1] for f in df.attrs["files"]] == [
        "city_anshan.xlsx", "exports.xlsx", "quick_2016.csv", "torch_2015_2016.xlsx",
    ]  # fmt: skip


def test_every_value_remembers_its_cell(tmp_path):
    d = folder_of_tables(tmp_path / "tables")
    src = read_sources(d)
    prov = src.provenance.set_index(["zone", "year", "indicator"])
    row = prov.loc[("anshan", 2016, "employees")]
    assert row["file"].endswith("city_anshan.xlsx") and (row["sheet"], row["cell"]) == (
        "鞍山",
        "D4",
    )
    assert (row["written"], row["unit"]) == ("5.5", "万人")
    # exports agree between two files (万元 and 亿元): kept once, the other place remembered
    both = prov.loc[("dalian", 2016, "exports")]
    places = {both["file"].rsplit("/", 1)[-1], both["also"].split(":")[0].rsplit("/", 1)[-1]}
    assert places == {"torch_2015_2016.xlsx", "exports.xlsx"}


def test_two_sources_that_disagree_are_refused_naming_both(tmp_path):
    d = folder_of_tables(tmp_path / "tables")
    xlsx(d / "exports.xlsx", {"出口总额（亿元）": [["高新区", "2016年"], ["大连", 333]]})
    with pytest.raises(DataError) as exc:
        load_panel(d)
    text = str(exc.value)
    assert "disagree on exports of (dalian, 2016)" in text
    assert "exports.xlsx: 出口总额（亿元）!B2" in text and "torch_2015_2016.xlsx: 2016!C5" in text
    assert "两个来源给出的出口总额（大连高新区，2016年）不一致" in exc.value.text("zh")


def test_equal_within_the_rounding_of_the_coarser_figure(tmp_path):
    # 310.4 亿元 printed as 310 agrees with 3104000 万元 (310.4 亿元): within ±0.5 亿元
    d = tmp_path / "r"
    d.mkdir()
    xlsx(d / "a.xlsx", {"2016": [["地区", "出口总额（万元）"], ["大连", 3104000]]})
    xlsx(d / "b.xlsx", {"2016": [["地区", "出口总额（亿元）"], ["大连", 310]]})
    src = read_sources(d)
    assert src.panel.loc[("dalian", 2016), "exports"] == pytest.approx(310.4)  # the finer one
    # 311 is beyond ±0.5 of 310.4: refused
    xlsx(d / "b.xlsx", {"2016": [["地区", "出口总额（亿元）"], ["大连", 311]]})
    with pytest.raises(DataError, match="disagree"):
        read_sources(d)


def test_a_manifest_with_priority_settles_a_conflict_and_reports_it(tmp_path):
    d = folder_of_tables(tmp_path / "tables")
    xlsx(d / "exports.xlsx", {"出口总额（亿元）": [["高新区", "2016年"], ["大连", 333]]})
    manifest = tmp_path / "sources.toml"
    manifest.write_text(
        '[[source]]\nfile = "tables/torch_2015_2016.xlsx"\npriority = 2\n\n'
        '[[source]]\nfile = "tables/exports.xlsx"\n\n'
        '[[source]]\nfile = "tables/city_anshan.xlsx"\nsheets = ["鞍山"]\n',
        encoding="utf-8",
    )
    src = read_sources(manifest)
    assert src.panel.loc[("dalian", 2016), "exports"] == 310
    (c,) = src.conflicts
    assert (c["zone"], c["year"], c["indicator"]) == ("dalian", 2016, "exports")
    assert c["kept"]["place"].endswith("2016!C5") and c["dropped"][0]["value"] == 333
    assert src.panel.attrs["inputs"] == "manifest"


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ('[[source]]\nfile = "nope.xlsx"\n', "does not exist"),
        ('[[source]]\nfile = "t.xlsx"\ncolour = 1\n', "unknown key 'colour'; allowed keys: file"),
        ('[[source]]\nfile = "t.xlsx"\npriority = "high"\n', "priority must be an integer"),
        ('[sheets."x"]\nyear = 2016\n', "this is a layout file"),
        ("title = 3\n", "one [[source]] table per file"),
    ],
)
def test_a_bad_manifest_is_located(tmp_path, text, expect):
    xlsx(tmp_path / "t.xlsx", {"2016": [["地区", "营业收入（亿元）"], ["沈阳", 1]]})
    m = tmp_path / "m.toml"
    m.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=expect.replace("[", r"\[")) as exc:
        load_panel(m)
    assert exc.value.file == str(m)


def test_problems_in_several_files_are_reported_together(tmp_path):
    d = tmp_path / "bad"
    d.mkdir()
    xlsx(d / "a.xlsx", {"2016": [["地区", "营业收入（亿元）"], ["长春", 1]]})
    xlsx(d / "b.xlsx", {"2016": [["地区", "营业收入（亿元）"], ["沈阳", "n/a?"]]})
    with pytest.raises(DataError) as exc:
        load_panel(d)
    assert [e.file.rsplit("/", 1)[-1] for e in exc.value.errors] == ["a.xlsx", "b.xlsx"]


def test_an_empty_folder_is_refused(tmp_path):
    (tmp_path / "e").mkdir()
    with pytest.raises(DataError, match="holds no table"):
        load_panel(tmp_path / "e")


def test_validate_a_folder_shows_coverage_and_files(tmp_path, capsys):
    d = folder_of_tables(tmp_path / "tables")
    assert main(["validate", str(d), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "folder: " in out and "4 files" in out
    assert "coverage per indicator (zones × years; ■ a value, · none):" in out
    assert "Patents granted (patents): 2/6" in out
    assert main(["validate", str(d)]) == 0
    zh = capsys.readouterr().out
    assert "文件夹：" in zh and "各指标的覆盖（高新区 × 年份；■ 有值，· 无）：" in zh
    matrix = zh.split("各指标的覆盖", 1)[1]
    assert "patents" not in matrix and "专利授权数：2/6" in matrix


def test_the_load_store_reads_once_and_never_trusts_a_damaged_entry(tmp_path, monkeypatch):
    d = folder_of_tables(tmp_path / "tables")
    monkeypatch.setenv(store.ENV, str(tmp_path / "store"))
    first = read_sources(d)
    (entry,) = (tmp_path / "store").glob("*.pkl")
    calls = []
    monkeypatch.setattr("gxq_analysis.ingest.sources.load._read",
                        lambda *a, **k: calls.append(1) or first)  # fmt: skip
    again = read_sources(d)
    assert calls == [] and again.panel.equals(first.panel)
    # a damaged entry is read again from the inputs
    entry.write_bytes(entry.read_bytes()[:-10] + b"0123456789")
    read_sources(d)
    assert calls == [1]
    # a changed input is another key: read again
    xlsx(d / "exports.xlsx", {"出口总额（亿元）": [["高新区", "2016年"], ["大连", 310]]})
    read_sources(d)
    assert calls == [1, 1]


def test_without_the_store_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.delenv(store.ENV, raising=False)
    d = folder_of_tables(tmp_path / "tables")
    read_sources(d)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tables"]


def test_the_canonical_panel_written_for_a_build_reads_back_equal(tmp_path):
    d = folder_of_tables(tmp_path / "tables")
    src = read_sources(d)
    shas = write_sources(src, tmp_path / "out")
    back = load_panel(tmp_path / "out" / PANEL_CSV)
    pd.testing.assert_frame_equal(back, src.panel, check_like=False)
    again = write_sources(read_sources(d), tmp_path / "out2")
    assert again == shas  # the same inputs write the same bytes
    assert pickle.loads(pickle.dumps(src)).panel.equals(src.panel)


def test_one_store_entry_serves_a_folder_given_by_any_path(tmp_path, monkeypatch):
    # the build reads the folder by its absolute path, its chapters by its name in the parent
    # directory: one entry, relabelled with the names of the load that asks
    d = folder_of_tables(tmp_path / "tables")
    monkeypatch.setenv(store.ENV, str(tmp_path / "store"))
    first = read_sources(d.resolve())
    monkeypatch.chdir(tmp_path)
    again = read_sources("tables")
    assert len(list((tmp_path / "store").glob("*.pkl"))) == 1
    assert again.panel.equals(first.panel) and again.panel.attrs["source"] == "tables"
    assert all(f["file"].startswith("tables/") for f in again.files)
    assert all(p.startswith("tables/") for p in again.provenance["file"])
    assert all(w.file is None or w.file.startswith("tables") for w in again.warnings)
