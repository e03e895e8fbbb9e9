"""Optional test tiers: skip with a reason on a machine without the tool, fail in CI.

A plain ``python3 dev.py test`` on a new machine has no R and no Chromium; the tiers that need
them skip and say what to install. ``.ci/run`` installs both, and there (``CI=true``, or
``GXQ_REQUIRE_TIERS=1`` anywhere) a missing tool is a failure, so a broken install step cannot
turn a tier into silent skips.
"""

from __future__ import annotations

import os

import pytest


def tiers_required() -> bool:
    return os.environ.get("CI", "").lower() == "true" or os.environ.get("GXQ_REQUIRE_TIERS") == "1"


def require(available: bool, reason: str) -> None:
    """Skip (locally) or fail (in CI) when ``available`` is false."""
    if available:
        return
    if tiers_required():
        pytest.fail(f"CI must run this tier, but {reason}")
    pytest.skip(reason)
