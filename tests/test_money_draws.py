"""Money uncertainty: the ranges are sampled per path, reproducibly, and the model's 2023/24 is the published one."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sefton_sim.finance.assumptions import resolve_finance
from sefton_sim.finance.base_year import high_needs_base_year
from sefton_sim.finance.money_draws import (
    NORMALS_PER_PATH,
    draw_money,
    money_normals,
    money_ranges,
    spend_2023_24_gbp_m,
)
from sefton_sim.scenario.finance import FinanceSettings
from sefton_sim.simulate.run import prepare, simulate

SCENARIOS = Path(__file__).resolve().parents[1] / "src" / "sefton_sim" / "shipped" / "scenarios"
SPEND_2023_24_GBP_M = 63.7  # fact 004_5a9339259cd50bf4.txt line 361
IN_YEAR_DEFICIT_2023_24_GBP_M = 19.3  # fact 004_5a9339259cd50bf4.txt line 361
TOLERANCE_GBP_M = 1.0


@pytest.fixture(scope="module")
def baseline_run():
    inputs = prepare(SCENARIOS / "baseline.toml", paths=30)
    return inputs, simulate(inputs)


def test_2023_24_reproduced_in_a_baseline_run(baseline_run) -> None:
    """The model's 2023/24 (2023/24 stock x unit costs + other lines) is the published outturn, central and on every path."""
    inputs, result = baseline_run
    year = high_needs_base_year(inputs.data, inputs.money, inputs.scenario.base_date)
    assert year.financial_year == "2023/24"
    assert abs(year.spend_gbp_m - SPEND_2023_24_GBP_M) <= TOLERANCE_GBP_M
    assert abs(year.in_year_deficit_gbp_m - IN_YEAR_DEFICIT_2023_24_GBP_M) <= TOLERANCE_GBP_M
    money = result.ledgers.money_draws
    assert money is not None and money.sampled
    by_path = spend_2023_24_gbp_m(money, year.children_by_setting)
    assert np.all(np.abs(by_path - SPEND_2023_24_GBP_M) <= TOLERANCE_GBP_M)
    assert np.all(np.abs(by_path - year.grant_gbp_m - IN_YEAR_DEFICIT_2023_24_GBP_M) <= TOLERANCE_GBP_M)
    # the unit costs are sized on the 2023/24 average stock, not the (larger) base-date stock
    assert year.children_by_setting.sum() < 0.95 * inputs.data.stock_base.sum()


def test_money_varies_between_paths_within_the_data_ranges(baseline_run) -> None:
    inputs, result = baseline_run
    money = result.ledgers.money_draws
    ranges = money_ranges(inputs.data, inputs.money, inputs.scenario.finance, inputs.scenario.base_date)
    assert np.ptp(money.send_cost_index[:, -1]) > 0.01
    assert np.ptp(money.high_needs_grant_gbp_m[:, -1]) > 0.5
    assert np.ptp(money.unit_cost_gbp_per_child_per_year[:, 3]) > 1000  # INMSS fees
    assert np.all(money.high_needs_grant_gbp_m[:, 0] == money.high_needs_grant_gbp_m[0, 0])  # 2024/25 grant is published
    for k, r in enumerate(ranges.other_lines):
        assert np.all((money.other_lines_gbp_m[:, k] >= r.low) & (money.other_lines_gbp_m[:, k] <= r.high))
    spend = result.ledgers.high_needs.spend_gbp_m
    assert np.ptp(spend[:, -1]) > 1.0


def test_draws_depend_only_on_seed_and_path_index() -> None:
    """Path p gets the same normals whatever the path count (across chunk edges) and horizon."""
    many, few = money_normals(7, 1500), money_normals(7, 1200)
    assert many.shape == (1500, NORMALS_PER_PATH)
    assert np.array_equal(many[:1200], few)
    assert not np.array_equal(money_normals(8, 10), many[:10])


def test_horizon_does_not_change_earlier_years(baseline_run) -> None:
    inputs, _ = baseline_run
    normals = money_normals(3, 50)
    ranges = money_ranges(inputs.data, inputs.money, None, inputs.scenario.base_date)
    long = draw_money(ranges, resolve_finance(None, inputs.money, 6), normals)
    short = draw_money(ranges, resolve_finance(None, inputs.money, 3), normals)
    assert np.array_equal(long.send_cost_index[:, :3], short.send_cost_index)
    assert np.array_equal(long.high_needs_grant_gbp_m[:, :3], short.high_needs_grant_gbp_m)


def test_rates_are_correlated_over_years_as_stated(baseline_run) -> None:
    """Copula correlation of consecutive years: (1 - w) + w rho (0.875 with the shipped rows)."""
    inputs, _ = baseline_run
    ranges = money_ranges(inputs.data, inputs.money, None, inputs.scenario.base_date)
    w, rho = ranges.dynamics["w"], ranges.dynamics["rho"]
    draws = draw_money(ranges, resolve_finance(None, inputs.money, 5), money_normals(11, 20_000))
    rate = draws.send_cost_index[:, 1:] / draws.send_cost_index[:, :-1] - 1.0
    corr = np.corrcoef(rate[:, 1], rate[:, 2])[0, 1]
    assert (1 - w) + w * rho - 0.05 < corr < (1 - w) + w * rho + 0.05
    assert np.corrcoef(rate[:, 0], rate[:, 3])[0, 1] < corr  # further apart, less correlated


def test_a_scenario_rate_fixes_it_on_every_path(baseline_run) -> None:
    inputs, _ = baseline_run
    settings = FinanceSettings(send_unit_cost_inflation_per_year=0.05)
    ranges = money_ranges(inputs.data, inputs.money, settings, inputs.scenario.base_date)
    draws = draw_money(ranges, resolve_finance(settings, inputs.money, 4), money_normals(1, 40))
    assert np.allclose(draws.send_cost_index, 1.05 ** np.arange(1, 5))
    assert np.allclose(draws.inmss_cost_index, 1.05 ** np.arange(1, 5))


def test_central_switch_gives_the_central_ledger() -> None:
    inputs = prepare(SCENARIOS / "baseline.toml", paths=12)
    central = inputs.scenario.model_copy(update={"finance": inputs.scenario.finance.model_copy(update={"money_ranges": "central"})})
    inputs.scenario = central
    result = simulate(inputs)
    money = result.ledgers.money_draws
    assert money is not None and not money.sampled
    assert np.ptp(money.send_cost_index, axis=0).max() == 0.0
    assert np.allclose(money.unit_cost_gbp_per_child_per_year, inputs.data.cost_gbp_per_child_per_year)


def test_bridge_adds_up_exactly_on_every_path(baseline_run) -> None:
    """Money adds up: opening balance + 2023/24 run rate + drivers = cumulative deficit, per path and in the mean table."""
    from sefton_sim.finance.bridge import DRIVERS, TOTAL, bridge_by_path, bridge_table
    from sefton_sim.simulate.run import send_children_by_financial_year

    inputs, result = baseline_run
    year = high_needs_base_year(inputs.data, inputs.money, inputs.scenario.base_date)
    lines = bridge_by_path(result.ledgers, send_children_by_financial_year(result.demand), year.children_by_setting, year.grant_gbp_m)
    assert np.allclose(sum(lines[d] for d in DRIVERS), lines[TOTAL], rtol=0, atol=1e-9)
    assert np.allclose(lines[TOTAL], result.ledgers.high_needs.cumulative_deficit_gbp_m)
    assert np.all(lines["opening_balance"] == 38.0)
    assert np.all(lines["volume"][:, -1] > 0)  # the stock grows in every future
    assert np.all(lines["grant"][:, -1] < 0)  # the grant grows
    table = bridge_table(lines, result.ledgers.assumptions.year_labels(), "baseline")
    for label in result.ledgers.assumptions.year_labels():
        year_rows = table.filter(table["financial_year"] == label)
        drivers = year_rows.filter(year_rows["driver"] != TOTAL)["value_gbp_m"].sum()
        assert abs(drivers - year_rows.filter(year_rows["driver"] == TOTAL)["value_gbp_m"].item()) < 1e-9


def test_bridge_carries_the_override_policy() -> None:
    """With the deficit falling on the General Fund, the override line takes it off the DSG account and the bridge still adds up."""
    from sefton_sim.finance.bridge import DRIVERS, TOTAL, bridge_by_path
    from sefton_sim.simulate.run import send_children_by_financial_year

    inputs = prepare(SCENARIOS / "override_falls_on_reserves.toml", paths=8)
    result = simulate(inputs)
    year = high_needs_base_year(inputs.data, inputs.money, inputs.scenario.base_date)
    lines = bridge_by_path(result.ledgers, send_children_by_financial_year(result.demand), year.children_by_setting, year.grant_gbp_m)
    assert np.allclose(sum(lines[d] for d in DRIVERS), lines[TOTAL], rtol=0, atol=1e-9)
    assert lines["override_and_safety_valve"][:, -1].max() < -1.0


def test_scenario_set_and_variance_commands(tmp_path) -> None:
    """The CLI runs the Cabinet set (bands + bridge) and the variance split through the real entry point."""
    import polars as pl
    from typer.testing import CliRunner

    from sefton_sim.cli.main import app

    runner = CliRunner()
    out = tmp_path / "set"
    proc = runner.invoke(app, ["scenario-set", "--paths", "12", "--out", str(out)])
    assert proc.exit_code == 0, proc.output
    bands = pl.read_parquet(out / "scenario_bands.parquet")
    assert set(bands["scenario"]) == {"unmitigated", "mitigated", "high_growth", "low_growth"}
    assert (bands["p10"] <= bands["p90"]).all()
    bridge = pl.read_parquet(out / "high_needs_bridge.parquet")
    sums = bridge.filter(pl.col("driver") != "cumulative_deficit").group_by("scenario", "financial_year").agg(pl.col("value_gbp_m").sum().alias("s"))
    totals = bridge.filter(pl.col("driver") == "cumulative_deficit").join(sums, on=["scenario", "financial_year"])
    assert ((totals["value_gbp_m"] - totals["s"]).abs() < 1e-9).all()

    out = tmp_path / "variance"
    proc = runner.invoke(app, ["variance", str(SCENARIOS / "baseline.toml"), "--paths", "40", "--out", str(out)])
    assert proc.exit_code == 0, proc.output
    table = pl.read_parquet(out / "variance_decomposition.parquet")
    shares = dict(zip(table["source"], table["variance_share_only"]))
    assert shares["all"] == 1.0
    assert shares["money_ranges"] > 0.05 and shares["demand_parameters"] > 0.05  # both sources move the band
    assert shares["structural_growth"] > 0.01 and table.filter(pl.col("source") == "structural_growth")["modelled"].item()
    assert 0.0 < shares["process_noise"] < 1.0
    bad = runner.invoke(app, ["variance", str(SCENARIOS / "baseline.toml"), "--paths", "40", "--year", "2040/41", "--out", str(tmp_path / "bad")])
    assert bad.exit_code == 2 and not (tmp_path / "bad").exists()


def test_run_folder_has_the_2023_24_year_bridge_in_year_fan_and_tail_error(tmp_path) -> None:
    """``sefton-sim run`` writes the money extras, names its bands prediction intervals with the caveat, and warns when paths are too few."""
    import json
    import zipfile

    import polars as pl

    from conftest import run_cli

    out = tmp_path / "run"
    proc = run_cli("run", str(SCENARIOS / "baseline.toml"), "--paths", "25", "--xlsx", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    names = {p.name for p in out.iterdir()}
    assert {"high_needs_2023_24.parquet", "high_needs_bridge.parquet", "tail_quantile_error.parquet", "fan_high_needs_in_year_deficit.png"} <= names
    year = dict(pl.read_parquet(out / "high_needs_2023_24.parquet").select("line", "model_value").iter_rows())
    assert abs(year["spend"] - SPEND_2023_24_GBP_M) <= TOLERANCE_GBP_M
    assert abs(year["in_year_deficit"] - IN_YEAR_DEFICIT_2023_24_GBP_M) <= TOLERANCE_GBP_M
    tail = pl.read_parquet(out / "tail_quantile_error.parquet").row(0, named=True)
    assert tail["paths"] == 25 and not tail["enough_paths"] and tail["paths_needed_for_1pct"] > 25
    stdout = proc.stdout.replace("\n", " ")
    assert "prediction intervals" in stdout.lower() and "backtests" in stdout and "use at least" in stdout
    manifest = json.loads((out / "manifest.json").read_text())
    assert any("use at least" in note for note in manifest["notes"])
    with zipfile.ZipFile(out / "workbook.xlsx") as book:
        workbook_xml = book.read("xl/workbook.xml").decode()
    assert 'name="Notes"' in workbook_xml and 'name="High Needs bridge"' in workbook_xml


def test_quantile_standard_error_matches_the_normal_theory() -> None:
    """Order-statistic error of p5 of n standard normals against sqrt(p(1-p)/n) / phi(z_p)."""
    from scipy import stats

    from sefton_sim.outputs.money_outputs import quantile_standard_error

    n, q = 20_000, 0.05
    values = np.random.default_rng(3).standard_normal(n)
    theory = np.sqrt(q * (1 - q) / n) / stats.norm.pdf(stats.norm.ppf(q))
    assert 0.75 * theory < quantile_standard_error(values, q) < 1.25 * theory
    # four times the paths, half the error
    more = np.random.default_rng(4).standard_normal(4 * n)
    assert 0.35 < quantile_standard_error(more, q) / quantile_standard_error(values, q) < 0.65


def test_replicated_tail_error_gives_paths_needed(baseline_run) -> None:
    from sefton_sim.studies.tail_paths import tail_paths_needed

    inputs, _ = baseline_run
    small = prepare(SCENARIOS / "baseline.toml", paths=20)
    table = tail_paths_needed(small, replicates=3).row(0, named=True)
    assert table["paths_per_replicate"] == 20 and table["band_p5_p95_gbp_m"] > 0
    assert table["paths_needed"] > 20  # 20 paths are far too few for stable tails
    assert inputs.scenario.paths == 30


@pytest.mark.slow
def test_headline_run_uses_enough_paths_for_stable_tails(tmp_path) -> None:
    from conftest import run_cli
    from sefton_sim.outputs.money_outputs import HEADLINE_PATHS

    out = tmp_path / "headline"
    proc = run_cli("run", str(SCENARIOS / "baseline.toml"), "--headline", "--horizon-years", "1", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    import json

    assert json.loads((out / "manifest.json").read_text())["paths"] == HEADLINE_PATHS


def test_a_unit_cost_outside_its_range_is_refused_before_simulating(tmp_path) -> None:
    import shutil

    from sefton_sim.errors import BadInputError

    data = tmp_path / "sefton"
    shutil.copytree(SCENARIOS.parent / "data" / "sefton", data)
    path = data / "send_settings.csv"
    path.write_text(path.read_text().replace("inmss,76605,55000,85000", "inmss,76605,55000,70000"))
    scenario = tmp_path / "s.toml"
    scenario.write_text(f'name = "s"\ndata_folder = "{data}"\n')
    with pytest.raises(BadInputError) as err:
        prepare(scenario, paths=5)
    assert "send_settings.csv" in str(err.value) and "inmss" in str(err.value) and "70000" in str(err.value)
