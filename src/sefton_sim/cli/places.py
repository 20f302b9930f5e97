"""``sefton-sim optimise places``: which in-borough SEND places to open, and when."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import polars as pl
import typer

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


@optimise_app.command("places")
def places(
    scenario: Annotated[Path, typer.Argument(help="Scenario TOML file (its demand, places and data folder).")],
    scenarios: Annotated[int, typer.Option("--scenarios", min=1, max=2000, help="Simulated demand paths used as scenarios.")] = 50,
    profile: Annotated[str, typer.Option("--profile", help="Solver profile: solvers/<name>.toml (highs, cbc) or a path.")] = "highs",
    seed: Annotated[
        int | None, typer.Option("--seed", min=0, help="Seed of the in-sample paths (default: the scenario's); out-of-sample uses seed + 1.")
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Output folder (default outputs/places-<scenario name>).")] = None,
    min_places: Annotated[int, typer.Option("--min-places", min=0, help="Require at least this many new places over the horizon.")] = 0,
    oos_paths: Annotated[int, typer.Option("--oos-paths", min=1, max=100_000, help="Fresh paths for the out-of-sample check.")] = 100,
) -> None:
    """Choose which candidate projects to open and when (two-stage stochastic MILP), compare with
    doing nothing (expected and P90 cost, in- and out-of-sample), value one more place by need
    and phase, and write the programme as a scenario that `run` and `compare` accept."""
    from sefton_sim.cli.common import console, fail_bad_input, output_folder, print_table
    from sefton_sim.cli.compile_notice import compile_with_notice
    from sefton_sim.errors import BadInputError
    from sefton_sim.optimise.place_study import run_place_study
    from sefton_sim.outputs.folders import atomic_folder, output_files, write_manifest
    from sefton_sim.outputs.report import REPORT_FILE, write_report
    from sefton_sim.scenario import load_scenario
    from sefton_sim.simulate.run import prepare

    try:
        scen, _ = load_scenario(scenario)
        out_dir = output_folder(out, f"places-{scen.name}", "optimise-places")
        compile_with_notice(prepare(scenario, paths=2), console)
        with atomic_folder(out_dir, "optimise-places") as folder:
            study = run_place_study(scenario, folder, scenarios, seed, profile, min_places, oos_paths)
            study.solution.programme.write_csv(folder / "programme.csv")
            study.costs.write_csv(folder / "costs.csv")
            study.values.write_csv(folder / "place_values.csv")
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
    print_table(
        _values_view(study.values),
        "Value of one more place (expected INMSS cost avoided, £k per place per year, before its running cost)",
        money=True,
    )
    console.print(
        f"Solver {report.backend}: {report.status}, objective £{(report.objective or 0) / 1e6:,.2f}m "
        f"(total £{study.solution.objective_total_gbp / 1e6:,.1f}m), gap {gap}, {report.solve_seconds:.2f} s",
        soft_wrap=True,
    )
    console.print(f"Programme scenario: {out_dir.resolve() / study.programme_scenario.name}", soft_wrap=True)
    console.print(f"Output folder: {out_dir.resolve()}", soft_wrap=True)
