"""Where a chapter's warnings and log records go: the build log when the build runs it, under
the cell when a person does.

A built chapter is a document for a reader; a Python warning with a source path printed on
stderr is not part of it. :func:`route_to_build_log` (called by ``open_chapter`` in a chapter
kernel of the build) sends every log record and every warning (``logging.captureWarnings``) to a
log file: the file named by the ``GXQ_LOG_FILE`` environment variable (:data:`LOG_ENV`), else
``build.log`` in the reports directory (:func:`gxq_analysis.config.reports_dir`). ``gxq build``
sets ``GXQ_LOG_FILE`` to ``<output>/build.log`` for its chapters' kernels (and each of its
workers sets it where the runner's environment does not reach, a remote Dask worker), so the
log is in the directory the chapters point to, with ``--output`` too (unless the user set the
variable). Where the reader must know (the evaluator's file was read with notes), the chapter
says so in a sentence of its language and points to the log.

Run by a person (a notebook in JupyterLab, ``papermill`` by hand), with ``GXQ_LOG_FILE`` unset,
a chapter leaves the session's logging alone (:func:`build_log_requested` is false): warnings
appear under the cell that raised them, as in any notebook, and the data's notes are shown
there too. Setting ``GXQ_LOG_FILE`` asks for the build's behaviour (and its bytes) by hand.

The warm kernels of ``gxq build`` restore the root logger and ``warnings.showwarning`` between
chapters (:mod:`gxq_analysis.publish._kernel`), so each chapter routes afresh.
"""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from .. import config

__all__ = [
    "HANDLER_NAME",
    "LOG_ENV",
    "build_log_path",
    "build_log_requested",
    "collect_warnings",
    "route_to_build_log",
    "show_warnings",
]

LOG_ENV = "GXQ_LOG_FILE"
HANDLER_NAME = "gxq-build-log"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_log = logging.getLogger(__name__)
T = TypeVar("T")


def build_log_path() -> Path:
    """The build log: ``$GXQ_LOG_FILE``, else ``<reports>/build.log``."""
    env = os.environ.get(LOG_ENV)
    return Path(env) if env else config.reports_dir() / "build.log"


def build_log_requested() -> bool:
    """Whether this process writes its chapters' warnings to a log file: ``GXQ_LOG_FILE`` is
    set (by the build for its kernels, or by a user who asks for it)."""
    return bool(os.environ.get(LOG_ENV))


def route_to_build_log(path: Path | None = None) -> Path:
    """Send every log record (and, through logging, every warning) to the build log only.

    The root logger gets one file handler (replacing any stream handler, so nothing reaches
    stderr and with it the chapter); calling it again does not add a second one.
    """
    path = Path(path) if path is not None else build_log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8", delay=True)
    handler.set_name(HANDLER_NAME)
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler.setLevel(logging.INFO)
    root = logging.getLogger()
    for old in list(root.handlers):
        if old.get_name() == HANDLER_NAME or (
            isinstance(old, logging.StreamHandler) and not (isinstance(old, logging.FileHandler))
        ):
            root.removeHandler(old)
    root.addHandler(handler)
    # the package's own notes (e.g. a reading served by the load store) are INFO records
    logging.getLogger("gxq_analysis").setLevel(logging.INFO)
    logging.captureWarnings(True)
    return path


def collect_warnings(
    func: Callable[..., T], *args: Any, show: bool = False, lang: str = "en", **kwargs: Any
) -> tuple[T, list[str]]:
    """Call ``func`` and return its result with the warnings it raised, each also logged (or,
    with ``show``, shown as Python shows a warning, in ``lang``: under the notebook cell).

    Every warning is recorded (not only the first per location), so a warm kernel that showed
    it for an earlier chapter counts it again. The texts returned and logged are English (the
    build log is the maintainers'); those shown are worded in ``lang`` where the warning can
    be (a data warning carries its catalogue key: ``text(lang)``).
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = func(*args, **kwargs)
    texts = []
    for w in caught:
        text = f"{w.category.__name__}: {w.message}"
        if show:
            show_warnings([w], lang=lang)
        else:
            _log.warning(text)
        texts.append(text)
    return result, texts


def show_warnings(caught: list[warnings.WarningMessage], *, lang: str = "en") -> None:
    """Show recorded warnings as Python shows a warning (``warnings.showwarning``: on stderr,
    which a notebook shows under the cell), each worded in ``lang`` where it can be, without
    the line of library code that happened to raise it (the reader's concern is the data)."""
    for w in caught:
        worded = getattr(w.message, "text", None)
        message = worded(lang) if callable(worded) else w.message
        warnings.showwarning(message, w.category, w.filename, w.lineno, w.file, "")
