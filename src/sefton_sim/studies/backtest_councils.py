"""Rolling-origin backtest across English councils of the structural growth forecaster.

For each origin census and every council with a complete DfE caseload series, the growth prior
is fitted and the council's state read using only censuses up to and including the origin
(``GrowthPanel.up_to``: later rows are ignored even though they are in the file). Plans in place
(total and by setting) are forecast at each horizon (years after the origin census) and scored
against the later census: coverage of p10-p90 and p5-p95, PIT, CRPS (``scoringrules``) and the
absolute percentage error of the median, beside the naive benchmark "same growth as last year"
(a point forecast: its CRPS is its absolute error) on the same folds.

The forecaster is the structural growth model on totals (and setting shares), not the SEND
simulation: the simulation is too slow for 144 councils x 4 origins. The interval widening
calibrated from these errors (``widening``) is therefore a widening of this forecaster's bands.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
import scoringrules

from sefton_sim.demand import structural_growth as sg
from sefton_sim.errors import BadInputError
from sefton_sim.model import states as st

QUANTILES: tuple[tuple[str, float], ...] = (("p5", 0.05), ("p10", 0.10), ("p50", 0.50), ("p90", 0.90), ("p95", 0.95))
TOTAL = "total_plans"
MEASURES: tuple[str, ...] = (TOTAL, *(f"plans_{s}" for s in st.SETTINGS))
"""``measure`` values: total plans in place and plans by model setting."""
FORECAST_COLUMNS: tuple[str, ...] = (
    "la_code",
    "origin_period",
    "target_period",
    "horizon_years",
    "measure",
    "p5",
    "p10",
    "p50",
    "p90",
    "p95",
    "actual",
    "pit",
    "crps",
    "naive_p50",
    "naive_crps",
)


@dataclass(frozen=True)
class CouncilsBacktest:
    """Forecast rows (one per council, origin, horizon and measure) and the fitted priors' summaries."""

    forecasts: pl.DataFrame
    priors: pl.DataFrame
    councils: int
    total_draws: np.ndarray  # [total-plan rows of ``forecasts`` in order, paths] the ensembles behind them


def _target(periods: tuple[int, ...], origin: int, horizon: int) -> int | None:
    """The census ``horizon`` years after ``origin`` if the panel has it."""
    if origin not in periods:
        return None
    i = periods.index(origin) + horizon
    return periods[i] if i < len(periods) else None


def backtest_councils(
    panel: sg.GrowthPanel, origins: list[int], horizons: list[int], seed: int = 1, paths: int = 2000, only: list[str] | None = None
) -> CouncilsBacktest:
    """Fit at every origin on rows up to it, forecast each council at each horizon, score against the later census."""
    for o in origins:
        if o not in panel.periods:
            raise BadInputError(panel.source, "--origins", o, f"a census period of the file ({', '.join(map(str, panel.periods))})")
    if only:
        unknown = [c for c in only if c not in panel.la_codes]
        if unknown:
            raise BadInputError(panel.source, "--councils", ",".join(unknown), "council codes with a complete DfE caseload series")
    rows: list[dict[str, object]] = []
    total_draws: list[np.ndarray] = []
    priors = []
    years = max(horizons)
    for o_index, origin in enumerate(origins):
        prior = sg.fit_growth_prior(panel, origin, seed)
        priors.append({**prior.summary(), "national_pseudo_sd": prior.national_pseudo_sd})
        states = sg.council_states(panel, origin)
        cut = panel.up_to(origin)
        for c_index, state in enumerate(states):
            if only and state.la_code not in only:
                continue
            rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(o_index, c_index)))
            total, by_setting, _ = sg.draw_plans(prior, state, years, rng, paths)
            last_growth = cut.stock[c_index, -1] / cut.stock[c_index, -2]
            last_setting = (cut.by_setting[c_index, -1] + sg.SHARE_FLOOR) / (cut.by_setting[c_index, -2] + sg.SHARE_FLOOR)
            full = panel.la_codes.index(state.la_code)
            block: list[dict[str, object]] = []
            ensembles: list[np.ndarray] = []
            for h in horizons:
                target = _target(panel.periods, origin, h)
                if target is None:
                    continue
                t = panel.periods.index(target)
                draws = {TOTAL: total[:, h - 1], **{f"plans_{s}": by_setting[:, h - 1, k] for k, s in enumerate(st.SETTINGS)}}
                actuals = {TOTAL: panel.stock[full, t], **{f"plans_{s}": panel.by_setting[full, t, k] for k, s in enumerate(st.SETTINGS)}}
                naives = {
                    TOTAL: state.plans * last_growth**h,
                    **{
                        f"plans_{s}": (state.plans_by_setting[k] + sg.SHARE_FLOOR) * last_setting[k] ** h - sg.SHARE_FLOOR
                        for k, s in enumerate(st.SETTINGS)
                    },
                }
                for measure in MEASURES:
                    actual = float(actuals[measure])
                    block.append(
                        {
                            "la_code": state.la_code,
                            "origin_period": origin,
                            "target_period": target,
                            "horizon_years": h,
                            "measure": measure,
                            "actual": actual,
                            "naive_p50": float(naives[measure]),
                            "naive_crps": abs(float(naives[measure]) - actual),
                        }
                    )
                    ensembles.append(draws[measure])
            if not block:
                continue
            ens = np.array(ensembles)
            obs = np.array([float(b["actual"]) for b in block])  # type: ignore[arg-type]
            q = np.quantile(ens, [p for _, p in QUANTILES], axis=1)
            pit = (np.sum(ens < obs[:, None], axis=1) + 0.5 * np.sum(ens == obs[:, None], axis=1)) / ens.shape[1]
            crps = np.asarray(scoringrules.crps_ensemble(obs, ens))
            for j, b in enumerate(block):
                b.update({name: float(q[k, j]) for k, (name, _) in enumerate(QUANTILES)})
                b.update(pit=float(pit[j]), crps=float(crps[j]))
            rows.extend(block)
            total_draws.extend(e for b, e in zip(block, ensembles, strict=True) if b["measure"] == TOTAL)
    forecasts = pl.DataFrame(rows).select(FORECAST_COLUMNS) if rows else pl.DataFrame()
    councils = forecasts["la_code"].n_unique() if rows else 0
    total_matrix = np.array(total_draws) if total_draws else np.zeros((0, paths))
    return CouncilsBacktest(forecasts, pl.DataFrame(priors), councils, total_matrix)


def widened_total_forecasts(result: CouncilsBacktest, factor_of: dict[tuple[int, int], float]) -> pl.DataFrame:
    """Total-plan forecast rows re-scored with each ensemble widened on the log scale about its median.

    ``factor_of[(origin_period, horizon_years)]`` is the factor for that fold (rows without one are
    dropped): quantiles, PIT and CRPS are those of ``p50 * (draw / p50) ** factor``.
    """
    total = result.forecasts.filter(pl.col("measure") == TOTAL)
    keys = list(zip(total["origin_period"].to_list(), total["horizon_years"].to_list(), strict=True))
    factor = np.array([factor_of.get((int(o), int(h)), np.nan) for o, h in keys])
    keep = np.isfinite(factor)
    draws, factor, rows = result.total_draws[keep], factor[keep], total.filter(pl.Series(keep))
    p50 = np.median(draws, axis=1, keepdims=True)
    ens = p50 * np.power(draws / p50, factor[:, None])
    obs = rows["actual"].to_numpy()
    q = np.quantile(ens, [p for _, p in QUANTILES], axis=1)
    pit = (np.sum(ens < obs[:, None], axis=1) + 0.5 * np.sum(ens == obs[:, None], axis=1)) / ens.shape[1]
    crps = np.asarray(scoringrules.crps_ensemble(obs, ens))
    return rows.with_columns(
        *[pl.Series(name, q[k]) for k, (name, _) in enumerate(QUANTILES)],
        pl.Series("pit", pit),
        pl.Series("crps", crps),
        pl.Series("widening_factor", factor),
    )


def _scored(frame: pl.DataFrame, lo80: str = "p10", hi80: str = "p90", lo90: str = "p5", hi90: str = "p95") -> list[pl.Expr]:
    ape = (pl.col("p50") / pl.col("actual") - 1).abs() * 100
    naive_ape = (pl.col("naive_p50") / pl.col("actual") - 1).abs() * 100
    return [
        pl.len().alias("forecasts"),
        ((pl.col("actual") >= pl.col(lo80)) & (pl.col("actual") <= pl.col(hi80))).mean().alias("coverage_p10_p90"),
        ((pl.col("actual") >= pl.col(lo90)) & (pl.col("actual") <= pl.col(hi90))).mean().alias("coverage_p5_p95"),
        pl.col("pit").mean().alias("mean_pit"),
        pl.col("crps").mean().alias("mean_crps"),
        pl.col("naive_crps").mean().alias("naive_mean_crps"),
        ape.filter(pl.col("actual") > 0).mean().alias("mean_ape_pct"),
        naive_ape.filter(pl.col("actual") > 0).mean().alias("naive_mean_ape_pct"),
        ape.filter(pl.col("actual") > 0).median().alias("median_ape_pct"),
        naive_ape.filter(pl.col("actual") > 0).median().alias("naive_median_ape_pct"),
    ]


def scores(forecasts: pl.DataFrame, bands: str = "raw") -> pl.DataFrame:
    """Scores by measure and horizon, and pooled over horizons (``horizon_years`` = 0), ours beside the naive benchmark.

    Columns: bands, measure, horizon_years, forecasts, coverage_p10_p90, coverage_p5_p95, mean_pit,
    mean_crps, naive_mean_crps, mean_ape_pct, naive_mean_ape_pct, median_ape_pct, naive_median_ape_pct.
    Coverage and PIT belong to our bands only (the naive benchmark is a point forecast).
    """
    by_h = forecasts.group_by("measure", "horizon_years").agg(_scored(forecasts))
    pooled = forecasts.group_by("measure").agg(_scored(forecasts)).with_columns(pl.lit(0, dtype=by_h["horizon_years"].dtype).alias("horizon_years"))
    out = pl.concat([by_h, pooled.select(by_h.columns)]).with_columns(pl.lit(bands).alias("bands"))
    return out.select("bands", *[c for c in out.columns if c != "bands"]).sort("bands", "measure", "horizon_years")


def pit_histogram(forecasts: pl.DataFrame, bins: int = 10) -> pl.DataFrame:
    """Share of PIT values in each tenth, by measure and horizon (a flat 0.1 is calibrated)."""
    binned = forecasts.with_columns((pl.col("pit") * bins).floor().clip(0, bins - 1).cast(pl.Int64).alias("pit_bin"))
    counts = binned.group_by("measure", "horizon_years", "pit_bin").len()
    totals = counts.group_by("measure", "horizon_years").agg(pl.col("len").sum().alias("n"))
    out = counts.join(totals, on=["measure", "horizon_years"]).with_columns(
        (pl.col("pit_bin") / bins).alias("pit_from"), ((pl.col("pit_bin") + 1) / bins).alias("pit_to"), (pl.col("len") / pl.col("n")).alias("share")
    )
    return out.select("measure", "horizon_years", "pit_from", "pit_to", "share").sort("measure", "horizon_years", "pit_from")
