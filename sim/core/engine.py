"""One month of the organization, for a whole batch at once. No loop over agents.

``ArrayMonth`` implements each phase of sim/core/phases.py ``PHASES`` on (scenarios, agents)
arrays: policy moves toward its target; the organisation is set; employees learn and are
socialized; every active customer has one encounter; employees are engaged (or not) by how it
went, some quit or are moved out and are replaced; suppliers change; the month's customers are
measured; churners leave and new customers arrive; the books are closed. The Mesa agents mode
(sim/abm/month.py) runs the same phases per agent.
"""

from __future__ import annotations

from dataclasses import fields

import numpy as np
from scipy.special import ndtri

from .. import rules
from ..params import Environment
from .batch import Batch, as_columns, most_employees
from .measure import close_books, customer_metrics
from .phases import run_month
from .records import Arrivals, Books, EndOfMonth, Leavers, Served
from .reductions import (
    Groups,
    adopt_levers,
    count_month,
    frontline_reference,
    gather,
    performance_basis,
    promoters_and_detractors,
    supplier_to_replace,
)
from .rng import uniforms, uniforms_at
from .state import State


def move_policy(state: State, batch: Batch, month: int, env) -> np.ndarray:
    """Effective levers approach the target; returns the total normalised lever change (S,)."""
    state.policy, change = adopt_levers(state.policy, batch.target_view(month), env)
    return change[:, 0]


class Organisation:
    """This month's structure of each scenario: who is frontline, the teams, the workload.

    Employees are ranked by slot among the employed (vacant slots skipped): the first
    ``n_frontline`` face customers, consecutive ranks form teams, a customer is assigned a rank.
    """

    def __init__(self, st: State, policy=None):
        pol = st.policy if policy is None else policy
        S, E = st.orientation.shape
        self.headcount = st.employed.sum(axis=1, keepdims=True)  # (S, 1)
        self.n_frontline = rules.frontline_count(pol, self.headcount)  # (S, 1)
        self.rank = np.cumsum(st.employed, axis=1) - 1  # position among the employed
        self.frontline = st.employed & (self.rank < self.n_frontline)
        self.slot_of = np.argsort(~st.employed, axis=1, kind="stable")  # slot of the employee of each rank
        self.team_size = rules.team_size(pol)
        self.team_of = np.where(st.employed, rules.team_of(self.rank, self.team_size), E)  # vacant: group E
        self.teams = Groups(self.team_of, E + 1)
        self.team_n = np.maximum(self.teams.sum(np.ones((S, E))), 1.0)
        self.n_active = st.active.sum(axis=1, keepdims=True)  # customers at the month's start

    def team_mean(self, x: np.ndarray) -> np.ndarray:
        """Each employee's team mean of x."""
        return gather(self.teams.sum(x) / self.team_n, self.team_of)


class ArrayMonth:
    """One month of a whole batch: each phase of ``PHASES`` as a method on the state arrays."""

    def __init__(self, state: State, batch: Batch, month: int):
        self.st, self.batch, self.month = state, batch, month
        self.clock = rules.pacing_month(month, batch.warmup)  # the month the paced rules are given
        self.E, self.C, self.P = state.orientation.shape[1], batch.sizes.n_customers, batch.sizes.n_suppliers
        self.env, self.seeds = batch.env_view(), batch.seeds
        self.row: dict[str, np.ndarray] = {}

    def draw(self, name: str, n: int) -> np.ndarray:
        return uniforms(self.seeds, name, self.month, n)

    def move_policy(self) -> None:
        self.change = move_policy(self.st, self.batch, self.month, self.env)

    def organise(self) -> None:
        self.org = Organisation(self.st)

    def prepare_employees(self) -> None:
        self.over, self.cap = _prepare_employees(self.st, self.org, self.env)

    def serve_customers(self) -> None:
        self.seen = _serve_customers(
            self.st, self.org, self.over, self.cap, self.env, self.draw, self.C, self.P, self.month, self.clock
        )

    def review_employees(self) -> None:
        self.leavers = _review_employees(
            self.st, self.org, self.over, self.seen.act, self.env, self.draw, self.batch, self.month
        )

    def review_suppliers(self) -> None:
        _review_suppliers(self.st, self.env, self.draw)

    def measure_customers(self) -> None:
        seen = self.seen
        self.measured = customer_metrics(self.st, seen.act, seen.quality, seen.churn, self.org.n_active)

    def customers_come_and_go(self) -> None:
        self.arrived = _customers_come_and_go(
            self.st, self.org, self.seen, self.env, self.draw, self.seeds, self.C, self.month, self.clock
        )

    def close_books(self) -> None:
        seen, leavers, arrived, org = self.seen, self.leavers, self.arrived, self.org
        counts = count_month(
            seen.act,
            seen.churn,
            arrived.new,
            leavers.quits,
            leavers.removed,
            leavers.hired,
            leavers.laid_off,
            arrived.promoters,
            arrived.detractors,
            seen.problem,
            seen.recovered,
            seen.lost,
        )
        self.row = close_books(
            Books(
                end=EndOfMonth.of(self.st),
                revenue=seen.revenue,
                service_time=np.where(seen.act, seen.time, 0.0),
                counts=counts,
                change=self.change,
                month=self.month,
                measured=self.measured,
                n_frontline=org.n_frontline,
                n_active=org.n_active,
                env=self.env,
                n_customers=self.C,
            )
        )


def step(state: State, batch: Batch, month: int) -> dict[str, np.ndarray]:
    """Advance every scenario of the batch one month; return that month's metrics, each (S,)."""
    return run_month(ArrayMonth(state, batch, month))


def _prepare_employees(st: State, org: Organisation, env):
    """Learning and socialization, then what each employee brings to an encounter (after team help)."""
    pol, employed = st.policy, st.employed  # a vacant slot keeps its numbers
    st.skill = np.where(employed, rules.learn(st.skill, pol, env), st.skill)
    st.orientation = np.where(
        employed, rules.socialize(st.orientation, org.team_mean(st.orientation), pol, env), st.orientation
    )
    over = rules.overload(org.n_active / org.n_frontline, env)  # (S, 1)
    incentive = rules.incentive(pol, env, org.team_size)
    cap = rules.capability(st.skill, st.orientation, rules.aimed_effort(st.engagement, incentive, pol, env), env)
    return over, rules.helped(cap, org.team_mean(cap), pol, env)


def _serve_customers(
    st: State, org: Organisation, over, cap, env, draw, C: int, n_suppliers: int, month: int, clock: int
) -> Served:
    """Every active customer meets an employee, experiences the service, feels, bonds, spends, may churn."""
    pol, act, nf = st.policy, st.active, org.n_frontline
    # their employee quit, was moved out or laid off
    left = (gather(st.start, st.employee) != st.employee_start) | ~gather(st.employed, st.employee)
    lost = act & left & rules.dedicated(st.relationship, env)
    keep = ~left & gather(org.frontline, st.employee) & (draw("customer_switch", C) < pol.relationship_continuity)
    assigned = gather(org.slot_of, rules.assigned_slot(draw("customer_assign", C), nf).astype(np.int64))
    st.employee = np.where(keep, st.employee, assigned)
    st.employee_start = gather(st.start, st.employee)
    st.relationship = np.where(keep, st.relationship + 1.0, 0.0)

    cap_c = gather(cap, st.employee)
    reliability_c = st.reliability[:, np.arange(C) % n_suppliers]
    time = rules.service_time(st.segment, over, pol, env)
    quality = rules.encounter_quality(
        cap_c, rules.time_quality(time, env), reliability_c, st.fit, draw("quality_noise", C), pol, env
    ) + rules.keep_pace(max(month, 0), pol, env)
    problem = draw("problem", C) < rules.problem_probability(reliability_c, pol, env)
    recovered = problem & (draw("recovery", C) < rules.recovery_probability(cap_c, pol, env))
    quality = rules.after_problems(quality, problem, recovered, env)
    st.satisfaction = rules.satisfy(st.satisfaction, quality, st.expectation, lost, env)
    st.expectation = rules.expect(st.expectation, quality, clock, env)
    st.member = rules.community_next(st.member, draw("community", C), pol, env) & act
    st.loyalty = rules.bind(st.loyalty, rules.loyalty_target(st.satisfaction, st.relationship, st.member, env), env)
    revenue = np.where(act, rules.spend(st.value, st.loyalty, env), 0.0)
    churn = act & (draw("churn", C) < rules.churn_probability(st.loyalty, env, clock))
    return Served(
        act=act,
        lost=lost,
        time=time,
        quality=quality,
        problem=problem,
        recovered=recovered,
        revenue=revenue,
        churn=churn,
    )


def _review_employees(st: State, org: Organisation, over, act, env, draw, batch: Batch, month: int) -> Leavers:
    """Performance from the month's customers, engagement, quits and removals; then the staffing policy
    fills vacancies, opens positions (filled after the lead time) or lays off."""
    pol, employed, E = st.policy, st.employed, st.orientation.shape[1]
    own, team_perf = performance_basis(st.satisfaction, act, st.employee, org.n_active, org.team_of, org.teams)
    performance = rules.appraisal(rules.measured(own, draw("measure", E), pol, env), team_perf, pol)
    over_e = np.where(org.frontline, over, 0.0)
    engaged = rules.engage(st.engagement, rules.engagement_target(performance, over_e, pol, env), env)
    st.engagement = np.where(employed, engaged, st.engagement)

    quits = employed & (draw("quit", E) < rules.quit_probability(st.engagement, st.skill, over_e, env))
    seen_orientation = rules.measured(st.orientation, draw("measure_orientation", E), pol, env)
    seen_mean, seen_sd = frontline_reference(seen_orientation, org.frontline, org.n_frontline)
    flagged = rules.misfit_probability(seen_orientation, st.skill, seen_mean, seen_sd, pol, env)
    removed = org.frontline & ~quits & (draw("misfit", E) < flagged)
    st.employed = employed & ~(quits | removed)
    st.performance = np.where(employed, performance, st.performance)
    hired, n_laid_off = _staff(st, org, env, batch)
    st.orientation = np.where(
        hired, rules.hire_orientation(ndtri(draw("hire_orientation", E)), pol, env), st.orientation
    )
    st.skill = np.where(hired, rules.hire_skill(draw("hire_skill", E), env), st.skill)
    st.engagement = np.where(hired, env.hire_engagement, st.engagement)
    st.start = np.where(hired, month, st.start)
    st.performance = np.where(hired, np.nan, st.performance)  # a new hire has not been appraised yet
    laid_off = _lay_off(st, hired, n_laid_off, env)
    return Leavers(quits=quits, removed=removed, hired=hired, laid_off=laid_off)


def _staff(st: State, org: Organisation, env, batch: Batch):
    """The staffing policy after the month's leavers: which vacant slots get a hire (lowest first) and how
    many employees to lay off; positions opened for later join the pipeline."""
    pol, before = st.policy, org.headcount
    leavers = before - st.employed.sum(axis=1, keepdims=True)
    arrivals = st.pipeline[:, :1].copy()
    st.pipeline = np.concatenate([st.pipeline[:, 1:], np.zeros_like(arrivals)], axis=1)
    target = rules.staffing_target(org.n_active, batch.sizes.n_employees, most_employees(batch.sizes), pol, env)
    replaced = rules.replacements(leavers, before, arrivals, target)
    opened = rules.requisitions(before - leavers + replaced + arrivals, st.pipeline.sum(axis=1, keepdims=True), target)
    lead = env.hiring_lead_time.astype(np.int64)  # (S, 1)
    later = (np.arange(st.pipeline.shape[1])[None, :] == lead - 1) & (lead > 0)
    st.pipeline = st.pipeline + np.where(later, opened, 0)
    n_hires = replaced + arrivals + np.where(lead > 0, 0, opened)
    vacant = ~st.employed
    hired = vacant & (np.cumsum(vacant, axis=1) <= n_hires)
    st.employed = st.employed | hired
    return hired, rules.layoff_count(st.employed.sum(axis=1, keepdims=True), target, pol, env)


def _lay_off(st: State, hired, n_laid_off, env):
    """The highest employed slots (not this month's hires) are laid off; the survivors' engagement drops."""
    headcount = st.employed.sum(axis=1, keepdims=True)
    exposed = st.employed & ~hired
    laid_off = exposed & (np.cumsum(exposed[:, ::-1], axis=1)[:, ::-1] <= n_laid_off)
    st.employed = st.employed & ~laid_off
    n = laid_off.sum(axis=1, keepdims=True)
    shaken = rules.survivor_engagement(st.engagement, n / np.maximum(headcount, 1), env)
    st.engagement = np.where(st.employed & (n > 0), shaken, st.engagement)
    return laid_off


def _review_suppliers(st: State, env, draw) -> None:
    """Reliability follows collaboration; selection may replace the least committed supplier; offers drift."""
    pol = st.policy
    st.reliability = rules.supplier_reliability(st.reliability, st.commitment, pol, env)
    is_worst = supplier_to_replace(st.commitment, draw("supplier_replace", 1), pol, env)
    st.commitment = np.where(
        is_worst, rules.new_supplier_commitment(draw("supplier_commitment", 1), pol, env), st.commitment
    )
    st.reliability = np.where(is_worst, env.supplier_reliability, st.reliability)
    st.fit = rules.offer_fit(st.fit, pol, env)


def _customers_come_and_go(
    st: State, org: Organisation, seen: Served, env, draw, seeds, C: int, month: int, clock: int
) -> Arrivals:
    """Churners leave; word of mouth and marketing bring new customers into free slots."""
    pol, act = st.policy, seen.act
    promoters, detractors = promoters_and_detractors(st.satisfaction, act, env)
    st.active = act & ~seen.churn
    free = ~st.active
    expected = rules.acquisition_expected(org.n_active, promoters, detractors, C, pol, env, clock)
    chance = rules.acquisition_chance(expected, free.sum(axis=1, keepdims=True))
    new = free & (draw("acquire", C) < chance)
    _welcome(st, new, seeds, org, pol, env, month)
    st.active = st.active | new
    st.member = st.member & st.active & ~new  # churned customers leave the community
    return Arrivals(new=new, promoters=promoters, detractors=detractors)


def _welcome(st: State, new, seeds, org: Organisation, pol, env, month) -> None:
    """Initialise the slots of newly acquired customers (only those slots are computed)."""
    rows, cols = np.nonzero(new)
    at = _env_rows(env, rows)  # each new customer's scenario's environment
    value = rules.customer_value(ndtri(uniforms_at(seeds, "new_value", month, rows, cols)), at)
    st.value[rows, cols] = value
    st.segment[rows, cols] = rules.segment_of(value, at)
    st.expectation[rows, cols] = rules.arrival_expectation(
        uniforms_at(seeds, "new_expectation", month, rows, cols), max(month, 0), at
    )
    st.satisfaction[rows, cols] = env.new_satisfaction[rows, 0]
    st.loyalty[rows, cols] = rules.loyalty_target(env.new_satisfaction, 0.0, False, env)[rows, 0]
    st.relationship[rows, cols] = 0.0
    rank = rules.assigned_slot(uniforms_at(seeds, "new_assign", month, rows, cols), org.n_frontline[rows, 0])
    employee = org.slot_of[rows, rank.astype(np.int64)]
    st.employee[rows, cols] = employee
    st.employee_start[rows, cols] = st.start[rows, employee]  # others keep theirs: a leaver is noticed next month
    st.joined[rows, cols] = month


def _env_rows(env: Environment, rows: np.ndarray) -> Environment:
    """The environment of the given scenario rows, one value per row (from (S, 1) columns)."""
    return as_columns(Environment, {f.name: getattr(env, f.name)[rows, 0] for f in fields(env)})
