"""EHC plans per 10,000 children and young people aged 0-25, and paths that leave the range seen across English councils.

The denominator is the council's 0-25 population from its growth state file
(``send_structural_growth.csv``, quantity ``population_0_25``; Sefton: 3,433 / 0.0435, fact 004
line 2247), held constant. The DfE files carry no population, so the range across councils is a
range of growth: a path is outside it at a date when its plans divided by the plans at the
council's latest census lie outside the smallest to largest multiple any English council showed
over that many years (2019-2024, ``shipped/data/ehcp_growth_range.csv``; interpolated on the log
scale between whole years; beyond the longest span, 5 years, its multiples at the same annual
rate: an extrapolation, stated in the table's source).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from sefton_sim.data import dfe_statistics as dfe
from sefton_sim.demand.structural_growth import StructuralGrowth, read_growth_range
from sefton_sim.demand.vector import DemandPaths

RATE_COLUMNS: tuple[str, ...] = (
    "scenario",
    "date",
    "years_after_census",
    "p5",
    "p10",
    "p50",
    "p90",
    "p95",
    "range_low_per_10000",
    "range_high_per_10000",
    "share_of_paths_outside_range",
    "population_0_25",
    "source",
)


def _range_at(years: float, table: pl.DataFrame) -> tuple[float, float]:
    """Smallest and largest growth multiple across councils over ``years`` (beyond the table: the longest span's
    multiples at the same annual rate)."""
    h = table["horizon_years"].cast(pl.Float64).to_numpy()
    if years > h.max():
        longest = table.row(-1, named=True)
        power = years / float(longest["horizon_years"])
        return float(longest["min_multiple"]) ** power, float(longest["max_multiple"]) ** power
    x = np.concatenate([[0.0], h])
    low = np.exp(np.interp(years, x, np.log(np.concatenate([[1.0], table["min_multiple"].to_numpy()]))))
    high = np.exp(np.interp(years, x, np.log(np.concatenate([[1.0], table["max_multiple"].to_numpy()]))))
    return float(low), float(high)


def ehcp_rate_tables(scenario: str, demand: DemandPaths, growth: StructuralGrowth | None) -> tuple[pl.DataFrame, pl.DataFrame] | None:
    """Plans per 10,000 aged 0-25 at each 1 April: percentiles with the share of paths outside the councils' range,
    and one row per path and date with its flag. None when the council's folder gives no 0-25 population."""
    if growth is None or growth.state.population_0_25 is None:
        return None
    population = growth.state.population_0_25
    table = read_growth_range()
    longest_years = float(table["horizon_years"].cast(pl.Float64).to_numpy().max())
    census = dfe.census_date(dfe.census_year(growth.state.origin_period))
    total = demand.ehcp_total().astype(float)
    idx = [i for i, d in enumerate(demand.dates) if d.month == 4 and d.day == 1]
    summary, per_path = [], []
    for i in idx:
        date: dt.date = demand.dates[i]
        years = (date - census).days / 365.25
        rate = 10_000 * total[:, i] / population
        low, high = (10_000 * growth.state.plans * b / population for b in _range_at(years, table))
        outside = (rate < low) | (rate > high)
        share = float(outside.mean())
        q = np.percentile(rate, [5, 10, 50, 90, 95])
        summary.append(
            {
                "scenario": scenario,
                "date": date,
                "years_after_census": round(years, 3),
                **{f"p{p}": float(v) for p, v in zip((5, 10, 50, 90, 95), q, strict=True)},
                "range_low_per_10000": low,
                "range_high_per_10000": high,
                "share_of_paths_outside_range": share,
                "population_0_25": population,
                "source": f"population: {growth.state_file}; range: growth multiples of English councils 2019-2024 ({table['source'][0]})"
                + ("; beyond 5 years extrapolated at the 5-year multiples' annual rate (assumption)" if years > longest_years else ""),
            }
        )
        per_path.append(
            pl.DataFrame(
                {
                    "path": np.arange(rate.size, dtype=np.int32),
                    "ehcp_rate_per_10000": rate,
                    "outside_council_range": outside,
                }
            ).with_columns(pl.lit(scenario).alias("scenario"), pl.lit(date).alias("date"))
        )
    schema = {
        "range_low_per_10000": pl.Float64,
        "range_high_per_10000": pl.Float64,
        "share_of_paths_outside_range": pl.Float64,
    }
    rates = pl.DataFrame(summary, schema_overrides=schema).select(RATE_COLUMNS)
    paths = pl.concat(per_path, how="vertical_relaxed").select("scenario", "path", "date", "ehcp_rate_per_10000", "outside_council_range")
    return rates, paths
