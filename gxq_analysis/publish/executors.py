"""Where chapter jobs run: a local process pool, or the workers of a Dask cluster.

Both executors take the same function (:func:`gxq_analysis.publish.execute.run_job`) and job
specs, and yield ``(spec, result)`` pairs as jobs finish, so the builder treats them alike.  A
job that raises on the worker side (a crashed worker process, a task Dask gave up on) comes
back as a failed :class:`~gxq_analysis.publish.execute.JobResult`, so one bad chapter never
stops the others.  Each worker process (each worker thread for Dask) keeps one warm kernel
between jobs (see :mod:`gxq_analysis.publish.kernels`); scheduling is left entirely to
:mod:`concurrent.futures` and :mod:`distributed`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import util
from typing import Any

from ..errors import OptionError

# Lazy imports (``# lazy``): the no-change build imports this module (the scheduler address
# check) and must not load jupyter_client or nbclient, which execute loads (0.15-0.24 s of
# import; tested in tests/publish/test_build_incremental.py); distributed (Dask, 0.4-0.5 s) is an
# optional dependency (the test extra), needed only with a scheduler address.

#: Seconds to wait for a Dask scheduler to answer.
CONNECT_TIMEOUT = 30
#: Dask communication protocols a scheduler address may use.
SCHEDULER_RE = re.compile(r"^(tcp|tls|inproc|ucx|ws|wss)://[^\s/]+$")


def _failed(spec: Any, exc: BaseException):
    from .execute import JobResult  # lazy: jupyter_client (see the top)

    return JobResult(
        spec.key,
        "failed",
        error={
            "cell": None,
            "execution_count": None,
            "ename": type(exc).__name__,
            "evalue": str(exc),
        },
    )


def _init_local_worker() -> None:
    # Pool workers leave through os._exit, which skips atexit: multiprocessing's own
    # finalizers do run, so warm kernels are shut down there.
    from .kernels import shutdown_kernels  # lazy: jupyter_client (see the top)

    util.Finalize(None, shutdown_kernels, exitpriority=10)


class LocalExecutor:
    """At most ``jobs`` worker processes on this machine (``concurrent.futures``)."""

    name = "local"

    def __init__(self, jobs: int) -> None:
        if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1:
            raise OptionError(f"jobs={jobs!r} is not allowed; give a whole number >= 1")
        self.jobs = jobs

    def describe(self) -> str:
        return f"{self.jobs} local worker{'s' if self.jobs != 1 else ''}"

    def run(self, fn: Callable[[Any], Any], specs: Sequence[Any]) -> Iterator[tuple[Any, Any]]:
        if not specs:
            return
        pool = ProcessPoolExecutor(
            max_workers=min(self.jobs, len(specs)), initializer=_init_local_worker
        )
        try:
            futures = {pool.submit(fn, spec): spec for spec in specs}
            for fut in as_completed(futures):
                spec = futures[fut]
                try:
                    yield spec, fut.result()
                except Exception as exc:  # BrokenProcessPool and the like
                    yield spec, _failed(spec, exc)
        finally:
            # On an interrupt, do not start queued chapters; wait for running ones to stop.
            pool.shutdown(wait=True, cancel_futures=True)

    def close(self) -> None:
        pass


class DaskExecutor:
    """The workers of a running Dask cluster, reached through its scheduler's address.

    Workers need this package installed (same version: warm kernels restart when the library
    fingerprint changes, but the worker's own copy of the build code is what it imported) and
    a ``--data`` file at the same path as on the machine running ``gxq build``.
    """

    name = "dask"

    def __init__(self, address: str, *, timeout: float | None = None) -> None:
        if not isinstance(address, str) or not SCHEDULER_RE.match(address):
            raise OptionError(
                f"scheduler={address!r} is not a Dask scheduler address; give "
                "tcp://host:port (or tls://, inproc://, ucx://, ws://, wss://)"
            )
        import distributed  # lazy: optional dependency (see the top)

        try:
            self.client = distributed.Client(
                address, timeout=timeout or CONNECT_TIMEOUT, set_as_default=False
            )
        except OSError as exc:
            raise OptionError(f"scheduler={address!r}: cannot connect ({exc})") from None
        self.address = address

    def describe(self) -> str:
        n = len(self.client.scheduler_info(n_workers=-1).get("workers", {}))
        return f"Dask cluster at {self.address} ({n} worker{'s' if n != 1 else ''})"

    def run(self, fn: Callable[[Any], Any], specs: Sequence[Any]) -> Iterator[tuple[Any, Any]]:
        import distributed  # lazy: optional dependency (see the top)

        from ._dask import KernelReaper  # lazy: imports distributed (see the top)

        if not specs:
            return
        self.client.register_plugin(KernelReaper(), name=KernelReaper.name)
        futures = self.client.map(fn, list(specs), pure=False, retries=0)
        by_key = {f.key: spec for f, spec in zip(futures, specs, strict=True)}
        try:
            for fut in distributed.as_completed(futures, loop=self.client.loop):
                spec = by_key[fut.key]
                try:
                    yield spec, fut.result()
                except Exception as exc:  # KilledWorker, a lost connection, ...
                    yield spec, _failed(spec, exc)
        finally:
            self.client.cancel(futures)

    def close(self) -> None:
        self.client.close()


def make_executor(scheduler: str | None, jobs: int) -> LocalExecutor | DaskExecutor:
    """A Dask executor when a scheduler address is given, else a local pool of ``jobs``."""
    if scheduler:
        return DaskExecutor(scheduler)
    return LocalExecutor(jobs)
