"""The first run on a machine compiles the month steps: say so, with progress, instead of sitting silent."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from sefton_sim.compile_cache import kernels_compiled, user_cache_folder

if TYPE_CHECKING:
    from sefton_sim.simulate.run import Inputs


def compile_with_notice(inputs: Inputs, console: Console, quiet: bool = False) -> None:
    """Compile (or load) the month steps before a run, telling the user when it has to compile.

    Silent when the cache already holds them. Progress is shown on a terminal; elsewhere one
    line says what is happening (unless ``quiet``).
    """
    if kernels_compiled():
        return
    from sefton_sim.simulate.warm_up import STAGES, compile_kernels  # the engines load only when needed

    where = user_cache_folder()
    if quiet:
        compile_kernels(inputs)
        return
    if not (console.is_terminal and sys.stdout.isatty()):
        console.print(f"Compiling the simulation's month steps (first run on this machine; cached in {where}) ...", soft_wrap=True)
        compile_kernels(inputs)
        return
    with Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("Compiling month steps (first run only)", total=len(STAGES))

        def notice(index: int, name: str) -> None:
            progress.update(task, completed=index, description=f"Compiling the {name} (first run only)")

        compile_kernels(inputs, notice)
        progress.update(task, completed=len(STAGES))
    console.print(f"Compiled the month steps; cached in {where} for later runs.", soft_wrap=True)
