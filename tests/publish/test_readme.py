"""The README's quick start and list of outputs stay true."""

from __future__ import annotations

import re
from pathlib import Path

from gxq_analysis.publish.readme import BEGIN, END, outputs_table
from gxq_analysis.publish.registry import chapters

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_outputs_table_is_generated_from_the_registry():
    block = README.split(BEGIN, 1)[1].split(END, 1)[0].strip()
    assert block == outputs_table(), "run: python -m gxq_analysis.publish.readme"
    for ch in chapters():
        assert f"notebooks/{ch.path.name}" in block


def test_quick_start_has_exactly_two_commands_and_ci_runs_the_second():
    m = re.search(r"^#+\s*Quick ?start.*?```[a-z]*\n(.*?)```", README, re.S | re.I | re.M)
    assert m, "README needs a Quick start section with a fenced code block"
    commands = [c for c in m.group(1).splitlines() if c.strip() and not c.startswith("#")]
    assert commands == ["python3 dev.py build", "python3 dev.py test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "\npython3 dev.py test\n" in ci
