"""Bayesian joint fit of the SEND rates to the stocks and flows (posterior draws, not a point fit).

What is fitted: the request rate at the base date, the request trend, the stock at the history
start, casework slots before August 2023 and per officer, the share of requests agreed, the
conversion of agreed assessments to plans and the ceasing rate: the ``calibrated`` rows of
``send_parameters.csv`` plus ``request_agreed_share``, which the DfE requests series now informs.

Observations: every ``send_history.csv`` row marked ``used_in_calibration`` (the council's facts
and the DfE caseload and new-plans series already in it) and, where the folder holds them
(``dfe_other_series.csv``, or a DfE statistics folder given to ``sefton-sim calibrate --stats``),
the DfE requests received, assessments completed and plans ceased of the council, calendar years.

Expected values: the deterministic expected-path model of the SEND engine (``vector.expected_path``,
the same compiled month step as the Monte Carlo engine with every draw replaced by its mean) run
from the history start, exactly as ``calibrate.history_run`` runs it.

Observation model: each fact is a negative binomial count with the expected value as its mean
and a dispersion estimated with the rates (variance ``mu + mu^2 / phi``): one dispersion for
stocks, one for flows. Priors, not bounds: each rate has a normal prior on its log (counts,
rates) or logit (shares) scale, or on its own scale (the trend), centred on the starting
assumption of ``send_parameters.csv`` with the assumption's range taken as +-2 sd; each row of
``prior_table`` names that source.

Sampler: ``emcee``'s affine-invariant ensemble (differential-evolution moves). The likelihood goes
through the compiled numba month step, which has no gradients, so gradient-based samplers (PyMC
or NumPyro NUTS) would need the model rewritten in their tensor language; an ensemble sampler
needs only the log density. Diagnostics (``arviz``): rank-normalised split R-hat and bulk and tail
effective sample sizes per parameter, with walkers as chains; the targets are R-hat < 1.01 and
ESS > 400, and ``diagnostics_table`` says for each parameter whether they are met.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import emcee
import numpy as np
import polars as pl
from scipy.optimize import minimize
from scipy.special import gammaln

from sefton_sim.data import CouncilData
from sefton_sim.data import tables as t
from sefton_sim.data.council import FITTED_FILE
from sefton_sim.data.posterior_draws import DRAWS_FILE, PARAMETER_COLUMNS
from sefton_sim.demand.calibrate import DFE_FLOW_SERIES, HISTORY_START, _months_between, history_run, with_values
from sefton_sim.demand.rates import CASEWORK_EXPANSION_DATE, SendRates, annual_to_monthly, build_send_rates
from sefton_sim.demand.vector import DemandPaths, expected_path
from sefton_sim.errors import BadInputError
from sefton_sim.model import limits as lim
from sefton_sim.model.progress import NO_PROGRESS, ProgressReporter

FITTED_RATES: tuple[tuple[str, str], ...] = (
    ("request_rate_per_month_at_base", "log"),
    ("request_trend_per_year", "identity"),
    ("ehcp_stock_at_history_start", "log"),
    ("assessment_slots_before_2023_08", "log"),
    ("request_agreed_share", "logit"),
    ("plan_conversion_share", "logit"),
    ("ceasing_rate_per_year", "logit"),
    ("assessment_slots_per_casework_officer", "log"),
)
"""The rates fitted and the scale of each one's normal prior."""

DISPERSIONS: tuple[str, ...] = ("nb_dispersion_stock", "nb_dispersion_flow")
"""Negative binomial dispersions (phi, variance mu + mu^2/phi) of stock and flow facts."""

DISPERSION_PRIOR_LOG_MEAN = {"nb_dispersion_stock": math.log(1000.0), "nb_dispersion_flow": math.log(50.0)}
DISPERSION_PRIOR_LOG_SD = 2.0
DISPERSION_SOURCE = (
    "assumption: log-normal prior, median {median:g}, log sd 2 (a stock counted within about 3% / a yearly flow within about 15%; "
    "wide enough for the data to decide)"
)

OTHER_SERIES_FILE = "dfe_other_series.csv"
DFE_SERIES: dict[str, tuple[str, ...]] = {
    "requests_received": ("requests.requests_received_in_year",),
    "assessments_completed": ("assessments.assess_in_year", "assessments.assess_issued+assessments.assess_not_issued"),
    "plans_ceased": ("ceased_plans.total_ceased",),
}
"""Fitted series from the DfE files and the rows (or sum of rows) that give each, first found wins."""

STOCK_SERIES = ("ehcp_stock", "arranged_placements")
FLOW_OF_SERIES: dict[str, tuple[str, ...]] = {"plans_issued": ("new_plans",), "agreed_requests": ("assessments_agreed",), **DFE_FLOW_SERIES}
"""Model flows whose sum is compared with each flow series."""

R_HAT_MAX = 1.01
ESS_MIN = 400.0


@dataclass(frozen=True)
class Prior:
    """A normal prior on a transformed scale, centred on a starting assumption."""

    name: str
    scale: str  # log, logit or identity
    centre: float  # natural units
    sd: float  # on the transformed scale
    source: str


def to_scale(value: float | np.ndarray, scale: str) -> float | np.ndarray:
    """Natural units to the prior's scale."""
    v = np.asarray(value, dtype=float)
    if scale == "log":
        return np.log(v)
    if scale == "logit":
        return np.log(v / (1.0 - v))
    return v


def from_scale(z: float | np.ndarray, scale: str) -> np.ndarray:
    """The prior's scale back to natural units."""
    v = np.asarray(z, dtype=float)
    if scale == "log":
        return np.exp(v)
    if scale == "logit":
        return 1.0 / (1.0 + np.exp(-v))
    return v


def starting_assumptions(data: CouncilData) -> dict[str, tuple[float, float, float, str]]:
    """``send_parameters.csv`` as written (value, low, high, source): the prior centres, before any fit."""
    path = data.folder / "send_parameters.csv"
    frame = t.read_table(path, ["parameter", "value", "low", "high", "source"], ["value", "low", "high"])
    return {r["parameter"]: (float(r["value"]), float(r["low"]), float(r["high"]), str(r["source"])) for r in frame.iter_rows(named=True)}


def build_priors(data: CouncilData) -> list[Prior]:
    """One prior per fitted rate (range = +-2 sd on its scale) and per dispersion."""
    table = starting_assumptions(data)
    priors = []
    for name, scale in FITTED_RATES:
        if name not in table:
            raise BadInputError(data.folder / "send_parameters.csv", name, "(missing)", "a row for every fitted SEND rate")
        value, low, high, source = table[name]
        lo, hi = float(to_scale(low, scale)), float(to_scale(high, scale))
        sd = (hi - lo) / 4.0
        if not sd > 0.0:
            raise BadInputError(
                data.folder / "send_parameters.csv", f"{name}.low-high", f"{low}-{high}", "a range of positive width (the prior's spread)"
            )
        priors.append(
            Prior(
                name, scale, value, sd, f"{source}; prior: normal on the {scale} scale centred on {value:g}, range {low:g}-{high:g} taken as +-2 sd"
            )
        )
    for name in DISPERSIONS:
        median = math.exp(DISPERSION_PRIOR_LOG_MEAN[name])
        priors.append(Prior(name, "log", median, DISPERSION_PRIOR_LOG_SD, DISPERSION_SOURCE.format(median=median)))
    return priors


@dataclass(frozen=True)
class Observation:
    """One fitted fact: a stock at a date or a flow over a period."""

    series: str
    period_start: dt.date
    period_end: dt.date
    value: float
    source: str

    @property
    def is_stock(self) -> bool:
        """Stocks and flows have their own dispersion."""
        return self.series in STOCK_SERIES


def dfe_series_rows(other: pl.DataFrame) -> list[Observation]:
    """The fitted DfE series from a ``dfe_other_series.csv``-shaped frame (series, period_start, period_end, value, source)."""
    out: list[Observation] = []
    for series, options in DFE_SERIES.items():
        periods = sorted({(r["period_start"], r["period_end"]) for r in other.iter_rows(named=True) if r["series"].split(".")[0] in _files(options)})
        for start, end in periods:
            for option in options:
                parts = option.split("+")
                rows = other.filter(pl.col("series").is_in(parts) & (pl.col("period_start") == start) & (pl.col("period_end") == end))
                if rows.height == len(parts) and rows["value"].null_count() == 0:
                    sources = "; ".join(rows["source"].to_list())
                    label = "" if len(parts) == 1 else f" (derived: {' + '.join(p.split('.')[1] for p in parts)})"
                    out.append(Observation(series, start, end, float(rows["value"].sum()), f"{sources}{label}"))
                    break
    return out


def _files(options: Sequence[str]) -> set[str]:
    return {part.split(".")[0] for option in options for part in option.split("+")}


def read_other_series(folder: Path) -> pl.DataFrame | None:
    """The folder's ``dfe_other_series.csv`` (DfE requests, assessments, ceased plans), or None."""
    path = folder / OTHER_SERIES_FILE
    if not (path.is_file() or path.is_symlink()):
        return None
    frame = t.read_table(path, ["series", "period_start", "period_end", "value", "source"], {"value": lim.COUNT})
    starts = [t.parse_date(v, path, f"row {i}.period_start") for i, v in enumerate(frame["period_start"].to_list(), start=2)]
    ends = [t.parse_date(v, path, f"row {i}.period_end") for i, v in enumerate(frame["period_end"].to_list(), start=2)]
    return frame.with_columns(pl.Series("period_start", starts), pl.Series("period_end", ends))


def observations(data: CouncilData, other: pl.DataFrame | None, as_of: dt.date | None = None) -> list[Observation]:
    """Every fitted fact: history rows used in calibration plus the DfE flow series; with ``as_of``, only periods ended by then."""
    out = [
        Observation(r["series"], r["period_start"], r["period_end"], float(r["value"]), r["source"])
        for r in data.history.filter(pl.col("used_in_calibration") == "yes").iter_rows(named=True)
        if r["series"] in STOCK_SERIES or r["series"] in FLOW_OF_SERIES
    ]
    if other is not None:
        out += dfe_series_rows(other)
    if as_of is not None:
        out = [o for o in out if o.period_end <= as_of]
    if not out:
        raise BadInputError(data.folder / "send_history.csv", "used_in_calibration", "(none)", "at least one fact to fit")
    return out


def _weights(dates: Sequence[dt.date], obs: Observation) -> np.ndarray:
    """Weights over month-start states (stocks: linear interpolation in days) or monthly flows (flows: days of overlap)."""
    if obs.is_stock:
        ordinals = np.array([d.toordinal() for d in dates], dtype=float)
        w = np.zeros(len(dates))
        x = float(obs.period_start.toordinal())
        i = int(np.clip(np.searchsorted(ordinals, x, side="right") - 1, 0, len(dates) - 2))
        f = float(np.clip((x - ordinals[i]) / (ordinals[i + 1] - ordinals[i]), 0.0, 1.0))
        w[i], w[i + 1] = 1.0 - f, f
        return w
    w = np.zeros(len(dates) - 1)
    for m in range(len(dates) - 1):
        m0, m1 = dates[m], dates[m + 1]
        overlap = (min(m1, obs.period_end + dt.timedelta(days=1)) - max(m0, obs.period_start)).days
        if overlap > 0:
            w[m] = overlap / (m1 - m0).days
    return w


@dataclass
class ExpectedModel:
    """The expected-path model set up once for a fit: the rates that do not move, and each fact's weights."""

    data: CouncilData
    base_date: dt.date
    end: dt.date
    obs: list[Observation]
    template: SendRates
    stock_weights: np.ndarray  # [O, T+1]
    flow_weights: dict[str, np.ndarray]  # flow name -> [O, T]
    is_stock: np.ndarray  # [O] bool

    @classmethod
    def build(cls, data: CouncilData, obs: list[Observation], base_date: dt.date) -> ExpectedModel:
        """Rates and weights for the facts in ``obs``, run from the history start to two months past the last one."""
        last = max(max(o.period_end for o in obs), base_date) + dt.timedelta(days=62)
        end = dt.date(last.year, last.month, 1)
        months = _months_between(HISTORY_START, end)
        template = build_send_rates(data, None, HISTORY_START, months, base_date=base_date)
        dates = list(template.dates) + [end]
        stock_w = np.array([_weights(dates, o) if o.is_stock else np.zeros(len(dates)) for o in obs])
        flows: dict[str, np.ndarray] = {}
        for i, o in enumerate(obs):
            if o.is_stock:
                continue
            for name in FLOW_OF_SERIES[o.series]:
                flows.setdefault(name, np.zeros((len(obs), months)))[i] = _weights(dates, o)
        return cls(data, base_date, end, obs, template, stock_w, flows, np.array([o.is_stock for o in obs]))

    def rates(self, values: dict[str, float]) -> SendRates:
        """The history-run rates with the fitted rates set to ``values`` (as ``calibrate.history_run`` builds them)."""
        d = self.data
        r = self.template
        per_officer = values["assessment_slots_per_casework_officer"]
        added = d.value("casework_officers_added_2023_08") * per_officer
        slots = np.maximum(
            np.array([values["assessment_slots_before_2023_08"] + (added if m >= CASEWORK_EXPANSION_DATE else 0.0) for m in r.dates]), 1.0
        )
        composition = d.stock_base / d.stock_base.sum()
        years = (HISTORY_START - self.base_date).days / 365.25
        lam = values["request_rate_per_month_at_base"] * math.exp(values["request_trend_per_year"] * years)
        q0 = lam * values["request_agreed_share"] * d.value("assessment_service_months_mean")
        return dataclasses.replace(
            r,
            request_rate_per_month_at_base=values["request_rate_per_month_at_base"],
            request_trend_per_year=values["request_trend_per_year"],
            agreed_share=values["request_agreed_share"],
            conversion_share=values["plan_conversion_share"],
            ceasing_per_month=np.full_like(r.ceasing_per_month, float(annual_to_monthly(values["ceasing_rate_per_year"]))),
            assessment_slots=slots,
            initial_stock=composition * values["ehcp_stock_at_history_start"],
            initial_queue=q0 * d.request_mix,
        )

    def run(self, values: dict[str, float]) -> DemandPaths:
        """The expected path for ``values``."""
        return expected_path(self.rates(values))

    def expected(self, path: DemandPaths) -> np.ndarray:
        """Each fact's expected value on ``path``."""
        out = self.stock_weights @ path.ehcp_total()[0]
        for name, w in self.flow_weights.items():
            out = out + w @ path.flows[name][0]
        return np.asarray(out, dtype=float)


def nb_logpmf(y: np.ndarray, mu: np.ndarray, phi: np.ndarray) -> np.ndarray:
    """Negative binomial log probability of counts ``y`` with mean ``mu`` and dispersion ``phi``."""
    return gammaln(y + phi) - gammaln(phi) - gammaln(y + 1.0) + phi * np.log(phi / (phi + mu)) + y * np.log(mu / (phi + mu))


@dataclass
class Posterior:
    """The log posterior over the transformed parameter vector ``z`` (rates then dispersions)."""

    model: ExpectedModel
    priors: list[Prior]

    @property
    def names(self) -> list[str]:
        """Parameter names in the order of ``z``."""
        return [p.name for p in self.priors]

    def natural(self, z: np.ndarray) -> dict[str, float]:
        """``z`` in natural units, by name."""
        return {p.name: float(from_scale(z[i], p.scale)) for i, p in enumerate(self.priors)}

    def centre(self) -> np.ndarray:
        """The prior centres on the transformed scale."""
        return np.array([float(to_scale(p.centre, p.scale)) for p in self.priors])

    def log_prior(self, z: np.ndarray) -> float:
        """Sum of the normal log densities on the transformed scale."""
        c = self.centre()
        sd = np.array([p.sd for p in self.priors])
        return float(-0.5 * np.sum(((z - c) / sd) ** 2))

    def __call__(self, z: np.ndarray) -> float:
        """Log posterior (up to a constant); -inf where the model has no valid expectation."""
        if not np.all(np.isfinite(z)) or np.any(np.abs(z - self.centre()) > 12.0 * np.array([p.sd for p in self.priors])):
            return -math.inf
        values = self.natural(z)
        mu = self.model.expected(self.model.run(values))
        if not np.all(np.isfinite(mu)) or np.any(mu <= 0.0):
            return -math.inf
        y = np.array([o.value for o in self.model.obs])
        phi = np.where(self.model.is_stock, values["nb_dispersion_stock"], values["nb_dispersion_flow"])
        return self.log_prior(z) + float(np.sum(nb_logpmf(y, mu, phi)))


@dataclass(frozen=True)
class FitSettings:
    """Sampler sizes: walkers, steps kept after burn-in, thinning of the kept draws."""

    walkers: int = 24
    burn_in: int = 200
    steps: int = 400
    thin: int = 10
    map_evaluations: int = 500


BACKTEST = FitSettings(walkers=20, burn_in=150, steps=250, thin=10, map_evaluations=400)
"""A shorter run for each backtest origin's refit (its diagnostics are written beside its scores)."""

QUICK = FitSettings(walkers=20, burn_in=0, steps=4, thin=2, map_evaluations=0)
"""A small fixed-seed run for tests: far from converged, its diagnostics say so."""


@dataclass(frozen=True)
class PosteriorFit:
    """Posterior draws of the SEND rates with their diagnostics and checks against every fact."""

    names: list[str]
    chain: np.ndarray  # [walkers, kept steps, K] natural units
    draws: pl.DataFrame  # thinned joint draws, one row each (draw, every parameter, source)
    priors: list[Prior]
    obs: list[Observation]
    settings: FitSettings
    seed: int
    acceptance: float
    diagnostics: pl.DataFrame
    predictive: pl.DataFrame
    fit_error: pl.DataFrame
    as_of: dt.date | None

    def median(self, name: str) -> float:
        """Posterior median of a parameter."""
        return float(np.median(self.draws[name].to_numpy()))


def _map_start(post: Posterior, evaluations: int) -> np.ndarray:
    """A posterior mode found from the prior centre (Powell; the start of the walkers)."""
    z0 = post.centre()
    if evaluations <= 0:
        return z0
    res = minimize(
        lambda z: -post(z) if np.isfinite(post(z)) else 1e12, z0, method="Powell", options={"maxfev": evaluations, "xtol": 1e-3, "ftol": 1e-4}
    )
    return np.asarray(res.x if np.isfinite(post(res.x)) else z0)


def diagnostics_table(names: list[str], chain_z: np.ndarray, chain: np.ndarray, priors: list[Prior]) -> pl.DataFrame:
    """Per parameter: posterior summary, split R-hat, bulk and tail ESS (arviz; walkers as chains), targets met."""
    import arviz as az

    idata = az.convert_to_inference_data({n: chain_z[:, :, k] for k, n in enumerate(names)})
    rhat = az.rhat(idata, method="rank")
    bulk = az.ess(idata, method="bulk")
    tail = az.ess(idata, method="tail")
    rows = []
    for k, (n, p) in enumerate(zip(names, priors)):
        x = chain[:, :, k].ravel()
        r, eb, et = float(rhat[n]), float(bulk[n]), float(tail[n])
        rows.append(
            {
                "parameter": n,
                "prior_scale": p.scale,
                "prior_centre": p.centre,
                "prior_sd_on_scale": round(p.sd, 4),
                "posterior_mean": float(np.mean(x)),
                "posterior_sd": float(np.std(x)),
                "p5": float(np.percentile(x, 5)),
                "p50": float(np.percentile(x, 50)),
                "p95": float(np.percentile(x, 95)),
                "r_hat": round(r, 4),
                "ess_bulk": round(eb, 1),
                "ess_tail": round(et, 1),
                "meets_targets": bool(r < R_HAT_MAX and eb > ESS_MIN and et > ESS_MIN),
                "prior_source": p.source,
            }
        )
    return pl.DataFrame(rows)


def _draw_table(post: Posterior, chain_z: np.ndarray, thin: int, seed: int, as_of: dt.date | None) -> tuple[np.ndarray, pl.DataFrame]:
    """Thinned joint draws (natural units) with the assessments in progress at the base date of each draw's history run."""
    flat = chain_z[:, ::thin, :].reshape(-1, chain_z.shape[2])
    model = post.model
    queue = []
    for z in flat:
        values = post.natural(z)
        path = model.run(values)
        ordinals = np.array([d.toordinal() for d in path.dates], dtype=float)
        queue.append(float(np.interp(model.base_date.toordinal(), ordinals, path.queue[0])))
    natural = np.array([[float(from_scale(z[i], p.scale)) for i, p in enumerate(post.priors)] for z in flat])
    cut = f"facts to {as_of}" if as_of is not None else "every fact"
    source = (
        f"fit: sefton-sim calibrate (emcee ensemble, seed {seed}, {chain_z.shape[0]} walkers x {chain_z.shape[1]} steps after burn-in, thin {thin}) "
        f"to {len(model.obs)} facts ({cut}) in send_history.csv and DfE flow series; negative binomial; priors from send_parameters.csv"
    )
    columns: dict[str, object] = {"draw": np.arange(len(flat))}
    for i, p in enumerate(post.priors):
        columns[p.name] = natural[:, i]
    columns["assessments_in_progress_at_base"] = np.array(queue)
    columns["source"] = [source] * len(flat)
    return flat, pl.DataFrame(columns)


def predictive_tables(post: Posterior, flat_z: np.ndarray, seed: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Posterior-predictive check (observed vs p5/p50/p95 of simulated facts) and fit error (posterior median of the expectation vs fact)."""
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(7,)))
    model = post.model
    mus = []
    sims = []
    for z in flat_z:
        values = post.natural(z)
        mu = model.expected(model.run(values))
        phi = np.where(model.is_stock, values["nb_dispersion_stock"], values["nb_dispersion_flow"])
        mus.append(mu)
        sims.append(rng.negative_binomial(phi, phi / (phi + mu)))
    mu_a, sim_a = np.array(mus), np.array(sims, dtype=float)
    pred, err = [], []
    for i, o in enumerate(model.obs):
        p5, p50, p95 = np.percentile(sim_a[:, i], [5, 50, 95])
        key = {"series": o.series, "period_start": o.period_start, "period_end": o.period_end, "fact": o.value}
        pred.append({**key, "p5": float(p5), "p50": float(p50), "p95": float(p95), "inside_p5_p95": bool(p5 <= o.value <= p95), "source": o.source})
        m = float(np.median(mu_a[:, i]))
        err.append(
            {
                **key,
                "posterior_median": round(m, 1),
                "error": round(m - o.value, 1),
                "error_pct": round(100.0 * (m - o.value) / o.value, 1),
                "source": o.source,
            }
        )
    return pl.DataFrame(pred), pl.DataFrame(err)


def fit_send_posterior(
    data: CouncilData,
    other: pl.DataFrame | None = None,
    settings: FitSettings = FitSettings(),
    seed: int = 1,
    base_date: dt.date = dt.date(2024, 4, 1),
    as_of: dt.date | None = None,
    progress: ProgressReporter = NO_PROGRESS,
) -> PosteriorFit:
    """Sample the joint posterior of the SEND rates (emcee), with diagnostics and checks; reproducible for a seed.

    With ``as_of``, only facts whose period had ended by then are fitted (a backtest's refit).
    """
    obs = observations(data, other, as_of)
    priors = build_priors(data)
    post = Posterior(ExpectedModel.build(data, obs, base_date), priors)
    k = len(priors)
    start = _map_start(post, settings.map_evaluations)
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(3,)))
    sd = np.array([p.sd for p in priors])
    p0 = start + 0.05 * sd * rng.standard_normal((settings.walkers, k))
    moves = [(emcee.moves.DEMove(), 0.8), (emcee.moves.DESnookerMove(), 0.2)]
    sampler = emcee.EnsembleSampler(settings.walkers, k, post, moves=moves)
    sampler.random_state = np.random.RandomState(seed).get_state()  # emcee draws from its own RandomState
    phase = progress.phase("sampler steps", settings.burn_in + settings.steps)
    for _ in sampler.sample(p0, iterations=settings.burn_in + settings.steps):
        phase.advance()
    phase.close()
    chain_z = np.swapaxes(sampler.get_chain(discard=settings.burn_in), 0, 1)  # [walkers, steps, K]
    chain = np.stack([from_scale(chain_z[:, :, i], p.scale) for i, p in enumerate(priors)], axis=2)
    names = post.names
    diagnostics = diagnostics_table(names, chain_z, chain, priors)
    flat_z, draws = _draw_table(post, chain_z, settings.thin, seed, as_of)
    predictive, fit_error = predictive_tables(post, flat_z, seed)
    return PosteriorFit(
        names, chain, draws, priors, obs, settings, seed, float(np.mean(sampler.acceptance_fraction)), diagnostics, predictive, fit_error, as_of
    )


DIAGNOSTICS_FILE = "send_fit_diagnostics.csv"
PREDICTIVE_FILE = "send_fit_predictive_check.csv"
FIT_ERROR_FILE = "send_fit_error.csv"
PRIORS_FILE = "send_fit_priors.csv"


def prior_table(fit: PosteriorFit) -> pl.DataFrame:
    """Each prior with its scale, centre, spread and source."""
    return pl.DataFrame([{"parameter": p.name, "scale": p.scale, "centre": p.centre, "sd_on_scale": p.sd, "source": p.source} for p in fit.priors])


def write_fit_tables(data: CouncilData, fit: PosteriorFit, folder: Path) -> list[Path]:
    """Write the draws, fitted parameters, diagnostics, predictive check, fit error and priors into ``folder``."""
    out = []
    for name, frame in (
        (DRAWS_FILE, fit.draws.select(["draw", *PARAMETER_COLUMNS, "source"])),
        (FITTED_FILE, fitted_parameter_table(data, fit)),
        (DIAGNOSTICS_FILE, fit.diagnostics),
        (PREDICTIVE_FILE, fit.predictive),
        (FIT_ERROR_FILE, fit.fit_error),
        (PRIORS_FILE, prior_table(fit)),
    ):
        path = Path(folder) / name
        frame.write_csv(path)
        out.append(path)
    return out


def history_check(data: CouncilData, values: dict[str, float], base_date: dt.date, end: dt.date) -> DemandPaths:
    """``calibrate.history_run`` with ``values``: the reference the fast expected model must agree with."""
    rates = {n: v for n, v in values.items() if n in data.parameters}
    return history_run(with_values(data, rates), base_date, end)


def fitted_parameter_table(data: CouncilData, fit: PosteriorFit) -> pl.DataFrame:
    """``send_fitted_parameters.csv`` from the posterior: median as value, posterior sd, with provenance.

    A median outside the parameter's plausible range in ``send_parameters.csv`` is clipped to it
    (the range is the prior's +-2 sd, so the draws may leave it; the value a point run uses may not).
    """
    rows = []
    cut = f" to facts ending by {fit.as_of}" if fit.as_of is not None else ""
    for name in [n for n, _ in FITTED_RATES] + ["assessments_in_progress_at_base"]:
        p = data.parameters[name]
        x = fit.draws[name].to_numpy()
        value = float(np.clip(np.median(x), p.low, p.high))
        rows.append(
            {
                "parameter": name,
                "value": f"{value:.6g}",
                "sd": f"{float(np.std(x)):.6g}",
                "unit": p.unit,
                "source": (
                    f"fit: sefton-sim calibrate (Bayesian, emcee, seed {fit.seed}){cut}: posterior median and sd of "
                    f"{fit.draws.height} joint draws ({DRAWS_FILE}); prior {p.low:g}-{p.high:g} = +-2 sd (assumption, send_parameters.csv)"
                ),
            }
        )
    return pl.DataFrame(rows)
