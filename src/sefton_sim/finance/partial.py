"""The money a run can compute when some money tables are missing (see :mod:`.availability`).

High Needs spend on placements and the SEND part of home-to-school transport need only
send_settings.csv; with money_assumptions.csv present the whole High Needs and transport ledgers
are computed exactly as in a full run; without it they are at the unit costs' own prices (2023/24,
no inflation) and hold no grant, deficit, other High Needs lines or mainstream transport base.
The tidy table has the columns of :func:`.ledgers.ledger_table`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import polars as pl

from sefton_sim.data.council import CouncilData
from sefton_sim.finance.assumptions import resolve_finance
from sefton_sim.finance.availability import MoneyAvailability
from sefton_sim.finance.checks import as_paths_years_settings
from sefton_sim.finance.high_needs import GBP_PER_GBP_M, HighNeedsLedger, high_needs_ledger
from sefton_sim.finance.ledgers import SOCIAL_CARE_LEDGER, _high_needs_lines, _social_care_lines, _transport_lines
from sefton_sim.finance.money_data import MoneyData
from sefton_sim.finance.money_draws import MoneyDraws
from sefton_sim.finance.transport import TransportCost, htst_cost, htst_cost_from_send_part
from sefton_sim.model import states as st
from sefton_sim.scenario.finance import FinanceSettings, financial_year_label


@dataclass(frozen=True)
class PartialLedgers:
    """The ledgers of a run whose folder lacks some money tables; arrays [path, financial_year(, setting)], £m."""

    availability: MoneyAvailability
    year_labels: tuple[str, ...]
    high_needs: HighNeedsLedger | None  # the whole ledger, when money_assumptions.csv is present
    transport: TransportCost | None  # likewise
    placement_spend_gbp_m: np.ndarray  # [P, Y, S] at 2023/24 prices (used when high_needs is None)
    transport_send_gbp_m: np.ndarray  # [P, Y, S] at 2023/24 prices (used when transport is None)
    csc_package_cost_by_type_gbp_m: np.ndarray | None = None  # [P, Y, K] when the children's tables are present

    @property
    def high_needs_spend_gbp_m(self) -> np.ndarray:
        """High Needs spend [P, Y]: the ledger's, or placements only at 2023/24 prices."""
        if self.high_needs is not None:
            return self.high_needs.spend_gbp_m
        return self.placement_spend_gbp_m.sum(axis=2)


def partial_ledgers(
    council: CouncilData,
    money: MoneyData | None,
    settings: FinanceSettings | None,
    availability: MoneyAvailability,
    send_children_by_setting: np.ndarray,
    first_financial_year: int,
    send_transport_by_setting_gbp_m: np.ndarray | None = None,
    csc_package_cost_by_type_gbp_m: np.ndarray | None = None,
    money_draws: MoneyDraws | None = None,
) -> PartialLedgers:
    """High Needs and transport for simulated demand [P, Y, S], as far as the money tables allow.

    ``money`` is the money assumptions (None without money_assumptions.csv); ``first_financial_year``
    labels year 0 when there are none. ``send_transport_by_setting_gbp_m`` and ``csc_package_cost_by_type_gbp_m``
    (None without the children's tables) and ``money_draws`` as in ``finance_ledgers``.
    """
    children = as_paths_years_settings("send_children_by_setting", send_children_by_setting, st.S)
    years = children.shape[1]
    base = council.stock_base.sum(axis=(0, 1))
    placements = children * council.cost_gbp_per_child_per_year[None, None, :] / GBP_PER_GBP_M
    if send_transport_by_setting_gbp_m is None:
        send_transport = children * (council.share_transported * council.transport_cost_gbp_per_pupil_per_year)[None, None, :] / GBP_PER_GBP_M
    else:
        send_transport = as_paths_years_settings("send_transport_by_setting_gbp_m", send_transport_by_setting_gbp_m, st.S)
    high_needs = transport = None
    if money is not None:
        assumptions = resolve_finance(settings, money, years)
        first_financial_year = assumptions.first_financial_year
        high_needs = high_needs_ledger(children, council.cost_gbp_per_child_per_year, assumptions, money_draws)
        if send_transport_by_setting_gbp_m is None:
            transport = htst_cost(children, base, council.share_transported, council.transport_cost_gbp_per_pupil_per_year, assumptions, money_draws)
        else:
            transport = htst_cost_from_send_part(
                send_transport, base, council.share_transported, council.transport_cost_gbp_per_pupil_per_year, assumptions, money_draws
            )
    labels = tuple(financial_year_label(first_financial_year + y) for y in range(years))
    return PartialLedgers(availability, labels, high_needs, transport, placements, send_transport, csc_package_cost_by_type_gbp_m)


def _spend_only_lines(placements: np.ndarray) -> Iterator[tuple[str, np.ndarray]]:
    for s, setting in enumerate(st.SETTINGS):
        yield f"placements_{setting}", placements[:, :, s]
    yield "spend", placements.sum(axis=2)


def _send_transport_lines(send: np.ndarray) -> Iterator[tuple[str, np.ndarray]]:
    for s, setting in enumerate(st.SETTINGS):
        yield f"send_{setting}", send[:, :, s]
    yield "total", send.sum(axis=2)


def partial_ledger_table(ledgers: PartialLedgers, scenario: str) -> pl.DataFrame:
    """Tidy long table of the computed lines: scenario, path, financial_year, ledger, line, value_gbp_m.

    Without the money assumptions, High Needs ``spend`` is placements only and transport ``total``
    the SEND part only, both at 2023/24 prices.
    """
    high_needs = _high_needs_lines(ledgers.high_needs) if ledgers.high_needs is not None else _spend_only_lines(ledgers.placement_spend_gbp_m)
    transport = _transport_lines(ledgers.transport) if ledgers.transport is not None else _send_transport_lines(ledgers.transport_send_gbp_m)
    blocks = [("high_needs", line, values) for line, values in high_needs] + [("transport", line, values) for line, values in transport]
    if ledgers.csc_package_cost_by_type_gbp_m is not None:
        blocks.extend((SOCIAL_CARE_LEDGER, line, values) for line, values in _social_care_lines(ledgers.csc_package_cost_by_type_gbp_m))
    paths, years = ledgers.placement_spend_gbp_m.shape[:2]
    n = len(blocks)
    frame = pl.DataFrame(
        {
            "path": np.tile(np.repeat(np.arange(paths, dtype=np.int64), years), n),
            "financial_year": np.tile(np.tile(np.array(ledgers.year_labels), paths), n),
            "ledger": np.repeat([b[0] for b in blocks], paths * years),
            "line": np.repeat([b[1] for b in blocks], paths * years),
            "value_gbp_m": np.concatenate([np.asarray(b[2], dtype=float).reshape(-1) for b in blocks]),
        }
    )
    return frame.select(pl.lit(scenario, dtype=pl.String).alias("scenario"), pl.all())
