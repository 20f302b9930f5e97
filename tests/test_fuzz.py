"""Fuzzing the CLI with mutated real inputs: it exits 0 with finite outputs or 2 with one ``error:``
line, never a traceback or a hang; it writes only inside its output folder and leaves no temporaries.

Three kinds of case, each drawn by hypothesis from the shipped inputs:

- a shipped scenario with 1-3 mutations (bad values at drawn key paths, numbers scaled by 0.5-2
  so that some cases run, whole-file damage), then ``run`` (or ``validate``);
- a copy of the Sefton data folder with 1-2 damaged or perturbed cells or tables, run through the
  baseline scenario (sometimes ``validate``, rarely ``optimise places``);
- a copy of the SSDA903 sample returns with 1-2 mutations, then ``calibrate-csc``.

The default suite runs a few deterministic examples of each; ``-m slow`` runs a longer fuzz,
sized by ``FUZZ_SCENARIO``, ``FUZZ_DATA`` and ``FUZZ_SSDA903`` (examples per kind) and seeded by
``FUZZ_SEED``. ``FUZZ_LOG=<file>`` appends one JSON line per case; ``FUZZ_KEEP_GOING=1`` collects
failures to the end instead of stopping (and shrinking) at the first.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from conftest import DATA, SCENARIOS, SHARED, SHIPPED
from fuzz_cases import (
    DATA_TEXT_MUTATIONS,
    SSDA903_ACCEPTED,
    SSDA903_CELL_MUTATIONS,
    SSDA903_FILE_MUTATIONS,
    SSDA903_FILES,
    SSDA903_FOLDER_MUTATIONS,
    SSDA903_ROW_MUTATIONS,
    TEXT_MUTATIONS,
    Case,
    CaseLog,
    Outcome,
    check_case,
    delete_path,
    leaf_key_paths,
    mutate_ssda903,
    non_finite_values,
    problems,
    scale_cell,
    scaled,
    schema_key_paths,
    shipped_digest,
    tree_digest,
)
from fuzz_helpers import (
    CELL_MUTATIONS,
    FILE_MUTATIONS,
    NUMERIC_COLUMNS,
    TABLE_MUTATIONS,
    VALUE_MUTATIONS,
    corrupt_file,
    get_path,
    read_rows,
    set_path,
    shipped_scenario_dict,
    write_rows,
    write_scenario,
)

SSDA903_SAMPLE = SHARED / "peers" / "ssda903_sample"
SCENARIO_FILES = sorted(SCENARIOS.glob("*.toml"))
RUN_ARGS = ["--paths", "4", "--horizon-years", "1"]


def _data_folder_of(path: Path) -> Path:
    return SHIPPED / "data" / ("wirral" if path.stem.startswith("wirral") else "sefton")


SHIPPED_DICTS = {p.stem: shipped_scenario_dict(p, _data_folder_of(p)) for p in SCENARIO_FILES}
DATA_TABLES = sorted(p.name for p in DATA.glob("*.csv"))
DATA_HEADERS = {name: read_rows(DATA / name)[0] for name in DATA_TABLES}


def _key_paths(name: str) -> list[str]:
    from sefton_sim.scenario import Scenario

    return sorted(set(leaf_key_paths(SHIPPED_DICTS[name])) | set(schema_key_paths(Scenario)) | {"finance.not_a_setting", "not_a_table"})


KEY_PATHS = {name: _key_paths(name) for name in SHIPPED_DICTS}
DATA_FOLDER_CHOICES = ("relative_shipped", "scenario_folder", "root", "the_scenario_file", "wirral", "missing", "data_copy_of_nothing")
EXTENDS_CHOICES = ("baseline", "faster_growth", "mutated", "no_such_scenario", "../baseline", "wirral_baseline", "")

# ----------------------------------------------------------------------------- profiles


def _fast(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
    )


def _slow(kind: str, default: int) -> Any:
    examples = int(os.environ.get(f"FUZZ_{kind.upper()}", default))
    chosen = settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
    )
    fixed = seed(int(os.environ.get("FUZZ_SEED", "20240401")))
    return lambda test: fixed(chosen(test))


@pytest.fixture(scope="module")
def shipped_untouched() -> Iterator[None]:
    """Nothing is ever written into the package's shipped folder."""
    before = shipped_digest(SHIPPED)
    yield
    assert shipped_digest(SHIPPED) == before


def _case_folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="fuzz-"))


# ----------------------------------------------------------------------------- scenario cases


@st.composite
def scenario_plans(draw: st.DrawFn) -> dict[str, Any]:
    name = draw(st.sampled_from(sorted(SHIPPED_DICTS)))
    mutations: list[tuple[Any, ...]] = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["value", "value", "text", "scale", "scale", "scale", "delete", "special", "file"]))
        if kind == "file":
            mutations.append(("file", draw(st.sampled_from(sorted(FILE_MUTATIONS)))))
        elif kind == "special":
            key = draw(st.sampled_from(["data_folder", "extends", "name"]))
            choices = {"data_folder": DATA_FOLDER_CHOICES, "extends": EXTENDS_CHOICES, "name": ("baseline", "mutated", "outputs", "..", "nul")}[key]
            mutations.append(("special", key, draw(st.sampled_from(choices))))
        else:
            key = draw(st.sampled_from(KEY_PATHS[name]))
            if kind == "value":
                mutations.append(("value", key, draw(st.sampled_from(sorted(VALUE_MUTATIONS)))))
            elif kind == "text":
                mutations.append(("text", key, draw(st.sampled_from(sorted(TEXT_MUTATIONS)))))
            elif kind == "scale":
                mutations.append(("scale", key, draw(st.floats(0.5, 2.0))))
            else:
                mutations.append(("delete", key))
    command = draw(st.sampled_from(["run"] * 5 + ["validate"]))
    return {"scenario": name, "mutations": mutations, "command": command}


def _special(key: str, choice: str, folder: Path) -> Any:
    if key == "data_folder":
        return {
            "relative_shipped": "../data/sefton",
            "scenario_folder": ".",
            "root": "/",
            "the_scenario_file": "mutated.toml",
            "wirral": (SHIPPED / "data" / "wirral").as_posix(),
            "missing": (folder / "nowhere").as_posix(),
            "data_copy_of_nothing": (folder / "empty_data").as_posix(),
        }[choice]
    if key == "name" and choice == "nul":
        return "a\x00b"
    return choice


def _apply_scenario_plan(plan: dict[str, Any], folder: Path) -> Path:
    data = SHIPPED_DICTS[plan["scenario"]]
    (folder / "empty_data").mkdir()
    files = []
    for mutation in plan["mutations"]:
        kind = mutation[0]
        try:
            if kind == "value":
                from fuzz_helpers import mutate_value

                data = mutate_value(data, mutation[1], mutation[2])
            elif kind == "text":
                try:
                    old = get_path(data, mutation[1])
                except (KeyError, IndexError, TypeError, ValueError):
                    old = ""
                data = set_path(data, mutation[1], TEXT_MUTATIONS[mutation[2]](old))
            elif kind == "scale":
                try:
                    data = set_path(data, mutation[1], scaled(get_path(data, mutation[1]), mutation[2]))
                except (KeyError, IndexError, TypeError, ValueError):
                    pass  # a key the scenario does not have: nothing to scale
            elif kind == "delete":
                data = delete_path(data, mutation[1])
            elif kind == "special":
                data = set_path(data, mutation[1], _special(mutation[1], mutation[2], folder))
            else:
                files.append(mutation[1])
        except (KeyError, IndexError, TypeError, ValueError, AttributeError):
            continue  # the path runs through a value that is not a table (after an earlier mutation)
    path = write_scenario(folder, data)
    for name in files:
        try:
            corrupt_file(path, name)
        except UnicodeDecodeError:
            continue  # deep nesting needs text: the file is already not UTF-8
    return path


def _scenario_case(plan: dict[str, Any], log: CaseLog) -> None:
    folder = _case_folder()
    try:
        path = _apply_scenario_plan(plan, folder)
        out = folder / "out"
        argv = ["validate", str(path)] if plan["command"] == "validate" else ["run", str(path), *RUN_ARGS, "--out", str(out)]
        case = Case(folder, argv, out if plan["command"] == "run" else None, note={"plan": plan})
        _, found = check_case(case, subprocess_too=log.next_is_sampled())
        log.record(case, found)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


SCENARIO_LOG = CaseLog("scenario")


@_fast(8)
@given(plan=scenario_plans())
def test_fuzz_scenarios(shipped_untouched: None, plan: dict[str, Any]) -> None:
    _scenario_case(plan, SCENARIO_LOG)


# ----------------------------------------------------------------------------- data-folder cases


@st.composite
def data_plans(draw: st.DrawFn) -> dict[str, Any]:
    mutations: list[tuple[Any, ...]] = []
    for _ in range(draw(st.integers(1, 2))):
        kind = draw(st.sampled_from(["cell", "cell", "text", "table", "scale", "scale", "scale"]))
        row = draw(st.floats(0.0, 1.0, exclude_max=True))
        if kind in ("cell", "scale"):
            table = draw(st.sampled_from(sorted(NUMERIC_COLUMNS)))
            column = draw(st.sampled_from(NUMERIC_COLUMNS[table]))
            change = draw(st.sampled_from(sorted(CELL_MUTATIONS))) if kind == "cell" else draw(st.floats(0.5, 2.0))
            mutations.append((kind, table, column, change, row))
        elif kind == "text":
            table = draw(st.sampled_from(DATA_TABLES))
            mutations.append(("text", table, draw(st.sampled_from(DATA_HEADERS[table])), draw(st.sampled_from(sorted(DATA_TEXT_MUTATIONS))), row))
        else:
            table = draw(st.sampled_from(DATA_TABLES))
            mutations.append(("table", table, draw(st.sampled_from(sorted(TABLE_MUTATIONS))), draw(st.sampled_from(DATA_HEADERS[table]))))
    command = draw(st.sampled_from(["run"] * 12 + ["validate"] * 3 + ["optimise"]))
    return {"mutations": mutations, "command": command}


def _apply_data_plan(plan: dict[str, Any], data: Path) -> list[str]:
    done = []
    for mutation in plan["mutations"]:
        kind, table = mutation[0], mutation[1]
        path = data / table
        if not path.is_file() or path.is_symlink():
            done.append(f"skipped {mutation}: table gone")
            continue
        if kind == "table":
            TABLE_MUTATIONS[mutation[2]](path, mutation[3])
            done.append(f"{mutation[2]} {table}")
            continue
        try:
            header, rows = read_rows(path)
        except Exception:  # noqa: BLE001 - an earlier mutation made it unreadable (bytes, NUL, no header)
            done.append(f"skipped {mutation}: table unreadable")
            continue
        if not rows or mutation[2] not in header:
            done.append(f"skipped {mutation}: no row or column")
            continue
        index, row = header.index(mutation[2]), min(int(mutation[4] * len(rows)), len(rows) - 1)
        if index >= len(rows[row]):
            continue
        old = rows[row][index]
        if kind == "cell":
            rows[row][index] = CELL_MUTATIONS[mutation[3]](old)
        elif kind == "scale":
            rows[row][index] = scale_cell(old, mutation[3])
        else:
            rows[row][index] = DATA_TEXT_MUTATIONS[mutation[3]](old)
        write_rows(path, header, rows)
        done.append(f"{kind} {table} {mutation[2]} row {row}: {old[:40]!r} -> {rows[row][index][:40]!r}")
    return done


def _data_case(plan: dict[str, Any], log: CaseLog) -> None:
    folder = _case_folder()
    try:
        data = folder / "data"
        shutil.copytree(DATA, data)
        plan = {**plan, "done": _apply_data_plan(plan, data)}
        path = write_scenario(folder / "scen", shipped_scenario_dict(SCENARIOS / "baseline.toml", data), "baseline.toml")
        out = folder / "out"
        if plan["command"] == "validate":
            case = Case(folder, ["validate", str(path)], None, note={"plan": plan})
        elif plan["command"] == "optimise":
            argv = ["optimise", "places", str(path), "--scenarios", "3", "--oos-paths", "5", "--out", str(out)]
            case = Case(folder, argv, out, exit_codes=frozenset({0, 2, 3}), note={"plan": plan})
        else:
            case = Case(folder, ["run", str(path), *RUN_ARGS, "--out", str(out)], out, note={"plan": plan})
        _, found = check_case(case, subprocess_too=log.next_is_sampled())
        log.record(case, found)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


DATA_LOG = CaseLog("data")
OPTIMISE_EXAMPLE = {"mutations": [("scale", "send_candidate_projects.csv", "capital_cost_gbp", 1.5, 0.0)], "command": "optimise"}


@_fast(5)
@given(plan=data_plans())
def test_fuzz_data_folder(shipped_untouched: None, plan: dict[str, Any]) -> None:
    _data_case(plan, DATA_LOG)


def test_fuzz_optimise_places_once(shipped_untouched: None) -> None:
    _data_case(OPTIMISE_EXAMPLE, DATA_LOG)


# ----------------------------------------------------------------------------- SSDA903 cases

needs_sample = pytest.mark.skipif(not SSDA903_SAMPLE.is_dir(), reason="SSDA903 sample not present")
FRACTION = st.floats(0.0, 1.0, exclude_max=True)


@st.composite
def ssda903_plans(draw: st.DrawFn) -> dict[str, Any]:
    mutations: list[tuple[Any, ...]] = []
    for _ in range(draw(st.integers(1, 2))):
        kind = draw(st.sampled_from(["cell", "cell", "cell", "row", "file", "file", "accepted", "folder"]))
        file_name = draw(st.sampled_from(SSDA903_FILES))
        year = draw(FRACTION)
        if kind == "cell":
            mutations.append(("cell", file_name, year, draw(FRACTION), draw(FRACTION), draw(st.sampled_from(sorted(SSDA903_CELL_MUTATIONS)))))
        elif kind == "row":
            mutations.append(("row", file_name, year, draw(FRACTION), draw(st.sampled_from(SSDA903_ROW_MUTATIONS))))
        elif kind in ("file", "accepted"):
            names = sorted(SSDA903_ACCEPTED & set(SSDA903_FILE_MUTATIONS)) if kind == "accepted" else SSDA903_FILE_MUTATIONS
            mutations.append(("file", file_name, year, draw(st.sampled_from(names)), draw(FRACTION)))
        else:
            mutations.append(("folder", draw(st.sampled_from(SSDA903_FOLDER_MUTATIONS)), year))
    return {"mutations": mutations}


def _accepted_only(mutations: list[tuple[Any, ...]]) -> bool:
    """Only export variations that must read like the clean returns (BOM, CRLF, header case, column order)."""
    return all(m[0] == "file" and m[3] in SSDA903_ACCEPTED for m in mutations)


def _ssda903_case(plan: dict[str, Any], log: CaseLog) -> None:
    folder = _case_folder()
    try:
        returns = folder / "returns"
        shutil.copytree(SSDA903_SAMPLE, returns)
        plan = {**plan, "done": [mutate_ssda903(returns, m) for m in plan["mutations"]]}
        out = folder / "out"
        case = Case(
            folder, ["calibrate-csc", str(returns), "--out", str(out)], out, must_succeed=_accepted_only(plan["mutations"]), note={"plan": plan}
        )
        _, found = check_case(case, subprocess_too=log.next_is_sampled())
        log.record(case, found)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


SSDA903_LOG = CaseLog("ssda903")


@needs_sample
@_fast(4)
@given(plan=ssda903_plans())
def test_fuzz_ssda903(shipped_untouched: None, plan: dict[str, Any]) -> None:
    _ssda903_case(plan, SSDA903_LOG)


# ----------------------------------------------------------------------------- the checks themselves


def test_the_finite_check_finds_nan_and_inf_in_parquet_csv_and_json(tmp_path: Path) -> None:
    import polars as pl

    pl.DataFrame({"a": [1.0, float("nan")], "b": [[1.0, float("inf")], [2.0]], "s": ["x", "y"]}).write_parquet(tmp_path / "t.parquet")
    (tmp_path / "t.csv").write_text("name,value\nx,1\ny,-inf\nz,1e999\n")
    (tmp_path / "manifest.json").write_text('{"x": NaN}')
    found = non_finite_values(tmp_path)
    assert any("t.parquet: column a" in f for f in found) and any("t.parquet: column b" in f for f in found)
    assert any("t.csv: column value: 2 non-finite" in f for f in found) and any("manifest.json" in f for f in found)
    assert not any("column s" in f or "column name" in f for f in found)


def test_the_case_check_finds_each_broken_promise(tmp_path: Path) -> None:
    (tmp_path / "input.toml").write_text("name = 'x'")
    out = tmp_path / "out"
    case = Case(tmp_path, ["run", "input.toml", "--out", str(out)], out)
    before = tree_digest(tmp_path, (out,))
    fine = Outcome(2, "", "error: input.toml: name = 'x': expected y\n", 0.1)
    assert problems(case, fine, before, tree_digest(tmp_path, (out,))) == []
    (tmp_path / "input.toml").write_text("name = 'y'")
    (tmp_path / ".out.tmp-1234").mkdir()
    out.mkdir()
    found = problems(case, Outcome(2, "", "Traceback (most recent call last):\nerror: a\nerror: b\n", 0.1), before, tree_digest(tmp_path, (out,)))
    for needle in (
        "traceback printed",
        "2 error lines",
        "output folder left",
        "changed outside the output folder: input.toml",
        "temporary left: .out.tmp-1234",
    ):
        assert any(needle in f for f in found), (needle, found)
    assert any("exit code 1" in f for f in problems(case, Outcome(1, "", "error: unexpected", 0.1), before, before))
    assert any("without an output folder" in f for f in problems(case, Outcome(0, "", "", 0.1), before, before))
    (out / "manifest.json").write_text('{"gap": Infinity}')
    assert any("non-finite output: manifest.json" in f for f in problems(case, Outcome(0, "", "", 0.1), before, before))
    assert problems(case, Outcome(None, "", "", 31.0), before, before)[0].startswith("hang")


# ----------------------------------------------------------------------------- the long fuzz


@_slow("scenario", 300)
@given(plan=scenario_plans())
def _slow_scenarios(plan: dict[str, Any]) -> None:
    _scenario_case(plan, SLOW_LOGS["scenario"])


@_slow("data", 100)
@given(plan=data_plans())
def _slow_data(plan: dict[str, Any]) -> None:
    _data_case(plan, SLOW_LOGS["data"])


@_slow("ssda903", 60)
@given(plan=ssda903_plans())
def _slow_ssda903(plan: dict[str, Any]) -> None:
    _ssda903_case(plan, SLOW_LOGS["ssda903"])


SLOW_LOGS = {"scenario": CaseLog("scenario"), "data": CaseLog("data"), "ssda903": CaseLog("ssda903")}


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["scenario", "data", pytest.param("ssda903", marks=needs_sample)])
def test_fuzz_long(shipped_untouched: None, kind: str) -> None:
    """The long fuzz of one kind (with ``FUZZ_KEEP_GOING=1`` every failure is collected, then reported)."""
    {"scenario": _slow_scenarios, "data": _slow_data, "ssda903": _slow_ssda903}[kind]()
    log = SLOW_LOGS[kind]
    assert log.count > 0
    assert not log.problems, "\n".join(log.problems[:20])
