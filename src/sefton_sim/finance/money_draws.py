"""Money uncertainty: every range the data declare, drawn per path and correlated over years.

What varies between paths (each from its ``low``-``high`` range in the council's tables):

- unit costs by setting (``send_settings.csv`` ``cost_low_gbp`` / ``cost_high_gbp``; INMSS fees
  are the ``inmss`` row);
- the other High Needs lines (early-years HNF, Complementary Education and other central lines)
  and their volume growth;
- SEND unit-cost inflation, INMSS fee inflation (``inmss_fee_inflation_per_year``; without that
  row INMSS fees follow SEND inflation), transport cost inflation, High Needs grant growth;
- the mainstream (non-SEND) transport base.

How (the "starting assumptions" reading of a value with a range): each quantity's marginal is a
Beta-PERT distribution with the table's value as its mode and ``low``/``high`` as its bounds, so
every draw stays inside the stated range. Draws are joined by a Gaussian copula:

- a rate series (inflation, grant growth) has, per path, a lasting level plus an AR(1)
  year-to-year part: ``z[y] = sqrt(1 - w) * level + sqrt(w) * e[y]``, ``e`` a unit-variance AR(1)
  with autocorrelation ``rho``; so years are correlated ``(1 - w) + w * rho ** |y - y'|`` and each
  year's rate has the PERT marginal;
- the levels of the four rate series share a common factor (correlation ``c_rates``): they all
  follow prices (starting_assumptions.md Money; the grant's "notional inflation-based increases",
  fact 004_5a9339259cd50bf4.txt line 99);
- unit costs share a common factor across settings (correlation ``c_costs``).

``w``, ``rho``, ``c_rates`` and ``c_costs`` are rows of ``money_assumptions.csv`` with their
sources (without a row: 0, i.e. no year-to-year part / independent draws).

The 2023/24 outturn is a fact, so it pins the level of spend: on every path the drawn unit costs
are scaled by one factor so that the model's 2023/24 (``finance.base_year``) costs exactly the
published spend with that path's other lines. Unit-cost uncertainty is thus uncertainty in the
relative cost of settings (what a change of mix, e.g. more INMSS, costs), not in a known total.

A scenario value for a rate (e.g. ``finance.send_unit_cost_inflation_per_year``) fixes it on
every path. ``finance.money_ranges = "central"`` fixes everything at the central values.

Reproducible and independent of executor and chunking: the standard normals come from the
streams ``SeedSequence(seed, spawn_key=(chunk, MONEY_STREAM))`` over the fixed chunks of the
vector core, a fixed number per path (``NORMALS_PER_PATH``, laid out for the longest horizon),
so path ``p`` gets the same draws whatever the run's path count, horizon or executor.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
from scipy import special, stats

from sefton_sim.data import tables as t
from sefton_sim.data.council import CouncilData
from sefton_sim.demand.vector import chunk_sizes
from sefton_sim.errors import BadInputError
from sefton_sim.finance.assumptions import FinanceAssumptions
from sefton_sim.finance.base_year import children_by_setting_over_year
from sefton_sim.finance.money_data import HIGH_NEEDS_OTHER_LINES, MoneyData
from sefton_sim.model import limits as lim
from sefton_sim.model import states as st
from sefton_sim.scenario.finance import FinanceSettings

MONEY_STREAM: Final = 107
"""Seed stream id of the money draws (``SeedSequence(seed, spawn_key=(chunk, 107))``)."""

MAX_YEARS: Final = 15
"""Longest horizon (the scenario schema's limit): the draw layout has room for it."""

SETTINGS_FILE: Final = "send_settings.csv"
GBP_PER_GBP_M: Final = 1e6

RATE_SERIES: Final[tuple[str, ...]] = (
    "send_unit_cost_inflation_per_year",
    "inmss_fee_inflation_per_year",
    "htst_cost_inflation_per_year",
    "high_needs_grant_growth_per_year",
)
"""Rates drawn as correlated year-by-year series (the order fixes the draw layout)."""

DYNAMICS: Final[dict[str, str]] = {
    "money_year_to_year_variance_share": "w",
    "money_year_to_year_autocorrelation": "rho",
    "money_rate_level_correlation": "c_rates",
    "unit_cost_setting_correlation": "c_costs",
}
"""Optional money_assumptions.csv rows that set the copula (absent: 0)."""

# layout of the standard normals of one path
_COST_COMMON = 0
_COST = 1  # S columns
_RATE_COMMON = _COST + st.S
_RATE = _RATE_COMMON + 1  # per series: 1 level + MAX_YEARS year-to-year innovations
_RATE_WIDTH = 1 + MAX_YEARS
_OTHER = _RATE + len(RATE_SERIES) * _RATE_WIDTH  # per other line: 1 level
_OTHER_VOLUME = _OTHER + len(HIGH_NEEDS_OTHER_LINES)  # volume growth: 1 level + MAX_YEARS
_MAINSTREAM_BASE = _OTHER_VOLUME + _RATE_WIDTH
NORMALS_PER_PATH: Final = _MAINSTREAM_BASE + 1


_QUANTILE_GRID: Final = np.concatenate([[0.0], special.ndtr(np.linspace(-8.0, 8.0, 4097)), [1.0]])
"""Uniforms at which a PERT quantile function is tabulated (dense in both tails)."""


@dataclass(frozen=True)
class Range:
    """A value with its range: the mode and bounds of a Beta-PERT distribution."""

    name: str
    value: float
    low: float
    high: float

    @property
    def fixed(self) -> bool:
        """True when the range is a single value."""
        return self.high - self.low <= 1e-12 * max(1.0, abs(self.value))

    def quantile(self, u: np.ndarray) -> np.ndarray:
        """PERT quantiles of uniforms ``u`` (the value itself when the range is a point)."""
        if self.fixed:
            return np.full(np.shape(u), self.value)
        width = self.high - self.low
        a = 1.0 + 4.0 * (self.value - self.low) / width
        b = 1.0 + 4.0 * (self.high - self.value) / width
        table = np.asarray(stats.beta.ppf(_QUANTILE_GRID, a, b))  # tabulated once, interpolated (error < 1e-5 of the range)
        return self.low + width * np.interp(u, _QUANTILE_GRID, table)

    def mean(self) -> float:
        """The PERT mean (low + 4 value + high) / 6."""
        return self.value if self.fixed else (self.low + 4.0 * self.value + self.high) / 6.0


@dataclass(frozen=True)
class MoneyRanges:
    """Every money range a run samples, read from the council's tables and the scenario."""

    unit_costs: tuple[Range, ...]  # [S] by setting, £ per child per year at 2023/24 prices
    rates: dict[str, Range | None]  # RATE_SERIES; None = fixed by the scenario at the assumptions' value
    other_lines: tuple[Range, ...]  # HIGH_NEEDS_OTHER_LINES, £m at 2023/24 prices
    other_volume_growth: Range
    htst_mainstream_base: Range
    dynamics: dict[str, float]  # w, rho, c_rates, c_costs
    spend_2023_24_gbp_m: float
    children_2023_24_by_setting: np.ndarray  # [S]


@dataclass(frozen=True)
class MoneyDraws:
    """Money on each path (arrays [path, financial_year] unless stated)."""

    sampled: bool
    unit_cost_gbp_per_child_per_year: np.ndarray  # [P, S] at 2023/24 prices
    send_cost_index: np.ndarray  # SEND unit costs (all settings but INMSS) relative to 2023/24 prices
    inmss_cost_index: np.ndarray  # INMSS fees relative to 2023/24 prices
    htst_cost_index: np.ndarray
    high_needs_grant_gbp_m: np.ndarray
    other_lines_gbp_m: np.ndarray  # [P, L] at 2023/24 prices (HIGH_NEEDS_OTHER_LINES order)
    other_volume_index: np.ndarray  # volume of the other lines relative to 2023/24
    htst_mainstream_base_gbp_m: np.ndarray  # [P] at 2023/24 prices

    @property
    def paths(self) -> int:
        """Number of paths."""
        return int(self.unit_cost_gbp_per_child_per_year.shape[0])

    def cost_index_by_setting(self) -> np.ndarray:
        """[P, Y, S]: the SEND index for every setting, the INMSS fee index for INMSS."""
        index = np.repeat(self.send_cost_index[:, :, None], st.S, axis=2)
        index[:, :, st.INMSS] = self.inmss_cost_index
        return index


def _unit_cost_ranges(council: CouncilData) -> tuple[Range, ...]:
    path = Path(council.folder) / SETTINGS_FILE
    centre = council.cost_gbp_per_child_per_year
    columns = ("cost_low_gbp", "cost_high_gbp")
    if not all(c in t.read_table(path, ["setting"]).columns for c in columns):
        return tuple(Range(s, float(c), float(c), float(c)) for s, c in zip(st.SETTINGS, centre))  # no ranges: fixed
    frame = t.read_table(path, ["setting", *columns], {c: lim.NON_NEGATIVE_MONEY_GBP for c in columns})
    rows = {r["setting"]: r for r in frame.iter_rows(named=True)}
    out = []
    for s, setting in enumerate(st.SETTINGS):
        row = rows[setting]
        low, high = float(row["cost_low_gbp"]), float(row["cost_high_gbp"])
        if not low <= centre[s] <= high:
            raise BadInputError(
                path, f"{setting}.cost_gbp_per_child_per_year", float(centre[s]), f"within cost_low_gbp-cost_high_gbp {low:g}-{high:g}"
            )
        out.append(Range(setting, float(centre[s]), low, high))
    return tuple(out)


def _range(money: MoneyData, name: str) -> Range:
    p = money.parameters[name]
    return Range(name, p.value, p.low, p.high)


def money_ranges(council: CouncilData, money: MoneyData, settings: FinanceSettings | None, base_date: dt.date) -> MoneyRanges:
    """The ranges a run samples: data ranges, less what the scenario fixes."""
    settings = settings if settings is not None else FinanceSettings()
    fixed_by_scenario = {
        "send_unit_cost_inflation_per_year": settings.send_unit_cost_inflation_per_year is not None,
        "inmss_fee_inflation_per_year": settings.send_unit_cost_inflation_per_year is not None,
        "htst_cost_inflation_per_year": settings.htst_cost_inflation_per_year is not None,
        "high_needs_grant_growth_per_year": settings.high_needs_grant_growth_per_year is not None,
    }
    rates: dict[str, Range | None] = {}
    for name in RATE_SERIES:
        source = name if name in money.parameters else "send_unit_cost_inflation_per_year"
        rates[name] = None if fixed_by_scenario[name] else _range(money, source)
    if "inmss_fee_inflation_per_year" not in money.parameters:
        rates["inmss_fee_inflation_per_year"] = None  # follows SEND inflation draw for draw (see draw_money)
    dynamics = {key: (money.value(row) if row in money.parameters else 0.0) for row, key in DYNAMICS.items()}
    for row, key in DYNAMICS.items():
        if not 0.0 <= dynamics[key] < 1.0:
            raise BadInputError(money.folder / "money_assumptions.csv", f"{row}.value", dynamics[key], "a share from 0 to below 1")
    return MoneyRanges(
        unit_costs=_unit_cost_ranges(council),
        rates=rates,
        other_lines=tuple(_range(money, name) for name in HIGH_NEEDS_OTHER_LINES),
        other_volume_growth=_range(money, "hn_other_lines_volume_growth_per_year"),
        htst_mainstream_base=_range(money, "htst_mainstream_base_gbp_m"),
        dynamics=dynamics,
        spend_2023_24_gbp_m=money.value("high_needs_spend_2023_24_gbp_m"),
        children_2023_24_by_setting=children_by_setting_over_year(council, base_date),
    )


def money_normals(seed: int, paths: int) -> np.ndarray:
    """Standard normals [paths, NORMALS_PER_PATH] from the money streams of the fixed chunks."""
    parts = []
    for chunk, n in enumerate(chunk_sizes(paths)):
        rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(chunk, MONEY_STREAM))))
        parts.append(rng.standard_normal((n, NORMALS_PER_PATH)))
    return np.concatenate(parts) if parts else np.zeros((0, NORMALS_PER_PATH))


def _uniform(z: np.ndarray) -> np.ndarray:
    return np.asarray(special.ndtr(z))


def _series_normals(z: np.ndarray, start: int, years: int, common: np.ndarray | None, c: float, w: float, rho: float) -> np.ndarray:
    """Copula normals [P, Y] of one rate series: a level (optionally sharing ``common``) plus an AR(1) part."""
    level = z[:, start]
    if common is not None:
        level = np.sqrt(c) * common + np.sqrt(1.0 - c) * level
    innovations = z[:, start + 1 : start + 1 + years]
    ar = np.empty_like(innovations)
    ar[:, 0] = innovations[:, 0]
    for y in range(1, years):
        ar[:, y] = rho * ar[:, y - 1] + np.sqrt(1.0 - rho**2) * innovations[:, y]
    return np.sqrt(1.0 - w) * level[:, None] + np.sqrt(w) * ar


def _index(rate: np.ndarray) -> np.ndarray:
    """Compound index [P, Y] of yearly rates [P, Y], relative to 2023/24 (year 0 already one year on)."""
    return np.cumprod(1.0 + rate, axis=1)


def central_money(council: CouncilData | None, assumptions: FinanceAssumptions, paths: int) -> MoneyDraws:
    """Every path at the central values (what the ledgers used before money was sampled).

    Without ``council`` the unit costs are NaN (the caller supplies them).
    """
    years = assumptions.years

    def rows(v: np.ndarray) -> np.ndarray:
        return np.broadcast_to(np.asarray(v, dtype=float), (paths,) + np.shape(v)).copy()

    volume = (1.0 + assumptions.high_needs_other_volume_growth_per_year) ** (np.arange(years) + 1)
    return MoneyDraws(
        sampled=False,
        unit_cost_gbp_per_child_per_year=rows(council.cost_gbp_per_child_per_year if council is not None else np.full(st.S, np.nan)),
        send_cost_index=rows(assumptions.send_cost_index),
        inmss_cost_index=rows(assumptions.send_cost_index),
        htst_cost_index=rows(assumptions.htst_cost_index),
        high_needs_grant_gbp_m=rows(assumptions.high_needs_grant_gbp_m),
        other_lines_gbp_m=rows(np.array([assumptions.high_needs_other_lines_gbp_m[n] for n in HIGH_NEEDS_OTHER_LINES])),
        other_volume_index=rows(volume),
        htst_mainstream_base_gbp_m=np.full(paths, assumptions.htst_mainstream_base_gbp_m),
    )


def draw_money(ranges: MoneyRanges, assumptions: FinanceAssumptions, normals: np.ndarray) -> MoneyDraws:
    """Money per path from its standard normals [P, NORMALS_PER_PATH] (``money_normals``)."""
    years = assumptions.years
    if years > MAX_YEARS:
        raise BadInputError(None, "horizon_years", years, f"at most {MAX_YEARS} financial years")
    z = np.asarray(normals, dtype=float)
    paths = z.shape[0]
    d = ranges.dynamics
    w, rho = d["w"], d["rho"]

    cost_z = np.sqrt(d["c_costs"]) * z[:, [_COST_COMMON]] + np.sqrt(1.0 - d["c_costs"]) * z[:, _COST : _COST + st.S]
    costs = np.column_stack([r.quantile(_uniform(cost_z[:, s])) for s, r in enumerate(ranges.unit_costs)])
    other = np.column_stack([r.quantile(_uniform(z[:, _OTHER + i])) for i, r in enumerate(ranges.other_lines)])
    placements_target = ranges.spend_2023_24_gbp_m - other.sum(axis=1)
    placements_drawn = costs @ ranges.children_2023_24_by_setting / GBP_PER_GBP_M
    costs = costs * (placements_target / placements_drawn)[:, None]  # the 2023/24 outturn holds on every path

    rate_paths: dict[str, np.ndarray] = {}
    common = z[:, _RATE_COMMON]
    for k, name in enumerate(RATE_SERIES):
        r = ranges.rates[name]
        if r is None:
            continue
        series = _series_normals(z, _RATE + k * _RATE_WIDTH, years, common, d["c_rates"], w, rho)
        rate_paths[name] = r.quantile(_uniform(series))

    def index_or_fixed(name: str, fixed: np.ndarray) -> np.ndarray:
        return _index(rate_paths[name]) if name in rate_paths else np.broadcast_to(fixed, (paths, years)).copy()

    send_index = index_or_fixed("send_unit_cost_inflation_per_year", assumptions.send_cost_index)
    inmss_index = index_or_fixed("inmss_fee_inflation_per_year", send_index) if "inmss_fee_inflation_per_year" in rate_paths else send_index.copy()
    htst_index = index_or_fixed("htst_cost_inflation_per_year", assumptions.htst_cost_index)
    grant_first = float(assumptions.high_needs_grant_gbp_m[0])
    if "high_needs_grant_growth_per_year" in rate_paths:
        growth = rate_paths["high_needs_grant_growth_per_year"]
        grant = grant_first * np.concatenate([np.ones((paths, 1)), np.cumprod(1.0 + growth[:, 1:], axis=1)], axis=1)
    else:
        grant = np.broadcast_to(assumptions.high_needs_grant_gbp_m, (paths, years)).copy()
    volume_rate = ranges.other_volume_growth.quantile(_uniform(_series_normals(z, _OTHER_VOLUME, years, None, 0.0, w, rho)))
    return MoneyDraws(
        sampled=True,
        unit_cost_gbp_per_child_per_year=costs,
        send_cost_index=send_index,
        inmss_cost_index=inmss_index,
        htst_cost_index=htst_index,
        high_needs_grant_gbp_m=grant,
        other_lines_gbp_m=other,
        other_volume_index=_index(volume_rate),
        htst_mainstream_base_gbp_m=ranges.htst_mainstream_base.quantile(_uniform(z[:, _MAINSTREAM_BASE])),
    )


def money_for_paths(
    council: CouncilData,
    money: MoneyData,
    settings: FinanceSettings | None,
    assumptions: FinanceAssumptions,
    base_date: dt.date,
    seed: int,
    paths: int,
) -> MoneyDraws:
    """The run's money: sampled from the ranges (default) or central (``finance.money_ranges = "central"``)."""
    mode = settings.money_ranges if settings is not None else "sampled"
    if mode == "central":
        return central_money(council, assumptions, paths)
    return draw_money(money_ranges(council, money, settings, base_date), assumptions, money_normals(seed, paths))


def spend_2023_24_gbp_m(draws: MoneyDraws, children_2023_24_by_setting: np.ndarray) -> np.ndarray:
    """Each path's High Needs spend in 2023/24 (£m): its unit costs x the 2023/24 children + its other lines."""
    placements = draws.unit_cost_gbp_per_child_per_year @ np.asarray(children_2023_24_by_setting, dtype=float) / GBP_PER_GBP_M
    return np.asarray(placements + draws.other_lines_gbp_m.sum(axis=1))
