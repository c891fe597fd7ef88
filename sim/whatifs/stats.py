"""What-if statistics: every scenario against the first, paired by seed, with an effect that says how big.

Replication r of every scenario runs on the same seed (common random numbers, see sim.core.rng),
so the difference of an outcome is taken replication by replication and its 95% interval is the
paired t interval (``sim.stats.paired_ci``: the interval of ``scipy.stats.ttest_rel``). The effect
of a what-if on an outcome is:

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
from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..metrics import SUMMARY
from ..runs.results import Results
from ..runs.runner import as_scenario
from ..runs.scenario import Scenario, ScenarioError, check_months
from ..stats import mean_ci, paired_ci
from .changes import kind

# the summary metrics a what-if is judged on (sim.metrics.SUMMARY, those with a smallest effect):
# name -> (plain name, +1 when higher is better, -1 when lower is better)
OUTCOMES: dict[str, tuple[str, int]] = {
    name: (m.label, m.better) for name, m in SUMMARY.items() if m.smallest is not None
}
# the smallest difference that matters, in the outcome's unit (see the module docstring)
SMALLEST_EFFECT: dict[str, float] = {name: m.smallest for name, m in SUMMARY.items() if m.smallest is not None}

BETTER, WORSE, NEGLIGIBLE, UNCLEAR, BASELINE = "better", "worse", "negligible", "no clear difference", "baseline"
LEVEL = 0.95


def prepare(
    scenarios_or_paths, replications: int | None = None, seed: int | None = None, months: int | None = None
) -> tuple[list[Scenario], int, int, int]:
    """Load and check every scenario before anything runs; returns them with the replications,
    base seed and months that apply to all (the first scenario's unless given)."""
    if isinstance(scenarios_or_paths, (Scenario, str, Path)):
        scenarios_or_paths = [scenarios_or_paths]
    scenarios = [as_scenario(s) for s in scenarios_or_paths]
    if len(scenarios) < 2:
        raise InputError("compare needs at least two scenarios: a base and a what-if")
    first = scenarios[0]
    names: dict[str, str] = {}
    for s in scenarios:
        where = s.path or s.name
        if s.name in names:
            raise ScenarioError(
                f"{where}: scenario.name: {s.name!r} is also the name of {names[s.name]}; "
                "each compared scenario needs its own name"
            )
        names[s.name] = where
        if s.sizes != first.sizes:
            raise ScenarioError(
                f"{where}: sizes: must equal the base's ({first.sizes}) for a paired comparison, got {s.sizes}"
            )
        if s.warmup != first.warmup:
            raise ScenarioError(
                f"{where}: scenario.warmup: must equal the base's ({first.warmup}) "
                f"for a paired comparison, got {s.warmup}"
            )
    check_months(scenarios, months or first.months, "--months" if months else f"{first.path or first.name}: months")
    return (scenarios, replications or first.replications, first.seed if seed is None else seed, months or first.months)


def effect(diff: float, low: float, high: float, direction: int, smallest: float) -> str:
    """better, worse, negligible or no clear difference (see the module docstring)."""
    if not (math.isfinite(low) and math.isfinite(high)):  # one replication: no interval
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
        raise InputError(f"smallest effect for unknown outcome(s) {sorted(unknown)}; allowed: {', '.join(OUTCOMES)}")
    bad = {k: v for k, v in overrides.items() if not (isinstance(v, (int, float)) and v >= 0 and math.isfinite(v))}
    if bad:
        raise InputError(f"smallest effects must be numbers >= 0, got {bad}")
    return SMALLEST_EFFECT | {k: float(v) for k, v in overrides.items()}


def differences(
    results: Results,
    outcomes: dict[str, tuple[str, int]] = OUTCOMES,
    scenarios: list[Scenario] | None = None,
    smallest: dict[str, float] | None = None,
) -> pd.DataFrame:
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
            mean, low, high = mean_ci(x)
            diff, diff_low, diff_high = paired_ci(x, b)
            _, strict_low, strict_high = paired_ci(x, b, strict)
            is_base = name == names[0]
            rows.append(
                dict(
                    scenario=name,
                    comparison=label,
                    outcome=metric,
                    label=title,
                    unit=SUMMARY[metric].unit,
                    better_when="higher" if direction > 0 else "lower",
                    mean=mean,
                    ci_low=low,
                    ci_high=high,
                    diff_mean=diff,
                    diff_low=diff_low,
                    diff_high=diff_high,
                    smallest_effect=smallest.get(metric, 0.0),
                    effect=BASELINE
                    if is_base
                    else effect(diff, diff_low, diff_high, direction, smallest.get(metric, 0.0)),
                    clear_bonferroni=False if is_base else bool(strict_low > 0 or strict_high < 0),
                    replications=len(this),
                )
            )
    return pd.DataFrame(rows)
