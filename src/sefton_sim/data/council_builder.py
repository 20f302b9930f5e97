"""Build a council data folder from the DfE EHC plans statistics (SEN2) for any English council.

``build_council`` turns the DfE files into the SEND tables that ``load_council_data`` reads,
every row with its source (``fact: DfE EHCP statistics <file> <period> <la_code> <column>`` or
``assumption: ...``). ``write_council_folder`` writes them atomically with a manifest
(``council_manifest.json``) that marks the folder as written by ``sefton-sim council init``.

What DfE says is used as fact: the stock by setting and age at the latest January census, the
stock at every census, new plans per calendar year by setting and age at start, requests
decided to assess. What it does not say (unit costs, phase transfers, casework capacity) is
the Sefton starting assumption, labelled as such. Money tables a council must supply itself
are written as templates in ``templates/`` (the loader reads only the top-level ``*.csv``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
import polars as pl

from sefton_sim.data import dfe_statistics as dfe
from sefton_sim.errors import BadInputError
from sefton_sim.model import states as st
from sefton_sim.shipped import council_folder

MANIFEST_FILE: Final[str] = "council_manifest.json"
WRITTEN_BY: Final[str] = "sefton-sim council init"
OTHER_SERIES_FILE: Final[str] = "dfe_other_series.csv"
"""DfE series kept for later use (ceased plans, timeliness, ...): not read by the loader."""
TEMPLATES_FOLDER: Final[str] = "templates"
MONEY_TABLES: Final[dict[str, str]] = {
    "gf_budget_2024_25.csv": "General Fund revenue budget by service line (£m), which line is demand-led and its pay share.",
    "gf_funding_2024_25.csv": "Funding of the budget: council tax, business rates, grants, collection fund (£m).",
    "money_assumptions.csv": "Growth rates, High Needs grant and opening DSG deficit, reserves, savings, policy settings.",
    "high_needs_history.csv": "High Needs deficit and grant history (£m) for the backtest.",
    "csc_placements.csv": "Children looked after by placement type: children at the base date, weekly costs, stays.",
    "csc_parameters.csv": "Children's social care entry rates and other parameters.",
    "asc_services.csv": "Adult social care clients and weekly prices by service.",
    "asc_parameters.csv": "Adult social care contributions and growth parameters.",
    "capital_budget.csv": "High Needs capital by financial year (for the place optimiser).",
    "savings_options.csv": "Savings options for the savings optimiser.",
    "send_candidate_projects.csv": "Candidate SEN unit / special school projects for the place optimiser.",
}
"""Tables a council supplies itself, written as templates (header and one example row)."""
SEFTON_DEFAULT: Final[str] = "assumption: national default (copied from the Sefton starting assumptions, shipped/data/sefton/{file})"
BASE_DATE: Final[dt.date] = dt.date(2024, 4, 1)
MIN_PLANS_FOR_SHARES: Final[int] = 20
"""Fewer new plans than this in an age band in the latest year: pool all years (then Sefton's assumption)."""
RESIDUAL_TOLERANCE: Final[float] = 0.02
"""A census whose settings miss more than this share of ``ehcplans`` is not used for the setting split."""


def _fact(file: str, period: int, council: dfe.Council, column: str, note: str = "") -> str:
    text = f"fact: DfE EHCP statistics {file} {period} {council.la_code} {column}"
    return f"{text} ({note})" if note else text


def largest_remainder(values: np.ndarray, total: int) -> np.ndarray:
    """Integers summing to ``total`` that round ``values`` (scaled to ``total``) by largest remainder."""
    values = np.asarray(values, dtype=float)
    if total <= 0 or values.sum() <= 0:
        return np.zeros(values.shape, dtype=int)
    scaled = values / values.sum() * total
    floors = np.floor(scaled)
    short = int(round(total - floors.sum()))
    order = np.argsort(-(scaled - floors).ravel(), kind="stable")[:short]
    floors.ravel()[order] += 1
    return floors.astype(int)


def _round_shares(shares: np.ndarray, digits: int = 4) -> np.ndarray:
    """Shares rounded to ``digits`` that still sum to exactly 1 (largest remainder in units of 10^-digits)."""
    unit = 10**digits
    return largest_remainder(shares, unit) / unit


@dataclass(frozen=True)
class CouncilBuild:
    """The tables of one council folder, with the quality summary and what is missing."""

    council: dfe.Council
    tables: dict[str, pl.DataFrame]
    templates: dict[str, str]  # file name -> CSV text
    quality: dict[str, object]
    missing: list[str]
    stock_by_setting: dict[str, int]
    census_period: int


# ---------------------------------------------------------------------------------------------
# stock at the latest census


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


def _stock_table(stats: dfe.DfeStatistics, council: dfe.Council, missing: list[str]) -> tuple[pl.DataFrame, dict[str, int], int, np.ndarray]:
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
                    f"{_fact('caseload.csv', setting_period, council, 'settings ' + setting, f'children in this setting at the census of {census}: {totals[setting]}')}; "
                    f"assumption: split over age bands by the caseload.csv age rows and over needs by {need_label} sen_needs_all_plans_shares.csv "
                    "percentages (January 2025 census only, applied to January 2024) by type of placement and age; integer largest remainder"
                )
                records.append({"age_band": band, "need": need, "setting": setting, "children": int(stock[a, n, s]), "source": source})
    return pl.DataFrame(records), totals, latest, stock


# ---------------------------------------------------------------------------------------------
# history and flows


def _all_value(stats: dfe.DfeStatistics, name: str, council: dfe.Council, measure: str) -> dict[int, float]:
    rows = stats.all_rows(name, council).filter(pl.col("measure") == measure)
    return {int(r["period"]): float(r["value"]) for r in rows.iter_rows(named=True) if r["value"] is not None}


def _history_table(stats: dfe.DfeStatistics, council: dfe.Council, missing: list[str]) -> pl.DataFrame:
    records = []
    stock = _all_value(stats, "caseload.csv", council, "ehcplans")
    for period, value in sorted(stock.items()):
        d = dfe.census_date(dfe.census_year(period))
        note = f"January {d.year} census; census day taken as the third Thursday of January: assumption"
        records.append(
            {
                "series": "ehcp_stock",
                "period_start": d,
                "period_end": d,
                "value": value,
                "used": "yes",
                "source": _fact("caseload.csv", period, council, "ehcplans", note),
            }
        )
    plans = _all_value(stats, "newplans.csv", council, "new_ehc_plans")
    for year, value in sorted(plans.items()):
        records.append(
            {
                "series": "plans_issued",
                "period_start": dt.date(year, 1, 1),
                "period_end": dt.date(year, 12, 31),
                "value": value,
                "used": "yes",
                "source": _fact("newplans.csv", year, council, "new_ehc_plans", f"new plans in calendar {year}"),
            }
        )
    agreed = _all_value(stats, "requests.csv", council, "requests_decided_to_assess")
    received = _all_value(stats, "requests.csv", council, "requests_received_in_year")
    refused = _all_value(stats, "requests.csv", council, "requests_decided_not_to_assess")
    for year in sorted(set(received) | set(agreed)):
        if year in agreed:
            records.append(
                {
                    "series": "agreed_requests",
                    "period_start": dt.date(year, 1, 1),
                    "period_end": dt.date(year, 12, 31),
                    "value": agreed[year],
                    "used": "yes",
                    "source": _fact("requests.csv", year, council, "requests_decided_to_assess"),
                }
            )
        elif year in received and year in refused:
            records.append(
                {
                    "series": "agreed_requests",
                    "period_start": dt.date(year, 1, 1),
                    "period_end": dt.date(year, 12, 31),
                    "value": max(received[year] - refused[year], 0.0),
                    "used": "no",
                    "source": _fact(
                        "requests.csv",
                        year,
                        council,
                        "requests_received_in_year - requests_decided_not_to_assess",
                        "derived: decided to assess is x before 2023; withdrawn and undecided requests are counted as agreed, so an upper bound; not used",
                    ),
                }
            )
    if not any(r["series"] == "agreed_requests" and r["used"] == "yes" for r in records):
        missing.append("send_history.csv: no DfE count of requests decided to assess (x); agreed_requests is not used in the calibration")
    if len(stock) < 6:
        missing.append(f"send_history.csv: {len(stock)} of 6 January censuses (boundary or code change): the stock series is short")
    frame = pl.DataFrame(records)
    return frame.rename({"used": "used_in_calibration"}).select("series", "period_start", "period_end", "value", "used_in_calibration", "source")


def _other_series_table(stats: dfe.DfeStatistics, council: dfe.Council) -> pl.DataFrame:
    wanted = {
        "requests.csv": ("requests_received_in_year", "requests_decided_not_to_assess", "requests_withdrawn", "requests_decision_not_made"),
        "assessments.csv": ("assess_in_year", "assess_issued", "assess_not_issued"),
        "ceased_plans.csv": ("total_ceased", "max_age", "needs_met", "transfer", "moved_outside_eng", "no_engage", "employ", "he"),
        "timeliness_20_week.csv": ("plans_issued_den", "plans_issued_within_20_weeks", "plans_issued_den_ex", "plans_issued_20_weeks_ex"),
    }
    records = []
    for name, measures in wanted.items():
        if not stats.path(name).is_file():
            continue
        rows = stats.all_rows(name, council).filter(pl.col("measure").is_in(measures)).sort("period", "measure")
        for r in rows.iter_rows(named=True):
            if r["value"] is None:
                continue
            records.append(
                {
                    "series": f"{name.removesuffix('.csv')}.{r['measure']}",
                    "period_start": r["period_start"],
                    "period_end": r["period_end"],
                    "value": r["value"],
                    "source": _fact(name, r["period"], council, r["measure"]),
                }
            )
    return pl.DataFrame(records, schema={"series": pl.Utf8, "period_start": pl.Date, "period_end": pl.Date, "value": pl.Float64, "source": pl.Utf8})


def _new_plan_placement_table(stats: dfe.DfeStatistics, council: dfe.Council, sefton: Path) -> pl.DataFrame:
    rows = stats.council_rows("newplans.csv", council).filter(pl.col("breakdown_topic") == "Age when plan started")
    rows = rows.filter(pl.col("measure") != "placement_unknown")  # not yet placed: shares of the placed
    grid = dfe.settings_by_period(rows, "newplans.csv")
    latest = int(grid["period"].max()) if not grid.is_empty() else 0  # type: ignore[arg-type]
    counts = {p: np.zeros((st.A, st.S)) for p in set(grid["period"].to_list())}
    for r in grid.iter_rows(named=True):
        years = dfe.age_years(r["breakdown"])
        if years is None:
            continue
        counts[r["period"]][st.AGE_BANDS.index(dfe.age_band(min(years, 25)))] += [r[s] or 0.0 for s in st.SETTINGS]
    fallback = pl.read_csv(sefton / "send_new_plan_placement.csv", infer_schema_length=0)
    records = []
    for a, band in enumerate(st.AGE_BANDS):
        latest_counts = counts.get(latest, np.zeros((st.A, st.S)))[a]
        pooled = sum((c[a] for c in counts.values()), np.zeros(st.S))
        if latest_counts.sum() >= MIN_PLANS_FOR_SHARES:
            shares, note = latest_counts / latest_counts.sum(), f"new plans started in calendar {latest} at ages in this band, placed ones only"
            periods = str(latest)
        elif pooled.sum() >= MIN_PLANS_FOR_SHARES:
            shares, note = (
                pooled / pooled.sum(),
                f"new plans started in calendar {min(counts)}-{latest} pooled (fewer than {MIN_PLANS_FOR_SHARES} in {latest})",
            )
            periods = f"{min(counts)}-{latest}"
        else:
            for r in fallback.filter(pl.col("age_band") == band).iter_rows(named=True):
                records.append(
                    {
                        **r,
                        "source": SEFTON_DEFAULT.format(file="send_new_plan_placement.csv")
                        + f"; fewer than {MIN_PLANS_FOR_SHARES} DfE new plans; {r['source']}",
                    }
                )
            continue
        rounded = _round_shares(shares)
        for s, setting in enumerate(st.SETTINGS):
            source = _fact("newplans.csv", latest, council, f"age when plan started x settings {setting}", note).replace(
                f" {latest} ", f" {periods} ", 1
            )
            records.append({"age_band": band, "setting": setting, "share": f"{rounded[s]:.4f}", "source": source})
    return pl.DataFrame(records)


def _request_mix_table(stats: dfe.DfeStatistics, council: dfe.Council) -> pl.DataFrame:
    rows = stats.council_rows("requests.csv", council, "Child or young persons age").filter(pl.col("measure") == "requests_received_in_year")
    latest = int(rows["period"].max()) if not rows.is_empty() else 0  # type: ignore[arg-type]
    ages = np.zeros(st.A)
    for r in rows.filter(pl.col("period") == latest).iter_rows(named=True):
        years = dfe.age_years(r["breakdown"])
        if years is not None and r["value"] is not None:
            ages[st.AGE_BANDS.index(dfe.age_band(min(years, 25)))] += r["value"]
    age_note = f"requests.csv {latest} {council.la_code} requests_received_in_year by age"
    if ages.sum() <= 0:
        ages = np.array([0.25, 0.40, 0.25, 0.08, 0.02])
        age_note = "assumption: Sefton age mix 0.25/0.40/0.25/0.08/0.02 (no DfE requests by age)"
    name = "sen_need_newplans_shares.csv"
    need_rows = stats.council_rows(name, council)
    label = council.la_code
    if dfe.need_shares(need_rows.filter(pl.col("breakdown_topic") == "All EHC plans")).is_empty():
        need_rows, label = stats.national_rows(name), "England"
    shares = dfe.need_shares(need_rows)
    overall = np.zeros(st.N)
    for r in shares.filter(pl.col("breakdown_topic") == "All EHC plans").iter_rows(named=True):
        overall[st.NEEDS.index(r["need"])] = r["share"]
    by_age = np.zeros((st.A, st.N))
    for r in shares.filter(pl.col("breakdown_topic") == "Child or young persons age").iter_rows(named=True):
        years = dfe.age_years(r["breakdown"])
        if years is not None:
            by_age[st.AGE_BANDS.index(dfe.age_band(min(years, 25))), st.NEEDS.index(r["need"])] += r["share"]
    for a in range(st.A):
        by_age[a] = by_age[a] / by_age[a].sum() if by_age[a].sum() > 0 else overall / max(overall.sum(), 1e-12)
    mix = ages[:, None] / ages.sum() * by_age
    rounded = _round_shares(mix.ravel(), 5).reshape(mix.shape)
    records = []
    for a, band in enumerate(st.AGE_BANDS):
        for n, need in enumerate(st.NEEDS):
            source = (
                f"fact: DfE EHCP statistics {age_note} x {name} 2024 {label} primary need of new plans by age "
                "(calendar 2024 percentages applied to the request mix: assumption)"
            )
            records.append({"age_band": band, "need": need, "share": f"{rounded[a, n]:.5f}", "source": source})
    return pl.DataFrame(records)


# ---------------------------------------------------------------------------------------------
# parameters, capacity, settings and the copied assumptions


def _param_row(name: str, value: float, low: float, high: float, unit: str, calibrated: bool, source: str) -> dict[str, str]:
    low, high = min(low, value), max(high, value)
    return {
        "parameter": name,
        "value": f"{value:.6g}",
        "low": f"{low:.6g}",
        "high": f"{high:.6g}",
        "unit": unit,
        "calibrated": "yes" if calibrated else "no",
        "source": source,
    }


def _parameters_table(stats: dfe.DfeStatistics, council: dfe.Council, sefton: Path) -> pl.DataFrame:
    stock = _all_value(stats, "caseload.csv", council, "ehcplans")
    plans = _all_value(stats, "newplans.csv", council, "new_ehc_plans")
    received = _all_value(stats, "requests.csv", council, "requests_received_in_year")
    agreed = _all_value(stats, "requests.csv", council, "requests_decided_to_assess")
    refused = _all_value(stats, "requests.csv", council, "requests_decided_not_to_assess")
    issued = _all_value(stats, "assessments.csv", council, "assess_issued")
    not_issued = _all_value(stats, "assessments.csv", council, "assess_not_issued")
    ceased = _all_value(stats, "ceased_plans.csv", council, "total_ceased") if stats.path("ceased_plans.csv").is_file() else {}
    max_age = _all_value(stats, "ceased_plans.csv", council, "max_age") if stats.path("ceased_plans.csv").is_file() else {}
    first_stock = stock[min(stock)]
    max_plans = max(plans.values()) if plans else first_stock * 0.12
    last_plans = plans[max(plans)] if plans else max_plans
    last_year = max(received) if received else None
    rate_centre = (received[last_year] / 12.0 * 1.1) if last_year else last_plans / 12.0 / 0.7
    years_r = sorted(received)
    trend = (
        math.log(received[years_r[-1]] / received[years_r[0]]) / (years_r[-1] - years_r[0])
        if len(years_r) >= 2 and received[years_r[0]] > 0
        else 0.12
    )
    trend = float(np.clip(trend, -0.09, 0.34))
    agreed_share, agreed_note = 0.75, "assumption: Sefton starting value (no DfE decision counts)"
    decided_years = [y for y in agreed if y in refused and agreed[y] + refused[y] > 0]
    if decided_years:
        y = max(decided_years)
        agreed_share = float(np.clip(agreed[y] / (agreed[y] + refused[y]), 0.35, 0.98))
        agreed_note = f"fact (derived): DfE EHCP statistics requests.csv {y} {council.la_code} requests_decided_to_assess / (decided_to_assess + decided_not_to_assess)"
    conversion, conversion_note = 0.90, "assumption: Sefton starting value (agreed assessments convert to plans ~90%)"
    conv_years = [y for y in issued if y in not_issued and issued[y] + not_issued[y] > 0]
    if conv_years:
        y = max(conv_years)
        conversion = float(np.clip(issued[y] / (issued[y] + not_issued[y]), 0.72, 0.99))
        conversion_note = (
            f"assumption: prior centre from DfE EHCP statistics assessments.csv {y} {council.la_code} assess_issued / (issued + not issued)"
        )
    ceasing, ceasing_note = 0.03, "assumption: Sefton starting value (~3%/yr besides ageing out)"
    cease_years = [y for y in ceased if y in max_age and dfe.census_period_of_year(y) in stock]
    if cease_years:
        rates = [(ceased[y] - max_age[y]) / stock[dfe.census_period_of_year(y)] for y in cease_years]
        ceasing = float(np.clip(np.mean(rates), 0.01, 0.10))
        ceasing_note = (
            f"assumption: prior centre from DfE EHCP statistics ceased_plans.csv {','.join(map(str, cease_years))} {council.la_code} "
            "(total_ceased - max_age) / January stock"
        )
    s = SEFTON_DEFAULT.format(file="send_parameters.csv")
    sefton_rows = {r["parameter"]: r for r in pl.read_csv(sefton / "send_parameters.csv", infer_schema_length=0).iter_rows(named=True)}

    def copied(name: str) -> dict[str, str]:
        r = sefton_rows[name]
        return {**r, "source": f"{s}: {r['source']}"}

    rows = [
        _param_row(
            "request_rate_per_month_at_base",
            rate_centre,
            0.4 * rate_centre,
            2.0 * rate_centre,
            "requests per month",
            True,
            f"assumption: prior centre = DfE requests.csv {last_year} {council.la_code} requests_received_in_year / 12 x 1.1; range 0.4-2.0 x; fitted by sefton-sim calibrate",
        ),
        _param_row(
            "request_trend_per_year",
            trend,
            -0.10,
            0.35,
            "log growth per year",
            True,
            f"assumption: prior centre = log growth of DfE requests received {years_r[0] if years_r else ''}-{years_r[-1] if years_r else ''}; "
            "range -0.10-0.35 (Sefton's 0-0.30 widened for councils with falling requests); fitted",
        ),
        copied("request_trend_sd_per_year"),
        _param_row(
            "ehcp_stock_at_history_start",
            0.85 * first_stock,
            0.55 * first_stock,
            1.1 * first_stock,
            "children",
            True,
            f"assumption: unknown stock at 2017-01-01; prior 0.85 x (range 0.55-1.1 x) the DfE January {dfe.census_year(min(stock))} stock {first_stock:.0f}; fitted",
        ),
        _param_row(
            "assessment_slots_before_2023_08",
            0.4 * max_plans,
            0.1 * max_plans,
            1.0 * max_plans,
            "assessments in progress at once",
            True,
            f"assumption: casework capacity is not published; prior 0.4 x (range 0.1-1.0 x) the most new plans in a DfE year ({max_plans:.0f}); "
            "no casework expansion is known for this council, so this holds throughout; fitted",
        ),
        _param_row(
            "request_agreed_share", agreed_share, max(0.3, agreed_share - 0.1), min(0.99, agreed_share + 0.1), "share of requests", False, agreed_note
        ),
        _param_row(
            "plan_conversion_share", conversion, 0.70, 0.995, "share of agreed assessments", True, conversion_note + "; range 0.70-0.995; fitted"
        ),
        _param_row("ceasing_rate_per_year", ceasing, 0.005, 0.12, "share of stock per year", True, ceasing_note + "; range 0.005-0.12; fitted"),
        copied("assessment_service_months_mean"),
        _param_row(
            "casework_officers_added_2023_08",
            0.0,
            0.0,
            0.0,
            "officers",
            False,
            "assumption: no casework expansion known for this council (Sefton added 9 in August 2023); enter the council's own if any",
        ),
        copied("assessment_slots_per_casework_officer"),
        copied("mainstream_breakdown_rate_per_year"),
        copied("inmss_step_down_rate_per_year"),
        _param_row(
            "assessments_in_progress_at_base",
            0.4 * last_plans,
            0.08 * last_plans,
            2.0 * last_plans,
            "assessments",
            True,
            f"assumption: not published; prior 0.4 x (range 0.08-2.0 x) the DfE new plans of {max(plans) if plans else ''} ({last_plans:.0f}); set by sefton-sim calibrate",
        ),
    ]
    return pl.DataFrame(rows)


def _capacity_table(council: dfe.Council, stock: np.ndarray, totals: dict[str, int], period: int) -> pl.DataFrame:
    census = dfe.census_date(dfe.census_year(period))
    records = []
    for setting, label in (("sen_unit", "SEN units and resourced provision"), ("special", "State-funded special schools")):
        s = st.SETTINGS.index(setting)
        bands = [b for a, b in enumerate(st.AGE_BANDS) if stock[a, :, s].sum() > 0 and b != "post19"] or ["primary"]
        records.append(
            {
                "provision": f"{label} (assumed from the January {census.year} stock)",
                "setting": setting,
                "age_bands": ";".join(bands),
                "needs": ";".join(st.NEEDS),
                "places": totals[setting],
                "opens": "2000-01-01",
                "source": f"assumption: places = the DfE caseload.csv {period} {council.la_code} children in {setting} at {census} (full at the census); "
                "replace with the council's own place numbers",
            }
        )
    return pl.DataFrame(records)


def _settings_table(sefton: Path) -> pl.DataFrame:
    frame = pl.read_csv(sefton / "send_settings.csv", infer_schema_length=0)
    note = (
        "assumption: national average taken as the Sefton starting assumptions (facts/starting_assumptions.md SEND setting table, "
        "copied from shipped/data/sefton/send_settings.csv; no published national unit cost in the facts); range in cost_low_gbp-cost_high_gbp; "
        "replace with the council's own: "
    )
    return frame.with_columns((pl.lit(note) + pl.col("source")).alias("source"))


def _copied_table(sefton: Path, name: str) -> pl.DataFrame:
    frame = pl.read_csv(sefton / name, infer_schema_length=0)
    return frame.with_columns((pl.lit(SEFTON_DEFAULT.format(file=name) + ": ") + pl.col("source")).alias("source"))


def _templates(sefton: Path) -> dict[str, str]:
    out = {}
    for name in MONEY_TABLES:
        path = sefton / name
        if not path.is_file():
            continue
        frame = pl.read_csv(path, infer_schema_length=0).head(1)
        frame = frame.with_columns(
            pl.lit("assumption: EXAMPLE ROW copied from the Sefton folder; replace every row with this council's own figures").alias("source")
        )
        out[name] = frame.write_csv()
    readme = ["# Money tables this council must supply", "", "Copy a template up one folder once it holds the council's own figures.", ""]
    readme += [f"- `{name}`: {text}" for name, text in MONEY_TABLES.items() if name in out]
    out["README.md"] = "\n".join(readme) + "\n"
    return out


def _missing_text(council: dfe.Council, missing: list[str], quality: dict[str, object]) -> str:
    lines = [
        f"# {council.la_name} ({council.la_code}): what this folder does not have yet",
        "",
        f"Written by `{WRITTEN_BY}` from the DfE EHC plans statistics. {dfe.ATTRIBUTION}.",
        "",
        "## Tables the council must supply (templates in `templates/`)",
        "",
    ]
    lines += [f"- `{name}`: {text}" for name, text in MONEY_TABLES.items()]
    lines += [
        "",
        "Until they exist, `sefton-sim calibrate --data` works on this folder; `sefton-sim run` needs the money tables.",
        "",
        "## Assumptions to replace with the council's own data",
        "",
        "- `send_capacity.csv`: in-borough unit / RP and special places are assumed equal to the January stock.",
        "- `send_settings.csv`: unit costs and transport are the Sefton starting assumptions used as national averages.",
        "- `send_phase_transfer.csv`: Sefton starting assumptions.",
        "- `send_parameters.csv`: prior ranges scaled to this council's DfE counts; casework officers added: 0.",
        "- `send_stock_base.csv`: need split from January 2025 percentages (the only need shares published).",
        "",
        "## Notes from the DfE data",
        "",
    ]
    lines += [f"- {m}" for m in missing] or ["- none"]
    lines += ["", "## Data quality", ""]
    lines += [f"- {k}: {v}" for k, v in quality.items()]
    return "\n".join(lines) + "\n"


def build_council(stats: dfe.DfeStatistics, la: str) -> CouncilBuild:
    """All tables of the council data folder for council ``la`` (code or name)."""
    council = stats.resolve(la)
    sefton = council_folder("sefton")
    missing: list[str] = []
    stock_frame, totals, period, stock = _stock_table(stats, council, missing)
    tables = {
        "send_stock_base.csv": stock_frame,
        "send_history.csv": _history_table(stats, council, missing),
        "send_capacity.csv": _capacity_table(council, stock, totals, period),
        "send_settings.csv": _settings_table(sefton),
        "send_parameters.csv": _parameters_table(stats, council, sefton),
        "send_new_plan_placement.csv": _new_plan_placement_table(stats, council, sefton),
        "send_phase_transfer.csv": _copied_table(sefton, "send_phase_transfer.csv"),
        "send_request_mix.csv": _request_mix_table(stats, council),
        OTHER_SERIES_FILE: _other_series_table(stats, council),
    }
    quality = dfe.data_quality(stats, council)
    return CouncilBuild(council, tables, _templates(sefton), quality, missing, totals, period)


# ---------------------------------------------------------------------------------------------
# writing


def is_built_folder(folder: Path) -> bool:
    """Whether ``folder`` holds a council folder written by ``council init`` (its manifest says so)."""
    path = Path(folder) / MANIFEST_FILE
    if not path.is_file():
        return False
    try:
        return json.loads(path.read_text()).get("written_by") == WRITTEN_BY
    except (OSError, ValueError):
        return False


def check_out_folder(out: Path) -> None:
    """Refuse an existing non-empty ``out`` that this command did not write."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise BadInputError("(command line)", "--out", str(out), "a new folder or a council folder written by council init (this is a file)")
    if out.is_dir() and any(out.iterdir()) and not is_built_folder(out):
        raise BadInputError(
            "(command line)", "--out", str(out), f"a new or empty folder, or one written by council init (no {MANIFEST_FILE}; nothing was changed)"
        )


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_council_folder(build: CouncilBuild, stats: dfe.DfeStatistics, out: Path, stats_label: str | None = None) -> Path:
    """Write the council folder atomically (temporary folder beside ``out``, then rename)."""
    out = Path(out).resolve()
    check_out_folder(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    tmp.chmod(0o755)
    try:
        for name, frame in build.tables.items():
            frame.write_csv(tmp / name)
        (tmp / TEMPLATES_FOLDER).mkdir()
        for name, text in build.templates.items():
            (tmp / TEMPLATES_FOLDER / name).write_text(text)
        (tmp / "MISSING.md").write_text(_missing_text(build.council, build.missing, build.quality))
        used = sorted(
            {
                "caseload.csv",
                "newplans.csv",
                "requests.csv",
                "assessments.csv",
                "ceased_plans.csv",
                "timeliness_20_week.csv",
                "sen_needs_all_plans_shares.csv",
                "sen_need_newplans_shares.csv",
            }
        )
        manifest = {
            "written_by": WRITTEN_BY,
            "la_code": build.council.la_code,
            "la_name": build.council.la_name,
            "old_la_code": build.council.old_la_code,
            "census_period": build.census_period,
            "stock_by_setting": build.stock_by_setting,
            "stats_folder": stats_label if stats_label is not None else str(stats.folder.resolve()),
            "dfe_files_sha256": {n: _sha256(stats.path(n)) for n in used if stats.path(n).is_file()},
            "attribution": dfe.ATTRIBUTION,
            "data_quality": build.quality,
            "missing": build.missing,
        }
        (tmp / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2, sort_keys=True, default=str) + "\n")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = None
    if out.exists():
        old = out.parent / f".{out.name}.old-{tmp.name[-8:]}"
        out.rename(old)
    tmp.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return out
