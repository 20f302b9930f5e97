"""The model's own 2023/24: the year before the ledgers start, priced like every later year.

The High Needs ledger starts in 2024/25, but the 2023/24 outturn is published (spend £63.7m
against a grant of £44.4m, an in-year overspend of £19.3m, fact 004_5a9339259cd50bf4.txt line
361). The unit costs are sized on that year, so the model's 2023/24 must reproduce it:

- children with EHC plans in 2023/24 by setting = the average of the stock at the twelve month
  starts 1 April 2023 ... 1 March 2024, each interpolated (linearly in days) between the EHCP
  stock facts of ``send_history.csv`` marked for calibration and the model's base-date stock
  (1 April 2024), shared over the settings by the base-date mix (the January 2024 census mix
  rolled to the base date; the settings of earlier censuses are not in the data folder);
- placements = those children x unit costs (``send_settings.csv``, 2023/24 prices);
- other lines = their 2023/24 amounts (``money_assumptions.csv``);
- grant = ``high_needs_grant_2023_24_gbp_m``; in-year deficit = spend - grant.

The base date's financial year must be the ledgers' first year (2024/25 for Sefton).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import polars as pl

from sefton_sim.data.council import CouncilData
from sefton_sim.errors import BadInputError
from sefton_sim.finance.money_data import HIGH_NEEDS_OTHER_LINES, MoneyData
from sefton_sim.scenario.finance import financial_year_label

GBP_PER_GBP_M = 1e6
STOCK_SERIES = "ehcp_stock"


@dataclass(frozen=True)
class HighNeedsBaseYear:
    """The model's High Needs ledger for the year before the first ledger year, £m."""

    financial_year: str  # "2023/24"
    children_by_setting: np.ndarray  # [S] average children with EHC plans over the year
    placement_spend_gbp_m: np.ndarray  # [S]
    other_lines_gbp_m: dict[str, float]
    grant_gbp_m: float
    deficit_closing_gbp_m: float  # the published balance at the end of the year (£38m for Sefton)

    @property
    def spend_gbp_m(self) -> float:
        """Placements plus other lines, £m."""
        return float(self.placement_spend_gbp_m.sum() + sum(self.other_lines_gbp_m.values()))

    @property
    def in_year_deficit_gbp_m(self) -> float:
        """Spend minus grant, £m."""
        return self.spend_gbp_m - self.grant_gbp_m


def month_starts_of_year(first_calendar_year: int) -> list[dt.date]:
    """The twelve month starts of the financial year starting in April of ``first_calendar_year``."""
    return [dt.date(first_calendar_year + (m + 3) // 12, (m + 3) % 12 + 1, 1) for m in range(12)]


def average_stock_over_year(council: CouncilData, base_date: dt.date) -> float:
    """Average EHCP stock over the financial year before ``base_date`` (children), from the facts and the base-date stock."""
    facts = council.history.filter((pl.col("series") == STOCK_SERIES) & (pl.col("used_in_calibration") == "yes"))
    points = sorted(
        [(d, float(v)) for d, v in zip(facts["period_start"].to_list(), facts["value"].to_list()) if d < base_date]
        + [(base_date, float(council.stock_base.sum()))]
    )
    months = month_starts_of_year(base_date.year - 1)
    if points[0][0] > months[0]:
        raise BadInputError(
            council.folder / "send_history.csv",
            STOCK_SERIES,
            points[0][0].isoformat(),
            f"an EHCP stock fact on or before {months[0]} (to price 2023/24)",
        )
    x = np.array([d.toordinal() for d, _ in points], dtype=float)
    y = np.array([v for _, v in points])
    return float(np.mean(np.interp([d.toordinal() for d in months], x, y)))


def children_by_setting_over_year(council: CouncilData, base_date: dt.date) -> np.ndarray:
    """Average children by setting [S] over the financial year before ``base_date`` (base-date setting mix)."""
    base = council.stock_base.sum(axis=(0, 1))
    return base / base.sum() * average_stock_over_year(council, base_date)


def high_needs_base_year(council: CouncilData, money: MoneyData, base_date: dt.date) -> HighNeedsBaseYear:
    """The model's 2023/24 High Needs ledger at central unit costs and other lines, £m."""
    first = money.first_financial_year
    if base_date.year != first:
        raise BadInputError(money.folder / "money_assumptions.csv", "first_financial_year", first, f"the base date's financial year {base_date.year}")
    children = children_by_setting_over_year(council, base_date)
    return HighNeedsBaseYear(
        financial_year=financial_year_label(first - 1),
        children_by_setting=children,
        placement_spend_gbp_m=children * council.cost_gbp_per_child_per_year / GBP_PER_GBP_M,
        other_lines_gbp_m={name: money.value(name) for name in HIGH_NEEDS_OTHER_LINES},
        grant_gbp_m=money.value("high_needs_grant_2023_24_gbp_m"),
        deficit_closing_gbp_m=money.value("high_needs_deficit_2024_03_31_gbp_m"),
    )


def unit_cost_scale_for_outturn(council: CouncilData, money: MoneyData, base_date: dt.date) -> float:
    """Factor on every unit cost that makes the model's 2023/24 spend equal the published outturn."""
    year = high_needs_base_year(council, money, base_date)
    placements_target = money.value("high_needs_spend_2023_24_gbp_m") - sum(year.other_lines_gbp_m.values())
    return float(placements_target / year.placement_spend_gbp_m.sum())
