"""Sweeps: identical results whatever the executor; interrupted sweeps resume to the same end."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from conftest import run_cli
from sefton_sim.simulate.executors import make_executor
from sefton_sim.studies.sweep import run_sweep

SWEEP = """
name = "tiny"
base = "{base}"
paths = 1300
seed = 9
horizon_years = 2

[grid]
"send.request_trend_shift_per_year" = [0.0, 0.05]

[[cases]]
name = "council tax 2.99%"
overrides = {{ "finance.council_tax_increase_pct" = 2.99 }}
"""


@pytest.fixture(scope="module")
def sweep_file(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("sweep")
    path = folder / "tiny.toml"
    path.write_text(SWEEP.format(base="baseline"))
    return path


def _fragments(folder: Path) -> dict[str, pl.DataFrame]:
    return {str(p.relative_to(folder)): pl.read_parquet(p) for p in sorted((folder / "fragments").rglob("*.parquet"))}


@pytest.fixture(scope="module")
def serial_run(sweep_file, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("serial") / "out"
    report = run_sweep(sweep_file, out, make_executor("serial"))
    assert report.complete and report.tasks == 6  # 3 cases x 2 chunks (1000 + 300 paths)
    return out


@pytest.mark.parametrize("executor", ["threads", "processes", "dask"])
def test_results_identical_bit_for_bit_under_every_executor(executor, sweep_file, serial_run, tmp_path):
    pool = make_executor(executor, workers=2)
    try:
        report = run_sweep(sweep_file, tmp_path / executor, pool)
    finally:
        pool.close()
    assert report.complete
    ours, reference = _fragments(tmp_path / executor), _fragments(serial_run)
    assert ours.keys() == reference.keys()
    for key in ours:
        assert ours[key].equals(reference[key]), key
    assert pl.read_parquet(tmp_path / executor / "summary.parquet").equals(pl.read_parquet(serial_run / "summary.parquet"))


def test_interrupted_sweep_resumes_and_ends_identical(sweep_file, serial_run, tmp_path):
    out = tmp_path / "resumed"
    first = run_sweep(sweep_file, out, make_executor("threads", workers=2), stop_after=2)
    assert not first.complete and first.ran == 2
    assert not (out / "summary.parquet").exists()
    # a half-written fragment left by a crash is ignored and redone
    (out / "fragments" / "case-0002").mkdir(parents=True, exist_ok=True)
    (out / "fragments" / "case-0002" / "chunk-000000.parquet.tmp").write_bytes(b"partial")
    second = run_sweep(sweep_file, out, make_executor("serial"))
    assert second.complete and second.already_done == 2 and second.ran == 4
    assert pl.read_parquet(out / "summary.parquet").equals(pl.read_parquet(serial_run / "summary.parquet"))


def test_sweep_cases_change_what_they_should(serial_run):
    summary = pl.read_parquet(serial_run / "summary.parquet")
    last = summary.filter(pl.col("financial_year") == "2025/26")

    def median(case: int, measure: str) -> float:
        return last.filter((pl.col("case") == case) & (pl.col("measure") == measure))["p50"][0]

    assert median(2, "mtfp_gap_gbp_m") > median(0, "mtfp_gap_gbp_m")  # 2.99% council tax widens the gap
    assert median(1, "ehcp_total") >= median(0, "ehcp_total")  # faster requests, at least as many plans


def test_sweep_cli_refuses_a_different_sweep_in_the_same_folder(sweep_file, serial_run, tmp_path):
    other = tmp_path / "other.toml"
    other.write_text(sweep_file.read_text().replace("seed = 9", "seed = 10"))
    proc = run_cli("sweep", str(other), "--out", str(serial_run))
    assert proc.returncode == 2 and "different" in proc.stderr


def test_sweep_cli_bad_key(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\nbase = "baseline"\npaths = 10\n[grid]\n"send.no_such_key" = [1, 2]\n')
    proc = run_cli("sweep", str(bad), "--out", str(tmp_path / "o"))
    assert proc.returncode == 2
    assert "send.no_such_key" in proc.stderr or "no_such_key" in proc.stderr
