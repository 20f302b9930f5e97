"""Where the band comes from: the 2027/28 cumulative High Needs deficit's spread split by source.

Sources of variation between paths:

- ``demand_parameters``: the fitted SEND rates drawn per path (each path its own posterior draw,
  or the request trend and base rate's normal spread) and the INMSS share of the overflow;
- ``structural_growth``: each path's structural deviation of EHCP growth from the council's
  latest growth, damped toward regional and national growth (``demand.structural_growth``;
  reported as not modelled when the council folder has no growth state);
- ``money_ranges``: unit costs, fees, inflation, grant growth and other lines (``finance.money_draws``);
- ``process_noise``: the Poisson / binomial draws of the month step.

Method: the same scenario, seed and paths (common random numbers) run with sources switched
off: each source alone (the others off) gives its first-order share ``var(only) / var(all)``;
all but one gives its total share ``1 - var(without) / var(all)``. A source is off when: every
posterior draw holds the posterior median and the normal spreads are zero (demand parameters);
every path takes the central growth path, the mean of the structural draws (structural growth);
money is central; or each path runs the expected-value step from its own drawn parameters
(process noise). A source switched off still takes its random draws, so every other draw of a
path is unchanged. The p10-p90 widths of each run are reported beside the variance shares.
First-order shares sum to below one by the interactions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import polars as pl

from sefton_sim.demand.rates import PosteriorRates
from sefton_sim.demand.vector import chunk_sizes, concat_paths, simulate_chunk_expected_given_parameters
from sefton_sim.finance.general_fund import delivery_uniforms
from sefton_sim.simulate.run import SAVINGS_STREAM, Inputs, money_for, simulate
from sefton_sim.social_care.asc_packages import concat_asc_paths, simulate_asc_chunk
from sefton_sim.social_care.csc_packages import concat_csc_paths, simulate_csc_chunk

SOURCES: Final[tuple[str, ...]] = ("demand_parameters", "structural_growth", "money_ranges", "process_noise")
MEASURE: Final = "high_needs_cumulative_deficit"
DEFAULT_YEAR: Final = "2027/28"


@dataclass(frozen=True)
class Switches:
    """Which sources vary in one run."""

    on: frozenset[str]


def modelled_sources(inputs: Inputs) -> tuple[str, ...]:
    """The sources this build and scenario carry."""
    return tuple(s for s in SOURCES if s != "structural_growth" or inputs.send_rates.structural_growth is not None)


def _central_posterior(posterior: PosteriorRates) -> PosteriorRates:
    """The same number of posterior draws, each holding the median of every rate (the draws of a path are still taken)."""
    central: dict[str, Any] = {}
    for f in dataclasses.fields(posterior):
        values = np.asarray(getattr(posterior, f.name), dtype=np.float64)
        central[f.name] = np.repeat(np.median(values, axis=0, keepdims=True), values.shape[0], axis=0)
    return dataclasses.replace(posterior, **central)


def _with_switches(inputs: Inputs, on: frozenset[str]) -> Inputs:
    rates = inputs.send_rates
    if "demand_parameters" not in on:
        rates = dataclasses.replace(
            rates,
            request_trend_sd_per_year=0.0,
            request_rate_sd_log=0.0,
            overflow_to_inmss_share_sd_logit=0.0,
            posterior=None if rates.posterior is None else _central_posterior(rates.posterior),
        )
    if "structural_growth" not in on and rates.structural_growth is not None:
        rates = dataclasses.replace(rates, structural_growth=dataclasses.replace(rates.structural_growth, central_only=True))
    scenario = inputs.scenario
    if "money_ranges" not in on:
        scenario = scenario.model_copy(update={"finance": scenario.finance.model_copy(update={"money_ranges": "central"})})
    return dataclasses.replace(inputs, send_rates=rates, scenario=scenario)


def _without_process_noise(inputs: Inputs) -> np.ndarray:
    scenario = inputs.scenario
    seed, months = scenario.seed, 12 * scenario.horizon_years
    demand, csc, asc, uniforms = [], [], [], []
    for chunk, n in enumerate(chunk_sizes(scenario.paths)):
        demand.append(simulate_chunk_expected_given_parameters(inputs.send_rates, seed, chunk, n))
        if inputs.csc_rates is not None:
            csc.append(simulate_csc_chunk(inputs.csc_rates, months, n, seed, chunk))
        if inputs.asc_rates is not None:
            asc.append(simulate_asc_chunk(inputs.asc_rates, months, n, seed, chunk))
        uniforms.append(delivery_uniforms(np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(chunk, SAVINGS_STREAM)))), n))
    ledgers, _, _ = money_for(
        inputs,
        concat_paths(demand),
        concat_csc_paths(csc) if csc else None,
        concat_asc_paths(asc) if asc else None,
        np.concatenate(uniforms),
    )
    return ledgers.high_needs.cumulative_deficit_gbp_m


def cumulative_deficit_paths(inputs: Inputs, on: frozenset[str]) -> np.ndarray:
    """Cumulative High Needs deficit [P, Y] with only the sources in ``on`` varying."""
    switched = _with_switches(inputs, on)
    if "process_noise" not in on:
        return _without_process_noise(switched)
    result = simulate(switched)
    assert result.ledgers is not None
    return result.ledgers.high_needs.cumulative_deficit_gbp_m


def _width(values: np.ndarray) -> float:
    p10, p90 = np.percentile(values, [10, 90])
    return float(p90 - p10)


def variance_decomposition(
    inputs: Inputs, year: str = DEFAULT_YEAR, runner: Callable[[Inputs, frozenset[str]], np.ndarray] = cumulative_deficit_paths
) -> pl.DataFrame:
    """Shares of the spread of the cumulative deficit in ``year`` by source, on common random numbers.

    Columns: ``scenario, measure, financial_year, source, modelled, paths, p10_p90_width_gbp_m_only,
    variance_share_only, p10_p90_width_gbp_m_without, variance_share_total``, one row per source and
    a row ``all`` (every source on).
    """
    labels = [f"{inputs.first_financial_year + y}/{(inputs.first_financial_year + y + 1) % 100:02d}" for y in range(inputs.scenario.horizon_years)]
    if year not in labels:
        raise ValueError(f"{year} is not simulated (years {labels[0]}-{labels[-1]})")
    y = labels.index(year)
    sources = modelled_sources(inputs)
    everything = frozenset(sources)
    all_values = runner(inputs, everything)[:, y]
    var_all = float(np.var(all_values))
    rows = [
        {
            "source": "all",
            "modelled": True,
            "p10_p90_width_gbp_m_only": _width(all_values),
            "variance_share_only": 1.0,
            "p10_p90_width_gbp_m_without": 0.0,
            "variance_share_total": 1.0,
        }
    ]
    for source in SOURCES:
        if source not in sources:
            rows.append(
                {
                    "source": source,
                    "modelled": False,
                    "p10_p90_width_gbp_m_only": 0.0,
                    "variance_share_only": 0.0,
                    "p10_p90_width_gbp_m_without": _width(all_values),
                    "variance_share_total": 0.0,
                }
            )
            continue
        only = runner(inputs, frozenset({source}))[:, y]
        without = runner(inputs, everything - {source})[:, y]
        rows.append(
            {
                "source": source,
                "modelled": True,
                "p10_p90_width_gbp_m_only": _width(only),
                "variance_share_only": float(np.var(only)) / var_all if var_all > 0 else 0.0,
                "p10_p90_width_gbp_m_without": _width(without),
                "variance_share_total": 1.0 - float(np.var(without)) / var_all if var_all > 0 else 0.0,
            }
        )
    frame = pl.DataFrame(rows)
    return frame.select(
        pl.lit(inputs.scenario.name).alias("scenario"),
        pl.lit(MEASURE).alias("measure"),
        pl.lit(year).alias("financial_year"),
        "source",
        "modelled",
        pl.lit(inputs.scenario.paths).alias("paths"),
        pl.lit(inputs.scenario.seed).alias("seed"),
        pl.all().exclude("source", "modelled"),
    )
