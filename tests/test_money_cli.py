"""The money side through the real CLI: ledgers, workbook, compare, calibrate-csc, bad input."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from conftest import SCENARIOS, SHARED, run_cli
from sefton_sim.simulate.run import run_scenario

SSDA903 = SHARED / "peers" / "ssda903_sample"


@pytest.fixture(scope="module")
def money_run(tmp_path_factory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("money") / "baseline"
    proc = run_cli("run", str(SCENARIOS / "baseline.toml"), "--paths", "20", "--xlsx", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    return out, proc.stdout


def test_run_writes_ledgers_probabilities_charts_and_workbook(money_run):
    out, stdout = money_run
    names = {p.name for p in out.iterdir()}
    assert {
        "ledgers.parquet",
        "ledgers_summary.parquet",
        "probabilities.parquet",
        "money_headline.parquet",
        "social_care_counts.parquet",
        "fan_high_needs_cumulative_deficit.png",
        "fan_mtfp_gap.png",
        "fan_general_balances.png",
        "workbook.xlsx",
        "mtfp_position.parquet",
        "mtfp_one_offs.parquet",
        "mtfp_gap_bridge.parquet",
        "mtfp_assumptions.parquet",
    } <= names
    with zipfile.ZipFile(out / "workbook.xlsx") as book:
        workbook_xml = book.read("xl/workbook.xml").decode()
    for sheet in (
        "Summary",
        "MTFP",
        "MTFP position",
        "One-offs",
        "Gap bridge",
        "MTFP assumptions",
        "High Needs",
        "SEND",
        "Social care",
        "Transport",
        "Assumptions",
        "Manifest",
    ):
        assert f'name="{sheet}"' in workbook_xml
    assert "HN deficit" in stdout and "MTFP gap" in stdout and "floor" in stdout
    assert "do-nothing position" in stdout and "balances exhausted" in stdout and "unfunded gap" in stdout
    assert "one-off funding and the year it drops out" in stdout and "Business Rates Collection Fund Surplus" in stdout
    manifest = json.loads((out / "manifest.json").read_text())
    assert "workbook.xlsx" in manifest["files"]


def test_ledger_table_is_tidy_and_2024_25_total_matches_budget(money_run):
    out, _ = money_run
    ledgers = pl.read_parquet(out / "ledgers.parquet")
    assert ledgers.columns == ["scenario", "path", "financial_year", "ledger", "line", "value_gbp_m"]
    assert set(ledgers["ledger"].unique()) == {"high_needs", "transport", "general_fund", "social_care"}
    probabilities = pl.read_parquet(out / "probabilities.parquet")
    assert probabilities["financial_year"].to_list()[:2] == ["2024/25", "2025/26"]
    assert probabilities["p_balances_below_floor"].is_between(0, 1).all()


def test_falls_on_reserves_moves_exactly_the_deficit_at_the_end_date():
    a = run_scenario(SCENARIOS / "baseline.toml", paths=40)
    b = run_scenario(SCENARIOS / "override_falls_on_reserves.toml", paths=40)
    labels = a.ledgers.assumptions.year_labels()
    end, after = labels.index("2025/26"), labels.index("2026/27")
    deficit_at_end = a.ledgers.high_needs.cumulative_deficit_gbp_m[:, end]
    moved = b.ledgers.high_needs.deficit_transferred_to_general_fund_gbp_m[:, after]
    np.testing.assert_allclose(moved, deficit_at_end, rtol=0, atol=1e-9)
    # the budget gap: B - A in 2026/27 is exactly the moved deficit plus 2026/27's in-year deficit
    in_year = b.ledgers.high_needs.in_year_deficit_to_general_fund_gbp_m[:, after]
    ga, gb = a.ledgers.general_fund, b.ledgers.general_fund
    np.testing.assert_allclose(gb.high_needs_charge_gbp_m[:, after], deficit_at_end + in_year, atol=1e-9)
    np.testing.assert_allclose(gb.budget_gap_gbp_m[:, after] - ga.budget_gap_gbp_m[:, after], deficit_at_end + in_year, atol=1e-9)
    # balances stop at zero; what they cannot cover is the unfunded gap, and the money adds up
    for gf in (ga, gb):
        assert np.all(gf.general_balances_closing_gbp_m >= 0)
        np.testing.assert_allclose(gf.draws_gbp_m + gf.unfunded_gap_gbp_m - gf.contributions_gbp_m, gf.budget_gap_gbp_m, atol=1e-9)
    without_stop = [gf.general_balances_closing_gbp_m - np.cumsum(gf.unfunded_gap_gbp_m, axis=1) for gf in (ga, gb)]
    np.testing.assert_allclose(without_stop[1][:, after] - without_stop[0][:, after], -(deficit_at_end + in_year), atol=1e-9)
    # before the end date nothing differs (common random numbers)
    np.testing.assert_array_equal(
        b.ledgers.general_fund.general_balances_closing_gbp_m[:, : end + 1], a.ledgers.general_fund.general_balances_closing_gbp_m[:, : end + 1]
    )


def test_compare_command_lists_assumptions_and_outcomes(tmp_path):
    out = tmp_path / "cmp"
    proc = run_cli(
        "compare", str(SCENARIOS / "baseline.toml"), str(SCENARIOS / "override_falls_on_reserves.toml"), "--paths", "20", "--out", str(out)
    )
    assert proc.returncode == 0, proc.stderr
    diffs = pl.read_csv(out / "assumptions_baseline-vs-override_falls_on_reserves.csv")
    assert set(diffs["key"]) == {"finance.override_policy", "finance.override_end_date"}
    outcomes = pl.read_csv(out / "outcomes_baseline-vs-override_falls_on_reserves.csv")
    assert {"outcome", "at", "A median", "B median", "B-A median", "B-A p10", "B-A p90"} <= set(outcomes.columns)
    unfunded = outcomes.filter(pl.col("outcome") == "unfunded gap £m")
    assert unfunded.filter(pl.col("at") == "31 Mar 2026")["B-A median"][0] == 0
    assert unfunded.filter(pl.col("at") == "31 Mar 2027")["B-A median"][0] > 0
    charge = outcomes.filter(pl.col("outcome") == "High Needs charge to General Fund £m")
    assert charge.filter(pl.col("at") == "31 Mar 2027")["B median"][0] > 0
    assert (out / "compare_baseline-vs-override_falls_on_reserves.png").is_file()
    passed = pl.read_csv(out / "pass_through_baseline-vs-override_falls_on_reserves.csv")
    assert (passed["plans change mean"] == 0).all()  # the override moves money, not demand
    assert (passed["implied change (no casework limit) mean"] == 0).all()


def test_council_tax_2_99_widens_the_gap():
    a = run_scenario(SCENARIOS / "baseline.toml", paths=10)
    b = run_scenario(SCENARIOS / "council_tax_2_99.toml", paths=10)
    assert (b.ledgers.general_fund.gap_gbp_m[:, 1:] > a.ledgers.general_fund.gap_gbp_m[:, 1:]).all()
    np.testing.assert_allclose(b.ledgers.general_fund.gap_gbp_m[:, 0], a.ledgers.general_fund.gap_gbp_m[:, 0])


@pytest.mark.skipif(not SSDA903.is_dir(), reason="SSDA903 sample not beside the project")
@pytest.mark.slow
def test_calibrate_csc_command(tmp_path):
    out = tmp_path / "csc"
    proc = run_cli("calibrate-csc", str(SSDA903), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert {"csc_rates.csv", "csc_calibration.csv", "csc_projection.csv"} <= {p.name for p in out.iterdir()}


def test_bad_ssda903_file_is_refused(tmp_path):
    folder = tmp_path / "903" / "2021"
    folder.mkdir(parents=True)
    (folder / "episodes.csv").write_text(
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n1,32/13/2021,S,C2,N1,U4,PR1,,X1,,A,B,1\n"
    )
    (folder / "header.csv").write_text("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n1,1,01/01/2010,WBRI,X,,\n")
    proc = run_cli("calibrate-csc", str(tmp_path / "903"), "--out", str(tmp_path / "o"))
    assert proc.returncode == 2
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "episodes.csv" in lines[0] and "DECOM" in lines[0]
    assert not (tmp_path / "o").exists()


def test_unknown_policy_name_is_refused(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(
        f'name = "x"\ndata_folder = "{(SCENARIOS.parent / "data" / "sefton").as_posix()}"\n[finance]\noverride_policy = "write_it_all_off"\n'
    )
    proc = run_cli("run", str(path), "--out", str(tmp_path / "o"))
    assert proc.returncode == 2
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "finance.override_policy" in lines[0] and "write_it_all_off" in lines[0]
    assert not (tmp_path / "o").exists()


def test_negative_money_in_a_data_table_is_refused(tmp_path, data_copy):
    path = data_copy / "send_settings.csv"
    text = path.read_text()
    assert "inmss,76605," in text  # the unit cost sized on the 2023/24 average stock (send_settings.csv source)
    path.write_text(text.replace("inmss,76605,", "inmss,-69470,"))
    scenario = tmp_path / "s.toml"
    scenario.write_text(f'name = "x"\ndata_folder = "{data_copy.as_posix()}"\n')
    proc = run_cli("run", str(scenario), "--out", str(tmp_path / "o"))
    assert proc.returncode == 2
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "send_settings.csv" in lines[0] and "-69470" in lines[0]


def test_export_instances_writes_mps_and_lp(tmp_path):
    proc = run_cli("export-instances", "--sizes", "tiny", "--folder", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    names = {p.name for p in tmp_path.iterdir()}
    assert {"places_tiny.mps", "places_tiny.lp", "savings_tiny.mps", "savings_tiny.lp"} <= names
    assert "ROWS" in (tmp_path / "places_tiny.mps").read_text()


def test_mtfp_tables_show_one_offs_dropping_out_and_the_settlement_with_sources(money_run):
    out, _ = money_run
    one_offs = pl.read_parquet(out / "mtfp_one_offs.parquet")
    assert sorted(one_offs["amount_gbp_m"].to_list()) == [1.299, 11.008]
    assert set(one_offs["drops_out_in"]) == {"2025/26"}
    bridge = pl.read_parquet(out / "mtfp_gap_bridge.parquet").filter(pl.col("financial_year") == "2025/26")
    assert bridge.filter(pl.col("cause") == "one-off funding")["change_in_gap_gbp_m"].sum() == pytest.approx(12.307, abs=1e-9)
    position = pl.read_parquet(out / "mtfp_position.parquet")
    gap = position["budget_gap_before_action_p50_gbp_m"].to_list()  # medians: the bridge adds up to the change in the mean
    assert gap[1] > gap[0] and (position["general_balances_closing_p10_gbp_m"] >= 0).all()
    ledgers = pl.read_parquet(out / "ledgers.parquet").filter((pl.col("ledger") == "general_fund") & (pl.col("line") == "budget_gap"))
    means = ledgers.group_by("financial_year").agg(pl.col("value_gbp_m").mean()).sort("financial_year")["value_gbp_m"].to_list()
    assert bridge["change_in_gap_gbp_m"].sum() == pytest.approx(means[1] - means[0], abs=1e-9)
    assumptions = pl.read_parquet(out / "mtfp_assumptions.parquet").filter(pl.col("item") == "government_grants_gbp_m")
    assert assumptions["value"].to_list() == pytest.approx([95.74] * 5)
    assert all("starting_assumptions.md" in s for s in assumptions["source"].to_list()[1:])
