"""A run's money extras: the model's 2023/24, the bridge by driver, the in-year deficit fan, tail-quantile error.

Wording: the bands are prediction intervals of the model (p10-p90: 80%; p5-p95: 90%) from every
uncertainty it carries; whether they hold the truth at that rate is what the backtests measure, so
every chart and table that names them carries ``INTERVAL_CAVEAT``.

Tail quantiles need enough paths: the Monte Carlo standard error of a run's own p5 and p95 of
the cumulative High Needs deficit (in ``TAIL_CHECK_YEAR``, else the last year) is estimated from
its paths with the distribution-free order-statistic interval (``quantile_standard_error``); a
run whose error is above ``TAIL_ERROR_SHARE_OF_BAND`` of its p5-p95 band says so and how many
paths would bring it below.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import polars as pl  # noqa: E402

from sefton_sim.finance.base_year import high_needs_base_year  # noqa: E402
from sefton_sim.finance.bridge import bridge_by_path, bridge_table  # noqa: E402
from sefton_sim.finance.money_draws import spend_2023_24_gbp_m  # noqa: E402
from sefton_sim.outputs import plots  # noqa: E402
from sefton_sim.simulate.run import RunResult, send_children_by_financial_year  # noqa: E402

INTERVAL_LABEL_80: Final = "80% prediction interval (p10-p90)"
INTERVAL_LABEL_90: Final = "90% prediction interval (p5-p95)"
INTERVAL_CAVEAT: Final = (
    "Prediction intervals of the model: they carry its parameter, growth, money and process uncertainty; "
    "how often such bands held the outturn is measured by the backtests (sefton-sim backtest) and is not assured."
)
TAIL_CHECK_YEAR: Final = "2027/28"
TAIL_ERROR_SHARE_OF_BAND: Final = 0.01
"""Largest Monte Carlo standard error of p5 / p95 accepted, as a share of the p5-p95 band."""
Z_95: Final = 1.959963984540054
HEADLINE_PATHS: Final = 6000
"""Paths of a headline run (``sefton-sim run --headline``): measured on the Sefton baseline, the
Monte Carlo error of p5 / p95 of the 2027/28 cumulative deficit falls below 1% of the p5-p95 band
at about 5,000 paths (8 replicate runs of 500 paths on independent seeds, ``studies.tail_paths``:
4,956) to 5,800 (order statistics of one 2,000-path run: 5,805), rounded up."""


def quantile_standard_error(values: np.ndarray, q: float) -> float:
    """Monte Carlo standard error of the ``q`` quantile of ``values`` (distribution-free order-statistic interval / 2z)."""
    x = np.sort(np.asarray(values, dtype=float))
    n = x.size
    half = Z_95 * np.sqrt(n * q * (1.0 - q))
    lo = int(np.clip(np.floor(n * q - half), 0, n - 1))
    hi = int(np.clip(np.ceil(n * q + half), 0, n - 1))
    return float((x[hi] - x[lo]) / (2.0 * Z_95))


def tail_quantile_error(result: RunResult) -> pl.DataFrame:
    """Monte Carlo error of p5 / p95 of the cumulative High Needs deficit and the paths that keep it under 1% of the band."""
    assert result.ledgers is not None
    labels = result.ledgers.assumptions.year_labels()
    year = TAIL_CHECK_YEAR if TAIL_CHECK_YEAR in labels else labels[-1]
    values = result.ledgers.high_needs.cumulative_deficit_gbp_m[:, labels.index(year)]
    paths = values.size
    p5, p95 = np.percentile(values, [5, 95])
    band = float(p95 - p5)
    errors = {q: quantile_standard_error(values, q) for q in (0.05, 0.95)}
    worst = max(errors.values())
    limit = TAIL_ERROR_SHARE_OF_BAND * band
    needed = int(np.ceil(paths * (worst / limit) ** 2)) if limit > 0 else paths
    return pl.DataFrame(
        {
            "scenario": [result.scenario.name],
            "measure": ["high_needs_cumulative_deficit"],
            "financial_year": [year],
            "paths": [paths],
            "p5_gbp_m": [float(p5)],
            "p95_gbp_m": [float(p95)],
            "band_p5_p95_gbp_m": [band],
            "p5_standard_error_gbp_m": [errors[0.05]],
            "p95_standard_error_gbp_m": [errors[0.95]],
            "error_share_of_band": [worst / band if band > 0 else 0.0],
            "paths_needed_for_1pct": [needed],
            "enough_paths": [worst <= limit],
        }
    )


def tail_warning(error: pl.DataFrame) -> str | None:
    """One line for the run's summary when its p5 / p95 are too noisy (None when they are not)."""
    row = error.row(0, named=True)
    if row["enough_paths"]:
        return None
    return (
        f"{row['paths']} paths: the Monte Carlo error of p5 / p95 of the {row['financial_year']} cumulative High Needs deficit is "
        f"{100 * row['error_share_of_band']:.1f}% of the p5-p95 band; use at least {row['paths_needed_for_1pct']} paths "
        "(--paths) for a headline figure (below 1%)."
    )


def base_year_table(result: RunResult) -> pl.DataFrame:
    """The model's 2023/24 High Needs ledger against the published outturn: line, model_gbp_m (mean over paths)."""
    assert result.ledgers is not None and result.ledgers.money_draws is not None
    from sefton_sim.finance.money_data import load_present_money_data

    money = load_present_money_data(result.data.folder)
    assert money is not None
    year = high_needs_base_year(result.data, money, result.scenario.base_date)
    spend = float(spend_2023_24_gbp_m(result.ledgers.money_draws, year.children_by_setting).mean())
    rows = [
        ("children_with_plans_average", float(year.children_by_setting.sum())),
        ("spend", spend),
        ("grant", year.grant_gbp_m),
        ("in_year_deficit", spend - year.grant_gbp_m),
        ("cumulative_deficit_closing", year.deficit_closing_gbp_m),
    ]
    return pl.DataFrame(
        {
            "scenario": result.scenario.name,
            "financial_year": year.financial_year,
            "line": [r[0] for r in rows],
            "model_value": [r[1] for r in rows],
        }
    )


def high_needs_bridge(result: RunResult) -> pl.DataFrame:
    """The mean bridge from 2023/24 to each year's cumulative High Needs deficit by driver (``finance.bridge``)."""
    assert result.ledgers is not None
    from sefton_sim.finance.money_data import load_present_money_data

    money = load_present_money_data(result.data.folder)
    assert money is not None
    year = high_needs_base_year(result.data, money, result.scenario.base_date)
    lines = bridge_by_path(result.ledgers, send_children_by_financial_year(result.demand), year.children_by_setting, year.grant_gbp_m)
    return bridge_table(lines, result.ledgers.assumptions.year_labels(), result.scenario.name)


def year_fan(ax: plt.Axes, labels: list[str], values: np.ndarray, colour: str) -> None:
    """Median and prediction intervals of ``values`` [paths, years] by financial year."""
    x = np.arange(len(labels))
    p5, p10, p50, p90, p95 = np.percentile(values, [5, 10, 50, 90, 95], axis=0)
    ax.fill_between(x, p5, p95, color=colour, alpha=0.15, linewidth=0, label=INTERVAL_LABEL_90)
    ax.fill_between(x, p10, p90, color=colour, alpha=0.3, linewidth=0, label=INTERVAL_LABEL_80)
    ax.plot(x, p50, color=colour, marker="o", linewidth=2, label="median")
    ax.set_xticks(x, labels)
    ax.grid(alpha=0.3)


def in_year_deficit_chart(folder: Path, result: RunResult) -> Path:
    """Fan chart of the in-year High Needs deficit by financial year, with the 2023/24 outturn as a dot."""
    assert result.ledgers is not None
    labels = result.ledgers.assumptions.year_labels()
    fig, ax = plt.subplots(figsize=(8, 4.8), dpi=110)
    year_fan(ax, labels, result.ledgers.high_needs.in_year_deficit_gbp_m, "#8b5a1f")
    ax.set_title(f"In-year High Needs deficit (spend - grant) - {result.scenario.name}")
    ax.set_ylabel("£m")
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    plots.chart_caveat(fig)
    path = folder / "fan_high_needs_in_year_deficit.png"
    fig.savefig(path)
    plt.close(fig)
    return path
