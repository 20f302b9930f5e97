"""The scenario schema: strict, documented, units in the names.

A scenario says what differs from the council's baseline data: demand trends, new in-borough
places, a graduated-approach programme, casework capacity, run settings. Every field is
documented and unknown keys are refused.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from sefton_sim.model.limits import FiniteNumber, NameText, NonNegativeCount, NonNegativeMoneyGbp, PathText, Seed, Share, SignedCount, Text
from sefton_sim.scenario.base import StrictModel
from sefton_sim.scenario.finance import FinanceSettings

AgeBand = Literal["early_years", "primary", "secondary", "post16", "post19"]
Need = Literal["asd", "slcn", "semh", "cl", "pso"]
SpecialistSetting = Literal["sen_unit", "special"]
DEFAULT_DATA_FOLDER = "../data/sefton"
"""The data folder of a scenario that names none, relative to the scenario file."""


class AssessmentCapacity(StrictModel):
    """SEN casework (EHC needs assessment) capacity as a stated policy, never a hidden cap.

    ``respond``: from the base date, at the start of each month the implied wait (assessments in
    progress divided by the month's expected completions, in weeks) is compared with the
    statutory 20-week duty; when it is longer and no recruitment is under way, ``step_officers``
    more casework officers are recruited and start ``lag_months`` later (at most
    ``max_officers_added`` in all). Each added officer costs ``cost_gbp_per_officer_per_year``,
    booked on the General Fund. ``frozen``: casework capacity stays as it is today.
    """

    mode: Literal["respond", "frozen"] = Field(
        "respond", description="respond: officers are added when the implied wait passes the trigger; frozen: capacity fixed as today."
    )
    wait_trigger_weeks: FiniteNumber = Field(
        20.0, ge=1.0, le=104.0, description="Implied wait (weeks) above which officers are recruited (the 20-week statutory duty)."
    )
    lag_months: NonNegativeCount = Field(
        6, ge=1, le=36, description="Months from the decision to recruit until the officers are in post (starting assumption: 6)."
    )
    step_officers: NonNegativeCount = Field(
        9,
        ge=1,
        le=50,
        description="Casework officers recruited at each decision (officers; default 9, the size of the August 2023 recruitment: "
        "004_5a9339259cd50bf4.txt line 137).",
    )
    max_officers_added: NonNegativeCount | None = Field(
        None, ge=0, le=1000, description="Most casework officers the rule may add in all (officers); none means no cap."
    )
    cost_gbp_per_officer_per_year: NonNegativeMoneyGbp = Field(
        82_800.0,
        ge=0.0,
        le=500_000.0,
        description="Full-year cost of one added casework officer, £ at 2023/24 prices (fact: 9 officers £0.745m, "
        "004_5a9339259cd50bf4.txt line 137; derived R18: at most £82,800 each); grows with the pay index.",
    )


class SendDemand(StrictModel):
    """Changes to SEND demand relative to the calibrated baseline."""

    request_trend_shift_per_year: FiniteNumber = Field(
        0.0,
        ge=-0.5,
        le=0.5,
        description="Added to the calibrated log growth of requests for assessment, per year "
        "(0.05 = about 5 percentage points faster growth), from the base date.",
    )
    request_rate_multiplier: FiniteNumber = Field(1.0, gt=0.0, le=5.0, description="Multiplies the calibrated request rate at the base date.")
    extra_casework_officers: SignedCount = Field(0, ge=-50, le=200, description="SEN casework officers added (or removed) from the base date.")
    assessment_capacity: AssessmentCapacity = Field(
        default_factory=AssessmentCapacity, description="Casework capacity policy: respond to the implied wait, or frozen as today."
    )
    parameter_overrides: dict[NameText, FiniteNumber] = Field(
        default_factory=dict,
        description="Replace named values of data/<council>/send_parameters.csv "
        "(e.g. ceasing_rate_per_year = 0.025). Names must exist in that table.",
    )


class NewProvision(StrictModel):
    """A new or expanded in-borough specialist provision (places by age band and need)."""

    name: NameText = Field(description="Provision name as a planner would write it.")
    setting: SpecialistSetting = Field(description="sen_unit (unit / resourced provision) or special.")
    age_bands: list[AgeBand] = Field(min_length=1, description="Age bands the places serve.")
    needs: list[Need] = Field(min_length=1, description="Primary needs the places are designated for.")
    places: NonNegativeCount = Field(ge=0, le=2000, description="Number of places (children).")
    opens: dt.date = Field(description="Date the places open (usually 1 September).")
    capital_cost_gbp: NonNegativeMoneyGbp | None = Field(None, ge=0.0, description="Capital cost in pounds, if known (used by the place optimiser).")
    source: Text = Field("scenario", description="Where the figure comes from (fact or assumption).")


class Capacity(StrictModel):
    """In-borough specialist capacity beyond the council's capacity table."""

    place_pipeline: Literal["all", "named", "approved", "none"] = Field(
        "all",
        description="Which rows of the council's published place pipeline (send_place_pipeline.csv) open at their dates: "
        "all; named (approved and proposed named projects, not places still at expressions of interest); "
        "approved (capital approved only); none (today's places).",
    )
    new_provision: list[NewProvision] = Field(default_factory=list, description="Provisions added by this scenario.")


class GraduatedApproach(StrictModel):
    """A programme that keeps a larger share of new plans in mainstream."""

    specialist_to_mainstream_share: Share = Field(
        0.0,
        ge=0.0,
        le=1.0,
        description="Share of new plans that would have needed a specialist setting "
        "(unit, special, INMSS) which stay in mainstream instead, once the programme runs.",
    )
    starts: dt.date = Field(dt.date(2025, 9, 1), description="Date the programme takes effect.")
    ramp_up_months: NonNegativeCount = Field(12, ge=0, le=60, description="Months over which the effect grows linearly to full size.")


class SocialCare(StrictModel):
    """Changes to the children's and adult social care package engines."""

    csc_overrides: dict[NameText, FiniteNumber] = Field(
        default_factory=dict,
        description="Replace values of csc_parameters.csv by name (e.g. entries_per_year = 220), or "
        "'<column>:<placement_type>' of csc_placements.csv (children_at_base, cost_gbp_per_week, mean_stay_months).",
    )
    asc_overrides: dict[NameText, FiniteNumber] = Field(
        default_factory=dict,
        description="Replace values of asc_parameters.csv by name, or '<column>:<service>' of "
        "asc_services.csv (clients_at_base, price_gbp_per_week, mean_duration_months).",
    )


class Scenario(StrictModel):
    """A what-if scenario: a readable plan that the engines run."""

    name: str = Field(
        max_length=64,
        pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$",
        description="Short name used in output folders and comparisons: lower-case letters, digits, '_' and '-', "
        "starting with a letter or digit, at most 64 characters.",
    )
    description: Text = Field("", description="What this scenario asks, in a planner's words.")
    extends: PathText | None = Field(None, description="Name of a scenario in the same folder whose values this one overrides.")
    data_folder: PathText = Field(
        DEFAULT_DATA_FOLDER,
        description="Council data folder: relative to the scenario file, or absolute; it must exist.",
    )
    base_date: dt.date = Field(dt.date(2024, 4, 1), description="First day of the simulation (start of a financial year).")
    horizon_years: NonNegativeCount = Field(5, ge=1, le=15, description="Financial years simulated.")
    paths: NonNegativeCount = Field(200, ge=1, le=1_000_000, description="Monte Carlo paths (futures).")
    seed: Seed = Field(20240401, description="Seed of the random streams; same seed, same output.")
    send: SendDemand = Field(default_factory=SendDemand, description="SEND demand changes.")
    capacity: Capacity = Field(default_factory=Capacity, description="New in-borough places.")
    graduated_approach: GraduatedApproach = Field(default_factory=GraduatedApproach, description="Graduated-approach programme.")
    social_care: SocialCare = Field(default_factory=SocialCare, description="Children's and adult social care package changes.")
    finance: FinanceSettings = Field(
        default_factory=FinanceSettings,
        description="MTFP levers (council tax, inflation, savings) and the High Needs override policy.",
    )

    @model_validator(mode="after")
    def _base_date_is_first_of_month(self) -> Scenario:
        if self.base_date.day != 1 or self.base_date.month != 4:
            raise ValueError("base_date must be 1 April (the start of a financial year)")
        return self
