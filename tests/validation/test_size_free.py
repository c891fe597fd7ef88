"""Size-free economics (issue #10): every cost scales with the organization, so money per customer
slot does not depend on its size (half and double the default sizes, 1:20 kept)."""

from types import SimpleNamespace

import numpy as np

from sim.core.finance import COST_CATEGORIES, monthly_finance
from sim.params import LEVERS, Environment
from sim.steps import step_policy
from sim.validation import baseline, checks


def _books(copies: int):
    """The books of an organization made of ``copies`` identical copies of one small organization."""
    g = np.random.default_rng(5)
    E, C, P = 10, 200, 2
    revenue, time = g.uniform(0, 2000, (1, C)), g.uniform(0, 1, (1, C))
    member, commitment = g.uniform(size=(1, C)) < 0.3, g.uniform(size=(1, P))
    counts = SimpleNamespace(
        quits=np.array([3.0]),
        removed=np.array([1.0]),
        laid_off=np.array([2.0]),
        hired=np.array([4.0]),
        recovered=np.array([7.0]),
        acquired=np.array([5.0]),
    )
    pol = step_policy(4)
    policy = SimpleNamespace(**{k: np.array([[getattr(pol, k)]]) for k in LEVERS})
    env = SimpleNamespace(**{k: np.array([[v]]) for k, v in vars(Environment()).items()})

    def tile(x):
        return np.tile(x, (1, copies))

    employed = np.ones((1, E), dtype=bool)
    end = SimpleNamespace(member=tile(member), commitment=tile(commitment), employed=tile(employed), policy=policy)
    scaled = SimpleNamespace(**{k: v * copies for k, v in vars(counts).items()})
    books = SimpleNamespace(
        revenue=tile(revenue),
        service_time=tile(time),
        counts=scaled,
        end=end,
        env=env,
        change=np.array([0.3]),
        month=5,
        n_customers=C * copies,
    )
    return monthly_finance(books)


def test_every_cost_scales_with_the_organization():
    one, three = _books(1), _books(3)
    for k in COST_CATEGORIES + ("revenue", "profit"):
        assert np.allclose(three[k], 3 * one[k], rtol=1e-12), k


def test_npv_per_slot_does_not_depend_on_size_at_every_step():
    # step 1's profit is a small residual of revenue and costs: its NPV needs many replications
    # (64 replications at three sizes: about 30 s on one core)
    r = baseline.npv_per_slot(reps=64)
    assert not checks.size_free(r), checks.size_free(r)
