"""The savings portfolio optimiser: which savings options, council tax increases and reserve
draws keep general balances above the floor in at least α of the simulated futures.

Pure functions, in the order a run uses them (build → solve → extract):

- ``load_savings_options``: the council's levers (``data/<council>/savings_options.csv``).
- ``savings_inputs``: from a baseline run (no plan) per path and financial year: the gap (a
  High Needs charge borne by the General Fund included), the floor, the opening general balances,
  the council tax line and what 1% of council tax yields, and one delivery draw per path and
  option.
- ``build_savings_model`` → (``pulp.LpProblem``, ``SavingsHandles``); ``solve_savings_model``;
  ``plan_from_handles`` / ``extract_plan``.
- ``balances_with_plan`` (an exact re-computation outside the model), ``plan_to_scenario``
  (a scenario TOML that ``run`` / ``compare`` / ``validate`` read), ``out_of_sample``
  (re-simulation on fresh paths), ``reserves_fan_chart``.

The model (all money in £m, years are ledger years, year 0 = 2024/25 for Sefton)::

    take[o] ∈ {0,1}                   saving options and earmarked-reserve options
    ct[l,y] ∈ {0,1}, y ≥ 1            council tax levels (2.99% core, 2% ASC precept) per year
    draw[r,y] ∈ [0, max[r,y]·take[r]] earmarked reserves released to the revenue budget
    B[p,y]                            general balances at 31 March on path p
    B[p,y] = B[p,y-1] − gap[p,y] + Σ_o take[o]·delivered[p,o]·saving[o,y] − Σ_o take[o]·cost[o,y]
             + Σ_{t≤y} K[t,y]·(pct[t] − pct_no_plan[t]) + Σ_r draw[r,y] (+ U[y]),   B[p,-1] = opening
    B[p,y] ≥ floor[p,y] − M[p,y]·(1 − ok[p])       for every year (joint chance constraint)
    Σ_p ok[p] ≥ ⌈α·P⌉                              "chance_share"
    Σ_{o∈g} take[o] ≤ 1 ("exclusive_<g>"), take[o] ≤ take[requires(o)] ("requires_<o>"),
    Σ_l pct_l·ct[l,y] ≤ referendum cap ("referendum_cap_<year>")
    minimise impact_weight·Σ score·take + tax_weight·Σ_y pct[y] − tie_break·Σ_o take·E[net saving]
             (+ unidentified_weight·Σ_y U[y] with the balancing item, below)

Use of general balances is not a separate lever: the recursion draws every year's remaining gap
from them, and the floor rows are the limit on that draw (down to 6.5% of the net budget). The
``reserves`` options are earmarked reserves released to the revenue budget, up to a stated amount.

Balancing item (off by default; ``unidentified=True``, CLI ``--allow-unidentified``): further
recurrent savings still to be identified, ``further[y] ≥ 0`` found in year y ≥ 1 and certain once
found, ``U[y] = Σ_{t≤y} further[t]`` added to every path's budget; weighted per £m-year. Without it,
an α the named options cannot reach is infeasible, and the explanation says which year falls short,
the best achievable shares, and how much further saving α would need (the same model with the
balancing item, solved for the least £m-years).

Big-M values are per row, ``M[p,y] = floor[p,y] − (lowest balances any plan can give)``; paths
that no plan can keep above the floor get ``ok = 0``; and where path p is at least as safe as path
q under every plan (all of q's delivered savings and at least its headroom), ``ok[q] ≤ ok[p]``
("dominance_*" rows, the transitive reduction; ``dominance_pairs``), which keeps an optimum and
speeds HiGHS up 2-4x on the reference instances.

The chance constraint is joint across years by default: a path counts only if its balances stay
at or above the floor in every year ("the budget balances"), which implies at least α of paths in
each single year. ``chance = "per_year"`` asks for α of paths year by year instead
(``ok[p,y]``, one ``chance_share_<year>`` per year).

Council tax: the ledger compounds increases, ``CT[y] = CT_no_plan[y] · Π_{t≤y} (1+pct_t/100) /
(1+pct_no_plan_t/100)``. The model uses the first-order term ``K[t,y] = CT_no_plan[y] / (100 +
pct_no_plan_t)`` (the £m raised in year y by one more point in year t). When every change has the
same sign (e.g. the no-plan path is already at the cap, so a plan can only lower it) the linear
term is a lower bound on the yield, so the model is conservative; ``balances_with_plan`` and the
out-of-sample re-simulation use the exact compounding.

Delivery draws: ``Generator(PCG64(SeedSequence(seed, spawn_key=(0, 104))))`` draws one uniform
per path and option (table order); option o is delivered on path p if the uniform is below its
delivery probability (all or nothing; the one-off cost is paid either way). Stream 104 is the
optimiser's own; the ledger's savings draws use stream 103 (``run.SAVINGS_STREAM``).
"""

from __future__ import annotations

import math
import re
import time
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
import polars as pl
import pulp
from pydantic import Field, ValidationError

from sefton_sim.data import tables as t
from sefton_sim.errors import BadInputError, InfeasibleError
from sefton_sim.model import limits as lim
from sefton_sim.optimise.solver import SolveReport, SolverProfile, raise_if_infeasible, solve
from sefton_sim.scenario.base import StrictModel
from sefton_sim.scenario.finance import Saving, financial_year_label, financial_year_start
from sefton_sim.shipped import scenarios_folder

if TYPE_CHECKING:
    from sefton_sim.simulate.run import Inputs, RunResult

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
_TOL = 1e-6


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
        first = inputs.money.first_financial_year
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


# ----------------------------------------------------------------------------- inputs from a run


@dataclass(frozen=True)
class SavingsInputs:
    """What the savings model reads, per path and financial year (£m unless stated).

    ``gap_gbp_m`` is the no-plan draw on general balances (MTFP gap plus any High Needs charge
    borne by the General Fund; negative = contribution). ``delivered`` [P, O] says whether option
    o (table order of ``option_names``) is delivered on path p.
    ``council_tax_yield_gbp_m_per_pct`` [t, y]: £m raised in year y by one more percentage point of
    increase in year t (0 for t > y and for year 0, which is published).
    """

    scenario_name: str
    seed: int
    year_labels: tuple[str, ...]
    option_names: tuple[str, ...]
    gap_gbp_m: np.ndarray  # [P, Y]
    opening_balances_gbp_m: float
    floor_gbp_m: np.ndarray  # [P, Y]
    delivered: np.ndarray  # bool [P, O]
    council_tax_gbp_m: np.ndarray  # [Y] no-plan council tax line
    council_tax_increase_pct: np.ndarray  # [Y] no-plan increases (0 in year 0)
    council_tax_yield_gbp_m_per_pct: np.ndarray  # [Y, Y]
    referendum_cap_pct: float
    draws_seed: str = ""

    @property
    def paths(self) -> int:
        """Number of simulated futures."""
        return int(self.gap_gbp_m.shape[0])

    @property
    def years(self) -> int:
        """Number of financial years."""
        return int(self.gap_gbp_m.shape[1])

    @property
    def balances_no_plan_gbp_m(self) -> np.ndarray:
        """Closing general balances without a plan [P, Y]."""
        return self.opening_balances_gbp_m - np.cumsum(self.gap_gbp_m, axis=1)

    def council_tax_yield_per_pct_gbp_m(self) -> np.ndarray:
        """£m raised in each year by one more percentage point of increase that year [Y] (0 in year 0)."""
        return np.diag(self.council_tax_yield_gbp_m_per_pct).copy()


def council_tax_yield_matrix(council_tax_gbp_m: np.ndarray, increase_pct: np.ndarray) -> np.ndarray:
    """K[t, y] = CT[y] / (100 + pct[t]) for 1 ≤ t ≤ y (£m per percentage point), else 0."""
    years = len(council_tax_gbp_m)
    k = np.zeros((years, years))
    for t_ in range(1, years):
        k[t_, t_:] = council_tax_gbp_m[t_:] / (100.0 + increase_pct[t_])
    return k


def delivery_draws(seed: int, paths: int, probabilities: np.ndarray) -> np.ndarray:
    """Bool [P, O]: option o delivered on path p (one uniform each from stream ``OPTIMISER_STREAM``)."""
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(0, OPTIMISER_STREAM))))
    return rng.random((paths, len(probabilities))) < np.asarray(probabilities)[None, :]


def savings_inputs(result: RunResult, options: SavingsOptions, paths: int | None = None) -> SavingsInputs:
    """The savings model's inputs from a no-plan run (``run.RunResult``), on its first ``paths`` paths.

    Gap, floor and the council tax line come from the General Fund ledger; the delivery draws are
    seeded from the scenario seed (stream ``OPTIMISER_STREAM``, documented in the module).
    """
    from sefton_sim.finance.money_data import load_money_data

    ledgers = result.ledgers
    if ledgers is None:
        raise BadInputError(None, "ledgers", None, "a run with money ledgers")
    gf = ledgers.general_fund
    labels = tuple(ledgers.assumptions.year_labels())
    if tuple(options.year_labels) != labels:
        raise BadInputError(options.file, "(years)", options.year_labels, f"options resolved for the run's years {labels}")
    total = gf.gap_gbp_m.shape[0]
    n = total if paths is None else int(paths)
    if not 1 <= n <= total:
        raise BadInputError(None, "paths", paths, f"between 1 and the run's {total} paths")
    money = load_money_data(result.data.folder)
    ct_ids = [line.id for line in money.funding_in_total if line.kind == "council_tax"]
    if len(ct_ids) != 1 or ct_ids[0] not in gf.funding_lines_gbp_m:
        raise BadInputError(money.folder, "council_tax", ct_ids, "exactly one council tax funding line")
    ct = gf.funding_lines_gbp_m[ct_ids[0]][:n]
    if not np.allclose(ct, ct[:1]):
        raise BadInputError(None, "council_tax", "varies by path", "a council tax line that is the same on every path")
    pct = np.asarray(ledgers.assumptions.council_tax_increase_pct, dtype=float)
    probabilities = np.array([o.delivery_probability for o in options.options])
    return SavingsInputs(
        scenario_name=result.scenario.name,
        seed=int(result.scenario.seed),
        year_labels=labels,
        option_names=options.names,
        gap_gbp_m=np.asarray(gf.gap_gbp_m[:n] + gf.high_needs_charge_gbp_m[:n], dtype=float),
        opening_balances_gbp_m=float(ledgers.assumptions.general_balances_opening_gbp_m),
        floor_gbp_m=np.asarray(gf.floor_gbp_m[:n], dtype=float),
        delivered=delivery_draws(int(result.scenario.seed), n, probabilities),
        council_tax_gbp_m=np.asarray(ct[0], dtype=float),
        council_tax_increase_pct=pct,
        council_tax_yield_gbp_m_per_pct=council_tax_yield_matrix(np.asarray(ct[0], dtype=float), pct),
        referendum_cap_pct=float(result.scenario.finance.council_tax_referendum_cap_pct),
        draws_seed=f"SeedSequence({int(result.scenario.seed)}, spawn_key=(0, {OPTIMISER_STREAM}))",
    )


# ----------------------------------------------------------------------------- build


def _tag(label: str) -> str:
    return label.replace("/", "_")


def _variable(
    problem: pulp.LpProblem, name: str, lowBound: float | None = None, upBound: float | None = None, cat: str = pulp.LpContinuous
) -> pulp.LpVariable:
    """A variable of ``problem`` (``add_variable`` where PuLP has it; ``LpVariable`` before 3.3)."""
    if hasattr(problem, "add_variable"):
        return problem.add_variable(name, lowBound, upBound, cat=cat)
    return pulp.LpVariable(name, lowBound, upBound, cat=cat)  # pragma: no cover - PuLP < 3.3


def _linear(terms: Sequence[tuple[pulp.LpVariable, float]]) -> pulp.LpAffineExpression:
    """A linear expression with the coefficients of repeated variables added up (PuLP would
    keep only the last one)."""
    coefficients: dict[pulp.LpVariable, float] = {}
    for var, coef in terms:
        coefficients[var] = coefficients.get(var, 0.0) + coef
    return pulp.LpAffineExpression([(v, c) for v, c in coefficients.items() if c != 0.0])


@dataclass
class SavingsHandles:
    """The model's variables and what they mean, for solving, explaining and extracting."""

    inputs: SavingsInputs
    options: SavingsOptions
    alpha: float
    chance: ChanceMode
    weights: SavingsWeights
    take: dict[str, pulp.LpVariable]
    council_tax: dict[tuple[str, int], pulp.LpVariable]
    draw: dict[tuple[str, int], pulp.LpVariable]
    balances: dict[tuple[int, int], pulp.LpVariable]
    ok: dict[tuple[int, int], pulp.LpVariable]  # (path, year) or (path, -1) for the joint mode
    required_paths: int
    limits: dict[str, tuple[str, str]] = field(default_factory=dict)
    further: dict[int, pulp.LpVariable] = field(default_factory=dict)  # savings still to be identified
    build_seconds: float = 0.0


def _bounds(inputs: SavingsInputs, options: SavingsOptions, unidentified: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Lowest and highest closing balances any plan can give [P, Y] (the model's linear terms)."""
    years = inputs.years
    low = inputs.balances_no_plan_gbp_m.copy()
    high = low.copy()
    for o_index, o in enumerate(options.options):
        if o.kind == "saving":
            net = np.cumsum(inputs.delivered[:, o_index, None] * o.saving_gbp_m[None, :] - o.cost_by_year_gbp_m(years)[None, :], axis=1)
            low += np.minimum(net, 0.0)
            high += np.maximum(net, 0.0)
        elif o.kind == "reserves":
            high += np.cumsum(o.saving_gbp_m)[None, :]
    k = inputs.council_tax_yield_gbp_m_per_pct
    cap = min(inputs.referendum_cap_pct, sum(o.council_tax_pct for o in options.of_kind("council_tax")))
    if options.of_kind("council_tax"):
        base = inputs.council_tax_increase_pct
        low += np.cumsum((0.0 - base) @ k)[None, :]
        high += np.cumsum(np.maximum(cap - base, 0.0) * (np.arange(years) > 0) @ k)[None, :]
    if unidentified:
        high = np.full_like(high, np.inf)
    return low, high


UNIDENTIFIED_FROM_YEAR = 1
"""First ledger year of savings still to be identified (year 0's budget is set and under way)."""


def _core(
    inputs: SavingsInputs, options: SavingsOptions, name: str, sense: int, unidentified: bool = False
) -> tuple[pulp.LpProblem, dict, dict, dict, dict, dict[str, tuple[str, str]], dict[int, pulp.LpVariable]]:
    """Decision variables, the balances recursion and the option rules (no chance constraint)."""
    if inputs.option_names != options.names:
        raise BadInputError(options.file, "option", options.names, f"the options the inputs were drawn for {inputs.option_names}")
    problem = pulp.LpProblem(name, sense)
    years, paths, labels = inputs.years, inputs.paths, inputs.year_labels
    limits: dict[str, tuple[str, str]] = {}
    take = {o.option: _variable(problem, f"take_{o.option}", cat=pulp.LpBinary) for o in options.options if o.kind != "council_tax"}
    council_tax = {
        (o.option, y): _variable(problem, f"ct_{o.option}_{_tag(labels[y])}", cat=pulp.LpBinary)
        for o in options.of_kind("council_tax")
        for y in range(1, years)
    }
    draw = {
        (o.option, y): _variable(problem, f"draw_{o.option}_{_tag(labels[y])}", lowBound=0.0)
        for o in options.of_kind("reserves")
        for y in range(years)
        if o.saving_gbp_m[y] > 0
    }
    further = (
        {y: _variable(problem, f"further_savings_{_tag(labels[y])}", lowBound=0.0) for y in range(UNIDENTIFIED_FROM_YEAR, years)}
        if unidentified
        else {}
    )
    # option rules
    groups: dict[str, list[SavingsOption]] = {}
    for o in options.options:
        if o.exclusive_group is not None:
            groups.setdefault(o.exclusive_group, []).append(o)
    for group, members in groups.items():
        if members[0].kind == "council_tax":
            for y in range(1, years):
                problem += pulp.lpSum(council_tax[(o.option, y)] for o in members) <= 1, f"exclusive_{group}_{_tag(labels[y])}"
        else:
            problem += pulp.lpSum(take[o.option] for o in members) <= 1, f"exclusive_{group}"
    for o in options.options:
        if o.requires is None:
            continue
        if o.kind == "council_tax":
            for y in range(1, years):
                problem += council_tax[(o.option, y)] <= council_tax[(o.requires, y)], f"requires_{o.option}_{_tag(labels[y])}"
        else:
            problem += take[o.option] <= take[o.requires], f"requires_{o.option}"
    for (name_, y), var in draw.items():
        cap = float(options.by_name(name_).saving_gbp_m[y])
        problem += var <= cap * take[name_], f"reserves_limit_{name_}_{_tag(labels[y])}"
        limits[f"reserves_limit_{name_}_{_tag(labels[y])}"] = (f"earmarked reserves available in {labels[y]} (£{cap:g}m)", "£m")
    ct_levels = options.of_kind("council_tax")
    pct_expr = {y: pulp.lpSum(o.council_tax_pct * council_tax[(o.option, y)] for o in ct_levels) for y in range(1, years)}
    if ct_levels:
        for y in range(1, years):
            problem += pct_expr[y] <= inputs.referendum_cap_pct, f"referendum_cap_{_tag(labels[y])}"
            limits[f"referendum_cap_{_tag(labels[y])}"] = (
                f"the council tax referendum cap in {labels[y]} ({inputs.referendum_cap_pct:g}%)",
                "percentage points",
            )
    # balances recursion: year terms common to every path, then the path-specific delivered savings
    k = inputs.council_tax_yield_gbp_m_per_pct
    base_pct = inputs.council_tax_increase_pct
    common_terms: list[list[tuple[pulp.LpVariable, float]]] = []
    common_constant = np.zeros(years)
    for y in range(years):
        terms: list[tuple[pulp.LpVariable, float]] = []
        for o in options.of_kind("saving"):
            cost = o.cost_by_year_gbp_m(years)[y]
            if cost:
                terms.append((take[o.option], -cost))
        if ct_levels:
            for t_ in range(1, y + 1):
                if k[t_, y]:
                    terms.extend((council_tax[(o.option, t_)], k[t_, y] * o.council_tax_pct) for o in ct_levels)
                    common_constant[y] -= k[t_, y] * base_pct[t_]
        terms.extend((var, 1.0) for (name_, yy), var in draw.items() if yy == y)
        terms.extend((var, 1.0) for yy, var in further.items() if yy <= y)  # recurrent once found
        common_terms.append(terms)
    savings_options = [(i, o) for i, o in enumerate(options.options) if o.kind == "saving"]
    balances: dict[tuple[int, int], pulp.LpVariable] = {}
    for p in range(paths):
        for y in range(years):
            b = _variable(problem, f"balances_p{p}_{_tag(labels[y])}")
            balances[(p, y)] = b
            terms = [(b, 1.0)] + [(var, -coef) for var, coef in common_terms[y]]
            terms += [(take[o.option], -float(o.saving_gbp_m[y])) for i, o in savings_options if inputs.delivered[p, i] and o.saving_gbp_m[y]]
            previous = inputs.opening_balances_gbp_m if y == 0 else 0.0
            if y > 0:
                terms.append((balances[(p, y - 1)], -1.0))
            rhs = previous - float(inputs.gap_gbp_m[p, y]) + float(common_constant[y])
            problem += pulp.LpConstraint(_linear(terms), pulp.LpConstraintEQ, f"balances_p{p}_{_tag(labels[y])}", rhs)
    return problem, take, council_tax, draw, balances, limits, further


DOMINANCE_MAX_PATHS = 2000
"""Dominance rows are added up to this many paths (the pairwise check is quadratic in paths)."""


def dominance_pairs(inputs: SavingsInputs, options: SavingsOptions, years: Sequence[int]) -> list[tuple[int, int]]:
    """Pairs (p, q) where path p is at least as safe as path q under every plan: p has every
    saving q has delivered, and at least q's headroom over the floor without a plan in each of
    ``years``. Savings are non-negative, so if q ends above the floor, p does too; the model may
    then require ``ok[q] ≤ ok[p]`` without losing an optimum. Only the transitive reduction is
    returned (identical paths are ordered by index)."""
    paths = inputs.paths
    if paths < 2 or paths > DOMINANCE_MAX_PATHS:
        return []
    columns = [i for i, o in enumerate(options.options) if o.kind == "saving" and o.saving_gbp_m.sum() > 0]
    delivered = inputs.delivered[:, columns]
    headroom = (inputs.balances_no_plan_gbp_m - inputs.floor_gbp_m)[:, list(years)]
    dominates = np.empty((paths, paths), dtype=bool)
    for start in range(0, paths, 256):
        block = slice(start, min(start + 256, paths))
        dominates[block] = (delivered[block, None, :] >= delivered[None, :, :]).all(axis=2) & (
            headroom[block, None, :] >= headroom[None, :, :] - 1e-9
        ).all(axis=2)
    np.fill_diagonal(dominates, False)
    index = np.arange(paths)
    dominates &= ~(dominates & dominates.T & (index[:, None] > index[None, :]))  # identical: lower index first
    as_float = dominates.astype(np.float32)
    reduced = dominates & ~((as_float @ as_float) > 0.5)
    return [(int(p), int(q)) for p, q in zip(*np.nonzero(reduced))]


def _add_floor_rows(
    problem: pulp.LpProblem,
    inputs: SavingsInputs,
    options: SavingsOptions,
    balances: dict[tuple[int, int], pulp.LpVariable],
    low: np.ndarray,
    high: np.ndarray,
    years_checked: Sequence[int],
    joint: bool,
) -> dict[tuple[int, int], pulp.LpVariable]:
    """ok variables and big-M floor rows ``B ≥ floor − M(1 − ok)``; hopeless paths are fixed to 0."""
    labels = inputs.year_labels
    ok: dict[tuple[int, int], pulp.LpVariable] = {}
    for p in range(inputs.paths):
        groups = [list(years_checked)] if joint else [[y] for y in years_checked]
        for group in groups:
            key = (p, -1) if joint else (p, group[0])
            suffix = "" if joint else f"_{_tag(labels[group[0]])}"
            var = _variable(problem, f"ok_p{p}{suffix}", cat=pulp.LpBinary)
            ok[key] = var
            if any(high[p, y] < inputs.floor_gbp_m[p, y] - _TOL for y in group):
                var.upBound = 0  # no plan can keep this path above the floor
                continue
            for y in group:
                big_m = float(inputs.floor_gbp_m[p, y] - low[p, y])
                if big_m <= 0:
                    continue  # above the floor whatever the plan
                problem += (
                    balances[(p, y)] + big_m * (1 - var) >= float(inputs.floor_gbp_m[p, y]),
                    f"floor_p{p}_{_tag(labels[y])}",
                )
    for group_years in [list(years_checked)] if joint else [[y] for y in years_checked]:
        for p, q in dominance_pairs(inputs, options, group_years):
            key_p, key_q = ((p, -1), (q, -1)) if joint else ((p, group_years[0]), (q, group_years[0]))
            suffix = "" if joint else f"_{_tag(labels[group_years[0]])}"
            problem += ok[key_q] <= ok[key_p], f"dominance_p{p}_over_p{q}{suffix}"
    return ok


def _objective(
    inputs: SavingsInputs,
    options: SavingsOptions,
    weights: SavingsWeights,
    take: dict,
    council_tax: dict,
    draw: dict,
    further: dict[int, pulp.LpVariable],
) -> pulp.LpAffineExpression:
    terms: list[tuple[pulp.LpVariable, float]] = []
    delivered_share = inputs.delivered.mean(axis=0)
    for i, o in enumerate(options.options):
        if o.kind == "council_tax":
            terms.extend((council_tax[(o.option, y)], weights.tax * o.council_tax_pct) for y in range(1, inputs.years))
            continue
        coef = weights.impact * o.service_impact_score
        if o.kind == "saving":
            expected = float(delivered_share[i] * o.saving_gbp_m.sum() - o.one_off_cost_gbp_m)
            coef -= weights.tie_break * expected
        terms.append((take[o.option], coef))
    terms.extend((var, -weights.tie_break) for var in draw.values())
    # £m-years: a recurrent saving found in year t counts in every year from t to the end
    terms.extend((var, weights.unidentified * (inputs.years - y)) for y, var in further.items())
    return _linear(terms)


def build_savings_model(
    inputs: SavingsInputs,
    options: SavingsOptions,
    alpha: float = 0.9,
    weights: SavingsWeights | None = None,
    chance: ChanceMode = "joint",
    unidentified: bool = False,
) -> tuple[pulp.LpProblem, SavingsHandles]:
    """The chance-constrained savings MILP (see the module docstring) and its handles.

    ``alpha`` is the share of paths that must keep general balances at or above the floor: in
    every year on the same path (``joint``) or in each year separately (``per_year``).
    ``unidentified`` adds the balancing item: further recurrent savings still to be identified,
    £m a year from the second year (certain once found), weighted per £m-year.
    """
    if not 0 < alpha <= 1:
        raise BadInputError(None, "alpha", alpha, "a share above 0 and at most 1")
    t0 = time.perf_counter()
    weights = weights or SavingsWeights()
    problem, take, council_tax, draw, balances, limits, further = _core(inputs, options, "savings_portfolio", pulp.LpMinimize, unidentified)
    low, high = _bounds(inputs, options, unidentified)
    years = list(range(inputs.years))
    ok = _add_floor_rows(problem, inputs, options, balances, low, high, years, joint=chance == "joint")
    required = math.ceil(alpha * inputs.paths - 1e-9)
    if chance == "joint":
        problem += pulp.lpSum(ok.values()) >= required, "chance_share"
        limits["chance_share"] = (f"balances above the floor in every year in {required} of {inputs.paths} futures", "futures")
    else:
        for y in years:
            name = f"chance_share_{_tag(inputs.year_labels[y])}"
            problem += pulp.lpSum(ok[(p, y)] for p in range(inputs.paths)) >= required, name
            limits[name] = (f"balances above the floor in {inputs.year_labels[y]} in {required} of {inputs.paths} futures", "futures")
    problem += _objective(inputs, options, weights, take, council_tax, draw, further)
    handles = SavingsHandles(
        inputs,
        options,
        alpha,
        chance,
        weights,
        take,
        council_tax,
        draw,
        balances,
        ok,
        required,
        limits,
        further=further,
        build_seconds=time.perf_counter() - t0,
    )
    return problem, handles


def build_max_share_model(
    inputs: SavingsInputs, options: SavingsOptions, year: int | None = None
) -> tuple[pulp.LpProblem, dict[tuple[int, int], pulp.LpVariable]]:
    """Most futures any plan can keep at or above the floor: in every year (``year=None``) or in
    one year. Used to explain an infeasible α in plain words."""
    problem, _, _, _, balances, _, _ = _core(inputs, options, "savings_max_share", pulp.LpMaximize)
    low, high = _bounds(inputs, options)
    years = list(range(inputs.years)) if year is None else [year]
    ok = _add_floor_rows(problem, inputs, options, balances, low, high, years, joint=True)
    problem += pulp.lpSum(ok.values())
    return problem, ok


# ----------------------------------------------------------------------------- solve


@dataclass(frozen=True)
class AchievableShares:
    """The best share of futures any plan of the named options can keep at or above the floor,
    and (if it could be worked out) the further savings that would be needed to reach α."""

    every_year: float
    by_year: tuple[float, ...]
    year_labels: tuple[str, ...]
    further_needed_gbp_m: np.ndarray | None = None  # [Y] recurrent increments found each year


def achievable_shares(inputs: SavingsInputs, options: SavingsOptions, profile: SolverProfile) -> AchievableShares:
    """Solve the max-share models: in every year jointly, then year by year."""

    def best(year: int | None) -> float:
        problem, ok = build_max_share_model(inputs, options, year)
        report = solve(problem, profile)
        if not report.usable:
            raise InfeasibleError(f"could not work out the achievable share of futures (solver status '{report.status}')")
        count = sum(round(v.varValue or 0.0) for v in ok.values())
        if report.status != "optimal" and report.best_bound is not None:
            count = max(count, min(math.floor(report.best_bound + 1e-6), inputs.paths))
        return count / inputs.paths

    return AchievableShares(best(None), tuple(best(y) for y in range(inputs.years)), inputs.year_labels)


def further_savings_needed(
    inputs: SavingsInputs, options: SavingsOptions, alpha: float, chance: ChanceMode, weights: SavingsWeights, profile: SolverProfile
) -> np.ndarray | None:
    """The least further recurrent savings (£m found in each year, [Y]) that, with the best use of
    the named options, would meet α; ``None`` if the solver gives no answer."""
    problem, handles = build_savings_model(inputs, options, alpha, weights, chance, unidentified=True)
    report = solve(problem, profile)
    if not report.usable:
        return None
    return plan_from_handles(handles).further_savings_gbp_m


def _money(value: float) -> str:
    return f"£{value:,.1f}m"


def explain_infeasible_alpha(handles: SavingsHandles, shares: AchievableShares) -> str:
    """The plain-words reason an α cannot be met, naming the years and the best achievable shares
    (and, when known, how much further saving α would need)."""
    inputs, alpha = handles.inputs, handles.alpha
    cap = inputs.referendum_cap_pct
    by_year = ", ".join(f"{label} {share:.0%}" for label, share in zip(shares.year_labels, shares.by_year))
    needed_share = handles.required_paths / inputs.paths
    short = [label for label, share in zip(shares.year_labels, shares.by_year) if share + 1e-9 < needed_share]
    lead = (
        f"even with the best mix of the {len(handles.options.options)} options "
        f"(council tax up to the referendum cap {cap:g}% a year, every earmarked-reserve draw allowed), "
    )
    if handles.further:
        early = [
            f"{label} at best {share:.0%}"
            for y, (label, share) in enumerate(zip(shares.year_labels, shares.by_year))
            if y < UNIDENTIFIED_FROM_YEAR and share + 1e-9 < needed_share
        ]
        return (
            f"{lead}and further savings still to be identified from {inputs.year_labels[min(UNIDENTIFIED_FROM_YEAR, inputs.years - 1)]}, "
            f"general balances cannot stay above the floor in {alpha:.0%} of {inputs.paths} futures: "
            f"{', '.join(early) or 'the years before the balancing item falls short'} "
            f"(that year's budget is set; only in-year options act on it)"
        )
    if handles.chance == "joint":
        text = (
            f"{lead}general balances stay above the floor in every year in only {shares.every_year:.0%} of {inputs.paths} futures < α = {alpha:.0%}"
        )
    else:
        text = f"{lead}general balances cannot stay above the floor in {alpha:.0%} of {inputs.paths} futures in every year"
    if short:
        first = short[0]
        text += f"; first short year {first}: above the floor in at best {shares.by_year[shares.year_labels.index(first)]:.0%} of futures"
    text += f"; best share year by year: {by_year}"
    further = shares.further_needed_gbp_m
    if further is not None and further.sum() > 1e-6:
        totals = np.cumsum(further)
        first = int(np.argmax(further > 1e-6))
        found = [f"{_money(totals[y])} in {inputs.year_labels[y]}" for y in range(first, inputs.years)]
        text += (
            f"; to reach α = {alpha:.0%} the council would need further recurrent savings still to be identified "
            f"of {', '.join(found)} (certain delivery; rerun with --allow-unidentified to plan with them)"
        )
    return text


def solve_savings_model(problem: pulp.LpProblem, handles: SavingsHandles, profile: SolverProfile) -> SolveReport:
    """Solve with the profile; an infeasible α becomes ``InfeasibleError`` in plain words, naming
    the first year that falls short, the best achievable shares and the further savings α would
    need; a solve with no usable answer (time out, not solved) becomes ``InfeasibleError`` too."""
    report = solve(problem, profile)
    if report.status == "infeasible":
        shares = achievable_shares(handles.inputs, handles.options, profile)
        further = None
        if not handles.further:
            further = further_savings_needed(handles.inputs, handles.options, handles.alpha, handles.chance, handles.weights, profile)
        shares = AchievableShares(shares.every_year, shares.by_year, shares.year_labels, further)
        raise InfeasibleError(explain_infeasible_alpha(handles, shares))
    raise_if_infeasible(report, problem, handles.limits, profile, "the savings portfolio")
    return report


# ----------------------------------------------------------------------------- extract


@dataclass(frozen=True)
class SavingsPlan:
    """A chosen plan: options taken, council tax increase per year (%), earmarked-reserve draws per year (£m)."""

    year_labels: tuple[str, ...]
    taken: tuple[SavingsOption, ...]
    council_tax_increase_pct: np.ndarray  # [Y], 0 in year 0 (published)
    reserves_draw_gbp_m: dict[str, np.ndarray]  # option -> [Y]
    further_savings_gbp_m: np.ndarray | None = None  # [Y] recurrent savings still to be identified, found each year

    @property
    def taken_names(self) -> tuple[str, ...]:
        """Ids of the options taken (table order)."""
        return tuple(o.option for o in self.taken)


def plan_from_handles(handles: SavingsHandles) -> SavingsPlan:
    """The plan in the solved model's variables (binaries rounded)."""
    inputs, options = handles.inputs, handles.options
    taken = tuple(o for o in options.options if o.kind != "council_tax" and round(handles.take[o.option].varValue or 0.0) == 1)
    pct = np.zeros(inputs.years)
    for o in options.of_kind("council_tax"):
        for y in range(1, inputs.years):
            pct[y] += o.council_tax_pct * round(handles.council_tax[(o.option, y)].varValue or 0.0)
    if not options.of_kind("council_tax"):
        pct = inputs.council_tax_increase_pct.copy()
    draws = {}
    for o in options.of_kind("reserves"):
        values = np.zeros(inputs.years)
        for y in range(inputs.years):
            var = handles.draw.get((o.option, y))
            if var is not None:
                values[y] = max(var.varValue or 0.0, 0.0)
        if o in taken:
            draws[o.option] = np.round(values, 6)
    further = None
    if handles.further:
        further = np.zeros(inputs.years)
        for y, var in handles.further.items():
            further[y] = max(var.varValue or 0.0, 0.0)
        further = np.where(further < 1e-6, 0.0, further)
    return SavingsPlan(inputs.year_labels, taken, pct, draws, further)


def council_tax_change_gbp_m(inputs: SavingsInputs, increase_pct: np.ndarray) -> np.ndarray:
    """Exact change in the council tax line against no plan, £m [Y] (compounded as the ledger does)."""
    ratio = (1.0 + np.asarray(increase_pct) / 100.0) / (1.0 + inputs.council_tax_increase_pct / 100.0)
    ratio[0] = 1.0
    return inputs.council_tax_gbp_m * (np.cumprod(ratio) - 1.0)


def plan_effect_gbp_m(inputs: SavingsInputs, options: SavingsOptions, plan: SavingsPlan) -> np.ndarray:
    """The plan's effect on each path's budget per year, £m [P, Y] (delivered savings − one-off
    costs + council tax change + reserve draws); exact, computed outside the model."""
    years = inputs.years
    effect = np.zeros((inputs.paths, years))
    index = {name: i for i, name in enumerate(options.names)}
    for o in plan.taken:
        if o.kind == "saving":
            effect += inputs.delivered[:, index[o.option], None] * o.saving_gbp_m[None, :]
            effect -= o.cost_by_year_gbp_m(years)[None, :]
    for values in plan.reserves_draw_gbp_m.values():
        effect += values[None, :]
    if plan.further_savings_gbp_m is not None:
        effect += np.cumsum(plan.further_savings_gbp_m)[None, :]
    if options.of_kind("council_tax"):
        effect += council_tax_change_gbp_m(inputs, plan.council_tax_increase_pct)[None, :]
    return effect


def balances_with_plan(inputs: SavingsInputs, options: SavingsOptions, plan: SavingsPlan) -> np.ndarray:
    """Closing general balances under the plan on the planning paths [P, Y], £m (exact)."""
    return inputs.balances_no_plan_gbp_m + np.cumsum(plan_effect_gbp_m(inputs, options, plan), axis=1)


def balanced_shares(balances_gbp_m: np.ndarray, floor_gbp_m: np.ndarray) -> tuple[float, np.ndarray]:
    """(share of paths at or above the floor in every year, share per year [Y])."""
    above = balances_gbp_m >= floor_gbp_m - _TOL
    return float(above.all(axis=1).mean()), above.mean(axis=0)


def extract_plan(handles: SavingsHandles) -> pl.DataFrame:
    """The plan by financial year: options taken (saving that year or paying a cost), expected
    savings (delivery probability × amount), one-off costs, council tax increase and its change
    against no plan, earmarked reserves used, and the expected total, £m."""
    inputs, options = handles.inputs, handles.options
    plan = plan_from_handles(handles)
    years = inputs.years
    further = np.zeros(years) if plan.further_savings_gbp_m is None else np.cumsum(plan.further_savings_gbp_m)
    ct_change = council_tax_change_gbp_m(inputs, plan.council_tax_increase_pct) if options.of_kind("council_tax") else np.zeros(years)
    rows = []
    for y, label in enumerate(inputs.year_labels):
        names = [o.option for o in plan.taken if o.kind == "saving" and (o.saving_gbp_m[y] > 0 or o.cost_by_year_gbp_m(years)[y] > 0)]
        expected = sum(o.delivery_probability * o.saving_gbp_m[y] for o in plan.taken if o.kind == "saving")
        costs = sum(o.cost_by_year_gbp_m(years)[y] for o in plan.taken if o.kind == "saving")
        reserves = sum(v[y] for v in plan.reserves_draw_gbp_m.values())
        rows.append(
            {
                "financial_year": label,
                "options_taken": "; ".join(names),
                "savings_expected_gbp_m": float(expected),
                "one_off_costs_gbp_m": float(costs),
                "council_tax_increase_pct": float(plan.council_tax_increase_pct[y]),
                "council_tax_change_vs_no_plan_gbp_m": float(ct_change[y]),
                "earmarked_reserves_used_gbp_m": float(reserves),
                "further_savings_to_identify_gbp_m": float(further[y]),
                "plan_total_expected_gbp_m": float(expected - costs + ct_change[y] + reserves + further[y]),
                "gap_no_plan_p50_gbp_m": float(np.median(inputs.gap_gbp_m[:, y])),
            }
        )
    return pl.DataFrame(rows)


def options_decisions(handles: SavingsHandles) -> pl.DataFrame:
    """One row per option: taken or not, its score, probability and savings by year (£m)."""
    plan = plan_from_handles(handles)
    taken = set(plan.taken_names)
    rows = []
    for o in handles.options.options:
        if o.kind == "council_tax":
            years_on = [
                label
                for y, label in enumerate(handles.inputs.year_labels)
                if y > 0 and round(handles.council_tax[(o.option, y)].varValue or 0.0) == 1
            ]
            decision = ", ".join(years_on) if years_on else "no"
        else:
            decision = "yes" if o.option in taken else "no"
        row: dict[str, object] = {
            "option": o.option,
            "kind": o.kind,
            "taken": decision,
            "service_impact_score": o.service_impact_score,
            "delivery_probability": o.delivery_probability,
            "one_off_cost_gbp_m": o.one_off_cost_gbp_m,
        }
        for y, label in enumerate(handles.inputs.year_labels):
            row[f"saving_{_tag(label)}_gbp_m"] = float(o.saving_gbp_m[y])
        row["description"] = o.description
        rows.append(row)
    return pl.DataFrame(rows)


# ----------------------------------------------------------------------------- scenario, re-simulation, chart


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _toml_number(value: float) -> str:
    text = f"{float(value):.10g}" if abs(value) >= 1e-12 else "0.0"
    return text if any(c in text for c in ".en") else text + ".0"


def _saving_block(name: str, amounts: Mapping[str, float], recurrent: bool, probability: float, in_base: bool) -> list[str]:
    years = ", ".join(f"{_toml_string(label)} = {_toml_number(v)}" for label, v in amounts.items())
    return [
        "",
        "[[finance.savings]]",
        f"name = {_toml_string(name)}",
        f"saving_gbp_m_by_year = {{ {years} }}",
        f"recurrent = {'true' if recurrent else 'false'}",
        f"delivery_probability = {_toml_number(probability)}",
        f"in_base_budget = {'true' if in_base else 'false'}",
    ]


def plan_to_scenario(
    plan: SavingsPlan,
    base_scenario_name: str,
    path: str | Path,
    base_savings: Sequence[Saving] = (),
    data_folder: Path | None = None,
    description: str | None = None,
) -> Path:
    """Write the plan as a scenario TOML that ``extends`` the base (a file in the same folder).

    ``[finance] council_tax_increase_pct`` is a table by year; each option taken becomes a
    ``[[finance.savings]]`` entry with its delivery probability; a one-off cost becomes an entry
    already in the base budget that is never delivered (delivery_probability 0), i.e. a certain
    pressure in its year, because the scenario schema has no cost line; earmarked reserves used
    become a certain one-off saving. ``base_savings`` (the base scenario's own entries) are
    repeated, since a list in an override replaces the base's list. ``data_folder`` (absolute)
    is written when the file does not sit beside the base's data folder reference.
    """
    path = Path(path)
    labels = plan.year_labels
    name = path.stem
    lines = [
        f"# Savings plan chosen by `sefton-sim optimise savings` for scenario {base_scenario_name}.",
        "# Run it with `sefton-sim run` or set it against the base with `sefton-sim compare`.",
        f"extends = {_toml_string(base_scenario_name)}",
        f"name = {_toml_string(name)}",
        f"description = {_toml_string(description or f'{base_scenario_name} with the optimised savings plan: ' + (', '.join(plan.taken_names) or 'no options'))}",
    ]
    if data_folder is not None:
        lines.append(f"data_folder = {_toml_string(str(Path(data_folder).resolve()))}")
    lines += ["", "[finance]"]
    ct = ", ".join(f"{_toml_string(labels[y])} = {_toml_number(plan.council_tax_increase_pct[y])}" for y in range(1, len(labels)))
    if ct:
        lines.append(f"council_tax_increase_pct = {{ {ct} }}")
    for saving in base_savings:
        lines += _saving_block(saving.name, saving.saving_gbp_m_by_year, saving.recurrent, saving.delivery_probability, saving.in_base_budget)
    for o in plan.taken:
        if o.kind == "saving":
            nonzero = [y for y in range(len(labels)) if o.saving_gbp_m[y] > 0]
            if nonzero:
                span = range(nonzero[0], len(labels)) if o.recurrent else nonzero
                amounts = {labels[y]: float(o.saving_gbp_m[y]) for y in span}
                lines += _saving_block(o.description, amounts, o.recurrent, o.delivery_probability, False)
            cost_year = o.one_off_cost_year
            if o.one_off_cost_gbp_m > 0 and cost_year is not None and cost_year < len(labels):
                lines += _saving_block(
                    f"{o.description} - one-off cost (a certain pressure: in the base budget, never delivered)",
                    {labels[cost_year]: o.one_off_cost_gbp_m},
                    False,
                    0.0,
                    True,
                )
        elif o.kind == "reserves":
            draws = plan.reserves_draw_gbp_m.get(o.option, np.zeros(len(labels)))
            amounts = {labels[y]: float(draws[y]) for y in range(len(labels)) if draws[y] > 1e-9}
            if amounts:
                lines += _saving_block(f"{o.description} (one-off, certain)", amounts, False, 1.0, False)
    if plan.further_savings_gbp_m is not None:
        for y, amount in enumerate(plan.further_savings_gbp_m):
            if amount > 1e-6:
                lines += _saving_block(
                    f"Further savings still to be identified, found in {labels[y]} (recurrent)",
                    {labels[y]: float(amount)},
                    True,
                    1.0,
                    False,
                )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n")
    return path


def copy_scenario_chain(chain: Sequence[Path], folder: Path, data_folder: Path) -> list[Path]:
    """Copy a scenario and the files it extends into ``folder``, pointing ``data_folder`` at the
    (absolute) data folder so the copies load from anywhere."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    pattern = re.compile(r"""^data_folder\s*=\s*("[^"]*"|'[^']*')\s*(#.*)?$""", re.MULTILINE)
    for source in chain:
        text = Path(source).read_text()
        text = pattern.sub(lambda _: f"data_folder = {_toml_string(str(Path(data_folder).resolve()))}", text, count=1)
        target = folder / Path(source).name
        target.write_text(text)
        out.append(target)
    return out


@dataclass(frozen=True)
class OutOfSample:
    """Balances on fresh paths (another seed), without and with the plan, from full re-simulations."""

    seed: int
    paths: int
    balances_without_gbp_m: np.ndarray  # [P, Y]
    balances_with_gbp_m: np.ndarray  # [P, Y]
    floor_without_gbp_m: np.ndarray
    floor_with_gbp_m: np.ndarray
    seconds: float


def out_of_sample(base_scenario: Path, plan_scenario: Path, paths: int, seed: int, horizon_years: int | None = None) -> OutOfSample:
    """Re-simulate the base and the plan scenario on the same fresh paths (``run.prepare/simulate``)."""
    from sefton_sim.simulate.run import prepare, simulate

    t0 = time.perf_counter()
    without = simulate(prepare(base_scenario, paths, seed, horizon_years)).ledgers
    with_plan = simulate(prepare(plan_scenario, paths, seed, horizon_years)).ledgers
    assert without is not None and with_plan is not None
    return OutOfSample(
        seed,
        paths,
        without.general_fund.general_balances_closing_gbp_m,
        with_plan.general_fund.general_balances_closing_gbp_m,
        without.general_fund.floor_gbp_m,
        with_plan.general_fund.floor_gbp_m,
        time.perf_counter() - t0,
    )


def probabilities_table(inputs: SavingsInputs, in_sample_with_gbp_m: np.ndarray, oos: OutOfSample | None) -> pl.DataFrame:
    """P(general balances ≥ floor) without and with the plan: in every year ("all years") and
    per year, on the planning paths (in sample) and on fresh paths (out of sample)."""
    rows = []

    def add(sample: str, paths: int, seed: int, without: tuple[float, np.ndarray], with_: tuple[float, np.ndarray]) -> None:
        rows.append(
            {
                "sample": sample,
                "paths": paths,
                "seed": seed,
                "financial_year": "all years",
                "p_balanced_without_plan": without[0],
                "p_balanced_with_plan": with_[0],
            }
        )
        for y, label in enumerate(inputs.year_labels):
            rows.append(
                {
                    "sample": sample,
                    "paths": paths,
                    "seed": seed,
                    "financial_year": label,
                    "p_balanced_without_plan": float(without[1][y]),
                    "p_balanced_with_plan": float(with_[1][y]),
                }
            )

    add(
        "in_sample",
        inputs.paths,
        inputs.seed,
        balanced_shares(inputs.balances_no_plan_gbp_m, inputs.floor_gbp_m),
        balanced_shares(in_sample_with_gbp_m, inputs.floor_gbp_m),
    )
    if oos is not None:
        add(
            "out_of_sample",
            oos.paths,
            oos.seed,
            balanced_shares(oos.balances_without_gbp_m, oos.floor_without_gbp_m),
            balanced_shares(oos.balances_with_gbp_m, oos.floor_with_gbp_m),
        )
    return pl.DataFrame(rows)


def reserves_fan_chart(
    path: Path,
    year_labels: Sequence[str],
    balances_with_gbp_m: np.ndarray,
    floor_gbp_m: np.ndarray,
    balances_without_gbp_m: np.ndarray | None = None,
    title: str = "General balances at 31 March under the savings plan",
) -> Path:
    """Fan chart (p5-p95, p10-p90, median) of general balances under the plan, with the floor
    (median 6.5% of the net budget) and, dashed, the median without the plan."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    x = np.arange(len(year_labels))
    p5, p10, p50, p90, p95 = np.percentile(balances_with_gbp_m, [5, 10, 50, 90, 95], axis=0)
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=110)
    colour = "#1f6b3f"
    ax.fill_between(x, p5, p95, color=colour, alpha=0.15, linewidth=0, label="with plan p5-p95")
    ax.fill_between(x, p10, p90, color=colour, alpha=0.3, linewidth=0, label="with plan p10-p90")
    ax.plot(x, p50, color=colour, marker="o", linewidth=2, label="with plan median")
    if balances_without_gbp_m is not None:
        ax.plot(x, np.median(balances_without_gbp_m, axis=0), color="#8b1f1f", linestyle=":", marker=".", label="without plan median")
    ax.plot(x, np.median(floor_gbp_m, axis=0), color="black", linestyle="--", label="floor (6.5% of net budget)")
    ax.axhline(0, color="grey", linewidth=0.8)
    ax.set_xticks(x, list(year_labels))
    ax.set_ylabel("£m")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


# ----------------------------------------------------------------------------- reference instances

ReferenceSize = Literal["tiny", "small", "medium", "large"]
REFERENCE_PATHS: dict[str, int] = {"tiny": 10, "small": 50, "medium": 200, "large": 500}
REFERENCE_SEED = 20240401
REFERENCE_SCENARIO = scenarios_folder() / "baseline.toml"


@dataclass(frozen=True)
class ReferenceInstance:
    """A fixed savings instance for tests, benchmarks and instance export."""

    size: str
    inputs: SavingsInputs
    options: SavingsOptions
    alpha: float
    chance: ChanceMode
    weights: SavingsWeights
    unidentified: bool

    def build(self) -> tuple[pulp.LpProblem, SavingsHandles]:
        """Build this instance's model."""
        return build_savings_model(self.inputs, self.options, self.alpha, self.weights, self.chance, self.unidentified)


REFERENCE_ALPHA = 0.9
REFERENCE_CHANCE: ChanceMode = "joint"
REFERENCE_UNIDENTIFIED = True
"""The Sefton baseline has no remedial action after 2024/25, so α = 0.9 is out of reach of the
named options alone; the reference instances therefore include the balancing item (further
savings still to be identified), which keeps them feasible and makes the chance constraint bind."""


def build_reference_instance(
    size: ReferenceSize,
    alpha: float | None = None,
    chance: ChanceMode | None = None,
    unidentified: bool | None = None,
) -> ReferenceInstance:
    """The Sefton baseline (no plan, seed 20240401, 5 financial years) with 10 / 50 / 200 / 500
    paths, the shipped options, α = 0.9 jointly over years and the balancing item (see
    ``REFERENCE_UNIDENTIFIED``) unless told otherwise."""
    from sefton_sim.simulate.run import prepare, simulate

    if size not in REFERENCE_PATHS:
        raise BadInputError(None, "size", size, f"one of {', '.join(REFERENCE_PATHS)}")
    result = simulate(prepare(REFERENCE_SCENARIO, REFERENCE_PATHS[size], REFERENCE_SEED, 5))
    assert result.ledgers is not None
    labels = result.ledgers.assumptions.year_labels()
    options = load_savings_options(result.data.folder / OPTIONS_FILE, labels)
    inputs = savings_inputs(result, options)
    return ReferenceInstance(
        size,
        inputs,
        options,
        REFERENCE_ALPHA if alpha is None else alpha,
        REFERENCE_CHANCE if chance is None else chance,
        SavingsWeights(),
        REFERENCE_UNIDENTIFIED if unidentified is None else unidentified,
    )


def export_reference_instance(size: ReferenceSize, folder: str | Path) -> Path:
    """Write the reference instance as an MPS file (``savings_<size>.mps``) for other solvers."""
    problem, _ = build_reference_instance(size).build()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"savings_{size}.mps"
    problem.writeMPS(str(target))
    return target
