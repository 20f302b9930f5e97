"""Reader for the DfE "Education, health and care plans" statistics (SEN2), every English council.

The files are the release's underlying data as published on explore-education-statistics
(``caseload.csv``, ``newplans.csv``, ``requests.csv``, ``assessments.csv``, ``ceased_plans.csv``,
``timeliness_20_week.csv``, ``sen_needs_all_plans_shares.csv``, ``sen_need_newplans_shares.csv``, ...).
Contains public sector information licensed under the Open Government Licence v3.0.
Source: Department for Education.

Every file is read into one tidy frame with the columns
``la_code, old_la_code, la_name, geographic_level, period, period_type, period_start, period_end,
date, breakdown_topic, breakdown, measure, value, code``:

- ``period`` is DfE's ``time_period``: ``202324`` is the census of January 2024 (academic-year
  files), ``2023`` the calendar year 2023 (flow files).
- ``date`` is the census day for census files and the last day of the year for flow files.
  DfE's data guidance says only "as at January"; we take the school census day, the third
  Thursday of January (18 January 2024, 19 January 2023, ... 17 January 2019).
- ``value`` is a float; DfE's non-numeric codes ``x`` (unavailable), ``z`` (not applicable),
  ``c`` (confidential), ``low``, ``u`` and empty cells are missing (null), never zero. ``code``
  keeps the code so that suppressed cells can be counted.

A file of another layout (a missing column, text in a count column) is refused with one
``BadInputError`` naming the file and the columns expected.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import polars as pl

from sefton_sim.errors import BadInputError
from sefton_sim.model import states as st

ATTRIBUTION: Final[str] = "Contains public sector information licensed under the Open Government Licence v3.0. Source: Department for Education"
MISSING_CODES: Final[tuple[str, ...]] = ("x", "z", "c", "low", "u", "")
"""DfE's non-numeric cell codes, read as missing (null) values."""

ID_COLUMNS: Final[tuple[str, ...]] = (
    "time_period",
    "time_identifier",
    "geographic_level",
    "new_la_code",
    "old_la_code",
    "la_name",
    "breakdown_topic",
    "breakdown",
)
"""Columns every DfE file of this release has before its measure columns."""
TEXT_COLUMNS: Final[tuple[str, ...]] = (*ID_COLUMNS, "country_code", "country_name", "region_code", "region_name")

SETTING_OF_COLUMN: Final[dict[str, str]] = {
    # mainstream: mainstream schools without their SEN units / resourced provision, incl. early years
    "mainstream_la_maintained": "mainstream",
    "mainstream_academy": "mainstream",
    "mainstream_free_school": "mainstream",
    "mainstream_independent": "mainstream",
    "nm_early_years": "mainstream",
    # SEN units and resourced provision in every type of mainstream school
    "mainstream_la_maintained_senunit": "sen_unit",
    "mainstream_la_maintained_resourced_provision": "sen_unit",
    "mainstream_academy_senunit": "sen_unit",
    "mainstream_academy_resourced_provision": "sen_unit",
    "mainstream_free_school_senunit": "sen_unit",
    "mainstream_free_school_resourced_provision": "sen_unit",
    # state-funded special schools
    "special_la_maintained": "special",
    "special_academy_free": "special",
    # independent and non-maintained special schools (INMSS)
    "special_independent": "inmss",
    "special_non_maintained": "inmss",
    # further education and post-16
    "general_fe_tertiary_colleges": "college",
    "specialist_post_16_institutions": "college",
    "ukrlp_provider": "college",
    # alternative provision, educated elsewhere, not in education, not recorded
    "ap_pru_la_maintained": "ap_other",
    "ap_pru_academy": "ap_other",
    "ap_pru_free_school": "ap_other",
    "elective_home_education": "ap_other",
    "other_arrangements_la": "ap_other",
    "other_arrangements_parents": "ap_other",
    "online_provider": "ap_other",
    "w_settings": "ap_other",
    "other_schools": "ap_other",
    "other_placement_settings": "ap_other",
    "neet": "ap_other",
    "neet_ntci": "ap_other",
    "neet_other": "ap_other",
    "neet_other_csa": "ap_other",
    "placement_unknown": "ap_other",
    "await_prov_2022": "ap_other",
    "perm_ex_2022": "ap_other",
}
"""The establishment columns of ``caseload.csv`` and ``newplans.csv`` mapped to the model's settings.

Only leaf columns are mapped, so nothing is counted twice; the DfE sub-totals are in
``SUBTOTAL_COLUMNS`` and are checked, not summed. The leaves of all settings together are
checked against ``ehcplans`` (``new_ehc_plans``): the difference is the settings residual.

- mainstream: LA-maintained, academy and free-school mainstream places outside their SEN units
  and resourced provision, plus mainstream independent schools and non-maintained early-years
  settings. Mainstream independent schools stay in mainstream because DfE counts them in
  ``mainstream_total`` and not in ``special_total`` (data-guidance.txt), and the INMSS
  definition of the model (independent / non-maintained *special*) matches
  ``special_independent + special_non_maintained`` (Sefton January 2024: 169 + 68 = 237).
- sen_unit: SEN units and resourced provision of all three mainstream types.
- special: LA-maintained special schools plus special academies and free schools.
- inmss: independent special schools plus non-maintained special schools.
- college: general FE and tertiary colleges, specialist post-16 institutions, UKRLP providers.
- ap_other: AP / PRU (three types), elective home education, other arrangements by the LA or
  parents, online providers, Welsh establishments, other schools, other placement settings,
  NEET and not in education (three kinds), placement not recorded, and before 2023 awaiting
  provision and permanently excluded.
"""

SUBTOTAL_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "mainstream_total": (
        "mainstream_la_maintained",
        "mainstream_la_maintained_resourced_provision",
        "mainstream_la_maintained_senunit",
        "mainstream_academy",
        "mainstream_academy_resourced_provision",
        "mainstream_academy_senunit",
        "mainstream_free_school",
        "mainstream_free_school_resourced_provision",
        "mainstream_free_school_senunit",
        "mainstream_independent",
    ),
    "special_total": ("special_la_maintained", "special_academy_free", "special_independent", "special_non_maintained"),
    "ap_pru_total": ("ap_pru_academy", "ap_pru_free_school", "ap_pru_la_maintained"),
    "fe_total": ("general_fe_tertiary_colleges", "specialist_post_16_institutions", "ukrlp_provider"),
    "ed_elsewhere": (
        "elective_home_education",
        "other_arrangements_la",
        "other_arrangements_parents",
        "online_provider",
        "w_settings",
        "other_schools",
        "other_placement_settings",
        "neet",
        "neet_ntci",
        "neet_other",
        "neet_other_csa",
    ),
}
"""DfE sub-total columns and the leaf columns they add up (never summed with their leaves)."""

NEED_OF_SHARE_COLUMN: Final[dict[str, str]] = {
    "asd_pc": "asd",
    "slcn_pc": "slcn",
    "semh_pc": "semh",
    "mld_pc": "cl",
    "sld_pc": "cl",
    "pmld_pc": "cl",
    "spld_pc": "cl",
    "hi_pc": "pso",
    "vi_pc": "pso",
    "msi_pc": "pso",
    "pd_pc": "pso",
    "oth_pc": "pso",
}
"""DfE primary-need percentages mapped to the model's five needs (``unknown_pc`` is left out and
the rest renormalised): cognition & learning = MLD + SLD + PMLD + SpLD; physical / sensory /
other = HI + VI + MSI + PD + other (incl. Down syndrome, per DfE's footnote)."""

SETTING_COLUMNS: Final[tuple[str, ...]] = tuple(SETTING_OF_COLUMN)
NEED_SHARE_COLUMNS: Final[tuple[str, ...]] = (*NEED_OF_SHARE_COLUMN, "unknown_pc")

EXPECTED_MEASURES: Final[dict[str, tuple[str, ...]]] = {
    "caseload.csv": ("ehcplans", *SETTING_COLUMNS, *SUBTOTAL_COLUMNS),
    "newplans.csv": ("new_ehc_plans", *SETTING_COLUMNS, *SUBTOTAL_COLUMNS),
    "requests.csv": ("requests_received_in_year", "requests_decided_to_assess", "requests_decided_not_to_assess"),
    "assessments.csv": ("assess_issued", "assess_not_issued"),
    "ceased_plans.csv": ("total_ceased", "max_age"),
    "timeliness_20_week.csv": ("plans_issued_den", "plans_issued_within_20_weeks"),
    "sen_needs_all_plans_shares.csv": NEED_SHARE_COLUMNS,
    "sen_need_newplans_shares.csv": NEED_SHARE_COLUMNS,
    "personal_budgets.csv": ("personal_budget",),
    "residential_settings.csv": ("Res_tot",),
}
"""Measure columns each known file must have (besides ``ID_COLUMNS``)."""

TOTAL_MEASURE: Final[dict[str, str]] = {"caseload.csv": "ehcplans", "newplans.csv": "new_ehc_plans"}
ALL_ROWS_TOPIC: Final[dict[str, str]] = {
    "caseload.csv": "All EHC plans",
    "newplans.csv": "New EHC plans",
    "requests.csv": "All requests for EHC needs assessments",
    "assessments.csv": "All EHC needs assessments",
    "ceased_plans.csv": "All ceased EHC plans",
    "timeliness_20_week.csv": "All EHC plans issued",
    "sen_needs_all_plans_shares.csv": "All EHC plans",
    "sen_need_newplans_shares.csv": "All EHC plans",
}
"""The ``breakdown_topic`` of each file's all-children row."""
AGE_TOPICS: Final[tuple[str, ...]] = ("Child or young persons age", "Age when plan started", "Age plan ceased")
SERIES_BREAK_YEAR: Final[int] = 2023
"""SEN2 became a person-level return in 2023: DfE marks a break in the series (data-guidance.txt)."""


def census_date(year: int) -> dt.date:
    """The January census day of ``year``: the third Thursday of January (our reading of "January")."""
    first = dt.date(year, 1, 1)
    first_thursday = first + dt.timedelta(days=(3 - first.weekday()) % 7)
    return first_thursday + dt.timedelta(days=14)


def census_year(period: int) -> int:
    """Census year of an academic-year period (202324 -> 2024)."""
    return period // 100 + 1


def census_period_of_year(year: int) -> int:
    """The academic-year period whose census falls in January of ``year`` (2024 -> 202324)."""
    return (year - 1) * 100 + year % 100


def age_years(breakdown: str) -> int | None:
    """Single year of age of an age breakdown ("age 7", "Aged 7", "under 3", "age 20 and over"); None if unknown."""
    text = breakdown.strip().lower()
    if text in ("under 3", "age 2 and under", "aged 2 and under"):
        return 2
    if text in ("age 20 and over", "aged 20 and over"):
        return 20
    for prefix in ("aged ", "age "):
        if text.startswith(prefix) and text[len(prefix) :].isdigit():
            return int(text[len(prefix) :])
    return None


def age_band(years: int) -> str:
    """The model's age band of a single year of age (0-4, 5-10, 11-15, 16-18, 19-25)."""
    if years <= 4:
        return "early_years"
    if years <= 10:
        return "primary"
    if years <= 15:
        return "secondary"
    if years <= 18:
        return "post16"
    return "post19"


AGE_BAND_OF_YEARS: Final[dict[int, str]] = {a: age_band(a) for a in range(26)}
"""Single ages 0-25 to the model's age bands (``model.states.AGE_BANDS``)."""


def _period_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """period, period_type, period_start, period_end and date from DfE's time_period."""
    periods = sorted(set(frame["period"].to_list()))
    rows = []
    for p in periods:
        if p >= 100000:  # academic year 201819: the census of January 2019
            d = census_date(census_year(p))
            rows.append({"period": p, "period_type": "census", "period_start": d, "period_end": d, "date": d})
        else:  # calendar year
            rows.append(
                {
                    "period": p,
                    "period_type": "calendar_year",
                    "period_start": dt.date(p, 1, 1),
                    "period_end": dt.date(p, 12, 31),
                    "date": dt.date(p, 12, 31),
                }
            )
    lookup = pl.DataFrame(rows, schema={"period": pl.Int64, "period_type": pl.Utf8, "period_start": pl.Date, "period_end": pl.Date, "date": pl.Date})
    return frame.join(lookup, on="period", how="left")


def read_dfe_file(path: str | Path) -> pl.DataFrame:
    """One DfE file as a tidy frame (see the module docstring); refuses files of another layout."""
    path = Path(path)
    if not path.is_file():
        raise BadInputError(path, "(file)", str(path), "an existing DfE EHC plans statistics file")
    try:
        raw = pl.read_csv(path, infer_schema_length=0)
    except Exception as exc:  # polars raises several types for malformed CSV
        raise BadInputError(path, "(csv)", str(exc).splitlines()[0], "a readable CSV file") from None
    expected = EXPECTED_MEASURES.get(path.name, ())
    missing = [c for c in (*ID_COLUMNS, *expected) if c not in raw.columns]
    if missing:
        shown = ", ".join(missing[:6]) + (" ..." if len(missing) > 6 else "")
        raise BadInputError(
            path,
            "columns",
            shown,
            f"the DfE layout of {path.name}: {', '.join(ID_COLUMNS)}" + (f", {', '.join(expected[:4])} ..." if expected else ""),
        )
    measures = [c for c in raw.columns if c not in TEXT_COLUMNS]
    if not measures:
        raise BadInputError(path, "columns", raw.columns, "at least one count column after the DfE identifier columns")
    period = raw["time_period"].cast(pl.Int64, strict=False)
    bad_period = period.is_null() & raw["time_period"].is_not_null()
    if bad_period.any() or raw["time_period"].is_null().any():
        row = int(((bad_period) | raw["time_period"].is_null()).arg_max() or 0) + 2
        raise BadInputError(path, f"row {row}.time_period", raw["time_period"][row - 2], "a DfE time_period such as 202324 or 2023")
    for column in measures:
        text = raw[column].str.strip_chars()
        numbers = text.cast(pl.Float64, strict=False)
        bad = numbers.is_null() & text.is_not_null() & ~text.str.to_lowercase().is_in(list(MISSING_CODES))
        if bad.any():
            row = int(bad.arg_max() or 0)
            raise BadInputError(
                path, f"row {row + 2}.{column}", raw[column][row], f"a count or one of DfE's codes {', '.join(c for c in MISSING_CODES if c)}"
            )
    ids = raw.select(
        pl.col("new_la_code").alias("la_code"),
        pl.col("old_la_code"),
        pl.col("la_name"),
        pl.col("geographic_level"),
        period.alias("period"),
        pl.col("breakdown_topic"),
        pl.col("breakdown"),
        *[pl.col(c) for c in measures],
    )
    tidy = ids.unpivot(
        index=["la_code", "old_la_code", "la_name", "geographic_level", "period", "breakdown_topic", "breakdown"],
        variable_name="measure",
        value_name="text",
    )
    tidy = tidy.with_columns(pl.col("text").str.strip_chars().alias("text"))
    tidy = tidy.with_columns(
        pl.col("text").cast(pl.Float64, strict=False).alias("value"),
        pl.when(pl.col("text").cast(pl.Float64, strict=False).is_null())
        .then(pl.col("text").fill_null("").str.to_lowercase())
        .otherwise(None)
        .alias("code"),
    ).drop("text")
    tidy = _period_columns(tidy)
    return tidy.select(
        "la_code",
        "old_la_code",
        "la_name",
        "geographic_level",
        "period",
        "period_type",
        "period_start",
        "period_end",
        "date",
        "breakdown_topic",
        "breakdown",
        "measure",
        "value",
        "code",
    )


@dataclass(frozen=True)
class Council:
    """One English council as the DfE files name it: code and name at the latest period, old (3-digit) code."""

    la_code: str
    old_la_code: str
    la_name: str
    codes: tuple[str, ...]  # every new_la_code used for it over the years (e.g. Buckinghamshire's two)


@dataclass
class DfeStatistics:
    """A folder of DfE EHC plans statistics files, each read once when first asked for."""

    folder: Path
    _frames: dict[str, pl.DataFrame] = field(default_factory=dict, repr=False)

    def frame(self, name: str) -> pl.DataFrame:
        """The tidy frame of file ``name`` (e.g. ``caseload.csv``)."""
        if name not in self._frames:
            self._frames[name] = read_dfe_file(self.folder / name)
        return self._frames[name]

    def path(self, name: str) -> Path:
        """Where file ``name`` lives."""
        return self.folder / name

    def councils(self) -> list[Council]:
        """Every council in ``caseload.csv``, named by its code and name at its latest census."""
        frame = self.frame("caseload.csv").filter(pl.col("geographic_level") == "Local authority")
        keys = frame.select("old_la_code", "la_code", "la_name", "period").unique().sort("period")
        out = []
        for old, group in keys.group_by("old_la_code", maintain_order=True):
            latest = group.row(-1, named=True)
            codes = tuple(sorted(set(group["la_code"].to_list())))
            out.append(Council(latest["la_code"], str(old[0]), latest["la_name"], codes))
        return sorted(out, key=lambda c: c.la_name)

    def resolve(self, la: str) -> Council:
        """The council named by ``la``: a code (E08000015), an old code (344) or a name (case-insensitive)."""
        return resolve_council(self.councils(), la, self.path("caseload.csv"))

    def council_rows(self, name: str, council: Council, topic: str | None = None) -> pl.DataFrame:
        """Rows of file ``name`` for one council (joined over code changes by its old code)."""
        frame = self.frame(name).filter((pl.col("geographic_level") == "Local authority") & (pl.col("old_la_code") == council.old_la_code))
        if topic is not None:
            frame = frame.filter(pl.col("breakdown_topic") == topic)
        return frame

    def all_rows(self, name: str, council: Council) -> pl.DataFrame:
        """A council's all-children rows of file ``name``."""
        return self.council_rows(name, council, ALL_ROWS_TOPIC[name])

    def national_rows(self, name: str, topic: str | None = None) -> pl.DataFrame:
        """England's rows of file ``name``."""
        frame = self.frame(name).filter(pl.col("geographic_level") == "National")
        return frame if topic is None else frame.filter(pl.col("breakdown_topic") == topic)


def load_statistics(folder: str | Path) -> DfeStatistics:
    """The DfE statistics folder (files are read lazily, once each)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise BadInputError(folder, "--stats", str(folder), "a folder holding the DfE EHC plans statistics files (caseload.csv, newplans.csv, ...)")
    if not (folder / "caseload.csv").is_file():
        raise BadInputError(folder / "caseload.csv", "(file)", str(folder), "the DfE file caseload.csv in the statistics folder")
    return DfeStatistics(folder)


def resolve_council(councils: list[Council], la: str, path: Path) -> Council:
    """Find a council by code or name; one-line error listing close matches if unknown or ambiguous."""
    text = la.strip()
    by_code = [c for c in councils if text.upper() in c.codes or text == c.old_la_code]
    if len(by_code) == 1:
        return by_code[0]
    by_name = [c for c in councils if c.la_name.lower() == text.lower()]
    if len(by_name) == 1:
        return by_name[0]
    if len(by_name) > 1 or len(by_code) > 1:
        options = ", ".join(f"{c.la_code} {c.la_name}" for c in (by_name or by_code))
        raise BadInputError(path, "LA", la, f"one council; several match: {options} (give the code)")
    contains = [c for c in councils if text.lower() in c.la_name.lower()] if len(text) >= 3 else []
    names = {c.la_name.lower(): c for c in councils}
    close = [names[n] for n in difflib.get_close_matches(text.lower(), list(names), n=5, cutoff=0.6)]
    suggestions = list(dict.fromkeys([*contains, *close]))[:5]
    hint = "; close matches: " + ", ".join(f"{c.la_code} {c.la_name}" for c in suggestions) if suggestions else ""
    raise BadInputError(path, "LA", la, f"a council code (e.g. E08000015) or name in the DfE file{hint}")


def wide(frame: pl.DataFrame, index: list[str]) -> pl.DataFrame:
    """Tidy rows back to one column per measure (values, nulls kept)."""
    return frame.pivot(on="measure", index=index, values="value", aggregate_function="first")


def settings_by_period(frame: pl.DataFrame, file_name: str = "caseload.csv") -> pl.DataFrame:
    """Children by model setting for every (period, breakdown) of tidy rows, with the DfE total and residual.

    Columns: period, date, breakdown_topic, breakdown, setting columns (one per model setting),
    total (DfE ``ehcplans`` / ``new_ehc_plans``), settings_sum, residual (total - settings_sum),
    missing_cells (leaf establishment cells coded x/z/... for that row).
    """
    total = TOTAL_MEASURE[file_name]
    leaves = frame.filter(pl.col("measure").is_in(SETTING_COLUMNS)).with_columns(pl.col("measure").replace_strict(SETTING_OF_COLUMN).alias("setting"))
    keys = ["period", "date", "breakdown_topic", "breakdown"]
    by_setting = leaves.group_by([*keys, "setting"]).agg(pl.col("value").sum().alias("children"), pl.col("value").is_null().sum().alias("missing"))
    grid = by_setting.pivot(on="setting", index=keys, values="children")
    for s in st.SETTINGS:
        if s not in grid.columns:
            grid = grid.with_columns(pl.lit(0.0).alias(s))
    missing = by_setting.group_by(keys).agg(pl.col("missing").sum().alias("missing_cells"))
    totals = frame.filter(pl.col("measure") == total).select(*keys, pl.col("value").alias("total"))
    out = grid.join(totals, on=keys, how="left").join(missing, on=keys, how="left")
    out = out.with_columns(pl.sum_horizontal(*[pl.col(s) for s in st.SETTINGS]).alias("settings_sum"))
    out = out.with_columns((pl.col("total") - pl.col("settings_sum")).alias("residual"))
    return out.select(*keys, *st.SETTINGS, "total", "settings_sum", "residual", "missing_cells").sort(keys)


def subtotal_check(frame: pl.DataFrame) -> pl.DataFrame:
    """Each DfE sub-total against the sum of its leaves, per (period, breakdown): difference column."""
    keys = ["period", "breakdown_topic", "breakdown"]
    rows = []
    for subtotal, parts in SUBTOTAL_COLUMNS.items():
        leaves = frame.filter(pl.col("measure").is_in(parts)).group_by(keys).agg(pl.col("value").sum().alias("leaves"))
        tot = frame.filter(pl.col("measure") == subtotal).select(*keys, pl.col("value").alias("subtotal"))
        rows.append(tot.join(leaves, on=keys, how="left").with_columns(pl.lit(subtotal).alias("measure")))
    out = pl.concat(rows)
    return out.with_columns((pl.col("subtotal") - pl.col("leaves")).alias("difference"))


def need_shares(frame: pl.DataFrame) -> pl.DataFrame:
    """Model need shares (asd, slcn, semh, cl, pso summing to 1) per (period, breakdown) of a *_shares file.

    Primary need not recorded is left out; rows whose need percentages are all missing are dropped.
    """
    keys = ["period", "breakdown_topic", "breakdown"]
    parts = frame.filter(pl.col("measure").is_in(list(NEED_OF_SHARE_COLUMN))).with_columns(
        pl.col("measure").replace_strict(NEED_OF_SHARE_COLUMN).alias("need")
    )
    by_need = parts.group_by([*keys, "need"]).agg(pl.col("value").sum().alias("pc"), pl.col("value").is_not_null().sum().alias("known"))
    totals = by_need.group_by(keys).agg(pl.col("pc").sum().alias("_sum"), pl.col("known").sum().alias("_known"))
    out = by_need.join(totals, on=keys).filter((pl.col("_known") > 0) & (pl.col("_sum") > 0))
    return out.with_columns((pl.col("pc") / pl.col("_sum")).alias("share")).select(*keys, "need", "share").sort([*keys, "need"])


def data_quality(stats: DfeStatistics, council: Council) -> dict[str, object]:
    """Quality summary of one council's DfE series.

    Suppressed (coded) cells in its all-children rows, the 2023 series break, placements not
    recorded at the latest census, the settings residual (DfE total minus mapped settings) per
    census, and whether the council changed boundary or code within the series.
    """
    cells = 0
    coded = 0
    for name in ("caseload.csv", "newplans.csv", "requests.csv", "assessments.csv", "ceased_plans.csv", "timeliness_20_week.csv"):
        if not stats.path(name).is_file():
            continue
        rows = stats.all_rows(name, council)
        cells += rows.height
        coded += rows.filter(pl.col("code").is_not_null()).height
    caseload = stats.all_rows("caseload.csv", council)
    by_census = settings_by_period(caseload)
    censuses = sorted(by_census["period"].to_list())
    latest = by_census.filter(pl.col("period") == max(censuses)).row(0, named=True) if censuses else {}
    unknown = caseload.filter((pl.col("measure") == "placement_unknown") & (pl.col("period") == (max(censuses) if censuses else 0)))[
        "value"
    ].to_list()
    unknown_value = unknown[0] if unknown and unknown[0] is not None else None
    total = latest.get("total") or 0.0
    all_censuses = sorted(set(stats.frame("caseload.csv").filter(pl.col("geographic_level") == "Local authority")["period"].to_list()))
    residuals = {census_date(census_year(r["period"])).isoformat(): r["residual"] for r in by_census.iter_rows(named=True)}
    stock = {census_year(r["period"]): r["total"] for r in by_census.iter_rows(named=True)}
    growth = {y: stock[y] / stock[y - 1] - 1 for y in stock if y - 1 in stock and stock[y - 1]}
    earlier = [g for y, g in growth.items() if y < SERIES_BREAK_YEAR]
    jump = growth.get(SERIES_BREAK_YEAR)
    return {
        "la_code": council.la_code,
        "la_name": council.la_name,
        "old_la_code": council.old_la_code,
        "cells": cells,
        "suppressed_cells": coded,
        "suppressed_share": round(coded / cells, 4) if cells else None,
        "censuses": len(censuses),
        "complete_census_series": censuses == all_censuses,
        "code_changed": len(council.codes) > 1,
        "series_break_2023": "SEN2 person-level from 2023 (DfE): 2022 to 2023 growth "
        + (f"{100 * jump:+.1f}% vs {100 * sum(earlier) / len(earlier):+.1f}%/yr before" if jump is not None and earlier else "not available"),
        "growth_2023_minus_mean_before": round(jump - sum(earlier) / len(earlier), 4) if jump is not None and earlier else None,
        "placement_not_recorded_share": round(unknown_value / total, 4) if unknown_value is not None and total else None,
        "settings_residual_latest": latest.get("residual"),
        "settings_residual_by_census": residuals,
        "max_abs_settings_residual": max((abs(v) for v in residuals.values() if v is not None), default=None),
    }
