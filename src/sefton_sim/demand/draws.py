"""Random draws for the vector core, and their expectations for mean-field calibration.

The same step code runs with ``RandomDraws`` (Monte Carlo paths) or ``ExpectedDraws``
(a deterministic mean-field path used by calibration), so there is one model, not two.
"""

from __future__ import annotations

import numpy as np


class RandomDraws:
    """Binomial, Poisson and multinomial draws from one ``numpy.random.Generator``."""

    integer = True

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng

    def poisson(self, lam: np.ndarray) -> np.ndarray:
        """Counts with mean ``lam``."""
        return self.rng.poisson(lam)

    def binomial(self, n: np.ndarray, p: np.ndarray | float) -> np.ndarray:
        """Successes out of ``n`` with probability ``p`` each."""
        return self.rng.binomial(n, p)

    def split(self, n: np.ndarray, shares: np.ndarray) -> np.ndarray:
        """Multinomial split of ``n`` over the last axis of ``shares`` by conditional binomials.

        Only categories with a non-zero share anywhere are drawn (real transitions only).
        Returns an array of shape ``n.shape + (K,)``.
        """
        shares = np.broadcast_to(shares, n.shape + shares.shape[-1:])
        k_total = shares.shape[-1]
        live = [k for k in range(k_total) if np.any(shares[..., k] > 0)]
        out = np.zeros(n.shape + (k_total,), dtype=np.int64)
        remaining = np.asarray(n, dtype=np.int64).copy()
        left = np.ones(n.shape)
        for k in live[:-1]:
            with np.errstate(divide="ignore", invalid="ignore"):
                p = np.where(left > 1e-12, shares[..., k] / left, 0.0)
            x = self.rng.binomial(remaining, np.clip(p, 0.0, 1.0))
            out[..., k] = x
            remaining -= x
            left = left - shares[..., k]
        if live:
            out[..., live[-1]] = remaining
        return out


class ExpectedDraws:
    """Expectations in place of draws: a deterministic mean-field run of the same model."""

    integer = False

    def poisson(self, lam: np.ndarray) -> np.ndarray:
        """Mean of a Poisson count."""
        return np.asarray(lam, dtype=float)

    def binomial(self, n: np.ndarray, p: np.ndarray | float) -> np.ndarray:
        """Mean of a binomial count."""
        return np.asarray(n, dtype=float) * p

    def split(self, n: np.ndarray, shares: np.ndarray) -> np.ndarray:
        """Mean of a multinomial split."""
        return np.asarray(n, dtype=float)[..., None] * shares
