"""The vector core: the production SEND engine.

Arrays carry Monte Carlo paths on the leading axis: ``stock[path, age_band, need, setting]``
and ``queue[path, age_band, need]`` (agreed assessments in progress). A Python loop runs over
months only; each month one compiled call (``kernel.step_month``) steps every path of the
chunk, cell by cell, never child by child except to place new plans and movers. Each month, in
this order:

1. plans cease (monthly hazard by age band);
2. mainstream placements break down and need a specialist place (capacity applies);
3. INMSS children step down when an in-borough place is free;
4. the casework response rule (``capacity.casework_response``) sets the month's caseworker
   slots from the assessments in progress (officers recruited when the implied wait passes the
   trigger, in post after a lag); assessments in progress complete (slots limit how many are
   worked on at once),
   a share convert to plans, and new plans are placed by age band and need (in-borough
   specialist places within capacity, a full unit spilling to a free special place, then
   overflow: to INMSS with the path's ``overflow_to_inmss_share``, else to an over-capacity
   maintained place); new requests arrive (Poisson, rate growing by a per-path trend, or by the
   path's structural growth: ``draw_request_growth``) and a share are agreed for assessment;
5. in September, 1/width of each age band moves up a band (phase transfer may change setting,
   capacity applies); post-19 movers age out at 25.

Seeds: the paths are cut into fixed chunks; chunk ``i`` draws from
``SeedSequence(seed, spawn_key=(i,))``, so output never depends on how chunks are scheduled.
Each month the chunk draws a pool of uniforms per path in bulk (numpy) and the kernel turns
them into exact binomial, Poisson and multinomial counts by inversion (see ``kernel``). The
expected-value path (``expected_path``, for calibration) runs the same kernel with every draw
replaced by its mean.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from scipy.special import gammaln
from scipy.stats import binom

from sefton_sim.demand import kernel
from sefton_sim.demand.rates import PATHS_PER_POSTERIOR_DRAW, SendRates, posterior_draw_of_paths, with_posterior_draw
from sefton_sim.demand.structural_growth import central_growth_path, draw_growth_paths, request_log_multiplier
from sefton_sim.model import inversion
from sefton_sim.model import states as st
from sefton_sim.model.calendar import month_starts

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
    "overflow_over_capacity",
)
"""Monthly flows recorded per path (children or requests in the month). ``overflow_to_inmss``:
children refused an in-borough place who went to INMSS; ``overflow_over_capacity``: those who took
an over-capacity maintained place instead (``SendRates.overflow_to_inmss_share``)."""

SPILL_STREAM = 109
"""Seed stream of the per-path INMSS share of the overflow: chunk ``i`` draws from
``SeedSequence(seed, spawn_key=(i, 109))``, path ``i`` of the SimPy reference from ``(1, 109, i)``,
so the other draws of a path are the same whatever the share."""


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
    final_stock: np.ndarray | None = field(repr=False, default=None)  # [P, A, N, S] after the last month
    casework_officers_added: np.ndarray = field(repr=False, default_factory=lambda: np.zeros((0, 0)))  # [P, T] added by the rule, in post
    assessment_slots: np.ndarray = field(repr=False, default_factory=lambda: np.zeros((0, 0)))  # [P, T] slots each month
    overflow_to_inmss_share: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0))  # [P] parameter draw of each path

    @property
    def paths(self) -> int:
        """Number of Monte Carlo paths."""
        return self.stock_by_band_setting.shape[0]

    def ehcp_total(self) -> np.ndarray:
        """Children with an EHC plan at each month start, [P, T+1]."""
        return self.stock_by_band_setting.sum(axis=(2, 3))


def initial_counts(expected: np.ndarray) -> np.ndarray:
    """Whole children from a base-date table that may hold fractions (nearest integer per cell)."""
    return np.rint(np.asarray(expected, dtype=np.float64)).astype(np.int64)


TABLE_Q_MAX = 0.1
"""Fixed probabilities (or their complements) up to this get a cumulative table in the kernel."""

TABLE_N_MAX = 1024
"""Largest cell count served from a table; larger cells take numpy's exact sampler."""

POOL_UNIFORMS = 320
"""Uniforms drawn in bulk per path for an ordinary month; a path needing more refills its pool
from the same generator. A Sefton baseline path uses about 300 (at most about 350)."""

POOL_UNIFORMS_SEPTEMBER = 1152
"""Uniforms per path for a September month (ageing and phase transfer draw one per mover;
a Sefton baseline path uses about 1,050)."""


@dataclass(frozen=True)
class _FixedDraws:
    """The month step's fixed probabilities in the kernel's form: for ceasing by band, breakdown,
    step-down and conversion, the probability sampled (the rarer outcome), whether that is the
    complement, and the cumulative table that serves it (``kernel.NO_TABLE`` if none)."""

    q: np.ndarray  # [A + 3]
    flip: np.ndarray  # [A + 3]
    table: np.ndarray  # [A + 3]
    tables: np.ndarray  # [M, TABLE_N_MAX + 1, width]
    tables0: np.ndarray  # [M, TABLE_N_MAX + 1] first columns, contiguous
    width: np.ndarray  # [M]


def _cumulative_binomial(q: float) -> np.ndarray:
    """``C[n, k] = P(K <= k | n trials, probability q)`` for n up to ``TABLE_N_MAX``; columns stop
    where even the largest row's tail is below 1e-16."""
    n = np.arange(TABLE_N_MAX + 1)
    k = np.arange(int(binom.isf(1e-16, TABLE_N_MAX, q)) + 3)
    return binom.cdf(k[None, :], n[:, None], q)


def _cumulative_binomial_fast(q: float) -> np.ndarray:
    """``_cumulative_binomial`` summed from log-gamma probabilities (numpy, about a hundred times
    faster than scipy's cdf; agrees to about 1e-13): for a block of paths with its own draw."""
    n = np.arange(TABLE_N_MAX + 1, dtype=float)[:, None]
    k = np.arange(int(binom.isf(1e-16, TABLE_N_MAX, q)) + 3, dtype=float)[None, :]
    with np.errstate(invalid="ignore"):
        log_pmf = gammaln(n + 1.0) - gammaln(k + 1.0) - gammaln(np.maximum(n - k, 0.0) + 1.0) + k * np.log(q) + (n - k) * np.log1p(-q)
    pmf = np.where(k <= n, np.exp(log_pmf), 0.0)
    return np.minimum(np.cumsum(pmf, axis=1), 1.0)


@lru_cache(maxsize=16)
def _fixed_draws(probabilities: tuple[float, ...], fast: bool = False) -> _FixedDraws:
    rare = [min(p, 1.0 - p) for p in probabilities]
    chosen = sorted({q for q in rare if 0.0 < q <= TABLE_Q_MAX})
    built = [(_cumulative_binomial_fast if fast else _cumulative_binomial)(q) for q in chosen]
    width = max((b.shape[1] for b in built), default=1)
    tables = np.full((max(len(built), 1), TABLE_N_MAX + 1, width), 2.0)
    for m, b in enumerate(built):
        tables[m, :, : b.shape[1]] = b
    index = {q: m for m, q in enumerate(chosen)}
    return _FixedDraws(
        q=np.array(rare, dtype=np.float64),
        flip=np.array([p > 0.5 for p in probabilities]),
        table=np.array([index.get(q, kernel.NO_TABLE) for q in rare], dtype=np.int64),
        tables=tables,
        tables0=np.ascontiguousarray(tables[:, :, 0]),
        width=np.array([b.shape[1] for b in built] or [0], dtype=np.int64),
    )


@dataclass(frozen=True)
class _MonthInputs:
    """The rates in the kernel's form (cumulative shares, fixed-probability tables)."""

    fixed: _FixedDraws
    placement_cum: np.ndarray  # [T, A, N, S]
    unit_of_specialist: np.ndarray  # [T, A, N]
    phase_cum: np.ndarray  # [A-1, S, S]


def _cumulative(shares: np.ndarray) -> np.ndarray:
    cum = np.cumsum(shares, axis=-1)
    cum[..., -1] = 1.0  # rounding never loses a child
    return np.ascontiguousarray(cum)


def _expected_draws(probabilities: tuple[float, ...]) -> _FixedDraws:
    """The fixed probabilities without cumulative tables: a mean-field run draws nothing, so it
    never pays for building tables (calibration changes the probabilities on every evaluation)."""
    return _FixedDraws(
        q=np.array([min(p, 1.0 - p) for p in probabilities], dtype=np.float64),
        flip=np.array([p > 0.5 for p in probabilities]),
        table=np.full(len(probabilities), kernel.NO_TABLE, dtype=np.int64),
        tables=np.full((1, 1, 1), 2.0),
        tables0=np.full((1, 1), 2.0),
        width=np.zeros(1, dtype=np.int64),
    )


def _month_inputs(rates: SendRates, expected: bool = False, tables: bool = True) -> _MonthInputs:
    fixed = (*map(float, rates.ceasing_per_month), float(rates.breakdown_per_month), float(rates.step_down_per_month), float(rates.conversion_share))
    unit = rates.placement[..., st.SEN_UNIT]
    denom = unit + rates.placement[..., st.SPECIAL]
    return _MonthInputs(
        fixed=_expected_draws(fixed) if expected else _fixed_draws(fixed, not tables),
        placement_cum=_cumulative(rates.placement),
        unit_of_specialist=np.divide(unit, denom, out=np.zeros_like(denom), where=denom > 0),
        phase_cum=_cumulative(rates.phase_transfer),
    )


def _run_block(
    rates: SendRates,
    rng: np.random.Generator | None,
    trend: np.ndarray,
    rate0: np.ndarray,
    log_multiplier: np.ndarray,
    on_month: Callable[[int], None] | None = None,
    tables: bool = True,
    spill_share: np.ndarray | None = None,
) -> DemandPaths:
    # tables=False: a block with its own posterior draw builds its tables the fast way
    """Run the month step (``kernel.step_month``) for all paths; ``rng=None``: expected values."""
    expected = rng is None
    P, T = trend.shape[0], rates.months
    out_dtype = np.float64 if expected else np.int32
    stock0 = rates.initial_stock if expected else initial_counts(rates.initial_stock)
    queue0 = rates.initial_queue if expected else initial_counts(rates.initial_queue)
    stock = np.array(np.broadcast_to(stock0, (P, st.A, st.N, st.S)), dtype=np.float64)
    queue = np.array(np.broadcast_to(queue0, (P, st.A, st.N)), dtype=np.float64)
    by_bs = np.zeros((P, T + 1, st.A, st.S))
    spec = np.zeros((P, T + 1, st.A, st.N))
    inmss = np.zeros((P, T + 1, st.A, st.N))
    qrec = np.zeros((P, T + 1))
    flows = np.zeros((P, T, len(kernel.FLOW_INDEX)))
    response = np.zeros((P, 3))
    officers = np.zeros((P, T))
    slots_used = np.zeros((P, T))
    policy = np.ascontiguousarray(rates.casework_policy, dtype=np.float64)
    spill = np.full(P, float(rates.overflow_to_inmss_share)) if spill_share is None else np.ascontiguousarray(spill_share, dtype=np.float64)
    by_bs[:, 0] = stock.sum(axis=2)
    spec[:, 0] = stock[..., st.SEN_UNIT] + stock[..., st.SPECIAL] + stock[..., st.INMSS]
    inmss[:, 0] = stock[..., st.INMSS]
    qrec[:, 0] = queue.sum(axis=(1, 2))
    m = _month_inputs(rates, expected, tables)
    fx = m.fixed
    generator = rng if rng is not None else inversion.NO_DRAWS
    no_pool = np.zeros((P, 0))
    request_mix = np.ascontiguousarray(rates.request_mix, dtype=np.float64)
    placement = np.ascontiguousarray(rates.placement, dtype=np.float64)
    capacity = np.ascontiguousarray(rates.capacity, dtype=np.float64)
    ageing = np.ascontiguousarray(rates.ageing_share, dtype=np.float64)
    phase = np.ascontiguousarray(rates.phase_transfer, dtype=np.float64)
    for t in range(T):
        request_rate = rate0 * np.exp(log_multiplier[:, t])
        september = bool(rates.september[t])
        if expected:
            pool = no_pool
        else:
            assert rng is not None
            pool = rng.random((P, POOL_UNIFORMS_SEPTEMBER if september else POOL_UNIFORMS))
        kernel.step_month(
            expected,
            stock,
            queue,
            request_rate,
            pool,
            generator,
            fx.tables,
            fx.tables0,
            fx.width,
            fx.q,
            fx.flip,
            fx.table,
            float(rates.service_completion_per_month),
            float(rates.assessment_slots[t]),
            policy,
            response,
            float(rates.agreed_share),
            request_mix,
            placement[t],
            m.placement_cum[t],
            m.unit_of_specialist[t],
            capacity[t],
            september,
            ageing,
            phase,
            m.phase_cum,
            t,
            flows,
            by_bs,
            spec,
            inmss,
            qrec,
            officers,
            slots_used,
            spill,
        )
        if on_month is not None:
            on_month(1)
    dates = month_starts(rates.dates[0], T + 1)
    flow_dict = {name: flows[:, :, i].astype(out_dtype) for name, i in kernel.FLOW_INDEX.items()}
    return DemandPaths(
        dates,
        by_bs.astype(out_dtype),
        spec.astype(out_dtype),
        inmss.astype(out_dtype),
        qrec.astype(out_dtype),
        {name: flow_dict[name] for name in FLOW_NAMES},
        trend,
        rate0,
        rates.capacity,
        stock.astype(out_dtype),
        officers,
        slots_used,
        spill,
    )


def draw_spill_shares(rates: SendRates, rng: np.random.Generator, paths: int) -> np.ndarray:
    """Per-path INMSS share of the overflow: logit-normal around ``rates.overflow_to_inmss_share``
    with sd ``overflow_to_inmss_share_sd_logit``; a share of 1 or no spread draws nothing."""
    share = float(rates.overflow_to_inmss_share)
    sd = float(rates.overflow_to_inmss_share_sd_logit)
    if share >= 1.0 or share <= 0.0 or sd <= 0.0:
        return np.full(paths, share)
    logit = np.log(share / (1.0 - share)) + sd * rng.standard_normal(paths)
    return 1.0 / (1.0 + np.exp(-logit))


def spill_generator(seed: int, key: tuple[int, ...]) -> np.random.Generator:
    """The stream of the INMSS share draws: ``SeedSequence(seed, spawn_key=key)`` (see ``SPILL_STREAM``)."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=key)))


def draw_request_growth(rates: SendRates, rng: np.random.Generator, paths: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per path: request trend (log growth per year, averaged over the horizon), base request rate, and the
    log multiplier of the request rate at every month [P, T].

    With a structural growth state (``rates.structural_growth``) each path's request growth is the
    fitted trend plus the path's structural deviation of EHCP growth from the council's latest
    growth (``demand.structural_growth``: damped toward regional and national growth); otherwise
    the trend is normal with the fitted spread and constant over the horizon. Draws come from
    ``rng`` in a fixed order (growth first, then the base rate), so both engines see the same path.
    """
    years = rates.years_from_base()
    structural = rates.structural_growth
    if structural is None:
        trend = rates.request_trend_per_year + rates.request_trend_sd_per_year * rng.standard_normal(paths)
        log_multiplier = trend[:, None] * years[None, :]
    else:
        horizon = max(int(np.ceil(years.max())) if years.size else 1, 1)
        growth = draw_growth_paths(structural.prior, structural.state, horizon, rng, paths)
        if structural.central_only:  # the draws above are still taken, so a path's other draws are unchanged
            growth = np.broadcast_to(central_growth_path(structural.prior, structural.state, horizon), growth.shape)
        deviation = growth - structural.state.growth
        log_multiplier = request_log_multiplier(rates.request_trend_per_year, deviation, years)
        trend = rates.request_trend_per_year + deviation.mean(axis=1)
    rate0 = rates.request_rate_per_month_at_base * np.exp(rates.request_rate_sd_log * rng.standard_normal(paths))
    return trend, rate0, log_multiplier


def draw_parameters(rates: SendRates, rng: np.random.Generator, paths: int) -> tuple[np.ndarray, np.ndarray]:
    """Parameter uncertainty per path: request trend and base request rate (see ``draw_request_growth``)."""
    trend, rate0, _ = draw_request_growth(rates, rng, paths)
    return trend, rate0


def simulate_chunk(rates: SendRates, seed: int, chunk: int, paths: int, on_month: Callable[[int], None] | None = None) -> DemandPaths:
    """Simulate one chunk of paths from its own seed stream ``SeedSequence(seed, spawn_key=(chunk,))``.

    With posterior draws (``rates.posterior``), each block of ``PATHS_PER_POSTERIOR_DRAW`` paths
    takes one draw of the whole fitted parameter vector, chosen by the chunk's generator.
    """
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(chunk,))))
    blocks = _block_parameters(rates, rng, paths)
    spill = draw_spill_shares(rates, spill_generator(seed, (chunk, SPILL_STREAM)), paths)
    if len(blocks) == 1 and rates.posterior is None:
        block, trend, rate0, log_multiplier = blocks[0]
        return _run_block(block, rng, trend, rate0, log_multiplier, on_month, spill_share=spill)
    parts, start = [], 0
    for b, (block, trend, rate0, log_multiplier) in enumerate(blocks):
        n = trend.shape[0]
        parts.append(
            _run_block(block, rng, trend, rate0, log_multiplier, on_month if b == 0 else None, tables=False, spill_share=spill[start : start + n])
        )
        start += n
    return concat_paths(parts)


def _block_parameters(rates: SendRates, rng: np.random.Generator, paths: int) -> list[tuple[SendRates, np.ndarray, np.ndarray, np.ndarray]]:
    """A chunk's parameter draws, all taken before any process noise: one block of rates (a posterior
    draw per ``PATHS_PER_POSTERIOR_DRAW`` paths, or the rates themselves) with its paths' request
    trend, base rate and log multiplier. Drawing them first lets a run without process noise
    (``simulate_chunk_expected_given_parameters``) give every path the same parameters."""
    if rates.posterior is None:
        return [(rates, *draw_request_growth(rates, rng, paths))]
    out = []
    for b, d in enumerate(posterior_draw_of_paths(rates, rng, paths)):
        n = min(PATHS_PER_POSTERIOR_DRAW, paths - b * PATHS_PER_POSTERIOR_DRAW)
        block = with_posterior_draw(rates, int(d))
        out.append((block, *draw_request_growth(block, rng, n)))
    return out


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
        None if any(p.final_stock is None for p in parts) else np.concatenate([p.final_stock for p in parts]),
        np.concatenate([p.casework_officers_added for p in parts]),
        np.concatenate([p.assessment_slots for p in parts]),
        np.concatenate([p.overflow_to_inmss_share for p in parts]),
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
    return _run_block(rates, None, trend, rate0, trend[:, None] * rates.years_from_base()[None, :])


def expected_paths(rates: SendRates, trend: np.ndarray, rate0: np.ndarray) -> DemandPaths:
    """Mean-field paths (every draw replaced by its expectation), one per given parameter draw:
    ``trend`` (request growth per year, log) and ``rate0`` (requests per month at the base date),
    e.g. the draws a stochastic run recorded in ``request_trend_per_year`` and ``request_rate_at_base``.
    With structural growth the recorded trend is the path's average over the horizon, so these paths
    grow at that constant rate rather than along the path's damped growth."""
    trend = np.asarray(trend, dtype=np.float64)
    rate0 = np.asarray(rate0, dtype=np.float64)
    return _run_block(rates, None, trend, rate0, trend[:, None] * rates.years_from_base()[None, :])


def simulate_chunk_expected_given_parameters(rates: SendRates, seed: int, chunk: int, paths: int) -> DemandPaths:
    """Chunk ``chunk`` with the same parameter draws as :func:`simulate_chunk` but no process noise.

    Each path runs the expected-value step from its own drawn request trend and base rate, so a
    study can switch the Poisson/binomial noise off on common random numbers.
    """
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(chunk,))))
    spill = draw_spill_shares(rates, spill_generator(seed, (chunk, SPILL_STREAM)), paths)
    parts, start = [], 0
    for block, trend, rate0, log_multiplier in _block_parameters(rates, rng, paths):
        n = trend.shape[0]
        parts.append(_run_block(block, None, trend, rate0, log_multiplier, spill_share=spill[start : start + n]))
        start += n
    return concat_paths(parts)
