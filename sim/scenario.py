"""Scenario files (TOML): loading, inheritance (``extends``) and validation.

Every problem becomes a ``ScenarioError`` whose one-line message names the file, the key
and what is allowed; the CLI prints it and exits with status 2.

File shape::

    [scenario]
    name = "Step 3"            # optional; defaults to the file name
    question = "..."           # optional one-line question (what-ifs)
    extends = "base.toml"      # optional; relative to this file
    step = 3                   # the culture step at month 0 (1..5)
    practices = ["key8_misfits"]   # optional practices adopted on top of the step
    months = 60; seed = 1; replications = 20; warmup = 24

    [levers]       # overrides of the step preset
    [environment]  # overrides of the environment defaults
    [sizes]        # n_employees, n_customers, n_suppliers

    [[schedule]]   # later phases: from `month` on, aim at `step` (+ levers, practices)
    month = 12
    step = 5

Inheritance: a file that ``extends`` a base gets the base's values and overrides them table by
table, key by key (``[levers]``, ``[environment]``, ``[sizes]``, ``[scenario]``); ``name`` and
``question`` are never inherited. ``[[schedule]]`` in the child replaces the base's schedule as a
whole; a top-level ``schedule = []`` (before any table) drops it. A base must be valid on its own:
an error in it names the base file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .params import Environment, Policy, Sizes, check_value
from .steps import PRACTICE_BY_KEY, Phase, Schedule, apply_practices, step_policy


class ScenarioError(ValueError):
    """A bad scenario file: the message is one line naming file, key and what is allowed."""


SCENARIO_KEYS = {"name": str, "question": str, "extends": str, "step": int, "practices": list,
                 "months": int, "seed": int, "replications": int, "warmup": int, "description": str}
LIMITS = {"step": (1, 5), "months": (1, 1200), "seed": (0, 2 ** 63 - 1), "replications": (1, 100000),
          "warmup": (0, 600)}
TABLES = {"scenario", "levers", "environment", "sizes", "schedule"}
PHASE_KEYS = {"month", "step", "levers", "practices"}


@dataclass(frozen=True)
class Scenario:
    """A validated scenario: what to simulate and how often."""
    name: str
    env: Environment = field(default_factory=Environment)
    schedule: Schedule = field(default_factory=Schedule)
    sizes: Sizes = field(default_factory=Sizes)
    months: int = 60
    seed: int = 1
    replications: int = 20
    warmup: int = 24
    question: str = ""
    path: str = ""

    @classmethod
    def from_step(cls, step: int, name: str | None = None, **kw) -> "Scenario":
        return cls(name or f"step{step}", schedule=Schedule.constant(step_policy(step)), **kw)


def _read(path: Path, seen: tuple[Path, ...]) -> dict[str, Any]:
    """Raw TOML of a file with its ``extends`` chain merged in (child wins)."""
    if path in seen:
        chain = " -> ".join(p.name for p in (*seen, path))
        raise ScenarioError(f"{seen[-1]}: scenario.extends: inheritance cycle ({chain})")
    if not path.is_file():
        where = f"{seen[-1]}: scenario.extends: " if seen else f"{path}: "
        raise ScenarioError(f"{where}file not found: {path}")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{path}: not valid TOML: {exc}") from None
    for table in data:
        if table not in TABLES:
            raise ScenarioError(f"{path}: {table}: unknown table; allowed: {', '.join(sorted(TABLES))}")
        if table != "schedule" and not isinstance(data[table], dict):
            raise ScenarioError(f"{path}: {table}: must be a table [{table}]")
    base = data.get("scenario", {}).get("extends")
    if base is None:
        return data
    if not isinstance(base, str):
        raise ScenarioError(f"{path}: scenario.extends: must be a file name (string)")
    parent_path = (path.parent / base).resolve()
    parent = _read(parent_path, (*seen, path))
    load(parent_path)       # a base must be valid on its own, so its errors name its own file
    merged = {k: dict(v) if isinstance(v, dict) else v for k, v in parent.items()}
    for table, content in data.items():
        if isinstance(content, dict):
            merged.setdefault(table, {}).update(content)
        else:
            merged[table] = content
    merged["scenario"].pop("extends", None)
    for inherited in ("name", "question"):          # a child names and asks its own question
        if inherited not in data.get("scenario", {}):
            merged["scenario"].pop(inherited, None)
    return merged


def _check_number(path, key, value, lo, hi):
    if isinstance(value, bool) or not isinstance(value, int):
        raise ScenarioError(f"{path}: {key}: must be a whole number in [{lo}, {hi}], got {value!r}")
    if not lo <= value <= hi:
        raise ScenarioError(f"{path}: {key}: must be in [{lo}, {hi}], got {value!r}")


def parse_params(path, table: str, cls, raw: dict, group: str, base=None):
    """Build a parameter dataclass from a TOML table, checking names, types and bounds."""
    names = {f.name for f in fields(cls)}
    for key, value in raw.items():
        if key not in names:
            raise ScenarioError(f"{path}: {table}.{key}: unknown key; see `culturesim params` for the allowed names")
        why = check_value(group, key, value)
        if why:
            raise ScenarioError(f"{path}: {table}.{key}: {why}")
    base = base if base is not None else cls()
    values = {f.name: getattr(base, f.name) for f in fields(cls)}
    values.update({k: (int(v) if isinstance(getattr(base, k), int) and float(v).is_integer() else float(v))
                   for k, v in raw.items()})
    return cls(**values)


def _policy(path, where: str, step, practices, levers: dict, base: Policy | None = None) -> Policy:
    if step is not None:
        _check_number(path, f"{where}.step", step, 1, 5)
        base = step_policy(step)
    policy = base or step_policy(1)
    if practices is not None:
        if not isinstance(practices, list) or not all(isinstance(p, str) for p in practices):
            raise ScenarioError(f"{path}: {where}.practices: must be a list of practice names")
        for p in practices:
            if p not in PRACTICE_BY_KEY:
                raise ScenarioError(f"{path}: {where}.practices: unknown practice {p!r}; see `culturesim steps`")
        policy = apply_practices(policy, practices)
    if not isinstance(levers, dict):
        raise ScenarioError(f"{path}: {where}.levers: must be a table")
    return parse_params(path, f"{where}.levers" if where != "scenario" else "levers", Policy, levers, "levers", policy)


def load(path: str | Path) -> Scenario:
    """Load and validate a scenario file (with its ``extends`` chain)."""
    path = Path(path)
    data = _read(path.resolve(), ())
    head = data.get("scenario", {})
    for key, value in head.items():
        if key not in SCENARIO_KEYS:
            raise ScenarioError(f"{path}: scenario.{key}: unknown key; allowed: {', '.join(sorted(SCENARIO_KEYS))}")
        if key in LIMITS:
            _check_number(path, f"scenario.{key}", value, *LIMITS[key])
        elif not isinstance(value, SCENARIO_KEYS[key]):
            raise ScenarioError(f"{path}: scenario.{key}: must be a {SCENARIO_KEYS[key].__name__}, got {value!r}")
    first = _policy(path, "scenario", head.get("step", 1), head.get("practices"), data.get("levers", {}))
    phases = [Phase(0, first)]
    raw_phases = data.get("schedule", [])
    if not isinstance(raw_phases, list):
        raise ScenarioError(f"{path}: schedule: must be an array of tables [[schedule]]")
    months = head.get("months", 60)
    for i, ph in enumerate(raw_phases):
        where = f"schedule[{i}]"
        if not isinstance(ph, dict):
            raise ScenarioError(f"{path}: {where}: must be a table")
        for key in ph:
            if key not in PHASE_KEYS:
                raise ScenarioError(f"{path}: {where}.{key}: unknown key; allowed: {', '.join(sorted(PHASE_KEYS))}")
        if "month" not in ph:
            raise ScenarioError(f"{path}: {where}.month: missing; a phase needs its start month")
        _check_number(path, f"{where}.month", ph["month"], phases[-1].month + 1, months - 1)
        policy = _policy(path, where, ph.get("step"), ph.get("practices"), ph.get("levers", {}),
                         base=phases[-1].policy)
        phases.append(Phase(ph["month"], policy))
    return Scenario(
        name=head.get("name", path.stem), question=head.get("question", ""),
        env=parse_params(path, "environment", Environment, data.get("environment", {}), "environment"),
        schedule=Schedule(tuple(phases)),
        sizes=parse_params(path, "sizes", Sizes, data.get("sizes", {}), "sizes"),
        months=months, seed=head.get("seed", 1), replications=head.get("replications", 20),
        warmup=head.get("warmup", 24), path=str(path))
