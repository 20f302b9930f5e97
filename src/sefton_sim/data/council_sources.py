"""Shared pieces of a council folder built from the DfE statistics: source texts, shares, rounding."""

from __future__ import annotations

import datetime as dt
from typing import Final

import numpy as np
import polars as pl

from sefton_sim.data import dfe_statistics as dfe

SEFTON_DEFAULT: Final[str] = "assumption: national default (copied from the Sefton starting assumptions, shipped/data/sefton/{file})"
BASE_DATE: Final[dt.date] = dt.date(2024, 4, 1)
MIN_PLANS_FOR_SHARES: Final[int] = 20
"""Fewer new plans than this in an age band in the latest year: pool all years (then Sefton's assumption)."""
RESIDUAL_TOLERANCE: Final[float] = 0.02
"""A census whose settings miss more than this share of ``ehcplans`` is not used for the setting split."""


def fact_source(file: str, period: int, council: dfe.Council, column: str, note: str = "") -> str:
    text = f"fact: DfE EHCP statistics {file} {period} {council.la_code} {column}"
    return f"{text} ({note})" if note else text


def largest_remainder(values: np.ndarray, total: int) -> np.ndarray:
    """Integers summing to ``total`` that round ``values`` (scaled to ``total``) by largest remainder."""
    values = np.asarray(values, dtype=float)
    if total <= 0 or values.sum() <= 0:
        return np.zeros(values.shape, dtype=int)
    scaled = values / values.sum() * total
    floors = np.floor(scaled)
    short = int(round(total - floors.sum()))
    order = np.argsort(-(scaled - floors).ravel(), kind="stable")[:short]
    floors.ravel()[order] += 1
    return floors.astype(int)


def round_shares(shares: np.ndarray, digits: int = 4) -> np.ndarray:
    """Shares rounded to ``digits`` that still sum to exactly 1 (largest remainder in units of 10^-digits)."""
    unit = 10**digits
    return largest_remainder(shares, unit) / unit


def all_values(stats: dfe.DfeStatistics, name: str, council: dfe.Council, measure: str) -> dict[int, float]:
    """Every published value of ``measure`` in file ``name`` for ``council``, by DfE period (missing cells left out)."""
    rows = stats.all_rows(name, council).filter(pl.col("measure") == measure)
    return {int(r["period"]): float(r["value"]) for r in rows.iter_rows(named=True) if r["value"] is not None}
