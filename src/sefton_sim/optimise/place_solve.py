"""Solving the place model: the solve and the programme costed against do-nothing
(``solve_place_model`` → ``PlaceSolution``), an infeasible model explained in plain words, and
the value of one more place from the second-stage duals (``place_values``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import polars as pl
import pulp

from sefton_sim.errors import InfeasibleError
from sefton_sim.model import states as st
from sefton_sim.optimise.place_data import PLACE_SETTINGS, CandidateProject, PlaceCosts
from sefton_sim.optimise.place_demand import K, PlaceDemand
from sefton_sim.optimise.place_evaluation import p90, scenario_costs_gbp
from sefton_sim.optimise.place_model import PlaceHandles, build_first_stage, build_second_stage_lp
from sefton_sim.optimise.place_programme import empty_programme, extract_programme, programme_places
from sefton_sim.optimise.solver import SolveReport, SolverProfile, raise_if_infeasible, solve


@dataclass
class PlaceSolution:
    """A solved place model: status, programme and its cost against do-nothing in every scenario."""

    report: SolveReport
    programme: pl.DataFrame
    scenario_cost_gbp: np.ndarray  # [S] chosen programme
    do_nothing_cost_gbp: np.ndarray  # [S] no new projects
    probabilities: np.ndarray
    objective_total_gbp: float  # solver objective + constant (expected cost as the solver saw it)
    timings_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def expected_cost_gbp(self) -> float:
        """Expected total cost of the programme over the horizon, £."""
        return float(self.probabilities @ self.scenario_cost_gbp)

    @property
    def expected_do_nothing_gbp(self) -> float:
        """Expected total cost of doing nothing, £."""
        return float(self.probabilities @ self.do_nothing_cost_gbp)

    @property
    def p90_cost_gbp(self) -> float:
        """P90 of the programme's total cost across scenarios, £."""
        return p90(self.scenario_cost_gbp)

    @property
    def p90_do_nothing_gbp(self) -> float:
        """P90 of do-nothing's total cost across scenarios, £."""
        return p90(self.do_nothing_cost_gbp)


def _tidy_money(text: str) -> str:
    return re.sub(r"short by ([\d,.]+) £m", lambda m: f"short by £{float(m.group(1).replace(',', '')):,.2f}m", text)


def _raise_infeasible(handles: PlaceHandles, profile: SolverProfile, report: SolveReport) -> None:
    """Explain an infeasible model in plain words (the second stage is always feasible, so the
    explanation runs on the first stage alone, which is small)."""
    deliverable = sum(
        c.places * c.max_delivery for i, c in enumerate(handles.candidates) if any((i, y) in handles.open_vars for y in range(handles.demand.years))
    )
    if handles.options.min_new_places > deliverable:
        raise InfeasibleError(
            f"{handles.requirement} cannot be met: the candidate projects can deliver at most {deliverable} places "
            f"by {handles.demand.financial_years[-1]} (short by {handles.options.min_new_places - deliverable} places)"
        )
    first, *_ = build_first_stage(handles.candidates, handles.demand, handles.budget, handles.options, "place_programme_first_stage")
    try:
        raise_if_infeasible(report, first, handles.limits, profile, handles.requirement)
    except InfeasibleError as exc:
        raise InfeasibleError(_tidy_money(str(exc))) from None


def solve_place_model(problem: pulp.LpProblem, handles: PlaceHandles, profile: SolverProfile) -> PlaceSolution:
    """Solve with the profile (``optimise.solver.solve``), check status, cost the programme found.

    Infeasible -> ``InfeasibleError`` naming the limits that clash (e.g. "capital budget 2025/26
    £4.7m is short by £1.30m"); stopped without a solution -> ``InfeasibleError`` with the status.
    A time-out with a solution is returned with ``report.status == "time_out"``.
    """
    report = solve(problem, profile)
    if report.status == "infeasible":
        _raise_infeasible(handles, profile, report)
    raise_if_infeasible(report, problem, handles.limits, profile, handles.requirement)
    t0 = time.perf_counter()
    programme = extract_programme(handles)
    cost = scenario_costs_gbp(handles.demand, handles.costs, programme)
    nothing = scenario_costs_gbp(handles.demand, handles.costs, empty_programme())
    t1 = time.perf_counter()
    return PlaceSolution(
        report=report,
        programme=programme,
        scenario_cost_gbp=cost,
        do_nothing_cost_gbp=nothing,
        probabilities=handles.demand.probabilities,
        objective_total_gbp=float(report.objective or 0.0) + handles.constant_gbp,
        timings_seconds={"build_seconds": handles.build_seconds, "solve_seconds": report.solve_seconds, "extract_seconds": t1 - t0},
    )


def place_values(
    demand: PlaceDemand,
    costs: PlaceCosts,
    programme: pl.DataFrame,
    profile: SolverProfile,
    candidates: Sequence[CandidateProject] = (),
) -> pl.DataFrame:
    """Value of one more place by age band, need and setting, £ per place per year.

    The programme is fixed; the second stage (an LP) is solved and the duals of its capacity rows
    read: the expected cost saved by one more place in that cell, averaged over the years of the
    horizon (probability-weighted over scenarios). ``net_value`` subtracts the place's running
    cost (setting cost of ``send_settings.csv``); ``share_full`` is the share of scenario-years in
    which the cell's places of that setting are all used while children still go to INMSS.
    Rows cover the phases where that kind of place exists today or in ``candidates``.
    """
    places = demand.existing_places + programme_places(programme, demand)
    problem, in_borough, rows = build_second_stage_lp(demand, places, costs)
    report = solve(problem, profile)
    if report.status != "optimal":
        raise InfeasibleError(f"the second-stage LP for the value of a place stopped with status '{report.status}'")
    dual = np.zeros((demand.years, K, st.A, st.N))
    full = np.zeros((demand.years, K, st.A, st.N))
    present = np.zeros((K, st.A, st.N), dtype=bool)
    for (s, y, a, n, k), name in rows.items():
        pi = problem.get_constraint_by_name(name).pi
        dual[y, k, a, n] += -(pi or 0.0)
        present[k, a, n] = True
        x = in_borough[s, y, a, n, k].varValue or 0.0
        if places[y, k, a, n] - x <= 1e-6 and demand.children[s, y, a, n] - x > 1e-6:
            full[y, k, a, n] += demand.probabilities[s]
    # only phases where that kind of place exists or is offered (no post-19 places, no post-16 units)
    offered = demand.existing_places.max(axis=0).sum(axis=2) > 0  # [K, A]
    for c in candidates:
        for band in c.age_bands:
            offered[PLACE_SETTINGS.index(c.setting), st.AGE_BANDS.index(band)] = True
    records = []
    for k, a, n in zip(*np.nonzero(present & offered[:, :, None])):
        running = costs.cost_gbp_per_child_per_year[PLACE_SETTINGS[k]]
        value = float(dual[:, k, a, n].mean())
        records.append(
            {
                "age_band": st.AGE_BANDS[a],
                "need": st.NEEDS[n],
                "setting": PLACE_SETTINGS[k],
                "places_now": float(places[-1, k, a, n]),
                "value_gbp_per_place_per_year": value,
                "value_final_year_gbp_per_place": float(dual[-1, k, a, n]),
                "running_cost_gbp_per_place_per_year": running,
                "net_value_gbp_per_place_per_year": value - running,
                "share_full": float(full[:, k, a, n].mean()),
            }
        )
    return pl.DataFrame(records).sort(["age_band", "need", "setting"], descending=False)
