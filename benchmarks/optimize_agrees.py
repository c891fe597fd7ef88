"""Does the default policy search agree with itself? Two seeds, the same pinned levers, overlapping ranges.

Runs `culturesim optimize` at its default configuration (every default flag, no limits) on the
calibrated worked example (scenarios/example_organization.toml fitted to
experiments/example_organization.csv; calibrated first if missing) with --seed 1 and --seed 2, and
compares their near_optimal.csv: per lever, pinned or free and whether the two near-optimal ranges
overlap. Writes benchmarks/optimize_agrees.json and, with --readme, the table in benchmarks/README.md.
Not a test: each search takes minutes on the shared 2-core VM (tests/test_optimize_agrees.py checks
the same at a small configuration).

    PYTHONPATH=. python benchmarks/optimize_agrees.py [--readme] [--seeds 1 2]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "out" / "optimize_agrees"
CALIBRATED = OUT / "calibrate" / "example_organization_calibrated.toml"
START, END = "<!-- optimize-agrees:start -->", "<!-- optimize-agrees:end -->"


def culturesim(args: list[str]) -> float:
    """Run the command; return its wall time."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "sim.cli", *args], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True
    )
    return time.perf_counter() - start


def agreement(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """Per lever: both ranges, pinned in each, and whether the ranges overlap."""
    rows = []
    for lever in a.index:
        x, y = a.loc[lever], b.loc[lever]
        rows.append(
            dict(
                lever=lever,
                range_1=f"{x.near_optimal_low:.2f}-{x.near_optimal_high:.2f}",
                range_2=f"{y.near_optimal_low:.2f}-{y.near_optimal_high:.2f}",
                pinned_1=bool(x.pinned),
                pinned_2=bool(y.pinned),
                same_pinned=bool(x.pinned) == bool(y.pinned),
                overlap=bool(x.near_optimal_low <= y.near_optimal_high and y.near_optimal_low <= x.near_optimal_high),
            )
        )
    return pd.DataFrame(rows)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seeds", nargs=2, type=int, default=[1, 2])
    p.add_argument("--readme", action="store_true")
    p.add_argument("--from-json", action="store_true", help="only write the README table from optimize_agrees.json")
    a = p.parse_args()
    if a.from_json:
        write_readme(json.loads((ROOT / "benchmarks" / "optimize_agrees.json").read_text()))
        return
    if not CALIBRATED.exists():
        culturesim(
            [
                "calibrate",
                "experiments/example_organization.csv",
                "--scenario",
                "scenarios/example_organization.toml",
                "--out",
                str(OUT / "calibrate"),
                "--quiet",
            ]
        )
    ranges, runs = [], []
    for seed in a.seeds:
        out = OUT / f"seed{seed}"
        load = os.getloadavg()[0]
        wall = culturesim(["optimize", str(CALIBRATED), "--seed", str(seed), "--out", str(out), "--quiet"])
        provenance = json.loads((out / "provenance.json").read_text())
        runs.append(
            dict(
                seed=seed,
                wall_s=round(wall, 1),
                load_before=round(load, 2),
                load_after=round(os.getloadavg()[0], 2),
                model_runs=provenance["model_runs"],
                validation_runs=provenance["validation_runs"],
            )
        )
        ranges.append(pd.read_csv(out / "near_optimal.csv").set_index("lever"))
    table = agreement(*ranges)
    result = dict(
        measured=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        seeds=a.seeds,
        runs=runs,
        same_pinned=bool(table.same_pinned.all()),
        all_overlap=bool(table.overlap.all()),
        levers=table.to_dict("records"),
    )
    print(json.dumps(result, indent=1))
    (ROOT / "benchmarks" / "optimize_agrees.json").write_text(json.dumps(result, indent=1) + "\n")
    if a.readme:
        write_readme(result)


def write_readme(result: dict) -> None:
    """The agreement table between the README's markers."""
    s1, s2 = result["seeds"]
    lines = [
        f"Measured {result['measured']}; "
        + "; ".join(
            f"seed {r['seed']}: {r['wall_s']:.0f} s wall at load {r['load_before']:.1f}-{r['load_after']:.1f}, "
            f"{r['model_runs']:,} search runs"
            for r in result["runs"]
        )
        + f". Same pinned levers: **{'yes' if result['same_pinned'] else 'no'}**; every range overlaps: "
        f"**{'yes' if result['all_overlap'] else 'no'}**.",
        "",
        f"| lever | near-optimal, seed {s1} | seed {s2} | pinned ({s1} / {s2}) | overlap |",
        "|---|---|---|---|---|",
    ]
    for r in result["levers"]:
        pinned = " / ".join("pinned" if r[k] else "free" for k in ("pinned_1", "pinned_2"))
        lines.append(
            f"| {r['lever']} | {r['range_1']} | {r['range_2']} | {pinned} | {'yes' if r['overlap'] else '**no**'} |"
        )
    readme = ROOT / "benchmarks" / "README.md"
    head, rest = readme.read_text().split(START)
    readme.write_text(head + START + "\n" + "\n".join(lines) + "\n" + END + rest.split(END, 1)[1])


if __name__ == "__main__":
    main()
