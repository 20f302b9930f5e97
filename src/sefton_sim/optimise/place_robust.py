"""A place programme robust across futures: one programme for several scenarios (e.g. baseline,
faster growth, high and low growth), chosen by one of three objectives, and a table of how every
programme does in every scenario (``place_robust_programmes``).

Each scenario is simulated on its own paths (S, same seed: common random numbers), its
responses measured and calibrated on its own (``place_response_model.calibrated_programme``,
which also gives the programme best for that scenario alone). The robust model shares the first
stage (``open[p, y]``, capital and delivery) and has one second stage per scenario
(``add_response_stage``); scenarios are equally likely. Cost of scenario ``j``, path ``s``:
its simulated do-nothing cost + the programme's net cost in the model (£, 2023/24 prices, over
the horizon, capital included).

- ``expected``: minimise the mean over scenarios of the expected cost;
- ``cvar``: minimise the conditional value at risk at ``alpha`` of the cost over every path of
  every scenario (the mean of the worst ``1 - alpha`` share; Rockafellar-Uryasev);
- ``regret``: minimise the largest regret, the expected cost in a scenario less that of the
  programme best for that scenario alone (minimax regret; ties broken by the expected cost).

Every programme (each objective's, each scenario's own best, and doing nothing) is then costed
in every scenario by the simulator on that scenario's paths (expected-value month step on each
path's parameter draw, as the reconciliation shows it agrees with the model within a few per
cent): expected and P90 cost, INMSS cost avoided, net saving, INMSS children in the last year
and the regret.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import polars as pl
import pulp

from sefton_sim.demand.rates import pipeline_provisions
from sefton_sim.errors import BadInputError
from sefton_sim.optimise.place_data import (
    PLACE_SETTINGS,
    CandidateProject,
    CapitalBudget,
    PlaceCosts,
    candidates_not_carried,
    load_candidates,
    load_capital_budget,
    place_costs,
)
from sefton_sim.optimise.place_demand import PlaceDemand, financial_year_average, place_demand
from sefton_sim.optimise.place_evaluation import p90, simulated_cost_gbp
from sefton_sim.optimise.place_model import PlaceHandles, PlaceOptions, build_first_stage
from sefton_sim.optimise.place_programme import empty_programme, extract_programme, programme_money_by_year
from sefton_sim.optimise.place_response import ResponseSimulator, programme_provisions
from sefton_sim.optimise.place_response_model import PLACE_HIGHS_OPTIONS, CalibratedProgramme, ResponseStage, add_response_stage, calibrated_programme
from sefton_sim.optimise.solver import SolveReport, SolverProfile, load_profile, raise_if_infeasible, solve

Objective = Literal["expected", "cvar", "regret"]
OBJECTIVES: tuple[str, ...] = ("expected", "cvar", "regret")
REGRET_TIE_BREAK = 1e-6
"""Weight of the expected cost beside the largest regret (picks the cheaper of equal-regret programmes)."""


@dataclass(frozen=True)
class ScenarioSet:
    """One scenario's paths, responses and its own best programme."""

    name: str
    demand: PlaceDemand
    simulator: ResponseSimulator
    do_nothing_gbp: np.ndarray  # [S] stochastic do-nothing cost
    existing_places: np.ndarray  # [Y, K, A, N]
    calibrated: CalibratedProgramme

    @property
    def best_expected_cost_gbp(self) -> float:
        """Expected cost of the programme best for this scenario alone (the model's)."""
        return self.calibrated.solution.expected_cost_gbp


def scenario_set(
    path: str | Path, scenarios: int, seed: int | None, profile: SolverProfile
) -> tuple[ScenarioSet, tuple[CandidateProject, ...], CapitalBudget, PlaceCosts]:
    """Simulate one scenario's SEND demand (S paths), measure and calibrate its responses."""
    from sefton_sim.demand.vector import simulate_send
    from sefton_sim.simulate.run import prepare

    inputs = prepare(Path(path), paths=scenarios, seed=seed)
    paths = simulate_send(inputs.send_rates, scenarios, inputs.scenario.seed)
    demand = place_demand(paths, inputs.scenario.name, inputs.data.stock_base, scenarios)
    costs = place_costs(inputs.data)
    candidates = candidates_not_carried(load_candidates(inputs.data.folder), [p.name for p in pipeline_provisions(inputs.data, inputs.scenario)])
    budget = load_capital_budget(inputs.data.folder)
    existing = financial_year_average(paths.capacity, demand.years, axis=0)
    do_nothing = simulated_cost_gbp(paths, costs, existing, empty_programme())
    simulator = ResponseSimulator.from_paths(inputs.send_rates, inputs.data, inputs.scenario, paths, scenarios)
    calibrated = calibrated_programme(simulator, candidates, demand, budget, costs, do_nothing, profile)
    return ScenarioSet(inputs.scenario.name, demand, simulator, do_nothing, existing, calibrated), candidates, budget, costs


def build_robust_model(
    sets: Sequence[ScenarioSet],
    candidates: Sequence[CandidateProject],
    budget: CapitalBudget,
    costs: PlaceCosts,
    objective: Objective,
    alpha: float = 0.9,
) -> tuple[pulp.LpProblem, PlaceHandles]:
    """One first stage, one calibrated second stage per scenario, the chosen objective (module docstring)."""
    if objective not in OBJECTIVES:
        raise BadInputError("(command line)", "--objective", objective, f"one of {', '.join(OBJECTIVES)}")
    if not 0.0 < alpha < 1.0:
        raise BadInputError("(command line)", "--alpha", alpha, "a share between 0 and 1")
    first = sets[0].demand
    for other in sets[1:]:
        if other.demand.financial_years != first.financial_years:
            raise BadInputError(
                "(command line)",
                "SCENARIOS",
                other.name,
                f"the same financial years as {sets[0].name} ({first.financial_years[0]}-{first.financial_years[-1]})",
            )
    candidates = tuple(candidates)
    years_budget = budget.for_years(first.financial_years)
    problem, open_vars, dates, cells, limits, requirement, first_cost = build_first_stage(
        candidates, first, years_budget, PlaceOptions(), f"robust_places_{objective}"
    )
    values = [costs.saving_gbp_per_child_per_year(k) for k in PLACE_SETTINGS]
    weight = 1.0 / len(sets)
    stages: list[ResponseStage] = []
    for j, sset in enumerate(sets):
        response = sset.calibrated.handles.response
        assert response is not None
        stages.append(add_response_stage(problem, open_vars, candidates, sset.demand, costs, response, prefix=f"j{j}_"))

    def scenario_cost(j: int, s: int) -> tuple[list[tuple[pulp.LpVariable, float]], float]:
        """Terms and constant of path ``s`` of scenario ``j``'s cost, £."""
        stage = stages[j]
        terms = [(var, first_cost[var] + float(stage.negative_gbp[key][s])) for key, var in open_vars.items()]
        return terms + stage.scenario_cost_terms(s, values), float(sets[j].do_nothing_gbp[s])

    def expected_terms(j: int) -> tuple[dict[pulp.LpVariable, float], float]:
        stage, p = stages[j], sets[j].demand.probabilities
        out = {var: first_cost[var] + float(p @ stage.negative_gbp[key]) for key, var in open_vars.items()}
        out.update(stage.objective)
        return out, float(p @ sets[j].do_nothing_gbp)

    total: dict[pulp.LpVariable, float] = {}
    if objective == "expected":
        for j in range(len(sets)):
            terms, _ = expected_terms(j)
            for var, c in terms.items():
                total[var] = total.get(var, 0.0) + weight * c
    elif objective == "cvar":
        eta = problem.add_variable("cvar_threshold_gbp", None, None)
        total[eta] = 1.0
        for j, sset in enumerate(sets):
            for s in range(sset.demand.scenarios):
                z = problem.add_variable(f"cvar_excess_j{j}_s{s}", 0.0)
                total[z] = weight * float(sset.demand.probabilities[s]) / (1.0 - alpha)
                path_terms, constant = scenario_cost(j, s)
                problem.addConstraint(
                    pulp.LpConstraint(
                        pulp.LpAffineExpression([(z, 1.0), (eta, 1.0)] + [(v, -c) for v, c in path_terms]),
                        pulp.LpConstraintGE,
                        f"cvar_j{j}_s{s}",
                        constant,
                    )
                )
    else:
        regret = problem.add_variable("largest_regret_gbp", 0.0)
        total[regret] = 1.0
        for j, sset in enumerate(sets):
            terms, constant = expected_terms(j)
            for var, c in terms.items():
                total[var] = total.get(var, 0.0) + REGRET_TIE_BREAK * weight * c
            problem.addConstraint(
                pulp.LpConstraint(
                    pulp.LpAffineExpression([(regret, 1.0)] + [(v, -c) for v, c in terms.items()]),
                    pulp.LpConstraintGE,
                    f"regret_j{j}",
                    constant - sset.best_expected_cost_gbp,
                )
            )
    problem.setObjective(pulp.LpAffineExpression(list(total.items())))
    handles = PlaceHandles(problem, candidates, first, years_budget, costs, PlaceOptions(), open_vars, dates, cells, {}, {}, 0.0, limits, requirement)
    return problem, handles


def programme_in_scenario(sset: ScenarioSet, programme: pl.DataFrame, costs: PlaceCosts) -> dict[str, float]:
    """A programme costed by the simulator on one scenario's paths (module docstring)."""
    nothing = simulated_cost_gbp(sset.simulator.paths(), costs, sset.existing_places, empty_programme())
    paths = sset.simulator.paths(programme_provisions(programme))
    cost = simulated_cost_gbp(paths, costs, sset.existing_places, programme)
    money = float(programme["capital_cost_gbp"].sum()) if programme.height else 0.0
    capital, running = programme_money_by_year(programme, sset.demand.year_starts)
    saving = nothing - cost
    return {
        "expected_cost_gbp_m": float(np.mean(cost)) / 1e6,
        "p90_cost_gbp_m": p90(cost) / 1e6,
        "expected_do_nothing_gbp_m": float(np.mean(nothing)) / 1e6,
        "net_saving_gbp_m": float(np.mean(saving)) / 1e6,
        "avoided_cost_gbp_m": (float(np.mean(saving)) + float(capital.sum() + running.sum())) / 1e6,
        "capital_gbp_m": money / 1e6,
        "inmss_children_final_year": float(
            financial_year_average(paths.inmss_by_band_need, sset.demand.years, axis=1)[:, -1].sum(axis=(1, 2)).mean()
        ),
    }


@dataclass(frozen=True)
class RobustStudy:
    """Programmes chosen across scenarios and the programme × scenario table."""

    objective: str
    programme: pl.DataFrame
    report: SolveReport
    table: pl.DataFrame  # place_robust_programmes
    sets: list[ScenarioSet]
    seconds: float


def run_robust_study(
    scenario_paths: Sequence[str | Path],
    scenarios: int,
    seed: int | None,
    profile: str | Path,
    objective: Objective,
    alpha: float = 0.9,
) -> RobustStudy:
    """Choose the programme for ``objective`` over the scenarios and cost every programme in every scenario."""
    t0 = time.perf_counter()
    prof = load_profile(profile)
    sets: list[ScenarioSet] = []
    candidates: tuple[CandidateProject, ...] = ()
    budget = costs = None
    for path in scenario_paths:
        sset, candidates, budget, costs = scenario_set(path, scenarios, seed, prof)
        sets.append(sset)
    assert budget is not None and costs is not None
    chosen: dict[str, pl.DataFrame] = {}
    report = None
    for name in OBJECTIVES:
        problem, handles = build_robust_model(sets, candidates, budget, costs, name, alpha)  # type: ignore[arg-type]
        solved = solve(problem, prof, PLACE_HIGHS_OPTIONS)
        raise_if_infeasible(solved, problem, handles.limits, prof, handles.requirement)
        chosen[name] = extract_programme(handles)
        if name == objective:
            report = solved
    assert report is not None
    programmes: list[tuple[str, pl.DataFrame]] = [(f"{name} ({'chosen' if name == objective else 'objective'})", chosen[name]) for name in OBJECTIVES]
    programmes += [(f"best for {s.name} alone", s.calibrated.solution.programme) for s in sets]
    programmes.append(("do nothing", empty_programme()))
    records = []
    best = [programme_in_scenario(s, s.calibrated.solution.programme, costs)["expected_cost_gbp_m"] for s in sets]
    for label, programme in programmes:
        evaluated = [programme_in_scenario(s, programme, costs) for s in sets]
        for sset, row, best_cost in zip(sets, evaluated, best, strict=True):
            records.append(
                {
                    "programme": label,
                    "openings": programme.height,
                    "places": int(programme["places"].sum()) if programme.height else 0,
                    "projects": "; ".join(f"{r['project']} ({r['financial_year']})" for r in programme.iter_rows(named=True)),
                    "scenario": sset.name,
                    **row,
                    "regret_gbp_m": row["expected_cost_gbp_m"] - best_cost,
                }
            )
    return RobustStudy(objective, chosen[objective], report, pl.DataFrame(records), sets, time.perf_counter() - t0)
