"""Children looked after: monthly rates by placement type and age band, estimated from SSDA903.

``estimate_csc_rates`` turns de-duplicated episodes (``ssda903.read_ssda903``) into exposure
(child-months) and event counts over an estimation window, and from them entries per month,
exit hazards and transition hazards (``CscRates``), with the children looked after at the end
by whole month of age (from their dates of birth) and the ages of the children coming into care.
The projection (``csc_projection``) runs these rates, ageing each child month by month from
their true age; the calibration (``csc_calibration``) scales them to follow the observed stock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import polars as pl

from sefton_sim.social_care.placements import (
    AGE_BAND_BOUNDS_YEARS,
    AGE_BANDS,
    AGE_MONTH_BANDS,
    AGE_MONTHS,
    LEAVING_CARE_AGE_YEARS,
    PLACEMENT_TYPES,
)
from sefton_sim.social_care.ssda903 import Ssda903Episodes, age_months_expr

K = len(PLACEMENT_TYPES)
A = len(AGE_BANDS)
J = AGE_MONTHS
"""Whole months of age 0..215 (the projection's age axis)."""
BAND_OF_AGE: np.ndarray = np.array(AGE_MONTH_BANDS, dtype=np.int64)
"""Age band index of each whole month of age ``[J]``."""
EXIT = K
"""Index of 'leave care before 18' among the destinations of ``CscRates.outflow_shares``."""

ESTIMATION_WINDOW_MONTHS = 12
"""Default window of ``estimate_csc_rates``: the last 12 months of data (the SSDA903 "latest
year"). ``calibrate_csc`` chooses its window by a stated rule (``csc_window.choose_window``):
12 months, lengthened to 24 or 36 while the earlier months' rates do not differ from these."""


LEAVING_AT_18_MARGIN_DAYS = 31
"""Care ending within this many days of the 18th birthday counts as leaving at 18 (the model's
ageing out of the 16-17 band), not as an exit by the exit hazard."""


def uniform_entry_age_share() -> np.ndarray:
    """Entry ages spread evenly over the months of each band ``[J]`` (each band's months sum to 1)."""
    widths = np.bincount(BAND_OF_AGE, minlength=A).astype(float)
    return 1.0 / widths[BAND_OF_AGE]


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
    stock_by_age: np.ndarray | None = None  # [K, J] children looked after on as_of by whole month of age
    entry_age_share: np.ndarray = field(default_factory=uniform_entry_age_share)  # [J] of a band's entries

    def entries_by_age_per_month(self) -> np.ndarray:
        """Children coming into care per month by ``[placement_type, whole month of age]``: each
        type and band's entries spread over the band's months by ``entry_age_share``."""
        return self.entries_per_month[..., BAND_OF_AGE] * self.entry_age_share

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
                        "measure": "aged_up",
                        "to_placement_type": None,
                        "value": float(self.aged_up[k, a]),
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
    """Add counts (or sums of ``value_col``) of ``frame`` into ``target`` at the index columns.

    The sums run in numpy, row by row in the frame's order (episodes sorted by CHILD and DECOM),
    so they are the same bit for bit on every run; a polars ``group_by().sum()`` adds the rows of
    a group in an order that depends on its threads, which changed the last digit of exposures.
    """
    if frame.height == 0:
        return
    idx = tuple(frame[c].to_numpy().astype(np.int64) for c in index_cols)
    values = np.ones(frame.height) if value_col is None else frame[value_col].to_numpy().astype(float)
    np.add.at(target, idx, values)


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
    - band birthdays in care (``aged_up``, reported only: the projection ages every child by
      their own date of birth, so there is no ageing rate to estimate).

    Also kept: the stock on ``as_of`` by whole month of age (``stock_by_age``, the projection's
    start) and ``entry_age_share``, the share of each band's entries at each whole month of age
    on the day they came into care (the window's entries, all placement types; a band with no
    entries in the window is spread evenly over its months).

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
    entry_ages = np.zeros(J)
    _accumulate(entry_ages, starts.with_columns(age_months_expr(pl.col("DECOM")).alias("j")), ["j"], None)
    in_band = np.bincount(BAND_OF_AGE, weights=entry_ages, minlength=A)[BAND_OF_AGE]
    entry_age_share = np.where(in_band > 0, entry_ages / np.where(in_band > 0, in_band, 1.0), uniform_entry_age_share())

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
        stock_by_age=data.stock_by_age_on(end),
        entry_age_share=entry_age_share,
    )
