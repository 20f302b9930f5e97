"""Money outputs of a run: percentile summaries, probabilities, headline numbers, fan charts."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import polars as pl  # noqa: E402

from sefton_sim.finance.ledgers import FinanceLedgers  # noqa: E402
from sefton_sim.finance.partial import PartialLedgers  # noqa: E402
from sefton_sim.outputs.plots import legend_below, wrapped_title  # noqa: E402
from sefton_sim.outputs.results import PERCENTILES, summarise  # noqa: E402


def ledger_summary(table: pl.DataFrame) -> pl.DataFrame:
    """Mean and p5/p10/p50/p90/p95 across paths of every ledger line and year (£m)."""
    aggs = [pl.col("value_gbp_m").mean().alias("mean")]
    aggs += [pl.col("value_gbp_m").quantile(p / 100, interpolation="linear").alias(f"p{p}") for p in PERCENTILES]
    return table.group_by(["scenario", "ledger", "line", "financial_year"], maintain_order=True).agg(aggs)


def probabilities_table(ledgers: FinanceLedgers, scenario: str) -> pl.DataFrame:
    """Per financial year: probability general balances end below the floor, exhausted, below target."""
    gf = ledgers.general_fund
    return pl.DataFrame(
        {
            "scenario": scenario,
            "financial_year": ledgers.assumptions.year_labels(),
            "p_balances_below_floor": gf.floor_breach.mean(axis=0),
            "p_balances_exhausted": gf.exhausted.mean(axis=0),
            "p_balances_below_target": gf.below_target.mean(axis=0),
            "p_budget_gap_positive": (gf.gap_gbp_m > 0).mean(axis=0),
        }
    )


def headline_money(ledgers: FinanceLedgers) -> pl.DataFrame:
    """The finance officer's headline: High Needs deficit at 31 March 2026 and 2028, MTFP gap and
    probability balances fall below the floor, by year (£m)."""
    hn = ledgers.high_needs.cumulative_deficit_gbp_m
    gf = ledgers.general_fund
    rows = []
    for i, label in enumerate(ledgers.assumptions.year_labels()):
        d = summarise(hn[:, i : i + 1])
        g = summarise(gf.gap_gbp_m[:, i : i + 1])
        b = summarise(gf.general_balances_closing_gbp_m[:, i : i + 1])
        rows.append(
            {
                "financial year": label,
                "HN deficit at 31 Mar p10 £m": float(d["p10"][0]),
                "HN deficit p50 £m": float(d["p50"][0]),
                "HN deficit p90 £m": float(d["p90"][0]),
                "MTFP gap p50 £m": float(g["p50"][0]),
                "MTFP gap p10-p90 £m": f"{g['p10'][0]:.1f} to {g['p90'][0]:.1f}",
                "balances p50 £m": float(b["p50"][0]),
                "P(balances < floor) %": 100.0 * float(gf.floor_breach[:, i].mean()),
            }
        )
    return pl.DataFrame(rows)


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
    ax.fill_between(x, p5, p95, color=colour, alpha=0.15, linewidth=0, label="p5-p95")
    ax.fill_between(x, p10, p90, color=colour, alpha=0.3, linewidth=0, label="p10-p90")
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
        ("fan_mtfp_gap.png", ledgers.general_fund.gap_gbp_m, "MTFP gap by financial year (spending - funding)", "#5b3f8b"),
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
        fig.tight_layout()
        fig.savefig(folder / name, bbox_inches="tight")
        plt.close(fig)
        out.append(folder / name)
    return out
