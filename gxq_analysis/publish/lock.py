"""The build lock: two builds must not write to one reports directory at once.

An exclusive advisory lock (``fcntl.flock``) on a file in the reports directory, held for the
whole build and released when the file is closed, also when the process dies.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import GxqError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory lock
    fcntl = None

LOCK_FILE = ".gxq-build.lock"


class BuildLock:
    """An exclusive advisory lock on the reports directory (two builds must not interleave)."""

    def __init__(self, root: Path) -> None:
        self.path = root / LOCK_FILE
        self.fd: int | None = None

    def __enter__(self) -> BuildLock:
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        if fcntl is None:  # pragma: no cover - Windows
            return self
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self.fd)
            self.fd = None
            raise GxqError(f"another gxq build is writing to {self.path.parent}") from None
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing releases the lock
