"""The SEND month step, compiled: one pass per path over its cells, exact draws by inversion.

``step_month`` advances every path of a chunk by one month, in the order of the vector core's
module docstring (ceasing, mainstream breakdown, INMSS step-down, assessments and placement, new
requests, September ageing and phase transfer). It runs one path at a time over its small
``[age_band, need, setting]`` block, so the state stays in cache and no temporaries are made.

Randomness: uniforms come from the chunk's ``numpy.random.Generator`` (PCG64), drawn in bulk by
numpy into a per-path pool for the month and consumed in a fixed order; a path that needs more
than its pool draws the rest from the same generator inside the kernel. Every count is drawn
exactly by inversion of its own distribution with one uniform:

- binomials with a fixed probability (ceasing, breakdown, step-down, conversion) walk a
  pre-computed cumulative table (``draws.BinomialTable``); most cells stop at the first entry;
- other binomials and Poissons invert the probability function from ``P(0)``; a count whose
  mean exceeds ``INVERSION_MEAN_MAX`` takes numpy's own exact sampler instead (via the
  generator), where inversion would lose accuracy;
- splits over settings (placement of new plans, phase transfer) take one uniform per child
  against the cell's cumulative shares.

Cells with no children draw nothing. With ``expected=True`` every draw is replaced by its
expectation (the mean-field path used by calibration), so calibration and simulation run the
same step.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from sefton_sim.demand import states as st

INVERSION_MEAN_MAX = 30.0
"""Largest mean (of the rarer outcome) drawn by inversion; above it numpy's exact sampler."""

FLOW_INDEX: dict[str, int] = {
    "requests": 0,
    "assessments_agreed": 1,
    "assessments_completed": 2,
    "new_plans": 3,
    "ceased": 4,
    "aged_out": 5,
    "overflow_to_inmss": 6,
    "mainstream_breakdowns": 7,
    "inmss_step_downs": 8,
}
"""Column of each monthly flow in the kernel's flow array."""

_RECIPROCAL = np.array([0.0] + [1.0 / k for k in range(1, 4097)])
"""1/k for k = 1..4096 (index 0 unused): the inversion loops multiply instead of dividing."""

NO_TABLE = -1
"""Table index meaning 'no pre-computed table: invert from P(0)'."""

_A, _N, _S = st.A, st.N, st.S
_MAIN, _UNIT, _SPEC, _INMSS = st.MAINSTREAM, st.SEN_UNIT, st.SPECIAL, st.INMSS
_COLLEGE, _AP, _POST19 = st.COLLEGE, st.AP_OTHER, st.POST19


@njit(cache=True, nogil=True, inline="always")
def _table_count(cdf: np.ndarray, cdf0: np.ndarray, width: int, n: float, u: float) -> int:
    """Binomial count for ``n`` trials from a cumulative table (row ``n``) and one uniform;
    -1 when the table cannot answer (``n`` beyond its rows, or the count beyond its columns).
    ``cdf0`` is the table's first column kept contiguous: most draws end there, in cache."""
    m = int(n)
    if m >= cdf0.shape[0]:
        return -1
    if u < cdf0[m]:
        return 0
    k = 1
    while k < width and u >= cdf[m, k]:
        k += 1
    return k if k < width else -1


@njit(cache=True, nogil=True, inline="always")
def _binomial_count(n: float, q: float, u: float) -> int:
    """Binomial(n, q) count, ``q <= 0.5``, by inversion from P(0) with one uniform; -1 when the
    mean exceeds ``INVERSION_MEAN_MAX``."""
    m = int(n)
    if m * q > INVERSION_MEAN_MAX:
        return -1
    ratio = q / (1.0 - q)
    prob = math.exp(m * math.log1p(-q))
    cdf = prob
    k = 0
    while u > cdf and k < m:
        prob *= ratio * (m - k) * _RECIPROCAL[k + 1]
        k += 1
        cdf += prob
    return k


@njit(cache=True, nogil=True, inline="always")
def _poisson_count(lam: float, u: float) -> int:
    """Poisson(lam) count by inversion from P(0) with one uniform; -1 when ``lam`` exceeds
    ``INVERSION_MEAN_MAX``."""
    if lam > INVERSION_MEAN_MAX:
        return -1
    prob = math.exp(-lam)
    cdf = prob
    k = 0
    while u > cdf and k < 4096:
        k += 1
        prob *= lam * _RECIPROCAL[k]
        cdf += prob
    return k


@njit(cache=True, nogil=True)
def _refill(pool: np.ndarray, rng: np.random.Generator) -> None:
    """Fresh uniforms for a path whose pool is used up (from the chunk's generator)."""
    for i in range(pool.shape[0]):
        pool[i] = rng.random()


@njit(cache=True, nogil=True, inline="always")
def _category(cum: np.ndarray, u: float) -> int:
    """Category of a child with uniform ``u`` given cumulative shares ``cum`` (last = 1)."""
    last = cum.shape[0] - 1
    c = 0
    while c < last and u >= cum[c]:
        c += 1
    return c


@njit(cache=True, nogil=True, inline="always")
def _admit(
    stock: np.ndarray, a: int, i: int, want_unit: float, want_special: float, cap: np.ndarray
) -> float:
    """Place children wanting unit / special places within capacity (a full unit spills to a
    free special place); the rest go to INMSS. Returns the overflow to INMSS."""
    free_unit = max(cap[0, a, i] - stock[a, i, _UNIT], 0.0)
    admit_unit = min(want_unit, free_unit)
    stock[a, i, _UNIT] += admit_unit
    free_special = max(cap[1, a, i] - stock[a, i, _SPEC], 0.0)
    admit_special = min(want_special + (want_unit - admit_unit), free_special)
    stock[a, i, _SPEC] += admit_special
    overflow = want_unit + want_special - admit_unit - admit_special
    stock[a, i, _INMSS] += overflow
    return overflow


@njit(cache=True, nogil=True, inline="always")
def _fixed_count(
    tables: np.ndarray, tables0: np.ndarray, table_width: np.ndarray, which: int, q: float, n: float, u: float
) -> int:
    """Count of the rarer outcome (probability ``q``) among ``n``: from table ``which`` if there
    is one, else by inversion; -1 when the caller must use numpy's sampler."""
    if which >= 0:
        return _table_count(tables[which], tables0[which], table_width[which], n, u)
    return _binomial_count(n, q, u)


@njit(cache=True, nogil=True, inline="always")
def _binomial_draw(n: float, p: float, u: float, rng: np.random.Generator) -> float:
    """Binomial(n, p) with one uniform ``u`` (inversion), or numpy's sampler for large means."""
    if p <= 0.0:
        return 0.0
    if p >= 1.0:
        return n
    flip = p > 0.5
    q = 1.0 - p if flip else p
    c = _binomial_count(n, q, u)
    x = float(c if c >= 0 else rng.binomial(int(n), q))
    return n - x if flip else x


@njit(cache=True, nogil=True)
def step_month(
    expected: bool,
    stock: np.ndarray,  # [P, A, N, S] children, updated in place
    queue: np.ndarray,  # [P, A, N] assessments in progress, updated in place
    request_rate: np.ndarray,  # [P] requests per month
    pool: np.ndarray,  # [P, U] uniforms for the month (refilled from rng when used up)
    rng: np.random.Generator,
    tables: np.ndarray,  # [M, rows, width] cumulative binomial tables
    tables0: np.ndarray,  # [M, rows] their first columns, contiguous
    table_width: np.ndarray,  # [M] columns of each table in use
    fixed_q: np.ndarray,  # [4 + A]: probability sampled (min(p, 1 - p)) of ...
    fixed_flip: np.ndarray,  # [4 + A]: ... the complement is sampled (p > 0.5)
    fixed_table: np.ndarray,  # [4 + A]: table index or NO_TABLE; order: ceasing by band (A),
    # breakdown, step-down, conversion, unused
    completion: float,  # probability an assessment being worked on completes in the month
    slots: float,  # assessments that can be worked on at once
    agreed_share: float,
    request_mix: np.ndarray,  # [A, N]
    placement: np.ndarray,  # [A, N, S] shares for new plans this month
    placement_cum: np.ndarray,  # [A, N, S] cumulative shares (last = 1)
    unit_of_specialist: np.ndarray,  # [A, N] unit share among unit + special placements
    cap: np.ndarray,  # [2, A, N] places open this month
    september: bool,
    ageing: np.ndarray,  # [A] share of a band moving up in September
    phase: np.ndarray,  # [A - 1, S, S] phase transfer shares from band b
    phase_cum: np.ndarray,  # [A - 1, S, S] cumulative
    t: int,  # month index: flows go to [:, t], month-end records to [:, t + 1]
    flows: np.ndarray,  # [P, T, F] (written)
    by_band_setting: np.ndarray,  # [P, T + 1, A, S] children (written)
    specialist: np.ndarray,  # [P, T + 1, A, N] unit + special + INMSS (written)
    inmss: np.ndarray,  # [P, T + 1, A, N] (written)
    queue_total: np.ndarray,  # [P, T + 1] (written)
    uniforms_used: np.ndarray,  # [P] uniforms each path drew this month (written)
) -> None:
    """Advance every path one month in place and write its flows and month-end records."""
    paths = stock.shape[0]
    n_pool = pool.shape[1]
    placed = np.zeros(_S)
    arriving = np.zeros((_N, _S))
    movers = np.zeros((_A, _N, _S))
    breakdown_at, step_down_at, conversion_at = _A, _A + 1, _A + 2
    for p in range(paths):
        s = stock[p]
        qu = queue[p]
        u = pool[p]
        j = 0  # next unused uniform of this path's pool
        ceased = 0.0
        broke_total = 0.0
        overflow = 0.0
        stepped = 0.0

        # 1. ceasing
        for a in range(_A):
            q = fixed_q[a]
            flip = fixed_flip[a]
            if expected:
                for i in range(_N):
                    for k in range(_S):
                        x = s[a, i, k] * q
                        s[a, i, k] -= x
                        ceased += x
                continue
            which = fixed_table[a]
            cdf = tables[max(which, 0)]
            cdf0 = tables0[max(which, 0)]
            width = table_width[max(which, 0)]
            for i in range(_N):
                for k in range(_S):
                    n = s[a, i, k]
                    if n <= 0.0:
                        continue
                    if j >= n_pool:
                        _refill(u, rng)
                        j = 0
                    c = _table_count(cdf, cdf0, width, n, u[j]) if which >= 0 else _binomial_count(n, q, u[j])
                    j += 1
                    x = float(c if c >= 0 else rng.binomial(int(n), q))
                    if flip:
                        x = n - x
                    s[a, i, k] = n - x
                    ceased += x

        # 2. mainstream breakdown -> unit or special (capacity applies)
        q = fixed_q[breakdown_at]
        which = fixed_table[breakdown_at]
        for a in range(_A):
            for i in range(_N):
                n = s[a, i, _MAIN]
                if n <= 0.0:
                    continue
                if expected:
                    broke = n * q
                else:
                    if j >= n_pool:
                        _refill(u, rng)
                        j = 0
                    c = _fixed_count(tables, tables0, table_width, which, q, n, u[j])
                    j += 1
                    broke = float(c if c >= 0 else rng.binomial(int(n), q))
                if fixed_flip[breakdown_at]:
                    broke = n - broke
                if broke <= 0.0:
                    continue
                s[a, i, _MAIN] = n - broke
                broke_total += broke
                pu = unit_of_specialist[a, i]
                if expected:
                    want_unit = broke * pu
                else:
                    if j >= n_pool:
                        _refill(u, rng)
                        j = 0
                    want_unit = _binomial_draw(broke, pu, u[j], rng)
                    j += 1
                overflow += _admit(s, a, i, want_unit, broke - want_unit, cap)

        # 3. INMSS step-down into free in-borough places (special first, then unit)
        q = fixed_q[step_down_at]
        which = fixed_table[step_down_at]
        for a in range(_A):
            for i in range(_N):
                n = s[a, i, _INMSS]
                if n <= 0.0:
                    continue
                if expected:
                    cand = n * q
                else:
                    if j >= n_pool:
                        _refill(u, rng)
                        j = 0
                    c = _fixed_count(tables, tables0, table_width, which, q, n, u[j])
                    j += 1
                    cand = float(c if c >= 0 else rng.binomial(int(n), q))
                if fixed_flip[step_down_at]:
                    cand = n - cand
                if cand <= 0.0:
                    continue
                to_special = min(cand, max(cap[1, a, i] - s[a, i, _SPEC], 0.0))
                to_unit = min(cand - to_special, max(cap[0, a, i] - s[a, i, _UNIT], 0.0))
                s[a, i, _INMSS] -= to_special + to_unit
                s[a, i, _SPEC] += to_special
                s[a, i, _UNIT] += to_unit
                stepped += to_special + to_unit

        # 4. assessments complete, convert and are placed; new requests arrive
        in_progress = 0.0
        for a in range(_A):
            for i in range(_N):
                in_progress += qu[a, i]
        p_complete = completion * min(1.0, slots / max(in_progress, 1e-9))
        q = fixed_q[conversion_at]
        which = fixed_table[conversion_at]
        completed_total = 0.0
        plans_total = 0.0
        for a in range(_A):
            for i in range(_N):
                n = qu[a, i]
                if n <= 0.0:
                    continue
                if expected:
                    done = n * p_complete
                else:
                    if j >= n_pool:
                        _refill(u, rng)
                        j = 0
                    done = _binomial_draw(n, p_complete, u[j], rng)
                    j += 1
                if done <= 0.0:
                    continue
                qu[a, i] = n - done
                completed_total += done
                if expected:
                    plans = done * q
                else:
                    if j >= n_pool:
                        _refill(u, rng)
                        j = 0
                    c = _fixed_count(tables, tables0, table_width, which, q, done, u[j])
                    j += 1
                    plans = float(c if c >= 0 else rng.binomial(int(done), q))
                if fixed_flip[conversion_at]:
                    plans = done - plans
                if plans <= 0.0:
                    continue
                plans_total += plans
                placed[:] = 0.0
                if expected:
                    for k in range(_S):
                        placed[k] = plans * placement[a, i, k]
                else:
                    cum = placement_cum[a, i]
                    for _ in range(int(plans)):
                        if j >= n_pool:
                            _refill(u, rng)
                            j = 0
                        placed[_category(cum, u[j])] += 1.0
                        j += 1
                s[a, i, _MAIN] += placed[_MAIN]
                s[a, i, _COLLEGE] += placed[_COLLEGE]
                s[a, i, _AP] += placed[_AP]
                s[a, i, _INMSS] += placed[_INMSS]
                overflow += _admit(s, a, i, placed[_UNIT], placed[_SPEC], cap)
        # agreed and refused requests are independent Poisson streams (thinning)
        rate = request_rate[p]
        agreed_total = 0.0
        for a in range(_A):
            for i in range(_N):
                lam = rate * agreed_share * request_mix[a, i]
                if lam <= 0.0:
                    continue
                if expected:
                    x = lam
                else:
                    if j >= n_pool:
                        _refill(u, rng)
                        j = 0
                    c = _poisson_count(lam, u[j])
                    j += 1
                    x = float(c if c >= 0 else rng.poisson(lam))
                qu[a, i] += x
                agreed_total += x
        lam = rate * (1.0 - agreed_share)
        if expected or lam <= 0.0:
            refused = max(lam, 0.0)
        else:
            if j >= n_pool:
                _refill(u, rng)
                j = 0
            c = _poisson_count(lam, u[j])
            j += 1
            refused = float(c if c >= 0 else rng.poisson(lam))

        # 5. September: ageing and phase transfer (post-19 movers age out at 25)
        aged_out = 0.0
        if september:
            for a in range(_A):
                for i in range(_N):
                    for k in range(_S):
                        n = s[a, i, k]
                        if n <= 0.0:
                            movers[a, i, k] = 0.0
                            continue
                        if expected:
                            x = n * ageing[a]
                        else:
                            if j >= n_pool:
                                _refill(u, rng)
                                j = 0
                            x = _binomial_draw(n, ageing[a], u[j], rng)
                            j += 1
                        movers[a, i, k] = x
                        s[a, i, k] = n - x
                        if a == _POST19:
                            aged_out += x
            for b in range(_A - 2, -1, -1):
                arriving[:, :] = 0.0
                for i in range(_N):
                    for k in range(_S):
                        n = movers[b, i, k]
                        if n <= 0.0:
                            continue
                        if expected:
                            for to in range(_S):
                                arriving[i, to] += n * phase[b, k, to]
                        else:
                            cum = phase_cum[b, k]
                            for _ in range(int(n)):
                                if j >= n_pool:
                                    _refill(u, rng)
                                    j = 0
                                arriving[i, _category(cum, u[j])] += 1.0
                                j += 1
                for i in range(_N):
                    if cap[0, b + 1, i] <= 0.0:  # no unit places for this band and need
                        arriving[i, _SPEC] += arriving[i, _UNIT]
                        arriving[i, _UNIT] = 0.0
                    s[b + 1, i, _MAIN] += arriving[i, _MAIN]
                    s[b + 1, i, _INMSS] += arriving[i, _INMSS]
                    s[b + 1, i, _COLLEGE] += arriving[i, _COLLEGE]
                    s[b + 1, i, _AP] += arriving[i, _AP]
                    overflow += _admit(s, b + 1, i, arriving[i, _UNIT], arriving[i, _SPEC], cap)

        uniforms_used[p] = j
        f = flows[p, t]
        f[0] = agreed_total + refused
        f[1] = agreed_total
        f[2] = completed_total
        f[3] = plans_total
        f[4] = ceased
        f[5] = aged_out
        f[6] = overflow
        f[7] = broke_total
        f[8] = stepped

        qt = 0.0
        for a in range(_A):
            for k in range(_S):
                total = 0.0
                for i in range(_N):
                    total += s[a, i, k]
                by_band_setting[p, t + 1, a, k] = total
            for i in range(_N):
                specialist[p, t + 1, a, i] = s[a, i, _UNIT] + s[a, i, _SPEC] + s[a, i, _INMSS]
                inmss[p, t + 1, a, i] = s[a, i, _INMSS]
                qt += qu[a, i]
        queue_total[p, t + 1] = qt
