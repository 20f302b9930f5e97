"""Tables a run folder carries for its readers: the published figures drawn on the charts, and every
assumption as the scenario used it (the scenario's value where it overrides the data, with both sources).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl

from sefton_sim.data import tables as t
from sefton_sim.model import limits as lim
from sefton_sim.scenario import Scenario

PUBLISHED_MONEY_FILE = "published_money_figures.csv"
"""Optional council table of published money figures (series, date, value, source) drawn on the report's charts."""

FINANCE_KEYS = {
    "hn_write_off_share": ("write_off_share",),
    "safety_valve_contribution_gbp_m_per_year": ("safety_valve", "contribution_gbp_m_per_year"),
    "safety_valve_first_contribution_year": ("safety_valve", "first_contribution_year"),
    "safety_valve_in_year_balance_by_year": ("safety_valve", "in_year_balance_by_year"),
}
"""money_assumptions.csv parameters whose scenario key differs from the parameter's name."""

_SCHEMA = {
    "table": pl.String,
    "item": pl.String,
    "value_used": pl.Float64,
    "value_used_text": pl.String,
    "unit": pl.String,
    "data_value": pl.String,
    "set_by": pl.String,
    "source": pl.String,
}


def published_figures(data_folder: Path, history: pl.DataFrame) -> pl.DataFrame:
    """Published points for the charts: EHCP stock (``send_history.csv``), High Needs history and money figures, each with its source."""
    rows: list[dict[str, Any]] = []
    for row in history.filter(pl.col("series") == "ehcp_stock").iter_rows(named=True):
        rows.append(
            {"series": "ehcp_stock", "date": row["period_start"].isoformat(), "value": float(row["value"]), "source": str(row.get("source", ""))}
        )
    for name in ("high_needs_history.csv", PUBLISHED_MONEY_FILE):
        path = Path(data_folder) / name
        if path.is_file():
            frame = t.read_table(path, ["series", "date", "value"], {"value": lim.MONEY_GBP_M})  # a bad cell is a one-line error, not a crash
            for row in frame.iter_rows(named=True):
                rows.append({"series": row["series"], "date": str(row["date"]), "value": float(row["value"]), "source": row.get("source") or ""})
    schema = {"series": pl.String, "date": pl.String, "value": pl.Float64, "source": pl.String}
    return pl.DataFrame(rows, schema=schema)


def _scenario_value(finance: dict[str, Any], parameter: str) -> Any:
    keys = FINANCE_KEYS.get(parameter, (parameter,))
    value: Any = finance
    for key in keys:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        return None


def _defaults() -> dict[str, Any]:
    return Scenario(name="defaults").model_dump(mode="json")


def _changed(resolved: dict[str, Any], default: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """Scenario settings that differ from the schema's defaults, as (dotted key, value)."""
    out: list[tuple[str, Any]] = []
    for key, value in resolved.items():
        here = f"{prefix}{key}"
        if isinstance(value, dict) and isinstance(default.get(key), dict) and value:
            out.extend(_changed(value, default[key], here + "."))
        elif value != default.get(key) and key not in ("name", "description", "extends", "paths", "seed", "data_folder"):
            out.append((here, value))
    return out


def assumptions_used(scenario: Scenario, data_folder: Path) -> pl.DataFrame:
    """Every number the run used, with its source: each data row (the scenario's value where it sets one) and every scenario setting changed from the defaults."""
    resolved = scenario.model_dump(mode="json")
    finance = resolved.get("finance", {})
    overrides = resolved.get("send", {}).get("parameter_overrides", {}) or {}
    default_finance = _defaults().get("finance", {})
    rows: list[dict[str, Any]] = []
    for path in sorted(Path(data_folder).glob("*.csv")):
        frame = pl.read_csv(path, infer_schema_length=0)
        cols = [c for c in frame.columns if c != "source"]
        for row in frame.iter_rows(named=True):
            item = str(row[cols[0]])
            data_text = (
                str(row["value"])
                if "value" in row and row["value"] not in (None, "")
                else "; ".join(f"{c}={row[c]}" for c in cols[1:] if row[c] not in (None, ""))
            )
            used: Any = row.get("value")
            set_by = "data"
            source = str(row.get("source") or "")
            override = None
            if path.name == "money_assumptions.csv":
                override = _scenario_value(finance, item)
            elif path.name in ("send_parameters.csv", "send_fitted_parameters.csv") and item in overrides:
                override = overrides[item]
            if override is not None and path.name == "money_assumptions.csv" and override == _scenario_value(default_finance, item):
                if _as_number(override) == _as_number(row.get("value")):
                    override = None  # a schema default equal to the data's value: the data's row stands
            if override is not None:
                used = override
                set_by = f"scenario {scenario.name}"
                source = f"scenario {scenario.name} sets it (data value {data_text}: {source})"
            number = _as_number(used) if used is not None else None
            text = json.dumps(used) if isinstance(used, (dict, list)) else (None if number is not None else data_text)
            rows.append(
                {
                    "table": path.name,
                    "item": item,
                    "value_used": number,
                    "value_used_text": text,
                    "unit": row.get("unit"),
                    "data_value": data_text,
                    "set_by": set_by,
                    "source": source,
                }
            )
    for key, value in _changed(resolved, _defaults()):
        number = _as_number(value)
        rows.append(
            {
                "table": "scenario",
                "item": key,
                "value_used": number,
                "value_used_text": None if number is not None else json.dumps(value),
                "unit": None,
                "data_value": None,
                "set_by": f"scenario {scenario.name}",
                "source": f"scenario {scenario.name}: {key}",
            }
        )
    return pl.DataFrame(rows, schema=_SCHEMA)
