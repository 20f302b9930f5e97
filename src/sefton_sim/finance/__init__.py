"""Money: High Needs Block, home-to-school transport and the General Fund / MTFP ledgers.

Pure numpy functions over simulated arrays ``[path, financial_year(, setting)]``; money in £m;
year index 0 is the first financial year of the council's money data (2024/25 for Sefton).

May import model, data, scenario, demand and social_care types; never simulate, outputs or above.
"""

from sefton_sim.finance.assumptions import FinanceAssumptions, resolve_finance
from sefton_sim.finance.general_fund import GeneralFundLedger, general_fund_ledger
from sefton_sim.finance.high_needs import HighNeedsLedger, high_needs_ledger, high_needs_spend_at_base_gbp_m
from sefton_sim.finance.ledgers import FinanceLedgers, finance_ledgers, ledger_table
from sefton_sim.finance.money_data import MoneyData, load_money_data
from sefton_sim.finance.transport import TransportCost, htst_cost, htst_cost_at_base_gbp_m

__all__ = [
    "FinanceAssumptions",
    "FinanceLedgers",
    "GeneralFundLedger",
    "HighNeedsLedger",
    "MoneyData",
    "TransportCost",
    "finance_ledgers",
    "general_fund_ledger",
    "high_needs_ledger",
    "high_needs_spend_at_base_gbp_m",
    "htst_cost",
    "htst_cost_at_base_gbp_m",
    "ledger_table",
    "load_money_data",
    "resolve_finance",
]
