"""Random draws for the vector core, and their expectations for mean-field calibration.

The same step code runs with ``RandomDraws`` (Monte Carlo paths) or ``ExpectedDraws``
(a deterministic mean-field path used by calibration), so there is one model, not two.

Speed without approximation: every draw here is exact. ``binomial_fixed`` samples a binomial
whose probability is the same for every cell and month (a ceasing hazard, say) by inverting a
pre-computed cumulative table; one uniform number decides most cells because most cells see no
event in a month. ``split`` places a handful of children among settings with one uniform per
child instead of a binomial per setting and cell.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy.stats import binom

TABLE_N_MAX = 4096
"""Largest cell count served from the binomial table; larger counts use numpy's sampler."""


class BinomialTable:
    """Cumulative binomial probabilities C[n, k] = P(K <= k | n) for one probability ``p``."""

    def __init__(self, p: float, n_max: int = TABLE_N_MAX) -> None:
        self.p = float(p)
        self.flip = self.p > 0.5  # sample the complement when events are likely
        q = 1.0 - self.p if self.flip else self.p
        n = np.arange(n_max + 1)
        k_max = int(binom.isf(1e-16, n_max, q)) + 2 if q > 0 else 1
        k = np.arange(k_max + 1)
        self.cdf = binom.cdf(k[None, :], n[:, None], q)  # [n_max+1, k_max+1]
        self.cdf0 = np.ascontiguousarray(self.cdf[:, 0])
        self.q = q
        self.n_max = n_max

    def sample(self, rng: np.random.Generator, n: np.ndarray) -> np.ndarray:
        """Binomial(n, p) for every cell of integer array ``n``."""
        n = np.asarray(n)
        flat = n.reshape(-1)
        u = rng.random(flat.size)
        capped = np.minimum(flat, self.n_max)
        k = np.zeros(flat.size, dtype=np.int64)
        some = np.flatnonzero((u >= self.cdf0[capped]) | (flat > self.n_max))
        if some.size:
            # K <= n, so only the first max(n) + 1 columns of the table can matter
            width = min(self.cdf.shape[1], int(capped[some].max()) + 1)
            rows = self.cdf[capped[some], :width]
            ks = (u[some, None] >= rows).sum(axis=1)
            tail = ((ks >= width) & (width == self.cdf.shape[1])) | (flat[some] > self.n_max)
            if tail.any():  # beyond the table (probability < 1e-16) or a very large cell
                ks[tail] = rng.binomial(flat[some][tail], self.q)
            k[some] = ks
        out = k.reshape(n.shape)
        return n - out if self.flip else out


@lru_cache(maxsize=64)
def binomial_table(p: float) -> BinomialTable:
    """The (cached) cumulative table for probability ``p``."""
    return BinomialTable(p)


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

    def binomial_fixed(self, n: np.ndarray, p: float) -> np.ndarray:
        """Binomial with one probability for every cell (table inversion, exact)."""
        return binomial_table(float(p)).sample(self.rng, n)

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

    def binomial_fixed(self, n: np.ndarray, p: float) -> np.ndarray:
        """Mean of a binomial count."""
        return np.asarray(n, dtype=float) * p

    def split(self, n: np.ndarray, shares: np.ndarray) -> np.ndarray:
        """Mean of a multinomial split."""
        return np.asarray(n, dtype=float)[..., None] * shares
