"""Calibrated widening of total-plan bands by horizon, shipped as data with its provenance.

``shipped/data/forecast_widening.csv`` holds one factor per horizon (years after the forecast
origin), calibrated on the cross-council rolling-origin backtest (``sefton-sim backtest-councils``).
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
            "applied_to": f"{TOTAL_PLAN_MEASURE} bands (p5, p10, p90, p95) in send_summary and the EHCP p10/p90 of send_headline",
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
