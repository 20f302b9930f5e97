"""Which setting overflows when: in-borough occupancy against places, and INMSS by age band and need.

Two monthly summary tables (percentiles across paths):

* ``occupancy_by_setting``: children in SEN units / resourced provision and in maintained special
  schools against the places open that month. A setting's places are split by age band and need
  (``demand/capacity.py``), so a setting can have places free in total while a need group in it
  is full; ``share_of_paths_full`` is the share of paths with every place taken.
* ``specialist_by_band_need``: per age band and need, children in in-borough specialist places
  (units and special schools together; the engine records them together per cell) against the
  places for that cell, the share of paths where that cell is full, and children in INMSS.
  INMSS growth in a cell whose places are full is the overflow the planner asks about.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from sefton_sim.demand.vector import DemandPaths
from sefton_sim.model import states as st

FULL_TOLERANCE_CHILDREN = 0.5
"""A group counts as full when its children are within half a child of its places (whole children)."""


def _dates(demand: DemandPaths, months: int) -> np.ndarray:
    return np.array(demand.dates[:months], dtype="datetime64[D]")


def occupancy_by_setting(scenario: str, demand: DemandPaths) -> pl.DataFrame:
    """Children in SEN units and special schools against places open, monthly (p10 / p50 / p90 children)."""
    T = demand.capacity.shape[0]
    if T == 0:
        return pl.DataFrame()
    frames = []
    for k, setting in enumerate(st.IN_BOROUGH_SPECIALIST):
        s = st.SETTINGS.index(setting)
        children = demand.stock_by_band_setting[:, :T, :, s].sum(axis=2).astype(np.float64)
        places = demand.capacity[:, k].sum(axis=(1, 2))
        p10, p50, p90 = np.percentile(children, [10, 50, 90], axis=0)
        frames.append(
            pl.DataFrame(
                {
                    "date": _dates(demand, T),
                    "places": places,
                    "children_p10": p10,
                    "children_p50": p50,
                    "children_p90": p90,
                    "share_of_paths_full": (children >= places[None, :] - FULL_TOLERANCE_CHILDREN).mean(axis=0),
                }
            ).with_columns(pl.lit(setting).alias("setting"), pl.lit(st.SETTING_LABELS[setting]).alias("setting_label"))
        )
    table = pl.concat(frames).with_columns(pl.lit(scenario).alias("scenario"))
    return table.select(
        "scenario", "setting", "setting_label", "date", "places", "children_p10", "children_p50", "children_p90", "share_of_paths_full"
    )


def specialist_by_band_need(scenario: str, demand: DemandPaths) -> pl.DataFrame:
    """Per age band and need, monthly: in-borough specialist children vs places, share of paths full, INMSS children (p50)."""
    T = demand.capacity.shape[0]
    if T == 0:
        return pl.DataFrame()
    places = demand.capacity.sum(axis=1)  # [T, A, N]
    dates = _dates(demand, T)
    rows = []
    for a, band in enumerate(st.AGE_BANDS):  # one age band at a time: every path of a band is [P, T, N]
        in_borough = (demand.specialist_by_band_need[:, :T, a] - demand.inmss_by_band_need[:, :T, a]).astype(np.float64)
        inmss = demand.inmss_by_band_need[:, :T, a].astype(np.float64)
        full = (in_borough >= places[None, :, a] - FULL_TOLERANCE_CHILDREN) & (places[None, :, a] > 0)
        ib50 = np.percentile(in_borough, 50, axis=0)
        in50, in10, in90 = np.percentile(inmss, [50, 10, 90], axis=0)
        for n, need in enumerate(st.NEEDS):
            rows.append(
                pl.DataFrame(
                    {
                        "date": dates,
                        "places": places[:, a, n],
                        "in_borough_children_p50": ib50[:, n],
                        "share_of_paths_full": full[:, :, n].mean(axis=0),
                        "inmss_children_p10": in10[:, n],
                        "inmss_children_p50": in50[:, n],
                        "inmss_children_p90": in90[:, n],
                    }
                ).with_columns(pl.lit(band).alias("age_band"), pl.lit(need).alias("need"))
            )
        del in_borough, inmss, full
    table = pl.concat(rows).with_columns(pl.lit(scenario).alias("scenario"))
    return table.select(
        "scenario",
        "age_band",
        "need",
        "date",
        "places",
        "in_borough_children_p50",
        "share_of_paths_full",
        "inmss_children_p10",
        "inmss_children_p50",
        "inmss_children_p90",
    )
