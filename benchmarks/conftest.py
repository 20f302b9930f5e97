"""Benchmark helpers: the Sefton rates, shared between suites."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def sefton_rates_5y():
    """Sefton baseline rates for 5 financial years from 1 April 2024."""
    from sefton_sim.data import load_council_data
    from sefton_sim.demand.rates import build_send_rates

    data = load_council_data(ROOT / "src" / "sefton_sim" / "shipped" / "data" / "sefton")
    return build_send_rates(data, None, dt.date(2024, 4, 1), 60)
