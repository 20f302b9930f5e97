"""Children looked after: the rolling replay check (out of sample, one year ahead).

For each end date (31 March; by default each return's end from the second return to the last
but one: 2019, 2020 and 2021 on the sample) the returns are read as they stood on that date
(``read_ssda903(folder, up_to=end)``: later returns and later rows ignored), the estimation
window is chosen by the same rule and the rates are calibrated the same way as a full run; the
calibrated model is then replayed with random draws (``ROLLING_PATHS`` paths) from the children
looked after on the end date, at their ages from date of birth, for 12 months. The children
observed by placement type one year after the end date (from all the returns) are scored against
the replay's own p5-p95 band.

The band holds the chance of the process (who enters, leaves and moves) given the rates; it
does not hold the uncertainty of the rates themselves, nor changes in behaviour after the end
date, so a model that is right about the process still has fewer than 90% of observations inside
when the rates are uncertain or change.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from sefton_sim.social_care.csc_estimation import months_after
from sefton_sim.social_care.csc_fit import MULTIPLIER_BOUNDS, calibrate_window
from sefton_sim.social_care.csc_projection import project_csc
from sefton_sim.social_care.csc_window import choose_window
from sefton_sim.social_care.placements import PLACEMENT_TYPES
from sefton_sim.social_care.ssda903 import Ssda903Episodes, read_ssda903

ROLLING_PATHS = 1000
"""Random paths of each rolling replay."""

AHEAD_MONTHS = 12
"""The replay runs one year ahead of each end date."""

BAND: tuple[float, float, float] = (0.05, 0.5, 0.95)
"""The replay quantiles scored: p5, p50, p95."""

ROLLING_COLUMNS: tuple[str, ...] = ("end_date", "window_months", "scored_on", "placement_type", "observed", "p5", "p50", "p95", "inside")
"""Columns of the rolling replay table (``csc_rolling_replay.csv``)."""


def rolling_end_dates(data: Ssda903Episodes) -> tuple[date, ...]:
    """31 March ending each return from the second to the last but one (a year of history
    before, a year observed after)."""
    return tuple(date(y + 1, 3, 31) for y in data.years[1:-1])


def replay_from(
    folder: Path | str,
    end_date: date,
    observed_data: Ssda903Episodes,
    paths: int = ROLLING_PATHS,
    seed: int = 0,
    window_months: int | None = None,
    bounds: tuple[float, float] = MULTIPLIER_BOUNDS,
) -> pl.DataFrame:
    """One end date's rows of the rolling replay (columns ``ROLLING_COLUMNS``; placement types,
    then ``total``): calibrate on the returns as they stood on ``end_date``, replay 12 months
    with ``paths`` random paths (``seed``), score the observed stock of ``observed_data`` then."""
    as_then = read_ssda903(folder, up_to=end_date)
    choice = choose_window(as_then, forced_months=window_months)
    fit = calibrate_window(as_then, choice.window_months, bounds)
    start = as_then.stock_by_age_on(end_date)
    replay = project_csc(fit.rates, AHEAD_MONTHS, paths, seed, start_stock=start, start_date=end_date)
    at_end = replay.by_type[:, -1].astype(float)  # [P, K]
    at_end = np.concatenate([at_end, at_end.sum(axis=-1, keepdims=True)], axis=-1)
    q = np.quantile(at_end, BAND, axis=0)  # [3, K + 1]
    scored_on = months_after(end_date, AHEAD_MONTHS)
    observed = observed_data.stock_on(scored_on).sum(axis=-1).astype(float)
    observed = np.append(observed, observed.sum())
    names = list(PLACEMENT_TYPES) + ["total"]
    return pl.DataFrame(
        {
            "end_date": [end_date] * len(names),
            "window_months": [choice.window_months] * len(names),
            "scored_on": [scored_on] * len(names),
            "placement_type": names,
            "observed": observed,
            "p5": q[0],
            "p50": q[1],
            "p95": q[2],
            "inside": (q[0] <= observed) & (observed <= q[2]),
        }
    ).select(ROLLING_COLUMNS)


def rolling_replay(
    folder: Path | str,
    observed_data: Ssda903Episodes,
    end_dates: tuple[date, ...] | None = None,
    paths: int = ROLLING_PATHS,
    seed: int = 0,
    window_months: int | None = None,
    bounds: tuple[float, float] = MULTIPLIER_BOUNDS,
) -> pl.DataFrame:
    """The rolling replay table: ``replay_from`` each end date (default ``rolling_end_dates``),
    the i-th with seed ``seed + i``. End dates whose year ahead runs past the returns are left out."""
    ends = rolling_end_dates(observed_data) if end_dates is None else end_dates
    ends = tuple(e for e in ends if months_after(e, AHEAD_MONTHS) <= observed_data.coverage_end)
    frames = [replay_from(folder, e, observed_data, paths, seed + i, window_months, bounds) for i, e in enumerate(ends)]
    if not frames:
        return pl.DataFrame(schema=dict.fromkeys(ROLLING_COLUMNS, pl.String))
    return pl.concat(frames)


def share_inside(table: pl.DataFrame) -> float:
    """Share of the (placement type x end date) rows of a rolling replay table inside p5-p95
    (the ``total`` rows are not counted); NaN for an empty table."""
    types = table.filter(pl.col("placement_type") != "total")
    return float(types["inside"].cast(pl.Float64).mean()) if types.height else float("nan")  # type: ignore[arg-type]
