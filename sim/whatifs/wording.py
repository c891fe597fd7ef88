"""Words and numbers for people: outcome names with units, money in dollars, verdict lines, tables.

Used by the terminal (``run``, ``compare``) and by the HTML report, so they print the same numbers
the same way.
"""

from __future__ import annotations

import pandas as pd

from ..format import format_values
from ..metrics import SUMMARY
from .stats import BASELINE, BETTER, LEVEL, NEGLIGIBLE, UNCLEAR, WORSE

# readable names of the summary outcomes, with their units (sim.metrics.SUMMARY)
NAMES: dict[str, str] = {name: m.words for name, m in SUMMARY.items() if m.words}


def outcome_name(metric: str) -> str:
    """A readable name with its unit; every summary metric has one."""
    return SUMMARY[metric].words


def listing(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def difference_words(row) -> str:
    """'+$0.19M, 95% CI +$0.09M..+$0.29M' for one row of a comparison table."""
    d, lo, hi = format_values(row.unit, row.diff_mean, row.diff_low, row.diff_high, signed=True)
    return f"{d}, {LEVEL:.0%} CI {lo}..{hi}"


def verdicts(frame: pd.DataFrame) -> dict[str, str]:
    """One plain-language line per scenario: what the comparison includes, then better, worse,
    negligible and no clear difference, each outcome with the size and interval of its difference."""
    lines = {}
    for name, rows in frame.groupby("scenario", sort=False):
        if (rows["effect"] == BASELINE).all():
            lines[name] = f"{name}: the baseline every other scenario is compared with"
            continue
        parts = []
        for effect in (BETTER, WORSE, NEGLIGIBLE, UNCLEAR):
            words = []
            for row in rows[rows["effect"] == effect].itertuples():
                extra = ""
                if effect == NEGLIGIBLE:
                    (small,) = format_values(row.unit, row.smallest_effect)
                    extra = f"; under the {small} that matters"
                words.append(f"{row.label} ({difference_words(row)}{extra})")
            if words:
                parts.append(f"{effect} on {listing(words)}")
        label = rows["comparison"].iloc[0] if "comparison" in rows else ""
        line = f"{name}" + (f" [{label}]" if label else "") + ": " + "; ".join(parts)
        if rows["replications"].iloc[0] < 2:
            line += " (one replication: no interval, so nothing is clear)"
        lines[name] = line
    return lines


def multiple_comparisons_note(frame: pd.DataFrame) -> str:
    """How many intervals were read at once, and how many clear verdicts survive Bonferroni."""
    tests = frame[frame["effect"] != BASELINE]
    n = len(tests)
    if n == 0:
        return ""
    decided = tests[tests["effect"].isin([BETTER, WORSE])]
    kept = int(decided["clear_bonferroni"].sum()) if "clear_bonferroni" in decided else 0
    return (
        f"Multiple comparisons: {n} differences ({tests['outcome'].nunique()} outcomes x "
        f"{tests['scenario'].nunique()} what-if(s)) are each read at {LEVEL:.0%}, so about one in 20 "
        f"differences with no real effect would still look clear. {kept} of the {len(decided)} "
        f"better/worse verdicts stay clear with Bonferroni intervals at "
        f"{1 - (1 - LEVEL) / n:.2%} (column clear_bonferroni)."
    )


def format_table(frame: pd.DataFrame) -> str:
    """The comparison as a terminal table, one block per scenario."""
    lines = []
    for name, rows in frame.groupby("scenario", sort=False):
        label = rows["comparison"].iloc[0] if "comparison" in rows else ""
        lines.append(f"{name}" + (f" [{label}]" if label and label != "base" else ""))
        lines.append(
            f"  {'outcome':<40}{'mean [95% CI]':<34}{'difference vs base [95% CI]':<38}{'matters from':<14}effect"
        )
        for row in rows.itertuples():
            m, lo, hi = format_values(row.unit, row.mean, row.ci_low, row.ci_high)
            d, dlo, dhi = format_values(row.unit, row.diff_mean, row.diff_low, row.diff_high, signed=True)
            is_base = row.effect == BASELINE
            diff = "-" if is_base else f"{d} [{dlo}, {dhi}]"
            small = "" if is_base else format_values(row.unit, row.smallest_effect)[0]
            better = "" if is_base else f" ({row.better_when} is better)"
            lines.append(
                f"  {outcome_name(row.outcome):<40}{f'{m} [{lo}, {hi}]':<34}{diff:<38}{small:<14}{row.effect}{better}"
            )
    return "\n".join(lines)
