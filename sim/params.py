"""Typed, frozen parameters: sizes, environment (market, workforce, calibration) and policy levers.

Every parameter carries bounds, a unit, a one-line meaning and its source or rationale
(covasim's habit, in typed form). Effect sizes, rates and volumes include zero in their
bounds, so every mechanism can be switched off. Any subset exports as a SALib ``problem``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field, fields
from typing import Any


def _p(default, lo, hi, unit, meaning, source, integer=False):
    """A parameter field: default plus the metadata that documents and bounds it."""
    return field(default=default, metadata=dict(
        bounds=(lo, hi), unit=unit, meaning=meaning, source=source, integer=integer))


@dataclass(frozen=True)
class Sizes:
    """Array sizes: shared by every scenario of one batch (they fix array shapes).

    The finances are calibrated to about 20 customer slots per employee (the defaults, 2,000 : 100):
    wages are per employee, revenue per customer. Scale both together (e.g. 50 : 1,000), or adjust
    ``wage`` and ``value_mean``, or wages swamp revenue.
    """
    n_employees: int = _p(100, 8, 5000, "employees", "Headcount (kept constant; quits are refilled)",
                          "Assumed: a mid-sized organization (docs/model.md 1.2)", integer=True)
    n_customers: int = _p(2000, 50, 200000, "customers", "Customer slots (capacity; active mask inside)",
                          "Assumed: a mid-sized organization (docs/model.md 1.2)", integer=True)
    n_suppliers: int = _p(10, 1, 500, "suppliers", "Number of suppliers",
                          "Assumed: a mid-sized organization (docs/model.md 1.2)", integer=True)


@dataclass(frozen=True)
class Environment:
    """The world the organization lives in, and the calibration of each mechanism."""
    # --- workforce -----------------------------------------------------------------
    quit_base: float = _p(0.035, 0.0, 0.15, "1/month", "Quit probability at reference engagement 0.5",
                          "BLS JOLTS total separations ~3.5%/month (quits alone ~2.3%/month), whole economy, "
                          "as cited in Bhatt 2017 ABM [S]; every exit here is a separation")
    quit_engagement: float = _p(2.0, 0.0, 6.0, "log hazard/unit", "How strongly engagement lowers quitting",
                                "Harter et al. 2002: r(engagement, turnover) ~ -.30")
    overload_flight: float = _p(1.0, 0.0, 4.0, "x hazard/unit", "Extra quit hazard of skilled staff per unit overload",
                                "Seed 002 downside: best employees leave when overloaded; free parameter")
    learn_rate: float = _p(0.08, 0.0, 0.3, "1/month", "Skill gain per month at full training (diminishing returns)",
                           "Assumed; skill saturates within ~2 years of full training")
    learn_by_doing: float = _p(0.15, 0.0, 1.0, "share", "Training-equivalent learning from work itself",
                               "Assumed")
    forget_rate: float = _p(0.01, 0.0, 0.1, "1/month", "Skill decay without practice or training", "Assumed")
    socialization: float = _p(0.08, 0.0, 0.3, "1/month", "Pull of orientation toward the culture target at full communication",
                              "Harrison & Carroll 1991 (management socialization)")
    peer_influence: float = _p(0.05, 0.0, 0.3, "1/month", "Pull of orientation toward the team's mean",
                               "Harrison & Carroll 1991 (coworker socialization)")
    orientation_decay: float = _p(0.03, 0.0, 0.15, "1/month", "Decay of orientation when not reinforced",
                                  "Harrison & Carroll 1991 (decay without reinforcement)")
    hire_orientation: float = _p(0.35, 0.0, 1.0, "0..1", "Mean customer orientation of the applicant pool", "Assumed")
    hire_orientation_sd: float = _p(0.2, 0.0, 0.5, "0..1", "Spread of applicant orientation", "Assumed")
    engagement_speed: float = _p(0.2, 0.0, 1.0, "1/month", "Speed at which engagement follows its drivers", "Assumed")
    engagement_base: float = _p(0.35, 0.0, 1.0, "0..1", "Engagement with no positive drivers and no pressure",
                                "Gallup: about a third of employees engaged")
    engagement_effect: float = _p(1.0, 0.0, 2.0, "x", "Scale of all engagement drivers (0: engagement fixed at base)",
                                  "Switch for the internal-service link of the chain")
    team_monitoring: float = _p(4.0, 1.0, 30.0, "employees", "Team size up to which peers monitor each other (no free-riding)",
                                "Holmstrom 1982 moral hazard in teams; Kandel & Lazear 1992 peer pressure")
    helping: float = _p(0.5, 0.0, 1.0, "share", "Share of a weak colleague's gap covered by the team at full team reward",
                        "Assumed; team rewards raise helping (Holmstrom 1982 discussion)")
    # --- customers -----------------------------------------------------------------
    comfortable_load: float = _p(30.0, 2.0, 2000.0, "customers/employee", "Customers per frontline employee with no time pressure",
                                 "Assumed; up to 2,000 for sectors with many customers per employee (sim.runs.profiles)")
    employee_effect: float = _p(0.55, 0.0, 1.0, "quality/unit", "Weight of the employee (skill, orientation, effort) in quality",
                                "Service-profit chain; Brown & Lam 2008: service quality mediates ES->CS")
    time_effect: float = _p(0.2, 0.0, 1.0, "quality/unit", "Weight of service time in quality", "Assumed")
    supplier_effect: float = _p(0.15, 0.0, 1.0, "quality/unit", "Weight of supplier reliability in quality (reliability also drives problems)", "Assumed")
    fit_effect: float = _p(0.15, 0.0, 1.0, "quality/unit", "Weight of offer fit (product matches current wants)", "Assumed")
    hassle_effect: float = _p(0.1, 0.0, 0.5, "quality/unit", "Quality lost to rigid cost-driven rules at full cost focus",
                              "Seed 002 key 7: rigid policies hurt customers")
    quality_noise: float = _p(0.15, 0.0, 0.5, "quality sd", "Spread of encounter quality (halved by clear values)",
                              "Assumed")
    problem_rate: float = _p(0.12, 0.0, 0.5, "1/encounter", "Chance of a problem with a perfectly reliable supply, "
                             "no cost focus and the reference back office (70% of staff)", "Assumed")
    back_office_effect: float = _p(0.5, 0.0, 1.0, "x problems/share", "Problems prevented per unit back-office share of "
                                   "staff above the reference 0.7 (process quality, preparation)",
                                   "Assumed; makes frontline_share a trade-off (issue #10)")
    problem_penalty: float = _p(0.35, 0.0, 1.0, "quality", "Quality lost to an unrecovered problem", "Assumed")
    recovery_bonus: float = _p(0.05, 0.0, 0.3, "quality", "Quality gained from a well-recovered problem",
                               "Service recovery paradox (small; Smith & Bolton 1998)")
    lost_employee_drop: float = _p(0.15, 0.0, 0.5, "satisfaction", "Satisfaction drop when one's dedicated employee leaves",
                                   "Heskett et al. 1994: 75% -> 55% satisfied when the service worker left")
    satisfaction_slope: float = _p(8.0, 0.0, 20.0, "1/quality", "Steepness of satisfaction in disconfirmation",
                                   "Oliver 1980 expectation-disconfirmation")
    satisfaction_speed: float = _p(0.4, 0.0, 1.0, "1/month", "Speed at which satisfaction follows experience", "Assumed")
    expectation_speed: float = _p(0.06, 0.0, 0.5, "1/month", "Adaptation of expectations to experienced quality",
                                  "Adaptation level (Helson 1964); expectations rise with experience")
    market_standard: float = _p(0.2, 0.0, 1.0, "quality", "Service quality customers meet elsewhere at month 0",
                                "Assumed; anchors expectations (Oliver 1980)")
    experience_weight: float = _p(0.5, 0.0, 1.0, "share", "Weight of own experience (vs the market) in expectations",
                                  "Assumed; adaptation level theory")
    market_rise: float = _p(0.0, 0.0, 0.5, "quality", "Total rise of the market's bar (competitors improving), reached gradually",
                            "Environment choice, off by default: a bounded rise keeps baselines stationary (issue #10)")
    market_rise_time: float = _p(60.0, 1.0, 600.0, "months", "Time constant of the market's rise (63% of it reached)",
                                 "Environment choice")
    loyalty_convexity: float = _p(3.0, 1.0, 6.0, "exponent", "Convexity of loyalty in satisfaction",
                                  "Jones & Sasser 1995: totally satisfied 6x more loyal than satisfied")
    relationship_bond: float = _p(0.25, 0.0, 0.6, "loyalty", "Loyalty from a lasting relationship with one employee",
                                  "Seed 000 step 3; Heskett et al. 1994")
    community_bond: float = _p(0.25, 0.0, 0.6, "loyalty", "Loyalty from community membership", "Seed 000 step 4")
    loyalty_speed: float = _p(0.3, 0.0, 1.0, "1/month", "Speed at which loyalty follows its target", "Assumed")
    churn_floor: float = _p(0.001, 0.0, 0.05, "1/month", "Churn of the most loyal customers (moves, needs end)",
                            "Mobile postpaid <1%/month; 0.001 (was 0.004) so top-box customers churn several "
                            "times less than satisfied ones (Jones & Sasser 1995; docs/validation.md fact 2)")
    churn_ceiling: float = _p(0.04, 0.0, 0.3, "1/month", "Churn of customers with no loyalty, before competitor pull",
                              "Calibrated (step-1 annual churn 20-35%); 4.8%/month with the default pull, between "
                              "Sprint postpaid 2.8% and prepaid 5.6%/month [S]")
    churn_exponent: float = _p(3.0, 0.0, 6.0, "exponent", "How sharply churn falls as loyalty rises",
                               "Calibrated: step-1 annual churn 20-35%, step-5 about 10% or less (issue #2 targets)")
    competitor_pull: float = _p(0.2, 0.0, 2.0, "x hazard", "Extra churn hazard from competitors' offers", "Assumed")
    cross_sell: float = _p(0.4, 0.0, 1.5, "spend/unit loyalty", "Extra spend of a fully loyal customer", "Reichheld & Sasser 1990")
    value_mean: float = _p(1200.0, 0.0, 1e5, "$/month", "Mean monthly revenue potential of a customer", "Assumed (B2B service)")
    value_sigma: float = _p(1.0, 0.0, 2.5, "log sd", "Heavy tail of customer value (lognormal)",
                            "Assumed: the top 20% of customers give 56% of revenue (an 80/20 split needs about 1.68); "
                            "Heskett et al. 1994: the top 20% provide all the profit [S]")
    gross_margin: float = _p(0.65, 0.0, 1.0, "share", "Gross margin on revenue", "Assumed (services)")
    want_drift: float = _p(0.02, 0.0, 0.2, "1/month", "Monthly loss of offer fit as customers' wants drift",
                           "Seed 002/003: wants change; customers don't know what they want")
    fit_learning: float = _p(0.1, 0.0, 0.5, "1/month", "Recovery of offer fit per month at full listening", "Assumed")
    # --- acquisition ----------------------------------------------------------------
    initial_share: float = _p(0.75, 0.0, 1.0, "share of slots", "Active customers at month 0", "Assumed")
    market_potential: float = _p(1.0, 0.0, 1.0, "share of slots", "Reachable market (Bass m)", "Assumed")
    bass_p: float = _p(0.3, 0.0, 1.0, "1/year", "Innovation: leads per remaining prospect per year at marketing 0.5 "
                       "(converted to the month)",
                       "Calibrated to the step-1 base; Sultan, Farley & Lehmann 1990: p ~ .03/year for first purchase "
                       "of durables [S], too low for switching in a mature service market")
    bass_q: float = _p(0.38, 0.0, 1.0, "1/year", "Imitation: leads per remaining prospect per year per unit promoter share "
                       "of the market (converted to the month)",
                       "Sultan, Farley & Lehmann 1990: q ~ .38/year (mean of 213 applications) [S]")
    marketing_elasticity: float = _p(0.24, 0.0, 1.0, "elasticity", "Elasticity of innovation leads to marketing spend "
                                     "(0: leads do not depend on spend)",
                                     "Sethuraman, Tellis & Briesch 2011, JMR 48(3): long-term advertising elasticity "
                                     "~.24 [M]")
    acquisition_cost: float = _p(2000.0, 0.0, 5e4, "$/new customer", "Cost of acquiring one customer (sales, set-up, "
                                 "offers), on top of the marketing spend",
                                 "Assumed: about 3 months of gross margin; B2B CAC payback benchmarks 5-15 months of "
                                 "margin [S]; acquiring costs 5-25x retaining (Gallo 2014) [S]")
    conversion: float = _p(0.6, 0.0, 1.0, "share", "Share of leads that convert at a good reputation",
                           "Seed 002: leads may not convert; free parameter")
    detractor_weight: float = _p(1.0, 0.0, 3.0, "x", "Lost conversions per detractor relative to a promoter's gain", "Assumed")
    # --- suppliers ------------------------------------------------------------------
    supplier_reliability: float = _p(0.7, 0.0, 1.0, "0..1", "Mean initial supplier reliability", "Assumed")
    supplier_learning: float = _p(0.05, 0.0, 0.3, "1/month", "Reliability gain per month at full collaboration", "Assumed")
    supplier_decay: float = _p(0.01, 0.0, 0.1, "1/month", "Reliability drift toward commitment without collaboration",
                               "Assumed")
    supplier_turnover: float = _p(0.05, 0.0, 0.3, "1/month", "Chance the least committed supplier is replaced at full selection",
                                  "Assumed")
    # --- finance --------------------------------------------------------------------
    wage: float = _p(3000.0, 0.0, 2e4, "$/month", "Cost of one employee", "Assumed")
    training_cost: float = _p(400.0, 0.0, 5000.0, "$/employee-month", "Training cost at full training", "Assumed")
    reward_pool: float = _p(0.15, 0.0, 1.0, "share of wages", "Bonus pool at full reward intensity", "Assumed")
    recognition_cost: float = _p(60.0, 0.0, 1000.0, "$/employee-month", "Recognition at full level", "Assumed")
    programme_cost: float = _p(100.0, 0.0, 2000.0, "$/employee-month", "Cost of each culture programme at full level",
                               "Assumed (communication, vision, values, scorecard, VoC, benchmarking, goals)")
    service_cost: float = _p(200.0, 0.0, 2000.0, "$/customer-month", "Cost of one unit of service time",
                             "Assumed; makes over-serving lose money")
    recovery_cost: float = _p(100.0, 0.0, 2000.0, "$/recovery", "Cost of recovering one problem", "Assumed")
    community_cost: float = _p(30.0, 0.0, 500.0, "$/member-month", "Community programme cost per member", "Assumed")
    supplier_fee: float = _p(30.0, 0.0, 500.0, "$/slot-month", "Base supplier cost per customer slot (split among "
                             "the suppliers; scales with the organization)", "Assumed")
    supplier_premium: float = _p(0.3, 0.0, 1.0, "share", "Extra fee of a fully committed supplier", "Assumed")
    hire_cost: float = _p(4500.0, 0.0, 5e4, "$/hire", "Recruiting cost of one hire at zero selectivity",
                          "~1.5 months of wages; SHRM replacement-cost surveys")
    onboarding_cost: float = _p(2000.0, 0.0, 2e4, "$/hire", "Onboarding cost at full onboarding", "Assumed")
    separation_cost: float = _p(3000.0, 0.0, 5e4, "$/leaver", "Cost of a quit or removal", "Assumed")
    marketing_budget: float = _p(20.0, 0.0, 500.0, "$/slot-month", "Marketing spend per customer slot at full "
                                 "marketing (scales with the organization)", "Assumed")
    change_cost: float = _p(3000.0, 0.0, 5e4, "$/employee/unit", "Cost of moving levers (per unit of total lever change)",
                            "Assumed; culture change costs money (J-curve)")
    adoption_speed: float = _p(0.15, 0.01, 1.0, "1/month", "Speed at which the effective policy approaches its target",
                               "Assumed; change takes time")
    discount_rate: float = _p(0.10, 0.0, 0.5, "1/year", "Discount rate for NPV and CLV", "Gupta & Lehmann 2003 (i = 10%)")


@dataclass(frozen=True)
class Policy:
    """Policy levers: what management can choose. Steps are presets of these."""
    cost_focus: float = _p(0.8, 0.0, 1.0, "0..1", "Drive to cut the cost of serving (shorter service, rigid rules)",
                           "Seed 000 step 1")
    frontline_share: float = _p(0.3, 0.1, 0.9, "share", "Share of employees in contact with customers",
                                "Seed 000 step 1: few employees face customers")
    voice_of_customer: float = _p(0.1, 0.0, 1.0, "0..1", "Listening: complaints heard, preferences fed into offers",
                                  "Seed 000 step 2; Basch feedback")
    service_scorecard: float = _p(0.1, 0.0, 1.0, "0..1", "Measurement of service quality visible to everyone (precision)",
                                  "Seed 002 key 1; Basch feedback; seed 003 #8")
    satisfaction_goals: float = _p(0.1, 0.0, 1.0, "0..1", "Customer-satisfaction goals in plans (effort aimed at customers)",
                                   "Seed 000 step 2; Basch goals; seed 001 set goals")
    competitor_benchmarking: float = _p(0.0, 0.0, 1.0, "0..1", "Competitor performance captured in plans (keeps offers current)",
                                        "Seed 000 step 4")
    training: float = _p(0.2, 0.0, 1.0, "0..1", "Service training intensity", "Seed 000 step 2; seed 001")
    onboarding: float = _p(0.1, 0.0, 1.0, "0..1", "Culture onboarding of new hires", "Seed 002 key 5")
    hiring_selectivity: float = _p(0.2, 0.0, 1.0, "0..1", "Selection of applicants on customer orientation",
                                   "Harrison & Carroll 1991 (selective recruiting)")
    communication: float = _p(0.2, 0.0, 1.0, "0..1", "Communication and socialization effort", "Seeds 001, 002 key 4, 003")
    vision_clarity: float = _p(0.1, 0.0, 1.0, "0..1", "Clarity of the desired customer experience (culture target)",
                               "Basch vision; seed 002 key 3")
    values_clarity: float = _p(0.2, 0.0, 1.0, "0..1", "Clear expected behaviour (consistency; reinforcement)",
                               "Basch values; seed 002 key 2")
    recognition: float = _p(0.1, 0.0, 1.0, "0..1", "Recognition and celebration of good service", "Basch relevance; seed 002 key 4")
    reward_intensity: float = _p(0.3, 0.0, 1.0, "0..1", "Size of performance pay", "Basch relevance")
    team_reward_weight: float = _p(0.0, 0.0, 1.0, "0..1", "Reward basis: 0 individual, 1 team", "Seed 000 steps 3-4; seed 002 key 6")
    reward_cs_share: float = _p(0.0, 0.0, 1.0, "0..1", "Share of rewards tied to customer satisfaction", "Seed 000 steps 3-4")
    empowerment: float = _p(0.1, 0.0, 1.0, "0..1", "Authority of frontline staff to fix problems", "Seed 000 step 4; seed 002 key 7")
    relationship_continuity: float = _p(0.2, 0.0, 1.0, "0..1", "Chance a customer is served by the same employee",
                                        "Seed 000 step 3; seed 003 #2")
    segment_targeting: float = _p(0.0, 0.0, 1.0, "0..1", "Service shifted toward high-value customers", "Seed 000 steps 3-4; seed 003 #1")
    service_spend: float = _p(0.25, 0.0, 1.0, "0..1", "Service time and resources per customer", "Assumed; seed 002 downside")
    community_programs: float = _p(0.0, 0.0, 1.0, "0..1", "Community programmes among customers and employees", "Seed 000 steps 4-5")
    supplier_collaboration: float = _p(0.0, 0.0, 1.0, "0..1", "Working with suppliers on service", "Seed 000 step 3")
    supplier_selection: float = _p(0.0, 0.0, 1.0, "0..1", "Choosing suppliers on service commitment", "Seed 000 step 4")
    misfit_removal: float = _p(0.0, 0.0, 1.0, "0..1", "Moving out staff who do not serve customers well", "Seed 002 key 8")
    marketing: float = _p(0.5, 0.0, 1.0, "0..1", "Marketing effort (leads)", "Assumed (acquisition, docs/model.md 5.16)")
    team_size: float = _p(8.0, 2.0, 30.0, "employees", "Employees per team", "Assumed (teams of about 8, docs/model.md 5.2)", integer=True)


GROUPS: dict[str, type] = {"sizes": Sizes, "environment": Environment, "levers": Policy}
LEVERS: tuple[str, ...] = tuple(f.name for f in fields(Policy))
# Width of each lever's range: lever changes are costed in units of their range (culture change).
LEVER_RANGE: dict[str, float] = {f.name: f.metadata["bounds"][1] - f.metadata["bounds"][0] for f in fields(Policy)}
ENVIRONMENT: tuple[str, ...] = tuple(f.name for f in fields(Environment))


def spec(group: str, name: str) -> dict[str, Any]:
    """Metadata (bounds, unit, meaning, source, integer) of one parameter."""
    for f in fields(GROUPS[group]):
        if f.name == name:
            return dict(f.metadata, default=f.default)
    raise KeyError(name)


def table() -> list[dict[str, Any]]:
    """Every parameter as a row: group, name, default, bounds, unit, meaning, source."""
    rows = []
    for group, cls in GROUPS.items():
        for f in fields(cls):
            lo, hi = f.metadata["bounds"]
            rows.append(dict(group=group, name=f.name, default=f.default, low=lo, high=hi,
                             unit=f.metadata["unit"], meaning=f.metadata["meaning"], source=f.metadata["source"]))
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
    return {"num_vars": len(names), "names": names,
            "bounds": [list(bounds.get(n, spec(group_of(n), n)["bounds"])) for n in names]}


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
