"""The place programme optimiser: which in-borough SEND places to open, and when.

A two-stage stochastic MILP over simulated demand paths (each path is one scenario, all equally
likely). Build, solve and extract are separate pure functions (PyPSA/linopy style):
``build_place_model`` -> ``solve_place_model`` -> ``extract_programme``.

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
greedy, so ``scenario_costs_gbp`` costs any programme exactly in every scenario (P90 etc). The
value of one more place is read from the duals of the capacity rows of the full second-stage LP
(today's and the programme's places together) with the programme fixed (``place_values``).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import os
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
import polars as pl
import pulp

from sefton_sim.data.council import Provision
from sefton_sim.demand.capacity import provision_cells
from sefton_sim.errors import BadInputError, InfeasibleError
from sefton_sim.model import states as st
from sefton_sim.optimise.place_data import (
    PLACE_SETTINGS,
    CandidateProject,
    CapitalBudget,
    PlaceCosts,
    YearBudget,
    load_candidates,
    load_capital_budget,
    place_costs,
)
from sefton_sim.optimise.solver import SolveReport, SolverProfile, raise_if_infeasible, solve
from sefton_sim.scenario.finance import financial_year_label
from sefton_sim.shipped import scenarios_folder

if TYPE_CHECKING:
    from sefton_sim.demand.vector import DemandPaths
    from sefton_sim.scenario.schema import NewProvision
    from sefton_sim.simulate.run import RunResult

K = len(PLACE_SETTINGS)
EPS = 1e-9

REFERENCE_SIZES: dict[str, int] = {"tiny": 3, "small": 10, "medium": 50, "large": 200}
"""Scenarios (simulated paths) in each reference instance."""
REFERENCE_SEED = 20240401
"""Seed of the reference instances (the baseline scenario's seed)."""
ReferenceSize = Literal["tiny", "small", "medium", "large"]

PROGRAMME_SCHEMA: dict[str, type[pl.DataType] | pl.DataType] = {
    "project": pl.String,
    "setting": pl.String,
    "age_bands": pl.String,
    "needs": pl.String,
    "places": pl.Int64,
    "opens": pl.Date,
    "financial_year": pl.String,
    "capital_cost_gbp": pl.Float64,
    "running_cost_gbp_per_place_per_year": pl.Float64,
    "source": pl.String,
}


# --------------------------------------------------------------------------------------------
# demand scenarios


@dataclass(frozen=True)
class PlaceDemand:
    """Scenarios of specialist demand and today's in-borough places, by financial year and cell."""

    scenario: str
    financial_years: tuple[str, ...]  # "2024/25", ...
    year_starts: tuple[dt.date, ...]  # 1 April of each financial year
    children: np.ndarray  # [S, Y, A, N] average children needing a specialist place (unit + special + INMSS)
    existing_places: np.ndarray  # [Y, K, A, N] average places open (sen_unit, special) without new projects
    stock_base: np.ndarray  # [A, N, settings] base-date stock: spreads a project's places over its cells
    probabilities: np.ndarray  # [S], summing to 1

    @property
    def scenarios(self) -> int:
        """Number of demand scenarios S."""
        return self.children.shape[0]

    @property
    def years(self) -> int:
        """Number of financial years Y."""
        return len(self.financial_years)

    def subset(self, n: int) -> PlaceDemand:
        """The first ``n`` scenarios, equally likely."""
        if not 1 <= n <= self.scenarios:
            raise BadInputError("(command line)", "--scenarios", n, f"between 1 and {self.scenarios}")
        return replace(self, children=self.children[:n].copy(), probabilities=np.full(n, 1.0 / n))


def _financial_year_average(monthly: np.ndarray, years: int, axis: int) -> np.ndarray:
    """Average of 12 consecutive months along ``axis`` (which starts on 1 April)."""
    taken = np.take(monthly, np.arange(12 * years), axis=axis).astype(np.float64)
    shape = taken.shape[:axis] + (years, 12) + taken.shape[axis + 1 :]
    return taken.reshape(shape).mean(axis=axis + 1)


def place_demand(demand: DemandPaths, scenario: str, stock_base: np.ndarray, S: int) -> PlaceDemand:
    """Scenarios from simulated SEND paths: the first ``S`` paths, by financial year and cell."""
    if not 1 <= S <= demand.paths:
        raise BadInputError("(command line)", "--scenarios", S, f"between 1 and the run's {demand.paths} paths")
    base = demand.dates[0]
    if (base.month, base.day) != (4, 1):
        raise BadInputError("(scenario)", "base_date", base, "1 April (financial years)")
    years = (len(demand.dates) - 1) // 12
    if years < 1:
        raise BadInputError("(scenario)", "horizon_years", years, "at least one financial year")
    children = _financial_year_average(demand.specialist_by_band_need[:S], years, axis=1)
    existing = _financial_year_average(demand.capacity, years, axis=0)
    return PlaceDemand(
        scenario=scenario,
        financial_years=tuple(financial_year_label(base.year + y) for y in range(years)),
        year_starts=tuple(dt.date(base.year + y, 4, 1) for y in range(years)),
        children=children,
        existing_places=existing,
        stock_base=np.asarray(stock_base, dtype=float),
        probabilities=np.full(S, 1.0 / S),
    )


def demand_scenarios(result: RunResult, S: int) -> PlaceDemand:
    """Per scenario (simulated path), per financial year: children needing a specialist place.

    Children in SEN units, maintained special schools and INMSS, by age band and need, averaged
    over the 12 month starts of each financial year (April-March); plus the in-borough places
    open in the run (from ``send_capacity.csv`` and the scenario's own new provision), averaged
    the same way. The first ``S`` paths of the run are used, each with probability 1/S.
    """
    return place_demand(result.demand, result.scenario.name, result.data.stock_base, S)


# --------------------------------------------------------------------------------------------
# calendar helpers


def opening_date(candidate: CandidateProject, fy_start: dt.date) -> dt.date | None:
    """When ``candidate`` would open in the financial year starting ``fy_start`` (None: too early)."""
    m, d = candidate.earliest_opening.month, min(candidate.earliest_opening.day, 28)
    year = fy_start.year if m >= fy_start.month else fy_start.year + 1
    opens = dt.date(year, m, d)
    return opens if opens >= candidate.earliest_opening else None


def share_of_year_open(opens: dt.date, fy_start: dt.date) -> float:
    """Share of the 12 month starts of a financial year on or after ``opens`` (as the simulator counts)."""
    count = 0
    for i in range(12):
        month = fy_start.month - 1 + i
        if dt.date(fy_start.year + month // 12, month % 12 + 1, 1) >= opens:
            count += 1
    return count / 12.0


def _fy_slug(label: str) -> str:
    return label.replace("/", "_")


def allocation(setting: str, age_bands: Sequence[str], needs: Sequence[str], places: int, stock_base: np.ndarray) -> np.ndarray:
    """Places of a project by cell, [A, N], by the simulator's rule (``provision_cells``)."""
    provision = Provision("project", setting, tuple(age_bands), tuple(needs), int(places), dt.date(2000, 1, 1), "optimiser")
    return provision_cells(provision, stock_base)


# --------------------------------------------------------------------------------------------
# model


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
            "constraints": len(rows := constraint_list(self.problem)),
            "nonzeros": sum(len(c) for c in rows),
        }


def new_variable(
    problem: pulp.LpProblem, name: str, low: float | None = 0.0, up: float | None = None, cat: str = pulp.LpContinuous
) -> pulp.LpVariable:
    """A variable owned by ``problem`` (PuLP 4.0 ``add_variable`` where available)."""
    add = getattr(problem, "add_variable", None)
    return add(name, low, up, cat=cat) if add is not None else pulp.LpVariable(name, low, up, cat)


def constraint_list(problem: pulp.LpProblem) -> list[pulp.LpConstraint]:
    """The problem's constraints in order (PuLP 3.3+ ``constraints()``, or the older dict)."""
    rows = problem.constraints
    return rows() if callable(rows) else list(rows.values())


def constraint_by_name(problem: pulp.LpProblem, name: str) -> pulp.LpConstraint:
    """One constraint by name, without PuLP's deprecated mapping access."""
    getter = getattr(problem, "get_constraint_by_name", None)
    return getter(name) if getter is not None else problem.constraints[name]


def _first_stage(
    candidates: Sequence[CandidateProject],
    demand: PlaceDemand,
    years_budget: list[YearBudget],
    options: PlaceOptions,
    name: str,
) -> tuple[pulp.LpProblem, dict, dict, np.ndarray, dict[str, tuple[str, str]], str, dict]:
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
            var = new_variable(problem, f"open_{c.key}_{_fy_slug(demand.financial_years[y])}", 0, c.max_delivery, cat)
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
        fy = _fy_slug(yb.financial_year)
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
            fy = _fy_slug(demand.financial_years[y])
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
                        x = new_variable(problem, f"in_borough_{tag}_{PLACE_SETTINGS[k]}")
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
    problem, open_vars, dates, cells, limits, requirement, objective = _first_stage(
        candidates, demand, years_budget, options, "sefton_place_programme"
    )
    new_vars: dict[tuple[int, int, int, int], pulp.LpVariable] = {}
    for (y, a, n, k), terms in sorted(_new_place_rows(candidates, demand, open_vars, dates, cells).items()):
        tag = f"{_fy_slug(demand.financial_years[y])}_{st.AGE_BANDS[a]}_{st.NEEDS[n]}_{PLACE_SETTINGS[k]}"
        var = new_variable(problem, f"new_places_{tag}")
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


# --------------------------------------------------------------------------------------------
# extract and evaluate


def empty_programme() -> pl.DataFrame:
    """A programme that opens nothing (do-nothing)."""
    return pl.DataFrame(schema=PROGRAMME_SCHEMA)


def extract_programme(handles: PlaceHandles) -> pl.DataFrame:
    """The chosen programme: one row per opening (project, setting, cells, places, date, money)."""
    rows = []
    for (i, y), var in sorted(handles.open_vars.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        times = int(round(var.varValue or 0.0))
        c = handles.candidates[i]
        for _ in range(times):
            rows.append(
                {
                    "project": c.project,
                    "setting": c.setting,
                    "age_bands": ";".join(c.age_bands),
                    "needs": ";".join(c.needs),
                    "places": c.places,
                    "opens": handles.opening_dates[i, y],
                    "financial_year": handles.demand.financial_years[y],
                    "capital_cost_gbp": c.capital_cost_gbp,
                    "running_cost_gbp_per_place_per_year": c.running_cost_gbp_per_place_per_year,
                    "source": c.source,
                }
            )
    return pl.DataFrame(rows, schema=PROGRAMME_SCHEMA) if rows else empty_programme()


def programme_places(programme: pl.DataFrame, demand: PlaceDemand) -> np.ndarray:
    """Average places the programme adds, [Y, K, A, N]."""
    out = np.zeros((demand.years, K, st.A, st.N))
    for row in programme.iter_rows(named=True):
        cells = allocation(row["setting"], row["age_bands"].split(";"), row["needs"].split(";"), row["places"], demand.stock_base)
        k = PLACE_SETTINGS.index(row["setting"])
        for y, start in enumerate(demand.year_starts):
            out[y, k] += cells * share_of_year_open(row["opens"], start)
    return out


def programme_money_by_year(programme: pl.DataFrame, year_starts: Sequence[dt.date]) -> tuple[np.ndarray, np.ndarray]:
    """Capital (paid in the year of opening) and running cost of the programme's places, £ [Y] each."""
    capital = np.zeros(len(year_starts))
    running = np.zeros(len(year_starts))
    ends = [dt.date(s.year + 1, s.month, 1) for s in year_starts]
    for row in programme.iter_rows(named=True):
        for y, start in enumerate(year_starts):
            if start <= row["opens"] < ends[y]:
                capital[y] += row["capital_cost_gbp"]
            running[y] += row["places"] * row["running_cost_gbp_per_place_per_year"] * share_of_year_open(row["opens"], start)
    return capital, running


def existing_running_gbp_by_year(existing_places: np.ndarray, costs: PlaceCosts) -> np.ndarray:
    """Running cost of today's places (paid whether filled or not), £ [Y]."""
    return sum(existing_places[:, k].sum(axis=(1, 2)) * costs.cost_gbp_per_child_per_year[PLACE_SETTINGS[k]] for k in range(K))


def scenario_costs_gbp(demand: PlaceDemand, costs: PlaceCosts, programme: pl.DataFrame) -> np.ndarray:
    """Total cost of a programme in each scenario over the horizon, £ [S] (the model's cost formula,
    second stage solved exactly: today's places first, then the programme's, the rest INMSS)."""
    existing_transport, residual = fill_places(demand.children, demand.existing_places, costs)
    new_transport, left = fill_places(residual, programme_places(programme, demand), costs)
    capital, running = programme_money_by_year(programme, demand.year_starts)
    fixed = existing_running_gbp_by_year(demand.existing_places, costs) + running + capital
    inmss = left.sum(axis=(2, 3)) * costs.inmss_gbp_per_child_per_year()
    return (existing_transport + new_transport + inmss + fixed[None, :]).sum(axis=1)


def p90(values: np.ndarray) -> float:
    """90th percentile (linear interpolation, as elsewhere in the project)."""
    return float(np.percentile(values, 90))


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
    first, *_ = _first_stage(handles.candidates, handles.demand, handles.budget, handles.options, "place_programme_first_stage")
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
        pi = constraint_by_name(problem, name).pi
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


# --------------------------------------------------------------------------------------------
# programme -> scenario, and re-simulation


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _toml_list(items: Sequence[str]) -> str:
    return "[" + ", ".join(_toml_string(x) for x in items) + "]"


def _provision_block(
    name: str, setting: str, bands: Sequence[str], needs: Sequence[str], places: int, opens: dt.date, capital: float | None, source: str
) -> str:
    lines = [
        "[[capacity.new_provision]]",
        f"name = {_toml_string(name)}",
        f"setting = {_toml_string(setting)}",
        f"age_bands = {_toml_list(bands)}",
        f"needs = {_toml_list(needs)}",
        f"places = {int(places)}",
        f"opens = {opens.isoformat()}",
    ]
    if capital is not None:
        lines.append(f"capital_cost_gbp = {float(capital):.1f}")
    lines.append(f"source = {_toml_string(source)}")
    return "\n".join(lines) + "\n"


def programme_to_scenario(
    programme: pl.DataFrame,
    base_scenario_name: str,
    path: str | Path,
    *,
    base_provisions: Sequence[NewProvision] = (),
    data_folder: str | None = None,
    name: str | None = None,
    description: str | None = None,
) -> Path:
    """Write a scenario TOML ``extends = "<base>"`` that opens the programme's places.

    ``base_scenario_name`` is the file stem of the base scenario, which must sit in the same
    folder as ``path``. A scenario's ``new_provision`` list replaces its parent's, so the base's
    own provisions (``base_provisions``) are written first. ``data_folder`` (relative to the new
    file) is set when the file lives away from the base's data folder.
    """
    path = Path(path)
    name = name or f"{base_scenario_name}_places_programme"
    total = int(programme["places"].sum()) if programme.height else 0
    capital = float(programme["capital_cost_gbp"].sum()) if programme.height else 0.0
    description = description or (
        f"{base_scenario_name} plus the place programme chosen by sefton-sim optimise places: "
        f"{programme.height} openings, {total} places, capital £{capital / 1e6:.2f}m."
    )
    parts = [
        "# Written by `sefton-sim optimise places`: the chosen place programme as a scenario.\n",
        f"# Run it with `sefton-sim run {path.name}` or compare it with its base.\n",
        f"extends = {_toml_string(base_scenario_name)}\n",
        f"name = {_toml_string(name)}\n",
        f"description = {_toml_string(description)}\n",
    ]
    if data_folder is not None:
        parts.append(f"data_folder = {_toml_string(data_folder)}\n")
    for p in base_provisions:
        parts.append("\n" + _provision_block(p.name, p.setting, p.age_bands, p.needs, p.places, p.opens, p.capital_cost_gbp, p.source))
    counts: dict[str, int] = {}
    totals = programme.group_by("project").len().to_dict(as_series=False) if programme.height else {"project": [], "len": []}
    repeats = dict(zip(totals["project"], totals["len"]))
    for row in programme.iter_rows(named=True):
        counts[row["project"]] = counts.get(row["project"], 0) + 1
        label = row["project"] if repeats[row["project"]] == 1 else f"{row['project']} #{counts[row['project']]}"
        parts.append(
            "\n"
            + _provision_block(
                label,
                row["setting"],
                row["age_bands"].split(";"),
                row["needs"].split(";"),
                row["places"],
                row["opens"],
                row["capital_cost_gbp"],
                f"chosen by sefton-sim optimise places; {row['source']}",
            )
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(parts))
    return path


def copy_scenario_chain(scenario_path: str | Path, folder: Path, data_folder: str) -> list[Path]:
    """Copy a scenario and the files it extends into ``folder`` with ``data_folder`` re-pointed,
    so that a scenario written into ``folder`` can ``extends`` them."""
    from sefton_sim.scenario.load import scenario_chain

    out = []
    for src in scenario_chain(Path(scenario_path)):
        text = src.read_text()
        line = f"data_folder = {_toml_string(data_folder)}"
        if re.search(r"(?m)^\s*data_folder\s*=", text):
            text = re.sub(r"(?m)^\s*data_folder\s*=.*$", line.replace("\\", "\\\\"), text, count=1)
        else:
            text = line + "\n" + text
        dst = folder / src.name
        dst.write_text(text)
        out.append(dst)
    return out


def relative_data_folder(data_folder: Path, scenario_folder: Path) -> str:
    """``data_folder`` as seen from ``scenario_folder`` (relative when possible)."""
    try:
        return os.path.relpath(Path(data_folder).resolve(), Path(scenario_folder).resolve())
    except ValueError:  # another drive
        return str(Path(data_folder).resolve())


def simulated_cost_gbp(
    demand: DemandPaths,
    costs: PlaceCosts,
    existing_places: np.ndarray,
    programme: pl.DataFrame,
) -> np.ndarray:
    """The model's cost formula applied to simulated placements, £ [P] over the horizon.

    Existing places' running cost (``existing_places`` [Y, K, A, N], the run without the
    programme) + the programme's capital and running cost + transport of the children the
    simulator placed in units and special schools + INMSS fee and transport of the children it
    placed in INMSS (``inmss_by_band_need``), each averaged over the 12 month starts of a year.
    """
    years = existing_places.shape[0]
    base = demand.dates[0]
    starts = [dt.date(base.year + y, 4, 1) for y in range(years)]
    by_setting = _financial_year_average(demand.stock_by_band_setting, years, axis=1).sum(axis=2)  # [P, Y, S]
    inmss = _financial_year_average(demand.inmss_by_band_need, years, axis=1).sum(axis=(2, 3))  # [P, Y]
    transport = sum(by_setting[..., st.SETTINGS.index(k)] * costs.transport_gbp_per_child_per_year[k] for k in PLACE_SETTINGS)
    capital, running = programme_money_by_year(programme, starts)
    fixed = existing_running_gbp_by_year(existing_places, costs) + capital + running
    return (transport + inmss * costs.inmss_gbp_per_child_per_year() + fixed[None, :]).sum(axis=1)


@dataclass(frozen=True)
class SimulatedComparison:
    """Do-nothing against the programme, both simulated on the same paths and seed."""

    label: str
    paths: int
    seed: int
    do_nothing_gbp: np.ndarray  # [P]
    programme_gbp: np.ndarray  # [P]


def simulate_comparison(
    base_scenario: str | Path,
    programme_scenario: str | Path,
    programme: pl.DataFrame,
    costs: PlaceCosts,
    paths: int,
    seed: int,
    label: str,
    first: int | None = None,
) -> SimulatedComparison:
    """Simulate the base and the programme scenario with the vector core on common random numbers
    (same paths and seed) and cost both with ``simulated_cost_gbp`` (``first``: keep the first paths)."""
    from sefton_sim.simulate.run import prepare, simulate

    base = simulate(prepare(base_scenario, paths, seed)).demand
    chosen = simulate(prepare(programme_scenario, paths, seed)).demand
    years = (len(base.dates) - 1) // 12
    existing = _financial_year_average(base.capacity, years, axis=0)
    keep = slice(0, first or paths)
    return SimulatedComparison(
        label,
        len(range(paths)[keep]),
        seed,
        simulated_cost_gbp(base, costs, existing, empty_programme())[keep],
        simulated_cost_gbp(chosen, costs, existing, programme)[keep],
    )


def cost_table(rows: Sequence[tuple[str, np.ndarray, np.ndarray]]) -> pl.DataFrame:
    """Expected and P90 total cost (£m over the horizon) of do-nothing and the programme, and the saving.

    ``rows``: (sample label, do-nothing costs [P], programme costs [P]) with equally likely paths.
    The P90 saving is P90(do-nothing) - P90(programme)."""
    records = []
    for label, nothing, chosen in rows:
        for statistic, fn in (("expected", lambda v: float(np.mean(v))), ("p90", p90)):
            dn, pr = fn(nothing) / 1e6, fn(chosen) / 1e6
            records.append(
                {
                    "sample": label,
                    "statistic": statistic,
                    "paths": len(nothing),
                    "do_nothing_gbp_m": dn,
                    "programme_gbp_m": pr,
                    "saving_gbp_m": dn - pr,
                    "saving_pct": 100.0 * (dn - pr) / dn if dn else math.nan,
                }
            )
    return pl.DataFrame(records)


# --------------------------------------------------------------------------------------------
# reference instances (benchmarks, solver comparison, instance export)


@functools.lru_cache(maxsize=1)
def _reference_inputs() -> tuple[PlaceDemand, tuple[CandidateProject, ...], CapitalBudget, PlaceCosts]:
    from sefton_sim.demand.vector import simulate_send
    from sefton_sim.simulate.run import prepare

    inputs = prepare(scenarios_folder() / "baseline.toml", paths=max(REFERENCE_SIZES.values()), seed=REFERENCE_SEED)
    paths = simulate_send(inputs.send_rates, inputs.scenario.paths, inputs.scenario.seed)
    demand = place_demand(paths, inputs.scenario.name, inputs.data.stock_base, inputs.scenario.paths)
    folder = inputs.data.folder
    return demand, load_candidates(folder), load_capital_budget(folder), place_costs(inputs.data)


def build_reference_instance(size: ReferenceSize, options: PlaceOptions = PlaceOptions()) -> tuple[pulp.LpProblem, PlaceHandles]:
    """A reference instance on the Sefton baseline (seed 20240401, 5 financial years):
    tiny 3, small 10, medium 50, large 200 scenarios. The simulation is cached per process."""
    if size not in REFERENCE_SIZES:
        raise BadInputError("(argument)", "size", size, f"one of {', '.join(REFERENCE_SIZES)}")
    demand, candidates, budget, costs = _reference_inputs()
    return build_place_model(candidates, demand.subset(REFERENCE_SIZES[size]), budget, costs, options)


def write_reference_instance(size: ReferenceSize, folder: str | Path) -> Path:
    """Export a reference instance as an MPS file (``places_<size>.mps``) for other solvers."""
    problem, _ = build_reference_instance(size)
    path = Path(folder) / f"places_{size}.mps"
    path.parent.mkdir(parents=True, exist_ok=True)
    problem.writeMPS(str(path))
    return path
