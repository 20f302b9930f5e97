"""Bridge from 2023/24 to each year's cumulative High Needs deficit, by driver, £m.

Per path, the in-year deficit of year y against the model's 2023/24 (``finance.base_year``,
priced at the path's own unit costs) splits exactly into:

- ``volume``: more (or fewer) children with plans at the 2023/24 setting mix and unit costs,
  ``B * (N_y / N_0 - 1)`` with ``B`` the 2023/24 placement spend and ``N`` the children;
- ``inmss_mix``: the change in the INMSS share, priced at the INMSS fee less the average
  2023/24 cost of the other settings, ``N_y * (s_y - s_0) * (c_inmss - c_rest)``;
- ``other_setting_mix``: the rest of the change of mix among settings (at 2023/24 prices);
- ``inflation``: unit costs, INMSS fees and other lines above their 2023/24 prices;
- ``other_lines_volume``: growth of the High Needs lines outside plans (at 2023/24 prices);
- ``grant``: minus the grant's growth over 2023/24.

The cumulative deficit at the end of year Y is then the opening balance (31 March 2024) plus
(Y + 1) years of the 2023/24 in-year deficit (``in_year_deficit_2023_24_run_rate``) plus the
drivers summed over years 0..Y, less what the override policy moved off the DSG account
(``override_and_safety_valve``: Safety Valve contributions, write-offs, deficits moved onto the
General Fund). Each path's lines add up exactly to its cumulative deficit; so do their means.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import polars as pl

from sefton_sim.finance.checks import as_paths_years_settings
from sefton_sim.finance.ledgers import FinanceLedgers
from sefton_sim.model import states as st

GBP_PER_GBP_M: Final = 1e6

DRIVERS: Final[tuple[str, ...]] = (
    "opening_balance",
    "in_year_deficit_2023_24_run_rate",
    "volume",
    "inmss_mix",
    "other_setting_mix",
    "inflation",
    "other_lines_volume",
    "grant",
    "override_and_safety_valve",
)
"""Bridge lines in the order they add up to ``cumulative_deficit``."""

TOTAL: Final = "cumulative_deficit"


def bridge_by_path(
    ledgers: FinanceLedgers, send_children_by_setting: np.ndarray, children_2023_24_by_setting: np.ndarray, grant_2023_24_gbp_m: float
) -> dict[str, np.ndarray]:
    """Bridge lines [P, Y] (cumulative, £m) for each driver in ``DRIVERS``, and ``TOTAL``."""
    if ledgers.money_draws is None:
        raise ValueError("the bridge needs the ledgers' money draws (finance_ledgers(..., money_draws=...))")
    money = ledgers.money_draws
    hn = ledgers.high_needs
    n = as_paths_years_settings("send_children_by_setting", send_children_by_setting, st.S)
    n0 = np.asarray(children_2023_24_by_setting, dtype=float)
    cost = money.unit_cost_gbp_per_child_per_year / GBP_PER_GBP_M  # [P, S] £m per child at 2023/24 prices
    other0 = money.other_lines_gbp_m.sum(axis=1)  # [P]
    base_placements = cost @ n0  # [P]
    in_year_0 = base_placements + other0 - grant_2023_24_gbp_m  # [P]

    total_n, total_n0 = n.sum(axis=2), n0.sum()
    at_base_prices = np.einsum("pys,ps->py", n, cost)
    volume = base_placements[:, None] * (total_n / total_n0 - 1.0)
    mix = at_base_prices - base_placements[:, None] * total_n / total_n0
    share0 = n0[st.INMSS] / total_n0
    share = n[:, :, st.INMSS] / np.where(total_n > 0, total_n, 1.0)
    rest = [s for s in range(st.S) if s != st.INMSS]
    cost_rest = cost[:, rest] @ n0[rest] / n0[rest].sum()  # [P]
    inmss_mix = total_n * (share - share0) * (cost[:, st.INMSS] - cost_rest)[:, None]
    other_mix = mix - inmss_mix
    inflation_placements = hn.placement_spend_gbp_m.sum(axis=2) - at_base_prices
    other_at_base_prices = other0[:, None] * money.other_volume_index
    inflation = inflation_placements + (hn.other_spend_gbp_m.sum(axis=2) - other_at_base_prices)
    other_volume = other_at_base_prices - other0[:, None]
    grant = -(hn.grant_gbp_m - grant_2023_24_gbp_m)

    years = n.shape[1]
    opening = np.full_like(volume, hn.cumulative_deficit_opening_gbp_m)
    run_rate = in_year_0[:, None] * (np.arange(years) + 1.0)[None, :]
    drivers = {
        "volume": volume,
        "inmss_mix": inmss_mix,
        "other_setting_mix": other_mix,
        "inflation": inflation,
        "other_lines_volume": other_volume,
        "grant": grant,
    }
    cumulative = {k: np.cumsum(v, axis=1) for k, v in drivers.items()}
    ring_fenced = opening + np.cumsum(hn.in_year_deficit_gbp_m, axis=1)
    out = {"opening_balance": opening, "in_year_deficit_2023_24_run_rate": run_rate, **cumulative}
    out["override_and_safety_valve"] = hn.cumulative_deficit_gbp_m - ring_fenced
    out[TOTAL] = hn.cumulative_deficit_gbp_m
    return out


def bridge_table(lines: dict[str, np.ndarray], year_labels: list[str], scenario: str) -> pl.DataFrame:
    """Mean bridge over paths: ``scenario, financial_year, driver, value_gbp_m, order`` (drivers add up to ``cumulative_deficit``)."""
    rows: list[dict[str, object]] = []
    for order, driver in enumerate((*DRIVERS, TOTAL)):
        means = lines[driver].mean(axis=0)
        rows.extend(
            {"scenario": scenario, "financial_year": label, "driver": driver, "value_gbp_m": float(v), "order": order}
            for label, v in zip(year_labels, means)
        )
    return pl.DataFrame(
        rows, schema={"scenario": pl.String, "financial_year": pl.String, "driver": pl.String, "value_gbp_m": pl.Float64, "order": pl.Int64}
    )
