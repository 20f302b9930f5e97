"""Load scenario TOML files: resolve ``extends``, deep-merge overrides, validate strictly."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sefton_sim.errors import BadInputError
from sefton_sim.model.limits import PATH_CAP
from sefton_sim.scenario.schema import DEFAULT_DATA_FOLDER, Scenario
from sefton_sim.shipped import shipped_scenario, shipped_scenario_names

MAX_EXTENDS_DEPTH = 10
MAX_TOML_BYTES = 1_000_000
_SCENARIO_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")
"""What ``extends`` may name: a scenario beside this one or a shipped scenario, by bare name."""


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Merge ``override`` into ``base``: tables merge key by key, everything else replaces."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _checked_path_text(text: str, file: Path | str | None, key: str) -> str:
    if "\x00" in text or len(text) > PATH_CAP:
        raise BadInputError(file, key, text, f"a path of at most {PATH_CAP} characters without NUL bytes")
    return text


def locate_scenario(path: str | Path) -> Path:
    """A scenario file by path, or a shipped scenario by name (``baseline``)."""
    _checked_path_text(str(path), path, "(file)")
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
    """The file ``extends = parent_name`` names: same folder first, then the shipped scenarios.

    Only a bare name is accepted (no folders, no ``..``, no absolute path, no ``.toml``).
    """
    if not _SCENARIO_NAME.fullmatch(parent_name):
        return None
    beside = path.parent / f"{parent_name}.toml"
    if beside.is_file() and not beside.is_symlink():
        return beside
    return shipped_scenario(parent_name)


def _extends_choices(path: Path) -> str:
    beside = sorted(p.stem for p in path.parent.glob("*.toml") if p != path and _SCENARIO_NAME.fullmatch(p.stem))
    shipped = [name for name in shipped_scenario_names() if name not in beside]
    return ", ".join(beside + shipped) or "(none)"


def read_toml(path: Path, what: str = "scenario TOML file") -> dict[str, Any]:
    """A TOML file as a dict; every way it can be unreadable is a one-line BadInputError."""
    if not path.is_file():
        raise BadInputError(path, "(file)", str(path), f"an existing {what}")
    try:
        size = path.stat().st_size
        if size > MAX_TOML_BYTES:
            raise BadInputError(path, "(file)", f"{size} bytes", f"a {what} of at most {MAX_TOML_BYTES} bytes")
        raw = path.read_bytes()
    except OSError as exc:
        raise BadInputError(path, "(file)", str(path), f"a readable {what} ({exc.strerror or type(exc).__name__})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInputError(path, "(encoding)", raw[exc.start : exc.start + 8], f"UTF-8 text (bad byte at offset {exc.start})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise BadInputError(path, "(syntax)", str(exc), "valid TOML") from None
    except RecursionError:
        raise BadInputError(path, "(nesting)", "too deep", "tables and arrays nested a few levels deep, as in the shipped scenarios") from None


_read_toml = read_toml


def sweep_base(sweep_file: Path, base: str) -> Path:
    """The base scenario a sweep names: a TOML file inside the sweep file's folder, or a scenario by
    bare name (beside the sweep file first, then the shipped scenarios)."""
    folder = sweep_file.parent
    _checked_path_text(base, sweep_file, "base")
    if _SCENARIO_NAME.fullmatch(base):
        found = _parent_scenario(sweep_file, base)
        if found is not None:
            return found.resolve()
    elif not Path(base).is_absolute() and ".." not in Path(base).parts:
        candidate = folder / base
        inside = candidate.resolve().is_relative_to(folder.resolve()) and not candidate.is_symlink()
        if inside and candidate.is_file():
            return candidate.resolve()
    raise BadInputError(sweep_file, "base", base, f"a scenario TOML file inside {folder} or a scenario name: one of {_extends_choices(sweep_file)}")


def resolve_scenario_dict(path: Path, _depth: int = 0) -> dict[str, Any]:
    """The scenario at ``path`` as a plain dict, with its ``extends`` chain merged in."""
    path = locate_scenario(path)
    raw = _read_toml(path)
    parent_name = raw.get("extends")
    if parent_name is None:
        return raw
    if not isinstance(parent_name, str):
        raise BadInputError(
            path, "extends", parent_name, f"the name of a scenario in the same folder or a shipped scenario: one of {_extends_choices(path)}"
        )
    parent_path = _parent_scenario(path, parent_name)
    if parent_path is None:
        raise BadInputError(
            path, "extends", parent_name, f"the bare name of a scenario in the same folder or a shipped scenario: one of {_extends_choices(path)}"
        )
    if _depth >= MAX_EXTENDS_DEPTH:
        raise BadInputError(path, "extends", parent_name, f"a chain of at most {MAX_EXTENDS_DEPTH} scenarios (no scenario may extend itself)")
    parent = resolve_scenario_dict(parent_path, _depth + 1)
    parent.pop("description", None)
    if parent_path.parent.resolve() != path.parent.resolve() and "data_folder" not in raw:
        # a shipped parent's relative data_folder means its own folder, not the child's
        folder = parent.get("data_folder", DEFAULT_DATA_FOLDER)
        if isinstance(folder, str):
            parent["data_folder"] = str((parent_path.parent / _checked_path_text(folder, parent_path, "data_folder")).resolve())
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


_EXPECTED_BY_TYPE = {
    "float_type": "a number (text and true/false are refused)",
    "int_type": "an integer (text, true/false and decimals are refused)",
    "finite_number": "a finite number (nan and inf are not amounts)",
    "bool_type": "true or false",
    "extra_forbidden": "no such key (unknown keys are refused; see `sefton-sim schema`)",
    "string_pattern_mismatch": "a short name of lower-case letters, digits, '_' or '-', starting with a letter or digit (it becomes a folder name)",
}


def _shown(value: Any) -> Any:
    """The value for the message: a deeply nested one is shown by its type only."""
    try:
        repr(value)
    except RecursionError:
        return f"<deeply nested {type(value).__name__}>"
    return value


_TYPE_TAG = re.compile(r"^([a-z_-]+\[.*\]|float|int|str|bool|none|date)$")


def _is_type_tag(item: int | str) -> bool:
    """Pydantic names the member of a union it tried (``float``, ``dict[str,...]``) in the location."""
    return isinstance(item, str) and _TYPE_TAG.match(item) is not None


def _most_specific(errors: list[Any]) -> Any:
    """The first error, or for a union field the member's error that got deepest into the value."""
    first = errors[0]
    loc = tuple(first.get("loc", ()))
    cut = next((i for i, item in enumerate(loc) if _is_type_tag(item)), None)
    if cut is None:
        return first
    same_field = [e for e in errors if tuple(e.get("loc", ()))[:cut] == loc[:cut]]
    return max(same_field, key=lambda e: len(e.get("loc", ())))


def validate_scenario_dict(data: dict[str, Any], path: Path | str) -> Scenario:
    """Validate a resolved scenario dict; the first problem becomes a one-line BadInputError."""
    try:
        return Scenario.model_validate(data)
    except RecursionError:
        raise BadInputError(path, "(nesting)", "too deep", "tables and arrays nested a few levels deep, as in the shipped scenarios") from None
    except ValidationError as exc:
        err = _most_specific(exc.errors())
        loc = tuple(item for item in err.get("loc", ()) if not _is_type_tag(item))
        expected = _EXPECTED_BY_TYPE.get(err.get("type", ""))
        if expected is None:
            expected = str(err.get("msg", "a valid value")).removeprefix("Value error, ")
        value = err.get("input", _value_at(data, loc))
        raise BadInputError(path, _key_path(loc), _shown(value), expected) from None


def data_folder_of(scenario: Scenario, path: Path) -> Path:
    """The scenario's council data folder (relative to the scenario file, or absolute); it must exist."""
    try:
        folder = (path.parent / scenario.data_folder).resolve()
        exists = folder.is_dir()
    except (OSError, ValueError, RuntimeError):
        exists = False
    if not exists:
        raise BadInputError(path, "data_folder", scenario.data_folder, "an existing council data folder (relative to the scenario file, or absolute)")
    return folder


def load_scenario(path: str | Path) -> tuple[Scenario, Path]:
    """Load, merge and validate a scenario file; returns it with its resolved data folder."""
    path = locate_scenario(path)
    try:
        data = resolve_scenario_dict(path)
    except RecursionError:
        raise BadInputError(path, "(nesting)", "too deep", "tables and arrays nested a few levels deep, as in the shipped scenarios") from None
    scenario = validate_scenario_dict(data, path)
    return scenario, data_folder_of(scenario, path)
