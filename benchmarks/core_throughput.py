"""Customer-months per second of the vectorised core on one core (whole runs, not a timed test).

The issue's workload: 1,000 scenarios x 1,000 customer slots x 60 months (plus the 24 warm-up
months every run lives through). Scenarios cycle through the five step presets, with distinct seeds.

    OMP_NUM_THREADS=1 python benchmarks/core_throughput.py [--scenarios 1000] [--customers 1000]
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import numpy as np

from sim.core import make_batch, simulate
from sim.params import Environment, Sizes
from sim.steps import Schedule, step_policy


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--scenarios", type=int, default=1000)
    p.add_argument("--customers", type=int, default=1000)
    p.add_argument("--months", type=int, default=60)
    p.add_argument("--warmup", type=int, default=24)
    p.add_argument("--batch", type=int, default=250, help="scenarios per engine call")
    a = p.parse_args()
    sizes = Sizes(n_customers=a.customers)
    schedules = [Schedule.constant(step_policy(1 + i % 5)) for i in range(a.scenarios)]
    batch = make_batch([Environment()] * a.scenarios, schedules, np.arange(a.scenarios), sizes, a.months, a.warmup)
    t0 = time.perf_counter()
    for lo in range(0, a.scenarios, a.batch):
        simulate(batch.take(np.arange(lo, min(lo + a.batch, a.scenarios))))
    wall = time.perf_counter() - t0
    recorded = a.scenarios * a.customers * a.months
    lived = a.scenarios * a.customers * (a.months + a.warmup)
    print(f"{platform.processor() or platform.machine()}, OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')}")
    print(
        f"{a.scenarios} scenarios x {a.customers} customers x {a.months} months (+{a.warmup} warm-up), "
        f"batches of {a.batch}: {wall:.1f} s"
    )
    print(
        f"recorded customer-months/s: {recorded / wall / 1e6:.2f} M; simulated incl. warm-up: {lived / wall / 1e6:.2f} M"
    )


if __name__ == "__main__":
    main()
