"""gxq-analysis: reproducible evaluation of Liaoning's high-tech zones (高新区), 2016-2020.

The public API is imported lazily (PEP 562) so that ``import gxq_analysis`` and the ``gxq``
command stay fast: heavy libraries (linearmodels, matplotlib) load only when used. Editors and
type checkers see the same names through ``__init__.pyi`` (a test keeps the two in step).
Chapter plumbing (headings, sentences, banners, fonts) is not part of it: it lives in
:mod:`gxq_analysis.report` (``report.chapter.open_chapter`` and ``report.display``).
"""

from __future__ import annotations

import importlib
from typing import Any

from ._version import __version__

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    # errors
    "DataError": "errors",
    "DataErrors": "errors",
    "OptionError": "errors",
    "ZoneError": "errors",
    # plan as data
    "resolve_zone": "plan.zones",
    "load_zones": "plan.zones",
    "zone_ids": "plan.zones",
    "load_codebook": "plan.codebook",
    "RATIOS": "plan.codebook",
    "add_ratios": "plan.codebook",
    "load_plan_facts": "plan.facts",
    # data in
    "load_panel": "ingest.sources",
    "DataWarning": "ingest.sources",
    "read_sources": "ingest.sources",
    "Sources": "ingest.sources",
    "validate_panel": "ingest.schema",
    "load_province_panel": "ingest.province",
    "generate_demo_panel": "ingest.demo",
    "load_demo_panel": "ingest.demo",
    "simulate_zone_panel": "ingest.demo",
    # models
    "fit_panel": "models.panel",
    "PanelFit": "models.panel",
    "PanelSpec": "models.panel",
    "EstimationResults": "models.results",
    "hausman": "models.spectests",
    "poolability_test": "models.spectests",
    "breusch_pagan": "models.spectests",
    "wild_cluster_bootstrap": "models.bootstrap",
    "elasticities": "models.production",
    "production_specs": "models.production",
    "regression_table": "report.tables",
    # evaluation
    "benchmark_progress": "evaluation.benchmarks",
    "outlook": "evaluation.outlook",
    "radiation": "evaluation.radiation",
    "did": "evaluation.did",
    "DiDResult": "evaluation.did",
    "synth_did": "evaluation.synthdid",
    "SynthDiDResult": "evaluation.synthdid",
    "evaluate_policy": "evaluation.policy",
    "PolicyEvaluation": "evaluation.policy",
    "PolicyEstimator": "evaluation.estimators",
    "PolicyTest": "evaluation.estimators",
    "register_estimator": "evaluation.estimators",
    "input_output": "evaluation.inputoutput",
    "key_tasks": "evaluation.keytasks",
    "findings": "evaluation.findings",
    "province_context": "evaluation.province",
    "province_production_regression": "evaluation.province_regression",
    "province_policy": "evaluation.province_policy",
    "ProvincePolicyResult": "evaluation.province_policy",
    "province_evaluation": "evaluation.province_policy",
    "load_demonstration_zones": "evaluation.province_policy",
    # build
    "build": "publish.runner",
    "chapters": "publish.registry",
    # presentation
    "line_by_zone": "report.figures",
    "gap_bars": "report.figures",
    "gap_heatmap": "report.figures",
    "event_study_plot": "report.figures",
    "synth_paths_plot": "report.figures",
    "placebo_gaps_plot": "report.figures",
    "coef_plot": "report.figures",
    "province_compare": "report.figures",
    "province_paths_plot": "report.figures",
    "province_placebo_plot": "report.figures",
    "save_figure": "report.figures",
    "provenance": "report.provenance",
    "provenance_block": "report.provenance",
    "few_cluster_inference": "models.bootstrap",
    "BootstrapResult": "models.bootstrap_results",
    "fit_production": "models.production",
    "event_study": "evaluation.did",
    "evaluate_targets": "evaluation.benchmarks",
    "findings_frame": "evaluation.findings",
    "finding_text": "report.views.findings",
}

__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        module = importlib.import_module(f".{_EXPORTS[name]}", __name__)
        value = getattr(module, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'gxq_analysis' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
