"""Load scenario TOML files: resolve ``extends``, deep-merge overrides, validate strictly."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sefton_sim.errors import BadInputError
from sefton_sim.scenario.schema import Scenario
from sefton_sim.shipped import shipped_scenario, shipped_scenario_names

MAX_EXTENDS_DEPTH = 10


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Merge ``override`` into ``base``: tables merge key by key, everything else replaces."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def locate_scenario(path: str | Path) -> Path:
    """A scenario file by path, or a shipped scenario by name (``baseline``)."""
    candidate = Path(path)
    if candidate.is_file():
        return candidate
    shipped = shipped_scenario(str(path)) if candidate.suffix == "" else None
    if shipped is not None:
        return shipped
    raise BadInputError(
        candidate, "(file)", str(path), f"an existing scenario TOML file or a shipped scenario name ({', '.join(shipped_scenario_names())})"
    )


def _parent_scenario(path: Path, parent_name: str) -> Path | None:
    """The file ``extends = parent_name`` names: same folder first, then the shipped scenarios."""
    if not parent_name or "/" in parent_name or "\\" in parent_name or parent_name.startswith("."):
        return None
    beside = path.parent / f"{parent_name}.toml"
    if beside.is_file():
        return beside
    return shipped_scenario(parent_name)


def _read_toml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise BadInputError(path, "(file)", str(path), "an existing scenario TOML file")
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise BadInputError(path, "(syntax)", str(exc), "valid TOML") from None


def resolve_scenario_dict(path: Path, _depth: int = 0) -> dict[str, Any]:
    """The scenario at ``path`` as a plain dict, with its ``extends`` chain merged in."""
    path = locate_scenario(path)
    raw = _read_toml(path)
    parent_name = raw.get("extends")
    if parent_name is None:
        return raw
    if not isinstance(parent_name, str):
        raise BadInputError(path, "extends", parent_name, "the name of a scenario in the same folder")
    parent_path = _parent_scenario(path, parent_name)
    if parent_path is None or _depth >= MAX_EXTENDS_DEPTH:
        known = sorted(p.stem for p in path.parent.glob("*.toml") if p != path)
        raise BadInputError(path, "extends", parent_name, f"one of: {', '.join(known) or '(none)'}")
    parent = resolve_scenario_dict(parent_path, _depth + 1)
    parent.pop("description", None)
    if parent_path.parent.resolve() != path.parent.resolve() and "data_folder" not in raw:
        # a shipped parent's relative data_folder means its own folder, not the child's
        parent["data_folder"] = str((parent_path.parent / parent.get("data_folder", "../data/sefton")).resolve())
    return deep_merge(parent, raw)


def scenario_chain(path: Path) -> list[Path]:
    """The scenario file and the files it extends, child first (for the run manifest)."""
    chain = [locate_scenario(path)]
    raw = _read_toml(chain[0])
    depth = 0
    while isinstance(raw.get("extends"), str) and depth < MAX_EXTENDS_DEPTH:
        parent = _parent_scenario(chain[-1], raw["extends"])
        if parent is None:
            break
        chain.append(parent)
        raw = _read_toml(parent)
        depth += 1
    return chain


def _key_path(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "(root)"


def _value_at(data: Any, loc: tuple[int | str, ...]) -> Any:
    for item in loc:
        try:
            data = data[item]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def validate_scenario_dict(data: dict[str, Any], path: Path | str) -> Scenario:
    """Validate a resolved scenario dict; the first problem becomes a one-line BadInputError."""
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err.get("loc", ()))
        if err.get("type") == "extra_forbidden":
            expected = "no such key (unknown keys are refused; see `sefton-sim schema`)"
        else:
            expected = str(err.get("msg", "a valid value")).removeprefix("Value error, ")
        value = err.get("input", _value_at(data, loc))
        raise BadInputError(path, _key_path(loc), value, expected) from None


def load_scenario(path: str | Path) -> tuple[Scenario, Path]:
    """Load, merge and validate a scenario file; returns it with its resolved data folder."""
    path = locate_scenario(path)
    data = resolve_scenario_dict(path)
    scenario = validate_scenario_dict(data, path)
    data_folder = (path.parent / scenario.data_folder).resolve()
    return scenario, data_folder
