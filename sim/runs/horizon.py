"""Horizons that say what they show: has a scenario that changes on a schedule settled by the end
of the horizon?

An organization that moves up from step 1 ends its 60 months ABOVE one that always worked at
step 5 (its customers' expectations lag the quality it now delivers); the gap closes over the
following years. Reporting month 60 as the outcome would call a transient a result. So for every
scenario with a ``[[schedule]]``, ``run`` and ``compare`` also simulate its *settled counterpart*
(the same organization having always worked under its final policy, on the same seeds) and add a
one-line note when, over the last 12 months, loyalty or NPS still differ from it by at least the
smallest effect that matters (``sim.metrics.SUMMARY``) with a paired 95% interval excluding
zero. ``--months 240`` shows where it goes. A scenario without a schedule is its own counterpart.
"""

from __future__ import annotations

import numpy as np

from ..metrics import SUMMARY
from ..stats import paired_ci
from ..steps import Schedule
from .scenario import Scenario

WATCHED = {"mean_loyalty": ("loyalty", "{:.3f}", "{:+.3f}"), "nps": ("NPS", "{:+.0f}", "{:+.1f}")}
LONG_HORIZON = 240  # months suggested for the long-run view


def counterpart(s: Scenario) -> Scenario | None:
    """The scenario having always worked under its final policy (None without a schedule)."""
    if len(s.schedule.phases) < 2:
        return None
    from dataclasses import replace

    return replace(s, name=f"{s.name} [settled]", schedule=Schedule.constant(s.schedule.phases[-1].policy))


def notes(
    scenarios: list[Scenario],
    replications: int | None,
    seed: int | None,
    months: int | None,
    results=None,
    quiet: bool = True,
) -> list[str]:
    """One note per scheduled scenario still in transition at the horizon (runs the counterparts,
    with a progress bar unless ``quiet``)."""
    from .. import limits
    from .runner import run

    pairs = [(s, c) for s in scenarios if (c := counterpart(s)) is not None]
    if not pairs:
        return []
    reps = replications or pairs[0][0].replications
    held = (len(results.rows) if results is not None else 0) + 2 * len(pairs) * reps
    if limits.run_bytes(held, months or pairs[0][0].months) > limits.result_memory():
        return [
            f"whether {', '.join(s.name for s, _ in pairs)} settled by the horizon was not checked: its settled "
            "counterpart would exceed the memory budget (CULTURESIM_MEMORY); use fewer replications"
        ]
    from tqdm.auto import tqdm

    known = already_run(pairs, scenarios, results, replications, seed, months)
    todo = [c for _, c in pairs if c.name not in known]
    total = len(todo) * reps * (months or pairs[0][0].months)
    with tqdm(total=total, unit="org-month", desc="settled counterparts", disable=quiet or not todo) as bar:
        settled = run(todo, replications, seed, months, progress=bar.update) if todo else None
    ran = results if results is not None else run([s for s, _ in pairs], replications, seed, months)
    lines = []
    for s, c in pairs:
        now = ran.scenario(s.name)
        then = ran.scenario(known[c.name]) if settled is None or c.name in known else settled.scenario(c.name)
        found = []
        for key, (label, level, diff) in WATCHED.items():
            a, b = now.series[key][:, -12:].mean(axis=1), then.series[key][:, -12:].mean(axis=1)
            mean, lo, hi = paired_ci(a, b)
            if abs(mean) >= (SUMMARY[key].smallest or 0.0) and (lo > 0 or hi < 0):
                found.append(
                    f"{label} {level.format(a.mean())} vs {level.format(b.mean())} "
                    f"({diff.format(mean)}, 95% CI {diff.format(lo)}..{diff.format(hi)})"
                )
        if found:
            lines.append(
                f"{s.name} has not settled at month {ran.months}: over the last 12 months, against the same "
                f"organization having always worked under its final policy, {'; '.join(found)}; the "
                f"horizon shows a transient, not where it ends (try --months {LONG_HORIZON})"
            )
    return lines


def already_run(pairs, scenarios: list[Scenario], results, replications, seed, months) -> dict[str, str]:
    """Counterpart name -> the name of a scenario in ``results`` that is the same run (environment,
    schedule, sizes, warm-up, months and seeds): its series are the counterpart's, so it is not simulated again
    (compare's step-5 scenario is the settled counterpart of a move up to step 5)."""
    from ..core import derive_seeds

    if results is None or results.months != (months or pairs[0][0].months):
        return {}
    found = {}
    for _, c in pairs:
        seeds = derive_seeds(seed if seed is not None else c.seed, replications or c.replications).astype(np.int64)
        for other in scenarios:
            same = (other.env, other.schedule, other.sizes, other.warmup) == (c.env, c.schedule, c.sizes, c.warmup)
            if same and np.array_equal(results.rows.loc[results.rows["scenario"] == other.name, "seed"], seeds):
                found[c.name] = other.name
                break
    return found
