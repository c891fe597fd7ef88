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

SQRT12 = 12.0 ** 0.5


def where(condition, a, b):
    """``np.where``, named here so the compiled core can give it its scalar meaning (a if condition else b)."""
    return np.where(condition, a, b)


def power(x, exponent):
    """``x ** exponent``, named here so the compiled core can multiply out whole exponents (a per-customer
    ``pow`` is its costliest operation; the result differs from ``pow`` in the last bits only)."""
    return x ** exponent


PROMOTER_AT = 0.8     # satisfaction >= 0.8 ~ 9-10 on the 0-10 recommend scale
DETRACTOR_BELOW = 0.5  # satisfaction < 0.5 ~ 0-6 (assumed mapping)
DEDICATED_AFTER = 3    # months with one employee before the customer treats them as "theirs"


# ---------------------------------------------------------------- employees ---------
def culture_target(pol):
    """Orientation the culture pulls toward: a clear vision and customer goals make it customer-focused."""
    return 0.2 + 0.5 * pol.vision_clarity + 0.3 * pol.satisfaction_goals


def socialize(orientation, team_mean, pol, env):
    """Harrison & Carroll (1991): socialization toward the target, coworker pull, decay unless reinforced."""
    pull = env.socialization * (0.2 + 0.8 * pol.communication)
    reinforcement = 0.5 * (pol.values_clarity + pol.recognition)
    new = (orientation + pull * (culture_target(pol) - orientation)
           + env.peer_influence * (team_mean - orientation)
           - env.orientation_decay * (1.0 - reinforcement) * orientation)
    return np.clip(new, 0.0, 1.0)


def learn(skill, pol, env):
    """Skill rises with training and practice, with diminishing returns; it decays slowly."""
    return np.clip(skill + env.learn_rate * (env.learn_by_doing + pol.training) * (1.0 - skill)
                   - env.forget_rate * skill, 0.0, 1.0)


def incentive(pol, env, team_size):
    """Marginal reward for own effort. Team pay dilutes it beyond mutual monitoring (Holmstrom 1982)."""
    individual = 0.3 + 0.7 * pol.service_scorecard          # precision of an individual measure
    team = (0.5 + 0.5 * pol.service_scorecard) * np.minimum(1.0, env.team_monitoring / team_size)
    w = pol.team_reward_weight
    return pol.reward_intensity * ((1.0 - w) * individual + w * team)


def aimed_effort(engagement, incentive_strength, pol):
    """Effort, and the share of it aimed at what customers value (goals, CS-linked pay)."""
    effort = np.clip(engagement * (0.7 + 0.6 * incentive_strength), 0.0, 1.0)
    aim = 0.4 + 0.3 * pol.satisfaction_goals + 0.3 * pol.reward_cs_share
    return effort * aim


def capability(skill, orientation, effort):
    """What an employee brings to an encounter (0..1)."""
    return 0.35 * skill + 0.35 * orientation + 0.30 * effort


def helped(cap, team_mean_cap, pol, env):
    """Team rewards make colleagues cover for weak service: the gap to the team mean shrinks."""
    return cap + env.helping * pol.team_reward_weight * np.maximum(team_mean_cap - cap, 0.0)


def overload(load, env):
    """Time pressure: customers per frontline employee beyond the comfortable load (0..2)."""
    return np.clip(load / env.comfortable_load - 1.0, 0.0, 2.0)


def engagement_target(performance, over, pol, env):
    """Engagement drivers: recognition, empowerment, rewards earned, fair measurement; pressure."""
    drive = (0.15 * pol.recognition + 0.15 * pol.empowerment
             + 0.15 * pol.reward_intensity * performance + 0.10 * pol.service_scorecard
             - 0.20 * over - 0.10 * pol.cost_focus)
    return np.clip(env.engagement_base + env.engagement_effect * drive, 0.0, 1.0)


def engage(engagement, target, env):
    """Engagement moves part of the way toward its target each month (it does not jump)."""
    return engagement + env.engagement_speed * (target - engagement)


def quit_probability(engagement, skill, over, env):
    """Quits fall with engagement; skilled people leave when overloaded (seed 002 downside)."""
    return np.clip(env.quit_base * np.exp(-env.quit_engagement * (engagement - 0.5))
                   * (1.0 + env.overload_flight * skill * over), 0.0, 1.0)


def measured(true_value, u, pol):
    """A performance measure: noisier with a weak scorecard (uniform noise, sd 0.15 at none)."""
    return true_value + 0.15 * (1.0 - pol.service_scorecard) * (u - 0.5) * SQRT12


MISFIT_RATE = 0.05     # monthly removal chance of a flagged employee at full misfit_removal
MISFIT_BELOW = 1.0     # flagged: measured orientation more than this many sd below the frontline's measured mean


SELECTION_GAIN = 1.0   # mean gain of hires, in pool sd, at full selectivity (top ~40% of applicants)


def hire_mean(pol, env):
    """Expected orientation of a hire: selection takes the upper part of the pool; onboarding adds to it."""
    return env.hire_orientation + SELECTION_GAIN * pol.hiring_selectivity * env.hire_orientation_sd + 0.15 * pol.onboarding


def hire_orientation(u_normal_z, pol, env):
    """A hire's orientation: selection raises the mean above the applicant pool and narrows the spread."""
    sd = env.hire_orientation_sd * (1.0 - 0.6 * pol.hiring_selectivity)
    return np.clip(hire_mean(pol, env) + sd * u_normal_z, 0.0, 1.0)


def misfit_probability(measured_orientation, frontline_mean, frontline_sd, pol, env):
    """Chance a frontline employee measured as unsuited is moved out this month (seed 002 key 8).

    Flagged: in the bottom tail of the frontline (more than ``MISFIT_BELOW`` sd below its measured
    mean, about 16%) and below what a hire is expected to bring (removing them must help). So it
    cannot run away: at most about 16% x 5% x 12 = 10% of the frontline a year (GE's "bottom 10%" [S]).
    """
    threshold = np.minimum(frontline_mean - MISFIT_BELOW * frontline_sd, hire_mean(pol, env))
    return where(measured_orientation < threshold, MISFIT_RATE * pol.misfit_removal, 0.0)


def hire_skill(u):
    """A hire's starting skill: uniform between 0.25 and 0.5 (new staff still have to learn)."""
    return 0.25 + 0.25 * u


HIRE_ENGAGEMENT = 0.55   # the honeymoon: new hires start fairly engaged


def initial_skill(u):
    """Skill of the staff in post before warm-up: uniform between 0.3 and 0.7."""
    return 0.3 + 0.4 * u


def initial_engagement(u):
    """Engagement of the staff in post before warm-up: uniform between 0.3 and 0.7."""
    return 0.3 + 0.4 * u


def initial_start(u, month):
    """Hire month of the staff in post before warm-up: up to three years before ``month`` (float)."""
    return -np.floor(36 * u) + month


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


def appraisal(own_measured, team_performance, pol):
    """Performance appraisal: own measured satisfaction blended with the team's by team reward weight."""
    w = pol.team_reward_weight
    return np.clip((1.0 - w) * own_measured + w * team_performance, 0.0, 1.0)


# ---------------------------------------------------------------- customers ---------
def service_time(segment, over, pol):
    """Service time per encounter: spend and targeting raise it, cost focus and overload cut it."""
    target = 1.0 + pol.segment_targeting * (0.6 * (segment == 2) - 0.5 * (segment == 0))
    return (0.3 + pol.service_spend) * (1.0 - 0.4 * pol.cost_focus) * target / np.sqrt(1.0 + over)


def time_quality(t):
    """Diminishing returns of service time."""
    return 1.0 - np.exp(-2.5 * t)


def encounter_quality(cap, t, reliability, fit, u, pol, env):
    """Quality of one encounter before problems (can leave 0..1 a little through noise)."""
    noise = env.quality_noise * (1.0 - 0.5 * pol.values_clarity) * (u - 0.5) * SQRT12
    return (env.employee_effect * cap + env.time_effect * time_quality(t)
            + env.supplier_effect * reliability + env.fit_effect * fit
            - env.hassle_effect * pol.cost_focus + noise)


BACK_OFFICE_REFERENCE = 0.7   # back-office share of staff at which problem_rate applies (step 1)


def problem_probability(reliability, pol, env):
    """Problems come from unreliable supply and cost-cutting processes; the back office prevents some."""
    back_office = 1.0 - env.back_office_effect * ((1.0 - pol.frontline_share) - BACK_OFFICE_REFERENCE)
    return np.clip(env.problem_rate * (2.0 - reliability) * (1.0 + 0.5 * pol.cost_focus) * back_office, 0.0, 1.0)


def recovery_probability(cap, pol):
    """A problem is recovered if heard (voice of customer) and the employee may and can fix it."""
    heard = 0.2 + 0.8 * pol.voice_of_customer
    return heard * (0.1 + 0.8 * pol.empowerment * cap)


def after_problems(quality, problem, recovered, env):
    return quality - env.problem_penalty * (problem & ~recovered) + env.recovery_bonus * recovered


def satisfy(satisfaction, quality, expectation, lost_employee, env):
    """Expectation disconfirmation (Oliver 1980), smoothed; losing one's employee hurts (Heskett 1994)."""
    target = 1.0 / (1.0 + np.exp(-env.satisfaction_slope * (quality - expectation)))
    new = satisfaction + env.satisfaction_speed * (target - satisfaction) - env.lost_employee_drop * lost_employee
    return np.clip(new, 0.0, 1.0)


def market_quality(month, env):
    """The bar customers meet elsewhere: it may rise toward a ceiling (bounded; off by default)."""
    return env.market_standard + env.market_rise * (1.0 - np.exp(-np.maximum(month, 0) / env.market_rise_time))


def keep_pace(month, pol, env):
    """Benchmarking carries competitors' improvements into the organization's own service."""
    return pol.competitor_benchmarking * (market_quality(month, env) - env.market_standard)


WARMUP_PACE = 3.0  # early warm-up: the slow customer processes run this many times faster
WARMUP_SETTLE = 6    # ... until this many months before month 0 (relationships mature at normal pace)


def warmup_pace(month):
    """Speed-up of the slow customer processes (base turnover, expectations) early in the warm-up.

    Their equilibria do not depend on the speed (arrivals and churn scale together; expectations
    settle at the same anchor), so the base and expectations get close to the steady state
    in a quarter of the time; the last ``WARMUP_SETTLE`` months run at normal pace, so that
    customers' tenure and relationships take their steady-state mix.
    """
    return WARMUP_PACE if month < -WARMUP_SETTLE else 1.0


def expect(expectation, quality, month, env):
    """Expectations adapt toward own experience and the market's bar (faster during warm-up)."""
    anchor = env.experience_weight * quality + (1.0 - env.experience_weight) * market_quality(max(month, 0), env)
    return expectation + np.minimum(1.0, warmup_pace(month) * env.expectation_speed) * (anchor - expectation)


def loyalty_target(satisfaction, relationship_months, member, env):
    """Convex in satisfaction (Jones & Sasser 1995) plus relationship and community bonds."""
    bond = (env.relationship_bond * np.minimum(relationship_months / 12.0, 1.0)
            + env.community_bond * member)
    bond = np.minimum(bond, 0.9)
    return power(satisfaction, env.loyalty_convexity) * (1.0 - bond) + bond


def bind(loyalty, target, env):
    """Loyalty moves part of the way toward its target each month (bonds take time)."""
    return loyalty + env.loyalty_speed * (target - loyalty)


def churn_probability(loyalty, env, month=0):
    """Monthly churn hazard: falls with loyalty, rises with competitor pull (faster early in the warm-up)."""
    span = np.maximum(env.churn_ceiling - env.churn_floor, 0.0)
    hazard = np.clip(env.churn_floor + span * power(1.0 - loyalty, env.churn_exponent) * (1.0 + env.competitor_pull), 0.0, 1.0)
    return hazard * warmup_pace(month)


def spend(value, loyalty, env):
    """Loyal customers buy more (cross- and up-selling)."""
    return value * (1.0 + env.cross_sell * loyalty)


def community_next(member, u, pol):
    """Members leave unless programmes keep them; non-members join where programmes run."""
    join = 0.08 * pol.community_programs
    leave = 0.03 + 0.10 * (1.0 - pol.community_programs)
    return where(member, u >= leave, u < join)


# ---------------------------------------------------------------- acquisition -------
def monthly_rate(yearly):
    """A yearly rate (probability per year) as the monthly rate that compounds to it."""
    return 1.0 - (1.0 - np.clip(yearly, 0.0, 1.0)) ** (1.0 / 12.0)


def marketing_reach(pol, env):
    """Innovation leads relative to marketing 0.5: constant elasticity in spend (1 at 0.5)."""
    return (2.0 * pol.marketing) ** env.marketing_elasticity


def acquisition_expected(active, promoters, detractors, capacity, pol, env, month=0):
    """Expected new customers: a flow of Bass leads from the remaining market, converted (faster early in the warm-up).

    Innovation (``bass_p``, per year, driven by marketing spend) and imitation (``bass_q``, per
    year, per promoter share of the market) act on the prospects not yet won (a finite market),
    at monthly rates. Detractors cut conversion (lost word of mouth): a net-negative base loses
    up to half of it.
    """
    potential = env.market_potential * capacity
    remaining = np.maximum(potential - active, 0.0)
    leads = remaining * (monthly_rate(env.bass_p) * marketing_reach(pol, env)
                         + monthly_rate(env.bass_q) * promoters / np.maximum(potential, 1.0))
    net = (promoters - env.detractor_weight * detractors) / np.maximum(active, 1.0)
    return leads * env.conversion * np.clip(1.0 + 0.5 * net, 0.5, 1.0) * warmup_pace(month)


def initial_satisfaction(u):
    """Satisfaction of the customers in the base before warm-up: uniform between 0.3 and 0.7."""
    return 0.3 + 0.4 * u


NEW_SATISFACTION = 0.5   # a new customer starts neutral


def arrival_expectation(u, month, env):
    """A customer's expectation when joining: the market's bar, give or take 0.05."""
    return market_quality(month, env) + 0.1 * (u - 0.5)


def initial_expectation(u, env):
    """Expectation of the customers in the base before warm-up: the month-0 market bar, give or take 0.05."""
    return arrival_expectation(u, 0, env)


def acquisition_chance(expected, n_free):
    """Chance that an empty customer slot is filled this month."""
    return np.minimum(1.0, expected / np.maximum(n_free, 1))


TOP_20_Z = 0.8416      # ndtri(0.8) to four decimals: the top 20% of a normal
BOTTOM_40_Z = -0.2533  # ndtri(0.4) to four decimals: the bottom 40%


def segment_of(value, env):
    """0 low (bottom 40% of the value distribution), 1 mid, 2 high (top 20%)."""
    mu = np.log(np.maximum(env.value_mean, 1e-12)) - 0.5 * env.value_sigma ** 2
    z = (np.log(np.maximum(value, 1e-300)) - mu) / np.maximum(env.value_sigma, 1e-12)
    return where(z >= TOP_20_Z, 2, where(z < BOTTOM_40_Z, 0, 1))


def customer_value(z, env):
    """Lognormal monthly revenue potential with mean value_mean (heavy tail)."""
    return env.value_mean * np.exp(env.value_sigma * z - 0.5 * env.value_sigma ** 2)


# ---------------------------------------------------------------- suppliers ---------
def supplier_reliability(reliability, commitment, pol, env):
    """Collaboration raises reliability; otherwise it drifts to the supplier's own level."""
    own = 0.4 + 0.5 * commitment
    return np.clip(reliability + env.supplier_learning * pol.supplier_collaboration * (1.0 - reliability)
                   + env.supplier_decay * (own - reliability), 0.0, 1.0)


def supplier_reliability_equilibrium(commitment, pol, env, start):
    """Where ``supplier_reliability`` settles for a supplier (``start`` if nothing moves it): the initial state."""
    learning = env.supplier_learning * pol.supplier_collaboration
    pull = learning + env.supplier_decay
    own = 0.4 + 0.5 * commitment
    return where(pull > 0, (learning + env.supplier_decay * own) / np.maximum(pull, 1e-12), start)


def supplier_replacement_probability(pol, env):
    return env.supplier_turnover * pol.supplier_selection


def initial_supplier_reliability(u, commitment, pol, env):
    """Reliability of a supplier in place before warm-up: settled at what the month-0 policy sustains
    for its commitment (the market's, give or take 0.1, when nothing moves reliability)."""
    drawn = np.clip(env.supplier_reliability + 0.2 * (u - 0.5), 0.0, 1.0)
    return supplier_reliability_equilibrium(commitment, pol, env, drawn)


def new_supplier_commitment(u, pol):
    """Selection on commitment brings in suppliers committed to service."""
    return np.clip(u * (1.0 - pol.supplier_selection) + pol.supplier_selection * (0.6 + 0.4 * u), 0.0, 1.0)


# ---------------------------------------------------------------- offer -------------
def fit_learning(pol, env):
    """Monthly recovery of offer fit: listening (VoC) and benchmarking."""
    return env.fit_learning * (0.6 * pol.voice_of_customer + 0.4 * pol.competitor_benchmarking)


def offer_fit(fit, pol, env):
    """Customers' wants drift; listening (VoC) and benchmarking bring the offer back in line."""
    learning = fit_learning(pol, env)
    return fit - env.want_drift * fit + learning * (1.0 - fit)


def offer_fit_equilibrium(pol, env):
    """Where ``offer_fit`` settles (0.5 if nothing moves it): the initial state."""
    learning = fit_learning(pol, env)
    pull = learning + env.want_drift
    return where(pull > 0, learning / np.maximum(pull, 1e-12), 0.5)


# ---------------------------------------------------------------- policy ------------
def adopt(effective, target, env):
    """The effective policy approaches its target at a finite speed."""
    return effective + env.adoption_speed * (target - effective)
