"""The `culturesim` command: run scenarios, print the practices catalogue and parameters.

Every failure ends as one line on stderr and an exit status: 2 bad input (nothing computed or
written), 74 the environment (disk full, scheduler unreachable), 130 Ctrl-C; the line says what
was saved and how to resume. ``CULTURESIM_DEBUG=1`` shows the traceback of an unexpected error.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import signal
import sys
import threading
import unicodedata
from importlib import import_module

from . import limits
from .errors import CulturesimError, EnvironmentFailure, FlagError, InputError, Interrupted, quote

# flag -> (low, high): every command's numeric flags share the file bounds (sim.limits)
FLAG_LIMITS = {
    "months": limits.MONTHS,
    "replications": limits.REPLICATIONS,
    "seed": limits.SEED,
    "workers": limits.WORKERS,
    "resamples": limits.RESAMPLES,
    "every": limits.EVERY,
}

# Subcommands whose modules load pandas, SALib, Dask or Solara: registered for real only when
# chosen, so that `culturesim --help` stays fast. name -> (module with register(), one-line help).
LAZY = {
    "compare": ("sim.whatifs.cli", "compare what-if scenarios with a base, paired by seed"),
    "sweep": ("sim.sweeps.cli", "run a parameter sweep / sensitivity design from an experiment spec"),
    "analyze": ("sim.sweeps.cli", "sensitivity indices and figures of a finished sweep folder"),
    "discover": ("sim.sweeps.discover", "scenario discovery: under which conditions does a policy fail? (PRIM)"),
    "dashboard": ("sim.viz.serve", "serve the educator's browser dashboard on 127.0.0.1"),
    "calibrate": ("sim.calibration.cli", "fit environment parameters to an organization's monthly data"),
    "optimize": ("sim.optimization.cli", "search the policy (and path of step changes) that pays best under limits"),
    "init": ("sim.runs.init", "write a scenario file describing your organization in business terms"),
}


def _steps(args) -> int:
    from .steps import catalogue_text

    print(catalogue_text())
    return 0


def _params(args) -> int:
    from .params import MECHANISMS, table

    rows = table()
    order = ["sizes", "levers"] + [f"environment: {m}" for m in MECHANISMS]
    heading = {r["name"]: r["group"] if r["group"] != "environment" else f"environment: {r['mechanism']}" for r in rows}
    print(
        f"{len(rows)} parameters: "
        + ", ".join(f"{sum(r['group'] == g for r in rows)} {g}" for g in ("sizes", "levers", "environment"))
    )
    for title in order:
        group = [r for r in rows if heading[r["name"]] == title]
        print(f"\n[{title}] ({len(group)})")
        for row in group:
            print(
                f"{row['group']}.{row['name']} = {row['default']:g}  [{row['low']:g}, {row['high']:g}] {row['unit']}: "
                f"{row['meaning']} ({row['source']})"
            )
    return 0


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("culturesim")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


class Parser(argparse.ArgumentParser):
    """argparse whose errors are one line (an InputError), not usage text and sys.exit."""

    def error(self, message):
        raise InputError(f"{self.prog}: {message} (see {self.prog} --help)")


def parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line parser; the lazy subcommands are loaded in full only for ``command``
    (all of them when it is None)."""
    from .runs.cli import register as register_run  # light: its work is imported when it runs

    p = Parser(prog="culturesim", description=__doc__)
    p.add_argument(
        "--version", action="version", version=f"%(prog)s {_version()}", help="print the package version and exit"
    )
    p.add_argument(
        "--backend",
        choices=("numpy", "compiled"),
        help="the core that runs the months: compiled (numba, the default when it loads) or numpy "
        "(the reference); also CULTURESIM_BACKEND",
    )
    sub = p.add_subparsers(dest="command", required=True)
    register_run(sub)
    sub.add_parser("steps", help="print the practices catalogue and step presets").set_defaults(func=_steps)
    sub.add_parser("params", help="print every parameter with bounds and source").set_defaults(func=_params)
    chosen = LAZY[command][0] if command in LAZY else None
    for name, (module, text) in LAZY.items():
        if command is None or module == chosen:
            if name == next(n for n, (m, _) in LAZY.items() if m == module):  # a module registers all its names
                import_module(module).register(sub)
        else:
            sub.add_parser(name, help=text)
    return p


def check_flags(args) -> None:
    """Numeric flags within the bounds files have; an --out folder usable (before any work); a
    command's own ``precheck`` (set by its parser) before pandas or plotting load."""
    if getattr(args, "precheck", None) is not None:
        args.precheck(args)
    for name, value in vars(args).items():  # every numeric flag: NaN, inf and 1e400 are never meant
        if isinstance(value, float) and not math.isfinite(value):
            raise InputError(f"--{name.replace('_', '-')}: must be a finite number, got {value}")
    for name, (lo, hi) in FLAG_LIMITS.items():
        value = getattr(args, name, None)
        if value is not None and not lo <= value <= hi:
            raise FlagError(f"--{name}: must be an integer in [{lo:,}, {hi:,}], got {quote(str(value), 40)[1:-1]}")
    if hasattr(args, "out"):
        from .files.output import check_folder  # pandas: only for commands that write
    if getattr(args, "out", None) is not None:
        check_folder(args.out)
        if os.path.islink(args.out):  # say where the files really go
            print(
                f"--out {quote(str(args.out), 200)} is a link to {quote(os.path.realpath(args.out), 200)}; "
                "writing there",
                flush=True,
            )
    elif getattr(args, "func", None) is not None and hasattr(args, "out"):
        check_folder("out", "default output folder ./out")


def one_line(text: str, limit: int = 2000) -> str:
    """Control characters (newlines, ANSI escapes) escaped; cut to ``limit`` characters."""
    text = "".join(
        c if unicodedata.category(c)[0] != "C" else c.encode("unicode_escape").decode("ascii") for c in str(text)
    )
    return text if len(text) <= limit else text[:limit] + "..."


class SafeOutput:
    """stdout that shows control characters (ESC, CR, DEL, ...) escaped: a name holding an ANSI
    sequence is printed as text and cannot move the cursor or recolour the terminal."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(
            "".join(
                c if c in "\n\t" or unicodedata.category(c) != "Cc" else c.encode("unicode_escape").decode("ascii")
                for c in text
            )
        )

    def __getattr__(self, name):
        return getattr(self.stream, name)


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP: ends the command as Ctrl-C does (what was saved, in one line)."""


def _terminate(signum, frame):
    raise Terminated()


@contextlib.contextmanager
def stop_signals_as_ctrl_c():
    """SIGTERM and SIGHUP raise KeyboardInterrupt while the command runs (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.signal(s, _terminate) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def main(argv: list[str] | None = None) -> int:
    """Run the command; every failure is one line on stderr and an exit status (see module doc)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        with stop_signals_as_ctrl_c(), contextlib.redirect_stdout(SafeOutput(sys.stdout)):
            command = next(
                (a for a, before in zip(argv, [""] + argv) if not a.startswith("-") and before != "--backend"), ""
            )
            args = parser(command).parse_args(argv)
            if args.backend:
                os.environ["CULTURESIM_BACKEND"] = args.backend  # worker processes (sweeps) choose the same
            args.argv = argv  # for the provenance of reports
            check_flags(args)
            from .files.output import plain_text_figures

            with plain_text_figures():
                return args.func(args)
    except CulturesimError as exc:
        return _fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        return _fail(
            "interrupted (Ctrl-C); files are written whole or not at all, so nothing half-written "
            "was left; re-run the same command to start again",
            Interrupted.exit_code,
        )
    except (MemoryError, RecursionError) as exc:
        return _fail(
            f"out of memory or stack ({type(exc).__name__}); nothing half-written was left; "
            f"set CULTURESIM_MEMORY lower or ask for less work",
            EnvironmentFailure.exit_code,
        )
    except OSError as exc:
        if os.environ.get("CULTURESIM_DEBUG"):
            raise
        where = f" {exc.filename}" if exc.filename else ""
        return _fail(
            f"system error{where}: {exc.strerror or exc} (the machine, not the input); files are "
            "written whole or not at all; fix it and re-run the same command (a sweep resumes)",
            EnvironmentFailure.exit_code,
        )
    except Exception as exc:  # noqa: BLE001 - one line, not a traceback, for any bug
        if os.environ.get("CULTURESIM_DEBUG"):
            raise
        return _fail(
            f"internal error {type(exc).__name__}: {exc} (please report it; CULTURESIM_DEBUG=1 shows the traceback)", 1
        )


def _fail(message: str, code: int) -> int:
    print(f"culturesim: error: {one_line(message)}", file=sys.stderr, flush=True)
    return code


def entry() -> None:
    code = main()
    if code == Interrupted.exit_code:  # Ctrl-C: every file is whole or gone and the line is printed;
        sys.stdout.flush()  # skip the interpreter's teardown of Dask, pandas and pyarrow
        sys.stderr.flush()  # (a second or more on a busy machine)
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    entry()
