"""The first run on a machine compiles the month steps: say so, with progress, instead of sitting silent.

The compiling happens in a process of its own (``python -m sefton_sim.cli.first_run``, which also
builds the report's script bundle), so the command that asked for it keeps only what it loads
from the cache, not the compiler's memory: a first run peaks no higher than later ones. If that
process cannot run or fails, the steps are compiled in this process instead (the results are the
same either way).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from sefton_sim.compile_cache import COMPILE_STAGES, STAGE_LINE_PREFIX, kernels_compiled, user_cache_folder

if TYPE_CHECKING:
    from sefton_sim.simulate.run import Inputs

CompileNotice = Callable[[int, str], None]
"""Called with (stage index, stage name) as each compiled step starts compiling."""


def compile_ahead(console: Console, quiet: bool = False) -> None:
    """Compile the month steps in a process of their own before this command loads its data.

    Loading already runs the SEND step (the census stock is rolled to the base date), so this is
    the point at which compiling keeps the command's memory free of the compiler. Silent when the
    cache already holds them; when the child cannot compile, the command compiles later, in
    process, through ``compile_with_notice``.
    """
    if kernels_compiled():
        return
    from sefton_sim.cli.first_run import FIRST_RUN_STAGES

    _show_compiling(console, quiet, compile_in_child_process, len(FIRST_RUN_STAGES))


def compile_with_notice(inputs: Inputs, console: Console, quiet: bool = False) -> None:
    """Compile (or load) the month steps before a run, in this process, telling the user when it has to compile.

    Silent when the cache already holds them (after ``compile_ahead``, always). Progress is shown on
    a terminal; elsewhere one line says what is happening (unless ``quiet``).
    """
    if kernels_compiled():
        return
    from sefton_sim.simulate.warm_up import compile_kernels  # the engines load only when needed

    def compile_here(notice: CompileNotice | None = None) -> bool:
        compile_kernels(inputs, notice)
        return True

    _show_compiling(console, quiet, compile_here, len(COMPILE_STAGES))


def _show_compiling(console: Console, quiet: bool, compile_steps: Callable[[CompileNotice | None], bool], stages: int) -> None:
    """Run ``compile_steps`` (True when it compiled every step) with a progress bar, one line, or silently."""
    where = user_cache_folder()
    if quiet:
        compile_steps(None)
        return
    if not (console.is_terminal and sys.stdout.isatty()):
        console.print(f"Compiling the simulation's month steps (first run on this machine; cached in {where}) ...", soft_wrap=True)
        compile_steps(None)
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
        task = progress.add_task("Compiling month steps (first run only)", total=stages)

        def notice(index: int, name: str) -> None:
            progress.update(task, completed=index, description=f"Compiling the {name} (first run only)")

        compiled = compile_steps(notice)
        progress.update(task, completed=stages)
    if compiled:
        console.print(f"Compiled the month steps; cached in {where} for later runs.", soft_wrap=True)


def compile_in_child_process(notice: CompileNotice | None = None) -> bool:
    """Compile the month steps (and build the report bundle) in a child process, passing its stage lines to ``notice``.

    True when the child finished and the cache now holds the compiled steps; False otherwise
    (no child could be started, it failed, or the cache could not be written), and the caller
    compiles in this process instead.
    """
    import sefton_sim

    package_parent = str(Path(sefton_sim.__file__).resolve().parent.parent)  # the child imports this same package
    search_path = os.pathsep.join(p for p in (package_parent, os.environ.get("PYTHONPATH", "")) if p)
    command = [sys.executable, "-m", "sefton_sim.cli.first_run"]
    try:
        child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env={**os.environ, "PYTHONPATH": search_path})
    except OSError:
        return False
    assert child.stdout is not None
    for line in child.stdout:
        fields = line.rstrip("\n").split("\t")
        if notice is not None and len(fields) == 3 and fields[0] == STAGE_LINE_PREFIX and fields[1].isdigit():
            notice(int(fields[1]), fields[2])
    return child.wait() == 0 and kernels_compiled()
