"""The month, written once: the ordered list of its phases, run by both modes.

The core (sim/core/engine.py ``ArrayMonth``) implements each phase on (scenarios, agents)
arrays; the Mesa agents mode (sim/abm/month.py ``AgentMonth``) implements the same names with
per-agent methods calling the same ``sim.rules``. Both go through ``run_month``, so neither can
skip, add or reorder a phase (tests/test_phases.py checks each mode's trace against ``PHASES``).
"""

from __future__ import annotations

PHASES = (
    "move_policy",  # effective levers approach the target
    "organise",  # frontline count, teams, the month's customers
    "prepare_employees",  # learning, socialization, effort, capability, team help
    "serve_customers",  # every active customer has one encounter
    "review_employees",  # appraisal, engagement, quits, removals, hires
    "review_suppliers",  # reliability, replacement, offer fit
    "measure_customers",  # means over the month's customers, before churned slots refill
    "customers_come_and_go",  # churners leave, new customers arrive
    "close_books",  # finance and the month's metrics
)


def run_month(month_impl) -> dict:
    """Run every phase of ``month_impl`` in order; return its ``row`` (the month's metrics)."""
    for name in PHASES:
        getattr(month_impl, name)()
    return month_impl.row
