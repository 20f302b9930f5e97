"""The DfE EHC plans statistics reader on the real published files (by path, never copied)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from conftest import SHARED
from sefton_sim.data import dfe_statistics as dfe
from sefton_sim.errors import BadInputError
from sefton_sim.model import states as st

STATS = SHARED / "public_data" / "dfe_ehcp_statistics"
SEFTON = "E08000014"


@pytest.fixture(scope="session")
def stats() -> dfe.DfeStatistics:
    return dfe.load_statistics(STATS)


@pytest.fixture(scope="session")
def sefton_settings(stats) -> pl.DataFrame:
    council = stats.resolve(SEFTON)
    return dfe.settings_by_period(stats.all_rows("caseload.csv", council))


def test_sefton_totals_at_every_january_census(sefton_settings):
    totals = dict(zip(sefton_settings["date"].to_list(), sefton_settings["total"].to_list()))
    years = {d.year: v for d, v in totals.items()}
    assert years == {2019: 1445, 2020: 1765, 2021: 2021, 2022: 2243, 2023: 2563, 2024: 3116}
    assert dt.date(2024, 1, 18) in totals  # census day: third Thursday of January


def test_sefton_settings_january_2024_match_the_stated_facts(stats, sefton_settings):
    row = sefton_settings.filter(pl.col("period") == 202324).row(0, named=True)
    assert row["inmss"] == 237 and row["college"] == 577 and row["special"] == 818 and row["sen_unit"] == 271
    council = stats.resolve(SEFTON)
    cells = {r["measure"]: r["value"] for r in stats.all_rows("caseload.csv", council).filter(pl.col("period") == 202324).iter_rows(named=True)}
    assert (cells["special_independent"], cells["special_non_maintained"]) == (169, 68)
    # the mapped settings add up to the DfE total: nothing counted twice, nothing lost
    assert row["settings_sum"] == row["total"] == 3116 and row["residual"] == 0


def test_settings_sum_to_the_total_for_every_council_but_the_two_dfe_names(stats):
    frame = stats.frame("caseload.csv").filter((pl.col("geographic_level") == "Local authority") & (pl.col("breakdown_topic") == "All EHC plans"))
    grid = dfe.settings_by_period(frame.with_columns(pl.col("old_la_code").alias("breakdown")))
    off = grid.filter(pl.col("residual") != 0)
    # DfE footnote 5: Hackney (204) and Peterborough (874) returned totals only for 2023/24
    assert sorted(zip(off["period"].to_list(), off["breakdown"].to_list())) == [(202324, "204"), (202324, "874")]
    assert grid.height > 900


def test_the_mapping_uses_only_leaf_columns_once():
    leaves = set(dfe.SETTING_OF_COLUMN)
    assert not leaves & set(dfe.SUBTOTAL_COLUMNS)
    assert set(dfe.SETTING_OF_COLUMN.values()) == set(st.SETTINGS)
    for parts in dfe.SUBTOTAL_COLUMNS.values():
        assert set(parts) <= leaves


def test_x_is_missing_not_zero(stats):
    council = stats.resolve(SEFTON)
    rows = stats.all_rows("requests.csv", council).filter((pl.col("measure") == "requests_decided_to_assess") & (pl.col("period") == 2019))
    assert rows["value"].to_list() == [None] and rows["code"].to_list() == ["x"]
    assert stats.all_rows("requests.csv", council).filter(pl.col("period") == 2023, pl.col("measure") == "requests_decided_to_assess")[
        "value"
    ].to_list() == [616]


def test_ages_map_to_the_model_bands():
    assert [dfe.age_band(a) for a in (0, 4, 5, 10, 11, 15, 16, 18, 19, 25)] == [
        "early_years",
        "early_years",
        "primary",
        "primary",
        "secondary",
        "secondary",
        "post16",
        "post16",
        "post19",
        "post19",
    ]
    assert dfe.age_years("under 3") == 2 and dfe.age_years("Aged 17") == 17 and dfe.age_years("age 20 and over") == 20
    assert dfe.age_years("Age unknown") is None


def test_age_rows_add_up_to_the_all_plans_row(stats):
    council = stats.resolve(SEFTON)
    rows = stats.council_rows("caseload.csv", council).filter(pl.col("period") == 202324)
    grid = dfe.settings_by_period(rows.filter(pl.col("breakdown_topic").is_in(["All EHC plans", "Child or young persons age"])))
    ages = grid.filter(pl.col("breakdown_topic") == "Child or young persons age")
    assert ages["total"].sum() == 3116 and ages["sen_unit"].sum() == 271


def test_flow_periods_are_calendar_years(stats):
    frame = stats.frame("newplans.csv")
    kinds = frame.select("period", "period_type", "period_start", "period_end").unique().sort("period")
    assert kinds["period"].to_list() == [2019, 2020, 2021, 2022, 2023]
    assert set(kinds["period_type"]) == {"calendar_year"} and kinds["period_end"][0] == dt.date(2019, 12, 31)


def test_council_names_codes_and_close_matches(stats):
    assert stats.resolve("wirral").la_code == "E08000015"
    assert stats.resolve("344").la_name == "Wirral"
    bucks = stats.resolve("E06000060")  # DfE used two codes for Buckinghamshire
    assert bucks.la_name == "Buckinghamshire" and len(bucks.codes) == 2
    with pytest.raises(BadInputError, match="close matches: E08000015 Wirral"):
        stats.resolve("Wirall")
    with pytest.raises(BadInputError, match="expected a council code"):
        stats.resolve("E99999999")


def test_data_quality_summary(stats):
    q = dfe.data_quality(stats, stats.resolve(SEFTON))
    assert q["complete_census_series"] and q["settings_residual_latest"] == 0 and q["suppressed_cells"] > 0
    assert "2023" in str(q["series_break_2023"])
    hackney = dfe.data_quality(stats, stats.resolve("Hackney"))
    assert hackney["settings_residual_latest"] == hackney["settings_residual_by_census"]["2024-01-18"] > 3000


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def test_malformed_files_give_one_line_errors(tmp_path: Path):
    header = ",".join(dfe.ID_COLUMNS)
    with pytest.raises(BadInputError, match="columns") as missing:
        dfe.read_dfe_file(
            _write(tmp_path / "caseload.csv", header + ",ehcplans\n201819,Academic year,Local authority,E1,1,A,All EHC plans,All EHC plans,3\n")
        )
    assert "mainstream_la_maintained" in str(missing.value) and "\n" not in str(missing.value)
    with pytest.raises(BadInputError, match=r"row 2\.total_ceased"):
        dfe.read_dfe_file(
            _write(tmp_path / "ceased_plans.csv", header + ",total_ceased,max_age\n2022,Calendar year,Local authority,E1,1,A,All,All,lots,3\n")
        )
    with pytest.raises(BadInputError, match="DfE layout"):
        dfe.read_dfe_file(_write(tmp_path / "requests.csv", "a,b\n1,2\n"))
