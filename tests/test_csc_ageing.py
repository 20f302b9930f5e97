"""Children looked after: ageing from date of birth, the window rule, the rolling replay check,
and the children's placement cost by type in the ledgers."""

from __future__ import annotations

import calendar
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from sefton_sim.errors import BadInputError
from sefton_sim.finance import finance_ledgers, ledger_table, load_money_data
from sefton_sim.finance.ledgers import CSC_LINE_PREFIX, SOCIAL_CARE_LEDGER
from sefton_sim.social_care import AGE_BANDS, PLACEMENT_TYPES, estimate_csc_rates, project_csc, project_csc_expected, read_ssda903
from sefton_sim.social_care import csc_packages as csc
from sefton_sim.social_care.csc_estimation import BAND_OF_AGE, J, months_after
from sefton_sim.social_care.csc_fit import calibrate_window
from sefton_sim.social_care.csc_replay import ROLLING_COLUMNS, replay_from, rolling_end_dates, share_inside
from sefton_sim.social_care.csc_window import LEVEL_PER_TYPE, choose_window, poisson_lr_test
from sefton_sim.social_care.placements import age_band

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "peers" / "ssda903_sample"
DATA = Path(__file__).resolve().parents[1] / "src" / "sefton_sim" / "shipped" / "data" / "sefton"
needs_sample = pytest.mark.skipif(not SAMPLE.is_dir(), reason="SSDA903 sample not present")
K, A = len(PLACEMENT_TYPES), len(AGE_BANDS)


def birthday(dob: date, years: int) -> date:
    """The ``years``-th birthday (29 February on 28 February in other years)."""
    year = dob.year + years
    return date(year, dob.month, min(dob.day, calendar.monthrange(year, dob.month)[1]))


def whole_years(dob: date, on: date) -> int:
    """Age in whole years from date of birth, the reference the model must match."""
    years = on.year - dob.year
    return years if birthday(dob, years) <= on else years - 1


@pytest.fixture(scope="module")
def sample():
    if not SAMPLE.is_dir():
        pytest.skip("SSDA903 sample not present")
    return read_ssda903(SAMPLE)


# --- ageing from date of birth -----------------------------------------------------------------


@needs_sample
@pytest.mark.parametrize("on", [date(2022, 3, 27), date(2021, 3, 31), date(2020, 3, 31), date(2019, 3, 31), date(2020, 2, 29)])
def test_ages_on_a_date_are_the_ages_from_date_of_birth(sample, on: date) -> None:
    """Every child looked after: whole years and band from the model equal those from DOB, and
    the stock by whole month of age adds up to the stock by band."""
    ages = sample.ages_on(on)
    assert ages.height == sample.looked_after_on(on).height > 0
    for row in ages.iter_rows(named=True):
        years = whole_years(row["DOB"], on)
        assert row["age_years"] == years, row
        assert row["age_band"] == age_band(years), row
        assert birthday(row["DOB"], 0) <= on
    by_age = sample.stock_by_age_on(on)
    assert by_age.shape == (K, J)
    assert np.array_equal(np.add.reduceat(by_age, [0, 60, 120, 192], axis=-1), sample.stock_on(on))


def test_whole_months_of_age_at_month_ends_and_leap_days(tmp_path: Path) -> None:
    """Children born on 29 February and on the 31st: ages in months and years match the
    calendar (a 29 February birthday is on 28 February in other years)."""
    year = tmp_path / "returns" / "2021"
    year.mkdir(parents=True)
    (year / "episodes.csv").write_text(
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\n1,01/05/2021,S,C2,N1,U4,PR1,,\n2,01/05/2021,S,C2,N1,U4,PR1,,\n"
    )
    (year / "header.csv").write_text("CHILD,SEX,DOB\n1,1,29/02/2004\n2,2,31/01/2005\n")
    data = read_ssda903(tmp_path / "returns")
    expected = {
        date(2022, 2, 27): {"1": (215, 17), "2": (204, 17)},
        date(2022, 2, 28): {"1": (216, 18), "2": (205, 17)},
        date(2022, 3, 30): {"1": (217, 18), "2": (205, 17)},
        date(2022, 3, 31): {"1": (217, 18), "2": (206, 17)},
    }
    for on, by_child in expected.items():
        ages = {r["CHILD"]: (r["age_months"], r["age_years"]) for r in data.ages_on(on).iter_rows(named=True)}
        assert ages == by_child, on
        assert data.stock_by_age_on(on).sum() == sum(1 for m, _ in by_child.values() if m < J)


@needs_sample
@pytest.mark.parametrize("start", [date(2022, 3, 27), date(2019, 3, 31)])
def test_projection_ages_each_child_on_their_birthdays_and_ends_care_at_18(sample, start: date) -> None:
    """With no exits, moves or entries, the projection's children by band on every date are the
    children of the start whose DOB band on that date it is, and nobody is left on or after
    their 18th birthday; the children leaving at 18 in each month are those whose 18th birthday
    falls in it (the earlier model moved 1/24 of the 16-17 band out each month instead)."""
    rates = estimate_csc_rates(sample, as_of=start)
    still = replace(rates, entries_per_month=np.zeros((K, A)), exit_hazard=np.zeros((K, A)), transition_hazard=np.zeros((K, K, A)))
    months = 30
    start_stock = sample.stock_by_age_on(start)
    run = project_csc(still, months, paths=3, seed=1, start_stock=start_stock, start_date=start)
    expected_mean = project_csc_expected(still, months, start_stock=start_stock)
    children = sample.ages_on(start).filter(pl.col("age_band").is_not_null())
    dobs = children["DOB"].to_list()
    kinds = [PLACEMENT_TYPES.index(t) for t in children["placement_type"].to_list()]
    for m in range(months + 1):
        on = months_after(start, m)
        truth = np.zeros((K, A), dtype=np.int64)
        for dob, k in zip(dobs, kinds):
            band = age_band(whole_years(dob, on))
            if band is not None:
                truth[k, AGE_BANDS.index(band)] += 1
        assert np.array_equal(run.counts[:, m], np.broadcast_to(truth, (3, K, A))), on
        assert np.allclose(expected_mean[m], truth)
        if m < months:
            turning_18 = sum(1 for dob in dobs if on < birthday(dob, 18) <= months_after(start, m + 1))
            assert (run.aged_out[:, m].sum(axis=-1) == turning_18).all()
    assert run.aged_out.sum() > 0


@needs_sample
def test_no_child_is_in_care_at_18_with_all_flows_on(sample) -> None:
    """With the estimated exits and moves (no entries), the children left on each date are never
    more than the start children still under 18 by their DOB: nobody stays past 18."""
    rates = estimate_csc_rates(sample, window_months=36)
    run = project_csc(rates, 24, paths=200, seed=2)
    no_entries = project_csc(replace(rates, entries_per_month=np.zeros((K, A))), 24, paths=200, seed=2)
    children = sample.ages_on(rates.as_of).filter(pl.col("age_band").is_not_null())
    for m in range(25):
        on = months_after(rates.as_of, m)
        alive = sum(1 for dob in children["DOB"].to_list() if birthday(dob, 18) > on)
        assert (no_entries.total[:, m] <= alive).all()
    assert (run.total >= 0).all() and run.aged_out.sum() > 0


@needs_sample
def test_entry_ages_come_from_the_window(sample) -> None:
    rates = estimate_csc_rates(sample, window_months=36)
    share = rates.entry_age_share
    assert share.shape == (J,) and (share >= 0).all()
    assert np.allclose(np.bincount(BAND_OF_AGE, weights=share, minlength=A), 1.0)
    assert np.allclose(rates.entries_by_age_per_month().sum(axis=-1), rates.entries_per_month.sum(axis=-1))


# --- the window rule -------------------------------------------------------------------------


def test_poisson_lr_test_sees_a_change_and_not_a_same_rate() -> None:
    same = poisson_lr_test(np.array([20.0, 40.0]), np.array([100.0, 200.0]), np.array([40.0, 80.0]), np.array([200.0, 400.0]))
    assert same[0] == pytest.approx(0.0, abs=1e-12) and same[1] == 2 and same[2] == pytest.approx(1.0)
    changed = poisson_lr_test(np.array([60.0]), np.array([100.0]), np.array([40.0]), np.array([200.0]))
    assert changed[1] == 1 and changed[2] < 1e-6
    none = poisson_lr_test(np.array([0.0]), np.array([10.0]), np.array([0.0]), np.array([10.0]))
    assert none == (0.0, 0, 1.0)


@needs_sample
def test_window_rule_on_the_sample(sample) -> None:
    """On the sample no type's rates differ between the latest 12 months and the earlier ones
    (smallest p about 0.13, residential), so the rule lengthens to 36 months; forcing a window
    keeps the tests and says so. On the returns as they stood in March 2019 in-house fostering's
    earlier year differs (p < 1e-6) and the rule stays at 12 months."""
    choice = choose_window(sample)
    assert choice.window_months == 36 and not choice.forced
    tests = choice.tests
    assert tests.height == 2 * K
    assert tests["tested"].all() and not tests["differs"].any()
    assert (tests["p_value"] >= LEVEL_PER_TYPE).all()
    assert tests.filter(pl.col("chosen"))["window_months"].unique().to_list() == [36]
    assert "36 months by the rule" in choice.reason and "\n" not in choice.reason
    forced = choose_window(sample, forced_months=12)
    assert forced.window_months == 12 and forced.forced and "forced" in forced.reason
    then = choose_window(read_ssda903(SAMPLE, up_to=date(2019, 3, 31)))
    assert then.window_months == 12
    row = then.tests.filter((pl.col("window_months") == 24) & (pl.col("placement_type") == "in_house_fostering"))
    assert row["differs"][0] and row["p_value"][0] < 1e-6
    assert not then.tests.filter(pl.col("window_months") == 36)["tested"].any()  # 36 months reach before April 2017


# --- the rolling replay check ----------------------------------------------------------------


def _copy_with_later_rows(target: Path) -> Path:
    """The sample with rows after 31 March 2019 that must not change a replay from then: a new
    child in the 2020 return, an episode of the 2018 return open on 31 March 2019 given an end
    in May 2019, and a row of the 2018 return starting after the return (refused in a full read)."""
    shutil.copytree(SAMPLE, target)
    episodes = target / "2020" / "episodes.csv"
    episodes.write_text(episodes.read_text().rstrip("\n") + "\n999999,01/06/2020,S,C2,N1,K2,PR4,,,,,,\n")
    header = target / "2020" / "header.csv"
    header.write_text(header.read_text().rstrip("\n") + "\n999999,1,01/01/2008,WBRI,,,\n")
    return target


@needs_sample
def test_the_cut_ignores_later_rows_even_when_present(sample, tmp_path: Path) -> None:
    folder = _copy_with_later_rows(tmp_path / "returns")
    end = date(2019, 3, 31)
    as_then = read_ssda903(SAMPLE, up_to=end)
    assert as_then.end_date == end and as_then.years == (2017, 2018)
    open_then = set(as_then.episodes.filter(pl.col("DEC").is_null() & (pl.col("return_year") == 2018))["CHILD"])
    lines = (folder / "2018" / "episodes.csv").read_text().splitlines()
    i = next(n for n, line in enumerate(lines) if line.split(",")[0] in open_then and line.split(",")[7] == "")
    cells = lines[i].split(",")
    cells[7] = "15/05/2019"
    lines[i] = ",".join(cells)
    (folder / "2018" / "episodes.csv").write_text("\n".join(lines) + "\n")
    assert read_ssda903(folder).episodes.height == sample.episodes.height + 1  # valid later rows, read in full

    # The cut blanks the reason ceased (REC) of an episode it reopens; REC is not used by the
    # estimation (the timeline follows the dates), and every other column is as it was.
    edited = read_ssda903(folder, up_to=end)
    assert edited.episodes.drop("REC").equals(as_then.episodes.drop("REC"))
    a = replay_from(SAMPLE, end, sample, paths=200, seed=3)
    b = replay_from(folder, end, sample, paths=200, seed=3)
    assert a.equals(b)

    # A row starting after its return's end is refused in a full read and ignored by the cut.
    bad = folder / "2018" / "episodes.csv"
    bad.write_text(bad.read_text() + "888888,01/05/2019,S,C2,N1,K2,PR4,,,,,,\n")
    header = folder / "2018" / "header.csv"
    header.write_text(header.read_text().rstrip("\n") + "\n888888,1,01/01/2008,WBRI,,,\n")
    with pytest.raises(BadInputError):
        read_ssda903(folder)
    assert read_ssda903(folder, up_to=end).episodes.drop("REC").equals(as_then.episodes.drop("REC"))
    assert replay_from(folder, end, sample, paths=200, seed=3).equals(a)


@needs_sample
def test_the_cut_at_the_end_of_the_returns_is_the_full_read(sample) -> None:
    assert read_ssda903(SAMPLE, up_to=date(2022, 3, 31)).episodes.equals(sample.episodes)
    assert rolling_end_dates(sample) == (date(2019, 3, 31), date(2020, 3, 31), date(2021, 3, 31))


@needs_sample
def test_the_band_is_the_replays_own_and_observed_is_next_year(sample) -> None:
    end = date(2020, 3, 31)
    table = replay_from(SAMPLE, end, sample, paths=300, seed=5)
    assert table.columns == list(ROLLING_COLUMNS)
    assert table["placement_type"].to_list() == list(PLACEMENT_TYPES) + ["total"]
    as_then = read_ssda903(SAMPLE, up_to=end)
    choice = choose_window(as_then)
    fit = calibrate_window(as_then, choice.window_months)
    replay = project_csc(fit.rates, 12, 300, 5, start_stock=as_then.stock_by_age_on(end), start_date=end)
    at_end = replay.by_type[:, -1].astype(float)
    q = np.quantile(at_end, [0.05, 0.5, 0.95], axis=0)
    assert np.array_equal(table["p5"].to_numpy()[:K], q[0]) and np.array_equal(table["p95"].to_numpy()[:K], q[2])
    assert np.array_equal(table["p50"].to_numpy()[:K], q[1])
    assert table["window_months"][0] == choice.window_months
    assert table["scored_on"][0] == date(2021, 3, 31)
    assert table["observed"].to_list()[:K] == sample.stock_on(date(2021, 3, 31)).sum(axis=-1).tolist()
    assert table["inside"].to_list() == ((table["p5"] <= table["observed"]) & (table["observed"] <= table["p95"])).to_list()


def test_share_inside_counts_placement_types_only() -> None:
    table = pl.DataFrame(
        {
            "end_date": [date(2019, 3, 31)] * 3 + [date(2020, 3, 31)] * 3,
            "placement_type": ["residential", "ifa_fostering", "total"] * 2,
            "inside": [True, False, False, True, True, False],
        }
    )
    assert share_inside(table) == pytest.approx(3 / 4)
    assert np.isnan(share_inside(table.head(0)))


# --- the children's placement cost by type in the ledgers --------------------------------------


@pytest.fixture(scope="module")
def package_rates() -> csc.CscPackageRates:
    return csc.CscPackageRates.from_data(DATA)


@settings(max_examples=25, deadline=None)
@given(seed=hs.integers(0, 2**31 - 1), paths=hs.integers(1, 6), months=hs.integers(1, 40), day=hs.sampled_from([1, 15, 28]))
def test_cost_by_type_adds_up_to_the_total(package_rates, seed: int, paths: int, months: int, day: int) -> None:
    sim = csc.simulate_csc(package_rates, months, paths, seed)
    base = date(2024, 4, day)
    total = csc.csc_cost_by_financial_year(sim, package_rates, base)
    by_type = csc.csc_cost_by_type_by_financial_year(sim, package_rates, base)
    assert by_type.shape == total.shape + (K,)
    assert np.all(by_type >= 0)
    assert np.max(np.abs(by_type.sum(axis=-1) - total)) <= 1e-9


def test_ledger_table_carries_one_line_per_placement_type(package_rates) -> None:
    from sefton_sim.data import load_council_data

    council = load_council_data(DATA)
    money = load_money_data(DATA)
    sim = csc.simulate_csc(package_rates, 60, 4, 11)
    total = csc.csc_cost_by_financial_year(sim, package_rates)
    by_type = csc.csc_cost_by_type_by_financial_year(sim, package_rates)
    children = np.broadcast_to(council.stock_base.sum(axis=(0, 1)), (4, total.shape[1], council.stock_base.shape[-1])).copy()
    asc = np.full(total.shape, money.demand_led_line("asc").demand_led_gbp_m)
    without = finance_ledgers(council, money, None, children, asc, total, np.random.default_rng(3))
    with_types = finance_ledgers(council, money, None, children, asc, total, np.random.default_rng(3), csc_package_cost_by_type_gbp_m=by_type)
    plain, table = ledger_table(without, "x"), ledger_table(with_types, "x")
    assert table.filter(pl.col("ledger") != SOCIAL_CARE_LEDGER).equals(plain)  # the other lines are unchanged
    lines = table.filter(pl.col("ledger") == SOCIAL_CARE_LEDGER)
    assert lines["line"].unique(maintain_order=True).to_list() == [f"{CSC_LINE_PREFIX}{t}" for t in PLACEMENT_TYPES]
    sums = lines.group_by("path", "financial_year").agg(pl.col("value_gbp_m").sum()).sort("path", "financial_year")
    assert np.max(np.abs(sums["value_gbp_m"].to_numpy() - total.reshape(-1))) <= 1e-9
    with pytest.raises(ValueError, match="add up"):
        finance_ledgers(council, money, None, children, asc, total, np.random.default_rng(3), csc_package_cost_by_type_gbp_m=by_type * 1.01)
