"""The git commit of the package's checkout, without heavy imports (the no-change build
calls it).

A checkout with uncommitted changes to the package, its data, notebooks or ``pyproject.toml``
is reported as ``<commit>+dirty``, so a chapter built from changed code says so.
"""

from __future__ import annotations

import os
import subprocess

from . import config

_CONTENT_PATHS = ("gxq_analysis", "data", "notebooks", "pyproject.toml")


def git_commit() -> str:
    """Commit of the checkout the package runs from (see the module docstring)."""
    root = config.REPO_ROOT
    if root is None:
        return "unknown (installed package)"
    if not (root / ".git").exists():
        return "unknown (not a git checkout)"
    # no optional locks: reading the status must never write .git/index or race other git runs
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}

    def git(*args: str) -> str | None:
        try:
            res = subprocess.run(
                ["git", *args], cwd=root, env=env, capture_output=True, text=True, timeout=30
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return res.stdout if res.returncode == 0 else None

    head = git("rev-parse", "--verify", "HEAD")
    if head is None:
        return "unknown (git unavailable)"
    status = git("status", "--porcelain", "--", *_CONTENT_PATHS)
    return head.strip() + ("+dirty" if status else "")
