"""What the month's phases hand each other, as typed records (every array has the scenario axis first).

A misspelt or missing field fails where the record is built, not as a silent attribute later;
the three callers of ``close_books`` (the core, the compiled core, the agents mode) fill the
same ``Books``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..params import Environment, Policy


@dataclass(frozen=True)
class Served:
    """The month's encounters (serve_customers), each (S, C)."""

    act: np.ndarray  # the month's customers (active at its start)
    lost: np.ndarray  # their dedicated employee left
    time: np.ndarray  # service time given
    quality: np.ndarray  # quality experienced
    problem: np.ndarray
    recovered: np.ndarray
    revenue: np.ndarray  # spend, zero outside the month's customers
    churn: np.ndarray  # leaving at the month's end


@dataclass(frozen=True)
class Leavers:
    """Who left this month (review_employees), each (S, E)."""

    quits: np.ndarray
    removed: np.ndarray  # moved out as misfits
    hired: np.ndarray  # slots filled this month (replacements and positions opened earlier)
    laid_off: np.ndarray  # laid off by the staffing policy


@dataclass(frozen=True)
class Arrivals:
    """New customers (S, C) and the word of mouth that brought them (S, 1)."""

    new: np.ndarray
    promoters: np.ndarray
    detractors: np.ndarray


@dataclass(frozen=True)
class CustomerArrays:
    """The customer arrays the month's means read (sim/core/measure.py ``customer_metrics``), each (S, C):
    the State's own, or the agents mode's customers packed into a batch of one."""

    satisfaction: np.ndarray
    loyalty: np.ndarray
    expectation: np.ndarray
    member: np.ndarray
    segment: np.ndarray


@dataclass(frozen=True)
class Counts:
    """The month's counts handed to the books, each (S,)."""

    churned: np.ndarray
    acquired: np.ndarray
    quits: np.ndarray
    removed: np.ndarray
    hired: np.ndarray
    laid_off: np.ndarray
    promoters: np.ndarray
    detractors: np.ndarray
    problems: np.ndarray  # among the month's customers
    recovered: np.ndarray
    lost: np.ndarray  # customers whose dedicated employee left


@dataclass(frozen=True)
class EndOfMonth:
    """The arrays the books read at the month's end: (S, slots), or (S, 1) where only their sum is read
    (``active`` and ``member``, which the compiled core hands over as counts)."""

    active: np.ndarray
    member: np.ndarray
    commitment: np.ndarray
    reliability: np.ndarray
    engagement: np.ndarray
    skill: np.ndarray
    orientation: np.ndarray
    employed: np.ndarray  # (S, E) who holds a slot: employee means and per-employee costs count them
    fit: np.ndarray  # (S, 1)
    policy: Policy  # effective levers, (S, 1) columns

    @classmethod
    def of(cls, state) -> EndOfMonth:
        """The record over a State's (or any object's with these names) own arrays, not copied."""
        return cls(
            active=state.active,
            member=state.member,
            commitment=state.commitment,
            reliability=state.reliability,
            engagement=state.engagement,
            skill=state.skill,
            orientation=state.orientation,
            employed=state.employed,
            fit=state.fit,
            policy=state.policy,
        )


@dataclass(frozen=True)
class Books:
    """Everything ``close_books`` reads of one month (sim/core/measure.py)."""

    end: EndOfMonth
    revenue: np.ndarray  # (S, C) each customer's spend, zero outside the month's customers; or (S, 1) sums
    service_time: np.ndarray  # likewise
    counts: Counts
    change: np.ndarray  # (S,) total normalised lever change (costed as the cost of change)
    month: int
    measured: dict[str, np.ndarray]  # customer_metrics: means over the month's customers
    n_frontline: np.ndarray  # (S, 1) frontline count (the first of the employed, by slot)
    n_active: np.ndarray  # (S, 1) the month's customers
    env: Environment  # (S, 1) columns
    n_customers: int
