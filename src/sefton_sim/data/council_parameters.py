"""Parameters, capacity and settings of a council folder built from the DfE statistics (DfE-scaled priors, labelled assumptions)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import polars as pl

from sefton_sim.data import dfe_statistics as dfe
from sefton_sim.data.council_sources import SEFTON_DEFAULT, all_values
from sefton_sim.model import states as st


def _param_row(name: str, value: float, low: float, high: float, unit: str, calibrated: bool, source: str) -> dict[str, str]:
    low, high = min(low, value), max(high, value)
    return {
        "parameter": name,
        "value": f"{value:.6g}",
        "low": f"{low:.6g}",
        "high": f"{high:.6g}",
        "unit": unit,
        "calibrated": "yes" if calibrated else "no",
        "source": source,
    }


def parameters_table(stats: dfe.DfeStatistics, council: dfe.Council, sefton: Path) -> pl.DataFrame:
    stock = all_values(stats, "caseload.csv", council, "ehcplans")
    plans = all_values(stats, "newplans.csv", council, "new_ehc_plans")
    received = all_values(stats, "requests.csv", council, "requests_received_in_year")
    agreed = all_values(stats, "requests.csv", council, "requests_decided_to_assess")
    refused = all_values(stats, "requests.csv", council, "requests_decided_not_to_assess")
    issued = all_values(stats, "assessments.csv", council, "assess_issued")
    not_issued = all_values(stats, "assessments.csv", council, "assess_not_issued")
    ceased = all_values(stats, "ceased_plans.csv", council, "total_ceased") if stats.path("ceased_plans.csv").is_file() else {}
    max_age = all_values(stats, "ceased_plans.csv", council, "max_age") if stats.path("ceased_plans.csv").is_file() else {}
    first_stock = stock[min(stock)]
    max_plans = max(plans.values()) if plans else first_stock * 0.12
    last_plans = plans[max(plans)] if plans else max_plans
    last_year = max(received) if received else None
    rate_centre = (received[last_year] / 12.0 * 1.1) if last_year else last_plans / 12.0 / 0.7
    years_r = sorted(received)
    trend = (
        math.log(received[years_r[-1]] / received[years_r[0]]) / (years_r[-1] - years_r[0])
        if len(years_r) >= 2 and received[years_r[0]] > 0
        else 0.12
    )
    trend = float(np.clip(trend, -0.09, 0.34))
    agreed_share, agreed_note = 0.75, "assumption: Sefton starting value (no DfE decision counts)"
    decided_years = [y for y in agreed if y in refused and agreed[y] + refused[y] > 0]
    if decided_years:
        y = max(decided_years)
        agreed_share = float(np.clip(agreed[y] / (agreed[y] + refused[y]), 0.35, 0.98))
        agreed_note = f"fact (derived): DfE EHCP statistics requests.csv {y} {council.la_code} requests_decided_to_assess / (decided_to_assess + decided_not_to_assess)"
    conversion, conversion_note = 0.90, "assumption: Sefton starting value (agreed assessments convert to plans ~90%)"
    conv_years = [y for y in issued if y in not_issued and issued[y] + not_issued[y] > 0]
    if conv_years:
        y = max(conv_years)
        conversion = float(np.clip(issued[y] / (issued[y] + not_issued[y]), 0.72, 0.99))
        conversion_note = (
            f"assumption: prior centre from DfE EHCP statistics assessments.csv {y} {council.la_code} assess_issued / (issued + not issued)"
        )
    ceasing, ceasing_note = 0.03, "assumption: Sefton starting value (~3%/yr besides ageing out)"
    cease_years = [y for y in ceased if y in max_age and dfe.census_period_of_year(y) in stock]
    if cease_years:
        rates = [(ceased[y] - max_age[y]) / stock[dfe.census_period_of_year(y)] for y in cease_years]
        ceasing = float(np.clip(np.mean(rates), 0.01, 0.10))
        ceasing_note = (
            f"assumption: prior centre from DfE EHCP statistics ceased_plans.csv {','.join(map(str, cease_years))} {council.la_code} "
            "(total_ceased - max_age) / January stock"
        )
    s = SEFTON_DEFAULT.format(file="send_parameters.csv")
    sefton_rows = {r["parameter"]: r for r in pl.read_csv(sefton / "send_parameters.csv", infer_schema_length=0).iter_rows(named=True)}

    def copied(name: str) -> dict[str, str]:
        r = sefton_rows[name]
        return {**r, "source": f"{s}: {r['source']}"}

    rows = [
        _param_row(
            "request_rate_per_month_at_base",
            rate_centre,
            0.4 * rate_centre,
            2.0 * rate_centre,
            "requests per month",
            True,
            f"assumption: prior centre = DfE requests.csv {last_year} {council.la_code} requests_received_in_year / 12 x 1.1; range 0.4-2.0 x; fitted by sefton-sim calibrate",
        ),
        _param_row(
            "request_trend_per_year",
            trend,
            -0.10,
            0.35,
            "log growth per year",
            True,
            f"assumption: prior centre = log growth of DfE requests received {years_r[0] if years_r else ''}-{years_r[-1] if years_r else ''}; "
            "range -0.10-0.35 (Sefton's 0-0.30 widened for councils with falling requests); fitted",
        ),
        copied("request_trend_sd_per_year"),
        _param_row(
            "ehcp_stock_at_history_start",
            0.85 * first_stock,
            0.55 * first_stock,
            1.1 * first_stock,
            "children",
            True,
            f"assumption: unknown stock at 2017-01-01; prior 0.85 x (range 0.55-1.1 x) the DfE January {dfe.census_year(min(stock))} stock {first_stock:.0f}; fitted",
        ),
        _param_row(
            "assessment_slots_before_2023_08",
            0.4 * max_plans,
            0.1 * max_plans,
            1.0 * max_plans,
            "assessments in progress at once",
            True,
            f"assumption: casework capacity is not published; prior 0.4 x (range 0.1-1.0 x) the most new plans in a DfE year ({max_plans:.0f}); "
            "no casework expansion is known for this council, so this holds throughout; fitted",
        ),
        _param_row(
            "request_agreed_share", agreed_share, max(0.3, agreed_share - 0.1), min(0.99, agreed_share + 0.1), "share of requests", False, agreed_note
        ),
        _param_row(
            "plan_conversion_share", conversion, 0.70, 0.995, "share of agreed assessments", True, conversion_note + "; range 0.70-0.995; fitted"
        ),
        _param_row("ceasing_rate_per_year", ceasing, 0.005, 0.12, "share of stock per year", True, ceasing_note + "; range 0.005-0.12; fitted"),
        copied("assessment_service_months_mean"),
        _param_row(
            "casework_officers_added_2023_08",
            0.0,
            0.0,
            0.0,
            "officers",
            False,
            "assumption: no casework expansion known for this council (Sefton added 9 in August 2023); enter the council's own if any",
        ),
        copied("assessment_slots_per_casework_officer"),
        copied("mainstream_breakdown_rate_per_year"),
        copied("inmss_step_down_rate_per_year"),
        _param_row(
            "assessments_in_progress_at_base",
            0.4 * last_plans,
            0.08 * last_plans,
            2.0 * last_plans,
            "assessments",
            True,
            f"assumption: not published; prior 0.4 x (range 0.08-2.0 x) the DfE new plans of {max(plans) if plans else ''} ({last_plans:.0f}); set by sefton-sim calibrate",
        ),
    ]
    return pl.DataFrame(rows)


def capacity_table(council: dfe.Council, stock: np.ndarray, totals: dict[str, int], period: int) -> pl.DataFrame:
    census = dfe.census_date(dfe.census_year(period))
    records = []
    for setting, label in (("sen_unit", "SEN units and resourced provision"), ("special", "State-funded special schools")):
        s = st.SETTINGS.index(setting)
        bands = [b for a, b in enumerate(st.AGE_BANDS) if stock[a, :, s].sum() > 0 and b != "post19"] or ["primary"]
        records.append(
            {
                "provision": f"{label} (assumed from the January {census.year} stock)",
                "setting": setting,
                "age_bands": ";".join(bands),
                "needs": ";".join(st.NEEDS),
                "places": totals[setting],
                "opens": "2000-01-01",
                "source": f"assumption: places = the DfE caseload.csv {period} {council.la_code} children in {setting} at {census} (full at the census); "
                "replace with the council's own place numbers",
            }
        )
    return pl.DataFrame(records)


def settings_table(sefton: Path) -> pl.DataFrame:
    frame = pl.read_csv(sefton / "send_settings.csv", infer_schema_length=0)
    note = (
        "assumption: national average taken as the Sefton starting assumptions (facts/starting_assumptions.md SEND setting table, "
        "copied from shipped/data/sefton/send_settings.csv; no published national unit cost in the facts); range in cost_low_gbp-cost_high_gbp; "
        "replace with the council's own: "
    )
    return frame.with_columns((pl.lit(note) + pl.col("source")).alias("source"))


def copied_table(sefton: Path, name: str) -> pl.DataFrame:
    frame = pl.read_csv(sefton / name, infer_schema_length=0)
    return frame.with_columns((pl.lit(SEFTON_DEFAULT.format(file=name) + ": ") + pl.col("source")).alias("source"))
