"""The `gxq` command's sub-commands (``gxq build`` is tested with the build, tests/publish)."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys

import pytest

from gxq_analysis import config
from gxq_analysis.cli import main

DEMO_FILES = ("zones_synthetic.csv", "zones_synthetic.meta.json", "README.md")


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
    if lang == "zh":
        for tier in ("国家一流科技园区：2个", "创新型科技园区：6个", "创新型特色园区：7个"):
            assert tier in out
        assert "沈阳高新区" in out and out.count("国家级") == 8 and out.count("省级") == 7
        # fully Chinese: codes only in the column labelled as such
        assert "national" not in out and "[first_class]" not in out
        assert out.splitlines()[2].split()[0] == "代码"
    else:
        for tier in ("[first_class] — 2", "[innovative] — 6", "[distinctive] — 7"):
            assert tier in out
        assert "Shenyang Hi-tech Zone" in out
        assert out.count("National") == 8 and out.count("Provincial") == 7


def test_codebook_in_chinese_names_codes_only_in_their_column(capsys):
    assert main(["codebook", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "100 × R&D经费内部支出 / 营业收入" in out  # the formula in words, not codes
    assert "产出" in out and "output" not in out and "Derived" not in out
    lines = out.splitlines()
    assert lines[0].split()[0] == "代码"
    # beyond the code column, no English word (GDP and R&D are part of Chinese names)
    rest = " ".join(line.split(None, 1)[1] for line in lines if len(line.split()) > 1)
    assert not re.search(r"[A-Za-z]{3,}", rest.replace("GDP", "")), rest


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


def test_demo_data_check_and_write(tmp_path, capsys):
    assert main(["demo-data", "--check", "--lang", "en"]) == 0
    assert "equals a fresh generation (seed" in capsys.readouterr().out
    assert main(["demo-data", "--check"]) == 0  # Chinese by default, like every command
    assert "与重新生成的结果一致（种子" in capsys.readouterr().out
    assert main(["demo-data", "--output-dir", str(tmp_path), "--lang", "en"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(DEMO_FILES)
    out = capsys.readouterr().out
    for name in DEMO_FILES:
        sha = hashlib.sha256((tmp_path / name).read_bytes()).hexdigest()[:12]
        assert f"wrote {tmp_path / name} (sha256 {sha})" in out
    assert "SYNTHETIC" in out
    # in Chinese (the default) every line is Chinese, the label too
    assert main(["demo-data", "--output-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "合成演示数据" in out and "SYNTHETIC" not in out and "wrote" not in out
    assert main(["demo-data", "--output-dir", str(tmp_path), "--check"]) == 0
    csv = tmp_path / DEMO_FILES[0]
    csv.write_bytes(csv.read_bytes().replace(b"anshan,2011,", b"anshan,2011,1", 1))
    (tmp_path / "README.md").unlink()
    capsys.readouterr()
    assert main(["demo-data", "--output-dir", str(tmp_path), "--check", "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "zones_synthetic.csv: differs" in out and "README.md: missing" in out
    assert out.startswith("demo data out of date; run `gxq demo-data` to regenerate:")


def test_validate_prints_the_report_or_one_error_line(tmp_path, capsys):
    assert main(["validate", str(config.DEMO_PANEL_CSV), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "coverage: 15 zones × 10 years (2011–2020)" in out
    assert "\nvalidation passed\n" in out
    # then, before any build, what each chapter cannot compute: the demo supports them all
    assert out.rstrip().endswith("The data support every chapter fully.")
    missing = tmp_path / "nope.csv"
    assert main(["validate", str(missing), "--lang", "en"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"gxq validate: error: file {str(missing)!r}")
    assert len(captured.err.strip().splitlines()) == 1 and "Traceback" not in captured.err


def test_validate_speaks_one_language_chinese_by_default(tmp_path, capsys):
    """``gxq validate`` without --lang: the report of a workbook read with notes, and an
    error, read in Chinese (the chapters' one-voice check). In English the report quotes the
    evaluator's titles and units as written (Chinese), so only its error line is checked."""
    from evaluator_books import write_workbook
    from publish.identifiers import text_violations

    book = write_workbook(tmp_path / "zones.xlsx")
    missing = tmp_path / "nope.csv"
    for lang, args in (("zh", []), ("en", ["--lang", "en"])):
        assert main(["validate", str(book), *args]) == 0
        out = capsys.readouterr().out
        assert main(["validate", str(missing), *args]) == 2
        err = capsys.readouterr().err
        assert err.startswith("gxq validate：错误：" if lang == "zh" else "gxq validate: error:")
        lines = [*(out.splitlines() if lang == "zh" else []), err.removeprefix("gxq validate")]
        # the report quotes the evaluator's headers and sheet names as written
        lines = [re.sub(r"'[^']*'|“[^”]*”", "", x) for x in lines]
        # a column of codes (what a user types) and the file names are not prose
        items = [("validate", "text", x) for x in lines if x.strip()]
        found = [v for v in text_violations(items, lang) if "code " not in v]
        assert found == [], found[:5]
