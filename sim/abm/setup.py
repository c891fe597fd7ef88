"""Turn CultureModel's keyword arguments into a Scenario (what batch_run and SolaraViz pass in)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..params import ENVIRONMENT, LEVERS, replace
from ..runs.scenario import Scenario, load
from ..steps import Phase, Schedule, step_policy


def parse_schedule(schedule) -> Schedule:
    """A Schedule from (month, step) pairs, or from text like "0:1, 12:3" (one value for batch_run)."""
    if isinstance(schedule, Schedule):
        return schedule
    if isinstance(schedule, str):
        try:
            schedule = [tuple(int(x) for x in part.split(":")) for part in schedule.split(",") if part.strip()]
        except ValueError:
            raise ValueError(f"schedule: expected 'month:step, month:step', got {schedule!r}") from None
    pairs = [tuple(p) for p in schedule]
    if any(len(p) != 2 for p in pairs):
        raise ValueError(f"schedule: expected (month, step) pairs, got {schedule!r}")
    return Schedule(tuple(Phase(int(month), step_policy(int(step))) for month, step in pairs))


def seed_of(rng, default: int) -> int:
    """The core's scenario seed: an int rng is the seed itself; None keeps the scenario's."""
    if rng is None:
        return default
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
        if not 0 <= int(rng) < 2**63:
            raise ValueError(f"rng: a seed must be in [0, 2**63), got {rng!r}")
        return int(rng)
    if isinstance(rng, np.random.Generator):
        return int(rng.integers(2**63))
    raise TypeError(f"rng: expected an int seed, a numpy Generator or None, got {type(rng).__name__}")


def resolve(
    setup=None,
    step=None,
    schedule=None,
    months=None,
    warmup=None,
    sizes: dict | None = None,
    rng=None,
    overrides: dict | None = None,
) -> Scenario:
    """The scenario a model runs: a file or Scenario (or defaults), then keyword changes on top.

    Lever overrides apply to every phase of the schedule (a lever held fixed through a plan).
    """
    if setup is None:
        base = Scenario("custom")
    elif isinstance(setup, Scenario):
        base = setup
    elif isinstance(setup, (str, Path)):
        base = load(setup)
    else:
        raise TypeError(f"setup: expected a Scenario or a scenario file path, got {type(setup).__name__}")
    if step is not None and schedule is not None:
        raise ValueError("give either step or schedule, not both")
    plan = base.schedule
    if step is not None:
        plan = Schedule.constant(step_policy(int(step)))
    elif schedule is not None:
        plan = parse_schedule(schedule)
    overrides = dict(overrides or {})
    levers = {k: v for k, v in overrides.items() if k in LEVERS}
    env_changes = {k: v for k, v in overrides.items() if k in ENVIRONMENT}
    unknown = sorted(set(overrides) - set(levers) - set(env_changes))
    if unknown:
        raise TypeError(
            f"CultureModel: unknown parameter(s) {', '.join(unknown)}; "
            "allowed: setup, step, schedule, mode, months, warmup, n_employees, n_customers, "
            "n_suppliers, rng, and any lever or environment name (see `culturesim params`)"
        )
    if levers:
        plan = Schedule(tuple(Phase(p.month, replace(p.policy, **levers)) for p in plan.phases))
    sizes = {k: v for k, v in (sizes or {}).items() if v is not None}
    return Scenario(
        name=base.name,
        env=replace(base.env, **env_changes) if env_changes else base.env,
        schedule=plan,
        sizes=replace(base.sizes, **sizes) if sizes else base.sizes,
        months=base.months if months is None else int(months),
        seed=seed_of(rng, base.seed),
        replications=1,
        warmup=base.warmup if warmup is None else int(warmup),
        question=base.question,
        path=base.path,
    )
