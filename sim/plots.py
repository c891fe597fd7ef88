"""Figures: monthly series with median and interval bands over replications."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from .metrics import MAIN_SERIES, SERIES  # noqa: E402
from .results import Results  # noqa: E402


def plot_series(results: Results, path: str | Path, metrics=MAIN_SERIES, band=(5, 95)) -> Path:
    """One panel per metric, one line (median) and band (percentiles) per scenario; saved as PNG."""
    metrics = list(metrics)
    cols = 2 if len(metrics) > 1 else 1
    rows = (len(metrics) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(6 * cols, 2.6 * rows), squeeze=False, sharex=True)
    months = np.arange(results.months)
    for ax, metric in zip(axes.flat, metrics):
        for name in results.scenarios:
            y = results.scenario(name).series[metric]
            lo, mid, hi = np.percentile(y, [band[0], 50, band[1]], axis=0)
            line, = ax.plot(months, mid, label=name)
            ax.fill_between(months, lo, hi, alpha=0.2, color=line.get_color())
        ax.set_title(f"{metric} ({SERIES[metric].unit})", fontsize=9)
        ax.grid(alpha=0.3)
    for ax in axes.flat[len(metrics):]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel("month")
    axes.flat[0].legend(fontsize=8)
    fig.suptitle(f"median and {band[0]}-{band[1]}% band over replications", fontsize=9)
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
