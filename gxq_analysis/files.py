"""Files on disk, for every layer: SHA-256 of files and bytes, and atomic writes.

Standard library only: the no-change build calls these before anything heavy is imported, and
the data layer (the demo generator) writes its files with :func:`atomic_write` without
importing the build layer.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

_CHUNK = 1 << 20


def sha256_file(path: str | os.PathLike[str]) -> str:
    """Hex SHA-256 of a file's bytes, read in 1 MiB chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def sha256_bytes(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


@cache
def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(path: Path, data: bytes) -> dict[str, Any]:
    """Write ``data`` to ``path`` through a temporary file in the same directory and
    ``os.replace``, so readers see the old file or the new one, never a part.

    Returns
    -------
    dict
        The file's record for the manifest: ``sha256``, ``size``, ``mtime_ns``.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are for sharing
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    st = path.stat()
    return {"sha256": sha256_bytes(data), "size": st.st_size, "mtime_ns": st.st_mtime_ns}
