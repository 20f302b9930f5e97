"""Every ranged assumption of a prepared scenario: its central value, its low and high, and how to set it.

The ranges are the ones already in the council's data folder, each with its source:

- ``send_parameters.csv`` (``low`` / ``high``; the central value is the fitted one where calibrated),
- ``money_assumptions.csv`` (``low`` / ``high``; numbers only, not dates or policy years),
- ``csc_parameters.csv`` and ``asc_parameters.csv`` (``low`` / ``high``), and the per-type ranges of
  ``csc_placements.csv`` (``cost_low`` / ``cost_high``, ``mean_stay_low`` / ``mean_stay_high``) and
  ``asc_services.csv`` (``price_low`` / ``price_high``, ``duration_low`` / ``duration_high``),
- ``send_settings.csv`` (``cost_low_gbp`` / ``cost_high_gbp``: SEND unit costs by setting).

Rows whose low equals high are facts, not ranges, and are left out; so are the CSC entry age
shares (they must sum to one, so one cannot move alone). Where the scenario already sets a value
(a finance lever, a parameter override), that value is the centre and the data's range applies.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import polars as pl

from sefton_sim.data import tables as t
from sefton_sim.model import states as st
from sefton_sim.simulate.run import Inputs
from sefton_sim.studies.prepared import Case

MONEY_TO_FINANCE_FIELD: dict[str, str] = {
    "pay_award_per_year": "pay_award_per_year",
    "price_inflation_per_year": "price_inflation_per_year",
    "council_tax_increase_pct": "council_tax_increase_pct",
    "council_tax_base_growth_per_year": "council_tax_base_growth_per_year",
    "business_rates_growth_per_year": "business_rates_growth_per_year",
    "government_grants_growth_per_year": "government_grants_growth_per_year",
    "high_needs_grant_growth_per_year": "high_needs_grant_growth_per_year",
    "send_unit_cost_inflation_per_year": "send_unit_cost_inflation_per_year",
    "htst_cost_inflation_per_year": "htst_cost_inflation_per_year",
    "asc_savings_remaining_delivery_probability": "base_savings_delivery_probability",
    "hn_write_off_share": "write_off_share",
    "safety_valve_contribution_gbp_m_per_year": "safety_valve.contribution_gbp_m_per_year",
}
"""Money assumptions that a scenario's finance block can also set (the scenario's value wins)."""

LEFT_OUT_UNITS = ("date", "financial year")
SUM_TO_ONE_PREFIX = "entry_age_share_"


@dataclass(frozen=True)
class RangedAssumption:
    """One assumption with a range: where it lives, its values and how a case sets it."""

    key: str  # unique, e.g. "send_parameters.ceasing_rate_per_year"
    table: str  # the data table holding the range
    name: str  # the row (and column) in that table
    unit: str
    central: float
    low: float
    high: float
    source: str
    engine: str  # send, csc, asc or money: what must be simulated again when it changes
    setter: Callable[[float], tuple[str, str, Any]]  # value -> (kind, key, value) of the case change

    def case_change(self, value: float) -> tuple[str, str, Any]:
        """(``scenario`` | ``money`` | ``setting_cost``, key, value) that sets this assumption to ``value``."""
        return self.setter(value)


def _scenario_change(key: str, value: float) -> tuple[str, str, Any]:
    return ("scenario", key, value)


def _setting_cost_change(setting: str, value: float) -> tuple[str, str, Any]:
    return ("setting_cost", setting, value)


def case_with(assumptions: list[RangedAssumption], values: list[float]) -> Case:
    """A case setting each assumption to its value."""
    scenario: dict[str, Any] = {}
    money: dict[str, float] = {}
    costs: dict[str, float] = {}
    for assumption, value in zip(assumptions, values):
        kind, key, set_to = assumption.case_change(value)
        if kind == "scenario":
            scenario[key] = set_to
        elif kind == "money":
            money[key] = set_to
        else:
            costs[key] = set_to
    return Case(scenario=scenario, money=money, setting_cost_gbp_per_child_per_year=costs)


def _scenario_value(scenario: Any, dotted: str) -> Any:
    node: Any = scenario
    for part in dotted.split("."):
        node = node.get(part) if isinstance(node, dict) else getattr(node, part, None)
        if node is None:
            return None
    return node


def _send_assumptions(inputs: Inputs) -> list[RangedAssumption]:
    overrides = inputs.scenario.send.parameter_overrides
    out = []
    for name, p in inputs.data.parameters.items():
        if p.high <= p.low:
            continue
        central = float(overrides.get(name, p.value))
        out.append(
            RangedAssumption(
                f"send_parameters.{name}",
                "send_parameters.csv",
                name,
                p.unit,
                central,
                p.low,
                p.high,
                p.source,
                "send",
                partial(_scenario_change, f"send.parameter_overrides.{name}"),
            )
        )
    return out


def _money_assumptions(inputs: Inputs) -> list[RangedAssumption]:
    assert inputs.money is not None
    finance = inputs.scenario.finance
    out = []
    for name, p in inputs.money.parameters.items():
        if p.high <= p.low or p.unit.strip().lower().startswith(LEFT_OUT_UNITS):
            continue
        field = MONEY_TO_FINANCE_FIELD.get(name)
        set_in_scenario = field is not None and _scenario_value(finance, field) is not None
        central = p.value
        if set_in_scenario:
            assert field is not None
            value = _scenario_value(finance, field)
            if isinstance(value, dict):  # a table by year: the sensitivity sets one value for every year
                value = sum(value.values()) / len(value)
            central = float(value)

        def setter(v: float, n: str = name, f: str | None = field if set_in_scenario else None) -> tuple[str, str, Any]:
            return ("scenario", f"finance.{f}", v) if f is not None else ("money", n, v)

        out.append(
            RangedAssumption(f"money_assumptions.{name}", "money_assumptions.csv", name, p.unit, central, p.low, p.high, p.source, "money", setter)
        )
    return out


def _table_rows(path: Path, columns: list[str]) -> list[dict[str, Any]]:
    return list(t.read_table(path, columns).iter_rows(named=True))


def _care_assumptions(inputs: Inputs, engine: str) -> list[RangedAssumption]:
    folder = inputs.data.folder
    care = inputs.scenario.social_care
    overrides = dict(care.csc_overrides if engine == "csc" else care.asc_overrides)
    field = f"social_care.{engine}_overrides"
    parameters_file = f"{engine}_parameters.csv"
    if not (folder / parameters_file).is_file():
        return []
    out = []

    def add(key: str, table: str, unit: str, central: float, low: float, high: float, source: str) -> None:
        if high <= low:
            return
        out.append(
            RangedAssumption(
                f"{table.removesuffix('.csv')}.{key}",
                table,
                key,
                unit,
                float(overrides.get(key, central)),
                low,
                high,
                source,
                engine,
                partial(_scenario_change, f"{field}.{key}"),
            )
        )

    for row in _table_rows(folder / parameters_file, ["parameter", "value", "low", "high", "unit", "source"]):
        name = str(row["parameter"])
        if name.startswith(SUM_TO_ONE_PREFIX) or str(row["unit"]).lower().startswith(LEFT_OUT_UNITS):
            continue
        add(name, parameters_file, str(row["unit"]), float(row["value"]), float(row["low"]), float(row["high"]), str(row["source"]))
    if engine == "csc":
        table, id_column = "csc_placements.csv", "placement_type"
        ranged = [
            ("cost_gbp_per_week", "cost_low", "cost_high", "£ per child per week"),
            ("mean_stay_months", "mean_stay_low", "mean_stay_high", "months"),
        ]
    else:
        table, id_column = "asc_services.csv", "service"
        ranged = [
            ("price_gbp_per_week", "price_low", "price_high", "£ per client per week"),
            ("mean_duration_months", "duration_low", "duration_high", "months"),
        ]
    if (folder / table).is_file():
        columns = [id_column, "source"] + [c for column in ranged for c in column[:3]]
        for row in _table_rows(folder / table, columns):
            for column, low, high, unit in ranged:
                key = f"{column}:{row[id_column]}"
                add(key, table, unit, float(row[column]), float(row[low]), float(row[high]), str(row["source"]))
    return out


def _setting_cost_assumptions(inputs: Inputs) -> list[RangedAssumption]:
    path = inputs.data.folder / "send_settings.csv"
    out = []
    for row in _table_rows(path, ["setting", "cost_gbp_per_child_per_year", "cost_low_gbp", "cost_high_gbp", "source"]):
        setting = str(row["setting"])
        if setting not in st.SETTINGS or float(row["cost_high_gbp"]) <= float(row["cost_low_gbp"]):
            continue
        central = float(inputs.data.cost_gbp_per_child_per_year[st.SETTINGS.index(setting)])
        out.append(
            RangedAssumption(
                f"send_settings.cost_gbp_per_child_per_year:{setting}",
                "send_settings.csv",
                f"cost_gbp_per_child_per_year:{setting}",
                "£ per child per year (2023/24 prices)",
                central,
                float(row["cost_low_gbp"]),
                float(row["cost_high_gbp"]),
                str(row["source"]),
                "money",
                partial(_setting_cost_change, setting),
            )
        )
    return out


def ranged_assumptions(inputs: Inputs) -> list[RangedAssumption]:
    """Every ranged assumption of the prepared scenario, SEND first, then social care, money and unit costs."""
    return [
        *_send_assumptions(inputs),
        *_care_assumptions(inputs, "csc"),
        *_care_assumptions(inputs, "asc"),
        *_money_assumptions(inputs),
        *_setting_cost_assumptions(inputs),
    ]


def assumptions_table(assumptions: list[RangedAssumption]) -> pl.DataFrame:
    """The ranged assumptions as a table: key, table, unit, central, low, high, engine, source."""
    return pl.DataFrame(
        {
            "assumption": [a.key for a in assumptions],
            "table": [a.table for a in assumptions],
            "unit": [a.unit for a in assumptions],
            "central": [a.central for a in assumptions],
            "low": [a.low for a in assumptions],
            "high": [a.high for a in assumptions],
            "engine": [a.engine for a in assumptions],
            "source": [a.source for a in assumptions],
        },
        schema={
            "assumption": pl.String,
            "table": pl.String,
            "unit": pl.String,
            "central": pl.Float64,
            "low": pl.Float64,
            "high": pl.Float64,
            "engine": pl.String,
            "source": pl.String,
        },
    )
