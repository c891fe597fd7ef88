"""An organization's observed monthly series: the tidy CSV that calibration reads.

Columns: ``month`` (0 = the first month of the data, whole numbers), ``series`` (one of
``OBSERVABLE``), ``value`` and, optionally, ``sd``: the measurement error of that value (for
instance the sampling error of a survey's NPS). Missing months are simply absent rows.
Every problem is a ``DataError`` naming the file, the row or column, and what is allowed.

Units (``UNITS``): every rate is *monthly*, as the model measures it. An annual churn given as
monthly is the commonest mistake (0.14 "a year" read as 0.14 a month means losing 84% of customers a
year), so a rate series whose median is above ``MAX_MONTHLY_RATE`` is refused unless the caller says
what it is (``rates_per``): "year" converts every rate to its monthly equivalent, 1 - (1 - r)^(1/12),
with a one-line note; "month" accepts it as monthly. Refusing rather than converting silently: a
guess about a unit would change every fitted number without anyone deciding it.
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
UNITS: dict[str, str] = {
    "active_customers": "customers (a count)",
    "churn_rate": "per month (0.01 = 1% of the month's customers lost in that month; not annual)",
    "nps": "points, -100 to 100",
    "mean_satisfaction": "0 to 1",
    "employee_turnover": "per month (leavers in the month / headcount; not annual)",
    "revenue": "$ per month",
    "profit": "$ per month",
}
RATES = ("churn_rate", "employee_turnover")  # monthly rates: checked for an annual value
SCALED = ("active_customers", "revenue", "profit")  # counts and money: proportional to the organization's size
MAX_MONTHLY_RATE = 0.10  # above this median a "monthly" rate loses 72% or more a year: likely annual
# What each series can be, (low, high): a count is never negative, a share lies in [0, 1], NPS in
# [-100, 100]; money within a trillion dollars a month. An ``sd`` is at most the width of its range.
RANGES: dict[str, tuple[float, float]] = {
    "active_customers": (0.0, 1e9),
    "churn_rate": (0.0, 1.0),
    "nps": (-100.0, 100.0),
    "mean_satisfaction": (0.0, 1.0),
    "employee_turnover": (0.0, 1.0),
    "revenue": (0.0, 1e12),
    "profit": (-1e12, 1e12),
}
EXCERPT = 40  # characters of a cell quoted in a message (it may hold anything)


class DataError(InputError):
    """A bad data file: one line naming the file, the place and what is allowed."""


@dataclass(frozen=True)
class Observed:
    """Observed series: name -> (months, values, sd) arrays (sd 0 where not given)."""

    series: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]
    source: str = ""
    notes: tuple[str, ...] = ()  # one line per conversion made (units, scale)

    @property
    def months(self) -> int:
        return int(max(m.max() for m, _, _ in self.series.values())) + 1

    def frame(self) -> pd.DataFrame:
        return pd.concat(
            [pd.DataFrame({"month": m, "series": k, "value": v, "sd": s}) for k, (m, v, s) in self.series.items()],
            ignore_index=True,
        )


def monthly(annual: np.ndarray | float) -> np.ndarray:
    """The monthly rate that compounds to an annual one."""
    return 1.0 - (1.0 - np.asarray(annual, dtype=float)) ** (1.0 / 12.0)


def check_rates(observed: Observed, rates_per: str | None = None) -> Observed:
    """Refuse a rate series that looks annual, or convert it when ``rates_per`` is "year" (see the
    module docstring); "month" accepts the values as they are."""
    if rates_per not in (None, "month", "year"):
        raise DataError(f"--rates-per {rates_per}: must be month or year")
    series, notes = dict(observed.series), list(observed.notes)
    for name in RATES:
        if name not in series:
            continue
        m, v, sd = series[name]
        if rates_per == "year":
            if np.any((v < 0) | (v >= 1)):
                raise DataError(
                    f"{observed.source}: {name}: an annual rate must be in [0, 1) to convert, "
                    f"got {v[(v < 0) | (v >= 1)][0]:g}"
                )
            slope = (1.0 - v) ** (1.0 / 12.0 - 1.0) / 12.0  # d monthly / d annual
            series[name] = (m, monthly(v), sd * slope)
            notes.append(
                f"{name}: converted from annual to monthly, 1 - (1 - r)^(1/12) (median {np.median(v):.4g} "
                f"a year -> {np.median(monthly(v)):.4g} a month)"
            )
        elif rates_per is None and np.median(v) > MAX_MONTHLY_RATE:
            med = float(np.median(v))
            yearly = 1.0 - (1.0 - min(med, 1.0)) ** 12
            raise DataError(
                f"{observed.source}: {name}: read as monthly rates, the median {med:.4g} would lose "
                f"{yearly:.0%} a year. If they are annual, add --rates-per year "
                f"({med:.4g} a year is {float(monthly(min(med, 0.999))):.4g} a month); if monthly, "
                "add --rates-per month"
            )
    return Observed(series, observed.source, tuple(notes))


def scaled(observed: Observed, factor: float) -> Observed:
    """The data of an organization ``factor`` times the size: counts and money scaled, rates and
    scores unchanged (for ``calibrate --scale``)."""
    series = {
        k: ((m, v * factor, sd * factor) if k in SCALED else (m, v, sd)) for k, (m, v, sd) in observed.series.items()
    }
    moved = [k for k in observed.series if k in SCALED]
    note = (
        f"scale {factor:.4g}: {', '.join(moved)} multiplied by {factor:.4g} to match the smaller organization"
        if moved
        else f"scale {factor:.4g}: no count or money series to scale"
    )
    return Observed(series, observed.source, (*observed.notes, note))


def from_frame(frame: pd.DataFrame, source: str = "data") -> Observed:
    """Check a tidy table and turn it into ``Observed``."""
    for col in ("month", "series", "value"):
        if col not in frame.columns:
            raise DataError(f"{source}: column {col!r} missing; need month, series, value[, sd]")
    extra = set(frame.columns) - {"month", "series", "value", "sd"}
    if extra:
        raise DataError(
            f"{source}: column {quote(sorted(map(str, extra))[0], EXCERPT)}: unknown; allowed: month, series, value, sd"
        )
    if frame.empty:
        raise DataError(f"{source}: no rows; need at least one observed month")
    series: dict[str, tuple[list, list, list]] = {}
    seen = set()
    for i, row in enumerate(frame.itertuples(index=False), start=2):  # row 1 is the header
        where = f"{source}: row {i}"
        name = str(row.series).strip()
        if name not in OBSERVABLE:
            raise DataError(f"{where}: series {quote(name, EXCERPT)}: unknown; allowed: {', '.join(OBSERVABLE)}")
        try:
            month = float(row.month)
        except (TypeError, ValueError):
            month = math.nan
        if not (month.is_integer() and 0 <= month < MAX_MONTHS):
            raise DataError(
                f"{where}: month: must be a whole number in [0, {MAX_MONTHS - 1}], got {show(row.month, EXCERPT)}"
            )
        try:
            value = float(row.value)
        except (TypeError, ValueError):
            value = math.nan
        lo, hi = RANGES[name]
        if not (math.isfinite(value) and lo <= value <= hi):
            raise DataError(
                f"{where}: value: must be a finite number in [{lo:g}, {hi:g}] for {name}, got {show(row.value, EXCERPT)}"
            )
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


def read(path: str | Path, rates_per: str | None = None) -> Observed:
    """Read and check a data file (CSV), including its rates' unit (``check_rates``)."""
    path = check_file(path)
    try:
        frame = pd.read_csv(path, dtype={"series": str})
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise DataError(
            f"{path}: not a readable CSV ({quote(str(exc).splitlines()[0] if str(exc) else '', 80)[1:-1]})"
        ) from None
    return check_rates(from_frame(frame, str(path)), rates_per)
