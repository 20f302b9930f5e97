"""Shape and value checks for the simulated arrays the ledgers read (one-line errors), and the
General Fund money identities the ledger keeps (``general_fund_identity_residuals_gbp_m``)."""

from __future__ import annotations

from typing import Protocol

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


IDENTITY_TOLERANCE_GBP_M = 1e-6
"""Money identities hold to within this (£m) on every path and year."""


class _GeneralFundArrays(Protocol):
    gap_gbp_m: np.ndarray
    spending_gbp_m: np.ndarray
    funding_gbp_m: np.ndarray
    high_needs_charge_gbp_m: np.ndarray
    savings_delivered_gbp_m: np.ndarray
    budget_gap_before_action_gbp_m: np.ndarray
    budget_gap_gbp_m: np.ndarray
    draws_gbp_m: np.ndarray
    unfunded_gap_gbp_m: np.ndarray
    contributions_gbp_m: np.ndarray
    general_balances_opening_gbp_m: np.ndarray
    general_balances_closing_gbp_m: np.ndarray


def general_fund_identity_residuals_gbp_m(ledger: _GeneralFundArrays) -> dict[str, float]:
    """Largest absolute residual (£m) of each General Fund money identity; all should be ~0.

    gap = spending − funding; budget_gap = gap + HN charge; before action = budget_gap + delivered
    savings; drawn + unfunded − contributions = budget_gap; closing = opening − drawn + contributions;
    each year opens at the last one's close; and the signs: balances, draws, unfunded and
    contributions never negative, draws never more than the opening balances."""
    gf = ledger
    opening, closing = gf.general_balances_opening_gbp_m, gf.general_balances_closing_gbp_m
    identities = {
        "gap = spending - funding": gf.gap_gbp_m - (gf.spending_gbp_m - gf.funding_gbp_m),
        "budget_gap = gap + high_needs_charge": gf.budget_gap_gbp_m - (gf.gap_gbp_m + gf.high_needs_charge_gbp_m),
        "before_action = budget_gap + savings_delivered": gf.budget_gap_before_action_gbp_m - (gf.budget_gap_gbp_m + gf.savings_delivered_gbp_m),
        "drawn + unfunded - contributions = budget_gap": gf.draws_gbp_m + gf.unfunded_gap_gbp_m - gf.contributions_gbp_m - gf.budget_gap_gbp_m,
        "closing = opening - drawn + contributions": closing - (opening - gf.draws_gbp_m + gf.contributions_gbp_m),
        "opening = last year's closing": opening[:, 1:] - closing[:, :-1],
    }
    out = {name: float(np.abs(values).max(initial=0.0)) for name, values in identities.items()}
    out["balances >= 0"] = float(max(0.0, -closing.min(initial=0.0), -opening.min(initial=0.0)))
    out["drawn, unfunded, contributions >= 0"] = float(
        max(0.0, -gf.draws_gbp_m.min(initial=0.0), -gf.unfunded_gap_gbp_m.min(initial=0.0), -gf.contributions_gbp_m.min(initial=0.0))
    )
    out["drawn <= opening balances"] = float(max(0.0, (gf.draws_gbp_m - opening).max(initial=0.0)))
    return out
