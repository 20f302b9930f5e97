"""Reader for a council's SSDA903 returns (children looked after), with validation.

A folder holds one subfolder per return, named by the year the return starts (``2021/`` is the
2021-22 return), each with ``episodes.csv`` and ``header.csv``. Episodes repeat across returns;
the reader keeps one version of each episode (key CHILD + DECOM), the one in the latest return.

Headers are matched whatever their case and spacing (``place provider`` is PLACE_PROVIDER), in
any column order, with or without a UTF-8 BOM and with LF or CRLF line ends. Dates are
``DD/MM/YYYY`` (a time after the date, as in Excel exports ``01/05/2020 00:00``, is ignored) or
ISO ``YYYY-MM-DD``; a two-digit year is refused, not guessed. Codes are upper-cased.

The rows are checked against the rules of ``ssda903_quality`` (codes, impossible dates,
conflicting duplicates, two open episodes, overlaps). An error refuses the returns: one
``BadInputError`` naming the file, the row ("row N" is the line number in the file, the column
header being row 1), the bad value, what was expected, the rule, the first children and how many
rows in all. Warnings are kept in ``Ssda903Episodes.quality``. A missing file or column, or an
unreadable file, is refused straight away.

``read_ssda903(folder, up_to=day)`` reads the returns as they stood on ``day``: only the returns
ending (31 March) on or before it, and within them nothing after it (episodes starting later are
dropped, episodes ending later are open). Rows after ``day`` are ignored even when present.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from sefton_sim.data.tables import real_file_inside
from sefton_sim.errors import BadInputError
from sefton_sim.social_care import ssda903_quality as checks
from sefton_sim.social_care.placements import (
    AGE_BAND_BOUNDS_YEARS,
    AGE_BANDS,
    AGE_MONTHS,
    FOSTER_PLACE_CODES,
    IFA_PROVIDERS,
    PLACE_CODE_TYPES,
    PLACEMENT_TYPES,
)

EPISODE_COLUMNS: tuple[str, ...] = ("CHILD", "DECOM", "RNE", "LS", "PLACE", "PLACE_PROVIDER", "DEC", "REC")
"""Columns of ``episodes.csv`` the reader needs (others are kept if present but not used)."""

HEADER_COLUMNS: tuple[str, ...] = ("CHILD", "DOB")
"""Columns of ``header.csv`` the reader needs."""

CODE_COLUMNS: tuple[str, ...] = ("RNE", "LS", "PLACE", "PLACE_PROVIDER", "REC")
"""Episode columns holding SSDA903 codes (compared upper case)."""

_YEAR_FOLDER = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class Ssda903Episodes:
    """De-duplicated placement episodes of children looked after.

    ``episodes`` has one row per episode, sorted by CHILD and DECOM, with columns CHILD (str),
    DECOM and DEC (dates; DEC null while open), RNE, REC, PLACE, PLACE_PROVIDER (str),
    ``placement_type``, DOB (date), ``return_year`` (the return the row was taken from) and the
    care timeline derived from the child's episode sequence:

    - ``period_start``: the episode starts a period of care (the child's first episode, or the
      previous episode ended before this one starts);
    - ``care_end``: the day the child leaves this placement: DEC, cut back to the next episode's
      DECOM when episodes overlap; null while open;
    - ``ends_with``: ``"open"``, ``"move"`` (the next episode follows on, within care) or
      ``"leave"`` (care ends: no following episode);
    - ``next_placement_type``: the placement type moved to (``"move"`` only).

    ``end_date`` is the last date in the data (max of DECOM and DEC). ``quality`` holds the
    data-quality warnings (``ssda903_quality``: rule, severity, child, year, detail); errors are
    never kept, they refuse the returns.
    """

    folder: Path
    years: tuple[int, ...]
    episodes: pl.DataFrame
    end_date: date
    quality: pl.DataFrame = field(
        default_factory=lambda: pl.DataFrame(schema={c: pl.Int64 if c == "year" else pl.String for c in checks.QUALITY_COLUMNS})
    )

    @property
    def coverage_start(self) -> date:
        """First day the returns cover (1 April of the first return's year): a window reaching
        further back would miss the children who left before it."""
        return date(min(self.years), 4, 1)

    @property
    def coverage_end(self) -> date:
        """Last day the returns cover (31 March ending the latest return)."""
        return date(max(self.years) + 1, 3, 31)

    def looked_after_on(self, day: date) -> pl.DataFrame:
        """Episodes in force on ``day`` (started on or before it, not yet ended): one per child."""
        return self.episodes.filter((pl.col("DECOM") <= day) & (pl.col("care_end").is_null() | (pl.col("care_end") > day)))

    def open_but_missing_from_latest_return(self) -> pl.DataFrame:
        """Open episodes last seen in an earlier return than the latest (a data-quality flag).

        A child looked after at the end of a return should appear in the next one. These are
        still counted as looked after (the data say so); in the sample there are 24 of the 86
        looked after on 2022-03-27. Estimation treats them like any open episode (exposure to
        the end, no event).
        """
        latest = max(self.years)
        return self.episodes.filter((pl.col("ends_with") == "open") & (pl.col("return_year") < latest))

    def ages_on(self, day: date) -> pl.DataFrame:
        """Children looked after on ``day`` with their age from DOB: CHILD, placement_type, DOB,
        ``age_months`` (whole calendar months: the largest m with DOB + m months <= day, month
        ends clipped as ``dt.offset_by``), ``age_years`` (whole years) and ``age_band`` (null at 18+)."""
        on = pl.lit(day, dtype=pl.Date)
        return (
            self.looked_after_on(day)
            .select("CHILD", "placement_type", "DOB")
            .with_columns(age_months_expr(on).alias("age_months"), _age_band_expr(on).alias("age_band"))
            .with_columns((pl.col("age_months") // 12).alias("age_years"))
        )

    def stock_by_age_on(self, day: date) -> np.ndarray:
        """Children looked after on ``day`` by ``[placement_type, whole month of age 0..215]``."""
        ages = self.ages_on(day).filter((pl.col("age_months") >= 0) & (pl.col("age_months") < AGE_MONTHS))
        stock = np.zeros((len(PLACEMENT_TYPES), AGE_MONTHS), dtype=np.int64)
        k = ages["placement_type"].replace_strict({t: i for i, t in enumerate(PLACEMENT_TYPES)}, return_dtype=pl.Int64).to_numpy()
        np.add.at(stock, (k, ages["age_months"].to_numpy().astype(np.int64)), 1)
        return stock

    def stock_on(self, day: date) -> np.ndarray:
        """Children looked after on ``day`` by ``[placement_type, age_band]`` (children)."""
        on_day = self.looked_after_on(day).with_columns(_age_band_expr(pl.lit(day, dtype=pl.Date)).alias("age_band"))
        stock = np.zeros((len(PLACEMENT_TYPES), len(AGE_BANDS)), dtype=np.int64)
        counts = on_day.filter(pl.col("age_band").is_not_null()).group_by("placement_type", "age_band").len()
        for row in counts.iter_rows(named=True):
            stock[PLACEMENT_TYPES.index(row["placement_type"]), AGE_BANDS.index(row["age_band"])] += row["len"]
        return stock


def _age_band_expr(on: pl.Expr) -> pl.Expr:
    """Age band (string, null at 18+) of the child with ``DOB`` on the date ``on``."""
    expr: Any = None  # a polars when/then chain
    for band, (lo, hi) in AGE_BAND_BOUNDS_YEARS.items():
        cond = (on >= pl.col("DOB").dt.offset_by(f"{lo}y")) & (on < pl.col("DOB").dt.offset_by(f"{hi}y"))
        expr = pl.when(cond).then(pl.lit(band)) if expr is None else expr.when(cond).then(pl.lit(band))
    assert expr is not None
    return expr.otherwise(pl.lit(None, dtype=pl.String))


def age_months_expr(on: pl.Expr) -> pl.Expr:
    """Whole calendar months of age (Int64) of the child with ``DOB`` on the date ``on``: the
    largest m with ``DOB.offset_by(m months) <= on`` (so whole years are ``// 12``, and band
    birthdays agree with ``dt.offset_by("<n>y")``, a 29 February birthday on 28 February)."""
    dob = pl.col("DOB")
    guess = (on.dt.year().cast(pl.Int64) - dob.dt.year().cast(pl.Int64)) * 12 + (on.dt.month().cast(pl.Int64) - dob.dt.month().cast(pl.Int64))
    guess = guess - (on.dt.day() < dob.dt.day()).cast(pl.Int64)  # never more than the answer
    # A later day of the month clipped to the month's end (31 January + 1 month = 29 February).
    return guess + (dob.dt.offset_by(pl.format("{}mo", guess + 1)) <= on).cast(pl.Int64)


def placement_type_expr(place: pl.Expr, provider: pl.Expr) -> pl.Expr:
    """Vectorised ``placements.placement_type`` for polars columns."""
    code = place.str.strip_chars().str.to_uppercase()
    prov = provider.fill_null("").str.strip_chars().str.to_uppercase()
    fixed = {k: v for k, v in PLACE_CODE_TYPES.items() if k != "*" and k not in FOSTER_PLACE_CODES}
    return (
        pl.when(code.is_in(list(FOSTER_PLACE_CODES)) & prov.is_in(list(IFA_PROVIDERS)))
        .then(pl.lit("ifa_fostering"))
        .when(code.is_in(list(FOSTER_PLACE_CODES)))
        .then(pl.lit("in_house_fostering"))
        .otherwise(code.replace_strict(fixed, default=PLACE_CODE_TYPES["*"], return_dtype=pl.String))
    )


def _read_csv(path: Path, required: tuple[str, ...]) -> pl.DataFrame:
    """Read a CSV as strings, check the required columns; add ``_row`` (file line number)."""
    real_file_inside(path.parent.parent, f"{path.parent.name}/{path.name}")  # no symlinked year folder or file
    if not path.is_file():
        raise BadInputError(path, "file", path.name, "a CSV file in each return folder")
    try:
        frame = pl.read_csv(path, infer_schema_length=0)
    except (pl.exceptions.PolarsError, OSError, UnicodeDecodeError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise BadInputError(path, "file", first, "a readable comma-separated file with a header row") from None
    frame = frame.rename(_normalised_headers(frame.columns))
    for column in required:
        if column not in frame.columns:
            raise BadInputError(path, "columns", column, f"a column named {column} (required: {', '.join(required)})")
    frame = frame.with_columns(pl.col(pl.String).str.strip_chars())
    frame = frame.with_columns([pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c)).alias(c) for c in required])
    return frame.with_row_index("_row", offset=2)


def _normalised_headers(columns: list[str]) -> dict[str, str]:
    """Header names upper case, without a BOM or outer spaces, inner spaces as ``_``."""
    return {c: re.sub(r"[\s_]+", "_", c.replace("\ufeff", "").strip()).upper() for c in columns}


def _read_return(year_folder: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Read one return's episodes and header (strings; codes upper case; dates parsed, the text
    kept as ``_<COLUMN>_text``) with ``return_year``, ``_file``, ``_name`` and ``_row``."""
    year = int(year_folder.name)
    episodes_path = year_folder / "episodes.csv"
    header_path = year_folder / "header.csv"
    episodes = _read_csv(episodes_path, EPISODE_COLUMNS)
    header = _read_csv(header_path, HEADER_COLUMNS)

    episodes = episodes.select(*EPISODE_COLUMNS, "_row").with_columns(pl.col(CODE_COLUMNS).str.to_uppercase())
    header = header.select(*HEADER_COLUMNS, "_row")
    parts = []
    for frame, path, dates in ((episodes, episodes_path, ("DECOM", "DEC")), (header, header_path, ("DOB",))):
        frame = frame.with_columns(
            *[pl.col(c).alias(f"_{c}_text") for c in dates],
            *[checks.parse_date(pl.col(c)).alias(c) for c in dates],
            pl.lit(year).alias("return_year"),
            pl.lit(str(path)).alias("_file"),
            pl.lit(path.name).alias("_name"),
        )
        parts.append(frame)
    return parts[0], parts[1]


def _timeline(episodes: pl.DataFrame) -> pl.DataFrame:
    """Add the care timeline columns (see ``Ssda903Episodes``) to sorted episodes."""
    frame = episodes.sort("CHILD", "DECOM").with_columns(
        pl.col("DECOM").shift(-1).over("CHILD").alias("_next_start"),
        pl.col("placement_type").shift(-1).over("CHILD").alias("_next_type"),
        pl.col("DEC").shift(1).over("CHILD").alias("_prev_end"),
    )
    follows_on = pl.col("_next_start").is_not_null() & (pl.col("DEC").is_null() | (pl.col("_next_start") <= pl.col("DEC")))
    return frame.with_columns(
        (pl.col("_prev_end").is_null() & (pl.col("DECOM") == pl.col("DECOM").min().over("CHILD")) | (pl.col("_prev_end") < pl.col("DECOM"))).alias(
            "period_start"
        ),
        pl.when(follows_on).then(pl.col("_next_start")).otherwise(pl.col("DEC")).alias("care_end"),
        pl.when(follows_on).then(pl.lit("move")).when(pl.col("DEC").is_null()).then(pl.lit("open")).otherwise(pl.lit("leave")).alias("ends_with"),
        pl.when(follows_on).then(pl.col("_next_type")).otherwise(None).alias("next_placement_type"),
    ).drop("_next_start", "_next_type", "_prev_end")


def _cut(rows: pl.DataFrame, up_to: date) -> pl.DataFrame:
    """Episode rows as they stood on ``up_to``: those starting later dropped, those ending later
    open (DEC and REC blank)."""
    later = pl.col("DEC") > up_to
    kept = rows.filter(pl.col("DECOM").is_null() | (pl.col("DECOM") <= up_to))
    return kept.with_columns(pl.when(later).then(None).otherwise(pl.col(c)).alias(c) for c in ("DEC", "_DEC_text", "REC"))


def _close_superseded(episodes: pl.DataFrame, up_to: date) -> pl.DataFrame:
    """In the returns cut at ``up_to``: an episode still open while a later one of the child has
    started (two open episodes that a later return would have closed, or an overlap whose end
    was cut) ends on ``up_to``, so the timeline ends it at the later one's start."""
    followed = pl.col("DEC").is_null() & (pl.col("DECOM").max().over("CHILD") > pl.col("DECOM"))
    return episodes.with_columns(pl.when(followed).then(pl.lit(up_to)).otherwise(pl.col("DEC")).alias("DEC"))


def read_ssda903(folder: Path | str, up_to: date | None = None) -> Ssda903Episodes:
    """Read, validate and de-duplicate a folder of SSDA903 returns (see module docstring).

    With ``up_to``, only the returns ending on or before it are read and every episode row is cut
    at it (``_cut``); the end of the data is then ``up_to`` (or the 31 March ending the latest
    return read, if earlier): the returns cover every day to it.

    Raises ``BadInputError`` (one line: file, row.column, value, expected) on a missing folder,
    no year subfolders, a missing file or column, an unreadable file, and on any finding of an
    error rule of ``ssda903_quality.RULES`` (the first rule's first row, the count in all).
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise BadInputError(folder, "folder", str(folder), "an existing folder of SSDA903 returns")
    year_folders = sorted(p for p in folder.iterdir() if p.is_dir() and _YEAR_FOLDER.match(p.name))
    if not year_folders:
        raise BadInputError(
            folder,
            "year folders",
            sorted(p.name for p in folder.iterdir()),
            "subfolders named by return year (e.g. 2021/) holding episodes.csv and header.csv",
        )
    if up_to is not None:
        kept = [y for y in year_folders if date(int(y.name) + 1, 3, 31) <= up_to]
        if not kept:
            raise BadInputError(
                folder, "up_to", up_to.isoformat(), f"a date on or after the end of the first return, 31/03/{int(year_folders[0].name) + 1}"
            )
        year_folders = kept
    parts = [_read_return(y) for y in year_folders]
    rows = pl.concat([p[0] for p in parts], how="vertical")
    header_rows = pl.concat([p[1] for p in parts], how="vertical")
    last_day = date(int(year_folders[-1].name) + 1, 3, 31)
    if up_to is not None:
        rows = _cut(rows, up_to)
        last_day = min(last_day, up_to)
    findings = checks.check_rows(rows, header_rows, last_day)
    checks.refuse_errors(findings, folder)

    # Identical rows within a return are dropped (reported); then the latest return's version.
    latest = ["return_year", "_row"]
    in_return = rows.sort(latest).unique(["return_year", "CHILD", "DECOM"], keep="first", maintain_order=True)
    findings = checks.combine(findings, checks.check_returns_agree(in_return))
    episodes = in_return.unique(["CHILD", "DECOM"], keep="last", maintain_order=True)
    header = header_rows.sort(latest).unique("CHILD", keep="last", maintain_order=True).select("CHILD", "DOB")
    if up_to is not None:
        episodes = _close_superseded(episodes, last_day)
    episodes = episodes.join(header, on="CHILD", how="left", maintain_order="left").with_columns(
        placement_type_expr(pl.col("PLACE"), pl.col("PLACE_PROVIDER")).alias("placement_type")
    )
    findings = checks.combine(findings, checks.check_episodes(episodes, rows))
    checks.refuse_errors(findings, folder)
    episodes = episodes.select(*EPISODE_COLUMNS, "return_year", "DOB", "placement_type")
    episodes = _timeline(episodes)
    end = max(d for d in (episodes["DECOM"].max(), episodes["DEC"].max()) if d is not None) if up_to is None else last_day
    return Ssda903Episodes(
        folder=folder,
        years=tuple(int(y.name) for y in year_folders),
        episodes=episodes,
        end_date=end,  # type: ignore[arg-type]
        quality=checks.quality_table(findings),
    )
