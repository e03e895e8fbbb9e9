"""The package's layers: imports run one way, down the layers, without cycles.

Layers, bottom to top (``../DESIGN.md`` §4 and the README's layout)::

    base (config, errors, options, files, vcs, _version) -> plan -> ingest -> models
    -> evaluation -> report -> publish -> cli

A module may import from its own layer or a lower one. Read from the source with ``ast`` (no
import is executed), so an import inside a function counts as much as one at the top.

Imports belong at the top of a module. One stays inside a function only for a reason stated in
a ``# lazy: <reason>`` comment on its line or in the comment lines just above it (a measured
start-up cost on a path that matters, an optional dependency); standard-library imports are held
to the same rule.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "gxq_analysis"
LAYERS = ("base", "plan", "ingest", "models", "evaluation", "report", "publish", "cli")


def layer_of(module: str) -> str:
    """Layer of a dotted module name inside the package (``gxq_analysis.x.y``)."""
    parts = module.split(".")
    if len(parts) < 2:
        return "base"
    return parts[1] if parts[1] in LAYERS else "base"


def module_name(path: Path, root: Path = PACKAGE) -> str:
    rel = path.relative_to(root.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imports_of(source: str, module: str, *, is_package: bool, root: Path = PACKAGE) -> list:
    """(target module, line) of every import of the package in ``source``."""
    package = module if is_package else module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            sub = root.parent.joinpath(*target.split("."))
            if sub.is_dir():  # "from . import display": the names are modules
                found += [(f"{target}.{a.name}", node.lineno) for a in node.names]
            else:
                found.append((target, node.lineno))
    return [(t, line) for t, line in found if t.split(".")[0] == root.name]


def layer_violations(root: Path = PACKAGE) -> list[str]:
    out = []
    for path in sorted(root.rglob("*.py")):
        module = module_name(path, root)
        if module == root.name:  # the top-level API re-exports every layer
            continue
        here = LAYERS.index(layer_of(module))
        src = path.read_text(encoding="utf-8")
        for target, line in imports_of(src, module, is_package=path.name == "__init__.py",
                                       root=root):  # fmt: skip
            if LAYERS.index(layer_of(target)) > here:
                out.append(f"{module}:{line} imports {target} ({layer_of(target)} is above "
                           f"{layer_of(module)})")  # fmt: skip
    return out


def test_imports_run_down_the_layers():
    assert layer_violations() == []


def test_the_layer_check_fails_on_a_wrong_import(tmp_path):
    """A data-layer module importing the build layer is caught (a copy of the package)."""
    pkg = tmp_path / "gxq_analysis"
    (pkg / "ingest").mkdir(parents=True)
    (pkg / "publish").mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "ingest" / "__init__.py").write_text("")
    (pkg / "publish" / "__init__.py").write_text("")
    (pkg / "publish" / "cache.py").write_text("X = 1\n")
    (pkg / "ingest" / "demo.py").write_text(
        "def write():\n    from ..publish.cache import X\n    return X\n"
    )
    assert layer_violations(pkg) == [
        "gxq_analysis.ingest.demo:2 imports gxq_analysis.publish.cache (publish is above ingest)"
    ]


def _graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        targets = imports_of(path.read_text(encoding="utf-8"), module,
                             is_package=path.name == "__init__.py")  # fmt: skip
        graph[module] = {t for t, _ in targets if t in modules and t != module}
    return graph


def test_no_import_cycles_between_modules():
    graph = _graph()
    graph.pop("gxq_analysis", None)  # lazy re-exports of the public API
    for deps in graph.values():
        deps.discard("gxq_analysis")
    # a package __init__ that re-exports its modules is not a cycle with them
    for module, deps in graph.items():
        graph[module] = {d for d in deps if not module.startswith(d + ".")}
    cycles, state = [], {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == 1:
                cycles.append(" -> ".join([*stack[stack.index(dep) :], dep]))
            elif dep not in state:
                visit(dep, [*stack, dep])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def private_imports(root: Path = PACKAGE) -> list[str]:
    """``from .x import _name`` and ``module._name`` uses across the package's modules."""
    out = []
    for path in sorted(root.rglob("*.py")):
        module = module_name(path, root)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (
                node.level or (node.module or "").startswith(root.name)
            ):
                for a in node.names:
                    if a.name.startswith("_") and not a.name.startswith("__"):
                        out.append(f"{module}:{node.lineno} imports {a.name}")
                    aliases.add(a.asname or a.name)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                out.append(f"{module}:{node.lineno} uses {node.value.id}.{node.attr}")
    return out


def test_no_private_names_across_modules():
    assert private_imports() == []


def test_the_private_name_check_can_fail(tmp_path):
    pkg = tmp_path / "gxq_analysis"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("def _helper():\n    return 1\n")
    (pkg / "b.py").write_text(
        "from . import a\nfrom .a import _helper\n\n\ndef f():\n    return a._helper()\n"
    )
    assert private_imports(pkg) == [
        "gxq_analysis.b:2 imports _helper",
        "gxq_analysis.b:6 uses a._helper",
    ]


def language_choices(root: Path = PACKAGE, layers: tuple[str, ...] = ("models", "evaluation")):
    """Functions of ``layers`` that take a display language (a ``lang`` argument) or choose
    by one (a comparison with a name ``lang``): the wording belongs to the report layer."""
    out = []
    for layer in layers:
        for path in sorted((root / layer).rglob("*.py")):
            module = module_name(path, root)
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    a = node.args
                    names = [x.arg for x in (*a.posonlyargs, *a.args, *a.kwonlyargs)]
                    if "lang" in names:
                        out.append(f"{module}:{node.lineno} {node.name}() takes lang")
                elif isinstance(node, ast.Compare):
                    sides = [node.left, *node.comparators]
                    if any(isinstance(s, ast.Name) and s.id == "lang" for s in sides):
                        out.append(f"{module}:{node.lineno} chooses by lang")
    return out


def test_models_and_evaluation_do_not_speak_a_language():
    """Issue 13: the evaluation layer returns codes and numbers; findings, province notes,
    spec captions and bootstrap notes are worded in report/ from the one catalogue."""
    assert language_choices() == []


def test_the_language_check_can_fail(tmp_path):
    pkg = tmp_path / "gxq_analysis"
    (pkg / "evaluation").mkdir(parents=True)
    (pkg / "models").mkdir()
    (pkg / "evaluation" / "findings.py").write_text(
        "def finding(x, lang='zh'):\n    return '高' if lang == 'zh' else 'high'\n"
    )
    assert language_choices(pkg) == [
        "gxq_analysis.evaluation.findings:1 finding() takes lang",
        "gxq_analysis.evaluation.findings:2 chooses by lang",
    ]


LAZY_MARK = re.compile(r"#\s*lazy:\s*\S")


class _FunctionImports(ast.NodeVisitor):
    """Import statements inside function bodies (nested functions and methods included)."""

    def __init__(self) -> None:
        self.depth = 0
        self.found: list[ast.Import | ast.ImportFrom] = []

    def visit_FunctionDef(self, node: ast.AST) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Import(self, node: ast.Import | ast.ImportFrom) -> None:
        if self.depth:
            self.found.append(node)

    visit_ImportFrom = visit_Import


def unmarked_lazy_imports(root: Path = PACKAGE) -> list[str]:
    """Imports inside functions without a ``# lazy: <reason>`` comment on one of their lines
    or in the comment lines just above them."""
    out = []
    for path in sorted(root.rglob("*.py")):
        src = path.read_text(encoding="utf-8")
        lines = src.splitlines()
        tokens = tokenize.generate_tokens(io.StringIO(src).readline)
        marked = {
            t.start[0] for t in tokens if t.type == tokenize.COMMENT and LAZY_MARK.match(t.string)
        }
        visitor = _FunctionImports()
        visitor.visit(ast.parse(src))
        for node in visitor.found:
            near = set(range(node.lineno, (node.end_lineno or node.lineno) + 1))
            above = node.lineno - 1
            while above >= 1 and lines[above - 1].lstrip().startswith("#"):
                near.add(above)  # the comment block directly above the import
                above -= 1
            if near & marked:
                continue
            if isinstance(node, ast.Import):
                what = ", ".join(a.name for a in node.names)
            else:
                what = "." * node.level + (node.module or "")
                what += " (" + ", ".join(a.name for a in node.names) + ")"
            out.append(f"{path.relative_to(root.parent).as_posix()}:{node.lineno} imports {what}")
    return out


def test_imports_inside_functions_say_why_they_are_lazy():
    assert unmarked_lazy_imports() == []


def test_the_lazy_import_check_fails_on_an_unmarked_import(tmp_path):
    pkg = tmp_path / "gxq_analysis"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    source = """\
import json


def f():
    import pandas as pd  # lazy: 0.3 s of import, only f needs it
    # lazy: an optional dependency
    from dask import array
    from . import b
    import os  # lazy:
    # lazy: a reason given in a comment
    # of two lines
    import csv
    n = 1  # lazy: this comment is about n
    import re
    return json, pd, array, b, os, csv, n, re


class C:
    def g(self):
        def h():
            from .b import x

        return h
"""
    (pkg / "a.py").write_text(source)
    assert unmarked_lazy_imports(pkg) == [
        "gxq_analysis/a.py:8 imports . (b)",
        "gxq_analysis/a.py:9 imports os",
        "gxq_analysis/a.py:14 imports re",
        "gxq_analysis/a.py:21 imports .b (x)",
    ]
