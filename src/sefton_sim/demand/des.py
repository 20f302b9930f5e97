"""The SimPy reference engine: the SEND model of the vector core, written child by child.

This is the *definition* of what the model means, slow and readable; ``vector.py`` is the fast
production engine. Both read the same ``SendRates`` (``rates.py``): no rate is written twice.
A test (``tests/test_des.py``) checks that the two agree in mean and spread.

Entities and resources (one Monte Carlo path = one ``simpy.Environment``):

* **one process per child with an EHC plan** (``_SendPath._child_life``), living in one cell
  (age band, need, setting) of the state space;
* **one process per agreed assessment** (``_SendPath._assessment``); when it ends in a plan the
  same entity id carries on as a child;
* **caseworker slots**, a ``simpy.PriorityResource`` (``CaseworkerSlots``) whose capacity follows
  ``rates.assessment_slots[t]`` month by month plus the officers the casework response rule has
  added (``capacity.casework_response``, called at each month start with the assessments then in
  progress, exactly as the vector core calls it); assessments hold slots first come, first served;
* **in-borough places**, one ``simpy.Resource`` per (setting, age band, need) cell (``PlaceCell``)
  whose capacity is ``rates.capacity[t, k, a, n]`` (k = 0 SEN unit, 1 special). Nobody queues
  for a place. As in ``vector._admit``, a child who wants a unit place and finds the unit cell
  full takes a free special place of the same band and need; a child who still finds no place
  (or wants special and finds it full) goes to INMSS at once (an ``overflow_to_inmss`` event);
* **the month tick** (``_SendPath._month_tick``), which orchestrates the phases below.

Time runs in months from ``rates.dates[0]`` (time 0). Decisions happen at month boundaries,
in exactly the vector core's order (its module docstring; ``kernel.step_month``). At the
boundary of month ``t`` (time ``t``) the tick sets month ``t``'s caseworker slots and places and
then fires these phases one after another, letting everything a phase sets off settle before the
next one starts (see ``Settled``):

1. ``CEASING`` — each child ceases with probability ``ceasing_per_month[band]``;
2. ``BREAKDOWN`` — each mainstream child breaks down with ``breakdown_per_month`` and wants a unit
   place with the vector core's share ``p_unit = unit / (unit + special)`` of ``placement[t]``,
   else a special place; capacity applies;
3. ``STEP_DOWN`` — each INMSS child steps down with ``step_down_per_month`` into a free special
   place of its own band and need, else a free unit place, else stays;
4. ``CASEWORK`` — each assessment holding a caseworker slot completes with probability
   ``service_completion_per_month``; a completed assessment becomes a plan with
   ``conversion_share`` and is placed by ``placement[t, band, need]`` (capacity applies);
5. in September only, ``AGEING_LEAVE`` then ``AGEING_ARRIVE`` — each child moves up a band with
   ``ageing_share[band]`` (post-19 movers age out). All movers leave their cells first, then
   arrive in the next band (setting by ``phase_transfer[band, setting]``; no unit places for the
   new band and need means special; capacity applies), as the vector core removes all movers
   before admitting any.

During month ``t`` (times in ``(t, t+1)``) requests arrive as a Poisson process with rate
``rate0 * exp(log_multiplier[t])`` (``vector.draw_request_growth``); a share ``agreed_share`` is agreed, its band and need
drawn from ``request_mix``. An agreed assessment asks for a caseworker slot at once (starting
mid-month when one is free) and has its first completion chance at the next boundary.

Within a phase, children act one after another. Only unit-wanters take unit places, and a phase
that admits never frees places, so whatever the order the numbers are the vector core's: unit
``min(want_unit, free_unit)``, special ``min(want_special + unit spill, free_special)``, the rest
INMSS. (Which child gets which place depends on the order; no count does.)

Monthly trials as waiting times. A child draws, for every monthly trial that applies to its
current state (ceasing; breakdown if in mainstream; step-down if in INMSS; ageing in Septembers),
the number of months until that trial first succeeds — geometric, which is the same as one
independent Bernoulli trial per month — and sleeps until the earliest (month, phase). Whenever it
wakes it draws afresh for the trials still ahead (memorylessness makes this exact). This keeps
the reference fast without changing its meaning.

Caseworkers: FIFO holding versus processor sharing. The vector core lets all ``q`` assessments
in progress share ``s`` slots (each completes with ``p * min(1, s / q)``); here the ``min(q, s)``
earliest-agreed assessments hold a slot and each completes with ``p``. Mean completions are
``p * min(q, s)`` in both. Their variance differs when slots bind: about ``s p (1 - p)`` here
against ``s p (1 - p s / q)`` there, so with a queue of three times the slots the reference's
monthly completions vary about 20% less (seen: variance 1.10 against 1.39). With Sefton's rates
slots bind only late in a forecast, and the agreement test sees no difference. ``s`` is a fitted caseload and need not be whole:
the resource has ``ceil(s)`` slots and the holder of the last one works ``s - floor(s)`` of the
month (see ``CaseworkerSlots``). When ``s`` falls, the latest-agreed holders are preempted and
wait again at their own place in the queue (an ``assessment_paused`` event).

Event log (``event_log=True``): one row per event, a polars frame with columns ``path``,
``time_months``, ``date``, ``entity`` (request / assessment / child id, unique within a path;
children at the base date come first, then the base-date assessments, then new requests),
``event`` (``EVENT_NAMES``), ``from_state`` and ``to_state`` (``"band/need/where"``, where is a
setting, ``awaiting_caseworker``, ``assessment``, ``assessed`` or ``plan``; ``requested`` before
agreement; null when an entity appears or leaves). A breakdown, placement or ageing row shows the
setting actually taken; a capacity refusal adds an ``overflow_to_inmss`` row from the wanted
setting to INMSS (a unit-wanter who spills into a special place shows ``special``, no extra row).
Assessments in progress at the base date have no ``request``/``agreed`` rows; their first row is
``assessment_start`` at time 0. ``assessment_paused`` (slots fell) is the one event type beyond
the flows of the vector core.

Transport record (``simulate_send_des_transport``): every time a child is placed in a setting
(at the base date, on a new plan, after a breakdown, a step-down, or arriving in the next age
band) it is transported with probability ``share_transported[setting]`` and, while it stays in
that placement, accrues ``cost_per_transported_pupil[setting] / 12`` for each month it starts in
place. Its draws come from a stream of their own, so the demand is exactly ``simulate_send_des``'s.
The vector side has no per-pupil record: ``finance.transport`` costs average children × share ×
cost, the conditional mean of this record given the children, so the two agree in mean while the
record adds the spread of who is transported (binomial given the children): at 10% of Sefton its
first-year standard deviation is 1.6 times the vector ledger's (``tests/test_des_agreement.py``).

Base-date counts are whole numbers per cell made as the vector core makes them (nearest integer; see
``_base_counts``).

Seeds: path ``i`` draws everything — its parameter draw (``vector.draw_parameters``), the order of
the base-date assessment queue, every trial — from
``Generator(PCG64(SeedSequence(seed, spawn_key=(1, 0, i))))``, a stream distinct from the vector
core's chunks (``spawn_key=(chunk,)``). The transport record draws from
``SeedSequence(seed, spawn_key=(1, TRANSPORT_STREAM, i))``. SimPy processes events in a fixed
order, so output is a function of (rates, paths, seed) alone.
"""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_left, bisect_right
from collections.abc import Generator, Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl
import simpy
from simpy.resources.resource import Preempted, PriorityRequest, Request

from sefton_sim.demand.capacity import casework_response
from sefton_sim.demand.rates import SendRates, with_posterior_draw
from sefton_sim.demand.vector import FLOW_NAMES, SPILL_STREAM, DemandPaths, draw_request_growth, draw_spill_shares, initial_counts, spill_generator
from sefton_sim.model import states as st
from sefton_sim.model.calendar import month_starts

DES_STREAM = 1
"""First spawn-key entry of the SimPy engine's seed streams: path ``i`` uses ``(DES_STREAM, 0, i)``."""

TRANSPORT_STREAM = 105
"""Second spawn-key entry of the transport record's streams: path ``i`` uses ``(1, 105, i)``."""

# Phases of a month boundary, in the vector core's order; MONTH_END is "during the month".
MONTH_START, CEASING, BREAKDOWN, STEP_DOWN, CASEWORK, AGEING_LEAVE, AGEING_ARRIVE, MONTH_END = range(8)

EVENT_NAMES: tuple[str, ...] = (
    "request",
    "agreed",
    "assessment_start",
    "assessment_paused",
    "assessment_complete",
    "plan_issued",
    "placed",
    "overflow_to_inmss",
    "ceased",
    "breakdown",
    "step_down",
    "aged",
    "aged_out",
)
"""Event types of the event log."""

_WHERE: tuple[str, ...] = st.SETTINGS + ("awaiting_caseworker", "assessment", "assessed", "plan")
AWAITING, ASSESSMENT, ASSESSED, PLAN = (st.S + i for i in range(4))
_NEVER = 1 << 30  # a month beyond any horizon


class Settled(simpy.events.Event):
    """An event that fires after everything else happening at the current instant.

    SimPy processes events of equal time by (priority, order scheduled); its own events use
    priority 0 (urgent) or 1 (normal). This one uses 2, so it waits until every event at this
    instant — including the ones those events schedule in turn (resource grants, process starts,
    interrupts) — has been processed. The month tick yields it between phases.
    """

    PRIORITY = 2

    def __init__(self, env: simpy.Environment) -> None:
        self.env = env
        self.callbacks = []
        self._ok = True
        self._value = None
        env.schedule(self, self.PRIORITY)  # type: ignore[arg-type]  # SimPy types priority as an enum of 0 and 1; 2 is documented above


class MonthClock:
    """Where the month tick is — (month, phase) — and one event per (month, phase) to wait on."""

    def __init__(self, env: simpy.Environment) -> None:
        self.env = env
        self.month = 0
        self.phase = MONTH_START
        self._events: dict[tuple[int, int], simpy.Event] = {}

    def first_month(self, phase: int) -> int:
        """The first month whose ``phase`` has not started yet."""
        return self.month if phase > self.phase else self.month + 1

    def at(self, month: int, phase: int) -> simpy.Event:
        """The event fired when ``phase`` of ``month`` starts (which must lie ahead)."""
        if (month, phase) <= (self.month, self.phase):
            raise RuntimeError(f"phase {phase} of month {month} has already started")
        key = (month, phase)
        event = self._events.get(key)
        if event is None:
            event = self._events[key] = self.env.event()
        return event

    def enter(self, month: int, phase: int) -> None:
        """Move to ``phase`` of ``month`` and wake everybody waiting for it."""
        self.month, self.phase = month, phase
        event = self._events.pop((month, phase), None)
        if event is not None:
            event.succeed(month)


class CaseworkerSlots(simpy.PriorityResource):
    """Caseworker slots for agreed assessments; capacity changes month by month.

    Requests carry their agreement order as priority, so the queue is first come, first served
    and a preempted assessment goes back to its own place. ``set_slots`` changes capacity:

    * more slots: queued assessments take the new slots at once;
    * fewer slots: the latest-agreed holders are preempted (their processes get a
      ``simpy.Interrupt`` whose cause is ``Preempted``) until the holders fit.

    A fractional caseload ``s`` is ``ceil(s)`` slots of which the last works a share
    ``s - floor(s)`` of the month: when all ``ceil(s)`` slots are held, the latest-agreed holder
    completes with probability ``p * (s - floor(s))`` (``work_share``). Mean completions are then
    ``p * min(in progress, s)``, exactly the vector core's.
    """

    def __init__(self, env: simpy.Environment, slots: float) -> None:
        super().__init__(env, capacity=max(math.ceil(slots), 1))
        self.slots = float(slots)
        self._part_time: Request | None = None

    def set_slots(self, slots: float) -> None:
        """Change the caseload that can be in progress at once (from this instant)."""
        self.slots = float(slots)
        whole = max(math.ceil(self.slots), 1)
        if whole > self._capacity:
            self._capacity = whole
            while self.put_queue and len(self.users) < whole:
                self._trigger_put(None)  # grants the head of the queue (one request per call)
        elif whole < self._capacity:
            self._capacity = whole
            while len(self.users) > whole:
                latest = max(self.users, key=lambda r: r.key)  # type: ignore[attr-defined]  # PriorityRequest has .key
                self.users.remove(latest)
                assert latest.proc is not None
                latest.proc.interrupt(Preempted(by=None, usage_since=latest.usage_since, resource=self))

    def fix_part_time_slot(self) -> None:
        """Decide which holder (if any) works part of the month; called before each casework phase."""
        whole = math.floor(self.slots)
        if self.slots > whole and len(self.users) > whole:
            self._part_time = max(self.users, key=lambda r: r.key)  # type: ignore[attr-defined]  # PriorityRequest has .key
        else:
            self._part_time = None

    def work_share(self, request: Request) -> float:
        """Share of the month the caseworker slot held by ``request`` works."""
        return self.slots - math.floor(self.slots) if request is self._part_time else 1.0


class PlaceCell(simpy.Resource):
    """In-borough places of one (setting, age band, need) cell; a child holds one while placed.

    Nobody queues: ``try_take`` returns a granted request or ``None`` when the cell is full.
    Capacity follows the month (``set_places``); children already placed keep their places when
    a cell holds more than its places (at the base date, say), exactly as the vector core's
    ``free = max(places - placed, 0)``.
    """

    def __init__(self, env: simpy.Environment, places: float) -> None:
        super().__init__(env, capacity=1)
        self._capacity: int = int(places)

    def set_places(self, places: float) -> None:
        """Places open from this instant."""
        self._capacity = int(places)

    @property
    def free(self) -> int:
        """Places not held by a child."""
        return max(self._capacity - len(self.users), 0)

    def try_take(self) -> Request | None:
        """Take a free place now, or ``None`` if the cell is full."""
        return self.request() if self.free > 0 else None

    def seat_at_base(self) -> Request:
        """A place for a child placed at the base date, whether or not the cell is over its places."""
        places = self._capacity
        self._capacity = max(places, len(self.users) + 1)
        request = self.request()
        self._capacity = places
        return request


@dataclass(slots=True)
class Child:
    """A child with an EHC plan: where they are now and the place they hold (unit/special only)."""

    id: int
    band: int
    need: int
    setting: int
    place: Request | None = None
    moving_to: int = -1  # setting wanted in the next band between AGEING_LEAVE and AGEING_ARRIVE
    moved_from: str = ""
    transported: bool = False  # home-to-school transport in the current placement (transport record only)


class _Cumulative:
    """Cumulative shares of a categorical distribution, for one uniform number per draw."""

    __slots__ = ("cum", "last")

    def __init__(self, shares: np.ndarray) -> None:
        self.cum = np.cumsum(shares).tolist()
        positive = np.flatnonzero(np.asarray(shares) > 0)
        self.last = int(positive[-1]) if positive.size else len(self.cum) - 1

    def draw(self, rng: np.random.Generator) -> int:
        k = bisect_right(self.cum, rng.random() * self.cum[-1])
        return min(k, self.last)


class _EventLog:
    """Columns of the event log of one path (``names``: the event types, an ordered enum)."""

    def __init__(self, names: tuple[str, ...] = EVENT_NAMES) -> None:
        self.names = names
        self.time: list[float] = []
        self.entity: list[int] = []
        self.event: list[str] = []
        self.from_state: list[str | None] = []
        self.to_state: list[str | None] = []

    def frame(self, path: int, month_dates: Sequence[dt.date]) -> pl.DataFrame:
        time = np.asarray(self.time, dtype=float)
        month = np.minimum(np.floor(time).astype(np.int64), len(month_dates) - 2)
        starts = np.array([d.toordinal() for d in month_dates], dtype=np.int64)
        days = np.diff(starts)
        epoch = dt.date(1970, 1, 1).toordinal()
        day = starts[month] + np.floor((time - month) * days[month]).astype(np.int64) - epoch
        return pl.DataFrame(
            {
                "path": pl.Series(np.full(time.size, path), dtype=pl.Int32),
                "time_months": pl.Series(time, dtype=pl.Float64),
                "date": pl.Series(day, dtype=pl.Int32).cast(pl.Date),
                "entity": pl.Series(self.entity, dtype=pl.Int64),
                "event": pl.Series(self.event, dtype=pl.Enum(self.names)),
                "from_state": pl.Series(self.from_state, dtype=pl.String),
                "to_state": pl.Series(self.to_state, dtype=pl.String),
            }
        )


@dataclass
class _PathResult:
    stock: np.ndarray  # [T+1, A, N, S]
    queue: np.ndarray  # [T+1]
    flows: dict[str, np.ndarray]  # name -> [T]
    trend: float
    rate0: float
    log: pl.DataFrame | None
    transported: np.ndarray | None = None  # [T+1, S] pupils transported at each month start
    officers_added: np.ndarray | None = None  # [T] casework officers the rule added, in post
    slots: np.ndarray | None = None  # [T] caseworker slots of each month
    spill_share: float = 1.0  # share of the overflow going to INMSS on this path


class _SendPath:
    """One Monte Carlo path of the SEND model as a SimPy simulation."""

    def __init__(
        self,
        rates: SendRates,
        rng: np.random.Generator,
        event_log: bool,
        share_transported: np.ndarray | None = None,
        transport_rng: np.random.Generator | None = None,
        spill_share: float = 1.0,
    ) -> None:
        if rates.posterior is not None:  # this path's posterior draw of the fitted rates
            rates = with_posterior_draw(rates, int(rng.integers(0, rates.posterior.draws)))
        self.rates = rates
        self.spill_share = float(spill_share)
        self.rng = rng
        self.T = rates.months
        trend, rate0, log_multiplier = draw_request_growth(rates, rng, 1)
        self.trend, self.rate0 = float(trend[0]), float(rate0[0])
        self.log_multiplier = [float(v) for v in log_multiplier[0]]
        self.years = rates.years_from_base()

        # the rates as the per-child draws read them
        self.p_complete = float(rates.service_completion_per_month)
        self.ceasing = [float(p) for p in rates.ceasing_per_month]
        self.ageing = [float(p) for p in rates.ageing_share]
        self.septembers = [int(t) for t in np.flatnonzero(rates.september)]
        unit = rates.placement[..., st.SEN_UNIT]
        special = rates.placement[..., st.SPECIAL]
        both = unit + special
        self.p_unit = np.divide(unit, both, out=np.zeros_like(both), where=both > 0).tolist()  # [T][A][N]
        self.placement = [[[_Cumulative(rates.placement[t, a, n]) for n in range(st.N)] for a in range(st.A)] for t in range(self.T)]
        self.transfer = [[_Cumulative(rates.phase_transfer[b, s]) for s in range(st.S)] for b in range(st.A - 1)]
        self.request_mix = _Cumulative(rates.request_mix.reshape(-1))
        self.state_names = [[[f"{a}/{n}/{w}" for w in _WHERE] for n in st.NEEDS] for a in st.AGE_BANDS]

        self.env = simpy.Environment()
        self.clock = MonthClock(self.env)
        self.caseworkers = CaseworkerSlots(self.env, float(rates.assessment_slots[0]))
        self.places = [
            [[PlaceCell(self.env, rates.capacity[0, k, a, n]) for n in range(st.N)] for a in range(st.A)]
            for k in range(len(st.IN_BOROUGH_SPECIALIST))
        ]
        self.census = np.zeros((st.A, st.N, st.S), dtype=np.int64)  # children per cell, now
        self.in_progress = 0  # agreed assessments not yet complete (waiting or with a caseworker)
        self.flows = {name: np.zeros(self.T, dtype=np.int64) for name in FLOW_NAMES}
        self.stock_record = np.zeros((self.T + 1, st.A, st.N, st.S), dtype=np.int64)
        self.queue_record = np.zeros(self.T + 1, dtype=np.int64)
        self.response = np.zeros(3)  # casework rule state: officers in post, being recruited, start month
        self.policy = np.ascontiguousarray(rates.casework_policy, dtype=np.float64)
        self.officers_record = np.zeros(self.T)
        self.slots_record = np.zeros(self.T)
        self.log = _EventLog() if event_log else None
        self._next_entity = 0
        self._next_in_queue = 0

        # the transport record (optional): its own stream, so it never changes the demand draws
        self.share_transported = None if share_transported is None else [float(x) for x in share_transported]
        self.transport_rng = transport_rng
        self.transported_now = np.zeros(st.S, dtype=np.int64)  # pupils transported per setting, now
        self.transport_record = np.zeros((self.T + 1, st.S), dtype=np.int64)

    # ------------------------------------------------------------------ bookkeeping
    def _new_entity(self) -> int:
        self._next_entity += 1
        return self._next_entity - 1

    def _state(self, band: int, need: int, where: int) -> str:
        return self.state_names[band][need][where]

    def _log(self, entity: int, event: str, from_state: str | None, to_state: str | None) -> None:
        if self.log is not None:
            self.log.time.append(self.env.now)
            self.log.entity.append(entity)
            self.log.event.append(event)
            self.log.from_state.append(from_state)
            self.log.to_state.append(to_state)

    def _record(self, t: int) -> None:
        self.stock_record[t] = self.census
        self.queue_record[t] = self.in_progress
        self.transport_record[t] = self.transported_now

    def _transport_on_placement(self, child: Child) -> None:
        """A child just placed in ``child.setting`` is transported with ``share_transported[setting]``."""
        if (
            self.share_transported is not None
            and self.transport_rng is not None
            and self.transport_rng.random() < self.share_transported[child.setting]
        ):
            child.transported = True
            self.transported_now[child.setting] += 1

    # ------------------------------------------------------------------ set-up
    def _start(self) -> None:
        """Children and assessments in progress at the base date, the month tick."""
        stock = _base_counts(self.rates.initial_stock)
        for a, n, s in zip(*np.nonzero(stock), strict=True):
            for _ in range(stock[a, n, s]):
                child = Child(self._new_entity(), int(a), int(n), int(s))
                if s in st.SPECIALIST_IDX:
                    child.place = self.places[st.IN_BOROUGH_SPECIALIST.index(st.SETTINGS[s])][a][n].seat_at_base()
                self.census[a, n, s] += 1
                self._transport_on_placement(child)
                self.env.process(self._child_life(child))
        queue = _base_counts(self.rates.initial_queue)
        cells = np.repeat(np.arange(st.A * st.N), queue.reshape(-1))
        for cell in self.rng.permutation(cells):  # the order they were agreed in is not known
            band, need = divmod(int(cell), st.N)
            self._agree(self._new_entity(), band, need, log=False)
        self.tick = self.env.process(self._month_tick())

    # ------------------------------------------------------------------ the month tick
    def _month_tick(self) -> Generator[simpy.Event, None, None]:
        rates = self.rates
        for t in range(self.T):
            self.clock.enter(t, MONTH_START)
            self._record(t)
            slots = casework_response(self.policy, t, float(self.in_progress), float(rates.assessment_slots[t]), self.p_complete, self.response)
            self.officers_record[t] = self.response[0]
            self.slots_record[t] = slots
            self.caseworkers.set_slots(slots)
            for k, by_band in enumerate(self.places):
                for a, by_need in enumerate(by_band):
                    for n, cell in enumerate(by_need):
                        cell.set_places(rates.capacity[t, k, a, n])
            yield Settled(self.env)
            phases = [CEASING, BREAKDOWN, STEP_DOWN, CASEWORK]
            if rates.september[t]:
                phases += [AGEING_LEAVE, AGEING_ARRIVE]
            for phase in phases:
                if phase == CASEWORK:
                    self.caseworkers.fix_part_time_slot()
                self.clock.enter(t, phase)
                yield Settled(self.env)
            self.clock.enter(t, MONTH_END)
            self.env.process(self._requests_in_month(t))
            yield self.env.timeout(1)
        self.clock.enter(self.T, MONTH_START)
        self._record(self.T)

    # ------------------------------------------------------------------ requests and assessments
    def _requests_in_month(self, t: int) -> Generator[simpy.Event, None, None]:
        """Poisson arrivals of requests for assessment during month ``t``."""
        rate = self.rate0 * math.exp(self.log_multiplier[t])
        if rate <= 0:
            return
        arrival = float(t)
        while True:
            arrival += self.rng.exponential(1.0 / rate)
            if arrival >= t + 1:
                return
            yield self.env.timeout(arrival - self.env.now)
            self._request(t)

    def _request(self, t: int) -> None:
        entity = self._new_entity()
        self.flows["requests"][t] += 1
        self._log(entity, "request", None, "requested")
        if self.rng.random() < self.rates.agreed_share:
            band, need = divmod(self.request_mix.draw(self.rng), st.N)
            self.flows["assessments_agreed"][t] += 1
            self._agree(entity, band, need)

    def _agree(self, entity: int, band: int, need: int, log: bool = True) -> None:
        self.in_progress += 1
        if log:
            self._log(entity, "agreed", "requested", self._state(band, need, AWAITING))
        self._next_in_queue += 1
        self.env.process(self._assessment(entity, band, need, self._next_in_queue - 1))

    def _assessment(self, entity: int, band: int, need: int, order: int) -> Generator[simpy.Event, None, None]:
        """An agreed assessment: wait for a caseworker, complete, perhaps become a child with a plan."""
        while True:
            slot: PriorityRequest = self.caseworkers.request(priority=order)
            yield slot
            self._log(entity, "assessment_start", self._state(band, need, AWAITING), self._state(band, need, ASSESSMENT))
            try:
                while True:
                    yield self.clock.at(self.clock.first_month(CASEWORK), CASEWORK)
                    if self.rng.random() < self.p_complete * self.caseworkers.work_share(slot):
                        break
            except simpy.Interrupt:  # caseworker slots fell: wait again at our own place in the queue
                self._log(entity, "assessment_paused", self._state(band, need, ASSESSMENT), self._state(band, need, AWAITING))
                continue
            self.caseworkers.release(slot)
            break

        t = self.clock.month
        self.in_progress -= 1
        self.flows["assessments_completed"][t] += 1
        self._log(entity, "assessment_complete", self._state(band, need, ASSESSMENT), self._state(band, need, ASSESSED))
        if self.rng.random() >= self.rates.conversion_share:
            return
        self.flows["new_plans"][t] += 1
        self._log(entity, "plan_issued", self._state(band, need, ASSESSED), self._state(band, need, PLAN))
        child = Child(entity, band, need, setting=-1)
        wanted = self.placement[t][band][need].draw(self.rng)
        self._admit(child, wanted, t, "placed", self._state(band, need, PLAN))
        self.env.process(self._child_life(child))

    # ------------------------------------------------------------------ children
    def _admit(self, child: Child, wanted: int, t: int, event: str, from_state: str) -> None:
        """Put ``child`` into setting ``wanted`` of its band and need, as ``vector._admit`` does.

        Wanting a unit place: a free unit place, else a free special place, else INMSS.
        Wanting a special place: a free special place, else INMSS. Other settings have no limit.
        """
        setting = wanted
        if wanted == st.SEN_UNIT:
            child.place = self._cell(st.SEN_UNIT, child).try_take()
            if child.place is None:
                setting = st.SPECIAL  # a full unit spills to a free special place
        over_capacity = False
        if setting == st.SPECIAL:
            child.place = self._cell(st.SPECIAL, child).try_take()
            if child.place is None:
                setting = st.INMSS
                if self.spill_share < 1.0 and self.rng.random() >= self.spill_share:  # an over-capacity maintained place
                    child.place = self._cell(st.SPECIAL, child).seat_at_base()
                    setting, over_capacity = st.SPECIAL, True
        child.setting = setting
        self.census[child.band, child.need, setting] += 1
        self._transport_on_placement(child)
        self._log(child.id, event, from_state, self._state(child.band, child.need, setting))
        if over_capacity:
            self.flows["overflow_over_capacity"][t] += 1
        if setting == st.INMSS and wanted != st.INMSS:
            self.flows["overflow_to_inmss"][t] += 1
            self._log(child.id, "overflow_to_inmss", self._state(child.band, child.need, wanted), self._state(child.band, child.need, st.INMSS))

    def _cell(self, setting: int, child: Child) -> PlaceCell:
        """The in-borough places of ``setting`` (unit or special) for the child's band and need."""
        return self.places[st.IN_BOROUGH_SPECIALIST.index(st.SETTINGS[setting])][child.band][child.need]

    def _leave_cell(self, child: Child) -> str:
        """Give up the child's place (if any) and cell; returns the state left."""
        if child.place is not None:
            child.place.resource.release(child.place)
            child.place = None
        if child.transported:
            self.transported_now[child.setting] -= 1
            child.transported = False
        self.census[child.band, child.need, child.setting] -= 1
        return self._state(child.band, child.need, child.setting)

    def _months_until(self, p: float) -> int:
        """Months (0, 1, ...) until a monthly trial with success probability ``p`` first succeeds."""
        return int(self.rng.geometric(p)) - 1 if p > 0 else _NEVER

    def _next_trial(self, child: Child) -> tuple[int, int]:
        """(month, phase) of the child's earliest successful monthly trial from now."""
        clock = self.clock
        best = (clock.first_month(CEASING) + self._months_until(self.ceasing[child.band]), CEASING)
        if child.setting == st.MAINSTREAM:
            best = min(best, (clock.first_month(BREAKDOWN) + self._months_until(self.rates.breakdown_per_month), BREAKDOWN))
        elif child.setting == st.INMSS:
            best = min(best, (clock.first_month(STEP_DOWN) + self._months_until(self.rates.step_down_per_month), STEP_DOWN))
        # ageing: a trial each September only; the k-th September from now
        index = bisect_left(self.septembers, clock.first_month(AGEING_LEAVE)) + self._months_until(self.ageing[child.band])
        if index < len(self.septembers):
            best = min(best, (self.septembers[index], AGEING_LEAVE))
        return best

    def _child_life(self, child: Child) -> Generator[simpy.Event, None, None]:
        """A child with a plan: sleep until the next monthly trial that succeeds, act on it, repeat."""
        while True:
            month, phase = self._next_trial(child)
            if month >= self.T:
                return
            yield self.clock.at(month, phase)
            if phase == CEASING:
                self._cease(child, month)
                return
            if phase == BREAKDOWN:
                self._break_down(child, month)
            elif phase == STEP_DOWN:
                self._step_down(child, month)
            else:  # AGEING_LEAVE
                if self._leave_band(child, month):
                    return
                yield self.clock.at(month, AGEING_ARRIVE)
                self._admit(child, child.moving_to, month, "aged", child.moved_from)

    def _cease(self, child: Child, t: int) -> None:
        left = self._leave_cell(child)
        self.flows["ceased"][t] += 1
        self._log(child.id, "ceased", left, None)

    def _break_down(self, child: Child, t: int) -> None:
        left = self._leave_cell(child)
        self.flows["mainstream_breakdowns"][t] += 1
        wanted = st.SEN_UNIT if self.rng.random() < self.p_unit[t][child.band][child.need] else st.SPECIAL
        self._admit(child, wanted, t, "breakdown", left)

    def _step_down(self, child: Child, t: int) -> None:
        """Into a free special place of the child's band and need, else a free unit place, else stay."""
        for setting in (st.SPECIAL, st.SEN_UNIT):
            place = self._cell(setting, child).try_take()
            if place is not None:
                left = self._leave_cell(child)
                child.setting, child.place = setting, place
                self.census[child.band, child.need, setting] += 1
                self._transport_on_placement(child)
                self.flows["inmss_step_downs"][t] += 1
                self._log(child.id, "step_down", left, self._state(child.band, child.need, setting))
                return

    def _leave_band(self, child: Child, t: int) -> bool:
        """September: leave the current cell; returns True if the child ages out (post-19)."""
        left = self._leave_cell(child)
        if child.band == st.POST19:
            self.flows["aged_out"][t] += 1
            self._log(child.id, "aged_out", left, None)
            return True
        wanted = self.transfer[child.band][child.setting].draw(self.rng)
        child.band += 1
        # need suitability: no unit places for the new band and need -> special
        if wanted == st.SEN_UNIT and self.rates.capacity[t, 0, child.band, child.need] <= 0:
            wanted = st.SPECIAL
        child.moving_to, child.moved_from = wanted, left
        return False

    # ------------------------------------------------------------------ run
    def run(self, path: int) -> _PathResult:
        self._start()
        self.env.run(until=self.tick)
        log = None
        if self.log is not None:
            log = self.log.frame(path, month_starts(self.rates.dates[0], self.T + 1))
        transported = None if self.share_transported is None else self.transport_record
        return _PathResult(
            self.stock_record,
            self.queue_record,
            self.flows,
            self.trend,
            self.rate0,
            log,
            transported,
            self.officers_record,
            self.slots_record,
            self.spill_share,
        )


def _base_counts(counts: np.ndarray) -> np.ndarray:
    """Whole children / assessments per cell at the base date: the vector core's own rule."""
    return initial_counts(counts)


def path_generator(seed: int, path: int) -> np.random.Generator:
    """The random stream of path ``path``: ``SeedSequence(seed, spawn_key=(1, 0, path))``.

    Three-part keys keep the reference's streams apart from the vector engines' chunk streams
    (``(chunk,)`` and ``(chunk, stream)``) used in the same run.
    """
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(DES_STREAM, 0, path))))


def transport_generator(seed: int, path: int) -> np.random.Generator:
    """The transport stream of path ``path``: ``SeedSequence(seed, spawn_key=(1, TRANSPORT_STREAM, path))``."""
    key = (DES_STREAM, TRANSPORT_STREAM, path)
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=key)))


def _run_paths(rates: SendRates, paths: int, seed: int, event_log: bool, share_transported: np.ndarray | None = None) -> list[_PathResult]:
    results = []
    for i in range(paths):
        transport_rng = None if share_transported is None else transport_generator(seed, i)
        spill = float(draw_spill_shares(rates, spill_generator(seed, (DES_STREAM, SPILL_STREAM, i)), 1)[0])
        path = _SendPath(rates, path_generator(seed, i), event_log, share_transported, transport_rng, spill)
        results.append(path.run(i))
    return results


def _demand_paths(rates: SendRates, results: list[_PathResult]) -> DemandPaths:
    T, paths = rates.months, len(results)
    stock = np.stack([r.stock for r in results]) if results else np.zeros((0, T + 1, st.A, st.N, st.S), dtype=np.int64)
    specialist = stock[..., st.SEN_UNIT] + stock[..., st.SPECIAL] + stock[..., st.INMSS]
    return DemandPaths(
        dates=tuple(month_starts(rates.dates[0], T + 1)),
        stock_by_band_setting=stock.sum(axis=3).astype(np.int32),
        specialist_by_band_need=specialist.astype(np.int32),
        inmss_by_band_need=stock[..., st.INMSS].astype(np.int32),
        queue=np.array([r.queue for r in results], dtype=np.int32).reshape(paths, T + 1),
        flows={name: np.array([r.flows[name] for r in results], dtype=np.int32).reshape(paths, T) for name in FLOW_NAMES},
        request_trend_per_year=np.array([r.trend for r in results]),
        request_rate_at_base=np.array([r.rate0 for r in results]),
        capacity=rates.capacity,
        casework_officers_added=np.array([r.officers_added for r in results], dtype=float).reshape(paths, T),
        assessment_slots=np.array([r.slots for r in results], dtype=float).reshape(paths, T),
        overflow_to_inmss_share=np.array([r.spill_share for r in results], dtype=float),
    )


def _event_log(rates: SendRates, results: list[_PathResult]) -> pl.DataFrame:
    frames = [r.log for r in results if r.log is not None]
    return pl.concat(frames) if frames else _EventLog().frame(0, month_starts(rates.dates[0], rates.months + 1))


def simulate_send_des(rates: SendRates, paths: int, seed: int, event_log: bool = False) -> tuple[DemandPaths, pl.DataFrame | None]:
    """Monte Carlo paths of SEND demand from the SimPy reference engine.

    Returns the vector core's ``DemandPaths`` (children at each month start, flows per month, the
    parameter draws) and, with ``event_log=True``, a polars frame with one row per event (see the
    module docstring); ``None`` otherwise. Identical for the same rates, paths and seed.
    """
    results = _run_paths(rates, paths, seed, event_log)
    return _demand_paths(rates, results), (_event_log(rates, results) if event_log else None)


@dataclass(frozen=True)
class DesTransport:
    """Home-to-school transport of children with EHC plans, pupil by pupil (SEND part only).

    ``transported[p, t, s]`` counts the pupils of setting ``s`` transported at month start ``t``;
    each accrues ``cost_gbp_per_pupil_per_year[s] / 12`` for month ``t`` (the unit costs' own
    prices, 2023/24 for Sefton: no inflation here; ``finance.transport`` applies the index).
    """

    dates: tuple[dt.date, ...]  # T+1 month starts
    transported: np.ndarray  # [P, T+1, S] pupils transported at each month start
    share_transported: np.ndarray  # [S]
    cost_gbp_per_pupil_per_year: np.ndarray  # [S] at the unit costs' prices

    def cost_by_month_gbp(self) -> np.ndarray:
        """SEND transport cost accrued in each month, £ at the unit costs' prices, [P, T, S]."""
        return self.transported[:, :-1] * (self.cost_gbp_per_pupil_per_year / 12.0)[None, None, :]

    def send_cost_by_financial_year_gbp_m(self) -> np.ndarray:
        """SEND transport cost per path, financial year and setting, £m at the unit costs' prices, [P, Y, S].

        Year ``y`` holds the month starts ``12y ... 12y+11`` (whole years only), the months
        ``run.send_children_by_financial_year`` averages over: summing pupils × cost / 12 over
        them is the ledger's average children × share × cost, pupil by pupil.
        """
        monthly = self.cost_by_month_gbp()
        paths, months, settings = monthly.shape
        years = months // 12
        return monthly[:, : 12 * years].reshape(paths, years, 12, settings).sum(axis=2) / 1e6


def simulate_send_des_transport(
    rates: SendRates,
    paths: int,
    seed: int,
    share_transported: np.ndarray,
    transport_cost_gbp_per_pupil_per_year: np.ndarray,
    event_log: bool = False,
) -> tuple[DemandPaths, DesTransport, pl.DataFrame | None]:
    """SEND demand from the SimPy reference with a transport record for every child.

    Each time a child is placed in a setting (at the base date, on a new plan, a breakdown, a
    step-down, arriving in the next age band) it is transported with probability
    ``share_transported[setting]``, drawn from the path's transport stream
    (``transport_generator``) so the demand is exactly ``simulate_send_des``'s for the same seed;
    while transported it accrues ``transport_cost_gbp_per_pupil_per_year[setting] / 12`` a month.
    Feed ``DesTransport.send_cost_by_financial_year_gbp_m()`` to
    ``finance.transport.htst_cost_from_send_part`` (or ``finance_ledgers(...,
    send_transport_by_setting_gbp_m=...)``) for the ledger's transport cost.
    """
    share = np.asarray(share_transported, dtype=float).reshape(st.S)
    cost = np.asarray(transport_cost_gbp_per_pupil_per_year, dtype=float).reshape(st.S)
    results = _run_paths(rates, paths, seed, event_log, share)
    T = rates.months
    transported = np.stack([r.transported for r in results if r.transported is not None]) if results else np.zeros((0, T + 1, st.S), dtype=np.int64)
    transport = DesTransport(tuple(month_starts(rates.dates[0], T + 1)), transported.astype(np.int32), share, cost)
    return _demand_paths(rates, results), transport, (_event_log(rates, results) if event_log else None)
