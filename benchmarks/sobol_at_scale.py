"""Benchmark: a Sobol analysis over every policy lever (26) with N = 256 at 1,000 customer slots, 60 months.

Runs experiments/sobol_levers.toml (second-order Saltelli scheme: N (2D + 2) = 13,824 runs) into a
fresh folder with the chosen executor, then the SALib analysis of the summary outputs, and prints the
wall time of each (the whole run, cluster start-up included). Results: benchmarks/README.md.

    PYTHONPATH=. python benchmarks/sobol_at_scale.py --executor processes --workers 2
    PYTHONPATH=. python benchmarks/sobol_at_scale.py --executor dask --workers 2
    PYTHONPATH=. python benchmarks/sobol_at_scale.py --executor inprocess --first-order
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import tempfile
import time
from pathlib import Path

from sim.sweeps import indices, load_spec, run_spec
from sim.sweeps.executors import make_executor

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--executor", choices=("inprocess", "processes", "dask"), default="processes")
    p.add_argument("--workers", type=int, default=os.cpu_count())
    p.add_argument("--n", type=int, default=256, help="Sobol base samples (a power of two)")
    p.add_argument("--first-order", action="store_true", help="calc_second_order=False: N (D + 2) runs")
    p.add_argument("--spec", default=str(ROOT / "experiments" / "sobol_levers.toml"))
    p.add_argument("--out", default=None, help="keep the sweep folder here (default: a temporary folder, removed)")
    args = p.parse_args()

    spec = load_spec(args.spec)
    design = dataclasses.replace(spec.design, n=args.n, calc_second_order=not args.first_order)
    spec = dataclasses.replace(spec, design=design)
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="sobol_at_scale_"))
    if not args.out:
        shutil.rmtree(out)  # a fresh folder: nothing to resume
    load = os.getloadavg()
    start = time.perf_counter()
    with make_executor(args.executor, args.workers if args.executor != "inprocess" else None) as executor:
        table = run_spec(spec, out, executor=executor)
    sweep_s = time.perf_counter() - start
    start = time.perf_counter()
    frame = indices(table, outputs=list(spec.summary))
    analysis_s = time.perf_counter() - start
    runs = len(table.runs)
    print(
        f"design: sobol N={args.n}, D={len(spec.names)}, second order={design.calc_second_order}: {runs} runs; "
        f"sizes {spec.sizes}, {spec.months} months + {spec.warmup} warm-up, {spec.runs_per_batch()} runs per batch"
    )
    print(
        f"executor: {args.executor} ({executor.workers} worker(s)); load average before: "
        f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; cpus: {os.cpu_count()}"
    )
    print(
        f"sweep wall time: {sweep_s:.1f} s ({runs / sweep_s:.1f} runs/s); "
        f"analysis of {len(spec.summary)} outputs: {analysis_s:.1f} s"
    )
    top = frame[(frame["index"] == "ST") & (frame["output"] == "npv")].nlargest(5, "value")
    print("largest ST for npv: " + ", ".join(f"{r.parameter} {r.value:.3f} +- {r.conf:.3f}" for r in top.itertuples()))
    if not args.out:
        shutil.rmtree(out)


if __name__ == "__main__":
    main()
