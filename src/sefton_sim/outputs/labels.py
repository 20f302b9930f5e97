"""Ledger lines, needs and age bands in the council's words (for the report and the workbook)."""

from __future__ import annotations

LINE_LABELS: dict[tuple[str, str], str] = {
    ("high_needs", "grant"): "High Needs grant (DSG High Needs Block)",
    ("high_needs", "placements_mainstream"): "Top-up funding: mainstream schools",
    ("high_needs", "placements_sen_unit"): "Top-up funding: SEN units / resourced provision",
    ("high_needs", "placements_special"): "Maintained special school places",
    ("high_needs", "placements_inmss"): "Independent / non-maintained special school (INMSS) places",
    ("high_needs", "placements_college"): "Post-16 college / specialist college (element 3)",
    ("high_needs", "placements_ap_other"): "Alternative provision / EOTAS / other",
    ("high_needs", "early_years_hnf"): "Early-years High Needs Funding",
    ("high_needs", "complementary_education_other"): "Complementary education (Section 19) and other",
    ("high_needs", "spend"): "Total High Needs spend",
    ("high_needs", "in_year_deficit"): "In-year deficit (spend less grant)",
    ("high_needs", "safety_valve_contribution"): "Safety Valve contribution",
    ("high_needs", "written_off"): "Deficit written off by government",
    ("high_needs", "deficit_transferred_to_general_fund"): "Accumulated deficit moved to the General Fund",
    ("high_needs", "in_year_deficit_to_general_fund"): "In-year deficit charged to the General Fund",
    ("high_needs", "cumulative_deficit"): "Cumulative deficit at 31 March",
    ("transport", "send_mainstream"): "SEND pupils in mainstream",
    ("transport", "send_sen_unit"): "SEND pupils in SEN units",
    ("transport", "send_special"): "SEND pupils in special schools",
    ("transport", "send_inmss"): "SEND pupils in INMSS",
    ("transport", "send_college"): "SEND students at college",
    ("transport", "send_ap_other"): "SEND pupils in AP / other",
    ("transport", "mainstream_base"): "Mainstream (non-SEND) transport",
    ("transport", "total"): "Total home-to-school transport",
    ("general_fund", "strategic_management"): "Strategic Management",
    ("general_fund", "adult_social_care"): "Adult Social Care",
    ("general_fund", "childrens_social_care"): "Children's Social Care",
    ("general_fund", "communities"): "Communities",
    ("general_fund", "corporate_resources"): "Corporate Resources",
    ("general_fund", "economic_growth_housing"): "Economic Growth and Housing",
    ("general_fund", "education_excellence"): "Education Excellence",
    ("general_fund", "health_wellbeing"): "Health and Wellbeing",
    ("general_fund", "highways_public_protection"): "Highways and Public Protection",
    ("general_fund", "operational_in_house_services"): "Operational In-House Services",
    ("general_fund", "property_and_building_services"): "Property and Building Services",
    ("general_fund", "total_service_net_expenditure"): "Total service net expenditure",
    ("general_fund", "council_wide_budgets"): "Council-wide budgets",
    ("general_fund", "levies"): "Levies",
    ("general_fund", "general_government_grants"): "General government grants",
    ("general_fund", "total_net_expenditure"): "Total net expenditure",
    ("general_fund", "savings_shortfall"): "Savings not delivered",
    ("general_fund", "savings_delivered"): "Savings delivered",
    ("general_fund", "spending"): "Net spending",
    ("general_fund", "council_tax_requirement"): "Council tax requirement",
    ("general_fund", "retained_business_rates"): "Retained business rates",
    ("general_fund", "council_tax_collection_fund_surplus"): "Council tax collection fund surplus",
    ("general_fund", "business_rates_collection_fund_surplus"): "Business rates collection fund surplus",
    ("general_fund", "other_funding_unexplained"): "Other funding (not itemised in the budget report)",
    ("general_fund", "funding"): "Total funding",
    ("general_fund", "gap"): "Budget gap (spending less funding)",
    ("general_fund", "high_needs_charge"): "High Needs deficit charged to the General Fund",
    ("general_fund", "draws"): "Draw on general balances",
    ("general_fund", "contributions"): "Contribution to general balances",
    ("general_fund", "general_balances_opening"): "General balances at 1 April",
    ("general_fund", "general_balances_closing"): "General balances at 31 March",
    ("general_fund", "general_balances_floor"): "Floor: 6.5% of net revenue budget",
    ("social_care", "csc_packages_in_house_fostering"): "Children looked after: in-house fostering",
    ("social_care", "csc_packages_ifa_fostering"): "Children looked after: independent fostering agency",
    ("social_care", "csc_packages_residential"): "Children looked after: residential",
    ("social_care", "csc_packages_supported_accommodation"): "Children looked after: supported accommodation",
    ("social_care", "csc_packages_parents_kinship_other"): "Children looked after: with parents / kinship / other",
    ("social_care", "csc_packages"): "Children's social care packages, total",
    ("social_care", "asc_packages_net"): "Adult social care packages (net of client contributions)",
}

FLAG_SUFFIX = "_flag"
"""Lines that are 0/1 indicators per path (their means are probabilities): kept out of money sheets."""


def line_label(ledger: str, line: str) -> str:
    """A ledger line in the council's words (the code, tidied, for a line not listed)."""
    return LINE_LABELS.get((ledger, line), line.replace("_", " ").capitalize())


def is_flag(line: str) -> bool:
    """Whether a ledger line is a 0/1 indicator rather than money."""
    return line.endswith(FLAG_SUFFIX)
