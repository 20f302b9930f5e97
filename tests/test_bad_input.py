"""Bad input: one line naming file, key, value and expectation; exit 2; no output folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import DATA, SCENARIOS, run_cli
from sefton_sim.errors import BadInputError


def _scenario(tmp_path: Path, body: str, data: Path = DATA, name: str = "what_if.toml") -> Path:
    path = tmp_path / "scenarios" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'name = "what_if"\ndata_folder = "{data.as_posix()}"\npaths = 5\n{body}\n')
    return path


def _assert_refused(tmp_path: Path, scenario: Path, *needles: str) -> None:
    out = tmp_path / "out" / "run"
    proc = run_cli("run", str(scenario), "--out", str(out))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    assert not out.exists()
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_unknown_key(tmp_path):
    s = _scenario(tmp_path, "[send]\nrequest_growth = 0.1")
    _assert_refused(tmp_path, s, "what_if.toml", "send.request_growth", "0.1", "no such key")


def test_wrong_type(tmp_path):
    s = _scenario(tmp_path, "horizon_years = 'five'")
    _assert_refused(tmp_path, s, "what_if.toml", "horizon_years", "'five'", "integer")


def test_negative_count_in_data(tmp_path, data_copy):
    path = data_copy / "send_stock_base.csv"
    lines = path.read_text().splitlines()
    assert ",11," in lines[1]  # row 2: early years, autism, mainstream at the DfE January 2024 census
    lines[1] = lines[1].replace(",11,", ",-11,", 1)
    path.write_text("\n".join(lines) + "\n")
    _assert_refused(tmp_path, _scenario(tmp_path, "", data_copy), "send_stock_base.csv", "row 2.children", "-11", "non-negative")


def test_shares_not_summing_to_one(tmp_path, data_copy):
    path = data_copy / "send_new_plan_placement.csv"
    text = path.read_text().replace("primary,mainstream,0.66", "primary,mainstream,0.76")
    path.write_text(text)
    _assert_refused(tmp_path, _scenario(tmp_path, "", data_copy), "send_new_plan_placement.csv", "age_band=primary", "1.1", "summing to 1")


def test_missing_data_file(tmp_path, data_copy):
    (data_copy / "send_capacity.csv").unlink()
    _assert_refused(tmp_path, _scenario(tmp_path, "", data_copy), "send_capacity.csv", "(file)", "existing data table")


def test_unknown_extends(tmp_path):
    s = _scenario(tmp_path, 'extends = "basline"')
    _assert_refused(tmp_path, s, "what_if.toml", "extends", "basline", "one of")


def test_date_out_of_range_in_data(tmp_path, data_copy):
    path = data_copy / "send_capacity.csv"
    path.write_text(
        path.read_text().replace("2024-09-01,fact: 004_5a9339259cd50bf4.txt line 238", "2099-09-01,fact: 004_5a9339259cd50bf4.txt line 238")
    )
    _assert_refused(tmp_path, _scenario(tmp_path, "", data_copy), "send_capacity.csv", "opens", "2099-09-01", "between")


def test_row_without_source(tmp_path, data_copy):
    path = data_copy / "send_settings.csv"
    lines = path.read_text().splitlines()
    lines[1] = lines[1].rsplit(",assumption", 1)[0] + ","
    path.write_text("\n".join(lines) + "\n")
    _assert_refused(tmp_path, _scenario(tmp_path, "", data_copy), "send_settings.csv", "source")


def test_a_renamed_required_parameter_is_refused(tmp_path, data_copy):
    path = data_copy / "send_parameters.csv"
    path.write_text(path.read_text().replace("assessment_service_months_mean,", "2024-02-30,", 1))
    _assert_refused(tmp_path, _scenario(tmp_path, "", data_copy), "send_parameters.csv", "assessment_service_months_mean", "a row for this parameter")


def test_parameter_override_out_of_range(tmp_path):
    s = _scenario(tmp_path, "[send.parameter_overrides]\nceasing_rate_per_year = 0.5")
    _assert_refused(tmp_path, s, "what_if.toml", "send.parameter_overrides.ceasing_rate_per_year", "0.5", "within")


@pytest.mark.parametrize("command", ["validate"])
def test_validate_refuses_the_same_way(tmp_path, command):
    s = _scenario(tmp_path, "seed = -3")
    proc = run_cli(command, str(s))
    assert proc.returncode == 2
    assert "seed" in proc.stderr and "-3" in proc.stderr


# ----------------------------------------------------------------------------- strict inputs
# The command line prints str(BadInputError) after "error: "; most cases below check that line
# in-process (check_inputs is what validate and run both call); a few go through the real CLI.

FINANCE = "[finance]\n"


def _checked_line(path: Path) -> str:
    """The one line ``validate`` would print for ``path`` (without the "error: " prefix)."""
    from sefton_sim.optimise.place_data import check_place_tables
    from sefton_sim.optimise.savings import check_options_table
    from sefton_sim.simulate.run import check_inputs
    from sefton_sim.studies.backtest import check_history_table

    with pytest.raises(BadInputError) as err:
        check_inputs(path, (check_place_tables, check_options_table, check_history_table))
    return str(err.value)


def _one_line(proc, *needles: str) -> str:
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    return _has(lines[0], *needles)


def _has(line: str, *needles: str) -> str:
    assert "\n" not in line and "<input>" not in line and "(scenario)" not in line, line
    for needle in needles:
        assert needle in line, (needle, line)
    return line


SCENARIO_CASES = [
    (FINANCE + "council_tax_increase_pct = nan", ("finance.council_tax_increase_pct", "nan", "finite")),
    (FINANCE + '[[finance.savings]]\nname = "x"\nsaving_gbp_m_by_year = { "2025/26" = inf }', ("saving_gbp_m_by_year.2025/26", "inf", "finite")),
    (FINANCE + 'council_tax_increase_pct = { "2000/01" = 2.0 }', ("finance.council_tax_increase_pct.2000/01", "a year after 2024/25")),
    ("[graduated_approach]\nspecialist_to_mainstream_share = false", ("graduated_approach.specialist_to_mainstream_share", "False", "true/false")),
    ("horizon_years = true", ("horizon_years", "True", "integer")),
    ('[send.parameter_overrides]\nceasing_rate_per_year = "0.02"', ("send.parameter_overrides.ceasing_rate_per_year", "'0.02'", "text")),
    (
        '[[capacity.new_provision]]\nname = "u"\nsetting = "special"\nage_bands = ["primary"]\nneeds = ["asd"]\nplaces = 5\n'
        "opens = 2025-09-01\ncapital_cost_gbp = 1e308",
        ("capacity.new_provision[0].capital_cost_gbp", "1e+308", "£"),
    ),
    ('extends = "/etc/passwd"', ("extends", "/etc/passwd", "baseline")),
    ('extends = "../baseline"', ("extends", "../baseline", "bare name")),
    ('description = "' + "x" * 3000 + '"', ("description", "2000 characters")),
    ('data_folder = "no/such/folder"', ("data_folder", "no/such/folder", "existing council data folder")),
]


@pytest.mark.parametrize(("body", "needles"), SCENARIO_CASES)
def test_scenario_values_refused_in_one_line(tmp_path, body, needles):
    text = _scenario(tmp_path, "").read_text().replace(f'data_folder = "{DATA.as_posix()}"\n', "") if "data_folder" in body else None
    path = _scenario(tmp_path, body)
    if text is not None:
        path.write_text(text + body + "\n")
    _has(_checked_line(path), str(path), *needles)


def test_validate_and_run_refuse_nan_naming_the_file(tmp_path):
    path = _scenario(tmp_path, FINANCE + "council_tax_increase_pct = nan")
    _one_line(run_cli("validate", str(path)), str(path), "finance.council_tax_increase_pct", "nan", "finite")
    path = _scenario(tmp_path, FINANCE + 'council_tax_increase_pct = { "2000/01" = 2.0 }')
    _assert_refused(tmp_path, path, str(path), "finance.council_tax_increase_pct.2000/01")


@pytest.mark.parametrize(
    ("raw", "needles"),
    [
        (b'name = "x"\ndescription = "caf\xe9"\n', ("(encoding)", "UTF-8")),
        (b'name = "x"\ndeep = ' + b"[" * 50_000 + b"]" * 50_000 + b"\n", ("(nesting)",)),
        (b'name = "x"\ndata_folder = "a\\u0000b"\n', ("data_folder", "NUL")),
        (b'name = "x"\n[finance\n', ("(syntax)", "valid TOML")),
    ],
)
def test_unreadable_scenarios_are_one_line(tmp_path, raw, needles):
    path = tmp_path / "bad.toml"
    path.write_bytes(raw)
    _has(_checked_line(path), str(path), *needles)


def test_unreadable_scenario_through_the_cli(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_bytes(b'name = "x"\ndeep = ' + b"[" * 50_000 + b"]" * 50_000 + b"\n")
    _one_line(run_cli("validate", str(path)), str(path), "(nesting)")


TABLE_CASES = [
    ("high_needs_history.csv", ",5.43,", ',"1,000",', ("high_needs_history.csv", "row 2.value", "thousands separators")),
    ("send_candidate_projects.csv", ",600000,", ",nan,", ("send_candidate_projects.csv", "capital_cost_gbp", "nan")),
    ("capital_budget.csv", ",4740380,", ",-5,", ("capital_budget.csv", "row 2.high_needs_capital_gbp", "non-negative")),
    ("savings_options.csv", ",2.5,", ",inf,", ("savings_options.csv", "row 2.saving_2024_25_gbp_m", "inf")),
    ("send_stock_base.csv", ",11,", ",true,", ("send_stock_base.csv", "row 2.children", "'true'")),
    ("gf_funding_2024_25.csv", ",169.759,", ",1e308,", ("gf_funding_2024_25.csv", "row 2.amount_gbp_m", "10,000")),
]


@pytest.mark.parametrize(("table", "old", "new", "needles"), TABLE_CASES)
def test_table_values_refused_in_one_line(tmp_path, data_copy, table, old, new, needles):
    path = data_copy / table
    path.write_text(path.read_text().replace(old, new, 1))
    _has(_checked_line(_scenario(tmp_path, "", data_copy)), *needles)


def test_validate_reads_the_optimiser_tables(tmp_path, data_copy):
    path = data_copy / "send_candidate_projects.csv"
    path.write_text(path.read_text().replace(",600000,", ",nan,", 1))
    _one_line(run_cli("validate", str(_scenario(tmp_path, "", data_copy))), "send_candidate_projects.csv", "capital_cost_gbp", "nan")


def test_empty_phase_transfer_is_refused(tmp_path, data_copy):
    (data_copy / "send_phase_transfer.csv").write_text("from_age_band,from_setting,to_setting,share,source\n")
    _has(_checked_line(_scenario(tmp_path, "", data_copy)), "send_phase_transfer.csv", "(rows)", "at least 1")
    (data_copy / "send_phase_transfer.csv").write_bytes(b"")
    _has(_checked_line(_scenario(tmp_path, "", data_copy)), "send_phase_transfer.csv", "0 bytes")


def test_symlinked_table_out_of_the_folder_is_refused_by_run(tmp_path, data_copy):
    outside = tmp_path / "elsewhere.csv"
    outside.write_bytes((data_copy / "send_settings.csv").read_bytes())
    (data_copy / "send_settings.csv").unlink()
    (data_copy / "send_settings.csv").symlink_to(outside)
    _assert_refused(tmp_path, _scenario(tmp_path, "", data_copy), "send_settings.csv", "symlinks")


def test_sweep_base_outside_its_folder_is_refused(tmp_path):
    from sefton_sim.studies.sweep import plan_tasks

    sweep = tmp_path / "sweeps" / "s.toml"
    sweep.parent.mkdir()
    (tmp_path / "baseline.toml").write_text((SCENARIOS / "baseline.toml").read_text())
    for base in ("../baseline.toml", (SCENARIOS / "baseline.toml").as_posix(), "sub/../../baseline.toml", "nope"):
        sweep.write_text(f'name = "s"\nbase = "{base}"\npaths = 10\n')
        with pytest.raises(BadInputError) as err:
            plan_tasks(sweep)
        _has(str(err.value), str(sweep), "base", "inside", "baseline")
    (sweep.parent / "local.toml").write_text((SCENARIOS / "baseline.toml").read_text())
    for base in ("local.toml", "local", "baseline"):
        sweep.write_text(f'name = "s"\nbase = "{base}"\npaths = 10\n')
        assert plan_tasks(sweep)[1]
