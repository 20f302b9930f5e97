"""The SEND month step, compiled: one pass per path over its cells, exact draws by inversion.

``step_month`` advances every path of a chunk by one month, in the order of the vector core's
module docstring (ceasing, mainstream breakdown, INMSS step-down, assessments and placement, new
requests, September ageing and phase transfer). It runs one path at a time over its small
``[age_band, need, setting]`` block, so the state stays in cache and no temporaries are made.
Every parameter a posterior draw varies (agreed share, conversion share, ceasing, assessment
slots, the starting queue) is an array over paths, so a chunk is one call per month whatever
its draws.

Randomness: uniforms come from the chunk's ``numpy.random.Generator`` (PCG64) through one pool
per chunk that the kernel refills from the generator when used up (``inversion.refill``), and
consumes in a fixed order, path after path, month after month (the unused rest of a month's pool
serves the next month). Every count is drawn exactly by inversion of its own distribution with
one uniform:

- binomials whose probability is fixed for the run (ceasing, breakdown, step-down, conversion,
  September ageing; per path where a posterior draw sets it) read ``P(0) = (1 - q)^n`` from the
  probability's row of powers (``p0``, built once per chunk: ``POWER_BITS``) and walk up the
  probability function from there only when the uniform is past it
  (``inversion.binomial_count_from_zero``);
- other binomials and Poissons invert the probability function from ``P(0)``; a count whose
  mean exceeds ``inversion.INVERSION_MEAN_MAX`` takes numpy's own exact sampler instead (via the
  generator), where inversion would lose accuracy;
- splits over settings (placement of new plans, phase transfer) are multinomial: a few children
  take one uniform each against the cell's cumulative shares; more children (over
  ``CHAIN_CHILDREN_PER_SPLIT`` per setting with a share) are split as a chain of conditional
  binomials, one per setting with a share but the last, which takes the rest. Both are exact
  draws of the same multinomial; which one runs depends only on the count and the shares.

Children refused an in-borough place (the spill of ``_admission``) go to INMSS with the path's
share ``spill_share[p]``; the rest take over-capacity maintained places (``_over_capacity``, a
binomial draw only when the share is below 1 and someone spilled).

Cells with no children draw nothing. With ``expected=True`` every draw is replaced by its
expectation (the mean-field path used by calibration), so calibration and simulation run the
same step. ``draws[p, t]`` records the uniforms path ``p`` took from the pool in month ``t`` and
the counts left to numpy's samplers (which take their own uniforms from the generator).

Implementation note: the hot loops index whole arrays and call only helpers that take scalars.
A compiled helper that takes an array pays reference counting on every call, which here cost
several times the draw itself; helpers with array arguments run only on rare branches (a pool
refill, the casework rule once per path and month).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from sefton_sim.demand.capacity import casework_response
from sefton_sim.model import states as st
from sefton_sim.model.inversion import (
    binomial_count,
    binomial_count_from_zero,
    binomial_count_log,
    poisson_count,
    poisson_count_from_zero,
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

DRAW_INDEX: dict[str, int] = {"uniforms": 0, "numpy_sampler_counts": 1}
"""Column of each draw count in the kernel's ``draws`` array [P, T, 2]."""

CHAIN_CHILDREN_PER_SPLIT = 3
"""A split over settings is drawn as a chain of conditional binomials (one uniform per setting
with a share but the last) once it has more than this many children per such setting; fewer
children take one uniform each (cheaper than a binomial's walk)."""

POWER_BITS = 5
"""``P(0) = (1 - q)^m`` is read as the product of two powers: ``(1 - q)^(32 h)`` for ``h = m >> 5``
(``POWER_HIGH`` columns) and ``(1 - q)^l`` for ``l = m & 31`` (32 columns), so a probability's row
is 65 numbers (a few cache lines) rather than one per count; cells of ``POWER_N`` or more children
compute it from ``log(1 - q)``."""

POWER_HIGH = 33
POWER_COLUMNS = POWER_HIGH + (1 << POWER_BITS)
POWER_N = POWER_HIGH << POWER_BITS
_POWER_BITS, _POWER_LOW, _POWER_MASK, _POWER_N = POWER_BITS, POWER_HIGH, (1 << POWER_BITS) - 1, POWER_HIGH << POWER_BITS

NONE_BOUND_MARGIN = 1e-12
"""A uniform below ``1 - n q - NONE_BOUND_MARGIN`` is below ``P(0) = (1 - q)^n`` as read from the row
of powers (``(1 - q)^n >= 1 - n q``; the margin covers the rounding of the row, a few units in the
last place), so the count is 0 without reading the row: the same count as from ``P(0)`` itself, for
the small probabilities (ceasing, breakdown, step-down) where most uniforms fall there."""

_A, _N, _S = st.A, st.N, st.S
_MAIN, _UNIT, _SPEC, _INMSS = st.MAINSTREAM, st.SEN_UNIT, st.SPECIAL, st.INMSS
_COLLEGE, _AP, _POST19 = st.COLLEGE, st.AP_OTHER, st.POST19


if _S != 6:
    raise ImportError(f"kernel._setting_of reads the cumulative shares of 6 settings; the model has {_S}")


@njit(cache=True, nogil=True)
def _setting_of(u: float, s0: float, s1: float, s2: float, s3: float, s4: float) -> int:
    """The setting a child takes: the first whose cumulative share (``s0`` .. ``s4``; the sixth is 1)
    passes uniform ``u``, counted without branches. The shares are passed as numbers, loaded once
    per cell, so the loop over its children reads no array but the pool."""
    return int(u >= s0) + int(u >= s1) + int(u >= s2) + int(u >= s3) + int(u >= s4)


@njit(cache=True, nogil=True)
def _past_zero(m: int, q: float, log_miss: float, first: float, u: float) -> int:
    """A fixed-probability binomial count once ``u`` is past ``P(0)`` (``first``; negative when the
    count is beyond the row of powers, which then computes it from ``log_miss``); -1: numpy's sampler."""
    if first < 0.0:
        return binomial_count_log(float(m), q, log_miss, u)
    return binomial_count_from_zero(m, q, first, u)


@njit(cache=True, nogil=True)
def _split_count(n: int, share: float, u: float, rng: np.random.Generator) -> tuple[int, int]:
    """Of ``n`` children, how many take a setting with conditional probability ``share`` (0 < share < 1),
    by inversion of the rarer outcome; also 1 if numpy's sampler was needed."""
    flip = share > 0.5
    q = 1.0 - share if flip else share
    c = binomial_count(float(n), q, u)
    extra = 0
    if c < 0:
        c = rng.binomial(n, q)
        extra = 1
    return (n - c if flip else c), extra


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
def _over_capacity(expected: bool, spill: float, share_inmss: float, u: float, rng: np.random.Generator) -> tuple[float, int]:
    """Of ``spill`` children refused an in-borough place, how many take an over-capacity maintained
    place instead of INMSS (each with probability ``1 - share_inmss``), from uniform ``u``; also 1
    if numpy's sampler was needed. Called only when ``spill > 0`` and ``share_inmss < 1``."""
    q = 1.0 - share_inmss
    if expected:
        return spill * q, 0
    c, extra = _split_count(int(spill), q, u, rng) if q < 1.0 else (int(spill), 0)
    return float(c), extra


@njit(cache=True, nogil=True)
def step_month(
    expected: bool,
    stock: np.ndarray,  # [P, A, N, S] children, updated in place
    queue: np.ndarray,  # [P, A, N] assessments in progress, updated in place
    request_rate: np.ndarray,  # [P] requests per month
    request_none: np.ndarray,  # [P, A, N] probability of no agreed request in the cell, exp(-rate * agreed_share * request_mix)
    pool: np.ndarray,  # [U] uniforms of the chunk, refilled from rng when used up
    cursor: np.ndarray,  # [1] next unused uniform of the pool (updated)
    rng: np.random.Generator,
    p0: np.ndarray,  # [R, POWER_COLUMNS] powers of (1 - q_r) of each fixed probability r (see POWER_BITS)
    row_q: np.ndarray,  # [R] probability sampled (min(p, 1 - p)) of each row ...
    row_log_miss: np.ndarray,  # [R] ... log(1 - q) ...
    row_flip: np.ndarray,  # [R] ... and whether that is the complement (p > 0.5)
    cease_row: np.ndarray,  # [P, A] row of each path's ceasing probability by age band
    convert_row: np.ndarray,  # [P] row of each path's conversion share
    breakdown_row: int,
    step_down_row: int,
    ageing_row: np.ndarray,  # [A] row of each band's September ageing share
    completion: float,  # probability an assessment being worked on completes in the month
    completion_none: np.ndarray,  # [M] P(0) of m assessments completing at probability ``completion``, -1: not yet computed (kept)
    slots: np.ndarray,  # [P] assessments that can be worked on at once (before officers the rule added)
    policy: np.ndarray,  # casework response rule (capacity.POLICY_FIELDS)
    response: np.ndarray,  # [P, 3] rule state per path (capacity.casework_response), updated in place
    agreed_share: np.ndarray,  # [P]
    request_mix: np.ndarray,  # [A, N]
    placement: np.ndarray,  # [A, N, S] shares for new plans this month
    placement_cum: np.ndarray,  # [A, N, S] cumulative shares (last = 1)
    placement_chain: np.ndarray,  # [A, N, S] share of each setting among it and the later ones (1 at the last with a share)
    placement_settings: np.ndarray,  # [A, N] settings with a share
    unit_of_specialist: np.ndarray,  # [A, N] unit share among unit + special placements
    cap: np.ndarray,  # [2, A, N] places open this month
    september: bool,
    phase: np.ndarray,  # [A - 1, S, S] phase transfer shares from band b
    phase_cum: np.ndarray,  # [A - 1, S, S] cumulative
    phase_chain: np.ndarray,  # [A - 1, S, S] as placement_chain
    phase_settings: np.ndarray,  # [A - 1, S] settings with a share
    t: int,  # month index: flows go to [:, t], month-end records to [:, t + 1]
    flows: np.ndarray,  # [P, T, F] (written)
    by_band_setting: np.ndarray,  # [P, T + 1, A, S] children (written; float64, or int32 for drawn paths)
    specialist: np.ndarray,  # [P, T + 1, A, N] unit + special + INMSS (written)
    inmss: np.ndarray,  # [P, T + 1, A, N] (written)
    queue_total: np.ndarray,  # [P, T + 1] (written; records take the type of ``by_band_setting``)
    officers_added: np.ndarray,  # [P, T] casework officers the rule added, in post during the month (written)
    slots_used: np.ndarray,  # [P, T] slots of the month (written)
    spill_share: np.ndarray,  # [P] share of children refused an in-borough place who go to INMSS (the rest: over-capacity maintained)
    draws: np.ndarray,  # [P, T, 2] uniforms taken from the pool, counts left to numpy's samplers (written)
) -> None:
    """Advance every path one month in place and write its flows and month-end records."""
    paths = stock.shape[0]
    n_pool = pool.shape[0]
    arriving = np.zeros((_N, _S))
    movers = np.zeros((_A, _N, _S))
    placed = np.zeros(_S)
    j = cursor[0]  # next unused uniform of the pool
    refills = 0
    for p in range(paths):
        taken_before = refills * n_pool + j
        sampled = 0  # counts left to numpy's samplers
        ceased = 0.0
        broke_total = 0.0
        overflow = 0.0
        over_capacity = 0.0
        stepped = 0.0
        share_inmss = spill_share[p]

        # 1. ceasing; 2. mainstream breakdown -> unit or special; 3. INMSS step-down
        for a in range(_A):
            row = cease_row[p, a]
            q = row_q[row]
            flip = row_flip[row]
            for i in range(_N):
                for k in range(_S):
                    n = stock[p, a, i, k]
                    if n <= 0.0:
                        continue
                    if expected:
                        x = n * (1.0 - q if flip else q)
                    else:
                        if j >= n_pool:
                            refill(pool, rng)
                            j = 0
                            refills += 1
                        uu = pool[j]
                        j += 1
                        if uu < 1.0 - n * q - NONE_BOUND_MARGIN:  # below P(0) without reading it (NONE_BOUND_MARGIN)
                            if not flip:
                                continue  # nobody ceases: the common case
                            c = 0
                        else:
                            m = int(n)
                            first = p0[row, m >> _POWER_BITS] * p0[row, _POWER_LOW + (m & _POWER_MASK)] if m < _POWER_N else -1.0
                            if uu < first and not flip:
                                continue  # nobody ceases: the common case
                            c = 0 if uu < first else _past_zero(m, q, row_log_miss[row], first, uu)
                            if c < 0:
                                c = rng.binomial(m, q)
                                sampled += 1
                        x = float(c)
                        if flip:
                            x = n - x
                    stock[p, a, i, k] = n - x
                    ceased += x
        for stage in range(2):  # 0: breakdown (mainstream), 1: step-down (INMSS)
            row = breakdown_row if stage == 0 else step_down_row
            setting = _MAIN if stage == 0 else _INMSS
            q = row_q[row]
            flip = row_flip[row]
            for a in range(_A):
                for i in range(_N):
                    n = stock[p, a, i, setting]
                    if n <= 0.0:
                        continue
                    if expected:
                        x = n * (1.0 - q if flip else q)
                    else:
                        if j >= n_pool:
                            refill(pool, rng)
                            j = 0
                            refills += 1
                        uu = pool[j]
                        j += 1
                        if uu < 1.0 - n * q - NONE_BOUND_MARGIN:  # below P(0) without reading it (NONE_BOUND_MARGIN)
                            if not flip:
                                continue
                            c = 0
                        else:
                            m = int(n)
                            first = p0[row, m >> _POWER_BITS] * p0[row, _POWER_LOW + (m & _POWER_MASK)] if m < _POWER_N else -1.0
                            if uu < first and not flip:
                                continue
                            c = 0 if uu < first else _past_zero(m, q, row_log_miss[row], first, uu)
                            if c < 0:
                                c = rng.binomial(m, q)
                                sampled += 1
                        x = float(c)
                        if flip:
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
                                refill(pool, rng)
                                j = 0
                                refills += 1
                            c, extra = _split_count(int(x), pu, pool[j], rng)
                            j += 1
                            sampled += extra
                            want_unit = float(c)
                        admit_unit, admit_special, spill = _admission(want_unit, x - want_unit, unit, special, cap[0, a, i], cap[1, a, i])
                        over = 0.0
                        if spill > 0.0 and share_inmss < 1.0:
                            if not expected and j >= n_pool:
                                refill(pool, rng)
                                j = 0
                                refills += 1
                            over, extra = _over_capacity(expected, spill, share_inmss, 0.0 if expected else pool[j], rng)
                            j += 0 if expected else 1
                            sampled += extra
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
        path_slots = casework_response(policy, t, in_progress, slots[p], completion, response[p])
        officers_added[p, t] = response[p, 0]
        slots_used[p, t] = path_slots
        p_complete = completion * min(1.0, path_slots / max(in_progress, 1e-9))
        flip_complete = p_complete > 0.5
        q_complete = 1.0 - p_complete if flip_complete else p_complete
        log_miss_complete = math.log1p(-q_complete)
        remembered = p_complete == completion  # slots for every assessment: P(0) of each count is kept
        row = convert_row[p]
        q = row_q[row]
        flip = row_flip[row]
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
                        refill(pool, rng)
                        j = 0
                        refills += 1
                    m = int(n)
                    if remembered and m < completion_none.shape[0]:
                        first = completion_none[m]
                        if first < 0.0:
                            first = math.exp(m * log_miss_complete)
                            completion_none[m] = first
                        c = binomial_count_from_zero(m, q_complete, first, pool[j])
                    else:
                        c = binomial_count_log(n, q_complete, log_miss_complete, pool[j])
                    j += 1
                    if c < 0:
                        c = rng.binomial(int(n), q_complete)
                        sampled += 1
                    done = n - c if flip_complete else float(c)
                if done <= 0.0:
                    continue
                queue[p, a, i] = n - done
                completed_total += done
                if expected:
                    plans = done * (1.0 - q if flip else q)
                else:
                    if j >= n_pool:
                        refill(pool, rng)
                        j = 0
                        refills += 1
                    uu = pool[j]
                    j += 1
                    m = int(done)
                    first = p0[row, m >> _POWER_BITS] * p0[row, _POWER_LOW + (m & _POWER_MASK)] if m < _POWER_N else -1.0
                    c = 0 if uu < first else _past_zero(m, q, row_log_miss[row], first, uu)
                    if c < 0:
                        c = rng.binomial(m, q)
                        sampled += 1
                    plans = float(c)
                    if flip:
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
                    left = int(plans)
                    if left > CHAIN_CHILDREN_PER_SPLIT * (placement_settings[a, i] - 1):
                        for k in range(_S):
                            share = placement_chain[a, i, k]
                            if left <= 0:
                                break
                            if share <= 0.0:
                                continue
                            if share >= 1.0:
                                placed[k] += left
                                break
                            if j >= n_pool:
                                refill(pool, rng)
                                j = 0
                                refills += 1
                            c, extra = _split_count(left, share, pool[j], rng)
                            j += 1
                            sampled += extra
                            placed[k] += c
                            left -= c
                    else:
                        s0, s1, s2 = placement_cum[a, i, 0], placement_cum[a, i, 1], placement_cum[a, i, 2]
                        s3, s4 = placement_cum[a, i, 3], placement_cum[a, i, 4]
                        for _ in range(left):
                            if j >= n_pool:
                                refill(pool, rng)
                                j = 0
                                refills += 1
                            placed[_setting_of(pool[j], s0, s1, s2, s3, s4)] += 1.0
                            j += 1
                stock[p, a, i, _MAIN] += placed[_MAIN]
                stock[p, a, i, _COLLEGE] += placed[_COLLEGE]
                stock[p, a, i, _AP] += placed[_AP]
                unit = stock[p, a, i, _UNIT]
                special = stock[p, a, i, _SPEC]
                admit_unit, admit_special, spill = _admission(placed[_UNIT], placed[_SPEC], unit, special, cap[0, a, i], cap[1, a, i])
                over = 0.0
                if spill > 0.0 and share_inmss < 1.0:
                    if not expected and j >= n_pool:
                        refill(pool, rng)
                        j = 0
                        refills += 1
                    over, extra = _over_capacity(expected, spill, share_inmss, 0.0 if expected else pool[j], rng)
                    j += 0 if expected else 1
                    sampled += extra
                stock[p, a, i, _UNIT] = unit + admit_unit
                stock[p, a, i, _SPEC] = special + admit_special + over
                stock[p, a, i, _INMSS] += placed[_INMSS] + spill - over
                overflow += spill - over
                over_capacity += over
        # agreed and refused requests are independent Poisson streams (thinning)
        rate = request_rate[p]
        agreed = agreed_share[p]
        agreed_total = 0.0
        for a in range(_A):
            for i in range(_N):
                lam = rate * agreed * request_mix[a, i]
                if lam <= 0.0:
                    continue
                if expected:
                    x = lam
                else:
                    if j >= n_pool:
                        refill(pool, rng)
                        j = 0
                        refills += 1
                    c = poisson_count_from_zero(lam, request_none[p, a, i], pool[j])
                    j += 1
                    if c < 0:
                        c = rng.poisson(lam)
                        sampled += 1
                    x = float(c)
                queue[p, a, i] += x
                agreed_total += x
        lam = rate * (1.0 - agreed)
        if expected or lam <= 0.0:
            refused = max(lam, 0.0)
        else:
            if j >= n_pool:
                refill(pool, rng)
                j = 0
                refills += 1
            c = poisson_count(lam, pool[j])
            j += 1
            if c < 0:
                c = rng.poisson(lam)
                sampled += 1
            refused = float(c)

        # 5. September: ageing and phase transfer (post-19 movers age out at 25)
        aged_out = 0.0
        if september:
            for a in range(_A):
                row = ageing_row[a]
                q = row_q[row]
                flip = row_flip[row]
                for i in range(_N):
                    for k in range(_S):
                        n = stock[p, a, i, k]
                        x = 0.0
                        if n > 0.0:
                            if expected:
                                x = n * (1.0 - q if flip else q)
                            else:
                                if j >= n_pool:
                                    refill(pool, rng)
                                    j = 0
                                    refills += 1
                                uu = pool[j]
                                j += 1
                                m = int(n)
                                first = p0[row, m >> _POWER_BITS] * p0[row, _POWER_LOW + (m & _POWER_MASK)] if m < _POWER_N else -1.0
                                c = 0 if uu < first else _past_zero(m, q, row_log_miss[row], first, uu)
                                if c < 0:
                                    c = rng.binomial(m, q)
                                    sampled += 1
                                x = n - c if flip else float(c)
                            stock[p, a, i, k] = n - x
                            if a == _POST19:
                                aged_out += x
                        movers[a, i, k] = x
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
                            continue
                        left = int(n)
                        if left > CHAIN_CHILDREN_PER_SPLIT * (phase_settings[b, k] - 1):
                            for to in range(_S):
                                share = phase_chain[b, k, to]
                                if left <= 0:
                                    break
                                if share <= 0.0:
                                    continue
                                if share >= 1.0:
                                    arriving[i, to] += left
                                    break
                                if j >= n_pool:
                                    refill(pool, rng)
                                    j = 0
                                    refills += 1
                                c, extra = _split_count(left, share, pool[j], rng)
                                j += 1
                                sampled += extra
                                arriving[i, to] += c
                                left -= c
                        else:
                            s0, s1, s2 = phase_cum[b, k, 0], phase_cum[b, k, 1], phase_cum[b, k, 2]
                            s3, s4 = phase_cum[b, k, 3], phase_cum[b, k, 4]
                            for _ in range(left):
                                if j >= n_pool:
                                    refill(pool, rng)
                                    j = 0
                                    refills += 1
                                arriving[i, _setting_of(pool[j], s0, s1, s2, s3, s4)] += 1.0
                                j += 1
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
                        if not expected and j >= n_pool:
                            refill(pool, rng)
                            j = 0
                            refills += 1
                        over, extra = _over_capacity(expected, spill, share_inmss, 0.0 if expected else pool[j], rng)
                        j += 0 if expected else 1
                        sampled += extra
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
        draws[p, t, 0] = refills * n_pool + j - taken_before
        draws[p, t, 1] = sampled

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
    cursor[0] = j
