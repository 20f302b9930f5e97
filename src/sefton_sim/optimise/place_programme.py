"""The chosen place programme: read back from a solved model (``extract_programme``, one row per
opening), its places and money by year (``programme_places``, ``programme_money_by_year``), and
written as a scenario that ``extends`` its base (``programme_to_scenario``, ``copy_scenario_chain``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from sefton_sim.model import states as st
from sefton_sim.optimise.place_data import PLACE_SETTINGS
from sefton_sim.optimise.place_demand import K, PlaceDemand, allocation, share_of_year_open
from sefton_sim.optimise.place_model import PlaceHandles
from sefton_sim.optimise.scenario_writing import copy_scenario_files, data_folder_line, toml_list, toml_string

if TYPE_CHECKING:
    from sefton_sim.scenario.schema import NewProvision

PROGRAMME_SCHEMA: dict[str, type[pl.DataType] | pl.DataType] = {
    "project": pl.String,
    "setting": pl.String,
    "age_bands": pl.String,
    "needs": pl.String,
    "places": pl.Int64,
    "opens": pl.Date,
    "financial_year": pl.String,
    "capital_cost_gbp": pl.Float64,
    "running_cost_gbp_per_place_per_year": pl.Float64,
    "source": pl.String,
}


def empty_programme() -> pl.DataFrame:
    """A programme that opens nothing (do-nothing)."""
    return pl.DataFrame(schema=PROGRAMME_SCHEMA)


def extract_programme(handles: PlaceHandles) -> pl.DataFrame:
    """The chosen programme: one row per opening (project, setting, cells, places, date, money)."""
    rows = []
    for (i, y), var in sorted(handles.open_vars.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        times = int(round(var.varValue or 0.0))
        c = handles.candidates[i]
        for _ in range(times):
            rows.append(
                {
                    "project": c.project,
                    "setting": c.setting,
                    "age_bands": ";".join(c.age_bands),
                    "needs": ";".join(c.needs),
                    "places": c.places,
                    "opens": handles.opening_dates[i, y],
                    "financial_year": handles.demand.financial_years[y],
                    "capital_cost_gbp": c.capital_cost_gbp,
                    "running_cost_gbp_per_place_per_year": c.running_cost_gbp_per_place_per_year,
                    "source": c.source,
                }
            )
    return pl.DataFrame(rows, schema=PROGRAMME_SCHEMA) if rows else empty_programme()


def programme_places(programme: pl.DataFrame, demand: PlaceDemand) -> np.ndarray:
    """Average places the programme adds, [Y, K, A, N]."""
    out = np.zeros((demand.years, K, st.A, st.N))
    for row in programme.iter_rows(named=True):
        cells = allocation(row["setting"], row["age_bands"].split(";"), row["needs"].split(";"), row["places"], demand.stock_base)
        k = PLACE_SETTINGS.index(row["setting"])
        for y, start in enumerate(demand.year_starts):
            out[y, k] += cells * share_of_year_open(row["opens"], start)
    return out


def programme_money_by_year(programme: pl.DataFrame, year_starts: Sequence[dt.date]) -> tuple[np.ndarray, np.ndarray]:
    """Capital (paid in the year of opening) and running cost of the programme's places, £ [Y] each."""
    capital = np.zeros(len(year_starts))
    running = np.zeros(len(year_starts))
    ends = [dt.date(s.year + 1, s.month, 1) for s in year_starts]
    for row in programme.iter_rows(named=True):
        for y, start in enumerate(year_starts):
            if start <= row["opens"] < ends[y]:
                capital[y] += row["capital_cost_gbp"]
            running[y] += row["places"] * row["running_cost_gbp_per_place_per_year"] * share_of_year_open(row["opens"], start)
    return capital, running


def _provision_block(
    name: str, setting: str, bands: Sequence[str], needs: Sequence[str], places: int, opens: dt.date, capital: float | None, source: str
) -> str:
    lines = [
        "[[capacity.new_provision]]",
        f"name = {toml_string(name)}",
        f"setting = {toml_string(setting)}",
        f"age_bands = {toml_list(bands)}",
        f"needs = {toml_list(needs)}",
        f"places = {int(places)}",
        f"opens = {opens.isoformat()}",
    ]
    if capital is not None:
        lines.append(f"capital_cost_gbp = {float(capital):.1f}")
    lines.append(f"source = {toml_string(source)}")
    return "\n".join(lines) + "\n"


def programme_to_scenario(
    programme: pl.DataFrame,
    base_scenario_name: str,
    path: str | Path,
    *,
    base_provisions: Sequence[NewProvision] = (),
    data_folder: str | None = None,
    name: str | None = None,
    description: str | None = None,
) -> Path:
    """Write a scenario TOML ``extends = "<base>"`` that opens the programme's places.

    ``base_scenario_name`` is the file stem of the base scenario, which must sit in the same
    folder as ``path``. A scenario's ``new_provision`` list replaces its parent's, so the base's
    own provisions (``base_provisions``) are written first. ``data_folder`` (relative to the new
    file) is set when the file lives away from the base's data folder.
    """
    path = Path(path)
    name = name or f"{base_scenario_name}_places_programme"
    total = int(programme["places"].sum()) if programme.height else 0
    capital = float(programme["capital_cost_gbp"].sum()) if programme.height else 0.0
    description = description or (
        f"{base_scenario_name} plus the place programme chosen by sefton-sim optimise places: "
        f"{programme.height} openings, {total} places, capital £{capital / 1e6:.2f}m."
    )
    parts = [
        "# Written by `sefton-sim optimise places`: the chosen place programme as a scenario.\n",
        f"# Run it with `sefton-sim run {path.name}` or compare it with its base.\n",
        f"extends = {toml_string(base_scenario_name)}\n",
        f"name = {toml_string(name)}\n",
        f"description = {toml_string(description)}\n",
    ]
    if data_folder is not None:
        parts.append(f"data_folder = {toml_string(data_folder)}\n")
    for p in base_provisions:
        parts.append("\n" + _provision_block(p.name, p.setting, p.age_bands, p.needs, p.places, p.opens, p.capital_cost_gbp, p.source))
    counts: dict[str, int] = {}
    totals = programme.group_by("project").len().to_dict(as_series=False) if programme.height else {"project": [], "len": []}
    repeats = dict(zip(totals["project"], totals["len"]))
    for row in programme.iter_rows(named=True):
        counts[row["project"]] = counts.get(row["project"], 0) + 1
        label = row["project"] if repeats[row["project"]] == 1 else f"{row['project']} #{counts[row['project']]}"
        parts.append(
            "\n"
            + _provision_block(
                label,
                row["setting"],
                row["age_bands"].split(";"),
                row["needs"].split(";"),
                row["places"],
                row["opens"],
                row["capital_cost_gbp"],
                f"chosen by sefton-sim optimise places; {row['source']}",
            )
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(parts))
    return path


_DATA_FOLDER_SETTING = re.compile(r"(?m)^\s*data_folder\s*=.*$")


def copy_scenario_chain(scenario_path: str | Path, folder: Path, data_folder: str) -> list[Path]:
    """Copy a scenario and the files it extends into ``folder`` with ``data_folder`` re-pointed
    (set at the top of a file that has none), so that a scenario written into ``folder`` can
    ``extends`` them."""
    from sefton_sim.scenario.load import scenario_chain

    line = data_folder_line(data_folder)

    def rewrite(text: str) -> str:
        if _DATA_FOLDER_SETTING.search(text):
            return _DATA_FOLDER_SETTING.sub(lambda _: line, text, count=1)
        return line + "\n" + text

    return copy_scenario_files(scenario_chain(Path(scenario_path)), folder, rewrite)


def relative_data_folder(data_folder: Path, scenario_folder: Path) -> str:
    """``data_folder`` as seen from ``scenario_folder`` (relative when possible)."""
    try:
        return os.path.relpath(Path(data_folder).resolve(), Path(scenario_folder).resolve())
    except ValueError:  # another drive
        return str(Path(data_folder).resolve())
