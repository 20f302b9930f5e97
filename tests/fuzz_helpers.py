"""Named bad-input mutations of a scenario or a council data folder, for tests and fuzzing.

Each mutation takes a valid input (a shipped scenario as a dict, or a writable copy of the data
folder) and makes it invalid in one named way. A test or a fuzzer picks mutations by name:

- scenario values (``mutate_value``): see :data:`VALUE_MUTATIONS` (NaN, inf, negative, huge,
  bool-for-number, string-for-number, long string, NUL byte, ...);
- scenario files (``write_scenario`` then ``corrupt_file``): see :data:`FILE_MUTATIONS`
  (non-UTF-8 bytes, deep nesting, syntax error, empty file);
- data tables (``mutate_cell``, ``mutate_table``): see :data:`CELL_MUTATIONS` and
  :data:`TABLE_MUTATIONS` ("1,000", NaN, negative, empty file, header only, missing column,
  deleted file, non-UTF-8 bytes, NUL byte, symlink out of the folder).

Nothing here uses random numbers: the caller chooses (or draws) the mutation, key and row.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import math
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

# ----------------------------------------------------------------------------- scenario values

VALUE_MUTATIONS: dict[str, Callable[[Any], Any]] = {
    "nan": lambda _old: math.nan,
    "inf": lambda _old: math.inf,
    "minus_inf": lambda _old: -math.inf,
    "negative": lambda old: -abs(old) - 1 if isinstance(old, (int, float)) and not isinstance(old, bool) else -1,
    "huge": lambda _old: 1e308,
    "huge_int": lambda _old: 10**30,
    "bool_false": lambda _old: False,
    "bool_true": lambda _old: True,
    "string_for_number": lambda old: str(old),
    "thousands_string": lambda _old: "1,000",
    "long_string": lambda _old: "x" * 100_000,
    "nul_byte": lambda old: f"{old}\x00tail",
    "list_for_scalar": lambda old: [old],
    "table_for_scalar": lambda old: {"value": old},
}
"""Replacements for one value of a scenario (called with the value being replaced)."""


def get_path(data: dict[str, Any], key_path: str) -> Any:
    """The value at a dotted key path (``finance.savings.0.name``; list items by index)."""
    node: Any = data
    for part in key_path.split("."):
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def set_path(data: dict[str, Any], key_path: str, value: Any) -> dict[str, Any]:
    """A deep copy of ``data`` with ``value`` at ``key_path`` (missing tables are created)."""
    out = copy.deepcopy(data)
    node: Any = out
    parts = key_path.split(".")
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
    last = parts[-1]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return out


def mutate_value(data: dict[str, Any], key_path: str, mutation: str) -> dict[str, Any]:
    """A copy of scenario dict ``data`` with the value at ``key_path`` replaced by ``mutation``."""
    try:
        old = get_path(data, key_path)
    except (KeyError, IndexError):
        old = 1.0
    return set_path(data, key_path, VALUE_MUTATIONS[mutation](old))


def numeric_key_paths(data: dict[str, Any], prefix: str = "") -> list[str]:
    """Dotted paths of every number (not bool) in a scenario dict, for drawing a key to mutate."""
    out: list[str] = []
    items = enumerate(data) if isinstance(data, list) else data.items()
    for key, value in items:
        path = f"{prefix}{key}"
        if isinstance(value, bool):
            continue
        if isinstance(value, (int, float)):
            out.append(path)
        elif isinstance(value, (dict, list)):
            out.extend(numeric_key_paths(value, f"{path}."))  # type: ignore[arg-type]
    return out


# ----------------------------------------------------------------------------- writing scenarios


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        escaped = "".join(c if ord(c) >= 0x20 or c == "\t" else f"\\u{ord(c):04x}" for c in escaped)
        return f'"{escaped}"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"no TOML for {type(value).__name__}")


def _toml_key(key: str) -> str:
    return key if key.replace("_", "").replace("-", "").isalnum() else _toml_value(key)


def scenario_toml(data: dict[str, Any]) -> str:
    """TOML text for a scenario dict (tables inline below the top level; enough for scenarios)."""
    return "".join(f"{_toml_key(k)} = {_toml_value(v)}\n" for k, v in data.items())


def write_scenario(folder: Path, data: dict[str, Any], name: str = "mutated.toml") -> Path:
    """Write ``data`` as a scenario file in ``folder`` and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(scenario_toml(data), encoding="utf-8")
    return path


def shipped_scenario_dict(path: Path, data_folder: Path) -> dict[str, Any]:
    """A shipped scenario file as a dict, with an absolute ``data_folder`` so it can live anywhere."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    data["data_folder"] = data_folder.as_posix()
    return data


# ----------------------------------------------------------------------------- whole files


def _deep_nesting(text: str) -> str:
    return text + "deep = " + "[" * 100_000 + "]" * 100_000 + "\n"


FILE_MUTATIONS: dict[str, Callable[[bytes], bytes]] = {
    "non_utf8": lambda raw: raw + b'\ndescription = "caf\xe9"\n',
    "deep_nesting": lambda raw: _deep_nesting(raw.decode()).encode(),
    "syntax_error": lambda raw: raw + b"\n[finance\n",
    "nul_byte": lambda raw: raw.replace(b"\n", b"\x00\n", 1),
    "empty": lambda _raw: b"",
    "truncated": lambda raw: raw[: len(raw) // 2] + b' = "',
}
"""Byte-level damage to a file (scenario TOML or data CSV)."""


def corrupt_file(path: Path, mutation: str) -> Path:
    """Apply a :data:`FILE_MUTATIONS` entry to the file at ``path`` in place."""
    path.write_bytes(FILE_MUTATIONS[mutation](path.read_bytes()))
    return path


# ----------------------------------------------------------------------------- data tables

CELL_MUTATIONS: dict[str, Callable[[str], str]] = {
    "nan": lambda _old: "nan",
    "inf": lambda _old: "inf",
    "negative": lambda old: "-1" if old.strip() in ("", "0", "0.0") else f"-{old.lstrip('-')}",
    "huge": lambda _old: "1e308",
    "thousands": lambda _old: "1,000",
    "underscore": lambda _old: "1_000",
    "bool": lambda _old: "true",
    "string": lambda _old: "lots",
    "empty": lambda _old: "",
    "currency": lambda old: f"£{old}",
}
"""Replacements for one numeric cell of a data table (CSV text)."""


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a CSV table as text."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def write_rows(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """Write a CSV table (quoting cells that need it, as the council's tables do)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def mutate_cell(folder: Path, table: str, column: str, mutation: str, row: int = 0) -> str:
    """Replace one cell (data row ``row``, 0 = first below the header); returns the new text."""
    path = folder / table
    header, rows = read_rows(path)
    index = header.index(column)
    rows[row][index] = CELL_MUTATIONS[mutation](rows[row][index])
    write_rows(path, header, rows)
    return rows[row][index]


def _header_only(path: Path) -> None:
    header, _ = read_rows(path)
    write_rows(path, header, [])


def _drop_column(path: Path, column: str) -> None:
    header, rows = read_rows(path)
    index = header.index(column)
    write_rows(path, header[:index] + header[index + 1 :], [r[:index] + r[index + 1 :] for r in rows])


def _symlink_out(path: Path) -> None:
    outside = path.parent.parent / f"outside_{path.name}"
    outside.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(outside)


TABLE_MUTATIONS: dict[str, Callable[[Path, str], None]] = {
    "empty_file": lambda path, _col: path.write_bytes(b""),
    "header_only": lambda path, _col: _header_only(path),
    "missing_column": lambda path, col: _drop_column(path, col),
    "deleted": lambda path, _col: path.unlink(),
    "non_utf8": lambda path, _col: corrupt_file(path, "non_utf8") and None,
    "nul_byte": lambda path, _col: corrupt_file(path, "nul_byte") and None,
    "symlink_out": lambda path, _col: _symlink_out(path),
}
"""Whole-table damage; the column is used by ``missing_column`` only."""


def mutate_table(folder: Path, table: str, mutation: str, column: str = "source") -> Path:
    """Apply a :data:`TABLE_MUTATIONS` entry to ``folder / table``; returns the table's path."""
    path = folder / table
    TABLE_MUTATIONS[mutation](path, column)
    return path


NUMERIC_COLUMNS: dict[str, tuple[str, ...]] = {
    "send_stock_base.csv": ("children",),
    "send_capacity.csv": ("places",),
    "send_settings.csv": ("cost_gbp_per_child_per_year", "share_transported", "transport_cost_gbp_per_pupil_per_year"),
    "send_new_plan_placement.csv": ("share",),
    "send_phase_transfer.csv": ("share",),
    "send_request_mix.csv": ("share",),
    "send_parameters.csv": ("value", "low", "high"),
    "send_fitted_parameters.csv": ("value", "sd"),
    "send_history.csv": ("value",),
    "gf_budget_2024_25.csv": ("budget_gbp_m", "demand_led_gbp_m", "pay_share"),
    "gf_funding_2024_25.csv": ("amount_gbp_m",),
    "money_assumptions.csv": ("value",),
    "csc_parameters.csv": ("value",),
    "csc_placements.csv": ("children_at_base", "cost_gbp_per_week", "entry_share", "mean_stay_months"),
    "asc_parameters.csv": ("value",),
    "asc_services.csv": ("clients_at_base", "price_gbp_per_week", "mean_duration_months"),
    "send_candidate_projects.csv": ("places", "capital_cost_gbp", "running_cost_gbp_per_place_per_year", "max_delivery"),
    "capital_budget.csv": ("high_needs_capital_gbp", "delivery_limit_projects"),
    "savings_options.csv": ("saving_2025_26_gbp_m", "one_off_cost_gbp_m", "delivery_probability", "service_impact_score"),
    "high_needs_history.csv": ("value",),
    "send_posterior_draws.csv": ("plan_conversion_share", "request_trend_per_year", "assessments_in_progress_at_base"),
    "dfe_other_series.csv": ("value",),
}
"""Numeric columns of every table of the shipped council data folder (for drawing a cell to damage)."""
