"""Output folders written atomically, checked before any work, and the run manifest.

Every command that writes an output folder goes through :func:`check_output_folder` before it
simulates or solves, and writes through :func:`atomic_folder` (or, for a resumable sweep,
:func:`open_resumable_folder`). An existing folder is only ever replaced if it is empty or its
``manifest.json`` says this tool wrote it, with the same ``output_kind``; anything else (a file,
a device, a symlink, someone's documents) is refused with one line before any work starts.
"""

from __future__ import annotations

import contextlib
import ctypes
import itertools
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Literal

import polars as pl
from polars.io.plugins import register_io_source

import sefton_sim
from sefton_sim.data.tables import file_sha256
from sefton_sim.errors import BadInputError
from sefton_sim.shipped import is_inside_package

TableFormat = Literal["parquet", "csv"]
OutputKind = Literal[
    "run",
    "compare",
    "sweep",
    "backtest",
    "calibrate",
    "calibrate-csc",
    "optimise-places",
    "optimise-savings",
    "export-instances",
    "export-dsg-plan",
    "councils-calibrate",
    "sensitivity",
    "goal-seek",
    "backtest-councils",
    "scenario-set",
    "variance",
]
PACKAGE = "sefton-sim"
MANIFEST = "manifest.json"
TEMP_MARKER = ".sefton-sim-partial"
"""Written into every temporary folder when it is created: how stale ones are recognised as ours."""
STALE_AFTER_SECONDS = 24 * 3600
MAX_NAME_CHARS = 200
"""Longest folder name accepted (the temporary name beside it adds 14 characters; most file systems stop at 255)."""
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
_TEMP_NAME = re.compile(r"^\.(?P<name>.+)\.(?:tmp|old)-[A-Za-z0-9_]{8}$")


def _refuse(path: Path, key: str, expected: str) -> BadInputError:
    """The one-line refusal, naming the whole path first (the value shown is cut at 80 characters)."""
    return BadInputError(path, key, path.name or str(path), expected)


def output_kind_of(folder: Path) -> str | None:
    """The ``output_kind`` this tool recorded in ``folder/manifest.json``; ``"legacy"`` for a manifest
    of this tool from before kinds were recorded; None if the folder is not one of ours."""
    manifest = folder / MANIFEST
    try:
        if manifest.is_symlink() or not manifest.is_file() or manifest.stat().st_size > MAX_MANIFEST_BYTES:
            return None
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("package") != PACKAGE:
        return None
    kind = data.get("output_kind")
    if kind is None:
        return "legacy" if isinstance(data.get("package_version"), str) else None
    return kind if isinstance(kind, str) else None


def _is_empty_dir(folder: Path) -> bool:
    try:
        with os.scandir(folder) as entries:
            return next(entries, None) is None
    except OSError:
        return False


def _replaceable(target: Path, kind: str) -> bool:
    """Whether an existing directory may be replaced by (or, for a sweep, resumed into) an output of ``kind``."""
    if _is_empty_dir(target):
        return True
    found = output_kind_of(target)
    return found == kind or (found == "legacy" and kind != "sweep")


def _nearest_existing(path: Path) -> Path:
    probe = path
    while not os.path.lexists(probe) and probe.parent != probe:
        probe = probe.parent
    return probe


def check_output_folder(path: str | Path, kind: OutputKind, key: str = "--out", inside: Path | None = None) -> Path:
    """Resolve an output folder and check, before any work, that it can be written and is safe to replace.

    Refused (one-line :class:`BadInputError`): a path that exists and is not a plain directory (a file,
    a device, a symlink); an existing folder that is neither empty nor an output of this tool of the same
    kind; a folder holding the current folder; a path inside the installed package or (when ``inside``
    is given) outside ``inside``; a folder whose parent cannot be created or written. Returns the
    resolved path; nothing is created.
    """
    absolute = Path(os.path.abspath(Path(path).expanduser()))
    if any(len(part) > MAX_NAME_CHARS for part in absolute.parts):
        raise _refuse(absolute, key, f"folder names of at most {MAX_NAME_CHARS} characters")
    if absolute.is_symlink():
        raise _refuse(absolute, key, "a folder path that is not a symlink (symlinked output folders are never replaced)")
    try:
        target = absolute.resolve()
    except (OSError, RuntimeError):
        raise _refuse(absolute, key, "a folder path that resolves (it loops)") from None
    if inside is not None and not target.is_relative_to(inside.resolve()):
        raise _refuse(target, key, f"a folder inside {inside.resolve()}")
    if is_inside_package(target):
        raise _refuse(target, key, "a folder outside the installed package (its files are never rewritten)")
    if target.parent == target:
        raise _refuse(target, key, "a folder below the root of the file system")
    if Path.cwd().resolve().is_relative_to(target):
        raise _refuse(target, key, "a folder that does not hold the current folder")
    if os.path.lexists(target):
        if target.is_symlink() or not target.is_dir():
            raise _refuse(target, key, "a folder (this path exists and is not a directory: it is never touched)")
        if not _replaceable(target, kind):
            found = output_kind_of(target)
            what = f"it holds `{found}` output" if found else "it is not an output folder of sefton-sim: no manifest.json of ours"
            raise _refuse(target, key, f"an empty folder or one written by sefton-sim {kind} ({what}; delete or move it yourself)")
    ancestor = _nearest_existing(target.parent)
    if not ancestor.is_dir():
        raise _refuse(target, key, f"a folder whose parent can be created ({ancestor} is not a directory)")
    try:
        os.rmdir(tempfile.mkdtemp(prefix=".sefton-sim-probe-", dir=ancestor))
    except OSError as exc:
        raise _refuse(target, key, f"a folder that can be written ({ancestor}: {exc.strerror or exc})") from None
    return target


def _write_marker(tmp: Path) -> None:
    info = {"package": PACKAGE, "pid": os.getpid(), "host": socket.gethostname(), "started": time.time()}
    (tmp / TEMP_MARKER).write_text(json.dumps(info) + "\n")


def _writer_alive(marker: Path) -> bool:
    try:
        info = json.loads(marker.read_text())
        if info.get("host") != socket.gethostname():
            return False
        os.kill(int(info["pid"]), 0)
    except ProcessLookupError:
        return False
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False
    return True


def is_stale_temporary(entry: Path, now: float | None = None) -> bool:
    """Whether ``entry`` is a temporary or superseded folder of this tool older than a day.

    Ours means: named ``.<name>.tmp-XXXXXXXX`` or ``.<name>.old-XXXXXXXX``, a real directory, and
    holding our marker file (a temporary folder) or our manifest (a superseded output), or empty.
    A temporary folder whose writer is still running on this machine is never stale.
    """
    if not _TEMP_NAME.match(entry.name) or entry.is_symlink() or not entry.is_dir():
        return False
    now = time.time() if now is None else now
    try:
        if now - entry.stat().st_mtime < STALE_AFTER_SECONDS:
            return False
    except OSError:
        return False
    marker = entry / TEMP_MARKER
    if marker.is_file() and not marker.is_symlink():
        return not _writer_alive(marker)
    return output_kind_of(entry) is not None or _is_empty_dir(entry)


def clean_stale_temporaries(parent: Path) -> list[Path]:
    """Remove this tool's temporary folders older than a day in ``parent``; returns what was removed."""
    removed: list[Path] = []
    try:
        entries = [Path(e.path) for e in os.scandir(parent) if e.name.startswith(".")]
    except OSError:
        return removed
    for entry in entries:
        if is_stale_temporary(entry):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def _as_bad_input(exc: OSError, target: Path) -> BadInputError:
    where = exc.filename or target
    return BadInputError(target, "(writing)", str(where), f"a writable folder with room to spare ({exc.strerror or exc})")


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM while a few renames or a clean-up run; deliver them afterwards.

    Only the main thread can change handlers; elsewhere this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {sig: signal.signal(sig, lambda signum, _frame: caught.append(signum)) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for signum in dict.fromkeys(caught):
            signal.raise_signal(signum)


@contextlib.contextmanager
def atomic_folder(final: Path, kind: OutputKind) -> Iterator[Path]:
    """Yield a temporary folder beside ``final``; put it in place of ``final`` only if the block succeeds.

    ``final`` is checked first (:func:`check_output_folder`: only an empty folder or an earlier output
    of the same kind is replaced) and again just before the swap. On any error or interrupt the
    temporary folder is removed, so no partial output is ever left behind and the previous output stays
    as it was; an ``OSError`` while writing becomes a one-line :class:`BadInputError` naming the path.
    The folder always gets a ``manifest.json`` recording ``output_kind`` (a minimal one if the block
    wrote none). Stale temporary folders of this tool beside it (older than a day) are cleaned first.
    """
    final = check_output_folder(final, kind)
    tmp: Path | None = None
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        clean_stale_temporaries(final.parent)
        with signals_deferred():
            tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.tmp-", dir=final.parent))
            _write_marker(tmp)
        tmp.chmod(0o755)
        yield tmp
        _finish_manifest(tmp, kind)
        with signals_deferred():
            (tmp / TEMP_MARKER).unlink()
            _swap_into_place(tmp, final, kind)
            tmp = None
    except OSError as exc:
        raise _as_bad_input(exc, final) from exc
    finally:
        if tmp is not None:
            with signals_deferred():
                shutil.rmtree(tmp, ignore_errors=True)


def output_files(folder: Path) -> list[str]:
    """Names of the files an output folder will hold (its temporary marker left out), sorted."""
    return sorted(p.name for p in folder.iterdir() if p.name != TEMP_MARKER)


def _finish_manifest(tmp: Path, kind: str) -> None:
    """Make sure the folder's manifest records this tool and the output kind."""
    path = tmp / MANIFEST
    if not path.is_file():
        write_manifest(tmp, {"files": sorted({*output_files(tmp), MANIFEST})}, kind)
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("package") != PACKAGE or data.get("output_kind") != kind:
        data.update(package=PACKAGE, output_kind=kind)
        path.write_text(json.dumps(data, indent=2, sort_keys=True, default=str) + "\n")


_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2``); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: not supported here
        return False
    raise OSError(code, os.strerror(code), str(b))


def _swap_into_place(tmp: Path, final: Path, kind: str) -> None:
    """Put ``tmp`` at ``final``; an existing ``final`` (ours or empty) is exchanged in one step where possible."""
    if not os.path.lexists(final):
        tmp.rename(final)
        return
    if final.is_symlink() or not final.is_dir() or not _replaceable(final, kind):
        raise _refuse(final, "--out", f"an empty folder or one written by sefton-sim {kind} (it changed while this command ran)")
    if _exchange(tmp, final):
        shutil.rmtree(tmp, ignore_errors=True)  # now the previous output
        return
    old = final.parent / f".{final.name}.old-{tmp.name[-8:]}"
    final.rename(old)
    try:
        tmp.rename(final)
    except OSError:
        old.rename(final)
        raise
    shutil.rmtree(old, ignore_errors=True)


def open_resumable_folder(path: Path, kind: OutputKind, manifest: dict[str, Any]) -> Path:
    """Check ``path`` (:func:`check_output_folder`), create it if needed and give it our manifest.

    For outputs that are filled in over several runs (a sweep): the folder must be empty, new, or
    an earlier output of the same kind; the manifest is written only when it has none yet.
    """
    target = check_output_folder(path, kind)
    try:
        target.mkdir(parents=True, exist_ok=True)
        if output_kind_of(target) is None:
            write_manifest(target, manifest, kind)
    except OSError as exc:
        raise _as_bad_input(exc, target) from exc
    return target


def write_table(frame: pl.DataFrame, folder: Path, name: str, fmt: TableFormat) -> Path:
    """Write a table as Parquet (default) or CSV."""
    path = folder / f"{name}.{fmt}"
    if fmt == "parquet":
        frame.write_parquet(path)
    else:
        frame.write_csv(path)
    return path


def write_table_parts(parts: Iterable[pl.DataFrame], folder: Path, name: str, fmt: TableFormat) -> Path:
    """Write a table given as consecutive parts (its rows in order), holding about one part in memory at a time.

    The file reads back as :func:`write_table` of the parts joined (the same rows, values and
    dtypes; a CSV file the same bytes, a Parquet file possibly other row groups): the parts are
    streamed into it as they come. Every part has the first part's schema.
    """
    path = folder / f"{name}.{fmt}"
    stream = iter(parts)
    first = next(stream, None)
    if first is None:
        raise ValueError(f"table {name} has no parts")
    schema = first.schema
    held: list[pl.DataFrame] = [first]
    del first

    def source(with_columns: list[str] | None, predicate: pl.Expr | None, n_rows: int | None, batch_size: int | None) -> Iterator[pl.DataFrame]:
        for part in itertools.chain((held.pop(),), stream):
            if part.schema != schema:
                raise ValueError(f"table {name}: a part's schema {part.schema} differs from the first part's {schema}")
            yield part if with_columns is None else part.select(with_columns)

    frame = register_io_source(source, schema=schema)
    if fmt == "parquet":
        frame.sink_parquet(path)
    else:
        frame.sink_csv(path)
    return path


def git_commit(start: Path) -> str | None:
    """The git commit of the folder holding ``start``, if it is in a repository."""
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=start, capture_output=True, text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def input_hashes(files: list[Path], data_hashes: dict[str, str], data_folder: Path) -> dict[str, str]:
    """SHA-256 of every input file: scenario chain and council data tables."""
    hashes = {str(p.resolve()): file_sha256(p) for p in files}
    for name, digest in sorted(data_hashes.items()):
        hashes[str((data_folder / name).resolve())] = digest
    return hashes


def write_manifest(folder: Path, manifest: dict[str, Any], kind: str | None = None) -> Path:
    """Write ``manifest.json`` (sorted keys, ISO dates): this tool's name and version, and ``output_kind``."""
    base: dict[str, Any] = {
        "package": PACKAGE,
        "package_version": sefton_sim.__version__,
        "python": platform.python_version(),
    }
    if kind is not None:
        base["output_kind"] = kind
    path = folder / MANIFEST
    path.write_text(json.dumps({**base, **manifest}, indent=2, sort_keys=True, default=str) + "\n")
    return path


__all__ = [
    "MANIFEST",
    "TEMP_MARKER",
    "TableFormat",
    "OutputKind",
    "atomic_folder",
    "check_output_folder",
    "clean_stale_temporaries",
    "git_commit",
    "input_hashes",
    "is_stale_temporary",
    "open_resumable_folder",
    "output_kind_of",
    "write_manifest",
    "output_files",
    "write_table",
    "write_table_parts",
]
