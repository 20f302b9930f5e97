"""Posterior draws of the SEND rates (``send_posterior_draws.csv``): the joint fit, as data with provenance.

One row per draw of the whole parameter vector (``sefton-sim calibrate`` writes it; see
``demand.bayes_fit``); every row carries its ``source``. A run gives each path one draw, chosen
by the seed, so the rates vary together across paths as the fit found them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from sefton_sim.data import tables as t
from sefton_sim.errors import BadInputError
from sefton_sim.model import limits as lim

DRAWS_FILE = "send_posterior_draws.csv"

SHARE_COLUMNS = ("request_agreed_share", "plan_conversion_share", "ceasing_rate_per_year")
POSITIVE_COLUMNS = (
    "request_rate_per_month_at_base",
    "ehcp_stock_at_history_start",
    "assessment_slots_before_2023_08",
    "assessment_slots_per_casework_officer",
    "assessments_in_progress_at_base",
    "nb_dispersion_stock",
    "nb_dispersion_flow",
)
PARAMETER_COLUMNS: tuple[str, ...] = (
    "request_rate_per_month_at_base",
    "request_trend_per_year",
    "ehcp_stock_at_history_start",
    "assessment_slots_before_2023_08",
    "request_agreed_share",
    "plan_conversion_share",
    "ceasing_rate_per_year",
    "assessment_slots_per_casework_officer",
    "assessments_in_progress_at_base",
    "nb_dispersion_stock",
    "nb_dispersion_flow",
)
"""Columns of the draws table besides ``draw`` and ``source``."""

MIN_DRAWS = 50


def load_posterior_draws(folder: Path) -> pl.DataFrame | None:
    """The folder's posterior draws, checked (None when the folder has none)."""
    path = Path(folder) / DRAWS_FILE
    if not path.is_file():
        return None
    frame = t.read_table(path, ["draw", *PARAMETER_COLUMNS], {c: lim.NUMBER for c in ("draw", *PARAMETER_COLUMNS)}, min_rows=MIN_DRAWS)
    for column in SHARE_COLUMNS:
        values = frame[column].to_numpy()
        bad = np.flatnonzero(~((values > 0.0) & (values < 1.0)))
        if bad.size:
            raise BadInputError(path, f"row {int(bad[0]) + 2}.{column}", float(values[bad[0]]), "a share strictly between 0 and 1")
    for column in POSITIVE_COLUMNS:
        values = frame[column].to_numpy()
        bad = np.flatnonzero(~(values > 0.0))
        if bad.size:
            raise BadInputError(path, f"row {int(bad[0]) + 2}.{column}", float(values[bad[0]]), "a positive number")
    return frame
