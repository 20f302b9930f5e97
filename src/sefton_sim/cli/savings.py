"""``sefton-sim optimise savings``: the savings portfolio that keeps general balances above the floor.

Runs the scenario without a plan, builds and solves the chance-constrained savings model
(``sefton_sim.optimise.savings*``), then writes one output folder (atomically): ``plan.csv``,
``options.csv``, ``probabilities.csv`` (in sample and on fresh paths), the plan as a scenario
(``scenario/<base>_savings_plan.toml`` beside copies of the base chain), fan charts of general
balances under the plan, and ``manifest.json`` (solver status, objective, bound, gap, timings).
The plan is checked on fresh futures and re-solved tighter until it holds (``robustness_rounds.csv``;
the verdict is printed and in the manifest). Bad input exits 2; an α the options cannot meet
writes the explanation tables (``infeasible_explanation.csv``, ``shortfall_by_year.csv``,
``achievable_shares.csv``) and exits 3 with the reason in a few plain lines.
"""

from __future__ import annotations

import time
from importlib import metadata
from pathlib import Path
from typing import Annotated

import numpy as np
import polars as pl
import typer

from sefton_sim.cli.common import QUIET_HELP, progress_reporter
from sefton_sim.cli.optimise import optimise_app
from sefton_sim.errors import BadInputError, InfeasibleError

PLAN_SUFFIX = "_savings_plan"


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _probabilities_for_print(table: pl.DataFrame) -> pl.DataFrame:
    return table.select(
        "sample",
        "financial_year",
        (100 * pl.col("p_balanced_without_plan")).alias("P(balanced) without plan %"),
        (100 * pl.col("p_balanced_with_plan")).alias("P(balanced) with plan %"),
    )


def _plan_for_print(plan: pl.DataFrame, pct_decimals: int) -> pl.DataFrame:
    return plan.select(
        pl.col("financial_year").alias("financial year"),
        pl.col("savings_expected_gbp_m").alias("savings expected £m"),
        pl.col("one_off_costs_gbp_m").alias("one-off costs £m"),
        pl.col("further_savings_to_identify_gbp_m").alias("still to identify £m"),
        pl.col("savings_total_expected_gbp_m").alias("savings total £m"),
        pl.col("council_tax_increase_pct").map_elements(lambda v: f"{v:.{pct_decimals}f}", return_dtype=pl.String).alias("council tax %"),
        pl.col("council_tax_change_vs_no_plan_gbp_m").alias("council tax vs no plan £m"),
        pl.col("earmarked_reserves_used_gbp_m").alias("earmarked reserves (funding) £m"),
        pl.col("funding_total_gbp_m").alias("funding total £m"),
        pl.col("plan_total_expected_gbp_m").alias("plan total expected £m"),
        pl.col("gap_no_plan_p50_gbp_m").alias("gap without plan p50 £m"),
    )


def _options_for_print(decisions: pl.DataFrame) -> pl.DataFrame:
    last = [c for c in decisions.columns if c.startswith("saving_")][-1]
    return decisions.filter(pl.col("taken") != "no").select(
        "option",
        pl.when(pl.col("kind") == "saving").then(pl.lit("saving")).otherwise(pl.lit("funding")).alias("line"),
        pl.col("taken").alias("taken (years for council tax)"),
        pl.col("service_impact_score").alias("impact score"),
        (100 * pl.col("delivery_probability")).alias("delivery %"),
        pl.col("one_off_cost_gbp_m").alias("one-off cost £m"),
        pl.col(last).alias(f"{last.removeprefix('saving_').removesuffix('_gbp_m').replace('_', '/')} saving £m"),
    )


@optimise_app.command("savings")
def savings(
    scenario: Annotated[Path, typer.Argument(help="Scenario TOML file (the no-plan base).")],
    alpha: Annotated[
        float | None, typer.Option("--alpha", help="Share of futures that must keep general balances at or above the floor (default 0.9).")
    ] = None,
    paths: Annotated[int | None, typer.Option("--paths", min=1, help="Simulated futures to plan on (default: the scenario's).")] = None,
    profile: Annotated[str | None, typer.Option("--profile", help="Solver profile: highs (default), cbc or a profile TOML.")] = None,
    impact_weight: Annotated[float | None, typer.Option("--impact-weight", help="Objective weight of one service impact point (default 1).")] = None,
    tax_weight: Annotated[
        float | None, typer.Option("--tax-weight", help="Objective weight of one point of council tax increase in one year (default 1).")
    ] = None,
    chance: Annotated[str | None, typer.Option("--chance", help="joint (every year on the same path; default) or per_year.")] = None,
    allow_unidentified: Annotated[
        bool | None,
        typer.Option(
            "--allow-unidentified/--no-unidentified", help="Allow further savings still to be identified as a balancing item (default off)."
        ),
    ] = None,
    horizon_years: Annotated[int | None, typer.Option("--horizon-years", min=1, max=15, help="Financial years (default: the scenario's).")] = None,
    oos_paths: Annotated[
        int | None, typer.Option("--oos-paths", min=1, help="Fresh futures for the out-of-sample check (default: as many as planned on).")
    ] = None,
    options_file: Annotated[
        Path | None, typer.Option("--options", help="Savings options table (default: savings_options.csv in the data folder).")
    ] = None,
    settings_file: Annotated[
        Path | None, typer.Option("--settings", help="Settings TOML (keys at the top or under [optimise.savings]); command-line options win.")
    ] = None,
    max_rounds: Annotated[
        int | None,
        typer.Option("--max-rounds", min=1, max=10, help="Solves at most, tightening until the plan holds on fresh futures (default 4)."),
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Output folder (default outputs/optimise-savings-<scenario>).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help=QUIET_HELP)] = False,
) -> None:
    """Choose savings options, council tax increases and reserve draws that keep general balances
    above the floor in at least α of simulated futures, at the least service impact and tax burden."""
    from sefton_sim.cli import common as cli
    from sefton_sim.cli.compile_notice import compile_ahead, compile_with_notice
    from sefton_sim.optimise.savings import OPTIONS_FILE, load_savings_options, load_savings_settings
    from sefton_sim.optimise.savings_charts import reserves_fan_chart
    from sefton_sim.optimise.savings_evaluation import probabilities_table
    from sefton_sim.optimise.savings_infeasible import INFEASIBLE_FILES, write_infeasible_folder
    from sefton_sim.optimise.savings_inputs import savings_inputs
    from sefton_sim.optimise.savings_plan import (
        balances_with_plan,
        copy_scenario_chain,
        council_tax_decimals,
        extract_plan,
        options_decisions,
        plan_to_scenario,
    )
    from sefton_sim.optimise.savings_robust import PlanChecker, rounds_table, solve_until_it_holds
    from sefton_sim.optimise.savings_solve import SavingsInfeasibleError, solve_wording
    from sefton_sim.optimise.solver import load_profile
    from sefton_sim.outputs.folders import atomic_folder, output_files, write_manifest
    from sefton_sim.outputs.report import REPORT_FILE, write_report
    from sefton_sim.simulate.run import prepare, require_all_money, simulate

    timings: dict[str, float] = {}
    try:
        settings = load_savings_settings(
            settings_file,
            {
                "alpha": alpha,
                "paths": paths,
                "profile": profile,
                "impact_weight": impact_weight,
                "tax_weight": tax_weight,
                "chance": chance,
                "unidentified_savings": allow_unidentified,
                "horizon_years": horizon_years,
                "out_of_sample_paths": oos_paths,
                "options_file": None if options_file is None else str(options_file),
                "max_rounds": max_rounds,
            },
        )
        solver_profile = load_profile(settings.profile)
        t0 = time.perf_counter()
        compile_ahead(cli.console)
        inputs_run = prepare(scenario, settings.paths, None, settings.horizon_years)
        require_all_money(inputs_run)  # the savings optimiser works on the General Fund
        compile_with_notice(inputs_run, cli.console)
        out_dir = cli.output_folder(out, f"optimise-savings-{inputs_run.scenario.name}", "optimise-savings")
        result = simulate(inputs_run)
        timings["simulate_seconds"] = time.perf_counter() - t0
        scen = result.scenario
        assert result.ledgers is not None
        labels = result.ledgers.assumptions.year_labels()
        options_path = Path(settings.options_file) if settings.options_file else result.data.folder / OPTIONS_FILE
        options = load_savings_options(options_path, labels)
        inputs = savings_inputs(result, options)
    except BadInputError as exc:
        cli.fail_bad_input(exc)
        return

    base_stem = Path(scenario).stem
    oos_paths_n = settings.out_of_sample_paths or inputs.paths
    oos_seed = scen.seed + settings.out_of_sample_seed_offset
    check = PlanChecker(
        Path(scenario), result.scenario_files, result.data.folder, scen.finance.savings, oos_paths_n, oos_seed, settings.horizon_years
    )
    t0 = time.perf_counter()
    try:
        with progress_reporter(quiet) as progress:
            outcome = solve_until_it_holds(
                inputs,
                options,
                settings.alpha,
                settings.weights,
                settings.chance,
                settings.unidentified_savings,
                solver_profile,
                check,
                settings.max_rounds,
                progress,
            )
    except SavingsInfeasibleError as exc:
        folder_written = write_infeasible_folder(
            out_dir,
            exc,
            {
                "command": "optimise savings",
                "scenario": str(Path(scenario).resolve()),
                "settings": settings.model_dump(mode="json"),
                "seed": scen.seed,
                "paths": inputs.paths,
                "solver": {"profile": solver_profile.model_dump(mode="json"), "status": "infeasible"},
            },
        )
        raise InfeasibleError(f"{exc}\n  tables: {folder_written}/{{{', '.join(INFEASIBLE_FILES)}}}") from None
    timings["solve_and_check_seconds"] = time.perf_counter() - t0
    problem, handles, report, plan, oos = outcome.problem, outcome.handles, outcome.report, outcome.plan, outcome.oos
    timings["build_seconds"] = handles.build_seconds
    timings["solve_seconds"] = report.solve_seconds
    timings["out_of_sample_seconds"] = oos.seconds
    t0 = time.perf_counter()
    plan_table = extract_plan(handles)
    decisions = options_decisions(handles)
    in_sample_with = balances_with_plan(inputs, options, plan)
    timings["extract_seconds"] = time.perf_counter() - t0
    wording = solve_wording(report)

    try:
        with atomic_folder(out_dir, "optimise-savings") as folder:
            scenario_folder = folder / "scenario"
            copy_scenario_chain(result.scenario_files, scenario_folder, result.data.folder)
            plan_file = plan_to_scenario(
                plan,
                base_stem,
                scenario_folder / f"{base_stem}{PLAN_SUFFIX}.toml",
                base_savings=scen.finance.savings,
                data_folder=result.data.folder,
            )
            probabilities = probabilities_table(inputs, in_sample_with, oos)
            rounds_table(outcome).write_csv(folder / "robustness_rounds.csv")
            plan_table.write_csv(folder / "plan.csv")
            decisions.write_csv(folder / "options.csv")
            probabilities.write_csv(folder / "probabilities.csv")
            reserves_fan_chart(
                folder / "fan_general_balances_with_plan.png",
                labels,
                oos.balances_with_gbp_m,
                oos.floor_with_gbp_m,
                oos.balances_without_gbp_m,
                f"General balances under the savings plan - {scen.name}, {oos.paths} fresh futures",
            )
            reserves_fan_chart(
                folder / "fan_general_balances_with_plan_in_sample.png",
                labels,
                in_sample_with,
                inputs.floor_gbp_m,
                inputs.balances_no_plan_gbp_m,
                f"General balances under the savings plan - {scen.name}, {inputs.paths} planning futures",
            )
            final_scenario_folder = out_dir.resolve() / "scenario"
            write_manifest(
                folder,
                {
                    "command": "optimise savings",
                    "scenario": str(Path(scenario).resolve()),
                    "scenario_files": [str(p.resolve()) for p in result.scenario_files],
                    "plan_scenario": str(final_scenario_folder / plan_file.name),
                    "options_file": str(options_path.resolve()),
                    "settings": settings.model_dump(mode="json"),
                    "seed": scen.seed,
                    "paths": inputs.paths,
                    "horizon_years": scen.horizon_years,
                    "delivery_draws": inputs.draws_seed,
                    "out_of_sample": {
                        "seed": oos_seed,
                        "paths": oos.paths,
                        "share_at_or_above_floor": outcome.achieved_share,
                        "holds": outcome.holds,
                        "rounds": len(outcome.rounds),
                        "verdict": outcome.verdict(),
                    },
                    "solver": {
                        "profile": solver_profile.model_dump(mode="json"),
                        "status": report.status,
                        "status_wording": wording,
                        "objective": report.objective,
                        "best_bound": report.best_bound,
                        "mip_gap": report.gap,
                        "pulp_version": _version("pulp"),
                        "highspy_version": _version("highspy"),
                        "variables": len(problem.variables()),
                        "constraints": len(problem.constraints()),
                    },
                    "plan": {
                        "options_taken": list(plan.taken_names),
                        "council_tax_increase_pct": dict(zip(labels, map(float, plan.council_tax_increase_pct))),
                        "further_savings_to_identify_gbp_m": None
                        if plan.further_savings_gbp_m is None
                        else dict(zip(labels, map(float, np.cumsum(plan.further_savings_gbp_m)))),
                    },
                    "timings_seconds": timings,
                    "files": sorted(output_files(folder) + ["manifest.json", REPORT_FILE]),
                },
                "optimise-savings",
            )
            write_report(folder, "optimise-savings")
    except BadInputError as exc:
        cli.fail_bad_input(exc)
        return

    title = f"{scen.name}: {inputs.paths} futures, seed {scen.seed}, α = {settings.alpha:g} ({settings.chance})"
    cli.print_table(_options_for_print(decisions), f"Options taken - {title}", money=True)
    cli.print_table(
        _plan_for_print(plan_table, council_tax_decimals(inputs, options)),
        "Savings plan by financial year (£m; savings expected = delivery probability x amount; reserves and council tax are funding)",
        money=True,
    )
    cli.print_table(_probabilities_for_print(probabilities), "P(general balances at or above the floor): without and with the plan", money=True)
    objective = "n/a" if report.objective is None else f"{report.objective:,.3f}"
    cli.console.print(f"Solver {solver_profile.name}: {wording}, objective {objective}, {report.solve_seconds:.2f} s", soft_wrap=True)
    cli.console.print(outcome.verdict(), soft_wrap=True, markup=False)
    cli.console.print(f"Output folder: {out_dir.resolve()}", soft_wrap=True)
