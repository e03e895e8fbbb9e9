"""The Shenyang–Dalian National Independent Innovation Demonstration Zone (approved 2016):
difference-in-differences and event study.

Design: two-way fixed effects (zone and year) regression of the outcome (in logs by default, so
effects are in log points) on ``treated × post``; an event study with leads and lags relative
to the start year (reference: the year before); a joint Wald test that all leads are zero; and
placebo start years estimated on pre-treatment years only.

Inference, honestly: only two of fifteen zones are treated.  Cluster-robust standard errors
need many treated clusters and over-reject badly with two; the headline p-value and interval
therefore come from the wild cluster restricted bootstrap (WCR).  With two treated clusters
even the WCR is unreliable — it tends to under-reject and its intervals can be very wide
(MacKinnon and Webb, 2017, J. Applied Econometrics 32(2); 2018, Econometrics Journal 21(2)).
Read the estimate as descriptive evidence about two zones, not as a precisely identified
policy effect; ``DiDResult.design_note`` says this in Chinese and English.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import DataError, OptionError
from ..models.bootstrap import wild_cluster_bootstrap
from ..models.panel import PanelFit, fit_panel
from ..options import check_level, check_year
from ..plan.zones import DEMONSTRATION_START, DEMONSTRATION_ZONES, resolve_zone
from .scopes import check_indicator

TREATED = DEMONSTRATION_ZONES
START = DEMONSTRATION_START

DESIGN_NOTE = {
    "en": (
        "Only {n_treated} of {n_zones} zones are treated. Cluster-robust standard errors "
        "over-reject with so few treated clusters, so the headline p-value and interval come "
        "from the wild cluster restricted bootstrap ({weights} weights, B={B}); with "
        "{n_treated} treated clusters even that is unreliable (it tends to under-reject and its "
        "intervals can be very wide; MacKinnon & Webb 2017, 2018). Treat the estimate as "
        "descriptive evidence about the treated zones."
    ),
    "zh": (
        "{n_zones}个高新区中仅{n_treated}个受处理。处理组聚类过少时，聚类稳健标准误会过度拒绝原假设，"
        "因此主要的p值和置信区间采用野聚类限制性自助法（{weights}权重，B={B}）；但处理组仅{n_treated}个时，"
        "该方法同样不够可靠（倾向于拒绝不足，区间可能很宽；MacKinnon & Webb 2017, 2018）。"
        "估计结果应视为对处理园区的描述性证据。"
    ),
}


@dataclass(frozen=True)
class DiDResult:
    """Difference-in-differences estimate with event study, pre-trend test and placebos."""

    outcome: str
    log: bool
    treated: tuple[str, ...]
    start: int
    att: float
    se_cluster: float
    pvalue: float
    ci: tuple[float, float]
    level: float
    inference: str
    fit: PanelFit = field(repr=False)
    event_study: pd.DataFrame = field(repr=False)
    pretrend: dict = field(repr=False)
    placebo: pd.DataFrame = field(repr=False)
    n_zones: int = 0
    bootstrap: object = field(default=None, repr=False)

    def conf_int(self) -> tuple[float, float]:
        """The headline (bootstrap) confidence interval of the ATT."""
        return self.ci

    @property
    def att_percent(self) -> float:
        """The ATT as a percentage change (log outcomes only)."""
        return 100 * (np.exp(self.att) - 1) if self.log else float("nan")

    def design_note(self, lang: str = "en") -> str:
        b = self.bootstrap
        return DESIGN_NOTE[lang].format(
            n_treated=len(self.treated),
            n_zones=self.n_zones,
            weights=getattr(b, "weights", "?"),
            B=getattr(b, "B", "?"),
        )

    def summary_frame(self) -> pd.DataFrame:
        lo, hi = self.ci
        return pd.DataFrame(
            {
                "outcome": [self.outcome],
                "att": [self.att],
                "se_cluster": [self.se_cluster],
                "pvalue": [self.pvalue],
                "ci_lower": [lo],
                "ci_upper": [hi],
                "pretrend_p": [self.pretrend.get("pvalue", np.nan)],
                "inference": [self.inference],
            }
        )

    def _repr_html_(self) -> str:
        return self.summary_frame().to_html(index=False, float_format=lambda v: f"{v:.4f}")


def _prepare(
    panel: pd.DataFrame, outcome: str, treated: tuple[str, ...], controls: tuple[str, ...]
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    check_indicator(panel, outcome)
    for c in controls:
        check_indicator(panel, c)
    if outcome not in panel:
        raise OptionError(f"outcome={outcome!r} is not a column of the panel")
    zones = set(panel.index.get_level_values(0))
    # registry spellings are resolved; ids of other panels (e.g. simulated zones) kept as given
    ids = tuple(sorted({t if t in zones else resolve_zone(t) for t in treated}))
    absent = [t for t in ids if t not in zones]
    if absent:
        raise OptionError(
            f"treated zone(s) {', '.join(absent)} are not in the panel; it has: "
            f"{', '.join(sorted(zones))}"
        )
    df = panel[[outcome, *controls]].dropna()
    if df.empty:
        raise DataError(
            f"the panel has no values of {outcome!r}"
            + (f" with {', '.join(controls)}" if controls else "")
            + ": the demonstration-zone effect on it cannot be estimated",
            file=str(panel.attrs.get("source")) if panel.attrs.get("source") else None,
            column=outcome,
        )
    return df, ids


def _treat_post(df: pd.DataFrame, ids: tuple[str, ...], start: int) -> pd.Series:
    z = df.index.get_level_values(0)
    t = df.index.get_level_values(1)
    return pd.Series(np.isin(z, ids) & (t >= start), index=df.index, dtype=float)


def _fit_did(df, outcome, ids, start, controls, log):
    d = df.assign(treated_post=_treat_post(df, ids, start))
    return fit_panel(
        d,
        outcome,
        ["treated_post", *controls],
        model="twfe",
        cov="cluster",
        log=(outcome,) if log else (),
    )


def event_study(
    panel: pd.DataFrame,
    outcome: str,
    *,
    treated=TREATED,
    start: int = START,
    log: bool = True,
    controls: tuple[str, ...] = (),
    level: float = 0.95,
) -> tuple[pd.DataFrame, dict, PanelFit]:
    """Leads and lags of treatment relative to ``start`` (reference: ``start − 1``).

    Returns the coefficient table (``rel_time, year, coef, se, ci_lower, ci_upper``, a zero row
    for the reference period), the joint pre-trend Wald test (cluster-robust covariance,
    F with (q, G − 1) degrees of freedom) and the fit.
    """
    check_year(start, "start")
    check_level(level)
    df, ids = _prepare(panel, outcome, tuple(treated), tuple(controls))
    years = sorted(set(df.index.get_level_values(1)))
    if start - 1 not in years or start > years[-1]:
        raise OptionError(
            f"start={start} needs the reference year {start - 1} and {start} in the data "
            f"(years {years[0]}–{years[-1]})"
        )
    rel = [y - start for y in years if y - start != -1]
    z = np.isin(df.index.get_level_values(0), ids)
    t = df.index.get_level_values(1)
    names = []
    for k in rel:
        name = f"rel_{'m' if k < 0 else 'p'}{abs(k)}"
        df[name] = (z & (t - start == k)).astype(float)
        names.append(name)
    fit = fit_panel(
        df, outcome, [*names, *controls], model="twfe", cov="cluster", log=(outcome,) if log else ()
    )
    ci = fit.conf_int(level)  # the fit's own inference: t(G-1) for clustered errors
    rows = [
        {
            "rel_time": -1,
            "year": start - 1,
            "coef": 0.0,
            "se": 0.0,
            "ci_lower": 0.0,
            "ci_upper": 0.0,
        }
    ]
    for k, name in zip(rel, names, strict=True):
        rows.append(
            {
                "rel_time": k,
                "year": start + k,
                "coef": float(fit.params[name]),
                "se": float(fit.std_errors[name]),
                "ci_lower": float(ci.loc[name, "lower"]),
                "ci_upper": float(ci.loc[name, "upper"]),
            }
        )
    es = pd.DataFrame(rows).sort_values("rel_time").reset_index(drop=True)
    leads = [n for k, n in zip(rel, names, strict=True) if k <= -2]
    if leads:
        b = fit.params[leads].to_numpy()
        v = fit.cov.loc[leads, leads].to_numpy()
        wald = float(b @ np.linalg.pinv(v) @ b)
        qn = int(np.linalg.matrix_rank(v))  # df = rank: pinv drops what V cannot identify
        g = fit.n_entities
        fstat = wald / qn
        pre = {
            "stat": fstat,
            "df_num": qn,
            "df_den": g - 1,
            "pvalue": float(stats.f.sf(fstat, qn, g - 1)),
            "leads": leads,
            "test": "joint Wald test that all leads are zero (cluster-robust, F(q, G-1))",
            "note": "cluster-robust tests over-reject with few treated clusters: with two "
            "treated zones read a rejection as a warning sign, not as proof of a pre-trend",
        }
    else:
        pre = {
            "stat": np.nan,
            "pvalue": np.nan,
            "df_num": 0,
            "df_den": 0,
            "leads": [],
            "test": "no pre-treatment years besides the reference year",
        }
    return es, pre, fit


def did(
    panel: pd.DataFrame,
    outcome: str,
    *,
    treated: tuple[str, ...] = TREATED,
    start: int = START,
    log: bool = True,
    controls: tuple[str, ...] = (),
    B: int = 9999,
    weights: str = "webb",
    seed: int = 20160101,
    level: float = 0.95,
    placebo_starts: tuple[int, ...] | None = None,
) -> DiDResult:
    """Two-way fixed-effects DiD of the demonstration zone on ``outcome``.

    Parameters
    ----------
    panel : canonical zone panel (or any (zone, year) panel with the outcome column)
    outcome : codebook code; logged unless ``log=False`` (zeros or negatives are an error)
    treated : zones treated from ``start`` on (default Shenyang and Dalian)
    B, weights, seed : wild cluster restricted bootstrap settings (recorded in the result)
    placebo_starts : fake start years, estimated on years before ``start`` only; default:
        the two years before ``start − 1`` that leave at least one earlier year

    Returns
    -------
    DiDResult with ``att`` (log points when ``log``), ``pvalue`` and ``conf_int()`` from the
    bootstrap, ``se_cluster``, ``event_study``, ``pretrend`` and ``placebo``.
    """
    check_level(level)
    check_year(start, "start")
    df, ids = _prepare(panel, outcome, tuple(treated), tuple(controls))
    years = sorted(set(df.index.get_level_values(1)))
    if not (years[0] < start <= years[-1]):
        raise OptionError(
            f"start={start} must lie after the first and within the last year of "
            f"the panel ({years[0]}–{years[-1]})"
        )
    fit = _fit_did(df, outcome, ids, start, tuple(controls), log)
    boot = wild_cluster_bootstrap(fit, "treated_post", B=B, weights=weights, seed=seed, level=level)
    es, pre, _ = event_study(
        panel, outcome, treated=ids, start=start, log=log, controls=tuple(controls), level=level
    )
    if placebo_starts is None:
        placebo_starts = tuple(y for y in (start - 3, start - 2) if y > years[0])
    prow = []
    pre_df = df[df.index.get_level_values(1) < start]
    for s in placebo_starts:
        if not (years[0] < s < start):
            raise OptionError(f"placebo start {s} must lie between {years[0] + 1} and {start - 1}")
        pf = _fit_did(pre_df, outcome, ids, s, tuple(controls), log)
        pb = wild_cluster_bootstrap(
            pf, "treated_post", B=B, weights=weights, seed=seed, level=level
        )
        prow.append(
            {
                "placebo_start": s,
                "att": float(pf.params["treated_post"]),
                "pvalue": pb.pvalue,
                "ci_lower": pb.conf_int[0],
                "ci_upper": pb.conf_int[1],
            }
        )
    placebo = pd.DataFrame(prow, columns=["placebo_start", "att", "pvalue", "ci_lower", "ci_upper"])
    return DiDResult(
        outcome=outcome,
        log=log,
        treated=ids,
        start=start,
        att=float(fit.params["treated_post"]),
        se_cluster=float(fit.std_errors["treated_post"]),
        pvalue=float(boot.pvalue),
        ci=(float(boot.conf_int[0]), float(boot.conf_int[1])),
        level=level,
        inference=f"wild cluster restricted bootstrap ({weights}, B={B}, seed={seed})",
        fit=fit,
        event_study=es,
        pretrend=pre,
        placebo=placebo,
        n_zones=fit.n_entities,
        bootstrap=boot,
    )
