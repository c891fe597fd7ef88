"""The results of a run: monthly series per scenario row, summaries, tidy tables."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..metrics import SERIES, summarize


@dataclass
class Results:
    """Series are metric -> (rows, months) arrays; ``rows`` says which scenario and seed each row is."""

    series: dict[str, np.ndarray]
    rows: pd.DataFrame  # columns: scenario, replication, seed (one row per simulated organization)
    discount_rate: np.ndarray  # (rows,), for CLV

    @property
    def months(self) -> int:
        return next(iter(self.series.values())).shape[1]

    def summary(self) -> pd.DataFrame:
        """One row per simulated organization: summary metrics (see sim.metrics.SUMMARY)."""
        return pd.concat(
            [self.rows.reset_index(drop=True), pd.DataFrame(summarize(self.series, self.discount_rate))], axis=1
        )

    def to_dataframe(self, metrics: list[str] | None = None) -> pd.DataFrame:
        """Tidy wide table: one row per organization and month, one column per metric."""
        metrics = [m for m in SERIES if m in self.series] if metrics is None else metrics
        n, t = len(self.rows), self.months
        frame = self.rows.loc[self.rows.index.repeat(t)].reset_index(drop=True)
        frame.insert(len(frame.columns), "month", np.tile(np.arange(t), n))
        for m in metrics:
            frame[m] = self.series[m].reshape(-1)
        return frame

    def scenario(self, name: str) -> Results:
        """The rows of one scenario."""
        mask = (self.rows["scenario"] == name).to_numpy()
        return Results(
            {k: v[mask] for k, v in self.series.items()},
            self.rows[mask].reset_index(drop=True),
            self.discount_rate[mask],
        )

    @property
    def scenarios(self) -> list[str]:
        return list(dict.fromkeys(self.rows["scenario"]))


def write_long(results: Results, path: str | Path) -> Path:
    """Every monthly series in long form (run, month, metric, value), units in the Parquet metadata;
    run i is row i of ``results.rows`` (scenario, replication, seed)."""
    from ..files.tidy import write_long as write

    rows = results.rows
    labels = {k: rows[k].to_numpy() for k in ("scenario", "replication", "seed") if k in rows}
    return write(results.series, path, note="run i is row i of the run's summary table (column run)", labels=labels)
