"""`sefton-sim run` through the real entry point: output folder, determinism, scenarios."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from conftest import ROOT, SCENARIOS, run_cli

EXPECTED_FILES = {
    "manifest.json",
    "send_counts.parquet",
    "send_summary.parquet",
    "send_headline.parquet",
    "ledgers.parquet",
    "ledgers_summary.parquet",
    "probabilities.parquet",
    "fan_high_needs_cumulative_deficit.png",
    "fan_mtfp_gap.png",
    "fan_general_balances.png",
    "fan_ehcp_total.png",
    "fan_ehcp_by_setting.png",
    "fan_inmss_children.png",
    "fan_unmet_in_borough_demand.png",
}


@pytest.fixture(scope="module")
def baseline_run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("runs") / "baseline"
    proc = run_cli("run", str(SCENARIOS / "baseline.toml"), "--paths", "30", "--seed", "5", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert f"Output folder: {out.resolve()}" in proc.stdout.replace("\n", "")
    return out


def test_run_writes_every_file(baseline_run: Path):
    assert EXPECTED_FILES <= {p.name for p in baseline_run.iterdir()}
    assert not [p for p in baseline_run.parent.iterdir() if p.name.startswith(".")], "temporary folders left behind"


def test_manifest_records_inputs_seed_engine_and_timings(baseline_run: Path):
    manifest = json.loads((baseline_run / "manifest.json").read_text())
    assert manifest["seed"] == 5 and manifest["paths"] == 30 and manifest["engine"] == "vector"
    assert manifest["scenario_resolved"]["name"] == "baseline"
    hashed = {Path(p).name for p in manifest["input_hashes_sha256"]}
    assert {"baseline.toml", "send_stock_base.csv", "send_capacity.csv", "send_fitted_parameters.csv"} <= hashed
    assert all(len(h) == 64 for h in manifest["input_hashes_sha256"].values())
    recorded = {name.rsplit("_", 1)[0] for name in manifest["timings_seconds"]}
    assert {"simulate", "ledgers", "load", "write"} <= recorded
    assert manifest["package_version"]


def test_tables_are_tidy_and_summaries_have_percentiles(baseline_run: Path):
    counts = pl.read_parquet(baseline_run / "send_counts.parquet")
    assert counts.columns == ["scenario", "path", "date", "measure", "age_band", "setting", "value"]
    assert counts["path"].n_unique() == 30
    summary = pl.read_parquet(baseline_run / "send_summary.parquet")
    for col in ("p5", "p10", "p50", "p90", "p95"):
        assert col in summary.columns
    total = summary.filter(pl.col("measure") == "ehcp_total").sort("date")
    assert (total["p5"] <= total["p50"]).all() and (total["p50"] <= total["p95"]).all()
    # base date: the DfE January 2024 census (3,116) rolled to 1 April 2024 by the model's expected
    # flows (demand/stock_roll.py); the council's figures interpolated to that date give 3,279
    assert total["p50"][0] == pytest.approx(3253)  # the January 2024 census (3,116) rolled to 1 April 2024 along the fitted expected path


def test_same_seed_identical_tables_different_seed_differs(tmp_path: Path, baseline_run: Path):
    again = tmp_path / "again"
    other = tmp_path / "other"
    assert run_cli("run", str(SCENARIOS / "baseline.toml"), "--paths", "30", "--seed", "5", "--out", str(again)).returncode == 0
    assert run_cli("run", str(SCENARIOS / "baseline.toml"), "--paths", "30", "--seed", "6", "--out", str(other)).returncode == 0
    first = pl.read_parquet(baseline_run / "send_counts.parquet")
    assert first.equals(pl.read_parquet(again / "send_counts.parquet"))
    assert not first.equals(pl.read_parquet(other / "send_counts.parquet"))


def test_csv_format(tmp_path: Path):
    out = tmp_path / "csv"
    proc = run_cli("run", str(SCENARIOS / "baseline.toml"), "--paths", "5", "--horizon-years", "2", "--format", "csv", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert (out / "send_counts.csv").is_file() and (out / "send_summary.csv").is_file()


def test_python_cli_shim_equals_console_script_help():
    proc = run_cli("--help")
    assert proc.returncode == 0 and "run" in proc.stdout and "calibrate" in proc.stdout


def test_validate_and_schema(tmp_path: Path):
    files = sorted(str(p) for p in SCENARIOS.glob("*.toml"))
    proc = run_cli("validate", *files)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("ok:") == len(files)
    schema = json.loads(run_cli("schema").stdout)
    assert schema["additionalProperties"] is False
    assert "horizon_years" in schema["properties"]


def test_shipped_what_if_scenarios_exist():
    names = {p.stem for p in SCENARIOS.glob("*.toml")}
    assert {"baseline", "faster_growth", "secondary_units_120", "graduated_approach"} <= names


def test_readme_starts_with_two_commands():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    import re

    blocks = re.findall(r"```(?:bash|sh)?\n(.*?)```", readme, re.S)
    commands = [line for line in blocks[0].splitlines() + blocks[1].splitlines() if line.strip() and not line.startswith("#")]
    assert len(commands) == 2
    assert "sefton-sim run baseline" in commands[0]
    assert "pytest" in commands[1] and commands[1] in ci


def test_des_engine_writes_the_same_tables_plus_an_event_log(tmp_path: Path):
    out = tmp_path / "des"
    proc = run_cli(
        "run", str(SCENARIOS / "baseline.toml"), "--engine", "des", "--event-log", "--paths", "2", "--horizon-years", "1", "--out", str(out)
    )
    assert proc.returncode == 0, proc.stderr
    assert EXPECTED_FILES <= {p.name for p in out.iterdir()}
    log = pl.read_parquet(out / "event_log.parquet")
    assert {"path", "time_months", "date", "entity", "event", "from_state", "to_state"} <= set(log.columns)
    assert json.loads((out / "manifest.json").read_text())["engine"] == "des"


def test_event_log_needs_the_des_engine(tmp_path: Path):
    proc = run_cli("run", str(SCENARIOS / "baseline.toml"), "--event-log", "--out", str(tmp_path / "x"))
    assert proc.returncode == 2 and "--engine des" in proc.stderr


def test_total_plans_prediction_interval_sits_beside_the_unchanged_simulation_bands(baseline_run: Path):
    calibrated = pl.read_parquet(baseline_run / "send_total_plans_calibrated.parquet")
    assert calibrated["horizon_years"].to_list() == list(range(1, calibrated.height + 1))
    assert calibrated["census_month"][0].year == 2025 and all(m.month == 1 for m in calibrated["census_month"])
    assert (calibrated["p5"] < calibrated["p10"]).all() and (calibrated["p10"] < calibrated["p50"]).all()
    assert (calibrated["p50"] < calibrated["p90"]).all() and (calibrated["p90"] < calibrated["p95"]).all()
    assert calibrated["source"].str.contains("widened by").all()
    summary = pl.read_parquet(baseline_run / "send_summary.parquet").filter(pl.col("measure") == "ehcp_total")
    counts = pl.read_parquet(baseline_run / "send_counts.parquet").filter(pl.col("measure") == "ehcp_total")
    first = calibrated["census_month"][0]
    at = counts.filter(pl.col("date") == first)["value"].to_numpy()
    row = summary.filter(pl.col("date") == first)
    assert row["p90"][0] == pytest.approx(float(np.percentile(at, 90)))  # the simulation's band is as simulated
    assert calibrated["simulation_p90"][0] == pytest.approx(row["p90"][0])
    notes = json.loads((baseline_run / "manifest.json").read_text())["forecast_notes"]
    assert any("modelled count" in n and "send_ehcp_published" in n for n in notes)


def test_published_ehcp_interval_holds_the_simulated_band_and_the_fit_scatter(baseline_run):
    published = pl.read_parquet(baseline_run / "send_ehcp_published.parquet")
    counts = pl.read_parquet(baseline_run / "send_counts.parquet").filter(pl.col("measure") == "ehcp_total")
    assert set(published["position"]) == {"January census", "31 March"}
    for row in published.iter_rows(named=True):
        at = counts.filter(pl.col("date") == row["date"])["value"].to_numpy()
        assert row["simulated_p90"] == pytest.approx(float(np.percentile(at, 90)))
        assert row["ehcp_p5"] <= row["ehcp_p10"] <= row["ehcp_p50"] <= row["ehcp_p90"] <= row["ehcp_p95"]
        # the median stays the simulation's up to the sampling error of a median of 30 scattered
        # paths (a draw's stock scatter sd reaches 5-7%, so about 2% per date; 3 standard errors)
        assert row["ehcp_p50"] == pytest.approx(float(np.median(at)), rel=0.06)
    medians = [float(np.median(counts.filter(pl.col("date") == d)["value"].to_numpy())) for d in published["date"]]
    assert float(np.mean(published["ehcp_p50"].to_numpy() / np.array(medians))) == pytest.approx(1.0, abs=0.02)
    # over the run the scatter widens the band (a single date may not, with 30 paths)
    ratio = (published["ehcp_p90"] - published["ehcp_p10"]) / (published["simulated_p90"] - published["simulated_p10"])
    assert ratio.mean() > 1.0 and not (ratio == 1.0).all()
    assert published["source"].str.contains("nb_dispersion_stock").all()
