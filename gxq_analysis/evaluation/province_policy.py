"""The demonstration-zone effect on real province data: Liaoning against the provinces that had
no National Independent Innovation Demonstration Zone.

The Shenyang-Dalian zone (沈大国家自主创新示范区, 国函〔2016〕65号, 2016-04-05) treats Liaoning
from 2016. :func:`province_policy` runs :func:`~gxq_analysis.synth_did` on the shipped province
panel with the donors chosen from sourced approval dates (``data/policy/demonstration_zones.csv``,
:func:`load_demonstration_zones`); :func:`province_fragility` asks how fragile each estimate is
(leave-one-out, in-time placebo, Rambachan-Roth bounds, conformal interval);
:func:`province_evaluation` does both for the chapter's outcomes. The cohort row and the size of
the tests on this donor structure are measured once by ``benchmarks/bench_province_policy.py``
(``data/methods/province_policy.json``, :func:`province_record`): they take minutes.

Donor rule. A province is a donor when (1) it is not the treated province nor 全国, (2) no
demonstration zone in it was approved on or before ``end`` by a *sourced* row of the dates
table, (3) no *unsourced* row names it (its date cannot be checked, so it is never assumed
untreated), and (4) the outcome is positive in every year ``start − 6 … end`` (the window is
cut at the panel's first year). Excluded provinces are listed with the reason.

Codes and numbers only; the chapter words them.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import config
from ..errors import DataError, OptionError
from ..files import sha256_file
from ..ingest.province import NATIONAL, PROVINCE_NAMES, load_province_panel
from ..memo import analysis
from ..models import synthdid as engine
from ..models.conformal import conformal_interval, conformal_pvalue
from ..models.honest import rm_bounds, rm_breakdown
from ..options import check_choice
from .synthdid import ESTIMATORS, SynthDiDResult, synth_did

__all__ = [
    "DATE_KINDS",
    "OUTCOME_SOURCE",
    "PROVINCE_POLICY_OUTCOMES",
    "ProvinceEvaluation",
    "ProvincePolicyResult",
    "default_donors",
    "event_study_placebo",
    "first_approval",
    "load_demonstration_zones",
    "load_statistics_correction",
    "province_evaluation",
    "province_fragility",
    "province_policy",
    "province_record",
]

#: Outcomes of the real-data section, in the order of the chapter.
PROVINCE_POLICY_OUTCOMES = (
    "patents_invention",
    "patents_granted",
    "rd_expenditure",
    "rd_personnel_fte",
    "fiscal_st",
)
#: Where each outcome comes from: ``administrative`` counts of the patent office, which the
#: correction of Liaoning's locally reported statistics cannot touch, or figures reported
#: through local statistical returns (``survey``) and budget accounts (``fiscal``), which it may.
OUTCOME_SOURCE = {
    "patents_invention": "administrative",
    "patents_granted": "administrative",
    "rd_expenditure": "survey",
    "rd_personnel_fte": "survey",
    "fiscal_st": "fiscal",
}
#: What a row's date is: the approval itself (``approved``), its publication (``published``),
#: a report of it (``reported``), or a dated event that presupposes it (``on_or_before``).
DATE_KINDS = ("approved", "published", "reported", "on_or_before")
STATUSES = ("sourced", "unsourced")
ZONE_COLUMNS = ("zone", "name_zh", "name_en", "provinces", "date", "date_kind", "document",
                "source_url", "quote", "status", "note")  # fmt: skip
#: Years before ``start`` a donor must have data for (the default window is 2010-2020).
PRE_YEARS = 6
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


# --- the dates table -------------------------------------------------------------------------


def load_demonstration_zones(path: str | Path | None = None) -> pd.DataFrame:
    """The demonstration zones with their approval dates and sources, validated.

    Returns one row per zone with the file's columns plus ``year`` (int) and ``province_list``
    (tuple of province names as the province panel spells them).

    Raises
    ------
    DataError
        Naming the row and column of a missing column, an unknown province, a malformed date,
        a date kind or status outside the allowed ones, or a sourced row without source or quote.
    """
    p = Path(path) if path is not None else config.DEMONSTRATION_ZONES_CSV
    try:
        df = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise DataError(f"cannot read the dates table: {exc}", file=str(p)) from exc
    missing = [c for c in ZONE_COLUMNS if c not in df.columns]
    if missing:
        raise DataError(f"missing column(s) {missing}; expected {list(ZONE_COLUMNS)}", file=str(p))
    years, provinces = [], []
    for i, r in df.iterrows():
        row = int(i) + 2  # the header is row 1
        m = _DATE.match(r["date"])
        if not m:
            raise DataError(f"date {r['date']!r} is not YYYY, YYYY-MM or YYYY-MM-DD",
                            file=str(p), row=row, column="date")  # fmt: skip
        years.append(int(m.group(1)))
        names = tuple(x.strip() for x in r["provinces"].split(";") if x.strip())
        bad = [x for x in names if x not in PROVINCE_NAMES]
        if not names or bad:
            raise DataError(f"province(s) {bad or names!r} not in the province panel; use: "
                            + ", ".join(PROVINCE_NAMES), file=str(p), row=row,
                            column="provinces")  # fmt: skip
        provinces.append(names)
        for col, allowed in (("date_kind", DATE_KINDS), ("status", STATUSES)):
            if r[col] not in allowed:
                raise DataError(f"{col}={r[col]!r}; allowed: {', '.join(allowed)}",
                                file=str(p), row=row, column=col)  # fmt: skip
        if r["status"] == "sourced" and not (r["source_url"] and r["quote"]):
            raise DataError("a sourced row needs source_url and quote", file=str(p), row=row)
    if df["zone"].duplicated().any():
        raise DataError(f"zone {df['zone'][df['zone'].duplicated()].iloc[0]!r} appears twice",
                        file=str(p), column="zone")  # fmt: skip
    df["year"] = years
    df["province_list"] = provinces
    df.attrs = {"source": "data/policy/demonstration_zones.csv", "sha256": sha256_file(p)}
    return df


def first_approval(zones: pd.DataFrame | None = None) -> pd.Series:
    """Year of each province's first *sourced* zone approval (provinces with one only)."""
    zones = load_demonstration_zones() if zones is None else zones
    used = zones[zones["status"] == "sourced"].explode("province_list")
    return used.groupby("province_list")["year"].min().rename("year").rename_axis("province")


def _unsourced_provinces(zones: pd.DataFrame) -> set[str]:
    rows = zones[zones["status"] != "sourced"]
    return {x for names in rows["province_list"] for x in names}


def load_statistics_correction(path: str | Path | None = None) -> pd.DataFrame:
    """Sources on the 2016-2017 correction of Liaoning's statistics: claim, date, address,
    verbatim quote (``data/policy/statistics_correction.csv``)."""
    p = Path(path) if path is not None else config.STATISTICS_CORRECTION_CSV
    return pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8")


# --- donors and the estimate ------------------------------------------------------------------


def _window(panel: pd.DataFrame, start: int, end: int) -> tuple[int, int]:
    first = int(panel.index.get_level_values(1).min())
    return max(start - PRE_YEARS, first), end


def default_donors(
    panel: pd.DataFrame,
    outcome: str,
    *,
    treated: str = "辽宁",
    start: int = 2016,
    end: int = 2020,
    zones: pd.DataFrame | None = None,
) -> tuple[tuple[str, ...], dict[str, str]]:
    """The donors of the donor rule (module docstring) and the excluded provinces with the
    reason: ``treated``, ``zone`` (approved on or before ``end``), ``unsourced`` (a zone row
    without a source names it) or ``incomplete`` (missing or non-positive data)."""
    zones = load_demonstration_zones() if zones is None else zones
    first = first_approval(zones)
    unsourced = _unsourced_provinces(zones)
    lo, hi = _window(panel, start, end)
    years = panel.index.get_level_values(1)
    wide = panel.loc[(years >= lo) & (years <= hi), outcome].unstack(level=1)
    donors, excluded = [], {}
    for prov in PROVINCE_NAMES:  # the national statistics' order; 全国 is never a donor
        if prov == treated:
            excluded[prov] = "treated"
        elif prov in first.index and first[prov] <= end:
            excluded[prov] = "zone"
        elif prov in unsourced:
            excluded[prov] = "unsourced"
        elif (
            prov not in wide.index
            or wide.loc[prov].isna().any()
            or (wide.loc[prov] <= 0).any()
            or wide.shape[1] != hi - lo + 1
        ):
            excluded[prov] = "incomplete"
        else:
            donors.append(prov)
    return tuple(donors), excluded


@dataclass(frozen=True)
class ProvincePolicyResult(SynthDiDResult):
    """A :class:`~gxq_analysis.SynthDiDResult` with the donors it used (province names as the
    panel spells them), the provinces left out with the reason, and the window of years."""

    donors: tuple[str, ...] = ()
    excluded: Mapping[str, str] = field(default_factory=dict, repr=False)
    years: tuple[int, int] = (0, 0)


def _check_design(panel: pd.DataFrame, outcome: str, treated: str, start: int, end: int):
    if not isinstance(panel.index, pd.MultiIndex) or panel.index.nlevels != 2:
        raise DataError("province_policy needs a panel indexed by (province, year)")
    if outcome not in panel.columns:
        raise OptionError(f"outcome={outcome!r} is not a column of the panel; choose one of: "
                          + ", ".join(map(str, panel.columns)))  # fmt: skip
    provinces = set(panel.index.get_level_values(0))
    if treated not in provinces or treated == NATIONAL:
        raise OptionError(f"treated={treated!r} is not a province of the panel; choose one of: "
                          + ", ".join(p for p in PROVINCE_NAMES if p in provinces))  # fmt: skip
    years = sorted(set(panel.index.get_level_values(1)))
    for name, value in (("start", start), ("end", end)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or value not in years:
            raise OptionError(
                f"{name}={value!r} is not a year of the panel ({years[0]}-{years[-1]})"
            )
    if not end >= start:
        raise OptionError(f"end={end} must not be before start={start}")
    if start - years[0] < 2:
        raise OptionError(f"start={start} leaves fewer than two pre-treatment years")


def province_policy(
    outcome: str,
    *,
    treated: str = "辽宁",
    start: int = 2016,
    end: int = 2020,
    estimator: str = "sdid",
    panel: pd.DataFrame | None = None,
    donors: Sequence[str] | None = None,
    **synth_did_options: Any,
) -> ProvincePolicyResult:
    """SDID (or SC, DiD) of the demonstration zone on a real province outcome.

    Parameters
    ----------
    outcome : a column of the province panel, e.g. one of :data:`PROVINCE_POLICY_OUTCOMES`
    treated : the treated province (default 辽宁, the Shenyang-Dalian zone)
    start, end : first treated year and last year used
    estimator : ``"sdid"``, ``"sc"`` or ``"did"`` (:func:`~gxq_analysis.synth_did`)
    panel : default :func:`~gxq_analysis.load_province_panel`
    donors : default the donor rule (module docstring); given donors must have complete
        positive data in the window
    synth_did_options : passed to :func:`~gxq_analysis.synth_did` (``log`` default True,
        ``se``, ``reps``, ``seed``, ``level``, ``in_space``, ``max_sets``)

    Returns
    -------
    ProvincePolicyResult
        The ``synth_did`` result on years ``start − 6 … end`` with ``donors``, ``excluded``
        (province -> reason) and ``years``.
    """
    check_choice("estimator", estimator, ESTIMATORS)
    panel = load_province_panel() if panel is None else panel
    _check_design(panel, outcome, treated, start, end)
    lo, hi = _window(panel, start, end)
    if donors is None:
        chosen, excluded = default_donors(panel, outcome, treated=treated, start=start, end=end)
    else:
        chosen = tuple(donors)
        bad = [d for d in chosen if d in (treated, NATIONAL) or d not in PROVINCE_NAMES]
        if bad or len(set(chosen)) != len(chosen):
            raise OptionError(f"donors={list(chosen)!r}: {bad or 'duplicates'} cannot be donors; "
                              "use provinces other than the treated one and 全国")  # fmt: skip
        years = panel.index.get_level_values(1)
        wide = panel.loc[(years >= lo) & (years <= hi), outcome].unstack(level=1)
        incomplete = [d for d in chosen if d not in wide.index or wide.loc[d].isna().any()
                      or (wide.loc[d] <= 0).any()]  # fmt: skip
        if incomplete:
            raise DataError(f"{outcome}: donor(s) {incomplete} lack positive values in "
                            f"{lo}-{hi}")  # fmt: skip
        excluded = {p: "not_chosen" for p in PROVINCE_NAMES if p not in chosen and p != treated}
        excluded[treated] = "treated"
    if len(chosen) < 2:
        raise DataError(f"{outcome}: only {len(chosen)} donor(s) in {lo}-{hi}; need two or more")
    names = panel.index.get_level_values(0)
    years = panel.index.get_level_values(1)
    sub = panel.loc[names.isin([*chosen, treated]) & (years >= lo) & (years <= hi), [outcome]]
    res = synth_did(sub, outcome, treated=[treated], start=start, estimator=estimator,
                    **synth_did_options)  # fmt: skip
    base = {f.name: getattr(res, f.name) for f in fields(res)}
    return ProvincePolicyResult(**base, donors=chosen, excluded=excluded, years=(lo, hi))


# --- fragility --------------------------------------------------------------------------------


def _matrix(panel, outcome, treated, donors, lo, hi, log=True) -> np.ndarray:
    """Donors first (in the given order), the treated row last; years lo..hi."""
    years = panel.index.get_level_values(1)
    wide = panel.loc[(years >= lo) & (years <= hi), outcome].unstack(level=1)
    y = wide.loc[[*donors, treated]].to_numpy(float)
    return np.log(y) if log else y


def event_study_placebo(y: np.ndarray, n0: int, t0: int) -> tuple[np.ndarray, np.ndarray]:
    """DiD event study of the last row against the mean of the first ``n0``, relative to
    period ``t0 − 1``, and its covariance from the in-space placebo.

    β_t = (y_{1t} − y_{1,t0−1}) − mean_j (y_{jt} − y_{j,t0−1}) for every t ≠ t0 − 1 (pre and
    post). Each donor in turn plays the treated against the other donors; Σ is the covariance
    of those N0 placebo vectors (divisor N0, as synthdid's placebo variance).
    Returns ``(beta, sigma)`` over the periods without the reference one.
    """
    d = y - y[:, [t0 - 1]]
    keep = np.delete(np.arange(y.shape[1]), t0 - 1)
    beta = (d[n0] - d[:n0].mean(axis=0))[keep]
    plac = np.array([d[j] - np.delete(d[:n0], j, axis=0).mean(axis=0) for j in range(n0)])[:, keep]
    return beta, np.cov(plac, rowvar=False, ddof=0)


MBAR_GRID = (0.5, 1.0, 2.0)


def province_fragility(
    result: ProvincePolicyResult,
    *,
    panel: pd.DataFrame | None = None,
    placebo_start: int = 2013,
    alpha: float = 0.05,
    mbar: Sequence[float] = MBAR_GRID,
) -> dict[str, Any]:
    """How fragile one estimate is (codes and numbers).

    * ``loo``: the estimate re-run without each donor with positive weight (DataFrame
      ``donor, weight, att``), and its range;
    * ``in_time``: the same design with a fake start ``placebo_start`` on the years up to
      ``result.start − 1`` (a :class:`ProvincePolicyResult`, or None when too few years);
    * ``honest``: Rambachan-Roth relative-magnitudes bounds of the DiD event study (reference
      year ``start − 1``, placebo covariance) at each M̄ in ``mbar``, and the breakdown value;
    * ``conformal``: the p-value of no effect and the interval for a constant effect of the
      Chernozhukov-Wüthrich-Zhu test (SC proxy, enumerated i.i.d. permutations).
    """
    panel = load_province_panel() if panel is None else panel
    treated = result.treated[0]
    lo, hi = result.years
    donors = list(result.donors)
    y = _matrix(panel, result.outcome, treated, donors, lo, hi, log=result.log)
    n0, t0 = len(donors), int(result.start) - lo
    rows = []
    for d, w in result.unit_weights.items():
        if w <= 0:
            continue
        keep = [i for i, x in enumerate(donors) if x != d]
        fit = engine.estimate(y[[*keep, n0]], len(keep), t0, result.estimator)
        rows.append({"donor": d, "weight": float(w), "att": fit.tau})
    loo = pd.DataFrame(rows, columns=["donor", "weight", "att"])
    in_time = None
    if placebo_start - lo >= 2 and placebo_start < result.start:
        years = panel.index.get_level_values(1)
        early = panel[years <= int(result.start) - 1]
        in_time = province_policy(result.outcome, treated=treated, start=placebo_start,
                                  end=int(result.start) - 1, estimator=result.estimator,
                                  panel=early, donors=donors, log=result.log,
                                  reps=result.reps, seed=result.seed)  # fmt: skip
    beta, sigma = event_study_placebo(y, n0, t0)
    npre = t0 - 1
    bpre, bpost, spost = beta[:npre], beta[npre:], sigma[npre:, npre:]
    bounds = [rm_bounds(bpre, bpost, spost, m, alpha=alpha) for m in mbar]
    honest = {
        "estimate": float(bpost.mean()),
        "se": bounds[0].se,
        "bounds": pd.DataFrame(
            [
                {
                    "mbar": b.mbar,
                    "lower": b.lower,
                    "upper": b.upper,
                    "ci_lower": b.ci_lower,
                    "ci_upper": b.ci_upper,
                }
                for b in bounds
            ]
        ),
        "breakdown": rm_breakdown(bpre, bpost, spost, alpha=alpha),
        "max_pre_move": bounds[0].max_pre_move,
    }
    y1, y0 = y[n0], y[:n0].T
    conformal = {
        "pvalue": conformal_pvalue(y1, y0, t0, 0.0),
        "interval": conformal_interval(y1, y0, t0, alpha=alpha),
        "permutations": math.comb(y.shape[1], y.shape[1] - t0),
    }
    return {"loo": loo, "in_time": in_time, "honest": honest, "conformal": conformal}


# --- the chapter's evaluation -----------------------------------------------------------------


@dataclass(frozen=True)
class ProvinceEvaluation:
    """Every number of the real-data section, by outcome."""

    results: dict[str, ProvincePolicyResult]
    fragility: dict[str, dict[str, Any]]
    end: int
    record: dict[str, Any] | None = field(default=None, repr=False)
    #: the province panel's file and sha256 (``attrs``), for the chapter's source line and
    #: for checking that the record was computed on the same data
    source: str = ""
    sha256: str = ""

    def estimates(self) -> pd.DataFrame:
        """One row per outcome: ``indicator, source_kind, att, att_pct, ci_lower, ci_upper,
        pvalue, placebo_p, n_donors, pre_rmspe``."""
        rows = []
        for o, r in self.results.items():
            lo_, hi_ = r.conf_int()
            rows.append({"indicator": o, "source_kind": OUTCOME_SOURCE.get(o, ""),
                         "att": r.att, "att_pct": 100 * (math.exp(r.att) - 1),
                         "ci_lower": lo_, "ci_upper": hi_, "pvalue": r.pvalue,
                         "placebo_p": r.placebo_pvalue, "n_donors": len(r.donors),
                         "pre_rmspe": r.pre_rmspe})  # fmt: skip
        return pd.DataFrame(rows)

    def weights(self, threshold: float = 0.005) -> pd.DataFrame:
        """Donor weights (provinces × outcomes), provinces with a weight ≥ ``threshold``."""
        w = pd.DataFrame({o: r.unit_weights for o, r in self.results.items()}).fillna(0.0)
        w = w[(w >= threshold).any(axis=1)]
        w = w.loc[w.mean(axis=1).sort_values(ascending=False, kind="mergesort").index]
        w.index.name = "province"
        return w

    def fragility_table(self) -> pd.DataFrame:
        """One row per outcome: the estimate, leave-one-out range, in-time placebo estimate
        and in-space p, RM bounds at M̄ = 1 and the breakdown M̄, conformal p and interval."""
        rows = []
        for o, r in self.results.items():
            f = self.fragility[o]
            loo, it, h, c = f["loo"], f["in_time"], f["honest"], f["conformal"]
            b1 = h["bounds"].set_index("mbar").loc[1.0] if 1.0 in set(h["bounds"]["mbar"]) \
                else h["bounds"].iloc[0]  # fmt: skip
            rows.append({
                "indicator": o, "att": r.att,
                "loo_min": float(loo["att"].min()) if len(loo) else math.nan,
                "loo_max": float(loo["att"].max()) if len(loo) else math.nan,
                "in_time_att": it.att if it is not None else math.nan,
                "in_time_p": it.placebo_pvalue if it is not None else math.nan,
                "rm_ci_lower": float(b1["ci_lower"]), "rm_ci_upper": float(b1["ci_upper"]),
                "breakdown": h["breakdown"],
                "conformal_p": c["pvalue"],
                "conformal_lower": c["interval"][0], "conformal_upper": c["interval"][1],
            })  # fmt: skip
        return pd.DataFrame(rows)

    def donors_excluded(self) -> pd.DataFrame:
        """Provinces left out of the donor pool of the first outcome, with the reason code."""
        r = next(iter(self.results.values()))
        return pd.DataFrame(sorted(r.excluded.items(), key=lambda kv: PROVINCE_NAMES.index(kv[0])),
                            columns=["province", "reason"])  # fmt: skip


def province_record(path: str | Path | None = None) -> dict[str, Any] | None:
    """The cohort row and the size study (``bench_province_policy.py``), or None."""
    p = Path(path) if path is not None else config.PROVINCE_POLICY_JSON
    if not p.is_file():
        return None
    try:
        rec = json.loads(p.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataError(f"{p}: not valid JSON ({exc.msg}, line {exc.lineno})") from exc
    if "by_end" not in rec:
        raise DataError(f"{p}: no 'by_end' section; rerun benchmarks/bench_province_policy.py")
    return rec


@analysis
def province_evaluation(
    end: int,
    *,
    outcomes: Sequence[str] = PROVINCE_POLICY_OUTCOMES,
    panel: pd.DataFrame | None = None,
    treated: str = "辽宁",
    start: int = 2016,
    record: Mapping[str, Any] | None = None,
) -> ProvinceEvaluation:
    """:func:`province_policy` (SDID) and :func:`province_fragility` for each outcome, post
    period ``start … end`` (the mid-term review ends in 2018, the final in 2020)."""
    panel = load_province_panel() if panel is None else panel
    results, frag = {}, {}
    for o in outcomes:
        results[o] = province_policy(o, treated=treated, start=start, end=end, panel=panel)
        frag[o] = province_fragility(results[o], panel=panel)
    rec = dict(record) if record is not None else province_record()
    return ProvinceEvaluation(results, frag, end, rec, source=str(panel.attrs.get("source", "")),
                              sha256=str(panel.attrs.get("sha256", "")))  # fmt: skip
