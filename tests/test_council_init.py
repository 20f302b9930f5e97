"""``council init`` builds a council folder from the DfE statistics that the loader and calibrator accept."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from conftest import SHARED, SHIPPED, run_cli
from sefton_sim.data import load_council_data
from sefton_sim.data.council_builder import MANIFEST_FILE
from sefton_sim.data.council_sources import largest_remainder
from sefton_sim.model import states as st

STATS = SHARED / "public_data" / "dfe_ehcp_statistics"
WIRRAL_DFE_JANUARY_2024 = {"mainstream": 1884, "sen_unit": 116, "special": 1488, "inmss": 144, "college": 629, "ap_other": 166}
"""DfE caseload.csv 202324 E08000015, the mapped settings (they sum to ehcplans 4,427)."""


@pytest.fixture(scope="module")
def wirral(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("init") / "wirral"
    proc = run_cli("council", "init", "E08000015", "--stats", str(STATS), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    return out


def test_init_writes_a_folder_the_loader_accepts_with_exact_setting_counts(wirral: Path):
    data = load_council_data(wirral)
    by_setting = dict(zip(st.SETTINGS, data.stock_base.sum(axis=(0, 1)).astype(int).tolist()))
    assert by_setting == WIRRAL_DFE_JANUARY_2024
    assert data.stock_base.sum() == 4427
    stock = data.history.filter(data.history["series"] == "ehcp_stock")
    assert stock["value"].to_list()[-1] == 4427 and stock.height == 6


def test_every_row_has_its_source_and_the_manifest_marks_the_folder(wirral: Path):
    import polars as pl

    for path in wirral.glob("*.csv"):
        sources = pl.read_csv(path, infer_schema_length=0)["source"].to_list()
        assert all(s.startswith(("fact: DfE EHCP statistics", "assumption:", "fact (derived): DfE EHCP statistics")) for s in sources), path.name
    manifest = json.loads((wirral / MANIFEST_FILE).read_text())
    assert manifest["written_by"] == "sefton-sim council init" and manifest["la_code"] == "E08000015"
    assert "Open Government Licence" in manifest["attribution"]
    assert (wirral / "MISSING.md").is_file() and (wirral / "templates" / "gf_budget_2024_25.csv").is_file()
    assert not (wirral / "gf_budget_2024_25.csv").exists()  # templates never look like real tables


def test_init_writes_the_structural_growth_state_and_a_run_draws_from_it(wirral: Path, tmp_path: Path):
    """The built folder carries Wirral's growth split at its latest census, every row sourced, and a run uses it."""
    import polars as pl

    from sefton_sim.data import dfe_statistics as dfe
    from sefton_sim.demand import structural_growth as sg

    table = pl.read_csv(wirral / sg.STATE_FILE)
    assert table["source"].null_count() == 0 and all("E08000015 Wirral" in s for s in table["source"].to_list())
    state = sg.read_state(wirral / sg.STATE_FILE)
    panel = sg.growth_panel(dfe.load_statistics(STATS))
    expected = next(s for s in sg.council_states(panel, 202324) if s.la_code == "E08000015")
    assert state.plans == 4427 and state.origin_period == 202324
    assert state.growth == pytest.approx(float(np.diff(np.log(panel.stock[panel.la_codes.index("E08000015")]))[-1]))
    assert state.council_deviation == pytest.approx(expected.council_deviation)
    scenario = tmp_path / "wirral.toml"
    text = (SHIPPED / "scenarios" / "wirral_baseline.toml").read_text().replace('data_folder = "../data/wirral"', f'data_folder = "{wirral}"')
    scenario.write_text(text)
    out = tmp_path / "run"
    proc = run_cli("run", str(scenario), "--paths", "20", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    entry = json.loads((out / "manifest.json").read_text())["structural_growth"]
    assert isinstance(entry, dict) and entry["state_file"] == str(wirral / sg.STATE_FILE)
    assert entry["latest_growth_log_per_year"] == pytest.approx(round(state.growth, 4))


def test_init_again_over_its_own_folder_is_allowed(wirral: Path):
    proc = run_cli("council", "init", "wirral", "--stats", str(STATS), "--out", str(wirral))
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize(
    "args, needle",
    [
        (["Wirall"], "close matches: E08000015 Wirral"),
        (["E08000099"], "expected a council code"),
        (["wirral", "--stats", "nowhere"], "--stats"),
    ],
)
def test_bad_council_or_folder_exit_2_one_line_nothing_written(tmp_path: Path, args: list[str], needle: str):
    out = tmp_path / "out"
    stats = [] if "--stats" in args else ["--stats", str(STATS)]
    proc = run_cli("council", "init", *args, *stats, "--out", str(out))
    assert proc.returncode == 2 and proc.stderr.count("error:") == 1 and needle in proc.stderr
    assert "Traceback" not in proc.stderr and not out.exists() and list(tmp_path.iterdir()) == []


def test_refuses_a_folder_it_did_not_write(tmp_path: Path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    proc = run_cli("council", "init", "wirral", "--stats", str(STATS), "--out", str(out))
    assert proc.returncode == 2 and proc.stderr.count("error:") == 1
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


@pytest.mark.parametrize(
    "name, text, needle",
    [
        ("missing column", "drop:mainstream_independent", "mainstream_independent"),
        ("wrong layout", "replace:a,b\n1,2\n", "columns"),
        ("text in a count", "text:special_la_maintained", "special_la_maintained"),
    ],
)
def test_malformed_dfe_files_exit_2_nothing_written(tmp_path: Path, name: str, text: str, needle: str):
    import polars as pl

    stats = tmp_path / "stats"
    stats.mkdir()
    for path in STATS.glob("*.csv"):
        (stats / path.name).symlink_to(path)
    (stats / "caseload.csv").unlink()
    frame = pl.read_csv(STATS / "caseload.csv", infer_schema_length=0).filter(pl.col("la_name").is_in(["Wirral", "Sefton"]))
    kind, _, arg = text.partition(":")
    if kind == "drop":
        frame.drop(arg).write_csv(stats / "caseload.csv")
    elif kind == "text":
        frame.with_columns(pl.when(pl.col("la_name") == "Wirral").then(pl.lit("many")).otherwise(pl.col(arg)).alias(arg)).write_csv(
            stats / "caseload.csv"
        )
    else:
        (stats / "caseload.csv").write_text(arg)
    out = tmp_path / "out"
    proc = run_cli("council", "init", "wirral", "--stats", str(stats), "--out", str(out))
    assert proc.returncode == 2, name
    assert proc.stderr.count("error:") == 1 and needle in proc.stderr and "caseload.csv" in proc.stderr
    assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".out")]


def test_shipped_wirral_loads_and_calibrates():
    from sefton_sim.demand.calibrate import calibrate_send

    data = load_council_data(SHIPPED / "data" / "wirral")
    assert dict(zip(st.SETTINGS, data.stock_base.sum(axis=(0, 1)).astype(int).tolist())) == WIRRAL_DFE_JANUARY_2024
    result = calibrate_send(data)
    stock = result.table.filter(result.table["series"] == "ehcp_stock")
    assert stock.height == 6 and float(stock["error_pct"].abs().max()) < 15.0
    assert abs(result.base_date_stock / result.base_date_fact_interpolation - 1) < 0.1


def test_shipped_wirral_scenario_names_its_folder_and_notes_the_missing_money_tables():
    text = (SHIPPED / "scenarios" / "wirral_baseline.toml").read_text()
    assert 'data_folder = "../data/wirral"' in text
    proc = run_cli("validate", str(SHIPPED / "scenarios" / "wirral_baseline.toml"))
    assert proc.returncode == 0 and proc.stdout.count("ok:") == 1, proc.stderr
    notes = [line for line in proc.stdout.splitlines() if line.startswith("note: ")]
    assert any(n.startswith("note: General Fund / MTFP not computed: missing gf_budget_2024_25.csv") for n in notes), notes


def test_councils_calibrate_on_three_councils(tmp_path: Path):
    import polars as pl

    out = tmp_path / "cal"
    proc = run_cli("councils", "calibrate", "--stats", str(STATS), "--out", str(out), "--councils", "E08000015,Sefton,E10000002")
    assert proc.returncode == 0, proc.stderr
    councils = pl.read_csv(out / "councils.csv")
    assert sorted(councils["la_code"].to_list()) == ["E08000014", "E08000015", "E10000002"]
    fit = pl.read_csv(out / "fit_errors.csv")
    assert {"ehcp_stock", "plans_issued", "agreed_requests"} <= set(fit["series"].to_list())
    summary = pl.read_csv(out / "summary.csv")
    assert "per council: stock_mean_abs_error_pct" in summary["measure"].to_list()
    assert councils["reason"].null_count() == 0


def test_largest_remainder_keeps_the_total():
    values = np.array([0.2, 1.7, 3.1, 0.0])
    out = largest_remainder(values, 7)
    assert out.sum() == 7 and out.dtype.kind == "i" and out[3] == 0
