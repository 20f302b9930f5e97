"""Scenario → demand → results: the one place a run is put together."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sefton_sim.data import CouncilData, load_council_data
from sefton_sim.demand.rates import SendRates, build_send_rates, check_overrides
from sefton_sim.demand.vector import DemandPaths, simulate_send
from sefton_sim.scenario import Scenario, load_scenario
from sefton_sim.scenario.load import scenario_chain


@dataclass
class RunResult:
    """Everything one scenario run produced, before it is written anywhere."""

    scenario: Scenario
    scenario_files: list[Path]
    data: CouncilData
    rates: SendRates
    demand: DemandPaths
    engine: str = "vector"
    timings_seconds: dict[str, float] = field(default_factory=dict)


def prepare(
    scenario_path: str | Path,
    paths: int | None = None,
    seed: int | None = None,
    horizon_years: int | None = None,
) -> tuple[Scenario, CouncilData, SendRates, list[Path]]:
    """Load the scenario and its data, apply command-line overrides, build the shared rates."""
    scenario, data_folder = load_scenario(scenario_path)
    updates: dict[str, int] = {}
    if paths is not None:
        updates["paths"] = paths
    if seed is not None:
        updates["seed"] = seed
    if horizon_years is not None:
        updates["horizon_years"] = horizon_years
    if updates:
        scenario = scenario.model_copy(update=updates)
    data = load_council_data(data_folder)
    check_overrides(data, scenario, str(scenario_path))
    rates = build_send_rates(data, scenario, scenario.base_date, 12 * scenario.horizon_years)
    return scenario, data, rates, scenario_chain(Path(scenario_path))


def run_scenario(
    scenario_path: str | Path,
    paths: int | None = None,
    seed: int | None = None,
    horizon_years: int | None = None,
    on_month: Callable[[int], None] | None = None,
) -> RunResult:
    """Run a scenario file with the vector core; same scenario and seed, same result."""
    t0 = time.perf_counter()
    scenario, data, rates, files = prepare(scenario_path, paths, seed, horizon_years)
    t1 = time.perf_counter()
    demand = simulate_send(rates, scenario.paths, scenario.seed, on_month=on_month)
    t2 = time.perf_counter()
    return RunResult(
        scenario=scenario,
        scenario_files=files,
        data=data,
        rates=rates,
        demand=demand,
        timings_seconds={"load_seconds": t1 - t0, "simulate_seconds": t2 - t1},
    )


def with_timing(result: RunResult, name: str, seconds: float) -> RunResult:
    """A copy of ``result`` with one more timing recorded."""
    return dataclasses.replace(result, timings_seconds={**result.timings_seconds, name: seconds})
