"""The full model (SEND + children's and adult social care + transport + ledgers): time and peak memory.

Peak memory is the largest traced allocation (``tracemalloc``, which numpy reports to) during
one full simulation of 10,000 paths × 5 financial years. Run:
``python -m pytest benchmarks/test_bench_full_model.py --benchmark-only -s``.
"""

from __future__ import annotations

import os
import tracemalloc

from conftest import ROOT
from sefton_sim.simulate.run import prepare, simulate

PATHS = int(os.environ.get("SEFTON_BENCH_PATHS", "10000"))


def test_full_model_10000_paths_5_years(benchmark):
    inputs = prepare(ROOT / "src" / "sefton_sim" / "shipped" / "scenarios" / "baseline.toml", paths=PATHS, horizon_years=5)
    benchmark.pedantic(simulate, args=(inputs,), rounds=1, iterations=1)
    tracemalloc.start()
    result = simulate(inputs)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    benchmark.extra_info.update(
        paths=PATHS,
        years=5,
        peak_memory_mb=peak / 2**20,
        timings_seconds=result.timings_seconds,
    )
    print(
        f"\nfull model {PATHS} paths x 5 years: {benchmark.stats.stats.min:.1f} s, peak traced memory {peak / 2**20:.0f} MB, parts {result.timings_seconds}"
    )
