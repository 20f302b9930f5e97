"""Data-quality rules for SSDA903 returns: what is refused, what is reported and kept.

Every rule has a severity. An **error** would change the fitted rates (a placement type, a
date, a child's age or who is in care on a day would be wrong or guessed), so the reader
refuses the returns with one ``BadInputError`` line naming the file, the first offending row,
the rule, the first few children and how many rows in all. A **warning** is a known quirk the
reader handles in a stated way (an exact duplicate is dropped, an overlap is cut back); the
warnings are kept in ``Ssda903Episodes.quality`` and written as ``data_quality.csv`` with the
calibration (columns rule, severity, child, year, detail; year is the return year).

Code lists are the DfE SSDA903 guidance code sets (``PLACE_CODES`` from
``placements.PLACE_CODE_TYPES``). ``RULES`` lists every rule with its severity and what valid
data look like.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final, Literal

import polars as pl

from sefton_sim.errors import BadInputError
from sefton_sim.social_care.placements import PLACE_CODE_TYPES

PLACE_CODES: Final[frozenset[str]] = frozenset(c for c in PLACE_CODE_TYPES if c != "*")
"""SSDA903 placement type codes (PLACE)."""

LS_CODES: Final[frozenset[str]] = frozenset({"C1", "C2", "D1", "E1", "J1", "J2", "J3", "L1", "L2", "L3", "V2", "V3", "V4"})
"""SSDA903 legal status codes (LS)."""

RNE_CODES: Final[frozenset[str]] = frozenset({"P", "L", "T", "S", "U", "B"})
"""SSDA903 reason for new episode codes (RNE)."""

REC_CODES: Final[frozenset[str]] = frozenset(
    {"E11", "E12", "E13", "E14", "E15", "E16", "E17", "E2", "E3", "E41", "E45", "E46", "E47", "E48", "E4A", "E4B", "E5", "E6", "E7", "E8", "E9", "X1"}
)
"""SSDA903 reason episode ceased codes (REC); blank while the episode is open."""

PLACE_PROVIDER_CODES: Final[frozenset[str]] = frozenset({"PR0", "PR1", "PR2", "PR3", "PR4", "PR5"})
"""SSDA903 placement provider codes (PLACE_PROVIDER); may be blank."""

EARLIEST_DATE: Final[date] = date(1990, 1, 1)
"""No date in a return (DOB, DECOM, DEC) is earlier: a child born before 1990 is over 18 in
every return the reader can meet."""

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Rule:
    """A data-quality rule: its severity and what valid data look like (or what the reader does)."""

    name: str
    severity: Severity
    expected: str


_RULE_LIST: tuple[Rule, ...] = (
    Rule("missing_value", "error", "a value in every row for CHILD, DECOM, RNE, LS, PLACE (episodes.csv) and CHILD, DOB (header.csv)"),
    Rule("two_digit_year", "error", "a date with a four-digit year, DD/MM/YYYY (a two-digit year is refused, not guessed)"),
    Rule("date_format", "error", "a date DD/MM/YYYY (a time after it, e.g. 01/05/2020 00:00, is ignored) or YYYY-MM-DD"),
    Rule("unknown_place_code", "error", f"an SSDA903 PLACE code: {', '.join(sorted(PLACE_CODES))}"),
    Rule("unknown_ls_code", "error", f"an SSDA903 legal status (LS) code: {', '.join(sorted(LS_CODES))}"),
    Rule("unknown_rne_code", "error", f"an SSDA903 reason for new episode (RNE) code: {', '.join(sorted(RNE_CODES))}"),
    Rule("unknown_rec_code", "error", f"an SSDA903 reason episode ceased (REC) code or blank: {', '.join(sorted(REC_CODES))}"),
    Rule("unknown_place_provider_code", "error", f"an SSDA903 PLACE_PROVIDER code or blank: {', '.join(sorted(PLACE_PROVIDER_CODES))}"),
    Rule("child_not_in_header", "error", "a child with a row in the same return's header.csv"),
    Rule("date_before_1990", "error", "a date on or after 01/01/1990"),
    Rule("date_after_return_year", "error", "a DOB or DECOM on or before the 31 March that ends the return year"),
    Rule("dec_after_last_return", "error", "a DEC on or before the 31 March that ends the latest return (it would move the end of the data)"),
    Rule("dob_after_decom", "error", "a date of birth on or before the start (DECOM) of each of the child's episodes"),
    Rule("dec_before_decom", "error", "an episode end (DEC) on or after its start (DECOM)"),
    Rule("conflicting_episode", "error", "one row per CHILD and DECOM in a return (rows with the same key and different content)"),
    Rule("two_dobs", "error", "one date of birth per child in every header row and return"),
    Rule("two_open_episodes", "error", "at most one open episode (no DEC) per child once the latest returns are taken"),
    Rule("duplicate_episode", "warning", "identical rows for one CHILD and DECOM in a return: one kept"),
    Rule("duplicate_header_row", "warning", "identical header rows for one child in a return: one kept"),
    Rule("dec_after_return_year", "warning", "a DEC after the 31 March ending its return, within the later returns: kept"),
    Rule("episode_revised", "warning", "an episode whose content changed between returns (beyond being closed): the latest return kept"),
    Rule("two_open_episodes_in_return", "warning", "two open episodes for one child in a return, closed by a later return: the later return kept"),
    Rule(
        "overlapping_episodes", "warning", "an episode starting before the child's previous one ends: the previous one is taken to end at this DECOM"
    ),
)

RULES: Final[dict[str, Rule]] = {r.name: r for r in _RULE_LIST}
"""Every rule by name, errors first, in the order errors are reported."""

QUALITY_COLUMNS: Final[tuple[str, ...]] = ("rule", "severity", "child", "year", "detail")
"""Columns of the data-quality table (``data_quality.csv``)."""

_FINDING_SCHEMA: Final[dict[str, type[pl.DataType]]] = {
    "rule": pl.String,
    "severity": pl.String,
    "child": pl.String,
    "year": pl.Int64,
    "detail": pl.String,
    "_file": pl.String,
    "_row": pl.Int64,
    "_column": pl.String,
    "_value": pl.String,
}

_DMY = r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
_ISO = r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
_TWO_DIGIT_YEAR = r"^\d{1,2}/\d{1,2}/\d{2}(?:[ T].*)?$"


def parse_date(text: pl.Expr) -> pl.Expr:
    """A date from ``DD/MM/YYYY`` or ``YYYY-MM-DD`` text, with or without a time after it (ignored);
    null for anything else (two-digit years, impossible days such as 31/02/2020)."""
    dmy = text.str.extract_groups(_DMY)
    iso = text.str.extract_groups(_ISO)
    year = pl.coalesce(dmy.struct.field("3"), iso.struct.field("1"))
    month = pl.coalesce(dmy.struct.field("2"), iso.struct.field("2")).str.zfill(2)
    day = pl.coalesce(dmy.struct.field("1"), iso.struct.field("3")).str.zfill(2)
    return pl.concat_str([year, month, day], separator="-").str.strptime(pl.Date, "%Y-%m-%d", strict=False)


def _ddmmyyyy(column: str) -> pl.Expr:
    return pl.col(column).dt.strftime("%d/%m/%Y")


def _findings(frame: pl.DataFrame, rule: str, column: str, detail: pl.Expr, value: pl.Expr | None = None) -> pl.DataFrame:
    """Rows of ``frame`` (CHILD, return_year, _file, _name, _row) as findings of ``rule``."""
    if frame.height == 0:
        return pl.DataFrame(schema=_FINDING_SCHEMA)
    cell = pl.col(f"_{column}_text") if f"_{column}_text" in frame.columns else pl.col(column).cast(pl.String)
    return frame.select(
        pl.lit(rule).alias("rule"),
        pl.lit(RULES[rule].severity).alias("severity"),
        pl.col("CHILD").fill_null("").alias("child"),
        pl.col("return_year").cast(pl.Int64).alias("year"),
        pl.format("{}/{} row {}: {}", pl.col("return_year"), pl.col("_name"), pl.col("_row"), detail).alias("detail"),
        pl.col("_file"),
        pl.col("_row").cast(pl.Int64),
        pl.lit(column).alias("_column"),
        (cell if value is None else value).fill_null("").cast(pl.String).alias("_value"),
    )


def check_rows(episodes: pl.DataFrame, header: pl.DataFrame, last_day: date) -> pl.DataFrame:
    """Findings in the rows of every return, before de-duplication.

    ``episodes`` and ``header`` are every return's rows (codes upper case, blanks null, dates
    parsed with the text kept as ``_<COLUMN>_text``) with ``return_year``, ``_file``, ``_name``
    and ``_row`` (line in the file). ``last_day`` is the 31 March ending the latest return.
    """
    found: list[pl.DataFrame] = []
    for frame, required in ((episodes, ("CHILD", "DECOM", "RNE", "LS", "PLACE")), (header, ("CHILD", "DOB"))):
        for column in required:
            cell = f"_{column}_text" if f"_{column}_text" in frame.columns else column
            found.append(_findings(frame.filter(pl.col(cell).is_null()), "missing_value", column, pl.lit(f"{column} is empty")))
        for column in [c for c in ("DECOM", "DEC", "DOB") if c in frame.columns]:
            text = pl.col(f"_{column}_text")
            unparsed = frame.filter(text.is_not_null() & pl.col(column).is_null())
            two_digit = text.str.contains(_TWO_DIGIT_YEAR)
            found.append(_findings(unparsed.filter(two_digit), "two_digit_year", column, pl.format(f"{column} '{{}}' has a two-digit year", text)))
            found.append(_findings(unparsed.filter(~two_digit), "date_format", column, pl.format(f"{column} '{{}}' is not a date DD/MM/YYYY", text)))
            found.append(
                _findings(
                    frame.filter(pl.col(column) < EARLIEST_DATE),
                    "date_before_1990",
                    column,
                    pl.format(f"{column} {{}} is before 1990", _ddmmyyyy(column)),
                )
            )
            year_end = pl.date(pl.col("return_year") + 1, 3, 31)
            if column == "DEC":
                late = frame.filter(pl.col(column) > last_day)
                found.append(
                    _findings(
                        late,
                        "dec_after_last_return",
                        column,
                        pl.format(f"DEC {{}} is after the latest return's end {last_day:%d/%m/%Y}", _ddmmyyyy(column)),
                    )
                )
                after = frame.filter((pl.col(column) > year_end) & (pl.col(column) <= last_day))
                found.append(
                    _findings(
                        after, "dec_after_return_year", column, pl.format("DEC {} is after 31/03/{}", _ddmmyyyy(column), pl.col("return_year") + 1)
                    )
                )
            else:
                after = frame.filter(pl.col(column) > year_end)
                found.append(
                    _findings(
                        after,
                        "date_after_return_year",
                        column,
                        pl.format(f"{column} {{}} is after 31/03/{{}}", _ddmmyyyy(column), pl.col("return_year") + 1),
                    )
                )

    for column, codes, rule in (
        ("PLACE", PLACE_CODES, "unknown_place_code"),
        ("LS", LS_CODES, "unknown_ls_code"),
        ("RNE", RNE_CODES, "unknown_rne_code"),
        ("REC", REC_CODES, "unknown_rec_code"),
        ("PLACE_PROVIDER", PLACE_PROVIDER_CODES, "unknown_place_provider_code"),
    ):
        bad = episodes.filter(pl.col(column).is_not_null() & ~pl.col(column).is_in(sorted(codes)))
        found.append(_findings(bad, rule, column, pl.format(f"{column} '{{}}' is not an SSDA903 code", pl.col(column))))

    orphans = episodes.filter(pl.col("CHILD").is_not_null()).join(
        header.select("CHILD", "return_year").unique(), on=["CHILD", "return_year"], how="anti"
    )
    found.append(
        _findings(orphans, "child_not_in_header", "CHILD", pl.format("child {} has no row in {}/header.csv", pl.col("CHILD"), pl.col("return_year")))
    )

    bad_end = episodes.filter(pl.col("DEC") < pl.col("DECOM"))
    found.append(_findings(bad_end, "dec_before_decom", "DEC", pl.format("DEC {} is before DECOM {}", _ddmmyyyy("DEC"), _ddmmyyyy("DECOM"))))
    dob = header.sort("return_year", "_row").unique(["CHILD", "return_year"], keep="first", maintain_order=True).select("CHILD", "return_year", "DOB")
    young = episodes.join(dob, on=["CHILD", "return_year"], how="inner").filter(pl.col("DOB") > pl.col("DECOM"))
    found.append(
        _findings(young, "dob_after_decom", "DECOM", pl.format("DECOM {} is before the date of birth {}", _ddmmyyyy("DECOM"), _ddmmyyyy("DOB")))
    )

    found.append(_duplicates(episodes))
    found.append(_header_conflicts(header))
    return _collect(found)


_CONTENT: Final[tuple[str, ...]] = ("RNE", "LS", "PLACE", "PLACE_PROVIDER", "DEC", "REC")
"""Episode columns the reader uses besides the key (CHILD, DECOM)."""


def _duplicates(episodes: pl.DataFrame) -> pl.DataFrame:
    """Repeated CHILD + DECOM in one return: identical (warning) or different (error)."""
    key = ["return_year", "CHILD", "DECOM"]
    frame = episodes.filter(pl.col("CHILD").is_not_null() & pl.col("DECOM").is_not_null()).sort(*key, "_row")
    frame = frame.with_columns(
        pl.col("_row").first().over(key).alias("_first_row"),
        pl.all_horizontal([pl.col(c).eq_missing(pl.col(c).first().over(key)) for c in _CONTENT]).alias("_same"),
    ).filter(pl.col("_row") != pl.col("_first_row"))
    where = pl.format("CHILD {} DECOM {} is also at row {}", pl.col("CHILD"), _ddmmyyyy("DECOM"), pl.col("_first_row"))
    return pl.concat(
        [
            _findings(frame.filter(pl.col("_same")), "duplicate_episode", "DECOM", pl.format("{} (identical; dropped)", where)),
            _findings(
                frame.filter(~pl.col("_same")), "conflicting_episode", "DECOM", pl.format("{} with different {}", where, pl.lit("/".join(_CONTENT)))
            ),
        ]
    )


def _header_conflicts(header: pl.DataFrame) -> pl.DataFrame:
    """A child's date of birth differing between header rows (error); repeated rows (warning)."""
    frame = header.filter(pl.col("CHILD").is_not_null() & pl.col("DOB").is_not_null()).sort("CHILD", "return_year", "_row")
    frame = frame.with_columns(
        pl.col("DOB").first().over("CHILD").alias("_first_dob"),
        pl.format("{}/header.csv row {}", pl.col("return_year"), pl.col("_row")).first().over("CHILD").alias("_first_where"),
        pl.col("_row").cum_count().over("CHILD", "return_year").alias("_nth_in_return"),
    )
    other = frame.filter(pl.col("DOB") != pl.col("_first_dob"))
    repeated = frame.filter((pl.col("DOB") == pl.col("_first_dob")) & (pl.col("_nth_in_return") > 1))
    return pl.concat(
        [
            _findings(
                other, "two_dobs", "DOB", pl.format("DOB {} here, {} at {}", _ddmmyyyy("DOB"), _ddmmyyyy("_first_dob"), pl.col("_first_where"))
            ),
            _findings(repeated, "duplicate_header_row", "CHILD", pl.format("child {} repeated in this header (dropped)", pl.col("CHILD"))),
        ]
    )


def check_returns_agree(episodes: pl.DataFrame) -> pl.DataFrame:
    """Episodes (one row per return, after in-return duplicates are dropped) whose content changed
    between returns other than by closing: a DEC filled in later (and its REC) is an update."""
    key = ["CHILD", "DECOM"]
    frame = episodes.sort(*key, "return_year", "_row").with_columns(
        *[pl.col(c).shift(1).over(key).alias(f"_prev_{c}") for c in _CONTENT], pl.col("return_year").shift(1).over(key).alias("_prev_year")
    )
    closed_later = pl.col("_prev_DEC").is_null() & pl.col("DEC").is_not_null()
    changed = [
        pl.when(~pl.col(c).eq_missing(pl.col(f"_prev_{c}")) & ~(closed_later & pl.lit(c in ("DEC", "REC")) & pl.col(f"_prev_{c}").is_null()))
        .then(pl.lit(c))
        .otherwise(None)
        for c in _CONTENT
    ]
    frame = frame.filter(pl.col("_prev_year").is_not_null()).with_columns(pl.concat_str(changed, separator="/", ignore_nulls=True).alias("_changed"))
    frame = frame.filter(pl.col("_changed").is_not_null() & (pl.col("_changed") != ""))
    detail = pl.format(
        "CHILD {} DECOM {}: {} differs from the {} return", pl.col("CHILD"), _ddmmyyyy("DECOM"), pl.col("_changed"), pl.col("_prev_year")
    )
    return _collect([_findings(frame, "episode_revised", "DECOM", detail)])


def check_episodes(episodes: pl.DataFrame, rows: pl.DataFrame) -> pl.DataFrame:
    """Findings in the de-duplicated episodes (one per CHILD + DECOM, sorted by CHILD and DECOM):
    two open episodes at once (error), overlaps (warning); and two open episodes in one return
    (``rows``: every return's rows) that a later return resolves (warning)."""
    frame = episodes.sort("CHILD", "DECOM").with_columns(
        pl.col("DEC").is_null().cum_sum().over("CHILD").alias("_open_so_far"),
        pl.col("DECOM").shift(1).over("CHILD").alias("_prev_start"),
        pl.col("DEC").shift(1).over("CHILD").alias("_prev_end"),
    )
    second_open = frame.filter(pl.col("DEC").is_null() & (pl.col("_open_so_far") > 1))
    found = [
        _findings(
            second_open,
            "two_open_episodes",
            "DEC",
            pl.format("episode from DECOM {} is open while an earlier one is still open", _ddmmyyyy("DECOM")),
        )
    ]
    overlap = frame.filter(pl.col("_prev_start").is_not_null() & (pl.col("_prev_end").is_null() | (pl.col("DECOM") < pl.col("_prev_end"))))
    overlap = overlap.join(second_open.select("CHILD", "DECOM"), on=["CHILD", "DECOM"], how="anti")
    ends = pl.when(pl.col("_prev_end").is_null()).then(pl.lit("has no end")).otherwise(pl.format("ends {}", _ddmmyyyy("_prev_end")))
    found.append(
        _findings(
            overlap,
            "overlapping_episodes",
            "DECOM",
            pl.format(
                "DECOM {} is before the previous episode (DECOM {}) {}; that one taken to end here",
                _ddmmyyyy("DECOM"),
                _ddmmyyyy("_prev_start"),
                ends,
            ),
        )
    )
    open_rows = rows.filter(pl.col("DEC").is_null() & pl.col("DECOM").is_not_null()).sort("CHILD", "return_year", "DECOM", "_row")
    open_rows = open_rows.with_columns(pl.col("_row").cum_count().over("CHILD", "return_year").alias("_nth_open"))
    in_return = open_rows.filter(pl.col("_nth_open") > 1).join(second_open.select("CHILD").unique(), on="CHILD", how="anti")
    found.append(
        _findings(
            in_return,
            "two_open_episodes_in_return",
            "DEC",
            pl.format("episode from DECOM {} is open with another open one in this return; a later return closes it", _ddmmyyyy("DECOM")),
        )
    )
    return _collect(found)


def _collect(found: list[pl.DataFrame]) -> pl.DataFrame:
    """Findings in a fixed order: rules as in ``RULES``, then year, file, row, child."""
    table = pl.concat([pl.DataFrame(schema=_FINDING_SCHEMA), *found], how="vertical")
    order = {name: i for i, name in enumerate(RULES)}
    return table.sort(pl.col("rule").replace_strict(order, return_dtype=pl.Int64), "year", "_file", "_row", "child", "_column", "detail")


def combine(*tables: pl.DataFrame) -> pl.DataFrame:
    """Several findings tables as one, in the fixed order."""
    return _collect(list(tables))


def refuse_errors(findings: pl.DataFrame, folder: Path) -> None:
    """Raise ``BadInputError`` for the first error rule (in ``RULES`` order) with findings: the
    first offending file and row, the rule, the first few children and the count in all."""
    errors = findings.filter(pl.col("severity") == "error")
    if errors.height == 0:
        return
    rule = RULES[errors["rule"][0]]
    rows = errors.filter(pl.col("rule") == rule.name)
    first = rows.row(0, named=True)
    children = list(dict.fromkeys(c for c in rows["child"].to_list() if c))
    shown = ", ".join(children[:3]) + (f" and {len(children) - 3} more" if len(children) > 3 else "")
    others = [r for r in dict.fromkeys(errors["rule"].to_list()) if r != rule.name]
    also = f"; other errors: {', '.join(others)}" if others else ""
    count = f"{rows.height} row{'s' if rows.height != 1 else ''} in all"
    key = f"row {first['_row']}.{first['_column']}" if first["_row"] is not None else first["_column"]
    raise BadInputError(
        first["_file"] or folder,
        key,
        first["_value"],
        f"{rule.expected} [rule {rule.name}: {count}, children {shown}; first: {first['detail']}{also}]",
    )


def quality_table(findings: pl.DataFrame) -> pl.DataFrame:
    """The public data-quality table: rule, severity, child, year, detail."""
    return findings.select(QUALITY_COLUMNS)


def summary_lines(quality: pl.DataFrame) -> list[str]:
    """One line per rule with findings: ``warning: rule: N rows (what the reader did); first: ...``."""
    lines = []
    for name in RULES:
        rows = quality.filter(pl.col("rule") == name)
        if rows.height:
            first = rows.row(0, named=True)
            lines.append(
                f"{first['severity']}: {name}: {rows.height} row{'s' if rows.height != 1 else ''} ({RULES[name].expected}); first: child {first['child']}, {first['detail']}"
            )
    return lines
