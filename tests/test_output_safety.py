"""Output folders are safe by construction: only our own kind is ever replaced, checked before any
work; one error path in the CLI; interrupts leave the previous output; stale temporaries cleaned."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import ROOT, SCENARIOS, run_cli
from sefton_sim.errors import BadInputError
from sefton_sim.outputs import folders as fo

DATA = ROOT / "src" / "sefton_sim" / "shipped" / "data" / "sefton"


def _one_error_line(proc: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: ") and "Traceback" not in proc.stderr
    return lines[0]


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _ours(folder: Path, kind: str = "run") -> Path:
    folder.mkdir(parents=True)
    fo.write_manifest(folder, {"files": ["manifest.json"]}, kind)
    return folder


# --- check_output_folder ---------------------------------------------------------------------


def test_new_folder_and_empty_folder_and_our_own_kind_are_accepted(tmp_path):
    assert fo.check_output_folder(tmp_path / "new" / "deeper", "run") == (tmp_path / "new" / "deeper").resolve()
    assert not (tmp_path / "new").exists()  # checking creates nothing
    (tmp_path / "empty").mkdir()
    assert fo.check_output_folder(tmp_path / "empty", "run") == (tmp_path / "empty").resolve()
    ours = _ours(tmp_path / "ours", "run")
    assert fo.check_output_folder(ours, "run") == ours.resolve()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # the write probe is gone


def _foreign(tmp_path: Path) -> Path:
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "letter.txt").write_text("dear council")
    return folder


def _not_our_manifest(tmp_path: Path) -> Path:
    folder = tmp_path / "other_tool"
    folder.mkdir()
    (folder / "manifest.json").write_text(json.dumps({"package": "someone-else", "output_kind": "run"}))
    return folder


def _other_kind(tmp_path: Path) -> Path:
    return _ours(tmp_path / "a_sweep", "sweep")


def _a_file(tmp_path: Path) -> Path:
    path = tmp_path / "somefile"
    path.write_text("x")
    return path


def _under_a_file(tmp_path: Path) -> Path:
    return _a_file(tmp_path) / "x"


def _symlink_to_ours(tmp_path: Path) -> Path:
    link = tmp_path / "link"
    link.symlink_to(_ours(tmp_path / "ours", "run"))
    return link


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (_foreign, "not an output folder"),
        (_not_our_manifest, "not an output folder"),
        (_other_kind, "`sweep` output"),
        (_a_file, "not a directory"),
        (_under_a_file, "not a directory"),
        (_symlink_to_ours, "symlink"),
        (lambda tmp: Path("/dev/null"), "not a directory"),
        (lambda tmp: Path("/proc/sefton-x"), "can be written"),
        (lambda tmp: Path("/"), "below the root"),
        (lambda tmp: tmp.parent, "hold the current folder"),
        (lambda tmp: tmp / ("n" * 300), "at most 200 characters"),
        (lambda tmp: ROOT / "src" / "sefton_sim" / "shipped" / "x", "outside the installed package"),
    ],
)
def test_refused_targets_are_left_untouched(make, words, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    target = make(tmp_path)
    before = _tree(tmp_path)
    with pytest.raises(BadInputError) as info:
        fo.check_output_folder(target, "run")
    assert words in str(info.value) and "\n" not in str(info.value)
    with pytest.raises(BadInputError):
        with fo.atomic_folder(target, "run") as tmp:
            (tmp / "x").write_text("never")
    assert _tree(tmp_path) == before
    assert not any(p.name.startswith((f".{target.name}.tmp-", f".{target.name}.old-")) for p in tmp_path.iterdir())


def test_a_default_folder_must_stay_inside_outputs(tmp_path, monkeypatch):
    from sefton_sim.cli.common import output_folder

    monkeypatch.chdir(tmp_path)
    assert output_folder(None, "baseline", "run") == (tmp_path / "outputs" / "baseline").resolve()
    for name in ("..", "", ".", "../../x", "a/b"):
        with pytest.raises(BadInputError):
            output_folder(None, name, "run")


# --- atomic_folder ---------------------------------------------------------------------------


def test_atomic_folder_writes_a_manifest_and_replaces_only_its_own_kind(tmp_path):
    final = tmp_path / "out"
    with fo.atomic_folder(final, "calibrate-csc") as tmp:
        (tmp / "rates.csv").write_text("a\n1\n")
        assert (tmp / fo.TEMP_MARKER).is_file()
    manifest = json.loads((final / "manifest.json").read_text())
    assert manifest["package"] == "sefton-sim" and manifest["output_kind"] == "calibrate-csc"
    assert manifest["files"] == ["manifest.json", "rates.csv"]
    assert not (final / fo.TEMP_MARKER).exists()
    with fo.atomic_folder(final, "calibrate-csc") as tmp:
        (tmp / "rates.csv").write_text("a\n2\n")
    assert (final / "rates.csv").read_text() == "a\n2\n"
    with pytest.raises(BadInputError, match="calibrate-csc"):
        with fo.atomic_folder(final, "run"):
            pass
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_failure_inside_leaves_the_previous_output_and_no_temporary(tmp_path):
    final = tmp_path / "out"
    with fo.atomic_folder(final, "run") as tmp:
        (tmp / "a.txt").write_text("first")
    before = _tree(final)
    for error in (RuntimeError("boom"), KeyboardInterrupt()):
        with pytest.raises(type(error)):
            with fo.atomic_folder(final, "run") as tmp:
                (tmp / "a.txt").write_text("second")
                raise error
        assert _tree(final) == before
        assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_an_os_error_while_writing_becomes_one_line_naming_the_path(tmp_path):
    final = tmp_path / "out"
    with pytest.raises(BadInputError) as info:
        with fo.atomic_folder(final, "run") as tmp:
            raise OSError(28, "No space left on device", str(tmp / "send_counts.parquet"))
    text = str(info.value)
    assert str(final) in text and "No space left on device" in text and "\n" not in text
    assert list(tmp_path.iterdir()) == []


def test_the_folder_changed_while_the_command_ran_is_not_replaced(tmp_path):
    final = tmp_path / "out"
    with pytest.raises(BadInputError, match="changed while"):
        with fo.atomic_folder(final, "run"):
            final.mkdir()
            (final / "someone_elses.txt").write_text("keep me")
    assert (final / "someone_elses.txt").read_text() == "keep me"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


# --- stale temporaries -----------------------------------------------------------------------


def _aged(path: Path, days: float = 2) -> Path:
    then = time.time() - days * 86400
    os.utime(path, (then, then))
    return path


def test_only_our_stale_temporaries_are_cleaned(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()

    def temporary(name: str, pid: int, days: float) -> Path:
        folder = tmp_path / name
        folder.mkdir()
        (folder / fo.TEMP_MARKER).write_text(json.dumps({"package": "sefton-sim", "pid": pid, "host": socket.gethostname(), "started": 0}))
        (folder / "part.parquet").write_bytes(b"half")
        return _aged(folder, days)

    stale = temporary(".baseline.tmp-abcd1234", dead.pid, 2)
    young = temporary(".baseline.tmp-young123", dead.pid, 0.1)
    alive = temporary(".baseline.tmp-alive123", os.getpid(), 2)
    old_output = _aged(_ours(tmp_path / ".baseline.old-efgh5678", "run"))
    foreign = tmp_path / ".baseline.tmp-notours1"
    foreign.mkdir()
    (foreign / "thesis.docx").write_text("mine")
    _aged(foreign)
    lookalike = tmp_path / ".cache"  # not our name pattern, even with our marker
    lookalike.mkdir()
    (lookalike / fo.TEMP_MARKER).write_text("{}")
    _aged(lookalike)
    a_file = tmp_path / ".notes.tmp-abcdefgh"
    a_file.write_text("a file, not a folder")
    _aged(a_file)

    with fo.atomic_folder(tmp_path / "baseline", "run") as tmp:
        (tmp / "x").write_text("1")
    left = {p.name for p in tmp_path.iterdir()}
    assert stale.name not in left and old_output.name not in left
    assert {young.name, alive.name, foreign.name, lookalike.name, a_file.name, "baseline"} == left


# --- the CLI ---------------------------------------------------------------------------------


def _scenario(tmp_path: Path, name: str) -> Path:
    path = tmp_path / "s.toml"
    path.write_text(f'name = "{name}"\ndata_folder = "{DATA.as_posix()}"\npaths = 5\nhorizon_years = 1\n')
    return path


@pytest.mark.parametrize("name", ["..", "", ".", "../../x", "Baseline", "a b", "x" * 65])
def test_scenario_names_that_would_escape_outputs_are_refused(name, tmp_path):
    from sefton_sim.scenario.load import validate_scenario_dict

    with pytest.raises(BadInputError, match="name"):
        validate_scenario_dict({"name": name}, "s.toml")


def test_a_200000_character_name_is_refused_without_reading_it_through(tmp_path):
    from sefton_sim.scenario.load import validate_scenario_dict

    with pytest.raises(BadInputError, match="at most 64 characters") as info:
        validate_scenario_dict({"name": "a" * 200_000}, "s.toml")
    assert len(str(info.value)) < 300


def test_every_shipped_scenario_and_sweep_name_is_a_slug():
    import tomllib

    from sefton_sim.scenario.load import load_scenario
    from sefton_sim.studies.sweep import load_sweep

    for path in sorted(SCENARIOS.glob("*.toml")):
        scenario, _ = load_scenario(path)
        assert scenario.name == path.stem
    for path in sorted((SCENARIOS / "sweeps").glob("*.toml")):
        assert load_sweep(path).name == tomllib.loads(path.read_text())["name"]


def test_cli_refuses_a_dot_dot_name_before_simulating_and_outputs_survive(tmp_path):
    earlier = _ours(tmp_path / "outputs" / "earlier", "run")
    scenario = _scenario(tmp_path, "..")
    before = _tree(tmp_path)
    proc = run_cli("run", str(scenario), cwd=tmp_path)
    assert proc.returncode == 2
    assert "name" in _one_error_line(proc)
    assert _tree(tmp_path) == before and earlier.is_dir()


@pytest.mark.parametrize("target", ["documents", "somefile/x", "/dev/null"])  # the other refusals: test_refused_targets_...
def test_cli_refuses_out_paths_that_are_not_ours(target, tmp_path):
    _foreign(tmp_path)
    _a_file(tmp_path)
    (tmp_path / "link").symlink_to(tmp_path / "documents")
    before = _tree(tmp_path)
    proc = run_cli("run", "baseline", "--paths", "5", "--horizon-years", "1", "--out", target, cwd=tmp_path)
    assert proc.returncode == 2
    line = _one_error_line(proc)
    assert "--out" in line and line.startswith(f"error: {os.path.abspath(tmp_path / target)}: ")
    assert _tree(tmp_path) == before


def test_cli_writes_into_an_empty_folder_and_another_command_will_not_replace_it(tmp_path):
    (tmp_path / "empty").mkdir()
    proc = run_cli("run", "baseline", "--paths", "3", "--horizon-years", "1", "--format", "csv", "--out", "empty", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads((tmp_path / "empty" / "manifest.json").read_text())["output_kind"] == "run"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty"]
    before = _tree(tmp_path)
    proc = run_cli("calibrate", "--out", "empty", cwd=tmp_path)
    assert proc.returncode == 2 and "`run` output" in _one_error_line(proc)
    assert _tree(tmp_path) == before


@pytest.mark.parametrize("address", ["http://127.0.0.1:1", "file:///etc", "127.0.0.1:8786", "inproc://x"])
def test_scheduler_addresses_other_than_tcp_or_tls_are_refused(address):
    from sefton_sim.simulate.executors import make_executor

    with pytest.raises(BadInputError, match="tcp://host:port"):
        make_executor("dask", None, address)


def test_cli_unreachable_scheduler_fails_in_one_line(tmp_path):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = run_cli("run", "baseline", "--paths", "5", "--executor", "dask", "--scheduler", f"tcp://127.0.0.1:{port}", "--out", "o", cwd=tmp_path)
    assert proc.returncode == 2 and "5 s" in _one_error_line(proc)
    assert not (tmp_path / "o").exists()


def test_a_server_that_is_not_a_dask_scheduler_is_refused():
    pytest.importorskip("dask.distributed")
    from sefton_sim.simulate.executors import DaskExecutor

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()

    def answer_garbage() -> None:
        conn, _ = server.accept()
        conn.sendall(b"\xff" * 64)
        time.sleep(6)
        conn.close()

    threading.Thread(target=answer_garbage, daemon=True).start()
    with pytest.raises(BadInputError, match="--scheduler"):
        DaskExecutor(f"tcp://127.0.0.1:{server.getsockname()[1]}")
    server.close()


def test_help_says_a_scheduler_runs_our_code():
    for command in ("run", "sweep"):
        text = " ".join(run_cli(command, "--help").stdout.split())
        assert "trust" in text and "tcp://" in text


# --- interrupts ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def previous_run(tmp_path_factory) -> Path:
    """X: a folder holding an earlier run."""
    out = tmp_path_factory.mktemp("interrupts") / "X"
    proc = run_cli("run", "baseline", "--paths", "20", "--horizon-years", "1", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    return out


def _interrupt_cases(out: Path, cases: int, sig: int = signal.SIGINT, seed: int = 0, paths: int = 2000) -> list[tuple[float, int]]:
    """Start ``run baseline --paths N --out X``, signal it after 0.2-6 s; the previous X must survive whole."""
    rng = random.Random(seed)
    seen = []
    for _ in range(cases):
        before = hashlib.sha256((out / "manifest.json").read_bytes()).hexdigest()
        delay = rng.uniform(0.2, 6)
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "cli.py"), "run", "baseline", "--paths", str(paths), "--out", str(out)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(delay)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=600)
        after = hashlib.sha256((out / "manifest.json").read_bytes()).hexdigest()
        # 143 for SIGTERM; -15 (a shell shows 143 too) if it came before the command line had loaded
        interrupted = (143, -15) if sig == signal.SIGTERM else (130,)
        assert proc.returncode in (*interrupted, 0), err
        if proc.returncode in interrupted:
            assert after == before
            assert err.strip() == ("interrupted" if proc.returncode > 0 else "")
        assert not [p.name for p in out.parent.iterdir() if p.name.startswith((".X.tmp-", ".X.old-"))]
        seen.append((delay, proc.returncode))
    return seen


def test_sigint_during_a_run_exits_130_and_keeps_the_previous_output(previous_run):
    seen = _interrupt_cases(previous_run, 3, seed=3)
    assert any(code == 130 for _, code in seen)


def test_sigterm_during_a_run_exits_143_and_keeps_the_previous_output(previous_run):
    _interrupt_cases(previous_run, 1, signal.SIGTERM, seed=2)


@pytest.mark.slow
def test_twenty_sigints_at_random_moments(previous_run):
    """A run long enough (20,000 paths) that every signal lands while it is working: all exit 130."""
    seen = _interrupt_cases(previous_run, 20, seed=20, paths=20_000)
    print(seen)
    assert [code for _, code in seen] == [130] * 20


# --- sweeps record their inputs --------------------------------------------------------------


def _tiny_sweep(tmp_path: Path, data: Path) -> Path:
    base = tmp_path / "base.toml"
    base.write_text(f'name = "base"\ndata_folder = "{data.as_posix()}"\n')
    sweep = tmp_path / "sweep.toml"
    sweep.write_text('name = "tiny"\nbase = "base.toml"\npaths = 1100\nseed = 3\nhorizon_years = 1\n')
    return sweep


def test_resuming_a_sweep_after_an_input_changed_is_refused_naming_it(tmp_path, data_copy):
    import polars as pl

    from sefton_sim.simulate.executors import make_executor
    from sefton_sim.studies.sweep import FRAGMENT_INPUTS_KEY, run_sweep

    sweep = _tiny_sweep(tmp_path, data_copy)
    out = tmp_path / "out"
    first = run_sweep(sweep, out, make_executor("serial"), stop_after=1)
    assert not first.complete and first.ran == 1
    fragment = next((out / "fragments").rglob("*.parquet"))
    assert len(pl.read_parquet_metadata(fragment)[FRAGMENT_INPUTS_KEY]) == 64
    recorded = json.loads((out / "sweep.json").read_text())["input_hashes_sha256"]
    assert str((data_copy / "send_parameters.csv").resolve()) in recorded and str((tmp_path / "base.toml").resolve()) in recorded

    table = data_copy / "send_parameters.csv"
    original = table.read_text()
    table.write_text(original + "\n")
    with pytest.raises(BadInputError) as info:
        run_sweep(sweep, out, make_executor("serial"))
    assert "send_parameters.csv" in str(info.value) and "changed" in str(info.value)
    table.write_text(original)

    base = tmp_path / "base.toml"
    base.write_text(base.read_text() + "# a note\n")
    proc = run_cli("sweep", str(sweep), "--out", str(out))
    assert proc.returncode == 2 and "base.toml" in _one_error_line(proc)
    base.write_text(base.read_text().replace("# a note\n", ""))

    done = run_sweep(sweep, out, make_executor("serial"))
    assert done.complete and done.already_done == 1


def test_a_fragment_from_other_inputs_is_refused(tmp_path, data_copy):
    import polars as pl

    from sefton_sim.simulate.executors import make_executor
    from sefton_sim.studies.sweep import run_sweep

    sweep = _tiny_sweep(tmp_path, data_copy)
    out = tmp_path / "out"
    run_sweep(sweep, out, make_executor("serial"), stop_after=1)
    fragment = next((out / "fragments").rglob("*.parquet"))
    pl.read_parquet(fragment).write_parquet(fragment)  # same rows, no record of its inputs
    with pytest.raises(BadInputError, match="fragment"):
        run_sweep(sweep, out, make_executor("serial"))


def test_a_sweep_never_writes_into_a_folder_that_is_not_a_sweep(tmp_path, data_copy):
    from sefton_sim.simulate.executors import make_executor
    from sefton_sim.studies.sweep import run_sweep

    sweep = _tiny_sweep(tmp_path, data_copy)
    run = _ours(tmp_path / "a_run", "run")
    foreign = _foreign(tmp_path)
    for target in (run, foreign):
        before = _tree(target)
        with pytest.raises(BadInputError):
            run_sweep(sweep, target, make_executor("serial"))
        assert _tree(target) == before
