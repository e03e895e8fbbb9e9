"""The API reference holds every public name, and the guide and tutorial were built.

The reference is what ``python3 dev.py docs`` writes into ``docs/_build/html``; these tests read
its Sphinx inventory (``objects.inv``, every documented object by full name). Where no fresh
build exists they skip and say so; in CI (``.ci/run`` builds the docs before the tests) a
missing build fails them (tests/tiers.py).

"Public" is worked out here by run-time introspection, independently of the reference's own
generator (``docs/_ext/gxq_api.py``, which reads the source): the package's ``__all__``, every
module whose dotted name has no part starting with ``_``, each module's ``__all__`` and the
functions and classes it defines. A name re-exported elsewhere counts as documented when the
inventory has it, under the same name, at any path that imports to the very same object.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import pkgutil
import re
import sys
import zlib
from pathlib import Path

import pytest
from tiers import require

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "docs" / "_build" / "html"
INVENTORY = HTML / "objects.inv"
PACKAGE = "gxq_analysis"


# --------------------------------------------------------------------------- the inventory


# name, domain:role, priority, uri, display name (Sphinx's own pattern: a label may have spaces)
_ENTRY = re.compile(r"(.+?)\s+(\S+)\s+(-?\d+)\s+?(\S*)\s+(.*)")


def read_inventory(path: Path) -> dict[str, str]:
    """``{full name: "domain:role"}`` of a Sphinx inventory (format version 2)."""
    data = path.read_bytes()
    header = data.split(b"\n", 4)
    assert header[0].startswith(b"# Sphinx inventory version 2"), header[0]
    entries: dict[str, str] = {}
    for line in zlib.decompress(header[4]).decode("utf-8").splitlines():
        m = _ENTRY.match(line.rstrip())
        assert m, line
        entries[m.group(1)] = m.group(2)
    return entries


def write_inventory(path: Path, entries: dict[str, str]) -> None:
    """A minimal inventory in Sphinx's format (for testing the check itself)."""
    body = "".join(f"{name} {role} 1 api.html#$ -\n" for name, role in sorted(entries.items()))
    head = b"# Sphinx inventory version 2\n# Project: x\n# Version: 0\n"
    head += b"# The remainder of this file is compressed using zlib.\n"
    path.write_bytes(head + zlib.compress(body.encode()))


# --------------------------------------------------------------------------- public names


def public_modules() -> list[str]:
    pkg = importlib.import_module(PACKAGE)
    names = [PACKAGE]
    for info in pkgutil.walk_packages(pkg.__path__, PACKAGE + "."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            names.append(info.name)
    return sorted(names)


def public_names() -> list[tuple[str, str]]:
    """(module, name) for every public name: ``__all__``, else defined functions and classes."""
    out = []
    for modname in public_modules():
        mod = importlib.import_module(modname)
        explicit = getattr(mod, "__all__", None)
        if explicit is not None:
            names = list(explicit)
        else:
            names = [
                n
                for n, v in vars(mod).items()
                if not n.startswith("_")
                and (inspect.isfunction(v) or inspect.isclass(v))
                and v.__module__ == modname
            ]
        out += [(modname, n) for n in names]
    return out


def _resolve(full: str) -> object:
    modname, _, name = full.rpartition(".")
    try:
        return getattr(importlib.import_module(modname), name)
    except (ImportError, AttributeError, ValueError):
        return None  # a class member, or not a module path


def missing_from(inventory: dict[str, str]) -> list[str]:
    """The public modules and names the inventory does not document."""
    missing = [m for m in public_modules() if inventory.get(m) != "py:module"]
    by_name: dict[str, list[str]] = {}
    for full, role in inventory.items():
        if role.startswith("py:"):
            by_name.setdefault(full.rpartition(".")[2], []).append(full)
    for modname, name in public_names():
        if f"{modname}.{name}" in inventory:
            continue
        obj = getattr(importlib.import_module(modname), name)
        if not any(_resolve(other) is obj for other in by_name.get(name, ())):
            missing.append(f"{modname}.{name}")
    return missing


def _fresh_build() -> tuple[bool, str]:
    if not INVENTORY.is_file():
        return False, "the documentation is not built (run: python3 dev.py docs)"
    sources = [*(ROOT / PACKAGE).rglob("*.py"), *(ROOT / "docs").rglob("*.md")]
    sources += [ROOT / "docs" / "conf.py", *(ROOT / "docs" / "_ext").glob("*.py")]
    newest = max(p.stat().st_mtime for p in sources)
    if INVENTORY.stat().st_mtime < newest:
        return False, "docs/_build is older than the sources (run: python3 dev.py docs)"
    return True, ""


@pytest.fixture(scope="module")
def built() -> dict[str, str]:
    ok, reason = _fresh_build()
    require(ok, reason)
    return read_inventory(INVENTORY)


# --------------------------------------------------------------------------- tests


@pytest.mark.docs
def test_every_public_name_is_in_the_reference(built):
    assert missing_from(built) == []
    # the top-level API is documented where an evaluator calls it
    top = importlib.import_module(PACKAGE)
    assert {f"{PACKAGE}.{n}" for n in top.__all__} <= set(built)


@pytest.mark.docs
def test_guide_in_both_languages_and_the_tutorial_executed(built):
    docs = {name for name, role in built.items() if role == "std:doc"}
    for page in ("quickstart", "own-data", "building", "chapters"):
        assert {f"en/{page}", f"zh/{page}"} <= docs, page
    html = (HTML / "tutorial" / "province.html").read_text(encoding="utf-8")
    # myst-nb executed it at build time: outputs, a figure and the regression table are there
    assert html.count("cell_output") >= 8
    assert "<img" in html
    assert "gxq-regression-table" in html
    assert "辽宁" in (HTML / "zh" / "quickstart.html").read_text(encoding="utf-8")


def test_the_check_names_what_the_reference_leaves_out(tmp_path):
    # an inventory with every public name passes; take two out and both are named
    complete = {m: "py:module" for m in public_modules()}
    complete |= {f"{m}.{n}": "py:function" for m, n in public_names()}
    path = tmp_path / "objects.inv"
    write_inventory(path, complete)
    assert missing_from(read_inventory(path)) == []
    for gone in ("gxq_analysis.fit_panel", "gxq_analysis.models.panel.fit_panel"):
        complete.pop(gone)
    complete.pop("gxq_analysis.report.views")
    write_inventory(path, complete)
    missing = missing_from(read_inventory(path))
    assert "gxq_analysis.fit_panel" in missing
    assert "gxq_analysis.models.panel.fit_panel" in missing
    assert "gxq_analysis.report.views" in missing


def test_a_reexport_counts_only_for_the_same_object(tmp_path):
    # fit_panel documented only at the top level covers models.panel.fit_panel (same object);
    # a different object of the same name would not
    complete = {m: "py:module" for m in public_modules()}
    complete |= {f"{m}.{n}": "py:function" for m, n in public_names()}
    complete.pop("gxq_analysis.models.panel.fit_panel")
    assert "gxq_analysis.models.panel.fit_panel" not in missing_from(complete)
    complete.pop("gxq_analysis.fit_panel")
    complete["gxq_analysis.models.panel.PanelFit.fit_panel"] = "py:method"  # not importable
    assert "gxq_analysis.models.panel.fit_panel" in missing_from(complete)


def _gxq_api():
    spec = importlib.util.spec_from_file_location("gxq_api", ROOT / "docs" / "_ext" / "gxq_api.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["gxq_api"] = mod
    spec.loader.exec_module(mod)
    return mod


def test_reference_pages_follow_the_code_not_a_list(tmp_path, monkeypatch):
    # a new module and a new public name appear in the generated pages without editing docs/
    pkg = tmp_path / "toypkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text(
        '"""Toy."""\nfrom .sub.core import fit\n__all__ = ["fit"]\n', encoding="utf-8"
    )
    (pkg / "sub" / "__init__.py").write_text('"""Sub."""\n', encoding="utf-8")
    (pkg / "sub" / "core.py").write_text(
        '"""Core."""\nimport json\nLIMIT = 3\n\ndef fit():\n    """Fit."""\n\n'
        'def new_estimator():\n    """New."""\n\nclass Result:\n    """R."""\n\n'
        "def _private():\n    pass\n",
        encoding="utf-8",
    )
    (pkg / "_hidden.py").write_text("def x():\n    pass\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    api = _gxq_api().public_api("toypkg")
    assert sorted(api) == ["toypkg", "toypkg.sub", "toypkg.sub.core"]
    core = api["toypkg.sub.core"]
    assert [n for n, _ in core.here] == ["LIMIT", "new_estimator", "Result"]
    assert dict(core.here)["Result"] == "class"
    assert core.elsewhere == [("fit", "toypkg.fit")]  # documented once, at the top level
    assert api["toypkg"].here == [("fit", "function")]
    assert api["toypkg"].submodules == ["toypkg.sub"]


def test_the_generator_covers_what_the_test_calls_public():
    # the two definitions of "public" (source-read and run-time) agree on this package
    api = _gxq_api().public_api()
    assert sorted(api) == public_modules()
    listed = {(m, n) for m, page in api.items() for n, _ in page.here}
    listed |= {(m, n) for m, page in api.items() for n, _ in page.elsewhere}
    assert set(public_names()) <= listed
