"""Calibration against the published fact series."""

from __future__ import annotations

import polars as pl
import pytest

from conftest import DATA, run_cli
from sefton_sim.demand.calibrate import calibrate_send


@pytest.fixture(scope="module")
def fit(council):
    return calibrate_send(council)


def test_base_date_stock_within_2_percent_of_fact_interpolation(fit):
    assert fit.base_date_fact_interpolation == pytest.approx(3184 + (3433 - 3184) * 46 / 121)
    assert abs(fit.base_date_stock / fit.base_date_fact_interpolation - 1) < 0.02


def test_every_historical_fact_point_is_listed_with_its_error(fit, council):
    table = fit.table
    assert table.height == council.history.height
    assert {"series", "fact", "model", "error", "error_pct", "source"} <= set(table.columns)
    assert (table["source"].str.starts_with("fact")).all()
    stock = table.filter(pl.col("series") == "ehcp_stock")
    assert sorted(stock["fact"].to_list()) == [1637, 1765, 2857, 3184, 3433]
    assert sorted(table.filter(pl.col("series") == "plans_issued")["fact"].to_list()) == sorted([234, 145, 318, 296, 321, 299, 611])
    # the stock series is fitted closely (every point within 5%)
    assert (stock["error_pct"].abs() < 5).all()


def test_fitted_parameters_stay_within_their_assumption_ranges(fit):
    for p in fit.parameters.values():
        assert p.low - 1e-9 <= p.value <= p.high + 1e-9, p.name
        assert p.source.startswith("fit:")


def test_shipped_fitted_parameters_match_a_fresh_calibration(fit, council):
    shipped = pl.read_csv(DATA / "send_fitted_parameters.csv")
    for row in shipped.iter_rows(named=True):
        assert row["value"] == pytest.approx(fit.parameters[row["parameter"]].value, rel=2e-3), row["parameter"]


def test_calibrate_command_prints_the_table(tmp_path, data_copy):
    proc = run_cli("calibrate", "--data", str(data_copy))
    assert proc.returncode == 0, proc.stderr
    assert "Base-date stock" in proc.stdout and "plans_issued" in proc.stdout
    assert (data_copy / "send_fitted_parameters.csv").is_file()
