"""The `culturesim` command: run scenarios, print the practices catalogue and parameters."""

from __future__ import annotations

import argparse
import sys

from .compare_cli import register as register_compare
from .run_cli import register as register_run
from .scenario import ScenarioError
from .sweeps.cli import register as register_sweeps
from .sweeps.discover import register as register_discover
from .viz.serve import register as register_dashboard


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


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="culturesim", description=__doc__)
    p.add_argument("--version", action="version", version=f"%(prog)s {_version()}",
                   help="print the package version and exit")
    sub = p.add_subparsers(dest="command", required=True)
    register_run(sub)
    sub.add_parser("steps", help="print the practices catalogue and step presets").set_defaults(func=_steps)
    sub.add_parser("params", help="print every parameter with bounds and source").set_defaults(func=_params)
    register_compare(sub)
    register_sweeps(sub)
    register_discover(sub)
    register_dashboard(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)     # for the provenance of reports
    for name in ("months", "replications", "seed"):
        value = getattr(args, name, None)
        if value is not None and value < (0 if name == "seed" else 1):
            print(f"culturesim: error: --{name}: must be {'>= 0' if name == 'seed' else '>= 1'}, got {value}",
                  file=sys.stderr)
            return 2
    try:
        return args.func(args)
    except ScenarioError as exc:
        print(f"culturesim: error: {exc}", file=sys.stderr)
        return 2


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry()
