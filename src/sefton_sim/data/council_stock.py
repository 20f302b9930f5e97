"""The SEND stock of a council folder built from the DfE statistics: setting, age band and need at the latest census."""

from __future__ import annotations

from typing import Final

import numpy as np
import polars as pl

from sefton_sim.data import dfe_statistics as dfe
from sefton_sim.data.council_sources import RESIDUAL_TOLERANCE, fact_source, largest_remainder
from sefton_sim.errors import BadInputError
from sefton_sim.model import states as st


def _latest_usable_census(stats: dfe.DfeStatistics, council: dfe.Council) -> tuple[int, pl.DataFrame, pl.DataFrame]:
    rows = stats.council_rows("caseload.csv", council)
    by_census = dfe.settings_by_period(rows.filter(pl.col("breakdown_topic") == "All EHC plans"))
    if by_census.is_empty():
        raise BadInputError(stats.path("caseload.csv"), "LA", council.la_code, "a council with an 'All EHC plans' row in caseload.csv")
    usable = by_census.filter((pl.col("total") > 0) & ((pl.col("residual").abs() / pl.col("total")) <= RESIDUAL_TOLERANCE))
    latest = int(by_census["period"].max())  # type: ignore[arg-type]
    return latest, by_census, usable


def _age_setting_counts(rows: pl.DataFrame, period: int) -> np.ndarray:
    """DfE counts [A, S] at one census from the single-age rows."""
    ages = rows.filter((pl.col("period") == period) & (pl.col("breakdown_topic") == "Child or young persons age"))
    grid = dfe.settings_by_period(ages)
    out = np.zeros((st.A, st.S))
    for row in grid.iter_rows(named=True):
        years = dfe.age_years(row["breakdown"])
        if years is None:
            continue
        a = st.AGE_BANDS.index(dfe.age_band(min(years, 25)))
        out[a] += [row[s] or 0.0 for s in st.SETTINGS]
    return out


PLACEMENT_LABEL_COLUMN: Final[dict[str, str]] = {
    "Mainstream - LA maintained": "mainstream_la_maintained",
    "Mainstream - LA maintained (SEN unit)": "mainstream_la_maintained_senunit",
    "Mainstream - LA maintained (resourced provision)": "mainstream_la_maintained_resourced_provision",
    "Mainstream - academy": "mainstream_academy",
    "Mainstream - academy (SEN unit)": "mainstream_academy_senunit",
    "Mainstream - academy (resourced provision)": "mainstream_academy_resourced_provision",
    "Mainstream - free school": "mainstream_free_school",
    "Mainstream - free school (SEN unit)": "mainstream_free_school_senunit",
    "Mainstream - free school (resourced provision)": "mainstream_free_school_resourced_provision",
    "Mainstream - independent": "mainstream_independent",
    "Non-maintained early years": "nm_early_years",
    "Special - LA maintained": "special_la_maintained",
    "Special - Academy/free schools": "special_academy_free",
    "Special - independent": "special_independent",
    "Special - non-maintained": "special_non_maintained",
    "FE - general FE and tertiary colleges": "general_fe_tertiary_colleges",
    "FE - specialist post-16 institutions": "specialist_post_16_institutions",
    "FE - UKRLP provider": "ukrlp_provider",
    "AP/PRU - LA maintained": "ap_pru_la_maintained",
    "AP/PRU - academy": "ap_pru_academy",
    "AP/PRU - free school": "ap_pru_free_school",
    "Educated elsewhere - elective home education": "elective_home_education",
    "Educated elsewhere - other arrangements by LA": "other_arrangements_la",
    "Educated elsewhere - other arrangements by parents": "other_arrangements_parents",
    "Educated elsewhere - online provider": "online_provider",
    "Educated elsewhere - Welsh establishment": "w_settings",
    "Educated elsewhere - other schools and establishments": "other_schools",
    "Educated elsewhere - other placement settings": "other_placement_settings",
    "Educated elsewhere - NEET": "neet",
    "Educated elsewhere - not in education or training (notice to cease issued)": "neet_ntci",
    "Educated elsewhere - not in education or training (other)": "neet_other",
    "Educated elsewhere - not in education or training (compulsory school age)": "neet_other_csa",
    "Placement not recorded": "placement_unknown",
}
"""``Type of placement`` labels of the need-share files and the caseload column each one is."""


def _need_grids(stats: dfe.DfeStatistics, council: dfe.Council, weights: dict[str, float]) -> tuple[np.ndarray, np.ndarray, np.ndarray, str]:
    """Need shares by setting [S, N], by age band [A, N] and overall [N] (council, else national)."""
    name = "sen_needs_all_plans_shares.csv"
    own = stats.council_rows(name, council)
    label = "the council's"
    if dfe.need_shares(own.filter(pl.col("breakdown_topic") == "All EHC plans")).is_empty():
        own, label = stats.national_rows(name), "England's (the council's are not published)"
    shares = dfe.need_shares(own)

    def vector(frame: pl.DataFrame) -> np.ndarray | None:
        if frame.is_empty():
            return None
        v = np.zeros(st.N)
        for r in frame.iter_rows(named=True):
            v[st.NEEDS.index(r["need"])] = r["share"]
        return v / v.sum() if v.sum() > 0 else None

    overall = vector(shares.filter(pl.col("breakdown_topic") == "All EHC plans"))
    if overall is None:
        overall = np.full(st.N, 1.0 / st.N)
    by_setting = np.zeros((st.S, st.N))
    mass = np.zeros(st.S)
    placement = shares.filter(pl.col("breakdown_topic") == "Type of placement")
    for placement_label, column in PLACEMENT_LABEL_COLUMN.items():
        v = vector(placement.filter(pl.col("breakdown") == placement_label))
        w = weights.get(column, 0.0)
        if v is None or w <= 0:
            continue
        s = st.SETTINGS.index(dfe.SETTING_OF_COLUMN[column])
        by_setting[s] += w * v
        mass[s] += w
    for s in range(st.S):
        by_setting[s] = by_setting[s] / mass[s] if mass[s] > 0 else overall
    by_age = np.zeros((st.A, st.N))
    counts = np.zeros(st.A)
    for r in shares.filter(pl.col("breakdown_topic") == "Child or young persons age").select("breakdown").unique().iter_rows():
        years = dfe.age_years(r[0])
        v = vector(shares.filter((pl.col("breakdown_topic") == "Child or young persons age") & (pl.col("breakdown") == r[0])))
        if years is None or v is None:
            continue
        a = st.AGE_BANDS.index(dfe.age_band(min(years, 25)))
        by_age[a] += v
        counts[a] += 1
    for a in range(st.A):
        by_age[a] = by_age[a] / counts[a] if counts[a] > 0 else overall
    return by_setting, by_age, overall, label


def stock_table(stats: dfe.DfeStatistics, council: dfe.Council, missing: list[str]) -> tuple[pl.DataFrame, dict[str, int], int, np.ndarray]:
    latest, by_census, usable = _latest_usable_census(stats, council)
    rows = stats.council_rows("caseload.csv", council)
    latest_row = by_census.filter(pl.col("period") == latest).row(0, named=True)
    setting_period = latest
    if usable.filter(pl.col("period") == latest).is_empty():
        if usable.is_empty():
            raise BadInputError(stats.path("caseload.csv"), "LA", council.la_code, "a council whose placements are published for at least one census")
        setting_period = int(usable["period"].max())  # type: ignore[arg-type]
        missing.append(
            f"send_stock_base.csv: DfE's placements for {latest} do not sum to the total ({latest_row['settings_sum']:.0f} of {latest_row['total']:.0f}); "
            f"the setting split is that of {setting_period}, scaled to the {latest} total (assumption)"
        )
    split_row = by_census.filter(pl.col("period") == setting_period).row(0, named=True)
    if setting_period == latest:
        totals = {s: int(round(split_row[s] or 0.0)) for s in st.SETTINGS}
    else:
        shares = np.array([split_row[s] or 0.0 for s in st.SETTINGS])
        totals = dict(zip(st.SETTINGS, (int(x) for x in largest_remainder(shares, int(latest_row["total"])))))
    age_setting = _age_setting_counts(rows, setting_period)
    leaf = rows.filter(
        (pl.col("period") == setting_period) & (pl.col("breakdown_topic") == "All EHC plans") & pl.col("measure").is_in(dfe.SETTING_COLUMNS)
    )
    weights = {r["measure"]: r["value"] or 0.0 for r in leaf.iter_rows(named=True)}
    need_setting, need_age, need_all, need_label = _need_grids(stats, council, weights)
    stock = np.zeros((st.A, st.N, st.S), dtype=int)
    for s, setting in enumerate(st.SETTINGS):
        ages = age_setting[:, s]
        if ages.sum() <= 0:
            ages = age_setting.sum(axis=1) if age_setting.sum() > 0 else np.array([st.AGE_BAND_WIDTH_YEARS[b] for b in st.AGE_BANDS], dtype=float)
        # need split: setting profile tilted by the age profile relative to all plans (no 3-way term)
        cell = ages[:, None] * need_setting[s][None, :] * need_age / np.where(need_all > 0, need_all, 1.0)[None, :]
        cell = cell / np.where(cell.sum(axis=1, keepdims=True) > 0, cell.sum(axis=1, keepdims=True), 1.0) * ages[:, None]
        stock[:, :, s] = largest_remainder(cell, totals[setting])
    census = dfe.census_date(dfe.census_year(latest))
    records = []
    for a, band in enumerate(st.AGE_BANDS):
        for n, need in enumerate(st.NEEDS):
            for s, setting in enumerate(st.SETTINGS):
                source = (
                    f"{fact_source('caseload.csv', setting_period, council, 'settings ' + setting, f'children in this setting at the census of {census}: {totals[setting]}')}; "
                    f"assumption: split over age bands by the caseload.csv age rows and over needs by {need_label} sen_needs_all_plans_shares.csv "
                    "percentages (January 2025 census only, applied to January 2024) by type of placement and age; integer largest remainder"
                )
                records.append({"age_band": band, "need": need, "setting": setting, "children": int(stock[a, n, s]), "source": source})
    return pl.DataFrame(records), totals, latest, stock


# ---------------------------------------------------------------------------------------------
# history and flows
