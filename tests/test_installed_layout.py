"""The package runs from any folder: shipped files by name, outputs under ./outputs, `init` copies."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import polars as pl
import pytest

from conftest import ROOT, run_cli

PACKAGE = ROOT / "src" / "sefton_sim"


def test_shipped_scenario_runs_by_name_from_an_empty_folder(tmp_path: Path):
    proc = run_cli("run", "baseline", "--paths", "12", "--horizon-years", "2", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "outputs" / "baseline"
    assert (out / "manifest.json").is_file()
    assert pl.read_parquet(out / "send_counts.parquet")["path"].n_unique() == 12
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outputs"], "a run writes nothing but ./outputs"


def test_unknown_scenario_name_lists_the_shipped_ones(tmp_path: Path):
    proc = run_cli("run", "no_such_scenario", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.count("error:") == 1
    assert "baseline" in proc.stderr and "faster_growth" in proc.stderr
    assert not (tmp_path / "outputs").exists()


def test_init_writes_an_editable_copy_that_runs(tmp_path: Path):
    proc = run_cli("init", "work", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    work = tmp_path / "work"
    shipped = {p.name for p in (PACKAGE / "shipped" / "scenarios").glob("*.toml")}
    assert {p.name for p in (work / "scenarios").glob("*.toml")} == shipped
    assert (work / "data" / "sefton" / "send_stock_base.csv").read_bytes() == (
        PACKAGE / "shipped" / "data" / "sefton" / "send_stock_base.csv"
    ).read_bytes()
    # an edit to the copy takes effect: the copied data folder is the one the copied scenario reads
    proc = run_cli("validate", str(work / "scenarios" / "baseline.toml"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert str((work / "data" / "sefton").resolve()) in proc.stdout.replace("\n", "")


def test_init_refuses_a_folder_with_files_and_changes_nothing(tmp_path: Path):
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("keep me")
    proc = run_cli("init", str(target), cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.count("error:") == 1 and "mine" in proc.stderr
    assert sorted(p.name for p in target.iterdir()) == ["notes.txt"]
    assert (target / "notes.txt").read_text() == "keep me"


def test_calibrate_writes_under_outputs_and_leaves_the_package_alone(tmp_path: Path):
    shipped = PACKAGE / "shipped" / "data" / "sefton" / "send_fitted_parameters.csv"
    before = shipped.read_bytes(), shipped.stat().st_mtime_ns
    proc = run_cli("calibrate", "--walkers", "20", "--steps", "2", "--burn-in", "0", "--thin", "2", "--map-evaluations", "0", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    written = tmp_path / "outputs" / "calibrate-sefton" / "send_fitted_parameters.csv"
    assert written.is_file()
    assert (shipped.read_bytes(), shipped.stat().st_mtime_ns) == before


def test_no_code_reaches_outside_the_package():
    """Shipped files are found through importlib.resources, never by climbing out of the package."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and node.value.attr == "parents":
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_compiled_kernels_cache_in_a_user_folder(tmp_path: Path):
    import os
    import subprocess

    env = {**os.environ, "SEFTON_SIM_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("NUMBA_CACHE_DIR", None)
    code = "import sefton_sim, numba, os; print(os.environ['NUMBA_CACHE_DIR']); print(numba.config.CACHE_DIR)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout.split()
    assert out[0] == out[1] and Path(out[0]).parent == tmp_path / "cache" / "numba"


def test_a_changed_compiled_in_helper_gets_a_fresh_cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """numba checks only a function's own file: a change to the casework rule (compiled into the
    SEND step from another file) must not leave the old machine code in use."""
    from sefton_sim import compile_cache

    package = tmp_path / "sefton_sim"
    for name in compile_cache.KERNEL_MODULES:
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(f"# {name}\n")
    monkeypatch.setattr(compile_cache, "__file__", str(package / "compile_cache.py"))
    before = compile_cache.kernel_source_digest()
    (package / "demand" / "capacity.py").write_text("# the casework rule, changed\n")
    assert compile_cache.kernel_source_digest() != before
    assert "demand/capacity.py" in compile_cache.KERNEL_MODULES and "model/states.py" in compile_cache.KERNEL_MODULES


@pytest.mark.slow
def test_first_run_says_it_is_compiling_and_later_runs_do_not(tmp_path: Path):
    import os
    import subprocess

    env = {**os.environ, "SEFTON_SIM_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("NUMBA_CACHE_DIR", None)
    cmd = [sys.executable, str(ROOT / "cli.py"), "run", "baseline", "--paths", "8", "--horizon-years", "1"]
    first = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr
    assert "Compiling the simulation's month steps" in first.stdout
    assert list((tmp_path / "cache" / "numba").glob("*/compiled-*.stamp"))
    second = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert second.returncode == 0, second.stderr
    assert "Compiling" not in second.stdout


@pytest.mark.slow
def test_month_steps_compile_in_a_process_of_their_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A first run's compiling (and report bundle) happens in a child process, so its memory is not the run's."""
    from sefton_sim.cli.compile_notice import compile_in_child_process
    from sefton_sim.cli.first_run import FIRST_RUN_STAGES
    from sefton_sim.compile_cache import kernels_compiled

    monkeypatch.setenv("NUMBA_CACHE_DIR", str(tmp_path / "numba"))
    monkeypatch.setenv("SEFTON_SIM_CACHE_DIR", str(tmp_path))
    assert not kernels_compiled()
    seen: list[tuple[int, str]] = []
    assert compile_in_child_process(lambda index, name: seen.append((index, name)))
    assert seen == list(enumerate(FIRST_RUN_STAGES))
    assert kernels_compiled()
    assert list((tmp_path / "numba").rglob("*.nbi")), "the child wrote the compiled code to the cache this process reads"
    assert list((tmp_path / "report").glob("vega-bundle-*.js")), "and the report's script bundle"


def test_a_child_that_cannot_compile_leaves_the_compiling_to_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """If the compiling process fails (here: no Python at that path), the caller is told so and compiles itself."""
    from sefton_sim.cli import compile_notice

    monkeypatch.setenv("NUMBA_CACHE_DIR", str(tmp_path / "numba"))
    monkeypatch.setattr(compile_notice.sys, "executable", str(tmp_path / "no_python_here"))
    assert compile_notice.compile_in_child_process() is False
