"""Write a run's output folder: tables, summaries, fan charts and manifest, atomically."""

from __future__ import annotations

import time
from pathlib import Path

import polars as pl

from sefton_sim import plots, results
from sefton_sim.output import TableFormat, atomic_folder, git_commit, input_hashes, write_manifest, write_table
from sefton_sim.run import RunResult


def history_points(result: RunResult) -> list[tuple]:
    """Published EHCP stock figures, for drawing on the fan chart."""
    rows = result.data.history.filter(pl.col("series") == "ehcp_stock")
    return list(zip(rows["period_start"].to_list(), rows["value"].to_list()))


def write_run(result: RunResult, out_dir: Path, fmt: TableFormat = "parquet") -> tuple[Path, pl.DataFrame]:
    """Write the output folder for ``result``; returns its path and the headline table."""
    name = result.scenario.name
    t0 = time.perf_counter()
    headline = results.headline_table(result.demand)
    with atomic_folder(Path(out_dir)) as folder:
        write_table(results.counts_table(name, result.demand), folder, "send_counts", fmt)
        write_table(results.summary_table(name, result.demand), folder, "send_summary", fmt)
        write_table(headline, folder, "send_headline", fmt)
        plots.send_charts(folder, result.demand, name, history_points(result))
        project_root = Path(__file__).resolve().parent
        write_manifest(
            folder,
            {
                "scenario_name": name,
                "scenario_resolved": result.scenario.model_dump(mode="json"),
                "scenario_files": [str(p.resolve()) for p in result.scenario_files],
                "input_hashes_sha256": input_hashes(result.scenario_files, result.data.file_hashes, result.data.folder),
                "git_commit": git_commit(project_root),
                "seed": result.scenario.seed,
                "paths": result.scenario.paths,
                "horizon_years": result.scenario.horizon_years,
                "engine": result.engine,
                "table_format": fmt,
                "timings_seconds": {**result.timings_seconds, "write_seconds": time.perf_counter() - t0},
                "files": sorted(p.name for p in folder.iterdir()) + ["manifest.json"],
            },
        )
    return Path(out_dir).resolve(), headline
