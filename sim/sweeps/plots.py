"""Figures of a sensitivity analysis: index bars with intervals, Morris mu*-sigma, index heat maps over time."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..format import money
from ..metrics import SUMMARY
from ..runs.plots import tidy_axis


def _save(fig, path) -> Path:
    path = Path(path)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    return path


def _panels(n: int, width=6.0, height=None):
    cols = min(n, 2)
    rows = (n + cols - 1) // cols
    fig = Figure(figsize=(width * cols, height or 3.2 * rows))  # no pyplot: no global state or backend
    axes = fig.subplots(rows, cols, squeeze=False)
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    return fig, axes.flat


def index_bars(frame: pd.DataFrame, path, indices=("S1", "ST", "mu_star")) -> Path:
    """One panel per summary output: horizontal bars per parameter and index, with confidence intervals."""
    data = frame[frame["month"].isna() & frame["index"].isin(indices)]
    outputs = list(dict.fromkeys(data["output"]))
    names = list(dict.fromkeys(data["parameter"]))
    fig, axes = _panels(max(len(outputs), 1), height=max(3.0, 0.22 * len(names) + 1.2))
    for ax, output in zip(axes, outputs):
        sub = data[data["output"] == output]
        kinds = list(dict.fromkeys(sub["index"]))
        height = 0.8 / len(kinds)
        for k, kind in enumerate(kinds):
            rows = sub[sub["index"] == kind].set_index("parameter").reindex(names)
            ax.barh(
                np.arange(len(names)) + k * height,
                rows["value"],
                height,
                xerr=rows["conf"].fillna(0),
                label=kind,
                capsize=2,
            )
        ax.set_yticks(np.arange(len(names)) + 0.4 - height / 2, names, fontsize=7)
        ax.invert_yaxis()
        ax.set_title(output, fontsize=9)
        ax.grid(axis="x", alpha=0.3)
        ax.legend(fontsize=7)
    return _save(fig, path)


def morris_scatter(frame: pd.DataFrame, path) -> Path:
    """Morris screening: mu* (importance) against sigma (interactions, non-linearity), one panel per output."""
    data = frame[frame["month"].isna()]
    outputs = list(dict.fromkeys(data["output"]))
    fig, axes = _panels(max(len(outputs), 1), width=5.5, height=None)
    for ax, output in zip(axes, outputs):
        wide = data[data["output"] == output].pivot(index="parameter", columns="index", values="value")
        ax.scatter(wide["mu_star"], wide["sigma"], s=14)
        top = wide.sort_values("mu_star", ascending=False).head(8)  # label the 8 most important only:
        for k, (name, row) in enumerate(top.iterrows()):  # the crowd near zero is unreadable
            ax.annotate(
                name,
                (row["mu_star"], row["sigma"]),
                fontsize=6,
                xytext=(4, 8 * (k % 3) - 8),
                textcoords="offset points",
                arrowprops=dict(arrowstyle="-", lw=0.4, color="#888"),
            )
        ax.set_xlabel("mu*")
        ax.set_ylabel("sigma")
        ax.set_title(output, fontsize=9)
        ax.grid(alpha=0.3)
    return _save(fig, path)


def index_heatmap(frame: pd.DataFrame, output: str, path, index: str = "ST") -> Path:
    """Parameters x months heat map of one index for one series output: how sensitivities change over time."""
    data = frame[(frame["output"] == output) & (frame["index"] == index) & frame["month"].notna()]
    wide = data.pivot(index="parameter", columns="month", values="value")
    wide = wide.reindex(list(dict.fromkeys(data["parameter"])))
    fig = Figure(figsize=(8, 0.25 * len(wide) + 1.5))
    ax = fig.subplots()
    image = ax.imshow(wide.to_numpy(dtype=float), aspect="auto", cmap="viridis", interpolation="nearest")
    ax.set_yticks(np.arange(len(wide)), wide.index, fontsize=7)
    ax.set_xlabel("month")
    ax.set_title(f"{index} of {output} by month", fontsize=9)
    fig.colorbar(image, ax=ax)
    return _save(fig, path)


def second_order_heatmap(frame: pd.DataFrame, path) -> Path:
    """One panel per summary output: Sobol S2 of every pair of parameters; a dot marks a pair whose
    95% interval excludes 0 (resolved), the rest are estimates the design cannot tell from zero."""
    data = frame[(frame["index"] == "S2") & frame["month"].isna()]
    outputs = list(dict.fromkeys(data["output"]))
    names = list(dict.fromkeys([*data["parameter"], *data["parameter2"]]))
    size = max(4.0, 0.22 * len(names) + 2)
    fig, axes = _panels(max(len(outputs), 1), width=size, height=size * ((len(outputs) + 1) // 2))
    at = {n: i for i, n in enumerate(names)}
    for ax, output in zip(axes, outputs):
        rows = data[data["output"] == output]
        grid = np.full((len(names), len(names)), np.nan)
        for r in rows.itertuples():
            grid[at[r.parameter], at[r.parameter2]] = grid[at[r.parameter2], at[r.parameter]] = r.value
        image = ax.imshow(grid, cmap="viridis", interpolation="nearest")
        resolved = rows[rows["value"].abs() > rows["conf"]]
        ax.scatter(
            [at[p] for p in resolved["parameter2"]],
            [at[p] for p in resolved["parameter"]],
            s=10,
            c="white",
            edgecolors="black",
            linewidths=0.4,
        )
        ax.set_xticks(np.arange(len(names)), names, rotation=90, fontsize=6)
        ax.set_yticks(np.arange(len(names)), names, fontsize=6)
        ax.set_title(f"S2 of {output}: {len(resolved)} of {len(rows)} pairs resolved (dots)", fontsize=8)
        fig.colorbar(image, ax=ax, shrink=0.8)
    return _save(fig, path)


def grid_plot(means: pd.DataFrame, parameters: list[str], outputs: list[str], path) -> Path:
    """A grid's mean outputs: lines over one parameter, or heat maps over the first two."""
    fig, axes = _panels(max(len(outputs), 1), width=5.0)
    for ax, output in zip(axes, outputs):
        if len(parameters) == 1:
            p = parameters[0]
            ax.errorbar(
                means[p],
                means[output],
                yerr=[means[output] - means[f"{output}_low"], means[f"{output}_high"] - means[output]],
                capsize=2,
            )
            ax.set_xlabel(p)
        else:
            a, b = parameters[:2]
            wide = means.groupby([a, b])[output].mean().unstack(b)
            values = wide.to_numpy(dtype=float)
            image = ax.imshow(values, aspect="auto", origin="lower", cmap="viridis")
            unit = SUMMARY[output].unit if output in SUMMARY else ""
            for (i, j), v in np.ndenumerate(values):  # the numbers themselves: a colour scale
                text = money(v) if unit.startswith("$") else f"{v:.4g}"  # stretched over a tiny
                ax.text(
                    j,
                    i,
                    text,
                    ha="center",
                    va="center",
                    fontsize=6,  # range exaggerates
                    color="white" if v < np.nanmean(values) else "black",
                )
            spread = np.nanmax(values) - np.nanmin(values)
            span = money(spread) if unit.startswith("$") else f"{spread:.3g}"
            ax.set_title(
                f"{output} (colours span {span}, {spread / max(abs(np.nanmean(values)), 1e-12):.1%} of the mean)",
                fontsize=9,
            )
            ax.set_yticks(np.arange(len(wide.index)), [f"{v:g}" for v in wide.index], fontsize=7)
            ax.set_xticks(np.arange(len(wide.columns)), [f"{v:g}" for v in wide.columns], fontsize=7)
            ax.set_ylabel(a)
            ax.set_xlabel(b)
            bar = fig.colorbar(image, ax=ax)
            tidy_axis(bar.ax, unit, digits=3)
        if len(parameters) == 1:
            ax.set_title(output, fontsize=9)
    return _save(fig, path)
