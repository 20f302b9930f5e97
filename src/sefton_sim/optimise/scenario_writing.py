"""Writing scenarios back: TOML literals, and copies of the scenario files a written scenario
``extends``, with ``data_folder`` re-pointed so the copies load from their new folder.

Shared by the optimisers that write their answer as a scenario (``place_programme``,
``savings_plan``); each decides how its copies treat ``data_folder`` (the ``rewrite``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path


def toml_string(text: str) -> str:
    """A TOML basic string: backslashes and double quotes escaped, line breaks as spaces."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def toml_list(items: Sequence[str]) -> str:
    """A TOML array of strings."""
    return "[" + ", ".join(toml_string(x) for x in items) + "]"


def toml_number(value: float) -> str:
    """A TOML float with up to 10 significant digits (always a float: ``1.0``, not ``1``)."""
    text = f"{float(value):.10g}" if abs(value) >= 1e-12 else "0.0"
    return text if any(c in text for c in ".en") else text + ".0"


def data_folder_line(data_folder: str) -> str:
    """The ``data_folder = "..."`` line of a scenario file."""
    return f"data_folder = {toml_string(data_folder)}"


def copy_scenario_files(sources: Iterable[Path], folder: Path, rewrite: Callable[[str], str]) -> list[Path]:
    """Copy scenario files into ``folder`` under their own names, each text passed through
    ``rewrite``; returns the copies in the order of ``sources``."""
    out = []
    for source in sources:
        text = rewrite(Path(source).read_text())
        target = folder / Path(source).name
        target.write_text(text)
        out.append(target)
    return out
