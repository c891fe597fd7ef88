"""Figures: monthly series with median and interval bands over replications."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from ..files.output import atomic_write
from ..format import money, money_scale
from ..metrics import MAIN_SERIES, SERIES
from .results import Results


def change_months(scenarios) -> dict[str, list[int]]:
    """Scenario name -> the months where its schedule starts a new phase (after month 0)."""
    return {s.name: [p.month for p in s.schedule.phases[1:]] for s in scenarios}


def tidy_axis(ax, unit: str, digits: int | None = None) -> None:
    """Plain tick labels: dollars as everywhere else (sim.format.money, one scale over the axis, not
    matplotlib's 1e7 offset; ``digits`` decimals for a narrow range), no offset or scientific
    notation for anything else."""
    if unit.startswith("$"):

        def label(v, _pos):
            divisor, suffix, default = money_scale(*ax.get_ylim())
            return money(v, scale=(divisor, suffix, default if digits is None else digits))

        ax.yaxis.set_major_formatter(FuncFormatter(label))
    else:
        ax.ticklabel_format(axis="y", useOffset=False, style="plain")


def plot_series(
    results: Results,
    path: str | Path,
    metrics=MAIN_SERIES,
    band=(5, 95),
    title: str = "",
    relative_to: str | None = None,
    marks: dict[str, list[int]] | None = None,
) -> Path:
    """One panel per metric, one line (median) and band (percentiles) per scenario; saved as PNG
    (atomically, so a reader never sees half a figure). ``title`` heads the figure.

    With ``relative_to`` (a scenario name) each other scenario is drawn as its paired difference
    from that one, replication by replication on the same seed: what a comparison is about,
    since bands of levels overlap even when every paired difference has the same sign.
    ``marks`` (scenario name -> months, see ``change_months``) draws each scheduled change as a
    dotted vertical line in the scenario's colour.
    """
    metrics = list(metrics)
    cols = 2 if len(metrics) > 1 else 1
    rows = (len(metrics) + cols - 1) // cols
    fig = Figure(figsize=(6 * cols, 2.6 * rows))  # no pyplot: no global state, no backend to switch
    axes = fig.subplots(rows, cols, squeeze=False, sharex=True)
    months = np.arange(results.months)
    base = results.scenario(relative_to) if relative_to is not None else None
    for ax, metric in zip(axes.flat, metrics):
        for i, name in enumerate(results.scenarios):
            if name == relative_to:
                continue
            this = results.scenario(name)
            y = this.series[metric]
            if base is not None:
                if not this.rows["seed"].equals(base.rows["seed"]):
                    raise ValueError(f"{name}: replications do not share seeds with {relative_to}'s")
                y = y - base.series[metric]
            lo, mid, hi = np.percentile(y, [band[0], 50, band[1]], axis=0)
            ax.plot(months, mid, label=name, color=f"C{i}")
            ax.fill_between(months, lo, hi, alpha=0.2, color=f"C{i}")
            for m in (marks or {}).get(name, []):
                ax.axvline(m, color=f"C{i}", ls=":", lw=1.0)
        if base is not None:
            ax.axhline(0.0, color="black", lw=0.8)
        prefix = "difference in " if base is not None else ""
        ax.set_title(f"{prefix}{metric.replace('_', ' ')} ({SERIES[metric].unit})", fontsize=9)
        tidy_axis(ax, SERIES[metric].unit)
        ax.grid(alpha=0.3)
    for ax in axes.flat[len(metrics) :]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel("month")
    axes.flat[0].legend(fontsize=8)
    caption = f"median and {band[0]}-{band[1]}% band over {len(results.rows) // len(results.scenarios)} replications"
    if base is not None:
        caption = f"paired difference from {relative_to} (same seeds): {caption}"
    if any((marks or {}).values()):
        caption += "; dotted lines: scheduled changes"
    fig.suptitle(f"{title}\n{caption}" if title else caption, fontsize=9)
    fig.tight_layout()
    return atomic_write(path, lambda tmp: fig.savefig(tmp, dpi=110, format="png"))
