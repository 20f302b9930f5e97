"""Casework capacity as policy: the response rule, its cost, the assessments table, the 20-week fit."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import polars as pl
import pytest

from conftest import SCENARIOS, SHARED
from sefton_sim.data import dfe_statistics as dfe
from sefton_sim.demand.capacity import (
    WEEKS_PER_MONTH,
    casework_policy_vector,
    casework_response,
    implied_wait_weeks,
    implied_wait_weeks_array,
    share_within_weeks,
)
from sefton_sim.demand.rates import build_send_rates
from sefton_sim.demand.timeliness import fit_timeliness
from sefton_sim.demand.vector import expected_path
from sefton_sim.finance.casework import casework_officers_cost_gbp_m
from sefton_sim.model import states as st
from sefton_sim.outputs.results import ASSESSMENT_MEASURES, assessments_table
from sefton_sim.scenario import load_scenario

BASE = dt.date(2024, 4, 1)
P_COMPLETE = 0.25  # completion per month: mean casework 4 months = 17.4 weeks


def _policy(respond: bool = True, lag: int = 3, step: int = 2, cap: int | None = None, per_officer: float = 10.0) -> np.ndarray:
    return casework_policy_vector(respond, 20.0, lag, step, cap, per_officer, 0)


def test_rule_recruits_when_the_wait_passes_20_weeks_and_officers_start_after_the_lag():
    policy, state = _policy(), np.zeros(3)
    # 100 slots, 100 in progress: wait 17.4 weeks, no recruitment
    assert casework_response(policy, 0, 100.0, 100.0, P_COMPLETE, state) == 100.0
    assert state.tolist() == [0.0, 0.0, 0.0]
    # 200 in progress: wait 34.8 weeks > 20 -> 2 officers recruited, starting in month 1 + 3
    assert casework_response(policy, 1, 200.0, 100.0, P_COMPLETE, state) == 100.0
    assert state.tolist() == [0.0, 2.0, 4.0]
    # while they are being recruited nobody else is, however long the wait
    for t in (2, 3):
        assert casework_response(policy, t, 400.0, 100.0, P_COMPLETE, state) == 100.0
        assert state[1] == 2.0
    # month 4: they are in post (2 x 10 slots) and, the wait still long, 2 more are recruited
    assert casework_response(policy, 4, 400.0, 100.0, P_COMPLETE, state) == 120.0
    assert state.tolist() == [2.0, 2.0, 7.0]


def test_rule_respects_its_cap_and_a_frozen_policy_never_recruits():
    capped, state = _policy(step=5, cap=3, lag=1), np.zeros(3)
    for t in range(6):
        casework_response(capped, t, 1000.0, 100.0, P_COMPLETE, state)
    assert state[0] + state[1] == 3.0
    frozen, state = _policy(respond=False), np.zeros(3)
    for t in range(6):
        assert casework_response(frozen, t, 1000.0, 100.0, P_COMPLETE, state) == 100.0
    assert state.tolist() == [0.0, 0.0, 0.0]


def test_rule_waits_for_its_first_month():
    policy, state = casework_policy_vector(True, 20.0, 1, 1, None, 10.0, 12), np.zeros(3)
    casework_response(policy, 11, 1000.0, 100.0, P_COMPLETE, state)
    assert state[1] == 0.0
    casework_response(policy, 12, 1000.0, 100.0, P_COMPLETE, state)
    assert state[1] == 1.0


def test_implied_wait_and_20_week_share():
    assert implied_wait_weeks(50.0, 100.0, P_COMPLETE) == pytest.approx(WEEKS_PER_MONTH * 4)  # nobody waits: mean casework
    assert implied_wait_weeks(300.0, 100.0, P_COMPLETE) == pytest.approx(WEEKS_PER_MONTH * 12)  # 300 / 25 a month
    q, s = np.array([0.0, 50.0, 300.0, 1000.0]), np.array([100.0, 100.0, 100.0, 250.0])
    scalar = [implied_wait_weeks(float(a), float(b), P_COMPLETE) for a, b in zip(q, s, strict=True)]
    assert np.allclose(implied_wait_weeks_array(q, s, P_COMPLETE), scalar)
    share = share_within_weeks(q, s, P_COMPLETE, other_weeks=6.0)
    assert share[1] == pytest.approx(1 - 0.75 ** (14 / WEEKS_PER_MONTH))
    assert np.all(np.diff(share[1:]) < 0)  # longer queues for the slots: fewer plans in time
    assert share_within_weeks(q, s, P_COMPLETE, other_weeks=20.0).max() == 0.0


def test_officer_cost_books_officer_months_at_the_fact_cost_with_pay():
    officers = np.zeros((2, 24))
    officers[0, :] = 9.0  # nine officers all along: the fact's £0.745m a year
    officers[1, 6:] = 3.0  # three from October of year 0
    cost = casework_officers_cost_gbp_m(officers, 82_800.0, np.array([1.0, 1.03]))
    assert cost[0, 0] == pytest.approx(0.7452)
    assert cost[0, 1] == pytest.approx(0.7452 * 1.03)
    assert cost[1].tolist() == pytest.approx([3 * 0.0828 / 2, 3 * 0.0828 * 1.03])
    assert casework_officers_cost_gbp_m(np.zeros((3, 0)), 82_800.0, np.ones(2)).shape == (3, 2)


@pytest.fixture(scope="module")
def baseline():
    return load_scenario(SCENARIOS / "baseline.toml")[0]


def test_baseline_responds_and_frozen_capacity_does_not(council, baseline):
    frozen = load_scenario(SCENARIOS / "frozen_capacity.toml")[0]
    assert baseline.send.assessment_capacity.mode == "respond" and frozen.send.assessment_capacity.mode == "frozen"
    months = 36
    respond = expected_path(build_send_rates(council, baseline, BASE, months))
    fixed = expected_path(build_send_rates(council, frozen, BASE, months))
    assert respond.casework_officers_added[0, -1] > 0
    assert fixed.casework_officers_added[0].max() == 0
    assert fixed.queue[0, -1] > respond.queue[0, -1]
    assert respond.flows["new_plans"].sum() > fixed.flows["new_plans"].sum()
    # officers start whole steps at a time and never before the lag has run from the base date
    steps = np.diff(np.concatenate([[0.0], respond.casework_officers_added[0]]))
    assert set(np.unique(steps)) <= {0.0, float(baseline.send.assessment_capacity.step_officers)}
    assert respond.casework_officers_added[0, : baseline.send.assessment_capacity.lag_months].max() == 0


def test_assessments_table_has_every_measure_by_month_with_ordered_bands(council, baseline):
    from sefton_sim.demand.vector import simulate_send

    rates = dataclasses.replace(build_send_rates(council, baseline, BASE, 24), posterior=None)  # one set of slots per officer
    demand = simulate_send(rates, 40, 7)
    table = assessments_table("baseline", demand, rates)
    assert set(table["measure"].unique()) == set(ASSESSMENT_MEASURES)
    assert table.height == 24 * len(ASSESSMENT_MEASURES)
    assert table.filter((pl.col("p10") > pl.col("p50")) | (pl.col("p50") > pl.col("p90"))).height == 0
    share = table.filter(pl.col("measure") == "share_within_20_weeks")
    assert share["p50"].min() >= 0.0 and share["p50"].max() <= 1.0
    officers = table.filter(pl.col("measure") == "casework_officers_in_post")
    per = rates.slots_per_casework_officer
    assert officers["p50"][0] == pytest.approx(rates.assessment_slots[0] / per)


def test_20_week_share_fit_reproduces_the_shipped_weeks_and_reports_its_error(council):
    stats = dfe.load_statistics(SHARED / "public_data" / "dfe_ehcp_statistics")
    fit = fit_timeliness(council, stats, "E08000014")
    assert fit.table["year"].to_list() == [2019, 2020, 2021, 2022, 2023]
    assert fit.other_weeks == pytest.approx(council.value("assessment_other_weeks"), abs=0.01)
    assert fit.rmse_pp == pytest.approx(15.9, abs=0.1)  # the error the shipped row states
    assert abs(fit.table.filter(pl.col("year") == 2023)["error_pp"][0]) < 5.0
    assert 0.40 < fit.fact_2023_24_model_share < 0.50  # fact: consistently above 40% (national 50%)


def test_inmss_share_of_the_overflow_is_fitted_to_the_dfe_counts(council):
    from sefton_sim.demand.spill_fit import fit_spill_share

    stats = dfe.load_statistics(SHARED / "public_data" / "dfe_ehcp_statistics")
    fit = fit_spill_share(council, stats, "E08000014")
    assert fit.table["observed"].to_list() == [96.0, 127.0, 131.0, 162.0, 203.0, 237.0]  # DfE, Sefton, January 2019-2024
    assert fit.share == pytest.approx(council.value("overflow_to_inmss_share"), abs=0.002)
    assert fit.share_sd_logit == pytest.approx(council.value("overflow_to_inmss_share_sd_logit"), abs=0.002)
    assert fit.rmse_pct < 6.0  # the shipped row states 5.1%


def test_the_spill_splits_between_inmss_and_over_capacity_places(council, baseline):
    rates = build_send_rates(council, baseline, BASE, 36)
    assert rates.overflow_to_inmss_share == pytest.approx(0.508)
    half = expected_path(rates)
    everyone = expected_path(dataclasses.replace(rates, overflow_to_inmss_share=1.0))
    spilled = half.flows["overflow_to_inmss"].sum() + half.flows["overflow_over_capacity"].sum()
    assert half.flows["overflow_to_inmss"].sum() == pytest.approx(0.508 * spilled, rel=1e-9)
    assert everyone.flows["overflow_over_capacity"].sum() == 0
    # children are conserved: the split moves children between settings, never in or out
    assert half.ehcp_total()[0, -1] == pytest.approx(everyone.ehcp_total()[0, -1], rel=1e-9)
    inmss = lambda d: d.stock_by_band_setting[0, -1, :, st.INMSS].sum()  # noqa: E731
    assert inmss(half) < inmss(everyone)
