"""The compiled month step's samplers are exact inversions of their distributions.

Inversion maps a uniform ``u`` to the smallest count whose cumulative probability reaches
``u``, which is the distribution's quantile function; so on a grid of ``u`` the samplers must
equal scipy's ``ppf`` exactly (away from the measure-zero ties at the cumulative values).
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import binom, poisson

from sefton_sim.demand import kernel
from sefton_sim.demand.vector import TABLE_N_MAX, _fixed_draws
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


@pytest.mark.parametrize(("n", "p"), [(3, 0.00125868), (150, 0.00514301), (40, 0.97), (900, 0.03)])
def test_fixed_probability_tables_are_the_quantile_function(n: int, p: float) -> None:
    fixed = _fixed_draws((p,))
    which = int(fixed.table[0])
    assert which >= 0 and n <= TABLE_N_MAX
    q = float(fixed.q[0])
    u = _off_ties(GRID, binom.cdf(np.arange(n + 1), n, q))

    def count(x: float) -> int:
        if x < fixed.tables0[which, n]:
            return 0
        return kernel._table_tail(fixed.tables, int(fixed.width[which]), which, n, x)

    drawn = np.array([count(x) for x in u])
    assert np.array_equal(drawn, binom.ppf(u, n, q).astype(int))
    assert bool(fixed.flip[0]) == (p > 0.5)


def test_paths_that_use_up_their_pool_draw_on_from_the_generator(monkeypatch) -> None:
    """With a pool of 8 uniforms every path refills many times a month: the run is still
    deterministic per seed and agrees in distribution with the normal pool size."""
    import datetime as dt
    from pathlib import Path

    from sefton_sim.data import load_council_data
    from sefton_sim.demand import vector
    from sefton_sim.demand.rates import build_send_rates

    data = load_council_data(Path(__file__).resolve().parents[1] / "src" / "sefton_sim" / "shipped" / "data" / "sefton")
    rates = build_send_rates(data, None, dt.date(2024, 4, 1), 24)
    normal = vector.simulate_send(rates, 1000, 3).ehcp_total()[:, -1]
    monkeypatch.setattr(vector, "POOL_UNIFORMS", 8)
    monkeypatch.setattr(vector, "POOL_UNIFORMS_SEPTEMBER", 8)
    small = vector.simulate_send(rates, 1000, 3).ehcp_total()[:, -1]
    again = vector.simulate_send(rates, 1000, 3).ehcp_total()[:, -1]
    assert np.array_equal(small, again)
    assert not np.array_equal(small, normal)
    standard_error = np.sqrt(normal.var() / normal.size + small.var() / small.size)
    assert abs(small.mean() - normal.mean()) < 4 * standard_error
