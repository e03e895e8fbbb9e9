"""Packaging: pyproject and environment.yml agree; data files are found; the CLI answers."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

from gxq_analysis import config

ROOT = Path(__file__).resolve().parents[1]


def _req(spec: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", spec)
    assert m, spec
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def test_environment_yml_lists_the_pyproject_dependencies():
    py = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = py["optional-dependencies"]
    wanted = dict(_req(s) for s in py["dependencies"] + extras["test"] + extras["docs"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = dict(_req(s) for s in env["dependencies"] if isinstance(s, str))
    python = conda.pop("python")
    conda.pop("pip")
    assert python == ">=" + py["requires-python"].removeprefix(">=")
    pip_part = next(d for d in env["dependencies"] if isinstance(d, dict))["pip"]
    assert pip_part[-1] == "-e ."
    # packages conda-forge does not carry are installed by pip, with the same specifier
    from_pip = dict(_req(s) for s in pip_part[:-1])
    assert not set(from_pip) & set(conda)
    assert {**conda, **from_pip} == wanted


def test_data_files_are_found():
    for path in (
        config.ZONES_CSV,
        config.CODEBOOK_CSV,
        config.PLAN_FACTS_CSV,
        config.PLAN_TEXT,
        config.PROVINCE_CSV,
    ):
        assert path.is_file(), path
    # the licence travels with the province data
    assert (config.PROVINCE_DIR / "LICENSE-techme.md").is_file()


def test_wheel_config_ships_data_inside_the_package():
    py = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    inc = py["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert inc["data"] == "gxq_analysis/data"
    assert inc["notebooks"] == "gxq_analysis/notebooks"


def test_console_script_declared():
    py = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert py["project"]["scripts"]["gxq"] == "gxq_analysis.cli:main"
