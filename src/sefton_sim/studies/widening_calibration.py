"""Calibrate the widening of total-plan bands by horizon from the cross-council backtest's errors.

Method (empirical, on the log scale): for each horizon, the factor ``w`` applied as
``q' = p50 * (q / p50) ** w`` to p5, p10, p90 and p95 is the value on a grid (0.30 to 3.00 by
0.01) that brings the coverage of p10-p90 closest to 80% and of p5-p95 closest to 90% (sum of
squared misses) on the calibration folds. Held out: leave one origin out (each origin's folds
are scored with factors calibrated on the other origins only), and a time split (calibrated on
origins up to 2021/22, scored on 2022/23).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from sefton_sim.outputs.forecast_widening import widen
from sefton_sim.studies.backtest_councils import TOTAL

FACTOR_GRID = np.round(np.arange(0.30, 3.0001, 0.01), 2)
METHOD = (
    "empirical: per horizon, the log-scale factor about the median (grid 0.30-3.00) that brings pooled p10-p90 coverage "
    "closest to 80% and p5-p95 closest to 90% (sum of squared misses)"
)


def _coverage(rows: pl.DataFrame, factor: float) -> tuple[float, float]:
    p50, actual = rows["p50"].to_numpy(), rows["actual"].to_numpy()
    lo80, hi80 = widen(p50, rows["p10"].to_numpy(), factor), widen(p50, rows["p90"].to_numpy(), factor)
    lo90, hi90 = widen(p50, rows["p5"].to_numpy(), factor), widen(p50, rows["p95"].to_numpy(), factor)
    return float(np.mean((actual >= lo80) & (actual <= hi80))), float(np.mean((actual >= lo90) & (actual <= hi90)))


def best_factor(rows: pl.DataFrame) -> float:
    """The grid factor closest to 80% / 90% coverage on ``rows`` (total-plan forecasts of one horizon)."""
    losses = []
    for f in FACTOR_GRID:
        c80, c90 = _coverage(rows, float(f))
        losses.append((c80 - 0.8) ** 2 + (c90 - 0.9) ** 2)
    return float(FACTOR_GRID[int(np.argmin(losses))])


def calibrate(forecasts: pl.DataFrame, origins: list[int] | None = None) -> dict[int, float]:
    """Factor by horizon from the total-plan rows of ``origins`` (default all)."""
    rows = forecasts.filter(pl.col("measure") == TOTAL)
    if origins is not None:
        rows = rows.filter(pl.col("origin_period").is_in(origins))
    return {int(h): best_factor(rows.filter(pl.col("horizon_years") == h)) for h in sorted(rows["horizon_years"].unique().to_list())}


def apply(forecasts: pl.DataFrame, factors: dict[int, float]) -> pl.DataFrame:
    """Total-plan rows with their bands widened by the factor of their horizon (``factor`` column added)."""
    rows = forecasts.filter(pl.col("measure") == TOTAL)
    factor = np.array([factors.get(int(h), np.nan) for h in rows["horizon_years"].to_list()])
    p50 = rows["p50"].to_numpy()
    return rows.with_columns(
        pl.Series("factor", factor), *[pl.Series(c, widen(p50, rows[c].to_numpy(), factor)) for c in ("p5", "p10", "p90", "p95")]
    )


def _coverage_rows(rows: pl.DataFrame, scheme: str) -> pl.DataFrame:
    inside80 = (pl.col("actual") >= pl.col("p10")) & (pl.col("actual") <= pl.col("p90"))
    inside90 = (pl.col("actual") >= pl.col("p5")) & (pl.col("actual") <= pl.col("p95"))
    agg = [pl.len().alias("forecasts"), inside80.mean().alias("coverage_p10_p90"), inside90.mean().alias("coverage_p5_p95")]
    by_h = rows.group_by("horizon_years").agg(agg)
    pooled = rows.select(agg).with_columns(pl.lit(0, dtype=by_h["horizon_years"].dtype).alias("horizon_years"))
    out = pl.concat([by_h, pooled.select(by_h.columns)]).with_columns(pl.lit(scheme).alias("scheme"))
    return out.select("scheme", "horizon_years", "forecasts", "coverage_p10_p90", "coverage_p5_p95").sort("horizon_years")


def coverage_report(forecasts: pl.DataFrame) -> tuple[dict[int, float], pl.DataFrame]:
    """Factors calibrated on every origin, and total-plan coverage by horizon (0 = pooled) under each scheme.

    Schemes: ``raw`` (no widening), ``in_sample`` (factors from all origins, scored on them),
    ``leave_one_origin_out`` (held out), ``split_train_to_202122`` / ``split_test_202223`` (calibrated
    on origins up to 2021/22, scored there and on 2022/23).
    """
    origins = sorted(forecasts["origin_period"].unique().to_list())
    total = forecasts.filter(pl.col("measure") == TOTAL)
    factors = calibrate(forecasts)
    frames = [_coverage_rows(total, "raw"), _coverage_rows(apply(forecasts, factors), "in_sample")]
    held = [apply(forecasts.filter(pl.col("origin_period") == o), calibrate(forecasts, [x for x in origins if x != o])) for o in origins]
    frames.append(_coverage_rows(pl.concat(held).drop_nulls("factor").filter(pl.col("factor").is_not_nan()), "leave_one_origin_out"))
    train = [o for o in origins if o <= 202122]
    test = [o for o in origins if o > 202122]
    if train and test:
        split = calibrate(forecasts, train)
        frames.append(_coverage_rows(apply(forecasts.filter(pl.col("origin_period").is_in(train)), split), "split_train_to_202122"))
        tested = apply(forecasts.filter(pl.col("origin_period").is_in(test)), split).filter(pl.col("factor").is_not_nan())
        frames.append(_coverage_rows(tested, "split_test_202223"))
    return factors, pl.concat(frames)


def widening_table(factors: dict[int, float], calibrated_on: str, source: str) -> pl.DataFrame:
    """The shippable widening table: horizon_years, factor, method, calibrated_on, source."""
    hs = sorted(factors)
    return pl.DataFrame(
        {
            "horizon_years": hs,
            "factor": [factors[h] for h in hs],
            "method": [METHOD] * len(hs),
            "calibrated_on": [calibrated_on] * len(hs),
            "source": [source] * len(hs),
        }
    )
