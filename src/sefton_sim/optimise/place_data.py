"""Inputs of the place-programme optimiser: candidate projects, capital budgets, unit costs.

Tables (CSV in the council data folder, each row with a ``source``):

- ``send_candidate_projects.csv``: project, setting (sen_unit | special), age_bands and needs
  (``;``-separated), places, earliest_opening (ISO date, normally 1 September),
  capital_cost_gbp, running_cost_gbp_per_place_per_year (the in-borough cost of one commissioned
  place, paid whether or not a child fills it), max_delivery (1 for a named project, more for a
  generic option that can be built several times).
- ``capital_budget.csv``: financial_year (``2024/25``), high_needs_capital_gbp,
  delivery_limit_projects (projects that can open in the year).

Unit costs per child come from ``send_settings.csv`` (already loaded as ``CouncilData``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sefton_sim.data import tables as t
from sefton_sim.data.council import CouncilData
from sefton_sim.errors import BadInputError
from sefton_sim.model import limits as lim
from sefton_sim.model import states as st
from sefton_sim.scenario.finance import financial_year_label

if TYPE_CHECKING:
    from sefton_sim.simulate.run import Inputs

CANDIDATES_FILE = "send_candidate_projects.csv"
BUDGET_FILE = "capital_budget.csv"
PLACE_SETTINGS: tuple[str, ...] = st.IN_BOROUGH_SPECIALIST
"""Settings whose places the optimiser can add: (sen_unit, special), in this order."""


def slug(text: str) -> str:
    """A name safe for LP files and variable names (lower case, ``_`` between words)."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


@dataclass(frozen=True)
class CandidateProject:
    """One project the optimiser may open (a named pipeline project or a generic option)."""

    project: str
    setting: str
    age_bands: tuple[str, ...]
    needs: tuple[str, ...]
    places: int
    earliest_opening: dt.date
    capital_cost_gbp: float
    running_cost_gbp_per_place_per_year: float
    max_delivery: int
    source: str
    pipeline_provision: str = ""  # the send_place_pipeline.csv row this project is, if any

    @property
    def key(self) -> str:
        """Identifier used in variable and constraint names."""
        return slug(self.project)


@dataclass(frozen=True)
class YearBudget:
    """High Needs capital and delivery capacity of one financial year."""

    financial_year: str
    high_needs_capital_gbp: float
    delivery_limit_projects: int
    source: str


@dataclass(frozen=True)
class CapitalBudget:
    """Capital and delivery limits by financial year."""

    years: dict[str, YearBudget]
    path: Path | None = None

    def for_years(self, financial_years: Sequence[str]) -> list[YearBudget]:
        """The budgets of ``financial_years``, in order; a missing year is a bad input."""
        out = []
        for fy in financial_years:
            if fy not in self.years:
                raise BadInputError(
                    self.path, "financial_year", fy, f"a row for every financial year of the horizon ({financial_years[0]}-{financial_years[-1]})"
                )
            out.append(self.years[fy])
        return out


@dataclass(frozen=True)
class PlaceCosts:
    """Money per child per year by setting (2023/24 prices).

    ``cost_gbp_per_child_per_year`` is the education cost of a filled place; transport is the
    expected cost per child (share transported × cost per transported pupil).
    """

    cost_gbp_per_child_per_year: dict[str, float]  # sen_unit, special, inmss
    transport_gbp_per_child_per_year: dict[str, float]

    def inmss_gbp_per_child_per_year(self) -> float:
        """Cost of one child in an independent / non-maintained special school, with transport."""
        return self.cost_gbp_per_child_per_year["inmss"] + self.transport_gbp_per_child_per_year["inmss"]

    def saving_gbp_per_child_per_year(self, setting: str) -> float:
        """What one child placed in an (already paid for) in-borough place saves against INMSS."""
        return self.inmss_gbp_per_child_per_year() - self.transport_gbp_per_child_per_year[setting]


def place_costs(data: CouncilData) -> PlaceCosts:
    """Unit costs of unit, special and INMSS places from the council's ``send_settings.csv``."""
    names = (*PLACE_SETTINGS, "inmss")
    idx = {s: st.SETTINGS.index(s) for s in names}
    return PlaceCosts(
        cost_gbp_per_child_per_year={s: float(data.cost_gbp_per_child_per_year[i]) for s, i in idx.items()},
        transport_gbp_per_child_per_year={
            s: float(data.share_transported[i] * data.transport_cost_gbp_per_pupil_per_year[i]) for s, i in idx.items()
        },
    )


def _int(value: float, path: Path, key: str, low: int) -> int:
    if value != int(value) or value < low:
        raise BadInputError(path, key, value, f"a whole number of at least {low}")
    return int(value)


def load_candidates(folder: str | Path, file: str = CANDIDATES_FILE) -> tuple[CandidateProject, ...]:
    """Read and check the candidate projects of a council data folder."""
    path = Path(folder) / file
    numeric = {
        "places": lim.COUNT,
        "capital_cost_gbp": lim.NON_NEGATIVE_MONEY_GBP,
        "running_cost_gbp_per_place_per_year": lim.NON_NEGATIVE_MONEY_GBP,
        "max_delivery": lim.COUNT,
    }
    frame = t.read_table(path, ["project", "setting", "age_bands", "needs", "earliest_opening", *numeric], numeric)
    t.check_in_set(frame, "setting", PLACE_SETTINGS, path)
    t.check_in_set(frame, "age_bands", st.AGE_BANDS, path)
    t.check_in_set(frame, "needs", st.NEEDS, path)
    out: list[CandidateProject] = []
    seen: set[str] = set()
    for row_number, row in enumerate(frame.iter_rows(named=True), start=2):
        where = f"row {row_number}"
        name = str(row["project"] or "").strip()
        if not name or slug(name) in seen:
            raise BadInputError(path, f"{where}.project", row["project"], "a unique, non-empty project name")
        seen.add(slug(name))
        out.append(
            CandidateProject(
                project=name,
                setting=row["setting"],
                age_bands=tuple(row["age_bands"].split(";")),
                needs=tuple(row["needs"].split(";")),
                places=_int(row["places"], path, f"{where}.places", 1),
                earliest_opening=t.parse_date(row["earliest_opening"], path, f"{where}.earliest_opening"),
                capital_cost_gbp=float(row["capital_cost_gbp"]),
                running_cost_gbp_per_place_per_year=float(row["running_cost_gbp_per_place_per_year"]),
                max_delivery=_int(row["max_delivery"], path, f"{where}.max_delivery", 1),
                source=row["source"],
                pipeline_provision=str(row.get("pipeline_provision") or "").strip(),
            )
        )
    if not out:
        raise BadInputError(path, "(rows)", 0, "at least one candidate project")
    return tuple(out)


def load_capital_budget(folder: str | Path, file: str = BUDGET_FILE) -> CapitalBudget:
    """Read and check the capital budget and delivery limits by financial year."""
    path = Path(folder) / file
    frame = t.read_table(
        path,
        ["financial_year", "high_needs_capital_gbp", "delivery_limit_projects"],
        {"high_needs_capital_gbp": lim.NON_NEGATIVE_MONEY_GBP, "delivery_limit_projects": lim.COUNT},
    )
    years: dict[str, YearBudget] = {}
    for row_number, row in enumerate(frame.iter_rows(named=True), start=2):
        fy = str(row["financial_year"]).strip()
        match = re.fullmatch(r"(\d{4})/(\d{2})", fy)
        if match is None or financial_year_label(int(match.group(1))) != fy:
            raise BadInputError(path, f"row {row_number}.financial_year", fy, "a financial year such as 2024/25")
        if fy in years:
            raise BadInputError(path, f"row {row_number}.financial_year", fy, "each financial year once")
        years[fy] = YearBudget(
            fy,
            float(row["high_needs_capital_gbp"]),
            _int(row["delivery_limit_projects"], path, f"row {row_number}.delivery_limit_projects", 0),
            row["source"],
        )
    return CapitalBudget(years, path)


def check_place_tables(inputs: Inputs) -> None:
    """Check the place optimiser's tables of a prepared run's data folder, where present."""
    folder = inputs.data.folder
    if (folder / CANDIDATES_FILE).exists() or (folder / CANDIDATES_FILE).is_symlink():
        load_candidates(folder)
    if (folder / BUDGET_FILE).exists() or (folder / BUDGET_FILE).is_symlink():
        load_capital_budget(folder)


def candidates_not_carried(candidates: tuple[CandidateProject, ...], carried_provisions: list[str]) -> tuple[CandidateProject, ...]:
    """The candidates a scenario does not already carry: a project that is a row of the council's
    place pipeline (``pipeline_provision``) the scenario includes is already open in its base, so
    it cannot be chosen a second time."""
    carried = set(carried_provisions)
    return tuple(c for c in candidates if not c.pipeline_provision or c.pipeline_provision not in carried)
