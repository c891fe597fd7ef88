"""Write a Scenario back to a TOML file that ``sim.runs.scenario.load`` reads to the same scenario.

Calibration writes the fitted organization this way and optimisation its recommended policy.
Levers are written in full at every phase (no step preset to look up), and the environment as
the values that differ from the defaults of the code that wrote it.
"""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path

from ..files.output import atomic_write
from ..params import Environment
from .organization import derive
from .scenario import Scenario


def _escaped(text: str) -> str:
    """Text as the inside of a TOML basic string: quote, backslash and every control character
    TOML forbids (all but tab, DEL included) escaped, so any name reads back as it was."""
    return "".join(
        "\\" + c if c in '"\\' else c if c == "\t" or (ord(c) >= 0x20 and ord(c) != 0x7F) else f"\\u{ord(c):04x}"
        for c in text
    )


def _value(v) -> str:
    if isinstance(v, str):
        return '"' + _escaped(v) + '"'
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    return repr(float(v))


def _table(obj, only_changed_from=None) -> list[str]:
    lines = []
    for f in fields(obj):
        v = getattr(obj, f.name)
        if only_changed_from is not None and v == getattr(only_changed_from, f.name):
            continue
        lines.append(f"{f.name} = {_value(v)}")
    return lines


def to_toml(s: Scenario, comment: str = "") -> str:
    """The scenario as TOML text."""
    lines = [f"# {_escaped(line)}" for line in comment.splitlines()] + ["[scenario]", f"name = {_value(s.name)}"]
    if s.question:
        lines.append(f"question = {_value(s.question)}")
    base_env, organization = Environment(), []
    if s.organization is not None:  # keep the sector (plausibility ranges); write what differs from its derivation
        org = replace(s.organization, step=s.organization.today_step())
        base_env = replace(Environment(), **derive(org)[1])
        organization = [
            "",
            "[organization]",
            *(f"{f.name} = {_value(getattr(org, f.name))}" for f in fields(org) if getattr(org, f.name) is not None),
        ]
    lines += [
        f"months = {s.months}",
        f"seed = {s.seed}",
        f"replications = {s.replications}",
        f"warmup = {s.warmup}",
        "",
        "[levers]",
        *_table(s.schedule.phases[0].policy),
        "",
        "[environment]",
        *_table(s.env, base_env),
        "",
        "[sizes]",
        *_table(s.sizes),
        *organization,
    ]
    for ph in s.schedule.phases[1:]:
        lines += ["", "[[schedule]]", f"month = {ph.month}", "[schedule.levers]", *_table(ph.policy)]
    return "\n".join(lines) + "\n"


def write_scenario(s: Scenario, path: str | Path, comment: str = "") -> Path:
    text = to_toml(s, comment)
    return atomic_write(path, lambda p: p.write_text(text, encoding="utf-8"))
