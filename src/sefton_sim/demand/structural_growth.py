"""Structural growth of a council's EHC plans: damped toward regional and national growth.

Growth is the log change in plans in place between two January censuses. For council ``i`` in
region ``R`` in year ``t`` it is split into three parts::

    g[i, t] = n[t] + r[R, t] + e[i, t]

- ``n`` national growth (England's total): a random walk (a local level). Five national growths
  are too few to learn a damping of the national rate, so none is assumed.
- ``r`` the region's deviation from national growth and ``e`` the council's deviation from its
  region: each a stationary AR(1), ``x[t+1] = phi * x[t] + sigma * eps``. ``phi`` is the damping
  (0: a council's lead vanishes next year; 1: it persists) and ``sigma`` the spread of new
  deviations. Both are learned from how every English council's growth evolved in the DfE
  caseload series, so a council's forecast is pulled toward its region and England (partial
  pooling) at the rate councils were actually pulled.

The fit is empirical Bayes on hyperparameters shared by all councils: for each AR(1) the exact
posterior of ``(phi, sigma)`` under a flat prior on ``phi`` in [0, 0.95] and ``p(sigma) ~ 1/sigma``
(on a grid in ``phi``; ``sigma`` given ``phi`` is scaled inverse chi-squared); the first
deviation of each council enters at its stationary variance, so even one census pair speaks to
``sigma**2 / (1 - phi**2)``. The national step's variance has a scaled inverse chi-squared
posterior from the national changes known at the origin plus one pseudo-change the size of the
spread of regional growth in the latest year, and the step is capped at the spread of council
growth in the latest year (England's growth does not move by more in a year than councils differ
in one: both assumptions, stated in the prior's table; without the cap one pseudo-change leaves a
tail so heavy that a few paths explode). Why
this and not MCMC: the posterior is two-dimensional per component and exact on a grid in
milliseconds, which the cross-council backtest (144 councils x 4 origins) needs; numpy and scipy
only. Councils with fewer than ``MIN_PLANS_FOR_FIT`` plans are left out of the hyperparameter fit
(a handful of children dominate their growth) but are still forecast.

Plans by setting: the log share of each setting is a random walk with a drift; drift and step
spread are pooled over councils from the share changes known at the origin.

Contains public sector information licensed under the Open Government Licence v3.0.
Source: Department for Education.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
import polars as pl

from sefton_sim.data.growth_state import STATE_FIELDS as STATE_FIELDS  # the state's panel, split and table, re-exported
from sefton_sim.data.growth_state import STATE_FILE as STATE_FILE
from sefton_sim.data.growth_state import CouncilGrowthState as CouncilGrowthState
from sefton_sim.data.growth_state import GrowthPanel as GrowthPanel
from sefton_sim.data.growth_state import council_states as council_states
from sefton_sim.data.growth_state import growth_deviations
from sefton_sim.data.growth_state import growth_panel as growth_panel
from sefton_sim.data.growth_state import state_table as state_table
from sefton_sim.errors import BadInputError
from sefton_sim.model import states as st
from sefton_sim.shipped import shipped_root

PHI_GRID: Final[np.ndarray] = np.linspace(0.0, 0.95, 96)
"""Damping values the posterior is evaluated on (flat prior over them)."""
MIN_PLANS_FOR_FIT: Final[int] = 200
"""Councils with fewer plans than this at any census up to the origin are not used to fit the hyperparameters."""
HYPER_DRAWS: Final[int] = 400
"""Joint posterior draws of the hyperparameters kept in a fitted prior."""
SHARE_FLOOR: Final[float] = 0.5
"""Half a child added to each setting before taking logs (a setting may hold no one)."""


@dataclass(frozen=True)
class GrowthPrior:
    """Hyperparameters learned from every council's growth up to ``origin_period``: joint posterior draws."""

    origin_period: int
    phi_region: np.ndarray  # [D] damping of a region's deviation from national growth
    sigma_region: np.ndarray  # [D] log growth per year
    phi_council: np.ndarray  # [D] damping of a council's deviation from its region
    sigma_council: np.ndarray  # [D] log growth per year
    sigma_national: np.ndarray  # [D] random-walk step of national log growth per year
    setting_drift: np.ndarray  # [S] mean change of log setting share per year
    setting_sd: np.ndarray  # [S] spread of that change per year
    councils_fitted: int
    national_pseudo_sd: float  # the one pseudo-change of the national step's prior

    def summary(self) -> dict[str, float]:
        """Posterior means and counts, for manifests and the shipped table."""
        return {
            "origin_period": float(self.origin_period),
            "phi_region_mean": float(self.phi_region.mean()),
            "sigma_region_mean": float(self.sigma_region.mean()),
            "phi_council_mean": float(self.phi_council.mean()),
            "sigma_council_mean": float(self.sigma_council.mean()),
            "sigma_national_mean": float(self.sigma_national.mean()),
            "councils_fitted": float(self.councils_fitted),
        }


def ar1_posterior(x: np.ndarray, draws: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Joint posterior draws of ``(phi, sigma)`` of a stationary zero-mean AR(1) shared by the rows of ``x`` [units, T].

    Flat prior on ``phi`` over ``PHI_GRID``, ``p(sigma) ~ 1/sigma``; each row's first value has the
    stationary variance ``sigma**2 / (1 - phi**2)``. With one value per row ``phi`` stays at its prior.
    """
    x = np.asarray(x, dtype=float)
    first = x[:, 0]
    lag, lead = x[:, :-1].ravel(), x[:, 1:].ravel()
    m, n = first.size, x.size
    one_minus = 1.0 - PHI_GRID**2
    ss = one_minus * np.sum(first**2) + np.array([np.sum((lead - f * lag) ** 2) for f in PHI_GRID])
    log_post = 0.5 * m * np.log(one_minus) - 0.5 * n * np.log(ss)
    weights = np.exp(log_post - log_post.max())
    weights /= weights.sum()
    pick = rng.choice(PHI_GRID.size, size=draws, p=weights)
    phi = PHI_GRID[pick] + rng.uniform(-0.5, 0.5, draws) * (PHI_GRID[1] - PHI_GRID[0])
    phi = np.clip(phi, 0.0, PHI_GRID[-1])
    sigma = np.sqrt(ss[pick] / rng.chisquare(n, draws))
    return phi, sigma


def fit_growth_prior(panel: GrowthPanel, origin_period: int, seed: int = 0, draws: int = HYPER_DRAWS) -> GrowthPrior:
    """The hyperparameters' posterior from every council's censuses up to and including ``origin_period``."""
    cut = panel.up_to(origin_period)
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(origin_period,)))
    national, region_dev, council_dev, _ = growth_deviations(cut)
    big = cut.stock.min(axis=1) >= MIN_PLANS_FOR_FIT
    phi_r, sigma_r = ar1_posterior(region_dev, draws, rng)
    phi_c, sigma_c = ar1_posterior(council_dev[big], draws, rng)
    # national step: changes known at the origin plus one pseudo-change the size of the spread of regional growth
    steps = np.diff(national)
    pseudo = float(np.std(region_dev[:, -1], ddof=1))
    ss = pseudo**2 + float(np.sum(steps**2))
    cap = float(np.std(np.diff(np.log(cut.stock[big]), axis=1)[:, -1], ddof=1))
    sigma_n = np.minimum(np.sqrt(ss / rng.chisquare(1 + steps.size, draws)), cap)
    log_share = np.log(cut.by_setting + SHARE_FLOOR) - np.log(cut.stock + SHARE_FLOOR * st.S)[:, :, None]
    change = np.diff(log_share, axis=1)[big]  # [C, Y-1, S]
    flat = change.reshape(-1, st.S)
    return GrowthPrior(
        origin_period=origin_period,
        phi_region=phi_r,
        sigma_region=sigma_r,
        phi_council=phi_c,
        sigma_council=sigma_c,
        sigma_national=sigma_n,
        setting_drift=flat.mean(axis=0),
        setting_sd=flat.std(axis=0, ddof=1) if flat.shape[0] > 1 else np.zeros(st.S),
        councils_fitted=int(big.sum()),
        national_pseudo_sd=pseudo,
    )


def draw_growth_paths(prior: GrowthPrior, state: CouncilGrowthState, years: int, rng: np.random.Generator, paths: int) -> np.ndarray:
    """Joint draws of a council's log growth of plans [paths, years] for the years after its origin census.

    Each path takes one joint draw of the hyperparameters, then steps national growth (random
    walk), the region's deviation and the council's deviation (damped AR(1)) year by year.
    """
    pick = rng.integers(0, prior.phi_region.size, size=paths)
    shocks = rng.standard_normal((3, paths, years))
    phi_r, sig_r = prior.phi_region[pick], prior.sigma_region[pick]
    phi_c, sig_c = prior.phi_council[pick], prior.sigma_council[pick]
    sig_n = prior.sigma_national[pick]
    n = np.full(paths, state.national_growth)
    r = np.full(paths, state.region_deviation)
    e = np.full(paths, state.council_deviation)
    out = np.empty((paths, years))
    for k in range(years):
        n = n + sig_n * shocks[0, :, k]
        r = phi_r * r + sig_r * shocks[1, :, k]
        e = phi_c * e + sig_c * shocks[2, :, k]
        out[:, k] = n + r + e
    return out


def central_growth_path(prior: GrowthPrior, state: CouncilGrowthState, years: int) -> np.ndarray:
    """The mean of ``draw_growth_paths`` [years]: national growth held, the region's and council's
    deviations damped by the average of ``phi ** k`` over the hyperparameter draws (no shocks)."""
    k = np.arange(1, years + 1)
    region = (prior.phi_region[:, None] ** k[None, :]).mean(axis=0) * state.region_deviation
    council = (prior.phi_council[:, None] ** k[None, :]).mean(axis=0) * state.council_deviation
    return state.national_growth + region + council


def draw_plans(
    prior: GrowthPrior, state: CouncilGrowthState, years: int, rng: np.random.Generator, paths: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Plans in place at each later census: total [paths, years], by setting [paths, years, S], and the growth draws."""
    growth = draw_growth_paths(prior, state, years, rng, paths)
    total = state.plans * np.exp(np.cumsum(growth, axis=1))
    share0 = np.log(state.plans_by_setting + SHARE_FLOOR) - math.log(state.plans + SHARE_FLOOR * st.S)
    steps = prior.setting_drift[None, None, :] + prior.setting_sd[None, None, :] * rng.standard_normal((paths, years, st.S))
    share = np.exp(share0[None, None, :] + np.cumsum(steps, axis=1))
    share /= share.sum(axis=2, keepdims=True)
    return total, total[:, :, None] * share, growth


# ---- the prior and a council's state as shipped tables (for runs, which do not read the DfE files) ----

PRIOR_COLUMNS: Final[tuple[str, ...]] = ("draw", "phi_region", "sigma_region", "phi_council", "sigma_council", "sigma_national", "source")


def prior_table(prior: GrowthPrior, source: str) -> pl.DataFrame:
    """The hyperparameter draws as a table with a source on every row."""
    d = prior.phi_region.size
    return pl.DataFrame(
        {
            "draw": np.arange(d),
            "phi_region": prior.phi_region,
            "sigma_region": prior.sigma_region,
            "phi_council": prior.phi_council,
            "sigma_council": prior.sigma_council,
            "sigma_national": prior.sigma_national,
            "source": [source] * d,
        }
    )


def read_prior(path: Path, origin_period: int) -> GrowthPrior:
    """A shipped hyperparameter table (``prior_table``) back as a prior (no setting shares: totals only)."""
    frame = pl.read_csv(path)
    missing = [c for c in PRIOR_COLUMNS if c not in frame.columns]
    if missing or frame.height == 0:
        raise BadInputError(path, "columns", missing or "(no rows)", ", ".join(PRIOR_COLUMNS))
    arrays = {c: frame[c].cast(pl.Float64).to_numpy() for c in PRIOR_COLUMNS[1:-1]}
    if any(not np.all(np.isfinite(a)) or np.any(a < 0) for a in arrays.values()):
        raise BadInputError(path, "values", "(non-finite or negative)", "finite, non-negative damping and spreads")
    return GrowthPrior(
        origin_period=origin_period,
        setting_drift=np.zeros(st.S),
        setting_sd=np.zeros(st.S),
        councils_fitted=0,
        national_pseudo_sd=float("nan"),
        **arrays,
    )


def read_state(path: Path) -> CouncilGrowthState:
    """A council's growth state table (``state_table``)."""
    frame = pl.read_csv(path)
    values = {r["quantity"]: r["value"] for r in frame.iter_rows(named=True)} if {"quantity", "value"} <= set(frame.columns) else {}
    missing = [q for q in STATE_FIELDS if q not in values]
    if missing:
        raise BadInputError(path, "quantity", ", ".join(missing), f"rows for {', '.join(STATE_FIELDS)}")
    return CouncilGrowthState(
        la_code="",
        origin_period=int(values["origin_period"]),
        plans=float(values["plans"]),
        plans_by_setting=np.zeros(st.S),
        national_growth=float(values["national_growth"]),
        region_deviation=float(values["region_deviation"]),
        council_deviation=float(values["council_deviation"]),
        population_0_25=float(values["population_0_25"]) if values.get("population_0_25") is not None else None,
    )


# ---- a run's structural growth: the shipped prior and the council's state at its latest census ----

PRIOR_FILE: Final[str] = "structural_growth_prior.csv"
"""The shipped hyperparameter draws (``shipped/data/``), fitted to every council's censuses."""


@dataclass(frozen=True)
class StructuralGrowth:
    """What a run needs to draw structural growth paths: the prior, the council's state, and where they came from."""

    prior: GrowthPrior
    state: CouncilGrowthState
    prior_file: str
    state_file: str
    start_years: float = 0.0  # years from the run's base date at which the structural deviation starts (a backtest origin: negative)
    central_only: bool = False  # every path takes the central growth path (a study switching the spread off; draws still taken)

    def manifest_entry(self) -> dict[str, object]:
        """The run manifest's record of the structural growth it drew."""
        return {
            "request_trend": "fitted request trend plus each path's structural deviation of EHCP growth from the council's latest growth (demand.structural_growth)",
            "origin_census_period": self.state.origin_period,
            "latest_growth_log_per_year": round(self.state.growth, 4),
            "national_growth_log_per_year": round(self.state.national_growth, 4),
            "region_deviation": round(self.state.region_deviation, 4),
            "council_deviation": round(self.state.council_deviation, 4),
            "phi_region_mean": round(float(self.prior.phi_region.mean()), 4),
            "phi_council_mean": round(float(self.prior.phi_council.mean()), 4),
            "prior_file": self.prior_file,
            "state_file": self.state_file,
        }


def shipped_prior_path() -> Path:
    """Where the shipped hyperparameter draws live."""
    return shipped_root() / "data" / PRIOR_FILE


def load_structural_growth(folder: Path, prior_path: Path | None = None) -> StructuralGrowth | None:
    """The structural growth of the council in ``folder`` (None if the folder has no ``STATE_FILE``)."""
    prior_path = prior_path or shipped_prior_path()
    state_path = Path(folder) / STATE_FILE
    if not state_path.is_file():
        return None
    state = read_state(state_path)
    return StructuralGrowth(read_prior(prior_path, state.origin_period), state, str(prior_path), str(state_path))


def request_log_multiplier(trend: float | np.ndarray, deviation: np.ndarray, years: np.ndarray, start: float = 0.0) -> np.ndarray:
    """Log multiplier of the request rate [P, T] at ``years`` from the base: ``trend * years`` plus the integral of
    each path's yearly growth deviation (year ``k`` of ``deviation`` covers years ``start + k`` to ``start + k + 1``
    from the base; nothing before ``start``). ``trend`` is one value or one per path ([P, 1])."""
    P, Y = deviation.shape
    cumulative = np.concatenate([np.zeros((P, 1)), np.cumsum(deviation, axis=1)], axis=1)  # [P, Y+1] at whole years
    y = np.clip(np.asarray(years, dtype=float) - start, 0.0, float(Y))
    whole = np.minimum(np.floor(y).astype(int), Y - 1)
    part = y - whole
    integral = cumulative[:, whole] + part[None, :] * deviation[:, whole]
    return trend * np.asarray(years, dtype=float)[None, :] + integral


RANGE_FILE: Final[str] = "ehcp_growth_range.csv"
"""The shipped range of growth in plans seen across English councils (``growth_range``)."""


def growth_range(panel: GrowthPanel, source: str) -> pl.DataFrame:
    """The range of ``h``-year growth multiples of plans in place seen across English councils.

    Columns: horizon_years, min_multiple, p1_multiple, p99_multiple, max_multiple, pairs, source; over
    every council of the panel and every pair of censuses ``h`` years apart. (The DfE files carry no
    population, so the range is of growth, not of plans per 10,000 children.)
    """
    rows = []
    for h in range(1, len(panel.periods)):
        ratio = (panel.stock[:, h:] / panel.stock[:, :-h]).ravel()
        rows.append(
            {
                "horizon_years": h,
                "min_multiple": float(ratio.min()),
                "p1_multiple": float(np.quantile(ratio, 0.01)),
                "p99_multiple": float(np.quantile(ratio, 0.99)),
                "max_multiple": float(ratio.max()),
                "pairs": int(ratio.size),
                "source": source,
            }
        )
    return pl.DataFrame(rows)


def read_growth_range(path: Path | None = None) -> pl.DataFrame:
    """The shipped growth range table (default: ``shipped/data/ehcp_growth_range.csv``)."""
    path = path or shipped_root() / "data" / RANGE_FILE
    frame = pl.read_csv(path)
    needed = ("horizon_years", "min_multiple", "max_multiple", "source")
    if any(c not in frame.columns for c in needed):
        raise BadInputError(path, "columns", frame.columns, ", ".join(needed))
    return frame.sort("horizon_years")
