"""Scenario → demand → money → results: the one place a run is put together."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import polars as pl

from sefton_sim.data import CouncilData, load_council_data
from sefton_sim.demand.rates import SendRates, build_send_rates, check_overrides
from sefton_sim.demand.vector import DemandPaths, simulate_send
from sefton_sim.finance.ledgers import FinanceLedgers, finance_ledgers
from sefton_sim.finance.money_data import MoneyData, load_money_data
from sefton_sim.scenario import Scenario, load_scenario
from sefton_sim.scenario.load import scenario_chain
from sefton_sim.social_care.asc_packages import AscPaths, AscRates, asc_base_cost_gbp_m, asc_cost_by_financial_year, simulate_asc
from sefton_sim.social_care.csc_packages import (
    CscPackageRates,
    CscPaths,
    csc_base_cost_gbp_m,
    csc_cost_by_financial_year,
    simulate_csc,
)

SAVINGS_STREAM = 103
"""Seed stream id for savings-delivery draws (``SeedSequence(seed, spawn_key=(0, 103))``)."""


@dataclass
class Inputs:
    """A scenario with every table it reads, ready to simulate."""

    scenario: Scenario
    scenario_files: list[Path]
    data: CouncilData
    money: MoneyData
    send_rates: SendRates
    csc_rates: CscPackageRates
    asc_rates: AscRates


@dataclass
class RunResult:
    """Everything one scenario run produced, before it is written anywhere."""

    scenario: Scenario
    scenario_files: list[Path]
    data: CouncilData
    rates: SendRates
    demand: DemandPaths
    csc: CscPaths | None = None
    asc: AscPaths | None = None
    csc_cost_gbp_m: np.ndarray | None = None  # [P, Y]
    asc_cost_gbp_m: np.ndarray | None = None  # [P, Y]
    ledgers: FinanceLedgers | None = None
    engine: str = "vector"
    event_log: pl.DataFrame | None = None
    timings_seconds: dict[str, float] = field(default_factory=dict)


def prepare(
    scenario_path: str | Path,
    paths: int | None = None,
    seed: int | None = None,
    horizon_years: int | None = None,
) -> Inputs:
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
    money = load_money_data(data_folder)
    send_rates = build_send_rates(data, scenario, scenario.base_date, 12 * scenario.horizon_years)
    csc_rates = CscPackageRates.from_data(data_folder, scenario.social_care.csc_overrides, scenario.base_date)
    asc_rates = AscRates.from_data(data_folder, scenario.social_care.asc_overrides, scenario.base_date)
    return Inputs(scenario, scenario_chain(Path(scenario_path)), data, money, send_rates, csc_rates, asc_rates)


def send_children_by_financial_year(demand: DemandPaths) -> np.ndarray:
    """Average children with EHC plans per setting over each financial year, [P, Y, S].

    The average is over the month-start positions inside the year (1 April ... 1 March).
    """
    months = len(demand.dates) - 1
    years = months // 12
    by_setting = demand.stock_by_band_setting[:, : years * 12].sum(axis=2).astype(np.float64)  # [P, 12Y, S]
    return by_setting.reshape(demand.paths, years, 12, -1).mean(axis=2)


Engine = Literal["vector", "des"]


def simulate(
    inputs: Inputs,
    on_month: Callable[[int], None] | None = None,
    engine: Engine = "vector",
    event_log: bool = False,
) -> RunResult:
    """Run every engine and the ledgers for prepared inputs.

    ``engine="vector"`` is the production vector core; ``"des"`` the SimPy reference (one process
    per child), which can also return an event log.
    """
    scenario = inputs.scenario
    months = 12 * scenario.horizon_years
    timings: dict[str, float] = {}
    log = None
    t0 = time.perf_counter()
    if engine == "des":
        from sefton_sim.demand.des import simulate_send_des

        demand, log = simulate_send_des(inputs.send_rates, scenario.paths, scenario.seed, event_log=event_log)
    else:
        demand = simulate_send(inputs.send_rates, scenario.paths, scenario.seed, on_month=on_month)
    t1 = time.perf_counter()
    csc = simulate_csc(inputs.csc_rates, months, scenario.paths, scenario.seed)
    asc = simulate_asc(inputs.asc_rates, months, scenario.paths, scenario.seed)
    csc_cost = csc_cost_by_financial_year(csc, inputs.csc_rates, scenario.base_date)
    asc_cost = asc_cost_by_financial_year(asc, inputs.asc_rates, scenario.base_date)
    t2 = time.perf_counter()
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(scenario.seed, spawn_key=(0, SAVINGS_STREAM))))
    ledgers = finance_ledgers(
        inputs.data,
        inputs.money,
        scenario.finance,
        send_children_by_financial_year(demand),
        asc_cost,
        csc_cost,
        rng,
        asc_package_cost_base_gbp_m=asc_base_cost_gbp_m(inputs.asc_rates),
        csc_package_cost_base_gbp_m=csc_base_cost_gbp_m(inputs.csc_rates),
    )
    t3 = time.perf_counter()
    timings.update(send_seconds=t1 - t0, social_care_seconds=t2 - t1, ledgers_seconds=t3 - t2)
    return RunResult(
        scenario=scenario,
        scenario_files=inputs.scenario_files,
        data=inputs.data,
        rates=inputs.send_rates,
        demand=demand,
        csc=csc,
        asc=asc,
        csc_cost_gbp_m=csc_cost,
        asc_cost_gbp_m=asc_cost,
        ledgers=ledgers,
        engine=engine,
        event_log=log,
        timings_seconds=timings,
    )


def run_scenario(
    scenario_path: str | Path,
    paths: int | None = None,
    seed: int | None = None,
    horizon_years: int | None = None,
    on_month: Callable[[int], None] | None = None,
) -> RunResult:
    """Run a scenario file with the vector core and the ledgers; same scenario and seed, same result."""
    t0 = time.perf_counter()
    inputs = prepare(scenario_path, paths, seed, horizon_years)
    load_seconds = time.perf_counter() - t0
    result = simulate(inputs, on_month)
    result.timings_seconds = {"load_seconds": load_seconds, **result.timings_seconds}
    return result


def with_timing(result: RunResult, name: str, seconds: float) -> RunResult:
    """A copy of ``result`` with one more timing recorded."""
    return dataclasses.replace(result, timings_seconds={**result.timings_seconds, name: seconds})
