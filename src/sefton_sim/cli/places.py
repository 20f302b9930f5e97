"""``sefton-sim optimise places``: which in-borough SEND places to open, and when."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import polars as pl
import typer

from sefton_sim.cli.common import QUIET_HELP
from sefton_sim.cli.optimise import optimise_app
from sefton_sim.model import states as st


def _programme_view(programme: pl.DataFrame) -> pl.DataFrame:
    if programme.height == 0:
        return pl.DataFrame({"project": ["(nothing: no project pays for itself within the horizon)"]})
    return programme.select(
        "project",
        "setting",
        "age_bands",
        "needs",
        "places",
        pl.col("opens").cast(pl.String),
        (pl.col("capital_cost_gbp") / 1e6).alias("capital £m"),
    )


def _values_view(values: pl.DataFrame) -> pl.DataFrame:
    """£k per place per year by phase (rows) and need (columns): the better of unit and special."""
    best = (
        values.group_by("age_band", "need")
        .agg((pl.col("value_gbp_per_place_per_year").max() / 1e3).alias("v"))
        .pivot(on="need", index="age_band", values="v")
    )
    order = {b: i for i, b in enumerate(st.AGE_BANDS)}
    best = best.with_columns(pl.col("age_band").replace_strict(order, return_dtype=pl.Int64).alias("_o")).sort("_o").drop("_o")
    needs = [n for n in st.NEEDS if n in best.columns]
    return best.select("age_band", *needs).rename({"age_band": "phase (£k per place per year)"})


def _reconciliation_view(table: pl.DataFrame) -> pl.DataFrame:
    return table.select(
        "sample",
        "engine",
        "paths",
        pl.col("saving_gbp_m").alias("saving £m"),
        pl.col("saving_standard_error_gbp_m").alias("s.e. £m"),
        pl.col("difference_pct_of_optimiser").alias("vs claim %"),
        "reason",
    )


def _projects_view(projects: pl.DataFrame) -> pl.DataFrame:
    return projects.select(
        "project",
        "financial_year",
        "places",
        (pl.col("capital_gbp") / 1e6).alias("capital"),
        (pl.col("running_cost_gbp") / 1e6).alias("running"),
        (pl.col("expected_avoided_cost_gbp") / 1e6).alias("avoided (exp)"),
        (pl.col("p90_avoided_cost_gbp") / 1e6).alias("avoided P90"),
        (pl.col("npv_gbp") / 1e6).alias("NPV"),
        pl.when(pl.col("payback_extrapolated"))
        .then(pl.col("payback_financial_year") + " (extrap.)")
        .otherwise(pl.col("payback_financial_year"))
        .alias("payback"),
    )


@optimise_app.command("places")
def places(
    scenario_files: Annotated[
        list[Path],
        typer.Argument(
            help="Scenario TOML file(s): one for a programme and its reconciliation; several (e.g. baseline.toml faster_growth.toml) "
            "for one programme robust across them (see --objective)."
        ),
    ],
    scenarios: Annotated[int, typer.Option("--scenarios", min=1, max=2000, help="Simulated demand paths used as scenarios.")] = 50,
    profile: Annotated[str, typer.Option("--profile", help="Solver profile: solvers/<name>.toml (highs, cbc) or a path.")] = "highs",
    seed: Annotated[
        int | None, typer.Option("--seed", min=0, help="Seed of the in-sample paths (default: the scenario's); out-of-sample uses seed + 1.")
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Output folder (default outputs/places-<scenario name>).")] = None,
    min_places: Annotated[int, typer.Option("--min-places", min=0, help="Require at least this many new places over the horizon.")] = 0,
    oos_paths: Annotated[int, typer.Option("--oos-paths", min=2, max=100_000, help="Fresh paths for the out-of-sample check.")] = 100,
    discount_rate: Annotated[
        float,
        typer.Option(
            "--discount-rate", min=0.0, max=0.5, help="Discount rate per year for each project's NPV (default 3.5%: HM Treasury Green Book)."
        ),
    ] = 0.035,
    objective: Annotated[
        str,
        typer.Option("--objective", help="expected | cvar | regret: over the scenarios given (several scenarios, or cvar over one)."),
    ] = "expected",
    alpha: Annotated[float, typer.Option("--alpha", min=0.5, max=0.99, help="CVaR level: the mean of the worst 1 - alpha share of paths.")] = 0.9,
    quiet: Annotated[bool, typer.Option("--quiet", help=QUIET_HELP)] = False,
) -> None:
    """Choose which candidate projects to open and when (two-stage stochastic MILP), compare with
    doing nothing (expected and P90 cost, in- and out-of-sample), value one more place by need
    and phase, and write the programme as a scenario that `run` and `compare` accept."""
    from sefton_sim.cli.common import console, fail_bad_input, output_folder, print_table, progress_reporter
    from sefton_sim.cli.compile_notice import compile_ahead, compile_with_notice
    from sefton_sim.compile_cache import kernels_compiled
    from sefton_sim.errors import BadInputError
    from sefton_sim.optimise.place_study import run_place_study
    from sefton_sim.outputs.folders import atomic_folder, output_files, write_manifest
    from sefton_sim.outputs.report import REPORT_FILE, write_report
    from sefton_sim.scenario import load_scenario
    from sefton_sim.simulate.run import prepare

    if len(scenario_files) > 1 or objective != "expected":
        _robust(scenario_files, scenarios, seed, profile, out, objective, alpha)
        return
    scenario = scenario_files[0]
    try:
        scen, _ = load_scenario(scenario)
        out_dir = output_folder(out, f"places-{scen.name}", "optimise-places")
        compile_ahead(console)
        if not kernels_compiled():  # the child could not compile: compile here, on a small load
            compile_with_notice(prepare(scenario, paths=2), console)
        with atomic_folder(out_dir, "optimise-places") as folder:
            with progress_reporter(quiet) as progress:
                study = run_place_study(
                    scenario, folder, scenarios, seed, profile, min_places, oos_paths, discount_rate_per_year=discount_rate, progress=progress
                )
            study.solution.programme.write_csv(folder / "programme.csv")
            study.costs.write_csv(folder / "costs.csv")
            study.values.write_csv(folder / "place_values.csv")
            study.reconciliation.write_csv(folder / "place_reconciliation.csv")
            study.projects.write_csv(folder / "place_projects.csv")
            study.calibration.write_csv(folder / "place_calibration.csv")
            files = output_files(folder) + ["manifest.json", REPORT_FILE]
            write_manifest(folder, {**study.manifest(), "files": sorted(files)}, "optimise-places")
            write_report(folder, "optimise-places")
    except BadInputError as exc:
        fail_bad_input(exc)
        return
    report = study.solution.report
    gap = "n/a" if report.gap is None else f"{100 * report.gap:.2f}%"
    title = (
        f"{scen.name}: {study.demand.scenarios} scenarios, seed {study.seed}, {study.demand.financial_years[0]}-{study.demand.financial_years[-1]}"
    )
    print_table(_programme_view(study.solution.programme), f"{title} - place programme", money=True)
    print_table(study.costs, "Total cost over the horizon (£m, 2023/24 prices): do-nothing vs programme", money=True)
    print_table(_reconciliation_view(study.reconciliation), "One truth: the programme's saving (£m over the horizon) on one definition", money=True)
    agreed = study.manifest()["reconciliation"]
    console.print(
        f"In-sample: optimiser £{agreed['claimed_saving_gbp_m']:.2f}m, re-simulated £{agreed['resimulated_saving_gbp_m']:.2f}m "
        f"(standard error £{agreed['resimulated_standard_error_gbp_m']:.2f}m): difference {100 * agreed['difference_share']:.1f}% "
        f"({'within' if agreed['within_target'] else 'outside'} the 10% target; "
        f"{'within' if agreed['within_two_standard_errors'] else 'outside'} two standard errors)",
        soft_wrap=True,
    )
    if study.projects.height:
        print_table(_projects_view(study.projects), f"Each project (£m, 2023/24 prices; NPV at {100 * discount_rate:.1f}% a year)", money=True)
    print_table(
        _values_view(study.values),
        "Value of a place (simulated INMSS cost avoided, £k per place per year, before its running cost)",
        money=True,
    )
    console.print(
        f"Solver {report.backend}: {report.status}, objective £{(report.objective or 0) / 1e6:,.2f}m "
        f"(total £{study.solution.objective_total_gbp / 1e6:,.1f}m), gap {gap}, {report.solve_seconds:.2f} s",
        soft_wrap=True,
    )
    console.print(f"Programme scenario: {out_dir.resolve() / study.programme_scenario.name}", soft_wrap=True)
    console.print(f"Output folder: {out_dir.resolve()}", soft_wrap=True)


def _robust(scenario_files: list[Path], scenarios: int, seed: int | None, profile: str, out: Path | None, objective: str, alpha: float) -> None:
    """``optimise places A.toml B.toml ... --objective expected|cvar|regret``."""
    from sefton_sim.cli.common import console, fail_bad_input, output_folder, print_table
    from sefton_sim.cli.compile_notice import compile_ahead, compile_with_notice
    from sefton_sim.compile_cache import kernels_compiled
    from sefton_sim.errors import BadInputError
    from sefton_sim.optimise.place_robust import OBJECTIVES, run_robust_study
    from sefton_sim.outputs.folders import atomic_folder, output_files, write_manifest
    from sefton_sim.scenario import load_scenario
    from sefton_sim.simulate.run import prepare

    try:
        if objective not in OBJECTIVES:
            raise BadInputError("(command line)", "--objective", objective, f"one of {', '.join(OBJECTIVES)}")
        names = [load_scenario(path)[0].name for path in scenario_files]
        out_dir = output_folder(out, f"places-robust-{objective}-{'-'.join(names)}", "optimise-places")
        compile_ahead(console)
        if not kernels_compiled():  # the child could not compile: compile here, on a small load
            compile_with_notice(prepare(scenario_files[0], paths=2), console)
        with atomic_folder(out_dir, "optimise-places") as folder:
            study = run_robust_study(scenario_files, scenarios, seed, profile, objective, alpha)  # type: ignore[arg-type]
            study.programme.write_csv(folder / "programme.csv")
            study.table.write_csv(folder / "place_robust_programmes.csv")
            manifest = {
                "command": "optimise places (robust)",
                "objective": objective,
                "alpha": alpha,
                "scenarios": names,
                "scenario_files": [str(p.resolve()) for p in scenario_files],
                "paths_per_scenario": scenarios,
                "seed": seed,
                "solver": {
                    "status": study.report.status,
                    "gap": study.report.gap,
                    "solve_seconds": study.report.solve_seconds,
                    "backend": study.report.backend,
                },
                "seconds": study.seconds,
            }
            write_manifest(folder, {**manifest, "files": sorted(output_files(folder) + ["manifest.json"])}, "optimise-places")
    except BadInputError as exc:
        fail_bad_input(exc)
        return
    print_table(_programme_view(study.programme), f"Programme chosen by {objective} over {', '.join(names)} ({scenarios} paths each)", money=True)
    view = study.table.select(
        "programme",
        "scenario",
        "places",
        pl.col("expected_cost_gbp_m").alias("cost £m"),
        pl.col("p90_cost_gbp_m").alias("P90 cost £m"),
        pl.col("avoided_cost_gbp_m").alias("avoided £m"),
        pl.col("net_saving_gbp_m").alias("net saving £m"),
        pl.col("regret_gbp_m").alias("regret £m"),
        pl.col("inmss_children_final_year").alias("INMSS (last year)"),
    )
    print_table(view, "Each programme in each scenario (simulated on that scenario's paths; £m over the horizon, 2023/24 prices)", money=True)
    console.print(f"Output folder: {out_dir.resolve()}", soft_wrap=True)
