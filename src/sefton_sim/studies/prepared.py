"""One prepared model, many cases: what sensitivity and goal-seek run on.

The scenario is loaded, checked and its month steps compiled once (:func:`sefton_sim.simulate.run.prepare`).
A *case* is the same scenario with some values changed: scenario fields (SEND demand, places,
graduated approach, social care overrides, finance levers), money assumptions or SEND unit
costs. Every case uses the scenario's seed and paths, so path ``i`` of every case sees the same
random numbers (common random numbers) and differences between cases are the effect of the
changed values alone.

Only the engines a change touches are run again: a case that changes only money re-uses the
simulated children, care packages and savings draws of the base case and recomputes the
ledgers; a change to SEND demand re-runs the SEND chunks (on the given executor) but re-uses the
social care paths, and so on. The last simulated paths of each engine are kept, so a sequence
of cases that changes one value at a time (a Morris trajectory, a bisection on a money lever)
simulates each engine only when its own inputs change.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
from pydantic import ValidationError

from sefton_sim.data.council import CouncilData, Parameter
from sefton_sim.demand.rates import SendRates, build_send_rates, check_overrides
from sefton_sim.demand.vector import DemandPaths, chunk_sizes, concat_paths
from sefton_sim.demand.vector import simulate_chunk as simulate_send_chunk
from sefton_sim.errors import BadInputError
from sefton_sim.finance.ledgers import FinanceLedgers
from sefton_sim.finance.money_data import MoneyData
from sefton_sim.model import states as st
from sefton_sim.scenario import Scenario
from sefton_sim.simulate.executors import Executor, SerialExecutor
from sefton_sim.simulate.run import Inputs, money_for, require_all_money, simulate_chunk
from sefton_sim.social_care.asc_packages import AscPaths, AscRates, concat_asc_paths, simulate_asc_chunk
from sefton_sim.social_care.csc_packages import CscPackageRates, CscPaths, concat_csc_paths, simulate_csc_chunk


@dataclass(frozen=True)
class Case:
    """What a case changes: scenario fields (dotted keys), money assumptions, SEND unit costs.

    ``scenario`` maps dotted keys of the scenario (``"send.request_trend_shift_per_year"``,
    ``"send.parameter_overrides.ceasing_rate_per_year"``, ``"finance.savings"``) to values;
    ``money`` maps rows of money_assumptions.csv to values (used where the scenario does not set
    the matching finance field); ``setting_cost_gbp_per_child_per_year`` maps SEND settings to
    unit costs (£ a child a year, 2023/24 prices).
    """

    scenario: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    money: Mapping[str, float] = dataclasses.field(default_factory=dict)
    setting_cost_gbp_per_child_per_year: Mapping[str, float] = dataclasses.field(default_factory=dict)


BASE_CASE = Case()


@dataclass(frozen=True)
class CaseOutcome:
    """What a case produced, per path: the money ledgers and the SEND paths."""

    ledgers: FinanceLedgers
    demand: DemandPaths

    @property
    def year_labels(self) -> list[str]:
        """Financial-year labels of the ledger years."""
        return self.ledgers.assumptions.year_labels()

    def inmss_at_march(self) -> dict[str, np.ndarray]:
        """Children in INMSS at 31 March of each financial year (key: the year ending then, "2024/25"), [P]."""
        demand = self.demand
        out: dict[str, np.ndarray] = {}
        by_setting = demand.stock_by_band_setting[:, :, :, st.INMSS].sum(axis=2)
        for i, day in enumerate(demand.dates):
            if day.month == 4 and i > 0:
                out[f"{day.year - 1}/{day.year % 100:02d}"] = by_setting[:, i].astype(float)
        return out


def _set_dotted(tree: dict[str, Any], key: str, value: Any) -> None:
    parts = key.split(".")
    node = tree
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = {}
            node[part] = child
        node = child
    node[parts[-1]] = value


def case_scenario(base: Scenario, changes: Mapping[str, Any], source: str) -> Scenario:
    """The base scenario with dotted keys set, validated by the scenario schema (one-line error if not)."""
    if not changes:
        return base
    tree = base.model_dump(mode="python")
    for key, value in changes.items():
        _set_dotted(tree, key, value)
    try:
        return Scenario.model_validate(tree)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(p) for p in first["loc"])
        raise BadInputError(source, key or "scenario", first.get("input"), first["msg"]) from None


def _money_with(money: MoneyData, values: Mapping[str, float], source: str) -> MoneyData:
    if not values:
        return money
    params: dict[str, Parameter] = dict(money.parameters)
    for name, value in values.items():
        if name not in params:
            raise BadInputError(money.folder / "money_assumptions.csv", "parameter", name, "a row of money_assumptions.csv")
        params[name] = dataclasses.replace(params[name], value=float(value))
    return dataclasses.replace(money, parameters=params)


def _data_with(data: CouncilData, costs: Mapping[str, float]) -> CouncilData:
    if not costs:
        return data
    cost = data.cost_gbp_per_child_per_year.copy()
    for setting, value in costs.items():
        cost[st.SETTINGS.index(setting)] = float(value)
    return dataclasses.replace(data, cost_gbp_per_child_per_year=cost)


def _send_task(rates: SendRates, seed: int, item: tuple[int, int]) -> DemandPaths:
    chunk, paths = item
    return simulate_send_chunk(rates, seed, chunk, paths)


def _csc_task(rates: CscPackageRates, months: int, seed: int, item: tuple[int, int]) -> CscPaths:
    chunk, paths = item
    return simulate_csc_chunk(rates, months, paths, seed, chunk)


def _asc_task(rates: AscRates, months: int, seed: int, item: tuple[int, int]) -> AscPaths:
    chunk, paths = item
    return simulate_asc_chunk(rates, months, paths, seed, chunk)


def _send_key(scenario: Scenario) -> str:
    return json.dumps(
        [scenario.send.model_dump(mode="json"), scenario.capacity.model_dump(mode="json"), scenario.graduated_approach.model_dump(mode="json")],
        sort_keys=True,
    )


class PreparedModel:
    """A prepared scenario that evaluates cases on common random numbers (see the module docstring).

    ``engine_runs`` counts the engine simulations done (SEND, CSC, ASC, each a pass over every
    path chunk) and ``ledger_runs`` the ledger computations: the cost of a study in runs.
    """

    def __init__(self, inputs: Inputs, executor: Executor | None = None) -> None:
        require_all_money(inputs)
        self.inputs = inputs
        self.executor: Executor = executor or SerialExecutor()
        self.source = str(inputs.scenario_files[0]) if inputs.scenario_files else "(scenario)"
        scenario = inputs.scenario
        self.items = list(enumerate(chunk_sizes(scenario.paths)))
        self.months = 12 * scenario.horizon_years
        self.engine_runs = {"send": 0, "csc": 0, "asc": 0}
        self.ledger_runs = 0
        parts = self.executor.map(partial(_chunk_of, inputs), self.items)
        self.engine_runs = {"send": 1, "csc": 1, "asc": 1}
        self.savings_uniforms = np.concatenate([p[3] for p in parts])
        self._send: tuple[str, DemandPaths] = (_send_key(scenario), concat_paths([p[0] for p in parts]))
        self._send_base = self._send
        csc_parts = [p[1] for p in parts if p[1] is not None]
        asc_parts = [p[2] for p in parts if p[2] is not None]
        self._csc: tuple[str, CscPackageRates, CscPaths] | None = None
        self._asc: tuple[str, AscRates, AscPaths] | None = None
        if inputs.csc_rates is not None:
            self._csc = (self._care_key(scenario.social_care.csc_overrides), inputs.csc_rates, concat_csc_paths(csc_parts))
        if inputs.asc_rates is not None:
            self._asc = (self._care_key(scenario.social_care.asc_overrides), inputs.asc_rates, concat_asc_paths(asc_parts))
        self._csc_base, self._asc_base = self._csc, self._asc

    @staticmethod
    def _care_key(overrides: Mapping[str, float]) -> str:
        return json.dumps(dict(overrides), sort_keys=True)

    def _demand(self, scenario: Scenario, data: CouncilData) -> DemandPaths:
        key = _send_key(scenario)
        for kept in (self._send, self._send_base):
            if key == kept[0]:
                return kept[1]
        check_overrides(data, scenario, self.source)
        rates = build_send_rates(data, scenario, scenario.base_date, self.months)
        parts = self.executor.map(partial(_send_task, rates, scenario.seed), self.items)
        self.engine_runs["send"] += 1
        demand = concat_paths(parts)
        self._send = (key, demand)
        return demand

    def _csc_paths(self, scenario: Scenario) -> tuple[CscPackageRates, CscPaths]:
        assert self._csc is not None
        key = self._care_key(scenario.social_care.csc_overrides)
        if self._csc_base is not None and key == self._csc_base[0]:
            return self._csc_base[1], self._csc_base[2]
        if key != self._csc[0]:
            rates = CscPackageRates.from_data(self.inputs.data.folder, scenario.social_care.csc_overrides, scenario.base_date)
            parts = self.executor.map(partial(_csc_task, rates, self.months, scenario.seed), self.items)
            self.engine_runs["csc"] += 1
            self._csc = (key, rates, concat_csc_paths(parts))
        return self._csc[1], self._csc[2]

    def _asc_paths(self, scenario: Scenario) -> tuple[AscRates, AscPaths]:
        assert self._asc is not None
        key = self._care_key(scenario.social_care.asc_overrides)
        if self._asc_base is not None and key == self._asc_base[0]:
            return self._asc_base[1], self._asc_base[2]
        if key != self._asc[0]:
            rates = AscRates.from_data(self.inputs.data.folder, scenario.social_care.asc_overrides, scenario.base_date)
            parts = self.executor.map(partial(_asc_task, rates, self.months, scenario.seed), self.items)
            self.engine_runs["asc"] += 1
            self._asc = (key, rates, concat_asc_paths(parts))
        return self._asc[1], self._asc[2]

    def evaluate(self, case: Case = BASE_CASE) -> CaseOutcome:
        """The ledgers and SEND paths of ``case`` on the scenario's seed and paths."""
        base = self.inputs
        assert base.money is not None
        scenario = case_scenario(base.scenario, case.scenario, self.source)
        data = _data_with(base.data, case.setting_cost_gbp_per_child_per_year)
        money = _money_with(base.money, case.money, self.source)
        demand = self._demand(scenario, data)
        csc_rates, csc = self._csc_paths(scenario)
        asc_rates, asc = self._asc_paths(scenario)
        inputs = dataclasses.replace(base, scenario=scenario, data=data, money=money, csc_rates=csc_rates, asc_rates=asc_rates)
        ledgers, _, _ = money_for(inputs, demand, csc, asc, self.savings_uniforms)
        self.ledger_runs += 1
        return CaseOutcome(ledgers, demand)

    @property
    def runs_equivalent(self) -> float:
        """Engine passes so far in units of one full run (SEND dominates; CSC and ASC are counted with it)."""
        return float(self.engine_runs["send"])


def _chunk_of(inputs: Inputs, item: tuple[int, int]) -> tuple[DemandPaths, CscPaths | None, AscPaths | None, np.ndarray]:
    chunk, paths = item
    part = simulate_chunk(inputs, chunk, paths)
    return part.demand, part.csc, part.asc, part.savings_uniforms
