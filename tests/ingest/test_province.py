"""The real province S&T panel: cleaning rules, row accounting, and cells recomputed from the raw
CSV with the plain ``csv`` module (the independent reference; money compared in 亿元 to 1e-9
relative, published figures to their printed precision)."""

from __future__ import annotations

import csv
import hashlib
import random
import shutil
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from gxq_analysis import config
from gxq_analysis.errors import DataError
from gxq_analysis.ingest import province as prov
from gxq_analysis.ingest.province import (
    PROVINCE_CODEBOOK,
    canonical_province,
    clean_province_long,
    load_province_panel,
    read_province_long,
)

# Typed here from the national statistics, independently of the module.
THIRTY_ONE = {
    "北京",
    "天津",
    "河北",
    "山西",
    "内蒙古",
    "辽宁",
    "吉林",
    "黑龙江",
    "上海",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "广西",
    "海南",
    "重庆",
    "四川",
    "贵州",
    "云南",
    "西藏",
    "陕西",
    "甘肃",
    "青海",
    "宁夏",
    "新疆",
}
DUP_TOTALS = {("RDSource", "v4_zh_nbzc_hj"), ("RDIntense", "v4_ztr_jf_RD")}


@pytest.fixture(scope="module")
def loaded():
    return load_province_panel(return_report=True)


@pytest.fixture(scope="module")
def panel(loaded):
    return loaded[0]


@pytest.fixture(scope="module")
def report(loaded):
    return loaded[1]


@pytest.fixture(scope="module")
def raw_rows():
    with open(config.PROVINCE_CSV, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _canon(name: str) -> str:
    # the test's own repair: drop spaces, then the README's OCR list
    s = "".join(name.split())
    return {"两藏": "西藏", "内蒙占": "内蒙古", "山两": "山西"}.get(s, s)


def _raw_value(rows, province, year, table, variable):
    hits = [
        r
        for r in rows
        if _canon(r["province"]) == province
        and int(r["year"]) == year
        and r["table"] == table
        and r["variable"] == variable
    ]
    assert len(hits) == 1, (province, year, table, variable, hits)
    return hits[0]


# --- shape and index ---------------------------------------------------------------------


def test_exactly_31_provinces_plus_national(panel):
    names = set(panel.index.get_level_values("province"))
    assert names == THIRTY_ONE | {"全国"}
    assert len(names) == 32


def test_index_is_full_sorted_unique_grid(panel):
    assert list(panel.index.names) == ["province", "year"]
    assert panel.index.is_unique and panel.index.is_monotonic_increasing
    assert panel.index.get_level_values("year").dtype == np.int64
    assert sorted(set(panel.index.get_level_values("year"))) == list(range(2010, 2024))
    assert len(panel) == 32 * 14
    assert (panel.dtypes == "float64").all()
    assert list(panel.columns) == list(PROVINCE_CODEBOOK["code"])


def test_liaoning_2020_matches_the_national_bulletin(panel):
    # R&D statistical bulletin: 549.0 亿元 and 2.19% (published to 0.1 亿元 and 0.01 pp)
    assert panel.loc[("辽宁", 2020), "rd_expenditure"] == pytest.approx(549.0, abs=0.05)
    assert panel.loc[("辽宁", 2020), "rd_intensity"] == pytest.approx(2.19, abs=0.005)


def test_attrs_carry_provenance(panel):
    a = panel.attrs
    assert a["source"] == "data/province-st/province_st_long.csv"
    assert a["sha256"] == hashlib.sha256(config.PROVINCE_CSV.read_bytes()).hexdigest()
    sums = (config.PROVINCE_DIR / "SHA256SUMS").read_text(encoding="utf-8")
    assert f"{a['sha256']}  province_st_long.csv" in sums
    assert a["synthetic"] is False
    for word in ("techme", "Hu Huaping", "MIT", "Statistical Yearbook on Science and Technology"):
        assert word in a["citation"]


# --- names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("辽   宁", "辽宁"),
        ("两藏", "西藏"),
        ("内蒙占", "内蒙古"),
        ("内蒙 古", "内蒙古"),
        ("山两", "山西"),
        ("黑龙 江", "黑龙江"),
        ("辽\u3000宁", "辽宁"),  # full-width space
        ("全   国", "全国"),
        ("辽宁", "辽宁"),
    ],
)
def test_each_name_defect_maps(raw, canonical):
    assert canonical_province(raw) == canonical


@pytest.mark.parametrize("raw", ["辽", "Liaoning", "两西", "", "内蒙"])
def test_unmapped_names_are_refused(raw):
    assert canonical_province(raw) is None


def test_every_readme_defect_occurs_and_is_counted(report, raw_rows):
    counts = Counter(r["province"] for r in raw_rows)
    for raw, canonical in [
        ("辽   宁", "辽宁"),
        ("两藏", "西藏"),
        ("内蒙占", "内蒙古"),
        ("内蒙 古", "内蒙古"),
        ("山两", "山西"),
        ("黑龙 江", "黑龙江"),
    ]:
        assert counts[raw] > 0, raw
        assert report.names_fixed[(raw, canonical)] == counts[raw]
    expected = sum(n for name, n in counts.items() if name not in THIRTY_ONE | {"全国"})
    assert report.names_fixed_total == expected
    rules = report.name_fixes_table().set_index("raw")["rule"]
    assert rules["两藏"] == "ocr" and rules["辽   宁"] == "whitespace"


def test_unmapped_name_is_a_dataerror_naming_the_row():
    raw = read_province_long(config.PROVINCE_CSV).copy()
    raw.loc[100, "province"] = "辽东"
    with pytest.raises(DataError, match="辽东") as exc:
        clean_province_long(raw)
    assert exc.value.row == 102  # header is line 1, frame row 0 is line 2
    assert exc.value.column == "province"


def test_spaced_and_unspaced_name_in_one_cell_is_refused():
    raw = read_province_long(config.PROVINCE_CSV)
    row = raw[(raw["province"] == "辽宁") & (raw["table"] == "RDActivity")].iloc[[0]].copy()
    row["province"] = "辽   宁"
    with pytest.raises(DataError, match="more than one row"):
        clean_province_long(pd.concat([raw, row], ignore_index=True))


# --- row accounting ----------------------------------------------------------------------


def test_report_accounts_for_every_row(panel, report, raw_rows):
    in_years = [r for r in raw_rows if 2010 <= int(r["year"]) <= 2023]
    blank = [r for r in in_years if r["value"].strip() == ""]
    dups = [r for r in in_years if (r["table"], r["variable"]) in DUP_TOTALS and r["value"]]
    assert report.rows_read == len(raw_rows) == 18261
    assert report.rows_outside_years == len(raw_rows) - len(in_years)
    assert report.rows_missing_value == len(blank)
    assert report.rows_duplicate_reconciled == len(dups)
    # each used row fills exactly one cell of the panel
    assert report.rows_used == int(panel.notna().to_numpy().sum())
    assert report.accounted()
    assert report.rows_read == (
        report.rows_outside_years
        + report.rows_missing_value
        + report.rows_duplicate_reconciled
        + report.rows_used
    )
    assert report.summary().set_index("item").loc["rows read", "rows"] == 18261
    # the README's 263 empty values: those inside the window plus those outside it
    outside_blank = sum(1 for r in raw_rows if r["value"] == "" and r not in in_years)
    assert report.rows_missing_value + outside_blank == 263
    assert sum(report.outside_years_by.values()) == report.rows_outside_years
    assert sum(report.missing_value_by.values()) == report.rows_missing_value


def test_industry_operation_has_no_2017(panel):
    assert panel.xs(2017, level="year")["hitech_revenue"].isna().all()
    assert panel.xs(2016, level="year")["hitech_revenue"].notna().all()


# --- the duplicated R&D total ------------------------------------------------------------


def test_rd_total_reconciliation_is_recorded(report, raw_rows, panel):
    act = {
        (_canon(r["province"]), int(r["year"])): float(r["value"])
        for r in raw_rows
        if r["table"] == "RDActivity" and r["variable"] == "v4_zh_nbzc_hj"
    }
    src = {
        (_canon(r["province"]), int(r["year"])): float(r["value"])
        for r in raw_rows
        if r["table"] == "RDSource" and r["variable"] == "v4_zh_nbzc_hj"
    }
    pub = {
        (_canon(r["province"]), int(r["year"])): float(r["value"])
        for r in raw_rows
        if r["table"] == "RDIntense" and r["variable"] == "v4_ztr_jf_RD"
    }
    max_src = max(abs(act[k] - src[k]) for k in src) / 1e4  # 万元 -> 亿元
    max_pub = max(abs(act[k] / 1e4 - pub[k]) for k in pub)
    chk = report.rd_total_check
    assert chk["RDSource"]["max_abs_diff_yi"] == pytest.approx(max_src, rel=1e-9)
    assert chk["RDIntense"]["max_abs_diff_yi"] == pytest.approx(max_pub, rel=1e-9)
    assert chk["RDSource"]["rows_compared"] == len(src)
    assert report.rd_total_fallbacks == 0
    # the rule: RDActivity's value is kept
    for k, v in act.items():
        assert panel.loc[k, "rd_expenditure"] == pytest.approx(v / 1e4, rel=1e-12)


def test_rd_totals_disagreeing_beyond_rounding_stop():
    raw = read_province_long(config.PROVINCE_CSV).copy()
    i = raw.index[
        (raw["table"] == "RDSource")
        & (raw["variable"] == "v4_zh_nbzc_hj")
        & (raw["province"] == "辽宁")
        & (raw["year"] == "2020")
    ][0]
    raw.loc[i, "value"] = str(float(raw.loc[i, "value"]) + 10.0)  # 10 万元 off
    with pytest.raises(DataError, match="R&D total of 辽宁 2020") as exc:
        clean_province_long(raw)
    assert exc.value.row == i + 2


def test_missing_rdactivity_total_falls_back_to_rdsource():
    raw = read_province_long(config.PROVINCE_CSV)
    drop = (
        (raw["table"] == "RDActivity")
        & (raw["variable"] == "v4_zh_nbzc_hj")
        & (raw["province"] == "辽宁")
        & (raw["year"] == "2020")
    )
    src = raw[
        (raw["table"] == "RDSource")
        & (raw["variable"] == "v4_zh_nbzc_hj")
        & (raw["province"] == "辽宁")
        & (raw["year"] == "2020")
    ]["value"].iloc[0]
    panel, rep = clean_province_long(raw[~drop])
    assert rep.rd_total_fallbacks == 1 and rep.accounted()
    assert panel.loc[("辽宁", 2020), "rd_expenditure"] == pytest.approx(float(src) / 1e4)


# --- units and cells recomputed from the raw file ----------------------------------------


@pytest.mark.parametrize(
    ("province", "year", "table", "variable", "code", "factor"),
    [
        ("辽宁", 2020, "RDSource", "v4_zh_nbzc_zfzj", "rd_gov_funds", 1e-4),
        ("黑龙江", 2010, "RDSource", "v4_zh_nbzc_qyzj", "rd_enterprise_funds", 1e-4),
        ("西藏", 2012, "RDPatentAuthority", "v4_cg_zlsq2_hj", "patents_granted", 1.0),
        ("内蒙古", 2013, "RDLaborHour", "v4_zh_qsdl_hj", "rd_personnel_fte", 1.0),
        ("山西", 2012, "RDPatentAuthority", "v4_cg_zlsq2_fm", "patents_invention", 1.0),
        ("全国", 2019, "PublicBudget", "v6_cz_yszc_kxjs", "fiscal_st", 1.0),
        ("辽宁", 2016, "IndustryOperation", "v4_cy_scjy_zyyw", "hitech_revenue", 1.0),
        ("广东", 2020, "IndustryRD", "v4_cy_RDhd_qsdl", "hitech_rd_personnel_fte", 1.0),
        ("江苏", 2015, "MarketPull", "v4_cg_jssr_je", "tech_contract_value_in", 1e-4),
        ("辽宁", 2011, "RDIntense", "v4_ztr_qd_RD", "rd_intensity", 1.0),
    ],
)
def test_cells_recomputed_with_csv(panel, raw_rows, province, year, table, variable, code, factor):
    r = _raw_value(raw_rows, province, year, table, variable)
    assert panel.loc[(province, year), code] == pytest.approx(float(r["value"]) * factor, rel=1e-12)


def test_random_cells_recomputed_with_csv(panel, raw_rows):
    # 200 seeded raw rows; factor from the unit the codebook declares for the variable (万元 rows
    # become 亿元), which is the documented conversion
    cb = PROVINCE_CODEBOOK.set_index(["table", "variable"])
    pool = [
        r
        for r in raw_rows
        if 2010 <= int(r["year"]) <= 2023 and r["value"] and (r["table"], r["variable"]) in cb.index
    ]
    for r in random.Random(20240601).sample(pool, 200):
        entry = cb.loc[(r["table"], r["variable"])]
        factor = 1e-4 if (entry["raw_unit"], entry["unit"]) == ("万元", "亿元") else 1.0
        got = panel.loc[(_canon(r["province"]), int(r["year"])), entry["code"]]
        assert got == pytest.approx(float(r["value"]) * factor, rel=1e-12), r


def test_money_is_in_yi_yuan(panel, raw_rows):
    units = PROVINCE_CODEBOOK.set_index("code")
    assert not (units["unit"] == "万元").any()
    # every 万元 variable in the file is 亿元 in the panel
    wan = {(r["table"], r["variable"]) for r in raw_rows if r["unit"] == "万元"}
    for t, v in wan:
        hit = PROVINCE_CODEBOOK[(PROVINCE_CODEBOOK.table == t) & (PROVINCE_CODEBOOK.variable == v)]
        if (t, v) in DUP_TOTALS:
            continue
        assert hit["unit"].iloc[0] in ("亿元", "人年", "个", "项", "件"), (t, v)
    # R&D expenditure (亿元) agrees with RDIntense's published 亿元 figure to its rounding
    pub = {
        (_canon(r["province"]), int(r["year"])): float(r["value"])
        for r in raw_rows
        if r["variable"] == "v4_ztr_jf_RD"
    }
    diffs = [abs(panel.loc[k, "rd_expenditure"] - v) for k, v in pub.items()]
    assert max(diffs) <= 0.05 + 1e-9


def test_unit_label_repairs_are_counted(report, raw_rows):
    # the four IndustryRD count variables labelled 万元 in the file
    want = Counter(
        (r["table"], r["variable"], r["unit"])
        for r in raw_rows
        if r["variable"]
        in ("v4_cy_RDhd_qsdl", "v4_cy_RDhd_yfjgs", "v4_cy_xcp_kfxm", "v4_cy_qyzl_fms")
        and r["unit"] == "万元"
    )
    assert report.unit_labels_fixed == dict(want)
    assert sum(want.values()) == 256


def test_unknown_unit_is_a_dataerror():
    raw = read_province_long(config.PROVINCE_CSV).copy()
    i = raw.index[raw["variable"] == "v4_zh_nbzc_jcyj"][5]
    raw.loc[i, "unit"] = "元"
    with pytest.raises(DataError, match="expected '万元'") as exc:
        clean_province_long(raw)
    assert exc.value.row == i + 2 and exc.value.column == "unit"


def test_text_value_is_a_dataerror():
    raw = read_province_long(config.PROVINCE_CSV).copy()
    raw.loc[7, "value"] = "12,3"
    with pytest.raises(DataError, match="not a number") as exc:
        clean_province_long(raw)
    assert exc.value.row == 9


def test_unknown_variable_is_a_dataerror():
    raw = read_province_long(config.PROVINCE_CSV).copy()
    raw.loc[3, "variable"] = "v9_new"
    with pytest.raises(DataError, match="unknown table/variable") as exc:
        clean_province_long(raw)
    assert exc.value.row == 5


def test_negative_count_is_a_dataerror():
    raw = read_province_long(config.PROVINCE_CSV).copy()
    i = raw.index[raw["variable"] == "v4_cg_zlsq2_hj"][0]
    raw.loc[i, "value"] = "-3"
    with pytest.raises(DataError, match="negative"):
        clean_province_long(raw)


# --- codebook and file integrity ---------------------------------------------------------


def test_codebook_documents_every_raw_variable(raw_rows):
    cb = PROVINCE_CODEBOOK
    assert cb["code"].is_unique
    assert {"code", "table", "variable", "item_zh", "unit", "description"} <= set(cb.columns)
    raw_vars = {(r["table"], r["variable"]) for r in raw_rows}
    documented = set(zip(cb["table"], cb["variable"], strict=True)) | DUP_TOTALS
    assert raw_vars == documented
    # the codebook's item labels are those of the file
    items = {(r["table"], r["variable"]): r["item_zh"] for r in raw_rows}
    for t, v, item in zip(cb["table"], cb["variable"], cb["item_zh"], strict=True):
        assert items[(t, v)] == item
    tables = pd.read_csv(config.PROVINCE_DIR / "TABLES.tsv", sep="\t")
    assert set(cb["table"]) == set(tables["table"])


def test_edited_copy_of_shipped_file_is_refused(tmp_path):
    shutil.copy(config.PROVINCE_DIR / "SHA256SUMS", tmp_path / "SHA256SUMS")
    text = config.PROVINCE_CSV.read_text(encoding="utf-8").replace("549.0", "594.0", 1)
    (tmp_path / "province_st_long.csv").write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match="must not be edited"):
        load_province_panel(path=tmp_path / "province_st_long.csv")


def test_other_file_loads_with_its_own_hash(tmp_path):
    raw = read_province_long(config.PROVINCE_CSV)
    sub = raw[raw["table"] == "RDIntense"]
    f = tmp_path / "sub.csv"
    sub.to_csv(f, index=False)
    panel, rep = load_province_panel(path=f, return_report=True)
    assert panel.attrs["sha256"] == hashlib.sha256(f.read_bytes()).hexdigest()
    assert panel.attrs["source"] == str(f)
    assert rep.accounted() and rep.rows_read == len(sub)
    # RDIntense alone: intensity, and R&D spending from its published total (fallback rule)
    assert panel["rd_intensity"].notna().sum() == len(sub) // 2
    assert rep.rd_total_fallbacks == len(sub) // 2
    assert int(panel.notna().to_numpy().sum()) == rep.rows_used == len(sub)


def test_missing_file_and_bad_header(tmp_path):
    with pytest.raises(DataError, match="no such file"):
        load_province_panel(path=tmp_path / "nope.csv")
    f = tmp_path / "bad.csv"
    f.write_text("province,year,value\n辽宁,2020,1\n", encoding="utf-8")
    with pytest.raises(DataError, match="missing column"):
        load_province_panel(path=f)


def test_return_report_must_be_bool():
    with pytest.raises(TypeError, match="return_report"):
        load_province_panel(return_report="yes")


def test_national_fiscal_is_sum_of_provinces(panel):
    # a property of the source worth knowing (全国 PublicBudget = sum of local budgets)
    yrs = range(2019, 2024)
    nat = panel.loc[("全国", list(yrs)), "fiscal_st"].to_numpy()
    tot = panel.drop(index="全国", level="province")["fiscal_st"].groupby(level="year").sum()
    assert np.allclose(nat, tot.loc[list(yrs)].to_numpy(), atol=0.05)
    assert prov.NATIONAL == "全国"
