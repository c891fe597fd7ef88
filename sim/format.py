"""Numbers for people, written one way wherever they appear: terminal, CSV summaries, figures, HTML.

Money is dollars in millions with 2 decimals from $100k up (``$12.61M``, ``-$0.25M``), else in
thousands with 1 decimal (``$42.5k``); values shown together (a mean and its interval) share one
scale, so ``$0.95M .. $1.20M`` never reads ``$950.0k .. $1.20M``. Points and counts get 2
decimals, shares and 0-1 scales 4.
"""

from __future__ import annotations

import math

MILLIONS_FROM = 1e5  # from $0.10M up money is written in millions


def money_scale(*values: float) -> tuple[float, str, int]:
    """(divisor, suffix, decimals) for money values shown together: the largest finite one decides."""
    largest = max((abs(v) for v in values if math.isfinite(v)), default=0.0)
    return (1e6, "M", 2) if largest >= MILLIONS_FROM else (1e3, "k", 1)


def money(value: float, signed: bool = False, scale: tuple[float, str, int] | None = None) -> str:
    """``$1.25M``, ``-$42.5k`` (``+`` in front of gains with ``signed``); ``scale`` from ``money_scale``
    when several values are shown together. A value that rounds to zero gets no minus sign."""
    if not math.isfinite(value):
        return "n/a"
    divisor, suffix, digits = scale or money_scale(value)
    sign = "-" if value < 0 and round(abs(value) / divisor, digits) > 0 else ("+" if signed else "")
    return f"{sign}${abs(value) / divisor:,.{digits}f}{suffix}"


def format_values(unit: str, *values: float, signed: bool = False) -> list[str]:
    """Values of one outcome in one scale: money as above ($ units), points and counts with 2
    decimals, every other unit with 4."""
    if unit.startswith("$"):
        scale = money_scale(*values)
        return [money(v, signed, scale) for v in values]
    sign = "+" if signed else ""
    digits = 2 if unit in ("points", "customers") else 4
    return [f"{v:{sign},.{digits}f}" if math.isfinite(v) else "n/a" for v in values]
