"""Findings in words: the catalogue sentence of each finding, in Chinese or English.

:func:`gxq_analysis.evaluation.findings.findings` returns codes and numbers only; here each
:class:`~gxq_analysis.evaluation.findings.Finding` is worded from the string catalogue
(:data:`gxq_analysis.catalogue.STRINGS`, keys ``finding.*``). A finding's ``args`` hold
numbers (formatted by the template's specs) and codes in the fields of :data:`CODE_FIELDS`,
each named in ``lang`` here; any other text field is refused, so no internal code can reach a
chapter through a finding.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd

from ...evaluation.findings import SEVERITIES, Finding
from ...options import check_lang
from ...plan.zones import zone_ids
from ..strings import inline, join_words, label, render, scope_label, t

__all__ = [
    "CODE_FIELDS",
    "finding_text",
    "findings_view",
    "recommendations",
    "severity_counts",
    "top_findings",
]


def _indicator(code: str, lang: str) -> str:
    return inline(label(code, lang, unit=False), lang)


def _zones(codes: tuple[str, ...], lang: str) -> str:
    """Zones named in registry order: ``沈阳高新区、大连高新区`` / ``A, B and C``."""
    order = {z: i for i, z in enumerate(zone_ids())}
    ordered = sorted(codes, key=lambda z: order.get(z, len(order)))
    return join_words((scope_label(z, lang) for z in ordered), lang)


#: Fields of a finding that hold codes, and how each is named in a language.
CODE_FIELDS: dict[str, Callable[[Any, str], str]] = {
    "scope": lambda v, lang: scope_label(str(v), lang),
    "indicator": _indicator,
    "input": _indicator,
    "zones": _zones,
    "estimator": lambda v, lang: t(f"finding.estimator.{v}", lang),
    "interval": lambda v, lang: t(f"finding.interval.{v}", lang),
    "test": lambda v, lang: t(f"finding.test.{v}", lang),
}


def _start(fields: dict[str, Any], lang: str) -> str:
    """Where a benchmark finding starts: the data's 2015 value with the plan's printed figure
    beside it, or the plan's figure where the data lack the value (``finding.start.*``)."""
    base_from = fields.pop("base_from")
    if base_from == "plan":
        variant = "plan"
    else:
        variant = "data" if pd.isna(fields.get("plan")) else "data_plan"
    return t(
        f"finding.start.{variant}",
        lang,
        baseline_year=fields["baseline_year"],
        baseline=fields["baseline"],
        plan=fields.get("plan"),
    )


def finding_text(finding: Finding, lang: str) -> str:
    """The sentence of ``finding`` in ``lang`` (``"zh"`` or ``"en"``).

    A benchmark finding's 2015 start (fields ``baseline``, ``plan``, ``base_from``) becomes the
    field ``start``: the data's value, with the plan's printed figure beside it where the plan
    gives one (``finding.start.*``).

    Raises
    ------
    OptionError
        ``lang`` not ``"zh"`` or ``"en"``.
    TypeError
        A text field that is not one of :data:`CODE_FIELDS` (it would print a raw code).
    """
    check_lang(lang)
    fields: dict[str, Any] = {}
    raw = finding.fields
    if "base_from" in raw:
        fields["start"] = _start(dict(raw), lang)
    for name, value in finding.args:
        if name == "base_from":
            continue
        if name in CODE_FIELDS:
            fields[name] = CODE_FIELDS[name](value, lang)
        elif isinstance(value, str | tuple):
            raise TypeError(
                f"finding {finding.key!r}: field {name!r} holds the text {value!r}; text fields "
                f"must be codes in one of: {', '.join(CODE_FIELDS)}"
            )
        else:
            fields[name] = value
    return render(finding.message, lang, fields)


def severity_counts(items: Iterable[Finding]) -> dict[str, int]:
    """Number of findings per severity (``n_concern``, ``n_watch``, ...)."""
    items = list(items)
    return {f"n_{s}": sum(1 for f in items if f.severity == s) for s in SEVERITIES}


def findings_view(
    items: Iterable[Finding], lang: str, severities: Iterable[str] | None = None
) -> pd.DataFrame:
    """Findings as a table: severity, scope, finding (worded in ``lang``), source."""
    keep = None if severities is None else set(severities)
    rows = [
        {
            "severity": f.severity,
            "scope": f.scope,
            "finding": finding_text(f, lang),
            "source": f.source,
        }
        for f in items
        if keep is None or f.severity in keep
    ]
    return pd.DataFrame(rows, columns=["severity", "scope", "finding", "source"])


def top_findings(items: Iterable[Finding], n: int, lang: str) -> list[str]:
    """Sentences of the first ``n`` concern and watch findings (findings come sorted by
    severity)."""
    return [finding_text(f, lang) for f in items if f.severity in ("concern", "watch")][:n]


#: Recommendation keys (``rec.<key>`` strings) by the finding keys that call for them.
_RECOMMENDATIONS = {
    "benchmark.hitech_firm_share": "rec.hitech_firms",
    "benchmark.export_share": "rec.exports",
    "benchmark.service_share": "rec.services",
    "benchmark.rd_intensity": "rec.rd",
    "outlook.rd_intensity": "rec.rd",
    "outlook.hitech_firm_share": "rec.hitech_firms",
    "outlook.export_share": "rec.exports",
    "outlook.service_share": "rec.services",
    "radiation.city_gdp_share": "rec.radiation",
    "did.revenue": "rec.evaluation_design",
}


def recommendations(items: Iterable[Finding]) -> list[str]:
    """String keys of the recommendations the concern and watch findings call for, in order."""
    keys: list[str] = []
    for f in items:
        if f.severity in ("concern", "watch") or f.key.startswith("did."):
            k = _RECOMMENDATIONS.get(f.key)
            if k and k not in keys:
                keys.append(k)
    keys.append("rec.data")
    return keys
