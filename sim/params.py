"""Typed, frozen parameters: sizes, environment (market, workforce, calibration) and policy levers.

Every parameter carries bounds, a unit, a one-line meaning and its source or rationale
(covasim's habit, in typed form). Effect sizes, rates and volumes include zero in their
bounds, so every mechanism can be switched off. Any subset exports as a SALib ``problem``.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field, fields
from typing import Any


def _p(default, lo, hi, unit, meaning, source, integer=False, mechanism=None):
    """A parameter field: default plus the metadata that documents and bounds it.

    ``mechanism`` says which part of the model an environment parameter belongs to (one of
    ``MECHANISMS``); sizes and levers are grouped as such.
    """
    return field(
        default=default,
        metadata=dict(bounds=(lo, hi), unit=unit, meaning=meaning, source=source, integer=integer, mechanism=mechanism),
    )


#: the mechanisms of the model, in the order of a month (docs/model.md), then money and the start
MECHANISMS: tuple[str, ...] = (
    "policy adoption",
    "skill",
    "culture",
    "hiring and removal",
    "staffing",
    "rewards and effort",
    "workload",
    "engagement and quits",
    "service encounter",
    "problems and recovery",
    "satisfaction and expectations",
    "NPS",
    "loyalty and churn",
    "community",
    "customer value",
    "offer fit",
    "acquisition",
    "suppliers",
    "finance",
    "initial state",
)


@dataclass(frozen=True)
class Sizes:
    """Array sizes: shared by every scenario of one batch (they fix array shapes).

    The finances are calibrated to about 20 customer slots per employee (the defaults, 2,000 : 100):
    wages are per employee, revenue per customer. Scale both together (e.g. 50 : 1,000), or adjust
    ``wage`` and ``value_mean``, or wages swamp revenue.
    """

    n_employees: int = _p(
        100,
        8,
        5000,
        "employees",
        "Headcount at the start (kept constant under a fixed staffing policy, staffing_to_demand 0)",
        "Judgement: a mid-sized organization (docs/model.md 1.2)",
        integer=True,
    )
    n_customers: int = _p(
        2000,
        50,
        200000,
        "customers",
        "Customer slots (capacity; active mask inside)",
        "Judgement: a mid-sized organization (docs/model.md 1.2)",
        integer=True,
    )
    n_suppliers: int = _p(
        10,
        1,
        500,
        "suppliers",
        "Number of suppliers",
        "Judgement: a mid-sized organization (docs/model.md 1.2)",
        integer=True,
    )
    max_employees: int = _p(
        0,
        0,
        20000,
        "employees",
        "Largest headcount a staffing policy may reach (0: twice n_employees); employee arrays are "
        "sized to it when a scenario staffs to demand",
        "Judgement: room for a base that doubles (docs/model.md 4.6)",
        integer=True,
    )


@dataclass(frozen=True)
class Environment:
    """The world the organization lives in, and the calibration of each mechanism."""

    # --- workforce -----------------------------------------------------------------
    quit_base: float = _p(
        0.035,
        0.0,
        0.15,
        "1/month",
        "Quit probability at reference engagement 0.5",
        "BLS JOLTS total separations ~3.5%/month (quits alone ~2.3%/month), whole economy, "
        "as cited in Bhatt 2017 ABM [S]; every exit here is a separation",
        mechanism="engagement and quits",
    )
    quit_engagement: float = _p(
        2.0,
        0.0,
        6.0,
        "log hazard/unit",
        "How strongly engagement lowers quitting",
        "Harter et al. 2002: r(engagement, turnover) ~ -.30",
        mechanism="engagement and quits",
    )
    overload_flight: float = _p(
        1.0,
        0.0,
        4.0,
        "x hazard/unit",
        "Extra quit hazard of skilled staff per unit overload",
        "Judgement; seed 002 downside: best employees leave when overloaded",
        mechanism="engagement and quits",
    )
    learn_rate: float = _p(
        0.08,
        0.0,
        0.3,
        "1/month",
        "Skill gain per month at full training (diminishing returns)",
        "Judgement; skill saturates within ~2 years of full training",
        mechanism="skill",
    )
    learn_by_doing: float = _p(
        0.15, 0.0, 1.0, "share", "Training-equivalent learning from work itself", "Judgement", mechanism="skill"
    )
    forget_rate: float = _p(
        0.01, 0.0, 0.1, "1/month", "Skill decay without practice or training", "Judgement", mechanism="skill"
    )
    socialization: float = _p(
        0.08,
        0.0,
        0.3,
        "1/month",
        "Pull of orientation toward the culture target at full communication",
        "Harrison & Carroll 1991 (management socialization)",
        mechanism="culture",
    )
    peer_influence: float = _p(
        0.05,
        0.0,
        0.3,
        "1/month",
        "Pull of orientation toward the team's mean",
        "Harrison & Carroll 1991 (coworker socialization)",
        mechanism="culture",
    )
    orientation_decay: float = _p(
        0.03,
        0.0,
        0.15,
        "1/month",
        "Decay of orientation when not reinforced",
        "Harrison & Carroll 1991 (decay without reinforcement)",
        mechanism="culture",
    )
    culture_target_base: float = _p(
        0.2,
        0.0,
        1.0,
        "0..1",
        "Orientation the culture pulls toward with no vision and no customer goals",
        "Judgement",
        mechanism="culture",
    )
    culture_target_vision: float = _p(
        0.5,
        0.0,
        1.0,
        "0..1/unit",
        "Rise of that target with a fully clear customer vision",
        "Judgement; Basch: the vision says what customer focus means",
        mechanism="culture",
    )
    culture_target_goals: float = _p(
        0.3,
        0.0,
        1.0,
        "0..1/unit",
        "Rise of that target with full customer-satisfaction goals",
        "Judgement",
        mechanism="culture",
    )
    communication_floor: float = _p(
        0.2,
        0.0,
        1.0,
        "share",
        "Share of socialization's pull that works with no communication effort",
        "Judgement",
        mechanism="culture",
    )
    communication_weight: float = _p(
        0.8,
        0.0,
        1.0,
        "share/unit",
        "Extra share of socialization's pull at full communication",
        "Judgement",
        mechanism="culture",
    )
    hire_orientation: float = _p(
        0.35,
        0.0,
        1.0,
        "0..1",
        "Mean customer orientation of the applicant pool",
        "Judgement",
        mechanism="hiring and removal",
    )
    hire_orientation_sd: float = _p(
        0.2, 0.0, 0.5, "0..1", "Spread of applicant orientation", "Judgement", mechanism="hiring and removal"
    )
    selection_gain: float = _p(
        1.0,
        0.0,
        2.0,
        "pool sd",
        "Mean orientation gain of hires at full selectivity, in applicant-pool sd",
        "Judgement: taking the top ~40% of a normal pool gains 0.97 sd",
        mechanism="hiring and removal",
    )
    selection_narrowing: float = _p(
        0.6,
        0.0,
        1.0,
        "share",
        "Cut in the spread of hires' orientation at full selectivity",
        "Judgement",
        mechanism="hiring and removal",
    )
    onboarding_gain: float = _p(
        0.15,
        0.0,
        0.5,
        "orientation",
        "Orientation added to a hire by full culture onboarding",
        "Judgement",
        mechanism="hiring and removal",
    )
    hire_skill_low: float = _p(
        0.25,
        0.0,
        0.5,
        "0..1",
        "Lowest starting skill of a hire (uniform from here)",
        "Judgement: new staff still have to learn",
        mechanism="hiring and removal",
    )
    hire_skill_width: float = _p(
        0.25, 0.0, 0.5, "0..1", "Width of the hires' starting skill range", "Judgement", mechanism="hiring and removal"
    )
    hire_engagement: float = _p(
        0.55, 0.0, 1.0, "0..1", "Engagement of a new hire (the honeymoon)", "Judgement", mechanism="hiring and removal"
    )
    staffing_load: float = _p(
        1.0,
        0.5,
        2.0,
        "x comfortable_load",
        "Customers per frontline employee a demand-staffed organization hires for, in comfortable loads",
        "Judgement: staff to the comfortable load (Sterman 2000, People Express: growth without hiring erodes service)",
        mechanism="staffing",
    )
    hiring_lead_time: float = _p(
        3.0,
        0.0,
        12.0,
        "months",
        "Months from opening a new position to the hire's first month",
        "SHRM 2016 Human Capital Benchmarking: about 42 days to fill, plus notice and start (as recalled, not checked)",
        integer=True,
        mechanism="staffing",
    )
    staffing_band: float = _p(
        0.1,
        0.0,
        1.0,
        "share",
        "Over-staffing tolerated before layoffs (share of the target headcount)",
        "Judgement: layoffs are not made for a few customers' swing",
        mechanism="staffing",
    )
    layoff_engagement_drop: float = _p(
        1.0,
        0.0,
        5.0,
        "engagement/share",
        "Survivors' engagement drop per share of the workforce laid off in a month",
        "Judgement; direction: Brockner et al. 1987 (layoff survivors), Trevor & Nyberg 2008 "
        "(downsizing raises later quits)",
        mechanism="staffing",
    )
    severance_months: float = _p(
        2.0,
        0.0,
        12.0,
        "months of wage",
        "Severance paid per layoff, in months of wage",
        "Judgement (about two weeks a year of service over a few years)",
        mechanism="staffing",
    )
    misfit_rate: float = _p(
        0.05,
        0.0,
        0.3,
        "1/month",
        "Monthly removal chance of a flagged employee at full misfit_removal",
        "Judgement; at most ~10% of the frontline a year, GE's 'bottom 10%' [S]",
        mechanism="hiring and removal",
    )
    misfit_below: float = _p(
        1.0,
        0.0,
        3.0,
        "sd",
        "Flagged: measured orientation this many sd below the frontline's measured mean",
        "Judgement (about the bottom 16%)",
        mechanism="hiring and removal",
    )
    engagement_speed: float = _p(
        0.2,
        0.0,
        1.0,
        "1/month",
        "Speed at which engagement follows its drivers",
        "Judgement",
        mechanism="engagement and quits",
    )
    engagement_base: float = _p(
        0.35,
        0.0,
        1.0,
        "0..1",
        "Engagement with no positive drivers and no pressure",
        "Gallup, State of the American Workplace 2017: about a third of employees engaged",
        mechanism="engagement and quits",
    )
    engagement_effect: float = _p(
        1.0,
        0.0,
        2.0,
        "x",
        "Scale of all engagement drivers (0: engagement fixed at base)",
        "Judgement: a switch for the internal-service link of the chain",
        mechanism="engagement and quits",
    )
    engagement_recognition: float = _p(
        0.15,
        0.0,
        0.5,
        "engagement/unit",
        "Engagement driver: recognition",
        "Judgement; Gallup Q12 item 4 (recognition)",
        mechanism="engagement and quits",
    )
    engagement_empowerment: float = _p(
        0.15,
        0.0,
        0.5,
        "engagement/unit",
        "Engagement driver: empowerment",
        "Judgement",
        mechanism="engagement and quits",
    )
    engagement_rewards: float = _p(
        0.15,
        0.0,
        0.5,
        "engagement/unit",
        "Engagement driver: rewards earned (reward intensity x appraisal)",
        "Judgement",
        mechanism="engagement and quits",
    )
    engagement_scorecard: float = _p(
        0.1,
        0.0,
        0.5,
        "engagement/unit",
        "Engagement driver: fair, visible measurement",
        "Judgement",
        mechanism="engagement and quits",
    )
    engagement_overload: float = _p(
        0.2,
        0.0,
        0.5,
        "engagement/unit",
        "Engagement lost per unit overload",
        "Judgement",
        mechanism="engagement and quits",
    )
    engagement_cost_focus: float = _p(
        0.1,
        0.0,
        0.5,
        "engagement/unit",
        "Engagement lost at full cost focus",
        "Judgement",
        mechanism="engagement and quits",
    )
    team_monitoring: float = _p(
        4.0,
        1.0,
        30.0,
        "employees",
        "Team size up to which peers monitor each other (no free-riding)",
        "Holmstrom 1982 moral hazard in teams; Kandel & Lazear 1992 peer pressure",
        mechanism="rewards and effort",
    )
    helping: float = _p(
        0.5,
        0.0,
        1.0,
        "share",
        "Share of a weak colleague's gap covered by the team at full team reward",
        "Judgement; team rewards raise helping (Holmstrom 1982 discussion)",
        mechanism="rewards and effort",
    )
    individual_precision_base: float = _p(
        0.3,
        0.0,
        1.0,
        "share",
        "Precision of an individual reward measure with no service scorecard",
        "Judgement",
        mechanism="rewards and effort",
    )
    individual_precision_scorecard: float = _p(
        0.7,
        0.0,
        1.0,
        "share/unit",
        "Extra precision of an individual measure at a full scorecard",
        "Judgement",
        mechanism="rewards and effort",
    )
    team_precision_base: float = _p(
        0.5,
        0.0,
        1.0,
        "share",
        "Precision of a team reward measure with no scorecard (before free-riding)",
        "Judgement",
        mechanism="rewards and effort",
    )
    team_precision_scorecard: float = _p(
        0.5,
        0.0,
        1.0,
        "share/unit",
        "Extra precision of a team measure at a full scorecard",
        "Judgement",
        mechanism="rewards and effort",
    )
    effort_base: float = _p(
        0.7,
        0.0,
        1.0,
        "x engagement",
        "Effort per unit engagement with no incentive",
        "Judgement",
        mechanism="rewards and effort",
    )
    effort_incentive: float = _p(
        0.6,
        0.0,
        2.0,
        "x engagement/unit",
        "Extra effort per unit engagement at full incentive",
        "Judgement",
        mechanism="rewards and effort",
    )
    aim_base: float = _p(
        0.4,
        0.0,
        1.0,
        "share",
        "Share of effort aimed at what customers value with no goals or CS-linked pay",
        "Judgement",
        mechanism="rewards and effort",
    )
    aim_goals: float = _p(
        0.3,
        0.0,
        1.0,
        "share/unit",
        "Extra aimed share with full customer-satisfaction goals",
        "Judgement; Basch goals",
        mechanism="rewards and effort",
    )
    aim_cs_reward: float = _p(
        0.3,
        0.0,
        1.0,
        "share/unit",
        "Extra aimed share when all rewards are tied to customer satisfaction",
        "Judgement",
        mechanism="rewards and effort",
    )
    measure_noise: float = _p(
        0.15,
        0.0,
        0.5,
        "sd",
        "Noise of a performance measure with no service scorecard (uniform)",
        "Judgement",
        mechanism="rewards and effort",
    )
    # --- customers -----------------------------------------------------------------
    comfortable_load: float = _p(
        30.0,
        2.0,
        2000.0,
        "customers/employee",
        "Customers per frontline employee with no time pressure",
        "Judgement; up to 2,000 for sectors with many customers per employee (sim.runs.profiles)",
        mechanism="workload",
    )
    overload_max: float = _p(
        2.0,
        0.0,
        10.0,
        "x comfortable load",
        "Cap on overload: load beyond the comfortable one, in multiples of it",
        "Judgement",
        mechanism="workload",
    )
    employee_effect: float = _p(
        0.55,
        0.0,
        1.0,
        "quality/unit",
        "Weight of the employee (skill, orientation, effort) in quality",
        "Service-profit chain; Brown & Lam 2008: service quality mediates ES->CS",
        mechanism="service encounter",
    )
    time_effect: float = _p(
        0.2, 0.0, 1.0, "quality/unit", "Weight of service time in quality", "Judgement", mechanism="service encounter"
    )
    supplier_effect: float = _p(
        0.15,
        0.0,
        1.0,
        "quality/unit",
        "Weight of supplier reliability in quality (reliability also drives problems)",
        "Judgement",
        mechanism="service encounter",
    )
    fit_effect: float = _p(
        0.15,
        0.0,
        1.0,
        "quality/unit",
        "Weight of offer fit (product matches current wants)",
        "Judgement",
        mechanism="service encounter",
    )
    hassle_effect: float = _p(
        0.1,
        0.0,
        0.5,
        "quality/unit",
        "Quality lost to rigid cost-driven rules at full cost focus",
        "Judgement; seed 002 key 7: rigid policies hurt customers",
        mechanism="service encounter",
    )
    quality_noise: float = _p(
        0.15,
        0.0,
        0.5,
        "quality sd",
        "Spread of encounter quality (halved by clear values)",
        "Judgement",
        mechanism="service encounter",
    )
    capability_skill: float = _p(
        0.35,
        0.0,
        1.0,
        "capability/unit",
        "Weight of skill in what an employee brings to an encounter",
        "Judgement",
        mechanism="service encounter",
    )
    capability_orientation: float = _p(
        0.35,
        0.0,
        1.0,
        "capability/unit",
        "Weight of customer orientation in it",
        "Judgement",
        mechanism="service encounter",
    )
    capability_effort: float = _p(
        0.3, 0.0, 1.0, "capability/unit", "Weight of aimed effort in it", "Judgement", mechanism="service encounter"
    )
    values_noise_cut: float = _p(
        0.5,
        0.0,
        1.0,
        "share",
        "Cut in encounter-quality noise with fully clear values (consistency)",
        "Judgement",
        mechanism="service encounter",
    )
    service_time_base: float = _p(
        0.3,
        0.0,
        1.0,
        "time units",
        "Service time per encounter at zero service spend",
        "Judgement",
        mechanism="service encounter",
    )
    cost_focus_time_cut: float = _p(
        0.4, 0.0, 1.0, "share", "Cut in service time at full cost focus", "Judgement", mechanism="service encounter"
    )
    targeting_high: float = _p(
        0.6,
        0.0,
        1.0,
        "share",
        "Extra service time of high-value customers at full segment targeting",
        "Judgement",
        mechanism="service encounter",
    )
    targeting_low: float = _p(
        0.5,
        0.0,
        1.0,
        "share",
        "Service time taken from low-value customers at full segment targeting",
        "Judgement",
        mechanism="service encounter",
    )
    time_saturation: float = _p(
        2.5,
        0.0,
        10.0,
        "1/time unit",
        "How fast service time's value saturates (quality 1 - exp(-k t))",
        "Judgement",
        mechanism="service encounter",
    )
    problem_rate: float = _p(
        0.12,
        0.0,
        0.5,
        "1/encounter",
        "Chance of a problem with a perfectly reliable supply, "
        "no cost focus and the reference back office (70% of staff)",
        "Judgement",
        mechanism="problems and recovery",
    )
    back_office_effect: float = _p(
        0.5,
        0.0,
        1.0,
        "x problems/share",
        "Problems prevented per unit back-office share of staff above the reference 0.7 (process quality, preparation)",
        "Judgement; makes frontline_share a trade-off (issue #10)",
        mechanism="problems and recovery",
    )
    problem_penalty: float = _p(
        0.35,
        0.0,
        1.0,
        "quality",
        "Quality lost to an unrecovered problem",
        "Judgement",
        mechanism="problems and recovery",
    )
    back_office_reference: float = _p(
        0.7,
        0.1,
        0.9,
        "share of staff",
        "Back-office share at which problem_rate applies (the step-1 organization)",
        "Judgement",
        mechanism="problems and recovery",
    )
    unreliable_problems: float = _p(
        2.0,
        1.0,
        4.0,
        "x problem_rate",
        "Problem multiplier with a fully unreliable supply (1 with a perfectly reliable one, linear between)",
        "Judgement",
        mechanism="problems and recovery",
    )
    cost_focus_problems: float = _p(
        0.5,
        0.0,
        2.0,
        "x problems/unit",
        "Extra problems at full cost focus (rigid cost-driven processes)",
        "Judgement; seed 002 key 7",
        mechanism="problems and recovery",
    )
    heard_base: float = _p(
        0.2,
        0.0,
        1.0,
        "share",
        "Share of problems heard with no voice-of-customer programme",
        "Judgement",
        mechanism="problems and recovery",
    )
    heard_voc: float = _p(
        0.8,
        0.0,
        1.0,
        "share/unit",
        "Extra share of problems heard at full voice of customer",
        "Judgement",
        mechanism="problems and recovery",
    )
    fix_base: float = _p(
        0.1,
        0.0,
        1.0,
        "share",
        "Chance a heard problem is fixed with no empowerment",
        "Judgement",
        mechanism="problems and recovery",
    )
    fix_empowered: float = _p(
        0.8,
        0.0,
        1.0,
        "share/unit",
        "Extra fix chance at full empowerment, per unit capability",
        "Judgement",
        mechanism="problems and recovery",
    )
    recovery_bonus: float = _p(
        0.05,
        0.0,
        0.3,
        "quality",
        "Quality gained from a well-recovered problem",
        "Service recovery paradox (small; Smith & Bolton 1998)",
        mechanism="problems and recovery",
    )
    lost_employee_drop: float = _p(
        0.15,
        0.0,
        0.5,
        "satisfaction",
        "Satisfaction drop when one's dedicated employee leaves",
        "Heskett et al. 1994: 75% -> 55% satisfied when the service worker left",
        mechanism="satisfaction and expectations",
    )
    dedicated_after: float = _p(
        3.0,
        1.0,
        24.0,
        "months",
        "Months with one employee before the customer treats them as theirs",
        "Judgement",
        mechanism="satisfaction and expectations",
        integer=True,
    )
    satisfaction_slope: float = _p(
        8.0,
        0.0,
        20.0,
        "1/quality",
        "Steepness of satisfaction in disconfirmation",
        "Oliver 1980 expectation-disconfirmation",
        mechanism="satisfaction and expectations",
    )
    satisfaction_speed: float = _p(
        0.4,
        0.0,
        1.0,
        "1/month",
        "Speed at which satisfaction follows experience",
        "Judgement",
        mechanism="satisfaction and expectations",
    )
    expectation_speed: float = _p(
        0.06,
        0.0,
        0.5,
        "1/month",
        "Adaptation of expectations to experienced quality",
        "Adaptation level (Helson 1964); expectations rise with experience",
        mechanism="satisfaction and expectations",
    )
    market_standard: float = _p(
        0.2,
        0.0,
        1.0,
        "quality",
        "Service quality customers meet elsewhere at month 0",
        "Judgement; anchors expectations (Oliver 1980)",
        mechanism="satisfaction and expectations",
    )
    experience_weight: float = _p(
        0.5,
        0.0,
        1.0,
        "share",
        "Weight of own experience (vs the market) in expectations",
        "Judgement; adaptation level theory",
        mechanism="satisfaction and expectations",
    )
    market_rise: float = _p(
        0.0,
        0.0,
        0.5,
        "quality",
        "Total rise of the market's bar (competitors improving), reached gradually",
        "Judgement (environment choice), off by default: a bounded rise keeps baselines stationary (issue #10)",
        mechanism="satisfaction and expectations",
    )
    market_rise_time: float = _p(
        60.0,
        1.0,
        600.0,
        "months",
        "Time constant of the market's rise (63% of it reached)",
        "Judgement (environment choice)",
        mechanism="satisfaction and expectations",
    )
    new_satisfaction: float = _p(
        0.5,
        0.0,
        1.0,
        "0..1",
        "Satisfaction of a new customer (neutral)",
        "Judgement",
        mechanism="satisfaction and expectations",
    )
    arrival_spread: float = _p(
        0.1,
        0.0,
        0.4,
        "quality",
        "Width of new customers' expectations around the market's bar (uniform)",
        "Judgement",
        mechanism="satisfaction and expectations",
    )
    loyalty_convexity: float = _p(
        3.0,
        1.0,
        6.0,
        "exponent",
        "Convexity of loyalty in satisfaction",
        "Jones & Sasser 1995: totally satisfied 6x more loyal than satisfied",
        mechanism="loyalty and churn",
    )
    relationship_bond: float = _p(
        0.25,
        0.0,
        0.6,
        "loyalty",
        "Loyalty from a lasting relationship with one employee",
        "Seed 000 step 3; Heskett et al. 1994",
        mechanism="loyalty and churn",
    )
    community_bond: float = _p(
        0.25,
        0.0,
        0.6,
        "loyalty",
        "Loyalty from community membership",
        "Judgement; seed 000 step 4",
        mechanism="loyalty and churn",
    )
    relationship_maturity: float = _p(
        12.0,
        1.0,
        60.0,
        "months",
        "Months for the relationship bond to reach its full size",
        "Judgement",
        mechanism="loyalty and churn",
    )
    bond_max: float = _p(
        0.9,
        0.0,
        1.0,
        "loyalty",
        "Cap on relationship and community bonds together",
        "Judgement",
        mechanism="loyalty and churn",
    )
    loyalty_speed: float = _p(
        0.3,
        0.0,
        1.0,
        "1/month",
        "Speed at which loyalty follows its target",
        "Judgement",
        mechanism="loyalty and churn",
    )
    churn_floor: float = _p(
        0.001,
        0.0,
        0.05,
        "1/month",
        "Churn of the most loyal customers (moves, needs end)",
        "Mobile postpaid <1%/month; 0.001 (was 0.004) so top-box customers churn several "
        "times less than satisfied ones (Jones & Sasser 1995; docs/validation.md fact 2)",
        mechanism="loyalty and churn",
    )
    churn_ceiling: float = _p(
        0.04,
        0.0,
        0.3,
        "1/month",
        "Churn of customers with no loyalty, before competitor pull",
        "Calibrated (step-1 annual churn 20-35%); 4.8%/month with the default pull, between "
        "Sprint postpaid 2.8% and prepaid 5.6%/month [S]",
        mechanism="loyalty and churn",
    )
    churn_exponent: float = _p(
        3.0,
        0.0,
        6.0,
        "exponent",
        "How sharply churn falls as loyalty rises",
        "Calibrated: step-1 annual churn 20-35%, step-5 about 10% or less (issue #2 targets)",
        mechanism="loyalty and churn",
    )
    competitor_pull: float = _p(
        0.2,
        0.0,
        2.0,
        "x hazard",
        "Extra churn hazard from competitors' offers",
        "Judgement",
        mechanism="loyalty and churn",
    )
    recommend_at_zero: float = _p(
        3.2,
        0.0,
        6.0,
        "0-10 answer",
        "Expected answer to 'how likely are you to recommend us?' (0-10) of a customer at satisfaction 0",
        "Calibrated: with recommend_at_one, the expected answer crosses NPS's band edges 6.5 and 8.5 "
        "(Reichheld 2003) at satisfaction 0.5 and 0.8, where the step ladder's NPS falls in published "
        "ranges (step 1 in [-35, 0], step 5 in [+40, +80]; docs/model.md 5.19)",
        mechanism="NPS",
    )
    recommend_at_one: float = _p(
        9.8,
        7.0,
        10.0,
        "0-10 answer",
        "Expected recommend answer (0-10) of a customer at satisfaction 1",
        "Calibrated with recommend_at_zero; Jones & Sasser 1995: only the completely satisfied are "
        "reliably loyal, so the top of satisfaction maps onto the promoters' 9-10",
        mechanism="NPS",
    )
    recommend_spread: float = _p(
        0.5,
        0.1,
        2.0,
        "0-10 answer",
        "Scatter of answers around the expected one (logistic scale; sd = 1.81 x this)",
        "Judgement: ordinal answers as an ordered logit (McCullagh 1980); 0.5 gives a customer-level "
        "correlation of satisfaction with the answer of 0.55-0.71 across steps 1-5 (docs/model.md 5.19)",
        mechanism="NPS",
    )
    community_join: float = _p(
        0.08,
        0.0,
        0.3,
        "1/month",
        "Chance a non-member joins at full community programmes",
        "Judgement",
        mechanism="community",
    )
    community_leave_base: float = _p(
        0.03, 0.0, 0.2, "1/month", "Chance a member leaves with full programmes", "Judgement", mechanism="community"
    )
    community_leave_unsupported: float = _p(
        0.1, 0.0, 0.5, "1/month", "Extra chance a member leaves with no programmes", "Judgement", mechanism="community"
    )
    cross_sell: float = _p(
        0.4,
        0.0,
        1.5,
        "spend/unit loyalty",
        "Extra spend of a fully loyal customer",
        "Reichheld & Sasser 1990",
        mechanism="customer value",
    )
    value_mean: float = _p(
        1200.0,
        0.0,
        1e5,
        "$/month",
        "Mean monthly revenue potential of a customer",
        "Judgement (B2B service)",
        mechanism="customer value",
    )
    value_sigma: float = _p(
        1.0,
        0.0,
        2.5,
        "log sd",
        "Heavy tail of customer value (lognormal)",
        "Judgement: the top 20% of customers give 56% of revenue (an 80/20 split needs about 1.68); "
        "Heskett et al. 1994: the top 20% provide all the profit [S]",
        mechanism="customer value",
    )
    gross_margin: float = _p(
        0.65, 0.0, 1.0, "share", "Gross margin on revenue", "Judgement (services)", mechanism="customer value"
    )
    want_drift: float = _p(
        0.02,
        0.0,
        0.2,
        "1/month",
        "Monthly loss of offer fit as customers' wants drift",
        "Judgement; seeds 002/003: wants change; customers don't know what they want",
        mechanism="offer fit",
    )
    fit_learning: float = _p(
        0.1,
        0.0,
        0.5,
        "1/month",
        "Recovery of offer fit per month at full listening",
        "Judgement",
        mechanism="offer fit",
    )
    fit_voc: float = _p(
        0.6,
        0.0,
        1.0,
        "share",
        "Share of offer-fit learning from listening (voice of customer)",
        "Judgement",
        mechanism="offer fit",
    )
    fit_benchmarking: float = _p(
        0.4,
        0.0,
        1.0,
        "share",
        "Share of offer-fit learning from competitor benchmarking",
        "Judgement",
        mechanism="offer fit",
    )
    # --- acquisition ----------------------------------------------------------------
    initial_share: float = _p(
        0.9,
        0.0,
        1.0,
        "share of slots",
        "Active customers at month 0",
        "Judgement: near the slower-growing steps' steady state, so 20 years stay flat (docs/model.md 7)",
        mechanism="initial state",
    )
    initial_state_low: float = _p(
        0.3,
        0.0,
        0.5,
        "0..1",
        "Lowest skill, engagement and satisfaction before warm-up (uniform from here)",
        "Judgement; the warm-up washes it out",
        mechanism="initial state",
    )
    initial_state_width: float = _p(
        0.4,
        0.0,
        0.5,
        "0..1",
        "Width of that starting range",
        "Judgement; the warm-up washes it out",
        mechanism="initial state",
    )
    initial_tenure_max: float = _p(
        36.0,
        1.0,
        120.0,
        "months",
        "Longest tenure of the staff in post before warm-up (uniform)",
        "Judgement",
        mechanism="initial state",
        integer=True,
    )
    initial_supplier_spread: float = _p(
        0.2,
        0.0,
        0.4,
        "0..1",
        "Width of initial supplier reliability around its mean, before settling",
        "Judgement",
        mechanism="initial state",
    )
    market_potential: float = _p(
        1.3,
        0.0,
        10.0,
        "x capacity",
        "Customers the organization could win (Bass m), as a multiple of its capacity (customer slots); "
        "above 1 capacity can bind before the market does",
        "Calibrated with bass_p and bass_q: the step ladder's bases (about 40% of capacity at step 1, 90% at "
        "step 5) and retention worth 3-7x each customer's contribution at steps 2-4 (Gupta, Lehmann & Stuart "
        "2004; 2.8x at step 5, where capacity binds; docs/model.md 5.16, 7)",
        mechanism="acquisition",
    )
    bass_p: float = _p(
        0.1,
        0.0,
        1.0,
        "1/year",
        "Innovation: share of the remaining market adopting per year at marketing 0.5 (Bass p; a twelfth a month)",
        "Calibrated: the step-1 base fills about 40% of the capacity; Sultan, Farley & Lehmann 1990: p ~ .03/year "
        "for first purchase of durables [S], too low for switching in a mature service market",
        mechanism="acquisition",
    )
    bass_q: float = _p(
        0.02,
        0.0,
        1.0,
        "1/year",
        "Imitation: share of the remaining market adopting per year per unit share of the market "
        "already customers, at a balanced base (Bass q; a twelfth a month; word of mouth modifies it)",
        "Calibrated: Sultan, Farley & Lehmann 1990's mean q ~ .38/year (213 applications, first purchase "
        "of new durables) [S] saturates a mature switching market at steps 3-5, where retention then adds "
        "no customers (docs/model.md 5.16)",
        mechanism="acquisition",
    )
    marketing_elasticity: float = _p(
        0.24,
        0.0,
        1.0,
        "elasticity",
        "Elasticity of innovation leads to marketing spend (0: leads do not depend on spend)",
        "Sethuraman, Tellis & Briesch 2011, JMR 48(3): long-term advertising elasticity ~.24 [M]",
        mechanism="acquisition",
    )
    acquisition_cost: float = _p(
        2000.0,
        0.0,
        5e4,
        "$/new customer",
        "Cost of acquiring one customer (sales, set-up, offers), on top of the marketing spend",
        "Judgement: about 3 months of gross margin; B2B CAC payback benchmarks 5-15 months of "
        "margin [S]; acquiring costs 5-25x retaining (Gallo 2014) [S]",
        mechanism="finance",
    )
    conversion: float = _p(
        1.0,
        0.0,
        1.0,
        "share",
        "Share of Bass adopters who sign (1 keeps the stated Bass curve)",
        "Judgement; seed 002: leads may not convert",
        mechanism="acquisition",
    )
    detractor_weight: float = _p(
        1.0,
        0.0,
        3.0,
        "x",
        "Lost conversions per detractor relative to a promoter's gain",
        "Judgement",
        mechanism="acquisition",
    )
    wom_imitation: float = _p(
        1.0,
        0.0,
        2.0,
        "x per unit",
        "Change of imitation (Bass q) per unit net promoter share of the base (0: culture does not move "
        "word of mouth; at 1 a base of all promoters doubles q, one of all detractors silences it)",
        "Judgement; direction after Reichheld 2003 (net promoters and growth) and East, Hammond & Lomax "
        "2008 (positive and negative word of mouth) [S]",
        mechanism="acquisition",
    )
    # --- suppliers ------------------------------------------------------------------
    supplier_reliability: float = _p(
        0.7, 0.0, 1.0, "0..1", "Mean initial supplier reliability", "Judgement", mechanism="suppliers"
    )
    supplier_learning: float = _p(
        0.05,
        0.0,
        0.3,
        "1/month",
        "Reliability gain per month at full collaboration",
        "Judgement",
        mechanism="suppliers",
    )
    supplier_decay: float = _p(
        0.01,
        0.0,
        0.1,
        "1/month",
        "Reliability drift toward commitment without collaboration",
        "Judgement",
        mechanism="suppliers",
    )
    supplier_turnover: float = _p(
        0.05,
        0.0,
        0.3,
        "1/month",
        "Chance the least committed supplier is replaced at full selection",
        "Judgement",
        mechanism="suppliers",
    )
    supplier_own_base: float = _p(
        0.4, 0.0, 1.0, "0..1", "Reliability a supplier with no commitment drifts to", "Judgement", mechanism="suppliers"
    )
    supplier_own_commitment: float = _p(
        0.5,
        0.0,
        1.0,
        "0..1/unit",
        "Extra reliability it drifts to at full commitment",
        "Judgement",
        mechanism="suppliers",
    )
    selected_commitment_low: float = _p(
        0.6,
        0.0,
        1.0,
        "0..1",
        "Lowest commitment of a supplier chosen at full selection (uniform from here)",
        "Judgement",
        mechanism="suppliers",
    )
    selected_commitment_width: float = _p(
        0.4, 0.0, 1.0, "0..1", "Width of that range", "Judgement", mechanism="suppliers"
    )
    # --- finance --------------------------------------------------------------------
    wage: float = _p(3000.0, 0.0, 2e4, "$/month", "Cost of one employee", "Judgement", mechanism="finance")
    training_cost: float = _p(
        400.0, 0.0, 5000.0, "$/employee-month", "Training cost at full training", "Judgement", mechanism="finance"
    )
    reward_pool: float = _p(
        0.15, 0.0, 1.0, "share of wages", "Bonus pool at full reward intensity", "Judgement", mechanism="finance"
    )
    recognition_cost: float = _p(
        60.0, 0.0, 1000.0, "$/employee-month", "Recognition at full level", "Judgement", mechanism="finance"
    )
    programme_cost: float = _p(
        100.0,
        0.0,
        2000.0,
        "$/employee-month",
        "Cost of each culture programme at full level",
        "Judgement (communication, vision, values, scorecard, VoC, benchmarking, goals)",
        mechanism="finance",
    )
    service_cost: float = _p(
        200.0,
        0.0,
        2000.0,
        "$/customer-month",
        "Cost of one unit of service time",
        "Judgement; makes over-serving lose money",
        mechanism="finance",
    )
    recovery_cost: float = _p(
        100.0, 0.0, 2000.0, "$/recovery", "Cost of recovering one problem", "Judgement", mechanism="finance"
    )
    community_cost: float = _p(
        30.0, 0.0, 500.0, "$/member-month", "Community programme cost per member", "Judgement", mechanism="finance"
    )
    supplier_fee: float = _p(
        30.0,
        0.0,
        500.0,
        "$/customer-month",
        "Base supplier cost per customer served (split among the suppliers; scales with the organization)",
        "Judgement",
        mechanism="finance",
    )
    supplier_premium: float = _p(
        0.3, 0.0, 1.0, "share", "Extra fee of a fully committed supplier", "Judgement", mechanism="finance"
    )
    hire_cost: float = _p(
        4500.0,
        0.0,
        5e4,
        "$/hire",
        "Recruiting cost of one hire at zero selectivity",
        "~1.5 months of wages; SHRM 2016 Human Capital Benchmarking: cost per hire ~$4,100",
        mechanism="finance",
    )
    onboarding_cost: float = _p(
        2000.0, 0.0, 2e4, "$/hire", "Onboarding cost at full onboarding", "Judgement", mechanism="finance"
    )
    separation_cost: float = _p(
        3000.0, 0.0, 5e4, "$/leaver", "Cost of a quit or removal", "Judgement", mechanism="finance"
    )
    marketing_budget: float = _p(
        15.0,
        0.0,
        500.0,
        "$/prospect-month",
        "Marketing spend per customer of the market (market_potential x slots) at full marketing",
        "Judgement: 19.5 $ per slot at the default market, about the 20 $ per slot charged before issue 19",
        mechanism="finance",
    )
    capacity_cost: float = _p(
        5.0,
        0.0,
        500.0,
        "$/slot-month",
        "Cost of the capacity the organization holds (premises, systems) per customer slot, filled or not",
        "Judgement",
        mechanism="finance",
    )
    change_cost: float = _p(
        3000.0,
        0.0,
        5e4,
        "$/employee/unit",
        "Cost of moving levers (per unit of total lever change)",
        "Judgement; culture change costs money (J-curve)",
        mechanism="policy adoption",
    )
    adoption_speed: float = _p(
        0.15,
        0.01,
        1.0,
        "1/month",
        "Speed at which the effective policy approaches its target",
        "Judgement; change takes time",
        mechanism="policy adoption",
    )
    discount_rate: float = _p(
        0.10, 0.0, 0.5, "1/year", "Discount rate for NPV and CLV", "Gupta & Lehmann 2003 (i = 10%)", mechanism="finance"
    )


@dataclass(frozen=True)
class Policy:
    """Policy levers: what management can choose. Steps are presets of these."""

    cost_focus: float = _p(
        0.8, 0.0, 1.0, "0..1", "Drive to cut the cost of serving (shorter service, rigid rules)", "Seed 000 step 1"
    )
    frontline_share: float = _p(
        0.3,
        0.1,
        0.9,
        "share",
        "Share of employees in contact with customers",
        "Seed 000 step 1: few employees face customers",
    )
    voice_of_customer: float = _p(
        0.1,
        0.0,
        1.0,
        "0..1",
        "Listening: complaints heard, preferences fed into offers",
        "Seed 000 step 2; Basch feedback",
    )
    service_scorecard: float = _p(
        0.1,
        0.0,
        1.0,
        "0..1",
        "Measurement of service quality visible to everyone (precision)",
        "Seed 002 key 1; Basch feedback; seed 003 #8",
    )
    satisfaction_goals: float = _p(
        0.1,
        0.0,
        1.0,
        "0..1",
        "Customer-satisfaction goals in plans (effort aimed at customers)",
        "Seed 000 step 2; Basch goals; seed 001 set goals",
    )
    competitor_benchmarking: float = _p(
        0.0, 0.0, 1.0, "0..1", "Competitor performance captured in plans (keeps offers current)", "Seed 000 step 4"
    )
    training: float = _p(0.2, 0.0, 1.0, "0..1", "Service training intensity", "Seed 000 step 2; seed 001")
    onboarding: float = _p(0.1, 0.0, 1.0, "0..1", "Culture onboarding of new hires", "Seed 002 key 5")
    hiring_selectivity: float = _p(
        0.2,
        0.0,
        1.0,
        "0..1",
        "Selection of applicants on customer orientation",
        "Harrison & Carroll 1991 (selective recruiting)",
    )
    communication: float = _p(
        0.2, 0.0, 1.0, "0..1", "Communication and socialization effort", "Seeds 001, 002 key 4, 003"
    )
    vision_clarity: float = _p(
        0.1,
        0.0,
        1.0,
        "0..1",
        "Clarity of the desired customer experience (culture target)",
        "Basch vision; seed 002 key 3",
    )
    values_clarity: float = _p(
        0.2, 0.0, 1.0, "0..1", "Clear expected behaviour (consistency; reinforcement)", "Basch values; seed 002 key 2"
    )
    recognition: float = _p(
        0.1, 0.0, 1.0, "0..1", "Recognition and celebration of good service", "Basch relevance; seed 002 key 4"
    )
    reward_intensity: float = _p(0.3, 0.0, 1.0, "0..1", "Size of performance pay", "Basch relevance")
    team_reward_weight: float = _p(
        0.0, 0.0, 1.0, "0..1", "Reward basis: 0 individual, 1 team", "Seed 000 steps 3-4; seed 002 key 6"
    )
    reward_cs_share: float = _p(
        0.0, 0.0, 1.0, "0..1", "Share of rewards tied to customer satisfaction", "Seed 000 steps 3-4"
    )
    empowerment: float = _p(
        0.1, 0.0, 1.0, "0..1", "Authority of frontline staff to fix problems", "Seed 000 step 4; seed 002 key 7"
    )
    relationship_continuity: float = _p(
        0.2, 0.0, 1.0, "0..1", "Chance a customer is served by the same employee", "Seed 000 step 3; seed 003 #2"
    )
    segment_targeting: float = _p(
        0.0, 0.0, 1.0, "0..1", "Service shifted toward high-value customers", "Seed 000 steps 3-4; seed 003 #1"
    )
    service_spend: float = _p(
        0.25, 0.0, 1.0, "0..1", "Service time and resources per customer", "Judgement; seed 002 downside"
    )
    community_programs: float = _p(
        0.0, 0.0, 1.0, "0..1", "Community programmes among customers and employees", "Seed 000 steps 4-5"
    )
    supplier_collaboration: float = _p(0.0, 0.0, 1.0, "0..1", "Working with suppliers on service", "Seed 000 step 3")
    supplier_selection: float = _p(0.0, 0.0, 1.0, "0..1", "Choosing suppliers on service commitment", "Seed 000 step 4")
    misfit_removal: float = _p(
        0.0, 0.0, 1.0, "0..1", "Moving out staff who do not serve customers well", "Seed 002 key 8"
    )
    marketing: float = _p(
        0.5, 0.0, 1.0, "0..1", "Marketing effort (leads)", "Judgement (acquisition, docs/model.md 5.16)"
    )
    team_size: float = _p(
        8.0,
        2.0,
        30.0,
        "employees",
        "Employees per team",
        "Judgement (teams of about 8, docs/model.md 5.2)",
        integer=True,
    )
    staffing_to_demand: float = _p(
        0.0,
        0.0,
        1.0,
        "0..1",
        "How far headcount follows demand: 0 a fixed headcount (leavers replaced), 1 staffed to the target load",
        "Judgement; Sterman 2000 (People Express): staffing for growth",
    )
    layoffs: float = _p(
        0.0,
        0.0,
        1.0,
        "0..1",
        "Share of an over-staffing laid off each month (0: attrition only)",
        "Judgement; Cascio 1993 (downsizing)",
    )


GROUPS: dict[str, type] = {"sizes": Sizes, "environment": Environment, "levers": Policy}
LEVERS: tuple[str, ...] = tuple(f.name for f in fields(Policy))
# Width of each lever's range: lever changes are costed in units of their range (culture change).
LEVER_RANGE: dict[str, float] = {f.name: f.metadata["bounds"][1] - f.metadata["bounds"][0] for f in fields(Policy)}
ENVIRONMENT: tuple[str, ...] = tuple(f.name for f in fields(Environment))


def spec(group: str, name: str) -> dict[str, Any]:
    """Metadata (bounds, unit, meaning, source, integer, mechanism) of one parameter."""
    for f in fields(GROUPS[group]):
        if f.name == name:
            return dict(f.metadata, default=f.default, mechanism=f.metadata["mechanism"] or group)
    raise KeyError(name)


def source_kind(source: str) -> str:
    """What a parameter's value rests on: 'published' (its source cites a dated publication or
    survey), 'calibrated' (fitted to the model's validation targets), 'judgement' otherwise."""
    if source.startswith("Calibrated"):
        return "calibrated"
    if re.search(r"(?<!\d)(19|20)\d\d(?!\d)", source) and not source.startswith("Judgement"):
        return "published"
    return "judgement"


def table() -> list[dict[str, Any]]:
    """Every parameter as a row: group, mechanism, name, default, bounds, unit, meaning, source."""
    rows = []
    for group, cls in GROUPS.items():
        for f in fields(cls):
            lo, hi = f.metadata["bounds"]
            rows.append(
                dict(
                    group=group,
                    mechanism=f.metadata["mechanism"] or group,
                    name=f.name,
                    default=f.default,
                    low=lo,
                    high=hi,
                    unit=f.metadata["unit"],
                    meaning=f.metadata["meaning"],
                    source=f.metadata["source"],
                )
            )
    return rows


def clip_to_bounds(name: str, values):
    """Values (a number or an array) clipped to the parameter's bounds; integer parameters rounded
    (half to even): what the model can simulate of a requested value."""
    import numpy as np

    meta = spec(group_of(name), name)
    out = np.clip(values, *meta["bounds"])
    return np.rint(out) if meta["integer"] else out


def group_of(name: str) -> str:
    """Which group ('sizes', 'environment', 'levers') a parameter name belongs to."""
    for group, cls in GROUPS.items():
        if name in {f.name for f in fields(cls)}:
            return group
    raise KeyError(name)


def problem(names: list[str] | None = None, bounds: dict[str, tuple[float, float]] | None = None) -> dict:
    """A SALib problem dict for the named levers/environment parameters (default: every lever)."""
    names = list(LEVERS if names is None else names)
    bounds = bounds or {}
    return {
        "num_vars": len(names),
        "names": names,
        "bounds": [list(bounds.get(n, spec(group_of(n), n)["bounds"])) for n in names],
    }


def check_value(group: str, name: str, value) -> str | None:
    """Why a value is not allowed for a parameter, or None when it is."""
    meta = spec(group, name)
    lo, hi = meta["bounds"]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"must be a number in [{lo}, {hi}], got {type(value).__name__} {value!r}"
    if meta["integer"] and float(value) != int(value):
        return f"must be a whole number in [{lo}, {hi}], got {value!r}"
    if not lo <= value <= hi:
        return f"must be in [{lo}, {hi}], got {value!r}"
    return None


def replace(obj, **changes):
    """dataclasses.replace that validates bounds (ValueError naming the key)."""
    group = {Sizes: "sizes", Environment: "environment", Policy: "levers"}[type(obj)]
    for k, v in changes.items():
        if k not in {f.name for f in fields(obj)}:
            raise ValueError(f"{group}.{k}: unknown parameter")
        why = check_value(group, k, v)
        if why:
            raise ValueError(f"{group}.{k} {why}")
    return dataclasses.replace(obj, **changes)
