"""Scaling: threads speed-up on this machine, and peak memory of the full model over 10 years.

Both are measured in the same run as their serial reference, so the ratio is machine-neutral.
"""

from __future__ import annotations

import os
import time
import tracemalloc

from conftest import ROOT
from sefton_sim.simulate.executors import make_executor
from sefton_sim.simulate.run import prepare, simulate

PATHS = int(os.environ.get("SEFTON_BENCH_PATHS", "10000"))
SPEEDUP_PATHS = max(2000, min(PATHS, 4000))
SPEEDUP_ROUNDS = 2


def test_threads_speed_up_full_model(benchmark):
    """Serial vs 2 threads over 1,000-path chunks of the full model (5 years); each side is the
    best of ``SPEEDUP_ROUNDS`` runs, so one noisy run does not decide the ratio."""
    inputs = prepare(ROOT / "src" / "sefton_sim" / "shipped" / "scenarios" / "baseline.toml", paths=SPEEDUP_PATHS, horizon_years=5)
    simulate(inputs)  # warm-up: compiled kernel loaded, caches filled
    serial = float("inf")
    for _ in range(SPEEDUP_ROUNDS):
        t0 = time.perf_counter()
        simulate(inputs)
        serial = min(serial, time.perf_counter() - t0)
    pool = make_executor("threads", workers=2)
    try:
        benchmark.pedantic(simulate, args=(inputs,), kwargs={"executor": pool}, rounds=SPEEDUP_ROUNDS, iterations=1)
    finally:
        pool.close()
    threaded = benchmark.stats.stats.min
    benchmark.extra_info.update(paths=SPEEDUP_PATHS, serial_seconds=serial, threads_seconds=threaded, threads_speed_up=serial / threaded)
    print(f"\nthreads speed-up (2 workers, {SPEEDUP_PATHS} paths): {serial / threaded:.2f}x ({serial:.1f} s -> {threaded:.1f} s)")


def test_peak_memory_full_model_10_years(benchmark):
    """Full model, 10,000 paths x 10 financial years: time and peak traced memory."""
    inputs = prepare(ROOT / "src" / "sefton_sim" / "shipped" / "scenarios" / "baseline.toml", paths=PATHS, horizon_years=10)

    def run_traced() -> float:
        tracemalloc.start()
        simulate(inputs)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return peak

    peak = benchmark.pedantic(run_traced, rounds=1, iterations=1)
    benchmark.extra_info.update(paths=PATHS, years=10, peak_memory_mb=peak / 2**20)
    print(f"\nfull model {PATHS} paths x 10 years: peak traced memory {peak / 2**20:.0f} MB")
