"""The five culture steps (seed 000) as cumulative lever presets, the practices catalogue, schedules.

Every practice named in the seed texts is an entry of ``PRACTICES`` with the levers it sets.
A step's preset is the step-1 organization (``Policy()`` defaults) with the practices of
steps 2..k applied in order, so presets are cumulative by construction (seed 000: "a
cumulative process of adding new practices").
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import lru_cache

import numpy as np

from .errors import InputError
from .params import LEVERS, Policy, replace

STEP_NAMES = {
    1: "Minimize hassles",
    2: "Managing discontent",
    3: "Link employees with users",
    4: "Promoting community",
    5: "Build a customer-focused culture",
}


@dataclass(frozen=True)
class Practice:
    key: str
    source: str  # seed file and section
    name: str  # the practice, in the seed's words (shortened)
    levers: dict[str, float]
    step: int | None = None  # the culture step that adds it (seed 000), if any


def _practice(key, source, name, step=None, **levers):
    return Practice(key, source, name, levers, step)


PRACTICES: tuple[Practice, ...] = (
    # ---- seed 000: the five steps -----------------------------------------------------
    _practice(
        "fix_problems",
        "000 step 1",
        "Fix problems, reduce errors and backlogs, respond to complaints",
        1,
        cost_focus=0.8,
        service_spend=0.25,
    ),
    _practice(
        "few_frontline",
        "000 step 1",
        "Few employees with direct customer interface; segmented jobs",
        1,
        frontline_share=0.3,
        relationship_continuity=0.2,
    ),
    _practice(
        "short_term",
        "000 step 1",
        "Short-term results, low tolerance for mistakes",
        1,
        empowerment=0.1,
        satisfaction_goals=0.1,
    ),
    _practice(
        "volume_price",
        "000 step 1",
        "Volume and price driven; customers buy for the brand",
        1,
        marketing=0.5,
        segment_targeting=0.0,
    ),
    _practice(
        "voc_in_plans",
        "000 step 2",
        "Voice of the customer in business-unit plans; preferences shape changes",
        2,
        voice_of_customer=0.6,
    ),
    _practice(
        "easy_interaction",
        "000 step 2",
        "Make interaction easy; aim at best-in-class",
        2,
        cost_focus=0.6,
        service_spend=0.3,
    ),
    _practice(
        "satisfaction_goals",
        "000 step 2",
        "Customer-satisfaction goals set in annual planning",
        2,
        satisfaction_goals=0.4,
    ),
    _practice(
        "train_service",
        "000 step 2",
        "Use customer data to improve processes; train employees in service",
        2,
        training=0.5,
        service_scorecard=0.3,
    ),
    _practice(
        "share_results", "000 step 2", "Communicate satisfaction results to all employees", 2, communication=0.45
    ),
    _practice("supplier_input", "000 step 2", "Seek input and feedback from suppliers", 2, supplier_collaboration=0.2),
    _practice("segment_volume", "000 step 2", "Segment by volume, product type and place", 2, segment_targeting=0.2),
    _practice(
        "build_relationships",
        "000 step 3",
        "Staff build relationships, confidence and involvement",
        3,
        relationship_continuity=0.7,
        values_clarity=0.4,
    ),
    _practice(
        "easy_contact",
        "000 step 3",
        "Systems let users interact easily with employees",
        3,
        frontline_share=0.45,
        cost_focus=0.45,
    ),
    _practice("target_best", "000 step 3", "Target specific segments: the 'best' customers", 3, segment_targeting=0.5),
    _practice(
        "assist_users", "000 step 3", "Employees encouraged to assist users", 3, empowerment=0.4, service_spend=0.4
    ),
    _practice(
        "cs_in_pay",
        "000 step 3",
        "CS goals in performance objectives and compensation",
        3,
        reward_cs_share=0.5,
        reward_intensity=0.4,
    ),
    _practice(
        "team_measures",
        "000 step 3",
        "Team and individual performance measures",
        3,
        team_reward_weight=0.3,
        service_scorecard=0.5,
    ),
    _practice(
        "share_channels", "000 step 3", "Information flows across functions, levels and suppliers", 3, communication=0.6
    ),
    _practice(
        "supplier_collaboration",
        "000 step 3",
        "Work together with suppliers on distribution and products",
        3,
        supplier_collaboration=0.6,
    ),
    _practice(
        "staff_for_contact",
        "000 step 3",
        "Processes let users reach employees easily: staffing follows the customer base, in part",
        3,
        staffing_to_demand=0.5,
    ),
    _practice(
        "anticipate_needs",
        "000 step 4",
        "High customer contact; future needs anticipated",
        4,
        frontline_share=0.5,
        voice_of_customer=0.75,
    ),
    _practice(
        "community", "000 step 4", "A sense of community among employees and customers", 4, community_programs=0.6
    ),
    _practice(
        "employee_input",
        "000 step 4",
        "CS targets in strategic plans, with employee input",
        4,
        satisfaction_goals=0.7,
        vision_clarity=0.5,
    ),
    _practice(
        "supplier_commitment",
        "000 step 4",
        "Suppliers kept on their commitment to customer service",
        4,
        supplier_selection=0.6,
    ),
    _practice(
        "benchmark_competitors",
        "000 step 4",
        "Competitor performance captured into annual plans",
        4,
        competitor_benchmarking=0.7,
    ),
    _practice(
        "cs_in_all_awards",
        "000 step 4",
        "CS integrated into all awards, recognition and compensation",
        4,
        reward_cs_share=0.8,
        recognition=0.6,
    ),
    _practice(
        "full_authority",
        "000 step 4",
        "Full authority and responsibility for customer satisfaction",
        4,
        empowerment=0.8,
    ),
    _practice(
        "fair_assessment",
        "000 step 4",
        "Processes for a fair assessment; individual and team goals",
        4,
        service_scorecard=0.7,
        team_reward_weight=0.5,
    ),
    _practice(
        "top_client_programmes",
        "000 step 4",
        "Priority programmes and hot lines for top clients",
        4,
        segment_targeting=0.7,
    ),
    _practice(
        "plans_drive_staffing",
        "000 step 4",
        "Plans built on customer-satisfaction targets drive insourcing and outsourcing: staffed to a comfortable load",
        4,
        staffing_to_demand=1.0,
    ),
    _practice(
        "everyone_knows",
        "000 step 5",
        "Everyone knows what to expect",
        5,
        vision_clarity=0.9,
        values_clarity=0.9,
        onboarding=0.6,
    ),
    _practice(
        "consistent_delight", "000 step 5", "A consistently delighting experience", 5, training=0.7, service_spend=0.45
    ),
    _practice(
        "supply_chain",
        "000 step 5",
        "The whole supply chain built and managed for the customer",
        5,
        supplier_collaboration=0.8,
        supplier_selection=0.7,
    ),
    _practice("balance_profit", "000 step 5", "Balance profitability with customer loyalty", 5, cost_focus=0.35),
    _practice(
        "community_involvement",
        "000 step 5",
        "Community involvement with employees and customers",
        5,
        community_programs=0.8,
        communication=0.8,
    ),
    _practice(
        "reward_community",
        "000 step 5",
        "Employees recognized and rewarded for community contribution",
        5,
        recognition=0.8,
        team_reward_weight=0.6,
    ),
    # ---- seed 001: steps to a customer-focused culture -------------------------------
    _practice(
        "identify_focus",
        "001",
        "Identify customer focus areas and target customers",
        vision_clarity=0.7,
        segment_targeting=0.5,
    ),
    _practice("set_goals", "001", "Set specific, measurable goals; managers accountable", satisfaction_goals=0.8),
    _practice(
        "involve_everyone",
        "001",
        "Involve everyone; personal goals tied to company goals",
        communication=0.7,
        satisfaction_goals=0.6,
    ),
    _practice("learning_programmes", "001", "Emphasize customer focus through learning programmes", training=0.8),
    _practice(
        "acknowledge_achievements",
        "001",
        "Acknowledge achievements: appraisals, incentives",
        recognition=0.7,
        reward_cs_share=0.5,
    ),
    _practice(
        "efficient_communication", "001", "Efficient communication highlighting customer focus", communication=0.8
    ),
    # ---- seed 002: eight keys ---------------------------------------------------------
    _practice(
        "key1_measure",
        "002 key 1",
        "Service measurement and customer feedback in everyone's work",
        service_scorecard=0.8,
        voice_of_customer=0.8,
    ),
    _practice(
        "key2_behaviour", "002 key 2", "Specify the behaviour expected with customers and coworkers", values_clarity=0.8
    ),
    _practice("key3_why", "002 key 3", "Explain why excellent service matters", vision_clarity=0.8),
    _practice(
        "key4_celebrate", "002 key 4", "Celebrate and publicize excellent service", recognition=0.8, communication=0.7
    ),
    _practice(
        "key5_onboarding", "002 key 5", "Train everyone in the culture as soon as they are hired", onboarding=0.8
    ),
    _practice(
        "key6_group",
        "002 key 6",
        "Responsibility for group performance; internal customer service",
        team_reward_weight=0.6,
    ),
    _practice(
        "key7_friendly_policies",
        "002 key 7",
        "Customer-friendly policies; power to satisfy the customer",
        cost_focus=0.3,
        empowerment=0.8,
    ),
    _practice("key8_misfits", "002 key 8", "Remove employees who do not please customers", misfit_removal=0.6),
    _practice("thank_employees", "002", "Value and thank employees regularly", recognition=0.7),
    # ---- seed 003: ten components (Cintron) --------------------------------------------
    _practice("c1_quality_customers", "003 #1", "Quality customers instead of markets", segment_targeting=0.7),
    _practice("c2_one_on_one", "003 #2", "One-on-one relationships", relationship_continuity=0.8),
    _practice(
        "c3_integrated", "003 #3", "Integrated and coordinated organization", communication=0.7, team_reward_weight=0.5
    ),
    _practice("c4_planning", "003 #4", "Strategic planning and implementation", satisfaction_goals=0.7),
    _practice(
        "c5_philosophy",
        "003 #5",
        "Customer-centered philosophy drives the business",
        vision_clarity=0.8,
        values_clarity=0.7,
    ),
    _practice(
        "c6_lifetime_value", "003 #6", "Lifetime value instead of short-term sales", reward_cs_share=0.7, cost_focus=0.4
    ),
    _practice(
        "c7_information_tech",
        "003 #7",
        "Information technology to distribute customer knowledge",
        voice_of_customer=0.7,
        service_scorecard=0.6,
    ),
    _practice(
        "c8_metrics",
        "003 #8",
        "New business metrics; appraisals evaluate customer service",
        service_scorecard=0.8,
        reward_cs_share=0.6,
    ),
    _practice(
        "c9_dynamic_world", "003 #9", "Track dynamic changes in economy and competitors", competitor_benchmarking=0.7
    ),
    _practice("c10_win_win", "003 #10", "A win-win situation with partners", supplier_collaboration=0.7),
    _practice("customer_reports", "003", "Customers report compliments and complaints", voice_of_customer=0.8),
)

# Basch's six elements (seed 004), each a grouping of levers.
BASCH_ELEMENTS: dict[str, tuple[str, ...]] = {
    "vision (the compass)": ("vision_clarity",),
    "values (the boundaries)": ("values_clarity", "misfit_removal", "hiring_selectivity", "onboarding"),
    "goals (the deliverables)": ("satisfaction_goals", "competitor_benchmarking"),
    "relevance (incentives, recognition)": ("recognition", "reward_intensity", "reward_cs_share", "team_reward_weight"),
    "action (the activities)": (
        "empowerment",
        "training",
        "service_spend",
        "relationship_continuity",
        "segment_targeting",
        "community_programs",
    ),
    "feedback (the scorecard)": ("service_scorecard", "voice_of_customer"),
}

PRACTICE_BY_KEY = {p.key: p for p in PRACTICES}


def step_policy(step: int) -> Policy:
    """The cumulative lever preset of culture step 1..5."""
    if step not in STEP_NAMES:
        raise InputError(f"step must be one of 1..5, got {step!r}")
    policy = Policy()
    for p in PRACTICES:
        if p.step is not None and 1 < p.step <= step:
            policy = replace(policy, **p.levers)
    return policy


def apply_practices(policy: Policy, keys: list[str]) -> Policy:
    """Adopt named practices on top of a policy (later ones win)."""
    for k in keys:
        if k not in PRACTICE_BY_KEY:
            raise InputError(f"unknown practice {k!r}; see `culturesim steps`")
        policy = replace(policy, **PRACTICE_BY_KEY[k].levers)
    return policy


@dataclass(frozen=True)
class Phase:
    """From ``month`` on, the organization aims at ``policy``."""

    month: int
    policy: Policy


@dataclass(frozen=True)
class Schedule:
    """Target policy over time: piecewise constant, phases sorted by start month."""

    phases: tuple[Phase, ...] = field(default_factory=lambda: (Phase(0, step_policy(1)),))

    def __post_init__(self):
        months = [p.month for p in self.phases]
        if not months or months[0] != 0 or months != sorted(set(months)):
            raise InputError("schedule phases need strictly increasing months starting at 0")

    @classmethod
    def constant(cls, policy: Policy) -> Schedule:
        return cls((Phase(0, policy),))

    def target_at(self, month: int) -> Policy:
        current = self.phases[0].policy
        for ph in self.phases:
            if ph.month <= month:
                current = ph.policy
        return current

    def lever_path(self, months: int) -> dict[str, np.ndarray]:
        """Target value of every lever for months 0..months-1, as read-only float arrays.

        Filled phase by phase (no Python list per month), so 1,200 months of 100,000 replications
        of one schedule cost one set of arrays, not billions of list items; cached per schedule.
        """
        return _lever_path(self, int(months))


@lru_cache(maxsize=64)
def _lever_path(schedule: Schedule, months: int) -> dict[str, np.ndarray]:
    starts = [min(max(p.month, 0), months) for p in schedule.phases] + [months]
    path = {}
    for name in LEVERS:
        values = np.empty(months, dtype=np.float64)
        for phase, lo, hi in zip(schedule.phases, starts, starts[1:]):
            values[lo:hi] = getattr(phase.policy, name)
        values.flags.writeable = False
        path[name] = values
    return path


def catalogue_text() -> str:
    """The practices catalogue, grouped by step and source, as printed by ``culturesim steps``."""
    lines = []
    for step, title in STEP_NAMES.items():
        lines.append(f"Step {step}: {title}")
        for p in PRACTICES:
            if p.step == step:
                lines.append(f"  - {p.name}  [{p.key}] -> " + ", ".join(f"{k}={v:g}" for k, v in p.levers.items()))
    lines.append("Other practices (seeds 001-003), adoptable in any scenario via `practices = [...]`:")
    for p in PRACTICES:
        if p.step is None:
            lines.append(
                f"  - ({p.source}) {p.name}  [{p.key}] -> " + ", ".join(f"{k}={v:g}" for k, v in p.levers.items())
            )
    lines.append("Basch's six elements (seed 004) as groupings of levers:")
    for element, levers in BASCH_ELEMENTS.items():
        lines.append(f"  - {element}: {', '.join(levers)}")
    lines.append("Step presets (cumulative):")
    presets = [step_policy(s) for s in STEP_NAMES]
    lines.append("  " + "lever".ljust(26) + "".join(f"step{s}".rjust(7) for s in STEP_NAMES))
    for f in fields(Policy):
        lines.append("  " + f.name.ljust(26) + "".join(f"{getattr(p, f.name):7.2f}" for p in presets))
    return "\n".join(lines)
