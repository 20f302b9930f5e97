"""How much of a demand what-if reaches EHC plans, and how much the assessment queue holds back.

Two scenarios run on common random numbers (same seed and paths) give each path a change in
plans at every 31 March. What the demand change *implies* on the same futures is the change in
plans when no casework limit holds anything back: each path's expected-value run
(``vector.simulate_chunk_expected_given_parameters``) from its own parameter draws (posterior
draw, request growth, structural growth) with unlimited assessment slots, in both scenarios.
The share passed through is the mean simulated change over the mean implied change; the rest is
held in the assessment queue (or lost to noise). Comparing with the point rates' single mean-field
path instead would also count the difference between that one path and the paths' own futures
(their posterior draws and damped structural growth), which is not the queue's doing.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import polars as pl

from sefton_sim.demand import vector
from sefton_sim.demand.rates import SendRates
from sefton_sim.demand.vector import DemandPaths
from sefton_sim.outputs.results import march_dates

UNLIMITED_SLOTS = 1e9
"""Assessment slots standing for "no casework limit" (far above any queue)."""


def without_casework_limit(rates: SendRates) -> SendRates:
    """``rates`` (and every posterior draw) with unlimited assessment slots."""
    post = rates.posterior
    if post is not None:
        post = dataclasses.replace(post, assessment_slots=np.full_like(post.assessment_slots, UNLIMITED_SLOTS))
    return dataclasses.replace(rates, posterior=post, assessment_slots=np.full_like(rates.assessment_slots, UNLIMITED_SLOTS))


def expected_plans_given_parameters(rates: SendRates, seed: int, paths: int) -> np.ndarray:
    """Plans at each month start [P, T+1], each path's expected-value run from its own parameter draws."""
    parts = [vector.simulate_chunk_expected_given_parameters(rates, seed, c, n) for c, n in enumerate(vector.chunk_sizes(paths))]
    return vector.concat_paths(parts).ehcp_total()


def pass_through_table(rates_a: SendRates, demand_a: DemandPaths, rates_b: SendRates, demand_b: DemandPaths, seed: int) -> pl.DataFrame:
    """At each 31 March: simulated change in plans (B − A, mean and p10/p90 across paths), the change
    the demand difference implies with no casework limit, the share passed through, and the change in
    assessments in progress. A and B must be runs on the same seed and number of paths."""
    if demand_a.paths != demand_b.paths:
        raise ValueError(f"scenarios ran on different numbers of paths ({demand_a.paths} and {demand_b.paths})")
    paths = demand_a.paths
    implied_a = expected_plans_given_parameters(without_casework_limit(rates_a), seed, paths)
    implied_b = expected_plans_given_parameters(without_casework_limit(rates_b), seed, paths)
    simulated = demand_b.ehcp_total() - demand_a.ehcp_total()
    implied = implied_b - implied_a
    queue = demand_b.queue - demand_a.queue
    rows = []
    for i in march_dates(demand_a):
        mean_implied = float(implied[:, i].mean())
        mean_simulated = float(simulated[:, i].mean())
        rows.append(
            {
                "at": f"31 Mar {demand_a.dates[i].year}",
                "plans change mean": mean_simulated,
                "plans change p10": float(np.percentile(simulated[:, i], 10)),
                "plans change p90": float(np.percentile(simulated[:, i], 90)),
                "implied change (no casework limit) mean": mean_implied,
                "share passed through": mean_simulated / mean_implied if abs(mean_implied) >= 1.0 else float("nan"),
                "assessments in progress change mean": float(queue[:, i].mean()),
            }
        )
    return pl.DataFrame(rows)
