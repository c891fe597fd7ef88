"""One month of the agents mode: the phases of sim/core/phases.py, each agent deciding for itself.

Every phase calls the agents' methods (sim/abm/agents.py), which call ``sim.rules``; the
organization-wide numbers (team means, overload, acquisition chance) are computed here from the
same rules. The month is measured and its books closed by the core's own functions
(sim/core/measure.py) on the agents packed into arrays of a batch of one.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from .. import rules
from ..core import close_books, customer_metrics
from ..core.batch import most_employees
from ..params import LEVER_RANGE, LEVERS, Policy
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
        target = m.setup.schedule.target_at(min(max(self.month, 0), m.months - 1))
        self.change, moved = 0.0, {}
        for k in LEVERS:
            old = getattr(m.policy, k)
            moved[k] = float(rules.adopt(old, getattr(target, k), m.env))
            self.change += abs(moved[k] - old) / LEVER_RANGE[k]
        m.policy = Policy(**moved)

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
        org_satisfaction = sum(c.satisfaction for c in customers) / max(len(customers), 1)
        team_performance = _team_performance(employees, org_satisfaction)
        seen = [e.seen_orientation() for e in employees if e.frontline]
        seen_mean = sum(seen) / len(seen)
        seen_sd = (sum((x - seen_mean) ** 2 for x in seen) / len(seen)) ** 0.5
        for e in employees:
            e.appraise_and_engage(org_satisfaction, team_performance[e.team])
            e.decide_to_stay(seen_mean, seen_sd)
        self.leavers = [e for e in employees if e.leaving]
        for e in self.leavers:
            e.leave()
            m.employee_in_slot[e.slot] = None
        self.hired, laid_off = _staff(m, len(employees), len(self.leavers), len(self.customers))
        vacant = [slot for slot, e in enumerate(m.employee_in_slot) if e is None]
        for slot in vacant[: self.hired]:  # the lowest vacant slots get the hires
            m.employee_in_slot[slot] = Employee.hire(m, slot, self.month)
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
        month = SimpleNamespace(
            **{
                k: _slots(customers, C, lambda c, k=k: getattr(c, k))
                for k in ("satisfaction", "loyalty", "expectation", "quality")
            }
        )
        month.member = _slots(customers, C, lambda c: c.member, bool)
        month.segment = _slots(customers, C, lambda c: c.segment, np.int8)
        act = _slots(customers, C, lambda c: True, bool)
        churn = _slots(customers, C, lambda c: c.churning, bool)
        self.measured = customer_metrics(month, act, month.quality, churn, np.array([[len(customers)]]))

    def customers_come_and_go(self) -> None:
        m, customers = self.model, self.customers
        self.promoters = sum(c.promoter for c in customers)
        self.detractors = sum(c.detractor for c in customers)
        self.churned = [c for c in customers if c.churning]
        for c in self.churned:
            c.remove()
            m.customer_in_slot[c.slot] = None
        free = [slot for slot, c in enumerate(m.customer_in_slot) if c is None]
        expected = rules.acquisition_expected(
            len(customers), self.promoters, self.detractors, m.sizes.n_customers, m.policy, m.env, self.month
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

        def count(n):
            return np.array([n])

        counts = SimpleNamespace(
            churned=count(len(self.churned)),
            acquired=count(len(self.arrivals)),
            quits=count(sum(e.leaving == "quit" for e in self.leavers)),
            removed=count(sum(e.leaving == "removed" for e in self.leavers)),
            hired=count(self.hired),
            laid_off=count(sum(e.leaving == "laid off" for e in self.leavers)),
            promoters=count(self.promoters),
            detractors=count(self.detractors),
            problems=count(sum(bool(c.problem) for c in customers)),
            recovered=count(sum(bool(c.recovered) for c in customers)),
            lost=count(sum(c.lost_employee for c in customers)),
        )
        st = SimpleNamespace(
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
            st,
            _slots(customers, C, lambda c: c.revenue),
            _slots(customers, C, lambda c: c.service_time),
            counts,
            self.change,
            month,
            self.measured,
            np.array([[m.frontline_count]]),
            np.array([[len(customers)]]),
            m.env,
            C,
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


def _team_performance(employees, org_satisfaction: float) -> dict[int, float]:
    """Mean satisfaction of each team's customers this month (the organization's if none)."""
    sums: dict[int, float] = {}
    served: dict[int, float] = {}
    for e in employees:
        own = 0.0
        for c in e.customers:
            own += c.satisfaction
        sums[e.team] = sums.get(e.team, 0.0) + own
        served[e.team] = served.get(e.team, 0.0) + len(e.customers)
    return {t: sums[t] / served[t] if served[t] > 0 else org_satisfaction for t in sums}


def _replace_supplier(model, customers) -> list[int]:
    """Maybe let the least committed supplier go and select a new one; returns replaced slots."""
    if not model.draw("supplier_replace", 0) < rules.supplier_replacement_probability(model.policy, model.env):
        return []
    worst = min(model.supplier_in_slot, key=lambda s: s.commitment)  # first of equals, like argmin
    new = model.supplier_in_slot[worst.slot] = Supplier.select(model, worst.slot)
    worst.remove()
    for c in customers:
        if c.supplier is worst:
            c.supplier = new
    return [worst.slot]
