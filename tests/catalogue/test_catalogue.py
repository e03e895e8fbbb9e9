"""The one catalogue: every key in both languages with the same fields, one lookup, and no key
that nothing uses."""

from __future__ import annotations

import ast
import json
import re
import string
from pathlib import Path

import pytest

from gxq_analysis import catalogue
from gxq_analysis.catalogue import (
    CHAPTER_STRINGS,
    DATA_STRINGS,
    STRINGS,
    Key,
    Quoted,
    StringKeyError,
    Words,
    render_message,
    template,
)
from gxq_analysis.report.strings import t

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "gxq_analysis"
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


# ------------------------------------------------------------------------------------------
# the table


def test_one_table_from_its_parts_without_a_key_twice():
    assert set(CHAPTER_STRINGS).isdisjoint(DATA_STRINGS)
    assert STRINGS == {**CHAPTER_STRINGS, **DATA_STRINGS}
    with pytest.raises(RuntimeError, match=r"defined twice: a\.b"):
        catalogue._join({"a.b": ("甲", "a")}, {"a.b": ("乙", "b")})


def test_every_key_has_both_languages_and_no_empty_text():
    assert STRINGS, "the table is empty"
    for key, texts in STRINGS.items():
        assert isinstance(texts, tuple) and len(texts) == 2, key
        zh, en = texts
        assert isinstance(zh, str) and zh.strip(), f"{key}: empty Chinese text"
        assert isinstance(en, str) and en.strip(), f"{key}: empty English text"


def test_both_languages_use_the_same_format_fields():
    for key, (zh, en) in STRINGS.items():
        assert _fields(zh) == _fields(en), key


def test_keys_are_well_formed():
    for key in STRINGS:
        assert re.fullmatch(r"[a-z_]+(\.[a-z0-9_]+)+", key), key


def test_chinese_texts_are_chinese():
    # language-neutral texts (SHA-256, R², software names, the % sign, a dash, a place given
    # by its own words) may be equal; all others translated
    neutral = {"prov.sha256", "table.r2", "table.conv.stata", "table.conv.plm"}
    neutral |= {"province.unit.percent", "province.unit.percent_gdp"}  # "%" (en: "% of GDP")
    neutral |= {"number.missing", "index.title", "data.where.column", "data.warn.column_in"}
    neutral |= {"validate.quoted"}  # quotation marks around a text
    for key, (zh, en) in STRINGS.items():
        if key in neutral:
            continue
        assert CJK.search(zh), f"{key}: Chinese text has no Chinese character: {zh!r}"
        assert zh != en, key


def test_english_figure_texts_have_no_cjk_glyphs():
    # English figures are the fallback when no CJK font exists: a CJK glyph would be tofu
    for key, (_, en) in STRINGS.items():
        if key.startswith(("fig.", "col.", "scope.", "status.", "model.", "ind.", "unit.")):
            assert not CJK.search(en), f"{key}: {en!r}"


# ------------------------------------------------------------------------------------------
# one lookup


def test_the_one_lookup_names_the_closest_keys_and_the_languages():
    assert template("review.final", "en") == "Final review"
    with pytest.raises(StringKeyError, match=r"unknown string key 'review.fianl'.*review.final"):
        template("review.fianl", "zh")
    with pytest.raises(StringKeyError, match=r"lang='fr'.*'zh' or 'en'"):
        template("review.final", "fr")


def test_chapters_and_data_layer_read_the_same_entries():
    # a data-layer message through the chapters' lookup, a chapter's words through the data
    # layer's: the same text
    fields = {"n": 3}
    assert t("data.errors_found", "zh", **fields) == render_message(
        "data.errors_found", "zh", fields
    )
    assert render_message("review.midterm", "en") == t("review.midterm", "en")
    # the data layer's worded fields are worded by the chapters' lookup too
    got = t("data.manifest.missing_file", "zh", where="x", name=Quoted("a.xlsx"))
    assert got == render_message(
        "data.manifest.missing_file", "zh", {"where": "x", "name": Quoted("a.xlsx")}
    )
    assert "“a.xlsx”" in got
    words = Words([Quoted("a"), Key("review.final")])
    assert (
        t("data.manifest.shape", "en", found=words)
        == "a manifest holds one [[source]] table per file; found: 'a', Final review"
    )


def test_tier_names_and_breaks_come_from_the_catalogue():
    from gxq_analysis.plan.breaks import BREAKS
    from gxq_analysis.plan.zones import TIER_NAMES, TIERS

    assert {tier: TIER_NAMES[tier] for tier in TIERS} == {
        tier: STRINGS[f"tier.{tier}"] for tier in TIERS
    }
    for b in BREAKS:
        assert (b.zh, b.en) == STRINGS[b.key]


# ------------------------------------------------------------------------------------------
# every key is used

# Keys built at run time from codes, each family with the code that builds it. A key counts as
# used when it matches a family's pattern; the snippet must still be in the file (so a family
# whose builder is gone fails below, and its keys with it).
FAMILIES: list[tuple[str, str, str]] = [
    # (key pattern, file, snippet that builds such keys)
    (r"chapter\.[a-z_]+", "gxq_analysis/report/chapter.py", 'f"chapter.{chapter}"'),
    (r"review\.(midterm|final)", "gxq_analysis/report/display.py", '"review": _keyed("review")'),
    (r"tier\.[a-z_]+", "gxq_analysis/plan/zones.py", 'f"tier.{tier}"'),
    (r"col\.[a-z0-9_]+", "gxq_analysis/report/display.py", 'f"col.{name}"'),
    (r"ind\.[a-z0-9_]+", "gxq_analysis/report/strings.py", 'f"ind.{code}"'),
    (r"scope\.[a-z0-9_]+", "gxq_analysis/report/strings.py", 'f"scope.{scope}"'),
    (r"level\.[a-z_]+", "gxq_analysis/report/display.py", '"level": _keyed("level")'),
    (r"model\.[a-z_]+", "gxq_analysis/report/display.py", '"model": _keyed("model")'),
    (r"kind\.[a-z_]+", "gxq_analysis/report/display.py", '"scope_kind": _keyed("kind")'),
    (r"severity\.[a-z_]+", "gxq_analysis/report/display.py", '_keyed("severity"'),
    (r"status\.[a-z0-9_]+", "gxq_analysis/report/display.py", '_keyed("status"'),
    (r"trend\.[a-z_]+", "gxq_analysis/report/display.py", '_keyed("trend"'),
    (r"source\.[a-z_]+", "gxq_analysis/report/display.py", '_keyed("source"'),
    (r"hausman\.[a-z_]+", "gxq_analysis/report/display.py", '_keyed("hausman"'),
    (r"inference\.[a-z0-9_]+", "gxq_analysis/report/display.py", '_keyed("inference"'),
    (r"estimator\.[a-z0-9_]+", "gxq_analysis/report/display.py", '_keyed("estimator"'),
    (r"block\.[a-z_]+", "gxq_analysis/cli.py", 'f"block.{b}"'),
    (r"index\.[a-z_]+", "gxq_analysis/publish/export.py", 'f"index.{key}"'),
    (r"finding\.[a-z0-9_.]+", "gxq_analysis/report/views/findings.py", 'f"finding.'),
    (r"support\.[a-z0-9_.]+", "gxq_analysis/report/views/support.py", 'f"support.'),
    (r"task\.[a-z0-9_.]+", "gxq_analysis/report/views/keytasks.py", 'f"task.'),
    (r"gap\.policy\.[a-z_]+", "gxq_analysis/report/views/policy.py", 'f"gap.policy.{code}"'),
    (r"policy\.warn\.[a-z_]+", "gxq_analysis/report/views/policy.py", 'f"policy.warn.{'),
    (
        r"prose\.policy\.headline\.[a-z_]+",
        "gxq_analysis/report/views/policy.py",
        'f"prose.policy.headline.{reason}"',
    ),
    (
        r"prose\.policy\.fwer\.[a-z_]+",
        "gxq_analysis/report/views/policy.py",
        'f"prose.policy.fwer.{method}"',
    ),
    (
        r"prose\.policy\.design_[a-z0-9_]+",
        "gxq_analysis/report/views/policy.py",
        'f"prose.policy.design_{',
    ),
    (r"test\.[a-z0-9_]+", "gxq_analysis/report/views/policy.py", 'f"test.{test}"'),
    (r"world\.[a-z_]+", "gxq_analysis/report/views/policy.py", 'f"world.{'),
    (r"ri\.statistic\.[a-z_]+", "gxq_analysis/report/views/policy.py", 'f"ri.statistic.{'),
    (r"bootstrap\.[a-z_]+\.[a-z0-9_]+", "gxq_analysis/report/model_notes.py", 'f"bootstrap.'),
    (r"(table|conv|cov)\.[a-z0-9_.]+", "gxq_analysis/report/tables.py", 'f"'),
    (r"fig\.break\.[a-z0-9_]+", "gxq_analysis/report/figures/zones.py", 'f"fig.break.'),
    (r"fig\.synthetic\.[a-z_]+", "gxq_analysis/report/figures/policy.py", 'f"fig.synthetic.'),
    (r"tablesource\.[a-z_]+", "gxq_analysis/report/chapter.py", 'f"tablesource.{source}"'),
    (
        r"province\.(col|cov|note|unit)\.[a-z0-9_]+",
        "gxq_analysis/report/views/province.py",
        'f"province.',
    ),
    (
        r"province_policy\.(col|kind|reason|test)\.[a-z0-9_]+",
        "gxq_analysis/report/views/province_policy.py",
        'f"province_policy.',
    ),
    (r"build\.(kernels|status)\.[a-z]+", "gxq_analysis/publish/runner.py", 'f"build.'),
    (
        r"data\.where\.(file|sheet|row|column)",
        "gxq_analysis/catalogue/__init__.py",
        'f"data.where.{name}"',
    ),
    (r"data\.axis\.[a-z0-9_.]+", "gxq_analysis/ingest/table/axes.py", 'f"data.axis.'),
    (r"data\.layout\.[a-z_]+", "gxq_analysis/ingest/table/axes.py", 'f"data.layout.'),
    (r"validate\.[a-z0-9_.]+", "gxq_analysis/ingest/validate.py", 'f"validate.'),
    (r"param\.[a-z_]+", "gxq_analysis/publish/literate.py", 'f"param.{name}"'),
]
# Where keys are named literally: the package's code (the catalogue's own tables left out),
# the chapter notebooks (code cells and literate cells' keys) and the benchmark scripts.
CATALOGUE_FILES = {PACKAGE / "catalogue" / "chapters.py", PACKAGE / "catalogue" / "data.py"}


def _literals() -> set[str]:
    found: set[str] = set()
    files = [p for p in PACKAGE.rglob("*.py") if p not in CATALOGUE_FILES]
    files += sorted((ROOT / "benchmarks").glob("*.py"))
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
    for path in sorted((ROOT / "notebooks").rglob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            found.update(cell.get("metadata", {}).get("gxq", {}).get("keys", []))
            if cell["cell_type"] == "code":
                src = "".join(cell["source"])
                for node in ast.walk(ast.parse(src)):
                    if isinstance(node, ast.Constant) and isinstance(node.value, str):
                        found.add(node.value)
    return found


def unused_keys(keys, literals: set[str], families=FAMILIES) -> list[str]:
    """Keys neither named literally nor of a family built at run time."""
    patterns = [re.compile(p) for p, _, _ in families]
    return sorted(
        k for k in keys if k not in literals and not any(p.fullmatch(k) for p in patterns)
    )


def test_every_catalogue_key_is_used():
    unused = unused_keys(STRINGS, _literals())
    assert unused == [], (
        f"catalogue keys nothing uses (remove them, or name their builder): {unused}"
    )


@pytest.mark.parametrize(("pattern", "path", "snippet"), FAMILIES, ids=lambda x: str(x)[:40])
def test_each_family_is_still_built_and_has_keys(pattern, path, snippet):
    assert snippet in (ROOT / path).read_text(encoding="utf-8"), (
        f"{path} no longer builds {pattern}"
    )
    assert any(re.fullmatch(pattern, k) for k in STRINGS), f"no key is of the family {pattern}"


def test_the_unused_check_fails_on_an_unused_key():
    keys = {"review.final": (), "prose.never_said": (), "gap.policy.no_treated": ()}
    literals = {"review.final"}
    families = [(r"gap\.policy\.[a-z_]+", "x.py", "")]
    assert unused_keys(keys, literals, families) == ["prose.never_said"]
