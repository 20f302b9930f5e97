"""Scenarios: the pydantic schema and TOML loading with ``extends`` and override merge.

May import model, errors and shipped (shipped scenarios by name); never data or the engines.
"""

from sefton_sim.scenario.load import load_scenario, resolve_scenario_dict
from sefton_sim.scenario.schema import Scenario

__all__ = ["Scenario", "load_scenario", "resolve_scenario_dict"]
