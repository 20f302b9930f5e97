"""Where chunks of work run: serial, threads, processes or a Dask cluster, behind one interface.

Every executor maps a function over a list of items and returns the results in item order.
Results never depend on the executor or the number of workers, because each chunk draws from
its own seed stream (``SeedSequence(seed, spawn_key=(chunk, ...))``).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from typing import Any, Literal, Protocol, TypeVar

from sefton_sim.errors import BadInputError

T = TypeVar("T")
R = TypeVar("R")
ExecutorName = Literal["serial", "threads", "processes", "dask"]


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
        return list(self.pool.map(fn, items))

    def as_completed(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[tuple[int, R]]:
        futures = {self.pool.submit(fn, item): i for i, item in enumerate(items)}
        for future in as_completed(futures):
            yield futures[future], future.result()

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
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"))


class DaskExecutor:
    """A Dask cluster: an existing scheduler at ``address``, or a local cluster started here."""

    name = "dask"

    def __init__(self, address: str | None = None, workers: int | None = None) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise BadInputError("(command line)", "--executor", "dask", "the dask extra installed: pip install '.[dask]'") from None
        self.cluster = None
        if address:
            self.client = Client(address)
        else:
            self.cluster = LocalCluster(n_workers=workers or 2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None)
            self.client = Client(self.cluster)
        self.workers = len(self.client.scheduler_info().get("workers", {})) or (workers or 1)

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        futures = self.client.map(fn, list(items), pure=False)
        return self.client.gather(futures)

    def as_completed(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[tuple[int, R]]:
        from dask.distributed import as_completed as dask_as_completed

        futures = self.client.map(fn, list(items), pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        for future in dask_as_completed(futures):
            yield index[future.key], future.result()

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
