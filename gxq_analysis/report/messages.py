"""Where a chapter's warnings and log records go: the build log, never the chapter.

A chapter is a document for a reader; a Python warning with a source path printed on stderr is
not part of it. :func:`route_to_build_log` (called by ``open_chapter`` in a chapter kernel)
sends every log record and every warning (``logging.captureWarnings``) to a log file: the file
named by the ``GXQ_LOG_FILE`` environment variable, else ``build.log`` in the reports directory
(:func:`gxq_analysis.config.reports_dir`). ``gxq build`` sets ``GXQ_LOG_FILE`` to
``<output>/build.log`` for its chapters' kernels, so the log is in the directory the chapters
point to, with ``--output`` too (unless the user set the variable). Where the reader must know
(the evaluator's file was read with notes), the chapter says so in a sentence of its language
and points to the log.

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

__all__ = ["HANDLER_NAME", "LOG_ENV", "build_log_path", "collect_warnings", "route_to_build_log"]

LOG_ENV = "GXQ_LOG_FILE"
HANDLER_NAME = "gxq-build-log"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_log = logging.getLogger(__name__)
T = TypeVar("T")


def build_log_path() -> Path:
    """The build log: ``$GXQ_LOG_FILE``, else ``<reports>/build.log``."""
    env = os.environ.get(LOG_ENV)
    return Path(env) if env else config.reports_dir() / "build.log"


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


def collect_warnings(func: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[T, list[str]]:
    """Call ``func`` and return its result with the warnings it raised, each also logged.

    Every warning is recorded (not only the first per location), so a warm kernel that showed
    it for an earlier chapter counts it again.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = func(*args, **kwargs)
    texts = []
    for w in caught:
        text = f"{w.category.__name__}: {w.message}"
        _log.warning(text)
        texts.append(text)
    return result, texts
