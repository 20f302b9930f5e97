"""Adult social care packages for Sefton: long-term clients by service and what they cost the council.

State: clients ``clients[path, service]`` (order of ``SERVICES``). A Python loop runs over months
only; each month, in this order:

1. packages end (binomial; monthly probability ``1 - exp(-1/mean_duration_months)``);
2. new packages start (Poisson). The base entry rate of a service balances its ends at the base
   (``clients_at_base × monthly end probability``), so the caseload is stationary unless its
   driver population grows; it then grows with the driver — the 65+ or 85+ population, or the
   working-age population — as ``(1 + growth)^years``, times ``exp(entry_trend_per_year × years)``.

Cost (£m per financial year) = Σ client-weeks × weekly price × (1 + provider fee uplift)^(years
after the price year), with client-weeks = mid-month clients × 52/12; net cost takes off client
contributions (a share of gross).

Parameter uncertainty: each path draws its driver growth rates and its provider fee uplift from
triangular distributions over their ranges (peaking at the central values); the mean-field run
uses the central values. Seeds: chunk ``i`` of 1000 paths draws from
``SeedSequence(seed, spawn_key=(i, STREAM_ASC))``.

The SimPy reference of this model, package by package, is ``des_packages.simulate_asc_des``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np

from sefton_sim.data import tables as t
from sefton_sim.demand.vector import CHUNK_PATHS, chunk_sizes
from sefton_sim.errors import BadInputError
from sefton_sim.model.draws import ExpectedDraws, RandomDraws
from sefton_sim.social_care import package_common as pc

SERVICES: Final[tuple[str, ...]] = ("residential", "nursing", "home_care", "supported_living", "direct_payments")
"""Long-term adult social care services: residential care homes, nursing homes, home care
(domiciliary), supported living, and direct payments."""

DRIVERS: Final[tuple[str, ...]] = ("population_65_plus", "population_85_plus", "working_age")
"""Populations whose growth drives new packages."""

S: Final[int] = len(SERVICES)
D: Final[int] = len(DRIVERS)

SERVICES_FILE: Final[str] = "asc_services.csv"
PARAMETERS_FILE: Final[str] = "asc_parameters.csv"

SERVICE_COLUMNS: Final[tuple[str, ...]] = (
    "service",
    "clients_at_base",
    "price_gbp_per_week",
    "price_low",
    "price_high",
    "mean_duration_months",
    "duration_low",
    "duration_high",
    "entry_driver",
)
"""Columns of asc_services.csv (plus ``source``)."""

DRIVER_GROWTH_PARAMETERS: Final[tuple[str, ...]] = tuple(f"{d}_growth_per_year" for d in DRIVERS)

ASC_PARAMETERS: Final[tuple[str, ...]] = (
    "client_contribution_share",
    *DRIVER_GROWTH_PARAMETERS,
    "fee_uplift_per_year",
    "entry_trend_per_year",
    "price_base_financial_year",
)
"""Rows of asc_parameters.csv."""

SIGNED: Final[frozenset[str]] = frozenset({*DRIVER_GROWTH_PARAMETERS, "entry_trend_per_year"})

TABLE_OVERRIDES: Final[tuple[str, ...]] = ("clients_at_base", "price_gbp_per_week", "mean_duration_months")
"""Service-table columns a scenario may override as ``"<column>:<service>"``."""

FLOW_NAMES: Final[tuple[str, ...]] = ("entries", "exits")
"""Monthly flows per path and service: packages starting and ending."""


@dataclass(frozen=True)
class AscRates:
    """Monthly rates, base-date clients and weekly prices of Sefton's long-term ASC packages."""

    clients_at_base: np.ndarray  # [S] clients at the base date
    price_gbp_per_week: np.ndarray  # [S] £ per client per week, price-year prices (gross)
    price_low_gbp_per_week: np.ndarray  # [S]
    price_high_gbp_per_week: np.ndarray  # [S]
    exit_per_month: np.ndarray  # [S] probability a package ends in a month
    entries_per_month_at_base: np.ndarray  # [S] new packages per month at the base
    driver: np.ndarray  # [S] index into DRIVERS of each service's entry driver
    driver_growth: tuple[pc.Parameter, ...]  # [D] population growth per year (central and range)
    fee_uplift: pc.Parameter  # provider fee uplift per year (central and range)
    client_contribution_share: float  # client contributions as a share of gross cost
    entry_trend_per_year: float  # log growth of entries per year beyond demography (policy, need)
    price_base_financial_year: int  # financial year (start year) of the weekly prices
    base_date: dt.date = pc.BASE_DATE
    parameters: Mapping[str, pc.Parameter] | None = None
    folder: Path | None = None

    @classmethod
    def from_data_if_present(cls, folder: Path, overrides: Mapping[str, float] | None = None, base_date: dt.date = pc.BASE_DATE) -> AscRates | None:
        """:meth:`from_data` when ``asc_services.csv`` and ``asc_parameters.csv`` are both present, else None.

        A table present without its partner is still checked (a bad table refuses the run).
        """
        folder = Path(folder)
        here = [(folder / name).exists() or (folder / name).is_symlink() for name in (SERVICES_FILE, PARAMETERS_FILE)]
        if all(here):
            return cls.from_data(folder, overrides, base_date)
        if here[0]:
            _read_services(folder / SERVICES_FILE, {})
        if here[1]:
            pc.read_parameters(folder / PARAMETERS_FILE, ASC_PARAMETERS, {}, SIGNED)
        return None

    @classmethod
    def from_data(cls, folder: Path, overrides: Mapping[str, float] | None = None, base_date: dt.date = pc.BASE_DATE) -> AscRates:
        """Read ``asc_services.csv`` and ``asc_parameters.csv`` from ``folder``.

        ``overrides`` maps parameter names of asc_parameters.csv, or ``"<column>:<service>"`` for
        the columns in ``TABLE_OVERRIDES``, to scenario values.
        """
        folder = Path(folder)
        overrides = dict(overrides or {})
        table_overrides = {k: v for k, v in overrides.items() if ":" in k}
        parameter_overrides = {k: v for k, v in overrides.items() if ":" not in k}
        table, driver = _read_services(folder / SERVICES_FILE, table_overrides)
        params_path = folder / PARAMETERS_FILE
        params = pc.read_parameters(params_path, ASC_PARAMETERS, parameter_overrides, SIGNED)
        share = params["client_contribution_share"].value
        if share > 1.0:
            raise BadInputError(params_path, "client_contribution_share", share, "a share between 0 and 1")
        exit_per_month = 1.0 - np.exp(-1.0 / table["mean_duration_months"])
        return cls(
            clients_at_base=table["clients_at_base"],
            price_gbp_per_week=table["price_gbp_per_week"],
            price_low_gbp_per_week=table["price_low"],
            price_high_gbp_per_week=table["price_high"],
            exit_per_month=exit_per_month,
            entries_per_month_at_base=table["clients_at_base"] * exit_per_month,
            driver=driver,
            driver_growth=tuple(params[name] for name in DRIVER_GROWTH_PARAMETERS),
            fee_uplift=params["fee_uplift_per_year"],
            client_contribution_share=share,
            entry_trend_per_year=params["entry_trend_per_year"].value,
            price_base_financial_year=int(round(params["price_base_financial_year"].value)),
            base_date=base_date,
            parameters=params,
            folder=folder,
        )

    @property
    def base_clients(self) -> float:
        """Long-term clients at the base date."""
        return float(self.clients_at_base.sum())


def _read_services(path: Path, overrides: Mapping[str, float]) -> tuple[dict[str, np.ndarray], np.ndarray]:
    numeric = SERVICE_COLUMNS[1:-1]
    frame = t.read_table(path, SERVICE_COLUMNS, numeric=numeric)
    names = [str(n).strip() for n in frame["service"].to_list()]
    pc.check_rows(path, names, SERVICES, "service")
    for column in numeric:
        t.check_non_negative(frame, column, path)
    t.check_in_set(frame, "entry_driver", DRIVERS, path)
    order = [names.index(s) for s in SERVICES]
    table = {c: frame[c].to_numpy()[order].astype(float) for c in numeric}
    drivers = frame["entry_driver"].to_list()
    driver = np.array([DRIVERS.index(str(drivers[k]).strip()) for k in order], dtype=np.int64)
    for row, k in enumerate(order):
        row_number = k + 2
        pc.check_range(
            path, f"row {row_number}.price_gbp_per_week", table["price_gbp_per_week"][row], table["price_low"][row], table["price_high"][row]
        )
        pc.check_range(
            path,
            f"row {row_number}.mean_duration_months",
            table["mean_duration_months"][row],
            table["duration_low"][row],
            table["duration_high"][row],
        )
        if table["mean_duration_months"][row] <= 0:
            raise BadInputError(
                path, f"row {row_number}.mean_duration_months", float(table["mean_duration_months"][row]), "a positive number of months"
            )
    for key, value in overrides.items():
        column, _, service = key.partition(":")
        if column not in TABLE_OVERRIDES or service not in SERVICES:
            raise BadInputError(path, f"override {key}", value, f"'<column>:<service>' with column one of {', '.join(TABLE_OVERRIDES)}")
        number = float(value)
        if not np.isfinite(number) or number < 0 or (column == "mean_duration_months" and number == 0):
            raise BadInputError(path, f"override {key}", value, "a finite, positive number")
        table[column][SERVICES.index(service)] = number
    return table, driver


@dataclass
class AscPaths:
    """Simulated long-term ASC clients: counts at month starts and flows during each month."""

    dates: tuple[dt.date, ...]  # T+1 month starts
    clients: np.ndarray  # [P, T+1, S] clients
    flows_by_service: dict[str, np.ndarray]  # name (FLOW_NAMES) -> [P, T, S]
    driver_growth_per_year: np.ndarray  # [P, D] per-path population growth
    fee_uplift_per_year: np.ndarray  # [P] per-path provider fee uplift

    @property
    def paths(self) -> int:
        """Number of Monte Carlo paths."""
        return self.clients.shape[0]

    @property
    def entries(self) -> np.ndarray:
        """New packages in each month, [P, T]."""
        return self.flows_by_service["entries"].sum(axis=2)

    @property
    def exits(self) -> np.ndarray:
        """Packages ending in each month, [P, T]."""
        return self.flows_by_service["exits"].sum(axis=2)

    def total(self) -> np.ndarray:
        """Long-term clients at each month start, [P, T+1]."""
        return self.clients.sum(axis=2)


def initial_clients(rates: AscRates) -> np.ndarray:
    """Whole long-term clients at the base date by service (nearest integer); both engines start here."""
    return np.rint(rates.clients_at_base).astype(np.int64)


def draw_asc_parameters(rates: AscRates, rng: np.random.Generator, paths: int) -> tuple[np.ndarray, np.ndarray]:
    """Per-path parameters, in this order from ``rng``: driver population growth [P, D] and the
    provider fee uplift [P] (each triangular over its range, peaking at the central value)."""
    growth = np.stack([pc.draw_within_range(rng, p, paths) for p in rates.driver_growth], axis=1)  # [P, D]
    uplift = pc.draw_within_range(rng, rates.fee_uplift, paths)
    return growth, uplift


def entries_per_month_at(rates: AscRates, growth: np.ndarray, month: int) -> np.ndarray:
    """Expected new packages in month ``month`` (0 = the base month), [P, S], for driver growth [P, D].

    The base rate of each service grows with its driver population, ``(1 + growth)^years``, times
    ``exp(entry_trend_per_year × years)``.
    """
    service_growth = np.log1p(growth[:, rates.driver]) + rates.entry_trend_per_year  # [P, S] log growth per year
    return rates.entries_per_month_at_base[None, :] * np.exp(service_growth * (month / 12.0))


def _step_month(
    draws: RandomDraws | ExpectedDraws, clients: np.ndarray, exit_per_month: np.ndarray, entries_per_month: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Advance ``clients`` [P, S] one month in place; return (entries, exits), each [P, S]."""
    exits = draws.binomial(clients, exit_per_month[None, :])
    clients -= exits
    entries = draws.poisson(entries_per_month)
    clients += entries
    return entries, exits


def _run_block(rates: AscRates, draws: RandomDraws | ExpectedDraws, months: int, growth: np.ndarray, uplift: np.ndarray) -> AscPaths:
    P = growth.shape[0]
    if draws.integer:
        clients = np.broadcast_to(initial_clients(rates), (P, S)).astype(np.int64)
        out_dtype: type = np.int32
    else:
        clients = np.broadcast_to(rates.clients_at_base, (P, S)).astype(np.float64)
        out_dtype = np.float64
    record: np.ndarray = np.zeros((P, months + 1, S), dtype=out_dtype)
    flows: dict[str, np.ndarray] = {name: np.zeros((P, months, S), dtype=out_dtype) for name in FLOW_NAMES}
    record[:, 0] = clients
    for m in range(months):
        rate = entries_per_month_at(rates, growth, m)
        entries, exits = _step_month(draws, clients, rates.exit_per_month, rate)
        flows["entries"][:, m] = entries
        flows["exits"][:, m] = exits
        record[:, m + 1] = clients
    return AscPaths(pc.month_starts(rates.base_date, months + 1), record, flows, growth, uplift)


def simulate_asc_chunk(rates: AscRates, months: int, paths: int, seed: int, chunk: int) -> AscPaths:
    """One chunk of paths from ``SeedSequence(seed, spawn_key=(chunk, STREAM_ASC))``."""
    rng = pc.chunk_generator(seed, chunk, pc.STREAM_ASC)
    growth, uplift = draw_asc_parameters(rates, rng, paths)
    return _run_block(rates, RandomDraws(rng), months, growth, uplift)


def simulate_asc(rates: AscRates, months: int, paths: int, seed: int, chunk_paths: int = CHUNK_PATHS) -> AscPaths:
    """Monte Carlo paths of long-term ASC clients; identical for the same rates, months, paths and seed."""
    if months < 0 or paths < 1:
        raise BadInputError(None, "asc simulation", (months, paths), "months >= 0 and paths >= 1")
    parts = [simulate_asc_chunk(rates, months, n, seed, i) for i, n in enumerate(chunk_sizes(paths, chunk_paths))]
    return concat_asc_paths(parts)


def concat_asc_paths(parts: list[AscPaths]) -> AscPaths:
    """Join chunks of paths along the path axis."""
    if len(parts) == 1:
        return parts[0]
    return AscPaths(
        parts[0].dates,
        np.concatenate([p.clients for p in parts]),
        {name: np.concatenate([p.flows_by_service[name] for p in parts]) for name in FLOW_NAMES},
        np.concatenate([p.driver_growth_per_year for p in parts]),
        np.concatenate([p.fee_uplift_per_year for p in parts]),
    )


def expected_asc(rates: AscRates, months: int) -> AscPaths:
    """One deterministic mean-field path (expected flows, central parameters) of the same model."""
    growth = np.array([[p.value for p in rates.driver_growth]])
    return _run_block(rates, ExpectedDraws(), months, growth, np.array([rates.fee_uplift.value]))


def asc_cost_by_financial_year(paths: AscPaths, rates: AscRates, base_date: dt.date | None = None, net: bool = True) -> np.ndarray:
    """Package cost per path and financial year, £m [P, Y] (year 0 contains ``base_date``).

    Client-weeks in a month are mid-month clients × 52/12; weekly prices rise by the path's fee
    uplift each April after the price year. ``net`` takes off client contributions.
    """
    base_date = rates.base_date if base_date is None else base_date
    months = paths.clients.shape[1] - 1
    clients = paths.clients.astype(np.float64)
    client_weeks = 0.5 * (clients[:, :-1] + clients[:, 1:]) * pc.WEEKS_PER_MONTH  # [P, T, S]
    gbp = client_weeks @ rates.price_gbp_per_week  # [P, T]
    years_after_price = pc.month_financial_years(base_date, months) - rates.price_base_financial_year
    index = (1.0 + paths.fee_uplift_per_year[:, None]) ** years_after_price[None, :]
    share_paid = 1.0 - rates.client_contribution_share if net else 1.0
    return pc.sum_by_financial_year(gbp * index, base_date) * share_paid / 1e6


def asc_base_cost_gbp_m(rates: AscRates, net: bool = True) -> float:
    """Cost of the base-date clients for a full year at price-year prices, £m (2024/25 for Sefton).

    Clients × weekly price × 52, net of client contributions unless ``net`` is false: the engine's
    figure for the ASC package part of the budget.
    """
    gross = float(rates.clients_at_base @ rates.price_gbp_per_week) * pc.WEEKS_PER_YEAR / 1e6
    return gross * (1.0 - rates.client_contribution_share) if net else gross
