"""Size-free economics (issue #10): every cost scales with the organization, so money per customer
slot does not depend on its size (half and double the default sizes, 1:20 kept)."""

from dataclasses import fields

import numpy as np

from sim.core import Books, Counts, EndOfMonth
from sim.core.finance import COST_CATEGORIES, monthly_finance
from sim.params import LEVERS, Environment, Policy
from sim.steps import step_policy
from sim.validation import baseline, checks


def _books(copies: int):
    """The books of an organization made of ``copies`` identical copies of one small organization."""
    g = np.random.default_rng(5)
    E, C, P = 10, 200, 2
    revenue, time = g.uniform(0, 2000, (1, C)), g.uniform(0, 1, (1, C))
    member, commitment = g.uniform(size=(1, C)) < 0.3, g.uniform(size=(1, P))
    counts = {k: np.zeros(1) for k in (f.name for f in fields(Counts))}
    counts.update(quits=np.array([3.0]), removed=np.array([1.0]), recovered=np.array([7.0]), acquired=np.array([5.0]))
    pol = step_policy(4)
    policy = Policy(**{k: np.array([[getattr(pol, k)]]) for k in LEVERS})
    env = Environment(**{k: np.array([[v]]) for k, v in vars(Environment()).items()})

    def tile(x):
        return np.tile(x, (1, copies))

    people = np.zeros((1, E * copies))  # the books do not read the people's state
    end = EndOfMonth(
        active=tile(member | ~member),
        member=tile(member),
        commitment=tile(commitment),
        reliability=tile(commitment),
        engagement=people,
        skill=people,
        orientation=people,
        fit=np.ones((1, 1)),
        policy=policy,
    )
    return monthly_finance(
        Books(
            end=end,
            revenue=tile(revenue),
            service_time=tile(time),
            counts=Counts(**{k: v * copies for k, v in counts.items()}),
            change=np.array([0.3]),
            month=5,
            measured={},
            frontline=people > 0,
            n_frontline=np.ones((1, 1)),
            n_active=np.array([[C * copies]]),
            env=env,
            n_employees=E * copies,
            n_customers=C * copies,
        )
    )


def test_every_cost_scales_with_the_organization():
    one, three = _books(1), _books(3)
    for k in COST_CATEGORIES + ("revenue", "profit"):
        assert np.allclose(three[k], 3 * one[k], rtol=1e-12), k


def test_npv_per_slot_does_not_depend_on_size_at_every_step():
    # step 1's profit is a small residual of revenue and costs: its NPV needs many replications
    # (64 replications at three sizes: about 30 s on one core)
    r = baseline.npv_per_slot(reps=64)
    assert not checks.size_free(r), checks.size_free(r)
