"""Vector core speed: time per path, ns per state-step, and the cost of one uniform draw.

A state-step is one path × one month × one state cell (age band × need × setting, plus the
age band × need assessment pipeline). The uniform-draw benchmark draws one
``Generator.random`` number per state-step of the same run, so the ratio is machine-neutral.
Run: ``python -m pytest benchmarks --benchmark-only``.
"""

from __future__ import annotations

import os

import numpy as np

from sefton_sim.demand.vector import simulate_send
from sefton_sim.model import states as st

PATHS = int(os.environ.get("SEFTON_BENCH_PATHS", "10000"))
STATES = st.A * st.N * st.S + st.A * st.N
RESULTS: dict[str, float] = {}


def test_vector_core_send_5_years(benchmark, sefton_rates_5y):
    rates = sefton_rates_5y
    benchmark.pedantic(simulate_send, args=(rates, PATHS, 1), rounds=2, iterations=1, warmup_rounds=0)
    seconds = benchmark.stats.stats.min
    state_steps = PATHS * rates.months * STATES
    RESULTS["vector_ns_per_state_step"] = seconds * 1e9 / state_steps
    RESULTS["vector_ms_per_path"] = seconds * 1e3 / PATHS
    benchmark.extra_info.update(
        paths=PATHS,
        months=rates.months,
        states=STATES,
        ms_per_path=RESULTS["vector_ms_per_path"],
        ns_per_state_step=RESULTS["vector_ns_per_state_step"],
    )


def test_uniform_draw_per_state_step(benchmark, sefton_rates_5y):
    rng = np.random.default_rng(1)
    per_month = PATHS * STATES

    def draw_all() -> None:
        for _ in range(sefton_rates_5y.months):
            rng.random(per_month)

    benchmark.pedantic(draw_all, rounds=3, iterations=1)
    RESULTS["uniform_ns_per_draw"] = benchmark.stats.stats.min * 1e9 / (per_month * sefton_rates_5y.months)
    benchmark.extra_info.update(ns_per_draw=RESULTS["uniform_ns_per_draw"])
    if "vector_ns_per_state_step" in RESULTS:
        ratio = RESULTS["vector_ns_per_state_step"] / RESULTS["uniform_ns_per_draw"]
        benchmark.extra_info.update(vector_to_uniform_ratio=ratio)
        print(
            f"\nvector core: {RESULTS['vector_ms_per_path']:.3f} ms/path, "
            f"{RESULTS['vector_ns_per_state_step']:.1f} ns/state-step; uniform draw {RESULTS['uniform_ns_per_draw']:.2f} ns; "
            f"ratio {ratio:.1f}x"
        )
