"""Running one fuzz case of the CLI and checking its promises.

A case is a folder (the inputs: a scenario file, perhaps a copied data folder or SSDA903 returns)
and a command line. :func:`run_case` runs the command in this process (the fast way) or in a fresh
interpreter (the faithful way) with the case folder as the current folder, and :func:`problems`
lists every broken promise:

- the command ends within :data:`HANG_SECONDS` of CPU time (a longer run is a hang; CPU time,
  so that a busy machine's waits do not count; a case that stops using CPU without ending is
  caught by the wall-clock backstop, four times as long, which stops the whole run loudly);
- the exit code is 0 or 2 (3 too for an optimisation);
- exit 0: every number in every table of the output folder (parquet, csv, json) is finite;
- exit 2: exactly one ``error:`` line on stderr, no traceback and no output folder;
- no file outside the output folder changed, and no ``.<name>.tmp-*`` / ``.<name>.old-*`` is left.

Also here: the SSDA903 mutations (cells, rows, whole files and folders of the annual returns) and
text mutations of scenario values and data cells that :mod:`fuzz_helpers` does not have.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import faulthandler
import hashlib
import io
import json
import math
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CLI = ROOT / "cli.py"
HANG_SECONDS = 60.0
"""A case still running after this much CPU time is a hang (a failure, not a slow case): 30 s of
wall time on both cores of the machine the suite is sized for (polars, the report's chart
renderer and the solvers use several threads, whose CPU time adds up)."""

# ----------------------------------------------------------------------------- running a case


class Hang(BaseException):
    """Raised by the alarm in an in-process case that ran past :data:`HANG_SECONDS`.

    A BaseException so that the CLI's own ``except Exception`` cannot turn it into an exit code.
    """


@dataclass
class Outcome:
    """What one command did: exit code (None for a hang), output, CPU time taken (s)."""

    code: int | None
    stdout: str
    stderr: str
    seconds: float
    """CPU seconds of the command (this process's for an in-process case, the child's otherwise)."""
    escaped: str = ""
    """The traceback of an exception that escaped ``main()`` (in-process only)."""

    def error_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.startswith("error:")]


def _exit_code(value: object) -> int:
    if value is None:
        return 0
    return value if isinstance(value, int) else 1


def run_in_process(argv: list[str], cwd: Path) -> Outcome:
    """``sefton-sim ARGV`` through ``sefton_sim.cli.main.main()`` in this process, state restored after.

    The CLI installs SIGINT/SIGTERM handlers, reads ``sys.argv`` and keeps ``STATE`` and a list of
    received signals: all are put back (and the list checked empty) so no case leaks into the next.
    """
    import importlib

    cli_main = importlib.import_module("sefton_sim.cli.main")  # the module (the package exports the function as main)
    from sefton_sim.cli.common import STATE

    saved_handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGPROF)}
    saved_argv, saved_cwd, saved_state = sys.argv, os.getcwd(), dict(STATE)
    out, err = io.StringIO(), io.StringIO()
    code: int | None = None
    escaped = ""

    def _alarm(signum: int, frame: object) -> None:
        raise Hang()

    signal.signal(signal.SIGPROF, _alarm)
    signal.setitimer(signal.ITIMER_PROF, HANG_SECONDS)  # CPU time of the process
    faulthandler.dump_traceback_later(4 * HANG_SECONDS, exit=True)  # wall-clock backstop (compiled code deaf to the alarm, or a wait that never ends)
    t0 = time.process_time()
    try:
        os.chdir(cwd)
        sys.argv = ["sefton-sim", *argv]
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                cli_main.main()
            except SystemExit as exc:
                code = _exit_code(exc.code)
    except Hang:
        code = None
    except BaseException:  # noqa: BLE001 - anything escaping main() is a broken promise, reported below
        escaped = traceback.format_exc()
        code = 1
    finally:
        seconds = time.process_time() - t0
        signal.setitimer(signal.ITIMER_PROF, 0)
        faulthandler.cancel_dump_traceback_later()
        for sig, handler in saved_handlers.items():
            signal.signal(sig, handler)
        sys.argv = saved_argv
        os.chdir(saved_cwd)
        STATE.clear()
        STATE.update(saved_state)
    if cli_main._RECEIVED:  # a signal recorded by the CLI would change how the next case exits
        escaped += f"signals left recorded by the CLI: {cli_main._RECEIVED}"
        cli_main._RECEIVED.clear()
    return Outcome(code, out.getvalue(), err.getvalue(), seconds, escaped)


def run_subprocess(argv: list[str], cwd: Path) -> Outcome:
    """``python cli.py ARGV`` in a fresh interpreter (the same entry point as ``sefton-sim``)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    t0 = _children_cpu_seconds()
    try:
        proc = subprocess.run([sys.executable, str(CLI), *argv], cwd=cwd, capture_output=True, text=True, timeout=4 * HANG_SECONDS, env=env)
    except subprocess.TimeoutExpired as exc:
        return Outcome(None, str(exc.stdout or ""), str(exc.stderr or ""), 4 * HANG_SECONDS)
    return Outcome(proc.returncode, proc.stdout, proc.stderr, _children_cpu_seconds() - t0)


def _children_cpu_seconds() -> float:
    """CPU seconds (user + system) of every ended child process of this one."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# ----------------------------------------------------------------------------- checking a case


def tree_digest(root: Path, exclude: tuple[Path, ...] = ()) -> dict[str, str]:
    """Path -> digest of every file, folder and symlink under ``root`` (not following links), minus ``exclude``."""
    skip = {p.resolve() for p in exclude}
    out: dict[str, str] = {}
    stack = [root]
    while stack:
        folder = stack.pop()
        for entry in sorted(folder.iterdir()):
            if entry.resolve() in skip and not entry.is_symlink():
                continue
            rel = str(entry.relative_to(root))
            if entry.is_symlink():
                out[rel] = "link:" + os.readlink(entry)
            elif entry.is_dir():
                out[rel] = "dir"
                stack.append(entry)
            else:
                out[rel] = hashlib.sha256(entry.read_bytes()).hexdigest()
    return out


def changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """Paths added, removed or changed between two :func:`tree_digest` snapshots."""
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


def leftover_temporaries(root: Path) -> list[str]:
    """``.<name>.tmp-*`` and ``.<name>.old-*`` anywhere under ``root``."""
    return sorted(str(p.relative_to(root)) for p in root.rglob(".*") if ".tmp-" in p.name or ".old-" in p.name)


def _reject_constant(name: str) -> float:
    raise ValueError(name)


def non_finite_values(folder: Path) -> list[str]:
    """Every table (parquet, csv) and json file in ``folder`` with a NaN or infinite number, with counts."""
    import polars as pl

    found: list[str] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder)
        if path.suffix == ".json":
            try:
                json.loads(path.read_text(encoding="utf-8"), parse_constant=_reject_constant)
            except ValueError as exc:
                found.append(f"{rel}: {exc}")
            continue
        if path.suffix == ".parquet":
            frame = pl.read_parquet(path)
        elif path.suffix == ".csv":
            frame = pl.read_csv(path, infer_schema=False)  # every cell as text: "nan", "inf" and "1e999" all count
            frame = frame.with_columns(pl.all().str.strip_chars().cast(pl.Float64, strict=False))
        else:
            continue
        for name in frame.columns:
            column = frame[name]
            while isinstance(column.dtype, (pl.List, pl.Array)):
                column = column.explode()
            if isinstance(column.dtype, pl.Struct):
                columns = [column.struct.field(f.name) for f in column.dtype.fields]
            else:
                columns = [column]
            for series in columns:
                if series.dtype.is_float():
                    bad = int((~series.drop_nulls().is_finite()).sum())
                    if bad:
                        found.append(f"{rel}: column {name}: {bad} non-finite")
    return found


@dataclass
class Case:
    """One command on one case folder, and what must hold after it."""

    folder: Path
    argv: list[str]
    out: Path | None
    exit_codes: frozenset[int] = frozenset({0, 2})
    must_succeed: bool = False
    """Only accepted variations were applied: the command must exit 0."""
    note: dict[str, Any] = field(default_factory=dict)


def problems(case: Case, outcome: Outcome, before: dict[str, str], after: dict[str, str]) -> list[str]:
    """Every promise ``outcome`` broke (an empty list when the case is fine)."""
    found: list[str] = []
    if outcome.code is None:
        return [f"hang: still running after {outcome.seconds:.1f} s (of CPU time in process, of wall time in a child)"]
    if outcome.escaped:
        found.append(f"escaped main(): {outcome.escaped}")
    if outcome.seconds > HANG_SECONDS:
        found.append(f"took {outcome.seconds:.1f} s of CPU time (over {HANG_SECONDS:.0f} s)")
    if "Traceback" in outcome.stderr or "Traceback" in outcome.stdout:
        found.append("traceback printed")
    if outcome.code not in case.exit_codes:
        found.append(f"exit code {outcome.code} not in {sorted(case.exit_codes)}")
    if case.must_succeed and outcome.code != 0:
        found.append(f"an accepted variation was refused (exit {outcome.code})")
    if outcome.code == 0 and case.out is not None:
        if not (case.out / "manifest.json").is_file():
            found.append("exit 0 without an output folder and manifest")
        else:
            found.extend(f"non-finite output: {item}" for item in non_finite_values(case.out))
    if outcome.code in (2, 3):
        lines = outcome.error_lines() if outcome.code == 2 else [line for line in outcome.stderr.splitlines() if line.startswith("infeasible:")]
        if len(lines) != 1:
            found.append(f"{len(lines)} error lines on stderr, not 1")
        if case.out is not None and case.out.exists():
            found.append("output folder left by a refused command")
    found.extend(f"changed outside the output folder: {p}" for p in changed(before, after))
    found.extend(f"temporary left: {p}" for p in leftover_temporaries(case.folder))
    return [f"{p}\n  argv: {case.argv}\n  note: {case.note}\n  stderr: {outcome.stderr[-2000:]}" for p in found]


def check_case(case: Case, subprocess_too: bool = False) -> tuple[Outcome, list[str]]:
    """Run ``case`` in-process (and in a subprocess too if asked: same exit code and error line) and check it."""
    keep = (case.out,) if case.out is not None else ()
    before = tree_digest(case.folder, keep)
    outcome = run_in_process(case.argv, case.folder)
    found = problems(case, outcome, before, tree_digest(case.folder, keep))
    case.note["seconds"] = round(outcome.seconds, 3)
    case.note["code"] = outcome.code
    case.note["error"] = (outcome.error_lines() or [""])[0][:300]
    if subprocess_too and not found:
        if case.out is not None and case.out.exists():
            shutil.rmtree(case.out)
        sub = run_subprocess(case.argv, case.folder)
        found.extend(problems(case, sub, before, tree_digest(case.folder, keep)))
        case.note["subprocess_seconds"] = round(sub.seconds, 3)
        if sub.code != outcome.code or sub.error_lines() != outcome.error_lines():
            found.append(f"in-process and subprocess differ: {outcome.code} {outcome.error_lines()} vs {sub.code} {sub.error_lines()}")
    return outcome, found


class CaseLog:
    """Appends one JSON line per case to ``$FUZZ_LOG`` (for counting a campaign); collects problems."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.count = 0
        self.path = os.environ.get("FUZZ_LOG")
        self.keep_going = os.environ.get("FUZZ_KEEP_GOING") == "1"
        self.problems: list[str] = []

    def next_is_sampled(self, every: int = 20) -> bool:
        """Every ``every``-th case (the first included) is also run in a subprocess."""
        return self.count % every == 0

    def record(self, case: Case, found: list[str]) -> None:
        self.count += 1
        if self.path:
            line = {"kind": self.kind, "argv0": case.argv[0], **case.note, "problems": found}
            with open(self.path, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(line, default=str) + "\n")
        if found and self.keep_going:
            self.problems.extend(found)
        elif found:
            raise AssertionError("\n".join(found))


def shipped_digest(shipped: Path) -> dict[str, str]:
    """Digest of the package's shipped folder (compiled-code caches excluded)."""
    return {k: v for k, v in tree_digest(shipped).items() if "__pycache__" not in k}


# ----------------------------------------------------------------------------- scenario text values

TEXT_MUTATIONS: dict[str, Callable[[Any], Any]] = {
    "empty_string": lambda _old: "",
    "blank": lambda _old: "   ",
    "traversal": lambda _old: "../../etc/passwd",
    "slash": lambda _old: "a/b",
    "unicode": lambda _old: "Ünïcødé ✓ £",
    "newline": lambda _old: "two\nlines",
    "bad_date_text": lambda _old: "2024-02-30",
    "far_date": lambda _old: dt.date(9999, 12, 31),
    "old_date": lambda _old: dt.date(1900, 1, 1),
    "datetime": lambda _old: dt.datetime(2024, 4, 1, 12, 30),
    "empty_list": lambda _old: [],
    "empty_table": lambda _old: {},
    "doubled_list": lambda old: list(old) * 2 if isinstance(old, list) else [old, old],
    "zero": lambda _old: 0,
    "tiny": lambda _old: 1e-300,
}
"""Replacements for scenario values of any type (fuzz_helpers' VALUE_MUTATIONS aim at numbers)."""


def scaled(old: Any, factor: float) -> Any:
    """A plausible valid change: a number times ``factor`` (ints stay ints), a date moved by ``factor`` years."""
    if isinstance(old, bool):
        return old
    if isinstance(old, int):
        return round(old * factor)
    if isinstance(old, float):
        return old * factor
    if isinstance(old, dt.date):
        try:
            return old + dt.timedelta(days=round(365 * (factor - 1)))
        except OverflowError:  # a date already moved to the edge of the calendar stays there
            return old
    return old


def leaf_key_paths(data: Any, prefix: str = "") -> list[str]:
    """Dotted paths of every value in a scenario dict: leaves, lists and tables alike."""
    out: list[str] = []
    items = enumerate(data) if isinstance(data, list) else data.items()
    for key, value in items:
        path = f"{prefix}{key}"
        out.append(path)
        if isinstance(value, (dict, list)):
            out.extend(leaf_key_paths(value, f"{path}."))
    return out


def schema_key_paths(model: Any, prefix: str = "") -> list[str]:
    """Dotted paths of every field of the scenario schema (nested settings tables followed)."""
    from pydantic import BaseModel

    out: list[str] = []
    for name, info in model.model_fields.items():
        key = info.alias or name
        out.append(f"{prefix}{key}")
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            out.extend(schema_key_paths(annotation, f"{prefix}{key}."))
    return out


def delete_path(data: dict[str, Any], key_path: str) -> dict[str, Any]:
    """A copy of ``data`` without the value at ``key_path`` (unchanged if it is not there)."""
    import copy

    out = copy.deepcopy(data)
    node: Any = out
    parts = key_path.split(".")
    try:
        for part in parts[:-1]:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            del node[int(parts[-1])]
        else:
            del node[parts[-1]]
    except (KeyError, IndexError, ValueError, TypeError):
        pass
    return out


# ----------------------------------------------------------------------------- data cells (text)

DATA_TEXT_MUTATIONS: dict[str, Callable[[str], str]] = {
    "unknown_code": lambda _old: "zz_unknown",
    "empty": lambda _old: "",
    "long": lambda _old: "x" * 20_000,
    "nul": lambda old: f"{old}\x00",
    "bad_date": lambda _old: "2024-02-30",
    "padded": lambda old: f"  {old}  ",
    "upper": lambda old: old.upper(),
    "number": lambda _old: "3",
    "semicolons": lambda _old: ";;",
    "quote": lambda old: f'"{old}',
}
"""Replacements for one cell of any column of a data table (codes, dates, sources, numbers)."""


def scale_cell(text: str, factor: float) -> str:
    """A plausible valid change of a numeric cell: the number times ``factor``, written like the original."""
    try:
        value = float(text)
    except ValueError:
        return text
    if not math.isfinite(value):
        return text
    if text.strip().lstrip("-").isdigit():
        return str(round(value * factor))
    return repr(value * factor)


# ----------------------------------------------------------------------------- SSDA903 returns

SSDA903_FILES = ("episodes.csv", "header.csv")

SSDA903_CELL_MUTATIONS: dict[str, Callable[[str], str]] = {
    "unknown_code": lambda _old: "ZZ9",
    "lower_case": lambda old: old.lower(),
    "padded": lambda old: f" {old} ",
    "bad_date": lambda _old: "31/02/2019",
    "not_a_date": lambda _old: "soon",
    "two_digit_year": lambda old: old[:6] + old[8:] if len(old) == 10 and old[2] == "/" else "01/05/19",
    "iso_date": lambda old: f"{old[6:10]}-{old[3:5]}-{old[:2]}" if len(old) == 10 and old[2] == "/" else old,
    "future_date": lambda _old: "01/01/2999",
    "year_1900": lambda _old: "01/01/1900",
    "empty": lambda _old: "",
    "long": lambda _old: "9" * 5000,
    "nul": lambda old: f"{old}\x00",
    "negative": lambda _old: "-1",
    "letters": lambda _old: "ABC",
    "float": lambda old: f"{old}.0",
}
"""Replacements for one cell of an episodes or header table."""

SSDA903_ROW_MUTATIONS = ("duplicate", "delete", "swap_dates", "blank_row", "extra_cell", "short_row")
SSDA903_FILE_MUTATIONS = (
    "bom",
    "crlf",
    "header_lower",
    "header_title",
    "shuffle_columns",
    "drop_column",
    "extra_column",
    "duplicate_column",
    "empty",
    "header_only",
    "non_utf8",
    "cp1252_text",
    "nul",
    "deleted",
    "truncated",
)
SSDA903_FOLDER_MUTATIONS = ("delete_year", "empty_year", "stray_file", "two_digit_year_folder", "no_years")
SSDA903_ACCEPTED = frozenset({"bom", "crlf", "header_lower", "header_title", "shuffle_columns"})
"""Variations an export may have that must read the same as the clean returns."""


def _read(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8-sig", errors="surrogateescape")
    return list(csv.reader(io.StringIO(text, newline="")))


def _write(path: Path, rows: list[list[str]], newline: str = "\n") -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=newline).writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8", errors="surrogateescape"))


def ssda903_years(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_dir())


def _pick(items: list[Any], fraction: float) -> Any:
    return items[min(int(fraction * len(items)), len(items) - 1)]


def mutate_ssda903(folder: Path, mutation: tuple[Any, ...]) -> str:
    """Apply one drawn SSDA903 mutation to the returns in ``folder``; returns what was done (or why not)."""
    kind = mutation[0]
    years = ssda903_years(folder)
    if not years:
        return "skipped: no year folders"
    if kind == "folder":
        _, name, year_fraction = mutation
        year = _pick(years, year_fraction)
        if name == "delete_year":
            shutil.rmtree(year)
        elif name == "empty_year":
            (folder / "2022").mkdir(exist_ok=True)
        elif name == "stray_file":
            (year / "notes.txt").write_text("exported by hand\n")
        elif name == "two_digit_year_folder":
            year.rename(folder / year.name[-2:])
        elif name == "no_years":
            for y in years:
                shutil.rmtree(y)
        return f"{name} {year.name}"
    _, file_name, year_fraction = mutation[:3]
    path = _pick(years, year_fraction) / file_name
    if not path.is_file():
        return f"skipped: {path.name} gone"
    rows = _read(path)
    if kind == "cell":
        _, _, _, column_fraction, row_fraction, name = mutation
        if len(rows) < 2 or not rows[0]:
            return "skipped: no rows"
        column = min(int(column_fraction * len(rows[0])), len(rows[0]) - 1)
        row = 1 + min(int(row_fraction * (len(rows) - 1)), len(rows) - 2)
        if column >= len(rows[row]):
            return "skipped: short row"
        old = rows[row][column]
        rows[row][column] = SSDA903_CELL_MUTATIONS[name](old)
        _write(path, rows)
        return f"{name} {path.parent.name}/{file_name} {rows[0][column]} row {row}: {old!r} -> {rows[row][column]!r}"[:300]
    if kind == "row":
        _, _, _, row_fraction, name = mutation
        if len(rows) < 2:
            return "skipped: no rows"
        row = 1 + min(int(row_fraction * (len(rows) - 1)), len(rows) - 2)
        if name == "duplicate":
            rows.insert(row, list(rows[row]))
        elif name == "delete":
            del rows[row]
        elif name == "swap_dates" and "DECOM" in rows[0] and "DEC" in rows[0]:
            a, b = rows[0].index("DECOM"), rows[0].index("DEC")
            rows[row][a], rows[row][b] = rows[row][b], rows[row][a]
        elif name == "blank_row":
            rows.insert(row, [""] * len(rows[0]))
        elif name == "extra_cell":
            rows[row] = [*rows[row], "surplus"]
        elif name == "short_row":
            rows[row] = rows[row][:2]
        _write(path, rows)
        return f"{name} {path.parent.name}/{file_name} row {row}"
    _, _, _, name, column_fraction = mutation
    raw = path.read_bytes()
    column = min(int(column_fraction * len(rows[0])), len(rows[0]) - 1) if rows and rows[0] else 0
    if name == "bom":
        path.write_bytes(raw if raw.startswith(b"\xef\xbb\xbf") else b"\xef\xbb\xbf" + raw)
    elif name == "crlf":
        path.write_bytes(raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    elif name in ("header_lower", "header_title") and rows:
        rows[0] = [f" {c.lower().replace('_', ' ')} " if name == "header_lower" else c.title() for c in rows[0]]
        _write(path, rows)
    elif name == "shuffle_columns" and rows:
        order = list(range(len(rows[0])))
        order = order[column:] + order[:column]
        order.reverse()
        _write(path, [[r[i] if i < len(r) else "" for i in order] for r in rows])
    elif name == "drop_column" and rows:
        _write(path, [r[:column] + r[column + 1 :] for r in rows])
    elif name == "extra_column" and rows:
        _write(path, [rows[0] + ["NOTES"]] + [r + ["x"] for r in rows[1:]])
    elif name == "duplicate_column" and rows:
        _write(path, [r + [r[column]] if column < len(r) else r for r in rows])
    elif name == "empty":
        path.write_bytes(b"")
    elif name == "header_only" and rows:
        _write(path, rows[:1])
    elif name == "non_utf8":
        path.write_bytes(raw + b"999999,\xff\xfe\n")
    elif name == "cp1252_text" and len(rows) > 1:
        rows[1][-1] = "caf\udce9"  # the byte 0xe9 alone: how a Windows export writes é
        _write(path, rows)
    elif name == "nul":
        path.write_bytes(raw.replace(b"\n", b"\x00\n", 1))
    elif name == "deleted":
        path.unlink()
    elif name == "truncated":
        path.write_bytes(raw[: len(raw) // 2])
    return f"{name} {path.parent.name}/{file_name}"
