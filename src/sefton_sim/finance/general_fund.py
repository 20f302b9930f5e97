"""The General Fund / MTFP ledger per path and financial year, £m.

Spending follows the published 2024/25 budget table line by line:
- each line's non-demand-led part grows with pay (its ``pay_share``) and prices (the rest);
  General Government Grants (a negative line) grow at the grants rate (flat cash by default);
- each demand-led part (ASC packages, CSC packages, HTST inside Education Excellence) is
  calibrated additively: ``published part + (simulated cost − simulated cost at the base)``.
  With base-date demand in year 0 the ledger therefore reproduces the published table to the
  £0.001m, and later years move with the simulated change in £m.

Grants are counted once, inside spending, exactly as the published table nets them into Total
Net Expenditure (£258.480m); they grow by the settlement assumption of each year
(``finance/settlement.py``). Funding is council tax + retained business rates + collection-fund
surpluses + other funding (R36, derived so year 0 balances). A funding line marked ``one_off`` in
the data (the collection-fund surpluses) counts in year 0 only and drops out after it.

Savings: each saving is delivered in full or not at all, drawn once per path with the given
``numpy.random.Generator``. Savings already in the budget add their undelivered amount to
spending; new options subtract their delivered amount.

gap = spending − funding (the services' MTFP gap). The budget gap a year must close is
``gap + High Needs charge`` (the deficit borne by the General Fund once the statutory override
ends): before action it excludes the new savings the scenario delivers, after action it includes
them. The ledger is the **do-nothing position**: no action beyond the scenario's own savings, each
year's budget gap drawn from general balances. Balances never go below zero: a gap larger than
the balances left is drawn down to zero and the rest is the **unfunded gap** (a section 114 risk);
the first such year is the year balances are exhausted. A surplus contributes to balances.

Identities (``finance/checks.py``, asserted by the tests):
budget_gap = gap + high_needs_charge; budget_gap_before_action = budget_gap + savings_delivered;
draws + unfunded_gap − contributions = budget_gap; closing = opening − draws + contributions ≥ 0.

The cost of SEN casework officers added by the casework response rule (``finance.casework``) is
a spending line of its own, ``sen_casework_officers_added``, outside the published budget table.
Floor = 6.5% of the net revenue budget (the year's Total Net Expenditure).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sefton_sim.errors import BadInputError
from sefton_sim.finance.assumptions import FinanceAssumptions
from sefton_sim.finance.checks import as_paths_years
from sefton_sim.finance.money_data import MoneyData
from sefton_sim.finance.settlement import EARMARKED_DRAW_LINE


@dataclass(frozen=True)
class GeneralFundLedger:
    """General Fund ledger, £m; arrays [path, financial_year] unless stated."""

    budget_lines_gbp_m: dict[str, np.ndarray]  # by line id, in published table order (incl. grants)
    budget_line_kinds: dict[str, str]  # line id -> service / council_wide / levy / grants
    service_total_gbp_m: np.ndarray
    total_net_expenditure_gbp_m: np.ndarray  # the net revenue budget
    savings_shortfall_gbp_m: np.ndarray  # undelivered savings already in the budget (adds to spending)
    savings_delivered_gbp_m: np.ndarray  # delivered new savings (reduces spending)
    spending_gbp_m: np.ndarray
    funding_lines_gbp_m: dict[str, np.ndarray]  # by funding line id
    funding_gbp_m: np.ndarray
    gap_gbp_m: np.ndarray  # spending − funding (negative = surplus)
    high_needs_charge_gbp_m: np.ndarray  # High Needs deficit borne by the General Fund this year
    budget_gap_before_action_gbp_m: np.ndarray  # what the year must close: gap + HN charge, without new savings
    budget_gap_gbp_m: np.ndarray  # after the scenario's new savings: gap + HN charge
    draws_gbp_m: np.ndarray  # taken from general balances (never more than they hold)
    unfunded_gap_gbp_m: np.ndarray  # budget gap balances could not cover (section 114 risk), ≥ 0
    contributions_gbp_m: np.ndarray  # added to general balances
    general_balances_opening_gbp_m: np.ndarray
    general_balances_closing_gbp_m: np.ndarray  # ≥ 0
    floor_gbp_m: np.ndarray  # floor share × net revenue budget
    floor_breach: np.ndarray  # bool: closing balances below the floor
    exhausted: np.ndarray  # bool: balances could not cover the year's budget gap (unfunded gap > 0)
    exhaustion_year: np.ndarray  # int [P]: ledger year index balances are first exhausted, -1 if never
    below_target: np.ndarray  # bool: closing balances below the £23m target
    savings_names: tuple[str, ...]
    savings_delivered: np.ndarray  # bool [P, n_savings]: was each saving delivered on the path
    sen_casework_officers_added_gbp_m: np.ndarray | None = None  # officers added by the casework rule (in spending)


def _demand_part(name: str, published_gbp_m: float, simulated_gbp_m: np.ndarray, base_gbp_m: float | None, shape: tuple[int, int]) -> np.ndarray:
    simulated = as_paths_years(name, simulated_gbp_m, shape)
    base = published_gbp_m if base_gbp_m is None else float(base_gbp_m)
    if not np.isfinite(base) or base < 0:
        raise BadInputError(None, f"{name} (base)", base, "a non-negative amount in £m")
    return published_gbp_m + (simulated - base)


def _spending_lines(
    money: MoneyData,
    assumptions: FinanceAssumptions,
    shape: tuple[int, int],
    demand: dict[str, np.ndarray],
) -> dict[str, np.ndarray]:
    lines: dict[str, np.ndarray] = {}
    for line in money.budget_lines:
        if line.kind == "grants":
            grown = line.budget_gbp_m * assumptions.grants_index
        else:
            rest = line.budget_gbp_m - line.demand_led_gbp_m
            grown = rest * (line.pay_share * assumptions.pay_index + (1.0 - line.pay_share) * assumptions.price_index)
        value = np.broadcast_to(grown[None, :], shape).copy()
        if line.demand_led != "none":
            value = value + demand[line.demand_led]
        lines[line.id] = value
    return lines


def _funding_lines(money: MoneyData, assumptions: FinanceAssumptions, shape: tuple[int, int]) -> dict[str, np.ndarray]:
    years = assumptions.years
    steps = np.arange(years)
    ct_growth = (1.0 + assumptions.council_tax_increase_pct / 100.0) * (1.0 + assumptions.council_tax_base_growth_per_year)
    ct_growth[0] = 1.0
    lines: dict[str, np.ndarray] = {}
    for line in money.funding_in_total:
        if line.kind == "council_tax":
            by_year = line.amount_gbp_m * np.cumprod(ct_growth)
        elif line.kind == "business_rates":
            by_year = line.amount_gbp_m * (1.0 + assumptions.business_rates_growth_per_year) ** steps
        elif line.one_off:
            by_year = np.where(steps == 0, line.amount_gbp_m, 0.0)
        else:
            by_year = line.amount_gbp_m * (1.0 + assumptions.other_funding_growth_per_year) ** steps
        lines[line.id] = np.broadcast_to(by_year[None, :], shape).copy()
    return lines


MAX_SAVINGS = 64
"""Savings options a ledger can hold; delivery uniforms are drawn this wide so that a path's draws
never depend on how many options a scenario lists or how paths are chunked."""


def delivery_uniforms(rng: np.random.Generator, paths: int) -> np.ndarray:
    """Uniform numbers deciding savings delivery, [paths, MAX_SAVINGS]."""
    return rng.random((paths, MAX_SAVINGS))


def _savings(assumptions: FinanceAssumptions, paths: int, rng: np.random.Generator | np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    plans = assumptions.savings
    if len(plans) > MAX_SAVINGS:
        raise BadInputError("(scenario)", "finance.savings", len(plans), f"at most {MAX_SAVINGS} savings options")
    uniforms = rng if isinstance(rng, np.ndarray) else delivery_uniforms(rng, paths)
    probabilities = np.array([p.delivery_probability for p in plans])
    delivered = uniforms[:, : len(plans)] < probabilities[None, :]
    amounts = np.array([p.saving_gbp_m for p in plans]).reshape(len(plans), assumptions.years)
    in_base = np.array([p.in_base_budget for p in plans], dtype=bool)
    shortfall = (~delivered & in_base[None, :]).astype(float) @ amounts
    new = (delivered & ~in_base[None, :]).astype(float) @ amounts
    return shortfall, new, delivered


UNFUNDED_TOLERANCE_GBP_M = 1e-9
"""An unfunded gap above this (£m) means balances are exhausted in that year."""


@dataclass(frozen=True)
class BalancesRoll:
    """General balances rolled year by year with a stop at zero, £m [P, Y]."""

    draws_gbp_m: np.ndarray
    unfunded_gap_gbp_m: np.ndarray
    contributions_gbp_m: np.ndarray
    opening_gbp_m: np.ndarray
    closing_gbp_m: np.ndarray


def roll_balances(opening_gbp_m: float, budget_gap_gbp_m: np.ndarray) -> BalancesRoll:
    """Roll general balances, £m [P, Y]: a budget gap is drawn down to zero balances and the rest
    is unfunded; a surplus (negative gap) contributes. Balances never go below zero."""
    gap = np.asarray(budget_gap_gbp_m, dtype=float)
    paths, years = gap.shape
    draws, unfunded, contributions = np.zeros_like(gap), np.zeros_like(gap), np.zeros_like(gap)
    opening, closing = np.zeros_like(gap), np.zeros_like(gap)
    balance = np.full(paths, max(float(opening_gbp_m), 0.0))
    for y in range(years):
        opening[:, y] = balance
        need = np.maximum(gap[:, y], 0.0)
        draws[:, y] = np.minimum(need, balance)
        unfunded[:, y] = need - draws[:, y]
        contributions[:, y] = np.maximum(-gap[:, y], 0.0)
        balance = balance - draws[:, y] + contributions[:, y]
        closing[:, y] = balance
    return BalancesRoll(draws, unfunded, contributions, opening, closing)


def first_exhaustion_year(unfunded_gap_gbp_m: np.ndarray) -> np.ndarray:
    """Ledger year index [P] in which balances are first exhausted (unfunded gap > 0), -1 if never."""
    exhausted = np.asarray(unfunded_gap_gbp_m) > UNFUNDED_TOLERANCE_GBP_M
    return np.where(exhausted.any(axis=1), exhausted.argmax(axis=1), -1)


def general_fund_ledger(
    money: MoneyData,
    assumptions: FinanceAssumptions,
    htst_cost_gbp_m: np.ndarray,
    htst_cost_base_gbp_m: float,
    asc_package_cost_gbp_m: np.ndarray,
    csc_package_cost_gbp_m: np.ndarray,
    high_needs_charge_gbp_m: np.ndarray,
    rng: np.random.Generator | np.ndarray,
    asc_package_cost_base_gbp_m: float | None = None,
    csc_package_cost_base_gbp_m: float | None = None,
    earmarked_reserves_draw_gbp_m: np.ndarray | None = None,
    sen_casework_officers_added_gbp_m: np.ndarray | None = None,
) -> GeneralFundLedger:
    """General Fund ledger per path and year, £m.

    ``*_cost_gbp_m`` are simulated costs [P, Y] in £m; ``*_base_gbp_m`` are the same engines'
    first-year cost at base-date demand (the calibration point; ``None`` for ASC/CSC means the
    engine is calibrated to the published package part, so the simulated cost replaces it).
    ``high_needs_charge_gbp_m`` [P, Y] is the High Needs deficit borne by the General Fund.
    ``earmarked_reserves_draw_gbp_m`` [Y], if given, is earmarked reserves released to the revenue
    budget: the funding line ``earmarked_reserves_draw`` (funding, never a saving).
    ``sen_casework_officers_added_gbp_m`` [P, Y], if given, is the cost of the SEN casework officers
    the casework response rule added (``finance.casework``); it adds to spending (and so the gap).
    """
    htst = as_paths_years("htst_cost_gbp_m", htst_cost_gbp_m)
    shape = htst.shape
    if shape[1] != assumptions.years:
        raise BadInputError(None, "htst_cost_gbp_m", f"{shape[1]} years", f"{assumptions.years} financial years")
    charge = np.asarray(high_needs_charge_gbp_m, dtype=float)
    if charge.shape != shape or not np.all(np.isfinite(charge)):
        raise BadInputError(None, "high_needs_charge_gbp_m", charge.shape, f"a finite array shaped {shape}")
    demand = {
        "htst": _demand_part("htst_cost_gbp_m", money.demand_led_line("htst").demand_led_gbp_m, htst, htst_cost_base_gbp_m, shape),
        "asc": _demand_part(
            "asc_package_cost_gbp_m",
            money.demand_led_line("asc").demand_led_gbp_m,
            asc_package_cost_gbp_m,
            asc_package_cost_base_gbp_m,
            shape,
        ),
        "csc": _demand_part(
            "csc_package_cost_gbp_m",
            money.demand_led_line("csc").demand_led_gbp_m,
            csc_package_cost_gbp_m,
            csc_package_cost_base_gbp_m,
            shape,
        ),
    }
    lines = _spending_lines(money, assumptions, shape, demand)
    kinds = {line.id: line.kind for line in money.budget_lines}
    service_total = sum(v for k, v in lines.items() if kinds[k] == "service")
    total = sum(lines.values())
    shortfall, delivered_new, delivered = _savings(assumptions, shape[0], rng)
    casework = (
        np.zeros(shape)
        if sen_casework_officers_added_gbp_m is None
        else as_paths_years("sen_casework_officers_added_gbp_m", sen_casework_officers_added_gbp_m, shape)
    )
    spending = total + shortfall - delivered_new + casework

    funding_lines = _funding_lines(money, assumptions, shape)
    if earmarked_reserves_draw_gbp_m is not None:
        draw = np.asarray(earmarked_reserves_draw_gbp_m, dtype=float)
        if draw.shape != (shape[1],) or not np.all(np.isfinite(draw)) or np.any(draw < 0):
            raise BadInputError(None, "earmarked_reserves_draw_gbp_m", draw.shape, f"{shape[1]} non-negative amounts in £m")
        funding_lines[EARMARKED_DRAW_LINE] = np.broadcast_to(draw[None, :], shape).copy()
    funding = sum(funding_lines.values())
    gap = spending - funding
    budget_gap = gap + charge
    roll = roll_balances(assumptions.general_balances_opening_gbp_m, budget_gap)
    closing = roll.closing_gbp_m
    floor = np.asarray(assumptions.general_balances_floor_share * total)
    return GeneralFundLedger(
        budget_lines_gbp_m=lines,
        budget_line_kinds=kinds,
        service_total_gbp_m=np.asarray(service_total),
        total_net_expenditure_gbp_m=np.asarray(total),
        savings_shortfall_gbp_m=shortfall,
        savings_delivered_gbp_m=delivered_new,
        spending_gbp_m=spending,
        funding_lines_gbp_m=funding_lines,
        funding_gbp_m=np.asarray(funding),
        gap_gbp_m=gap,
        high_needs_charge_gbp_m=charge,
        budget_gap_before_action_gbp_m=budget_gap + delivered_new,
        budget_gap_gbp_m=budget_gap,
        draws_gbp_m=roll.draws_gbp_m,
        unfunded_gap_gbp_m=roll.unfunded_gap_gbp_m,
        contributions_gbp_m=roll.contributions_gbp_m,
        general_balances_opening_gbp_m=roll.opening_gbp_m,
        general_balances_closing_gbp_m=closing,
        floor_gbp_m=floor,
        floor_breach=closing < floor,
        exhausted=roll.unfunded_gap_gbp_m > UNFUNDED_TOLERANCE_GBP_M,
        exhaustion_year=first_exhaustion_year(roll.unfunded_gap_gbp_m),
        below_target=closing < assumptions.general_balances_target_gbp_m,
        savings_names=tuple(p.name for p in assumptions.savings),
        savings_delivered=delivered,
        sen_casework_officers_added_gbp_m=casework,
    )
