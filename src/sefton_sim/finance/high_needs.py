"""The High Needs Block ledger of the Dedicated Schools Grant, per path and financial year, £m.

grant (2023/24 × the 2024/25 uplift, then a growth assumption) against spend:
- placements: average children with EHC plans by setting × cost per child (send_settings.csv,
  2023/24 prices) × the SEND unit-cost index;
- other lines (early-years High Needs Funding outside plans; Complementary Education and other
  central lines): 2023/24 amounts × the SEND unit-cost index × a volume growth assumption.

The unit costs are sized on the 2023/24 average stock (``finance.base_year``) so that the model's
2023/24 placements × unit costs + other lines = the 2023/24 outturn (£63.7m): 62.473 + 0.750 +
0.477 = 63.700 for Sefton. Each path's unit costs, cost indices (INMSS fees with their own),
grant and other lines come from ``finance.money_draws``; without draws every path is central.

In-year deficit = spend − grant. The cumulative deficit starts from the 31 March 2024 balance
(£38m) and stays ring-fenced on the DSG account until the statutory override ends; what follows
depends on the policy (see :data:`sefton_sim.scenario.finance.OverridePolicy`). Ends of the
override inside a financial year count as the end of that year; the deficit moves in the next.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from sefton_sim.finance.assumptions import FinanceAssumptions
from sefton_sim.finance.checks import as_paths_years_settings, as_settings, check_years
from sefton_sim.finance.money_draws import MoneyDraws, central_money
from sefton_sim.model import states as st

GBP_PER_GBP_M = 1e6
BALANCE_TOLERANCE_GBP_M = 1e-9  # an in-year deficit above this breaks a Safety Valve agreement


@dataclass(frozen=True)
class HighNeedsLedger:
    """High Needs Block ledger, £m; arrays are [path, financial_year] unless stated."""

    grant_gbp_m: np.ndarray
    placement_spend_gbp_m: np.ndarray  # [P, Y, S] by setting (demand/states.py SETTINGS order)
    other_spend_gbp_m: np.ndarray  # [P, Y, L] by other line
    other_line_names: tuple[str, ...]
    spend_gbp_m: np.ndarray
    in_year_deficit_gbp_m: np.ndarray  # spend − grant (negative = in-year surplus)
    safety_valve_contribution_gbp_m: np.ndarray  # DfE payments towards the cumulative deficit
    written_off_gbp_m: np.ndarray  # written off by government at the end of the override
    deficit_transferred_to_general_fund_gbp_m: np.ndarray  # the accumulated deficit moved onto balances
    in_year_deficit_to_general_fund_gbp_m: np.ndarray  # later in-year results borne by the General Fund
    charge_to_general_fund_gbp_m: np.ndarray  # the two above together (drawn from general balances)
    cumulative_deficit_gbp_m: np.ndarray  # closing deficit still ring-fenced on the DSG account
    cumulative_deficit_opening_gbp_m: float  # at 31 March before year 0 (£38m for Sefton)


def high_needs_spend_at_base_gbp_m(
    send_children_base: np.ndarray, cost_gbp_per_child_per_year: np.ndarray, other_lines_gbp_m: dict[str, float]
) -> tuple[float, float]:
    """(placements, other lines) of the base-date stock at the unit costs' own prices (2023/24), £m."""
    children = as_settings("send_children_base", send_children_base, st.S)
    cost = as_settings("cost_gbp_per_child_per_year", cost_gbp_per_child_per_year, st.S)
    return float((children * cost).sum() / GBP_PER_GBP_M), float(sum(other_lines_gbp_m.values()))


def central_money_at(cost_gbp_per_child_per_year: np.ndarray, assumptions: FinanceAssumptions, paths: int) -> MoneyDraws:
    """Every path at the central values, with these unit costs [S]."""
    central = central_money(None, assumptions, paths)
    return dataclasses.replace(central, unit_cost_gbp_per_child_per_year=np.broadcast_to(cost_gbp_per_child_per_year, (paths, st.S)).copy())


def _safety_valve_failure_year(in_year: np.ndarray, balance_by: int) -> np.ndarray:
    """Per path, the first year from ``balance_by`` with an in-year deficit (Y if none)."""
    paths, years = in_year.shape
    start = max(balance_by, 0)
    failed = np.zeros((paths, years), dtype=bool)
    failed[:, start:] = in_year[:, start:] > BALANCE_TOLERANCE_GBP_M
    return np.where(failed.any(axis=1), failed.argmax(axis=1), years)


def _transfer_year(assumptions: FinanceAssumptions, in_year: np.ndarray) -> np.ndarray:
    """Per path, the ledger year in which the deficit starts to fall on the General Fund."""
    paths, years = in_year.shape
    never = np.full(paths, np.iinfo(np.int64).max // 2, dtype=np.int64)
    end = max(assumptions.override_transfer_year, 0)
    policy = assumptions.override_policy
    if policy == "ring_fenced":
        return never
    if policy in ("falls_on_general_fund", "partial_write_off"):
        return np.full(paths, end, dtype=np.int64)
    if policy == "safety_valve":
        fail = _safety_valve_failure_year(in_year, assumptions.safety_valve_balance_by_year)
        return np.where(fail < years, np.maximum(fail, end), never)
    raise ValueError(f"unknown override policy {policy!r}")  # the schema's Literal prevents this


def high_needs_ledger(
    send_children_by_setting: np.ndarray,
    cost_gbp_per_child_per_year: np.ndarray,
    assumptions: FinanceAssumptions,
    money: MoneyDraws | None = None,
) -> HighNeedsLedger:
    """High Needs ledger per path and year, £m, from average children by setting [P, Y, S].

    ``money`` holds each path's unit costs, cost indices, grant and other lines
    (``finance.money_draws``); without it every path is at the central values (``cost`` and the
    assumptions).
    """
    children = as_paths_years_settings("send_children_by_setting", send_children_by_setting, st.S)
    cost = as_settings("cost_gbp_per_child_per_year", cost_gbp_per_child_per_year, st.S)
    paths, years, _ = children.shape
    check_years("send_children_by_setting", years, assumptions.years)
    if money is None:
        money = central_money_at(cost, assumptions, paths)
    if money.paths != paths:
        raise ValueError(f"money draws for {money.paths} paths, demand for {paths}")

    unit_cost = money.unit_cost_gbp_per_child_per_year[:, None, :]
    placements = children * unit_cost / GBP_PER_GBP_M * money.cost_index_by_setting()
    names = tuple(assumptions.high_needs_other_lines_gbp_m)
    other = money.other_lines_gbp_m[:, None, :] * (money.send_cost_index * money.other_volume_index)[:, :, None]
    spend = placements.sum(axis=2) + other.sum(axis=2)
    grant = money.high_needs_grant_gbp_m.copy()
    in_year = spend - grant

    transfer = _transfer_year(assumptions, in_year)
    write_off_share = assumptions.write_off_share if assumptions.override_policy == "partial_write_off" else 0.0
    paying_from = assumptions.safety_valve_first_year
    contribution = assumptions.safety_valve_contribution_gbp_m_per_year
    sv_fail = (
        _safety_valve_failure_year(in_year, assumptions.safety_valve_balance_by_year)
        if assumptions.override_policy == "safety_valve"
        else np.zeros(paths, dtype=np.int64)
    )

    out = {k: np.zeros((paths, years)) for k in ("sv", "written", "stock", "flow", "cum")}
    cum = np.full(paths, assumptions.high_needs_deficit_opening_gbp_m)
    for y in range(years):
        deficit = in_year[:, y]
        paying = (y >= paying_from) & (y < sv_fail)
        sv = np.where(paying, np.minimum(contribution, np.maximum(cum + deficit, 0.0)), 0.0)
        at_transfer = transfer == y
        on_general_fund = transfer <= y
        stock = np.where(at_transfer, cum, 0.0)
        written = write_off_share * stock
        out["sv"][:, y] = sv
        out["written"][:, y] = written
        out["stock"][:, y] = stock - written
        out["flow"][:, y] = np.where(on_general_fund, deficit - sv, 0.0)
        cum = np.where(on_general_fund, 0.0, cum + deficit - sv)
        out["cum"][:, y] = cum

    return HighNeedsLedger(
        grant_gbp_m=grant,
        placement_spend_gbp_m=placements,
        other_spend_gbp_m=other,
        other_line_names=names,
        spend_gbp_m=spend,
        in_year_deficit_gbp_m=in_year,
        safety_valve_contribution_gbp_m=out["sv"],
        written_off_gbp_m=out["written"],
        deficit_transferred_to_general_fund_gbp_m=out["stock"],
        in_year_deficit_to_general_fund_gbp_m=out["flow"],
        charge_to_general_fund_gbp_m=out["stock"] + out["flow"],
        cumulative_deficit_gbp_m=out["cum"],
        cumulative_deficit_opening_gbp_m=assumptions.high_needs_deficit_opening_gbp_m,
    )
