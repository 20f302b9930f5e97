"""Cross-council backtest speed: the structural growth forecaster on every council, and its fit alone.

The full study (``sefton-sim backtest-councils``, 147 councils x 4 origins x 3 horizons) is timed
by the slow test ``tests/test_backtest_councils.py``; here the two parts it repeats most.
Run: ``python -m pytest benchmarks --benchmark-only``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sefton_sim.data import dfe_statistics as dfe
from sefton_sim.demand import structural_growth as sg
from sefton_sim.studies.backtest_councils import backtest_councils

STATS = Path(__file__).resolve().parents[1].parent / "shared" / "public_data" / "dfe_ehcp_statistics"
"""The DfE files beside the project (used by path, never copied)."""


@pytest.fixture(scope="module")
def panel() -> sg.GrowthPanel:
    return sg.growth_panel(dfe.load_statistics(STATS))


def test_growth_prior_fit_one_origin(benchmark, panel):
    benchmark(sg.fit_growth_prior, panel, 202223, 1)


def test_backtest_all_councils_four_origins(benchmark, panel):
    result = benchmark.pedantic(backtest_councils, args=(panel, [201920, 202021, 202122, 202223], [1, 2, 3]), rounds=1, iterations=1)
    benchmark.extra_info.update(councils=result.councils, forecasts=result.forecasts.height)
