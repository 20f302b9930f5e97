"""One place-programme study, end to end (what ``sefton-sim optimise places`` runs).

simulate the scenario (S paths) -> demand scenarios and the do-nothing cost of each path ->
measure the simulator's response to every candidate opening on those paths -> build, solve and
calibrate the response MILP (``place_response_model``) -> value of a place -> write the
programme as a self-contained scenario (``extends`` a copy of the base; the data folder is an
absolute path) -> re-simulate base and programme on the in-sample paths and on fresh paths ->
cost table, reconciliation table (``place_reconciliation``) and per-project appraisal
(``place_appraisal``).
"""

from __future__ import annotations

import importlib.metadata
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
import pulp

from sefton_sim.demand.rates import pipeline_provisions
from sefton_sim.model.progress import NO_PROGRESS, ProgressReporter
from sefton_sim.optimise.place_appraisal import GREEN_BOOK_DISCOUNT_RATE, project_appraisal
from sefton_sim.optimise.place_data import candidates_not_carried, load_candidates, load_capital_budget, place_costs
from sefton_sim.optimise.place_demand import PlaceDemand, demand_scenarios, financial_year_average
from sefton_sim.optimise.place_evaluation import SimulatedComparison, cost_table, simulate_comparison, simulated_cost_gbp
from sefton_sim.optimise.place_model import PlaceHandles, PlaceOptions
from sefton_sim.optimise.place_programme import copy_scenario_chain, empty_programme, programme_to_scenario
from sefton_sim.optimise.place_reconciliation import agreement, reconciliation_table
from sefton_sim.optimise.place_response import ResponseSimulator, programme_provisions
from sefton_sim.optimise.place_response_model import calibrated_programme, response_place_values
from sefton_sim.optimise.place_solve import PlaceSolution
from sefton_sim.optimise.solver import SolverProfile, load_profile
from sefton_sim.outputs.folders import git_commit, input_hashes

OUT_OF_SAMPLE_SEED_OFFSET = 1
"""Fresh paths use ``seed + 1`` (an independent ``SeedSequence`` stream)."""


@dataclass
class PlaceStudy:
    """Everything one study produced."""

    scenario_path: Path
    scenario_files: list[Path]
    data_folder: Path
    data_hashes: dict[str, str]
    scenario_resolved: dict[str, Any]
    seed: int
    demand: PlaceDemand
    handles: PlaceHandles
    solution: PlaceSolution
    values: pl.DataFrame
    costs: pl.DataFrame
    programme_scenario: Path
    comparisons: list[SimulatedComparison]
    profile: SolverProfile
    reconciliation: pl.DataFrame
    projects: pl.DataFrame
    calibration: pl.DataFrame
    timings_seconds: dict[str, float] = field(default_factory=dict)

    def manifest(self) -> dict[str, Any]:
        """Solver status, objective, gap, sizes, seeds, inputs and timings."""
        report = self.solution.report
        try:
            highs_version: str | None = importlib.metadata.version("highspy")
        except importlib.metadata.PackageNotFoundError:  # pragma: no cover - highspy is a dependency
            highs_version = None
        return {
            "command": "optimise places",
            "scenario_resolved": self.scenario_resolved,
            "scenario_file": str(self.scenario_path.resolve()),
            "programme_scenario": self.programme_scenario.name,
            "input_hashes_sha256": input_hashes(self.scenario_files, self.data_hashes, self.data_folder),
            "git_commit": git_commit(Path(__file__).resolve().parent),
            "seed": self.seed,
            "scenarios": self.demand.scenarios,
            "financial_years": list(self.demand.financial_years),
            "min_new_places": self.handles.options.min_new_places,
            "profile": self.profile.model_dump(),
            "solver": {
                "status": report.status,
                "objective_gbp": report.objective,
                "objective_total_gbp": self.solution.objective_total_gbp,
                "constant_gbp": self.handles.constant_gbp,
                "best_bound_gbp": report.best_bound,
                "gap": report.gap,
                "solve_seconds": report.solve_seconds,
                "backend": report.backend,
                "pulp_version": pulp.__version__,
                "highspy_version": highs_version,
            },
            "model_size": self.handles.size,
            "model": "response MILP calibrated to the simulator (optimise/place_response_model.py)",
            "calibration_rounds": self.calibration.to_dicts(),
            "reconciliation": agreement(self.reconciliation),
            "simulations": [{"label": c.label, "paths": c.paths, "seed": c.seed} for c in self.comparisons],
            "programme": {
                "openings": self.solution.programme.height,
                "places": int(self.solution.programme["places"].sum()) if self.solution.programme.height else 0,
                "capital_gbp": float(self.solution.programme["capital_cost_gbp"].sum()) if self.solution.programme.height else 0.0,
            },
            "timings_seconds": self.timings_seconds,
        }


def absolute_data_folder(data_folder: Path) -> str:
    """The council data folder as an absolute path, so a written scenario works wherever it is moved."""
    return str(Path(data_folder).resolve())


def run_place_study(
    scenario_path: str | Path,
    folder: Path,
    scenarios: int = 20,
    seed: int | None = None,
    profile: str | Path = "highs",
    min_new_places: int = 0,
    oos_paths: int = 100,
    oos_seed: int | None = None,
    discount_rate_per_year: float = GREEN_BOOK_DISCOUNT_RATE,
    progress: ProgressReporter = NO_PROGRESS,
) -> PlaceStudy:
    """Optimise the place programme for a scenario and check it; writes the programme scenario
    (and copies of the scenarios it extends) into ``folder``. ``progress`` hears its four phases."""
    from sefton_sim.simulate.run import prepare, simulate

    phase = progress.phase("optimise places: simulate, measure responses and solve, re-simulate, reconcile", 4)

    scenario_path = Path(scenario_path)
    timings: dict[str, float] = {}
    prof = load_profile(profile)
    t = time.perf_counter()
    inputs = prepare(scenario_path, paths=scenarios, seed=seed)
    result = simulate(inputs)
    timings["simulate_seconds"] = time.perf_counter() - t
    phase.advance()
    seed_used = inputs.scenario.seed
    demand = demand_scenarios(result, scenarios)
    folder_data = inputs.data.folder
    candidates = candidates_not_carried(load_candidates(folder_data), [p.name for p in pipeline_provisions(inputs.data, inputs.scenario)])
    budget = load_capital_budget(folder_data)
    costs = place_costs(inputs.data)
    existing = financial_year_average(result.demand.capacity, demand.years, axis=0)
    do_nothing = simulated_cost_gbp(result.demand, costs, existing, empty_programme())[:scenarios]

    t = time.perf_counter()
    simulator = ResponseSimulator.from_paths(inputs.send_rates, inputs.data, inputs.scenario, result.demand, scenarios)
    calibrated = calibrated_programme(simulator, candidates, demand, budget, costs, do_nothing, prof, PlaceOptions(min_new_places=min_new_places))
    solution, handles = calibrated.solution, calibrated.handles
    timings["response_and_calibration_seconds"] = time.perf_counter() - t
    phase.advance()
    timings.update(solution.timings_seconds)
    values = response_place_values(handles)

    data_abs = absolute_data_folder(folder_data)
    copy_scenario_chain(scenario_path, folder, data_abs)
    programme_path = programme_to_scenario(
        solution.programme,
        scenario_path.stem,
        folder / f"{scenario_path.stem}_places_programme.toml",
        base_provisions=inputs.scenario.capacity.new_provision,
        data_folder=data_abs,
    )
    t = time.perf_counter()
    fresh_seed = seed_used + OUT_OF_SAMPLE_SEED_OFFSET if oos_seed is None else oos_seed
    comparisons = [
        simulate_comparison(
            scenario_path, programme_path, solution.programme, costs, scenarios, seed_used, f"in-sample paths, simulated (seed {seed_used})"
        ),
        simulate_comparison(
            scenario_path, programme_path, solution.programme, costs, oos_paths, fresh_seed, f"out-of-sample, simulated (seed {fresh_seed})"
        ),
    ]
    timings["resimulate_seconds"] = time.perf_counter() - t
    phase.advance()
    t = time.perf_counter()
    mean_field_nothing = simulated_cost_gbp(simulator.paths(), costs, existing, empty_programme())
    mean_field_programme = simulated_cost_gbp(simulator.paths(programme_provisions(solution.programme)), costs, existing, solution.programme)
    reconciliation = reconciliation_table(
        solution, seed_used, mean_field_nothing, mean_field_programme, comparisons[0], comparisons[1], costs, calibrated.rounds.height
    )
    projects = project_appraisal(simulator, solution.programme, demand, costs, existing, discount_rate_per_year)
    timings["reconcile_and_appraise_seconds"] = time.perf_counter() - t
    phase.advance()
    phase.close()
    table = cost_table(
        [("in-sample, optimiser model", solution.do_nothing_cost_gbp, solution.scenario_cost_gbp)]
        + [(c.label, c.do_nothing_gbp, c.programme_gbp) for c in comparisons]
    )
    return PlaceStudy(
        scenario_path=scenario_path,
        scenario_files=inputs.scenario_files,
        data_folder=folder_data,
        data_hashes=inputs.data.file_hashes,
        scenario_resolved=inputs.scenario.model_dump(mode="json"),
        seed=seed_used,
        demand=demand,
        handles=handles,
        solution=solution,
        values=values,
        costs=table,
        programme_scenario=programme_path,
        comparisons=comparisons,
        profile=prof,
        reconciliation=reconciliation,
        projects=projects,
        calibration=calibrated.rounds,
        timings_seconds=timings,
    )
