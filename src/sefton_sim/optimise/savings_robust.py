"""A savings plan that holds on fresh futures: solve, re-simulate out of sample, and tighten until
P(balances ≥ floor) on fresh paths is at least α, in a bounded number of rounds.

Round 1 solves at the asked α. If the plan, written as a scenario and re-simulated on fresh paths
(another seed), keeps balances at or above the floor in fewer than α of them, the next round asks
the model for more: its in-sample α rises by the shortfall plus one path; once that reaches 100%
or is out of reach, a safety margin above the floor from the second year on grows instead (by
how far the fresh paths fell short at the α share, at least £1m) at the last α that could be met. It stops when the plan holds,
after ``max_rounds``, or when the tighter model is infeasible, and then says plainly that the
plan does not hold, with the share it achieved (``RobustOutcome.verdict``).
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl
import pulp

from sefton_sim.errors import InfeasibleError
from sefton_sim.model.progress import NO_PROGRESS, ProgressReporter
from sefton_sim.optimise.savings import ChanceMode, SavingsOptions, SavingsWeights
from sefton_sim.optimise.savings_evaluation import OutOfSample, out_of_sample
from sefton_sim.optimise.savings_inputs import SavingsInputs
from sefton_sim.optimise.savings_model import SavingsHandles, build_savings_model
from sefton_sim.optimise.savings_plan import SavingsPlan, balanced_shares, copy_scenario_chain, plan_from_handles, plan_to_scenario
from sefton_sim.optimise.savings_solve import solve_savings_model
from sefton_sim.optimise.solver import SolveReport, SolverProfile
from sefton_sim.scenario.finance import Saving

MARGIN_STEP_GBP_M = 1.0
"""Safety margin added above the floor per round once the in-sample α is 100% (£m)."""


@dataclass(frozen=True)
class RobustRound:
    """One solve and its out-of-sample check."""

    round: int
    alpha_in_sample: float
    floor_margin_gbp_m: float
    status: str
    mip_gap: float | None
    out_of_sample_share: float | None
    holds: bool


@dataclass(frozen=True)
class RobustOutcome:
    """The plan kept (the last one solved) with its solve, its out-of-sample check and every round."""

    problem: pulp.LpProblem
    handles: SavingsHandles
    report: SolveReport
    plan: SavingsPlan
    oos: OutOfSample
    rounds: tuple[RobustRound, ...]
    alpha: float
    chance: ChanceMode
    kept_round: int

    @property
    def kept(self) -> RobustRound:
        """The round whose plan is kept (the last one solved)."""
        return self.rounds[self.kept_round - 1]

    @property
    def holds(self) -> bool:
        """Whether the kept plan meets α on fresh paths."""
        return self.kept.holds

    @property
    def achieved_share(self) -> float:
        """The kept plan's out-of-sample share (every year jointly, or the worst year for per_year)."""
        return float(self.kept.out_of_sample_share or 0.0)

    def verdict(self) -> str:
        """One plain sentence: the plan holds on fresh futures, or it does not, with the share it achieved."""
        scope = "in every year" if self.chance == "joint" else "in each year"
        last = self.kept
        stopped = " (a tighter plan was infeasible)" if self.rounds[-1].status == "infeasible" else ""
        tightened = (
            ""
            if len(self.rounds) == 1
            else f" after {len(self.rounds)} rounds (kept round {last.round}: in-sample α {last.alpha_in_sample:.0%}, "
            f"margin £{last.floor_margin_gbp_m:.2f}m above the floor){stopped}"
        )
        if self.holds:
            return (
                f"The plan holds out of sample: general balances at or above the floor {scope} in {self.achieved_share:.1%} "
                f"of {self.oos.paths} fresh futures (α = {self.alpha:.0%}){tightened}."
            )
        return (
            f"The plan does NOT hold out of sample: general balances at or above the floor {scope} in only {self.achieved_share:.1%} "
            f"of {self.oos.paths} fresh futures, below α = {self.alpha:.0%}{tightened}."
        )


def rounds_table(outcome: RobustOutcome) -> pl.DataFrame:
    """Every round: in-sample α, safety margin (£m), solver status and gap, out-of-sample share, holds."""
    return pl.DataFrame([dataclasses.asdict(r) for r in outcome.rounds])


def out_of_sample_share(oos: OutOfSample, chance: ChanceMode) -> float:
    """Share of fresh paths with the plan at or above the floor: every year (joint) or the worst year (per_year)."""
    every, by_year = balanced_shares(oos.balances_with_gbp_m, oos.floor_with_gbp_m)
    return every if chance == "joint" else float(by_year.min())


def shortfall_margin_gbp_m(oos: OutOfSample, alpha: float, chance: ChanceMode) -> float:
    """How far (£m) the fresh paths' balances fall short of the floor at the α share from the
    second year on (the first year's budget is set, a margin cannot act on it), 0 if they do not.

    joint: among the paths at or above the floor in the first year (share q0), α / q0 of them must
    stay above it in every later year: the (1 − α / q0) quantile of their worst later slack.
    per_year: the worst later year's (1 − α) quantile of slack."""
    slack = oos.balances_with_gbp_m - oos.floor_with_gbp_m
    if slack.shape[1] < 2:
        return 0.0
    if chance == "joint":
        first_ok = slack[:, 0] >= 0.0
        q0 = float(first_ok.mean())
        if q0 <= alpha or not first_ok.any():
            return 0.0
        short = -float(np.quantile(slack[first_ok, 1:].min(axis=1), 1.0 - alpha / q0))
    else:
        short = -float(np.quantile(slack[:, 1:], 1.0 - alpha, axis=0).min())
    return max(short, 0.0)


class PlanChecker:
    """Re-simulates plans on the same fresh paths; the no-plan base run is simulated once."""

    def __init__(
        self,
        base_scenario: Path,
        scenario_files: Sequence[Path],
        data_folder: Path,
        base_savings: Sequence[Saving],
        paths: int,
        seed: int,
        horizon_years: int | None,
    ) -> None:
        self.base_scenario, self.scenario_files, self.data_folder = Path(base_scenario), list(scenario_files), Path(data_folder)
        self.base_savings, self.paths, self.seed, self.horizon_years = list(base_savings), paths, seed, horizon_years
        self._without: OutOfSample | None = None

    def __call__(self, plan: SavingsPlan) -> OutOfSample:
        """The plan and the base on the fresh paths (balances and floors, £m [P, Y])."""
        stem = self.base_scenario.stem
        with tempfile.TemporaryDirectory(prefix="sefton-sim-plan-") as tmp:
            folder = Path(tmp)
            copy_scenario_chain(self.scenario_files, folder, self.data_folder)
            plan_file = plan_to_scenario(plan, stem, folder / f"{stem}_check.toml", base_savings=self.base_savings, data_folder=self.data_folder)
            result = out_of_sample(self.base_scenario, plan_file, self.paths, self.seed, self.horizon_years, without=self._without)
        self._without = result
        return result


def _with_margin(inputs: SavingsInputs, margin_gbp_m: float) -> SavingsInputs:
    """The model's inputs with the floor raised by a safety margin from the second year on (the
    first year's budget is set and under way)."""
    if margin_gbp_m == 0.0:
        return inputs
    floor = inputs.floor_gbp_m.copy()
    floor[:, 1:] += margin_gbp_m
    return dataclasses.replace(inputs, floor_gbp_m=floor)


def solve_until_it_holds(
    inputs: SavingsInputs,
    options: SavingsOptions,
    alpha: float,
    weights: SavingsWeights,
    chance: ChanceMode,
    unidentified: bool,
    profile: SolverProfile,
    check: Callable[[SavingsPlan], OutOfSample],
    max_rounds: int = 3,
    progress: ProgressReporter = NO_PROGRESS,
) -> RobustOutcome:
    """Solve at α, check on fresh paths, tighten until the plan holds or ``max_rounds`` are used
    (``progress`` hears each round: build, solve, re-simulate on fresh paths).

    An α the options cannot meet in round 1 raises ``SavingsInfeasibleError``; in a later round
    the previous plan is kept and the outcome says it does not hold."""
    alpha_in, margin = alpha, 0.0
    last_feasible_alpha, alpha_ceiling, margin_step = alpha, 1.0, MARGIN_STEP_GBP_M
    rounds: list[RobustRound] = []
    kept: tuple[pulp.LpProblem, SavingsHandles, SolveReport, SavingsPlan, OutOfSample] | None = None
    phase = progress.phase("savings plan rounds (solve, then check on fresh paths)", max_rounds)
    for k in range(1, max_rounds + 1):
        phase.advance()
        problem, handles = build_savings_model(_with_margin(inputs, margin), options, alpha_in, weights, chance, unidentified)
        try:
            report = solve_savings_model(problem, handles, profile)
        except InfeasibleError:
            if kept is None:
                raise
            rounds.append(RobustRound(k, alpha_in, margin, "infeasible", None, None, False))
            if alpha_in > last_feasible_alpha:  # a higher α is out of reach: a safety margin at the last feasible α instead
                alpha_ceiling = last_feasible_alpha
                alpha_in, margin = last_feasible_alpha, margin + margin_step
                continue
            break
        last_feasible_alpha = alpha_in
        plan = plan_from_handles(handles)
        oos = check(plan)
        share = out_of_sample_share(oos, chance)
        holds = share + 1e-12 >= alpha
        rounds.append(RobustRound(k, alpha_in, margin, report.status, report.gap, share, holds))
        kept = (problem, handles, report, plan, oos)
        if holds:
            break
        margin_step = max(MARGIN_STEP_GBP_M, shortfall_margin_gbp_m(oos, alpha, chance))
        wanted = alpha_in + (alpha - share) + 1.0 / inputs.paths
        if alpha_in < alpha_ceiling:
            alpha_in = min(alpha_ceiling, wanted)
        else:
            margin += margin_step
    phase.close()
    assert kept is not None
    problem, handles, report, plan, oos = kept
    kept_round = max(r.round for r in rounds if r.status != "infeasible")
    return RobustOutcome(problem, handles, report, plan, oos, tuple(rounds), alpha, chance, kept_round)
