"""Compile the month steps once, up front, so that a first run can show that it is compiling."""

from __future__ import annotations

from collections.abc import Callable

from sefton_sim.compile_cache import COMPILE_STAGES, kernels_compiled, mark_kernels_compiled
from sefton_sim.demand.vector import simulate_chunk as simulate_send_chunk
from sefton_sim.shipped import council_folder
from sefton_sim.simulate.run import Inputs
from sefton_sim.social_care.csc_packages import CscPackageRates, simulate_csc_chunk

WARM_UP_PATHS = 2
"""Paths of the warm-up runs: two, so that arrays have the layout (not contiguous columns) of real runs."""

CompileNotice = Callable[[int, str], None]
"""Called with (stage index, stage name) as each compiled step starts compiling."""


def compile_kernels(inputs: Inputs, notice: CompileNotice | None = None) -> bool:
    """Compile (or load from the cache) every month step on two paths of ``inputs``.

    Returns True when it had to compile (the cache had no stamp for this package version).
    The warm-up runs use their own seed and nothing of them is kept, so results never change.
    """
    if kernels_compiled():
        return False
    months = 12 * inputs.scenario.horizon_years
    for index, name in enumerate(COMPILE_STAGES):
        if notice is not None:
            notice(index, name)
        if index == 0:
            simulate_send_chunk(inputs.send_rates, 0, 0, WARM_UP_PATHS)
        else:  # a folder without the children's tables warms up on the shipped ones
            rates = inputs.csc_rates or CscPackageRates.from_data(council_folder(), None, inputs.scenario.base_date)
            simulate_csc_chunk(rates, min(months, 12), WARM_UP_PATHS, 0, 0)
    mark_kernels_compiled()
    return True
