"""What a backtest's prediction interval of a published figure carries beyond the simulated paths.

Two parts, each from what was known at the origin:

- **structural growth** (``growth_known_at``): the council's EHCP growth may persist or damp toward
  regional and national growth (``demand.structural_growth``). At a backtest origin the prior is
  refitted on every council's censuses published by then and the council's state is read at the
  latest of them, so each forecast path's request growth is the refit trend plus its own
  structural deviation, exactly as a forecast run from the base date draws it;
- **observation scatter** (``demand.observation.with_observation_scatter``): the fit's negative
  binomial scatter of a published figure about the model, on each path with its own posterior
  draw's dispersion, so the interval is the posterior predictive of the figure, not of the latent path.

A backtest reports coverage of both intervals: the latent path's and the published figure's.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sefton_sim.data import dfe_statistics as dfe
from sefton_sim.demand import structural_growth as sg

CENSUS_KNOWN_FROM_MONTH = 7
"""A January census is taken as known from 1 July of its year: the DfE "Education, health and care
plans" release comes out in June (assumption: no publication date is in the facts; 1 July is the
cautious reading)."""


def census_period_known_at(as_of: dt.date, periods: tuple[int, ...]) -> int | None:
    """The latest census period (``202021`` = January 2021) published by ``as_of``, or None."""
    known = [p for p in periods if dt.date(p // 100 + 1, CENSUS_KNOWN_FROM_MONTH, 1) <= as_of]
    return max(known) if known else None


def growth_known_at(panel: sg.GrowthPanel, la_code: str, as_of: dt.date, base_date: dt.date, seed: int) -> tuple[sg.StructuralGrowth | None, str]:
    """The council's structural growth as known at ``as_of`` (prior refitted on the censuses published by
    then, state at the latest of them), starting with the forecast the month after ``as_of``; or None and why not."""
    period = census_period_known_at(as_of, panel.periods)
    if period is None or panel.periods.index(period) < 2:
        return None, f"no structural growth: fewer than three censuses published by {as_of}"
    if la_code not in panel.la_codes:
        return None, f"no structural growth: {la_code} has no plans at every census of the DfE caseload"
    prior = sg.fit_growth_prior(panel, period, seed)
    state = next(s for s in sg.council_states(panel, period) if s.la_code == la_code)
    start = (as_of.year - base_date.year) + (as_of.month + 1 - base_date.month) / 12.0  # the forecast starts the month after
    growth = sg.StructuralGrowth(prior, state, f"refit at {period} ({panel.source})", f"{la_code} at {period}", start_years=start)
    return growth, f"structural growth refitted on {prior.councils_fitted} councils' censuses to {period} (published by {as_of})"


def load_panel(stats_folder: Path, la: str) -> tuple[sg.GrowthPanel, str]:
    """Every council's growth panel from a DfE statistics folder, and the code of council ``la`` (code or name) in it."""
    stats = dfe.load_statistics(stats_folder)
    return sg.growth_panel(stats), stats.resolve(la).la_code
