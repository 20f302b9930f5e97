"""Money outputs of a run: percentile summaries, probabilities, headline numbers, fan charts."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import polars as pl  # noqa: E402

from sefton_sim.finance import mtfp  # noqa: E402
from sefton_sim.finance.ledgers import FinanceLedgers  # noqa: E402
from sefton_sim.finance.mtfp import exhaustion_probabilities  # noqa: E402
from sefton_sim.finance.partial import PartialLedgers  # noqa: E402
from sefton_sim.finance.settlement import EARMARKED_DRAW_LINE, mtfp_assumptions_table  # noqa: E402
from sefton_sim.outputs import plots  # noqa: E402
from sefton_sim.outputs.plots import legend_below, wrapped_title  # noqa: E402
from sefton_sim.outputs.results import PERCENTILES, summarise  # noqa: E402


def ledger_summary(table: pl.DataFrame) -> pl.DataFrame:
    """Mean and p5/p10/p50/p90/p95 across paths of every ledger line and year (£m)."""
    aggs = [pl.col("value_gbp_m").mean().alias("mean")]
    aggs += [pl.col("value_gbp_m").quantile(p / 100, interpolation="linear").alias(f"p{p}") for p in PERCENTILES]
    return table.group_by(["scenario", "ledger", "line", "financial_year"], maintain_order=True).agg(aggs)


def probabilities_table(ledgers: FinanceLedgers, scenario: str) -> pl.DataFrame:
    """Per financial year: probability general balances end below the floor, are exhausted (an
    unfunded gap that year), are first exhausted that year, exhausted by that year, below target."""
    gf = ledgers.general_fund
    first, by_year = exhaustion_probabilities(gf)
    return pl.DataFrame(
        {
            "scenario": scenario,
            "financial_year": ledgers.assumptions.year_labels(),
            "p_balances_below_floor": gf.floor_breach.mean(axis=0),
            "p_balances_exhausted": gf.exhausted.mean(axis=0),
            "p_balances_exhausted_first_this_year": first,
            "p_balances_exhausted_by_this_year": by_year,
            "p_balances_below_target": gf.below_target.mean(axis=0),
            "p_budget_gap_positive": (gf.budget_gap_gbp_m > 0).mean(axis=0),
        }
    )


def headline_money(ledgers: FinanceLedgers) -> pl.DataFrame:
    """The finance officer's headline, by year (£m), for the do-nothing position: High Needs deficit
    still on the DSG account, the High Needs charge to the General Fund once the override ends, the
    MTFP gap to close (before action, High Needs charge included), the unfunded gap balances cannot
    cover, balances, and the probabilities of falling below the floor and of exhaustion."""
    hn = ledgers.high_needs.cumulative_deficit_gbp_m
    gf = ledgers.general_fund
    _, by_year = exhaustion_probabilities(gf)
    rows = []
    for i, label in enumerate(ledgers.assumptions.year_labels()):
        d = summarise(hn[:, i : i + 1])
        g = summarise(gf.budget_gap_before_action_gbp_m[:, i : i + 1])
        b = summarise(gf.general_balances_closing_gbp_m[:, i : i + 1])
        rows.append(
            {
                "financial year": label,
                "HN deficit on DSG p10 £m": float(d["p10"][0]),
                "HN deficit on DSG p50 £m": float(d["p50"][0]),
                "HN deficit on DSG p90 £m": float(d["p90"][0]),
                "HN charge to GF p50 £m": float(np.median(gf.high_needs_charge_gbp_m[:, i])),
                "MTFP gap to close p10 £m": float(g["p10"][0]),
                "MTFP gap to close p50 £m": float(g["p50"][0]),
                "MTFP gap to close p90 £m": float(g["p90"][0]),
                "unfunded gap p50 £m": float(np.median(gf.unfunded_gap_gbp_m[:, i])),
                "balances p50 £m": float(b["p50"][0]),
                "P(balances < floor) %": 100.0 * float(gf.floor_breach[:, i].mean()),
                "P(balances exhausted by) %": 100.0 * float(by_year[i]),
            }
        )
    return pl.DataFrame(rows)


def headline_exhaustion(ledgers: FinanceLedgers) -> pl.DataFrame:
    """One row: when general balances are first exhausted (most often), with its probability, the
    probability of exhaustion within the horizon and the unfunded gap of the last year (£m)."""
    gf = ledgers.general_fund
    labels = ledgers.assumptions.year_labels()
    first, by_year = exhaustion_probabilities(gf)
    y = int(np.argmax(first))
    exhausted = bool(by_year[-1] > 0)
    return pl.DataFrame(
        {
            "position": ["do nothing"],
            "balances exhausted first (most often)": [labels[y] if exhausted else f"not by {labels[-1]}"],
            "P(first exhausted that year) %": [100.0 * float(first[y]) if exhausted else 0.0],
            f"P(exhausted by {labels[-1]}) %": [100.0 * float(by_year[-1])],
            f"unfunded gap {labels[-1]} p50 £m": [float(np.median(gf.unfunded_gap_gbp_m[:, -1]))],
            "unfunded gap all years p50 £m": [float(np.median(gf.unfunded_gap_gbp_m.sum(axis=1)))],
        }
    )


def mtfp_tables(ledgers: FinanceLedgers, scenario: str) -> dict[str, pl.DataFrame]:
    """The MTFP tables of a run by table name: ``mtfp_position`` (do-nothing position, unfunded gap,
    exhaustion), ``mtfp_gap_bridge`` (year-on-year change by line), and, when the ledgers carry
    their money data, ``mtfp_one_offs`` and ``mtfp_assumptions`` (settlement and funding by year
    with sources)."""
    gf, assumptions = ledgers.general_fund, ledgers.assumptions
    tables = {"mtfp_position": mtfp.mtfp_position_table(gf, assumptions, scenario)}
    if ledgers.money is not None:
        draw = gf.funding_lines_gbp_m.get(EARMARKED_DRAW_LINE)
        tables["mtfp_one_offs"] = mtfp.one_offs_table(ledgers.money, assumptions, scenario, None if draw is None else draw[0])
        tables["mtfp_gap_bridge"] = mtfp.gap_bridge_table(gf, ledgers.money, assumptions, scenario)
        tables["mtfp_assumptions"] = mtfp_assumptions_table(ledgers.settings, ledgers.money, assumptions.council_tax_increase_pct, scenario)
    return tables


def headline_high_needs_spend(ledgers: PartialLedgers) -> pl.DataFrame:
    """High Needs spend by financial year (£m, p10 / p50 / p90) for a run whose folder lacks some money tables."""
    spend = ledgers.high_needs_spend_gbp_m
    stats = summarise(spend)
    return pl.DataFrame(
        {
            "financial year": list(ledgers.year_labels),
            "HN spend p10 £m": stats["p10"],
            "HN spend p50 £m": stats["p50"],
            "HN spend p90 £m": stats["p90"],
        }
    )


def _year_fan(ax: plt.Axes, labels: list[str], values: np.ndarray, colour: str) -> None:
    x = np.arange(len(labels))
    p5, p10, p50, p90, p95 = np.percentile(values, [5, 10, 50, 90, 95], axis=0)
    ax.fill_between(x, p5, p95, color=colour, alpha=0.15, linewidth=0, label="90% prediction interval (p5-p95)")
    ax.fill_between(x, p10, p90, color=colour, alpha=0.3, linewidth=0, label="80% prediction interval (p10-p90)")
    ax.plot(x, p50, color=colour, marker="o", linewidth=2, label="median")
    ax.set_xticks(x, labels)
    ax.grid(alpha=0.3)


def money_charts(folder: Path, ledgers: FinanceLedgers, scenario: str) -> list[Path]:
    """Fan charts: cumulative High Needs deficit, MTFP gap by year, general balances against the floor."""
    labels = ledgers.assumptions.year_labels()
    out = []
    specs = [
        (
            "fan_high_needs_cumulative_deficit.png",
            ledgers.high_needs.cumulative_deficit_gbp_m,
            "Cumulative High Needs deficit at 31 March",
            "#8b1f1f",
        ),
        (
            "fan_mtfp_gap.png",
            ledgers.general_fund.budget_gap_before_action_gbp_m,
            "MTFP gap to close by financial year (before action, High Needs charge included)",
            "#5b3f8b",
        ),
        ("fan_general_balances.png", ledgers.general_fund.general_balances_closing_gbp_m, "General balances at 31 March", "#1f6b3f"),
    ]
    for name, values, title, colour in specs:
        fig, ax = plt.subplots(figsize=(8, 4.5), dpi=110)
        _year_fan(ax, labels, values, colour)
        if name == "fan_general_balances.png":
            floor = np.median(ledgers.general_fund.floor_gbp_m, axis=0)
            ax.plot(np.arange(len(labels)), floor, color="black", linestyle="--", label="floor (6.5% of net budget)")
            target = ledgers.assumptions.general_balances_target_gbp_m
            ax.axhline(target, color="#b03a2e", linestyle=":", label=f"target £{target:,.0f}m")
            ax.axhline(0, color="grey", linewidth=0.8)
        ax.set_title(wrapped_title(f"{title} - {scenario}"), fontsize=11)
        ax.set_ylabel("£m")
        legend_below(ax)
        fig.tight_layout(rect=(0, 0.03, 1, 1))
        plots.chart_caveat(fig)
        fig.savefig(folder / name, bbox_inches="tight")
        plt.close(fig)
        out.append(folder / name)
    return out
