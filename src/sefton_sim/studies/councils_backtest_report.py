"""``backtest-councils``: every table the cross-council rolling-origin backtest writes.

Runs the backtest (``backtest_councils``), calibrates the widening by horizon on its errors
(``widening_calibration``), scores raw and widened bands (widened in-sample and held out by
leaving one origin out) beside the naive benchmark, and checks the targets the forecasts must
meet. Tables (all polars frames, written as Parquet by the command):

- ``forecasts``: la_code, origin_period, target_period, horizon_years, measure, p5, p10, p50, p90,
  p95, actual, pit, crps, naive_p50, naive_crps, and for total plans the held-out widened bands
  ``widening_factor_held_out, p5_widened, p10_widened, p90_widened, p95_widened``;
- ``scores``: bands (raw / widened_in_sample / widened_leave_one_origin_out), measure,
  horizon_years (0 = pooled), forecasts, coverage_p10_p90, coverage_p5_p95, mean_pit, mean_crps,
  naive_mean_crps, mean_ape_pct, naive_mean_ape_pct, median_ape_pct, naive_median_ape_pct;
- ``pit_histogram``: measure, horizon_years, pit_from, pit_to, share (raw bands);
- ``coverage``: scheme, horizon_years, forecasts, coverage_p10_p90, coverage_p5_p95;
- ``widening``: horizon_years, factor, method, calibrated_on, source (the shippable table);
- ``targets``: target, horizon_years, measured, low, high, met;
- ``growth_prior``: the hyperparameter draws fitted at the latest census (shippable);
- ``growth_range``: the range of h-year growth multiples across English councils (shippable).
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

import polars as pl

from sefton_sim.data import dfe_statistics as dfe
from sefton_sim.demand import structural_growth as sg
from sefton_sim.studies import widening_calibration as wc
from sefton_sim.studies.backtest_councils import TOTAL, backtest_councils, pit_histogram, scores, widened_total_forecasts

FORECASTER = (
    "structural growth model on total plans and setting shares (demand.structural_growth), not the SEND simulation; "
    "a run applies these factors to the simulation's total-plan bands"
)


@dataclass(frozen=True)
class CouncilsBacktestReport:
    """Every table of the cross-council backtest, and what it was run on."""

    forecasts: pl.DataFrame
    scores: pl.DataFrame
    pit_histogram: pl.DataFrame
    coverage: pl.DataFrame
    widening: pl.DataFrame
    targets: pl.DataFrame
    growth_prior: pl.DataFrame
    growth_range: pl.DataFrame
    priors_by_origin: pl.DataFrame
    councils: int
    seconds: float


def targets_table(scores_frame: pl.DataFrame, bands: str) -> pl.DataFrame:
    """The must-show targets on total plans, measured on ``bands``: coverage by horizon and pooled, mean PIT, 1-year APE and CRPS vs naive."""
    total = scores_frame.filter((pl.col("measure") == TOTAL) & (pl.col("bands") == bands))
    rows: list[dict[str, object]] = []
    for r in total.iter_rows(named=True):
        h = r["horizon_years"]
        rows.append({"target": "coverage_p10_p90", "horizon_years": h, "measured": r["coverage_p10_p90"], "low": 0.75, "high": 0.85})
        rows.append({"target": "coverage_p5_p95", "horizon_years": h, "measured": r["coverage_p5_p95"], "low": 0.85, "high": 0.95})
        if h == 0:
            rows.append({"target": "mean_pit", "horizon_years": h, "measured": r["mean_pit"], "low": 0.4, "high": 0.6})
        if h == 1:
            rows.append(
                {
                    "target": "mean_ape_pct_minus_naive",
                    "horizon_years": h,
                    "measured": r["mean_ape_pct"] - r["naive_mean_ape_pct"],
                    "low": None,
                    "high": 0.0,
                }
            )
            rows.append(
                {"target": "mean_crps_minus_naive", "horizon_years": h, "measured": r["mean_crps"] - r["naive_mean_crps"], "low": None, "high": 0.0}
            )
    out = pl.DataFrame(rows, schema={"target": pl.String, "horizon_years": pl.Int64, "measured": pl.Float64, "low": pl.Float64, "high": pl.Float64})
    met = (
        pl.when(pl.col("low").is_null())
        .then(pl.col("measured") < pl.col("high"))
        .otherwise((pl.col("measured") >= pl.col("low")) & (pl.col("measured") <= pl.col("high")))
    )
    return out.with_columns(pl.lit(bands).alias("bands"), met.alias("met")).sort("target", "horizon_years")


def run_councils_backtest(
    stats: dfe.DfeStatistics, origins: list[int], horizons: list[int], only: list[str] | None = None, seed: int = 1, paths: int = 2000
) -> CouncilsBacktestReport:
    """The whole study: backtest, widening calibration, raw / widened / held-out scores and the targets."""
    t0 = time.perf_counter()
    panel = sg.growth_panel(stats)
    codes = None if not only else [stats.resolve(c).la_code for c in only]
    result = backtest_councils(panel, origins, horizons, seed=seed, paths=paths, only=codes)
    factors, coverage = wc.coverage_report(result.forecasts)
    in_sample = {(o, h): f for o in origins for h, f in factors.items()}
    held_out: dict[tuple[int, int], float] = {}
    for o in origins:
        others = [x for x in origins if x != o]
        for h, f in wc.calibrate(result.forecasts, others).items():
            held_out[(o, h)] = f
    widened_in = widened_total_forecasts(result, in_sample)
    widened_out = widened_total_forecasts(result, held_out)
    score_frame = pl.concat(
        [
            scores(result.forecasts, "raw"),
            scores(widened_in.drop("widening_factor"), "widened_in_sample"),
            scores(widened_out.drop("widening_factor"), "widened_leave_one_origin_out"),
        ]
    )
    keys = ["la_code", "origin_period", "horizon_years", "measure"]
    extra = widened_out.select(
        *keys,
        pl.col("widening_factor").alias("widening_factor_held_out"),
        *[pl.col(c).alias(f"{c}_widened") for c in ("p5", "p10", "p90", "p95")],
    )
    forecasts = result.forecasts.join(extra, on=keys, how="left", maintain_order="left")
    today = dt.date.today().isoformat()
    calibrated_on = (
        f"{result.councils} English councils x origins {', '.join(map(str, origins))} x horizons {', '.join(map(str, horizons))} (total plans)"
    )
    source = (
        f"sefton-sim backtest-councils {today}: DfE EHC plans statistics caseload.csv {panel.periods[0]}-{panel.periods[-1]} "
        f"(Open Government Licence v3.0); forecaster: {FORECASTER}"
    )
    latest = panel.periods[-1]
    prior = sg.fit_growth_prior(panel, latest, seed)
    prior_source = f"sefton-sim backtest-councils {today}: fitted to DfE caseload.csv {panel.periods[0]}-{latest}, {prior.councils_fitted} councils (demand.structural_growth)"
    targets = pl.concat([targets_table(score_frame, b) for b in ("raw", "widened_leave_one_origin_out")])
    return CouncilsBacktestReport(
        forecasts=forecasts,
        scores=score_frame,
        pit_histogram=pit_histogram(result.forecasts),
        coverage=coverage,
        widening=wc.widening_table(factors, calibrated_on, source),
        targets=targets,
        growth_prior=sg.prior_table(prior, prior_source),
        growth_range=sg.growth_range(
            panel,
            f"DfE EHC plans statistics caseload.csv {panel.periods[0]}-{latest}, ehcplans of {len(panel.la_codes)} councils (sefton-sim backtest-councils {today})",
        ),
        priors_by_origin=result.priors,
        councils=result.councils,
        seconds=time.perf_counter() - t0,
    )
