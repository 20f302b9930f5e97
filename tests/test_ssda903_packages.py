"""A council's own SSDA903 return calibrating the package engine's CSC tables (and the CLI path)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

from conftest import DATA, run_cli
from sefton_sim.data import tables as t
from sefton_sim.errors import BadInputError
from sefton_sim.social_care import PLACEMENT_TYPES, calibrate_csc
from sefton_sim.social_care import csc_packages as pk
from sefton_sim.social_care import ssda903_to_packages as s2p

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "peers" / "ssda903_sample"
pytestmark = pytest.mark.skipif(not SAMPLE.is_dir(), reason="SSDA903 sample not present")
SAMPLE_CHILDREN = {
    "in_house_fostering": 23,
    "ifa_fostering": 25,
    "residential": 14,
    "supported_accommodation": 9,
    "parents_kinship_other": 15,
}
"""The sample's 86 children looked after on the last day of the data, by placement type."""
K = len(PLACEMENT_TYPES)
RES, IN_HOUSE, IFA = (PLACEMENT_TYPES.index(n) for n in ("residential", "in_house_fostering", "ifa_fostering"))


@pytest.fixture(scope="module")
def calibration():
    return calibrate_csc(SAMPLE, window_months=12)  # the 12-month window these checks describe


@pytest.fixture(scope="module")
def tables(calibration):
    return s2p.package_tables_from_calibration(calibration, DATA)


def _multiplier(calibration, name: str) -> np.ndarray:
    frame = calibration.multipliers.filter(pl.col("parameter") == name)
    return np.array([frame.filter(pl.col("placement_type") == k)["multiplier"][0] for k in PLACEMENT_TYPES])


def test_fitted_values_follow_the_calibration(calibration, tables) -> None:
    placements, parameters = tables
    prior = calibration.prior_rates
    assert placements["placement_type"].to_list() == list(PLACEMENT_TYPES)
    assert dict(zip(placements["placement_type"], placements["children_at_base"])) == SAMPLE_CHILDREN
    # entries: 5 in the 12-month window, all aged 10-15
    entries = prior.entries.sum(axis=-1)
    np.testing.assert_allclose(placements["entry_share"].to_numpy(), entries / entries.sum(), atol=1e-4)
    value = dict(zip(parameters["parameter"], parameters["value"]))
    assert value["entries_per_year"] == pytest.approx(prior.entries.sum() * 12 / calibration.replay_months)
    assert [value[f"entry_age_share_{b}"] for b in ("0_4", "5_9", "10_15", "16_17")] == [0.0, 0.0, 1.0, 0.0]
    # mean stay: 1 / calibrated exit hazard pooled over age bands (capped at 18 years)
    exposure = prior.exposure_months.sum(axis=-1)
    hazard = (calibration.rates.exit_hazard * prior.exposure_months).sum(axis=-1) / exposure
    np.testing.assert_allclose(hazard, _multiplier(calibration, "exit_hazard") * prior.exits.sum(axis=-1) / exposure)
    expected_stay = np.minimum(1.0 / hazard, s2p.MAX_MEAN_STAY_MONTHS)
    np.testing.assert_allclose(placements["mean_stay_months"].to_numpy(), expected_stay, rtol=1e-3)
    # Ageing at true birthdays: 16-17s leave at 18 on the date, so the exit hazard of supported
    # accommodation is no longer pushed to its lower bound (before: a 216-month stay, the cap).
    assert placements.filter(pl.col("placement_type") == "supported_accommodation")["mean_stay_months"][0] == pytest.approx(39.18, rel=1e-3)
    # step-down: calibrated residential -> in-house + IFA hazard, as a monthly probability
    moves = (calibration.rates.transition_hazard[RES] * prior.exposure_months[RES]).sum(axis=-1) / exposure[RES]
    assert value["step_down_per_month"] == pytest.approx(1 - np.exp(-(moves[IN_HOUSE] + moves[IFA])), rel=1e-3)
    assert prior.transitions[RES, IN_HOUSE].sum() == 5 and prior.transitions[RES, IFA].sum() == 4
    assert value["step_down_share_to_in_house"] == pytest.approx(5 / 9, rel=1e-3)


def test_costs_and_unfitted_parameters_are_copied_with_their_sources(tables) -> None:
    placements, parameters = tables
    old = t.read_table(DATA / pk.PLACEMENTS_FILE, pk.PLACEMENT_COLUMNS)
    for column in ("cost_gbp_per_week", "cost_low", "cost_high"):
        assert placements[column].to_list() == [float(v) for v in old[column]]
    for new_source, old_source in zip(placements["source"], old["source"]):
        assert new_source.startswith("fit: sefton-sim calibrate-csc ")
        assert "(window 12 months, end of data 2022-03-27)" in new_source
        assert new_source.endswith(s2p.COST_SOURCE_MARKER + old_source.strip())
    old_params = {r["parameter"]: r for r in t.read_table(DATA / pk.PARAMETERS_FILE, ("parameter",)).iter_rows(named=True)}
    assert parameters["parameter"].to_list() == list(old_params)
    for row in parameters.iter_rows(named=True):
        old_row = old_params[row["parameter"]]
        if row["parameter"] in s2p.COPIED_PARAMETERS:
            assert row["source"] == old_row["source"].strip()
            assert (row["value"], row["low"], row["high"]) == tuple(float(old_row[c]) for c in ("value", "low", "high"))
        else:
            assert row["source"].startswith(f"fit: sefton-sim calibrate-csc {SAMPLE} (window 12 months, end of data 2022-03-27)")
        assert row["low"] <= row["value"] <= row["high"]
    assert (placements["mean_stay_low"] <= placements["mean_stay_months"]).all()
    assert (placements["mean_stay_months"] <= placements["mean_stay_high"]).all()


def test_written_tables_load_and_the_engine_conserves_children(calibration, tables, data_copy: Path) -> None:
    others = {p.name: p.read_bytes() for p in DATA.iterdir() if p.name not in (pk.PLACEMENTS_FILE, pk.PARAMETERS_FILE)}
    written = s2p.write_package_tables(*tables, data_copy)
    assert set(written) == {pk.PLACEMENTS_FILE, pk.PARAMETERS_FILE}
    assert {p.name: p.read_bytes() for p in data_copy.iterdir() if p.name in others} == others  # untouched
    assert sorted(p.name for p in data_copy.iterdir()) == sorted(p.name for p in DATA.iterdir())  # no temp files
    rates = pk.CscPackageRates.from_data(data_copy)
    assert dict(zip(PLACEMENT_TYPES, rates.children_at_base.tolist())) == SAMPLE_CHILDREN
    assert rates.base_children == 86
    run = pk.simulate_csc(rates, 24, 50, seed=3)
    f = {k: v.astype(np.int64) for k, v in run.flows_by_type.items()}
    by_type = run.by_type().astype(np.int64)
    assert by_type.min() >= 0
    np.testing.assert_array_equal(by_type[:, 0], np.broadcast_to(list(SAMPLE_CHILDREN.values()), (50, K)))
    expected = by_type[:, :-1] + f["entries"] - f["exits"] - f["left_at_18"] + f["moved_in"] - f["moved_out"]
    np.testing.assert_array_equal(by_type[:, 1:], expected)
    np.testing.assert_array_equal(f["moved_in"].sum(axis=2), f["moved_out"].sum(axis=2))
    assert f["moved_out"][:, :, RES].sum() > 0  # step-downs happen
    # writing again (costs now read from the written tables) gives the same tables: sources do not nest
    first = {name: path.read_text() for name, path in written.items()}
    again = s2p.package_tables_from_calibration(calibration, data_copy)
    s2p.write_package_tables(*again, data_copy)
    old_path, new_path = str(DATA / pk.PLACEMENTS_FILE), str(data_copy / pk.PLACEMENTS_FILE)
    assert {name: path.read_text() for name, path in written.items()} == {name: text.replace(old_path, new_path) for name, text in first.items()}


def test_refuses_a_folder_without_the_tables(tables, tmp_path: Path) -> None:
    with pytest.raises(BadInputError, match="--write-data"):
        s2p.write_package_tables(*tables, tmp_path)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(BadInputError):
        s2p.package_tables_from_calibration(None, tmp_path)  # type: ignore[arg-type]


def test_tables_the_loader_refuses_are_not_written(tables, data_copy: Path) -> None:
    placements, parameters = tables
    before = {n: (data_copy / n).read_bytes() for n in (pk.PLACEMENTS_FILE, pk.PARAMETERS_FILE)}
    bad = placements.with_columns(pl.col("entry_share") * 2)
    with pytest.raises(BadInputError, match="entry_share"):
        s2p.write_package_tables(bad, parameters, data_copy)
    assert {n: (data_copy / n).read_bytes() for n in before} == before


@pytest.mark.slow
def test_cli_writes_the_tables_and_a_scenario_runs_on_them(data_copy: Path, tmp_path: Path) -> None:
    proc = run_cli("calibrate-csc", str(SAMPLE), "--write-data", str(data_copy))
    assert proc.returncode == 0, proc.stderr
    assert "csc_placements.csv" in proc.stdout and "csc_parameters.csv" in proc.stdout
    rates = pk.CscPackageRates.from_data(data_copy)
    assert rates.base_children == 86
    scenario = tmp_path / "s.toml"
    scenario.write_text(f'name = "own_ssda903"\ndata_folder = "{data_copy.resolve().as_posix()}"\npaths = 5\n')
    proc = run_cli("run", str(scenario), "--out", str(tmp_path / "o"))
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "o").is_dir()


@pytest.mark.parametrize("make", ["missing", "empty"])
def test_cli_refuses_a_bad_data_folder_on_one_line(tmp_path: Path, make: str) -> None:
    target = tmp_path / "nowhere"
    if make == "empty":
        target.mkdir()
    proc = run_cli("calibrate-csc", str(SAMPLE), "--write-data", str(target))
    assert proc.returncode == 2
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "--write-data" in lines[0] and "council data folder" in lines[0]
    assert not target.exists() or list(target.iterdir()) == []
