"""Sensitivity and goal-seek on one prepared model: their cost in single runs of the same paths.

The target: K ranged assumptions cost no more than (2K + 1) single runs plus 15%. Both are timed
in the same process on the same prepared inputs (loading, checks and compilation are done once,
before either is timed). Run: ``python -m pytest benchmarks/test_bench_sensitivity.py --benchmark-only -s``.
"""

from __future__ import annotations

import os
import time

from conftest import ROOT
from sefton_sim.simulate.run import prepare, simulate
from sefton_sim.studies.goal_seek import balances_floor_target, goal_seek, make_lever
from sefton_sim.studies.prepared import PreparedModel
from sefton_sim.studies.ranges import ranged_assumptions
from sefton_sim.studies.sensitivity import one_at_a_time

PATHS = int(os.environ.get("SEFTON_BENCH_SENSITIVITY_PATHS", "500"))
YEARS = ["2025/26", "2027/28", "2028/29"]


def _one_run_seconds(inputs, rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        simulate(inputs)
        best = min(best, time.perf_counter() - t0)
    return best


def test_sensitivity_cost_in_single_runs(benchmark):
    inputs = prepare(ROOT / "src" / "sefton_sim" / "shipped" / "scenarios" / "baseline.toml", paths=PATHS, horizon_years=5)
    simulate(inputs)  # compiled and warm before anything is timed
    single = _one_run_seconds(inputs)
    assumptions = ranged_assumptions(inputs)

    def study() -> PreparedModel:
        model = PreparedModel(inputs)
        one_at_a_time(model, assumptions, YEARS)
        return model

    model = benchmark.pedantic(study, rounds=1, iterations=1)
    seconds = benchmark.stats.stats.min
    k = len(assumptions)
    ratio = seconds / single
    bound = (2 * k + 1) * 1.15
    benchmark.extra_info.update(
        paths=PATHS,
        assumptions=k,
        single_run_seconds=single,
        sensitivity_seconds=seconds,
        sensitivity_cost_in_single_runs=ratio,
        allowed_single_runs=bound,
        engine_runs=model.engine_runs,
    )
    print(
        f"\nsensitivity: {k} assumptions, {2 * k + 1} cases, {seconds:.1f} s = {ratio:.1f} single runs of {single:.2f} s "
        f"(allowed {bound:.1f}); engine passes {model.engine_runs}"
    )


def test_goal_seek_cost_in_single_runs(benchmark):
    inputs = prepare(ROOT / "src" / "sefton_sim" / "shipped" / "scenarios" / "baseline.toml", paths=PATHS, horizon_years=5)
    simulate(inputs)
    single = _one_run_seconds(inputs)

    def search():
        model = PreparedModel(inputs)
        return goal_seek(model, make_lever(model, "savings-total"), balances_floor_target("2028/29"), confidence=0.9)

    result = benchmark.pedantic(search, rounds=1, iterations=1)
    seconds = benchmark.stats.stats.min
    benchmark.extra_info.update(paths=PATHS, runs=len(result.trace), single_run_seconds=single, goal_seek_cost_in_single_runs=seconds / single)
    print(f"\ngoal-seek savings-total: {len(result.trace)} cases in {seconds:.1f} s = {seconds / single:.1f} single runs of {single:.2f} s")
