"""The ``culturesim init`` command: write a scenario file describing an organization in its own terms.

From flags (``--sector insurance --customers 40000 --employees 600 --margin 45 --annual-churn 0.14
--nps 15``) or, when stdin is a terminal and a required figure is missing, a few questions. Every
value is checked with ``sim.runs.organization`` (one line, exit 2, nothing written); the culture
step is the one whose model churn and NPS are nearest the figures given (``--step`` to choose);
the file is written atomically and never over an existing one without ``--force``.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from ..errors import InputError, quote

# flag dest -> organization key
FLAGS = {
    "sector": "sector",
    "customers": "customers",
    "employees": "employees",
    "revenue": "monthly_revenue",
    "margin": "monthly_margin",
    "wage": "loaded_wage",
    "market_size": "market_size",
    "annual_churn": "annual_churn",
    "nps": "nps",
    "staff_turnover": "annual_staff_turnover",
}
QUESTIONS = (
    ("sector", "Sector ({sectors}) [b2b_services]: ", str),
    ("customers", "Active customers today: ", int),
    ("employees", "Employees today: ", int),
    ("margin", "Gross margin per customer per month, $ (blank: the sector's): ", float),
    ("annual_churn", "Share of customers lost per YEAR, e.g. 0.14 (blank: the sector's): ", float),
    ("nps", "NPS today, -100..100 (blank: unknown): ", float),
    ("staff_turnover", "Share of staff leaving per YEAR, e.g. 0.12 (blank: the sector's): ", float),
)


def _ask(args) -> None:
    """Fill the missing figures from questions on the terminal (a bad answer is a one-line error)."""
    from .profiles import SECTORS

    for dest, prompt, kind in QUESTIONS:
        if getattr(args, dest) is not None:
            continue
        text = input(prompt.format(sectors=", ".join(SECTORS))).strip()
        if not text:
            continue
        try:
            setattr(args, dest, kind(text))
        except ValueError:
            raise InputError(
                f"init: {dest}: expected {'a whole number' if kind is int else 'a number'}, got {quote(text, 40)}"
            ) from None


def organization_table(args) -> dict:
    values = {key: getattr(args, dest) for dest, key in FLAGS.items() if getattr(args, dest) is not None}
    values.setdefault("sector", "b2b_services")
    return values


def command(args) -> int:
    from dataclasses import replace

    from ..files.output import atomic_write
    from .organization import derive, from_table
    from .profiles import STEP_LADDER
    from .scenario import load

    path = Path(args.file)
    if path.exists() and not args.force:
        raise InputError(f"init: {quote(str(path), 200)} exists; choose another file or add --force to replace it")
    if (args.customers is None or args.employees is None) and sys.stdin.isatty():
        _ask(args)
    table = organization_table(args)
    try:
        org = from_table(table)
        step = args.step or org.today_step()
        org = replace(org, step=step)
        derive(org)
    except ValueError as exc:
        flag = next((f for f, k in FLAGS.items() if str(exc).startswith(k)), None)
        where = f"--{flag.replace('_', '-')} ({FLAGS[flag]})" if flag else "init"
        raise InputError(f"{where}: {str(exc).split(': ', 1)[-1]}") from None
    rung = STEP_LADDER[step]
    given = org.annual_churn is not None or org.nps is not None
    why = (
        f"step {step} chosen with --step"
        if args.step
        else f"step {step}: the model's churn {rung.annual_churn:.0%} a year and NPS {rung.nps:+.0f} at this step "
        "are the nearest to the figures given"
        if given
        else f"step {step}: the typical step of the sector (give --annual-churn or --nps to place it)"
    )
    why += (
        "; organization.step is the step today, from which sizes and costs are derived; scenario.step is "
        "the step simulated, change it for a what-if"
    )
    text = to_toml(
        org,
        step,
        args.name or f"{org.profile.name}, {org.customers:,} customers",
        why,
        " ".join(getattr(args, "argv", None) or []),
    )
    atomic_write(path, lambda p: p.write_text(text, encoding="utf-8"))
    scenario = load(path)  # the file reads back as written
    print(
        f"wrote {path}: {why}; {scenario.sizes.n_customers:,} customer slots, {scenario.sizes.n_employees:,} "
        f"employees, value_mean {scenario.env.value_mean:,.2f} $/month, wage {scenario.env.wage:,.0f} $/month; "
        f"next: culturesim run {path}"
    )
    return 0


def _toml_value(v) -> str:
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(v)


def to_toml(org, step: int, name: str, why: str, command_line: str) -> str:
    """The scenario text: [scenario] with the step, [organization] with the figures given."""
    from dataclasses import fields

    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"# Written by `culturesim init` on {when}" + (f": culturesim {command_line}" if command_line else ""),
        "# The organization in its own terms: sizes and cost parameters are derived from [organization]",
        "# (sim/runs/organization.py; sector figures and their sources: sim/runs/profiles.py). A value",
        "# set in [sizes] or [environment] overrides the derived one.",
        f"# {why}",
        "[scenario]",
        f"name = {_toml_value(name)}",
        f"step = {step}",
        "months = 60",
        "seed = 1",
        "replications = 20",
        "",
        "[organization]",
    ]
    lines += [
        f"{f.name} = {_toml_value(getattr(org, f.name))}" for f in fields(org) if getattr(org, f.name) is not None
    ]
    return "\n".join(lines) + "\n"


def register(subparsers) -> None:
    """The ``culturesim init`` subcommand."""
    i = subparsers.add_parser(
        "init",
        help="write a scenario file describing your organization in business terms",
        description="Write a scenario file with an [organization] table from flags, or from a few "
        "questions when stdin is a terminal. Rates are per YEAR.",
    )
    i.add_argument("file", help="the scenario file to write (TOML), e.g. my_organization.toml")
    i.add_argument("--sector", default=None, help="b2b_services (default), insurance, telecom or hospitality")
    i.add_argument("--customers", type=int, default=None, help="active customers today")
    i.add_argument("--employees", type=int, default=None, help="employees today")
    i.add_argument("--margin", type=float, default=None, help="gross margin per customer per month, $")
    i.add_argument(
        "--revenue", type=float, default=None, help="revenue per customer per month, $ (instead of --margin)"
    )
    i.add_argument(
        "--wage", type=float, default=None, help="loaded wage per employee per month, $ (default: the sector's)"
    )
    i.add_argument("--market-size", type=int, default=None, help="customers the organization could win")
    i.add_argument("--annual-churn", type=float, default=None, help="share of customers lost per YEAR, e.g. 0.14")
    i.add_argument("--nps", type=float, default=None, help="net promoter score today, -100..100")
    i.add_argument("--staff-turnover", type=float, default=None, help="share of staff leaving per YEAR, e.g. 0.12")
    i.add_argument(
        "--step",
        type=int,
        choices=range(1, 6),
        default=None,
        help="culture step today (default: the one whose model churn and NPS are nearest yours, "
        "else the sector's typical step)",
    )
    i.add_argument("--name", default=None, help="scenario name")
    i.add_argument("--force", action="store_true", help="replace the file if it exists")
    i.set_defaults(func=command)
