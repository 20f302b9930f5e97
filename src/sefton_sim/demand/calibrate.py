"""Calibrate the SEND model's unknown rates to the published fact series.

The mean-field (expected-value) run of the vector core starts at the history start with an
unknown stock, runs month by month to the base date and a little beyond, and is compared with
every fact in ``send_history.csv`` marked ``used_in_calibration``. ``scipy.optimize.least_squares``
moves the calibrated parameters within their assumption ranges to minimise relative errors.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl
from scipy.optimize import least_squares

from sefton_sim.data.council import FITTED_FILE, CouncilData, Parameter
from sefton_sim.demand.rates import build_send_rates
from sefton_sim.demand.vector import DemandPaths, expected_path
from sefton_sim.model.progress import NO_PROGRESS, ProgressReporter

HISTORY_START = dt.date(2017, 1, 1)
FITTED = (
    "request_rate_per_month_at_base",
    "request_trend_per_year",
    "ehcp_stock_at_history_start",
    "assessment_slots_before_2023_08",
    "plan_conversion_share",
    "ceasing_rate_per_year",
    "assessment_slots_per_casework_officer",
)
DFE_FLOW_SERIES: dict[str, tuple[str, ...]] = {
    "requests_received": ("requests",),
    "assessments_completed": ("assessments_completed",),
    "plans_ceased": ("ceased", "aged_out"),
}
"""The DfE flow series (``dfe_other_series.csv``) as sums of model flows."""
SERIES_WEIGHT = {"ehcp_stock": 5.0, "arranged_placements": 2.0, "plans_issued": 1.0, "agreed_requests": 1.0}


@dataclass(frozen=True)
class CalibrationResult:
    """Fitted parameters with standard errors, and every fact point with its model value."""

    parameters: dict[str, Parameter]
    table: pl.DataFrame  # series, period_start, period_end, fact, model, error, error_pct, source
    base_date_stock: float
    base_date_fact_interpolation: float
    assessments_in_progress_at_base: float
    cost: float


def with_values(data: CouncilData, values: dict[str, float]) -> CouncilData:
    params = dict(data.parameters)
    for name, value in values.items():
        params[name] = dataclasses.replace(params[name], value=float(value))
    return dataclasses.replace(data, parameters=params)


def _months_between(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + (end.month - start.month)


def history_run(data: CouncilData, base_date: dt.date, end: dt.date) -> DemandPaths:
    """Mean-field run from the history start to ``end`` with the data's current parameter values."""
    composition = data.stock_base / data.stock_base.sum()
    stock0 = composition * data.value("ehcp_stock_at_history_start")
    months = _months_between(HISTORY_START, end)
    rates = build_send_rates(data, None, HISTORY_START, months, initial_stock=stock0, base_date=base_date)
    # pipeline at the history start: requests then in hand for one mean assessment time
    years = (HISTORY_START - base_date).days / 365.25
    lam = data.value("request_rate_per_month_at_base") * np.exp(data.value("request_trend_per_year") * years)
    q0 = lam * data.value("request_agreed_share") * data.value("assessment_service_months_mean")
    rates = dataclasses.replace(rates, initial_queue=q0 * data.request_mix)
    return expected_path(rates)


def state_at(path: DemandPaths, series: np.ndarray, when: dt.date) -> float:
    """Linear interpolation in days of a month-start state series at ``when``."""
    ordinals = np.array([d.toordinal() for d in path.dates], dtype=float)
    return float(np.interp(when.toordinal(), ordinals, series))


def flow_over(path: DemandPaths, flow: np.ndarray, start: dt.date, end: dt.date) -> float:
    """Sum of a monthly flow over [start, end], pro-rating part months by days."""
    total = 0.0
    for t in range(len(flow)):
        m0, m1 = path.dates[t], path.dates[t + 1]
        overlap = (min(m1, end + dt.timedelta(days=1)) - max(m0, start)).days
        if overlap > 0:
            total += flow[t] * overlap / (m1 - m0).days
    return total


def model_value(path: DemandPaths, series: str, start: dt.date, end: dt.date, i: int = 0) -> float:
    """The model's value on path ``i`` for a fact series over a period (see send_history.csv)."""
    if series == "ehcp_stock":
        return state_at(path, path.ehcp_total()[i], start)
    if series == "arranged_placements":
        # the published count (2,923 in Oct 2023) exceeds the EHCP stock four months earlier
        # (2,857), so it is compared with all plans, not a subset
        return state_at(path, path.ehcp_total()[i], start)
    if series == "plans_issued":
        return flow_over(path, path.flows["new_plans"][i], start, end)
    if series == "agreed_requests":
        return flow_over(path, path.flows["assessments_agreed"][i], start, end)
    if series in DFE_FLOW_SERIES:
        return sum(flow_over(path, path.flows[name][i], start, end) for name in DFE_FLOW_SERIES[series])
    raise KeyError(series)


def fact_interpolation(history: pl.DataFrame, when: dt.date) -> float:
    """Stock fact interpolated linearly in days between the nearest fact dates."""
    rows = history.filter(pl.col("series") == "ehcp_stock").sort("period_start")
    days = np.array([d.toordinal() for d in rows["period_start"]], dtype=float)
    return float(np.interp(when.toordinal(), days, rows["value"].to_numpy()))


def compare_to_facts(data: CouncilData, path: DemandPaths) -> pl.DataFrame:
    """Every history fact with the model's value and the error."""
    records = []
    for row in data.history.iter_rows(named=True):
        model = model_value(path, row["series"], row["period_start"], row["period_end"])
        records.append(
            {
                "series": row["series"],
                "period_start": row["period_start"],
                "period_end": row["period_end"],
                "fact": row["value"],
                "model": round(model, 1),
                "error": round(model - row["value"], 1),
                "error_pct": round(100.0 * (model - row["value"]) / row["value"], 1),
                "used_in_calibration": row["used_in_calibration"] == "yes",
                "source": row["source"],
            }
        )
    return pl.DataFrame(records)


def calibrate_send(data: CouncilData, base_date: dt.date = dt.date(2024, 4, 1), progress: ProgressReporter = NO_PROGRESS) -> CalibrationResult:
    """Fit the calibrated SEND parameters to the history facts (relative least squares); ``progress`` counts model evaluations."""
    used = data.history.filter(pl.col("used_in_calibration") == "yes")
    last_fact: dt.date = used["period_end"].max()  # type: ignore[assignment]
    end = max(last_fact, base_date) + dt.timedelta(days=62)
    end = dt.date(end.year, end.month, 1)
    priors = [data.parameters[name] for name in FITTED]
    scale = np.array([p.high - p.low for p in priors])
    lower = np.array([p.low for p in priors])
    weights = np.array([SERIES_WEIGHT.get(s, 1.0) for s in used["series"]])

    evaluations = progress.phase("calibration: history runs of the least-squares fit", None)

    def residuals(z: np.ndarray) -> np.ndarray:
        evaluations.advance()
        trial = with_values(data, dict(zip(FITTED, lower + z * scale)))
        path = history_run(trial, base_date, end)
        model = np.array([model_value(path, r["series"], r["period_start"], r["period_end"]) for r in used.iter_rows(named=True)])
        return weights * (model / used["value"].to_numpy() - 1.0)

    z0 = np.clip(np.array([(p.value - p.low) for p in priors]) / scale, 0.01, 0.99)
    fit = least_squares(residuals, z0, bounds=(0.0, 1.0), x_scale=0.1, diff_step=1e-3)
    evaluations.close()
    values = lower + fit.x * scale
    # standard errors from the Jacobian (in parameter units)
    dof = max(len(fit.fun) - len(values), 1)
    s2 = float(fit.fun @ fit.fun) / dof
    try:
        cov_z = np.linalg.pinv(fit.jac.T @ fit.jac) * s2
        sds = np.sqrt(np.clip(np.diag(cov_z), 0.0, None)) * scale
    except np.linalg.LinAlgError:
        sds = np.full(len(values), np.nan)

    fitted_data = with_values(data, dict(zip(FITTED, values)))
    path = history_run(fitted_data, base_date, end)
    table = compare_to_facts(fitted_data, path)
    queue_at_base = state_at(path, path.queue[0], base_date)
    today = dt.date.today().isoformat()
    n_facts = used.height
    params: dict[str, Parameter] = {}
    for name, value, sd, prior in zip(FITTED, values, sds, priors):
        params[name] = dataclasses.replace(
            prior,
            value=float(value),
            sd=float(sd),
            source=f"fit: sefton-sim calibrate {today} to {n_facts} facts in send_history.csv; prior range {prior.low:g}-{prior.high:g} (assumption)",
        )
    q = data.parameters["assessments_in_progress_at_base"]
    params[q.name] = dataclasses.replace(
        q,
        value=float(np.clip(queue_at_base, q.low, q.high)),
        sd=0.0,
        source=f"fit: sefton-sim calibrate {today}: assessments in progress at {base_date} in the fitted history run",
    )
    return CalibrationResult(
        parameters=params,
        table=table,
        base_date_stock=state_at(path, path.ehcp_total()[0], base_date),
        base_date_fact_interpolation=fact_interpolation(data.history, base_date),
        assessments_in_progress_at_base=queue_at_base,
        cost=float(fit.cost),
    )


def write_fitted(result: CalibrationResult, folder: Path) -> Path:
    """Write the fitted parameters as data with provenance (``send_fitted_parameters.csv``)."""
    rows = [
        {"parameter": p.name, "value": f"{p.value:.6g}", "sd": f"{(p.sd or 0.0):.6g}", "unit": p.unit, "source": p.source}
        for p in result.parameters.values()
    ]
    path = Path(folder) / FITTED_FILE
    tmp = path.with_suffix(".csv.tmp")
    pl.DataFrame(rows).write_csv(tmp)
    tmp.replace(path)
    return path
