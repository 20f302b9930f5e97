"""All money ledgers of a run, and the tidy long table the outputs write.

``finance_ledgers`` wires High Needs, transport and the General Fund together from simulated
demand arrays; ``ledger_table`` turns the result into one tidy polars frame:
``scenario, path, financial_year, ledger, line, value_gbp_m`` (flags are 1.0 / 0.0). Given the
children's placement cost by placement type, the table also carries the ``social_care`` ledger's
lines ``csc_packages_<placement type>`` (in-house fostering, IFA, residential, supported
accommodation, parents/kinship/other), which add up to the ``csc_packages`` total.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import polars as pl

from sefton_sim.data.council import CouncilData
from sefton_sim.finance.assumptions import FinanceAssumptions, resolve_finance
from sefton_sim.finance.casework import casework_officers_cost_gbp_m
from sefton_sim.finance.checks import as_paths_years_settings
from sefton_sim.finance.general_fund import GeneralFundLedger, general_fund_ledger
from sefton_sim.finance.high_needs import HighNeedsLedger, high_needs_ledger
from sefton_sim.finance.money_data import MoneyData
from sefton_sim.finance.money_draws import MoneyDraws
from sefton_sim.finance.settlement import earmarked_reserves_draw_by_year
from sefton_sim.finance.transport import TransportCost, htst_cost, htst_cost_from_send_part
from sefton_sim.model import states as st
from sefton_sim.scenario.finance import FinanceSettings
from sefton_sim.social_care.placements import PLACEMENT_TYPES

LEDGERS = ("high_needs", "transport", "general_fund")

SOCIAL_CARE_LEDGER = "social_care"
"""Ledger of the package cost lines (the totals ``csc_packages`` and ``asc_packages_net`` are
added beside the table by the output writer)."""

CSC_LINE_PREFIX = "csc_packages_"
"""Children's placement cost by type: line ``csc_packages_<placement type>``."""

CSC_LINES_TOLERANCE_GBP_M = 1e-9
"""The placement-type lines must add up to the children's package total within this (£m)."""


@dataclass(frozen=True)
class FinanceLedgers:
    """The three ledgers of one run and the assumptions they were computed with."""

    assumptions: FinanceAssumptions
    high_needs: HighNeedsLedger
    transport: TransportCost
    general_fund: GeneralFundLedger
    csc_package_cost_by_type_gbp_m: np.ndarray | None = None  # [P, Y, K] children's placements by PLACEMENT_TYPES
    money: MoneyData | None = None  # the money tables the ledgers read (one-off lines, sources)
    settings: FinanceSettings | None = None  # the scenario's finance block as given
    money_draws: MoneyDraws | None = None  # each path's money (None: central values)


def finance_ledgers(
    council: CouncilData,
    money: MoneyData,
    settings: FinanceSettings | None,
    send_children_by_setting: np.ndarray,
    asc_package_cost_gbp_m: np.ndarray,
    csc_package_cost_gbp_m: np.ndarray,
    rng: np.random.Generator | np.ndarray,
    send_children_base: np.ndarray | None = None,
    asc_package_cost_base_gbp_m: float | None = None,
    csc_package_cost_base_gbp_m: float | None = None,
    send_transport_by_setting_gbp_m: np.ndarray | None = None,
    csc_package_cost_by_type_gbp_m: np.ndarray | None = None,
    money_draws: MoneyDraws | None = None,
    casework_officers_added_by_month: np.ndarray | None = None,
    casework_cost_gbp_per_officer_per_year: float = 0.0,
) -> FinanceLedgers:
    """High Needs, transport and General Fund ledgers, £m, for simulated demand.

    ``send_children_by_setting`` [P, Y, S]: average children with EHC plans per setting over each
    financial year (Y = horizon; year 0 = 2024/25). ``send_children_base`` [S] defaults to the
    council's base-date stock. Package costs [P, Y] are net £m from the social-care engines, with
    their first-year cost at base-date demand as ``*_base_gbp_m`` (see ``general_fund_ledger``).
    ``send_transport_by_setting_gbp_m`` [P, Y, S], if given, replaces the expected SEND transport
    (children × share transported × cost) by a pupil-by-pupil record at the unit costs' prices.
    ``rng`` draws savings delivery (one draw per path and saving), or is the array of delivery
    uniforms [P, MAX_SAVINGS] (``general_fund.delivery_uniforms``) drawn chunk by chunk.
    ``csc_package_cost_by_type_gbp_m`` [P, Y, K], if given, is the children's package cost by
    placement type (``PLACEMENT_TYPES``); it must add up to ``csc_package_cost_gbp_m``.
    ``money_draws`` (``finance.money_draws.money_for_paths``) gives each path its unit costs,
    indices, grant and other lines; without it every path is at the central values.
    ``casework_officers_added_by_month`` [P, T], if given, are the SEN casework officers the
    casework rule added, each costing ``casework_cost_gbp_per_officer_per_year`` (General Fund line
    ``sen_casework_officers_added``).
    """
    children = as_paths_years_settings("send_children_by_setting", send_children_by_setting, st.S)
    base = council.stock_base.sum(axis=(0, 1)) if send_children_base is None else np.asarray(send_children_base, float)
    assumptions = resolve_finance(settings, money, children.shape[1])
    high_needs = high_needs_ledger(children, council.cost_gbp_per_child_per_year, assumptions, money_draws)
    if send_transport_by_setting_gbp_m is None:
        transport = htst_cost(children, base, council.share_transported, council.transport_cost_gbp_per_pupil_per_year, assumptions, money_draws)
    else:  # the SimPy reference's pupil-by-pupil record, priced the same way
        transport = htst_cost_from_send_part(
            send_transport_by_setting_gbp_m, base, council.share_transported, council.transport_cost_gbp_per_pupil_per_year, assumptions, money_draws
        )
    general_fund = general_fund_ledger(
        money,
        assumptions,
        transport.total_gbp_m,
        transport.base_first_year_gbp_m,
        asc_package_cost_gbp_m,
        csc_package_cost_gbp_m,
        high_needs.charge_to_general_fund_gbp_m,
        rng,
        asc_package_cost_base_gbp_m=asc_package_cost_base_gbp_m,
        csc_package_cost_base_gbp_m=csc_package_cost_base_gbp_m,
        earmarked_reserves_draw_gbp_m=earmarked_reserves_draw_by_year(settings, money, children.shape[1]),
        sen_casework_officers_added_gbp_m=None
        if casework_officers_added_by_month is None
        else casework_officers_cost_gbp_m(casework_officers_added_by_month, casework_cost_gbp_per_officer_per_year, assumptions.pay_index),
    )
    by_type = None
    if csc_package_cost_by_type_gbp_m is not None:
        by_type = np.asarray(csc_package_cost_by_type_gbp_m, dtype=float)
        total = np.asarray(csc_package_cost_gbp_m, dtype=float)
        if by_type.shape != total.shape + (len(PLACEMENT_TYPES),) or not np.allclose(
            by_type.sum(axis=-1), total, rtol=0.0, atol=CSC_LINES_TOLERANCE_GBP_M
        ):
            raise ValueError("csc_package_cost_by_type_gbp_m must be [P, Y, placement type] and add up to csc_package_cost_gbp_m")
    return FinanceLedgers(assumptions, high_needs, transport, general_fund, by_type, money, settings, money_draws)


def _high_needs_lines(ledger: HighNeedsLedger) -> Iterator[tuple[str, np.ndarray]]:
    yield "grant", ledger.grant_gbp_m
    for s, setting in enumerate(st.SETTINGS):
        yield f"placements_{setting}", ledger.placement_spend_gbp_m[:, :, s]
    for i, name in enumerate(ledger.other_line_names):
        yield name.removeprefix("hn_").removesuffix("_gbp_m"), ledger.other_spend_gbp_m[:, :, i]
    yield "spend", ledger.spend_gbp_m
    yield "in_year_deficit", ledger.in_year_deficit_gbp_m
    yield "safety_valve_contribution", ledger.safety_valve_contribution_gbp_m
    yield "written_off", ledger.written_off_gbp_m
    yield "deficit_transferred_to_general_fund", ledger.deficit_transferred_to_general_fund_gbp_m
    yield "in_year_deficit_to_general_fund", ledger.in_year_deficit_to_general_fund_gbp_m
    yield "cumulative_deficit", ledger.cumulative_deficit_gbp_m


def _transport_lines(cost: TransportCost) -> Iterator[tuple[str, np.ndarray]]:
    for s, setting in enumerate(st.SETTINGS):
        yield f"send_{setting}", cost.by_setting_gbp_m[:, :, s]
    yield "mainstream_base", cost.mainstream_base_gbp_m
    yield "total", cost.total_gbp_m


def _general_fund_lines(ledger: GeneralFundLedger) -> Iterator[tuple[str, np.ndarray]]:
    kinds = ledger.budget_line_kinds
    for line_id, values in ledger.budget_lines_gbp_m.items():
        if kinds[line_id] == "service":
            yield line_id, values
    yield "total_service_net_expenditure", ledger.service_total_gbp_m
    for line_id, values in ledger.budget_lines_gbp_m.items():
        if kinds[line_id] != "service":
            yield line_id, values
    yield "total_net_expenditure", ledger.total_net_expenditure_gbp_m
    yield "savings_shortfall", ledger.savings_shortfall_gbp_m
    yield "savings_delivered", ledger.savings_delivered_gbp_m
    if ledger.sen_casework_officers_added_gbp_m is not None:
        yield "sen_casework_officers_added", ledger.sen_casework_officers_added_gbp_m
    yield "spending", ledger.spending_gbp_m
    yield from ledger.funding_lines_gbp_m.items()
    yield "funding", ledger.funding_gbp_m
    yield "gap", ledger.gap_gbp_m
    yield "high_needs_charge", ledger.high_needs_charge_gbp_m
    yield "budget_gap_before_action", ledger.budget_gap_before_action_gbp_m
    yield "budget_gap", ledger.budget_gap_gbp_m
    yield "draws", ledger.draws_gbp_m
    yield "unfunded_gap", ledger.unfunded_gap_gbp_m
    yield "contributions", ledger.contributions_gbp_m
    yield "general_balances_opening", ledger.general_balances_opening_gbp_m
    yield "general_balances_closing", ledger.general_balances_closing_gbp_m
    yield "general_balances_floor", ledger.floor_gbp_m
    yield "floor_breach_flag", ledger.floor_breach.astype(float)
    yield "exhausted_flag", ledger.exhausted.astype(float)
    years = ledger.gap_gbp_m.shape[1]
    yield "exhausted_first_this_year_flag", (ledger.exhaustion_year[:, None] == np.arange(years)[None, :]).astype(float)
    yield "below_target_flag", ledger.below_target.astype(float)


def _social_care_lines(by_type: np.ndarray) -> Iterator[tuple[str, np.ndarray]]:
    for k, placement in enumerate(PLACEMENT_TYPES):
        yield f"{CSC_LINE_PREFIX}{placement}", by_type[:, :, k]


LEDGER_ROWS_PER_PART = 60_000
"""Rows of the ledger table built at once by :func:`ledger_table_parts` (whole lines only)."""


def ledger_table_parts(ledgers: FinanceLedgers, scenario: str, rows_per_part: int = LEDGER_ROWS_PER_PART) -> Iterator[pl.DataFrame]:
    """The rows of :func:`ledger_table` a few whole ledger lines at a time (every path of each line)."""
    labels = np.array(ledgers.assumptions.year_labels())
    blocks: list[tuple[str, str, np.ndarray]] = []
    sources = {
        "high_needs": _high_needs_lines(ledgers.high_needs),
        "transport": _transport_lines(ledgers.transport),
        "general_fund": _general_fund_lines(ledgers.general_fund),
    }
    for ledger_name in LEDGERS:
        blocks.extend((ledger_name, line, values) for line, values in sources[ledger_name])
    if ledgers.csc_package_cost_by_type_gbp_m is not None:
        blocks.extend((SOCIAL_CARE_LEDGER, line, values) for line, values in _social_care_lines(ledgers.csc_package_cost_by_type_gbp_m))
    paths, years = ledgers.general_fund.gap_gbp_m.shape
    cell_path = np.repeat(np.arange(paths, dtype=np.int64), years)
    cell_year = np.tile(labels, paths)
    per_part = max(1, rows_per_part // max(paths * years, 1))
    for start in range(0, len(blocks), per_part):
        part = blocks[start : start + per_part]
        n = len(part)
        frame = pl.DataFrame(
            {
                "path": np.tile(cell_path, n),
                "financial_year": np.tile(cell_year, n),
                "ledger": np.repeat([b[0] for b in part], paths * years),
                "line": np.repeat([b[1] for b in part], paths * years),
                "value_gbp_m": np.concatenate([np.asarray(b[2], dtype=float).reshape(-1) for b in part]),
            }
        )
        yield frame.select(pl.lit(scenario, dtype=pl.String).alias("scenario"), pl.all())


def ledger_table(ledgers: FinanceLedgers, scenario: str) -> pl.DataFrame:
    """Tidy long table of every ledger line: scenario, path, financial_year, ledger, line, value_gbp_m
    (then the ``social_care`` placement-type lines, when the ledgers have them)."""
    return pl.concat(list(ledger_table_parts(ledgers, scenario)))
