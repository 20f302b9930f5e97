"""Demand scenarios for the place programme optimiser: children needing a specialist place and
today's in-borough places, by financial year and cell (``demand_scenarios`` → ``PlaceDemand``),
and the calendar of an opening (``opening_date``, ``share_of_year_open``) and its places by cell
(``allocation``).

Demand and existing places in a financial year (1 April - 31 March) are the averages of the 12
month-start counts of that year, so a place that opens on 1 September counts for 7/12 of its
first year, exactly as the simulator's monthly capacity.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from sefton_sim.data.council import Provision
from sefton_sim.demand.capacity import provision_cells
from sefton_sim.errors import BadInputError
from sefton_sim.optimise.place_data import PLACE_SETTINGS, CandidateProject
from sefton_sim.scenario.finance import financial_year_label

if TYPE_CHECKING:
    from sefton_sim.demand.vector import DemandPaths
    from sefton_sim.simulate.run import RunResult

K = len(PLACE_SETTINGS)
"""Kinds of in-borough place (``PLACE_SETTINGS``: SEN unit, special school)."""


@dataclass(frozen=True)
class PlaceDemand:
    """Scenarios of specialist demand and today's in-borough places, by financial year and cell."""

    scenario: str
    financial_years: tuple[str, ...]  # "2024/25", ...
    year_starts: tuple[dt.date, ...]  # 1 April of each financial year
    children: np.ndarray  # [S, Y, A, N] average children needing a specialist place (unit + special + INMSS)
    existing_places: np.ndarray  # [Y, K, A, N] average places open (sen_unit, special) without new projects
    stock_base: np.ndarray  # [A, N, settings] base-date stock: spreads a project's places over its cells
    probabilities: np.ndarray  # [S], summing to 1

    @property
    def scenarios(self) -> int:
        """Number of demand scenarios S."""
        return self.children.shape[0]

    @property
    def years(self) -> int:
        """Number of financial years Y."""
        return len(self.financial_years)

    def subset(self, n: int) -> PlaceDemand:
        """The first ``n`` scenarios, equally likely."""
        if not 1 <= n <= self.scenarios:
            raise BadInputError("(command line)", "--scenarios", n, f"between 1 and {self.scenarios}")
        return replace(self, children=self.children[:n].copy(), probabilities=np.full(n, 1.0 / n))


def financial_year_average(monthly: np.ndarray, years: int, axis: int) -> np.ndarray:
    """Average of 12 consecutive months along ``axis`` (which starts on 1 April)."""
    taken = np.take(monthly, np.arange(12 * years), axis=axis).astype(np.float64)
    shape = taken.shape[:axis] + (years, 12) + taken.shape[axis + 1 :]
    return taken.reshape(shape).mean(axis=axis + 1)


def place_demand(demand: DemandPaths, scenario: str, stock_base: np.ndarray, S: int) -> PlaceDemand:
    """Scenarios from simulated SEND paths: the first ``S`` paths, by financial year and cell."""
    if not 1 <= S <= demand.paths:
        raise BadInputError("(command line)", "--scenarios", S, f"between 1 and the run's {demand.paths} paths")
    base = demand.dates[0]
    if (base.month, base.day) != (4, 1):
        raise BadInputError("(scenario)", "base_date", base, "1 April (financial years)")
    years = (len(demand.dates) - 1) // 12
    if years < 1:
        raise BadInputError("(scenario)", "horizon_years", years, "at least one financial year")
    children = financial_year_average(demand.specialist_by_band_need[:S], years, axis=1)
    existing = financial_year_average(demand.capacity, years, axis=0)
    return PlaceDemand(
        scenario=scenario,
        financial_years=tuple(financial_year_label(base.year + y) for y in range(years)),
        year_starts=tuple(dt.date(base.year + y, 4, 1) for y in range(years)),
        children=children,
        existing_places=existing,
        stock_base=np.asarray(stock_base, dtype=float),
        probabilities=np.full(S, 1.0 / S),
    )


def demand_scenarios(result: RunResult, S: int) -> PlaceDemand:
    """Per scenario (simulated path), per financial year: children needing a specialist place.

    Children in SEN units, maintained special schools and INMSS, by age band and need, averaged
    over the 12 month starts of each financial year (April-March); plus the in-borough places
    open in the run (from ``send_capacity.csv`` and the scenario's own new provision), averaged
    the same way. The first ``S`` paths of the run are used, each with probability 1/S.
    """
    return place_demand(result.demand, result.scenario.name, result.data.stock_base, S)


def opening_date(candidate: CandidateProject, fy_start: dt.date) -> dt.date | None:
    """When ``candidate`` would open in the financial year starting ``fy_start`` (None: too early)."""
    m, d = candidate.earliest_opening.month, min(candidate.earliest_opening.day, 28)
    year = fy_start.year if m >= fy_start.month else fy_start.year + 1
    opens = dt.date(year, m, d)
    return opens if opens >= candidate.earliest_opening else None


def share_of_year_open(opens: dt.date, fy_start: dt.date) -> float:
    """Share of the 12 month starts of a financial year on or after ``opens`` (as the simulator counts)."""
    count = 0
    for i in range(12):
        month = fy_start.month - 1 + i
        if dt.date(fy_start.year + month // 12, month % 12 + 1, 1) >= opens:
            count += 1
    return count / 12.0


def fy_slug(label: str) -> str:
    """A financial year label as a name part: ``2025/26`` -> ``2025_26``."""
    return label.replace("/", "_")


def allocation(setting: str, age_bands: Sequence[str], needs: Sequence[str], places: int, stock_base: np.ndarray) -> np.ndarray:
    """Places of a project by cell, [A, N], by the simulator's rule (``provision_cells``)."""
    provision = Provision("project", setting, tuple(age_bands), tuple(needs), int(places), dt.date(2000, 1, 1), "optimiser")
    return provision_cells(provision, stock_base)
