"""Goal-seek: the value of one scenario lever at which a target is met, with its uncertainty.

A *lever* is one scenario value (request trend, places of a candidate project, graduated-approach
share, council tax increase, a recurrent savings total); a *target* is met or not on each path
(High Needs in-year balance in a year; INMSS count at 31 March not above the year before;
general balances at or above the floor in every year to a year). The share of paths meeting it
is computed on common random numbers on one prepared model, so a change of share between two
lever values is the lever's doing alone.

The search evaluates both ends of the lever's range (bracketing), finds which end meets the
target, then bisects until the boundary is within the tolerance. The answer is the boundary for
the required share of paths (``confidence``: 0.5 = the median future, α for a probability
target); its band is the boundary for 10% and 90% of paths (uncertainty across futures) and a
bootstrap over paths of the answer (uncertainty from the finite number of paths). Every run is
in the trace. A target met at neither end is unreachable within the range: the result says
which limits clash.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from sefton_sim.data import tables as t
from sefton_sim.errors import BadInputError
from sefton_sim.model.progress import NO_PROGRESS, ProgressReporter
from sefton_sim.scenario.finance import financial_year_label
from sefton_sim.studies.prepared import Case, CaseOutcome, PreparedModel

BAND_SHARES = (0.1, 0.5, 0.9)
"""Shares of paths for the band: the lever where 10%, 50% and 90% of futures meet the target."""
BOOTSTRAP_RESAMPLES = 200
GOAL_SEEK_SAVING_NAME = "goal-seek savings total"


@dataclass(frozen=True)
class Lever:
    """One scenario value to search over: its name, range, unit and how a case sets it."""

    name: str
    description: str
    unit: str
    low: float
    high: float
    integer: bool
    to_case: Callable[[float], Case]
    reading: Callable[[float], str] = field(default=lambda v: f"{v:.4g}")


@dataclass(frozen=True)
class Target:
    """A target met or not on each path: ``met(outcome)`` is a [P] bool array."""

    name: str
    description: str
    met: Callable[[CaseOutcome], np.ndarray]
    default_confidence: float


def _year_of(labels: list[str], year: str, key: str) -> int:
    if year not in labels:
        raise BadInputError("(command line)", key, year, f"a financial year of the run: {', '.join(labels)}")
    return labels.index(year)


def hn_balance_target(year: str) -> Target:
    """High Needs in-year balance (spend at or below grant) in ``year``."""

    def met(outcome: CaseOutcome) -> np.ndarray:
        y = _year_of(outcome.year_labels, year, "--year")
        return np.asarray(outcome.ledgers.high_needs.in_year_deficit_gbp_m[:, y] <= 0.0)

    return Target("hn-balance", f"High Needs Block in in-year balance (deficit ≤ £0m) in {year}", met, 0.5)


def inmss_flat_target(year: str) -> Target:
    """INMSS children at 31 March at the end of ``year`` no more than a year earlier."""

    def met(outcome: CaseOutcome) -> np.ndarray:
        by_year = outcome.inmss_at_march()
        labels = list(by_year)
        y = _year_of(labels, year, "--year")
        if y == 0:
            raise BadInputError("(command line)", "--year", year, f"a year after the first ({labels[0]}): the count is compared with the year before")
        return np.asarray(by_year[labels[y]] <= by_year[labels[y - 1]])

    return Target("inmss-flat", f"INMSS children at 31 March {year[:2]}{year[-2:]} no more than a year earlier", met, 0.5)


def balances_floor_target(year: str) -> Target:
    """General balances at or above the floor at every year end from the second ledger year to ``year``.

    The first ledger year is the published budget year, which no lever of a scenario changes
    (savings and council tax act from the second year), so it is not part of the target. Compares
    closing balances with the floor, so it holds whether or not balances may go below zero.
    """

    def met(outcome: CaseOutcome) -> np.ndarray:
        labels = outcome.year_labels
        y = _year_of(labels, year, "--year")
        if y == 0:
            raise BadInputError("(command line)", "--year", year, f"a year after the published {labels[0]} (no lever acts on it)")
        gf = outcome.ledgers.general_fund
        return np.asarray((gf.general_balances_closing_gbp_m[:, 1 : y + 1] >= gf.floor_gbp_m[:, 1 : y + 1] - 1e-9).all(axis=1))

    return Target("balances-floor", f"general balances at or above the floor at every year end from the second year to {year}", met, 0.9)


TARGETS: dict[str, Callable[[str], Target]] = {
    "hn-balance": hn_balance_target,
    "inmss-flat": inmss_flat_target,
    "balances-floor": balances_floor_target,
}


def _candidate_project(folder: Path, name: str) -> dict[str, Any]:
    path = folder / "send_candidate_projects.csv"
    rows = list(t.read_table(path, ["project", "setting", "age_bands", "needs", "earliest_opening", "source"]).iter_rows(named=True))
    for row in rows:
        if row["project"] == name:
            return row
    names = "; ".join(str(r["project"]) for r in rows[:6])
    raise BadInputError(path, "--project", name, f"a project of the table ({names}{' ...' if len(rows) > 6 else ''})")


def make_lever(model: PreparedModel, name: str, project: str | None = None, low: float | None = None, high: float | None = None) -> Lever:
    """The lever ``name`` for the prepared scenario, with its range (``low`` / ``high`` narrow or widen it within the schema's limits)."""
    scenario = model.inputs.scenario
    assert model.inputs.money is not None
    first_year = model.inputs.money.first_financial_year
    if name == "request-trend":
        fitted = model.inputs.send_rates.request_trend_per_year - scenario.send.request_trend_shift_per_year
        lever = Lever(
            name,
            "change to the yearly growth of requests for assessment (send.request_trend_shift_per_year)",
            "log growth per year",
            -0.3,
            0.3,
            False,
            lambda v: Case(scenario={"send.request_trend_shift_per_year": float(v)}),
            lambda v: f"shift {v:+.3f} (request growth {fitted + v:.3f} a year, {np.expm1(fitted + v):.1%})",
        )
    elif name == "places":
        if project is None:
            raise BadInputError("(command line)", "--project", "(none)", "a project named in send_candidate_projects.csv for the places lever")
        row = _candidate_project(model.inputs.data.folder, project)
        existing = [p.model_dump(mode="python") for p in scenario.capacity.new_provision]

        def places_case(v: float) -> Case:
            provision = {
                "name": f"{project} (goal-seek)",
                "setting": row["setting"],
                "age_bands": str(row["age_bands"]).split(";"),
                "needs": str(row["needs"]).split(";"),
                "places": int(round(v)),
                "opens": dt.date.fromisoformat(str(row["earliest_opening"])),
                "source": f"goal-seek lever; project from send_candidate_projects.csv ({row['source']})"[:500],
            }
            return Case(scenario={"capacity.new_provision": [*existing, provision]})

        lever = Lever(
            name,
            f"places of '{project}' ({row['setting']}, opening {row['earliest_opening']})",
            "places",
            0,
            400,
            True,
            places_case,
            lambda v: f"{int(round(v))} places",
        )
    elif name == "graduated-share":
        lever = Lever(
            name,
            "share of specialist new plans kept in mainstream (graduated_approach.specialist_to_mainstream_share)",
            "share",
            0.0,
            1.0,
            False,
            lambda v: Case(scenario={"graduated_approach.specialist_to_mainstream_share": float(v)}),
            lambda v: f"{v:.1%} of specialist new plans kept in mainstream",
        )
    elif name == "council-tax":
        cap = scenario.finance.council_tax_referendum_cap_pct
        lever = Lever(
            name,
            "council tax increase every year from the second (finance.council_tax_increase_pct)",
            "percent per year",
            0.0,
            cap,
            False,
            lambda v: Case(scenario={"finance.council_tax_increase_pct": float(v)}),
            lambda v: f"{v:.2f}% a year",
        )
    elif name == "savings-total":
        existing_savings = [s.model_dump(mode="python") for s in scenario.finance.savings]
        year = financial_year_label(first_year + 1)

        def savings_case(v: float) -> Case:
            saving = {"name": GOAL_SEEK_SAVING_NAME, "saving_gbp_m_by_year": {year: float(v)}, "recurrent": True, "delivery_probability": 1.0}
            return Case(scenario={"finance.savings": [*existing_savings, saving]})

        lever = Lever(
            name,
            f"new recurrent savings from {year}, delivered in full (finance.savings)",
            "£m a year",
            0.0,
            100.0,
            False,
            savings_case,
            lambda v: f"£{v:.2f}m a year",
        )
    else:
        raise BadInputError("(command line)", "LEVER", name, "request-trend, places, graduated-share, council-tax or savings-total")
    lo, hi = lever.low if low is None else low, lever.high if high is None else high
    if not lo < hi:
        raise BadInputError("(command line)", "--low/--high", f"{lo}/{hi}", "a low below the high")
    return Lever(lever.name, lever.description, lever.unit, lo, hi, lever.integer, lever.to_case, lever.reading)


@dataclass(frozen=True)
class TraceRow:
    """One run of the search."""

    run: int
    phase: str
    lever_value: float
    share_meeting: float
    seconds: float


@dataclass
class GoalSeekResult:
    """The answer (or why there is none), its band and every run it took."""

    lever: Lever
    target: Target
    confidence: float
    status: str  # "met" (boundary found), "met_throughout" (met at both ends), "unreachable"
    met_side: str | None  # "low" or "high": the end of the range that meets the target
    answer: float | None
    band: dict[float, float | None]  # share of paths -> lever value
    bootstrap_p10: float | None
    bootstrap_p90: float | None
    trace: list[TraceRow]
    met_by_path: dict[float, np.ndarray]
    explanation: str
    engine_runs: dict[str, int] = field(default_factory=dict)

    def trace_table(self) -> pl.DataFrame:
        """Every run: number, phase, lever value, share of paths meeting the target, seconds."""
        return pl.DataFrame(
            {
                "run": [r.run for r in self.trace],
                "phase": [r.phase for r in self.trace],
                "lever_value": [r.lever_value for r in self.trace],
                "share_meeting_target": [r.share_meeting for r in self.trace],
                "seconds": [r.seconds for r in self.trace],
            },
            schema={"run": pl.Int64, "phase": pl.String, "lever_value": pl.Float64, "share_meeting_target": pl.Float64, "seconds": pl.Float64},
        )

    def answer_table(self) -> pl.DataFrame:
        """One row per reported quantity: the answer, the band and the bootstrap range, with a reading."""
        rows: list[dict[str, Any]] = []

        def add(quantity: str, share: float | None, value: float | None) -> None:
            rows.append(
                {
                    "lever": self.lever.name,
                    "target": self.target.description,
                    "quantity": quantity,
                    "share_of_paths": share,
                    "lever_value": value,
                    "reading": "" if value is None else self.lever.reading(value),
                    "status": self.status,
                }
            )

        add("answer", self.confidence, self.answer)
        for share, value in sorted(self.band.items()):
            add(f"met on {share:.0%} of paths", share, value)
        add("answer: bootstrap p10 over paths", self.confidence, self.bootstrap_p10)
        add("answer: bootstrap p90 over paths", self.confidence, self.bootstrap_p90)
        return pl.DataFrame(
            rows,
            schema={
                "lever": pl.String,
                "target": pl.String,
                "quantity": pl.String,
                "share_of_paths": pl.Float64,
                "lever_value": pl.Float64,
                "reading": pl.String,
                "status": pl.String,
            },
        )


class _Search:
    def __init__(self, model: PreparedModel, lever: Lever, target: Target, progress: ProgressReporter, max_runs: int) -> None:
        self.model, self.lever, self.target = model, lever, target
        self.met: dict[float, np.ndarray] = {}
        self.trace: list[TraceRow] = []
        self.phase = progress.phase(f"goal-seek runs ({lever.name})", max_runs)

    def share(self, x: float, phase: str) -> float:
        x = float(round(x)) if self.lever.integer else float(x)
        if x not in self.met:
            t0 = time.perf_counter()
            met = self.target.met(self.model.evaluate(self.lever.to_case(x)))
            self.met[x] = met
            self.trace.append(TraceRow(len(self.trace) + 1, phase, x, float(met.mean()), time.perf_counter() - t0))
            self.phase.advance()
        return float(self.met[x].mean())

    def boundary(self, level: float, met_side: str, tolerance: float) -> float:
        """The lever value nearest the unmet end at which at least ``level`` of paths meet the target."""
        sign = 1.0 if met_side == "high" else -1.0
        xs = sorted(self.met, key=lambda v: sign * v)  # from the unmet end to the met end
        met_points = [x for x in xs if self.met[x].mean() >= level - 1e-12]
        met_x = met_points[0]
        unmet_points = [x for x in xs if sign * x < sign * met_x and self.met[x].mean() < level - 1e-12]
        unmet_x = unmet_points[-1]
        step = 1.0 if self.lever.integer else tolerance
        while abs(met_x - unmet_x) > step:
            mid = (met_x + unmet_x) / 2.0
            if self.lever.integer:
                mid = float(np.floor(mid))  # strictly between: the two ends are at least 2 apart here
            if self.share(mid, f"bisection for {level:.0%} of paths") >= level - 1e-12:
                met_x = mid
            else:
                unmet_x = mid
        return met_x


def _bootstrap(met: dict[float, np.ndarray], level: float, met_side: str, seed: int) -> tuple[float | None, float | None]:
    """p10 / p90 over path resamples of the boundary, interpolated between the lever values run."""
    xs = np.array(sorted(met))
    table = np.array([met[x] for x in xs], dtype=float)  # [X, P]
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(7,))))
    paths = table.shape[1]
    answers = []
    for _ in range(BOOTSTRAP_RESAMPLES):
        pick = rng.integers(0, paths, paths)
        share = table[:, pick].mean(axis=1)
        ok = share >= level - 1e-12
        order = range(len(xs)) if met_side == "high" else range(len(xs) - 1, -1, -1)
        previous = None
        for i in order:
            if ok[i]:
                if previous is None:
                    answers.append(xs[i])
                else:
                    s0, s1 = share[previous], share[i]
                    w = (level - s0) / (s1 - s0) if s1 != s0 else 1.0
                    answers.append(xs[previous] + w * (xs[i] - xs[previous]))
                break
            previous = i
    if not answers:
        return None, None
    return float(np.percentile(answers, 10)), float(np.percentile(answers, 90))


def goal_seek(
    model: PreparedModel,
    lever: Lever,
    target: Target,
    confidence: float | None = None,
    tolerance: float | None = None,
    progress: ProgressReporter = NO_PROGRESS,
) -> GoalSeekResult:
    """Search ``lever`` for the boundary of ``target`` at ``confidence`` (share of paths), with its band."""
    level = target.default_confidence if confidence is None else confidence
    if not 0.0 < level <= 1.0:
        raise BadInputError("(command line)", "--confidence", level, "a share of paths above 0 and at most 1")
    tol = tolerance if tolerance is not None else (lever.high - lever.low) / 256.0
    search = _Search(model, lever, target, progress, max_runs=2 + 4 * 10)
    at_low = search.share(lever.low, "bracket: low end")
    at_high = search.share(lever.high, "bracket: high end")
    levels = sorted({level, *BAND_SHARES})
    band: dict[float, float | None] = {}
    seed = model.inputs.scenario.seed
    if at_low < level - 1e-12 and at_high < level - 1e-12:
        best = "neither end comes closer" if at_low == at_high else f"the {'low' if at_low > at_high else 'high'} end comes closer"
        explanation = (
            f"unreachable: {target.description} is met on {at_low:.0%} of paths at the low end ({lever.reading(lever.low)}) and "
            f"{at_high:.0%} at the high end ({lever.reading(lever.high)}), both short of the required {level:.0%}; "
            f"the lever's range [{lever.low:g}, {lever.high:g}] {lever.unit} and the target clash ({best})"
        )
        for share in levels:
            side = "high" if at_high >= at_low else "low"
            reach = at_high if side == "high" else at_low
            band[share] = search.boundary(share, side, tol) if reach >= share - 1e-12 and min(at_low, at_high) < share - 1e-12 else None
        search.phase.close()
        return GoalSeekResult(
            lever, target, level, "unreachable", None, None, band, None, None, search.trace, search.met, explanation, dict(model.engine_runs)
        )
    met_side = "high" if at_high >= at_low else "low"
    other = at_low if met_side == "high" else at_high
    if other >= level - 1e-12:
        search.phase.close()
        end = lever.low if met_side == "high" else lever.high
        explanation = f"{target.description} is met on at least {level:.0%} of paths across the whole range: {at_low:.0%} at {lever.reading(lever.low)}, {at_high:.0%} at {lever.reading(lever.high)}"
        return GoalSeekResult(
            lever, target, level, "met_throughout", met_side, end, {}, None, None, search.trace, search.met, explanation, dict(model.engine_runs)
        )
    answer = search.boundary(level, met_side, tol)
    reach = at_high if met_side == "high" else at_low
    for share in levels:
        if reach >= share - 1e-12 and other < share - 1e-12:
            band[share] = search.boundary(share, met_side, tol)
        else:
            band[share] = None
    boot_lo, boot_hi = _bootstrap(search.met, level, met_side, seed)
    search.phase.close()
    direction = "at least" if met_side == "high" else "at most"
    explanation = f"{target.description} on {level:.0%} of paths needs {lever.name} {direction} {lever.reading(answer)}"
    return GoalSeekResult(
        lever, target, level, "met", met_side, answer, band, boot_lo, boot_hi, search.trace, search.met, explanation, dict(model.engine_runs)
    )
