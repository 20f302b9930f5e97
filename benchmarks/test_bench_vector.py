"""Vector core speed: time per path, ns per path-month and state-step, and the cost of one uniform draw.

A state-step is one path × one month × one state cell (age band × need × setting, plus the
age band × need assessment pipeline); a path-month is one path stepped one month. The compiled
SEND step is compared with the uniforms it consumes: the kernel counts, per path and month, the
uniforms it takes from the chunk's pool (``DemandPaths.draws``), and the uniform-draw benchmark
times numpy's ``Generator.random`` per uniform in the same run, so

    step-to-uniform ratio = ns per path-month of the whole run (pool draws, parameter draws and
                            records included) / (uniforms consumed per path-month × ns per uniform)

is machine-neutral (both from CPU time, ``time.process_time``, the minimum over rounds). The run without posterior draws is the reference the posterior run is
compared with (``posterior_to_point_ratio``). Run: ``python -m pytest benchmarks --benchmark-only -s``.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable

import numpy as np
from numba import njit

from sefton_sim.demand import kernel
from sefton_sim.demand.vector import simulate_send
from sefton_sim.model import states as st
from sefton_sim.model.inversion import binomial_count_from_zero, refill

PATHS = int(os.environ.get("SEFTON_BENCH_PATHS", "10000"))
STATES = st.A * st.N * st.S + st.A * st.N
RESULTS: dict[str, float] = {}


def _cpu_timed(fn: Callable[[], object], cpu_seconds: list[float]) -> Callable[[], object]:
    """``fn`` recording the CPU time of each call (the ratios use it: a busy machine's waits are left out)."""

    def timed() -> object:
        start = time.process_time()
        out = fn()
        cpu_seconds.append(time.process_time() - start)
        return out

    return timed


def _time_run(benchmark, rates, key: str, run: str) -> None:
    cpu: list[float] = []
    out = benchmark.pedantic(_cpu_timed(lambda: simulate_send(rates, PATHS, 1), cpu), rounds=2, iterations=1, warmup_rounds=0)
    seconds = min(cpu)
    path_months = PATHS * rates.months
    uniforms = float(out.draws[..., kernel.DRAW_INDEX["uniforms"]].mean())
    sampled = float(out.draws[..., kernel.DRAW_INDEX["numpy_sampler_counts"]].mean())
    RESULTS[f"{key}_ms_per_path"] = seconds * 1e3 / PATHS
    RESULTS[f"{key}_ns_per_path_month"] = seconds * 1e9 / path_months
    RESULTS[f"{key}_uniforms_per_path_month"] = uniforms
    benchmark.extra_info.update(
        run=run,
        paths=PATHS,
        months=rates.months,
        states=STATES,
        ms_per_path=RESULTS[f"{key}_ms_per_path"],
        ns_per_path_month=RESULTS[f"{key}_ns_per_path_month"],
        ns_per_state_step=seconds * 1e9 / (path_months * STATES),
        uniforms_per_path_month=uniforms,
        numpy_sampler_counts_per_path_month=sampled,
    )


def test_vector_core_send_5_years(benchmark, sefton_rates_5y):
    """The shipped run: every path its own posterior draw."""
    _time_run(benchmark, sefton_rates_5y, "vector", "posterior draws")


def test_vector_core_send_5_years_without_posterior(benchmark, sefton_rates_5y):
    """The same run with the point rates (no posterior draws): the reference for the posterior's cost."""
    _time_run(benchmark, dataclasses.replace(sefton_rates_5y, posterior=None), "point", "point rates")
    if "vector_ms_per_path" in RESULTS:
        ratio = RESULTS["vector_ms_per_path"] / RESULTS["point_ms_per_path"]
        benchmark.extra_info.update(posterior_to_point_ratio=ratio)
        print(f"\nposterior run {RESULTS['vector_ms_per_path']:.3f} ms/path, point rates {RESULTS['point_ms_per_path']:.3f} ms/path: {ratio:.2f}x")


def test_uniform_draw_per_state_step(benchmark, sefton_rates_5y):
    rng = np.random.default_rng(1)
    per_month = PATHS * STATES

    def draw_all() -> None:
        for _ in range(sefton_rates_5y.months):
            rng.random(per_month)

    cpu: list[float] = []
    benchmark.pedantic(_cpu_timed(draw_all, cpu), rounds=3, iterations=1)
    ns_per_uniform = min(cpu) * 1e9 / (per_month * sefton_rates_5y.months)
    RESULTS["uniform_ns_per_draw"] = ns_per_uniform
    benchmark.extra_info.update(ns_per_draw=ns_per_uniform)
    for key in ("vector", "point"):
        if f"{key}_ns_per_path_month" not in RESULTS:
            continue
        ns = RESULTS[f"{key}_ns_per_path_month"]
        uniforms = RESULTS[f"{key}_uniforms_per_path_month"]
        step_ratio = ns / (uniforms * ns_per_uniform)
        state_ratio = ns / (STATES * ns_per_uniform)
        benchmark.extra_info.update({f"{key}_step_to_uniform_ratio": step_ratio, f"{key}_to_uniform_ratio": state_ratio})
        print(
            f"\n{key}: {RESULTS[f'{key}_ms_per_path']:.3f} ms/path, {ns:.0f} ns/path-month, {uniforms:.1f} uniforms/path-month; "
            f"uniform draw {ns_per_uniform:.2f} ns; step-to-uniform ratio {step_ratio:.2f}x (per state-step {state_ratio:.1f}x)"
        )


@njit(cache=True)
def _cheapest_counts(children: np.ndarray, q: float, none: np.ndarray, pool: np.ndarray, rng: np.random.Generator, months: int) -> int:
    """The cheapest count the step draws, alone: one fixed small probability per cell (like ceasing),
    one uniform from the refilled pool per non-empty cell, almost every count zero. Returns the
    uniforms used."""
    n_pool = pool.shape[0]
    j = n_pool
    used = 0
    for _ in range(months):
        for p in range(children.shape[0]):
            for c in range(children.shape[1]):
                n = children[p, c]
                if n <= 0.0:
                    continue
                if j >= n_pool:
                    refill(pool, rng)
                    j = 0
                uu = pool[j]
                j += 1
                used += 1
                if uu < 1.0 - n * q - kernel.NONE_BOUND_MARGIN:
                    continue
                m = int(n)
                if uu >= none[m]:
                    children[p, c] = n - binomial_count_from_zero(m, q, none[m], uu)
    return used


def test_cheapest_count_to_uniform_ratio(benchmark):
    """The floor under the step-to-uniform ratio: the cheapest count's cost per uniform against
    numpy's ``Generator.random`` per uniform, both timed here (so the ratio is of one run)."""
    rng = np.random.default_rng(1)
    q, months = 0.005, 60
    children = np.random.default_rng(2).integers(0, 60, size=(PATHS, STATES)).astype(np.float64)
    none = (1.0 - q) ** np.arange(64)
    pool = np.zeros(4096)
    _cheapest_counts(children[:2].copy(), q, none, pool, rng, 1)
    cpu: list[float] = []
    used = [0]

    def count_all() -> None:
        used[0] = _cheapest_counts(children.copy(), q, none, pool, rng, months)

    benchmark.pedantic(_cpu_timed(count_all, cpu), rounds=3, iterations=1)
    buffer = np.empty(PATHS * STATES)
    draw_cpu: list[float] = []
    for _ in range(3):
        start = time.process_time()
        for _ in range(months):
            rng.random(out=buffer)
        draw_cpu.append(time.process_time() - start)
    ns_count = min(cpu) * 1e9 / used[0]
    ns_uniform = min(draw_cpu) * 1e9 / (buffer.size * months)
    benchmark.extra_info.update(ns_per_count=ns_count, ns_per_uniform=ns_uniform, cheapest_count_to_uniform_ratio=ns_count / ns_uniform)
    print(f"\ncheapest count {ns_count:.2f} ns per uniform used, uniform draw {ns_uniform:.2f} ns: {ns_count / ns_uniform:.2f}x")
