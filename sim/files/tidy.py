"""Monthly series in long form, (run, month, metric, value), as Parquet with units in its metadata.

The long form is what SQL engines and data-frame libraries read without special handling:
``SELECT metric, month, avg(value) FROM 'series_long.parquet' GROUP BY ALL`` in DuckDB, or
``polars.read_parquet``. Each metric's unit and meaning (sim.metrics) are in the schema metadata
under ``units`` and ``meanings`` (JSON objects keyed by metric); ``runs`` says where the run
numbers are described (the summary table of ``culturesim run``, or a sweep's parts).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from ..metrics import SERIES
from .output import atomic_write

COLUMNS = ("run", "month", "metric", "value")


def long_table(series: dict[str, np.ndarray], runs: np.ndarray | None = None, note: str = "") -> pa.Table:
    """Long table of metric -> (runs, months) arrays; ``runs`` numbers the rows (default 0..n-1)."""
    names = list(series)
    if not names:
        raise ValueError("no series to write")
    n, t = next(iter(series.values())).shape
    runs = np.arange(n) if runs is None else np.asarray(runs, dtype=np.int64)
    block_run = np.repeat(runs.astype(np.int64), t)              # one metric's rows: run-major, month-minor
    block_month = np.tile(np.arange(t, dtype=np.int32), n)
    metric = pa.DictionaryArray.from_arrays(np.repeat(np.arange(len(names), dtype=np.int32), n * t),
                                            pa.array(names, pa.string()))
    table = pa.table({
        "run": np.tile(block_run, len(names)),
        "month": np.tile(block_month, len(names)),
        "metric": metric,
        "value": np.concatenate([np.asarray(series[k], dtype=np.float64).reshape(-1) for k in names]),
    })
    units = {k: SERIES[k].unit if k in SERIES else "" for k in names}
    meanings = {k: SERIES[k].meaning if k in SERIES else "" for k in names}
    meta = {b"units": json.dumps(units).encode(), b"meanings": json.dumps(meanings).encode(),
            b"runs": note.encode()}
    return table.replace_schema_metadata(meta)


def write_long(series: dict[str, np.ndarray], path: str | Path, runs: np.ndarray | None = None,
               note: str = "") -> Path:
    """Write the long table atomically (a reader never sees half a file)."""
    table = long_table(series, runs, note)
    return atomic_write(path, lambda p: pq.write_table(table, p))


def units(path: str | Path) -> dict[str, str]:
    """The units stored in a long file's metadata."""
    return json.loads(pq.read_schema(path).metadata[b"units"])
