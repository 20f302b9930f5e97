"""Resolve a scenario's finance settings against the council's money data, year by year.

``None`` in :class:`~sefton_sim.scenario.finance.FinanceSettings` means "use the data table";
this module turns settings + data into per-year arrays that the ledgers read. Year index 0 is the
first financial year of the data (2024/25 for Sefton).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from sefton_sim.errors import BadInputError
from sefton_sim.finance.money_data import HIGH_NEEDS_OTHER_LINES, MoneyData
from sefton_sim.finance.settlement import grants_index
from sefton_sim.scenario.finance import FinanceSettings, financial_year_label, financial_year_start

SCENARIO_KEY = "finance"


@dataclass(frozen=True)
class SavingPlan:
    """A saving resolved to amounts per ledger year (£m) with its delivery probability."""

    name: str
    saving_gbp_m: np.ndarray  # [Y]
    delivery_probability: float
    in_base_budget: bool


@dataclass(frozen=True)
class FinanceAssumptions:
    """Everything the ledgers read, per financial year (index 0 = first year of the data)."""

    first_financial_year: int
    years: int
    pay_index: np.ndarray  # [Y] 1.0 in year 0 (the published budget's prices)
    price_index: np.ndarray  # [Y] 1.0 in year 0
    grants_index: np.ndarray  # [Y] 1.0 in year 0
    council_tax_increase_pct: np.ndarray  # [Y] percent; 0 in year 0 (published)
    council_tax_base_growth_per_year: float
    business_rates_growth_per_year: float
    other_funding_growth_per_year: float
    send_cost_index: np.ndarray  # [Y] SEND unit costs relative to 2023/24 prices ((1+i)^(y+1))
    htst_cost_index: np.ndarray  # [Y] transport unit costs relative to 2023/24 prices
    high_needs_grant_gbp_m: np.ndarray  # [Y]
    high_needs_other_lines_gbp_m: dict[str, float]  # at 2023/24 prices
    high_needs_other_volume_growth_per_year: float
    high_needs_deficit_opening_gbp_m: float
    htst_mainstream_base_gbp_m: float  # at 2023/24 prices
    override_policy: str
    override_end_date: dt.date
    override_transfer_year: int  # ledger year index in which the deficit first falls (may be >= years)
    write_off_share: float
    safety_valve_contribution_gbp_m_per_year: float
    safety_valve_first_year: int  # ledger year index
    safety_valve_balance_by_year: int  # ledger year index
    savings: tuple[SavingPlan, ...]
    general_balances_opening_gbp_m: float
    general_balances_floor_share: float
    general_balances_target_gbp_m: float

    def year_labels(self) -> list[str]:
        """Financial-year labels of the ledger years ("2024/25", ...)."""
        return [financial_year_label(self.first_financial_year + y) for y in range(self.years)]


def _pick(override: float | None, money: MoneyData, name: str) -> float:
    return money.value(name) if override is None else float(override)


def _compound_index(rate: float, years: int, offset: int = 0) -> np.ndarray:
    """(1 + rate) ** (y + offset) for y = 0..years-1."""
    return (1.0 + rate) ** (np.arange(years) + offset)


def financial_year_index(day: dt.date, first_financial_year: int) -> int:
    """Ledger index of the financial year (April-March) that contains ``day``."""
    start = day.year if day.month >= 4 else day.year - 1
    return start - first_financial_year


def _year_index(label: str, first: int, key: str) -> int:
    try:
        return financial_year_start(label) - first
    except ValueError as exc:
        raise BadInputError(None, f"{SCENARIO_KEY}.{key}", label, str(exc)) from None


def _council_tax(settings: FinanceSettings, money: MoneyData, years: int) -> np.ndarray:
    default = money.value("council_tax_increase_pct")
    cap = settings.council_tax_referendum_cap_pct
    if default > cap + 1e-9:
        raise BadInputError(
            money.folder / "money_assumptions.csv",
            "council_tax_increase_pct",
            default,
            f"at most the scenario's referendum cap {cap}",
        )
    pct = np.full(years, default)
    value = settings.council_tax_increase_pct
    if isinstance(value, dict):
        for label, increase in value.items():
            y = _year_index(label, money.first_financial_year, "council_tax_increase_pct")
            if y <= 0:
                raise BadInputError(
                    None,
                    f"{SCENARIO_KEY}.council_tax_increase_pct.{label}",
                    increase,
                    f"a year after {financial_year_label(money.first_financial_year)} (that year is published)",
                )
            if y < years:
                pct[y] = increase
    elif value is not None:
        pct[:] = value
    pct[0] = 0.0
    return pct


def _savings(settings: FinanceSettings, money: MoneyData, years: int) -> tuple[SavingPlan, ...]:
    first_year_label = financial_year_label(money.first_financial_year)
    delivered = money.value("asc_savings_delivered_by_june_2024_gbp_m")
    remaining = money.value("asc_savings_2024_25_gbp_m") - delivered
    probability = _pick(settings.base_savings_delivery_probability, money, "asc_savings_remaining_delivery_probability")
    plans = [
        SavingPlan(f"ASC savings {first_year_label} (delivered by June)", np.full(years, delivered), 1.0, True),
        SavingPlan(f"ASC savings {first_year_label} (remaining)", np.full(years, max(remaining, 0.0)), probability, True),
    ]
    for i, saving in enumerate(settings.savings):
        listed: dict[int, float] = {}
        for label, amount in saving.saving_gbp_m_by_year.items():
            y = _year_index(label, money.first_financial_year, f"savings[{i}].saving_gbp_m_by_year")
            if y < 0:
                raise BadInputError(
                    None,
                    f"{SCENARIO_KEY}.savings[{i}].saving_gbp_m_by_year.{label}",
                    amount,
                    f"a year from {first_year_label} on",
                )
            listed[y] = amount
        amounts = np.zeros(years)
        last: float | None = None
        for y in range(years):
            if y in listed:
                last = listed[y]
                amounts[y] = last
            elif saving.recurrent and last is not None:
                amounts[y] = last
        plans.append(SavingPlan(saving.name, amounts, saving.delivery_probability, saving.in_base_budget))
    return tuple(plans)


def resolve_finance(settings: FinanceSettings | None, money: MoneyData, years: int) -> FinanceAssumptions:
    """Combine scenario settings (``None`` = data value) with the money data for ``years`` ledger years."""
    if years < 1:
        raise BadInputError(None, "horizon_years", years, "at least one financial year")
    settings = settings if settings is not None else FinanceSettings()
    first = money.first_financial_year
    pay = _pick(settings.pay_award_per_year, money, "pay_award_per_year")
    prices = _pick(settings.price_inflation_per_year, money, "price_inflation_per_year")
    send_inflation = _pick(settings.send_unit_cost_inflation_per_year, money, "send_unit_cost_inflation_per_year")
    htst_inflation = _pick(settings.htst_cost_inflation_per_year, money, "htst_cost_inflation_per_year")
    hn_growth = _pick(settings.high_needs_grant_growth_per_year, money, "high_needs_grant_growth_per_year")

    hn_grant_first = money.value("high_needs_grant_2023_24_gbp_m") * (1.0 + money.value("high_needs_grant_uplift_2024_25"))
    end_date = settings.override_end_date or money.override_end_date
    terms = settings.safety_valve
    sv_first = (
        _year_index(terms.first_contribution_year, first, "safety_valve.first_contribution_year")
        if terms.first_contribution_year is not None
        else int(money.value("safety_valve_first_contribution_year")) - first
    )
    sv_by = (
        _year_index(terms.in_year_balance_by_year, first, "safety_valve.in_year_balance_by_year")
        if terms.in_year_balance_by_year is not None
        else int(money.value("safety_valve_in_year_balance_by_year")) - first
    )
    return FinanceAssumptions(
        first_financial_year=first,
        years=years,
        pay_index=_compound_index(pay, years),
        price_index=_compound_index(prices, years),
        grants_index=grants_index(settings, money, years),
        council_tax_increase_pct=_council_tax(settings, money, years),
        council_tax_base_growth_per_year=_pick(settings.council_tax_base_growth_per_year, money, "council_tax_base_growth_per_year"),
        business_rates_growth_per_year=_pick(settings.business_rates_growth_per_year, money, "business_rates_growth_per_year"),
        other_funding_growth_per_year=money.value("other_funding_growth_per_year"),
        send_cost_index=_compound_index(send_inflation, years, offset=1),
        htst_cost_index=_compound_index(htst_inflation, years, offset=1),
        high_needs_grant_gbp_m=hn_grant_first * _compound_index(hn_growth, years),
        high_needs_other_lines_gbp_m={name: money.value(name) for name in HIGH_NEEDS_OTHER_LINES},
        high_needs_other_volume_growth_per_year=money.value("hn_other_lines_volume_growth_per_year"),
        high_needs_deficit_opening_gbp_m=money.value("high_needs_deficit_2024_03_31_gbp_m"),
        htst_mainstream_base_gbp_m=money.value("htst_mainstream_base_gbp_m"),
        override_policy=settings.override_policy,
        override_end_date=end_date,
        override_transfer_year=financial_year_index(end_date, first) + 1,
        write_off_share=_pick(settings.write_off_share, money, "hn_write_off_share"),
        safety_valve_contribution_gbp_m_per_year=_pick(terms.contribution_gbp_m_per_year, money, "safety_valve_contribution_gbp_m_per_year"),
        safety_valve_first_year=sv_first,
        safety_valve_balance_by_year=sv_by,
        savings=_savings(settings, money, years),
        general_balances_opening_gbp_m=money.value("general_balances_2024_04_01_gbp_m"),
        general_balances_floor_share=money.value("general_balances_floor_share"),
        general_balances_target_gbp_m=money.value("general_balances_target_gbp_m"),
    )
