"""What-if statistics: every scenario against the first, paired by seed, with an effect that says how big.

Replication r of every scenario runs on the same seed (common random numbers, see sim.core.rng),
so the difference of an outcome is taken replication by replication and its 95% interval is the
paired t interval (``scipy.stats.ttest_rel``). The effect of a what-if on an outcome is:

- *better* / *worse*: the interval excludes zero and the mean difference is at least the smallest
  effect that matters for that outcome (direction: churn, lower is better);
- *negligible*: the difference is smaller than the smallest effect that matters, even when the
  interval excludes zero (real, but too small to act on), or the whole interval lies within it;
- *no clear difference*: the interval includes zero and reaches beyond the smallest effect.

The smallest effects that matter (``SMALLEST_EFFECT``) are judgements, not estimates: about 1% of
an outcome's range in the default organization of 100 employees and 2,000 customer slots
($100k of NPV over 60 months, $25k of final-year profit, 1 point of annual churn, 0.01 on the
0-1 scales, 2 NPS points). Override them per outcome (``smallest={...}``, ``--smallest npv=50000``).

Each what-if is tested on 7 outcomes, so k what-ifs make 7 k intervals at 95%: about one in 20
differences with no real effect still looks clear. ``clear_bonferroni`` says whether a difference
also stays clear with Bonferroni intervals at 1 - 0.05 / (7 k).
"""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from .changes import kind
from ..metrics import SUMMARY
from ..runs.results import Results
from ..runs.runner import as_scenario
from ..runs.scenario import Scenario, ScenarioError

# summary metric -> (plain name, +1 when higher is better, -1 when lower is better)
OUTCOMES: dict[str, tuple[str, int]] = {
    "npv": ("NPV", +1),
    "final_year_profit": ("final-year profit", +1),
    "annual_churn": ("churn", -1),
    "mean_loyalty": ("loyalty", +1),
    "nps": ("NPS", +1),
    "engagement": ("engagement", +1),
    "culture_strength": ("culture strength", +1),
}
assert set(OUTCOMES) <= set(SUMMARY)

# the smallest difference that matters, in the outcome's unit (see the module docstring)
SMALLEST_EFFECT: dict[str, float] = {
    "npv": 100_000.0,
    "final_year_profit": 25_000.0,
    "annual_churn": 0.01,
    "mean_loyalty": 0.01,
    "nps": 2.0,
    "engagement": 0.01,
    "culture_strength": 0.01,
}
assert set(SMALLEST_EFFECT) == set(OUTCOMES)

BETTER, WORSE, NEGLIGIBLE, UNCLEAR, BASELINE = "better", "worse", "negligible", "no clear difference", "baseline"
LEVEL = 0.95


def check_months(scenarios: list[Scenario], months: int, source: str = "--months") -> None:
    """A scheduled change at or after the last simulated month would silently not happen: refuse it."""
    for s in scenarios:
        late = [p.month for p in s.schedule.phases if p.month >= months]
        if late:
            where = s.path or s.name
            raise ScenarioError(f"{where}: schedule: a change at month {late[0]} is cut off by {source} {months}; "
                                f"use {source} {late[-1] + 1} or more to see it")


def prepare(scenarios_or_paths, replications: int | None = None, seed: int | None = None,
            months: int | None = None) -> tuple[list[Scenario], int, int, int]:
    """Load and check every scenario before anything runs; returns them with the replications,
    base seed and months that apply to all (the first scenario's unless given)."""
    if isinstance(scenarios_or_paths, (Scenario, str, Path)):
        scenarios_or_paths = [scenarios_or_paths]
    scenarios = [as_scenario(s) for s in scenarios_or_paths]
    if len(scenarios) < 2:
        raise ValueError("compare needs at least two scenarios: a base and a what-if")
    first, names = scenarios[0], {}
    for s in scenarios:
        where = s.path or s.name
        if s.name in names:
            raise ScenarioError(f"{where}: scenario.name: {s.name!r} is also the name of {names[s.name]}; "
                                "each compared scenario needs its own name")
        names[s.name] = where
        if s.sizes != first.sizes:
            raise ScenarioError(f"{where}: sizes: must equal the base's ({first.sizes}) for a paired comparison, "
                                f"got {s.sizes}")
        if s.warmup != first.warmup:
            raise ScenarioError(f"{where}: scenario.warmup: must equal the base's ({first.warmup}) "
                                f"for a paired comparison, got {s.warmup}")
    check_months(scenarios, months or first.months, "--months" if months else f"{first.path or first.name}: months")
    return (scenarios, replications or first.replications, first.seed if seed is None else seed,
            months or first.months)


def paired_interval(what_if: np.ndarray, base: np.ndarray, level: float = LEVEL) -> tuple[float, float, float]:
    """Mean paired difference and its t interval (scipy.stats.ttest_rel); NaN interval with one pair,
    zero width when every pair differs by the same amount."""
    d = np.asarray(what_if, dtype=float) - np.asarray(base, dtype=float)
    mean = float(d.mean())
    if len(d) < 2:
        return mean, math.nan, math.nan
    if np.all(d == d[0]):
        return mean, mean, mean
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)     # near-constant differences: scipy warns, the interval is fine
        ci = stats.ttest_rel(what_if, base).confidence_interval(confidence_level=level)
    return mean, float(ci.low), float(ci.high)


def mean_interval(values: np.ndarray, level: float = LEVEL) -> tuple[float, float, float]:
    """Mean of one scenario's outcome and its t interval over replications."""
    x = np.asarray(values, dtype=float)
    return paired_interval(x, np.zeros_like(x), level)


def effect(diff: float, low: float, high: float, direction: int, smallest: float) -> str:
    """better, worse, negligible or no clear difference (see the module docstring)."""
    if not (math.isfinite(low) and math.isfinite(high)):      # one replication: no interval
        return UNCLEAR
    clear = low > 0 or high < 0
    if -smallest < low and high < smallest:
        return NEGLIGIBLE
    if not clear:
        return UNCLEAR
    if abs(diff) < smallest:
        return NEGLIGIBLE
    return BETTER if diff * direction > 0 else WORSE


def smallest_effects(overrides: dict[str, float] | None = None) -> dict[str, float]:
    """The defaults with the caller's overrides (outcome names checked)."""
    overrides = dict(overrides or {})
    unknown = set(overrides) - set(SMALLEST_EFFECT)
    if unknown:
        raise ValueError(f"smallest effect for unknown outcome(s) {sorted(unknown)}; allowed: {', '.join(OUTCOMES)}")
    bad = {k: v for k, v in overrides.items() if not (isinstance(v, (int, float)) and v >= 0 and math.isfinite(v))}
    if bad:
        raise ValueError(f"smallest effects must be numbers >= 0, got {bad}")
    return SMALLEST_EFFECT | {k: float(v) for k, v in overrides.items()}


def differences(results: Results, outcomes: dict[str, tuple[str, int]] = OUTCOMES,
                scenarios: list[Scenario] | None = None, smallest: dict[str, float] | None = None) -> pd.DataFrame:
    """Tidy table, one row per scenario x outcome: the mean and its 95% interval, the paired
    difference with the first scenario and its interval, the smallest effect that matters, the
    effect, whether it survives Bonferroni and the comparison's label (``sim.whatifs.changes.kind``; empty
    without ``scenarios``, which must hold the results' scenarios)."""
    summary = results.summary()
    names = results.scenarios
    smallest = smallest_effects(smallest)
    by_name = {s.name: s for s in scenarios or []}
    base = summary[summary["scenario"] == names[0]].set_index("seed")
    n_tests = len(outcomes) * (len(names) - 1)
    strict = 1 - (1 - LEVEL) / max(n_tests, 1)
    rows = []
    for name in names:
        this = summary[summary["scenario"] == name].set_index("seed")
        if not this.index.equals(base.index):
            raise ValueError(f"{name}: its replications do not share seeds with {names[0]}'s; cannot pair them")
        label = kind(by_name[names[0]], by_name[name]) if name in by_name and names[0] in by_name else ""
        for metric, (title, direction) in outcomes.items():
            x, b = this[metric].to_numpy(), base[metric].to_numpy()
            mean, low, high = mean_interval(x)
            diff, diff_low, diff_high = paired_interval(x, b)
            _, strict_low, strict_high = paired_interval(x, b, strict)
            is_base = name == names[0]
            rows.append(dict(
                scenario=name, comparison=label, outcome=metric, label=title, unit=SUMMARY[metric].unit,
                better_when="higher" if direction > 0 else "lower",
                mean=mean, ci_low=low, ci_high=high, diff_mean=diff, diff_low=diff_low, diff_high=diff_high,
                smallest_effect=smallest.get(metric, 0.0),
                effect=BASELINE if is_base else effect(diff, diff_low, diff_high, direction, smallest.get(metric, 0.0)),
                clear_bonferroni=False if is_base else bool(strict_low > 0 or strict_high < 0),
                replications=len(this)))
    return pd.DataFrame(rows)
