"""A place programme costed: in every demand scenario by the model's cost formula
(``scenario_costs_gbp``), on simulated placements of a re-simulation against do-nothing on
common random numbers (``simulate_comparison``), and the expected and P90 cost table
(``cost_table``).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from sefton_sim.model import states as st
from sefton_sim.optimise.place_data import PLACE_SETTINGS, PlaceCosts
from sefton_sim.optimise.place_demand import PlaceDemand, financial_year_average
from sefton_sim.optimise.place_model import existing_running_gbp_by_year, fill_places
from sefton_sim.optimise.place_programme import empty_programme, programme_money_by_year, programme_places

if TYPE_CHECKING:
    from sefton_sim.demand.vector import DemandPaths


def scenario_costs_gbp(demand: PlaceDemand, costs: PlaceCosts, programme: pl.DataFrame) -> np.ndarray:
    """Total cost of a programme in each scenario over the horizon, £ [S] (the model's cost formula,
    second stage solved exactly: today's places first, then the programme's, the rest INMSS)."""
    existing_transport, residual = fill_places(demand.children, demand.existing_places, costs)
    new_transport, left = fill_places(residual, programme_places(programme, demand), costs)
    capital, running = programme_money_by_year(programme, demand.year_starts)
    fixed = existing_running_gbp_by_year(demand.existing_places, costs) + running + capital
    inmss = left.sum(axis=(2, 3)) * costs.inmss_gbp_per_child_per_year()
    return (existing_transport + new_transport + inmss + fixed[None, :]).sum(axis=1)


def p90(values: np.ndarray) -> float:
    """90th percentile (linear interpolation, as elsewhere in the project)."""
    return float(np.percentile(values, 90))


def simulated_cost_by_year_gbp(
    demand: DemandPaths,
    costs: PlaceCosts,
    existing_places: np.ndarray,
    programme: pl.DataFrame,
) -> np.ndarray:
    """The model's cost formula applied to simulated placements, £ [P, Y] by financial year.

    Existing places' running cost (``existing_places`` [Y, K, A, N], the run without the
    programme) + the programme's capital and running cost + transport of the children the
    simulator placed in units and special schools + INMSS fee and transport of the children it
    placed in INMSS (``inmss_by_band_need``), each averaged over the 12 month starts of a year.
    """
    years = existing_places.shape[0]
    base = demand.dates[0]
    starts = [dt.date(base.year + y, 4, 1) for y in range(years)]
    by_setting = financial_year_average(demand.stock_by_band_setting, years, axis=1).sum(axis=2)  # [P, Y, S]
    inmss = financial_year_average(demand.inmss_by_band_need, years, axis=1).sum(axis=(2, 3))  # [P, Y]
    transport = sum(by_setting[..., st.SETTINGS.index(k)] * costs.transport_gbp_per_child_per_year[k] for k in PLACE_SETTINGS)
    capital, running = programme_money_by_year(programme, starts)
    fixed = existing_running_gbp_by_year(existing_places, costs) + capital + running
    return transport + inmss * costs.inmss_gbp_per_child_per_year() + fixed[None, :]


def simulated_cost_gbp(
    demand: DemandPaths,
    costs: PlaceCosts,
    existing_places: np.ndarray,
    programme: pl.DataFrame,
) -> np.ndarray:
    """``simulated_cost_by_year_gbp`` summed over the horizon, £ [P]."""
    return simulated_cost_by_year_gbp(demand, costs, existing_places, programme).sum(axis=1)


@dataclass(frozen=True)
class SimulatedComparison:
    """Do-nothing against the programme, both simulated on the same paths and seed."""

    label: str
    paths: int
    seed: int
    do_nothing_gbp: np.ndarray  # [P]
    programme_gbp: np.ndarray  # [P]
    do_nothing_demand: DemandPaths | None = None
    programme_demand: DemandPaths | None = None
    high_needs_spend_saving_gbp_m: np.ndarray | None = None  # [P] do-nothing minus programme, summed over the horizon (nominal)


def simulate_comparison(
    base_scenario: str | Path,
    programme_scenario: str | Path,
    programme: pl.DataFrame,
    costs: PlaceCosts,
    paths: int,
    seed: int,
    label: str,
    first: int | None = None,
) -> SimulatedComparison:
    """Simulate the base and the programme scenario with the vector core on common random numbers
    (same paths and seed) and cost both with ``simulated_cost_gbp`` (``first``: keep the first paths)."""
    from sefton_sim.simulate.run import prepare, simulate

    base_run = simulate(prepare(base_scenario, paths, seed))
    chosen_run = simulate(prepare(programme_scenario, paths, seed))
    base, chosen = base_run.demand, chosen_run.demand
    years = (len(base.dates) - 1) // 12
    existing = financial_year_average(base.capacity, years, axis=0)
    keep = slice(0, first or paths)
    spend = None
    if base_run.ledgers is not None and chosen_run.ledgers is not None:
        spend = (base_run.ledgers.high_needs.spend_gbp_m - chosen_run.ledgers.high_needs.spend_gbp_m).sum(axis=1)[keep]
    return SimulatedComparison(
        label,
        len(range(paths)[keep]),
        seed,
        simulated_cost_gbp(base, costs, existing, empty_programme())[keep],
        simulated_cost_gbp(chosen, costs, existing, programme)[keep],
        base,
        chosen,
        spend,
    )


def cost_table(rows: Sequence[tuple[str, np.ndarray, np.ndarray]]) -> pl.DataFrame:
    """Expected and P90 total cost (£m over the horizon) of do-nothing and the programme, and the saving.

    ``rows``: (sample label, do-nothing costs [P], programme costs [P]) with equally likely paths.
    The P90 saving is P90(do-nothing) - P90(programme)."""
    records = []
    for label, nothing, chosen in rows:
        for statistic, fn in (("expected", lambda v: float(np.mean(v))), ("p90", p90)):
            dn, pr = fn(nothing) / 1e6, fn(chosen) / 1e6
            records.append(
                {
                    "sample": label,
                    "statistic": statistic,
                    "paths": len(nothing),
                    "do_nothing_gbp_m": dn,
                    "programme_gbp_m": pr,
                    "saving_gbp_m": dn - pr,
                    "saving_pct": 100.0 * (dn - pr) / dn if dn else math.nan,
                }
            )
    return pl.DataFrame(records)
