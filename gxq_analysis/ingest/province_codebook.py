"""What the province S&T panel holds: the provinces, the variables read, the source.

- the 31 provinces with their English names and NBS regions (:data:`PROVINCES`) and
  :data:`NATIONAL`, the years covered (:data:`YEARS`);
- the codebook (:data:`PROVINCE_CODEBOOK`): per panel column its source table and variable,
  item label, raw and canonical unit and conversion factor;
- the raw file: its columns (:data:`RAW_COLUMNS`), name and citation.

Cleaning (:mod:`.province_clean`) and loading (:mod:`.province`) read from here.
"""

from __future__ import annotations

import pandas as pd

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

WAN_TO_YI = 1e-4  # 万元 -> 亿元

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
    factors = {("万元", "亿元"): WAN_TO_YI}
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
