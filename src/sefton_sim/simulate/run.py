"""Scenario → demand → money → results: the one place a run is put together."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Literal

import numpy as np
import polars as pl

from sefton_sim.data import CouncilData, load_council_data
from sefton_sim.demand.rates import SendRates, build_send_rates, check_overrides
from sefton_sim.demand.stock_roll import stock_at_base_date
from sefton_sim.demand.vector import DemandPaths, chunk_sizes
from sefton_sim.demand.vector import simulate_chunk as simulate_send_chunk
from sefton_sim.errors import BadInputError
from sefton_sim.finance.assumptions import financial_year_index, resolve_finance
from sefton_sim.finance.availability import MoneyAvailability, money_availability
from sefton_sim.finance.general_fund import delivery_uniforms
from sefton_sim.finance.ledgers import FinanceLedgers, finance_ledgers
from sefton_sim.finance.money_data import MoneyData, load_present_money_data
from sefton_sim.finance.money_draws import MoneyDraws, money_for_paths, money_ranges
from sefton_sim.finance.partial import PartialLedgers, partial_ledgers
from sefton_sim.scenario import Scenario, load_scenario
from sefton_sim.scenario.load import scenario_chain
from sefton_sim.simulate.executors import Executor
from sefton_sim.simulate.joining import ArrayJoiner, PathJoiner
from sefton_sim.social_care.asc_packages import (
    AscPaths,
    AscRates,
    asc_base_cost_gbp_m,
    asc_cost_by_financial_year,
    simulate_asc_chunk,
)
from sefton_sim.social_care.csc_packages import (
    CscPackageRates,
    CscPaths,
    csc_base_cost_gbp_m,
    csc_cost_by_financial_year,
    csc_cost_by_type_by_financial_year,
    simulate_csc_chunk,
)

UNNAMED_FILE = BadInputError(None, "", None, "").file
"""What a BadInputError raised without a file shows in its place."""

SAVINGS_STREAM = 103
"""Seed stream id for savings-delivery draws (``SeedSequence(seed, spawn_key=(chunk, 103))``)."""


@dataclass
class Inputs:
    """A scenario with every table it reads, ready to simulate.

    A money table missing from the data folder leaves out the ledgers that need it
    (``availability``): ``money`` is None without money_assumptions.csv (and holds the assumptions
    alone without the budget tables), ``csc_rates`` / ``asc_rates`` are None without their tables.
    """

    scenario: Scenario
    scenario_files: list[Path]
    data: CouncilData
    money: MoneyData | None
    send_rates: SendRates
    csc_rates: CscPackageRates | None
    asc_rates: AscRates | None
    availability: MoneyAvailability

    @property
    def first_financial_year(self) -> int:
        """Calendar year in which ledger year 0 starts: the money data's, else the base date's financial year."""
        if self.money is not None:
            return self.money.first_financial_year
        return financial_year_index(self.scenario.base_date, 0)


@dataclass
class RunResult:
    """Everything one scenario run produced, before it is written anywhere."""

    scenario: Scenario
    scenario_files: list[Path]
    data: CouncilData
    rates: SendRates
    demand: DemandPaths
    csc: CscPaths | None = None  # vector engine: the children looked after; the monthly flows are not kept (``CSC_UNKEPT_FIELDS``)
    asc: AscPaths | None = None  # vector engine: the clients; the monthly flows are not kept (``ASC_UNKEPT_FIELDS``)
    csc_cost_gbp_m: np.ndarray | None = None  # [P, Y]
    asc_cost_gbp_m: np.ndarray | None = None  # [P, Y]
    ledgers: FinanceLedgers | None = None  # None when a money table is missing; then partial_money
    engine: str = "vector"
    event_log: pl.DataFrame | None = None
    timings_seconds: dict[str, float] = field(default_factory=dict)
    partial_money: PartialLedgers | None = None  # what could be computed when a money table is missing


def prepare(
    scenario_path: str | Path,
    paths: int | None = None,
    seed: int | None = None,
    horizon_years: int | None = None,
) -> Inputs:
    """Load the scenario and its data, apply command-line overrides, build the shared rates.

    Every check a run makes on its inputs happens here, before anything is simulated; every
    failure is a one-line BadInputError naming the scenario file or data table.
    """
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
    files = scenario_chain(Path(scenario_path))
    return prepare_scenario(scenario, data_folder, files, str(files[0]))


def _in_scenario(exc: BadInputError, source: str, key_prefix: str = "") -> BadInputError:
    """The same problem, told against the scenario file ``source`` (when no file was named)."""
    key = exc.key.removeprefix("override ")
    return BadInputError(source, f"{key_prefix}{key}", exc.value, exc.expected)


def prepare_scenario(scenario: Scenario, data_folder: Path, files: list[Path], source: str) -> Inputs:
    """Inputs for a validated scenario whose council data sit in ``data_folder``."""
    data = stock_at_base_date(load_council_data(data_folder), scenario.base_date)  # a census stock rolled to the base date
    check_overrides(data, scenario, source)
    availability = money_availability(data_folder)
    money = load_present_money_data(data_folder)
    if money is not None:
        try:
            resolve_finance(scenario.finance, money, scenario.horizon_years)  # the ledgers resolve it again, after simulating
            money_ranges(data, money, scenario.finance, scenario.base_date)  # the ranges the money draws read, checked before simulating
        except BadInputError as exc:
            raise (_in_scenario(exc, source) if exc.file == UNNAMED_FILE else exc) from None
    send_rates = build_send_rates(data, scenario, scenario.base_date, 12 * scenario.horizon_years)
    care = scenario.social_care
    try:
        csc_rates = CscPackageRates.from_data_if_present(data_folder, care.csc_overrides, scenario.base_date)
    except BadInputError as exc:
        raise (_in_scenario(exc, source, "social_care.csc_overrides.") if exc.key.startswith("override ") else exc) from None
    try:
        asc_rates = AscRates.from_data_if_present(data_folder, care.asc_overrides, scenario.base_date)
    except BadInputError as exc:
        raise (_in_scenario(exc, source, "social_care.asc_overrides.") if exc.key.startswith("override ") else exc) from None
    return Inputs(scenario, files, data, money, send_rates, csc_rates, asc_rates, availability)


TableCheck = Callable[[Inputs], None]
"""A check of a table that only some commands read (optimiser options, backtest history)."""


def check_inputs(scenario_path: str | Path, table_checks: Sequence[TableCheck] = ()) -> Inputs:
    """Every check ``run`` makes (:func:`prepare`), then ``table_checks`` on the prepared inputs.

    ``sefton-sim validate`` calls this with the loaders of the tables the optimisers and the
    backtest read, so that a scenario it passes is one that every command accepts.
    """
    inputs = prepare(scenario_path)
    for check in table_checks:
        check(inputs)
    return inputs


def send_children_by_financial_year(demand: DemandPaths) -> np.ndarray:
    """Average children with EHC plans per setting over each financial year, [P, Y, S].

    The average is over the month-start positions inside the year (1 April ... 1 March).
    """
    months = len(demand.dates) - 1
    years = months // 12
    by_setting = demand.stock_by_band_setting[:, : years * 12].sum(axis=2, dtype=np.float64)  # [P, 12Y, S], whole children summed exactly
    return by_setting.reshape(demand.paths, years, 12, -1).mean(axis=2)


Engine = Literal["vector", "des"]


@dataclass
class ChunkResult:
    """One chunk of paths from every engine, with its savings-delivery uniforms."""

    demand: DemandPaths
    csc: CscPaths | None  # None without the children's social care tables
    asc: AscPaths | None  # None without the adult social care tables
    savings_uniforms: np.ndarray  # [paths, MAX_SAVINGS]


def simulate_chunk(inputs: Inputs, chunk: int, paths: int, on_month: Callable[[int], None] | None = None) -> ChunkResult:
    """Chunk ``chunk`` of the run: SEND, CSC, ASC and savings draws from the chunk's own streams."""
    seed, months = inputs.scenario.seed, 12 * inputs.scenario.horizon_years
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(chunk, SAVINGS_STREAM))))
    return ChunkResult(
        demand=simulate_send_chunk(inputs.send_rates, seed, chunk, paths, on_month),
        csc=simulate_csc_chunk(inputs.csc_rates, months, paths, seed, chunk) if inputs.csc_rates is not None else None,
        asc=simulate_asc_chunk(inputs.asc_rates, months, paths, seed, chunk) if inputs.asc_rates is not None else None,
        savings_uniforms=delivery_uniforms(rng, paths),
    )


def _simulate_des(
    inputs: Inputs, event_log: bool
) -> tuple[DemandPaths, CscPaths | None, AscPaths | None, np.ndarray, np.ndarray, pl.DataFrame | None]:
    """The SimPy reference for every engine: SEND (with pupil-by-pupil transport), CSC and ASC."""
    from sefton_sim.demand.des import simulate_send_des_transport
    from sefton_sim.social_care.des_packages import simulate_asc_des, simulate_csc_des

    scenario, data = inputs.scenario, inputs.data
    months = 12 * scenario.horizon_years
    demand, transport, send_log = simulate_send_des_transport(
        inputs.send_rates, scenario.paths, scenario.seed, data.share_transported, data.transport_cost_gbp_per_pupil_per_year, event_log
    )
    csc, csc_log = (
        simulate_csc_des(inputs.csc_rates, months, scenario.paths, scenario.seed, event_log) if inputs.csc_rates is not None else (None, None)
    )
    asc, asc_log = (
        simulate_asc_des(inputs.asc_rates, months, scenario.paths, scenario.seed, event_log) if inputs.asc_rates is not None else (None, None)
    )
    uniforms = np.concatenate(
        [
            delivery_uniforms(np.random.Generator(np.random.PCG64(np.random.SeedSequence(scenario.seed, spawn_key=(chunk, SAVINGS_STREAM)))), n)
            for chunk, n in enumerate(chunk_sizes(scenario.paths))
        ]
    )
    log = None
    if event_log:
        logs = [
            frame.with_columns(pl.lit(model).alias("model"))
            for model, frame in (("send", send_log), ("csc", csc_log), ("asc", asc_log))
            if frame is not None
        ]
        log = pl.concat([f.with_columns(pl.col("event").cast(pl.String)) for f in logs], how="diagonal_relaxed")
    return demand, csc, asc, uniforms, transport.send_cost_by_financial_year_gbp_m(), log


DEMAND_SHARED_FIELDS = ("dates", "capacity")
"""Fields of ``DemandPaths`` that every chunk shares (``concat_paths`` keeps the first chunk's)."""

CARE_SHARED_FIELDS = ("dates",)
"""Fields of ``CscPaths`` / ``AscPaths`` that every chunk shares."""

CSC_UNKEPT_FIELDS = ("flows_by_type",)
"""Fields of ``CscPaths`` a run does not keep for every path: the monthly flows by placement type,
which no output reads (the social care counts and package costs read the children looked after)."""

ASC_UNKEPT_FIELDS = ("flows_by_service",)
"""Fields of ``AscPaths`` a run does not keep for every path: the monthly flows by service, which
no output reads (the counts and package costs read the clients)."""


def join_chunks(
    arriving: Iterable[tuple[int, ChunkResult]], sizes: Sequence[int]
) -> tuple[DemandPaths, CscPaths | None, AscPaths | None, np.ndarray]:
    """The run's paths from its chunks, (chunk, result) in any order: each chunk is copied into the
    joined arrays as it arrives and then dropped, so the chunks are never all held beside the result.

    The same arrays as joining every chunk with ``concat_paths`` / ``concat_csc_paths`` /
    ``concat_asc_paths``, except that the social care flows (``CSC_UNKEPT_FIELDS``,
    ``ASC_UNKEPT_FIELDS``) are left empty: no output of a run reads them.
    """
    demand: PathJoiner[DemandPaths] = PathJoiner(sizes, DEMAND_SHARED_FIELDS)
    csc: PathJoiner[CscPaths] = PathJoiner(sizes, CARE_SHARED_FIELDS, CSC_UNKEPT_FIELDS)
    asc: PathJoiner[AscPaths] = PathJoiner(sizes, CARE_SHARED_FIELDS, ASC_UNKEPT_FIELDS)
    uniforms = ArrayJoiner(sizes)
    has_csc = has_asc = False
    for chunk, part in arriving:
        demand.add(chunk, part.demand)
        if part.csc is not None:
            csc.add(chunk, part.csc)
            has_csc = True
        if part.asc is not None:
            asc.add(chunk, part.asc)
            has_asc = True
        uniforms.add(chunk, part.savings_uniforms)
        del part
    return demand.result(), csc.result() if has_csc else None, asc.result() if has_asc else None, uniforms.result()


def _chunk_task(inputs: Inputs, item: tuple[int, int]) -> ChunkResult:
    chunk, paths = item
    return simulate_chunk(inputs, chunk, paths)


def require_all_money(inputs: Inputs) -> None:
    """Refuse (one line) a folder missing a money table, for commands that need every ledger."""
    if inputs.availability.complete:
        return
    needed = inputs.availability.skipped[-1]  # the General Fund, which needs every money table
    expected = f"this table ({needed.needs.holding}): this command needs every ledger, {needed.needs.title} included"
    raise BadInputError(inputs.data.folder / needed.missing[0], "table", "missing", expected)


def money_for(
    inputs: Inputs,
    demand: DemandPaths,
    csc: CscPaths | None,
    asc: AscPaths | None,
    savings_uniforms: np.ndarray,
    send_transport_by_setting_gbp_m: np.ndarray | None = None,
) -> tuple[FinanceLedgers, np.ndarray, np.ndarray]:
    """Package costs and ledgers for simulated paths (each path's money depends only on that path).

    Needs every money table (``inputs.availability.complete``); :func:`partial_money_for` computes
    what a folder with missing tables allows.
    """
    require_all_money(inputs)
    assert inputs.money is not None and inputs.csc_rates is not None and inputs.asc_rates is not None and csc is not None and asc is not None
    base = inputs.scenario.base_date
    csc_cost = csc_cost_by_financial_year(csc, inputs.csc_rates, base)
    asc_cost = asc_cost_by_financial_year(asc, inputs.asc_rates, base)
    ledgers = finance_ledgers(
        inputs.data,
        inputs.money,
        inputs.scenario.finance,
        send_children_by_financial_year(demand),
        asc_cost,
        csc_cost,
        savings_uniforms,
        asc_package_cost_base_gbp_m=asc_base_cost_gbp_m(inputs.asc_rates),
        csc_package_cost_base_gbp_m=csc_base_cost_gbp_m(inputs.csc_rates),
        send_transport_by_setting_gbp_m=send_transport_by_setting_gbp_m,
        csc_package_cost_by_type_gbp_m=csc_cost_by_type_by_financial_year(csc, inputs.csc_rates, base),
        money_draws=run_money(inputs, demand.paths),
        casework_officers_added_by_month=demand.casework_officers_added,
        casework_cost_gbp_per_officer_per_year=inputs.scenario.send.assessment_capacity.cost_gbp_per_officer_per_year,
    )
    return ledgers, csc_cost, asc_cost


def run_money(inputs: Inputs, paths: int) -> MoneyDraws:
    """The run's money per path: drawn from the data ranges with the scenario's seed, or central."""
    assert inputs.money is not None
    scenario = inputs.scenario
    assumptions = resolve_finance(scenario.finance, inputs.money, scenario.horizon_years)
    return money_for_paths(inputs.data, inputs.money, scenario.finance, assumptions, scenario.base_date, scenario.seed, paths)


def partial_money_for(
    inputs: Inputs,
    demand: DemandPaths,
    csc: CscPaths | None,
    asc: AscPaths | None,
    send_transport_by_setting_gbp_m: np.ndarray | None = None,
) -> tuple[PartialLedgers, np.ndarray | None, np.ndarray | None]:
    """The ledgers the present money tables allow, and the package costs whose tables are present."""
    base = inputs.scenario.base_date
    csc_cost = csc_cost_by_financial_year(csc, inputs.csc_rates, base) if csc is not None and inputs.csc_rates is not None else None
    asc_cost = asc_cost_by_financial_year(asc, inputs.asc_rates, base) if asc is not None and inputs.asc_rates is not None else None
    allowed = partial_ledgers(
        inputs.data,
        inputs.money,
        inputs.scenario.finance,
        inputs.availability,
        send_children_by_financial_year(demand),
        inputs.first_financial_year,
        send_transport_by_setting_gbp_m,
        csc_cost_by_type_by_financial_year(csc, inputs.csc_rates, base) if csc is not None and inputs.csc_rates is not None else None,
        run_money(inputs, demand.paths) if inputs.money is not None else None,
    )
    return allowed, csc_cost, asc_cost


def simulate(
    inputs: Inputs,
    on_month: Callable[[int], None] | None = None,
    engine: Engine = "vector",
    event_log: bool = False,
    executor: Executor | None = None,
) -> RunResult:
    """Run every engine and the ledgers for prepared inputs.

    ``engine="vector"`` is the production vector core, run chunk by chunk on ``executor``
    (serial by default; threads, processes or Dask give identical results). ``"des"`` is the
    SimPy reference (one process per child), which can also return an event log.
    """
    scenario = inputs.scenario
    log = None
    t0 = time.perf_counter()
    sizes = chunk_sizes(scenario.paths)
    items = list(enumerate(sizes))
    transport = None
    if engine == "des":
        demand, csc, asc, uniforms, transport, log = _simulate_des(inputs, event_log)
    else:
        if executor is None or executor.name == "serial":
            arriving: Iterable[tuple[int, ChunkResult]] = ((chunk, simulate_chunk(inputs, chunk, n, on_month)) for chunk, n in items)
        else:
            arriving = executor.as_completed(partial(_chunk_task, inputs), items)
        demand, csc, asc, uniforms = join_chunks(arriving, sizes)
    t1 = time.perf_counter()
    ledgers: FinanceLedgers | None = None
    partial_money: PartialLedgers | None = None
    csc_cost: np.ndarray | None
    asc_cost: np.ndarray | None
    if inputs.availability.complete:
        ledgers, csc_cost, asc_cost = money_for(inputs, demand, csc, asc, uniforms, transport)
    else:
        partial_money, csc_cost, asc_cost = partial_money_for(inputs, demand, csc, asc, transport)
    t2 = time.perf_counter()
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
        timings_seconds={"simulate_seconds": t1 - t0, "ledgers_seconds": t2 - t1},
        partial_money=partial_money,
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
