"""Children looked after: rates estimated from SSDA903, a vectorised projection, a calibration.

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

Calibration (``calibrate_csc``): the exposure-based estimates (``estimate_csc_rates``) are the
prior; one exit-hazard and one transition-out multiplier per placement type are fitted
(``fit_multipliers``, bounded least squares) so that the expected-value replay follows the
observed stock by placement type at every month-end of the estimation window. The window is a
parameter (``window_months``); the default is the latest 12 months (``ESTIMATION_WINDOW_MONTHS``,
chosen for recency), and the calibration reports the end-of-data check for 12, 24 and 36-month
windows side by side (``CscCalibration.window_comparison``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from scipy.optimize import least_squares

from sefton_sim.model.draws import ExpectedDraws, RandomDraws
from sefton_sim.social_care.placements import (
    AGE_BAND_BOUNDS_YEARS,
    AGE_BAND_WIDTH_MONTHS,
    AGE_BANDS,
    LEAVING_CARE_AGE_YEARS,
    PLACEMENT_TYPES,
)
from sefton_sim.social_care.ssda903 import Ssda903Episodes, read_ssda903

K = len(PLACEMENT_TYPES)
A = len(AGE_BANDS)
EXIT = K
"""Index of 'leave care before 18' among the destinations of ``CscRates.outflow_shares``."""

ESTIMATION_WINDOW_MONTHS = 12
"""Default estimation (and calibration) window: the last 12 months of data.

Chosen on a principle, recency, not on which window passes the end-of-data check: the
projection should carry forward the most recent behaviour, and councils use the SSDA903 "latest
year" (year ending 31 March) rates in the same way. On the sample the rates are not constant
over the earlier years (in-house fostering outflow rose from about 8% to 9.7% per child-month
in the last 12 months), so a longer window averages in behaviour that has since changed. The
cost is fewer events per rate; ``CscCalibration.window_comparison`` shows 12, 24 and 36 months
side by side so the choice is transparent."""

COMPARISON_WINDOWS: tuple[int, ...] = (12, 24, 36)
"""Windows (months) compared in ``CscCalibration.window_comparison``."""

LEAVING_AT_18_MARGIN_DAYS = 31
"""Care ending within this many days of the 18th birthday counts as leaving at 18 (the model's
ageing out of the 16-17 band), not as an exit by the exit hazard."""

AGEING_PROBABILITY_PER_MONTH: np.ndarray = np.array([1.0 / AGE_BAND_WIDTH_MONTHS[b] for b in AGE_BANDS])
"""Share of each age band moving up a band each month: 1/(band width in months), children
spread evenly over the ages in a band (physics, not policy)."""


def months_before(day: date, months: int) -> date:
    """The same day of the month ``months`` calendar months earlier (clipped to month end)."""
    total = day.year * 12 + (day.month - 1) - months
    year, month0 = divmod(total, 12)
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month0 + 1, d)
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def months_after(day: date, months: int) -> date:
    """The same day of the month ``months`` calendar months later (clipped to month end)."""
    return months_before(day, -months)


@dataclass(frozen=True)
class CscRates:
    """Monthly rates of children's social care by ``[placement_type, age_band]``.

    Hazards are events per child-month in the state; entries are children per month. Counts and
    exposure are over the estimation window ``(window_start, as_of]`` and kept for reporting.
    Rate arrays may carry leading axes (e.g. one set of rates per path); methods use the last.
    """

    as_of: date
    window_start: date
    window_months: int
    stock: np.ndarray  # [K, A] children looked after on as_of
    entries_per_month: np.ndarray  # [K, A] children coming into care per month
    exit_hazard: np.ndarray  # [K, A] leaving care (before 18) per child-month
    transition_hazard: np.ndarray  # [K, K, A] from type, to type, band: moves per child-month
    exposure_months: np.ndarray = field(default_factory=lambda: np.zeros((K, A)))  # child-months
    entries: np.ndarray = field(default_factory=lambda: np.zeros((K, A)))  # counts in window
    exits: np.ndarray = field(default_factory=lambda: np.zeros((K, A)))
    transitions: np.ndarray = field(default_factory=lambda: np.zeros((K, K, A)))
    left_at_18: np.ndarray = field(default_factory=lambda: np.zeros((K, A)))
    aged_up: np.ndarray = field(default_factory=lambda: np.zeros((K, A)))  # band birthdays (16-17: at 18)

    def outflow_probability(self) -> np.ndarray:
        """Monthly probability of leaving the placement (exit or move), ``[K, A]``."""
        total = self.exit_hazard + self.transition_hazard.sum(axis=-2)
        return 1.0 - np.exp(-total)

    def outflow_shares(self) -> np.ndarray:
        """Destination shares of those leaving a placement, ``[K, A, K + 1]``: moves to each
        type, then leave care (exit)."""
        moves = np.swapaxes(self.transition_hazard, -1, -2) * (1.0 - np.eye(K))[:, None, :]
        # [..., K(from), A, K(to)], without moves to the same type
        hazards = np.concatenate([moves, self.exit_hazard[..., None]], axis=-1)
        total = hazards.sum(axis=-1, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(total > 0, hazards / np.where(total > 0, total, 1.0), 0.0)

    def exit_probability(self) -> np.ndarray:
        """Monthly probability of leaving care before 18, ``[K, A]``."""
        return self.outflow_probability() * self.outflow_shares()[..., EXIT]

    def transition_probability(self) -> np.ndarray:
        """Monthly probability of moving from one placement type to another, ``[K(from), K(to), A]``."""
        return np.swapaxes(self.outflow_probability()[..., None] * self.outflow_shares()[..., :K], -1, -2)

    def to_table(self) -> pl.DataFrame:
        """Tidy table: measure, placement_type, age_band, to_placement_type, value, events,
        exposure_months (value units: children per month for entries, per child-month else)."""
        rows: list[dict[str, object]] = []
        for k, pt in enumerate(PLACEMENT_TYPES):
            for a, band in enumerate(AGE_BANDS):
                base = {"placement_type": pt, "age_band": band, "exposure_months": float(self.exposure_months[k, a])}
                rows.append(
                    {**base, "measure": "stock", "to_placement_type": None, "value": float(self.stock[k, a]), "events": float(self.stock[k, a])}
                )
                rows.append(
                    {
                        **base,
                        "measure": "entries_per_month",
                        "to_placement_type": None,
                        "value": float(self.entries_per_month[k, a]),
                        "events": float(self.entries[k, a]),
                    }
                )
                rows.append(
                    {
                        **base,
                        "measure": "exit_hazard",
                        "to_placement_type": None,
                        "value": float(self.exit_hazard[k, a]),
                        "events": float(self.exits[k, a]),
                    }
                )
                rows.append(
                    {
                        **base,
                        "measure": "ageing_probability",
                        "to_placement_type": None,
                        "value": float(AGEING_PROBABILITY_PER_MONTH[a]),
                        "events": float(self.aged_up[k, a]),
                    }
                )
                rows.append(
                    {
                        **base,
                        "measure": "left_at_18",
                        "to_placement_type": None,
                        "value": float(self.left_at_18[k, a]),
                        "events": float(self.left_at_18[k, a]),
                    }
                )
                for j, to in enumerate(PLACEMENT_TYPES):
                    if j != k and (self.transitions[k, j, a] > 0 or self.transition_hazard[k, j, a] > 0):
                        rows.append(
                            {
                                **base,
                                "measure": "transition_hazard",
                                "to_placement_type": to,
                                "value": float(self.transition_hazard[k, j, a]),
                                "events": float(self.transitions[k, j, a]),
                            }
                        )
        columns = ["measure", "placement_type", "age_band", "to_placement_type", "value", "events", "exposure_months"]
        return pl.DataFrame(
            rows,
            schema={
                "measure": pl.String,
                "placement_type": pl.String,
                "age_band": pl.String,
                "to_placement_type": pl.String,
                "value": pl.Float64,
                "events": pl.Float64,
                "exposure_months": pl.Float64,
            },
        ).select(columns)


def _band_at(on: pl.Expr) -> pl.Expr:
    """Index of the age band of the child (``DOB``) on date ``on``; null at 18+."""
    expr: Any = None  # a polars when/then chain
    for a, (lo, hi) in enumerate(AGE_BAND_BOUNDS_YEARS.values()):
        cond = (on >= pl.col("DOB").dt.offset_by(f"{lo}y")) & (on < pl.col("DOB").dt.offset_by(f"{hi}y"))
        expr = pl.when(cond).then(pl.lit(a)) if expr is None else expr.when(cond).then(pl.lit(a))
    assert expr is not None
    return expr.otherwise(pl.lit(None, dtype=pl.Int64))


def _accumulate(target: np.ndarray, frame: pl.DataFrame, index_cols: list[str], value_col: str | None) -> None:
    """Add counts (or sums of ``value_col``) of ``frame`` into ``target`` at the index columns."""
    if frame.height == 0:
        return
    agg = pl.len().alias("_v") if value_col is None else pl.col(value_col).sum().alias("_v")
    grouped = frame.group_by(index_cols).agg(agg)
    idx = tuple(grouped[c].to_numpy().astype(np.int64) for c in index_cols)
    np.add.at(target, idx, grouped["_v"].to_numpy().astype(float))


def estimate_csc_rates(
    data: Ssda903Episodes,
    as_of: date | None = None,
    window_months: int = ESTIMATION_WINDOW_MONTHS,
) -> CscRates:
    """Estimate monthly CSC rates over the window of ``window_months`` ending ``as_of``.

    ``as_of`` defaults to the end of the data. Exposure is child-months in each placement type
    and age band inside the window (episodes split at the birthdays where bands change; open
    episodes are censored at ``as_of``; exposure stops at 18). Events in the window:

    - entries: episodes starting a period of care (the child's first episode or the first after
      a gap; in SSDA903 these carry RNE "S" unless the period began before the first return);
    - exits: care ends (no episode follows on; in the data REC starts "E") more than
      ``LEAVING_AT_18_MARGIN_DAYS`` before the 18th birthday; later ones count as leaving at 18;
    - transitions: the next episode follows on (REC "X1") in a different placement type;
    - band birthdays in care (``aged_up``, reported only: the model ages children by the
      even-spread rule, 1/(band width in months) a month).

    A month is ``window days / window_months`` days, so the window is exactly that many steps.
    """
    end = as_of or data.end_date
    start = months_before(end, window_months)
    month_days = (end - start).days / window_months
    ep = data.episodes.filter(pl.col("DECOM") <= end).with_columns(
        pl.col("placement_type").replace_strict({t: i for i, t in enumerate(PLACEMENT_TYPES)}, return_dtype=pl.Int64).alias("k"),
        pl.col("next_placement_type")
        .replace_strict({t: i for i, t in enumerate(PLACEMENT_TYPES)}, default=None, return_dtype=pl.Int64)
        .alias("k_next"),
        # In force until care_end, or still in care on as_of.
        pl.when(pl.col("care_end").is_null() | (pl.col("care_end") > end)).then(None).otherwise(pl.col("care_end")).alias("_end"),
        pl.col("DOB").dt.offset_by(f"{LEAVING_CARE_AGE_YEARS}y").alias("_dob18"),
    )

    exposure = np.zeros((K, A))
    for a, (lo, hi) in enumerate(AGE_BAND_BOUNDS_YEARS.values()):
        piece = ep.select(
            "k",
            pl.max_horizontal(pl.col("DECOM"), pl.lit(start), pl.col("DOB").dt.offset_by(f"{lo}y")).alias("s"),
            pl.min_horizontal(pl.col("_end").fill_null(end), pl.lit(end), pl.col("DOB").dt.offset_by(f"{hi}y")).alias("e"),
        ).with_columns(((pl.col("e") - pl.col("s")).dt.total_days().clip(lower_bound=0) / month_days).alias("m"))
        piece = piece.with_columns(pl.lit(a).alias("a"))
        _accumulate(exposure, piece, ["k", "a"], "m")

    ended = (
        ep.filter(pl.col("_end").is_not_null() & (pl.col("_end") > start))
        .with_columns(_band_at(pl.col("_end").dt.offset_by("-1d")).alias("a"))
        .filter(pl.col("a").is_not_null())
    )
    at_18 = pl.col("_end") >= pl.col("_dob18").dt.offset_by(f"-{LEAVING_AT_18_MARGIN_DAYS}d")
    leaving = ended.filter(pl.col("ends_with") == "leave")
    exits = np.zeros((K, A))
    left_at_18 = np.zeros((K, A))
    _accumulate(exits, leaving.filter(~at_18), ["k", "a"], None)
    _accumulate(left_at_18, leaving.filter(at_18), ["k", "a"], None)
    transitions = np.zeros((K, K, A))
    moves = ended.filter((pl.col("ends_with") == "move") & (pl.col("k_next") != pl.col("k")))
    _accumulate(transitions, moves, ["k", "k_next", "a"], None)

    # Birthdays crossing a band limit while in care (in the window); from 16-17: leaving at 18.
    aged_up = left_at_18.copy()
    for a, (_, hi) in enumerate(list(AGE_BAND_BOUNDS_YEARS.values())[:-1]):
        birthday = pl.col("DOB").dt.offset_by(f"{hi}y")
        crossing = ep.filter(
            (birthday > pl.max_horizontal(pl.col("DECOM"), pl.lit(start)))
            & (birthday <= end)
            & (pl.col("_end").is_null() | (birthday < pl.col("_end")))
        ).with_columns(pl.lit(a).alias("a"))
        _accumulate(aged_up, crossing, ["k", "a"], None)

    entries = np.zeros((K, A))
    starts = (
        ep.filter(pl.col("period_start") & (pl.col("DECOM") > start))
        .with_columns(_band_at(pl.col("DECOM")).alias("a"))
        .filter(pl.col("a").is_not_null())
    )
    _accumulate(entries, starts, ["k", "a"], None)

    with np.errstate(divide="ignore", invalid="ignore"):
        exit_hazard = np.where(exposure > 0, exits / np.where(exposure > 0, exposure, 1.0), 0.0)
        transition_hazard = np.where(exposure[:, None, :] > 0, transitions / np.where(exposure > 0, exposure, 1.0)[:, None, :], 0.0)
    return CscRates(
        as_of=end,
        window_start=start,
        window_months=window_months,
        stock=data.stock_on(end),
        entries_per_month=entries / window_months,
        exit_hazard=exit_hazard,
        transition_hazard=transition_hazard,
        exposure_months=exposure,
        entries=entries,
        exits=exits,
        transitions=transitions,
        left_at_18=left_at_18,
        aged_up=aged_up,
    )


def _step(
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
        stock, out, dest, aged, entries = _step(stock, rates, draws)
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


def _replay_errors(rates: CscRates, start_stock: np.ndarray, months: int, paths: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Parametric bootstrap of the replay check: (replay - simulated stock, simulated stock) at
    the end, ``[paths, K + 1]`` each (placement types, then total). See ``replay_noise``."""
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    draws = RandomDraws(rng)
    stock = np.broadcast_to(np.asarray(start_stock, dtype=np.int64), (paths, K, A)).copy()
    at_risk = np.zeros((paths, K, A))
    leavers = np.zeros((paths, K, A))
    to = np.zeros((paths, K, A, K + 1))
    entries = np.zeros((paths, K, A))
    for _ in range(months):
        at_risk += stock
        stock, out, dest, _, arrived = _step(stock, rates, draws)
        leavers += out
        to += dest
        entries += arrived
    with np.errstate(divide="ignore", invalid="ignore"):
        p_out = np.where(at_risk > 0, leavers / np.where(at_risk > 0, at_risk, 1.0), 0.0)
        total_hazard = -np.log1p(-np.clip(p_out, 0.0, 1.0 - 1e-12))
        shares = np.where(leavers[..., None] > 0, to / np.where(leavers > 0, leavers, 1.0)[..., None], 0.0)
    hazards = total_hazard[..., None] * shares  # [P, K, A, K + 1]
    refit = replace(
        rates,
        entries_per_month=entries / months,
        exit_hazard=hazards[..., EXIT],
        transition_hazard=np.swapaxes(hazards[..., :K], -1, -2),  # [P, K(from), K(to), A]
    )
    start = np.broadcast_to(np.asarray(start_stock, dtype=float), (paths, K, A))
    replay = project_csc_expected(refit, months, start_stock=start)[:, -1]  # [P, K, A]
    simulated = stock.sum(axis=-1).astype(float)  # [P, K]
    error = replay.sum(axis=-1) - simulated
    with_total = lambda x: np.concatenate([x, x.sum(axis=-1, keepdims=True)], axis=-1)  # noqa: E731
    return with_total(error), with_total(simulated)


def replay_noise(rates: CscRates, start_stock: np.ndarray, months: int, paths: int = 400, seed: int = 0) -> np.ndarray:
    """Spread (sd, children) of the replay check's error if the model were exactly true.

    Parametric bootstrap: simulate ``paths`` histories from ``start_stock`` with ``rates``;
    re-estimate the rates from each simulated history (discrete-time maximum likelihood: leavers
    per child-month at risk, split by destination; ageing is physics, not re-estimated); replay
    each with expected values; return the sd over paths of (replay - simulated stock) at the
    end, by placement type then total ``[K + 1]``. An observed replay error within about two of
    these is what chance gives.
    """
    error, _ = _replay_errors(rates, start_stock, months, paths, seed)
    return error.std(axis=0)


def target_pass_chance(rates: CscRates, start_stock: np.ndarray, months: int, paths: int = 400, seed: int = 0) -> tuple[np.ndarray, float]:
    """How often the end-of-data target would be met if the model were exactly true.

    The same bootstrap as ``replay_noise``: in each simulated history the replay is compared
    with that history's own end stock, against ``end_tolerance`` of it. Returns the share of
    histories within tolerance by placement type then total ``[K + 1]``, and the share within
    tolerance for every type and the total at once. A low share says the data are too few for
    the target to tell a good model from a bad one.
    """
    error, simulated = _replay_errors(rates, start_stock, months, paths, seed)
    within = np.abs(error) <= end_tolerance(simulated)
    return within.mean(axis=0), float(within.all(axis=1).mean())


MULTIPLIER_BOUNDS: tuple[float, float] = (0.25, 4.0)
"""Default bounds on the calibration multipliers (applied to the exposure-based hazards)."""

MULTIPLIER_PARAMETERS: tuple[str, ...] = ("exit_hazard", "transition_out_hazard")
"""The two multipliers fitted per placement type: on the exit (leave care before 18) hazard and
on every transition hazard out of the type (all destinations, all age bands alike)."""


def apply_multipliers(rates: CscRates, exit_multiplier: np.ndarray, move_multiplier: np.ndarray) -> CscRates:
    """Rates with ``exit_hazard[k, a] * exit_multiplier[k]`` and
    ``transition_hazard[k, j, a] * move_multiplier[k]`` (from type ``k``); entries, stock and the
    estimation counts are unchanged."""
    exit_m = np.asarray(exit_multiplier, dtype=float)
    move_m = np.asarray(move_multiplier, dtype=float)
    return replace(
        rates,
        exit_hazard=rates.exit_hazard * exit_m[:, None],
        transition_hazard=rates.transition_hazard * move_m[:, None, None],
    )


def observed_monthly_stock(data: Ssda903Episodes, start: date, months: int) -> np.ndarray:
    """Observed children looked after by ``[month, placement_type]`` on the month-ends
    ``months_after(start, m)``, ``m = 0..months`` (the same day of the month as ``start``)."""
    return np.array([data.stock_on(months_after(start, m)).sum(axis=-1) for m in range(months + 1)], dtype=float)


def fit_multipliers(
    prior: CscRates,
    start_stock: np.ndarray,
    observed: np.ndarray,
    bounds: tuple[float, float] = MULTIPLIER_BOUNDS,
) -> tuple[np.ndarray, np.ndarray, object]:
    """Fit exit and transition-out multipliers per placement type to observed monthly stock.

    ``observed`` is ``[months + 1, K]`` (month 0 is the start; it is not a residual). The
    expected-value replay from ``start_stock`` with ``apply_multipliers(prior, ...)`` is compared
    with ``observed`` at every month-end 1..months and every type; the residuals are Pearson-type,
    ``(model - observed) / sqrt(max(observed, 1))`` (a count error scaled by its Poisson sd, so
    large and small placement types weigh alike; months weigh equally otherwise). Minimised by
    ``scipy.optimize.least_squares`` (trust-region reflective) over the log multipliers, started
    at 1 (the exposure-based estimates) and bounded by ``bounds``. Returns (exit multipliers
    ``[K]``, transition-out multipliers ``[K]``, the ``OptimizeResult``).
    """
    months = observed.shape[0] - 1
    target = observed[1:]
    scale = np.sqrt(np.maximum(target, 1.0))
    stock0 = np.asarray(start_stock, dtype=float)

    def residuals(log_x: np.ndarray) -> np.ndarray:
        x = np.exp(log_x)
        model = project_csc_expected(apply_multipliers(prior, x[:K], x[K:]), months, start_stock=stock0)
        return ((model[1:].sum(axis=-1) - target) / scale).ravel()

    lo, hi = np.log(bounds[0]), np.log(bounds[1])
    result = least_squares(residuals, np.zeros(2 * K), bounds=(lo, hi), method="trf")
    x = np.exp(result.x)
    return x[:K], x[K:], result


@dataclass(frozen=True)
class CscCalibration:
    """Rates calibrated to the observed monthly stock, and the checks of the calibration.

    ``prior_rates`` are the exposure-based estimates (``estimate_csc_rates``) over the window
    ``(replay_start, end of data]`` of ``replay_months`` months (default
    ``ESTIMATION_WINDOW_MONTHS``, the latest 12 months). ``rates`` are the calibrated rates: the
    prior with one exit-hazard multiplier and one transition-out multiplier per placement type
    (``apply_multipliers``), fitted by ``fit_multipliers`` so that the expected-value replay
    from the observed stock on ``replay_start`` follows the observed stock by placement type at
    every month-end of the window. Entries are not fitted. The projection
    (``projection_table``) runs these rates from the observed stock at the end of the data.

    - ``multipliers``: placement_type, parameter, multiplier, lower_bound, upper_bound, at_bound.
    - ``fit_table``: every month-end 1..``replay_months`` x placement type: month, date,
      placement_type, observed, model (calibrated replay), error (model - observed), and
      prior_model (the replay with the uncalibrated estimates), children.
    - ``table``: the end of the data by placement type, then ``total``: observed, model, error,
      error_pct, prior_model, tolerance (the target: 5% of observed for 10 or more children, 2
      children under 10), within_tolerance, replay_noise_sd (information: sd of the replay
      error at the end if the calibrated model were exactly true, ``replay_noise``) and
      pass_chance_if_true (the share of histories simulated from the calibrated model whose own
      replay meets the target, ``target_pass_chance``).
    - ``all_pass_chance_if_true``: the share of those histories meeting the whole target (every
      type and the total at once): how often a true model would pass the check at all.
    - ``window_comparison``: the same end-of-data comparison for each window of
      ``COMPARISON_WINDOWS`` (12, 24, 36 months), each calibrated the same way over its own
      window and replayed from the observed stock at its start: window_months, window_start,
      is_default, placement_type, observed, model, error, error_pct, prior_model, tolerance,
      within_tolerance, replay_noise_sd, fit_rmse (children, over the window's month-ends) and
      multipliers_at_bound (of the type's two; for ``total``, of all), and all_pass_chance_if_true.
      The default's rows equal ``table``.

    On the sample no window meets the end-of-data target. With the 12-month default, in-house
    fostering ends 1.9 children (8%) high against a tolerance of 1.15 and supported
    accommodation 2.8 children low against 2; the total and the other types are within. The
    longer windows miss by more (in-house fostering about +28% and +30%, residential -18% and
    -11%, IFA -5% and -7% for 24 and 36 months): the rates were not constant over those years
    (in-house fostering outflow per child-month about 8% in the first two years and 9.7% in the
    last), so one set of constant multipliers cannot follow them. The 12-month misses are about
    1.2 and 1.8 replay-noise sd: chance alone in a sample this small is about as large as the
    5% target on 23 children. ``all_pass_chance_if_true`` measures it: if the calibrated model
    were exactly true, its replay would meet the whole target in only about one simulated
    history in twenty.
    """

    data: Ssda903Episodes
    prior_rates: CscRates
    rates: CscRates
    replay_start: date
    replay_months: int
    table: pl.DataFrame
    fit_table: pl.DataFrame
    multipliers: pl.DataFrame
    window_comparison: pl.DataFrame
    all_pass_chance_if_true: float

    def fit_rmse(self) -> pl.DataFrame:
        """Root mean square error (children) over the month-ends of the window by placement type
        (and total): ``rmse`` of the calibrated replay, ``prior_rmse`` of the uncalibrated one."""
        return _fit_rmse(self.fit_table)

    def projection_table(self, months: int = 24, paths: int = 200, seed: int = 1) -> pl.DataFrame:
        """Projection with the calibrated rates from the observed stock at the end of the data:
        month, date, placement_type, p10, p50, p90."""
        return project_csc(self.rates, months, paths, seed).quantile_table()

    def write(self, out_dir: Path | str) -> dict[str, Path]:
        """Write ``csc_rates.csv`` (calibrated rates), ``csc_calibration.csv`` (end of data),
        ``csc_fit.csv`` (monthly fit), ``csc_multipliers.csv``, ``csc_window_comparison.csv``
        (end of data for 12, 24 and 36-month windows) and ``csc_projection.csv`` (24 months);
        return the paths."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        files = {
            "rates": out / "csc_rates.csv",
            "calibration": out / "csc_calibration.csv",
            "fit": out / "csc_fit.csv",
            "multipliers": out / "csc_multipliers.csv",
            "window_comparison": out / "csc_window_comparison.csv",
            "projection": out / "csc_projection.csv",
        }
        self.rates.to_table().write_csv(files["rates"])
        self.table.write_csv(files["calibration"])
        self.fit_table.write_csv(files["fit"])
        self.multipliers.write_csv(files["multipliers"])
        self.window_comparison.write_csv(files["window_comparison"])
        self.projection_table().write_csv(files["projection"])
        return files


def _fit_rmse(fit_table: pl.DataFrame) -> pl.DataFrame:
    """``CscCalibration.fit_rmse`` for a fit table."""
    with_total = pl.concat(
        [
            fit_table,
            fit_table.group_by("month", "date")
            .agg(
                pl.lit("total").alias("placement_type"),
                pl.col("observed").sum(),
                pl.col("model").sum(),
                pl.col("error").sum(),
                pl.col("prior_model").sum(),
            )
            .select(fit_table.columns),
        ]
    )
    order = {name: i for i, name in enumerate(PLACEMENT_TYPES + ("total",))}
    return (
        with_total.group_by("placement_type")
        .agg(
            (pl.col("error") ** 2).mean().sqrt().alias("rmse"),
            ((pl.col("prior_model") - pl.col("observed")) ** 2).mean().sqrt().alias("prior_rmse"),
        )
        .sort(pl.col("placement_type").replace_strict(order, return_dtype=pl.Int64))
    )


END_TOLERANCE_PCT = 5.0
"""End-of-data target: model within this % of observed for types (and the total) of 10 or more."""

END_TOLERANCE_SMALL_CHILDREN = 2.0
"""End-of-data target for types under 10 children: within this many children."""


def end_tolerance(observed: np.ndarray) -> np.ndarray:
    """Target tolerance (children) for the end-of-data comparison, per observed count."""
    observed = np.asarray(observed, dtype=float)
    return np.where(observed >= 10, END_TOLERANCE_PCT / 100.0 * observed, END_TOLERANCE_SMALL_CHILDREN)


@dataclass(frozen=True)
class _WindowFit:
    """One window's calibration (see ``calibrate_csc``)."""

    prior: CscRates
    rates: CscRates
    start: date
    months: int
    table: pl.DataFrame
    fit_table: pl.DataFrame
    multipliers: pl.DataFrame
    all_pass_chance_if_true: float


def _calibrate_window(data: Ssda903Episodes, window_months: int, noise_paths: int, seed: int, bounds: tuple[float, float]) -> _WindowFit:
    """Estimate over the last ``window_months``, fit the multipliers to the monthly stock of the
    window, replay from the observed stock at its start and compare at the end of the data."""
    prior = estimate_csc_rates(data, window_months=window_months)
    start = prior.window_start
    start_stock = data.stock_on(start)
    observed_monthly = observed_monthly_stock(data, start, window_months)  # [T+1, K]
    exit_m, move_m, _ = fit_multipliers(prior, start_stock, observed_monthly, bounds)
    rates = apply_multipliers(prior, exit_m, move_m)

    model_monthly = project_csc_expected(rates, window_months, start_stock=start_stock).sum(axis=-1)
    prior_monthly = project_csc_expected(prior, window_months, start_stock=start_stock).sum(axis=-1)
    months = np.repeat(np.arange(1, window_months + 1), K)
    fit_table = pl.DataFrame(
        {
            "month": months,
            "date": [months_after(start, int(m)) for m in months],
            "placement_type": list(PLACEMENT_TYPES) * window_months,
            "observed": observed_monthly[1:].reshape(-1),
            "model": model_monthly[1:].reshape(-1),
            "error": (model_monthly[1:] - observed_monthly[1:]).reshape(-1),
            "prior_model": prior_monthly[1:].reshape(-1),
        }
    )

    observed = prior.stock.sum(axis=-1).astype(float)
    obs = np.append(observed, observed.sum())
    mod = np.append(model_monthly[-1], model_monthly[-1].sum())
    pri = np.append(prior_monthly[-1], prior_monthly[-1].sum())
    tolerance = end_tolerance(obs)
    error_sim, simulated = _replay_errors(rates, start_stock, window_months, noise_paths, seed)
    noise = error_sim.std(axis=0)
    within_sim = np.abs(error_sim) <= end_tolerance(simulated)
    table = pl.DataFrame(
        {
            "placement_type": list(PLACEMENT_TYPES) + ["total"],
            "observed": obs,
            "model": mod,
            "error": mod - obs,
            "error_pct": np.where(obs > 0, 100.0 * (mod - obs) / np.where(obs > 0, obs, 1.0), np.nan),
            "prior_model": pri,
            "tolerance": tolerance,
            "within_tolerance": np.abs(mod - obs) <= tolerance,
            "replay_noise_sd": noise,
            "pass_chance_if_true": within_sim.mean(axis=0),
        }
    )

    lo, hi = bounds
    rows = [(pt, name, float(m[k])) for name, m in zip(MULTIPLIER_PARAMETERS, (exit_m, move_m)) for k, pt in enumerate(PLACEMENT_TYPES)]
    multipliers = pl.DataFrame(
        {
            "placement_type": [r[0] for r in rows],
            "parameter": [r[1] for r in rows],
            "multiplier": [r[2] for r in rows],
            "lower_bound": [float(lo)] * len(rows),
            "upper_bound": [float(hi)] * len(rows),
            "at_bound": [bool(np.isclose(r[2], lo, rtol=1e-3) or np.isclose(r[2], hi, rtol=1e-3)) for r in rows],
        }
    )
    return _WindowFit(prior, rates, start, window_months, table, fit_table, multipliers, float(within_sim.all(axis=1).mean()))


def _comparison_rows(fit: _WindowFit, is_default: bool) -> pl.DataFrame:
    """One window's rows of ``CscCalibration.window_comparison``."""
    at_bound = fit.multipliers.group_by("placement_type").agg(pl.col("at_bound").sum().alias("multipliers_at_bound"))
    at_bound = pl.concat(
        [
            at_bound,
            pl.DataFrame({"placement_type": ["total"], "multipliers_at_bound": [at_bound["multipliers_at_bound"].sum()]}, schema=at_bound.schema),
        ]
    )
    rmse = _fit_rmse(fit.fit_table).select("placement_type", pl.col("rmse").alias("fit_rmse"))
    return (
        fit.table.with_columns(
            pl.lit(fit.months, dtype=pl.Int64).alias("window_months"),
            pl.lit(fit.start, dtype=pl.Date).alias("window_start"),
            pl.lit(is_default).alias("is_default"),
            pl.lit(fit.all_pass_chance_if_true).alias("all_pass_chance_if_true"),
        )
        .join(rmse, on="placement_type", how="left", maintain_order="left")
        .join(at_bound, on="placement_type", how="left", maintain_order="left")
        .with_columns(pl.col("multipliers_at_bound").cast(pl.Int64))
        .select("window_months", "window_start", "is_default", *fit.table.columns, "fit_rmse", "multipliers_at_bound", "all_pass_chance_if_true")
    )


def calibrate_csc(
    folder: Path | str,
    window_months: int = ESTIMATION_WINDOW_MONTHS,
    noise_paths: int = 2000,
    seed: int = 0,
    bounds: tuple[float, float] = MULTIPLIER_BOUNDS,
    comparison_windows: tuple[int, ...] = COMPARISON_WINDOWS,
) -> CscCalibration:
    """Read SSDA903 returns, estimate rates (the prior), calibrate them, and check the replay.

    Everything uses the last ``window_months`` of data (default ``ESTIMATION_WINDOW_MONTHS``,
    12: the most recent behaviour): the rates are estimated from exposure in that window, the
    multipliers are fitted to the observed stock by placement type at every month-end of it
    (``fit_multipliers``), and the replay starts from the observed stock at the window start and
    runs the rates forward (expected values) to the end date. The end-of-data table compares the
    calibrated (and prior) replay with the observed stock, with the replay noise
    (``noise_paths`` bootstrap paths, ``seed``). The same is done for each window of
    ``comparison_windows`` (plus ``window_months``) for ``window_comparison``. See
    ``CscCalibration``.
    """
    data = read_ssda903(folder)
    windows = sorted(set(comparison_windows) | {window_months})
    fits = {w: _calibrate_window(data, w, noise_paths, seed, bounds) for w in windows}
    main = fits[window_months]
    comparison = pl.concat([_comparison_rows(fits[w], w == window_months) for w in windows])
    return CscCalibration(
        data=data,
        prior_rates=main.prior,
        rates=main.rates,
        replay_start=main.start,
        replay_months=window_months,
        table=main.table,
        fit_table=main.fit_table,
        multipliers=main.multipliers,
        window_comparison=comparison,
        all_pass_chance_if_true=main.all_pass_chance_if_true,
    )
