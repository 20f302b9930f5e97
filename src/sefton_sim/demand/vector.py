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

Parameters: every path has its own (``PathParameters``): its request growth and base rate and,
with posterior draws (``SendRates.posterior``), its own draw of the whole fitted parameter vector
(agreed and conversion shares, ceasing, assessment slots, the starting queue, the request rate
and trend), as in the SimPy reference. The kernel takes them as arrays over paths, so a chunk is
one compiled call per month whatever the draws.

Seeds: the paths are cut into fixed chunks of ``CHUNK_PATHS``; chunk ``i`` draws from
``SeedSequence(seed, spawn_key=(i,))``, so output never depends on how chunks are scheduled.
The chunk's generator gives first every parameter draw (``draw_path_parameters``: the posterior
draw of each path, then the request growth), then the process noise: the kernel takes uniforms
from one pool per chunk refilled from the same generator, path after path and month after month,
and turns them into exact binomial, Poisson and multinomial counts by inversion (see ``kernel``).
The INMSS share of the overflow draws from its own stream (``SPILL_STREAM``). The
expected-value path (``expected_path``, for calibration) runs the same kernel with every draw
replaced by its mean.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from sefton_sim.demand import kernel
from sefton_sim.demand.rates import SendRates, posterior_draw_of_paths
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
    draws: np.ndarray = field(repr=False, default_factory=lambda: np.zeros((0, 0, 2), dtype=np.int64))  # [P, T, 2] kernel.DRAW_INDEX
    posterior_draw: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0, dtype=np.int64))  # [P] (-1: none)

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


POOL_UNIFORMS = 4096
"""Uniforms the chunk's pool holds; the kernel refills it from the chunk's generator when used up
(a Sefton baseline path takes about 280 a month, about 560 in September)."""


COMPLETION_COUNTS = 4096
"""Counts of assessments in a cell whose P(0) of completions the kernel keeps for the run (for months
with slots for every assessment, when the completion probability is the same for every path)."""


@dataclass(frozen=True)
class PathParameters:
    """The parameters of each path of a chunk, drawn before any process noise: the request growth
    (``draw_request_growth``) and the rates a posterior draw sets (the rates themselves without one)."""

    request_trend_per_year: np.ndarray  # [P]
    request_rate_at_base: np.ndarray  # [P] requests per month at the base date
    request_log_multiplier: np.ndarray  # [P, T]
    agreed_share: np.ndarray  # [P]
    conversion_share: np.ndarray  # [P]
    ceasing_per_month: np.ndarray  # [P, A]
    assessment_slots: np.ndarray  # [P, T]
    initial_queue: np.ndarray  # [P, A, N] assessments in progress at the start (expected values)
    posterior_draw: np.ndarray  # [P] posterior draw of each path (-1: none)

    @property
    def paths(self) -> int:
        """Number of paths."""
        return self.request_trend_per_year.shape[0]


def _rates_of_every_path(rates: SendRates, trend: np.ndarray, rate0: np.ndarray, log_multiplier: np.ndarray) -> PathParameters:
    P = trend.shape[0]
    return PathParameters(
        trend,
        rate0,
        log_multiplier,
        np.full(P, float(rates.agreed_share)),
        np.full(P, float(rates.conversion_share)),
        np.array(np.broadcast_to(np.asarray(rates.ceasing_per_month, dtype=float), (P, st.A))),
        np.array(np.broadcast_to(np.asarray(rates.assessment_slots, dtype=float), (P, rates.months))),
        np.array(np.broadcast_to(np.asarray(rates.initial_queue, dtype=float), (P, st.A, st.N))),
        np.full(P, -1, dtype=np.int64),
    )


def draw_path_parameters(rates: SendRates, rng: np.random.Generator, paths: int) -> PathParameters:
    """A chunk's parameter draws, all taken from ``rng`` before any process noise, in this order: with
    posterior draws (``rates.posterior``), each path's draw (``posterior_draw_of_paths``); then the
    request growth of every path (``draw_request_growth``, from the path's posterior rate and trend
    with no further spread). Drawing them first lets a run without process noise
    (``simulate_chunk_expected_given_parameters``) give every path the same parameters."""
    post = rates.posterior
    if post is None:
        return _rates_of_every_path(rates, *draw_request_growth(rates, rng, paths))
    d = posterior_draw_of_paths(rates, rng, paths)
    point = dataclasses.replace(rates, request_rate_sd_log=0.0, request_trend_sd_per_year=0.0)
    trend, rate0, log_multiplier = draw_request_growth(point, rng, paths, post.request_trend_per_year[d], post.request_rate_per_month_at_base[d])
    return PathParameters(
        trend,
        rate0,
        log_multiplier,
        post.agreed_share[d].astype(np.float64),
        post.conversion_share[d].astype(np.float64),
        np.repeat(post.ceasing_per_month[d].astype(np.float64)[:, None], st.A, axis=1),
        np.ascontiguousarray(post.assessment_slots[d], dtype=np.float64),
        post.assessments_in_progress_at_base[d][:, None, None] * np.asarray(rates.request_mix, dtype=np.float64)[None],
        d.astype(np.int64),
    )


def powers(log_miss: np.ndarray) -> np.ndarray:
    """Each probability's row of powers of ``1 - q`` in the kernel's form (``kernel.POWER_BITS``):
    ``(1 - q)^(32 h)`` for h < ``kernel.POWER_HIGH``, then ``(1 - q)^l`` for l < 32."""
    step = 1 << kernel.POWER_BITS
    exponents = np.concatenate([np.arange(kernel.POWER_HIGH) * step, np.arange(step)]).astype(np.float64)
    return np.exp(exponents[None, :] * np.asarray(log_miss, dtype=np.float64)[:, None])


def probability_of_none(p0: np.ndarray, row: int, m: int) -> float:
    """``P(0) = (1 - q)^m`` as the kernel reads it from row ``row`` of ``p0`` (``m < kernel.POWER_N``)."""
    return float(p0[row, m >> kernel.POWER_BITS] * p0[row, kernel.POWER_HIGH + (m & ((1 << kernel.POWER_BITS) - 1))])


@dataclass(frozen=True)
class _Rows:
    """The fixed probabilities of a run in the kernel's form: for each distinct probability (a row;
    of each path where a posterior draw sets it, ``_path_rows``),
    the probability sampled (the rarer outcome), its ``log(1 - q)``, whether it is the complement,
    and its row of powers (``powers``; one column when nothing is drawn); and the
    row of each use: ceasing [P, A], conversion [P], breakdown, step-down, ageing [A]."""

    p0: np.ndarray
    q: np.ndarray
    log_miss: np.ndarray
    flip: np.ndarray
    cease: np.ndarray
    convert: np.ndarray
    breakdown: int
    step_down: int
    ageing: np.ndarray


def _path_rows(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct probabilities of ``values`` [P, K] (each path's ceasing by band and conversion share)
    and the row of each value [P, K].

    When every path has the same values there is one row per distinct value, shared by all paths.
    When they differ (a posterior draw per path) each path gets rows of its own, next to each other
    and in path order: the kernel steps one path at a time, so the rows of powers it reads for a
    path are a few neighbouring cache lines rather than lines scattered over the whole table.
    """
    values = np.asarray(values, dtype=np.float64)
    paths = values.shape[0]
    if paths == 0 or bool(np.all(values == values[0])):
        distinct, inverse = np.unique(values, return_inverse=True)
        return distinct, inverse.reshape(values.shape)
    pairs = np.column_stack([np.repeat(np.arange(paths), values.shape[1]), values.reshape(-1)])
    distinct_pairs, inverse = np.unique(pairs, axis=0, return_inverse=True)
    return distinct_pairs[:, 1].copy(), inverse.reshape(values.shape)


def _rows(rates: SendRates, params: PathParameters, expected: bool) -> _Rows:
    per_path, rows_of_path = _path_rows(np.column_stack([params.ceasing_per_month, params.conversion_share]))
    others = np.array([float(rates.breakdown_per_month), float(rates.step_down_per_month), *map(float, rates.ageing_share)])
    prob = np.concatenate([per_path, others])
    q = np.minimum(prob, 1.0 - prob)
    log_miss = np.log1p(-q)
    p0 = np.zeros((q.size, 1)) if expected else powers(log_miss)
    fixed = per_path.size
    return _Rows(
        p0=p0,
        q=q,
        log_miss=log_miss,
        flip=prob > 0.5,
        cease=np.ascontiguousarray(rows_of_path[:, : st.A], dtype=np.int64),
        convert=np.ascontiguousarray(rows_of_path[:, st.A], dtype=np.int64),
        breakdown=fixed,
        step_down=fixed + 1,
        ageing=np.arange(fixed + 2, fixed + 2 + st.A, dtype=np.int64),
    )


@dataclass(frozen=True)
class _Splits:
    """Shares over settings in the kernel's forms: cumulative (one uniform per child), chained (the
    share of each setting among it and the later ones, 1 at the last with a share) and the number
    of settings with a share."""

    cum: np.ndarray
    chain: np.ndarray
    settings: np.ndarray


def _cumulative(shares: np.ndarray) -> np.ndarray:
    cum = np.cumsum(shares, axis=-1)
    cum[..., -1] = 1.0  # rounding never loses a child
    return np.ascontiguousarray(cum)


def _splits(shares: np.ndarray) -> _Splits:
    shares = np.asarray(shares, dtype=np.float64)
    tail = np.cumsum(shares[..., ::-1], axis=-1)[..., ::-1]
    chain = np.minimum(np.divide(shares, tail, out=np.zeros_like(shares), where=tail > 0), 1.0)
    has = shares > 0
    last = shares.shape[-1] - 1 - np.argmax(has[..., ::-1], axis=-1)
    np.put_along_axis(chain, last[..., None], np.where(has.any(axis=-1), 1.0, 0.0)[..., None], axis=-1)
    return _Splits(_cumulative(shares), np.ascontiguousarray(chain), np.ascontiguousarray(has.sum(axis=-1), dtype=np.int64))


@dataclass(frozen=True)
class _Records:
    """Month-end records of paths [P, T + 1, ...] in the output's type, written by the kernel."""

    by_band_setting: np.ndarray  # [P, T + 1, A, S]
    specialist: np.ndarray  # [P, T + 1, A, N]
    inmss: np.ndarray  # [P, T + 1, A, N]
    queue: np.ndarray  # [P, T + 1]

    @classmethod
    def zeros(cls, paths: int, months: int, dtype: type) -> _Records:
        """Records of ``paths`` paths over ``months`` months, all zero."""
        shape = (paths, months + 1)
        return cls(
            np.zeros((*shape, st.A, st.S), dtype=dtype),
            np.zeros((*shape, st.A, st.N), dtype=dtype),
            np.zeros((*shape, st.A, st.N), dtype=dtype),
            np.zeros(shape, dtype=dtype),
        )

    def rows(self, start: int, stop: int) -> _Records:
        """The records of paths ``start`` to ``stop`` (views)."""
        return _Records(self.by_band_setting[start:stop], self.specialist[start:stop], self.inmss[start:stop], self.queue[start:stop])


def _run_paths(
    rates: SendRates,
    rng: np.random.Generator | None,
    params: PathParameters,
    on_month: Callable[[int], None] | None = None,
    spill_share: np.ndarray | None = None,
    records: _Records | None = None,
) -> DemandPaths:
    """Run the month step (``kernel.step_month``) for all paths, one call per month; ``rng=None``: expected values.
    ``records``: zeroed month-end records to write into (by default new ones)."""
    expected = rng is None
    P, T = params.paths, rates.months
    out_dtype = np.float64 if expected else np.int32
    rec = _Records.zeros(P, T, out_dtype) if records is None else records
    stock0 = rates.initial_stock if expected else initial_counts(rates.initial_stock)
    queue0 = params.initial_queue if expected else initial_counts(params.initial_queue)
    stock = np.array(np.broadcast_to(stock0, (P, st.A, st.N, st.S)), dtype=np.float64, order="C")  # each path's block contiguous
    queue = np.array(queue0, dtype=np.float64, order="C")
    by_bs, spec, inmss, qrec = rec.by_band_setting, rec.specialist, rec.inmss, rec.queue
    flows = np.zeros((P, T, len(kernel.FLOW_INDEX)))
    draws = np.zeros((P, T, len(kernel.DRAW_INDEX)), dtype=np.int64)
    response = np.zeros((P, 3))
    officers = np.zeros((P, T))
    slots_used = np.zeros((P, T))
    policy = np.ascontiguousarray(rates.casework_policy, dtype=np.float64)
    spill = np.full(P, float(rates.overflow_to_inmss_share)) if spill_share is None else np.ascontiguousarray(spill_share, dtype=np.float64)
    by_bs[:, 0] = stock.sum(axis=2)
    spec[:, 0] = stock[..., st.SEN_UNIT] + stock[..., st.SPECIAL] + stock[..., st.INMSS]
    inmss[:, 0] = stock[..., st.INMSS]
    qrec[:, 0] = queue.sum(axis=(1, 2))
    rows = _rows(rates, params, expected)
    placement = np.ascontiguousarray(rates.placement, dtype=np.float64)
    placed = _splits(placement)
    phase = np.ascontiguousarray(rates.phase_transfer, dtype=np.float64)
    moved = _splits(phase)
    unit = placement[..., st.SEN_UNIT]
    denom = unit + placement[..., st.SPECIAL]
    unit_of_specialist = np.divide(unit, denom, out=np.zeros_like(denom), where=denom > 0)
    generator = rng if rng is not None else inversion.NO_DRAWS
    completion_none = np.full(COMPLETION_COUNTS, -1.0)  # filled by the kernel as counts occur
    pool = np.zeros(0 if expected else POOL_UNIFORMS)
    cursor = np.array([pool.shape[0]], dtype=np.int64)  # the first uniform fills the pool
    request_mix = np.ascontiguousarray(rates.request_mix, dtype=np.float64)
    no_requests = np.zeros((P, st.A, st.N))  # expected values draw nothing
    capacity = np.ascontiguousarray(rates.capacity, dtype=np.float64)
    agreed = np.ascontiguousarray(params.agreed_share, dtype=np.float64)
    slots = np.asfortranarray(params.assessment_slots, dtype=np.float64)  # column t contiguous
    for t in range(T):
        request_rate = params.request_rate_at_base * np.exp(params.request_log_multiplier[:, t])
        request_none = no_requests if expected else np.exp(-(request_rate * agreed)[:, None, None] * request_mix[None])
        kernel.step_month(
            expected,
            stock,
            queue,
            request_rate,
            request_none,
            pool,
            cursor,
            generator,
            rows.p0,
            rows.q,
            rows.log_miss,
            rows.flip,
            rows.cease,
            rows.convert,
            rows.breakdown,
            rows.step_down,
            rows.ageing,
            float(rates.service_completion_per_month),
            completion_none,
            slots[:, t],
            policy,
            response,
            agreed,
            request_mix,
            placement[t],
            placed.cum[t],
            placed.chain[t],
            placed.settings[t],
            unit_of_specialist[t],
            capacity[t],
            bool(rates.september[t]),
            phase,
            moved.cum,
            moved.chain,
            moved.settings,
            t,
            flows,
            by_bs,
            spec,
            inmss,
            qrec,
            officers,
            slots_used,
            spill,
            draws,
        )
        if on_month is not None:
            on_month(1)
    dates = month_starts(rates.dates[0], T + 1)
    flow_dict = {name: flows[:, :, i].astype(out_dtype) for name, i in kernel.FLOW_INDEX.items()}
    return DemandPaths(
        dates,
        by_bs,
        spec,
        inmss,
        qrec,
        {name: flow_dict[name] for name in FLOW_NAMES},
        params.request_trend_per_year,
        params.request_rate_at_base,
        rates.capacity,
        stock.astype(out_dtype),
        officers,
        slots_used,
        spill,
        draws,
        params.posterior_draw,
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


def draw_request_growth(
    rates: SendRates,
    rng: np.random.Generator,
    paths: int,
    trend_per_year: np.ndarray | None = None,
    rate_per_month: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per path: request trend (log growth per year, averaged over the horizon), base request rate, and the
    log multiplier of the request rate at every month [P, T]. ``trend_per_year`` and ``rate_per_month``
    ([P], e.g. each path's posterior draw) replace the rates' central values when given.

    With a structural growth state (``rates.structural_growth``) each path's request growth is the
    fitted trend plus the path's structural deviation of EHCP growth from the council's latest
    growth (``demand.structural_growth``: damped toward regional and national growth); otherwise
    the trend is normal with the fitted spread and constant over the horizon. Draws come from
    ``rng`` in a fixed order (growth first, then the base rate), so both engines see the same path.
    """
    years = rates.years_from_base()
    structural = rates.structural_growth
    centre = np.full(paths, float(rates.request_trend_per_year)) if trend_per_year is None else np.asarray(trend_per_year, dtype=np.float64)
    base_rate = float(rates.request_rate_per_month_at_base) if rate_per_month is None else np.asarray(rate_per_month, dtype=np.float64)
    if structural is None:
        trend = centre + rates.request_trend_sd_per_year * rng.standard_normal(paths)
        log_multiplier = trend[:, None] * years[None, :]
    else:
        horizon = max(int(np.ceil(years.max() - structural.start_years)) if years.size else 1, 1)
        growth = draw_growth_paths(structural.prior, structural.state, horizon, rng, paths)
        if structural.central_only:  # the draws above are still taken, so a path's other draws are unchanged
            growth = np.broadcast_to(central_growth_path(structural.prior, structural.state, horizon), growth.shape)
        deviation = growth - structural.state.growth
        log_multiplier = request_log_multiplier(centre[:, None], deviation, years, structural.start_years)
        trend = centre + deviation.mean(axis=1)
    rate0 = base_rate * np.exp(rates.request_rate_sd_log * rng.standard_normal(paths))
    return trend, rate0, log_multiplier


def draw_parameters(rates: SendRates, rng: np.random.Generator, paths: int) -> tuple[np.ndarray, np.ndarray]:
    """Parameter uncertainty per path: request trend and base request rate (see ``draw_request_growth``)."""
    trend, rate0, _ = draw_request_growth(rates, rng, paths)
    return trend, rate0


def simulate_chunk(rates: SendRates, seed: int, chunk: int, paths: int, on_month: Callable[[int], None] | None = None) -> DemandPaths:
    """Simulate one chunk of paths from its own seed stream ``SeedSequence(seed, spawn_key=(chunk,))``.

    Every path takes its own parameters first (``draw_path_parameters``: with posterior draws, one
    draw of the whole fitted parameter vector per path), then the process noise.
    """
    return _simulate_chunk(rates, seed, chunk, paths, on_month, None)


def _simulate_chunk(
    rates: SendRates, seed: int, chunk: int, paths: int, on_month: Callable[[int], None] | None, records: _Records | None
) -> DemandPaths:
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(chunk,))))
    params = draw_path_parameters(rates, rng, paths)
    spill = draw_spill_shares(rates, spill_generator(seed, (chunk, SPILL_STREAM)), paths)
    return _run_paths(rates, rng, params, on_month, spill, records)


def concat_paths(parts: list[DemandPaths]) -> DemandPaths:
    """Join chunks along the path axis."""
    return _join(parts, None)


def _join(parts: list[DemandPaths], records: _Records | None) -> DemandPaths:
    """``concat_paths``, with the month-end records already joined in ``records`` when given."""
    if len(parts) == 1:
        return parts[0]
    first = parts[0]
    return DemandPaths(
        first.dates,
        np.concatenate([p.stock_by_band_setting for p in parts]) if records is None else records.by_band_setting,
        np.concatenate([p.specialist_by_band_need for p in parts]) if records is None else records.specialist,
        np.concatenate([p.inmss_by_band_need for p in parts]) if records is None else records.inmss,
        np.concatenate([p.queue for p in parts]) if records is None else records.queue,
        {k: np.concatenate([p.flows[k] for p in parts]) for k in first.flows},
        np.concatenate([p.request_trend_per_year for p in parts]),
        np.concatenate([p.request_rate_at_base for p in parts]),
        first.capacity,
        None if any(p.final_stock is None for p in parts) else np.concatenate([p.final_stock for p in parts]),
        np.concatenate([p.casework_officers_added for p in parts]),
        np.concatenate([p.assessment_slots for p in parts]),
        np.concatenate([p.overflow_to_inmss_share for p in parts]),
        np.concatenate([p.draws for p in parts]),
        np.concatenate([p.posterior_draw for p in parts]),
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
    sizes = chunk_sizes(paths, chunk_paths)
    records = _Records.zeros(paths, rates.months, np.int32)  # every chunk writes its rows: nothing to join
    starts = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
    parts = [_simulate_chunk(rates, seed, i, n, on_month, records.rows(starts[i], starts[i + 1])) for i, n in enumerate(sizes)]
    return _join(parts, records)


def expected_path(rates: SendRates) -> DemandPaths:
    """One deterministic mean-field path (expected flows) of the same model, for calibration."""
    trend = np.array([rates.request_trend_per_year])
    rate0 = np.array([rates.request_rate_per_month_at_base])
    return _run_paths(rates, None, _rates_of_every_path(rates, trend, rate0, trend[:, None] * rates.years_from_base()[None, :]))


def expected_paths(rates: SendRates, trend: np.ndarray, rate0: np.ndarray) -> DemandPaths:
    """Mean-field paths (every draw replaced by its expectation), one per given parameter draw:
    ``trend`` (request growth per year, log) and ``rate0`` (requests per month at the base date),
    e.g. the draws a stochastic run recorded in ``request_trend_per_year`` and ``request_rate_at_base``.
    With structural growth the recorded trend is the path's average over the horizon, so these paths
    grow at that constant rate rather than along the path's damped growth."""
    trend = np.asarray(trend, dtype=np.float64)
    rate0 = np.asarray(rate0, dtype=np.float64)
    return _run_paths(rates, None, _rates_of_every_path(rates, trend, rate0, trend[:, None] * rates.years_from_base()[None, :]))


def simulate_chunk_expected_given_parameters(rates: SendRates, seed: int, chunk: int, paths: int) -> DemandPaths:
    """Chunk ``chunk`` with the same parameter draws as :func:`simulate_chunk` but no process noise.

    Each path runs the expected-value step from its own drawn parameters (request growth and, with
    posterior draws, its posterior draw), so a study can switch the Poisson/binomial noise off on
    common random numbers.
    """
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(chunk,))))
    params = draw_path_parameters(rates, rng, paths)
    spill = draw_spill_shares(rates, spill_generator(seed, (chunk, SPILL_STREAM)), paths)
    return _run_paths(rates, None, params, spill_share=spill)
