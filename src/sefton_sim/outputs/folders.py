"""Output folders written atomically, and the run manifest."""

from __future__ import annotations

import contextlib
import json
import platform
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import polars as pl

import sefton_sim
from sefton_sim.data.tables import file_sha256

TableFormat = Literal["parquet", "csv"]


@contextlib.contextmanager
def atomic_folder(final: Path) -> Iterator[Path]:
    """Yield a temporary folder beside ``final``; rename it into place only if the block succeeds.

    On any error the temporary folder is removed, so no partial output is ever left behind.
    """
    final = Path(final).resolve()
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.tmp-", dir=final.parent))
    tmp.chmod(0o755)
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = None
    if final.exists():
        old = final.parent / f".{final.name}.old-{tmp.name[-8:]}"
        final.rename(old)
    tmp.rename(final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write_table(frame: pl.DataFrame, folder: Path, name: str, fmt: TableFormat) -> Path:
    """Write a table as Parquet (default) or CSV."""
    path = folder / f"{name}.{fmt}"
    if fmt == "parquet":
        frame.write_parquet(path)
    else:
        frame.write_csv(path)
    return path


def git_commit(start: Path) -> str | None:
    """The git commit of the folder holding ``start``, if it is in a repository."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=start, capture_output=True, text=True, timeout=5, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def input_hashes(files: list[Path], data_hashes: dict[str, str], data_folder: Path) -> dict[str, str]:
    """SHA-256 of every input file: scenario chain and council data tables."""
    hashes = {str(p.resolve()): file_sha256(p) for p in files}
    for name, digest in sorted(data_hashes.items()):
        hashes[str((data_folder / name).resolve())] = digest
    return hashes


def write_manifest(folder: Path, manifest: dict[str, Any]) -> Path:
    """Write ``manifest.json`` (sorted keys, ISO dates)."""
    base = {
        "package": "sefton-sim",
        "package_version": sefton_sim.__version__,
        "python": platform.python_version(),
    }
    path = folder / "manifest.json"
    path.write_text(json.dumps({**base, **manifest}, indent=2, sort_keys=True, default=str) + "\n")
    return path
