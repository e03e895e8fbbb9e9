"""The public API of gxq_analysis, read from the package itself, for the API reference.

Nothing here is a hand-written list: the reference follows the code.

* **Public modules**: every module of the package whose dotted name has no part starting with
  ``_`` (found with :func:`pkgutil.walk_packages`).
* **Public names of a module**: its ``__all__`` when it has one, else the names it defines at
  top level (``def``, ``class``, assignments; read from its source with :mod:`ast`, so imported
  names are not counted) that do not start with ``_``.
* **Where a name is documented**: once, at its most public path. The top-level names
  (``gxq_analysis.__all__``) are documented as ``gxq_analysis.NAME`` (how an evaluator calls
  them); a module that defines or re-exports the same object lists it in a table linking there.
  A name a package re-exports from one of its modules is documented in the module that defines
  it.

``conf.py`` hands :func:`api_context` to the autosummary templates (``_templates/``), and
``tests/test_docs.py`` checks the built inventory against :func:`public_api`.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import textwrap
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

PACKAGE = "gxq_analysis"
# ``type X = ...`` statements (Python 3.12+); an empty tuple matches nothing on 3.11
_TYPE_ALIAS = getattr(ast, "TypeAlias", ())


def public_modules(package: str = PACKAGE) -> list[str]:
    """Dotted names of the package and of every public module in it, sorted."""
    pkg = importlib.import_module(package)
    names = [package]
    for info in pkgutil.walk_packages(pkg.__path__, package + "."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            names.append(info.name)
    return sorted(names)


def _targets(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, ast.Tuple | ast.List):
        return [n for elt in node.elts for n in _targets(elt)]
    return []


def defined_names(module: ModuleType) -> list[str]:
    """Names ``module`` defines at top level (not those it imports), in source order."""
    try:
        source = inspect.getsource(module)
    except (OSError, TypeError):
        return []
    names: list[str] = []

    def visit(body: list[ast.stmt]) -> None:
        for stmt in body:
            if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.append(stmt.name)
            elif isinstance(stmt, ast.Assign):
                for target in stmt.targets:
                    names.extend(_targets(target))
            elif isinstance(stmt, ast.AnnAssign | ast.AugAssign):
                names.extend(_targets(stmt.target))
            elif isinstance(stmt, _TYPE_ALIAS):
                names.append(stmt.name.id)
            elif isinstance(stmt, ast.If | ast.Try | ast.With):
                for part in ("body", "orelse", "finalbody"):
                    visit(getattr(stmt, part, []))
                for handler in getattr(stmt, "handlers", []):
                    visit(handler.body)

    visit(ast.parse(textwrap.dedent(source)).body)
    return list(dict.fromkeys(names))


def public_names(module: ModuleType) -> list[str]:
    """The module's ``__all__``, else the public names it defines."""
    explicit = getattr(module, "__all__", None)
    if explicit is not None:
        return list(explicit)
    return [n for n in defined_names(module) if not n.startswith("_")]


def kind(obj: Any) -> str:
    """How autodoc documents ``obj``: exception, class, function or data."""
    if inspect.isclass(obj):
        return "exception" if issubclass(obj, BaseException) else "class"
    if callable(obj) and not isinstance(obj, type):
        return "function"
    return "data"


@dataclass
class ModuleAPI:
    """What one module's reference page shows."""

    name: str
    submodules: list[str] = field(default_factory=list)
    #: (name, kind) documented on this page
    here: list[tuple[str, str]] = field(default_factory=list)
    #: (name, full path where it is documented)
    elsewhere: list[tuple[str, str]] = field(default_factory=list)

    def as_context(self) -> dict[str, Any]:
        return {
            "submodules": self.submodules,
            "here": [{"name": n, "kind": k} for n, k in self.here],
            "elsewhere": [{"name": n, "target": t} for n, t in self.elsewhere],
        }


def public_api(package: str = PACKAGE) -> dict[str, ModuleAPI]:
    """Every public module's page: its submodules, the names documented on it, and the names
    it shares with a more public page."""
    modules = {name: importlib.import_module(name) for name in public_modules(package)}
    top = modules[package]
    top_names = set(public_names(top))
    defines = {name: set(defined_names(mod)) for name, mod in modules.items()}

    def home(name: str, obj: Any) -> str | None:
        """The public module that defines ``name`` as this very object (shallowest first)."""
        for modname in sorted(modules, key=lambda m: (m.count("."), m)):
            if name in defines[modname] and getattr(modules[modname], name, None) is obj:
                return modname
        return None

    pages: dict[str, ModuleAPI] = {}
    for modname, mod in modules.items():
        page = ModuleAPI(modname)
        prefix = modname + "."
        page.submodules = [
            m for m in modules if m.startswith(prefix) and "." not in m[len(prefix) :]
        ]
        for name in public_names(mod):
            obj = getattr(mod, name)
            if modname == package:
                page.here.append((name, kind(obj)))
                continue
            if name in top_names and getattr(top, name) is obj:
                page.elsewhere.append((name, f"{package}.{name}"))
                continue
            where = modname if name in defines[modname] else (home(name, obj) or modname)
            if where == modname:
                page.here.append((name, kind(obj)))
            else:
                page.elsewhere.append((name, f"{where}.{name}"))
        pages[modname] = page
    return pages


def top_level_groups(package: str = PACKAGE) -> list[dict[str, Any]]:
    """The top-level names grouped by the subpackage that defines them (in layer order)."""
    top = importlib.import_module(package)
    groups: dict[str, list[str]] = {}
    for name in public_names(top):
        obj = getattr(top, name)
        where = getattr(obj, "__module__", None) if kind(obj) != "data" else None
        if where is None or not where.startswith(package + "."):
            for modname in public_modules(package):
                if name in defined_names(importlib.import_module(modname)):
                    where = modname
                    break
        parts = (where or package).split(".")
        groups.setdefault(".".join(parts[:2]), []).append(name)
    out = []
    for sub in sorted(groups, key=_layer_rank):
        if sub == package:
            summary = "The package itself"
        else:
            summary = (inspect.getdoc(importlib.import_module(sub)) or sub).strip()
            summary = summary.splitlines()[0].rstrip(".")
        items = [{"name": n, "kind": kind(getattr(top, n))} for n in groups[sub]]
        out.append({"module": sub, "summary": summary, "entries": items})
    return out


#: The package's layers in import order (DESIGN.md): the top-level groups follow it.
LAYERS = ("errors", "options", "plan", "ingest", "models", "evaluation", "report", "publish")


def _layer_rank(module: str) -> tuple[int, str]:
    last = module.split(".")[-1]
    return (LAYERS.index(last) if last in LAYERS else len(LAYERS), module)


def api_context(package: str = PACKAGE) -> dict[str, Any]:
    """The ``gxq_api`` variable of the autosummary templates."""
    pages = {name: page.as_context() for name, page in public_api(package).items()}
    return {"pages": pages, "groups": top_level_groups(package), "package": package}
