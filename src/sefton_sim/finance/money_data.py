"""Load the money tables of a council data folder: budget, funding and money assumptions.

Tables (CSV, every row with a ``source``):
``gf_budget_2024_25.csv`` (the published revenue budget table, £m),
``gf_funding_2024_25.csv`` (council tax, business rates, grants, collection fund, other, £m),
``money_assumptions.csv`` (growth rates, High Needs grant and deficit, reserves, savings, policy).
Every failure is a one-line :class:`~sefton_sim.errors.BadInputError`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from sefton_sim.data import tables as t
from sefton_sim.data.council import Parameter
from sefton_sim.errors import BadInputError
from sefton_sim.model import limits as lim

BUDGET_FILE: Final = "gf_budget_2024_25.csv"
FUNDING_FILE: Final = "gf_funding_2024_25.csv"
ASSUMPTIONS_FILE: Final = "money_assumptions.csv"

BUDGET_KINDS: Final[tuple[str, ...]] = ("service", "service_total", "council_wide", "levy", "grants", "total")
DEMAND_LED: Final[tuple[str, ...]] = ("none", "asc", "csc", "htst")
FUNDING_KINDS: Final[tuple[str, ...]] = ("council_tax", "business_rates", "grants", "collection_fund", "other")
FUNDING_TREATMENTS: Final[tuple[str, ...]] = ("funding", "netted_in_spending")
NON_NEGATIVE_FUNDING: Final[tuple[str, ...]] = ("council_tax", "business_rates", "grants")
ARITHMETIC_TOLERANCE_GBP_M: Final = 0.0005  # published figures are to £0.001m

REQUIRED_PARAMETERS: Final[tuple[str, ...]] = (
    "first_financial_year",
    "pay_award_per_year",
    "price_inflation_per_year",
    "council_tax_increase_pct",
    "council_tax_referendum_cap_pct",
    "council_tax_base_growth_per_year",
    "business_rates_growth_per_year",
    "government_grants_growth_per_year",
    "other_funding_growth_per_year",
    "high_needs_grant_2023_24_gbp_m",
    "high_needs_grant_uplift_2024_25",
    "high_needs_grant_growth_per_year",
    "high_needs_spend_2023_24_gbp_m",
    "high_needs_deficit_2024_03_31_gbp_m",
    "hn_early_years_hnf_gbp_m",
    "hn_complementary_education_other_gbp_m",
    "hn_other_lines_volume_growth_per_year",
    "send_unit_cost_inflation_per_year",
    "htst_mainstream_base_gbp_m",
    "htst_cost_inflation_per_year",
    "general_balances_2024_04_01_gbp_m",
    "general_balances_floor_share",
    "general_balances_target_gbp_m",
    "asc_savings_2024_25_gbp_m",
    "asc_savings_delivered_by_june_2024_gbp_m",
    "asc_savings_remaining_delivery_probability",
    "hn_write_off_share",
    "safety_valve_contribution_gbp_m_per_year",
    "safety_valve_first_contribution_year",
    "safety_valve_in_year_balance_by_year",
)
HIGH_NEEDS_OTHER_LINES: Final[tuple[str, ...]] = ("hn_early_years_hnf_gbp_m", "hn_complementary_education_other_gbp_m")
"""Parameters holding the High Needs lines besides placements (£m at 2023/24 prices)."""


def line_id(label: str) -> str:
    """A snake_case id for a published line label ("Children's Social Care" -> "childrens_social_care")."""
    return re.sub(r"[^a-z0-9]+", "_", label.lower().replace("'", "")).strip("_")


@dataclass(frozen=True)
class BudgetLine:
    """One line of the published 2024/25 revenue budget table (£m, net)."""

    id: str
    label: str
    kind: str  # service / council_wide / levy / grants
    budget_gbp_m: float
    demand_led: str  # none / asc / csc / htst
    demand_led_gbp_m: float  # the part of the line replaced by simulated cost
    pay_share: float  # share of the rest that grows with pay (the remainder grows with prices)
    source: str


@dataclass(frozen=True)
class FundingLine:
    """One 2024/25 funding stream (£m)."""

    id: str
    label: str
    kind: str  # council_tax / business_rates / grants / collection_fund / other
    amount_gbp_m: float
    treatment: str  # funding, or netted_in_spending (counted in the budget table instead)
    source: str
    one_off: bool = False  # counts in the first year only, then drops out (``one_off`` column)


@dataclass(frozen=True)
class MoneyData:
    """The checked money tables of one council."""

    folder: Path
    budget_lines: tuple[BudgetLine, ...]  # service, council-wide, levy and grants lines in table order
    service_total_gbp_m: float  # published Total Service Net Expenditure
    total_net_expenditure_gbp_m: float  # published Total Net Expenditure
    funding_lines: tuple[FundingLine, ...]  # all rows, including those netted in spending
    parameters: dict[str, Parameter]
    override_end_date: dt.date
    file_hashes: dict[str, str] = field(default_factory=dict)

    def value(self, name: str) -> float:
        """A named money assumption (its central value)."""
        return self.parameters[name].value

    def demand_led_line(self, kind: str) -> BudgetLine:
        """The budget line holding a demand-led cost (``asc``, ``csc`` or ``htst``)."""
        for line in self.budget_lines:
            if line.demand_led == kind:
                return line
        raise BadInputError(self.folder / BUDGET_FILE, "demand_led", kind, f"a line with demand_led = {kind}")

    @property
    def funding_in_total(self) -> tuple[FundingLine, ...]:
        """The funding rows counted as funding (grants are netted in the budget table)."""
        return tuple(line for line in self.funding_lines if line.treatment == "funding")

    @property
    def first_financial_year(self) -> int:
        """Calendar year in which ledger year 0 starts (2024 for 2024/25)."""
        return int(self.value("first_financial_year"))


def _load_budget(path: Path) -> tuple[tuple[BudgetLine, ...], float, float]:
    frame = t.read_table(
        path,
        ["line", "kind", "budget_gbp_m", "demand_led", "demand_led_gbp_m", "pay_share"],
        {"budget_gbp_m": lim.MONEY_GBP_M, "demand_led_gbp_m": lim.NON_NEGATIVE_MONEY_GBP_M, "pay_share": lim.SHARE},
    )
    t.check_names(frame, "line", path)
    t.check_in_set(frame, "kind", BUDGET_KINDS, path)
    t.check_in_set(frame, "demand_led", DEMAND_LED, path)
    t.check_non_negative(frame, "demand_led_gbp_m", path)
    lines: list[BudgetLine] = []
    totals: dict[str, tuple[int, float]] = {}
    seen_demand: set[str] = set()
    for row_number, row in enumerate(frame.iter_rows(named=True), start=2):
        kind, amount = row["kind"], row["budget_gbp_m"]
        if not 0.0 <= row["pay_share"] <= 1.0:
            raise BadInputError(path, f"row {row_number}.pay_share", row["pay_share"], "a share between 0 and 1")
        if kind == "levy" and amount < 0:
            raise BadInputError(path, f"row {row_number}.budget_gbp_m", amount, "a non-negative levy")
        if kind == "grants" and amount > 0:
            raise BadInputError(path, f"row {row_number}.budget_gbp_m", amount, "grants as a negative (netted) amount")
        if row["demand_led"] != "none":
            if kind != "service" or row["demand_led"] in seen_demand:
                raise BadInputError(path, f"row {row_number}.demand_led", row["demand_led"], "once, on a service line")
            if row["demand_led_gbp_m"] > amount + ARITHMETIC_TOLERANCE_GBP_M:
                raise BadInputError(path, f"row {row_number}.demand_led_gbp_m", row["demand_led_gbp_m"], f"at most the line's budget {amount}")
            seen_demand.add(row["demand_led"])
        if kind in ("service_total", "total"):
            if kind in totals:
                raise BadInputError(path, f"row {row_number}.kind", kind, "one row of each total")
            totals[kind] = (row_number, amount)
            continue
        lines.append(
            BudgetLine(
                line_id(row["line"]),
                row["line"],
                kind,
                amount,
                row["demand_led"],
                row["demand_led_gbp_m"] if row["demand_led"] != "none" else 0.0,
                row["pay_share"],
                row["source"],
            )
        )
    for kind in ("service_total", "total"):
        if kind not in totals:
            raise BadInputError(path, "kind", None, f"a row of kind '{kind}'")
    for demand in DEMAND_LED[1:]:
        if demand not in seen_demand:
            raise BadInputError(path, "demand_led", demand, f"a service line with demand_led = {demand}")
    service_sum = sum(line.budget_gbp_m for line in lines if line.kind == "service")
    total_sum = sum(line.budget_gbp_m for line in lines)
    for kind, computed in (("service_total", service_sum), ("total", total_sum)):
        row_number, published = totals[kind]
        if abs(computed - published) > ARITHMETIC_TOLERANCE_GBP_M:
            raise BadInputError(path, f"row {row_number}.budget_gbp_m", published, f"the sum of its lines, {computed:.3f}")
    return tuple(lines), totals["service_total"][1], totals["total"][1]


ONE_OFF_VALUES: Final[dict[str, bool]] = {"true": True, "false": False}


def _one_off(path: Path, row_number: int, row: dict[str, object]) -> bool:
    """The ``one_off`` column of a funding row (true/false); without the column a collection-fund
    surplus is one-off and every other line recurs."""
    if "one_off" not in row:
        return row["kind"] == "collection_fund"
    text = str(row["one_off"] or "").strip().lower()
    if text not in ONE_OFF_VALUES:
        raise BadInputError(path, f"row {row_number}.one_off", row["one_off"], "true or false")
    if ONE_OFF_VALUES[text] and row["treatment"] != "funding":
        raise BadInputError(path, f"row {row_number}.one_off", row["one_off"], "false for a line netted in spending")
    return ONE_OFF_VALUES[text]


def _load_funding(path: Path) -> tuple[FundingLine, ...]:
    frame = t.read_table(path, ["line", "kind", "amount_gbp_m", "treatment"], {"amount_gbp_m": lim.MONEY_GBP_M})
    t.check_names(frame, "line", path)
    t.check_in_set(frame, "kind", FUNDING_KINDS, path)
    t.check_in_set(frame, "treatment", FUNDING_TREATMENTS, path)
    out: list[FundingLine] = []
    for row_number, row in enumerate(frame.iter_rows(named=True), start=2):
        one_off = _one_off(path, row_number, row)
        if row["kind"] in NON_NEGATIVE_FUNDING and row["amount_gbp_m"] < 0:
            raise BadInputError(path, f"row {row_number}.amount_gbp_m", row["amount_gbp_m"], "a non-negative amount in £m")
        expected = "netted_in_spending" if row["kind"] == "grants" else "funding"
        if row["treatment"] != expected:
            raise BadInputError(path, f"row {row_number}.treatment", row["treatment"], f"'{expected}' for {row['kind']}")
        out.append(FundingLine(line_id(row["line"]), row["line"], row["kind"], row["amount_gbp_m"], row["treatment"], row["source"], one_off))
    for kind in ("council_tax", "business_rates", "grants"):
        if sum(1 for line in out if line.kind == kind) != 1:
            raise BadInputError(path, "kind", kind, f"exactly one row of kind '{kind}'")
    return tuple(out)


def limit_of_unit(unit: str) -> lim.Limit:
    """The range a money assumption must lie in, from its ``unit`` column."""
    text = unit.strip().lower()
    if text.startswith("£m"):
        return lim.NON_NEGATIVE_MONEY_GBP_M
    if text.startswith("financial year"):
        return lim.YEAR
    if text.startswith("percent"):
        return lim.PCT
    if text.startswith("fraction"):
        return lim.RATE_PER_YEAR
    if text.startswith(("share", "probability")):
        return lim.SHARE
    return lim.NUMBER


def _load_parameters(path: Path) -> tuple[dict[str, Parameter], dt.date]:
    frame = t.read_table(path, ["parameter", "value", "low", "high", "unit"])
    params: dict[str, Parameter] = {}
    end_date: dt.date | None = None
    for row_number, row in enumerate(frame.iter_rows(named=True), start=2):
        name, unit = row["parameter"], str(row["unit"])
        if name in params or (name == "override_end_date" and end_date is not None):
            raise BadInputError(path, f"row {row_number}.parameter", name, "each parameter once")
        if unit == "date":
            dates = [t.parse_date(row[c], path, f"row {row_number}.{c}") for c in ("value", "low", "high")]
            if not dates[1] <= dates[0] <= dates[2]:
                raise BadInputError(path, f"row {row_number}.value", row["value"], f"within {row['low']}-{row['high']}")
            if name == "override_end_date":
                end_date = dates[0]
            continue
        limit = limit_of_unit(unit)
        value, low, high = (lim.parse_number(row[c], path, f"row {row_number}.{c}", limit) for c in ("value", "low", "high"))
        if not low <= value <= high:
            raise BadInputError(path, f"row {row_number}.value", value, f"within its range {low}-{high}")
        params[name] = Parameter(name, value, low, high, unit, False, row["source"])
    for name in REQUIRED_PARAMETERS:
        if name not in params:
            raise BadInputError(path, "parameter", name, "a row for every money assumption")
    if end_date is None:
        raise BadInputError(path, "parameter", "override_end_date", "a row with unit 'date'")
    return params, end_date


def load_money_data(folder: str | Path) -> MoneyData:
    """Read and check the money tables of a council data folder (money in £m)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise BadInputError(folder, "data_folder", str(folder), "an existing council data folder")
    lines, service_total, total = _load_budget(folder / BUDGET_FILE)
    funding_path = folder / FUNDING_FILE
    funding = _load_funding(funding_path)
    grants_line = sum(line.budget_gbp_m for line in lines if line.kind == "grants")
    grants_funding = next(line for line in funding if line.kind == "grants")
    if abs(grants_funding.amount_gbp_m + grants_line) > ARITHMETIC_TOLERANCE_GBP_M:
        raise BadInputError(
            funding_path,
            f"{grants_funding.label}.amount_gbp_m",
            grants_funding.amount_gbp_m,
            f"minus the budget table's grants line ({-grants_line:.3f})",
        )
    funding_total = sum(line.amount_gbp_m for line in funding if line.treatment == "funding")
    if abs(funding_total - total) > ARITHMETIC_TOLERANCE_GBP_M:
        raise BadInputError(
            funding_path,
            "amount_gbp_m (sum of funding rows)",
            round(funding_total, 6),
            f"Total Net Expenditure {total:.3f} (balance it with the 'other' row)",
        )
    params, end_date = _load_parameters(folder / ASSUMPTIONS_FILE)
    files = (folder / BUDGET_FILE, funding_path, folder / ASSUMPTIONS_FILE)
    return MoneyData(
        folder=folder,
        budget_lines=lines,
        service_total_gbp_m=service_total,
        total_net_expenditure_gbp_m=total,
        funding_lines=funding,
        parameters=params,
        override_end_date=end_date,
        file_hashes={p.name: t.file_sha256(p) for p in files},
    )


def load_present_money_data(folder: str | Path) -> MoneyData | None:
    """The money tables present in ``folder``, each checked as :func:`load_money_data` checks it.

    All three present: exactly :func:`load_money_data`. Without ``money_assumptions.csv``: None
    (after checking the budget and funding tables that are there). With the assumptions but not
    both budget tables: the assumptions alone, with no budget or funding lines (enough for the
    High Needs and transport ledgers; the General Fund is not computed then).
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise BadInputError(folder, "data_folder", str(folder), "an existing council data folder")
    present = {name for name in (BUDGET_FILE, FUNDING_FILE, ASSUMPTIONS_FILE) if (folder / name).exists() or (folder / name).is_symlink()}
    if len(present) == 3:
        return load_money_data(folder)
    if BUDGET_FILE in present:
        _load_budget(folder / BUDGET_FILE)
    if FUNDING_FILE in present:
        _load_funding(folder / FUNDING_FILE)
    if ASSUMPTIONS_FILE not in present:
        return None
    params, end_date = _load_parameters(folder / ASSUMPTIONS_FILE)
    return MoneyData(
        folder=folder,
        budget_lines=(),
        service_total_gbp_m=float("nan"),
        total_net_expenditure_gbp_m=float("nan"),
        funding_lines=(),
        parameters=params,
        override_end_date=end_date,
        file_hashes={ASSUMPTIONS_FILE: t.file_sha256(folder / ASSUMPTIONS_FILE)},
    )
