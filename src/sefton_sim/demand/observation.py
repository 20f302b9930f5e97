"""The Bayesian fit's observation model applied to simulated paths: the interval of a published figure.

The fit (``demand.bayes_fit``) treats every fact as a negative binomial count about the model's
expected value (variance ``mu + mu^2 / phi``; one dispersion ``phi`` for stocks, one for flows). A
simulated path already carries the count's own (Poisson-like) process noise; what a published
figure adds is the extra-Poisson part, a gamma factor of mean 1 and variance ``1 / phi`` on the
path's value, with ``phi`` from the path's own posterior draw. Quantiles of the scattered paths
are the posterior predictive interval of the figure the council or DfE will publish, which is
what a backtest scores.
"""

from __future__ import annotations

import numpy as np


def with_observation_scatter(values: np.ndarray, dispersion: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Each path's value (leading axis) times a gamma factor of mean 1 and variance ``1 / dispersion``
    (one factor per value); an infinite or missing dispersion adds none."""
    values = np.asarray(values, dtype=float)
    phi = np.broadcast_to(np.asarray(dispersion, dtype=float).reshape((-1,) + (1,) * (values.ndim - 1)), values.shape)
    finite = np.isfinite(phi) & (phi > 0)
    factor = np.ones_like(values)
    if finite.any():
        factor[finite] = rng.gamma(phi[finite], 1.0 / phi[finite])
    return values * factor
