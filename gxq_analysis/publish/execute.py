"""Run one chapter job on a worker: papermill execution, fresh or warm kernel, export.

A worker (a process of the local pool or a Dask worker thread) calls :func:`run_job` with a
:class:`JobSpec` and gets a :class:`JobResult` back: the normalized executed notebook, its HTML
(and PDF) as bytes, or the failure.  Nothing is written to the reports directory here: the
builder writes results atomically where it runs, so workers need no shared file system for
outputs (they do need the package, and the ``--data`` file at the same path).

Execution follows ``papermill.execute_notebook`` step by step (load, parameterize, record
metadata, run through a papermill engine, mark errors), so a chapter equals what the papermill
command line gives, but it keeps the executed notebook object even when a cell times out or the
kernel dies, and records file names instead of absolute paths.  Two engines:

fresh
    papermill's own ``NBClientEngine``: a new kernel per chapter (``papermill`` by hand).
warm (default)
    the same client, given a kernel that stays alive across chapters on this worker thread
    (:mod:`gxq_analysis.publish.kernels`), reset before each chapter to the state of a fresh
    one.  A chapter then costs its own work only, not a kernel start and the imports.  A kernel
    is replaced after a timeout or crash, and when the library's source fingerprint changes.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from typing import Any

import nbformat
from nbclient.exceptions import CellTimeoutError, DeadKernelError

from . import export
from .kernels import (
    START_TIMEOUT,
    WarmKernel,
    client_config,
    discard,
    private_workdir,
    warm_kernel,
)

# Lazy imports (``# lazy``): papermill and nbconvert take 0.3 s to import once jupyter_client
# and nbclient are loaded (measured after this module). A worker imports them only after it has
# launched its warm kernel, so that their import overlaps the kernel's start-up instead of
# delaying it. This module itself loads jupyter_client and nbclient (0.15-0.24 s, with the
# kernels), which the no-change build must not (tested): the runner and the executors import it
# only to run chapters.


@dataclass(frozen=True)
class JobSpec:
    """Everything a worker needs to build one chapter (picklable; no reports paths).

    Attributes
    ----------
    key : str
        ``<review>/<lang>/<stem>``.
    stem : str
        Output stem; the executed notebook records ``<stem>.ipynb`` as its output path.
    notebook_name : str
        File name of the chapter notebook, recorded as papermill's input path.
    notebook_text : str
        The chapter notebook itself (the bytes the builder hashed).
    parameters : dict
        Papermill parameters.
    cwd : str or None
        Kernel working directory (the ``--data`` file's directory), None for a private
        empty directory of the worker.
    title, lang : str
        HTML title and language.
    timeout : float
        Seconds for the whole chapter (kernel start included for fresh kernels).
    fresh_kernel : bool
        A new kernel for this chapter instead of the worker's warm one.
    library_sha256 : str
        Fingerprint of the library sources; a warm kernel started under another is replaced.
    pdf : bool
        Also print the HTML to PDF with Chromium.
    chromium : str or None
        Chromium executable for ``pdf``.
    env : dict
        Environment variables the chapter's kernel gets (the build's stores and log), for
        workers that do not have them (a Dask worker); a warm kernel sets them at its reset.
    after : tuple of str
        Keys of the work to finish first (the shared analyses the chapter reads,
        :mod:`gxq_analysis.publish.shared`).
    priority : float
        Among the work ready to run, higher first.
    """

    key: str
    stem: str
    notebook_name: str
    notebook_text: str
    parameters: dict[str, Any] = field(hash=False)
    cwd: str | None
    title: str
    lang: str
    timeout: float
    fresh_kernel: bool = False
    library_sha256: str = ""
    pdf: bool = False
    chromium: str | None = None
    env: dict[str, str] = field(default_factory=dict, hash=False)
    after: tuple[str, ...] = ()
    priority: float = 0.0


@dataclass(frozen=True)
class TaskSpec:
    """A shared analysis to compute into the analysis store before the chapters that read it
    (:func:`gxq_analysis.publish.shared.compute`), on a worker's warm kernel.

    Attributes
    ----------
    key : str
        ``<review>/shared/<name>``.
    name, review : str
        Which analysis, of which review.
    data, layout : str or None
        The chapters' ``data`` and ``layout`` parameters.
    cwd : str or None
        Kernel working directory, as for the chapters.
    kernel_name : str
        The chapters' kernel.
    timeout : float
        Seconds allowed.
    library_sha256 : str
        As :attr:`JobSpec.library_sha256`.
    env : dict
        As :attr:`JobSpec.env` (the analysis store must be among them).
    after : tuple of str
        Keys of the shared analyses to finish first.
    priority : float
        Among the work ready to run, higher first.
    """

    key: str
    name: str
    review: str
    data: str | None
    layout: str | None
    cwd: str | None
    kernel_name: str
    timeout: float
    library_sha256: str = ""
    env: dict[str, str] = field(default_factory=dict, hash=False)
    after: tuple[str, ...] = ()
    priority: float = 0.0


@dataclass
class TaskResult:
    """What a worker sends back for a shared analysis: ``status`` is ``ok`` or ``failed``
    (``error``: the exception's type and message; the chapters then compute it themselves)."""

    key: str
    status: str
    error: str | None = None
    duration: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status == "ok"


@dataclass
class JobResult:
    """What a worker sends back for one job.

    ``error`` (failed jobs) has ``cell`` (index in the chapter notebook as written, or None),
    ``execution_count``, ``ename`` and ``evalue``; ``notebook`` is then the failed notebook,
    with papermill's error markers, for ``<stem>.failed.ipynb``.  ``kernel`` is ``fresh``
    or ``warm:<n>``, the n-th chapter run in that warm kernel.  ``phases`` holds the seconds
    of each step of an ``ok`` chapter (``execute``, ``normalize``, ``html``, ``pdf``): where a
    build spends its time (``benchmarks/bench_build.py``).
    """

    key: str
    status: str
    notebook: bytes | None = None
    html: bytes | None = None
    pdf: bytes | None = None
    error: dict[str, Any] | None = None
    duration: float = 0.0
    kernel: str = ""
    phases: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def _engine(warm: WarmKernel | None):
    """papermill's NBClientEngine, or a subclass that runs on ``warm``'s kernel and client."""
    from papermill.clientwrap import PapermillNotebookClient  # lazy: papermill (see the top)
    from papermill.engines import NBClientEngine  # lazy: papermill (see the top)
    from papermill.log import logger  # lazy: papermill (see the top)

    if warm is None:
        return NBClientEngine

    class WarmKernelEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(
            cls, nb_man, kernel_name, log_output=False, start_timeout=60, **kwargs
        ):
            # Same client and settings as NBClientEngine; the kernel manager is not owned by
            # the client, so it (and our client, passed in) stay alive after the chapter.
            kwargs.pop("input_path", None)
            kwargs.pop("execution_timeout", None)
            client = PapermillNotebookClient(
                nb_man,
                km=warm.km,
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log=logger,
                log_output=log_output,
                **kwargs,
            )
            client.kc = warm.kc
            return client.execute()

    return WarmKernelEngine


# --------------------------------------------------------------------------- one job


def _reset(warm: WarmKernel, kernel_name: str, library: str, cwd: str, env: dict[str, str]):
    """``warm`` reset for the next piece of work; a kernel that cannot be set up or reset is
    replaced, once."""
    try:
        warm.reset(cwd, env)
    except Exception:
        discard(warm)
        warm = warm_kernel(kernel_name, library, cwd)
        warm.reset(cwd, env)
    return warm


def _error_output(ename: str, evalue: str):
    return nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=[])


def _running_cell(nb) -> int | None:
    """Index of the last cell papermill started (the one running when execution stopped)."""
    last = None
    for i, cell in enumerate(nb.cells):
        if (cell.metadata.get("papermill") or {}).get("start_time"):
            last = i
    return last


def execute_notebook(spec: JobSpec, cwd: str):
    """Execute ``spec``'s notebook; return (notebook, error dict or None, kernel kind).

    Mirrors ``papermill.execute_notebook`` (see the module docstring).  Cell errors, the
    chapter timeout and a dead kernel all come back as an error dict, never as an exception.
    """
    warm = None
    if not spec.fresh_kernel:
        # launched before the imports below, which then overlap with the kernel's start-up
        kernel_name = json.loads(spec.notebook_text)["metadata"]["kernelspec"]["name"]
        warm = warm_kernel(kernel_name, spec.library_sha256, cwd)

    # lazy: each of these after the kernel's launch, to overlap its start-up (see the top)
    import nbconvert  # noqa: F401  (used by the export)
    from papermill.engines import papermill_engines  # lazy: overlaps the kernel start
    from papermill.exceptions import PapermillExecutionError  # lazy: overlaps the kernel start
    from papermill.execute import (  # lazy: overlaps the kernel start
        prepare_notebook_metadata,
        raise_for_execution_errors,
        remove_error_markers,
    )
    from papermill.iorw import load_notebook_node  # lazy: overlaps the kernel start
    from papermill.parameterize import parameterize_notebook  # lazy: overlaps the kernel start

    nb = load_notebook_node(nbformat.reads(spec.notebook_text, as_version=4))
    if spec.parameters:
        nb = parameterize_notebook(nb, dict(spec.parameters))
    nb = prepare_notebook_metadata(nb, spec.notebook_name, f"{spec.stem}.ipynb")
    nb = remove_error_markers(nb)
    kernel_name = papermill_engines.nb_kernel_name(engine_name=None, nb=nb)

    if warm is not None:
        warm = _reset(warm, kernel_name, spec.library_sha256, cwd, spec.env)
        warm.runs += 1
    # The chapter's clock starts now: a warm kernel's start-up is the worker's, not the
    # chapter's; a fresh kernel's start-up is part of the chapter (as with papermill).
    deadline = time.monotonic() + spec.timeout

    def cell_timeout(cell) -> float:
        # nbclient times cells; the chapter's budget is what is left of the deadline.
        return max(deadline - time.monotonic(), 0.01)

    # "fresh", or "warm:<n>" for the n-th chapter run in this kernel
    kind = "fresh" if warm is None else f"warm:{warm.runs}"
    engine = _engine(warm)
    failure: tuple[str, str] | None = None
    # a fresh kernel inherits this process's environment: give it the build's variables (the
    # log file, the stores) for this chapter only, also on a worker the runner's environment
    # does not reach (a remote Dask worker), and leave the process as it was after
    saved = {k: os.environ.get(k) for k in spec.env} if warm is None else {}
    if warm is None:
        os.environ.update(spec.env)
    try:
        engine.execute_notebook(
            nb,
            kernel_name,
            output_path=None,
            progress_bar=False,
            log_output=False,
            start_timeout=START_TIMEOUT,
            timeout_func=cell_timeout,
            config=client_config(),
            # a cell's prints reach nbclient as one stream message or several, depending on
            # when ipykernel flushes (every 0.2 s): merged, the chapter is the same however
            # loaded the machine is (a 'columns: 6' / '15 seen' split was seen under load)
            coalesce_streams=True,
            # the kernel's working directory, without chdir in a possibly threaded worker
            resources={"metadata": {"path": cwd}},
        )
    except CellTimeoutError:
        failure = ("CellTimeoutError", f"chapter timeout of {spec.timeout:g} s exceeded")
    except DeadKernelError as exc:
        failure = ("DeadKernelError", str(exc) or "the kernel died")
    except Exception as exc:  # kernel failed to start, lost messages, ...
        failure = (type(exc).__name__, str(exc))
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    if failure is not None:
        if warm is not None:
            discard(warm)
        index = _running_cell(nb)
        if index is not None:
            cell = nb.cells[index]
            cell.setdefault("outputs", []).append(_error_output(*failure))
            cell.metadata.papermill["exception"] = True
            cell.metadata.papermill["status"] = "failed"
            nb.metadata.papermill["exception"] = True
        else:
            return nb, _error(None, None, *failure), kind
    try:
        raise_for_execution_errors(nb, None)
    except PapermillExecutionError as exc:
        cell = _source_index(nb, exc.cell_index)
        return nb, _error(cell, exc.exec_count, exc.ename, exc.evalue), kind
    return nb, None, kind


def _source_index(nb, executed_index: int) -> int:
    """Index in the chapter as written of a cell of the executed notebook (before the error
    markers were inserted): the injected parameters cell is not in the chapter."""
    injected = next(
        (i for i, c in enumerate(nb.cells) if "injected-parameters" in c.metadata.get("tags", [])),
        None,
    )
    # raise_for_execution_errors inserted two marker cells: one at 0, one before the failure,
    # so the injected cell moved down by one.
    if injected is not None:
        injected -= 1
        if executed_index > injected:
            return executed_index - 1
    return executed_index


def _error(cell, count, ename, evalue) -> dict[str, Any]:
    return {"cell": cell, "execution_count": count, "ename": ename, "evalue": str(evalue)}


def run_task(spec: TaskSpec) -> TaskResult:
    """Compute one shared analysis into the store on this worker's warm kernel.  Never raises:
    a failure comes back in the result (the chapters then compute the analysis, and show its
    error if it has one)."""
    t0 = time.perf_counter()
    cwd = spec.cwd or private_workdir()
    warm = None
    try:
        if not os.path.isdir(cwd):
            raise FileNotFoundError(f"the data directory {cwd} does not exist on this worker")
        warm = warm_kernel(spec.kernel_name, spec.library_sha256, cwd)
        warm = _reset(warm, spec.kernel_name, spec.library_sha256, cwd, spec.env)
        args = {"review": spec.review, "data": spec.data, "layout": spec.layout}
        warm.run_silent(
            f"__import__('gxq_analysis.publish.shared', fromlist=['_']).compute({spec.name!r}, "
            f"**{args!r})",
            timeout=spec.timeout,
        )
    except Exception as exc:
        if warm is not None and (isinstance(exc, TimeoutError) or not warm.alive()):
            discard(warm)  # still busy, or dead: the next chapter gets a new kernel
        return TaskResult(
            spec.key,
            "failed",
            error=f"{type(exc).__name__}: {exc}",
            duration=time.perf_counter() - t0,
        )
    return TaskResult(spec.key, "ok", duration=time.perf_counter() - t0)


def run(spec: JobSpec | TaskSpec) -> JobResult | TaskResult:
    """:func:`run_task` for a shared analysis, :func:`run_job` for a chapter (what the
    executors run)."""
    return run_task(spec) if isinstance(spec, TaskSpec) else run_job(spec)


def run_job(spec: JobSpec) -> JobResult:
    """Build one chapter: execute, normalize, export.  Never raises for a chapter's failure."""
    t0 = time.perf_counter()
    cwd = spec.cwd or private_workdir()
    try:
        if not os.path.isdir(cwd):
            raise FileNotFoundError(f"the data directory {cwd} does not exist on this worker")
        nb, error, kind = execute_notebook(spec, cwd)
        t1 = time.perf_counter()
        export.normalize_notebook(
            nb, input_name=spec.notebook_name, output_name=f"{spec.stem}.ipynb", cwd=cwd
        )
        nb_bytes = export.notebook_bytes(nb)
        t2 = time.perf_counter()
        if error is not None:
            return JobResult(
                spec.key,
                "failed",
                notebook=nb_bytes,
                error=error,
                duration=time.perf_counter() - t0,
                kernel=kind,
            )
        html = export.to_html(nb, title=spec.title, lang=spec.lang)
        t3 = time.perf_counter()
        phases = {"execute": t1 - t0, "normalize": t2 - t1, "html": t3 - t2}
        pdf = None
        if spec.pdf:
            pdf = export.print_pdf(html, chromium=spec.chromium)
            phases["pdf"] = time.perf_counter() - t3
        return JobResult(
            spec.key,
            "ok",
            notebook=nb_bytes,
            html=html,
            pdf=pdf,
            duration=time.perf_counter() - t0,
            kernel=kind,
            phases=phases,
        )
    except Exception as exc:  # the build reports it like any chapter failure
        return JobResult(
            spec.key,
            "failed",
            error=_error(None, None, type(exc).__name__, exc),
            duration=time.perf_counter() - t0,
        )
