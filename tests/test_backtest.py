"""`sefton-sim backtest`: calibrate on what was known, forecast, score against later facts."""

from __future__ import annotations

import datetime as dt

import polars as pl

from conftest import run_cli
from sefton_sim.studies.backtest import backtest


def test_backtest_2023_06_30_uses_only_known_facts_and_scores_every_later_one(council):
    result = backtest(council, dt.date(2023, 6, 30), paths=60, seed=3)
    later = council.history.filter(pl.col("period_end") > dt.date(2023, 6, 30))
    scored = result.table.filter(pl.col("series") != "high_needs_deficit_gbp_m")
    assert scored.height == later.height
    assert {"fact", "median", "p10", "p90", "p5", "p95", "error_pct", "inside_p10_p90", "inside_p5_p95"} <= set(result.table.columns)
    assert 0.0 <= result.coverage["inside_p10_p90"] <= result.coverage["inside_p5_p95"] <= 1.0
    # the council's own autumn-2023 forecast is set beside ours
    comparison = result.council_comparison
    assert comparison["high_needs_deficit_31_mar_2024_gbp_m"][1] == 25
    assert comparison["actual_gbp_m"][0] == 38


def test_backtest_cli_writes_table_chart_and_states_coverage(tmp_path):
    out = tmp_path / "bt"
    proc = run_cli("backtest", "--as-of", "2023-06-30", "--paths", "40", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert {"backtest.csv", "backtest_ehcp.png", "council_comparison.csv", "manifest.json"} <= {p.name for p in out.iterdir()}
    assert "Coverage:" in proc.stdout and "inside p10-p90" in proc.stdout
    assert "than the council's autumn-2023 forecast" in proc.stdout


def test_backtest_refuses_a_date_with_nothing_left_to_score(tmp_path):
    proc = run_cli("backtest", "--as-of", "2025-01-01", "--out", str(tmp_path / "x"))
    assert proc.returncode == 2 and "--as-of" in proc.stderr
    assert not (tmp_path / "x").exists()
