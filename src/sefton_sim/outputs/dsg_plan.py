"""The projection in the categories of the DfE DSG management plan template.

The template counts children with EHC plans by placement category and age group. The model's
settings and age bands map to them as below; where the two do not line up it is said in the
``Note`` column, and a template category with no model counterpart is left blank (never zero):

=====================================  =======================================================
template placement category            model setting
=====================================  =======================================================
Mainstream                             mainstream (incl. early-years settings)
Resourced provision / SEN unit         sen_unit
Maintained special / academy           special (maintained special schools in the borough)
Non-maintained / independent special   inmss
Hospital / AP                          ap_other (AP, EOTAS and other arrangements together)
Post-16 / FE                           college (post-16 college / specialist college)
Other                                  none: the model counts "other" inside ap_other
=====================================  =======================================================

Age groups: under 5 = early_years (0-4); 5-10 = primary; 11-15 = secondary; 16-19 = post16, which
the model holds as ages 16-18 (its 19-year-olds are in post19); 20-25 = post19, which holds ages
19-25. Each row has a lookup key ``<category code>|<age group>|<year>`` for a finance officer's
VLOOKUP into the template; an ``All ages`` row per category and year carries the High Needs
placement spend (£m, median) where the ledger has it (the ledger costs settings, not ages).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from sefton_sim.demand.vector import DemandPaths
from sefton_sim.errors import BadInputError
from sefton_sim.model import states as st
from sefton_sim.outputs.folders import atomic_folder, output_kind_of, write_manifest
from sefton_sim.outputs.report_parts import FolderTables
from sefton_sim.outputs.results import march_dates

SETTING_AGE_BAND_TABLE = "ehcp_by_setting_age_band"

CATEGORIES: tuple[tuple[str, str, str | None, str], ...] = (
    ("MAINSTREAM", "Mainstream", "mainstream", "Includes early-years settings."),
    ("RP_SEN_UNIT", "Resourced provision / SEN unit", "sen_unit", ""),
    (
        "SPECIAL_MAINTAINED_ACADEMY",
        "Maintained special / academy",
        "special",
        "In-borough maintained special schools (the model does not split academies).",
    ),
    ("NMSS_INDEPENDENT", "Non-maintained / independent special", "inmss", "Mostly out of borough."),
    ("HOSPITAL_AP", "Hospital / AP", "ap_other", "Model setting AP / EOTAS / other: includes the template's 'Other'."),
    ("POST16_FE", "Post-16 / FE", "college", "Post-16 college and specialist college."),
    ("OTHER", "Other", None, "No model counterpart: counted in Hospital / AP (left blank, not zero)."),
)
"""(code, template category, model setting or None, note)."""

AGE_GROUPS: tuple[tuple[str, str, str], ...] = (
    ("Under 5", "early_years", "Model band 0-4."),
    ("5-10", "primary", "Model band 5-10."),
    ("11-15", "secondary", "Model band 11-15."),
    ("16-19", "post16", "Model band 16-18: the model's 19-year-olds are in 20-25."),
    ("20-25", "post19", "Model band 19-25: includes 19-year-olds."),
)
"""(template age group, model age band, note)."""


def setting_age_band_table(scenario: str, demand: DemandPaths) -> pl.DataFrame:
    """Children with EHC plans by setting and age band at each 31 March (p10 / p50 / p90 across paths)."""
    rows = []
    for i in march_dates(demand):
        at = demand.dates[i]
        fy = f"{at.year - 1}/{str(at.year)[2:]}"
        values = demand.stock_by_band_setting[:, i].astype(np.float64)  # [P, A, S]
        p10, p50, p90 = np.percentile(values, [10, 50, 90], axis=0)
        for a, band in enumerate(st.AGE_BANDS):
            for s, setting in enumerate(st.SETTINGS):
                rows.append(
                    {
                        "scenario": scenario,
                        "financial_year": fy,
                        "setting": setting,
                        "age_band": band,
                        "p10": p10[a, s],
                        "p50": p50[a, s],
                        "p90": p90[a, s],
                    }
                )
    return pl.DataFrame(rows)


def _row(code: str, year: str, category: str, group: str, setting: str | None, band: str, note: str, cell: dict | None, spend: float | None) -> dict:
    return {
        "Lookup key": f"{code}|{group}|{year}",
        "Financial year (at 31 March)": year,
        "Placement category": category,
        "Age group": group,
        "Children p10": None if cell is None else float(cell["p10"]),
        "Children p50": None if cell is None else float(cell["p50"]),
        "Children p90": None if cell is None else float(cell["p90"]),
        "High Needs spend, median £m": spend,
        "Model setting": setting or "",
        "Model age band": band,
        "Note": note,
    }


def dsg_plan_frame(tables: FolderTables) -> pl.DataFrame:
    """The DSG management plan rows: lookup key, year, category, age group, children (p10 / p50 / p90), spend (£m, median), note."""
    counts = tables.get(SETTING_AGE_BAND_TABLE)
    if counts is None:
        raise BadInputError(
            tables.folder, SETTING_AGE_BAND_TABLE, f"{SETTING_AGE_BAND_TABLE}.parquet", "a run folder written by sefton-sim run (with that table)"
        )
    ledgers = tables.get("ledgers_summary")
    spend: dict[tuple[str, str], float] = {}
    if ledgers is not None:
        for row in ledgers.filter((pl.col("ledger") == "high_needs") & pl.col("line").str.starts_with("placements_")).iter_rows(named=True):
            spend[(row["line"].removeprefix("placements_"), row["financial_year"])] = float(row["p50"])
    index = {(r["financial_year"], r["setting"], r["age_band"]): r for r in counts.iter_rows(named=True)}
    years = counts["financial_year"].unique(maintain_order=True).to_list()
    rows = []
    for year in years:
        for code, category, setting, category_note in CATEGORIES:
            for group, band, band_note in AGE_GROUPS:
                cell = index.get((year, setting, band)) if setting else None
                rows.append(_row(code, year, category, group, setting, band, "; ".join(n for n in (category_note, band_note) if n), cell, None))
            cost = spend.get((setting, year)) if setting else None
            rows.append(
                _row(
                    code,
                    year,
                    category,
                    "All ages",
                    setting,
                    "",
                    f"Spend row: High Needs placement spend for the category. {category_note}".strip(),
                    None,
                    cost,
                )
            )
    return pl.DataFrame(rows, infer_schema_length=None)


DSG_SHEET_TITLE = "DSG management plan categories: children with EHC plans at 31 March by placement and age group (lookup key for the template)"


DSG_CSV = "dsg_plan.csv"
DSG_XLSX = "dsg_plan.xlsx"


def read_run_folder(run_folder: Path) -> FolderTables:
    """The tables of a run folder, refused in one line if it is not one."""
    folder = Path(run_folder)
    if not folder.is_dir() or output_kind_of(folder) not in ("run", "legacy"):
        raise BadInputError(folder, "RUN_FOLDER", str(folder), "an output folder written by sefton-sim run (its manifest.json says output_kind run)")
    return FolderTables(folder)


def write_dsg_plan_folder(run_folder: Path, out_dir: Path) -> tuple[Path, pl.DataFrame]:
    """Write ``dsg_plan.csv`` and ``dsg_plan.xlsx`` (one sheet) with a manifest into ``out_dir`` (atomically); returns the folder and the rows."""
    import xlsxwriter

    tables = read_run_folder(run_folder)
    frame = dsg_plan_frame(tables)
    with atomic_folder(out_dir, "export-dsg-plan") as folder:
        frame.write_csv(folder / DSG_CSV)
        book = xlsxwriter.Workbook(str(folder / DSG_XLSX))
        try:
            from sefton_sim.outputs.excel import write_frame_sheet

            write_frame_sheet(book, "DSG plan", frame, DSG_SHEET_TITLE)
        finally:
            book.close()
        write_manifest(
            folder,
            {
                "command": "export dsg-plan",
                "run_folder": str(Path(run_folder).resolve()),
                "scenario_name": tables.manifest.get("scenario_name"),
                "seed": tables.manifest.get("seed"),
                "paths": tables.manifest.get("paths"),
                "files": sorted([DSG_CSV, DSG_XLSX, "manifest.json"]),
            },
            "export-dsg-plan",
        )
    return Path(out_dir).resolve(), frame
