"""The ``sefton-sim export ...`` group: a run's projection in other bodies' templates."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sefton_sim.cli.common import console, fail_bad_input, output_folder, print_table
from sefton_sim.errors import BadInputError

export_app = typer.Typer(no_args_is_help=True, help="Export a run's projection in other templates (the DfE DSG management plan).")


@export_app.command("dsg-plan")
def dsg_plan(
    run_folder: Annotated[Path, typer.Argument(help="Output folder of `sefton-sim run`.")],
    out: Annotated[Path | None, typer.Option("--out", help="Output folder (default outputs/dsg-plan-<run folder name>).")] = None,
) -> None:
    """Children with EHC plans by DSG management plan placement category and age group, with a lookup key (CSV and workbook)."""
    from sefton_sim.outputs.dsg_plan import write_dsg_plan_folder

    try:
        target = output_folder(out, f"dsg-plan-{Path(run_folder).resolve().name}", "export-dsg-plan")
        folder, frame = write_dsg_plan_folder(run_folder, target)
    except BadInputError as exc:
        fail_bad_input(exc)
        return
    import polars as pl

    last = str(frame["Financial year (at 31 March)"].max())
    shown = frame.filter((pl.col("Financial year (at 31 March)") == last) & (pl.col("Age group") != "All ages")).select("Lookup key", "Children p50")
    print_table(shown, f"DSG plan categories at 31 March of {last} (median children)")
    console.print(f"Output folder: {folder}", soft_wrap=True)
