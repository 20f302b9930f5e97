"""Bad input: one line naming file, key, value and expectation; exit 2; no output folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import DATA, run_cli


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
    lines[1] = lines[1].replace(",42,", ",-42,", 1)
    path.write_text("\n".join(lines) + "\n")
    _assert_refused(tmp_path, _scenario(tmp_path, "", data_copy), "send_stock_base.csv", "row 2.children", "-42", "non-negative")


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


def test_parameter_override_out_of_range(tmp_path):
    s = _scenario(tmp_path, "[send.parameter_overrides]\nceasing_rate_per_year = 0.5")
    _assert_refused(tmp_path, s, "what_if.toml", "send.parameter_overrides.ceasing_rate_per_year", "0.5", "within")


@pytest.mark.parametrize("command", ["validate"])
def test_validate_refuses_the_same_way(tmp_path, command):
    s = _scenario(tmp_path, "seed = -3")
    proc = run_cli(command, str(s))
    assert proc.returncode == 2
    assert "seed" in proc.stderr and "-3" in proc.stderr
