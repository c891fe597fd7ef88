"""One month of the organization, for a whole batch at once. No loop over agents.

Order within a month: policy moves toward its target; employees learn and are socialized;
every active customer has one encounter; employees are engaged (or not) by how it went,
some quit or are moved out and are replaced; suppliers change; new customers arrive; the
books are closed. The Mesa agents mode (sim.model) follows the same order.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from scipy.special import ndtri

from .. import rules
from ..params import LEVER_RANGE, LEVERS
from .batch import Batch
from .finance import monthly_finance
from .rng import uniforms, uniforms_at
from .state import State, frontline_count


def _gather(x: np.ndarray, index: np.ndarray) -> np.ndarray:
    """x[s, index[s, j]] for every row s: a flat take (faster than take_along_axis)."""
    offsets = np.arange(x.shape[0])[:, None] * x.shape[1]
    return x.ravel().take(index + offsets)


class Groups:
    """Sums and means over groups within each scenario, via bincount on flattened indices."""

    def __init__(self, index: np.ndarray, n_groups: int):
        S = index.shape[0]
        self.flat = (index + np.arange(S)[:, None] * n_groups).ravel()
        self.shape = (S, n_groups)
        self.size = S * n_groups

    def sum(self, weights: np.ndarray) -> np.ndarray:
        return np.bincount(self.flat, weights=weights.ravel(), minlength=self.size).reshape(self.shape)


def move_policy(state: State, batch: Batch, month: int, env) -> np.ndarray:
    """Effective levers approach the target; returns the total normalised lever change (S,)."""
    target = batch.target_view(month)
    change = np.zeros(batch.n)
    for k in LEVERS:
        old = getattr(state.policy, k)
        new = rules.adopt(old, getattr(target, k), env)
        change += np.abs(new - old)[:, 0] / LEVER_RANGE[k]
        setattr(state.policy, k, new)
    return change


class Organisation:
    """This month's structure of each scenario: who is frontline, the teams, the workload."""

    def __init__(self, st: State, n_employees: int):
        pol = st.policy
        S, E = st.orientation.shape
        self.n_frontline = frontline_count(pol, E)                     # (S, 1)
        self.slots = np.arange(E)[None, :]
        self.frontline = self.slots < self.n_frontline
        self.team_size = np.rint(pol.team_size).astype(np.int64)
        self.team_of = self.slots // self.team_size                    # (S, E)
        self.teams = Groups(self.team_of, E)
        self.team_n = np.maximum(self.teams.sum(np.ones((S, E))), 1.0)
        self.n_active = st.active.sum(axis=1, keepdims=True)           # customers at the month's start

    def team_mean(self, x: np.ndarray) -> np.ndarray:
        """Each employee's team mean of x."""
        return _gather(self.teams.sum(x) / self.team_n, self.team_of)


def step(state: State, batch: Batch, month: int) -> dict[str, np.ndarray]:
    """Advance every scenario of the batch one month; return that month's metrics, each (S,)."""
    E, C = batch.sizes.n_employees, batch.sizes.n_customers
    env, seeds = batch.env_view(), batch.seeds

    def draw(name, n):
        return uniforms(seeds, name, month, n)

    change = move_policy(state, batch, month, env)
    org = Organisation(state, E)
    over, cap = _prepare_employees(state, org, env)
    seen = _serve_customers(state, org, over, cap, env, draw, C, batch.sizes.n_suppliers, month)
    leavers = _review_employees(state, org, over, seen.act, env, draw, E, month)
    _review_suppliers(state, env, draw)
    measured_customers = _customer_metrics(state, seen.act, seen.quality, seen.churn, org.n_active)
    arrived = _customers_come_and_go(state, org, seen, env, draw, seeds, C, month)

    pol = state.policy
    counts = SimpleNamespace(
        churned=seen.churn.sum(axis=1), acquired=arrived.new.sum(axis=1),
        quits=leavers.quits.sum(axis=1), removed=leavers.removed.sum(axis=1), promoters=arrived.promoters[:, 0],
        detractors=arrived.detractors[:, 0], problems=(seen.problem & seen.act).sum(axis=1),
        recovered=(seen.recovered & seen.act).sum(axis=1), lost=seen.lost.sum(axis=1))
    money = monthly_finance(seen.revenue, np.where(seen.act, seen.time, 0.0), counts, state, pol, env, E, C, change,
                            month)
    return _metrics(state, measured_customers, counts, money, org.frontline, org.n_frontline, org.n_active, E)


def _prepare_employees(st: State, org: Organisation, env):
    """Learning and socialization, then what each employee brings to an encounter (after team help)."""
    pol = st.policy
    st.skill = rules.learn(st.skill, pol, env)
    st.orientation = rules.socialize(st.orientation, org.team_mean(st.orientation), pol, env)
    over = rules.overload(org.n_active / org.n_frontline, env)                  # (S, 1)
    incentive = rules.incentive(pol, env, org.team_size)
    cap = rules.capability(st.skill, st.orientation, rules.aimed_effort(st.engagement, incentive, pol))
    return over, rules.helped(cap, org.team_mean(cap), pol, env)


def _serve_customers(st: State, org: Organisation, over, cap, env, draw, C: int, n_suppliers: int, month: int):
    """Every active customer meets an employee, experiences the service, feels, bonds, spends, may churn."""
    pol, act, nf = st.policy, st.active, org.n_frontline
    left = _gather(st.start, st.employee) != st.employee_start          # their employee quit or was moved out
    lost = act & left & (st.relationship >= rules.DEDICATED_AFTER)
    keep = ~left & (st.employee < nf) & (draw("customer_switch", C) < pol.relationship_continuity)
    st.employee = np.where(keep, st.employee, np.floor(draw("customer_assign", C) * nf).astype(np.int64))
    st.employee_start = _gather(st.start, st.employee)
    st.relationship = np.where(keep, st.relationship + 1.0, 0.0)

    cap_c = _gather(cap, st.employee)
    reliability_c = st.reliability[:, np.arange(C) % n_suppliers]
    time = rules.service_time(st.segment, over, pol)
    quality = (rules.encounter_quality(cap_c, time, reliability_c, st.fit, draw("quality_noise", C), pol, env)
               + rules.keep_pace(max(month, 0), pol, env))
    problem = draw("problem", C) < rules.problem_probability(reliability_c, pol, env)
    recovered = problem & (draw("recovery", C) < rules.recovery_probability(cap_c, pol))
    quality = rules.after_problems(quality, problem, recovered, env)
    st.satisfaction = rules.satisfy(st.satisfaction, quality, st.expectation, lost, env)
    st.expectation = rules.expect(st.expectation, quality, month, env)
    st.member = rules.community_next(st.member, draw("community", C), pol) & act
    st.loyalty = rules.bind(st.loyalty, rules.loyalty_target(st.satisfaction, st.relationship, st.member, env), env)
    revenue = np.where(act, rules.spend(st.value, st.loyalty, env), 0.0)
    churn = act & (draw("churn", C) < rules.churn_probability(st.loyalty, env) * rules.warmup_pace(month))
    return SimpleNamespace(act=act, lost=lost, time=time, quality=quality, problem=problem, recovered=recovered,
                           revenue=revenue, churn=churn)


def _review_employees(st: State, org: Organisation, over, act, env, draw, E: int, month: int):
    """Performance from the month's customers, engagement, quits and removals; every vacancy is filled."""
    pol = st.policy
    served = Groups(st.employee, E)
    sat_sum = served.sum(st.satisfaction * act)
    n_served = served.sum(act.astype(np.float64))
    org_sat = (st.satisfaction * act).sum(axis=1, keepdims=True) / np.maximum(org.n_active, 1)
    own = np.where(n_served > 0, sat_sum / np.maximum(n_served, 1.0), org_sat)
    team_sat, team_served = org.teams.sum(sat_sum), org.teams.sum(n_served)
    team_perf = _gather(np.where(team_served > 0, team_sat / np.maximum(team_served, 1.0), org_sat), org.team_of)
    w = pol.team_reward_weight
    performance = np.clip((1.0 - w) * rules.measured(own, draw("measure", E), pol) + w * team_perf, 0.0, 1.0)
    over_e = np.where(org.frontline, over, 0.0)
    st.engagement = rules.engage(st.engagement, rules.engagement_target(performance, over_e, pol, env), env)

    quits = draw("quit", E) < rules.quit_probability(st.engagement, st.skill, over_e, env)
    seen_orientation = rules.measured(st.orientation, draw("measure_orientation", E), pol)
    seen_mean = (seen_orientation * org.frontline).sum(axis=1, keepdims=True) / org.n_frontline
    seen_sd = np.sqrt(np.maximum(((seen_orientation - seen_mean) ** 2 * org.frontline).sum(axis=1, keepdims=True)
                                 / org.n_frontline, 0.0))
    flagged = rules.misfit_probability(seen_orientation, seen_mean, seen_sd, pol, env)
    removed = org.frontline & ~quits & (draw("misfit", E) < flagged)
    leave = quits | removed
    st.orientation = np.where(leave, rules.hire_orientation(ndtri(draw("hire_orientation", E)), pol, env),
                              st.orientation)
    st.skill = np.where(leave, rules.hire_skill(draw("hire_skill", E)), st.skill)
    st.engagement = np.where(leave, rules.HIRE_ENGAGEMENT, st.engagement)
    st.start = np.where(leave, month, st.start)
    st.performance = np.where(leave, np.nan, performance)       # a new hire has not been appraised yet
    return SimpleNamespace(quits=quits, removed=removed)


def _review_suppliers(st: State, env, draw) -> None:
    """Reliability follows collaboration; selection may replace the least committed supplier; offers drift."""
    pol = st.policy
    st.reliability = rules.supplier_reliability(st.reliability, st.commitment, pol, env)
    swap = draw("supplier_replace", 1) < rules.supplier_replacement_probability(pol, env)       # (S, 1)
    worst = np.argmin(st.commitment, axis=1)[:, None]
    is_worst = (np.arange(st.commitment.shape[1])[None, :] == worst) & swap
    st.commitment = np.where(is_worst, rules.new_supplier_commitment(draw("supplier_commitment", 1), pol),
                             st.commitment)
    st.reliability = np.where(is_worst, env.supplier_reliability, st.reliability)
    st.fit = rules.offer_fit(st.fit, pol, env)


def _customers_come_and_go(st: State, org: Organisation, seen, env, draw, seeds, C: int, month: int):
    """Churners leave; word of mouth and marketing bring new customers into free slots."""
    pol, act = st.policy, seen.act
    promoters = (act & (st.satisfaction >= rules.PROMOTER_AT)).sum(axis=1, keepdims=True)
    detractors = (act & (st.satisfaction < rules.DETRACTOR_BELOW)).sum(axis=1, keepdims=True)
    st.active = act & ~seen.churn
    free = ~st.active
    expected = rules.acquisition_expected(org.n_active, promoters, detractors, C, pol, env) * rules.warmup_pace(month)
    chance = np.minimum(1.0, expected / np.maximum(free.sum(axis=1, keepdims=True), 1))
    new = free & (draw("acquire", C) < chance)
    _welcome(st, new, seeds, org.n_frontline, pol, env, month)
    st.active = st.active | new
    st.member = st.member & st.active & ~new           # churned customers leave the community
    return SimpleNamespace(new=new, promoters=promoters, detractors=detractors)


def _welcome(st: State, new, seeds, nf, pol, env, month) -> None:
    """Initialise the slots of newly acquired customers (only those slots are computed)."""
    rows, cols = np.nonzero(new)
    at = SimpleNamespace(value_mean=env.value_mean[rows, 0], value_sigma=env.value_sigma[rows, 0])
    value = rules.customer_value(ndtri(uniforms_at(seeds, "new_value", month, rows, cols)), at)
    st.value[rows, cols] = value
    st.segment[rows, cols] = rules.segment_of(value, at)
    market = rules.market_quality(max(month, 0), SimpleNamespace(
        market_standard=env.market_standard[rows, 0], market_rise=env.market_rise[rows, 0],
        market_rise_time=env.market_rise_time[rows, 0]))
    st.expectation[rows, cols] = market + 0.1 * (uniforms_at(seeds, "new_expectation", month, rows, cols) - 0.5)
    st.satisfaction[rows, cols] = 0.5
    st.loyalty[rows, cols] = rules.loyalty_target(0.5, 0.0, False, env)[rows, 0]
    st.relationship[rows, cols] = 0.0
    employee = np.floor(uniforms_at(seeds, "new_assign", month, rows, cols) * nf[rows, 0]).astype(np.int64)
    st.employee[rows, cols] = employee
    st.employee_start[rows, cols] = st.start[rows, employee]   # others keep theirs: a leaver is noticed next month
    st.joined[rows, cols] = month


def _customer_metrics(st, act, quality, churn, n_active):
    """Means over the month's customers (active at its start), taken before churned slots are refilled.

    Measured after the arrivals, a churned customer's slot taken by a new customer would report
    the newcomer's satisfaction, loyalty and segment in place of the churned customer's.
    """
    n = np.maximum(n_active[:, 0], 1)

    def mean_active(x):
        return (x * act).sum(axis=1) / n

    out = dict(mean_satisfaction=mean_active(st.satisfaction), mean_loyalty=mean_active(st.loyalty),
               mean_expectation=mean_active(st.expectation), service_quality=mean_active(quality),
               community_share=mean_active(st.member))
    for seg, label in enumerate(("low", "mid", "high")):
        in_seg = act & (st.segment == seg)
        k = in_seg.sum(axis=1)
        out[f"loyalty_{label}"] = (st.loyalty * in_seg).sum(axis=1) / np.maximum(k, 1)   # 0 when empty
        out[f"churn_{label}"] = (churn & in_seg).sum(axis=1) / np.maximum(k, 1)
    return out


def _metrics(st, measured_customers, counts, money, frontline, nf, n_active, E):
    """The month's metrics (names as in sim.metrics), each (S,)."""
    n = np.maximum(n_active[:, 0], 1)
    out = dict(money)
    out.update(measured_customers)
    out.update(
        active_customers=st.active.sum(axis=1).astype(np.float64),
        acquired=counts.acquired.astype(np.float64), churned=counts.churned.astype(np.float64),
        churn_rate=counts.churned / n,
        nps=100.0 * (counts.promoters - counts.detractors) / n,
        problem_rate=counts.problems / n,
        recovery_rate=counts.recovered / np.maximum(counts.problems, 1),
        lost_employee=counts.lost / n,
        engagement=st.engagement.mean(axis=1), skill=st.skill.mean(axis=1),
        culture_strength=st.orientation.mean(axis=1), culture_spread=st.orientation.std(axis=1),
        frontline_orientation=(st.orientation * frontline).sum(axis=1) / nf[:, 0],
        quits=counts.quits.astype(np.float64), misfits_removed=counts.removed.astype(np.float64),
        hires=(counts.quits + counts.removed).astype(np.float64),
        employee_turnover=(counts.quits + counts.removed) / E,
        supplier_reliability=st.reliability.mean(axis=1), offer_fit=st.fit[:, 0],
        workload=n_active[:, 0] / nf[:, 0],
    )
    return out
