"""Solving the savings model: the solve itself (``solve_savings_model``), and an α out of reach
explained in plain words: the best achievable shares of futures (``achievable_shares``) and the
further savings α would need (``further_savings_needed``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pulp

from sefton_sim.errors import InfeasibleError
from sefton_sim.optimise.savings import ChanceMode, SavingsOptions, SavingsWeights
from sefton_sim.optimise.savings_inputs import SavingsInputs
from sefton_sim.optimise.savings_model import UNIDENTIFIED_FROM_YEAR, SavingsHandles, build_max_share_model, build_savings_model
from sefton_sim.optimise.savings_plan import plan_from_handles
from sefton_sim.optimise.solver import SolveReport, SolverProfile, raise_if_infeasible, solve


@dataclass(frozen=True)
class AchievableShares:
    """The best share of futures any plan of the named options can keep at or above the floor,
    and (if it could be worked out) the further savings that would be needed to reach α."""

    every_year: float
    by_year: tuple[float, ...]
    year_labels: tuple[str, ...]
    further_needed_gbp_m: np.ndarray | None = None  # [Y] recurrent increments found each year


def achievable_shares(inputs: SavingsInputs, options: SavingsOptions, profile: SolverProfile) -> AchievableShares:
    """Solve the max-share models: in every year jointly, then year by year."""

    def best(year: int | None) -> float:
        problem, ok = build_max_share_model(inputs, options, year)
        report = solve(problem, profile)
        if not report.usable:
            raise InfeasibleError(f"could not work out the achievable share of futures (solver status '{report.status}')")
        count = sum(round(v.varValue or 0.0) for v in ok.values())
        if report.status != "optimal" and report.best_bound is not None:
            count = max(count, min(math.floor(report.best_bound + 1e-6), inputs.paths))
        return count / inputs.paths

    return AchievableShares(best(None), tuple(best(y) for y in range(inputs.years)), inputs.year_labels)


def further_savings_needed(
    inputs: SavingsInputs, options: SavingsOptions, alpha: float, chance: ChanceMode, weights: SavingsWeights, profile: SolverProfile
) -> np.ndarray | None:
    """The least further recurrent savings (£m found in each year, [Y]) that, with the best use of
    the named options, would meet α; ``None`` if the solver gives no answer."""
    problem, handles = build_savings_model(inputs, options, alpha, weights, chance, unidentified=True)
    report = solve(problem, profile)
    if not report.usable:
        return None
    return plan_from_handles(handles).further_savings_gbp_m


class SavingsInfeasibleError(InfeasibleError):
    """An α the savings options cannot meet, with what explains it: the model's handles and the best
    achievable shares (``savings_infeasible.infeasible_tables`` turns them into tables)."""

    def __init__(self, message: str, handles: SavingsHandles, shares: AchievableShares) -> None:
        super().__init__(message)
        self.handles = handles
        self.shares = shares


def clashing_limits(handles: SavingsHandles) -> list[str]:
    """The limits that clash when α cannot be met, in plain words."""
    inputs = handles.inputs
    names = [f"α = {handles.alpha:.0%} of {inputs.paths} futures at or above the floor ({handles.chance})"]
    names.append("the floor (6.5% of the net revenue budget) each year")
    if handles.options.of_kind("council_tax"):
        names.append(f"council tax at most the referendum cap {inputs.referendum_cap_pct:g}% a year")
    if handles.options.of_kind("reserves"):
        names.append("earmarked reserves available each year")
    names.append(f"the {len(handles.options.of_kind('saving'))} savings options' amounts, start years and delivery risk")
    if handles.further:
        names.append(f"savings still to be identified only from {inputs.year_labels[min(UNIDENTIFIED_FROM_YEAR, inputs.years - 1)]}")
    return names


def _money(value: float) -> str:
    return f"£{value:,.1f}m"


def explain_infeasible_alpha(handles: SavingsHandles, shares: AchievableShares) -> str:
    """The plain-words reason an α cannot be met, naming the years and the best achievable shares
    (and, when known, how much further saving α would need)."""
    inputs, alpha = handles.inputs, handles.alpha
    cap = inputs.referendum_cap_pct
    by_year = ", ".join(f"{label} {share:.0%}" for label, share in zip(shares.year_labels, shares.by_year))
    needed_share = handles.required_paths / inputs.paths
    short = [label for label, share in zip(shares.year_labels, shares.by_year) if share + 1e-9 < needed_share]
    lead = (
        f"even with the best mix of the {len(handles.options.options)} options "
        f"(council tax up to the referendum cap {cap:g}% a year, every earmarked-reserve draw allowed),\n  "
    )
    if handles.further:
        early = [
            f"{label} at best {share:.0%}"
            for y, (label, share) in enumerate(zip(shares.year_labels, shares.by_year))
            if y < UNIDENTIFIED_FROM_YEAR and share + 1e-9 < needed_share
        ]
        return (
            f"{lead}and further savings still to be identified from {inputs.year_labels[min(UNIDENTIFIED_FROM_YEAR, inputs.years - 1)]}, "
            f"general balances cannot stay above the floor in {alpha:.0%} of {inputs.paths} futures:\n  "
            f"{', '.join(early) or 'the years before the balancing item falls short'} "
            f"(that year's budget is set; only in-year options act on it)\n  "
            f"limits that clash: {'; '.join(clashing_limits(handles))}"
        )
    if handles.chance == "joint":
        text = (
            f"{lead}general balances stay above the floor in every year in only {shares.every_year:.0%} of {inputs.paths} futures < α = {alpha:.0%}"
        )
    else:
        text = f"{lead}general balances cannot stay above the floor in {alpha:.0%} of {inputs.paths} futures in every year"
    if short:
        first = short[0]
        text += f"\n  first short year {first}: above the floor in at best {shares.by_year[shares.year_labels.index(first)]:.0%} of futures"
    text += f"\n  best share year by year: {by_year}"
    text += f"\n  limits that clash: {'; '.join(clashing_limits(handles))}"
    further = shares.further_needed_gbp_m
    if further is not None and further.sum() > 1e-6:
        totals = np.cumsum(further)
        first_year = int(np.argmax(further > 1e-6))
        found = [f"{_money(totals[y])} in {inputs.year_labels[y]}" for y in range(first_year, inputs.years)]
        text += (
            f"\n  to reach α = {alpha:.0%} the council would need further recurrent savings still to be identified "
            f"of {', '.join(found)} (certain delivery; rerun with --allow-unidentified to plan with them)"
        )
    return text


def solve_savings_model(problem: pulp.LpProblem, handles: SavingsHandles, profile: SolverProfile) -> SolveReport:
    """Solve with the profile; an infeasible α becomes ``InfeasibleError`` in plain words, naming
    the first year that falls short, the best achievable shares and the further savings α would
    need; a solve with no usable answer (time out, not solved) becomes ``InfeasibleError`` too."""
    report = solve(problem, profile)
    if report.status == "infeasible":
        shares = achievable_shares(handles.inputs, handles.options, profile)
        further = None
        if not handles.further:
            further = further_savings_needed(handles.inputs, handles.options, handles.alpha, handles.chance, handles.weights, profile)
        shares = AchievableShares(shares.every_year, shares.by_year, shares.year_labels, further)
        raise SavingsInfeasibleError(explain_infeasible_alpha(handles, shares), handles, shares)
    raise_if_infeasible(report, problem, handles.limits, profile, "the savings portfolio")
    return report


def solve_wording(report: SolveReport) -> str:
    """The solver's outcome in words: "optimal" only when proved with no gap, else "optimal within
    gap g" (proved within the profile's gap) or "feasible, gap g" (stopped with a larger gap)."""
    gap = report.gap
    if report.status == "optimal":
        return "optimal" if gap is None or gap <= 1e-9 else f"optimal within gap {100 * gap:.2f}%"
    if report.status in ("feasible_with_gap", "time_out") and gap is not None:
        return f"{report.status.replace('_', ' ')}, gap {100 * gap:.2f}%"
    return report.status.replace("_", " ")
