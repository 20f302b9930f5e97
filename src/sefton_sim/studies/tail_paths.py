"""How many paths make the tail quantiles stable: replicate runs on independent seeds.

The Monte Carlo error of p5 and p95 of the cumulative High Needs deficit in one year is measured
as their standard deviation over ``replicates`` runs of ``paths`` paths each (seeds
``seed, seed + 1, ...``); it falls as 1 / sqrt(paths), so the paths that bring the larger of the
two below ``share`` of the p5-p95 band are ``paths * (sd / (share * band)) ** 2``.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import polars as pl

from sefton_sim.simulate.run import Inputs, simulate


def tail_paths_needed(inputs: Inputs, replicates: int = 10, year: str = "2027/28", share: float = 0.01) -> pl.DataFrame:
    """Replicate-measured Monte Carlo error of p5 / p95 and the paths needed for it to be below ``share`` of the band."""
    q5, q95 = [], []
    labels: list[str] = []
    for r in range(replicates):
        scenario = inputs.scenario.model_copy(update={"seed": inputs.scenario.seed + r})
        result = simulate(dataclasses.replace(inputs, scenario=scenario))
        assert result.ledgers is not None
        labels = result.ledgers.assumptions.year_labels()
        values = result.ledgers.high_needs.cumulative_deficit_gbp_m[:, labels.index(year)]
        p5, p95 = np.percentile(values, [5, 95])
        q5.append(p5)
        q95.append(p95)
    paths = inputs.scenario.paths
    band = float(np.mean(q95) - np.mean(q5))
    sd5, sd95 = float(np.std(q5, ddof=1)), float(np.std(q95, ddof=1))
    needed = int(np.ceil(paths * (max(sd5, sd95) / (share * band)) ** 2))
    return pl.DataFrame(
        {
            "scenario": [inputs.scenario.name],
            "financial_year": [year],
            "replicates": [replicates],
            "paths_per_replicate": [paths],
            "band_p5_p95_gbp_m": [band],
            "p5_monte_carlo_sd_gbp_m": [sd5],
            "p95_monte_carlo_sd_gbp_m": [sd95],
            "error_share_of_band": [max(sd5, sd95) / band],
            "paths_needed": [needed],
        }
    )
