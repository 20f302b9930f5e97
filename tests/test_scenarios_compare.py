"""What-if scenarios move the numbers the way a planner expects."""

from __future__ import annotations

import datetime as dt

import numpy as np

from conftest import SCENARIOS
from sefton_sim.model import states as st
from sefton_sim.scenario import load_scenario
from sefton_sim.simulate.run import run_scenario

PATHS = 200


def _at(demand, when: dt.date) -> int:
    return demand.dates.index(when)


def _inmss(demand) -> np.ndarray:
    return demand.stock_by_band_setting[:, :, :, st.INMSS].sum(axis=2)


def test_extends_merges_the_baseline():
    scenario, data_folder = load_scenario(SCENARIOS / "secondary_units_120.toml")
    assert scenario.paths == 200 and scenario.seed == 20240401
    assert sum(p.places for p in scenario.capacity.new_provision) == 120
    assert data_folder.name == "sefton"


def test_120_places_lower_median_inmss_by_2028():
    base = run_scenario(SCENARIOS / "baseline.toml", paths=PATHS).demand
    units = run_scenario(SCENARIOS / "secondary_units_120.toml", paths=PATHS).demand
    i = _at(base, dt.date(2028, 4, 1))
    assert np.median(_inmss(units)[:, i]) < np.median(_inmss(base)[:, i])
    # children take up the new places: more secondary children in units
    units_sec = units.stock_by_band_setting[:, i, st.AGE_BANDS.index("secondary"), st.SEN_UNIT]
    base_sec = base.stock_by_band_setting[:, i, st.AGE_BANDS.index("secondary"), st.SEN_UNIT]
    assert np.median(units_sec - base_sec) > 0


def test_faster_growth_raises_ehcps():
    base = run_scenario(SCENARIOS / "baseline.toml", paths=PATHS).demand
    fast = run_scenario(SCENARIOS / "faster_growth.toml", paths=PATHS).demand
    i = _at(base, dt.date(2029, 4, 1))
    assert np.median(fast.ehcp_total()[:, i]) > np.median(base.ehcp_total()[:, i])


def test_graduated_approach_keeps_more_in_mainstream():
    base = run_scenario(SCENARIOS / "baseline.toml", paths=PATHS).demand
    ga = run_scenario(SCENARIOS / "graduated_approach.toml", paths=PATHS).demand
    i = _at(base, dt.date(2029, 4, 1))
    main = lambda d: d.stock_by_band_setting[:, i, :, st.MAINSTREAM].sum(axis=1)  # noqa: E731
    assert np.median(main(ga)) > np.median(main(base))
    assert np.median(_inmss(ga)[:, i]) < np.median(_inmss(base)[:, i])
