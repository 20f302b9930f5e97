"""Calibrate the SEND model for many councils at once from the DfE EHC plans statistics.

Each council's folder is built in memory (``data.council_builder``), written to a scratch
folder, loaded and calibrated (``demand.calibrate.calibrate_send``). The result is a table of
fit errors per council and series, a per-council summary with a reason column for poor fits,
and the distribution of the absolute % error of the fitted stock series.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from sefton_sim.data import council_builder as cb
from sefton_sim.data import dfe_statistics as dfe
from sefton_sim.data import load_council_data
from sefton_sim.demand.calibrate import calibrate_send
from sefton_sim.errors import BadInputError

CENSUSES_NEEDED = 6
PLAN_YEARS_NEEDED = 5
SERIES_BREAK_FLAG = 0.10
"""Flag the 2023 series break when growth into 2023 differs from the earlier mean by more than this."""


@dataclass(frozen=True)
class CouncilsCalibration:
    """Fit errors per council and series, one row per council, and the summary of the distribution."""

    fit: pl.DataFrame
    councils: pl.DataFrame
    summary: pl.DataFrame
    skipped: pl.DataFrame


def complete_series_reason(stats: dfe.DfeStatistics, council: dfe.Council) -> str | None:
    """Why a council's DfE series are not complete enough to calibrate (None if they are)."""
    stock = stats.all_rows("caseload.csv", council).filter((pl.col("measure") == "ehcplans") & pl.col("value").is_not_null())
    if stock.height < CENSUSES_NEEDED:
        return f"boundary change: {stock.height} of {CENSUSES_NEEDED} January censuses under this council"
    plans = stats.all_rows("newplans.csv", council).filter((pl.col("measure") == "new_ehc_plans") & pl.col("value").is_not_null())
    if plans.height < PLAN_YEARS_NEEDED:
        return f"new plans published for {plans.height} of {PLAN_YEARS_NEEDED} years"
    return None


def _stock_plans_mismatch(history: pl.DataFrame) -> str | None:
    stock = {r["period_start"].year: r["value"] for r in history.filter(pl.col("series") == "ehcp_stock").iter_rows(named=True)}
    plans = {r["period_start"].year: r["value"] for r in history.filter(pl.col("series") == "plans_issued").iter_rows(named=True)}
    worst = None
    for year, issued in plans.items():
        if year in stock and year + 1 in stock:
            gap = (stock[year + 1] - stock[year]) - issued
            if gap > 0 and (worst is None or gap > worst[1]):
                worst = (year, gap)
    if worst is None:
        return None
    return f"stock grew by {worst[1]:.0f} more than the new plans of {worst[0]} (negative ceasing implied)"


def _reasons(quality: dict[str, object], history: pl.DataFrame, at_bounds: list[str]) -> str:
    out = []
    jump = quality.get("growth_2023_minus_mean_before")
    if isinstance(jump, float) and abs(jump) > SERIES_BREAK_FLAG:
        out.append(f"series break 2023: {quality['series_break_2023']}")
    mismatch = _stock_plans_mismatch(history)
    if mismatch:
        out.append(mismatch)
    if quality.get("code_changed"):
        out.append("LA code changed within the series")
    residual = quality.get("max_abs_settings_residual")
    if isinstance(residual, float) and residual > 0:
        out.append(f"settings residual up to {residual:.0f}")
    unknown = quality.get("placement_not_recorded_share")
    if isinstance(unknown, float) and unknown > 0.05:
        out.append(f"placement not recorded {100 * unknown:.0f}%")
    if at_bounds:
        out.append("fit at a prior bound: " + ", ".join(at_bounds))
    return "; ".join(out) if out else "none found"


def calibrate_one(stats: dfe.DfeStatistics, council: dfe.Council, scratch: Path) -> tuple[pl.DataFrame, dict[str, object]]:
    """Build, load and calibrate one council; its fit rows and its summary row."""
    started = time.perf_counter()
    build = cb.build_council(stats, council.la_code)
    folder = cb.write_council_folder(build, stats, scratch / council.old_la_code)
    data = load_council_data(folder)
    result = calibrate_send(data)
    seconds = time.perf_counter() - started
    fit = result.table.drop("source").with_columns(
        pl.lit(council.la_code).alias("la_code"), pl.lit(council.la_name).alias("la_name"), pl.col("error_pct").abs().alias("abs_error_pct")
    )
    at_bounds = [
        p.name
        for p in result.parameters.values()
        if p.high > p.low and (p.value <= p.low + 1e-6 * (p.high - p.low) or p.value >= p.high - 1e-6 * (p.high - p.low))
    ]
    at_bounds = [n for n in at_bounds if n != "assessment_slots_per_casework_officer"]  # no casework expansion: not identified

    def mean_abs(series: str, used_only: bool = True) -> float | None:
        rows = fit.filter(pl.col("series") == series)
        if used_only:
            rows = rows.filter(pl.col("used_in_calibration"))
        return round(float(rows["abs_error_pct"].mean()), 2) if rows.height else None  # type: ignore[arg-type]

    stock_rows = fit.filter(pl.col("series") == "ehcp_stock")
    row = {
        "la_code": council.la_code,
        "la_name": council.la_name,
        "seconds": round(seconds, 2),
        "stock_mean_abs_error_pct": mean_abs("ehcp_stock"),
        "stock_max_abs_error_pct": round(float(stock_rows["abs_error_pct"].max()), 2) if stock_rows.height else None,  # type: ignore[arg-type]
        "plans_issued_mean_abs_error_pct": mean_abs("plans_issued"),
        "agreed_requests_mean_abs_error_pct": mean_abs("agreed_requests"),
        "base_date_stock_error_pct": round(100 * (result.base_date_stock / result.base_date_fact_interpolation - 1), 2),
        "cost": round(result.cost, 5),
        "reason": _reasons(build.quality, data.history, at_bounds),
    }
    return fit.select("la_code", "la_name", *[c for c in fit.columns if c not in ("la_code", "la_name")]), row


def calibrate_councils(stats: dfe.DfeStatistics, only: list[str] | None = None, progress: Callable[[str], None] | None = None) -> CouncilsCalibration:
    """Calibrate every council with complete series (or the ones named in ``only``)."""
    councils = [stats.resolve(la) for la in only] if only else stats.councils()
    fits, rows, skipped = [], [], []
    with tempfile.TemporaryDirectory(prefix="councils-calibrate-") as tmp:
        scratch = Path(tmp)
        for council in councils:
            reason = complete_series_reason(stats, council)
            if reason is not None:
                skipped.append({"la_code": council.la_code, "la_name": council.la_name, "reason": reason})
                continue
            try:
                fit, row = calibrate_one(stats, council, scratch)
            except BadInputError as exc:
                skipped.append({"la_code": council.la_code, "la_name": council.la_name, "reason": exc.one_line()})
                continue
            fits.append(fit)
            rows.append(row)
            if progress is not None:
                progress(f"{council.la_code} {council.la_name}: stock error {row['stock_mean_abs_error_pct']}% in {row['seconds']} s")
    if not rows:
        raise BadInputError(stats.path("caseload.csv"), "--councils", ",".join(only or []), "at least one council with complete DfE series")
    fit_all = pl.concat(fits, how="diagonal_relaxed")
    table = pl.DataFrame(rows).sort("stock_mean_abs_error_pct", descending=True, nulls_last=True)
    return CouncilsCalibration(
        fit_all, table, summarise(fit_all, table), pl.DataFrame(skipped, schema={"la_code": pl.Utf8, "la_name": pl.Utf8, "reason": pl.Utf8})
    )


def summarise(fit: pl.DataFrame, councils: pl.DataFrame) -> pl.DataFrame:
    """Median, 90th percentile and maximum of absolute % errors by series (fact points, council means) and of seconds per council."""
    records = []
    for series in sorted(set(fit["series"].to_list())):
        points = fit.filter((pl.col("series") == series) & pl.col("used_in_calibration"))["abs_error_pct"].to_numpy()
        if points.size == 0:
            continue
        records.append(
            {
                "measure": f"{series}: fact points",
                "n": int(points.size),
                "median": round(float(np.median(points)), 2),
                "p90": round(float(np.percentile(points, 90)), 2),
                "max": round(float(points.max()), 2),
            }
        )
    for column in ("stock_mean_abs_error_pct", "plans_issued_mean_abs_error_pct", "agreed_requests_mean_abs_error_pct", "seconds"):
        values = councils[column].drop_nulls().to_numpy()
        if values.size:
            records.append(
                {
                    "measure": f"per council: {column}",
                    "n": int(values.size),
                    "median": round(float(np.median(values)), 2),
                    "p90": round(float(np.percentile(values, 90)), 2),
                    "max": round(float(values.max()), 2),
                }
            )
    return pl.DataFrame(records)
