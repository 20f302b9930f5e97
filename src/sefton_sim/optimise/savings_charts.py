"""Charts of the savings plan: general balances at 31 March under the plan, as a fan."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np


def reserves_fan_chart(
    path: Path,
    year_labels: Sequence[str],
    balances_with_gbp_m: np.ndarray,
    floor_gbp_m: np.ndarray,
    balances_without_gbp_m: np.ndarray | None = None,
    title: str = "General balances at 31 March under the savings plan",
) -> Path:
    """Fan chart (p5-p95, p10-p90, median) of general balances under the plan, with the floor
    (median 6.5% of the net budget) and, dashed, the median without the plan."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    x = np.arange(len(year_labels))
    p5, p10, p50, p90, p95 = np.percentile(balances_with_gbp_m, [5, 10, 50, 90, 95], axis=0)
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=110)
    colour = "#1f6b3f"
    ax.fill_between(x, p5, p95, color=colour, alpha=0.15, linewidth=0, label="with plan p5-p95")
    ax.fill_between(x, p10, p90, color=colour, alpha=0.3, linewidth=0, label="with plan p10-p90")
    ax.plot(x, p50, color=colour, marker="o", linewidth=2, label="with plan median")
    if balances_without_gbp_m is not None:
        ax.plot(x, np.median(balances_without_gbp_m, axis=0), color="#8b1f1f", linestyle=":", marker=".", label="without plan median")
    ax.plot(x, np.median(floor_gbp_m, axis=0), color="black", linestyle="--", label="floor (6.5% of net budget)")
    ax.axhline(0, color="grey", linewidth=0.8)
    ax.set_xticks(x, list(year_labels))
    ax.set_ylabel("£m")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
