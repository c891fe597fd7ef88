"""What-if comparisons: every scenario against the first, paired by seed, with a verdict.

Replication r of every scenario runs on the same seed (common random numbers, see
sim.core.rng), so the difference of an outcome is taken replication by replication and its
95% interval is that of the paired differences. A difference is *clear* when that interval
excludes zero; whether it is *better* depends on the outcome's direction (churn: lower is
better). The first scenario's seed, replications and months apply to every scenario.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from .metrics import SUMMARY
from .results import Results
from .runner import as_scenario, run
from .scenario import Scenario, ScenarioError
from .stats import mean_ci

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

BETTER, WORSE, UNCLEAR, BASELINE = "better", "worse", "no clear difference", "baseline"


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
    return (scenarios, replications or first.replications, first.seed if seed is None else seed,
            months or first.months)


def compare(scenarios_or_paths, replications: int | None = None, seed: int | None = None,
            months: int | None = None, progress: Callable[[int], None] | None = None) -> pd.DataFrame:
    """Run scenarios (objects or TOML paths) and compare each with the first; see ``compare_results``."""
    scenarios, replications, seed, months = prepare(scenarios_or_paths, replications, seed, months)
    return compare_results(run(scenarios, replications, seed, months, progress=progress))


def _effect(diff: float, low: float, high: float, direction: int) -> str:
    clear = low > 0 or high < 0          # False for NaN intervals (fewer than two replications)
    if not clear:
        return UNCLEAR
    return BETTER if diff * direction > 0 else WORSE


def compare_results(results: Results, outcomes: dict[str, tuple[str, int]] = OUTCOMES) -> pd.DataFrame:
    """Tidy table, one row per scenario x outcome: the mean and its 95% interval, the paired
    difference with the first scenario and its 95% interval, the effect and the scenario's verdict."""
    summary = results.summary()
    names = results.scenarios
    base = summary[summary["scenario"] == names[0]].set_index("seed")
    rows = []
    for name in names:
        this = summary[summary["scenario"] == name].set_index("seed")
        if not this.index.equals(base.index):
            raise ValueError(f"{name}: its replications do not share seeds with {names[0]}'s; cannot pair them")
        for metric, (label, direction) in outcomes.items():
            mean, low, high = mean_ci(this[metric])
            diff, diff_low, diff_high = mean_ci(this[metric].to_numpy() - base[metric].to_numpy())
            rows.append(dict(
                scenario=name, outcome=metric, label=label, unit=SUMMARY[metric].unit,
                better_when="higher" if direction > 0 else "lower",
                mean=mean, ci_low=low, ci_high=high, diff_mean=diff, diff_low=diff_low, diff_high=diff_high,
                effect=BASELINE if name == names[0] else _effect(diff, diff_low, diff_high, direction),
                replications=len(this)))
    frame = pd.DataFrame(rows)
    frame["verdict"] = frame["scenario"].map(verdicts(frame))
    return frame


# ------------------------------------------------------------------ wording -----------
def format_values(unit: str, *values: float, signed: bool = False) -> list[str]:
    """Numbers of one outcome in one scale: money in M or k, points with 2 decimals, shares with 4."""
    sign = "+" if signed else ""
    finite = [abs(v) for v in values if math.isfinite(v)]
    if unit == "$":
        scale, suffix, digits = (1e6, "M", 2) if max(finite, default=0.0) >= 1e5 else (1e3, "k", 1)
        return [f"{v / scale:{sign},.{digits}f}{suffix}" if math.isfinite(v) else "n/a" for v in values]
    digits = 2 if unit == "points" else 4
    return [f"{v:{sign}.{digits}f}" if math.isfinite(v) else "n/a" for v in values]


def _listing(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def verdicts(frame: pd.DataFrame) -> dict[str, str]:
    """One plain-language line per scenario: better, worse, no clear difference, and on what.

    NPV carries its difference and interval; the other outcomes are named (the table has them).
    """
    lines = {}
    for name, rows in frame.groupby("scenario", sort=False):
        if (rows["effect"] == BASELINE).all():
            lines[name] = f"{name}: the baseline every other scenario is compared with"
            continue
        parts = []
        for effect in (BETTER, WORSE, UNCLEAR):
            words = []
            for row in rows[rows["effect"] == effect].itertuples():
                word = row.label
                if row.outcome == "npv":
                    d, lo, hi = format_values(row.unit, row.diff_mean, row.diff_low, row.diff_high, signed=True)
                    word += f" ({d}, 95% CI {lo}..{hi})"
                words.append(word)
            if words:
                parts.append(f"{effect} on {_listing(words)}")
        line = f"{name}: " + "; ".join(parts)
        if rows["replications"].iloc[0] < 2:
            line += " (one replication: no interval, so nothing is clear)"
        lines[name] = line
    return lines


def format_table(frame: pd.DataFrame) -> str:
    """The comparison as a terminal table, one block per scenario."""
    lines = []
    for name, rows in frame.groupby("scenario", sort=False):
        lines.append(f"{name}")
        lines.append(f"  {'outcome':<18}{'mean [95% CI]':<34}{'difference vs base [95% CI]':<36}effect")
        for row in rows.itertuples():
            m, lo, hi = format_values(row.unit, row.mean, row.ci_low, row.ci_high)
            d, dlo, dhi = format_values(row.unit, row.diff_mean, row.diff_low, row.diff_high, signed=True)
            better = f" ({row.better_when} is better)" if row.effect != BASELINE else ""
            diff = f"{d} [{dlo}, {dhi}]" if row.effect != BASELINE else "-"
            lines.append(f"  {row.outcome:<18}{f'{m} [{lo}, {hi}]':<34}{diff:<36}{row.effect}{better}")
    return "\n".join(lines)


# ------------------------------------------------------------------ command -----------
def _command(args) -> int:
    from tqdm.auto import tqdm

    from .output import atomic_write, write_table
    from .plots import plot_series
    from .report import report_html

    paths = [args.base, *args.others]
    scenarios, replications, seed, months = prepare(paths, args.replications, args.seed, args.months)
    total = len(scenarios) * replications * months
    with tqdm(total=total, unit="org-month", desc="compare", disable=args.quiet) as bar:
        results = run(scenarios, replications, seed, months, progress=bar.update)
    frame = compare_results(results)
    title = " vs ".join(s.name for s in scenarios)
    print(f"{title}: {replications} replications x {months} months, base seed {seed} "
          "(replication r of every scenario runs on the same seed)")
    for s in scenarios:
        if s.question:
            print(f"question ({s.name}): {s.question}")
    print(format_table(frame))
    print("\n".join(frame.drop_duplicates("scenario")["verdict"]))

    out = Path(args.out or Path("out") / ("compare_" + "_vs_".join(Path(p).stem for p in paths))[:120])
    levels = plot_series(results, out / "compare.png", title=title)
    differences = plot_series(results, out / "compare_difference.png", title=title, relative_to=scenarios[0].name)
    figures = {"The main series of each scenario over time": levels.read_bytes(),
               f"Paired differences from {scenarios[0].name} over time": differences.read_bytes()}
    html = report_html(frame, scenarios, figures, results.rows, months, seed)
    files = [write_table(frame, out / "compare.csv"),
             write_table(results.summary(), out / "compare_replications.csv"),
             levels, differences,
             atomic_write(out / "compare.html", lambda p: p.write_text(html, encoding="utf-8"))]
    print("wrote " + ", ".join(str(f) for f in files))
    return 0


def register(subparsers) -> None:
    """The ``culturesim compare`` subcommand."""
    c = subparsers.add_parser("compare", help="compare what-if scenarios with a base, paired by seed")
    c.add_argument("base", help="the base scenario file: every other is compared with it")
    c.add_argument("others", nargs="+", help="what-if scenario files")
    c.add_argument("--replications", type=int, default=None, help="default: the base file's")
    c.add_argument("--seed", type=int, default=None, help="base seed (default: the base file's)")
    c.add_argument("--months", type=int, default=None, help="default: the base file's")
    c.add_argument("--out", default=None, help="output folder (default out/compare_<files>)")
    c.add_argument("--quiet", action="store_true", help="no progress bar")
    c.set_defaults(func=_command)
