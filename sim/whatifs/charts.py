"""The report's charts, as SVG text for a slide: large type, lines that cannot hide each other.

Sized for the report's chart width (``CHART_PX`` CSS pixels): the figure is ``WIDTH_IN`` inches wide
and no text is smaller than ``SMALLEST_PT`` points, so at that width every label is at least
``SMALLEST_PT * CHART_PX / (72 * WIDTH_IN)`` = 15 px. Each scenario has its own colour, line style
and marker, and the markers of different scenarios sit on different months, so a line lying on
another (the base and a what-if before the change) still shows. SVG keeps text as text
(``svg.fonttype = none``): sharp at any size, and its font sizes can be read back by a test.
"""

from __future__ import annotations

import io

import matplotlib
import numpy as np
from matplotlib.figure import Figure

from ..format import format_values
from ..metrics import SERIES
from ..runs.plots import tidy_axis
from ..runs.results import Results
from .business import Business, cumulative_difference

CHART_PX = 1100
WIDTH_IN = 11.0
SMALLEST_PT = 11.0
STYLES = (("-", "o"), ("--", "s"), ("-.", "^"), (":", "D"), ((0, (5, 1, 1, 1)), "v"), ((0, (1, 1)), "P"))
PANELS = ("profit", "churn_rate", "mean_loyalty", "nps")
TITLES = {
    "profit": "Profit per month",
    "churn_rate": "Customers lost per month (share)",
    "mean_loyalty": "Customer loyalty (0-1)",
    "nps": "NPS (points)",
}
RC: dict = {
    "font.size": 12,
    "axes.titlesize": 14,
    "axes.labelsize": 12,
    "xtick.labelsize": SMALLEST_PT,
    "ytick.labelsize": SMALLEST_PT,
    "legend.fontsize": 12,
    "svg.fonttype": "none",
    "lines.linewidth": 2.2,
}


def _style(i: int, months: int) -> dict:
    line, marker = STYLES[i % len(STYLES)]
    every = max(months // 10, 1)
    return dict(color=f"C{i}", ls=line, marker=marker, markersize=8, markevery=(i * every // 3 % every, every))


def _svg(fig: Figure) -> str:
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "culturesim"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def payback_chart(results: Results, scenarios, summaries: list[Business]) -> str:
    """Cumulative discounted profit of each what-if minus the base's (mean and 5-95% band over
    replications), its low point and break-even marked; the last point is the NPV difference."""
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(WIDTH_IN, 5.2))
        ax = fig.subplots()
        for i, (s, b) in enumerate(zip(scenarios[1:], summaries), start=1):
            curves = cumulative_difference(results, scenarios[0].name, s.name)
            months = np.arange(curves.shape[1])
            lo, hi = np.percentile(curves, [5, 95], axis=0)
            ax.fill_between(months, lo, hi, color=f"C{i}", alpha=0.15)
            ax.plot(months, curves.mean(axis=0), label=s.name, **_style(i, len(months)))
            if b.low_point < 0:
                ax.annotate(
                    f"low point {_money(b.low_point)}\nmonth {b.low_month}",
                    (b.low_month, b.low_point),
                    xytext=(0, -28),
                    textcoords="offset points",
                    ha="center",
                    va="top",
                    color=f"C{i}",
                    arrowprops=dict(arrowstyle="-", color=f"C{i}"),
                )
            if b.break_even is not None and b.low_point < 0:
                ax.axvline(b.break_even, color=f"C{i}", ls=":", lw=1.5)
                ax.annotate(
                    f"pays back\nmonth {b.break_even}",
                    (b.break_even, 0),
                    xytext=(-8, 14),
                    ha="right",
                    textcoords="offset points",
                    color=f"C{i}",
                )
        ax.axhline(0, color="black", lw=1)
        ax.set_xlabel("month")
        ax.set_title(f"Ahead of (+) or behind (-) {scenarios[0].name}: cumulative profit, discounted")
        tidy_axis(ax, "$")
        ax.grid(alpha=0.3)
        low, high = ax.get_ylim()
        ax.set_ylim(low - 0.2 * (high - low), high + 0.1 * (high - low))  # room for the labels
        ax.legend(loc="upper left")
        fig.tight_layout()
        return _svg(fig)


def outcomes_chart(results: Results, panels=PANELS) -> str:
    """Small multiples of the main series, one line (median over replications) per scenario."""
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(WIDTH_IN, 7.6))
        axes = fig.subplots(2, 2, sharex=True)
        for ax, metric in zip(axes.flat, panels):
            for i, name in enumerate(results.scenarios):
                y = np.median(results.scenario(name).series[metric], axis=0)
                ax.plot(np.arange(len(y)), y, label=name, **_style(i, len(y)))
            ax.set_title(TITLES.get(metric, metric))
            tidy_axis(ax, SERIES[metric].unit, digits=1)
            ax.grid(alpha=0.3)
        for ax in axes[-1]:
            ax.set_xlabel("month")
        handles, labels = axes.flat[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="upper center", ncol=1, frameon=False)
        fig.tight_layout(rect=(0, 0, 1, 1 - 0.045 * len(labels)))
        return _svg(fig)


def _money(v: float) -> str:
    return format_values("$", v)[0]
