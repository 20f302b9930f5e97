"""A council's structural growth state at a January census: the DfE facts the growth model starts from.

Growth is the log change in plans in place between two January censuses, split into England's
growth, the region's deviation from it and the council's deviation from its region
(``demand.structural_growth`` models how they evolve). This module reads the panel of every
council's censuses from the DfE caseload file and gives each council's split at a census, and
the table (``send_structural_growth.csv``) a council folder carries it in.

Contains public sector information licensed under the Open Government Licence v3.0.
Source: Department for Education.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final

import numpy as np
import polars as pl

from sefton_sim.data import dfe_statistics as dfe
from sefton_sim.errors import BadInputError
from sefton_sim.model import states as st

STATE_FILE: Final[str] = "send_structural_growth.csv"
"""A council data folder's growth state at its latest January census (optional: without it a run keeps the fitted trend's normal spread)."""
STATE_FIELDS: Final[tuple[str, ...]] = ("origin_period", "plans", "national_growth", "region_deviation", "council_deviation")


@dataclass(frozen=True)
class GrowthPanel:
    """Plans in place at each January census for every council with a complete series.

    ``stock[c, y]`` total plans of council ``c`` at census ``periods[y]``; ``by_setting[c, y, s]``
    plans by model setting (``model.states.SETTINGS``); ``national[y]`` England's total.
    """

    periods: tuple[int, ...]
    la_codes: tuple[str, ...]
    la_names: tuple[str, ...]
    regions: tuple[str, ...]
    stock: np.ndarray
    by_setting: np.ndarray
    national: np.ndarray
    source: str

    def up_to(self, origin_period: int) -> GrowthPanel:
        """The same councils with only the censuses up to and including ``origin_period`` (later rows ignored)."""
        keep = [i for i, p in enumerate(self.periods) if p <= origin_period]
        if len(keep) < 2:
            raise BadInputError(
                self.source, "origin", origin_period, f"an origin with at least two censuses at or before it (first {self.periods[0]})"
            )
        return replace(
            self,
            periods=tuple(self.periods[i] for i in keep),
            stock=self.stock[:, keep],
            by_setting=self.by_setting[:, keep],
            national=self.national[keep],
        )

    def only(self, la_codes: list[str]) -> GrowthPanel:
        """The panel restricted to some councils (the national series stays England's)."""
        idx = [self.la_codes.index(c) for c in la_codes]
        return replace(
            self,
            la_codes=tuple(self.la_codes[i] for i in idx),
            la_names=tuple(self.la_names[i] for i in idx),
            regions=tuple(self.regions[i] for i in idx),
            stock=self.stock[idx],
            by_setting=self.by_setting[idx],
        )


def growth_panel(stats: dfe.DfeStatistics) -> GrowthPanel:
    """Every council with plans at all censuses of ``caseload.csv``, with its region and plans by setting."""
    caseload = stats.frame("caseload.csv").filter(pl.col("breakdown_topic") == dfe.ALL_ROWS_TOPIC["caseload.csv"])
    periods = tuple(sorted(set(caseload["period"].to_list())))
    local = caseload.filter(pl.col("geographic_level") == "Local authority")
    regions_raw = pl.read_csv(stats.path("caseload.csv"), columns=["old_la_code", "region_name"], infer_schema_length=0).drop_nulls().unique()
    region_of = {str(r["old_la_code"]): str(r["region_name"]) for r in regions_raw.iter_rows(named=True)}
    national_rows = caseload.filter((pl.col("geographic_level") == "National") & (pl.col("measure") == "ehcplans"))
    national_of = {r["period"]: r["value"] for r in national_rows.iter_rows(named=True)}
    if any(national_of.get(p) is None for p in periods):
        raise BadInputError(stats.path("caseload.csv"), "National.ehcplans", [national_of.get(p) for p in periods], "England's total at every census")
    leaves = local.filter(pl.col("measure").is_in(dfe.SETTING_COLUMNS)).with_columns(
        pl.col("measure").replace_strict(dfe.SETTING_OF_COLUMN).alias("setting")
    )
    by_setting = leaves.group_by("old_la_code", "period", "setting").agg(pl.col("value").sum())
    setting_of = {(r["old_la_code"], r["period"], r["setting"]): r["value"] for r in by_setting.iter_rows(named=True)}
    totals = local.filter(pl.col("measure") == "ehcplans")
    total_of = {(r["old_la_code"], r["period"]): r["value"] for r in totals.iter_rows(named=True)}
    codes, names, regions, stocks, settings = [], [], [], [], []
    for council in stats.councils():
        total = [total_of.get((council.old_la_code, p)) for p in periods]
        if any(t is None or not t > 0 for t in total):
            continue
        codes.append(council.la_code)
        names.append(council.la_name)
        regions.append(region_of.get(council.old_la_code, "unknown"))
        stocks.append(total)
        settings.append([[setting_of.get((council.old_la_code, p, s_), 0.0) or 0.0 for s_ in st.SETTINGS] for p in periods])
    return GrowthPanel(
        periods=periods,
        la_codes=tuple(codes),
        la_names=tuple(names),
        regions=tuple(regions),
        stock=np.array(stocks, dtype=float),
        by_setting=np.array(settings, dtype=float),
        national=np.array([national_of[p] for p in periods], dtype=float),
        source=str(stats.path("caseload.csv")),
    )


@dataclass(frozen=True)
class CouncilGrowthState:
    """Where one council's growth stands at the origin census (log growth per year)."""

    la_code: str
    origin_period: int
    plans: float
    plans_by_setting: np.ndarray  # [S]
    national_growth: float
    region_deviation: float
    council_deviation: float
    population_0_25: float | None = None  # children and young people aged 0-25, for plans per 10,000 (optional)

    @property
    def growth(self) -> float:
        """The council's latest log growth (national + region + council)."""
        return self.national_growth + self.region_deviation + self.council_deviation


def growth_deviations(panel: GrowthPanel) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """National growth [Y-1], region deviation [R, Y-1], council-in-region deviation [C, Y-1], region names."""
    national = np.diff(np.log(panel.national))
    names = sorted(set(panel.regions))
    region_index = np.array([names.index(r) for r in panel.regions])
    region_stock = np.array([panel.stock[region_index == k].sum(axis=0) for k in range(len(names))])
    region_dev = np.diff(np.log(region_stock), axis=1) - national[None, :]
    council = np.diff(np.log(panel.stock), axis=1) - national[None, :] - region_dev[region_index]
    return national, region_dev, council, names


def council_states(panel: GrowthPanel, origin_period: int) -> list[CouncilGrowthState]:
    """Every council's growth state at ``origin_period`` (only censuses up to it are read)."""
    cut = panel.up_to(origin_period)
    national, region_dev, council_dev, names = growth_deviations(cut)
    out = []
    for c, code in enumerate(cut.la_codes):
        out.append(
            CouncilGrowthState(
                la_code=code,
                origin_period=cut.periods[-1],
                plans=float(cut.stock[c, -1]),
                plans_by_setting=cut.by_setting[c, -1].copy(),
                national_growth=float(national[-1]),
                region_deviation=float(region_dev[names.index(cut.regions[c]), -1]),
                council_deviation=float(council_dev[c, -1]),
            )
        )
    return out


def state_table(state: CouncilGrowthState, source: str) -> pl.DataFrame:
    """One council's growth state as ``quantity, value, source`` rows."""
    values = [float(state.origin_period), state.plans, state.national_growth, state.region_deviation, state.council_deviation]
    return pl.DataFrame({"quantity": list(STATE_FIELDS), "value": values, "source": [source] * len(values)})


def council_state_table(stats: dfe.DfeStatistics, council: dfe.Council, census_period: int) -> pl.DataFrame | None:
    """``council``'s growth state at ``census_period`` as ``send_structural_growth.csv`` rows, each with its source.

    The split is the one the shipped prior was fitted on: England's total, the council's region
    summed over the councils with a complete series, the council itself. None if the council has
    no complete caseload series up to that census (it is then not in the panel).
    """
    panel = growth_panel(stats)
    if council.la_code not in panel.la_codes or census_period not in panel.periods or panel.periods.index(census_period) < 1:
        return None
    state = next(s for s in council_states(panel, census_period) if s.la_code == council.la_code)
    region = panel.regions[panel.la_codes.index(council.la_code)]
    year = census_period // 100 + 1
    source = (
        f"fact: DfE EHCP statistics caseload.csv {panel.periods[0]}-{census_period} ehcplans "
        f"({council.la_code} {council.la_name}; England; {region} councils summed): growth January {year - 1} to January {year} "
        "split into national, regional and council parts (data.growth_state.council_states)"
    )
    return state_table(state, source)
