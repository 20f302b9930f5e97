"""The children's package month step, compiled: one pass per path over its 20 cells.

``step_month`` advances children looked after by ``[placement_type, age_band]`` one month for
every path of a chunk, in the order of ``csc_packages`` (its module docstring): leaving care
before 18, step-down from residential to fostering (in-house or IFA), ageing a band (the oldest
band leaves care at 18), then entries. Counts are exact, one uniform each by inversion
(``demand.inversion``), from a per-path pool of uniforms the chunk draws in bulk each month; a
path that uses up its pool refills it from the chunk's generator. With ``expected=True`` every
draw is its mean: the mean-field path and the steady state use the same step.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from sefton_sim.model.inversion import binomial_draw, poisson_draw, refill

FLOW_INDEX: dict[str, int] = {"entries": 0, "exits": 1, "left_at_18": 2, "moved_in": 3, "moved_out": 4}
"""Position of each monthly flow (children by placement type) in the kernel's flow array."""


@njit(cache=True, nogil=True)
def _log_miss(p: float) -> float:
    """``log(1 - q)`` for the rarer outcome ``q = min(p, 1 - p)`` (0 when there is nothing to draw)."""
    q = min(p, 1.0 - p)
    return math.log1p(-q) if 0.0 < q < 1.0 else 0.0


@njit(cache=True, nogil=True)
def step_month(
    expected: bool,
    stock: np.ndarray,  # [P, K, A] children, updated in place
    entries_per_month: np.ndarray,  # [P] expected children coming into care this month
    entry_cells: np.ndarray,  # [K, A] shares of entries by placement type and band
    exit_per_month: np.ndarray,  # [K] probability of leaving care before 18
    step_down: float,  # probability a residential placement steps down to fostering
    share_in_house: float,  # share of step-downs going to in-house fostering
    ageing: np.ndarray,  # [A] share of a band moving up a band
    residential: int,
    in_house: int,
    ifa: int,
    pool: np.ndarray,  # [P, U] uniforms for the month
    rng: np.random.Generator,
    flows: np.ndarray,  # [P, 5, K] this month's flows (written), order of FLOW_INDEX
) -> None:
    """Advance every path one month in place and write its flows."""
    paths, types, bands = stock.shape
    n_pool = pool.shape[1]
    log_exit = np.empty(types)
    for k in range(types):
        log_exit[k] = _log_miss(exit_per_month[k])
    log_age = np.empty(bands)
    for a in range(bands):
        log_age[a] = _log_miss(ageing[a])
    log_step = _log_miss(step_down)
    log_share = _log_miss(share_in_house)
    for p in range(paths):
        j = 0
        for f in range(5):
            for k in range(types):
                flows[p, f, k] = 0.0
        # 1. leaving care before 18
        for k in range(types):
            for a in range(bands):
                n = stock[p, k, a]
                if n <= 0.0:
                    continue
                if expected:
                    x = n * exit_per_month[k]
                else:
                    if j >= n_pool:
                        refill(pool[p], rng)
                        j = 0
                    x = binomial_draw(n, exit_per_month[k], log_exit[k], pool[p, j], rng)
                    j += 1
                stock[p, k, a] = n - x
                flows[p, 1, k] += x
        # 2. step-down from residential to fostering
        for a in range(bands):
            n = stock[p, residential, a]
            if n <= 0.0:
                continue
            if expected:
                moved = n * step_down
                to_in_house = moved * share_in_house
            else:
                if j + 2 > n_pool:
                    refill(pool[p], rng)
                    j = 0
                moved = binomial_draw(n, step_down, log_step, pool[p, j], rng)
                to_in_house = binomial_draw(moved, share_in_house, log_share, pool[p, j + 1], rng)
                j += 2
            stock[p, residential, a] = n - moved
            stock[p, in_house, a] += to_in_house
            stock[p, ifa, a] += moved - to_in_house
            flows[p, 4, residential] += moved
            flows[p, 3, in_house] += to_in_house
            flows[p, 3, ifa] += moved - to_in_house
        # 3. ageing; the oldest band leaves care at 18 (from the oldest band down, so a child
        # moves one band at most)
        for k in range(types):
            for a in range(bands - 1, -1, -1):
                n = stock[p, k, a]
                if n <= 0.0:
                    continue
                if expected:
                    x = n * ageing[a]
                else:
                    if j >= n_pool:
                        refill(pool[p], rng)
                        j = 0
                    x = binomial_draw(n, ageing[a], log_age[a], pool[p, j], rng)
                    j += 1
                stock[p, k, a] = n - x
                if a == bands - 1:
                    flows[p, 2, k] += x
                else:
                    stock[p, k, a + 1] += x
        # 4. entries
        for k in range(types):
            for a in range(bands):
                lam = entries_per_month[p] * entry_cells[k, a]
                if lam <= 0.0:
                    continue
                if expected:
                    x = lam
                else:
                    if j >= n_pool:
                        refill(pool[p], rng)
                        j = 0
                    x = poisson_draw(lam, pool[p, j], rng)
                    j += 1
                stock[p, k, a] += x
                flows[p, 0, k] += x
