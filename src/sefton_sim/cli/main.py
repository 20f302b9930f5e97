"""The ``sefton-sim`` application: every command registered in one place, and the entry point."""

from __future__ import annotations

import faulthandler
import signal
import sys
from typing import Annotated, NoReturn

import typer

from sefton_sim.cli import (
    calibrate_commands,
    council_commands,
    export_commands,
    init_command,
    money_study_commands,
    run_commands,
    study_commands,
    what_drives,
)
from sefton_sim.cli import optimise as optimise_commands
from sefton_sim.cli.common import STATE, err_console
from sefton_sim.cli.process_memory import map_large_allocations
from sefton_sim.errors import BadInputError, InfeasibleError

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
app.command("backtest-councils")(study_commands.backtest_councils)
app.command("scenario-set")(money_study_commands.scenario_set)
app.command()(money_study_commands.variance)
app.command("export-instances")(optimise_commands.export_instances)
app.command()(init_command.init)
app.command()(what_drives.sensitivity)
app.command("goal-seek")(what_drives.goal_seek)


def _register_groups() -> None:
    # the optimiser commands register themselves on the group when imported
    from sefton_sim.cli import places, savings  # noqa: F401

    app.add_typer(optimise_commands.optimise_app, name="optimise")
    app.add_typer(council_commands.council_app, name="council")
    app.add_typer(council_commands.councils_app, name="councils")
    app.add_typer(export_commands.export_app, name="export")


_register_groups()


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that every clean-up on the way out runs."""


_RECEIVED: list[int] = []
"""Signals received while a command ran (typer turns an interrupt into exit code 130 silently)."""


def _on_signal(signum: int, frame: object) -> None:
    _RECEIVED.append(signum)
    raise Terminated() if signum == signal.SIGTERM else KeyboardInterrupt()


EXIT_BAD_INPUT = 2
EXIT_INFEASIBLE = 3
EXIT_INTERRUPTED = 130
"""Ctrl-C (SIGINT): 128 + 2, as shells report it."""
EXIT_TERMINATED = 143
"""SIGTERM: 128 + 15."""


def _interrupted() -> NoReturn:
    for sig in (signal.SIGINT, signal.SIGTERM):  # a second Ctrl-C must not turn a clean exit into a traceback
        signal.signal(sig, signal.SIG_IGN)
    err_console.print("interrupted", markup=False, highlight=False)
    sys.exit(EXIT_TERMINATED if _RECEIVED and _RECEIVED[-1] == signal.SIGTERM else EXIT_INTERRUPTED)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def main() -> None:
    """Console-script entry point: one error path for every command.

    Bad input (and a failing file system) prints ``error: <one line>`` and exits 2; an infeasible
    optimisation exits 3; Ctrl-C exits 130 and SIGTERM 143 with ``interrupted``; anything else
    prints one line and exits 1. Tracebacks only with ``--debug``.
    """
    # installed explicitly: a process started with SIGINT ignored (a background job of a script) still stops on it
    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    try:
        faulthandler.enable()  # a crash inside a compiled extension still says where it happened
    except (OSError, ValueError):  # stderr without a file descriptor (a caller capturing it in memory)
        pass
    map_large_allocations()  # a 10,000-path run stays within 1 GB resident
    try:
        code = app(standalone_mode=False)
    except (KeyboardInterrupt, typer.Abort):
        _interrupted()
    except typer.TyperException as exc:  # usage errors: typer prints them in its own way
        show = getattr(exc, "show", None)
        if show is None:
            raise
        show()
        sys.exit(int(getattr(exc, "exit_code", 2)))
    except InfeasibleError as exc:
        if STATE["debug"]:
            raise
        err_console.print(f"infeasible: {exc}", markup=False, highlight=False)
        sys.exit(EXIT_INFEASIBLE)
    except BadInputError as exc:
        if STATE["debug"]:
            raise
        err_console.print(f"error: {exc.one_line()}", markup=False, highlight=False)
        sys.exit(EXIT_BAD_INPUT)
    except Exception as exc:
        if _RECEIVED and not STATE["debug"]:  # an interrupt can surface as another error (an import cut short fails "initialization")
            _interrupted()
        _fail_unexpected(exc)
    if code == EXIT_INTERRUPTED and _RECEIVED:
        _interrupted()
    sys.exit(code if isinstance(code, int) else 0)


def _fail_unexpected(exc: Exception) -> NoReturn:
    """A file-system error exits 2 with one line; anything else 1 (tracebacks with ``--debug``)."""
    if STATE["debug"]:
        raise exc
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        err_console.print(f"error: {where}{_one_line(exc.strerror or str(exc))}", markup=False, highlight=False)
        sys.exit(EXIT_BAD_INPUT)
    err_console.print(
        f"error: unexpected {type(exc).__name__}: {_one_line(str(exc))[:300]} (run with --debug for the traceback)", markup=False, highlight=False
    )
    sys.exit(1)
