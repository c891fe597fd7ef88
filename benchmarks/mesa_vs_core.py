"""How much slower is the readable agents mode? Whole runs of CultureModel in both modes, and the core.

Times one whole run (construction with warm-up, then every month) of the same scenario in
``mode="agents"`` and ``mode="vectorised"``, best of ``--repeats``, and the plain core running a
batch of ``--batch`` scenarios (per scenario). Prints the ratios. Not a test: run it on a quiet machine.

    OMP_NUM_THREADS=1 python benchmarks/mesa_vs_core.py [--employees 100] [--customers 2000] [--months 36]
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import numpy as np
from tqdm import tqdm

from sim.core import make_batch, simulate
from sim.model import CultureModel
from sim.params import Sizes


def whole_run(mode: str, agent_data: bool, a) -> float:
    t = time.perf_counter()
    model = CultureModel(
        mode=mode,
        step=a.step,
        months=a.months,
        warmup=a.warmup,
        rng=1,
        agent_data=agent_data,
        n_employees=a.employees,
        n_customers=a.customers,
        n_suppliers=a.suppliers,
    )
    while model.running:
        model.step()
    return time.perf_counter() - t


def best(fn, repeats: int) -> float:
    return min(fn() for _ in range(repeats))


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--employees", type=int, default=100)
    p.add_argument("--customers", type=int, default=2000)
    p.add_argument("--suppliers", type=int, default=10)
    p.add_argument("--months", type=int, default=36)
    p.add_argument("--warmup", type=int, default=12)
    p.add_argument("--step", type=int, default=3)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--batch", type=int, default=200, help="scenarios in the plain core's batch")
    a = p.parse_args()
    print(
        f"python {platform.python_version()}, {os.cpu_count()} cpus, OMP_NUM_THREADS="
        f"{os.environ.get('OMP_NUM_THREADS', 'unset')}; {a.employees} employees, {a.customers} customer slots, "
        f"{a.suppliers} suppliers, {a.warmup} warm-up + {a.months} months, step {a.step}, best of {a.repeats}"
    )
    configs = [(mode, agent_data) for agent_data in (False, True) for mode in ("agents", "vectorised")]
    runs = {c: [] for c in configs}
    for _ in tqdm(range(a.repeats), desc="repeats"):  # interleaved, so load drift hits all alike
        for mode, agent_data in configs:
            runs[mode, agent_data].append(whole_run(mode, agent_data, a))
    times = {c: min(v) for c, v in runs.items()}
    for (mode, agent_data), t in times.items():
        print(
            f"  CultureModel mode={mode:10s} agent_data={agent_data!s:5s}: {t:7.3f} s per run "
            f"(slowest {max(runs[mode, agent_data]):.3f})"
        )
    model = CultureModel(
        step=a.step,
        months=a.months,
        warmup=a.warmup,
        rng=1,
        mode="vectorised",
        n_employees=a.employees,
        n_customers=a.customers,
        n_suppliers=a.suppliers,
    )
    sizes = Sizes(a.employees, a.customers, a.suppliers)
    batch = make_batch(
        [model.env] * a.batch, [model.setup.schedule] * a.batch, np.arange(1, a.batch + 1), sizes, a.months, a.warmup
    )
    core = best(lambda: _timed(simulate, batch), a.repeats) / a.batch
    print(f"  plain core, batch of {a.batch}: {core * 1e3:7.3f} ms per scenario")
    for agent_data in (False, True):
        ratio = times["agents", agent_data] / times["vectorised", agent_data]
        print(f"agents / vectorised (agent_data={agent_data}): {ratio:6.1f}x")
    print(
        f"agents / plain core per scenario: {times['agents', False] / core:8.0f}x; "
        f"vectorised / plain core: {times['vectorised', False] / core:6.0f}x"
    )


def _timed(fn, *args) -> float:
    t = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t


if __name__ == "__main__":
    main()
