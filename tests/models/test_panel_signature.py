"""fit_panel's keyword-only options are PanelSpec's fields, with PanelSpec's defaults."""

from __future__ import annotations

import dataclasses
import inspect

from gxq_analysis.models.panel import OPTIONS, PanelSpec, fit_panel


def test_fit_panel_lists_every_spec_option_with_its_default():
    params = inspect.signature(fit_panel).parameters
    keyword_only = {
        name: p.default for name, p in params.items() if p.kind is inspect.Parameter.KEYWORD_ONLY
    }
    fields = {f.name: f.default for f in dataclasses.fields(PanelSpec) if f.name not in ("y", "x")}
    assert keyword_only == fields
    assert tuple(keyword_only) == ("model", "cov", *OPTIONS)
    # the only catch-all left is the one that rejects unknown names with an OptionError
    assert [p.name for p in params.values() if p.kind is inspect.Parameter.VAR_KEYWORD] == [
        "unknown"
    ]
