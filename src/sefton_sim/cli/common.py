"""Helpers every command shares: the consoles, the one-line error, tables, default output folders."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from sefton_sim.errors import BadInputError

if TYPE_CHECKING:
    import polars as pl

    from sefton_sim.outputs.folders import OutputKind

console = Console(width=None if sys.stdout.isatty() else 160)
err_console = Console(stderr=True, soft_wrap=True)
STATE: dict[str, Any] = {"debug": False}


def fail_bad_input(exc: BadInputError) -> NoReturn:
    """Print ``error: <one line>`` on stderr and exit 2 (re-raise with ``--debug``)."""
    if STATE["debug"]:
        raise exc
    err_console.print(f"error: {exc.one_line()}", markup=False, highlight=False)
    raise typer.Exit(code=2)


def print_table(frame: pl.DataFrame, title: str, money: bool = False) -> None:
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


def default_out_dir(scenario_path: Path | None, name: str) -> Path:
    """``./outputs/<name>`` in the current folder (``scenario_path`` is kept for callers' symmetry)."""
    return Path.cwd() / "outputs" / name


def output_folder(out: Path | None, default_name: str, kind: OutputKind) -> Path:
    """The checked output folder of a command: ``--out`` if given, else ``./outputs/<default_name>``.

    Checked before any work (:func:`sefton_sim.outputs.folders.check_output_folder`): it may only
    replace an empty folder or an earlier output of the same kind, and a default folder must lie
    directly inside ``./outputs``. Returns the resolved path.
    """
    from sefton_sim.outputs.folders import check_output_folder

    if out is not None:
        return check_output_folder(out, kind)
    outputs = Path.cwd() / "outputs"
    target = check_output_folder(outputs / default_name, kind, key="(default output folder)", inside=outputs)
    if target.parent != outputs.resolve():
        raise BadInputError("(command line)", "(default output folder)", str(target), f"a folder directly inside {outputs.resolve()}")
    return target


def check_scheduler_option(executor: str, scheduler: str | None) -> None:
    """``--scheduler`` only goes with ``--executor dask``."""
    if scheduler is not None and executor != "dask":
        raise BadInputError("(command line)", "--scheduler", scheduler, "--executor dask (a scheduler is only used by the dask executor)")


SCHEDULER_HELP = (
    "Dask scheduler address, tcp://host:port or tls://host:port (default: start a local cluster). "
    "The scheduler and its workers run code this command sends them (Dask pickles it): use only a cluster you trust. "
    "Connecting gives up after 5 s."
)


_fail_bad_input = fail_bad_input


class _RichPhase:
    def __init__(self, progress: Any, task: Any) -> None:
        self._progress, self._task = progress, task

    def advance(self, steps: int = 1) -> None:
        self._progress.advance(self._task, steps)

    def close(self) -> None:
        self._progress.remove_task(self._task)


class RichProgress:
    """The command line's progress reporter (:class:`sefton_sim.model.progress.ProgressReporter`): rich bars on stdout."""

    def __init__(self, progress: Any) -> None:
        self._progress = progress

    def phase(self, description: str, total: int | None) -> _RichPhase:
        return _RichPhase(self._progress, self._progress.add_task(description, total=total))


def progress_shown(quiet: bool) -> bool:
    """Progress bars only on a terminal, and not with ``--quiet``."""
    return not quiet and console.is_terminal and sys.stdout.isatty()


@contextlib.contextmanager
def progress_reporter(quiet: bool = False) -> Iterator[Any]:
    """A progress reporter for a long command: rich bars on a terminal, silent with ``--quiet`` or when stdout is not a terminal."""
    from sefton_sim.model.progress import NO_PROGRESS

    if not progress_shown(quiet):
        yield NO_PROGRESS
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    columns = (TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        yield RichProgress(progress)


QUIET_HELP = "No progress bars (they are shown only when output goes to a terminal)."
