"""A council folder without some money tables still runs: SEND, High Needs spend, and the ledgers its tables allow."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from conftest import SCENARIOS, run_cli
from sefton_sim.errors import BadInputError
from sefton_sim.finance.availability import money_availability
from sefton_sim.simulate.run import check_inputs, prepare, simulate

WIRRAL = SCENARIOS / "wirral_baseline.toml"
WIRRAL_SKIPPED = {
    "high_needs_deficit": ["money_assumptions.csv"],
    "transport_mainstream_base": ["money_assumptions.csv"],
    "childrens_social_care": ["csc_placements.csv", "csc_parameters.csv"],
    "adult_social_care": ["asc_services.csv", "asc_parameters.csv"],
    "general_fund": [
        "gf_budget_2024_25.csv",
        "gf_funding_2024_25.csv",
        "money_assumptions.csv",
        "csc_placements.csv",
        "csc_parameters.csv",
        "asc_services.csv",
        "asc_parameters.csv",
    ],
}
"""The ledgers a folder from ``council init`` leaves out, with the tables each is missing."""


def _notes(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith("note: ")]


@pytest.fixture(scope="module")
def wirral_run(tmp_path_factory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("wirral") / "run"
    proc = run_cli("run", str(WIRRAL), "--paths", "20", "--horizon-years", "2", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    return out, proc.stdout


def test_wirral_runs_send_and_high_needs_spend(wirral_run: tuple[Path, str]):
    out, _ = wirral_run
    for table in ("send_counts", "send_summary", "send_headline", "ledgers", "ledgers_summary", "high_needs_spend_headline"):
        assert (out / f"{table}.parquet").is_file(), table
    assert not (out / "money_headline.parquet").exists() and not (out / "probabilities.parquet").exists()
    assert not (out / "fan_mtfp_gap.png").exists() and (out / "fan_ehcp_total.png").is_file()
    ledgers = pl.read_parquet(out / "ledgers.parquet")
    assert set(ledgers["ledger"].unique()) == {"high_needs", "transport"}
    spend = ledgers.filter((pl.col("ledger") == "high_needs") & (pl.col("line") == "spend"))
    assert spend.height == 20 * 2 and spend["financial_year"].unique().sort().to_list() == ["2024/25", "2025/26"]
    values = spend["value_gbp_m"].to_numpy()
    assert np.all(np.isfinite(values)) and np.all(values > 0)
    placements = ledgers.filter((pl.col("ledger") == "high_needs") & pl.col("line").str.starts_with("placements_"))
    by_cell = placements.group_by(["path", "financial_year"]).agg(pl.col("value_gbp_m").sum()).sort(["path", "financial_year"])
    assert np.allclose(by_cell["value_gbp_m"].to_numpy(), spend.sort(["path", "financial_year"])["value_gbp_m"].to_numpy())
    assert "grant" not in set(ledgers["line"]) and "cumulative_deficit" not in set(ledgers["line"])


def test_wirral_names_each_skipped_ledger_once_in_stdout_and_the_manifest(wirral_run: tuple[Path, str]):
    out, stdout = wirral_run
    notes = _notes(stdout)
    assert len(notes) == len(WIRRAL_SKIPPED)
    manifest = json.loads((out / "manifest.json").read_text())
    skipped = manifest["ledgers_not_computed"]
    assert {key: entry["missing"] for key, entry in skipped.items()} == WIRRAL_SKIPPED
    assert sorted(f"note: {entry['note']}" for entry in skipped.values()) == sorted(notes)
    general_fund = next(n for n in notes if n.startswith("note: General Fund / MTFP not computed: missing gf_budget_2024_25.csv"))
    assert "templates" in general_fund and "2023/24 prices" in manifest["high_needs_spend_prices"]
    assert "2023/24 prices" in next(n for n in notes if n.startswith("note: High Needs grant and deficit"))


def test_validate_agrees_with_run_on_wirral(wirral_run: tuple[Path, str]):
    _, run_stdout = wirral_run
    proc = run_cli("validate", str(WIRRAL))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("ok:") == 1 and _notes(proc.stdout) == _notes(run_stdout)


def _scenario_on(folder: Path, tmp_path: Path) -> Path:
    path = tmp_path / "on_copy.toml"
    path.write_text(f'name = "on_copy"\ndata_folder = "{folder.as_posix()}"\npaths = 20\nhorizon_years = 2\nseed = 7\n')
    return path


@pytest.mark.parametrize(
    "table, skipped",
    [
        ("gf_budget_2024_25.csv", {"general_fund"}),
        ("money_assumptions.csv", {"high_needs_deficit", "transport_mainstream_base", "general_fund"}),
        ("csc_parameters.csv", {"childrens_social_care", "general_fund"}),
        ("asc_services.csv", {"adult_social_care", "general_fund"}),
    ],
)
def test_deleting_one_money_table_skips_exactly_the_ledgers_that_need_it(data_copy: Path, tmp_path: Path, table: str, skipped: set[str]):
    scenario = _scenario_on(data_copy, tmp_path)
    full = simulate(prepare(scenario))
    assert full.ledgers is not None and full.partial_money is None
    (data_copy / table).unlink()
    inputs = prepare(scenario)
    assert {s.needs.key for s in inputs.availability.skipped} == skipped
    assert all(s.missing == (table,) for s in inputs.availability.skipped)
    result = simulate(inputs)
    assert result.ledgers is None and result.partial_money is not None
    # the SEND paths do not depend on which money tables are present
    assert np.array_equal(result.demand.stock_by_band_setting, full.demand.stock_by_band_setting)
    partial = result.partial_money
    if "high_needs_deficit" in skipped:
        assert partial.high_needs is None and partial.transport is None
        assert np.all(partial.high_needs_spend_gbp_m < full.ledgers.high_needs.spend_gbp_m)  # no inflation, no other lines
    else:  # the money assumptions are there: High Needs and transport exactly as in the full run
        assert partial.high_needs is not None and partial.transport is not None
        assert np.array_equal(partial.high_needs.cumulative_deficit_gbp_m, full.ledgers.high_needs.cumulative_deficit_gbp_m)
        assert np.array_equal(partial.transport.total_gbp_m, full.ledgers.transport.total_gbp_m)
    assert (result.csc is None) == ("childrens_social_care" in skipped)
    assert (result.asc is None) == ("adult_social_care" in skipped)
    if result.csc_cost_gbp_m is not None:
        assert np.array_equal(result.csc_cost_gbp_m, full.csc_cost_gbp_m)


def test_run_writes_the_costed_social_care_when_only_the_budget_is_missing(data_copy: Path, tmp_path: Path):
    (data_copy / "gf_funding_2024_25.csv").unlink()
    out = tmp_path / "run"
    proc = run_cli("run", str(_scenario_on(data_copy, tmp_path)), "--out", str(out), "--xlsx")
    assert proc.returncode == 0, proc.stderr
    notes = _notes(proc.stdout)
    assert len(notes) == 1 and notes[0].startswith("note: General Fund / MTFP not computed: missing gf_funding_2024_25.csv (")
    ledgers = pl.read_parquet(out / "ledgers.parquet")
    assert set(ledgers["ledger"].unique()) == {"high_needs", "transport", "social_care"}
    assert {"cumulative_deficit", "mainstream_base", "csc_packages", "asc_packages_net"} <= set(ledgers["line"])
    assert (out / "social_care_counts.parquet").is_file() and (out / "workbook.xlsx").is_file()
    assert set(json.loads((out / "manifest.json").read_text())["ledgers_not_computed"]) == {"general_fund"}


def _break(folder: Path, missing: str, broken: str) -> None:
    (folder / missing).unlink()
    frame = pl.read_csv(folder / broken, infer_schema_length=0)
    numeric = next(c for c in frame.columns if c not in ("source", "line", "kind", "parameter", "unit", "placement_type", "demand_led"))
    frame.with_columns(pl.lit("lots").alias(numeric)).write_csv(folder / broken)


@pytest.mark.parametrize(
    "missing, broken",
    [
        ("gf_funding_2024_25.csv", "gf_budget_2024_25.csv"),
        ("gf_budget_2024_25.csv", "money_assumptions.csv"),
        ("csc_parameters.csv", "csc_placements.csv"),
        ("asc_parameters.csv", "asc_services.csv"),
    ],
)
def test_a_present_but_bad_money_table_is_still_refused(data_copy: Path, tmp_path: Path, missing: str, broken: str):
    _break(data_copy, missing, broken)
    with pytest.raises(BadInputError) as caught:
        check_inputs(_scenario_on(data_copy, tmp_path))
    assert Path(caught.value.file).name == broken


def test_validate_and_run_refuse_a_present_bad_table_beside_a_missing_one(data_copy: Path, tmp_path: Path):
    _break(data_copy, "gf_funding_2024_25.csv", "gf_budget_2024_25.csv")
    scenario = _scenario_on(data_copy, tmp_path)
    for command in (["validate", str(scenario)], ["run", str(scenario), "--out", str(tmp_path / "out")]):
        proc = run_cli(*command)
        assert proc.returncode == 2 and proc.stderr.count("error:") == 1 and "gf_budget_2024_25.csv" in proc.stderr, (command, proc.stderr)
        assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()


def test_availability_of_the_full_sefton_folder_is_complete(data_copy: Path):
    availability = money_availability(data_copy)
    assert availability.complete and availability.notes() == [] and availability.manifest_entry() == {}


def test_a_sweep_on_a_folder_without_money_tables_is_refused_before_anything_is_written(tmp_path: Path):
    sweep = tmp_path / "sweep.toml"
    sweep.write_text('name = "wirral-sweep"\nbase = "wirral_baseline"\npaths = 20\nseed = 3\nhorizon_years = 1\n')
    out = tmp_path / "out"
    proc = run_cli("sweep", str(sweep), "--out", str(out), cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("error:") == 1 and "every ledger" in proc.stderr
    assert not out.exists(), "a refused sweep leaves no folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sweep.toml"]


@pytest.mark.parametrize("table", ["gf_budget_2024_25.csv", "gf_funding_2024_25.csv"])
def test_a_budget_line_without_a_name_is_one_line_error(tmp_path: Path, data_copy: Path, table: str):
    """Found by the fuzz tests: an empty line name used to end in an AttributeError (exit 1)."""
    path = data_copy / table
    frame = pl.read_csv(path, infer_schema_length=0)
    frame.with_columns(pl.when(pl.int_range(pl.len()) == 0).then(pl.lit("")).otherwise(pl.col("line")).alias("line")).write_csv(path)
    scenario = tmp_path / "s.toml"
    scenario.write_text(f'extends = "baseline"\nname = "unnamed-line"\ndata_folder = "{data_copy.as_posix()}"\n')
    proc = run_cli("run", str(scenario), "--paths", "4", "--horizon-years", "1", "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("error:") == 1 and f"{table}: row 2.line" in proc.stderr and "a name" in proc.stderr
    assert not (tmp_path / "out").exists()
