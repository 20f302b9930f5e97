"""Sefton's children's and adult social care package engines: conservation, base costs, seeds,
mean field against Monte Carlo, and refusal of bad data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from sefton_sim.errors import BadInputError
from sefton_sim.social_care import asc_packages as asc
from sefton_sim.social_care import csc_packages as csc
from sefton_sim.social_care.package_common import sum_by_financial_year

DATA = Path(__file__).resolve().parents[1] / "src" / "sefton_sim" / "shipped" / "data" / "sefton"


@pytest.fixture(scope="module")
def csc_rates() -> csc.CscPackageRates:
    return csc.CscPackageRates.from_data(DATA)


@pytest.fixture(scope="module")
def asc_rates() -> asc.AscRates:
    return asc.AscRates.from_data(DATA)


def _budget_part(kind: str) -> float:
    frame = pl.read_csv(DATA / "gf_budget_2024_25.csv")
    return float(frame.filter(pl.col("demand_led") == kind)["demand_led_gbp_m"][0])


# --- conservation ---------------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(
    entries=hs.floats(0.0, 400.0),
    trend=hs.floats(-0.05, 0.05),
    step_down=hs.floats(0.0, 0.2),
    to_in_house=hs.floats(0.0, 1.0),
    stay=hs.floats(2.0, 120.0),
    residential=hs.integers(0, 150),
    months=hs.integers(1, 30),
    paths=hs.integers(1, 5),
    seed=hs.integers(0, 2**32 - 1),
)
def test_children_are_conserved_every_month_on_every_path(entries, trend, step_down, to_in_house, stay, residential, months, paths, seed):
    rates = csc.CscPackageRates.from_data(
        DATA,
        {
            "entries_per_year": entries,
            "entry_trend_per_year": trend,
            "step_down_per_month": step_down,
            "step_down_share_to_in_house": to_in_house,
            "mean_stay_months:in_house_fostering": stay,
            "children_at_base:residential": residential,
        },
    )
    run = csc.simulate_csc(rates, months, paths, seed)
    f = {k: v.astype(np.int64) for k, v in run.flows_by_type.items()}
    by_type = run.by_type().astype(np.int64)  # [P, T+1, K]
    assert by_type.min() >= 0
    assert np.all(by_type[:, 0].sum(axis=1) == rates.children_at_base.sum())
    expected = by_type[:, :-1] + f["entries"] - f["exits"] - f["left_at_18"] + f["moved_in"] - f["moved_out"]
    np.testing.assert_array_equal(by_type[:, 1:], expected)
    # step-down moves children between types and never creates or loses one
    np.testing.assert_array_equal(f["moved_in"].sum(axis=2), f["moved_out"].sum(axis=2))
    total = run.total().astype(np.int64)
    np.testing.assert_array_equal(total[:, 1:], total[:, :-1] + run.entries - run.exits)
    # supported accommodation only ever holds 16-17 year olds
    assert run.children[:, :, csc.SUPPORTED, : csc.OLDEST].sum() == 0


@settings(max_examples=25, deadline=None)
@given(
    growth=hs.floats(-0.01, 0.05),
    trend=hs.floats(-0.03, 0.03),
    duration=hs.floats(1.0, 120.0),
    months=hs.integers(1, 30),
    paths=hs.integers(1, 5),
    seed=hs.integers(0, 2**32 - 1),
)
def test_adult_clients_are_conserved_every_month_on_every_path(growth, trend, duration, months, paths, seed):
    rates = asc.AscRates.from_data(
        DATA,
        {
            "population_85_plus_growth_per_year": growth,
            "entry_trend_per_year": trend,
            "mean_duration_months:home_care": duration,
        },
    )
    run = asc.simulate_asc(rates, months, paths, seed)
    clients = run.clients.astype(np.int64)
    assert clients.min() >= 0
    f = {k: v.astype(np.int64) for k, v in run.flows_by_service.items()}
    np.testing.assert_array_equal(clients[:, 1:], clients[:, :-1] + f["entries"] - f["exits"])


# --- base costs against the budget lines ---------------------------------------------------


def test_csc_base_cost_matches_the_budget_line(csc_rates):
    budget = _budget_part("csc")
    assert budget == pytest.approx(42.0)
    assert csc.csc_base_cost_gbp_m(csc_rates) == pytest.approx(budget, rel=0.02)
    first_year = csc.csc_cost_by_financial_year(csc.expected_csc(csc_rates, 12), csc_rates)
    assert first_year.shape == (1, 1)
    assert first_year[0, 0] == pytest.approx(budget, rel=0.02)
    assert csc_rates.base_children == pytest.approx(600)


def test_asc_base_cost_matches_the_budget_line(asc_rates):
    budget = _budget_part("asc")
    assert asc.asc_base_cost_gbp_m(asc_rates) == pytest.approx(budget, rel=0.02)
    assert asc.asc_base_cost_gbp_m(asc_rates) == pytest.approx(113.318, abs=0.001)  # same arithmetic as the budget
    assert asc.asc_base_cost_gbp_m(asc_rates, net=False) == pytest.approx(141.648, abs=0.001)
    first_year = asc.asc_cost_by_financial_year(asc.expected_asc(asc_rates, 12), asc_rates)
    assert first_year[0, 0] == pytest.approx(budget, rel=0.02)


def test_csc_is_near_stationary_at_the_base(csc_rates):
    assert csc_rates.steady_state_children == pytest.approx(csc_rates.base_children, rel=0.01)
    run = csc.expected_csc(csc_rates, 120)
    total = run.total()[0]
    assert np.abs(total / total[0] - 1).max() < 0.01
    by_type = run.by_type()[0]
    np.testing.assert_allclose(by_type[-1], by_type[0], rtol=0.03)
    # entries about 200 a year and about equal to exits
    assert run.entries[0, :12].sum() == pytest.approx(200, rel=0.01)
    assert run.exits[0, :12].sum() == pytest.approx(run.entries[0, :12].sum(), rel=0.02)


def test_trends_move_the_projection(csc_rates, asc_rates):
    up = csc.CscPackageRates.from_data(DATA, {"entry_trend_per_year": 0.05})
    assert csc.expected_csc(up, 60).total()[0, -1] > 1.05 * csc_rates.base_children
    flat = asc.AscRates.from_data(DATA, {"population_65_plus_growth_per_year": 0.0, "population_85_plus_growth_per_year": 0.0})
    np.testing.assert_allclose(asc.expected_asc(flat, 60).total()[0], flat.base_clients, rtol=1e-9)
    assert asc.expected_asc(asc_rates, 60).total()[0, -1] > asc_rates.base_clients


def test_costs_rise_with_inflation_on_a_steady_caseload():
    rates = asc.AscRates.from_data(DATA, {"population_65_plus_growth_per_year": 0.0, "population_85_plus_growth_per_year": 0.0})
    cost = asc.asc_cost_by_financial_year(asc.expected_asc(rates, 36), rates)[0]
    np.testing.assert_allclose(cost, asc.asc_base_cost_gbp_m(rates) * 1.05 ** np.arange(3), rtol=1e-9)


def test_financial_years_follow_the_base_date():
    monthly = np.ones((2, 18))
    years = sum_by_financial_year(monthly, dt.date(2024, 10, 1))  # Oct 2024 - Mar 2026
    np.testing.assert_array_equal(years, [[6, 12], [6, 12]])


# --- seeds ---------------------------------------------------------------------------------


def test_same_seed_same_paths_and_different_seeds_differ(csc_rates, asc_rates):
    a = csc.simulate_csc(csc_rates, 24, 30, seed=7)
    b = csc.simulate_csc(csc_rates, 24, 30, seed=7)
    c = csc.simulate_csc(csc_rates, 24, 30, seed=8)
    np.testing.assert_array_equal(a.children, b.children)
    np.testing.assert_array_equal(a.cost_inflation_per_year, b.cost_inflation_per_year)
    assert not np.array_equal(a.children, c.children)
    x = asc.simulate_asc(asc_rates, 24, 30, seed=7)
    y = asc.simulate_asc(asc_rates, 24, 30, seed=7)
    z = asc.simulate_asc(asc_rates, 24, 30, seed=8)
    np.testing.assert_array_equal(x.clients, y.clients)
    np.testing.assert_array_equal(x.fee_uplift_per_year, y.fee_uplift_per_year)
    assert not np.array_equal(x.clients, z.clients)


def test_chunks_are_joined_along_the_path_axis(csc_rates):
    joined = csc.simulate_csc(csc_rates, 6, 5, seed=3, chunk_paths=2)
    assert joined.children.shape == (5, 7, csc.K, csc.A)
    first = csc.simulate_csc_chunk(csc_rates, 6, 2, seed=3, chunk=0)
    last = csc.simulate_csc_chunk(csc_rates, 6, 1, seed=3, chunk=2)
    np.testing.assert_array_equal(joined.children[:2], first.children)
    np.testing.assert_array_equal(joined.children[4:], last.children)


# --- mean field against Monte Carlo --------------------------------------------------------


def test_csc_mean_field_tracks_the_monte_carlo_mean(csc_rates):
    months, paths = 60, 1000
    mc = csc.simulate_csc(csc_rates, months, paths, seed=11)
    mf = csc.expected_csc(csc_rates, months)
    by_type = mc.by_type().astype(float)
    mean, se = by_type.mean(axis=0), by_type.std(axis=0) / np.sqrt(paths)
    gap = np.abs(mean - mf.by_type()[0])
    assert np.all(gap <= 4 * se + 0.5), gap.max()
    cost_mc = csc.csc_cost_by_financial_year(mc, csc_rates).mean(axis=0)
    cost_mf = csc.csc_cost_by_financial_year(mf, csc_rates)[0]
    np.testing.assert_allclose(cost_mc, cost_mf, rtol=0.03)


def test_asc_mean_field_tracks_the_monte_carlo_mean(asc_rates):
    months, paths = 60, 1000
    mc = asc.simulate_asc(asc_rates, months, paths, seed=12)
    mf = asc.expected_asc(asc_rates, months)
    clients = mc.clients.astype(float)
    mean, se = clients.mean(axis=0), clients.std(axis=0) / np.sqrt(paths)
    gap = np.abs(mean - mf.clients[0])
    assert np.all(gap <= 4 * se + 0.5), gap.max()
    cost_mc = asc.asc_cost_by_financial_year(mc, asc_rates).mean(axis=0)
    cost_mf = asc.asc_cost_by_financial_year(mf, asc_rates)[0]
    np.testing.assert_allclose(cost_mc, cost_mf, rtol=0.03)  # fee uplift skews up (4-7%, central 5%)


def test_per_path_parameters_stay_within_their_ranges(csc_rates, asc_rates):
    run = asc.simulate_asc(asc_rates, 1, 500, seed=5)
    assert run.fee_uplift_per_year.min() >= 0.04 and run.fee_uplift_per_year.max() <= 0.07
    assert run.driver_growth_per_year[:, 1].min() >= 0.015 and run.driver_growth_per_year[:, 1].max() <= 0.035
    children = csc.simulate_csc(csc_rates, 1, 500, seed=5)
    assert children.entry_multiplier.mean() == pytest.approx(1.0, abs=0.02)
    assert children.cost_inflation_per_year.min() >= 0.02 and children.cost_inflation_per_year.max() <= 0.07


# --- bad input -----------------------------------------------------------------------------


def _edit(path: Path, row: int, column: str, value: str) -> None:
    frame = pl.read_csv(path, infer_schema_length=0)
    frame = frame.with_columns(pl.when(pl.int_range(pl.len()) == row - 2).then(pl.lit(value)).otherwise(pl.col(column)).alias(column))
    frame.write_csv(path)


def _refused(load, *parts: str) -> None:
    with pytest.raises(BadInputError) as info:
        load()
    message = str(info.value)
    assert "\n" not in message
    for part in parts:
        assert part in message, message


def test_missing_files_are_refused(data_copy):
    (data_copy / "csc_placements.csv").unlink()
    _refused(lambda: csc.CscPackageRates.from_data(data_copy), "csc_placements.csv", "(file)", "existing data table")
    (data_copy / "asc_parameters.csv").unlink()
    _refused(lambda: asc.AscRates.from_data(data_copy), "asc_parameters.csv", "(file)", "existing data table")


def test_negative_counts_and_money_are_refused(data_copy):
    _edit(data_copy / "csc_placements.csv", 3, "children_at_base", "-5")
    _refused(lambda: csc.CscPackageRates.from_data(data_copy), "csc_placements.csv", "row 3.children_at_base", "-5", "non-negative")
    _edit(data_copy / "asc_services.csv", 2, "price_gbp_per_week", "-850")
    _refused(lambda: asc.AscRates.from_data(data_copy), "asc_services.csv", "row 2.price_gbp_per_week", "-850", "non-negative")


def test_shares_not_summing_to_one_are_refused(data_copy):
    _edit(data_copy / "csc_placements.csv", 2, "entry_share", "0.5")
    _refused(lambda: csc.CscPackageRates.from_data(data_copy), "csc_placements.csv", "entry_share", "1.17", "summing to 1")


def test_entry_age_split_not_summing_to_one_is_refused(data_copy):
    _edit(data_copy / "csc_parameters.csv", 9, "value", "0.44")  # entry_age_share_0_4
    _refused(lambda: csc.CscPackageRates.from_data(data_copy), "csc_parameters.csv", "entry_age_share", "1.1", "summing to 1")


def test_unknown_categories_and_ranges_are_refused(data_copy):
    _edit(data_copy / "csc_placements.csv", 4, "placement_type", "boarding_school")
    _refused(lambda: csc.CscPackageRates.from_data(data_copy), "row 4.placement_type", "boarding_school", "in_house_fostering")
    _edit(data_copy / "asc_services.csv", 3, "entry_driver", "population_90_plus")
    _refused(lambda: asc.AscRates.from_data(data_copy), "row 3.entry_driver", "population_90_plus", "population_65_plus")


def test_values_outside_their_range_are_refused(data_copy):
    _edit(data_copy / "asc_services.csv", 4, "price_gbp_per_week", "500")
    _refused(lambda: asc.AscRates.from_data(data_copy), "asc_services.csv", "row 4.price_gbp_per_week", "500", "within its range")
    _edit(data_copy / "asc_services.csv", 4, "price_gbp_per_week", "330")
    _edit(data_copy / "asc_parameters.csv", 2, "value", "0.5")
    _refused(lambda: asc.AscRates.from_data(data_copy), "asc_parameters.csv", "client_contribution_share", "0.5", "within its range")


def test_missing_source_and_parameter_rows_are_refused(data_copy):
    _edit(data_copy / "asc_services.csv", 2, "source", "")
    _refused(lambda: asc.AscRates.from_data(data_copy), "asc_services.csv", "row 2.source", "assumption")
    path = data_copy / "csc_parameters.csv"
    frame = pl.read_csv(path, infer_schema_length=0)
    frame.filter(pl.col("parameter") != "entries_per_year").write_csv(path)
    _refused(lambda: csc.CscPackageRates.from_data(data_copy), "csc_parameters.csv", "entries_per_year", "a row for this parameter")


def test_bad_overrides_are_refused():
    _refused(lambda: csc.CscPackageRates.from_data(DATA, {"entries_per_yr": 200}), "override entries_per_yr", "entries_per_year")
    _refused(lambda: csc.CscPackageRates.from_data(DATA, {"entries_per_year": -1}), "override entries_per_year", "-1", "non-negative")
    _refused(lambda: asc.AscRates.from_data(DATA, {"clients_at_base:day_care": 10}), "override clients_at_base:day_care", "<service>")
