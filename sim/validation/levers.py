"""Levers mean what they say: each lever moved alone, from its lower to its upper bound, around a
step preset, moves the proximate outcome it exists for in the documented direction.

The expectations are the table "lever-outcomes" of docs/model.md (section 4.3), read from there,
so the document and the check cannot drift apart.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from .. import rules
from ..core import simulate
from ..params import LEVERS, Sizes, replace, spec
from ..steps import Schedule, step_policy
from .common import by_schedule, environment, paired_batch
from .workforce import team_capability

LEVER_SIZES = Sizes(n_employees=50, n_customers=1000, n_suppliers=5)
DERIVED = ("help", "effort", "culture_gap")  # outcomes computed from State, not metrics
STEPS = (1, 3, 5)  # the steps of the table's columns
NONE_BELOW = 0.005  # "0": the lever leaves the outcome within this


def read_table(path: Path | None = None) -> list[dict]:
    """Rows (lever, outcome, sign at each step of ``STEPS``) of the lever-outcomes table of docs/model.md."""
    path = path or Path(__file__).resolve().parents[2] / "docs" / "model.md"
    text = path.read_text()
    m = re.search(r"<!-- BEGIN lever-outcomes -->\n(.*?)<!-- END lever-outcomes -->", text, re.S)
    if m is None:
        raise ValueError(f"{path}: lever-outcomes table markers missing")
    rows = []
    for line in m.group(1).strip().splitlines()[2:]:
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        rows.append(dict(lever=cells[0], outcome=cells[1], signs=dict(zip(STEPS, cells[2 : 2 + len(STEPS)]))))
    return rows


def lever_effects(rows: list[dict], steps=STEPS, reps: int = 3, months: int = 36, **env_overrides) -> dict:
    """Change of each row's outcome (mean of the last 12 months, paired by seed) from low to high lever.

    ``staffing_gap`` is the distance of the workload from the staffing target (customers per frontline
    employee), from the series."""
    env = environment(**env_overrides)
    levers = sorted({r["lever"] for r in rows}, key=LEVERS.index)
    effects = {}
    for step in steps:
        base = step_policy(step)
        schedules = [
            Schedule.constant(replace(base, **{k: spec("levers", k)["bounds"][i]})) for k in levers for i in (0, 1)
        ]
        batch = paired_batch(schedules, reps, env, LEVER_SIZES, months)
        columns = batch.env_view()
        seen: dict[str, list[np.ndarray]] = {k: [] for k in DERIVED}

        def record(state, month, columns=columns, seen=seen):  # this iteration's columns and lists
            if month >= months - 12:
                team = team_capability(state, columns)
                seen["help"].append(team["help"])
                seen["effort"].append(team["effort"])
                seen["culture_gap"].append(
                    np.abs(
                        (state.orientation * state.employed).sum(axis=1) / state.employed.sum(axis=1)
                        - rules.culture_target(state.policy, columns)[:, 0]
                    )
                )

        out = simulate(batch, on_state=record)
        out["staffing_gap"] = np.abs(out["workload"] - columns.staffing_load * columns.comfortable_load)
        out = by_schedule(out, len(schedules))
        derived = by_schedule({k: np.mean(v, axis=0) for k, v in seen.items()}, len(schedules))
        for row in rows:
            i = levers.index(row["lever"])
            name = row["outcome"]
            x = derived[name] if name in DERIVED else out[name][..., -12:].mean(axis=-1)  # (schedule, rep)
            effects[(row["lever"], name, step)] = x[2 * i + 1] - x[2 * i]
    return effects
