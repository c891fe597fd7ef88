"""Executors: where the batches of a sweep are evaluated (this process, local processes, Dask).

Every executor runs the same batches with the same function; a batch's result depends only on
its rows (parameters and seeds), so the table is the same whatever executor ran it. Results come
back to the driver, which alone writes files: workers need no shared disk.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed

import numpy as np


def evaluate_batch(function, X: np.ndarray, seeds: np.ndarray) -> tuple[dict[str, np.ndarray], float]:
    """One batch on a worker: the function's outputs and the seconds it took."""
    start = time.perf_counter()
    out = function.evaluate(X, seeds)
    return out, time.perf_counter() - start


class InProcess:
    """Evaluate batches one after the other in this process (the default; no server, no pickling)."""
    name = "inprocess"
    workers = 1

    def map(self, tasks: Iterable[tuple[object, tuple]]) -> Iterator[tuple[object, tuple]]:
        for key, args in tasks:
            yield key, evaluate_batch(*args)

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Processes(InProcess):
    """A pool of local worker processes (spawned: no fork of a threaded parent)."""
    name = "processes"

    def __init__(self, workers: int):
        self.workers = workers
        self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))

    def map(self, tasks):
        futures = {self.pool.submit(evaluate_batch, *args): key for key, args in tasks}
        for future in as_completed(futures):
            yield futures[future], future.result()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


TRIM = "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_"


class Dask(InProcess):
    """A Dask distributed cluster: an existing client, a scheduler address, or a LocalCluster of N processes.

    A LocalCluster listens on 127.0.0.1 only, without a dashboard, and is closed with the executor;
    a client or scheduler given by the caller stays up. Our LocalCluster's workers start without
    Dask's default MALLOC_TRIM_THRESHOLD_=65536: setting it turns off glibc's adaptive mmap threshold,
    so every large numpy temporary is mmapped and zeroed afresh, which made the core 3-6x slower
    (measured; see benchmarks/README.md). Start the workers of your own cluster the same way: a Dask
    config file (``$DASK_CONFIG/*.yaml``) with ``distributed: nanny: pre-spawn-environ:
    MALLOC_TRIM_THRESHOLD_: null``.
    """
    name = "dask"

    def __init__(self, workers: int | None = None, scheduler: str | None = None, client=None):
        import dask
        from distributed import Client, LocalCluster
        self.cluster = None
        self.own_client = client is None
        if client is not None:
            self.client = client
        elif scheduler is not None:
            self.client = Client(scheduler)
        else:
            with dask.config.set({TRIM: None}):
                self.cluster = LocalCluster(n_workers=workers or 2, threads_per_worker=1, processes=True,
                                            host="127.0.0.1", dashboard_address=None)
            self.client = Client(self.cluster)
        self.workers = len(self.client.scheduler_info(n_workers=-1)["workers"]) or 1

    def map(self, tasks):
        from distributed import as_completed as dask_completed
        futures = {}
        for key, args in tasks:
            futures[self.client.submit(evaluate_batch, *args, pure=False)] = key
        for future in dask_completed(list(futures)):
            result = future.result()
            yield futures.pop(future), result
            future.release()

    def close(self) -> None:
        if self.own_client:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_executor(kind: str | None = None, workers: int | None = None, scheduler: str | None = None):
    """The executor a command line asks for: in-process by default, Dask for --workers/--scheduler."""
    if kind is None:
        kind = "dask" if (workers or scheduler) else "inprocess"
    if kind == "inprocess":
        return InProcess()
    if kind == "processes":
        return Processes(workers or 2)
    if kind == "dask":
        return Dask(workers=workers, scheduler=scheduler)
    raise ValueError(f"unknown executor {kind!r}; allowed: inprocess, processes, dask")
