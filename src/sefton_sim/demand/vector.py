"""The vector core: the production SEND engine.

Arrays carry Monte Carlo paths on the leading axis: ``stock[path, age_band, need, setting]``
and ``queue[path, age_band, need]`` (agreed assessments in progress). A Python loop runs over
months only; never over paths or children. Each month, in this order:

1. plans cease (monthly hazard by age band);
2. mainstream placements break down and need a specialist place (capacity applies);
3. INMSS children step down when an in-borough place is free;
4. assessments in progress complete (caseworker slots limit how many are worked on at once),
   a share convert to plans, and new plans are placed by age band and need (in-borough
   specialist places within capacity, a full unit spilling to a free special place, then
   overflow to INMSS); new requests arrive (Poisson, rate
   growing by a per-path trend) and a share are agreed for assessment;
5. in September, 1/width of each age band moves up a band (phase transfer may change setting,
   capacity applies); post-19 movers age out at 25.

Seeds: the paths are cut into fixed chunks; chunk ``i`` draws from
``SeedSequence(seed, spawn_key=(i,))``, so output never depends on how chunks are scheduled.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from sefton_sim.demand import states as st
from sefton_sim.demand.capacity import month_starts
from sefton_sim.demand.draws import ExpectedDraws, RandomDraws
from sefton_sim.demand.rates import SendRates

CHUNK_PATHS = 1000
"""Paths per chunk (fixed, so a path's random stream never depends on the worker count)."""

FLOW_NAMES: tuple[str, ...] = (
    "requests",
    "assessments_agreed",
    "assessments_completed",
    "new_plans",
    "ceased",
    "aged_out",
    "overflow_to_inmss",
    "mainstream_breakdowns",
    "inmss_step_downs",
)
"""Monthly flows recorded per path (children or requests in the month)."""


@dataclass
class DemandPaths:
    """Simulated SEND demand: states at each month start, flows during each month."""

    dates: tuple  # T+1 month starts (the last is the day after the horizon)
    stock_by_band_setting: np.ndarray  # [P, T+1, A, S]
    specialist_by_band_need: np.ndarray  # [P, T+1, A, N] unit + special + INMSS
    inmss_by_band_need: np.ndarray  # [P, T+1, A, N]
    queue: np.ndarray  # [P, T+1] assessments in progress
    flows: dict[str, np.ndarray]  # name -> [P, T]
    request_trend_per_year: np.ndarray  # [P] parameter draw of each path
    request_rate_at_base: np.ndarray  # [P]
    capacity: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0))  # [T, 2, A, N]

    @property
    def paths(self) -> int:
        """Number of Monte Carlo paths."""
        return self.stock_by_band_setting.shape[0]

    def ehcp_total(self) -> np.ndarray:
        """Children with an EHC plan at each month start, [P, T+1]."""
        return self.stock_by_band_setting.sum(axis=(2, 3))


def _free(stock: np.ndarray, cap: np.ndarray, k: int, setting: int) -> np.ndarray:
    return np.maximum(cap[k] - stock[..., setting], 0).astype(stock.dtype, copy=False)


def _admit(stock: np.ndarray, desire_unit: np.ndarray, desire_special: np.ndarray, cap: np.ndarray) -> np.ndarray:
    """Place children wanting unit / special places within capacity; the rest go to INMSS.

    Children wanting a special place take free special places first; children wanting a unit
    place take free unit places, and if the unit is full, a free special place; only then does
    anyone go to INMSS. ``stock`` is [P, A, N, S] (or one band, [P, N, S] with ``cap`` [2, N]).
    Returns the overflow to INMSS.
    """
    admit_unit = np.minimum(desire_unit, _free(stock, cap, 0, st.SEN_UNIT))
    stock[..., st.SEN_UNIT] += admit_unit
    admit_special = np.minimum(desire_special + (desire_unit - admit_unit), _free(stock, cap, 1, st.SPECIAL))
    stock[..., st.SPECIAL] += admit_special
    overflow = desire_unit + desire_special - admit_unit - admit_special
    stock[..., st.INMSS] += overflow
    return overflow


def initial_counts(expected: np.ndarray) -> np.ndarray:
    """Whole children from a base-date table that may hold fractions (nearest integer per cell)."""
    return np.rint(np.asarray(expected, dtype=np.float64)).astype(np.int64)


def _step_month(
    t: int,
    rates: SendRates,
    draws: RandomDraws | ExpectedDraws,
    stock: np.ndarray,
    queue: np.ndarray,
    request_rate: np.ndarray,
    flows: dict[str, np.ndarray],
) -> None:
    """Advance one month in place; write this month's flows (summed per path) into ``flows``."""
    cap = rates.capacity[t]
    total_axes = tuple(range(1, stock.ndim))

    # 1. ceasing
    if np.all(rates.ceasing_per_month == rates.ceasing_per_month[0]):
        ceased = draws.binomial_fixed(stock, float(rates.ceasing_per_month[0]))
    else:
        ceased = draws.binomial(stock, rates.ceasing_per_month[:, None, None])
    stock -= ceased

    # 2. mainstream breakdown -> specialist place (unit or special by placement shares)
    broke = draws.binomial_fixed(stock[..., st.MAINSTREAM], rates.breakdown_per_month)
    stock[..., st.MAINSTREAM] -= broke
    unit_share = rates.placement[t, ..., st.SEN_UNIT]
    spec_share = rates.placement[t, ..., st.SPECIAL]
    denom = unit_share + spec_share
    p_unit = np.divide(unit_share, denom, out=np.zeros_like(denom), where=denom > 0)
    want_unit = draws.binomial(broke, p_unit)
    overflow = _admit(stock, want_unit, broke - want_unit, cap)

    # 3. INMSS step-down into free in-borough places (special first, then unit)
    candidates = draws.binomial_fixed(stock[..., st.INMSS], rates.step_down_per_month)
    to_special = np.minimum(candidates, _free(stock, cap, 1, st.SPECIAL))
    to_unit = np.minimum(candidates - to_special, _free(stock, cap, 0, st.SEN_UNIT))
    stock[..., st.INMSS] -= to_special + to_unit
    stock[..., st.SPECIAL] += to_special
    stock[..., st.SEN_UNIT] += to_unit

    # 4. assessments complete, convert, and are placed; new requests arrive
    in_progress = queue.sum(axis=(1, 2))
    worked = np.minimum(1.0, rates.assessment_slots[t] / np.maximum(in_progress, 1e-9))
    completed = draws.binomial(queue, (rates.service_completion_per_month * worked)[:, None, None])
    queue -= completed
    new_plans = draws.binomial_fixed(completed, rates.conversion_share)
    placed = draws.split(new_plans, rates.placement[t])
    stock[..., st.MAINSTREAM] += placed[..., st.MAINSTREAM]
    stock[..., st.COLLEGE] += placed[..., st.COLLEGE]
    stock[..., st.AP_OTHER] += placed[..., st.AP_OTHER]
    stock[..., st.INMSS] += placed[..., st.INMSS]
    overflow = overflow.sum(axis=(1, 2)) + _admit(stock, placed[..., st.SEN_UNIT], placed[..., st.SPECIAL], cap).sum(axis=(1, 2))
    # agreed and refused requests are independent Poisson streams (thinning), so only the
    # agreed ones need drawing cell by cell; refusals are counted per path
    agreed = draws.poisson((request_rate * rates.agreed_share)[:, None, None] * rates.request_mix)
    refused = draws.poisson(request_rate * (1.0 - rates.agreed_share))
    queue += agreed

    # 5. September: ageing and phase transfer
    aged_out = np.zeros(stock.shape[0])
    if rates.september[t]:
        movers = draws.binomial(stock, rates.ageing_share[:, None, None])
        stock -= movers
        aged_out = movers[:, st.POST19].sum(axis=(1, 2))
        for b in range(st.A - 2, -1, -1):
            arriving = draws.split(movers[:, b], rates.phase_transfer[b]).sum(axis=-2)  # [P, N, S_to]
            # need suitability: no unit places for this band and need -> special
            no_unit = cap[0, b + 1] <= 0
            redirect = np.where(no_unit, arriving[..., st.SEN_UNIT], 0)
            arriving[..., st.SPECIAL] += redirect
            arriving[..., st.SEN_UNIT] -= redirect
            band = stock[:, b + 1]
            for s in (st.MAINSTREAM, st.INMSS, st.COLLEGE, st.AP_OTHER):
                band[..., s] += arriving[..., s]
            overflow = overflow + _admit(band, arriving[..., st.SEN_UNIT], arriving[..., st.SPECIAL], cap[:, b + 1]).sum(axis=1)

    flows["requests"][:, t] = agreed.sum(axis=(1, 2)) + refused
    flows["assessments_agreed"][:, t] = agreed.sum(axis=(1, 2))
    flows["assessments_completed"][:, t] = completed.sum(axis=(1, 2))
    flows["new_plans"][:, t] = new_plans.sum(axis=(1, 2))
    flows["ceased"][:, t] = ceased.sum(axis=total_axes)
    flows["aged_out"][:, t] = aged_out
    flows["overflow_to_inmss"][:, t] = overflow
    flows["mainstream_breakdowns"][:, t] = broke.sum(axis=(1, 2))
    flows["inmss_step_downs"][:, t] = (to_special + to_unit).sum(axis=(1, 2))


def _run_block(
    rates: SendRates,
    draws: RandomDraws | ExpectedDraws,
    trend: np.ndarray,
    rate0: np.ndarray,
    on_month: Callable[[int], None] | None = None,
) -> DemandPaths:
    P, T = trend.shape[0], rates.months
    dtype = np.int64 if draws.integer else np.float64
    out_dtype = np.int32 if draws.integer else np.float64
    stock0 = initial_counts(rates.initial_stock) if draws.integer else rates.initial_stock
    queue0 = initial_counts(rates.initial_queue) if draws.integer else rates.initial_queue
    stock = np.broadcast_to(stock0, (P, st.A, st.N, st.S)).astype(dtype)
    queue = np.broadcast_to(queue0, (P, st.A, st.N)).astype(dtype)
    by_bs = np.zeros((P, T + 1, st.A, st.S), dtype=out_dtype)
    spec = np.zeros((P, T + 1, st.A, st.N), dtype=out_dtype)
    inmss = np.zeros((P, T + 1, st.A, st.N), dtype=out_dtype)
    qrec = np.zeros((P, T + 1), dtype=out_dtype)
    flows = {name: np.zeros((P, T), dtype=out_dtype) for name in FLOW_NAMES}
    years = rates.years_from_base()

    def record(i: int) -> None:
        by_bs[:, i] = stock.sum(axis=2)
        spec[:, i] = stock[..., st.SEN_UNIT] + stock[..., st.SPECIAL] + stock[..., st.INMSS]
        inmss[:, i] = stock[..., st.INMSS]
        qrec[:, i] = queue.sum(axis=(1, 2))

    record(0)
    for t in range(T):
        request_rate = rate0 * np.exp(trend * years[t])
        _step_month(t, rates, draws, stock, queue, request_rate, flows)
        record(t + 1)
        if on_month is not None:
            on_month(1)
    dates = month_starts(rates.dates[0], T + 1)
    return DemandPaths(dates, by_bs, spec, inmss, qrec, flows, trend, rate0, rates.capacity)


def draw_parameters(rates: SendRates, rng: np.random.Generator, paths: int) -> tuple[np.ndarray, np.ndarray]:
    """Parameter uncertainty per path: request trend (normal) and base request rate (log-normal)."""
    trend = rates.request_trend_per_year + rates.request_trend_sd_per_year * rng.standard_normal(paths)
    rate0 = rates.request_rate_per_month_at_base * np.exp(rates.request_rate_sd_log * rng.standard_normal(paths))
    return trend, rate0


def simulate_chunk(rates: SendRates, seed: int, chunk: int, paths: int, on_month: Callable[[int], None] | None = None) -> DemandPaths:
    """Simulate one chunk of paths from its own seed stream ``SeedSequence(seed, spawn_key=(chunk,))``."""
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(chunk,))))
    trend, rate0 = draw_parameters(rates, rng, paths)
    return _run_block(rates, RandomDraws(rng), trend, rate0, on_month)


def concat_paths(parts: list[DemandPaths]) -> DemandPaths:
    """Join chunks along the path axis."""
    if len(parts) == 1:
        return parts[0]
    first = parts[0]
    return DemandPaths(
        first.dates,
        np.concatenate([p.stock_by_band_setting for p in parts]),
        np.concatenate([p.specialist_by_band_need for p in parts]),
        np.concatenate([p.inmss_by_band_need for p in parts]),
        np.concatenate([p.queue for p in parts]),
        {k: np.concatenate([p.flows[k] for p in parts]) for k in first.flows},
        np.concatenate([p.request_trend_per_year for p in parts]),
        np.concatenate([p.request_rate_at_base for p in parts]),
        first.capacity,
    )


def chunk_sizes(paths: int, chunk_paths: int = CHUNK_PATHS) -> list[int]:
    """Sizes of the fixed chunks that make up ``paths``."""
    full, rest = divmod(paths, chunk_paths)
    return [chunk_paths] * full + ([rest] if rest else [])


def simulate_send(
    rates: SendRates,
    paths: int,
    seed: int,
    on_month: Callable[[int], None] | None = None,
    chunk_paths: int = CHUNK_PATHS,
) -> DemandPaths:
    """Monte Carlo paths of SEND demand; identical for the same rates, paths and seed."""
    parts = [simulate_chunk(rates, seed, i, n, on_month) for i, n in enumerate(chunk_sizes(paths, chunk_paths))]
    return concat_paths(parts)


def expected_path(rates: SendRates) -> DemandPaths:
    """One deterministic mean-field path (expected flows) of the same model, for calibration."""
    trend = np.array([rates.request_trend_per_year])
    rate0 = np.array([rates.request_rate_per_month_at_base])
    return _run_block(rates, ExpectedDraws(), trend, rate0)
