"""The behavioural formulas, as pure functions of scalars or arrays.

The vectorised core calls them on (scenarios, agents) arrays; the Mesa agents call them on
one agent's numbers; the compiled core (sim/core/compiled) compiles these same functions with
numba and calls them on one agent's floats. So they use only numpy calls that also have a
scalar meaning there: ufuncs, ``np.clip``, ``np.int64`` and ``where`` (not ``np.where``).
``env`` and ``pol`` are anything with the parameter names as
attributes (an ``Environment``/``Policy`` dataclass, or a namespace of broadcastable arrays).
Each formula, with its source, is written down in docs/model.md.
"""

from __future__ import annotations

import numpy as np

SQRT12 = 12.0**0.5  # a uniform on [0, 1) has sd 1/sqrt(12)
TINY = 1e-12  # guards a division or a log against zero (never a modelling number)
LOG_FLOOR = 1e-300  # guards the log of a revenue potential of zero


def where(condition, a, b):
    """``np.where``, named here so the compiled core can give it its scalar meaning (a if condition else b)."""
    return np.where(condition, a, b)


def power(x, exponent):
    """``x ** exponent``, named here so the compiled core can multiply out whole exponents (a per-customer
    ``pow`` is its costliest operation; the result differs from ``pow`` in the last bits only)."""
    return x**exponent


def exp(x):
    """``np.exp``, named here so the compiled core can use an exponential its compiler vectorises (the
    per-customer ones: satisfaction, the answers to the recommend question; within two units in the last
    place of ``np.exp``)."""
    return np.exp(x)


# ---------------------------------------------------------------- employees ---------
def culture_target(pol, env):
    """Orientation the culture pulls toward: a clear vision and customer goals make it customer-focused."""
    return (
        env.culture_target_base
        + env.culture_target_vision * pol.vision_clarity
        + env.culture_target_goals * pol.satisfaction_goals
    )


def socialize(orientation, team_mean, pol, env):
    """Harrison & Carroll (1991): socialization toward the target, coworker pull, decay unless reinforced."""
    pull = env.socialization * (env.communication_floor + env.communication_weight * pol.communication)
    reinforcement = 0.5 * (pol.values_clarity + pol.recognition)
    new = (
        orientation
        + pull * (culture_target(pol, env) - orientation)
        + env.peer_influence * (team_mean - orientation)
        - env.orientation_decay * (1.0 - reinforcement) * orientation
    )
    return np.clip(new, 0.0, 1.0)


def learn(skill, pol, env):
    """Skill rises with training and practice, with diminishing returns; it decays slowly."""
    return np.clip(
        skill + env.learn_rate * (env.learn_by_doing + pol.training) * (1.0 - skill) - env.forget_rate * skill, 0.0, 1.0
    )


def incentive(pol, env, team_size):
    """Marginal reward for own effort. Team pay dilutes it beyond mutual monitoring (Holmstrom 1982)."""
    individual = env.individual_precision_base + env.individual_precision_scorecard * pol.service_scorecard
    team = (env.team_precision_base + env.team_precision_scorecard * pol.service_scorecard) * np.minimum(
        1.0, env.team_monitoring / team_size
    )
    w = pol.team_reward_weight
    return pol.reward_intensity * ((1.0 - w) * individual + w * team)


def aimed_effort(engagement, incentive_strength, pol, env):
    """Effort, and the share of it aimed at what customers value (goals, CS-linked pay)."""
    effort = np.clip(engagement * (env.effort_base + env.effort_incentive * incentive_strength), 0.0, 1.0)
    aim = env.aim_base + env.aim_goals * pol.satisfaction_goals + env.aim_cs_reward * pol.reward_cs_share
    return effort * aim


def capability(skill, orientation, effort, env):
    """What an employee brings to an encounter (0..1 when the weights sum to 1, as by default)."""
    return env.capability_skill * skill + env.capability_orientation * orientation + env.capability_effort * effort


def helped(cap, team_mean_cap, pol, env):
    """Team rewards make colleagues cover for weak service: the gap to the team mean shrinks."""
    return cap + env.helping * pol.team_reward_weight * np.maximum(team_mean_cap - cap, 0.0)


def overload(load, env):
    """Time pressure: customers per frontline employee beyond the comfortable load (0..overload_max)."""
    return np.clip(load / env.comfortable_load - 1.0, 0.0, env.overload_max)


def engagement_target(performance, over, pol, env):
    """Engagement drivers: recognition, empowerment, rewards earned, fair measurement; pressure."""
    drive = (
        env.engagement_recognition * pol.recognition
        + env.engagement_empowerment * pol.empowerment
        + env.engagement_rewards * pol.reward_intensity * performance
        + env.engagement_scorecard * pol.service_scorecard
        - env.engagement_overload * over
        - env.engagement_cost_focus * pol.cost_focus
    )
    return np.clip(env.engagement_base + env.engagement_effect * drive, 0.0, 1.0)


def engage(engagement, target, env):
    """Engagement moves part of the way toward its target each month (it does not jump)."""
    return engagement + env.engagement_speed * (target - engagement)


def quit_probability(engagement, skill, over, env):
    """Quits fall with engagement; skilled people leave when overloaded (seed 002 downside)."""
    return np.clip(
        env.quit_base * np.exp(-env.quit_engagement * (engagement - 0.5)) * (1.0 + env.overload_flight * skill * over),
        0.0,
        1.0,
    )


def measured(true_value, u, pol, env):
    """A performance measure: noisier with a weak scorecard (uniform noise, sd ``measure_noise`` at none)."""
    return true_value + env.measure_noise * (1.0 - pol.service_scorecard) * (u - 0.5) * SQRT12


def hire_mean(pol, env):
    """Expected orientation of a hire: selection takes the upper part of the pool; onboarding adds to it."""
    return (
        env.hire_orientation
        + env.selection_gain * pol.hiring_selectivity * env.hire_orientation_sd
        + env.onboarding_gain * pol.onboarding
    )


def hire_orientation(u_normal_z, pol, env):
    """A hire's orientation: selection raises the mean above the applicant pool and narrows the spread."""
    sd = env.hire_orientation_sd * (1.0 - env.selection_narrowing * pol.hiring_selectivity)
    return np.clip(hire_mean(pol, env) + sd * u_normal_z, 0.0, 1.0)


def misfit_probability(measured_orientation, skill, frontline_mean, frontline_sd, pol, env):
    """Chance a frontline employee measured as unsuited is moved out this month (seed 002 key 8).

    Flagged: in the bottom tail of the frontline (more than ``misfit_below`` sd below its measured
    mean, about 16%) and bringing less to an encounter, skill and orientation together, than a hire is
    expected to (removing them must help: a hire starts with little skill). So it cannot run away: at
    most about 16% x 5% x 12 = 10% of the frontline a year (GE's "bottom 10%" [S]).
    """
    threshold = np.minimum(frontline_mean - env.misfit_below * frontline_sd, hire_mean(pol, env))
    brings = env.capability_skill * skill + env.capability_orientation * measured_orientation
    hire_brings = env.capability_skill * hire_skill(0.5, env) + env.capability_orientation * hire_mean(pol, env)
    flagged = (measured_orientation < threshold) & (brings < hire_brings)
    return where(flagged, env.misfit_rate * pol.misfit_removal, 0.0)


def hire_skill(u, env):
    """A hire's starting skill: uniform over a low range (new staff still have to learn)."""
    return env.hire_skill_low + env.hire_skill_width * u


def initial_state(u, env):
    """Skill, engagement or satisfaction before warm-up: uniform over the middle of the scale (washed out)."""
    return env.initial_state_low + env.initial_state_width * u


def initial_skill(u, env):
    """Skill of the staff in post before warm-up."""
    return initial_state(u, env)


def initial_engagement(u, env):
    """Engagement of the staff in post before warm-up."""
    return initial_state(u, env)


def initial_start(u, month, env):
    """Hire month of the staff in post before warm-up: up to ``initial_tenure_max`` months earlier (float)."""
    return -np.floor(env.initial_tenure_max * u) + month


# ---------------------------------------------------------------- organisation ------
def frontline_count(pol, n_employees):
    """Number of frontline employees (they hold slots 0..n-1): at least one, at most all (int)."""
    return np.int64(np.clip(np.rint(pol.frontline_share * n_employees), 1, n_employees))


def team_size(pol):
    """Team size in whole employees."""
    return np.int64(np.rint(pol.team_size))


def team_of(slot, size):
    """Team of the employee in ``slot``: consecutive slots form teams of ``size``."""
    return slot // size


def assigned_slot(u, n):
    """Slot chosen by a uniform draw among ``n`` (an employee for a customer), as a float."""
    return np.floor(u * n)


def staffing_target(n_active, n_base, most, pol, env):
    """Headcount the staffing policy aims at (int): the base headcount moved toward what demand needs,
    customers per frontline employee at ``staffing_load`` comfortable loads, by ``staffing_to_demand``."""
    per_frontline = np.maximum(pol.frontline_share * env.staffing_load * env.comfortable_load, TINY)
    needed = np.ceil(n_active / per_frontline)
    w = pol.staffing_to_demand
    return np.int64(np.clip(np.rint((1.0 - w) * n_base + w * needed), 1, most))


def replacements(leavers, headcount, arrivals, target):
    """Leavers replaced at once from the standing applicant pool: as many as keep headcount at its target
    (under a fixed headcount, every leaver)."""
    return np.minimum(leavers, np.maximum(target - (headcount - leavers) - arrivals, 0))


def requisitions(headcount, pending, target):
    """New positions opened this month, filled after ``hiring_lead_time``: the gap the pipeline leaves."""
    return np.maximum(target - headcount - pending, 0)


def layoff_count(headcount, target, pol, env):
    """Layoffs this month (int): a share ``layoffs`` of the excess, once it exceeds the tolerated band."""
    excess = headcount - target
    return np.int64(where(excess > env.staffing_band * target, np.floor(pol.layoffs * excess), 0.0))


def survivor_engagement(engagement, laid_off_share, env):
    """Layoffs cost the engagement of those who stay (survivor syndrome), by the share laid off."""
    return np.clip(engagement - env.layoff_engagement_drop * laid_off_share, 0.0, 1.0)


def appraisal(own_measured, team_performance, pol):
    """Performance appraisal: own measured satisfaction blended with the team's by team reward weight."""
    w = pol.team_reward_weight
    return np.clip((1.0 - w) * own_measured + w * team_performance, 0.0, 1.0)


# ---------------------------------------------------------------- customers ---------
def service_time(segment, over, pol, env):
    """Service time per encounter: spend and targeting raise it, cost focus and overload cut it."""
    target = 1.0 + pol.segment_targeting * (
        env.targeting_high * (segment == HIGH_VALUE) - env.targeting_low * (segment == LOW_VALUE)
    )
    return (
        (env.service_time_base + pol.service_spend)
        * (1.0 - env.cost_focus_time_cut * pol.cost_focus)
        * target
        / np.sqrt(1.0 + over)
    )


def time_quality(t, env):
    """Diminishing returns of service time."""
    return 1.0 - np.exp(-env.time_saturation * t)


def encounter_quality(cap, time_value, reliability, fit, u, pol, env):
    """Quality of one encounter before problems (can leave 0..1 a little through noise).

    ``time_value`` is ``time_quality`` of the service time: it depends on the segment only, so the
    compiled core computes it three times a month instead of once per customer."""
    noise = env.quality_noise * (1.0 - env.values_noise_cut * pol.values_clarity) * (u - 0.5) * SQRT12
    return (
        env.employee_effect * cap
        + env.time_effect * time_value
        + env.supplier_effect * reliability
        + env.fit_effect * fit
        - env.hassle_effect * pol.cost_focus
        + noise
    )


def problem_probability(reliability, pol, env):
    """Problems come from unreliable supply and cost-cutting processes; the back office prevents some."""
    back_office = 1.0 - env.back_office_effect * ((1.0 - pol.frontline_share) - env.back_office_reference)
    unreliable = env.unreliable_problems - (env.unreliable_problems - 1.0) * reliability
    return np.clip(
        env.problem_rate * unreliable * (1.0 + env.cost_focus_problems * pol.cost_focus) * back_office, 0.0, 1.0
    )


def recovery_probability(cap, pol, env):
    """A problem is recovered if heard (voice of customer) and the employee may and can fix it."""
    heard = env.heard_base + env.heard_voc * pol.voice_of_customer
    return heard * (env.fix_base + env.fix_empowered * pol.empowerment * cap)


def after_problems(quality, problem, recovered, env):
    """An unrecovered problem costs quality; a well-recovered one adds a little (the recovery paradox)."""
    return quality - env.problem_penalty * (problem & ~recovered) + env.recovery_bonus * recovered


def dedicated(relationship_months, env):
    """Whether a customer treats their employee as "theirs" (losing them then hurts)."""
    return relationship_months >= env.dedicated_after


def satisfy(satisfaction, quality, expectation, lost_employee, env):
    """Expectation disconfirmation (Oliver 1980), smoothed; losing one's employee hurts (Heskett 1994)."""
    target = 1.0 / (1.0 + exp(-env.satisfaction_slope * (quality - expectation)))
    new = satisfaction + env.satisfaction_speed * (target - satisfaction) - env.lost_employee_drop * lost_employee
    return np.clip(new, 0.0, 1.0)


def market_quality(month, env):
    """The bar customers meet elsewhere: it may rise toward a ceiling (bounded; off by default)."""
    return env.market_standard + env.market_rise * (1.0 - np.exp(-np.maximum(month, 0) / env.market_rise_time))


def keep_pace(month, pol, env):
    """Benchmarking carries competitors' improvements into the organization's own service."""
    return pol.competitor_benchmarking * (market_quality(month, env) - env.market_standard)


WARMUP_PACE = 3.0  # early warm-up: the slow customer processes run this many times faster
WARMUP_SETTLE = 6  # ... until this many months before month 0 (relationships mature at normal pace)
WARMUP_PACED = 18  # ... and only in the first this many months of a warm-up (the default 24: all but its last 6)
WARMUP_SETTLED = 180  # ... or, in a longer warm-up, in all but its last this many months (3 time constants of the base)


def warmup_pace(month):
    """Speed-up of the slow customer processes (base turnover, expectations) early in the warm-up.

    Arrivals and churn scale together and expectations settle at the same anchor, so the base
    and expectations get near the steady state in a third of the time; the last ``WARMUP_SETTLE``
    months run at normal pace, so that customers' tenure and relationships take their mix. The
    paced base is not quite the true one (a customer's satisfaction, loyalty and relationship
    still mature at normal speed while the base turns over three times as fast: 2-3% fewer
    customers at steps 2-4), so a long warm-up paces only its start (``pacing_month``).
    """
    return WARMUP_PACE if month < -WARMUP_SETTLE else 1.0


def pacing_month(month, warmup):
    """The month the paced rules (churn, arrivals, expectations) are given in a run warmed up for
    ``warmup`` months: the month itself, except that a warm-up is paced only in its first ``WARMUP_PACED``
    months or, if longer, in all but its last ``WARMUP_SETTLED``; its other months run at normal pace
    (given as the last warm-up month, -1). The base regains the pacing's offset with a time constant
    of 50-75 months, so a long warm-up ends at the true steady state (issue 22: pacing all but the last
    6 months of a 240-month warm-up left steps 2-4 with 2-3% too few customers, regained over the
    recorded decades), and the paced months give the base's slow mix of customers a head start. The
    default 24-month warm-up is paced as before."""
    return month if month < max(WARMUP_PACED - warmup, -WARMUP_SETTLED) else max(month, -1)


def expect(expectation, quality, month, env):
    """Expectations adapt toward own experience and the market's bar (faster during warm-up)."""
    anchor = env.experience_weight * quality + (1.0 - env.experience_weight) * market_quality(max(month, 0), env)
    return expectation + np.minimum(1.0, warmup_pace(month) * env.expectation_speed) * (anchor - expectation)


def loyalty_target(satisfaction, relationship_months, member, env):
    """Convex in satisfaction (Jones & Sasser 1995) plus relationship and community bonds."""
    bond = (
        env.relationship_bond * np.minimum(relationship_months / env.relationship_maturity, 1.0)
        + env.community_bond * member
    )
    bond = np.minimum(bond, env.bond_max)
    return power(satisfaction, env.loyalty_convexity) * (1.0 - bond) + bond


def bind(loyalty, target, env):
    """Loyalty moves part of the way toward its target each month (bonds take time)."""
    return loyalty + env.loyalty_speed * (target - loyalty)


def churn_probability(loyalty, env, month=0):
    """Monthly churn hazard: falls with loyalty, rises with competitor pull (faster early in the warm-up)."""
    span = np.maximum(env.churn_ceiling - env.churn_floor, 0.0)
    hazard = np.clip(
        env.churn_floor + span * power(1.0 - loyalty, env.churn_exponent) * (1.0 + env.competitor_pull), 0.0, 1.0
    )
    return hazard * warmup_pace(month)


def spend(value, loyalty, env):
    """Loyal customers buy more (cross- and up-selling)."""
    return value * (1.0 + env.cross_sell * loyalty)


def community_next(member, u, pol, env):
    """Members leave unless programmes keep them; non-members join where programmes run."""
    join = env.community_join * pol.community_programs
    leave = env.community_leave_base + env.community_leave_unsupported * (1.0 - pol.community_programs)
    return where(member, u >= leave, u < join)


# ---------------------------------------------------------------- NPS ---------------
PROMOTER_ANSWER = 8.5  # NPS's definition (Reichheld 2003): promoters answer 9 or 10 of 0-10
DETRACTOR_ANSWER = 6.5  # detractors answer 0 to 6; 7 and 8 are passives


def expected_answer(satisfaction, env):
    """The 0-10 likelihood-to-recommend answer a customer gives on average: linear in satisfaction."""
    return env.recommend_at_zero + (env.recommend_at_one - env.recommend_at_zero) * satisfaction


def promoter_chance(satisfaction, env):
    """Chance of answering 9-10: answers scatter around the expected one (an ordered logit), so NPS
    moves smoothly with satisfaction and with the mapping's parameters instead of jumping at a cut-off."""
    return 1.0 / (1.0 + exp((PROMOTER_ANSWER - expected_answer(satisfaction, env)) / env.recommend_spread))


def detractor_chance(satisfaction, env):
    """Chance of answering 0-6 (same ordered logit)."""
    return 1.0 / (1.0 + exp((expected_answer(satisfaction, env) - DETRACTOR_ANSWER) / env.recommend_spread))


# ---------------------------------------------------------------- acquisition -------
def marketing_reach(pol, env):
    """Innovation leads relative to marketing 0.5: constant elasticity in spend (1 at 0.5)."""
    return (pol.marketing / 0.5) ** env.marketing_elasticity


def word_of_mouth(active, promoters, detractors, env):
    """The culture's modifier on imitation (Bass q): 1 when promoters and weighted detractors balance.

    Each point of net promoter share of the base (promoters less ``detractor_weight`` detractors)
    moves imitation by ``wom_imitation`` of itself; never below 0 (detractors silence referrals).
    """
    net = (promoters - env.detractor_weight * detractors) / np.maximum(active, 1.0)
    return np.maximum(1.0 + env.wom_imitation * net, 0.0)


def market_size(capacity, env):
    """Customers the organization could win (Bass m): ``market_potential`` times its capacity."""
    return env.market_potential * capacity


def acquisition_expected(active, promoters, detractors, capacity, pol, env, month=0):
    """Expected new customers: Bass (1969) adoption from the prospects not yet won (faster early in the warm-up).

    The month's share of the remaining market that adopts is (p + q F) / 12 with F the share of the
    market already customers, ``bass_p`` and ``bass_q`` per year as stated, so with its modifiers
    neutral (marketing 0.5, a balanced base, ``conversion`` 1) the base follows Bass's curve.
    Modifiers: marketing spend on p (``marketing_reach``), the culture's word of mouth on q
    (``word_of_mouth``), and ``conversion`` on both. Churned customers return to the market.
    """
    potential = market_size(capacity, env)
    remaining = np.maximum(potential - active, 0.0)
    adopted = np.minimum(active / np.maximum(potential, 1.0), 1.0)
    yearly = (
        env.bass_p * marketing_reach(pol, env)
        + env.bass_q * word_of_mouth(active, promoters, detractors, env) * adopted
    )
    return remaining * yearly / 12.0 * env.conversion * warmup_pace(month)


def initial_satisfaction(u, env):
    """Satisfaction of the customers in the base before warm-up."""
    return initial_state(u, env)


def arrival_expectation(u, month, env):
    """A customer's expectation when joining: the market's bar, give or take half of ``arrival_spread``."""
    return market_quality(month, env) + env.arrival_spread * (u - 0.5)


def initial_expectation(u, env):
    """Expectation of the customers in the base before warm-up: the month-0 market bar, as on arrival."""
    return arrival_expectation(u, 0, env)


def acquisition_chance(expected, n_free):
    """Chance that an empty customer slot is filled this month."""
    return np.minimum(1.0, expected / np.maximum(n_free, 1))


TOP_20_Z = 0.8416  # ndtri(0.8) to four decimals: the top 20% of a normal
BOTTOM_40_Z = -0.2533  # ndtri(0.4) to four decimals: the bottom 40%
LOW_VALUE, MID_VALUE, HIGH_VALUE = 0, 1, 2  # the segment codes


def segment_of(value, env):
    """0 low (bottom 40% of the value distribution), 1 mid, 2 high (top 20%)."""
    mu = np.log(np.maximum(env.value_mean, TINY)) - 0.5 * env.value_sigma**2
    z = (np.log(np.maximum(value, LOG_FLOOR)) - mu) / np.maximum(env.value_sigma, TINY)
    return where(z >= TOP_20_Z, HIGH_VALUE, where(z < BOTTOM_40_Z, LOW_VALUE, MID_VALUE))


def customer_value(z, env):
    """Lognormal monthly revenue potential with mean value_mean (heavy tail)."""
    return env.value_mean * np.exp(env.value_sigma * z - 0.5 * env.value_sigma**2)


# ---------------------------------------------------------------- suppliers ---------
def supplier_own_level(commitment, env):
    """The reliability a supplier drifts to on its own: higher the more committed it is to service."""
    return env.supplier_own_base + env.supplier_own_commitment * commitment


def supplier_reliability(reliability, commitment, pol, env):
    """Collaboration raises reliability; otherwise it drifts to the supplier's own level."""
    own = supplier_own_level(commitment, env)
    return np.clip(
        reliability
        + env.supplier_learning * pol.supplier_collaboration * (1.0 - reliability)
        + env.supplier_decay * (own - reliability),
        0.0,
        1.0,
    )


def supplier_reliability_equilibrium(commitment, pol, env, start):
    """Where ``supplier_reliability`` settles for a supplier (``start`` if nothing moves it): the initial state."""
    learning = env.supplier_learning * pol.supplier_collaboration
    pull = learning + env.supplier_decay
    own = supplier_own_level(commitment, env)
    return where(pull > 0, (learning + env.supplier_decay * own) / np.maximum(pull, TINY), start)


def supplier_replacement_probability(pol, env):
    return env.supplier_turnover * pol.supplier_selection


def initial_supplier_reliability(u, commitment, pol, env):
    """Reliability of a supplier in place before warm-up: settled at what the month-0 policy sustains
    for its commitment (the market's, give or take half of ``initial_supplier_spread``, when nothing moves
    reliability)."""
    drawn = np.clip(env.supplier_reliability + env.initial_supplier_spread * (u - 0.5), 0.0, 1.0)
    return supplier_reliability_equilibrium(commitment, pol, env, drawn)


def new_supplier_commitment(u, pol, env):
    """Selection on commitment brings in suppliers committed to service."""
    selected = env.selected_commitment_low + env.selected_commitment_width * u
    return np.clip(u * (1.0 - pol.supplier_selection) + pol.supplier_selection * selected, 0.0, 1.0)


# ---------------------------------------------------------------- offer -------------
def fit_learning(pol, env):
    """Monthly recovery of offer fit: listening (VoC) and benchmarking."""
    return env.fit_learning * (env.fit_voc * pol.voice_of_customer + env.fit_benchmarking * pol.competitor_benchmarking)


def offer_fit(fit, pol, env):
    """Customers' wants drift; listening (VoC) and benchmarking bring the offer back in line."""
    learning = fit_learning(pol, env)
    return fit - env.want_drift * fit + learning * (1.0 - fit)


def offer_fit_equilibrium(pol, env):
    """Where ``offer_fit`` settles (0.5 if nothing moves it): the initial state."""
    learning = fit_learning(pol, env)
    pull = learning + env.want_drift
    return where(pull > 0, learning / np.maximum(pull, TINY), 0.5)


# ---------------------------------------------------------------- policy ------------
def adopt(effective, target, env):
    """The effective policy approaches its target at a finite speed."""
    return effective + env.adoption_speed * (target - effective)
