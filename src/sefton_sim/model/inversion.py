"""Exact samplers by inversion, one uniform per count, for the compiled month steps.

Inversion maps a uniform ``u`` to the smallest count whose cumulative probability reaches it
(the quantile function), so a count costs one uniform and a short walk up the probability
function from P(0). The walk's length grows with the mean, and its accuracy falls, so counts
whose mean exceeds ``INVERSION_MEAN_MAX`` are left to numpy's own exact samplers (a return of
-1 says so). Helpers take scalars only: in compiled code an array argument costs reference
counting on every call.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

INVERSION_MEAN_MAX = 30.0
"""Largest mean (of the rarer outcome) drawn by inversion; above it numpy's exact sampler."""

NO_DRAWS = np.random.default_rng(0)
"""Stands in for a chunk's generator in expected-value runs, where the steps draw nothing."""

RECIPROCAL = np.array([0.0] + [1.0 / k for k in range(1, 4097)])
"""1/k for k = 1..4096 (index 0 unused): the inversion loops multiply instead of dividing."""


@njit(cache=True, nogil=True)
def binomial_count(n: float, q: float, u: float) -> int:
    """Binomial(n, q) count, ``q <= 0.5``, by inversion from P(0) with one uniform; -1 when the
    mean exceeds ``INVERSION_MEAN_MAX``."""
    return binomial_count_log(n, q, math.log1p(-q), u)


@njit(cache=True, nogil=True)
def binomial_count_log(n: float, q: float, log_miss: float, u: float) -> int:
    """``binomial_count`` given ``log_miss = log(1 - q)`` (computed once for many cells)."""
    m = int(n)
    if m * q > INVERSION_MEAN_MAX:
        return -1
    return binomial_count_from_zero(m, q, math.exp(m * log_miss), u)


@njit(cache=True, nogil=True)
def poisson_count(lam: float, u: float) -> int:
    """Poisson(lam) count by inversion from P(0) with one uniform; -1 when ``lam`` exceeds
    ``INVERSION_MEAN_MAX``."""
    return poisson_count_from_zero(lam, math.exp(-lam), u)


@njit(cache=True, nogil=True)
def refill(pool: np.ndarray, rng: np.random.Generator) -> None:
    """Fresh uniforms for a path whose pool is used up (from the chunk's generator)."""
    for i in range(pool.shape[0]):
        pool[i] = rng.random()


@njit(cache=True, nogil=True)
def binomial_draw(n: float, p: float, log_miss: float, u: float, rng: np.random.Generator) -> float:
    """Binomial(n, p) for any ``p`` from one uniform: the rarer outcome is inverted (``log_miss``
    is ``log(1 - min(p, 1 - p))``), numpy's sampler above ``INVERSION_MEAN_MAX``."""
    if n <= 0.0 or p <= 0.0:
        return 0.0
    if p >= 1.0:
        return n
    flip = p > 0.5
    q = 1.0 - p if flip else p
    c = binomial_count_log(n, q, log_miss, u)
    if c < 0:
        c = rng.binomial(int(n), q)
    return n - c if flip else float(c)


@njit(cache=True, nogil=True)
def poisson_draw(lam: float, u: float, rng: np.random.Generator) -> float:
    """Poisson(lam) from one uniform (numpy's sampler above ``INVERSION_MEAN_MAX``)."""
    if lam <= 0.0:
        return 0.0
    c = poisson_count(lam, u)
    return float(c if c >= 0 else rng.poisson(lam))


@njit(cache=True, nogil=True)
def binomial_count_from_zero(m: int, q: float, first: float, u: float) -> int:
    """``binomial_count`` given ``first = P(0) = (1 - q)^m`` (read from a row of powers computed once
    per probability): the walk up the probability function from there; -1 when the mean exceeds
    ``INVERSION_MEAN_MAX``."""
    if m * q > INVERSION_MEAN_MAX:
        return -1
    ratio = q / (1.0 - q)
    prob = first
    cdf = prob
    k = 0
    while u > cdf and k < m:
        prob *= ratio * (m - k) * RECIPROCAL[k + 1]
        k += 1
        cdf += prob
    return k


@njit(cache=True, nogil=True)
def poisson_count_from_zero(lam: float, first: float, u: float) -> int:
    """``poisson_count`` given ``first = P(0) = exp(-lam)`` (computed for many counts at once);
    -1 when ``lam`` exceeds ``INVERSION_MEAN_MAX``."""
    if lam > INVERSION_MEAN_MAX:
        return -1
    prob = first
    cdf = prob
    k = 0
    while u > cdf and k < 4096:
        k += 1
        prob *= lam * RECIPROCAL[k]
        cdf += prob
    return k
