"""Where chunks of work run: serial, threads, processes or a Dask cluster, behind one interface.

Every executor maps a function over a list of items and returns the results in item order.
Results never depend on the executor or the number of workers, because each chunk draws from
its own seed stream (``SeedSequence(seed, spawn_key=(chunk, ...))``).

Ctrl-C: the main thread waits on futures in short steps, so an interrupt is raised there at once;
pending work is cancelled and running chunks finish before the pool is released (a chunk is a
second or so of compiled code; a signal that arrives meanwhile is acted on when it returns).

A Dask scheduler given by address runs whatever this process sends it (Dask pickles functions and
data), and so does every worker it has: connect only to a cluster you trust. Only ``tcp://`` and
``tls://`` addresses are accepted, and connecting gives up after ``DASK_CONNECT_TIMEOUT_SECONDS``.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from typing import Any, Literal, Protocol, TypeVar

from sefton_sim.errors import BadInputError

T = TypeVar("T")
R = TypeVar("R")
ExecutorName = Literal["serial", "threads", "processes", "dask"]
DASK_CONNECT_TIMEOUT_SECONDS = 5
DASK_SCHEMES = ("tcp://", "tls://")
_WAIT_STEP_SECONDS = 0.2


class Executor(Protocol):
    """Maps a function over items; ``as_completed`` yields (index, result) as work finishes."""

    name: str
    workers: int

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        """Results in item order."""
        ...

    def as_completed(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[tuple[int, R]]:
        """(index, result) pairs in completion order."""
        ...

    def close(self) -> None:
        """Release workers."""
        ...


class SerialExecutor:
    """Everything in this thread, one item after another."""

    name = "serial"
    workers = 1

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        return [fn(item) for item in items]

    def as_completed(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[tuple[int, R]]:
        for i, item in enumerate(items):
            yield i, fn(item)

    def close(self) -> None:
        return None


class _PoolExecutor:
    pool_class: Any = ThreadPoolExecutor
    name = "pool"

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or os.cpu_count() or 1
        self.pool = self._make_pool()

    def _make_pool(self) -> Any:
        return self.pool_class(max_workers=self.workers)

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        results: dict[int, R] = dict(self.as_completed(fn, items))
        return [results[i] for i in range(len(items))]

    def as_completed(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[tuple[int, R]]:
        futures: dict[Future[R], int] = {self.pool.submit(fn, item): i for i, item in enumerate(items)}
        pending = set(futures)
        try:
            while pending:
                # short waits keep the main thread responsive to Ctrl-C
                done, pending = wait(pending, timeout=_WAIT_STEP_SECONDS, return_when=FIRST_COMPLETED)
                for future in sorted(done, key=futures.__getitem__):
                    yield futures[future], future.result()
        except BaseException:
            for future in pending:
                future.cancel()
            self._abandon_running()
            raise
        finally:
            for future in pending:
                future.cancel()

    def _abandon_running(self) -> None:
        """After an interrupt or error: stop work already running where that is possible (threads finish their chunk)."""
        return None

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class ThreadExecutor(_PoolExecutor):
    """Threads over path chunks: numpy releases the GIL while it draws random numbers."""

    pool_class = ThreadPoolExecutor
    name = "threads"


class ProcessExecutor(_PoolExecutor):
    """Worker processes started fresh ("spawn"; forking a process that runs polars' thread pool
    can deadlock). Functions and items must pickle."""

    pool_class = ProcessPoolExecutor
    name = "processes"

    def _make_pool(self) -> Any:
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"), initializer=_worker_ignores_ctrl_c)

    def _abandon_running(self) -> None:
        """Terminate the workers: chunks still running are of no use once the run is abandoned."""
        for process in list(getattr(self.pool, "_processes", {}).values()):
            process.terminate()


def _worker_ignores_ctrl_c() -> None:
    """Ctrl-C in a terminal reaches every process of the group: the parent alone decides what it means."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class DaskExecutor:
    """A Dask cluster: an existing scheduler at ``address``, or a local cluster started here.

    A scheduler is trusted code execution: it and its workers run what this process pickles for
    them. Only ``tcp://`` / ``tls://`` addresses; connecting gives up after 5 s with one line.
    """

    name = "dask"

    def __init__(self, address: str | None = None, workers: int | None = None) -> None:
        if address is not None and not address.startswith(DASK_SCHEMES):
            raise BadInputError("(command line)", "--scheduler", address, "a Dask scheduler address tcp://host:port or tls://host:port")
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise BadInputError("(command line)", "--executor", "dask", "the dask extra installed: pip install '.[dask]'") from None
        self.cluster = None
        if address:
            try:
                self.client = Client(address, timeout=DASK_CONNECT_TIMEOUT_SECONDS)
            except (OSError, TimeoutError, ValueError) as exc:
                reason = " ".join(str(exc).split())[:120] or type(exc).__name__
                raise BadInputError(
                    "(command line)", "--scheduler", address, f"a Dask scheduler answering within {DASK_CONNECT_TIMEOUT_SECONDS} s ({reason})"
                ) from None
            except Exception as exc:  # something answered, but not as a Dask scheduler (garbage can even ask for exabytes)
                raise BadInputError(
                    "(command line)",
                    "--scheduler",
                    address,
                    f"a Dask scheduler (the server there does not speak Dask's protocol: {type(exc).__name__})",
                ) from None
        else:
            self.cluster = LocalCluster(n_workers=workers or 2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None)
            self.client = Client(self.cluster)
        self.workers = len(self.client.scheduler_info().get("workers", {})) or (workers or 1)

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        futures = self.client.map(fn, list(items), pure=False)
        try:
            return self.client.gather(futures)
        except BaseException:
            self.client.cancel(futures)
            raise

    def as_completed(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[tuple[int, R]]:
        from dask.distributed import as_completed as dask_as_completed

        futures = self.client.map(fn, list(items), pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        try:
            for future in dask_as_completed(futures):
                yield index[future.key], future.result()
        finally:
            self.client.cancel(futures)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_executor(name: str, workers: int | None = None, scheduler: str | None = None) -> Executor:
    """An executor by name: serial, threads, processes or dask."""
    if name == "serial":
        return SerialExecutor()
    if name == "threads":
        return ThreadExecutor(workers)
    if name == "processes":
        return ProcessExecutor(workers)
    if name == "dask":
        return DaskExecutor(scheduler, workers)
    raise BadInputError("(command line)", "--executor", name, "serial, threads, processes or dask")


def run_all(executor: Executor, fn: Callable[[T], R], items: Iterable[T]) -> list[R]:
    """Convenience: ``executor.map`` over a materialised list."""
    return executor.map(fn, list(items))
