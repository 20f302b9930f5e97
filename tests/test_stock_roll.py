"""Sefton's base stock: the DfE January 2024 census, rolled to the 1 April 2024 base date by the model."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pytest

from conftest import DATA
from sefton_sim.data import load_council_data
from sefton_sim.demand.calibrate import state_at
from sefton_sim.demand.rates import build_send_rates
from sefton_sim.demand.stock_roll import rolled_stock, stock_at_base_date
from sefton_sim.demand.vector import expected_path
from sefton_sim.errors import BadInputError
from sefton_sim.model import states as st

CENSUS = dt.date(2024, 1, 18)
BASE = dt.date(2024, 4, 1)
DFE_CENSUS_BY_SETTING = {"mainstream": 903, "sen_unit": 271, "special": 818, "inmss": 237, "college": 577, "ap_other": 310}
"""DfE EHCP statistics caseload.csv 202324 E08000014 (3,116 plans; INMSS = 169 independent + 68 non-maintained)."""


@pytest.fixture(scope="module")
def census():
    return load_council_data(DATA)


@pytest.fixture(scope="module")
def base(census):
    return stock_at_base_date(census, BASE)


def by_setting(stock: np.ndarray) -> dict[str, float]:
    return dict(zip(st.SETTINGS, stock.sum(axis=(0, 1)).tolist()))


def test_shipped_stock_is_the_dfe_census_by_setting(census):
    assert census.stock_date == CENSUS
    assert census.stock_base.sum() == 3116
    assert by_setting(census.stock_base) == DFE_CENSUS_BY_SETTING


def test_a_roll_of_length_zero_keeps_the_census_stock(census):
    kept = rolled_stock(census, CENSUS, CENSUS)
    assert np.array_equal(kept, census.stock_base)
    same = stock_at_base_date(census, CENSUS)
    for setting, n in by_setting(same.stock_base).items():
        assert abs(n / DFE_CENSUS_BY_SETTING[setting] - 1) < 0.02


def test_rolled_base_stock_is_whole_children_with_the_rolled_total(census, base):
    expected = rolled_stock(census, CENSUS, BASE)
    assert base.stock_date == BASE
    assert np.array_equal(base.stock_base, np.rint(base.stock_base)) and (base.stock_base >= 0).all()
    assert base.stock_base.sum() == round(expected.sum())
    assert np.abs(base.stock_base - expected).max() < 1.0  # largest remainder moves a cell by less than one child
    # the roll grows the stock (new plans outnumber leavers) and rolling again changes nothing
    assert base.stock_base.sum() > census.stock_base.sum()
    assert stock_at_base_date(base, BASE) is base


def test_council_totals_of_february_and_june_2024_within_3_percent_of_the_model_path(census, base):
    roll = expected_path(build_send_rates(census, None, dt.date(2024, 1, 1), 3, base_date=BASE))
    # the roll starts from the census at the start of its month: pro-rate by days from the census
    fraction = (dt.date(2024, 2, 15) - CENSUS).days / (dt.date(2024, 2, 15) - dt.date(2024, 1, 1)).days
    start = roll.ehcp_total()[0][0]
    february = start + (state_at(roll, roll.ehcp_total()[0], dt.date(2024, 2, 15)) - start) * fraction
    assert abs(february / 3184 - 1) < 0.03  # fact: 004 line 120 (February 2024)
    forward = expected_path(build_send_rates(base, None, BASE, 6, base_date=BASE))
    assert abs(state_at(forward, forward.ehcp_total()[0], dt.date(2024, 6, 15)) / 3433 - 1) < 0.03  # fact: 004 line 2247
    # and the base-date stock is within 3% of the council's figures interpolated to 1 April 2024
    assert abs(base.stock_base.sum() / (3184 + (3433 - 3184) * 46 / 121) - 1) < 0.03


def test_a_stock_without_a_date_is_at_the_base_date(census):
    undated = dataclasses.replace(census, stock_date=None)
    assert stock_at_base_date(undated, BASE) is undated


def test_a_stock_dated_after_the_base_date_is_refused(census):
    later = dataclasses.replace(census, stock_date=dt.date(2024, 5, 1))
    with pytest.raises(BadInputError, match="stock_date"):
        stock_at_base_date(later, BASE)


def test_a_stock_with_two_census_dates_is_refused(data_copy):
    path = data_copy / "send_stock_base.csv"
    lines = path.read_text().splitlines()
    assert ",2024-01-18," in lines[1]
    lines[1] = lines[1].replace(",2024-01-18,", ",2023-01-19,", 1)
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(BadInputError, match="stock_date"):
        load_council_data(data_copy)
