"""The analysis store: each analysis computed once per build, for every chapter and language.

The numbers of a chapter do not depend on its language, and many chapters need the same
numbers: the Chinese and English versions of a chapter, the fifteen zone profiles of a review
(the review-wide benchmarks and findings), the policy chapter and the findings (the same
synthetic DiD fits). A function decorated with :func:`analysis` keeps its result in the
analysis store when one is set (``$GXQ_ANALYSIS_STORE``; ``gxq build`` sets
``<reports>/.cache/analyses``), and any later call with the same inputs, in any process,
reads it instead of computing it again.

The key of a result is the SHA-256 of everything that can change it:

* the function (module and name) and every argument after defaults are applied, encoded by
  value (:func:`fingerprint`: a data frame by its index, columns, dtypes, values and
  ``attrs``; arrays by dtype, shape and bytes; containers, dataclasses and scalars by value
  and type). An argument that cannot be encoded so (a callable, an open file, ...) turns the
  store off for that call: it is computed;
* the content of every file named by an argument listed in ``paths`` (e.g. a user's
  benchmarks CSV);
* the code and data an analysis can reach (:func:`code_fingerprint`): every module of the
  layers up to ``evaluation`` (the layers above cannot be imported by an analysis: the
  architecture test forbids it), every bundled data file, and the Python, platform and
  numerical-library versions.

So an analysis of the province panel (bundled data) is shared by every build whatever zone
data it is given, and one of a review's panel by every chapter and language of that review.
A result whose computation changed an argument in place is not kept (it could not be replayed
from the store). Entries live in :class:`gxq_analysis.store.Store` (verified on reading,
written atomically, computed once under a per-key lock when chapters run at the same time),
under ``<store>/<code fingerprint>/<function>/``: a code change starts a new directory, and
:func:`prune` drops the old ones.

Without the environment variable (or with it ``off``, or :func:`using` None) nothing is read
or written: a library call,
or a chapter run by papermill by hand, computes everything, and gives the same numbers (the
build tests compare the bytes of chapters built with the store and by papermill without it).
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import functools
import hashlib
import inspect
import logging
import os
import platform
import shutil
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePath
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from . import config
from .files import sha256_file
from .store import MISSING, Store

__all__ = [
    "ENV",
    "Unfingerprintable",
    "analysis",
    "code_fingerprint",
    "fingerprint",
    "prune",
    "stats",
    "store_dir",
    "using",
]

ENV = config.ANALYSIS_STORE_ENV
_MAGIC = b"gxq-analysis-1"
#: Parts of the package an analysis cannot import (the layers above ``evaluation``): their
#: code is not in :func:`code_fingerprint`, so a change of wording or of the build reuses
#: the analyses (``tests/test_memo.py`` checks this list against the architecture test).
ABOVE_ANALYSES = ("report", "publish", "cli.py")
#: Libraries whose version can change an analysis' numbers.
NUMERIC_DISTRIBUTIONS = ("numpy", "numba", "scipy", "pandas", "statsmodels", "linearmodels")
#: Length of the fingerprint prefix naming a code directory of the store.
_CODE_DIR = 24

F = TypeVar("F", bound=Callable[..., Any])
log = logging.getLogger(__name__)
_local = threading.local()
_counts: Counter[tuple[str, str]] = Counter()
_file_shas: dict[str, tuple[int, int, str]] = {}
_lock = threading.Lock()


class Unfingerprintable(TypeError):
    """An argument that :func:`fingerprint` cannot encode by value."""


# --------------------------------------------------------------------------- where


def store_dir() -> Path | None:
    """The analysis store in use: :func:`using`'s, else ``$GXQ_ANALYSIS_STORE``, else None
    (also when the variable is empty or ``off``)."""
    override = getattr(_local, "override", MISSING)
    if override is not MISSING:
        return override
    env = os.environ.get(ENV)
    return Path(env) if env and env != config.ANALYSIS_STORE_OFF else None


@contextlib.contextmanager
def using(path: str | os.PathLike[str] | None) -> Iterator[None]:
    """Use the store at ``path`` (None: none) in this thread while inside, whatever the
    environment says."""
    before = getattr(_local, "override", MISSING)
    _local.override = None if path is None else Path(path)
    try:
        yield
    finally:
        _local.override = before


def prune(root: str | os.PathLike[str], keep: str) -> int:
    """Remove the code directories of ``root`` other than the one of fingerprint ``keep``
    (entries no build of the current code can read); returns how many were removed."""
    root = Path(root)
    removed = 0
    if root.is_dir():
        for child in root.iterdir():
            if child.is_dir() and child.name != keep[:_CODE_DIR]:
                shutil.rmtree(child, ignore_errors=True)
                removed += 1
    return removed


def stats() -> dict[str, dict[str, int]]:
    """Calls of each analysis in this process by outcome: ``hit`` (read from the store),
    ``computed`` (and kept), ``unkept`` (computed, not kept: an argument could not be
    encoded, or the computation changed one)."""
    out: dict[str, dict[str, int]] = {}
    for (name, outcome), n in sorted(_counts.items()):
        out.setdefault(name, {})[outcome] = n
    return out


# --------------------------------------------------------------------------- the code


def _file_sha(path: str) -> str:
    """SHA-256 of a file, re-hashed only when its size or modification time changed."""
    st = os.stat(path)
    known = _file_shas.get(path)
    if known is not None and known[:2] == (st.st_size, st.st_mtime_ns):
        return known[2]
    sha = sha256_file(path)
    with _lock:
        _file_shas[path] = (st.st_size, st.st_mtime_ns, sha)
    return sha


def _files(root: Path, *, code: bool) -> list[tuple[str, str]]:
    """(relative path, absolute path) of the fingerprinted files under ``root``, sorted."""
    # plain strings, not pathlib: this runs at every analysis call (a stat per file)
    out = []
    base = os.fspath(root)
    for dirpath, dirnames, filenames in os.walk(base):
        rel = os.path.relpath(dirpath, base)
        top = rel == "."
        prefix = "" if top else rel.replace(os.sep, "/") + "/"
        dirnames[:] = sorted(
            d for d in dirnames if d != "__pycache__" and not (code and top and d in ABOVE_ANALYSES)
        )
        for name in filenames:
            if code and (not name.endswith(".py") or (top and name in ABOVE_ANALYSES)):
                continue
            if name.startswith("."):
                continue
            out.append((prefix + name, os.path.join(dirpath, name)))
    return sorted(out)


@functools.cache
def _versions() -> tuple[tuple[str, str], ...]:
    found = []
    for dist in NUMERIC_DISTRIBUTIONS:
        try:
            found.append((dist, version(dist)))
        except PackageNotFoundError:
            found.append((dist, "absent"))
    return (
        ("python", sys.version.split()[0]),
        ("machine", platform.machine()),
        *found,
    )


def code_fingerprint() -> str:
    """SHA-256 of the code and data an analysis can reach: the package's modules outside
    :data:`ABOVE_ANALYSES`, every file of the bundled data directory, and the Python,
    platform and :data:`NUMERIC_DISTRIBUTIONS` versions.

    Checked on every call (a stat of each file; contents are hashed again only when a file's
    size or modification time changed), so an edit is never served old results.
    """
    h = hashlib.sha256(b"gxq-analysis-code-1\n")
    for label, root, code in (
        ("code", config.PACKAGE_DIR, True),
        ("data", Path(config.DATA_DIR), False),
    ):
        for rel, path in _files(root, code=code):
            h.update(f"{label}:{rel}\0{_file_sha(path)}\n".encode())
    h.update(repr(_versions()).encode())
    return h.hexdigest()


# --------------------------------------------------------------------------- the arguments


def _str(h, tag: bytes, text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    h.update(tag + str(len(data)).encode() + b":" + data)


def _values(h, values: Any) -> None:
    """The values of an index level, column or array, with their dtype."""
    if isinstance(values, pd.Categorical):
        h.update(b"cat")
        _feed(h, values.categories)
        _feed(h, bool(values.ordered))
        _values(h, np.asarray(values.codes))
        return
    if isinstance(values, pd.arrays.NumpyExtensionArray):  # a numpy-backed pandas column
        values = values.to_numpy()
    if isinstance(values, np.ndarray) and values.dtype != object:
        arr = np.ascontiguousarray(values)
        _str(h, b"nd", f"{arr.dtype.str}{arr.shape}")
        h.update(arr.tobytes())
        return
    # object arrays and pandas extension arrays (strings, nullable numbers): each value
    _str(h, b"ob", f"{getattr(values, 'dtype', '')}|{len(values)}")
    for v in np.asarray(values, dtype=object).ravel():
        if type(v) is str:  # the common case, inline: the bytes _feed writes
            data = v.encode("utf-8", "surrogatepass")
            h.update(b"s" + str(len(data)).encode() + b":" + data)
        else:
            _feed(h, v)


def _index(h, index: pd.Index) -> None:
    _str(h, b"ix", type(index).__name__)
    _feed(h, list(index.names))
    if isinstance(index, pd.MultiIndex):
        for i, level in enumerate(index.levels):
            _index(h, level)  # the levels as built (also any unused value)
            _values(h, index.get_level_values(i).array)
    else:
        _values(h, index.array)


_BUILTINS = (int, float, complex, str, bytes)


def _feed(h, obj: Any) -> None:  # one branch per kind of value
    if obj is None:
        h.update(b"N;")
    elif isinstance(obj, bool):
        h.update(b"T;" if obj else b"F;")
    elif isinstance(obj, np.generic):  # before the builtins: np.float64 is a float
        _values(h, np.asarray(obj))
    elif isinstance(obj, enum.Enum):  # before the builtins: an IntEnum is an int
        _str(h, b"en", f"{type(obj).__module__}.{type(obj).__qualname__}")
        _feed(h, obj.value)
    elif type(obj) is int:
        _str(h, b"i", str(obj))
    elif type(obj) is float:
        _str(h, b"f", obj.hex())
    elif type(obj) is complex:
        _str(h, b"c", f"{obj.real.hex()},{obj.imag.hex()}")
    elif type(obj) is str:
        _str(h, b"s", obj)
    elif type(obj) is bytes:
        h.update(b"b" + str(len(obj)).encode() + b":" + obj)
    elif isinstance(obj, _BUILTINS):  # a subclass keeps its type beside its value
        _str(h, b"sub", f"{type(obj).__module__}.{type(obj).__qualname__}")
        _feed(h, next(b for b in _BUILTINS if isinstance(obj, b))(obj))
    elif isinstance(obj, (tuple, list)):
        h.update((b"t" if isinstance(obj, tuple) else b"l") + str(len(obj)).encode() + b"(")
        for v in obj:
            _feed(h, v)
        h.update(b")")
    elif isinstance(obj, Mapping):
        keyed = sorted(((fingerprint(k), v) for k, v in obj.items()), key=lambda kv: kv[0])
        _str(h, b"d", type(obj).__qualname__)
        h.update(str(len(keyed)).encode() + b"{")
        for k, v in keyed:
            h.update(k.encode())
            _feed(h, v)
        h.update(b"}")
    elif isinstance(obj, (set, frozenset)):
        keys = sorted(fingerprint(v) for v in obj)
        h.update(b"S" + str(len(keys)).encode() + b"{" + "".join(keys).encode() + b"}")
    elif isinstance(obj, pd.DataFrame):
        h.update(b"DF")
        _index(h, obj.columns)
        _index(h, obj.index)
        bare = pd.DataFrame(obj, copy=False)  # without attrs, which a column would deep-copy
        kinds = set(bare.dtypes)
        one = next(iter(kinds)) if len(kinds) == 1 else None
        if isinstance(one, np.dtype) and one.kind != "O":
            _values(h, bare.to_numpy())  # one numpy dtype: the values as one block
        else:
            for i in range(bare.shape[1]):
                _values(h, bare.iloc[:, i].array)
        _feed(h, dict(obj.attrs))
        _feed(h, bool(obj.flags.allows_duplicate_labels))
    elif isinstance(obj, pd.Series):
        h.update(b"SR")
        _feed(h, obj.name)
        _index(h, obj.index)
        _values(h, obj.array)
        _feed(h, dict(obj.attrs))
    elif isinstance(obj, pd.Index):
        _index(h, obj)
    elif isinstance(obj, np.ndarray):
        _values(h, obj)
    elif isinstance(obj, PurePath):
        _str(h, b"p", f"{type(obj).__name__}:{obj}")
    elif obj is pd.NA or obj is pd.NaT:
        _str(h, b"na", repr(obj))
    elif isinstance(obj, pd.Timestamp | pd.Timedelta | pd.Period):
        _str(h, b"ts", f"{type(obj).__name__}:{obj!r}")
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        _str(h, b"dc", f"{type(obj).__module__}.{type(obj).__qualname__}")
        for f in dataclasses.fields(obj):
            _str(h, b"k", f.name)
            _feed(h, getattr(obj, f.name))
    else:
        raise Unfingerprintable(
            f"cannot fingerprint a {type(obj).__module__}.{type(obj).__qualname__} by value"
        )


def fingerprint(obj: Any) -> str:
    """SHA-256 (hex) of ``obj`` encoded by value and type, the same in every process.

    Data frames and series count their index, columns, dtypes, values and ``attrs``; arrays
    their dtype, shape and bytes; containers, dataclasses, enums, paths (as names) and scalars
    their values and types (``1``, ``1.0`` and ``True`` differ; a float by its exact bits).

    Raises
    ------
    Unfingerprintable
        For a value of another kind (a callable, a file object, ...).
    """
    h = hashlib.sha256()
    _feed(h, obj)
    return h.hexdigest()


def _file_content(value: Any) -> str:
    """SHA-256 of the file an argument names (relative paths from the working directory)."""
    try:
        return sha256_file(Path(os.fspath(value)).resolve())
    except (OSError, TypeError) as exc:  # the function itself says what is wrong
        raise Unfingerprintable(f"cannot read {value!r}") from exc


# --------------------------------------------------------------------------- the decorator


def analysis(fn: F | None = None, *, paths: tuple[str, ...] = ()) -> F | Callable[[F], F]:
    """Keep ``fn``'s results in the analysis store (when one is set; see the module).

    Parameters
    ----------
    fn : callable
        A function whose result depends only on its arguments, the package's code up to the
        ``evaluation`` layer and the bundled data (every file it reads must be bundled or named
        by an argument in ``paths``), and that does not change its arguments.
    paths : tuple of str
        Arguments that may name a file (a ``str`` or path, not a data frame): the file's
        content is part of the key.

    Returns
    -------
    callable
        ``fn`` with the same signature and documentation; it returns the stored result (a new
        copy read from the store) when there is one, else computes, keeps and returns it.
    """

    def decorate(func: F) -> F:
        sig = inspect.signature(func)
        name = f"{func.__module__}.{func.__qualname__}"
        unknown = set(paths) - set(sig.parameters)
        if unknown:
            raise ValueError(f"{name}: paths names no parameter {sorted(unknown)}")

        def keyed(bound: inspect.BoundArguments) -> str:
            h = hashlib.sha256()
            _str(h, b"fn", name)
            for arg, value in bound.arguments.items():
                _str(h, b"arg", arg)
                _feed(h, value)
                if arg in paths and isinstance(value, str | os.PathLike):
                    _str(h, b"file", _file_content(value))
            return h.hexdigest()

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            root = store_dir()
            if root is None:
                return func(*args, **kwargs)
            try:
                bound = sig.bind(*args, **kwargs)
            except TypeError:
                return func(*args, **kwargs)  # the function says what is wrong
            bound.apply_defaults()
            try:
                code = code_fingerprint()
                args_key = keyed(bound)
            except (Unfingerprintable, OSError):
                _counts[(name, "unkept")] += 1
                return func(*args, **kwargs)
            key = hashlib.sha256(f"{code}\0{args_key}".encode()).hexdigest()
            store = Store(root / code[:_CODE_DIR] / name, _MAGIC)
            hit = store.get(key)
            if hit is not MISSING:
                _counts[(name, "hit")] += 1
                return hit
            with store.lock(key):
                hit = store.get(key)  # computed by another chapter while this one waited
                if hit is not MISSING:
                    _counts[(name, "hit")] += 1
                    return hit
                t0 = time.perf_counter()
                value = func(*args, **kwargs)
                if keyed(bound) != args_key:
                    # changed an argument in place: a stored copy could not replay that
                    _counts[(name, "unkept")] += 1
                    log.warning("%s changed its arguments; its result is not kept", name)
                    return value
                store.put(key, value)
            _counts[(name, "computed")] += 1
            log.debug("analysis store: %s computed in %.2f s", name, time.perf_counter() - t0)
            return value

        return wrapper  # type: ignore[return-value]

    return decorate(fn) if fn is not None else decorate
