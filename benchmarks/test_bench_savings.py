"""Savings portfolio optimiser: build, solve and extract timed separately, HiGHS against CBC.

Reference instances (``sefton_sim.optimise.savings_reference.build_reference_instance``): the Sefton
baseline, seed 20240401, 5 financial years, 50 / 200 / 500 paths (small / medium / large), the
shipped options, α = 0.9 jointly over years, with the balancing item (savings still to be
identified) so every instance is feasible. Each solve records the solver's status, objective,
bound and gap in ``extra_info``; solves use the shipped profiles (time limit 120 s, gap 1%).
Run: ``python -m pytest benchmarks/test_bench_savings.py --benchmark-only -s``
(``SEFTON_BENCH_SAVINGS_SIZES=small,medium`` to skip the large one).

At scale (``test_savings_at_scale``): the same instance on ``SEFTON_BENCH_SAVINGS_PATHS`` baseline
paths (comma-separated, default 2000; empty to skip), built and solved with each backend under the
acceptance settings (1% gap within 60 s on two threads). ``extra_info`` records the build and
solve seconds, status, objective, bound, gap, the model's size and whether the target was met
(optimal within the gap inside the time limit); nothing is asserted about the seconds.
"""

from __future__ import annotations

import os
import time

import pulp
import pytest

from sefton_sim.optimise.savings_plan import balanced_shares, balances_with_plan, extract_plan, plan_from_handles
from sefton_sim.optimise.savings_reference import ReferenceInstance, build_instance_of_paths, build_reference_instance
from sefton_sim.optimise.solver import load_profile, solve

SIZES = [s for s in os.environ.get("SEFTON_BENCH_SAVINGS_SIZES", "small,medium,large").split(",") if s]
_INSTANCES: dict[str, ReferenceInstance] = {}
RESULTS: dict[tuple[str, str], dict[str, object]] = {}
SCALE_PATHS = [int(n) for n in os.environ.get("SEFTON_BENCH_SAVINGS_PATHS", "2000").split(",") if n.strip()]
SCALE_TIME_LIMIT_SECONDS = 60.0
SCALE_THREADS = 2
SCALE_GAP = 0.01
"""The acceptance settings at scale: 1% gap within 60 s on two cores."""
_SCALE: dict[int, ReferenceInstance] = {}


def _instance(size: str) -> ReferenceInstance:
    if size not in _INSTANCES:
        _INSTANCES[size] = build_reference_instance(size)  # type: ignore[arg-type]
    return _INSTANCES[size]


@pytest.mark.parametrize("size", SIZES)
def test_savings_build(benchmark, size):
    instance = _instance(size)
    problem, handles = benchmark.pedantic(instance.build, rounds=3, iterations=1)
    benchmark.extra_info.update(
        size=size,
        paths=instance.inputs.paths,
        years=instance.inputs.years,
        alpha=instance.alpha,
        chance=instance.chance,
        unidentified=instance.unidentified,
        variables=len(problem.variables()),
        constraints=len(problem.constraints()),
        binaries=sum(v.cat == "Integer" for v in problem.variables()),
    )


@pytest.mark.parametrize("backend", ["highs", "cbc"])
@pytest.mark.parametrize("size", SIZES)
def test_savings_solve(benchmark, size, backend):
    instance = _instance(size)
    profile = load_profile(backend)

    def setup():
        problem, _ = instance.build()
        return (problem, profile), {}

    report = benchmark.pedantic(solve, setup=setup, rounds=1, iterations=1)
    info = {
        "size": size,
        "backend": backend,
        "status": report.status,
        "objective": report.objective,
        "best_bound": report.best_bound,
        "mip_gap": report.gap,
        "solve_seconds": report.solve_seconds,
        "time_limit_seconds": profile.time_limit_seconds,
        "gap_tolerance": profile.mip_gap,
    }
    benchmark.extra_info.update(info)
    RESULTS[(size, backend)] = info
    other = RESULTS.get((size, "highs" if backend == "cbc" else "cbc"))
    if other is not None and other["objective"] is not None and report.objective is not None:
        difference = abs(report.objective - float(other["objective"]))  # type: ignore[arg-type]
        benchmark.extra_info.update(objective_difference_vs_other_solver=difference)
        print(
            f"\nsavings {size}: {backend} {report.status} {report.objective:.3f} in {report.solve_seconds:.1f} s; "
            f"{other['backend']} {other['status']} {float(other['objective']):.3f} in {float(other['solve_seconds']):.1f} s"
        )  # type: ignore[arg-type]


@pytest.mark.parametrize("size", SIZES)
def test_savings_extract(benchmark, size):
    instance = _instance(size)
    problem, handles = instance.build()
    report = solve(problem, load_profile("highs"))
    assert report.usable, report.status

    def extract():
        plan = plan_from_handles(handles)
        table = extract_plan(handles)
        balances = balances_with_plan(instance.inputs, instance.options, plan)
        return table, balanced_shares(balances, instance.inputs.floor_gbp_m)

    table, (share, _) = benchmark.pedantic(extract, rounds=5, iterations=1)
    benchmark.extra_info.update(size=size, status=report.status, in_sample_share_balanced=share, years=table.height)


@pytest.mark.parametrize("backend", ["highs", "cbc"])
@pytest.mark.parametrize("paths", SCALE_PATHS)
def test_savings_at_scale(benchmark, paths, backend):
    """Build and solve the savings MILP on ``paths`` baseline paths under the acceptance settings."""
    if paths not in _SCALE:
        _SCALE[paths] = build_instance_of_paths(paths)
    instance = _SCALE[paths]
    profile = load_profile(backend).model_copy(
        update={"time_limit_seconds": SCALE_TIME_LIMIT_SECONDS, "threads": SCALE_THREADS, "mip_gap": SCALE_GAP}
    )
    built: dict[str, object] = {}

    def setup():
        t0 = time.perf_counter()
        problem, _ = instance.build()
        built.update(build_seconds=time.perf_counter() - t0, problem=problem)
        return (problem, profile), {}

    report = benchmark.pedantic(solve, setup=setup, rounds=1, iterations=1)
    problem = built["problem"]
    assert isinstance(problem, pulp.LpProblem)
    info = {
        "paths": paths,
        "backend": backend,
        "build_seconds": built["build_seconds"],
        "solve_seconds": report.solve_seconds,
        "status": report.status,
        "objective": report.objective,
        "best_bound": report.best_bound,
        "mip_gap": report.gap,
        "time_limit_seconds": profile.time_limit_seconds,
        "threads": profile.threads,
        "gap_tolerance": profile.mip_gap,
        "target_met": report.status == "optimal" and report.solve_seconds <= profile.time_limit_seconds,
        "variables": len(problem.variables()),
        "constraints": len(problem.constraints()),
        "binaries": sum(v.cat == "Integer" for v in problem.variables()),
    }
    benchmark.extra_info.update(info)
    gap = "n/a" if report.gap is None else f"{100 * report.gap:.2f}%"
    print(
        f"\nsavings at {paths} paths: {backend} built in {info['build_seconds']:.1f} s, {report.status} "
        f"objective {report.objective} gap {gap} in {report.solve_seconds:.1f} s (limit {profile.time_limit_seconds:g} s, {profile.threads} threads)"
    )
