"""Fan charts (PNG): median line, p10-p90 and p5-p95 bands across paths."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from sefton_sim.demand.vector import DemandPaths  # noqa: E402
from sefton_sim.model import states as st  # noqa: E402

CHART_CAVEAT = "Bands: prediction intervals of the model; how often they held the outturn is measured by the backtests, not assured."


def chart_caveat(fig: plt.Figure) -> None:
    """The prediction-interval caveat at the foot of a chart."""
    fig.text(0.01, 0.005, CHART_CAVEAT, fontsize=6, color="#444444")


def _fan(ax: plt.Axes, dates: Sequence[dt.date], values: np.ndarray, colour: str = "#1f5f8b") -> None:
    p5, p10, p50, p90, p95 = np.percentile(values, [5, 10, 50, 90, 95], axis=0)
    x = np.array(dates, dtype="datetime64[D]")
    ax.fill_between(x, p5, p95, color=colour, alpha=0.15, linewidth=0, label="90% prediction interval (p5-p95)")
    ax.fill_between(x, p10, p90, color=colour, alpha=0.30, linewidth=0, label="80% prediction interval (p10-p90)")
    ax.plot(x, p50, color=colour, linewidth=2, label="median")
    ax.grid(alpha=0.3)


TITLE_CHARS = 70
"""Longest title line on an 8-inch chart; longer titles wrap rather than run off the edge."""


def wrapped_title(title: str, width: int = TITLE_CHARS) -> str:
    """A title split over lines of at most ``width`` characters (so it is never cut off)."""
    return "\n".join(textwrap.wrap(title, width)) or title


def legend_below(ax: plt.Axes, offset: float = 0.1) -> None:
    """The legend under the plot area (``offset`` axes-heights below it), in one row, so it never covers the data."""
    handles, _ = ax.get_legend_handles_labels()
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -offset), ncol=max(1, len(handles)), fontsize=8, frameon=False)


def fan_chart(
    path: Path,
    dates: Sequence[dt.date],
    values: np.ndarray,
    title: str,
    ylabel: str,
    facts: Sequence[tuple[dt.date, float]] = (),
) -> Path:
    """One fan chart of ``values`` [paths, dates]; optional fact points as dots."""
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=110)
    _fan(ax, dates, values)
    if facts:
        ax.scatter([np.datetime64(d, "D") for d, _ in facts], [v for _, v in facts], color="black", zorder=5, s=18, label="published figure")
    ax.set_title(wrapped_title(title), fontsize=11)
    ax.set_ylabel(ylabel)
    legend_below(ax, 0.22)
    fig.autofmt_xdate()
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    chart_caveat(fig)
    fig.savefig(path, bbox_inches="tight")
    plt.close(fig)
    return path


def settings_chart(path: Path, demand: DemandPaths, title: str) -> Path:
    """Small multiples: one fan per setting."""
    fig, axes = plt.subplots(2, 3, figsize=(12, 6.5), dpi=100, sharex=True)
    for s, ax in zip(range(st.S), axes.ravel()):
        _fan(ax, demand.dates, demand.stock_by_band_setting[:, :, :, s].sum(axis=2))
        ax.set_title(st.SETTING_LABELS[st.SETTINGS[s]], fontsize=9)
    fig.suptitle(title)
    fig.autofmt_xdate()
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    chart_caveat(fig)
    fig.savefig(path, bbox_inches="tight")
    plt.close(fig)
    return path


def send_charts(folder: Path, demand: DemandPaths, scenario: str, facts: Sequence[tuple[dt.date, float]]) -> list[Path]:
    """The SEND fan charts of a run: EHCP total, by setting, INMSS, unmet in-borough demand."""
    unmet = np.concatenate([np.zeros((demand.paths, 1)), np.cumsum(demand.flows["overflow_to_inmss"], axis=1)], axis=1)
    return [
        fan_chart(folder / "fan_ehcp_total.png", demand.dates, demand.ehcp_total(), f"Children with EHC plans - {scenario}", "children", facts),
        settings_chart(folder / "fan_ehcp_by_setting.png", demand, f"EHC plans by setting - {scenario}"),
        fan_chart(
            folder / "fan_inmss_children.png",
            demand.dates,
            demand.stock_by_band_setting[:, :, :, st.INMSS].sum(axis=2),
            f"Children in independent / non-maintained special schools - {scenario}",
            "children",
        ),
        fan_chart(
            folder / "fan_unmet_in_borough_demand.png",
            demand.dates,
            unmet,
            f"Unmet in-borough demand: children placed in INMSS because local places were full - {scenario}",
            "children since base date (cumulative)",
        ),
    ]


def assessment_chart(path: Path, dates: Sequence[dt.date], series: dict[str, np.ndarray], title: str) -> Path:
    """Four fans: assessment queue, implied wait (with the 20-week duty), share within 20 weeks, officers in post."""
    panels = (
        ("assessments_in_progress", "assessments in progress", None),
        ("implied_wait_weeks", "implied wait (weeks)", 20.0),
        ("share_within_20_weeks", "share of plans within 20 weeks", None),
        ("casework_officers_in_post", "casework officers in post (FTE)", None),
    )
    fig, axes = plt.subplots(2, 2, figsize=(12, 7), dpi=100, sharex=True)
    for (measure, label, duty), ax in zip(panels, axes.ravel()):
        _fan(ax, dates, series[measure])
        if duty is not None:
            ax.axhline(duty, color="#b22222", linestyle="--", linewidth=1, label="20-week duty")
        ax.set_title(label, fontsize=9)
    axes[0, 0].legend(loc="upper left", fontsize=8)
    fig.suptitle(title)
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
