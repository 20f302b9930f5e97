"""Reference savings instances (the Sefton baseline at fixed sizes) for tests, benchmarks and
``sefton-sim optimise export-instances``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pulp

from sefton_sim.errors import BadInputError
from sefton_sim.optimise.savings import OPTIONS_FILE, ChanceMode, SavingsOptions, SavingsWeights, load_savings_options
from sefton_sim.optimise.savings_inputs import SavingsInputs, savings_inputs
from sefton_sim.optimise.savings_model import SavingsHandles, build_savings_model
from sefton_sim.shipped import scenarios_folder

ReferenceSize = Literal["tiny", "small", "medium", "large"]
REFERENCE_PATHS: dict[str, int] = {"tiny": 10, "small": 50, "medium": 200, "large": 500}
REFERENCE_SEED = 20240401
REFERENCE_SCENARIO = scenarios_folder() / "baseline.toml"


@dataclass(frozen=True)
class ReferenceInstance:
    """A fixed savings instance for tests, benchmarks and instance export."""

    size: str
    inputs: SavingsInputs
    options: SavingsOptions
    alpha: float
    chance: ChanceMode
    weights: SavingsWeights
    unidentified: bool

    def build(self) -> tuple[pulp.LpProblem, SavingsHandles]:
        """Build this instance's model."""
        return build_savings_model(self.inputs, self.options, self.alpha, self.weights, self.chance, self.unidentified)


REFERENCE_ALPHA = 0.9
REFERENCE_CHANCE: ChanceMode = "joint"
REFERENCE_UNIDENTIFIED = True
"""The Sefton baseline has no remedial action after 2024/25, so α = 0.9 is out of reach of the
named options alone; the reference instances therefore include the balancing item (further
savings still to be identified), which keeps them feasible and makes the chance constraint bind."""


def build_reference_instance(
    size: ReferenceSize,
    alpha: float | None = None,
    chance: ChanceMode | None = None,
    unidentified: bool | None = None,
) -> ReferenceInstance:
    """The Sefton baseline (no plan, seed 20240401, 5 financial years) with 10 / 50 / 200 / 500
    paths, the shipped options, α = 0.9 jointly over years and the balancing item (see
    ``REFERENCE_UNIDENTIFIED``) unless told otherwise."""
    if size not in REFERENCE_PATHS:
        raise BadInputError(None, "size", size, f"one of {', '.join(REFERENCE_PATHS)}")
    return _instance(size, REFERENCE_PATHS[size], alpha, chance, unidentified)


def build_instance_of_paths(paths: int) -> ReferenceInstance:
    """The reference instance (as ``build_reference_instance``) on any number of baseline paths, named ``<paths>_paths``."""
    if paths < 1:
        raise BadInputError(None, "paths", paths, "at least one path")
    return _instance(f"{paths}_paths", paths, None, None, None)


def _instance(size: str, paths: int, alpha: float | None, chance: ChanceMode | None, unidentified: bool | None) -> ReferenceInstance:
    from sefton_sim.simulate.run import prepare, simulate

    result = simulate(prepare(REFERENCE_SCENARIO, paths, REFERENCE_SEED, 5))
    assert result.ledgers is not None
    labels = result.ledgers.assumptions.year_labels()
    options = load_savings_options(result.data.folder / OPTIONS_FILE, labels)
    inputs = savings_inputs(result, options)
    return ReferenceInstance(
        size,
        inputs,
        options,
        REFERENCE_ALPHA if alpha is None else alpha,
        REFERENCE_CHANCE if chance is None else chance,
        SavingsWeights(),
        REFERENCE_UNIDENTIFIED if unidentified is None else unidentified,
    )


def export_reference_instance(size: ReferenceSize, folder: str | Path) -> Path:
    """Write the reference instance as an MPS file (``savings_<size>.mps``) for other solvers."""
    problem, _ = build_reference_instance(size).build()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"savings_{size}.mps"
    problem.writeMPS(str(target))
    return target
