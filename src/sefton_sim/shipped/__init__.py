"""Files the package ships: the scenarios, the council data folders and the solver profiles.

They are read through ``importlib.resources``, so an installed package finds them wherever it
lives; nothing here is ever written to (``sefton-sim init`` copies them for editing).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def shipped_root() -> Path:
    """The folder holding the shipped files (inside the installed package)."""
    return Path(str(resources.files("sefton_sim.shipped")))


def scenarios_folder() -> Path:
    """The shipped scenarios (``baseline.toml`` and the what-ifs)."""
    return shipped_root() / "scenarios"


def council_folder(name: str = "sefton") -> Path:
    """A shipped council data folder by name (``sefton``)."""
    return shipped_root() / "data" / name


def solvers_folder() -> Path:
    """The shipped solver profiles (``highs.toml``, ``cbc.toml``) and reference instances."""
    return shipped_root() / "solvers"


def shipped_scenario(name: str) -> Path | None:
    """The shipped scenario file called ``name`` (without ``.toml``), or None."""
    candidate = scenarios_folder() / f"{name}.toml"
    return candidate if name and "/" not in name and "\\" not in name and candidate.is_file() else None


def shipped_scenario_names() -> list[str]:
    """Names of the shipped scenarios, sorted."""
    return sorted(p.stem for p in scenarios_folder().glob("*.toml"))


def is_inside_package(path: Path) -> bool:
    """Whether ``path`` lies inside the installed package (where nothing may be written)."""
    package = Path(str(resources.files("sefton_sim"))).resolve()
    return path.resolve().is_relative_to(package)
