"""Shared pieces of the social care package engines (children's and adults').

Parameter tables (``parameter,value,low,high,unit,source``), per-path parameter draws, seed
streams per chunk of paths, and the calendar: which financial year each simulated month falls
in, and how many weeks of care a month holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np

from sefton_sim.data import tables as t
from sefton_sim.errors import BadInputError
from sefton_sim.model.calendar import month_starts  # one calendar for every engine

BASE_DATE: Final[dt.date] = dt.date(2024, 4, 1)
"""Default base date of the package engines: the start of financial year 2024/25."""

WEEKS_PER_YEAR: Final[float] = 52.0
"""Weeks of care in a year. The budget lines were built as weekly cost × 52 (R27; the ASC line in
gf_budget_2024_25.csv), so the engines use the same convention and a steady caseload costs
exactly its budget line."""

WEEKS_PER_MONTH: Final[float] = WEEKS_PER_YEAR / 12.0
"""Weeks of care in each simulated month (52/12)."""

STREAM_CSC: Final[int] = 101
"""Seed stream id of the children's package engine (the second spawn-key entry)."""

STREAM_ASC: Final[int] = 102
"""Seed stream id of the adult package engine (the second spawn-key entry)."""

PARAMETER_COLUMNS: Final[tuple[str, ...]] = ("parameter", "value", "low", "high", "unit")


@dataclass(frozen=True)
class Parameter:
    """One row of a parameter table: central value and its range, in ``unit``."""

    name: str
    value: float
    low: float
    high: float
    unit: str
    source: str


def read_parameters(
    path: Path,
    required: tuple[str, ...],
    overrides: Mapping[str, float] | None = None,
    signed: frozenset[str] = frozenset(),
) -> dict[str, Parameter]:
    """Read a parameter table, check it, and apply scenario overrides to the central values.

    Every ``required`` name must appear once; values must satisfy ``low <= value <= high`` and be
    non-negative unless the name is in ``signed`` (growth rates and trends may be negative).
    Overrides replace ``value`` (and widen the range to include it); an unknown override name is
    refused.
    """
    frame = t.read_table(path, PARAMETER_COLUMNS, numeric=("value", "low", "high"))
    out: dict[str, Parameter] = {}
    for row_number, row in enumerate(frame.iter_rows(named=True), start=2):
        name = str(row["parameter"]).strip()
        if name in out:
            raise BadInputError(path, f"row {row_number}.parameter", name, "each parameter once")
        if name not in required:
            raise BadInputError(path, f"row {row_number}.parameter", name, f"one of {', '.join(required)}")
        value, low, high = float(row["value"]), float(row["low"]), float(row["high"])
        for column, number in (("value", value), ("low", low), ("high", high)):
            if not np.isfinite(number):
                raise BadInputError(path, f"row {row_number}.{column}", number, "a finite number")
            if name not in signed and number < 0:
                raise BadInputError(path, f"row {row_number}.{column}", number, "a non-negative number")
        if not low <= value <= high:
            raise BadInputError(path, f"row {row_number}.value ({name})", value, f"a value within its range {low:g}-{high:g}")
        out[name] = Parameter(name, value, low, high, str(row["unit"]), str(row["source"]))
    for name in required:
        if name not in out:
            raise BadInputError(path, name, None, "a row for this parameter")
    for name, value in (overrides or {}).items():
        if name not in out:
            raise BadInputError(path, f"override {name}", value, f"one of {', '.join(required)}")
        number = float(value)
        if not np.isfinite(number) or (name not in signed and number < 0):
            raise BadInputError(path, f"override {name}", value, "a finite, non-negative number")
        old = out[name]
        out[name] = Parameter(name, number, min(old.low, number), max(old.high, number), old.unit, "override")
    return out


def check_rows(path: Path, names: list[str], expected: tuple[str, ...], column: str) -> None:
    """A category table lists each expected category exactly once (row order free)."""
    for row_number, name in enumerate(names, start=2):
        if name not in expected:
            raise BadInputError(path, f"row {row_number}.{column}", name, f"one of {', '.join(expected)}")
        if names.index(name) != row_number - 2:
            raise BadInputError(path, f"row {row_number}.{column}", name, "each category once")
    for name in expected:
        if name not in names:
            raise BadInputError(path, column, name, "a row for this category")


def check_sum_to_one(path: Path, key: str, values: np.ndarray) -> None:
    """Shares in [0, 1] that sum to 1 (within the table tolerance)."""
    for value in values:
        if not 0.0 <= value <= 1.0:
            raise BadInputError(path, key, float(value), "a share between 0 and 1")
    total = float(np.sum(values))
    if abs(total - 1.0) > t.SHARE_TOLERANCE:
        raise BadInputError(path, key, round(total, 6), "shares summing to 1")


def check_range(path: Path, key: str, value: float, low: float, high: float) -> None:
    """A central value lies within its stated range."""
    value, low, high = float(value), float(low), float(high)
    if not low <= value <= high:
        raise BadInputError(path, key, value, f"a value within its range {low:g}-{high:g}")


def chunk_generator(seed: int, chunk: int, stream: int) -> np.random.Generator:
    """Random stream of one chunk of paths: ``SeedSequence(seed, spawn_key=(chunk, stream))``.

    The chunk index comes first, as in the SEND engine; the engine's ``stream`` id keeps the
    children's and adults' draws independent of the SEND engine's for the same seed.
    """
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(chunk, stream))))


def draw_within_range(rng: np.random.Generator, parameter: Parameter, paths: int) -> np.ndarray:
    """One value per path from a triangular distribution over ``[low, high]`` peaking at ``value``.

    A parameter with no range (``low == high``) is the same on every path.
    """
    if parameter.high <= parameter.low:
        return np.full(paths, parameter.value)
    return rng.triangular(parameter.low, parameter.value, parameter.high, size=paths)


def financial_year_start(day: dt.date) -> int:
    """Start year of the financial year (April-March) containing ``day`` (2024 for 2024/25)."""
    return day.year if day.month >= 4 else day.year - 1


def month_financial_years(base_date: dt.date, months: int) -> np.ndarray:
    """Financial-year start year of each simulated month, [T] (months run from ``base_date``)."""
    return np.array([financial_year_start(d) for d in month_starts(base_date, months)], dtype=np.int64)


def sum_by_financial_year(monthly_gbp: np.ndarray, base_date: dt.date) -> np.ndarray:
    """Monthly amounts [P, T] summed into financial years [P, Y] (year 0 holds ``base_date``).

    A horizon that does not end in March leaves its last year partial (only the months simulated).
    """
    paths, months = monthly_gbp.shape
    fy = month_financial_years(base_date, months)
    index = fy - fy[0]
    if months == 0:
        return np.zeros((paths, 0))
    starts = np.flatnonzero(np.r_[True, np.diff(index) != 0])  # months are contiguous: every year appears
    return np.add.reduceat(np.asarray(monthly_gbp, dtype=float), starts, axis=1)


def largest_remainder(values: np.ndarray, total: int) -> np.ndarray:
    """Whole numbers with the given ``total`` closest to non-negative ``values`` (largest remainder)."""
    values = np.asarray(values, dtype=float)
    if total <= 0 or values.sum() <= 0:
        return np.zeros(values.shape, dtype=np.int64)
    scaled = values / values.sum() * total
    whole = np.floor(scaled).astype(np.int64)
    short = total - int(whole.sum())
    if short > 0:
        order = np.argsort(-(scaled - whole), axis=None, kind="stable")[:short]
        np.add.at(whole.reshape(-1), order, 1)
    return whole
