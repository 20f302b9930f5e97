"""An α the savings options cannot meet, written down: the explanation table (which limits clash),
the shortfall by year and the best achievable shares (``infeasible_tables``), in an output folder
of its own (``write_infeasible_folder``) so the council can read why before anything is rerun.

Tables (CSV): ``infeasible_explanation`` (limit, detail), ``shortfall_by_year`` (financial_year,
required share, best achievable share, the shortfall in share, the gap without a plan p50 and the
further recurrent savings α would need, £m), ``achievable_shares`` (scope, best share, required).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from sefton_sim.optimise.savings_solve import SavingsInfeasibleError, clashing_limits
from sefton_sim.outputs.folders import atomic_folder, output_files, write_manifest

INFEASIBLE_FILES = ("infeasible_explanation.csv", "shortfall_by_year.csv", "achievable_shares.csv")


def infeasible_tables(error: SavingsInfeasibleError) -> dict[str, pl.DataFrame]:
    """The three tables that explain an α out of reach, by table name."""
    handles, shares = error.handles, error.shares
    inputs = handles.inputs
    required = handles.required_paths / inputs.paths
    further = shares.further_needed_gbp_m
    further_cumulative = np.zeros(inputs.years) if further is None else np.cumsum(further)
    explanation = pl.DataFrame(
        {
            "limit": clashing_limits(handles) + ["reason"],
            "detail": ["a limit of the model; together with the others it cannot be met"] * len(clashing_limits(handles))
            + [" ".join(line.strip() for line in str(error).splitlines())],
        }
    )
    shortfall = pl.DataFrame(
        {
            "financial_year": list(shares.year_labels),
            "required_share": [required] * inputs.years,
            "best_achievable_share": list(shares.by_year),
            "share_short": [max(required - s, 0.0) for s in shares.by_year],
            "gap_no_plan_p50_gbp_m": [float(np.median(inputs.gap_gbp_m[:, y])) for y in range(inputs.years)],
            "further_recurrent_savings_needed_gbp_m": [float(v) for v in further_cumulative],
        }
    )
    achievable = pl.DataFrame(
        {
            "scope": ["every year on the same path", *shares.year_labels],
            "best_achievable_share": [shares.every_year, *shares.by_year],
            "required_share": [required] * (inputs.years + 1),
        }
    )
    return {"infeasible_explanation": explanation, "shortfall_by_year": shortfall, "achievable_shares": achievable}


def write_infeasible_folder(out_dir: Path, error: SavingsInfeasibleError, manifest: dict[str, Any]) -> Path:
    """Write the explanation tables and a manifest into ``out_dir`` (atomically); returns its path."""
    with atomic_folder(out_dir, "optimise-savings") as folder:
        for name, table in infeasible_tables(error).items():
            table.write_csv(folder / f"{name}.csv")
        write_manifest(folder, {**manifest, "outcome": "infeasible", "files": sorted(output_files(folder) + ["manifest.json"])}, "optimise-savings")
    return Path(out_dir).resolve()
