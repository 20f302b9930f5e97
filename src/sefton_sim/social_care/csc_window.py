"""Children looked after: the estimation window, chosen by a stated rule.

Rule (``choose_window``): start from the latest 12 months; lengthen the window to 24, then 36
months while the earlier months it adds have the same rates as the latest 12 months. "The same"
is a Poisson likelihood-ratio test per placement type of three rates at once: entries per month,
exits per child-month and moves out per child-month (pooled over age bands; 3 degrees of
freedom, fewer when a rate has no events in either period). A window is taken when no type's
test rejects at ``LEVEL_PER_TYPE`` (1%: 5% family-wise over the five types, Bonferroni). The
first window that fails stops the lengthening; a window reaching back before the returns begin
(``Ssda903Episodes.coverage_start``) is not a candidate.

Why this rule: a longer window has more events per rate (less noise), and is worth having only
while the behaviour it averages in has not changed. A test that cannot tell the periods apart
(few events) lets the window grow; that is the intended trade.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import numpy as np
import polars as pl
from scipy import stats

from sefton_sim.social_care.csc_estimation import CscRates, estimate_csc_rates, months_before
from sefton_sim.social_care.placements import PLACEMENT_TYPES
from sefton_sim.social_care.ssda903 import Ssda903Episodes

CANDIDATE_WINDOWS: tuple[int, ...] = (12, 24, 36)
"""Windows (months before the end of the data) the rule chooses from, shortest first."""

LATEST_MONTHS = 12
"""The reference period: the latest 12 months (the SSDA903 "latest year")."""

FAMILY_LEVEL = 0.05
"""Family-wise level of the test over the placement types of one window."""

LEVEL_PER_TYPE = FAMILY_LEVEL / len(PLACEMENT_TYPES)
"""Level of each placement type's test (Bonferroni: 0.01)."""

RATE_NAMES: tuple[str, ...] = ("entries", "exits", "moves_out")
"""The rates compared per placement type."""


@dataclass(frozen=True)
class WindowChoice:
    """The window chosen and why: ``window_months``, ``reason`` (one line) and ``tests``, one row
    per candidate window longer than 12 months and placement type: window_months, window_start,
    placement_type, then for the latest 12 months and the earlier months of the window the
    entries, exits, moves_out, months and exposure_months (child-months), lr_statistic, df,
    p_value, level, differs (p < level), tested (false: the window was not reached or reaches
    before the returns), chosen (the window is the one chosen)."""

    window_months: int
    forced: bool
    reason: str
    tests: pl.DataFrame


def _counts(rates: CscRates) -> tuple[np.ndarray, np.ndarray]:
    """Events ``[K, 3]`` (entries, exits, moves out) and their exposure ``[K, 3]`` (months,
    child-months, child-months) over the rates' window, pooled over age bands."""
    exposure = rates.exposure_months.sum(axis=-1)
    events = np.stack([rates.entries.sum(axis=-1), rates.exits.sum(axis=-1), rates.transitions.sum(axis=(-1, -2))], axis=-1)
    return events, np.stack([np.full(exposure.shape, float(rates.window_months)), exposure, exposure], axis=-1)


def poisson_lr_test(events_a: np.ndarray, exposure_a: np.ndarray, events_b: np.ndarray, exposure_b: np.ndarray) -> tuple[float, int, float]:
    """Likelihood-ratio test that two Poisson processes share each rate: ``(statistic, df, p)``.

    Arrays hold one entry per rate; ``statistic = 2 sum x log(x / (e * pooled rate))`` over both
    periods (0 log 0 = 0), one degree of freedom per rate with events and exposure in both
    periods, ``p`` from the chi-square distribution (1.0 with no degrees of freedom).
    """
    x = np.stack([np.asarray(events_a, float), np.asarray(events_b, float)])
    e = np.stack([np.asarray(exposure_a, float), np.asarray(exposure_b, float)])
    usable = (x.sum(axis=0) > 0) & (e > 0).all(axis=0)
    pooled = np.where(usable, x.sum(axis=0) / np.where(usable, e.sum(axis=0), 1.0), 0.0)
    expected = e * pooled
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where((x > 0) & usable, x * np.log(x / np.where(expected > 0, expected, 1.0)), 0.0)
    statistic = float(max(2.0 * terms.sum(), 0.0))
    df = int(usable.sum())
    p = float(stats.chi2.sf(statistic, df)) if df > 0 else 1.0
    return statistic, df, p


def choose_window(data: Ssda903Episodes, forced_months: int | None = None, candidates: tuple[int, ...] = CANDIDATE_WINDOWS) -> WindowChoice:
    """The estimation window by the rule of this module (or ``forced_months``, tests still shown)."""
    end = data.end_date
    latest_events, latest_exposure = _counts(estimate_csc_rates(data, as_of=end, window_months=LATEST_MONTHS))
    rows: list[dict[str, object]] = []
    chosen, stop, failed = LATEST_MONTHS, False, ""
    for months in (m for m in candidates if m > LATEST_MONTHS):
        start = months_before(end, months)
        covered = start + timedelta(days=1) >= data.coverage_start  # the window is (start, end]
        tested = covered and not stop
        earlier_events, earlier_exposure = _counts(
            estimate_csc_rates(data, as_of=months_before(end, LATEST_MONTHS), window_months=months - LATEST_MONTHS)
        )
        differs_any = False
        worst = ("", 1.0)
        for k, name in enumerate(PLACEMENT_TYPES):
            statistic, df, p = poisson_lr_test(latest_events[k], latest_exposure[k], earlier_events[k], earlier_exposure[k])
            differs = p < LEVEL_PER_TYPE
            differs_any |= differs
            if p < worst[1]:
                worst = (name, p)
            row: dict[str, object] = {"window_months": months, "window_start": start, "placement_type": name}
            for period, ev, ex in (("latest", latest_events[k], latest_exposure[k]), ("earlier", earlier_events[k], earlier_exposure[k])):
                row.update({f"{period}_{r}": float(ev[i]) for i, r in enumerate(RATE_NAMES)})
                row.update({f"{period}_months": float(ex[0]), f"{period}_exposure_months": float(ex[1])})
            row.update({"lr_statistic": statistic, "df": df, "p_value": p, "level": LEVEL_PER_TYPE, "differs": differs, "tested": tested})
            rows.append(row)
        if not tested:
            if not covered and not stop:
                failed = failed or f"{months} months reach before the returns begin ({data.coverage_start.isoformat()})"
                stop = True
            continue
        if differs_any:
            failed = f"{months} months: the earlier months differ for {worst[0]} (p={worst[1]:.3g} < {LEVEL_PER_TYPE:g})"
            stop = True
        else:
            chosen = months
    tests = pl.DataFrame(rows) if rows else pl.DataFrame()
    rule = (
        f"the longest of {'/'.join(str(c) for c in candidates)} months whose entry, exit and move rates by placement type "
        f"do not differ from the latest {LATEST_MONTHS} months' (Poisson likelihood-ratio test, {LEVEL_PER_TYPE:g} per type, "
        f"{FAMILY_LEVEL:g} family-wise)"
    )
    if forced_months is not None:
        window, reason = forced_months, f"{forced_months} months, forced by --window-months (the rule would choose {chosen} months: {rule})"
    else:
        longest = max(c for c in candidates)
        why = failed if failed else ("no longer window is a candidate" if chosen == longest else "")
        window, reason = chosen, f"{chosen} months by the rule: {rule}" + (f"; {why}" if why else "")
    if tests.height:
        tests = tests.with_columns((pl.col("window_months") == window).alias("chosen"))
    return WindowChoice(window_months=window, forced=forced_months is not None, reason=reason, tests=tests)
