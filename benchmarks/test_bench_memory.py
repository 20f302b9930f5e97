"""A full-model run's peak resident memory: ``sefton-sim run`` of 10,000 paths × 5 financial years.

The run is the command itself, started in a child process (loading, simulating, every table,
chart, report and manifest written), so its peak resident set size (``ru_maxrss`` of the child,
not only what tracemalloc sees) is what a user's machine needs. Sized by ``SEFTON_BENCH_MEMORY_PATHS``
(default 10,000). Run: ``python -m pytest benchmarks/test_bench_memory.py --benchmark-only -s``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT

PATHS = int(os.environ.get("SEFTON_BENCH_MEMORY_PATHS", "10000"))
YEARS = 5
SCENARIO = ROOT / "src" / "sefton_sim" / "shipped" / "scenarios" / "baseline.toml"


def run_command(out: Path, paths: int = PATHS, years: int = YEARS, cache: Path | None = None) -> tuple[float, float]:
    """Run ``sefton-sim run`` in a child process; returns its peak resident memory (MiB) and wall time (s).

    With ``cache`` the run uses that (empty) user cache folder, so it is a first run on a machine:
    it compiles the month steps and builds the report bundle. The peak is the largest of the run
    and the processes it waited for (the compiling one among them).
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    if cache is not None:
        env["SEFTON_SIM_CACHE_DIR"] = str(cache)
        env.pop("NUMBA_CACHE_DIR", None)
    command = [sys.executable, str(ROOT / "cli.py"), "run", str(SCENARIO), "--paths", str(paths), "--horizon-years", str(years)]
    command += ["--out", str(out), "--quiet"]
    t0 = time.perf_counter()
    pid = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).pid
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - t0
    assert os.waitstatus_to_exitcode(status) == 0, f"sefton-sim run failed with status {status}"
    return usage.ru_maxrss / 1024, seconds  # ru_maxrss is in KiB on Linux


def _record_peak(benchmark, tmp_path, label: str, empty_cache: bool) -> None:
    """One run as a user starts it, its peak resident memory recorded and printed under ``label``."""
    peaks: list[float] = []

    def once() -> None:
        cache = tmp_path / f"cache_{len(peaks)}" if empty_cache else None
        peak, _ = run_command(tmp_path / f"run_{len(peaks)}", cache=cache)
        peaks.append(peak)

    benchmark.pedantic(once, rounds=1, iterations=1)
    peak_mib = max(peaks)
    benchmark.extra_info.update(paths=PATHS, years=YEARS, peak_rss_mib=peak_mib, peak_rss_bytes=int(peak_mib * 2**20))
    print(
        f"\n{label} {PATHS} paths x {YEARS} years: {benchmark.stats.stats.min:.1f} s, peak resident memory {peak_mib:.0f} MiB ({peak_mib * 2**20 / 1e9:.3f} GB)"
    )


def test_full_model_run_peak_resident_memory(benchmark, tmp_path):
    _record_peak(benchmark, tmp_path, "sefton-sim run", empty_cache=False)


def test_first_run_peak_resident_memory(benchmark, tmp_path):
    """The same run on an empty cache: the month steps compile (in a process of their own) first."""
    _record_peak(benchmark, tmp_path, "first run (empty cache)", empty_cache=True)
