"""Plausibility warnings: does a base's simulated baseline look like a real organization?

After ``run`` and ``compare`` the base's results are checked; each problem is one line naming
the parameter(s) to look at. A scenario without an ``[organization]`` table is judged against the
default sector (B2B services). The thresholds are judgements, stated in ``LIMITS``.

A sector's published churn and staff-turnover ranges describe organizations that have settled, so a
plan that changes on a ``[[schedule]]`` is judged on its final year only when that year starts
``settle_months`` after the plan's last change; otherwise ``unchecked`` says plainly that it was not.
A rate is called outside a range when it is beyond an edge by more than ``range_margin`` of it: the
published ranges are rough, and a few replications' mean at an edge (2.95% against a 3% floor) is
noise, not a sign of wrong inputs.
"""

from __future__ import annotations

import numpy as np

from ..format import money
from .profiles import SECTORS, STEP_LADDER, closest_step
from .results import Results
from .scenario import Scenario

LIMITS = {
    "workload_ratio": 1.5,  # frontline customers per employee / comfortable_load ("far above")
    "monthly_churn_ceiling": 0.1,  # churn_ceiling above this is likely a yearly rate typed as monthly
    "nps_gap": 15.0,  # points between the organization's stated NPS and the baseline's
    "churn_gap": 0.3,  # relative gap between stated and simulated annual churn
    # months after a plan's last change before its churn and staff turnover are judged against the sector's
    # ranges. Measured (24 replications): moving up from step 1 (last change month 19), yearly churn is within
    # 0.2 points of the organization always at step 5 from 17 months after (the smallest churn effect that
    # matters is 1 point), staff turnover within 0.02 throughout; loyalty and NPS take longer (horizon.py)
    "settle_months": 24,
    "range_margin": 0.1,  # a rate within 10% of a range's edge is not called outside it (rough ranges, noise)
}


def warnings(scenario: Scenario, results: Results) -> list[str]:
    """One line per implausible feature of the scenario's baseline (its rows of ``results``)."""
    if scenario.name in results.scenarios and len(results.scenarios) > 1:
        results = results.scenario(scenario.name)
    summary, s = results.summary(), results.series
    org, env = scenario.organization, scenario.env
    sector = SECTORS[org.sector if org else "b2b_services"]
    where = f"{scenario.name}: "
    lines = []
    profit = float(summary["final_year_profit"].mean())
    if profit < 0:
        margin = float((s["revenue"][:, -12:] - s["cost_goods"][:, -12:]).mean())
        wages = float(s["cost_wages"][:, -12:].mean())
        lines.append(
            f"{where}the baseline makes a loss ({money(profit)} over its final year; a month's gross margin "
            f"{money(margin)} against wages {money(wages)}); look at wage, "
            "value_mean and gross_margin (or organization.monthly_margin, loaded_wage) and the cost rates: "
            "supplier_fee, marketing_budget, capacity_cost, service_cost"
        )
    load = float(s["workload"][:, -12:].mean())
    if load > LIMITS["workload_ratio"] * env.comfortable_load:
        lines.append(
            f"{where}frontline employees serve {load:,.0f} customers each, {load / env.comfortable_load:.1f}x "
            f"comfortable_load ({env.comfortable_load:g}); look at sizes.n_employees against n_customers, "
            "environment.comfortable_load or the lever frontline_share"
        )
    if _unsettled(scenario, results) is None:
        lines += _outside_ranges(summary, sector, where)
    if env.churn_ceiling > LIMITS["monthly_churn_ceiling"]:
        lines.append(
            f"{where}environment.churn_ceiling {env.churn_ceiling:g} is a MONTHLY rate "
            f"({1 - (1 - env.churn_ceiling) ** 12:.0%} a year for customers with no loyalty); for a yearly "
            "churn give organization.annual_churn instead"
        )
    lines += _against_stated(scenario, summary, where)
    return lines


def unchecked(scenario: Scenario, results: Results) -> list[str]:
    """One line when the sector's churn and turnover ranges were not applied: a plan not yet settled."""
    why = _unsettled(scenario, results)
    if why is None:
        return []
    return [f"{scenario.name}: churn and staff turnover not checked against the sector's published ranges: {why}"]


def _unsettled(scenario: Scenario, results: Results) -> str | None:
    """Why the final year is not judged against the sector's ranges, or None when it is: a scheduled
    plan's final year must start ``settle_months`` or more after the plan's last change."""
    if len(scenario.schedule.phases) < 2:
        return None
    last_change, settle = scenario.schedule.phases[-1].month, LIMITS["settle_months"]
    year_starts = results.months - min(12, results.months)
    if year_starts - last_change >= settle:
        return None
    return (
        f"the plan last changes in month {last_change} and its final year starts in month {year_starts}, "
        f"less than {settle} months later, before its churn has settled (--months {last_change + settle + 12} "
        "or more judges it)"
    )


def _outside_ranges(summary, sector, where: str) -> list[str]:
    """Staff turnover and churn (means over replications) beyond the sector's published ranges by more
    than ``range_margin`` of the edge."""
    lines = []
    for what, column, figure, look_at in (
        (
            "staff turnover",
            "employee_turnover",
            "staff_turnover",
            "environment.quit_base (or organization.annual_staff_turnover)",
        ),
        (
            "customer churn",
            "annual_churn",
            "annual_churn",
            "environment.churn_ceiling (or organization.annual_churn) and scenario.step",
        ),
    ):
        value = float(summary[column].mean())
        lo, hi = getattr(sector, figure)
        if not lo * (1 - LIMITS["range_margin"]) <= value <= hi * (1 + LIMITS["range_margin"]):
            lines.append(
                f"{where}{what} {value:.1%} a year is outside the published range for "
                f"{sector.name}, {lo:.0%}-{hi:.0%} ({sector.sources[figure]}); look at {look_at}"
            )
    return lines


def _against_stated(scenario: Scenario, summary, where: str) -> list[str]:
    """The organization's own figures that the baseline misses by far: usually the wrong step."""
    org = scenario.organization
    if org is None:
        return []
    step = closest_step(org.annual_churn, org.nps)
    step_now = _step_of(scenario)
    hint = f"; its figures match step {step} (scenario.step)" if step != step_now else ""
    lines = []
    nps = float(np.mean(summary["nps"]))
    if org.nps is not None and abs(nps - org.nps) > LIMITS["nps_gap"]:
        lines.append(f"{where}the baseline's NPS {nps:+.0f} is far from organization.nps {org.nps:+g}{hint}")
    churn = float(np.mean(summary["annual_churn"]))
    if org.annual_churn is not None and abs(churn - org.annual_churn) > LIMITS["churn_gap"] * org.annual_churn:
        lines.append(
            f"{where}the baseline's churn {churn:.0%} a year is far from organization.annual_churn "
            f"{org.annual_churn:.0%}{hint}"
        )
    return lines


def _step_of(scenario: Scenario) -> int | None:
    """The step preset the scenario's first phase equals, if any."""
    from ..steps import step_policy

    first = scenario.schedule.phases[0].policy
    return next((k for k in STEP_LADDER if step_policy(k) == first), None)


def report(scenario: Scenario, results: Results, stream=None) -> list[str]:
    """Print the warnings on stderr (one line each, prefixed 'warning:', then 'note:' for a check not
    made); return the warnings."""
    import sys

    lines = warnings(scenario, results)
    for line in lines:
        print(f"warning: {line}", file=stream or sys.stderr)
    for line in unchecked(scenario, results):
        print(f"note: {line}", file=stream or sys.stderr)
    return lines
