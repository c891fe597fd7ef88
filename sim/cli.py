"""The `culturesim` command: run scenarios, print the practices catalogue and parameters."""

from __future__ import annotations

import argparse
import sys
from importlib import import_module
from pathlib import Path

# Subcommands whose modules load pandas, SALib, Dask or Solara: registered for real only when
# chosen, so that `culturesim --help` stays fast. name -> (module with register(), one-line help).
LAZY = {
    "compare": ("sim.compare", "compare what-if scenarios with a base, paired by seed"),
    "sweep": ("sim.sweeps.cli", "run a parameter sweep / sensitivity design from an experiment spec"),
    "analyze": ("sim.sweeps.cli", "sensitivity indices and figures of a finished sweep folder"),
    "dashboard": ("sim.viz.serve", "serve the educator's browser dashboard on 127.0.0.1"),
}


def _run(args) -> int:
    from tqdm.auto import tqdm

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


def parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line parser; the lazy subcommands are loaded in full only for ``command``
    (all of them when it is None)."""
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
    chosen = LAZY[command][0] if command in LAZY else None
    for name, (module, text) in LAZY.items():
        if command is None or module == chosen:
            if name == next(n for n, (m, _) in LAZY.items() if m == module):    # a module registers all its names
                import_module(module).register(sub)
        else:
            sub.add_parser(name, help=text)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    command = next((a for a in argv if not a.startswith("-")), "")
    args = parser(command).parse_args(argv)
    for name in ("months", "replications", "seed"):
        value = getattr(args, name, None)
        if value is not None and value < (0 if name == "seed" else 1):
            print(f"culturesim: error: --{name}: must be {'>= 0' if name == 'seed' else '>= 1'}, got {value}",
                  file=sys.stderr)
            return 2
    from .scenario import ScenarioError     # here, not at import: `culturesim --help` loads no model code

    try:
        return args.func(args)
    except ScenarioError as exc:
        print(f"culturesim: error: {exc}", file=sys.stderr)
        return 2


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry()
