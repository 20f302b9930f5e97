"""SimPy reference against vector core: time per path on the same scenario, in the same run.

Scenario: full-size Sefton SEND, baseline rates, 5 financial years from 1 April 2024 (60 months).
The reference runs a few paths (``SEFTON_BENCH_DES_PATHS``, default 5), the vector core many
(``SEFTON_BENCH_VECTOR_PATHS``, default 1000); each is timed as seconds per path (best round), and
the ratio SimPy per path ÷ vector per path goes into ``extra_info`` and is printed. Run:
``python -m pytest benchmarks/test_bench_des.py --benchmark-only -s``.
"""

from __future__ import annotations

import os

from sefton_sim.demand.des import simulate_send_des
from sefton_sim.demand.vector import simulate_send

DES_PATHS = int(os.environ.get("SEFTON_BENCH_DES_PATHS", "5"))
VECTOR_PATHS = int(os.environ.get("SEFTON_BENCH_VECTOR_PATHS", "1000"))
SECONDS_PER_PATH: dict[str, float] = {}


def test_vector_core_per_path(benchmark, sefton_rates_5y):
    rates = sefton_rates_5y
    benchmark.pedantic(simulate_send, args=(rates, VECTOR_PATHS, 1), rounds=3, iterations=1, warmup_rounds=1)
    SECONDS_PER_PATH["vector"] = benchmark.stats.stats.min / VECTOR_PATHS
    benchmark.extra_info.update(paths=VECTOR_PATHS, months=rates.months, ms_per_path=SECONDS_PER_PATH["vector"] * 1e3)


def test_simpy_reference_per_path(benchmark, sefton_rates_5y):
    rates = sefton_rates_5y
    benchmark.pedantic(simulate_send_des, args=(rates, DES_PATHS, 1), rounds=2, iterations=1, warmup_rounds=0)
    SECONDS_PER_PATH["simpy"] = benchmark.stats.stats.min / DES_PATHS
    info = {"paths": DES_PATHS, "months": rates.months, "ms_per_path": SECONDS_PER_PATH["simpy"] * 1e3}
    if "vector" in SECONDS_PER_PATH:
        ratio = SECONDS_PER_PATH["simpy"] / SECONDS_PER_PATH["vector"]
        info.update(vector_ms_per_path=SECONDS_PER_PATH["vector"] * 1e3, simpy_to_vector_ratio=ratio)
        print(
            f"\nSEND, full Sefton, {rates.months} months: SimPy reference {SECONDS_PER_PATH['simpy'] * 1e3:.1f} ms/path "
            f"({DES_PATHS} paths), vector core {SECONDS_PER_PATH['vector'] * 1e3:.3f} ms/path ({VECTOR_PATHS} paths); "
            f"ratio {ratio:.0f}x"
        )
    benchmark.extra_info.update(info)
