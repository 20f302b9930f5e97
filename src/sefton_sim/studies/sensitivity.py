"""Which assumptions drive the money: one-at-a-time low/high runs and Morris screening.

One-at-a-time: every ranged assumption (:mod:`sefton_sim.studies.ranges`) is set to its low and
then its high value, all others at their centre, on the scenario's seed and paths (common random
numbers), so each swing is the effect of that assumption alone. K assumptions take 2K + 1 cases
on one prepared model (:class:`~sefton_sim.studies.prepared.PreparedModel`): loading, checks and
compilation happen once, and a case that changes only money recomputes the ledgers alone.

Morris screening (SALib) moves every assumption along random trajectories over its range; the
mean absolute elementary effect (mu*) ranks assumptions with interactions and non-linearity
included, and sigma shows how much an assumption's effect depends on the others.

Outcomes: the High Needs cumulative deficit, the MTFP gap and general balances (£m) at the
chosen financial years, summarised across paths by ``statistic`` (the median by default).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import polars as pl  # noqa: E402

from sefton_sim.errors import BadInputError  # noqa: E402
from sefton_sim.model.progress import NO_PROGRESS, ProgressReporter  # noqa: E402
from sefton_sim.studies.prepared import BASE_CASE, CaseOutcome, PreparedModel  # noqa: E402
from sefton_sim.studies.ranges import RangedAssumption, case_with  # noqa: E402

Statistic = Literal["p50", "mean"]
OUTCOMES: dict[str, str] = {
    "high_needs_cumulative_deficit_gbp_m": "High Needs cumulative deficit £m",
    "mtfp_gap_gbp_m": "MTFP gap £m",
    "general_balances_gbp_m": "general balances £m",
}
"""Outcome id -> the council's name for it."""


def outcome_paths(outcome: CaseOutcome) -> dict[str, np.ndarray]:
    """Per-path outcomes [P, Y] by outcome id."""
    ledgers = outcome.ledgers
    return {
        "high_needs_cumulative_deficit_gbp_m": ledgers.high_needs.cumulative_deficit_gbp_m,
        "mtfp_gap_gbp_m": ledgers.general_fund.gap_gbp_m,
        "general_balances_gbp_m": ledgers.general_fund.general_balances_closing_gbp_m,
    }


def summarise(values: np.ndarray, statistic: Statistic) -> float:
    """The median or mean across paths."""
    return float(np.median(values) if statistic == "p50" else np.mean(values))


def year_indices(labels: Sequence[str], years: Sequence[str], source: str = "(command line)") -> list[int]:
    """Ledger indices of the chosen financial years (one-line error naming the years there are)."""
    out = []
    for year in years:
        if year not in labels:
            raise BadInputError(source, "--years", year, f"financial years of the run: {', '.join(labels)}")
        out.append(list(labels).index(year))
    return out


@dataclass(frozen=True)
class SensitivityResult:
    """The tables of a sensitivity study and what it cost."""

    tornado: pl.DataFrame
    morris: pl.DataFrame | None
    cases: int
    engine_runs: dict[str, int]
    seconds: float


def _select(table: pl.DataFrame, outcome: str, year: str) -> pl.DataFrame:
    return table.filter((pl.col("outcome") == outcome) & (pl.col("financial_year") == year))


def one_at_a_time(
    model: PreparedModel,
    assumptions: Sequence[RangedAssumption],
    years: Sequence[str],
    statistic: Statistic = "p50",
    progress: ProgressReporter = NO_PROGRESS,
) -> pl.DataFrame:
    """The tornado table: each assumption at its low and high, every outcome at every chosen year.

    Columns: outcome, outcome_name, financial_year, assumption, table, unit, central_value,
    low_value, high_value, outcome_central, outcome_at_low, outcome_at_high, swing (|high − low|,
    £m), change_p10 / change_p90 (per-path high − low across futures) and rank (1 = largest swing
    for that outcome and year).
    """
    phase = progress.phase("sensitivity cases (low / high)", 2 * len(assumptions) + 1)
    central = model.evaluate(BASE_CASE)
    phase.advance()
    labels = central.year_labels
    idx = year_indices(labels, years)
    base = outcome_paths(central)
    rows = []
    for assumption in assumptions:
        low = outcome_paths(model.evaluate(case_with([assumption], [assumption.low])))
        phase.advance()
        high = outcome_paths(model.evaluate(case_with([assumption], [assumption.high])))
        phase.advance()
        for name in OUTCOMES:
            for y, year in zip(idx, years):
                change = high[name][:, y] - low[name][:, y]
                at_low, at_high = summarise(low[name][:, y], statistic), summarise(high[name][:, y], statistic)
                rows.append(
                    {
                        "outcome": name,
                        "outcome_name": OUTCOMES[name],
                        "financial_year": year,
                        "assumption": assumption.key,
                        "table": assumption.table,
                        "unit": assumption.unit,
                        "central_value": assumption.central,
                        "low_value": assumption.low,
                        "high_value": assumption.high,
                        "outcome_central": summarise(base[name][:, y], statistic),
                        "outcome_at_low": at_low,
                        "outcome_at_high": at_high,
                        "swing": abs(at_high - at_low),
                        "change_p10": float(np.percentile(change, 10)),
                        "change_p90": float(np.percentile(change, 90)),
                    }
                )
    phase.close()
    table = pl.DataFrame(rows)
    return table.with_columns(
        pl.col("swing").rank(method="ordinal", descending=True).over(["outcome", "financial_year"]).cast(pl.Int64).alias("rank")
    ).sort(["outcome", "financial_year", "rank"])


def morris_screening(
    model: PreparedModel,
    assumptions: Sequence[RangedAssumption],
    years: Sequence[str],
    trajectories: int,
    seed: int,
    statistic: Statistic = "p50",
    num_levels: int = 4,
    progress: ProgressReporter = NO_PROGRESS,
) -> pl.DataFrame:
    """Morris elementary effects (SALib) for every outcome and chosen year.

    ``trajectories`` × (K + 1) cases. Columns: outcome, financial_year, assumption, mu, mu_star,
    mu_star_conf, sigma (£m per whole range of the assumption: SALib's Δy / Δ on the normalised
    0-1 range) and rank by mu_star.
    """
    from SALib.analyze import morris as morris_analyze
    from SALib.sample import morris as morris_sample

    names = [a.key for a in assumptions]
    problem: dict[str, object] = {
        "num_vars": len(assumptions),
        "names": names,
        "bounds": [[a.low, a.high] for a in assumptions],
    }
    samples = morris_sample.sample(problem, trajectories, num_levels=num_levels, seed=seed)
    phase = progress.phase("Morris screening cases", len(samples))
    labels: list[str] = []
    outputs: dict[tuple[str, str], list[float]] = {}
    for row in samples:
        outcome = model.evaluate(case_with(list(assumptions), [float(v) for v in row]))
        phase.advance()
        if not labels:
            labels = outcome.year_labels
            idx = year_indices(labels, years)
        paths = outcome_paths(outcome)
        for name in OUTCOMES:
            for y, year in zip(idx, years):
                outputs.setdefault((name, year), []).append(summarise(paths[name][:, y], statistic))
    phase.close()
    rows = []
    for (name, year), values in outputs.items():
        result = morris_analyze.analyze(problem, samples, np.asarray(values), num_levels=num_levels, seed=seed)
        for i, key in enumerate(names):
            rows.append(
                {
                    "outcome": name,
                    "outcome_name": OUTCOMES[name],
                    "financial_year": year,
                    "assumption": key,
                    "mu": float(result["mu"][i]),
                    "mu_star": float(result["mu_star"][i]),
                    "mu_star_conf": float(result["mu_star_conf"][i]),
                    "sigma": float(result["sigma"][i]),
                }
            )
    table = pl.DataFrame(rows)
    return table.with_columns(
        pl.col("mu_star").rank(method="ordinal", descending=True).over(["outcome", "financial_year"]).cast(pl.Int64).alias("rank")
    ).sort(["outcome", "financial_year", "rank"])


def run_sensitivity(
    model: PreparedModel,
    assumptions: Sequence[RangedAssumption],
    years: Sequence[str],
    method: Literal["oat", "morris"] = "oat",
    statistic: Statistic = "p50",
    trajectories: int = 4,
    progress: ProgressReporter = NO_PROGRESS,
) -> SensitivityResult:
    """One-at-a-time low/high always; Morris screening too with ``method="morris"``."""
    if not assumptions:
        raise BadInputError("(command line)", "--only", "(none)", "at least one ranged assumption")
    t0 = time.perf_counter()
    tornado = one_at_a_time(model, assumptions, years, statistic, progress)
    morris = None
    if method == "morris":
        morris = morris_screening(model, assumptions, years, trajectories, model.inputs.scenario.seed, statistic, progress=progress)
    cases = 2 * len(assumptions) + 1 + (0 if morris is None else trajectories * (len(assumptions) + 1))
    return SensitivityResult(tornado, morris, cases, dict(model.engine_runs), time.perf_counter() - t0)


def top_drivers(tornado: pl.DataFrame, outcome: str, year: str, n: int = 5) -> pl.DataFrame:
    """The ``n`` assumptions with the largest swing for one outcome and year."""
    return _select(tornado, outcome, year).sort("rank").head(n)


def readable(value: float) -> str:
    """A value as a planner reads it: thousands with commas, small numbers to three figures."""
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}"


def tornado_chart(path: Path, tornado: pl.DataFrame, outcome: str, year: str, top: int = 15, fmt: Callable[[float], str] = readable) -> Path:
    """A tornado chart (PNG): the ``top`` largest swings, bars from the central outcome to low and high."""
    part = top_drivers(tornado, outcome, year, top).reverse()
    fig, ax = plt.subplots(figsize=(10, 0.42 * max(part.height, 4) + 1.5), dpi=100)
    if part.height:
        centre = float(part["outcome_central"][0])
        y = np.arange(part.height)
        low = part["outcome_at_low"].to_numpy() - centre
        high = part["outcome_at_high"].to_numpy() - centre
        ax.barh(y, low, left=centre, color="#1f5f8b", label="assumption at its low")
        ax.barh(y, high, left=centre, color="#d95f02", label="assumption at its high")
        names = [f"{a.split('.', 1)[1]}  ({fmt(lo)} - {fmt(hi)})" for a, lo, hi in zip(part["assumption"], part["low_value"], part["high_value"])]
        ax.set_yticks(y, names, fontsize=8)
        ax.axvline(centre, color="black", linewidth=0.8)
        ax.legend(loc="lower right", fontsize=8)
        ax.set_xlabel(f"{OUTCOMES[outcome]} in {year}")
    ax.set_title(
        f"What drives the {OUTCOMES[outcome]} in {year}\n(each assumption at its low and high, the others central, same random numbers)", fontsize=10
    )
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
