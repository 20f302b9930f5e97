"""In-borough specialist capacity by month, setting, age band and need.

A provision's places are spread over the age bands and needs it serves in proportion to the
base-date occupancy of that setting in those cells (by years of age and evenly across needs
where nobody is placed yet), rounded so that each provision keeps exactly its places.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np

from sefton_sim.data.council import Provision
from sefton_sim.model import states as st


def _largest_remainder(values: np.ndarray, total: int) -> np.ndarray:
    floors = np.floor(values)
    short = int(round(total - floors.sum()))
    if short > 0:
        order = np.argsort(-(values - floors).ravel(), kind="stable")[:short]
        floors.ravel()[order] += 1
    return floors


def provision_cells(provision: Provision, stock_base: np.ndarray) -> np.ndarray:
    """Places of one provision as an integer [A, N] grid."""
    setting = st.SETTINGS.index(provision.setting)
    mask = np.zeros((st.A, st.N), dtype=bool)
    for band in provision.age_bands:
        for need in provision.needs:
            mask[st.AGE_BANDS.index(band), st.NEEDS.index(need)] = True
    weights = np.where(mask, stock_base[:, :, setting], 0.0)
    if weights.sum() <= 0:
        years = np.array([st.AGE_BAND_WIDTH_YEARS[b] for b in st.AGE_BANDS], dtype=float)
        weights = np.where(mask, years[:, None], 0.0)
    shares = weights / weights.sum()
    return _largest_remainder(shares * provision.places, provision.places)


def capacity_by_month(provisions: Sequence[Provision], stock_base: np.ndarray, dates: Sequence[dt.date]) -> np.ndarray:
    """Places open in each month: array [T, 2, A, N] for (sen_unit, special)."""
    cap = np.zeros((len(dates), len(st.IN_BOROUGH_SPECIALIST), st.A, st.N))
    for provision in provisions:
        cells = provision_cells(provision, stock_base)
        k = st.IN_BOROUGH_SPECIALIST.index(provision.setting)
        for t, date in enumerate(dates):
            if date >= provision.opens:
                cap[t, k] += cells
    return cap
