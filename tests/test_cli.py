"""The `gxq` command's foundation sub-commands."""

from __future__ import annotations

import subprocess
import sys

import pytest

from gxq_analysis.cli import main


def test_help_lists_commands(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for cmd in ("zones", "codebook", "facts", "validate", "demo-data", "build"):
        assert cmd in out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_zones_lists_fifteen_zones_in_three_tiers(capsys, lang):
    assert main(["zones", "--lang", lang]) == 0
    out = capsys.readouterr().out
    for tier in ("[first_class] — 2", "[innovative] — 6", "[distinctive] — 7"):
        assert tier in out
    assert ("沈阳高新区" if lang == "zh" else "Shenyang Hi-tech Zone") in out
    assert out.count("national") + out.count("provincial") >= 15


def test_codebook_lists_indicators_and_ratio_formulas(capsys):
    assert main(["codebook", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "rd_expenditure" in out and "Internal R&D expenditure" in out
    assert "rd_intensity = 100 × rd_expenditure / revenue" in out


def test_facts_by_scope(capsys):
    assert main(["facts", "--scope", "dalian"]) == 0
    out = capsys.readouterr().out
    assert "17.7" in out and "沈阳、大连高新区分别为7.2%、17.7%" in out


def test_bad_scope_exits_2_with_allowed_values(capsys):
    assert main(["facts", "--scope", "mars"]) == 2
    err = capsys.readouterr().err
    assert "mars" in err and "shenyang" in err and "Traceback" not in err


def test_bad_lang_rejected_by_argparse(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["zones", "--lang", "fr"])
    assert exc.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_console_script_runs():
    out = subprocess.run(
        [sys.executable, "-m", "gxq_analysis.cli", "zones", "--lang", "en"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Suizhong Hi-tech Zone" in out
