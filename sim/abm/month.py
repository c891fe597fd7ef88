"""One month of the agents mode: the phases of sim/core/phases.py, each agent deciding for itself.

Every phase calls the agents' methods (sim/abm/agents.py), which call ``sim.rules``; the
organization-wide numbers (team means, overload, acquisition chance) are computed here from the
same rules. The reductions over many agents (lever adoption, the frontline's reference, own and
team performance, the supplier let go, promoters, the month's counts) and the books are the
core's own functions (sim/core/reductions.py, sim/core/measure.py), called on the agents packed
into arrays of a batch of one.
"""

from __future__ import annotations

import numpy as np

from .. import rules
from ..core import Books, EndOfMonth, Groups, close_books, customer_metrics
from ..core.batch import most_employees
from ..core.records import CustomerArrays
from ..core.reductions import (
    adopt_levers,
    count_month,
    frontline_reference,
    performance_basis,
    promoters_and_detractors,
    supplier_to_replace,
    target_month,
)
from .agents import Customer, Employee, Supplier


def team_means(employees: list[Employee], value) -> dict[int, float]:
    """Mean of ``value(employee)`` per team, summing in slot order (as the core does)."""
    sums: dict[int, float] = {}
    counts: dict[int, int] = {}
    for e in employees:
        sums[e.team] = sums.get(e.team, 0.0) + value(e)
        counts[e.team] = counts.get(e.team, 0) + 1
    return {t: sums[t] / counts[t] for t in sums}


def organise(model) -> int:
    """Frontline count and teams from the effective policy (both modes' agents); returns the team size.

    Employees are ranked by slot (vacant slots skipped): the first ``frontline_count`` face customers,
    consecutive ranks form teams."""
    staff = model.employees
    model.frontline_count = int(rules.frontline_count(model.policy, len(staff)))
    size = int(rules.team_size(model.policy))
    _rank(staff, size, model.frontline_count)
    model.frontline = staff[: model.frontline_count]
    return size


def _rank(staff: list[Employee], size: int, n_frontline: int) -> None:
    """Team and frontline place of each employee by rank (slot order)."""
    for rank, e in enumerate(staff):
        e.team, e.frontline = int(rules.team_of(rank, size)), rank < n_frontline


def _slots(agents, n: int, value, dtype=np.float64) -> np.ndarray:
    """A (1, n) array with ``value(agent)`` at each agent's slot (zero elsewhere)."""
    out = np.zeros((1, n), dtype=dtype)
    for a in agents:
        out[0, a.slot] = value(a)
    return out


class AgentMonth:
    """The month of ``PHASES`` for a CultureModel in agents mode."""

    def __init__(self, model, month: int):
        self.model, self.month = model, month
        model.start_month(month)
        self.row: dict[str, float] = {}

    def move_policy(self) -> None:
        """The effective levers approach the schedule's target; the normalised total change is costed."""
        m = self.model
        target = m.setup.schedule.target_at(target_month(self.month, m.months))
        m.policy, self.change = adopt_levers(m.policy, target, m.env)

    def organise(self) -> None:
        self.team_size = organise(self.model)
        self.employees, self.customers = self.model.employees, self.model.customers  # the month's

    def prepare_employees(self) -> None:
        m, employees = self.model, self.employees
        orientation = team_means(employees, lambda e: e.orientation)
        for e in employees:
            e.learn_and_socialize(orientation[e.team])
        m.overload = float(rules.overload(len(self.customers) / m.frontline_count, m.env))
        incentive = rules.incentive(m.policy, m.env, self.team_size)
        for e in employees:
            e.overload = m.overload if e.frontline else 0.0
            e.prepare(incentive)
        capability = team_means(employees, lambda e: e.capability)
        for e in employees:
            e.get_help(capability[e.team])

    def serve_customers(self) -> None:
        for c in self.customers:
            c.step()

    def review_employees(self) -> None:
        m, employees, customers = self.model, self.employees, self.customers
        E, C = len(m.employee_in_slot), m.sizes.n_customers  # every slot, vacant ones included
        team_of = _slots(employees, E, lambda e: e.team, np.int64)
        own, team = performance_basis(
            _slots(customers, C, lambda c: c.satisfaction),
            _slots(customers, C, lambda c: True, bool),
            _slots(customers, C, lambda c: c.employee.slot, np.int64),  # who served them this month
            np.array([[len(customers)]]),
            team_of,
            Groups(team_of, E),
        )
        seen_mean, seen_sd = frontline_reference(
            _slots(employees, E, lambda e: e.seen_orientation()),
            _slots(employees, E, lambda e: e.frontline, bool),
            np.array([[m.frontline_count]]),
        )
        for e in employees:
            e.appraise_and_engage(float(own[0, e.slot]), float(team[0, e.slot]))
            e.decide_to_stay(float(seen_mean[0, 0]), float(seen_sd[0, 0]))
        self.leavers = [e for e in employees if e.leaving]
        for e in self.leavers:
            e.leave()
            m.employee_in_slot[e.slot] = None
        hired, laid_off = _staff(m, len(employees), len(self.leavers), len(self.customers))
        vacant = [slot for slot, e in enumerate(m.employee_in_slot) if e is None]
        self.hires = [Employee.hire(m, slot, self.month) for slot in vacant[:hired]]  # the lowest vacant slots
        for e in self.hires:
            m.employee_in_slot[e.slot] = e
        staff = m.employees
        exposed = [e for e in staff if e.start != self.month]  # not this month's hires
        laid_off = min(laid_off, len(exposed))
        for e in exposed[len(exposed) - laid_off :]:  # the highest employed slots are laid off
            e.leaving = "laid off"
            e.leave()
            m.employee_in_slot[e.slot] = None
            self.leavers.append(e)
        for e in m.employees if laid_off else ():
            e.engagement = float(rules.survivor_engagement(e.engagement, laid_off / max(len(staff), 1), m.env))
        self.leavers.sort(key=lambda e: e.slot)
        _rank(m.employees, self.team_size, m.frontline_count)  # the hires' places (the month's frontline is kept)

    def review_suppliers(self) -> None:
        m = self.model
        for s in m.supplier_in_slot:
            s.step()
        self.replaced = _replace_supplier(m, self.customers)
        m.fit = rules.offer_fit(m.fit, m.policy, m.env)

    def measure_customers(self) -> None:
        C, customers = self.model.sizes.n_customers, self.customers
        month = CustomerArrays(
            satisfaction=_slots(customers, C, lambda c: c.satisfaction),
            loyalty=_slots(customers, C, lambda c: c.loyalty),
            expectation=_slots(customers, C, lambda c: c.expectation),
            member=_slots(customers, C, lambda c: c.member, bool),
            segment=_slots(customers, C, lambda c: c.segment, np.int8),
        )
        act = _slots(customers, C, lambda c: True, bool)
        churn = _slots(customers, C, lambda c: c.churning, bool)
        quality = _slots(customers, C, lambda c: c.quality)
        self.measured = customer_metrics(month, act, quality, churn, np.array([[len(customers)]]))

    def customers_come_and_go(self) -> None:
        m, customers, C = self.model, self.customers, self.model.sizes.n_customers
        self.promoters, self.detractors = promoters_and_detractors(
            _slots(customers, C, lambda c: c.satisfaction), _slots(customers, C, lambda c: True, bool), m.env
        )
        self.churned = [c for c in customers if c.churning]
        for c in self.churned:
            c.remove()
            m.customer_in_slot[c.slot] = None
        free = [slot for slot, c in enumerate(m.customer_in_slot) if c is None]
        expected = rules.acquisition_expected(
            len(customers), float(self.promoters[0, 0]), float(self.detractors[0, 0]), C, m.policy, m.env, m.clock
        )
        chance = rules.acquisition_chance(expected, len(free))
        self.arrivals = [c for c in (Customer.arrive(m, slot, chance, self.month) for slot in free) if c is not None]
        for c in self.arrivals:
            m.customer_in_slot[c.slot] = c
        m.link_customers()

    def close_books(self) -> None:
        """Log who came and went; the core's books and metrics on the agents packed as a batch of one."""
        m, customers, month = self.model, self.customers, self.month
        if month >= 0:
            m.churn_log[month] = [(c.slot, c.joined) for c in self.churned]
            m.arrival_log[month] = [c.slot for c in self.arrivals]
            m.leaver_log[month] = [(e.slot, e.start) for e in self.leavers]
            m.supplier_log[month] = self.replaced
        C, E, P = m.sizes.n_customers, len(m.employee_in_slot), m.sizes.n_suppliers
        employees, suppliers, now = m.employees, m.supplier_in_slot, m.customers
        counts = count_month(
            _slots(customers, C, lambda c: True, bool),
            _slots(self.churned, C, lambda c: True, bool),
            _slots(self.arrivals, C, lambda c: True, bool),
            _slots(self.leavers, E, lambda e: e.leaving == "quit", bool),
            _slots(self.leavers, E, lambda e: e.leaving == "removed", bool),
            _slots(self.hires, E, lambda e: True, bool),
            _slots(self.leavers, E, lambda e: e.leaving == "laid off", bool),
            self.promoters,
            self.detractors,
            _slots(customers, C, lambda c: c.problem, bool),
            _slots(customers, C, lambda c: c.recovered, bool),
            _slots(customers, C, lambda c: c.lost_employee, bool),
        )
        end = EndOfMonth(
            active=_slots(now, C, lambda c: True, bool),
            member=_slots(now, C, lambda c: c.member, bool),
            commitment=_slots(suppliers, P, lambda s: s.commitment),
            reliability=_slots(suppliers, P, lambda s: s.reliability),
            engagement=_slots(employees, E, lambda e: e.engagement),
            skill=_slots(employees, E, lambda e: e.skill),
            orientation=_slots(employees, E, lambda e: e.orientation),
            employed=_slots(employees, E, lambda e: True, bool),
            fit=np.array([[m.fit]]),
            policy=m.policy,
        )
        row = close_books(
            Books(
                end=end,
                revenue=_slots(customers, C, lambda c: c.revenue),
                service_time=_slots(customers, C, lambda c: c.service_time),
                counts=counts,
                change=np.asarray(self.change),
                month=month,
                measured=self.measured,
                n_frontline=np.array([[m.frontline_count]]),
                n_active=np.array([[len(customers)]]),
                env=m.env,
                n_customers=C,
            )
        )
        self.row = {k: float(v[0]) for k, v in row.items()}


def _staff(model, headcount: int, leavers: int, n_active: int) -> tuple[int, int]:
    """The staffing policy after the month's leavers: hires now and layoffs (``model.pipeline`` holds the
    positions opened earlier, arriving in 1, 2, ... months)."""
    m, pipeline = model, model.pipeline
    arrivals = pipeline.pop(0)
    pipeline.append(0)
    target = int(rules.staffing_target(n_active, m.sizes.n_employees, most_employees(m.sizes), m.policy, m.env))
    replaced = int(rules.replacements(leavers, headcount, arrivals, target))
    opened = int(rules.requisitions(headcount - leavers + replaced + arrivals, sum(pipeline), target))
    lead = int(m.env.hiring_lead_time)
    hires = replaced + arrivals
    if lead > 0:
        pipeline[lead - 1] += opened
    else:
        hires += opened
    hires = min(hires, len(m.employee_in_slot) - (headcount - leavers))
    return hires, int(rules.layoff_count(headcount - leavers + hires, target, m.policy, m.env))


def _replace_supplier(model, customers) -> list[int]:
    """Maybe let the least committed supplier go and select a new one; returns replaced slots."""
    P = model.sizes.n_suppliers
    let_go = supplier_to_replace(
        _slots(model.supplier_in_slot, P, lambda s: s.commitment),
        np.array([[model.draw("supplier_replace", 0)]]),
        model.policy,
        model.env,
    )
    replaced = [int(slot) for slot in np.flatnonzero(let_go[0])]
    for slot in replaced:
        worst = model.supplier_in_slot[slot]
        new = model.supplier_in_slot[slot] = Supplier.select(model, slot)
        worst.remove()
        for c in customers:
            if c.supplier is worst:
                c.supplier = new
    return replaced
