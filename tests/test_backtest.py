"""`sefton-sim backtest`: refit on what was known, forecast, score against later facts."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import polars as pl
import pytest

from conftest import DATA, SHARED, run_cli
from sefton_sim.data import dfe_statistics as dfe
from sefton_sim.demand import structural_growth as sg
from sefton_sim.demand.bayes_fit import QUICK, dfe_series_rows, read_other_series
from sefton_sim.demand.observation import with_observation_scatter
from sefton_sim.studies.backtest import _known_rows, backtest, load_high_needs_history
from sefton_sim.studies.backtest_predictive import census_period_known_at, growth_known_at

QUICK_CLI = ("--walkers", "20", "--steps", "2", "--burn-in", "0", "--map-evaluations", "0")


def test_backtest_2023_06_30_uses_only_known_facts_and_scores_every_later_one(council):
    result = backtest(council, dt.date(2023, 6, 30), paths=40, seed=3, settings=QUICK)
    origin = dt.date(2023, 6, 30)
    later = council.history.filter(pl.col("period_end") > origin)
    later_dfe = [o for o in dfe_series_rows(read_other_series(DATA)) if o.period_end > origin]
    scored = result.table.filter(pl.col("series") != "high_needs_deficit_gbp_m")
    assert scored.height == later.height + len(later_dfe)
    assert result.fit is not None and all(o.period_end <= origin for o in result.fit.obs)
    assert {"fact", "median", "p10", "p90", "p5", "p95", "error_pct", "inside_p10_p90", "inside_p5_p95"} <= set(result.table.columns)
    assert 0.0 <= result.coverage["inside_p10_p90"] <= result.coverage["inside_p5_p95"] <= 1.0
    # the money is scored from the June 2023 origin, and the council's own autumn-2023 forecast is set beside ours
    assert result.table.filter(pl.col("series") == "high_needs_deficit_gbp_m").height == 1
    comparison = result.council_comparison
    assert comparison["high_needs_deficit_31_mar_2024_gbp_m"][1] == 25
    assert comparison["actual_gbp_m"][0] == 38


def test_money_enters_a_backtest_only_once_known(council):
    hn = load_high_needs_history(council.folder)
    # in February 2024 the 2023/24 outturn (July 2024) was not known; the 2022/23 outturn was
    known = _known_rows(hn, "high_needs_deficit_gbp_m", dt.date(2024, 2, 28))
    assert dt.date(2024, 3, 31) not in known["date"].to_list() and dt.date(2023, 3, 31) in known["date"].to_list()
    # in June 2022 neither the 2022/23 outturn nor the 2023/24 grant was known: the deficit is not scored
    result = backtest(council, dt.date(2022, 6, 30), paths=20, seed=3, settings=QUICK)
    assert result.table.filter(pl.col("series") == "high_needs_deficit_gbp_m").is_empty()
    assert result.council_comparison["note"][0].startswith("not scored")


def test_backtest_cli_writes_tables_charts_and_states_coverage(tmp_path):
    out = tmp_path / "bt"
    proc = run_cli("backtest", "--as-of", "2023-06-30", "--paths", "20", *QUICK_CLI, "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert {
        "backtest.csv",
        "backtest_by_origin.csv",
        "backtest_fit_diagnostics.csv",
        "backtest_ehcp_2023-06-30.png",
        "council_comparison.csv",
        "manifest.json",
    } <= {p.name for p in out.iterdir()}
    assert "Coverage:" in proc.stdout and "inside p10-p90" in proc.stdout
    assert "than the council's autumn-2023 forecast" in proc.stdout
    by_origin = pl.read_csv(out / "backtest_by_origin.csv")
    assert by_origin["origin"].to_list() == ["2023-06-30", "pooled"]
    # the quick refit is far from converged, and the command says so
    assert "warning: the refit at 2023-06-30 has not converged" in proc.stdout
    assert json.loads((out / "manifest.json").read_text())["refit_converged"] == {"2023-06-30": False}


def test_backtest_refuses_a_date_with_nothing_left_to_score(tmp_path):
    proc = run_cli("backtest", "--as-of", "2025-01-01", "--out", str(tmp_path / "x"))
    assert proc.returncode == 2 and "--as-of" in proc.stderr
    assert not (tmp_path / "x").exists()


# ---- the published figure's interval: structural growth known at the origin, the fit's observation scatter ----

STATS = SHARED / "public_data" / "dfe_ehcp_statistics"


@pytest.fixture(scope="module")
def panel():
    return sg.growth_panel(dfe.load_statistics(STATS))


def test_a_census_counts_as_known_only_from_july_of_its_year():
    periods = (201819, 201920, 202021, 202122)
    assert census_period_known_at(dt.date(2021, 6, 30), periods) == 201920
    assert census_period_known_at(dt.date(2021, 7, 1), periods) == 202021
    assert census_period_known_at(dt.date(2019, 1, 31), periods) is None


def test_growth_known_at_an_origin_reads_no_later_census(panel):
    growth, note = growth_known_at(panel, "E08000014", dt.date(2023, 6, 30), dt.date(2024, 4, 1), seed=1)
    assert growth is not None and growth.state.origin_period == 202122 and growth.prior.origin_period == 202122
    assert growth.start_years == pytest.approx(-0.75)
    # January 2021 to January 2022 growth of Sefton's plans, from the caseload alone
    assert growth.state.growth == pytest.approx(np.log(2243 / 2021), abs=1e-9)
    assert "202122" in note
    none, why = growth_known_at(panel, "E08000014", dt.date(2020, 6, 30), dt.date(2024, 4, 1), seed=1)
    assert none is None and "fewer than three censuses" in why


def test_structural_growth_from_an_origin_starts_at_the_origin():
    deviation = np.array([[0.1, 0.1, 0.1]])
    years = np.array([-2.0, -1.0, 0.0, 1.0])
    # starting one year before the base: nothing before it, then the deviation accumulates
    out = sg.request_log_multiplier(0.0, deviation, years, start=-1.0)[0]
    assert out == pytest.approx([0.0, 0.0, 0.1, 0.2])


def test_observation_scatter_keeps_the_mean_and_adds_the_fitted_variance():
    rng = np.random.default_rng(5)
    values = np.full(200_000, 400.0)
    out = with_observation_scatter(values, np.full(values.size, 20.0), rng)
    assert out.mean() == pytest.approx(400.0, rel=0.01)
    assert out.var() == pytest.approx(400.0**2 / 20.0, rel=0.03)
    assert np.array_equal(with_observation_scatter(values[:10], np.full(10, np.inf), rng), values[:10])


def test_backtest_with_growth_scores_published_and_latent_intervals(council, panel):
    result = backtest(council, dt.date(2023, 6, 30), paths=40, seed=3, settings=QUICK, growth_panel=panel)
    assert "202122" in result.structural_growth
    table = result.table
    assert {"latent_p10", "latent_p90", "latent_inside_p10_p90"} <= set(table.columns)
    counts = table.filter(pl.col("series") != "high_needs_deficit_gbp_m")
    # the published figure's interval holds the latent one's spread and more
    wider = ((counts["p90"] - counts["p10"]) >= (counts["latent_p90"] - counts["latent_p10"])).mean()
    assert wider >= 0.9
    without = backtest(council, dt.date(2023, 6, 30), paths=40, seed=3, settings=QUICK)
    assert without.structural_growth.startswith("no structural growth")
    # structural growth changes the paths' requests (the same draws otherwise)
    assert not np.array_equal(result.forecast.flows["requests"], without.forecast.flows["requests"])


@pytest.mark.slow
def test_sefton_rolling_origins_hold_the_later_facts_at_the_stated_rate(tmp_path):
    """The four Sefton origins, as a user runs them (1,000 paths, DfE statistics): at least 70% of
    the later facts inside p10-p90 pooled, no origin below 50%, and the March 2024 High Needs
    deficit inside from the June 2023 origin, using only what was known there."""
    out = tmp_path / "backtest"
    result = run_cli("backtest", "--stats", str(STATS), "--paths", "1000", "--seed", "1", "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    by_origin = pl.read_csv(out / "backtest_by_origin.csv")
    pooled = by_origin.filter(pl.col("origin") == "pooled").row(0, named=True)
    assert pooled["facts"] >= 60
    assert pooled["share_inside_p10_p90"] >= 0.70
    origins = by_origin.filter(pl.col("origin") != "pooled")
    assert origins.height == 4
    assert origins["share_inside_p10_p90"].min() >= 0.50
    june_2023 = origins.filter(pl.col("origin") == "2023-06-30").row(0, named=True)
    assert june_2023["march_2024_deficit_inside_p10_p90"] is True
