"""A council's own SSDA903 return, calibrated, as the package engine's two CSC tables.

``calibrate_csc`` estimates (and calibrates) monthly rates of the SSDA903 model: entries,
exits and moves between placement types by ``[placement_type, age_band]``. The package engine
the full model runs (``csc_packages``) is simpler: one leaving-care rate per type (a mean stay),
one entry rate split by type and by age, and one move, step-down from residential to fostering.
``package_tables_from_calibration`` maps the first onto ``csc_placements.csv`` and
``csc_parameters.csv``:

- ``children_at_base``: the observed children looked after by type on the last day of the data
  (the stock the calibration's projection starts from);
- ``entries_per_year``: children coming into care in the window (period starts) × 12 / window
  months; ``entry_share``: each type's share of them; ``entry_age_share_*``: the age split of the
  entries into types other than supported accommodation (the engine applies the age split to
  those types and puts supported-accommodation entries at 16-17);
- ``mean_stay_months`` = 1 / the calibrated exit hazard of the type (leaving care before 18;
  moves between types are not exits), pooled over age bands with the exposure as weights (the
  exit events of the type × its calibration multiplier / its child-months); the engine's monthly
  probability ``1 - exp(-1/mean_stay)`` is then exactly the calibrated hazard. A type with no
  exits gets ``MAX_MEAN_STAY_MONTHS`` (18 years: no child is looked after longer);
- ``step_down_per_month`` = ``1 - exp(-h)`` with ``h`` the calibrated residential → in-house
  plus residential → IFA transition hazard (pooled the same way), so the engine's exits then
  step-downs leave residential care at the same combined rate as the competing hazards;
  ``step_down_share_to_in_house`` = residential → in-house moves / residential → fostering
  moves (the calibration multiplier is common to both destinations and cancels);
- copied from the existing tables (``costs_from``), with their own sources: the weekly costs and
  their ranges, ``weekly_cost_inflation_per_year``, ``price_base_financial_year``, and the two
  parameters SSDA903 rates do not estimate, ``entry_trend_per_year`` and ``entry_rate_sd_log``.

Ranges (``low``/``high``) of fitted values are their plausible range from the data
(``RANGE_LEVEL``, 90%): for a rate, the exact Poisson interval of its event count over its
exposure, times the calibration multiplier, widened to take in the uncalibrated exposure-based
estimate; for a share, the Clopper-Pearson interval of its count out of its total. The
uncertainty of the multipliers themselves is not in the ranges.

Where the data hold nothing to estimate from, the existing value, range and source are kept:
the entry split by type with no entries in the window, the age split with no entries into types
other than supported accommodation, the share to in-house with no step-downs, and a type's mean
stay with no child-months in the window.

Moves between placement types other than residential → fostering have no place in the package
engine: a child who would move stays in their type there. The base children are spread over age
bands by the engine's own steady-state profile, not the observed ages.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Final

import numpy as np
import polars as pl
from scipy import stats

from sefton_sim.data import tables as t
from sefton_sim.errors import BadInputError
from sefton_sim.social_care import csc_packages as pk
from sefton_sim.social_care import package_common as pc
from sefton_sim.social_care.csc_calibration import MULTIPLIER_PARAMETERS, CscCalibration
from sefton_sim.social_care.placements import AGE_BANDS, LEAVING_CARE_AGE_YEARS, PLACEMENT_TYPES

K: Final[int] = len(PLACEMENT_TYPES)
IN_HOUSE: Final[int] = PLACEMENT_TYPES.index("in_house_fostering")
IFA: Final[int] = PLACEMENT_TYPES.index("ifa_fostering")
RESIDENTIAL: Final[int] = PLACEMENT_TYPES.index("residential")
SUPPORTED: Final[int] = PLACEMENT_TYPES.index("supported_accommodation")

RANGE_LEVEL: Final[float] = 0.90
"""Coverage of the plausible ranges written as ``low``/``high`` of fitted values."""

MAX_MEAN_STAY_MONTHS: Final[float] = 12.0 * LEAVING_CARE_AGE_YEARS
"""Longest mean stay written (216 months): no child is looked after for more than 18 years, so a
longer mean stay (an exit hazard near 0) changes nothing but is capped here."""

SIGNIFICANT_DIGITS: Final[int] = 4
"""Fitted values and ranges are rounded to this many significant digits (rounding keeps order,
so a value stays within its range)."""

FIT_PREFIX: Final[str] = "fit: sefton-sim calibrate-csc"
"""Start of the source of every fitted value."""

COPIED_PARAMETERS: Final[tuple[str, ...]] = (
    "entry_trend_per_year",
    "entry_rate_sd_log",
    "weekly_cost_inflation_per_year",
    "price_base_financial_year",
)
"""Rows of csc_parameters.csv copied from the existing table (SSDA903 has no costs, and a
window of constant rates estimates no trend or spread of the entry rate)."""


COST_SOURCE_MARKER: Final[str] = ", their source: "
"""Separates the fitted part of a placement row's source from the copied costs' own source."""


def _cost_source(source: str) -> str:
    """The source of a placement row's costs: the whole source, or, for a row this module wrote
    (a rerun), the costs' source it recorded, so sources do not nest."""
    text = source.strip()
    if text.startswith(FIT_PREFIX) and COST_SOURCE_MARKER in text:
        return text.split(COST_SOURCE_MARKER, 1)[1].strip()
    return text


def _round(x: float) -> float:
    x = float(x)
    if x == 0.0 or not np.isfinite(x):
        return x
    return float(f"{x:.{SIGNIFICANT_DIGITS}g}")


def _poisson_interval(count: float) -> tuple[float, float]:
    """Exact (Garwood) ``RANGE_LEVEL`` interval of a Poisson mean given ``count`` events."""
    tail = (1.0 - RANGE_LEVEL) / 2.0
    low = 0.0 if count <= 0 else float(stats.chi2.ppf(tail, 2.0 * count)) / 2.0
    high = float(stats.chi2.ppf(1.0 - tail, 2.0 * count + 2.0)) / 2.0
    return low, high


def _share_interval(count: float, total: float) -> tuple[float, float]:
    """Clopper-Pearson ``RANGE_LEVEL`` interval of a share ``count`` out of ``total``."""
    tail = (1.0 - RANGE_LEVEL) / 2.0
    low = 0.0 if count <= 0 else float(stats.beta.ppf(tail, count, total - count + 1.0))
    high = 1.0 if count >= total else float(stats.beta.ppf(1.0 - tail, count + 1.0, total - count))
    return low, high


def _rate_range(count: float, exposure: float, multiplier: float) -> tuple[float, float, float]:
    """(calibrated rate, low, high) per unit of exposure: ``multiplier × count / exposure`` and
    the Poisson interval times the multiplier, widened to the uncalibrated ``count / exposure``."""
    raw = count / exposure
    lo, hi = (v / exposure for v in _poisson_interval(count))
    value = multiplier * raw
    return value, min(multiplier * lo, raw), max(multiplier * hi, raw)


def _source(calibration: CscCalibration) -> str:
    rates = calibration.rates
    return f"{FIT_PREFIX} {calibration.data.folder} (window {calibration.replay_months} months, end of data {rates.as_of.isoformat()})"


def _multipliers(calibration: CscCalibration) -> dict[str, np.ndarray]:
    """Calibration multipliers ``[K]`` by parameter name (exit_hazard, transition_out_hazard)."""
    frame = calibration.multipliers
    out = {}
    for name in MULTIPLIER_PARAMETERS:
        rows = frame.filter(pl.col("parameter") == name)
        lookup = dict(zip(rows["placement_type"].to_list(), rows["multiplier"].to_list()))
        out[name] = np.array([float(lookup[k]) for k in PLACEMENT_TYPES])
    return out


def _read_existing(costs_from: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The existing placement and parameter tables (checked), rows as text."""
    placements_path = costs_from / pk.PLACEMENTS_FILE
    parameters_path = costs_from / pk.PARAMETERS_FILE
    placements = t.read_table(placements_path, pk.PLACEMENT_COLUMNS)
    names = [str(n).strip() for n in placements["placement_type"].to_list()]
    pc.check_rows(placements_path, names, PLACEMENT_TYPES, "placement_type")
    placements = placements.with_columns(pl.Series("placement_type", names))
    pc.read_parameters(parameters_path, pk.CSC_PARAMETERS, signed=pk.SIGNED)  # checks every row
    parameters = t.read_table(parameters_path, pc.PARAMETER_COLUMNS)
    parameters = parameters.with_columns(pl.col("parameter").str.strip_chars())
    return placements, parameters


def package_tables_from_calibration(calibration: CscCalibration, costs_from: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``csc_placements.csv`` and ``csc_parameters.csv`` of the package engine from a CSC calibration.

    Fitted values come from ``calibration`` (see the module docstring for each mapping and its
    range); costs, cost inflation, the price year, the entry trend and the entry-rate spread are
    copied from the tables in the council data folder ``costs_from`` with their sources. Returns
    (placements, parameters) with the files' columns, placement rows in ``PLACEMENT_TYPES`` order
    and parameter rows in the existing table's order. Raises ``BadInputError`` if the existing
    tables are missing or invalid.
    """
    costs_from = Path(costs_from)
    old_placements, old_parameters = _read_existing(costs_from)
    rates, prior = calibration.rates, calibration.prior_rates
    source = _source(calibration)
    multipliers = _multipliers(calibration)
    exposure = prior.exposure_months.sum(axis=-1)  # [K] child-months in the window
    window = float(calibration.replay_months)

    # --- entries -------------------------------------------------------------------------------
    entries = prior.entries  # [K, A] counts in the window (entries are not calibrated)
    total_entries = float(entries.sum())
    fitted: dict[str, tuple[float, float, float, str]] = {}
    per_year = 12.0 / window
    lo, hi = _poisson_interval(total_entries)
    fitted["entries_per_year"] = (
        total_entries * per_year,
        lo * per_year,
        hi * per_year,
        f"{source}: {total_entries:g} children came into care in the window (period starts), × 12 / "
        f"{window:g} months; range: exact {RANGE_LEVEL:.0%} Poisson interval",
    )
    aged_entries = np.delete(entries, SUPPORTED, axis=0).sum(axis=0)  # [A] entries into other types
    n_aged = float(aged_entries.sum())
    if n_aged > 0:
        for a, band in enumerate(AGE_BANDS):
            lo, hi = _share_interval(aged_entries[a], n_aged)
            fitted[f"entry_age_share_{band}"] = (
                aged_entries[a] / n_aged,
                lo,
                hi,
                f"{source}: {aged_entries[a]:g} of {n_aged:g} entries into placement types other than supported "
                f"accommodation were aged {band.replace('_', '-')}; range: Clopper-Pearson {RANGE_LEVEL:.0%} interval",
            )
    if total_entries > 0:
        entry_share = entries.sum(axis=-1) / total_entries
        entry_note = [f"entry_share {entries[k].sum():g} of {total_entries:g} entries" for k in range(K)]
    else:  # no entries: the split of none is undefined; keep the existing one
        entry_share = (
            old_placements["entry_share"].cast(pl.Float64).to_numpy()[[old_placements["placement_type"].to_list().index(k) for k in PLACEMENT_TYPES]]
        )
        entry_note = ["entry_share copied (no entries in the window)"] * K

    # --- step-down: residential -> fostering -------------------------------------------------
    res_moves = prior.transitions[RESIDENTIAL].sum(axis=-1)  # [K(to)] moves in the window
    to_in_house, to_ifa = float(res_moves[IN_HOUSE]), float(res_moves[IFA])
    step_downs = to_in_house + to_ifa
    if exposure[RESIDENTIAL] > 0:
        m = multipliers["transition_out_hazard"][RESIDENTIAL]
        h, h_lo, h_hi = _rate_range(step_downs, exposure[RESIDENTIAL], m)
        fitted["step_down_per_month"] = (
            -np.expm1(-h),
            -np.expm1(-h_lo),
            -np.expm1(-h_hi),
            f"{source}: 1 - exp(-h), h = {step_downs:g} residential -> in-house or IFA fostering moves / "
            f"{exposure[RESIDENTIAL]:.1f} residential child-months × calibration multiplier {m:.3g}; range: exact "
            f"{RANGE_LEVEL:.0%} Poisson interval × multiplier, widened to the uncalibrated estimate",
        )
    if step_downs > 0:
        lo, hi = _share_interval(to_in_house, step_downs)
        fitted["step_down_share_to_in_house"] = (
            to_in_house / step_downs,
            lo,
            hi,
            f"{source}: {to_in_house:g} of {step_downs:g} residential -> fostering moves were to in-house "
            f"foster carers; range: Clopper-Pearson {RANGE_LEVEL:.0%} interval",
        )

    # --- placements table ----------------------------------------------------------------------
    old_rows = {row["placement_type"]: row for row in old_placements.iter_rows(named=True)}
    children = rates.stock.sum(axis=-1)
    placement_rows = []
    for k, name in enumerate(PLACEMENT_TYPES):
        old = old_rows[name]
        m = multipliers["exit_hazard"][k]
        exits = float(prior.exits[k].sum())
        if exposure[k] > 0:
            h, h_lo, h_hi = _rate_range(exits, exposure[k], m)
            stay = min(MAX_MEAN_STAY_MONTHS, 1.0 / h) if h > 0 else MAX_MEAN_STAY_MONTHS
            stay_low = min(stay, 1.0 / h_hi)
            stay_high = min(MAX_MEAN_STAY_MONTHS, 1.0 / h_lo) if h_lo > 0 else MAX_MEAN_STAY_MONTHS
            stay_note = (
                f"mean_stay_months 1 / ({exits:g} exits before 18 / {exposure[k]:.1f} child-months × calibration "
                f"multiplier {m:.3g}), at most {MAX_MEAN_STAY_MONTHS:g}, range from the exact {RANGE_LEVEL:.0%} "
                "Poisson interval × multiplier, widened to the uncalibrated estimate"
            )
        else:  # no child of this type in the window: nothing to estimate a stay from
            stay, stay_low, stay_high = (float(old[c]) for c in ("mean_stay_months", "mean_stay_low", "mean_stay_high"))
            stay_note = "mean_stay_months and its range copied (no child-months in the window)"
        placement_rows.append(
            {
                "placement_type": name,
                "children_at_base": int(round(children[k])),
                "cost_gbp_per_week": float(old["cost_gbp_per_week"]),
                "cost_low": float(old["cost_low"]),
                "cost_high": float(old["cost_high"]),
                "entry_share": _round(entry_share[k]),
                "mean_stay_months": _round(stay),
                "mean_stay_low": _round(stay_low),
                "mean_stay_high": _round(stay_high),
                "source": (
                    f"{source}: children_at_base {int(round(children[k]))} looked after at the end of the data; "
                    f"{entry_note[k]}; {stay_note}. cost_gbp_per_week, cost_low and cost_high copied from "
                    f"{costs_from / pk.PLACEMENTS_FILE}{COST_SOURCE_MARKER}{_cost_source(str(old['source']))}"
                ),
            }
        )
    placements = pl.DataFrame(
        placement_rows,
        schema={
            "placement_type": pl.String,
            "children_at_base": pl.Int64,
            "cost_gbp_per_week": pl.Float64,
            "cost_low": pl.Float64,
            "cost_high": pl.Float64,
            "entry_share": pl.Float64,
            "mean_stay_months": pl.Float64,
            "mean_stay_low": pl.Float64,
            "mean_stay_high": pl.Float64,
            "source": pl.String,
        },
    )

    # --- parameters table ----------------------------------------------------------------------
    parameter_rows = []
    for row in old_parameters.iter_rows(named=True):
        name = row["parameter"]
        if name in fitted:
            value, low, high, text = fitted[name]
            value, low, high = _round(value), _round(low), _round(high)
        else:  # copied: costs, price year, trend, spread, or a fit with nothing to fit from
            value, low, high, text = float(row["value"]), float(row["low"]), float(row["high"]), str(row["source"]).strip()
        parameter_rows.append({"parameter": name, "value": value, "low": low, "high": high, "unit": row["unit"], "source": text})
    parameters = pl.DataFrame(
        parameter_rows,
        schema={
            "parameter": pl.String,
            "value": pl.Float64,
            "low": pl.Float64,
            "high": pl.Float64,
            "unit": pl.String,
            "source": pl.String,
        },
    )
    return placements, parameters


def as_text(frame: pl.DataFrame) -> pl.DataFrame:
    """Numbers as short text (2024, 0.04, 29.53), so the written tables read like the shipped ones."""
    return frame.with_columns(
        pl.col(c).map_elements(lambda x: f"{x:.10g}", return_dtype=pl.String) for c, dtype in frame.schema.items() if dtype.is_numeric()
    )


def check_data_folder(folder: Path) -> dict[str, Path]:
    """The two table paths of an existing council data folder; ``BadInputError`` if ``folder``
    is not a directory holding ``csc_placements.csv`` and ``csc_parameters.csv``."""
    folder = Path(folder)
    targets = {name: folder / name for name in (pk.PLACEMENTS_FILE, pk.PARAMETERS_FILE)}
    if not folder.is_dir() or not all(p.is_file() for p in targets.values()):
        raise BadInputError(
            folder, "--write-data", str(folder), f"an existing council data folder holding {pk.PLACEMENTS_FILE} and {pk.PARAMETERS_FILE}"
        )
    return targets


def write_package_tables(placements: pl.DataFrame, parameters: pl.DataFrame, folder: Path) -> dict[str, Path]:
    """Write the two tables into the council data folder ``folder``, replacing the existing ones.

    ``folder`` must be an existing directory holding ``csc_placements.csv`` and
    ``csc_parameters.csv`` (its other tables are not touched). The new tables are checked first
    (``CscPackageRates.from_data`` on a temporary copy); each file is then written to a temporary
    file beside it and renamed over it. Returns the paths by file name.
    """
    folder = Path(folder)
    targets = check_data_folder(folder)
    frames = {pk.PLACEMENTS_FILE: as_text(placements), pk.PARAMETERS_FILE: as_text(parameters)}
    with tempfile.TemporaryDirectory(prefix="csc-tables-") as check:
        for name, frame in frames.items():
            frame.write_csv(Path(check) / name)
        pk.CscPackageRates.from_data(Path(check))  # refuse tables the loader would refuse
    temporary: dict[str, Path] = {}
    try:
        for name, frame in frames.items():
            handle, tmp_name = tempfile.mkstemp(prefix=f".{name}.tmp-", dir=folder)
            os.close(handle)
            temporary[name] = Path(tmp_name)
            frame.write_csv(temporary[name])
            os.chmod(temporary[name], 0o644)
        for name, tmp in temporary.items():
            os.replace(tmp, targets[name])
    finally:
        for tmp in temporary.values():
            tmp.unlink(missing_ok=True)
    return targets
