"""The SimPy reference for the social care package engines: one process per package.

``csc_packages.py`` and ``asc_packages.py`` are the fast engines (arrays, a loop over months);
this module writes the same two models package by package, as ``demand/des.py`` does for SEND.
Both read the same rate objects (``CscPackageRates``, ``AscRates``), draw their per-path
parameters with the same functions (``draw_csc_parameters``, ``draw_asc_parameters``), start
from the same whole counts (``initial_children``, ``initial_clients``) and compute their entry
rates with the same functions (``entries_per_month_at``): no rate is written twice. They return
the engines' own ``CscPaths`` / ``AscPaths``, so ``csc_cost_by_financial_year`` and
``asc_cost_by_financial_year`` cost them unchanged. ``tests/test_des_agreement.py`` checks that
the two agree in mean and spread.

Entities (one Monte Carlo path = one ``simpy.Environment``):

* children's social care: **one process per child looked after** (``_CscPath._child_life``) in
  one cell (placement type, age band);
* adult social care: **one process per long-term package** (``_AscPath._package_life``) of one
  service;
* **the month tick**, which at the boundary of month ``t`` (time ``t``) records the counts and
  fires the phases of the vector engine's ``_step_month`` one after another, letting each settle
  before the next starts (``des.Settled``); then, during month ``t`` (times in ``(t, t+1)``), new
  packages arrive as a Poisson process.

Monthly order, as the vector engines:

* children (``csc_kernel.step_month``): ``EXIT`` — a child leaves care with
  ``exit_per_month[type]``; ``STEP_DOWN`` — a residential child steps down with
  ``step_down_per_month``, to in-house fostering with ``step_down_share_to_in_house``, else to an
  IFA; ``AGEING`` — a child moves up a band with ``AGEING_PER_MONTH[band]`` (from 16-17 it leaves
  care at 18); then entries during the month, rate ``entries_per_month_at(rates, multiplier, t)``,
  placement type and age band drawn from ``entry_cells``;
* adults (``asc_packages._step_month``): ``EXIT`` — a package ends with ``exit_per_month[service]``;
  then entries during the month, rate ``entries_per_month_at(rates, growth, t)`` summed over
  services, the service drawn in proportion (independent Poisson streams per service, as thinning
  makes them).

A package that starts during month ``t`` first faces its monthly trials at the boundary of
month ``t + 1``, as the vector engines add entries after every other flow of the month.

Monthly trials as waiting times (as in ``des.py``): a package draws, for each monthly trial that
applies to its state, the number of months until it first succeeds (geometric) and sleeps until
the earliest (month, phase); on waking it acts and draws afresh (memorylessness makes this exact).

Event log (``event_log=True``): one row per event, a polars frame with columns ``path``,
``time_months``, ``date``, ``entity`` (unique within a path; base-date packages first), ``event``
(``CSC_EVENT_NAMES`` / ``ASC_EVENT_NAMES``), ``from_state`` and ``to_state`` (``"type/band"`` for
children, the service for adults; null when a package starts or ends).

Seeds: path ``i`` draws everything — its parameters, every arrival and trial — from
``SeedSequence(seed, spawn_key=(1, STREAM_CSC, i))`` (children) or ``(1, STREAM_ASC, i)``
(adults), streams distinct from the vector engines' chunks (``(chunk, STREAM_*)``) and from the
SEND reference's paths (``(1, i)``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Generator

import numpy as np
import polars as pl
import simpy

from sefton_sim.demand.des import DES_STREAM, MonthClock, Settled, _Cumulative, _EventLog
from sefton_sim.errors import BadInputError
from sefton_sim.social_care import asc_packages as asc
from sefton_sim.social_care import csc_packages as csc
from sefton_sim.social_care import package_common as pc
from sefton_sim.social_care.placements import AGE_BANDS, PLACEMENT_TYPES

# Phases of a month boundary, in the vector engines' order; MONTH_END is "during the month".
MONTH_START, EXIT, STEP_DOWN, AGEING, MONTH_END = range(5)

CSC_EVENT_NAMES: tuple[str, ...] = ("entry", "exit", "step_down", "aged", "left_at_18")
"""Event types of the children's event log."""

ASC_EVENT_NAMES: tuple[str, ...] = ("entry", "exit")
"""Event types of the adults' event log."""

_NEVER = 1 << 30  # a month beyond any horizon


def package_generator(seed: int, stream: int, path: int) -> np.random.Generator:
    """The random stream of path ``path``: ``SeedSequence(seed, spawn_key=(1, stream, path))``."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(DES_STREAM, stream, path))))


class _PackagePath:
    """What both package engines share: clock, tick, Poisson arrivals, event log, waiting times."""

    phases: tuple[int, ...] = ()

    def __init__(self, months: int, rng: np.random.Generator, event_log: bool, names: tuple[str, ...]) -> None:
        self.T = months
        self.rng = rng
        self.env = simpy.Environment()
        self.clock = MonthClock(self.env)
        self.log = _EventLog(names) if event_log else None
        self._next_entity = 0

    def _new_entity(self) -> int:
        self._next_entity += 1
        return self._next_entity - 1

    def _log(self, entity: int, event: str, from_state: str | None, to_state: str | None) -> None:
        if self.log is not None:
            self.log.time.append(self.env.now)
            self.log.entity.append(entity)
            self.log.event.append(event)
            self.log.from_state.append(from_state)
            self.log.to_state.append(to_state)

    def _months_until(self, p: float) -> int:
        """Months (0, 1, ...) until a monthly trial with success probability ``p`` first succeeds."""
        return int(self.rng.geometric(p)) - 1 if p > 0 else _NEVER

    def _trial(self, phase: int, p: float) -> tuple[int, int]:
        """(month, phase) at which a monthly trial of ``phase`` with probability ``p`` first succeeds."""
        return self.clock.first_month(phase) + self._months_until(p), phase

    # hooks
    def _record(self, t: int) -> None:
        raise NotImplementedError

    def _entry_rates(self, t: int) -> np.ndarray:
        """Expected new packages in month ``t`` by category (flattened)."""
        raise NotImplementedError

    def _enter(self, t: int, category: int) -> None:
        raise NotImplementedError

    def _month_tick(self) -> Generator[simpy.Event, None, None]:
        for t in range(self.T):
            self.clock.enter(t, MONTH_START)
            self._record(t)
            yield Settled(self.env)
            for phase in self.phases:
                self.clock.enter(t, phase)
                yield Settled(self.env)
            self.clock.enter(t, MONTH_END)
            self.env.process(self._arrivals_in_month(t))
            yield self.env.timeout(1)
        self.clock.enter(self.T, MONTH_START)
        self._record(self.T)

    def _arrivals_in_month(self, t: int) -> Generator[simpy.Event, None, None]:
        """Poisson arrivals of new packages during month ``t``; each draws its category in proportion."""
        by_category = self._entry_rates(t)
        rate = float(by_category.sum())
        if rate <= 0:
            return
        mix = _Cumulative(by_category)
        arrival = float(t)
        while True:
            arrival += self.rng.exponential(1.0 / rate)
            if arrival >= t + 1:
                return
            yield self.env.timeout(arrival - self.env.now)
            self._enter(t, mix.draw(self.rng))

    def _frame(self, path: int, base_date: dt.date) -> pl.DataFrame | None:
        if self.log is None:
            return None
        return self.log.frame(path, list(pc.month_starts(base_date, self.T + 1)))


# ---------------------------------------------------------------------------- children


class _Child:
    """A child looked after: placement type and age band."""

    __slots__ = ("id", "kind", "band")

    def __init__(self, entity: int, kind: int, band: int) -> None:
        self.id, self.kind, self.band = entity, kind, band


class _CscPath(_PackagePath):
    """One Monte Carlo path of children looked after as a SimPy simulation."""

    phases = (EXIT, STEP_DOWN, AGEING)

    def __init__(self, rates: csc.CscPackageRates, months: int, rng: np.random.Generator, event_log: bool) -> None:
        super().__init__(months, rng, event_log, CSC_EVENT_NAMES)
        self.rates = rates
        multiplier, inflation = csc.draw_csc_parameters(rates, rng, 1)
        self.multiplier, self.inflation = multiplier, inflation
        self.exit = [float(p) for p in rates.exit_per_month]
        self.ageing = [float(p) for p in csc.AGEING_PER_MONTH]
        self.step_down = float(rates.step_down_per_month)
        self.to_in_house = float(rates.step_down_share_to_in_house)
        self.state_names = [[f"{k}/{b}" for b in AGE_BANDS] for k in PLACEMENT_TYPES]
        self.census = np.zeros((csc.K, csc.A), dtype=np.int64)
        self.children = np.zeros((months + 1, csc.K, csc.A), dtype=np.int64)
        self.flows = {name: np.zeros((months, csc.K), dtype=np.int64) for name in csc.FLOW_NAMES}

    def _state(self, child: _Child) -> str:
        return self.state_names[child.kind][child.band]

    def _record(self, t: int) -> None:
        self.children[t] = self.census

    def _entry_rates(self, t: int) -> np.ndarray:
        rate = float(csc.entries_per_month_at(self.rates, self.multiplier, t)[0])
        return rate * self.rates.entry_cells.reshape(-1)  # [K * A]

    def _start(self) -> None:
        base = csc.initial_children(self.rates)
        for k, a in zip(*np.nonzero(base), strict=True):
            for _ in range(base[k, a]):
                self._add(_Child(self._new_entity(), int(k), int(a)))
        self.tick = self.env.process(self._month_tick())

    def _add(self, child: _Child) -> None:
        self.census[child.kind, child.band] += 1
        self.env.process(self._child_life(child))

    def _enter(self, t: int, category: int) -> None:
        kind, band = divmod(category, csc.A)
        child = _Child(self._new_entity(), kind, band)
        self.flows["entries"][t, kind] += 1
        self._log(child.id, "entry", None, self._state(child))
        self._add(child)

    def _next_trial(self, child: _Child) -> tuple[int, int]:
        best = self._trial(EXIT, self.exit[child.kind])
        if child.kind == csc.RESIDENTIAL:
            best = min(best, self._trial(STEP_DOWN, self.step_down))
        return min(best, self._trial(AGEING, self.ageing[child.band]))

    def _child_life(self, child: _Child) -> Generator[simpy.Event, None, None]:
        """A child looked after: sleep until the next monthly trial that succeeds, act on it, repeat."""
        while True:
            month, phase = self._next_trial(child)
            if month >= self.T:
                return
            yield self.clock.at(month, phase)
            left = self._state(child)
            if phase == EXIT:
                self.census[child.kind, child.band] -= 1
                self.flows["exits"][month, child.kind] += 1
                self._log(child.id, "exit", left, None)
                return
            if phase == STEP_DOWN:
                to = csc.IN_HOUSE if self.rng.random() < self.to_in_house else csc.IFA
                self.census[child.kind, child.band] -= 1
                self.census[to, child.band] += 1
                self.flows["moved_out"][month, child.kind] += 1
                self.flows["moved_in"][month, to] += 1
                child.kind = to
                self._log(child.id, "step_down", left, self._state(child))
            else:  # AGEING
                self.census[child.kind, child.band] -= 1
                if child.band == csc.OLDEST:
                    self.flows["left_at_18"][month, child.kind] += 1
                    self._log(child.id, "left_at_18", left, None)
                    return
                child.band += 1
                self.census[child.kind, child.band] += 1
                self._log(child.id, "aged", left, self._state(child))

    def run(self, path: int) -> tuple[np.ndarray, dict[str, np.ndarray], pl.DataFrame | None]:
        self._start()
        self.env.run(until=self.tick)
        return self.children, self.flows, self._frame(path, self.rates.base_date)


def simulate_csc_des(
    rates: csc.CscPackageRates, months: int, paths: int, seed: int, event_log: bool = False
) -> tuple[csc.CscPaths, pl.DataFrame | None]:
    """Monte Carlo paths of children looked after from the SimPy reference.

    Returns the vector engine's ``CscPaths`` (children at month starts by type and band, flows by
    type, the per-path parameters) and, with ``event_log=True``, one row per event (module
    docstring); ``None`` otherwise. Identical for the same rates, months, paths and seed.
    """
    if months < 0 or paths < 1:
        raise BadInputError(None, "csc simulation", (months, paths), "months >= 0 and paths >= 1")
    children, flows, multiplier, inflation, logs = [], [], [], [], []
    for i in range(paths):
        path = _CscPath(rates, months, package_generator(seed, pc.STREAM_CSC, i), event_log)
        c, f, log = path.run(i)
        children.append(c)
        flows.append(f)
        multiplier.append(path.multiplier)
        inflation.append(path.inflation)
        logs.append(log)
    out = csc.CscPaths(
        pc.month_starts(rates.base_date, months + 1),
        np.stack(children).astype(np.int32),
        {name: np.stack([f[name] for f in flows]).astype(np.int32) for name in csc.FLOW_NAMES},
        np.concatenate(multiplier),
        np.concatenate(inflation),
    )
    return out, (pl.concat([log for log in logs if log is not None]) if event_log else None)


# ---------------------------------------------------------------------------- adults


class _Package:
    """A long-term adult social care package of one service."""

    __slots__ = ("id", "service")

    def __init__(self, entity: int, service: int) -> None:
        self.id, self.service = entity, service


class _AscPath(_PackagePath):
    """One Monte Carlo path of long-term adult social care clients as a SimPy simulation."""

    phases = (EXIT,)

    def __init__(self, rates: asc.AscRates, months: int, rng: np.random.Generator, event_log: bool) -> None:
        super().__init__(months, rng, event_log, ASC_EVENT_NAMES)
        self.rates = rates
        growth, uplift = asc.draw_asc_parameters(rates, rng, 1)
        self.growth, self.uplift = growth, uplift
        self.exit = [float(p) for p in rates.exit_per_month]
        self.census = np.zeros(asc.S, dtype=np.int64)
        self.clients = np.zeros((months + 1, asc.S), dtype=np.int64)
        self.flows = {name: np.zeros((months, asc.S), dtype=np.int64) for name in asc.FLOW_NAMES}

    def _record(self, t: int) -> None:
        self.clients[t] = self.census

    def _entry_rates(self, t: int) -> np.ndarray:
        return asc.entries_per_month_at(self.rates, self.growth, t)[0]  # [S]

    def _start(self) -> None:
        base = asc.initial_clients(self.rates)
        for s in np.flatnonzero(base):
            for _ in range(base[s]):
                self._add(_Package(self._new_entity(), int(s)))
        self.tick = self.env.process(self._month_tick())

    def _add(self, package: _Package) -> None:
        self.census[package.service] += 1
        self.env.process(self._package_life(package))

    def _enter(self, t: int, category: int) -> None:
        package = _Package(self._new_entity(), category)
        self.flows["entries"][t, package.service] += 1
        self._log(package.id, "entry", None, asc.SERVICES[package.service])
        self._add(package)

    def _package_life(self, package: _Package) -> Generator[simpy.Event, None, None]:
        """A package: sleep until the month it ends (if within the horizon), then end."""
        month, phase = self._trial(EXIT, self.exit[package.service])
        if month >= self.T:
            return
        yield self.clock.at(month, phase)
        self.census[package.service] -= 1
        self.flows["exits"][month, package.service] += 1
        self._log(package.id, "exit", asc.SERVICES[package.service], None)

    def run(self, path: int) -> tuple[np.ndarray, dict[str, np.ndarray], pl.DataFrame | None]:
        self._start()
        self.env.run(until=self.tick)
        return self.clients, self.flows, self._frame(path, self.rates.base_date)


def simulate_asc_des(rates: asc.AscRates, months: int, paths: int, seed: int, event_log: bool = False) -> tuple[asc.AscPaths, pl.DataFrame | None]:
    """Monte Carlo paths of long-term ASC clients from the SimPy reference.

    Returns the vector engine's ``AscPaths`` (clients at month starts by service, flows by service,
    the per-path parameters) and, with ``event_log=True``, one row per event (module docstring);
    ``None`` otherwise. Identical for the same rates, months, paths and seed.
    """
    if months < 0 or paths < 1:
        raise BadInputError(None, "asc simulation", (months, paths), "months >= 0 and paths >= 1")
    clients, flows, growth, uplift, logs = [], [], [], [], []
    for i in range(paths):
        path = _AscPath(rates, months, package_generator(seed, pc.STREAM_ASC, i), event_log)
        c, f, log = path.run(i)
        clients.append(c)
        flows.append(f)
        growth.append(path.growth)
        uplift.append(path.uplift)
        logs.append(log)
    out = asc.AscPaths(
        pc.month_starts(rates.base_date, months + 1),
        np.stack(clients).astype(np.int32),
        {name: np.stack([f[name] for f in flows]).astype(np.int32) for name in asc.FLOW_NAMES},
        np.concatenate(growth),
        np.concatenate(uplift),
    )
    return out, (pl.concat([log for log in logs if log is not None]) if event_log else None)


__all__ = [
    "ASC_EVENT_NAMES",
    "CSC_EVENT_NAMES",
    "package_generator",
    "simulate_asc_des",
    "simulate_csc_des",
]
