"""Monthly series in long form, (run, month, metric, value, unit, labels...), as self-describing Parquet.

The long form is what SQL engines and data-frame libraries read without special handling:
``SELECT scenario, metric, month, avg(value) FROM 'series_long.parquet' GROUP BY ALL`` in DuckDB,
or ``polars.read_parquet``. Why self-describing: a file handed to a colleague must say what it
holds without the CSV beside it. So each row carries its metric's unit (a dictionary-encoded
column: costs almost nothing) and its run's labels (the scenario, replication and seed of a run;
the design point, replication and seed of a sweep run, whose parameter values join on ``run``
from the sweep's parts). Every column has a description (Arrow field metadata, read by pyarrow and
polars), repeated in the file's key-value metadata as ``column.NAME`` for engines that show only
that (DuckDB's ``parquet_kv_metadata``), with ``month`` (recorded months counted from 0 after the
warm-up), ``units`` and ``meanings`` (JSON objects keyed by metric) and ``runs`` (where runs are
described).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from ..metrics import SERIES
from .output import atomic_write

COLUMNS = ("run", "month", "metric", "value", "unit")
MONTH_MEANING = (
    "recorded months counted from 0 after the warm-up: month 0 is the first month after the "
    "warm-up (which ran under the month-0 policy and is not recorded)"
)
DESCRIPTIONS = {
    "run": "the run (one simulated organization); see the runs note in the file's metadata",
    "month": MONTH_MEANING,
    "metric": "the monthly series; its unit is in the unit column, its meaning in the metadata key 'meanings'",
    "value": "the series' value in that month, in the unit of the unit column",
    "unit": "the unit of the value",
    "scenario": "the scenario the run belongs to (its name)",
    "replication": "the replication number within its scenario or design point (0, 1, ...)",
    "seed": "the random seed of the run",
    "point": "the design point of a sweep (parameter values: join parts/*.parquet on run)",
}


def long_table(
    series: dict[str, np.ndarray],
    runs: np.ndarray | None = None,
    note: str = "",
    labels: dict[str, np.ndarray] | None = None,
) -> pa.Table:
    """Long table of metric -> (runs, months) arrays; ``runs`` numbers the rows (default 0..n-1);
    ``labels``: name -> one value per run (scenario, replication, seed, point), repeated on its rows."""
    names = list(series)
    if not names:
        raise ValueError("no series to write")
    n, t = next(iter(series.values())).shape
    runs = np.arange(n) if runs is None else np.asarray(runs, dtype=np.int64)
    block_run = np.repeat(runs.astype(np.int64), t)  # one metric's rows: run-major, month-minor
    block_month = np.tile(np.arange(t, dtype=np.int32), n)
    which = np.repeat(np.arange(len(names), dtype=np.int32), n * t)
    units = {k: SERIES[k].unit if k in SERIES else "" for k in names}
    meanings = {k: SERIES[k].meaning if k in SERIES else "" for k in names}
    columns = {
        "run": np.tile(block_run, len(names)),
        "month": np.tile(block_month, len(names)),
        "metric": pa.DictionaryArray.from_arrays(which, pa.array(names, pa.string())),
        "value": np.concatenate([np.asarray(series[k], dtype=np.float64).reshape(-1) for k in names]),
        "unit": pa.DictionaryArray.from_arrays(which, pa.array([units[k] for k in names], pa.string())),
    }
    per_run_row = np.tile(np.repeat(np.arange(n), t), len(names))
    for key, values in (labels or {}).items():
        values = np.asarray(values)
        if values.dtype.kind in "OUS":  # text: dictionary-encoded, stored once
            codes, uniques = np.unique(values.astype(str), return_inverse=True)[1], np.unique(values.astype(str))
            columns[key] = pa.DictionaryArray.from_arrays(codes[per_run_row].astype(np.int32), pa.array(uniques))
        else:
            columns[key] = values[per_run_row]
    table = pa.table(columns)
    fields = [f.with_metadata({"description": DESCRIPTIONS.get(f.name, f.name)}) for f in table.schema]
    meta = {
        b"units": json.dumps(units).encode(),
        b"meanings": json.dumps(meanings).encode(),
        b"runs": note.encode(),
        b"month": MONTH_MEANING.encode(),
        **{f"column.{f.name}".encode(): DESCRIPTIONS.get(f.name, f.name).encode() for f in fields},
    }
    return table.cast(pa.schema(fields)).replace_schema_metadata(meta)


def write_long(
    series: dict[str, np.ndarray],
    path: str | Path,
    runs: np.ndarray | None = None,
    note: str = "",
    labels: dict[str, np.ndarray] | None = None,
) -> Path:
    """Write the long table atomically (a reader never sees half a file)."""
    table = long_table(series, runs, note, labels)
    return atomic_write(path, lambda p: pq.write_table(table, p))


def units(path: str | Path) -> dict[str, str]:
    """The units stored in a long file's metadata."""
    return json.loads(pq.read_schema(path).metadata[b"units"])
