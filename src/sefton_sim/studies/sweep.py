"""Sweeps: many scenarios × many paths, split into chunks that run anywhere and resume.

A sweep file names a base scenario and a grid (every combination) and/or a list of cases, each a
set of overrides by resolved key path. Every case × chunk of paths is one task; its random
streams come from ``(seed, chunk)``, so results are identical whatever the executor and the
number of workers. Each task's outcomes are written as one Parquet fragment (atomically: a
temporary file renamed into place); a rerun skips fragments already written, so an interrupted
sweep resumes. The summary is aggregated from the fragments with polars lazy scans.

Every fragment records the SHA-256 of the inputs it was made from (the sweep spec, the base
scenario chain and the council data tables) and so does ``sweep.json``; resuming after any of
them changed is refused, naming the input that changed, so results from different inputs are
never mixed.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from pydantic import Field, ValidationError

from sefton_sim.data.tables import file_sha256
from sefton_sim.demand.vector import chunk_sizes
from sefton_sim.errors import BadInputError
from sefton_sim.model import states as st
from sefton_sim.model.progress import NO_PROGRESS, ProgressReporter
from sefton_sim.outputs.folders import open_resumable_folder
from sefton_sim.outputs.report import write_report
from sefton_sim.outputs.results import PERCENTILES
from sefton_sim.scenario.base import StrictModel
from sefton_sim.scenario.load import deep_merge, resolve_scenario_dict, scenario_chain, sweep_base, validate_scenario_dict
from sefton_sim.simulate.executors import Executor
from sefton_sim.simulate.run import Inputs, require_all_money

MEASURES = (
    "ehcp_total",
    "inmss_children",
    "unmet_in_borough_demand_cumulative",
    "high_needs_cumulative_deficit_gbp_m",
    "mtfp_gap_gbp_m",
    "general_balances_gbp_m",
    "balances_below_floor",
)


class SweepCase(StrictModel):
    """One named case: overrides by resolved key path (e.g. ``"send.request_trend_shift_per_year"``)."""

    name: str = Field(min_length=1, max_length=200, description="Case name used in the outputs (a label in the tables, never a path).")
    overrides: dict[str, Any] = Field(default_factory=dict, description="Values by dotted key path.")


class SweepSpec(StrictModel):
    """A sweep: base scenario, paths, seed, and a grid and/or list of cases."""

    name: str = Field(
        max_length=64,
        pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$",
        description="Sweep name (default output folder outputs/sweep-<name>): lower-case letters, digits, '_' and '-', at most 64 characters.",
    )
    base: str = Field(description="Base scenario TOML, relative to the sweep file.")
    paths: int = Field(1000, ge=1, le=10_000_000, description="Paths per case.")
    seed: int = Field(1, ge=0, description="Seed shared by every case (common random numbers).")
    horizon_years: int = Field(5, ge=1, le=15, description="Financial years simulated.")
    grid: dict[str, list[Any]] = Field(default_factory=dict, description="Every combination of these values by key path.")
    cases: list[SweepCase] = Field(default_factory=list, description="Explicit cases (added after the grid).")


@dataclass(frozen=True)
class SweepTask:
    """One case × one chunk of paths; everything a worker needs (it pickles)."""

    case: int
    case_name: str
    scenario: dict[str, Any]  # resolved scenario dict
    scenario_file: str
    chunk: int
    paths: int

    def fragment(self, root: Path) -> Path:
        """Where this task's Parquet fragment lives."""
        return root / "fragments" / f"case-{self.case:04d}" / f"chunk-{self.chunk:06d}.parquet"


def _nested(dotted: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in dotted.items():
        node = out
        parts = key.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return out


def load_sweep(path: Path) -> SweepSpec:
    """Read and validate a sweep file (one-line errors)."""
    if not path.is_file():
        raise BadInputError(path, "(file)", str(path), "an existing sweep TOML file")
    try:
        data = tomllib.loads(path.read_text())
        return SweepSpec.model_validate(data)
    except tomllib.TOMLDecodeError as exc:
        raise BadInputError(path, "(syntax)", str(exc), "valid TOML") from None
    except ValidationError as exc:
        err = exc.errors()[0]
        expected = "no such key" if err["type"] == "extra_forbidden" else err["msg"]
        raise BadInputError(path, ".".join(str(x) for x in err["loc"]), err.get("input"), expected) from None


def expand_cases(spec: SweepSpec) -> list[tuple[str, dict[str, Any]]]:
    """(name, dotted overrides) for every grid combination, then the listed cases."""
    cases: list[tuple[str, dict[str, Any]]] = []
    if spec.grid:
        keys = list(spec.grid)
        for values in itertools.product(*(spec.grid[k] for k in keys)):
            overrides = dict(zip(keys, values))
            cases.append((",".join(f"{k.split('.')[-1]}={v}" for k, v in overrides.items()), overrides))
    cases.extend((c.name, c.overrides) for c in spec.cases)
    if not cases:
        cases.append(("base", {}))
    return cases


def plan_tasks(sweep_file: Path) -> tuple[SweepSpec, list[SweepTask], str]:
    """Validate every case's scenario and cut the work into tasks; returns the spec hash too."""
    spec = load_sweep(sweep_file)
    base_path = sweep_base(sweep_file, spec.base)
    base = resolve_scenario_dict(base_path)
    base["data_folder"] = str((base_path.parent / base.get("data_folder", "../data/sefton")).resolve())
    tasks = []
    for case, (name, overrides) in enumerate(expand_cases(spec)):
        resolved = deep_merge(base, _nested(overrides))
        resolved.update(paths=spec.paths, seed=spec.seed, horizon_years=spec.horizon_years)
        validate_scenario_dict(resolved, f"{sweep_file} (case {name})")
        for chunk, n in enumerate(chunk_sizes(spec.paths)):
            tasks.append(SweepTask(case, name, resolved, str(base_path), chunk, n))
    digest = hashlib.sha256(
        json.dumps([spec.model_dump(mode="json"), [t.scenario for t in tasks[:1]]], sort_keys=True, default=str).encode()
    ).hexdigest()
    return spec, tasks, digest


@lru_cache(maxsize=16)
def _inputs(scenario_json: str, scenario_file: str) -> Inputs:
    from sefton_sim.simulate.run import prepare_scenario

    data = json.loads(scenario_json)
    scenario = validate_scenario_dict(data, scenario_file)
    return prepare_scenario(scenario, Path(data["data_folder"]), [Path(scenario_file)], scenario_file)


def run_task(task: SweepTask) -> pl.DataFrame:
    """Simulate one case × chunk and return its outcomes per path and financial year."""
    from sefton_sim.demand.vector import CHUNK_PATHS
    from sefton_sim.simulate.run import money_for, simulate_chunk

    inputs = _inputs(json.dumps(task.scenario, sort_keys=True, default=str), task.scenario_file)
    part = simulate_chunk(inputs, task.chunk, task.paths)
    ledgers, _, _ = money_for(inputs, part.demand, part.csc, part.asc, part.savings_uniforms)
    demand = part.demand
    years = ledgers.assumptions.year_labels()
    march = [i for i, d in enumerate(demand.dates) if d.month == 4 and i > 0][: len(years)]
    by_bs = demand.stock_by_band_setting
    unmet = np.cumsum(demand.flows["overflow_to_inmss"], axis=1)
    values = {
        "ehcp_total": by_bs.sum(axis=(2, 3))[:, march],
        "inmss_children": by_bs[:, :, :, st.INMSS].sum(axis=2)[:, march],
        "unmet_in_borough_demand_cumulative": unmet[:, [i - 1 for i in march]],
        "high_needs_cumulative_deficit_gbp_m": ledgers.high_needs.cumulative_deficit_gbp_m,
        "mtfp_gap_gbp_m": ledgers.general_fund.gap_gbp_m,
        "general_balances_gbp_m": ledgers.general_fund.general_balances_closing_gbp_m,
        "balances_below_floor": ledgers.general_fund.floor_breach.astype(float),
    }
    P, Y = task.paths, len(years)
    first_path = task.chunk * CHUNK_PATHS
    frames = [
        pl.DataFrame(
            {
                "path": np.repeat(np.arange(first_path, first_path + P, dtype=np.int64), Y),
                "financial_year": np.tile(np.array(years), P),
                "value": np.asarray(v, dtype=np.float64).reshape(-1),
            }
        ).with_columns(pl.lit(name).alias("measure"))
        for name, v in values.items()
    ]
    return pl.concat(frames).select(
        pl.lit(task.case, dtype=pl.Int64).alias("case"), pl.lit(task.case_name).alias("case_name"), "path", "financial_year", "measure", "value"
    )


SPEC_KEY = "(sweep spec)"
FRAGMENT_INPUTS_KEY = "sefton_sim_inputs_sha256"
"""Parquet key-value metadata of every fragment: the digest of the inputs it was made from."""
FRAGMENT_HASHES_KEY = "sefton_sim_input_hashes"


def sweep_input_hashes(spec_digest: str, tasks: list[SweepTask]) -> dict[str, str]:
    """SHA-256 of every input of a sweep: its spec, the base scenario chain, every council data table."""
    hashes = {SPEC_KEY: spec_digest}
    for file in dict.fromkeys(t.scenario_file for t in tasks):
        for link in scenario_chain(Path(file)):
            hashes[str(link.resolve())] = file_sha256(link)
    for folder in dict.fromkeys(str(t.scenario.get("data_folder", "")) for t in tasks):
        for table in sorted(Path(folder).glob("*.csv")):
            hashes[str(table.resolve())] = file_sha256(table)
    return hashes


def inputs_digest(hashes: dict[str, str]) -> str:
    """One SHA-256 over every input hash."""
    return hashlib.sha256(json.dumps(hashes, sort_keys=True).encode()).hexdigest()


def _changed_input(before: dict[str, str], now: dict[str, str]) -> str | None:
    for key in sorted(set(before) | set(now)):
        if before.get(key) != now.get(key):
            return key
    return None


def _refuse_changed(out_dir: Path, key: str) -> BadInputError:
    if key == SPEC_KEY:
        return BadInputError(out_dir, "--out", str(out_dir), "an empty folder or one holding this same sweep (it holds a different one)")
    return BadInputError(
        key, "(sha256)", key, f"the same file as when the sweep in {out_dir} started (it changed since: restore it or use a new --out)"
    )


def _write_fragment(frame: pl.DataFrame, path: Path, metadata: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    frame.write_parquet(tmp, metadata=metadata)
    tmp.replace(path)


def fragment_inputs(path: Path) -> str | None:
    """The inputs digest a fragment records (None if it records none)."""
    try:
        return pl.read_parquet_metadata(path).get(FRAGMENT_INPUTS_KEY)
    except (OSError, pl.exceptions.PolarsError):
        return None


def summarise_fragments(root: Path) -> pl.DataFrame:
    """Mean and percentiles per case, measure and year, from every fragment (lazy scan)."""
    lazy = pl.scan_parquet(str(root / "fragments" / "**" / "*.parquet"))
    aggs = [pl.col("value").mean().alias("mean"), pl.len().alias("paths")]
    aggs += [pl.col("value").quantile(p / 100, interpolation="linear").alias(f"p{p}") for p in PERCENTILES]
    return lazy.group_by(["case", "case_name", "measure", "financial_year"]).agg(aggs).sort(["case", "measure", "financial_year"]).collect()


@dataclass(frozen=True)
class SweepReport:
    """What a sweep run did."""

    folder: Path
    tasks: int
    already_done: int
    ran: int
    complete: bool
    summary: pl.DataFrame | None


def run_sweep(
    sweep_file: Path, out_dir: Path, executor: Executor, stop_after: int | None = None, progress: ProgressReporter = NO_PROGRESS
) -> SweepReport:
    """Run (or resume) a sweep into ``out_dir``; aggregate when every fragment is there."""
    spec, tasks, digest = plan_tasks(sweep_file)
    hashes = sweep_input_hashes(digest, tasks)
    inputs = inputs_digest(hashes)
    record = {
        "sweep_file": str(sweep_file.resolve()),
        "spec_sha256": digest,
        "spec": spec.model_dump(mode="json"),
        "input_hashes_sha256": hashes,
        "inputs_sha256": inputs,
    }
    for case_json, case_file in dict.fromkeys((json.dumps(task.scenario, sort_keys=True, default=str), task.scenario_file) for task in tasks):
        require_all_money(_inputs(case_json, case_file))  # before anything is written: a sweep needs every ledger
    out_dir = open_resumable_folder(out_dir, "sweep", {"command": "sweep", "sweep_file": str(sweep_file.resolve())})
    marker = out_dir / "sweep.json"
    if marker.is_file():
        previous = json.loads(marker.read_text())
        before = previous.get("input_hashes_sha256")
        if not isinstance(before, dict):
            raise BadInputError(out_dir, "--out", str(out_dir), "a sweep folder that records the hashes of its inputs (use a new --out)")
        changed = _changed_input({k: v for k, v in before.items() if k != SPEC_KEY}, {k: v for k, v in hashes.items() if k != SPEC_KEY})
        if changed is None and previous.get("spec_sha256") != digest:
            changed = SPEC_KEY
        if changed is not None:
            raise _refuse_changed(out_dir, changed)
    else:
        marker.write_text(json.dumps(record, indent=2, default=str))
    for task in tasks:
        fragment = task.fragment(out_dir)
        if fragment.is_file() and fragment_inputs(fragment) != inputs:
            raise BadInputError(
                fragment, "(inputs)", str(fragment), "a fragment made from this sweep's inputs (it was made from others: use a new --out)"
            )
    metadata = {FRAGMENT_INPUTS_KEY: inputs, FRAGMENT_HASHES_KEY: json.dumps(hashes, sort_keys=True)}
    pending = [t for t in tasks if not t.fragment(out_dir).is_file()]
    done_before = len(tasks) - len(pending)
    ran = 0
    if pending and (stop_after is None or stop_after > 0):
        phase = progress.phase("sweep chunks", len(pending) if stop_after is None else min(stop_after, len(pending)))
        for index, frame in executor.as_completed(run_task, pending):
            _write_fragment(frame, pending[index].fragment(out_dir), metadata)
            ran += 1
            phase.advance()
            if stop_after is not None and ran >= stop_after:
                break
        phase.close()
    complete = all(t.fragment(out_dir).is_file() for t in tasks)
    summary = None
    if complete:
        summary = summarise_fragments(out_dir)
        summary.write_parquet(out_dir / "summary.parquet")
        cases = pl.DataFrame({"case": [t.case for t in tasks if t.chunk == 0], "case_name": [t.case_name for t in tasks if t.chunk == 0]})
        cases.write_csv(out_dir / "cases.csv")
        write_report(out_dir, "sweep")
    return SweepReport(out_dir, len(tasks), done_before, ran, complete, summary)
