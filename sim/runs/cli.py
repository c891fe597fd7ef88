"""The ``culturesim run`` command: one scenario with replications; summary, series (wide and long), figure."""

from __future__ import annotations

from pathlib import Path


def command(args) -> int:
    from tqdm.auto import tqdm

    from ..errors import Interrupted
    from ..files.output import check_folder, plan_memory, plan_time, safe_name, write_table
    from ..format import format_values
    from ..metrics import SUMMARY
    from ..params import ENVIRONMENT, LEVERS
    from ..stats import mean_ci
    from . import overrides
    from .horizon import notes as horizon_notes
    from .plausibility import report as plausibility
    from .plots import change_months, plot_series
    from .results import write_long
    from .runner import as_scenario, run
    from .scenario import check_months

    scenario = as_scenario(args.file)  # validate before any work or writing
    levers = overrides.parse_pairs(args.set, "--set", LEVERS, "levers")
    env = overrides.parse_pairs(args.set_env, "--set-env", ENVIRONMENT, "environment")
    if levers or env:
        scenario = overrides.apply(
            scenario, levers, env, name=f"{scenario.name} with {overrides.describe(levers, env, None)}"
        )
    reps = args.replications or scenario.replications
    months = args.months or scenario.months
    check_months([scenario], months, "--months" if args.months else f"{args.file}: months")
    stem = safe_name(Path(args.file).stem, "scenario")  # "...toml" must not write into ./
    out = check_folder(Path(args.out) if args.out else Path("out") / stem)
    plan_memory(reps, months, "--replications/--months (or scenario.replications/months)", args.file)
    plan_time(
        reps * (months + scenario.warmup),
        scenario.sizes,
        "--replications/--months (or scenario.replications/months/warmup/sizes)",
        args.allow_long,
    )
    if args.check:
        print(f"{scenario.name}: valid; {reps} replications x {months} months; would write into {out}")
        return 0
    try:
        with tqdm(total=reps * months, unit="org-month", desc=scenario.name, disable=args.quiet) as bar:
            results = run(
                [scenario], replications=reps, seed=args.seed, months=months, progress=lambda n: bar.update(n)
            )
    except KeyboardInterrupt:
        raise Interrupted(
            "interrupted (Ctrl-C) during the simulation; nothing was written; "
            f"re-run `culturesim run {args.file}` to start again"
        ) from None
    summary = results.summary()
    summary.insert(0, "run", range(len(summary)))  # the run number of the long series file
    seed = args.seed if args.seed is not None else scenario.seed
    print(f"{scenario.name}: {reps} replications x {months} months (seed {seed})")
    if scenario.question:
        print(f"question: {scenario.question}")
    print(f"{'outcome':<46}{'mean':>14}  95% interval of the mean")
    for name, metric in SUMMARY.items():
        m, lo, hi = format_values(metric.unit, *mean_ci(summary[name].to_numpy()))
        print(f"{metric.words:<46}{m:>14}  [{lo}, {hi}]")
    for note in horizon_notes([scenario], reps, args.seed, months, results, args.quiet):
        print(f"note: {note}")
    plausibility(scenario, results)
    files = []
    try:
        files.append(write_table(results.to_dataframe(), out / f"{stem}_series.{args.format}"))
        files.append(write_long(results, out / f"{stem}_series_long.parquet"))
        files.append(write_table(summary, out / f"{stem}_summary.csv"))
        files.append(plot_series(results, out / f"{stem}.png", marks=change_months([scenario])))
    except KeyboardInterrupt:
        saved = ", ".join(str(f) for f in files) or "nothing"
        raise Interrupted(
            f"interrupted (Ctrl-C) while writing; saved: {saved}; "
            f"re-run `culturesim run {args.file}` to write everything"
        ) from None
    print("wrote " + ", ".join(str(f) for f in files))
    return 0


def add_allow_long(parser) -> None:
    """The flag that waives the run-time limit (for those who mean it); light: no pandas at --help."""
    from ..limits import ALLOW_LONG

    parser.add_argument(
        ALLOW_LONG,
        action="store_true",
        help="run even when the estimated run time is over the limit (CULTURESIM_MAX_HOURS, default 24)",
    )


def add_change_flags(parser, what: str) -> None:
    """--set and --set-env (shared by run and compare)."""
    parser.add_argument(
        "--set",
        action="append",
        metavar="LEVER=VALUE",
        default=None,
        help=f"set a lever {what} (repeatable), e.g. --set empowerment=0.6; names: `culturesim params`",
    )
    parser.add_argument(
        "--set-env",
        action="append",
        metavar="NAME=VALUE",
        default=None,
        help="set an environment parameter from month 0 (repeatable), e.g. --set-env change_cost=5000",
    )


def register(subparsers) -> None:
    """The ``culturesim run`` subcommand."""
    r = subparsers.add_parser(
        "run",
        help="simulate one scenario file with replications",
        description="Simulate one scenario file: a summary table (mean and 95% interval over "
        "replications), the monthly series (wide, and long in Parquet), the "
        "per-replication summary and a figure.",
    )
    r.add_argument("file", help="scenario file (TOML), see scenarios/")
    r.add_argument("--seed", type=int, default=None, help="base seed (default: the file's)")
    r.add_argument(
        "--months",
        type=int,
        default=None,
        help="months simulated after warm-up (default: the file's); must include every scheduled change",
    )
    r.add_argument("--replications", type=int, default=None, help="replications (default: the file's)")
    add_change_flags(r, "in every phase of the file's schedule")
    r.add_argument("--out", default=None, help="output folder (default out/<file name>)")
    r.add_argument("--format", choices=("csv", "parquet"), default="csv", help="format of the wide series file")
    r.add_argument("--quiet", action="store_true", help="no progress bar")
    r.add_argument("--check", action="store_true", help="validate the file and flags, print the plan, run nothing")
    add_allow_long(r)
    r.set_defaults(func=command)
