"""What a what-if changes against its base, and whether the comparison includes the cost of change.

A scenario whose month-0 policy differs from the base's has lived under that policy through the
warm-up: it compares two organizations that have *always* worked differently (the long-run
potential, with no cost of change). A scenario that starts as the base and moves its levers at a
later month (``[[schedule]]``) pays the cost of change (``environment.change_cost``) and waits for
adoption (``environment.adoption_speed``): it answers "what if we change now?".
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..params import ENVIRONMENT, LEVERS, spec
from ..steps import step_policy

COST_OF_CHANGE = "includes the cost of change"
ALWAYS = "compares organizations that always worked this way"
MIXED = "starts from a different policy and changes later (only the later change is costed)"
SAME = "the same policy as the base"
BASE = "base"


@dataclass(frozen=True)
class Change:
    """One difference from the base: from ``month`` on (0: always, warm-up included), ``name`` is
    ``base`` in the base and ``value`` in the what-if. ``group`` is 'levers' or 'environment'."""

    month: int
    group: str
    name: str
    base: float
    value: float

    @property
    def meaning(self) -> str:
        return spec(self.group, self.name)["meaning"]

    @property
    def unit(self) -> str:
        return spec(self.group, self.name)["unit"]


def kind(base, other) -> str:
    """The label of a comparison of scenario ``other`` with ``base`` (see the module docstring)."""
    if other is base or (other.schedule == base.schedule and other.env == base.env):
        return BASE if other is base else SAME
    starts_as_base = other.schedule.phases[0].policy == base.schedule.phases[0].policy and other.env == base.env
    changes_later = any(c.month > 0 for c in changes(base, other))
    if starts_as_base and changes_later:
        return COST_OF_CHANGE
    return MIXED if changes_later else ALWAYS


def changes(base, other) -> list[Change]:
    """Every difference of ``other`` from ``base``: the environment (month 0), and at each month where
    either schedule starts a phase, the levers whose target differs from the base's target then
    (a new difference, or one that ends); sorted by month."""
    out = []
    for name in ENVIRONMENT:
        a, b = getattr(base.env, name), getattr(other.env, name)
        if a != b:
            out.append(Change(0, "environment", name, a, b))
    months = sorted({p.month for p in base.schedule.phases} | {p.month for p in other.schedule.phases})
    previous: dict[str, tuple[float, float]] = {}
    for m in months:
        pa, pb = base.schedule.target_at(m), other.schedule.target_at(m)
        for name in LEVERS:
            pair = (getattr(pa, name), getattr(pb, name))
            before = previous.get(name)
            if pair != before and (pair[0] != pair[1] or (before is not None and before[0] != before[1])):
                out.append(Change(m, "levers", name, *pair))
            previous[name] = pair
    return out


def step_of(policy) -> int | None:
    """The step whose preset this policy is, or None."""
    return next((k for k in range(1, 6) if dataclasses.astuple(step_policy(k)) == dataclasses.astuple(policy)), None)


def _number(v: float) -> str:
    return f"{v:g}"


def phase_words(scenario) -> list[str]:
    """The scenario's own schedule in plain words, one line per phase."""
    lines = []
    for i, phase in enumerate(scenario.schedule.phases):
        step = step_of(phase.policy)
        what = f"step {step}'s preset" if step else "its own levers"
        when = "from the start (warm-up included)" if i == 0 else f"from month {phase.month}"
        lines.append(f"{when}: aims at {what}")
    return lines


def summary_words(base, other, limit: int = 4) -> list[str]:
    """A few lines for the terminal: per month, the levers that differ from the base."""
    by_month: dict[int, list[Change]] = {}
    for c in changes(base, other):
        by_month.setdefault(c.month, []).append(c)
    lines = []
    for month, items in by_month.items():
        when = "always (warm-up included)" if month == 0 else f"from month {month}"
        words = [f"{c.name} {_number(c.base)} -> {_number(c.value)}" for c in items[:limit]]
        more = f" and {len(items) - limit} more" if len(items) > limit else ""
        lines.append(f"{when}: " + ", ".join(words) + more)
    return lines or ["no difference from the base"]
