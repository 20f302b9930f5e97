"""Chunks of paths joined into whole-run arrays as they arrive, never all held at once.

A run's paths are simulated in fixed chunks (``vector.chunk_sizes``). Joining them with
``np.concatenate`` holds every chunk and the joined arrays together, twice the run's size; here
the joined arrays are allocated when the first chunk arrives and each chunk is copied into its
rows (chunk ``i`` starts at the sum of the sizes before it) and dropped. The result is the one
the ``concat_*`` functions of the engines give, value for value and dtype for dtype, less the
fields the run does not keep (``unkept``: per-path series that no output reads, joined empty).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any, Generic, TypeVar

import numpy as np

T = TypeVar("T")


def _allocate(value: Any, total: int, name: str) -> Any:
    """Room for ``total`` paths of a per-path field (an array with paths first, a dict of them, or None)."""
    if value is None:
        return None
    if isinstance(value, dict):
        return {k: _allocate(v, total, f"{name}[{k!r}]") for k, v in value.items()}
    if isinstance(value, np.ndarray):
        return np.empty((total, *value.shape[1:]), dtype=value.dtype)
    raise TypeError(f"{name}: a per-path field must be an array with paths first, a dict of them or None, not {type(value).__name__}")


def _copy_rows(target: Any, value: Any, start: int, name: str) -> None:
    """Copy one chunk's per-path field into rows ``start ...`` of the joined field."""
    if target is None or value is None:
        if target is not value:
            raise ValueError(f"{name}: present in some chunks and missing in others")
        return
    if isinstance(target, dict):
        if target.keys() != value.keys():
            raise ValueError(f"{name}: chunks record different series")
        for k, v in value.items():
            _copy_rows(target[k], v, start, f"{name}[{k!r}]")
        return
    target[start : start + value.shape[0]] = value


class PathJoiner(Generic[T]):
    """Joins chunks of one engine's paths (a dataclass) into one, chunk by chunk, in any arrival order.

    ``shared`` names the fields that are the same for every chunk (dates, capacity): the first
    chunk's are kept. ``unkept`` names dict fields of per-path series that the run does not keep
    (monthly flows no output reads): they are joined as an empty dict, so the run never holds them
    for every path. Every other field is per path: an array with paths on the leading axis, a
    dict of such arrays, or None in every chunk.
    """

    def __init__(self, sizes: Sequence[int], shared: Iterable[str], unkept: Iterable[str] = ()) -> None:
        self.starts = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
        self.shared = frozenset(shared)
        self.unkept = frozenset(unkept)
        self.joined: T | None = None
        self.arrived = [False] * len(sizes)

    def add(self, chunk: int, part: T) -> None:
        """Copy chunk ``chunk`` of the run into its rows."""
        assert dataclasses.is_dataclass(part) and not isinstance(part, type)
        total = int(self.starts[-1])
        fields = [f.name for f in dataclasses.fields(part)]
        if self.joined is None:
            values = {n: self._first(n, getattr(part, n), total) for n in fields}
            self.joined = type(part)(**values)
        start = int(self.starts[chunk])
        for n in fields:
            if n not in self.shared and n not in self.unkept:
                _copy_rows(getattr(self.joined, n), getattr(part, n), start, n)
        self.arrived[chunk] = True

    def _first(self, name: str, value: Any, total: int) -> Any:
        """The joined field from the first chunk to arrive: shared as it is, unkept empty, else room for every path."""
        if name in self.shared:
            return value
        if name in self.unkept:
            if not isinstance(value, dict):
                raise TypeError(f"{name}: a field the run does not keep must be a dict of series, not {type(value).__name__}")
            return {}
        return _allocate(value, total, name)

    def result(self) -> T:
        """The joined paths, once every chunk has arrived."""
        if self.joined is None or not all(self.arrived):
            raise ValueError("a chunk of paths is missing")
        return self.joined


class ArrayJoiner:
    """Joins chunks of one per-path array (paths first) chunk by chunk."""

    def __init__(self, sizes: Sequence[int]) -> None:
        self.starts = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
        self.joined: np.ndarray | None = None

    def add(self, chunk: int, part: np.ndarray) -> None:
        """Copy chunk ``chunk`` into its rows."""
        if self.joined is None:
            self.joined = np.empty((int(self.starts[-1]), *part.shape[1:]), dtype=part.dtype)
        self.joined[self.starts[chunk] : self.starts[chunk] + part.shape[0]] = part

    def result(self) -> np.ndarray:
        """The joined array."""
        assert self.joined is not None
        return self.joined
