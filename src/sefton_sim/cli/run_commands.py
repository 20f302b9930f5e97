"""``run``, ``validate``, ``schema`` and ``compare``: one scenario or several, side by side."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import polars as pl
import typer

from sefton_sim.cli.common import (
    QUIET_HELP,
    SCHEDULER_HELP,
    check_scheduler_option,
    console,
    fail_bad_input,
    output_folder,
    print_table,
    progress_reporter,
    progress_shown,
)
from sefton_sim.cli.compile_notice import compile_ahead, compile_with_notice
from sefton_sim.errors import BadInputError


def run(
    scenario: Annotated[Path, typer.Argument(help="Scenario TOML file.")],
    paths: Annotated[int | None, typer.Option("--paths", min=1, help="Monte Carlo paths (default: the scenario's).")] = None,
    seed: Annotated[int | None, typer.Option("--seed", min=0, help="Seed (default: the scenario's).")] = None,
    horizon_years: Annotated[int | None, typer.Option("--horizon-years", min=1, max=15, help="Financial years to simulate.")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Output folder (default outputs/<scenario name>).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="Table format: parquet or csv.")] = "parquet",
    xlsx: Annotated[bool, typer.Option("--xlsx", help="Also write workbook.xlsx for finance users.")] = False,
    engine: Annotated[str, typer.Option("--engine", help="vector (production) or des (SimPy reference, slow).")] = "vector",
    event_log: Annotated[bool, typer.Option("--event-log", help="With --engine des: write event_log (one row per event).")] = False,
    executor: Annotated[str, typer.Option("--executor", help="serial, threads, processes or dask (results are identical).")] = "serial",
    workers: Annotated[int | None, typer.Option("--workers", min=1, help="Workers for threads / processes / dask.")] = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help=SCHEDULER_HELP)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help=QUIET_HELP)] = False,
    headline: Annotated[
        bool, typer.Option("--headline", help="A headline run: at least 6,000 paths, enough for stable p5 / p95 (see tail_quantile_error).")
    ] = False,
) -> None:
    """Run a scenario and write its output folder (tables, summaries, fan charts, manifest)."""
    if fmt not in ("parquet", "csv"):
        fail_bad_input(BadInputError("(command line)", "--format", fmt, "parquet or csv"))
    if engine not in ("vector", "des"):
        fail_bad_input(BadInputError("(command line)", "--engine", engine, "vector or des"))
    if event_log and engine != "des":
        fail_bad_input(BadInputError("(command line)", "--event-log", True, "--engine des (the vector core has no per-child events)"))
    try:
        check_scheduler_option(executor, scheduler)
        out_dir = output_folder(out, "", "run") if out is not None else None
        from sefton_sim.outputs.run_folder import write_run  # the engines load only once the output folder is known to be safe
        from sefton_sim.simulate.run import prepare, simulate

        compile_ahead(console, quiet)  # before the clock: a first run's compiling is not load time
        t0 = time.perf_counter()
        if headline:
            from sefton_sim.outputs.money_outputs import HEADLINE_PATHS
            from sefton_sim.scenario import load_scenario

            paths = max(paths if paths is not None else load_scenario(scenario)[0].paths, HEADLINE_PATHS)
        inputs = prepare(scenario, paths, seed, horizon_years)
        load_seconds = time.perf_counter() - t0
        scen = inputs.scenario
        out_dir = out_dir or output_folder(None, scen.name, "run")
        if engine == "vector":
            compile_with_notice(inputs, console, quiet)
        chunks = -(-scen.paths // 1000)
        if engine == "des":
            result = simulate(inputs, engine="des", event_log=event_log)
        elif executor != "serial":
            from sefton_sim.simulate.executors import make_executor

            pool = make_executor(executor, workers, scheduler)
            try:
                result = simulate(inputs, executor=pool)
            finally:
                pool.close()
        elif progress_shown(quiet) and scen.paths * inputs.send_rates.months >= 50_000:
            with progress_reporter(quiet) as progress:
                months = progress.phase("simulating months (all path chunks)", inputs.send_rates.months * chunks)
                result = simulate(inputs, on_month=months.advance)
                months.close()
        else:
            result = simulate(inputs)
        result.timings_seconds = {"load_seconds": load_seconds, **result.timings_seconds}
        folder, headlines = write_run(result, out_dir, fmt, xlsx=xlsx)  # type: ignore[arg-type]
    except BadInputError as exc:
        fail_bad_input(exc)
        return
    title = f"{scen.name}: {scen.paths} paths, seed {scen.seed}"
    print_table(headlines["send"], f"{title} - SEND position")
    if "money" in headlines:
        print_table(headlines["money"], f"{title} - money (£m), do-nothing position", money=True)
    if "one_offs" in headlines:
        print_table(headlines["one_offs"], f"{title} - one-off funding and the year it drops out (£m)", money=True)
    if "balances_exhausted" in headlines:
        print_table(headlines["balances_exhausted"], f"{title} - general balances exhausted (section 114 risk)", money=True)
    if "high_needs_spend" in headlines:
        print_table(headlines["high_needs_spend"], f"{title} - High Needs spend (£m)", money=True)
    if "ehcp_rate" in headlines:
        rate = headlines["ehcp_rate"].select(
            "date", "p10", "p50", "p90", "range_low_per_10000", "range_high_per_10000", "share_of_paths_outside_range"
        )
        print_table(
            rate.with_columns(pl.col(pl.Float64).round(3)), f"{title} - EHC plans per 10,000 aged 0-25 (range: English councils' growth 2019-2024)"
        )
    if "total_plans_calibrated" in headlines:
        calibrated = headlines["total_plans_calibrated"].select(
            "census_month", "p10", "p50", "p90", "simulation_p10", "simulation_p50", "simulation_p90"
        )
        print_table(
            calibrated.with_columns(pl.col(pl.Float64).round(0)),
            f"{title} - total EHC plans at each January census: prediction interval (p10-p90) beside the simulation",
        )
    print_money_notes(inputs.availability.notes())
    print_reading_notes(headlines["forecast_notes"]["note"].to_list())
    if "notes" in headlines:
        print_reading_notes(headlines["notes"]["note"].to_list())
    console.print(f"Output folder: {folder}", soft_wrap=True)


def print_money_notes(notes: list[str]) -> None:
    """One ``note:`` line per ledger a folder's missing money tables leave out."""
    for note in notes:
        console.print(f"note: {note}", soft_wrap=True, markup=False, highlight=False)


def print_reading_notes(notes: list[str]) -> None:
    """One ``reading:`` line per thing a reader of the bands must know (what they are, how many paths)."""
    for note in notes:
        console.print(f"reading: {note}", soft_wrap=True, markup=False, highlight=False)


def validate(files: Annotated[list[Path], typer.Argument(help="Scenario TOML files.")]) -> None:
    """Check scenario files and their data folders as every command would, without running them."""
    from sefton_sim.optimise.place_data import check_place_tables
    from sefton_sim.optimise.savings import check_options_table
    from sefton_sim.simulate.run import check_inputs
    from sefton_sim.studies.backtest import check_history_table

    for file in files:
        try:
            inputs = check_inputs(file, (check_place_tables, check_options_table, check_history_table))
        except BadInputError as exc:
            fail_bad_input(exc)
            return
        console.print(f"ok: {file} ({inputs.scenario.name}; data {inputs.data.folder})", soft_wrap=True)
        print_money_notes(inputs.availability.notes())


def compare(
    scenarios: Annotated[list[Path], typer.Argument(help="Two or more scenario files; the first is the reference A.")],
    paths: Annotated[int | None, typer.Option("--paths", min=1, help="Paths for every scenario (default: A's).")] = None,
    seed: Annotated[int | None, typer.Option("--seed", min=0, help="Seed for every scenario (default: A's).")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Output folder (default outputs/compare-<A>-vs-<B>).")] = None,
) -> None:
    """Compare scenarios on common random numbers: differing assumptions and outcome differences."""
    from sefton_sim.outputs.folders import atomic_folder, write_manifest
    from sefton_sim.outputs.report import write_report
    from sefton_sim.simulate.run import prepare, simulate
    from sefton_sim.studies.compare import assumption_differences, comparison_chart, outcome_differences
    from sefton_sim.studies.pass_through import pass_through_table

    if len(scenarios) < 2:
        fail_bad_input(BadInputError("(command line)", "SCENARIOS", [str(s) for s in scenarios], "at least two scenario files"))
    try:
        compile_ahead(console)
        first = prepare(scenarios[0], paths, seed)
        compile_with_notice(first, console)
        common_paths, common_seed = first.scenario.paths, first.scenario.seed
        others = [prepare(s, common_paths, common_seed) for s in scenarios[1:]]
        names = "-vs-".join(i.scenario.name for i in [first, *others])
        out_dir = output_folder(out, f"compare-{names}", "compare")
        results = [simulate(i) for i in [first, *others]]
    except BadInputError as exc:
        fail_bad_input(exc)
        return
    a = results[0]
    with atomic_folder(out_dir, "compare") as folder:
        manifest: dict[str, object] = {"scenarios": [str(s.resolve()) for s in scenarios], "paths": common_paths, "seed": common_seed}
        for b in results[1:]:
            diffs = assumption_differences(a.scenario, b.scenario)
            outcomes = outcome_differences(a, b)
            tag = f"{a.scenario.name}-vs-{b.scenario.name}"
            diffs.write_csv(folder / f"assumptions_{tag}.csv")
            outcomes.write_csv(folder / f"outcomes_{tag}.csv")
            comparison_chart(folder / f"compare_{tag}.png", outcomes, a.scenario.name, b.scenario.name)
            print_table(diffs, f"Assumptions that differ: {a.scenario.name} (A) -> {b.scenario.name} (B)")
            print_table(outcomes, f"Outcomes, B - A on common random numbers ({common_paths} paths, seed {common_seed})", money=True)
            if a.engine == "vector" and b.engine == "vector":
                passed = pass_through_table(a.rates, a.demand, b.rates, b.demand, common_seed)
                passed.write_csv(folder / f"pass_through_{tag}.csv")
                print_table(passed, "EHC plans: the change B - A against the change its demand implies with no casework limit (same futures)")
        write_manifest(folder, manifest)
        write_report(folder, "compare")
    console.print(f"Output folder: {out_dir.resolve()}", soft_wrap=True)


def schema() -> None:
    """Print the scenario JSON schema."""
    from sefton_sim.scenario import Scenario

    print(json.dumps(Scenario.model_json_schema(), indent=2))
