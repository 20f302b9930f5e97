"""``backtest``, ``backtest-councils``, ``sweep`` and ``bench``: studies made of many runs."""

from __future__ import annotations

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
)
from sefton_sim.errors import BadInputError


def backtest(
    as_of: Annotated[
        str,
        typer.Option("--as-of", help="Origins YYYY-MM-DD, comma-separated: only facts known by each are used (default: the four Sefton origins)."),
    ] = "2021-06-30,2022-06-30,2023-06-30,2024-02-28",
    data_folder: Annotated[Path | None, typer.Option("--data", help="Council data folder (default: the shipped Sefton folder).")] = None,
    paths: Annotated[int, typer.Option("--paths", min=10, help="Monte Carlo paths per origin.")] = 200,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Seed (the refit and the forecast).")] = 1,
    walkers: Annotated[int, typer.Option("--walkers", min=20, max=400, help="Ensemble walkers of each origin's refit.")] = 20,
    steps: Annotated[int, typer.Option("--steps", min=2, max=100_000, help="Refit steps kept after burn-in.")] = 250,
    burn_in: Annotated[int, typer.Option("--burn-in", min=0, max=100_000, help="Refit steps discarded first.")] = 150,
    map_evaluations: Annotated[
        int, typer.Option("--map-evaluations", min=0, max=100_000, help="Model runs spent finding each refit's starting mode.")
    ] = 400,
    stats: Annotated[
        Path | None,
        typer.Option(
            "--stats",
            help="DfE EHC plans statistics folder: the paths also carry structural growth refitted on every council's censuses published by each origin.",
        ),
    ] = None,
    la: Annotated[str, typer.Option("--la", help="The council's code or name in the DfE files (with --stats).")] = "E08000014",
    out: Annotated[Path | None, typer.Option("--out", help="Output folder (default outputs/backtest-<first origin>).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help=QUIET_HELP)] = False,
) -> None:
    """Refit on what was known at each origin (Bayesian), forecast forward, score against the later facts, pooled."""
    import datetime as dt

    from sefton_sim.data import load_council_data
    from sefton_sim.demand.bayes_fit import FitSettings
    from sefton_sim.outputs.folders import atomic_folder, write_manifest
    from sefton_sim.studies.backtest import backtest_chart, rolling_backtest
    from sefton_sim.studies.backtest_predictive import load_panel

    try:
        days = []
        for text in as_of.split(","):
            try:
                days.append(dt.date.fromisoformat(text.strip()))
            except ValueError:
                raise BadInputError("(command line)", "--as-of", text, "dates YYYY-MM-DD, comma-separated") from None
        from sefton_sim.shipped import council_folder

        out_dir = output_folder(out, f"backtest-{days[0].isoformat()}", "backtest")
        data = load_council_data(data_folder if data_folder is not None else council_folder("sefton"))
        settings = FitSettings(walkers=walkers, burn_in=burn_in, steps=steps, thin=max(1, steps // 25), map_evaluations=map_evaluations)
        panel, la_code = (None, la) if stats is None else load_panel(stats, la)
        with progress_reporter(quiet) as progress:
            result = rolling_backtest(
                data, tuple(days), paths=paths, seed=seed, settings=settings, progress=progress, growth_panel=panel, la_code=la_code
            )
    except BadInputError as exc:
        fail_bad_input(exc)
        return
    from sefton_sim.outputs.report import write_report

    with atomic_folder(out_dir, "backtest") as folder:
        result.table.write_csv(folder / "backtest.csv")
        result.by_origin.write_csv(folder / "backtest_by_origin.csv")
        pl.concat([r.fit.diagnostics.with_columns(pl.lit(r.as_of).alias("origin")) for r in result.results if r.fit is not None]).write_csv(
            folder / "backtest_fit_diagnostics.csv"
        )
        for r in result.results:
            backtest_chart(folder / f"backtest_ehcp_{r.as_of.isoformat()}.png", r)
        if result.council_comparison is not None:
            result.council_comparison.write_csv(folder / "council_comparison.csv")
        write_manifest(
            folder,
            {
                "origins": [d.isoformat() for d in days],
                "paths": paths,
                "seed": seed,
                "refit": {"walkers": walkers, "burn_in": burn_in, "steps": steps, "map_evaluations": map_evaluations},
                "refit_converged": {str(r.as_of): bool(r.fit.diagnostics["meets_targets"].all()) for r in result.results if r.fit is not None},
                "by_origin": result.by_origin.to_dicts(),
                "bands": "p10-p90 of the published figure: simulated paths with the fit's observation scatter (studies.backtest_predictive); latent_*: the paths alone",
                "structural_growth": {str(r.as_of): r.structural_growth for r in result.results},
                "stats_folder": None if stats is None else str(stats.resolve()),
                "fitted_parameters": {str(r.as_of): r.fitted for r in result.results},
            },
            "backtest",
        )
        write_report(folder, "backtest")
    print_table(result.table.drop("source"), "Backtest: every later fact, forecast median and bands", money=True)
    print_table(result.by_origin, "Coverage by origin and pooled")
    pooled = result.by_origin.filter(pl.col("origin") == "pooled").row(0, named=True)
    console.print(
        f"Coverage: {pooled['share_inside_p10_p90']:.0%} of {pooled['facts']} later facts inside p10-p90 pooled over {len(days)} origin(s), "
        f"{pooled['share_inside_p5_p95']:.0%} inside p5-p95 (prediction intervals of the published figures: the paths with the fit's "
        f"observation scatter; the paths alone: {pooled['latent_share_inside_p10_p90']:.0%} inside p10-p90); "
        f"mean absolute error of the median {pooled['mean_abs_error_pct']:.1f}%.",
        soft_wrap=True,
    )
    for r in result.results:
        if r.fit is None:
            continue
        diag = r.fit.diagnostics
        if not diag["meets_targets"].all():
            worst_r_hat, fewest_draws = diag.select(pl.col("r_hat").max(), pl.col("ess_bulk").min()).row(0)
            console.print(
                f"warning: the refit at {r.as_of} has not converged (R-hat up to {worst_r_hat:.3f}, bulk ESS down to "
                f"{fewest_draws:.0f}; targets R-hat < 1.01, ESS > 400): its bands understate the parameters' uncertainty. "
                "More --steps and --burn-in (e.g. --walkers 40 --burn-in 1000 --steps 2000) fix it.",
                soft_wrap=True,
            )
    if result.council_comparison is not None:
        print_table(result.council_comparison, "High Needs deficit at 31 March 2024: our forecast beside the council's", money=True)
        for origin, frame in result.council_comparison.group_by("origin", maintain_order=True):
            ours, theirs = frame["error_gbp_m"].to_list()
            if ours is None or ours != ours:  # not scored at this origin
                continue
            verdict = "closer to" if abs(ours) < abs(theirs) else "further from"
            console.print(
                f"From {origin[0]}: our median forecast is {verdict} the actual £38m than the council's autumn-2023 forecast "
                f"({abs(ours):.1f} vs {abs(theirs):.1f} £m off).",
                soft_wrap=True,
            )
    console.print(f"Output folder: {out_dir.resolve()}", soft_wrap=True)


def _int_list(text: str, key: str) -> list[int]:
    """A comma-separated list of whole numbers from the command line (one-line error otherwise)."""
    try:
        values = [int(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise BadInputError("(command line)", key, text, "comma-separated whole numbers, e.g. 201920,202021") from None
    if not values:
        raise BadInputError("(command line)", key, text, "at least one value")
    return values


def backtest_councils(
    stats: Annotated[Path, typer.Option("--stats", help="Folder of the DfE 'Education, health and care plans' files (caseload.csv, ...).")],
    out: Annotated[Path, typer.Option("--out", help="Output folder (new, empty, or an earlier backtest-councils output).")],
    origins: Annotated[str, typer.Option("--origins", help="Origin censuses (DfE time_period), comma-separated.")] = "201920,202021,202122,202223",
    horizons: Annotated[str, typer.Option("--horizons", help="Horizons in years after the origin census, comma-separated.")] = "1,2,3",
    councils: Annotated[
        str | None, typer.Option("--councils", help="Comma-separated council codes or names (default: every council with a complete series).")
    ] = None,
    paths: Annotated[int, typer.Option("--paths", min=100, help="Forecast draws per council and origin.")] = 2000,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Seed.")] = 1,
) -> None:
    """Rolling-origin backtest of the structural growth forecaster across English councils; calibrates the band widening."""
    from sefton_sim.data import dfe_statistics as dfe
    from sefton_sim.outputs.folders import atomic_folder, check_output_folder, write_manifest, write_table
    from sefton_sim.studies.councils_backtest_report import FORECASTER, run_councils_backtest

    try:
        origin_list = _int_list(origins, "--origins")
        horizon_list = _int_list(horizons, "--horizons")
        if any(h < 1 for h in horizon_list):
            raise BadInputError("(command line)", "--horizons", horizons, "horizons of at least 1 year")
        only = [c.strip() for c in councils.split(",") if c.strip()] if councils else None
        target = check_output_folder(out, "backtest-councils")
        statistics = dfe.load_statistics(stats)
        report = run_councils_backtest(statistics, origin_list, horizon_list, only, seed=seed, paths=paths)
    except BadInputError as exc:
        fail_bad_input(exc)
        return
    tables = {
        "forecasts": report.forecasts,
        "scores": report.scores,
        "pit_histogram": report.pit_histogram,
        "coverage": report.coverage,
        "targets": report.targets,
        "priors_by_origin": report.priors_by_origin,
    }
    with atomic_folder(target, "backtest-councils") as folder:
        for name, frame in tables.items():
            write_table(frame, folder, name, "parquet")
        report.widening.write_csv(folder / "forecast_widening.csv")
        report.growth_prior.write_csv(folder / "structural_growth_prior.csv")
        report.growth_range.write_csv(folder / "ehcp_growth_range.csv")
        write_manifest(
            folder,
            {
                "command": "backtest-councils",
                "stats_folder": str(stats),
                "origins": origin_list,
                "horizons_years": horizon_list,
                "councils": only or "all with a complete caseload series",
                "councils_forecast": report.councils,
                "paths": paths,
                "seed": seed,
                "forecaster": FORECASTER,
                "widening_factors": dict(zip(report.widening["horizon_years"].to_list(), report.widening["factor"].to_list(), strict=True)),
                "seconds": round(report.seconds, 1),
                "files": sorted(
                    [
                        *(f"{n}.parquet" for n in tables),
                        "forecast_widening.csv",
                        "structural_growth_prior.csv",
                        "ehcp_growth_range.csv",
                        "manifest.json",
                    ]
                ),
            },
            "backtest-councils",
        )

    def shown(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.with_columns(pl.col(pl.Float64).round(3).cast(pl.String))

    print_table(shown(report.coverage), "Total plans: coverage by horizon (0 = pooled) under each scheme")
    print_table(shown(report.targets.select("bands", "target", "horizon_years", "measured", "low", "high", "met")), "Targets (total plans)")
    console.print(f"Forecaster: {FORECASTER}.", soft_wrap=True)
    console.print(f"{report.councils} councils in {report.seconds:.0f} s. Output folder: {target.resolve()}", soft_wrap=True)


def sweep(
    sweep_file: Annotated[Path, typer.Argument(help="Sweep TOML: base scenario, paths, seed, grid and/or cases.")],
    executor: Annotated[str, typer.Option("--executor", help="serial, threads, processes or dask.")] = "serial",
    workers: Annotated[int | None, typer.Option("--workers", min=1, help="Workers.")] = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help=SCHEDULER_HELP)] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Output folder (default outputs/sweep-<name>).")] = None,
    stop_after: Annotated[
        int | None, typer.Option("--stop-after", min=0, help="Stop after this many chunks (resume later by running again).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help=QUIET_HELP)] = False,
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
            with progress_reporter(quiet) as progress:
                report = run_sweep(sweep_file, out_dir, pool, stop_after, progress)
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
