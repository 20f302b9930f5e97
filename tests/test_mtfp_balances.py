"""General balances stop at zero: what they cannot cover is the unfunded gap, and the money adds up."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as hs
from hypothesis.extra import numpy as hnp

from sefton_sim.finance.general_fund import first_exhaustion_year, roll_balances

gaps = hnp.arrays(
    np.float64,
    hs.tuples(hs.integers(1, 6), hs.integers(1, 8)),
    elements=hs.floats(-200.0, 200.0, allow_nan=False, allow_infinity=False),
)


@settings(max_examples=200, deadline=None)
@given(gap=gaps, opening=hs.floats(0.0, 100.0))
def test_balances_never_negative_and_drawn_plus_unfunded_is_the_gap(gap, opening):
    roll = roll_balances(opening, gap)
    assert np.all(roll.closing_gbp_m >= 0) and np.all(roll.opening_gbp_m >= 0)
    assert np.all(roll.draws_gbp_m >= 0) and np.all(roll.unfunded_gap_gbp_m >= 0) and np.all(roll.contributions_gbp_m >= 0)
    # drawn + unfunded = the gap after action (a positive gap); a surplus contributes
    np.testing.assert_allclose(roll.draws_gbp_m + roll.unfunded_gap_gbp_m, np.maximum(gap, 0.0), atol=1e-9)
    np.testing.assert_allclose(roll.contributions_gbp_m, np.maximum(-gap, 0.0), atol=1e-9)
    # money adds up: closing = opening - drawn + contributions, each year opens at the last close
    np.testing.assert_allclose(roll.closing_gbp_m, roll.opening_gbp_m - roll.draws_gbp_m + roll.contributions_gbp_m, atol=1e-9)
    np.testing.assert_allclose(roll.opening_gbp_m[:, 1:], roll.closing_gbp_m[:, :-1], atol=1e-12)
    np.testing.assert_allclose(roll.opening_gbp_m[:, 0], opening)
    # nothing is left unfunded while balances could pay; an unfunded year ends at zero
    assert np.all(roll.draws_gbp_m <= roll.opening_gbp_m + 1e-12)
    unfunded = roll.unfunded_gap_gbp_m > 0
    np.testing.assert_allclose(roll.closing_gbp_m[unfunded], roll.contributions_gbp_m[unfunded], atol=1e-9)
    np.testing.assert_allclose(roll.draws_gbp_m[unfunded], roll.opening_gbp_m[unfunded], atol=1e-9)
    # with no stop at zero the position would be opening - cumulative gap
    np.testing.assert_allclose(roll.closing_gbp_m - np.cumsum(roll.unfunded_gap_gbp_m, axis=1), opening - np.cumsum(gap, axis=1), atol=1e-7)


@settings(max_examples=100, deadline=None)
@given(gap=gaps, opening=hs.floats(0.0, 100.0))
def test_exhaustion_year_is_the_first_unfunded_year(gap, opening):
    roll = roll_balances(opening, gap)
    year = first_exhaustion_year(roll.unfunded_gap_gbp_m)
    for p in range(gap.shape[0]):
        unfunded_years = np.flatnonzero(roll.unfunded_gap_gbp_m[p] > 1e-9)
        assert year[p] == (unfunded_years[0] if unfunded_years.size else -1)
        if year[p] >= 0:  # before the first unfunded year the cumulative gap stayed within the balances
            assert opening - np.cumsum(gap[p])[year[p]] < 0


def test_a_gap_larger_than_balances_is_drawn_to_zero_and_the_rest_is_unfunded():
    roll = roll_balances(21.214, np.array([[2.6, 22.4, 30.0, -5.0]]))
    np.testing.assert_allclose(roll.closing_gbp_m[0], [18.614, 0.0, 0.0, 5.0])
    np.testing.assert_allclose(roll.unfunded_gap_gbp_m[0], [0.0, 22.4 - 18.614, 30.0, 0.0])
    assert first_exhaustion_year(roll.unfunded_gap_gbp_m).tolist() == [1]
