"""The vector core: conservation of children, capacity, determinism."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as hs

from sefton_sim.data.council import Provision
from sefton_sim.demand.rates import build_send_rates
from sefton_sim.demand.vector import expected_path, simulate_send
from sefton_sim.model import states as st

BASE = dt.date(2024, 4, 1)


def _small_council(council, stock_seed: int, scale: float, params: dict[str, float]):
    rng = np.random.default_rng(stock_seed)
    stock = rng.poisson(council.stock_base * scale).astype(float)
    new_params = dict(council.parameters)
    for name, value in params.items():
        new_params[name] = dataclasses.replace(new_params[name], value=value)
    return dataclasses.replace(council, stock_base=stock, parameters=new_params)


@settings(max_examples=25, deadline=None)
@given(
    stock_seed=hs.integers(0, 10_000),
    scale=hs.floats(0.0, 0.2),
    ceasing=hs.floats(0.015, 0.045),
    rate=hs.floats(30, 120),
    trend=hs.floats(0.0, 0.3),
    breakdown=hs.floats(0.01, 0.04),
    step_down=hs.floats(0.02, 0.12),
    months=hs.integers(1, 30),
    paths=hs.integers(1, 6),
    seed=hs.integers(0, 2**32 - 1),
)
def test_children_are_conserved_every_month_on_every_path(
    council, stock_seed, scale, ceasing, rate, trend, breakdown, step_down, months, paths, seed
):
    data = _small_council(
        council,
        stock_seed,
        scale,
        {
            "ceasing_rate_per_year": ceasing,
            "request_rate_per_month_at_base": rate,
            "request_trend_per_year": trend,
            "mainstream_breakdown_rate_per_year": breakdown,
            "inmss_step_down_rate_per_year": step_down,
        },
    )
    rates = build_send_rates(data, None, dt.date(2024, 7, 1), months, base_date=BASE)
    demand = simulate_send(rates, paths, seed)
    total = demand.ehcp_total().astype(np.int64)
    f = demand.flows
    expected_change = f["new_plans"] - f["ceased"] - f["aged_out"]
    np.testing.assert_array_equal(total[:, 1:] - total[:, :-1], expected_change)
    assert (demand.stock_by_band_setting >= 0).all()
    assert (demand.queue >= 0).all()
    # ageing out happens only in September
    september = np.array([d.month == 9 for d in demand.dates[:-1]])
    assert (f["aged_out"][:, ~september] == 0).all()


@settings(max_examples=20, deadline=None)
@given(
    setting=hs.sampled_from(st.IN_BOROUGH_SPECIALIST),
    band=hs.sampled_from(st.AGE_BANDS[:4]),
    needs=hs.lists(hs.sampled_from(st.NEEDS), min_size=1, max_size=3, unique=True),
    places=hs.integers(1, 150),
    opens_month=hs.integers(0, 36),
)
def test_more_in_borough_places_never_raise_expected_inmss(council, setting, band, needs, places, opens_month):
    months = 48
    base_rates = build_send_rates(council, None, BASE, months)
    opens = base_rates.dates[opens_month]
    extra = Provision("extra", setting, (band,), tuple(needs), places, opens, "test")
    more = dataclasses.replace(council, provisions=council.provisions + (extra,))
    more_rates = build_send_rates(more, None, BASE, months)
    inmss_base = expected_path(base_rates).inmss_by_band_need.sum(axis=(2, 3))[0]
    inmss_more = expected_path(more_rates).inmss_by_band_need.sum(axis=(2, 3))[0]
    assert (inmss_more <= inmss_base + 1e-6).all()


def test_same_seed_same_paths_different_seed_different_paths(council):
    rates = build_send_rates(council, None, BASE, 24)
    a = simulate_send(rates, 50, seed=7)
    b = simulate_send(rates, 50, seed=7)
    c = simulate_send(rates, 50, seed=8)
    np.testing.assert_array_equal(a.stock_by_band_setting, b.stock_by_band_setting)
    for name in a.flows:
        np.testing.assert_array_equal(a.flows[name], b.flows[name])
    assert not np.array_equal(a.stock_by_band_setting, c.stock_by_band_setting)


def test_paths_do_not_depend_on_chunking(council):
    """A path's stream is fixed by (seed, chunk), so a run of 2,500 paths starts with the 1,000 of a smaller run."""
    rates = build_send_rates(council, None, BASE, 6)
    small = simulate_send(rates, 1000, seed=3)
    large = simulate_send(rates, 2500, seed=3)
    np.testing.assert_array_equal(small.stock_by_band_setting, large.stock_by_band_setting[:1000])


def test_capacity_is_respected_except_by_children_already_placed(council):
    rates = build_send_rates(council, None, BASE, 36)
    demand = simulate_send(rates, 40, seed=11)
    # occupancy of unit/special by band never exceeds places by more than the base-date excess
    occupancy = demand.stock_by_band_setting[:, 1:, :, [st.SEN_UNIT, st.SPECIAL]]  # [P, T, A, 2]
    places = rates.capacity.sum(axis=3).transpose(0, 2, 1)  # [T, A, 2]
    cell_stock = council.stock_base[:, :, [st.SEN_UNIT, st.SPECIAL]]  # [A, N, 2]
    cell_places = rates.capacity[0].transpose(1, 2, 0)  # [A, N, 2]
    base_excess = np.maximum(cell_stock - cell_places, 0).sum(axis=1)  # [A, 2]
    assert (occupancy <= places[None] + base_excess[None, None] + 1e-9).all()


def test_mean_field_tracks_monte_carlo_mean(council):
    rates = build_send_rates(council, None, BASE, 36)
    rates = dataclasses.replace(rates, request_trend_sd_per_year=0.0, request_rate_sd_log=0.0, structural_growth=None, posterior=None)
    mc = simulate_send(rates, 400, seed=5).ehcp_total()
    mf = expected_path(rates).ehcp_total()[0]
    se = mc.std(axis=0) / np.sqrt(mc.shape[0])
    # capacity minima make the mean-field a slight approximation; allow 4 SE plus 0.5%
    assert (np.abs(mc.mean(axis=0) - mf) <= 4 * se + 0.005 * mf).all()
