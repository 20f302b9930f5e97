"""How the SEND simulation responds to new places: INMSS children avoided by each candidate
opening, measured with the simulator itself on the optimiser's own demand paths.

A new place does not take a child out of INMSS the day it opens: it fills from the children
who are refused a place after it opens (new plans, mainstream breakdowns and phase transfers
that want a unit or special place) and from INMSS step-downs at their monthly hazard; children
placed directly in INMSS stay there; a child in a new place ages out of its cell each September
(and may stay in-borough in the next phase). The simulator does all of this, so the response is
measured with it rather than assumed:

- every path keeps its own parameter draw (request trend and base rate, as recorded by the
  stochastic run), and the month step runs in its expected-value form (``vector.expected_paths``)
  so that a response is the change that opening causes, free of the random-stream noise that
  two stochastic runs with different places carry even on the same seed;
- ``avoided[(i, y)]`` [S, Y, A, N]: INMSS children avoided (annual average of month starts) when
  candidate ``i`` opens in financial year ``y`` alone;
- ``cap`` [S, Y, A, N]: INMSS children avoided with every candidate opened at its earliest date,
  as many times as it may be delivered (the most the pipeline can avoid in a cell and year).

``ResponseSimulator.avoided`` measures any set of openings, which is how a chosen programme is
checked (and how the model is calibrated to the joint response, ``place_response_model``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from sefton_sim.data.council import CouncilData, Provision
from sefton_sim.demand.capacity import capacity_by_month
from sefton_sim.demand.rates import SendRates, graduated_effect, placement_shares
from sefton_sim.demand.vector import DemandPaths, expected_paths
from sefton_sim.optimise.place_data import CandidateProject
from sefton_sim.optimise.place_demand import financial_year_average

if TYPE_CHECKING:
    from sefton_sim.scenario import Scenario

RESPONSE_TOLERANCE = 1e-4
"""Avoided children below this (in a cell and year) count as no response."""


def rates_with_places(rates: SendRates, data: CouncilData, scenario: Scenario | None, provisions: Sequence[Provision]) -> SendRates:
    """The run's SEND rates with ``provisions`` added to its places (capacity and the placement
    shares that depend on whether a unit exists), exactly as a scenario listing them would build."""
    if not provisions:
        return rates
    capacity = rates.capacity + capacity_by_month(provisions, data.stock_base, rates.dates)
    return dataclasses.replace(rates, capacity=capacity, placement=placement_shares(data, capacity, graduated_effect(scenario, rates.dates)))


def opening_provision(candidate: CandidateProject, opens: dt.date, copy: int = 0) -> Provision:
    """One opening of a candidate as a provision the simulator reads."""
    return Provision(f"{candidate.project} #{copy}", candidate.setting, candidate.age_bands, candidate.needs, candidate.places, opens, "optimiser")


def programme_provisions(programme: pl.DataFrame) -> list[Provision]:
    """The openings of a programme table (``place_programme.PROGRAMME_SCHEMA``) as provisions."""
    return [
        Provision(
            f"{row['project']} #{i}",
            row["setting"],
            tuple(row["age_bands"].split(";")),
            tuple(row["needs"].split(";")),
            row["places"],
            row["opens"],
            "optimiser",
        )
        for i, row in enumerate(programme.iter_rows(named=True))
    ]


@dataclass
class ResponseSimulator:
    """The simulator on fixed parameter draws (one per demand scenario), expected-value month step."""

    rates: SendRates
    data: CouncilData
    scenario: Scenario | None
    trend: np.ndarray  # [S] request trend per year of each scenario
    rate0: np.ndarray  # [S] requests per month at the base date
    years: int
    runs: int = 0

    @classmethod
    def from_paths(cls, rates: SendRates, data: CouncilData, scenario: Scenario | None, demand: DemandPaths, S: int) -> ResponseSimulator:
        """On the parameter draws of the first ``S`` paths of a stochastic run."""
        years = (len(demand.dates) - 1) // 12
        return cls(rates, data, scenario, demand.request_trend_per_year[:S].copy(), demand.request_rate_at_base[:S].copy(), years)

    def paths(self, provisions: Sequence[Provision] = ()) -> DemandPaths:
        """Expected-value paths with ``provisions`` added."""
        self.runs += 1
        return expected_paths(rates_with_places(self.rates, self.data, self.scenario, provisions), self.trend, self.rate0)

    def inmss(self, provisions: Sequence[Provision] = ()) -> np.ndarray:
        """INMSS children by scenario, financial year and cell (annual average), [S, Y, A, N]."""
        return financial_year_average(self.paths(provisions).inmss_by_band_need, self.years, axis=1)

    def avoided(self, provisions: Sequence[Provision], do_nothing: np.ndarray | None = None) -> np.ndarray:
        """INMSS children avoided by ``provisions`` against none, [S, Y, A, N]."""
        base = self.inmss() if do_nothing is None else do_nothing
        return base - self.inmss(provisions)


@dataclass(frozen=True)
class PlaceResponse:
    """Measured responses of the simulator to the candidate openings (see the module docstring)."""

    do_nothing_inmss: np.ndarray  # [S, Y, A, N]
    avoided: dict[tuple[int, int], np.ndarray]  # (candidate, year) -> [S, Y, A, N]
    cap: np.ndarray  # [S, Y, A, N], never negative

    def scaled(self, factor: np.ndarray) -> PlaceResponse:
        """Every response and the cap multiplied by ``factor`` [S, Y, A, N] (a calibration)."""
        return PlaceResponse(self.do_nothing_inmss, {key: r * factor for key, r in self.avoided.items()}, self.cap * factor)

    def subset(self, n: int) -> PlaceResponse:
        """The first ``n`` scenarios."""
        return PlaceResponse(self.do_nothing_inmss[:n], {key: r[:n] for key, r in self.avoided.items()}, self.cap[:n])


def measure_responses(
    simulator: ResponseSimulator, candidates: Sequence[CandidateProject], opening_dates: dict[tuple[int, int], dt.date]
) -> PlaceResponse:
    """The response to every candidate opening ``(candidate, year) -> date`` and the cap (all
    candidates at their earliest opening, ``max_delivery`` times each)."""
    base = simulator.inmss()
    avoided: dict[tuple[int, int], np.ndarray] = {}
    for key, opens in sorted(opening_dates.items()):
        r = simulator.avoided([opening_provision(candidates[key[0]], opens)], base)
        r[np.abs(r) < RESPONSE_TOLERANCE] = 0.0
        avoided[key] = r
    earliest: dict[int, dt.date] = {}
    for (i, _), opens in opening_dates.items():
        earliest[i] = min(opens, earliest.get(i, opens))
    everything = [
        opening_provision(candidates[i], opens, copy) for i, opens in sorted(earliest.items()) for copy in range(candidates[i].max_delivery)
    ]
    cap = np.maximum(simulator.avoided(everything, base), 0.0)
    return PlaceResponse(base, avoided, cap)
