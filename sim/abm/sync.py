"""Vectorised mode: a batch of one in the core, mirrored by CultureModel's agents.

``Mirror`` owns the core's batch and state. After each core month the agents take the arrays'
values; a customer whose slot emptied or was refilled (a new ``joined`` month) is removed, a
new customer gets a new agent, an employee whose slot has a new hire month left and is replaced
by a new agent, a supplier whose commitment changed was replaced. Identities: a customer is
(slot, joined), an employee (slot, start).
"""

from __future__ import annotations

import numpy as np

from ..core import init_state, make_batch, step
from ..params import LEVERS, Policy
from .agents import Customer, Employee, Supplier
from .month import organise


class Mirror:
    """The core's state of one scenario and the model's agents kept equal to it."""

    def __init__(self, model):
        self.model = model
        setup = model.setup
        self.batch = make_batch([setup.env], [setup.schedule], [setup.seed], setup.sizes, setup.months, setup.warmup)
        self.state = init_state(self.batch)
        model.room = self.batch.employee_room

    def warm_up(self) -> None:
        """Run the warm-up months in the core, then create the agents from its state."""
        for month in range(-self.batch.warmup, 0):
            step(self.state, self.batch, month)
        self._create_agents()

    def step(self, month: int) -> dict[str, float]:
        """One core month, then the agents brought to its state; returns the month's metrics."""
        row = {k: float(v[0]) for k, v in step(self.state, self.batch, month).items()}
        self._sync(month)
        return row

    def _organisation(self) -> None:
        m, st = self.model, self.state
        m.policy = Policy(**{k: float(getattr(st.policy, k)[0, 0]) for k in LEVERS})
        m.fit = float(st.fit[0, 0])
        organise(m)

    def _create_agents(self) -> None:
        m, st = self.model, self.state
        m.start_month(m.month)
        for i in range(m.room):
            employed = bool(st.employed[0, i])
            m.employee_in_slot.append(
                Employee(
                    m,
                    i,
                    float(st.orientation[0, i]),
                    float(st.skill[0, i]),
                    float(st.engagement[0, i]),
                    int(st.start[0, i]),
                )
                if employed
                else None
            )
        for j in range(m.sizes.n_suppliers):
            m.supplier_in_slot.append(Supplier(m, j, float(st.reliability[0, j]), float(st.commitment[0, j])))
        self._organisation()
        self._sync_customers()

    def _sync(self, month: int) -> None:
        """Bring the agents to the core's state at the end of ``month``; log churn, arrivals, leavers."""
        model, st = self.model, self.state
        leavers, departed = [], {}
        for i, e in enumerate(model.employee_in_slot):
            start, employed = int(st.start[0, i]), bool(st.employed[0, i])
            if e is not None and (start != e.start or not employed):
                leavers.append((i, e.start))
                departed[(i, e.start)] = e
                e.leave()
                e = model.employee_in_slot[i] = None
            if not employed:
                continue
            if e is None:
                e = model.employee_in_slot[i] = Employee(model, i, 0.0, 0.0, 0.0, start)
            e.orientation, e.skill = float(st.orientation[0, i]), float(st.skill[0, i])
            e.engagement = float(st.engagement[0, i])
            performance = float(st.performance[0, i])
            e.performance = None if np.isnan(performance) else performance
        replaced = []
        for j, s in enumerate(model.supplier_in_slot):
            commitment = float(st.commitment[0, j])
            if commitment != s.commitment:
                replaced.append(j)
                s.remove()
                s = model.supplier_in_slot[j] = Supplier(model, j, 0.0, commitment)
            s.reliability = float(st.reliability[0, j])
        self._organisation()
        churned, arrived = self._sync_customers(departed)
        model.churn_log[month], model.arrival_log[month] = churned, arrived
        model.leaver_log[month], model.supplier_log[month] = leavers, replaced

    def _sync_customers(self, departed: dict | None = None) -> tuple[list, list]:
        """Customers from the arrays; ``departed`` holds this month's leavers by (slot, hire month)."""
        model, st = self.model, self.state
        active, joined = st.active[0], st.joined[0]
        churned, arrived = [], []
        for i in range(model.sizes.n_customers):
            c = model.customer_in_slot[i]
            if c is not None and (not active[i] or int(joined[i]) != c.joined):
                churned.append((i, c.joined))
                c.remove()
                c = model.customer_in_slot[i] = None
            if not active[i]:
                continue
            slot, started = int(st.employee[0, i]), int(st.employee_start[0, i])
            holder = model.employee_in_slot[slot]
            # who served them this month, even if they have just left (the customer notices next month)
            served = holder if holder is not None and holder.start == started else (departed or {}).get((slot, started))
            if served is None:  # left in the last warm-up month, before the agents existed: a stand-in
                served = Employee(model, slot, 0.0, 0.0, 0.0, started)
                served.leave()
            if c is None:
                arrived.append(i)
                c = model.customer_in_slot[i] = Customer(
                    model,
                    i,
                    float(st.value[0, i]),
                    float(st.expectation[0, i]),
                    float(st.satisfaction[0, i]),
                    served,
                    int(joined[i]),
                )
            c.value, c.segment = float(st.value[0, i]), int(st.segment[0, i])
            c.expectation, c.satisfaction, c.loyalty = (
                float(st.expectation[0, i]),
                float(st.satisfaction[0, i]),
                float(st.loyalty[0, i]),
            )
            c.relationship, c.member = float(st.relationship[0, i]), bool(st.member[0, i])
            c.employee = served
            c.supplier = model.supplier_for(i)
        model.link_customers()
        return churned, arrived
