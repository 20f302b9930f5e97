"""Tidy long tables and percentile summaries from simulated paths.

Every table has the columns ``scenario, path, date, measure, age_band, setting, value``
(``age_band`` / ``setting`` empty where a measure has no such dimension). Summaries replace
``path``/``value`` by ``mean, p5, p10, p50, p90, p95`` across paths.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import numpy as np
import polars as pl

from sefton_sim.demand.rates import SendRates
from sefton_sim.demand.vector import DemandPaths
from sefton_sim.model import states as st

PERCENTILES = (5, 10, 50, 90, 95)


def send_series(demand: DemandPaths) -> Iterator[tuple[str, str | None, str | None, np.ndarray, tuple[dt.date, ...]]]:
    """Every reported SEND series as (measure, age_band, setting, values [P, T'], dates)."""
    states, months = demand.dates, demand.dates[:-1]
    by_bs = demand.stock_by_band_setting
    yield "ehcp_total", None, None, by_bs.sum(axis=(2, 3)), states
    for s, setting in enumerate(st.SETTINGS):
        yield "ehcp_by_setting", None, setting, by_bs[:, :, :, s].sum(axis=2), states
    for a, band in enumerate(st.AGE_BANDS):
        yield "ehcp_by_age_band", band, None, by_bs[:, :, a, :].sum(axis=2), states
    yield "inmss_children", None, "inmss", by_bs[:, :, :, st.INMSS].sum(axis=2), states
    yield "assessments_in_progress", None, None, demand.queue, states
    unmet = demand.flows["overflow_to_inmss"]
    yield "unmet_in_borough_demand_cumulative", None, "inmss", np.cumsum(unmet, axis=1), months
    for name, values in demand.flows.items():
        yield name, None, None, values, months


COUNTS_COLUMNS = ("scenario", "path", "date", "measure", "age_band", "setting", "value")


COUNTS_PATHS_PER_PART = 1000
"""Paths of one series in each part of the counts table as it is written."""


def counts_table_parts(scenario: str, demand: DemandPaths, paths_per_part: int = COUNTS_PATHS_PER_PART) -> Iterator[pl.DataFrame]:
    """The rows of :func:`counts_table` in order, a block of paths of one series at a time."""
    P = demand.paths
    for measure, band, setting, values, dates in send_series(demand):
        T = values.shape[1]
        for start in range(0, P, paths_per_part):
            n = min(paths_per_part, P - start)
            yield pl.DataFrame(
                {
                    "path": np.repeat(np.arange(start, start + n, dtype=np.int32), T),
                    "date": np.tile(np.array(dates, dtype="datetime64[D]"), n),
                    "value": values[start : start + n].reshape(-1).astype(np.float64),
                }
            ).select(
                pl.lit(scenario).alias("scenario"),
                "path",
                "date",
                pl.lit(measure).alias("measure"),
                pl.lit(band, dtype=pl.String).alias("age_band"),
                pl.lit(setting, dtype=pl.String).alias("setting"),
                "value",
            )


def counts_table(scenario: str, demand: DemandPaths) -> pl.DataFrame:
    """Tidy long table of every series, path by path."""
    return pl.concat(list(counts_table_parts(scenario, demand)))


def summarise(values: np.ndarray) -> dict[str, np.ndarray]:
    """Mean and percentiles across the path axis (axis 0)."""
    out = {"mean": values.mean(axis=0)}
    qs = np.percentile(values, PERCENTILES, axis=0)
    for p, q in zip(PERCENTILES, qs):
        out[f"p{p}"] = q
    return out


def summary_table(scenario: str, demand: DemandPaths) -> pl.DataFrame:
    """Percentile summary (mean, p5, p10, p50, p90, p95) of every series at every date."""
    frames = []
    for measure, band, setting, values, dates in send_series(demand):
        stats = summarise(values.astype(np.float64))
        frames.append(
            pl.DataFrame({"date": np.array(dates, dtype="datetime64[D]"), **stats}).with_columns(
                pl.lit(measure).alias("measure"),
                pl.lit(band, dtype=pl.String).alias("age_band"),
                pl.lit(setting, dtype=pl.String).alias("setting"),
            )
        )
    table = pl.concat(frames).with_columns(pl.lit(scenario).alias("scenario"))
    cols = ["scenario", "date", "measure", "age_band", "setting", "mean"] + [f"p{p}" for p in PERCENTILES]
    return table.select(cols)


ASSESSMENT_MEASURES: dict[str, str] = {
    "assessments_in_progress": "agreed EHC needs assessments not yet complete at the month start (assessments)",
    "implied_wait_weeks": "in progress / the month's expected completions (weeks; 20 = the statutory duty)",
    "share_within_20_weeks": "implied share of the month's plans issued within 20 weeks of the request (0-1)",
    "casework_officers_in_post": "SEN casework officers in post, full-time equivalents (officers)",
    "casework_officers_added": "officers added by the casework response rule since the base date (officers)",
    "assessment_slots": "assessments that can be worked on at once (assessments)",
}
"""Measures of the ``assessments`` table and what each means."""


def assessment_series(demand: DemandPaths, rates: SendRates) -> dict[str, np.ndarray]:
    """The casework series of a run, each [P, T] by month (values at the month start)."""
    T = len(demand.dates) - 1
    queue = demand.queue[:, :T].astype(np.float64)
    slots = demand.assessment_slots if demand.assessment_slots.size else np.broadcast_to(rates.assessment_slots[None, :T], queue.shape)
    added = demand.casework_officers_added if demand.casework_officers_added.size else np.zeros_like(queue)
    return {
        "assessments_in_progress": queue,
        "implied_wait_weeks": rates.implied_wait_weeks(queue, slots),
        "share_within_20_weeks": rates.share_within_20_weeks(queue, slots),
        "casework_officers_in_post": rates.casework_officers_in_post(slots),
        "casework_officers_added": np.asarray(added, dtype=np.float64),
        "assessment_slots": np.asarray(slots, dtype=np.float64),
    }


def assessments_table(scenario: str, demand: DemandPaths, rates: SendRates) -> pl.DataFrame:
    """Casework by month across paths: ``scenario, date, measure, mean, p5, p10, p50, p90, p95``.

    Measures (``ASSESSMENT_MEASURES``): the assessment queue, the implied wait in weeks, the
    implied share of plans issued within 20 weeks, casework officers in post and added by the
    response rule, and the caseworker slots.
    """
    dates = np.array(demand.dates[: len(demand.dates) - 1], dtype="datetime64[D]")
    frames = []
    for measure, values in assessment_series(demand, rates).items():
        stats = summarise(values)
        frames.append(pl.DataFrame({"date": dates, **stats}).with_columns(pl.lit(measure).alias("measure")))
    table = pl.concat(frames).with_columns(pl.lit(scenario).alias("scenario"))
    return table.select(["scenario", "date", "measure", "mean"] + [f"p{p}" for p in PERCENTILES])


def march_dates(demand: DemandPaths) -> list[int]:
    """Indices of state dates that are 1 April (i.e. the position at 31 March)."""
    return [i for i, d in enumerate(demand.dates) if d.month == 4 and i > 0]


def headline_table(demand: DemandPaths) -> pl.DataFrame:
    """Position at each 31 March: EHCPs (p10/p50/p90), INMSS and cumulative unmet demand (p50)."""
    total = demand.ehcp_total()
    inmss = demand.stock_by_band_setting[:, :, :, st.INMSS].sum(axis=2)
    unmet = np.concatenate([np.zeros((demand.paths, 1)), np.cumsum(demand.flows["overflow_to_inmss"], axis=1)], axis=1)
    special = demand.stock_by_band_setting[:, :, :, st.SPECIAL].sum(axis=2)
    rows = []
    for i in [0, *march_dates(demand)]:
        label = "base date" if i == 0 else f"31 Mar {demand.dates[i].year}"
        rows.append(
            {
                "position": label,
                "EHCPs p10": float(np.percentile(total[:, i], 10)),
                "EHCPs p50": float(np.percentile(total[:, i], 50)),
                "EHCPs p90": float(np.percentile(total[:, i], 90)),
                "special p50": float(np.percentile(special[:, i], 50)),
                "INMSS p50": float(np.percentile(inmss[:, i], 50)),
                "unmet in-borough (cumulative) p50": float(np.percentile(unmet[:, i], 50)),
            }
        )
    return pl.DataFrame(rows)
