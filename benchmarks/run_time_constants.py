"""The throughput constants of ``sim.limits.estimate_seconds``: seconds per organization-month,
a fixed part and a part per agent, fitted on two organization sizes (whole runs of the core,
warm-up included; not a timed test).

    OMP_NUM_THREADS=1 PYTHONPATH=. python benchmarks/run_time_constants.py [--scenarios 200]
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np

from sim import limits
from sim.core import make_batch, simulate
from sim.params import Environment, Sizes
from sim.steps import Schedule, step_policy


def seconds_per_org_month(sizes: Sizes, scenarios: int, months: int, warmup: int) -> float:
    schedules = [Schedule.constant(step_policy(1 + i % 5)) for i in range(scenarios)]
    batch = make_batch([Environment()] * scenarios, schedules, np.arange(scenarios), sizes, months, warmup)
    start = time.perf_counter()
    simulate(batch)
    return (time.perf_counter() - start) / (scenarios * (months + warmup))


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--scenarios", type=int, default=200)
    p.add_argument("--months", type=int, default=36)
    p.add_argument("--warmup", type=int, default=12)
    a = p.parse_args()
    small, large = Sizes(n_employees=24, n_customers=150, n_suppliers=4), Sizes()
    agents = [s.n_employees + s.n_customers + s.n_suppliers for s in (small, large)]
    t = [seconds_per_org_month(s, a.scenarios, a.months, a.warmup) for s in (small, large)]
    per_agent = (t[1] - t[0]) / (agents[1] - agents[0])
    fixed = t[0] - per_agent * agents[0]
    print(f"load {os.getloadavg()[0]:.1f}; {a.scenarios} scenarios x {a.months}+{a.warmup} months")
    for n, s in zip(agents, t, strict=True):
        print(
            f"{n:>6} agents: {s * 1e6:8.1f} us per organization-month; estimate "
            f"{limits.estimate_seconds(1, n) * 1e6:8.1f} us"
        )
    print(
        f"fit: {fixed:.2e} s per org-month + {per_agent:.2e} s per agent-month "
        f"(sim.limits: {limits.SECONDS_PER_ORG_MONTH:.0e} + {limits.SECONDS_PER_AGENT_MONTH:.0e})"
    )


if __name__ == "__main__":
    main()
