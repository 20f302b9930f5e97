"""`sefton-sim backtest`: refit on what was known, forecast, score against later facts."""

from __future__ import annotations

import datetime as dt

import polars as pl

from conftest import DATA, run_cli
from sefton_sim.demand.bayes_fit import QUICK, dfe_series_rows, read_other_series
from sefton_sim.studies.backtest import _known_rows, backtest, load_high_needs_history

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


def test_backtest_refuses_a_date_with_nothing_left_to_score(tmp_path):
    proc = run_cli("backtest", "--as-of", "2025-01-01", "--out", str(tmp_path / "x"))
    assert proc.returncode == 2 and "--as-of" in proc.stderr
    assert not (tmp_path / "x").exists()
