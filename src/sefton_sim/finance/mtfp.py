"""What the MTFP says about each year: the do-nothing position, one-off items and the gap bridge.

Three tables from a General Fund ledger (money in £m):

- ``mtfp_position``: per financial year, the budget gap to close before action, the High Needs
  charge inside it, the gap after the scenario's savings, what general balances cover and the
  **unfunded gap** (section 114 risk), balances against floor and target, and the probability
  that balances are first exhausted that year and by that year;
- ``mtfp_one_offs``: funding lines marked one-off in the data, the year they drop out and what
  that adds to the gap;
- ``mtfp_gap_bridge``: the year-on-year change in the budget gap line by line (means across
  paths, so the rows add up exactly to the change in the mean gap).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from sefton_sim.finance.assumptions import FinanceAssumptions
from sefton_sim.finance.general_fund import GeneralFundLedger
from sefton_sim.finance.money_data import FUNDING_FILE, MoneyData
from sefton_sim.finance.settlement import EARMARKED_DRAW_LINE

DO_NOTHING = "do nothing: no action beyond the scenario's savings; each year's budget gap drawn from general balances until exhausted"
"""How the ledger's position is labelled wherever it is shown."""


def _pct(values: np.ndarray, q: float) -> np.ndarray:
    return np.percentile(values, q, axis=0)


def exhaustion_probabilities(ledger: GeneralFundLedger) -> tuple[np.ndarray, np.ndarray]:
    """(P(balances first exhausted in year y), P(exhausted in year y or before)) [Y]."""
    years = ledger.gap_gbp_m.shape[1]
    first = np.array([(ledger.exhaustion_year == y).mean() for y in range(years)])
    return first, np.cumsum(first)


def mtfp_position_table(ledger: GeneralFundLedger, assumptions: FinanceAssumptions, scenario: str) -> pl.DataFrame:
    """The do-nothing MTFP position per financial year (£m; probabilities as shares 0-1)."""
    first, by_year = exhaustion_probabilities(ledger)
    return pl.DataFrame(
        {
            "financial_year": assumptions.year_labels(),
            "position": DO_NOTHING,
            "budget_gap_before_action_p10_gbp_m": _pct(ledger.budget_gap_before_action_gbp_m, 10),
            "budget_gap_before_action_p50_gbp_m": _pct(ledger.budget_gap_before_action_gbp_m, 50),
            "budget_gap_before_action_p90_gbp_m": _pct(ledger.budget_gap_before_action_gbp_m, 90),
            "services_gap_p50_gbp_m": _pct(ledger.gap_gbp_m, 50),
            "high_needs_charge_p50_gbp_m": _pct(ledger.high_needs_charge_gbp_m, 50),
            "high_needs_charge_mean_gbp_m": ledger.high_needs_charge_gbp_m.mean(axis=0),
            "savings_delivered_mean_gbp_m": ledger.savings_delivered_gbp_m.mean(axis=0),
            "budget_gap_p50_gbp_m": _pct(ledger.budget_gap_gbp_m, 50),
            "drawn_from_balances_p50_gbp_m": _pct(ledger.draws_gbp_m, 50),
            "unfunded_gap_mean_gbp_m": ledger.unfunded_gap_gbp_m.mean(axis=0),
            "unfunded_gap_p50_gbp_m": _pct(ledger.unfunded_gap_gbp_m, 50),
            "unfunded_gap_p90_gbp_m": _pct(ledger.unfunded_gap_gbp_m, 90),
            "general_balances_closing_p10_gbp_m": _pct(ledger.general_balances_closing_gbp_m, 10),
            "general_balances_closing_p50_gbp_m": _pct(ledger.general_balances_closing_gbp_m, 50),
            "general_balances_closing_p90_gbp_m": _pct(ledger.general_balances_closing_gbp_m, 90),
            "general_balances_floor_p50_gbp_m": _pct(ledger.floor_gbp_m, 50),
            "general_balances_target_gbp_m": assumptions.general_balances_target_gbp_m,
            "p_balances_exhausted_first_this_year": first,
            "p_balances_exhausted_by_this_year": by_year,
            "p_unfunded_gap": ledger.exhausted.mean(axis=0),
        }
    ).select(pl.lit(scenario).alias("scenario"), pl.all())


def one_offs_table(money: MoneyData, assumptions: FinanceAssumptions, scenario: str, earmarked_draw_gbp_m: np.ndarray | None = None) -> pl.DataFrame:
    """Funding lines marked ``one_off`` in the data, and earmarked reserves released to the budget
    (``earmarked_draw_gbp_m`` [Y], the scenario's): amount, the year counted, the year it drops
    out and what that adds to the budget gap then (£m), with the source."""
    labels = assumptions.year_labels()
    rows = [
        {
            "line": line.label,
            "kind": line.kind,
            "amount_gbp_m": line.amount_gbp_m,
            "counted_in": labels[0],
            "drops_out_in": labels[1] if len(labels) > 1 else "after the horizon",
            "adds_to_gap_gbp_m": line.amount_gbp_m,
            "source": f"{FUNDING_FILE}: {line.source}",
        }
        for line in money.funding_in_total
        if line.one_off
    ]
    draws = np.zeros(len(labels)) if earmarked_draw_gbp_m is None else np.asarray(earmarked_draw_gbp_m, dtype=float)
    for y in np.flatnonzero(draws > 0):
        following = float(draws[y + 1]) if y + 1 < len(labels) else 0.0
        rows.append(
            {
                "line": "Earmarked reserves released to the revenue budget",
                "kind": EARMARKED_DRAW_LINE,
                "amount_gbp_m": float(draws[y]),
                "counted_in": labels[y],
                "drops_out_in": labels[y + 1] if y + 1 < len(labels) else "after the horizon",
                "adds_to_gap_gbp_m": max(float(draws[y]) - following, 0.0),
                "source": "scenario: finance.earmarked_reserves_draw_gbp_m_by_year",
            }
        )
    schema = {
        "line": pl.String,
        "kind": pl.String,
        "amount_gbp_m": pl.Float64,
        "counted_in": pl.String,
        "drops_out_in": pl.String,
        "adds_to_gap_gbp_m": pl.Float64,
        "source": pl.String,
    }
    return pl.DataFrame(rows, schema=schema).select(pl.lit(scenario).alias("scenario"), pl.all())


def _bridge_lines(ledger: GeneralFundLedger, money: MoneyData) -> list[tuple[str, str, np.ndarray]]:
    """(cause, line, signed contribution to the budget gap [P, Y]) for every line of the gap."""
    one_off = {line.id for line in money.funding_in_total if line.one_off} | {EARMARKED_DRAW_LINE}
    out: list[tuple[str, str, np.ndarray]] = []
    for line_id, values in ledger.budget_lines_gbp_m.items():
        kind = ledger.budget_line_kinds[line_id]
        cause = "general government grants (settlement)" if kind == "grants" else ("services" if kind == "service" else kind)
        out.append((cause, line_id, values))
    if ledger.sen_casework_officers_added_gbp_m is not None:
        out.append(("SEN casework officers added (casework rule)", "sen_casework_officers_added", ledger.sen_casework_officers_added_gbp_m))
    out.append(("savings", "savings_shortfall", ledger.savings_shortfall_gbp_m))
    out.append(("savings", "savings_delivered", -ledger.savings_delivered_gbp_m))
    for line_id, values in ledger.funding_lines_gbp_m.items():
        out.append(("one-off funding" if line_id in one_off else "funding", line_id, -values))
    out.append(("High Needs charge (override ended)", "high_needs_charge", ledger.high_needs_charge_gbp_m))
    return out


def gap_bridge_table(ledger: GeneralFundLedger, money: MoneyData, assumptions: FinanceAssumptions, scenario: str) -> pl.DataFrame:
    """Change in the mean budget gap from each year to the next, line by line (£m; positive widens
    the gap). The rows of a year add up to the change of that year's ``budget_gap`` (mean)."""
    labels = assumptions.year_labels()
    rows: list[dict[str, object]] = []
    for cause, line_id, values in _bridge_lines(ledger, money):
        means = values.mean(axis=0)
        for y in range(1, len(labels)):
            rows.append(
                {
                    "financial_year": labels[y],
                    "from_year": labels[y - 1],
                    "cause": cause,
                    "line": line_id,
                    "from_gbp_m": float(means[y - 1]),
                    "to_gbp_m": float(means[y]),
                    "change_in_gap_gbp_m": float(means[y] - means[y - 1]),
                }
            )
    schema = {
        "financial_year": pl.String,
        "from_year": pl.String,
        "cause": pl.String,
        "line": pl.String,
        "from_gbp_m": pl.Float64,
        "to_gbp_m": pl.Float64,
        "change_in_gap_gbp_m": pl.Float64,
    }
    frame = pl.DataFrame(rows, schema=schema)
    return frame.sort("financial_year", maintain_order=True).select(pl.lit(scenario).alias("scenario"), pl.all())
