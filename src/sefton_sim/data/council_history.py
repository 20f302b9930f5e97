"""The history of a council folder built from the DfE statistics: stock and flow facts, other series, new-plan placement and request mix."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl

from sefton_sim.data import dfe_statistics as dfe
from sefton_sim.data.council_sources import MIN_PLANS_FOR_SHARES, SEFTON_DEFAULT, all_values, fact_source, round_shares
from sefton_sim.model import states as st


def history_table(stats: dfe.DfeStatistics, council: dfe.Council, missing: list[str]) -> pl.DataFrame:
    records = []
    stock = all_values(stats, "caseload.csv", council, "ehcplans")
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
                "source": fact_source("caseload.csv", period, council, "ehcplans", note),
            }
        )
    plans = all_values(stats, "newplans.csv", council, "new_ehc_plans")
    for year, value in sorted(plans.items()):
        records.append(
            {
                "series": "plans_issued",
                "period_start": dt.date(year, 1, 1),
                "period_end": dt.date(year, 12, 31),
                "value": value,
                "used": "yes",
                "source": fact_source("newplans.csv", year, council, "new_ehc_plans", f"new plans in calendar {year}"),
            }
        )
    agreed = all_values(stats, "requests.csv", council, "requests_decided_to_assess")
    received = all_values(stats, "requests.csv", council, "requests_received_in_year")
    refused = all_values(stats, "requests.csv", council, "requests_decided_not_to_assess")
    for year in sorted(set(received) | set(agreed)):
        if year in agreed:
            records.append(
                {
                    "series": "agreed_requests",
                    "period_start": dt.date(year, 1, 1),
                    "period_end": dt.date(year, 12, 31),
                    "value": agreed[year],
                    "used": "yes",
                    "source": fact_source("requests.csv", year, council, "requests_decided_to_assess"),
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
                    "source": fact_source(
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


def other_series_table(stats: dfe.DfeStatistics, council: dfe.Council) -> pl.DataFrame:
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
                    "source": fact_source(name, r["period"], council, r["measure"]),
                }
            )
    return pl.DataFrame(records, schema={"series": pl.Utf8, "period_start": pl.Date, "period_end": pl.Date, "value": pl.Float64, "source": pl.Utf8})


def new_plan_placement_table(stats: dfe.DfeStatistics, council: dfe.Council, sefton: Path) -> pl.DataFrame:
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
        rounded = round_shares(shares)
        for s, setting in enumerate(st.SETTINGS):
            source = fact_source("newplans.csv", latest, council, f"age when plan started x settings {setting}", note).replace(
                f" {latest} ", f" {periods} ", 1
            )
            records.append({"age_band": band, "setting": setting, "share": f"{rounded[s]:.4f}", "source": source})
    return pl.DataFrame(records)


def request_mix_table(stats: dfe.DfeStatistics, council: dfe.Council) -> pl.DataFrame:
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
    rounded = round_shares(mix.ravel(), 5).reshape(mix.shape)
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
