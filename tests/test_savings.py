"""The savings portfolio optimiser: options table, known optimum, solver agreement, status
handling, the chance constraint on its own paths, option rules, the plan as a scenario, the CLI."""

from __future__ import annotations

import itertools
import json

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import DATA, SCENARIOS, run_cli
from sefton_sim.errors import BadInputError, InfeasibleError
from sefton_sim.optimise import savings as sv
from sefton_sim.optimise.savings_inputs import SavingsInputs, council_tax_yield_matrix, savings_inputs
from sefton_sim.optimise.savings_model import build_savings_model, dominance_pairs
from sefton_sim.optimise.savings_plan import (
    SavingsPlan,
    balanced_shares,
    balances_with_plan,
    copy_scenario_chain,
    council_tax_change_gbp_m,
    plan_from_handles,
    plan_to_scenario,
)
from sefton_sim.optimise.savings_reference import build_reference_instance, export_reference_instance
from sefton_sim.optimise.savings_solve import achievable_shares, solve_savings_model
from sefton_sim.optimise.solver import SolverProfile, load_profile, solve

YEARS = ("2024/25", "2025/26", "2026/27")
EXACT = {"highs": SolverProfile(name="highs-exact", backend="highs", mip_gap=0.0), "cbc": SolverProfile(name="cbc-exact", backend="cbc", mip_gap=0.0)}


@pytest.fixture(scope="module")
def tiny_named():
    """Sefton baseline, 10 paths, named options only (α = 0.9 is out of reach)."""
    return build_reference_instance("tiny", unidentified=False)


@pytest.fixture(scope="module")
def small():
    """Sefton baseline, 50 paths, with the balancing item (feasible at α = 0.9)."""
    return build_reference_instance("small")


def _option(
    name: str,
    saving: tuple[float, ...],
    score: float,
    probability: float = 1.0,
    cost: float = 0.0,
    group: str | None = None,
    requires: str | None = None,
    kind: str = "saving",
    pct: float = 0.0,
) -> sv.SavingsOption:
    return sv.SavingsOption(
        option=name,
        description=name,
        kind=kind,
        saving_gbp_m=np.array(saving, dtype=float),
        recurrent=True,  # type: ignore[arg-type]
        one_off_cost_gbp_m=cost,
        one_off_cost_year=1 if cost else None,
        council_tax_pct=pct,
        delivery_probability=probability,
        exclusive_group=group,
        requires=requires,
        service_impact_score=score,
        source="assumption: test",
    )


def _synthetic() -> tuple[SavingsInputs, sv.SavingsOptions]:
    """4 paths, 3 years: options A..E with an exclusive pair, a dependency and council tax levels."""
    options = sv.SavingsOptions(
        (
            _option("a", (0, 3, 3), 2),
            _option("b", (0, 2, 2), 1),
            _option("c", (0, 5, 6), 6, group="big"),
            _option("d", (0, 6, 8), 3, group="big", requires="e"),
            _option("e", (0, 0, 0), 1, cost=0.5),
            _option("core", (0, 0, 0), 0, kind="council_tax", pct=2.0),
            _option("precept", (0, 0, 0), 0, kind="council_tax", pct=1.0),
        ),
        YEARS,
    )
    delivered = np.array(
        [
            [1, 1, 1, 1, 1, 1, 1],
            [1, 0, 1, 0, 1, 1, 1],
            [0, 1, 1, 1, 1, 1, 1],
            [1, 1, 0, 1, 1, 1, 1],
        ],
        dtype=bool,
    )
    gap = np.array([[0.0, 5.0, 6.0], [1.0, 7.0, 8.0], [0.5, 6.0, 9.0], [0.0, 9.0, 12.0]])
    ct = np.array([100.0, 100.0, 100.0])
    base_pct = np.array([0.0, 0.0, 0.0])
    inputs = SavingsInputs(
        scenario_name="synthetic",
        seed=1,
        year_labels=YEARS,
        option_names=options.names,
        gap_gbp_m=gap,
        opening_balances_gbp_m=20.0,
        floor_gbp_m=np.full((4, 3), 10.0),
        delivered=delivered,
        council_tax_gbp_m=ct,
        council_tax_increase_pct=base_pct,
        council_tax_yield_gbp_m_per_pct=council_tax_yield_matrix(ct, base_pct),
        referendum_cap_pct=2.5,
    )
    return inputs, options


def _brute_force(inputs: SavingsInputs, options: sv.SavingsOptions, alpha: float, weights: sv.SavingsWeights) -> float:
    """Enumerate every plan of the synthetic instance (linear council tax, as the model) and
    return the least objective among those meeting the joint chance constraint."""
    savings = [o for o in options.options if o.kind == "saving"]
    levels = [o for o in options.options if o.kind == "council_tax"]
    index = {o.option: i for i, o in enumerate(options.options)}
    years = inputs.years
    best = np.inf
    level_choices = list(itertools.product([0, 1], repeat=len(levels)))
    for take in itertools.product([0, 1], repeat=len(savings)):
        chosen = {o.option for o, t_ in zip(savings, take) if t_}
        if sum(o.option in chosen for o in savings if o.exclusive_group == "big") > 1:
            continue
        if any(o.requires and o.option in chosen and o.requires not in chosen for o in savings):
            continue
        for ct_plan in itertools.product(level_choices, repeat=years - 1):
            pct = np.zeros(years)
            for y, choice in enumerate(ct_plan, start=1):
                pct[y] = sum(level.council_tax_pct * c for level, c in zip(levels, choice))
            if np.any(pct > inputs.referendum_cap_pct + 1e-9):
                continue
            effect = np.zeros((inputs.paths, years))
            for o in savings:
                if o.option in chosen:
                    effect += inputs.delivered[:, index[o.option], None] * o.saving_gbp_m[None, :] - o.cost_by_year_gbp_m(years)[None, :]
            effect += ((pct - inputs.council_tax_increase_pct) @ inputs.council_tax_yield_gbp_m_per_pct)[None, :]
            balances = inputs.opening_balances_gbp_m - np.cumsum(inputs.gap_gbp_m, axis=1) + np.cumsum(effect, axis=1)
            share = (balances >= inputs.floor_gbp_m - 1e-9).all(axis=1).mean()
            if share + 1e-9 < alpha:
                continue
            objective = weights.impact * sum(o.service_impact_score for o in savings if o.option in chosen) + weights.tax * pct.sum()
            objective -= weights.tie_break * sum(
                inputs.delivered[:, index[o.option]].mean() * o.saving_gbp_m.sum() - o.one_off_cost_gbp_m for o in savings if o.option in chosen
            )
            best = min(best, objective)
    return best


def _independent_balances(inputs: SavingsInputs, options: sv.SavingsOptions, plan: SavingsPlan) -> np.ndarray:
    """Balances under a plan from the draws and the options, written again here (not the library's)."""
    years = inputs.years
    effect = np.zeros((inputs.paths, years))
    for i, o in enumerate(options.options):
        if o.option in plan.taken_names and o.kind == "saving":
            effect += np.where(inputs.delivered[:, i, None], o.saving_gbp_m[None, :], 0.0)
            if o.one_off_cost_year is not None:
                effect[:, o.one_off_cost_year] -= o.one_off_cost_gbp_m
    for draws in plan.reserves_draw_gbp_m.values():
        effect += draws
    if plan.further_savings_gbp_m is not None:
        effect += np.cumsum(plan.further_savings_gbp_m)
    council_tax = inputs.council_tax_gbp_m.copy()
    for y in range(1, years):
        growth = (1 + plan.council_tax_increase_pct[y] / 100) / (1 + inputs.council_tax_increase_pct[y] / 100)
        council_tax[y:] = council_tax[y:] * growth
    effect += council_tax - inputs.council_tax_gbp_m
    balances = np.empty((inputs.paths, years))
    level = np.full(inputs.paths, inputs.opening_balances_gbp_m)
    for y in range(years):
        level = level - inputs.gap_gbp_m[:, y] + effect[:, y]
        balances[:, y] = level
    return balances


# ----------------------------------------------------------------------------- the options table


def test_sefton_options_table_is_sourced_and_resolves_to_the_run_years():
    options = sv.load_savings_options(DATA / sv.OPTIONS_FILE, ["2024/25", "2025/26", "2026/27", "2027/28", "2028/29", "2029/30"])
    frame = pl.read_csv(DATA / sv.OPTIONS_FILE, infer_schema_length=0)
    assert all(s.startswith(("fact", "assumption")) for s in frame["source"].to_list())
    kinds = {o.kind for o in options.options}
    assert kinds == {"saving", "council_tax", "reserves"}
    asc = options.by_name("asc_transformation_moderate")
    assert asc.saving_gbp_m[-1] == asc.saving_gbp_m[-2] > 0  # recurrent beyond the table
    assert options.by_name("in_year_remedial_2024_25").saving_gbp_m[1:].sum() == 0
    assert options.by_name("csc_residential_step_down").requires == "csc_fostering_sufficiency"
    assert sum(o.council_tax_pct for o in options.of_kind("council_tax")) == pytest.approx(4.99)


@pytest.mark.parametrize(
    ("column", "value", "key"),
    [
        ("delivery_probability", "1.5", "delivery_probability"),
        ("saving_2025_26_gbp_m", "-1", "saving_2025_26_gbp_m"),
        ("requires", "no_such_option", "requires"),
        ("service_impact_score", "11", "service_impact_score"),
        ("source", "", "source"),
    ],
)
def test_bad_options_table_is_a_one_line_error(tmp_path, column, value, key):
    frame = pl.read_csv(DATA / sv.OPTIONS_FILE, infer_schema_length=0)
    frame = frame.with_columns(pl.when(pl.col("option") == "asc_transformation_moderate").then(pl.lit(value)).otherwise(pl.col(column)).alias(column))
    path = tmp_path / "options.csv"
    frame.write_csv(path)
    with pytest.raises(BadInputError) as err:
        sv.load_savings_options(path, ["2024/25", "2025/26"])
    assert key in str(err.value) and "\n" not in str(err.value)


def test_settings_toml_under_optimise_savings_and_unknown_keys(tmp_path):
    good = tmp_path / "settings.toml"
    good.write_text('[optimise.savings]\nalpha = 0.8\nchance = "per_year"\ntax_weight = 3\n')
    settings = sv.load_savings_settings(good, {"tax_weight": 0.5, "paths": None})
    assert (settings.alpha, settings.chance, settings.tax_weight) == (0.8, "per_year", 0.5)
    bad = tmp_path / "bad.toml"
    bad.write_text("alpha = 0.8\nalfa = 1\n")
    with pytest.raises(BadInputError, match="alfa"):
        sv.load_savings_settings(bad)
    with pytest.raises(BadInputError, match="alpha"):
        sv.load_savings_settings(None, {"alpha": 1.5})


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0.0, 4.99), min_size=4, max_size=4))
def test_linear_council_tax_never_overstates_a_cut_from_the_cap(pcts):
    """From the cap every change is a cut, so the model's linear yield is a lower bound."""
    ct = 169.759 * 1.0549 ** np.arange(5)
    base = np.array([0.0, 4.99, 4.99, 4.99, 4.99])
    inputs = SavingsInputs(
        "x",
        1,
        tuple(f"{2024 + y}/{(25 + y) % 100:02d}" for y in range(5)),
        (),
        np.zeros((1, 5)),
        0.0,
        np.zeros((1, 5)),
        np.zeros((1, 0), bool),
        ct,
        base,
        council_tax_yield_matrix(ct, base),
        4.99,
    )
    pct = np.array([0.0, *pcts])
    linear = (pct - base) @ inputs.council_tax_yield_gbp_m_per_pct
    exact = council_tax_change_gbp_m(inputs, pct)
    assert np.all(linear <= exact + 1e-9)


# ----------------------------------------------------------------------------- optimum, agreement, status


@pytest.mark.parametrize("backend", ["highs", "cbc"])
@pytest.mark.parametrize("alpha", [0.5, 0.75, 1.0])
def test_synthetic_instance_reaches_the_brute_force_optimum(backend, alpha):
    inputs, options = _synthetic()
    weights = sv.SavingsWeights(impact=1.0, tax=1.5, tie_break=1e-3)
    expected = _brute_force(inputs, options, alpha, weights)
    assert np.isfinite(expected)
    problem, handles = build_savings_model(inputs, options, alpha, weights)
    report = solve_savings_model(problem, handles, EXACT[backend])
    assert report.status == "optimal"
    assert report.objective == pytest.approx(expected, abs=1e-6)
    plan = plan_from_handles(handles)
    share, _ = balanced_shares(_independent_balances(inputs, options, plan), inputs.floor_gbp_m)
    assert share >= alpha - 1e-9


def test_synthetic_exclusive_and_required_options_are_honoured():
    inputs, options = _synthetic()
    # make the big options the only way to keep every path above the floor
    problem, handles = build_savings_model(inputs, options, 1.0, sv.SavingsWeights(impact=0.0, tax=10.0, tie_break=1.0))
    solve_savings_model(problem, handles, EXACT["highs"])
    taken = set(plan_from_handles(handles).taken_names)
    # every saving pays for itself here, so only the rules keep c out and bring e (a pure cost) in
    assert taken == {"a", "b", "d", "e"}


def test_sefton_tiny_instance_highs_and_cbc_agree(tiny_named):
    inst = build_reference_instance("tiny")
    objectives = []
    for backend in ("highs", "cbc"):
        problem, handles = inst.build()
        report = solve_savings_model(problem, handles, EXACT[backend])
        assert report.status == "optimal"
        objectives.append(report.objective)
    assert objectives[0] == pytest.approx(objectives[1], rel=1e-6, abs=1e-6)


def test_small_instance_highs_and_cbc_agree_within_the_gap(small):
    results = {}
    for name in ("highs", "cbc"):
        profile = load_profile(name)
        problem, handles = small.build()
        report = solve_savings_model(problem, handles, profile)
        assert report.status == "optimal"
        results[name] = (report.objective, profile.mip_gap)
    (a, gap_a), (b, gap_b) = results["highs"], results["cbc"]
    assert abs(a - b) <= max(gap_a, gap_b) * max(abs(a), abs(b)) + 1e-6


def test_infeasible_alpha_names_the_year_and_the_achievable_share(tiny_named):
    problem, handles = build_savings_model(tiny_named.inputs, tiny_named.options, 0.9)
    with pytest.raises(InfeasibleError) as err:
        solve_savings_model(problem, handles, load_profile("highs"))
    text = str(err.value)
    shares = achievable_shares(tiny_named.inputs, tiny_named.options, load_profile("highs"))
    first_short = next(label for label, s in zip(shares.year_labels, shares.by_year) if s < 0.9)
    assert f"first short year {first_short}" in text
    assert f"only {shares.every_year:.0%} of 10 futures < α = 90%" in text
    assert "referendum cap 4.99%" in text and "still to be identified" in text


def test_time_out_is_classified_and_reported(small):
    problem, handles = small.build()
    profile = SolverProfile(name="tight", backend="highs", time_limit_seconds=0.001)
    report = solve(problem, profile)
    assert report.status == "time_out"
    if not report.has_solution:
        problem, handles = small.build()
        with pytest.raises(InfeasibleError, match="time_out"):
            solve_savings_model(problem, handles, profile)


# ----------------------------------------------------------------------------- the chance constraint and option rules


@pytest.mark.parametrize("chance", ["joint", "per_year"])
def test_chance_constraint_holds_on_the_paths_it_was_built_on(small, chance):
    problem, handles = build_savings_model(small.inputs, small.options, 0.9, small.weights, chance, unidentified=True)
    solve_savings_model(problem, handles, load_profile("highs"))
    plan = plan_from_handles(handles)
    balances = _independent_balances(small.inputs, small.options, plan)
    assert np.allclose(balances, balances_with_plan(small.inputs, small.options, plan))
    above = balances >= small.inputs.floor_gbp_m - 1e-6
    if chance == "joint":
        assert above.all(axis=1).mean() >= 0.9
    assert np.all(above.mean(axis=0) >= 0.9)
    # the model's own balances agree with the independent ones (council tax is at the cap: linear = exact)
    model = np.array([[handles.balances[(p, y)].value() for y in range(small.inputs.years)] for p in range(small.inputs.paths)])
    assert np.allclose(model, balances, atol=1e-5)


def test_sefton_exclusive_and_required_options_are_honoured(small):
    weights = sv.SavingsWeights(impact=0.0, tax=1.0, tie_break=1e-3, unidentified=50.0)
    problem, handles = build_savings_model(small.inputs, small.options, 0.9, weights, unidentified=True)
    solve_savings_model(problem, handles, load_profile("highs"))
    taken = set(plan_from_handles(handles).taken_names)
    assert "csc_residential_step_down" not in taken or "csc_fostering_sufficiency" in taken
    assert len(taken & {"asc_transformation_moderate", "asc_transformation_stretch"}) == 1
    # the step-down is no longer chosen on the rebased Sefton paths (DfE census stock), so take it
    # by force: the option it requires must come with it
    problem, handles = build_savings_model(small.inputs, small.options, 0.9, weights, unidentified=True)
    handles.take["csc_residential_step_down"].lowBound = 1
    solve_savings_model(problem, handles, load_profile("highs"))
    taken = set(plan_from_handles(handles).taken_names)
    assert {"csc_residential_step_down", "csc_fostering_sufficiency"} <= taken
    assert len(taken & {"asc_transformation_moderate", "asc_transformation_stretch"}) == 1


# ----------------------------------------------------------------------------- the plan as a scenario


def test_plan_scenario_reproduces_the_plan_in_the_ledger(tmp_path):
    """With every delivery certain, re-simulating the written scenario gives the same balances
    as the plan computed on the planning paths (costs, council tax compounding, reserves)."""
    from sefton_sim.scenario import load_scenario
    from sefton_sim.simulate.run import prepare, simulate

    frame = pl.read_csv(DATA / sv.OPTIONS_FILE, infer_schema_length=0).with_columns(pl.lit("1.0").alias("delivery_probability"))
    options_file = tmp_path / "options.csv"
    frame.write_csv(options_file)
    result = simulate(prepare(SCENARIOS / "baseline.toml", 12, 7, 4))
    options = sv.load_savings_options(options_file, result.ledgers.assumptions.year_labels())
    inputs = savings_inputs(result, options)
    weights = sv.SavingsWeights(tax=0.5)
    problem, handles = build_savings_model(inputs, options, 0.75, weights, unidentified=True)
    solve_savings_model(problem, handles, load_profile("highs"))
    plan = plan_from_handles(handles)
    folder = tmp_path / "scenario"
    copy_scenario_chain(result.scenario_files, folder, result.data.folder)
    written = plan_to_scenario(plan, "baseline", folder / "baseline_savings_plan.toml", data_folder=result.data.folder)
    scenario, _ = load_scenario(written)
    assert scenario.name == "baseline_savings_plan"
    assert written.read_text().count('extends = "baseline"') == 1
    rerun = simulate(prepare(written, 12, 7, 4))
    expected = balances_with_plan(inputs, options, plan)  # the model's position: no stop at zero
    gf = rerun.ledgers.general_fund  # the ledger stops balances at zero; the rest is the unfunded gap
    assert np.allclose(gf.general_balances_closing_gbp_m - np.cumsum(gf.unfunded_gap_gbp_m, axis=1), expected, atol=1e-6)
    assert np.allclose(
        gf.general_balances_closing_gbp_m, np.where(gf.unfunded_gap_gbp_m.cumsum(axis=1) > 0, gf.general_balances_closing_gbp_m, expected)
    )


# ----------------------------------------------------------------------------- the command line


def test_cli_writes_the_plan_folder_and_a_valid_override_scenario(tmp_path):
    out = tmp_path / "plan"
    done = run_cli(
        "optimise",
        "savings",
        str(SCENARIOS / "baseline.toml"),
        "--paths",
        "20",
        "--oos-paths",
        "20",
        "--allow-unidentified",
        "--alpha",
        "0.8",
        "--out",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    for name in (
        "plan.csv",
        "options.csv",
        "probabilities.csv",
        "manifest.json",
        "fan_general_balances_with_plan.png",
        "scenario/baseline.toml",
        "scenario/baseline_savings_plan.toml",
    ):
        assert (out / name).is_file(), name
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["solver"]["status"] in ("optimal", "feasible_with_gap")
    recorded = {name.rsplit("_", 1)[0] for name in manifest["timings_seconds"]}
    assert {"build", "solve", "out_of_sample"} <= recorded
    probabilities = pl.read_csv(out / "probabilities.csv")
    in_sample = probabilities.filter((pl.col("sample") == "in_sample") & (pl.col("financial_year") == "all years"))
    assert in_sample["p_balanced_with_plan"][0] >= 0.8
    assert set(probabilities["sample"]) == {"in_sample", "out_of_sample"}
    assert "P(balanced)" in done.stdout and "Options taken" in done.stdout
    valid = run_cli("validate", str(out / "scenario" / "baseline_savings_plan.toml"))
    assert valid.returncode == 0, valid.stderr


def test_cli_infeasible_alpha_exits_3_in_plain_words(tmp_path):
    out = tmp_path / "plan"
    done = run_cli("optimise", "savings", str(SCENARIOS / "baseline.toml"), "--paths", "10", "--out", str(out))
    assert done.returncode == 3
    assert "infeasible: even with the best mix" in done.stderr and "first short year 20" in done.stderr
    assert "Traceback" not in done.stderr
    assert (out / "shortfall_by_year.csv").is_file()  # the explanation is written (tests/test_savings_hold.py)


@pytest.mark.parametrize(
    "args",
    [["--alpha", "1.5"], ["--chance", "sometimes"], ["--profile", "gurobi"], ["--options", "missing.csv"]],
)
def test_cli_bad_input_exits_2(tmp_path, args):
    out = tmp_path / "plan"
    done = run_cli("optimise", "savings", str(SCENARIOS / "baseline.toml"), "--paths", "5", *args, "--out", str(out))
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("error: ") and len(done.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_reference_instance_exports_as_mps(tmp_path):
    path = export_reference_instance("tiny", tmp_path)
    text = path.read_text()
    assert "chance_share" in text and "common_to_every_path_2024_25" in text and " floor_p" in text


def test_dominance_pairs_hold_under_any_plan(small):
    """If path p dominates q, q above the floor implies p above the floor, whatever is taken."""
    pairs = dominance_pairs(small.inputs, small.options, range(small.inputs.years))
    assert pairs
    rng = np.random.default_rng(3)
    takeable = [o for o in small.options.options if o.kind == "saving"]
    for _ in range(25):
        taken = tuple(o for o in takeable if rng.random() < 0.5)
        pct = np.concatenate([[0.0], rng.choice([0.0, 2.0, 2.99, 4.99], small.inputs.years - 1)])
        plan = SavingsPlan(small.inputs.year_labels, taken, pct, {}, rng.uniform(0, 10, small.inputs.years))
        above = (_independent_balances(small.inputs, small.options, plan) >= small.inputs.floor_gbp_m).all(axis=1)
        for p, q in pairs:
            assert above[p] or not above[q]


def test_balancing_item_cannot_rescue_the_year_under_way(small):
    """Savings still to be identified start in 2025/26, so an α above 2024/25's best is refused."""
    problem, handles = build_savings_model(small.inputs, small.options, 0.99, small.weights, unidentified=True)
    with pytest.raises(InfeasibleError) as err:
        solve_savings_model(problem, handles, load_profile("highs"))
    best = achievable_shares(small.inputs, small.options, load_profile("highs")).by_year[0]
    assert best < 0.99
    assert f"2024/25 at best {best:.0%}" in str(err.value)


@pytest.mark.parametrize("chance", ["joint", "per_year"])
def test_quantile_rows_keep_the_exact_optimum(small, chance, monkeypatch):
    """The quantile and star rows are implied by the floor and chance rows: the exact optimum is the same without them."""
    from sefton_sim.optimise import savings_model as sm

    exact = load_profile("highs").model_copy(update={"mip_gap": 1e-7})
    objectives = {}
    for rows in (True, False):
        monkeypatch.setattr(sm, "QUANTILE_ROWS", rows)
        problem, _ = build_savings_model(small.inputs, small.options, 0.9, small.weights, chance, unidentified=True)
        assert any((c.name or "").startswith("star_common_") for c in problem.constraints()) == rows
        report = solve(problem, exact)
        assert report.status == "optimal"
        objectives[rows] = report.objective
    assert objectives[True] == pytest.approx(objectives[False], rel=1e-6)
