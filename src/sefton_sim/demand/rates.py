"""Shared rate definitions for both engines: one source of truth for what the model means.

``build_send_rates`` turns council data plus a scenario into monthly probabilities, request
rates, placement shares, phase-transfer shares and capacity. The vector core and the SimPy
reference read the same ``SendRates``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from sefton_sim.data.council import CouncilData, Provision
from sefton_sim.demand.capacity import FROZEN_POLICY, capacity_by_month, casework_policy_vector, implied_wait_weeks_array, share_within_weeks
from sefton_sim.demand.structural_growth import StructuralGrowth, load_structural_growth
from sefton_sim.errors import BadInputError
from sefton_sim.model import states as st
from sefton_sim.model.calendar import month_starts
from sefton_sim.scenario.schema import Scenario

CASEWORK_EXPANSION_DATE = dt.date(2023, 8, 1)
"""When the nine extra SEN casework officers joined (fact: 004 line 137)."""


DEFAULT_ASSESSMENT_OTHER_WEEKS = 6.0
"""Weeks outside casework when a council's data has no ``assessment_other_weeks`` (the decision to
assess is due within 6 weeks of a request: SEND Code of Practice 2015, para 9.14; assumption)."""


def annual_to_monthly(rate_per_year: float | np.ndarray) -> float | np.ndarray:
    """Monthly probability equivalent to an annual probability (constant hazard)."""
    return 1.0 - np.power(1.0 - np.asarray(rate_per_year, dtype=float), 1.0 / 12.0)


@dataclass(frozen=True)
class SendRates:
    """Everything an engine needs to step the SEND model month by month."""

    dates: tuple[dt.date, ...]  # first day of each simulated month, length T
    base_date: dt.date
    request_rate_per_month_at_base: float
    request_rate_sd_log: float  # parameter uncertainty of the base rate (log scale)
    request_trend_per_year: float  # log growth, including the scenario shift
    request_trend_sd_per_year: float  # parameter uncertainty of the trend
    request_mix: np.ndarray  # [A, N]
    agreed_share: float
    conversion_share: float
    service_completion_per_month: float  # probability an assessment in progress completes
    assessment_slots: np.ndarray  # [T] assessments that can be in progress at once
    ceasing_per_month: np.ndarray  # [A]
    breakdown_per_month: float
    step_down_per_month: float
    ageing_share: np.ndarray  # [A] share of a band moving up each September
    september: np.ndarray  # [T] bool
    placement: np.ndarray  # [T, A, N, S] shares for new plans
    phase_transfer: np.ndarray  # [A-1, S, S]
    capacity: np.ndarray  # [T, 2, A, N] places open
    initial_stock: np.ndarray  # [A, N, S]
    initial_queue: np.ndarray  # [A, N] assessments in progress at the start
    structural_growth: StructuralGrowth | None = None  # replaces the trend's normal spread when the council folder has a growth state
    posterior: PosteriorRates | None = None  # joint posterior draws of the fitted rates, one per path
    casework_policy: np.ndarray = field(default_factory=FROZEN_POLICY.copy)  # capacity.POLICY_FIELDS: the casework response rule
    assessment_other_weeks: float = DEFAULT_ASSESSMENT_OTHER_WEEKS  # weeks of a request's path to a plan outside casework
    overflow_to_inmss_share: float = 1.0  # share of children refused an in-borough place who go to INMSS
    overflow_to_inmss_share_sd_logit: float = 0.0  # its spread across paths (logit scale)

    @property
    def months(self) -> int:
        """Number of simulated months."""
        return len(self.dates)

    @property
    def slots_per_casework_officer(self) -> float:
        """Assessments one casework officer works on at once."""
        return float(self.casework_policy[5])

    def casework_officers_in_post(self, slots: np.ndarray) -> np.ndarray:
        """Casework officers in post (full-time equivalents) behind the given slots."""
        per = self.slots_per_casework_officer
        return np.asarray(slots, dtype=float) / per if per > 0 else np.full(np.shape(slots), np.nan)

    def implied_wait_weeks(self, in_progress: np.ndarray, slots: np.ndarray) -> np.ndarray:
        """Implied wait (weeks) for each month's assessments in progress and slots (``capacity.implied_wait_weeks``)."""
        return implied_wait_weeks_array(in_progress, slots, float(self.service_completion_per_month))

    def share_within_20_weeks(self, in_progress: np.ndarray, slots: np.ndarray) -> np.ndarray:
        """Implied share of plans issued within 20 weeks (``capacity.share_within_weeks``)."""
        return share_within_weeks(in_progress, slots, float(self.service_completion_per_month), self.assessment_other_weeks)

    def years_from_base(self) -> np.ndarray:
        """Time of each month in years from the base date (negative before it)."""
        return np.array([(d.year - self.base_date.year) + (d.month - self.base_date.month) / 12.0 for d in self.dates])


@dataclass(frozen=True)
class PosteriorRates:
    """The fitted rates of every posterior draw (``send_posterior_draws.csv``) in the engines' form, scenario applied."""

    request_rate_per_month_at_base: np.ndarray  # [D]
    request_trend_per_year: np.ndarray  # [D], scenario shift included
    agreed_share: np.ndarray  # [D]
    conversion_share: np.ndarray  # [D]
    ceasing_per_month: np.ndarray  # [D]
    assessment_slots: np.ndarray  # [D, T]
    assessments_in_progress_at_base: np.ndarray  # [D]

    @property
    def draws(self) -> int:
        """Number of posterior draws."""
        return len(self.request_rate_per_month_at_base)


def with_posterior_draw(rates: SendRates, d: int) -> SendRates:
    """``rates`` with the fitted rates of posterior draw ``d`` (no further parameter spread)."""
    post = rates.posterior
    if post is None:
        return rates
    return dataclasses.replace(
        rates,
        request_rate_per_month_at_base=float(post.request_rate_per_month_at_base[d]),
        request_rate_sd_log=0.0,
        request_trend_per_year=float(post.request_trend_per_year[d]),
        request_trend_sd_per_year=0.0,
        agreed_share=float(post.agreed_share[d]),
        conversion_share=float(post.conversion_share[d]),
        ceasing_per_month=np.full_like(rates.ceasing_per_month, float(post.ceasing_per_month[d])),
        assessment_slots=post.assessment_slots[d],
        initial_queue=float(post.assessments_in_progress_at_base[d]) * rates.request_mix,
        posterior=None,
    )


def posterior_draw_of_paths(rates: SendRates, rng: np.random.Generator, paths: int) -> np.ndarray:
    """The posterior draw of each path, uniform over the draws, from the chunk's generator (the SimPy
    reference draws each path's from the path's own generator: the same distribution)."""
    assert rates.posterior is not None
    return rng.integers(0, rates.posterior.draws, size=paths)


def _slots(
    data: CouncilData, scenario: Scenario | None, dates: Sequence[dt.date], base: dt.date, slots_before: float, per_officer: float
) -> np.ndarray:
    added = _param(data, scenario, "casework_officers_added_2023_08") * per_officer
    extra = (scenario.send.extra_casework_officers if scenario is not None else 0) * per_officer
    slots = np.array([slots_before + (added if d >= CASEWORK_EXPANSION_DATE else 0.0) + (extra if d >= base else 0.0) for d in dates])
    return np.maximum(slots, 1.0)


def posterior_rates(data: CouncilData, scenario: Scenario | None, dates: Sequence[dt.date], base: dt.date) -> PosteriorRates | None:
    """The data's posterior draws as engine rates; a scenario's parameter override replaces that rate in every draw."""
    frame = data.posterior_draws
    if frame is None:
        return None
    overrides = scenario.send.parameter_overrides if scenario is not None else {}

    def column(name: str) -> np.ndarray:
        if name in overrides:
            return np.full(frame.height, float(overrides[name]))
        return frame[name].to_numpy().astype(float)

    mult = scenario.send.request_rate_multiplier if scenario is not None else 1.0
    shift = scenario.send.request_trend_shift_per_year if scenario is not None else 0.0
    before, per_officer = column("assessment_slots_before_2023_08"), column("assessment_slots_per_casework_officer")
    queue = column("assessments_in_progress_at_base")
    return PosteriorRates(
        request_rate_per_month_at_base=column("request_rate_per_month_at_base") * mult,
        request_trend_per_year=column("request_trend_per_year") + shift,
        agreed_share=column("request_agreed_share"),
        conversion_share=column("plan_conversion_share"),
        ceasing_per_month=np.asarray(annual_to_monthly(column("ceasing_rate_per_year")), dtype=float),
        assessment_slots=np.array([_slots(data, scenario, dates, base, b, o) for b, o in zip(before, per_officer)]),
        assessments_in_progress_at_base=queue,
    )


def _param(data: CouncilData, scenario: Scenario | None, name: str) -> float:
    overrides = scenario.send.parameter_overrides if scenario is not None else {}
    if name in overrides:
        return float(overrides[name])
    return data.value(name)


def check_overrides(data: CouncilData, scenario: Scenario, scenario_file: str) -> None:
    """Override names must exist and values lie within the parameter's range."""
    for name, value in scenario.send.parameter_overrides.items():
        if name not in data.parameters:
            raise BadInputError(scenario_file, f"send.parameter_overrides.{name}", value, "a parameter named in send_parameters.csv")
        p = data.parameters[name]
        if not p.low <= value <= p.high:
            raise BadInputError(scenario_file, f"send.parameter_overrides.{name}", value, f"within {p.low}-{p.high} ({p.unit})")


def pipeline_provisions(data: CouncilData, scenario: Scenario | None) -> list[Provision]:
    """The rows of the council's place pipeline a scenario carries (no scenario: none, as in history runs)."""
    if scenario is None or scenario.capacity.place_pipeline == "none":
        return []
    stages = {"all": ("approved", "proposed", "expression_of_interest"), "named": ("approved", "proposed"), "approved": ("approved",)}
    chosen = stages[scenario.capacity.place_pipeline]
    return [p for stage, p in data.place_pipeline if stage in chosen]


def scenario_provisions(scenario: Scenario | None) -> list[Provision]:
    """New provisions a scenario adds, in the data loader's form."""
    if scenario is None:
        return []
    return [
        Provision(p.name, p.setting, tuple(p.age_bands), tuple(p.needs), p.places, p.opens, p.source, p.capital_cost_gbp)
        for p in scenario.capacity.new_provision
    ]


def placement_shares(data: CouncilData, capacity: np.ndarray, graduated: np.ndarray) -> np.ndarray:
    """New-plan setting shares [T, A, N, S].

    Need suitability: where no unit places exist for an age band and need in a month, the unit
    share goes to maintained special. A graduated-approach effect g(t) moves that share of the
    specialist shares (unit, special, INMSS) to mainstream.
    """
    T = capacity.shape[0]
    shares = np.broadcast_to(data.new_plan_placement[None, :, None, :], (T, st.A, st.N, st.S)).copy()
    no_unit = capacity[:, 0] <= 0  # [T, A, N]
    moved = np.where(no_unit, shares[..., st.SEN_UNIT], 0.0)
    shares[..., st.SPECIAL] += moved
    shares[..., st.SEN_UNIT] -= moved
    g = graduated[:, None, None]
    for s in (st.SEN_UNIT, st.SPECIAL, st.INMSS):
        kept = shares[..., s] * g
        shares[..., s] -= kept
        shares[..., st.MAINSTREAM] += kept
    return shares


def graduated_effect(scenario: Scenario | None, dates: Sequence[dt.date]) -> np.ndarray:
    """Share of specialist demand kept in mainstream, month by month."""
    out = np.zeros(len(dates))
    if scenario is None:
        return out
    ga = scenario.graduated_approach
    for t, d in enumerate(dates):
        months_in = (d.year - ga.starts.year) * 12 + (d.month - ga.starts.month)
        if months_in >= 0 and ga.specialist_to_mainstream_share > 0:
            ramp = 1.0 if ga.ramp_up_months == 0 else min(1.0, (months_in + 1) / ga.ramp_up_months)
            out[t] = ga.specialist_to_mainstream_share * ramp
    return out


def build_send_rates(
    data: CouncilData,
    scenario: Scenario | None,
    start_date: dt.date,
    months: int,
    initial_stock: np.ndarray | None = None,
    initial_queue: np.ndarray | None = None,
    base_date: dt.date | None = None,
) -> SendRates:
    """Monthly rates from ``start_date`` for ``months`` months.

    Forecasts start at the scenario base date from the base-date stock; calibration starts
    earlier (history) from a scaled stock. The request trend is anchored at ``base_date``.
    """
    base = base_date or (scenario.base_date if scenario is not None else dt.date(2024, 4, 1))
    dates = month_starts(start_date, months)
    provisions = list(data.provisions) + pipeline_provisions(data, scenario) + scenario_provisions(scenario)
    capacity = capacity_by_month(provisions, data.stock_base, dates)
    graduated = graduated_effect(scenario, dates)

    per_officer = _param(data, scenario, "assessment_slots_per_casework_officer")
    slots_before = _param(data, scenario, "assessment_slots_before_2023_08")
    added = _param(data, scenario, "casework_officers_added_2023_08") * per_officer
    extra = (scenario.send.extra_casework_officers if scenario is not None else 0) * per_officer
    slots = np.array([slots_before + (added if d >= CASEWORK_EXPANSION_DATE else 0.0) + (extra if d >= base else 0.0) for d in dates])
    slots = np.maximum(slots, 1.0)
    # the casework response rule, from the base date; no scenario (history, calibration): frozen
    from_month = next((t for t, d in enumerate(dates) if d >= base), len(dates))
    if scenario is not None:
        rule = scenario.send.assessment_capacity
        respond = rule.mode == "respond"
        policy = casework_policy_vector(
            respond, rule.wait_trigger_weeks, rule.lag_months, rule.step_officers, rule.max_officers_added, per_officer, from_month
        )
    else:
        policy = casework_policy_vector(False, 20.0, 1, 1, 0, per_officer, from_month)
    other_weeks = _param(data, scenario, "assessment_other_weeks") if "assessment_other_weeks" in data.parameters else DEFAULT_ASSESSMENT_OTHER_WEEKS
    # the spill: a forecast sends the data's share of the overflow to INMSS (the rest to over-capacity
    # maintained places); a run without a scenario (history, calibration) sends all of it, as before
    spill_share, spill_sd = 1.0, 0.0
    if scenario is not None and "overflow_to_inmss_share" in data.parameters:
        spill_share = _param(data, scenario, "overflow_to_inmss_share")
        spill_sd = _param(data, scenario, "overflow_to_inmss_share_sd_logit") if "overflow_to_inmss_share_sd_logit" in data.parameters else 0.0

    ceasing = np.full(st.A, float(annual_to_monthly(_param(data, scenario, "ceasing_rate_per_year"))))
    widths = np.array([st.AGE_BAND_WIDTH_YEARS[b] for b in st.AGE_BANDS], dtype=float)

    mult = scenario.send.request_rate_multiplier if scenario is not None else 1.0
    shift = scenario.send.request_trend_shift_per_year if scenario is not None else 0.0
    rate_param = data.parameters["request_rate_per_month_at_base"]
    rate = _param(data, scenario, "request_rate_per_month_at_base")
    rate_sd_log = (rate_param.sd / rate_param.value) if rate_param.sd else 0.0
    trend_param = data.parameters["request_trend_per_year"]
    trend_sd = trend_param.sd if trend_param.sd else _param(data, scenario, "request_trend_sd_per_year")

    stock0 = data.stock_base if initial_stock is None else initial_stock
    # a forecast from the base-date stock and queue takes the posterior draws; a run from another start (history, backtest) does not
    posterior = posterior_rates(data, scenario, dates, base) if initial_stock is None and initial_queue is None else None
    if initial_queue is None:
        initial_queue = _param(data, scenario, "assessments_in_progress_at_base") * data.request_mix
    return SendRates(
        dates=tuple(dates),
        base_date=base,
        request_rate_per_month_at_base=rate * mult,
        request_rate_sd_log=rate_sd_log,
        request_trend_per_year=_param(data, scenario, "request_trend_per_year") + shift,
        request_trend_sd_per_year=trend_sd,
        request_mix=data.request_mix,
        agreed_share=_param(data, scenario, "request_agreed_share"),
        conversion_share=_param(data, scenario, "plan_conversion_share"),
        service_completion_per_month=1.0 - math.exp(-1.0 / _param(data, scenario, "assessment_service_months_mean")),
        assessment_slots=slots,
        ceasing_per_month=ceasing,
        breakdown_per_month=float(annual_to_monthly(_param(data, scenario, "mainstream_breakdown_rate_per_year"))),
        step_down_per_month=float(annual_to_monthly(_param(data, scenario, "inmss_step_down_rate_per_year"))),
        ageing_share=1.0 / widths,
        september=np.array([d.month == 9 for d in dates]),
        placement=placement_shares(data, capacity, graduated),
        phase_transfer=data.phase_transfer,
        capacity=capacity,
        initial_stock=np.asarray(stock0, dtype=float),
        initial_queue=np.asarray(initial_queue, dtype=float),
        structural_growth=_structural_growth_known_at(data, base),
        posterior=posterior,
        casework_policy=policy,
        assessment_other_weeks=float(other_weeks),
        overflow_to_inmss_share=float(spill_share),
        overflow_to_inmss_share_sd_logit=float(spill_sd),
    )


def _structural_growth_known_at(data: CouncilData, base: dt.date) -> StructuralGrowth | None:
    """The council's structural growth if its census (and the prior fitted up to it) was known at ``base``;
    None otherwise (a backtest from an earlier origin keeps the fitted trend's normal spread)."""
    growth = load_structural_growth(data.folder)
    if growth is None:
        return None
    census_year = growth.state.origin_period // 100 + 1
    return growth if dt.date(census_year, 1, 31) <= base else None
