"""A directory of results kept on disk: verified pickles under content keys, one writer per key.

Used by every layer that keeps a result for later readers: the load store of the data layer
(:mod:`gxq_analysis.ingest.sources.store`: an evaluator's tables read once per build) and the
analysis store (:mod:`gxq_analysis.memo`: each analysis computed once per build). The caller
makes the key (the SHA-256 of everything that can change the result); this module only keeps
entries safely:

* an entry is the pickle of the result behind a header (a magic line naming the store and its
  format, then the SHA-256 of the pickle): a damaged or truncated entry, or one written by
  another store or format, reads as absent and is computed again, never trusted;
* entries are written atomically (:func:`gxq_analysis.files.atomic_write`): a concurrent reader
  sees a whole entry or none;
* :meth:`Store.lock` holds an exclusive lock per key (``fcntl.flock`` on ``<key>.lock``)
  across processes, so that chapters running at the same time compute a shared result once:
  the second waits for the first and then reads its entry. The operating system releases the
  lock of a process that dies. Where locks are not available (no ``fcntl``, a file system
  that refuses them) the lock is a no-op: both compute, the same result, and the last write
  wins.

Nothing here raises for a store that cannot be used (a read-only or missing directory, a result
that cannot be pickled): the result is then simply not kept, and the caller computes.
Standard library only (the no-change build imports the data layer's store).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .files import atomic_write

try:  # POSIX; elsewhere the lock is a no-op (see the module docstring)
    import fcntl
except ImportError:  # pragma: no cover - not on the platforms we build on
    fcntl = None

__all__ = ["MISSING", "Store"]

#: What :meth:`Store.get` returns for an absent (or untrusted) entry: a stored result may be
#: None.
MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING"})()

_HEX = 64  # length of a hex SHA-256


class Store:
    """The entries of one store in ``root``, each ``<key>.pkl``.

    Parameters
    ----------
    root : path
        The store's directory (created on the first write).
    magic : bytes
        The first line of every entry, naming the store and its format (e.g.
        ``b"gxq-load-1"``): entries of another store or format read as absent.
    """

    def __init__(self, root: str | os.PathLike[str], magic: bytes) -> None:
        if b"\n" in magic:
            raise ValueError("magic must be one line")
        self.root = Path(root)
        self.magic = magic + b"\n"

    def path(self, key: str) -> Path:
        """The file of ``key``'s entry."""
        if not key or "/" in key or "\\" in key or key.startswith("."):
            raise ValueError(f"key {key!r} is not a file name")
        return self.root / f"{key}.pkl"

    def get(self, key: str) -> Any:
        """The stored result of ``key``, or :data:`MISSING` (absent, damaged, of another
        store or format, or not readable by this interpreter)."""
        try:
            data = self.path(key).read_bytes()
        except OSError:
            return MISSING
        m = len(self.magic)
        if not data.startswith(self.magic) or data[m + _HEX : m + _HEX + 1] != b"\n":
            return MISSING
        digest, payload = data[m : m + _HEX], data[m + _HEX + 1 :]
        if hashlib.sha256(payload).hexdigest().encode() != digest:
            return MISSING
        try:
            return pickle.loads(payload)
        except Exception:  # a stale class layout: computed again from the inputs
            return MISSING

    def put(self, key: str, value: Any) -> bool:
        """Keep ``value`` under ``key``; False (and nothing written) if it cannot be pickled
        or the directory cannot be written."""
        try:
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # e.g. a result holding a lambda: it is computed each time
            return False
        digest = hashlib.sha256(payload).hexdigest().encode()
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path(key), self.magic + digest + b"\n" + payload)
        except OSError:
            return False
        return True

    @contextlib.contextmanager
    def lock(self, key: str) -> Iterator[None]:
        """Hold the exclusive lock of ``key`` (across processes and threads) while inside.

        Not re-entrant: a thread holding a key's lock must not ask for it again (results are
        computed from other results, never from themselves).
        """
        fd = None
        if fcntl is not None:
            try:
                self.root.mkdir(parents=True, exist_ok=True)
                fd = os.open(self.root / f"{key}.lock", os.O_RDWR | os.O_CREAT, 0o666)
                fcntl.flock(fd, fcntl.LOCK_EX)
            except OSError:  # no locks here: compute without (see the module docstring)
                if fd is not None:
                    os.close(fd)
                fd = None
        try:
            yield
        finally:
            if fd is not None:
                with contextlib.suppress(OSError):
                    fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)
