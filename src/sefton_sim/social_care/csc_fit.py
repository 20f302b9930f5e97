"""Children looked after: calibration multipliers fitted to the observed monthly stock of a window.

The exposure-based estimates (``csc_estimation.estimate_csc_rates``) are the prior; one
exit-hazard and one transition-out multiplier per placement type are fitted
(``fit_multipliers``, bounded least squares) so that the expected-value replay from the children
looked after at the window start (at their ages from date of birth) follows the observed stock by
placement type at every month-end of the window (``calibrate_window``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import polars as pl
from scipy.optimize import least_squares

from sefton_sim.social_care.csc_estimation import CscRates, K, estimate_csc_rates, months_after
from sefton_sim.social_care.csc_projection import project_csc_expected
from sefton_sim.social_care.placements import PLACEMENT_TYPES
from sefton_sim.social_care.ssda903 import Ssda903Episodes

MULTIPLIER_BOUNDS: tuple[float, float] = (0.25, 4.0)
"""Default bounds on the calibration multipliers (applied to the exposure-based hazards)."""

MULTIPLIER_PARAMETERS: tuple[str, ...] = ("exit_hazard", "transition_out_hazard")
"""The two multipliers fitted per placement type: on the exit (leave care before 18) hazard and
on every transition hazard out of the type (all destinations, all age bands alike)."""


def apply_multipliers(rates: CscRates, exit_multiplier: np.ndarray, move_multiplier: np.ndarray) -> CscRates:
    """Rates with ``exit_hazard[k, a] * exit_multiplier[k]`` and
    ``transition_hazard[k, j, a] * move_multiplier[k]`` (from type ``k``); entries, stock and the
    estimation counts are unchanged."""
    exit_m = np.asarray(exit_multiplier, dtype=float)
    move_m = np.asarray(move_multiplier, dtype=float)
    return replace(
        rates,
        exit_hazard=rates.exit_hazard * exit_m[:, None],
        transition_hazard=rates.transition_hazard * move_m[:, None, None],
    )


def observed_monthly_stock(data: Ssda903Episodes, start: date, months: int) -> np.ndarray:
    """Observed children looked after by ``[month, placement_type]`` on the month-ends
    ``months_after(start, m)``, ``m = 0..months`` (the same day of the month as ``start``)."""
    return np.array([data.stock_on(months_after(start, m)).sum(axis=-1) for m in range(months + 1)], dtype=float)


def fit_multipliers(
    prior: CscRates,
    start_stock: np.ndarray,
    observed: np.ndarray,
    bounds: tuple[float, float] = MULTIPLIER_BOUNDS,
) -> tuple[np.ndarray, np.ndarray, object]:
    """Fit exit and transition-out multipliers per placement type to observed monthly stock.

    ``start_stock`` is ``[K, J]`` (children by whole month of age at the start); ``observed`` is
    ``[months + 1, K]`` (month 0 is the start; it is not a residual). The expected-value replay
    from ``start_stock`` with ``apply_multipliers(prior, ...)`` is compared with ``observed`` at
    every month-end 1..months and every type; the residuals are Pearson-type,
    ``(model - observed) / sqrt(max(observed, 1))`` (a count error scaled by its Poisson sd, so
    large and small placement types weigh alike; months weigh equally otherwise). Minimised by
    ``scipy.optimize.least_squares`` (trust-region reflective) over the log multipliers, started
    at 1 (the exposure-based estimates) and bounded by ``bounds``. Returns (exit multipliers
    ``[K]``, transition-out multipliers ``[K]``, the ``OptimizeResult``).
    """
    months = observed.shape[0] - 1
    target = observed[1:]
    scale = np.sqrt(np.maximum(target, 1.0))
    stock0 = np.asarray(start_stock, dtype=float)
    lo, hi = np.log(bounds[0]), np.log(bounds[1])

    def residuals_batch(log_x: np.ndarray) -> np.ndarray:
        """Residuals ``[B, months * K]`` for ``B`` sets of log multipliers ``[B, 2K]`` at once."""
        x = np.exp(log_x)
        batch = replace(
            prior,
            exit_hazard=prior.exit_hazard * x[:, :K, None],
            transition_hazard=prior.transition_hazard * x[:, K:, None, None],
        )
        start = np.broadcast_to(stock0, (log_x.shape[0],) + stock0.shape)
        model = project_csc_expected(batch, months, start_stock=start)  # [B, T+1, K, A]
        return ((model[:, 1:].sum(axis=-1) - target) / scale).reshape(log_x.shape[0], -1)

    def residuals(log_x: np.ndarray) -> np.ndarray:
        return residuals_batch(log_x[None, :])[0]

    def jacobian(log_x: np.ndarray) -> np.ndarray:
        """Forward differences (steps as scipy's "2-point", stepping back at an upper bound), all
        parameters in one batched replay."""
        step = np.sqrt(np.finfo(float).eps) * np.maximum(1.0, np.abs(log_x))
        step = np.where(log_x + step > hi, -step, step)
        points = log_x[None, :] + np.diag(step)
        values = residuals_batch(np.vstack([log_x[None, :], points]))
        return ((values[1:] - values[0]) / step[:, None]).T

    result = least_squares(residuals, np.zeros(2 * K), jac=jacobian, bounds=(lo, hi), method="trf")
    x = np.exp(result.x)
    return x[:K], x[K:], result


@dataclass(frozen=True)
class WindowFit:
    """One window's calibration (``calibrate_window``).

    ``table``: the end of the data by placement type, then ``total``: observed, model (the
    calibrated replay), error, error_pct, prior_model (the replay with the uncalibrated
    estimates), children. ``fit_table``: every month-end 1..months x placement type: month, date,
    placement_type, observed, model, error, prior_model. ``multipliers``: placement_type,
    parameter, multiplier, lower_bound, upper_bound, at_bound.
    """

    prior: CscRates
    rates: CscRates
    start: date
    months: int
    table: pl.DataFrame
    fit_table: pl.DataFrame
    multipliers: pl.DataFrame


def calibrate_window(data: Ssda903Episodes, window_months: int, bounds: tuple[float, float] = MULTIPLIER_BOUNDS) -> WindowFit:
    """Estimate over the last ``window_months`` of ``data``, fit the multipliers to the monthly
    stock of the window, replay from the children looked after at its start (ages from date of
    birth) and compare at the end of the data."""
    prior = estimate_csc_rates(data, window_months=window_months)
    start = prior.window_start
    start_stock = data.stock_by_age_on(start)
    observed_monthly = observed_monthly_stock(data, start, window_months)  # [T+1, K]
    exit_m, move_m, _ = fit_multipliers(prior, start_stock, observed_monthly, bounds)
    rates = apply_multipliers(prior, exit_m, move_m)

    model_monthly = project_csc_expected(rates, window_months, start_stock=start_stock).sum(axis=-1)
    prior_monthly = project_csc_expected(prior, window_months, start_stock=start_stock).sum(axis=-1)
    months = np.repeat(np.arange(1, window_months + 1), K)
    fit_table = pl.DataFrame(
        {
            "month": months,
            "date": [months_after(start, int(m)) for m in months],
            "placement_type": list(PLACEMENT_TYPES) * window_months,
            "observed": observed_monthly[1:].reshape(-1),
            "model": model_monthly[1:].reshape(-1),
            "error": (model_monthly[1:] - observed_monthly[1:]).reshape(-1),
            "prior_model": prior_monthly[1:].reshape(-1),
        }
    )

    observed = prior.stock.sum(axis=-1).astype(float)
    obs = np.append(observed, observed.sum())
    mod = np.append(model_monthly[-1], model_monthly[-1].sum())
    pri = np.append(prior_monthly[-1], prior_monthly[-1].sum())
    table = pl.DataFrame(
        {
            "placement_type": list(PLACEMENT_TYPES) + ["total"],
            "observed": obs,
            "model": mod,
            "error": mod - obs,
            "error_pct": np.where(obs > 0, 100.0 * (mod - obs) / np.where(obs > 0, obs, 1.0), np.nan),
            "prior_model": pri,
        }
    )

    lo, hi = bounds
    rows = [(pt, name, float(m[k])) for name, m in zip(MULTIPLIER_PARAMETERS, (exit_m, move_m)) for k, pt in enumerate(PLACEMENT_TYPES)]
    multipliers = pl.DataFrame(
        {
            "placement_type": [r[0] for r in rows],
            "parameter": [r[1] for r in rows],
            "multiplier": [r[2] for r in rows],
            "lower_bound": [float(lo)] * len(rows),
            "upper_bound": [float(hi)] * len(rows),
            "at_bound": [bool(np.isclose(r[2], lo, rtol=1e-3) or np.isclose(r[2], hi, rtol=1e-3)) for r in rows],
        }
    )
    return WindowFit(prior, rates, start, window_months, table, fit_table, multipliers)
