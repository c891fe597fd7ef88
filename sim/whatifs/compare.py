"""What-if comparisons paired by seed: ``sim.compare([base, what_if, ...])`` returns the table.

The statistics live in sim.whatifs.stats, the words in sim.whatifs.wording, the command in
sim.whatifs.cli; this module joins the first two for Python users.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from ..format import format_values
from ..runs.results import Results
from ..runs.runner import run
from ..runs.scenario import Scenario
from .stats import BASELINE, BETTER, NEGLIGIBLE, OUTCOMES, SMALLEST_EFFECT, UNCLEAR, WORSE, differences, prepare
from .wording import format_table, verdicts

__all__ = [
    "compare",
    "compare_results",
    "prepare",
    "format_table",
    "format_values",
    "verdicts",
    "OUTCOMES",
    "SMALLEST_EFFECT",
    "BETTER",
    "WORSE",
    "NEGLIGIBLE",
    "UNCLEAR",
    "BASELINE",
]


def compare_results(
    results: Results,
    outcomes: dict[str, tuple[str, int]] = OUTCOMES,
    scenarios: list[Scenario] | None = None,
    smallest: dict[str, float] | None = None,
) -> pd.DataFrame:
    """The table of ``sim.whatifs.stats.differences`` with each scenario's verdict line."""
    frame = differences(results, outcomes, scenarios, smallest)
    frame["verdict"] = frame["scenario"].map(verdicts(frame))
    return frame


def compare(
    scenarios_or_paths,
    replications: int | None = None,
    seed: int | None = None,
    months: int | None = None,
    progress: Callable[[int], None] | None = None,
    smallest: dict[str, float] | None = None,
) -> pd.DataFrame:
    """Run scenarios (objects or TOML paths) and compare each with the first, paired by seed.

    ``smallest`` overrides the smallest effect that matters per outcome (see sim.whatifs.stats).
    """
    scenarios, replications, seed, months = prepare(scenarios_or_paths, replications, seed, months)
    return compare_results(
        run(scenarios, replications, seed, months, progress=progress), scenarios=scenarios, smallest=smallest
    )
