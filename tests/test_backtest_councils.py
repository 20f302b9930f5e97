"""The cross-council rolling-origin backtest: the origin cut, its tables, its scores, and (slow) the coverage targets."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import polars as pl
import pytest

from conftest import SHARED, run_cli
from sefton_sim.data import dfe_statistics as dfe
from sefton_sim.demand import structural_growth as sg
from sefton_sim.errors import BadInputError
from sefton_sim.studies import widening_calibration as wc
from sefton_sim.studies.backtest_councils import FORECAST_COLUMNS, backtest_councils, scores
from sefton_sim.studies.councils_backtest_report import run_councils_backtest

STATS = SHARED / "public_data" / "dfe_ehcp_statistics"
FEW = ["E08000014", "E08000015", "E06000001", "E10000030"]  # Sefton, Wirral, Hartlepool, Surrey
ORIGINS = [201920, 202021, 202122, 202223]


@pytest.fixture(scope="module")
def panel() -> sg.GrowthPanel:
    return sg.growth_panel(dfe.load_statistics(STATS))


def test_later_censuses_are_ignored_even_when_present(panel):
    changed = dataclasses.replace(panel, stock=panel.stock.copy(), by_setting=panel.by_setting.copy(), national=panel.national.copy())
    changed.stock[:, -1] *= 2.0  # January 2024 doubled everywhere
    changed.by_setting[:, -1] *= 2.0
    changed.national[-1] *= 2.0
    a = backtest_councils(panel, [202122], [1, 2], paths=300, only=FEW).forecasts
    b = backtest_councils(changed, [202122], [1, 2], paths=300, only=FEW).forecasts
    forecast_columns = ["la_code", "origin_period", "target_period", "horizon_years", "measure", "p5", "p10", "p50", "p90", "p95", "naive_p50"]
    assert a.select(forecast_columns).equals(b.select(forecast_columns))
    later = (a["target_period"] == 202324).to_numpy()
    assert later.any()
    np.testing.assert_allclose(b["actual"].to_numpy()[later], 2.0 * a["actual"].to_numpy()[later])
    np.testing.assert_array_equal(b["actual"].to_numpy()[~later], a["actual"].to_numpy()[~later])


def test_forecast_rows_scores_and_naive_benchmark(panel):
    result = backtest_councils(panel, ORIGINS, [1, 2, 3], paths=400, only=FEW)
    f = result.forecasts
    assert tuple(f.columns) == FORECAST_COLUMNS
    # 4 councils x 9 folds (origin 2019/20: 3 horizons, 2020/21: 3, 2021/22: 2, 2022/23: 1) x 7 measures
    assert f.height == 4 * 9 * 7
    assert (f["p5"] <= f["p10"]).all() and (f["p10"] <= f["p50"]).all() and (f["p50"] <= f["p90"]).all() and (f["p90"] <= f["p95"]).all()
    assert f["pit"].is_between(0, 1).all() and (f["crps"] >= 0).all()
    sefton = f.filter((pl.col("la_code") == "E08000014") & (pl.col("measure") == "total_plans") & (pl.col("origin_period") == 202122))
    assert sefton.sort("horizon_years")["actual"].to_list() == [2563, 3116]
    # naive "same growth as last year" from January 2022: 2,243 x (2,243 / 2,021) ** h
    np.testing.assert_allclose(sefton.sort("horizon_years")["naive_p50"].to_numpy(), 2243 * (2243 / 2021) ** np.array([1, 2]))
    s = scores(f)
    assert set(s["horizon_years"].to_list()) == {0, 1, 2, 3}
    pooled = s.filter((pl.col("measure") == "total_plans") & (pl.col("horizon_years") == 0)).row(0, named=True)
    assert pooled["forecasts"] == 4 * 9
    assert 0 <= pooled["coverage_p10_p90"] <= pooled["coverage_p5_p95"] <= 1
    assert result.total_draws.shape == (4 * 9, 400)


def test_widening_factor_hits_its_target_on_the_calibration_rows(panel):
    f = backtest_councils(panel, ORIGINS, [1], paths=400, only=FEW + ["E08000012", "E08000011", "E06000002", "E09000002"]).forecasts
    rows = f.filter(pl.col("measure") == "total_plans")
    factor = wc.best_factor(rows)
    widened = wc.apply(f, {1: factor})
    narrower = wc.apply(f, {1: factor * 0.5})
    inside = ((widened["actual"] >= widened["p10"]) & (widened["actual"] <= widened["p90"])).mean()
    inside_narrow = ((narrower["actual"] >= narrower["p10"]) & (narrower["actual"] <= narrower["p90"])).mean()
    assert inside_narrow <= inside  # wider bands never hold fewer actuals
    assert (widened["p50"] == rows["p50"]).all()


def test_cli_writes_tables_and_manifest(tmp_path):
    out = tmp_path / "btc"
    done = run_cli(
        "backtest-councils",
        "--stats",
        str(STATS),
        "--origins",
        "202021,202122",
        "--horizons",
        "1,2",
        "--councils",
        ",".join(FEW[:3]),
        "--paths",
        "200",
        "--out",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    forecasts = pl.read_parquet(out / "forecasts.parquet")
    assert set(FORECAST_COLUMNS) <= set(forecasts.columns)
    assert forecasts["la_code"].n_unique() == 3
    score_table = pl.read_parquet(out / "scores.parquet")
    assert {"raw", "widened_in_sample", "widened_leave_one_origin_out"} == set(score_table["bands"].to_list())
    assert {"naive_mean_crps", "naive_mean_ape_pct", "mean_crps", "mean_ape_pct", "coverage_p10_p90", "coverage_p5_p95", "mean_pit"} <= set(
        score_table.columns
    )
    widening = pl.read_csv(out / "forecast_widening.csv")
    assert widening.columns == ["horizon_years", "factor", "method", "calibrated_on", "source"]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["output_kind"] == "backtest-councils" and "structural growth" in manifest["forecaster"]
    assert manifest["origins"] == [202021, 202122]


def test_cli_refuses_an_origin_that_is_not_a_number(tmp_path):
    done = run_cli("backtest-councils", "--stats", str(STATS), "--origins", "201819x", "--out", str(tmp_path / "x"))
    assert done.returncode == 2 and "--origins" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x").exists()


def test_an_origin_or_council_not_in_the_file_is_refused(panel):
    with pytest.raises(BadInputError, match="202425"):
        backtest_councils(panel, [202425], [1])
    with pytest.raises(BadInputError, match="E99999999"):
        backtest_councils(panel, [202122], [1], only=["E99999999"])


@pytest.mark.slow
def test_all_councils_meet_the_coverage_targets_held_out():
    """Pooled over councils x origins 2019/20-2022/23 x horizons 1-3, bands widened with factors calibrated on the other origins."""
    report = run_councils_backtest(dfe.load_statistics(STATS), ORIGINS, [1, 2, 3])
    assert report.councils >= 140
    held = report.scores.filter((pl.col("bands") == "widened_leave_one_origin_out") & (pl.col("measure") == "total_plans"))
    for row in held.iter_rows(named=True):
        assert 0.75 <= row["coverage_p10_p90"] <= 0.85, row
        assert 0.85 <= row["coverage_p5_p95"] <= 0.95, row
    pooled = held.filter(pl.col("horizon_years") == 0).row(0, named=True)
    assert 0.4 <= pooled["mean_pit"] <= 0.6
    one_year = held.filter(pl.col("horizon_years") == 1).row(0, named=True)
    assert one_year["mean_ape_pct"] < one_year["naive_mean_ape_pct"]
    assert one_year["mean_crps"] < one_year["naive_mean_crps"]
    assert report.targets.filter(pl.col("bands") == "widened_leave_one_origin_out")["met"].all()
