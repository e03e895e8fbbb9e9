"""The optional-tier rule: skip with a reason locally, fail in CI."""

from __future__ import annotations

import pytest
from tiers import require, tiers_required


def test_available_tool_passes():
    require(True, "never shown")


def test_missing_tool_skips_locally_and_fails_in_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("GXQ_REQUIRE_TIERS", raising=False)
    assert not tiers_required()
    with pytest.raises(pytest.skip.Exception, match="Rscript is missing"):
        require(False, "Rscript is missing")
    monkeypatch.setenv("CI", "true")
    assert tiers_required()
    with pytest.raises(pytest.fail.Exception, match="CI must run this tier, but Rscript"):
        require(False, "Rscript is missing")
