"""The words of the models layer: production-spec captions and wild bootstrap notes.

The models layer returns codes and counts (:class:`~gxq_analysis.models.production.ProductionSpec`,
:class:`~gxq_analysis.models.bootstrap.BootstrapDesign`, the ``headline`` column of
:func:`~gxq_analysis.models.bootstrap.few_cluster_inference`); these functions word them in a
chapter's language from the one catalogue, :data:`~gxq_analysis.catalogue.STRINGS`
(keys ``spec.caption.*`` and ``bootstrap.*``). Names of outputs and inputs are
the codebook's (:func:`~gxq_analysis.report.strings.label`), so a caption names a variable as
the chapter's tables do.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..models.bootstrap import BootstrapDesign, BootstrapResult
from ..models.production import ProductionSpec
from ..options import check_lang
from .strings import inline, join_words, label, t, term_label

__all__ = ["bootstrap_note", "inference_reasons", "spec_caption"]


def spec_caption(spec: ProductionSpec, lang: str) -> str:
    """The caption of a production spec: its output on its inputs, with their lags.

    ``地区生产总值：滞后一期的R&D经费内部支出、科技贷款余额、创业投资额、R&D人员`` /
    ``GDP of the zone on lagged internal R&D expenditure, outstanding technology loans,
    venture capital invested and R&D personnel``.

    Parameters
    ----------
    spec : ProductionSpec
        E.g. one of :func:`~gxq_analysis.models.production.production_specs`.
    lang : {"zh", "en"}
        Language of the caption.

    Raises
    ------
    OptionError
        If ``lang`` is not ``"zh"`` or ``"en"``.
    """
    check_lang(lang)
    if not isinstance(spec, ProductionSpec):
        raise TypeError(f"spec must be a ProductionSpec, got {type(spec).__name__}")
    output = label(spec.output, lang, unit=False)
    lags = dict(spec.lags)
    shared = {lags.get(x, 0) for x in spec.inputs}
    if len(shared) == 1 and (lag := shared.pop()) > 0:
        # one lag for every input: said once, before the list
        names = [inline(label(x, lang, unit=False), lang) for x in spec.inputs]
        key = "spec.caption.lag_one" if lag == 1 else "spec.caption.lagged"
        return t(key, lang, output=output, inputs=join_words(names, lang), lag=lag)
    names = [
        inline(term_label(f"L{lags[x]}.{x}" if lags.get(x) else x, lang), lang) for x in spec.inputs
    ]
    return t("spec.caption.mixed", lang, output=output, inputs=join_words(names, lang))


def _design(result: Any) -> BootstrapDesign:
    if isinstance(result, BootstrapResult):
        return result.design
    if isinstance(result, BootstrapDesign):
        return result
    raise TypeError(f"expected a BootstrapResult or BootstrapDesign, got {type(result).__name__}")


def bootstrap_note(result: BootstrapResult | BootstrapDesign, lang: str) -> str:
    """One sentence on a wild cluster bootstrap: method, weights, draws, clusters and why.

    ``野聚类限制性自助法（WCR；Webb 六点权重，B=9999 次抽样，15 个聚类）：聚类数少于 30，
    故采用此法`` / ``Wild cluster restricted bootstrap (WCR; Webb weights, B=9999, 15 clusters):
    recommended because clusters < 30``.

    Parameters
    ----------
    result : BootstrapResult or BootstrapDesign
        A :func:`~gxq_analysis.models.bootstrap.wild_cluster_bootstrap` result, its ``design``,
        or ``few_cluster_inference(...).attrs["design"]``.
    lang : {"zh", "en"}
        Language of the note.
    """
    check_lang(lang)
    d = _design(result)
    method = "restricted" if d.impose_null else "unrestricted"
    draws = (
        t("bootstrap.draws.enumerated", lang, n_clusters=d.n_clusters, B=d.B)
        if d.enumerated
        else t("bootstrap.draws.random", lang, B=d.B)
    )
    why = t(f"bootstrap.why.{'few' if d.recommended else 'many'}", lang, threshold=d.threshold)
    note = t(
        "bootstrap.note",
        lang,
        method=t(f"bootstrap.method.{method}", lang),
        abbrev=d.method,
        weights=t(f"bootstrap.weights.{d.weights}", lang),
        draws=draws,
        n_clusters=d.n_clusters,
        why=why,
    )
    return t("bootstrap.unbounded", lang, note=note) if d.unbounded else note


def inference_reasons(table: pd.DataFrame, lang: str) -> pd.Series:
    """Why each row of a :func:`~gxq_analysis.models.bootstrap.few_cluster_inference` table
    has its headline inference, in ``lang`` (index as the table's)."""
    check_lang(lang)
    threshold = int(table.attrs.get("threshold", 30))

    def reason(row: pd.Series) -> str:
        G = int(row["n_clusters"])
        if row["headline"] == "CRV1":
            return t("bootstrap.reason.crv1", lang, n_clusters=G, threshold=threshold, df=G - 1)
        return t(
            "bootstrap.reason.bootstrap",
            lang,
            n_clusters=G,
            threshold=threshold,
            method=row["headline"],
        )

    return pd.Series([reason(r) for _, r in table.iterrows()], index=table.index, name="reason")
