"""The savings portfolio model: which savings options, council tax increases and reserve draws
keep general balances above the floor in at least α of the simulated futures.

``build_savings_model(inputs, options, alpha, weights, chance, unidentified)`` →
(``pulp.LpProblem``, ``SavingsHandles``); ``build_max_share_model`` for the explanation of an α
out of reach. Inputs come from ``savings_inputs``, solving is ``savings_solve``, reading the plan
back ``savings_plan``.

The model (all money in £m, years are ledger years, year 0 = 2024/25 for Sefton)::

    take[o] ∈ {0,1}                   saving options and earmarked-reserve options
    ct[l,y] ∈ {0,1}, y ≥ 1            council tax levels (2.99% core, 2% ASC precept) per year
    draw[r,y] ∈ [0, max[r,y]·take[r]] earmarked reserves released to the revenue budget
    B[p,y]                            general balances at 31 March on path p
    B[p,y] = B[p,y-1] − gap[p,y] + Σ_o take[o]·delivered[p,o]·saving[o,y] − Σ_o take[o]·cost[o,y]
             + Σ_{t≤y} K[t,y]·(pct[t] − pct_no_plan[t]) + Σ_r draw[r,y] (+ U[y]),   B[p,-1] = opening
    B[p,y] ≥ floor[p,y] − M[p,y]·(1 − ok[p])       for every year (joint chance constraint)
    Σ_p ok[p] ≥ ⌈α·P⌉                              "chance_share"
    Σ_{o∈g} take[o] ≤ 1 ("exclusive_<g>"), take[o] ≤ take[requires(o)] ("requires_<o>"),
    Σ_l pct_l·ct[l,y] ≤ referendum cap ("referendum_cap_<year>")
    minimise impact_weight·Σ score·take + tax_weight·Σ_y pct[y] − tie_break·Σ_o take·E[net saving]
             (+ unidentified_weight·Σ_y U[y] with the balancing item, below)

Use of general balances is not a separate lever: the recursion draws every year's remaining gap
from them, and the floor rows are the limit on that draw (down to 6.5% of the net budget). The
``reserves`` options are earmarked reserves released to the revenue budget, up to a stated amount.

Balancing item (off by default; ``unidentified=True``, CLI ``--allow-unidentified``): further
recurrent savings still to be identified, ``further[y] ≥ 0`` found in year y ≥ 1 and certain once
found, ``U[y] = Σ_{t≤y} further[t]`` added to every path's budget; weighted per £m-year. Without it,
an α the named options cannot reach is infeasible, and the explanation says which year falls short,
the best achievable shares, and how much further saving α would need (the same model with the
balancing item, solved for the least £m-years).

The balances are not variables: summed over the years, ``B[p,y] = opening − Σ_{t≤y} gap[p,t] +
C[y] + Σ_o take[o]·delivered[p,o]·Σ_{t≤y} saving[o,t]`` (plus the council tax constants), where
``C[y]`` ("common_to_every_path_<year>", one variable and one row per year) is everything the plan
adds to every path by year y (costs, council tax, reserve draws, further savings). Each floor row
then reads the few decisions of its own path directly: no P·Y balance variables and recursion
rows, whose elimination took a large part of HiGHS's time at 2,000 paths (same optimum).

Big-M values are per row, ``M[p,y] = floor[p,y] − (lowest balances any plan can give)``; paths
that no plan can keep above the floor get ``ok = 0``; and where path p is at least as safe as path
q under every plan (all of q's delivered savings and at least its headroom), ``ok[q] ≤ ok[p]``
("dominance_*" rows, the transitive reduction; ``dominance_pairs``), which keeps an optimum and
speeds HiGHS up 2-4x on the reference instances.

Quantile rows: path p can be above the floor in year y only if ``C[y] ≥ need[p,y]``, where
``need[p,y] = floor − fixed part − every saving delivered on p`` (its balances with every option it
delivers taken). At most ``k`` of the paths that can be kept may fail, so ``C[y]`` is at least the
``(k+1)``-th largest need ("quantile_common_<year>"), and with the needs above it sorted,
``h[1] ≥ … ≥ h[k] ≥ h[k+1] = quantile``, the mixing-set star row ``C[y] − Σ_j (h[j] − h[j+1])·ok[j] ≥
quantile`` ("star_common_<year>") holds as well. Both follow from the floor rows and the chance
row (they remove no plan); they lift the LP bound that the big-M rows leave weak (exact optima
unchanged on the reference instances, per-year gap at 2,000 paths after 60 s halved).

The chance constraint is joint across years by default: a path counts only if its balances stay
at or above the floor in every year ("the budget balances"), which implies at least α of paths in
each single year. ``chance = "per_year"`` asks for α of paths year by year instead
(``ok[p,y]``, one ``chance_share_<year>`` per year).

Council tax: the ledger compounds increases, ``CT[y] = CT_no_plan[y] · Π_{t≤y} (1+pct_t/100) /
(1+pct_no_plan_t/100)``. The model uses the first-order term ``K[t,y] = CT_no_plan[y] / (100 +
pct_no_plan_t)`` (the £m raised in year y by one more point in year t). When every change has the
same sign (e.g. the no-plan path is already at the cap, so a plan can only lower it) the linear
term is a lower bound on the yield, so the model is conservative; ``balances_with_plan`` and the
out-of-sample re-simulation use the exact compounding.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pulp

from sefton_sim.errors import BadInputError
from sefton_sim.optimise.savings import ChanceMode, SavingsOption, SavingsOptions, SavingsWeights
from sefton_sim.optimise.savings_inputs import FLOOR_TOLERANCE_GBP_M, SavingsInputs


def year_tag(label: str) -> str:
    """A financial year label as a name part: ``2025/26`` -> ``2025_26``."""
    return label.replace("/", "_")


def _linear(terms: Sequence[tuple[pulp.LpVariable, float]]) -> pulp.LpAffineExpression:
    """A linear expression with the coefficients of repeated variables added up (PuLP would
    keep only the last one)."""
    coefficients: dict[pulp.LpVariable, float] = {}
    for var, coef in terms:
        coefficients[var] = coefficients.get(var, 0.0) + coef
    return pulp.LpAffineExpression([(v, c) for v, c in coefficients.items() if c != 0.0])


@dataclass
class SavingsHandles:
    """The model's variables and what they mean, for solving, explaining and extracting."""

    inputs: SavingsInputs
    options: SavingsOptions
    alpha: float
    chance: ChanceMode
    weights: SavingsWeights
    take: dict[str, pulp.LpVariable]
    council_tax: dict[tuple[str, int], pulp.LpVariable]
    draw: dict[tuple[str, int], pulp.LpVariable]
    balances: dict[tuple[int, int], pulp.LpAffineExpression]
    ok: dict[tuple[int, int], pulp.LpVariable]  # (path, year) or (path, -1) for the joint mode
    required_paths: int
    limits: dict[str, tuple[str, str]] = field(default_factory=dict)
    further: dict[int, pulp.LpVariable] = field(default_factory=dict)  # savings still to be identified
    build_seconds: float = 0.0


def _bounds(inputs: SavingsInputs, options: SavingsOptions, unidentified: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Lowest and highest closing balances any plan can give [P, Y] (the model's linear terms)."""
    years = inputs.years
    low = inputs.balances_no_plan_gbp_m.copy()
    high = low.copy()
    for o_index, o in enumerate(options.options):
        if o.kind == "saving":
            net = np.cumsum(inputs.delivered[:, o_index, None] * o.saving_gbp_m[None, :] - o.cost_by_year_gbp_m(years)[None, :], axis=1)
            low += np.minimum(net, 0.0)
            high += np.maximum(net, 0.0)
        elif o.kind == "reserves":
            high += np.cumsum(o.saving_gbp_m)[None, :]
    k = inputs.council_tax_yield_gbp_m_per_pct
    cap = min(inputs.referendum_cap_pct, sum(o.council_tax_pct for o in options.of_kind("council_tax")))
    if options.of_kind("council_tax"):
        base = inputs.council_tax_increase_pct
        low += np.cumsum((0.0 - base) @ k)[None, :]
        high += np.cumsum(np.maximum(cap - base, 0.0) * (np.arange(years) > 0) @ k)[None, :]
    if unidentified:
        high = np.full_like(high, np.inf)
    return low, high


UNIDENTIFIED_FROM_YEAR = 1
"""First ledger year of savings still to be identified (year 0's budget is set and under way)."""


def _core(
    inputs: SavingsInputs, options: SavingsOptions, name: str, sense: int, unidentified: bool = False
) -> tuple[pulp.LpProblem, dict, dict, dict, dict, dict[str, tuple[str, str]], dict[int, pulp.LpVariable], list[pulp.LpVariable]]:
    """Decision variables, each path's balances as an expression of them, and the option rules (no chance constraint)."""
    if inputs.option_names != options.names:
        raise BadInputError(options.file, "option", options.names, f"the options the inputs were drawn for {inputs.option_names}")
    problem = pulp.LpProblem(name, sense)
    years, paths, labels = inputs.years, inputs.paths, inputs.year_labels
    limits: dict[str, tuple[str, str]] = {}
    take = {o.option: problem.add_variable(f"take_{o.option}", cat=pulp.LpBinary) for o in options.options if o.kind != "council_tax"}
    council_tax = {
        (o.option, y): problem.add_variable(f"ct_{o.option}_{year_tag(labels[y])}", cat=pulp.LpBinary)
        for o in options.of_kind("council_tax")
        for y in range(1, years)
    }
    draw = {
        (o.option, y): problem.add_variable(f"draw_{o.option}_{year_tag(labels[y])}", lowBound=0.0)
        for o in options.of_kind("reserves")
        for y in range(years)
        if o.saving_gbp_m[y] > 0
    }
    further = (
        {y: problem.add_variable(f"further_savings_{year_tag(labels[y])}", lowBound=0.0) for y in range(UNIDENTIFIED_FROM_YEAR, years)}
        if unidentified
        else {}
    )
    # option rules
    groups: dict[str, list[SavingsOption]] = {}
    for o in options.options:
        if o.exclusive_group is not None:
            groups.setdefault(o.exclusive_group, []).append(o)
    for group, members in groups.items():
        if members[0].kind == "council_tax":
            for y in range(1, years):
                problem += pulp.lpSum(council_tax[(o.option, y)] for o in members) <= 1, f"exclusive_{group}_{year_tag(labels[y])}"
        else:
            problem += pulp.lpSum(take[o.option] for o in members) <= 1, f"exclusive_{group}"
    for o in options.options:
        if o.requires is None:
            continue
        if o.kind == "council_tax":
            for y in range(1, years):
                problem += council_tax[(o.option, y)] <= council_tax[(o.requires, y)], f"requires_{o.option}_{year_tag(labels[y])}"
        else:
            problem += take[o.option] <= take[o.requires], f"requires_{o.option}"
    for (name_, y), var in draw.items():
        cap = float(options.by_name(name_).saving_gbp_m[y])
        problem += var <= cap * take[name_], f"reserves_limit_{name_}_{year_tag(labels[y])}"
        limits[f"reserves_limit_{name_}_{year_tag(labels[y])}"] = (f"earmarked reserves available in {labels[y]} (£{cap:g}m)", "£m")
    ct_levels = options.of_kind("council_tax")
    pct_expr = {y: pulp.lpSum(o.council_tax_pct * council_tax[(o.option, y)] for o in ct_levels) for y in range(1, years)}
    if ct_levels:
        for y in range(1, years):
            problem += pct_expr[y] <= inputs.referendum_cap_pct, f"referendum_cap_{year_tag(labels[y])}"
            limits[f"referendum_cap_{year_tag(labels[y])}"] = (
                f"the council tax referendum cap in {labels[y]} ({inputs.referendum_cap_pct:g}%)",
                "percentage points",
            )
    # balances: year terms common to every path (summed to date in one variable per year), then the path's delivered savings
    k = inputs.council_tax_yield_gbp_m_per_pct
    base_pct = inputs.council_tax_increase_pct
    common_terms: list[list[tuple[pulp.LpVariable, float]]] = []
    common_constant = np.zeros(years)
    for y in range(years):
        terms: list[tuple[pulp.LpVariable, float]] = []
        for o in options.of_kind("saving"):
            cost = o.cost_by_year_gbp_m(years)[y]
            if cost:
                terms.append((take[o.option], -cost))
        if ct_levels:
            for t_ in range(1, y + 1):
                if k[t_, y]:
                    terms.extend((council_tax[(o.option, t_)], k[t_, y] * o.council_tax_pct) for o in ct_levels)
                    common_constant[y] -= k[t_, y] * base_pct[t_]
        terms.extend((var, 1.0) for (name_, yy), var in draw.items() if yy == y)
        terms.extend((var, 1.0) for yy, var in further.items() if yy <= y)  # recurrent once found
        common_terms.append(terms)
    savings_options = [(i, o) for i, o in enumerate(options.options) if o.kind == "saving"]
    balances: dict[tuple[int, int], pulp.LpAffineExpression] = {}
    common: list[pulp.LpVariable] = []
    for y in range(years):
        c = problem.add_variable(f"common_to_every_path_{year_tag(labels[y])}")
        terms = [(c, 1.0)] + [(var, -coef) for t_ in range(y + 1) for var, coef in common_terms[t_]]
        problem += pulp.LpConstraint(_linear(terms), pulp.LpConstraintEQ, f"common_to_every_path_{year_tag(labels[y])}", 0.0)
        common.append(c)
    cumulative_saving = {o.option: np.cumsum(o.saving_gbp_m) for _, o in savings_options}
    fixed = inputs.opening_balances_gbp_m - np.cumsum(inputs.gap_gbp_m, axis=1) + np.cumsum(common_constant)[None, :]
    for p in range(paths):
        for y in range(years):
            terms = [(common[y], 1.0)]
            terms += [
                (take[o.option], float(cumulative_saving[o.option][y]))
                for i, o in savings_options
                if inputs.delivered[p, i] and cumulative_saving[o.option][y]
            ]
            expression = _linear(terms)
            expression.constant = float(fixed[p, y])
            balances[(p, y)] = expression
    return problem, take, council_tax, draw, balances, limits, further, common


DOMINANCE_MAX_PATHS = 2000
"""Dominance rows are added up to this many paths (the pairwise check is quadratic in paths)."""


def dominance_pairs(inputs: SavingsInputs, options: SavingsOptions, years: Sequence[int]) -> list[tuple[int, int]]:
    """Pairs (p, q) where path p is at least as safe as path q under every plan: p has every
    saving q has delivered, and at least q's headroom over the floor without a plan in each of
    ``years``. Savings are non-negative, so if q ends above the floor, p does too; the model may
    then require ``ok[q] ≤ ok[p]`` without losing an optimum. Only the transitive reduction is
    returned (identical paths are ordered by index)."""
    paths = inputs.paths
    if paths < 2 or paths > DOMINANCE_MAX_PATHS:
        return []
    columns = [i for i, o in enumerate(options.options) if o.kind == "saving" and o.saving_gbp_m.sum() > 0]
    delivered = inputs.delivered[:, columns]
    headroom = (inputs.balances_no_plan_gbp_m - inputs.floor_gbp_m)[:, list(years)]
    dominates = np.empty((paths, paths), dtype=bool)
    for start in range(0, paths, 256):
        block = slice(start, min(start + 256, paths))
        dominates[block] = (delivered[block, None, :] >= delivered[None, :, :]).all(axis=2) & (
            headroom[block, None, :] >= headroom[None, :, :] - 1e-9
        ).all(axis=2)
    np.fill_diagonal(dominates, False)
    index = np.arange(paths)
    dominates &= ~(dominates & dominates.T & (index[:, None] > index[None, :]))  # identical: lower index first
    as_float = dominates.astype(np.float32)
    reduced = dominates & ~((as_float @ as_float) > 0.5)
    return [(int(p), int(q)) for p, q in zip(*np.nonzero(reduced))]


def _add_floor_rows(
    problem: pulp.LpProblem,
    inputs: SavingsInputs,
    options: SavingsOptions,
    balances: dict[tuple[int, int], pulp.LpVariable],
    low: np.ndarray,
    high: np.ndarray,
    years_checked: Sequence[int],
    joint: bool,
) -> dict[tuple[int, int], pulp.LpVariable]:
    """ok variables and big-M floor rows ``B ≥ floor − M(1 − ok)``; hopeless paths are fixed to 0."""
    labels = inputs.year_labels
    ok: dict[tuple[int, int], pulp.LpVariable] = {}
    for p in range(inputs.paths):
        groups = [list(years_checked)] if joint else [[y] for y in years_checked]
        for group in groups:
            key = (p, -1) if joint else (p, group[0])
            suffix = "" if joint else f"_{year_tag(labels[group[0]])}"
            var = problem.add_variable(f"ok_p{p}{suffix}", cat=pulp.LpBinary)
            ok[key] = var
            if any(high[p, y] < inputs.floor_gbp_m[p, y] - FLOOR_TOLERANCE_GBP_M for y in group):
                var.upBound = 0  # no plan can keep this path above the floor
                continue
            for y in group:
                big_m = float(inputs.floor_gbp_m[p, y] - low[p, y])
                if big_m <= 0:
                    continue  # above the floor whatever the plan
                problem += (
                    balances[(p, y)] + big_m * (1 - var) >= float(inputs.floor_gbp_m[p, y]),
                    f"floor_p{p}_{year_tag(labels[y])}",
                )
    for group_years in [list(years_checked)] if joint else [[y] for y in years_checked]:
        for p, q in dominance_pairs(inputs, options, group_years):
            key_p, key_q = ((p, -1), (q, -1)) if joint else ((p, group_years[0]), (q, group_years[0]))
            suffix = "" if joint else f"_{year_tag(labels[group_years[0]])}"
            problem += ok[key_q] <= ok[key_p], f"dominance_p{p}_over_p{q}{suffix}"
    return ok


QUANTILE_ROWS = True
"""Add the quantile and star rows (off only to check that they keep the optimum)."""


def _add_quantile_rows(
    problem: pulp.LpProblem,
    inputs: SavingsInputs,
    options: SavingsOptions,
    common: list[pulp.LpVariable],
    balances: dict[tuple[int, int], pulp.LpAffineExpression],
    ok: dict[tuple[int, int], pulp.LpVariable],
    required: int,
    joint: bool,
) -> None:
    """Rows implied by the chance constraint on ``C[y]``, what the plan adds to every path (the module docstring)."""
    if not QUANTILE_ROWS or required < 1:
        return
    most_saved = np.zeros((inputs.paths, inputs.years))
    for i, o in enumerate(options.options):
        if o.kind == "saving":
            most_saved += inputs.delivered[:, i, None] * np.cumsum(o.saving_gbp_m)[None, :]
    for y in range(inputs.years):
        keys = [(p, -1) if joint else (p, y) for p in range(inputs.paths)]
        fixed = np.array([balances[(p, y)].constant for p in range(inputs.paths)])
        need = inputs.floor_gbp_m[:, y] - fixed - most_saved[:, y]  # the least C[y] that lets path p be above the floor
        order = [int(p) for p in np.argsort(-need, kind="stable") if ok[keys[p]].upBound != 0]
        if len(order) < required:
            continue
        failing = len(order) - required  # at most this many of the possible paths may be below the floor
        quantile = float(need[order[failing]])
        tag = year_tag(inputs.year_labels[y])
        problem += common[y] >= quantile, f"quantile_common_{tag}"
        steps = np.diff(-np.append(need[order[:failing]], quantile))  # need of each path above the next, >= 0
        terms = [(ok[keys[p]], -float(step)) for p, step in zip(order[:failing], steps, strict=True) if step > 0]
        if terms:
            problem += pulp.LpConstraint(_linear([(common[y], 1.0), *terms]), pulp.LpConstraintGE, f"star_common_{tag}", quantile)


def _objective(
    inputs: SavingsInputs,
    options: SavingsOptions,
    weights: SavingsWeights,
    take: dict,
    council_tax: dict,
    draw: dict,
    further: dict[int, pulp.LpVariable],
) -> pulp.LpAffineExpression:
    terms: list[tuple[pulp.LpVariable, float]] = []
    delivered_share = inputs.delivered.mean(axis=0)
    for i, o in enumerate(options.options):
        if o.kind == "council_tax":
            terms.extend((council_tax[(o.option, y)], weights.tax * o.council_tax_pct) for y in range(1, inputs.years))
            continue
        coef = weights.impact * o.service_impact_score
        if o.kind == "saving":
            expected = float(delivered_share[i] * o.saving_gbp_m.sum() - o.one_off_cost_gbp_m)
            coef -= weights.tie_break * expected
        terms.append((take[o.option], coef))
    terms.extend((var, -weights.tie_break) for var in draw.values())
    # £m-years: a recurrent saving found in year t counts in every year from t to the end
    terms.extend((var, weights.unidentified * (inputs.years - y)) for y, var in further.items())
    return _linear(terms)


def build_savings_model(
    inputs: SavingsInputs,
    options: SavingsOptions,
    alpha: float = 0.9,
    weights: SavingsWeights | None = None,
    chance: ChanceMode = "joint",
    unidentified: bool = False,
) -> tuple[pulp.LpProblem, SavingsHandles]:
    """The chance-constrained savings MILP (see the module docstring) and its handles.

    ``alpha`` is the share of paths that must keep general balances at or above the floor: in
    every year on the same path (``joint``) or in each year separately (``per_year``).
    ``unidentified`` adds the balancing item: further recurrent savings still to be identified,
    £m a year from the second year (certain once found), weighted per £m-year.
    """
    if not 0 < alpha <= 1:
        raise BadInputError(None, "alpha", alpha, "a share above 0 and at most 1")
    t0 = time.perf_counter()
    weights = weights or SavingsWeights()
    problem, take, council_tax, draw, balances, limits, further, common = _core(inputs, options, "savings_portfolio", pulp.LpMinimize, unidentified)
    low, high = _bounds(inputs, options, unidentified)
    years = list(range(inputs.years))
    ok = _add_floor_rows(problem, inputs, options, balances, low, high, years, joint=chance == "joint")
    required = math.ceil(alpha * inputs.paths - 1e-9)
    _add_quantile_rows(problem, inputs, options, common, balances, ok, required, joint=chance == "joint")
    if chance == "joint":
        problem += pulp.lpSum(ok.values()) >= required, "chance_share"
        limits["chance_share"] = (f"balances above the floor in every year in {required} of {inputs.paths} futures", "futures")
    else:
        for y in years:
            name = f"chance_share_{year_tag(inputs.year_labels[y])}"
            problem += pulp.lpSum(ok[(p, y)] for p in range(inputs.paths)) >= required, name
            limits[name] = (f"balances above the floor in {inputs.year_labels[y]} in {required} of {inputs.paths} futures", "futures")
    problem += _objective(inputs, options, weights, take, council_tax, draw, further)
    handles = SavingsHandles(
        inputs,
        options,
        alpha,
        chance,
        weights,
        take,
        council_tax,
        draw,
        balances,
        ok,
        required,
        limits,
        further=further,
        build_seconds=time.perf_counter() - t0,
    )
    return problem, handles


def build_max_share_model(
    inputs: SavingsInputs, options: SavingsOptions, year: int | None = None
) -> tuple[pulp.LpProblem, dict[tuple[int, int], pulp.LpVariable]]:
    """Most futures any plan can keep at or above the floor: in every year (``year=None``) or in
    one year. Used to explain an infeasible α in plain words."""
    problem, _, _, _, balances, _, _, _ = _core(inputs, options, "savings_max_share", pulp.LpMaximize)
    low, high = _bounds(inputs, options)
    years = list(range(inputs.years)) if year is None else [year]
    ok = _add_floor_rows(problem, inputs, options, balances, low, high, years, joint=True)
    problem += pulp.lpSum(ok.values())
    return problem, ok
