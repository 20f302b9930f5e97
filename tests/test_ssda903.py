"""SSDA903 reader, CSC rate estimation, projection and calibration."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from sefton_sim.errors import BadInputError
from sefton_sim.social_care import (
    AGE_BANDS,
    PLACE_CODE_TYPES,
    PLACEMENT_TYPES,
    CscRates,
    calibrate_csc,
    estimate_csc_rates,
    placement_type,
    project_csc,
    project_csc_expected,
    read_ssda903,
)
from sefton_sim.social_care.csc_estimation import ESTIMATION_WINDOW_MONTHS, J
from sefton_sim.social_care.csc_window import CANDIDATE_WINDOWS
from sefton_sim.social_care.ssda903 import placement_type_expr

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "peers" / "ssda903_sample"
needs_sample = pytest.mark.skipif(not SAMPLE.is_dir(), reason="SSDA903 sample not present")
K, A = len(PLACEMENT_TYPES), len(AGE_BANDS)


# --- placement mapping -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("place", "provider", "expected"),
    [
        ("U4", "PR1", "in_house_fostering"),
        ("U5", "PR2", "in_house_fostering"),
        ("U6", "PR3", "in_house_fostering"),
        ("U4", "PR4", "ifa_fostering"),
        ("U5", "PR5", "ifa_fostering"),
        ("U1", "PR1", "parents_kinship_other"),
        ("U2", "PR4", "parents_kinship_other"),
        ("U3", "PR1", "parents_kinship_other"),
        ("K1", "PR1", "residential"),
        ("K2", "PR4", "residential"),
        ("R1", "PR4", "residential"),
        ("R2", "PR3", "residential"),
        ("R5", "PR3", "residential"),
        ("S1", "PR4", "residential"),
        ("H5", "PR4", "supported_accommodation"),
        ("P2", "PR4", "supported_accommodation"),
        ("P3", "PR1", "supported_accommodation"),
        ("P1", "PR0", "parents_kinship_other"),
        ("A3", "PR1", "parents_kinship_other"),
        ("A6", "PR4", "parents_kinship_other"),
        ("R3", "PR1", "parents_kinship_other"),
        ("T0", "PR1", "parents_kinship_other"),
        ("T4", "PR1", "parents_kinship_other"),
        ("Z1", "PR1", "parents_kinship_other"),
        ("Q9", "PR4", "parents_kinship_other"),
        (" u5 ", "pr4", "ifa_fostering"),
    ],
)
def test_placement_type_maps_ssda903_codes(place: str, provider: str, expected: str) -> None:
    assert placement_type(place, provider) == expected


def test_vectorised_mapping_agrees_with_scalar_and_table_is_printable() -> None:
    codes = [c for c in PLACE_CODE_TYPES if c != "*"] + ["Q9"]
    providers = ["PR0", "PR1", "PR2", "PR3", "PR4", "PR5"]
    frame = pl.DataFrame({"PLACE": [c for c in codes for _ in providers], "PLACE_PROVIDER": providers * len(codes)}).with_columns(
        placement_type_expr(pl.col("PLACE"), pl.col("PLACE_PROVIDER")).alias("t")
    )
    for row in frame.iter_rows(named=True):
        assert row["t"] == placement_type(row["PLACE"], row["PLACE_PROVIDER"])
    assert set(frame["t"]) == set(PLACEMENT_TYPES)
    for code, kind in PLACE_CODE_TYPES.items():
        assert isinstance(code, str) and kind.split(" ")[0] in PLACEMENT_TYPES


# --- reading the sample ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample():
    if not SAMPLE.is_dir():
        pytest.skip("SSDA903 sample not present")
    return read_ssda903(SAMPLE)


@pytest.fixture(scope="module")
def calibration():
    if not SAMPLE.is_dir():
        pytest.skip("SSDA903 sample not present")
    return calibrate_csc(SAMPLE)


@needs_sample
def test_read_deduplicates_and_counts_86_looked_after_at_end(sample) -> None:
    episodes = sample.episodes
    assert sample.years == (2017, 2018, 2019, 2020, 2021)
    assert sample.end_date == date(2022, 3, 27)
    assert episodes.select("CHILD", "DECOM").is_duplicated().sum() == 0
    assert episodes.height == 2827  # 3,737 rows across the returns before de-duplication
    assert episodes["DOB"].null_count() == 0
    assert set(episodes["placement_type"]) <= set(PLACEMENT_TYPES)
    on_end = sample.looked_after_on(date(2022, 3, 27))
    assert on_end["CHILD"].n_unique() == 86
    assert on_end.height == 86
    assert sample.stock_on(date(2022, 3, 27)).sum() == 86


@needs_sample
@pytest.mark.parametrize(
    ("window_months", "window_start"),
    [(None, date(2021, 3, 27)), (12, date(2021, 3, 27)), (24, date(2020, 3, 27)), (36, date(2019, 3, 27))],
)
def test_estimation_accounts_for_every_child_in_the_window(sample, window_months, window_start) -> None:
    rates = estimate_csc_rates(sample) if window_months is None else estimate_csc_rates(sample, window_months=window_months)
    assert rates.window_months == (window_months or ESTIMATION_WINDOW_MONTHS) and ESTIMATION_WINDOW_MONTHS == 12
    start_stock = sample.stock_on(rates.window_start).sum()
    flows = rates.entries.sum() - rates.exits.sum() - rates.left_at_18.sum()
    assert start_stock + flows == rates.stock.sum() == 86
    assert rates.window_start == window_start
    assert np.all(rates.exit_hazard >= 0) and np.all(rates.transition_hazard >= 0)
    assert np.allclose(np.diagonal(rates.transition_hazard, axis1=0, axis2=1), 0.0)
    assert rates.to_table().height > 0


# --- calibration -------------------------------------------------------------------------------


@needs_sample
def test_calibration_fits_monthly_stock_within_bounds(calibration) -> None:
    """Multipliers within their bounds; the fitted replay follows the observed monthly stock
    by type better than the exposure-based prior (the quantity the fit minimises, and RMSE)."""
    multipliers = calibration.multipliers
    assert multipliers.height == 2 * K
    assert set(multipliers["parameter"]) == {"exit_hazard", "transition_out_hazard"}
    assert ((multipliers["multiplier"] >= multipliers["lower_bound"] - 1e-9) & (multipliers["multiplier"] <= multipliers["upper_bound"] + 1e-9)).all()
    assert (multipliers["lower_bound"] == 0.25).all() and (multipliers["upper_bound"] == 4.0).all()

    fit = calibration.fit_table
    months = calibration.replay_months
    assert months == calibration.window_choice.window_months == 36 and calibration.replay_start == date(2019, 3, 27)
    assert fit.height == months * K
    assert fit.columns == ["month", "date", "placement_type", "observed", "model", "error", "prior_model"]
    assert fit["month"].min() == 1 and fit["month"].max() == months
    last = fit.filter(pl.col("month") == months)
    assert last["date"][0] == date(2022, 3, 27)
    assert last["observed"].to_list() == calibration.data.stock_on(date(2022, 3, 27)).sum(axis=-1).tolist()
    assert np.allclose(fit["error"], fit["model"] - fit["observed"])

    scale = np.sqrt(np.maximum(fit["observed"].to_numpy(), 1.0))
    cost = (((fit["model"] - fit["observed"]).to_numpy() / scale) ** 2).sum()
    prior_cost = (((fit["prior_model"] - fit["observed"]).to_numpy() / scale) ** 2).sum()
    assert cost < prior_cost
    rmse = calibration.fit_rmse()
    assert rmse["placement_type"].to_list() == list(PLACEMENT_TYPES) + ["total"]
    # The fit minimises the Pearson-weighted sum over the types (``cost`` above), not the RMSE of
    # each type or of the total: on the 36-month window the total's RMSE is 3.79 children against
    # the prior's 3.69 while the weighted cost falls.
    assert (rmse["rmse"] >= 0).all() and (rmse["prior_rmse"] >= 0).all()

    end = {row["placement_type"]: row for row in calibration.table.iter_rows(named=True)}
    assert calibration.table.columns == ["placement_type", "observed", "model", "error", "error_pct", "prior_model"]
    for k, name in enumerate(PLACEMENT_TYPES):
        assert end[name]["model"] == pytest.approx(last["model"][k])


@needs_sample
def test_calibrated_rates_scale_the_prior_and_drive_the_projection(calibration) -> None:
    prior, rates = calibration.prior_rates, calibration.rates
    assert np.array_equal(rates.entries_per_month, prior.entries_per_month)
    assert np.array_equal(rates.stock, prior.stock)
    m = {(r["placement_type"], r["parameter"]): r["multiplier"] for r in calibration.multipliers.iter_rows(named=True)}
    for k, name in enumerate(PLACEMENT_TYPES):
        assert np.allclose(rates.exit_hazard[k], prior.exit_hazard[k] * m[(name, "exit_hazard")])
        assert np.allclose(rates.transition_hazard[k], prior.transition_hazard[k] * m[(name, "transition_out_hazard")])
    assert not np.allclose(rates.exit_hazard, prior.exit_hazard)
    table = calibration.projection_table(months=24, paths=50, seed=5)
    expected = project_csc(rates, 24, 50, 5).quantile_table()
    assert table.columns == ["month", "date", "placement_type", "p5", "p10", "p50", "p90", "p95"]
    assert table.equals(expected)
    assert not table.equals(project_csc(prior, 24, 50, 5).quantile_table())


@needs_sample
def test_window_comparison_has_12_24_36_months(calibration) -> None:
    """Each candidate window calibrated over its own window; the chosen one's rows are the
    calibration's own table."""
    comparison = calibration.window_comparison
    assert CANDIDATE_WINDOWS == (12, 24, 36)
    assert comparison["window_months"].unique().sort().to_list() == [12, 24, 36]
    assert comparison.height == 3 * (K + 1)
    assert comparison.columns == [
        "window_months",
        "window_start",
        "is_chosen",
        "placement_type",
        "observed",
        "model",
        "error",
        "error_pct",
        "prior_model",
        "fit_rmse",
        "multipliers_at_bound",
    ]
    starts = {row["window_months"]: row["window_start"] for row in comparison.iter_rows(named=True)}
    assert starts == {12: date(2021, 3, 27), 24: date(2020, 3, 27), 36: date(2019, 3, 27)}
    for _, rows in comparison.group_by("window_months"):
        assert rows["placement_type"].to_list() == list(PLACEMENT_TYPES) + ["total"]
        assert rows.filter(pl.col("placement_type") == "total")["observed"][0] == 86
    chosen = comparison.filter(pl.col("is_chosen"))
    assert chosen["window_months"].unique().to_list() == [calibration.replay_months]
    assert chosen.select(calibration.table.columns).equals(calibration.table)


@needs_sample
def test_calibration_writes_its_tables_and_the_data_quality_report(calibration, tmp_path: Path) -> None:
    files = calibration.write(tmp_path / "out")
    assert sorted(p.name for p in files.values()) == [
        "csc_calibration.csv",
        "csc_fit.csv",
        "csc_multipliers.csv",
        "csc_projection.csv",
        "csc_rates.csv",
        "csc_rolling_replay.csv",
        "csc_window_choice.csv",
        "csc_window_comparison.csv",
        "data_quality.csv",
    ]
    quality = pl.read_csv(files["data_quality"])
    assert quality.columns == ["rule", "severity", "child", "year", "detail"]
    assert set(quality["severity"]) == {"warning"}
    projection = pl.read_csv(files["projection"])
    assert projection.columns == ["month", "date", "placement_type", "p5", "p10", "p50", "p90", "p95"]
    assert projection.height == 25 * (K + 1)
    quantiles = ["p5", "p10", "p50", "p90", "p95"]
    for lower, upper in zip(quantiles, quantiles[1:]):
        assert (projection[lower] <= projection[upper]).all()
    start = projection.filter((pl.col("month") == 0) & (pl.col("placement_type") == "total"))
    assert start["p50"][0] == 86
    shorter = calibration.write(tmp_path / "short", months=6, paths=30, seed=4)
    assert pl.read_csv(shorter["projection"]).height == 7 * (K + 1)
    assert pl.read_csv(files["fit"]).height == calibration.replay_months * K
    assert pl.read_csv(files["window_comparison"]).height == 3 * (K + 1)
    assert pl.read_csv(files["multipliers"]).height == 2 * K
    assert pl.read_csv(files["calibration"]).height == K + 1


@needs_sample
@pytest.mark.slow
def test_calibration_tables_are_identical_bit_for_bit_across_runs_and_thread_counts(calibration, tmp_path: Path) -> None:
    """Written tables are byte-identical: again in-process, and in a fresh process with polars
    on one thread (a sum whose order follows the threads would differ in the last digit)."""
    calibration.write(tmp_path / "a")
    calibrate_csc(SAMPLE).write(tmp_path / "b")
    env = {**os.environ, "POLARS_MAX_THREADS": "1"}
    done = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "calibrate-csc", str(SAMPLE), "--out", str(tmp_path / "c")],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert len(names) >= 9
    manifest = json.loads((tmp_path / "c" / "manifest.json").read_text())
    assert manifest["window_months"] == calibration.replay_months and manifest["window_reason"] == calibration.window_choice.reason
    assert manifest["projection"] == {"horizon_months": 24, "paths": 200, "seed": 1}
    assert manifest["rolling_replay_share_inside_p5_p95"] == pytest.approx(calibration.rolling_share_inside)
    for other in ("b", "c"):
        # the command's output folder also carries the tool's manifest.json (run details, not a table)
        assert sorted(p.name for p in (tmp_path / other).iterdir() if p.name != "manifest.json") == names
        for name in names:
            assert (tmp_path / other / name).read_bytes() == (tmp_path / "a" / name).read_bytes(), f"{other}/{name}"


# --- projection --------------------------------------------------------------------------------


@needs_sample
def test_projection_shape_and_determinism(calibration) -> None:
    rates = calibration.rates
    a = project_csc(rates, months=24, paths=50, seed=7)
    b = project_csc(rates, months=24, paths=50, seed=7)
    c = project_csc(rates, months=24, paths=50, seed=8)
    assert a.counts.shape == (50, 25, K, A)
    assert a.entries.shape == (50, 24, K)
    assert np.array_equal(a.counts, b.counts)
    assert not np.array_equal(a.counts, c.counts)
    assert np.all(a.counts[:, 0] == rates.stock)
    assert rates.stock_by_age is not None and rates.stock_by_age.shape == (K, J)
    assert np.all(a.counts >= 0)


@needs_sample
def test_monte_carlo_mean_agrees_with_mean_field(calibration) -> None:
    rates = calibration.rates
    start = calibration.data.stock_by_age_on(rates.window_start)
    months = calibration.replay_months
    paths = project_csc(rates, months=months, paths=400, seed=3, start_stock=start).total[:, -1]
    expected = project_csc_expected(rates, months, start_stock=start)[-1].sum()
    standard_error = paths.std() / np.sqrt(paths.size)
    assert abs(paths.mean() - expected) < 4 * standard_error + 0.5


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    stock_scale=st.integers(0, 60),
    entries_scale=st.floats(0.0, 5.0),
    exit_scale=st.floats(0.0, 0.3),
    move_scale=st.floats(0.0, 0.3),
)
def test_children_are_conserved(seed: int, stock_scale: int, entries_scale: float, exit_scale: float, move_scale: float) -> None:
    """Per path and month: stock(t+1) = stock(t) + entries - exits - aged out (moves net to 0)."""
    rng = np.random.default_rng(seed)
    by_age = rng.integers(0, stock_scale + 1, size=(K, J)) * (rng.random((K, J)) < 0.05)
    rates = CscRates(
        as_of=date(2022, 3, 27),
        window_start=date(2019, 3, 27),
        window_months=36,
        stock=np.add.reduceat(by_age, [0, 60, 120, 192], axis=-1),
        stock_by_age=by_age,
        entries_per_month=entries_scale * rng.random((K, A)),
        exit_hazard=exit_scale * rng.random((K, A)),
        transition_hazard=move_scale * rng.random((K, K, A)),
    )
    run = project_csc(rates, months=12, paths=5, seed=seed)
    total = run.total
    change = (run.entries - run.exits - run.aged_out).sum(axis=-1)
    assert np.array_equal(total[:, 1:] - total[:, :-1], change)
    by_type = run.by_type
    change_by_type = run.entries - run.exits - run.aged_out + run.moved_in - run.moved_out
    assert np.array_equal(by_type[:, 1:] - by_type[:, :-1], change_by_type)
    assert np.array_equal(run.moved_in.sum(axis=-1), run.moved_out.sum(axis=-1))
    assert np.all(run.counts >= 0)


# --- malformed input ---------------------------------------------------------------------------

EPISODES = (
    "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
    "1,01/05/2020,S,C2,N1,U4,PR1,01/09/2020,X1,,,,\n"
    "1,01/09/2020,P,C2,N1,K2,PR4,,,,,,\n"
    "2,03/06/2020,S,C2,N1,H5,PR4,10/10/2020,E8,,,,\n"
)
HEADER = "CHILD,SEX,DOB\n1,1,01/01/2008\n2,2,15/03/2004\n"


def _write_sample(root: Path, episodes: str = EPISODES, header: str = HEADER) -> Path:
    year = root / "returns" / "2020"
    year.mkdir(parents=True)
    (year / "episodes.csv").write_text(episodes)
    (year / "header.csv").write_text(header)
    return root / "returns"


def test_small_valid_sample_reads(tmp_path: Path) -> None:
    data = read_ssda903(_write_sample(tmp_path))
    assert data.episodes.height == 3
    assert data.end_date == date(2020, 10, 10)
    assert data.episodes["placement_type"].to_list() == ["in_house_fostering", "residential", "supported_accommodation"]
    assert data.episodes["ends_with"].to_list() == ["move", "open", "leave"]


def _bad(folder: Path) -> BadInputError:
    with pytest.raises(BadInputError) as info:
        read_ssda903(folder)
    message = str(info.value)
    assert "\n" not in message
    return info.value


def test_missing_column(tmp_path: Path) -> None:
    folder = _write_sample(tmp_path, episodes=EPISODES.replace("PLACE_PROVIDER", "PROVIDER"))
    error = _bad(folder)
    assert "episodes.csv" in str(error) and "PLACE_PROVIDER" in str(error)


def test_bad_date(tmp_path: Path) -> None:
    folder = _write_sample(tmp_path, episodes=EPISODES.replace("03/06/2020", "3 June 2020"))
    error = _bad(folder)
    assert "episodes.csv" in str(error) and error.key == "row 4.DECOM" and error.value == "3 June 2020"


def test_bad_date_of_birth(tmp_path: Path) -> None:
    folder = _write_sample(tmp_path, header=HEADER.replace("15/03/2004", "31/02/2004"))
    error = _bad(folder)
    assert "header.csv" in str(error) and error.key == "row 3.DOB"


def test_end_before_start(tmp_path: Path) -> None:
    folder = _write_sample(tmp_path, episodes=EPISODES.replace("10/10/2020", "10/05/2020"))
    error = _bad(folder)
    assert "episodes.csv" in str(error) and error.key == "row 4.DEC"


def test_child_without_header_row(tmp_path: Path) -> None:
    folder = _write_sample(tmp_path, header="CHILD,SEX,DOB\n1,1,01/01/2008\n")
    error = _bad(folder)
    assert "episodes.csv" in str(error) and error.key == "row 4.CHILD" and error.value == "2"


def test_empty_placement(tmp_path: Path) -> None:
    folder = _write_sample(tmp_path, episodes=EPISODES.replace("K2,PR4", ",PR4"))
    error = _bad(folder)
    assert "episodes.csv" in str(error) and error.key == "row 3.PLACE"


def test_missing_folder(tmp_path: Path) -> None:
    error = _bad(tmp_path / "nowhere")
    assert "nowhere" in str(error)


def test_no_year_subfolders(tmp_path: Path) -> None:
    (tmp_path / "returns" / "latest").mkdir(parents=True)
    error = _bad(tmp_path / "returns")
    assert "returns" in str(error) and error.key == "year folders"


def test_missing_file_in_return(tmp_path: Path) -> None:
    folder = _write_sample(tmp_path)
    (folder / "2020" / "header.csv").unlink()
    error = _bad(folder)
    assert "header.csv" in str(error)
