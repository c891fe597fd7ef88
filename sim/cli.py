"""The `culturesim` command: run scenarios, print the practices catalogue and parameters."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tqdm.auto import tqdm

from .calibration.cli import register as register_calibrate
from .compare import register as register_compare
from .scenario import ScenarioError
from .sweeps.cli import register as register_sweeps
from .optimization.cli import register as register_optimize
from .viz.serve import register as register_dashboard


def _run(args) -> int:
    from .output import write_table
    from .plots import plot_series
    from .runner import as_scenario, run
    from .stats import mean_ci
    from .metrics import SUMMARY

    scenario = as_scenario(args.file)               # validate before any work or writing
    reps = args.replications or scenario.replications
    months = args.months or scenario.months
    with tqdm(total=reps * months, unit="org-month", desc=scenario.name, disable=args.quiet) as bar:
        results = run([scenario], replications=reps, seed=args.seed, months=months,
                      progress=lambda n: bar.update(n))
    summary = results.summary()
    print(f"{scenario.name}: {reps} replications x {months} months (seed {args.seed if args.seed is not None else scenario.seed})")
    if scenario.question:
        print(f"question: {scenario.question}")
    print(f"{'metric':<20}{'mean':>14}  95% interval of the mean")
    for name in SUMMARY:
        m, lo, hi = mean_ci(summary[name])
        print(f"{name:<20}{m:>14,.3f}  [{lo:,.3f}, {hi:,.3f}]")
    out = Path(args.out or Path("out") / Path(args.file).stem)
    stem = Path(args.file).stem
    files = [write_table(results.to_dataframe(), out / f"{stem}_series.{args.format}"),
             write_table(summary, out / f"{stem}_summary.csv"),
             plot_series(results, out / f"{stem}.png")]
    print("wrote " + ", ".join(str(f) for f in files))
    return 0


def _steps(args) -> int:
    from .steps import catalogue_text
    print(catalogue_text())
    return 0


def _params(args) -> int:
    from .params import table
    for row in table():
        print(f"{row['group']}.{row['name']} = {row['default']:g}  [{row['low']:g}, {row['high']:g}] {row['unit']}: "
              f"{row['meaning']} ({row['source']})")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="culturesim", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="simulate one scenario file with replications")
    r.add_argument("file")
    r.add_argument("--seed", type=int, default=None, help="base seed (default: the file's)")
    r.add_argument("--months", type=int, default=None)
    r.add_argument("--replications", type=int, default=None)
    r.add_argument("--out", default=None, help="output folder (default out/<file name>)")
    r.add_argument("--format", choices=("csv", "parquet"), default="csv", help="series file format")
    r.add_argument("--quiet", action="store_true", help="no progress bar")
    r.set_defaults(func=_run)
    sub.add_parser("steps", help="print the practices catalogue and step presets").set_defaults(func=_steps)
    sub.add_parser("params", help="print every parameter with bounds and source").set_defaults(func=_params)
    register_compare(sub)
    register_sweeps(sub)
    register_dashboard(sub)
    register_calibrate(sub)
    register_optimize(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    for name in ("months", "replications", "seed"):
        value = getattr(args, name, None)
        if value is not None and value < (0 if name == "seed" else 1):
            print(f"culturesim: error: --{name}: must be {'>= 0' if name == 'seed' else '>= 1'}, got {value}",
                  file=sys.stderr)
            return 2
    try:
        return args.func(args)
    except ScenarioError as exc:
        print(f"culturesim: error: {exc}", file=sys.stderr)
        return 2


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry()
