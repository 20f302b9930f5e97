"""The 20-week share of the model against the DfE timeliness series: fit and fit error.

The model's share of plans issued within 20 weeks (``capacity.share_within_weeks``) has one
unknown, the weeks a request spends outside casework (decision to assess, drafting the plan):
``assessment_other_weeks``. The mean-field history run (``calibrate.history_run``: the fitted
rates, casework as it was) gives each month's assessments in progress and slots; a calendar
year's model share is the month shares weighted by the plans issued that month. The weeks are
chosen to minimise the squared error against the council's DfE ``timeliness_20_week.csv`` rows
(``All EHC plans issued``, calendar years); the fit error is reported year by year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy.optimize import minimize_scalar

from sefton_sim.data.council import CouncilData
from sefton_sim.data.dfe_statistics import DfeStatistics
from sefton_sim.demand.calibrate import history_run
from sefton_sim.demand.capacity import share_within_weeks
from sefton_sim.demand.vector import DemandPaths

TIMELINESS_FILE = "timeliness_20_week.csv"
OTHER_WEEKS_RANGE = (0.0, 19.0)
"""Weeks outside casework the fit may choose (below the 20-week duty)."""


def observed_timeliness(stats: DfeStatistics, la: str) -> pl.DataFrame:
    """A council's plans issued and issued within 20 weeks by calendar year: ``year, plans_issued, within_20_weeks, share``."""
    council = stats.resolve(la)
    rows = stats.all_rows(TIMELINESS_FILE, council).filter(pl.col("measure").is_in(["plans_issued_den", "plans_issued_within_20_weeks"]))
    wide = rows.pivot(on="measure", index="period", values="value", aggregate_function="first").drop_nulls()
    return (
        wide.select(
            pl.col("period").cast(pl.Int64).alias("year"),
            pl.col("plans_issued_den").alias("plans_issued"),
            pl.col("plans_issued_within_20_weeks").alias("within_20_weeks"),
        )
        .with_columns((pl.col("within_20_weeks") / pl.col("plans_issued")).alias("share"))
        .filter(pl.col("plans_issued") > 0)
        .sort("year")
    )


def model_share_by_period(run: DemandPaths, completion_per_month: float, other_weeks: float, periods: list[tuple[dt.date, dt.date]]) -> np.ndarray:
    """The run's share within 20 weeks over each ``[start, end)`` period, weighted by plans issued (path 0)."""
    months = np.array(run.dates[:-1], dtype="datetime64[D]")
    share = share_within_weeks(run.queue[0, :-1], run.assessment_slots[0], completion_per_month, other_weeks)
    plans = run.flows["new_plans"][0].astype(float)
    out = []
    for start, end in periods:
        inside = (months >= np.datetime64(start, "D")) & (months < np.datetime64(end, "D"))
        weight = plans[inside]
        out.append(float((share[inside] * weight).sum() / weight.sum()) if weight.sum() > 0 else float("nan"))
    return np.array(out)


@dataclass(frozen=True)
class TimelinessFit:
    """The fitted weeks outside casework and the model against every observed year."""

    other_weeks: float
    table: pl.DataFrame  # year, plans_issued, observed_share, model_share, error_pp
    rmse_pp: float  # root mean square error, percentage points
    mean_abs_error_pp: float
    fact_2023_24_model_share: float  # April 2023 - March 2024, against the fact "consistently above 40%"


def fit_timeliness(data: CouncilData, stats: DfeStatistics, la: str, base_date: dt.date = dt.date(2024, 4, 1)) -> TimelinessFit:
    """Fit ``assessment_other_weeks`` to the council's DfE 20-week series (least squares on shares)."""
    observed = observed_timeliness(stats, la)
    years = observed["year"].to_list()
    run = history_run(data, base_date, base_date)
    completion = 1.0 - float(np.exp(-1.0 / data.value("assessment_service_months_mean")))
    periods = [(dt.date(y, 1, 1), dt.date(y + 1, 1, 1)) for y in years]
    target = observed["share"].to_numpy()

    def loss(weeks: float) -> float:
        return float(np.nansum((model_share_by_period(run, completion, weeks, periods) - target) ** 2))

    best = minimize_scalar(loss, bounds=OTHER_WEEKS_RANGE, method="bounded", options={"xatol": 1e-3})
    weeks = float(best.x)
    model = model_share_by_period(run, completion, weeks, periods)
    error_pp = 100.0 * (model - target)
    table = observed.select("year", "plans_issued", pl.col("share").alias("observed_share")).with_columns(
        pl.Series("model_share", model), pl.Series("error_pp", error_pp)
    )
    fact_year = model_share_by_period(run, completion, weeks, [(dt.date(2023, 4, 1), dt.date(2024, 4, 1))])[0]
    return TimelinessFit(
        other_weeks=weeks,
        table=table,
        rmse_pp=float(np.sqrt(np.nanmean(error_pp**2))),
        mean_abs_error_pp=float(np.nanmean(np.abs(error_pp))),
        fact_2023_24_model_share=float(fact_year),
    )
