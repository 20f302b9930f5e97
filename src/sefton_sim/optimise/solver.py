"""Solver profiles and the one way every optimisation is solved.

A profile (``solvers/<name>.toml``) names the backend (HiGHS via highspy, or CBC: the binary
bundled with PuLP 3, run through ``COIN_CMD``), a time limit, a relative MIP gap and threads.
``solve`` always sets the time limit, always reads the status back, and never calls a solution
optimal unless the solver proved it within the profile's gap. Infeasible problems can be explained with ``explain_infeasible``,
which re-solves with elastic slack on the named limits and says which must give way.
"""

from __future__ import annotations

import os
import shutil
import time
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pulp
from pulp.apis import coin_api
from pydantic import Field, ValidationError

from sefton_sim.errors import BadInputError, InfeasibleError
from sefton_sim.scenario.base import StrictModel
from sefton_sim.shipped import solvers_folder

SOLVERS_DIR = solvers_folder()
Status = Literal["optimal", "feasible_with_gap", "time_out", "infeasible", "unbounded", "not_solved"]


class SolverProfile(StrictModel):
    """How to solve: backend, time limit, gap, threads."""

    name: str = Field("highs", description="Profile name (file stem).")
    backend: Literal["highs", "cbc"] = Field("highs", description="HiGHS (default) or CBC (comparison).")
    time_limit_seconds: float = Field(120.0, gt=0, le=86_400, description="Wall-clock limit for one solve.")
    mip_gap: float = Field(0.01, ge=0, le=1, description="Relative MIP gap at which a solution counts as optimal.")
    threads: int = Field(1, ge=1, le=64, description="Solver threads.")
    msg: bool = Field(False, description="Show the solver log.")


def load_profile(name_or_path: str | Path = "highs", folder: Path = SOLVERS_DIR) -> SolverProfile:
    """A profile by name (``solvers/<name>.toml``) or by path; bad files are one-line errors."""
    path = Path(name_or_path)
    if not path.suffix:
        path = folder / f"{name_or_path}.toml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in folder.glob("*.toml")))
        raise BadInputError(path, "--profile", str(name_or_path), f"a solver profile ({known})")
    try:
        data = tomllib.loads(path.read_text())
        return SolverProfile.model_validate({"name": path.stem, **data})
    except tomllib.TOMLDecodeError as exc:
        raise BadInputError(path, "(syntax)", str(exc), "valid TOML") from None
    except ValidationError as exc:
        err = exc.errors()[0]
        raise BadInputError(path, ".".join(str(x) for x in err["loc"]), err.get("input"), err["msg"]) from None


def cbc_executable() -> str | None:
    """The CBC executable: the one PuLP 3 ships (``pulp/solverdir/cbc``, what ``PULP_CBC_CMD``
    ran), else ``cbc`` on PATH (e.g. from ``pip install pulp[cbc]``); ``None`` if neither, and
    PuLP then reports CBC as not available when solving."""
    bundled = getattr(coin_api, "pulp_cbc_path", None)
    if bundled is not None:
        bundled = pulp.COIN_CMD.executableExtension(bundled)
        if os.path.isfile(bundled) and os.access(bundled, os.X_OK):
            return bundled
    return shutil.which(pulp.COIN_CMD.executableExtension("cbc"))


HighsOptions = Mapping[str, bool | int | float | str]
"""Further HiGHS options by name (``Highs.setOptionValue``) a model may ask for; CBC ignores them."""


def make_solver(profile: SolverProfile, highs_options: HighsOptions | None = None) -> pulp.LpSolver:
    """A PuLP solver for the profile, always with a time limit and gap (CBC through ``COIN_CMD``)."""
    if profile.backend == "highs":
        return pulp.HiGHS(
            msg=profile.msg, timeLimit=profile.time_limit_seconds, gapRel=profile.mip_gap, threads=profile.threads, **dict(highs_options or {})
        )
    return pulp.COIN_CMD(
        path=cbc_executable(), msg=profile.msg, timeLimit=profile.time_limit_seconds, gapRel=profile.mip_gap, threads=profile.threads
    )


@dataclass(frozen=True)
class SolveReport:
    """What the solver did: status, objective, bound and gap where known, time."""

    status: Status
    objective: float | None
    best_bound: float | None
    gap: float | None
    solve_seconds: float
    backend: str
    has_solution: bool

    @property
    def usable(self) -> bool:
        """True if the variables hold a feasible solution (optimal or not)."""
        return self.has_solution and self.status in ("optimal", "feasible_with_gap", "time_out")


def _highs_details(problem: pulp.LpProblem) -> tuple[str | None, float | None, float | None]:
    model = getattr(problem, "solverModel", None)
    if model is None:
        return None, None, None
    try:
        status = str(model.getModelStatus()).split(".")[-1]
        info = model.getInfo()
        bound = float(info.mip_dual_bound) if problem.isMIP() else None
        gap = float(info.mip_gap) if problem.isMIP() else 0.0
        return status, bound, gap
    except Exception:  # details are a courtesy; status comes from PuLP below
        return None, None, None


def solve(problem: pulp.LpProblem, profile: SolverProfile, highs_options: HighsOptions | None = None) -> SolveReport:
    """Solve with the profile's solver (and any ``highs_options`` the model asks for) and classify
    the outcome honestly."""
    solver = make_solver(profile, highs_options)
    t0 = time.perf_counter()
    status = problem.solve(solver)
    seconds = time.perf_counter() - t0
    sol = problem.sol_status
    highs_status, bound, gap = _highs_details(problem) if profile.backend == "highs" else (None, None, None)
    objective = pulp.value(problem.objective) if sol in (pulp.LpSolutionOptimal, pulp.LpSolutionIntegerFeasible) else None
    hit_time = highs_status == "kTimeLimit" or seconds >= 0.98 * profile.time_limit_seconds
    if status == pulp.LpStatusInfeasible or sol == pulp.LpSolutionInfeasible:
        classified: Status = "infeasible"
    elif status == pulp.LpStatusUnbounded or sol == pulp.LpSolutionUnbounded:
        classified = "unbounded"
    elif sol == pulp.LpSolutionOptimal and status == pulp.LpStatusOptimal:
        classified = "optimal"
    elif sol == pulp.LpSolutionIntegerFeasible:
        classified = "time_out" if hit_time else "feasible_with_gap"
    elif hit_time:
        classified = "time_out"
    else:
        classified = "not_solved"
    return SolveReport(
        status=classified,
        objective=None if objective is None else float(objective),
        best_bound=bound,
        gap=gap,
        solve_seconds=seconds,
        backend=profile.backend,
        has_solution=objective is not None,
    )


def explain_infeasible(problem: pulp.LpProblem, limits: Mapping[str, tuple[str, str]], profile: SolverProfile) -> list[str]:
    """Which named limits must give way, and by how much, for an infeasible problem.

    ``limits`` maps constraint names to (plain-words description, unit), e.g.
    ``{"capital_2025_26": ("capital budget 2025/26 £4.7m", "£m")}``. Those constraints get
    elastic slack; everything else stays hard; the total slack is minimised. Returns one
    sentence per limit that needs relaxing.
    """
    elastic = problem.deepcopy()
    elastic.sense = pulp.LpMinimize
    slacks = []
    for name, (description, unit) in limits.items():
        c = elastic.get_constraint_by_name(name)
        if c is None:
            continue
        if c.sense == pulp.LpConstraintLE:
            s = elastic.add_variable(f"slack_{name}", lowBound=0)
            c.addInPlace(-1.0 * s)
            slacks.append((s, description, unit))
        elif c.sense == pulp.LpConstraintGE:
            s = elastic.add_variable(f"slack_{name}", lowBound=0)
            c.addInPlace(1.0 * s)
            slacks.append((s, description, unit))
        else:
            up, down = elastic.add_variable(f"slack_up_{name}", lowBound=0), elastic.add_variable(f"slack_down_{name}", lowBound=0)
            c.addInPlace(-1.0 * up)
            c.addInPlace(1.0 * down)
            slacks.extend([(up, description, unit), (down, description, unit)])
    elastic.setObjective(pulp.lpSum(s for s, _, _ in slacks))
    report = solve(elastic, profile)
    if not report.usable:
        return ["the problem is infeasible even with every named limit relaxed: the hard requirements contradict each other"]
    sentences = []
    for s, description, unit in slacks:
        value = s.varValue or 0.0
        if value > 1e-6:
            sentences.append(f"{description} is short by {value:,.2f} {unit}")
    return sentences or ["no single named limit is to blame (numerical trouble); try a looser gap"]


def raise_if_infeasible(
    report: SolveReport, problem: pulp.LpProblem, limits: Mapping[str, tuple[str, str]], profile: SolverProfile, requirement: str
) -> None:
    """Raise ``InfeasibleError`` with the clashing limits in plain words if the solve failed."""
    if report.status == "infeasible":
        clashes = explain_infeasible(problem, limits, profile)
        raise InfeasibleError(f"{requirement} cannot be met: " + "; ".join(clashes))
    if not report.usable:
        raise InfeasibleError(
            f"the solver stopped with status '{report.status}' and no usable solution (profile {profile.name}, time limit {profile.time_limit_seconds:g} s)"
        )
