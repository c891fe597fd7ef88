"""Scenario discovery: under which conditions does a policy fail? PRIM on a sweep's table.

A design point *fails* when an output, averaged over its replications, is below (or above) a
threshold, e.g. NPV below zero. PRIM (Friedman & Fisher 1999; EMA Workbench's implementation,
``pip install culturesim[ema]``) peels the input space down to a box of parameter ranges where
failures concentrate. Of the boxes on its peeling trajectory we keep the one with the highest
*coverage* (share of all failures inside the box) whose *density* (share of the box's points
that fail) is at least ``min_density``; without one, the densest. The answer reads: "NPV < 0 in
74% of the points where cost_focus > 0.71 and training < 0.22; that box holds 88% of all failures".
"""

from __future__ import annotations

import json
import math
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import FlagError, InputError, quote

if TYPE_CHECKING:  # pandas, SALib and EMA load only once the flags are checked
    import pandas as pd

    from .store import SweepTable


def number(v: float) -> str:
    """1,270 or 0.153: plain digits, never 1.27e+03."""
    return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.3g}"


@dataclass
class Discovery:
    """A PRIM box: restricted parameters with their [low, high], and its quality."""

    output: str
    rule: str  # e.g. "npv < 0"
    limits: pd.DataFrame  # parameter, low, high, sampled_low, sampled_high (restricted ones)
    coverage: float
    density: float
    mass: float
    n_points: int
    n_failures: int
    trajectory: pd.DataFrame  # PRIM's peeling trajectory (coverage, density, mass, res_dim, ...)
    chosen: int  # the row of the trajectory kept

    def text(self) -> str:
        if self.n_failures == 0:
            return f"{self.rule}: no design point fails; nothing to discover"
        where = (
            " and ".join(f"{r.parameter} in [{number(r.low)}, {number(r.high)}]" for r in self.limits.itertuples())
            or "anywhere (no restriction found)"
        )
        return (
            f"{self.rule} at {self.n_failures} of {self.n_points} design points. It happens in "
            f"{self.density:.0%} of the points where {where} (density); that box holds "
            f"{self.coverage:.0%} of all failures (coverage) and {self.mass:.0%} of the points (mass)."
        )


def discover(
    table: SweepTable,
    output: str,
    threshold: float,
    below: bool = True,
    min_density: float = 0.8,
    peel_alpha: float = 0.05,
    mass_min: float = 0.05,
) -> Discovery:
    """PRIM on the sweep's design points with "failure" = output below (or above) the threshold."""
    import numpy as np
    import pandas as pd

    from .analysis import per_point

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # EMA's import-time notes on optional back-ends
        from ema_workbench.analysis import prim

    X, values = per_point(table)
    if output not in values or values[output].ndim != 1:
        scalar = [k for k, v in values.items() if v.ndim == 1]
        raise FlagError(f"--output {output}: not a summary output of this sweep; allowed: {', '.join(scalar)}")
    y = values[output] < threshold if below else values[output] > threshold
    rule = f"{output} {'<' if below else '>'} {threshold:g}"
    x = pd.DataFrame(X, columns=table.parameters)
    empty = pd.DataFrame(columns=["parameter", "low", "high", "sampled_low", "sampled_high"])
    if not y.any():
        return Discovery(output, rule, empty, 0.0, 0.0, 0.0, len(y), 0, pd.DataFrame(), -1)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", module="ema_workbench")  # its own pandas deprecations
        p = prim.Prim(x, y, peel_alpha=peel_alpha, mass_min=mass_min)
        box = p.find_box()
    trajectory = box.peeling_trajectory.copy()
    dense = trajectory[trajectory["density"] >= min_density]
    chosen = int(dense["coverage"].idxmax()) if len(dense) else int(trajectory["density"].idxmax())
    box.select(chosen)
    lims, init = box.box_lim, p.box_init
    rows = [
        dict(
            parameter=c,
            low=float(lims[c].iloc[0]),
            high=float(lims[c].iloc[1]),
            sampled_low=float(init[c].iloc[0]),
            sampled_high=float(init[c].iloc[1]),
        )
        for c in table.parameters
        if not np.allclose(lims[c].to_numpy(float), init[c].to_numpy(float))
    ]
    row = trajectory.loc[chosen]
    return Discovery(
        output,
        rule,
        pd.DataFrame(rows, columns=empty.columns),
        float(row["coverage"]),
        float(row["density"]),
        float(row["mass"]),
        len(y),
        int(y.sum()),
        trajectory,
        chosen,
    )


def plot_discovery(found: Discovery, path) -> Path:
    """Left: PRIM's coverage-density trade-off, the kept box circled. Right: the box's ranges on each
    restricted parameter's sampled range."""
    from matplotlib.figure import Figure

    from ..files.output import atomic_write

    fig = Figure(figsize=(11, 4))  # no pyplot: no global state, no backend to switch
    left, right = fig.subplots(1, 2)
    t = found.trajectory
    if len(t):
        points = left.scatter(t["coverage"], t["density"], c=t["res_dim"], cmap="viridis", s=18)
        left.scatter([found.coverage], [found.density], s=160, facecolors="none", edgecolors="red", label="kept box")
        fig.colorbar(points, ax=left, label="restricted parameters")
        left.legend(fontsize=8)
    left.set_xlabel("coverage (share of failures in the box)")
    left.set_ylabel("density (share of the box that fails)")
    left.set_title(f"PRIM peeling trajectory: {found.rule}", fontsize=9)
    left.grid(alpha=0.3)
    limits = found.limits
    for i, r in enumerate(limits.itertuples()):
        span = r.sampled_high - r.sampled_low or 1.0
        lo, hi = (r.low - r.sampled_low) / span, (r.high - r.sampled_low) / span
        right.plot([0, 1], [i, i], color="#ccc", lw=6, solid_capstyle="butt")
        right.plot([lo, hi], [i, i], color="C3", lw=6, solid_capstyle="butt")
        right.annotate(
            f"{number(r.low)} .. {number(r.high)}", (hi, i), xytext=(4, 4), textcoords="offset points", fontsize=7
        )
    right.set_yticks(range(len(limits)), list(limits["parameter"]), fontsize=8)
    right.set_xlim(0, 1.15)
    right.set_ylim(-0.8, max(len(limits), 1) - 0.2)
    right.set_xlabel("share of the sampled range (grey: sampled, red: the box)")
    right.set_title(f"where {found.rule}: density {found.density:.0%}, coverage {found.coverage:.0%}", fontsize=9)
    fig.tight_layout()
    return atomic_write(path, lambda p: fig.savefig(p, dpi=110, format="png"))


def check_flags(args) -> None:
    """The flags and the output name (from the sweep's manifest), before pandas, SALib or EMA load."""
    if not 0 < args.density <= 1:
        raise FlagError(f"--density: must be in (0, 1], got {args.density}")
    if (args.below is None) == (args.above is None):
        raise FlagError("discover: give exactly one of --below X or --above X (what counts as failure)")
    flag, value = ("--below", args.below) if args.below is not None else ("--above", args.above)
    if not math.isfinite(value):
        raise FlagError(f"{flag}: must be a finite number (the threshold of failure), got {value}")
    try:
        manifest = json.loads((Path(args.folder) / "manifest.json").read_text(encoding="utf-8"))
        outputs = manifest["spec"]["summary"]
    except (OSError, ValueError, KeyError, TypeError):
        return  # no spec's outputs to check against: load_table says what is wrong
    if isinstance(outputs, list) and args.output not in outputs:
        raise FlagError(
            f"--output {quote(args.output, 40)}: not a summary output of this sweep; allowed: "
            f"{', '.join(map(str, outputs))}"
        )


def command(args) -> int:
    from ..files.output import write_table
    from .store import load_table

    try:
        table = load_table(args.folder)
    except FileNotFoundError as exc:
        raise InputError(f"{args.folder}: {exc}") from None
    below = args.below is not None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # EMA's import-time notes on optional back-ends
            import ema_workbench  # noqa: F401
    except ImportError:
        raise InputError("discover: needs EMA Workbench; install it with pip install 'culturesim[ema]'") from None
    found = discover(table, args.output, args.below if below else args.above, below, args.density)
    print(found.text())
    folder = Path(args.folder)
    files = [
        write_table(
            found.limits.assign(
                output=found.output, rule=found.rule, coverage=found.coverage, density=found.density, mass=found.mass
            ),
            folder / f"discover_{args.output}.csv",
        )
    ]
    if found.n_failures:
        files.append(plot_discovery(found, folder / f"discover_{args.output}.png"))
    print("wrote " + ", ".join(str(f) for f in files))
    return 0


def register(subparsers) -> None:
    """The ``culturesim discover`` subcommand."""
    d = subparsers.add_parser(
        "discover",
        help="scenario discovery: under which conditions does a policy fail? (PRIM)",
        description="PRIM (EMA Workbench) on a finished sweep: the ranges of the varied "
        "parameters where an output fails, e.g. --output npv --below 0.",
    )
    d.add_argument("folder", help="a finished sweep folder (from culturesim sweep --out)")
    d.add_argument("--output", required=True, help="the summary output that defines failure, e.g. npv")
    d.add_argument(
        "--below", type=float, default=None, help="failure: the output (mean over replications) is below this"
    )
    d.add_argument("--above", type=float, default=None, help="failure: the output is above this (e.g. churn)")
    d.add_argument(
        "--density",
        type=float,
        default=0.8,
        help="keep the widest box in which at least this share of points fails (default 0.8)",
    )
    d.set_defaults(func=command, precheck=check_flags)  # sim.cli runs check_flags before heavy imports
