"""The one registry of metric names: the same name means the same number everywhere.

The core's series, the Mesa DataCollector, comparisons, sweeps, calibration and the dashboard all
use these names. ``SERIES`` are monthly values per scenario; ``SUMMARY`` are one number per run.
Each metric carries what people read about it, and the other tables are derived from it: the
what-if outcomes with their direction and smallest effect that matters (``sim.whatifs.stats``),
their display words (``sim.whatifs.wording``) and what an organization can observe about itself
(``sim.calibration.data``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .core import monthly_rate


@dataclass(frozen=True)
class Metric:
    """A metric's unit and meaning; ``words``: its name for people, with its unit; for a what-if
    outcome, ``label`` (its short name in verdicts), ``better`` (+1 higher is better, -1 lower) and
    ``smallest`` (the smallest difference that matters, in its unit: a judgement, see
    ``sim.whatifs.stats``); ``observable``: what an organization measures, for a series it can
    calibrate against."""

    unit: str
    meaning: str
    words: str = ""
    label: str = ""
    better: int = 0
    smallest: float | None = None
    observable: str = ""


SERIES: dict[str, Metric] = {
    "active_customers": Metric(
        "customers", "Active customers at the end of the month", observable="active customers at the end of the month"
    ),
    "acquired": Metric("customers", "New customers this month"),
    "churned": Metric("customers", "Customers lost this month"),
    "cumulative_acquired": Metric("customers", "New customers since month 0"),
    "cumulative_churned": Metric("customers", "Customers lost since month 0"),
    "churn_rate": Metric(
        "1/month",
        "Churned / active at the start of the month",
        observable="customers lost / active at the start of the month",
    ),
    "mean_satisfaction": Metric(
        "0..1", "Mean satisfaction of the month's customers", observable="mean customer satisfaction (0..1)"
    ),
    "mean_loyalty": Metric("0..1", "Mean loyalty of the month's customers"),
    "mean_expectation": Metric("quality", "Mean expectation of the month's customers"),
    "service_quality": Metric("quality", "Mean encounter quality (after problems)"),
    "nps": Metric(
        "points",
        "Net promoter score: expected % of customers answering 9-10 minus % answering 0-6 (rules.promoter_chance)",
        observable="net promoter score (points)",
    ),
    "problem_rate": Metric("share", "Share of encounters with a problem"),
    "recovery_rate": Metric("share", "Share of problems recovered"),
    "community_share": Metric("share", "Share of customers in the community"),
    "lost_employee": Metric("share", "Share of customers whose dedicated employee left"),
    "revenue": Metric("$/month", "Revenue", observable="revenue ($/month)"),
    "cost_goods": Metric("$/month", "Cost of goods sold (1 - gross margin)"),
    "cost_wages": Metric("$/month", "Wages"),
    "cost_training": Metric("$/month", "Training"),
    "cost_rewards": Metric("$/month", "Performance pay"),
    "cost_recognition": Metric("$/month", "Recognition"),
    "cost_programmes": Metric(
        "$/month", "Culture programmes: communication, vision, values, scorecard, VoC, benchmarking, goals"
    ),
    "cost_service": Metric("$/month", "Service time and problem recovery"),
    "cost_community": Metric("$/month", "Community programmes"),
    "cost_suppliers": Metric("$/month", "Suppliers"),
    "cost_hiring": Metric("$/month", "Recruiting and onboarding"),
    "cost_turnover": Metric("$/month", "Separations (quits, removals, layoffs with severance)"),
    "cost_marketing": Metric("$/month", "Marketing"),
    "cost_change": Metric("$/month", "Moving levers (culture change)"),
    "cost_capacity": Metric("$/month", "Capacity held (premises, systems per customer slot, filled or not)"),
    "total_costs": Metric("$/month", "Sum of the cost categories"),
    "profit": Metric("$/month", "Revenue minus total costs", observable="profit ($/month)"),
    "discounted_profit": Metric("$/month", "Profit discounted to month 0"),
    "cumulative_discounted_profit": Metric("$", "Net present value so far"),
    "engagement": Metric("0..1", "Mean employee engagement"),
    "skill": Metric("0..1", "Mean employee skill"),
    "culture_strength": Metric("0..1", "Mean customer orientation of employees"),
    "culture_spread": Metric("0..1", "Standard deviation of employees' orientation"),
    "frontline_orientation": Metric("0..1", "Mean orientation of frontline employees"),
    "quits": Metric("employees", "Quits this month"),
    "misfits_removed": Metric("employees", "Frontline staff moved out this month"),
    "hires": Metric("employees", "Hires this month (replacements and opened positions arriving)"),
    "employee_turnover": Metric("1/month", "Leavers / headcount", observable="leavers / headcount in the month"),
    "laid_off": Metric("employees", "Employees laid off this month (staffing policy)"),
    "headcount": Metric("employees", "Employees at the month's end"),
    "supplier_reliability": Metric("0..1", "Mean supplier reliability"),
    "offer_fit": Metric("0..1", "Fit of the offer with customers' current wants"),
    "workload": Metric("customers/employee", "Customers per frontline employee"),
    "loyalty_low": Metric("0..1", "Mean loyalty, low-value segment (0 when empty)"),
    "loyalty_mid": Metric("0..1", "Mean loyalty, mid-value segment"),
    "loyalty_high": Metric("0..1", "Mean loyalty, high-value segment (top 20%)"),
    "churn_low": Metric("1/month", "Churn rate, low-value segment"),
    "churn_mid": Metric("1/month", "Churn rate, mid-value segment"),
    "churn_high": Metric("1/month", "Churn rate, high-value segment"),
}

SUMMARY: dict[str, Metric] = {
    "npv": Metric(
        "$",
        "Discounted profit over the horizon",
        words="NPV over the horizon ($, discounted)",
        label="NPV",
        better=+1,
        smallest=100_000.0,
    ),
    "final_year_profit": Metric(
        "$",
        "Profit over the last 12 months",
        words="profit in the final year ($)",
        label="final-year profit",
        better=+1,
        smallest=25_000.0,
    ),
    "annual_churn": Metric(
        "share",
        "Customers lost over the last 12 months: 1 - prod(1 - monthly churn)",
        words="annual churn (share of customers lost)",
        label="churn",
        better=-1,
        smallest=0.01,
    ),
    "mean_loyalty": Metric(
        "0..1",
        "Mean loyalty over the last 12 months",
        words="customer loyalty (0-1)",
        label="loyalty",
        better=+1,
        smallest=0.01,
    ),
    "mean_satisfaction": Metric(
        "0..1", "Mean satisfaction over the last 12 months", words="customer satisfaction (0-1)"
    ),
    "nps": Metric(
        "points",
        "Mean NPS over the last 12 months",
        words="NPS (points, -100 to 100)",
        label="NPS",
        better=+1,
        smallest=2.0,
    ),
    "engagement": Metric(
        "0..1",
        "Mean engagement over the last 12 months",
        words="employee engagement (0-1)",
        label="engagement",
        better=+1,
        smallest=0.01,
    ),
    "culture_strength": Metric(
        "0..1",
        "Mean orientation over the last 12 months",
        words="culture strength (0-1)",
        label="culture strength",
        better=+1,
        smallest=0.01,
    ),
    "culture_spread": Metric("0..1", "Spread of orientation over the last 12 months", words="culture spread (0-1)"),
    "employee_turnover": Metric(
        "1/year", "Leavers / headcount over the last 12 months", words="employee turnover (leavers per head per year)"
    ),
    "customers": Metric("customers", "Active customers at the end", words="active customers at the end"),
    "clv": Metric(
        "$",
        "Customer lifetime value m r / (1 + i - r) (Gupta & Lehmann 2003), last 12 months",
        words="customer lifetime value ($)",
    ),
}

# Cap on the expected discounted lifetime r / (1 + i - r), in months: at discount_rate = 0 with no
# churn the formula divides by zero; the cap (100 years) keeps CLV finite there and is reached
# only when i + churn < 1/1200 a month.
CLV_MONTHS = 1200.0

MAIN_SERIES = (
    "active_customers",
    "churn_rate",
    "mean_loyalty",
    "nps",
    "profit",
    "cumulative_discounted_profit",
    "engagement",
    "culture_strength",
)


def clv(margin, retention, monthly_discount_rate):
    """Customer lifetime value of a monthly margin kept with monthly retention r: m r / (1 + i - r)
    (Gupta & Lehmann 2003)."""
    # at discount_rate = 0 with no churn the denominator is 0: floored at 1/CLV_MONTHS (retention <= 1),
    # so the discounted lifetime r / (1 + i - r) is at most CLV_MONTHS and CLV stays finite
    return margin * retention / np.maximum(1.0 + monthly_discount_rate - retention, 1.0 / CLV_MONTHS)


CLV_MARGIN_SERIES = ("revenue", "cost_goods", "cost_service", "cost_community", "active_customers")


def clv_margin(series: dict[str, np.ndarray]) -> np.ndarray:
    """Each month's margin per active customer that ``clv`` values: revenue less goods, service and
    community costs (not the supplier fee per customer served, nor any per-employee cost)."""
    active = np.maximum(series["active_customers"], 1.0)
    return (series["revenue"] - series["cost_goods"] - series["cost_service"] - series["cost_community"]) / active


def summarize(series: dict[str, np.ndarray], discount_rate: np.ndarray | float = 0.10) -> dict[str, np.ndarray]:
    """Summary metrics per scenario from (S, months) series (last 12 months, or all if shorter)."""
    k = min(12, series["profit"].shape[1])

    def last(name):
        return series[name][:, -k:]

    contribution = clv_margin({k: last(k) for k in CLV_MARGIN_SERIES})
    r = 1.0 - last("churn_rate").mean(axis=1)
    i = monthly_rate(np.asarray(discount_rate, dtype=float))
    return {
        "npv": series["cumulative_discounted_profit"][:, -1],
        "final_year_profit": last("profit").sum(axis=1),
        "annual_churn": 1.0 - np.prod(1.0 - last("churn_rate"), axis=1) ** (12.0 / k),
        "mean_loyalty": last("mean_loyalty").mean(axis=1),
        "mean_satisfaction": last("mean_satisfaction").mean(axis=1),
        "nps": last("nps").mean(axis=1),
        "engagement": last("engagement").mean(axis=1),
        "culture_strength": last("culture_strength").mean(axis=1),
        "culture_spread": last("culture_spread").mean(axis=1),
        "employee_turnover": last("employee_turnover").sum(axis=1) * 12.0 / k,
        "customers": series["active_customers"][:, -1],
        "clv": clv(contribution.mean(axis=1), r, i),
    }
