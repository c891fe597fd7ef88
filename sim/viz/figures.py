"""The dashboard's pictures, drawn incrementally: each Figure is built once, then only its data move.

Why: building a matplotlib figure and laying it out costs far more than drawing it, and a class
waits for every month. Axes have fixed margins (no layout engine), fixed x ranges (the whole
run) and, unless auto-scaled, y ranges that include the plan's scale and only ever grow, so
noise does not look dramatic. Each plot is its own JPEG, sent as binary (no base64 in the page),
with a description naming its axis and the series it draws (read from the artists), which a
screen reader and the tests can read.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Any

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter
from PIL import Image

from ..steps import STEP_NAMES
from .agents_view import layout

ORG_STYLE: tuple[dict[str, Any], ...] = (
    {"color": "tab:blue", "linestyle": "-"},
    {"color": "tab:red", "linestyle": "--"},
)
FONT = 11
PROJECTOR_FONT = 15  # points at 80 dpi: about 17 px on screen, readable from the back of a room


@dataclass(frozen=True)
class Panel:
    series: str
    title: str
    scale: float = 1.0  # multiply the series by this (churn as % per month)
    ylim: tuple | None = None  # fixed range; None: the range of the exercise's reference seeds
    smooth: int = 1  # > 1: draw the trailing mean over this many months, single months faint
    money: bool = False  # ticks as $30k, $1.2M


PANELS = (
    Panel("mean_loyalty", "Customer loyalty (0 to 1)", ylim=(0, 1)),
    Panel("churn_rate", "Customers lost (% per month)", 100.0),
    Panel("nps", "Net promoter score (-100 to 100)", ylim=(-100, 100)),
    Panel("profit", "Profit per month (3-month average)", smooth=3, money=True),
    Panel("engagement", "Employee engagement (0 to 1)", ylim=(0, 1)),
    Panel("culture_strength", "Staff focus on customers (0 to 1)", ylim=(0, 1)),
)


def money(x: float, _pos=None) -> str:
    """$30k, -$1.2M, $0: dollars a class reads at a glance."""
    sign, x = ("-" if x < 0 else ""), abs(float(x))
    if x >= 1e6:
        text = f"{x / 1e6:.2f}".rstrip("0").rstrip(".") + "M"
    elif x >= 1e3:
        text = f"{x / 1e3:.0f}k"
    else:
        text = f"{x:.0f}"
    return f"{sign}${text}" if text != "0" else "$0"


DPI = 80


def unscope_rcparams() -> None:
    """Undo Solara's per-session ``matplotlib.rcParams`` (if the server applied it): drawing 5-8x faster.

    Why: ``solara run`` swaps the class of ``matplotlib.rcParams`` for one that looks up the
    browser session on every read (so that pyplot users in two sessions do not share settings);
    matplotlib reads rcParams thousands of times per figure, which made the first picture take
    about 8 s and each Step's drawing several times the in-process cost. These figures never set
    rcParams and never use pyplot, so the process-wide values (the ones every session starts
    from) are the right ones. Solara keeps them untouched in the dict itself.
    """
    params = matplotlib.rcParams
    if type(params).__module__ != "matplotlib":
        original = next(c for c in type(params).__mro__ if c.__module__ == "matplotlib" and c.__name__ == "RcParams")
        params.__class__ = original
        vars(matplotlib)["RcParams"] = original  # the module's name for the class too


FORMAT = "jpeg"  # of the pictures sent to the page


def encode(rgba) -> bytes:
    """JPEG of an RGBA buffer, at a quality where lines and letters look as in a PNG (no colour subsampling).

    Why not PNG: encoding was most of a month's drawing (about 42 of 60 ms of CPU for the agents and
    six plots, fast compression included); JPEG takes about 7 ms, which on a busy machine is what
    lets Play keep up and Pause take effect at once. The page gets a picture once, on localhost.
    """
    pixels = np.asarray(rgba)
    image = Image.frombuffer("RGBA", (pixels.shape[1], pixels.shape[0]), pixels, "raw", "RGBA", 0, 1)
    buf = io.BytesIO()
    image.convert("RGB").save(buf, format=FORMAT, quality=90, subsampling=0)
    return buf.getvalue()


class Blitter:
    """Draw a figure's still parts once, then only its moving artists (matplotlib blitting, off screen).

    The still parts are redrawn when ``key`` changes (the axes' limits), else restored from a copy.
    Moving artists are marked ``animated`` so the still picture leaves them out.
    """

    def __init__(self, fig: Figure, moving):
        self.fig, self.canvas, self.moving = fig, FigureCanvasAgg(fig), list(moving)
        for artist in self.moving:
            artist.set_animated(True)
        self.background, self.key = None, None

    def encoded(self, key) -> bytes:
        if self.background is None or key != self.key:
            self.canvas.draw()
            self.background, self.key = self.canvas.copy_from_bbox(self.fig.bbox), key
        else:
            self.canvas.restore_region(self.background)
        for artist in self.moving:
            self.fig.draw_artist(artist)
        return encode(self.canvas.buffer_rgba())


def legend_html(names: list[str], projector: bool = False) -> str:
    """The organizations' line styles, once above all the plots (a legend inside would hide data)."""
    dash = {"-": "solid", "--": "dashed"}
    items = [
        f'<span style="margin-right: 24px"><span style="display: inline-block; width: 36px; '
        f"border-top: 3px {dash[ORG_STYLE[i]['linestyle']]} {to_hex(ORG_STYLE[i]['color'])}; "
        f'vertical-align: middle"></span> {name}</span>'
        for i, name in enumerate(names)
    ]
    size = 20 if projector else 15
    return f'<div class="culturesim-legend" style="font-size: {size}px; margin: 4px 0">{"".join(items)}</div>'


def trailing_mean(y: np.ndarray, months: int) -> np.ndarray:
    """Mean of each month and up to ``months - 1`` before it (the first months average what there is)."""
    sums = np.cumsum(np.concatenate([[0.0], y]))
    k = np.arange(1, len(y) + 1)
    lo = np.maximum(k - months, 0)
    return (sums[k] - sums[lo]) / (k - lo)


def _nice_ceiling(x: float) -> float:
    if x <= 0:
        return 1.0
    mag = 10 ** math.floor(math.log10(x))
    return next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= x)


def place_labels(ax, labels, renderer, fontsize: float) -> list:
    """Vertical step labels beside their lines, never on top of one another nor cut by the axes.

    ``labels``: (month, longest text, ..., shortest text, colour). Each label goes right of its
    line, else left of it, at the top, else lower down: the first place that clears every label
    already placed and stays inside the axes (measured on the drawn text, in pixels). When some
    label fits nowhere, all are placed again in their shorter words ("A: step 3", then "A3").
    """
    frame = ax.get_window_extent(renderer)

    def put(month, words, color, boxes):
        for top in (0.97, 0.66, 0.35):
            for dx, ha in ((0.4, "left"), (-0.4, "right")):
                artist = ax.text(
                    month + dx,
                    top,
                    words,
                    transform=ax.get_xaxis_transform(),
                    rotation=90,
                    va="top",
                    ha=ha,
                    fontsize=fontsize,
                    color=color,
                    clip_on=True,
                )
                box = artist.get_window_extent(renderer)
                inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
                if inside and not any(box.overlaps(b) for b in boxes):
                    return artist, box
                artist.remove()
        return None, None

    levels = len(labels[0]) - 2
    for level in range(levels):
        placed: list = []
        boxes: list = []
        for month, *texts, color in sorted(labels):
            artist = None
            for words in texts[level:]:
                artist, box = put(month, words, color, boxes)
                if artist is not None:
                    placed.append(artist)
                    boxes.append(box)
                    break
            if artist is None and level < levels - 1:
                break
        else:
            return placed
        for artist in placed:
            artist.remove()
    return placed


class TimePlot:
    """One measure by month for one or two organizations, with the plan's step changes marked.

    ``ylim``: the y range to start from (the exercise's, shared by every seed; sim/viz/ranges.py);
    it only grows if this run leaves it. ``projector``: larger figure and fonts.
    """

    def __init__(self, panel: Panel, models, names: list[str], ylim=None, projector: bool = False):
        self.panel, self.models = panel, models
        months = models[0].months
        font = PROJECTOR_FONT if projector else FONT
        # projector: about the width a plot has at 1280x720 (two per row), so letters are not scaled down
        self.fig = Figure(figsize=(5.3, 3.3) if projector else (5.4, 3.1), dpi=DPI)
        self.fig.subplots_adjust(
            left=0.2 if projector else 0.16, right=0.96, top=0.88, bottom=0.21 if projector else 0.17
        )
        ax = self.ax = self.fig.add_subplot()
        ax.set_title(panel.title, fontsize=font + 1)
        ax.set_xlabel("month", fontsize=font)
        ax.set_xlim(0, months)
        ax.tick_params(labelsize=font - (0 if projector else 1))
        if panel.money:
            ax.yaxis.set_major_formatter(FuncFormatter(money))
        ax.grid(alpha=0.3)
        self.lines = [
            ax.plot(
                [], [], lw=3 if projector else 2, label=name, color=ORG_STYLE[i]["color"], ls=ORG_STYLE[i]["linestyle"]
            )[0]
            for i, name in enumerate(names)
        ]
        # A small organization's monthly profit swings by about half its level (customers come and go
        # in whole numbers): the trend is the average line, the faint one shows the months themselves.
        self.raw = (
            [ax.plot([], [], lw=1, alpha=0.3, color=ORG_STYLE[i]["color"])[0] for i in range(len(names))]
            if panel.smooth > 1
            else []
        )
        self.range = tuple(panel.ylim or ylim or (0.0, 1.0))
        ax.set_ylim(*self.range)
        labels = []
        for i, model in enumerate(models):  # the plan's step changes, named
            for month, step in model.plan[1:]:
                ax.axvline(month, color=ORG_STYLE[i]["color"], lw=1, ls=":", alpha=0.8)
                who = f"{'AB'[i]}: " if len(models) > 1 else ""
                labels.append(
                    (
                        month,
                        f"{who}step {step}: {STEP_NAMES[step]}",
                        f"{who}step {step}",
                        f"{who[:1]}{step}",
                        ORG_STYLE[i]["color"],
                    )
                )
        self.labels = (
            place_labels(ax, labels, FigureCanvasAgg(self.fig).get_renderer(), font if projector else font - 3)
            if labels
            else []
        )
        self.blitter = Blitter(self.fig, [*self.raw, *self.lines])

    def label_boxes(self) -> list:
        """The drawn extents of the step labels (pixels), for checking that none overlap."""
        renderer = self.blitter.canvas.get_renderer()
        return [t.get_window_extent(renderer) for t in self.labels]

    def update(self, autoscale: bool) -> None:
        for i, (line, model) in enumerate(zip(self.lines, self.models)):
            y = np.asarray(model.datacollector.model_vars[self.panel.series], dtype=float) * self.panel.scale
            x = np.arange(1, len(y) + 1)
            if self.raw:
                self.raw[i].set_data(x, y)
                y = trailing_mean(y, self.panel.smooth)
            line.set_data(x, y)
        ys = np.concatenate([line.get_ydata() for line in [*self.lines, *self.raw]])
        ys = ys[np.isfinite(ys)]
        if autoscale and len(ys):
            pad = max(1e-9, 0.1 * (ys.max() - ys.min()))
            self.ax.set_ylim(ys.min() - pad, ys.max() + pad)
        elif len(ys):
            lo, hi = self.range
            if ys.min() < lo:
                lo = -_nice_ceiling(-ys.min() * 1.1)
            if ys.max() > hi:
                hi = _nice_ceiling(ys.max() * 1.1)
            self.range = (lo, hi)  # grows, never shrinks: noise stays small
            self.ax.set_ylim(lo, hi)
        else:
            self.ax.set_ylim(*self.range)

    def image(self, autoscale: bool) -> tuple[bytes, str]:
        """This month's picture and its description (the axis and each series drawn, read from the artists)."""
        self.update(autoscale)
        shown = [f"{line.get_label()} ({np.size(line.get_xdata())} months)" for line in self.lines]
        alt = f"{self.panel.title} by {self.ax.get_xlabel()}: " + "; ".join(shown)
        return self.blitter.encoded(self.ax.get_ylim()), alt


class AgentsFigure:
    """The organization drawn as its agents (sim/viz/agents_view.py), updated in place each month."""

    def __init__(self, model, title: str = "", wide: bool = True, projector: bool = False):
        """``title``: put before the heading ("A: "); ``wide``: the whole page's width, else half of it;
        ``projector``: larger legend and labels."""
        self.model, self.title = model, title
        font = PROJECTOR_FONT + 4 if projector else FONT
        self.fig = Figure(figsize=(12, 5.6) if wide else (9, 6.0), dpi=DPI)
        right = 0.84 if wide else 0.8
        self.fig.subplots_adjust(left=0.01, right=right, top=0.9, bottom=0.08)
        ax = self.ax = self.fig.add_subplot()
        ax.set_xticks([])
        ax.set_yticks([])
        self.links = LineCollection([], colors="0.6", linewidths=0.5, alpha=0.35, zorder=1)
        ax.add_collection(self.links)
        self.customers = ax.scatter([], [], c=[], cmap="RdYlGn", vmin=0, vmax=1, s=28, linewidths=1.1, zorder=2)
        self.staff = {
            front: ax.scatter(
                [],
                [],
                c=[],
                cmap="viridis",
                vmin=0,
                vmax=1,
                marker=m,
                s=s,
                edgecolors="black",
                linewidths=0.6,
                zorder=3,
                label=label,
            )
            for front, m, s, label in ((True, "s", 110, "serves customers"), (False, "o", 70, "back office"))
        }
        gap = (1 - right) / 2
        for i, (artist, label) in enumerate(
            ((self.customers, "customer satisfaction"), (self.staff[True], "employee's focus on customers"))
        ):
            cax = self.fig.add_axes((right + 0.015 + i * gap, 0.1, 0.012, 0.78))
            self.fig.colorbar(artist, cax=cax).set_label(label, fontsize=font)
            cax.tick_params(labelsize=font - 2)
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=2, fontsize=font, frameon=False)
        ax.set_xlabel("employees by team (shaded bands)", fontsize=font)
        self.bands: list = []
        self.top = 3.0
        self.blitter = Blitter(self.fig, [self.links, self.customers, *self.staff.values()])

    def image(self) -> tuple[bytes, str]:
        """This month's picture and its heading."""
        lay = layout(self.model)
        for band in self.bands:
            band.remove()
        self.bands = [
            self.ax.axvspan(
                lay.employee_xy[lay.team == t, 0].min() - 0.5,
                lay.employee_xy[lay.team == t, 0].max() + 0.5,
                color="0.92",
                zorder=0,
                animated=True,
            )
            for t in np.unique(lay.team)[::2]
        ]
        self.links.set_segments(list(np.stack([lay.customer_xy, lay.served_by_xy], axis=1)))
        self.customers.set_offsets(lay.customer_xy)
        self.customers.set_array(lay.satisfaction)
        self.customers.set_edgecolor(np.where(lay.member, "black", "none").tolist())
        for front, staff in self.staff.items():
            sel = lay.frontline == front
            staff.set_offsets(lay.employee_xy[sel])
            staff.set_array(lay.orientation[sel])
        self.top = max(self.top, float(lay.customer_xy[:, 1].max(initial=0.0)) + 0.8)  # grows: no jumping
        self.ax.set_ylim(-0.8, self.top)
        self.ax.set_xlim(lay.employee_xy[:, 0].min() - 1, lay.employee_xy[:, 0].max() + 1)
        heading = (
            f"{self.title}month {int(self.model.month)}: {len(lay.satisfaction)} customers, "
            f"{int(lay.frontline.sum())} of {len(lay.frontline)} employees serving customers"
        )
        self.blitter.moving = [*self.bands, self.links, self.customers, *self.staff.values()]
        return self.blitter.encoded((self.ax.get_xlim(), self.ax.get_ylim())), heading
