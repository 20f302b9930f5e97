"""Reading and checking CSV tables with provenance. Every failure is a one-line BadInputError."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import polars as pl

from sefton_sim.errors import BadInputError
from sefton_sim.model.limits import NUMBER, Limit, parse_number

SHARE_TOLERANCE = 1e-3
EARLIEST_DATE = dt.date(2000, 1, 1)
LATEST_DATE = dt.date(2045, 12, 31)


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes (for the run manifest)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def real_file_inside(folder: Path, name: str) -> Path:
    """``folder / name``, refusing a symlink anywhere below ``folder`` or a path that leaves it.

    A council's tables must be real files inside its folder: a symlinked table (or year folder)
    could silently read someone else's data. Whether the file exists is left to the caller.
    """
    folder = Path(folder)
    candidate = folder
    for part in Path(name).parts:
        candidate = candidate / part
        if part in ("..", "/") or candidate.is_symlink():
            raise BadInputError(candidate, "(file)", str(candidate), f"a real file inside {folder} (symlinks and '..' are refused)")
    if candidate.exists() and not candidate.resolve().is_relative_to(folder.resolve()):
        raise BadInputError(candidate, "(file)", str(candidate), f"a real file inside {folder}")
    return candidate


def read_table(path: Path, columns: Sequence[str], numeric: Iterable[str] | Mapping[str, Limit] = (), min_rows: int = 1) -> pl.DataFrame:
    """Read a CSV table, checking the file exists, the columns are there and every row has a source.

    ``numeric`` columns are read as numbers checked against their :class:`Limit` (a plain list of
    names means any finite number). A table needs at least ``min_rows`` rows.
    """
    path = Path(path)
    real_file_inside(path.parent, path.name)
    if not path.is_file():
        raise BadInputError(path, "(file)", str(path), "an existing data table")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BadInputError(path, "(file)", str(path), f"a readable data table ({exc.strerror or type(exc).__name__})") from None
    if not raw.strip():
        raise BadInputError(path, "(file)", f"{len(raw)} bytes", f"a CSV table with a header row and at least {max(min_rows, 1)} row(s)")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInputError(path, "(encoding)", raw[exc.start : exc.start + 8], f"UTF-8 text (bad byte at offset {exc.start})") from None
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise BadInputError(path, "(file)", f"NUL byte at offset {nul}", "a text CSV table")
    try:
        frame = pl.read_csv(path, infer_schema_length=0)  # everything as text; we cast ourselves
    except Exception as exc:  # polars raises several types for malformed CSV
        raise BadInputError(path, "(csv)", str(exc).splitlines()[0], "a readable CSV table") from None
    for column in (*columns, "source"):
        if column not in frame.columns:
            raise BadInputError(path, column, None, f"a column named '{column}'")
    if frame.height < min_rows:
        raise BadInputError(path, "(rows)", frame.height, f"at least {min_rows} data row(s) below the header")
    for row_number, source in enumerate(frame["source"].to_list(), start=2):
        if source is None or not str(source).strip():
            raise BadInputError(path, f"row {row_number}.source", source, "'fact: <document> line N' or 'assumption: <range>'")
        text = str(source).strip().lower()
        if not (text.startswith("fact") or text.startswith("assumption") or text.startswith("fit")):
            raise BadInputError(path, f"row {row_number}.source", source, "'fact: ...', 'assumption: ...' or 'fit: ...'")
    limits = numeric if isinstance(numeric, Mapping) else dict.fromkeys(numeric, NUMBER)
    for column, limit in limits.items():
        frame = frame.with_columns(_to_float(frame, column, path, limit))
    return frame


def _to_float(frame: pl.DataFrame, column: str, path: Path, limit: Limit) -> pl.Series:
    out = [parse_number(value, path, f"row {row_number}.{column}", limit) for row_number, value in enumerate(frame[column].to_list(), start=2)]
    return pl.Series(column, out, dtype=pl.Float64)


def check_limit(frame: pl.DataFrame, column: str, limit: Limit, path: Path) -> None:
    """Every value of a numeric column within ``limit``."""
    for row_number, value in enumerate(frame[column].to_list(), start=2):
        limit.check(value, path, f"row {row_number}.{column}")


def check_non_negative(frame: pl.DataFrame, column: str, path: Path) -> None:
    """Counts, places and money that must not be negative."""
    for row_number, value in enumerate(frame[column].to_list(), start=2):
        if value < 0:
            raise BadInputError(path, f"row {row_number}.{column}", value, "a non-negative number")


def check_names(frame: pl.DataFrame, column: str, path: Path) -> None:
    """Label columns (budget lines, options) must hold a name on every row, each name once."""
    seen: set[str] = set()
    for row_number, value in enumerate(frame[column].to_list(), start=2):
        name = "" if value is None else str(value).strip()
        if not name:
            raise BadInputError(path, f"row {row_number}.{column}", value, "a name (this column may not be empty)")
        if name in seen:
            raise BadInputError(path, f"row {row_number}.{column}", value, "each name once")
        seen.add(name)


def check_in_set(frame: pl.DataFrame, column: str, allowed: Sequence[str], path: Path) -> None:
    """Category columns (age band, need, setting) must name known categories."""
    for row_number, value in enumerate(frame[column].to_list(), start=2):
        for part in str(value).split(";"):
            if part not in allowed:
                raise BadInputError(path, f"row {row_number}.{column}", value, f"one of {', '.join(allowed)}")


def check_shares(frame: pl.DataFrame, group_by: Sequence[str], column: str, path: Path) -> None:
    """Shares lie in [0, 1] and sum to 1 within each group."""
    for row_number, value in enumerate(frame[column].to_list(), start=2):
        if not 0.0 <= value <= 1.0:
            raise BadInputError(path, f"row {row_number}.{column}", value, "a share between 0 and 1")
    groups = frame.group_by(list(group_by), maintain_order=True).agg(pl.col(column).sum().alias("_sum"))
    for row in groups.iter_rows(named=True):
        if abs(row["_sum"] - 1.0) > SHARE_TOLERANCE:
            where = ", ".join(f"{g}={row[g]}" for g in group_by) or "all rows"
            raise BadInputError(path, f"{column} ({where})", round(row["_sum"], 6), "shares summing to 1")


def parse_date(value: object, path: Path, key: str) -> dt.date:
    """An ISO date within the range the model handles."""
    try:
        parsed = dt.date.fromisoformat(str(value))
    except ValueError:
        raise BadInputError(path, key, value, "an ISO date YYYY-MM-DD") from None
    if not EARLIEST_DATE <= parsed <= LATEST_DATE:
        raise BadInputError(path, key, value, f"a date between {EARLIEST_DATE} and {LATEST_DATE}")
    return parsed
