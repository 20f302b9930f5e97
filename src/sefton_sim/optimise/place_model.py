"""The place programme model: which in-borough SEND places to open, and when.

This is the averaged-occupancy model (new places fill at once from every child in INMSS); it
overstates what the simulation saves, and ``sefton-sim optimise places`` now solves the model on
the simulator's measured response instead (``place_response_model``), which reuses this
module's first stage. This one stays for the small reference instances and their tests.

A two-stage stochastic MILP over simulated demand paths (each path is one scenario, all equally
likely). Build, solve and extract are separate pure functions (PyPSA/linopy style):
``build_place_model`` (here) -> ``place_solve.solve_place_model`` ->
``place_programme.extract_programme``; demand comes from ``place_demand``.

**Time.** Financial years (1 April - 31 March) of the run's horizon. Demand and existing places
in a year are the averages of the 12 month-start counts of that year (so a place that opens on
1 September counts for 7/12 of its first year, exactly as the simulator's monthly capacity).

**First stage.** ``open[p, y]`` = times project ``p`` opens in year ``y`` (binary for a named
project, integer up to ``max_delivery`` for a generic option), on the month and day of its
``earliest_opening`` (normally 1 September) and never before that date. Each project opens at
most ``max_delivery`` times over the horizon. Capital is paid up front, in full, in the financial
year the project opens (the works before a September opening fall in that year); each year's
capital must fit the High Needs capital budget (constraint ``capital_<yyyy_yy>``, in £m) and the
number of openings the delivery limit (``delivery_<yyyy_yy>``). An optional minimum number of
new places (``min_new_places``) demonstrates infeasibility explanations.

**Places by cell.** A project's places go to its setting (unit or special) and are spread over
its age bands and needs by the same rule as the simulator (``demand.capacity.provision_cells``:
in proportion to base-date occupancy), so the scenario written back is simulated with the same
places the optimiser counted. ``new_places[y, cell, setting]`` carries the sum.

**Second stage**, per scenario ``s``, year ``y``, cell ``c`` = (age band, need). Today's places
are filled first, cheaper-transport setting first (children already placed stay where they are;
no decision changes this, so it is computed outside the solver), leaving ``residual[s,y,c]``
children who need a specialist place and have none. New places, by setting ``k``, take them::

    in_borough[s,y,c,k] <= new_places[y,c,k]                        (capacity_...)
    sum_k in_borough[s,y,c,k] <= residual[s,y,c]                    (demand_...)
    inmss[s,y,c] = residual[s,y,c] - sum_k in_borough[s,y,c,k]      (substituted)

Demand = children needing a specialist place (unit + special + INMSS). Children of a cell may
use unit or special places of that cell (need suitability is the cell; unit versus special is
not distinguished for demand - a simplification the out-of-sample check measures).

**Money** (£, 2023/24 prices, undiscounted, summed over the horizon). Every commissioned place
costs its running cost each year whether or not a child fills it (today's places at the setting
cost of ``send_settings.csv``, new places at the project's ``running_cost_gbp_per_place_per_year``
for the share of the year they are open); a child in an in-borough place adds its transport; a
child in INMSS costs the INMSS fee plus transport::

    minimise  capital + running(new places)
              + sum_s prob_s sum_y,c [ sum_k in_borough * transport_k + inmss * (INMSS + transport) ]
              (+ today's places: running cost and transport of the children in them)

After substituting ``inmss`` the solver's objective is the programme's net cost: capital +
running of new places - expected INMSS cost avoided (``saving_k = INMSS + transport -
transport_k`` per child placed). Everything no decision changes is ``PlaceHandles.constant_gbp``
(kept out of the solver so that the relative MIP gap is measured on the programme's value, and
both solvers see the same numbers); totals add it back.

For a fixed programme the second stage separates by scenario, year and cell and its optimum is
greedy, so ``place_evaluation.scenario_costs_gbp`` costs any programme exactly in every scenario
(P90 etc). The value of one more place is read from the duals of the capacity rows of the full
second-stage LP (today's and the programme's places together) with the programme fixed
(``place_solve.place_values``).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pulp

from sefton_sim.model import states as st
from sefton_sim.optimise.place_data import PLACE_SETTINGS, CandidateProject, CapitalBudget, PlaceCosts, YearBudget
from sefton_sim.optimise.place_demand import K, PlaceDemand, allocation, fy_slug, opening_date, share_of_year_open

EPS = 1e-9
"""Children below this in a cell count as none (no second-stage variables)."""


@dataclass(frozen=True)
class PlaceOptions:
    """Switches of the place model."""

    min_new_places: int = 0
    """Require at least this many new places opened over the horizon (0: no requirement)."""
    integer: bool = True
    """False: relax ``open`` to continuous (the LP relaxation of the first stage)."""


@dataclass
class PlaceHandles:
    """Everything needed to read a solved place model back."""

    problem: pulp.LpProblem
    candidates: tuple[CandidateProject, ...]
    demand: PlaceDemand
    budget: list[YearBudget]
    costs: PlaceCosts
    options: PlaceOptions
    open_vars: dict[tuple[int, int], pulp.LpVariable]  # (candidate, year) -> times opened
    opening_dates: dict[tuple[int, int], dt.date]
    cells: np.ndarray  # [P, A, N] places of each candidate by cell
    in_borough: dict[tuple[int, int, int, int, int], pulp.LpVariable]  # (s, y, a, n, k)
    capacity_rows: dict[tuple[int, int, int, int, int], str]  # (s, y, a, n, k) -> constraint name
    constant_gbp: float  # expected cost outside the solver's objective
    limits: dict[str, tuple[str, str]]  # named limits -> (plain words, unit) for explanations
    requirement: str
    build_seconds: float = 0.0

    @property
    def size(self) -> dict[str, int]:
        """Variables, integer variables, constraints and non-zeros."""
        variables = self.problem.variables()
        return {
            "variables": len(variables),
            "integer_variables": sum(1 for v in variables if v.cat == pulp.LpInteger),
            "constraints": len(rows := self.problem.constraints()),
            "nonzeros": sum(len(c) for c in rows),
        }


def build_first_stage(
    candidates: Sequence[CandidateProject],
    demand: PlaceDemand,
    years_budget: list[YearBudget],
    options: PlaceOptions,
    name: str,
) -> tuple[pulp.LpProblem, dict, dict, np.ndarray, dict[str, tuple[str, str]], str, dict]:
    """The first stage alone: ``open`` variables, the capital, delivery and ``max_delivery`` rows
    (and ``min_new_places`` if asked); returns the problem, the open variables and their opening
    dates, the candidates' places by cell, the named limits, the requirement in words and the
    first-stage objective terms (£)."""
    problem = pulp.LpProblem(name, pulp.LpMinimize)
    Y = demand.years
    open_vars: dict[tuple[int, int], pulp.LpVariable] = {}
    dates: dict[tuple[int, int], dt.date] = {}
    cells = (
        np.stack([allocation(c.setting, c.age_bands, c.needs, c.places, demand.stock_base) for c in candidates])
        if candidates
        else np.zeros((0, st.A, st.N))
    )
    objective: dict[pulp.LpVariable, float] = {}
    for i, c in enumerate(candidates):
        for y in range(Y):
            opens = opening_date(c, demand.year_starts[y])
            if opens is None or share_of_year_open(opens, demand.year_starts[y]) <= 0:
                continue
            if options.integer:
                cat = pulp.LpBinary if c.max_delivery == 1 else pulp.LpInteger
            else:
                cat = pulp.LpContinuous
            var = problem.add_variable(f"open_{c.key}_{fy_slug(demand.financial_years[y])}", 0, c.max_delivery, cat)
            open_vars[i, y] = var
            dates[i, y] = opens
            running_years = sum(share_of_year_open(opens, demand.year_starts[z]) for z in range(y, Y))
            objective[var] = c.capital_cost_gbp + c.places * c.running_cost_gbp_per_place_per_year * running_years
    for i, c in enumerate(candidates):
        own = [open_vars[i, y] for y in range(Y) if (i, y) in open_vars]
        if len(own) > 1:
            problem.addConstraint(
                pulp.LpConstraint(pulp.LpAffineExpression([(v, 1.0) for v in own]), pulp.LpConstraintLE, f"max_delivery_{c.key}", c.max_delivery)
            )
    limits: dict[str, tuple[str, str]] = {}
    for y, yb in enumerate(years_budget):
        in_year = [(i, open_vars[i, y]) for i in range(len(candidates)) if (i, y) in open_vars]
        if not in_year:
            continue
        fy = fy_slug(yb.financial_year)
        problem.addConstraint(
            pulp.LpConstraint(
                pulp.LpAffineExpression([(v, candidates[i].capital_cost_gbp / 1e6) for i, v in in_year]),
                pulp.LpConstraintLE,
                f"capital_{fy}",
                yb.high_needs_capital_gbp / 1e6,
            )
        )
        limits[f"capital_{fy}"] = (f"capital budget {yb.financial_year} £{yb.high_needs_capital_gbp / 1e6:.1f}m", "£m")
        problem.addConstraint(
            pulp.LpConstraint(
                pulp.LpAffineExpression([(v, 1.0) for _, v in in_year]), pulp.LpConstraintLE, f"delivery_{fy}", yb.delivery_limit_projects
            )
        )
        limits[f"delivery_{fy}"] = (f"delivery limit {yb.financial_year} ({yb.delivery_limit_projects} projects)", "projects")
    requirement = "the place programme"
    if options.min_new_places > 0:
        problem.addConstraint(
            pulp.LpConstraint(
                pulp.LpAffineExpression([(v, float(candidates[i].places)) for (i, _), v in open_vars.items()]),
                pulp.LpConstraintGE,
                "min_new_places",
                options.min_new_places,
            )
        )
        requirement = f"at least {options.min_new_places} new places by {demand.financial_years[-1]}"
    return problem, open_vars, dates, cells, limits, requirement, objective


def _new_place_rows(
    candidates: Sequence[CandidateProject], demand: PlaceDemand, open_vars: dict, dates: dict, cells: np.ndarray
) -> dict[tuple[int, int, int, int], list[tuple[pulp.LpVariable, float]]]:
    """new_places[y, a, n, k] as (open variable, places) terms."""
    rows: dict[tuple[int, int, int, int], list[tuple[pulp.LpVariable, float]]] = {}
    for (i, y0), var in open_vars.items():
        k = PLACE_SETTINGS.index(candidates[i].setting)
        for y in range(y0, demand.years):
            share = share_of_year_open(dates[i, y0], demand.year_starts[y])
            if share <= 0:
                continue
            for a, n in zip(*np.nonzero(cells[i])):
                rows.setdefault((y, int(a), int(n), k), []).append((var, float(cells[i, a, n]) * share))
    return rows


def fill_places(children: np.ndarray, places: np.ndarray, costs: PlaceCosts) -> tuple[np.ndarray, np.ndarray]:
    """Place children in the given places, cheaper-transport setting first.

    ``children`` [S, Y, A, N], ``places`` [Y, K, A, N]. Returns the transport cost of the children
    placed, £ [S, Y], and the children left without a place [S, Y, A, N]."""
    order = sorted(range(K), key=lambda k: costs.transport_gbp_per_child_per_year[PLACE_SETTINGS[k]])
    left = children.astype(float).copy()
    transport = np.zeros(children.shape[:2])
    for k in order:
        placed = np.minimum(left, places[None, :, k])
        transport += placed.sum(axis=(2, 3)) * costs.transport_gbp_per_child_per_year[PLACE_SETTINGS[k]]
        left -= placed
    return transport, left


def existing_running_gbp_by_year(existing_places: np.ndarray, costs: PlaceCosts) -> np.ndarray:
    """Running cost of today's places (paid whether filled or not), £ [Y]."""
    return sum(existing_places[:, k].sum(axis=(1, 2)) * costs.cost_gbp_per_child_per_year[PLACE_SETTINGS[k]] for k in range(K))


def _second_stage(
    problem: pulp.LpProblem,
    demand: PlaceDemand,
    costs: PlaceCosts,
    children: np.ndarray,
    places: np.ndarray,
    new_vars: dict[tuple[int, int, int, int], pulp.LpVariable],
    objective: dict[pulp.LpVariable, float],
    all_cells: bool,
) -> tuple[dict, dict]:
    """Add in-borough placements per scenario: ``children`` [S, Y, A, N] to place, ``places``
    [Y, K, A, N] the constant part of the capacity, ``new_vars`` the decision part."""
    in_borough: dict[tuple[int, int, int, int, int], pulp.LpVariable] = {}
    capacity_rows: dict[tuple[int, int, int, int, int], str] = {}
    saving = [costs.saving_gbp_per_child_per_year(k) for k in PLACE_SETTINGS]
    for s in range(demand.scenarios):
        p = float(demand.probabilities[s])
        for y in range(demand.years):
            fy = fy_slug(demand.financial_years[y])
            for a in range(st.A):
                for n in range(st.N):
                    need = float(children[s, y, a, n])
                    if need <= EPS:
                        continue
                    tag = f"s{s}_{fy}_{st.AGE_BANDS[a]}_{st.NEEDS[n]}"
                    xs = []
                    for k in range(K):
                        has_new = (y, a, n, k) in new_vars
                        if not (all_cells or has_new or places[y, k, a, n] > 0):
                            continue
                        x = problem.add_variable(f"in_borough_{tag}_{PLACE_SETTINGS[k]}", 0.0)
                        xs.append(x)
                        in_borough[s, y, a, n, k] = x
                        name = f"capacity_{tag}_{PLACE_SETTINGS[k]}"
                        terms = [(x, 1.0)]
                        if has_new:
                            terms.append((new_vars[y, a, n, k], -1.0))
                        problem.addConstraint(pulp.LpConstraint(pulp.LpAffineExpression(terms), pulp.LpConstraintLE, name, float(places[y, k, a, n])))
                        capacity_rows[s, y, a, n, k] = name
                        objective[x] = -p * saving[k]
                    if xs:
                        problem.addConstraint(
                            pulp.LpConstraint(pulp.LpAffineExpression([(x, 1.0) for x in xs]), pulp.LpConstraintLE, f"demand_{tag}", need)
                        )
    return in_borough, capacity_rows


def _constant_gbp(demand: PlaceDemand, costs: PlaceCosts) -> float:
    """Expected cost no decision changes: today's places filled first (their running cost and the
    transport of the children in them) and every other child priced at INMSS."""
    transport, residual = fill_places(demand.children, demand.existing_places, costs)
    running = existing_running_gbp_by_year(demand.existing_places, costs).sum()
    p = demand.probabilities
    return float(p @ transport.sum(axis=1) + costs.inmss_gbp_per_child_per_year() * np.einsum("s,syan->", p, residual) + running)


def build_place_model(
    candidates: Sequence[CandidateProject],
    demand: PlaceDemand,
    budget: CapitalBudget,
    costs: PlaceCosts,
    options: PlaceOptions = PlaceOptions(),
) -> tuple[pulp.LpProblem, PlaceHandles]:
    """Build the two-stage place programme MILP (see the module docstring for the formulation).

    Objective in £ over the horizon (without ``handles.constant_gbp``); capital rows in £m.
    """
    t0 = time.perf_counter()
    candidates = tuple(candidates)
    years_budget = budget.for_years(demand.financial_years)
    problem, open_vars, dates, cells, limits, requirement, objective = build_first_stage(
        candidates, demand, years_budget, options, "sefton_place_programme"
    )
    new_vars: dict[tuple[int, int, int, int], pulp.LpVariable] = {}
    for (y, a, n, k), terms in sorted(_new_place_rows(candidates, demand, open_vars, dates, cells).items()):
        tag = f"{fy_slug(demand.financial_years[y])}_{st.AGE_BANDS[a]}_{st.NEEDS[n]}_{PLACE_SETTINGS[k]}"
        var = problem.add_variable(f"new_places_{tag}", 0.0)
        new_vars[y, a, n, k] = var
        problem.addConstraint(
            pulp.LpConstraint(pulp.LpAffineExpression([(var, 1.0)] + [(v, -c) for v, c in terms]), pulp.LpConstraintEQ, f"new_places_{tag}", 0.0)
        )
    _, residual = fill_places(demand.children, demand.existing_places, costs)
    no_places = np.zeros_like(demand.existing_places)
    in_borough, capacity_rows = _second_stage(problem, demand, costs, residual, no_places, new_vars, objective, all_cells=False)
    problem.setObjective(pulp.LpAffineExpression(list(objective.items())))
    handles = PlaceHandles(
        problem=problem,
        candidates=candidates,
        demand=demand,
        budget=years_budget,
        costs=costs,
        options=options,
        open_vars=open_vars,
        opening_dates=dates,
        cells=cells,
        in_borough=in_borough,
        capacity_rows=capacity_rows,
        constant_gbp=_constant_gbp(demand, costs),
        limits=limits,
        requirement=requirement,
    )
    handles.build_seconds = time.perf_counter() - t0
    return problem, handles


def build_second_stage_lp(demand: PlaceDemand, places: np.ndarray, costs: PlaceCosts) -> tuple[pulp.LpProblem, dict, dict]:
    """The second stage alone (an LP) for fixed places [Y, K, A, N], with a capacity row in every
    cell that has demand; returns the problem, in-borough variables and capacity row names."""
    problem = pulp.LpProblem("sefton_place_second_stage", pulp.LpMinimize)
    objective: dict[pulp.LpVariable, float] = {}
    in_borough, capacity_rows = _second_stage(problem, demand, costs, demand.children, places, {}, objective, all_cells=True)
    problem.setObjective(pulp.LpAffineExpression(list(objective.items())))
    return problem, in_borough, capacity_rows
