"""The end-of-data replay check: how far chance alone moves it (``replay_noise``) and how
often a true model would pass it (``target_pass_chance``).

The check (``csc_calibration``) replays the calibrated rates with expected values from the
observed stock at the window start and compares with the observed stock at the end of the
data, against ``end_tolerance``. The bootstrap here simulates histories from the rates,
re-estimates and replays each, and measures the same comparison in each history.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from sefton_sim.model.draws import RandomDraws
from sefton_sim.social_care.csc_estimation import EXIT, A, CscRates, K
from sefton_sim.social_care.csc_projection import month_step, project_csc_expected

END_TOLERANCE_PCT = 5.0
"""End-of-data target: model within this % of observed for types (and the total) of 10 or more."""

END_TOLERANCE_SMALL_CHILDREN = 2.0
"""End-of-data target for types under 10 children: within this many children."""


def end_tolerance(observed: np.ndarray) -> np.ndarray:
    """Target tolerance (children) for the end-of-data comparison, per observed count."""
    observed = np.asarray(observed, dtype=float)
    return np.where(observed >= 10, END_TOLERANCE_PCT / 100.0 * observed, END_TOLERANCE_SMALL_CHILDREN)


def replay_errors(rates: CscRates, start_stock: np.ndarray, months: int, paths: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
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
        stock, out, dest, _, arrived = month_step(stock, rates, draws)
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
    error, _ = replay_errors(rates, start_stock, months, paths, seed)
    return error.std(axis=0)


def target_pass_chance(rates: CscRates, start_stock: np.ndarray, months: int, paths: int = 400, seed: int = 0) -> tuple[np.ndarray, float]:
    """How often the end-of-data target would be met if the model were exactly true.

    The same bootstrap as ``replay_noise``: in each simulated history the replay is compared
    with that history's own end stock, against ``end_tolerance`` of it. Returns the share of
    histories within tolerance by placement type then total ``[K + 1]``, and the share within
    tolerance for every type and the total at once. A low share says the data are too few for
    the target to tell a good model from a bad one.
    """
    error, simulated = replay_errors(rates, start_stock, months, paths, seed)
    within = np.abs(error) <= end_tolerance(simulated)
    return within.mean(axis=0), float(within.all(axis=1).mean())
