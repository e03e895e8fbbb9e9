"""Warm kernels: one kernel per worker thread, kept alive between chapters.

A chapter run on a warm kernel costs its own work only, not a kernel start and the imports.
Before each chapter the kernel is reset to the state of a fresh one
(:mod:`gxq_analysis.publish._kernel`); :mod:`gxq_analysis.publish.execute` replaces it after a
timeout or crash (:func:`discard`), and :func:`warm_kernel` replaces it when the library's
source fingerprint changes (a long-lived Dask worker must not run new chapters with old library
modules).  :func:`shutdown_kernels` stops every warm kernel of the process (also at exit).

This module loads jupyter_client and nbclient (0.15-0.24 s of import), which the no-change
build must not (tested): only chapter execution imports it.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import os
import shutil
import tempfile
import threading
import time

import zmq
from jupyter_client.manager import AsyncKernelManager, KernelManager
from nbclient.util import run_sync
from traitlets.config import Config

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
                f"warm kernel code failed: {content.get('ename')}: {content.get('evalue')}"
                + (f"\n{where}" if where else "")
            )

    def reset(self, cwd: str, env: dict[str, str] | None = None) -> None:
        """Reset the kernel to its fresh state, in ``cwd``, with ``env`` set."""
        self.run_silent(
            f"__import__('gxq_analysis.publish._kernel', fromlist=['_']).reset({cwd!r}, "
            f"{dict(env or {})!r})"
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


def private_workdir() -> str:
    """An empty directory of this worker process: the kernel cwd when no data file is given."""
    global _workdir
    with _lock:
        if _workdir is None or not os.path.isdir(_workdir):
            _workdir = tempfile.mkdtemp(prefix="gxq-build-")
        return _workdir


def warm_kernel(kernel_name: str, library_sha256: str, cwd: str) -> WarmKernel:
    k: WarmKernel | None = getattr(_local, "kernel", None)
    if k is not None and (
        not k.healthy
        or k.library_sha256 != library_sha256
        or k.kernel_name != kernel_name
        or not k.alive()
    ):
        discard(k)
        k = None
    if k is None:
        k = WarmKernel(kernel_name=kernel_name, cwd=cwd, library_sha256=library_sha256)
        _local.kernel = k
        with _lock:
            _all_kernels.append(k)
    return k


def discard(k: WarmKernel) -> None:
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


def client_config() -> Config:
    """nbclient's configuration for the kernels it starts (fresh kernels)."""
    return Config({"KernelManager": _km_settings()})
