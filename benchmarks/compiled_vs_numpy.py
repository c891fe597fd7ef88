"""Throughput of the compiled core against the numpy core, in the same run (issue 18); writes JSON.

Whole ``simulate`` runs (60 recorded + 24 warm-up months; scenarios cycle through the five step
presets), numpy and compiled back to back for each size, so their ratio holds under whatever
load the machine has. CPU time (``process_time``) is the one-core figure; wall time is given too.
Peak memory per scenario is traced (numpy's and our arrays; numba's own buffers are a few per
scenario). Not a timed test: run it by hand, it writes benchmarks/compiled_vs_numpy.json.

    NUMBA_NUM_THREADS=2 OMP_NUM_THREADS=1 PYTHONPATH=. python benchmarks/compiled_vs_numpy.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
import tracemalloc
from pathlib import Path

import numba
import numpy as np

from sim.core import backend, make_batch, simulate
from sim.core.compiled.step import CUSTOMERS
from sim.params import Environment, Sizes
from sim.steps import Schedule, step_policy

MONTHS, WARMUP = 60, 24
#: (scenarios, customer slots[, slots per employee, recorded months]): the scenario counts at 1,000 slots, slot
#: counts at ~100,000 slot-scenarios, 10,000 scenarios, then scaling with employees and with months
GRID = [
    (1, 1000),
    (10, 1000),
    (100, 1000),
    (1000, 1000),
    (1000, 100),
    (10, 10_000),
    (1, 100_000),
    (10_000, 100),
    (1000, 1000, 5),
    (100, 1000, 20, 240),
]


SCRATCH_BYTES = (
    4 * 8 + 1
)  # sim/core/compiled/customers.py serve_customers: supplier, quality, promoter, detractor, events
SUMMED_BYTES = 5 * 8 + 1  # sum_the_month reads value, expectation, satisfaction, loyalty, employee, segment


def batch_of(scenarios: int, slots: int, per_employee: int = 20, months: int = MONTHS):
    schedules = [Schedule.constant(step_policy(1 + i % 5)) for i in range(scenarios)]
    sizes = Sizes(n_employees=max(8, slots // per_employee), n_customers=slots, n_suppliers=10)
    return make_batch([Environment()] * scenarios, schedules, np.arange(scenarios), sizes, months, WARMUP)


def measure(name: str, batch, threads: int = 1) -> dict:
    numba.set_num_threads(threads)
    with backend.using(name):
        t0, c0 = time.perf_counter(), time.process_time()
        simulate(batch)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    recorded = batch.n * batch.sizes.n_customers * batch.months
    return dict(
        wall_s=round(wall, 3),
        cpu_s=round(cpu, 3),
        recorded_cm_per_s_cpu=round(recorded / cpu / 1e6, 2),
        recorded_cm_per_s_wall=round(recorded / wall / 1e6, 2),
    )


def peak_bytes_per_scenario(name: str, scenarios: int, slots: int) -> int:
    batch = batch_of(scenarios, slots)
    with backend.using(name):
        tracemalloc.start()
        simulate(batch)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return int(peak / scenarios)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="only the 1,000 x 1,000 row and memory")
    ap.add_argument("--out", type=Path, default=Path(__file__).with_name("compiled_vs_numpy.json"))
    args = ap.parse_args()
    load_before = os.getloadavg()
    with backend.using("compiled"):
        simulate(batch_of(1, 100))  # compile (or load the cache) outside the timings
    rows = []
    for scenarios, slots, *more in [(1000, 1000)] if args.quick else GRID:
        batch = batch_of(scenarios, slots, *more)
        row = dict(scenarios=scenarios, slots=slots, employees=batch.sizes.n_employees, months=batch.months)
        row.update(numpy=measure("numpy", batch), compiled=measure("compiled", batch))
        row["ratio_cpu"] = round(row["numpy"]["cpu_s"] / row["compiled"]["cpu_s"], 2)
        row["ratio_wall"] = round(row["numpy"]["wall_s"] / row["compiled"]["wall_s"], 2)
        if (scenarios, slots, *more) == (1000, 1000):
            row["compiled_2_threads"] = measure("compiled", batch, threads=2)
            row["threads_2_vs_1_wall"] = round(row["compiled"]["wall_s"] / row["compiled_2_threads"]["wall_s"], 2)
        rows.append(row)
        print(json.dumps(row), flush=True)
    state_bytes = sum(np.dtype(t).itemsize for _, t in CUSTOMERS)
    result = dict(
        machine=f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, numpy {np.__version__}, "
        f"numba {numba.__version__}",
        load_average_before=load_before,
        months=MONTHS,
        warmup=WARMUP,
        rows=rows,
        peak_bytes_per_scenario={
            f"{name}, {slots} slots": peak_bytes_per_scenario(name, 20, slots)
            for name in backend.NAMES
            for slots in (1000, 10_000)
        },
        customer_state_bytes_per_slot=state_bytes,
        # per slot: the state read and written once by the encounters, their scratch (supplier's reliability,
        # quality, the two recommend chances, the event bits) written and read once, the state the sums read
        compiled_bytes_moved_per_customer_month=2 * state_bytes + 2 * SCRATCH_BYTES + SUMMED_BYTES,
        compiled_dram_bytes_per_customer_month=2 * state_bytes,  # a scenario's scratch stays in cache
    )
    result["load_average_after"] = os.getloadavg()
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k != "rows"}, indent=1))


if __name__ == "__main__":
    main()
