"""The ``culturesim compare`` command: check every input, run, print, write table, figures and report."""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd

from ..errors import FlagError
from ..runs.cli import add_allow_long, add_change_flags
from ..runs.runner import run
from .business import LeverCost, business_summary, business_table, lever_costs
from .changes import COST_OF_CHANGE, summary_words
from .compare import compare_results
from .stats import OUTCOMES, prepare, smallest_effects


def parse_smallest(pairs: list[str] | None) -> dict[str, float]:
    """--smallest OUTCOME=VALUE pairs (one-line errors with a "did you mean")."""
    from ..errors import did_you_mean
    from ..runs.overrides import name_value

    out = {}
    for pair in pairs or []:
        name, number = name_value(pair, "--smallest", "npv=50000", "OUTCOME")
        if name not in OUTCOMES:
            raise FlagError(
                f"--smallest {pair}: unknown outcome {name!r}{did_you_mean(name, OUTCOMES)}; "
                f"allowed: {', '.join(OUTCOMES)}"
            )
        out[name] = number()
    try:
        smallest_effects(out)
    except ValueError as exc:
        raise FlagError(f"--smallest: {exc}") from None
    return out


def scenarios_from_args(args):
    """The checked scenarios of a compare command line: the files (each read once), plus one made by
    --set/--set-env; their results must fit the memory budget (compare holds them all)."""
    from ..files.output import plan_memory, plan_time
    from ..params import ENVIRONMENT, LEVERS
    from ..runs import overrides

    levers = overrides.parse_pairs(args.set, "--set", LEVERS, "levers")
    env = overrides.parse_pairs(args.set_env, "--set-env", ENVIRONMENT, "environment")
    if args.from_month is not None and not levers:
        raise FlagError("--from-month: needs a lever to change (--set LEVER=VALUE)")
    if not args.others and not (levers or env):
        raise FlagError(
            "compare: give a what-if file, or a change to try with --set LEVER=VALUE / --set-env NAME=VALUE"
        )
    if args.from_month is not None and args.from_month < 1:
        raise FlagError(f"--from-month: must be >= 1, got {args.from_month}")
    from ..runs.runner import as_scenario

    scenarios = [as_scenario(p) for p in [args.base, *args.others]]  # every file checked before any work
    if levers or env:
        base = scenarios[0]
        name = f"{base.name} with {overrides.describe(levers, env, args.from_month)}"
        scenarios.append(overrides.apply(base, levers, env, args.from_month, name=name))
    scenarios, replications, seed, months = prepare(scenarios, args.replications, args.seed, args.months)
    plan_memory(
        len(scenarios) * replications,
        months,
        "--replications/--months (or the base's scenario.replications/months)",
        args.base,
    )
    plan_time(
        len(scenarios) * replications * (months + scenarios[0].warmup),
        scenarios[0].sizes,
        "--replications/--months (or the base's scenario.replications/months/warmup/sizes)",
        args.allow_long,
    )
    return scenarios, replications, seed, months


def command(args) -> int:
    from tqdm.auto import tqdm

    from ..errors import Interrupted
    from .summary import business_lines
    from .wording import format_table, multiple_comparisons_note

    smallest = parse_smallest(args.smallest)
    scenarios, replications, seed, months = scenarios_from_args(args)
    stems = [Path(p).stem for p in [args.base, *args.others]] + (["set"] if args.set or args.set_env else [])
    out = Path(args.out or Path("out") / ("compare_" + "_vs_".join(stems))[:120])
    again = "re-run the same `culturesim compare` command"
    total = len(scenarios) * replications * months
    start = time.perf_counter()
    try:
        with tqdm(total=total, unit="org-month", desc="compare", disable=args.quiet) as bar:
            results = run(scenarios, replications, seed, months, progress=bar.update)
    except KeyboardInterrupt:
        raise Interrupted(f"interrupted (Ctrl-C) during the simulation; nothing was written; {again}") from None
    frame = compare_results(results, scenarios=scenarios, smallest=smallest)
    base = scenarios[0]
    title = " vs ".join(s.name for s in scenarios)
    print(
        f"{title}: {replications} replications x {months} months, base seed {seed} "
        "(replication r of every scenario runs on the same seed)"
    )
    for s in scenarios:
        if s.question:
            print(f"question ({s.name}): {s.question}")
    labels = dict(zip(frame["scenario"], frame["comparison"]))  # sim.whatifs.changes.kind, computed once
    for s in scenarios[1:]:
        label = labels[s.name]
        note = (
            " (the long-run potential: the warm-up ran under its policy, no cost of change)"
            if label != COST_OF_CHANGE
            else ""
        )
        print(f"{s.name}: {label}{note}; " + "; ".join(summary_words(base, s)))
    summaries = business_summary(results, scenarios)
    print(
        "\nBusiness summary (money discounted to today, except the cost of change; break-even: the first month "
        "from which the what-if stays ahead of the base)"
    )
    for s, b in zip(scenarios[1:], summaries):
        print("\n".join(business_lines(b, lever_costs(base, s))))
    print("\nStatistics detail")
    print(format_table(frame))
    print("\n".join(frame.drop_duplicates("scenario")["verdict"]))
    print(multiple_comparisons_note(frame))
    simulated = time.perf_counter() - start
    start = time.perf_counter()
    notes = _notes(results, scenarios, replications, seed, months, args.quiet)
    simulated += time.perf_counter() - start  # the settled counterparts' runs

    files: list[Path] = []
    try:
        _write(args, results, frame, summaries, scenarios, title, seed, out, files, notes, simulated)
    except KeyboardInterrupt:
        saved = ", ".join(str(f) for f in files) or "nothing"
        raise Interrupted(f"interrupted (Ctrl-C) while writing; saved: {saved}; {again} to write everything") from None
    print("wrote " + ", ".join(str(f) for f in files))
    return 0


def _notes(results, scenarios, replications, seed, months, quiet) -> tuple[str, ...]:
    """Horizon notes (printed) and the base's plausibility warnings (on stderr), for the report too."""
    from ..runs.horizon import notes as horizon_notes
    from ..runs.plausibility import report as plausibility

    notes = horizon_notes(scenarios, replications, seed, months, results, quiet)
    for note in notes:
        print(f"note: {note}")
    return (*notes, *(f"warning: {w}" for w in plausibility(scenarios[0], results)))


def _write(args, results, frame, summaries, scenarios, title, seed, out, files, notes=(), simulated=None) -> None:
    """The business summary, the table, replications, long series, two figures, the report and its
    provenance (with the seconds the simulation took, ``simulated``: the runs and their settled
    counterparts, not the figures and files); ``files`` grows as each is written."""
    import json

    from ..files.output import atomic_write, write_table
    from ..files.provenance import provenance
    from ..runs.plots import change_months, plot_series
    from ..runs.results import write_long
    from .report import report_html

    base = scenarios[0]
    marks = change_months(scenarios)
    replications_table = results.summary()
    replications_table.insert(0, "run", range(len(replications_table)))  # the run of the long series file
    files.append(write_table(business_table(summaries), out / "compare_summary.csv"))
    costs = [dict(scenario=s.name, **vars(c)) for s in scenarios[1:] for c in lever_costs(base, s)]
    files.append(
        write_table(
            pd.DataFrame(costs, columns=["scenario", *LeverCost.__dataclass_fields__]), out / "compare_change_costs.csv"
        )
    )
    files.append(write_table(frame, out / "compare.csv"))
    files.append(write_table(replications_table, out / "compare_replications.csv"))
    files.append(write_long(results, out / "compare_series_long.parquet"))
    levels = plot_series(results, out / "compare.png", title=title, marks=marks)
    files.append(levels)
    differences = plot_series(results, out / "compare_difference.png", title=title, relative_to=base.name, marks=marks)
    files.append(differences)
    seeds = results.rows[results.rows["scenario"] == base.name]["seed"].tolist()
    facts = provenance(getattr(args, "argv", None), seed, seeds)
    facts["scenario files"] = ", ".join(s.path or f"(made with --set: {s.name})" for s in scenarios)
    record = out / "compare_provenance.json"
    timed = {**facts, "simulation seconds": None if simulated is None else round(simulated, 3)}
    files.append(atomic_write(record, lambda p: p.write_text(json.dumps(timed, indent=1), encoding="utf-8")))
    html = report_html(
        frame, scenarios, results, summaries, facts, board=args.board, provenance_file=record.name, notes=notes
    )
    files.append(atomic_write(out / "compare.html", lambda p: p.write_text(html, encoding="utf-8")))


def register(subparsers) -> None:
    """The ``culturesim compare`` subcommand."""
    c = subparsers.add_parser(
        "compare",
        help="compare what-if scenarios with a base, paired by seed",
        description="Compare what-if scenarios with a base, replication by replication on "
        "the same seeds. Each what-if is labelled: it either includes the cost of "
        "change (starts as the base, changes on a schedule) or compares "
        "organizations that always worked this way (the long-run potential).",
    )
    c.add_argument("base", help="the base scenario file: every other is compared with it")
    c.add_argument("others", nargs="*", help="what-if scenario files (none needed with --set/--set-env)")
    c.add_argument(
        "--replications", type=int, default=None, help="replications per scenario (default: the base file's)"
    )
    c.add_argument("--seed", type=int, default=None, help="base seed (default: the base file's)")
    c.add_argument(
        "--months",
        type=int,
        default=None,
        help="months simulated after warm-up (default: the base file's); must include every scheduled change",
    )
    add_change_flags(c, "in a what-if made from the base (every phase, or from --from-month on)")
    c.add_argument(
        "--from-month",
        type=int,
        default=None,
        metavar="M",
        help="with --set: the base switches at month M (includes the cost of change); "
        "without it the what-if has always worked that way",
    )
    c.add_argument(
        "--smallest",
        action="append",
        metavar="OUTCOME=VALUE",
        default=None,
        help="override the smallest effect that matters for an outcome (repeatable), e.g. --smallest npv=50000; "
        "defaults: " + ", ".join(f"{k}={v:g}" for k, v in smallest_effects().items()),
    )
    c.add_argument("--out", default=None, help="output folder (default out/compare_<files>)")
    c.add_argument(
        "--board",
        action="store_true",
        help="the HTML report for a board: no file paths, no seeds, no command line (they stay in "
        "compare_provenance.json beside it)",
    )
    c.add_argument("--quiet", action="store_true", help="no progress bar")
    add_allow_long(c)
    c.set_defaults(func=command)
