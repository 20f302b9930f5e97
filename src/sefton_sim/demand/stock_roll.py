"""Roll a census stock forward to the base date with the model's own flows.

A council's ``send_stock_base.csv`` may carry a ``stock_date`` (the January census DfE counted
it at) before the scenario base date. The base-date stock is then the model's expected-value
path (``vector.expected_path``: the same month step as the Monte Carlo engine with every draw
replaced by its mean) run from the census, with the council's own parameters and no scenario
(every scenario of a council starts from the same base-date stock):

- the run starts at the first day of the census month from the census stock and steps whole
  months to the first day of the base date's month; the change of each cell is pro-rated by the
  days from the census to the base date over the days the run covers (the census is counted
  part-way through its month);
- assessments in progress at the start: ``assessments_in_progress_at_base`` × the request mix
  (the queue at the census is not published);
- whole children: the rolled total is rounded and shared over the cells by largest remainder.

A roll of length 0 (stock dated at the base date, or no ``stock_date``) leaves the stock as it is.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np

from sefton_sim.data.council import CouncilData
from sefton_sim.data.council_sources import largest_remainder
from sefton_sim.demand.rates import build_send_rates
from sefton_sim.demand.vector import expected_path
from sefton_sim.errors import BadInputError

STOCK_FILE = "send_stock_base.csv"


def roll_months(stock_date: dt.date, base_date: dt.date) -> int:
    """Whole months the roll steps: from the first day of the census month to the base date's month."""
    return (base_date.year - stock_date.year) * 12 + (base_date.month - stock_date.month)


def rolled_stock(data: CouncilData, stock_date: dt.date, base_date: dt.date) -> np.ndarray:
    """Expected children [A, N, S] at ``base_date`` from ``data.stock_base`` counted at ``stock_date`` (fractional)."""
    stock = np.asarray(data.stock_base, dtype=float)
    months = roll_months(stock_date, base_date)
    if months <= 0:
        return stock
    start = dt.date(stock_date.year, stock_date.month, 1)
    end = dt.date(base_date.year, base_date.month, 1)
    path = expected_path(build_send_rates(data, None, start, months, base_date=base_date))
    assert path.final_stock is not None
    fraction = (base_date - stock_date).days / (end - start).days
    return stock + (path.final_stock[0] - stock) * fraction


def stock_at_base_date(data: CouncilData, base_date: dt.date) -> CouncilData:
    """``data`` with ``stock_base`` at ``base_date``: rolled by the model when it was counted earlier.

    The rolled stock is whole children (largest remainder, the rolled total kept); ``stock_date``
    becomes the base date, so rolling again changes nothing.
    """
    if data.stock_date is None or data.stock_date == base_date:
        return data
    if data.stock_date > base_date:
        raise BadInputError(data.folder / STOCK_FILE, "stock_date", data.stock_date.isoformat(), f"on or before the scenario base date {base_date}")
    rolled = rolled_stock(data, data.stock_date, base_date)
    whole = largest_remainder(rolled, int(round(float(rolled.sum())))).astype(float)
    return dataclasses.replace(data, stock_base=whole, stock_date=base_date)
