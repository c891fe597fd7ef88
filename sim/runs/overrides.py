"""Trying a change without writing a file: ``--set LEVER=VALUE`` and ``--set-env NAME=VALUE``.

A lever set on the command line replaces the lever in every phase of the scenario's schedule
(what ``[levers]`` in a file extending it does when the file has no schedule of its own), or, with
``from_month``, only from that month on: a scheduled change that pays the cost of change, like a
``[[schedule]]`` phase in a file. Environment values hold from month 0. A misspelt name gets a
"did you mean"; a value out of bounds names the flag and the allowed range.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable

from ..errors import FlagError, did_you_mean, quote
from ..params import ENVIRONMENT, LEVERS, check_value, spec
from ..steps import Phase, Schedule
from .scenario import Scenario


def name_value(pair: str, flag: str, example: str, what: str = "NAME") -> tuple[str, Callable[[], float]]:
    """One ``NAME=VALUE`` flag value: the name, and the value as a number once the caller has checked
    the name (one-line errors naming the flag; ``example`` e.g. ``npv=50000``)."""
    name, sep, text = pair.partition("=")
    name = name.strip()
    if not sep or not name:
        raise FlagError(f"{flag} {pair}: expected {what}=VALUE, e.g. {flag} {example}")

    def number() -> float:
        try:
            return float(text)
        except ValueError:
            raise FlagError(f"{flag} {pair}: the value must be a number, got {quote(text, 40)}") from None

    return name, number


def parse_pairs(pairs: list[str] | None, flag: str, allowed: tuple[str, ...], group: str) -> dict[str, float]:
    """NAME=VALUE strings to a checked {name: value} (one-line FlagError naming the flag)."""
    out: dict[str, float] = {}
    for pair in pairs or []:
        name, number = name_value(pair, flag, f"{allowed[0]}=0.5")
        if name not in allowed:
            other = (
                "--set-env"
                if flag == "--set" and name in ENVIRONMENT
                else "--set"
                if flag == "--set-env" and name in LEVERS
                else None
            )
            if other:
                raise FlagError(
                    f"{flag} {pair}: {name} is {'an environment parameter' if other == '--set-env' else 'a lever'}; "
                    f"use {other} {pair}"
                )
            raise FlagError(
                f"{flag} {pair}: unknown {'lever' if group == 'levers' else 'environment parameter'} "
                f"{name!r}{did_you_mean(name, allowed)}; see `culturesim params` for the allowed names"
            )
        value = number()
        if not math.isfinite(value):  # nan, inf and 1e400 (which reads as inf)
            lo, hi = spec(group, name)["bounds"]
            raise FlagError(
                f"{flag} {pair}: {name} must be a finite number in [{lo:g}, {hi:g}], "
                f"got {quote(pair.partition('=')[2], 40)}"
            )
        if spec(group, name)["integer"] and value.is_integer():
            value = int(value)
        why = check_value(group, name, value)
        if why:
            raise FlagError(f"{flag} {pair}: {name} {why}")
        out[name] = value
    return out


def apply(
    scenario: Scenario,
    levers: dict[str, float],
    env: dict[str, float],
    from_month: int | None = None,
    name: str | None = None,
) -> Scenario:
    """The scenario with the levers set (in every phase, or from ``from_month`` on) and the environment set."""
    phases = list(scenario.schedule.phases)
    if levers:
        start = from_month or 0
        if start > 0 and start not in {p.month for p in phases}:
            phases.append(Phase(start, scenario.schedule.target_at(start)))
            phases.sort(key=lambda p: p.month)
        phases = [Phase(p.month, dataclasses.replace(p.policy, **levers)) if p.month >= start else p for p in phases]
    new_env = dataclasses.replace(scenario.env, **env) if env else scenario.env
    return dataclasses.replace(
        scenario,
        schedule=Schedule(tuple(phases)),
        env=new_env,
        name=name or scenario.name,
        question="" if name else scenario.question,
        path="" if (levers or env) else scenario.path,
    )


def describe(levers: dict[str, float], env: dict[str, float], from_month: int | None) -> str:
    """A name for the command-line what-if, e.g. 'team_reward_weight=1 from month 1'."""
    words = [f"{k}={v:g}" for k, v in {**levers, **env}.items()]
    when = f" from month {from_month}" if from_month and levers else ""
    return ", ".join(words) + when
