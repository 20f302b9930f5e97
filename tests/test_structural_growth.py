"""Structural growth of EHC plans fitted to every English council's DfE censuses, and how a run uses it."""

from __future__ import annotations

import dataclasses

import numpy as np
import polars as pl
import pytest

from conftest import SHARED
from sefton_sim.data import dfe_statistics as dfe
from sefton_sim.data import load_council_data
from sefton_sim.demand import structural_growth as sg
from sefton_sim.demand.rates import build_send_rates
from sefton_sim.demand.vector import draw_request_growth
from sefton_sim.errors import BadInputError
from sefton_sim.outputs.forecast_widening import read_widening, widen, widen_total_plan_bands
from sefton_sim.shipped import council_folder

STATS = SHARED / "public_data" / "dfe_ehcp_statistics"
SEFTON = "E08000014"


@pytest.fixture(scope="module")
def panel() -> sg.GrowthPanel:
    return sg.growth_panel(dfe.load_statistics(STATS))


def test_panel_holds_complete_councils_with_regions(panel):
    assert panel.periods == (201819, 201920, 202021, 202122, 202223, 202324)
    assert len(panel.la_codes) >= 140
    assert "unknown" not in panel.regions
    sefton = panel.la_codes.index(SEFTON)
    assert panel.stock[sefton].tolist() == [1445, 1765, 2021, 2243, 2563, 3116]  # README of the DfE copy
    assert panel.regions[sefton] == "North West"
    np.testing.assert_allclose(panel.by_setting[sefton].sum(axis=1), panel.stock[sefton], rtol=0.02)


def test_growth_split_adds_back_to_the_council_growth(panel):
    state = next(s for s in sg.council_states(panel, 202324) if s.la_code == SEFTON)
    assert state.growth == pytest.approx(np.log(3116 / 2563))
    assert state.national_growth == pytest.approx(np.log(576474 / 517048))


def test_ar1_posterior_recovers_damping_and_spread():
    rng = np.random.default_rng(3)
    phi, sigma, units, years = 0.6, 0.05, 400, 6
    x = np.zeros((units, years))
    x[:, 0] = rng.normal(0, sigma / np.sqrt(1 - phi**2), units)
    for t in range(1, years):
        x[:, t] = phi * x[:, t - 1] + rng.normal(0, sigma, units)
    phis, sigmas = sg.ar1_posterior(x, 2000, np.random.default_rng(4))
    assert abs(phis.mean() - phi) < 0.05
    assert abs(sigmas.mean() - sigma) < 0.004


def test_one_census_pair_leaves_damping_at_its_prior():
    x = np.random.default_rng(5).normal(0, 0.05, (300, 1))
    phis, _ = sg.ar1_posterior(x, 4000, np.random.default_rng(6))
    assert abs(phis.mean() - sg.PHI_GRID[-1] / 2) < 0.03  # flat over [0, 0.95]


def test_prior_ignores_censuses_after_the_origin(panel):
    changed = dataclasses.replace(panel, stock=panel.stock.copy(), by_setting=panel.by_setting.copy(), national=panel.national.copy())
    changed.stock[:, -1] *= 3.0
    changed.national[-1] *= 3.0
    a = sg.fit_growth_prior(panel, 202223, seed=2)
    b = sg.fit_growth_prior(changed, 202223, seed=2)
    np.testing.assert_array_equal(a.phi_council, b.phi_council)
    np.testing.assert_array_equal(a.sigma_national, b.sigma_national)
    for x, y in zip(sg.council_states(panel, 202223), sg.council_states(changed, 202223), strict=True):
        assert (x.plans, x.national_growth, x.region_deviation, x.council_deviation) == (
            y.plans,
            y.national_growth,
            y.region_deviation,
            y.council_deviation,
        )


def test_growth_paths_damp_toward_national_growth(panel):
    prior = sg.fit_growth_prior(panel, 202324, seed=1)
    state = next(s for s in sg.council_states(panel, 202324) if s.la_code == SEFTON)
    growth = sg.draw_growth_paths(prior, state, 5, np.random.default_rng(1), 4000)
    assert growth.shape == (4000, 5)
    median = np.median(growth, axis=0)
    # Sefton grew 8.7 points faster than England in 2023/24: the lead shrinks year by year
    assert median[0] < state.growth
    assert abs(median[-1] - state.national_growth) < abs(median[0] - state.national_growth)
    assert np.all(np.diff(np.std(growth, axis=0)) > 0)  # spread grows with the horizon
    again = sg.draw_growth_paths(prior, state, 5, np.random.default_rng(1), 4000)
    np.testing.assert_array_equal(growth, again)


def test_origin_needs_two_censuses(panel):
    with pytest.raises(BadInputError, match="origin"):
        panel.up_to(201819)


def test_shipped_prior_and_state_load_for_sefton():
    growth = sg.load_structural_growth(council_folder("sefton"))
    assert growth is not None
    assert growth.state.plans == 3116 and growth.state.origin_period == 202324
    assert growth.state.population_0_25 == pytest.approx(3433 / 0.0435)
    assert 0.0 < growth.prior.phi_council.mean() < 0.95
    sources = pl.read_csv(sg.shipped_prior_path())["source"]
    assert sources.null_count() == 0 and all("DfE" in s for s in sources.to_list())


def test_run_request_growth_follows_the_structural_draws():
    data = load_council_data(council_folder("sefton"))
    rates = build_send_rates(data, None, data.stock_date or __import__("datetime").date(2024, 4, 1), 60)
    assert rates.structural_growth is not None
    trend, rate0, log_mult = draw_request_growth(rates, np.random.default_rng(9), 500)
    assert log_mult.shape == (500, rates.months) and trend.shape == rate0.shape == (500,)
    years = rates.years_from_base()
    # paths differ in shape over time, not only in a constant slope
    slope = np.divide(log_mult, years[None, :], out=np.zeros_like(log_mult), where=years[None, :] > 0.5)
    late = years > 0.5
    assert np.std(slope[:, late][:, -1] - slope[:, late][:, 0]) > 0.001
    # damping toward England: the median path's request growth falls below the fitted trend
    assert np.median(trend) < rates.request_trend_per_year
    without = dataclasses.replace(rates, structural_growth=None)
    t2, _, m2 = draw_request_growth(without, np.random.default_rng(9), 500)
    np.testing.assert_allclose(m2, t2[:, None] * years[None, :])


def test_request_log_multiplier_integrates_yearly_deviation():
    deviation = np.array([[0.1, -0.2]])
    years = np.array([-0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 3.0])
    out = sg.request_log_multiplier(0.0, deviation, years)[0]
    np.testing.assert_allclose(out, [0.0, 0.0, 0.05, 0.1, 0.0, -0.1, -0.1])


def test_widening_moves_bands_about_the_median_only():
    w = read_widening()
    assert w.factor_at(0.0) == pytest.approx(1.0)
    assert w.factor_at(1.0) == pytest.approx(w.factors[0])
    assert w.factor_at(10.0) == pytest.approx(w.factors[-1])
    np.testing.assert_allclose(widen(np.array([100.0]), np.array([80.0]), 2.0), [64.0])
    import datetime as dt

    summary = pl.DataFrame(
        {
            "date": [dt.date(2025, 4, 1), dt.date(2025, 4, 1)],
            "measure": ["ehcp_total", "inmss_children"],
            "p5": [80.0, 80.0],
            "p10": [90.0, 90.0],
            "p50": [100.0, 100.0],
            "p90": [110.0, 110.0],
            "p95": [120.0, 120.0],
        }
    )
    out = widen_total_plan_bands(summary, dt.date(2024, 4, 1), w)
    f = float(w.factor_at(365 / 365.25))
    assert out["p95"][0] == pytest.approx(100 * 1.2**f)
    assert out.row(1) == summary.row(1)


def test_rate_per_10000_uses_the_fact_denominator_and_flags_paths_outside_the_range():
    import datetime as dt

    from sefton_sim.demand.vector import DemandPaths
    from sefton_sim.model import states as st
    from sefton_sim.outputs.ehcp_rate import ehcp_rate_tables

    growth = sg.load_structural_growth(council_folder("sefton"))
    assert growth is not None
    dates = (dt.date(2024, 4, 1), dt.date(2025, 4, 1), dt.date(2030, 4, 1))
    stock = np.zeros((3, len(dates), st.A, st.S))
    stock[:, :, 0, 0] = [
        [3433, 3433 * 1.1, 3433 * 1.2],
        [3433, 3433 * 2.0, 3433 * 1.3],
        [3433, 2500, 3433 * 9.0],
    ]  # path 1 too fast, path 2 too slow then too fast
    demand = DemandPaths(dates, stock, np.zeros((3, 3, st.A, st.N)), np.zeros((3, 3, st.A, st.N)), np.zeros((3, 3)), {}, np.zeros(3), np.zeros(3))
    tables = ehcp_rate_tables("t", demand, growth)
    assert tables is not None
    rates, paths = tables
    assert rates["p50"][0] == pytest.approx(435.0, abs=0.1)  # 3,433 plans = 435 per 10,000 (fact 004 line 2247)
    flags = paths.sort("date", "path")["outside_council_range"].to_list()
    assert flags[3:6] == [False, True, True]
    assert flags[6:9] == [False, False, True]
    assert rates["share_of_paths_outside_range"].to_list()[1] == pytest.approx(2 / 3)
    assert "extrapolated" in rates["source"][2]


def test_central_path_is_the_mean_of_the_growth_draws():
    """Switched to its central path, every path takes the mean growth of the structural draws, and the draws are still taken."""
    growth = sg.load_structural_growth(council_folder("sefton"))
    assert growth is not None
    draws = sg.draw_growth_paths(growth.prior, growth.state, 4, np.random.default_rng(3), 40_000)
    central = sg.central_growth_path(growth.prior, growth.state, 4)
    np.testing.assert_allclose(central, draws.mean(axis=0), atol=4 * draws.std(axis=0).max() / np.sqrt(40_000))
    assert np.ptp(central) > 0.001  # damped toward England, not flat
    data = load_council_data(council_folder("sefton"))
    rates = build_send_rates(data, None, data.stock_date or __import__("datetime").date(2024, 4, 1), 60)
    assert rates.structural_growth is not None
    off = dataclasses.replace(rates, structural_growth=dataclasses.replace(rates.structural_growth, central_only=True))
    t_on, r_on, m_on = draw_request_growth(rates, np.random.default_rng(9), 200)
    t_off, r_off, m_off = draw_request_growth(off, np.random.default_rng(9), 200)
    assert np.ptp(t_off) == 0.0 and np.ptp(t_on) > 0.01
    np.testing.assert_array_equal(r_on, r_off)  # the base rate is drawn after the growth: same stream position
