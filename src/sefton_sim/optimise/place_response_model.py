"""The place programme MILP on the simulator's measured response (what ``optimise places`` solves).

First stage as in ``place_model.build_first_stage`` (``open[p, y]``, capital and delivery rows,
capital and running cost of new places in the objective). The second stage no longer assumes
that a new place takes a child out of INMSS the day it opens: per scenario ``s``, year ``y``,
cell ``c`` = (age band, need) and setting ``k``::

    in_borough[s,y,c,k] <= sum_(p,y0 of setting k) R+[p,y0][s,y,c] * open[p,y0]   (response_...)
    sum_k in_borough[s,y,c,k] <= cap[s,y,c]                                          (cap_...)

where ``R[p,y0]`` is the INMSS children the simulator avoids in that cell and year when ``p``
opens in ``y0`` alone and ``cap`` what every candidate together avoids
(``place_response.measure_responses``). The minimum of the two is concave in the programme,
as the simulation is: two units for the same children fill more slowly than one. A negative
response (an opening that moves children into INMSS in another cell, e.g. through a phase
transfer) is charged as a cost of the opening. Each child kept out of INMSS saves the INMSS fee
and transport less the transport of the in-borough setting (``PlaceCosts.saving_gbp_per_child_per_year``).

``calibrated_programme`` then checks the chosen programme with the simulator (all its openings
together, same paths) and, while the model's avoided children differ from the simulator's,
scales the responses of each scenario, year and cell by the simulated ratio and solves again
(at most ``CALIBRATION_ROUNDS`` times); every round is kept for the reconciliation table.

Money: £, 2023/24 prices, undiscounted, over the horizon; ``constant_gbp`` is the expected
do-nothing cost of the stochastic in-sample run (``place_evaluation.simulated_cost_gbp``), so a
scenario's model cost is its simulated do-nothing cost + the programme's net cost in the model.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import polars as pl
import pulp

from sefton_sim.model import states as st
from sefton_sim.optimise.place_data import PLACE_SETTINGS, CandidateProject, CapitalBudget, PlaceCosts
from sefton_sim.optimise.place_demand import K, PlaceDemand, fy_slug
from sefton_sim.optimise.place_model import EPS, PlaceHandles, PlaceOptions, build_first_stage
from sefton_sim.optimise.place_programme import extract_programme
from sefton_sim.optimise.place_response import PlaceResponse, ResponseSimulator, measure_responses, programme_provisions
from sefton_sim.optimise.place_solve import PlaceSolution, _raise_infeasible
from sefton_sim.optimise.solver import SolverProfile, raise_if_infeasible, solve

PLACE_HIGHS_OPTIONS: dict[str, bool | int | float | str] = {"mip_heuristic_run_feasibility_jump": False, "user_objective_scale": -3}
"""HiGHS settings for this model: the feasibility-jump heuristic spends most of a minute on the
many continuous second-stage columns before the root LP at 500 scenarios, and the objective (£)
is scaled to £k inside the solver (HiGHS warns that £ costs up to 5e6 are badly scaled)."""
_DEFAULT_OPTIONS = PlaceOptions()
CALIBRATION_ROUNDS = 4
"""Solves at most, each after checking the previous programme with the simulator."""
CALIBRATION_TOLERANCE = 0.02
"""Stop when the model's avoided cost is within this share of the simulator's."""
CALIBRATION_FACTOR_LIMITS = (0.0, 2.0)
"""Bounds of a cell's calibration factor (simulated / modelled avoided children)."""


@dataclass
class ResponseHandles(PlaceHandles):
    """``PlaceHandles`` plus what the response model needs to cost its solution per scenario."""

    response: PlaceResponse | None = None
    do_nothing_gbp: np.ndarray = field(default_factory=lambda: np.zeros(0))  # [S] simulated do-nothing cost
    first_stage_gbp: dict[tuple[int, int], float] = field(default_factory=dict)  # capital + running per opening
    negative_gbp: dict[tuple[int, int], np.ndarray] = field(default_factory=dict)  # [S] cost per opening outside the second stage
    direct_avoided: dict[tuple[int, int], np.ndarray] = field(default_factory=dict)  # [S, Y, A, N] children avoided per opening directly

    def model_avoided(self) -> np.ndarray:
        """INMSS children the solved model avoids, net of negative responses, [S, Y, A, N]."""
        assert self.response is not None
        out = np.zeros_like(self.response.cap)
        for (s, y, a, n, _k), var in self.in_borough.items():
            out[s, y, a, n] += var.varValue or 0.0
        for key, var in self.open_vars.items():
            times = var.varValue or 0.0
            if times > 0:
                out += times * self.direct_avoided[key]
        return out

    def scenario_cost_gbp(self) -> np.ndarray:
        """Model cost of the solved programme in each scenario, £ [S]."""
        saving = np.array([0.0] * self.demand.scenarios)
        values = [0.0] * K
        for k in range(K):
            values[k] = self.costs.saving_gbp_per_child_per_year(PLACE_SETTINGS[k])
        for (s, _y, _a, _n, k), var in self.in_borough.items():
            saving[s] += values[k] * (var.varValue or 0.0)
        fixed = np.zeros(self.demand.scenarios)
        for key, var in self.open_vars.items():
            times = var.varValue or 0.0
            if times > 0:
                fixed += times * (self.first_stage_gbp[key] + self.negative_gbp[key])
        return self.do_nothing_gbp + fixed - saving


@dataclass
class ResponseStage:
    """The second stage of one set of demand scenarios inside a problem."""

    in_borough: dict[tuple[int, int, int, int, int], pulp.LpVariable]
    rows: dict[tuple[int, int, int, int, int], str]
    negative_gbp: dict[tuple[int, int], np.ndarray]  # [S] cost per opening outside the second-stage variables, £
    direct_avoided: dict[tuple[int, int], np.ndarray]  # [S, Y, A, N] children avoided per opening outside them
    objective: dict[pulp.LpVariable, float]  # expected second-stage terms (saving negative), £

    def scenario_cost_terms(self, s: int, values: Sequence[float]) -> list[tuple[pulp.LpVariable, float]]:
        """Second-stage terms of scenario ``s``'s cost (in-borough savings and negative responses), £."""
        terms: list[tuple[pulp.LpVariable, float]] = [(x, -values[k]) for (t, _y, _a, _n, k), x in self.in_borough.items() if t == s]
        return terms


def add_response_stage(
    problem: pulp.LpProblem,
    open_vars: dict[tuple[int, int], pulp.LpVariable],
    candidates: Sequence[CandidateProject],
    demand: PlaceDemand,
    costs: PlaceCosts,
    response: PlaceResponse,
    prefix: str = "",
) -> ResponseStage:
    """Add the response rows and caps of one set of scenarios (module docstring) to ``problem``."""
    values = [costs.saving_gbp_per_child_per_year(k) for k in PLACE_SETTINGS]
    p = demand.probabilities
    cap = response.cap
    # where even every opening at its most cannot reach the cap, avoided = sum of responses exactly:
    # those cells need no second-stage variable (their saving is a coefficient of the opening)
    most: dict[int, np.ndarray] = {}  # per candidate: its largest response over opening years
    for i, y0 in open_vars:
        r = np.maximum(response.avoided[i, y0], 0.0)
        most[i] = np.maximum(most[i], r) if i in most else r
    potential = np.zeros_like(cap)
    for i, r in most.items():
        potential += candidates[i].max_delivery * r  # a candidate opens at most max_delivery times in all
    direct = potential <= cap + EPS  # [S, Y, A, N]
    # where one named project (opened at most once) is the only one that reaches a cell, its
    # saving there is min(response, cap) times its opening: again no second-stage variable
    serving = sum((r > 0).astype(int) for r in most.values())
    single = (serving == 1) & ~direct
    negative: dict[tuple[int, int], np.ndarray] = {}
    direct_avoided: dict[tuple[int, int], np.ndarray] = {}
    objective: dict[pulp.LpVariable, float] = {}
    by_cell: dict[tuple[int, int, int, int], list[tuple[int, int]]] = {}
    for key in open_vars:
        r = response.avoided[key]
        k = PLACE_SETTINGS.index(candidates[key[0]].setting)
        alone = single & (r > 0) if candidates[key[0]].max_delivery == 1 else np.zeros_like(single)
        direct_avoided[key] = np.minimum(r, 0.0) + np.where(direct, np.maximum(r, 0.0), 0.0) + np.where(alone, np.minimum(r, cap), 0.0)
        negative[key] = -values[k] * direct_avoided[key].sum(axis=(1, 2, 3))
        if candidates[key[0]].max_delivery == 1:
            single_named = single
        else:
            single_named = np.zeros_like(single)
        for y, a, n in zip(*np.nonzero(((r > 0) & ~direct & ~single_named).any(axis=0)), strict=True):
            by_cell.setdefault((int(y), int(a), int(n), k), []).append(key)
    handled = single & np.logical_or.reduce([(most[i] > 0) & (candidates[i].max_delivery == 1) for i in most]) if most else single
    in_borough: dict[tuple[int, int, int, int, int], pulp.LpVariable] = {}
    rows: dict[tuple[int, int, int, int, int], str] = {}
    for (y, a, n, k), keys in sorted(by_cell.items()):
        fy = fy_slug(demand.financial_years[y])
        coefficients = np.stack([response.avoided[key][:, y, a, n] for key in keys], axis=1)  # [S, openings]
        for s_index in np.nonzero((coefficients > 0).any(axis=1) & (cap[:, y, a, n] > EPS) & ~direct[:, y, a, n] & ~handled[:, y, a, n])[0]:
            s = int(s_index)
            tag = f"{prefix}s{s}_{fy}_{st.AGE_BANDS[a]}_{st.NEEDS[n]}_{PLACE_SETTINGS[k]}"
            x = problem.add_variable(f"in_borough_{tag}", 0.0, float(cap[s, y, a, n]))
            in_borough[s, y, a, n, k] = x
            terms = [(x, 1.0)] + [(open_vars[key], -float(c)) for key, c in zip(keys, coefficients[s], strict=True) if c > 0]
            row = f"response_{tag}"
            problem.addConstraint(pulp.LpConstraint(pulp.LpAffineExpression(terms), pulp.LpConstraintLE, row, 0.0))
            rows[s, y, a, n, k] = row
            objective[x] = -float(p[s]) * values[k]
    shared: dict[tuple[int, int, int, int], list[pulp.LpVariable]] = {}
    for (t, y, a, n, _k), x in in_borough.items():
        shared.setdefault((t, y, a, n), []).append(x)
    for (t, y, a, n), xs in shared.items():
        if len(xs) > 1:
            tag = f"{prefix}s{t}_{fy_slug(demand.financial_years[y])}_{st.AGE_BANDS[a]}_{st.NEEDS[n]}"
            problem.addConstraint(
                pulp.LpConstraint(pulp.LpAffineExpression([(x, 1.0) for x in xs]), pulp.LpConstraintLE, f"cap_{tag}", float(cap[t, y, a, n]))
            )
    return ResponseStage(in_borough, rows, negative, direct_avoided, objective)


def build_response_model(
    candidates: Sequence[CandidateProject],
    demand: PlaceDemand,
    budget: CapitalBudget,
    costs: PlaceCosts,
    response: PlaceResponse,
    do_nothing_gbp: np.ndarray,
    options: PlaceOptions = _DEFAULT_OPTIONS,
    name: str = "sefton_place_programme",
) -> tuple[pulp.LpProblem, ResponseHandles]:
    """Build the response MILP (module docstring); objective in £ without ``constant_gbp``."""
    t0 = time.perf_counter()
    candidates = tuple(candidates)
    years_budget = budget.for_years(demand.financial_years)
    problem, open_vars, dates, cells, limits, requirement, objective = build_first_stage(candidates, demand, years_budget, options, name)
    first_stage = {key: objective[var] for key, var in open_vars.items()}
    stage = add_response_stage(problem, open_vars, candidates, demand, costs, response)
    for key, var in open_vars.items():
        objective[var] = objective[var] + float(demand.probabilities @ stage.negative_gbp[key])
    objective.update(stage.objective)
    problem.setObjective(pulp.LpAffineExpression(list(objective.items())))
    handles = ResponseHandles(
        problem=problem,
        candidates=candidates,
        demand=demand,
        budget=years_budget,
        costs=costs,
        options=options,
        open_vars=open_vars,
        opening_dates=dates,
        cells=cells,
        in_borough=stage.in_borough,
        capacity_rows=stage.rows,
        constant_gbp=float(demand.probabilities @ do_nothing_gbp),
        limits=limits,
        requirement=requirement,
        response=response,
        do_nothing_gbp=np.asarray(do_nothing_gbp, dtype=float),
        first_stage_gbp=first_stage,
        negative_gbp=stage.negative_gbp,
        direct_avoided=stage.direct_avoided,
    )
    handles.build_seconds = time.perf_counter() - t0
    return problem, handles


def solve_response_model(problem: pulp.LpProblem, handles: ResponseHandles, profile: SolverProfile) -> PlaceSolution:
    """Solve, check status (infeasible limits explained in plain words) and cost the programme in
    every scenario with the model's own formula."""
    report = solve(problem, profile, PLACE_HIGHS_OPTIONS)
    if report.status == "infeasible":
        _raise_infeasible(handles, profile, report)
    raise_if_infeasible(report, problem, handles.limits, profile, handles.requirement)
    t0 = time.perf_counter()
    programme = extract_programme(handles)
    cost = handles.scenario_cost_gbp()
    return PlaceSolution(
        report=report,
        programme=programme,
        scenario_cost_gbp=cost,
        do_nothing_cost_gbp=handles.do_nothing_gbp.copy(),
        probabilities=handles.demand.probabilities,
        objective_total_gbp=float(report.objective or 0.0) + handles.constant_gbp,
        timings_seconds={"build_seconds": handles.build_seconds, "solve_seconds": report.solve_seconds, "extract_seconds": time.perf_counter() - t0},
    )


def opening_dates(candidates: Sequence[CandidateProject], demand: PlaceDemand) -> dict[tuple[int, int], dt.date]:
    """Every (candidate, year) the first stage offers, with its opening date."""
    first = build_first_stage(tuple(candidates), demand, [], PlaceOptions(), "opening_dates")
    return dict(first[2])


@dataclass(frozen=True)
class CalibratedProgramme:
    """The last solve of the calibration and every round's claim against the simulator."""

    problem: pulp.LpProblem
    handles: ResponseHandles
    solution: PlaceSolution
    response: PlaceResponse  # as measured (before calibration)
    rounds: pl.DataFrame  # round, openings, places, model_avoided_gbp_m, simulated_avoided_gbp_m
    seconds: float


def _avoided_value_gbp(avoided: np.ndarray, probabilities: np.ndarray, value_gbp: float) -> float:
    return float(probabilities @ avoided.sum(axis=(1, 2, 3))) * value_gbp


def calibrated_programme(
    simulator: ResponseSimulator,
    candidates: Sequence[CandidateProject],
    demand: PlaceDemand,
    budget: CapitalBudget,
    costs: PlaceCosts,
    do_nothing_gbp: np.ndarray,
    profile: SolverProfile,
    options: PlaceOptions = _DEFAULT_OPTIONS,
    response: PlaceResponse | None = None,
) -> CalibratedProgramme:
    """Measure the responses (unless given), solve, check with the simulator, calibrate, repeat."""
    t0 = time.perf_counter()
    if response is None:
        response = measure_responses(simulator, candidates, opening_dates(candidates, demand))
    measured = response
    value = costs.saving_gbp_per_child_per_year(PLACE_SETTINGS[0])
    records = []
    for round_number in range(1, CALIBRATION_ROUNDS + 1):
        problem, handles = build_response_model(candidates, demand, budget, costs, response, do_nothing_gbp, options)
        solution = solve_response_model(problem, handles, profile)
        model = handles.model_avoided()
        simulated = (
            simulator.avoided(programme_provisions(solution.programme), measured.do_nothing_inmss)
            if solution.programme.height
            else np.zeros_like(model)
        )
        model_gbp = _avoided_value_gbp(model, demand.probabilities, value)
        simulated_gbp = _avoided_value_gbp(simulated, demand.probabilities, value)
        records.append(
            {
                "round": round_number,
                "openings": solution.programme.height,
                "places": int(solution.programme["places"].sum()) if solution.programme.height else 0,
                "model_avoided_gbp_m": model_gbp / 1e6,
                "simulated_avoided_gbp_m": simulated_gbp / 1e6,
            }
        )
        if abs(model_gbp - simulated_gbp) <= CALIBRATION_TOLERANCE * max(abs(simulated_gbp), 1e5) or round_number == CALIBRATION_ROUNDS:
            break
        low, high = CALIBRATION_FACTOR_LIMITS
        ratio = np.divide(simulated, model, out=np.ones_like(model), where=np.abs(model) > 1e-6)
        response = response.scaled(np.clip(ratio, low, high))
    return CalibratedProgramme(problem, handles, solution, measured, pl.DataFrame(records), time.perf_counter() - t0)


def response_place_values(handles: ResponseHandles) -> pl.DataFrame:
    """Value of a place by age band, need and setting, £ per place per year, from the simulator.

    For every candidate opened alone at its earliest date: the expected INMSS cost it avoids
    (calibrated response × the saving per child) over the place-years it is open, given to each
    cell it serves; cells served by several candidates take their mean. ``net_value`` subtracts
    the candidates' running cost per place. This is an average over the horizon, not a margin:
    a place that opens later fills sooner (more children are waiting)."""
    from sefton_sim.optimise.place_demand import share_of_year_open

    assert handles.response is not None
    demand = handles.demand
    earliest: dict[int, int] = {}
    for i, y in handles.open_vars:
        earliest[i] = min(y, earliest.get(i, y))
    by_cell: dict[tuple[str, str, str], list[tuple[float, float]]] = {}
    for i, y0 in sorted(earliest.items()):
        c = handles.candidates[i]
        opens = handles.opening_dates[i, y0]
        place_years = c.places * sum(share_of_year_open(opens, demand.year_starts[y]) for y in range(y0, demand.years))
        if place_years <= 0:
            continue
        avoided = float(demand.probabilities @ handles.response.avoided[i, y0].sum(axis=(1, 2, 3)))
        value = avoided * handles.costs.saving_gbp_per_child_per_year(c.setting) / place_years
        for band in c.age_bands:
            for need in c.needs:
                by_cell.setdefault((band, need, c.setting), []).append((value, c.running_cost_gbp_per_place_per_year))
    records = [
        {
            "age_band": band,
            "need": need,
            "setting": setting,
            "value_gbp_per_place_per_year": float(np.mean([v for v, _ in pairs])),
            "running_cost_gbp_per_place_per_year": float(np.mean([r for _, r in pairs])),
            "net_value_gbp_per_place_per_year": float(np.mean([v - r for v, r in pairs])),
            "candidates": len(pairs),
        }
        for (band, need, setting), pairs in sorted(by_cell.items())
    ]
    return pl.DataFrame(records)
