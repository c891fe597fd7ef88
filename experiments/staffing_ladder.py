"""The step ladder with its staffing: churn, NPS, loyalty, customers, headcount, workload, staff turnover, NPV.

Each step preset (and the move-up plan of scenarios/whatif_move_up_now.toml) at the default profile,
8 replications paired by seed, 60 months, last 12 averaged (docs/model.md 4.6 quotes it).
``--fixed`` pins every plan to a fixed headcount (``staffing_to_demand`` 0: the model before the
staffing policy, bit for bit). Run: ``python experiments/staffing_ladder.py [--reps 8] [--months 60] [--fixed]``.
"""

from __future__ import annotations

import argparse

import numpy as np

from sim.core import simulate
from sim.params import Sizes, replace
from sim.steps import Phase, Schedule, step_policy
from sim.validation.common import by_schedule, paired_batch

MOVE_UP = ((0, 1), (1, 2), (7, 3), (13, 4), (19, 5))  # month, step (scenarios/whatif_move_up_now.toml)


def ladder(reps: int = 8, months: int = 60, fixed: bool = False) -> dict[str, dict[str, float]]:
    """Per plan (steps 1-5, the move-up plan): the last 12 months' means of the ladder's measures."""

    def policy(step):
        return replace(step_policy(step), staffing_to_demand=0.0) if fixed else step_policy(step)

    plans = {f"step {k}": Schedule.constant(policy(k)) for k in range(1, 6)}
    plans["move up"] = Schedule(tuple(Phase(m, policy(k)) for m, k in MOVE_UP))
    out = by_schedule(simulate(paired_batch(list(plans.values()), reps, None, Sizes(), months)), len(plans))
    headcount = out.get("headcount", np.full_like(out["workload"], Sizes().n_employees))
    rows = {}
    for i, name in enumerate(plans):

        def last(key, i=i):
            return float(key[i, :, -12:].mean())

        rows[name] = dict(
            annual_churn=100 * (1 - (1 - last(out["churn_rate"])) ** 12),
            nps=last(out["nps"]),
            loyalty=last(out["mean_loyalty"]),
            customers=float(out["active_customers"][i, :, -1].mean()),
            headcount=last(headcount),
            workload=last(out["workload"]),
            staff_turnover=100 * 12 * last(out["employee_turnover"]),
            npv_musd=float(out["cumulative_discounted_profit"][i, :, -1].mean()) / 1e6,
            headcount_month_0_12_24_59=" ".join(f"{headcount[i, :, m].mean():.0f}" for m in (0, 12, 24, months - 1)),
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=8)
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--fixed", action="store_true", help="every plan at a fixed headcount")
    args = parser.parse_args()
    rows = ladder(args.reps, args.months, args.fixed)
    keys = list(next(iter(rows.values())))
    print("| plan | " + " | ".join(keys) + " |")
    print("|---" * (len(keys) + 1) + "|")
    for name, row in rows.items():
        cells = [v if isinstance(v, str) else f"{v:,.1f}" if abs(v) >= 10 else f"{v:.3f}" for v in row.values()]
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
