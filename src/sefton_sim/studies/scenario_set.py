"""The scenario set a Cabinet report shows: unmitigated, mitigated, high and low growth, each with its band and bridge.

Every scenario runs with the same paths and seed (common random numbers), so path ``i`` of each
sees the same parameter, money and process draws and the differences come from the scenarios.
Tables: ``scenario_bands`` (``scenario, financial_year, measure, p5, p10, p50, p90, p95`` for the
cumulative and the in-year High Needs deficit, £m) and ``high_needs_bridge`` (each scenario's
mean bridge from 2023/24 by driver, ``finance.bridge``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import polars as pl  # noqa: E402

from sefton_sim.outputs import plots  # noqa: E402
from sefton_sim.outputs.money_outputs import high_needs_bridge  # noqa: E402
from sefton_sim.simulate.run import RunResult, prepare, require_all_money, simulate  # noqa: E402

CABINET_SET: Final[tuple[str, ...]] = ("unmitigated", "mitigated", "high_growth", "low_growth")
"""The shipped scenarios of the set, in the order a report shows them."""
PERCENTILES: Final[tuple[int, ...]] = (5, 10, 50, 90, 95)


def run_set(scenario_files: list[Path], paths: int | None = None, seed: int | None = None) -> list[RunResult]:
    """Run each scenario with the same paths and seed (common random numbers)."""
    results = []
    for file in scenario_files:
        inputs = prepare(file, paths, seed)
        require_all_money(inputs)
        results.append(simulate(inputs))
    return results


def scenario_bands(results: list[RunResult]) -> pl.DataFrame:
    """Percentiles of the cumulative and in-year High Needs deficit by scenario and financial year, £m."""
    rows = []
    for result in results:
        assert result.ledgers is not None
        labels = result.ledgers.assumptions.year_labels()
        hn = result.ledgers.high_needs
        for measure, values in (
            ("high_needs_cumulative_deficit", hn.cumulative_deficit_gbp_m),
            ("high_needs_in_year_deficit", hn.in_year_deficit_gbp_m),
        ):
            q = np.percentile(values, PERCENTILES, axis=0)
            for y, label in enumerate(labels):
                rows.append(
                    {
                        "scenario": result.scenario.name,
                        "financial_year": label,
                        "measure": measure,
                        **{f"p{p}": float(q[k, y]) for k, p in enumerate(PERCENTILES)},
                    }
                )
    return pl.DataFrame(rows)


def bridges(results: list[RunResult]) -> pl.DataFrame:
    """Every scenario's mean bridge from 2023/24 to the cumulative deficit, by driver."""
    return pl.concat([high_needs_bridge(r) for r in results])


def bands_chart(path: Path, bands: pl.DataFrame) -> Path:
    """Median and 80% prediction interval of the cumulative deficit, one line per scenario."""
    fig, ax = plt.subplots(figsize=(8, 4.8), dpi=110)
    cumulative = bands.filter(pl.col("measure") == "high_needs_cumulative_deficit")
    for k, (name, frame) in enumerate(cumulative.group_by("scenario", maintain_order=True)):
        x = np.arange(frame.height)
        colour = f"C{k}"
        ax.fill_between(x, frame["p10"], frame["p90"], color=colour, alpha=0.15, linewidth=0)
        ax.plot(x, frame["p50"], color=colour, marker="o", label=f"{name[0]} (median; band: 80% prediction interval)")
        ax.set_xticks(x, frame["financial_year"].to_list())
    ax.set_title("Cumulative High Needs deficit at 31 March by scenario")
    ax.set_ylabel("£m")
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    plots.chart_caveat(fig)
    fig.savefig(path)
    plt.close(fig)
    return path
