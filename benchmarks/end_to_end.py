"""Issue 18's end-to-end targets, each as a user runs it: the command's whole wall time on this machine.

Every job is the `culturesim` command itself in a fresh process (imports, figures and files
included), after one untimed run that loads, or first compiles, the compiled core. Recorded per job:
wall time, the CPU time of the process and its children, and the 1-minute load average before and
after (the development VM is shared; divide by the load for a quiet machine's order of magnitude).
Where the command times its own simulation, that too (``simulation_s``): compare's
``compare_provenance.json`` ("simulation seconds": its runs and their settled counterparts, not
imports, figures or files; the README command's target is about this part) and a sweep's
``manifest.json`` (``wall_seconds``: the batches' loop, parts written included, pool start-up not).
Writes benchmarks/end_to_end.json and, with --readme, the table in benchmarks/README.md.

    PYTHONPATH=. python benchmarks/end_to_end.py [--readme] [--only NAME ...] [--insurer]
    PYTHONPATH=. python benchmarks/end_to_end.py --workers [--readme]   # 1 vs 2 sweep workers

--insurer adds the insurer's three questions of issue 20 (scenario, compare, calibrate at a tenth,
optimize at a tenth), with their commands, for the closing note; they are minutes, not seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "out" / "end_to_end"
START, END = "<!-- end-to-end:start -->", "<!-- end-to-end:end -->"
CALIBRATED = OUT / "calibrate" / "example_organization_calibrated.toml"
INSURER_TENTH = OUT / "insurer_tenth.toml"

# name, target (s) or None, what it is, the command's arguments after `culturesim`
JOBS = [
    (
        "readme_first",
        5,
        "README's first command: compare 3 scenarios x 20 replications",
        "compare scenarios/step1_minimize_hassles.toml scenarios/whatif_move_up_now.toml "
        f"scenarios/step5_customer_culture.toml --out {OUT}/readme_first",
    ),
    (
        "sobol",
        20,
        "second-order Sobol over all 28 levers, N=256: 14,848 runs at 1,000 slots, 2 workers",
        f"sweep experiments/sobol_levers.toml --executor processes --workers 2 --out {OUT}/sobol --quiet",
    ),
    (
        "insurer_compare",
        30,
        "insurer (600 employees, 40,000 slots) compared: 3 scenarios x 20 replications x 84 months",
        "compare experiments/insurer/insurer.toml experiments/insurer/whatif_insurer_step4.toml "
        f"--out {OUT}/insurer_compare",
    ),
    (
        "calibrate",
        5,
        "calibration of the worked example (README)",
        "calibrate experiments/example_organization.csv --scenario scenarios/example_organization.toml "
        f"--out {OUT}/calibrate --quiet",
    ),
    (
        "optimize",
        30,
        "default policy search on the calibrated worked example (no limits; 4 plausible sets x 4 seeds)",
        f"optimize {CALIBRATED} --out {OUT}/optimize --quiet",
    ),
]
SIMULATION_TARGETS = {"readme_first"}  # jobs whose target is about the simulation's time, not the whole command's
INSURER = [
    (
        "insurer_scenario",
        None,
        "insurer question 0: the scenario run (full size, 20 replications)",
        f"run experiments/insurer/insurer.toml --out {OUT}/insurer_run",
    ),
    (
        "insurer_board",
        None,
        "insurer question 1: is step 4 worth it (compare --board, full size)",
        "compare experiments/insurer/insurer.toml experiments/insurer/whatif_insurer_step4.toml --board "
        f"--out {OUT}/insurer_board",
    ),
    (
        "insurer_calibrate",
        None,
        "insurer question 2: calibrate to its data at a tenth of its size (--scale 0.1)",
        "calibrate experiments/insurer.csv --scenario experiments/insurer/insurer.toml --scale 0.1 "
        f"--out {OUT}/insurer_calibrate --quiet",
    ),
    (
        "insurer_optimize",
        None,
        "insurer question 3: the best policy at a tenth of its size (default search)",
        f"optimize {INSURER_TENTH} --out {OUT}/insurer_optimize --quiet",
    ),
]


def culturesim(args: str) -> list[str]:
    return [sys.executable, "-m", "sim.cli", *args.split()]


def timed(name: str, target, what: str, args: str) -> dict:
    shutil.rmtree(OUT / name, ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(culturesim(args), cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    row = dict(
        job=name,
        what=what,
        command="culturesim " + args.replace(str(ROOT) + "/", ""),
        target_s=target,
        wall_s=round(wall, 1),
        cpu_s=round(cpu, 1),
        load_before=round(load, 2),
        load_after=round(os.getloadavg()[0], 2),
        exit=proc.returncode,
    )
    simulated = simulation_seconds(OUT / name)
    if simulated is not None:
        row["simulation_s"] = round(simulated, 1)
    if proc.returncode:
        row["error"] = (proc.stderr.strip().splitlines() or ["?"])[-1]
    print(json.dumps(row), flush=True)
    return row


def simulation_seconds(out: Path) -> float | None:
    """The seconds the command says its simulation took (see the module doc), None where it says none."""
    compare, sweep = out / "compare_provenance.json", out / "manifest.json"
    if compare.exists():
        return json.loads(compare.read_text()).get("simulation seconds")
    if sweep.exists():
        return (json.loads(sweep.read_text()).get("wall_seconds") or [None])[-1]
    return None


def insurer_tenth() -> None:
    """The insurer at a tenth of its size (employees, customer slots) for the policy search."""
    text = (ROOT / "experiments" / "insurer" / "insurer.toml").read_text()
    text = text.replace("n_employees = 600", "n_employees = 60").replace("n_customers = 40000", "n_customers = 4000")
    INSURER_TENTH.write_text(text.replace('name = "Regional insurer (step 2)"', 'name = "Regional insurer at a tenth"'))


WORKERS_START, WORKERS_END = "<!-- sweep-workers:start -->", "<!-- sweep-workers:end -->"


def workers_scaling() -> list[dict]:
    """1 vs 2 process workers on the Sobol sweep at N=64 (3,712 runs, the same 1,000 slots x 84 months):
    with one numba thread per worker (how the sweep scales with workers: issue 18 asks 2 >= 1.8x one), and
    with the default split of the cores (1 worker x 2 threads against 2 workers x 1 thread)."""
    text = (ROOT / "experiments" / "sobol_levers.toml").read_text()
    spec = OUT / "sobol_n64.toml"
    spec.write_text(
        text.replace('"../scenarios/', f'"{ROOT}/scenarios/')
        .replace("n = 256", "n = 64")
        .replace('name = "Sobol over all policy levers"', 'name = "Sobol over all policy levers, N=64"')
    )
    rows = []
    for threads in ("1", None):
        for workers in (1, 2):
            name = f"sobol64_{workers}w_{threads or 'split'}"
            if threads:
                os.environ["NUMBA_NUM_THREADS"] = threads
            try:
                what = f"{workers} worker(s), " + (f"{threads} numba thread each" if threads else "cores split")
                args = f"sweep {spec} --executor processes --workers {workers} --out {OUT}/{name} --quiet"
                rows.append(timed(name, None, what, args))
            finally:
                os.environ.pop("NUMBA_NUM_THREADS", None)
    return rows


def workers_table(rows: list[dict], machine: str) -> str:
    by = {r["job"]: r for r in rows}
    lines = [
        machine,
        "",
        "| numba threads per worker | 1 worker: wall (batches) | 2 workers: wall (batches) | 2 workers vs 1 (batches) |",
        "|---|---|---|---|",
    ]
    for threads in ("1", "split"):
        one, two = by[f"sobol64_1w_{threads}"], by[f"sobol64_2w_{threads}"]
        label = "1" if threads == "1" else "the cores split (1 worker: 2 threads; 2 workers: 1 each)"
        lines.append(
            f"| {label} | {one['wall_s']:.1f} s ({one['simulation_s']:.1f} s) | {two['wall_s']:.1f} s "
            f"({two['simulation_s']:.1f} s) | **{one['simulation_s'] / two['simulation_s']:.2f}x** "
            f"(whole command {one['wall_s'] / two['wall_s']:.2f}x) |"
        )
    return "\n".join(lines)


def into_readme(table: str, start: str, end: str) -> None:
    readme = ROOT / "benchmarks" / "README.md"
    text = readme.read_text()
    head, rest = text.split(start) if start in text else (text.rstrip() + "\n\n", end)
    tail = rest.split(end, 1)[1] if end in rest else "\n"
    readme.write_text(head + start + "\n" + table + "\n" + end + tail)


def readme_table(rows: list[dict], machine: str) -> str:
    lines = [
        machine,
        "",
        "| job | command | target | wall time | of which simulation | CPU time | load before / after |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        target = f"< {r['target_s']} s" if r["target_s"] else "-"
        timed = r.get("simulation_s") if r["job"] in SIMULATION_TARGETS else r["wall_s"]
        met = "" if not r["target_s"] or timed is None else (" (met)" if timed < r["target_s"] else " (not met)")
        sim = f"{r['simulation_s']:.1f} s" if r.get("simulation_s") is not None else "-"
        wall, sim = (
            (f"**{r['wall_s']:.1f} s**{met}", sim)
            if timed == r["wall_s"]
            else (f"{r['wall_s']:.1f} s", f"**{sim}**{met}")
        )
        lines.append(
            f"| {r['what']} | `{r['command']}` | {target} | {wall} | {sim} | {r['cpu_s']:.1f} s | "
            f"{r['load_before']:.1f} / {r['load_after']:.1f} |"
        )
    return "\n".join(lines)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--readme", action="store_true", help="write the table into benchmarks/README.md")
    p.add_argument("--only", nargs="+", default=None, help="run only these jobs (names in the JSON)")
    p.add_argument("--insurer", action="store_true", help="also the insurer's three questions (minutes)")
    p.add_argument("--workers", action="store_true", help="only 1 vs 2 sweep workers (end_to_end_workers.json)")
    a = p.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    subprocess.run(  # load (or first compile) the compiled core: not counted
        culturesim(f"run scenarios/step1_minimize_hassles.toml --replications 2 --months 6 --out {OUT}/warm --quiet"),
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
    )
    if a.workers:
        rows = workers_scaling()
        machine = machine_line()
        (ROOT / "benchmarks" / "end_to_end_workers.json").write_text(
            json.dumps(dict(machine=machine, jobs=rows), indent=1) + "\n"
        )
        if a.readme:
            into_readme(workers_table(rows, machine), WORKERS_START, WORKERS_END)
        return
    jobs = JOBS + (INSURER if a.insurer else [])
    if a.only:
        jobs = [j for j in jobs if j[0] in a.only]
    if any(j[0] == "optimize" for j in jobs) and not CALIBRATED.exists():
        jobs = [j for j in JOBS if j[0] == "calibrate"] + [j for j in jobs if j[0] != "calibrate"]
    if any(j[0] == "insurer_optimize" for j in jobs):
        insurer_tenth()
    rows = [timed(*job) for job in jobs]
    machine = machine_line()
    result = dict(machine=machine, jobs=rows)
    path = ROOT / "benchmarks" / ("end_to_end_insurer.json" if a.insurer else "end_to_end.json")
    path.write_text(json.dumps(result, indent=1) + "\n")
    if a.readme:
        into_readme(readme_table(rows, machine), START, END)


def machine_line() -> str:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return (
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} at commit {commit.stdout.strip()}, "
        f"backend {os.environ.get('CULTURESIM_BACKEND', 'compiled (default)')}, {os.cpu_count()} CPUs, "
        f"Python {sys.version.split()[0]}; the load average is the machine's 1-minute load (shared with other work)."
    )


if __name__ == "__main__":
    main()
