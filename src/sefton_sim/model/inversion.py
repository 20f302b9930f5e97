"""Exact samplers by inversion, one uniform per count, for the compiled month steps.

Inversion maps a uniform ``u`` to the smallest count whose cumulative probability reaches it
(the quantile function), so a count costs one uniform and a short walk up the probability
function from P(0). The walk's length grows with the mean, and its accuracy falls, so counts
whose mean exceeds ``INVERSION_MEAN_MAX`` are left to numpy's own exact samplers (a return of
-1 says so). Helpers take scalars only: in compiled code an array argument costs reference
counting on every call.
"""

from __future__ import annotations

import ctypes
import math

import numpy as np
from llvmlite import ir
from numba import njit, types
from numba.extending import intrinsic

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


PCG64_MULTIPLIER = (2549297995355413924 << 64) + 4865540595714422341
"""The 128-bit multiplier of numpy's ``PCG64`` (its state advances as ``state * multiplier + increment``)."""


@intrinsic
def _pcg64_advance(typingctx, state_low, state_high, increment_low, increment_high):
    """``state * PCG64_MULTIPLIER + increment`` modulo 2^128, on 64-bit halves (low, high)."""
    sig = types.UniTuple(types.uint64, 2)(types.uint64, types.uint64, types.uint64, types.uint64)

    def codegen(context, builder, signature, args):
        wide, half = ir.IntType(128), ir.IntType(64)

        def join(low, high):
            return builder.or_(builder.shl(builder.zext(high, wide), ir.Constant(wide, 64)), builder.zext(low, wide))

        state = builder.add(builder.mul(join(args[0], args[1]), ir.Constant(wide, PCG64_MULTIPLIER)), join(args[2], args[3]))
        high = builder.trunc(builder.lshr(state, ir.Constant(wide, 64)), half)
        return context.make_tuple(builder, signature.return_type, [builder.trunc(state, half), high])

    return sig, codegen


@njit(cache=True, nogil=True)
def refill_from_state(pool: np.ndarray, rng: np.random.Generator, state: np.ndarray) -> None:
    """``refill``, faster where ``state`` is the chunk generator's own PCG64 state (``pcg64_state``:
    the same uniforms, computed here, and the generator moves on as if it had drawn them); an
    empty ``state``: ``refill``."""
    if state.shape[0] != 4:
        refill(pool, rng)
        return
    low, high, increment_low, increment_high = state[0], state[1], state[2], state[3]
    for i in range(pool.shape[0]):
        low, high = _pcg64_advance(low, high, increment_low, increment_high)  # type: ignore[call-arg]
        mixed = high ^ low
        turn = high >> np.uint64(58)
        out = (mixed >> turn) | (mixed << ((np.uint64(64) - turn) & np.uint64(63)))
        pool[i] = float(out >> np.uint64(11)) * (1.0 / 9007199254740992.0)  # numpy's double from 53 bits
    state[0] = low
    state[1] = high


def pcg64_state(rng: np.random.Generator | None) -> np.ndarray:
    """The 128-bit state and increment of ``rng``'s PCG64 as four uint64 words (state low, high,
    increment low, high) that share the generator's memory, for ``refill_from_state``; empty when
    the generator is not a PCG64 whose memory holds them in that order (``refill_from_state`` then
    draws through the generator). Valid while ``rng`` lives."""
    if rng is None or not isinstance(rng.bit_generator, np.random.PCG64):
        return np.zeros(0, dtype=np.uint64)
    generator = rng.bit_generator
    address = ctypes.c_void_p.from_address(generator.ctypes.state_address).value
    if not address:
        return np.zeros(0, dtype=np.uint64)
    words = np.ctypeslib.as_array((ctypes.c_uint64 * 4).from_address(address))
    value = generator.state["state"]
    mask = (1 << 64) - 1
    expected = [value["state"] & mask, value["state"] >> 64, value["inc"] & mask, value["inc"] >> 64]
    if [int(w) for w in words] != expected:
        return np.zeros(0, dtype=np.uint64)
    return words


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
