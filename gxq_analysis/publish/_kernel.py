"""Kernel-side half of the warm-kernel engine: snapshot a fresh kernel, reset it between chapters.

This module is imported *inside* an IPython kernel by :mod:`gxq_analysis.publish.kernels`.  Right
after the kernel starts, :func:`snapshot` records the process state a chapter can see or change;
before each later chapter, :func:`reset` puts it back, so a chapter run in a kernel that already
ran others gives the notebook a fresh kernel would (the test suite checks this byte for byte).
Imported modules stay imported: that is the point (a warm kernel skips the imports).

What is restored: the user namespace (``%reset`` semantics, then the names a fresh kernel
has), the execution counter, ``sys.path``, ``os.environ``, the working directory, warning
filters and the once-only warning registries, logging handlers, numpy print and error options,
pandas options, matplotlib's figures and rcParams and the inline backend's settings, and the
``functools.cache`` / ``lru_cache`` caches of :mod:`gxq_analysis` (a chapter that mutates a
cached object must not leak into the next), except those marked with :data:`KEEP_ATTRIBUTE`.
What a chapter left is then collected, and what lives is frozen (``gc.freeze``), so that later
collections walk only what the next chapter makes.

The libraries whose state is restored (numpy, pandas, matplotlib) are never imported here: the
snapshot records a fresh kernel with its preloaded modules, so each is taken from
``sys.modules`` once loaded and left alone otherwise. The one import inside a function is
matplotlib-inline's backend, whose import is an action (see :func:`_inline_backend`).
"""

from __future__ import annotations

import contextlib
import copy
import gc
import importlib
import logging
import os
import sys
import warnings
from typing import Any

from IPython import get_ipython

_STATE: dict[str, Any] = {}
#: A library cache whose function has this attribute set to True survives between chapters:
#: for results that are expensive, immutable and do not depend on the chapter (the function's
#: author vouches that no chapter can change what it returns).
KEEP_ATTRIBUTE = "gxq_keep_between_chapters"


def _ipython() -> Any:
    ip = get_ipython()
    if ip is None:  # pragma: no cover - only meaningful inside a kernel
        raise RuntimeError("gxq_analysis.publish._kernel must run inside an IPython kernel")
    return ip


def _inline_backend() -> Any:
    try:
        # lazy: importing backend_inline activates the inline backend in this kernel (an
        # import-time hook); the snapshot does it here, after recording rcParams, as it always has
        from matplotlib_inline.backend_inline import InlineBackend
    except ImportError:  # pragma: no cover - matplotlib-inline ships with ipykernel
        return None
    return InlineBackend.instance()


def snapshot(preload: tuple[str, ...] = ("pandas", "matplotlib.pyplot")) -> None:
    """Record the state of a fresh kernel (call once, first thing after start).

    ``preload`` modules are imported first so that the state they set up on import (pyplot
    activates the inline backend, which changes rcParams) is part of the snapshot: a chapter
    importing them later finds them already in that state, as it would in a fresh kernel.
    """
    ip = _ipython()
    for name in preload:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    _STATE["user_ns"] = dict(ip.user_ns)
    _STATE["user_ns_hidden"] = dict(ip.user_ns_hidden)
    _STATE["sys_path"] = list(sys.path)
    _STATE["environ"] = dict(os.environ)
    _STATE["warnings_filters"] = list(warnings.filters)
    _STATE["showwarning"] = warnings.showwarning
    root = logging.getLogger()
    _STATE["logging"] = (list(root.handlers), root.level)
    if "numpy" in sys.modules:
        np = sys.modules["numpy"]
        _STATE["np_print"] = np.get_printoptions()
        _STATE["np_err"] = np.geterr()
    if "pandas" in sys.modules:
        _STATE["pd_options"] = _pandas_options()
    if "matplotlib" in sys.modules:
        matplotlib = sys.modules["matplotlib"]
        _STATE["rc"] = copy.deepcopy(dict(dict.items(matplotlib.rcParams)))
        backend = _inline_backend()
        if backend is not None:
            _STATE["inline"] = {
                k: copy.deepcopy(getattr(backend, k)) for k in backend.trait_names(config=True)
            }


def _pandas_options() -> dict[str, Any]:
    pd = sys.modules["pandas"]
    # pandas has no public list of option keys; its registry is a plain dict.
    pdc = sys.modules["pandas._config.config"]

    registered = getattr(pdc, "_registered_options", {})
    deprecated = getattr(pdc, "_deprecated_options", {})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {k: pd.get_option(k) for k in registered if k not in deprecated}


def _restore_pandas(saved: dict[str, Any]) -> None:
    pd = sys.modules["pandas"]

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for key, value in saved.items():
            if pd.get_option(key) != value:
                pd.set_option(key, value)


def _clear_library_caches() -> None:
    """Empty the ``functools`` caches of :mod:`gxq_analysis` not marked with
    :data:`KEEP_ATTRIBUTE`."""
    for name, module in list(sys.modules.items()):
        if name == "gxq_analysis" or name.startswith("gxq_analysis."):
            for obj in list(vars(module).values()):
                if (
                    callable(getattr(obj, "cache_clear", None))
                    and getattr(obj, "__module__", None) == name
                    and not getattr(obj, KEEP_ATTRIBUTE, False)
                ):
                    obj.cache_clear()


def reset(cwd: str, env: dict[str, str] | None = None) -> None:
    """Put the kernel back into its snapshot state and change to ``cwd``; then set the
    environment variables ``env`` (the build's stores and log, for a kernel started by a
    worker that does not have them, such as a Dask worker)."""
    ip = _ipython()
    if not _STATE:
        raise RuntimeError("gxq kernel reset called before snapshot")
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    os.chdir(cwd)
    ip.reset(new_session=False)
    ip.execution_count = 1
    # IPython's reset drops the dunders a fresh kernel has (__doc__, __spec__, ...) and keeps
    # names it re-creates (In, Out, _dh, ...): make the key set and the rest equal a fresh one.
    fresh_ns, fresh_hidden = _STATE["user_ns"], _STATE["user_ns_hidden"]
    for key in list(ip.user_ns):
        if key not in fresh_ns:
            del ip.user_ns[key]
    for key, value in fresh_ns.items():
        if key not in ip.user_ns:
            ip.user_ns[key] = value
    for key in list(ip.user_ns_hidden):
        if key not in fresh_hidden:
            del ip.user_ns_hidden[key]
    for key, value in fresh_hidden.items():
        ip.user_ns_hidden.setdefault(key, value)
    ip.user_ns["_dh"][:] = [cwd]

    sys.path[:] = _STATE["sys_path"]
    if dict(os.environ) != _STATE["environ"]:
        os.environ.clear()
        os.environ.update(_STATE["environ"])
    os.environ.update(env or {})
    warnings.filters[:] = _STATE["warnings_filters"]
    warnings.showwarning = _STATE["showwarning"]
    # Bumping the filters version empties every module's __warningregistry__, so a warning
    # shown once per location in one chapter is shown again in the next, as in a fresh kernel.
    warnings._filters_mutated()
    warnings.onceregistry.clear()
    root = logging.getLogger()
    handlers, level = _STATE["logging"]
    root.handlers[:] = handlers
    root.setLevel(level)
    if "np_print" in _STATE:
        np = sys.modules["numpy"]
        np.set_printoptions(**_STATE["np_print"])
        np.seterr(**_STATE["np_err"])
    if "pd_options" in _STATE:
        _restore_pandas(_STATE["pd_options"])
    if "rc" in _STATE:
        rc = sys.modules["matplotlib"].rcParams
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for key, value in _STATE["rc"].items():
                # _set skips validation and the backend-switch side effects of __setitem__;
                # the values were valid when recorded.
                if dict.get(rc, key) != value:
                    rc._set(key, copy.deepcopy(value))
        backend = _inline_backend()
        if backend is not None:
            for key, value in _STATE.get("inline", {}).items():
                if getattr(backend, key) != value:
                    setattr(backend, key, copy.deepcopy(value))
    _clear_library_caches()
    # What the chapter left (its namespace, emptied above; the caches) is collected, and what
    # is alive then (the modules, the caches kept between chapters, IPython) is moved out of
    # the collector's sight: later collections, this one at the next reset and those during a
    # chapter, walk only what a chapter made (a full collection walked ~200,000 objects, 0.09 s
    # per chapter). IPython's reset collects too, but before it empties the namespace.
    gc.collect()
    gc.freeze()
