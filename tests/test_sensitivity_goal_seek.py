"""Sensitivity and goal-seek: one prepared model, cases on common random numbers, answers that hold."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from tests.conftest import SCENARIOS, run_cli

PATHS = 40
HORIZON = 4


@pytest.fixture(scope="module")
def inputs():
    from sefton_sim.simulate.run import prepare

    return prepare(SCENARIOS / "baseline.toml", paths=PATHS, horizon_years=HORIZON)


@pytest.fixture()
def model(inputs):
    from sefton_sim.studies.prepared import PreparedModel

    return PreparedModel(inputs)


def test_base_case_is_the_run(inputs, model):
    from sefton_sim.simulate.executors import ThreadExecutor
    from sefton_sim.simulate.run import simulate
    from sefton_sim.studies.prepared import PreparedModel

    run = simulate(inputs)
    assert run.ledgers is not None
    base = model.evaluate()
    np.testing.assert_array_equal(base.ledgers.high_needs.cumulative_deficit_gbp_m, run.ledgers.high_needs.cumulative_deficit_gbp_m)
    np.testing.assert_array_equal(base.ledgers.general_fund.general_balances_closing_gbp_m, run.ledgers.general_fund.general_balances_closing_gbp_m)
    pool = ThreadExecutor(2)
    try:
        threaded = PreparedModel(inputs, pool).evaluate()
    finally:
        pool.close()
    np.testing.assert_array_equal(threaded.ledgers.general_fund.gap_gbp_m, run.ledgers.general_fund.gap_gbp_m)


def test_a_case_equals_a_fresh_run_of_the_changed_scenario(inputs, model):
    from sefton_sim.simulate.run import prepare_scenario, simulate
    from sefton_sim.studies.prepared import Case, case_scenario

    changes = {"send.parameter_overrides.ceasing_rate_per_year": 0.04, "finance.pay_award_per_year": 0.05}
    outcome = model.evaluate(Case(scenario=changes))
    changed = case_scenario(inputs.scenario, changes, "test")
    fresh = simulate(prepare_scenario(changed, inputs.data.folder, inputs.scenario_files, "test"))
    assert fresh.ledgers is not None
    np.testing.assert_allclose(outcome.ledgers.high_needs.cumulative_deficit_gbp_m, fresh.ledgers.high_needs.cumulative_deficit_gbp_m)
    np.testing.assert_allclose(outcome.ledgers.general_fund.gap_gbp_m, fresh.ledgers.general_fund.gap_gbp_m)


def test_only_the_engines_a_change_touches_run_again(model):
    from sefton_sim.studies.prepared import Case

    start = dict(model.engine_runs)
    model.evaluate(Case(money={"pay_award_per_year": 0.06}, setting_cost_gbp_per_child_per_year={"inmss": 80000.0}))
    assert model.engine_runs == start  # money alone: the ledgers only
    model.evaluate(Case(scenario={"send.request_trend_shift_per_year": 0.05}))
    model.evaluate(Case(scenario={"send.request_trend_shift_per_year": 0.05}, money={"pay_award_per_year": 0.06}))
    assert model.engine_runs == {**start, "send": start["send"] + 1}  # the same SEND inputs are simulated once
    model.evaluate()
    assert model.engine_runs["send"] == start["send"] + 1  # the base paths are kept


def test_ranged_assumptions_come_from_the_data_ranges(inputs):
    from sefton_sim.studies.ranges import ranged_assumptions

    found = {a.key: a for a in ranged_assumptions(inputs)}
    assert all(a.low < a.high for a in found.values())
    tax = found["money_assumptions.council_tax_increase_pct"]
    assert (tax.low, tax.high, tax.central) == (0.0, 4.99, 4.99)
    assert "send_settings.cost_gbp_per_child_per_year:inmss" in found
    assert "csc_placements.cost_gbp_per_week:residential" in found
    assert "money_assumptions.high_needs_deficit_2024_03_31_gbp_m" not in found  # a fact (low = high), not a range
    assert not any("entry_age_share" in key for key in found)  # shares that must sum to one stay together


def test_tornado_ranks_swings_and_money_moves_the_right_way(inputs, model):
    from sefton_sim.studies.ranges import ranged_assumptions
    from sefton_sim.studies.sensitivity import one_at_a_time, top_drivers

    chosen = [a for a in ranged_assumptions(inputs) if a.key.endswith((":inmss", "high_needs_grant_growth_per_year", "ceasing_rate_per_year"))]
    table = one_at_a_time(model, chosen, ["2026/27"])
    deficit = top_drivers(table, "high_needs_cumulative_deficit_gbp_m", "2026/27", 5)
    assert deficit["rank"].to_list() == [1, 2, 3]
    assert deficit["swing"].to_list() == sorted(deficit["swing"].to_list(), reverse=True)
    row = lambda key: deficit.filter(pl.col("assumption").str.ends_with(key)).row(0, named=True)  # noqa: E731
    assert row(":inmss")["outcome_at_high"] > row(":inmss")["outcome_at_low"]  # dearer INMSS places, larger deficit
    assert row("high_needs_grant_growth_per_year")["outcome_at_high"] < row("high_needs_grant_growth_per_year")["outcome_at_low"]


def test_morris_screening_covers_every_assumption(inputs, model):
    from sefton_sim.studies.ranges import ranged_assumptions
    from sefton_sim.studies.sensitivity import morris_screening

    chosen = [a for a in ranged_assumptions(inputs) if a.engine == "money"][:4]
    table = morris_screening(model, chosen, ["2026/27"], trajectories=3, seed=1)
    part = table.filter(pl.col("outcome") == "mtfp_gap_gbp_m")
    assert sorted(part["assumption"].to_list()) == sorted(a.key for a in chosen)
    assert (part["mu_star"] >= 0).all()


def test_goal_seek_answer_meets_the_target_and_just_below_does_not(model):
    from sefton_sim.studies.goal_seek import balances_floor_target, goal_seek, make_lever

    lever = make_lever(model, "savings-total")
    target = balances_floor_target("2027/28")
    result = goal_seek(model, lever, target, confidence=0.9, tolerance=0.5)
    assert result.status == "met" and result.answer is not None and result.met_side == "high"
    assert target.met(model.evaluate(lever.to_case(result.answer))).mean() >= 0.9
    assert target.met(model.evaluate(lever.to_case(result.answer - 0.5))).mean() < 0.9
    band = [result.band[s] for s in (0.1, 0.5, 0.9)]
    assert all(v is not None for v in band) and band == sorted(band)  # type: ignore[type-var]
    assert result.bootstrap_p10 is not None and result.bootstrap_p90 is not None and result.bootstrap_p10 <= result.bootstrap_p90
    assert len(result.trace) == len(result.trace_table())
    assert model.engine_runs["send"] == 1  # a money lever never simulates demand again


def test_goal_seek_says_plainly_when_the_range_cannot_reach_the_target(model):
    from sefton_sim.studies.goal_seek import balances_floor_target, goal_seek, make_lever

    result = goal_seek(model, make_lever(model, "savings-total", high=1.0), balances_floor_target("2027/28"), confidence=0.9)
    assert result.status == "unreachable" and result.answer is None
    assert "clash" in result.explanation and len(result.trace) == 2


def test_goal_seek_cli_unreachable_exits_3_with_its_trace(tmp_path: Path):
    out = tmp_path / "gs"
    args = ["goal-seek", "savings-total", "balances-floor", "--scenario", str(SCENARIOS / "baseline.toml"), "--paths", "20", "--high", "1"]
    done = run_cli(*args, "--out", str(out), "--quiet")
    assert done.returncode == 3, done.stderr
    assert "clash" in done.stderr
    trace = pl.read_csv(out / "goal_seek_trace.csv")
    assert trace.height == 2 and json.loads((out / "manifest.json").read_text())["status"] == "unreachable"


@pytest.mark.slow
def test_sensitivity_cli_writes_the_tornado(tmp_path: Path):
    out = tmp_path / "sens"
    args = ["sensitivity", str(SCENARIOS / "baseline.toml"), "--paths", "20", "--years", "2027/28", "--only", "inmss,pay_award"]
    done = run_cli(*args, "--out", str(out), "--quiet")
    assert done.returncode == 0, done.stderr
    tornado = pl.read_csv(out / "sensitivity_tornado.csv")
    assert set(tornado["financial_year"]) == {"2027/28"}
    assert (out / "tornado_high_needs_cumulative_deficit_gbp_m_2027_28.png").is_file()
    assert "Top drivers" in done.stdout


class _CountingProgress:
    """A progress reporter that records each phase's total and the steps reported."""

    def __init__(self) -> None:
        self.phases: list[list] = []

    def phase(self, description: str, total: int | None):
        record = [description, total, 0, False]
        self.phases.append(record)

        class _Phase:
            def advance(self, steps: int = 1) -> None:
                record[2] += steps

            def close(self) -> None:
                record[3] = True

        return _Phase()


def test_sensitivity_reports_one_step_per_case(inputs, model):
    from sefton_sim.studies.ranges import ranged_assumptions
    from sefton_sim.studies.sensitivity import one_at_a_time

    chosen = [a for a in ranged_assumptions(inputs) if a.engine == "money"][:3]
    progress = _CountingProgress()
    one_at_a_time(model, chosen, ["2025/26"], progress=progress)
    assert progress.phases == [["sensitivity cases (low / high)", 7, 7, True]]


def test_progress_is_silent_when_quiet_or_not_on_a_terminal():
    from sefton_sim.cli.common import progress_reporter
    from sefton_sim.model.progress import NO_PROGRESS

    for quiet in (True, False):  # pytest captures stdout: never a terminal here
        with progress_reporter(quiet) as progress:
            assert progress is NO_PROGRESS


@pytest.mark.slow
def test_sensitivity_on_dask_equals_serial(inputs, model):
    from sefton_sim.simulate.executors import DaskExecutor
    from sefton_sim.studies.prepared import PreparedModel
    from sefton_sim.studies.ranges import ranged_assumptions
    from sefton_sim.studies.sensitivity import one_at_a_time

    chosen = [a for a in ranged_assumptions(inputs) if a.key.endswith(("request_trend_per_year", ":inmss", "entries_per_year"))]
    serial = one_at_a_time(model, chosen, ["2026/27"])
    pool = DaskExecutor(workers=1)
    try:
        on_dask = one_at_a_time(PreparedModel(inputs, pool), chosen, ["2026/27"])
    finally:
        pool.close()
    assert on_dask.equals(serial)


def test_sensitivity_refuses_a_year_outside_the_run_in_one_line(tmp_path: Path):
    out = tmp_path / "sens"
    done = run_cli("sensitivity", str(SCENARIOS / "baseline.toml"), "--paths", "20", "--years", "2031/32", "--out", str(out), "--quiet")
    assert done.returncode == 2
    assert done.stderr.startswith("error:") and "--years" in done.stderr and "2028/29" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not out.exists()
