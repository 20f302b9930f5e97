"""Home-to-school transport (HTST) cost per path and financial year, £m.

Cost = sum over settings of (children with EHC plans x share transported x cost per transported
pupil) + a mainstream (non-SEND) base, all at 2023/24 prices, times the transport cost index.
Out-of-borough (INMSS) placements cost several times an in-borough route (send_settings.csv).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sefton_sim.finance.assumptions import FinanceAssumptions
from sefton_sim.finance.checks import as_paths_years_settings, as_settings, check_years
from sefton_sim.finance.money_draws import MoneyDraws
from sefton_sim.model import states as st

GBP_PER_GBP_M = 1e6


@dataclass(frozen=True)
class TransportCost:
    """Simulated HTST cost, £m (arrays [path, financial_year] unless stated)."""

    by_setting_gbp_m: np.ndarray  # [P, Y, S] SEND transport by setting (demand/states.py SETTINGS order)
    mainstream_base_gbp_m: np.ndarray  # [P, Y] non-SEND transport
    total_gbp_m: np.ndarray  # [P, Y]
    base_first_year_gbp_m: float  # base-date stock costed at first-year prices (the GF calibration point)


def htst_cost_at_base_gbp_m(
    send_children_base: np.ndarray,
    share_transported: np.ndarray,
    transport_cost_gbp_per_pupil_per_year: np.ndarray,
    mainstream_base_gbp_m: float,
) -> float:
    """HTST cost of the base-date stock at the unit costs' own prices (2023/24), £m a year."""
    children = as_settings("send_children_base", send_children_base, st.S)
    share = as_settings("share_transported", share_transported, st.S)
    cost = as_settings("transport_cost_gbp_per_pupil_per_year", transport_cost_gbp_per_pupil_per_year, st.S)
    return float((children * share * cost).sum() / GBP_PER_GBP_M + mainstream_base_gbp_m)


def htst_cost(
    send_children_by_setting: np.ndarray,
    send_children_base: np.ndarray,
    share_transported: np.ndarray,
    transport_cost_gbp_per_pupil_per_year: np.ndarray,
    assumptions: FinanceAssumptions,
    money: MoneyDraws | None = None,
) -> TransportCost:
    """HTST cost per path and year, £m, from average children by setting [P, Y, S] (``money``: each path's cost index and mainstream base)."""
    children = as_paths_years_settings("send_children_by_setting", send_children_by_setting, st.S)
    share = as_settings("share_transported", share_transported, st.S)
    cost = as_settings("transport_cost_gbp_per_pupil_per_year", transport_cost_gbp_per_pupil_per_year, st.S)
    send_part = children * (share * cost)[None, None, :] / GBP_PER_GBP_M
    return htst_cost_from_send_part(send_part, send_children_base, share, cost, assumptions, money)


def htst_cost_from_send_part(
    send_by_setting_gbp_m: np.ndarray,
    send_children_base: np.ndarray,
    share_transported: np.ndarray,
    transport_cost_gbp_per_pupil_per_year: np.ndarray,
    assumptions: FinanceAssumptions,
    money: MoneyDraws | None = None,
) -> TransportCost:
    """HTST cost per path and year, £m, from the SEND part by setting [P, Y, S] at the unit costs' prices.

    The SEND part is children × share transported × cost per transported pupil (``htst_cost``), or
    the SimPy reference's pupil-by-pupil record (``des.DesTransport.send_cost_by_financial_year_gbp_m``);
    this adds the mainstream base and applies the transport cost index, so both engines' costs are
    priced the same way. ``money`` (``finance.money_draws``) gives each path its transport cost
    index and mainstream base; without it every path is at the central values. The General Fund's
    calibration point (``base_first_year_gbp_m``) stays at the central values.
    """
    send_part = as_paths_years_settings("send_transport_by_setting_gbp_m", send_by_setting_gbp_m, st.S)
    check_years("send_transport_by_setting_gbp_m", send_part.shape[1], assumptions.years)
    paths, years = send_part.shape[:2]
    if money is None:
        index = np.broadcast_to(assumptions.htst_cost_index, (paths, years))
        mainstream_base = np.full(paths, assumptions.htst_mainstream_base_gbp_m)
    else:
        index, mainstream_base = money.htst_cost_index, money.htst_mainstream_base_gbp_m
    by_setting = send_part * index[:, :, None]
    mainstream = mainstream_base[:, None] * index
    base = htst_cost_at_base_gbp_m(
        send_children_base, share_transported, transport_cost_gbp_per_pupil_per_year, assumptions.htst_mainstream_base_gbp_m
    )
    return TransportCost(
        by_setting_gbp_m=by_setting,
        mainstream_base_gbp_m=mainstream,
        total_gbp_m=by_setting.sum(axis=2) + mainstream,
        base_first_year_gbp_m=base * float(assumptions.htst_cost_index[0]),
    )
