"""Type stub of the lazily imported public API (gxq_analysis/__init__.py, _EXPORTS).

Kept in step with ``_EXPORTS`` by tests/test_api.py."""

from ._version import __version__ as __version__
from .errors import (
    DataError as DataError,
    DataErrors as DataErrors,
    OptionError as OptionError,
    ZoneError as ZoneError,
)
from .evaluation.benchmarks import (
    benchmark_progress as benchmark_progress,
    evaluate_targets as evaluate_targets,
)
from .evaluation.did import (
    DiDResult as DiDResult,
    did as did,
    event_study as event_study,
)
from .evaluation.estimators import (
    PolicyEstimator as PolicyEstimator,
    PolicyTest as PolicyTest,
    register_estimator as register_estimator,
)
from .evaluation.findings import (
    findings as findings,
    findings_frame as findings_frame,
)
from .evaluation.inputoutput import (
    input_output as input_output,
)
from .evaluation.keytasks import (
    key_tasks as key_tasks,
)
from .evaluation.outlook import (
    outlook as outlook,
)
from .evaluation.policy import (
    PolicyEvaluation as PolicyEvaluation,
    evaluate_policy as evaluate_policy,
)
from .evaluation.province import (
    province_context as province_context,
)
from .evaluation.province_policy import (
    ProvincePolicyResult as ProvincePolicyResult,
    load_demonstration_zones as load_demonstration_zones,
    province_evaluation as province_evaluation,
    province_policy as province_policy,
)
from .evaluation.province_regression import (
    province_production_regression as province_production_regression,
)
from .evaluation.radiation import (
    radiation as radiation,
)
from .evaluation.synthdid import (
    SynthDiDResult as SynthDiDResult,
    synth_did as synth_did,
)
from .ingest.demo import (
    generate_demo_panel as generate_demo_panel,
    load_demo_panel as load_demo_panel,
    simulate_zone_panel as simulate_zone_panel,
)
from .ingest.province import (
    load_province_panel as load_province_panel,
)
from .ingest.schema import (
    validate_panel as validate_panel,
)
from .ingest.sources import (
    DataWarning as DataWarning,
    Sources as Sources,
    load_panel as load_panel,
    read_sources as read_sources,
)
from .models.bootstrap import (
    few_cluster_inference as few_cluster_inference,
    wild_cluster_bootstrap as wild_cluster_bootstrap,
)
from .models.bootstrap_results import (
    BootstrapResult as BootstrapResult,
)
from .models.panel import (
    PanelFit as PanelFit,
    PanelSpec as PanelSpec,
    fit_panel as fit_panel,
)
from .models.production import (
    elasticities as elasticities,
    fit_production as fit_production,
    production_specs as production_specs,
)
from .models.results import (
    EstimationResults as EstimationResults,
)
from .models.spectests import (
    breusch_pagan as breusch_pagan,
    hausman as hausman,
    poolability_test as poolability_test,
)
from .plan.codebook import (
    RATIOS as RATIOS,
    add_ratios as add_ratios,
    load_codebook as load_codebook,
)
from .plan.facts import (
    load_plan_facts as load_plan_facts,
)
from .plan.zones import (
    load_zones as load_zones,
    resolve_zone as resolve_zone,
    zone_ids as zone_ids,
)
from .publish.registry import (
    chapters as chapters,
)
from .publish.runner import (
    build as build,
)
from .report.figures import (
    coef_plot as coef_plot,
    event_study_plot as event_study_plot,
    gap_bars as gap_bars,
    gap_heatmap as gap_heatmap,
    line_by_zone as line_by_zone,
    placebo_gaps_plot as placebo_gaps_plot,
    province_compare as province_compare,
    province_paths_plot as province_paths_plot,
    province_placebo_plot as province_placebo_plot,
    save_figure as save_figure,
    synth_paths_plot as synth_paths_plot,
)
from .report.provenance import (
    provenance as provenance,
    provenance_block as provenance_block,
)
from .report.tables import (
    regression_table as regression_table,
)
from .report.views.findings import (
    finding_text as finding_text,
)

__all__: list[str]
