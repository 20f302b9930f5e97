"""``sensitivity`` and ``goal-seek``: many cases on one prepared model, on common random numbers."""

from __future__ import annotations

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
)
from sefton_sim.cli.compile_notice import compile_ahead, compile_with_notice
from sefton_sim.errors import BadInputError, InfeasibleError


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def sensitivity(
    scenario: Annotated[Path, typer.Argument(help="Scenario TOML file.")],
    years: Annotated[
        str, typer.Option("--years", help="Financial years to report, comma-separated (e.g. 2025/26,2027/28).")
    ] = "2025/26,2027/28,2028/29",
    method: Annotated[str, typer.Option("--method", help="oat (one at a time, low/high) or morris (oat and Morris screening with SALib).")] = "oat",
    statistic: Annotated[str, typer.Option("--statistic", help="Summary across paths: p50 (median) or mean.")] = "p50",
    trajectories: Annotated[int, typer.Option("--trajectories", min=2, help="Morris trajectories (each K + 1 cases).")] = 4,
    only: Annotated[str | None, typer.Option("--only", help="Only assumptions whose key contains one of these comma-separated words.")] = None,
    paths: Annotated[int | None, typer.Option("--paths", min=1, help="Monte Carlo paths (default: the scenario's).")] = None,
    seed: Annotated[int | None, typer.Option("--seed", min=0, help="Seed (default: the scenario's).")] = None,
    executor: Annotated[str, typer.Option("--executor", help="serial, threads, processes or dask (results are identical).")] = "serial",
    workers: Annotated[int | None, typer.Option("--workers", min=1, help="Workers for threads / processes / dask.")] = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help=SCHEDULER_HELP)] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Output folder (default outputs/sensitivity-<scenario name>).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help=QUIET_HELP)] = False,
) -> None:
    """Which assumptions drive the High Needs deficit, the MTFP gap and balances: a tornado (low/high) and Morris screening."""
    if method not in ("oat", "morris"):
        fail_bad_input(BadInputError("(command line)", "--method", method, "oat or morris"))
    if statistic not in ("p50", "mean"):
        fail_bad_input(BadInputError("(command line)", "--statistic", statistic, "p50 or mean"))
    try:
        check_scheduler_option(executor, scheduler)
        out_dir = output_folder(out, "", "sensitivity") if out is not None else None
        from sefton_sim.outputs.folders import atomic_folder, write_manifest
        from sefton_sim.scenario.finance import financial_year_label
        from sefton_sim.simulate.executors import make_executor
        from sefton_sim.simulate.run import prepare
        from sefton_sim.studies.prepared import PreparedModel
        from sefton_sim.studies.ranges import assumptions_table, ranged_assumptions
        from sefton_sim.studies.sensitivity import OUTCOMES, readable, run_sensitivity, top_drivers, tornado_chart, year_indices

        chosen_years = _split(years)
        compile_ahead(console, quiet)
        inputs = prepare(scenario, paths, seed)
        out_dir = out_dir or output_folder(None, f"sensitivity-{inputs.scenario.name}", "sensitivity")
        labels = [financial_year_label(inputs.first_financial_year + y) for y in range(inputs.scenario.horizon_years)]
        year_indices(labels, chosen_years)  # refused before anything is simulated
        compile_with_notice(inputs, console, quiet)
        assumptions = ranged_assumptions(inputs)
        if only:
            words = _split(only)
            assumptions = [a for a in assumptions if any(w in a.key for w in words)]
        pool = make_executor(executor, workers, scheduler)
        try:
            with progress_reporter(quiet) as progress:
                t0 = time.perf_counter()
                model = PreparedModel(inputs, pool)
                one_run_seconds = time.perf_counter() - t0
                result = run_sensitivity(model, assumptions, chosen_years, method, statistic, trajectories, progress)  # type: ignore[arg-type]
        finally:
            pool.close()
        with atomic_folder(out_dir, "sensitivity") as folder:
            result.tornado.write_csv(folder / "sensitivity_tornado.csv")
            assumptions_table(assumptions).write_csv(folder / "sensitivity_assumptions.csv")
            if result.morris is not None:
                result.morris.write_csv(folder / "sensitivity_morris.csv")
            for outcome in OUTCOMES:
                for year in chosen_years:
                    tornado_chart(folder / f"tornado_{outcome}_{year.replace('/', '_')}.png", result.tornado, outcome, year)
            write_manifest(
                folder,
                {
                    "scenario": inputs.scenario.name,
                    "scenario_files": [str(f) for f in inputs.scenario_files],
                    "paths": inputs.scenario.paths,
                    "seed": inputs.scenario.seed,
                    "method": method,
                    "statistic": statistic,
                    "years": chosen_years,
                    "assumptions": len(assumptions),
                    "cases": result.cases,
                    "engine_runs": result.engine_runs,
                    "ledger_runs": model.ledger_runs,
                    "base_run_seconds": one_run_seconds,
                    "cases_seconds": result.seconds,
                    "executor": executor,
                },
                "sensitivity",
            )
    except BadInputError as exc:
        fail_bad_input(exc)
        return
    year = "2027/28" if "2027/28" in chosen_years else chosen_years[0]
    top = top_drivers(result.tornado, "high_needs_cumulative_deficit_gbp_m", year, 5).select(
        "rank", "assumption", "low_value", "central_value", "high_value", "outcome_at_low", "outcome_central", "outcome_at_high", "swing"
    )
    top = top.with_columns(pl.col(c).map_elements(readable, return_dtype=pl.String) for c in ("low_value", "central_value", "high_value"))
    print_table(top, f"Top drivers of the High Needs cumulative deficit in {year} (£m, {statistic} of {inputs.scenario.paths} paths)", money=True)
    if result.morris is not None:
        morris = result.morris.filter((pl.col("outcome") == "high_needs_cumulative_deficit_gbp_m") & (pl.col("financial_year") == year)).head(5)
        print_table(
            morris.select("rank", "assumption", "mu_star", "mu_star_conf", "sigma"),
            f"Morris screening, High Needs cumulative deficit {year}",
            money=True,
        )
    ratio = result.seconds / one_run_seconds if one_run_seconds > 0 else float("nan")
    console.print(
        f"{len(assumptions)} assumptions, {result.cases} cases in {result.seconds:.1f} s = {ratio:.1f} x one run ({one_run_seconds:.2f} s); "
        f"engine passes {result.engine_runs}, ledger runs {model.ledger_runs}."
    )
    console.print(f"Output folder: {out_dir}", soft_wrap=True)


def goal_seek(
    lever: Annotated[str, typer.Argument(help="request-trend, places, graduated-share, council-tax or savings-total.")],
    target: Annotated[str, typer.Argument(help="hn-balance, inmss-flat or balances-floor.")],
    scenario: Annotated[Path, typer.Option("--scenario", help="Scenario TOML file.")],
    year: Annotated[str | None, typer.Option("--year", help="Financial year of the target (default: the last of the run).")] = None,
    confidence: Annotated[
        float | None, typer.Option("--confidence", help="Share of paths that must meet it (default 0.5; 0.9 for balances-floor).")
    ] = None,
    project: Annotated[str | None, typer.Option("--project", help="For the places lever: a project of send_candidate_projects.csv.")] = None,
    low: Annotated[float | None, typer.Option("--low", help="Low end of the lever's range (default: the lever's).")] = None,
    high: Annotated[float | None, typer.Option("--high", help="High end of the lever's range (default: the lever's).")] = None,
    tolerance: Annotated[
        float | None, typer.Option("--tolerance", help="Stop bisecting when the bracket is this narrow (default: range / 256).")
    ] = None,
    paths: Annotated[int | None, typer.Option("--paths", min=1, help="Monte Carlo paths (default: the scenario's).")] = None,
    seed: Annotated[int | None, typer.Option("--seed", min=0, help="Seed (default: the scenario's).")] = None,
    executor: Annotated[str, typer.Option("--executor", help="serial, threads, processes or dask (results are identical).")] = "serial",
    workers: Annotated[int | None, typer.Option("--workers", min=1, help="Workers for threads / processes / dask.")] = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help=SCHEDULER_HELP)] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Output folder (default outputs/goal-seek-<lever>-<target>).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help=QUIET_HELP)] = False,
) -> None:
    """Find the value of one lever at which a target is met, with its band across futures and the runs it took.

    Exits 3 (and still writes the folder with the search trace) when the target cannot be met within the lever's range.
    """
    try:
        check_scheduler_option(executor, scheduler)
        from sefton_sim.studies.goal_seek import TARGETS

        if target not in TARGETS:
            raise BadInputError("(command line)", "TARGET", target, ", ".join(TARGETS))
        out_dir = output_folder(out, f"goal-seek-{lever}-{target}", "goal-seek")
        from sefton_sim.outputs.folders import atomic_folder, write_manifest
        from sefton_sim.simulate.executors import make_executor
        from sefton_sim.simulate.run import prepare
        from sefton_sim.studies.goal_seek import goal_seek as run_goal_seek
        from sefton_sim.studies.goal_seek import make_lever
        from sefton_sim.studies.prepared import PreparedModel

        compile_ahead(console, quiet)
        inputs = prepare(scenario, paths, seed)
        compile_with_notice(inputs, console, quiet)
        pool = make_executor(executor, workers, scheduler)
        try:
            with progress_reporter(quiet) as progress:
                model = PreparedModel(inputs, pool)
                labels = model.evaluate().year_labels
                chosen = year or labels[-1]
                the_lever = make_lever(model, lever, project, low, high)
                the_target = TARGETS[target](chosen)
                t0 = time.perf_counter()
                result = run_goal_seek(model, the_lever, the_target, confidence, tolerance, progress)
                seconds = time.perf_counter() - t0
        finally:
            pool.close()
        with atomic_folder(out_dir, "goal-seek") as folder:
            result.trace_table().write_csv(folder / "goal_seek_trace.csv")
            result.answer_table().write_csv(folder / "goal_seek_answer.csv")
            write_manifest(
                folder,
                {
                    "scenario": inputs.scenario.name,
                    "scenario_files": [str(f) for f in inputs.scenario_files],
                    "paths": inputs.scenario.paths,
                    "seed": inputs.scenario.seed,
                    "lever": the_lever.name,
                    "lever_description": the_lever.description,
                    "lever_range": [the_lever.low, the_lever.high],
                    "target": the_target.description,
                    "confidence": result.confidence,
                    "status": result.status,
                    "explanation": result.explanation,
                    "runs": len(result.trace),
                    "engine_runs": result.engine_runs,
                    "search_seconds": seconds,
                    "executor": executor,
                },
                "goal-seek",
            )
    except BadInputError as exc:
        fail_bad_input(exc)
        return
    answers = result.answer_table().drop("lever", "target", "status")
    answers = answers.with_columns(
        pl.col("share_of_paths").map_elements(lambda v: f"{v:.0%}", return_dtype=pl.String),
        pl.col("lever_value").map_elements(lambda v: f"{v:.4g}", return_dtype=pl.String),
    )
    print_table(answers, f"goal-seek: {the_lever.description} for: {the_target.description}")
    console.print(f"{result.explanation}.", soft_wrap=True, markup=False, highlight=False)
    console.print(
        f"{len(result.trace)} runs in {seconds:.1f} s on common random numbers ({inputs.scenario.paths} paths, seed {inputs.scenario.seed})."
    )
    console.print(f"Output folder: {out_dir}", soft_wrap=True)
    if result.status == "unreachable":
        raise InfeasibleError(result.explanation)
