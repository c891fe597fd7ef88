"""Every bound on the size of the work, in one place: files, flags and specs share them.

The bounds keep any accepted input within a stated time and memory budget: a run whose results
would not fit in ``RESULT_MEMORY`` is refused before anything starts (with the estimate), a
design bigger than ``DESIGN_ROWS`` is refused, an ``extends`` chain deeper than
``EXTENDS_DEPTH`` is refused. ``CULTURESIM_MEMORY`` (bytes) raises or lowers the result budget.
"""

from __future__ import annotations

import os

MONTHS = (1, 1200)  # simulated months (files, --months, specs)
WARMUP = (0, 600)
SEED = (0, 2**63 - 1)  # seeds are stored as int64
REPLICATIONS = (1, 100_000)  # culturesim run / compare
SWEEP_REPLICATIONS = (1, 10_000)  # per design point
BATCH_SIZE = (1, 10**7)
BATCH_MEMORY = (1e6, 1e13)  # memory_budget of a sweep spec (bytes per batch)
WORKERS = (1, 256)
RESAMPLES = (1, 100_000)  # analyze --resamples
EVERY = (1, 1200)  # analyze --every
GRID_LEVELS = (1, 1000)
DESIGN_ROWS = 2_000_000  # design points of one sweep (its matrix and table stay < 1 GB)
SAMPLES = (1, DESIGN_ROWS)  # design.n
DESIGN_INT = (1, 1000)  # num_levels, M, levels
EXTENDS_DEPTH = 32  # files in one extends chain
FILE_BYTES = 1_000_000  # largest scenario or spec file read
DATA_BYTES = 10_000_000  # largest data or plausible-sets CSV read (1,200 months x 7 series is < 0.5 MB)
QUOTE_CHARS = 80  # user text quoted in a message is cut here
CONNECT_SECONDS = 5  # connecting to a Dask scheduler
LARGE_RUN = 2e8  # bytes of results above which the memory estimate is printed first
# Memory of run and compare (``CULTURESIM_MEMORY`` bounds the peak of the whole process), measured
# with resource.getrusage on the largest runs accepted (tests/test_limits.py checks the peak):
PROCESS_BYTES = 2.5e8  # the interpreter with numpy, pandas, pyarrow and matplotlib (a tiny run: 0.23 GB)
BYTES_PER_SCENARIO_MONTH = 1700  # the series, their wide and long tables while written (measured 1,640)
CHUNK_SHARE = 0.2  # share of the budget the core's chunks work in (sim.core.scenarios_per_batch)
# Throughput of the compiled core (the default), measured by benchmarks/run_time_constants.py on the shared
# 2-vCPU VM (one process, one numba thread, wall time, 2026-12-08, 1-minute load 9.5): seconds per
# organization-month, a fixed part and a part per agent. Rounded up, so the estimate errs long on a quiet
# machine; the numpy core (``--backend numpy``) costs about 1.2e-7 s per agent-month on a quiet core, so
# the per-agent constant is kept at that (its refusals stay right for both backends).
ALLOW_LONG = "--allow-long"  # the flag that waives the run-time limit
SECONDS_PER_ORG_MONTH = 1e-4  # fitted 1.0e-4 at load 9.5 (wall; about 1.3e-5 of CPU: the month's numpy books)
SECONDS_PER_AGENT_MONTH = 1e-7  # fitted 2e-8 at load 9.5; 3-5e-8 of CPU per customer slot (benchmarks/README.md)


def result_memory() -> float:
    """The memory budget (bytes) of run and compare, their peak included (default 4 GB)."""
    try:
        value = float(os.environ.get("CULTURESIM_MEMORY", "4e9"))
    except ValueError:
        value = 4e9
    return value if value > 0 and value == value and value != float("inf") else 4e9


def max_seconds() -> float:
    """The run-time budget (seconds) of one command: ``CULTURESIM_MAX_HOURS`` (default 24 h)."""
    try:
        hours = float(os.environ.get("CULTURESIM_MAX_HOURS", "24"))
    except ValueError:
        hours = 24.0
    return 3600.0 * (hours if 0 < hours < float("inf") else 24.0)


def estimate_seconds(org_months: float, agents: int) -> float:
    """Seconds of simulation for ``org_months`` organization-months (warm-up included) of ``agents``
    agents each (employees + customers + suppliers), from the throughput measured on the project's
    machine (see ``SECONDS_PER_AGENT_MONTH``): an upper-side estimate, not a promise."""
    return float(org_months) * (SECONDS_PER_ORG_MONTH + SECONDS_PER_AGENT_MONTH * agents)


def duration_text(seconds: float) -> str:
    """3.2 s, 4.5 min, 2.0 h, 13.1 days or 16.0 years."""
    for unit, size, least in (("years", 365.25 * 86400, 1), ("days", 86400, 2), ("h", 3600, 1), ("min", 60, 1)):
        if seconds >= least * size:
            return f"{seconds / size:,.1f} {unit}"
    return f"{seconds:.1f} s"


def chunk_memory() -> float:
    """Bytes the core may work in at once (a chunk of scenarios): a share of the budget, at most 1 GB."""
    return min(1e9, CHUNK_SHARE * result_memory())


def run_bytes(scenarios: int, months: int) -> float:
    """Peak bytes of a process that simulates and writes ``scenarios`` x ``months``: the process,
    the core's chunks and every series of every scenario with the tables written from them."""
    return PROCESS_BYTES + chunk_memory() + BYTES_PER_SCENARIO_MONTH * float(scenarios) * months


def size_text(n: float) -> str:
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if n < 1000 or unit == "TB":
            return f"{n:,.0f} {unit}" if unit == "B" else f"{n:,.1f} {unit}"
        n /= 1000
    return f"{n:g}"
