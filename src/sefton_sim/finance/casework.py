"""Cost of the SEN casework officers that the casework response rule adds, £m per financial year.

cost[p, y] = (officer-months in post in year y / 12) × cost per officer per year × pay index[y].
Officers in post are counted month by month from the demand engine (``DemandPaths.
casework_officers_added``); year ``y`` holds months ``12y ... 12y+11`` from the base date (1 April).
The per-officer cost is the council's fact (9 officers £0.745m a year, 004_5a9339259cd50bf4.txt
line 137; at most £82,800 each, derived R18), taken at year-0 prices and grown with pay.
"""

from __future__ import annotations

import numpy as np

from sefton_sim.errors import BadInputError


def casework_officers_cost_gbp_m(officers_added_by_month: np.ndarray, cost_gbp_per_officer_per_year: float, pay_index: np.ndarray) -> np.ndarray:
    """Cost of the officers added by the casework rule, £m [path, financial_year].

    ``officers_added_by_month`` [P, T] officers in post each month (T ≥ 12 × years of ``pay_index``);
    an empty array (an engine that ran no rule) costs nothing.
    """
    pay = np.asarray(pay_index, dtype=float)
    years = pay.shape[0]
    officers = np.asarray(officers_added_by_month, dtype=float)
    if officers.size == 0:
        return np.zeros((officers.shape[0], years))
    if officers.ndim != 2 or officers.shape[1] < 12 * years or not np.all(np.isfinite(officers)) or np.any(officers < 0):
        raise BadInputError(
            None, "casework_officers_added", officers.shape, f"finite non-negative officers shaped [paths, at least {12 * years} months]"
        )
    officer_years = officers[:, : 12 * years].reshape(officers.shape[0], years, 12).sum(axis=2) / 12.0
    return officer_years * (float(cost_gbp_per_officer_per_year) / 1e6) * pay[None, :]
