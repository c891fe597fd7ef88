"""The people of the organization as Mesa agents: what an employee, a customer, a supplier does in a month.

Every formula is a function of ``sim.rules`` called on one agent's numbers, the same functions
the vectorised core calls on arrays. Every random decision reads ``model.draw(decision, slot)``:
the element ``slot`` of the core's counter-based stream for that decision and month, so an agent
decides exactly as the core decides for the same slot.

The month's phases (sim/abm/month.py, the names of sim/core/phases.py) call these methods in
the core's order and compute the few organization-wide numbers (team means, overload,
acquisition chance); the decisions are here.
"""

from __future__ import annotations

import mesa
from scipy.special import ndtri

from .. import rules


class Employee(mesa.Agent):
    """One employee, holding position ``slot``: frontline if the slot is below the frontline count."""

    def __init__(self, model, slot: int, orientation: float, skill: float, engagement: float, start: int):
        super().__init__(model)
        self.slot = slot
        self.orientation = orientation  # customer orientation 0..1 (the culture, in one person)
        self.skill = skill
        self.engagement = engagement
        self.start = start  # month hired
        self.employed = True  # False once they quit or are moved out
        self.team = slot  # set each month by the model: slot // team size
        self.frontline = False  # set each month by the model
        self.overload = 0.0  # time pressure felt this month (frontline only)
        self.capability = 0.0  # what they bring to an encounter this month
        self.customers: list[Customer] = []  # customers served this month (at its end: those now served)
        self.performance: float | None = None  # appraisal this month, 0..1
        self.leaving: str | None = None  # None, "quit", "removed" or "laid off"

    @classmethod
    def initial(cls, model, slot: int) -> Employee:
        """One of the staff in post before warm-up (as the core's init_state draws them)."""
        orientation = rules.hire_orientation(
            ndtri(model.draw("init_employee_orientation", slot)), model.policy, model.env
        )
        start = int(rules.initial_start(model.draw("init_employee_tenure", slot), model.month, model.env))
        return cls(
            model,
            slot,
            orientation,
            rules.initial_skill(model.draw("init_employee_skill", slot), model.env),
            rules.initial_engagement(model.draw("init_employee_engagement", slot), model.env),
            start,
        )

    @classmethod
    def hire(cls, model, slot: int, month: int) -> Employee:
        """A new hire from the applicant pool, shaped by selection and onboarding."""
        orientation = rules.hire_orientation(ndtri(model.draw("hire_orientation", slot)), model.policy, model.env)
        return cls(
            model,
            slot,
            orientation,
            rules.hire_skill(model.draw("hire_skill", slot), model.env),
            model.env.hire_engagement,
            month,
        )

    # ---- the month of an employee, in order -----------------------------------------
    def learn_and_socialize(self, team_orientation: float) -> None:
        """Training and practice build skill; management and the team pull orientation."""
        pol, env = self.model.policy, self.model.env
        self.skill = rules.learn(self.skill, pol, env)
        self.orientation = rules.socialize(self.orientation, team_orientation, pol, env)

    def prepare(self, incentive: float) -> None:
        """Effort follows engagement and pay; capability combines skill, orientation and aimed effort."""
        effort = rules.aimed_effort(self.engagement, incentive, self.model.policy, self.model.env)
        self.capability = rules.capability(self.skill, self.orientation, effort, self.model.env)
        self.customers = []

    def get_help(self, team_capability: float) -> None:
        """With team rewards, colleagues cover part of the gap to the team's mean capability."""
        self.capability = rules.helped(self.capability, team_capability, self.model.policy, self.model.env)

    def appraise_and_engage(self, own_satisfaction: float, team_performance: float) -> None:
        """Measured performance (own and team's) and working conditions move engagement.

        ``own_satisfaction``: the mean satisfaction of this month's customers (the organization's when
        serving none), ``team_performance`` the team's (sim/core/reductions.py ``performance_basis``).
        """
        m, pol, env = self.model, self.model.policy, self.model.env
        own = rules.measured(own_satisfaction, m.draw("measure", self.slot), pol, env)
        self.performance = float(rules.appraisal(own, team_performance, pol))
        target = rules.engagement_target(self.performance, self.overload, pol, env)
        self.engagement = rules.engage(self.engagement, target, env)

    def seen_orientation(self) -> float:
        """Orientation as management measures it this month."""
        return rules.measured(
            self.orientation, self.model.draw("measure_orientation", self.slot), self.model.policy, self.model.env
        )

    def decide_to_stay(self, seen_mean: float, seen_sd: float) -> None:
        """Quit (less likely when engaged), or, on the frontline, be moved out if seen as a misfit
        relative to the frontline (``seen_mean``, ``seen_sd``: its measured orientation)."""
        m, pol, env = self.model, self.model.policy, self.model.env
        self.leaving = None
        if m.draw("quit", self.slot) < rules.quit_probability(self.engagement, self.skill, self.overload, env):
            self.leaving = "quit"
        elif self.frontline:
            if m.draw("misfit", self.slot) < rules.misfit_probability(
                self.seen_orientation(), self.skill, seen_mean, seen_sd, pol, env
            ):
                self.leaving = "removed"

    def leave(self) -> None:
        self.employed = False
        self.remove()


class Customer(mesa.Agent):
    """One customer in slot ``slot``: served by an Employee, supplied by a Supplier, maybe a community member."""

    def __init__(
        self, model, slot: int, value: float, expectation: float, satisfaction: float, employee: Employee, joined: int
    ):
        super().__init__(model)
        env = model.env
        self.slot = slot
        self.value = value  # monthly revenue potential
        self.segment = int(rules.segment_of(value, env))  # 0 low, 1 mid, 2 high value
        self.expectation = expectation
        self.satisfaction = satisfaction
        self.relationship = 0.0  # months in a row with the same employee
        self.member = False  # in the customer community
        self.loyalty = rules.loyalty_target(satisfaction, 0.0, False, env)
        self.employee = employee  # who served them last
        self.supplier = model.supplier_for(slot)
        self.joined = joined
        self.lost_employee = False  # this month: their dedicated employee left
        self.quality = self.service_time = self.revenue = None
        self.problem = self.recovered = self.churning = False

    @classmethod
    def initial(cls, model, slot: int) -> Customer:
        """One of the customer base before warm-up (as the core's init_state draws them)."""
        env = model.env
        value = rules.customer_value(ndtri(model.draw("init_customer_value", slot)), env)
        expectation = rules.initial_expectation(model.draw("init_customer_expectation", slot), env)
        satisfaction = rules.initial_satisfaction(model.draw("init_customer_satisfaction", slot), env)
        return cls(
            model,
            slot,
            value,
            expectation,
            satisfaction,
            model.assigned_employee(slot, "init_customer_assign"),
            model.month,
        )

    @classmethod
    def arrive(cls, model, slot: int, chance: float, month: int) -> Customer | None:
        """A prospect for an empty slot signs up with the month's acquisition chance."""
        if not model.draw("acquire", slot) < chance:
            return None
        value = rules.customer_value(ndtri(model.draw("new_value", slot)), model.env)
        expectation = rules.arrival_expectation(model.draw("new_expectation", slot), max(month, 0), model.env)
        return cls(
            model,
            slot,
            value,
            expectation,
            model.env.new_satisfaction,
            model.assigned_employee(slot, "new_assign"),
            month,
        )

    def step(self) -> None:
        """One month: meet an employee, experience the service, feel, bond, spend, maybe leave."""
        m, pol, env = self.model, self.model.policy, self.model.env

        # Who serves me: my usual employee if still here and the organization keeps us together.
        left = not self.employee.employed
        self.lost_employee = left and bool(rules.dedicated(self.relationship, env))
        keep = (
            not left and self.employee.frontline and m.draw("customer_switch", self.slot) < pol.relationship_continuity
        )
        if keep:
            self.relationship += 1.0
        else:
            self.employee = m.assigned_employee(self.slot)
            self.relationship = 0.0
        self.employee.customers.append(self)

        # The encounter: the employee, time, the supplier's reliability, the offer; problems and recovery.
        cap, reliability = self.employee.capability, self.supplier.reliability
        self.service_time = rules.service_time(self.segment, m.overload, pol, env)
        quality = rules.encounter_quality(
            cap,
            rules.time_quality(self.service_time, env),
            reliability,
            m.fit,
            m.draw("quality_noise", self.slot),
            pol,
            env,
        ) + rules.keep_pace(max(m.month, 0), pol, env)
        self.problem = m.draw("problem", self.slot) < rules.problem_probability(reliability, pol, env)
        self.recovered = self.problem & (m.draw("recovery", self.slot) < rules.recovery_probability(cap, pol, env))
        self.quality = rules.after_problems(quality, self.problem, self.recovered, env)

        # What it does to me: satisfaction against expectations, new expectations, community, loyalty.
        self.satisfaction = rules.satisfy(self.satisfaction, self.quality, self.expectation, self.lost_employee, env)
        self.expectation = rules.expect(self.expectation, self.quality, m.clock, env)
        self.member = bool(rules.community_next(self.member, m.draw("community", self.slot), pol, env))
        target = rules.loyalty_target(self.satisfaction, self.relationship, self.member, env)
        self.loyalty = rules.bind(self.loyalty, target, env)
        self.revenue = rules.spend(self.value, self.loyalty, env)
        self.churning = bool(m.draw("churn", self.slot) < rules.churn_probability(self.loyalty, env, m.clock))


class Supplier(mesa.Agent):
    """A supplier: its reliability drifts toward what its commitment sustains, collaboration lifts it."""

    def __init__(self, model, slot: int, reliability: float, commitment: float):
        super().__init__(model)
        self.slot = slot
        self.reliability = reliability
        self.commitment = commitment  # commitment to service 0..1 (also raises its fee)

    def step(self) -> None:
        self.reliability = rules.supplier_reliability(
            self.reliability, self.commitment, self.model.policy, self.model.env
        )

    @classmethod
    def initial(cls, model, slot: int) -> Supplier:
        """One of the suppliers in place before warm-up (as the core's init_state draws them)."""
        commitment = model.draw("init_supplier_commitment", slot)
        reliability = rules.initial_supplier_reliability(
            model.draw("init_supplier_reliability", slot), commitment, model.policy, model.env
        )
        return cls(model, slot, float(reliability), commitment)

    @classmethod
    def select(cls, model, slot: int) -> Supplier:
        """A new supplier chosen (on commitment, with selection) for the slot of one let go."""
        commitment = rules.new_supplier_commitment(model.draw("supplier_commitment", 0), model.policy, model.env)
        return cls(model, slot, model.env.supplier_reliability, float(commitment))
