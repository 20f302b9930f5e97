"""``backtest``, ``sweep`` and ``bench``: studies made of many runs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import polars as pl
import typer

from sefton_sim.cli.common import SCHEDULER_HELP, check_scheduler_option, console, fail_bad_input, output_folder, print_table
from sefton_sim.errors import BadInputError


def backtest(
    as_of: Annotated[str, typer.Option("--as-of", help="Forecast date YYYY-MM-DD: only facts known by then are used.")],
    data_folder: Annotated[Path | None, typer.Option("--data", help="Council data folder (default: the shipped Sefton folder).")] = None,
    paths: Annotated[int, typer.Option("--paths", min=10, help="Monte Carlo paths.")] = 200,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Seed.")] = 1,
    out: Annotated[Path | None, typer.Option("--out", help="Output folder (default outputs/backtest-<date>).")] = None,
) -> None:
    """Calibrate on what was known at a date, forecast forward, score against the later facts."""
    import datetime as dt

    from sefton_sim.data import load_council_data
    from sefton_sim.outputs.folders import atomic_folder, write_manifest
    from sefton_sim.studies.backtest import backtest as run_backtest
    from sefton_sim.studies.backtest import backtest_chart

    try:
        try:
            day = dt.date.fromisoformat(as_of)
        except ValueError:
            raise BadInputError("(command line)", "--as-of", as_of, "a date YYYY-MM-DD") from None
        from sefton_sim.shipped import council_folder

        out_dir = output_folder(out, f"backtest-{day.isoformat()}", "backtest")

        data = load_council_data(data_folder if data_folder is not None else council_folder("sefton"))
        result = run_backtest(data, day, paths=paths, seed=seed)
    except BadInputError as exc:
        fail_bad_input(exc)
        return
    from sefton_sim.outputs.report import write_report

    with atomic_folder(out_dir, "backtest") as folder:
        result.table.write_csv(folder / "backtest.csv")
        backtest_chart(folder / "backtest_ehcp.png", result)
        if result.council_comparison is not None:
            result.council_comparison.write_csv(folder / "council_comparison.csv")
        write_manifest(
            folder, {"as_of": day, "paths": paths, "seed": seed, "coverage": result.coverage, "fitted_parameters": result.fitted}, "backtest"
        )
        write_report(folder, "backtest")
    print_table(result.table.drop("source"), f"Backtest as of {day}: every later fact, forecast median and bands", money=True)
    c = result.coverage
    console.print(
        f"Coverage: {c['inside_p10_p90']:.0%} of {int(c['points'])} later facts inside p10-p90, "
        f"{c['inside_p5_p95']:.0%} inside p5-p95; mean absolute error of the median {c['mean_abs_error_pct']:.1f}%."
    )
    if result.council_comparison is not None:
        print_table(result.council_comparison, "High Needs deficit at 31 March 2024: our forecast beside the council's", money=True)
        ours, theirs = (abs(v) for v in result.council_comparison["error_gbp_m"].to_list())
        verdict = "closer to" if ours < theirs else "further from"
        console.print(
            f"Our median forecast is {verdict} the actual £38m than the council's autumn-2023 forecast ({ours:.1f} vs {theirs:.1f} £m off)."
        )
    console.print(f"Output folder: {out_dir.resolve()}", soft_wrap=True)


def sweep(
    sweep_file: Annotated[Path, typer.Argument(help="Sweep TOML: base scenario, paths, seed, grid and/or cases.")],
    executor: Annotated[str, typer.Option("--executor", help="serial, threads, processes or dask.")] = "serial",
    workers: Annotated[int | None, typer.Option("--workers", min=1, help="Workers.")] = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help=SCHEDULER_HELP)] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Output folder (default outputs/sweep-<name>).")] = None,
    stop_after: Annotated[
        int | None, typer.Option("--stop-after", min=0, help="Stop after this many chunks (resume later by running again).")
    ] = None,
) -> None:
    """Run a sweep of scenarios in chunks (resumable), on any executor; aggregate with polars."""
    from sefton_sim.simulate.executors import make_executor
    from sefton_sim.studies.sweep import load_sweep, run_sweep

    try:
        check_scheduler_option(executor, scheduler)
        spec = load_sweep(sweep_file)
        out_dir = output_folder(out, f"sweep-{spec.name}", "sweep")
        pool = make_executor(executor, workers, scheduler)
        try:
            report = run_sweep(sweep_file, out_dir, pool, stop_after)
        finally:
            pool.close()
    except BadInputError as exc:
        fail_bad_input(exc)
        return
    console.print(f"{report.tasks} chunks: {report.already_done} already done, {report.ran} run now ({executor}).")
    if not report.complete:
        console.print("Sweep incomplete: run the same command again to resume.")
    elif report.summary is not None:
        import polars as pl

        last = report.summary["financial_year"].max()
        table = report.summary.filter(pl.col("financial_year") == last).pivot(on="measure", index=["case", "case_name"], values="p50").sort("case")
        print_table(table, f"Median outcomes in {last!s} by case", money=True)
    console.print(f"Output folder: {report.folder}", soft_wrap=True)


def bench(
    paths: Annotated[int | None, typer.Option("--paths", min=100, help="Paths for the large benchmarks (default 10,000).")] = None,
    select: Annotated[str | None, typer.Option("-k", help="Only benchmarks matching this pytest -k expression.")] = None,
) -> None:
    """Run the benchmark suites (history saved and compared) and print the key figures."""
    from sefton_sim.studies.bench import all_benchmarks, headline, run_benchmarks

    root = Path.cwd()
    if not (root / "benchmarks").is_dir():
        fail_bad_input(
            BadInputError(root, "benchmarks", str(root / "benchmarks"), "a benchmarks folder (run from the top of a clone of the project)")
        )
    report, code = run_benchmarks(root, paths, select)
    print_table(headline(report), "Key figures (ratios measured in the same run)", money=True)
    table = all_benchmarks(report)
    if not table.is_empty():
        shown = table.with_columns(
            pl.col("min_s").map_elements(lambda v: f"{v:.4g}", return_dtype=pl.String),
            pl.col("mean_s").map_elements(lambda v: f"{v:.4g}", return_dtype=pl.String),
        )
        print_table(shown, "Every benchmark (seconds)")
    console.print(f"History: {root / '.benchmarks'}")
    if code != 0:
        raise typer.Exit(code=1)
