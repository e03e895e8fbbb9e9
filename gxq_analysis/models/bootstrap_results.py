"""Results of the wild cluster bootstrap: :class:`BootstrapResult` for one coefficient and
:class:`BootstrapDesign`, the codes and counts a report words (no wording here but the result's
own English one-line description, :func:`describe`)."""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

__all__ = ["BootstrapDesign", "BootstrapResult", "describe"]

_WEIGHT_LABEL = {"rademacher": "Rademacher", "webb": "Webb"}


@dataclass(frozen=True)
class BootstrapDesign:
    """What a report says about a wild cluster bootstrap: codes and counts, no wording.

    The report layer words it in a language
    (:func:`gxq_analysis.report.model_notes.bootstrap_note`, from the string catalogue).

    Attributes
    ----------
    impose_null
        ``True`` for the restricted bootstrap (WCR), ``False`` for the unrestricted (WCU).
    weights
        ``"webb"`` or ``"rademacher"``.
    B, enumerated
        Draws used; ``enumerated`` when all ``2**n_clusters`` sign vectors were used.
    n_clusters, threshold
        Clusters, and the number of clusters below which the bootstrap is the headline
        inference (:func:`few_cluster_inference`).
    unbounded
        Whether a confidence set is unbounded (an infinite endpoint).
    """

    impose_null: bool
    weights: str
    B: int
    enumerated: bool
    n_clusters: int
    threshold: int = 30
    unbounded: bool = False

    @property
    def method(self) -> str:
        """``"WCR"`` (restricted) or ``"WCU"`` (unrestricted)."""
        return "WCR" if self.impose_null else "WCU"

    @property
    def recommended(self) -> bool:
        """Whether the clusters are fewer than ``threshold`` (the bootstrap is the headline)."""
        return self.n_clusters < self.threshold


@dataclass(frozen=True)
class BootstrapResult:
    """Outcome of :func:`wild_cluster_bootstrap` for one coefficient.

    Attributes
    ----------
    param, estimate, null
        Coefficient name, its estimate and the tested value (H0: param = null).
    t_stat
        CRV1 t statistic ``(estimate - null) / se`` (Stata small-sample factor).
    pvalue
        Bootstrap p-value, symmetric two-sided: share of draws with ``|t*| >= |t|``.
    conf_int, level
        Confidence interval by test inversion at ``level``; an endpoint is infinite when the
        p-value never falls below ``1 - level`` on that side.
    B, weights, seed, enumerated
        Number of draws actually used (``2**G`` when ``enumerated``), weight type and seed.
    n_clusters, nobs, impose_null
        Clusters (entities), observations; ``True`` for WCR, ``False`` for WCU.
    note
        The result's own one-line description, in English (as in a ``summary``); chapters word
        :attr:`design` through the report layer in their language.
    threshold
        Clusters below which the bootstrap is recommended (the ``note`` says which side).
    """

    param: str
    estimate: float
    null: float
    t_stat: float
    pvalue: float
    conf_int: tuple[float, float]
    level: float
    B: int
    weights: str
    seed: int
    n_clusters: int
    nobs: int
    enumerated: bool
    impose_null: bool
    note: str
    threshold: int = 30

    @property
    def method(self) -> str:
        return "WCR" if self.impose_null else "WCU"

    @property
    def unbounded(self) -> bool:
        """Whether the confidence set is unbounded (an infinite endpoint)."""
        lo, hi = self.conf_int
        return not (math.isfinite(lo) and math.isfinite(hi))

    @property
    def design(self) -> BootstrapDesign:
        """Codes and counts of the bootstrap, for a report to word."""
        return BootstrapDesign(
            impose_null=self.impose_null,
            weights=self.weights,
            B=self.B,
            enumerated=self.enumerated,
            n_clusters=self.n_clusters,
            threshold=self.threshold,
            unbounded=self.unbounded,
        )

    def _repr_html_(self) -> str:
        lo, hi = self.conf_int
        rows = [
            ("parameter", self.param),
            ("estimate", f"{self.estimate:.6g}"),
            (f"H0: {self.param} =", f"{self.null:g}"),
            ("t (CRV1)", f"{self.t_stat:.4f}"),
            (f"{self.method} p-value", f"{self.pvalue:.4f}"),
            (f"{self.level:.0%} CI (test inversion)", f"[{lo:.6g}, {hi:.6g}]"),
            ("clusters / observations", f"{self.n_clusters} / {self.nobs}"),
            ("draws", f"{self.B}{' (all enumerated)' if self.enumerated else ''}"),
            ("weights / seed", f"{self.weights} / {self.seed}"),
        ]
        body = "".join(
            f"<tr><th style='text-align:left'>{html.escape(k)}</th>"
            f"<td style='text-align:right'>{html.escape(v)}</td></tr>"
            for k, v in rows
        )
        return f"<table><caption>{html.escape(self.note)}</caption>{body}</table>"


def describe(design: BootstrapDesign) -> str:
    """The English self-description of a bootstrap (the result's ``note``)."""
    G, B, threshold = design.n_clusters, design.B, design.threshold
    method = "restricted" if design.impose_null else "unrestricted"
    if design.enumerated:
        draws = f"all 2^{G} = {B} sign vectors enumerated, deterministic"
    else:
        draws = f"B={B}"
    if design.recommended:
        why = f"recommended because clusters < {threshold}"
    else:
        why = (
            f"clusters >= {threshold}: cluster-robust inference is usually adequate; "
            "shown as a check"
        )
    note = (
        f"wild cluster {method} bootstrap ({design.method}; {_WEIGHT_LABEL[design.weights]} "
        f"weights, {draws}, {G} clusters): {why}"
    )
    if design.unbounded:
        note += "; the confidence set is unbounded"
    return note
