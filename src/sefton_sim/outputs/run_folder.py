"""Write a run's output folder: tables, summaries, fan charts, manifest (and workbook), atomically."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from sefton_sim.finance.availability import UNIT_COST_PRICES
from sefton_sim.finance.ledgers import ledger_table
from sefton_sim.finance.partial import partial_ledger_table
from sefton_sim.model.calendar import month_starts
from sefton_sim.outputs import dsg_plan, finance_report, occupancy, plots, report_tables, results
from sefton_sim.outputs.excel import write_workbook
from sefton_sim.outputs.folders import TableFormat, atomic_folder, git_commit, input_hashes, output_files, write_manifest, write_table
from sefton_sim.outputs.report import REPORT_FILE, FolderTables, write_report
from sefton_sim.simulate.run import RunResult
from sefton_sim.social_care.asc_packages import SERVICES
from sefton_sim.social_care.placements import PLACEMENT_TYPES


def history_points(result: RunResult) -> list[tuple[dt.date, float]]:
    """Published EHCP stock figures, for drawing on the fan chart."""
    rows = result.data.history.filter(pl.col("series") == "ehcp_stock")
    return list(zip(rows["period_start"].to_list(), rows["value"].to_list()))


def social_care_table(result: RunResult) -> pl.DataFrame:
    """Tidy table of children looked after by placement type and adult clients by service, monthly (those simulated)."""
    series = []
    if result.csc is not None:
        series.append(("children_looked_after", PLACEMENT_TYPES, result.csc.by_type()))
    if result.asc is not None:
        series.append(("adult_social_care_clients", SERVICES, result.asc.clients))
    assert series
    dates = np.array(month_starts(result.scenario.base_date, series[0][2].shape[1]), dtype="datetime64[D]")
    frames = []
    for measure, categories, values in series:
        P, T, K = values.shape
        frames.append(
            pl.DataFrame(
                {
                    "path": np.repeat(np.arange(P), T * K),
                    "date": np.tile(np.repeat(dates, K), P),
                    "category": np.tile(np.array(categories), P * T),
                    "value": values.reshape(-1).astype(np.float64),
                }
            ).with_columns(pl.lit(measure).alias("measure"))
        )
    table = pl.concat(frames).with_columns(pl.lit(result.scenario.name).alias("scenario"))
    return table.select("scenario", "path", "date", "measure", "category", "value")


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


def send_at_march(result: RunResult) -> pl.DataFrame:
    """EHC plans by setting at each 31 March: p10 / p50 / p90 (for the workbook)."""
    summary = results.summary_table(result.scenario.name, result.demand)
    march = summary.filter(pl.col("date").dt.month() == 4).filter(
        pl.col("measure").is_in(["ehcp_total", "ehcp_by_setting", "inmss_children", "unmet_in_borough_demand_cumulative"])
    )
    return march.select(pl.col("date").dt.offset_by("-1d").alias("at"), "measure", "setting", "p10", "p50", "p90").sort(["measure", "setting", "at"])


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
    headlines: dict[str, pl.DataFrame] = {"send": results.headline_table(result.demand)}
    with atomic_folder(Path(out_dir), "run") as folder:
        write_table(results.counts_table(name, result.demand), folder, "send_counts", fmt)
        write_table(results.summary_table(name, result.demand), folder, "send_summary", fmt)
        write_table(headlines["send"], folder, "send_headline", fmt)
        plots.send_charts(folder, result.demand, name, history_points(result))
        write_reader_tables(result, folder, fmt)
        if result.event_log is not None:
            write_table(result.event_log.with_columns(pl.lit(name).alias("scenario")), folder, "event_log", fmt)
        ledger_frame = None
        if result.ledgers is not None:
            ledger_frame = pl.concat([ledger_table(result.ledgers, name), social_care_costs(result)])
            write_table(ledger_frame, folder, "ledgers", fmt)
            summary = finance_report.ledger_summary(ledger_frame)
            write_table(summary, folder, "ledgers_summary", fmt)
            probabilities = finance_report.probabilities_table(result.ledgers, name)
            write_table(probabilities, folder, "probabilities", fmt)
            headlines["money"] = finance_report.headline_money(result.ledgers)
            write_table(headlines["money"], folder, "money_headline", fmt)
            write_table(social_care_table(result), folder, "social_care_counts", fmt)
            finance_report.money_charts(folder, result.ledgers, name)
        elif result.partial_money is not None:  # a folder without some money tables: the ledgers it allows
            care_costs = [social_care_costs(result)] if result.csc_cost_gbp_m is not None or result.asc_cost_gbp_m is not None else []
            ledger_frame = pl.concat([partial_ledger_table(result.partial_money, name), *care_costs])
            write_table(ledger_frame, folder, "ledgers", fmt)
            summary = finance_report.ledger_summary(ledger_frame)
            write_table(summary, folder, "ledgers_summary", fmt)
            headlines["high_needs_spend"] = finance_report.headline_high_needs_spend(result.partial_money)
            write_table(headlines["high_needs_spend"], folder, "high_needs_spend_headline", fmt)
            if result.csc is not None or result.asc is not None:
                write_table(social_care_table(result), folder, "social_care_counts", fmt)
        timings = {**result.timings_seconds, "write_seconds": time.perf_counter() - t0}
        files = output_files(folder) + ["manifest.json", REPORT_FILE] + (["workbook.xlsx"] if xlsx else [])
        manifest = manifest_for(result, fmt, {"timings_seconds": timings, "files": sorted(files)})
        write_manifest(folder, manifest, "run")
        write_report(folder, "run")
        if xlsx and ledger_frame is not None:
            dsg = dsg_plan.dsg_plan_frame(FolderTables(folder))
            write_workbook(folder / "workbook.xlsx", folder, manifest, result.data.folder, {"DSG plan": (dsg, dsg_plan.DSG_SHEET_TITLE)})
    return Path(out_dir).resolve(), headlines
