"""EHC plans as they will be published: the prediction interval the Sefton backtest scores.

The simulation's own band is of the modelled count. A published figure (the council's count, the
DfE January census) also scatters about the model by what the Bayesian fit measured: its negative
binomial stock dispersion, one per posterior draw (``demand.observation``). This table applies that
scatter to each path with its own posterior draw's dispersion, so its p10-p90 is the interval that
``sefton-sim backtest`` checks against later facts. Without posterior draws there is no dispersion
and no table.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from sefton_sim.demand.observation import with_observation_scatter
from sefton_sim.simulate.run import RunResult

STOCK_DISPERSION = "nb_dispersion_stock"
SCATTER_STREAM = 113
"""Seed stream of the observation scatter: ``SeedSequence(seed, spawn_key=(113,))`` over all paths in order."""


def published_ehcp_interval(result: RunResult) -> pl.DataFrame | None:
    """EHC plans at each January census month and each 31 March of the run: p5/p10/p50/p90/p95 of the published
    figure (the paths with the fit's stock scatter) beside the simulation's own p10/p90; None without posterior draws."""
    draws = result.data.posterior_draws
    demand = result.demand
    index = np.asarray(demand.posterior_draw, dtype=np.int64)
    if draws is None or STOCK_DISPERSION not in draws.columns or index.size != demand.paths or (index < 0).any():
        return None
    dispersion = draws[STOCK_DISPERSION].cast(pl.Float64).to_numpy()[index]
    rows = [i for i, d in enumerate(demand.dates) if i > 0 and d.month in (1, 4)]
    total = demand.ehcp_total()[:, rows].astype(np.float64)
    rng = np.random.default_rng(np.random.SeedSequence(result.scenario.seed, spawn_key=(SCATTER_STREAM,)))
    published = with_observation_scatter(total, dispersion, rng)
    q = np.percentile(published, [5, 10, 50, 90, 95], axis=0)
    own = np.percentile(total, [10, 90], axis=0)
    source = (
        f"paths x gamma(phi, 1/phi), phi = {STOCK_DISPERSION} of each path's posterior draw (send_posterior_draws.csv); "
        "the interval sefton-sim backtest scores"
    )
    return pl.DataFrame(
        {
            "scenario": [result.scenario.name] * len(rows),
            "date": [demand.dates[i] for i in rows],
            "position": ["January census" if demand.dates[i].month == 1 else "31 March" for i in rows],
            "ehcp_p5": q[0],
            "ehcp_p10": q[1],
            "ehcp_p50": q[2],
            "ehcp_p90": q[3],
            "ehcp_p95": q[4],
            "simulated_p10": own[0],
            "simulated_p90": own[1],
            "source": [source] * len(rows),
        }
    )
