"""Backtesting: fit on what was known at a date, forecast forward, score against later facts.

For ``as_of`` the SEND fact series (council facts and DfE series) are cut to the points whose
period had ended by then; the Bayesian fit (``demand.bayes_fit``) is redone on those; each path
takes a posterior draw, whose expected path from the history start gives the position at the
first month start after ``as_of``, and the vector core simulates forward. Every later fact is
scored: error of the median and whether it falls inside the p10-p90 and p5-p95 bands. The High
Needs deficit at 31 March 2024 is forecast where the money known at the origin allows
(``hn_deficit_at_origin``) and set beside the council's own autumn-2023 forecast.
``rolling_backtest`` runs the Sefton origins and pools the scores.

Policy as it happened is an input, not a forecast: the nine casework officers of August 2023
(``casework_officers_added_2023_08``) are in every origin's run, including those before it.
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
from sefton_sim.demand.bayes_fit import (  # noqa: E402
    BACKTEST,
    DISPERSIONS,
    FITTED_RATES,
    STOCK_SERIES,
    FitSettings,
    PosteriorFit,
    dfe_series_rows,
    fit_send_posterior,
    read_other_series,
)
from sefton_sim.demand.calibrate import history_run, model_value, with_values  # noqa: E402
from sefton_sim.demand.observation import with_observation_scatter  # noqa: E402
from sefton_sim.demand.rates import build_send_rates  # noqa: E402
from sefton_sim.demand.structural_growth import GrowthPanel  # noqa: E402
from sefton_sim.demand.vector import DemandPaths, concat_paths, simulate_chunk  # noqa: E402
from sefton_sim.errors import BadInputError  # noqa: E402
from sefton_sim.model import limits as lim  # noqa: E402
from sefton_sim.model import states as st  # noqa: E402
from sefton_sim.model.calendar import month_starts  # noqa: E402
from sefton_sim.model.limits import parse_number  # noqa: E402
from sefton_sim.model.progress import NO_PROGRESS, ProgressReporter  # noqa: E402
from sefton_sim.studies.backtest_predictive import growth_known_at  # noqa: E402

if TYPE_CHECKING:
    from sefton_sim.simulate.run import Inputs

BASE_DATE = dt.date(2024, 4, 1)
SEFTON_CODE = "E08000014"
DISPERSION_STOCK, DISPERSION_FLOW = DISPERSIONS[0], DISPERSIONS[1]
"""Posterior draw columns of the negative binomial dispersion of stock and of flow facts."""
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
    fitted: dict[str, float]  # posterior medians of the refit
    fit: PosteriorFit | None = None  # the refit on the facts known at ``as_of``
    structural_growth: str = "no structural growth"  # what the paths' structural growth was (or why there was none)


def _next_month_start(day: dt.date) -> dt.date:
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def load_high_needs_history(folder: Path) -> pl.DataFrame:
    """The council's High Needs history (``high_needs_history.csv``: series, date, value in £m, known_from), checked.

    ``known_from`` is the first day the figure was public (an outturn is known once reported);
    a table without the column is read with ``known_from`` = ``date`` + 1 year (never earlier than
    the figure could be).
    """
    path = folder / HN_FILE
    frame = t.read_table(path, ["series", "date", "value"], {"value": lim.NON_NEGATIVE_MONEY_GBP_M})
    dates = [t.parse_date(v, path, f"row {i}.date") for i, v in enumerate(frame["date"].to_list(), start=2)]
    if "known_from" in frame.columns:
        known = [t.parse_date(v, path, f"row {i}.known_from") for i, v in enumerate(frame["known_from"].to_list(), start=2)]
    else:
        known = [dt.date(d.year + 1, d.month, min(d.day, 28)) for d in dates]
    frame = frame.with_columns(pl.Series("known_from", known))
    for row_number, series in enumerate(frame["series"].to_list(), start=2):
        if series not in HN_SERIES:
            raise BadInputError(path, f"row {row_number}.series", series, f"one of {', '.join(HN_SERIES)}")
    return frame.with_columns(pl.Series("date", dates))


def check_history_table(inputs: Inputs) -> None:
    """Check the backtest's High Needs history and the DfE series its refits read, where present."""
    path = inputs.data.folder / HN_FILE
    if path.exists() or path.is_symlink():
        load_high_needs_history(inputs.data.folder)
    read_other_series(inputs.data.folder)


def _hn_value(frame: pl.DataFrame, series: str, day: dt.date) -> float:
    rows = frame.filter((pl.col("series") == series) & (pl.col("date") == day))
    if rows.is_empty():
        raise BadInputError(HN_FILE, series, str(day), "a row for this series and date")
    return float(rows["value"][0])


ORIGINS: tuple[dt.date, ...] = (dt.date(2021, 6, 30), dt.date(2022, 6, 30), dt.date(2023, 6, 30), dt.date(2024, 2, 28))
"""Sefton's rolling origins."""

PATHS_PER_DRAW = 2
"""Paths simulated forward from each posterior draw of a backtest's refit."""

DEFICIT_DATE = dt.date(2024, 3, 31)


def _draw_values(data: CouncilData, row: dict) -> dict[str, float]:
    """A posterior draw's fitted rates, as data parameter values (dispersions and the base-date queue left out)."""
    return {n: float(row[n]) for n, _ in FITTED_RATES if n in data.parameters}


def _without_spread(data: CouncilData) -> CouncilData:
    """Parameters without standard errors: a posterior draw carries the parameter uncertainty itself."""
    return dataclasses.replace(data, parameters={n: dataclasses.replace(p, sd=None) for n, p in data.parameters.items()}, posterior_draws=None)


def backtest(
    data: CouncilData,
    as_of: dt.date,
    paths: int = 200,
    seed: int = 1,
    other: pl.DataFrame | None = None,
    settings: FitSettings = BACKTEST,
    growth_panel: GrowthPanel | None = None,
    la_code: str = SEFTON_CODE,
) -> BacktestResult:
    """Refit on facts known at ``as_of`` (Bayesian, ``demand.bayes_fit``), forecast forward from posterior draws and score the later facts.

    Facts whose period ends after ``as_of`` are ignored by the fit (council facts and DfE series
    alike); money outturns enter only once known (``high_needs_history.csv`` ``known_from``).
    Each posterior draw is run as an expected path from the history start to the origin (the
    position then) and simulated forward for ``PATHS_PER_DRAW`` paths. With ``growth_panel`` (every
    council's DfE censuses) the paths also carry structural growth as known at the origin
    (``backtest_predictive.growth_known_at``). Each fact is scored on the interval of the published
    figure (the paths with the fit's observation scatter, ``backtest_predictive``) and, beside it,
    on the latent paths' own interval.
    """
    if not dt.date(2019, 6, 30) <= as_of <= dt.date(2024, 3, 31):
        raise BadInputError("(command line)", "--as-of", str(as_of), "a date between 2019-06-30 and 2024-03-31 (facts must remain to score)")
    other = other if other is not None else read_other_series(data.folder)
    known = data.history.filter(pl.col("period_end") <= as_of)
    later = data.history.filter(pl.col("period_end") > as_of)
    known_data = _without_spread(dataclasses.replace(data, history=known))
    fit = fit_send_posterior(known_data, other, settings, seed=seed, base_date=BASE_DATE, as_of=as_of)
    start = _next_month_start(as_of)
    end = dt.date(2025, 4, 1)
    months = (end.year - start.year) * 12 + end.month - start.month
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(11,)))
    blocks = -(-paths // PATHS_PER_DRAW)
    chosen = rng.integers(0, fit.draws.height, size=blocks)
    rows_of = fit.draws.to_dicts()
    growth, growth_note = (
        (None, "no structural growth: no DfE statistics given")
        if growth_panel is None
        else growth_known_at(growth_panel, la_code, as_of, BASE_DATE, seed)
    )
    forecasts, before, dispersion = [], [], []
    for b, d in enumerate(chosen):
        n = min(PATHS_PER_DRAW, paths - b * PATHS_PER_DRAW)
        drawn = with_values(known_data, _draw_values(known_data, rows_of[int(d)]))
        mean_run = history_run(drawn, BASE_DATE, start)
        stock0 = mean_run_state(mean_run) * _stock_anchor(mean_run, known)
        queue0 = mean_run.queue[0, -1] * data.request_mix
        rates = build_send_rates(drawn, None, start, months, initial_stock=stock0, initial_queue=queue0, base_date=BASE_DATE)
        if growth is not None:
            rates = dataclasses.replace(rates, structural_growth=growth)
        forecasts.append(simulate_chunk(rates, seed, b, n))
        before.extend([mean_run] * n)
        dispersion.extend([(float(rows_of[int(d)][DISPERSION_STOCK]), float(rows_of[int(d)][DISPERSION_FLOW]))] * n)
    forecast = concat_paths(forecasts)
    phi = np.array(dispersion)
    scatter = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(17,)))

    def score(series: str, period_start: dt.date, period_end: dt.date, fact: float, source: str) -> dict:
        r = {"series": series, "period_start": period_start, "period_end": period_end}
        latent = _model_values(forecast, before, r, start)
        published = with_observation_scatter(latent, phi[:, 0] if series in STOCK_SERIES else phi[:, 1], scatter)
        row = _score(series, period_start, period_end, fact, published, source)
        lp10, lp90 = np.percentile(latent, [10, 90])
        return {**row, "latent_p10": round(float(lp10), 1), "latent_p90": round(float(lp90), 1), "latent_inside_p10_p90": bool(lp10 <= fact <= lp90)}

    rows = [score(r["series"], r["period_start"], r["period_end"], r["value"], r["source"]) for r in later.iter_rows(named=True)]
    if other is not None:
        rows.extend(score(o.series, o.period_start, o.period_end, o.value, o.source) for o in dfe_series_rows(other) if o.period_end > as_of)

    council = None
    folder = data.folder
    if (folder / HN_FILE).is_file() and as_of < DEFICIT_DATE:
        hn = load_high_needs_history(folder)
        deficit, reason = hn_deficit_at_origin(data, before, forecast, hn, folder, start, as_of, seed)
        actual = _hn_value(hn, "high_needs_deficit_gbp_m", DEFICIT_DATE)
        council_forecast = _hn_value(hn, "council_forecast_high_needs_deficit_gbp_m", DEFICIT_DATE)
        if deficit is not None:
            money = _score("high_needs_deficit_gbp_m", DEFICIT_DATE, DEFICIT_DATE, actual, deficit, "fact: 004_5a9339259cd50bf4.txt line 361")
            rows.append({**money, "latent_p10": money["p10"], "latent_p90": money["p90"], "latent_inside_p10_p90": money["inside_p10_p90"]})
        council = council_comparison_table(as_of, deficit, reason, actual, council_forecast)
    table = pl.DataFrame(rows)
    coverage = {
        "points": float(table.height),
        "inside_p10_p90": float(table["inside_p10_p90"].mean()),  # type: ignore[arg-type]
        "inside_p5_p95": float(table["inside_p5_p95"].mean()),  # type: ignore[arg-type]
        "latent_inside_p10_p90": float(table["latent_inside_p10_p90"].mean()),  # type: ignore[arg-type]
        "mean_abs_error_pct": float(table["error_pct"].abs().mean()),  # type: ignore[arg-type]
    }
    fitted = {n: fit.median(n) for n in fit.names}
    return BacktestResult(as_of, table, coverage, council, forecast, data.history, fitted, fit, growth_note)


def _stock_anchor(mean_run: DemandPaths, known: pl.DataFrame) -> float:
    """Scale of the origin stock so the draw's run meets the last stock fact known at the origin (the forecast starts from what was counted)."""
    stock = known.filter((pl.col("series") == "ehcp_stock") & (pl.col("used_in_calibration") == "yes")).sort("period_start")
    if stock.is_empty():
        return 1.0
    last = stock.row(-1, named=True)
    model = model_value(mean_run, "ehcp_stock", last["period_start"], last["period_end"])
    return float(last["value"]) / model if model > 0 else 1.0


def _model_values(forecast: DemandPaths, before: list[DemandPaths], r: dict, start: dt.date) -> np.ndarray:
    """A later fact's value on every forecast path (a flow begun before the origin adds its draw's known-model part)."""
    values = np.array([model_value(forecast, r["series"], r["period_start"], r["period_end"], i) for i in range(forecast.paths)])
    if r["series"] not in STOCK_SERIES and r["period_start"] < start:
        cut = min(r["period_end"], start - dt.timedelta(days=1))
        values = values + np.array([model_value(m, r["series"], r["period_start"], cut) for m in before])
    return values


def council_comparison_table(as_of: dt.date, deficit: np.ndarray | None, reason: str, actual: float, council_forecast: float) -> pl.DataFrame:
    """The March 2024 High Needs deficit: our forecast at ``as_of`` (median and p10-p90) beside the council's autumn-2023 forecast."""
    ours = [np.nan] * 3 if deficit is None else [float(v) for v in np.percentile(deficit, [50, 10, 90])]
    return pl.DataFrame(
        {
            "origin": [as_of, as_of],
            "forecast": [f"sefton_sim as of {as_of} (median)", "council, autumn 2023 (003_914e2cca6af3a5ec.txt line 736)"],
            "high_needs_deficit_31_mar_2024_gbp_m": [round(ours[0], 1), council_forecast],
            "p10_gbp_m": [round(ours[1], 1), None],
            "p90_gbp_m": [round(ours[2], 1), None],
            "actual_gbp_m": [actual, actual],
            "error_gbp_m": [round(ours[0] - actual, 1), round(council_forecast - actual, 1)],
            "note": [reason, "the council's own forecast, about October 2023"],
        }
    )


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


def _known_rows(hn: pl.DataFrame, series: str, as_of: dt.date) -> pl.DataFrame:
    """Rows of a High Needs series known by ``as_of`` (``known_from`` on or before it)."""
    return hn.filter((pl.col("series") == series) & (pl.col("known_from") <= as_of)).sort("date")


def _setting_cost_ranges(folder: Path) -> tuple[np.ndarray, np.ndarray]:
    """Unit cost ranges by setting (``send_settings.csv`` cost_low_gbp, cost_high_gbp): the starting assumptions' ranges."""
    frame = t.read_table(folder / "send_settings.csv", ["setting", "cost_low_gbp", "cost_high_gbp"], ["cost_low_gbp", "cost_high_gbp"])
    by = {r["setting"]: r for r in frame.iter_rows(named=True)}
    return np.array([by[s]["cost_low_gbp"] for s in st.SETTINGS]), np.array([by[s]["cost_high_gbp"] for s in st.SETTINGS])


def _hn_other_line_ranges(folder: Path) -> tuple[np.ndarray, np.ndarray]:
    """Ranges (low, high in £m) of the other High Needs lines (``money_assumptions.csv`` rows ``hn_*_gbp_m``)."""
    path = folder / "money_assumptions.csv"
    frame = t.read_table(path, ["parameter", "low", "high"])
    frame = frame.filter(pl.col("parameter").str.starts_with("hn_") & pl.col("parameter").str.ends_with("_gbp_m"))
    low = [parse_number(v, path, f"{n}.low", lim.NON_NEGATIVE_MONEY_GBP_M) for n, v in zip(frame["parameter"], frame["low"])]
    high = [parse_number(v, path, f"{n}.high", lim.NON_NEGATIVE_MONEY_GBP_M) for n, v in zip(frame["parameter"], frame["high"])]
    return np.array(low), np.array(high)


def hn_deficit_at_origin(
    data: CouncilData, before: list[DemandPaths], forecast: DemandPaths, hn: pl.DataFrame, folder: Path, start: dt.date, as_of: dt.date, seed: int
) -> tuple[np.ndarray | None, str]:
    """Accumulated High Needs deficit at 31 March 2024 per path (£m) from what was known at ``as_of``, or None and why not.

    Known at the origin: the last deficit outturn published by then and the 2023/24 grant, each
    with its ``known_from`` date in ``high_needs_history.csv``. The forecast needs the deficit at
    31 March 2023 (the 2022/23 outturn) and the 2023/24 grant; without them (earlier origins: the
    facts hold no grant or outturn for 2020/21-2022/23) the money is not scored. Spend = average
    EHC plans over 2023/24 (each path's own) x cost per plan of the base-date setting mix + the
    other High Needs lines. Unit costs and other lines are drawn per path from their declared
    ranges, not from the shipped values (those are sized to the 2023/24 outturn, unknown at the
    origin): one common uniform sets every setting's cost within its range (the shipped costs are
    sized by one common factor for every setting, ``send_settings.csv``), another the other lines.
    """
    opening = _known_rows(hn, "high_needs_deficit_gbp_m", as_of).filter(pl.col("date") == dt.date(2023, 3, 31))
    grant = _known_rows(hn, "high_needs_grant_gbp_m", as_of).filter(pl.col("date") == DEFICIT_DATE)
    if opening.is_empty() or grant.is_empty():
        return None, f"not scored: the 2022/23 outturn deficit and the 2023/24 grant were not both known by {as_of}"
    mix = data.stock_base.sum(axis=(0, 1))
    mix = mix / mix.sum()
    low, high = _setting_cost_ranges(folder)
    other_low, other_high = _hn_other_line_ranges(folder)
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(13,)))
    u_cost = rng.random(forecast.paths)
    u_other = rng.random(forecast.paths)
    cost_per_plan = (low @ mix) + u_cost * ((high - low) @ mix)
    other_lines = other_low.sum() + u_other * (other_high - other_low).sum()
    total = np.zeros(forecast.paths)
    for m in month_starts(dt.date(2023, 4, 1), 12):
        if m < start:
            total += np.array([run.ehcp_total()[0, run.dates.index(m)] for run in before]) / 12.0
        else:
            total += forecast.ehcp_total()[:, forecast.dates.index(m)] / 12.0
    spend_gbp_m = total * cost_per_plan / 1e6 + other_lines
    return float(opening["value"][0]) + spend_gbp_m - float(
        grant["value"][0]
    ), "scored: outturn to 2022/23 and the 2023/24 grant known at the origin; unit costs from their ranges"


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


@dataclass(frozen=True)
class RollingBacktest:
    """Backtests at several origins with their pooled scores."""

    results: list[BacktestResult]
    table: pl.DataFrame  # every scored fact of every origin (column ``origin``)
    by_origin: pl.DataFrame  # origin, facts, inside_p10_p90, share_inside_p10_p90, ...
    council_comparison: pl.DataFrame | None


def rolling_backtest(
    data: CouncilData,
    origins: tuple[dt.date, ...] = ORIGINS,
    paths: int = 200,
    seed: int = 1,
    other: pl.DataFrame | None = None,
    settings: FitSettings = BACKTEST,
    progress: ProgressReporter = NO_PROGRESS,
    growth_panel: GrowthPanel | None = None,
    la_code: str = SEFTON_CODE,
) -> RollingBacktest:
    """``backtest`` at every origin; the scores per origin and pooled (row ``origin = pooled``)."""
    phase = progress.phase("backtest origins", len(origins))
    results = []
    for day in origins:
        results.append(backtest(data, day, paths, seed, other, settings, growth_panel, la_code))
        phase.advance()
    phase.close()
    table = pl.concat([r.table.with_columns(pl.lit(r.as_of).alias("origin")).select("origin", *r.table.columns) for r in results])
    rows = []
    for label, frame in [(str(r.as_of), r.table) for r in results] + [("pooled", table.drop("origin"))]:
        money = frame.filter(pl.col("series") == "high_needs_deficit_gbp_m")
        rows.append(
            {
                "origin": label,
                "facts": frame.height,
                "inside_p10_p90": int(frame["inside_p10_p90"].sum()),
                "share_inside_p10_p90": round(float(frame["inside_p10_p90"].mean()), 3),  # type: ignore[arg-type]
                "share_inside_p5_p95": round(float(frame["inside_p5_p95"].mean()), 3),  # type: ignore[arg-type]
                "latent_share_inside_p10_p90": round(float(frame["latent_inside_p10_p90"].mean()), 3),  # type: ignore[arg-type]
                "mean_abs_error_pct": round(float(frame["error_pct"].abs().mean()), 1),  # type: ignore[arg-type]
                "march_2024_deficit_inside_p10_p90": None if money.is_empty() else bool(money["inside_p10_p90"].all()),
            }
        )
    councils = [r.council_comparison for r in results if r.council_comparison is not None]
    return RollingBacktest(results, table, pl.DataFrame(rows), pl.concat(councils) if councils else None)
