"""The savings portfolio optimiser's levers and settings: the savings options table
(``data/<council>/savings_options.csv``, ``load_savings_options``), the objective weights
(``SavingsWeights``) and the settings of ``sefton-sim optimise savings`` (``load_savings_settings``).

The optimiser runs, in order (build → solve → extract), through one module per job:

- ``savings_inputs``: what the model reads from a no-plan run (gap, floor, balances, council tax,
  delivery draws);
- ``savings_model``: ``build_savings_model`` → (``pulp.LpProblem``, ``SavingsHandles``), the
  formulation in its docstring;
- ``savings_solve``: ``solve_savings_model``, and an infeasible α explained in plain words;
- ``savings_plan``: ``plan_from_handles`` / ``extract_plan``, the plan's exact effect, and the plan
  written as a scenario TOML;
- ``savings_evaluation``: the out-of-sample re-simulation and the probabilities table;
- ``savings_charts``: the general balances fan chart;
- ``savings_reference``: the reference instances for tests, benchmarks and instance export.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
from pydantic import Field, ValidationError

from sefton_sim.data import tables as t
from sefton_sim.errors import BadInputError
from sefton_sim.model import limits as lim
from sefton_sim.scenario.base import StrictModel
from sefton_sim.scenario.finance import financial_year_label, financial_year_start

if TYPE_CHECKING:
    from sefton_sim.simulate.run import Inputs

OPTIONS_FILE = "savings_options.csv"
OPTIMISER_STREAM = 104
"""Seed stream of the optimiser's delivery draws: ``SeedSequence(seed, spawn_key=(0, 104))``."""
OptionKind = Literal["saving", "council_tax", "reserves"]
KINDS: tuple[str, ...] = ("saving", "council_tax", "reserves")
ChanceMode = Literal["joint", "per_year"]
_SAVING_COLUMN = re.compile(r"^saving_(20\d\d)_(\d\d)_gbp_m$")
_OPTION_ID = re.compile(r"^[a-z0-9_]+$")
_REQUIRED_COLUMNS = (
    "option",
    "description",
    "kind",
    "recurrent",
    "one_off_cost_gbp_m",
    "one_off_cost_financial_year",
    "council_tax_pct",
    "delivery_probability",
    "exclusive_group",
    "requires",
    "service_impact_score",
)


# ----------------------------------------------------------------------------- options and settings


@dataclass(frozen=True)
class SavingsOption:
    """One lever of the savings table, resolved to the ledger years.

    ``saving_gbp_m`` [Y] is the saving per financial year if delivered (for ``reserves`` the most
    that may be drawn that year); ``one_off_cost_gbp_m`` falls in ledger year ``one_off_cost_year``
    whether or not the saving is delivered; ``council_tax_pct`` is the increase of a council tax
    level (``council_tax`` options, chosen year by year).
    """

    option: str
    description: str
    kind: OptionKind
    saving_gbp_m: np.ndarray
    recurrent: bool
    one_off_cost_gbp_m: float
    one_off_cost_year: int | None
    council_tax_pct: float
    delivery_probability: float
    exclusive_group: str | None
    requires: str | None
    service_impact_score: float
    source: str

    def cost_by_year_gbp_m(self, years: int) -> np.ndarray:
        """The one-off cost as an array over the ledger years, £m."""
        cost = np.zeros(years)
        if self.one_off_cost_year is not None and 0 <= self.one_off_cost_year < years:
            cost[self.one_off_cost_year] = self.one_off_cost_gbp_m
        return cost


@dataclass(frozen=True)
class SavingsOptions:
    """The levers of one council for a given run's financial years (table order kept)."""

    options: tuple[SavingsOption, ...]
    year_labels: tuple[str, ...]
    file: Path | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """Option ids in table order."""
        return tuple(o.option for o in self.options)

    def of_kind(self, kind: str) -> tuple[SavingsOption, ...]:
        """The options of one kind, in table order."""
        return tuple(o for o in self.options if o.kind == kind)

    def by_name(self, name: str) -> SavingsOption:
        """The option with id ``name``."""
        for o in self.options:
            if o.option == name:
                return o
        raise KeyError(name)


def _cell(value: str | None) -> str:
    return "" if value is None else str(value).strip()


def _number(path: Path, row: int, column: str, value: str | None, default: float | None = None, limit: lim.Limit = lim.NUMBER) -> float:
    if not _cell(value) and default is not None:
        return default
    return lim.parse_number(value, path, f"row {row}.{column}", limit)


def load_savings_options(path: str | Path, year_labels: Sequence[str]) -> SavingsOptions:
    """Read and check a savings options table for the ledger years ``year_labels``.

    Savings columns are ``saving_YYYY_YY_gbp_m`` (£m per financial year, blank = 0). Years of the
    run after the table's last year repeat the last value if ``recurrent`` is true, else 0; table
    years outside the run are ignored. Every failure is a one-line ``BadInputError``.
    """
    path = Path(path)
    frame = t.read_table(path, _REQUIRED_COLUMNS)
    year_columns = {c: m for c in frame.columns if (m := _SAVING_COLUMN.match(c))}
    if not year_columns:
        raise BadInputError(path, "(columns)", frame.columns, "columns named like saving_2025_26_gbp_m")
    table_years: list[tuple[int, str]] = []
    for column, match in year_columns.items():
        start = int(match.group(1))
        if int(match.group(2)) != (start + 1) % 100:
            raise BadInputError(path, column, column, "a financial year spanning consecutive years, like saving_2025_26_gbp_m")
        table_years.append((start, column))
    table_years.sort()
    for (before, _), (start, column) in zip(table_years, table_years[1:]):
        if start != before + 1:
            raise BadInputError(
                path,
                "(columns)",
                column,
                f"a saving column for every financial year, with none missing after saving_{before}_{(before + 1) % 100:02d}_gbp_m",
            )
    labels = tuple(year_labels)
    starts = [financial_year_start(label) for label in labels]
    last_table_year = table_years[-1][0]
    options: list[SavingsOption] = []
    for row, record in enumerate(frame.iter_rows(named=True), start=2):
        name = _cell(record["option"])
        if not _OPTION_ID.match(name):
            raise BadInputError(path, f"row {row}.option", record["option"], "an id of lower-case letters, digits and _")
        if name in {o.option for o in options}:
            raise BadInputError(path, f"row {row}.option", name, "a name not used by an earlier row")
        if len(_cell(record["description"])) > lim.OPTION_DESCRIPTION_CAP:
            raise BadInputError(path, f"row {row}.description", record["description"], f"at most {lim.OPTION_DESCRIPTION_CAP} characters")
        kind = _cell(record["kind"])
        if kind not in KINDS:
            raise BadInputError(path, f"row {row}.kind", record["kind"], "saving, council_tax or reserves")
        by_table_year = {}
        for start, column in table_years:
            amount = _number(path, row, column, record[column], default=0.0, limit=lim.MONEY_GBP_M)
            if amount < 0:
                raise BadInputError(path, f"row {row}.{column}", amount, "a non-negative amount in £m (a cost goes in one_off_cost_gbp_m)")
            by_table_year[start] = amount
        recurrent_text = _cell(record["recurrent"]).lower()
        if recurrent_text not in ("true", "false"):
            raise BadInputError(path, f"row {row}.recurrent", record["recurrent"], "true or false")
        recurrent = recurrent_text == "true"
        saving = np.array([by_table_year.get(s, by_table_year[last_table_year] if (recurrent and s > last_table_year) else 0.0) for s in starts])
        cost = _number(path, row, "one_off_cost_gbp_m", record["one_off_cost_gbp_m"], default=0.0, limit=lim.MONEY_GBP_M)
        if cost < 0:
            raise BadInputError(path, f"row {row}.one_off_cost_gbp_m", cost, "a non-negative amount in £m")
        cost_label = _cell(record["one_off_cost_financial_year"])
        cost_year: int | None = None
        if cost > 0:
            if not cost_label:
                raise BadInputError(path, f"row {row}.one_off_cost_financial_year", None, "the financial year of the one-off cost, like 2025/26")
            try:
                cost_year = financial_year_start(cost_label) - starts[0]
            except ValueError as exc:
                raise BadInputError(path, f"row {row}.one_off_cost_financial_year", cost_label, str(exc)) from None
            if cost_year < 0:
                raise BadInputError(path, f"row {row}.one_off_cost_financial_year", cost_label, f"a year from {labels[0]} on")
        pct = _number(path, row, "council_tax_pct", record["council_tax_pct"], default=0.0, limit=lim.PCT)
        if kind == "council_tax" and not 0 < pct <= 100:
            raise BadInputError(path, f"row {row}.council_tax_pct", record["council_tax_pct"], "an increase in percent above 0 (council_tax options)")
        if kind != "council_tax" and pct != 0:
            raise BadInputError(path, f"row {row}.council_tax_pct", pct, "blank (only council_tax options carry a percent)")
        if kind == "council_tax" and (np.any(saving > 0) or cost > 0):
            raise BadInputError(path, f"row {row}.saving", name, "no savings or costs on a council_tax option (its yield comes from the ledger)")
        probability = _number(path, row, "delivery_probability", record["delivery_probability"])
        if not 0 <= probability <= 1:
            raise BadInputError(path, f"row {row}.delivery_probability", probability, "a probability between 0 and 1")
        if kind != "saving" and probability != 1:
            raise BadInputError(
                path, f"row {row}.delivery_probability", probability, f"1 for a {kind} option (it is a decision, not a delivery risk)"
            )
        score = _number(path, row, "service_impact_score", record["service_impact_score"])
        if not 0 <= score <= 10:
            raise BadInputError(path, f"row {row}.service_impact_score", score, "a score from 0 (none) to 10 (severe)")
        options.append(
            SavingsOption(
                option=name,
                description=_cell(record["description"]) or name,
                kind=kind,  # type: ignore[arg-type]
                saving_gbp_m=saving,
                recurrent=recurrent,
                one_off_cost_gbp_m=cost,
                one_off_cost_year=cost_year,
                council_tax_pct=pct,
                delivery_probability=probability,
                exclusive_group=_cell(record["exclusive_group"]) or None,
                requires=_cell(record["requires"]) or None,
                service_impact_score=score,
                source=_cell(record["source"]),
            )
        )
    by_name = {o.option: o for o in options}
    for row, o in enumerate(options, start=2):
        if o.requires is not None:
            other = by_name.get(o.requires)
            if other is None or other.option == o.option:
                raise BadInputError(path, f"row {row}.requires", o.requires, "the id of another option in the table")
            if (other.kind == "council_tax") != (o.kind == "council_tax"):
                raise BadInputError(
                    path, f"row {row}.requires", o.requires, "an option of the same kind (council tax levels depend on council tax levels)"
                )
        if o.exclusive_group is not None:
            kinds = {p.kind == "council_tax" for p in options if p.exclusive_group == o.exclusive_group}
            if len(kinds) > 1:
                raise BadInputError(
                    path, f"row {row}.exclusive_group", o.exclusive_group, "a group of council tax levels only, or of other options only"
                )
    return SavingsOptions(tuple(options), labels, path)


def check_options_table(inputs: Inputs) -> None:
    """Check the savings options table of a prepared run's data folder (if it has one) for the run's years."""
    path = inputs.data.folder / OPTIONS_FILE
    if path.exists() or path.is_symlink():
        first = inputs.first_financial_year
        load_savings_options(path, [financial_year_label(first + y) for y in range(inputs.scenario.horizon_years)])


@dataclass(frozen=True)
class SavingsWeights:
    """Objective weights: service impact points per option score point, per percentage point of
    council tax increase per year, and a small reward per £m of expected net saving (tie-break)."""

    impact: float = 1.0
    tax: float = 1.0
    tie_break: float = 1e-3
    unidentified: float = 2.0  # per £m-year of further savings still to be identified


class SavingsSettings(StrictModel):
    """Settings of ``sefton-sim optimise savings`` (a TOML file, optionally under ``[optimise.savings]``)."""

    alpha: float = Field(0.9, gt=0.0, le=1.0, description="Share of simulated futures in which general balances must stay at or above the floor.")
    chance: ChanceMode = Field(
        "joint", description="joint: every year on the same path (the budget balances); per_year: α of paths in each year separately."
    )
    impact_weight: float = Field(1.0, ge=0.0, le=1e6, description="Objective weight of one service impact score point.")
    tax_weight: float = Field(1.0, ge=0.0, le=1e6, description="Objective weight of one percentage point of council tax increase in one year.")
    tie_break_per_gbp_m: float = Field(
        1e-3, ge=0.0, le=1.0, description="Small reward per £m of expected net saving, to prefer the richer of equally scored plans."
    )
    paths: int | None = Field(None, ge=1, le=100_000, description="Simulated futures to plan on (default: the scenario's).")
    horizon_years: int | None = Field(None, ge=1, le=15, description="Financial years (default: the scenario's).")
    out_of_sample_paths: int | None = Field(
        None, ge=1, le=100_000, description="Fresh futures for the out-of-sample check (default: as many as planned on)."
    )
    out_of_sample_seed_offset: int = Field(1, ge=1, le=1_000_000, description="Fresh futures use the scenario seed plus this offset.")
    max_rounds: int = Field(
        4,
        ge=1,
        le=10,
        description="Solves at most: if the plan keeps balances above the floor in fewer than α of the fresh futures, "
        "it is re-solved with a higher in-sample α (then a safety margin above the floor), up to this many times in all.",
    )
    options_file: str | None = Field(None, description="Savings options table (default: savings_options.csv in the scenario's data folder).")
    profile: str = Field("highs", description="Solver profile: highs, cbc or a path to a profile TOML.")
    unidentified_savings: bool = Field(
        False,
        description="Allow a balancing item: further recurrent savings still to be identified (certain, "
        "from the second financial year), sized by the optimiser. Off: an α the named options cannot "
        "meet is infeasible.",
    )
    unidentified_weight: float = Field(
        2.0,
        ge=0.0,
        le=1e6,
        description="Objective weight per £m-year of savings still to be identified (assumption: 2, so an "
        "unnamed £1m a year outweighs a named option's impact score per £m; range 1-10).",
    )

    @property
    def weights(self) -> SavingsWeights:
        """The objective weights."""
        return SavingsWeights(self.impact_weight, self.tax_weight, self.tie_break_per_gbp_m, self.unidentified_weight)


def load_savings_settings(path: str | Path | None, overrides: Mapping[str, object] | None = None) -> SavingsSettings:
    """Settings from a TOML file (keys at the top or under ``[optimise.savings]``) with command-line
    ``overrides`` (``None`` values ignored); a relative ``options_file`` is read beside the TOML."""
    data: dict[str, object] = {}
    where: str | Path = "(command line)"
    if path is not None:
        path = Path(path)
        where = path
        if not path.is_file():
            raise BadInputError(path, "(file)", str(path), "an existing settings TOML file")
        try:
            raw = tomllib.loads(path.read_text())
        except tomllib.TOMLDecodeError as exc:
            raise BadInputError(path, "(syntax)", str(exc), "valid TOML") from None
        section = raw.get("optimise", {}).get("savings") if isinstance(raw.get("optimise"), dict) else None
        data = dict(section if isinstance(section, dict) else raw)
        if isinstance(data.get("options_file"), str) and not Path(str(data["options_file"])).is_absolute():
            data["options_file"] = str((path.parent / str(data["options_file"])).resolve())
    for key, value in (overrides or {}).items():
        if value is not None:
            data[key] = value
    try:
        return SavingsSettings.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(x) for x in err["loc"]) or "(root)"
        expected = str(err["msg"]).removeprefix("Value error, ")
        if err.get("type") == "extra_forbidden":
            expected = f"a known setting ({', '.join(SavingsSettings.model_fields)})"
        raise BadInputError(where, key, err.get("input"), expected) from None
