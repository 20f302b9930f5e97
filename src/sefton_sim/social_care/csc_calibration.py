"""Children looked after: calibration of the estimated rates to the observed monthly stock.

The exposure-based estimates (``csc_estimation.estimate_csc_rates``) are the prior; one
exit-hazard and one transition-out multiplier per placement type are fitted
(``fit_multipliers``, bounded least squares) so that the expected-value replay follows the
observed stock by placement type at every month-end of the estimation window. The window is a
parameter (``window_months``); the default is the latest 12 months
(``csc_estimation.ESTIMATION_WINDOW_MONTHS``, chosen for recency), and the calibration reports
the end-of-data check for 12, 24 and 36-month windows side by side
(``CscCalibration.window_comparison``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl
from scipy.optimize import least_squares

from sefton_sim.social_care.csc_estimation import ESTIMATION_WINDOW_MONTHS, CscRates, K, estimate_csc_rates, months_after
from sefton_sim.social_care.csc_projection import project_csc, project_csc_expected
from sefton_sim.social_care.csc_replay import end_tolerance, replay_errors
from sefton_sim.social_care.placements import PLACEMENT_TYPES
from sefton_sim.social_care.ssda903 import Ssda903Episodes, read_ssda903

COMPARISON_WINDOWS: tuple[int, ...] = (12, 24, 36)
"""Windows (months) compared in ``CscCalibration.window_comparison``."""

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

    ``observed`` is ``[months + 1, K]`` (month 0 is the start; it is not a residual). The
    expected-value replay from ``start_stock`` with ``apply_multipliers(prior, ...)`` is compared
    with ``observed`` at every month-end 1..months and every type; the residuals are Pearson-type,
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

    def residuals(log_x: np.ndarray) -> np.ndarray:
        x = np.exp(log_x)
        model = project_csc_expected(apply_multipliers(prior, x[:K], x[K:]), months, start_stock=stock0)
        return ((model[1:].sum(axis=-1) - target) / scale).ravel()

    lo, hi = np.log(bounds[0]), np.log(bounds[1])
    result = least_squares(residuals, np.zeros(2 * K), bounds=(lo, hi), method="trf")
    x = np.exp(result.x)
    return x[:K], x[K:], result


@dataclass(frozen=True)
class CscCalibration:
    """Rates calibrated to the observed monthly stock, and the checks of the calibration.

    ``prior_rates`` are the exposure-based estimates (``estimate_csc_rates``) over the window
    ``(replay_start, end of data]`` of ``replay_months`` months (default
    ``ESTIMATION_WINDOW_MONTHS``, the latest 12 months). ``rates`` are the calibrated rates: the
    prior with one exit-hazard multiplier and one transition-out multiplier per placement type
    (``apply_multipliers``), fitted by ``fit_multipliers`` so that the expected-value replay
    from the observed stock on ``replay_start`` follows the observed stock by placement type at
    every month-end of the window. Entries are not fitted. The projection
    (``projection_table``) runs these rates from the observed stock at the end of the data.

    - ``multipliers``: placement_type, parameter, multiplier, lower_bound, upper_bound, at_bound.
    - ``fit_table``: every month-end 1..``replay_months`` x placement type: month, date,
      placement_type, observed, model (calibrated replay), error (model - observed), and
      prior_model (the replay with the uncalibrated estimates), children.
    - ``table``: the end of the data by placement type, then ``total``: observed, model, error,
      error_pct, prior_model, tolerance (the target: 5% of observed for 10 or more children, 2
      children under 10), within_tolerance, replay_noise_sd (information: sd of the replay
      error at the end if the calibrated model were exactly true, ``replay_noise``) and
      pass_chance_if_true (the share of histories simulated from the calibrated model whose own
      replay meets the target, ``target_pass_chance``).
    - ``all_pass_chance_if_true``: the share of those histories meeting the whole target (every
      type and the total at once): how often a true model would pass the check at all.
    - ``window_comparison``: the same end-of-data comparison for each window of
      ``COMPARISON_WINDOWS`` (12, 24, 36 months), each calibrated the same way over its own
      window and replayed from the observed stock at its start: window_months, window_start,
      is_default, placement_type, observed, model, error, error_pct, prior_model, tolerance,
      within_tolerance, replay_noise_sd, fit_rmse (children, over the window's month-ends) and
      multipliers_at_bound (of the type's two; for ``total``, of all), and all_pass_chance_if_true.
      The default's rows equal ``table``.

    On the sample no window meets the end-of-data target. With the 12-month default, in-house
    fostering ends 1.9 children (8%) high against a tolerance of 1.15 and supported
    accommodation 2.8 children low against 2; the total and the other types are within. The
    longer windows miss by more (in-house fostering about +28% and +30%, residential -18% and
    -11%, IFA -5% and -7% for 24 and 36 months): the rates were not constant over those years
    (in-house fostering outflow per child-month about 8% in the first two years and 9.7% in the
    last), so one set of constant multipliers cannot follow them. The 12-month misses are about
    1.2 and 1.8 replay-noise sd: chance alone in a sample this small is about as large as the
    5% target on 23 children. ``all_pass_chance_if_true`` measures it: if the calibrated model
    were exactly true, its replay would meet the whole target in only about one simulated
    history in twenty.
    """

    data: Ssda903Episodes
    prior_rates: CscRates
    rates: CscRates
    replay_start: date
    replay_months: int
    table: pl.DataFrame
    fit_table: pl.DataFrame
    multipliers: pl.DataFrame
    window_comparison: pl.DataFrame
    all_pass_chance_if_true: float

    def fit_rmse(self) -> pl.DataFrame:
        """Root mean square error (children) over the month-ends of the window by placement type
        (and total): ``rmse`` of the calibrated replay, ``prior_rmse`` of the uncalibrated one."""
        return _fit_rmse(self.fit_table)

    def projection_table(self, months: int = 24, paths: int = 200, seed: int = 1) -> pl.DataFrame:
        """Projection with the calibrated rates from the observed stock at the end of the data:
        month, date, placement_type, p10, p50, p90."""
        return project_csc(self.rates, months, paths, seed).quantile_table()

    def write(self, out_dir: Path | str) -> dict[str, Path]:
        """Write ``csc_rates.csv`` (calibrated rates), ``csc_calibration.csv`` (end of data),
        ``csc_fit.csv`` (monthly fit), ``csc_multipliers.csv``, ``csc_window_comparison.csv``
        (end of data for 12, 24 and 36-month windows), ``csc_projection.csv`` (24 months) and
        ``data_quality.csv`` (the returns' data-quality warnings, ``ssda903_quality``); return
        the paths."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        files = {
            "rates": out / "csc_rates.csv",
            "calibration": out / "csc_calibration.csv",
            "fit": out / "csc_fit.csv",
            "multipliers": out / "csc_multipliers.csv",
            "window_comparison": out / "csc_window_comparison.csv",
            "projection": out / "csc_projection.csv",
            "data_quality": out / "data_quality.csv",
        }
        self.rates.to_table().write_csv(files["rates"])
        self.table.write_csv(files["calibration"])
        self.fit_table.write_csv(files["fit"])
        self.multipliers.write_csv(files["multipliers"])
        self.window_comparison.write_csv(files["window_comparison"])
        self.projection_table().write_csv(files["projection"])
        self.data.quality.write_csv(files["data_quality"])
        return files


def _fit_rmse(fit_table: pl.DataFrame) -> pl.DataFrame:
    """``CscCalibration.fit_rmse`` for a fit table (sums in numpy, in a fixed order)."""
    order = {name: i for i, name in enumerate(PLACEMENT_TYPES)}
    table = fit_table.sort(pl.col("month"), pl.col("placement_type").replace_strict(order, return_dtype=pl.Int64))

    def by_month_and_type(column: str) -> np.ndarray:
        values = table[column].to_numpy().astype(float).reshape(-1, K)  # [month, placement type]
        return np.concatenate([values, values.sum(axis=1, keepdims=True)], axis=1)  # then total

    error = by_month_and_type("error")
    prior_error = by_month_and_type("prior_model") - by_month_and_type("observed")
    return pl.DataFrame(
        {
            "placement_type": list(PLACEMENT_TYPES) + ["total"],
            "rmse": np.sqrt((error**2).mean(axis=0)),
            "prior_rmse": np.sqrt((prior_error**2).mean(axis=0)),
        }
    )


@dataclass(frozen=True)
class _WindowFit:
    """One window's calibration (see ``calibrate_csc``)."""

    prior: CscRates
    rates: CscRates
    start: date
    months: int
    table: pl.DataFrame
    fit_table: pl.DataFrame
    multipliers: pl.DataFrame
    all_pass_chance_if_true: float


def _calibrate_window(data: Ssda903Episodes, window_months: int, noise_paths: int, seed: int, bounds: tuple[float, float]) -> _WindowFit:
    """Estimate over the last ``window_months``, fit the multipliers to the monthly stock of the
    window, replay from the observed stock at its start and compare at the end of the data."""
    prior = estimate_csc_rates(data, window_months=window_months)
    start = prior.window_start
    start_stock = data.stock_on(start)
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
    tolerance = end_tolerance(obs)
    error_sim, simulated = replay_errors(rates, start_stock, window_months, noise_paths, seed)
    noise = error_sim.std(axis=0)
    within_sim = np.abs(error_sim) <= end_tolerance(simulated)
    table = pl.DataFrame(
        {
            "placement_type": list(PLACEMENT_TYPES) + ["total"],
            "observed": obs,
            "model": mod,
            "error": mod - obs,
            "error_pct": np.where(obs > 0, 100.0 * (mod - obs) / np.where(obs > 0, obs, 1.0), np.nan),
            "prior_model": pri,
            "tolerance": tolerance,
            "within_tolerance": np.abs(mod - obs) <= tolerance,
            "replay_noise_sd": noise,
            "pass_chance_if_true": within_sim.mean(axis=0),
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
    return _WindowFit(prior, rates, start, window_months, table, fit_table, multipliers, float(within_sim.all(axis=1).mean()))


def _comparison_rows(fit: _WindowFit, is_default: bool) -> pl.DataFrame:
    """One window's rows of ``CscCalibration.window_comparison``."""
    at_bound = fit.multipliers.group_by("placement_type").agg(pl.col("at_bound").sum().alias("multipliers_at_bound"))
    at_bound = pl.concat(
        [
            at_bound,
            pl.DataFrame({"placement_type": ["total"], "multipliers_at_bound": [at_bound["multipliers_at_bound"].sum()]}, schema=at_bound.schema),
        ]
    )
    rmse = _fit_rmse(fit.fit_table).select("placement_type", pl.col("rmse").alias("fit_rmse"))
    return (
        fit.table.with_columns(
            pl.lit(fit.months, dtype=pl.Int64).alias("window_months"),
            pl.lit(fit.start, dtype=pl.Date).alias("window_start"),
            pl.lit(is_default).alias("is_default"),
            pl.lit(fit.all_pass_chance_if_true).alias("all_pass_chance_if_true"),
        )
        .join(rmse, on="placement_type", how="left", maintain_order="left")
        .join(at_bound, on="placement_type", how="left", maintain_order="left")
        .with_columns(pl.col("multipliers_at_bound").cast(pl.Int64))
        .select("window_months", "window_start", "is_default", *fit.table.columns, "fit_rmse", "multipliers_at_bound", "all_pass_chance_if_true")
    )


def calibrate_csc(
    folder: Path | str,
    window_months: int = ESTIMATION_WINDOW_MONTHS,
    noise_paths: int = 2000,
    seed: int = 0,
    bounds: tuple[float, float] = MULTIPLIER_BOUNDS,
    comparison_windows: tuple[int, ...] = COMPARISON_WINDOWS,
) -> CscCalibration:
    """Read SSDA903 returns, estimate rates (the prior), calibrate them, and check the replay.

    Everything uses the last ``window_months`` of data (default ``ESTIMATION_WINDOW_MONTHS``,
    12: the most recent behaviour): the rates are estimated from exposure in that window, the
    multipliers are fitted to the observed stock by placement type at every month-end of it
    (``fit_multipliers``), and the replay starts from the observed stock at the window start and
    runs the rates forward (expected values) to the end date. The end-of-data table compares the
    calibrated (and prior) replay with the observed stock, with the replay noise
    (``noise_paths`` bootstrap paths, ``seed``). The same is done for each window of
    ``comparison_windows`` (plus ``window_months``) for ``window_comparison``. See
    ``CscCalibration``.
    """
    data = read_ssda903(folder)
    windows = sorted(set(comparison_windows) | {window_months})
    fits = {w: _calibrate_window(data, w, noise_paths, seed, bounds) for w in windows}
    main = fits[window_months]
    comparison = pl.concat([_comparison_rows(fits[w], w == window_months) for w in windows])
    return CscCalibration(
        data=data,
        prior_rates=main.prior,
        rates=main.rates,
        replay_start=main.start,
        replay_months=window_months,
        table=main.table,
        fit_table=main.fit_table,
        multipliers=main.multipliers,
        window_comparison=comparison,
        all_pass_chance_if_true=main.all_pass_chance_if_true,
    )
