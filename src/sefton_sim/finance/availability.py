"""Which money ledgers a council data folder allows, decided by which tables are present.

A folder built from the DfE statistics (``sefton-sim council init``) has the SEND tables only.
Each ledger needs these tables besides them:

- High Needs spend on placements (children by setting × cost per child, send_settings.csv): none;
- High Needs grant and deficit, the other High Needs lines and SEND cost inflation: money_assumptions.csv;
- home-to-school transport, SEND part (send_settings.csv): none; its mainstream base and inflation:
  money_assumptions.csv;
- children's social care packages: csc_placements.csv + csc_parameters.csv;
- adult social care packages: asc_services.csv + asc_parameters.csv;
- General Fund / MTFP: gf_budget_2024_25.csv + gf_funding_2024_25.csv + money_assumptions.csv and
  both social care pairs (their packages are demand-led budget lines).

Without money_assumptions.csv there is no inflation assumption: High Needs spend and SEND
transport are then at the unit costs' own prices (2023/24), and the notes say so. Presence
decides, not validity: a table that is present is checked and a bad one refuses the run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

from sefton_sim.finance.money_data import ASSUMPTIONS_FILE, BUDGET_FILE, FUNDING_FILE
from sefton_sim.social_care import asc_packages, csc_packages

CSC_TABLES: Final[tuple[str, ...]] = (csc_packages.PLACEMENTS_FILE, csc_packages.PARAMETERS_FILE)
ASC_TABLES: Final[tuple[str, ...]] = (asc_packages.SERVICES_FILE, asc_packages.PARAMETERS_FILE)
TEMPLATES_FOLDER: Final[str] = "templates"
UNIT_COST_PRICES: Final[str] = "2023/24 prices (no inflation: money_assumptions.csv is missing)"
"""How High Needs spend and SEND transport are priced without the money assumptions."""


@dataclass(frozen=True)
class LedgerNeeds:
    """A ledger (or part of one) that needs money tables, and what those tables hold."""

    key: str  # manifest key
    title: str  # as the note names it
    tables: tuple[str, ...]
    holding: str  # what the tables hold, in the council's words
    instead: str = ""  # what the run still writes in its place


LEDGER_NEEDS: Final[tuple[LedgerNeeds, ...]] = (
    LedgerNeeds(
        "high_needs_deficit",
        "High Needs grant and deficit",
        (ASSUMPTIONS_FILE,),
        "the High Needs grant, the opening DSG deficit, the other High Needs lines and cost inflation",
        f"High Needs spend is placements only, at {UNIT_COST_PRICES}",
    ),
    LedgerNeeds(
        "transport_mainstream_base",
        "Home-to-school transport mainstream base",
        (ASSUMPTIONS_FILE,),
        "the non-SEND transport base and transport cost inflation",
        f"transport is the SEND part only, at {UNIT_COST_PRICES}",
    ),
    LedgerNeeds(
        "childrens_social_care", "Children's social care", CSC_TABLES, "children looked after by placement type, weekly costs and entry rates"
    ),
    LedgerNeeds("adult_social_care", "Adult social care", ASC_TABLES, "adult clients and weekly prices by service, growth and contributions"),
    LedgerNeeds(
        "general_fund",
        "General Fund / MTFP",
        (BUDGET_FILE, FUNDING_FILE, ASSUMPTIONS_FILE, *CSC_TABLES, *ASC_TABLES),
        "the 2024/25 budget by service, its funding, growth and reserves, and the social care packages",
    ),
)


def table_present(folder: Path, name: str) -> bool:
    """Is table ``name`` in ``folder`` (a dangling link counts as present, so reading it fails loudly)?"""
    path = Path(folder) / name
    return path.exists() or path.is_symlink()


@dataclass(frozen=True)
class SkippedLedger:
    """A ledger a run did not compute, with the tables it is missing."""

    needs: LedgerNeeds
    missing: tuple[str, ...]
    templates: Path | None  # the folder's templates/ sub-folder, where there is one

    def note(self) -> str:
        """One line for the terminal: what was not computed, which tables are missing and what they hold."""
        where = f"; templates in {self.templates}/" if self.templates is not None else ""
        text = f"{self.needs.title} not computed: missing {', '.join(self.missing)} ({self.needs.holding}{where})"
        return f"{text}; {self.needs.instead}" if self.needs.instead else text

    def manifest_entry(self) -> dict[str, object]:
        """The manifest's record of this skipped ledger."""
        return {"missing": list(self.missing), "needs": self.needs.holding, "note": self.note()}


@dataclass(frozen=True)
class MoneyAvailability:
    """The money tables present in a council data folder and the ledgers they leave out."""

    folder: Path
    present: frozenset[str]
    skipped: tuple[SkippedLedger, ...]

    @property
    def complete(self) -> bool:
        """Every ledger can be computed (the full money run)."""
        return not self.skipped

    def has(self, *names: str) -> bool:
        """Are all of these tables present?"""
        return all(name in self.present for name in names)

    def notes(self) -> list[str]:
        """One line per skipped ledger."""
        return [s.note() for s in self.skipped]

    def manifest_entry(self) -> dict[str, object]:
        """The manifest's record: the skipped ledgers by key (empty when every ledger is computed)."""
        return {s.needs.key: s.manifest_entry() for s in self.skipped}


def money_availability(folder: str | Path) -> MoneyAvailability:
    """Which money ledgers the tables present in ``folder`` allow."""
    folder = Path(folder)
    names = {name for needs in LEDGER_NEEDS for name in needs.tables}
    present = frozenset(name for name in names if table_present(folder, name))
    templates = folder / TEMPLATES_FOLDER
    where = templates if templates.is_dir() else None
    skipped = tuple(
        SkippedLedger(needs, tuple(n for n in needs.tables if n not in present), where)
        for needs in LEDGER_NEEDS
        if any(n not in present for n in needs.tables)
    )
    return MoneyAvailability(folder, present, skipped)
