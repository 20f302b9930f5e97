"""``sefton-sim init DIR``: an editable copy of the shipped scenarios and council data folder."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated

import typer

from sefton_sim.cli.common import console, fail_bad_input
from sefton_sim.errors import BadInputError
from sefton_sim.shipped import council_folder, scenarios_folder


def init(
    folder: Annotated[Path, typer.Argument(help="A new or empty folder to write the working copy into.")],
    council: Annotated[str, typer.Option("--council", help="Shipped council data folder to copy.")] = "sefton",
) -> None:
    """Write an editable copy of the shipped scenarios and a council data folder into FOLDER.

    FOLDER/scenarios holds the scenarios (``baseline.toml`` and the what-ifs) and
    FOLDER/data/<council> the council's tables; the scenarios' ``data_folder = "../data/<council>"``
    points at the copy, so edits to either take effect in ``sefton-sim run FOLDER/scenarios/...``.
    """
    source_data = council_folder(council)
    try:
        if not source_data.is_dir() or "/" in council or council.startswith("."):
            raise BadInputError("(command line)", "--council", council, "a shipped council (sefton)")
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            raise BadInputError("(command line)", "FOLDER", str(folder), "a new or empty folder (this is not a folder)")
        if folder.is_dir() and any(folder.iterdir()):
            raise BadInputError("(command line)", "FOLDER", str(folder), "a new or empty folder (it has files in it; nothing was changed)")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copytree(scenarios_folder(), folder / "scenarios", ignore=shutil.ignore_patterns("__pycache__"))
            shutil.copytree(source_data, folder / "data" / council, ignore=shutil.ignore_patterns("__pycache__"))
        except OSError as exc:
            raise BadInputError("(command line)", "FOLDER", str(folder), f"a folder this user can write to ({exc.strerror})") from None
    except BadInputError as exc:
        fail_bad_input(exc)
    for path in (folder / "scenarios", folder / "data" / council):
        console.print(f"written: {path.resolve()}", soft_wrap=True)
    console.print(f"Run it with: sefton-sim run {folder / 'scenarios' / 'baseline.toml'}", soft_wrap=True)
