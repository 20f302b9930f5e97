"""Money ledgers: the published 2024/25 numbers, calibration checks and accounting invariants."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs
from pydantic import ValidationError

from sefton_sim.errors import BadInputError
from sefton_sim.finance import (
    finance_ledgers,
    high_needs_spend_at_base_gbp_m,
    htst_cost_at_base_gbp_m,
    ledger_table,
    load_money_data,
    resolve_finance,
)
from sefton_sim.finance.checks import general_fund_identity_residuals_gbp_m
from sefton_sim.model import states as st
from sefton_sim.scenario.finance import FinanceSettings

DATA = Path(__file__).resolve().parents[1] / "src" / "sefton_sim" / "shipped" / "data" / "sefton"

PUBLISHED_2024_25 = {  # 004_5a9339259cd50bf4.txt lines 2352-2367, £m
    "strategic_management": 4.009,
    "adult_social_care": 121.738,
    "childrens_social_care": 81.226,
    "communities": 11.387,
    "corporate_resources": 10.429,
    "economic_growth_housing": 6.882,
    "education_excellence": 17.928,
    "health_wellbeing": 19.857,
    "highways_public_protection": 10.881,
    "operational_in_house_services": 17.611,
    "property_and_building_services": -0.530,
    "total_service_net_expenditure": 301.418,
    "council_wide_budgets": 15.512,
    "levies": 37.290,
    "general_government_grants": -95.740,
    "total_net_expenditure": 258.480,
}
PENNY_GBP_M = 0.001
ALL_DELIVERED = FinanceSettings(base_savings_delivery_probability=1.0)


@pytest.fixture(scope="module")
def money():
    return load_money_data(DATA)


BASE_DATE = dt.date(2024, 4, 1)


@pytest.fixture(scope="module")
def council_data():
    """The Sefton data as a run sees them: the census stock rolled to the 1 April 2024 base date."""
    from sefton_sim.data import load_council_data
    from sefton_sim.demand.stock_roll import stock_at_base_date

    return stock_at_base_date(load_council_data(DATA), BASE_DATE)


def base_date_stock_by_setting(council_data) -> pl.DataFrame:
    """Children by setting at the base date (send_stock_base.csv is a census, rolled by the model)."""
    return pl.DataFrame({"setting": list(st.SETTINGS), "children": council_data.stock_base.sum(axis=(0, 1))})


def base_children(council_data, paths: int = 2, years: int = 5, growth: float = 0.0) -> np.ndarray:
    """Base-date stock by setting in every year, optionally growing each year."""
    base = council_data.stock_base.sum(axis=(0, 1))
    factor = (1.0 + growth) ** np.arange(years)
    return np.broadcast_to(base[None, None, :] * factor[None, :, None], (paths, years, st.S)).copy()


def position_without_stop(gf) -> np.ndarray:
    """Balances less the cumulative unfunded gap: where balances would be with no stop at zero (£m)."""
    return gf.general_balances_closing_gbp_m - np.cumsum(gf.unfunded_gap_gbp_m, axis=1)


def run(council_data, money, finance=ALL_DELIVERED, children=None, asc=None, csc=None, seed=7, **kw):
    children = base_children(council_data) if children is None else children
    shape = children.shape[:2]
    asc = np.full(shape, money.demand_led_line("asc").demand_led_gbp_m) if asc is None else asc
    csc = np.full(shape, money.demand_led_line("csc").demand_led_gbp_m) if csc is None else csc
    return finance_ledgers(council_data, money, finance, children, asc, csc, np.random.default_rng(seed), **kw)


# --- the published 2024/25 position -----------------------------------------------------------


def test_2024_25_ledger_reproduces_published_table(council_data, money):
    ledgers = run(council_data, money)
    table = ledger_table(ledgers, "baseline")
    first = table.filter((pl.col("financial_year") == "2024/25") & (pl.col("ledger") == "general_fund"))
    values = dict(zip(first["line"].to_list(), first["value_gbp_m"].to_list(), strict=False))
    for line, published in PUBLISHED_2024_25.items():
        per_path = first.filter(pl.col("line") == line)["value_gbp_m"].to_numpy()
        assert np.all(np.abs(per_path - published) < PENNY_GBP_M), line
    assert abs(values["council_tax_requirement"] - 169.759) < PENNY_GBP_M
    assert abs(values["retained_business_rates"] - 65.692) < PENNY_GBP_M
    assert abs(values["funding"] - 258.480) < PENNY_GBP_M
    assert abs(values["gap"]) < PENNY_GBP_M  # every saving delivered: the published budget balances
    assert abs(values["general_balances_opening"] - 21.214) < PENNY_GBP_M
    assert abs(values["general_balances_floor"] - 0.065 * 258.480) < PENNY_GBP_M


def test_engine_calibration_point_replaces_package_part(council_data, money):
    # an ASC engine whose base-date cost is 110.0 (not the table's 113.318) still reproduces the line
    shape = (2, 5)
    ledgers = run(
        council_data, money, asc=np.full(shape, 110.0), asc_package_cost_base_gbp_m=110.0, csc=np.full(shape, 40.0), csc_package_cost_base_gbp_m=40.0
    )
    gf = ledgers.general_fund
    assert np.allclose(gf.budget_lines_gbp_m["adult_social_care"][:, 0], 121.738, atol=1e-9)
    assert np.allclose(gf.budget_lines_gbp_m["childrens_social_care"][:, 0], 81.226, atol=1e-9)
    # +£5m simulated package cost in a later year adds exactly £5m to the line
    more = run(council_data, money, asc=np.full(shape, 110.0) + np.array([0, 0, 5.0, 0, 0]), asc_package_cost_base_gbp_m=110.0)
    delta = (
        more.general_fund.budget_lines_gbp_m["adult_social_care"]
        - run(council_data, money, asc=np.full(shape, 110.0), asc_package_cost_base_gbp_m=110.0).general_fund.budget_lines_gbp_m["adult_social_care"]
    )
    assert np.allclose(delta, [[0, 0, 5.0, 0, 0]] * 2)


def test_high_needs_base_spend_matches_2023_24_outturn(council_data, money):
    # the 2023/24 average stock (month starts April 2023 - March 2024 between the stock facts and the
    # base-date stock, base-date setting mix) x the unit costs read straight from the CSV: the unit
    # costs are sized on this stock, so the 2023/24 outturn is met within £0.01m
    from sefton_sim.finance.base_year import children_by_setting_over_year

    children = children_by_setting_over_year(council_data, BASE_DATE)
    stock = pl.DataFrame({"setting": list(st.SETTINGS), "children": children})
    costs = pl.read_csv(DATA / "send_settings.csv").select("setting", "cost_gbp_per_child_per_year")
    placements = stock.join(costs, on="setting").select((pl.col("children") * pl.col("cost_gbp_per_child_per_year")).sum()).item() / 1e6
    other = money.value("hn_early_years_hnf_gbp_m") + money.value("hn_complementary_education_other_gbp_m")
    assert abs(placements + other - 63.7) < 0.01
    # sized on the 2023/24 average, not on the larger base-date stock (which would cost about 10% more)
    assert children.sum() < 0.95 * council_data.stock_base.sum()
    # every unit cost stays inside its stated range
    ranges = pl.read_csv(DATA / "send_settings.csv")
    assert (
        (ranges["cost_low_gbp"] <= ranges["cost_gbp_per_child_per_year"]) & (ranges["cost_gbp_per_child_per_year"] <= ranges["cost_high_gbp"])
    ).all()
    # the package's own function agrees
    p, o = high_needs_spend_at_base_gbp_m(
        children,
        council_data.cost_gbp_per_child_per_year,
        {"a": money.value("hn_early_years_hnf_gbp_m"), "b": money.value("hn_complementary_education_other_gbp_m")},
    )
    assert p == pytest.approx(placements) and o == pytest.approx(other)


def test_high_needs_ledger_starts_from_38m_and_uplifted_grant(council_data, money):
    hn = run(council_data, money).high_needs
    assert hn.cumulative_deficit_opening_gbp_m == 38.0
    assert np.allclose(hn.grant_gbp_m[:, 0], 44.4 * 1.053)
    assert np.allclose(hn.grant_gbp_m[:, 1], 44.4 * 1.053 * 1.03)
    assert np.allclose(hn.cumulative_deficit_gbp_m[:, 0], 38.0 + hn.in_year_deficit_gbp_m[:, 0])
    assert np.allclose(hn.in_year_deficit_gbp_m, hn.spend_gbp_m - hn.grant_gbp_m)
    # base-date demand in 2024/25 already gives at least the £17m in-year deficit the council expects
    assert np.all(hn.in_year_deficit_gbp_m[:, 0] >= 17.0)


def test_transport_from_base_date_placements_near_14_4m(council_data, money):
    table_prices = htst_cost_at_base_gbp_m(
        base_date_stock_by_setting(council_data)["children"].to_numpy(),
        council_data.share_transported,
        council_data.transport_cost_gbp_per_pupil_per_year,
        money.value("htst_mainstream_base_gbp_m"),
    )
    assert abs(table_prices - 14.4) / 14.4 < 0.05
    transport = run(council_data, money).transport
    assert np.all(np.abs(transport.total_gbp_m[:, 0] - 14.4) / 14.4 < 0.05)  # 2024/25 prices
    # out-of-borough routes cost more per child than in-borough special-school routes
    per_child = council_data.share_transported * council_data.transport_cost_gbp_per_pupil_per_year
    assert per_child[st.INMSS] > 2 * per_child[st.SPECIAL]


# --- invariants -------------------------------------------------------------------------------

money_scale = hs.floats(min_value=0.5, max_value=2.0)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    growth=hs.floats(0.0, 0.3),
    asc=money_scale,
    csc=money_scale,
    ct=hs.floats(0.0, 4.99),
    pay=hs.floats(0.0, 0.08),
    p=hs.floats(0.0, 1.0),
    seed=hs.integers(0, 2**32 - 1),
)
def test_gap_is_spending_minus_funding_and_balances_roll(council_data, money, growth, asc, csc, ct, pay, p, seed):
    finance = FinanceSettings(
        council_tax_increase_pct=ct,
        pay_award_per_year=pay,
        base_savings_delivery_probability=p,
        override_policy="falls_on_general_fund",
        savings=[{"name": "new option", "saving_gbp_m_by_year": {"2025/26": 2.0}, "delivery_probability": 0.5}],
    )
    children = base_children(council_data, paths=4, growth=growth)
    shape = children.shape[:2]
    ledgers = run(council_data, money, finance, children, asc=np.full(shape, 113.318 * asc), csc=np.full(shape, 42.0 * csc), seed=seed)
    gf = ledgers.general_fund
    assert np.allclose(gf.gap_gbp_m, gf.spending_gbp_m - gf.funding_gbp_m)
    assert np.allclose(gf.funding_gbp_m, sum(gf.funding_lines_gbp_m.values()))
    assert np.allclose(gf.total_net_expenditure_gbp_m, sum(gf.budget_lines_gbp_m.values()))
    assert np.allclose(gf.spending_gbp_m, gf.total_net_expenditure_gbp_m + gf.savings_shortfall_gbp_m - gf.savings_delivered_gbp_m)
    assert np.allclose(gf.general_balances_opening_gbp_m[:, 0], 21.214)
    assert np.allclose(
        gf.general_balances_closing_gbp_m,
        gf.general_balances_opening_gbp_m - gf.draws_gbp_m + gf.contributions_gbp_m,
    )
    assert np.allclose(gf.general_balances_opening_gbp_m[:, 1:], gf.general_balances_closing_gbp_m[:, :-1])
    assert np.allclose(gf.draws_gbp_m + gf.unfunded_gap_gbp_m - gf.contributions_gbp_m, gf.gap_gbp_m + gf.high_needs_charge_gbp_m)
    assert np.all(gf.draws_gbp_m >= 0) and np.all(gf.contributions_gbp_m >= 0) and np.all(gf.unfunded_gap_gbp_m >= 0)
    assert np.all(gf.general_balances_closing_gbp_m >= 0)
    assert max(general_fund_identity_residuals_gbp_m(gf).values()) < 1e-6
    assert np.array_equal(gf.floor_breach, gf.general_balances_closing_gbp_m < gf.floor_gbp_m)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(growth=hs.floats(-0.2, 0.3), end_year=hs.integers(2024, 2029), seed=hs.integers(0, 1000))
def test_falls_on_general_fund_moves_exactly_the_deficit_at_the_end_date(council_data, money, growth, end_year, seed):
    end = dt.date(end_year, 3, 31)  # end of financial year end_year-1/end_year
    children = base_children(council_data, paths=3, years=6, growth=growth)
    ring = run(council_data, money, FinanceSettings(override_end_date=end, override_policy="ring_fenced"), children, seed=seed)
    falls = run(council_data, money, FinanceSettings(override_end_date=end, override_policy="falls_on_general_fund"), children, seed=seed)
    transfer = end_year - 2024  # ledger index of the year after the end date
    cum_ring = ring.high_needs.cumulative_deficit_gbp_m
    at_end = 38.0 if transfer == 0 else cum_ring[:, transfer - 1]
    if transfer < 6:
        assert np.allclose(falls.high_needs.deficit_transferred_to_general_fund_gbp_m[:, transfer], at_end)
        assert np.allclose(falls.high_needs.cumulative_deficit_gbp_m[:, transfer:], 0.0)
    assert np.allclose(falls.high_needs.deficit_transferred_to_general_fund_gbp_m.sum(axis=1), at_end if transfer < 6 else 0.0)
    difference = position_without_stop(falls.general_fund) - position_without_stop(ring.general_fund)
    expected = np.where(np.arange(6)[None, :] >= transfer, -cum_ring, 0.0)
    assert np.allclose(difference, expected)
    assert np.allclose(ring.general_fund.high_needs_charge_gbp_m, 0.0)
    assert np.allclose(ring.general_fund.gap_gbp_m, falls.general_fund.gap_gbp_m)  # the MTFP gap itself is unchanged


def test_partial_write_off_moves_the_remaining_share(council_data, money):
    children = base_children(council_data, years=5, growth=0.1)
    ring = run(council_data, money, FinanceSettings(override_policy="ring_fenced"), children)
    part = run(council_data, money, FinanceSettings(override_policy="partial_write_off", write_off_share=0.25), children)
    cum_at_end = ring.high_needs.cumulative_deficit_gbp_m[:, 1]  # 31 March 2026 = end of 2025/26
    assert np.allclose(part.high_needs.written_off_gbp_m[:, 2], 0.25 * cum_at_end)
    assert np.allclose(part.high_needs.deficit_transferred_to_general_fund_gbp_m[:, 2], 0.75 * cum_at_end)
    in_year_later = ring.high_needs.in_year_deficit_gbp_m[:, 2:].cumsum(axis=1)
    difference = position_without_stop(part.general_fund) - position_without_stop(ring.general_fund)
    assert np.allclose(difference[:, 2:], -(0.75 * cum_at_end[:, None] + in_year_later))
    assert np.allclose(difference[:, :2], 0.0)


def test_safety_valve_pays_while_on_track_and_falls_when_it_fails(council_data, money):
    terms = {"contribution_gbp_m_per_year": 10.0, "first_contribution_year": "2025/26", "in_year_balance_by_year": "2027/28"}
    # demand falls fast enough for in-year balance by 2027/28: contributions every year, nothing falls
    shrinking = base_children(council_data, years=5, growth=-0.25)
    ok = run(council_data, money, FinanceSettings(override_policy="safety_valve", safety_valve=terms), shrinking).high_needs
    assert np.all(ok.in_year_deficit_gbp_m[:, 2:] <= 0)
    assert np.allclose(ok.safety_valve_contribution_gbp_m[:, 0], 0.0)
    assert np.allclose(ok.safety_valve_contribution_gbp_m[:, 1], 10.0)
    assert np.allclose(ok.charge_to_general_fund_gbp_m, 0.0)
    # growing demand misses in-year balance in 2027/28: contributions stop and the deficit falls
    growing = base_children(council_data, years=5, growth=0.1)
    sv = run(council_data, money, FinanceSettings(override_policy="safety_valve", safety_valve=terms), growing).high_needs
    assert np.allclose(sv.safety_valve_contribution_gbp_m[:, 1:3], 10.0)
    assert np.allclose(sv.safety_valve_contribution_gbp_m[:, 3:], 0.0)
    assert np.allclose(sv.deficit_transferred_to_general_fund_gbp_m[:, 3], sv.cumulative_deficit_gbp_m[:, 2])
    assert np.allclose(sv.cumulative_deficit_gbp_m[:, 3:], 0.0)


def test_savings_delivery_is_seeded_and_probability_bounds(council_data, money):
    never = run(council_data, money, FinanceSettings(base_savings_delivery_probability=0.0))
    assert np.allclose(never.general_fund.savings_shortfall_gbp_m, 3.9)  # £4.8m − £0.9m delivered by June
    option = {"name": "libraries review", "saving_gbp_m_by_year": {"2025/26": 1.0, "2026/27": 2.0}, "delivery_probability": 1.0}
    certain = run(council_data, money, FinanceSettings(base_savings_delivery_probability=1.0, savings=[option]))
    assert np.allclose(certain.general_fund.savings_delivered_gbp_m, [[0, 1, 2, 2, 2]] * 2)  # recurrent
    risky = FinanceSettings(savings=[{**option, "delivery_probability": 0.5}])
    children = base_children(council_data, paths=50)
    a = run(council_data, money, risky, children, seed=3).general_fund.savings_delivered
    b = run(council_data, money, risky, children, seed=3).general_fund.savings_delivered
    assert np.array_equal(a, b) and 0 < a[:, -1].sum() < 50


def test_ledger_table_is_tidy(council_data, money):
    ledgers = run(council_data, money)
    table = ledger_table(ledgers, "baseline")
    assert table.columns == ["scenario", "path", "financial_year", "ledger", "line", "value_gbp_m"]
    assert set(table["ledger"].unique()) == {"high_needs", "transport", "general_fund"}
    assert sorted(table["financial_year"].unique()) == ["2024/25", "2025/26", "2026/27", "2027/28", "2028/29"]
    assert table.group_by("scenario", "path", "financial_year", "ledger", "line").len()["len"].max() == 1
    assert table["value_gbp_m"].is_finite().all()


# --- defaults and bad input -------------------------------------------------------------------


def test_schema_defaults_are_the_data_baseline(money):
    defaults = FinanceSettings()
    assert defaults.council_tax_referendum_cap_pct == money.value("council_tax_referendum_cap_pct")
    resolved = resolve_finance(defaults, money, 5)
    assert resolved.override_end_date == dt.date(2026, 3, 31)
    assert resolved.override_transfer_year == 2  # 2026/27
    assert np.allclose(resolved.council_tax_increase_pct, [0, 4.99, 4.99, 4.99, 4.99])
    assert np.allclose(resolved.pay_index, 1.03 ** np.arange(5))


def one_line(error: Exception) -> bool:
    return "\n" not in str(error) and str(error).strip() != ""


def test_unknown_policy_and_over_cap_are_refused():
    with pytest.raises(ValidationError) as excinfo:
        FinanceSettings.model_validate({"override_policy": "bailout"})
    message = excinfo.value.errors()[0]["msg"]
    assert one_line(Exception(message)) and "ring_fenced" in message and excinfo.value.errors()[0]["loc"] == ("override_policy",)
    with pytest.raises(ValidationError):
        FinanceSettings.model_validate({"council_tax_increase_pct": 9.99})
    with pytest.raises(ValidationError):
        FinanceSettings.model_validate({"council_tax_increase_pct": {"2025-26": 2.0}})
    with pytest.raises(ValidationError):
        FinanceSettings.model_validate({"unknown": 1})


def test_bad_scenario_years_are_one_line_errors(money):
    with pytest.raises(BadInputError) as excinfo:
        resolve_finance(FinanceSettings(council_tax_increase_pct={"2024/25": 2.0}), money, 5)
    assert one_line(excinfo.value) and "council_tax_increase_pct" in str(excinfo.value)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("file", "old", "new", "key"),
    [
        ("gf_funding_2024_25.csv", "council_tax,169.759", "council_tax,-169.759", "amount_gbp_m"),
        ("money_assumptions.csv", "high_needs_deficit_2024_03_31_gbp_m,38,38,38", "high_needs_deficit_2024_03_31_gbp_m,-38,-38,38", "value"),
        ("gf_budget_2024_25.csv", "Levies,levy,37.290", "Levies,levy,-37.290", "budget_gbp_m"),
        ("gf_budget_2024_25.csv", "Communities,service,11.387", "Communities,service,11.487", "budget_gbp_m"),
        (
            "gf_budget_2024_25.csv",
            "Education Excellence,service,17.928,htst,14.4",
            "Education Excellence,service,17.928,htst,-14.4",
            "demand_led_gbp_m",
        ),
        ("money_assumptions.csv", "pay_award_per_year,0.03", "pay_award_per_year,0.09", "value"),
    ],
)
def test_bad_money_tables_are_one_line_errors(data_copy: Path, file, old, new, key):
    _edit(data_copy / file, old, new)
    with pytest.raises(BadInputError) as excinfo:
        load_money_data(data_copy)
    assert one_line(excinfo.value)
    assert file in str(excinfo.value) and key in str(excinfo.value)


def test_missing_source_is_refused(data_copy: Path):
    path = data_copy / "gf_funding_2024_25.csv"
    lines = path.read_text().splitlines()
    lines[1] = lines[1].split(',"')[0] + ","
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(BadInputError, match="source"):
        load_money_data(data_copy)


def test_wrong_array_shapes_and_negative_costs_are_refused(council_data, money):
    with pytest.raises(BadInputError, match="send_children_by_setting"):
        run(council_data, money, children=np.ones((2, 5, 4)))
    with pytest.raises(BadInputError, match="asc_package_cost_gbp_m"):
        run(council_data, money, asc=np.full((2, 5), -1.0))
    with pytest.raises(BadInputError, match="csc_package_cost_gbp_m"):
        run(council_data, money, csc=np.ones((2, 4)))


def test_earmarked_reserves_are_a_funding_line_not_a_saving(council_data, money):
    children = base_children(council_data, years=5, growth=0.05)
    base = run(council_data, money, FinanceSettings(), children).general_fund
    drawn = run(council_data, money, FinanceSettings(earmarked_reserves_draw_gbp_m_by_year={"2025/26": 2.0, "2026/27": 1.5}), children).general_fund
    np.testing.assert_allclose(drawn.funding_lines_gbp_m["earmarked_reserves_draw"][0], [0.0, 2.0, 1.5, 0.0, 0.0])
    np.testing.assert_allclose(drawn.funding_gbp_m - base.funding_gbp_m, np.array([[0.0, 2.0, 1.5, 0.0, 0.0]]).repeat(children.shape[0], 0))
    np.testing.assert_allclose(drawn.savings_delivered_gbp_m, base.savings_delivered_gbp_m)
    np.testing.assert_allclose(drawn.budget_gap_gbp_m, base.budget_gap_gbp_m - drawn.funding_lines_gbp_m["earmarked_reserves_draw"])


def test_settlement_by_year_needs_a_source_and_moves_the_grants_line(council_data, money):
    with pytest.raises(ValidationError, match="government_grants_source"):
        FinanceSettings(government_grants_growth_by_year={"2025/26": -0.02})
    children = base_children(council_data, years=3)
    settlement = FinanceSettings(government_grants_growth_by_year={"2025/26": -0.02}, government_grants_source="assumption: test cut")
    gf = run(council_data, money, settlement, children).general_fund
    np.testing.assert_allclose(gf.budget_lines_gbp_m["general_government_grants"][0], [-95.74, -95.74 * 0.98, -95.74 * 0.98])
    with pytest.raises(BadInputError, match="government_grants_growth_by_year.2024/25"):
        run(
            council_data,
            money,
            FinanceSettings(government_grants_growth_by_year={"2024/25": 0.01}, government_grants_source="assumption: test"),
            children,
        )
