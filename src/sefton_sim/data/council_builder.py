"""Build a council data folder from the DfE EHC plans statistics (SEN2) for any English council.

``build_council`` turns the DfE files into the SEND tables that ``load_council_data`` reads,
every row with its source (``fact: DfE EHCP statistics <file> <period> <la_code> <column>`` or
``assumption: ...``). ``write_council_folder`` writes them atomically with a manifest
(``council_manifest.json``) that marks the folder as written by ``sefton-sim council init``.

What DfE says is used as fact: the stock by setting and age at the latest January census, the
stock at every census, new plans per calendar year by setting and age at start, requests
decided to assess, and the latest growth in plans split into England's, the region's and the
council's parts (``send_structural_growth.csv``, the structural growth state runs draw from). What it does not say (unit costs, phase transfers, casework capacity) is
the Sefton starting assumption, labelled as such. Money tables a council must supply itself
are written as templates in ``templates/`` (the loader reads only the top-level ``*.csv``).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import polars as pl

from sefton_sim.data import dfe_statistics as dfe
from sefton_sim.data.council_history import history_table, new_plan_placement_table, other_series_table, request_mix_table
from sefton_sim.data.council_parameters import capacity_table, copied_table, parameters_table, settings_table
from sefton_sim.data.council_stock import stock_table
from sefton_sim.data.growth_state import STATE_FILE, council_state_table
from sefton_sim.errors import BadInputError
from sefton_sim.shipped import council_folder

MANIFEST_FILE: Final[str] = "council_manifest.json"
WRITTEN_BY: Final[str] = "sefton-sim council init"
OTHER_SERIES_FILE: Final[str] = "dfe_other_series.csv"
"""DfE series kept for later use (ceased plans, timeliness, ...): not read by the loader."""
TEMPLATES_FOLDER: Final[str] = "templates"
MONEY_TABLES: Final[dict[str, str]] = {
    "gf_budget_2024_25.csv": "General Fund revenue budget by service line (£m), which line is demand-led and its pay share.",
    "gf_funding_2024_25.csv": "Funding of the budget: council tax, business rates, grants, collection fund (£m).",
    "money_assumptions.csv": "Growth rates, High Needs grant and opening DSG deficit, reserves, savings, policy settings.",
    "high_needs_history.csv": "High Needs deficit and grant history (£m) for the backtest.",
    "csc_placements.csv": "Children looked after by placement type: children at the base date, weekly costs, stays.",
    "csc_parameters.csv": "Children's social care entry rates and other parameters.",
    "asc_services.csv": "Adult social care clients and weekly prices by service.",
    "asc_parameters.csv": "Adult social care contributions and growth parameters.",
    "capital_budget.csv": "High Needs capital by financial year (for the place optimiser).",
    "savings_options.csv": "Savings options for the savings optimiser.",
    "send_candidate_projects.csv": "Candidate SEN unit / special school projects for the place optimiser.",
}
"""Tables a council supplies itself, written as templates (header and one example row)."""


@dataclass(frozen=True)
class CouncilBuild:
    """The tables of one council folder, with the quality summary and what is missing."""

    council: dfe.Council
    tables: dict[str, pl.DataFrame]
    templates: dict[str, str]  # file name -> CSV text
    quality: dict[str, object]
    missing: list[str]
    stock_by_setting: dict[str, int]
    census_period: int


# ---------------------------------------------------------------------------------------------
# stock at the latest census


def _templates(sefton: Path) -> dict[str, str]:
    out = {}
    for name in MONEY_TABLES:
        path = sefton / name
        if not path.is_file():
            continue
        frame = pl.read_csv(path, infer_schema_length=0).head(1)
        frame = frame.with_columns(
            pl.lit("assumption: EXAMPLE ROW copied from the Sefton folder; replace every row with this council's own figures").alias("source")
        )
        out[name] = frame.write_csv()
    readme = ["# Money tables this council must supply", "", "Copy a template up one folder once it holds the council's own figures.", ""]
    readme += [f"- `{name}`: {text}" for name, text in MONEY_TABLES.items() if name in out]
    out["README.md"] = "\n".join(readme) + "\n"
    return out


def _missing_text(council: dfe.Council, missing: list[str], quality: dict[str, object]) -> str:
    lines = [
        f"# {council.la_name} ({council.la_code}): what this folder does not have yet",
        "",
        f"Written by `{WRITTEN_BY}` from the DfE EHC plans statistics. {dfe.ATTRIBUTION}.",
        "",
        "## Tables the council must supply (templates in `templates/`)",
        "",
    ]
    lines += [f"- `{name}`: {text}" for name, text in MONEY_TABLES.items()]
    lines += [
        "",
        "Until they exist, `sefton-sim calibrate --data` works on this folder and `sefton-sim run` simulates SEND and High Needs spend"
        " (placements at 2023/24 prices), printing one note per ledger left out and the tables it needs.",
        "",
        "## Assumptions to replace with the council's own data",
        "",
        "- `send_capacity.csv`: in-borough unit / RP and special places are assumed equal to the January stock.",
        "- `send_settings.csv`: unit costs and transport are the Sefton starting assumptions used as national averages.",
        "- `send_phase_transfer.csv`: Sefton starting assumptions.",
        "- `send_parameters.csv`: prior ranges scaled to this council's DfE counts; casework officers added: 0.",
        "- `send_stock_base.csv`: need split from January 2025 percentages (the only need shares published).",
        "",
        "## Notes from the DfE data",
        "",
    ]
    lines += [f"- {m}" for m in missing] or ["- none"]
    lines += ["", "## Data quality", ""]
    lines += [f"- {k}: {v}" for k, v in quality.items()]
    return "\n".join(lines) + "\n"


def build_council(stats: dfe.DfeStatistics, la: str) -> CouncilBuild:
    """All tables of the council data folder for council ``la`` (code or name)."""
    council = stats.resolve(la)
    sefton = council_folder("sefton")
    missing: list[str] = []
    stock_frame, totals, period, stock = stock_table(stats, council, missing)
    tables = {
        "send_stock_base.csv": stock_frame,
        "send_history.csv": history_table(stats, council, missing),
        "send_capacity.csv": capacity_table(council, stock, totals, period),
        "send_settings.csv": settings_table(sefton),
        "send_parameters.csv": parameters_table(stats, council, sefton),
        "send_new_plan_placement.csv": new_plan_placement_table(stats, council, sefton),
        "send_phase_transfer.csv": copied_table(sefton, "send_phase_transfer.csv"),
        "send_request_mix.csv": request_mix_table(stats, council),
        OTHER_SERIES_FILE: other_series_table(stats, council),
    }
    growth = council_state_table(stats, council, period)
    if growth is None:
        missing.append(f"no {STATE_FILE}: the council has no complete caseload series up to {period}, so runs keep the fitted trend's normal spread")
    else:
        tables[STATE_FILE] = growth
    quality = dfe.data_quality(stats, council)
    return CouncilBuild(council, tables, _templates(sefton), quality, missing, totals, period)


# ---------------------------------------------------------------------------------------------
# writing


def is_built_folder(folder: Path) -> bool:
    """Whether ``folder`` holds a council folder written by ``council init`` (its manifest says so)."""
    path = Path(folder) / MANIFEST_FILE
    if not path.is_file():
        return False
    try:
        return json.loads(path.read_text()).get("written_by") == WRITTEN_BY
    except (OSError, ValueError):
        return False


def check_out_folder(out: Path) -> None:
    """Refuse an existing non-empty ``out`` that this command did not write."""
    out = Path(out)
    if out.is_symlink():
        raise BadInputError("(command line)", "--out", str(out), "a folder path that is not a symlink (a symlinked folder is never replaced)")
    if out.exists() and not out.is_dir():
        raise BadInputError("(command line)", "--out", str(out), "a new folder or a council folder written by council init (this is a file)")
    if out.is_dir() and any(out.iterdir()) and not is_built_folder(out):
        raise BadInputError(
            "(command line)", "--out", str(out), f"a new or empty folder, or one written by council init (no {MANIFEST_FILE}; nothing was changed)"
        )


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_council_folder(build: CouncilBuild, stats: dfe.DfeStatistics, out: Path, stats_label: str | None = None) -> Path:
    """Write the council folder atomically (temporary folder beside ``out``, then rename)."""
    check_out_folder(out)
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    tmp.chmod(0o755)
    try:
        for name, frame in build.tables.items():
            frame.write_csv(tmp / name)
        (tmp / TEMPLATES_FOLDER).mkdir()
        for name, text in build.templates.items():
            (tmp / TEMPLATES_FOLDER / name).write_text(text)
        (tmp / "MISSING.md").write_text(_missing_text(build.council, build.missing, build.quality))
        used = sorted(
            {
                "caseload.csv",
                "newplans.csv",
                "requests.csv",
                "assessments.csv",
                "ceased_plans.csv",
                "timeliness_20_week.csv",
                "sen_needs_all_plans_shares.csv",
                "sen_need_newplans_shares.csv",
            }
        )
        manifest = {
            "written_by": WRITTEN_BY,
            "la_code": build.council.la_code,
            "la_name": build.council.la_name,
            "old_la_code": build.council.old_la_code,
            "census_period": build.census_period,
            "stock_by_setting": build.stock_by_setting,
            "stats_folder": stats_label if stats_label is not None else str(stats.folder.resolve()),
            "dfe_files_sha256": {n: _sha256(stats.path(n)) for n in used if stats.path(n).is_file()},
            "attribution": dfe.ATTRIBUTION,
            "data_quality": build.quality,
            "missing": build.missing,
        }
        (tmp / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2, sort_keys=True, default=str) + "\n")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    try:
        check_out_folder(out)  # again, just before the swap: only an empty folder or one of ours is ever removed
    except BadInputError:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = None
    if out.exists():
        old = out.parent / f".{out.name}.old-{tmp.name[-8:]}"
        out.rename(old)
    tmp.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return out
