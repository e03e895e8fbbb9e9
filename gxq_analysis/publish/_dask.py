"""Dask worker plugin of the build (imported only when a scheduler is given)."""

from __future__ import annotations

from distributed import WorkerPlugin

from .kernels import shutdown_kernels


class KernelReaper(WorkerPlugin):
    """Shut a worker's warm kernels down when the worker closes.

    Warm kernels otherwise live as long as the worker, which is the point: a rebuild on the
    same cluster starts no kernel.
    """

    name = "gxq-build-kernels"

    def teardown(self, worker) -> None:
        shutdown_kernels()
