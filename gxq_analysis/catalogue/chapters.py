"""The words of the chapters, the review documents and the ``gxq`` commands, zh and en.

``CHAPTER_STRINGS`` maps a dotted key (its first part says where the text is used:
``chapter.*``, ``prose.*``, ``col.*``, ``finding.*``, ``province.*``, ``build.*``, ...) to
``(Chinese, English)``; templates carry :meth:`str.format` fields with the number specs of
:mod:`gxq_analysis.report.numformat`. It is one part of the one catalogue,
:data:`gxq_analysis.catalogue.STRINGS` (with the data layer's words, :mod:`.data`): look texts
up through :func:`gxq_analysis.report.strings.t`. The notebooks' markdown cells are generated
from here (:mod:`gxq_analysis.publish.literate`). Data only: no logic lives here.
"""

from __future__ import annotations

# No imports: the build reads its progress messages from here on the no-change path, which must
# not load pandas (the provinces' English names, from the province registry, are in strings).
__all__ = ["CHAPTER_STRINGS", "CITY_EN", "UNIT_EN"]

# key -> (Chinese, English). Keys are dotted: the first part says where the text is used.
# Both texts of one key must use the same format fields (tests/catalogue/test_catalogue.py).
CHAPTER_STRINGS: dict[str, tuple[str, str]] = {
    # --- reviews and chapters -----------------------------------------------------------
    "review.midterm": ("中期评估", "Mid-term review"),
    "review.final": ("终期评估", "Final review"),
    "review.period": (
        "{review}：评估期{start}–{end}年，基期{baseline}年",
        "{review}: review period {start}–{end}, baseline {baseline}",
    ),
    "chapter.overview": ("概览", "Overview"),
    "chapter.benchmarks": ("对标与目标进展", "Benchmarks and targets"),
    "chapter.inputoutput": ("投入产出回归分析", "Input–output regressions"),
    "chapter.policy": (
        "沈大国家自主创新示范区的政策效应",
        "Policy effect of the demonstration zone",
    ),
    "chapter.keytasks": ("重点任务进展", "Key tasks"),
    "chapter.province": ("全国视野中的辽宁", "Liaoning in national context"),
    "chapter.findings": ("主要发现与建议", "Findings and recommendations"),
    "chapter.zone_profile": ("{zone}概况", "Profile: {zone}"),
    # --- section headings ---------------------------------------------------------------
    "section.method": ("方法", "Method"),
    "section.benchmarks": ("与全国高新区平均水平的差距", "Gaps to the national zone averages"),
    "section.outlook": ("2020年展望", "Outlook to 2020"),
    "section.radiation": ("辐射带动作用", "Radiation: zone GDP in its city"),
    "section.regressions": ("回归结果", "Regression results"),
    "section.hausman": ("固定效应与随机效应的选择", "Fixed or random effects"),
    "section.event_study": ("事件研究", "Event study"),
    "section.did": ("双重差分估计", "Difference-in-differences estimate"),
    "section.findings": ("主要发现", "Main findings"),
    "section.recommendations": ("建议", "Recommendations"),
    # --- table headers (col.<DataFrame column name>) ------------------------------------
    "col.zone": ("高新区", "Zone"),
    "col.year": ("年份", "Year"),
    "col.tier": ("类别", "Tier"),
    "col.level": ("级别", "Level"),
    "col.scope": ("范围", "Scope"),
    "col.scope_kind": ("范围类型", "Kind of scope"),
    "col.baseline_source": ("基期值来源", "Baseline source"),
    "col.baseline_panel": ("数据中的基期值", "Baseline in the data"),
    "col.indicator": ("指标", "Indicator"),
    "col.unit": ("单位", "Unit"),
    "col.baseline": ("基期值", "Baseline"),
    "col.value": ("评估期末值", "End value"),
    "col.benchmark": ("对标值", "Benchmark"),
    "col.target": ("目标值", "Target"),
    "col.source": ("来源章节", "Source chapter"),
    "col.gap": ("差距", "Gap"),
    "col.baseline_gap": ("基期差距", "Baseline gap"),
    "col.gap_closed": ("差距缩小比例", "Share of gap closed"),
    "col.cagr": ("年均增长率", "Annual growth (CAGR)"),
    "col.growth": ("增长", "Growth"),
    "col.rank": ("排名", "Rank"),
    "col.status": ("状态", "Status"),
    "col.projection": ("2020年预测值", "Projected 2020"),
    "col.term": ("变量", "Variable"),
    "col.estimate": ("估计值", "Estimate"),
    "col.std_error": ("标准误", "Std. error"),
    "col.pvalue": ("p值", "p-value"),
    "col.ci_lower": ("置信区间下限", "CI lower"),
    "col.ci_upper": ("置信区间上限", "CI upper"),
    "col.nobs": ("观测数", "Observations"),
    "col.model": ("模型", "Model"),
    "col.stat": ("统计量", "Statistic"),
    "col.df": ("自由度", "df"),
    "col.event_time": ("相对年份", "Event time"),
    "col.province": ("省份", "Province"),
    "col.finding": ("发现", "Finding"),
    "col.severity": ("重要程度", "Severity"),
    "col.note": ("说明", "Note"),
    # --- statuses and severities --------------------------------------------------------
    "status.on_track": ("进展顺利", "On track"),
    "status.at_risk": ("存在风险", "At risk"),
    "status.off_track": ("明显滞后", "Off track"),
    "status.benchmark_reached": ("已达到对标值", "Benchmark reached"),
    "status.below_benchmark": ("低于对标值", "Below benchmark"),
    "status.at_or_above_benchmark_in_2015": (
        "2015年已达到或高于对标值",
        "At or above benchmark in 2015",
    ),
    "status.at_or_above_benchmark": ("达到或高于对标值", "At or above benchmark"),
    "status.fell_below_benchmark": ("降至对标值以下", "Fell below benchmark"),
    "status.not_computable": ("无法计算", "Not computable"),
    "status.level_with_benchmark": ("与对标值持平", "Level with benchmark"),
    "status.not_in_data": ("数据中没有", "Not in the data"),
    "status.group_incomplete": ("数据不全", "Incomplete in the data"),
    "trend.improved": ("改善", "Improved"),
    "trend.worsened": ("恶化", "Worsened"),
    "trend.unchanged": ("基本未变", "Unchanged"),
    "col.trend": ("差距变化", "Gap since 2015"),
    "col.gap_change": ("差距变化（百分点）", "Change of the gap (pp)"),
    "col.baseline_plan": ("规划公布的基期值", "Plan's printed baseline"),
    "col.data_value": ("数据中的2015年值", "2015 value in the data"),
    "col.difference": ("差异（百分点）", "Difference (pp)"),
    "status.no_data_for_end_year": ("评估期末无数据", "No data for the end year"),
    "severity.high": ("高", "High"),
    "severity.medium": ("中", "Medium"),
    "severity.low": ("低", "Low"),
    # --- model names (regression tables and coefficient plots) --------------------------
    "model.pooled": ("混合OLS", "Pooled OLS"),
    "model.fe": ("固定效应", "Fixed effects"),
    "model.twfe": ("双向固定效应", "Two-way fixed effects"),
    "model.re": ("随机效应", "Random effects"),
    "model.between": ("组间估计", "Between"),
    "model.fd": ("一阶差分", "First differences"),
    # --- units ----------------------------------------------------------------------------
    "unit.pp": ("百分点", "percentage points"),
    # --- the plan's three tiers (plan §三(三); plan.zones.TIER_NAMES); English in lower case,
    # capitalised where a name opens a line (report.strings.tier_label) ---------------------
    "tier.first_class": ("国家一流科技园区", "world-class science parks"),
    "tier.innovative": ("创新型科技园区", "innovative science parks"),
    "tier.distinctive": ("创新型特色园区", "distinctive innovative parks"),
    # --- known breaks in Liaoning's statistics (plan.breaks) ------------------------------
    "break.y2016": (
        "2016年辽宁挤出统计数据水分，地区生产总值等指标大幅下修（城市GDP一年下降20%–40%）",
        "2016 correction of Liaoning's inflated statistics: GDP and related figures revised "
        "down sharply (city GDP fell 20–40% in one year)",
    ),
    "break.y2019": (
        "2019年第四次全国经济普查后地区生产总值数据修订",
        "2019 revision of GDP after the fourth national economic census",
    ),
    "break.recorded": ("数据元信息中记录的统计口径调整", "break recorded in the data's metadata"),
    # --- scopes that are groups rather than zones or tiers ------------------------------
    "scope.all_zones": ("全省高新区", "All zones"),
    "scope.national_zones": ("国家级高新区", "National zones"),
    "scope.provincial_zones": ("省级高新区", "Provincial zones"),
    "scope.provincial_zones_ex_dandong": (
        "省级高新区（不含丹东）",
        "Provincial zones except Dandong",
    ),
    "scope.national_average": ("全国高新区平均", "National zone average"),
    "scope.liaoning_province": ("辽宁省", "Liaoning province"),
    "kind.zone": ("高新区", "Zone"),
    "kind.tier": ("类别", "Tier"),
    "kind.level": ("级别", "Level"),
    "kind.all": ("全部", "All zones"),
    "level.national": ("国家级", "National"),
    "level.provincial": ("省级", "Provincial"),
    # --- indicators that are not codebook codes or derived ratios -----------------------
    "ind.zone_count": ("高新区数量（个）", "Number of zones"),
    "ind.gdp_share_of_province": ("占全省GDP比重（%）", "Share of provincial GDP (%)"),
    "ind.hitech_firms_share_of_province": (
        "高新技术企业数占全省比重（%）",
        "Share of the province's high-tech enterprises (%)",
    ),
    "ind.hitech_va_share_of_province": (
        "高新技术产品增加值占全省比重（%）",
        "Share of the province's high-tech value added (%)",
    ),
    "ind.fiscal_st_share_gap_to_national_zones": (
        "财政科技资金投入比重与国家级高新区之差（百分点）",
        "Fiscal S&T share minus that of national zones (points)",
    ),
    # --- figures ------------------------------------------------------------------------
    "fig.year": ("年份", "Year"),
    "fig.trend_title": ("{indicator}，{start}–{end}年", "{indicator}, {start}–{end}"),
    "fig.other_zones": ("其他高新区", "Other zones"),
    "fig.break.2016": ("2016年统计数据修正", "2016 statistical correction"),
    "fig.break.2019": ("2019年经济普查修订", "2019 economic census revision"),
    "fig.break.other": ("{year}年统计口径变化", "{year} statistical break"),
    "fig.gap_title": ("{indicator}：与对标值的差距", "{indicator}: gap to benchmark"),
    "fig.group": ("汇总", "Group"),
    "fig.gap_end": ("{year}年差距", "Gap in {year}"),
    "fig.gap_end_plain": ("评估期末差距", "Gap at end of review"),
    "fig.gap_baseline": ("基期差距", "Baseline gap"),
    "fig.es_title": ("事件研究：{outcome}", "Event study: {outcome}"),
    "fig.es_xlabel": ("相对于{start}年的年份", "Years relative to {start}"),
    "fig.es_ylabel": ("估计效应（对数点）", "Estimated effect (log points)"),
    "fig.es_ylabel_plain": ("估计效应", "Estimated effect"),
    "fig.treatment_start": ("{start}年示范区获批", "Demonstration zone approved ({start})"),
    "fig.reference": ("参照期（设为0）", "Reference period (set to 0)"),
    "fig.heat_title": (
        "各高新区与对标值的差距（格内为差距，颜色为相对差距）",
        "Each zone's gap to the benchmark (cells: the gap; colour: relative to the benchmark)",
    ),
    "fig.heat_colour": ("相对对标值的差距", "Gap relative to the benchmark"),
    "fig.treated_mean": ("处理园区（平均）", "Treated zones (mean)"),
    "fig.synthetic.sdid": ("合成双重差分对照", "Synthetic DiD comparison"),
    "fig.synthetic.sc": ("合成控制", "Synthetic control"),
    "fig.synthetic.did": ("对照园区平均（平移）", "Control mean (shifted)"),
    "fig.log_value": ("对数值", "Log value"),
    "fig.value": ("数值", "Value"),
    "fig.synth_title": (
        "{outcome}：处理园区与合成对照",
        "{outcome}: treated zones and their synthetic",
    ),
    "fig.placebo_title": ("{outcome}：安慰剂差距", "{outcome}: placebo gaps"),
    "fig.placebo_paths": ("对照园区轮流作为虚拟处理组", "Control zones as placebo treated"),
    "fig.gap_ylabel": ("处理组与合成对照之差（对数点）", "Treated minus synthetic (log points)"),
    "fig.ci": ("{level}%置信区间", "{level}% confidence interval"),
    "fig.coef_title": ("系数估计", "Coefficient estimates"),
    "fig.coef_xlabel": ("估计值及{level}%置信区间", "Estimate with {level}% confidence interval"),
    "fig.province_title": ("{indicator}：{province}与全国", "{indicator}: {province} and China"),
    "fig.other_provinces": ("其他省份", "Other provinces"),
    "fig.national": ("全国", "China (national)"),
    "fig.synthetic_note": (
        "合成（模拟）数据，非真实统计：{source}",
        "SYNTHETIC demo data, not official statistics: {source}",
    ),
    "fig.synthetic_note_plain": (
        "合成（模拟）数据，非真实统计",
        "SYNTHETIC demo data, not official statistics",
    ),
    "fig.source_note": ("数据来源：{source}", "Source: {source}"),
    # --- key tasks of the plan (evaluation.keytasks: ids and reason codes) ----------------
    "task.industry": ("大力推动高新技术产业发展", "High-tech industry"),
    "task.incubation": ("发展众创空间推进大众创新创业", "Maker spaces and incubation"),
    "task.internet_plus": ("实施“互联网+”行动", "Internet+"),
    "task.talent": ("引进和培育领军创新创业人才", "Talent"),
    "task.clusters": ("推动高新区产业集群做强做大", "Industrial clusters"),
    "task.platforms": ("研发平台与创新能力", "R&D platforms and innovation"),
    "task.governance": ("加强组织领导和管理指导", "Governance"),
    "task.finance": ("建立健全金融支撑体系", "Finance system"),
    "task.policy": ("完善政策支持体系", "Policy support"),
    "task.culture": ("营造创新创业文化", "Innovation culture"),
    "task.reason.no_internet_indicator": (
        "面板数据中没有反映园区“互联网+”应用情况的指标",
        "No zone-level indicator of Internet+ adoption is collected in the panel",
    ),
    "task.reason.no_cluster_output": (
        "面板数据没有产业集群层面的产出，园区合计值无法区分各集群",
        "The panel has no cluster-level output; zone totals cannot separate clusters",
    ),
    "task.reason.governance_not_quantified": (
        "组织领导和管理措施未在面板数据中量化",
        "Organisational measures are not quantified in the panel",
    ),
    "task.reason.culture_not_measured": (
        "面板数据中没有衡量创新创业文化的指标",
        "Innovation culture is not measured by any indicator in the panel",
    ),
    "task.reason.indicators_missing": (
        "数据中缺少以下指标：{missing}",
        "Indicators missing in the data: {missing}",
    ),
    # --- where a finding comes from (evaluation function ids): the chapter (and section) ----
    "source.benchmark_progress": ("对标与目标进展", "Benchmarks and targets"),
    "source.outlook": ("对标与目标进展（2020年展望）", "Benchmarks and targets (outlook to 2020)"),
    "source.radiation": ("重点任务进展（辐射带动作用）", "Key tasks (radiation)"),
    "source.key_tasks": ("重点任务进展", "Key tasks"),
    "source.did": ("沈大国家自主创新示范区的政策效应", "Policy effect of the demonstration zone"),
    "source.input_output": ("投入产出回归分析", "Input–output regressions"),
    # --- findings (evaluation.findings messages; fields named in report.views.findings) --
    # the 2015 start of a benchmark finding (report.views.findings picks the variant): the
    # data's value, the plan's printed figure beside it, or the plan's where the data lack it
    "finding.start.data": (
        "{baseline_year}年起点为{baseline:per1}",
        "from {baseline:per1} in {baseline_year}",
    ),
    "finding.start.data_plan": (
        "{baseline_year}年起点为{baseline:per1}（规划公布值为{plan:per1}）",
        "from {baseline:per1} in {baseline_year} (the plan printed {plan:per1})",
    ),
    "finding.start.plan": (
        "{baseline_year}年起点取规划公布值{baseline:per1}（数据中无此值）",
        "from the plan's printed {baseline:per1} for {baseline_year} (the data lack it)",
    ),
    "finding.benchmark.closing": (
        "{scope}{indicator}{year}年为{value:per1}，低于{benchmark:per1}的基准；"
        "{start}，差距缩小了{closed:pct0}。",
        "{scope}: {indicator} was {value:per1} in {year}, below the {benchmark:per1} "
        "benchmark; {start} it closed {closed:pct0} of the gap.",
    ),
    "finding.benchmark.widening": (
        "{scope}{indicator}{year}年为{value:per1}，低于{benchmark:per1}的基准；"
        "{start}，差距反而扩大。",
        "{scope}: {indicator} was {value:per1} in {year}, below the {benchmark:per1} "
        "benchmark; {start} the gap widened.",
    ),
    "finding.benchmark.unchanged": (
        "{scope}{indicator}{year}年为{value:per1}，低于{benchmark:per1}的基准；"
        "{start}，差距基本未变（变化不足{tolerance:num1}个百分点）。",
        "{scope}: {indicator} was {value:per1} in {year}, below the {benchmark:per1} "
        "benchmark; {start} the gap is unchanged (it moved by less than {tolerance:num1} "
        "percentage point).",
    ),
    "finding.benchmark.level": (
        "{scope}{indicator}{start}，{year}年为{value:per1}，与{benchmark:per1}的基准持平"
        "（相差不足{tolerance:num2}个百分点）。",
        "{scope}: {indicator} was {value:per1} in {year}, {start}, level with the "
        "{benchmark:per1} benchmark (within {tolerance:num2} percentage point).",
    ),
    "finding.benchmark.fell": (
        "{scope}{indicator}{start}，不低于基准；{year}年降至{value:per1}，低于{benchmark:per1}的基准。",
        "{scope}: {indicator} fell {start} to {value:per1} in {year}, below the "
        "{benchmark:per1} benchmark.",
    ),
    "finding.benchmark.baseline_differs": (
        "{scope}{indicator}{baseline_year}年数据为{data:per1}，规划公布为{plan:per1}，"
        "相差{diff:+num1}个百分点；本评估以数据为基期，规划数值列于其旁。",
        "{scope}: {indicator} was {data:per1} in {baseline_year} in the data, where the plan "
        "printed {plan:per1} ({diff:+num1} points); the review starts from the data and shows "
        "the plan's figure beside it.",
    ),
    "finding.benchmark.reached": (
        "{scope}{indicator}{year}年为{value:per1}，达到或高于{benchmark:per1}的基准。",
        "{scope}: {indicator} was {value:per1} in {year}, at or above the {benchmark:per1} "
        "benchmark.",
    ),
    "finding.outlook.on_track": (
        "按{baseline_year}—{end}年趋势，{scope}{indicator}{target_year}年预计为"
        "{projection:per1}，有望达到基准。",
        "On its {baseline_year}–{end} trend, {scope}'s {indicator} projects to "
        "{projection:per1} in {target_year}: on track for the benchmark.",
    ),
    "finding.outlook.at_risk": (
        "按{baseline_year}—{end}年趋势，{scope}{indicator}{target_year}年预计为"
        "{projection:per1}，存在达不到基准的风险。",
        "On its {baseline_year}–{end} trend, {scope}'s {indicator} projects to "
        "{projection:per1} in {target_year}: at risk of missing the benchmark.",
    ),
    "finding.outlook.off_track": (
        "按{baseline_year}—{end}年趋势，{scope}{indicator}{target_year}年预计为"
        "{projection:per1}，难以达到基准。",
        "On its {baseline_year}–{end} trend, {scope}'s {indicator} projects to "
        "{projection:per1} in {target_year}: off track for the benchmark.",
    ),
    "finding.outlook.zones": (
        "按{baseline_year}—{end}年趋势，{n:int}个高新区中有{n_off:int}个的{indicator}"
        "到{target_year}年难以达到基准。",
        "On the {baseline_year}–{end} trend, {n_off:int} of {n:int} zones are off track to "
        "reach the benchmark for {indicator} by {target_year}.",
    ),
    "finding.radiation.share": (
        "{scope}GDP占所在市GDP比重{year}年为{value:per1}。",
        "{scope}: zone GDP was {value:per1} of city GDP in {year}.",
    ),
    "finding.radiation.break": (
        "{scope}GDP占所在市GDP比重{year}年为{value:per1}；因统计口径断点，"
        "与{baseline_year}年的变化不作为真实变化报告。",
        "{scope}: zone GDP was {value:per1} of city GDP in {year}; the change since "
        "{baseline_year} crosses a statistical break and is not reported as real.",
    ),
    "finding.keytask.grew": (
        "{scope}{indicator}{baseline_year}—{year}年年均增长{rate:per1}。",
        "{scope}: {indicator} grew {rate:per1} a year in {baseline_year}–{year}.",
    ),
    "finding.keytask.fell": (
        "{scope}{indicator}{baseline_year}—{year}年年均下降{rate:per1}。",
        "{scope}: {indicator} fell {rate:per1} a year in {baseline_year}–{year}.",
    ),
    "finding.did.rose": (
        "示范区效应：{zones}的{indicator}相对其他高新区提高约{pct:per1}（{estimator}估计"
        "{att:num3}对数点，{level:pct0}{interval}区间{lower:num3}至{upper:num3}，p = {p:num3}；"
        "对{k:int}项产出同时检验的族错误率校正p = {p_adj:num3}）；"
        "仅{n_treated:int}个处理园区，结论应谨慎解读。",
        "Demonstration-zone effect: the {indicator} of {zones} rose about {pct:per1} relative "
        "to the other zones ({estimator} estimate {att:num3} log points, {level:pct0} "
        "{interval} interval {lower:num3} to {upper:num3}, p = {p:num3}; adjusted for testing "
        "{k:int} outputs together, p = {p_adj:num3}); with {n_treated:int} treated zones, read "
        "with care.",
    ),
    "finding.did.fell": (
        "示范区效应：{zones}的{indicator}相对其他高新区降低约{pct:per1}（{estimator}估计"
        "{att:num3}对数点，{level:pct0}{interval}区间{lower:num3}至{upper:num3}，p = {p:num3}；"
        "对{k:int}项产出同时检验的族错误率校正p = {p_adj:num3}）；"
        "仅{n_treated:int}个处理园区，结论应谨慎解读。",
        "Demonstration-zone effect: the {indicator} of {zones} fell about {pct:per1} relative "
        "to the other zones ({estimator} estimate {att:num3} log points, {level:pct0} "
        "{interval} interval {lower:num3} to {upper:num3}, p = {p:num3}; adjusted for testing "
        "{k:int} outputs together, p = {p_adj:num3}); with {n_treated:int} treated zones, read "
        "with care.",
    ),
    "finding.inputoutput.elasticity": (
        "投入产出弹性：上一年{input}每增加1%，{indicator}约变化{elasticity:num2}%"
        "（{test} p = {p:num3}）。",
        "Input–output: 1% more {input} in the previous year goes with a {elasticity:num2}% "
        "change in {indicator} ({test} p = {p:num3}).",
    ),
    # the codes a finding's fields carry (report.views.findings words them)
    "finding.estimator.did": ("双重差分", "DiD"),
    "finding.estimator.sdid": ("合成双重差分", "synthetic DiD"),
    "finding.estimator.sc": ("合成控制", "synthetic control"),
    "finding.interval.randomization": ("随机化推断", "randomization-inference"),
    "finding.interval.bootstrap": ("自助法", "bootstrap"),
    "finding.interval.placebo": ("安慰剂标准误", "placebo-standard-error"),
    "finding.interval.rank": ("空间安慰剂秩检验", "in-space-placebo-rank"),
    "finding.test.wcr": ("野聚类自助法", "wild cluster bootstrap"),
    "finding.test.crv1": ("聚类稳健t检验", "cluster-robust t test"),
    "list.sep": ("、", ", "),
    # --- Hausman test variants ---------------------------------------------------------------
    "hausman.classic": ("经典豪斯曼检验", "Classic Hausman test"),
    "hausman.mundlak": ("Mundlak检验（聚类稳健）", "Mundlak test (cluster-robust)"),
    # --- what a chapter cannot compute with these data (evaluation.support gap codes) -------
    # one sentence each: what is missing, and what data would make the result possible
    "support.zones_absent": (
        "数据中没有以下{n:int}个高新区的数值：{zones}。本报告不为其编写概况，涵盖它们的合计"
        "（如全省高新区、省级高新区）也无法计算；补充这些高新区的数据即可。",
        "The data hold no values for {n:int} zones: {zones}. They get no profile, and totals "
        "that include them (all zones, the provincial zones) cannot be computed; data for these "
        "zones would add both.",
    ),
    "support.zone_years_missing": (
        "{zone}缺{years}年的数据，这些年份涉及它的合计与比较无法计算；补充这些年份的数据即可。",
        "{zone} has no data for {years}: totals and comparisons involving it in those years "
        "cannot be computed; data for those years would complete them.",
    ),
    "support.indicator_missing": (
        "数据缺少{missing}，{indicator}无法计算，这一对标未做；补充{missing}的数据即可。",
        "The data lack {missing}, so {indicator} cannot be computed and is not benchmarked; "
        "data on {missing} would make it possible.",
    ),
    "support.no_benchmark_indicator": (
        "数据缺少{missing}，规划的四项对标比率均无法计算；补充这些指标的数据即可。",
        "The data lack {missing}, so none of the plan's four benchmark ratios can be computed; "
        "data on them would make the comparison possible.",
    ),
    "support.baseline_missing": (
        "数据中没有{year}年（基期）的数值，与基期的比较无法计算；补充{year}年的数据即可。",
        "The data have no values for {year}, the baseline year, so nothing can be compared with "
        "the baseline; data for {year} would make it possible.",
    ),
    "support.end_missing": (
        "数据中没有{year}年（评估期末）的数值，评估期末的差距无法计算；补充{year}年的数据即可。",
        "The data have no values for {year}, the last year of the review, so the gaps at its end "
        "cannot be computed; data for {year} would make it possible.",
    ),
    "support.outlook_years": (
        "2020年展望需要{start}—{end}年中至少{need:int}年的数值，数据中只有{n:int}年，未做外推；"
        "补充这些年份的数据即可。",
        "The outlook to 2020 needs at least {need:int} of the years {start}–{end}; the data have "
        "{n:int}, so there is no projection; data for those years would make it possible.",
    ),
    "support.regression_too_small": (
        "生产函数回归至少需要{need_zones:int}个高新区和{need_years:int}年的数据（投入滞后一年），"
        "数据中只有{n_zones:int}个高新区、{n_years:int}年，未估计；补充高新区或年份即可。",
        "The production regressions need at least {need_zones:int} zones and {need_years:int} "
        "years (inputs enter lagged one year); the data have {n_zones:int} zones and "
        "{n_years:int} years, so nothing is fitted; more zones or years would make it possible.",
    ),
    "support.spec_skipped": (
        "{indicator}的生产函数需要{missing}的数据，数据中缺少，未估计；补充这些指标即可。",
        "The production function of {indicator} needs {missing}, which the data lack, so it is "
        "not fitted; data on them would make it possible.",
    ),
    "support.inputs_left_out": (
        "{indicator}的生产函数未纳入{missing}（数据中缺少）；补充这些投入的数据可估计完整模型。",
        "The production function of {indicator} leaves out {missing}, which the data lack; data "
        "on these inputs would give the full model.",
    ),
    "support.lags_too_long": (
        "R&D经费滞后{lags}年的敏感性分析至少需要{need:int}年的数据，数据中只有{n:int}年，未估计；"
        "补充更早或更晚的年份即可。",
        "The sensitivity to an R&D lag of {lags} years needs at least {need:int} years of data; "
        "the data have {n:int}, so it is not estimated; more years would make it possible.",
    ),
    "support.no_spec": (
        "数据中没有同时具备产出和投入的生产函数，回归未做；至少需要一项产出（如营业收入）"
        "和一项投入（如R&D经费内部支出）的数据。",
        "No production function has both its output and an input in the data, so there are no "
        "regressions; one output (e.g. operating revenue) and one input (e.g. internal R&D "
        "expenditure) would make them possible.",
    ),
    "support.level_absent": (
        "数据中没有{level}高新区，不单独估计{level}高新区的模型；补充其数据即可。",
        "The data hold no {level} zones, so they get no separate fit; their data would make it "
        "possible.",
    ),
    "support.level_too_few": (
        "数据中{level}高新区只有{n:int}个，少于单独估计所需的{need:int}个；补充其数据即可。",
        "The data hold only {n:int} {level} zone(s), fewer than the {need:int} a separate fit "
        "needs; more of them would make it possible.",
    ),
    "support.treated_absent": (
        "数据中没有示范区的处理园区（{zones}），无法估计示范区效应；补充其数据即可。",
        "The treated zones of the demonstration zone ({zones}) are not in the data, so its "
        "effect cannot be estimated; their data would make it possible.",
    ),
    "support.no_outcome": (
        "数据缺少{missing}，没有可用来估计示范区效应的产出；补充其中任一指标即可。",
        "The data lack {missing}: no output to estimate the demonstration-zone effect on; data "
        "on any of them would make it possible.",
    ),
    "support.outcomes_missing": (
        "数据缺少{missing}，这些产出的示范区效应未估计；补充其数据即可。",
        "The data lack {missing}, so the demonstration-zone effect on them is not estimated; "
        "their data would make it possible.",
    ),
    "support.too_few_controls": (
        "数据中的对照高新区只有{n:int}个，至少需要{need:int}个，无法估计示范区效应；"
        "补充其他高新区的数据即可。",
        "The data hold {n:int} control zone(s); at least {need:int} are needed to estimate the "
        "demonstration-zone effect; data on more zones would make it possible.",
    ),
    "support.no_pre_year": (
        "数据中没有{start}年以前的年份，无法比较示范区设立前后的变化；至少需要{start}年以前一年的数据。",
        "The data have no year before {start}, so there is no before to compare with; data for "
        "at least one year before {start} would make it possible.",
    ),
    "support.no_post_year": (
        "数据中没有{start}年及以后的年份，无法估计示范区效应；补充这些年份的数据即可。",
        "The data have no year from {start} on, so there is no effect to estimate; data for "
        "those years would make it possible.",
    ),
    "support.one_pre_year": (
        "数据中{start}年以前只有{years}年一年，只能给出两期双重差分；合成控制、合成双重差分和"
        "事前趋势检验至少需要{need:int}个事前年份，补充{before}年的数据即可。",
        "The data have one year before {start} ({years}), enough for the two-period "
        "difference-in-differences only; synthetic control, synthetic DiD and the pre-trend "
        "test need at least {need:int} earlier years: data for {before} would make them "
        "possible.",
    ),
    "support.tasks_unmeasured": (
        "数据缺少{missing}，以下重点任务无法测度：{tasks}；补充这些指标即可。",
        "The data lack {missing}, so these key tasks cannot be measured: {tasks}; data on them "
        "would make it possible.",
    ),
    "support.radiation_missing": (
        "数据缺少{missing}，无法计算高新区GDP占所在市GDP的比重（辐射带动作用）；补充这些指标即可。",
        "The data lack {missing}, so the zones' share of their cities' GDP (radiation) cannot be "
        "computed; data on them would make it possible.",
    ),
    "support.section_missing": (
        "“{chapter}”一章无法给出主要结果，本章不含来自该章的发现。",
        "The chapter '{chapter}' cannot give its main result, so no finding here comes from it.",
    ),
    "support.no_profile": (
        "数据中没有{zones}的数值，不为其编写概况。",
        "The data hold no values for {zones}: no profile for them.",
    ),
    "support.failed": (
        "本章未能构建（{error}）。详情见构建日志 {log}。",
        "This chapter could not be built ({error}). The build log {log} has the details.",
    ),
    "support.heading": (
        "本章受数据所限：",
        "What the data do not allow in this chapter:",
    ),
    # --- the gxq commands' tables and notes (cli) ------------------------------------------
    "cli.col.code": ("代码", "Code"),
    "cli.col.name": ("名称", "Name"),
    "cli.col.block": ("模块", "Block"),
    "cli.col.formula": ("公式", "Formula"),
    "cli.col.fact": ("编号", "Fact"),
    "cli.col.value": ("数值", "Value"),
    "cli.col.quote": ("原文", "Quote"),
    "cli.total": ("合计", "Total"),
    "cli.ratios": ("派生比率", "Derived ratios"),
    "block.output": ("产出", "output"),
    "block.rd": ("研发", "R&D"),
    "block.financing": ("融资", "financing"),
    "block.talent": ("人才", "talent"),
    "block.platform": ("平台", "platform"),
    "block.context": ("背景", "context"),
    "cli.zones.tier": ("{tier}：{n}个", "{tier} — {n}"),
    "cli.heading": ("{title}：", "{title}:"),
    "cli.demo.wrote": ("已写入 {path}（sha256 {sha}）", "wrote {path} (sha256 {sha})"),
    "cli.error": ("gxq {command}：错误：{message}", "gxq {command}: error: {message}"),
    "cli.demo.label": (
        "合成演示数据——并非真实统计",
        "SYNTHETIC demo data — not real statistics",
    ),
    "cli.demo.stale": (
        "演示数据已过期；请运行 `gxq demo-data` 重新生成：",
        "demo data out of date; run `gxq demo-data` to regenerate:",
    ),
    "cli.demo.same": (
        "{dir} 中的演示数据与重新生成的结果一致（种子 {seed}）",
        "demo data in {dir} equals a fresh generation (seed {seed})",
    ),
    "cli.build.run": ("运行  {job}", "run    {job}"),
    "cli.build.print": ("打印  {job}", "print  {job}"),
    "cli.build.plan": (
        "{run}个待运行，{print}个待打印，{done}个已是最新",
        "{run} to run, {print} to print, {done} up to date",
    ),
    "cli.support.head": (
        "各章受数据所限之处（构建前提示）：",
        "What the chapters cannot compute with these data (before any build):",
    ),
    "cli.support.none": ("数据足以支持各章的全部内容。", "The data support every chapter fully."),
    "cli.support.only": ("（仅{review}）", " ({review} only)"),
    "cli.chapter.zone": ("高新区概况", "Zone profiles"),
    # --- gxq build's progress lines (publish.runner; str.format fields, no number specs) ----
    "build.up_to_date": (
        "gxq build：全部{n}个章节均为最新，位于{root}",
        "gxq build: all {n} chapters up to date in {root}",
    ),
    "build.start": (
        "gxq build：{n}个章节待运行，{m}个为最新；{workers}，{kernels}",
        "gxq build: {n} chapters to run, {m} up to date; {workers}, {kernels}",
    ),
    "build.workers.local": ("{n}个本地进程", "{n} local worker(s)"),
    "build.workers.dask": ("Dask集群 {address}", "Dask cluster at {address}"),
    "build.kernels.warm": ("复用内核", "warm kernels"),
    "build.kernels.fresh": ("每章新内核", "fresh kernels"),
    "build.status.ok": ("完成", "ok"),
    "build.status.failed": ("失败", "FAILED"),
    "build.status.shared": ("共享分析", "shared"),
    "build.done": (
        "gxq build：构建{built}个，失败{failed}个，{up}个为最新，用时{seconds}秒 -> {root}",
        "gxq build: {built} built, {failed} failed, {up} up to date in {seconds} s -> {root}",
    ),
    "build.failed_head": ("gxq build：{n}个章节构建失败：", "gxq build: {n} chapter(s) failed:"),
    "build.failed_line": ("  {key}：{where}出错（{ename}）", "  {key}: {where}{ename}"),
    "build.failed_reason": ("    原因：{reason}", "    why: {reason}"),
    "build.failed_cell": ("第{cell}个单元格（In [{count}]）", "cell {cell} (In [{count}]): "),
    "build.failed_kept": ("    失败的笔记本保存在 {path}", "    failed notebook kept at {path}"),
    "build.no_profile": (
        "gxq build：数据中没有{zones}的数值，不为其编写概况",
        "gxq build: no profile for {zones}: the data hold no values for them",
    ),
    "build.notes": (
        "gxq build：读取数据时有{n}条提示，已记入构建日志 {log}（gxq validate 可逐条查看）",
        "gxq build: reading the data gave {n} note(s); they are in the build log {log} "
        "(gxq validate shows each)",
    ),
    # --- the review as one document (review.docx, review.html) ----------------------------
    "doc.title": (
        "辽宁省高新区“十三五”发展规划{review}报告",
        "Liaoning high-tech zones, 13th Five-Year plan: {review} report",
    ),
    "doc.subtitle": (
        "评估期{start}–{end}年，基期{baseline}年",
        "Evaluation period {start}–{end}, baseline {baseline}",
    ),
    "doc.toc": ("目录", "Contents"),
    "doc.toc_hint": (
        "（在 Word 中右键点击此处并选择“更新域”，即可生成带页码的目录。）",
        "(In Word, right-click here and choose Update Field for a contents list with page "
        "numbers.)",
    ),
    "doc.table": ("表{n}", "Table {n}"),
    "doc.figure": ("图{n}", "Figure {n}"),
    "doc.source": ("资料来源：{source}", "Source: {source}"),
    # where a table's numbers come from (report.chapter.Chapter.source_line), inside doc.source
    "tablesource.cited": ("{citation}（{file}）", "{citation} ({file})"),
    "tablesource.plan": ("《规划》文本（{plan}）", "the plan's text ({plan})"),
    "tablesource.registry": (
        "高新区名录（{zones}，据《规划》整理）",
        "the zone registry ({zones}, compiled from the plan)",
    ),
    "tablesource.data_plan": (
        "{data}；对标值与规划公布值取自《规划》文本（{plan}）",
        "{data}; benchmarks and the plan's figures from the plan's text ({plan})",
    ),
    "tablesource.plan_data": (
        "《规划》文本（{plan}）；数据中的2015年值：{data}",
        "the plan's text ({plan}); the 2015 values in the data: {data}",
    ),
    "tablesource.findings": (
        "本评估各章的计算结果（见“来源章节”列），数据：{data}",
        "the results of this review's chapters (see the column 'Source chapter'); data: {data}",
    ),
    "doc.source_synthetic": (
        "（合成数据，非真实统计）",
        " (synthetic data, not official statistics)",
    ),
    "doc.appendix": ("附录：来源与可复现信息", "Appendix: provenance"),
    "doc.appendix_intro": (
        "以下列出本报告各章所用的数据文件、参数、代码版本与运行环境：先列各章共同的信息，再列个别章节的不同之处。",
        "The data files, parameters, code version and environment this review was built with: "
        "first what the chapters share, then where a chapter differs.",
    ),
    "doc.appendix_common": (
        "各章共同的信息（下文另有说明的除外）",
        "Common to the chapters (unless stated below)",
    ),
    "doc.appendix_own": ("各章不同之处", "Where a chapter differs"),
    "doc.failed": (
        "本章未能在本次构建中生成。",
        "This chapter could not be built in this build.",
    ),
    "doc.failed_error": (
        "构建时出错（{error}），详见构建日志{log}和{kept}。",
        "The build stopped with an error ({error}); see the build log {log} and {kept}.",
    ),
    "doc.synthetic_cover": (
        "本报告各章（“全国视野中的辽宁”一章除外）基于程序生成的合成（模拟）数据，非真实统计，"
        "不得作为评估结论引用。",
        "Every chapter of this report except 'Liaoning in national context' is built from "
        "generated SYNTHETIC data, not official statistics, and must not be quoted as findings.",
    ),
    # --- the chapter notebooks (publish.literate): parameters, reading copies -------------
    "param.review": (
        "评估：{midterm}（中期评估，{mid_start}–{mid_end}年）或{final}（终期评估，{final_start}–{final_end}年）",
        "the review: {midterm} ({mid_start}–{mid_end}) or {final} ({final_start}–{final_end})",
    ),
    "param.lang": (
        "本章文字与图表的语言：{zh}（中文）或{en}（英文）",
        "language of the chapter's text and figures: {zh} (Chinese) or {en} (English)",
    ),
    "param.data": (
        "数据：None 为随附的合成演示面板；或评估人员表格的路径"
        "（CSV、XLSX、XLS 文件，文件夹，或 .toml 数据清单）",
        "None for the bundled synthetic demo panel, or the path of your tables: a CSV, XLSX or "
        "XLS file, a folder of them, or a manifest (.toml)",
    ),
    "param.layout": (
        "布局文件：None，或说明规则无法识别之处的布局文件（TOML）路径，仅与 data 一同使用",
        "None, or the path of a layout file (TOML) stating what no rule can read; only with data",
    ),
    "param.zone": (
        "本概况的高新区：{allowed}之一（也接受登记的其他写法，如中文名）",
        "the zone of this profile: one of {allowed} (other registered spellings, such as its "
        "Chinese name, are accepted)",
    ),
    "param.benchmarks": (
        "全国对标值：None 为规划所载2015年平均值；"
        "或 CSV 文件路径（列 indicator、year、value、source）",
        "None for the plan's 2015 national averages, or the path of a CSV of benchmarks by year "
        "(columns indicator, year, value, source)",
    ),
    "param.targets": (
        "自定义目标：None，或 CSV 文件路径（列 indicator、scope、year、value、source）",
        "None, or the path of a CSV of your own numeric targets (columns indicator, scope, "
        "year, value, source)",
    ),
    "param.not_read": (
        "本章使用真实省级数据，不读取 {name}（与其他各章一样保留此参数）",
        "this chapter uses the real province data and does not read {name} (kept like the "
        "other chapters')",
    ),
    "notebook.view_note": (
        "这是“{title}”一章的中文阅读版：由源笔记本 {source} 生成，保存了默认参数下的运行结果。"
        "英文版见 {other}。请勿直接修改本文件：修改源笔记本后运行 python dev.py regen。",
        "This is the English reading copy of the chapter '{title}': generated from the source "
        "notebook {source}, with the results of its default parameters. The Chinese copy is "
        "{other}. Do not edit this file: edit the source and run python dev.py regen.",
    ),
    # --- the index page of a review and language (publish.export.index_html) -------------
    "index.heading": (
        "辽宁省高新区“十三五”发展规划评估",
        "Liaoning high-tech zones, 13th Five-Year plan evaluation",
    ),
    "index.title": ("{heading} — {review}", "{heading} — {review}"),
    "index.failed": (
        "最近一次构建失败，显示上次成功的版本",
        "the last build failed; this is the last good version",
    ),
    "index.missing": ("构建失败，尚无可用版本", "build failed; no good version yet"),
    "index.footer": ("由 gxq-analysis {v} 生成", "Built by gxq-analysis {v}"),
    "index.synthetic": (
        "合成（模拟）数据，非真实统计：除“全国视野中的辽宁”一章使用真实省级数据外，"
        "各章均基于本软件包生成的演示面板。",
        "SYNTHETIC DATA, not real statistics: every chapter except 'Liaoning in national "
        "context' (real province data) uses the package's generated demo panel.",
    ),
    # --- data banner --------------------------------------------------------------------
    "banner.synthetic_title": (
        "合成（模拟）数据，非真实统计",
        "SYNTHETIC DATA, not official statistics",
    ),
    "banner.synthetic_body": (
        "本章使用程序生成的演示面板：按规划所载2015年数据校准、以已知参数模拟生成。"
        "其数值不代表任何高新区的真实情况，仅用于演示分析流程和检验方法，不得作为评估结论引用。",
        "This chapter uses the generated demo panel: simulated with known parameters and "
        "calibrated to the 2015 figures the plan states. Its numbers describe no real zone; they "
        "demonstrate the analysis and test the methods and must not be quoted as findings.",
    ),
    "banner.real_title": ("真实数据", "Real data"),
    "banner.user_title": ("评估人员提供的数据", "Data supplied by the evaluator"),
    "banner.user_body": (
        "数据由使用者提供，已通过格式与取值校验；其内容的准确性由提供者负责。",
        "The data were supplied by the user and passed the package's validation; the supplier "
        "is responsible for their accuracy.",
    ),
    "banner.data": ("数据文件：{file}（SHA-256 {sha}）", "Data file: {file} (SHA-256 {sha})"),
    "banner.data_nohash": ("数据：{file}", "Data: {file}"),
    "banner.citation": ("引用：{citation}", "Citation: {citation}"),
    # --- provenance block ---------------------------------------------------------------
    "prov.title": ("来源与可复现信息", "Provenance"),
    "prov.data_file": ("数据文件", "Data file"),
    "prov.sha256": ("SHA-256", "SHA-256"),
    "prov.synthetic": ("合成数据", "Synthetic data"),
    "prov.citation": ("引用", "Citation"),
    "prov.parameters": ("参数", "Parameters"),
    "prov.package": ("gxq_analysis 版本", "gxq_analysis version"),
    "prov.git_commit": ("代码提交（git）", "Code commit (git)"),
    "prov.python": ("Python 版本", "Python version"),
    "prov.libraries": ("主要依赖库版本", "Key library versions"),
    "prov.inputs": ("其他输入文件", "Other input files"),
    "prov.none": ("无", "none"),
    "prov.note": (
        "用相同的数据、参数、代码版本和依赖库重新运行本章，将得到相同的结果。",
        "Rerunning this chapter with the same data, parameters, code and libraries gives the "
        "same results.",
    ),
    # --- words --------------------------------------------------------------------------
    "word.yes": ("是", "yes"),
    "word.no": ("否", "no"),
    # --- sentences built from computed numbers (display.say) ----------------------------
    "say.coverage": (
        "数据覆盖{n_zones}个高新区、{start}–{end}年，共{n_obs}个观测。",
        "The data cover {n_zones} zones over {start}–{end}, {n_obs} observations.",
    ),
    # --- numbers and regression terms (report.numformat, report.strings.term_label) -----
    "number.missing": ("—", "n/a"),
    "term.const": ("常数项", "Constant"),
    "term.lag": ("{term}（滞后{k}期）", "{term} (lag {k})"),
    # --- regression tables (report.tables) ---------------------------------------------
    "table.variable": ("变量", "Variable"),
    "table.dependent": ("因变量", "Dependent variable"),
    "table.const": ("常数项", "Constant"),
    "table.estimator": ("估计方法", "Estimator"),
    "table.covariance": ("标准误", "Standard errors"),
    "table.entity_fe": ("个体固定效应", "Entity fixed effects"),
    "table.time_fe": ("时间固定效应", "Time fixed effects"),
    "table.nobs": ("观测值", "Observations"),
    "table.entities": ("个体数", "Entities"),
    "table.r2": ("R²", "R²"),
    "table.r2_kind": ("R² 类型", "R² type"),
    "table.yes": ("是", "Yes"),
    "table.no": ("否", "No"),
    "table.cov.unadjusted": ("常规", "Conventional"),
    "table.cov.robust": ("异方差稳健", "Heteroskedasticity-robust"),
    "table.cov.cluster": ("按个体聚类", "Clustered by entity"),
    "table.cov.twoway": ("个体与时间双向聚类", "Two-way clustered (entity, time)"),
    "table.cov.driscoll_kraay": ("Driscoll–Kraay，带宽 {bw}", "Driscoll–Kraay, bandwidth {bw}"),
    "table.conv.stata": ("Stata", "Stata"),
    "table.conv.plm": ("R plm HC1", "R plm HC1"),
    "table.conv.none": ("无小样本校正", "no small-sample correction"),
    "table.r2.within": ("组内", "within"),
    "table.r2.two_way_within": ("双向组内", "two-way within"),
    "table.r2.overall": ("整体", "overall"),
    "table.r2.between": ("组间", "between"),
    "table.r2.first_difference": ("一阶差分", "first-difference"),
    "table.note.se": ("括号内为标准误", "Standard errors in parentheses"),
    "table.note.tstats": ("括号内为 t 统计量", "t statistics in parentheses"),
    "table.note.pvalues": (
        "p 值按各列的推断分布计算",
        "p-values from each column's inference distribution",
    ),
    "table.note.few_clusters": (
        "{cols}列的聚类数少于{n}个，聚类稳健 p 值可能偏小，宜参考野聚类自助法",
        "column(s) {cols} have fewer than {n} clusters: cluster-robust p-values may be too "
        "small; see the wild cluster bootstrap",
    ),
    "table.note.prefix": ("注：", "Note: "),
    # --- chapter sections and prose (chapter notebooks; numbers always come as fields) ----
    "chapter.zone": ("{zone}概况", "Profile: {zone}"),
    "ind.prov_rd_intensity": ("R&D经费投入强度（%）", "R&D intensity (% of GDP)"),
    "ind.prov_rd_gov_share": ("R&D经费中政府资金占比（%）", "Government share of R&D funding (%)"),
    "ind.prov_fiscal_st_share": (
        "财政科技支出占一般公共预算支出比重（%）",
        "Fiscal S&T share of budget expenditure (%)",
    ),
    "ind.prov_patents_per_rd": (
        "每亿元R&D经费专利授权数（件/亿元）",
        "Patents granted per R&D spending (per 100 million yuan)",
    ),
    "ind.rd_gov_funds": ("R&D经费中政府资金（亿元）", "Government R&D funds (100 million yuan)"),
    "ind.rd_personnel_fte": ("R&D人员全时当量（人年）", "R&D personnel, full-time equivalent"),
    "ind.patents_granted": ("国内专利授权数（件）", "Domestic patents granted"),
    "ind.hitech_revenue": (
        "高技术制造业主营业务收入（亿元）",
        "High-tech manufacturing revenue (100 million yuan)",
    ),
    "col.n_clusters": ("聚类数", "Clusters"),
    "col.plan_value": ("规划数值", "Plan figure"),
    "col.change_excl_breaks": (
        "2015年以来变化（剔除断点年份，百分点）",
        "Change since 2015 excluding break years (pp)",
    ),
    "col.outcome": ("被解释变量", "Outcome"),
    "col.coef": ("系数", "Coefficient"),
    "col.ci_wcr": ("自助法区间", "Bootstrap CI"),
    "severity.concern": ("需关注", "Concern"),
    "severity.watch": ("需跟踪", "Watch"),
    "severity.positive": ("积极", "Positive"),
    "severity.info": ("说明", "Context"),
    "section.plan": ("规划与评估框架", "The plan and the evaluation"),
    "section.zones": ("高新区名录", "The zones"),
    "section.baseline": ("规划中的2015年基期数据", "The plan's 2015 baseline"),
    "section.coverage": ("数据覆盖", "Data coverage"),
    "section.headline": ("主要指标", "Headline indicators"),
    "section.preview": ("需要关注的问题", "Issues to watch"),
    "section.groups": ("分类与汇总", "Tiers and groups"),
    "section.inference": ("少聚类稳健推断", "Inference robust to few clusters"),
    "section.lags": ("滞后期敏感性", "Sensitivity to the R&D lag"),
    "section.tiers": ("国家级与省级高新区的差异", "National and provincial zones"),
    "section.truth": ("与合成数据真实参数的比较", "Against the synthetic data's true parameters"),
    "section.placebo": ("安慰剂检验", "Placebo tests"),
    "section.design": ("识别设计说明", "About the design"),
    "section.task_coverage": ("数据能够反映的重点任务", "Which key tasks the data can measure"),
    "section.tasks": ("重点任务指标", "Key-task indicators"),
    "section.zone_facts": ("基本情况", "Facts"),
    "section.zone_indicators": ("主要指标变化", "Indicators since 2015"),
    "section.context": ("辽宁与全国比较", "Liaoning against China"),
    "section.province_regression": ("省级投入产出回归", "Province production regressions"),
    "col.att": ("效应（对数点）", "Effect (log points)"),
    "col.att_pct": ("效应（%）", "Effect (%)"),
    "col.pretrend_p": ("事前趋势检验p值", "Pre-trend test p"),
    "col.se_cluster": ("聚类标准误", "Cluster s.e."),
    "col.truth": ("真实值", "True value"),
    "col.covered": ("区间覆盖真实值", "Interval covers truth"),
    "col.spec": ("模型设定", "Specification"),
    "col.se_crv1": ("聚类标准误", "Cluster s.e."),
    "col.p_crv1": ("聚类t检验p值", "Cluster t-test p"),
    "col.p_wcr": ("自助法p值", "Bootstrap p"),
    "col.ci_wcr_lower": ("自助法区间下限", "Bootstrap CI lower"),
    "col.ci_wcr_upper": ("自助法区间上限", "Bootstrap CI upper"),
    "col.headline": ("采用的推断", "Headline inference"),
    "col.observed": ("有效观测", "Observed"),
    "col.missing": ("缺失", "Missing"),
    "col.city": ("所在市", "City"),
    "col.method": ("方法", "Method"),
    "col.warning": ("提示", "Warning"),
    "col.lag": ("滞后期", "Lag"),
    "col.elasticity": ("弹性", "Elasticity"),
    "col.std_err": ("标准误", "Std. error"),
    "col.lower": ("下限", "Lower"),
    "col.upper": ("上限", "Upper"),
    "col.n_zones": ("高新区数", "Zones"),
    "col.variable": ("变量", "Variable"),
    "col.last_value": ("2018年值", "2018 value"),
    "col.slope": ("年均变化", "Trend per year"),
    "col.projection_2020": ("2020年预测值", "Projected 2020"),
    "col.placebo_start": ("虚拟起始年", "Placebo start"),
    "col.task": ("任务", "Task"),
    "col.section": ("规划章节", "Plan section"),
    "col.measurable": ("可测度", "Measurable"),
    "col.indicators": ("指标", "Indicators"),
    "col.reason": ("说明", "Reason"),
    "col.change_pp": ("变化（百分点）", "Change (pp)"),
    "col.change_reported": ("可比变化（百分点）", "Comparable change (pp)"),
    "col.break_flag": ("跨统计断点", "Crosses a break"),
    "col.city_gdp_share": ("占所在市GDP比重（%）", "Share of city GDP (%)"),
    "col.plan_2015": ("规划2015年值", "Plan 2015 value"),
    "col.change": ("变化", "Change"),
    "col.growth_pct": ("增长（%）", "Growth (%)"),
    "col.observed_years": ("年份", "Years"),
    "gap.treated_absent": (
        "数据中没有处理组高新区（{zones}），无法估计示范区效应",
        "the treated zones are not in the data ({zones}): no demonstration-zone estimate",
    ),
    "gap.outcome_absent": (
        "数据中没有{indicator}，未估计其效应",
        "{indicator}: no values in the data",
    ),
    "gap.spec_absorbed": (
        "{spec}：在这些数据中，{inputs}扣除园区与年份固定效应后已无剩余变化（被固定效应吸收），"
        "无法估计；需要投入在园区之间、年份之间变化不完全同步的数据",
        "{spec}: in these data {inputs} have no variation left once the zone and year effects "
        "are removed (absorbed by the fixed effects), so it cannot be estimated; data whose "
        "inputs do not move in step across zones and years would allow it",
    ),
    "gap.spec_skipped": (
        "{spec}：数据缺少{missing}，未估计",
        "{spec}: not fitted, missing in the data: {missing}",
    ),
    "gap.inputs_left_out": (
        "{spec}：数据缺少{missing}，该投入未纳入模型",
        "{spec}: left out, missing in the data: {missing}",
    ),
    "gap.level_absent": (
        "{spec}：数据中没有{level}高新区，未单独估计",
        "{spec}: no {level} zones in the data, no separate fit",
    ),
    "gap.level_skipped": (
        "{spec}：数据中{level}高新区仅{n:int}个，未单独估计",
        "{spec}: only {n:int} {level} zone(s) in the data, no separate fit",
    ),
    "prose.no_data": (
        "数据不足，无法给出此项结果。",
        "The data do not allow this result.",
    ),
    "prose.load_notes_shown": (
        "读取数据时有 {n:int} 条提示，见本单元格下方，请逐条核对。",
        "Reading the data gave {n:int} notes, shown under this cell. Please check each of them.",
    ),
    "prose.load_notes": (
        "读取数据时有 {n:int} 条提示，已记入构建日志 {log}，请逐条核对。",
        "Reading the data gave {n:int} notes; they are in the build log {log}. Please check "
        "each of them.",
    ),
    "prose.data_gaps": (
        "以下内容受数据所限，未能按设定完成：",
        "What the data could not support:",
    ),
    "prose.overview.intro": (
        "本报告评估《辽宁省“十三五”高新技术产业开发区科技发展规划》（2016—2020年）的实施情况。"
        "规划覆盖全省{n_zones:int}个高新区：国家级{n_national:int}个、省级{n_provincial:int}个，"
        "分为国家一流科技园区、创新型科技园区和创新型特色园区三类，以2015年为基期。",
        "This report evaluates Liaoning's 13th Five-Year plan for its high-tech industrial "
        "development zones (2016–2020). The plan covers {n_zones:int} zones — "
        "{n_national:int} national and {n_provincial:int} provincial — in three tiers "
        "(world-class, innovative and distinctive parks), with 2015 as the baseline.",
    ),
    "prose.overview.baseline": (
        "下表列出规划文本中关于2015年的全部量化表述，均可在规划原文中核对（见plan_facts.csv）；"
        "数据能够计算的，旁列数据中的2015年值。",
        "The table lists every quantitative statement the plan makes about 2015; each can be "
        "checked against the plan's text (plan_facts.csv). Where the data can give the same "
        "figure, their 2015 value stands beside it.",
    ),
    "prose.overview.headline": (
        "{scope}营业收入由{baseline_year}年的{baseline:num1}亿元变为{year}年的"
        "{value:num1}亿元，年均增长{cagr:per1}。",
        "Operating revenue of {scope} went from {baseline:num1} 100 million yuan in "
        "{baseline_year} to {value:num1} in {year}, {cagr:per1} a year.",
    ),
    "prose.overview.headline_none": (
        "数据中没有任何一个汇总范围在{baseline_year}年和{year}年都有完整的营业收入，无法计算其增长。",
        "No group of zones has complete operating revenue in both {baseline_year} and {year}, "
        "so its growth cannot be computed.",
    ),
    "prose.groups_incomplete": (
        "{scopes}的部分高新区不在数据中，其合计无法计算，表中不列。",
        "Some zones of {scopes} are not in the data, so their totals cannot be computed and "
        "the table leaves them out.",
    ),
    "prose.overview.findings": (
        "根据本评估的测算，共有{n_concern:int}项需关注、{n_watch:int}项需跟踪的发现"
        "（详见“主要发现与建议”一章）。其中最需关注的是：",
        "The evaluation finds {n_concern:int} concerns and {n_watch:int} issues to watch (see "
        "the chapter on findings). The most pressing:",
    ),
    "prose.benchmarks.method": (
        "规划以全国国家高新区平均水平为对标，比较四项比率：高新技术企业占企业总数比例、出口额占营业收入比例、"
        "服务收入占营业收入比例、研发投入占销售收入比例。规划未给出2015年以后的对标值，本章沿用2015年全国平均值。"
        "各范围的基期值一律采用数据中的2015年值；规划公布了沈阳、大连的基期值，列于其旁以便核对，仅在数据缺少该值时"
        "才采用并注明。分类与汇总采用“比值的和”口径（如类别研发强度＝类别研发投入合计÷营业收入合计）。",
        "The plan benchmarks the zones against the average of China's national high-tech zones "
        "on four ratios: high-tech enterprise share, export share of revenue, service share of "
        "revenue and R&D spending over sales. It gives no benchmark after 2015, so the 2015 "
        "national averages are held constant. Every baseline is the data's own 2015 value; the "
        "plan's printed figures for Shenyang and Dalian stand beside it for comparison and are "
        "used, and marked, only where the data lack the value. Tiers and groups are ratios of "
        "sums (e.g. a tier's R&D intensity is its total R&D over its total revenue).",
    ),
    "prose.benchmarks.user": (
        "对标值采用使用者提供的逐年对标表（benchmarks参数），每年取当年或此前最近一年的数值；"
        "基期值仍采用数据中的2015年值，规划公布的基期值列于其旁。",
        "The benchmarks come from the user's table of benchmarks by year (parameter "
        "benchmarks): each year uses that year's value or the latest earlier one. Baselines "
        "remain the data's 2015 values, the plan's printed figures beside them.",
    ),
    "prose.benchmarks.targets": (
        "使用者设定的目标（targets参数）按同样方法评估：差距为评估期末值减目标值。",
        "The user's targets (parameter targets) are evaluated the same way: the gap is the "
        "end-of-review value minus the target.",
    ),
    "section.targets": ("使用者设定的目标", "User-defined targets"),
    "prose.benchmarks.gap_closed": (
        "“差距缩小比例”为基期低于对标值的范围在评估期内缩小的基期差距份额；负值表示差距扩大。"
        "差距变化不足{tolerance:num1}个百分点（比率报告的精度）视为“基本未变”，不计算缩小比例。",
        "'Share of gap closed' is the part of the 2015 shortfall closed by the end of the "
        "review; a negative share means the gap widened. A gap that moved by less than "
        "{tolerance:num1} percentage point (the precision the ratios are reported with) is "
        "'unchanged', and no share is given.",
    ),
    "prose.benchmarks.outlook": (
        "中期展望：按2015—2018年线性趋势外推至2020年，并给出{level:pct0}预测区间。"
        "区间全部不低于对标值为“进展顺利”，全部低于对标值为“明显滞后”，跨越对标值为“存在风险”。"
        "仅有四个年度观测，区间较宽，此分类用于筛查而非预测。",
        "Mid-term outlook: the 2015–2018 linear trend is projected to 2020 with a "
        "{level:pct0} prediction interval. On track: the interval lies at or above the "
        "benchmark; off track: below it; at risk: it straddles it. With four yearly points "
        "the interval is wide: this screens, it does not forecast.",
    ),
    "prose.benchmarks.final": (
        "终期评估直接观测2020年数值，不再做趋势外推。",
        "The final review observes 2020 directly; no projection is needed.",
    ),
    "prose.inputoutput.method": (
        "对每项产出（地区生产总值、营业收入、高新技术产品增加值、专利授权数）估计对数—对数生产函数："
        "投入为滞后一期的R&D经费内部支出、科技贷款余额、创业投资额和R&D人员，"
        "控制高新区与年份双向固定效应，标准误按高新区聚类（Stata小样本校正）。系数即产出弹性。",
        "Each output (GDP, operating revenue, high-tech value added, patents) is regressed in "
        "logs on last year's R&D expenditure, technology loans, venture capital and R&D "
        "personnel, with zone and year fixed effects and zone-clustered standard errors "
        "(Stata's small-sample correction). The slopes are output elasticities.",
    ),
    "prose.inputoutput.inference": (
        "样本只有{n_clusters:int}个高新区（聚类），少于30个，聚类t检验会过度拒绝原假设；"
        "因此以野聚类限制性自助法（WCR，Webb权重，B={B:int}）的p值和置信区间为准。",
        "With only {n_clusters:int} zones (clusters), fewer than 30, cluster t-tests "
        "over-reject; the wild cluster restricted bootstrap (WCR, Webb weights, B={B:int}) "
        "gives the headline p-values and intervals.",
    ),
    "prose.inputoutput.hausman": (
        "Hausman检验比较固定效应与随机效应（仅个体效应）：经典检验使用常规方差，Mundlak检验对聚类稳健。"
        "拒绝原假设意味着随机效应不一致，应采用固定效应。",
        "The Hausman test compares fixed and random effects (entity effects only): the classic "
        "contrast uses conventional variances, the Mundlak version is cluster-robust. A "
        "rejection means random effects are inconsistent and fixed effects are preferred.",
    ),
    "prose.inputoutput.tiers": (
        "分别对国家级和省级（即创新型特色园区）高新区估计同一模型；每组仅7—8个聚类，"
        "以野聚类自助法给出p值和区间，区间很宽，只作描述性比较。",
        "The same model is fitted separately for national and provincial zones (the latter "
        "are the distinctive tier); with 7–8 clusters each, p-values and intervals come from "
        "the wild cluster bootstrap; they are wide and the comparison is descriptive.",
    ),
    "prose.truth": (
        "本章使用合成数据，生成过程的真实参数已知。下表将估计值与真实值对照，用于检验方法，不代表真实情况。",
        "This chapter runs on synthetic data whose true parameters are known. The table sets "
        "the estimates beside the truth to check the method; it says nothing about the real "
        "zones.",
    ),
    "prose.policy.method": (
        "2016年沈阳、大连获批建设国家自主创新示范区。本章以其余高新区为对照，用三种方法估计示范区对产出的影响"
        "（对数点）：双向固定效应双重差分、合成控制和合成双重差分（Arkhangelsky等，2021）。处理园区只有两个，"
        "聚类稳健检验不可靠，因此推断依靠随机化和安慰剂：把“处理组”依次换成所有同样大小的园区组合，或让对照园区轮流充当处理组，"
        "看实际估计在其中是否异常；凡能穷举的组合都穷举，p值和区间不依赖随机种子。哪种检验作为主要结果，由模拟研究决定"
        "（见“识别设计说明”）。另做事件研究（以2015年为参照年）、事前趋势检验、虚拟起始年检验和合成双重差分的稳健性检验。",
        "Shenyang and Dalian became the Shenyang–Dalian National Independent Innovation "
        "Demonstration Zone in 2016. With the other zones as controls, three methods estimate "
        "its effect on outputs (log points): two-way fixed-effects difference-in-differences, "
        "synthetic control and synthetic difference-in-differences (Arkhangelsky et al., 2021). "
        "With only two treated zones cluster-robust tests are unreliable, so inference rests on "
        "randomization and placebos: the treatment is given in turn to every group of zones of "
        "the same size, or to every group of control zones, and the actual estimate is judged "
        "against theirs; wherever the groups can be enumerated they all are, so no p-value or "
        "interval depends on a random seed. Which test is the headline is decided by simulation "
        "(see 'About the design'). An event study (reference year 2015), a pre-trend test, "
        "placebo start years and checks of the synthetic DiD complete the chapter.",
    ),
    "prose.policy.headline.chosen": (
        "下表为主要结果，采用{headline}：在与本数据结构相同的三类模拟面板上，它是无效应时拒绝率均在5%±2个"
        "蒙特卡洛标准误以内的检验中，经规模调整后平均功效最高的（见“识别设计说明”）。效应以对数点和百分比表示；"
        "最后一列为对{k:int}项产出同时检验的族错误率校正p值，结论以它为准。",
        "The headline estimates use {headline}: on simulated panels of three kinds shaped like "
        "these data it is, among the tests whose size stayed within 5% ± 2 Monte Carlo "
        "standard errors in every kind, the most powerful after size adjustment (see 'About "
        "the design'). Effects are in log points and per cent; the last column is the p-value "
        "adjusted for testing {k:int} outputs at once, on which conclusions rest.",
    ),
    "prose.policy.headline.unstudied": (
        "下表为主要结果，采用{headline}：检验规模与功效的模拟研究并非针对本数据的结构（{n_zones:int}个高新区、"
        "{n_treated:int}个处理、{first}—{last}年），因此采用在园区可交换时精确成立、无需模拟的随机化推断。"
        "最后一列为对{k:int}项产出同时检验的族错误率校正p值。",
        "The headline estimates use {headline}: the simulation study of the tests' size and "
        "power was not run for the structure of these data ({n_zones:int} zones, "
        "{n_treated:int} treated, {first}–{last}), so the headline is randomization inference, "
        "which is exact when the zones are exchangeable and needs no simulation. The last "
        "column is the p-value adjusted for testing {k:int} outputs at once.",
    ),
    "prose.policy.headline.none_valid": (
        "下表为主要结果，采用{headline}：模拟研究中没有任何候选检验在所有模拟世界里保持5%的检验水平，"
        "因此采用在园区可交换时精确成立的随机化推断，结论须更加谨慎。最后一列为对{k:int}项产出同时检验的族错误率校正p值。",
        "The headline estimates use {headline}: in the simulation study no candidate test kept "
        "its 5% size in every simulated world, so the headline is randomization inference, "
        "exact when the zones are exchangeable; read the results with extra care. The last "
        "column is the p-value adjusted for testing {k:int} outputs at once.",
    ),
    "prose.policy.headline.no_record": (
        "下表为主要结果，采用{headline}：本次构建未找到检验规模与功效的模拟记录，因此采用在园区可交换时精确成立的"
        "随机化推断。最后一列为对{k:int}项产出同时检验的族错误率校正p值。",
        "The headline estimates use {headline}: this build found no record of the tests' "
        "simulated size and power, so the headline is randomization inference, exact when the "
        "zones are exchangeable. The last column is the p-value adjusted for testing {k:int} "
        "outputs at once.",
    ),
    "prose.policy.headline.synth_unavailable": (
        "下表为主要结果，采用{headline}：模拟研究选出的{chosen}需要每个产出都有平衡的面板和至少两年政策前数据，"
        "本数据并非每个产出都满足，因此所有产出统一采用随机化推断。最后一列为对{k:int}项产出同时检验的族错误率校正p值。",
        "The headline estimates use {headline}: the test the simulation study chose, {chosen}, "
        "needs a balanced panel with at least two years before 2016 for every output, which "
        "these data do not give for all of them, so every output uses randomization inference. "
        "The last column is the p-value adjusted for testing {k:int} outputs at once.",
    ),
    "prose.policy.fwer.westfall_young": (
        "族错误率校正：{k:int}项产出同时检验，校正p值采用Westfall–Young逐步最小p值法，在同样的{n:int}种分配"
        "（或对照组合）上计算，利用了各产出统计量之间的相关。",
        "Family-wise adjustment: {k:int} outputs are tested at once; the adjusted p-values use "
        "the Westfall–Young step-down min-p procedure over the same {n:int} assignments (or "
        "sets of control zones), which uses the dependence between the outputs' statistics.",
    ),
    "prose.policy.fwer.holm": (
        "族错误率校正：{k:int}项产出同时检验，校正p值采用Holm逐步法（对任何相关结构都成立）。",
        "Family-wise adjustment: {k:int} outputs are tested at once; the adjusted p-values use "
        "Holm's step-down procedure (valid whatever the dependence between them).",
    ),
    "prose.policy.p_floor": (
        "由安慰剂标准误得到的正态p值若低于{floor:num3}（即1/{m:int}，{n0:int}个对照园区的秩检验所能达到的最小p值），"
        "表中记为“<{floor:num3}”：安慰剂分布不支持更小的p值。",
        "Normal p-values from the placebo standard error below {floor:num3} — 1/{m:int}, the "
        "smallest p-value a rank test over the {n0:int} control zones can give — are shown as "
        "'<{floor:num3}': the placebo distribution cannot support a smaller one.",
    ),
    "prose.policy.warn.intro": (
        "以下产出的设计检验在5%水平上拒绝，其估计可能部分反映2016年以前已开始的趋势：",
        "For these outputs a check of the design rejects at 5%, so part of the estimate may "
        "reflect a trend that began before 2016:",
    ),
    "prose.policy.warn.none": (
        "各产出的事前趋势检验和虚拟起始年检验在5%水平上均未拒绝。",
        "No pre-trend or placebo-start test rejects at 5% for any output.",
    ),
    "policy.warn.item": ("{indicator}：{checks}。", "{indicator}: {checks}."),
    "policy.warn.pretrend": ("事前趋势检验p = {p:num3}", "pre-trend test p = {p:num3}"),
    "policy.warn.did_placebo": (
        "双重差分虚拟起始年{year}年p = {p:num3}",
        "DiD placebo start {year} p = {p:num3}",
    ),
    "policy.warn.sdid_in_time": (
        "合成双重差分虚拟起始年{year}年p = {p:num3}",
        "synthetic-DiD placebo start {year} p = {p:num3}",
    ),
    "prose.policy.did.headline": (
        "本节的双向固定效应双重差分及其随机化推断就是主要结果所用的方法。",
        "This two-way fixed-effects DiD with its randomization inference is the headline method.",
    ),
    "prose.policy.did.comparison": (
        "主要结果采用{headline}；本节的双向固定效应双重差分（随机化推断）作为对照列出。",
        "The headline uses {headline}; the two-way fixed-effects DiD with randomization "
        "inference is shown here for comparison.",
    ),
    "ri.statistic.classical": (
        "经典t统计量（在平衡面板、无控制变量时，它对各分配的排序与系数绝对值完全相同，相当于对系数本身检验）",
        "the classical t (on a balanced panel without controls it ranks the assignments "
        "exactly as the absolute coefficient does, so it is a test on the coefficient itself)",
    ),
    "ri.statistic.clustered": (
        "聚类t统计量（每种分配各自计算聚类标准误）",
        "the clustered t (each assignment with its own clustered standard error)",
    ),
    "prose.policy.synth_needs_years": (
        "合成控制和合成双重差分至少需要{start}年以前{need:int}年的数据（一年拟合权重，一年检验拟合），本数据不足，未估计。",
        "Synthetic control and synthetic DiD need at least {need:int} years before {start} "
        "(one to fit the weights on, one to check the fit); these data have fewer, so they are "
        "not estimated.",
    ),
    "prose.policy.synth_none": (
        "未估计合成控制和合成双重差分（原因见上）。",
        "No synthetic control or synthetic DiD estimate (the reason is given above).",
    ),
    "prose.policy.invalid": (
        "{test}不给出p值和区间：在模拟研究中（{world}），它在没有效应时的拒绝率达{size:pct1}，"
        "超过5%加2个蒙特卡洛标准误，而主要结果所用的{headline}在同一情形下为{head_size:pct1}。",
        "{test}: no p-value or interval — in the simulation study ({world}) it rejected "
        "{size:pct1} of the time with no effect, more than 5% plus 2 Monte Carlo standard "
        "errors, where the headline test, {headline}, rejected {head_size:pct1}.",
    ),
    "prose.policy.design_none_valid": (
        "没有任何候选检验在所有模拟世界中保持5%±2个蒙特卡洛标准误的检验水平。在“{world}”世界中，除合成控制外的各检验"
        "在没有效应时的拒绝率为{lo:pct1}至{hi:pct1}：若最大的园区比其他园区更多地跟随一个共同的随机趋势，这些方法都无法"
        "把政策效应与这种趋势区分开。主要结果因此采用在园区可交换时精确成立的{headline}（没有效应时的拒绝率："
        "{sizes}）；解读时须记住这一局限。",
        "No candidate test kept its size within 5% ± 2 Monte Carlo standard errors in every "
        "simulated world. In the world of {world}, every test but synthetic control rejected "
        "{lo:pct1} to {hi:pct1} of the time with no effect: if the largest zones follow a "
        "common random trend more closely than the others, none of these methods can tell a "
        "policy effect from that trend. The headline is therefore {headline}, exact when the "
        "zones are exchangeable; it rejected {sizes}. Read the estimates with that limit in "
        "mind.",
    ),
    "prose.policy.size_in": ("{world}为{size:pct1}", "{size:pct1} with {world}"),
    "prose.policy.invalid_sc": (
        "合成控制的偏差来自处理园区超出对照园区的取值范围：对照园区的任何加权组合都无法逼近其水平（见事前拟合误差）。",
        "Synthetic control's bias comes from the treated zones lying outside the range of the "
        "controls: no weighted combination of them can reach their level (see the pre-period "
        "error).",
    ),
    "section.synth_checks": ("合成双重差分的稳健性检验", "Checks of the synthetic DiD"),
    "prose.policy.in_time": (
        "虚拟起始年：只用2016年以前的数据，假定政策提前开始，重新估计合成双重差分（p值为空间安慰剂秩检验，区间为其反演）。"
        "虚拟效应显著，说明2016年以前处理园区与合成对照已有差异。",
        "Placebo start years: the synthetic DiD re-estimated on the years before 2016 as if the "
        "policy had started earlier (p-values by the in-space placebo rank, intervals by its "
        "inversion). A significant placebo effect means the treated and their synthetic "
        "comparison already drifted apart before 2016.",
    ),
    "prose.policy.time_weights.flag": (
        "{indicator}：合成双重差分的年份权重有{w:pct0}落在{year}年，对照实际上只以这一年为基准。",
        "{indicator}: {w:pct0} of the synthetic DiD's time weight is on {year}, so the "
        "comparison rests on that single year.",
    ),
    "prose.policy.time_weights.ok": (
        "各产出的年份权重都没有集中在单一年份（最大权重均低于{flag:pct0}）。",
        "No output's time weights sit on a single year (every largest weight is below "
        "{flag:pct0}).",
    ),
    "prose.policy.by_zone": (
        "沈阳、大连分别估计（各以另一示范区以外的{n0:int}个高新区为对照）。只有一个处理园区时，空间安慰剂秩检验的最小p值为"
        "1/{m:int} = {pmin:num3}，95%秩区间至少需要{need:int}个对照园区，因此不给出区间。",
        "Shenyang and Dalian each on its own, against the {n0:int} other zones (the other "
        "demonstration zone left out). With one treated zone the smallest in-space rank "
        "p-value is 1/{m:int} = {pmin:num3}, and a 95% rank interval needs at least {need:int} "
        "control zones, so none is given.",
    ),
    "prose.policy.drop_one": (
        "逐一剔除有权重的对照园区后重新估计合成双重差分：下表给出各产出的估计值、剔除一个园区后的最小值和最大值，以及影响最大的园区。",
        "The synthetic DiD re-estimated without each donor that carries weight: per output the "
        "estimate, its smallest and largest value without one donor, and the donor whose "
        "removal moves it most.",
    ),
    "section.baseline_check": (
        "基期值：数据与规划公布值",
        "Baselines: the data and the plan's figures",
    ),
    "prose.benchmarks.baseline_same": (
        "规划公布了沈阳、大连四项比率的2015年数值；数据中的2015年值与之在规划的舍入精度内一致。",
        "The plan printed Shenyang's and Dalian's 2015 ratios; the data's 2015 values agree with "
        "them to the plan's rounding.",
    ),
    "prose.benchmarks.baseline_differs": (
        "以下范围数据中的2015年值与规划公布值的差异超出规划的舍入精度。本章以数据为基期，"
        "按规划数值计算的差距变化会不同，核对时请注意。",
        "For the scopes below the data's 2015 value differs from the plan's printed figure by "
        "more than the plan's rounding. This chapter starts from the data; measured from the "
        "plan's figure the change of the gap would differ.",
    ),
    "prose.zone.no_plan_facts": (
        "规划未给出本区2015年的具体数值。",
        "The plan gives no figures for this zone in 2015.",
    ),
    "section.peers": ("与同类园区比较", "Against its tier peers"),
    "section.appendix_gaps": (
        "附录：各高新区对标明细",
        "Appendix: each zone against the benchmarks",
    ),
    "prose.benchmarks.appendix": (
        "下表列出各高新区各项指标的基期值、评估期末值、对标值、差距、差距缩小比例和排名。",
        "The table gives, for each zone and indicator, the baseline, the value at the end of the "
        "review, the benchmark, the gap, the share of the gap closed and the rank.",
    ),
    "section.headline_effect": ("主要结果", "Headline estimates"),
    "prose.policy.inference": (
        "下表给出同一双重差分估计在不同推断方法下的p值和区间。随机化推断对每种分配计算{statistic}；"
        "聚类稳健t检验和野聚类自助法只作对照：处理园区只有两个时，前者过度拒绝，后者几乎从不拒绝。主要结果采用{headline}。",
        "The table gives the same DiD estimate's p-value and interval under each inference. "
        "Randomization inference computes {statistic} for every assignment; the cluster-robust "
        "t test and the wild cluster bootstrap are comparisons only: with two treated zones the "
        "first over-rejects and the second almost never rejects. The headline uses {headline}.",
    ),
    "prose.policy.synth": (
        "合成控制用对照园区的加权组合逼近处理园区在2016年以前的走势；合成双重差分在此基础上允许水平差异，并对年份加权。"
        "区间和p值由安慰剂标准误给出：让每一对对照园区轮流充当处理组，取全部组合估计值的（总体）标准差，不依赖随机种子；"
        "“空间安慰剂p值”是实际效应在这些组合中的排名。事前拟合误差越小，合成对照越可信。",
        "Synthetic control builds a weighted combination of control zones that tracks the treated "
        "zones before 2016; synthetic DiD also allows a level difference and weights the years. "
        "Intervals and p-values use the placebo standard error: the population standard "
        "deviation of the estimates obtained when every pair of control zones is treated in "
        "turn — all pairs, so it depends on no random seed; the in-space placebo p-value ranks "
        "the actual effect among them. The smaller the pre-period error, the more credible the "
        "synthetic comparison.",
    ),
    "prose.policy.weights": (
        "合成双重差分中各对照园区的权重（按指标）：合成的“沈阳、大连”由这些园区构成。",
        "Weights of the control zones in the synthetic DiD, by outcome: these zones make up the "
        "synthetic Shenyang and Dalian.",
    ),
    "prose.policy.placebo_space": (
        "灰线为每一对对照园区充当虚拟处理组时的差距路径，红线为沈阳、大连的实际差距。"
        "红线在2016年后明显偏离灰线群时，效应才显著。",
        "Grey lines are the gap paths when each pair of control zones is treated in turn; the "
        "red line is Shenyang's and Dalian's actual gap. Only where it leaves the grey band "
        "after 2016 is the effect distinguishable from chance.",
    ),
    "prose.policy.design_data": (
        "本数据有{n_zones:int}个高新区，其中{n_treated:int}个受处理，{first}—{last}年（政策前{n_pre:int}年、"
        "政策后{n_post:int}年）。随机化推断在全部{n_assign:int}种处理分配中比较，最小p值为{pmin:num3}。",
        "These data have {n_zones:int} zones, {n_treated:int} of them treated, {first}–{last} "
        "(years before the policy: {n_pre:int}; from it: {n_post:int}). Randomization "
        "inference compares all {n_assign:int} assignments of the treatment, so its smallest "
        "p-value is {pmin:num3}.",
    ),
    "prose.policy.design_sets": (
        "空间安慰剂有{n_sets:int}组对照组合，秩检验的最小p值为{pmin_rank:num3}。",
        "The in-space placebo has {n_sets:int} sets of control zones, so the rank test's "
        "smallest p-value is {pmin_rank:num3}.",
    ),
    "prose.policy.design_study": (
        "各检验的规模与功效在与本数据结构相同的模拟面板上测定（合成数据：{s_zones:int}个园区、{s_treated:int}个处理、"
        "{s_first}—{s_last}年；{n_worlds:int}类世界：{worlds}；每类{seeds}组种子；四项产出各有其噪声，"
        "效应取演示数据的数值）。检验水平须在每类世界、每项产出上都落在5%±{tol:num0}个蒙特卡洛标准误以内，"
        "{n_tests:int}个候选检验中有{n_valid:int}个满足。",
        "The tests' size and power were measured on simulated panels with the structure of "
        "these data (synthetic data: {s_zones:int} zones, {s_treated:int} treated, "
        "{s_first}–{s_last}; {n_worlds:int} worlds: {worlds}; {seeds} seeds each; four "
        "outputs, each with its own noise, the effects those of the demo data). A test's size "
        "had to lie within 5% ± {tol:num0} Monte Carlo standard errors in every world and "
        "output; {n_valid:int} of {n_tests:int} candidates did.",
    ),
    "prose.policy.design_headline": (
        "主要结果所用的{headline}在没有效应时的拒绝率为{size_min:pct1}至{size_max:pct1}（各世界中离5%最远的产出），"
        "规模调整后的平均功效为{power:pct1}。",
        "The headline test, {headline}, rejected {size_min:pct1} to {size_max:pct1} of the time "
        "with no effect (in each world the output farthest from 5%) and had a size-adjusted "
        "power of {power:pct1} on average.",
    ),
    "prose.policy.design_fallback": (
        "主要结果所用的{headline}并非由模拟研究选出，而是在没有合格检验或其所需数据不足时的备选。",
        "The headline test, {headline}, is not the simulation study's choice but the fallback "
        "used when no candidate qualified or its data are missing.",
    ),
    "prose.policy.design_ri": (
        "双重差分的随机化推断在基准世界中没有效应时的拒绝率为{size:pct1}，规模调整后的平均功效为{power:pct1}。",
        "Randomization inference on the DiD rejected {size:pct1} with no effect in the "
        "generator's world and had a size-adjusted power of {power:pct1} on average.",
    ),
    "prose.policy.design_did_crv1": (
        "聚类稳健t检验在没有效应时的拒绝率为{size:pct1}，",
        "The cluster-robust t test rejected {size:pct1} with no effect",
    ),
    "prose.policy.design_did_wcr": (
        "野聚类自助法为{size:pct1}，二者都不作为主要结果。",
        "and the wild cluster bootstrap {size:pct1}, so neither is a headline.",
    ),
    "prose.policy.design_pretrend": (
        "随机化事前趋势检验在没有事前趋势时的拒绝率为{size_min:pct1}至{size_max:pct1}，"
        "每年0.03对数点的事前趋势下为{power_min:pct1}至{power_max:pct1}（营业收入）。",
        "The randomization pre-trend test rejected {size_min:pct1} to {size_max:pct1} without a "
        "pre-trend and {power_min:pct1} to {power_max:pct1} with one of 0.03 log points a year "
        "(operating revenue).",
    ),
    "prose.policy.design_power": (
        "处理园区只有{n_treated:int}个，与示范效应同样大小的效应平均只有约{power:pct0}的机会被检测到："
        "不显著的估计应理解为“无法检测”，而不是“没有效应”。",
        "With {n_treated:int} treated zones an effect the size of the demonstration effect is "
        "detected only about {power:pct0} of the time on average: read an insignificant "
        "estimate as 'not detectable', not as 'no effect'.",
    ),
    "prose.policy.design_unstudied": (
        "检验规模与功效的模拟研究只针对{s_zones:int}个园区、{s_treated:int}个处理、{s_first}—{s_last}年的结构进行，"
        "未针对本数据的结构进行，因此不在此引用其结果；主要结果采用的随机化推断在园区可交换时精确成立，无需模拟。",
        "The simulation study of the tests' size and power was run only for {s_zones:int} "
        "zones, {s_treated:int} treated and {s_first}–{s_last}, not for the structure of these "
        "data, so its results are not quoted here; the headline's randomization inference is "
        "exact when the zones are exchangeable and needs no simulation.",
    ),
    "world.generator": ("本软件包的数据生成器", "the package's generator"),
    "world.exchangeable": ("处理园区随机抽取（可交换）", "treated drawn at random (exchangeable)"),
    "world.factor": (
        "园区异方差、含共同因子且处理园区为最大园区",
        "heteroskedastic zones with a common factor, the largest zones treated",
    ),
    "prose.policy.design_unmeasured": (
        "本次构建未找到各检验的模拟规模与功效记录。",
        "This build found no record of the tests' simulated size and power.",
    ),
    "gap.policy.no_treated": (
        "数据中没有示范区的高新区（{zones}）：估计示范区效应至少需要其中一个，以及至少{need:int}个其他高新区在2016年前后各至少一年的数据。",
        "The demonstration zones ({zones}) are not in the data: an estimate of their effect "
        "needs at least one of them and at least {need:int} other zones, with years before and "
        "from 2016.",
    ),
    "gap.policy.treated_partly": (
        "数据中只有{present}，没有{missing}：以下估计只针对{present}。",
        "Only {present} of the demonstration zone is in the data ({missing} is not): the "
        "estimates are for {present} alone.",
    ),
    "gap.policy.outcome_absent": (
        "数据中没有{indicator}，未估计其效应。",
        "{indicator}: no values in the data, so no estimate.",
    ),
    "gap.policy.outcome_treated_absent": (
        "数据中{zones}没有{indicator}的数值，未估计其效应。",
        "{indicator}: no values for {zones}, so no estimate.",
    ),
    "gap.policy.few_controls": (
        "{indicator}：除示范区外只有{n:int}个高新区有数据，至少需要{need:int}个才能估计；补充其他高新区的数据即可。",
        "{indicator}: only {n:int} zones besides the demonstration zone have data; at least "
        "{need:int} are needed, which data for more zones would supply.",
    ),
    "gap.policy.no_pre": (
        "{indicator}：数据中没有{start}年以前的年份，无法比较政策前后；需要至少一年{start}年以前的数据。",
        "{indicator}: no year before {start} in the data, so before and after cannot be "
        "compared; at least one earlier year is needed.",
    ),
    "gap.policy.no_post": (
        "{indicator}：数据中没有{start}年及以后的年份，无法估计政策效应；需要{start}年以后的数据。",
        "{indicator}: no year from {start} on in the data, so no effect can be estimated; "
        "data from {start} on are needed.",
    ),
    "gap.policy.one_pre_year": (
        "数据中{start}年以前只有{year}年一年：本章给出{year}年与{start}年以后相比的2×2双重差分及其随机化推断；"
        "合成控制、合成双重差分和事前趋势检验至少需要{start}年以前{need:int}年的数据（一年用于拟合权重或趋势，一年用于检验），"
        "补充{year}年以前的数据即可给出。",
        "The data have one year before {start} ({year}): the chapter gives the 2×2 "
        "difference-in-differences ({year} against the years from {start}) with its "
        "randomization test; synthetic control, synthetic DiD and the pre-trend test need at "
        "least {need:int} years before {start} (one to fit the weights or the trend on, one to "
        "check it), which data before {year} would supply.",
    ),
    "gap.policy.synth_unbalanced": (
        "{indicator}：示范区或多数对照园区缺少部分年份，合成控制和合成双重差分需要每个年份都有数据，未估计。",
        "{indicator}: the demonstration zones or too many controls lack some years; synthetic "
        "control and synthetic DiD need every year, so they are not estimated.",
    ),
    "gap.policy.synth_dropped": (
        "{indicator}：{zones}缺少部分年份，未纳入合成对照。",
        "{indicator}: {zones} lack some years and are left out of the synthetic comparisons.",
    ),
    "gap.policy.few_assignments": (
        "只有{n_zones:int}个高新区、{n_treated:int}个处理园区，随机化推断只有{n:int}种分配，最小p值为1/{n:int}，"
        "高于5%：无论效应多大，检验都不能在5%水平上拒绝。",
        "With {n_zones:int} zones and {n_treated:int} treated there are only {n:int} "
        "assignments; the smallest randomization p-value, 1/{n:int}, is above 5%, so the test "
        "cannot reject at 5% however large the effect.",
    ),
    # the tests of the policy estimators (evaluation.estimators: test.<code>), lower case
    "test.did_crv1": (
        "双重差分的聚类稳健t检验",
        "the cluster-robust t test on the DiD",
    ),
    "test.did_wcr": (
        "双重差分的野聚类限制性自助法",
        "the wild cluster restricted bootstrap on the DiD",
    ),
    "test.did_ri": (
        "双重差分的随机化推断（经典t统计量）",
        "randomization inference on the DiD (classical t)",
    ),
    "test.sdid_placebo": (
        "合成双重差分（安慰剂标准误）",
        "synthetic DiD with the placebo standard error",
    ),
    "test.did_ri_clustered": (
        "双重差分的随机化推断（聚类t统计量）",
        "randomization inference on the DiD (clustered t)",
    ),
    "test.sdid_rank": (
        "合成双重差分（空间安慰剂秩检验）",
        "synthetic DiD with the in-space placebo rank test",
    ),
    "test.did_rank": ("双重差分（空间安慰剂秩检验）", "DiD with the in-space placebo rank test"),
    "test.sc_rank": (
        "合成控制（空间安慰剂秩检验）",
        "synthetic control with the in-space placebo rank test",
    ),
    "test.sc_placebo": (
        "合成控制（安慰剂标准误）",
        "synthetic control with the placebo standard error",
    ),
    "test.did_placebo": ("双重差分（安慰剂标准误）", "DiD with the placebo standard error"),
    "inference.randomization": ("随机化推断", "Randomization inference"),
    "inference.wcr": ("野聚类限制性自助法", "Wild cluster restricted bootstrap"),
    "inference.crv1": ("聚类稳健t检验", "Cluster-robust t test"),
    "estimator.did": ("双重差分", "Difference-in-differences"),
    "estimator.sc": ("合成控制", "Synthetic control"),
    "estimator.sdid": ("合成双重差分", "Synthetic DiD"),
    "col.inference": ("推断方法", "Inference"),
    "col.estimator": ("估计方法", "Estimator"),
    "col.placebo_p": ("空间安慰剂p值", "In-space placebo p"),
    "col.pre_rmspe": ("事前拟合误差（RMSPE）", "Pre-period RMSPE"),
    "col.pvalue_adj": ("族错误率校正p值", "Family-wise adjusted p"),
    "col.att_min": ("剔除一个园区后最小值", "Smallest without one donor"),
    "col.att_max": ("剔除一个园区后最大值", "Largest without one donor"),
    "col.att_headline": ("主要结果估计", "Headline estimate"),
    "col.covered_headline": ("主要结果区间覆盖真实值", "Headline interval covers truth"),
    "section.inference_compare": ("推断方法比较", "Inference compared"),
    "section.synth": ("合成控制与合成双重差分", "Synthetic control and synthetic DiD"),
    "section.synth_paths": ("处理园区与合成对照的走势", "Treated and synthetic paths"),
    "section.synth_weights": ("合成对照的构成", "What the synthetic comparison is made of"),
    "section.placebo_space": ("空间安慰剂检验", "In-space placebo"),
    "prose.keytasks.method": (
        "规划第四部分的重点任务和第五部分的保障措施，凡数据能够反映的，均列出2015年与评估期末的数值及年均增长；"
        "数据无法反映的任务明确说明。跨越统计断点的增长不作计算。",
        "For the plan's key tasks (part four) and safeguards (part five), the indicators the "
        "data can give are shown for 2015 and the end of the review with annual growth; tasks "
        "the data cannot measure are named. Growth across a statistical break is not computed.",
    ),
    "prose.keytasks.radiation": (
        "规划指出高新区对所在市经济的贡献不高。下表给出各高新区GDP占所在市GDP的比重；"
        "2016年辽宁挤出统计数据水分、2019年经济普查修订，跨越这些年份的变化不视为真实变化；"
        "末列为剔除断点年份后的累计变化。",
        "The plan notes that the zones contribute little to their cities' economies. The table "
        "gives each zone's GDP as a share of its city's GDP; changes across the 2016 correction "
        "of inflated statistics and the 2019 census revision are not treated as real; the last "
        "column adds up the year-on-year changes of the other years.",
    ),
    "prose.province.method": (
        "本章使用真实的省级科技统计数据，比较辽宁与全国及其他省份的研发强度、政府资金占R&D经费比重、"
        "财政科技支出占比和单位R&D经费专利授权数，并在省级面板上估计同一生产函数。",
        "This chapter uses real province-level S&T statistics to compare Liaoning with China "
        "and the other provinces on R&D intensity, the government share of R&D funding, the "
        "fiscal S&T share of spending and patents per unit of R&D, and fits the same "
        "production function on the province panel.",
    ),
    "prose.findings.intro": (
        "以下发现均由本评估的计算结果自动生成：需关注{n_concern:int}项、需跟踪{n_watch:int}项、"
        "积极{n_positive:int}项、说明{n_info:int}项。",
        "The findings below are generated from this evaluation's results: {n_concern:int} "
        "concerns, {n_watch:int} to watch, {n_positive:int} positive and {n_info:int} for "
        "context.",
    ),
    "prose.zone.intro": (
        "{zone}位于{city}，为{level}高新区，属于{tier}。",
        "{zone} is a {level} zone in {city}, in the tier of {tier}.",
    ),
    "prose.zone.findings": (
        "以下为本区的主要发现（由计算结果生成）。",
        "The zone's findings, generated from the results:",
    ),
    "rec.hitech_firms": (
        "加快高新技术企业培育和认定，将高新技术企业占比作为高新区考核的核心指标。",
        "Speed up the growth and certification of high-tech enterprises and make their share a "
        "core indicator in the zones' assessment.",
    ),
    "rec.exports": (
        "提升外向型经济水平，支持企业拓展国际市场，融入“一带一路”合作。",
        "Raise export orientation: help firms reach international markets and join Belt and "
        "Road cooperation.",
    ),
    "rec.services": (
        "发展科技服务业和研发服务外包，提高服务收入占比。",
        "Grow technology and R&D outsourcing services to raise the service share of revenue.",
    ),
    "rec.rd": (
        "提高企业研发投入强度，落实研发费用加计扣除等政策，引导财政资金撬动企业投入。",
        "Raise firms' R&D intensity: apply the R&D tax deductions and use public funds to "
        "leverage private R&D.",
    ),
    "rec.radiation": (
        "增强高新区对所在市的辐射带动作用，推动园区联动与资源整合。",
        "Strengthen the zones' pull on their cities' economies through joint development and "
        "shared resources.",
    ),
    "rec.evaluation_design": (
        "示范区效应的评估仅有两个处理园区，应补充企业层面数据或更长时间序列以提高识别的可靠性。",
        "With only two treated zones the demonstration-zone effect is weakly identified; "
        "firm-level data or a longer series would make the evaluation more reliable.",
    ),
    "rec.data": (
        "建立全省高新区统一的年度统计报表，覆盖规划各项任务所需指标，以支撑后续评估。",
        "Set up one annual statistical return for all zones covering every indicator the "
        "plan's tasks need, so later reviews can measure them.",
    ),
    # --- province context, production specs, bootstrap notes (issue 13) ---
    # province context (evaluation.province: column, unit and note codes; measure names are
    # the ind.prov_<code> strings above)
    "province.col.measure": ("指标", "Measure"),
    "province.col.national": ("全国", "China (national)"),
    "province.col.aggregate": ("31省合计", "31 provinces combined"),
    "province.col.median": ("31省中位数", "Median of 31 provinces"),
    "province.col.min": ("31省最低", "Lowest province"),
    "province.col.max": ("31省最高", "Highest province"),
    "province.col.rank": ("{province}排名", "Rank of {province}"),
    "province.col.n_ranked": ("参与排名省份数", "Provinces ranked"),
    "province.col.formula": ("计算方法", "Definition"),
    "province.col.sources": ("来源表", "Source tables"),
    "province.col.first_year": ("起始年份", "First year"),
    "province.col.last_year": ("最近年份", "Latest year"),
    "province.col.value_first": ("{province}（起始年）", "{province} (first year)"),
    "province.col.value_last": ("{province}（最近年）", "{province} (latest year)"),
    "province.col.national_last": ("全国（最近年）", "National (latest year)"),
    "province.col.rank_first": ("排名（起始年）", "Rank (first year)"),
    "province.col.rank_last": ("排名（最近年）", "Rank (latest year)"),
    "province.unit.percent": ("%", "%"),
    "province.unit.percent_gdp": ("%", "% of GDP"),
    "province.unit.patents_per_100m_yuan": ("件/亿元", "patents per 100 million yuan"),
    "province.unit.pp": ("个百分点", "percentage points"),
    "province.formula.published": ("{formula}（按公布值）", "{formula} (as published)"),
    "province.real_data": (
        "本章使用真实数据：{citation}",
        "This chapter uses real data: {citation}",
    ),
    "province.note.missing_province": (
        "{measure}：{province}缺{years}年数据。",
        "{measure}: no value for {province} in {years}.",
    ),
    "province.note.missing_national": (
        "{measure}：全国缺{years}年数据。",
        "{measure}: no national value in {years}.",
    ),
    "province.note.aggregate_below": (
        "{measure}：“31省合计”与全国数据在两者皆有的年份相差不足{diff:g}{unit}。",
        "{measure}: the 31-province aggregate differs from the national figure by less than "
        "{diff:g} {unit} in the years both exist.",
    ),
    "province.note.aggregate_diff": (
        "{measure}：“31省合计”与全国数据在两者皆有的年份相差最多{diff:.4g}{unit}。",
        "{measure}: the 31-province aggregate differs from the national figure by at most "
        "{diff:.4g} {unit} in the years both exist.",
    ),
    "province.note.no_aggregate": (
        "{measure}：面板中没有GDP，无法计算31省合计。",
        "{measure}: no 31-province aggregate (the panel has no GDP).",
    ),
    "province.note.rank_rule": (
        "排名为在有数据的省份中由高到低的位次（1为最高）。",
        "Ranks are positions among the provinces with a value, highest first (1 = highest).",
    ),
    # province production regression (evaluation.province notes)
    "province.note.lag": (
        "R&D经费滞后{lag}年进入（与高新区生产函数一致），因此{years}年不在样本中。",
        "R&D expenditure enters lagged {lag} year(s), as in the zone production function, so "
        "{years} is not in the sample.",
    ),
    "province.note.sample": (
        "{outcome}：{nobs}个省份-年份观测（{n_provinces}个省份，{years}年）；全国不在样本中。",
        "{outcome}: {nobs} province-years ({n_provinces} provinces, {years}); the national row "
        "is excluded.",
    ),
    "province.note.no_outcome": (
        "{outcome}：源数据缺{years}年，该年份不在样本中（{n_rows}个省份-年份）。",
        "{outcome}: the source has no data for {years}, so it is not in the sample "
        "({n_rows} province-years).",
    ),
    "province.note.dropped": (
        "{outcome}：{n_provinces}个省份×{n_years}年共{grid}个省份-年份中，{dropped}个不在样本中"
        "（缺滞后值{lags}个，有缺失值{missing}个）。",
        "{outcome}: {dropped} of the {grid} province-years ({n_provinces} provinces × {n_years} "
        "years) are not in the sample ({lags} without the lagged value, {missing} with a missing "
        "value).",
    ),
    "province.note.cov": ("标准误：{cov}。", "Standard errors: {cov}."),
    "province.note.bootstrap": ("{bootstrap}；随机种子{seed}。", "{bootstrap}; seed {seed}."),
    "province.cov.cluster": (
        "按省份聚类（Stata小样本校正）",
        "clustered by province (Stata small-sample correction)",
    ),
    "province.cov.unadjusted": ("常规（同方差）", "conventional (homoskedastic)"),
    "province.cov.robust": ("异方差稳健（White）", "heteroskedasticity-robust (White)"),
    "province.cov.twoway": ("按省份和年份双向聚类", "two-way clustered by province and year"),
    "province.cov.driscoll_kraay": (
        "Driscoll–Kraay（截面相关与序列相关稳健）",
        "Driscoll–Kraay (robust to cross-sectional and serial correlation)",
    ),
    # production specs (models.production; output and input names from the codebook)
    "spec.caption.lag_one": ("{output}：滞后一期的{inputs}", "{output} on lagged {inputs}"),
    "spec.caption.lagged": (
        "{output}：滞后{lag}期的{inputs}",
        "{output} on {inputs}, each lagged {lag} years",
    ),
    "spec.caption.mixed": ("{output}：{inputs}", "{output} on {inputs}"),
    "list.last": ("{head}、{last}", "{head} and {last}"),
    # wild cluster bootstrap (models.bootstrap.BootstrapDesign, few_cluster_inference)
    "bootstrap.note": (
        "野聚类{method}自助法（{abbrev}；{weights}权重，{draws}，{n_clusters} 个聚类）：{why}",
        "Wild cluster {method} bootstrap ({abbrev}; {weights} weights, {draws}, {n_clusters} "
        "clusters): {why}",
    ),
    "bootstrap.method.restricted": ("限制性", "restricted"),
    "bootstrap.method.unrestricted": ("非限制性", "unrestricted"),
    "bootstrap.weights.webb": ("Webb 六点", "Webb"),
    "bootstrap.weights.rademacher": ("Rademacher 两点", "Rademacher"),
    "bootstrap.draws.enumerated": (
        "穷举全部 2^{n_clusters} = {B} 种符号组合，结果确定",
        "all 2^{n_clusters} = {B} sign vectors enumerated, deterministic",
    ),
    "bootstrap.draws.random": ("B={B} 次抽样", "B={B}"),
    "bootstrap.why.few": (
        "聚类数少于 {threshold}，故采用此法",
        "recommended because clusters < {threshold}",
    ),
    "bootstrap.why.many": (
        "聚类数不少于 {threshold}，聚类稳健推断通常已足够，此处作为校验",
        "clusters >= {threshold}: cluster-robust inference is usually adequate; shown as a check",
    ),
    "bootstrap.unbounded": ("{note}；置信集无界", "{note}; the confidence set is unbounded"),
    "bootstrap.reason.bootstrap": (
        "聚类数 {n_clusters} < {threshold}：以野聚类自助法（{method}）的 p 值和置信区间为准"
        "（聚类数少时 CRV1 t 检验过度拒绝）",
        "{n_clusters} clusters < {threshold}: {method} bootstrap p-value and CI are the headline "
        "(CRV1 t tests over-reject with few clusters)",
    ),
    "bootstrap.reason.crv1": (
        "聚类数 {n_clusters} ≥ {threshold}：以 CRV1 聚类稳健 t({df}) 推断为准",
        "{n_clusters} clusters >= {threshold}: CRV1 cluster-robust t({df}) inference is the "
        "headline",
    ),
    # --- real province data on the demonstration zone (evaluation.province_policy) ---
    "section.province_policy": ("真实省级数据说明了什么", "What the real province data say"),
    "ind.patents_invention": ("国内发明专利授权数（件）", "Domestic invention patents granted"),
    "province_policy.intro": (
        "本节使用真实数据，不是合成数据：{citation}。{treated}于{start}年获批建设沈大国家自主创新示范区"
        "（{document}，成文日期{date}）。对照省份为截至{end}年没有任何经核实的国家自主创新示范区、且"
        "{first}—{end}年数据完整的{n_donors}个省份：{donors}。以合成双重差分估计示范区对{treated}的影响"
        "（对数点），区间来自安慰剂标准误，“空间安慰剂p值”是{treated}的效应在{treated}与各对照省份轮流"
        "充当处理组时的排名。批复日期及其出处见 data/policy/demonstration_zones.csv"
        "（{n_sourced}个示范区有出处和原文引文；{n_unsourced}个日期未能核实，其所在省份不作对照）。",
        "This section uses real data, not synthetic data: {citation}. {treated} was approved for "
        "the Shenyang–Dalian National Independent Innovation Demonstration Zone in {start} "
        "({document}, written {date}). The comparison provinces are the {n_donors} provinces "
        "with no verified demonstration zone by {end} and complete data for {first}–{end}: "
        "{donors}. Synthetic difference-in-differences estimates the zone's effect on {treated} "
        "(log points); intervals use the placebo standard error, and the in-space placebo p-value "
        "ranks {treated}'s effect among those obtained when each comparison province is treated in "
        "turn. The approval dates and their sources are in data/policy/demonstration_zones.csv "
        "({n_sourced} zones with a source and a verbatim quote; {n_unsourced} dates could not be "
        "verified, and their provinces are never used for comparison).",
    ),
    "province_policy.col.source_kind": ("数据来源类型", "Kind of source"),
    "province_policy.col.n_donors": ("对照省份数", "Comparison provinces"),
    "province_policy.col.se": ("安慰剂标准误", "Placebo s.e."),
    "province_policy.col.loo": ("逐一剔除对照省份后的估计范围", "Leave-one-out range"),
    "province_policy.col.in_time": (
        "虚拟2013年起始的效应（空间p值）",
        "Fake 2013 start (in-space p)",
    ),
    "province_policy.col.rm": (
        "事前趋势偏离的稳健区间（M̄=1）",
        "Interval robust to trend violations (M̄ = 1)",
    ),
    "province_policy.col.breakdown": ("临界M̄", "Breakdown M̄"),
    "province_policy.col.conformal_p": ("共形检验p值", "Conformal p"),
    "province_policy.col.conformal_ci": ("共形区间", "Conformal interval"),
    "province_policy.col.reason": ("未作对照的原因", "Why not a comparison province"),
    "province_policy.col.cohort": ("批次（首个示范区获批年份）", "Cohort (year of first zone)"),
    "province_policy.col.provinces": ("省份", "Provinces"),
    "province_policy.col.weight": ("权重", "Weight"),
    "province_policy.col.test": ("检验", "Test"),
    "province_policy.col.rejection": ("无效应时的拒绝率", "Rejection rate with no effect"),
    "province_policy.kind.administrative": ("行政记录（专利局）", "Administrative (patent office)"),
    "province_policy.kind.survey": ("统计调查（地方上报）", "Survey (local returns)"),
    "province_policy.kind.fiscal": ("财政决算（地方上报）", "Budget accounts (local returns)"),
    "province_policy.reason.treated": ("处理省份", "Treated province"),
    "province_policy.reason.zone": ("截至评估期末已有示范区", "Had a zone by the end year"),
    "province_policy.reason.unsourced": ("示范区日期未能核实", "Zone date not verified"),
    "province_policy.reason.incomplete": ("数据不完整", "Incomplete data"),
    "province_policy.reason.not_chosen": ("未选入", "Not chosen"),
    "province_policy.unbounded": ("无界", "unbounded"),
    "province_policy.range": ("{lo:num3} 至 {hi:num3}", "{lo:num3} to {hi:num3}"),
    "province_policy.att_p": ("{att:num3}（{p:num3}）", "{att:num3} ({p:num3})"),
    "province_policy.weights": (
        "各对照省份在合成{treated}中的权重（按指标）：",
        "Weight of each comparison province in the synthetic {treated}, by outcome:",
    ),
    "province_policy.excluded": (
        "其余省份未作对照的原因：",
        "Why the other provinces are not comparison provinces:",
    ),
    "province_policy.paths": (
        "{treated}与合成{treated}的走势（对数值）；红色虚线为示范区获批年份。",
        "{treated} and the synthetic {treated} (logs); the dashed line marks the approval year.",
    ),
    "province_policy.placebo": (
        "空间安慰剂分布：灰点为每个对照省份轮流充当处理组时的估计，红点为{treated}的估计。"
        "红点落在灰点之中时，{treated}的效应与偶然波动无法区分。",
        "In-space placebo distribution: grey dots are the estimates when each comparison province "
        "is treated in turn, the red dot is {treated}'s. Where the red dot sits among the grey "
        "ones, {treated}'s effect cannot be told apart from chance.",
    ),
    "province_policy.fragility": (
        "估计有多脆弱：逐一剔除有正权重的对照省份后重新估计的范围；以2013年为虚拟起始年、只用"
        "2010—2015年数据的“时间安慰剂”（真实效应应为零）；Rambachan和Roth（2023）的相对幅度界："
        "允许示范区之后的趋势偏离每年至多为事前最大偏离的M̄倍（双重差分事件研究，参照年2015年），"
        "临界M̄是区间开始包含零的最小M̄（为0表示即使平行趋势严格成立也不显著）；以及Chernozhukov、"
        "Wüthrich和Zhu（2021）针对单一处理单位合成控制的共形推断（p值由全部{permutations}种时期"
        "置换精确计算，区间为常数效应的置信集）。",
        "How fragile the estimates are: the range of the estimate when each comparison province "
        "with positive weight is left out; an in-time placebo with a fake start in 2013 on "
        "2010–2015 data only (its true effect is zero); Rambachan and Roth's (2023) "
        "relative-magnitudes bounds, which let the trend after the zone deviate each year by up "
        "to M̄ times the largest deviation before it (DiD event study, reference year 2015) — the "
        "breakdown M̄ is the smallest at which the interval includes zero (0: not significant "
        "even with exact parallel trends); and the conformal inference of Chernozhukov, Wüthrich "
        "and Zhu (2021) for synthetic control with one treated unit (p-values computed exactly "
        "over all {permutations} permutations of the years; the interval is the confidence set "
        "for a constant effect).",
    ),
    "province_policy.cohorts": (
        "跨批次稳健性：2014、2015、2016年首次获批示范区的各批省份分别与同一组对照省份比较，"
        "按处理省份-年数加权平均（Clarke等，2023）：{att:num3}（安慰剂标准误{se:num3}，"
        "{n_cohorts}批）。",
        "Robustness across cohorts: the provinces whose first zone came in 2014, 2015 and 2016, "
        "each cohort against the same comparison provinces, averaged by treated province-years "
        "(Clarke et al., 2023): {att:num3} (placebo s.e. {se:num3}, {n_cohorts} cohorts).",
    ),
    "province_policy.size": (
        "在这一对照结构上各检验的实际规模：把每个对照省份轮流当作2016年起受处理的省份（真实效应为零），"
        "共{trials}次设计，5%水平下的拒绝率如下表。",
        "Size of each test on this donor structure: each comparison province in turn treated as "
        "if from 2016 (its true effect is zero), {trials} designs in all; rejection rates at 5%:",
    ),
    "province_policy.record_missing": (
        "本次构建未找到跨批次估计与检验规模的记录（data/methods/province_policy.json），"
        "运行随附的基准程序可生成该记录。",
        "This build found no record of the cohort row and the tests' size "
        "(data/methods/province_policy.json); the package's benchmark script writes it.",
    ),
    "province_policy.record_stale": (
        "跨批次估计与检验规模的记录（data/methods/province_policy.json）是用另一版本的数据计算的，"
        "本次不予显示；请重新运行随附的基准程序。",
        "The record of the cohort row and the tests' size (data/methods/province_policy.json) "
        "was computed on other data and is not shown; rerun the package's benchmark script.",
    ),
    "province_policy.test.sdid_placebo": (
        "合成双重差分（安慰剂标准误）",
        "Synthetic DiD (placebo s.e.)",
    ),
    "province_policy.test.did_placebo": ("双重差分（安慰剂标准误）", "DiD (placebo s.e.)"),
    "province_policy.test.sdid_in_space": ("空间安慰剂排名", "In-space placebo rank"),
    "province_policy.test.conformal": ("共形推断", "Conformal inference"),
    "province_policy.data_quality": (
        "数据质量：2017年1月，辽宁省省长在政府工作报告中首次确认，全省市县在2011—2014年存在财政数据"
        "造假（{fraud_url}）；省政府称2015年夯实了财政收入数据，2016年以来夯实其他经济数据"
        "（{correction_url}）。专利授权数是国家知识产权局按其登记统计的行政记录（{patents_url}），"
        "不经地方上报，不受这次数据纠正影响；R&D经费和R&D人员来自地方单位填报的统计调查，财政科技支出"
        "来自地方财政决算，都可能受到影响：若2016年前的数据偏高而之后被挤出水分，这些指标的估计会偏向"
        "负值。因此上表两类指标并列，读者应以专利指标为准。",
        "Data quality: in January 2017 Liaoning's governor admitted in the government work report "
        "that the province's cities and counties had falsified fiscal data in 2011–2014 "
        "({fraud_url}); the provincial government said it firmed up fiscal revenue data in 2015 "
        "and other economic data from 2016 ({correction_url}). Patent grants are administrative "
        "counts the national patent office takes from its own register ({patents_url}), not "
        "reported by local governments, so the correction cannot touch them; R&D expenditure and "
        "R&D personnel come from statistical returns filed locally, fiscal S&T spending from "
        "local budget accounts, and both may be touched: if figures before 2016 were inflated and "
        "deflated after, their estimates lean negative. The table therefore shows both kinds side "
        "by side; the patent outcomes are the ones to rely on.",
    ),
    "province_policy.fig.paths_title": (
        "{treated}与合成{treated}",
        "{treated} and synthetic {treated}",
    ),
    "province_policy.fig.synthetic": ("合成{treated}", "Synthetic {treated}"),
    "province_policy.fig.placebo_title": (
        "空间安慰剂：各省份轮流充当处理组的估计",
        "In-space placebo: each province treated in turn",
    ),
    "province_policy.fig.effect": ("效应（对数点）", "Effect (log points)"),
    "province_policy.fig.donors": ("对照省份", "Comparison provinces"),
    "finding.province_policy": (
        "真实省级数据：示范区获批后，{scope}{indicator}相对由{n_donors:int}个没有示范区的省份构成的"
        "合成对照变化{att:num3}对数点（合成双重差分，95%区间{lower:num3}至{upper:num3}，"
        "空间安慰剂p值{p:num2}）。",
        "Real province data: after the zone, the {indicator} of {scope} changed by {att:num3} log "
        "points against a synthetic control of {n_donors:int} provinces without a zone "
        "(synthetic DiD, 95% interval {lower:num3} to {upper:num3}, in-space placebo p {p:num2}).",
    ),
    "source.province_policy": (
        "沈大国家自主创新示范区的政策效应（真实省级数据）",
        "Policy effect of the demonstration zone (real province data)",
    ),
}

#: English for the units of the codebook and the province panel (the codebook's are Chinese).
UNIT_EN: dict[str, str] = {
    "%": "%",
    "万人": "10,000 persons",
    "万元": "10,000 yuan",
    "万平方米": "10,000 m²",
    "人": "persons",
    "人年": "person-years",
    "个": "number",
    "亿元": "100 million yuan",
    "件": "number",
    "元": "yuan",
    "平方米": "m²",
    "百万美元": "million US$",
    "项": "number",
    "百分点": "percentage points",
}

#: Cities of the zones (``zones.csv`` column ``city``) in English.
CITY_EN: dict[str, str] = {
    "沈阳": "Shenyang",
    "大连": "Dalian",
    "鞍山": "Anshan",
    "本溪": "Benxi",
    "锦州": "Jinzhou",
    "营口": "Yingkou",
    "阜新": "Fuxin",
    "辽阳": "Liaoyang",
    "抚顺": "Fushun",
    "丹东": "Dandong",
    "铁岭": "Tieling",
    "盘锦": "Panjin",
    "朝阳": "Chaoyang",
    "葫芦岛": "Huludao",
}
