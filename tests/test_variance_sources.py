"""The variance study's switches: each source, switched off, stops varying; switched on alone, it moves the band."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sefton_sim.simulate.run import prepare
from sefton_sim.studies.variance import SOURCES, cumulative_deficit_paths, modelled_sources, variance_decomposition

SCENARIOS = Path(__file__).resolve().parents[1] / "src" / "sefton_sim" / "shipped" / "scenarios"


@pytest.fixture(scope="module")
def inputs():
    return prepare(SCENARIOS / "baseline.toml", paths=40)


def test_sefton_carries_every_source(inputs) -> None:
    assert modelled_sources(inputs) == SOURCES


def test_every_source_off_leaves_one_future(inputs) -> None:
    """With all four sources off every path has the same deficit: no source's switch leaves its spread on."""
    deficit = cumulative_deficit_paths(inputs, frozenset())
    assert np.ptp(deficit, axis=0).max() < 1e-6


@pytest.mark.parametrize("source", SOURCES)
def test_each_source_alone_spreads_the_deficit(inputs, source: str) -> None:
    deficit = cumulative_deficit_paths(inputs, frozenset({source}))
    assert np.ptp(deficit[:, -1]) > 1.0  # £m


def test_structural_growth_off_keeps_the_other_draws(inputs) -> None:
    """Common random numbers: switching structural growth off changes the deficit paths but no other source's draws."""
    everything = frozenset(SOURCES)
    on = cumulative_deficit_paths(inputs, everything)
    off = cumulative_deficit_paths(inputs, everything - {"structural_growth"})
    assert not np.allclose(on, off)
    # money alone with and without the growth spread: the money draws of each path are the same
    money_only = cumulative_deficit_paths(inputs, frozenset({"money_ranges"}))
    money_and_growth = cumulative_deficit_paths(inputs, frozenset({"money_ranges", "structural_growth"}))
    growth_only = cumulative_deficit_paths(inputs, frozenset({"structural_growth"}))
    central = cumulative_deficit_paths(inputs, frozenset())
    rank = np.corrcoef(money_only[:, -1], money_and_growth[:, -1] - growth_only[:, -1] + central[:, -1])[0, 1]
    assert rank > 0.9


def test_decomposition_reports_structural_growth(inputs) -> None:
    table = variance_decomposition(inputs)
    row = table.filter(table["source"] == "structural_growth").row(0, named=True)
    assert row["modelled"] and row["variance_share_only"] > 0.01 and row["p10_p90_width_gbp_m_only"] > 0.0
    # at 40 paths the width without it is within Monte Carlo error of the full width (its share is about 0.1), but it is a different run
    full = table.filter(table["source"] == "all")["p10_p90_width_gbp_m_only"].item()
    assert 0.0 < row["p10_p90_width_gbp_m_without"] and row["p10_p90_width_gbp_m_without"] != pytest.approx(full, rel=1e-9)
