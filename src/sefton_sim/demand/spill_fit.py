"""The INMSS share of the overflow, fitted to the DfE counts of children in INMSS.

When in-borough unit and special places are full, a child who needs one goes to an independent or
non-maintained special school (INMSS) with probability ``overflow_to_inmss_share``, else to an
over-capacity maintained place (local over capacity or out-of-area maintained, priced as
maintained special). The mean-field history run (the fitted rates, as ``calibrate.history_run``
builds it) is repeated for a share ``s``; the model's INMSS children at each January census are
compared with the council's DfE ``caseload.csv`` (``special_independent + special_non_maintained``,
all EHC plans) and ``s`` minimises the squared relative error. Its standard error comes from the
curvature of that error (Gauss-Newton, residual variance on n - 1 degrees of freedom); the spread
across paths is that error on the logit scale.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy.optimize import minimize_scalar

from sefton_sim.data.council import CouncilData
from sefton_sim.data.dfe_statistics import DfeStatistics
from sefton_sim.demand.calibrate import HISTORY_START, state_at
from sefton_sim.demand.rates import build_send_rates
from sefton_sim.demand.vector import DemandPaths, expected_path
from sefton_sim.model import states as st

INMSS_COLUMNS = ("special_independent", "special_non_maintained")
SHARE_RANGE = (0.01, 1.0)


def observed_inmss(stats: DfeStatistics, la: str) -> pl.DataFrame:
    """Children with EHC plans in INMSS at each January census: ``date, inmss``."""
    rows = stats.all_rows("caseload.csv", stats.resolve(la)).filter(pl.col("measure").is_in(INMSS_COLUMNS))
    return (
        rows.group_by("date")
        .agg(pl.col("value").sum().alias("inmss"), pl.col("value").count().alias("n"))
        .filter(pl.col("n") == 2)
        .drop("n")
        .sort("date")
    )


def history_with_share(data: CouncilData, share: float, base_date: dt.date, end: dt.date) -> DemandPaths:
    """The mean-field history run (as ``calibrate.history_run``) with INMSS share ``share`` of the overflow."""
    composition = data.stock_base / data.stock_base.sum()
    stock0 = composition * data.value("ehcp_stock_at_history_start")
    months = (end.year - HISTORY_START.year) * 12 + (end.month - HISTORY_START.month)
    rates = build_send_rates(data, None, HISTORY_START, months, initial_stock=stock0, base_date=base_date)
    years = (HISTORY_START - base_date).days / 365.25
    lam = data.value("request_rate_per_month_at_base") * np.exp(data.value("request_trend_per_year") * years)
    q0 = lam * data.value("request_agreed_share") * data.value("assessment_service_months_mean")
    rates = dataclasses.replace(rates, initial_queue=q0 * data.request_mix, overflow_to_inmss_share=float(share))
    return expected_path(rates)


@dataclass(frozen=True)
class SpillFit:
    """The fitted INMSS share of the overflow, its standard error and the fit, census by census."""

    share: float
    share_se: float
    share_sd_logit: float
    table: pl.DataFrame  # date, observed, model, error_pct
    rmse_pct: float
    mean_abs_error_pct: float


def _model_inmss(data: CouncilData, share: float, dates: list[dt.date], base_date: dt.date) -> np.ndarray:
    run = history_with_share(data, share, base_date, max(dates) + dt.timedelta(days=62))
    inmss = run.stock_by_band_setting[0, :, :, st.INMSS].sum(axis=1)
    return np.array([state_at(run, inmss, d) for d in dates])


def fit_spill_share(data: CouncilData, stats: DfeStatistics, la: str, base_date: dt.date = dt.date(2024, 4, 1)) -> SpillFit:
    """Fit ``overflow_to_inmss_share`` to the council's DfE INMSS counts (least squares on relative errors)."""
    observed = observed_inmss(stats, la)
    dates = observed["date"].to_list()
    target = observed["inmss"].to_numpy()

    def residuals(share: float) -> np.ndarray:
        return _model_inmss(data, share, dates, base_date) / target - 1.0

    best = minimize_scalar(lambda s: float(np.sum(residuals(s) ** 2)), bounds=SHARE_RANGE, method="bounded", options={"xatol": 1e-4})
    share = float(best.x)
    r = residuals(share)
    h = 1e-3
    jac = (residuals(min(share + h, 1.0)) - residuals(max(share - h, 0.0))) / (min(share + h, 1.0) - max(share - h, 0.0))
    sigma2 = float(np.sum(r**2)) / max(len(r) - 1, 1)
    info = float(np.sum(jac**2))
    se = float(np.sqrt(sigma2 / info)) if info > 0 else float("inf")
    inner = min(max(share, 1e-3), 1 - 1e-3)
    model = _model_inmss(data, share, dates, base_date)
    table = observed.select(pl.col("date"), pl.col("inmss").alias("observed")).with_columns(
        pl.Series("model", model), pl.Series("error_pct", 100.0 * (model / target - 1.0))
    )
    return SpillFit(
        share=share,
        share_se=se,
        share_sd_logit=se / (inner * (1.0 - inner)),
        table=table,
        rmse_pct=float(np.sqrt(np.mean((100.0 * r) ** 2))),
        mean_abs_error_pct=float(np.mean(np.abs(100.0 * r))),
    )
