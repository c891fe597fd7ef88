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

from ..runs.scenario import ScenarioError

# What an organization can measure about itself, by the simulator's metric names.
OBSERVABLE: dict[str, str] = {
    "active_customers": "active customers at the end of the month",
    "churn_rate": "customers lost / active at the start of the month",
    "nps": "net promoter score (points)",
    "mean_satisfaction": "mean customer satisfaction (0..1)",
    "employee_turnover": "leavers / headcount in the month",
    "revenue": "revenue ($/month)",
    "profit": "profit ($/month)",
}
MAX_MONTHS = 1200


class DataError(ScenarioError):
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
        raise DataError(f"{source}: column {sorted(extra)[0]!r}: unknown; allowed: month, series, value, sd")
    if frame.empty:
        raise DataError(f"{source}: no rows; need at least one observed month")
    series: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    seen = set()
    for i, row in enumerate(frame.itertuples(index=False), start=2):       # row 1 is the header
        where = f"{source}: row {i}"
        name = str(row.series).strip()
        if name not in OBSERVABLE:
            raise DataError(f"{where}: series {name!r}: unknown; allowed: {', '.join(OBSERVABLE)}")
        try:
            month = float(row.month)
        except (TypeError, ValueError):
            month = math.nan
        if not (month.is_integer() and 0 <= month < MAX_MONTHS):
            raise DataError(f"{where}: month: must be a whole number in [0, {MAX_MONTHS - 1}], got {row.month!r}")
        try:
            value = float(row.value)
        except (TypeError, ValueError):
            value = math.nan
        if not math.isfinite(value):
            raise DataError(f"{where}: value: must be a finite number, got {row.value!r}")
        sd = getattr(row, "sd", math.nan)
        try:
            sd = float(sd) if sd is not None and str(sd).strip() != "" else math.nan
        except (TypeError, ValueError):
            raise DataError(f"{where}: sd: must be a number >= 0 or empty, got {sd!r}") from None
        if math.isnan(sd):
            sd = 0.0
        if not (math.isfinite(sd) and sd >= 0):
            raise DataError(f"{where}: sd: must be a number >= 0 or empty, got {sd!r}")
        if (name, month) in seen:
            raise DataError(f"{where}: {name} month {int(month)}: given twice; one value per series and month")
        seen.add((name, month))
        m, v, s = series.setdefault(name, ([], [], []))
        m.append(int(month)), v.append(value), s.append(sd)
    out = {}
    for name, (m, v, s) in series.items():
        order = np.argsort(m)
        out[name] = (np.asarray(m)[order], np.asarray(v, dtype=float)[order], np.asarray(s, dtype=float)[order])
    return Observed(out, source)


def read(path: str | Path) -> Observed:
    """Read and check a data file (CSV)."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: file not found")
    try:
        frame = pd.read_csv(path, dtype={"series": str})
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: not a readable CSV ({str(exc).splitlines()[0]})") from None
    return from_frame(frame, str(path))
