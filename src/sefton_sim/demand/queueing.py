"""Textbook queues in SimPy, with their closed forms, to verify the simulation machinery.

* ``assessment_queue_mmc`` — assessments arriving as a Poisson process, exponential casework
  times in continuous time, ``c`` caseworkers as a ``simpy.Resource`` (M/M/c). Compare with
  Erlang C: ``erlang_c_probability_of_wait`` and ``erlang_c_mean_wait``.
* ``package_pool_mginf`` — care packages starting as a Poisson process with any duration
  distribution and no capacity limit (M/G/∞); mean occupancy is ``arrival_rate * E[duration]``
  whatever the distribution (Little's law).

Time is in months throughout; rates are per month.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass

import numpy as np
import simpy


def erlang_c_probability_of_wait(lam: float, mu: float, c: int) -> float:
    """Probability that an arrival waits (Erlang C) in an M/M/c queue.

    ``lam`` arrivals per month, ``mu`` completions per month per server, ``c`` servers; needs
    ``lam < c * mu``. Computed by the stable Erlang B recursion.
    """
    if lam <= 0:
        return 0.0
    if c < 1 or mu <= 0 or lam >= c * mu:
        raise ValueError(f"M/M/c needs c >= 1, mu > 0 and lam < c * mu (got lam={lam}, mu={mu}, c={c})")
    offered = lam / mu
    blocking = 1.0  # Erlang B with 0 servers
    for k in range(1, c + 1):
        blocking = offered * blocking / (k + offered * blocking)
    return c * blocking / (c - offered * (1.0 - blocking))


def erlang_c_mean_wait(lam: float, mu: float, c: int) -> float:
    """Mean wait in queue (months, before service starts) in an M/M/c queue: C / (c mu - lam)."""
    if lam <= 0:
        return 0.0
    return erlang_c_probability_of_wait(lam, mu, c) / (c * mu - lam)


@dataclass(frozen=True)
class QueueStatistics:
    """Long-run statistics of a simulated queue after the warm-up."""

    mean_wait_months: float  # mean time from arrival to the start of service
    probability_of_wait: float  # share of arrivals that found every server busy
    mean_in_system: float  # time-average number waiting or in service
    arrivals: int  # arrivals after the warm-up whose wait was observed


class _TimeAverage:
    """Time-average of a piecewise-constant count over [start, end]."""

    def __init__(self, start: float) -> None:
        self.start = start
        self.level = 0
        self.last = 0.0
        self.area = 0.0

    def change(self, now: float, delta: int) -> None:
        if now > self.start:
            self.area += self.level * (now - max(self.last, self.start))
        self.level += delta
        self.last = now

    def mean(self, end: float) -> float:
        self.change(end, 0)
        return self.area / (end - self.start) if end > self.start else float("nan")


def assessment_queue_mmc(
    arrival_rate_per_month: float,
    mean_service_months: float,
    caseworkers: int,
    months: float,
    seed: int,
    warmup_months: float = 0.0,
) -> QueueStatistics:
    """Simulate an M/M/c assessment queue in continuous time for ``months`` months.

    Poisson arrivals (``arrival_rate_per_month``), exponential casework (mean
    ``mean_service_months``), ``caseworkers`` as a ``simpy.Resource`` served first come, first
    served. Statistics cover arrivals (and time) after ``warmup_months``.
    """
    rng = np.random.default_rng(seed)
    env = simpy.Environment()
    desk = simpy.Resource(env, capacity=caseworkers)
    in_system = _TimeAverage(warmup_months)
    waits: list[float] = []

    def assessment() -> Generator[simpy.Event, None, None]:
        arrived = env.now
        in_system.change(env.now, +1)
        with desk.request() as slot:
            yield slot
            if arrived >= warmup_months:
                waits.append(env.now - arrived)
            yield env.timeout(rng.exponential(mean_service_months))
        in_system.change(env.now, -1)

    def arrivals() -> Generator[simpy.Event, None, None]:
        while True:
            yield env.timeout(rng.exponential(1.0 / arrival_rate_per_month))
            env.process(assessment())

    env.process(arrivals())
    env.run(until=months)
    wait = np.asarray(waits)
    return QueueStatistics(
        mean_wait_months=float(wait.mean()) if wait.size else float("nan"),
        probability_of_wait=float((wait > 0).mean()) if wait.size else float("nan"),
        mean_in_system=in_system.mean(months),
        arrivals=int(wait.size),
    )


def package_pool_mginf(
    arrival_rate: float,
    service_sampler: Callable[[np.random.Generator], float],
    months: float,
    seed: int,
    warmup_months: float = 0.0,
) -> float:
    """Mean occupancy of an infinite-server pool (M/G/∞) over ``[warmup_months, months]``.

    Packages start as a Poisson process (``arrival_rate`` per month) and last
    ``service_sampler(rng)`` months each; nobody waits. Starting empty, so pass a warm-up of a
    few mean durations (or a long run) to measure the steady state ``arrival_rate * E[duration]``.
    """
    rng = np.random.default_rng(seed)
    env = simpy.Environment()
    occupancy = _TimeAverage(warmup_months)

    def package() -> Generator[simpy.Event, None, None]:
        occupancy.change(env.now, +1)
        yield env.timeout(service_sampler(rng))
        occupancy.change(env.now, -1)

    def arrivals() -> Generator[simpy.Event, None, None]:
        while True:
            yield env.timeout(rng.exponential(1.0 / arrival_rate))
            env.process(package())

    env.process(arrivals())
    env.run(until=months)
    return occupancy.mean(months)
