"""The savings plan checked: base and plan scenario re-simulated on fresh futures
(``out_of_sample``), and the share of futures with general balances at or above the floor,
without and with the plan, in and out of sample (``probabilities_table``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from sefton_sim.optimise.savings_inputs import SavingsInputs
from sefton_sim.optimise.savings_plan import balanced_shares


@dataclass(frozen=True)
class OutOfSample:
    """Balances on fresh paths (another seed), without and with the plan, from full re-simulations."""

    seed: int
    paths: int
    balances_without_gbp_m: np.ndarray  # [P, Y]
    balances_with_gbp_m: np.ndarray  # [P, Y]
    floor_without_gbp_m: np.ndarray
    floor_with_gbp_m: np.ndarray
    seconds: float


def out_of_sample(
    base_scenario: Path, plan_scenario: Path, paths: int, seed: int, horizon_years: int | None = None, without: OutOfSample | None = None
) -> OutOfSample:
    """Re-simulate the base and the plan scenario on the same fresh paths (``run.prepare/simulate``);
    ``without``, an earlier check on the same paths and seed, saves simulating the base again."""
    from sefton_sim.simulate.run import prepare, simulate

    t0 = time.perf_counter()
    with_plan = simulate(prepare(plan_scenario, paths, seed, horizon_years)).ledgers
    assert with_plan is not None
    if without is not None and without.paths == paths and without.seed == seed:
        balances_without, floor_without = without.balances_without_gbp_m, without.floor_without_gbp_m
    else:
        base = simulate(prepare(base_scenario, paths, seed, horizon_years)).ledgers
        assert base is not None
        balances_without, floor_without = base.general_fund.general_balances_closing_gbp_m, base.general_fund.floor_gbp_m
    return OutOfSample(
        seed,
        paths,
        balances_without,
        with_plan.general_fund.general_balances_closing_gbp_m,
        floor_without,
        with_plan.general_fund.floor_gbp_m,
        time.perf_counter() - t0,
    )


def probabilities_table(inputs: SavingsInputs, in_sample_with_gbp_m: np.ndarray, oos: OutOfSample | None) -> pl.DataFrame:
    """P(general balances ≥ floor) without and with the plan: in every year ("all years") and
    per year, on the planning paths (in sample) and on fresh paths (out of sample)."""
    rows = []

    def add(sample: str, paths: int, seed: int, without: tuple[float, np.ndarray], with_: tuple[float, np.ndarray]) -> None:
        rows.append(
            {
                "sample": sample,
                "paths": paths,
                "seed": seed,
                "financial_year": "all years",
                "p_balanced_without_plan": without[0],
                "p_balanced_with_plan": with_[0],
            }
        )
        for y, label in enumerate(inputs.year_labels):
            rows.append(
                {
                    "sample": sample,
                    "paths": paths,
                    "seed": seed,
                    "financial_year": label,
                    "p_balanced_without_plan": float(without[1][y]),
                    "p_balanced_with_plan": float(with_[1][y]),
                }
            )

    add(
        "in_sample",
        inputs.paths,
        inputs.seed,
        balanced_shares(inputs.balances_no_plan_gbp_m, inputs.floor_gbp_m),
        balanced_shares(in_sample_with_gbp_m, inputs.floor_gbp_m),
    )
    if oos is not None:
        add(
            "out_of_sample",
            oos.paths,
            oos.seed,
            balanced_shares(oos.balances_without_gbp_m, oos.floor_without_gbp_m),
            balanced_shares(oos.balances_with_gbp_m, oos.floor_with_gbp_m),
        )
    return pl.DataFrame(rows)
