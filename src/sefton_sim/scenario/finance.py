"""The finance block of a scenario: MTFP levers and the High Needs override policy.

Every field defaults to the council's baseline. ``None`` means "use the value in the council's
data folder" (``money_assumptions.csv``, ``gf_budget_2024_25.csv``, ``gf_funding_2024_25.csv``);
the finance package resolves it (``sefton_sim.finance.assumptions.resolve_finance``).

Units: money in £m; growth and inflation rates as fractions per year (0.03 = 3%); council tax
increases in percent (4.99 = 4.99%); financial years written ``"2025/26"``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, field_validator, model_validator

from sefton_sim.model.limits import MAX_SCENARIO_SAVINGS, NameText, NonNegativeMoneyGbpM, Pct, RatePerYear, Share, Text
from sefton_sim.scenario.base import StrictModel

OverridePolicy = Literal["ring_fenced", "falls_on_general_fund", "partial_write_off", "safety_valve"]
"""What happens to the High Needs deficit when the statutory override ends:

- ``ring_fenced``: the deficit stays off the General Fund (the override is in effect extended);
- ``falls_on_general_fund``: the accumulated deficit moves onto general balances in the year after
  the end date, and later in-year High Needs deficits fall on the General Fund too;
- ``partial_write_off``: government writes off ``write_off_share`` of the accumulated deficit at the
  end date; the rest falls on the General Fund as above;
- ``safety_valve``: DfE contributions each year while the High Needs Block reaches in-year balance
  by the agreed year; if it does not, as ``falls_on_general_fund``.
"""

_FY_PATTERN = re.compile(r"^(20\d\d)/(\d\d)$")


def financial_year_start(label: str) -> int:
    """The calendar year in which financial year ``label`` ("2025/26") starts (2025)."""
    match = _FY_PATTERN.match(label)
    if match is None:
        raise ValueError(f"financial year {label!r} must be written like '2025/26'")
    start = int(match.group(1))
    if int(match.group(2)) != (start + 1) % 100:
        raise ValueError(f"financial year {label!r} must span consecutive years, like '2025/26'")
    return start


def _checked_label(label: str) -> str:
    financial_year_start(label)
    return label


FinancialYear = Annotated[str, Field(max_length=7), AfterValidator(_checked_label)]
"""A financial year label such as "2025/26"."""


def financial_year_label(start_year: int) -> str:
    """The label of the financial year starting in April of ``start_year`` (2025 -> "2025/26")."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


class Saving(StrictModel):
    """A savings option with delivery risk (each path draws once whether it is delivered)."""

    name: NameText = Field(min_length=1, description="Savings option as a finance officer would name it.")
    saving_gbp_m_by_year: dict[FinancialYear, NonNegativeMoneyGbpM] = Field(
        min_length=1,
        description='Saving in £m by financial year, e.g. {"2025/26" = 1.5, "2026/27" = 3.0}.',
    )
    recurrent: bool = Field(True, description="If true, the last listed year's saving continues in every later year.")
    delivery_probability: Share = Field(1.0, ge=0.0, le=1.0, description="Chance the saving is delivered in full (else not at all).")
    in_base_budget: bool = Field(
        False,
        description="True if the published 2024/25 budget already counts this saving: non-delivery "
        "is then a pressure; false if it is a new option: delivery reduces spending.",
    )


class SafetyValveTerms(StrictModel):
    """Terms of a Safety Valve agreement (used when ``override_policy = "safety_valve"``)."""

    contribution_gbp_m_per_year: NonNegativeMoneyGbpM | None = Field(
        None, ge=0.0, le=200.0, description="DfE contribution towards the accumulated deficit, £m a year."
    )
    first_contribution_year: FinancialYear | None = Field(None, description='First financial year of contributions, e.g. "2025/26".')
    in_year_balance_by_year: FinancialYear | None = Field(
        None,
        description="Financial year from which the High Needs Block must be in in-year balance; "
        "contributions stop, and the deficit falls on the General Fund, in the first year from "
        "then on with an in-year deficit.",
    )


class FinanceSettings(StrictModel):
    """MTFP levers, inflation overrides and the High Needs override policy for a scenario."""

    council_tax_increase_pct: Pct | dict[FinancialYear, Pct] | None = Field(
        None,
        description="Council tax increase in percent per year from 2025/26: one number for every "
        "year, or a table by financial year (years not listed use the data value, 4.99).",
    )
    council_tax_referendum_cap_pct: Pct = Field(
        4.99,
        ge=0.0,
        le=100.0,
        description="Largest increase allowed without a referendum, percent (2.99 core + 2 adult "
        "social care precept; money_assumptions.csv). Increases above it are refused.",
    )
    council_tax_base_growth_per_year: RatePerYear | None = Field(
        None, ge=-0.1, le=0.1, description="Tax-base growth, fraction per year (data: 0.005)."
    )
    business_rates_growth_per_year: RatePerYear | None = Field(
        None, ge=-0.3, le=0.3, description="Retained business rates growth, fraction per year (data: 0.02)."
    )
    government_grants_growth_per_year: RatePerYear | None = Field(
        None, ge=-0.3, le=0.3, description="General government grants growth, fraction per year (data: 0, flat cash)."
    )
    government_grants_growth_by_year: dict[FinancialYear, RatePerYear] | None = Field(
        None,
        description="The settlement assumption: growth of General Government Grants in each financial year from 2025/26, "
        'fraction on the year before, e.g. {"2025/26" = 0.0, "2026/27" = -0.01}. Years not listed use '
        "government_grants_growth_per_year (or the data value). Needs government_grants_source.",
    )
    government_grants_source: Text | None = Field(
        None,
        description="Where the settlement assumption comes from (a fact with document and line, or starting_assumptions.md); "
        "required with government_grants_growth_by_year and shown beside every year in the MTFP assumptions table.",
    )
    pay_award_per_year: RatePerYear | None = Field(None, ge=-0.1, le=0.3, description="Pay award from 2025/26, fraction per year (data: 0.03).")
    price_inflation_per_year: RatePerYear | None = Field(
        None, ge=-0.1, le=0.3, description="Price inflation from 2025/26, fraction per year (data: 0.025)."
    )
    send_unit_cost_inflation_per_year: RatePerYear | None = Field(
        None, ge=-0.1, le=0.3, description="Inflation of SEND placement costs, fraction per year (data: 0.025)."
    )
    htst_cost_inflation_per_year: RatePerYear | None = Field(
        None, ge=-0.1, le=0.3, description="Inflation of home-to-school transport costs, fraction per year (data: 0.025)."
    )
    high_needs_grant_growth_per_year: RatePerYear | None = Field(
        None, ge=-0.3, le=0.3, description="High Needs grant growth after 2024/25, fraction per year (data: 0.03)."
    )
    money_ranges: Literal["sampled", "central"] = Field(
        "sampled",
        description="sampled: unit costs, INMSS fees, inflation, High Needs grant growth and the other High Needs "
        "lines vary between paths within their data ranges (finance/money_draws.py); central: every path at the "
        "central values (for comparisons that should show demand alone).",
    )
    override_end_date: dt.date | None = Field(
        None,
        description="Last day of the DSG statutory override (data: 2026-03-31). A date inside a "
        "financial year counts as the end of that financial year.",
    )
    override_policy: OverridePolicy = Field(
        "ring_fenced",
        description="What happens to the High Needs deficit when the override ends: ring_fenced, "
        "falls_on_general_fund, partial_write_off or safety_valve.",
    )
    write_off_share: Share | None = Field(
        None,
        ge=0.0,
        le=1.0,
        description="Share of the accumulated deficit government writes off (partial_write_off; data: 0.5).",
    )
    safety_valve: SafetyValveTerms = Field(default_factory=SafetyValveTerms, description="Safety Valve terms (safety_valve policy).")
    base_savings_delivery_probability: Share | None = Field(
        None,
        ge=0.0,
        le=1.0,
        description="Chance the undelivered part of the savings in the 2024/25 budget (ASC £3.9m of £4.8m) is delivered (data: 0.8).",
    )
    earmarked_reserves_draw_gbp_m_by_year: dict[FinancialYear, NonNegativeMoneyGbpM] = Field(
        default_factory=dict,
        description="Earmarked reserves released to support the revenue budget, £m by financial year from 2025/26, "
        'e.g. {"2025/26" = 2.0}: a one-off funding line (earmarked_reserves_draw), not a saving.',
    )
    savings: list[Saving] = Field(
        default_factory=list,
        max_length=MAX_SCENARIO_SAVINGS,
        description="Savings options beyond those already in the 2024/25 budget.",
    )

    @model_validator(mode="after")
    def _within_referendum_cap(self) -> FinanceSettings:
        value = self.council_tax_increase_pct
        increases = value.values() if isinstance(value, dict) else ([] if value is None else [value])
        for pct in increases:
            if pct > self.council_tax_referendum_cap_pct + 1e-9:
                raise ValueError(f"council tax increase {pct}% is above the referendum cap {self.council_tax_referendum_cap_pct}%")
            if pct < -100.0:
                raise ValueError(f"council tax increase {pct}% is below -100%")
        return self

    @model_validator(mode="after")
    def _settlement_has_source(self) -> FinanceSettings:
        by_year = self.government_grants_growth_by_year
        if by_year is not None:
            if not self.government_grants_source or not self.government_grants_source.strip():
                raise ValueError("government_grants_growth_by_year needs government_grants_source (a fact or assumption)")
            for label, rate in by_year.items():
                if not -0.3 <= rate <= 0.3:
                    raise ValueError(f"government_grants_growth_by_year.{label} = {rate} must lie between -0.3 and 0.3")
        return self

    @field_validator("override_end_date")
    @classmethod
    def _end_date_in_range(cls, value: dt.date | None) -> dt.date | None:
        if value is not None and not dt.date(2024, 3, 31) <= value <= dt.date(2045, 3, 31):
            raise ValueError("override_end_date must lie between 2024-03-31 and 2045-03-31")
        return value
