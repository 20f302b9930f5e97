"""``sefton-sim bench``: run the benchmark suites and print one table of the figures that matter.

Runs ``pytest benchmarks --benchmark-only`` with history saved (``--benchmark-autosave``) and,
when an earlier run exists, compared against it (``--benchmark-compare``). Every ratio is
measured within the same run, so it does not depend on how busy the machine is.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import polars as pl

TARGETS = {
    "vector_to_uniform_ratio": ("vector core ns per state-step ÷ one uniform draw", "≤ 5x"),
    "vector_step_to_uniform_ratio": ("SEND step ns per path-month ÷ the uniform draws it consumes", "≤ 2.5x"),
    "posterior_to_point_ratio": ("vector core with posterior draws ÷ with the point rates, time per path", "≤ 1.5x"),
    "simpy_to_vector_ratio": ("SimPy reference ÷ vector core, time per path", "≥ 1,000x"),
    "threads_speed_up": ("threads speed-up, 2 workers", "≥ 1.7x"),
    "peak_memory_mb": ("peak memory, full model × 10 years (MB)", "< 2,048 MB at 10,000 paths"),
    "sensitivity_cost_in_single_runs": ("sensitivity (K assumptions) ÷ one run of the same paths", "≤ (2K + 1) × 1.15"),
    "goal_seek_cost_in_single_runs": ("goal-seek (savings total) ÷ one run of the same paths", ""),
}


def _find(extra: list[dict[str, Any]], key: str) -> float | None:
    for info in extra:
        for k, v in info.items():
            if (k == key or k.endswith(key)) and isinstance(v, (int, float)):
                return float(v)
    return None


def headline(report: dict[str, Any]) -> pl.DataFrame:
    """The key figures (with their targets) from a pytest-benchmark JSON report."""
    benches = report.get("benchmarks", [])
    extra = [b.get("extra_info", {}) for b in benches]
    rows = []
    for key, (label, target) in TARGETS.items():
        if key == "peak_memory_mb":
            info: dict[str, Any] = next((b["extra_info"] for b in benches if b.get("extra_info", {}).get("years") == 10), {})
            value = info.get(key)
            if info:
                label = f"peak memory, full model {info.get('paths', 0):,} paths × 10 years (MB)"
        else:
            value = _find(extra, key)
        rows.append({"figure": label, "value": None if value is None else round(float(value), 2), "target": target})
    for b in benches:
        info = b.get("extra_info", {})
        if "ns_per_state_step" in info:
            run = f" ({info['run']})" if "run" in info else ""
            rows.append({"figure": f"vector core ns per state-step{run}", "value": round(info["ns_per_state_step"], 1), "target": ""})
            rows.append({"figure": f"vector core ms per path (5 years){run}", "value": round(info["ms_per_path"], 3), "target": ""})
            if "uniforms_per_path_month" in info:
                rows.append({"figure": f"uniforms consumed per path-month{run}", "value": round(info["uniforms_per_path_month"], 1), "target": ""})
    return pl.DataFrame(rows, schema={"figure": pl.String, "value": pl.Float64, "target": pl.String})


def all_benchmarks(report: dict[str, Any]) -> pl.DataFrame:
    """Every benchmark: group, name, minimum and mean seconds, and its status if it solved something."""
    rows = []
    for b in report.get("benchmarks", []):
        stats = b.get("stats", {})
        info = b.get("extra_info", {})
        name = str(b.get("fullname", b.get("name", ""))).split("::")[-1]
        if b.get("param") and "[" not in name:
            name += f"[{b['param']}]"
        rows.append(
            {
                "benchmark": name,
                "min_s": float(stats.get("min", float("nan"))),
                "mean_s": float(stats.get("mean", float("nan"))),
                "status": str(info.get("status", "")),
            }
        )
    return pl.DataFrame(rows, schema={"benchmark": pl.String, "min_s": pl.Float64, "mean_s": pl.Float64, "status": pl.String})


def run_benchmarks(project_root: Path, paths: int | None = None, select: str | None = None) -> tuple[dict[str, Any], int]:
    """Run the suites; returns the JSON report and pytest's exit code."""
    storage = project_root / ".benchmarks"
    has_history = storage.is_dir() and any(storage.rglob("*.json"))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "bench.json"
        cmd = [
            sys.executable,
            "-m",
            "pytest",
            str(project_root / "benchmarks"),
            "--benchmark-only",
            "--benchmark-autosave",
            f"--benchmark-storage={storage}",
            f"--benchmark-json={out}",
            "-q",
            "-p",
            "no:cacheprovider",
        ]
        if has_history:
            cmd.append("--benchmark-compare")
        if select:
            cmd += ["-k", select]
        env = dict(os.environ)
        if paths is not None:
            env["SEFTON_BENCH_PATHS"] = str(paths)
        proc = subprocess.run(cmd, cwd=project_root, env=env, capture_output=True, text=True)
        report = json.loads(out.read_text()) if out.is_file() else {"benchmarks": []}
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-2000:])
    return report, proc.returncode
