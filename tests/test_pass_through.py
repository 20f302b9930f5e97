"""A demand what-if reaches EHC plans when casework capacity responds, and is held in the queue when it is frozen."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from conftest import SCENARIOS
from sefton_sim.demand.vector import simulate_send
from sefton_sim.simulate.run import Inputs, prepare, prepare_scenario
from sefton_sim.studies.pass_through import pass_through_table, without_casework_limit

PATHS = 200
SEED = 20240401


def _with_trend_shift(inputs: Inputs, shift: float) -> Inputs:
    send = inputs.scenario.send.model_copy(update={"request_trend_shift_per_year": shift})
    return prepare_scenario(inputs.scenario.model_copy(update={"send": send}), inputs.data.folder, inputs.scenario_files, "test")


def _table(a: Inputs, b: Inputs) -> pl.DataFrame:
    ra, rb = a.send_rates, b.send_rates
    return pass_through_table(ra, simulate_send(ra, PATHS, SEED), rb, simulate_send(rb, PATHS, SEED), SEED)


@pytest.fixture(scope="module")
def responding() -> pl.DataFrame:
    return _table(prepare(SCENARIOS / "baseline.toml", paths=PATHS), prepare(SCENARIOS / "faster_growth.toml", paths=PATHS))


@pytest.fixture(scope="module")
def frozen() -> pl.DataFrame:
    a = prepare(SCENARIOS / "frozen_capacity.toml", paths=PATHS)
    return _table(a, _with_trend_shift(a, 0.05))


def _at_2029(table: pl.DataFrame) -> dict[str, float]:
    return table.filter(pl.col("at") == "31 Mar 2029").row(0, named=True)


def test_faster_growth_reaches_plans_when_capacity_responds(responding):
    row = _at_2029(responding)
    assert row["implied change (no casework limit) mean"] > 300  # five points a year more requests for five years
    assert 0.8 <= row["share passed through"] <= 1.1
    assert row["plans change p10"] > 0


def test_frozen_capacity_holds_the_extra_demand_in_the_queue(responding, frozen):
    held, passed = _at_2029(frozen), _at_2029(responding)
    assert held["implied change (no casework limit) mean"] == pytest.approx(passed["implied change (no casework limit) mean"], rel=1e-9)
    assert held["share passed through"] < 0.5
    assert held["assessments in progress change mean"] > 2 * passed["assessments in progress change mean"]


def test_frozen_capacity_passes_less_through_each_year(frozen):
    shares = frozen["share passed through"].to_numpy()[1:]
    assert (np.diff(shares) < 0).all()


def test_identical_scenarios_change_nothing():
    a = prepare(SCENARIOS / "baseline.toml", paths=20)
    demand = simulate_send(a.send_rates, 20, SEED)
    table = pass_through_table(a.send_rates, demand, a.send_rates, demand, SEED)
    assert (table["plans change mean"] == 0).all() and (table["implied change (no casework limit) mean"] == 0).all()
    assert table["share passed through"].is_nan().all()


def test_without_casework_limit_lifts_every_posterior_draw():
    rates = without_casework_limit(prepare(SCENARIOS / "baseline.toml", paths=5).send_rates)
    assert rates.posterior is not None
    assert (rates.posterior.assessment_slots >= 1e9).all() and (rates.assessment_slots >= 1e9).all()
