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
  pre-computed cumulative table (``vector._fixed_draws``); most cells stop at the first entry;
- other binomials and Poissons invert the probability function from ``P(0)``; a count whose
  mean exceeds ``inversion.INVERSION_MEAN_MAX`` takes numpy's own exact sampler instead (via the
  generator), where inversion would lose accuracy;
- splits over settings (placement of new plans, phase transfer) take one uniform per child
  against the cell's cumulative shares.

Children refused an in-borough place (the spill of ``_admission``) go to INMSS with the path's
share ``spill_share[p]``; the rest take over-capacity maintained places (``_over_capacity``, a
binomial draw only when the share is below 1 and someone spilled).

Cells with no children draw nothing. With ``expected=True`` every draw is replaced by its
expectation (the mean-field path used by calibration), so calibration and simulation run the
same step.

Implementation note: the hot loops index whole arrays and call only helpers that take scalars.
A compiled helper that takes an array pays reference counting on every call, which here cost
several times the draw itself; helpers with array arguments run only on rare branches (an event
in a table draw, a pool refill).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from sefton_sim.demand.capacity import casework_response
from sefton_sim.model import states as st
from sefton_sim.model.inversion import (
    binomial_count,
    binomial_count_log,
    poisson_count,
    refill,
)

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
    "overflow_over_capacity": 9,
}
"""Column of each monthly flow in the kernel's flow array."""

NO_TABLE = -1
"""Table index meaning 'no pre-computed table: invert from P(0)'."""

_A, _N, _S = st.A, st.N, st.S
_MAIN, _UNIT, _SPEC, _INMSS = st.MAINSTREAM, st.SEN_UNIT, st.SPECIAL, st.INMSS
_COLLEGE, _AP, _POST19 = st.COLLEGE, st.AP_OTHER, st.POST19


@njit(cache=True, nogil=True)
def _table_tail(tables: np.ndarray, width: int, which: int, m: int, u: float) -> int:
    """Binomial count from cumulative table ``which``, row ``m``, once ``u`` is past column 0;
    -1 beyond the table's columns (probability below 1e-16: the caller uses numpy's sampler)."""
    k = 1
    while k < width and u >= tables[which, m, k]:
        k += 1
    return k if k < width else -1


@njit(cache=True, nogil=True)
def _fixed_past_first(
    tables: np.ndarray,
    table_width: np.ndarray,
    which: int,
    rows: int,
    m: int,
    q: float,
    u: float,
    rng: np.random.Generator,
) -> int:
    """A fixed-probability binomial count once ``u`` is past the table's first column (or there
    is no table): the table's tail, else inversion, else numpy's sampler. The rare branch of
    every fixed-probability draw, so its array arguments cost little."""
    if which >= 0 and m < rows:
        c = _table_tail(tables, table_width[which], which, m, u)
    else:
        c = binomial_count(float(m), q, u)
    return c if c >= 0 else rng.binomial(m, q)


@njit(cache=True, nogil=True)
def _admission(
    want_unit: float, want_special: float, unit: float, special: float, unit_places: float, special_places: float
) -> tuple[float, float, float]:
    """Children admitted to unit and special places and the overflow to INMSS, given those now
    in unit and special places and the places open. Children wanting a unit place take free
    unit places, then (unit full) free special places; only then does anyone go to INMSS."""
    admit_unit = min(want_unit, max(unit_places - unit, 0.0))
    admit_special = min(want_special + (want_unit - admit_unit), max(special_places - special, 0.0))
    return admit_unit, admit_special, want_unit + want_special - admit_unit - admit_special


@njit(cache=True, nogil=True)
def _over_capacity(expected: bool, spill: float, share_inmss: float, pool_row: np.ndarray, j: int, rng: np.random.Generator) -> tuple[float, int]:
    """Of ``spill`` children refused an in-borough place, how many take an over-capacity maintained
    place instead of INMSS (each with probability ``1 - share_inmss``); returns it and the next
    uniform. Called only when ``spill > 0`` and ``share_inmss < 1`` (then nothing is drawn)."""
    q = 1.0 - share_inmss
    if expected:
        return spill * q, j
    if j >= pool_row.shape[0]:
        refill(pool_row, rng)
        j = 0
    flip = q > 0.5
    qq = 1.0 - q if flip else q
    c = binomial_count(spill, qq, pool_row[j])
    j += 1
    if c < 0:
        c = rng.binomial(int(spill), qq)
    return (spill - c if flip else float(c)), j


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
    fixed_q: np.ndarray,  # [A + 3] probability sampled (min(p, 1 - p)) of ...
    fixed_flip: np.ndarray,  # [A + 3] ... the complement is sampled (p > 0.5)
    fixed_table: np.ndarray,  # [A + 3] table index or NO_TABLE; order: ceasing by band (A),
    # breakdown, step-down, conversion
    completion: float,  # probability an assessment being worked on completes in the month
    slots: float,  # assessments that can be worked on at once (before officers the rule added)
    policy: np.ndarray,  # casework response rule (capacity.POLICY_FIELDS)
    response: np.ndarray,  # [P, 3] rule state per path (capacity.casework_response), updated in place
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
    officers_added: np.ndarray,  # [P, T] casework officers the rule added, in post during the month (written)
    slots_used: np.ndarray,  # [P, T] slots of the month (written)
    spill_share: np.ndarray,  # [P] share of children refused an in-borough place who go to INMSS (the rest: over-capacity maintained)
) -> None:
    """Advance every path one month in place and write its flows and month-end records."""
    paths = stock.shape[0]
    n_pool = pool.shape[1]
    rows = tables0.shape[1]
    arriving = np.zeros((_N, _S))
    movers = np.zeros((_A, _N, _S))
    placed = np.zeros(_S)
    for p in range(paths):
        j = 0  # next unused uniform of this path's pool
        ceased = 0.0
        broke_total = 0.0
        overflow = 0.0
        over_capacity = 0.0
        stepped = 0.0
        share_inmss = spill_share[p]

        # 1. ceasing; 2. mainstream breakdown -> unit or special; 3. INMSS step-down
        for a in range(_A):
            for i in range(_N):
                for k in range(_S):
                    n = stock[p, a, i, k]
                    if n <= 0.0:
                        continue
                    q = fixed_q[a]
                    if expected:
                        x = n * q
                    else:
                        if j >= n_pool:
                            refill(pool[p], rng)
                            j = 0
                        uu = pool[p, j]
                        j += 1
                        m = int(n)
                        which = fixed_table[a]
                        first = tables0[which, m] if which >= 0 and m < rows else -1.0
                        c = 0 if uu < first else _fixed_past_first(tables, table_width, which, rows, m, q, uu, rng)
                        x = float(c)
                    if fixed_flip[a]:
                        x = n - x
                    stock[p, a, i, k] = n - x
                    ceased += x
        for stage in range(2):  # 0: breakdown (mainstream), 1: step-down (INMSS)
            at = _A + stage
            setting = _MAIN if stage == 0 else _INMSS
            q = fixed_q[at]
            which = fixed_table[at]
            for a in range(_A):
                for i in range(_N):
                    n = stock[p, a, i, setting]
                    if n <= 0.0:
                        continue
                    if expected:
                        x = n * q
                    else:
                        if j >= n_pool:
                            refill(pool[p], rng)
                            j = 0
                        uu = pool[p, j]
                        j += 1
                        m = int(n)
                        first = tables0[which, m] if which >= 0 and m < rows else -1.0
                        c = 0 if uu < first else _fixed_past_first(tables, table_width, which, rows, m, q, uu, rng)
                        x = float(c)
                    if fixed_flip[at]:
                        x = n - x
                    if x <= 0.0:
                        continue
                    unit = stock[p, a, i, _UNIT]
                    special = stock[p, a, i, _SPEC]
                    if stage == 0:
                        stock[p, a, i, _MAIN] = n - x
                        broke_total += x
                        pu = unit_of_specialist[a, i]
                        if expected or pu <= 0.0 or pu >= 1.0:
                            want_unit = x * pu
                        else:
                            if j >= n_pool:
                                refill(pool[p], rng)
                                j = 0
                            flip = pu > 0.5
                            qu = 1.0 - pu if flip else pu
                            c = binomial_count(x, qu, pool[p, j])
                            j += 1
                            if c < 0:
                                c = rng.binomial(int(x), qu)
                            want_unit = x - c if flip else float(c)
                        admit_unit, admit_special, spill = _admission(want_unit, x - want_unit, unit, special, cap[0, a, i], cap[1, a, i])
                        over = 0.0
                        if spill > 0.0 and share_inmss < 1.0:
                            over, j = _over_capacity(expected, spill, share_inmss, pool[p], j, rng)
                        stock[p, a, i, _INMSS] += spill - over
                        overflow += spill - over
                        over_capacity += over
                        admit_special += over
                    else:  # special places first, then unit
                        admit_special = min(x, max(cap[1, a, i] - special, 0.0))
                        admit_unit = min(x - admit_special, max(cap[0, a, i] - unit, 0.0))
                        stock[p, a, i, _INMSS] = n - admit_special - admit_unit
                        stepped += admit_special + admit_unit
                    stock[p, a, i, _UNIT] = unit + admit_unit
                    stock[p, a, i, _SPEC] = special + admit_special

        # 4. assessments complete, convert and are placed; new requests arrive
        in_progress = 0.0
        for a in range(_A):
            for i in range(_N):
                in_progress += queue[p, a, i]
        path_slots = casework_response(policy, t, in_progress, slots, completion, response[p])
        officers_added[p, t] = response[p, 0]
        slots_used[p, t] = path_slots
        p_complete = completion * min(1.0, path_slots / max(in_progress, 1e-9))
        flip_complete = p_complete > 0.5
        q_complete = 1.0 - p_complete if flip_complete else p_complete
        log_miss_complete = math.log1p(-q_complete)
        q = fixed_q[_A + 2]
        which = fixed_table[_A + 2]
        completed_total = 0.0
        plans_total = 0.0
        for a in range(_A):
            for i in range(_N):
                n = queue[p, a, i]
                if n <= 0.0:
                    continue
                if expected:
                    done = n * p_complete
                else:
                    if j >= n_pool:
                        refill(pool[p], rng)
                        j = 0
                    c = binomial_count_log(n, q_complete, log_miss_complete, pool[p, j])
                    j += 1
                    if c < 0:
                        c = rng.binomial(int(n), q_complete)
                    done = n - c if flip_complete else float(c)
                if done <= 0.0:
                    continue
                queue[p, a, i] = n - done
                completed_total += done
                if expected:
                    plans = done * q
                else:
                    if j >= n_pool:
                        refill(pool[p], rng)
                        j = 0
                    uu = pool[p, j]
                    j += 1
                    m = int(done)
                    first = tables0[which, m] if which >= 0 and m < rows else -1.0
                    c = 0 if uu < first else _fixed_past_first(tables, table_width, which, rows, m, q, uu, rng)
                    plans = float(c)
                if fixed_flip[_A + 2]:
                    plans = done - plans
                if plans <= 0.0:
                    continue
                plans_total += plans
                if expected:
                    for k in range(_S):
                        placed[k] = plans * placement[a, i, k]
                else:
                    for k in range(_S):
                        placed[k] = 0.0
                    for _ in range(int(plans)):
                        if j >= n_pool:
                            refill(pool[p], rng)
                            j = 0
                        uu = pool[p, j]
                        j += 1
                        c = 0
                        while c < _S - 1 and uu >= placement_cum[a, i, c]:
                            c += 1
                        placed[c] += 1.0
                stock[p, a, i, _MAIN] += placed[_MAIN]
                stock[p, a, i, _COLLEGE] += placed[_COLLEGE]
                stock[p, a, i, _AP] += placed[_AP]
                unit = stock[p, a, i, _UNIT]
                special = stock[p, a, i, _SPEC]
                admit_unit, admit_special, spill = _admission(placed[_UNIT], placed[_SPEC], unit, special, cap[0, a, i], cap[1, a, i])
                over = 0.0
                if spill > 0.0 and share_inmss < 1.0:
                    over, j = _over_capacity(expected, spill, share_inmss, pool[p], j, rng)
                stock[p, a, i, _UNIT] = unit + admit_unit
                stock[p, a, i, _SPEC] = special + admit_special + over
                stock[p, a, i, _INMSS] += placed[_INMSS] + spill - over
                overflow += spill - over
                over_capacity += over
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
                        refill(pool[p], rng)
                        j = 0
                    c = poisson_count(lam, pool[p, j])
                    j += 1
                    x = float(c if c >= 0 else rng.poisson(lam))
                queue[p, a, i] += x
                agreed_total += x
        lam = rate * (1.0 - agreed_share)
        if expected or lam <= 0.0:
            refused = max(lam, 0.0)
        else:
            if j >= n_pool:
                refill(pool[p], rng)
                j = 0
            c = poisson_count(lam, pool[p, j])
            j += 1
            refused = float(c if c >= 0 else rng.poisson(lam))

        # 5. September: ageing and phase transfer (post-19 movers age out at 25)
        aged_out = 0.0
        if september:
            for a in range(_A):
                share = ageing[a]
                flip = share > 0.5
                q = 1.0 - share if flip else share
                log_miss = math.log1p(-q)
                for i in range(_N):
                    for k in range(_S):
                        n = stock[p, a, i, k]
                        x = 0.0
                        if n > 0.0:
                            if expected:
                                x = n * share
                            else:
                                if j >= n_pool:
                                    refill(pool[p], rng)
                                    j = 0
                                c = binomial_count_log(n, q, log_miss, pool[p, j])
                                j += 1
                                if c < 0:
                                    c = rng.binomial(int(n), q)
                                x = n - c if flip else float(c)
                        movers[a, i, k] = x
                        stock[p, a, i, k] = n - x
                        if a == _POST19:
                            aged_out += x
            for b in range(_A - 2, -1, -1):
                for i in range(_N):
                    for k in range(_S):
                        arriving[i, k] = 0.0
                for i in range(_N):
                    for k in range(_S):
                        n = movers[b, i, k]
                        if n <= 0.0:
                            continue
                        if expected:
                            for to in range(_S):
                                arriving[i, to] += n * phase[b, k, to]
                        else:
                            for _ in range(int(n)):
                                if j >= n_pool:
                                    refill(pool[p], rng)
                                    j = 0
                                uu = pool[p, j]
                                j += 1
                                c = 0
                                while c < _S - 1 and uu >= phase_cum[b, k, c]:
                                    c += 1
                                arriving[i, c] += 1.0
                for i in range(_N):
                    if cap[0, b + 1, i] <= 0.0:  # no unit places for this band and need
                        arriving[i, _SPEC] += arriving[i, _UNIT]
                        arriving[i, _UNIT] = 0.0
                    stock[p, b + 1, i, _MAIN] += arriving[i, _MAIN]
                    stock[p, b + 1, i, _COLLEGE] += arriving[i, _COLLEGE]
                    stock[p, b + 1, i, _AP] += arriving[i, _AP]
                    unit = stock[p, b + 1, i, _UNIT]
                    special = stock[p, b + 1, i, _SPEC]
                    admit_unit, admit_special, spill = _admission(
                        arriving[i, _UNIT], arriving[i, _SPEC], unit, special, cap[0, b + 1, i], cap[1, b + 1, i]
                    )
                    over = 0.0
                    if spill > 0.0 and share_inmss < 1.0:
                        over, j = _over_capacity(expected, spill, share_inmss, pool[p], j, rng)
                    stock[p, b + 1, i, _UNIT] = unit + admit_unit
                    stock[p, b + 1, i, _SPEC] = special + admit_special + over
                    stock[p, b + 1, i, _INMSS] += arriving[i, _INMSS] + spill - over
                    overflow += spill - over
                    over_capacity += over

        flows[p, t, 0] = agreed_total + refused
        flows[p, t, 1] = agreed_total
        flows[p, t, 2] = completed_total
        flows[p, t, 3] = plans_total
        flows[p, t, 4] = ceased
        flows[p, t, 5] = aged_out
        flows[p, t, 6] = overflow
        flows[p, t, 7] = broke_total
        flows[p, t, 8] = stepped
        flows[p, t, 9] = over_capacity

        qt = 0.0
        for a in range(_A):
            for k in range(_S):
                total = 0.0
                for i in range(_N):
                    total += stock[p, a, i, k]
                by_band_setting[p, t + 1, a, k] = total
            for i in range(_N):
                specialist[p, t + 1, a, i] = stock[p, a, i, _UNIT] + stock[p, a, i, _SPEC] + stock[p, a, i, _INMSS]
                inmss[p, t + 1, a, i] = stock[p, a, i, _INMSS]
                qt += queue[p, a, i]
        queue_total[p, t + 1] = qt
