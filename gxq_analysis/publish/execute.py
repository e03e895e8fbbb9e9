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
    the same client, given a kernel that stays alive across chapters on this worker thread;
    before each chapter the kernel is reset to the state of a fresh one
    (:mod:`gxq_analysis.publish._kernel`).  A chapter then costs its own work only, not a kernel
    start and the imports.  A kernel is replaced after a timeout or crash, and when the
    library's source fingerprint changes (a long-lived Dask worker must not run new chapters
    with old library modules).
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import json
import os
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import nbformat
import zmq
from jupyter_client.manager import AsyncKernelManager, KernelManager
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import run_sync
from traitlets.config import Config

from . import export

# Lazy imports (``# lazy``): papermill and nbconvert take 0.3 s to import once jupyter_client
# and nbclient are loaded (measured after this module). A worker imports them only after it has
# launched its warm kernel, so that their import overlaps the kernel's start-up instead of
# delaying it. This module itself loads jupyter_client and nbclient (0.15-0.24 s), which the
# no-change build must not (tested): the runner and the executors import it only to run chapters.

#: Passed to every kernel, as nbclient does, so parallel kernels share no history database.
HIST_ARG = "--HistoryManager.hist_file=:memory:"
START_TIMEOUT = 120
_RESET_TIMEOUT = 120


@functools.cache
def _km_settings() -> dict[str, str]:
    """CurveZMQ keys for the kernel's sockets where jupyter_client, pyzmq and the kernelspec
    support them (ipykernel does): no plain-text traffic, and no warning about it from every
    kernel start.  Empty where unsupported."""
    if "transport_encryption" in KernelManager.class_trait_names() and zmq.has("curve"):
        return {"transport_encryption": "auto"}
    return {}


#: Modules imported when a warm kernel starts, before its snapshot (see _kernel.snapshot).
PRELOAD = ("pandas", "matplotlib.pyplot")


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


@dataclass
class JobResult:
    """What a worker sends back for one job.

    ``error`` (failed jobs) has ``cell`` (index in the chapter notebook as written, or None),
    ``execution_count``, ``ename`` and ``evalue``; ``notebook`` is then the failed notebook,
    with papermill's error markers, for ``<stem>.failed.ipynb``.  ``kernel`` is ``fresh``
    or ``warm:<n>``, the n-th chapter run in that warm kernel.
    """

    key: str
    status: str
    notebook: bytes | None = None
    html: bytes | None = None
    pdf: bytes | None = None
    error: dict[str, Any] | None = None
    duration: float = 0.0
    kernel: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "ok"


# --------------------------------------------------------------------------- warm kernels


class WarmKernel:
    """A kernel kept alive between chapters, with one client and the reset protocol.

    Creating one launches the kernel and queues the snapshot without waiting, so the worker
    can import papermill and nbconvert while the kernel boots; :meth:`ready` then waits.
    """

    def __init__(self, *, kernel_name: str, cwd: str, library_sha256: str, preload=PRELOAD):
        self.library_sha256 = library_sha256
        self.kernel_name = kernel_name
        self.owner = threading.get_ident()
        self.healthy = True
        self.runs = 0  # chapters run in this kernel so far
        self.km = AsyncKernelManager(kernel_name=kernel_name, **_km_settings())
        run_sync(self.km.start_kernel)(extra_arguments=[HIST_ARG], cwd=cwd)
        self.kc = None
        try:
            self.kc = self.km.client()
            self.kc.start_channels()
            self.kc.allow_stdin = False
            # __import__ binds no name, so the snapshot sees the namespace of a fresh kernel.
            self._snapshot = self._send(
                f"__import__('gxq_analysis.publish._kernel', fromlist=['_']).snapshot({preload!r})"
            )
        except BaseException:
            self.shutdown()
            raise

    def ready(self) -> None:
        """Wait until the kernel has started and taken its snapshot."""
        if self._snapshot is not None:
            msg_id, self._snapshot = self._snapshot, None
            run_sync(self._await)(msg_id, START_TIMEOUT, drain=False)
            # also makes sure IOPub is subscribed before a chapter's first output
            run_sync(self.kc.wait_for_ready)(timeout=START_TIMEOUT)

    def _send(self, code: str) -> str:
        return self.kc.execute(code, silent=True, store_history=False, allow_stdin=False)

    def run_silent(self, code: str, timeout: float = _RESET_TIMEOUT) -> None:
        """Execute ``code`` without history or output; raise RuntimeError if it fails."""
        self.ready()
        run_sync(self._await)(self._send(code), timeout, drain=True)

    async def _await(self, msg_id: str, timeout: float, *, drain: bool) -> None:
        kc = self.kc
        deadline = time.monotonic() + timeout

        async def until(get, done):
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"kernel did not answer within {timeout} s")
                msg = await get(timeout=left)
                if msg["parent_header"].get("msg_id") == msg_id and done(msg):
                    return msg

        reply = await until(kc.get_shell_msg, lambda m: m["msg_type"] == "execute_reply")
        if drain:
            # this request's output, so that the next chapter's client starts from a clean queue
            await until(
                kc.get_iopub_msg,
                lambda m: m["msg_type"] == "status" and m["content"]["execution_state"] == "idle",
            )
        content = reply["content"]
        if content.get("status") != "ok":
            where = "".join(content.get("traceback") or [])[-2000:]
            raise RuntimeError(
                f"warm kernel set-up failed: {content.get('ename')}: {content.get('evalue')}"
                + (f"\n{where}" if where else "")
            )

    def reset(self, cwd: str) -> None:
        self.run_silent(
            f"__import__('gxq_analysis.publish._kernel', fromlist=['_']).reset({cwd!r})"
        )

    def alive(self) -> bool:
        try:
            return bool(run_sync(self.km.is_alive)())
        except Exception:
            return False

    def shutdown(self) -> None:
        """Stop the kernel: a shutdown request from the thread that owns it (its event loop
        runs the manager's coroutines), a plain terminate from any other thread (a Dask
        worker closing calls this from its own loop)."""
        self.healthy = False
        if self.kc is not None:
            with contextlib.suppress(Exception):
                self.kc.stop_channels()
        if threading.get_ident() == self.owner:
            with contextlib.suppress(Exception):
                if run_sync(self.km.is_alive)():
                    # request + wait (and kill if it lingers); shutdown_kernel would
                    # interrupt first, which an idle ipykernel logs as an ERROR.
                    run_sync(self.km.request_shutdown)()
                    run_sync(self.km.finish_shutdown)()
            with contextlib.suppress(Exception):
                run_sync(self.km.cleanup_resources)()
            return
        proc = getattr(getattr(self.km, "provisioner", None), "process", None)
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(5)
            except Exception:
                proc.kill()
        with contextlib.suppress(Exception):
            self.km.cleanup_connection_file()


_local = threading.local()
_all_kernels: list[WarmKernel] = []
_lock = threading.Lock()
_workdir: str | None = None


def _private_workdir() -> str:
    """An empty directory of this worker process: the kernel cwd when no data file is given."""
    global _workdir
    with _lock:
        if _workdir is None or not os.path.isdir(_workdir):
            _workdir = tempfile.mkdtemp(prefix="gxq-build-")
        return _workdir


def _warm_kernel(kernel_name: str, library_sha256: str, cwd: str) -> WarmKernel:
    k: WarmKernel | None = getattr(_local, "kernel", None)
    if k is not None and (
        not k.healthy
        or k.library_sha256 != library_sha256
        or k.kernel_name != kernel_name
        or not k.alive()
    ):
        _discard(k)
        k = None
    if k is None:
        k = WarmKernel(kernel_name=kernel_name, cwd=cwd, library_sha256=library_sha256)
        _local.kernel = k
        with _lock:
            _all_kernels.append(k)
    return k


def _discard(k: WarmKernel) -> None:
    with _lock:
        if k in _all_kernels:
            _all_kernels.remove(k)
    if getattr(_local, "kernel", None) is k:
        _local.kernel = None
    k.shutdown()


def shutdown_kernels() -> None:
    """Shut down every warm kernel of this process and remove its private directory."""
    global _workdir
    with _lock:
        kernels = list(_all_kernels)
        _all_kernels.clear()
    for k in kernels:
        with contextlib.suppress(Exception):
            k.shutdown()
    _local.kernel = None
    if _workdir is not None:
        shutil.rmtree(_workdir, ignore_errors=True)
        _workdir = None


atexit.register(shutdown_kernels)


def _client_config():
    return Config({"KernelManager": _km_settings()})


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
        warm = _warm_kernel(kernel_name, spec.library_sha256, cwd)

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
        try:
            warm.reset(cwd)
        except Exception:  # a kernel that cannot be set up or reset is replaced, once
            _discard(warm)
            warm = _warm_kernel(kernel_name, spec.library_sha256, cwd)
            warm.reset(cwd)
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
    try:
        engine.execute_notebook(
            nb,
            kernel_name,
            output_path=None,
            progress_bar=False,
            log_output=False,
            start_timeout=START_TIMEOUT,
            timeout_func=cell_timeout,
            config=_client_config(),
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
    if failure is not None:
        if warm is not None:
            _discard(warm)
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


def run_job(spec: JobSpec) -> JobResult:
    """Build one chapter: execute, normalize, export.  Never raises for a chapter's failure."""
    t0 = time.perf_counter()
    cwd = spec.cwd or _private_workdir()
    try:
        if not os.path.isdir(cwd):
            raise FileNotFoundError(f"the data directory {cwd} does not exist on this worker")
        nb, error, kind = execute_notebook(spec, cwd)
        export.normalize_notebook(
            nb, input_name=spec.notebook_name, output_name=f"{spec.stem}.ipynb", cwd=cwd
        )
        nb_bytes = export.notebook_bytes(nb)
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
        pdf = None
        if spec.pdf:
            pdf = export.print_pdf(html, chromium=spec.chromium)
        return JobResult(
            spec.key,
            "ok",
            notebook=nb_bytes,
            html=html,
            pdf=pdf,
            duration=time.perf_counter() - t0,
            kernel=kind,
        )
    except Exception as exc:  # the build reports it like any chapter failure
        return JobResult(
            spec.key,
            "failed",
            error=_error(None, None, type(exc).__name__, exc),
            duration=time.perf_counter() - t0,
        )
