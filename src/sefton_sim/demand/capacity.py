"""In-borough specialist capacity by month, setting, age band and need; casework capacity as policy.

A provision's places are spread over the age bands and needs it serves in proportion to the
base-date occupancy of that setting in those cells (by years of age and evenly across needs
where nobody is placed yet), rounded so that each provision keeps exactly its places.

Casework (EHC needs assessment) capacity follows a stated response rule
(``casework_response``), the one definition both engines call each month: officers are
recruited when the implied wait passes the trigger, and start after a lag.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
from numba import njit

from sefton_sim.data.council import Provision
from sefton_sim.model import states as st


def _largest_remainder(values: np.ndarray, total: int) -> np.ndarray:
    floors = np.floor(values)
    short = int(round(total - floors.sum()))
    if short > 0:
        order = np.argsort(-(values - floors).ravel(), kind="stable")[:short]
        floors.ravel()[order] += 1
    return floors


def provision_cells(provision: Provision, stock_base: np.ndarray) -> np.ndarray:
    """Places of one provision as an integer [A, N] grid."""
    setting = st.SETTINGS.index(provision.setting)
    mask = np.zeros((st.A, st.N), dtype=bool)
    for band in provision.age_bands:
        for need in provision.needs:
            mask[st.AGE_BANDS.index(band), st.NEEDS.index(need)] = True
    weights = np.where(mask, stock_base[:, :, setting], 0.0)
    if weights.sum() <= 0:
        years = np.array([st.AGE_BAND_WIDTH_YEARS[b] for b in st.AGE_BANDS], dtype=float)
        weights = np.where(mask, years[:, None], 0.0)
    shares = weights / weights.sum()
    return _largest_remainder(shares * provision.places, provision.places)


def capacity_by_month(provisions: Sequence[Provision], stock_base: np.ndarray, dates: Sequence[dt.date]) -> np.ndarray:
    """Places open in each month: array [T, 2, A, N] for (sen_unit, special)."""
    cap = np.zeros((len(dates), len(st.IN_BOROUGH_SPECIALIST), st.A, st.N))
    for provision in provisions:
        cells = provision_cells(provision, stock_base)
        k = st.IN_BOROUGH_SPECIALIST.index(provision.setting)
        for t, date in enumerate(dates):
            if date >= provision.opens:
                cap[t, k] += cells
    return cap


WEEKS_PER_MONTH = 365.25 / 7.0 / 12.0
"""Weeks in an average month."""

POLICY_FIELDS = ("respond", "wait_trigger_weeks", "lag_months", "step_officers", "max_officers_added", "slots_per_officer", "from_month")
"""Order of the casework policy vector the engines read (``casework_policy_vector``)."""

NO_CAP = 1e12
"""``max_officers_added`` when the policy sets no cap."""


def casework_policy_vector(
    respond: bool,
    wait_trigger_weeks: float,
    lag_months: int,
    step_officers: int,
    max_officers_added: int | None,
    slots_per_officer: float,
    from_month: int,
) -> np.ndarray:
    """The casework response rule as the float vector both engines read (order ``POLICY_FIELDS``)."""
    cap = NO_CAP if max_officers_added is None else float(max_officers_added)
    return np.array([1.0 if respond else 0.0, wait_trigger_weeks, lag_months, step_officers, cap, slots_per_officer, from_month], dtype=np.float64)


FROZEN_POLICY = casework_policy_vector(False, 20.0, 1, 1, 0, 0.0, 0)
"""Casework capacity fixed as the data give it (history runs, calibration)."""


@njit(cache=True, nogil=True)
def implied_wait_weeks(in_progress: float, slots: float, completion_per_month: float) -> float:
    """Implied wait for an assessment, weeks: assessments in progress over the month's expected
    completions (``completion × min(in progress, slots)``), Little's law; with nobody waiting for
    a caseworker it is the mean casework time ``1 / completion``."""
    worked = min(max(in_progress, 1.0), slots)
    return WEEKS_PER_MONTH * max(in_progress, 1.0) / (completion_per_month * max(worked, 1e-9))


@njit(cache=True, nogil=True)
def casework_response(policy: np.ndarray, t: int, in_progress: float, base_slots: float, completion_per_month: float, state: np.ndarray) -> float:
    """Apply the casework response rule at the start of month ``t``; returns the month's slots.

    ``state`` = [officers added and in post, officers recruited not yet in post, month they start]
    is updated in place. Recruits whose start month has come join first; then, if the rule
    responds (``policy[0]``, from month ``policy[6]``), the implied wait with the month's slots is
    above ``policy[1]`` weeks and nobody is being recruited, ``policy[3]`` officers (at most up to
    the cap ``policy[4]``) are recruited to start ``policy[2]`` months later. Both engines call
    this one function at the same point of the month, so they follow the same rule.
    """
    if state[1] > 0.0 and t >= state[2]:
        state[0] += state[1]
        state[1] = 0.0
    per_officer = policy[5]
    slots = max(base_slots + state[0] * per_officer, 1.0)
    if policy[0] > 0.0 and t >= policy[6] and state[1] <= 0.0:
        room = policy[4] - state[0]
        if room > 0.0 and implied_wait_weeks(in_progress, slots, completion_per_month) > policy[1]:
            state[1] = min(policy[3], room)
            state[2] = t + policy[2]
    return slots


def implied_wait_weeks_array(in_progress: np.ndarray, slots: np.ndarray, completion_per_month: float) -> np.ndarray:
    """``implied_wait_weeks`` element by element over arrays of assessments in progress and slots."""
    q = np.maximum(np.asarray(in_progress, dtype=float), 1.0)
    worked = np.maximum(np.minimum(q, np.asarray(slots, dtype=float)), 1e-9)
    return WEEKS_PER_MONTH * q / (completion_per_month * worked)


def share_within_weeks(
    in_progress: np.ndarray, slots: np.ndarray, completion_per_month: float, other_weeks: float, duty_weeks: float = 20.0
) -> np.ndarray:
    """Implied share of plans issued within ``duty_weeks`` of the request, month by month.

    Time to a plan = ``other_weeks`` outside casework (decision to assess, drafting) + casework,
    which ends each month with probability ``completion × min(1, slots / in progress)`` (the
    month's throughput); share = P(casework ≤ duty − other).
    """
    q = np.maximum(np.asarray(in_progress, dtype=float), 1.0)
    rate = completion_per_month * np.minimum(1.0, np.asarray(slots, dtype=float) / q)
    months = max(duty_weeks - other_weeks, 0.0) / WEEKS_PER_MONTH
    return 1.0 - np.power(1.0 - rate, months)
