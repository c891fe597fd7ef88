"""CultureModel: the organization as a Mesa model, in two modes that give the same trajectories.

- ``mode="agents"``: every Employee, Customer and Supplier applies the rules to itself
  (sim/abm/agents.py) in the month's phases (sim/abm/month.py, the names of sim/core/phases.py).
  Readable, slow.
- ``mode="vectorised"``: a batch of one in the core, mirrored by the agents each month
  (sim/abm/sync.py: churned customers removed, new ones created, leavers replaced).

Both read the same counter-based random streams: an agent in slot i uses element i of the
core's draw for that decision and month. Both are measured by the core's own functions.
One ``step()`` is one recorded month; the warm-up months (-warmup .. -1) run in the constructor.
``model.running`` turns False after ``months``.
"""

from __future__ import annotations

import mesa
import networkx as nx
import numpy as np
from mesa.experimental.scenarios import Scenario as MesaScenario

from .. import rules
from ..core import accumulate, run_month, uniforms
from ..core.batch import most_employees
from ..core.state import LEAD_MAX
from ..metrics import SERIES
from ..params import LEVERS, Policy
from .agents import Customer, Employee, Supplier
from .month import AgentMonth, organise
from .setup import resolve
from .sync import Mirror

MODES = ("agents", "vectorised")


class CultureModel(mesa.Model):
    """An organization and its customers and suppliers, one step per month.

    Built from ``setup`` (a Scenario or a scenario file), then keyword changes: ``culture_step``
    (1..5; ``step`` is the same keyword under its older name) or ``schedule`` ([(month, step), ...]
    or "0:1, 12:3"), ``months``, ``warmup``, sizes, any lever or environment parameter by name
    (levers hold through every phase). ``rng``: an int is the scenario seed (batch_run passes it);
    None draws a fresh seed as Mesa does (the model's ``seed`` attribute says which), except that a scenario given
    as ``setup`` keeps its own seed. ``agent_data``: collect the agent-level reporters too (customer
    satisfaction/loyalty/segment, employee engagement/orientation/performance; None for a hire not
    yet appraised).
    """

    def __init__(
        self,
        *,
        setup=None,
        step=None,
        schedule=None,
        mode: str = "agents",
        months=None,
        warmup=None,
        n_employees=None,
        n_customers=None,
        n_suppliers=None,
        rng=None,
        agent_data: bool = True,
        culture_step=None,
        **overrides,
    ):
        mesa_scenario = overrides.pop("scenario", None)  # SolaraViz may hand Mesa's own scenario object
        if mesa_scenario is not None and not isinstance(mesa_scenario, MesaScenario):
            raise TypeError(
                "scenario= is Mesa's own experiment object; pass a culturesim Scenario or scenario file as setup="
            )
        # Mesa refuses an rng that differs from its scenario's; the rng given here is the seed that counts.
        super().__init__(rng=rng, scenario=mesa_scenario if rng is None else None)
        if mode not in MODES:
            raise ValueError(f"mode: must be one of {', '.join(MODES)}, got {mode!r}")
        if step is not None and culture_step is not None:
            raise ValueError("give culture_step (or its older name step), not both")
        if rng is None and mesa_scenario is not None:
            rng = mesa_scenario.rng
        elif rng is None and setup is None:
            rng = self.rng  # as in Mesa: no seed, no scenario given -> a fresh seed from Mesa's own draw
        self.setup = resolve(
            setup,
            culture_step if culture_step is not None else step,
            schedule,
            months,
            warmup,
            dict(n_employees=n_employees, n_customers=n_customers, n_suppliers=n_suppliers),
            rng,
            overrides,
        )
        self.mode, self.env, self.sizes = mode, self.setup.env, self.setup.sizes
        self.months, self.warmup, self.seed = self.setup.months, self.setup.warmup, self.setup.seed
        self.month = -self.warmup - 1
        target = self.setup.schedule.target_at(0)
        self.policy = Policy(**{k: float(getattr(target, k)) for k in LEVERS})  # effective levers
        self.fit = float(rules.offer_fit_equilibrium(self.policy, self.env))  # offer fit, settled at month 0
        self.overload = 0.0  # time pressure on the frontline this month
        self.frontline_count = 1
        self.frontline: list[Employee] = []  # this month's frontline, by rank
        self.room = employee_room(self.setup.schedule, self.sizes)  # employee slots (vacant ones hold None)
        self.pipeline = [0] * LEAD_MAX  # positions opened, arriving in 1, 2, ... months
        self.employee_in_slot: list[Employee | None] = []
        self.customer_in_slot: list[Customer | None] = [None] * self.sizes.n_customers
        self.supplier_in_slot: list[Supplier] = []
        self.latest: dict[str, float] = {}  # the last month's metrics and running totals
        self.totals: dict[str, float] | None = None
        self.churn_log: dict[int, list] = {}  # month -> [(slot, joined)] of churned customers
        self.arrival_log: dict[int, list] = {}  # month -> [slot] of new customers
        self.leaver_log: dict[int, list] = {}  # month -> [(slot, hire month)] of employees who left
        self.supplier_log: dict[int, list] = {}  # month -> [slot] of replaced suppliers
        self._seeds = np.array([self.seed], dtype=np.uint64)
        self._n_draws = max(self.room, self.sizes.n_customers, self.sizes.n_suppliers)
        self._draws: dict[str, list[float]] = {}
        self.mirror = Mirror(self) if mode == "vectorised" else None
        if self.mirror is None:
            self._populate()
            for month in range(-self.warmup, 0):
                run_month(AgentMonth(self, month))
        else:
            self.mirror.warm_up()
        self.month = 0
        self.running = self.months > 0
        self.datacollector = mesa.DataCollector(
            model_reporters={k: _reporter(k) for k in SERIES},
            agenttype_reporters={
                Customer: {"satisfaction": "satisfaction", "loyalty": "loyalty", "segment": "segment"},
                Employee: {"engagement": "engagement", "orientation": "orientation", "performance": "performance"},
            }
            if agent_data
            else None,
        )

    def step(self) -> None:
        """One recorded month (months 0 .. months-1), then collect its data."""
        if self.month >= self.months:
            raise RuntimeError(f"the model has run all its {self.months} months")
        if self.mirror is None:
            row = run_month(AgentMonth(self, self.month))
        else:
            row = self.mirror.step(self.month)
        self.totals = accumulate(self.totals, row)
        self.latest = {**row, **self.totals}
        self.month += 1
        self.running = self.month < self.months
        self.datacollector.collect(self)

    # ---- what agents look up ------------------------------------------------------------
    def start_month(self, month: int) -> None:
        """Set the month whose random draws ``draw`` reads (and the month the paced rules are given)."""
        self.month = month
        self.clock = rules.pacing_month(month, self.warmup)
        self._draws = {}

    def draw(self, decision: str, slot: int) -> float:
        """Element ``slot`` of the core's uniform draw for this decision and the current month."""
        row = self._draws.get(decision)
        if row is None:
            row = self._draws[decision] = uniforms(self._seeds, decision, self.month, self._n_draws)[0].tolist()
        return row[slot]

    def assigned_employee(self, slot: int, decision: str = "customer_assign") -> Employee:
        """The frontline employee a customer in ``slot`` is (re)assigned to this month (new ones: ``new_assign``):
        the month's frontline by rank, or whoever holds that slot now (a leaver if it is vacant: noticed next month)."""
        e = self.frontline[int(rules.assigned_slot(self.draw(decision, slot), self.frontline_count))]
        return self.employee_in_slot[e.slot] or e

    def supplier_for(self, slot: int) -> Supplier:
        return self.supplier_in_slot[slot % len(self.supplier_in_slot)]

    def link_customers(self) -> None:
        """At the month's end each employee's ``customers`` are the active customers they serve."""
        for e in self.employees:
            e.customers = []
        for c in self.customers:
            if c.employee.employed:
                c.employee.customers.append(c)

    @property
    def employees(self) -> list[Employee]:
        """The employees in post, in slot order."""
        return [e for e in self.employee_in_slot if e is not None]

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

    def _populate(self) -> None:
        """The organization before warm-up, as the core's init_state builds it (agents mode)."""
        self.start_month(-self.warmup - 1)
        self.employee_in_slot = [Employee.initial(self, i) for i in range(self.sizes.n_employees)]
        self.employee_in_slot += [None] * (self.room - self.sizes.n_employees)
        self.supplier_in_slot = [Supplier.initial(self, j) for j in range(self.sizes.n_suppliers)]
        organise(self)
        for i in range(int(np.rint(self.env.initial_share * self.sizes.n_customers))):
            self.customer_in_slot[i] = Customer.initial(self, i)


def employee_room(schedule, sizes) -> int:
    """Employee slots: the base headcount, or the largest a staffing policy may reach when the plan
    ever staffs to demand (as the core's ``Batch.employee_room``)."""
    if any(p.policy.staffing_to_demand > 0 for p in schedule.phases):
        return most_employees(sizes)
    return sizes.n_employees


def _reporter(name: str):
    """A model reporter for one metric of the month just stepped."""

    def report(model: CultureModel) -> float:
        return model.latest[name]

    report.__name__ = name
    return report
