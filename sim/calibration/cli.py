"""The ``culturesim calibrate`` command."""

from __future__ import annotations

from pathlib import Path

DISCREPANCY = (0.0, 1.0)        # model discrepancy, a share of each series' level


def check_work(args, observed, scenario, out: Path) -> str:
    """Every flag within its bounds and the work within the time and memory budgets, before any work."""
    from .. import limits
    from ..errors import InputError
    from ..files.checkpoints import MANIFEST, read_manifest
    from ..files.output import check_folder, plan_memory, plan_time
    from ..files.resumable import check_at_least

    check_at_least((("points", args.points, 10), ("replications", args.replications, 2), ("waves", args.waves, 1)))
    if not DISCREPANCY[0] <= args.discrepancy <= DISCREPANCY[1]:
        raise InputError(f"--discrepancy: must be a share in [{DISCREPANCY[0]:g}, {DISCREPANCY[1]:g}] of each "
                         f"series' level, got {args.discrepancy}")
    rows, months = args.points * args.replications, observed.months
    flag = "--points x --replications x --waves"
    seconds = plan_time(rows * args.waves * (months + scenario.warmup), scenario.sizes, flag, args.allow_long)
    memory = plan_memory(rows, months, "--points x --replications (one wave)", args.data)
    check_folder(out)
    read_manifest(out / MANIFEST)                  # a damaged checkpoint: one line, before any work
    return f"at most {limits.duration_text(seconds)} of simulation and {limits.size_text(memory)} of memory (estimates)"


def _calibrate(args) -> int:
    from ..files.resumable import run_with_progress
    from ..runs.runner import as_scenario
    from . import data as data_mod
    from .fit import calibrate, parse_fit

    observed = data_mod.read(args.data)            # check every input before any work or writing
    scenario = as_scenario(args.scenario)
    parse_fit(args.fit, scenario, observed)
    out = Path(args.out or Path("out") / f"calibrate_{Path(args.data).stem}")
    cost = check_work(args, observed, scenario, out)
    if args.check:
        print(f"{args.data}: valid; {args.points} points x {args.replications} replications per wave, at most "
              f"{args.waves} waves: {cost}; would write into {out}")
        return 0
    cal = run_with_progress(
        lambda progress: calibrate(observed, scenario, args.fit, out, points=args.points,
                                   replications=args.replications, waves=args.waves, seed=args.seed,
                                   discrepancy=args.discrepancy, progress=progress),
        total=args.waves, unit="wave", desc="calibrate", quiet=args.quiet, out=out)
    print(f"{len(cal.plausible)} plausible parameter sets after {len(cal.waves)} waves, {cal.model_runs:,} model runs")
    for line in cal.messages():
        print(line)
    print(f"wrote {out}: intervals.csv, plausible_sets.csv, {Path(cal.scenario.path).stem if cal.scenario.path else 'organization'}"
          "_calibrated.toml (+ .plausible.csv beside it), observed_vs_simulated.png, pairs.png, summary.txt, provenance.json")
    return 0


def register(sub) -> None:
    from ..runs.cli import add_allow_long

    c = sub.add_parser("calibrate", help="fit environment parameters to an organization's monthly data")
    c.add_argument("data", help="tidy CSV: month, series, value[, sd] (series: active_customers, churn_rate, nps, "
                                "mean_satisfaction, employee_turnover, revenue, profit)")
    c.add_argument("--scenario", required=True, help="the organization's base scenario (TOML)")
    c.add_argument("--fit", nargs="+", default=None, metavar="PARAM[=LOW:HIGH]",
                   help="environment parameters to fit (default: one the data inform per observed series)")
    c.add_argument("--out", default=None, help="output folder (default out/calibrate_<data name>); resumes there")
    c.add_argument("--points", type=int, default=120, help="parameter sets per wave")
    c.add_argument("--replications", type=int, default=6, help="replications per parameter set")
    c.add_argument("--waves", type=int, default=6, help="at most this many waves")
    c.add_argument("--seed", type=int, default=1, help="seed of the designs and replications (default 1)")
    c.add_argument("--discrepancy", type=float, default=0.02,
                   help="model discrepancy, as a share of each series' level (default 0.02)")
    c.add_argument("--quiet", action="store_true", help="no progress bar")
    c.add_argument("--check", action="store_true", help="validate the data, scenario and flags, print the plan, run nothing")
    add_allow_long(c)
    c.set_defaults(func=_calibrate)
