"""Wall and CPU time of a calibration (4 parameters, 36 months) and an optimisation (10 levers).

Both at 1,000 customer slots and 50 employees (the example organization, scenarios/
example_organization.toml, fitted to its synthetic data set experiments/example_organization.csv).
Not a timed test: the figures go to benchmarks/README.md. Prints one line per job with the
model runs it used (a run = one organization simulated through warm-up and every month).

    OMP_NUM_THREADS=1 PYTHONPATH=. python benchmarks/calibrate_optimize.py [--out DIR] [--readme]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import time
from pathlib import Path

from sim.calibration import calibrate
from sim.optimization import optimize
from sim.optimization.problem import DEFAULT_LEVERS

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- calibrate-optimize:start -->", "<!-- calibrate-optimize:end -->"


def timed(job):
    load = os.getloadavg()[0]
    wall, cpu = time.perf_counter(), time.process_time()
    result = job()
    return result, dict(
        wall_s=round(time.perf_counter() - wall, 1),
        cpu_s=round(time.process_time() - cpu, 1),
        load_before=round(load, 2),
    )


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--out", default="out/bench_calibrate_optimize")
    p.add_argument("--readme", action="store_true", help="write the table into benchmarks/README.md")
    a = p.parse_args()
    out = Path(a.out)
    shutil.rmtree(out, ignore_errors=True)
    data, scenario = ROOT / "experiments" / "example_organization.csv", ROOT / "scenarios" / "example_organization.toml"
    cal, t1 = timed(lambda: calibrate(data, scenario, out=out / "calibrate"))
    row1 = dict(
        job="calibrate 4 parameters, 36 months",
        model_runs=cal.model_runs,
        waves=len(cal.waves),
        plausible_sets=len(cal.plausible),
        **t1,
    )
    print(json.dumps(row1))
    fitted = out / "calibrate" / "example_organization_calibrated.toml"
    opt, t2 = timed(lambda: optimize(fitted, levers=DEFAULT_LEVERS, out=out / "optimize"))
    row2 = dict(
        job=f"optimize {len(DEFAULT_LEVERS)} levers over the plausible sets, 60 months",
        model_runs=opt.model_runs,
        validation_runs=len(opt.validation),
        generations=opt.generations,
        **t2,
    )
    print(json.dumps(row2))
    (out / "benchmark.json").write_text(json.dumps([row1, row2], indent=1) + "\n")
    if a.readme:
        table = ["| job | model runs | wall time | CPU time | load before |", "|---|---|---|---|---|"]
        for r in (row1, row2):
            runs = f"{r['model_runs']:,}" + (
                f" (+ {r['validation_runs']:,} validation)" if "validation_runs" in r else ""
            )
            table.append(
                f"| {r['job']} | {runs} | **{r['wall_s']:.0f} s** | {r['cpu_s']:.0f} s | {r['load_before']:.2f} |"
            )
        path = ROOT / "benchmarks" / "README.md"
        text = path.read_text()
        head, rest = text.split(START)
        _, tail = rest.split(END)
        path.write_text(head + START + "\n" + "\n".join(table) + "\n" + END + tail)


if __name__ == "__main__":
    main()
