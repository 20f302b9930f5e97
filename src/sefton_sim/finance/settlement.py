"""The settlement assumption by financial year: General Government Grants growth, with its source.

Grants are single-year settlements, so their path is a choice the scenario states, year by year:
``finance.government_grants_growth_by_year`` (with ``government_grants_source``), else one rate
for every year (``government_grants_growth_per_year``), else the data value
(``money_assumptions.csv``, flat cash for Sefton). Whichever applies, the MTFP assumptions table
(:func:`mtfp_assumptions_table`) shows the value of every year beside its source, so flat cash is
one stated choice, never a silent default.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from sefton_sim.errors import BadInputError
from sefton_sim.finance.money_data import ASSUMPTIONS_FILE, FUNDING_FILE, MoneyData
from sefton_sim.scenario.finance import FinanceSettings, financial_year_label, financial_year_start

GRANTS_BY_YEAR_KEY = "finance.government_grants_growth_by_year"


def grants_growth_by_year(settings: FinanceSettings, money: MoneyData, years: int) -> tuple[np.ndarray, list[str]]:
    """(growth on the year before [Y], source of each year) of General Government Grants; year 0 is published (0)."""
    first = money.first_financial_year
    if settings.government_grants_growth_per_year is not None:
        default, default_source = float(settings.government_grants_growth_per_year), "scenario: finance.government_grants_growth_per_year"
    else:
        parameter = money.parameters["government_grants_growth_per_year"]
        default, default_source = parameter.value, f"data: {ASSUMPTIONS_FILE} government_grants_growth_per_year ({parameter.source})"
    growth = np.full(years, default)
    sources = [default_source] * years
    for label, rate in (settings.government_grants_growth_by_year or {}).items():
        y = financial_year_start(label) - first
        if y <= 0:
            raise BadInputError(None, f"{GRANTS_BY_YEAR_KEY}.{label}", rate, f"a year after {financial_year_label(first)} (that year is published)")
        if y < years:
            growth[y] = rate
            sources[y] = f"scenario: {GRANTS_BY_YEAR_KEY} ({settings.government_grants_source})"
    growth[0] = 0.0
    sources[0] = f"data: {FUNDING_FILE} General Government Grants (published {financial_year_label(first)})"
    return growth, sources


EARMARKED_DRAW_KEY = "finance.earmarked_reserves_draw_gbp_m_by_year"
EARMARKED_DRAW_LINE = "earmarked_reserves_draw"
"""Funding line id of earmarked reserves released to the revenue budget (one-off, by year)."""


def earmarked_reserves_draw_by_year(settings: FinanceSettings | None, money: MoneyData, years: int) -> np.ndarray:
    """Earmarked reserves released to the revenue budget, £m [Y] (a funding line; 0 where not listed)."""
    first = money.first_financial_year
    draws = np.zeros(years)
    for label, amount in ({} if settings is None else settings.earmarked_reserves_draw_gbp_m_by_year).items():
        y = financial_year_start(label) - first
        if y <= 0:
            raise BadInputError(None, f"{EARMARKED_DRAW_KEY}.{label}", amount, f"a year after {financial_year_label(first)} (that year is published)")
        if y < years:
            draws[y] = amount
    return draws


def grants_index(settings: FinanceSettings, money: MoneyData, years: int) -> np.ndarray:
    """General Government Grants relative to the published first year [Y] (1.0 in year 0)."""
    growth, _ = grants_growth_by_year(settings, money, years)
    return np.cumprod(1.0 + growth)


def _rate_source(settings: FinanceSettings, money: MoneyData, key: str) -> tuple[float, str]:
    value = getattr(settings, key)
    if value is not None:
        return float(value), f"scenario: finance.{key}"
    parameter = money.parameters[key]
    return parameter.value, f"data: {ASSUMPTIONS_FILE} {key} ({parameter.source})"


def mtfp_assumptions_table(settings: FinanceSettings | None, money: MoneyData, council_tax_increase_pct: np.ndarray, scenario: str) -> pl.DataFrame:
    """Funding assumptions of every MTFP year with their sources: scenario, financial_year, item, value, unit, source.

    Items: General Government Grants (£m and growth), council tax increase (%), tax-base growth,
    business rates growth, pay award and price inflation (fractions per year)."""
    settings = settings if settings is not None else FinanceSettings()
    years = len(council_tax_increase_pct)
    growth, grant_sources = grants_growth_by_year(settings, money, years)
    grants_line = next(line for line in money.funding_lines if line.kind == "grants")
    grants = grants_line.amount_gbp_m * np.cumprod(1.0 + growth)
    ct_value = settings.council_tax_increase_pct
    ct_source = (
        "scenario: finance.council_tax_increase_pct"
        if ct_value is not None
        else f"data: {ASSUMPTIONS_FILE} council_tax_increase_pct ({money.parameters['council_tax_increase_pct'].source})"
    )
    rates = {key: _rate_source(settings, money, key) for key in ("council_tax_base_growth_per_year", "business_rates_growth_per_year")}
    rates["pay_award_per_year"] = _rate_source(settings, money, "pay_award_per_year")
    rates["price_inflation_per_year"] = _rate_source(settings, money, "price_inflation_per_year")
    rows: list[dict[str, object]] = []
    for y in range(years):
        label = financial_year_label(money.first_financial_year + y)
        rows.append({"financial_year": label, "item": "government_grants_gbp_m", "value": float(grants[y]), "unit": "£m", "source": grant_sources[y]})
        rows.append(
            {
                "financial_year": label,
                "item": "government_grants_growth",
                "value": float(growth[y]),
                "unit": "fraction on the year before",
                "source": grant_sources[y],
            }
        )
        published = y == 0
        rows.append(
            {
                "financial_year": label,
                "item": "council_tax_increase_pct",
                "value": float(council_tax_increase_pct[y]),
                "unit": "percent",
                "source": f"data: {FUNDING_FILE} (published budget)" if published else ct_source,
            }
        )
        for key, (value, source) in rates.items():
            rows.append(
                {
                    "financial_year": label,
                    "item": key,
                    "value": 0.0 if published else value,
                    "unit": "fraction per year",
                    "source": "published budget year" if published else source,
                }
            )
    return pl.DataFrame(rows).select(pl.lit(scenario).alias("scenario"), pl.all())
