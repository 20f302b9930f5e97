"""Savings plans that hold: reserves are funding, the out-of-sample loop tightens until the plan
holds (or says it does not), infeasible runs write their tables, numbers print at their limits' precision."""

from __future__ import annotations

import tomllib

import numpy as np
import polars as pl
import pytest

from conftest import SCENARIOS, run_cli
from sefton_sim.errors import InfeasibleError
from sefton_sim.optimise.savings_evaluation import OutOfSample
from sefton_sim.optimise.savings_infeasible import infeasible_tables
from sefton_sim.optimise.savings_model import build_savings_model
from sefton_sim.optimise.savings_plan import SavingsPlan, balances_with_plan, limit_decimals, plan_to_scenario
from sefton_sim.optimise.savings_reference import build_reference_instance
from sefton_sim.optimise.savings_robust import solve_until_it_holds
from sefton_sim.optimise.savings_solve import SavingsInfeasibleError, solve_savings_model, solve_wording
from sefton_sim.optimise.solver import SolveReport, load_profile
from sefton_sim.scenario.finance import FinanceSettings


@pytest.fixture(scope="module")
def small():
    """Sefton baseline, 50 paths, with the balancing item (feasible at α = 0.9)."""
    return build_reference_instance("small")


def _checker_from(inputs, options, shifts_gbp_m):
    """A stand-in for the fresh-path re-simulation: the planning paths' balances under the plan,
    shifted down by a known amount per call (fresh futures that are worse than the planning ones)."""
    calls = []

    def check(plan: SavingsPlan) -> OutOfSample:
        shift = np.full(inputs.years, shifts_gbp_m[min(len(calls), len(shifts_gbp_m) - 1)])
        shift[0] = 0.0  # the first year's budget is set; later years of the fresh futures are worse
        calls.append(plan)
        with_plan = balances_with_plan(inputs, options, plan) - shift[None, :]
        return OutOfSample(99, inputs.paths, inputs.balances_no_plan_gbp_m, with_plan, inputs.floor_gbp_m, inputs.floor_gbp_m, 0.0)

    return check, calls


def test_a_plan_that_fails_out_of_sample_is_re_solved_tighter_until_it_holds(small):
    inputs, options = small.inputs, small.options
    # fresh futures £3m worse than the planning ones from 2025/26: the α = 0.8 plan falls short
    check, calls = _checker_from(inputs, options, [3.0])
    outcome = solve_until_it_holds(inputs, options, 0.8, small.weights, "joint", True, load_profile("highs"), check, max_rounds=6)
    first = outcome.rounds[0]
    assert first.out_of_sample_share is not None and first.out_of_sample_share < 0.8 and not first.holds
    assert outcome.holds and outcome.achieved_share >= 0.8
    # every round the solver answered is re-simulated (an infeasible round has nothing to check)
    checked = [r for r in outcome.rounds if r.out_of_sample_share is not None]
    assert len(checked) == len(calls) >= 2
    assert all(r.status != "optimal" for r in outcome.rounds if r.out_of_sample_share is None)
    asked = [(r.alpha_in_sample, r.floor_margin_gbp_m) for r in outcome.rounds]
    assert all(b[0] > a[0] or b[1] > a[1] for a, b in zip(asked, asked[1:]))  # each round asks for more
    assert "holds out of sample" in outcome.verdict() and f"{outcome.achieved_share:.1%}" in outcome.verdict()


def test_a_plan_that_cannot_be_made_to_hold_says_so_with_its_share(small):
    inputs, options = small.inputs, small.options
    check, _ = _checker_from(inputs, options, [500.0])  # no plan survives futures £500m worse
    outcome = solve_until_it_holds(inputs, options, 0.8, small.weights, "joint", True, load_profile("highs"), check, max_rounds=2)
    assert not outcome.holds and len(outcome.rounds) == 2
    assert outcome.achieved_share == 0.0
    assert "does NOT hold out of sample" in outcome.verdict() and "0.0%" in outcome.verdict()


def test_infeasible_alpha_gives_tables_of_the_clash_the_shortfall_and_the_best_shares():
    tiny = build_reference_instance("tiny", unidentified=False)
    problem, handles = build_savings_model(tiny.inputs, tiny.options, 0.9)
    with pytest.raises(SavingsInfeasibleError) as err:
        solve_savings_model(problem, handles, load_profile("highs"))
    message = str(err.value)
    assert 3 <= len(message.splitlines()) <= 8 and "limits that clash" in message
    tables = infeasible_tables(err.value)
    shortfall = tables["shortfall_by_year"]
    assert shortfall["financial_year"].to_list() == list(tiny.inputs.year_labels)
    assert (shortfall["best_achievable_share"] < 0.9).any()
    assert np.allclose(shortfall["share_short"], np.maximum(0.9 - shortfall["best_achievable_share"].to_numpy(), 0.0))
    assert shortfall["further_recurrent_savings_needed_gbp_m"].max() > 0
    achievable = tables["achievable_shares"]
    assert achievable["scope"][0] == "every year on the same path" and achievable["best_achievable_share"][0] < 0.9
    explanation = tables["infeasible_explanation"]
    assert any("referendum cap 4.99%" in limit for limit in explanation["limit"])


def test_earmarked_reserves_are_written_as_a_funding_line_not_a_saving(small, tmp_path):
    reserves = next(o for o in small.options.options if o.kind == "reserves")
    plan = SavingsPlan(small.inputs.year_labels, (reserves,), np.zeros(small.inputs.years), {reserves.option: np.array([0.0, 2.0, 1.5, 0, 0])})
    path = plan_to_scenario(plan, "baseline", tmp_path / "plan.toml")
    finance = tomllib.loads(path.read_text())["finance"]
    assert finance["earmarked_reserves_draw_gbp_m_by_year"] == {"2025/26": 2.0, "2026/27": 1.5}
    assert not any("reserve" in s["name"].lower() for s in finance.get("savings", []))
    FinanceSettings.model_validate({k: v for k, v in finance.items()})


def test_numbers_print_at_the_precision_of_their_limits():
    assert limit_decimals([4.99, 2.0, 2.99]) == 2
    assert limit_decimals([2.0, 3.0]) == 1
    assert f"{4.99:.{limit_decimals([4.99])}f}" == "4.99"


def test_optimal_is_said_only_without_a_gap():
    base = {"objective": 1.0, "best_bound": 0.99, "solve_seconds": 0.1, "backend": "highs", "has_solution": True}
    assert solve_wording(SolveReport(status="optimal", gap=0.0, **base)) == "optimal"
    assert solve_wording(SolveReport(status="optimal", gap=0.01, **base)) == "optimal within gap 1.00%"
    assert solve_wording(SolveReport(status="feasible_with_gap", gap=0.05, **base)) == "feasible with gap, gap 5.00%"


def test_cli_infeasible_alpha_writes_its_folder_and_exits_3_in_a_few_lines(tmp_path):
    out = tmp_path / "plan"
    done = run_cli("optimise", "savings", str(SCENARIOS / "baseline.toml"), "--paths", "10", "--out", str(out))
    assert done.returncode == 3
    message = done.stderr[done.stderr.index("infeasible:") :]
    assert message.startswith("infeasible: even with the best mix") and 3 <= len(message.strip().splitlines()) <= 9
    assert "limits that clash" in message and "Traceback" not in done.stderr
    for name in ("infeasible_explanation.csv", "shortfall_by_year.csv", "achievable_shares.csv", "manifest.json"):
        assert (out / name).is_file(), name
    shortfall = pl.read_csv(out / "shortfall_by_year.csv")
    assert (shortfall["best_achievable_share"] < 0.9).any()


def test_infeasible_error_is_still_an_infeasible_error():
    assert issubclass(SavingsInfeasibleError, InfeasibleError)


@pytest.mark.slow
def test_cli_plan_holds_on_fresh_futures_or_says_it_does_not(tmp_path):
    """50 planning futures, 200 fresh ones: the kept plan's out-of-sample share is at least α, or
    the command says plainly that it is not, with the share it achieved."""
    out = tmp_path / "plan"
    args = ("--paths", "50", "--oos-paths", "200", "--allow-unidentified", "--max-rounds", "5", "--out", str(out))
    done = run_cli("optimise", "savings", str(SCENARIOS / "baseline.toml"), *args)
    assert done.returncode == 0, done.stderr
    probabilities = pl.read_csv(out / "probabilities.csv")
    oos = probabilities.filter((pl.col("sample") == "out_of_sample") & (pl.col("financial_year") == "all years"))
    share = float(oos["p_balanced_with_plan"][0])
    rounds = pl.read_csv(out / "robustness_rounds.csv")
    assert 1 <= rounds.height <= 5
    if share >= 0.9:
        assert "The plan holds out of sample" in done.stdout
    else:
        assert "does NOT hold out of sample" in done.stdout and f"{share:.1%}" in done.stdout
