"""CultureModel: the organization as a Mesa model, in two modes that give the same trajectories.

- ``mode="agents"``: every Employee, Customer and Supplier applies the rules to itself
  (sim/agents.py); the model runs the month in the core's order and computes the few
  organization-wide numbers. Readable, slow.
- ``mode="vectorised"``: the model holds a batch of one in the core (sim/core) and keeps its
  agents in sync each month (churned customers removed, new ones created, leavers replaced).

Both read the same counter-based random streams: an agent in slot i uses element i of the
core's draw for that decision and month. One ``step()`` is one recorded month; the warm-up
months (-warmup .. -1) run in the constructor. ``model.running`` turns False after ``months``.
"""

from __future__ import annotations

from types import SimpleNamespace

import mesa
import networkx as nx
import numpy as np
from mesa.experimental.scenarios import Scenario as MesaScenario

from . import rules
from .agents import Customer, Employee, Supplier, floor_slot, team_means
from .core import init_state, make_batch
from .core.engine import step as core_step
from .core.finance import monthly_finance
from .core.rng import uniforms
from .core.state import frontline_count
from .metrics import SERIES
from .model_metrics import customer_metrics, organization_metrics
from .model_setup import resolve
from .model_sync import agents_from_core, sync_from_core
from .params import LEVER_RANGE, LEVERS

MODES = ("agents", "vectorised")
CUMULATIVE = {"cumulative_discounted_profit": "discounted_profit", "cumulative_acquired": "acquired",
              "cumulative_churned": "churned"}


class CultureModel(mesa.Model):
    """An organization and its customers and suppliers, one step per month.

    Built from ``setup`` (a Scenario or a scenario file), then keyword changes: ``step`` (1..5)
    or ``schedule`` ([(month, step), ...] or "0:1, 12:3"), ``months``, ``warmup``, sizes, any lever
    or environment parameter by name (levers hold through every phase). ``rng``: an int is the
    scenario seed (batch_run passes it); None keeps the scenario's seed. ``agent_data``: collect the
    agent-level reporters too (customer satisfaction/loyalty/segment, employee engagement/orientation/
    performance; None for a hire not yet appraised).
    """

    def __init__(self, *, setup=None, step=None, schedule=None, mode: str = "agents", months=None, warmup=None,
                 n_employees=None, n_customers=None, n_suppliers=None, rng=None, agent_data: bool = True,
                 **overrides):
        mesa_scenario = overrides.pop("scenario", None)     # SolaraViz may hand Mesa's own scenario object
        if mesa_scenario is not None and not isinstance(mesa_scenario, MesaScenario):
            raise TypeError("scenario= is Mesa's own experiment object; pass a culturesim Scenario or "
                            "scenario file as setup=")
        # Mesa refuses an rng that differs from its scenario's; the rng given here is the seed that counts.
        super().__init__(rng=rng, scenario=mesa_scenario if rng is None else None)
        if mode not in MODES:
            raise ValueError(f"mode: must be one of {', '.join(MODES)}, got {mode!r}")
        self.setup = resolve(setup, step, schedule, months, warmup,
                             dict(n_employees=n_employees, n_customers=n_customers, n_suppliers=n_suppliers),
                             rng if rng is not None or mesa_scenario is None else mesa_scenario.rng, overrides)
        self.mode, self.env, self.sizes = mode, self.setup.env, self.setup.sizes
        self.months, self.warmup, self.seed = self.setup.months, self.setup.warmup, self.setup.seed
        self._seeds = np.array([self.seed], dtype=np.uint64)
        self._n_draws = max(self.sizes.n_employees, self.sizes.n_customers, self.sizes.n_suppliers)
        self.month = -self.warmup - 1
        self.latest: dict[str, float] = {}
        self._totals = dict.fromkeys(CUMULATIVE, 0.0)
        self.churn_log: dict[int, list] = {}      # month -> [(slot, joined)] of churned customers
        self.arrival_log: dict[int, list] = {}    # month -> [slot] of new customers
        self.leaver_log: dict[int, list] = {}     # month -> [(slot, hire month)] of employees who left
        self.supplier_log: dict[int, list] = {}   # month -> [slot] of replaced suppliers
        self.employee_in_slot: list[Employee] = []
        self.customer_in_slot: list[Customer | None] = [None] * self.sizes.n_customers
        self.supplier_in_slot: list[Supplier] = []
        if mode == "agents":
            self._populate()
            for month in range(-self.warmup, 0):
                self._month_of_agents(month)
        else:
            self._batch = make_batch([self.env], [self.setup.schedule], self._seeds, self.sizes, self.months,
                                     self.warmup)
            self._state = init_state(self._batch)
            for month in range(-self.warmup, 0):
                core_step(self._state, self._batch, month)
            agents_from_core(self)
        self.month = 0
        self.running = self.months > 0
        self.datacollector = mesa.DataCollector(
            model_reporters={k: _reporter(k) for k in SERIES},
            agenttype_reporters={
                Customer: {"satisfaction": "satisfaction", "loyalty": "loyalty", "segment": "segment"},
                Employee: {"engagement": "engagement", "orientation": "orientation", "performance": "performance"},
            } if agent_data else None)

    # ---- the public month ---------------------------------------------------------------
    def step(self) -> None:
        """One recorded month (months 0 .. months-1), then collect its data."""
        if self.month >= self.months:
            raise RuntimeError(f"the model has run all its {self.months} months")
        if self.mode == "agents":
            row = self._month_of_agents(self.month)
        else:
            row = {k: float(v[0]) for k, v in core_step(self._state, self._batch, self.month).items()}
            sync_from_core(self, self.month)
        for total, monthly in CUMULATIVE.items():
            self._totals[total] += row[monthly]
        self.latest = {**row, **self._totals}
        self.month += 1
        self.running = self.month < self.months
        self.datacollector.collect(self)

    # ---- what agents look up ------------------------------------------------------------
    def draw(self, decision: str, slot: int) -> float:
        """Element ``slot`` of the core's uniform draw for this decision and the current month."""
        row = self._draws.get(decision)
        if row is None:
            row = self._draws[decision] = uniforms(self._seeds, decision, self.month, self._n_draws)[0].tolist()
        return row[slot]

    def assigned_employee(self, slot: int, decision: str = "customer_assign") -> Employee:
        """The frontline employee a customer in ``slot`` is (re)assigned to this month (new ones: ``new_assign``)."""
        return self.employee_in_slot[floor_slot(self.draw(decision, slot), self.frontline_count)]

    def supplier_for(self, slot: int) -> Supplier:
        return self.supplier_in_slot[slot % len(self.supplier_in_slot)]

    def link_customers(self) -> None:
        """At the month's end each employee's ``customers`` are the active customers they serve."""
        for e in self.employee_in_slot:
            e.customers = []
        for c in self.customers:
            if c.employee.employed:
                c.employee.customers.append(c)

    @property
    def customers(self) -> list[Customer]:
        return [c for c in self.customer_in_slot if c is not None]

    def relationship_graph(self) -> nx.Graph:
        """Who serves whom: employee-customer edges ("serves"), supplier-customer edges ("supplies")."""
        g = nx.Graph()
        for agent in self.agents:
            g.add_node(agent.unique_id, kind=type(agent).__name__, slot=agent.slot)
        for c in self.customers:
            if c.employee is not None and c.employee.employed:
                g.add_edge(c.employee.unique_id, c.unique_id, kind="serves")
            g.add_edge(c.supplier.unique_id, c.unique_id, kind="supplies")
        return g

    # ---- agents mode ----------------------------------------------------------------------
    def _start_month(self, month: int) -> None:
        self.month = month
        self._draws: dict[str, list[float]] = {}

    def _organise(self) -> int:
        """Frontline count and teams from the effective policy; returns the (rounded) team size."""
        self.frontline_count = int(frontline_count(self.policy, self.sizes.n_employees))
        team_size = int(np.rint(self.policy.team_size))
        for e in self.employee_in_slot:
            e.team, e.frontline = e.slot // team_size, e.slot < self.frontline_count
        return team_size

    def _populate(self) -> None:
        """The organization before warm-up, as the core's init_state builds it."""
        from scipy.special import ndtri
        self._start_month(-self.warmup - 1)
        env, E, C, P = self.env, self.sizes.n_employees, self.sizes.n_customers, self.sizes.n_suppliers
        target = self.setup.schedule.target_at(0)
        self.policy = SimpleNamespace(**{k: float(getattr(target, k)) for k in LEVERS})
        self.fit, self.overload = float(rules.offer_fit_equilibrium(self.policy, env)), 0.0
        for i in range(E):
            orientation = rules.hire_orientation(ndtri(self.draw("init_employee_orientation", i)), self.policy, env)
            start = -int(np.floor(36 * self.draw("init_employee_tenure", i))) + self.month
            self.employee_in_slot.append(Employee(self, i, orientation, 0.3 + 0.4 * self.draw("init_employee_skill", i),
                                                  0.3 + 0.4 * self.draw("init_employee_engagement", i), start))
        for j in range(P):
            drawn = min(max(env.supplier_reliability + 0.2 * (self.draw("init_supplier_reliability", j) - 0.5),
                            0.0), 1.0)
            commitment = self.draw("init_supplier_commitment", j)
            reliability = float(rules.supplier_reliability_equilibrium(commitment, self.policy, env, drawn))
            self.supplier_in_slot.append(Supplier(self, j, reliability, commitment))
        self._organise()
        for i in range(int(np.rint(env.initial_share * C))):
            value = rules.customer_value(ndtri(self.draw("init_customer_value", i)), env)
            expectation = env.market_standard + 0.1 * (self.draw("init_customer_expectation", i) - 0.5)
            satisfaction = 0.3 + 0.4 * self.draw("init_customer_satisfaction", i)
            employee = self.employee_in_slot[floor_slot(self.draw("init_customer_assign", i), self.frontline_count)]
            self.customer_in_slot[i] = Customer(self, i, value, expectation, satisfaction, employee, self.month)

    def _move_policy(self, month: int) -> float:
        """The effective levers approach the schedule's target; returns the normalised total change."""
        target = self.setup.schedule.target_at(min(max(month, 0), self.months - 1))
        change = 0.0
        for k in LEVERS:
            old = getattr(self.policy, k)
            new = float(rules.adopt(old, getattr(target, k), self.env))
            change += abs(new - old) / LEVER_RANGE[k]
            setattr(self.policy, k, new)
        return change

    def _month_of_agents(self, month: int) -> dict[str, float]:
        """One month in the core's order (sim/core/engine.py: step), each agent deciding for itself."""
        self._start_month(month)
        pol, env = self.policy, self.env
        change = self._move_policy(month)
        team_size = self._organise()
        employees, customers = self.employee_in_slot, self.customers      # the month's customers

        orientation = team_means(employees, lambda e: e.orientation)
        for e in employees:
            e.learn_and_socialize(orientation[e.team])
        self.overload = float(rules.overload(len(customers) / self.frontline_count, env))
        incentive = rules.incentive(pol, env, team_size)
        for e in employees:
            e.overload = self.overload if e.frontline else 0.0
            e.prepare(incentive)
        capability = team_means(employees, lambda e: e.capability)
        for e in employees:
            e.get_help(capability[e.team])

        for c in customers:
            c.step()

        org_satisfaction = sum(c.satisfaction for c in customers) / max(len(customers), 1)
        team_performance = self._team_performance(employees, org_satisfaction)
        seen = [e.seen_orientation() for e in employees if e.frontline]
        seen_mean = sum(seen) / len(seen)
        seen_sd = (sum((x - seen_mean) ** 2 for x in seen) / len(seen)) ** 0.5
        for e in employees:
            e.appraise_and_engage(org_satisfaction, team_performance[e.team])
            e.decide_to_stay(seen_mean, seen_sd)
        leavers = [e for e in employees if e.leaving]
        for e in leavers:
            e.leave()
            hire = self.employee_in_slot[e.slot] = Employee.hire(self, e.slot, month)
            hire.team, hire.frontline = e.team, e.frontline

        for s in self.supplier_in_slot:
            s.step()
        replaced = self._review_suppliers(customers)
        self.fit = rules.offer_fit(self.fit, pol, env)

        measured = customer_metrics(customers)
        promoters, detractors = sum(c.promoter for c in customers), sum(c.detractor for c in customers)
        churned = [c for c in customers if c.churning]
        for c in churned:
            c.remove()
            self.customer_in_slot[c.slot] = None
        free = [slot for slot, c in enumerate(self.customer_in_slot) if c is None]
        expected = (rules.acquisition_expected(len(customers), promoters, detractors, self.sizes.n_customers, pol, env)
                    * rules.warmup_pace(month))
        chance = min(1.0, expected / max(len(free), 1))
        arrivals = [c for c in (Customer.arrive(self, slot, chance, month) for slot in free) if c is not None]
        for c in arrivals:
            self.customer_in_slot[c.slot] = c
        self.link_customers()

        if month >= 0:
            self.churn_log[month] = [(c.slot, c.joined) for c in churned]
            self.arrival_log[month] = [c.slot for c in arrivals]
            self.leaver_log[month] = [(e.slot, e.start) for e in leavers]
            self.supplier_log[month] = replaced
        return self._books(customers, arrivals, leavers, measured, change, month)

    def _team_performance(self, employees, org_satisfaction: float) -> dict[int, float]:
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

    def _review_suppliers(self, customers) -> list[int]:
        """Maybe let the least committed supplier go and select a new one; returns replaced slots."""
        if not self.draw("supplier_replace", 0) < rules.supplier_replacement_probability(self.policy, self.env):
            return []
        worst = min(self.supplier_in_slot, key=lambda s: s.commitment)     # first of equals, like argmin
        new = self.supplier_in_slot[worst.slot] = Supplier.select(self, worst.slot)
        worst.remove()
        for c in customers:
            if c.supplier is worst:
                c.supplier = new
        return [worst.slot]

    def _books(self, customers, arrivals, leavers, measured, change, month) -> dict[str, float]:
        """Finance (the core's own monthly_finance on the agents' numbers) and the month's metrics."""
        now = self.customers
        counts = SimpleNamespace(quits=sum(e.leaving == "quit" for e in leavers),
                                 removed=sum(e.leaving == "removed" for e in leavers),
                                 recovered=sum(bool(c.recovered) for c in customers), acquired=len(arrivals))
        books = SimpleNamespace(member=np.array([[c.member for c in now]], dtype=bool).reshape(1, -1),
                                commitment=np.array([[s.commitment for s in self.supplier_in_slot]]))
        money = monthly_finance(np.array([[c.revenue for c in customers]]).reshape(1, -1),
                                np.array([[c.service_time for c in customers]]).reshape(1, -1),
                                counts, books, self.policy, self.env, self.sizes.n_employees,
                                self.sizes.n_customers, change, month)
        row = {k: float(v[0]) for k, v in money.items()}
        row.update(measured)
        row.update(organization_metrics(customers, len(now), len(arrivals), self.employee_in_slot,
                                        self.frontline_count, self.supplier_in_slot, self.fit, leavers))
        return row


def _reporter(name: str):
    """A model reporter for one metric of the month just stepped."""
    def report(model: CultureModel) -> float:
        return model.latest[name]
    report.__name__ = name
    return report
