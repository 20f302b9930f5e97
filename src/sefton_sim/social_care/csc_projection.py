"""Children looked after: the monthly projection (random draws or expected values).

State: children looked after by ``[placement_type, whole month of age]`` (ages 0..215 months,
``placements.AGE_MONTHS``); the projection starts from the children looked after on a date, each
at their age from their date of birth (``Ssda903Episodes.stock_by_age_on``). Time step: one
calendar month, from the start date to the same day of each later month. Each month:

1. children leave their placement with competing monthly hazards by type and age band (the
   band of their age at the start of the month): leaving care (exit) or moving to another
   placement type (transition). The number leaving is a binomial draw with probability
   ``1 - exp(-total hazard)``, split over the destinations by conditional binomials;
2. ageing: every child is one month older. A child moves age band in the month of the birthday
   that crosses the band limit, and leaves care in the month of their 18th birthday: on every
   date of the projection each child's band is their band from date of birth on that date, and
   no child is still looked after on or after their 18th birthday (with a start on day 1-28 or
   the last day of a month, where adding months keeps whole months of age exact);
3. children come into care (Poisson, per type and age band, spread over the months of age of
   the band by the ages of the window's entries, ``CscRates.entry_age_share``).

The same step runs with random draws (Monte Carlo paths on the leading axis, no loop over paths
or children) or with expected values (mean field), so there is one model. Results are kept by
age band ``[..., K, A]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from sefton_sim.model.draws import ExpectedDraws, RandomDraws
from sefton_sim.social_care.csc_estimation import BAND_OF_AGE, EXIT, CscRates, J, K, months_after
from sefton_sim.social_care.placements import PLACEMENT_TYPES

BAND_STARTS: np.ndarray = np.flatnonzero(np.r_[True, np.diff(BAND_OF_AGE) != 0])
"""First whole month of age of each band ``[A]``."""

PROJECTION_QUANTILES: tuple[float, ...] = (0.05, 0.1, 0.5, 0.9, 0.95)
"""Quantiles of the projection table: p5, p10, p50, p90, p95."""


def by_band(stock: np.ndarray) -> np.ndarray:
    """Children by ``[..., K, A]`` from children by ``[..., K, J]`` (whole months of age)."""
    return np.add.reduceat(stock, BAND_STARTS, axis=-1)


def month_step(
    stock: np.ndarray, rates: CscRates, draws: RandomDraws | ExpectedDraws
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One month for stock ``[..., K, J]`` (whole months of age).

    Returns the new stock ``[..., K, J]``, those leaving each placement ``[..., K, J]``, their
    destinations ``[..., K(from), J, K + 1]`` (moves to each type, exit), those leaving care at 18
    ``[..., K]`` (the month of their 18th birthday) and entries ``[..., K, J]``.
    """
    out = draws.binomial(stock, rates.outflow_probability()[..., BAND_OF_AGE])
    dest = draws.split(out, np.take(rates.outflow_shares(), BAND_OF_AGE, axis=-2))
    moved_in = np.swapaxes(dest[..., :K].sum(axis=-3), -1, -2)  # [..., K(to), J]
    stay = stock - out + moved_in
    aged_out = stay[..., -1]
    new = np.zeros_like(stay)
    new[..., 1:] = stay[..., :-1]
    entries = draws.poisson(np.broadcast_to(rates.entries_by_age_per_month(), stock.shape))
    return new + entries, out, dest, aged_out, entries


FLOW_NAMES: tuple[str, ...] = ("entries", "exits", "aged_out", "moved_in", "moved_out")
"""Monthly flows recorded by the projection, children by ``[path, month, placement_type]``."""


def _run(start: np.ndarray, rates: CscRates, months: int, draws: RandomDraws | ExpectedDraws) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Loop over months (only); ``start`` is ``[..., K, J]`` with any paths on leading axes.
    Returns the counts by band ``[..., T+1, K, A]`` and the flows."""
    lead = start.ndim - 2
    counts = [by_band(start)]
    flows: dict[str, list[np.ndarray]] = {n: [] for n in FLOW_NAMES}
    stock = start
    for _ in range(months):
        stock, out, dest, aged_out, entries = month_step(stock, rates, draws)
        moved_in = np.swapaxes(dest[..., :K].sum(axis=-3), -1, -2)
        counts.append(by_band(stock))
        flows["entries"].append(entries.sum(axis=-1))
        flows["exits"].append(dest[..., EXIT].sum(axis=-1))
        flows["aged_out"].append(aged_out)
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

    def quantile_table(self, quantiles: tuple[float, ...] = PROJECTION_QUANTILES) -> pl.DataFrame:
        """Tidy table: month, date, placement_type (and ``total``), then one column per quantile
        (``p5``, ``p10``, ``p50``, ``p90``, ``p95`` by default; children, over the paths)."""
        by_type = np.concatenate([self.by_type, self.total[..., None]], axis=-1)  # [P, T+1, K+1]
        q = np.quantile(by_type, quantiles, axis=0)  # [Q, T+1, K+1]
        names = PLACEMENT_TYPES + ("total",)
        months = np.repeat(np.arange(by_type.shape[1]), len(names))
        return pl.DataFrame(
            {
                "month": months,
                "date": [months_after(self.start_date, int(m)) for m in months],
                "placement_type": list(names) * by_type.shape[1],
                **{f"p{100 * p:g}": q[i].reshape(-1) for i, p in enumerate(quantiles)},
            }
        )


def _start(rates: CscRates, start_stock: np.ndarray | None) -> np.ndarray:
    """The start stock ``[..., K, J]``: given, or the rates' stock by age on ``as_of``."""
    stock = rates.stock_by_age if start_stock is None else start_stock
    if stock is None or np.shape(stock)[-2:] != (K, J):
        raise ValueError(f"the projection starts from children by [placement type, whole month of age], shape [..., {K}, {J}]")
    return np.asarray(stock)


def project_csc(
    rates: CscRates, months: int, paths: int, seed: int, start_stock: np.ndarray | None = None, start_date: date | None = None
) -> CscProjection:
    """Monte Carlo projection of children looked after, ``months`` months by ``paths`` paths.

    Starts from ``start_stock`` ``[K, J]`` (children by whole month of age; default: the stock
    on ``rates.as_of``, ``rates.stock_by_age``) on ``start_date`` (default ``rates.as_of``).
    Draws come from ``numpy.random.default_rng(SeedSequence(seed))``: a seed fixes the paths.
    """
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    stock0 = np.asarray(_start(rates, start_stock), dtype=np.int64)
    start = np.broadcast_to(stock0, (paths, K, J)).copy()
    counts, flows = _run(start, rates, months, RandomDraws(rng))
    return CscProjection(
        start_date=rates.as_of if start_date is None else start_date, counts=counts, **{n: v.astype(np.int64) for n, v in flows.items()}
    )


def project_csc_expected(rates: CscRates, months: int, start_stock: np.ndarray | None = None) -> np.ndarray:
    """Mean-field (expected values) projection: children looked after ``[month, K, A]`` (float).

    ``start_stock`` is ``[..., K, J]`` (default ``rates.stock_by_age``); it may carry leading
    axes (then so may the rates arrays, one set per row).
    """
    stock0 = np.asarray(_start(rates, start_stock), dtype=float)
    counts, _ = _run(stock0.copy(), rates, months, ExpectedDraws())
    return counts
