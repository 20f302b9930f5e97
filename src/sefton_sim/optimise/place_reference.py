"""Reference place instances (the Sefton baseline at fixed numbers of scenarios) for benchmarks,
solver comparison and ``sefton-sim optimise export-instances``."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

import numpy as np
import pulp

from sefton_sim.errors import BadInputError
from sefton_sim.optimise.place_data import CandidateProject, CapitalBudget, PlaceCosts, load_candidates, load_capital_budget, place_costs
from sefton_sim.optimise.place_demand import PlaceDemand, place_demand
from sefton_sim.optimise.place_model import PlaceHandles, PlaceOptions, build_place_model
from sefton_sim.optimise.place_response import PlaceResponse
from sefton_sim.shipped import scenarios_folder

REFERENCE_SIZES: dict[str, int] = {"tiny": 3, "small": 10, "medium": 50, "large": 200}
"""Scenarios (simulated paths) in each reference instance."""
REFERENCE_SEED = 20240401
"""Seed of the reference instances (the baseline scenario's seed)."""
ReferenceSize = Literal["tiny", "small", "medium", "large"]


@functools.lru_cache(maxsize=1)
def _reference_inputs() -> tuple[PlaceDemand, tuple[CandidateProject, ...], CapitalBudget, PlaceCosts]:
    from sefton_sim.demand.vector import simulate_send
    from sefton_sim.simulate.run import prepare

    inputs = prepare(scenarios_folder() / "baseline.toml", paths=max(REFERENCE_SIZES.values()), seed=REFERENCE_SEED)
    paths = simulate_send(inputs.send_rates, inputs.scenario.paths, inputs.scenario.seed)
    demand = place_demand(paths, inputs.scenario.name, inputs.data.stock_base, inputs.scenario.paths)
    folder = inputs.data.folder
    return demand, load_candidates(folder), load_capital_budget(folder), place_costs(inputs.data)


_DEFAULT_OPTIONS = PlaceOptions()


def build_reference_instance(size: ReferenceSize, options: PlaceOptions = _DEFAULT_OPTIONS) -> tuple[pulp.LpProblem, PlaceHandles]:
    """A reference instance on the Sefton baseline (seed 20240401, 5 financial years):
    tiny 3, small 10, medium 50, large 200 scenarios. The simulation is cached per process."""
    if size not in REFERENCE_SIZES:
        raise BadInputError("(argument)", "size", size, f"one of {', '.join(REFERENCE_SIZES)}")
    demand, candidates, budget, costs = _reference_inputs()
    return build_place_model(candidates, demand.subset(REFERENCE_SIZES[size]), budget, costs, options)


def write_reference_instance(size: ReferenceSize, folder: str | Path) -> Path:
    """Export a reference instance as an MPS file (``places_<size>.mps``) for other solvers."""
    problem, _ = build_reference_instance(size)
    path = Path(folder) / f"places_{size}.mps"
    path.parent.mkdir(parents=True, exist_ok=True)
    problem.writeMPS(str(path))
    return path


RESPONSE_SIZES: dict[str, int] = {"small": 10, "medium": 50, "large": 200, "xlarge": 500}
"""Scenarios in each reference instance of the response model (``optimise places``' model)."""


@functools.lru_cache(maxsize=1)
def _response_inputs() -> tuple[PlaceDemand, tuple[CandidateProject, ...], CapitalBudget, PlaceCosts, PlaceResponse, np.ndarray]:
    from sefton_sim.demand.vector import simulate_send
    from sefton_sim.optimise.place_demand import financial_year_average
    from sefton_sim.optimise.place_evaluation import simulated_cost_gbp
    from sefton_sim.optimise.place_programme import empty_programme
    from sefton_sim.optimise.place_response import ResponseSimulator, measure_responses
    from sefton_sim.optimise.place_response_model import opening_dates
    from sefton_sim.simulate.run import prepare

    S = max(RESPONSE_SIZES.values())
    inputs = prepare(scenarios_folder() / "baseline.toml", paths=S, seed=REFERENCE_SEED)
    paths = simulate_send(inputs.send_rates, S, REFERENCE_SEED)
    demand = place_demand(paths, inputs.scenario.name, inputs.data.stock_base, S)
    folder = inputs.data.folder
    candidates, budget, costs = load_candidates(folder), load_capital_budget(folder), place_costs(inputs.data)
    existing = financial_year_average(paths.capacity, demand.years, axis=0)
    do_nothing = simulated_cost_gbp(paths, costs, existing, empty_programme())
    simulator = ResponseSimulator.from_paths(inputs.send_rates, inputs.data, inputs.scenario, paths, S)
    response = measure_responses(simulator, candidates, opening_dates(candidates, demand))
    return demand, candidates, budget, costs, response, do_nothing


def build_reference_response_instance(size: str) -> tuple[pulp.LpProblem, PlaceHandles]:
    """The response MILP on the Sefton baseline (seed 20240401, 5 financial years, responses as
    measured, before calibration): small 10, medium 50, large 200, xlarge 500 scenarios."""
    from sefton_sim.optimise.place_response_model import build_response_model

    if size not in RESPONSE_SIZES:
        raise BadInputError("(argument)", "size", size, f"one of {', '.join(RESPONSE_SIZES)}")
    demand, candidates, budget, costs, response, do_nothing = _response_inputs()
    n = RESPONSE_SIZES[size]
    return build_response_model(candidates, demand.subset(n), budget, costs, response.subset(n), do_nothing[:n])
