"""Each chosen project appraised: capital, running cost, expected and P10/P90 avoided cost,
payback year and net present value (table ``place_projects``).

A project's avoided cost is what the programme would cost without it (that one opening left
out, every other opening kept) less what it costs with it, before the project's own capital and
running cost: the simulator (``place_response.ResponseSimulator``, expected-value month step on
the in-sample paths' parameter draws) costs both with ``place_evaluation.simulated_cost_by_year_gbp``.
So interactions are counted once, at the margin: a second unit for the same children is worth
what it adds to the first.

Money is £ in 2023/24 prices. Capital is paid in the financial year of opening. The net present
value discounts each financial year's expected net saving (avoided cost − running cost −
capital) to the first year of the horizon at ``discount_rate_per_year`` over the horizon only (no
value after it). The payback year is the first financial year in which the cumulative expected
net saving is at least zero; past the horizon it is extrapolated at the last year's net annual
saving (``payback_extrapolated`` says so), and "none" if that is not positive.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from sefton_sim.optimise.place_data import PlaceCosts
from sefton_sim.optimise.place_demand import PlaceDemand
from sefton_sim.optimise.place_evaluation import simulated_cost_by_year_gbp
from sefton_sim.optimise.place_programme import programme_money_by_year
from sefton_sim.optimise.place_response import ResponseSimulator, programme_provisions
from sefton_sim.scenario.finance import financial_year_label

GREEN_BOOK_DISCOUNT_RATE = 0.035
"""Default discount rate, a stated assumption: HM Treasury, The Green Book (2022), social time
preference rate of 3.5% a year for the first 30 years (real terms)."""
GREEN_BOOK_SOURCE = "assumption: HM Treasury Green Book (2022) social time preference rate, 3.5% a year real for years 0-30"


def payback_year(net_by_year_gbp: np.ndarray, first_year: int, opening_year: int = 0) -> tuple[str, bool]:
    """First financial year, from the year of opening (index ``opening_year``), whose cumulative
    net saving is >= 0 (label, extrapolated?)."""
    cumulative = np.cumsum(net_by_year_gbp)
    reached = np.nonzero((cumulative >= 0) & (np.arange(len(cumulative)) >= opening_year))[0]
    if reached.size:
        return financial_year_label(first_year + int(reached[0])), False
    last = float(net_by_year_gbp[-1])
    if last <= 0:
        return "none", True
    more = int(np.ceil(-float(cumulative[-1]) / last))
    return financial_year_label(first_year + len(net_by_year_gbp) - 1 + more), True


def npv_gbp(net_by_year_gbp: np.ndarray, discount_rate_per_year: float) -> float:
    """Net present value at the start of the horizon (year 0 undiscounted)."""
    factors = (1.0 + discount_rate_per_year) ** -np.arange(len(net_by_year_gbp))
    return float(net_by_year_gbp @ factors)


def project_appraisal(
    simulator: ResponseSimulator,
    programme: pl.DataFrame,
    demand: PlaceDemand,
    costs: PlaceCosts,
    existing_places: np.ndarray,
    discount_rate_per_year: float = GREEN_BOOK_DISCOUNT_RATE,
    discount_source: str = GREEN_BOOK_SOURCE,
) -> pl.DataFrame:
    """One row per opening of ``programme`` (see the module docstring for the definitions)."""
    if programme.height == 0:
        return pl.DataFrame()
    full = simulated_cost_by_year_gbp(simulator.paths(programme_provisions(programme)), costs, existing_places, programme)
    first_year = demand.year_starts[0].year
    records = []
    for i, row in enumerate(programme.iter_rows(named=True)):
        others = programme.filter(pl.int_range(pl.len()) != i)
        without = simulated_cost_by_year_gbp(simulator.paths(programme_provisions(others)), costs, existing_places, others)
        one = programme.slice(i, 1)
        capital, running = programme_money_by_year(one, demand.year_starts)
        avoided = without - full + (capital + running)[None, :]  # [S, Y] before its own money
        net_by_year = demand.probabilities @ avoided - running - capital
        total = avoided.sum(axis=1)
        opened = int(np.nonzero(capital + running > 0)[0][0]) if (capital + running).any() else 0
        payback, extrapolated = payback_year(net_by_year, first_year, opened)
        records.append(
            {
                "project": row["project"],
                "setting": row["setting"],
                "places": row["places"],
                "opens": row["opens"],
                "financial_year": row["financial_year"],
                "capital_gbp": float(capital.sum()),
                "running_cost_gbp": float(running.sum()),
                "expected_avoided_cost_gbp": float(demand.probabilities @ total),
                "p10_avoided_cost_gbp": float(np.percentile(total, 10)),
                "p90_avoided_cost_gbp": float(np.percentile(total, 90)),
                "expected_net_saving_gbp": float(net_by_year.sum()),
                "avoided_cost_final_year_gbp": float(demand.probabilities @ avoided[:, -1]),
                "payback_financial_year": payback,
                "payback_extrapolated": extrapolated,
                "npv_gbp": npv_gbp(net_by_year, discount_rate_per_year),
                "discount_rate_per_year": discount_rate_per_year,
                "discount_rate_source": discount_source,
            }
        )
    return pl.DataFrame(records)
