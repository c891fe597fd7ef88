"""The organization drawn as its agents: employees in teams, customers above whoever served them.

Employees sit on one row in slot order, teams separated by a gap; frontline staff are squares,
back office circles, colour = customer orientation. Each frontline employee's customers stack
in a small column above them (colour = satisfaction, a black ring = community member), with a
faint line to the employee. Positions come from slots, so nothing random moves between months.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

COLUMN_WIDTH = 3          # customers per row of a column above an employee
TEAM_GAP = 1.0            # empty slots between teams


@dataclass
class Layout:
    """Where every agent is drawn, and what colours it."""
    employee_xy: np.ndarray        # (E, 2)
    orientation: np.ndarray        # (E,)
    frontline: np.ndarray          # (E,) bool
    team: np.ndarray               # (E,) int
    customer_xy: np.ndarray        # (C, 2)
    satisfaction: np.ndarray       # (C,)
    member: np.ndarray             # (C,) bool
    served_by_xy: np.ndarray       # (C, 2): the employee each customer is linked to


def layout(model) -> Layout:
    """Positions and colours of the model's employees and active customers."""
    employees = model.employee_in_slot
    team = np.array([e.team for e in employees])
    x = np.array([e.slot for e in employees], dtype=float) + TEAM_GAP * team
    employee_xy = np.column_stack([x, np.zeros_like(x)])
    customers = sorted(model.customers, key=lambda c: (c.employee.slot, c.slot))
    rank: dict[int, int] = {}
    cxy, sxy = [], []
    for c in customers:
        k = rank[c.employee.slot] = rank.get(c.employee.slot, -1) + 1
        ex = x[c.employee.slot]
        cxy.append((ex + 0.28 * (k % COLUMN_WIDTH - 1), 1.0 + 0.45 * (k // COLUMN_WIDTH)))
        sxy.append((ex, 0.0))
    return Layout(employee_xy, np.array([e.orientation for e in employees]),
                  np.array([e.frontline for e in employees]), team,
                  np.array(cxy, dtype=float).reshape(-1, 2), np.array([c.satisfaction for c in customers]),
                  np.array([c.member for c in customers], dtype=bool), np.array(sxy, dtype=float).reshape(-1, 2))


def draw_agents(model) -> Figure:
    """A matplotlib Figure of the organization this month (no pyplot: safe in a server thread)."""
    lay = layout(model)
    fig = Figure(figsize=(9, 5.2), layout="constrained")
    ax = fig.subplots()
    for t in np.unique(lay.team)[::2]:                                   # shade every other team
        xs = lay.employee_xy[lay.team == t, 0]
        ax.axvspan(xs.min() - 0.5, xs.max() + 0.5, color="0.93", zorder=0)
    segments = np.stack([lay.customer_xy, lay.served_by_xy], axis=1)
    ax.add_collection(LineCollection(segments, colors="0.6", linewidths=0.4, alpha=0.35, zorder=1))
    people = ax.scatter(lay.customer_xy[:, 0], lay.customer_xy[:, 1], c=lay.satisfaction, cmap="RdYlGn",
                        vmin=0, vmax=1, s=16, edgecolors=np.where(lay.member, "black", "none"), linewidths=0.9,
                        zorder=2)
    for front, marker, size in ((True, "s", 70), (False, "o", 40)):
        sel = lay.frontline == front
        staff = ax.scatter(lay.employee_xy[sel, 0], lay.employee_xy[sel, 1], c=lay.orientation[sel], cmap="viridis",
                           vmin=0, vmax=1, marker=marker, s=size, edgecolors="black", linewidths=0.5, zorder=3,
                           label="frontline" if front else "back office")
    fig.colorbar(people, ax=ax, label="customer satisfaction", shrink=0.8, pad=0.01)
    fig.colorbar(staff, ax=ax, label="employee customer orientation", shrink=0.8, pad=0.01)
    ax.legend(loc="upper right", fontsize=8, frameon=False)
    ax.set_title(f"After {int(model.time)} months: {len(lay.satisfaction)} customers (ringed: community members), "
                 f"{int(lay.frontline.sum())} of {len(lay.frontline)} employees on the front line", fontsize=9)
    ax.set_xlim(lay.employee_xy[:, 0].min() - 1, lay.employee_xy[:, 0].max() + 1)
    ax.set_ylim(-0.8, max(3.0, float(lay.customer_xy[:, 1].max(initial=0.0)) + 0.8))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("employees by team (squares: front line, circles: back office)", fontsize=8)
    return fig
