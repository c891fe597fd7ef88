"""The ``culturesim optimize`` command."""

from __future__ import annotations

from pathlib import Path

CANDIDATES_VALIDATED = 7  # today's policy, the five presets and the recommendation (report.validate)


def check_work(args, scenario, plausible, out: Path) -> float:
    """Counts within their bounds, the search and its validation within the time and memory
    budgets, the folder usable: before any work or writing. Returns the memory estimate (bytes)."""
    from ..files.resumable import check_job

    sets = 1  # plausible sets each candidate is judged on (Draws.make)
    if plausible is not None:
        sets = min(args.sets, int((plausible["weight"] > 0).sum()) if "weight" in plausible else len(plausible))
    runs = work(args, sets)
    draws = args.replications * sets
    return check_job(
        (
            ("population", args.population, 6),
            ("generations", args.generations, 1),
            ("replications", args.replications, 1),
            ("sets", args.sets, 1),
            ("validate", args.validate, 1),
        ),
        out=out,
        org_months=sum(runs.values()) * (scenario.months + scenario.warmup),
        sizes=scenario.sizes,
        time_flag="--population x --generations x --replications (x --sets), + --validate",
        memory=(
            (
                args.population * draws,
                scenario.months,
                "--population x --replications (x --sets), one generation",
                args.scenario,
            ),
            (runs["validate"] + runs["profile"], scenario.months, "--validate (x --sets)", args.scenario),
        ),
        allow_long=args.allow_long,
    )


def work(args, sets: int) -> dict[str, int]:
    """Model runs of each part of the job: the search, the validation of today's policy, the presets
    and the recommendation, and the near-optimal profile with the business case."""
    from .robust import GRID
    from .search import parse_levers

    profile = 1 + GRID * len(parse_levers(args.levers)) + 2
    return dict(
        search=args.population * args.generations * args.replications * sets,
        validate=CANDIDATES_VALIDATED * args.validate * sets,
        profile=profile * args.validate * sets,
    )


def _optimize(args) -> int:
    from ..files.resumable import print_check, run_with_progress
    from ..runs.runner import as_scenario
    from .search import check_limits, load_plausible, optimize, parse_levers

    scenario = as_scenario(args.scenario)  # check every input before any work or writing
    parse_levers(args.levers)
    plausible = load_plausible(scenario)
    check_limits(args.budget, args.min_loyalty)
    out = Path(args.out or Path("out") / f"optimize_{Path(args.scenario).stem}")
    memory = check_work(args, scenario, plausible, out)  # the refusals (issue 23)
    if args.check:
        return print_check(args.scenario, memory, lambda: plan(args, scenario, out))
    run_with_progress(
        lambda progress: optimize(
            scenario,
            args.budget,
            args.min_loyalty,
            args.levers,
            schedule=args.schedule,
            out=out,
            population=args.population,
            generations=args.generations,
            replications=args.replications,
            sets=args.sets,
            seed=args.seed,
            validate=args.validate,
            progress=progress,
        ),
        total=args.generations,
        unit="generation",
        desc="optimize",
        quiet=args.quiet,
        out=out,
    )
    print((out / "summary.txt").read_text(), end="")
    print(
        f"wrote {out}: front.csv, evaluated.csv, comparison.csv, near_optimal.csv, profile.csv, recommended.toml, "
        "front.png, summary.txt, provenance.json"
    )
    return 0


def plan(args, scenario, out) -> list[str]:
    """What ``optimize`` would do and about how long it would take (``--check``): runs a short sample."""
    import numpy as np

    from ..files.resumable import estimate_line
    from .problem import Draws, Space, outcomes
    from .robust import cost_words, today_costs
    from .search import check_budget, load_plausible, parse_levers

    space = Space(scenario, parse_levers(args.levers), args.schedule)
    plausible = load_plausible(scenario)
    draws = Draws.make(scenario, args.replications, args.seed, plausible, args.sets)
    today = today_costs(space, draws)
    lines = [f"plan: optimize {scenario.name} into {out}", f"  today's programme cost: {cost_words(today)}"]
    check_budget(args.budget, today)
    sets = f" x {len(draws.envs) // args.replications} plausible sets" if plausible is not None else ""
    runs = work(args, draws.n // args.replications)
    lines += [
        f"  levers searched: {', '.join(space.levers)}" + (" and a staged path" if args.schedule else ""),
        f"  search: {args.generations} generations x {args.population} candidates x {args.replications} "
        f"replications{sets} = {runs['search']:,} model runs; then {runs['validate']:,} to validate and "
        f"{runs['profile']:,} for the near-optimal ranges and the business case",
        f"  organization: {scenario.sizes.n_employees:,} employees, {scenario.sizes.n_customers:,} customer slots, "
        f"{scenario.warmup} warm-up + {scenario.months} months a run",
    ]
    X = space.point(0)[None, :]

    def sample(n: int) -> int:
        copies = -(-n // draws.n)  # whole copies of today's policy on the search's draws
        outcomes(space, np.repeat(X, copies, axis=0), draws)
        return copies * draws.n

    cells = scenario.sizes.n_customers * (scenario.months + scenario.warmup)
    batches = args.generations + 4  # + today's cost, the validation, the profile, the business case
    lines.append(
        "  " + estimate_line(sample, cells, args.population * draws.n, batches, sum(runs.values()), "model runs")
    )
    return lines


def register(sub) -> None:
    from ..runs.cli import add_allow_long
    from .search import DEFAULT_GENERATIONS, DEFAULT_POPULATION

    o = sub.add_parser("optimize", help="search the policy (and path of step changes) that pays best under limits")
    o.add_argument("scenario", help="the organization today (TOML); a calibrated one brings its plausible sets")
    o.add_argument(
        "--budget", type=float, default=None, help="most programme cost allowed, $/month (mean over the horizon)"
    )
    o.add_argument("--min-loyalty", type=float, default=None, help="least mean loyalty allowed (last 12 months, 0..1)")
    o.add_argument("--levers", nargs="+", default=None, help="levers to search (default: ten culture levers)")
    o.add_argument("--schedule", action="store_true", help="also search a staged path (1-4 stages, 3-12 months apart)")
    o.add_argument("--out", default=None, help="output folder (default out/optimize_<file name>); resumes there")
    o.add_argument(
        "--population",
        type=int,
        default=DEFAULT_POPULATION,
        help=f"candidates per generation (default {DEFAULT_POPULATION})",
    )
    o.add_argument(
        "--generations",
        type=int,
        default=DEFAULT_GENERATIONS,
        help=f"NSGA-II generations (default {DEFAULT_GENERATIONS})",
    )
    o.add_argument(
        "--check",
        action="store_true",
        help="check every input, print today's programme cost, the plan and an estimated run time (from a "
        "short measured sample), run nothing else and write nothing",
    )
    o.add_argument("--replications", type=int, default=4, help="seeds per plausible set")
    o.add_argument("--sets", type=int, default=4, help="plausible sets per candidate (calibrated scenarios)")
    o.add_argument("--validate", type=int, default=16, help="fresh replications per set for the final comparison")
    o.add_argument("--seed", type=int, default=1, help="seed of the search and its replications (default 1)")
    o.add_argument("--quiet", action="store_true", help="no progress bar")
    add_allow_long(o)
    o.set_defaults(func=_optimize)
