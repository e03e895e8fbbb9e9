#!/usr/bin/env python3
"""Set up a local environment and build the reports or run the tests: the README's quick start.

    python3 dev.py build [gxq build options]   # reports/ from the bundled data
    python3 dev.py test  [pytest options]      # the whole test suite, notebooks included

Creates ``.venv`` beside this file on first use (Python >= 3.11 needed), installs the package
with its test extra, and reinstalls only when pyproject.toml changes. Standard library only, so
it runs on a fresh machine before anything is installed.
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

# The test command: unit tests plus strict nbval over the stored chapter notebooks.
TEST_ARGS = [
    "tests",
    "notebooks",
    "--nbval",
    "--nbval-current-env",
    "--nbval-sanitize-with",
    "tests/nbval_sanitize.cfg",
]


def ensure_env() -> None:
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
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text().strip() != want:
        print("dev.py: installing gxq-analysis with its test extra", flush=True)
        pip = [str(PY), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
        subprocess.run([*pip, "--upgrade", "pip"], check=True)
        subprocess.run([*pip, "-e", f"{ROOT}[test]"], check=True)
        STAMP.write_text(want + "\n")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("build", "test"):
        print(__doc__, file=sys.stderr)
        return 2
    ensure_env()
    env = dict(os.environ)
    if argv[0] == "build":
        cmd = [str(PY), "-m", "gxq_analysis.cli", "build", *argv[1:]]
    else:
        cmd = [str(PY), "-m", "pytest", *TEST_ARGS, *argv[1:]]
    return subprocess.run(cmd, cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
