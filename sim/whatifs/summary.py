"""Plain words for the business summary: cost of change, low point, payback, and what the indices mean.

The terminal, the CSV and the HTML report say the same sentences; the numbers come from
sim.whatifs.business (money) and from the model's own rules (what a loyalty or an engagement level
means for churn, spending and staff turnover), never from invented rules of thumb.
"""

from __future__ import annotations

import math

import numpy as np

from .. import rules
from ..format import format_values
from .business import NOT_WITHIN, Business, LeverCost
from .changes import ALWAYS, COST_OF_CHANGE
from .stats import LEVEL


def money(value: float, signed: bool = False) -> str:
    return format_values("$", value, signed=signed)[0]


def break_even_words(b: Business) -> str:
    """'month 38 (replications: month 32 to 40)' or 'not within the horizon (...)'."""
    if b.break_even is None:
        where = f"{NOT_WITHIN} of {b.months} months"
    elif b.break_even == 0 and b.break_even_high == 0:
        return "from the start (never behind, in every replication)"
    else:
        where = f"month {b.break_even}"
    high = NOT_WITHIN if b.break_even_high is None else f"month {b.break_even_high}"
    low = NOT_WITHIN if b.break_even_low is None else f"month {b.break_even_low}"
    spread = f"{low} to {high}" if low != high else low
    share = (
        ""
        if b.paid_back_share in (0.0, 1.0)
        else f"; {b.paid_back_share:.0%} of replications pay back within the horizon"
    )
    return f"{where} (middle {LEVEL:.0%} of {b.replications} replications: {spread}{share})"


def npv_words(b: Business, joiner: str = "..") -> str:
    """'+$8.01M (95% CI +$4.49M..+$11.53M)', one scale for the three numbers."""
    d, lo, hi = format_values("$", b.npv_difference, b.npv_low, b.npv_high, signed=True)
    return f"{d} ({LEVEL:.0%} CI {lo}{joiner}{hi})"


def return_words(b: Business) -> str:
    if not math.isfinite(b.return_on_change):
        return "no cost of change to return on"
    sign = "-" if b.return_on_change < 0 else ""
    return f"{sign}${abs(b.return_on_change):,.2f} net per $1 of change cost (both discounted)"


def cost_assumption(b: Business, costs: list[LeverCost]) -> str:
    """How the cost of change is charged, with this what-if's numbers."""
    units = sum(c.units for c in costs)
    return (
        f"${b.change_cost_per_employee:,.0f} per employee per unit of lever movement (environment.change_cost) "
        f"x {b.employees:,} employees x {units:.2f} units of movement (each lever's move divided by its range) "
        f"= {money(b.planned_cost_of_change)} once every move is adopted; {money(b.cost_of_change)} charged within "
        f"the {b.months} months as the levers approach their targets"
    )


def business_lines(b: Business, costs: list[LeverCost], top: int = 5) -> list[str]:
    """The terminal block of one what-if: the five business numbers, then the cost assumption."""
    lines = [
        f"{b.scenario} [{b.comparison}]",
        f"  cost of change:        {money(b.cost_of_change) if b.cost_of_change else 'none'}",
        "  deepest shortfall:     "
        + (f"{money(b.low_point)} at month {b.low_month}" if b.low_point < 0 else "none (never behind the base)"),
        f"  break-even:            {break_even_words(b)}",
        f"  NPV against the base:  {npv_words(b)}",
        f"  return on the change:  {return_words(b)}",
    ]
    if costs:
        lines.append(f"  cost assumption:       {cost_assumption(b, costs)}")
        biggest = sorted(costs, key=lambda c: -abs(c.cost))[:top]
        words = [f"{c.lever} {c.before:.3g}->{c.after:.3g} from month {c.month}: {money(c.cost)}" for c in biggest]
        more = f" and {len(costs) - top} more levers" if len(costs) > top else ""
        lines.append("  largest lever moves:   " + "; ".join(words) + more)
    elif b.comparison == ALWAYS:
        lines.append("  cost assumption:       none: it has always worked this way (the long-run potential)")
    return lines


def paragraph(b: Business, diffs: dict[str, float], base_levels: dict[str, float]) -> str:
    """One plain-words paragraph for a board. ``diffs`` holds the what-if's mean differences from the
    base and ``base_levels`` the base's means (keys of sim.whatifs.stats.OUTCOMES, final year)."""
    year = []
    profit = diffs.get("final_year_profit", math.nan)
    if math.isfinite(profit):
        year.append(f"makes {money(abs(profit))} {'more' if profit >= 0 else 'less'} profit than the base")
    churn, before = diffs.get("annual_churn", math.nan), base_levels.get("annual_churn", math.nan)
    if math.isfinite(churn) and math.isfinite(before):
        year.append(f"loses {before + churn:.1%} of its customers in the year instead of {before:.1%}")
    year_words = (" In the final year it " + " and ".join(year) + ".") if year else ""
    ahead = "ahead of" if b.npv_difference >= 0 else "behind"
    npv = (
        f"Over {b.months} months it ends {money(abs(b.npv_difference))} {ahead} the base in today's money "
        f"(NPV {npv_words(b, ' to ').replace(' (', ', ').rstrip(')')})."
    )
    if b.comparison == COST_OF_CHANGE or b.cost_of_change > 0:
        dip = (
            f"it is at worst {money(-b.low_point)} behind, in month {b.low_month}"
            if b.low_point < 0
            else "it is never behind"
        )
        pays = (
            "it does not pay back within the horizon"
            if b.break_even is None
            else f"it pays back in month {b.break_even}"
        )
        ret = (
            f" Each dollar spent on the change returns {return_words(b).split(' per ')[0]}."
            if math.isfinite(b.return_on_change)
            else ""
        )
        return (
            f"Changing costs {money(b.cost_of_change)} (${b.change_cost_per_employee:,.0f} per employee per "
            f"unit of lever movement); {dip}; {pays}. {npv}{ret}{year_words}"
        )
    return (
        f"An organization that has always worked this way (no cost of change: the long-run potential, not what "
        f"switching today earns). {npv}{year_words}"
    )


MEANINGS = (
    (
        "Loyalty (0-1) drives churn and spending: the model's churn hazard falls steeply as loyalty rises, and a loyal "
        "customer buys more (cross- and up-selling). The table gives, for a customer at the scenario's final-year mean "
        "loyalty, the chance of leaving in a month and in a year, how long such a customer stays on average, and how "
        "much more than a customer with no loyalty they spend."
    ),
    (
        "Engagement (0-1) drives staff turnover: the chance that an employee at that engagement quits in a year "
        "(without overload, which adds to it)."
    ),
    (
        "NPS (-100 to 100): the share of customers satisfied enough to recommend (satisfaction 0.8 or more) minus the "
        "share dissatisfied (below 0.5), in points."
    ),
    "Culture strength (0-1): the average employee's customer orientation, 0 serving the rules, 1 serving the customer.",
)


def meaning_row(levels: dict[str, float], env) -> dict[str, str]:
    """One scenario's final-year levels in business terms, from the model's own rules (``env``: the
    environment whose relations apply)."""
    row: dict[str, str] = {}
    if "mean_loyalty" in levels:
        loyalty = levels["mean_loyalty"]
        hazard = float(rules.churn_probability(np.float64(loyalty), env, month=0))
        row |= {
            "loyalty": f"{loyalty:.2f}",
            "leaves in a month": f"{hazard:.1%}",
            "leaves in a year": f"{1 - (1 - hazard) ** 12:.0%}",
            "stays on average": f"{1 / hazard:.0f} months" if hazard > 0 else "for ever",
            "spends more by": f"{float(rules.spend(1.0, loyalty, env)) - 1:.0%}",
        }
    if "engagement" in levels:
        q = float(rules.quit_probability(np.float64(levels["engagement"]), 0.0, 0.0, env))
        row |= {"engagement": f"{levels['engagement']:.2f}", "staff who quit in a year": f"{1 - (1 - q) ** 12:.0%}"}
    if "nps" in levels:
        row["NPS"] = f"{levels['nps']:+.0f}"
    if "culture_strength" in levels:
        row["culture strength"] = f"{levels['culture_strength']:.2f}"
    return row
