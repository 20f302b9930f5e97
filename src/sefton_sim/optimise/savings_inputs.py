"""What the savings model reads, from a no-plan run: per path and financial year the gap (a High
Needs charge borne by the General Fund included), the floor, the opening general balances, the
council tax line and what one more percentage point of it yields, and one delivery draw per path
and option (``savings_inputs`` → ``SavingsInputs``).

Delivery draws: ``Generator(PCG64(SeedSequence(seed, spawn_key=(0, 104))))`` draws one uniform
per path and option (table order); option o is delivered on path p if the uniform is below its
delivery probability (all or nothing; the one-off cost is paid either way). Stream 104 is the
optimiser's own; the ledger's savings draws use stream 103 (``run.SAVINGS_STREAM``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sefton_sim.errors import BadInputError
from sefton_sim.optimise.savings import OPTIMISER_STREAM, SavingsOptions

if TYPE_CHECKING:
    from sefton_sim.simulate.run import RunResult

FLOOR_TOLERANCE_GBP_M = 1e-6
"""Balances within this of the floor (£m) count as at the floor."""


@dataclass(frozen=True)
class SavingsInputs:
    """What the savings model reads, per path and financial year (£m unless stated).

    ``gap_gbp_m`` is the no-plan draw on general balances (MTFP gap plus any High Needs charge
    borne by the General Fund; negative = contribution). ``delivered`` [P, O] says whether option
    o (table order of ``option_names``) is delivered on path p.
    ``council_tax_yield_gbp_m_per_pct`` [t, y]: £m raised in year y by one more percentage point of
    increase in year t (0 for t > y and for year 0, which is published).
    """

    scenario_name: str
    seed: int
    year_labels: tuple[str, ...]
    option_names: tuple[str, ...]
    gap_gbp_m: np.ndarray  # [P, Y]
    opening_balances_gbp_m: float
    floor_gbp_m: np.ndarray  # [P, Y]
    delivered: np.ndarray  # bool [P, O]
    council_tax_gbp_m: np.ndarray  # [Y] no-plan council tax line
    council_tax_increase_pct: np.ndarray  # [Y] no-plan increases (0 in year 0)
    council_tax_yield_gbp_m_per_pct: np.ndarray  # [Y, Y]
    referendum_cap_pct: float
    draws_seed: str = ""

    @property
    def paths(self) -> int:
        """Number of simulated futures."""
        return int(self.gap_gbp_m.shape[0])

    @property
    def years(self) -> int:
        """Number of financial years."""
        return int(self.gap_gbp_m.shape[1])

    @property
    def balances_no_plan_gbp_m(self) -> np.ndarray:
        """Closing general balances without a plan [P, Y]."""
        return self.opening_balances_gbp_m - np.cumsum(self.gap_gbp_m, axis=1)

    def council_tax_yield_per_pct_gbp_m(self) -> np.ndarray:
        """£m raised in each year by one more percentage point of increase that year [Y] (0 in year 0)."""
        return np.diag(self.council_tax_yield_gbp_m_per_pct).copy()


def council_tax_yield_matrix(council_tax_gbp_m: np.ndarray, increase_pct: np.ndarray) -> np.ndarray:
    """K[t, y] = CT[y] / (100 + pct[t]) for 1 ≤ t ≤ y (£m per percentage point), else 0."""
    years = len(council_tax_gbp_m)
    k = np.zeros((years, years))
    for t_ in range(1, years):
        k[t_, t_:] = council_tax_gbp_m[t_:] / (100.0 + increase_pct[t_])
    return k


def delivery_draws(seed: int, paths: int, probabilities: np.ndarray) -> np.ndarray:
    """Bool [P, O]: option o delivered on path p (one uniform each from stream ``OPTIMISER_STREAM``)."""
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(0, OPTIMISER_STREAM))))
    return rng.random((paths, len(probabilities))) < np.asarray(probabilities)[None, :]


def savings_inputs(result: RunResult, options: SavingsOptions, paths: int | None = None) -> SavingsInputs:
    """The savings model's inputs from a no-plan run (``run.RunResult``), on its first ``paths`` paths.

    Gap, floor and the council tax line come from the General Fund ledger; the delivery draws are
    seeded from the scenario seed (stream ``OPTIMISER_STREAM``, documented in the module).
    """
    from sefton_sim.finance.money_data import load_money_data

    ledgers = result.ledgers
    if ledgers is None:
        raise BadInputError(None, "ledgers", None, "a run with money ledgers")
    gf = ledgers.general_fund
    labels = tuple(ledgers.assumptions.year_labels())
    if tuple(options.year_labels) != labels:
        raise BadInputError(options.file, "(years)", options.year_labels, f"options resolved for the run's years {labels}")
    total = gf.gap_gbp_m.shape[0]
    n = total if paths is None else int(paths)
    if not 1 <= n <= total:
        raise BadInputError(None, "paths", paths, f"between 1 and the run's {total} paths")
    money = load_money_data(result.data.folder)
    ct_ids = [line.id for line in money.funding_in_total if line.kind == "council_tax"]
    if len(ct_ids) != 1 or ct_ids[0] not in gf.funding_lines_gbp_m:
        raise BadInputError(money.folder, "council_tax", ct_ids, "exactly one council tax funding line")
    ct = gf.funding_lines_gbp_m[ct_ids[0]][:n]
    if not np.allclose(ct, ct[:1]):
        raise BadInputError(None, "council_tax", "varies by path", "a council tax line that is the same on every path")
    pct = np.asarray(ledgers.assumptions.council_tax_increase_pct, dtype=float)
    probabilities = np.array([o.delivery_probability for o in options.options])
    return SavingsInputs(
        scenario_name=result.scenario.name,
        seed=int(result.scenario.seed),
        year_labels=labels,
        option_names=options.names,
        gap_gbp_m=np.asarray(gf.gap_gbp_m[:n] + gf.high_needs_charge_gbp_m[:n], dtype=float),
        opening_balances_gbp_m=float(ledgers.assumptions.general_balances_opening_gbp_m),
        floor_gbp_m=np.asarray(gf.floor_gbp_m[:n], dtype=float),
        delivered=delivery_draws(int(result.scenario.seed), n, probabilities),
        council_tax_gbp_m=np.asarray(ct[0], dtype=float),
        council_tax_increase_pct=pct,
        council_tax_yield_gbp_m_per_pct=council_tax_yield_matrix(np.asarray(ct[0], dtype=float), pct),
        referendum_cap_pct=float(result.scenario.finance.council_tax_referendum_cap_pct),
        draws_seed=f"SeedSequence({int(result.scenario.seed)}, spawn_key=(0, {OPTIMISER_STREAM}))",
    )
