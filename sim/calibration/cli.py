"""The ``culturesim calibrate`` command."""

from __future__ import annotations

from pathlib import Path

DISCREPANCY = (0.0, 1.0)  # model discrepancy, a share of each series' level


def check_work(args, observed, scenario, out: Path) -> float:
    """Every flag within its bounds and the work within the time and memory budgets, before any work.
    Returns the memory estimate (bytes)."""
    from ..errors import InputError
    from ..files.resumable import check_job

    if not DISCREPANCY[0] <= args.discrepancy <= DISCREPANCY[1]:
        raise InputError(
            f"--discrepancy: must be a share in [{DISCREPANCY[0]:g}, {DISCREPANCY[1]:g}] of each "
            f"series' level, got {args.discrepancy}"
        )
    rows, months = args.points * args.replications, observed.months
    return check_job(
        (("points", args.points, 10), ("replications", args.replications, 2), ("waves", args.waves, 1)),
        out=out,
        org_months=rows * args.waves * (months + scenario.warmup),
        sizes=scenario.sizes,
        time_flag="--points x --replications x --waves",
        memory=((rows, months, "--points x --replications (one wave)", args.data),),
        allow_long=args.allow_long,
    )


def _calibrate(args) -> int:
    from ..files.resumable import print_check, run_with_progress
    from ..runs.runner import as_scenario
    from . import data as data_mod
    from .fit import calibrate, parse_fit, scaled_scenario

    observed = data_mod.read(args.data, args.rates_per)  # check every input before any work or writing
    scenario = as_scenario(args.scenario)
    simulated = scaled_scenario(scenario, args.scale)
    names, prior = parse_fit(args.fit, scenario, observed)
    out = Path(args.out or Path("out") / f"calibrate_{Path(args.data).stem}")
    memory = check_work(args, observed, simulated, out)  # the refusals (issue 23), on the organization simulated
    if args.check:
        return print_check(args.data, memory, lambda: plan(args, observed, scenario, simulated, names, prior, out))
    cal = run_with_progress(
        lambda progress: calibrate(
            observed,
            scenario,
            args.fit,
            out,
            points=args.points,
            replications=args.replications,
            waves=args.waves,
            seed=args.seed,
            discrepancy=args.discrepancy,
            progress=progress,
            scale=args.scale,
        ),
        total=args.waves,
        unit="wave",
        desc="calibrate",
        quiet=args.quiet,
        out=out,
    )
    print(f"{len(cal.plausible)} plausible parameter sets after {len(cal.waves)} waves, {cal.model_runs:,} model runs")
    for line in cal.messages():
        print(line)
    print(
        f"wrote {out}: intervals.csv, plausible_sets.csv, {Path(cal.scenario.path).stem if cal.scenario.path else 'organization'}"
        "_calibrated.toml (+ .plausible.csv beside it), observed_vs_simulated.png, pairs.png, summary.txt, provenance.json"
    )
    return 0


def plan(args, observed, scenario, simulated, names, prior, out) -> list[str]:
    """What ``calibrate`` would do and about how long it would take (``--check``); runs a short sample."""
    import numpy as np

    from ..files.resumable import estimate_line
    from . import history as hm
    from .data import UNITS, scaled

    sizes = simulated.sizes
    lines = [f"plan: calibrate {scenario.name} to {observed.source} ({observed.months} months) into {out}"]
    lines += [f"  data: {k}, {len(m)} months; unit: {UNITS[k]}" for k, (m, _, _) in observed.series.items()]
    lines += [f"  note: {n}" for n in observed.notes]
    if simulated is not scenario:
        factor = simulated.sizes.n_customers / scenario.sizes.n_customers
        lines.append(f"  note: {scaled(observed, factor).notes[-1]}")
    lines += [f"  fit {n} over {lo:.4g} to {hi:.4g}" for n, (lo, hi) in zip(names, prior)]
    lines.append(
        f"  organization simulated: {sizes.n_employees:,} employees, {sizes.n_customers:,} customer slots"
        + (
            f" (--scale {args.scale:g} of {scenario.sizes.n_employees:,} and {scenario.sizes.n_customers:,})"
            if simulated is not scenario
            else ""
        )
        + f", {simulated.warmup} warm-up + {observed.months} months a run"
    )
    total = args.points * args.replications * args.waves
    lines.append(
        f"  work: at most {args.waves} waves x {args.points} parameter sets x {args.replications} replications "
        f"= {total:,} model runs (it stops early once enough plausible sets are found)"
    )
    middle = prior.mean(axis=1)[None, :]

    def sample(n: int) -> int:  # n runs at the middle of the prior, as one batch
        hm.evaluate(
            simulated, names, np.repeat(middle, n, axis=0), 1, args.seed, observed.months, list(observed.series)
        )
        return n

    cells = sizes.n_customers * (simulated.warmup + observed.months)
    batch = args.points * args.replications
    lines.append("  " + estimate_line(sample, cells, batch, args.waves, total, "model runs at most"))
    return lines


def register(sub) -> None:
    from ..runs.cli import add_allow_long
    from .data import MAX_MONTHLY_RATE, UNITS

    c = sub.add_parser("calibrate", help="fit environment parameters to an organization's monthly data")
    c.add_argument(
        "data",
        help="tidy CSV: month, series, value[, sd]; series and units: "
        + "; ".join(f"{k}: {u}" for k, u in UNITS.items()),
    )
    c.add_argument(
        "--rates-per",
        choices=("month", "year"),
        default=None,
        help="the unit of churn_rate and employee_turnover in the data (default: monthly, and a median above "
        f"{MAX_MONTHLY_RATE:g} is refused as likely annual); year: convert to monthly, 1 - (1 - r)^(1/12)",
    )
    c.add_argument(
        "--scale",
        type=float,
        default=1.0,
        metavar="F",
        help="simulate an organization F times the size (0 < F <= 1: employees and customer slots) and "
        "multiply the data's counts and money (active_customers, revenue, profit) by F to match; rates "
        "and scores are kept. Faster; intervals come out wider, never narrower; the fitted scenario "
        "keeps the full sizes",
    )
    c.add_argument(
        "--check",
        action="store_true",
        help="check every input, print the plan and an estimated run time (from a short measured sample), "
        "run nothing else and write nothing",
    )
    c.add_argument("--scenario", required=True, help="the organization's base scenario (TOML)")
    c.add_argument(
        "--fit",
        nargs="+",
        default=None,
        metavar="PARAM[=LOW:HIGH]",
        help="environment parameters to fit (default: one the data inform per observed series)",
    )
    c.add_argument("--out", default=None, help="output folder (default out/calibrate_<data name>); resumes there")
    c.add_argument("--points", type=int, default=120, help="parameter sets per wave")
    c.add_argument("--replications", type=int, default=6, help="replications per parameter set")
    c.add_argument("--waves", type=int, default=6, help="at most this many waves")
    c.add_argument("--seed", type=int, default=1, help="seed of the designs and replications (default 1)")
    c.add_argument(
        "--discrepancy",
        type=float,
        default=0.02,
        help="model discrepancy, as a share of each series' level (default 0.02)",
    )
    c.add_argument("--quiet", action="store_true", help="no progress bar")
    add_allow_long(c)
    c.set_defaults(func=_calibrate)
