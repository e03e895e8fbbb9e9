"""The provenance block: contents, safety (no absolute paths, no timestamps) and determinism.

The git commit changes with every commit, so tests check its form, not a literal hash.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pandas as pd
import pytest

from gxq_analysis import __version__, config
from gxq_analysis.errors import DataError, OptionError
from gxq_analysis.report import provenance as prov_mod
from gxq_analysis.report.provenance import (
    KNOWN_INPUTS,
    NBVAL_SANITIZE,
    REFERENCE_INPUTS,
    data_info,
    display_path,
    file_sha256,
    git_commit,
    provenance,
    provenance_block,
    render_provenance,
)
from gxq_analysis.report.strings import t

COMMIT = re.compile(r"^[0-9a-f]{40}(\+dirty)?$")


def _strings(obj):
    """Every string inside a JSON-like object."""
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(obj, list | tuple):
        for v in obj:
            yield from _strings(v)


def _is_absolute(s: str) -> bool:
    return s.startswith(("/", "\\")) or bool(re.match(r"^[A-Za-z]:[\\/]", s))


@pytest.fixture
def user_file(tmp_path) -> Path:
    p = tmp_path / "evaluator files" / "zones_2020.xlsx"
    p.parent.mkdir()
    p.write_bytes(b"not really a spreadsheet, only bytes to hash\n")
    return p


@pytest.fixture
def panel(user_file) -> pd.DataFrame:
    df = pd.DataFrame({"gdp": [1.0]})
    df.attrs = {"source": str(user_file), "sha256": None, "synthetic": False}
    return df


# ------------------------------------------------------------------------------------------
# paths and hashes


def test_display_path_never_absolute(user_file):
    assert display_path(config.ZONES_CSV) == "data/zones.csv"
    assert display_path(config.PROVINCE_CSV) == "data/province-st/province_st_long.csv"
    assert display_path(user_file) == "zones_2020.xlsx"
    assert display_path(str(user_file)) == "zones_2020.xlsx"
    assert display_path("demo") == "demo"
    if config.REPO_ROOT is not None:
        assert display_path(config.REPO_ROOT / "pyproject.toml") == "pyproject.toml"


def test_file_sha256_matches_hashlib(user_file):
    assert file_sha256(user_file) == hashlib.sha256(user_file.read_bytes()).hexdigest()


def test_unreadable_file_is_a_data_error_without_the_absolute_path(tmp_path):
    missing = tmp_path / "gone.csv"
    with pytest.raises(DataError) as err:
        file_sha256(missing)
    assert "gone.csv" in str(err.value) and str(tmp_path) not in str(err.value)


def test_data_info_computes_missing_hash_and_requires_synthetic_flag(panel, user_file):
    info = data_info(panel)
    assert info == {
        "citation": None,
        "citation_zh": None,
        "file": "zones_2020.xlsx",
        "sha256": hashlib.sha256(user_file.read_bytes()).hexdigest(),
        "synthetic": False,
    }
    assert data_info(panel.attrs) == info  # attrs dict works as well as the frame
    with pytest.raises(DataError, match=r"attrs\['synthetic'\]"):
        data_info({"source": str(user_file)})
    with pytest.raises(TypeError, match="expected a panel"):
        data_info(["not", "a", "panel"])


# ------------------------------------------------------------------------------------------
# the dict


def test_provenance_structure(panel):
    params = {"review": "midterm", "lang": "zh", "data": str(panel.attrs["source"])}
    p = provenance(panel, parameters=params)
    assert list(p) == sorted(p)
    assert list(p) == ["data", "inputs", "libraries", "package", "parameters", "python"]
    assert p["parameters"] == {"data": "zones_2020.xlsx", "lang": "zh", "review": "midterm"}
    assert list(p["parameters"]) == sorted(p["parameters"])
    assert list(p["inputs"]) == sorted(REFERENCE_INPUTS)
    for name, entry in p["inputs"].items():
        path = KNOWN_INPUTS[name]
        assert entry == {
            "file": "data/" + path.relative_to(config.DATA_DIR).as_posix(),
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        }
    assert p["package"]["name"] == "gxq_analysis"
    assert p["package"]["version"] == __version__
    commit = p["package"]["git_commit"]
    assert COMMIT.match(commit) or commit.startswith("unknown (")
    v = sys.version_info
    assert p["python"] == f"{v.major}.{v.minor}.{v.micro}"
    assert p["libraries"]["pandas"] == pd.__version__
    assert list(p["libraries"]) == sorted(p["libraries"])
    for lib in ("pandas", "numpy", "statsmodels", "linearmodels", "matplotlib", "seaborn"):
        assert p["libraries"][lib] == metadata.version(lib)
    assert "papermill" in p["libraries"]
    json.dumps(p)  # JSON-ready


def test_library_versions_read_once_and_kept_between_chapters():
    from gxq_analysis.report.provenance import library_versions

    missing = "gxq-no-such-distribution"
    assert library_versions(("pandas", missing)) == {
        missing: "not installed",
        "pandas": metadata.version("pandas"),
    }
    before = prov_mod._installed_version.cache_info().hits
    library_versions(("pandas",))
    assert prov_mod._installed_version.cache_info().hits == before + 1
    # a warm kernel's reset keeps it
    from gxq_analysis.publish._kernel import KEEP_ATTRIBUTE

    assert getattr(prov_mod._installed_version, KEEP_ATTRIBUTE) is True


def test_provenance_is_deterministic_and_holds_nothing_machine_specific(panel, user_file):
    params = {"data": user_file, "nested": {"b": [Path(user_file), 1.5], "a": {3, 1, 2}}}
    a = provenance(panel, parameters=params, extra_inputs={"user_benchmarks": user_file})
    b = provenance(panel, parameters=params, extra_inputs={"user_benchmarks": user_file})
    assert a == b
    assert a["parameters"] == {
        "data": "zones_2020.xlsx",
        "nested": {"a": [1, 2, 3], "b": ["zones_2020.xlsx", 1.5]},
    }
    text = json.dumps(a, ensure_ascii=False, sort_keys=True)
    assert not [s for s in _strings(a) if _is_absolute(s)]
    assert str(user_file.parent) not in text and os.path.expanduser("~") not in text
    host = socket.gethostname()
    if len(host) >= 4:
        assert host not in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}|\d{2}:\d{2}:\d{2}", text), "a timestamp?"


def test_extra_inputs_by_name_or_path(panel, user_file):
    p = provenance(panel, parameters={}, extra_inputs=["plan_text"])
    assert p["inputs"]["plan_text"]["file"] == "data/plan/plan-zh.txt"
    p = provenance(None, parameters={}, extra_inputs={"mine": user_file})
    assert p["data"] is None
    assert p["inputs"]["mine"] == {"file": "zones_2020.xlsx", "sha256": file_sha256(user_file)}
    with pytest.raises(OptionError, match=r"extra_inputs='plan'.*'plan_facts'"):
        provenance(None, parameters={}, extra_inputs=["plan"])
    with pytest.raises(TypeError, match="parameters must be a mapping"):
        provenance(None, parameters=[("review", "final")])


# ------------------------------------------------------------------------------------------
# git


def test_git_commit_of_this_checkout():
    commit = git_commit()
    root = config.REPO_ROOT
    if root is None or not (root / ".git").exists() or shutil.which("git") is None:
        assert commit.startswith("unknown (")
        return
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert COMMIT.match(commit)
    assert commit.removesuffix("+dirty") == head


def test_git_commit_when_installed_or_not_a_checkout(monkeypatch, tmp_path):
    monkeypatch.setattr(config, "REPO_ROOT", None)
    assert git_commit() == "unknown (installed package)"
    monkeypatch.setattr(config, "REPO_ROOT", tmp_path)
    assert git_commit() == "unknown (not a git checkout)"


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_dirty_marks_changes_to_content_paths_only(monkeypatch, tmp_path):
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }

    def git(*args):
        subprocess.run(["git", *args], cwd=tmp_path, env=env, check=True, capture_output=True)

    (tmp_path / "gxq_analysis").mkdir()
    (tmp_path / "gxq_analysis" / "m.py").write_text("x = 1\n")
    (tmp_path / "README.md").write_text("readme\n")
    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "init")
    monkeypatch.setattr(config, "REPO_ROOT", tmp_path)
    clean = git_commit()
    assert re.fullmatch(r"[0-9a-f]{40}", clean)
    (tmp_path / "README.md").write_text("edited\n")  # not chapter content
    assert git_commit() == clean
    (tmp_path / "gxq_analysis" / "m.py").write_text("x = 2\n")
    assert git_commit() == clean + "+dirty"
    (tmp_path / "gxq_analysis" / "m.py").write_text("x = 1\n")
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "new.ipynb").write_text("{}")  # untracked content counts
    assert git_commit() == clean + "+dirty"


# ------------------------------------------------------------------------------------------
# the rendered block


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rendered_block(panel, user_file, lang):
    block = provenance_block(panel, parameters={"review": "final", "lang": lang}, lang=lang)
    sha = file_sha256(user_file)
    for rendering in (block._repr_html_(), block._repr_markdown_(), repr(block)):
        assert t("prov.title", lang) in rendering
        assert sha in rendering
        assert "zones_2020.xlsx" in rendering
        assert str(user_file.parent) not in rendering
        assert t("prov.note", lang) in rendering
    text = repr(block)
    assert f"{t('prov.package', lang)}: {__version__}" in text
    assert f'{t("prov.parameters", lang)}: lang = "{lang}"; review = "final"' in text
    assert f"{t('prov.synthetic', lang)}: {t('word.no', lang)}" in text


def test_block_uses_the_citation_of_the_language(panel):
    attrs = {**panel.attrs, "citation": "Hu, techme", "citation_zh": "胡，techme"}
    assert "胡，techme" in repr(provenance_block(attrs, parameters={}, lang="zh"))
    assert "Hu, techme" in repr(provenance_block(attrs, parameters={}, lang="en"))


def test_nbval_sanitize_pattern_masks_only_the_commit(panel, monkeypatch):
    def sanitized(commit: str) -> str:
        monkeypatch.setattr(prov_mod, "git_commit", lambda: commit)
        text = repr(provenance_block(panel, parameters={}, lang="en"))
        for pattern, replacement in NBVAL_SANITIZE:
            text = re.sub(pattern, replacement, text)
        return text

    a, b = sanitized("a" * 40), sanitized("b" * 40 + "+dirty")
    assert a == b and "GIT-COMMIT" in a
    assert file_sha256(panel.attrs["source"]) in a  # 64-hex data hashes are kept


def test_render_provenance_rejects_bad_language(panel):
    with pytest.raises(OptionError, match="lang"):
        render_provenance(provenance(panel, parameters={}), lang="fr")
