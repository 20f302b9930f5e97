"""SSDA903 data-quality rules: errors refuse the returns on one line, warnings land in data_quality.csv;
common export variations read to the same episodes and rates as the clean sample."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

from conftest import SHARED, run_cli
from sefton_sim.errors import BadInputError
from sefton_sim.social_care import estimate_csc_rates, read_ssda903
from sefton_sim.social_care.ssda903_quality import RULES, summary_lines

SAMPLE = SHARED / "peers" / "ssda903_sample"
needs_sample = pytest.mark.skipif(not SAMPLE.is_dir(), reason="SSDA903 sample not present")

COLUMNS = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
EPISODES = (
    COLUMNS + "1,01/05/2020,S,C2,N1,U4,PR1,01/09/2020,X1,,,,\n1,01/09/2020,P,C2,N1,K2,PR4,,,,,,\n2,03/06/2020,S,C2,N1,H5,PR4,10/10/2020,E8,,,,\n"
)
HEADER = "CHILD,SEX,DOB\n1,1,01/01/2008\n2,2,15/03/2004\n"


def _write(root: Path, episodes: str = EPISODES, header: str = HEADER, year: int = 2020) -> Path:
    folder = root / "returns" / str(year)
    folder.mkdir(parents=True)
    (folder / "episodes.csv").write_text(episodes)
    (folder / "header.csv").write_text(header)
    return root / "returns"


def _refused(folder: Path, rule: str) -> BadInputError:
    with pytest.raises(BadInputError) as info:
        read_ssda903(folder)
    message = str(info.value)
    assert "\n" not in message
    assert f"rule {rule}:" in message, message
    assert RULES[rule].severity == "error"
    return info.value


def _cli_refuses(folder: Path, out: Path, rule: str) -> str:
    proc = run_cli("calibrate-csc", str(folder), "--out", str(out))
    assert proc.returncode == 2, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and f"rule {rule}:" in lines[0], proc.stderr
    assert not out.exists()
    return lines[0]


def test_the_small_return_is_clean(tmp_path: Path) -> None:
    data = read_ssda903(_write(tmp_path))
    assert data.quality.height == 0 and data.quality.columns == ["rule", "severity", "child", "year", "detail"]


# --- errors: refused -----------------------------------------------------------------------------


def test_unknown_place_code_is_refused_by_the_cli(tmp_path: Path) -> None:
    line = _cli_refuses(_write(tmp_path, EPISODES.replace("K2,PR4", "ZZ9,PR4")), tmp_path / "out", "unknown_place_code")
    assert "episodes.csv: row 3.PLACE = 'ZZ9'" in line and "1 row in all" in line and "children 1" in line


def test_two_digit_year_is_refused_not_guessed_by_the_cli(tmp_path: Path) -> None:
    line = _cli_refuses(_write(tmp_path, EPISODES.replace("01/05/2020", "01/05/20")), tmp_path / "out", "two_digit_year")
    assert "row 2.DECOM = '01/05/20'" in line


def test_two_dates_of_birth_across_returns_are_refused_by_the_cli(tmp_path: Path) -> None:
    folder = _write(tmp_path)
    later = folder / "2021"
    later.mkdir()
    (later / "episodes.csv").write_text(COLUMNS + "1,01/09/2020,P,C2,N1,K2,PR4,,,,,,\n")
    (later / "header.csv").write_text("CHILD,SEX,DOB\n1,1,02/01/2008\n")
    line = _cli_refuses(folder, tmp_path / "out", "two_dobs")
    assert "2021/header.csv: row 2.DOB = '02/01/2008'" in line and "2020/header.csv row 2" in line


def test_bad_legal_status_is_refused(tmp_path: Path) -> None:
    error = _refused(_write(tmp_path, EPISODES.replace("S,C2,N1,U4", "S,Q7,N1,U4")), "unknown_ls_code")
    assert error.key == "row 2.LS" and error.value == "Q7"


def test_bad_reason_for_new_episode_is_refused(tmp_path: Path) -> None:
    error = _refused(_write(tmp_path, EPISODES.replace("P,C2,N1,K2", "Z,C2,N1,K2")), "unknown_rne_code")
    assert error.key == "row 3.RNE" and error.value == "Z"


@pytest.mark.parametrize(
    ("old", "new", "rule"),
    [("E8,", "E99,", "unknown_rec_code"), ("H5,PR4", "H5,PR9", "unknown_place_provider_code"), (",S,C2,N1,H5", ",,C2,N1,H5", "missing_value")],
)
def test_other_codes_are_refused(tmp_path: Path, old: str, new: str, rule: str) -> None:
    _refused(_write(tmp_path, EPISODES.replace(old, new)), rule)


def test_start_in_1900_is_refused(tmp_path: Path) -> None:
    error = _refused(_write(tmp_path, EPISODES.replace("03/06/2020", "03/06/1900")), "date_before_1990")
    assert error.key == "row 4.DECOM" and "other errors: dob_after_decom" in str(error)


def test_date_of_birth_after_the_start_is_refused(tmp_path: Path) -> None:
    error = _refused(_write(tmp_path, header=HEADER.replace("15/03/2004", "15/03/2021")), "dob_after_decom")
    assert "children 2;" in str(error)
    assert error.key == "row 4.DECOM"


def test_start_after_the_return_year_is_refused(tmp_path: Path) -> None:
    _refused(_write(tmp_path, EPISODES.replace("03/06/2020,S,C2,N1,H5,PR4,10/10/2020,E8", "03/06/2021,S,C2,N1,H5,PR4,,")), "date_after_return_year")


def test_end_after_the_latest_return_is_refused(tmp_path: Path) -> None:
    error = _refused(_write(tmp_path, EPISODES.replace("10/10/2020", "10/10/2022")), "dec_after_last_return")
    assert error.key == "row 4.DEC"


def test_conflicting_duplicate_is_refused(tmp_path: Path) -> None:
    error = _refused(_write(tmp_path, EPISODES + "1,01/09/2020,P,C2,N1,U5,PR4,,,,,,\n"), "conflicting_episode")
    assert error.key == "row 5.DECOM" and "also at row 3" in str(error)


def test_two_open_episodes_are_refused(tmp_path: Path) -> None:
    error = _refused(_write(tmp_path, EPISODES.replace("PR1,01/09/2020,X1", "PR1,,")), "two_open_episodes")
    assert error.key == "row 3.DEC"


def test_count_and_first_children_are_named(tmp_path: Path) -> None:
    rows = "".join(f"{c},01/05/2020,S,C2,N1,ZZ9,PR1,,,,,,\n" for c in range(10, 15))
    header = HEADER + "".join(f"{c},1,01/01/2010\n" for c in range(10, 15))
    error = _refused(_write(tmp_path, EPISODES + rows, header), "unknown_place_code")
    assert "5 rows in all, children 10, 11, 12 and 2 more" in str(error)


# --- warnings: kept and reported -----------------------------------------------------------------


def test_overlap_is_a_warning_and_the_earlier_episode_is_cut_back(tmp_path: Path) -> None:
    data = read_ssda903(_write(tmp_path, EPISODES + "2,01/08/2020,P,C2,N1,U5,PR1,01/09/2020,X1,,,,\n"))
    quality = data.quality
    assert quality["rule"].to_list() == ["overlapping_episodes"] and quality["severity"].to_list() == ["warning"]
    assert quality["child"].to_list() == ["2"] and quality["year"].to_list() == [2020]
    first = data.episodes.filter(pl.col("CHILD") == "2").sort("DECOM").row(0, named=True)
    assert first["care_end"].isoformat() == "2020-08-01"


def test_identical_duplicates_are_warnings_and_dropped(tmp_path: Path) -> None:
    data = read_ssda903(_write(tmp_path, EPISODES + "2,03/06/2020,S,C2,N1,H5,PR4,10/10/2020,E8,,,,\n", HEADER + "1,1,01/01/2008\n"))
    assert data.quality["rule"].to_list() == ["duplicate_episode", "duplicate_header_row"]
    assert data.episodes.height == 3


def test_an_episode_revised_in_a_later_return_is_a_warning(tmp_path: Path) -> None:
    folder = _write(tmp_path)
    later = folder / "2021"
    later.mkdir()
    (later / "episodes.csv").write_text(COLUMNS + "1,01/09/2020,P,C2,N1,K1,PR4,01/10/2021,E8,,,,\n")
    (later / "header.csv").write_text("CHILD,SEX,DOB\n1,1,01/01/2008\n")
    data = read_ssda903(folder)
    assert data.quality["rule"].to_list() == ["episode_revised"]
    assert "PLACE differs from the 2020 return" in data.quality["detail"][0]  # DEC filled in is a closure, not a revision
    kept = data.episodes.filter((pl.col("CHILD") == "1") & (pl.col("DECOM").dt.month() == 9)).row(0, named=True)
    assert kept["PLACE"] == "K1" and kept["return_year"] == 2021


@needs_sample
def test_sample_passes_with_its_warnings_and_a_duplicate_lands_in_data_quality(tmp_path: Path) -> None:
    """The sample has no errors; its warnings (3 DEC on the 1 April after a return, 5 returns with
    two open episodes for a child that the next return closes, 40 overlaps) and an injected
    identical row are written to data_quality.csv and printed one line per rule."""
    folder = tmp_path / "sample"
    shutil.copytree(SAMPLE, folder)
    path = folder / "2021" / "episodes.csv"
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(lines) + lines[1])
    proc = run_cli("calibrate-csc", str(folder), "--out", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    quality = pl.read_csv(tmp_path / "out" / "data_quality.csv", schema_overrides={"child": pl.String})
    counts = dict(quality.group_by("rule").len().iter_rows())
    assert counts == {"duplicate_episode": 1, "dec_after_return_year": 3, "two_open_episodes_in_return": 5, "overlapping_episodes": 40}
    assert set(quality["severity"]) == {"warning"}
    assert quality.filter(pl.col("rule") == "duplicate_episode")["child"].to_list() == [lines[1].split(",")[0]]
    warnings = [line for line in proc.stderr.splitlines() if line.startswith("warning: ")]
    assert [w.split(":")[1].strip() for w in warnings] == [
        "duplicate_episode",
        "dec_after_return_year",
        "two_open_episodes_in_return",
        "overlapping_episodes",
    ]
    assert warnings == summary_lines(quality)


# --- accepted variations -------------------------------------------------------------------------


def _vary(text: str, headers: bool = False, bom: bool = False, crlf: bool = False, with_time: bool = False, shuffle: bool = False) -> str:
    rows = [line.split(",") for line in text.splitlines()]
    if shuffle:
        order = list(range(len(rows[0])))[::-1]
        rows = [[row[i] for i in order] for row in rows]
    if headers:
        rows[0] = [f" {c.lower().replace('_', ' ')} " for c in rows[0]]
    if with_time:
        date_columns = [i for i, c in enumerate(rows[0]) if c.strip().upper() in ("DECOM", "DEC", "DOB")]
        rows = [rows[0]] + [[f"{v} 00:00" if i in date_columns and v else v for i, v in enumerate(row)] for row in rows[1:]]
    out = ("\r\n" if crlf else "\n").join(",".join(row) for row in rows) + ("\r\n" if crlf else "\n")
    return ("\ufeff" if bom else "") + out


@needs_sample
@pytest.mark.parametrize(
    "variation",
    [
        {"headers": True},
        {"bom": True},
        {"crlf": True},
        {"with_time": True},
        {"shuffle": True},
        {"headers": True, "bom": True, "crlf": True, "with_time": True, "shuffle": True},
    ],
    ids=lambda v: "+".join(v),
)
def test_export_variations_give_the_same_episodes_and_rates(tmp_path: Path, variation: dict[str, bool]) -> None:
    folder = tmp_path / "varied"
    for year in sorted(p for p in SAMPLE.iterdir() if p.is_dir()):
        (folder / year.name).mkdir(parents=True)
        for name in ("episodes.csv", "header.csv"):
            (folder / year.name / name).write_bytes(_vary((year / name).read_text(), **variation).encode("utf-8"))
    clean, varied = read_ssda903(SAMPLE), read_ssda903(folder)
    assert varied.episodes.equals(clean.episodes)
    assert varied.quality.equals(clean.quality)
    for window in (12, 36):
        assert estimate_csc_rates(varied, window_months=window).to_table().equals(estimate_csc_rates(clean, window_months=window).to_table())


def test_iso_dates_are_read_like_day_month_year(tmp_path: Path) -> None:
    iso = EPISODES.replace("01/05/2020", "2020-05-01").replace("10/10/2020", "2020-10-10T00:00:00")
    a = read_ssda903(_write(tmp_path / "a", iso, HEADER.replace("01/01/2008", "2008-01-01")))
    b = read_ssda903(_write(tmp_path / "b"))
    assert a.episodes.equals(b.episodes)
