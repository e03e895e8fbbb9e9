"""Fixtures of the build tests: session-wide builds of the fixture chapters.

Builds run the real machinery (process pool, kernels, nbconvert) on tiny fixture notebooks.
Two builds are made once per session: warm kernels with one worker (one kernel runs all eight
chapters in turn) and fresh kernels with two workers (the four Chinese ones); many tests read
them.  Tests that change inputs use their own copies.
"""

from __future__ import annotations

import pytest
from buildkit import BASE, CHAPTERS

from gxq_analysis.publish import kernels
from gxq_analysis.publish.runner import build


@pytest.fixture(scope="session")
def warm_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("warm") / "reports"
    report = build(**BASE, output=out, notebooks_dir=CHAPTERS, jobs=1, quiet=True)
    return out, report


@pytest.fixture(scope="session")
def fresh_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("fresh") / "reports"
    # Chinese only: a new kernel per chapter is what makes this build slow
    report = build(
        **{**BASE, "lang": "zh"},
        output=out,
        notebooks_dir=CHAPTERS,
        jobs=2,
        fresh_kernels=True,
        quiet=True,
    )
    return out, report


@pytest.fixture
def no_warm_kernels_left():
    """Shut down warm kernels a test started in this process."""
    yield
    kernels.shutdown_kernels()
