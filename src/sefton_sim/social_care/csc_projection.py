"""Children looked after: the monthly projection (random draws or expected values).

State: children looked after by ``[placement_type, age_band]`` (see ``placements``). Time step:
one month. Each month:

1. children leave their placement with competing monthly hazards by type and age band:
   leaving care (exit) or moving to another placement type (transition). The number leaving
   is a binomial draw with probability ``1 - exp(-total hazard)``, split over the destinations
   by conditional binomials;
2. ageing: 1/(band width in months) of each band moves up a band (a binomial draw; children
   are taken as spread evenly over the ages in a band); those moving up from 16-17 leave care
   at 18;
3. children come into care (Poisson, per type and age band).

The same step runs with random draws (Monte Carlo paths on the leading axis, no loop over paths
or children) or with expected values (mean field), so there is one model.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from sefton_sim.model.draws import ExpectedDraws, RandomDraws
from sefton_sim.social_care.csc_estimation import AGEING_PROBABILITY_PER_MONTH, EXIT, A, CscRates, K, months_after
from sefton_sim.social_care.placements import PLACEMENT_TYPES


def month_step(
    stock: np.ndarray, rates: CscRates, draws: RandomDraws | ExpectedDraws
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One month for stock ``[..., K, A]``.

    Returns the new stock, those leaving each placement ``[..., K, A]``, their destinations
    ``[..., K(from), A, K + 1]`` (moves to each type, exit), those ageing up a band
    ``[..., K, A]`` (from 16-17: leaving care at 18) and entries ``[..., K, A]``.
    """
    out = draws.binomial(stock, rates.outflow_probability())
    dest = draws.split(out, rates.outflow_shares())
    moved_in = np.swapaxes(dest[..., :K].sum(axis=-3), -1, -2)  # [..., K(to), A]
    stay = stock - out + moved_in
    aged = draws.binomial(stay, AGEING_PROBABILITY_PER_MONTH)
    new = stay - aged
    new[..., 1:] += aged[..., :-1]
    entries = draws.poisson(np.broadcast_to(rates.entries_per_month, stock.shape))
    return new + entries, out, dest, aged, entries


FLOW_NAMES: tuple[str, ...] = ("entries", "exits", "aged_out", "moved_in", "moved_out")
"""Monthly flows recorded by the projection, children by ``[path, month, placement_type]``."""


def _run(start: np.ndarray, rates: CscRates, months: int, draws: RandomDraws | ExpectedDraws) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Loop over months (only); ``start`` is ``[..., K, A]`` with any paths on leading axes."""
    lead = start.ndim - 2
    counts = [start]
    flows: dict[str, list[np.ndarray]] = {n: [] for n in FLOW_NAMES}
    stock = start
    for _ in range(months):
        stock, out, dest, aged, entries = month_step(stock, rates, draws)
        moved_in = np.swapaxes(dest[..., :K].sum(axis=-3), -1, -2)
        counts.append(stock)
        flows["entries"].append(entries.sum(axis=-1))
        flows["exits"].append(dest[..., EXIT].sum(axis=-1))
        flows["aged_out"].append(aged[..., -1])
        flows["moved_in"].append(moved_in.sum(axis=-1))
        flows["moved_out"].append(dest[..., :K].sum(axis=(-1, -2)))
    shape = start.shape[:lead] + (0, K)
    return np.stack(counts, axis=lead), {n: (np.stack(v, axis=lead) if v else np.zeros(shape)) for n, v in flows.items()}


@dataclass(frozen=True)
class CscProjection:
    """Projected children looked after: states at each month start, flows during each month.

    ``counts[path, month, placement_type, age_band]`` for months 0..T (0 is the start stock);
    flows ``[path, month, placement_type]`` for months 0..T-1 (children in the month):
    ``stock(t+1) = stock(t) + entries - exits - aged_out + moved_in - moved_out`` by type.
    """

    start_date: date
    counts: np.ndarray  # [P, T+1, K, A]
    entries: np.ndarray  # [P, T, K] came into care
    exits: np.ndarray  # [P, T, K] left care before 18
    aged_out: np.ndarray  # [P, T, K] left care at 18
    moved_in: np.ndarray  # [P, T, K] moved into the type from another type
    moved_out: np.ndarray  # [P, T, K] moved out of the type to another type

    @property
    def by_type(self) -> np.ndarray:
        """Children looked after by ``[path, month, placement_type]``."""
        return self.counts.sum(axis=-1)

    @property
    def total(self) -> np.ndarray:
        """Children looked after by ``[path, month]``."""
        return self.counts.sum(axis=(-1, -2))

    def quantile_table(self, quantiles: tuple[float, float, float] = (0.1, 0.5, 0.9)) -> pl.DataFrame:
        """Tidy table: month, date, placement_type (and ``total``), p10, p50, p90 (children)."""
        by_type = np.concatenate([self.by_type, self.total[..., None]], axis=-1)  # [P, T+1, K+1]
        q = np.quantile(by_type, quantiles, axis=0)  # [3, T+1, K+1]
        names = PLACEMENT_TYPES + ("total",)
        months = np.repeat(np.arange(by_type.shape[1]), len(names))
        return pl.DataFrame(
            {
                "month": months,
                "date": [months_after(self.start_date, int(m)) for m in months],
                "placement_type": list(names) * by_type.shape[1],
                "p10": q[0].reshape(-1),
                "p50": q[1].reshape(-1),
                "p90": q[2].reshape(-1),
            }
        )


def project_csc(rates: CscRates, months: int, paths: int, seed: int, start_stock: np.ndarray | None = None) -> CscProjection:
    """Monte Carlo projection of children looked after, ``months`` months by ``paths`` paths.

    Starts from ``start_stock`` ``[K, A]`` (children; default: the stock on ``rates.as_of``).
    Draws come from ``numpy.random.default_rng(SeedSequence(seed))``: a seed fixes the paths.
    """
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    stock0 = np.asarray(rates.stock if start_stock is None else start_stock, dtype=np.int64)
    start = np.broadcast_to(stock0, (paths, K, A)).copy()
    counts, flows = _run(start, rates, months, RandomDraws(rng))
    return CscProjection(start_date=rates.as_of, counts=counts, **{n: v.astype(np.int64) for n, v in flows.items()})


def project_csc_expected(rates: CscRates, months: int, start_stock: np.ndarray | None = None) -> np.ndarray:
    """Mean-field (expected values) projection: children looked after ``[month, K, A]`` (float).

    ``start_stock`` may carry leading axes (then so may the rates arrays, one set per row).
    """
    stock0 = np.asarray(rates.stock if start_stock is None else start_stock, dtype=float)
    counts, _ = _run(stock0.copy(), rates, months, ExpectedDraws())
    return counts
