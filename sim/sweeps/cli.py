"""The `culturesim sweep` and `culturesim analyze` subcommands (registered by sim.cli)."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import quote
from ..runs.cli import add_allow_long
from .spec import SpecError


def _sweep(args) -> int:
    import os
    from contextlib import nullcontext

    from ..files.output import check_folder, plan_time, safe_name
    from .executors import make_executor
    from .spec import design_rows, load_spec, table_bytes
    from .sweep import design_values

    spec = load_spec(args.spec)  # validate everything before any work or writing
    if args.workers is not None and args.workers < 1:
        raise SpecError(f"--workers: must be >= 1, got {args.workers}")
    cores = os.cpu_count() or 1
    if args.workers is not None and args.workers > cores:
        raise SpecError(
            f"--workers: at most {cores} (this machine's cores), got {args.workers}; "
            "for more, start a Dask cluster and give --scheduler"
        )
    if args.scheduler and args.executor not in (None, "dask"):
        raise SpecError(f"--scheduler: needs the dask executor, got --executor {args.executor}")
    if args.scheduler and not re.fullmatch(r"(tcp|tls|inproc|ws|wss)://[^\s\x00-\x1f]+", args.scheduler):
        raise SpecError(f"--scheduler: must be an address like tcp://HOST:PORT, got {quote(args.scheduler)}")
    out = check_folder(Path(args.out) if args.out else Path("out") / safe_name(Path(args.spec).stem, "sweep"))
    rows = design_rows(spec.design, spec.parameters)
    plan_time(
        rows * spec.replications * (spec.months + spec.warmup),
        spec.sizes,
        f"{args.spec}: design points x replications x months",
        args.allow_long,
    )
    try:  # started before the design is drawn: its workers start and load the core meanwhile
        executor = None if args.check else make_executor(args.executor, args.workers, args.scheduler)
    except ImportError as exc:
        raise SpecError(
            f"--workers/--scheduler: Dask is not installed ({exc.name}); "
            "install culturesim[distributed] or use --executor processes"
        ) from None
    with executor if executor is not None else nullcontext():
        X = design_values(spec)  # the sampler's refusals, before any writing
        runs = len(X) * spec.replications
        if args.check or runs > 10_000:
            from .. import limits

            print(
                f"{spec.name}: {len(X):,} design points x {spec.replications} replications = {runs:,} runs; table "
                f"about {limits.size_text(table_bytes(spec, design_rows(spec.design, spec.parameters)))}; into {out}",
                flush=True,
            )
        if executor is None:  # --check
            return 0
        from .sweep import run_spec

        table = run_spec(spec, out, executor=executor, progress=not args.quiet, X=X)
    seconds = table.manifest["wall_seconds"][-1]
    print(
        f"{spec.name}: {len(table.runs)} runs ({table.manifest['n_points']} design points x "
        f"{spec.replications} replications), {spec.design.method} design, {executor.name} executor "
        f"({executor.workers} worker(s)), {seconds:.1f} s this invocation"
    )
    long = " and series_long.parquet (run, month, metric, value)" if table.series else ""
    print(
        f"wrote {out / 'parts'}/*.parquet (one row per run){long} and {out / 'manifest.json'}; "
        f"next: culturesim analyze {out}"
    )
    return 0


def analyze_folder(
    folder: str | Path, every: int = 1, num_resamples: int = 100, top: int = 5, echo=None, per_month: bool = False
) -> list[Path]:
    """Indices (or grid means) of a finished sweep as CSV tables and PNG figures in its folder, and
    the most influential inputs per output (``ranking.csv``; printed through ``echo`` if given).

    ``per_month``: also the series outputs month by month (most of the time of a large analysis, so
    only when asked, as ``culturesim analyze --per-month``); by default only the summary outputs
    (a sweep of series alone has nothing else, and is analysed month by month). A second-order
    Sobol design also says how many pairs it resolves (and what N would resolve more), draws their
    heat map, and checks the ranking at N/2."""
    from ..files.output import write_table
    from . import methods, plots
    from .analysis import grid_means, grid_ranking, indices, ranking, ranking_text
    from .store import load_table

    folder = Path(folder)
    table = load_table(folder)
    method = table.manifest["design"]["method"]
    headline = methods.get(method).headline
    if headline is None:  # no indices (a grid): mean outputs per point
        means = grid_means(table)
        ranked = grid_ranking(means, table.parameters, table.outputs, top)
        if echo:
            echo(
                "most influential inputs per output (range of the mean over each input's grid values):\n"
                + ranking_text(ranked)
            )
        return [
            write_table(means, folder / "grid_means.csv"),
            write_table(ranked, folder / "ranking.csv"),
            plots.grid_plot(means, table.parameters, table.outputs, folder / "grid_means.png"),
        ]
    months = None
    if table.series:
        n_months = next(iter(table.series.values())).shape[1]
        months = list(range(every - 1, n_months, every))
    series = list(table.series) if per_month or not table.outputs else []
    frame = indices(table, outputs=[*table.outputs, *series], months=months, num_resamples=num_resamples)
    ranked = ranking(frame, method, top)
    if echo:
        echo(
            f"most influential inputs per output ({ranked['index'].iloc[0] if len(ranked) else '-'}"
            ", series averaged over the analysed months; +- the 95% bootstrap half-width):\n" + ranking_text(ranked)
        )
        if table.series and not series:
            echo(f"{len(table.series)} series outputs not analysed month by month (ask with --per-month)")
    files = [write_table(frame, folder / "indices.csv"), write_table(ranked, folder / "ranking.csv")]
    if table.outputs:
        files.append(plots.index_bars(frame, folder / "indices.png"))
        for name, draw in methods.get(method).figures.items():
            files.append(getattr(plots, draw)(frame, folder / name))
    if method == "sobol" and table.outputs:
        files += _sobol_honesty(table, frame, num_resamples, folder, echo)
    for output in series:
        safe = re.sub(r"[^A-Za-z0-9_.-]", "_", output)
        files.append(plots.index_heatmap(frame, output, folder / f"{headline}_over_time_{safe}.png", headline))
    return files


def _sobol_honesty(table, frame, num_resamples: int, folder: Path, echo) -> list[Path]:
    """What a Sobol design can and cannot tell: resolved second-order pairs, the ranking at N/2."""
    from . import plots
    from .analysis import per_point
    from .methods import sobol
    from .spec import DesignSpec

    design = DesignSpec(**table.manifest["design"])
    _, values = per_point(table)
    lines = sobol.stability_lines(
        dict(table.manifest["problem"]), design, {k: values[k] for k in table.outputs}, frame, 1, num_resamples
    )
    files = []
    if design.calc_second_order:
        lines = sobol.second_order_lines(frame, design.n) + lines
        files.append(plots.second_order_heatmap(frame, folder / "S2_heatmap.png"))
    if echo and lines:
        echo("\n".join(lines))
    return files


def _analyze(args) -> int:
    if args.every is not None and args.every < 1:
        raise SpecError(f"--every: must be >= 1, got {args.every}")
    if args.resamples < 1:
        raise SpecError(f"--resamples: must be >= 1, got {args.resamples}")
    if args.top < 1:
        raise SpecError(f"--top: must be >= 1, got {args.top}")
    per_month = args.per_month or args.every is not None
    files = analyze_folder(
        args.folder, every=args.every or 1, num_resamples=args.resamples, top=args.top, echo=print, per_month=per_month
    )
    print("wrote " + ", ".join(str(f) for f in files))
    return 0


def register(subparsers) -> None:
    """Add `sweep` and `analyze` to the culturesim command."""
    s = subparsers.add_parser("sweep", help="run a parameter sweep / sensitivity design from an experiment spec")
    s.add_argument("spec", help="experiment spec (TOML), see experiments/")
    where = s.add_mutually_exclusive_group()
    where.add_argument(
        "--workers",
        type=int,
        default=None,
        help="parallel workers (a local Dask cluster, or processes with --executor processes)",
    )
    where.add_argument("--scheduler", default=None, help="address of a running Dask scheduler, tcp://HOST:PORT")
    s.add_argument(
        "--executor",
        choices=("inprocess", "processes", "dask"),
        default=None,
        help="default: inprocess, or dask when --workers/--scheduler is given",
    )
    s.add_argument("--out", default=None, help="sweep folder (default out/<spec name>); re-run to resume")
    s.add_argument("--quiet", action="store_true", help="no progress bar")
    s.add_argument("--check", action="store_true", help="validate the spec and flags, print the plan, run nothing")
    add_allow_long(s)
    s.set_defaults(func=_sweep)
    a = subparsers.add_parser("analyze", help="sensitivity indices and figures of a finished sweep folder")
    a.add_argument("folder", help="a finished sweep folder (from culturesim sweep --out)")
    a.add_argument(
        "--per-month",
        action="store_true",
        help="also analyse every series output month by month (slow; default: summary outputs only)",
    )
    a.add_argument(
        "--every", type=int, default=None, help="analyse series every N-th month (implies --per-month; default 1: all)"
    )
    a.add_argument("--resamples", type=int, default=100, help="bootstrap resamples for confidence intervals")
    a.add_argument("--top", type=int, default=5, help="how many of the most influential inputs to print per output")
    a.set_defaults(func=_analyze)
