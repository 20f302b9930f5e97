"""Scenarios: the pydantic schema and TOML loading with ``extends`` and override merge."""

from sefton_sim.scenario.load import load_scenario, resolve_scenario_dict
from sefton_sim.scenario.schema import Scenario

__all__ = ["Scenario", "load_scenario", "resolve_scenario_dict"]
