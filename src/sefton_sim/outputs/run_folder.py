"""Write a run's output folder: tables, summaries, fan charts, manifest (and workbook), atomically."""

from __future__ import annotations

import datetime as dt
import itertools
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from sefton_sim.finance.availability import UNIT_COST_PRICES
from sefton_sim.finance.ledgers import ledger_table_parts
from sefton_sim.finance.partial import partial_ledger_table
from sefton_sim.model.calendar import month_starts
from sefton_sim.outputs import dsg_plan, finance_report, money_outputs, occupancy, plots, report_tables, results
from sefton_sim.outputs.ehcp_rate import ehcp_rate_tables
from sefton_sim.outputs.excel import write_workbook
from sefton_sim.outputs.folders import (
    TableFormat,
    atomic_folder,
    git_commit,
    input_hashes,
    output_files,
    write_manifest,
    write_table,
    write_table_parts,
)
from sefton_sim.outputs.forecast_widening import calibrated_total_plans, read_widening
from sefton_sim.outputs.published_interval import published_ehcp_interval
from sefton_sim.outputs.report import REPORT_FILE, FolderTables, write_report
from sefton_sim.simulate.run import RunResult
from sefton_sim.social_care.asc_packages import SERVICES
from sefton_sim.social_care.placements import PLACEMENT_TYPES

MTFP_SHEETS = (
    ("mtfp_position", "MTFP position", "Do-nothing MTFP position: gap to close, High Needs charge, unfunded gap, exhaustion (£m; p_ = share)"),
    ("mtfp_one_offs", "One-offs", "One-off funding and the year it drops out (£m)"),
    ("mtfp_gap_bridge", "Gap bridge", "Change in the budget gap from year to year, line by line (mean, £m; positive widens the gap)"),
    ("mtfp_assumptions", "MTFP assumptions", "Settlement and funding assumptions by year, with sources"),
)
"""Workbook sheets of the MTFP tables: table name, sheet name, title."""


def history_points(result: RunResult) -> list[tuple[dt.date, float]]:
    """Published EHCP stock figures, for drawing on the fan chart."""
    rows = result.data.history.filter(pl.col("series") == "ehcp_stock")
    return list(zip(rows["period_start"].to_list(), rows["value"].to_list()))


SOCIAL_CARE_PATHS_PER_PART = 200
"""Paths of one measure in each part of the social care counts table as it is written."""


def social_care_table_parts(result: RunResult, paths_per_part: int = SOCIAL_CARE_PATHS_PER_PART) -> Iterator[pl.DataFrame]:
    """The rows of :func:`social_care_table` in order, a block of paths of one measure at a time."""
    series: list[tuple[str, tuple[str, ...], Callable[[int, int], np.ndarray], tuple[int, ...]]] = []
    if result.csc is not None:
        children = result.csc.children  # [P, T+1, K, A]: by placement type, a block of paths at a time (CscPaths.by_type)
        series.append(("children_looked_after", PLACEMENT_TYPES, lambda a, b: children[a:b].sum(axis=3), children.shape[:3]))
    if result.asc is not None:
        clients = result.asc.clients
        series.append(("adult_social_care_clients", SERVICES, lambda a, b: clients[a:b], clients.shape))
    assert series
    dates = np.array(month_starts(result.scenario.base_date, series[0][3][1]), dtype="datetime64[D]")
    for measure, categories, block, (P, T, K) in series:
        for start in range(0, P, paths_per_part):
            n = min(paths_per_part, P - start)
            yield pl.DataFrame(
                {
                    "path": np.repeat(np.arange(start, start + n), T * K),
                    "date": np.tile(np.repeat(dates, K), n),
                    "category": np.tile(np.array(categories), n * T),
                    "value": block(start, start + n).reshape(-1).astype(np.float64),
                }
            ).select(pl.lit(result.scenario.name).alias("scenario"), "path", "date", pl.lit(measure).alias("measure"), "category", "value")


def social_care_table(result: RunResult) -> pl.DataFrame:
    """Tidy table of children looked after by placement type and adult clients by service, monthly (those simulated)."""
    return pl.concat(list(social_care_table_parts(result)))


def write_ledgers(result: RunResult, folder: Path, fmt: TableFormat) -> pl.DataFrame:
    """Write the ledgers table (every ledger line per path, then the package costs) part by part; returns its summary.

    Each part holds whole lines, so the summary of each part is that of its lines in the whole table.
    """
    assert result.ledgers is not None
    name = result.scenario.name
    summaries: list[pl.DataFrame] = []

    def parts() -> Iterator[pl.DataFrame]:
        for part in itertools.chain(ledger_table_parts(result.ledgers, name), (social_care_costs(result),)):  # type: ignore[arg-type]
            summaries.append(finance_report.ledger_summary(part))
            yield part

    write_table_parts(parts(), folder, "ledgers", fmt)
    summary = pl.concat(summaries)
    if summary.select("ledger", "line").n_unique() != sum(s.select("ledger", "line").n_unique() for s in summaries):
        # a line split over parts: summarise the whole table
        summary = finance_report.ledger_summary(pl.concat([*ledger_table_parts(result.ledgers, name), social_care_costs(result)]))
    return summary


def social_care_costs(result: RunResult) -> pl.DataFrame:
    """Package costs per path and financial year (£m) in the ledger table's long form (those simulated)."""
    costed = [(line, v) for line, v in (("csc_packages", result.csc_cost_gbp_m), ("asc_packages_net", result.asc_cost_gbp_m)) if v is not None]
    assert costed and (result.ledgers is not None or result.partial_money is not None)
    labels = result.ledgers.assumptions.year_labels() if result.ledgers is not None else list(result.partial_money.year_labels)  # type: ignore[union-attr]
    P, Y = costed[0][1].shape
    rows = []
    for line, values in costed:
        rows.append(
            pl.DataFrame(
                {
                    "path": np.repeat(np.arange(P), Y),
                    "financial_year": np.tile(np.array(labels[:Y]), P),
                    "ledger": "social_care",
                    "line": line,
                    "value_gbp_m": values.reshape(-1),
                }
            )
        )
    return pl.concat(rows).select(pl.lit(result.scenario.name).alias("scenario"), pl.all())


def send_summary(result: RunResult) -> pl.DataFrame:
    """The percentile summary of every SEND series (the simulation's own model bands)."""
    return results.summary_table(result.scenario.name, result.demand)


def send_headline(result: RunResult) -> pl.DataFrame:
    """The SEND position at each 31 March (the simulation's own model bands)."""
    return results.headline_table(result.demand)


def total_plans_calibrated(result: RunResult) -> pl.DataFrame | None:
    """The calibrated prediction interval for total plans at each later census (None without a structural growth state)."""
    growth = result.rates.structural_growth
    if growth is None:
        return None
    table = calibrated_total_plans(result.scenario.name, result.scenario.seed, growth, read_widening(), result.demand.dates[-1], send_summary(result))
    return table if table.height else None


def forecast_notes(result: RunResult) -> list[str]:
    """What a reader of the bands must know: the widening applied and where the request growth came from."""
    w = read_widening()
    factors = ", ".join(f"{int(h)} yr x{f:.2f}" for h, f in zip(w.horizons, w.factors, strict=True))
    notes = [
        "The simulation's bands (p10-p90) are bands of the modelled count. The prediction interval of the published EHCP figure is "
        "send_ehcp_published (the paths with the fit's observation scatter): that is the interval sefton-sim backtest scores against later facts.",
        f"Prediction intervals for total plans (send_total_plans_calibrated): the structural growth forecaster's bands widened on the log "
        f"scale about the median by horizon ({factors}; beyond {int(w.horizons[-1])} years the last factor), calibrated on the "
        "cross-council rolling-origin backtest (see forecast_widening in manifest.json).",
    ]
    growth = result.rates.structural_growth
    if growth is None:
        notes.append("Request trend: the fitted trend with its normal spread (the council folder has no send_structural_growth.csv).")
    else:
        notes.append(
            f"Request trend: each path's fitted trend plus its structural growth deviation, damped toward regional and national growth "
            f"(latest growth {growth.state.growth:.3f} log/yr, England {growth.state.national_growth:.3f})."
        )
    return notes


def _money_not_computed(result: RunResult) -> dict[str, Any]:
    """The manifest's record of the ledgers a run skipped for missing money tables (empty for a full run)."""
    if result.partial_money is None:
        return {"ledgers_not_computed": {}}
    entry: dict[str, Any] = {"ledgers_not_computed": result.partial_money.availability.manifest_entry()}
    if result.partial_money.high_needs is None:
        entry["high_needs_spend_prices"] = UNIT_COST_PRICES
    return entry


def manifest_for(result: RunResult, fmt: str, extra: dict[str, Any]) -> dict[str, Any]:
    """The run manifest: resolved scenario, input hashes, versions, seed, engine, timings."""
    return {
        "scenario_name": result.scenario.name,
        "scenario_resolved": result.scenario.model_dump(mode="json"),
        "scenario_files": [str(p.resolve()) for p in result.scenario_files],
        "input_hashes_sha256": input_hashes(result.scenario_files, result.data.file_hashes, result.data.folder),
        "git_commit": git_commit(Path(__file__).resolve().parent),
        "seed": result.scenario.seed,
        "paths": result.scenario.paths,
        "horizon_years": result.scenario.horizon_years,
        "engine": result.engine,
        "table_format": fmt,
        "forecast_widening": read_widening().manifest_entry(),
        "structural_growth": (
            result.rates.structural_growth.manifest_entry()
            if result.rates.structural_growth is not None
            else "not used: the council folder has no send_structural_growth.csv; the request trend is normal with the fitted spread"
        ),
        "forecast_notes": forecast_notes(result),
        **_money_not_computed(result),
        **extra,
    }


def write_reader_tables(result: RunResult, folder: Path, fmt: TableFormat) -> None:
    """The tables the report reads besides the ledgers: occupancy against places, INMSS by age band and need,
    published figures and the assumptions as used."""
    name = result.scenario.name
    for table_name, frame in (
        ("occupancy_by_setting", occupancy.occupancy_by_setting(name, result.demand)),
        ("specialist_by_band_need", occupancy.specialist_by_band_need(name, result.demand)),
        (dsg_plan.SETTING_AGE_BAND_TABLE, dsg_plan.setting_age_band_table(name, result.demand)),
        ("published_figures", report_tables.published_figures(result.data.folder, result.data.history)),
        ("assumptions_used", report_tables.assumptions_used(result.scenario, result.data.folder)),
    ):
        if frame.height:
            write_table(frame, folder, table_name, fmt)


def write_run(result: RunResult, out_dir: Path, fmt: TableFormat = "parquet", xlsx: bool = False) -> tuple[Path, dict[str, pl.DataFrame]]:
    """Write the output folder for ``result`` (replacing only an earlier run or an empty folder); returns its path and the headline tables."""
    name = result.scenario.name
    t0 = time.perf_counter()
    headlines: dict[str, pl.DataFrame] = {"send": send_headline(result), "forecast_notes": pl.DataFrame({"note": forecast_notes(result)})}
    rate_tables = ehcp_rate_tables(name, result.demand, result.rates.structural_growth)
    with atomic_folder(Path(out_dir), "run") as folder:
        write_table_parts(results.counts_table_parts(name, result.demand), folder, "send_counts", fmt)
        write_table(send_summary(result), folder, "send_summary", fmt)
        write_table(headlines["send"], folder, "send_headline", fmt)
        calibrated = total_plans_calibrated(result)
        if calibrated is not None:
            headlines["total_plans_calibrated"] = calibrated
            write_table(calibrated, folder, "send_total_plans_calibrated", fmt)
        published = published_ehcp_interval(result)
        if published is not None:
            headlines["ehcp_published"] = published
            write_table(published, folder, "send_ehcp_published", fmt)
        if rate_tables is not None:
            headlines["ehcp_rate"] = rate_tables[0]
            write_table(rate_tables[0], folder, "send_ehcp_rate", fmt)
            write_table(rate_tables[1], folder, "send_ehcp_rate_paths", fmt)
        plots.send_charts(folder, result.demand, name, history_points(result))
        write_table(results.assessments_table(name, result.demand, result.rates), folder, "assessments", fmt)
        plots.assessment_chart(
            folder / "fan_assessments.png",
            result.demand.dates[:-1],
            results.assessment_series(result.demand, result.rates),
            f"EHC needs assessments: queue, wait, 20-week share, casework officers - {name} ({result.scenario.send.assessment_capacity.mode} capacity)",
        )
        write_reader_tables(result, folder, fmt)
        if result.event_log is not None:
            write_table(result.event_log.with_columns(pl.lit(name).alias("scenario")), folder, "event_log", fmt)
        ledgers_written = False
        mtfp_tables: dict[str, pl.DataFrame] = {}
        if result.ledgers is not None:
            summary = write_ledgers(result, folder, fmt)
            ledgers_written = True
            write_table(summary, folder, "ledgers_summary", fmt)
            probabilities = finance_report.probabilities_table(result.ledgers, name)
            write_table(probabilities, folder, "probabilities", fmt)
            headlines["money"] = finance_report.headline_money(result.ledgers)
            write_table(headlines["money"], folder, "money_headline", fmt)
            mtfp_tables = finance_report.mtfp_tables(result.ledgers, name)
            for table_name, table in mtfp_tables.items():
                write_table(table, folder, table_name, fmt)
            headlines["balances_exhausted"] = finance_report.headline_exhaustion(result.ledgers)
            if "mtfp_one_offs" in mtfp_tables and mtfp_tables["mtfp_one_offs"].height:
                headlines["one_offs"] = mtfp_tables["mtfp_one_offs"].select(
                    "line",
                    pl.col("amount_gbp_m").alias("amount £m"),
                    "counted_in",
                    "drops_out_in",
                    pl.col("adds_to_gap_gbp_m").alias("adds to gap £m"),
                )
            write_table_parts(social_care_table_parts(result), folder, "social_care_counts", fmt)
            finance_report.money_charts(folder, result.ledgers, name)
            money_outputs.in_year_deficit_chart(folder, result)
            write_table(money_outputs.base_year_table(result), folder, "high_needs_2023_24", fmt)
            bridge = money_outputs.high_needs_bridge(result)
            write_table(bridge, folder, "high_needs_bridge", fmt)
            tail = money_outputs.tail_quantile_error(result)
            write_table(tail, folder, "tail_quantile_error", fmt)
            warning = money_outputs.tail_warning(tail)
            headlines["notes"] = pl.DataFrame({"note": [money_outputs.INTERVAL_CAVEAT, *([warning] if warning else [])]})
        elif result.partial_money is not None:  # a folder without some money tables: the ledgers it allows
            care_costs = [social_care_costs(result)] if result.csc_cost_gbp_m is not None or result.asc_cost_gbp_m is not None else []
            ledger_frame = pl.concat([partial_ledger_table(result.partial_money, name), *care_costs])
            write_table(ledger_frame, folder, "ledgers", fmt)
            ledgers_written = True
            summary = finance_report.ledger_summary(ledger_frame)
            write_table(summary, folder, "ledgers_summary", fmt)
            headlines["high_needs_spend"] = finance_report.headline_high_needs_spend(result.partial_money)
            write_table(headlines["high_needs_spend"], folder, "high_needs_spend_headline", fmt)
            if result.csc is not None or result.asc is not None:
                write_table_parts(social_care_table_parts(result), folder, "social_care_counts", fmt)
        timings = {**result.timings_seconds, "write_seconds": time.perf_counter() - t0}
        files = output_files(folder) + ["manifest.json", REPORT_FILE] + (["workbook.xlsx"] if xlsx else [])
        notes = {"notes": headlines["notes"]["note"].to_list()} if "notes" in headlines else {}
        manifest = manifest_for(result, fmt, {"timings_seconds": timings, "files": sorted(files), **notes})
        write_manifest(folder, manifest, "run")
        write_report(folder, "run")
        if xlsx and ledgers_written:
            dsg = dsg_plan.dsg_plan_frame(FolderTables(folder))
            extra: dict[str, tuple[pl.DataFrame, str]] = {"DSG plan": (dsg, dsg_plan.DSG_SHEET_TITLE)}
            for key, sheet_name, title in MTFP_SHEETS:
                if key in mtfp_tables:
                    extra[sheet_name] = (mtfp_tables[key], title)
            if result.ledgers is not None:
                extra["High Needs bridge"] = (
                    bridge.pivot(on="financial_year", index="driver", values="value_gbp_m"),
                    "Cumulative High Needs deficit from 2023/24 by driver, mean across futures (£m; the lines add up to cumulative_deficit)",
                )
                extra["Notes"] = (headlines["notes"], "Read first: what the bands are and how many paths a headline figure needs")
            write_workbook(folder / "workbook.xlsx", folder, manifest, result.data.folder, extra)
    return Path(out_dir).resolve(), headlines
