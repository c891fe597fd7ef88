"""Executors: where the batches of a sweep are evaluated (this process, local processes, Dask).

Every executor runs the same batches with the same function; a batch's result depends only on
its rows (parameters and seeds), so the table is the same whatever executor ran it. Results come
back to the driver, which alone writes files: workers need no shared disk.

Local worker processes ignore Ctrl-C (the driver handles it and says what was saved) and exit
by themselves within a second when their driver dies (even by SIGKILL): no orphan keeps running.
A batch whose worker died is retried on a fresh pool (``RETRIES`` times) before the sweep fails.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import numpy as np

from .. import limits
from ..errors import EnvironmentFailure, InputError, quote

RETRIES = 3  # fresh pools after a worker died, per sweep


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(0.2)
        if os.getppid() != parent:
            os._exit(1)


def numba_threads(workers: int) -> int:
    """Threads of the compiled core in each of ``workers`` worker processes: the cores shared out, so that
    workers x threads does not oversubscribe them (numba would start one thread per core in each)."""
    return max(1, (os.cpu_count() or 1) // max(workers, 1))


def _worker_init(parent: int, threads: int = 1) -> None:
    """In each pool worker: leave Ctrl-C to the driver; exit when the driver is gone; the compiled core's
    threads (unless ``NUMBA_NUM_THREADS`` says; numba reads it when the first month loads it)."""
    os.environ.setdefault("NUMBA_NUM_THREADS", str(threads))
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _load_core() -> None:
    """In a worker as soon as it starts: load (or compile, once per machine) the core, so that its first
    batch does not wait for it while the driver still prepares the design."""
    from ..core import backend

    backend.current()


def evaluate_batch(function, X: np.ndarray, seeds: np.ndarray) -> tuple[dict[str, np.ndarray], tuple[float, float]]:
    """One batch on a worker: the function's outputs and (wall seconds, CPU seconds of its thread) it took."""
    start, cpu = time.perf_counter(), time.thread_time()
    out = function.evaluate(X, seeds)
    return out, (time.perf_counter() - start, time.thread_time() - cpu)


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
        self.restarts = 0
        self.pool = self._pool()
        for _ in range(workers):  # start the workers now: they load the core while the driver works
            self.pool.submit(_load_core)

    def _pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_worker_init,
            initargs=(os.getpid(), numba_threads(self.workers)),
        )

    def map(self, tasks):
        pending = dict(tasks)  # key -> args, until its result is yielded
        while pending:
            futures = {self.pool.submit(evaluate_batch, *args): key for key, args in pending.items()}
            try:
                for future in as_completed(futures):
                    result = future.result()
                    key = futures[future]
                    del pending[key]
                    yield key, result
            except BrokenProcessPool:
                if self.restarts >= RETRIES:
                    raise EnvironmentFailure(
                        f"worker processes died {self.restarts + 1} times (killed, or out of "
                        "memory?); finished batches are saved; re-run to resume"
                    ) from None
                self.restarts += 1
                self.pool.shutdown(wait=False, cancel_futures=True)
                self.pool = self._pool()  # retry the batches not yet done on a fresh pool

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    def __exit__(self, kind, *exc):
        if kind is None:
            self.close()
            return
        for process in list(getattr(self.pool, "_processes", {}).values()):  # Ctrl-C or an error: stop now,
            process.terminate()  # not after the running batches
        self.pool.shutdown(wait=True, cancel_futures=True)


TRIM = "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_"
QUIET_WORKERS = "distributed.nanny.pre-spawn-environ.DASK_LOGGING__DISTRIBUTED"  # our workers log errors only
NUMBA_THREADS = "distributed.nanny.pre-spawn-environ.NUMBA_NUM_THREADS"  # the cores shared out (numba_threads)


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
        self.cluster: Any = None  # our LocalCluster, if we started one
        self.own_client = client is None
        self.signals = _QuietOnStop()  # before the cluster: Ctrl-C while it starts is quiet too
        try:
            self._connect(workers, scheduler, client)
        except BaseException:  # no executor: the handlers go back as they were (a notebook's Ctrl-C too)
            self.signals.restore()
            raise

    def _connect(self, workers: int | None, scheduler: str | None, client) -> None:
        import dask
        from distributed import Client, LocalCluster

        if client is not None:
            self.client = client
        elif scheduler is not None:
            try:
                self.client = Client(scheduler, timeout=limits.CONNECT_SECONDS)
            except (OSError, TimeoutError) as exc:
                raise EnvironmentFailure(
                    f"--scheduler: cannot reach {quote(scheduler, 100)} within "
                    f"{limits.CONNECT_SECONDS} s ({type(exc).__name__}); nothing was computed; "
                    "start the scheduler or check the address"
                ) from None
        else:
            from distributed.deploy.spec import SpecCluster

            before = set(SpecCluster._instances)
            try:
                threads = os.environ.get("NUMBA_NUM_THREADS") or str(numba_threads(workers or 2))
                with dask.config.set({TRIM: None, QUIET_WORKERS: "error", NUMBA_THREADS: threads}):
                    self.cluster = LocalCluster(
                        n_workers=workers or 2,
                        threads_per_worker=1,
                        processes=True,
                        host="127.0.0.1",
                        dashboard_address=None,
                    )
                self.client = Client(self.cluster)
            except BaseException:  # Ctrl-C while the cluster starts: stop what started
                for cluster in set(SpecCluster._instances) - before:
                    _stop_now(cluster)
                raise
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
        self.signals.restore()

    def __exit__(self, kind, *exc):
        if kind is None or self.cluster is None:
            self.close()
            return
        self.signals.restore()
        if self.own_client:  # Ctrl-C or an error: stop our workers now, not after
            with contextlib.suppress(Exception):  # their running batches (whose results are not kept)
                self.client.close(timeout=1)
        _stop_now(self.cluster)


def _silence() -> None:
    """Dask's loggers in this process say nothing more (an interrupted wait makes its event loop log
    the cancelled calls, with tracebacks, after the command's one line)."""
    for name in ("distributed", "tornado", "asyncio"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


class _QuietOnStop:
    """While a Dask executor lives: Ctrl-C, SIGTERM and SIGHUP first silence Dask's loggers, then do
    what they did before (raise KeyboardInterrupt). Main thread only; ``restore`` puts them back."""

    def __init__(self):
        self.previous = {}
        if threading.current_thread() is not threading.main_thread():
            return
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            before = signal.getsignal(sig)
            if callable(before):
                self.previous[sig] = before
                signal.signal(sig, self._stop)

    def _stop(self, signum, frame):
        _silence()
        self.previous[signum](signum, frame)

    def restore(self) -> None:
        for sig, before in self.previous.items():
            signal.signal(sig, before)
        self.previous = {}


def _stop_now(cluster) -> None:
    """Kill a LocalCluster's worker processes and close it quietly, without waiting for their tasks:
    Ctrl-C then ends within a second (Dask's graceful close waits for the running batches) and
    prints no worker warnings or tracebacks; the driver alone writes files, so nothing is lost."""
    from distributed.deploy.spec import SpecCluster

    _silence()
    for nanny in list(getattr(cluster, "workers", {}).values()):
        pid = getattr(nanny, "pid", None)
        if pid:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(BaseException):
        cluster.close(timeout=2)
    SpecCluster._instances.discard(cluster)  # nothing left for Dask's exit hook to close


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
    raise InputError(f"--executor: unknown executor {quote(str(kind))}; allowed: inprocess, processes, dask")
