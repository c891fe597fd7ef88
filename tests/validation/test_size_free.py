"""Size-free economics (issue #10): every cost scales with the organization, so money per customer
slot does not depend on its size (half and double the default sizes, 1:20 kept); each cost on its
driver (issue 19), so idle capacity costs only the capacity."""

from types import SimpleNamespace

import numpy as np

from sim.core.finance import COST_CATEGORIES, monthly_finance
from sim.params import LEVERS, Environment, replace
from sim.steps import step_policy
from sim.validation import baseline, checks


def _books(copies: int, empty_slots: int = 0, **env_overrides):
    """The books of an organization made of ``copies`` identical copies of one small organization
    (with ``empty_slots`` more customer slots, never filled, after them)."""
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
    env = SimpleNamespace(**{k: np.array([[v]]) for k, v in vars(replace(Environment(), **env_overrides)).items()})

    def tile(x):
        tiled = np.tile(x, (1, copies))
        return (
            np.concatenate([tiled, np.zeros((1, empty_slots), dtype=tiled.dtype)], axis=1) if x.shape[1] == C else tiled
        )

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
        n_customers=C * copies + empty_slots,
        n_active=np.array([[150 * copies]]),  # the customers served: the empty slots serve none
    )
    return monthly_finance(books)


def test_every_cost_scales_with_the_organization():
    one, three = _books(1), _books(3)
    for k in COST_CATEGORIES + ("revenue", "profit"):
        assert np.allclose(three[k], 3 * one[k], rtol=1e-12), k


def test_idle_capacity_costs_only_the_capacity():
    # the same customers, employees, events and market with twice the slots: only the capacity's own
    # cost grows; suppliers, service, marketing and the rest follow what drives them, not the slots
    env = Environment()
    one = _books(1)
    idle = _books(1, empty_slots=200, market_potential=env.market_potential / 2)
    assert idle["cost_capacity"][0] == 2 * one["cost_capacity"][0] == 2 * env.capacity_cost * 200
    for k in COST_CATEGORIES + ("revenue",):
        if k != "cost_capacity":
            assert np.isclose(idle[k][0], one[k][0], rtol=1e-12), k
    assert one["cost_capacity"][0] > 0 and one["cost_suppliers"][0] > 0


def test_npv_per_slot_does_not_depend_on_size_at_every_step():
    # step 1's profit is a small residual of revenue and costs: its NPV needs many replications
    # (64 replications at three sizes: about 30 s on one core)
    r = baseline.npv_per_slot(reps=64)
    assert not checks.size_free(r), checks.size_free(r)
