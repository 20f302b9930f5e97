"""Compare scenarios on common random numbers: what differs, and what it changes.

Both runs use the same seed and number of paths, so path ``i`` of each sees the same
parameter draws and random streams; the difference B − A per path isolates the effect of the
assumptions that differ.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import polars as pl  # noqa: E402

from sefton_sim.model import states as st  # noqa: E402
from sefton_sim.outputs.results import march_dates  # noqa: E402
from sefton_sim.scenario import Scenario  # noqa: E402
from sefton_sim.simulate.run import RunResult  # noqa: E402

IGNORED_KEYS = {"name", "description", "extends"}


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Nested dicts as ``{"a.b.c": value}``; lists stay whole."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return out
    return {prefix: value}


def assumption_differences(a: Scenario, b: Scenario) -> pl.DataFrame:
    """Resolved key paths whose values differ: key, A value, B value."""
    fa, fb = flatten(a.model_dump(mode="json")), flatten(b.model_dump(mode="json"))
    rows = []
    for key in sorted(set(fa) | set(fb)):
        if key in IGNORED_KEYS or fa.get(key) == fb.get(key):
            continue
        rows.append({"key": key, "A": str(fa.get(key)), "B": str(fb.get(key))})
    return pl.DataFrame(rows, schema={"key": pl.String, "A": pl.String, "B": pl.String})


def outcome_series(result: RunResult) -> dict[str, tuple[list[str], np.ndarray]]:
    """Per-path outcomes at each 31 March / financial year: name -> (labels, values [P, K])."""
    demand = result.demand
    idx = march_dates(demand)
    labels = [f"31 Mar {demand.dates[i].year}" for i in idx]
    by_bs = demand.stock_by_band_setting
    unmet = np.concatenate([np.zeros((demand.paths, 1)), np.cumsum(demand.flows["overflow_to_inmss"], axis=1)], axis=1)
    out: dict[str, tuple[list[str], np.ndarray]] = {
        "EHC plans": (labels, by_bs.sum(axis=(2, 3))[:, idx]),
        "INMSS children": (labels, by_bs[:, :, :, st.INMSS].sum(axis=2)[:, idx]),
        "unmet in-borough demand (cumulative)": (labels, unmet[:, idx]),
    }
    if result.ledgers is not None:
        fy = [f"31 Mar {int(y[:4]) + 1}" for y in result.ledgers.assumptions.year_labels()]
        gf, hn = result.ledgers.general_fund, result.ledgers.high_needs
        out["High Needs cumulative deficit £m"] = (fy, hn.cumulative_deficit_gbp_m)
        out["MTFP gap £m"] = (fy, gf.gap_gbp_m)
        out["High Needs charge to General Fund £m"] = (fy, gf.high_needs_charge_gbp_m)
        out["MTFP gap to close (before action) £m"] = (fy, gf.budget_gap_before_action_gbp_m)
        out["general balances £m"] = (fy, gf.general_balances_closing_gbp_m)
        out["unfunded gap £m"] = (fy, gf.unfunded_gap_gbp_m)
        out["below floor (share of futures)"] = (fy, gf.floor_breach.astype(float))
    return out


def outcome_differences(a: RunResult, b: RunResult) -> pl.DataFrame:
    """For each outcome and date: A median, B median, and B − A median with p10 and p90 across paths."""
    sa, sb = outcome_series(a), outcome_series(b)
    rows = []
    for name, (labels, va) in sa.items():
        if name not in sb:
            continue
        vb = sb[name][1]
        k = min(va.shape[1], vb.shape[1])
        diff = vb[:, :k].astype(float) - va[:, :k].astype(float)
        for j in range(k):
            mean_like = name.startswith("below floor")
            rows.append(
                {
                    "outcome": name,
                    "at": labels[j],
                    "A median": float(va[:, j].mean() if mean_like else np.median(va[:, j])),
                    "B median": float(vb[:, j].mean() if mean_like else np.median(vb[:, j])),
                    "B-A median": float(diff[:, j].mean() if mean_like else np.median(diff[:, j])),
                    "B-A p10": float(np.percentile(diff[:, j], 10)),
                    "B-A p90": float(np.percentile(diff[:, j], 90)),
                }
            )
    return pl.DataFrame(rows)


def comparison_chart(path: Path, table: pl.DataFrame, a: str, b: str) -> Path:
    """Small multiples: B − A median with its p10-p90 band, per outcome over time."""
    outcomes = table["outcome"].unique(maintain_order=True).to_list()
    cols = 3
    rows = -(-len(outcomes) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(13, 3.4 * rows), dpi=100, squeeze=False)
    for ax, name in zip(axes.ravel(), outcomes):
        part = table.filter(pl.col("outcome") == name)
        x = np.arange(part.height)
        ax.fill_between(x, part["B-A p10"], part["B-A p90"], alpha=0.3, color="#1f5f8b", linewidth=0)
        ax.plot(x, part["B-A median"], marker="o", color="#1f5f8b")
        ax.axhline(0, color="grey", linewidth=0.8)
        ax.set_xticks(x, [s.replace("31 Mar ", "") for s in part["at"]], fontsize=8)
        ax.set_title(name, fontsize=9)
        ax.grid(alpha=0.3)
    for ax in axes.ravel()[len(outcomes) :]:
        ax.axis("off")
    fig.suptitle(f"{b} minus {a} (median and p10-p90 across futures, same random numbers)")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
