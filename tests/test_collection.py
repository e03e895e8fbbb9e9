"""Every test file on disk is collected by the README's test command.

pytest silently skips some folder names (``build``, ``dist``, ``venv``... in ``norecursedirs``);
a test folder named like that never runs. This test asks pytest what the README's command
(``dev.py``'s ``TEST_ARGS``) collects and compares it with the test files and notebooks on disk.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _test_args() -> list[str]:
    spec = importlib.util.spec_from_file_location("gxq_dev", ROOT / "dev.py")
    assert spec is not None and spec.loader is not None
    dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev)
    return list(dev.TEST_ARGS)


def collected_files(args: list[str]) -> set[str]:
    """Files (relative to the checkout) of the test ids pytest collects with ``args``."""
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    return {line.split("::")[0] for line in proc.stdout.splitlines() if "::" in line}


def test_every_test_file_and_chapter_notebook_is_collected():
    got = collected_files(_test_args())
    disk = {p.relative_to(ROOT).as_posix() for p in (ROOT / "tests").rglob("test_*.py")}
    # the chapters' reading copies, stored with outputs (the sources have none: not compared)
    views = {p.relative_to(ROOT).as_posix() for p in (ROOT / "notebooks").glob("*/*.ipynb")}
    assert len(views) == 2 * len(list((ROOT / "notebooks").glob("*.ipynb")))
    disk |= views
    assert disk, "no test files found on disk"
    missing = sorted(disk - got)
    assert not missing, f"on disk but never collected by the test command: {missing}"
    sources = {p.relative_to(ROOT).as_posix() for p in (ROOT / "notebooks").glob("*.ipynb")}
    assert not sources & got


def test_the_check_sees_a_folder_pytest_skips(tmp_path):
    # the comparison above can fail: pytest does not recurse into a folder named "build"
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "test_hidden.py").write_text("def test_x():\n    pass\n")
    (tmp_path / "test_seen.py").write_text("def test_y():\n    pass\n")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(tmp_path),
            "-c",
            "/dev/null",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    ids = {line.split("::")[0] for line in proc.stdout.splitlines() if "::" in line}
    names = {Path(i).name for i in ids}
    assert names == {"test_seen.py"}
