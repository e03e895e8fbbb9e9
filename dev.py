#!/usr/bin/env python3
"""Set up a local environment and build the reports or run the tests: the README's quick start.

    python3 dev.py build [gxq build options]   # reports/ from the bundled data
    python3 dev.py test  [pytest options]      # the whole test suite, notebooks included

and for contributors:

    python3 dev.py regen [--all]   # every derived file, in order (stored notebooks: the stale ones)
    python3 dev.py regen --check   # name every derived file that is out of date (exit 1)
    python3 dev.py docs            # API reference and user guide into docs/_build/html (-W)

Creates ``.venv`` beside this file on first use (Python >= 3.11 needed), installs the package
with its test extra (and the docs extra for ``docs``), and reinstalls only when pyproject.toml
changes or an extra is missing. Standard library only, so it runs on a fresh machine before
anything is installed; the work itself runs in the venv's Python.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".gxq-stamp"
PY = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")

COMMANDS = ("build", "test", "regen", "docs")
# The test command: unit tests plus strict nbval over the stored chapter notebooks.
TEST_ARGS = [
    "tests",
    "notebooks",
    "--nbval",
    "--nbval-current-env",
    "--nbval-sanitize-with",
    "tests/nbval_sanitize.cfg",
]
# The docs build: a fresh environment each time (-E; autodoc cannot see docstring edits in an
# incremental build), every warning an error (-W), all of them shown before failing.
DOCS_ARGS = ["-E", "-W", "--keep-going", "-q", "-b", "html", "docs", "docs/_build/html"]


def ensure_env(extras: tuple[str, ...] = ("test",)) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script may run on an older Python
        sys.exit(f"gxq-analysis needs Python >= 3.11; this is {sys.version.split()[0]}")
    if (
        not PY.exists()
        or subprocess.run([str(PY), "-m", "pip", "--version"], capture_output=True).returncode != 0
    ):
        # a half-made venv (e.g. ensurepip missing) is rebuilt, never reused
        print(f"dev.py: creating {VENV.name}/", flush=True)
        shutil.rmtree(VENV, ignore_errors=True)
        try:
            venv.EnvBuilder(with_pip=True).create(VENV)
        except (OSError, subprocess.CalledProcessError) as exc:
            shutil.rmtree(VENV, ignore_errors=True)
            sys.exit(
                f"dev.py: cannot create a virtual environment ({exc}); on Debian/Ubuntu "
                "install python3-venv first"
            )
    # the stamp: pyproject.toml's sha256, then the extras installed with it
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    have = STAMP.read_text().split() if STAMP.exists() else []
    installed = (set(have[1:]) or {"test"}) if have[:1] == [want] else set()
    if not installed >= set(extras):
        extras = tuple(sorted(installed | set(extras)))
        print(f"dev.py: installing gxq-analysis with its {', '.join(extras)} extra", flush=True)
        pip = [str(PY), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
        subprocess.run([*pip, "--upgrade", "pip"], check=True)
        subprocess.run([*pip, "-e", f"{ROOT}[{','.join(extras)}]"], check=True)
        STAMP.write_text(" ".join([want, *extras]) + "\n")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__, file=sys.stderr)
        return 2
    ensure_env(("test", "docs") if argv[0] == "docs" else ("test",))
    env = dict(os.environ)
    if argv[0] == "build":
        cmd = [str(PY), "-m", "gxq_analysis.cli", "build", *argv[1:]]
    elif argv[0] == "regen":
        cmd = [str(PY), "-m", "gxq_analysis.publish.regen", *argv[1:]]
    elif argv[0] == "docs":
        cmd = [str(PY), "-m", "sphinx", *DOCS_ARGS, *argv[1:]]
    else:
        cmd = [str(PY), "-m", "pytest", *TEST_ARGS, *argv[1:]]
    return subprocess.run(cmd, cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
