"""Backtesting: calibrate on what was known at a date, forecast forward, score against later facts.

For ``as_of`` the SEND fact series are cut to the points whose period had ended by then; the
calibration is refitted on those; the fitted mean-field run gives the position at the first month
start after ``as_of``; the vector core then simulates forward with parameter uncertainty. Every
later fact is scored: error of the median and whether it falls inside the p10-p90 and p5-p95
bands. The High Needs deficit at 31 March 2024 is forecast too (opening deficit known at the
2022/23 outturn + 2023/24 placements × unit costs + other lines − grant) and set beside the
council's own autumn-2023 forecast.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import polars as pl  # noqa: E402

from sefton_sim.data import CouncilData  # noqa: E402
from sefton_sim.data import tables as t  # noqa: E402
from sefton_sim.demand.calibrate import calibrate_send, history_run, model_value, with_values  # noqa: E402
from sefton_sim.demand.rates import build_send_rates  # noqa: E402
from sefton_sim.demand.vector import DemandPaths, simulate_send  # noqa: E402
from sefton_sim.errors import BadInputError  # noqa: E402
from sefton_sim.model import limits as lim  # noqa: E402
from sefton_sim.model import states as st  # noqa: E402
from sefton_sim.model.calendar import month_starts  # noqa: E402
from sefton_sim.model.progress import NO_PROGRESS, ProgressReporter  # noqa: E402

if TYPE_CHECKING:
    from sefton_sim.simulate.run import Inputs

BASE_DATE = dt.date(2024, 4, 1)
HN_FILE = "high_needs_history.csv"
HN_SERIES = ("high_needs_deficit_gbp_m", "council_forecast_high_needs_deficit_gbp_m", "high_needs_grant_gbp_m")
"""Series of the High Needs history: the accumulated deficit, the council's own forecast of it, the grant."""


@dataclass(frozen=True)
class BacktestResult:
    """The scored forecast made as at ``as_of``."""

    as_of: dt.date
    table: pl.DataFrame  # one row per later fact
    coverage: dict[str, float]
    council_comparison: pl.DataFrame | None
    forecast: DemandPaths
    history: pl.DataFrame
    fitted: dict[str, float]


def _next_month_start(day: dt.date) -> dt.date:
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def load_high_needs_history(folder: Path) -> pl.DataFrame:
    """The council's High Needs history (``high_needs_history.csv``: series, date, value in £m), checked."""
    path = folder / HN_FILE
    frame = t.read_table(path, ["series", "date", "value"], {"value": lim.NON_NEGATIVE_MONEY_GBP_M})
    dates = [t.parse_date(v, path, f"row {i}.date") for i, v in enumerate(frame["date"].to_list(), start=2)]
    for row_number, series in enumerate(frame["series"].to_list(), start=2):
        if series not in HN_SERIES:
            raise BadInputError(path, f"row {row_number}.series", series, f"one of {', '.join(HN_SERIES)}")
    return frame.with_columns(pl.Series("date", dates))


def check_history_table(inputs: Inputs) -> None:
    """Check the backtest's High Needs history of a prepared run's data folder, where present."""
    path = inputs.data.folder / HN_FILE
    if path.exists() or path.is_symlink():
        load_high_needs_history(inputs.data.folder)


def _hn_value(frame: pl.DataFrame, series: str, day: dt.date) -> float:
    rows = frame.filter((pl.col("series") == series) & (pl.col("date") == day))
    if rows.is_empty():
        raise BadInputError(HN_FILE, series, str(day), "a row for this series and date")
    return float(rows["value"][0])


def _hn_other_lines_gbp_m(folder: Path) -> float:
    frame = t.read_table(folder / "money_assumptions.csv", ["parameter", "value"])
    values = {
        r["parameter"]: float(r["value"])
        for r in frame.iter_rows(named=True)
        if r["parameter"].startswith("hn_") and r["parameter"].endswith("_gbp_m")
    }
    return sum(values.values())


def backtest(data: CouncilData, as_of: dt.date, paths: int = 200, seed: int = 1, progress: ProgressReporter = NO_PROGRESS) -> BacktestResult:
    """Calibrate on facts known at ``as_of``, forecast forward and score the later facts."""
    if not dt.date(2019, 6, 30) <= as_of <= dt.date(2024, 3, 31):
        raise BadInputError("(command line)", "--as-of", str(as_of), "a date between 2019-06-30 and 2024-03-31 (facts must remain to score)")
    known = data.history.filter(pl.col("period_end") <= as_of)
    later = data.history.filter(pl.col("period_end") > as_of)
    known_data = dataclasses.replace(data, history=known)
    fit = calibrate_send(known_data, BASE_DATE, progress)
    fitted = with_values(known_data, {name: p.value for name, p in fit.parameters.items()})
    fitted = dataclasses.replace(
        fitted,
        parameters={**fitted.parameters, **{n: dataclasses.replace(fitted.parameters[n], sd=p.sd) for n, p in fit.parameters.items()}},
    )
    start = _next_month_start(as_of)
    end = dt.date(2025, 4, 1)
    mean_run = history_run(fitted, BASE_DATE, start)
    stock0 = mean_run_state(mean_run)
    queue0 = mean_run.queue[0, -1] * data.request_mix
    months = (end.year - start.year) * 12 + end.month - start.month
    rates = build_send_rates(fitted, None, start, months, initial_stock=stock0, initial_queue=queue0, base_date=BASE_DATE)
    forecast = simulate_send(rates, paths, seed)

    rows = []
    for r in later.iter_rows(named=True):
        values = np.array([model_value(forecast, r["series"], r["period_start"], r["period_end"], i) for i in range(paths)])
        if r["period_start"] < start:  # a flow period that began before the forecast: add the known-model part
            values = values + model_value(mean_run, r["series"], r["period_start"], min(r["period_end"], start - dt.timedelta(days=1)))
        rows.append(_score(r["series"], r["period_start"], r["period_end"], r["value"], values, r["source"]))

    council = None
    folder = data.folder
    if (folder / HN_FILE).is_file() and as_of < dt.date(2024, 3, 31):
        hn = load_high_needs_history(folder)
        deficit = _hn_deficit_2024(data, mean_run, forecast, hn, folder, start)
        actual = _hn_value(hn, "high_needs_deficit_gbp_m", dt.date(2024, 3, 31))
        rows.append(
            _score("high_needs_deficit_gbp_m", dt.date(2024, 3, 31), dt.date(2024, 3, 31), actual, deficit, "fact: 004_5a9339259cd50bf4.txt line 361")
        )
        council_forecast = _hn_value(hn, "council_forecast_high_needs_deficit_gbp_m", dt.date(2024, 3, 31))
        ours = float(np.median(deficit))
        council = pl.DataFrame(
            {
                "forecast": ["sefton_sim (median)", "council, autumn 2023"],
                "high_needs_deficit_31_mar_2024_gbp_m": [round(ours, 1), council_forecast],
                "actual_gbp_m": [actual, actual],
                "error_gbp_m": [round(ours - actual, 1), round(council_forecast - actual, 1)],
            }
        )
    table = pl.DataFrame(rows)
    coverage = {
        "points": float(table.height),
        "inside_p10_p90": float(table["inside_p10_p90"].mean()),  # type: ignore[arg-type]
        "inside_p5_p95": float(table["inside_p5_p95"].mean()),  # type: ignore[arg-type]
        "mean_abs_error_pct": float(table["error_pct"].abs().mean()),  # type: ignore[arg-type]
    }
    return BacktestResult(as_of, table, coverage, council, forecast, data.history, {n: p.value for n, p in fit.parameters.items()})


def mean_run_state(run: DemandPaths) -> np.ndarray:
    """Stock [A, N, S] at the end of a mean-field run, rebuilt from the recorded margins.

    The run records band × setting and specialist band × need; the need split inside each band
    and non-specialist setting is taken from the band's need mix.
    """
    by_bs = run.stock_by_band_setting[0, -1]  # [A, S]
    spec = run.specialist_by_band_need[0, -1]  # [A, N]
    inmss = run.inmss_by_band_need[0, -1]
    need_mix = spec / np.maximum(spec.sum(axis=1, keepdims=True), 1e-9)
    stock = by_bs[:, None, :] * need_mix[:, :, None]
    stock[:, :, st.INMSS] = inmss
    return np.maximum(stock, 0.0)


def _hn_deficit_2024(data: CouncilData, mean_run: DemandPaths, forecast: DemandPaths, hn: pl.DataFrame, folder: Path, start: dt.date) -> np.ndarray:
    """Cumulative High Needs deficit at 31 March 2024 per path (£m).

    Spend = average EHC plans over 2023/24 × cost per plan of the base-date setting mix
    (send_stock_base.csv × send_settings.csv) + the other High Needs lines − grant, added to the
    deficit known at the 2022/23 outturn. The history run calibrates totals, not settings, so the
    setting mix is taken from the data rather than from the run. Caveat: the unit costs are
    assumptions chosen so that base-date placements reproduce the 2023/24 outturn, so this check
    tests the demand forecast, not the costs.
    """
    mix = data.stock_base.sum(axis=(0, 1))
    cost_per_plan = float(mix @ data.cost_gbp_per_child_per_year / mix.sum())
    total = np.zeros(forecast.paths)
    for m in month_starts(dt.date(2023, 4, 1), 12):
        if m < start:
            total += mean_run.ehcp_total()[0, mean_run.dates.index(m)] / 12.0
        else:
            total += forecast.ehcp_total()[:, forecast.dates.index(m)] / 12.0
    spend_gbp_m = total * cost_per_plan / 1e6 + _hn_other_lines_gbp_m(folder)
    grant = _hn_value(hn, "high_needs_grant_gbp_m", dt.date(2024, 3, 31))
    opening = _hn_value(hn, "high_needs_deficit_gbp_m", dt.date(2023, 3, 31))
    return opening + spend_gbp_m - grant


def _score(series: str, start: dt.date, end: dt.date, fact: float, values: np.ndarray, source: str) -> dict:
    p5, p10, p50, p90, p95 = np.percentile(values, [5, 10, 50, 90, 95])
    return {
        "series": series,
        "period_start": start,
        "period_end": end,
        "fact": fact,
        "p5": round(float(p5), 1),
        "p10": round(float(p10), 1),
        "median": round(float(p50), 1),
        "p90": round(float(p90), 1),
        "p95": round(float(p95), 1),
        "error_pct": round(100.0 * (p50 - fact) / fact, 1),
        "inside_p10_p90": bool(p10 <= fact <= p90),
        "inside_p5_p95": bool(p5 <= fact <= p95),
        "source": source,
    }


def backtest_chart(path: Path, result: BacktestResult) -> Path:
    """History (facts known at the date), the forecast fan, and the later actuals."""
    fig, ax = plt.subplots(figsize=(9, 4.8), dpi=110)
    total = result.forecast.ehcp_total()
    x = np.array(result.forecast.dates, dtype="datetime64[D]")
    p5, p10, p50, p90, p95 = np.percentile(total, [5, 10, 50, 90, 95], axis=0)
    ax.fill_between(x, p5, p95, alpha=0.15, color="#1f5f8b", linewidth=0, label="forecast p5-p95")
    ax.fill_between(x, p10, p90, alpha=0.3, color="#1f5f8b", linewidth=0, label="forecast p10-p90")
    ax.plot(x, p50, color="#1f5f8b", label="forecast median")
    stock = result.history.filter(pl.col("series") == "ehcp_stock")
    known = stock.filter(pl.col("period_end") <= result.as_of)
    later = stock.filter(pl.col("period_end") > result.as_of)
    ax.scatter(np.array(known["period_start"].to_list(), dtype="datetime64[D]"), known["value"], color="black", s=20, label="facts known at the date")
    ax.scatter(
        np.array(later["period_start"].to_list(), dtype="datetime64[D]"), later["value"], color="#c0392b", marker="D", s=26, label="later actuals"
    )
    ax.axvline(np.datetime64(result.as_of, "D"), color="grey", linestyle=":", label=f"as of {result.as_of}")  # type: ignore[arg-type]
    ax.set_title(f"Backtest: EHC plans forecast as of {result.as_of}")
    ax.set_ylabel("children with EHC plans")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper left")
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
