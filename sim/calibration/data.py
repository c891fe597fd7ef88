"""An organization's observed monthly series: the tidy CSV that calibration reads.

Columns: ``month`` (0 = the first month of the data, whole numbers), ``series`` (one of
``OBSERVABLE``), ``value`` and, optionally, ``sd``: the measurement error of that value (for
instance the sampling error of a survey's NPS). Missing months are simply absent rows.
Every problem is a ``DataError`` naming the file, the row or column, and what is allowed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .. import limits
from ..errors import InputError, quote, show
from ..metrics import SERIES

# What an organization can measure about itself, by the simulator's metric names (sim.metrics.SERIES).
OBSERVABLE: dict[str, str] = {name: m.observable for name, m in SERIES.items() if m.observable}
MAX_MONTHS = 1200
# What each series can be, (low, high): a count is never negative, a share lies in [0, 1], NPS in
# [-100, 100]; money within a trillion dollars a month. An ``sd`` is at most the width of its range.
RANGES: dict[str, tuple[float, float]] = {
    "active_customers": (0.0, 1e9), "churn_rate": (0.0, 1.0), "nps": (-100.0, 100.0),
    "mean_satisfaction": (0.0, 1.0), "employee_turnover": (0.0, 1.0), "revenue": (0.0, 1e12),
    "profit": (-1e12, 1e12),
}
EXCERPT = 40                  # characters of a cell quoted in a message (it may hold anything)


class DataError(InputError):
    """A bad data file: one line naming the file, the place and what is allowed."""


@dataclass(frozen=True)
class Observed:
    """Observed series: name -> (months, values, sd) arrays (sd 0 where not given)."""
    series: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]
    source: str = ""

    @property
    def months(self) -> int:
        return int(max(m.max() for m, _, _ in self.series.values())) + 1

    def frame(self) -> pd.DataFrame:
        return pd.concat([pd.DataFrame({"month": m, "series": k, "value": v, "sd": s})
                          for k, (m, v, s) in self.series.items()], ignore_index=True)


def from_frame(frame: pd.DataFrame, source: str = "data") -> Observed:
    """Check a tidy table and turn it into ``Observed``."""
    for col in ("month", "series", "value"):
        if col not in frame.columns:
            raise DataError(f"{source}: column {col!r} missing; need month, series, value[, sd]")
    extra = set(frame.columns) - {"month", "series", "value", "sd"}
    if extra:
        raise DataError(f"{source}: column {quote(sorted(map(str, extra))[0], EXCERPT)}: unknown; "
                        "allowed: month, series, value, sd")
    if frame.empty:
        raise DataError(f"{source}: no rows; need at least one observed month")
    series: dict[str, tuple[list, list, list]] = {}
    seen = set()
    for i, row in enumerate(frame.itertuples(index=False), start=2):       # row 1 is the header
        where = f"{source}: row {i}"
        name = str(row.series).strip()
        if name not in OBSERVABLE:
            raise DataError(f"{where}: series {quote(name, EXCERPT)}: unknown; allowed: {', '.join(OBSERVABLE)}")
        try:
            month = float(row.month)
        except (TypeError, ValueError):
            month = math.nan
        if not (month.is_integer() and 0 <= month < MAX_MONTHS):
            raise DataError(f"{where}: month: must be a whole number in [0, {MAX_MONTHS - 1}], got {show(row.month, EXCERPT)}")
        try:
            value = float(row.value)
        except (TypeError, ValueError):
            value = math.nan
        lo, hi = RANGES[name]
        if not (math.isfinite(value) and lo <= value <= hi):
            raise DataError(f"{where}: value: must be a finite number in [{lo:g}, {hi:g}] for {name}, got {show(row.value, EXCERPT)}")
        sd = getattr(row, "sd", math.nan)
        try:
            sd = float(sd) if sd is not None and str(sd).strip() != "" else math.nan
        except (TypeError, ValueError):
            raise DataError(f"{where}: sd: must be a number >= 0 or empty, got {show(sd, EXCERPT)}") from None
        if math.isnan(sd):
            sd = 0.0
        if not (math.isfinite(sd) and 0 <= sd <= hi - lo):
            raise DataError(f"{where}: sd: {name} needs a number in [0, {hi - lo:g}] or empty, got {show(sd, EXCERPT)}")
        if (name, month) in seen:
            raise DataError(f"{where}: {name} month {int(month)}: given twice; one value per series and month")
        seen.add((name, month))
        m, v, s = series.setdefault(name, ([], [], []))
        m.append(int(month))
        v.append(value)
        s.append(sd)
    out = {}
    for name, (m, v, s) in series.items():
        order = np.argsort(m)
        out[name] = (np.asarray(m)[order], np.asarray(v, dtype=float)[order], np.asarray(s, dtype=float)[order])
    return Observed(out, source)


def check_file(path: str | Path, error=None) -> Path:
    """A regular file of at most ``limits.DATA_BYTES`` bytes (checked before reading a byte)."""
    error = error or DataError
    path = Path(path)
    if not path.is_file():
        raise error(f"{quote(str(path), 200)[1:-1]}: file not found (or not a regular file)")
    size = path.stat().st_size
    if size > limits.DATA_BYTES:
        raise error(f"{quote(str(path), 200)[1:-1]}: file is {size:,} bytes; at most {limits.DATA_BYTES:,} allowed")
    return path


def read(path: str | Path) -> Observed:
    """Read and check a data file (CSV)."""
    path = check_file(path)
    try:
        frame = pd.read_csv(path, dtype={"series": str})
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: not a readable CSV ({quote(str(exc).splitlines()[0] if str(exc) else '', 80)[1:-1]})") from None
    return from_frame(frame, str(path))
