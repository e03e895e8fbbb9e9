"""Findings: sentences built from computed numbers, each with its number, source and severity.

No figure in a finding is typed: every sentence is a template filled from a result table of
this package (benchmarks, outlook, radiation, key tasks, DiD, input–output).  Severities:

- ``concern``  — a plan benchmark missed and the gap widened, or a zone off track;
- ``watch``    — below the benchmark but closing the gap, or at risk;
- ``positive`` — benchmark reached or held, or strong growth on a key task;
- ``info``     — context (estimates with their caveats).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from ..errors import DataError, OptionError
from ..options import BASELINE_YEAR, check_choice, check_lang, check_review, review_years
from ..plan.codebook import RATIOS, indicator_label
from ..plan.zones import TIER_NAMES, load_zones, zone_ids
from .benchmarks import benchmark_progress
from .did import START, TREATED, did
from .keytasks import key_tasks
from .policy import choose_headline, inference_record
from .radiation import radiation
from .synthdid import synth_did

SEVERITIES = ("concern", "watch", "positive", "info")
SECTIONS = ("benchmarks", "outlook", "radiation", "keytasks", "did", "inputoutput")


@dataclass(frozen=True)
class Finding:
    """One finding: ``text`` states ``number`` (in ``unit``) taken from ``source``."""

    key: str
    scope: str
    text: str
    number: float
    unit: str
    source: str
    severity: str

    def as_dict(self) -> dict:
        return asdict(self)


def _scope_name(scope: str, lang: str) -> str:
    z = load_zones()
    if scope in z.index:
        return z.loc[scope, "name_zh" if lang == "zh" else "name_en"]
    if scope in TIER_NAMES:
        return TIER_NAMES[scope][0 if lang == "zh" else 1]
    names = {
        "all_zones": ("全省高新区", "all zones"),
        "national_zones": ("国家高新区", "national zones"),
        "provincial_zones": ("省级高新区", "provincial zones"),
    }
    return names[scope][0 if lang == "zh" else 1]


def _name(code: str, lang: str) -> str:
    return indicator_label(code, lang, unit=False)


def _benchmark_findings(panel, review, lang, scopes) -> list[Finding]:
    prog = benchmark_progress(panel, review)
    out = []
    for _, r in prog[prog["scope"].isin(scopes)].iterrows():
        if not np.isfinite(r["value"]):
            continue
        v, b, base = r["value"], r["benchmark"], r["baseline"]
        who, what = _scope_name(r["scope"], lang), _name(r["indicator"], lang)
        if r["status"] == "below benchmark":
            closed = r["gap_closed"]
            if not np.isfinite(closed):
                continue
            sev = "concern" if closed < 0 else "watch"
            if lang == "zh":
                text = (
                    f"{who}{what}{r['year']}年为{v:.1f}%，低于{b:.1f}%的基准；"
                    f"{BASELINE_YEAR}年起点为{base:.1f}%，"
                    + (f"差距缩小了{100 * closed:.0f}%。" if closed >= 0 else "差距反而扩大。")
                )
            else:
                text = (
                    f"{who}: {what} was {v:.1f}% in {r['year']}, below the {b:.1f}% "
                    f"benchmark; from {base:.1f}% in {BASELINE_YEAR} "
                    + (
                        f"it closed {100 * closed:.0f}% of the gap."
                        if closed >= 0
                        else "the gap widened."
                    )
                )
        elif r["status"] == "fell below benchmark":
            sev = "concern"
            if lang == "zh":
                text = (
                    f"{who}{what}{BASELINE_YEAR}年为{base:.1f}%，不低于基准；"
                    f"{r['year']}年降至{v:.1f}%，低于{b:.1f}%的基准。"
                )
            else:
                text = (
                    f"{who}: {what} fell from {base:.1f}% in {BASELINE_YEAR} to {v:.1f}% in "
                    f"{r['year']}, below the {b:.1f}% benchmark."
                )
        elif r["status"] in ("benchmark reached", "at or above benchmark"):
            sev = "positive"
            if lang == "zh":
                text = f"{who}{what}{r['year']}年为{v:.1f}%，达到或高于{b:.1f}%的基准。"
            else:
                text = (
                    f"{who}: {what} was {v:.1f}% in {r['year']}, at or above the "
                    f"{b:.1f}% benchmark."
                )
        else:  # not computable: no sentence rather than a wrong one
            continue
        out.append(
            Finding(
                f"benchmark.{r['indicator']}",
                r["scope"],
                text,
                float(v),
                "%",
                "benchmark_progress",
                sev,
            )
        )
    return out


def _outlook_findings(panel, review, lang, scopes) -> list[Finding]:
    from .outlook import outlook

    if review != "midterm":
        return []
    ol = outlook(panel, review)
    out = []
    zones = [s for s in scopes if s in zone_ids()]
    for ind, g in ol[ol["zone"].isin(zones)].groupby("indicator", sort=False):
        n_off = int((g["status"] == "off track").sum())
        n = int(g["status"].isin(["on track", "at risk", "off track"]).sum())
        if n == 0:
            continue
        if len(zones) == 1:
            st = g["status"].iloc[0]
            sev = {"off track": "concern", "at risk": "watch", "on track": "positive"}.get(
                st, "info"
            )
            zh_st = {"on track": "有望达到", "at risk": "存在风险", "off track": "难以达到"}
            text = (
                f"按2015—2018年趋势，{_scope_name(zones[0], lang)}{_name(ind, lang)}"
                f"2020年预计为{g['projection_2020'].iloc[0]:.1f}%，{zh_st.get(st, st)}基准。"
                if lang == "zh"
                else f"On its 2015–2018 trend, {_scope_name(zones[0], lang)}'s "
                f"{_name(ind, lang)} projects to {g['projection_2020'].iloc[0]:.1f}% in "
                f"2020: {st} for the benchmark."
            )
            out.append(
                Finding(
                    f"outlook.{ind}",
                    zones[0],
                    text,
                    float(g["projection_2020"].iloc[0]),
                    "%",
                    "outlook",
                    sev,
                )
            )
            continue
        sev = "concern" if n_off > n / 2 else "watch" if n_off else "positive"
        text = (
            f"按2015—2018年趋势，{n}个高新区中有{n_off}个的{_name(ind, lang)}到2020年难以达到基准。"
            if lang == "zh"
            else f"On the 2015–2018 trend, {n_off} of {n} zones are off track to reach the "
            f"benchmark for {_name(ind, lang)} by 2020."
        )
        out.append(
            Finding(f"outlook.{ind}", "all_zones", text, float(n_off), "zones", "outlook", sev)
        )
    return out


def _radiation_findings(panel, review, lang, scopes) -> list[Finding]:
    _, end = review_years(review)
    rad = radiation(panel, zones=tuple(s for s in scopes if s in zone_ids()) or None)
    out = []
    for z, g in rad.groupby("zone", sort=False):
        g = g.set_index("year")
        if end not in g.index or not np.isfinite(g.loc[end, "city_gdp_share"]):
            continue
        v = float(g.loc[end, "city_gdp_share"])
        crossed = bool(g.loc[BASELINE_YEAR + 1 : end, "break_flag"].any())
        who = _scope_name(z, lang)
        if lang == "zh":
            text = f"{who}GDP占所在市GDP比重{end}年为{v:.1f}%" + (
                "；因统计口径断点，与2015年的变化不作为真实变化报告。" if crossed else "。"
            )
        else:
            text = f"{who}: zone GDP was {v:.1f}% of city GDP in {end}" + (
                "; the change since 2015 crosses a statistical break and is not reported as real."
                if crossed
                else "."
            )
        out.append(Finding("radiation.city_gdp_share", z, text, v, "%", "radiation", "info"))
    return out


def _keytask_findings(panel, review, lang, scopes) -> list[Finding]:
    kt = key_tasks(panel, review, scopes=tuple(scopes))
    out, seen = [], set()
    for _, r in kt.iterrows():
        # an indicator serving two tasks (venture capital) is reported once
        if (
            r["indicator"] in RATIOS
            or not np.isfinite(r["cagr"])
            or (r["scope"], r["indicator"]) in seen
        ):
            continue
        seen.add((r["scope"], r["indicator"]))
        c = float(r["cagr"])
        sev = "positive" if c >= 10 else "concern" if c < 0 else "info"
        who, what = _scope_name(r["scope"], lang), _name(r["indicator"], lang)
        if lang == "zh":
            verb = "年均增长" if c >= 0 else "年均下降"
            text = f"{who}{what}{BASELINE_YEAR}—{r['year']}年{verb}{abs(c):.1f}%。"
        else:
            verb = "grew" if c >= 0 else "fell"
            text = f"{who}: {what} {verb} {abs(c):.1f}% a year in {BASELINE_YEAR}–{r['year']}."
        out.append(
            Finding(
                f"keytask.{r['task']}.{r['indicator']}",
                r["scope"],
                text,
                c,
                "% a year",
                "key_tasks",
                sev,
            )
        )
    return out


# the headline test's estimator and interval, by the policy chapter's choice (zh, en)
_METHOD = {
    "did_ri": ("双重差分", "DiD", "随机化推断", "randomization-inference"),
    "did_wcr": ("双重差分", "DiD", "自助法", "bootstrap"),
    "sdid_placebo": ("合成双重差分", "synthetic DiD", "安慰剂标准误", "placebo-standard-error"),
    "sc_placebo": ("合成控制", "synthetic control", "安慰剂标准误", "placebo-standard-error"),
    "did_placebo": ("双重差分", "DiD", "安慰剂标准误", "placebo-standard-error"),
}


def _did_findings(panel, review, lang, scopes, *, B: int) -> list[Finding]:
    _, end = review_years(review)
    sub = panel[panel.index.get_level_values(1) <= end]
    zones = set(sub.index.get_level_values(0))
    # no estimate without the outcome or the treated zones; the policy chapter says why
    if "revenue" not in sub or sub["revenue"].isna().all() or not set(TREATED) <= zones:
        return []
    # the same headline as the policy chapter: the test the benchmark record picks
    head = choose_headline(inference_record())
    r = did(sub, "revenue", B=B, placebo_starts=())
    if head != "did_ri":
        balanced = sub[["revenue"]].dropna()
        try:
            r = synth_did(balanced, "revenue", treated=r.treated, start=START,
                          estimator=head.split("_")[0])  # fmt: skip
        except (OptionError, DataError):  # an unbalanced outcome: the DiD stays the headline
            head = "did_ri" if r.method == "randomization" else "did_wcr"
    else:
        head = "did_ri" if r.method == "randomization" else "did_wcr"
    lo, hi = r.conf_int()
    pct = abs(100 * (np.exp(r.att) - 1))
    est_zh, est_en, int_zh, int_en = _METHOD[head]
    if lang == "zh":
        verb = "提高" if r.att >= 0 else "降低"
        text = (
            f"示范区效应：沈阳、大连高新区营业收入相对其他高新区{verb}约{pct:.1f}%"
            f"（{est_zh}估计{r.att:.3f}对数点，95%{int_zh}区间{lo:.3f}至{hi:.3f}）；"
            "仅两个处理园区，结论应谨慎解读。"
        )
    else:
        verb = "rose" if r.att >= 0 else "fell"
        text = (
            f"Demonstration-zone effect: Shenyang's and Dalian's revenue {verb} about "
            f"{pct:.1f}% relative to the other zones ({est_en} estimate {r.att:.3f} log points, "
            f"95% {int_en} interval {lo:.3f} to {hi:.3f}); with two treated zones, "
            "read with care."
        )
    return [Finding("did.revenue", "all_zones", text, float(r.att), "log points", "did", "info")]


def _inputoutput_findings(panel, review, lang, *, B: int) -> list[Finding]:
    from .inputoutput import input_output

    io = input_output(panel, review, B=B, lags=(1,))
    if io.inference.empty:
        return []
    inf = io.inference[io.inference["param"] == "rd_expenditure"]
    out = []
    for _, r in inf.iterrows():
        b = float(r["estimate"])
        p = float(r["p_wcr"]) if r["headline"] == "WCR" else float(r["p_crv1"])
        method = (
            "野聚类自助法"
            if r["headline"] == "WCR" and lang == "zh"
            else ("wild cluster bootstrap" if r["headline"] == "WCR" else "cluster-robust t test")
        )
        if lang == "zh" and r["headline"] != "WCR":
            method = "聚类稳健t检验"
        what = _name(r["spec"], lang)
        if lang == "zh":
            text = (
                f"投入产出弹性：上一年R&D经费内部支出每增加1%，{what}约变化{b:.2f}%"
                f"（{method} p = {p:.3f}）。"
            )
        else:
            text = (
                f"Input–output: 1% more R&D spending in the previous year goes with a "
                f"{b:.2f}% change in {what} ({method} p = {p:.3f})."
            )
        sev = "positive" if b > 0 and p < 0.05 else "info"
        out.append(
            Finding(
                f"inputoutput.{r['spec']}.rd_expenditure",
                "all_zones",
                text,
                b,
                "elasticity",
                "input_output",
                sev,
            )
        )
    return out


def findings(
    panel: pd.DataFrame,
    review: str = "final",
    lang: str = "zh",
    *,
    zone: str | None = None,
    sections: Iterable[str] = SECTIONS,
    B: int = 9999,
) -> list[Finding]:
    """Findings of a review, for all zones or for one zone's profile.

    Parameters
    ----------
    panel : canonical zone panel
    review, lang : ``midterm``/``final``; ``zh``/``en``
    zone : a zone id: only findings about that zone (and its tier) for its profile
    sections : which analyses to draw on (subset of ``SECTIONS``); ``did`` and
        ``inputoutput`` are province-wide and skipped for a zone profile
    B : bootstrap replications for the DiD finding

    Returns
    -------
    list of Finding, ordered by severity (concern, watch, positive, info) then section order.
    """
    check_review(review)
    check_lang(lang)
    sections = tuple(sections)
    for s in sections:
        check_choice("sections", s, SECTIONS)
    if zone is not None:
        check_choice("zone", zone, zone_ids())
        tier = load_zones().loc[zone, "tier"]
        scopes = (zone, tier)
    else:
        scopes = (*zone_ids(), *TIER_NAMES, "national_zones", "provincial_zones", "all_zones")
    out: list[Finding] = []
    if "benchmarks" in sections:
        out += _benchmark_findings(panel, review, lang, scopes)
    if "outlook" in sections:
        out += _outlook_findings(panel, review, lang, scopes)
    if "radiation" in sections:
        out += _radiation_findings(panel, review, lang, scopes)
    if "keytasks" in sections:
        out += _keytask_findings(
            panel, review, lang, (zone,) if zone else ("all_zones", *TIER_NAMES)
        )
    if "did" in sections and zone is None:
        out += _did_findings(panel, review, lang, scopes, B=B)
    if "inputoutput" in sections and zone is None:
        out += _inputoutput_findings(panel, review, lang, B=B)
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(out, key=lambda f: order[f.severity])


def findings_frame(items: list[Finding]) -> pd.DataFrame:
    """Findings as a table (``severity, scope, text, number, unit, source``)."""
    cols = ["severity", "scope", "text", "number", "unit", "source", "key"]
    return pd.DataFrame([f.as_dict() for f in items], columns=cols)[cols]
