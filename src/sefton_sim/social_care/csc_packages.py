"""Children's social care packages for Sefton: children looked after and what their placements cost.

State: children looked after ``stock[path, placement_type, age_band]`` (orders of
``placements.PLACEMENT_TYPES`` and ``placements.AGE_BANDS``). A Python loop runs over months only;
each month, in this order:

1. children leave care before 18 (binomial; monthly probability ``1 - exp(-1/mean_stay_months)``
   of their placement type);
2. step-down: children in residential care move to fostering (binomial at
   ``step_down_per_month``), a share ``step_down_share_to_in_house`` to in-house foster carers,
   the rest to independent fostering agencies;
3. ageing: 1/(band width in months) of each age band moves up a band; those moving up from
   16-17 leave care at 18;
4. children come into care (Poisson by placement type and age band; the rate is
   ``entries_per_year / 12``, times a per-path multiplier and ``exp(entry_trend_per_year × years)``).
   Supported accommodation takes children of 16 and over only.

Cost (£m per financial year) = Σ child-weeks × weekly cost × (1 + weekly cost inflation)^(years
after the price year), with child-weeks = mid-month children × 52/12.

Base-date children of each placement type are spread over the age bands as in the model's own
steady state (the age profile the entry and exit rates imply), so the projection at the base is
stationary in its age mix; the data are set so that it is also near-stationary in its totals.
The month step is compiled (``csc_kernel.step_month``); it runs with random draws (Monte
Carlo paths; exact, one uniform per count) or with expected values (a deterministic mean-field
path, and the steady state), so there is one model.

Seeds: chunk ``i`` of 1000 paths draws from ``SeedSequence(seed, spawn_key=(i, STREAM_CSC))``.

The SimPy reference of this model, package by package, is ``des_packages.simulate_csc_des``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final

import numpy as np

from sefton_sim.data import tables as t
from sefton_sim.demand.vector import CHUNK_PATHS, chunk_sizes
from sefton_sim.errors import BadInputError
from sefton_sim.model import inversion
from sefton_sim.social_care import csc_kernel
from sefton_sim.social_care import package_common as pc
from sefton_sim.social_care.placements import AGE_BAND_WIDTH_MONTHS, AGE_BANDS, PLACEMENT_TYPES

K: Final[int] = len(PLACEMENT_TYPES)
A: Final[int] = len(AGE_BANDS)
IN_HOUSE: Final[int] = PLACEMENT_TYPES.index("in_house_fostering")
IFA: Final[int] = PLACEMENT_TYPES.index("ifa_fostering")
RESIDENTIAL: Final[int] = PLACEMENT_TYPES.index("residential")
SUPPORTED: Final[int] = PLACEMENT_TYPES.index("supported_accommodation")
OLDEST: Final[int] = A - 1
"""Index of the 16-17 band, the only band supported accommodation takes."""

PLACEMENTS_FILE: Final[str] = "csc_placements.csv"
PARAMETERS_FILE: Final[str] = "csc_parameters.csv"

PLACEMENT_COLUMNS: Final[tuple[str, ...]] = (
    "placement_type",
    "children_at_base",
    "cost_gbp_per_week",
    "cost_low",
    "cost_high",
    "entry_share",
    "mean_stay_months",
    "mean_stay_low",
    "mean_stay_high",
)
"""Columns of csc_placements.csv (plus ``source``)."""

ENTRY_AGE_PARAMETERS: Final[tuple[str, ...]] = tuple(f"entry_age_share_{band}" for band in AGE_BANDS)
"""Age split of children coming into care in placement types other than supported accommodation."""

CSC_PARAMETERS: Final[tuple[str, ...]] = (
    "entries_per_year",
    "entry_trend_per_year",
    "entry_rate_sd_log",
    "step_down_per_month",
    "step_down_share_to_in_house",
    "weekly_cost_inflation_per_year",
    "price_base_financial_year",
    *ENTRY_AGE_PARAMETERS,
)
"""Rows of csc_parameters.csv."""

SIGNED: Final[frozenset[str]] = frozenset({"entry_trend_per_year"})

TABLE_OVERRIDES: Final[tuple[str, ...]] = ("children_at_base", "cost_gbp_per_week", "mean_stay_months")
"""Placement-table columns a scenario may override as ``"<column>:<placement_type>"``."""

FLOW_NAMES: Final[tuple[str, ...]] = ("entries", "exits", "left_at_18", "moved_in", "moved_out")
"""Monthly flows per path and placement type: children coming into care, leaving care before 18,
leaving at 18, and stepping down into / out of a placement type."""

AGEING_PER_MONTH: Final[np.ndarray] = np.array([1.0 / AGE_BAND_WIDTH_MONTHS[b] for b in AGE_BANDS])
"""Share of each age band moving up a band each month (children spread evenly over ages)."""


@dataclass(frozen=True)
class CscPackageRates:
    """Monthly rates, base-date children and weekly costs of Sefton's children looked after."""

    children_at_base: np.ndarray  # [K] children at the base date
    base_stock: np.ndarray  # [K, A] children at the base date by age band (steady-state age profile)
    cost_gbp_per_week: np.ndarray  # [K] £ per child per week, price-year prices
    cost_low_gbp_per_week: np.ndarray  # [K]
    cost_high_gbp_per_week: np.ndarray  # [K]
    entries_per_month: float  # children coming into care per month at the base
    entry_cells: np.ndarray  # [K, A] share of entries by placement type and age band (sums to 1)
    exit_per_month: np.ndarray  # [K] probability a child leaves care (before 18) in a month
    step_down_per_month: float  # probability a residential child steps down to fostering in a month
    step_down_share_to_in_house: float  # share of step-downs going to in-house foster carers
    entry_trend_per_year: float  # log growth of the entry rate per year
    entry_rate_sd_log: float  # spread of the per-path entry rate multiplier (log scale)
    inflation: pc.Parameter  # weekly cost inflation per year (central value and range)
    price_base_financial_year: int  # financial year (start year) of the weekly costs
    steady_state_children: float  # children looked after the mean-field model settles at
    base_date: dt.date = pc.BASE_DATE
    parameters: Mapping[str, pc.Parameter] | None = None
    folder: Path | None = None

    @classmethod
    def from_data_if_present(
        cls, folder: Path, overrides: Mapping[str, float] | None = None, base_date: dt.date = pc.BASE_DATE
    ) -> CscPackageRates | None:
        """:meth:`from_data` when ``csc_placements.csv`` and ``csc_parameters.csv`` are both present, else None.

        A table present without its partner is still checked (a bad table refuses the run).
        """
        folder = Path(folder)
        here = [(folder / name).exists() or (folder / name).is_symlink() for name in (PLACEMENTS_FILE, PARAMETERS_FILE)]
        if all(here):
            return cls.from_data(folder, overrides, base_date)
        if here[0]:
            _read_placements(folder / PLACEMENTS_FILE, {})
        if here[1]:
            pc.read_parameters(folder / PARAMETERS_FILE, CSC_PARAMETERS, {}, SIGNED)
        return None

    @classmethod
    def from_data(cls, folder: Path, overrides: Mapping[str, float] | None = None, base_date: dt.date = pc.BASE_DATE) -> CscPackageRates:
        """Read ``csc_placements.csv`` and ``csc_parameters.csv`` from ``folder``.

        ``overrides`` maps parameter names of csc_parameters.csv, or ``"<column>:<placement_type>"``
        for the columns in ``TABLE_OVERRIDES``, to scenario values.
        """
        folder = Path(folder)
        overrides = dict(overrides or {})
        table_overrides = {k: v for k, v in overrides.items() if ":" in k}
        parameter_overrides = {k: v for k, v in overrides.items() if ":" not in k}
        table = _read_placements(folder / PLACEMENTS_FILE, table_overrides)
        params_path = folder / PARAMETERS_FILE
        params = pc.read_parameters(params_path, CSC_PARAMETERS, parameter_overrides, SIGNED)
        age_split = np.array([params[name].value for name in ENTRY_AGE_PARAMETERS])
        pc.check_sum_to_one(params_path, "entry_age_share_* (all bands)", age_split)
        for name in ("step_down_per_month", "step_down_share_to_in_house"):
            if params[name].value > 1.0:
                raise BadInputError(params_path, name, params[name].value, "a probability between 0 and 1")
        entry_cells = table["entry_share"][:, None] * age_split[None, :]
        entry_cells[SUPPORTED] = 0.0
        entry_cells[SUPPORTED, OLDEST] = table["entry_share"][SUPPORTED]  # 16+ only
        rates = cls(
            children_at_base=table["children_at_base"],
            base_stock=np.zeros((K, A)),
            cost_gbp_per_week=table["cost_gbp_per_week"],
            cost_low_gbp_per_week=table["cost_low"],
            cost_high_gbp_per_week=table["cost_high"],
            entries_per_month=params["entries_per_year"].value / 12.0,
            entry_cells=entry_cells,
            exit_per_month=1.0 - np.exp(-1.0 / np.maximum(table["mean_stay_months"], 1e-9)),
            step_down_per_month=params["step_down_per_month"].value,
            step_down_share_to_in_house=params["step_down_share_to_in_house"].value,
            entry_trend_per_year=params["entry_trend_per_year"].value,
            entry_rate_sd_log=params["entry_rate_sd_log"].value,
            inflation=params["weekly_cost_inflation_per_year"],
            price_base_financial_year=int(round(params["price_base_financial_year"].value)),
            steady_state_children=0.0,
            base_date=base_date,
            parameters=params,
            folder=folder,
        )
        steady = steady_state(rates)
        return _replace_base(rates, steady)

    @property
    def base_children(self) -> float:
        """Children looked after at the base date."""
        return float(self.children_at_base.sum())


def _read_placements(path: Path, overrides: Mapping[str, float]) -> dict[str, np.ndarray]:
    numeric = PLACEMENT_COLUMNS[1:]
    frame = t.read_table(path, PLACEMENT_COLUMNS, numeric=numeric)
    names = [str(n).strip() for n in frame["placement_type"].to_list()]
    pc.check_rows(path, names, PLACEMENT_TYPES, "placement_type")
    for column in numeric:
        t.check_non_negative(frame, column, path)
    order = [names.index(k) for k in PLACEMENT_TYPES]
    table = {c: frame[c].to_numpy()[order].astype(float) for c in numeric}
    for row, k in enumerate(order):
        row_number = k + 2
        pc.check_range(path, f"row {row_number}.cost_gbp_per_week", table["cost_gbp_per_week"][row], table["cost_low"][row], table["cost_high"][row])
        pc.check_range(
            path, f"row {row_number}.mean_stay_months", table["mean_stay_months"][row], table["mean_stay_low"][row], table["mean_stay_high"][row]
        )
        if table["mean_stay_months"][row] <= 0:
            raise BadInputError(path, f"row {row_number}.mean_stay_months", float(table["mean_stay_months"][row]), "a positive number of months")
    pc.check_sum_to_one(path, "entry_share (all placement types)", table["entry_share"])
    for key, value in overrides.items():
        column, _, placement = key.partition(":")
        if column not in TABLE_OVERRIDES or placement not in PLACEMENT_TYPES:
            raise BadInputError(path, f"override {key}", value, f"'<column>:<placement_type>' with column one of {', '.join(TABLE_OVERRIDES)}")
        number = float(value)
        if not np.isfinite(number) or number < 0 or (column == "mean_stay_months" and number == 0):
            raise BadInputError(path, f"override {key}", value, "a finite, positive number")
        table[column][PLACEMENT_TYPES.index(placement)] = number
    return table


def _replace_base(rates: CscPackageRates, steady: np.ndarray) -> CscPackageRates:
    """Spread each type's base-date children over age bands as in the steady state ``steady`` [K, A]."""
    fallback = np.array([AGE_BAND_WIDTH_MONTHS[b] for b in AGE_BANDS], dtype=float)
    profile = np.empty((K, A))
    for k in range(K):
        row = steady[k] if steady[k].sum() > 0 else fallback
        if k == SUPPORTED and steady[k].sum() <= 0:
            row = np.eye(A)[OLDEST]
        profile[k] = row / row.sum()
    base_stock = rates.children_at_base[:, None] * profile
    return replace(rates, base_stock=base_stock, steady_state_children=float(steady.sum()))


@dataclass
class CscPaths:
    """Simulated children looked after: counts at month starts and flows during each month."""

    dates: tuple[dt.date, ...]  # T+1 month starts (the last is the day after the horizon)
    children: np.ndarray  # [P, T+1, K, A] children looked after
    flows_by_type: dict[str, np.ndarray]  # name (FLOW_NAMES) -> [P, T, K]
    entry_multiplier: np.ndarray  # [P] per-path multiplier of the entry rate
    cost_inflation_per_year: np.ndarray  # [P] per-path weekly cost inflation

    @property
    def paths(self) -> int:
        """Number of Monte Carlo paths."""
        return self.children.shape[0]

    @property
    def entries(self) -> np.ndarray:
        """Children coming into care in each month, [P, T]."""
        return self.flows_by_type["entries"].sum(axis=2)

    @property
    def exits(self) -> np.ndarray:
        """Children leaving care in each month (before 18 and at 18), [P, T]."""
        return (self.flows_by_type["exits"] + self.flows_by_type["left_at_18"]).sum(axis=2)

    def flow(self, name: str) -> np.ndarray:
        """One flow of ``FLOW_NAMES`` summed over placement types, [P, T]."""
        return self.flows_by_type[name].sum(axis=2)

    def total(self) -> np.ndarray:
        """Children looked after at each month start, [P, T+1]."""
        return self.children.sum(axis=(2, 3))

    def by_type(self) -> np.ndarray:
        """Children looked after by placement type at each month start, [P, T+1, K]."""
        return self.children.sum(axis=3)


def initial_children(rates: CscPackageRates) -> np.ndarray:
    """Whole children looked after at the base date by ``[placement_type, age_band]``.

    Each type's (rounded) children are spread over the age bands by largest remainder, following
    the steady-state age profile in ``rates.base_stock``. Both engines start from these counts.
    """
    return np.stack([pc.largest_remainder(rates.base_stock[k], int(round(rates.children_at_base[k]))) for k in range(K)])


def draw_csc_parameters(rates: CscPackageRates, rng: np.random.Generator, paths: int) -> tuple[np.ndarray, np.ndarray]:
    """Per-path parameters, in this order from ``rng``: the entry-rate multiplier
    ``exp(sd·Z - sd²/2)`` (mean 1) and the weekly cost inflation (triangular over its range)."""
    sd = rates.entry_rate_sd_log
    multiplier = np.exp(sd * rng.standard_normal(paths) - 0.5 * sd * sd)
    inflation = pc.draw_within_range(rng, rates.inflation, paths)
    return multiplier, inflation


def entries_per_month_at(rates: CscPackageRates, entry_multiplier: np.ndarray, month: int) -> np.ndarray:
    """Expected children coming into care in month ``month`` (0 = the base month), per path."""
    return rates.entries_per_month * entry_multiplier * np.exp(rates.entry_trend_per_year * month / 12.0)


POOL_UNIFORMS = 80
"""Uniforms drawn in bulk per path each month (a Sefton path uses about 70; more are drawn
from the same generator when needed)."""


def _step_month(
    rates: CscPackageRates,
    stock: np.ndarray,
    entries_per_month: np.ndarray,
    rng: np.random.Generator | None,
    flows: np.ndarray,
) -> None:
    """Advance ``stock`` [P, K, A] (float) one month in place (``csc_kernel.step_month``) and
    write this month's flows ``[P, 5, K]``; ``rng=None``: expected values."""
    P = stock.shape[0]
    pool = np.zeros((P, 0)) if rng is None else rng.random((P, POOL_UNIFORMS))
    csc_kernel.step_month(
        rng is None,
        stock,
        np.ascontiguousarray(entries_per_month, dtype=np.float64),
        rates.entry_cells,
        rates.exit_per_month,
        float(rates.step_down_per_month),
        float(rates.step_down_share_to_in_house),
        AGEING_PER_MONTH,
        RESIDENTIAL,
        IN_HOUSE,
        IFA,
        pool,
        rng if rng is not None else inversion.NO_DRAWS,
        flows,
    )


def _run_block(
    rates: CscPackageRates,
    rng: np.random.Generator | None,
    months: int,
    entry_multiplier: np.ndarray,
    inflation: np.ndarray,
) -> CscPaths:
    P = entry_multiplier.shape[0]
    if rng is not None:
        stock = np.broadcast_to(initial_children(rates), (P, K, A)).astype(np.float64)
        out_dtype: type = np.int32
    else:
        stock = np.broadcast_to(rates.base_stock, (P, K, A)).astype(np.float64)
        out_dtype = np.float64
    children: np.ndarray = np.zeros((P, months + 1, K, A), dtype=out_dtype)
    flows = np.zeros((P, months, len(FLOW_NAMES), K))
    month_flows = np.zeros((P, len(FLOW_NAMES), K))
    children[:, 0] = stock
    for m in range(months):
        _step_month(rates, stock, entries_per_month_at(rates, entry_multiplier, m), rng, month_flows)
        flows[:, m] = month_flows
        children[:, m + 1] = stock
    dates = pc.month_starts(rates.base_date, months + 1)
    by_name: dict[str, np.ndarray] = {name: flows[:, :, csc_kernel.FLOW_INDEX[name]].astype(out_dtype) for name in FLOW_NAMES}
    return CscPaths(dates, children, by_name, entry_multiplier, inflation)


def simulate_csc_chunk(rates: CscPackageRates, months: int, paths: int, seed: int, chunk: int) -> CscPaths:
    """One chunk of paths from ``SeedSequence(seed, spawn_key=(chunk, STREAM_CSC))``.

    Per-path parameters: an entry-rate multiplier ``exp(sd·Z - sd²/2)`` (mean 1) and the weekly
    cost inflation (triangular over its range, peaking at the central value).
    """
    rng = pc.chunk_generator(seed, chunk, pc.STREAM_CSC)
    multiplier, inflation = draw_csc_parameters(rates, rng, paths)
    return _run_block(rates, rng, months, multiplier, inflation)


def simulate_csc(rates: CscPackageRates, months: int, paths: int, seed: int, chunk_paths: int = CHUNK_PATHS) -> CscPaths:
    """Monte Carlo paths of children looked after; identical for the same rates, months, paths and seed."""
    if months < 0 or paths < 1:
        raise BadInputError(None, "csc simulation", (months, paths), "months >= 0 and paths >= 1")
    parts = [simulate_csc_chunk(rates, months, n, seed, i) for i, n in enumerate(chunk_sizes(paths, chunk_paths))]
    return concat_csc_paths(parts)


def concat_csc_paths(parts: list[CscPaths]) -> CscPaths:
    """Join chunks of paths along the path axis."""
    if len(parts) == 1:
        return parts[0]
    return CscPaths(
        parts[0].dates,
        np.concatenate([p.children for p in parts]),
        {name: np.concatenate([p.flows_by_type[name] for p in parts]) for name in FLOW_NAMES},
        np.concatenate([p.entry_multiplier for p in parts]),
        np.concatenate([p.cost_inflation_per_year for p in parts]),
    )


def expected_csc(rates: CscPackageRates, months: int) -> CscPaths:
    """One deterministic mean-field path (expected flows, central parameters) of the same model."""
    return _run_block(rates, None, months, np.ones(1), np.array([rates.inflation.value]))


def steady_state(rates: CscPackageRates) -> np.ndarray:
    """Children by ``[placement_type, age_band]`` at which the mean-field month step (no trend) balances.

    Solves ``S = M S + E`` for the month map ``M`` (exits, step-down, ageing) and the monthly
    entries ``E``; the map is read off the model's own step applied to each unit state.
    """
    basis = np.eye(K * A).reshape(K * A, K, A)
    _step_month(rates, basis, np.zeros(K * A), None, np.zeros((K * A, len(FLOW_NAMES), K)))
    month_map = basis.reshape(K * A, K * A).T  # column j = next state of unit state j
    entries = (rates.entries_per_month * rates.entry_cells).reshape(-1)
    return np.linalg.solve(np.eye(K * A) - month_map, entries).reshape(K, A)


def csc_cost_by_financial_year(paths: CscPaths, rates: CscPackageRates, base_date: dt.date | None = None) -> np.ndarray:
    """Placement cost per path and financial year, £m [P, Y] (year 0 contains ``base_date``).

    Child-weeks in a month are the mid-month children (mean of the month's start and end) × 52/12;
    each type's weekly cost rises by the path's inflation at each April after the price year.
    """
    base_date = rates.base_date if base_date is None else base_date
    months = paths.children.shape[1] - 1
    by_type = paths.by_type().astype(np.float64)  # [P, T+1, K]
    child_weeks = 0.5 * (by_type[:, :-1] + by_type[:, 1:]) * pc.WEEKS_PER_MONTH  # [P, T, K]
    gbp = child_weeks @ rates.cost_gbp_per_week  # [P, T]
    years_after_price = pc.month_financial_years(base_date, months) - rates.price_base_financial_year
    index = (1.0 + paths.cost_inflation_per_year[:, None]) ** years_after_price[None, :]
    return pc.sum_by_financial_year(gbp * index, base_date) / 1e6


def csc_cost_by_type_by_financial_year(paths: CscPaths, rates: CscPackageRates, base_date: dt.date | None = None) -> np.ndarray:
    """Placement cost per path, financial year and placement type, £m [P, Y, K] (``PLACEMENT_TYPES``).

    The same child-weeks, weekly costs and inflation as ``csc_cost_by_financial_year``, kept by
    type; the types add up to that total (to rounding: the total sums types before months).
    """
    base_date = rates.base_date if base_date is None else base_date
    months = paths.children.shape[1] - 1
    by_type = paths.by_type().astype(np.float64)  # [P, T+1, K]
    child_weeks = 0.5 * (by_type[:, :-1] + by_type[:, 1:]) * pc.WEEKS_PER_MONTH  # [P, T, K]
    gbp = child_weeks * rates.cost_gbp_per_week  # [P, T, K]
    years_after_price = pc.month_financial_years(base_date, months) - rates.price_base_financial_year
    index = (1.0 + paths.cost_inflation_per_year[:, None]) ** years_after_price[None, :]
    monthly = gbp * index[:, :, None]
    return np.stack([pc.sum_by_financial_year(monthly[:, :, k], base_date) for k in range(monthly.shape[2])], axis=-1) / 1e6


def csc_base_cost_gbp_m(rates: CscPackageRates) -> float:
    """Cost of the base-date children for a full year at price-year costs, £m (2024/25 for Sefton).

    This is the engine's figure for the CSC package part of the budget (weekly cost × 52).
    """
    return float(rates.children_at_base @ rates.cost_gbp_per_week) * pc.WEEKS_PER_YEAR / 1e6
