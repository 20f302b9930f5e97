"""Random draws for the numpy month steps, and their expectations for mean-field runs.

Used by the SSDA903 calibration model (``social_care.csc_projection``) and the adults' package
engine: the same step code runs with ``RandomDraws`` (Monte Carlo paths) or ``ExpectedDraws``
(a deterministic mean-field path), so there is one model, not two. Every draw is exact;
``split`` places a handful of children among categories with one uniform per child instead of
a binomial per category and cell. (The SEND and children's package steps are compiled; their
samplers are in ``inversion``.)
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
        """Multinomial split of ``n`` over the last axis of ``shares``; shape ``n.shape + (K,)``.

        Few children: one uniform per child against the cell's cumulative shares. Many
        children: conditional binomials over the categories that are live anywhere.
        """
        n = np.asarray(n, dtype=np.int64)
        k_total = shares.shape[-1]
        total = int(n.sum())
        inner = int(np.prod(shares.shape[:-1], dtype=np.int64))
        if total <= 4 * n.size and n.shape[n.ndim - (shares.ndim - 1) :] == shares.shape[:-1]:
            # shares vary over the trailing axes of n only: cell c's cumulative shares, shifted by
            # c, form one sorted array; a child of cell c with uniform u falls in category
            # searchsorted(shifted, c + u) - c*K
            flat_n = n.reshape(-1)
            cells = np.repeat(np.arange(flat_n.size), flat_n)
            cum = np.cumsum(shares.reshape(inner, k_total), axis=1)
            cum[:, -1] = 1.0  # rounding never loses a child
            shifted = (cum + np.arange(inner)[:, None]).ravel()
            inner_cell = cells % inner
            u = self.rng.random(cells.size)
            category = np.searchsorted(shifted, inner_cell + u, side="right") - inner_cell * k_total
            np.minimum(category, k_total - 1, out=category)
            counts = np.bincount(cells * k_total + category, minlength=flat_n.size * k_total)
            return counts.reshape(n.shape + (k_total,))
        shares = np.broadcast_to(shares, n.shape + shares.shape[-1:])
        live = [k for k in range(k_total) if np.any(shares[..., k] > 0)]
        out = np.zeros(n.shape + (k_total,), dtype=np.int64)
        remaining = n.copy()
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
