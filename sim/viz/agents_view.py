"""The organization drawn as its agents: employees in teams, customers above whoever served them.

Employees sit on one row in slot order, teams separated by a gap; frontline staff are squares,
back office circles, colour = customer orientation. Each frontline employee's customers stack
in a small column above them (colour = satisfaction, a black ring = community member), with a
faint line to the employee. Positions come from slots, so nothing random moves between months.
sim/viz/figures.py draws them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

COLUMN_WIDTH = 3  # customers per row of a column above an employee
TEAM_GAP = 1.0  # empty slots between teams


@dataclass
class Layout:
    """Where every agent is drawn, and what colours it."""

    employee_xy: np.ndarray  # (E, 2)
    orientation: np.ndarray  # (E,)
    frontline: np.ndarray  # (E,) bool
    team: np.ndarray  # (E,) int
    customer_xy: np.ndarray  # (C, 2)
    satisfaction: np.ndarray  # (C,)
    member: np.ndarray  # (C,) bool
    served_by_xy: np.ndarray  # (C, 2): the employee each customer is linked to


def layout(model) -> Layout:
    """Positions and colours of the model's employees and active customers."""
    employees = model.employees
    team = np.array([e.team for e in employees])
    x_of = dict(zip((e.slot for e in employees), np.array([e.slot for e in employees], dtype=float) + TEAM_GAP * team))
    x = np.array([x_of[e.slot] for e in employees])
    employee_xy = np.column_stack([x, np.zeros_like(x)])
    customers = sorted(model.customers, key=lambda c: (c.employee.slot, c.slot))
    rank: dict[int, int] = {}
    cxy, sxy = [], []
    for c in customers:
        k = rank[c.employee.slot] = rank.get(c.employee.slot, -1) + 1
        # served by someone laid off this month (the staffing policy): above their empty place in the team
        ex = x_of.get(c.employee.slot, c.employee.slot + TEAM_GAP * c.employee.team)
        cxy.append((ex + 0.28 * (k % COLUMN_WIDTH - 1), 1.0 + 0.45 * (k // COLUMN_WIDTH)))
        sxy.append((ex, 0.0))
    return Layout(
        employee_xy,
        np.array([e.orientation for e in employees]),
        np.array([e.frontline for e in employees]),
        team,
        np.array(cxy, dtype=float).reshape(-1, 2),
        np.array([c.satisfaction for c in customers]),
        np.array([c.member for c in customers], dtype=bool),
        np.array(sxy, dtype=float).reshape(-1, 2),
    )
