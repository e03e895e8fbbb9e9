"""The policy chapter's real-data section: Liaoning against the provinces with no demonstration
zone (evaluation.province_policy), in the chapter's language.

Every function takes the :class:`~gxq_analysis.evaluation.province_policy.ProvinceEvaluation`
and a language and returns a sentence or a display table (codes translated here, numbers as
computed); nothing is estimated here.
"""

from __future__ import annotations

import math
import re
from typing import Any

import pandas as pd

from ...evaluation.province_policy import load_demonstration_zones, load_statistics_correction
from ...ingest.province_codebook import CITATION, CITATION_ZH
from ..strings import join_words, province_label, t

__all__ = [
    "cohort_sentence",
    "data_quality_note",
    "estimates_table",
    "excluded_table",
    "fragility_table",
    "intro",
    "record_status",
    "size_table",
    "weights_table",
]


def _result0(ev):
    return next(iter(ev.results.values()))


def _document(number: str, lang: str) -> str:
    """A State Council document number: 国函〔2016〕65号 in Chinese, Guohan [2016] No. 65 in
    English (the pinyin form English texts cite)."""
    m = re.fullmatch(r"国函〔(\d{4})〕(\d+)号", number)
    return number if lang == "zh" or not m else f"Guohan [{m[1]}] No. {m[2]}"


def intro(ev, lang: str) -> str:
    """The section's first paragraph: real data and source, the treatment date and document,
    the donors by name, and the dates table."""
    r = _result0(ev)
    zones = load_demonstration_zones()
    shenda = zones.set_index("zone").loc["shenda"]
    treated = r.treated[0]
    return t(
        "province_policy.intro",
        lang,
        # the citation ends a sentence of its own; the template supplies the full stop
        citation=(CITATION_ZH if lang == "zh" else CITATION).rstrip("。."),
        treated=province_label(treated, lang),
        start=r.start,
        end=ev.end,
        first=r.years[0],
        document=_document(shenda["document"], lang),
        date=shenda["date"],
        n_donors=len(r.donors),
        donors=join_words((province_label(d, lang) for d in r.donors), lang),
        n_sourced=int((zones["status"] == "sourced").sum()),
        n_unsourced=int((zones["status"] != "sourced").sum()),
    )


def estimates_table(ev, lang: str) -> pd.DataFrame:
    """Per outcome: kind of source, SDID estimate, % effect, placebo s.e., interval, p,
    in-space placebo p, number of donors."""
    df = ev.estimates()
    se = [ev.results[o].se for o in df["indicator"]]
    out = pd.DataFrame(
        {
            "indicator": df["indicator"],
            t("province_policy.col.source_kind", lang): [
                t(f"province_policy.kind.{k}", lang) for k in df["source_kind"]
            ],
            "att": df["att"],
            "att_pct": df["att_pct"],
            t("province_policy.col.se", lang): se,
            "ci_lower": df["ci_lower"],
            "ci_upper": df["ci_upper"],
            "pvalue": df["pvalue"],
            "placebo_p": df["placebo_p"],
            t("province_policy.col.n_donors", lang): df["n_donors"],
        }
    )
    return out


def weights_table(ev, lang: str) -> pd.DataFrame:
    """Donor weights by province (named in ``lang``) and outcome."""
    w = ev.weights()
    w.index = pd.Index([province_label(p, lang) for p in w.index], name="province")
    return w


def excluded_table(ev, lang: str) -> pd.DataFrame:
    """The provinces that are not donors, with the reason in words."""
    df = ev.donors_excluded()
    return pd.DataFrame(
        {
            "province": df["province"],
            t("province_policy.col.reason", lang): [
                t(f"province_policy.reason.{x}", lang) for x in df["reason"]
            ],
        }
    )


def _range(lo: float, hi: float, lang: str) -> str:
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return t("province_policy.unbounded", lang)
    return t("province_policy.range", lang, lo=lo, hi=hi)


def fragility_table(ev, lang: str) -> pd.DataFrame:
    """Per outcome: estimate, leave-one-out range, in-time placebo (in-space p), RM interval
    at M̄ = 1, breakdown M̄, conformal p and interval."""
    f = ev.fragility_table()
    col = lambda k: t(f"province_policy.col.{k}", lang)  # noqa: E731
    return pd.DataFrame(
        {
            "indicator": f["indicator"],
            "att": f["att"],
            col("loo"): [
                _range(a, b, lang) for a, b in zip(f["loo_min"], f["loo_max"], strict=True)
            ],
            col("in_time"): [
                t("province_policy.att_p", lang, att=a, p=p) if math.isfinite(a) else "—"
                for a, p in zip(f["in_time_att"], f["in_time_p"], strict=True)
            ],
            col("rm"): [
                _range(a, b, lang) for a, b in zip(f["rm_ci_lower"], f["rm_ci_upper"], strict=True)
            ],
            col("breakdown"): f["breakdown"],
            col("conformal_p"): f["conformal_p"],
            col("conformal_ci"): [
                _range(a, b, lang)
                for a, b in zip(f["conformal_lower"], f["conformal_upper"], strict=True)
            ],
        }
    )


def permutations(ev) -> int:
    """How many time permutations the conformal p-values enumerate."""
    return int(next(iter(ev.fragility.values()))["conformal"]["permutations"])


def record_status(ev) -> str | None:
    """None when the record can be shown, else the catalogue key that says why not."""
    rec = ev.record
    if not rec:
        return "province_policy.record_missing"
    zones = load_demonstration_zones()
    data = rec.get("data", {})
    if (
        data.get("province_sha256") != ev.sha256
        or data.get("zones_sha256") != zones.attrs.get("sha256")
        or str(ev.end) not in rec["by_end"]
    ):
        return "province_policy.record_stale"
    return None


def cohort_sentence(ev, lang: str, outcome: str = "patents_invention") -> str:
    """The cohort row of ``outcome`` as a sentence."""
    c = ev.record["by_end"][str(ev.end)]["cohort"][outcome]
    return t("province_policy.cohorts", lang, att=c["att"], se=c["se"], n_cohorts=len(c["cohorts"]))


def cohort_table(ev, lang: str) -> pd.DataFrame:
    """Each outcome's cohort-averaged SDID and placebo s.e."""
    rows = ev.record["by_end"][str(ev.end)]["cohort"]
    return pd.DataFrame(
        {
            "indicator": list(rows),
            "att": [r["att"] for r in rows.values()],
            t("province_policy.col.se", lang): [r["se"] for r in rows.values()],
            t("province_policy.col.cohort", lang): [
                ("；" if lang == "zh" else "; ").join(
                    f"{c['cohort']}: "
                    + join_words((province_label(p, lang) for p in c["provinces"]), lang)
                    for c in r["cohorts"]
                )
                for r in rows.values()
            ],
        }
    )


def size_table(ev, lang: str) -> tuple[int, pd.DataFrame]:
    """(number of placebo designs, rejection rate of each test at 5%)."""
    size = ev.record["by_end"][str(ev.end)]["size"]
    df = pd.DataFrame(
        {
            t("province_policy.col.test", lang): [
                t(f"province_policy.test.{k}", lang) for k in size["rejection"]
            ],
            t("province_policy.col.rejection", lang): list(size["rejection"].values()),
        }
    )
    return int(size["trials"]), df


def data_quality_note(lang: str) -> str:
    """Which outcomes the 2016-2017 correction of Liaoning's statistics may touch, with the
    sources' addresses (``data/policy/statistics_correction.csv``)."""
    src = load_statistics_correction().set_index("claim")["source_url"]
    return t(
        "province_policy.data_quality",
        lang,
        fraud_url=src["fiscal_fraud_admitted"],
        correction_url=src["correction_2015_2016"],
        patents_url=src["patents_from_office"],
    )


def figure_kwargs(ev: Any, lang: str) -> dict[str, Any]:
    """The treated province's name in ``lang`` for the figures."""
    return {"treated": province_label(_result0(ev).treated[0], lang)}
