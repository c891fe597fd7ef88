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
    [organization] # the firm in business terms (sim.runs.organization): sector, customers,
                   # employees, monthly_margin or monthly_revenue, loaded_wage, market_size,
                   # annual_churn, nps, annual_staff_turnover, step (today's); it derives sizes and cost
                   # parameters, and explicit [sizes] / [environment] values still win

    [[schedule]]   # later phases: from `month` on, aim at `step` (+ levers, practices)
    month = 12
    step = 5

Inheritance: a file that ``extends`` a base gets the base's values and overrides them table by
table, key by key (``[levers]``, ``[environment]``, ``[sizes]``, ``[scenario]``); ``name`` and
``question`` are never inherited. ``[[schedule]]`` in the child replaces the base's schedule as a
whole; a top-level ``schedule = []`` (before any table) drops it. A base must be valid on its own:
an error in it names the base file. Each file of a chain is read and validated once per load (a
chain of n files costs n reads), and a chain is at most ``sim.limits.EXTENDS_DEPTH`` files deep.
Files must be regular UTF-8 files of at most ``sim.limits.FILE_BYTES`` bytes.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .. import limits
from ..errors import InputError, did_you_mean, quote, show
from ..params import Environment, Policy, Sizes, check_value
from ..params import spec as param_spec
from ..steps import PRACTICE_BY_KEY, Phase, Schedule, apply_practices, step_policy
from .organization import Organization
from .organization import derive as derive_organization
from .organization import from_table as organization_from_table


class ScenarioError(InputError):
    """A bad scenario file: the message is one line naming file, key and what is allowed."""


SCENARIO_KEYS = {
    "name": str,
    "question": str,
    "extends": str,
    "step": int,
    "practices": list,
    "months": int,
    "seed": int,
    "replications": int,
    "warmup": int,
    "description": str,
}
LIMITS = {
    "step": (1, 5),
    "months": limits.MONTHS,
    "seed": limits.SEED,
    "replications": limits.REPLICATIONS,
    "warmup": limits.WARMUP,
}
TABLES = {"scenario", "levers", "environment", "sizes", "schedule", "organization"}
PHASE_KEYS = {"month", "step", "levers", "practices"}


def read_toml(path: Path, error=ScenarioError, where: str = "") -> dict[str, Any]:
    """A TOML file as a dict, or one-line ``error`` naming it: missing, not a regular file, too
    big, not UTF-8, not TOML, nested too deeply or holding an integer too long to read."""
    where = where or f"{quote(str(path), 200)[1:-1]}: "
    if "\x00" in str(path):
        raise error(f"{where}file name holds a NUL character")
    try:
        if not path.exists():
            raise error(f"{where}file not found: {quote(str(path), 200)}")
        if path.is_dir():
            raise error(f"{where}is a folder, not a file: {quote(str(path), 200)}")
        if not path.is_file():
            raise error(f"{where}not a regular file (device, pipe or socket): {quote(str(path), 200)}")
        size = path.stat().st_size
        if size > limits.FILE_BYTES:
            raise error(f"{where}file is {size:,} bytes; at most {limits.FILE_BYTES:,} allowed")
        raw = path.read_bytes()[: limits.FILE_BYTES + 1]
    except OSError as exc:
        raise error(f"{where}cannot read {quote(str(path), 200)}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(f"{where}not UTF-8 text (byte {exc.start}); save the file as UTF-8 TOML") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{where}not valid TOML: {quote(str(exc), 160)[1:-1]}") from None
    except RecursionError:
        raise error(f"{where}not valid TOML here: values nested too deeply") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise error(f"{where}not valid TOML here: {quote(str(exc), 120)[1:-1]}") from None


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
    organization: Organization | None = None

    @classmethod
    def from_step(cls, step: int, name: str | None = None, **kw) -> Scenario:
        return cls(name or f"step{step}", schedule=Schedule.constant(step_policy(step)), **kw)

    @classmethod
    def from_organization(cls, org: Organization, step: int | None = None, name: str | None = None, **kw) -> Scenario:
        """The organization at a step's preset (default: the step it is at today), with its derived
        sizes and environment."""
        sizes, env = derive_organization(org)
        step = step or org.today_step()
        return cls.from_step(
            step,
            name or f"{org.sector} at step {step}",
            organization=org,
            sizes=Sizes(**{**Sizes().__dict__, **sizes}),
            env=Environment(**{**Environment().__dict__, **env}),
            **kw,
        )


def _merged(path: Path, cache: dict, seen: tuple[Path, ...]) -> dict[str, Any]:
    """Raw TOML of a file with its ``extends`` chain merged in (child wins); each base loaded once."""
    if path in seen:
        chain = " -> ".join(p.name for p in (*seen, path))
        raise ScenarioError(f"{seen[-1]}: scenario.extends: inheritance cycle ({quote(chain, 300)[1:-1]})")
    if len(seen) >= limits.EXTENDS_DEPTH:
        raise ScenarioError(f"{seen[0]}: scenario.extends: chain deeper than {limits.EXTENDS_DEPTH} files")
    where = f"{seen[-1]}: scenario.extends: " if seen else ""
    data = read_toml(path, ScenarioError, where or f"{path}: ")
    for table in data:
        if table not in TABLES and seen:  # a base: never echo what another file holds
            raise ScenarioError(
                f"{seen[-1]}: scenario.extends: {path} is not a scenario file (it has a table or "
                f"key outside {', '.join(sorted(TABLES))})"
            )
        if table not in TABLES:
            raise ScenarioError(
                f"{path}: {quote(table)[1:-1]}: unknown table{did_you_mean(table, TABLES)}; "
                f"allowed: {', '.join(sorted(TABLES))}"
            )
        if table != "schedule" and not isinstance(data[table], dict):
            raise ScenarioError(f"{path}: {table}: must be a table [{table}]")
    base = data.get("scenario", {}).get("extends")
    if base is None:
        return data
    if not isinstance(base, str) or not base.strip():
        raise ScenarioError(f"{path}: scenario.extends: must be a file name (string), got {show(base)}")
    if "\x00" in base:
        raise ScenarioError(f"{path}: scenario.extends: file name holds a NUL character")
    if not base.lower().endswith(".toml"):
        raise ScenarioError(
            f"{path}: scenario.extends: must name a scenario file ending in .toml, got {quote(base, 200)}"
        )
    parent_path = (path.parent / base).resolve()
    parent = _load(parent_path, cache, (*seen, path))[1]  # a base must be valid on its own
    merged = {k: dict(v) if isinstance(v, dict) else v for k, v in parent.items()}
    for table, content in data.items():
        if isinstance(content, dict):
            merged.setdefault(table, {}).update(content)
        else:
            merged[table] = content
    merged.setdefault("scenario", {}).pop("extends", None)
    for inherited in ("name", "question"):  # a child names and asks its own question
        if inherited not in data.get("scenario", {}):
            merged["scenario"].pop(inherited, None)
    return merged


def check_int(path, key, value, lo, hi, error=ScenarioError):
    """A whole number within [lo, hi], or a one-line error."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise error(f"{path}: {key}: must be an integer (whole number) in [{lo}, {hi}], got {show(value)}")
    if not lo <= value <= hi:
        raise error(f"{path}: {key}: must be in [{lo}, {hi}], got {show(value)}")


_check_number = check_int


def parse_params(path, table: str, cls, raw: dict, group: str, base=None, error=ScenarioError):
    """Build a parameter dataclass from a TOML table, checking names, types and bounds (finite only)."""
    names = {f.name for f in fields(cls)}
    for key, value in raw.items():
        if key not in names:
            raise error(
                f"{path}: {table}.{quote(key)[1:-1]}: unknown key{did_you_mean(key, names)}; "
                "see `culturesim params` for the allowed names"
            )
        lo, hi = param_spec(group, key)["bounds"]
        if isinstance(value, float) and not math.isfinite(value):
            raise error(f"{path}: {table}.{key}: must be a finite number in [{lo}, {hi}], got {value}")
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 1e300:
            raise error(f"{path}: {table}.{key}: must be in [{lo}, {hi}], got {show(value)}")
        why = check_value(group, key, value)
        if why:
            raise error(f"{path}: {table}.{key}: {why.replace('must be a whole number', 'must be an integer')}")
    base = base if base is not None else cls()
    values = {f.name: getattr(base, f.name) for f in fields(cls)}
    values.update(
        {
            k: (int(v) if isinstance(getattr(base, k), int) and float(v).is_integer() else float(v))
            for k, v in raw.items()
        }
    )
    return cls(**values)


def _policy(path, where: str, step, practices, levers: dict, base: Policy | None = None) -> Policy:
    if step is not None:
        check_int(path, f"{where}.step", step, 1, 5)
        base = step_policy(step)
    policy = base or step_policy(1)
    if practices is not None:
        if not isinstance(practices, list) or not all(isinstance(p, str) for p in practices):
            raise ScenarioError(f"{path}: {where}.practices: must be a list of practice names, got {show(practices)}")
        for p in practices:
            if p not in PRACTICE_BY_KEY:
                raise ScenarioError(
                    f"{path}: {where}.practices: unknown practice {quote(p)}"
                    f"{did_you_mean(p, PRACTICE_BY_KEY)}; see `culturesim steps`"
                )
        policy = apply_practices(policy, practices)
    if not isinstance(levers, dict):
        raise ScenarioError(f"{path}: {where}.levers: must be a table, got {show(levers)}")
    return parse_params(path, f"{where}.levers" if where != "scenario" else "levers", Policy, levers, "levers", policy)


def _build(path: Path, data: dict[str, Any]) -> Scenario:
    """Validate merged TOML into a Scenario."""
    head = data.get("scenario", {})
    for key, value in head.items():
        if key not in SCENARIO_KEYS:
            raise ScenarioError(
                f"{path}: scenario.{quote(key)[1:-1]}: unknown key{did_you_mean(key, SCENARIO_KEYS)}; "
                f"allowed: {', '.join(sorted(SCENARIO_KEYS))}"
            )
        if key in LIMITS:
            check_int(path, f"scenario.{key}", value, *LIMITS[key])
        elif not isinstance(value, SCENARIO_KEYS[key]):
            kind = {"str": "string", "list": "list"}.get(SCENARIO_KEYS[key].__name__)
            raise ScenarioError(f"{path}: scenario.{key}: must be a {kind}, got {show(value)}")
    first = _policy(path, "scenario", head.get("step", 1), head.get("practices"), data.get("levers", {}))
    phases = [Phase(0, first)]
    raw_phases = data.get("schedule", [])
    if not isinstance(raw_phases, list):
        raise ScenarioError(f"{path}: schedule: must be an array of tables [[schedule]], got {show(raw_phases)}")
    months = head.get("months", 60)
    for i, ph in enumerate(raw_phases):
        where = f"schedule[{i}]"
        if not isinstance(ph, dict):
            raise ScenarioError(f"{path}: {where}: must be a table [[schedule]], got {show(ph)}")
        for key in ph:
            if key not in PHASE_KEYS:
                raise ScenarioError(
                    f"{path}: {where}.{quote(key)[1:-1]}: unknown key{did_you_mean(key, PHASE_KEYS)}; "
                    f"allowed: {', '.join(sorted(PHASE_KEYS))}"
                )
        if "month" not in ph:
            raise ScenarioError(f"{path}: {where}.month: missing; a phase needs its start month")
        month, previous = ph["month"], phases[-1].month
        check_int(path, f"{where}.month", month, 1, months - 1)
        if month <= previous:
            raise ScenarioError(
                f"{path}: {where}.month: phases must be in month order; {month} does not come "
                f"after the previous phase's month {previous}"
            )
        policy = _policy(path, where, ph.get("step"), ph.get("practices"), ph.get("levers", {}), base=phases[-1].policy)
        phases.append(Phase(month, policy))
    org, sizes, env = _organization(path, data)
    return Scenario(
        name=head.get("name", path.stem),
        question=head.get("question", ""),
        env=parse_params(path, "environment", Environment, data.get("environment", {}), "environment", base=env),
        schedule=Schedule(tuple(phases)),
        sizes=parse_params(path, "sizes", Sizes, data.get("sizes", {}), "sizes", base=sizes),
        months=months,
        seed=head.get("seed", 1),
        replications=head.get("replications", 20),
        warmup=head.get("warmup", 24),
        path=str(path),
        organization=org,
    )


def _organization(path, data: dict):
    """(Organization or None, base Sizes, base Environment): the [organization] table's derived values
    under the file's own [sizes] and [environment]."""
    raw = data.get("organization")
    if raw is None:
        return None, None, None
    try:
        org = organization_from_table(raw)
        sizes, env = derive_organization(org)
    except ValueError as exc:
        raise ScenarioError(f"{path}: organization.{exc}") from None
    return org, Sizes(**{**Sizes().__dict__, **sizes}), Environment(**{**Environment().__dict__, **env})


def _load(path: Path, cache: dict, seen: tuple[Path, ...]) -> tuple[Scenario, dict[str, Any]]:
    """(Scenario, merged raw data) of a resolved path, from the cache when this load saw it already."""
    if path not in cache:
        data = _merged(path, cache, seen)
        cache[path] = (_build(path, data), data)
    return cache[path]


def check_months(scenarios: list[Scenario], months: int, source: str = "--months") -> None:
    """A scheduled change at or after the last simulated month would silently not happen: refuse it."""
    for s in scenarios:
        late = [p.month for p in s.schedule.phases if p.month >= months]
        if late:
            where = s.path or s.name
            raise ScenarioError(
                f"{where}: schedule: a change at month {late[0]} is cut off by {source} {months}; "
                f"use {source} {late[-1] + 1} or more to see it"
            )


def load(path: str | Path) -> Scenario:
    """Load and validate a scenario file (with its ``extends`` chain, each file read once)."""
    path = Path(path)
    if "\x00" in str(path):
        raise ScenarioError(f"{quote(str(path))}: file name holds a NUL character")
    data = _merged(path.resolve(), {}, ())
    return _build(path, data)
