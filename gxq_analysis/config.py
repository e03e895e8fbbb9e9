"""Every path the package uses, in one place.

Data files sit in ``data/`` at the top of a checkout (raw inputs, never edited by code) and are
copied into ``gxq_analysis/data`` when a wheel is built; notebooks likewise.  Both locations are
tried so the package works installed from a wheel and from a checkout (editable install).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
#: Top of the source checkout, or None when running from an installed wheel.
REPO_ROOT: Path | None = (
    PACKAGE_DIR.parent if (PACKAGE_DIR.parent / "pyproject.toml").is_file() else None
)


def _first_existing(*candidates: Path | None) -> Path:
    for c in candidates:
        if c is not None and c.is_dir():
            return c
    raise FileNotFoundError(
        "gxq_analysis cannot find its data; looked in: "
        + ", ".join(str(c) for c in candidates if c is not None)
    )


DATA_DIR = _first_existing(PACKAGE_DIR / "data", REPO_ROOT / "data" if REPO_ROOT else None)
NOTEBOOKS_DIR = _first_existing(
    PACKAGE_DIR / "notebooks", REPO_ROOT / "notebooks" if REPO_ROOT else None
)

ZONES_CSV = DATA_DIR / "zones.csv"
CODEBOOK_CSV = DATA_DIR / "codebook.csv"
PLAN_FACTS_CSV = DATA_DIR / "plan_facts.csv"
PLAN_TEXT = DATA_DIR / "plan" / "plan-zh.txt"
PROVINCE_DIR = DATA_DIR / "province-st"
PROVINCE_CSV = PROVINCE_DIR / "province_st_long.csv"
DEMO_DIR = DATA_DIR / "demo"
DEMO_PANEL_CSV = DEMO_DIR / "zones_synthetic.csv"
DEMO_META_JSON = DEMO_DIR / "zones_synthetic.meta.json"
#: Measured size and power of the policy tests (written by benchmarks/bench_policy.py).
POLICY_INFERENCE_JSON = DATA_DIR / "methods" / "policy_inference.json"
#: Approval dates of the National Independent Innovation Demonstration Zones, with sources.
DEMONSTRATION_ZONES_CSV = DATA_DIR / "policy" / "demonstration_zones.csv"
#: Sources on the 2016-2017 correction of Liaoning's statistics (the data-quality note).
STATISTICS_CORRECTION_CSV = DATA_DIR / "policy" / "statistics_correction.csv"
#: Cohort row and size of the real province design (written by benchmarks/bench_province_policy.py).
PROVINCE_POLICY_JSON = DATA_DIR / "methods" / "province_policy.json"


#: Environment variable naming the load store (``gxq_analysis.ingest.sources.store``): set by
#: the build so that its chapters read the evaluator's tables once.
LOAD_STORE_ENV = "GXQ_LOAD_STORE"
#: Environment variable naming the analysis store (``gxq_analysis.memo``): set by the build so
#: that every chapter and language of a build shares each analysis, computed once.
ANALYSIS_STORE_ENV = "GXQ_ANALYSIS_STORE"
#: The value of :data:`ANALYSIS_STORE_ENV` that turns the analysis store off (every chapter
#: computes its analyses, as papermill by hand does).
ANALYSIS_STORE_OFF = "off"


def reports_dir() -> Path:
    """Where ``gxq build`` writes; ``GXQ_REPORTS_DIR`` overrides, else ``reports/`` in the
    checkout, else ``./reports`` under the working directory."""
    env = os.environ.get("GXQ_REPORTS_DIR")
    if env:
        return Path(env).resolve()
    if REPO_ROOT is not None:
        return REPO_ROOT / "reports"
    return Path.cwd() / "reports"
