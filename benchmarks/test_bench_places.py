"""The place programme MILP: build, solve and extract times on the reference instances, HiGHS vs CBC.

Reference instances (``optimise.place_reference.build_reference_instance``): the Sefton baseline, seed
20240401, 5 financial years, 18 candidate projects; small 10, medium 50, large 200 scenarios.
Each solve uses the solver profile as shipped (``solvers/highs.toml``, ``solvers/cbc.toml``:
1% gap, 120 s time limit, 1 thread); the status, objective, bound and gap go into
``extra_info`` so a time-out shows up in the history rather than failing the run.

Run: ``python -m pytest benchmarks/test_bench_places.py --benchmark-only``
(``SEFTON_BENCH_PLACES_SIZES=small,medium`` to choose sizes; the default run takes a few minutes).
"""

from __future__ import annotations

import os

import pytest

from sefton_sim.optimise.place_evaluation import scenario_costs_gbp
from sefton_sim.optimise.place_programme import empty_programme, extract_programme
from sefton_sim.optimise.place_reference import REFERENCE_SIZES, _reference_inputs, build_reference_instance
from sefton_sim.optimise.place_solve import place_values
from sefton_sim.optimise.solver import load_profile, solve

SIZES = [s for s in os.environ.get("SEFTON_BENCH_PLACES_SIZES", "small,medium,large").split(",") if s]
BACKENDS = ["highs", "cbc"]


@pytest.fixture(scope="module")
def instances():
    """One built instance per size (the Sefton simulation behind them runs once per process)."""
    _reference_inputs()
    return {size: build_reference_instance(size) for size in SIZES}


def _rounds(size: str, backend: str = "highs") -> int:
    return 1 if size == "large" and backend == "cbc" else 3


@pytest.mark.parametrize("size", SIZES)
def test_build_places(benchmark, size, instances):
    problem, handles = benchmark.pedantic(build_reference_instance, args=(size,), rounds=_rounds(size), iterations=1)
    benchmark.extra_info.update(size=size, scenarios=REFERENCE_SIZES[size], **handles.size)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("size", SIZES)
def test_solve_places(benchmark, size, backend, instances):
    problem, handles = instances[size]
    profile = load_profile(backend)
    report = benchmark.pedantic(solve, args=(problem, profile), rounds=_rounds(size, backend), iterations=1)
    benchmark.extra_info.update(
        size=size,
        scenarios=REFERENCE_SIZES[size],
        backend=backend,
        status=report.status,
        objective_gbp=report.objective,
        objective_total_gbp=None if report.objective is None else report.objective + handles.constant_gbp,
        best_bound_gbp=report.best_bound,
        gap=report.gap,
        solver_seconds=report.solve_seconds,
        time_limit_seconds=profile.time_limit_seconds,
        mip_gap=profile.mip_gap,
    )
    print(f"\n{size} {backend}: {report.status}, objective £{(report.objective or 0) / 1e6:.3f}m, gap {report.gap}, {report.solve_seconds:.2f} s")
    assert report.status in ("optimal", "feasible_with_gap", "time_out")


@pytest.mark.parametrize("size", SIZES)
def test_extract_places(benchmark, size, instances):
    problem, handles = instances[size]
    report = solve(problem, load_profile("highs"))
    assert report.usable

    def extract():
        programme = extract_programme(handles)
        chosen = scenario_costs_gbp(handles.demand, handles.costs, programme)
        nothing = scenario_costs_gbp(handles.demand, handles.costs, empty_programme())
        return programme, chosen, nothing

    programme, chosen, nothing = benchmark(extract)
    benchmark.extra_info.update(size=size, openings=programme.height, expected_saving_gbp=float((nothing - chosen).mean()))


@pytest.mark.parametrize("size", SIZES)
def test_place_values(benchmark, size, instances):
    problem, handles = instances[size]
    solve(problem, load_profile("highs"))
    programme = extract_programme(handles)
    values = benchmark.pedantic(
        place_values, args=(handles.demand, handles.costs, programme, load_profile("highs"), handles.candidates), rounds=_rounds(size), iterations=1
    )
    benchmark.extra_info.update(size=size, cells=values.height)


# The response model (what ``optimise places`` solves) at up to 500 scenarios, against the target
# of issue 15: 1% gap within 60 s on two cores. The profiles as shipped are used with the time
# limit and threads of that target (``TARGET_PROFILE``) and the model's HiGHS settings
# (``PLACE_HIGHS_OPTIONS``); status and gap go into ``extra_info``. CBC reports no bound through
# PuLP, so its gap is None: compare its objective with HiGHS's bound in the same run.
RESPONSE_SIZES = [s for s in os.environ.get("SEFTON_BENCH_PLACES_RESPONSE_SIZES", "large,xlarge").split(",") if s]
TARGET_PROFILE = {"time_limit_seconds": 60.0, "threads": 2, "mip_gap": 0.01}


@pytest.fixture(scope="module")
def response_instances():
    """One built response instance per size (the simulation and responses run once per process)."""
    from sefton_sim.optimise.place_reference import build_reference_response_instance

    return {size: build_reference_response_instance(size) for size in RESPONSE_SIZES}


@pytest.mark.parametrize("size", RESPONSE_SIZES)
def test_build_places_response(benchmark, size, response_instances):
    from sefton_sim.optimise.place_reference import RESPONSE_SIZES as SCENARIOS
    from sefton_sim.optimise.place_reference import build_reference_response_instance

    problem, handles = benchmark.pedantic(build_reference_response_instance, args=(size,), rounds=1, iterations=1)
    benchmark.extra_info.update(size=size, scenarios=SCENARIOS[size], **handles.size)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("size", RESPONSE_SIZES)
def test_solve_places_response(benchmark, size, backend, response_instances):
    from sefton_sim.optimise.place_reference import RESPONSE_SIZES as SCENARIOS
    from sefton_sim.optimise.place_response_model import PLACE_HIGHS_OPTIONS

    problem, handles = response_instances[size]
    profile = load_profile(backend).model_copy(update=TARGET_PROFILE)
    report = benchmark.pedantic(solve, args=(problem, profile, PLACE_HIGHS_OPTIONS), rounds=1, iterations=1)
    benchmark.extra_info.update(
        size=size,
        scenarios=SCENARIOS[size],
        backend=backend,
        status=report.status,
        objective_gbp=report.objective,
        best_bound_gbp=report.best_bound,
        gap=report.gap,
        solver_seconds=report.solve_seconds,
        time_limit_seconds=profile.time_limit_seconds,
        threads=profile.threads,
        mip_gap=profile.mip_gap,
        **handles.size,
    )
    print(
        f"\nresponse {size} {backend}: {report.status}, objective £{(report.objective or 0) / 1e6:.3f}m, gap {report.gap}, {report.solve_seconds:.2f} s"
    )
    assert report.status in ("optimal", "feasible_with_gap", "time_out")
