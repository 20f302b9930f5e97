"""Load a council data folder into frozen arrays the engines read.

Tables (all CSV, all with a ``source`` column):
``send_stock_base.csv``, ``send_capacity.csv``, ``send_settings.csv``,
``send_new_plan_placement.csv``, ``send_phase_transfer.csv``, ``send_request_mix.csv``,
``send_parameters.csv``, ``send_history.csv`` and, once calibrated, ``send_fitted_parameters.csv``
and ``send_posterior_draws.csv``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from sefton_sim.data import tables as t
from sefton_sim.data.posterior_draws import load_posterior_draws
from sefton_sim.errors import BadInputError
from sefton_sim.model import limits as lim
from sefton_sim.model import states as st

FITTED_FILE = "send_fitted_parameters.csv"


@dataclass(frozen=True)
class Parameter:
    """A named model value with its plausible range and where it comes from."""

    name: str
    value: float
    low: float
    high: float
    unit: str
    calibrated: bool
    source: str
    sd: float | None = None


@dataclass(frozen=True)
class Provision:
    """In-borough specialist places: setting, age bands and needs served, opening date."""

    name: str
    setting: str
    age_bands: tuple[str, ...]
    needs: tuple[str, ...]
    places: int
    opens: dt.date
    source: str
    capital_cost_gbp: float | None = None


@dataclass(frozen=True)
class CouncilData:
    """Everything the engines read about one council, as checked arrays."""

    folder: Path
    stock_base: np.ndarray  # [A, N, S] children at the base date (or at ``stock_date``, see below)
    provisions: tuple[Provision, ...]
    cost_gbp_per_child_per_year: np.ndarray  # [S]
    share_transported: np.ndarray  # [S]
    transport_cost_gbp_per_pupil_per_year: np.ndarray  # [S]
    new_plan_placement: np.ndarray  # [A, S] shares
    phase_transfer: np.ndarray  # [A-1, S, S] shares, from band b to band b+1
    request_mix: np.ndarray  # [A, N] shares
    parameters: dict[str, Parameter]
    history: pl.DataFrame
    file_hashes: dict[str, str] = field(default_factory=dict)
    place_pipeline: tuple[tuple[str, Provision], ...] = ()
    """The published place pipeline, (stage, provision) rows of ``send_place_pipeline.csv`` (a
    scenario chooses which stages it carries: ``capacity.place_pipeline``)."""
    stock_date: dt.date | None = None
    """When ``stock_base`` was counted (a census); None: at the scenario base date. A run rolls an
    earlier stock forward to its base date with the model's own flows (``demand.stock_roll``)."""
    posterior_draws: pl.DataFrame | None = None
    """Joint posterior draws of the SEND rates (``send_posterior_draws.csv``), or None: then a run
    varies only the request rate and trend, by their standard errors."""

    def value(self, name: str) -> float:
        """The current value of a named parameter (fitted if calibrated)."""
        return self.parameters[name].value


def _grid(frame: pl.DataFrame, dims: list[tuple[str, tuple[str, ...]]], column: str, path: Path) -> np.ndarray:
    shape = tuple(len(levels) for _, levels in dims)
    out = np.zeros(shape)
    seen = np.zeros(shape, dtype=bool)
    for row_number, row in enumerate(frame.iter_rows(named=True), start=2):
        idx = tuple(levels.index(row[name]) for name, levels in dims)
        if seen[idx]:
            raise BadInputError(path, f"row {row_number}", [row[n] for n, _ in dims], "each combination once")
        seen[idx] = True
        out[idx] = row[column]
    return out


def _stock_date(stock: pl.DataFrame, path: Path) -> dt.date | None:
    """The optional ``stock_date`` column: one census date for every row (absent: the base date)."""
    if "stock_date" not in stock.columns:
        return None
    dates = {t.parse_date(value, path, f"row {row_number}.stock_date") for row_number, value in enumerate(stock["stock_date"], start=2)}
    if len(dates) != 1:
        raise BadInputError(path, "stock_date", sorted(dates)[:2], "one date for every row (the census the stock was counted at)")
    return dates.pop()


REQUIRED_PARAMETERS: tuple[str, ...] = (
    "request_rate_per_month_at_base",
    "request_trend_per_year",
    "request_trend_sd_per_year",
    "ehcp_stock_at_history_start",
    "assessment_slots_before_2023_08",
    "request_agreed_share",
    "plan_conversion_share",
    "ceasing_rate_per_year",
    "assessment_service_months_mean",
    "casework_officers_added_2023_08",
    "assessment_slots_per_casework_officer",
    "mainstream_breakdown_rate_per_year",
    "inmss_step_down_rate_per_year",
    "assessments_in_progress_at_base",
)
"""Rows every ``send_parameters.csv`` must have (the SEND model reads each); others are optional."""


def _load_parameters(folder: Path) -> dict[str, Parameter]:
    path = folder / "send_parameters.csv"
    frame = t.read_table(path, ["parameter", "value", "low", "high", "unit", "calibrated"], dict.fromkeys(["value", "low", "high"], lim.NUMBER))
    params: dict[str, Parameter] = {}
    for row_number, row in enumerate(frame.iter_rows(named=True), start=2):
        if not row["low"] <= row["value"] <= row["high"]:
            raise BadInputError(path, f"row {row_number}.value", row["value"], f"within its range {row['low']}-{row['high']}")
        params[row["parameter"]] = Parameter(
            row["parameter"], row["value"], row["low"], row["high"], row["unit"], row["calibrated"] == "yes", row["source"]
        )
    for name in REQUIRED_PARAMETERS:
        if name not in params:
            raise BadInputError(path, "parameter", name, "a row for this parameter (the SEND model needs it); none found")
    fitted_path = folder / FITTED_FILE
    if fitted_path.is_file():
        fitted = t.read_table(fitted_path, ["parameter", "value", "sd"], {"value": lim.NUMBER, "sd": lim.NON_NEGATIVE_NUMBER})
        for row_number, row in enumerate(fitted.iter_rows(named=True), start=2):
            name = row["parameter"]
            if name not in params:
                raise BadInputError(fitted_path, f"row {row_number}.parameter", name, "a parameter of send_parameters.csv")
            prior = params[name]
            if not prior.low - 1e-9 <= row["value"] <= prior.high + 1e-9:
                raise BadInputError(fitted_path, f"row {row_number}.value", row["value"], f"within {prior.low}-{prior.high}")
            params[name] = Parameter(name, row["value"], prior.low, prior.high, prior.unit, True, row["source"], row["sd"])
    return params


PIPELINE_FILE = "send_place_pipeline.csv"
"""Optional table: the published place pipeline (provisions with opening dates and a ``stage``)."""

PIPELINE_STAGES = ("approved", "proposed", "expression_of_interest")
"""Stages of a pipeline row: capital approved; a named project awaiting approval; places for which
expressions of interest are to be invited (no school named yet)."""


def _load_pipeline(folder: Path) -> tuple[tuple[str, Provision], ...]:
    """The place pipeline as (stage, provision) rows; empty when the folder has no pipeline table."""
    path = folder / PIPELINE_FILE
    if not path.is_file():
        return ()
    frame = t.read_table(path, ["provision", "setting", "age_bands", "needs", "places", "opens", "stage"], {"places": lim.COUNT})
    t.check_in_set(frame, "stage", PIPELINE_STAGES, path)
    return tuple(zip(frame["stage"].to_list(), _provisions_of(frame, path), strict=True))


def _load_provisions(folder: Path) -> tuple[Provision, ...]:
    path = folder / "send_capacity.csv"
    frame = t.read_table(path, ["provision", "setting", "age_bands", "needs", "places", "opens"], {"places": lim.COUNT})
    return _provisions_of(frame, path)


def _provisions_of(frame: pl.DataFrame, path: Path) -> tuple[Provision, ...]:
    t.check_in_set(frame, "setting", st.IN_BOROUGH_SPECIALIST, path)
    t.check_in_set(frame, "age_bands", st.AGE_BANDS, path)
    t.check_in_set(frame, "needs", st.NEEDS, path)
    out = []
    for row_number, row in enumerate(frame.iter_rows(named=True), start=2):
        opens = t.parse_date(row["opens"], path, f"row {row_number}.opens")
        out.append(
            Provision(
                row["provision"],
                row["setting"],
                tuple(row["age_bands"].split(";")),
                tuple(row["needs"].split(";")),
                int(row["places"]),
                opens,
                row["source"],
            )
        )
    return tuple(out)


def load_council_data(folder: str | Path) -> CouncilData:
    """Read and check every table of a council data folder."""
    folder = Path(folder)
    if not folder.is_dir():
        raise BadInputError(folder, "data_folder", str(folder), "an existing council data folder")

    stock_path = folder / "send_stock_base.csv"
    stock = t.read_table(stock_path, ["age_band", "need", "setting", "children"], {"children": lim.COUNT})
    for col, levels in (("age_band", st.AGE_BANDS), ("need", st.NEEDS), ("setting", st.SETTINGS)):
        t.check_in_set(stock, col, levels, stock_path)
    stock_base = _grid(stock, [("age_band", st.AGE_BANDS), ("need", st.NEEDS), ("setting", st.SETTINGS)], "children", stock_path)
    stock_date = _stock_date(stock, stock_path)

    settings_path = folder / "send_settings.csv"
    settings = t.read_table(
        settings_path,
        ["setting", "cost_gbp_per_child_per_year", "share_transported", "transport_cost_gbp_per_pupil_per_year"],
        {
            "cost_gbp_per_child_per_year": lim.NON_NEGATIVE_MONEY_GBP,
            "share_transported": lim.SHARE,
            "transport_cost_gbp_per_pupil_per_year": lim.NON_NEGATIVE_MONEY_GBP,
        },
    )
    t.check_in_set(settings, "setting", st.SETTINGS, settings_path)
    for col in ("cost_gbp_per_child_per_year", "transport_cost_gbp_per_pupil_per_year", "share_transported"):
        t.check_non_negative(settings, col, settings_path)
    by_setting = {r["setting"]: r for r in settings.iter_rows(named=True)}
    missing = [s for s in st.SETTINGS if s not in by_setting]
    if missing:
        raise BadInputError(settings_path, "setting", missing[0], "a row for every setting")

    placement_path = folder / "send_new_plan_placement.csv"
    placement = t.read_table(placement_path, ["age_band", "setting", "share"], {"share": lim.SHARE})
    t.check_in_set(placement, "age_band", st.AGE_BANDS, placement_path)
    t.check_in_set(placement, "setting", st.SETTINGS, placement_path)
    t.check_shares(placement, ["age_band"], "share", placement_path)

    transfer_path = folder / "send_phase_transfer.csv"
    transfer = t.read_table(transfer_path, ["from_age_band", "from_setting", "to_setting", "share"], {"share": lim.SHARE})
    t.check_in_set(transfer, "from_age_band", st.AGE_BANDS[:-1], transfer_path)
    t.check_in_set(transfer, "from_setting", st.SETTINGS, transfer_path)
    t.check_in_set(transfer, "to_setting", st.SETTINGS, transfer_path)
    t.check_shares(transfer, ["from_age_band", "from_setting"], "share", transfer_path)
    phase = _grid(
        transfer,
        [("from_age_band", st.AGE_BANDS[:-1]), ("from_setting", st.SETTINGS), ("to_setting", st.SETTINGS)],
        "share",
        transfer_path,
    )
    # a setting with no row keeps children where they are (college stays college, and so on)
    for b in range(st.A - 1):
        for s in range(st.S):
            if phase[b, s].sum() == 0:
                phase[b, s, s] = 1.0

    mix_path = folder / "send_request_mix.csv"
    mix = t.read_table(mix_path, ["age_band", "need", "share"], {"share": lim.SHARE})
    t.check_in_set(mix, "age_band", st.AGE_BANDS, mix_path)
    t.check_in_set(mix, "need", st.NEEDS, mix_path)
    t.check_shares(mix.with_columns(pl.lit("all").alias("_all")), ["_all"], "share", mix_path)

    history_path = folder / "send_history.csv"
    history = t.read_table(history_path, ["series", "period_start", "period_end", "value", "used_in_calibration"], {"value": lim.NON_NEGATIVE_NUMBER})
    starts, ends = [], []
    for row_number, row in enumerate(history.iter_rows(named=True), start=2):
        starts.append(t.parse_date(row["period_start"], history_path, f"row {row_number}.period_start"))
        ends.append(t.parse_date(row["period_end"], history_path, f"row {row_number}.period_end"))
        if ends[-1] < starts[-1]:
            raise BadInputError(history_path, f"row {row_number}.period_end", row["period_end"], "on or after period_start")
    history = history.with_columns(pl.Series("period_start", starts), pl.Series("period_end", ends))

    files = sorted(p for p in folder.glob("*.csv"))
    return CouncilData(
        folder=folder,
        stock_base=stock_base,
        provisions=_load_provisions(folder),
        place_pipeline=_load_pipeline(folder),
        cost_gbp_per_child_per_year=np.array([by_setting[s]["cost_gbp_per_child_per_year"] for s in st.SETTINGS]),
        share_transported=np.array([by_setting[s]["share_transported"] for s in st.SETTINGS]),
        transport_cost_gbp_per_pupil_per_year=np.array([by_setting[s]["transport_cost_gbp_per_pupil_per_year"] for s in st.SETTINGS]),
        new_plan_placement=_grid(placement, [("age_band", st.AGE_BANDS), ("setting", st.SETTINGS)], "share", placement_path),
        phase_transfer=phase,
        request_mix=_grid(mix, [("age_band", st.AGE_BANDS), ("need", st.NEEDS)], "share", mix_path),
        parameters=_load_parameters(folder),
        history=history,
        file_hashes={p.name: t.file_sha256(p) for p in files},
        stock_date=stock_date,
        posterior_draws=load_posterior_draws(folder),
    )
