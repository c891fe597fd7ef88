"""The `culturesim` command: run scenarios, print the practices catalogue and parameters.

Every failure ends as one line on stderr and an exit status: 2 bad input (nothing computed or
written), 74 the environment (disk full, scheduler unreachable), 130 Ctrl-C; the line says what
was saved and how to resume. ``CULTURESIM_DEBUG=1`` shows the traceback of an unexpected error.
"""

from __future__ import annotations

import argparse
import os
import sys
import unicodedata
from pathlib import Path

from . import limits
from .compare import register as register_compare
from .errors import CulturesimError, EnvironmentFailure, InputError, Interrupted, quote
from .sweeps.cli import register as register_sweeps
from .viz.serve import register as register_dashboard

# flag -> (low, high): every command's numeric flags share the file bounds (sim.limits)
FLAG_LIMITS = {"months": limits.MONTHS, "replications": limits.REPLICATIONS, "seed": limits.SEED,
               "workers": limits.WORKERS, "resamples": limits.RESAMPLES, "every": limits.EVERY}


def _run(args) -> int:
    from tqdm.auto import tqdm

    from .metrics import SUMMARY
    from .output import check_folder, safe_name, write_table
    from .plots import plot_series
    from .runner import as_scenario, run
    from .stats import mean_ci

    scenario = as_scenario(args.file)               # validate before any work or writing
    reps = args.replications or scenario.replications
    months = args.months or scenario.months
    stem = safe_name(Path(args.file).stem, "scenario")
    out = check_folder(Path(args.out) if args.out else Path("out") / stem)
    plan_memory(reps, months, "--replications/--months (or scenario.replications/months)", args.file)
    if args.check:
        print(f"{scenario.name}: valid; {reps} replications x {months} months; would write into {out}")
        return 0
    try:
        with tqdm(total=reps * months, unit="org-month", desc=scenario.name, disable=args.quiet) as bar:
            results = run([scenario], replications=reps, seed=args.seed, months=months,
                          progress=lambda n: bar.update(n))
    except KeyboardInterrupt:
        raise Interrupted("interrupted (Ctrl-C) during the simulation; nothing was written; "
                          f"re-run `culturesim run {args.file}` to start again") from None
    summary = results.summary()
    print(f"{scenario.name}: {reps} replications x {months} months (seed {args.seed if args.seed is not None else scenario.seed})")
    if scenario.question:
        print(f"question: {scenario.question}")
    print(f"{'metric':<20}{'mean':>14}  95% interval of the mean")
    for name in SUMMARY:
        m, lo, hi = mean_ci(summary[name])
        print(f"{name:<20}{m:>14,.3f}  [{lo:,.3f}, {hi:,.3f}]")
    files = []
    try:
        files.append(write_table(results.to_dataframe(), out / f"{stem}_series.{args.format}"))
        files.append(write_table(summary, out / f"{stem}_summary.csv"))
        files.append(plot_series(results, out / f"{stem}.png"))
    except KeyboardInterrupt:
        saved = ", ".join(str(f) for f in files) or "nothing"
        raise Interrupted(f"interrupted (Ctrl-C) while writing; saved: {saved}; "
                          f"re-run `culturesim run {args.file}` to write everything") from None
    print("wrote " + ", ".join(str(f) for f in files))
    return 0


def plan_memory(scenarios: int, months: int, flag: str, what) -> float:
    """Print the memory estimate of a large run; refuse one over the budget before it starts."""
    need, budget = limits.run_bytes(scenarios, months), limits.result_memory()
    if need > budget:
        raise InputError(f"{flag}: {scenarios:,} runs x {months:,} months would hold about "
                         f"{limits.size_text(need)} of results in memory, over the budget of "
                         f"{limits.size_text(budget)} (CULTURESIM_MEMORY); use fewer replications or months, "
                         "or a sweep (it stores batches on disk)")
    if need > limits.LARGE_RUN:
        print(f"{what}: {scenarios:,} runs x {months:,} months: about {limits.size_text(need)} of results "
              f"in memory (budget {limits.size_text(budget)})", file=sys.stdout, flush=True)
    return need


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


class Parser(argparse.ArgumentParser):
    """argparse whose errors are one line (an InputError), not usage text and sys.exit."""

    def error(self, message):
        raise InputError(f"{self.prog}: {message} (see {self.prog} --help)")


def parser() -> argparse.ArgumentParser:
    p = Parser(prog="culturesim", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="simulate one scenario file with replications")
    r.add_argument("file")
    r.add_argument("--seed", type=int, default=None, help="base seed (default: the file's)")
    r.add_argument("--months", type=int, default=None)
    r.add_argument("--replications", type=int, default=None)
    r.add_argument("--out", default=None, help="output folder (default out/<file name>)")
    r.add_argument("--format", choices=("csv", "parquet"), default="csv", help="series file format")
    r.add_argument("--quiet", action="store_true", help="no progress bar")
    r.add_argument("--check", action="store_true", help="validate the file and flags, print the plan, run nothing")
    r.set_defaults(func=_run)
    sub.add_parser("steps", help="print the practices catalogue and step presets").set_defaults(func=_steps)
    sub.add_parser("params", help="print every parameter with bounds and source").set_defaults(func=_params)
    register_compare(sub)
    register_sweeps(sub)
    register_dashboard(sub)
    return p


def check_flags(args) -> None:
    """Numeric flags within the bounds files have; an --out folder usable (before any work)."""
    from .output import check_folder
    for name, (lo, hi) in FLAG_LIMITS.items():
        value = getattr(args, name, None)
        if value is not None and not lo <= value <= hi:
            raise InputError(f"--{name}: must be an integer in [{lo:,}, {hi:,}], got {quote(str(value), 40)[1:-1]}")
    if getattr(args, "command", None) == "compare":
        _plan_compare(args)
    if getattr(args, "out", None) is not None:
        check_folder(args.out)
    elif getattr(args, "func", None) is not None and hasattr(args, "out"):
        check_folder("out", "default output folder ./out")


def _plan_compare(args) -> None:
    """compare holds every scenario's results in memory: refuse beyond the budget before it runs."""
    from .scenario import load
    base = load(args.base)
    files = 1 + len(args.others)
    plan_memory(files * (args.replications or base.replications), args.months or base.months,
                "--replications/--months (or the base's scenario.replications/months)", args.base)


def one_line(text: str, limit: int = 2000) -> str:
    """Control characters (newlines, ANSI escapes) escaped; cut to ``limit`` characters."""
    text = "".join(c if unicodedata.category(c)[0] != "C" else c.encode("unicode_escape").decode("ascii")
                   for c in str(text))
    return text if len(text) <= limit else text[:limit] + "..."


def main(argv: list[str] | None = None) -> int:
    """Run the command; every failure is one line on stderr and an exit status (see module doc)."""
    from .output import plain_text_figures
    try:
        args = parser().parse_args(argv)
        check_flags(args)
        with plain_text_figures():
            return args.func(args)
    except CulturesimError as exc:
        return _fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        return _fail("interrupted (Ctrl-C); files are written whole or not at all, so nothing half-written "
                     "was left; re-run the same command to start again", Interrupted.exit_code)
    except (MemoryError, RecursionError) as exc:
        return _fail(f"out of memory or stack ({type(exc).__name__}); nothing half-written was left; "
                     f"set CULTURESIM_MEMORY lower or ask for less work", EnvironmentFailure.exit_code)
    except OSError as exc:
        if os.environ.get("CULTURESIM_DEBUG"):
            raise
        where = f" {exc.filename}" if exc.filename else ""
        return _fail(f"system error{where}: {exc.strerror or exc} (the machine, not the input); files are "
                     "written whole or not at all; fix it and re-run the same command (a sweep resumes)",
                     EnvironmentFailure.exit_code)
    except Exception as exc:              # noqa: BLE001 - one line, not a traceback, for any bug
        if os.environ.get("CULTURESIM_DEBUG"):
            raise
        return _fail(f"internal error {type(exc).__name__}: {exc} (please report it; CULTURESIM_DEBUG=1 "
                     "shows the traceback)", 1)


def _fail(message: str, code: int) -> int:
    print(f"culturesim: error: {one_line(message)}", file=sys.stderr, flush=True)
    return code


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry()
