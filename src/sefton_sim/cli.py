"""The ``sefton-sim`` command line: run, validate, schema, calibrate."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated, Optional

import polars as pl
import typer
from rich.console import Console
from rich.table import Table

from sefton_sim.errors import BadInputError, InfeasibleError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Scenario simulation and optimisation of a council's demand-led budgets (SEND, social care, transport, High Needs, MTFP).",
)
def _register_groups() -> None:
    from sefton_sim.optimise.commands import optimise_app

    app.add_typer(optimise_app, name="optimise")


console = Console(width=None if sys.stdout.isatty() else 160)
err_console = Console(stderr=True, soft_wrap=True)
STATE = {"debug": False}


@app.callback()
def _main(debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False) -> None:
    STATE["debug"] = debug


def _fail_bad_input(exc: BadInputError) -> None:
    if STATE["debug"]:
        raise exc
    err_console.print(f"error: {exc.one_line()}", markup=False, highlight=False)
    raise typer.Exit(code=2)


def print_table(frame, title: str, money: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Print a polars frame as a rich table."""
    table = Table(title=title, show_lines=False)
    for col in frame.columns:
        table.add_column(str(col), justify="left" if frame[col].dtype.is_numeric() is False else "right")
    for row in frame.iter_rows():
        cells = []
        for col, value in zip(frame.columns, row):
            if isinstance(value, float):
                one_decimal = money or "pct" in col or "%" in col or "£" in col
                cells.append(f"{value:,.1f}" if one_decimal else f"{value:,.0f}")
            else:
                cells.append("" if value is None else str(value))
        table.add_row(*cells)
    console.print(table)


def default_out_dir(scenario_path: Path, name: str) -> Path:
    """``outputs/<scenario name>`` beside the scenarios folder (the project root for shipped files)."""
    return scenario_path.resolve().parent.parent / "outputs" / name


@app.command()
def run(
    scenario: Annotated[Path, typer.Argument(help="Scenario TOML file.")],
    paths: Annotated[Optional[int], typer.Option("--paths", min=1, help="Monte Carlo paths (default: the scenario's).")] = None,
    seed: Annotated[Optional[int], typer.Option("--seed", min=0, help="Seed (default: the scenario's).")] = None,
    horizon_years: Annotated[Optional[int], typer.Option("--horizon-years", min=1, max=15, help="Financial years to simulate.")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="Output folder (default outputs/<scenario name>).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="Table format: parquet or csv.")] = "parquet",
    xlsx: Annotated[bool, typer.Option("--xlsx", help="Also write workbook.xlsx for finance users.")] = False,
    engine: Annotated[str, typer.Option("--engine", help="vector (production) or des (SimPy reference, slow).")] = "vector",
    event_log: Annotated[bool, typer.Option("--event-log", help="With --engine des: write event_log (one row per event).")] = False,
    executor: Annotated[str, typer.Option("--executor", help="serial, threads, processes or dask (results are identical).")] = "serial",
    workers: Annotated[Optional[int], typer.Option("--workers", min=1, help="Workers for threads / processes / dask.")] = None,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Dask scheduler address (default: start a local cluster).")] = None,
) -> None:
    """Run a scenario and write its output folder (tables, summaries, fan charts, manifest)."""
    from sefton_sim.report import write_run
    from sefton_sim.run import prepare, simulate

    if fmt not in ("parquet", "csv"):
        _fail_bad_input(BadInputError("(command line)", "--format", fmt, "parquet or csv"))
    if engine not in ("vector", "des"):
        _fail_bad_input(BadInputError("(command line)", "--engine", engine, "vector or des"))
    if event_log and engine != "des":
        _fail_bad_input(BadInputError("(command line)", "--event-log", True, "--engine des (the vector core has no per-child events)"))
    try:
        t0 = time.perf_counter()
        inputs = prepare(scenario, paths, seed, horizon_years)
        load_seconds = time.perf_counter() - t0
        scen = inputs.scenario
        chunks = -(-scen.paths // 1000)
        if engine == "des":
            result = simulate(inputs, engine="des", event_log=event_log)
        elif executor != "serial":
            from sefton_sim.executors import make_executor

            pool = make_executor(executor, workers, scheduler)
            try:
                result = simulate(inputs, executor=pool)
            finally:
                pool.close()
        elif sys.stdout.isatty() and scen.paths * inputs.send_rates.months >= 50_000:
            from rich.progress import Progress

            with Progress(console=console, transient=True) as progress:
                task = progress.add_task("simulating", total=inputs.send_rates.months * chunks)
                result = simulate(inputs, on_month=lambda n: progress.advance(task, n))
        else:
            result = simulate(inputs)
        result.timings_seconds = {"load_seconds": load_seconds, **result.timings_seconds}
        out_dir = out or default_out_dir(scenario, scen.name)
        folder, headlines = write_run(result, out_dir, fmt, xlsx=xlsx)  # type: ignore[arg-type]
    except BadInputError as exc:
        _fail_bad_input(exc)
        return
    title = f"{scen.name}: {scen.paths} paths, seed {scen.seed}"
    print_table(headlines["send"], f"{title} - SEND position")
    if "money" in headlines:
        print_table(headlines["money"], f"{title} - money (£m)", money=True)
    console.print(f"Output folder: {folder}", soft_wrap=True)


@app.command()
def validate(files: Annotated[list[Path], typer.Argument(help="Scenario TOML files.")]) -> None:
    """Check scenario files (and their data folders) without running them."""
    from sefton_sim.run import prepare

    for file in files:
        try:
            inputs = prepare(file)
        except BadInputError as exc:
            _fail_bad_input(exc)
            return
        console.print(f"ok: {file} ({inputs.scenario.name}; data {inputs.data.folder})", soft_wrap=True)


@app.command()
def compare(
    scenarios: Annotated[list[Path], typer.Argument(help="Two or more scenario files; the first is the reference A.")],
    paths: Annotated[Optional[int], typer.Option("--paths", min=1, help="Paths for every scenario (default: A's).")] = None,
    seed: Annotated[Optional[int], typer.Option("--seed", min=0, help="Seed for every scenario (default: A's).")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="Output folder (default outputs/compare-<A>-vs-<B>).")] = None,
) -> None:
    """Compare scenarios on common random numbers: differing assumptions and outcome differences."""
    from sefton_sim.compare import assumption_differences, comparison_chart, outcome_differences
    from sefton_sim.output import atomic_folder, write_manifest
    from sefton_sim.run import prepare, simulate

    if len(scenarios) < 2:
        _fail_bad_input(BadInputError("(command line)", "SCENARIOS", [str(s) for s in scenarios], "at least two scenario files"))
    try:
        first = prepare(scenarios[0], paths, seed)
        common_paths, common_seed = first.scenario.paths, first.scenario.seed
        results = [simulate(first)] + [simulate(prepare(s, common_paths, common_seed)) for s in scenarios[1:]]
    except BadInputError as exc:
        _fail_bad_input(exc)
        return
    a = results[0]
    names = "-vs-".join(r.scenario.name for r in results)
    out_dir = out or default_out_dir(scenarios[0], f"compare-{names}")
    with atomic_folder(out_dir) as folder:
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
        write_manifest(folder, manifest)
    console.print(f"Output folder: {out_dir.resolve()}", soft_wrap=True)


@app.command()
def schema() -> None:
    """Print the scenario JSON schema."""
    from sefton_sim.scenario import Scenario

    print(json.dumps(Scenario.model_json_schema(), indent=2))


@app.command()
def calibrate(
    data_folder: Annotated[Path, typer.Option("--data", help="Council data folder.")] = Path("data/sefton"),
    write: Annotated[bool, typer.Option("--write/--no-write", help="Write send_fitted_parameters.csv into the data folder.")] = True,
) -> None:
    """Fit the SEND model's unknown rates to the fact series and print the fit table."""
    from sefton_sim.data import load_council_data
    from sefton_sim.demand.calibrate import calibrate_send, write_fitted

    try:
        data = load_council_data(data_folder)
        result = calibrate_send(data)
    except BadInputError as exc:
        _fail_bad_input(exc)
        return
    print_table(result.table.drop("source", "used_in_calibration"), "Calibration: every fact point, model value, error")
    params = Table(title="Fitted parameters")
    for col in ("parameter", "value", "sd", "unit", "prior range"):
        params.add_column(col)
    for p in result.parameters.values():
        params.add_row(p.name, f"{p.value:.4g}", f"{(p.sd or 0):.3g}", p.unit, f"{p.low:g}-{p.high:g}")
    console.print(params)
    err = 100 * (result.base_date_stock / result.base_date_fact_interpolation - 1)
    console.print(
        f"Base-date stock: model {result.base_date_stock:,.0f} vs fact interpolation "
        f"{result.base_date_fact_interpolation:,.0f} ({err:+.1f}%)"
    )
    if write:
        console.print(f"Written: {write_fitted(result, data_folder)}")


@app.command()
def backtest(
    as_of: Annotated[str, typer.Option("--as-of", help="Forecast date YYYY-MM-DD: only facts known by then are used.")],
    data_folder: Annotated[Path, typer.Option("--data", help="Council data folder.")] = Path("data/sefton"),
    paths: Annotated[int, typer.Option("--paths", min=10, help="Monte Carlo paths.")] = 200,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Seed.")] = 1,
    out: Annotated[Optional[Path], typer.Option("--out", help="Output folder (default outputs/backtest-<date>).")] = None,
) -> None:
    """Calibrate on what was known at a date, forecast forward, score against the later facts."""
    import datetime as dt

    from sefton_sim.backtest import backtest as run_backtest
    from sefton_sim.backtest import backtest_chart
    from sefton_sim.data import load_council_data
    from sefton_sim.output import atomic_folder, write_manifest

    try:
        try:
            day = dt.date.fromisoformat(as_of)
        except ValueError:
            raise BadInputError("(command line)", "--as-of", as_of, "a date YYYY-MM-DD") from None
        data = load_council_data(data_folder)
        result = run_backtest(data, day, paths=paths, seed=seed)
    except BadInputError as exc:
        _fail_bad_input(exc)
        return
    out_dir = out or Path("outputs") / f"backtest-{day.isoformat()}"
    with atomic_folder(out_dir) as folder:
        result.table.write_csv(folder / "backtest.csv")
        backtest_chart(folder / "backtest_ehcp.png", result)
        if result.council_comparison is not None:
            result.council_comparison.write_csv(folder / "council_comparison.csv")
        write_manifest(folder, {"as_of": day, "paths": paths, "seed": seed, "coverage": result.coverage, "fitted_parameters": result.fitted})
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
        console.print(f"Our median forecast is {verdict} the actual £38m than the council's autumn-2023 forecast ({ours:.1f} vs {theirs:.1f} £m off).")
    console.print(f"Output folder: {out_dir.resolve()}", soft_wrap=True)


@app.command()
def sweep(
    sweep_file: Annotated[Path, typer.Argument(help="Sweep TOML: base scenario, paths, seed, grid and/or cases.")],
    executor: Annotated[str, typer.Option("--executor", help="serial, threads, processes or dask.")] = "serial",
    workers: Annotated[Optional[int], typer.Option("--workers", min=1, help="Workers.")] = None,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Dask scheduler address (default: a local cluster).")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="Output folder (default outputs/sweep-<name>).")] = None,
    stop_after: Annotated[Optional[int], typer.Option("--stop-after", min=0, help="Stop after this many chunks (resume later by running again).")] = None,
) -> None:
    """Run a sweep of scenarios in chunks (resumable), on any executor; aggregate with polars."""
    from sefton_sim.executors import make_executor
    from sefton_sim.sweep import load_sweep, run_sweep

    try:
        spec = load_sweep(sweep_file)
        out_dir = out or Path("outputs") / f"sweep-{spec.name}"
        pool = make_executor(executor, workers, scheduler)
        try:
            report = run_sweep(sweep_file, out_dir, pool, stop_after)
        finally:
            pool.close()
    except BadInputError as exc:
        _fail_bad_input(exc)
        return
    console.print(f"{report.tasks} chunks: {report.already_done} already done, {report.ran} run now ({executor}).")
    if not report.complete:
        console.print("Sweep incomplete: run the same command again to resume.")
    elif report.summary is not None:
        import polars as pl

        last = report.summary["financial_year"].max()
        table = (
            report.summary.filter(pl.col("financial_year") == last)
            .pivot(on="measure", index=["case", "case_name"], values="p50")
            .sort("case")
        )
        print_table(table, f"Median outcomes in {last} by case", money=True)
    console.print(f"Output folder: {report.folder}", soft_wrap=True)


@app.command()
def bench(
    paths: Annotated[Optional[int], typer.Option("--paths", min=100, help="Paths for the large benchmarks (default 10,000).")] = None,
    select: Annotated[Optional[str], typer.Option("-k", help="Only benchmarks matching this pytest -k expression.")] = None,
) -> None:
    """Run the benchmark suites (history saved and compared) and print the key figures."""
    from sefton_sim.bench import all_benchmarks, headline, run_benchmarks

    root = Path(__file__).resolve().parents[2]
    if not (root / "benchmarks").is_dir():
        _fail_bad_input(BadInputError(root, "benchmarks", str(root / "benchmarks"), "a benchmarks folder (run from a clone of the project)"))
    report, code = run_benchmarks(root, paths, select)
    print_table(headline(report), "Key figures (ratios measured in the same run)", money=True)
    table = all_benchmarks(report)
    if not table.is_empty():
        shown = table.with_columns(pl.col("min_s").map_elements(lambda v: f"{v:.4g}", return_dtype=pl.String), pl.col("mean_s").map_elements(lambda v: f"{v:.4g}", return_dtype=pl.String))
        print_table(shown, "Every benchmark (seconds)")
    console.print(f"History: {root / '.benchmarks'}")
    if code != 0:
        raise typer.Exit(code=1)


@app.command("export-instances")
def export_instances(
    sizes: Annotated[str, typer.Option("--sizes", help="Comma-separated reference sizes: tiny, small, medium, large.")] = "small,medium",
    folder: Annotated[Optional[Path], typer.Option("--folder", help="Where to write (default solvers/instances).")] = None,
) -> None:
    """Write the reference optimisation instances (place programme, savings portfolio) as MPS and LP files."""
    from sefton_sim.optimise import places, savings
    from sefton_sim.optimise.solver import SOLVERS_DIR

    target = folder or SOLVERS_DIR / "instances"
    wanted = [s.strip() for s in sizes.split(",") if s.strip()]
    written = []
    try:
        for size in wanted:
            if size not in ("tiny", "small", "medium", "large"):
                raise BadInputError("(command line)", "--sizes", size, "tiny, small, medium or large")
            for name, problem in (
                ("places", places.build_reference_instance(size)[0]),  # type: ignore[arg-type]
                ("savings", savings.build_reference_instance(size).build()[0]),  # type: ignore[arg-type]
            ):
                target.mkdir(parents=True, exist_ok=True)
                mps, lp = target / f"{name}_{size}.mps", target / f"{name}_{size}.lp"
                problem.writeMPS(str(mps))
                problem.writeLP(str(lp))
                written += [mps, lp]
    except BadInputError as exc:
        _fail_bad_input(exc)
        return
    for path in written:
        console.print(f"written: {path} ({path.stat().st_size / 1024:,.0f} KiB)", soft_wrap=True)


@app.command("calibrate-csc")
def calibrate_csc_command(
    folder: Annotated[Path, typer.Argument(help="Folder of SSDA903 annual returns (one sub-folder per year with episodes.csv and header.csv).")],
    out: Annotated[Optional[Path], typer.Option("--out", help="Write rates, fit and projection tables here.")] = None,
    window_months: Annotated[int, typer.Option("--window-months", min=3, max=120, help="Estimation window before the end of the data.")] = 12,
    write_data: Annotated[Optional[Path], typer.Option(
        "--write-data",
        help="Council data folder: replace its csc_placements.csv and csc_parameters.csv with tables fitted to these returns (costs kept).",
    )] = None,
) -> None:
    """Estimate children-looked-after entry, move and exit rates from SSDA903 returns; replay and project."""
    from sefton_sim.output import atomic_folder
    from sefton_sim.social_care import ssda903_to_packages as s2p
    from sefton_sim.social_care.csc_model import calibrate_csc

    written: dict[str, Path] = {}
    try:
        if write_data is not None:
            s2p.check_data_folder(write_data)
        calibration = calibrate_csc(folder, window_months=window_months)
        if write_data is not None:
            tables = s2p.package_tables_from_calibration(calibration, write_data)
            written = s2p.write_package_tables(*tables, write_data)
    except BadInputError as exc:
        _fail_bad_input(exc)
        return
    print_table(calibration.table, "Children looked after at the end of the data: observed vs calibrated replay", money=True)
    console.print(
        f"If the calibrated model were exactly true, its replay would meet the whole end-of-data target in "
        f"{100 * calibration.all_pass_chance_if_true:.1f}% of simulated histories (pass_chance_if_true by type above).",
        soft_wrap=True,
    )
    print_table(calibration.projection_table(months=24, paths=200, seed=1).tail(12), "24-month projection (last year shown)", money=True)
    if out is not None:
        with atomic_folder(out) as tmp:
            calibration.write(tmp)
        console.print(f"Output folder: {out.resolve()}", soft_wrap=True)
    if written:
        placements, parameters = tables
        fitted = parameters.filter(pl.col("source").str.starts_with(s2p.FIT_PREFIX))["parameter"].to_list()
        print_table(s2p.as_text(placements).drop("source"), f"Written: {written[s2p.pk.PLACEMENTS_FILE].resolve()}")
        print_table(s2p.as_text(parameters).drop("source"), f"Written: {written[s2p.pk.PARAMETERS_FILE].resolve()}")
        console.print(
            "Fitted to the SSDA903 returns: children_at_base, entry_share and mean_stay_months of every placement type; "
            f"{', '.join(fitted)}. Copied from the existing tables: the weekly costs and their ranges, "
            f"{', '.join(parameters.filter(~pl.col('parameter').is_in(fitted))['parameter'].to_list())}.",
            soft_wrap=True,
        )


def main() -> None:
    """Console-script entry point."""
    _register_groups()
    try:
        app()
    except InfeasibleError as exc:
        err_console.print(f"infeasible: {exc}", markup=False, highlight=False)
        sys.exit(3)


if __name__ == "__main__":
    main()
