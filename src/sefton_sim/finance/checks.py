"""Shape and value checks for the simulated arrays the ledgers read (one-line errors)."""

from __future__ import annotations

import numpy as np

from sefton_sim.errors import BadInputError


def as_paths_years(name: str, values: np.ndarray, shape: tuple[int, int] | None = None) -> np.ndarray:
    """A finite, non-negative float array [path, financial_year] (optionally of a given shape)."""
    array = np.asarray(values, dtype=float)
    if array.ndim != 2 or (shape is not None and array.shape != shape):
        want = f"[{shape[0]} paths, {shape[1]} years]" if shape is not None else "[paths, years]"
        raise BadInputError(None, name, array.shape, f"an array shaped {want}")
    _finite_non_negative(name, array)
    return array


def as_paths_years_settings(name: str, values: np.ndarray, settings: int) -> np.ndarray:
    """A finite, non-negative float array [path, financial_year, setting]."""
    array = np.asarray(values, dtype=float)
    if array.ndim != 3 or array.shape[2] != settings or array.shape[0] < 1 or array.shape[1] < 1:
        raise BadInputError(None, name, array.shape, f"an array shaped [paths, years, {settings} settings]")
    _finite_non_negative(name, array)
    return array


def as_settings(name: str, values: np.ndarray, settings: int) -> np.ndarray:
    """A finite, non-negative float vector [setting]."""
    array = np.asarray(values, dtype=float)
    if array.shape != (settings,):
        raise BadInputError(None, name, array.shape, f"a vector of {settings} settings")
    _finite_non_negative(name, array)
    return array


def _finite_non_negative(name: str, array: np.ndarray) -> None:
    if not np.all(np.isfinite(array)):
        raise BadInputError(None, name, "non-finite values", "finite numbers")
    if np.any(array < 0):
        raise BadInputError(None, name, float(array.min()), "non-negative values")


def check_years(name: str, years: int, expected: int) -> None:
    """The year axis of a simulated array matches the resolved finance horizon."""
    if years != expected:
        raise BadInputError(None, name, f"{years} years", f"{expected} financial years (the finance horizon)")
