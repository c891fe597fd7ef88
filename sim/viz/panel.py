"""What the current step means, in words: the month, the step aimed at, its practices, the levers.

Rendered with the ``markdown`` package to plain HTML (solara.Markdown would fetch KaTeX from a
CDN, which a classroom may not reach).
"""

from __future__ import annotations

import re

import markdown

from .. import rules
from ..core.batch import most_employees
from ..core.reductions import target_month
from ..steps import PRACTICES, STEP_NAMES
from .figures import money

TABLE_STYLE = "<style>.culturesim-step th, .culturesim-step td {padding: 0 10px; text-align: right}</style>"
# Levers worth watching while a plan unfolds: the organization moves toward the step's targets gradually.
WATCHED_LEVERS = (
    "frontline_share",
    "training",
    "empowerment",
    "team_reward_weight",
    "service_spend",
    "relationship_continuity",
    "community_programs",
    "staffing_to_demand",
)
# The levers in words a class understands (docs/teaching.md's glossary explains each).
PLAIN_LEVERS = {
    "frontline_share": "share of staff serving customers",
    "training": "service training",
    "empowerment": "freedom of staff to solve customers' problems",
    "team_reward_weight": "rewards for teams",
    "service_spend": "time and money for serving customers",
    "relationship_continuity": "same staff member for a customer",
    "community_programs": "customer community programmes",
    "staffing_to_demand": "staff numbers follow the customers",
}
# Abbreviations of the source texts, spelled out on screen.
SPELLED_OUT = ((re.compile(r"\bCS\b"), "customer-satisfaction"), (re.compile(r"\bVoC\b"), "voice of the customer"))


def plain(text: str) -> str:
    """A practice's name with its abbreviations spelled out ("CS goals" -> "customer-satisfaction goals")."""
    for pattern, words in SPELLED_OUT:
        text = pattern.sub(words, text)
    return text


def earlier_steps(step: int) -> str:
    """ "step 1", "steps 1 and 2", "steps 1-3": what a step builds on."""
    if step == 2:
        return "step 1"
    if step == 3:
        return "steps 1 and 2"
    return f"steps 1-{step - 1}"


def staff_text(model) -> str:
    """Why the organization has the staff it has this month, so that a class can explain a falling headcount.

    Steps 1-2 keep a fixed headcount (everyone who leaves is replaced); from step 3 staff numbers follow
    the customers (half-way at step 3, fully from step 4: sim/steps.py), toward the staff its customers
    need (``rules.staffing_target``, the model's own rule): above it, no one who leaves is replaced;
    below it, new staff are hired.
    """
    now, start = int(model.latest["headcount"]), int(model.sizes.n_employees)
    follows = float(model.policy.staffing_to_demand)
    if follows == 0:
        return f"Staff: {now}, a fixed number: everyone who leaves is replaced."
    customers = int(model.latest["active_customers"])
    aim = int(rules.staffing_target(customers, start, most_employees(model.sizes), model.policy, model.env))
    return (
        f"Staff: {now} ({start} at month 0). Staff numbers follow the customers ({follows:.2f} of the way): "
        f"with {customers} customers the organization aims at {aim} staff, so "
        + ("no one who leaves is replaced." if now > aim else "it hires." if now < aim else "leavers are replaced.")
    )


def step_text(model, name: str = "") -> str:
    """Markdown: the month, the step aimed at and its practices, where the levers stand, the latest numbers."""
    step = model.target_step()
    nxt = model.next_change()
    lines = [
        f"### {name + ' - ' if name else ''}Month {int(model.month)} of {model.months}: step {step}, "
        f"{STEP_NAMES[step]}",
        "",
        f"Next in the plan: step {nxt[1]} at month {nxt[0]}." if nxt else "No further change in the plan.",
    ]
    if model.latest:
        m = model.latest
        lines += [
            "",
            f"Last month: loyalty {m['mean_loyalty']:.2f}, churn {100 * m['churn_rate']:.1f}% "
            f"({int(m['churned'])} of {int(m['active_customers']) + int(m['churned']) - int(m['acquired'])} "
            f"customers left), NPS {m['nps']:+.0f}, profit {money(m['profit'])} a month, "
            f"engagement {m['engagement']:.2f}.",
            "",
            staff_text(model),
        ]
    added = [p.name for p in PRACTICES if p.step == step]
    lines += ["", f"Step {step} adds, on top of {earlier_steps(step)}:" if step > 1 else "Step 1 practices:", ""]
    lines += [f"- {plain(practice)}" for practice in added]
    target = model.setup.schedule.target_at(target_month(model.month, model.months))
    lines += ["", "| lever | now | target |", "|---|---|---|"]
    lines += [
        f"| {PLAIN_LEVERS[lever]}{' (held)' if lever in model.overridden else ''} "
        f"| {getattr(model.policy, lever):.2f} | {getattr(target, lever):.2f} |"
        for lever in WATCHED_LEVERS
    ]
    return "\n".join(lines)


def step_html(model, name: str = "") -> str:
    return TABLE_STYLE + markdown.markdown(step_text(model, name), extensions=["tables"])
