"""The results of a panel regression: :class:`PanelFit`, its rendering, and :func:`fit_spec`;
and :class:`EstimationResults`, what every estimate of the package offers.

Holds :class:`PanelFit` (coefficients, covariance, inference, text and HTML rendering, refits
with another covariance), the words and R² kinds it shows, and :func:`fit_spec`, which assembles
a :class:`PanelFit` from the sample (:mod:`~gxq_analysis.models.sample`) and the estimate
(:mod:`~gxq_analysis.models.engines`). :func:`fit_spec` lives here because
:meth:`PanelFit.with_cov` refits through it; :mod:`gxq_analysis.models.panel` re-exports it.

:class:`EstimationResults` is the typed protocol that :class:`PanelFit`,
:class:`~gxq_analysis.evaluation.did.DiDResult` and
:class:`~gxq_analysis.evaluation.synthdid.SynthDiDResult` (and its subclass
:class:`~gxq_analysis.evaluation.province_policy.ProvincePolicyResult`) share, in the manner of
linearmodels' results and pyfixest's ``DID`` base class: estimates, standard errors, p-values
and intervals by term, a coefficient frame and a text summary. Code that only needs those (the
policy chapter's comparison of estimators, :mod:`gxq_analysis.evaluation.estimators`) takes any
result that satisfies it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field, replace
from typing import Any, Protocol, runtime_checkable

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import OptionError
from ..options import check_choice
from ._options import check_known
from .engines import estimate
from .sample import Dropped, prepare
from .spec import PanelSpec

__all__ = ["RESULT_COLUMNS", "EstimationResults", "PanelFit", "fit_spec", "result_frame"]

#: The columns every :meth:`EstimationResults.to_frame` has (``{pct}``: the level in percent,
#: ``95``); a result may add its own.
RESULT_COLUMNS = ("coef", "std_err", "pvalue", "ci_lower_{pct}", "ci_upper_{pct}")


@runtime_checkable
class EstimationResults(Protocol):
    """What every estimate of the package offers, by term (a policy effect has one, ``att``).

    Attributes
    ----------
    params : pandas.Series
        The estimates, indexed by term.
    std_errors : pandas.Series
        Their standard errors (same index).
    pvalues : pandas.Series
        Two-sided p-values of the result's own inference (same index).
    level : float
        Confidence level of :attr:`intervals`.
    intervals : pandas.DataFrame
        Confidence intervals at :attr:`level`: columns ``lower``, ``upper``, indexed by term.

    Notes
    -----
    A result's p-values and intervals are those of its own inference, which need not be a
    normal approximation around ``std_errors``: a difference-in-differences result with
    randomization inference reports the randomization p-value and the inverted test's interval
    beside the cluster-robust standard error of its coefficient.
    """

    @property
    def params(self) -> pd.Series: ...

    @property
    def std_errors(self) -> pd.Series: ...

    @property
    def pvalues(self) -> pd.Series: ...

    @property
    def level(self) -> float: ...

    @property
    def intervals(self) -> pd.DataFrame: ...

    def to_frame(self) -> pd.DataFrame:
        """One row per term with the columns of :data:`RESULT_COLUMNS` (and the result's own,
        e.g. :class:`PanelFit`'s ``t``)."""
        ...

    def summary(self) -> str:
        """A plain-text description: what was estimated and how, and :meth:`to_frame`."""
        ...


def result_frame(result: EstimationResults, **extra: pd.Series | list[Any]) -> pd.DataFrame:
    """:meth:`EstimationResults.to_frame` from the protocol's attributes, ``extra`` columns
    appended (each a Series on the terms, or a list with one value per term)."""
    pct = f"{100 * result.level:g}"
    ci = result.intervals
    frame = pd.DataFrame(
        {
            "coef": result.params,
            "std_err": result.std_errors,
            "pvalue": result.pvalues,
            f"ci_lower_{pct}": ci["lower"],
            f"ci_upper_{pct}": ci["upper"],
        }
    )
    for name, values in extra.items():
        frame[name] = values
    return frame


_RSQ_KIND = {
    "pooled": "overall",
    "fe": "within",
    "twfe": "two-way within",
    "re": "overall",
    "between": "between",
    "fd": "first-difference",
}
_MODEL_LABEL = {
    "pooled": "Pooled OLS",
    "fe": "Fixed effects (entity)",
    "twfe": "Two-way fixed effects (entity and time)",
    "re": "Random effects (Swamy–Arora GLS)",
    "between": "Between estimator (entity means)",
    "fd": "First differences (no constant)",
}


@dataclass
class PanelFit:
    """Results of :func:`~gxq_analysis.models.panel.fit_panel`.

    Attributes
    ----------
    params, std_errors, tstats, pvalues : pandas.Series
        Indexed by ``const`` (where the model reports one, first) and the names of ``x``.
    cov : pandas.DataFrame
        Covariance of ``params`` under :attr:`cov_convention`.
    nobs, n_entities, n_periods, df_resid : int
        Observations, entities and periods in the estimation sample; residual degrees of
        freedom :math:`N - k - a` (absorbed effects counted).
    df_inference : int or None
        Degrees of freedom of the t distribution behind ``pvalues`` and :meth:`conf_int`
        (``None``: normal).
    rsquared : float
        With :attr:`rsquared_kind` saying which R² it is.
    spec : PanelSpec
        The request that produced this fit.
    data : pandas.DataFrame
        The estimation sample after logs, lags and drops (``y`` and ``x`` columns, same index).
    dropped : Dropped
        Rows not in the sample and why.
    shifted : tuple of str
        Variables logged as :math:`\\log(v + c)` under ``nonpositive="shift"``.
    raw
        The estimator's own result, with the raw, uncorrected covariance: the linearmodels
        result, or for ``pooled``/``fe``/``twfe`` with ``unadjusted``/``robust``/``cluster``/
        ``twoway`` covariances a :class:`~gxq_analysis.models.engines.FastPathResults`
        (``params``, ``cov``, ``resids``, ``resid_ss``, ``nobs``, ``rsquared``; other
        attributes from linearmodels on first use).
    """

    params: pd.Series
    std_errors: pd.Series
    tstats: pd.Series
    pvalues: pd.Series
    cov: pd.DataFrame
    nobs: int
    n_entities: int
    n_periods: int
    df_resid: int
    df_inference: int | None
    rsquared: float
    rsquared_kind: str
    spec: PanelSpec
    data: pd.DataFrame
    entity_effects: bool
    time_effects: bool
    cluster_kind: str
    n_clusters: int | None
    dropped: Dropped
    raw: Any = field(repr=False)
    sample_notes: tuple[str, ...] = ()  # from logs/shifts
    cov_notes: tuple[str, ...] = ()  # from the covariance (kernel, bandwidth, PSD check)
    shifted: tuple[str, ...] = ()  # variables logged as log(v + shift)
    level: float = 0.95  # of intervals and to_frame() (conf_int takes any level)

    @property
    def notes(self) -> tuple[str, ...]:
        """Everything a reader must know about the sample and the covariance."""
        return self.sample_notes + self.cov_notes

    # -- inference ---------------------------------------------------------------------------
    def _crit(self, level: float) -> float:
        if not 0 < level < 1:
            raise OptionError(f"level must be between 0 and 1, got {level!r}")
        q = 0.5 + level / 2
        if self.df_inference is None:
            return float(stats.norm.ppf(q))
        return float(stats.t.ppf(q, self.df_inference))

    def conf_int(self, level: float | None = None) -> pd.DataFrame:
        """Confidence intervals (columns ``lower``, ``upper``) at ``level`` (default
        :attr:`level`)."""
        c = self._crit(self.level if level is None else level)
        return pd.DataFrame(
            {"lower": self.params - c * self.std_errors, "upper": self.params + c * self.std_errors}
        )

    @property
    def intervals(self) -> pd.DataFrame:
        """:meth:`conf_int` at :attr:`level` (:class:`EstimationResults`)."""
        return self.conf_int()

    @property
    def slopes(self) -> tuple[str, ...]:
        """Names of the slope coefficients (``x``)."""
        return self.spec.x

    @property
    def cov_convention(self) -> str:
        """The covariance and its small-sample correction, in words."""
        return _convention_text(self)

    @property
    def inference(self) -> str:
        return "normal" if self.df_inference is None else f"t({self.df_inference})"

    # -- presentation -------------------------------------------------------------------------
    def to_frame(self, level: float | None = None) -> pd.DataFrame:
        """Coefficient table: estimate, std. error, t, p-value and CI bounds (at ``level``,
        default :attr:`level`)."""
        level = self.level if level is None else level
        ci = self.conf_int(level)
        pct = f"{100 * level:g}"
        return pd.DataFrame(
            {
                "coef": self.params,
                "std_err": self.std_errors,
                "t": self.tstats,
                "pvalue": self.pvalues,
                f"ci_lower_{pct}": ci["lower"],
                f"ci_upper_{pct}": ci["upper"],
            }
        )

    def info(self) -> dict[str, str]:
        """Model information shown by :meth:`summary` and in notebooks."""
        d = {
            "Equation": self.spec.describe(),
            "Model": _MODEL_LABEL[self.spec.model],
            "Observations": str(self.nobs),
            "Entities": str(self.n_entities),
            "Periods": str(self.n_periods),
            "Entity effects": "yes" if self.entity_effects else "no",
            "Time effects": "yes" if self.time_effects else "no",
            f"R² ({self.rsquared_kind})": f"{self.rsquared:.4f}",
            "Covariance": self.cov_convention,
            "Clusters": self.cluster_kind,
            "Inference": self.inference,
            "Dropped": str(self.dropped),
        }
        for i, n in enumerate(self.notes, 1):
            d[f"Note {i}"] = n
        return d

    def summary(self) -> str:
        """Plain-text summary: model information and the coefficient table."""
        info = self.info()
        w = max(len(k) for k in info)
        lines = [f"{k:<{w}}  {v}" for k, v in info.items()]
        table = self.to_frame().to_string(float_format=lambda v: f"{v:.6g}")
        return "\n".join([*lines, "", table])

    def __repr__(self) -> str:
        coefs = ", ".join(f"{k}={v:.4g}" for k, v in self.params.items())
        return (
            f"<PanelFit {self.spec.model} cov={self.spec.cov}/{self.spec.small_sample} "
            f"N={self.nobs} entities={self.n_entities}: {coefs}>"
        )

    def __str__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        info = "".join(
            f"<tr><th style='text-align:left'>{html.escape(k)}</th>"
            f"<td style='text-align:left'>{html.escape(v)}</td></tr>"
            for k, v in self.info().items()
        )
        table = self.to_frame().to_html(float_format=lambda v: f"{v:.4g}", border=0)
        return "<div class='gxq-panelfit'><table>" + info + "</table>" + table + "</div>"

    # -- derived -------------------------------------------------------------------------------
    def with_cov(self, cov: str, **options: Any) -> PanelFit:
        """The same estimation sample and model refitted with another covariance.

        ``options`` may set ``small_sample``, ``kernel`` and ``bandwidth``.
        """
        check_known(options, ("small_sample", "kernel", "bandwidth"))
        spec = replace(self.spec, cov=cov, **options)
        # self.data is already transformed: refit it without logs and lags
        inner = fit_spec(self.data, replace(spec, log=(), lags=(), nonpositive="error"))
        return replace(
            inner,
            spec=spec,
            dropped=self.dropped,
            sample_notes=self.sample_notes,
            shifted=self.shifted,
            level=self.level,
        )


def _convention_text(fit: PanelFit) -> str:
    s = fit.spec
    conv = {
        "stata": "Stata small-sample correction",
        "plm": "R plm HC1 correction",
        "none": "no small-sample correction",
    }[s.small_sample]
    what = {
        "unadjusted": "conventional (homoskedastic)",
        "robust": "heteroskedasticity-robust (White)",
        "cluster": "clustered by entity",
        "twoway": "two-way clustered (entity and time)",
        "driscoll-kraay": "Driscoll–Kraay",
    }[s.cov]
    details = {
        "stata": {
            "unadjusted": " s² = SSR/(N-k-a)",
            "robust": " HC1 N/(N-k-a)",
            "cluster": " G/(G-1)·(N-1)/(N-K)",
            "twoway": " G_d/(G_d-1)·(N-1)/(N-K) per dimension",
            "driscoll-kraay": " (N-1)/(N-K)",
        },
        "plm": {"unadjusted": " s² = SSR/(N-k-a)"},
    }
    default = " N/(N-k)" if s.small_sample == "plm" else ""
    detail = details.get(s.small_sample, {}).get(s.cov, default)
    return f"{what}, {conv}{detail}"


def _rsquared(res: Any, spec: PanelSpec, sample: pd.DataFrame) -> float:
    model = spec.model
    if model == "fe":
        return float(res.rsquared_within)
    if model in ("pooled", "re"):
        # Stata's overall R²: squared correlation of y and the linear prediction
        xb = sample[list(spec.x)].to_numpy() @ res.params[list(spec.x)].to_numpy()
        return float(np.corrcoef(sample[spec.y].to_numpy(), xb)[0, 1] ** 2)
    if model == "between":
        return float(res.rsquared_between)
    return float(res.rsquared)


def fit_spec(data: pd.DataFrame, spec: PanelSpec, *, _engine: str = "auto") -> PanelFit:
    """Fit a :class:`PanelSpec` to ``data`` (behind :func:`~gxq_analysis.models.panel.fit_panel`).

    ``_engine="linearmodels"`` (private, for tests and benchmarks) bypasses the own estimation
    path of ``pooled``/``fe``/``twfe`` and fits every model with linearmodels.
    """
    check_choice("_engine", _engine, ("auto", "linearmodels"))
    sample, dropped, prep_notes, shifted = prepare(data, spec)
    est = estimate(sample, spec, _engine)
    res = est["res"]
    cov_df: pd.DataFrame = est["cov"]
    names = list(cov_df.index)
    params = res.params.loc[names].astype(float).rename("coef")
    var = np.diag(cov_df.to_numpy())
    with np.errstate(invalid="ignore"):
        se = pd.Series(np.sqrt(var), index=names, name="std_err")
    tstats = (params / se).rename("t")
    df_inf = est["df_inference"]
    if df_inf is None:
        p = 2 * stats.norm.sf(np.abs(tstats.to_numpy()))
    else:
        p = 2 * stats.t.sf(np.abs(tstats.to_numpy()), df_inf)
    pvalues = pd.Series(p, index=names, name="pvalue")
    return PanelFit(
        params=params,
        std_errors=se,
        tstats=tstats,
        pvalues=pvalues,
        cov=cov_df,
        nobs=int(res.nobs),
        n_entities=est["n_entities"],
        n_periods=est["n_periods"],
        df_resid=est["dims"].df_resid,
        df_inference=df_inf,
        rsquared=_rsquared(res, spec, sample),
        rsquared_kind=_RSQ_KIND[spec.model],
        spec=spec,
        data=sample,
        entity_effects=spec.model in ("fe", "twfe"),
        time_effects=spec.model == "twfe",
        cluster_kind=est["cluster_kind"],
        n_clusters=est["n_clusters"],
        dropped=dropped,
        raw=res,
        sample_notes=prep_notes,
        cov_notes=est["notes"],
        shifted=shifted,
    )
