"""The public API: every lazily exported name resolves, and the type stub lists the same names."""

from __future__ import annotations

import ast
from pathlib import Path

import gxq_analysis

STUB = Path(gxq_analysis.__file__).with_name("__init__.pyi")


def stub_names() -> dict[str, str]:
    """Name -> module of every ``from .module import name as name`` in the stub."""
    out = {}
    for node in ast.parse(STUB.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom) and node.module != "_version":
            for a in node.names:
                out[a.asname or a.name] = node.module
    return out


def test_stub_lists_exactly_the_exports():
    exports = dict(gxq_analysis._EXPORTS)
    assert stub_names() == exports


def test_every_export_resolves_to_its_module():
    import importlib

    for name, module in gxq_analysis._EXPORTS.items():
        obj = getattr(gxq_analysis, name)
        assert obj is getattr(importlib.import_module(f"gxq_analysis.{module}"), name)
        assert name in dir(gxq_analysis)


def test_chapter_plumbing_is_not_top_level():
    for name in ("say", "heading", "data_banner", "show_table", "setup_fonts"):
        assert name not in gxq_analysis.__all__
