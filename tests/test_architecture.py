"""The package's layers: imports run one way, down the layers, without cycles.

Layers, bottom to top (``../DESIGN.md`` §4 and the README's layout)::

    base (config, errors, options, files, vcs, _version) -> plan -> ingest -> models
    -> evaluation -> report -> publish -> cli

A module may import from its own layer or a lower one. Read from the source with ``ast`` (no
import is executed), so an import inside a function counts as much as one at the top.
"""

from __future__ import annotations

import ast
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
