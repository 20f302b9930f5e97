"""How the command's process hands memory back: freed path arrays return to the system at once."""

from __future__ import annotations

import ctypes
import sys

M_MMAP_THRESHOLD = -3
"""glibc ``mallopt`` parameter: the size from which an allocation gets pages of its own."""

LARGE_ALLOCATION_BYTES = 1 << 20
"""Allocations of at least 1 MiB (a block of paths of one series, a chunk's arrays) are mapped on their own."""


def map_large_allocations(threshold_bytes: int = LARGE_ALLOCATION_BYTES) -> bool:
    """Ask glibc to give every allocation of ``threshold_bytes`` or more pages of its own (True if it agreed).

    By default glibc raises this threshold after the first large array is freed, so arrays of up to
    32 MB are then carved from its heap, which keeps the high-water mark of the chunks and
    summaries a run passes through resident until the process ends. With a fixed threshold a freed
    array goes back to the system at once. Elsewhere than glibc (macOS, Windows, musl) this does nothing.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, threshold_bytes))
