"""The compiled month step's samplers are exact inversions of their distributions.

Inversion maps a uniform ``u`` to the smallest count whose cumulative probability reaches
``u``, which is the distribution's quantile function; so on a grid of ``u`` the samplers must
equal scipy's ``ppf`` exactly (away from the measure-zero ties at the cumulative values).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from scipy.stats import binom, poisson

from sefton_sim.demand import kernel, vector
from sefton_sim.model import inversion

GRID = (np.arange(1, 4000) - 0.5) / 4000.0


def _off_ties(u: np.ndarray, cdf: np.ndarray) -> np.ndarray:
    """Grid points not within 1e-12 of a cumulative probability (ties at measure zero)."""
    return u[np.min(np.abs(u[:, None] - cdf[None, :]), axis=1) > 1e-12]


@pytest.mark.parametrize(("n", "q"), [(1, 0.3), (7, 0.015), (40, 0.22), (130, 0.2), (12, 0.5)])
def test_binomial_inversion_is_the_quantile_function(n: int, q: float) -> None:
    u = _off_ties(GRID, binom.cdf(np.arange(n + 1), n, q))
    drawn = np.array([inversion.binomial_count(float(n), q, x) for x in u])
    assert np.array_equal(drawn, binom.ppf(u, n, q).astype(int))


@pytest.mark.parametrize("lam", [0.05, 1.0, 4.2, 29.0])
def test_poisson_inversion_is_the_quantile_function(lam: float) -> None:
    u = _off_ties(GRID, poisson.cdf(np.arange(200), lam))
    drawn = np.array([inversion.poisson_count(lam, x) for x in u])
    assert np.array_equal(drawn, poisson.ppf(u, lam).astype(int))


def test_large_means_are_left_to_numpys_sampler() -> None:
    """Above the inversion limit the samplers decline (-1) rather than lose accuracy."""
    assert inversion.binomial_count(1000.0, 0.4, 0.5) == -1
    assert inversion.poisson_count(inversion.INVERSION_MEAN_MAX + 1.0, 0.5) == -1


@pytest.mark.parametrize(("n", "p"), [(3, 0.00125868), (150, 0.00514301), (40, 0.97), (900, 0.03), (12, 0.3)])
def test_fixed_probability_rows_are_the_quantile_function(n: int, p: float) -> None:
    """A fixed probability's row of powers gives P(0); the walk from it is the quantile function."""
    rates = _sefton(1)
    params = vector._rates_of_every_path(rates, np.zeros(1), np.ones(1), np.zeros((1, 1)))
    params = dataclasses.replace(params, conversion_share=np.array([p]))
    rows = vector._rows(rates, params, expected=False)
    row = int(rows.convert[0])
    assert n < kernel.POWER_N and bool(rows.flip[row]) == (p > 0.5)
    q = float(rows.q[row])
    u = _off_ties(GRID, binom.cdf(np.arange(n + 1), n, q))

    def count(x: float) -> int:
        first = vector.probability_of_none(rows.p0, row, n)
        return 0 if x < first else kernel._past_zero(n, q, float(rows.log_miss[row]), first, x)

    drawn = np.array([count(x) for x in u])
    assert np.array_equal(drawn, binom.ppf(u, n, q).astype(int))


@pytest.mark.parametrize("shares", [[0.5, 0.0, 0.3, 0.2, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0, 0.0, 0.0], [0.1, 0.2, 0.3, 0.15, 0.05, 0.2]])
def test_chained_splits_are_the_multinomial(shares: list[float]) -> None:
    """The chain of conditional shares multiplies back to the shares; the last setting with a share takes the rest."""
    split = vector._splits(np.array([shares]))
    chain = split.chain[0]
    left, got = 1.0, []
    for c in chain:
        got.append(left * c)
        left -= left * c
    np.testing.assert_allclose(got, shares, atol=1e-15)
    assert split.settings[0] == sum(s > 0 for s in shares)
    assert chain[max(k for k, s in enumerate(shares) if s > 0)] == 1.0


def _sefton(months: int):
    import datetime as dt
    from pathlib import Path

    from sefton_sim.data import load_council_data
    from sefton_sim.demand.rates import build_send_rates

    data = load_council_data(Path(__file__).resolve().parents[1] / "src" / "sefton_sim" / "shipped" / "data" / "sefton")
    return build_send_rates(data, None, dt.date(2024, 4, 1), months)


def test_paths_that_use_up_their_pool_draw_on_from_the_generator(monkeypatch) -> None:
    """With a pool of 8 uniforms the kernel refills it many times a path and month: the run is
    still deterministic per seed and agrees in distribution with the normal pool size."""
    rates = _sefton(24)
    normal_run = vector.simulate_send(rates, 1000, 3)
    normal = normal_run.ehcp_total()[:, -1]
    monkeypatch.setattr(vector, "POOL_UNIFORMS", 8)
    small_run = vector.simulate_send(rates, 1000, 3)
    small = small_run.ehcp_total()[:, -1]
    again = vector.simulate_send(rates, 1000, 3).ehcp_total()[:, -1]
    assert np.array_equal(small, again)
    assert small_run.draws[..., kernel.DRAW_INDEX["uniforms"]].min() > 8  # every path-month refilled
    standard_error = np.sqrt(normal.var() / normal.size + small.var() / small.size)
    assert abs(small.mean() - normal.mean()) < 4 * standard_error


def test_the_draw_counts_add_up_to_the_uniforms_taken() -> None:
    """The kernel's count of uniforms per path and month adds up to what the chunk's pool gave out."""
    rates = _sefton(13)
    run = vector.simulate_send(rates, 50, 4)
    taken = run.draws[..., kernel.DRAW_INDEX["uniforms"]]
    assert taken.shape == (50, 13) and (taken > 0).all()
    september = rates.september
    assert taken[:, september].mean() > taken[:, ~september].mean()  # ageing and phase transfer draw more


def test_the_bound_below_the_probability_of_none_never_passes_it() -> None:
    """``1 - n q - NONE_BOUND_MARGIN`` stays at or below ``P(0)`` as the kernel reads it from a row of
    powers, for every count the rows hold and probabilities from tiny to one half."""
    q = np.concatenate([np.geomspace(1e-9, 0.5, 4000), np.random.default_rng(8).uniform(0.0, 0.5, 4000)])
    p0 = vector.powers(np.log1p(-q))
    m = np.arange(kernel.POWER_N)
    first = p0[:, m >> kernel.POWER_BITS] * p0[:, kernel.POWER_HIGH + (m & ((1 << kernel.POWER_BITS) - 1))]
    bound = 1.0 - m[None, :] * q[:, None] - kernel.NONE_BOUND_MARGIN
    assert (bound <= first).all()
    assert (first - bound)[:, :2].max() < 1e-9  # tight where few children


def test_the_setting_a_child_takes_is_the_first_whose_cumulative_share_passes_the_uniform() -> None:
    """``_setting_of`` gives the same setting as searching the cumulative shares, at and between every edge."""
    for shares in ([0.5, 0.0, 0.3, 0.2, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0, 0.0, 0.0], [0.1, 0.2, 0.3, 0.15, 0.05, 0.2]):
        cum = vector._cumulative(np.array([shares]))[0]
        edges = np.concatenate([cum[:-1], np.nextafter(cum[:-1], 0.0), np.linspace(0.0, 1.0, 1001, endpoint=False)])
        for u in edges:
            expected = int(np.searchsorted(cum[:-1], u, side="right"))
            assert kernel._setting_of(float(u), *map(float, cum[:-1])) == expected
            assert shares[expected] > 0.0 or u >= 1.0


def test_paths_with_their_own_probabilities_get_neighbouring_rows() -> None:
    """With a posterior draw per path, each path's rows are its own and follow the previous path's;
    with the same probabilities on every path all paths share one row per value."""
    rng = np.random.default_rng(3)
    values = np.column_stack([np.repeat(rng.uniform(0.001, 0.01, 40)[:, None], 5, axis=1), rng.uniform(0.8, 0.95, 40)])
    distinct, rows = vector._path_rows(values)
    assert np.array_equal(distinct[rows], values)
    assert (rows.min(axis=1)[1:] == rows.max(axis=1)[:-1] + 1).all()  # path p + 1 starts where path p ends
    assert (rows[:, :5] == rows[:, :1]).all()  # one row for the five bands' equal ceasing
    same = np.broadcast_to(values[0], values.shape)
    shared, shared_rows = vector._path_rows(same)
    assert shared.size == 2 and np.array_equal(shared[shared_rows], same)
    empty, empty_rows = vector._path_rows(np.zeros((0, 6)))
    assert empty.size == 0 and empty_rows.shape == (0, 6)


def test_a_run_with_a_posterior_draw_per_path_is_unchanged_by_where_its_rows_sit(monkeypatch) -> None:
    """Rows of one path kept together are a matter of memory only: the same paths as with one
    table of distinct values shared by all paths."""
    rates = _sefton(13)
    laid_out = vector.simulate_send(rates, 120, 9)

    def shared_table(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        distinct, inverse = np.unique(values, return_inverse=True)
        return distinct, inverse.reshape(values.shape)

    monkeypatch.setattr(vector, "_path_rows", shared_table)
    shared = vector.simulate_send(rates, 120, 9)
    assert np.array_equal(laid_out.stock_by_band_setting, shared.stock_by_band_setting)
    assert np.array_equal(laid_out.queue, shared.queue)
    assert all(np.array_equal(laid_out.flows[k], shared.flows[k]) for k in laid_out.flows)
