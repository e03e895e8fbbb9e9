"""The real province S&T panel: techme's raw long CSV in, a clean wide (province, year) panel out.

The raw file ``data/province-st/province_st_long.csv`` (Hu Huaping's R package *techme*, MIT
licence, compiled from the China Statistical Yearbook on Science and Technology) is shipped
unchanged with its defects; :func:`clean_province_long` repairs them by the rules below and
:func:`load_province_panel` applies it to the shipped file.

Cleaning rules (each one counted in :class:`ProvinceCleaningReport`):

1. **Names.** Whitespace inside a name is removed (``辽   宁``, ``内蒙 古``, ``黑龙 江``), then
   OCR misreadings are mapped by the explicit table :data:`OCR_NAME_FIXES` (``两藏`` -> 西藏,
   ``内蒙占`` -> 内蒙古, ``山两`` -> 山西). A name that is then not one of the 31 provinces or
   ``全国`` raises :class:`~gxq_analysis.errors.DataError` naming the file row.
2. **Years.** The panel covers 2010-2023 (:data:`YEARS`); rows outside (technology-market
   tables for 2000 and 2005, high-tech firm counts for 2024) are counted and left out.
3. **Missing values.** An empty ``value`` is a missing value: counted, and the cell stays NaN.
4. **Units.** Every amount of money in 万元 is divided by 10,000 to 亿元, so that R&D
   expenditure (and every other amount in yuan) is in 亿元 everywhere; the codebook records each
   variable's raw unit, canonical unit and factor. Amounts in 百万美元 (high-tech trade) keep
   their currency. Four unit *labels* in IndustryRD are wrong in the source (a count labelled
   万元); they are relabelled by the explicit table :data:`UNIT_LABEL_FIXES` (factor 1, values
   continue the series of the correctly labelled years). Any other unexpected unit is an error.
5. **The duplicated R&D total.** ``v4_zh_nbzc_hj`` is in RDActivity (万元) and RDSource (万元),
   and RDIntense publishes the same total rounded to 0.1 亿元 (``v4_ztr_jf_RD``). Rule: keep
   RDActivity's value; RDSource must agree within :data:`RD_TOTAL_TOL_SOURCE` (1 万元: one
   table rounds to whole 万元, the other keeps 0.1 万元) and RDIntense within
   :data:`RD_TOTAL_TOL_INTENSE` (0.05 亿元, half its last digit); a larger gap is a DataError.
   Where RDActivity lacks a value, RDSource's is used, then RDIntense's (counted as fallbacks).

Every row read ends in exactly one of: outside the years, missing value, reconciled duplicate,
or a panel cell; the report checks ``rows_read`` equals their sum.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from .. import config
from ..errors import DataError
from ..files import sha256_file

#: Years the panel covers (inclusive).
YEARS: tuple[int, int] = (2010, 2023)
NATIONAL = "全国"

# The 31 provinces in the order of the national statistics, with pinyin names and the
# NBS four-region grouping (东部/中部/西部/东北).
_PROVINCE_ROWS = [
    ("北京", "Beijing", "east"),
    ("天津", "Tianjin", "east"),
    ("河北", "Hebei", "east"),
    ("山西", "Shanxi", "central"),
    ("内蒙古", "Inner Mongolia", "west"),
    ("辽宁", "Liaoning", "northeast"),
    ("吉林", "Jilin", "northeast"),
    ("黑龙江", "Heilongjiang", "northeast"),
    ("上海", "Shanghai", "east"),
    ("江苏", "Jiangsu", "east"),
    ("浙江", "Zhejiang", "east"),
    ("安徽", "Anhui", "central"),
    ("福建", "Fujian", "east"),
    ("江西", "Jiangxi", "central"),
    ("山东", "Shandong", "east"),
    ("河南", "Henan", "central"),
    ("湖北", "Hubei", "central"),
    ("湖南", "Hunan", "central"),
    ("广东", "Guangdong", "east"),
    ("广西", "Guangxi", "west"),
    ("海南", "Hainan", "east"),
    ("重庆", "Chongqing", "west"),
    ("四川", "Sichuan", "west"),
    ("贵州", "Guizhou", "west"),
    ("云南", "Yunnan", "west"),
    ("西藏", "Tibet", "west"),
    ("陕西", "Shaanxi", "west"),
    ("甘肃", "Gansu", "west"),
    ("青海", "Qinghai", "west"),
    ("宁夏", "Ningxia", "west"),
    ("新疆", "Xinjiang", "west"),
]
#: The 31 provinces (canonical Chinese name -> English name and NBS region), national order.
PROVINCES = pd.DataFrame(_PROVINCE_ROWS, columns=["name_zh", "name_en", "region"]).set_index(
    "name_zh"
)
PROVINCE_NAMES: tuple[str, ...] = tuple(PROVINCES.index)
#: Every name a cleaned panel may hold: the 31 provinces and the national total.
CANONICAL_NAMES: frozenset[str] = frozenset((*PROVINCE_NAMES, NATIONAL))

#: OCR misreadings of province names in the raw file (after whitespace is removed).
OCR_NAME_FIXES: dict[str, str] = {
    "两藏": "西藏",  # 两 read for 西
    "内蒙占": "内蒙古",  # 占 read for 古
    "山两": "山西",  # 两 read for 西
}

#: Unit labels the source gets wrong: (table, variable, label in file) -> correct unit. The
#: values are counts (persons-years, institutions, projects, patents) whose series runs on
#: unbroken through the correctly labelled years, so only the label is replaced (factor 1).
UNIT_LABEL_FIXES: dict[tuple[str, str, str], str] = {
    ("IndustryRD", "v4_cy_RDhd_qsdl", "万元"): "人年",  # 2020 only
    ("IndustryRD", "v4_cy_RDhd_yfjgs", "万元"): "个",  # 2020 only
    ("IndustryRD", "v4_cy_xcp_kfxm", "万元"): "项",  # 2020 only
    ("IndustryRD", "v4_cy_qyzl_fms", "万元"): "件",  # all years but 2021
}

#: Tolerances of the R&D-total reconciliation (see the module docstring), in 亿元.
RD_TOTAL_TOL_SOURCE = 1.0 / 10_000  # 1 万元
RD_TOTAL_TOL_INTENSE = 0.05  # half of the 0.1 亿元 RDIntense publishes
_FLOAT_SLACK = 1e-9  # binary floating point: 907.9 - 907.85 is 0.05000000000007

RAW_COLUMNS = ("province", "year", "table", "variable", "item_zh", "unit", "value")
#: Relative name of the shipped raw file, as recorded in ``attrs["source"]``.
SOURCE_NAME = "data/province-st/province_st_long.csv"
CITATION = (
    "Hu Huaping, techme: R data package of China's science and technology statistics "
    "(https://github.com/huhuaping/techme, commit 9ad60a190dec4a56953da9c478d42cd44c80762a), "
    "MIT licence; compiled from the China Statistical Yearbook on Science and Technology "
    "(中国科技统计年鉴) and the China Statistical Yearbook (中国统计年鉴)."
)
CITATION_ZH = (
    "Hu Huaping，techme 科技统计数据R包（https://github.com/huhuaping/techme，"
    "提交 9ad60a190dec4a56953da9c478d42cd44c80762a），MIT许可；数据整理自《中国科技统计年鉴》"
    "和《中国统计年鉴》。"
)

_WAN_TO_YI = 1e-4  # 万元 -> 亿元

# code, table, variable, item_zh (as in the file), raw unit, canonical unit, description
_CODEBOOK_ROWS: list[tuple[str, str, str, str, str, str, str]] = [
    # R&D expenditure and its composition (中国科技统计年鉴, R&D经费内部支出)
    ("rd_expenditure", "RDActivity", "v4_zh_nbzc_hj", "合计", "万元", "亿元",
     "R&D internal expenditure, total; also in RDSource (v4_zh_nbzc_hj) and RDIntense "
     "(v4_ztr_jf_RD, 亿元), reconciled: RDActivity's value kept"),
    ("rd_basic", "RDActivity", "v4_zh_nbzc_jcyj", "基础研究", "万元", "亿元",
     "R&D internal expenditure on basic research"),
    ("rd_applied", "RDActivity", "v4_zh_nbzc_yyyj", "应用研究", "万元", "亿元",
     "R&D internal expenditure on applied research"),
    ("rd_experimental", "RDActivity", "v4_zh_nbzc_syfz", "试验发展", "万元", "亿元",
     "R&D internal expenditure on experimental development"),
    ("rd_gov_funds", "RDSource", "v4_zh_nbzc_zfzj", "政府资金", "万元", "亿元",
     "R&D internal expenditure funded by government"),
    ("rd_enterprise_funds", "RDSource", "v4_zh_nbzc_qyzj", "企业资金", "万元", "亿元",
     "R&D internal expenditure funded by enterprises"),
    ("rd_foreign_funds", "RDSource", "v4_zh_nbzc_gwzj", "国外资金", "万元", "亿元",
     "R&D internal expenditure funded from abroad (rows absent for some small provinces)"),
    ("rd_other_funds", "RDSource", "v4_zh_nbzc_qtzj", "其他资金", "万元", "亿元",
     "R&D internal expenditure funded from other sources"),
    ("rd_intensity", "RDIntense", "v4_ztr_qd_RD", "RD强度", "%", "%",
     "R&D intensity: R&D expenditure as % of GDP (published from 2011)"),
    # R&D personnel, full-time equivalent
    ("rd_personnel_fte", "RDLaborHour", "v4_zh_qsdl_hj", "合计", "人年", "人年",
     "R&D personnel, full-time equivalent, total"),
    ("rd_researchers_fte", "RDLaborHour", "v4_zh_qsdl_yjry", "研究人员", "人年", "人年",
     "R&D personnel FTE: researchers"),
    ("rd_personnel_basic_fte", "RDLaborHour", "v4_zh_qsdl_jcyj", "基础研究", "人年", "人年",
     "R&D personnel FTE in basic research"),
    ("rd_personnel_applied_fte", "RDLaborHour", "v4_zh_qsdl_yyyj", "应用研究", "人年", "人年",
     "R&D personnel FTE in applied research"),
    ("rd_personnel_experimental_fte", "RDLaborHour", "v4_zh_qsdl_syfz", "试验发展", "人年",
     "人年", "R&D personnel FTE in experimental development"),
    # patents granted
    ("patents_granted", "RDPatentAuthority", "v4_cg_zlsq2_hj", "合计", "件", "件",
     "Domestic patents granted, total"),
    ("patents_invention", "RDPatentAuthority", "v4_cg_zlsq2_fm", "发明", "件", "件",
     "Domestic invention patents granted"),
    ("patents_utility", "RDPatentAuthority", "v4_cg_zlsq2_syxx", "实用新型", "件", "件",
     "Domestic utility-model patents granted"),
    ("patents_design", "RDPatentAuthority", "v4_cg_zlsq2_wgsj", "外观设计", "件", "件",
     "Domestic design patents granted"),
    # high-tech manufacturing: operation (no 2017 in the source)
    ("hitech_revenue", "IndustryOperation", "v4_cy_scjy_zyyw", "主营业务收入", "亿元", "亿元",
     "High-tech manufacturing: main business revenue (no 2017 in the source)"),
    ("hitech_profit", "IndustryOperation", "v4_cy_scjy_lrze", "利润总额", "亿元", "亿元",
     "High-tech manufacturing: total profit (may be negative; no 2017 in the source)"),
    ("hitech_mfg_firms", "IndustryOperation", "v4_cy_scjy_qys", "企业数", "个", "个",
     "High-tech manufacturing: number of enterprises (no 2017 in the source)"),
    # high-tech manufacturing: R&D and innovation (2016-2023)
    ("hitech_rd_expenditure", "IndustryRD", "v4_cy_RDhd_nbzc", "经费内部支出", "万元", "亿元",
     "High-tech manufacturing: R&D internal expenditure"),
    ("hitech_rd_personnel_fte", "IndustryRD", "v4_cy_RDhd_qsdl", "人员折合全时当量", "人年",
     "人年", "High-tech manufacturing: R&D personnel FTE (2020 labelled 万元 in the source)"),
    ("hitech_rd_project_funds", "IndustryRD", "v4_cy_RDhd_xmjf", "项目经费", "万元", "亿元",
     "High-tech manufacturing: funds of R&D projects (2016-2019)"),
    ("hitech_rd_projects", "IndustryRD", "v4_cy_RDhd_xmsl", "项目数量", "项", "项",
     "High-tech manufacturing: number of R&D projects (2016-2019)"),
    ("hitech_rd_institutions", "IndustryRD", "v4_cy_RDhd_yfjgs", "研发机构数", "个", "个",
     "High-tech manufacturing: R&D institutions (2020 labelled 万元 in the source)"),
    ("hitech_new_fixed_assets", "IndustryRD", "v4_cy_cytz_gdzc", "新增固定资产", "亿元", "亿元",
     "High-tech industry investment: newly added fixed assets (2016-2017)"),
    ("hitech_projects_completed", "IndustryRD", "v4_cy_cytz_jcxm", "全部建成投产项目数", "个",
     "个", "High-tech industry investment: projects completed and in production (2016-2017)"),
    ("hitech_projects_started", "IndustryRD", "v4_cy_cytz_kgxm", "新开工项目个数", "个", "个",
     "High-tech industry investment: projects newly started (2016-2017)"),
    ("hitech_projects_under_construction", "IndustryRD", "v4_cy_cytz_sgxm", "施工项目个数", "个",
     "个", "High-tech industry investment: projects under construction (2016-2017)"),
    ("hitech_investment", "IndustryRD", "v4_cy_cytz_tzze", "投资额", "亿元", "亿元",
     "High-tech industry investment: amount invested (2016-2017)"),
    ("hitech_tech_purchase", "IndustryRD", "v4_cy_jsgz_gmzc", "购买境内技术经费支出", "万元",
     "亿元", "High-tech manufacturing: spending on purchases of domestic technology"),
    ("hitech_tech_renovation", "IndustryRD", "v4_cy_jsgz_gzzc", "技术改造经费支出", "万元",
     "亿元", "High-tech manufacturing: spending on technical renovation"),
    ("hitech_tech_assimilation", "IndustryRD", "v4_cy_jsgz_xszc", "消化吸收经费支出", "万元",
     "亿元", "High-tech manufacturing: spending on assimilation of imported technology"),
    ("hitech_tech_import", "IndustryRD", "v4_cy_jsgz_yjzc", "技术引进经费支出", "万元", "亿元",
     "High-tech manufacturing: spending on technology imports"),
    ("hitech_patent_applications_invention", "IndustryRD", "v4_cy_qyzl_fms", "发明专利", "件",
     "件", "High-tech manufacturing: invention patent applications (2018-2023; labelled 万元 "
     "in the source except 2021)"),
    ("hitech_patent_applications", "IndustryRD", "v4_cy_qyzl_sqs", "专利申请数", "件", "件",
     "High-tech manufacturing: patent applications (2018-2023)"),
    ("hitech_patents_in_force", "IndustryRD", "v4_cy_qyzl_yxs", "有效专利数", "件", "件",
     "High-tech manufacturing: patents in force (2018-2023)"),
    ("hitech_new_product_exports", "IndustryRD", "v4_cy_xcp_ck", "出口", "万元", "亿元",
     "High-tech manufacturing: exports of new products"),
    ("hitech_new_product_dev_funds", "IndustryRD", "v4_cy_xcp_kfjf", "开发经费支出", "万元",
     "亿元", "High-tech manufacturing: new-product development spending"),
    ("hitech_new_product_projects", "IndustryRD", "v4_cy_xcp_kfxm", "开发项目数", "项", "项",
     "High-tech manufacturing: new-product development projects (2020 labelled 万元 in the "
     "source)"),
    ("hitech_new_product_sales", "IndustryRD", "v4_cy_xcp_xssr", "销售收入", "万元", "亿元",
     "High-tech manufacturing: sales revenue of new products"),
    # high-tech products trade (2016-2018), kept in US dollars
    ("hitech_exports_usd", "IndustryTrade", "v4_cy_my_ck", "出口贸易额", "百万美元", "百万美元",
     "High-tech products: exports (2016-2018)"),
    ("hitech_imports_usd", "IndustryTrade", "v4_cy_my_jk", "进口贸易额", "百万美元", "百万美元",
     "High-tech products: imports (2016-2018)"),
    ("hitech_trade_usd", "IndustryTrade", "v4_cy_my_jck", "贸易总额", "百万美元", "百万美元",
     "High-tech products: total trade (2016-2018)"),
    # certified high-tech enterprises (31 provinces, no national row)
    ("hitech_firms", "HitechFirmsPub", "hitech_firms_count", "高新技术企业数", "个", "个",
     "Certified high-tech enterprises (2018-2024 in the source; no national row)"),
    # general public budget expenditure (全国 = sum of local budgets, 2019-2023 only)
    ("fiscal_total", "PublicBudget", "v6_cz_yszc_hj", "合计", "亿元", "亿元",
     "General public budget expenditure, total (national row 2019-2023 only)"),
    ("fiscal_st", "PublicBudget", "v6_cz_yszc_kxjs", "科学技术", "亿元", "亿元",
     "General public budget expenditure on science and technology"),
    ("fiscal_education", "PublicBudget", "v6_cz_yszc_jy", "教育", "亿元", "亿元",
     "General public budget expenditure on education"),
    ("fiscal_agriculture", "PublicBudget", "v6_cz_yszc_nls", "农林水", "亿元", "亿元",
     "General public budget expenditure on agriculture, forestry and water"),
    # technology market (no 2011 in the source)
    ("tech_contracts_in", "MarketPull", "v4_cg_jssr_ht", "数量", "项", "项",
     "Technology market: contracts absorbed by the region (no 2011 in the source)"),
    ("tech_contract_value_in", "MarketPull", "v4_cg_jssr_je", "金额", "万元", "亿元",
     "Technology market: value of contracts absorbed by the region"),
    ("tech_contracts_out", "MarketPush", "v4_cg_jssc_ht", "数量", "项", "项",
     "Technology market: contracts exported by the region (no 2011 in the source)"),
    ("tech_contract_value_out", "MarketPush", "v4_cg_jssc_je", "金额", "万元", "亿元",
     "Technology market: value of contracts exported by the region"),
]  # fmt: skip


def _codebook() -> pd.DataFrame:
    cb = pd.DataFrame(
        _CODEBOOK_ROWS,
        columns=["code", "table", "variable", "item_zh", "raw_unit", "unit", "description"],
    )
    factors = {("万元", "亿元"): _WAN_TO_YI}
    cb["factor"] = [
        1.0 if r == u else factors[(r, u)] for r, u in zip(cb["raw_unit"], cb["unit"], strict=True)
    ]
    cb["nonnegative"] = cb["code"] != "hitech_profit"
    cols = ["code", "table", "variable", "item_zh", "unit", "description"]
    return cb[[*cols, "raw_unit", "factor", "nonnegative"]]


#: One row per panel column: its source ``table`` and ``variable`` code, the yearbook's
#: ``item_zh`` label, canonical ``unit``, ``description``, the ``raw_unit`` of the file and the
#: ``factor`` that converts raw values to the canonical unit (1e-4 for 万元 -> 亿元).
PROVINCE_CODEBOOK: pd.DataFrame = _codebook()

#: Raw rows carrying the R&D total a second (and third) time, reconciled with RDActivity.
DUPLICATE_RD_TOTALS: dict[tuple[str, str], dict[str, Any]] = {
    ("RDSource", "v4_zh_nbzc_hj"): {
        "item_zh": "合计", "raw_unit": "万元", "factor": _WAN_TO_YI, "tol": RD_TOTAL_TOL_SOURCE,
    },
    ("RDIntense", "v4_ztr_jf_RD"): {
        "item_zh": "RD经费", "raw_unit": "亿元", "factor": 1.0, "tol": RD_TOTAL_TOL_INTENSE,
    },
}  # fmt: skip


@dataclass
class ProvinceCleaningReport:
    """What :func:`clean_province_long` did to every row it read.

    ``rows_read == rows_outside_years + rows_missing_value + rows_duplicate_reconciled +
    rows_used`` (checked by :meth:`accounted`). Counts by kind are in the ``*_by`` fields.
    """

    rows_read: int = 0
    rows_outside_years: int = 0
    rows_missing_value: int = 0
    rows_duplicate_reconciled: int = 0
    rows_used: int = 0
    years: tuple[int, int] = YEARS
    #: rows per (table, year) outside :data:`YEARS`
    outside_years_by: dict[tuple[str, int], int] = field(default_factory=dict)
    #: rows with an empty value per (table, variable) inside :data:`YEARS`
    missing_value_by: dict[tuple[str, str], int] = field(default_factory=dict)
    #: rows whose name was repaired: (raw name, canonical name) -> rows
    names_fixed: dict[tuple[str, str], int] = field(default_factory=dict)
    #: rows whose unit label was repaired: (table, variable, raw label) -> rows
    unit_labels_fixed: dict[tuple[str, str, str], int] = field(default_factory=dict)
    #: panel rows whose value was converted: (code, "raw unit -> unit", factor) -> rows
    conversions: dict[tuple[str, str, float], int] = field(default_factory=dict)
    #: R&D-total reconciliation: per duplicate table, rows compared, max |difference| in 亿元
    #: and the tolerance; plus cells where RDActivity was missing and a duplicate was used
    rd_total_check: dict[str, dict[str, float]] = field(default_factory=dict)
    rd_total_fallbacks: int = 0
    #: shape of the wide panel returned
    panel_shape: tuple[int, int] = (0, 0)

    @property
    def rows_accounted(self) -> int:
        return (
            self.rows_outside_years
            + self.rows_missing_value
            + self.rows_duplicate_reconciled
            + self.rows_used
        )

    def accounted(self) -> bool:
        """Whether every row read is in exactly one category."""
        return self.rows_read == self.rows_accounted

    @property
    def names_fixed_total(self) -> int:
        return sum(self.names_fixed.values())

    def name_fixes_table(self) -> pd.DataFrame:
        """Repaired names: raw, canonical, the rule that mapped it, rows."""
        rows = [(raw, canon, _name_rule(raw), n) for (raw, canon), n in self.names_fixed.items()]
        return pd.DataFrame(rows, columns=["raw", "canonical", "rule", "rows"])

    def summary(self) -> pd.DataFrame:
        """The row accounting as a two-column table (item, rows)."""
        items = [
            ("rows read", self.rows_read),
            (f"outside {self.years[0]}-{self.years[1]}", self.rows_outside_years),
            ("missing value", self.rows_missing_value),
            ("duplicate R&D total reconciled", self.rows_duplicate_reconciled),
            ("used in panel", self.rows_used),
            ("province names repaired", self.names_fixed_total),
            ("unit labels repaired", sum(self.unit_labels_fixed.values())),
            ("values converted 万元 -> 亿元", sum(self.conversions.values())),
        ]
        return pd.DataFrame(items, columns=["item", "rows"])


def _name_rule(raw: str) -> str:
    spaced = re.search(r"\s", raw) is not None
    ocr = re.sub(r"\s+", "", raw) in OCR_NAME_FIXES
    return "+".join(r for r, on in (("whitespace", spaced), ("ocr", ocr)) if on) or "none"


def canonical_province(name: str) -> str | None:
    """The canonical name of a raw province name, or None when no rule maps it.

    Whitespace (ASCII or full-width) is removed, then :data:`OCR_NAME_FIXES` applies.
    """
    s = re.sub(r"\s+", "", str(name))
    s = OCR_NAME_FIXES.get(s, s)
    return s if s in CANONICAL_NAMES else None


def read_province_long(path: Path | str) -> pd.DataFrame:
    """Read the raw long CSV as strings (nothing converted), checking its header.

    Raises
    ------
    DataError
        If the file cannot be read as UTF-8 CSV or lacks one of :data:`RAW_COLUMNS`.
    """
    path = Path(path)
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise DataError(f"cannot read the province CSV: {exc}", file=str(path)) from exc
    missing = [c for c in RAW_COLUMNS if c not in raw.columns]
    if missing:
        raise DataError(
            f"missing column(s) {missing}; expected {list(RAW_COLUMNS)}", file=str(path), row=1
        )
    return raw[list(RAW_COLUMNS)]


def clean_province_long(
    raw: pd.DataFrame, *, file: str = SOURCE_NAME
) -> tuple[pd.DataFrame, ProvinceCleaningReport]:
    """Clean the raw long table into the wide ``(province, year)`` panel (rules: module doc).

    Parameters
    ----------
    raw
        The file's rows as strings, columns :data:`RAW_COLUMNS`, in file order (row ``i`` of the
        frame is line ``i + 2`` of the file, which error messages quote).
    file
        Name used in error messages.

    Returns
    -------
    panel, report
        ``panel`` indexed by ``(province, year)``, sorted, every province-year of :data:`YEARS`,
        one float64 column per :data:`PROVINCE_CODEBOOK` code in codebook order.

    Raises
    ------
    DataError
        Unmapped province name, non-integer year, non-numeric value, unknown table/variable,
        item label or unit, a negative value where impossible, two rows for one cell, or an
        R&D total that disagrees between tables beyond tolerance.
    """
    rep = ProvinceCleaningReport(rows_read=len(raw))
    df = raw.reset_index(drop=True).copy()
    df["line"] = np.arange(len(df)) + 2  # header is line 1

    # 1. names --------------------------------------------------------------------------
    raw_names = df["province"].astype(str)
    mapping = {n: canonical_province(n) for n in raw_names.unique()}
    bad = [n for n, c in mapping.items() if c is None]
    if bad:
        first = int(df.loc[raw_names == bad[0], "line"].iloc[0])
        raise DataError(
            f"province name {bad[0]!r} is neither one of the 31 provinces nor {NATIONAL} and no "
            f"repair rule maps it (unmapped names: {bad})",
            file=file,
            row=first,
            column="province",
        )
    df["province"] = raw_names.map(mapping)
    fixed = Counter((r, mapping[r]) for r in raw_names[raw_names.map(lambda n: mapping[n] != n)])
    rep.names_fixed = dict(sorted(fixed.items()))

    # years -------------------------------------------------------------------------------
    year = pd.to_numeric(df["year"].str.strip(), errors="coerce")
    bad_year = year.isna() | (year != year.round())
    if bad_year.any():
        i = int(np.flatnonzero(bad_year.to_numpy())[0])
        raise DataError(
            f"year {df['year'].iloc[i]!r} is not an integer",
            file=file,
            row=int(df["line"].iloc[i]),
            column="year",
        )
    df["year"] = year.astype("int64")

    # 2. years outside the window ---------------------------------------------------------
    outside = ~df["year"].between(*YEARS)
    rep.rows_outside_years = int(outside.sum())
    rep.outside_years_by = {
        (str(t), int(y)): int(n)
        for (t, y), n in df[outside].groupby(["table", "year"]).size().items()
    }
    df = df[~outside]

    # known variables, labels and units ---------------------------------------------------
    df = _check_variables(df, rep, file)

    # 3. values ---------------------------------------------------------------------------
    text = df["value"].str.strip()
    empty = text.eq("")
    value = pd.to_numeric(text.where(~empty), errors="coerce")
    not_num = ~empty & (value.isna() | ~np.isfinite(value.fillna(0.0)))
    if not_num.any():
        i = int(np.flatnonzero(not_num.to_numpy())[0])
        raise DataError(
            f"value {df['value'].iloc[i]!r} is not a number",
            file=file,
            row=int(df["line"].iloc[i]),
            column="value",
        )
    rep.rows_missing_value = int(empty.sum())
    rep.missing_value_by = {
        (str(t), str(v)): int(n)
        for (t, v), n in df[empty].groupby(["table", "variable"]).size().items()
    }
    df = df[~empty].assign(value=value[~empty].astype("float64"))

    # one row per cell --------------------------------------------------------------------
    key = ["table", "variable", "province", "year"]
    dup = df.duplicated(key, keep=False)
    if dup.any():
        d = df[dup].sort_values([*key, "line"])
        lines = d["line"].head(2).tolist()
        r = d.iloc[0]
        raise DataError(
            f"{r['table']}/{r['variable']} has more than one row for {r['province']} {r['year']} "
            f"(lines {lines}), e.g. a spaced and an unspaced spelling of the name",
            file=file,
            row=int(lines[1]),
            column="province",
        )

    # 4. units: raw -> canonical ----------------------------------------------------------
    df = df.assign(value=df["value"] * df["factor"])

    neg = df["nonnegative"] & (df["value"] < 0)
    if neg.any():
        r = df[neg].iloc[0]
        raise DataError(
            f"{r['table']}/{r['variable']} is negative ({r['value']:g}) for {r['province']} "
            f"{r['year']}; it cannot be",
            file=file,
            row=int(r["line"]),
            column="value",
        )

    # 5. the duplicated R&D total ---------------------------------------------------------
    df = _reconcile_rd_total(df, rep, file)

    # wide panel --------------------------------------------------------------------------
    rep.rows_used = len(df)
    conv = df[df["factor"] != 1.0]
    rep.conversions = {
        (str(c), f"{ru} -> {u}", float(f)): int(n)
        for (c, ru, u, f), n in conv.groupby(["code", "raw_unit", "unit", "factor"]).size().items()
    }
    wide = df.pivot(index=["province", "year"], columns="code", values="value")
    grid = pd.MultiIndex.from_product(
        [sorted(CANONICAL_NAMES), range(YEARS[0], YEARS[1] + 1)], names=["province", "year"]
    )
    panel = wide.reindex(index=grid, columns=list(PROVINCE_CODEBOOK["code"])).astype("float64")
    panel.columns.name = None
    panel = panel.sort_index()
    rep.panel_shape = panel.shape
    if not rep.accounted():  # a bug, not a data problem
        raise RuntimeError(f"row accounting broken: {rep.rows_read} read, {rep.rows_accounted}")
    return panel, rep


def _variable_specs() -> pd.DataFrame:
    """Codebook rows plus the duplicate R&D totals, keyed by (table, variable)."""
    cb = PROVINCE_CODEBOOK.assign(duplicate=False)
    dups = pd.DataFrame(
        [
            {
                "code": "rd_expenditure",
                "table": t,
                "variable": v,
                "item_zh": d["item_zh"],
                "raw_unit": d["raw_unit"],
                "unit": "亿元",
                "factor": d["factor"],
                "nonnegative": True,
                "duplicate": True,
            }
            for (t, v), d in DUPLICATE_RD_TOTALS.items()
        ]
    )
    cols = ["table", "variable", "code", "item_zh", "raw_unit", "unit", "factor", "nonnegative"]
    spec = pd.concat([cb[cols], dups[[*cols, "duplicate"]]], ignore_index=True)
    spec["duplicate"] = spec["duplicate"].fillna(False).astype(bool)
    return spec.rename(columns={"item_zh": "item_expected"})


def _check_variables(df: pd.DataFrame, rep: ProvinceCleaningReport, file: str) -> pd.DataFrame:
    """Attach each row's codebook entry; repair known unit labels; stop on anything unknown."""
    df = df.rename(columns={"unit": "unit_label"})
    out = df.merge(_variable_specs(), on=["table", "variable"], how="left", validate="m:1")
    out.index = df.index

    unknown = out["code"].isna()
    if unknown.any():
        r = out[unknown].iloc[0]
        raise DataError(
            f"unknown table/variable {r['table']}/{r['variable']}; PROVINCE_CODEBOOK lists "
            "every variable the panel reads",
            file=file,
            row=int(r["line"]),
            column="variable",
        )
    bad_item = out["item_zh"].str.strip() != out["item_expected"]
    if bad_item.any():
        r = out[bad_item].iloc[0]
        raise DataError(
            f"{r['table']}/{r['variable']} has item label {r['item_zh']!r}, expected "
            f"{r['item_expected']!r}",
            file=file,
            row=int(r["line"]),
            column="item_zh",
        )

    label = out["unit_label"].str.strip()
    wrong = label != out["raw_unit"]
    fixable = pd.Series(
        [
            UNIT_LABEL_FIXES.get((t, v, u)) == ru
            for t, v, u, ru in zip(
                out["table"], out["variable"], label, out["raw_unit"], strict=True
            )
        ],
        index=out.index,
        dtype=bool,
    )
    bad_unit = wrong & ~fixable
    if bad_unit.any():
        r = out[bad_unit].iloc[0]
        raise DataError(
            f"{r['table']}/{r['variable']} is in {r['unit_label']!r}; expected "
            f"{r['raw_unit']!r} (no conversion or label repair is known for this unit)",
            file=file,
            row=int(r["line"]),
            column="unit",
        )
    rep.unit_labels_fixed = {
        (str(t), str(v), str(u)): int(n)
        for (t, v, u), n in out[wrong]
        .assign(unit_label=label[wrong])
        .groupby(["table", "variable", "unit_label"])
        .size()
        .items()
    }
    return out


def _reconcile_rd_total(df: pd.DataFrame, rep: ProvinceCleaningReport, file: str) -> pd.DataFrame:
    """Keep RDActivity's R&D total; check the duplicates against it; fill its gaps from them."""
    key = ["province", "year"]
    primary = df[(df["code"] == "rd_expenditure") & ~df["duplicate"]].set_index(key)["value"]
    keep = ~df["duplicate"]
    fills = []
    rep.rd_total_check = {}
    # RDSource first: it has RDActivity's precision; RDIntense is rounded to 0.1 亿元
    for (table, _), spec in DUPLICATE_RD_TOTALS.items():
        rows = df[df["duplicate"] & (df["table"] == table)]
        other = rows.set_index(key)
        both = other.index.intersection(primary.index)
        diff = (other.loc[both, "value"] - primary.loc[both]).abs()
        too_far = diff > spec["tol"] + _FLOAT_SLACK
        if too_far.any():
            (prov, yr) = diff[too_far].index[0]
            line = int(other.loc[(prov, yr), "line"])
            raise DataError(
                f"R&D total of {prov} {yr}: {table} gives {other.loc[(prov, yr), 'value']:.4f} "
                f"亿元 but RDActivity {primary.loc[(prov, yr)]:.4f} 亿元; they may differ by "
                f"rounding only (tolerance {spec['tol']:g} 亿元)",
                file=file,
                row=line,
                column="value",
            )
        rep.rd_total_check[table] = {
            "rows_compared": len(both),
            "max_abs_diff_yi": float(diff.max()) if len(diff) else 0.0,
            "tolerance_yi": spec["tol"],
        }
        # where RDActivity has no value (and no earlier duplicate filled it), use this one
        gap = other.index.difference(primary.index)
        if len(gap):
            fills.append(other.loc[gap, "line"])
            primary = pd.concat([primary, other.loc[gap, "value"]])
    fill_lines = set(pd.concat(fills).tolist()) if fills else set()
    rep.rd_total_fallbacks = len(fill_lines)
    keep = keep | df["line"].isin(fill_lines)
    rep.rows_duplicate_reconciled = int((~keep).sum())
    return df[keep]


def _relative_name(path: Path) -> str:
    """``data/province-st/<file>`` for the shipped file (checkout or wheel), else the path."""
    try:
        return (Path("data") / path.resolve().relative_to(config.DATA_DIR.resolve())).as_posix()
    except ValueError:
        return str(path)


def _check_sha256sums(path: Path, digest: str) -> None:
    """Stop if a SHA256SUMS next to the file lists another hash for it (the file was edited)."""
    sums = path.parent / "SHA256SUMS"
    if not sums.is_file():
        return
    for line in sums.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1].lstrip("*") == path.name and parts[0].lower() != digest:
            raise DataError(
                f"sha256 {digest} differs from {parts[0]} recorded in {sums.name}; the raw "
                "province data must not be edited (clean it in code instead)",
                file=str(path),
            )


def validate_province_panel(panel: pd.DataFrame, *, file: str = SOURCE_NAME) -> pd.DataFrame:
    """Check a wide province panel against its pandera schema; return it or raise DataError."""
    columns = {
        code: pa.Column(
            "float64",
            checks=[pa.Check.ge(0)] if nonneg else [],
            nullable=True,
        )
        for code, nonneg in zip(
            PROVINCE_CODEBOOK["code"], PROVINCE_CODEBOOK["nonnegative"], strict=True
        )
    }
    schema = pa.DataFrameSchema(
        columns,
        index=pa.MultiIndex(
            [
                pa.Index(str, name="province", checks=pa.Check.isin(sorted(CANONICAL_NAMES))),
                pa.Index("int64", name="year", checks=pa.Check.in_range(*YEARS)),
            ],
            strict=True,
            ordered=True,
        ),
        strict=True,
        ordered=True,
        checks=[
            pa.Check(lambda d: bool(d.index.is_unique), name="index_unique"),
            pa.Check(lambda d: bool(d.index.is_monotonic_increasing), name="index_sorted"),
        ],
        name="province S&T panel",
    )
    try:
        return schema.validate(panel, lazy=True)
    except SchemaErrors as exc:
        fc = exc.failure_cases
        first = fc.iloc[0]
        raise DataError(
            f"the province panel fails its schema: {first['check']} on {first['column']!r} "
            f"({len(fc)} failure case(s))",
            file=file,
            column=None if pd.isna(first["column"]) else str(first["column"]),
        ) from exc


def load_province_panel(
    *, path: str | Path | None = None, return_report: bool = False
) -> pd.DataFrame | tuple[pd.DataFrame, ProvinceCleaningReport]:
    """The real province S&T panel, 31 provinces and 全国, 2010-2023, cleaned and wide.

    Parameters
    ----------
    path
        The raw long CSV; default the shipped ``data/province-st/province_st_long.csv``,
        whose sha256 must match ``SHA256SUMS`` next to it.
    return_report
        Also return the :class:`ProvinceCleaningReport`.

    Returns
    -------
    pandas.DataFrame or (DataFrame, ProvinceCleaningReport)
        Indexed by ``(province, year)`` (canonical Chinese names, int years), sorted; one
        float64 column per :data:`PROVINCE_CODEBOOK` code in its unit (money in 亿元).
        ``attrs``: ``source``, ``sha256``, ``synthetic`` (False), ``citation``,
        ``citation_zh``, ``license``, ``years``.

    Raises
    ------
    DataError
        See :func:`clean_province_long`; also an unreadable file or a changed shipped file.
    """
    if not isinstance(return_report, bool):
        raise TypeError(f"return_report must be True or False, not {return_report!r}")
    p = Path(path) if path is not None else config.PROVINCE_CSV
    if not p.is_file():
        raise DataError("no such file", file=str(p))
    digest = sha256_file(p)
    _check_sha256sums(p, digest)
    name = _relative_name(p)
    panel, report = clean_province_long(read_province_long(p), file=name)
    panel = validate_province_panel(panel, file=name)
    panel.attrs = {
        "source": name,
        "sha256": digest,
        "synthetic": False,
        "citation": CITATION,
        "citation_zh": CITATION_ZH,
        "license": "MIT (data/province-st/LICENSE-techme.md)",
        "years": YEARS,
    }
    return (panel, report) if return_report else panel
