"""``scenario-set`` and ``variance``: the Cabinet scenario set with its bridge, and where the band comes from."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sefton_sim.cli.common import console, fail_bad_input, output_folder, print_table
from sefton_sim.cli.compile_notice import compile_ahead
from sefton_sim.errors import BadInputError


def scenario_set(
    scenarios: Annotated[
        list[Path] | None, typer.Argument(help="Scenario TOML files (default: the shipped unmitigated, mitigated, high_growth, low_growth).")
    ] = None,
    paths: Annotated[int | None, typer.Option("--paths", min=1, help="Monte Carlo paths for every scenario (default: each scenario's).")] = None,
    seed: Annotated[int | None, typer.Option("--seed", min=0, help="Seed for every scenario (default: each scenario's).")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Output folder (default outputs/scenario-set).")] = None,
) -> None:
    """Run the scenario set on common random numbers: each scenario's band and its bridge from 2023/24 by driver."""
    from sefton_sim.outputs.folders import atomic_folder, write_manifest, write_table
    from sefton_sim.shipped import scenarios_folder
    from sefton_sim.studies.scenario_set import CABINET_SET, bands_chart, bridges, run_set, scenario_bands

    try:
        out_dir = output_folder(out, "scenario-set", "scenario-set")
        compile_ahead(console)
        files = scenarios or [scenarios_folder() / f"{name}.toml" for name in CABINET_SET]
        results = run_set(files, paths, seed)
        bands, bridge = scenario_bands(results), bridges(results)
    except BadInputError as exc:
        fail_bad_input(exc)
        return
    with atomic_folder(out_dir, "scenario-set") as folder:
        write_table(bands, folder, "scenario_bands", "parquet")
        write_table(bridge, folder, "high_needs_bridge", "parquet")
        bands_chart(folder / "scenario_set_cumulative_deficit.png", bands)
        write_manifest(
            folder,
            {"scenarios": [str(f) for f in files], "paths": [r.scenario.paths for r in results], "seed": [r.scenario.seed for r in results]},
            "scenario-set",
        )
    last = str(bands["financial_year"].max())
    print_table(
        bands.filter(bands["financial_year"] == last), f"High Needs deficit in {last} by scenario (£m; 80% / 90% prediction intervals)", money=True
    )
    wide = bridge.filter(bridge["financial_year"] == last).pivot(on="scenario", index="driver", values="value_gbp_m")
    print_table(wide, f"Bridge from 2023/24 to the cumulative deficit at 31 March of {last}, by driver (mean £m)", money=True)
    console.print(f"Output folder: {out_dir}", soft_wrap=True)


def variance(
    scenario: Annotated[Path, typer.Argument(help="Scenario TOML file.")],
    paths: Annotated[int | None, typer.Option("--paths", min=20, help="Monte Carlo paths (default: the scenario's).")] = None,
    seed: Annotated[int | None, typer.Option("--seed", min=0, help="Seed (default: the scenario's).")] = None,
    year: Annotated[str, typer.Option("--year", help="Financial year of the cumulative deficit, e.g. 2027/28.")] = "2027/28",
    out: Annotated[Path | None, typer.Option("--out", help="Output folder (default outputs/variance-<scenario>).")] = None,
) -> None:
    """Split the spread of the cumulative High Needs deficit by source (demand parameters, structural growth, money, process noise)."""
    from sefton_sim.outputs.folders import atomic_folder, write_manifest, write_table
    from sefton_sim.simulate.run import prepare, require_all_money
    from sefton_sim.studies.variance import variance_decomposition

    try:
        compile_ahead(console)
        inputs = prepare(scenario, paths, seed)
        require_all_money(inputs)
        out_dir = output_folder(out, f"variance-{inputs.scenario.name}", "variance")
        try:
            table = variance_decomposition(inputs, year)
        except ValueError as exc:
            raise BadInputError("(command line)", "--year", year, str(exc)) from None
    except BadInputError as exc:
        fail_bad_input(exc)
        return
    with atomic_folder(out_dir, "variance") as folder:
        write_table(table, folder, "variance_decomposition", "parquet")
        write_manifest(folder, {"scenario": str(scenario), "paths": inputs.scenario.paths, "seed": inputs.scenario.seed, "year": year}, "variance")
    import polars as pl

    shown = table.drop("scenario", "measure", "seed").with_columns(
        pl.col("^p10_p90_.*$").round(1).cast(pl.String), pl.col("^variance_share_.*$").round(3).cast(pl.String)
    )
    print_table(shown, f"{inputs.scenario.name}: spread of the {year} cumulative High Needs deficit by source (£m; shares of variance)")
    console.print(f"Output folder: {out_dir}", soft_wrap=True)
