"""Where chapter jobs run: a local process pool, or the workers of a Dask cluster.

Both executors take the same function (:func:`gxq_analysis.publish.execute.run`) and the
work (chapter jobs and shared analyses), and yield ``(spec, result)`` pairs as they finish, so
the builder treats them alike.  A job that raises on the worker side (a crashed worker process,
a task Dask gave up on) comes back as a failed result, so one bad chapter never stops the
others.  Each worker process (each worker thread for Dask) keeps one warm kernel between jobs
(see :mod:`gxq_analysis.publish.kernels`).

The order: a piece of work starts after the work its ``after`` names (the shared analyses a
chapter reads: :mod:`gxq_analysis.publish.shared`), and among the work ready to start, higher
``priority`` first (the costly first, so that none is left to run alone at the end). The local
pool is given one piece per free worker, so that this order holds; Dask is given the
dependencies (as futures) and the priorities, and its scheduler keeps them.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
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
    from .execute import JobResult, TaskResult, TaskSpec  # lazy: jupyter_client (see the top)

    if isinstance(spec, TaskSpec):
        return TaskResult(spec.key, "failed", error=f"{type(exc).__name__}: {exc}")
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


class Schedule:
    """Which work may start: each piece after the work its ``after`` names (keys of other
    pieces; keys not among them are ignored), the ready ones by ``priority`` (higher first),
    then in the order given."""

    def __init__(self, specs: Sequence[Any]) -> None:
        keys = {s.key for s in specs}
        self._waits = {s.key: set(getattr(s, "after", ())) & keys - {s.key} for s in specs}
        self._specs = {s.key: s for s in specs}
        self._rank = {s.key: (-float(getattr(s, "priority", 0.0)), i) for i, s in enumerate(specs)}
        self._ready = [(self._rank[k], k) for k, w in self._waits.items() if not w]
        heapq.heapify(self._ready)
        self._waiting = {k for k, w in self._waits.items() if w}

    def pop(self) -> Any | None:
        """The next piece of work to start, or None if none is ready."""
        if not self._ready:
            return None
        return self._specs[heapq.heappop(self._ready)[1]]

    def done(self, key: str) -> None:
        """``key`` finished (well or not): the work waiting only for it becomes ready."""
        for k in list(self._waiting):
            w = self._waits[k]
            w.discard(key)
            if not w:
                self._waiting.discard(k)
                heapq.heappush(self._ready, (self._rank[k], k))

    def topological(self) -> list[Any]:
        """Every piece, each after the pieces it waits for, by priority where free."""
        order, sched = [], Schedule(list(self._specs.values()))
        while (spec := sched.pop()) is not None:
            order.append(spec)
            sched.done(spec.key)
        if len(order) != len(self._specs):
            raise ValueError("the work waits in a circle: " + ", ".join(sorted(sched._waiting)))
        return order


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
        workers = min(self.jobs, len(specs))
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_local_worker)
        schedule = Schedule(specs)
        running: dict[Any, Any] = {}

        def start() -> None:
            # one piece per free worker: the pool's own queue would run them first come
            while len(running) < workers and (spec := schedule.pop()) is not None:
                running[pool.submit(fn, spec)] = spec

        try:
            start()
            while running:
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                out = []
                for fut in finished:
                    spec = running.pop(fut)
                    try:
                        out.append((spec, fut.result()))
                    except Exception as exc:  # BrokenProcessPool and the like
                        out.append((spec, _failed(spec, exc)))
                    schedule.done(spec.key)
                start()  # before the builder writes these results: no worker waits for it
                yield from out
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
        submitted: dict[str, Any] = {}
        for spec in Schedule(specs).topological():
            deps = [submitted[k] for k in getattr(spec, "after", ()) if k in submitted]
            submitted[spec.key] = self.client.submit(
                _after, fn, spec, *deps, pure=False, retries=0,
                priority=getattr(spec, "priority", 0.0),
            )  # fmt: skip
        futures = list(submitted.values())
        by_key = {submitted[s.key].key: s for s in specs}
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


def _after(fn: Callable[[Any], Any], spec: Any, *_done: Any) -> Any:
    """``fn(spec)``, on a Dask worker, once the work passed as ``_done`` has finished."""
    return fn(spec)


def make_executor(scheduler: str | None, jobs: int) -> LocalExecutor | DaskExecutor:
    """A Dask executor when a scheduler address is given, else a local pool of ``jobs``."""
    if scheduler:
        return DaskExecutor(scheduler)
    return LocalExecutor(jobs)
