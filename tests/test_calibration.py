"""Calibration against the published fact series."""

from __future__ import annotations

import datetime as dt

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
    council_stock, dfe_census = [1637, 1765, 2857, 3184, 3433], [1445, 1765, 2021, 2243, 2563, 3116]
    assert sorted(stock["fact"].to_list()) == sorted(council_stock + dfe_census)
    council_plans, dfe_plans = [234, 145, 318, 296, 321, 299, 611], [318, 296, 321, 275, 604]
    assert sorted(table.filter(pl.col("series") == "plans_issued")["fact"].to_list()) == sorted(council_plans + dfe_plans)
    # the stock series is fitted closely: every used point within 5%, except the two in
    # test_stock_points_missed_by_more_than_5_percent (the council's own points not used conflict with DfE's)
    used = stock.filter(pl.col("used_in_calibration") & ~pl.col("period_start").is_in(MISSED_STOCK_POINTS))
    assert used.height == 7
    assert (used["error_pct"].abs() < 5).all()


MISSED_STOCK_POINTS = [dt.date(2019, 1, 17), dt.date(2023, 6, 30)]
"""DfE's January 2019 census (model +5.8%) and the council's June 2023 figure (model -5.7%)."""


@pytest.mark.xfail(strict=True, reason="since the DfE rebase the fit misses DfE January 2019 (+5.8%) and the council's June 2023 (-5.7%)")
def test_stock_points_missed_by_more_than_5_percent(fit):
    missed = fit.table.filter(pl.col("period_start").is_in(MISSED_STOCK_POINTS) & (pl.col("series") == "ehcp_stock"))
    assert missed.height == 2
    assert (missed["error_pct"].abs() < 5).all()


def test_fitted_parameters_stay_within_their_assumption_ranges(fit):
    for p in fit.parameters.values():
        assert p.low - 1e-9 <= p.value <= p.high + 1e-9, p.name
        assert p.source.startswith("fit:")


def test_shipped_fitted_parameters_are_the_medians_of_the_shipped_posterior_draws(council):
    shipped = pl.read_csv(DATA / "send_fitted_parameters.csv")
    draws = pl.read_csv(DATA / "send_posterior_draws.csv")
    checked = 0
    for row in shipped.iter_rows(named=True):
        if row["parameter"] in draws.columns:
            assert row["value"] == pytest.approx(float(draws[row["parameter"]].median()), rel=2e-3), row["parameter"]
            checked += 1
    assert checked >= 6


def test_calibrate_command_prints_the_fit_and_writes_its_tables(tmp_path, data_copy):
    out = tmp_path / "fit"
    proc = run_cli(
        "calibrate", "--data", str(data_copy), "--walkers", "20", "--steps", "4", "--burn-in", "2", "--thin", "2", "--map-evaluations", "0",
        "--out", str(out), "--quiet",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "Fit to every fact" in proc.stdout and "plans_issued" in proc.stdout
    assert {"send_fitted_parameters.csv", "send_posterior_draws.csv", "send_fit_diagnostics.csv"} <= {p.name for p in out.iterdir()}
