"""Every named bad-input mutation of a scenario or a data table is refused by ``check_inputs`` (what
``validate`` and ``run`` both call) with one line naming the real file, key, value and expectation."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import DATA, SCENARIOS, SHARED
from fuzz_helpers import (
    CELL_MUTATIONS,
    FILE_MUTATIONS,
    NUMERIC_COLUMNS,
    TABLE_MUTATIONS,
    corrupt_file,
    mutate_cell,
    mutate_table,
    mutate_value,
    set_path,
    shipped_scenario_dict,
    write_scenario,
)
from sefton_sim.errors import BadInputError
from sefton_sim.finance.general_fund import MAX_SAVINGS
from sefton_sim.model import limits as lim
from sefton_sim.optimise.place_data import check_place_tables
from sefton_sim.optimise.savings import check_options_table
from sefton_sim.simulate.run import check_inputs
from sefton_sim.studies.backtest import check_history_table

CHECKS = (check_place_tables, check_options_table, check_history_table)


def _base_dict() -> dict[str, Any]:
    """The baseline with one of every block filled in, so that every numeric key can be damaged."""
    data = shipped_scenario_dict(SCENARIOS / "baseline.toml", DATA)
    extra = {
        "send.request_trend_shift_per_year": 0.01,
        "send.request_rate_multiplier": 1.1,
        "send.extra_casework_officers": 2,
        "send.parameter_overrides": {"ceasing_rate_per_year": 0.02},
        "graduated_approach": {"specialist_to_mainstream_share": 0.1, "ramp_up_months": 6},
        "capacity.new_provision": [
            {
                "name": "Unit",
                "setting": "sen_unit",
                "age_bands": ["primary"],
                "needs": ["asd"],
                "places": 8,
                "opens": "2025-09-01",
                "capital_cost_gbp": 6e5,
            }
        ],
        "social_care.csc_overrides": {"entries_per_year": 210.0},
        "social_care.asc_overrides": {"entry_trend_per_year": 0.0},
        "finance.council_tax_increase_pct": 3.5,
        "finance.pay_award_per_year": 0.03,
        "finance.write_off_share": 0.5,
        "finance.base_savings_delivery_probability": 0.8,
        "finance.safety_valve.contribution_gbp_m_per_year": 5.0,
        "finance.savings": [{"name": "Saving", "saving_gbp_m_by_year": {"2025/26": 1.5}, "delivery_probability": 0.7}],
    }
    for key, value in extra.items():
        data = set_path(data, key, value)
    return data


NON_NEGATIVE_KEYS = (
    "horizon_years",
    "paths",
    "seed",
    "send.request_rate_multiplier",
    "send.parameter_overrides.ceasing_rate_per_year",
    "graduated_approach.specialist_to_mainstream_share",
    "graduated_approach.ramp_up_months",
    "capacity.new_provision.0.places",
    "capacity.new_provision.0.capital_cost_gbp",
    "social_care.csc_overrides.entries_per_year",
    "finance.write_off_share",
    "finance.base_savings_delivery_probability",
    "finance.safety_valve.contribution_gbp_m_per_year",
    "finance.council_tax_referendum_cap_pct",
    "finance.savings.0.delivery_probability",
    "finance.savings.0.saving_gbp_m_by_year.2025/26",
)
SIGNED_KEYS = (
    "send.request_trend_shift_per_year",
    "send.extra_casework_officers",
    "finance.council_tax_increase_pct",
    "finance.pay_award_per_year",
    "social_care.asc_overrides.entry_trend_per_year",
)
NUMBER_MUTATIONS = (
    "nan",
    "inf",
    "minus_inf",
    "huge",
    "huge_int",
    "bool_false",
    "bool_true",
    "string_for_number",
    "thousands_string",
    "list_for_scalar",
)
SCENARIO_CASES = [(k, m) for k in NON_NEGATIVE_KEYS + SIGNED_KEYS for m in NUMBER_MUTATIONS]
SCENARIO_CASES += [(k, "negative") for k in NON_NEGATIVE_KEYS if k != "finance.council_tax_referendum_cap_pct"]
SCENARIO_CASES += [(k, "huge_int") for k in ("send.extra_casework_officers",)]
TEXT_CASES = [
    ("description", "long_string"),
    ("description", "list_for_scalar"),
    ("data_folder", "nul_byte"),
    ("data_folder", "long_string"),
    ("extends", "nul_byte"),
    ("capacity.new_provision.0.name", "long_string"),
    ("capacity.new_provision.0.source", "long_string"),
    ("finance.savings.0.name", "long_string"),
    ("send.parameter_overrides.ceasing_rate_per_year", "table_for_scalar"),
]


def _refused(path: Path, file_part: str) -> BadInputError:
    with pytest.raises(BadInputError) as caught:
        check_inputs(path, CHECKS)
    err = caught.value
    line = str(err)
    assert "\n" not in line and "<input>" not in line and "(scenario)" not in line, line
    assert file_part in err.file, (file_part, line)
    assert err.expected and err.key, line
    return err


def test_the_base_of_the_mutations_is_valid(tmp_path):
    check_inputs(write_scenario(tmp_path, _base_dict()), CHECKS)


@pytest.mark.parametrize(("key", "mutation"), SCENARIO_CASES + TEXT_CASES)
def test_scenario_value_mutation_is_refused(tmp_path, key, mutation):
    path = write_scenario(tmp_path, mutate_value(_base_dict(), key, mutation))
    err = _refused(path, str(path))
    assert err.key.split(".")[0] == key.split(".")[0], str(err)


@pytest.mark.parametrize("mutation", sorted(FILE_MUTATIONS))
def test_scenario_file_mutation_is_refused(tmp_path, mutation):
    path = corrupt_file(write_scenario(tmp_path, _base_dict()), mutation)
    _refused(path, str(path))


@pytest.mark.parametrize("parent", ["/etc/passwd", "../baseline", "..", "sub/baseline", "sub\\baseline", "baseline.toml", "", ".hidden", "C:/x", 12])
def test_extends_outside_the_folder_is_refused_with_the_names_allowed(tmp_path, parent):
    (tmp_path / "sub").mkdir()
    shutil.copy(SCENARIOS / "baseline.toml", tmp_path / "sub" / "baseline.toml")
    path = write_scenario(tmp_path / "scen", {"extends": parent, "name": "child"})
    err = _refused(path, str(path))
    assert err.key == "extends" and "baseline" in err.expected and "override_safety_valve" in err.expected


CELL_CASES = [
    (table, columns[0], mutation)
    for table, columns in NUMERIC_COLUMNS.items()
    for mutation in sorted(CELL_MUTATIONS)
    if not (table == "savings_options.csv" and mutation == "empty")  # a blank saving means 0
]
CELL_CASES += [(table, column, "nan") for table, columns in NUMERIC_COLUMNS.items() for column in columns[1:]]
CELL_CASES += [(table, column, "thousands") for table, columns in NUMERIC_COLUMNS.items() for column in columns[1:]]


@pytest.mark.parametrize(("table", "column", "mutation"), CELL_CASES)
def test_data_cell_mutation_is_refused(tmp_path, data_copy, table, column, mutation):
    mutate_cell(data_copy, table, column, mutation)
    err = _refused(write_scenario(tmp_path / "scen", _base_dict() | {"data_folder": data_copy.as_posix()}), table)
    if mutation == "thousands":
        assert "thousands separators" in err.expected or column not in err.key, str(err)


MONEY_TABLES = {
    "gf_budget_2024_25.csv",
    "gf_funding_2024_25.csv",
    "money_assumptions.csv",
    "csc_placements.csv",
    "csc_parameters.csv",
    "asc_services.csv",
    "asc_parameters.csv",
}
"""Absent, they leave out the ledgers that need them (tests/test_partial_money.py); present, they are checked."""
OPTIONAL = {
    "send_fitted_parameters.csv",
    "send_candidate_projects.csv",
    "capital_budget.csv",
    "savings_options.csv",
    "high_needs_history.csv",
    "send_posterior_draws.csv",
    "dfe_other_series.csv",
    *MONEY_TABLES,
}
TABLE_CASES = [
    (table, mutation) for table in NUMERIC_COLUMNS for mutation in sorted(TABLE_MUTATIONS) if not (mutation == "deleted" and table in OPTIONAL)
]


@pytest.mark.parametrize(("table", "mutation"), TABLE_CASES)
def test_data_table_mutation_is_refused(tmp_path, data_copy, table, mutation):
    mutate_table(data_copy, table, mutation, NUMERIC_COLUMNS[table][0])
    _refused(write_scenario(tmp_path / "scen", _base_dict() | {"data_folder": data_copy.as_posix()}), table)


def test_an_optional_table_may_be_absent(tmp_path, data_copy):
    for table in OPTIONAL - {"send_fitted_parameters.csv"}:
        (data_copy / table).unlink()
    check_inputs(write_scenario(tmp_path / "scen", _base_dict() | {"data_folder": data_copy.as_posix()}), CHECKS)


def test_a_symlinked_table_inside_the_folder_is_refused_too(tmp_path, data_copy):
    (data_copy / "send_settings_real.csv").write_bytes((data_copy / "send_settings.csv").read_bytes())
    (data_copy / "send_settings.csv").unlink()
    (data_copy / "send_settings.csv").symlink_to(data_copy / "send_settings_real.csv")
    err = _refused(write_scenario(tmp_path / "scen", _base_dict() | {"data_folder": data_copy.as_posix()}), "send_settings.csv")
    assert "symlink" in err.expected


def test_a_symlinked_data_folder_is_read(tmp_path, data_copy):
    link = tmp_path / "linked_data"
    link.symlink_to(data_copy, target_is_directory=True)
    check_inputs(write_scenario(tmp_path / "scen", _base_dict() | {"data_folder": link.as_posix()}), CHECKS)


def test_ssda903_year_folder_or_file_symlinked_out_is_refused(tmp_path):
    from sefton_sim.social_care.ssda903 import read_ssda903

    sample = SHARED / "peers" / "ssda903_sample"
    if not sample.is_dir():
        pytest.skip("SSDA903 sample not available")
    copy = tmp_path / "ssda903"
    shutil.copytree(sample, copy)
    year = sorted(p for p in copy.iterdir() if p.is_dir())[0]
    outside = tmp_path / "elsewhere"
    shutil.move(str(year), outside)
    year.symlink_to(outside, target_is_directory=True)
    with pytest.raises(BadInputError, match="symlink"):
        read_ssda903(copy)
    year.unlink()
    shutil.move(str(outside), year)
    episodes = year / "episodes.csv"
    shutil.move(str(episodes), tmp_path / "episodes.csv")
    episodes.symlink_to(tmp_path / "episodes.csv")
    with pytest.raises(BadInputError, match="symlink"):
        read_ssda903(copy)


def test_a_shipped_parent_keeps_its_own_data_folder(tmp_path):
    from sefton_sim.scenario import load_scenario

    child = write_scenario(tmp_path, {"extends": "baseline", "name": "child"})
    _, folder = load_scenario(child)
    assert folder == DATA.resolve()


def test_a_parent_beside_the_child_shares_its_folder(tmp_path, data_copy):
    from sefton_sim.scenario import load_scenario

    shutil.move(str(data_copy), tmp_path / "scen" / "council")
    write_scenario(tmp_path / "scen", {"name": "parent", "data_folder": "council"}, "parent.toml")
    _, folder = load_scenario(write_scenario(tmp_path / "scen", {"extends": "parent", "name": "child"}))
    assert folder == (tmp_path / "scen" / "council").resolve()


def test_the_finance_resolution_runs_before_any_simulation(tmp_path):
    data = set_path(_base_dict(), "finance.council_tax_increase_pct", {"2000/01": 2.0})
    path = write_scenario(tmp_path, data)
    err = _refused(path, str(path))
    assert err.key == "finance.council_tax_increase_pct.2000/01" and "2024/25" in err.expected


def test_too_many_savings_refused_by_the_schema_at_the_ledgers_width(tmp_path):
    assert lim.MAX_SCENARIO_SAVINGS + 2 == MAX_SAVINGS  # the two savings already in the budget
    saving = {"name": "s", "saving_gbp_m_by_year": {"2025/26": 0.1}}
    path = write_scenario(tmp_path, set_path(_base_dict(), "finance.savings", [saving] * (lim.MAX_SCENARIO_SAVINGS + 1)))
    err = _refused(path, str(path))
    assert err.key == "finance.savings"
    write_scenario(tmp_path, set_path(_base_dict(), "finance.savings", [saving] * lim.MAX_SCENARIO_SAVINGS), "ok.toml")
    check_inputs(tmp_path / "ok.toml", CHECKS)


def test_missing_data_folder_named_against_the_scenario(tmp_path):
    path = write_scenario(tmp_path, _base_dict() | {"data_folder": "no/such/folder"})
    err = _refused(path, str(path))
    assert err.key == "data_folder" and "existing" in err.expected


@pytest.mark.parametrize(
    ("text", "limit", "ok"),
    [("1000", lim.NUMBER, True), ("-0.5", lim.NUMBER, True), ("2.5e6", lim.NUMBER, True), (" 7 ", lim.COUNT, True), ("7.5", lim.COUNT, False)]
    + [(t, lim.NUMBER, False) for t in ("1,000", "1_000", "nan", "-inf", "Infinity", "£5", "", "0x10", "1e400", "true")],
)
def test_parse_number(text, limit, ok):
    if ok:
        assert lim.parse_number(text, "t.csv", "row 2.x", limit) == float(text)
    else:
        with pytest.raises(BadInputError) as err:
            lim.parse_number(text, "t.csv", "row 2.x", limit)
        assert str(err.value).startswith("t.csv: row 2.x = ")


def test_mutation_counts():
    """The size of the matrix above (reported; at least the brief's dozen kinds of damage)."""
    scenario = len(SCENARIO_CASES) + len(TEXT_CASES) + len(FILE_MUTATIONS) + 10
    data = len(CELL_CASES) + len(TABLE_CASES)
    assert scenario > 200 and data > 300
