"""The `culturesim` command: run scenarios, print the practices catalogue and parameters."""

from __future__ import annotations

import argparse
import sys
from importlib import import_module

# Subcommands whose modules load pandas, SALib, Dask or Solara: registered for real only when
# chosen, so that `culturesim --help` stays fast. name -> (module with register(), one-line help).
LAZY = {
    "compare": ("sim.compare_cli", "compare what-if scenarios with a base, paired by seed"),
    "sweep": ("sim.sweeps.cli", "run a parameter sweep / sensitivity design from an experiment spec"),
    "analyze": ("sim.sweeps.cli", "sensitivity indices and figures of a finished sweep folder"),
    "discover": ("sim.sweeps.discover", "scenario discovery: under which conditions does a policy fail? (PRIM)"),
    "dashboard": ("sim.viz.serve", "serve the educator's browser dashboard on 127.0.0.1"),
}


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


def _version() -> str:
    from importlib import metadata
    try:
        return metadata.version("culturesim")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


def parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line parser; the lazy subcommands are loaded in full only for ``command``
    (all of them when it is None)."""
    from .run_cli import register as register_run       # light: its work is imported when it runs

    p = argparse.ArgumentParser(prog="culturesim", description=__doc__)
    p.add_argument("--version", action="version", version=f"%(prog)s {_version()}",
                   help="print the package version and exit")
    sub = p.add_subparsers(dest="command", required=True)
    register_run(sub)
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
    args.argv = argv                        # for the provenance of reports
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
