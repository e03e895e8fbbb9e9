"""Specification tests for panel models: Hausman (classic and Mundlak), poolability F, BP LM.

* :func:`hausman` ``method="classic"``: :math:`H = d'(V_{FE}-V_{RE})^{+}d` with :math:`d` the
  difference of the common slopes, :math:`^{+}` the Moore–Penrose inverse (``numpy.linalg.pinv``)
  and degrees of freedom the rank of :math:`V_{FE}-V_{RE}`, as Stata's ``hausman`` and R plm's
  ``phtest``. It uses the *conventional* covariances of both fits (the test assumes RE is
  efficient under the null): fits with another ``cov`` are refitted with ``cov="unadjusted"``
  under their ``small_sample`` convention (``"stata"``/``"plm"``: :math:`s^2` with
  :math:`N-k-a` degrees of freedom, as Stata's ``hausman`` after ``xtreg`` and plm's ``phtest``).
  A negative statistic (the difference of covariances is not positive semi-definite) is
  reported as it is, with a :class:`UserWarning`; it is never replaced by its absolute value.
* ``method="mundlak"``: the regression-based variant robust to heteroskedasticity and
  within-entity correlation (Mundlak 1978; Wooldridge 2010, §10.7.3): random-effects regression
  of ``y`` on ``x`` and the entity means of the time-varying ``x``, Wald test that the
  coefficients of the means are zero with the entity-clustered covariance, :math:`\\chi^2` with
  as many degrees of freedom as means. When the FE fit is ``twfe`` the auxiliary regression
  also has the time effects: time dummies and, in unbalanced panels, their entity means
  (Wooldridge 2021), so that its coefficients of ``x`` are the twfe slopes; the means of the
  dummies are controls, not tested.
* Both fits must be estimated on the same sample: the same ``(entity, time)`` rows and the same
  values of ``y`` and the common regressors (not just the same number of observations).
* :func:`poolability_test`: F test that all entity (or entity and time) effects are zero,
  :math:`F = \\frac{(SSR_{pooled} - SSR_{FE})/(a)}{SSR_{FE}/(N-k-a)}` (plm ``pFtest``, the
  "F test that all u_i=0" of Stata's ``xtreg, fe``).
* :func:`breusch_pagan`: Breusch–Pagan LM test for random effects from pooled OLS residuals,
  :math:`LM = \\frac{N^2}{2(\\sum_i T_i^2 - N)}
  \\Big(\\frac{\\sum_i(\\sum_t e_{it})^2}{\\sum e_{it}^2} - 1\\Big)^2 \\sim \\chi^2(1)`;
  for balanced panels this is :math:`\\frac{nT}{2(T-1)}(\\dots)^2`;
  for unbalanced panels it is the Baltagi–Li (1990) form, as plm's ``plmtest(type="bp")``.
  ``effects="time"`` swaps entity and time.
"""

from __future__ import annotations

import html
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import linalg, stats

from ..errors import OptionError
from ..options import check_choice
from .panel import PanelFit, fit_panel

HausmanMethod = Literal["classic", "mundlak"]
PoolEffects = Literal["entity", "twoways"]
BPEffects = Literal["entity", "time"]


def _html_table(title: str, rows: dict[str, str]) -> str:
    body = "".join(
        f"<tr><th style='text-align:left'>{html.escape(k)}</th>"
        f"<td style='text-align:left'>{html.escape(v)}</td></tr>"
        for k, v in rows.items()
    )
    return f"<div class='gxq-test'><strong>{html.escape(title)}</strong><table>{body}</table></div>"


@dataclass(frozen=True, eq=False)  # holds a dict (and Series): compared by identity
class SpecTestResult:
    """A specification test: statistic, degrees of freedom, p-value and what was tested."""

    name: str
    stat: float
    df: tuple[float, ...]
    pvalue: float
    distribution: str
    null: str
    details: dict[str, Any] = field(default_factory=dict)

    def rows(self) -> dict[str, str]:
        df = ", ".join(f"{d:g}" for d in self.df)
        return {
            "Null hypothesis": self.null,
            "Statistic": f"{self.stat:.4f} ~ {self.distribution}({df})",
            "p-value": f"{self.pvalue:.4g}",
            **{k: str(v) for k, v in self.details.items()},
        }

    def __str__(self) -> str:
        r = self.rows()
        w = max(len(k) for k in r)
        return "\n".join([self.name, *(f"  {k:<{w}}  {v}" for k, v in r.items())])

    def _repr_html_(self) -> str:
        return _html_table(self.name, self.rows())


@dataclass(frozen=True, eq=False)
class HausmanResult(SpecTestResult):
    """Result of :func:`hausman`; ``method`` is ``"classic"`` or ``"mundlak"``."""

    method: str = "classic"
    difference: pd.Series | None = None  # classic: b_FE - b_RE; mundlak: coefficients of means
    regression: PanelFit | None = None  # mundlak: the auxiliary RE regression


def _check_pair(fe: PanelFit, re: PanelFit) -> tuple[str, ...]:
    if not isinstance(fe, PanelFit) or not isinstance(re, PanelFit):
        raise OptionError("hausman needs two PanelFit results (fe, re) from fit_panel")
    if fe.spec.model not in ("fe", "twfe"):
        raise OptionError(
            f"hausman: the first fit must be model='fe' or 'twfe', got {fe.spec.model!r}"
        )
    if re.spec.model != "re":
        raise OptionError(f"hausman: the second fit must be model='re', got {re.spec.model!r}")
    if fe.spec.y != re.spec.y:
        raise OptionError(
            "hausman: the fits must share the dependent variable and the sample "
            f"(y={fe.spec.y!r} vs y={re.spec.y!r})"
        )
    a, b = fe.data.index, re.data.index
    if not a.equals(b):
        # equal counts are not enough: the same N can come from different rows
        only_fe, only_re = a.difference(b), b.difference(a)
        raise OptionError(
            "hausman: the fits must share the dependent variable and the sample; their "
            f"estimation samples differ (N={fe.nobs} vs N={re.nobs}; {len(only_fe)} row(s) only "
            f"in the first fit{_first(only_fe)}, {len(only_re)} only in the second"
            f"{_first(only_re)})"
        )
    common = tuple(v for v in fe.spec.x if v in re.spec.x)
    if not common:
        raise OptionError("hausman: the fits have no slope in common")
    for v in (fe.spec.y, *common):
        # same rows, different values: another log, lag or shift of the variable
        if not np.array_equal(fe.data[v].to_numpy(), re.data[v].to_numpy()):
            raise OptionError(
                f"hausman: the fits must share the dependent variable and the sample; {v!r} "
                "differs between their estimation samples (logged, lagged or shifted in only "
                "one of them?)"
            )
    return common


def _first(rows: pd.Index) -> str:
    if not len(rows):
        return ""
    key = tuple(v.item() if isinstance(v, np.generic) else v for v in rows[0])
    return f", e.g. {key!r}"


def _unadjusted(fit: PanelFit) -> PanelFit:
    # The contrast needs consistent conventional variances: s^2 = SSR / df_resid, counting the
    # absorbed effects. small_sample="none" uses SSR / N, which is inconsistent for FE with
    # fixed T and can turn the statistic negative, so the classic test always uses "stata"
    # (equal to plm's for the unadjusted covariance).
    if fit.spec.cov == "unadjusted" and fit.spec.small_sample != "none":
        return fit
    return fit.with_cov("unadjusted", small_sample="stata")


def hausman(fe: PanelFit, re: PanelFit, *, method: HausmanMethod = "classic") -> HausmanResult:
    """Hausman test of fixed against random effects.

    Parameters
    ----------
    fe, re : PanelFit
        Fits of the same equation and sample with ``model="fe"`` (or ``"twfe"``) and
        ``model="re"``.
    method : {"classic", "mundlak"}
        Contrast test with conventional covariances, or the cluster-robust Mundlak regression.

    Returns
    -------
    HausmanResult
        ``stat``, ``df`` (a one-element tuple ``(rank,)``, as every test's ``df`` is a tuple),
        ``pvalue`` (chi-squared), ``method``.

    Warns
    -----
    UserWarning
        When the classic statistic is negative (reported as is).
    """
    check_choice("method", method, HausmanMethod)
    common = _check_pair(fe, re)
    if method == "classic":
        return _hausman_classic(fe, re, common)
    return _hausman_mundlak(fe, re, common)


def _hausman_classic(fe: PanelFit, re: PanelFit, common: tuple[str, ...]) -> HausmanResult:
    fe_u, re_u = _unadjusted(fe), _unadjusted(re)
    names = list(common)
    d = (fe_u.params[names] - re_u.params[names]).rename("fe - re")
    vd = fe_u.cov.loc[names, names].to_numpy() - re_u.cov.loc[names, names].to_numpy()
    vd = (vd + vd.T) / 2
    # rank and generalized inverse with one tolerance, as Stata's hausman does (rank of V_d)
    eig = np.linalg.eigvalsh(vd)
    tol = max(vd.shape) * np.finfo(float).eps * np.abs(eig).max()
    rank = int((np.abs(eig) > tol).sum())
    stat = float(
        d.to_numpy()
        @ np.linalg.pinv(vd, rcond=tol / np.abs(eig).max(), hermitian=True)
        @ d.to_numpy()
    )
    details: dict[str, Any] = {"Covariances": "conventional (unadjusted) of both fits"}
    if stat < 0:
        warnings.warn(
            f"Hausman statistic is negative ({stat:.4g}): V_FE - V_RE is not positive "
            "semi-definite in this sample. Reported as is; consider method='mundlak'.",
            UserWarning,
            stacklevel=3,
        )
        details["Warning"] = "negative statistic (V_FE - V_RE not positive semi-definite)"
    if (eig < -tol).any():
        details["Eigenvalues of V_FE - V_RE"] = ", ".join(f"{e:.3g}" for e in eig)
    p = float(stats.chi2.sf(stat, rank)) if rank > 0 else float("nan")
    return HausmanResult(
        name="Hausman test (classic contrast, generalized inverse)",
        stat=stat,
        df=(rank,),
        pvalue=p,
        distribution="chi2",
        null="random effects are consistent (no systematic difference FE - RE)",
        details=details,
        method="classic",
        difference=d,
    )


def _fresh_names(prefix: str, labels: Sequence[Any], taken: set[str]) -> list[str]:
    """Column names ``prefix + label`` not in ``taken`` (underscores prepended on a clash)."""
    out = []
    for label in labels:
        name = f"{prefix}{label}"
        while name in taken:
            name = "_" + name
        taken.add(name)
        out.append(name)
    return out


def _basis_beyond(base: np.ndarray, cand: np.ndarray) -> np.ndarray:
    """Indexes of columns of ``cand`` that span what ``cand`` adds to the span of ``base``.

    Pivoted QR of the candidates (scaled to unit norm) after projecting out ``base``; a column
    is kept while its remaining norm exceeds 1e-8 (exact collinearity among 0/1 dummies and
    their means gives rounding-level remainders).
    """
    if cand.shape[1] == 0:
        return np.zeros(0, dtype=int)
    scaled = cand / np.maximum(np.linalg.norm(cand, axis=0), np.finfo(float).tiny)
    resid = scaled - base @ np.linalg.lstsq(base, scaled, rcond=None)[0]
    _, r, piv = linalg.qr(resid, mode="economic", pivoting=True)
    rank = int((np.abs(np.diag(r)) > 1e-8).sum())
    return np.sort(piv[:rank])


def _hausman_mundlak(fe: PanelFit, re: PanelFit, common: tuple[str, ...]) -> HausmanResult:
    data = re.data
    ent = data.index.get_level_values(0)
    means = data[list(re.spec.x)].groupby(ent).transform("mean")
    # only time-varying regressors get a mean: the mean of a time-invariant one is itself
    varying = [
        v for v in common if (data[v] - means[v]).abs().max() > 1e-12 * (1 + data[v].abs().max())
    ]
    if not varying:
        raise OptionError("hausman(method='mundlak'): no regressor varies within entities")
    taken = set(data.columns)
    mnames = _fresh_names("mean_", varying, taken)
    blocks = [data, means[varying].set_axis(mnames, axis=1)]
    regression = "RE of y on x and entity means of x"
    controls: list[str] = []
    extra: dict[str, str] = {}
    if fe.spec.model == "twfe":
        # The FE fit has time effects, so the auxiliary regression must have them too, or the
        # means of x would also pick up the correlation of x with the time effects. Time dummies
        # are time-varying regressors like x: in an unbalanced panel their entity means differ
        # across entities and enter as well (Wooldridge 2021, "two-way Mundlak"); with both,
        # the coefficients of x equal the twfe slopes in balanced and unbalanced panels (tested).
        # Only a basis of what they add is kept (in a balanced panel the means of the dummies
        # are constants); the Wald test of the means of x does not depend on the basis.
        time = data.index.get_level_values(1)
        dummies = pd.get_dummies(time, dtype=float).iloc[:, 1:]
        dummies.index = data.index
        dummies.columns = _fresh_names("time_", list(dummies.columns), taken)
        dbar = dummies.groupby(ent).transform("mean")
        dbar.columns = _fresh_names("mean_", list(dummies.columns), taken)
        base = np.column_stack(
            [np.ones(len(data)), data[list(re.spec.x)].to_numpy(), blocks[1].to_numpy()]
        )
        # dummies first (those not already spanned, e.g. by a time-only regressor in x), then
        # what the means of the dummies add
        keep_d = _basis_beyond(base, dummies.to_numpy())
        dummies = dummies.iloc[:, keep_d]
        keep_m = _basis_beyond(np.column_stack([base, dummies.to_numpy()]), dbar.to_numpy())
        dbar = dbar.iloc[:, keep_m]
        blocks += [dummies, dbar]
        controls = [*dummies.columns, *dbar.columns]
        n_dummies, n_means = dummies.shape[1], dbar.shape[1]
        regression = (
            "RE of y on x, entity means of x, time dummies and their entity means "
            "(time effects, as in the twfe fit)"
        )
        extra["Time effects"] = (
            f"{n_dummies} time dummies; {n_means} entity means of time dummies"
            + (" (unbalanced panel: they are not constants)" if n_means else "")
        )
    aug = pd.concat(blocks, axis=1)
    fit = fit_panel(
        aug,
        re.spec.y,
        [*re.spec.x, *mnames, *controls],
        model="re",
        cov="cluster",
        small_sample=re.spec.small_sample,
    )
    g = fit.params[mnames].to_numpy()
    v = fit.cov.loc[mnames, mnames].to_numpy()
    stat = float(g @ np.linalg.solve(v, g))
    k = len(mnames)
    return HausmanResult(
        name="Hausman test (Mundlak, cluster-robust)",
        stat=stat,
        df=(k,),
        pvalue=float(stats.chi2.sf(stat, k)),
        distribution="chi2",
        null="entity means of x have zero coefficients (random effects are consistent)",
        details={
            "Regression": regression,
            "Covariance": fit.cov_convention,
            "Clusters": fit.cluster_kind,
            **extra,
        },
        method="mundlak",
        difference=fit.params[mnames].rename("coef of means"),
        regression=fit,
    )


def _fit_pair(
    data: pd.DataFrame, y: str, x: Sequence[str], models: tuple[str, str], options: dict[str, Any]
) -> tuple[PanelFit, PanelFit]:
    bad = sorted({"model", "cov"} & set(options))
    if bad:
        raise OptionError(f"{', '.join(bad)} cannot be chosen for this test (it fixes them)")
    a = fit_panel(data, y, x, model=models[0], cov="unadjusted", **options)
    b = fit_panel(data, y, x, model=models[1], cov="unadjusted", **options)
    return a, b


def poolability_test(
    data: pd.DataFrame,
    y: str,
    x: Sequence[str],
    *,
    effects: PoolEffects = "entity",
    **options: Any,
) -> SpecTestResult:
    """F test that the fixed effects are jointly zero (pooled OLS against FE).

    Parameters
    ----------
    data, y, x
        As :func:`~gxq_analysis.models.panel.fit_panel`.
    effects : {"entity", "twoways"}
        Entity effects (``fe``) or entity and time effects (``twfe``) against pooled OLS.
    **options
        Sample options of ``fit_panel`` (``log``, ``lags``, ``nonpositive``, ``shift``).
    """
    check_choice("effects", effects, PoolEffects)
    pooled, fe = _fit_pair(data, y, x, ("pooled", "fe" if effects == "entity" else "twfe"), options)
    ssr_p = float(pooled.raw.resid_ss)
    ssr_f = float(fe.raw.resid_ss)
    df1 = pooled.df_resid - fe.df_resid
    df2 = fe.df_resid
    f = ((ssr_p - ssr_f) / df1) / (ssr_f / df2)
    return SpecTestResult(
        name=f"F test for {'entity' if effects == 'entity' else 'entity and time'} effects",
        stat=f,
        df=(df1, df2),
        pvalue=float(stats.f.sf(f, df1, df2)),
        distribution="F",
        null="all fixed effects are zero (pooled OLS is adequate)",
        details={"Observations": fe.nobs, "SSR pooled": f"{ssr_p:.6g}", "SSR FE": f"{ssr_f:.6g}"},
    )


def breusch_pagan(
    data: pd.DataFrame,
    y: str,
    x: Sequence[str],
    *,
    effects: BPEffects = "entity",
    **options: Any,
) -> SpecTestResult:
    """Breusch–Pagan LM test for random effects (Baltagi–Li form for unbalanced panels).

    Parameters
    ----------
    data, y, x
        As :func:`~gxq_analysis.models.panel.fit_panel`.
    effects : {"entity", "time"}
        Which variance component is tested.
    **options
        Sample options of ``fit_panel`` (``log``, ``lags``, ``nonpositive``, ``shift``).
    """
    check_choice("effects", effects, BPEffects)
    bad = sorted({"model", "cov"} & set(options))
    if bad:
        raise OptionError(f"{', '.join(bad)} cannot be chosen for this test (it fixes them)")
    pooled = fit_panel(data, y, x, model="pooled", cov="unadjusted", **options)
    e = pooled.raw.resids
    level = 0 if effects == "entity" else 1
    groups = e.index.get_level_values(level)
    sums = e.groupby(groups).sum()
    sizes = e.groupby(groups).size().to_numpy(dtype=float)
    n = float(len(e))
    denom = 2.0 * ((sizes**2).sum() - n)
    if denom <= 0:
        raise OptionError("breusch_pagan needs at least one group with two or more observations")
    a = float((sums.to_numpy() ** 2).sum() / float((e.to_numpy() ** 2).sum()))
    lm = n**2 / denom * (a - 1.0) ** 2
    balanced = bool(np.all(sizes == sizes[0]))
    return SpecTestResult(
        name=f"Breusch–Pagan LM test for {effects} random effects",
        stat=float(lm),
        df=(1,),
        pvalue=float(stats.chi2.sf(lm, 1)),
        distribution="chi2",
        null=f"variance of the {effects} effects is zero (pooled OLS is adequate)",
        details={
            "Panel": "balanced" if balanced else "unbalanced (Baltagi–Li form)",
            "Observations": int(n),
        },
    )


__all__ = [
    "HausmanResult",
    "SpecTestResult",
    "breusch_pagan",
    "hausman",
    "poolability_test",
]
