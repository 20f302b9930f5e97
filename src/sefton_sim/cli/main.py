"""The ``sefton-sim`` application: every command registered in one place, and the entry point."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from sefton_sim.cli import calibrate_commands, council_commands, init_command, run_commands, study_commands
from sefton_sim.cli import optimise as optimise_commands
from sefton_sim.cli.common import STATE, err_console
from sefton_sim.errors import InfeasibleError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Scenario simulation and optimisation of a council's demand-led budgets (SEND, social care, transport, High Needs, MTFP).",
)


@app.callback()
def _main(debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False) -> None:
    STATE["debug"] = debug


app.command()(run_commands.run)
app.command()(run_commands.validate)
app.command()(run_commands.compare)
app.command()(run_commands.schema)
app.command()(calibrate_commands.calibrate)
app.command("calibrate-csc")(calibrate_commands.calibrate_csc_command)
app.command()(study_commands.backtest)
app.command()(study_commands.sweep)
app.command()(study_commands.bench)
app.command("export-instances")(optimise_commands.export_instances)
app.command()(init_command.init)


def _register_groups() -> None:
    # the optimiser commands register themselves on the group when imported
    from sefton_sim.cli import places, savings  # noqa: F401

    app.add_typer(optimise_commands.optimise_app, name="optimise")
    app.add_typer(council_commands.council_app, name="council")
    app.add_typer(council_commands.councils_app, name="councils")


_register_groups()


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except InfeasibleError as exc:
        err_console.print(f"infeasible: {exc}", markup=False, highlight=False)
        sys.exit(3)
