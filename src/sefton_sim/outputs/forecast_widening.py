"""Calibrated widening of total-plan bands by horizon, shipped as data with its provenance.

``shipped/data/forecast_widening.csv`` holds one factor per horizon (years after the forecast
origin), calibrated on the cross-council rolling-origin backtest (``sefton-sim backtest-councils``)
of the structural growth forecaster (``demand.structural_growth``). A run applies the factors to that
forecaster's bands for its council (``calibrated_total_plans``), the intervals the backtest scored; the
simulation's own bands are left as simulated and labelled as model bands, because the factors were
not calibrated on them (they are below 1: they would narrow bands that are already narrow).
A band is widened on the log scale around its median::

    q' = p50 * (q / p50) ** factor

so a factor above 1 widens and below 1 narrows; p50 is unchanged. Between horizons the factor is
interpolated linearly from 1 at the origin; beyond the last calibrated horizon the last factor
holds (an assumption: no backtest reaches further).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
import polars as pl

from sefton_sim.demand.structural_growth import StructuralGrowth, draw_plans
from sefton_sim.errors import BadInputError
from sefton_sim.shipped import shipped_root

WIDENING_COLUMNS: Final[tuple[str, ...]] = ("horizon_years", "factor", "method", "calibrated_on", "source")
BAND_COLUMNS: Final[tuple[str, ...]] = ("p5", "p10", "p90", "p95")
TOTAL_PLAN_MEASURE: Final[str] = "ehcp_total"


@dataclass(frozen=True)
class Widening:
    """Widening factors by horizon (years), with where they came from."""

    horizons: np.ndarray
    factors: np.ndarray
    method: str
    calibrated_on: str
    source: str
    path: str

    def factor_at(self, years: np.ndarray | float) -> np.ndarray:
        """The factor at ``years`` after the origin (1 at the origin, linear between horizons, flat beyond)."""
        x = np.concatenate([[0.0], self.horizons])
        y = np.concatenate([[1.0], self.factors])
        return np.interp(np.asarray(years, dtype=float), x, y)

    def manifest_entry(self) -> dict[str, object]:
        """What a run's manifest records about the widening it applied."""
        return {
            "applied_to": "the structural growth forecaster's total-plan bands for the council (send_total_plans_calibrated); the simulation's own bands are not changed",
            "factors_by_horizon_years": {str(int(h)): round(float(f), 4) for h, f in zip(self.horizons, self.factors, strict=True)},
            "method": self.method,
            "calibrated_on": self.calibrated_on,
            "source": self.source,
            "file": self.path,
        }


def shipped_widening_path() -> Path:
    """Where the shipped widening table lives."""
    return shipped_root() / "data" / "forecast_widening.csv"


def read_widening(path: Path | None = None) -> Widening:
    """The widening table (default: the shipped one); refused in one line if its layout or values are wrong."""
    path = path or shipped_widening_path()
    try:
        frame = pl.read_csv(path)
    except Exception as exc:  # polars raises several types for a missing or malformed CSV
        raise BadInputError(path, "(csv)", str(exc).splitlines()[0], "a readable widening table") from None
    missing = [c for c in WIDENING_COLUMNS if c not in frame.columns]
    if missing or frame.height == 0:
        raise BadInputError(path, "columns", missing or "(no rows)", ", ".join(WIDENING_COLUMNS))
    frame = frame.sort("horizon_years")
    horizons = frame["horizon_years"].cast(pl.Float64).to_numpy()
    factors = frame["factor"].cast(pl.Float64).to_numpy()
    if not (np.all(np.isfinite(factors)) and np.all(factors > 0) and np.all(horizons > 0)):
        raise BadInputError(path, "factor", factors.tolist(), "positive finite factors at positive horizons")
    return Widening(horizons, factors, str(frame["method"][0]), str(frame["calibrated_on"][0]), str(frame["source"][0]), str(path))


def widen(p50: np.ndarray, band: np.ndarray, factor: np.ndarray | float) -> np.ndarray:
    """One band quantile widened on the log scale around the median (zero medians left as they are)."""
    p50 = np.asarray(p50, dtype=float)
    band = np.asarray(band, dtype=float)
    ok = (p50 > 0) & (band > 0)
    ratio = np.divide(band, p50, out=np.ones_like(band), where=ok)
    return np.where(ok, p50 * np.power(ratio, factor), band)


def years_after(dates: list[dt.date], origin: dt.date) -> np.ndarray:
    """Years from ``origin`` to each date (0 before it)."""
    return np.maximum(np.array([(d - origin).days / 365.25 for d in dates]), 0.0)


def widen_total_plan_bands(summary: pl.DataFrame, origin: dt.date, widening: Widening) -> pl.DataFrame:
    """The run's percentile summary with the total-plan bands widened (other rows untouched, order kept)."""
    mask = (summary["measure"] == TOTAL_PLAN_MEASURE).to_numpy()
    if not mask.any():
        return summary
    factor = widening.factor_at(years_after(summary["date"].to_list(), origin))
    p50 = summary["p50"].to_numpy()
    return summary.with_columns(pl.Series(c, np.where(mask, widen(p50, summary[c].to_numpy(), factor), summary[c].to_numpy())) for c in BAND_COLUMNS)


CALIBRATED_DRAWS: Final[int] = 4000
"""Draws of the structural growth forecaster behind a run's calibrated total-plan interval (fixed, so the table does not depend on --paths)."""
CALIBRATED_STREAM: Final[int] = 7_202_401
"""Spawn key of the seed stream for those draws (apart from every engine's chunk streams)."""


def census_month(origin_period: int, horizon_years: int) -> dt.date:
    """The month of the January census ``horizon_years`` after the census of academic year ``origin_period`` (202324: January 2024, so horizon 1 is January 2025)."""
    return dt.date(2000 + origin_period % 100 + horizon_years, 1, 1)


def calibrated_total_plans(
    scenario: str, seed: int, structural: StructuralGrowth, widening: Widening, last_month: dt.date, simulated: pl.DataFrame
) -> pl.DataFrame:
    """Total plans at each later January census from the structural growth forecaster, widened by the shipped factors.

    These are the bands the cross-council backtest scored (``sefton-sim backtest-councils``), so they are
    the run's prediction intervals for total plans. ``simulated`` (the run's ``send_summary``) supplies the
    simulation's own p10 / p50 / p90 in the same month beside them, which are model bands, not proven intervals.
    """
    state = structural.state
    horizons = [h for h in range(1, 30) if census_month(state.origin_period, h) <= last_month]
    if not horizons:
        return pl.DataFrame()
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(CALIBRATED_STREAM,))))
    total, _, _ = draw_plans(structural.prior, state, max(horizons), rng, CALIBRATED_DRAWS)
    q = np.percentile(total, [5, 10, 50, 90, 95], axis=0)  # [5, years]
    factor = widening.factor_at(np.array(horizons, dtype=float))
    cols = {name: widen(q[2, : len(horizons)], q[i, : len(horizons)], factor) for i, name in ((0, "p5"), (1, "p10"), (3, "p90"), (4, "p95"))}
    months = [census_month(state.origin_period, h) for h in horizons]
    sim = simulated.filter(pl.col("measure") == TOTAL_PLAN_MEASURE).select("date", "p10", "p50", "p90")
    sim_at = {d: (a, b, c) for d, a, b, c in sim.iter_rows()}
    blank: tuple[float | None, ...] = (None, None, None)  # a census month outside the run: empty, not NaN
    return pl.DataFrame(
        {
            "scenario": [scenario] * len(horizons),
            "census_month": months,
            "horizon_years": horizons,
            "p5": cols["p5"],
            "p10": cols["p10"],
            "p50": q[2, : len(horizons)],
            "p90": cols["p90"],
            "p95": cols["p95"],
            "widening_factor": factor,
            "simulation_p10": [sim_at.get(m, blank)[0] for m in months],
            "simulation_p50": [sim_at.get(m, blank)[1] for m in months],
            "simulation_p90": [sim_at.get(m, blank)[2] for m in months],
            "source": [
                f"structural growth forecaster from the January {state.origin_period // 100} census ({structural.state_file}), "
                f"{CALIBRATED_DRAWS} draws, widened by {widening.path} ({widening.method.split(':')[0]}, calibrated on {widening.calibrated_on})"
            ]
            * len(horizons),
        }
    )
