"""State arrays of a batch, shaped (scenarios, agents), and their initialisation."""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
from scipy.special import ndtri

from .. import rules
from ..params import LEVERS, Policy, spec
from .batch import Batch, as_columns
from .rng import uniforms

LEAD_MAX = int(spec("environment", "hiring_lead_time")["bounds"][1])  # the longest hiring lead time


@dataclass
class State:
    """Everything that carries over from one month to the next."""

    # employees (S, E)
    orientation: np.ndarray
    skill: np.ndarray
    engagement: np.ndarray
    start: np.ndarray  # month the person in this slot was hired (identity of the slot's holder)
    performance: np.ndarray  # last appraisal, 0..1 (NaN: not appraised yet, e.g. a new hire)
    employed: np.ndarray  # the slot holds an employee (a vacant slot's numbers are kept, never read)
    # customers (S, C)
    active: np.ndarray
    value: np.ndarray
    segment: np.ndarray  # 0 low, 1 mid, 2 high value
    expectation: np.ndarray
    satisfaction: np.ndarray
    loyalty: np.ndarray
    employee: np.ndarray  # slot of the employee who served the customer last
    employee_start: np.ndarray  # that employee's hire month, to notice when they leave
    relationship: np.ndarray  # months in a row with the same employee
    member: np.ndarray  # community membership
    joined: np.ndarray  # month the customer was acquired
    # suppliers (S, P)
    reliability: np.ndarray
    commitment: np.ndarray
    # organization (S, 1)
    policy: Policy  # effective levers, (S, 1) arrays
    fit: np.ndarray  # offer fit with customers' current wants
    pipeline: np.ndarray  # (S, LEAD_MAX) hires on their way, arriving in 1, 2, ... months

    def take(self, index) -> State:
        """The state of the given scenario rows, copied (a row may be taken several times)."""
        index = np.asarray(index)

        def rows(name):
            x = getattr(self, name)
            if name == "policy":
                return as_columns(Policy, {k: getattr(x, k)[index] for k in LEVERS})
            return x[index]

        return State(**{f.name: rows(f.name) for f in fields(self)})


def init_state(batch: Batch, room: int | None = None) -> State:
    """Month-0 state before warm-up: hires from the applicant pool, a mixed customer base.

    ``room``: employee slots of the arrays (default the batch's own ``employee_room``), so that a
    sub-batch can be started with the slots of the batch it belongs to."""
    S, E, C, P = batch.n, room or batch.employee_room, batch.sizes.n_customers, batch.sizes.n_suppliers
    env, seeds, m = batch.env_view(), batch.seeds, -batch.warmup - 1
    pol = batch.target_view(0)
    policy = as_columns(Policy, {k: getattr(pol, k).copy() for k in LEVERS})

    def u(name, n):
        return uniforms(seeds, name, m, n)

    orientation = rules.hire_orientation(ndtri(u("init_employee_orientation", E)), policy, env)
    skill = rules.initial_skill(u("init_employee_skill", E), env)
    engagement = rules.initial_engagement(u("init_employee_engagement", E), env)
    start = rules.initial_start(u("init_employee_tenure", E), m, env).astype(np.int64)

    n0 = np.rint(env.initial_share * C).astype(np.int64)
    active = np.arange(C)[None, :] < n0
    value = rules.customer_value(ndtri(u("init_customer_value", C)), env)
    segment = rules.segment_of(value, env).astype(np.int8)
    expectation = rules.initial_expectation(u("init_customer_expectation", C), env)
    satisfaction = rules.initial_satisfaction(u("init_customer_satisfaction", C), env)
    relationship = np.zeros((S, C))
    member = np.zeros((S, C), dtype=bool)
    loyalty = rules.loyalty_target(satisfaction, relationship, member, env)
    nf = rules.frontline_count(policy, batch.sizes.n_employees)
    employee = rules.assigned_slot(u("init_customer_assign", C), nf).astype(np.int64)
    employee_start = np.take_along_axis(start, employee, axis=1)

    commitment = u("init_supplier_commitment", P)
    reliability = rules.initial_supplier_reliability(u("init_supplier_reliability", P), commitment, policy, env)
    return State(
        orientation,
        skill,
        engagement,
        start,
        np.full((S, E), np.nan),
        np.arange(E)[None, :] < np.full((S, 1), batch.sizes.n_employees),
        active,
        value,
        segment,
        expectation,
        satisfaction,
        loyalty,
        employee,
        employee_start,
        relationship,
        member,
        np.full((S, C), m, dtype=np.int64),
        reliability,
        commitment,
        policy,
        rules.offer_fit_equilibrium(policy, env) * np.ones((S, 1)),
        np.zeros((S, LEAD_MAX), dtype=np.int64),
    )
